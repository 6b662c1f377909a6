"""Version 4: monthly exchange packages received by a Dinas Sosial database (``paket_bulanan``).

A frozen copy of the table as it is at version 4, so later model changes cannot change what this
step does to an old database.
"""

from __future__ import annotations

import datetime as dt

from peewee import (
    AutoField,
    CharField,
    Database,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    Model,
    SmallIntegerField,
    TextField,
)
from playhouse.migrate import SchemaMigrator

VERSION = 4
NAME = "paket pertukaran bulanan dari kecamatan (Dinas Sosial)"


def _now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


class _M(Model):
    id = AutoField()

    class Meta:
        legacy_table_names = False


class _Kecamatan(_M):
    class Meta:
        table_name = "kecamatan"


class _Lampiran(_M):
    class Meta:
        table_name = "lampiran"


class _Pengguna(_M):
    class Meta:
        table_name = "pengguna"


class _PaketBulanan(_M):
    dibuat_pada = DateTimeField(default=_now)
    diubah_pada = DateTimeField(default=_now)
    versi = IntegerField(default=1)
    kecamatan = ForeignKeyField(_Kecamatan, on_delete="RESTRICT")
    tahun = SmallIntegerField()
    bulan = SmallIntegerField()
    ringkasan = TextField()
    laporan_pdf = ForeignKeyField(_Lampiran, on_delete="RESTRICT")
    laporan_sha256 = CharField(max_length=64)
    status = CharField(max_length=12)
    diajukan_pada = DateTimeField(null=True)
    disetujui_pada = DateTimeField(null=True)
    paket_sha256 = CharField(max_length=64)
    manifest_sha256 = CharField(max_length=64)
    format_versi = SmallIntegerField()
    aplikasi_versi = CharField(max_length=30, default="")
    dibuat_pada_paket = DateTimeField(null=True)
    nama_berkas = CharField(max_length=255, default="")
    diimpor_oleh = ForeignKeyField(_Pengguna, null=True, on_delete="RESTRICT")
    diimpor_pada = DateTimeField(default=_now)

    class Meta:
        table_name = "paket_bulanan"
        indexes = ((("kecamatan", "tahun", "bulan"), True),)


_ALL = [_Kecamatan, _Lampiran, _Pengguna, _PaketBulanan]


def schema(db: Database, migrator: SchemaMigrator) -> None:
    with db.bind_ctx(_ALL):
        db.create_tables([_PaketBulanan])


def data(db: Database) -> None:
    """Nothing to seed."""
