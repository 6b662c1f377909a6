"""Printing TKSK candidate documents: gathers the plain data from the database and hands it to
:mod:`reports.tksk_pdf`. Every print is recorded in the audit trail (UU 27/2022 Pasal 31)."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from pathlib import Path

from ..models.base import now
from ..reports.pdf_dasar import PAPER, Kop
from ..reports.tksk_pdf import (
    BarisKriteria,
    BarisPendaftar,
    Cetakan,
    DaftarPendaftar,
    LembarVerifikasi,
    TandaTangan,
    render_daftar_pendaftar,
    render_lembar_verifikasi,
)
from . import audit, lingkup
from . import desa as desa_service
from . import pendaftar as pendaftar_service
from .context import Actor
from .errors import NotFound, PrintFileError, ValidationError
from .kantor import OfficeInfo, get_office, logo_path
from .nik import mask_nik
from .pendaftar_daftar import PendaftarFilter, search
from .permissions import Aksi, require

SARINGAN_HASIL = {
    "memenuhi_syarat": "memenuhi syarat",
    "tidak_memenuhi_syarat": "tidak memenuhi syarat",
    "belum_lengkap": "belum lengkap",
}
#: No filter: every candidate (the filter is frozen, so one shared default is safe).
SEMUA = PendaftarFilter()


def _written(
    path: str | os.PathLike[str], render: Callable[[], Path], record: Callable[[Path], object]
) -> Path:
    """Run ``render``, then ``record`` the print in the audit trail. A file-system failure
    becomes an Indonesian message; no file is left without its audit entry (when recording
    fails, the new file is removed again)."""
    try:
        out = render()
    except OSError as exc:
        raise PrintFileError(
            f"Berkas PDF tidak dapat ditulis: {Path(path)}. Pastikan foldernya ada dan Anda "
            "berhak menulis di sana; tutup berkas itu bila sedang terbuka di penampil PDF, lalu "
            f"ulangi. (Keterangan sistem: {exc.strerror or exc})"
        ) from exc
    try:
        record(out)
    except BaseException:
        out.unlink(missing_ok=True)
        raise
    return out


def _check_paper(paper: str) -> None:
    if paper not in PAPER:
        raise ValidationError.single(
            "kertas", f"Ukuran kertas {paper!r} tidak dikenal: pilih {' atau '.join(PAPER)}."
        )


def _office(kecamatan_id: int | None = None) -> OfficeInfo:
    """The office whose kop a print carries: of ``kecamatan_id`` (a Dinas database holds one
    per kecamatan), without it the only office of a kecamatan database."""
    info = get_office(kecamatan_id)
    if info is None:
        raise NotFound("Kantor belum disiapkan. Jalankan penyiapan kantor terlebih dahulu.")
    return info


def _kop(info: OfficeInfo) -> Kop:
    k = info.kantor
    lines = [k.kop_baris_1, k.kop_baris_2, k.kop_baris_3, k.kop_baris_4]
    return Kop([line for line in lines if line.strip()], logo=logo_path(info.kecamatan_id))


def _printer_name(actor: Actor) -> str:
    return actor.username if actor.is_system else actor.full_name


def _tanda_tangan(info: OfficeInfo, actor: Actor, today: dt.date) -> TandaTangan:
    camat = info.camat
    return TandaTangan(
        kecamatan=info.kecamatan,
        camat_nama=camat.nama if camat else "",
        camat_nip=camat.nip if camat else "",
        camat_plt=camat.plt if camat else False,
        camat_keterangan=camat.keterangan_jabatan if camat else "",
        camat_pangkat=camat.pangkat if camat else "",
        tempat=info.kantor.tempat_surat or info.kecamatan,
        tanggal=today,
        nama_kanan=_printer_name(actor),
    )


def _cetakan(actor: Actor, when: dt.datetime) -> Cetakan:
    return Cetakan(oleh=_printer_name(actor), pada=when)


def _alamat(data: pendaftar_service.PendaftarData) -> str:
    rt_rw = "/".join(
        p for p in (f"RT {data.rt}" if data.rt else "", f"RW {data.rw}" if data.rw else "") if p
    )
    return ", ".join(p for p in (data.alamat.strip(), rt_rw) if p)


def _domisili(data: pendaftar_service.PendaftarData) -> str:
    if data.desa_domisili_id is not None:
        desa = desa_service.by_id(data.desa_domisili_id)
        if desa is not None:
            return f"{desa.jenis.title()} {desa.nama}"
    if data.domisili_lain:
        return f"{data.domisili_lain} (di luar kecamatan)"
    return ""


def lembar_data(
    actor: Actor, pendaftar_id: int, with_nik: bool = False, when: dt.datetime | None = None
) -> LembarVerifikasi:
    """The verification sheet's content, checked for rights (no audit entry: nothing printed)."""
    require(actor, Aksi.PENDAFTAR_LIHAT)
    if with_nik:
        require(actor, Aksi.PENDAFTAR_UBAH)
    data, _ = pendaftar_service.data_of(pendaftar_id, actor)  # a candidate of the actor's
    info = _office(data.kecamatan_id)  # kecamatan, printed under its office's kop
    when = when or now()
    result = pendaftar_service.kelayakan(pendaftar_id)
    assert data.tanggal_lahir is not None and data.tanggal_daftar is not None
    acuan = (
        "tanggal pendaftaran"
        if result.tanggal_acuan == data.tanggal_daftar
        else "tanggal acuan menurut pengaturan kantor"
    )
    return LembarVerifikasi(
        kop=_kop(info),
        kecamatan=info.kecamatan,
        nama=data.nama,
        nik=data.nik if with_nik else mask_nik(data.nik),
        nik_lengkap=with_nik,
        jenis_kelamin=data.jenis_kelamin,
        tempat_lahir=data.tempat_lahir,
        tanggal_lahir=data.tanggal_lahir,
        alamat=_alamat(data),
        desa_domisili=_domisili(data),
        pendidikan=data.pendidikan or "",
        telepon=data.telepon,
        tanggal_daftar=data.tanggal_daftar,
        periode=data.periode_rekrutmen,
        kriteria=[
            BarisKriteria(
                k.huruf, k.pasal, k.judul, k.hasil, k.hasil_label, k.nilai, k.bukti, k.keterangan
            )
            for k in result.kriteria
        ],
        hasil=result.hasil,
        hasil_label=result.hasil_label,
        tanggal_acuan=result.tanggal_acuan,
        acuan_keterangan=acuan,
        tanda_tangan=_tanda_tangan(info, actor, when.date()),
        cetakan=_cetakan(actor, when),
    )


def print_lembar(
    actor: Actor,
    pendaftar_id: int,
    path: str | os.PathLike[str],
    paper: str = "A4",
    with_nik: bool = False,
) -> Path:
    """Print the Pasal 9 verification sheet of one candidate to ``path`` (PDF).

    The NIK is masked unless ``with_nik`` (needs the right to edit candidates). The audit entry
    is written only once the file is complete."""
    _check_paper(paper)
    data = lembar_data(actor, pendaftar_id, with_nik)
    ringkasan = f"Cetak lembar verifikasi {data.nama}" + (" (NIK lengkap)" if with_nik else "")
    return _written(
        path,
        lambda: render_lembar_verifikasi(path, data, paper),
        lambda out: audit.record(
            actor,
            "cetak",
            "pendaftar",
            pendaftar_id,
            ringkasan,
            baru={"berkas": out.name, "kertas": paper, "nik_lengkap": with_nik},
        ),
    )


def _saringan(f: PendaftarFilter) -> str:
    parts = [
        f"Periode {f.periode}" if f.periode else "Semua periode",
        f"hasil: {SARINGAN_HASIL.get(f.hasil, f.hasil)}" if f.hasil else "semua hasil",
    ]
    if f.teks.strip():
        parts.append(f'pencarian: "{f.teks.strip()}"')
    return "; ".join(parts)


def daftar_data(
    actor: Actor, f: PendaftarFilter = SEMUA, when: dt.datetime | None = None
) -> DaftarPendaftar:
    """The candidate list's content (``search`` checks the right and masks the NIK)."""
    rows = search(actor, f)
    info = _office(lingkup.satu_kecamatan(actor, f.kecamatan_id))
    when = when or now()
    baris = [
        BarisPendaftar(
            r.nama,
            r.nik,
            r.jenis_kelamin,
            r.usia,
            r.domisili,
            r.pendidikan,
            r.tanggal_daftar,
            r.hasil,
            r.hasil_label,
            r.keputusan,
        )
        for r in sorted(rows, key=lambda r: (r.tanggal_daftar, r.nama.lower()))
    ]
    return DaftarPendaftar(
        kop=_kop(info),
        kecamatan=info.kecamatan,
        baris=baris,
        tanda_tangan=_tanda_tangan(info, actor, when.date()),
        cetakan=_cetakan(actor, when),
        saringan=_saringan(f),
    )


def print_daftar(
    actor: Actor, path: str | os.PathLike[str], filter: PendaftarFilter = SEMUA, paper: str = "A4"
) -> Path:
    """Print the (filtered) candidate list to ``path`` (PDF, landscape, NIK masked)."""
    _check_paper(paper)
    data = daftar_data(actor, filter)
    ringkasan = f"Cetak daftar pendaftar: {len(data.baris)} orang"
    return _written(
        path,
        lambda: render_daftar_pendaftar(path, data, paper),
        lambda out: audit.record(
            actor,
            "cetak",
            "pendaftar",
            "",
            ringkasan,
            baru={"berkas": out.name, "kertas": paper, "saringan": data.saringan},
        ),
    )
