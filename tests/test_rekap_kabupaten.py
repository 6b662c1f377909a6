"""The consolidated yearly recap of a Dinas Sosial database (services/rekap_kabupaten, reports
rekap_kabupaten_pdf/_xlsx, ``report rekap`` on a Dinas database): the PDF's text and the
workbook read back hold the numbers of tests/kabupaten_bantu.py, written out by hand."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest

from kecamatan_app import cli
from kecamatan_app.models import JejakAudit
from kecamatan_app.reports import rekap_kabupaten_pdf
from kecamatan_app.reports.rekap_kabupaten_data import BarisAngka, RekapKabupaten
from kecamatan_app.services import rekap_kabupaten
from kecamatan_app.services.cetak_tksk import PrintFileError
from kecamatan_app.services.context import Actor
from kecamatan_app.services.errors import PermissionDenied, ValidationError
from tests import kabupaten_bantu as kb
from tests.kabupaten_bantu import HARI_INI, TAHUN
from tests.laporan_bantu import pdf_pages, pdf_text


@pytest.fixture
def kab(db: Any) -> kb.Kabupaten:
    return kb.build()


def _audit() -> list[str]:
    return [a.ringkasan for a in JejakAudit.select().where(
        (JejakAudit.tabel == "rekap_kabupaten") & (JejakAudit.aksi == "cetak"))
        .order_by(JejakAudit.id)]


def test_pdf_holds_every_table(kab: kb.Kabupaten, tmp_path: Path) -> None:
    pdf = tmp_path / "rekap kabupaten.pdf"
    assert rekap_kabupaten.write(kab.admin, TAHUN, pdf=pdf, today=HARI_INI) == [pdf]
    text = pdf_text(pdf)
    for expected in [
        "PEMERINTAH KOTA SABANG DINAS SOSIAL",
        "SELURUH KECAMATAN KOTA SABANG TAHUN 2025",
        # A. activities per kecamatan x month
        "Sukakarya - - 3 2 - - - - - - - - 5", "Sukajaya 4 - 2 - - 3 - - - - - - 9",
        "Jumlah 4 - 5 2 - 3 - - - - - - 14",
        # B. per function (Koordinasi, Fasilitasi, Administrasi)
        "Sukakarya 2 3 - 5", "Sukajaya 9 - - 9", "Jumlah 11 3 - 14",
        # C. report status with timeliness marks and totals
        "Sukakarya - - Disetujui Tepat Disetujui Telat 4 hr Kembali Tepat Draf Lewat "
        "Belum Lewat - - - - - 5 3 2 2 1",
        "Sukajaya Disetujui* Tepat Belum Lewat Disetujui* Telat 5 hr",
        "Sukamakmue Disetujui Tepat Diajukan Telat 1 hr Belum Lewat",
        "Wajib lapor 2 2 3 3 3 2 2 - - - - - 17", "Terlambat - 1 1 1 - - - - - - - - 3",
        # D. referrals per agency
        "Dinas Kependudukan dan Pencatatan Sipil (Dukcapil) 1 0 1",
        "Puskesmas 4 4 0 Jumlah 6 4 2",
        # E. PPKS per kecamatan x category, with the month it is read from
        "Kecamatan Data per 08 24 Jml", "Sukakarya Agu 2025 7 10 17",
        "Sukajaya Jun 2025 (paket) 4 9 13", "Jumlah 11 19 30",
        "08 Lanjut Usia Telantar; 24 Fakir Miskin",
        # notes with Indonesian dates
        "Keadaan data per 20 Agustus 2025", "ketepatan 29,4% dari laporan",
    ]:
        assert expected in text, expected
    pages = pdf_pages(pdf)
    assert len(pages) == 2
    assert "Halaman 1 dari 2" in pages[0] and "Halaman 2 dari 2" in pages[1]
    assert "oleh Admin Dinas Sosial" in pages[-1]
    assert not list(tmp_path.glob("*.tmp"))
    assert _audit() == ["Rekap tahunan kabupaten 2025 (PDF, 3 kecamatan) ke rekap kabupaten.pdf"]


def test_workbook_has_a_sheet_per_table(kab: kb.Kabupaten, tmp_path: Path) -> None:
    xlsx = tmp_path / "rekap.xlsx"
    rekap_kabupaten.write(kab.admin, TAHUN, xlsx=xlsx, today=HARI_INI)
    wb = openpyxl.load_workbook(xlsx)
    assert wb.sheetnames == ["Kegiatan per bulan", "Kegiatan per fungsi", "Status laporan",
                             "Rujukan per instansi", "PPKS per kategori", "Catatan"]

    def rows(name: str) -> list[tuple[Any, ...]]:
        ws = wb[name]
        head = int(ws.print_title_rows.split(":")[0].strip("$"))
        return [r for r in ws.iter_rows(min_row=head, values_only=True) if r[0] is not None]

    keg = rows("Kegiatan per bulan")
    assert keg[0] == ("Kecamatan", "Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep",
                      "Okt", "Nov", "Des", "Jumlah")
    assert keg[1] == ("Sukakarya", 0, 0, 3, 2, 0, 0, 0, 0, 0, 0, 0, 0, 5)
    assert keg[4] == ("Jumlah", 4, 0, 5, 2, 0, 3, 0, 0, 0, 0, 0, 0, 14)
    assert rows("Kegiatan per fungsi")[1:] == [("Sukakarya", 2, 3, 0, 5), ("Sukajaya", 9, 0, 0, 9),
                                               ("Sukamakmue", 0, 0, 0, 0), ("Jumlah", 11, 3, 0, 14)]
    st = rows("Status laporan")
    assert st[1][:6] == ("Sukakarya", "-", "-", "Disetujui (Tepat)", "Disetujui (Telat 4 hr)",
                         "Kembali (Tepat)")
    assert st[1][13:] == (5, 3, 2, 2, 1)
    assert st[2][1] == "Disetujui* (Tepat)" and st[2][13:] == (7, 3, 3, 2, 1)
    assert st[4] == ("Wajib lapor", 2, 2, 3, 3, 3, 2, 2, 0, 0, 0, 0, 0, 17, None, None, None,
                     None)
    assert st[5][13:] == (None, 8, None, None, None)  # the year's total under "Diterima"
    assert wb["Status laporan"]["D8"].fill.fgColor.rgb.endswith("C8E6C9")  # approved: green
    assert rows("Rujukan per instansi")[1:] == [
        ("Dinas Kependudukan dan Pencatatan Sipil (Dukcapil)", 1, 0, 1),
        ("Dinas Sosial Kabupaten/Kota", 1, 0, 1), ("Puskesmas", 4, 4, 0), ("Jumlah", 6, 4, 2)]
    ppks = rows("PPKS per kategori")
    assert ppks[0] == ("Kecamatan", "Data per", "08. Lanjut Usia Telantar", "24. Fakir Miskin",
                       "Jumlah")
    assert ppks[1] == ("Sukakarya", "Agu 2025", 7, 10, 17)
    assert ppks[2] == ("Sukajaya", "Jun 2025 (paket)", 4, 9, 13)
    assert ppks[4][0] == "Jumlah" and ppks[4][2:] == (11, 19, 30)
    for ws in wb.worksheets:
        assert ws.page_setup.orientation == "landscape"
        assert ws.page_setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.oddFooter.center.text == "Halaman &P dari &N"
        assert ws["A1"].value == "PEMERINTAH KOTA SABANG"
    assert any("Wajib lapor: untuk kecamatan" in str(r[1]) for r in rows("Catatan"))
    assert _audit() == ["Rekap tahunan kabupaten 2025 (Excel, 3 kecamatan) ke rekap.xlsx"]


def test_refusals_write_nothing(kab: kb.Kabupaten, tmp_path: Path) -> None:
    missing = tmp_path / "tidak-ada" / "rekap.pdf"
    with pytest.raises(PrintFileError, match="tidak dapat ditulis"):
        rekap_kabupaten.write(kab.admin, TAHUN, pdf=missing, today=HARI_INI)
    with pytest.raises(ValidationError, match="Ukuran kertas"):
        rekap_kabupaten.write(kab.admin, TAHUN, pdf=tmp_path / "a.pdf", kertas="A5")
    camat_a = kb.make_user(kab.admin, "camat.a", "camat", kb.KODE_A)
    with pytest.raises(PermissionDenied):
        rekap_kabupaten.write(camat_a, TAHUN, pdf=tmp_path / "b.pdf", xlsx=tmp_path / "b.xlsx")
    assert not list(tmp_path.rglob("*.pdf")) and not list(tmp_path.rglob("*.xlsx"))
    assert _audit() == []


def test_kecamatan_admin_gets_only_their_kecamatan(kab: kb.Kabupaten, tmp_path: Path) -> None:
    admin_b = kb.make_user(kab.admin, "admin.b", "admin", kb.KODE_B)
    pdf = tmp_path / "b.pdf"
    rekap_kabupaten.write(admin_b, TAHUN, pdf=pdf, today=HARI_INI)
    text = pdf_text(pdf)
    assert "Sukajaya 4 - 2 - - 3 - - - - - - 9" in text
    assert "Sukakarya" not in text and "Sukamakmue" not in text


def test_cli_report_rekap_on_a_dinas_database(kab: kb.Kabupaten, tmp_path: Path,
                                              capsys: Any) -> None:
    pdf, xlsx = tmp_path / "rekap.pdf", tmp_path / "rekap.xlsx"
    assert cli.main(["report", "rekap", "--tahun", str(TAHUN), "--pdf", str(pdf),
                     "--xlsx", str(xlsx), "--kertas", "f4"]) == 0
    out = capsys.readouterr().out
    assert "Rekap gabungan Kota Sabang tahun 2025 (basis data Dinas Sosial, semua kecamatan)" in out
    assert f"PDF ditulis: {pdf.resolve()}" in out and f"Excel ditulis: {xlsx.resolve()}" in out
    text = pdf_text(pdf)
    assert "SELURUH KECAMATAN KOTA SABANG TAHUN 2025" in text
    assert "Jumlah 4 - 5 2 - 3 - - - - - - 14" in text  # activities do not depend on today
    assert openpyxl.load_workbook(xlsx).sheetnames[0] == "Kegiatan per bulan"
    assert cli.main(["report", "rekap", "--tahun", "2999", "--pdf", str(pdf)]) == 1
    assert "Tahun 2999 tidak sah" in capsys.readouterr().err


def test_cli_report_rekap_on_a_kecamatan_database_is_unchanged(admin: Actor, tmp_path: Path,
                                                               capsys: Any) -> None:
    pdf = tmp_path / "rekap.pdf"
    assert cli.main(["report", "rekap", "--tahun", str(TAHUN), "--pdf", str(pdf)]) == 0
    assert "Rekap gabungan" not in capsys.readouterr().out
    assert "KECAMATAN GELUMBANG" in pdf_text(pdf)


def test_many_categories_split_into_tables(tmp_path: Path) -> None:
    """More PPKS categories than fit across the page continue in a second table; the row
    totals (over all categories) are printed once, in the last one."""
    cats = [(f"{i:02d}", f"Kategori {i}") for i in range(1, 21)]
    d = RekapKabupaten(["PEMERINTAH KABUPATEN CONTOH", "DINAS SOSIAL"], ["REKAP"], TAHUN, [],
                       ["Koordinasi"], [], [], [], [], cats,
                       [BarisAngka("Kecamatan Satu", tuple(range(1, 21)), "Des 2025")])
    pdf = rekap_kabupaten_pdf.render_pdf(tmp_path / "r.pdf", d)
    text = pdf_text(pdf)
    # 20 categories: two tables of 10, the row total (210) only after the second
    assert "Kecamatan Satu Des 2025 1 2 3 4 5 6 7 8 9 10 Kecamatan" in text
    assert "Kecamatan Satu Des 2025 11 12 13 14 15 16 17 18 19 20 210" in text
    assert "Tidak ada rujukan." in text and "Tidak ada kecamatan." in text
