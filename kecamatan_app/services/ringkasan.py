"""The numbers of Pemetaan Sosial > Ringkasan: the counts of the rekap beside the registry per
name (no Qt).

Three sources, always labelled:

* **Dilaporkan desa** and **Temuan TKSK**: the counts of the rekap grid, read through
  :func:`services.rekap.summary` (the same path as the Rekap table).
* **Tercatat per nama**: persons and households of the registry with an active PPKS category
  (status other than ``tidak_lagi``), read by :func:`tercatat_per_nama` with one grouped query.

A person counts once per category; a person with two categories counts once in each, like a
person counted in two columns of the rekap, so the per-desa numbers are sums over the categories
just as the rekap totals are. Only active categories and active desa are counted (the rekap grid
shows no others), and deceased persons are not counted. For a role not named in
``data.peran_data_spesifik`` the specific-data categories (UU PDP Pasal 4) appear as one
"Data spesifik" line, never one by one.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any, NamedTuple

from peewee import JOIN, SQL, Case, fn

from ..models import DataPPKS, Kategori, Keluarga, RiwayatDataPPKS, Warga
from . import lingkup, rekap
from .context import Actor
from .errors import PermissionDenied, ValidationError
from .permissions import Aksi, require
from .registri_cari import can_see_specific

SPESIFIK = "Data spesifik"
SPESIFIK_LABEL = f"{SPESIFIK} (gabungan beberapa jenis)"
TIDAK_LAGI = "tidak_lagi"


@dataclass(frozen=True)
class BarisNama:
    """One line of by-name numbers: a category (``id`` of the category), a desa (``id`` of the
    desa) or the aggregated specific-data line (``id`` None)."""

    id: int | None
    label: str
    orang: int
    keluarga: int

    @property
    def jumlah(self) -> int:
        return self.orang + self.keluarga


@dataclass(frozen=True)
class TercatatPerNama:
    jenis: str
    sampai: dt.date | None  # None: as recorded now
    per_kategori: list[BarisNama]  # every active category, specific ones maybe aggregated (last)
    per_desa: list[BarisNama]  # every active desa
    total: int
    spesifik_digabung: bool  # the specific categories are one "Data spesifik" line


def _status_pada(sampai: dt.date | None) -> Any:
    """The status of a ``DataPPKS`` row as of the end of ``sampai`` (None: now).

    As of a date it is the status of the row's last history entry dated on or before that day;
    a row without any history (written outside the services) counts from its creation time with
    its current status. A row not yet recorded then has no status (NULL)."""
    if sampai is None:
        return DataPPKS.status
    r = RiwayatDataPPKS.alias("r_pada")
    last = (
        r.select(r.status)
        .where((r.data == DataPPKS.id) & (r.tanggal <= sampai))
        .order_by(r.tanggal.desc(), r.id.desc())
        .limit(1)
    )
    any_history = RiwayatDataPPKS.alias("r_ada")
    no_history = ~fn.EXISTS(any_history.select(SQL("1")).where(any_history.data == DataPPKS.id))
    day_after = dt.datetime.combine(sampai + dt.timedelta(days=1), dt.time())
    fallback = Case(None, [(no_history & (DataPPKS.dibuat_pada < day_after), DataPPKS.status)])
    return fn.COALESCE(last, fallback)


def _counts(
    kat_ids: list[int], desa_ids: list[int], sampai: dt.date | None
) -> dict[tuple[int, int], tuple[int, int]]:
    """(category id, desa id) -> (persons, households) with the category active: the one query
    every by-name number is read from."""
    if not kat_ids or not desa_ids:
        return {}
    desa = fn.COALESCE(Warga.desa, Keluarga.desa)
    status = fn.COALESCE(_status_pada(sampai), TIDAK_LAGI)
    q: Any = (  # rows of (category id, desa id, persons, households)
        DataPPKS.select(
            DataPPKS.kategori,
            desa,
            fn.COUNT(fn.DISTINCT(DataPPKS.warga)),
            fn.COUNT(fn.DISTINCT(DataPPKS.keluarga)),
        )
        .join(Warga, JOIN.LEFT_OUTER, on=(DataPPKS.warga == Warga.id))
        .join_from(DataPPKS, Keluarga, JOIN.LEFT_OUTER, on=(DataPPKS.keluarga == Keluarga.id))
        .where(
            DataPPKS.kategori.in_(kat_ids)
            & desa.in_(desa_ids)
            & (status != TIDAK_LAGI)
            & (Warga.id.is_null() | (Warga.meninggal == False))  # noqa: E712
        )
        .group_by(DataPPKS.kategori, desa)
        .tuples()
    )
    return {(int(k), int(d)): (int(o), int(h)) for k, d, o, h in q}


def _spesifik_ids(jenis: str) -> set[int]:
    q = Kategori.select(Kategori.id).where((Kategori.jenis == jenis) & Kategori.data_spesifik)
    return {int(k.id) for k in q}


def tercatat_per_nama(
    actor: Actor, jenis: str = "PPKS", sampai: dt.date | None = None,
    kecamatan_id: int | None = None,
) -> TercatatPerNama:
    """Persons and households recorded by name with an active category, per category and per
    desa, as of the end of ``sampai`` (None: now). Only PPKS are recorded per name with a status.
    Dinas database: the desa of the actor's kecamatan (a kabupaten-wide user: of the chosen
    ``kecamatan_id``)."""
    require(actor, Aksi.REGISTRI_LIHAT)
    if jenis != "PPKS":
        raise ValidationError.single("jenis", "Jumlah tercatat per nama hanya tersedia untuk PPKS.")
    kats = rekap.kategori_list(jenis)
    desas = rekap.desa_list(lingkup.satu_kecamatan(actor, kecamatan_id))
    cells = _counts([k.id for k in kats], [d.id for d in desas], sampai)
    per_kat: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    per_desa: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for (k, d), (orang, kk) in cells.items():
        for into in (per_kat[k], per_desa[d]):
            into[0] += orang
            into[1] += kk
    hide = set() if can_see_specific(actor) else _spesifik_ids(jenis)
    kat_rows = [
        BarisNama(k.id, k.label, *per_kat.get(k.id, (0, 0))) for k in kats if k.id not in hide
    ]
    hidden = [k for k in kats if k.id in hide]
    if hidden:
        kat_rows.append(
            BarisNama(
                None,
                SPESIFIK_LABEL,
                sum(per_kat.get(k.id, (0, 0))[0] for k in hidden),
                sum(per_kat.get(k.id, (0, 0))[1] for k in hidden),
            )
        )
    desa_rows = [BarisNama(d.id, d.nama, *per_desa.get(d.id, (0, 0))) for d in desas]
    total = sum(o + h for o, h in cells.values())
    return TercatatPerNama(jenis, sampai, kat_rows, desa_rows, total, bool(hidden))


# -- counts and names together ------------------------------------------------------------------


class BarisGabungan(NamedTuple):
    """One line of the summary: the two rekap counts and the by-name number (None: the role may
    not see the registry per name)."""

    label: str
    dilaporkan_desa: int
    temuan_tksk: int
    tercatat_per_nama: int | None


@dataclass(frozen=True)
class Gabungan:
    periode: rekap.Periode
    sampai: dt.date | None  # the by-name numbers are as of this day (None: now)
    per_kategori: list[BarisGabungan]  # categories with any number, specific ones maybe joined
    per_desa: list[BarisGabungan]  # every active desa
    total: BarisGabungan
    selisih_terbesar: list[rekap.Selisih]  # where the desa and TKSK counts differ most
    sel_berbeda: int
    per_nama_boleh: bool  # False: the role may not see the registry per name (column None)
    spesifik_digabung: bool

    @property
    def ada_per_nama(self) -> bool:
        """Any person or household recorded by name (and the role may see them)."""
        return bool(self.total.tercatat_per_nama)


def akhir(periode: rekap.Periode) -> dt.date:
    """The last day of ``periode``."""
    if periode.bulan:
        return dt.date(
            periode.tahun, periode.bulan, calendar.monthrange(periode.tahun, periode.bulan)[1]
        )
    if periode.semester == 1:
        return dt.date(periode.tahun, 6, 30)
    return dt.date(periode.tahun, 12, 31)


def _boleh(actor: Actor, aksi: Aksi) -> bool:
    try:
        require(actor, aksi)
    except PermissionDenied:
        return False
    return True


def gabungan(actor: Actor, periode: rekap.Periode, kecamatan_id: int | None = None) -> Gabungan:
    """The PPKS summary of ``periode``: per category and per desa the desa-reported and the
    TKSK-found counts (:func:`rekap.summary`) and the persons/households recorded by name with an
    active category at the end of the period (today for a period not over yet). Dinas database:
    of the actor's kecamatan (a kabupaten-wide user: the chosen ``kecamatan_id``)."""
    s = rekap.summary(actor, periode, kecamatan_id=kecamatan_id)  # requires PEMETAAN_LIHAT
    end = akhir(periode)
    sampai = end if end < dt.date.today() else None
    boleh = _boleh(actor, Aksi.REGISTRI_LIHAT)
    names = tercatat_per_nama(actor, "PPKS", sampai, kecamatan_id) if boleh else None
    hide = set() if can_see_specific(actor) else _spesifik_ids("PPKS")
    by_kat = {b.id: b.jumlah for b in names.per_kategori} if names else {}
    rows: list[BarisGabungan] = []
    counted = {k.id for k, _ in s.per_kategori}
    totals = {k.id: t for k, t in s.per_kategori}
    for k in rekap.kategori_list("PPKS"):
        if k.id in hide:
            continue
        n = by_kat.get(k.id) if names else None
        if k.id in counted or n:
            t = totals.get(k.id, rekap.Total())
            rows.append(BarisGabungan(k.label, t.desa, t.temuan, n))
    joined = [t for k, t in s.per_kategori if k.id in hide]
    n_spesifik = by_kat.get(None) if names else None
    if joined or n_spesifik:
        rows.append(
            BarisGabungan(
                SPESIFIK_LABEL,
                sum(t.desa for t in joined),
                sum(t.temuan for t in joined),
                n_spesifik,
            )
        )
    by_desa = {b.id: b.jumlah for b in names.per_desa} if names else {}
    desa_rows = [
        BarisGabungan(d.nama, t.desa, t.temuan, by_desa.get(d.id, 0) if names else None)
        for d, t in s.per_desa
    ]
    hidden_labels = {k.label for k, _ in s.per_kategori if k.id in hide}
    diffs = [
        rekap.Selisih(x.desa, SPESIFIK, x.jumlah_desa, x.jumlah_temuan)
        if x.kategori in hidden_labels
        else x
        for x in s.selisih_terbesar
    ]
    total = BarisGabungan("Jumlah", s.total.desa, s.total.temuan, names.total if names else None)
    return Gabungan(
        periode, sampai, rows, desa_rows, total, diffs, s.sel_berbeda, boleh, bool(hide)
    )
