"""The schema-version row that marks a database as ours and says which migrations ran."""

from __future__ import annotations

from peewee import CharField, DateTimeField, IntegerField

from .base import BaseModel, now

#: Stored in ``versi_skema.aplikasi``; a database without it is not ours.
APP_MARK = "kecamatan-tksk"


class VersiSkema(BaseModel):
    aplikasi = CharField(max_length=40, default=APP_MARK)
    versi = IntegerField()
    diperbarui_pada = DateTimeField(default=now)
    versi_aplikasi = CharField(max_length=20, default="")
