"""The yearly recap: its numbers equal the lists', PDF (landscape A4/F4) and Excel read back."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest
from pypdf import PdfReader

from kecamatan_app.services import (
    desa,
    kegiatan,
    kegiatan_daftar,
    referensi,
    registri,
    rekap_tahunan,
    rujukan,
)
from kecamatan_app.services.cetak_tksk import PrintFileError
from kecamatan_app.services.errors import ValidationError
from kecamatan_app.services.kegiatan_periksa import KegiatanData

TODAY = dt.date.today()
#: A day in the current year, at least a few days ago and inside the TKSK's term.
DAY = max(TODAY - dt.timedelta(days=3), dt.date(TODAY.year, 1, 1))


@pytest.fixture
def year_data(admin, tksk_aktif):
    bentuk = {r.kode: r.id for r in referensi.rows("bentuk")}
    fungsi = {r.kode: r.id for r in referensi.rows("fungsi")}
    sigam = desa.resolve("Sigam").id
    for kode, f in (("pendampingan", "fasilitasi"), ("pendampingan", "fasilitasi"),
                    ("koordinasi_informasi", "koordinasi")):
        kegiatan.create(admin, KegiatanData(
            tanggal=DAY, fungsi_id=fungsi[f], bentuk_id=bentuk[kode], judul=f"Kegiatan {kode}",
            desa_ids=[sigam], uraian="uraian", hasil="hasil", status="final"))
    kegiatan.create(admin, KegiatanData(  # a draft does not count
        tanggal=DAY, fungsi_id=fungsi["koordinasi"], bentuk_id=bentuk["koordinasi_persepsi"],
        judul="Rencana", desa_ids=[sigam]))
    w = registri.create_warga(admin, registri.WargaData(
        nik="1603061203800002", nama="Budi (contoh)", jenis_kelamin="L", desa_id=sigam))
    inst = next(r for r in referensi.rows("instansi") if r.kode == "puskesmas")
    r1 = rujukan.create(admin, rujukan.RujukanData(DAY, inst.id, "Berobat", warga_id=w.id))
    v = rujukan.ubah_status(admin, r1.id, "diterima", DAY)
    rujukan.ubah_status(admin, r1.id, "selesai", DAY, alasan="Dilayani", hasil="berhasil",
                        versi=v)
    rujukan.create(admin, rujukan.RujukanData(DAY, inst.id, "Kontrol", warga_id=w.id))
    return admin


def test_numbers_equal_the_lists(year_data):
    admin = year_data
    data = rekap_tahunan.compile_year(admin, DAY.year)
    listed = kegiatan_daftar.search(admin, kegiatan_daftar.KegiatanFilter(
        tahun=DAY.year, status="final"))
    total = data.kegiatan[-1]
    assert total.label == "Jumlah kegiatan"
    assert total.jumlah == len(listed) == 5  # 3 activities + 2 referrals
    pend = next(b for b in data.kegiatan if b.label == "Pendampingan sosial")
    assert pend.bulan[DAY.month - 1] == 2
    made, closed, ok = data.rujukan
    assert (made.jumlah, closed.jumlah, ok.jumlah) == (2, 1, 1)
    assert data.instansi == [("Puskesmas", 2, 1, 1, 1)]


def test_pdf_landscape_and_excel_read_back(year_data, tmp_path):
    pdf, xlsx = rekap_tahunan.write(year_data, DAY.year, tmp_path / "r.pdf", tmp_path / "r.xlsx",
                                    kertas="F4")
    reader = PdfReader(pdf)
    box = reader.pages[0].mediabox
    assert float(box.width) > float(box.height)  # landscape
    assert round(float(box.height)) == 609  # F4 is 215 mm wide
    text = "\n".join(p.extract_text() for p in reader.pages)
    assert "REKAPITULASI TAHUNAN" in text and f"TAHUN {DAY.year}" in text
    assert "Puskesmas" in text
    wb = openpyxl.load_workbook(xlsx)
    assert wb.sheetnames[:4] == ["Kegiatan", "Rujukan", "Instansi", "PPKS"]
    ws = wb["Kegiatan"]
    values = {(row[1], row[-1]) for row in ws.iter_rows(values_only=True)}
    assert ("Pendampingan sosial", 2) in values
    assert ("Jumlah kegiatan", 5) in values
    assert [c.value for c in wb["Instansi"][2]] == ["Puskesmas", 2, 1, 1, 1]


def test_bad_year_and_unwritable_path(year_data, tmp_path):
    with pytest.raises(ValidationError, match="Tahun"):
        rekap_tahunan.compile_year(year_data, TODAY.year + 1)
    with pytest.raises(PrintFileError, match="tidak dapat ditulis"):
        rekap_tahunan.write(year_data, DAY.year, pdf=tmp_path / "tidak-ada" / "r.pdf")
    assert not list(tmp_path.rglob("*.tmp"))


def test_every_sheet_has_the_same_print_set_up(year_data, tmp_path):
    """Instansi and Laporan print like the other sheets: landscape A4 fitted to the page width,
    the header row repeated, "Halaman x dari y" and who printed it in the footer."""
    (xlsx,) = rekap_tahunan.write(year_data, DAY.year, xlsx=tmp_path / "r.xlsx")
    wb = openpyxl.load_workbook(xlsx)
    assert wb.sheetnames == ["Kegiatan", "Rujukan", "Instansi", "PPKS", "Laporan"]
    for ws in wb.worksheets:
        setup = ws.page_setup
        assert (setup.orientation, setup.paperSize, setup.fitToWidth, setup.fitToHeight) == (
            "landscape", 9, 1, 0), ws.title
        assert ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
        assert ws.oddFooter.center.text == "Halaman &P dari &N", ws.title
        assert ws.oddFooter.left.text.startswith("Dicetak "), ws.title
        head = int(ws.print_title_rows.split(":")[0].strip("$"))
        assert ws.cell(head, 1).font.b, ws.title  # the repeated row is the table's header
    assert wb["Instansi"].print_title_rows == "$1:$1"
    assert [c.value for c in wb["Laporan"][1]] == ["Bulan", "Status laporan", "Keterangan"]
    assert wb["Instansi"].column_dimensions["A"].width == 45
