"""peewee models only: tables, fields, constraints, indexes. No Qt, no business rules."""

from __future__ import annotations

from .base import BaseModel, database
from .kantor import Kantor, Lampiran, LampiranIsi, Pejabat, Pengaturan
from .kegiatan import (
    Kegiatan,
    KegiatanDesa,
    KegiatanFoto,
    KegiatanMitra,
    KegiatanSasaran,
    KegiatanTemplat,
    RiwayatRujukan,
    Rujukan,
)
from .kemiskinan import (
    IndikatorKemiskinan,
    Instrumen,
    JawabanPenilaian,
    KelasKemiskinan,
    OpsiIndikator,
    Penilaian,
)
from .laporan import LaporanBulanan, RiwayatLaporan
from .paket import PaketBulanan
from .pemetaan import (
    BantuanDiterima,
    DataPPKS,
    DataPSKS,
    Keluarga,
    RekapPemetaan,
    RiwayatDataPPKS,
    StatusRegister,
    Warga,
)
from .pengguna import JejakAudit, Pengguna
from .referensi import (
    AlasanPemberhentian,
    BentukKegiatan,
    FungsiKegiatan,
    InstansiRujukan,
    JenisBerkas,
    Kategori,
    KategoriAlias,
    ProgramBantuan,
)
from .tksk import (
    Berkas,
    KeputusanSeleksi,
    Pemberhentian,
    PemeriksaanSyarat,
    Pendaftar,
    Penugasan,
)
from .versi import VersiSkema
from .wilayah import Desa, DesaAlias, Dusun, Kecamatan

#: Every table, parents before children (create in this order, drop in reverse).
ALL_MODELS: list[type[BaseModel]] = [
    VersiSkema,
    Kecamatan,
    Desa,
    DesaAlias,
    Dusun,
    Lampiran,
    LampiranIsi,
    Kantor,
    Pejabat,
    Pengaturan,
    Pengguna,
    JejakAudit,
    Kategori,
    KategoriAlias,
    FungsiKegiatan,
    BentukKegiatan,
    ProgramBantuan,
    AlasanPemberhentian,
    InstansiRujukan,
    JenisBerkas,
    Pendaftar,
    Berkas,
    PemeriksaanSyarat,
    KeputusanSeleksi,
    Penugasan,
    Pemberhentian,
    RekapPemetaan,
    Keluarga,
    Warga,
    DataPPKS,
    RiwayatDataPPKS,
    StatusRegister,
    BantuanDiterima,
    DataPSKS,
    Kegiatan,
    KegiatanDesa,
    KegiatanMitra,
    KegiatanSasaran,
    KegiatanFoto,
    KegiatanTemplat,
    Rujukan,
    RiwayatRujukan,
    LaporanBulanan,
    RiwayatLaporan,
    PaketBulanan,
    Instrumen,
    IndikatorKemiskinan,
    OpsiIndikator,
    KelasKemiskinan,
    Penilaian,
    JawabanPenilaian,
]

__all__ = [m.__name__ for m in ALL_MODELS] + ["ALL_MODELS", "BaseModel", "database"]
