"""The kecamatan office, its officials, settings and stored files."""

from __future__ import annotations

from peewee import (
    BigIntegerField,
    BlobField,
    BooleanField,
    CharField,
    DateField,
    DateTimeField,
    ForeignKeyField,
    TextField,
)

from .base import BaseModel, NamaField, TimestampedModel, now
from .wilayah import Kecamatan


class Lampiran(BaseModel):
    """A stored file (scan, photo, archived PDF), kept once by content hash: in the files folder
    (SQLite) or in :class:`LampiranIsi` (PostgreSQL)."""

    sha256 = CharField(max_length=64, unique=True)
    nama_asli = CharField(max_length=255)
    jenis_mime = CharField(max_length=100)
    ukuran = BigIntegerField()
    dibuat_pada = DateTimeField(default=now)


class LampiranIsi(BaseModel):
    """The content of a stored file, kept in the database on PostgreSQL (``bytea``) so every PC
    of the office sees it; written in the transaction that links the file to its record. Empty
    on SQLite, where the content is a file in the attachments folder (schema 5)."""

    lampiran = ForeignKeyField(Lampiran, primary_key=True, on_delete="CASCADE")
    isi = BlobField()


class Kantor(TimestampedModel):
    kecamatan = ForeignKeyField(Kecamatan, unique=True, backref="kantor", on_delete="RESTRICT")
    alamat = TextField()
    kode_pos = CharField(max_length=5, default="")
    telepon = CharField(max_length=40, default="")
    email = CharField(max_length=120, default="")
    situs = CharField(max_length=120, default="")
    # Kop surat: the header lines printed above every letter and report.
    kop_baris_1 = CharField(max_length=150)
    kop_baris_2 = CharField(max_length=150, default="")
    kop_baris_3 = CharField(max_length=150, default="")
    kop_baris_4 = CharField(max_length=200, default="")
    logo = ForeignKeyField(Lampiran, null=True, on_delete="SET NULL")
    tempat_surat = CharField(max_length=100, default="")  # "Gelumbang" in "Gelumbang, 5 Mei 2026"


class Pejabat(TimestampedModel):
    """An official who signs (the camat, or an acting "Plt." official) for a period."""

    kecamatan = ForeignKeyField(Kecamatan, backref="pejabat", on_delete="RESTRICT")
    jabatan = CharField(max_length=30, default="camat")
    nama = NamaField(max_length=150)
    nip = CharField(max_length=18, null=True)
    pangkat = CharField(max_length=100, default="")
    plt = BooleanField(default=False)
    #: Free text for an acting official, e.g. "Plt. Camat Gelumbang" (replaces the NIP line).
    keterangan_jabatan = CharField(max_length=200, default="")
    mulai = DateField(null=True)
    selesai = DateField(null=True)
    aktif = BooleanField(default=True)


class Pengaturan(BaseModel):
    """One declared setting's stored value (JSON text); declarations live in services.settings."""

    kunci = CharField(max_length=100, unique=True)
    nilai = TextField()
    diubah_pada = DateTimeField(default=now)
