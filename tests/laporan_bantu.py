"""Shared helpers for the monthly report tests (test_laporan*.py, test_cli_laporan.py).

Everything is built through the services, as the GUI does. The workflow tests use the month
before the current one (always in the past and inside the term of the ``tksk_aktif`` fixture);
the golden test uses its own fixed month.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw
from pypdf import PdfReader

from kecamatan_app.models import (
    BentukKegiatan,
    FungsiKegiatan,
    InstansiRujukan,
    JejakAudit,
    Kantor,
    Kategori,
    ProgramBantuan,
)
from kecamatan_app.models.base import fk
from kecamatan_app.services import desa, kegiatan, laporan, registri
from kecamatan_app.services.context import Actor
from kecamatan_app.services.kegiatan_periksa import KegiatanData
from kecamatan_app.services.rujukan import RujukanData

#: The first day of the month before the current one.
BULAN_LALU = (dt.date.today().replace(day=1) - dt.timedelta(days=1)).replace(day=1)
TAHUN, BULAN = BULAN_LALU.year, BULAN_LALU.month


def hari(day: int, month: dt.date = BULAN_LALU) -> dt.date:
    return month.replace(day=day)


@dataclass(frozen=True)
class Orang:
    """One user of each role (the admin is the set-up administrator)."""

    tksk: Actor
    operator: Actor
    camat: Actor
    admin: Actor


def orang(make_actor: Any, admin: Actor) -> Orang:
    return Orang(make_actor("tksk"), make_actor("operator"), make_actor("camat"), admin)


def fungsi(kode: str) -> int:
    return int(FungsiKegiatan.get(FungsiKegiatan.kode == kode).id)


def bentuk(kode: str) -> int:
    return int(BentukKegiatan.get(BentukKegiatan.kode == kode).id)


def program(kode: str) -> int:
    return int(ProgramBantuan.get(ProgramBantuan.kode == kode).id)


def instansi(kode: str) -> int:
    return int(InstansiRujukan.get(InstansiRujukan.kode == kode).id)


def kategori(kode: str) -> int:
    return int(Kategori.get((Kategori.kode == kode) & (Kategori.jenis == "PPKS")).id)


def desa_id(nama: str) -> int:
    hit = desa.resolve(nama)
    assert hit is not None, nama
    return hit.id


def kecamatan_id() -> int:
    return int(fk(Kantor.select().first(), "kecamatan"))


def kegiatan_data(day: dt.date, **kw: Any) -> KegiatanData:
    """A final coordination meeting in Sigam on ``day``, changed by ``kw``."""
    base = KegiatanData(
        tanggal=day, fungsi_id=fungsi("koordinasi"), bentuk_id=bentuk("koordinasi_informasi"),
        judul="Rapat koordinasi penyaluran BPNT", jam_mulai=dt.time(9, 0), lingkup="desa",
        desa_ids=[desa_id("Sigam")], peserta_l=5, peserta_p=7,
        uraian="Membahas jadwal penyaluran BPNT tahap berikut.",
        hasil="Jadwal penyaluran disepakati.", status="final")
    return replace(base, **kw)


def catat(actor: Actor, day: dt.date, **kw: Any) -> int:
    return kegiatan.create(actor, kegiatan_data(day, **kw)).id


def warga(actor: Actor, nama: str, desa_nama: str = "Sigam", jk: str = "L") -> int:
    return registri.create_warga(actor, registri.WargaData(
        nik=None, nama=nama, jenis_kelamin=jk, desa_id=desa_id(desa_nama))).id


def keluarga(actor: Actor, kepala: str, desa_nama: str = "Mililian") -> int:
    return registri.create_keluarga(actor, registri.KeluargaData(
        kepala=kepala, desa_id=desa_id(desa_nama))).id


def rujukan_data(day: dt.date, warga_id: int | None = None, **kw: Any) -> RujukanData:
    base = RujukanData(tanggal=day, instansi_id=instansi("puskesmas"),
                       kebutuhan="Pemeriksaan kesehatan lansia", warga_id=warga_id)
    return replace(base, **kw)


def foto_contoh(folder: Path, name: str, text: str = "FOTO CONTOH",
                size: tuple[int, int] = (640, 480), color: tuple[int, int, int] = (70, 120, 170)
                ) -> str:
    """A JPEG with a coloured background and ``text`` on it; returns its path."""
    img = Image.new("RGB", size, color)
    draw = ImageDraw.Draw(img)
    draw.rectangle((20, 20, size[0] - 20, size[1] - 20), outline=(255, 255, 255), width=6)
    draw.text((size[0] // 2 - 40, size[1] // 2 - 6), text, fill=(255, 255, 255))
    out = io.BytesIO()
    img.save(out, "JPEG", quality=85)
    path = folder / name
    path.write_bytes(out.getvalue())
    return str(path)


def diajukan(o: Orang, tahun: int = TAHUN, bulan: int = BULAN) -> laporan.LaporanInfo:
    """Open the month's report as the TKSK and submit it."""
    info = laporan.open_month(o.tksk, tahun, bulan)
    return laporan.move(o.tksk, info.id, "diajukan", versi=info.versi)


def pdf_text(path: Path | bytes) -> str:
    """The PDF's text with every run of whitespace made one space."""
    reader = PdfReader(io.BytesIO(path) if isinstance(path, bytes) else str(path))
    return " ".join(" ".join(page.extract_text() or "" for page in reader.pages).split())


def pdf_pages(path: Path) -> list[str]:
    return [" ".join((p.extract_text() or "").split()) for p in PdfReader(str(path)).pages]


def audit_rows(aksi: str, tabel: str = "laporan_bulanan") -> list[JejakAudit]:
    return list(JejakAudit.select().where((JejakAudit.tabel == tabel)
                                          & (JejakAudit.aksi == aksi)).order_by(JejakAudit.id))
