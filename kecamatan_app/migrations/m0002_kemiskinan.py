"""Version 2: the household poverty-indicator assessment (instrument, indicators, options,
classes, assessments, answers), with the Berau local indicators of seed 002 as a built-in example.

The tables are declared here as frozen copies (as they were at version 2), so later changes of the
models cannot change what this step creates on an old database.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from peewee import (
    AutoField,
    BooleanField,
    CharField,
    Database,
    DateField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    Model,
    SmallIntegerField,
    TextField,
)
from playhouse.migrate import SchemaMigrator

from ..paths import resource

VERSION = 2
NAME = "penilaian indikator kemiskinan rumah tangga"


def _now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


class _M(Model):
    id = AutoField()

    class Meta:
        legacy_table_names = False


class _Keluarga(_M):
    class Meta:
        table_name = "keluarga"


class _Pengguna(_M):
    class Meta:
        table_name = "pengguna"


class _Instrumen(_M):
    dibuat_pada = DateTimeField(default=_now)
    diubah_pada = DateTimeField(default=_now)
    versi = IntegerField(default=1)
    kode = CharField(max_length=40, unique=True)
    nama = CharField(max_length=200)
    sumber = TextField(default="")
    aktif = BooleanField(default=True)
    bawaan = BooleanField(default=False)

    class Meta:
        table_name = "instrumen"


class _Indikator(_M):
    instrumen = ForeignKeyField(_Instrumen, on_delete="CASCADE")
    kelompok = CharField(max_length=100, default="")
    nama = CharField(max_length=200)
    urutan = SmallIntegerField(default=0)

    class Meta:
        table_name = "indikator_kemiskinan"


class _Opsi(_M):
    indikator = ForeignKeyField(_Indikator, on_delete="CASCADE")
    teks = CharField(max_length=200)
    skor = SmallIntegerField()
    urutan = SmallIntegerField(default=0)

    class Meta:
        table_name = "opsi_indikator"


class _Kelas(_M):
    instrumen = ForeignKeyField(_Instrumen, on_delete="CASCADE")
    nama = CharField(max_length=100)
    skor_maks = IntegerField()

    class Meta:
        table_name = "kelas_kemiskinan"


class _Penilaian(_M):
    dibuat_pada = DateTimeField(default=_now)
    diubah_pada = DateTimeField(default=_now)
    versi = IntegerField(default=1)
    instrumen = ForeignKeyField(_Instrumen, on_delete="RESTRICT")
    keluarga = ForeignKeyField(_Keluarga, on_delete="CASCADE")
    tanggal = DateField()
    penilai = ForeignKeyField(_Pengguna, null=True, on_delete="RESTRICT")
    total = IntegerField()
    kelas = CharField(max_length=100, default="")
    catatan = TextField(default="")

    class Meta:
        table_name = "penilaian"


class _Jawaban(_M):
    penilaian = ForeignKeyField(_Penilaian, on_delete="CASCADE")
    indikator = ForeignKeyField(_Indikator, on_delete="RESTRICT")
    opsi = ForeignKeyField(_Opsi, on_delete="RESTRICT")
    dicatat_pada = DateTimeField(default=_now)

    class Meta:
        table_name = "jawaban_penilaian"
        indexes = ((("penilaian", "indikator"), True),)


_NEW = [_Instrumen, _Indikator, _Opsi, _Kelas, _Penilaian, _Jawaban]
_ALL = [_Keluarga, _Pengguna, *_NEW]


def schema(db: Database, migrator: SchemaMigrator) -> None:
    with db.bind_ctx(_ALL):
        db.create_tables(_NEW)


def data(db: Database) -> None:
    """Seed the Berau instrument (both paths). Writes through the frozen tables."""
    spec: dict[str, Any] = json.loads(
        resource("referensi", "instrumen_berau.json").read_text("utf-8"))
    with db.bind_ctx(_ALL):
        if _Instrumen.select().where(_Instrumen.kode == spec["kode"]).exists():
            return
        inst = _Instrumen.create(kode=spec["kode"], nama=spec["nama"], sumber=spec["sumber"],
                                 bawaan=True)
        for i, ind in enumerate(spec["indikator"], 1):
            row = _Indikator.create(instrumen=inst, kelompok=ind["kelompok"], nama=ind["nama"],
                                    urutan=i)
            for j, opt in enumerate(ind["opsi"], 1):
                _Opsi.create(indikator=row, teks=opt["teks"], skor=opt["skor"], urutan=j)
        for kelas in spec["kelas"]:
            _Kelas.create(instrumen=inst, nama=kelas["nama"], skor_maks=kelas["skor_maks"])
