"""Shared helpers for the activity, referral, photo and month-lock tests.

Dates are fixed relative to today so the tests keep working as time passes: the TKSK of the
``tksk_aktif`` fixture starts 400 days ago, and every final activity lies between then and today.
"""

from __future__ import annotations

import datetime as dt
import io
import struct
import zlib
from dataclasses import replace
from pathlib import Path
from typing import Any

from PIL import Image

from kecamatan_app.models import (
    BentukKegiatan,
    Desa,
    FungsiKegiatan,
    InstansiRujukan,
    JejakAudit,
    Kantor,
    Kecamatan,
    Kegiatan,
    KegiatanDesa,
    KegiatanFoto,
    KegiatanMitra,
    KegiatanSasaran,
    KegiatanTemplat,
    Lampiran,
    LaporanBulanan,
    Penugasan,
    ProgramBantuan,
    RiwayatRujukan,
    Rujukan,
)
from kecamatan_app.models.base import fk
from kecamatan_app.services import desa, registri
from kecamatan_app.services.context import Actor
from kecamatan_app.services.errors import ValidationError
from kecamatan_app.services.kegiatan_periksa import KegiatanData
from kecamatan_app.services.rujukan import RujukanData

TODAY = dt.date.today()
#: A day two months ago (always inside the TKSK's term and in the past).
HARI = TODAY - dt.timedelta(days=60)
#: Another day, in a different month from HARI.
HARI_LAIN = TODAY - dt.timedelta(days=120)
#: A whole month in the past: the month of today - 90 days (all its days lie in the past).
BULAN = (TODAY - dt.timedelta(days=90)).replace(day=1)


def in_bulan(day: int) -> dt.date:
    """Day ``day`` of :data:`BULAN`."""
    return BULAN.replace(day=day)


def fungsi(kode: str) -> int:
    return int(FungsiKegiatan.get(FungsiKegiatan.kode == kode).id)


def bentuk(kode: str) -> int:
    return int(BentukKegiatan.get(BentukKegiatan.kode == kode).id)


def program(kode: str = "bpnt") -> int:
    return int(ProgramBantuan.get(ProgramBantuan.kode == kode).id)


def instansi(kode: str = "puskesmas") -> int:
    return int(InstansiRujukan.get(InstansiRujukan.kode == kode).id)


def desa_id(nama: str = "Sigam") -> int:
    hit = desa.resolve(nama)
    assert hit is not None, nama
    return hit.id


def data(**kw: Any) -> KegiatanData:
    """A valid final coordination meeting in Sigam, changed by ``kw``."""
    base = KegiatanData(
        tanggal=HARI, fungsi_id=fungsi("koordinasi"), bentuk_id=bentuk("koordinasi_informasi"),
        judul="Rapat koordinasi penyaluran BPNT", jam_mulai=dt.time(9, 0),
        jam_selesai=dt.time(11, 30), lingkup="desa", desa_ids=[desa_id("Sigam")],
        peserta_l=5, peserta_p=7, uraian="Membahas jadwal penyaluran BPNT tahap berikut.",
        hasil="Jadwal penyaluran disepakati.", status="final")
    return replace(base, **kw)


def warga(actor: Actor, nama: str = "Budi Santoso (contoh)", desa_nama: str = "Sigam") -> int:
    return registri.create_warga(actor, registri.WargaData(
        nik=None, nama=nama, jenis_kelamin="L", desa_id=desa_id(desa_nama))).id


def keluarga(actor: Actor, kepala: str = "Rahmat (contoh)", desa_nama: str = "Mililian") -> int:
    return registri.create_keluarga(actor, registri.KeluargaData(
        kepala=kepala, desa_id=desa_id(desa_nama))).id


def rujukan_data(warga_id: int | None, **kw: Any) -> RujukanData:
    base = RujukanData(tanggal=HARI, instansi_id=instansi("puskesmas"),
                       kebutuhan="Pemeriksaan kesehatan lansia", warga_id=warga_id)
    return replace(base, **kw)


def office_kecamatan() -> int:
    return int(fk(Kantor.select().first(), "kecamatan"))


def kunci(day: dt.date, status: str = "diajukan", **kw: Any) -> LaporanBulanan:
    """The office's monthly report row of ``day``'s month in ``status`` (created directly)."""
    kec = office_kecamatan()
    pid = Penugasan.select().where(Penugasan.kecamatan == kec).first().id
    return LaporanBulanan.create(kecamatan=kec, penugasan=pid, tahun=day.year, bulan=day.month,
                                 status=status, **kw)


def other_kecamatan_desa() -> int:
    """A desa of a neighbouring kecamatan (not the office's)."""
    kec = Kecamatan.create(kode="16.03.07", nama="Lembak", kabupaten_kode="16.03",
                           kabupaten_nama="Muara Enim", provinsi_kode="16",
                           provinsi_nama="Sumatera Selatan")
    return int(Desa.create(kecamatan=kec.id, kode="16.03.07.2001", nama="Lembak",
                           jenis="desa").id)


_TABLES: tuple[Any, ...] = (Kegiatan, KegiatanDesa, KegiatanMitra, KegiatanSasaran, KegiatanFoto,
                            KegiatanTemplat, Rujukan, RiwayatRujukan, Lampiran, JejakAudit)


def counts() -> dict[str, int]:
    """Rows per table of the activity module (and attachments and the audit trail)."""
    return {m._meta.table_name: m.select().count() for m in _TABLES}


def fields(exc: ValidationError) -> set[str]:
    return {p.field for p in exc.problems}


def audit_rows(tabel: str, aksi: str, rekaman_id: object | None = None) -> list[JejakAudit]:
    q = JejakAudit.select().where((JejakAudit.tabel == tabel) & (JejakAudit.aksi == aksi))
    if rekaman_id is not None:
        q = q.where(JejakAudit.rekaman_id == str(rekaman_id))
    return list(q.order_by(JejakAudit.id))


# --- images --------------------------------------------------------------------------------


def pattern(size: tuple[int, int] = (400, 300), mode: str = "RGB") -> Image.Image:
    """An image whose left quarter is blue and the rest red (to see rotations)."""
    color = (200, 20, 20) if mode == "RGB" else (200, 20, 20, 255)
    img = Image.new(mode, size, color)
    blue = (20, 20, 230) if mode == "RGB" else (20, 20, 230, 255)
    img.paste(blue, (0, 0, size[0] // 4, size[1]))
    return img


def jpeg(img: Image.Image | None = None, *, gps: bool = False, orientation: int | None = None,
         quality: int = 95) -> bytes:
    img = img or pattern()
    exif = Image.Exif()
    exif[0x010F] = "KameraContoh"  # Make
    exif[0x0131] = "PerangkatRahasia 1.0"  # Software
    if orientation is not None:
        exif[0x0112] = orientation
    if gps:
        exif[0x8825] = {1: "S", 2: (3.0, 15.0, 30.5), 3: "E", 4: (104.0, 27.0, 10.25)}
    out = io.BytesIO()
    img.save(out, "JPEG", quality=quality, exif=exif.tobytes())
    return out.getvalue()


def png(img: Image.Image) -> bytes:
    out = io.BytesIO()
    img.save(out, "PNG")
    return out.getvalue()


def png_header(width: int, height: int) -> bytes:
    """A tiny PNG file that declares ``width`` x ``height`` pixels (a decompression bomb)."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body) & 0xFFFFFFFF
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr)
            + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b""))


def write(tmp_path: Path, name: str, content: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(content)
    return str(path)
