"""Retention (:mod:`retensi`): the shared types. The record types in the order they are purged
(:data:`JENIS`), one record past its retention (:class:`Calon`), a plan (:class:`RencanaRetensi`)
and a purge's result (:class:`HasilMusnah`), the audit actions and :func:`tambah_tahun`. No Qt.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..models import DataPSKS, Kegiatan, Keluarga, Pendaftar, Rujukan, Warga
from .formatting import angka, tanggal

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

def tambah_tahun(day: dt.date, years: int) -> dt.date:
    """``day`` plus ``years`` calendar years (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)
