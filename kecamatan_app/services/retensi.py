"""Retention per record type (UU 27/2022 Pasal 16 and 42-44): which records have passed their
retention, an archive of exactly those records, and their audited purge. No Qt.

:func:`calon` lists per record type the records whose retention ended on a date; :func:`arsipkan`
writes them with their child rows, as stored, into one zip (a workbook and the attachment files
the purge will delete); :func:`musnahkan` checks that zip against the plan and removes the records
in one transaction, with one audit entry per record type. The schedule, the reasons behind it and
what the archive holds: ``docs/retensi-data.md``.

Record types, in the order they are purged (an earlier one may free a later one: an activity that
goes no longer holds its beneficiary):

* ``kegiatan``: activities, ``retensi.kegiatan_tahun`` after the activity date; removed with their
  desa, partners, beneficiaries and photos. An activity that is a referral goes with the referral
  and its history; an open referral is held.
* ``rujukan``: closed referrals, ``retensi.rujukan_tahun`` after the closing step. Anonymised, not
  deleted: the numbered letter (numbers stay gap-free) and its activity stay for the activity
  retention, without client, need, reasons, reply, evidence files, beneficiaries or photos.
* ``warga``: registry persons without an active PPKS record (their own or their household's),
  ``retensi.warga_tahun`` after the last change of the person or of their rows.
* ``keluarga``: households without an active PPKS record whose members are all gone or purged.
* ``psks``: PSKS persons and institutions marked "tidak aktif", the same setting, since the change.
* ``pendaftar``: TKSK candidates never appointed, ``retensi.pendaftar_tahun`` after registration.

Month lock: an activity-module record of a month whose report is "diajukan" is held; of a month
whose report is "disetujui" it is purged only when the report's archived PDF is intact, because
that PDF stays the accountability record (reports and their PDFs are never touched here). A record
still used by a record that is kept (a beneficiary of a kept activity, a partner) is held too.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import decimal
import hashlib
import io
import json
import logging
import os
import zipfile
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from peewee import ForeignKeyField, IntegrityError, fn

from ..models import (
    BantuanDiterima,
    DataPPKS,
    DataPSKS,
    Desa,
    JejakAudit,
    Kategori,
    Kegiatan,
    KegiatanFoto,
    KegiatanSasaran,
    Keluarga,
    Lampiran,
    LampiranIsi,
    LaporanBulanan,
    Pendaftar,
    Penilaian,
    Penugasan,
    RiwayatRujukan,
    Rujukan,
    StatusRegister,
    Warga,
    database,
)
from ..models.base import fk, now
from ..reports import xlsx
from . import audit, kantor, lampiran, lingkup, settings
from .context import Actor
from .ekspor import PERSONAL_DATA_NOTE, ExportFileError
from .errors import Conflict, NotFound, ValidationError
from .formatting import angka, bulan_tahun, tanggal, waktu
from .kunci_bulan import STATUS_TERKUNCI
from .nik import mask_nik
from .permissions import Aksi, require
from .rujukan import STATUS as STATUS_RUJUKAN
from .rujukan import TERBUKA
from .tx import is_sqlite, write

log = logging.getLogger(__name__)

Progress = Callable[[int, int, str], None]
#: A peewee model class (the stubs do not know the fields of a class passed around as a value).
_Model = Any
_Baris = tuple[_Model, dict[str, Any]]

#: What an anonymised referral keeps instead of the client's need and its activity's text.
TANDA_ANONIM = "[data pribadi dimusnahkan: masa simpan berakhir]"
AKSI_ARSIP = "ekspor_arsip_retensi"
AKSI_MUSNAH = "musnah_retensi"
RAHASIA = "RAHASIA - berisi data pribadi"
#: Referral states that close it (see services.rujukan).
DITUTUP = ("ditolak", "selesai", "dibatalkan")


@dataclass(frozen=True)
class Jenis:
    kode: str
    label: str
    kunci: str  # the setting with the retention in years
    model: _Model
    tindakan: str  # "dihapus" | "dianonimkan"
    jam: str  # what starts the clock, in words


JENIS: tuple[Jenis, ...] = (
    Jenis("kegiatan", "Catatan kegiatan", "retensi.kegiatan_tahun", Kegiatan, "dihapus",
          "tanggal kegiatan"),
    Jenis("rujukan", "Rujukan yang sudah ditutup", "retensi.rujukan_tahun", Rujukan,
          "dianonimkan", "rujukan ditutup"),
    Jenis("warga", "Warga tanpa PPKS aktif", "retensi.warga_tahun", Warga, "dihapus",
          "terakhir diubah"),
    Jenis("keluarga", "Keluarga tanpa PPKS aktif", "retensi.warga_tahun", Keluarga, "dihapus",
          "terakhir diubah"),
    Jenis("psks", "PSKS tidak aktif", "retensi.warga_tahun", DataPSKS, "dihapus",
          "terakhir diubah"),
    Jenis("pendaftar", "Calon TKSK yang tidak diangkat", "retensi.pendaftar_tahun", Pendaftar,
          "dihapus", "tanggal pendaftaran"),
)
JENIS_BY_KODE: dict[str, Jenis] = {j.kode: j for j in JENIS}


@dataclass(frozen=True)
class Calon:
    """One record past its retention. ``uraian`` is for the screen (name and masked NIK, never
    the full NIK); ``identitas`` is what the audit trail keeps (initials, masked NIK, a letter
    number). ``alasan_tahan`` not empty: held, neither archived nor purged."""

    jenis: str
    id: int
    uraian: str
    identitas: str
    mulai: dt.date
    berakhir: dt.date  # the first day after the retention
    sidik: str = ""  # SHA-256 of the record and its child rows as stored
    alasan_tahan: str = ""

    @property
    def ditahan(self) -> bool:
        return bool(self.alasan_tahan)

    @property
    def jenis_label(self) -> str:
        return JENIS_BY_KODE[self.jenis].label

    @property
    def tindakan(self) -> str:
        return JENIS_BY_KODE[self.jenis].tindakan


@dataclass(frozen=True)
class RencanaRetensi:
    pada: dt.date
    tahun: dict[str, int]
    baris: tuple[Calon, ...]
    dibuat_pada: dt.datetime

    @property
    def musnah(self) -> list[Calon]:
        return [c for c in self.baris if not c.ditahan]

    @property
    def ditahan(self) -> list[Calon]:
        return [c for c in self.baris if c.ditahan]

    @property
    def kode(self) -> str:
        """Names this plan: the date and every record with its fingerprint."""
        body = json.dumps([self.pada.isoformat(), [[c.jenis, c.id, c.sidik] for c in self.musnah]])
        return hashlib.sha256(body.encode()).hexdigest()

    def jumlah(self) -> dict[str, tuple[int, int]]:
        """Per record type: (to purge, held)."""
        return {j.kode: (sum(1 for c in self.musnah if c.jenis == j.kode),
                         sum(1 for c in self.ditahan if c.jenis == j.kode)) for j in JENIS}

    def ringkasan(self) -> list[str]:
        lines = [f"Data yang melewati masa simpan pada {tanggal(self.pada)}:"]
        for j in JENIS:
            m, h = self.jumlah()[j.kode]
            lines.append(f"- {j.label} (disimpan {self.tahun[j.kode]} tahun sejak {j.jam}): "
                         f"{angka(m)} akan {j.tindakan}" + (f", {angka(h)} ditahan" if h else ""))
        if not self.baris:
            lines.append("Tidak ada data yang melewati masa simpan.")
        return lines


@dataclass(frozen=True)
class Dilewati:
    jenis: str
    id: int
    uraian: str
    alasan: str


@dataclass(frozen=True)
class HasilMusnah:
    arsip: Path
    arsip_sha256: str
    jumlah: dict[str, int]
    dilewati: tuple[Dilewati, ...]
    berkas_dihapus: int
    berkas_tetap: int  # archived files kept because another record still uses them
    berkas_gagal: tuple[str, ...] = ()

    def ringkasan(self) -> list[str]:
        lines = [f"Pemusnahan selesai. Arsip: {self.arsip.name} (SHA-256 {self.arsip_sha256})."]
        for j in JENIS:
            if self.jumlah.get(j.kode):
                lines.append(f"- {j.label}: {angka(self.jumlah[j.kode])} {j.tindakan}")
        lines.append(f"- Berkas lampiran: {angka(self.berkas_dihapus)} dihapus"
                     + (f", {angka(self.berkas_tetap)} tetap disimpan karena masih dipakai data "
                        "lain" if self.berkas_tetap else ""))
        for path in self.berkas_gagal:
            lines.append(f"- Berkas tidak dapat dihapus dari folder lampiran: {path}; hapus "
                         "secara manual.")
        if self.dilewati:
            lines.append(f"Dilewati ({angka(len(self.dilewati))}):")
            lines += [f"- {JENIS_BY_KODE[d.jenis].label} nomor {d.id}: {d.alasan}"
                      for d in self.dilewati]
        return lines


# -- dates and small helpers --------------------------------------------------------------------


def tambah_tahun(day: dt.date, years: int) -> dt.date:
    """``day`` plus ``years`` calendar years (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def _lewat(mulai: dt.date, years: int, pada: dt.date) -> bool:
    """Retention of ``years`` from ``mulai`` has ended on ``pada`` (the anniversary counts)."""
    return tambah_tahun(mulai, years) <= pada


def _batas(pada: dt.date, years: int) -> dt.date:
    """A start date no due record is later than (a generous pre-filter for the queries)."""
    return tambah_tahun(pada, -years) + dt.timedelta(days=2)


def _batas_waktu(pada: dt.date, years: int) -> dt.datetime:
    return dt.datetime.combine(_batas(pada, years), dt.time.min)


def _waktu(value: Any) -> dt.datetime | None:
    if value is None or isinstance(value, dt.datetime):
        return value
    return dt.datetime.fromisoformat(str(value))


def _dicts(query: Any) -> list[dict[str, Any]]:
    return list(query.dicts())


def _tuples(query: Any) -> list[tuple[Any, ...]]:
    return list(query.tuples())


def _per(ids: Collection[int], size: int = 500) -> Iterator[list[int]]:
    items = sorted(ids)
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _inisial(nama: str) -> str:
    """``Budi Santoso`` -> ``B*** S***``: enough to tell entries apart, not to name anyone."""
    parts = [w[0].upper() + "***" for w in nama.split() if w[:1].isalnum()]
    return " ".join(parts) or "***"


def _nik(value: str | None, none: str = "tanpa NIK") -> str:
    return mask_nik(value) if value else none


def _tahun() -> dict[str, int]:
    return {j.kode: int(settings.get(j.kunci)) for j in JENIS}


def _nilai(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, bytes):
        return hashlib.sha256(value).hexdigest()
    return value


# -- evaluation ---------------------------------------------------------------------------------


@dataclass
class _Temuan:
    id: int
    mulai: dt.date
    uraian: str
    identitas: str
    alasan: str = ""


@dataclass
class _Ctx:
    pada: dt.date
    tahun: dict[str, int]
    #: rows that earlier record types of the plan remove or unlink (model -> ids)
    hilang: dict[_Model, set[int]] = field(default_factory=dict)
    kunci: dict[tuple[int, int, int], str] = field(default_factory=dict)
    #: Dinas database: the kecamatan whose records the actor may purge (None: every one; a
    #: kecamatan database: its only one)
    kecamatan: int | None = None

    def di(self, query: Any, kecamatan_field: Any = None, desa_field: Any = None) -> Any:
        """``query`` limited to the actor's kecamatan (by a kecamatan or a desa column)."""
        if self.kecamatan is None:
            return query
        if kecamatan_field is not None:
            return query.where(kecamatan_field == self.kecamatan)
        return query.where(desa_field.in_(lingkup.desa_ids(self.kecamatan)))

    def tandai(self, jenis: str, rows: Sequence[_Baris]) -> None:
        for model, row in _yang_hilang(jenis, rows):
            self.hilang.setdefault(model, set()).add(row["id"])


_REF_LABEL = {"kegiatan_sasaran": "sasaran kegiatan", "rujukan": "klien rujukan",
              "kegiatan_mitra": "mitra kegiatan", "penugasan": "penugasan TKSK"}


def _dirujuk(model: _Model, ids: Collection[int], ctx: _Ctx,
             lewati: Collection[Any] = ()) -> dict[int, str]:
    """Why a record is held: another row that is kept refers to it (RESTRICT foreign keys)."""
    out: dict[int, str] = {}
    for ref_field in model._meta.backrefs:
        if ref_field.on_delete in ("CASCADE", "SET NULL") or any(ref_field is x for x in lewati):
            continue  # (``in`` would compare fields with ``==``, which builds an expression)
        ref = ref_field.model
        gone = ctx.hilang.get(ref, set())
        name = ref._meta.table_name
        for chunk in _per(ids):
            for row in ref.select().where(ref_field.in_(chunk)).dicts():
                target = row[ref_field.name]
                if row["id"] in gone or target in out:
                    continue
                nomor = row.get("kegiatan", row["id"])
                out[target] = (f"masih dipakai sebagai {_REF_LABEL.get(name, name)} (nomor "
                               f"{'kegiatan ' if 'kegiatan' in row else ''}{nomor}) yang masa "
                               "simpannya belum berakhir.")
    return out


def _arsip_utuh(lap: LaporanBulanan) -> bool:
    if not fk(lap, "arsip_pdf") or not lap.arsip_sha256:
        return False
    try:
        data = lampiran.read(fk(lap, "arsip_pdf"))
    except NotFound:
        return False
    return hashlib.sha256(data).hexdigest() == lap.arsip_sha256


def _kunci(ctx: _Ctx, kecamatan_id: int, days: Sequence[dt.date]) -> str:
    """The month-lock reason that holds a record dated ``days`` ("" when none)."""
    for y, m in sorted({(d.year, d.month) for d in days}):
        key = (kecamatan_id, y, m)
        if key not in ctx.kunci:
            lap = (LaporanBulanan.select()
                   .where((LaporanBulanan.kecamatan == kecamatan_id)
                          & (LaporanBulanan.tahun == y) & (LaporanBulanan.bulan == m)
                          & LaporanBulanan.status.in_(STATUS_TERKUNCI)).first())
            alasan = ""
            if lap is not None and lap.status == "diajukan":
                alasan = (f"laporan bulanan {bulan_tahun(y, m)} sedang diajukan dan menunggu "
                          "pemeriksaan Camat; ditahan sampai laporan itu disetujui atau "
                          "dikembalikan.")
            elif lap is not None and not _arsip_utuh(lap):
                alasan = (f"laporan bulanan {bulan_tahun(y, m)} sudah disetujui tetapi arsip "
                          "PDF-nya tidak ada atau rusak; ditahan agar laporan itu tetap dapat "
                          "dipertanggungjawabkan. Pulihkan arsipnya dari cadangan.")
            ctx.kunci[key] = alasan
        if ctx.kunci[key]:
            return ctx.kunci[key]
    return ""


def _terakhir(model: _Model, owner: Any, ids: Collection[int]) -> dict[int, dt.datetime]:
    """The latest ``diubah_pada`` of ``model`` rows per owner id."""
    out: dict[int, dt.datetime] = {}
    for chunk in _per(ids):
        q = (model.select(owner, fn.MAX(model.diubah_pada)).where(owner.in_(chunk))
             .group_by(owner).tuples())
        for key, value in q:
            moment = _waktu(value)
            if moment is not None:
                out[key] = moment
    return out


def _naik(last: dict[int, dt.datetime], more: dict[int, dt.datetime]) -> None:
    for key, moment in more.items():
        if key in last and moment > last[key]:
            last[key] = moment


def _ppks_aktif(owner: Any) -> Any:
    return DataPPKS.select(owner).where(owner.is_null(False) & (DataPPKS.status != "tidak_lagi"))


def _eval_kegiatan(ctx: _Ctx) -> list[_Temuan]:
    n = ctx.tahun["kegiatan"]
    rows = [k for k in ctx.di(Kegiatan.select().where(Kegiatan.tanggal <= _batas(ctx.pada, n)),
                              Kegiatan.kecamatan)
            .order_by(Kegiatan.tanggal, Kegiatan.id) if _lewat(k.tanggal, n, ctx.pada)]
    ids = [k.id for k in rows]
    rujukan: dict[int, Any] = {}
    langkah: dict[int, list[dt.date]] = {}
    for chunk in _per(ids):
        for found in Rujukan.select().where(Rujukan.kegiatan.in_(chunk)):
            rujukan[fk(found, "kegiatan")] = found
    for chunk in _per([r.id for r in rujukan.values()]):
        for h in RiwayatRujukan.select().where(RiwayatRujukan.rujukan.in_(chunk)):
            langkah.setdefault(fk(h, "rujukan"), []).append(h.tanggal)
    refs = _dirujuk(Kegiatan, ids, ctx, lewati=(Rujukan.kegiatan,))
    out = []
    for k in rows:
        r = rujukan.get(k.id)
        alasan = ""
        if r is not None and r.status in TERBUKA:
            alasan = (f"rujukan {r.nomor_surat} masih {STATUS_RUJUKAN[r.status].lower()}; tutup "
                      "dulu rujukannya di tab Rujukan.")
        days = [k.tanggal, *(langkah.get(r.id, []) if r is not None else [])]
        alasan = alasan or _kunci(ctx, fk(k, "kecamatan"), days) or refs.get(k.id, "")
        out.append(_Temuan(k.id, k.tanggal, f"{tanggal(k.tanggal)}: {k.judul}",
                           f"kegiatan tanggal {k.tanggal.isoformat()}", alasan))
    return out


def _klien(r: Rujukan) -> str:
    if fk(r, "warga"):
        w = Warga.get_or_none(Warga.id == fk(r, "warga"))
        return f"{w.nama} (NIK {_nik(w.nik)})" if w else "warga"
    k = Keluarga.get_or_none(Keluarga.id == fk(r, "keluarga")) if fk(r, "keluarga") else None
    return f"keluarga {k.kepala}" if k else "klien"


def _eval_rujukan(ctx: _Ctx) -> list[_Temuan]:
    n = ctx.tahun["rujukan"]
    gone = ctx.hilang.get(Kegiatan, set())
    rows = [r for r in ctx.di(Rujukan.select().where(Rujukan.status.in_(DITUTUP)
                                                      & (Rujukan.kebutuhan != TANDA_ANONIM)),
                              Rujukan.kecamatan)
            .order_by(Rujukan.tanggal, Rujukan.id) if fk(r, "kegiatan") not in gone]
    steps: dict[int, list[tuple[str, dt.date]]] = {}
    for chunk in _per([r.id for r in rows]):
        for h in RiwayatRujukan.select().where(RiwayatRujukan.rujukan.in_(chunk)):
            steps.setdefault(fk(h, "rujukan"), []).append((h.status, h.tanggal))
    out = []
    for r in rows:
        mine = steps.get(r.id, [])
        tutup = max((d for s, d in mine if s == r.status), default=r.diubah_pada.date())
        if not _lewat(tutup, n, ctx.pada):
            continue
        alasan = _kunci(ctx, fk(r, "kecamatan"), [r.tanggal, *(d for _s, d in mine)])
        uraian = (f"{r.nomor_surat}: {_klien(r)} ke {r.instansi.nama}; "
                  f"{STATUS_RUJUKAN[r.status].lower()} {tanggal(tutup)}")
        out.append(_Temuan(r.id, tutup, uraian, f"rujukan {r.nomor_surat}", alasan))
    return out


def _eval_warga(ctx: _Ctx) -> list[_Temuan]:
    n = ctx.tahun["warga"]
    q = (Warga.select(Warga, Desa.nama).join(Desa)
         .where(Warga.id.not_in(_ppks_aktif(DataPPKS.warga))
                & (Warga.keluarga.is_null() | Warga.keluarga.not_in(_ppks_aktif(DataPPKS.keluarga)))
                & (Warga.diubah_pada < _batas_waktu(ctx.pada, n)))
         .order_by(Warga.id))
    rows = list(ctx.di(q, desa_field=Warga.desa))
    last = {w.id: w.diubah_pada for w in rows}
    ids = list(last)
    for model in (DataPPKS, StatusRegister, BantuanDiterima):
        _naik(last, _terakhir(model, model.warga, ids))
    rumah = _terakhir(DataPPKS, DataPPKS.keluarga, {fk(w, "keluarga") for w in rows
                                                     if fk(w, "keluarga")})
    _naik(last, {w.id: rumah[fk(w, "keluarga")] for w in rows if fk(w, "keluarga") in rumah})
    due = [w for w in rows if _lewat(last[w.id].date(), n, ctx.pada)]
    ppks: dict[int, int] = {}
    for chunk in _per([w.id for w in due]):
        ppks.update(_tuples(DataPPKS.select(DataPPKS.warga, fn.COUNT(DataPPKS.id))
                            .where(DataPPKS.warga.in_(chunk)).group_by(DataPPKS.warga)))
    refs = _dirujuk(Warga, [w.id for w in due], ctx)
    out = []
    for w in due:
        extra = "; meninggal" if w.meninggal else ""
        extra += f"; {ppks[w.id]} catatan PPKS tidak aktif" if ppks.get(w.id) else ""
        out.append(_Temuan(w.id, last[w.id].date(),
                           f"{w.nama}, NIK {_nik(w.nik)}, {w.desa.nama}{extra}",
                           f"{_inisial(w.nama)}, NIK {_nik(w.nik)}", refs.get(w.id, "")))
    return out


def _eval_keluarga(ctx: _Ctx) -> list[_Temuan]:
    n = ctx.tahun["warga"]
    q = (Keluarga.select(Keluarga, Desa.nama).join(Desa)
         .where(Keluarga.id.not_in(_ppks_aktif(DataPPKS.keluarga))
                & (Keluarga.diubah_pada < _batas_waktu(ctx.pada, n)))
         .order_by(Keluarga.id))
    rows = list(ctx.di(q, desa_field=Keluarga.desa))
    gone = ctx.hilang.get(Warga, set())
    dipakai: set[int] = set()
    for chunk in _per([k.id for k in rows]):
        for wid, kid in _tuples(Warga.select(Warga.id, Warga.keluarga).where(
                Warga.keluarga.in_(chunk))):
            if wid not in gone:
                dipakai.add(kid)  # a member is kept: the household is still in use
    rows = [k for k in rows if k.id not in dipakai]
    last = {k.id: k.diubah_pada for k in rows}
    for model in (DataPPKS, StatusRegister, BantuanDiterima, Penilaian):
        _naik(last, _terakhir(model, model.keluarga, list(last)))
    due = [k for k in rows if _lewat(last[k.id].date(), n, ctx.pada)]
    refs = _dirujuk(Keluarga, [k.id for k in due], ctx)
    return [_Temuan(k.id, last[k.id].date(),
                    f"Keluarga {k.kepala}, No. KK {_nik(k.no_kk, 'kosong')}, {k.desa.nama}",
                    f"keluarga {_inisial(k.kepala)}, No. KK {_nik(k.no_kk, 'kosong')}",
                    refs.get(k.id, "")) for k in due]


def _eval_psks(ctx: _Ctx) -> list[_Temuan]:
    n = ctx.tahun["psks"]
    q = (DataPSKS.select(DataPSKS, Desa.nama, Kategori.nama).join(Desa).switch(DataPSKS)
         .join(Kategori)
         .where((DataPSKS.status == "tidak_aktif")
                & (DataPSKS.diubah_pada < _batas_waktu(ctx.pada, n)))
         .order_by(DataPSKS.id))
    due = [p for p in ctx.di(q, desa_field=DataPSKS.desa)
           if _lewat(p.diubah_pada.date(), n, ctx.pada)]
    refs = _dirujuk(DataPSKS, [p.id for p in due], ctx)
    return [_Temuan(p.id, p.diubah_pada.date(),
                    f"{p.nama} ({p.kategori.nama}), {p.desa.nama}"
                    + (f", NIK {_nik(p.nik)}" if p.nik else ""),
                    f"PSKS {_inisial(p.nama)}" + (f", NIK {_nik(p.nik)}" if p.nik else ""),
                    refs.get(p.id, "")) for p in due]


def _eval_pendaftar(ctx: _Ctx) -> list[_Temuan]:
    n = ctx.tahun["pendaftar"]
    q = (Pendaftar.select()
         .where(Pendaftar.id.not_in(Penugasan.select(Penugasan.pendaftar))
                & (Pendaftar.tanggal_daftar <= _batas(ctx.pada, n)))
         .order_by(Pendaftar.tanggal_daftar, Pendaftar.id))
    due = [p for p in ctx.di(q, Pendaftar.kecamatan) if _lewat(p.tanggal_daftar, n, ctx.pada)]
    refs = _dirujuk(Pendaftar, [p.id for p in due], ctx, lewati=(Penugasan.pendaftar,))
    out = []
    for p in due:
        periode = f", periode {p.periode_rekrutmen}" if p.periode_rekrutmen else ""
        out.append(_Temuan(p.id, p.tanggal_daftar,
                           f"{p.nama}, NIK {_nik(p.nik)}, mendaftar "
                           f"{tanggal(p.tanggal_daftar)}{periode}",
                           f"{_inisial(p.nama)}, NIK {_nik(p.nik)}", refs.get(p.id, "")))
    return out


_EVAL: dict[str, Callable[[_Ctx], list[_Temuan]]] = {
    "kegiatan": _eval_kegiatan,
    "rujukan": _eval_rujukan,
    "warga": _eval_warga,
    "keluarga": _eval_keluarga,
    "psks": _eval_psks,
    "pendaftar": _eval_pendaftar,
}


# -- the rows of a record ------------------------------------------------------------------------


def _cascade(model: _Model, rid: int) -> list[_Baris]:
    """The row and, depth first, every row that the database would delete with it."""
    found = list(model.select().where(model.id == rid).dicts())
    if not found:
        return []
    out: list[_Baris] = [(model, found[0])]
    for ref_field in model._meta.backrefs:
        if ref_field.on_delete == "CASCADE":
            child = ref_field.model
            for (cid,) in child.select(child.id).where(ref_field == rid).order_by(
                    child.id).tuples():
                out += _cascade(child, cid)
    return out


def _milik(jenis: str, rid: int) -> list[_Baris]:
    """The rows a record consists of, parents first (deleted in reverse)."""
    if jenis == "rujukan":
        rows = _cascade(Rujukan, rid)
        if not rows:
            return []
        kid = rows[0][1]["kegiatan"]
        rows += [(Kegiatan, r) for r in _dicts(Kegiatan.select().where(Kegiatan.id == kid))]
        for model in (KegiatanSasaran, KegiatanFoto):
            rows += [(model, r) for r in _dicts(model.select().where(model.kegiatan == kid)
                                                 .order_by(model.id))]
        return rows
    rows = _cascade(JENIS_BY_KODE[jenis].model, rid)
    if jenis == "kegiatan" and rows:
        for (ruj_id,) in _tuples(Rujukan.select(Rujukan.id).where(Rujukan.kegiatan == rid)):
            rows += _cascade(Rujukan, ruj_id)
    return rows


def _yang_hilang(jenis: str, rows: Sequence[_Baris]) -> list[_Baris]:
    """The rows removed, or (an anonymised referral) cut loose from persons and files."""
    if jenis == "rujukan":
        return [(m, r) for m, r in rows if m is not Kegiatan]
    return list(rows)


def _sidik(rows: Sequence[_Baris]) -> str:
    body = [[m._meta.table_name, {k: _nilai(v) for k, v in sorted(r.items())}] for m, r in rows]
    text = json.dumps(body, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _lampiran_fields(model: _Model) -> list[ForeignKeyField]:
    return [f for f in model._meta.sorted_fields
            if isinstance(f, ForeignKeyField) and f.rel_model is Lampiran]


def _lampiran_ids(rows: Sequence[_Baris]) -> set[int]:
    return {r[f.name] for m, r in rows for f in _lampiran_fields(m) if r.get(f.name)}


def _dipakai(lampiran_id: int, kecuali: Collection[tuple[_Model, int]] = ()) -> bool:
    """Does any row (other than those in ``kecuali``) refer to the stored file? (Its content
    row on PostgreSQL is part of it, not a use: it goes with the row.)"""
    for ref_field in Lampiran._meta.backrefs:
        ref = ref_field.model
        if ref is LampiranIsi:
            continue
        for (rid,) in ref.select(ref.id).where(ref_field == lampiran_id).tuples():
            if (ref, rid) not in kecuali:
                return True
    return False


# -- the plan -------------------------------------------------------------------------------------


def calon(actor: Actor, pada: dt.date | None = None) -> RencanaRetensi:
    """Per record type, the records whose retention has ended on ``pada`` (default today). In a
    Dinas database a kecamatan administrator plans only their kecamatan's records; an
    administrator of the whole kabupaten plans every kecamatan's."""
    require(actor, Aksi.RETENSI_KELOLA)
    ctx = _Ctx(pada or dt.date.today(), _tahun(), kecamatan=lingkup.batas(actor))
    baris: list[Calon] = []
    for jenis in JENIS:
        for t in _EVAL[jenis.kode](ctx):
            sidik = ""
            if not t.alasan:
                rows = _milik(jenis.kode, t.id)
                sidik = _sidik(rows)
                ctx.tandai(jenis.kode, rows)
            baris.append(Calon(jenis.kode, t.id, t.uraian, t.identitas, t.mulai,
                               tambah_tahun(t.mulai, ctx.tahun[jenis.kode]), sidik, t.alasan))
    return RencanaRetensi(ctx.pada, ctx.tahun, tuple(baris), now())


# -- the archive ----------------------------------------------------------------------------------

_EXT = {"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png"}
_LABEL_FIELDS = ("nama", "nama_lengkap", "kepala", "nama_asli")
_BOLD = Font(bold=True)
#: Header of the manifest table (read back by :func:`musnahkan`).
MANIFEST_HEADERS = ["Bagian", "Jenis", "ID", "Sidik", "Keterangan"]
TETAP = "tetap disimpan di aplikasi (masih dipakai data lain)"
HILANG = "tidak ada atau rusak di folder lampiran"


class _Tabel:
    """The rows of one table in the archive, each with the records it belongs to."""

    def __init__(self, model: _Model) -> None:
        self.model = model
        self.rows: dict[int, tuple[dict[str, Any], list[str]]] = {}

    def add(self, row: dict[str, Any], induk: str) -> None:
        if row["id"] in self.rows:
            self.rows[row["id"]][1].append(induk)
        else:
            self.rows[row["id"]] = (row, [induk])


def _cell(ws: Any, value: Any, bold: bool = False) -> WriteOnlyCell:
    if isinstance(value, bytes):
        value = f"<{len(value)} bita>"
    elif isinstance(value, decimal.Decimal):
        value = float(value)
    elif value is not None and not isinstance(value, (bool, int, float, dt.date, dt.time)):
        value = xlsx.clean_text(str(value))
    cell = WriteOnlyCell(ws, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # stored text stays text, even "=..." (no formula injection)
    elif isinstance(value, dt.datetime):
        cell.number_format = xlsx.DATETIME_FORMAT
    elif isinstance(value, dt.date):
        cell.number_format = xlsx.DATE_FORMAT
    if bold:
        cell.font = _BOLD
    return cell


def _sheet(wb: Workbook, name: str, lines: Sequence[str], headers: Sequence[str],
           rows: Sequence[Sequence[Any]]) -> None:
    ws: Any = wb.create_sheet(xlsx.sheet_title(name))
    for i, width in enumerate(xlsx.column_widths(list(headers), rows[:200]), 1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.oddHeader.center.text = RAHASIA
    ws.oddFooter.left.text = "Arsip retensi data"
    ws.oddFooter.center.text = "Halaman &P dari &N"
    ws.page_setup.orientation = "landscape"
    ws.append([_cell(ws, PERSONAL_DATA_NOTE, bold=True)])
    for line in lines:
        ws.append([_cell(ws, line)])
    if headers:
        ws.append([])
        ws.append([_cell(ws, h, bold=True) for h in headers])
        for row in rows:
            ws.append([_cell(ws, v) for v in row])


def _label_of(model: _Model, rid: Any, cache: dict[tuple[Any, Any], str]) -> str:
    key = (model, rid)
    if key not in cache:
        name = next((n for n in _LABEL_FIELDS if n in model._meta.fields), None)
        value = ""
        if name is not None and rid is not None:
            found = model.select(model._meta.fields[name]).where(model.id == rid).tuples()
            value = next((str(v[0]) for v in found), "")
        cache[key] = value
    return cache[key]


def _tabel_rows(tabel: _Tabel, cache: dict[tuple[Any, Any], str],
                status: dict[int, str]) -> tuple[list[str], list[list[Any]]]:
    fields = tabel.model._meta.sorted_fields
    labelled = [f for f in fields if isinstance(f, ForeignKeyField)
                and any(n in f.rel_model._meta.fields for n in _LABEL_FIELDS)]
    headers = ["Jenis retensi", "Rekaman induk", *(f.name for f in fields),
               *(f"{f.name} (nama)" for f in labelled)]
    if tabel.model is Lampiran:
        headers.append("Berkas dalam arsip")
    out = []
    for rid, (row, induk) in sorted(tabel.rows.items()):
        jenis = sorted({i.split(":")[0] for i in induk})
        line = [", ".join(jenis), ", ".join(induk), *(row.get(f.name) for f in fields),
                *(_label_of(f.rel_model, row.get(f.name), cache) for f in labelled)]
        if tabel.model is Lampiran:
            line.append(status.get(rid, ""))
        out.append(line)
    return headers, out


def _petunjuk(actor: Actor, rencana: RencanaRetensi, berkas: int) -> list[str]:
    judul = kantor.judul_lingkup(actor)
    lines = [
        "Arsip data yang melewati masa simpan (retensi), dibuat sebelum data itu dimusnahkan",
        *([judul] if judul else []),
        f"Tanggal acuan {tanggal(rencana.pada)}; dibuat {waktu(now())} oleh {actor.audit_name}.",
        f"Kode rencana: {rencana.kode}",
        "",
        "Isi arsip:",
    ]
    for j in JENIS:
        m = rencana.jumlah()[j.kode][0]
        if m:
            lines.append(f"- {j.label}: {angka(m)} rekaman, {j.tindakan} dari aplikasi (disimpan "
                         f"{rencana.tahun[j.kode]} tahun sejak {j.jam}).")
    lines += [
        f"- Berkas lampiran yang dihapus dari aplikasi: {angka(berkas)}, dalam folder "
        "'lampiran' arsip zip ini (nama berkas = SHA-256 isinya).",
        "",
        "Setiap lembar lain memuat satu tabel basis data apa adanya (termasuk NIK lengkap): kolom "
        "'Jenis retensi' dan 'Rekaman induk' (jenis:nomor) menunjukkan rekaman mana yang "
        "memilikinya; kolom '(nama)' menjelaskan nomor rujukan ke daftar lain.",
        "Lembar 'Manifest' dipakai aplikasi untuk memeriksa arsip ini sebelum pemusnahan; jangan "
        "diubah.",
        "Simpan arsip ini terenkripsi dan di luar jaringan (offline), hanya untuk petugas yang "
        "berwenang, selama masa simpan arsip yang ditetapkan jadwal retensi arsip instansi; "
        "sesudah itu musnahkan arsip ini dengan berita acara.",
    ]
    return lines


def _buku(actor: Actor, rencana: RencanaRetensi, tabel: dict[_Model, _Tabel],
          manifest: list[list[Any]], status: dict[int, str]) -> bytes:
    wb = Workbook(write_only=True)
    wb.properties.title = "Arsip retensi data"
    wb.properties.creator = "Kecamatan TKSK"
    berkas = sum(1 for s in status.values() if s.startswith("lampiran/"))
    _sheet(wb, "Petunjuk", _petunjuk(actor, rencana, berkas), [], [])
    _sheet(wb, "Manifest", [f"Rencana {rencana.kode}", f"Tanggal acuan {rencana.pada}"],
           MANIFEST_HEADERS, manifest)
    cache: dict[tuple[Any, Any], str] = {}
    for model, t in tabel.items():
        headers, rows = _tabel_rows(t, cache, status)
        _sheet(wb, model._meta.table_name,
               [f"Tabel {model._meta.table_name}: {angka(len(rows))} baris"], headers, rows)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _sha_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def nama_bawaan(pada: dt.date | None = None) -> str:
    return f"arsip-retensi-{(pada or dt.date.today()).isoformat()}.zip"


def arsipkan(actor: Actor, rencana: RencanaRetensi, dest: str | os.PathLike[str],
             progress: Progress | None = None) -> Path:
    """Write the archive of exactly the plan's records (and their child rows) as one zip: the
    workbook ``arsip-retensi-<date>.xlsx`` and, under ``lampiran/``, the attachment files the
    purge will delete. Never overwrites a file; audited as ``ekspor_arsip_retensi``."""
    require(actor, Aksi.RETENSI_KELOLA)
    musnah = rencana.musnah
    if not musnah:
        raise Conflict("Tidak ada data yang melewati masa simpan; tidak ada yang perlu "
                       "diarsipkan.")
    out = Path(dest)
    if out.suffix.lower() != ".zip":
        out = out.with_name(out.name + ".zip")
    if out.exists():
        raise Conflict(f"Berkas {out} sudah ada. Arsip lama tidak ditimpa; pilih nama lain.")
    tabel: dict[_Model, _Tabel] = {}
    manifest: list[list[Any]] = [["rencana", "", "", rencana.kode, ""],
                                 ["pada", "", "", rencana.pada.isoformat(), ""]]
    removed: set[tuple[_Model, int]] = set()
    lamp: dict[int, list[str]] = {}  # attachment id -> the records that use it
    total = len(musnah)
    for i, c in enumerate(musnah, 1):
        rows = _milik(c.jenis, c.id)
        manifest.append(["rekaman", c.jenis, c.id, c.sidik, _sidik(rows) if rows else ""])
        for model, row in rows:
            tabel.setdefault(model, _Tabel(model)).add(row, f"{c.jenis}:{c.id}")
        removed |= {(m, r["id"]) for m, r in _yang_hilang(c.jenis, rows)}
        for lid in _lampiran_ids(rows):
            lamp.setdefault(lid, []).append(f"{c.jenis}:{c.id}")
        if progress is not None and (i % 20 == 0 or i == total):
            progress(i, total, f"Mengumpulkan data ({angka(i)} dari {angka(total)})...")
    status: dict[int, str] = {}
    files: dict[str, int] = {}  # name in the zip -> attachment id (read again when zipped)
    for lid in sorted(lamp):
        row = Lampiran.select().where(Lampiran.id == lid).dicts().first()
        if row is None:
            continue
        for induk in lamp[lid]:
            tabel.setdefault(Lampiran, _Tabel(Lampiran)).add(row, induk)
        if _dipakai(lid, removed):
            status[lid] = TETAP
            continue
        try:
            lampiran.read(lid)  # present and intact (its hash checked)
        except NotFound:
            status[lid] = HILANG
        else:
            status[lid] = f"lampiran/{row['sha256']}{_EXT.get(row['jenis_mime'], '')}"
            files[status[lid]] = lid
        manifest.append(["lampiran", "", lid, row["sha256"], status[lid]])
    if progress is not None:
        progress(total, total, "Menulis buku kerja arsip...")
    book = _buku(actor, rencana, tabel, manifest, status)
    tmp = out.with_name(out.name + ".tmp")
    try:
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zf:
            zf.writestr(nama_bawaan(rencana.pada).replace(".zip", ".xlsx"), book,
                        compress_type=zipfile.ZIP_STORED)
            zf.writestr("BACA-SAYA.txt", "\n".join([PERSONAL_DATA_NOTE,
                                                    *_petunjuk(actor, rencana, len(files))]))
            for i, (name, lid) in enumerate(sorted(files.items()), 1):
                zf.writestr(name, lampiran.read(lid), compress_type=zipfile.ZIP_STORED)
                if progress is not None:
                    progress(i, len(files), f"Menyalin berkas lampiran {i} dari {len(files)}...")
        with tmp.open("r+b") as fh:
            os.fsync(fh.fileno())
        sha = _sha_file(tmp)
        jumlah = {k: v[0] for k, v in rencana.jumlah().items() if v[0]}
        with write():
            audit.record(actor, AKSI_ARSIP, "retensi", rencana.kode[:16],
                         f"Arsip retensi {out.name}: "
                         + "; ".join(f"{JENIS_BY_KODE[k].label} {angka(n)}"
                                     for k, n in jumlah.items())
                         + f"; {angka(len(files))} berkas lampiran; SHA-256 {sha}",
                         baru={"berkas": out.name, "sha256": sha, "rencana": rencana.kode,
                               "pada": rencana.pada.isoformat(), "jumlah": jumlah,
                               "lampiran": len(files)})
            os.replace(tmp, out)
    except OSError as exc:
        raise ExportFileError(
            f"Arsip tidak dapat ditulis: {out}. Pastikan foldernya ada, Anda berhak menulis di "
            f"sana dan ruang disk cukup, lalu ulangi. (Keterangan sistem: {exc.strerror or exc})"
        ) from exc
    finally:
        tmp.unlink(missing_ok=True)
    return out


# -- checking the archive ---------------------------------------------------------------------


@dataclass
class _Arsip:
    sha256: str
    sidik: dict[tuple[str, int], str]  # as archived
    lampiran: dict[int, str]  # attachment id -> sha256, the files the purge may delete


def _tolak(path: Path, why: str) -> Conflict:
    return Conflict(f"Arsip {path.name} tidak dapat dipakai untuk pemusnahan: {why} Tidak ada "
                    "data yang dimusnahkan. Buat arsip baru dari rencana ini lalu ulangi.")


def _periksa_arsip(rencana: RencanaRetensi, path: Path) -> _Arsip:
    if not path.is_file():
        raise Conflict(f"Berkas arsip {path} tidak ditemukan. Pemusnahan hanya dilakukan sesudah "
                       "arsipnya tersimpan; buat arsipnya dulu.")
    try:
        sha = _sha_file(path)
        dicatat = JejakAudit.select().where((JejakAudit.aksi == AKSI_ARSIP)
                                            & JejakAudit.data_baru.contains(sha)).exists()
        if not dicatat:
            raise _tolak(path, "isinya tidak sama dengan arsip yang dibuat aplikasi (berkas "
                               "diubah atau bukan arsip retensi).")
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
            book = next((n for n in names if n.startswith("arsip-retensi")
                         and n.endswith(".xlsx")), None)
            if book is None:
                raise _tolak(path, "buku kerja arsip tidak ada di dalamnya.")
            wb = load_workbook(io.BytesIO(zf.read(book)), read_only=True)
            rows = list(wb["Manifest"].iter_rows(values_only=True))
            wb.close()
            start = next(i for i, r in enumerate(rows) if list(r[:5]) == MANIFEST_HEADERS)
            info = {str(r[0]): r for r in rows[start + 1:] if r and r[0] in ("rencana", "pada")}
            recs = [r for r in rows[start + 1:] if r and r[0] == "rekaman"]
            lamps = [r for r in rows[start + 1:] if r and r[0] == "lampiran"]
            if info.get("rencana", (None,) * 4)[3] != rencana.kode:
                raise _tolak(path, "arsip ini dibuat dari rencana lain (datanya sudah berubah "
                                   "atau tanggal acuannya berbeda).")
            plan = {(c.jenis, c.id): c.sidik for c in rencana.musnah}
            if {(str(r[1]), int(r[2])): str(r[3]) for r in recs} != plan:
                raise _tolak(path, "daftar rekaman di manifest tidak sama dengan rencana.")
            files: dict[int, str] = {}
            for r in lamps:
                lid, lsha, where = int(r[2]), str(r[3]), str(r[4] or "")
                if where.startswith("lampiran/") and (
                        where not in names or hashlib.sha256(zf.read(where)).hexdigest() != lsha):
                    raise _tolak(path, f"berkas lampiran {where} hilang atau rusak.")
                files[lid] = lsha
    except (zipfile.BadZipFile, KeyError, StopIteration, ValueError, TypeError) as exc:
        raise _tolak(path, "berkasnya rusak atau bukan arsip retensi.") from exc
    except OSError as exc:
        raise _tolak(path, f"berkasnya tidak dapat dibaca ({exc.strerror or exc}).") from exc
    return _Arsip(sha, {(str(r[1]), int(r[2])): str(r[4] or "") for r in recs}, files)


# -- the purge ----------------------------------------------------------------------------------


def _anonimkan(rows: Sequence[_Baris]) -> None:
    """A closed referral keeps its number, dates, agency and outcome; nothing about the client."""
    r = rows[0][1]
    kid = r["kegiatan"]
    inst = Rujukan.get_by_id(r["id"]).instansi.nama
    Rujukan.update(warga=None, keluarga=None, kebutuhan=TANDA_ANONIM, alasan_tanpa_persetujuan="",
                   balasan="", versi=Rujukan.versi + 1, diubah_pada=now()).where(
        Rujukan.id == r["id"]).execute()
    RiwayatRujukan.update(alasan="", lampiran=None).where(
        RiwayatRujukan.rujukan == r["id"]).execute()
    KegiatanSasaran.delete().where(KegiatanSasaran.kegiatan == kid).execute()
    KegiatanFoto.delete().where(KegiatanFoto.kegiatan == kid).execute()
    Kegiatan.update(judul=f"Rujukan ke {inst}"[:200], uraian=TANDA_ANONIM, hambatan="",
                    tindak_lanjut="", hasil=f"Surat rujukan diterbitkan ke {inst}.",
                    versi=Kegiatan.versi + 1, diubah_pada=now()).where(Kegiatan.id == kid).execute()


def _hapus(rows: Sequence[_Baris]) -> None:
    for model, row in reversed(rows):
        model.delete().where(model.id == row["id"]).execute()


def _alasan_lewati(c: Calon, rows: Sequence[_Baris], arsip: _Arsip,
                   temuan: _Temuan | None) -> str:
    if not rows:
        return "sudah tidak ada (dihapus lewat jalan lain)."
    sidik = _sidik(rows)
    if sidik != c.sidik or sidik != arsip.sidik.get((c.jenis, c.id)):
        return "berubah sejak rencana dibuat; periksa ulang lalu arsipkan lagi."
    if temuan is None:
        return ("tidak lagi memenuhi syarat pemusnahan (datanya aktif lagi, masih ada anggota "
                "keluarga yang disimpan, atau masa simpan diubah).")
    return temuan.alasan


@contextlib.contextmanager
def _hapus_aman() -> Iterator[None]:
    """On SQLite, deleted content is overwritten with zeros (``PRAGMA secure_delete``)."""
    if not is_sqlite():
        yield
        return
    old = database.execute_sql("PRAGMA secure_delete").fetchone()[0]
    database.execute_sql("PRAGMA secure_delete = 1")
    try:
        yield
    finally:
        database.execute_sql(f"PRAGMA secure_delete = {int(old)}")


def _rapikan(jumlah: dict[str, int]) -> None:
    """After the commit, on SQLite: drop the removed names from the search indexes and copy the
    write-ahead log into the file (best effort; the data are already gone from the tables)."""
    if not is_sqlite():
        return
    from ..migrations.extras import FTS_TABLES

    try:
        with write():
            for table, _cols in FTS_TABLES:
                if jumlah.get(table):
                    database.execute_sql(f"INSERT INTO {table}_fts({table}_fts) "
                                         "VALUES ('optimize')")
        database.execute_sql("PRAGMA wal_checkpoint(PASSIVE)")
    except Exception:  # never fail a purge that is committed
        log.warning("Perapian indeks pencarian sesudah pemusnahan gagal", exc_info=True)


def _hapus_berkas(shas: Sequence[str]) -> list[str]:
    """After the commit: this PC's files of the purged contents (SQLite: the attachments folder;
    PostgreSQL, where the content rows went with their attachment rows in the transaction: the
    old folder and the print cache; other PCs drop their cache copies when they next start)."""
    gagal = []
    for sha in shas:
        if Lampiran.select().where(Lampiran.sha256 == sha).exists():
            continue  # the same content was stored again meanwhile
        for path in lampiran.local_files(sha):
            try:
                path.unlink(missing_ok=True)
            except OSError:
                gagal.append(str(path))
    return gagal


def musnahkan(actor: Actor, rencana: RencanaRetensi, arsip_path: str | os.PathLike[str],
              progress: Progress | None = None) -> HasilMusnah:
    """Purge the plan's records in one transaction, after checking that ``arsip_path`` is the
    archive :func:`arsipkan` wrote for this very plan. Records changed since the plan, no longer
    due or held are skipped and reported. Attachment files no longer used by any row are deleted
    after the commit."""
    require(actor, Aksi.RETENSI_KELOLA)
    if rencana.pada > dt.date.today():
        raise ValidationError.single(
            "pada", f"Rencana ini dihitung untuk {tanggal(rencana.pada)}, tanggal yang belum "
            "tiba. Pemusnahan hanya untuk data yang masa simpannya sudah berakhir.")
    if not rencana.musnah:
        raise Conflict("Rencana ini tidak memuat data untuk dimusnahkan.")
    path = Path(arsip_path)
    arsip = _periksa_arsip(rencana, path)
    jumlah: dict[str, int] = {}
    dilewati: list[Dilewati] = []
    total, done = len(rencana.musnah), 0
    hapus: list[tuple[int, str]] = []
    try:
        with _hapus_aman(), write():
            # only records of the actor's kecamatan are due for this actor: the others of a
            # plan made by someone who sees more are skipped ("tidak lagi")
            ctx = _Ctx(rencana.pada, _tahun(), kecamatan=lingkup.batas(actor))
            for jenis in JENIS:
                planned = [c for c in rencana.musnah if c.jenis == jenis.kode]
                if not planned:
                    continue
                temuan = {t.id: t for t in _EVAL[jenis.kode](ctx)}
                gone: list[Calon] = []
                skipped: dict[str, str] = {}
                for c in planned:
                    rows = _milik(c.jenis, c.id)
                    alasan = _alasan_lewati(c, rows, arsip, temuan.get(c.id))
                    if alasan:
                        skipped[str(c.id)] = alasan
                        dilewati.append(Dilewati(c.jenis, c.id, c.uraian, alasan))
                    else:
                        (_anonimkan if jenis.kode == "rujukan" else _hapus)(rows)
                        gone.append(c)
                    done += 1
                    if progress is not None:
                        progress(done, total, f"Memusnahkan data ({angka(done)} dari "
                                              f"{angka(total)}): {jenis.label}...")
                jumlah[jenis.kode] = len(gone)
                audit.record(
                    actor, AKSI_MUSNAH, jenis.model._meta.table_name, "",
                    f"Pemusnahan retensi, {jenis.label}: {angka(len(gone))} {jenis.tindakan}"
                    + (f", {angka(len(skipped))} dilewati" if skipped else "")
                    + f"; arsip {path.name} (SHA-256 {arsip.sha256})",
                    lama={"id": [c.id for c in gone],
                          "identitas": {str(c.id): c.identitas for c in gone}},
                    baru={"tindakan": jenis.tindakan, "dilewati": skipped,
                          "masa_simpan_tahun": ctx.tahun[jenis.kode],
                          "pada": rencana.pada.isoformat(), "rencana": rencana.kode,
                          "arsip": path.name, "arsip_sha256": arsip.sha256})
            for lid, sha in arsip.lampiran.items():
                row = Lampiran.get_or_none(Lampiran.id == lid)
                if row is not None and row.sha256 == sha and not _dipakai(lid):
                    # PostgreSQL: the content goes in this transaction (SQLite: no such row)
                    LampiranIsi.delete().where(LampiranIsi.lampiran == lid).execute()
                    row.delete_instance()
                    hapus.append((lid, sha))
            if hapus:
                audit.record(actor, AKSI_MUSNAH, "lampiran", "",
                             f"Pemusnahan retensi: {angka(len(hapus))} berkas lampiran dihapus; "
                             f"arsip {path.name} (SHA-256 {arsip.sha256})",
                             lama={"id": [h[0] for h in hapus], "sha256": [h[1] for h in hapus]},
                             baru={"arsip": path.name, "arsip_sha256": arsip.sha256})
    except IntegrityError as exc:
        raise Conflict("Pemusnahan dibatalkan karena sebagian data masih dipakai data lain; "
                       "tidak ada yang dihapus. Periksa ulang lalu ulangi.") from exc
    gagal = _hapus_berkas([sha for _lid, sha in hapus])
    _rapikan(jumlah)
    return HasilMusnah(path, arsip.sha256, jumlah, tuple(dilewati), len(hapus) - len(gagal),
                       len(arsip.lampiran) - len(hapus), tuple(gagal))
