"""Recap of activities per function and form per desa for any period (a grid for the screen,
the workbook and, later, the monthly report). An activity held in several desa counts once in
each of them; the total row counts each activity once."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from ..models import BentukKegiatan, Desa, FungsiKegiatan, Kegiatan, KegiatanDesa
from ..models.base import fk
from .context import Actor
from .kegiatan import kecamatan_of
from .kegiatan_daftar import KegiatanFilter, period
from .permissions import Aksi, require

BARIS_KECAMATAN = "Tingkat kecamatan"


@dataclass(frozen=True)
class Kolom:
    bentuk_id: int
    bentuk: str
    fungsi: str


@dataclass
class Baris:
    desa: str
    sel: dict[int, int] = field(default_factory=dict)  # bentuk id -> count

    @property
    def jumlah(self) -> int:
        return sum(self.sel.values())


@dataclass
class RekapKegiatan:
    kolom: list[Kolom]
    baris: list[Baris]  # one per desa (with activities or not), then the kecamatan level
    total: Baris
    status: str


def columns() -> list[Kolom]:
    out = []
    for f in FungsiKegiatan.select().order_by(FungsiKegiatan.urutan, FungsiKegiatan.id):
        for b in (BentukKegiatan.select().where(BentukKegiatan.fungsi == f.id)
                  .order_by(BentukKegiatan.urutan, BentukKegiatan.id)):
            out.append(Kolom(b.id, b.nama, f.nama))
    return out


def per_desa(actor: Actor, dari: dt.date | None, sampai: dt.date | None,
             status: str = "final", kecamatan_id: int | None = None) -> RekapKegiatan:
    """Counts of activities in [dari, sampai] (``status`` "final", "draf" or "" for all) of the
    actor's kecamatan (a kabupaten-wide user of a Dinas database: the chosen one)."""
    require(actor, Aksi.KEGIATAN_LIHAT)
    kec = kecamatan_of(actor, kecamatan_id)
    cols = columns()
    desa = list(Desa.select().where(Desa.kecamatan == kec).order_by(Desa.urutan, Desa.nama))
    rows: dict[int | None, Baris] = {d.id: Baris(d.nama) for d in desa}
    rows[None] = Baris(BARIS_KECAMATAN)
    total = Baris("Jumlah")
    start, end = period(KegiatanFilter(dari=dari, sampai=sampai))
    q = Kegiatan.select().where(Kegiatan.kecamatan == kec)
    if start:
        q = q.where(Kegiatan.tanggal >= start)
    if end:
        q = q.where(Kegiatan.tanggal <= end)
    if status:
        q = q.where(Kegiatan.status == status)
    items = list(q)
    places: dict[int, list[int | None]] = defaultdict(list)
    ids = [k.id for k in items]
    if ids:
        for kd in KegiatanDesa.select().where(KegiatanDesa.kegiatan.in_(ids)):
            places[fk(kd, "kegiatan")].append(fk(kd, "desa"))
    for k in items:
        b = fk(k, "bentuk")
        for d in places.get(k.id) or [None]:
            row = rows.get(d)
            if row is not None:
                row.sel[b] = row.sel.get(b, 0) + 1
        total.sel[b] = total.sel.get(b, 0) + 1
    return RekapKegiatan(cols, list(rows.values()), total, status)
