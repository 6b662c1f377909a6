"""The monthly report and its dated workflow history."""

from __future__ import annotations

from peewee import (
    CharField,
    DateTimeField,
    ForeignKeyField,
    SmallIntegerField,
    TextField,
)

from .base import BaseModel, TimestampedModel, now
from .kantor import Lampiran
from .pengguna import Pengguna
from .tksk import Penugasan
from .wilayah import Kecamatan


class LaporanBulanan(TimestampedModel):
    kecamatan = ForeignKeyField(Kecamatan, backref="laporan", on_delete="RESTRICT")
    penugasan = ForeignKeyField(Penugasan, backref="laporan", on_delete="RESTRICT")
    tahun = SmallIntegerField()
    bulan = SmallIntegerField()
    #: draf | diajukan | dikembalikan | disetujui
    status = CharField(max_length=12, default="draf", index=True)
    pendahuluan = TextField(default="")
    kendala = TextField(default="")
    tindak_lanjut = TextField(default="")
    penutup = TextField(default="")
    tembusan = TextField(default="")  # one line per copy recipient
    nomor = CharField(max_length=100, default="")
    diajukan_pada = DateTimeField(null=True)
    disetujui_pada = DateTimeField(null=True)
    disetujui_oleh = ForeignKeyField(Pengguna, null=True, on_delete="RESTRICT")
    arsip_pdf = ForeignKeyField(Lampiran, null=True, on_delete="RESTRICT")
    arsip_sha256 = CharField(max_length=64, default="")

    class Meta:
        indexes = ((("kecamatan", "tahun", "bulan"), True),)


class RiwayatLaporan(BaseModel):
    laporan = ForeignKeyField(LaporanBulanan, backref="riwayat", on_delete="CASCADE")
    status = CharField(max_length=12)
    oleh = ForeignKeyField(Pengguna, null=True, on_delete="RESTRICT")
    pada = DateTimeField(default=now)
    alasan = TextField(default="")
