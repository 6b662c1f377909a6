"""The activity list: filters, quick search, the month view's counts, and rows for export.

One query path serves the list, the month view, the recaps and (later) the monthly report, so
the numbers agree wherever they are shown.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, replace
from typing import Any

from peewee import JOIN, fn

from ..models import (
    BentukKegiatan,
    Desa,
    FungsiKegiatan,
    Kegiatan,
    KegiatanDesa,
    KegiatanFoto,
    KegiatanMitra,
    KegiatanSasaran,
    Pendaftar,
    Penugasan,
    ProgramBantuan,
    Rujukan,
)
from ..models.base import fk
from . import kunci_bulan
from .context import Actor
from .kegiatan import kecamatan_of
from .kegiatan_periksa import HAMBATAN, LINGKUP, STATUS
from .pencarian import contains
from .permissions import Aksi, require


@dataclass(frozen=True)
class KegiatanFilter:
    tahun: int | None = None
    bulan: int | None = None  # with tahun
    dari: dt.date | None = None
    sampai: dt.date | None = None
    desa_id: int | None = None
    fungsi_id: int | None = None
    bentuk_id: int | None = None
    program_id: int | None = None
    status: str = ""  # draf | final | "" (all)
    teks: str = ""
    #: The kecamatan a user of the whole kabupaten (Dinas database) looks at; None: the
    #: actor's own (a kecamatan user asking for another kecamatan is refused).
    kecamatan_id: int | None = None


@dataclass(frozen=True)
class KegiatanRow:
    id: int
    tanggal: dt.date
    jam: str
    judul: str
    fungsi: str
    bentuk: str
    program: str
    lokasi: str
    peserta_l: int
    peserta_p: int
    jumlah_sasaran: int
    mitra: str
    uraian: str
    hasil: str
    hambatan: str
    tindak_lanjut: str
    status: str  # label
    jumlah_foto: int
    nomor_rujukan: str
    tksk: str
    terkunci: bool
    versi: int

    @property
    def peserta(self) -> int:
        return self.peserta_l + self.peserta_p


def period(f: KegiatanFilter) -> tuple[dt.date | None, dt.date | None]:
    if f.tahun and f.bulan:
        last = calendar.monthrange(f.tahun, f.bulan)[1]
        return dt.date(f.tahun, f.bulan, 1), dt.date(f.tahun, f.bulan, last)
    if f.tahun:
        return dt.date(f.tahun, 1, 1), dt.date(f.tahun, 12, 31)
    return f.dari, f.sampai


def _query(actor: Actor, f: KegiatanFilter) -> Any:
    q = Kegiatan.select().where(Kegiatan.kecamatan == kecamatan_of(actor, f.kecamatan_id))
    start, end = period(f)
    if start:
        q = q.where(Kegiatan.tanggal >= start)
    if end:
        q = q.where(Kegiatan.tanggal <= end)
    if f.desa_id:
        q = q.where(Kegiatan.id.in_(KegiatanDesa.select(KegiatanDesa.kegiatan)
                                    .where(KegiatanDesa.desa == f.desa_id)))
    if f.fungsi_id:
        q = q.where(Kegiatan.fungsi == f.fungsi_id)
    if f.bentuk_id:
        q = q.where(Kegiatan.bentuk == f.bentuk_id)
    if f.program_id:
        q = q.where(Kegiatan.program == f.program_id)
    if f.status:
        q = q.where(Kegiatan.status == f.status)
    teks = " ".join(f.teks.split())
    if teks:
        q = q.where(contains(Kegiatan.judul, teks) | contains(Kegiatan.uraian, teks)
                    | contains(Kegiatan.hasil, teks) | contains(Kegiatan.tindak_lanjut, teks))
    return q


def count(actor: Actor, f: KegiatanFilter = KegiatanFilter()) -> int:
    require(actor, Aksi.KEGIATAN_LIHAT)
    return int(_query(actor, f).count())


def search(actor: Actor, f: KegiatanFilter = KegiatanFilter(), limit: int | None = None,
           offset: int = 0) -> list[KegiatanRow]:
    require(actor, Aksi.KEGIATAN_LIHAT)
    q = _query(actor, f).order_by(Kegiatan.tanggal.desc(), Kegiatan.jam_mulai.desc(),
                                   Kegiatan.id.desc())
    if limit is not None:
        q = q.limit(limit).offset(offset)
    return rows_for(list(q), kecamatan_of(actor, f.kecamatan_id))


def _q(query: Any) -> Any:
    """A query as an untyped iterable (peewee's stubs do not know ``.tuples()``)."""
    return query


def _names(model: Any) -> dict[int, str]:
    return {r.id: r.nama for r in model.select(model.id, model.nama)}


def rows_for(items: list[Kegiatan], kecamatan_id: int) -> list[KegiatanRow]:
    """Rows for ``items`` in their order, with few queries (one per child table)."""
    ids = [k.id for k in items]
    if not ids:
        return []
    fungsi, bentuk, program = _names(FungsiKegiatan), _names(BentukKegiatan), \
        _names(ProgramBantuan)
    desa_names = _names(Desa)
    places: dict[int, list[str]] = defaultdict(list)
    for kd in KegiatanDesa.select().where(KegiatanDesa.kegiatan.in_(ids)).order_by(
            KegiatanDesa.id):
        places[fk(kd, "kegiatan")].append(desa_names.get(fk(kd, "desa"), "?"))
    partners: dict[int, list[str]] = defaultdict(list)
    for m in KegiatanMitra.select().where(KegiatanMitra.kegiatan.in_(ids)).order_by(
            KegiatanMitra.id):
        partners[fk(m, "kegiatan")].append(m.nama)
    targets: dict[int, int] = dict(_q(
        KegiatanSasaran.select(KegiatanSasaran.kegiatan, fn.COUNT(KegiatanSasaran.id))
        .where(KegiatanSasaran.kegiatan.in_(ids)).group_by(KegiatanSasaran.kegiatan).tuples()))
    photos: dict[int, int] = dict(_q(
        KegiatanFoto.select(KegiatanFoto.kegiatan, fn.COUNT(KegiatanFoto.id))
        .where(KegiatanFoto.kegiatan.in_(ids)).group_by(KegiatanFoto.kegiatan).tuples()))
    letters: dict[int, str] = dict(_q(Rujukan.select(Rujukan.kegiatan, Rujukan.nomor_surat)
                                   .where(Rujukan.kegiatan.in_(ids)).tuples()))
    tksk: dict[int, str] = dict(_q(Penugasan.select(Penugasan.id, Pendaftar.nama)
                                   .join(Pendaftar, JOIN.INNER).tuples()))
    years = {k.tanggal.year for k in items}
    locked = {(y, m) for y in years for m in kunci_bulan.locked_months(kecamatan_id, y)}
    out = []
    for k in items:
        jam = ""
        if k.jam_mulai:
            jam = f"{k.jam_mulai:%H.%M}" + (f"-{k.jam_selesai:%H.%M}" if k.jam_selesai else "")
        lokasi = ", ".join(places[k.id]) if places[k.id] else LINGKUP["kecamatan"]
        hambatan = HAMBATAN.get(k.hambatan_kategori, "") if k.hambatan_kategori else ""
        if k.hambatan:
            hambatan = f"{hambatan}: {k.hambatan}" if hambatan else k.hambatan
        out.append(KegiatanRow(
            k.id, k.tanggal, jam, k.judul, fungsi.get(fk(k, "fungsi"), ""),
            bentuk.get(fk(k, "bentuk"), ""), program.get(fk(k, "program"), ""), lokasi,
            k.peserta_l, k.peserta_p, int(targets.get(k.id, 0)), "; ".join(partners[k.id]),
            k.uraian, k.hasil, hambatan, k.tindak_lanjut, STATUS.get(k.status, k.status),
            int(photos.get(k.id, 0)), letters.get(k.id, ""), tksk.get(fk(k, "penugasan"), ""),
            (k.tanggal.year, k.tanggal.month) in locked, k.versi))
    return out


def per_hari(actor: Actor, tahun: int, bulan: int,
             f: KegiatanFilter = KegiatanFilter()) -> dict[dt.date, int]:
    """Activities per day of a month (the month view), under the same filters as the list."""
    require(actor, Aksi.KEGIATAN_LIHAT)
    scoped = replace(f, tahun=tahun, bulan=bulan, dari=None, sampai=None)
    q: Any = (_query(actor, scoped).select(Kegiatan.tanggal, fn.COUNT(Kegiatan.id))
         .group_by(Kegiatan.tanggal))
    return {d if isinstance(d, dt.date) else dt.date.fromisoformat(str(d)): int(n)
            for d, n in q.tuples()}


def years(actor: Actor, kecamatan_id: int | None = None) -> list[int]:
    """Years that have activities, newest first, always including this year."""
    require(actor, Aksi.KEGIATAN_LIHAT)
    found = {dt.date.today().year}
    d: Any = (Kegiatan.select(fn.MIN(Kegiatan.tanggal))
              .where(Kegiatan.kecamatan == kecamatan_of(actor, kecamatan_id)).scalar())
    if d:
        first = d if isinstance(d, dt.date) else dt.date.fromisoformat(str(d))
        found.update(range(first.year, dt.date.today().year + 1))
    return sorted(found, reverse=True)


@dataclass(frozen=True)
class BentukChoice:
    id: int
    kode: str
    nama: str
    fungsi_id: int
    pasal: str


def bentuk_choices(include_inactive: bool = False) -> list[BentukChoice]:
    """Forms with the function they belong to, in the order of Pasal 6-8 (only valid pairs)."""
    q = (BentukKegiatan.select(BentukKegiatan, FungsiKegiatan)
         .join(FungsiKegiatan).order_by(FungsiKegiatan.urutan, BentukKegiatan.urutan))
    if not include_inactive:
        q = q.where(BentukKegiatan.aktif & FungsiKegiatan.aktif)
    return [BentukChoice(b.id, b.kode, b.nama, fk(b, "fungsi"), b.pasal) for b in q]


@dataclass(frozen=True)
class TkskChoice:
    penugasan_id: int
    label: str
    aktif: bool
    mulai: dt.date
    selesai: dt.date | None


def tksk_choices(actor: Actor, kecamatan_id: int | None = None) -> list[TkskChoice]:
    """The TKSK of this kecamatan (active first) for the activity form."""
    require(actor, Aksi.KEGIATAN_LIHAT)
    from ..models import Pemberhentian

    stops: dict[int, dt.date] = dict(_q(Pemberhentian.select(
        Pemberhentian.penugasan, Pemberhentian.tanggal).tuples()))
    out = []
    q: Any = (Penugasan.select(Penugasan, Pendaftar).join(Pendaftar)
              .where(Penugasan.kecamatan == kecamatan_of(actor, kecamatan_id))
              .order_by(Penugasan.aktif.desc(), Penugasan.mulai.desc()))
    for t in q:
        end = stops.get(t.id) or t.selesai
        term = f"{t.mulai:%d-%m-%Y} s.d. {end:%d-%m-%Y}" if end else f"sejak {t.mulai:%d-%m-%Y}"
        label = f"{t.pendaftar.nama} ({'aktif, ' if t.aktif else ''}{term})"
        out.append(TkskChoice(t.id, label, bool(t.aktif), t.mulai, end))
    return out
