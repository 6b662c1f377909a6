"""The subject-access report's content as plain data: built by ``services.akses_subjek`` (the
records by ``services.akses_subjek_isi``) and rendered by :mod:`akses_subjek_pdf`, which
re-exports these classes. No database, no Qt.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..services.formatting import waktu
from .pdf_dasar import Kop


@dataclass(frozen=True)
class BerkasInfo:
    """A stored file's metadata (the file itself is not printed)."""

    nama: str
    jenis_mime: str
    ukuran: int
    disimpan_pada: dt.datetime | None = None

    @property
    def teks(self) -> str:
        size = f"{self.ukuran / 1024:.0f} KB" if self.ukuran >= 1024 else f"{self.ukuran} bita"
        when = f", disimpan {waktu(self.disimpan_pada)}" if self.disimpan_pada else ""
        return f"{self.nama} ({self.jenis_mime}, {size}{when})"


@dataclass(frozen=True)
class Langkah:
    """One dated step of a status history (PPKS status, referral status)."""

    tanggal: dt.date
    status: str
    oleh: str = ""
    keterangan: str = ""
    berkas: str = ""


@dataclass(frozen=True)
class KeluargaSubjek:
    no_kk: str
    kepala: str
    alamat: str
    #: ``(nama, hubungan)`` of every member: names and relation only, nothing else of theirs.
    anggota: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class PpksSubjek:
    milik: str  # "Perorangan" or "Keluarga"
    kategori: str
    status: str
    rincian: str = ""
    catatan: str = ""
    tanggal_verifikasi: dt.date | None = None
    diverifikasi_oleh: str = ""
    dicatat_pada: dt.datetime | None = None
    riwayat: tuple[Langkah, ...] = ()
    foto: BerkasInfo | None = None
    spesifik: bool = False
    tersembunyi: bool = False


@dataclass(frozen=True)
class WargaSubjek:
    """A registry person with this NIK, their household, PPKS, register status and aid."""

    id: int
    nama: str
    rincian: tuple[tuple[str, str], ...]
    keluarga: KeluargaSubjek | None = None
    ppks: tuple[PpksSubjek, ...] = ()
    register: tuple[str, ...] = ()
    bantuan: tuple[str, ...] = ()


@dataclass(frozen=True)
class PsksSubjek:
    id: int
    nama: str
    rincian: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class DokumenSubjek:
    jenis: str
    berkas: BerkasInfo
    keterangan: str
    verifikasi: str


@dataclass(frozen=True)
class SyaratSubjek:
    kriteria: str
    hasil: str
    nilai: str
    keterangan: str
    diperiksa_pada: dt.datetime | None


@dataclass(frozen=True)
class PenugasanSubjek:
    sk_nomor: str
    sk_tanggal: dt.date
    sk_penerbit: str
    mulai: dt.date
    selesai: dt.date | None
    aktif: bool
    pemberhentian: str = ""
    berkas: tuple[BerkasInfo, ...] = ()
    jumlah_kegiatan: int = 0


@dataclass(frozen=True)
class PendaftarSubjek:
    """A TKSK candidate record with this NIK: identity, documents, checks, decisions, SK."""

    id: int
    nama: str
    rincian: tuple[tuple[str, str], ...]
    dokumen: tuple[DokumenSubjek, ...] = ()
    syarat: tuple[SyaratSubjek, ...] = ()
    keputusan: tuple[Langkah, ...] = ()
    penugasan: tuple[PenugasanSubjek, ...] = ()


@dataclass(frozen=True)
class KegiatanSubjek:
    id: int
    tanggal: dt.date
    fungsi: str
    bentuk: str
    tempat: str
    judul: str
    uraian: str
    sebagai: str  # "Sasaran perorangan" / "Sasaran keluarga"
    foto: int = 0


@dataclass(frozen=True)
class RujukanSubjek:
    id: int
    nomor: str
    tanggal: dt.date
    klien: str
    kebutuhan: str
    instansi: str
    status: str
    persetujuan: str
    jatuh_tempo: dt.date | None = None
    hasil: str = ""
    balasan: str = ""
    riwayat: tuple[Langkah, ...] = ()


@dataclass(frozen=True)
class JejakSubjek:
    """One audit trail entry about one of the records above."""

    waktu: dt.datetime
    pelaku: str
    aksi: str
    data: str
    ringkasan: str


@dataclass(frozen=True)
class Pemberitahuan:
    tujuan: str
    dpo: tuple[tuple[str, str], ...]  # (label, value) rows of the officer


@dataclass(frozen=True)
class DataSubjek:
    nik: str
    dibuat_pada: dt.datetime
    oleh: str
    pemberitahuan: Pemberitahuan
    kop: Kop | None = None
    kecamatan: str = ""
    tempat: str = ""
    warga: tuple[WargaSubjek, ...] = ()
    psks: tuple[PsksSubjek, ...] = ()
    pendaftar: tuple[PendaftarSubjek, ...] = ()
    kegiatan: tuple[KegiatanSubjek, ...] = ()
    rujukan: tuple[RujukanSubjek, ...] = ()
    jejak: tuple[JejakSubjek, ...] = ()
    #: Specific-data records the printing role may not see (shown as hidden, counted here).
    disembunyikan: int = 0
    peran_data_spesifik: tuple[str, ...] = field(default_factory=tuple)

    @property
    def kosong(self) -> bool:
        """Nothing is held under this NIK (the history may still show earlier deletions)."""
        return not (self.warga or self.psks or self.pendaftar or self.kegiatan or self.rujukan)

    @property
    def nama(self) -> str:
        for group in (self.warga, self.pendaftar, self.psks):
            for item in group:
                return item.nama
        return ""

    @property
    def jumlah_catatan(self) -> int:
        return (len(self.warga) + len(self.psks) + len(self.pendaftar) + len(self.kegiatan)
                + len(self.rujukan))
