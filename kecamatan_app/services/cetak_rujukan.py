"""Printing the referral letter (Surat Rujukan): gathers the plain data of one referral and hands
it to :mod:`reports.surat_rujukan_pdf`.

The letter carries personal data (name, NIK, address, the need): every print is recorded in the
audit trail (UU 27/2022 Pasal 31), only once the file is complete, and the NIK is masked unless
the user chooses the full number and holds the right to open it (:attr:`Aksi.NIK_BUKA`).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from ..models import (
    Desa,
    Dusun,
    InstansiRujukan,
    Kegiatan,
    KegiatanFoto,
    Keluarga,
    Pejabat,
    Pendaftar,
    Penugasan,
    RiwayatRujukan,
    Rujukan,
    Warga,
)
from ..models.base import fk, now
from ..reports.surat_rujukan_pdf import Klien, SuratRujukan, render_surat_rujukan
from ..reports.tksk_pdf import Cetakan, TandaTangan
from . import audit
from .cetak_tksk import _check_paper, _kop, _office, _printer_name, _written
from .context import Actor
from .errors import NotFound
from .formatting import tanggal
from .kantor import OfficeInfo
from .kegiatan import kecamatan_of
from .permissions import Aksi, require

JENIS_DESA = {"kelurahan": "Kelurahan", "desa": "Desa", "desa_adat": "Desa Adat"}


def _kabupaten(nama: str) -> str:
    nama = " ".join(nama.split())
    if nama.lower().startswith(("kabupaten ", "kota ", "kab. ")):
        return nama
    return f"Kabupaten {nama}" if nama else "Kabupaten/Kota"


def alamat_lengkap(alamat: str, rt: str, rw: str, desa_id: int | None, dusun_id: int | None,
                   kecamatan: str) -> str:
    """``Dusun II RT 003/RW 001, Desa Sigam, Kecamatan Gelumbang``: the parts the free-text
    address does not already hold."""
    parts: list[str] = []
    text = " ".join((alamat or "").split())
    low = f" {text.lower()} "
    dusun = Dusun.get_or_none(Dusun.id == dusun_id) if dusun_id else None
    if dusun is not None and dusun.nama.lower() not in low:
        parts.append(dusun.nama)
    if text:
        parts.append(text)
    rt_rw = "/".join(p for p in (f"RT {rt}" if rt and " rt " not in low else "",
                                 f"RW {rw}" if rw and " rw " not in low else "") if p)
    if rt_rw:
        parts.append(rt_rw)
    head = " ".join(parts)
    desa = Desa.get_or_none(Desa.id == desa_id) if desa_id else None
    tail = [f"{JENIS_DESA.get(desa.jenis, 'Desa')} {desa.nama}"] if desa is not None else []
    tail.append(f"Kecamatan {kecamatan}")
    return ", ".join([head, *tail] if head else tail)


def _klien(r: Any, kecamatan: str) -> Klien:
    if fk(r, "warga"):
        w: Any = Warga.get_by_id(fk(r, "warga"))
        kepala = ""
        if fk(w, "keluarga") and w.hubungan != "Kepala Keluarga":
            kk = Keluarga.get_or_none(Keluarga.id == fk(w, "keluarga"))
            kepala = kk.kepala if kk is not None and kk.kepala != w.nama else ""
        return Klien(
            nama=w.nama, nik=w.nik or "", jenis_kelamin=w.jenis_kelamin,
            tempat_lahir=w.tempat_lahir, tanggal_lahir=w.tanggal_lahir,
            alamat=alamat_lengkap(w.alamat, w.rt, w.rw, fk(w, "desa"), fk(w, "dusun"), kecamatan),
            kepala_keluarga=kepala)
    k: Any = Keluarga.get_by_id(fk(r, "keluarga"))
    members = list(Warga.select().where(Warga.keluarga == k.id).order_by(Warga.id))
    head = next((m for m in members if m.hubungan == "Kepala Keluarga"), None) \
        or next((m for m in members if m.nama == k.kepala), None)
    return Klien(
        nama=k.kepala, nik=(head.nik or "") if head else "",
        jenis_kelamin=head.jenis_kelamin if head else "",
        tempat_lahir=head.tempat_lahir if head else "",
        tanggal_lahir=head.tanggal_lahir if head else None,
        alamat=alamat_lengkap(k.alamat, k.rt, k.rw, fk(k, "desa"), fk(k, "dusun"), kecamatan),
        keluarga=True, no_kk=k.no_kk or "", jumlah_anggota=len(members))


def _camat(info: OfficeInfo, day: dt.date) -> TandaTangan:
    """The camat in office on the letter's date; the current one when the history has a gap."""
    in_office = (Pejabat.select()
                 .where((Pejabat.kecamatan == info.kecamatan_id) & (Pejabat.jabatan == "camat")
                        & ((Pejabat.mulai.is_null()) | (Pejabat.mulai <= day))
                        & ((Pejabat.selesai.is_null()) | (Pejabat.selesai >= day)))
                 .order_by(Pejabat.aktif.desc(), Pejabat.id.desc()).first())
    if in_office is not None:
        return TandaTangan(
            kecamatan=info.kecamatan, camat_nama=in_office.nama, camat_nip=in_office.nip or "",
            camat_plt=in_office.plt, camat_keterangan=in_office.keterangan_jabatan,
            camat_pangkat=in_office.pangkat, tanggal=day)
    c = info.camat
    return TandaTangan(
        kecamatan=info.kecamatan, camat_nama=c.nama if c else "", camat_nip=c.nip if c else "",
        camat_plt=c.plt if c else False, camat_keterangan=c.keterangan_jabatan if c else "",
        camat_pangkat=c.pangkat if c else "", tanggal=day)


def _tksk_nama(kegiatan_id: int) -> str:
    k = Kegiatan.get_or_none(Kegiatan.id == kegiatan_id)
    t = Penugasan.get_or_none(Penugasan.id == fk(k, "penugasan")) if k is not None else None
    p = Pendaftar.get_or_none(Pendaftar.id == fk(t, "pendaftar")) if t is not None else None
    return p.nama if p is not None else ""


def _lampiran(r: Any) -> int:
    """Documents that went with the referral: the activity's photos and documents, and any
    evidence filed with the 'diajukan' step."""
    foto = KegiatanFoto.select().where(KegiatanFoto.kegiatan == fk(r, "kegiatan")).count()
    bukti = (RiwayatRujukan.select()
             .where((RiwayatRujukan.rujukan == r.id) & (RiwayatRujukan.status == "diajukan")
                    & RiwayatRujukan.lampiran.is_null(False)).count())
    return int(foto) + int(bukti)


def _catatan_status(r: Any) -> str:
    if r.status != "dibatalkan":
        return ""
    step = (RiwayatRujukan.select().where((RiwayatRujukan.rujukan == r.id)
                                          & (RiwayatRujukan.status == "dibatalkan"))
            .order_by(RiwayatRujukan.id.desc()).first())
    when = f" pada {tanggal(step.tanggal)}" if step is not None else ""
    return f"SALINAN - rujukan ini telah DIBATALKAN{when}; surat ini tidak berlaku lagi."


def surat_data(actor: Actor, rujukan_id: int, dengan_nik: bool = False,
               when: dt.datetime | None = None) -> SuratRujukan:
    """The letter's content, checked for rights (no audit entry: nothing printed yet)."""
    require(actor, Aksi.KEGIATAN_LIHAT)
    if dengan_nik:
        require(actor, Aksi.NIK_BUKA)
    r: Any = Rujukan.get_or_none((Rujukan.id == rujukan_id)
                                 & (Rujukan.kecamatan == kecamatan_of(actor)))
    if r is None:
        raise NotFound("Rujukan tidak ditemukan (mungkin bukan rujukan kecamatan ini).")
    info = _office(fk(r, "kecamatan"))
    when = when or now()
    inst: Any = InstansiRujukan.get_by_id(fk(r, "instansi"))
    kab = _kabupaten(info.kabupaten)
    return SuratRujukan(
        kop=_kop(info), kecamatan=info.kecamatan, kabupaten=kab,
        tempat=info.kantor.tempat_surat or info.kecamatan, tanggal=r.tanggal,
        nomor=r.nomor_surat, instansi=inst.nama, instansi_alamat=inst.alamat or "",
        jenis_layanan=inst.jenis_layanan or "", klien=_klien(r, info.kecamatan),
        kebutuhan=r.kebutuhan, tksk_nama=_tksk_nama(fk(r, "kegiatan")),
        tanda_tangan=_camat(info, r.tanggal),
        cetakan=Cetakan(oleh=_printer_name(actor), pada=when), lampiran=_lampiran(r),
        persetujuan=r.persetujuan != "dikecualikan",
        alasan_tanpa_persetujuan=r.alasan_tanpa_persetujuan, jatuh_tempo=r.jatuh_tempo,
        nik_lengkap=dengan_nik, catatan_status=_catatan_status(r),
        tembusan=(f"Kepala Dinas Sosial {kab}", "Arsip"))


def write_surat(actor: Actor, rujukan_id: int, dest: Path, kertas: str = "A4",
                dengan_nik: bool = False) -> Path:
    """Print the referral letter of ``rujukan_id`` to ``dest`` (PDF, A4 or F4).

    Needs the right to view activities; the full NIK (``dengan_nik``) also the right to open
    NIK. The file is written atomically (a failure leaves no file) and the print is recorded in
    the audit trail once the file is complete; a file-system failure raises
    :class:`cetak_tksk.PrintFileError` with an Indonesian message."""
    _check_paper(kertas)
    data = surat_data(actor, rujukan_id, dengan_nik)
    ringkasan = (f"Cetak surat rujukan {data.nomor}: {data.klien.nama} ke {data.instansi}"
                 + (" (NIK lengkap)" if dengan_nik else ""))
    return _written(
        dest,
        lambda: render_surat_rujukan(dest, data, kertas),
        lambda out: audit.record(actor, "cetak", "rujukan", rujukan_id, ringkasan,
                                 baru={"berkas": out.name, "kertas": kertas,
                                       "nik_lengkap": dengan_nik}),
    )
