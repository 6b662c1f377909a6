"""Social mapping: counts per desa and period, and the by-name-by-address registry."""

from __future__ import annotations

from peewee import (
    BooleanField,
    CharField,
    DateField,
    ForeignKeyField,
    IntegerField,
    SmallIntegerField,
    TextField,
)

from .base import BaseModel, NamaField, TimestampedModel
from .kantor import Lampiran
from .pengguna import Pengguna
from .referensi import Kategori, ProgramBantuan
from .wilayah import Desa, Dusun


class RekapPemetaan(TimestampedModel):
    """PPKS/PSKS count of one desa for one period: reported by the desa vs found by the TKSK.

    Period: ``tahun`` with ``semester`` (1-2) or ``bulan`` (1-12) or neither (the whole year).
    """

    tahun = SmallIntegerField()
    semester = SmallIntegerField(default=0)
    bulan = SmallIntegerField(default=0)
    desa = ForeignKeyField(Desa, backref="rekap", on_delete="RESTRICT")
    kategori = ForeignKeyField(Kategori, on_delete="RESTRICT")
    jumlah_desa = IntegerField(null=True)
    jumlah_temuan = IntegerField(null=True)
    satuan = CharField(max_length=10, default="jiwa")
    sumber = CharField(max_length=200, default="")
    catatan = TextField(default="")

    class Meta:
        indexes = ((("tahun", "semester", "bulan", "desa", "kategori"), True),)


class Keluarga(TimestampedModel):
    no_kk = CharField(max_length=16, null=True, unique=True)
    kepala = NamaField(max_length=150, index=True)
    alamat = TextField(default="")
    desa = ForeignKeyField(Desa, backref="keluarga", on_delete="RESTRICT")
    dusun = ForeignKeyField(Dusun, null=True, on_delete="SET NULL")
    rt = CharField(max_length=3, default="")
    rw = CharField(max_length=3, default="")


class Warga(TimestampedModel):
    """A person in the registry. NIK may be unknown (null) but is unique when given."""

    nik = CharField(max_length=16, null=True, unique=True)
    nama = NamaField(max_length=150, index=True)
    jenis_kelamin = CharField(max_length=1)
    tempat_lahir = CharField(max_length=100, default="")
    tanggal_lahir = DateField(null=True)
    keluarga = ForeignKeyField(Keluarga, null=True, backref="anggota", on_delete="SET NULL")
    hubungan = CharField(max_length=30, default="")  # Kepala Keluarga, Istri, Anak, ...
    alamat = TextField(default="")
    desa = ForeignKeyField(Desa, backref="warga", on_delete="RESTRICT")
    dusun = ForeignKeyField(Dusun, null=True, on_delete="SET NULL")
    rt = CharField(max_length=3, default="")
    rw = CharField(max_length=3, default="")
    meninggal = BooleanField(default=False)


class DataPPKS(TimestampedModel):
    """A PPKS category of a person or household, with its verification state."""

    warga = ForeignKeyField(Warga, null=True, backref="ppks", on_delete="CASCADE")
    keluarga = ForeignKeyField(Keluarga, null=True, backref="ppks", on_delete="CASCADE")
    kategori = ForeignKeyField(Kategori, on_delete="RESTRICT")
    #: teridentifikasi -> terverifikasi -> ditangani -> tidak_lagi
    status = CharField(max_length=20, default="teridentifikasi", index=True)
    rincian = CharField(max_length=100, default="")
    tanggal_verifikasi = DateField(null=True)
    diverifikasi_oleh = ForeignKeyField(Pengguna, null=True, on_delete="RESTRICT")
    catatan = TextField(default="")
    foto = ForeignKeyField(Lampiran, null=True, on_delete="SET NULL")


class StatusRegister(TimestampedModel):
    """Membership of a national register (DTKS, DTSEN, ...): not hard-coded to one."""

    warga = ForeignKeyField(Warga, null=True, backref="register", on_delete="CASCADE")
    keluarga = ForeignKeyField(Keluarga, null=True, backref="register", on_delete="CASCADE")
    nama_register = CharField(max_length=30)
    id_register = CharField(max_length=50, default="")
    desil = SmallIntegerField(null=True)
    terdaftar = BooleanField(default=True)
    tanggal_cek = DateField()


class BantuanDiterima(TimestampedModel):
    warga = ForeignKeyField(Warga, null=True, backref="bantuan", on_delete="CASCADE")
    keluarga = ForeignKeyField(Keluarga, null=True, backref="bantuan", on_delete="CASCADE")
    program = ForeignKeyField(ProgramBantuan, on_delete="RESTRICT")
    periode = CharField(max_length=30)  # "2026", "2026 Tahap 2", "2026-03"
    status = CharField(max_length=20, default="diterima")
    sumber = CharField(max_length=100, default="")


class DataPSKS(TimestampedModel):
    """A PSKS person or institution (PSM, Karang Taruna, LKS, Tagana, ...) in a desa."""

    kategori = ForeignKeyField(Kategori, on_delete="RESTRICT")
    nama = NamaField(max_length=200, index=True)
    perorangan = BooleanField(default=True)
    nik = CharField(max_length=16, null=True)
    desa = ForeignKeyField(Desa, backref="psks", on_delete="RESTRICT")
    alamat = TextField(default="")
    kontak = CharField(max_length=100, default="")
    ketua = CharField(max_length=150, default="")
    status = CharField(max_length=20, default="aktif")
    catatan = TextField(default="")


class RiwayatDataPPKS(BaseModel):
    """Dated history of a DataPPKS row's status (who moved it and when)."""

    data = ForeignKeyField(DataPPKS, backref="riwayat", on_delete="CASCADE")
    status = CharField(max_length=20)
    tanggal = DateField()
    oleh = ForeignKeyField(Pengguna, null=True, on_delete="RESTRICT")
    catatan = TextField(default="")
