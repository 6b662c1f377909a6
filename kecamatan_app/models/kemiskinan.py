"""Household poverty-indicator assessment: a configurable instrument and its assessments."""

from __future__ import annotations

from peewee import (
    BooleanField,
    CharField,
    DateField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    SmallIntegerField,
    TextField,
)

from .base import BaseModel, TimestampedModel, now
from .pemetaan import Keluarga
from .pengguna import Pengguna


class Instrumen(TimestampedModel):
    kode = CharField(max_length=40, unique=True)
    nama = CharField(max_length=200)
    sumber = TextField(default="")
    aktif = BooleanField(default=True)
    bawaan = BooleanField(default=False)


class IndikatorKemiskinan(BaseModel):
    instrumen = ForeignKeyField(Instrumen, backref="indikator", on_delete="CASCADE")
    kelompok = CharField(max_length=100, default="")
    nama = CharField(max_length=200)
    urutan = SmallIntegerField(default=0)


class OpsiIndikator(BaseModel):
    indikator = ForeignKeyField(IndikatorKemiskinan, backref="opsi", on_delete="CASCADE")
    teks = CharField(max_length=200)
    skor = SmallIntegerField()
    urutan = SmallIntegerField(default=0)


class KelasKemiskinan(BaseModel):
    """A class of the total score: totals up to ``skor_maks`` (inclusive) fall in it."""

    instrumen = ForeignKeyField(Instrumen, backref="kelas", on_delete="CASCADE")
    nama = CharField(max_length=100)
    skor_maks = IntegerField()


class Penilaian(TimestampedModel):
    instrumen = ForeignKeyField(Instrumen, on_delete="RESTRICT")
    keluarga = ForeignKeyField(Keluarga, backref="penilaian", on_delete="CASCADE")
    tanggal = DateField()
    penilai = ForeignKeyField(Pengguna, null=True, on_delete="RESTRICT")
    total = IntegerField()
    kelas = CharField(max_length=100, default="")
    catatan = TextField(default="")


class JawabanPenilaian(BaseModel):
    penilaian = ForeignKeyField(Penilaian, backref="jawaban", on_delete="CASCADE")
    indikator = ForeignKeyField(IndikatorKemiskinan, on_delete="RESTRICT")
    opsi = ForeignKeyField(OpsiIndikator, on_delete="RESTRICT")
    dicatat_pada = DateTimeField(default=now)

    class Meta:
        indexes = ((("penilaian", "indikator"), True),)
