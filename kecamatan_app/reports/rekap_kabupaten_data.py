"""The consolidated yearly recap of a kabupaten (all its kecamatan) as plain data: what
:mod:`rekap_kabupaten_pdf` and :mod:`rekap_kabupaten_xlsx` print. No database, no Qt."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .rekap_baris import BULAN_SINGKAT, Baris

__all__ = [
    "BULAN_SINGKAT",
    "KETERANGAN_WARNA",
    "Baris",
    "BarisAngka",
    "BarisStatus",
    "RekapKabupaten",
    "SelStatus",
]


@dataclass(frozen=True)
class SelStatus:
    """One kecamatan-month of the report calendar as printed: the status word, the timeliness
    mark (text, so the table reads without colour) and the kind that picks the shading."""

    status: str  # "Disetujui", "Diajukan", "Dikembalikan", "Draf", "Belum", "-" (not expected)
    tanda: str  # "Tepat", "Telat 3 hr", "Lewat batas", "" ...
    jenis: str  # one of KETERANGAN_WARNA's keys

    @property
    def teks(self) -> str:
        return f"{self.status} ({self.tanda})" if self.tanda else self.status


#: Cell kinds of the status table, in legend order: (label, background colour as hex).
KETERANGAN_WARNA: dict[str, tuple[str, str]] = {
    "disetujui": ("Disetujui", "C8E6C9"),
    "diajukan": ("Diajukan, menunggu persetujuan camat", "BBDEFB"),
    "dikembalikan": ("Dikembalikan untuk diperbaiki", "FFE0B2"),
    "belum": ("Belum diajukan, batas belum lewat", "FFFFFF"),
    "lewat": ("Belum diajukan, batas sudah lewat", "FFCDD2"),
    "tidak_wajib": ("Tidak wajib (tidak ada TKSK / bulan belum berakhir)", "EEEEEE"),
}


@dataclass(frozen=True)
class BarisAngka:
    """A row of a kecamatan x column table (functions, PPKS categories)."""

    label: str
    nilai: tuple[int, ...]
    keterangan: str = ""  # e.g. which month's mapping the PPKS row is taken from

    @property
    def jumlah(self) -> int:
        return sum(self.nilai)


@dataclass(frozen=True)
class BarisStatus:
    """One kecamatan of the report-status table: 12 months and the year's totals."""

    kecamatan: str
    sel: tuple[SelStatus, ...]  # 12
    wajib: int
    diterima: int
    disetujui: int
    tepat: int
    terlambat: int


@dataclass
class RekapKabupaten:
    kop: list[str]
    judul: list[str]
    tahun: int
    kegiatan: list[Baris]  # per kecamatan per month (the last row: the kabupaten's total)
    fungsi: list[str]  # column titles of ``per_fungsi``
    per_fungsi: list[BarisAngka]  # per kecamatan per function (last row: total)
    status: list[BarisStatus]  # per kecamatan
    status_jumlah: list[Baris]  # per month: wajib, diterima, disetujui, tepat, terlambat
    instansi: list[tuple[str, int, int, int]]  # agency, made, closed, open at the end
    ppks_kategori: list[tuple[str, str]]  # (code, name) of the columns of ``ppks``
    ppks: list[BarisAngka]  # per kecamatan per category (last row: total)
    catatan: list[str] = field(default_factory=list)  # the rules behind the numbers
    dicetak: str = ""
    logo: Path | None = None
