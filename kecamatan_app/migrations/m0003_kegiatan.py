"""Version 3: activity photos get a thumbnail, and recurring activities get named templates.

Frozen copies of the tables as they are at version 3, so later model changes cannot change what
this step does to an old database.
"""

from __future__ import annotations

import datetime as dt

from peewee import (
    AutoField,
    Database,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    Model,
    TextField,
)
from playhouse.migrate import SchemaMigrator

from ..models.base import NamaField

VERSION = 3
NAME = "foto kegiatan berminiatur dan templat kegiatan berulang"


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


class _KegiatanTemplat(_M):
    dibuat_pada = DateTimeField(default=_now)
    diubah_pada = DateTimeField(default=_now)
    versi = IntegerField(default=1)
    kecamatan = ForeignKeyField(_Kecamatan, on_delete="RESTRICT")
    nama = NamaField(max_length=150)
    isi = TextField()

    class Meta:
        table_name = "kegiatan_templat"
        indexes = ((("kecamatan", "nama"), True),)


_ALL = [_Kecamatan, _Lampiran, _KegiatanTemplat]


def schema(db: Database, migrator: SchemaMigrator) -> None:
    from playhouse.migrate import migrate

    thumb = ForeignKeyField(_Lampiran, null=True, on_delete="RESTRICT", field=_Lampiran.id)
    with db.bind_ctx(_ALL):
        db.create_tables([_KegiatanTemplat])
        migrate(migrator.add_column("kegiatan_foto", "thumbnail_id", thumb))


def data(db: Database) -> None:
    """Nothing to seed."""
