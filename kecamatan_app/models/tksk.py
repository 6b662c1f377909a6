"""TKSK candidates, their documents, the Pasal 9 checks, selection, appointment and termination."""

from __future__ import annotations

from peewee import (
    BooleanField,
    CharField,
    DateField,
    DateTimeField,
    ForeignKeyField,
    TextField,
)

from .base import BaseModel, NamaField, TimestampedModel, now
from .kantor import Lampiran
from .pengguna import Pengguna
from .referensi import AlasanPemberhentian, JenisBerkas
from .wilayah import Desa, Kecamatan


class Pendaftar(TimestampedModel):
    """A TKSK candidate as registered (CONTRACT.md `pendaftar` columns); null: not yet known."""

    kecamatan = ForeignKeyField(Kecamatan, backref="pendaftar", on_delete="RESTRICT")
    nik = CharField(max_length=16, index=True)
    nama = NamaField(max_length=150, index=True)
    jenis_kelamin = CharField(max_length=1)  # L | P
    tempat_lahir = CharField(max_length=100, default="")
    tanggal_lahir = DateField()
    kewarganegaraan = CharField(max_length=3, null=True)  # WNI | WNA
    alamat = TextField(default="")
    rt = CharField(max_length=3, default="")
    rw = CharField(max_length=3, default="")
    desa_domisili = ForeignKeyField(Desa, null=True, on_delete="RESTRICT")
    domisili_lain = CharField(max_length=200, null=True)  # a place outside this kecamatan
    kecamatan_ktp_kode = CharField(max_length=8, null=True)
    kecamatan_ktp_nama = CharField(max_length=100, null=True)
    pendidikan = CharField(max_length=10, null=True)
    status_kepegawaian = CharField(max_length=40, null=True)
    pilar_sosial = CharField(max_length=30, null=True)
    dapat_komputer = BooleanField(null=True)
    surat_sehat = CharField(max_length=20, null=True)  # Ada | Tidak Sehat
    skck = CharField(max_length=20, null=True)  # Ada | Ada Catatan
    tanggal_daftar = DateField()
    periode_rekrutmen = CharField(max_length=20, default="")
    telepon = CharField(max_length=20, default="")
    catatan = TextField(default="")

    class Meta:
        indexes = ((("kecamatan", "nik", "periode_rekrutmen"), True),)


class Berkas(TimestampedModel):
    """A document of a candidate (scan or photo), linked to the criterion its type proves."""

    pendaftar = ForeignKeyField(Pendaftar, backref="berkas", on_delete="CASCADE")
    jenis = ForeignKeyField(JenisBerkas, on_delete="RESTRICT")
    lampiran = ForeignKeyField(Lampiran, on_delete="RESTRICT")
    keterangan = TextField(default="")
    diverifikasi_oleh = ForeignKeyField(Pengguna, null=True, on_delete="RESTRICT")
    diverifikasi_pada = DateTimeField(null=True)


class PemeriksaanSyarat(BaseModel):
    """The stored verdict of one Pasal 9 criterion for one candidate, with its evidence."""

    pendaftar = ForeignKeyField(Pendaftar, backref="pemeriksaan", on_delete="CASCADE")
    kriteria = CharField(max_length=20)  # wni, usia, bukan_asn, domisili, ...
    hasil = CharField(max_length=20)  # memenuhi | tidak_memenuhi | belum_ada_bukti
    nilai = TextField(default="")
    bukti = TextField(default="")
    keterangan = TextField(default="")
    diperiksa_oleh = ForeignKeyField(Pengguna, null=True, on_delete="RESTRICT")
    diperiksa_pada = DateTimeField(default=now)

    class Meta:
        indexes = ((("pendaftar", "kriteria"), True),)


class KeputusanSeleksi(BaseModel):
    """The Dinas Sosial's decision on a candidate (diusulkan, ditetapkan, tidak_dipilih)."""

    pendaftar = ForeignKeyField(Pendaftar, backref="keputusan", on_delete="CASCADE")
    keputusan = CharField(max_length=20)
    tanggal = DateField()
    catatan = TextField(default="")
    dicatat_oleh = ForeignKeyField(Pengguna, null=True, on_delete="RESTRICT")
    dicatat_pada = DateTimeField(default=now)


class Penugasan(TimestampedModel):
    """An appointment (SK) of a TKSK to a kecamatan; one active per kecamatan."""

    pendaftar = ForeignKeyField(Pendaftar, backref="penugasan", on_delete="RESTRICT")
    kecamatan = ForeignKeyField(Kecamatan, backref="penugasan", on_delete="RESTRICT")
    sk_nomor = CharField(max_length=100)
    sk_tanggal = DateField()
    sk_penerbit = CharField(max_length=150, default="")
    mulai = DateField()  # TMT
    selesai = DateField(null=True)
    niat = CharField(max_length=20, default="")
    aktif = BooleanField(default=True, index=True)
    menggantikan = ForeignKeyField("self", null=True, on_delete="RESTRICT")
    lampiran_sk = ForeignKeyField(Lampiran, null=True, on_delete="RESTRICT")


class Pemberhentian(BaseModel):
    penugasan = ForeignKeyField(Penugasan, unique=True, backref="pemberhentian",
                                on_delete="CASCADE")
    tanggal = DateField()
    alasan = ForeignKeyField(AlasanPemberhentian, on_delete="RESTRICT")
    catatan = TextField(default="")
    lampiran = ForeignKeyField(Lampiran, null=True, on_delete="RESTRICT")
    dicatat_oleh = ForeignKeyField(Pengguna, null=True, on_delete="RESTRICT")
    dicatat_pada = DateTimeField(default=now)
