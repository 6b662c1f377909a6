"""Users, roles and the append-only audit trail."""

from __future__ import annotations

from peewee import (
    BooleanField,
    CharField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    TextField,
)

from .base import BaseModel, NamaField, TimestampedModel, now
from .wilayah import Kecamatan


class Pengguna(TimestampedModel):
    nama_pengguna = NamaField(max_length=50, unique=True)  # login name, case-insensitive
    nama_lengkap = CharField(max_length=150)
    peran = CharField(max_length=20)  # admin | operator | tksk | camat
    #: The kecamatan a user is scoped to (null: all, for a Dinas Sosial role later).
    kecamatan = ForeignKeyField(Kecamatan, null=True, on_delete="RESTRICT")
    kata_sandi_hash = CharField(max_length=255)
    aktif = BooleanField(default=True)
    gagal_login = IntegerField(default=0)
    terkunci_sampai = DateTimeField(null=True)
    harus_ganti_sandi = BooleanField(default=False)
    login_terakhir = DateTimeField(null=True)
    sandi_diubah_pada = DateTimeField(default=now)


class JejakAudit(BaseModel):
    """Who did what, when; never updated or deleted (database triggers refuse both).

    ``hash`` is SHA-256 over ``hash_sebelum`` and this row's content, so editing or removing any
    row breaks the chain that ``services.audit.verify_chain`` (and ``selftest``) checks.
    """

    waktu = DateTimeField(default=now, index=True)
    pengguna = ForeignKeyField(Pengguna, null=True, on_delete="RESTRICT", index=True)
    pelaku = CharField(max_length=150)  # who, as text: survives renames; "cli:root" for the CLI
    aksi = CharField(max_length=30, index=True)  # buat | ubah | hapus | login | ekspor | cetak ...
    tabel = CharField(max_length=60, default="", index=True)
    rekaman_id = CharField(max_length=40, default="")
    ringkasan = TextField(default="")
    data_lama = TextField(null=True)  # JSON
    data_baru = TextField(null=True)  # JSON
    hash_sebelum = CharField(max_length=64)
    hash = CharField(max_length=64, unique=True)
