"""Regions: the office's kecamatan, its desa/kelurahan (Kemendagri codes) and dusun."""

from __future__ import annotations

from peewee import BooleanField, CharField, ForeignKeyField, IntegerField, TextField

from .base import BaseModel, NamaField, TimestampedModel


class Kecamatan(TimestampedModel):
    kode = CharField(max_length=8, unique=True)  # dotted Kemendagri code "16.03.06"
    nama = NamaField(max_length=100)
    kabupaten_kode = CharField(max_length=5)
    kabupaten_nama = CharField(max_length=100)
    provinsi_kode = CharField(max_length=2)
    provinsi_nama = CharField(max_length=100)


class Desa(TimestampedModel):
    kecamatan = ForeignKeyField(Kecamatan, backref="desa", on_delete="RESTRICT")
    kode = CharField(max_length=13, unique=True)  # "16.03.06.2004"
    nama = NamaField(max_length=100)
    jenis = CharField(max_length=10)  # kelurahan | desa | desa_adat
    aktif = BooleanField(default=True)
    urutan = IntegerField(default=0)

    class Meta:
        indexes = ((("kecamatan", "nama"), False),)


class DesaAlias(BaseModel):
    """Another spelling of a desa name (Melilian for Mililian), accepted on import."""

    desa = ForeignKeyField(Desa, backref="alias", on_delete="CASCADE")
    alias = NamaField(max_length=100, unique=True)


class Dusun(TimestampedModel):
    desa = ForeignKeyField(Desa, backref="dusun", on_delete="RESTRICT")
    nama = NamaField(max_length=100)
    keterangan = TextField(default="")

    class Meta:
        indexes = ((("desa", "nama"), True),)
