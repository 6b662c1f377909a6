"""Retention (:mod:`retensi`): which records have passed their retention on a date, per record
type, and why a due record is held (an open referral, the month lock, a kept record that still
uses it); :func:`calon` builds the plan. No Qt.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from peewee import fn

from ..models import (
    BantuanDiterima,
    DataPPKS,
    DataPSKS,
    Desa,
    Kategori,
    Kegiatan,
    Keluarga,
    LaporanBulanan,
    Pendaftar,
    Penilaian,
    Penugasan,
    RiwayatRujukan,
    Rujukan,
    StatusRegister,
    Warga,
)
from ..models.base import fk, now
from . import lampiran, lingkup, settings
from .context import Actor
from .errors import NotFound
from .formatting import bulan_tahun, tanggal
from .kunci_bulan import STATUS_TERKUNCI
from .nik import mask_nik
from .permissions import Aksi, require
from .retensi_baris import _milik, _sidik, _tuples, _yang_hilang
from .retensi_jenis import (
    DITUTUP,
    JENIS,
    TANDA_ANONIM,
    Calon,
    RencanaRetensi,
    _Baris,
    _Model,
    tambah_tahun,
)
from .rujukan import STATUS as STATUS_RUJUKAN
from .rujukan import TERBUKA

# -- dates and small helpers --------------------------------------------------------------------


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
