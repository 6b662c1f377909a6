"""Reference lists seeded by migration and editable in the app."""

from __future__ import annotations

from peewee import BooleanField, CharField, ForeignKeyField, IntegerField, TextField

from .base import BaseModel, NamaField, TimestampedModel


class ReferensiModel(TimestampedModel):
    """Common shape of an editable list: a stable code, a name, an order and an active flag."""

    kode = CharField(max_length=40, unique=True)
    nama = NamaField(max_length=200)
    keterangan = TextField(default="")
    urutan = IntegerField(default=0)
    aktif = BooleanField(default=True)
    #: Rows shipped by the app (seeded by migration) may be renamed or hidden, not deleted.
    bawaan = BooleanField(default=False)


class Kategori(TimestampedModel):
    """A PPKS (26) or PSKS (12) type with its stable internal code (01-26 / 01-12)."""

    jenis = CharField(max_length=4)  # PPKS | PSKS
    kode = CharField(max_length=4)
    nama = NamaField(max_length=200)
    satuan = CharField(max_length=10, default="jiwa")  # jiwa | KK | lembaga
    data_spesifik = BooleanField(default=False)  # UU PDP Pasal 4: health, criminal, children
    keterangan = TextField(default="")
    urutan = IntegerField(default=0)
    aktif = BooleanField(default=True)
    bawaan = BooleanField(default=False)

    class Meta:
        indexes = ((("jenis", "kode"), True),)


class KategoriAlias(BaseModel):
    """An older or local name of a category (Anak Cacat -> 05 Anak dengan Kedisabilitasan)."""

    kategori = ForeignKeyField(Kategori, backref="alias", on_delete="CASCADE")
    alias = NamaField(max_length=200, unique=True)
    #: Detail kept when an older name is narrower, e.g. "Netra" for "Penyandang Cacat Mata/Netra".
    rincian = CharField(max_length=100, default="")


class FungsiKegiatan(ReferensiModel):
    """Koordinasi (Pasal 6), Fasilitasi (Pasal 7), Administrasi (Pasal 8)."""

    pasal = CharField(max_length=20, default="")


class BentukKegiatan(ReferensiModel):
    """A form of a function, e.g. rujukan under fasilitasi; only these pairs are valid."""

    fungsi = ForeignKeyField(FungsiKegiatan, backref="bentuk", on_delete="RESTRICT")
    pasal = CharField(max_length=20, default="")


class ProgramBantuan(ReferensiModel):
    pass


class AlasanPemberhentian(ReferensiModel):
    pass


class InstansiRujukan(ReferensiModel):
    jenis_layanan = CharField(max_length=30, default="")  # kesehatan, pendidikan, sosial, ...
    alamat = TextField(default="")
    kontak = CharField(max_length=100, default="")


class JenisBerkas(ReferensiModel):
    """A document type and the Pasal 9 criterion it proves (e.g. SKCK -> kelakuan_baik)."""

    kriteria = CharField(max_length=20, default="")
