"""Monthly exchange packages received by a Dinas Sosial database from kecamatan offices that
work without a connection (see docs/paket-pertukaran.md)."""

from __future__ import annotations

from peewee import CharField, DateTimeField, ForeignKeyField, SmallIntegerField, TextField

from .base import TimestampedModel, now
from .kantor import Lampiran
from .pengguna import Pengguna
from .wilayah import Kecamatan


class PaketBulanan(TimestampedModel):
    """The latest package of one kecamatan and month: its summary (``RingkasanBulan`` as JSON),
    the approved report's PDF (a :class:`Lampiran`, kept by content hash), the report's status
    and dates as the kecamatan sent them, and who imported it when. Importing the same
    kecamatan and month again replaces the row (unique together)."""

    kecamatan = ForeignKeyField(Kecamatan, backref="paket", on_delete="RESTRICT")
    tahun = SmallIntegerField()
    bulan = SmallIntegerField()
    ringkasan = TextField()  # RingkasanBulan.to_json(), as JSON text
    laporan_pdf = ForeignKeyField(Lampiran, on_delete="RESTRICT")
    laporan_sha256 = CharField(max_length=64)
    status = CharField(max_length=12)  # the report's status in the package (disetujui)
    diajukan_pada = DateTimeField(null=True)
    disetujui_pada = DateTimeField(null=True)
    paket_sha256 = CharField(max_length=64)  # SHA-256 of the package file (.zip) as received
    manifest_sha256 = CharField(max_length=64)  # SHA-256 of its manifest.json
    format_versi = SmallIntegerField()
    aplikasi_versi = CharField(max_length=30, default="")
    dibuat_pada_paket = DateTimeField(null=True)  # when the kecamatan made the package
    nama_berkas = CharField(max_length=255, default="")
    diimpor_oleh = ForeignKeyField(Pengguna, null=True, on_delete="RESTRICT")
    diimpor_pada = DateTimeField(default=now)

    class Meta:
        indexes = ((("kecamatan", "tahun", "bulan"), True),)
