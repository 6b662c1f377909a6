"""Selection decision, appointment (SK), replacement (pergantian) and termination of the TKSK.

One TKSK is active per kecamatan: :func:`appoint` refuses a second and names the active one.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass

from ..models import AlasanPemberhentian, KeputusanSeleksi, Pemberhentian, Pendaftar, Penugasan
from ..models.base import fk
from . import audit, lampiran, lingkup
from . import eligibility as el
from . import pendaftar as pendaftar_service
from .context import Actor
from .errors import Conflict, FieldProblem, NotFound, ValidationError
from .formatting import tanggal
from .nik import mask_nik
from .permissions import Aksi, require
from .tx import write

KEPUTUSAN = ("diusulkan", "ditetapkan", "tidak_dipilih")
WARN_DAYS = (60, 30)


@dataclass
class SkData:
    sk_nomor: str = ""
    sk_tanggal: dt.date | None = None
    sk_penerbit: str = ""
    mulai: dt.date | None = None  # TMT
    selesai: dt.date | None = None
    niat: str = ""


@dataclass(frozen=True)
class PenugasanInfo:
    id: int
    pendaftar_id: int
    nama: str
    nik: str  # masked
    telepon: str
    sk_nomor: str
    sk_tanggal: dt.date
    sk_penerbit: str
    mulai: dt.date
    selesai: dt.date | None
    niat: str
    aktif: bool
    menggantikan: str
    berhenti_tanggal: dt.date | None
    berhenti_alasan: str

    def sisa_hari(self, today: dt.date | None = None) -> int | None:
        if self.selesai is None:
            return None
        return (self.selesai - (today or dt.date.today())).days

    def peringatan(self, today: dt.date | None = None) -> str:
        """The SK-term warning shown 60 and 30 days before the end (and after it)."""
        left = self.sisa_hari(today)
        if left is None or not self.aktif:
            return ""
        if left < 0:
            return (f"Masa tugas menurut SK berakhir {tanggal(self.selesai)} ({-left} hari lalu). "
                    "Catat SK perpanjangan atau pemberhentian.")
        if left <= WARN_DAYS[1]:
            return f"Masa tugas SK berakhir {tanggal(self.selesai)}: tinggal {left} hari."
        if left <= WARN_DAYS[0]:
            return f"Masa tugas SK berakhir {tanggal(self.selesai)} (dalam {left} hari)."
        return ""


def _info(t: Penugasan) -> PenugasanInfo:
    stop = Pemberhentian.get_or_none(Pemberhentian.penugasan == t.id)
    prev = t.menggantikan.pendaftar.nama if fk(t, "menggantikan") else ""
    return PenugasanInfo(
        t.id, fk(t, "pendaftar"), t.pendaftar.nama, mask_nik(t.pendaftar.nik),
        t.pendaftar.telepon,
        t.sk_nomor, t.sk_tanggal, t.sk_penerbit, t.mulai, t.selesai, t.niat, t.aktif, prev,
        stop.tanggal if stop else None, stop.alasan.nama if stop else "")


def record_decision(actor: Actor, pendaftar_id: int, keputusan: str, tanggal_: dt.date | None,
                    catatan: str = "") -> None:
    require(actor, Aksi.SELEKSI_CATAT)
    problems = []
    if keputusan not in KEPUTUSAN:
        problems.append(FieldProblem("keputusan", "Pilih keputusan: diusulkan, ditetapkan, "
                                     "atau tidak dipilih."))
    if tanggal_ is None:
        problems.append(FieldProblem("tanggal", "Tanggal keputusan wajib diisi."))
    if problems:
        raise ValidationError("\n".join(p.message for p in problems), problems)
    with write():
        p = _pendaftar(actor, pendaftar_id)
        row = KeputusanSeleksi.create(pendaftar=p, keputusan=keputusan, tanggal=tanggal_,
                                      catatan=catatan.strip(), dicatat_oleh=actor.user_id)
        audit.record_create(actor, row, f"Keputusan seleksi {p.nama}: {keputusan}")


def _pendaftar(actor: Actor, pendaftar_id: int) -> Pendaftar:
    """The candidate, only when of the actor's kecamatan."""
    p = Pendaftar.get_or_none(Pendaftar.id == pendaftar_id)
    if p is None:
        raise NotFound("Pendaftar tidak ditemukan.")
    lingkup.check_kecamatan(actor, fk(p, "kecamatan"))
    return p


def decisions(actor: Actor, pendaftar_id: int) -> list[tuple[dt.date, str, str]]:
    require(actor, Aksi.PENDAFTAR_LIHAT)
    if lingkup.is_dinas():
        _pendaftar(actor, pendaftar_id)
    q = (KeputusanSeleksi.select().where(KeputusanSeleksi.pendaftar == pendaftar_id)
         .order_by(KeputusanSeleksi.tanggal, KeputusanSeleksi.id))
    return [(k.tanggal, k.keputusan, k.catatan) for k in q]


def _check_sk(sk: SkData) -> None:
    problems = []
    if not sk.sk_nomor.strip():
        problems.append(FieldProblem("sk_nomor", "Nomor SK wajib diisi."))
    if sk.sk_tanggal is None:
        problems.append(FieldProblem("sk_tanggal", "Tanggal SK wajib diisi."))
    if sk.mulai is None:
        problems.append(FieldProblem("mulai", "Tanggal mulai tugas (TMT) wajib diisi."))
    if sk.mulai and sk.selesai and sk.selesai <= sk.mulai:
        problems.append(FieldProblem("selesai", "Tanggal akhir tugas harus sesudah TMT."))
    if len(sk.niat.strip()) > 20:
        problems.append(FieldProblem("niat", "NIAT paling panjang 20 karakter "
                                     "(contoh: 16.03.06-0001)."))
    if problems:
        raise ValidationError("\n".join(p.message for p in problems), problems)


def active(kecamatan_id: int | None = None) -> PenugasanInfo | None:
    """The active TKSK of ``kecamatan_id``; without it, of the only kecamatan of a kecamatan
    database (a Dinas database has one per kecamatan: None; see :func:`aktif_untuk`)."""
    q = Penugasan.select().where(Penugasan.aktif)
    if kecamatan_id is not None:
        q = q.where(Penugasan.kecamatan == kecamatan_id)
    elif lingkup.is_dinas():
        return None
    t = q.first()
    return _info(t) if t else None


def aktif_untuk(actor: Actor, kecamatan_id: int | None = None) -> PenugasanInfo | None:
    """The active TKSK of the actor's kecamatan (a kabupaten-wide user: the chosen one)."""
    require(actor, Aksi.PENDAFTAR_LIHAT)
    return active(lingkup.satu_kecamatan(actor, kecamatan_id))


def _refuse_ineligible(p: Pendaftar) -> None:
    result = pendaftar_service.kelayakan(p.id)
    if result.hasil == el.MEMENUHI_SYARAT:
        return
    lines = [f"- {k.pasal} ({k.judul}): {k.hasil_label.lower()}, {k.nilai}"
             for k in result.kriteria if k.hasil != el.MEMENUHI]
    raise Conflict(f"{p.nama} belum dapat diangkat: hasil pemeriksaan Pasal 9 "
                   f"'{result.hasil_label}'.\n" + "\n".join(lines))


def _refuse_second(p: Pendaftar) -> None:
    current = active(fk(p, "kecamatan"))
    if current is not None:
        raise Conflict(
            f"{current.nama} masih aktif sebagai TKSK kecamatan ini (SK {current.sk_nomor}, "
            f"TMT {tanggal(current.mulai)}). Satu kecamatan hanya memiliki satu TKSK aktif: "
            "akhiri dulu penugasan itu lewat Pemberhentian, atau gunakan Pergantian TKSK.")


def appoint(actor: Actor, pendaftar_id: int, sk: SkData,
            menggantikan_id: int | None = None) -> PenugasanInfo:
    require(actor, Aksi.PENUGASAN_KELOLA)
    _check_sk(sk)
    with write():
        p = _pendaftar(actor, pendaftar_id)
        _refuse_ineligible(p)
        _refuse_second(p)
        t = Penugasan.create(
            pendaftar=p, kecamatan=fk(p, "kecamatan"), sk_nomor=sk.sk_nomor.strip(),
            sk_tanggal=sk.sk_tanggal, sk_penerbit=sk.sk_penerbit.strip(), mulai=sk.mulai,
            selesai=sk.selesai, niat=sk.niat.strip(), aktif=True, menggantikan=menggantikan_id)
        audit.record_create(actor, t, f"Pengangkatan TKSK {p.nama} (SK {t.sk_nomor})")
    return _info(t)


@dataclass
class PemberhentianData:
    tanggal: dt.date | None = None
    alasan_id: int | None = None
    catatan: str = ""
    bukti: str | os.PathLike[str] | None = None  # a file: letter, SK pemberhentian


def terminate(actor: Actor, penugasan_id: int, data: PemberhentianData) -> PenugasanInfo:
    require(actor, Aksi.PENUGASAN_KELOLA)
    problems = []
    if data.tanggal is None:
        problems.append(FieldProblem("tanggal", "Tanggal pemberhentian wajib diisi."))
    alasan = (AlasanPemberhentian.get_or_none(AlasanPemberhentian.id == data.alasan_id)
              if data.alasan_id else None)
    if alasan is None:
        problems.append(FieldProblem("alasan", "Pilih alasan pemberhentian."))
    if problems:
        raise ValidationError("\n".join(p.message for p in problems), problems)
    assert data.tanggal is not None and alasan is not None
    with write():
        t = Penugasan.get_or_none(Penugasan.id == penugasan_id)
        if t is None:
            raise NotFound("Penugasan tidak ditemukan.")
        lingkup.check_kecamatan(actor, fk(t, "kecamatan"))
        if not t.aktif:
            raise Conflict("Penugasan ini sudah berakhir.")
        if data.tanggal < t.mulai:
            raise ValidationError.single("tanggal", "Tanggal pemberhentian tidak boleh sebelum "
                                         f"TMT ({tanggal(t.mulai)}).")
        bukti_id = lampiran.store_file(data.bukti).id if data.bukti else None
        before = audit.snapshot(t)
        t.aktif = False
        if t.selesai is None or t.selesai > data.tanggal:
            t.selesai = data.tanggal
        t.versi += 1
        t.save()
        audit.record_update(actor, t, before, f"Penugasan TKSK {t.pendaftar.nama} berakhir")
        stop = Pemberhentian.create(penugasan=t, tanggal=data.tanggal, alasan=alasan,
                                    catatan=data.catatan.strip(), lampiran=bukti_id,
                                    dicatat_oleh=actor.user_id)
        audit.record_create(actor, stop, f"Pemberhentian {t.pendaftar.nama}: {alasan.nama}")
    return _info(t)


def replace(actor: Actor, new_pendaftar_id: int, sk: SkData, tanggal_berhenti: dt.date,
            catatan: str = "") -> PenugasanInfo:
    """Pergantian: end the active TKSK (ground "pergantian") and appoint the new one, in one
    transaction; the new assignment records whom it replaces."""
    require(actor, Aksi.PENUGASAN_KELOLA)
    _check_sk(sk)
    with write():
        p = _pendaftar(actor, new_pendaftar_id)
        _refuse_ineligible(p)
        current = active(fk(p, "kecamatan"))
        if current is None:
            raise Conflict("Tidak ada TKSK aktif untuk diganti; gunakan Pengangkatan.")
        if current.pendaftar_id == p.id:
            raise Conflict(f"{p.nama} adalah TKSK yang sedang aktif.")
        if sk.mulai is not None and sk.mulai < tanggal_berhenti:
            raise ValidationError.single(
                "mulai", f"TMT TKSK baru ({tanggal(sk.mulai)}) tidak boleh sebelum tanggal "
                f"berhenti {current.nama} ({tanggal(tanggal_berhenti)}): masa tugas tidak boleh "
                "tumpang tindih.")
        ground = AlasanPemberhentian.get_or_none(AlasanPemberhentian.kode == "pergantian")
        if ground is None:
            raise NotFound("Alasan 'pergantian' tidak ada di daftar referensi.")
        terminate(actor, current.id, PemberhentianData(
            tanggal_berhenti, ground.id, catatan or f"Diganti oleh {p.nama}"))
        return appoint(actor, p.id, sk, menggantikan_id=current.id)


def history(actor: Actor, kecamatan_id: int | None = None) -> list[PenugasanInfo]:
    """Every assignment of the actor's kecamatan (a kabupaten-wide user: of ``kecamatan_id``,
    or of every kecamatan), newest first."""
    require(actor, Aksi.PENDAFTAR_LIHAT)
    q = lingkup.limit(Penugasan.select(),
                      lingkup.where_kecamatan(Penugasan.kecamatan, actor, kecamatan_id))
    return [_info(t) for t in q.order_by(Penugasan.mulai.desc(), Penugasan.id.desc())]


def for_candidate(actor: Actor, pendaftar_id: int) -> list[PenugasanInfo]:
    require(actor, Aksi.PENDAFTAR_LIHAT)
    if lingkup.is_dinas():
        _pendaftar(actor, pendaftar_id)
    q = Penugasan.select().where(Penugasan.pendaftar == pendaftar_id).order_by(Penugasan.id)
    return [_info(t) for t in q]


def grounds() -> list[tuple[int, str]]:
    q = (AlasanPemberhentian.select().where(AlasanPemberhentian.aktif)
         .order_by(AlasanPemberhentian.urutan))
    return [(a.id, a.nama) for a in q]
