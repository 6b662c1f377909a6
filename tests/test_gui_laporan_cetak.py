"""Laporan page, output and settings: the preview rendered off the GUI thread into QtPdf with
page navigation and zoom, printing into a (PDF) printer, "Simpan PDF/Excel" read back, and the
administrator's Pengaturan laporan dialog saving and refusing a bad title template."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from pypdf import PdfReader
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QFileDialog

from kecamatan_app.services import laporan, laporan_cetak, settings
from kecamatan_app.services.context import Actor
from kecamatan_app.views.laporan import LaporanPage
from kecamatan_app.views.laporan.pengaturan_laporan import PengaturanLaporanDialog
from tests.test_gui_laporan import BULAN, TAHUN, aktivitas, page_for, started


@pytest.fixture
def tksk(make_actor: Any, tksk_aktif: int) -> Actor:
    actor: Actor = make_actor("tksk")
    for day in range(1, 28, 2):  # enough rows for more than one page
        aktivitas(actor, day, judul=f"Kegiatan contoh tanggal {day}")
    return actor


def preview(qtbot: Any, page: LaporanPage) -> QPdfDocument:
    panel = page.pratinjau
    page.tabs.setCurrentWidget(panel)
    assert not panel.print_button.isEnabled()  # nothing to print before the preview
    panel.show_button.click()
    assert panel.busy()
    qtbot.waitUntil(lambda: not panel.busy(), timeout=20000)
    return panel.document


def test_preview_renders_into_qtpdf_with_navigation_and_zoom(qtbot: Any, tksk: Actor,
                                                              msgbox: Any) -> None:
    started(tksk)
    page = page_for(qtbot, tksk)
    document = preview(qtbot, page)
    panel = page.pratinjau
    assert not msgbox.calls
    assert document.status() == QPdfDocument.Status.Ready and document.pageCount() >= 2
    assert panel.stack.currentWidget() is panel.view
    assert panel.pages_label.text() == f"dari {document.pageCount()}"
    assert panel.print_button.isEnabled()
    first = document.getAllText(0).text()
    assert "LAPORAN KEGIATAN BULANAN" in first

    panel.next_button.click()
    qtbot.waitUntil(lambda: panel.current_page() == 1)
    assert panel.page.value() == 2
    panel.page.setValue(1)
    qtbot.waitUntil(lambda: panel.current_page() == 0)
    panel.zoom.setCurrentIndex(panel.zoom.findText("150%"))
    assert panel.view.zoomMode() == QPdfView.ZoomMode.Custom
    assert panel.view.zoomFactor() == pytest.approx(1.5)
    panel.zoom.setCurrentIndex(panel.zoom.findText("Sesuai lebar"))
    assert panel.view.zoomMode() == QPdfView.ZoomMode.FitToWidth

    page.chooser.month.setCurrentIndex(0 if BULAN != 1 else 1)  # another month: preview dropped
    assert not panel.has_preview() and not panel.print_button.isEnabled()


def test_preview_offers_to_save_unsaved_edits_first(qtbot: Any, tksk: Actor,
                                                    msgbox: Any) -> None:
    started(tksk)
    page = page_for(qtbot, tksk)
    page.form.set_text("penutup", "Penutup yang baru ditulis.")
    preview(qtbot, page)
    assert msgbox.calls[0][1] == "Naskah belum disimpan"
    assert laporan.get(tksk, TAHUN, BULAN).penutup == "Penutup yang baru ditulis."  # type: ignore[union-attr]
    document = page.pratinjau.document
    text = " ".join(document.getAllText(i).text() for i in range(document.pageCount()))
    assert "Penutup yang baru ditulis." in text


def test_a_cancelled_preview_leaves_no_preview_and_no_file(
        qtbot: Any, tksk: Actor, msgbox: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    started(tksk)
    page = page_for(qtbot, tksk)
    panel = page.pratinjau
    release = threading.Event()
    real = laporan_cetak.write_pdf

    def slow(*args: Any, **kwargs: Any) -> Path:
        release.wait(10)
        kwargs["progress"](1, 2, "menyusun")  # raises Cancelled once Batal was pressed
        return real(*args, **kwargs)

    monkeypatch.setattr(laporan_cetak, "write_pdf", slow)
    task = panel.show_preview()
    assert task is not None and panel.busy() and not panel.show_button.isEnabled()
    task.cancel()
    release.set()
    qtbot.waitUntil(lambda: not panel.busy(), timeout=10000)
    assert not panel.has_preview() and panel.show_button.isEnabled()
    assert not any(Path(panel._tmp.name).iterdir()) and not msgbox.calls


def test_print_draws_every_page_into_the_printer(qtbot: Any, tksk: Actor, msgbox: Any,
                                                 tmp_path: Path) -> None:
    started(tksk)
    page = page_for(qtbot, tksk)
    document = preview(qtbot, page)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    out = tmp_path / "cetak.pdf"
    printer.setOutputFileName(str(out))
    assert page.pratinjau.print_document(printer) is not None
    qtbot.waitUntil(lambda: not page.pratinjau.busy(), timeout=20000)
    assert msgbox.calls[-1][1] == "Cetak", msgbox.calls
    assert len(PdfReader(out).pages) == document.pageCount()


def test_save_pdf_and_excel_write_the_report(qtbot: Any, tksk: Actor, msgbox: Any,
                                             tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    info = started(tksk)
    laporan.save_text(tksk, info.id, {"nomor": "460/077/TKSK/2026"}, info.versi)
    page = page_for(qtbot, tksk)
    page.tabs.setCurrentWidget(page.pratinjau)
    xlsx = tmp_path / "laporan"  # the suffix is added
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(xlsx), ""))
    page.pratinjau.xlsx_button.click()
    qtbot.waitUntil(lambda: not page.pratinjau.busy(), timeout=20000)
    assert msgbox.calls[-1][1] == "Tersimpan", msgbox.calls
    wb = openpyxl.load_workbook(tmp_path / "laporan.xlsx", read_only=True)
    assert "Kegiatan" in wb.sheetnames
    cells = [str(c) for r in wb["Kegiatan"].iter_rows(values_only=True) for c in r if c]
    assert any("Kegiatan contoh tanggal 3" in c for c in cells)
    identitas = [str(c) for r in wb["Identitas"].iter_rows(values_only=True) for c in r if c]
    assert any("460/077/TKSK/2026" in c for c in identitas)

    pdf = tmp_path / "laporan-f4.pdf"
    page.pratinjau.paper.setCurrentIndex(page.pratinjau.paper.findData("F4"))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(pdf), ""))
    page.pratinjau.pdf_button.click()
    qtbot.waitUntil(lambda: not page.pratinjau.busy(), timeout=20000)
    box = PdfReader(pdf).pages[0].mediabox
    assert round(float(box.height) / 72 * 25.4) == 330  # F4 / folio


def test_a_write_error_is_shown_and_leaves_no_file(qtbot: Any, tksk: Actor, msgbox: Any,
                                                  tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    started(tksk)
    page = page_for(qtbot, tksk)
    target = tmp_path / "tidak-ada" / "laporan.xlsx"
    assert page.pratinjau.save_xlsx(target) is not None
    qtbot.waitUntil(lambda: not page.pratinjau.busy(), timeout=20000)
    assert msgbox.calls[-1][1] == "Tidak dapat disimpan"
    assert "tidak dapat ditulis" in msgbox.calls[-1][2]
    assert not target.parent.exists() or not any(target.parent.iterdir())


# --- Pengaturan laporan ---------------------------------------------------------------------


def test_settings_dialog_refuses_a_bad_title_and_saves_good_values(
        qtbot: Any, admin: Actor, msgbox: Any) -> None:
    page = page_for(qtbot, admin)
    assert page.settings_button.isVisibleTo(page)
    dialog = PengaturanLaporanDialog(admin, page)
    qtbot.addWidget(dialog)
    assert dialog.bagian["lampiran_foto"].isChecked()
    dialog.texts["laporan.judul"].setPlainText("LAPORAN TKSK\nDESA {desa} {tahun}")
    dialog.batas.setValue(10)
    dialog.accept()
    assert dialog.error.isVisibleTo(dialog) and "judul tidak sah" in dialog.error.text()
    assert dialog.result() != dialog.DialogCode.Accepted
    assert settings.get("laporan.batas_hari") == 5  # nothing written

    dialog.texts["laporan.judul"].setPlainText("LAPORAN TKSK\nKECAMATAN {kecamatan} {tahun}")
    dialog.bagian["lampiran_foto"].setChecked(False)
    dialog.texts["laporan.tembusan"].setPlainText("Kepala Dinas Sosial Kabupaten\nArsip")
    dialog.accept()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert settings.get("laporan.judul") == "LAPORAN TKSK\nKECAMATAN {kecamatan} {tahun}"
    assert settings.get("laporan.batas_hari") == 10
    assert "lampiran_foto" not in settings.get("laporan.bagian")
    assert "riwayat" in settings.get("laporan.bagian")
    assert settings.get("laporan.tembusan") == "Kepala Dinas Sosial Kabupaten\nArsip"
    assert msgbox.calls[-1][2] == "4 pengaturan disimpan."


def test_new_default_texts_apply_to_reports_started_afterwards(
        qtbot: Any, admin: Actor, tksk: Actor, msgbox: Any) -> None:
    dialog = PengaturanLaporanDialog(admin)
    qtbot.addWidget(dialog)
    dialog.texts["laporan.penutup"].setPlainText("Penutup bawaan kantor.")
    dialog.accept()
    page = page_for(qtbot, tksk)
    page.alur.mulai_button.click()
    assert page.form.text("penutup") == "Penutup bawaan kantor."


def test_rekap_tahunan_from_the_page_saves_pdf_and_excel(qtbot: Any, tksk: Actor, msgbox: Any,
                                                         tmp_path: Path) -> None:
    """Rekap tahunan... on the Laporan page: the year's recap written off the GUI thread as PDF
    and Excel, with the activities of the year counted."""
    from kecamatan_app.views.laporan.rekap_tahunan_dialog import RekapTahunanDialog

    page = page_for(qtbot, tksk)
    dialog = page.open_rekap_tahunan()
    assert isinstance(dialog, RekapTahunanDialog)
    dialog.tahun.setValue(TAHUN)
    dialog.kertas.setCurrentText("F4")
    pdf, xlsx = tmp_path / "rekap.pdf", tmp_path / "rekap.xlsx"
    dialog.save("pdf", pdf)
    qtbot.waitUntil(lambda: dialog.task is None, timeout=20000)
    dialog.save("xlsx", xlsx)
    qtbot.waitUntil(lambda: dialog.task is None, timeout=20000)
    assert [c[0] for c in msgbox.calls] == ["information", "information"], msgbox.calls
    assert dialog.last_written == xlsx
    reader = PdfReader(pdf)
    assert float(reader.pages[0].mediabox.width) > float(reader.pages[0].mediabox.height)
    assert f"TAHUN {TAHUN}" in reader.pages[0].extract_text()
    ws = openpyxl.load_workbook(xlsx)["Kegiatan"]
    totals = [row[-1] for row in ws.iter_rows(values_only=True) if row[1] == "Jumlah kegiatan"]
    assert totals == [14]  # the fixture's activities on days 1, 3, ..., 27
    dialog.close()
