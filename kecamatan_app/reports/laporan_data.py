"""The monthly report's content as plain data: built by ``services.laporan_isi`` and rendered by
:mod:`laporan_pdf` and :mod:`laporan_xlsx`. No database, no Qt."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Identitas:
    nama: str
    nik: str  # masked
    sk_nomor: str
    niat: str
    kecamatan: str
    kabupaten: str
    telepon: str


@dataclass(frozen=True)
class BarisKegiatan:
    no: int
    hari_tanggal: str
    uraian: str
    fungsi: str
    bentuk: str
    lokasi: str
    sasaran: str
    mitra: str
    hasil: str
    keterangan: str


@dataclass(frozen=True)
class FotoLampiran:
    path: Path
    keterangan: str  # "Senin, 5 Oktober 2026 — Sigam — Rapat koordinasi ..."


@dataclass(frozen=True)
class RekapRujukan:
    dibuat: int
    ditutup: int
    terbuka: int
    terlambat: int
    per_instansi: list[tuple[str, int, int, int]]  # agency, made, closed (in month), open


@dataclass(frozen=True)
class LangkahLaporan:
    status: str  # label
    pada: dt.datetime
    oleh: str
    alasan: str


@dataclass(frozen=True)
class Penandatangan:
    camat_nama: str
    camat_nip: str
    camat_plt: bool
    camat_keterangan: str
    camat_pangkat: str
    tempat: str
    tanggal: dt.date


@dataclass
class LaporanIsi:
    judul: list[str]
    bagian: set[str]
    kop: list[str]
    nomor: str
    status: str  # label, e.g. "Draf", "Disetujui"
    tahun: int
    bulan: int
    bulan_label: str  # "Oktober 2026"
    identitas: Identitas
    pendahuluan: str
    kegiatan: list[BarisKegiatan]
    per_bentuk: list[tuple[str, str, int]]  # function, form, count
    per_desa: list[tuple[str, int, int, int]]  # desa, activities, participants L, P
    ppks: list[tuple[str, int]]  # category, persons/households reached in the month
    rujukan: RekapRujukan
    pemetaan: list[tuple[str, int]]  # what changed in the mapping, count
    kendala: str
    tindak_lanjut: str
    penutup: str
    ttd: Penandatangan
    tembusan: list[str] = field(default_factory=list)
    foto: list[FotoLampiran] = field(default_factory=list)
    riwayat: list[LangkahLaporan] = field(default_factory=list)
    dicetak: str = ""  # footer: who printed, when
    logo: Path | None = None  # the kop surat logo, printed left of the kop lines

    @property
    def jumlah_kegiatan(self) -> int:
        return len(self.kegiatan)

    def tampil(self, bagian: str) -> bool:
        return bagian in self.bagian
