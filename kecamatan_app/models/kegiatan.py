"""Activity records by the regulation's functions, and referrals with their history."""

from __future__ import annotations

from peewee import (
    CharField,
    DateField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    SmallIntegerField,
    TextField,
    TimeField,
)

from .base import BaseModel, NamaField, TimestampedModel, now
from .kantor import Lampiran
from .pemetaan import DataPSKS, Keluarga, Warga
from .pengguna import Pengguna
from .referensi import BentukKegiatan, FungsiKegiatan, InstansiRujukan, ProgramBantuan
from .tksk import Penugasan
from .wilayah import Desa, Kecamatan


class Kegiatan(TimestampedModel):
    kecamatan = ForeignKeyField(Kecamatan, backref="kegiatan", on_delete="RESTRICT")
    penugasan = ForeignKeyField(Penugasan, backref="kegiatan", on_delete="RESTRICT")
    tanggal = DateField(index=True)
    jam_mulai = TimeField(null=True)
    jam_selesai = TimeField(null=True)
    fungsi = ForeignKeyField(FungsiKegiatan, on_delete="RESTRICT")
    bentuk = ForeignKeyField(BentukKegiatan, on_delete="RESTRICT")
    program = ForeignKeyField(ProgramBantuan, null=True, on_delete="RESTRICT")
    lingkup = CharField(max_length=12, default="desa")  # desa | beberapa | kecamatan
    judul = CharField(max_length=200)
    uraian = TextField(default="")
    hasil = TextField(default="")
    hambatan_kategori = CharField(max_length=20, default="")
    hambatan = TextField(default="")
    tindak_lanjut = TextField(default="")
    peserta_l = IntegerField(default=0)
    peserta_p = IntegerField(default=0)
    status = CharField(max_length=10, default="draf")  # draf | final

    class Meta:
        # a kecamatan's activities of a month (lists, Beranda, report): one range scan; in a
        # Dinas database with every kecamatan's activities this is what keeps a month quick
        indexes = ((("kecamatan", "tanggal"), False),)


class KegiatanDesa(BaseModel):
    kegiatan = ForeignKeyField(Kegiatan, backref="desa", on_delete="CASCADE")
    desa = ForeignKeyField(Desa, on_delete="RESTRICT")

    class Meta:
        indexes = ((("kegiatan", "desa"), True),)


class KegiatanMitra(BaseModel):
    kegiatan = ForeignKeyField(Kegiatan, backref="mitra", on_delete="CASCADE")
    psks = ForeignKeyField(DataPSKS, null=True, on_delete="RESTRICT")
    instansi = ForeignKeyField(InstansiRujukan, null=True, on_delete="RESTRICT")
    nama = CharField(max_length=200, default="")


class KegiatanSasaran(BaseModel):
    kegiatan = ForeignKeyField(Kegiatan, backref="sasaran", on_delete="CASCADE")
    warga = ForeignKeyField(Warga, null=True, on_delete="RESTRICT")
    keluarga = ForeignKeyField(Keluarga, null=True, on_delete="RESTRICT")


class KegiatanFoto(BaseModel):
    kegiatan = ForeignKeyField(Kegiatan, backref="foto", on_delete="CASCADE")
    lampiran = ForeignKeyField(Lampiran, on_delete="RESTRICT")
    #: a small JPEG for lists and the form (since schema 3)
    thumbnail = ForeignKeyField(Lampiran, null=True, on_delete="RESTRICT", backref="+")
    keterangan = CharField(max_length=200, default="")
    urutan = SmallIntegerField(default=0)


class KegiatanTemplat(TimestampedModel):
    """A named template for a recurring activity (e.g. monthly BPNT distribution monitoring):
    the form's fields without date, stored as JSON (since schema 3)."""

    kecamatan = ForeignKeyField(Kecamatan, backref="templat_kegiatan", on_delete="RESTRICT")
    nama = NamaField(max_length=150)
    isi = TextField()

    class Meta:
        indexes = ((("kecamatan", "nama"), True),)


class Rujukan(TimestampedModel):
    """A referral; it is also the activity of form "rujukan" it belongs to (one record)."""

    kegiatan = ForeignKeyField(Kegiatan, unique=True, backref="rujukan", on_delete="RESTRICT")
    kecamatan = ForeignKeyField(Kecamatan, backref="rujukan", on_delete="RESTRICT")
    tahun = SmallIntegerField()
    nomor_urut = IntegerField()
    nomor_surat = CharField(max_length=100)
    warga = ForeignKeyField(Warga, null=True, on_delete="RESTRICT")
    keluarga = ForeignKeyField(Keluarga, null=True, on_delete="RESTRICT")
    kebutuhan = TextField()
    instansi = ForeignKeyField(InstansiRujukan, on_delete="RESTRICT")
    persetujuan = CharField(max_length=12, default="ada")  # ada | dikecualikan
    alasan_tanpa_persetujuan = TextField(default="")
    tanggal = DateField()
    jatuh_tempo = DateField(null=True)
    #: diajukan | diterima | ditolak | selesai | dibatalkan
    status = CharField(max_length=12, default="diajukan", index=True)
    hasil = CharField(max_length=20, default="")  # berhasil | tidak_berhasil
    balasan = TextField(default="")

    class Meta:
        # Letters are numbered per kecamatan and year without gaps or duplicates.
        indexes = ((("kecamatan", "tahun", "nomor_urut"), True),)


class RiwayatRujukan(BaseModel):
    rujukan = ForeignKeyField(Rujukan, backref="riwayat", on_delete="CASCADE")
    status = CharField(max_length=12)
    tanggal = DateField()
    alasan = TextField(default="")
    lampiran = ForeignKeyField(Lampiran, null=True, on_delete="RESTRICT")
    oleh = ForeignKeyField(Pengguna, null=True, on_delete="RESTRICT")
    dicatat_pada = DateTimeField(default=now)
