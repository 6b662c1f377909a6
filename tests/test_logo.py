"""The kop surat logo (services/kantor.py set_logo, remove_logo, logo_path; services/logo.py):
PNG and JPEG logos stored cleaned, refusals that change nothing, the version check, the
permission, and the logo on the printouts (reports/pdf_dasar.py kop_flowables)."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pytest
from PIL import Image, ImageDraw, PngImagePlugin
from pypdf import PdfReader

from kecamatan_app.models import JejakAudit, Kantor, Lampiran
from kecamatan_app.reports.pdf_dasar import Kop, kop_flowables, write_pdf
from kecamatan_app.services import audit, cetak_tksk, kantor, laporan_cetak, rekap_tahunan
from kecamatan_app.services.audit import AuditFilter
from kecamatan_app.services.context import Actor
from kecamatan_app.services.errors import Conflict, PermissionDenied, ValidationError
from tests.db_bantu import lose_content
from tests.laporan_bantu import BULAN, TAHUN

KOP = ["PEMERINTAH KABUPATEN MUARA ENIM", "KECAMATAN GELUMBANG"]


def png_logo(path: Path, size: tuple[int, int] = (300, 360)) -> Path:
    """A shield on a transparent background, with a text chunk that must not be kept."""
    img = Image.new("RGBA", size, (0, 0, 0, 0))
    w, h = size
    ImageDraw.Draw(img).polygon([(0, 0), (w - 1, 0), (w - 1, h * 2 // 3), (w // 2, h - 1),
                                 (0, h * 2 // 3)], fill=(20, 110, 60, 255))
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Bagian Umum (rahasia)")
    img.save(path, "PNG", pnginfo=info)
    return path


def jpeg_logo(path: Path) -> Path:
    img = Image.new("RGB", (400, 300), (200, 30, 30))
    exif = Image.Exif()
    exif[0x013B] = "Fotografer Kantor"  # Artist
    img.save(path, "JPEG", quality=90, exif=exif)
    return path


def versi() -> int:
    office = kantor.get_office()
    assert office is not None
    return office.kantor_versi


def stored_image(path: Path) -> Image.Image:
    img = Image.open(path)
    img.load()
    return img


def state() -> tuple[int, Any, int, int]:
    """What a refused logo must leave alone: version, logo, stored files, audit entries."""
    k = Kantor.get()
    return k.versi, k.__data__.get("logo"), Lampiran.select().count(), JejakAudit.select().count()


def images_on_page_1(pdf: Path) -> int:
    return len(PdfReader(str(pdf)).pages[0].images)


def text_of(pdf: Path) -> str:
    return " ".join((PdfReader(str(pdf)).pages[0].extract_text() or "").split())


# setting the logo ---------------------------------------------------------------------------
def test_png_logo_keeps_transparency_and_loses_metadata(admin: Actor, tmp_path: Path) -> None:
    assert kantor.logo_path() is None
    before = versi()
    info = kantor.set_logo(admin, png_logo(tmp_path / "logo kabupaten.png"), before)
    assert info.kantor_versi == before + 1 and info.logo_id is not None
    path = kantor.logo_path()
    assert path is not None and path.is_file()
    img = stored_image(path)
    assert img.format == "PNG" and img.size == (300, 360)
    assert img.mode == "RGBA" and img.getpixel((0, 359))[3] == 0  # the corner stays transparent
    assert "Author" not in img.info and b"rahasia" not in path.read_bytes()
    assert Lampiran.get_by_id(info.logo_id).jenis_mime == "image/png"
    entry = audit.search(admin, AuditFilter(tabel="kantor"))[0]
    assert entry.aksi == "ubah" and entry.ringkasan.startswith("Logo kop surat (logo kabupaten")
    assert '"logo"' in entry.data_baru

    # choosing the same file again changes nothing
    again = kantor.set_logo(admin, tmp_path / "logo kabupaten.png", info.kantor_versi)
    assert again.kantor_versi == info.kantor_versi and kantor.logo_path() == path


def test_jpeg_logo_replaces_the_png(admin: Actor, tmp_path: Path) -> None:
    kantor.set_logo(admin, png_logo(tmp_path / "a.png"), versi())
    png = kantor.logo_path()
    info = kantor.set_logo(admin, jpeg_logo(tmp_path / "b.JPG"), versi())
    path = kantor.logo_path()
    assert path is not None and path != png
    img = stored_image(path)
    assert img.format == "JPEG" and img.size == (400, 300)
    assert not img.getexif() and b"Fotografer" not in path.read_bytes()
    assert Lampiran.get_by_id(info.logo_id).jenis_mime == "image/jpeg"


@pytest.mark.parametrize(("name", "make", "message"), [
    ("rusak.png", lambda p: p.write_bytes(png_logo(p).read_bytes()[:200]), "rusak"),
    ("surat.png", lambda p: p.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"),
     "bukan gambar PNG atau JPG"),
    ("logo.gif", lambda p: Image.new("RGB", (40, 40), "red").save(p, "GIF"),
     "bukan gambar PNG atau JPG"),
    ("besar.png", lambda p: p.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * (3 * 1024 * 1024)),
     "terlalu besar (3.0 MB); paling besar 2 MB"),
    ("lebar.png", lambda p: Image.new("L", (4001, 10), 0).save(p, "PNG"),
     "4001 x 10 piksel; paling besar 4000 x 4000"),
    ("kosong.png", lambda p: p.write_bytes(b""), "kosong"),
])
def test_refused_files_change_nothing(admin: Actor, tmp_path: Path, name: str, make: Any,
                                      message: str) -> None:
    path = tmp_path / name
    make(path)
    before = state()
    with pytest.raises(ValidationError, match=re.escape(message)) as caught:
        kantor.set_logo(admin, path, versi())
    assert caught.value.problems[0].field == "logo"
    assert state() == before and kantor.logo_path() is None


def test_missing_file_is_refused(admin: Actor, tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="tidak dapat dibaca"):
        kantor.set_logo(admin, tmp_path / "tidak-ada.png", versi())


def test_version_conflict(admin: Actor, tmp_path: Path) -> None:
    old = versi()
    office = kantor.get_office()
    assert office is not None
    changed = kantor.KantorData(**{**office.kantor.__dict__, "telepon": "0713-1"})
    kantor.update_office(admin, changed, old)  # someone else, meanwhile
    before = state()
    with pytest.raises(Conflict, match="diubah orang lain"):
        kantor.set_logo(admin, png_logo(tmp_path / "logo.png"), old)
    assert state()[:2] == before[:2] and kantor.logo_path() is None
    kantor.set_logo(admin, tmp_path / "logo.png", versi())
    with pytest.raises(Conflict):
        kantor.remove_logo(admin, old)
    assert kantor.logo_path() is not None


def test_remove_logo(admin: Actor, tmp_path: Path) -> None:
    info = kantor.set_logo(admin, png_logo(tmp_path / "logo.png"), versi())
    stored = kantor.logo_path()
    assert stored is not None
    after = kantor.remove_logo(admin, info.kantor_versi)
    assert after.logo_id is None and after.kantor_versi == info.kantor_versi + 1
    assert kantor.logo_path() is None
    assert stored.is_file()  # the stored file is kept (stored once by content, maybe shared)
    entry = audit.search(admin, AuditFilter(tabel="kantor"))[0]
    assert entry.ringkasan == "Logo kop surat dihapus"
    # removing when there is none is not an edit
    assert kantor.remove_logo(admin, after.kantor_versi).kantor_versi == after.kantor_versi


def test_missing_stored_file_prints_without_logo(admin: Actor, tmp_path: Path) -> None:
    kantor.set_logo(admin, png_logo(tmp_path / "logo.png"), versi())
    stored = kantor.logo_path()
    assert stored is not None
    lose_content(Kantor.get().logo_id)
    assert kantor.logo_path() is None


def test_only_roles_that_edit_the_office(make_actor: Any, tmp_path: Path) -> None:
    logo = png_logo(tmp_path / "logo.png")
    camat = make_actor("camat")
    with pytest.raises(PermissionDenied):
        kantor.set_logo(camat, logo, versi())
    with pytest.raises(PermissionDenied):
        kantor.remove_logo(camat, versi())
    assert kantor.logo_path() is None
    operator = make_actor("operator")
    kantor.set_logo(operator, logo, versi())
    assert kantor.logo_path() is not None


# printing -----------------------------------------------------------------------------------
def test_kop_without_logo_is_unchanged(tmp_path: Path) -> None:
    plain = kop_flowables(Kop(KOP))
    assert [type(f).__name__ for f in plain] == [
        "Paragraph", "Paragraph", "Spacer", "HRFlowable", "HRFlowable"]
    assert [type(f).__name__ for f in kop_flowables(Kop(KOP, None))] == [
        type(f).__name__ for f in plain]
    # an unreadable logo file prints the kop without it rather than failing the document
    broken = tmp_path / "rusak.png"
    broken.write_bytes(b"\x89PNG\r\n\x1a\nrusak")
    out = write_pdf(tmp_path / "kop.pdf", kop_flowables(Kop(KOP, broken)))
    assert images_on_page_1(out) == 0 and "KECAMATAN GELUMBANG" in text_of(out)


def test_logo_on_the_tksk_printout(admin: Actor, tmp_path: Path) -> None:
    plain = cetak_tksk.print_daftar(admin, tmp_path / "tanpa.pdf")
    assert images_on_page_1(plain) == 0
    kantor.set_logo(admin, png_logo(tmp_path / "logo.png"), versi())
    out = cetak_tksk.print_daftar(admin, tmp_path / "dengan.pdf")
    assert images_on_page_1(out) == 1
    text = text_of(out)
    assert "PEMERINTAH KABUPATEN MUARA ENIM" in text and "KECAMATAN GELUMBANG" in text
    assert "DAFTAR PENDAFTAR CALON" in text
    xobjects = PdfReader(str(out)).pages[0]["/Resources"]["/XObject"]
    (image,) = [x.get_object() for x in xobjects.values()]
    assert image["/Subtype"] == "/Image" and "/SMask" in image  # transparency kept


def test_logo_on_the_monthly_report_and_yearly_recap(admin: Actor, tksk_aktif: int,
                                                     tmp_path: Path) -> None:
    plain = laporan_cetak.write_pdf(admin, TAHUN, BULAN, tmp_path / "tanpa.pdf")
    assert images_on_page_1(plain) == 0
    kantor.set_logo(admin, jpeg_logo(tmp_path / "logo.jpg"), versi())
    out = laporan_cetak.write_pdf(admin, TAHUN, BULAN, tmp_path / "dengan.pdf")
    assert images_on_page_1(out) == 1
    text = text_of(out)
    assert "KECAMATAN GELUMBANG" in text and "LAPORAN KEGIATAN BULANAN" in text
    (rekap,) = rekap_tahunan.write(admin, TAHUN, pdf=tmp_path / "rekap.pdf")
    assert images_on_page_1(rekap) == 1 and "KECAMATAN GELUMBANG" in text_of(rekap)


def test_jpeg_logo_goes_in_as_its_jpeg_bytes(admin: Actor, tmp_path: Path) -> None:
    kantor.set_logo(admin, jpeg_logo(tmp_path / "logo.jpg"), versi())
    out = cetak_tksk.print_daftar(admin, tmp_path / "daftar.pdf")
    (image,) = PdfReader(str(out)).pages[0].images
    assert Image.open(io.BytesIO(image.data)).size == (400, 300)
