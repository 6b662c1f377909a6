"""The Kabupaten page (views/kabupaten) on the hand-built Dinas database of
tests/kabupaten_bantu.py, and its place in the main window."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QFileDialog, QTableView

from kecamatan_app.config import DatabaseTarget
from kecamatan_app.models import JejakAudit
from kecamatan_app.views.kabupaten import KabupatenPage
from kecamatan_app.views.kabupaten.isi import chart_values
from kecamatan_app.views.kabupaten.rincian_dialog import RincianDialog
from kecamatan_app.views.main_window import MainWindow
from tests import kabupaten_bantu as kb
from tests.kabupaten_bantu import HARI_INI
from tests.laporan_bantu import pdf_text


@pytest.fixture
def kab(db: Any) -> kb.Kabupaten:
    return kb.build()


@pytest.fixture
def page(qtbot: Any, kab: kb.Kabupaten) -> KabupatenPage:
    p = KabupatenPage(kab.admin, today=HARI_INI)
    qtbot.addWidget(p)
    p.resize(1300, 800)
    loaded(qtbot, p)
    return p


def loaded(qtbot: Any, page: KabupatenPage) -> None:
    """The dashboard is read off the GUI thread: wait until it is shown."""
    qtbot.waitUntil(lambda: page.load_task is None and page.data is not None, timeout=20000)


def _cells(view: QTableView) -> list[list[str]]:
    m = view.model()
    return [[str(m.index(r, c).data()) for c in range(m.columnCount())]
            for r in range(m.rowCount())]


def _dclick(qtbot: Any, view: QTableView, row: int, col: int) -> None:
    view.scrollTo(view.model().index(row, col))
    rect = view.visualRect(view.model().index(row, col))
    # a view acts on a double click only on the cell the button was pressed on
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_calendar_grid_tiles_and_legend(page: KabupatenPage) -> None:
    assert page.title.text() == "Dinas Sosial Kota Sabang"
    assert "3 kecamatan, tahun 2025; keadaan per 20 Agustus 2025; 3 paket" in \
        page.subtitle.text()
    grid = _cells(page.kalender)
    assert [r[0] for r in grid] == ["Sukakarya", "Sukajaya", "Sukamakmue",
                                    "Jumlah semua kecamatan"]
    assert grid[0][1:8] == ["-", "-", "Disetujui\nTepat", "Disetujui\nTelat 4 hr",
                            "Kembali\nTepat", "Draf\nLewat", "Belum\nLewat"]
    assert grid[1][1] == "Disetujui*\nTepat"
    assert grid[0][13:] == ["5", "3", "2", "2", "1", "2"]
    assert grid[3][1] == "2/2 diterima\n2 tepat" and grid[3][8] == "-"
    assert grid[3][13:] == ["17", "8", "6", "5", "3", "9"]
    m = page.kalender.model()
    assert m.index(0, 3).data(Qt.ItemDataRole.BackgroundRole) == QColor("#C8E6C9")
    assert m.index(0, 6).data(Qt.ItemDataRole.BackgroundRole) == QColor("#FFCDD2")
    tip = m.index(0, 4).data(Qt.ItemDataRole.ToolTipRole)
    assert "Diajukan pertama: 9 Mei 2025" in tip and "Terlambat (4 hari)" in tip
    assert [t.value.text() for t in page.tiles.values()] == ["17", "8", "6", "5", "3", "9"]
    assert page.tiles["tepat"].caption.text() == "29,4% dari yang jatuh tempo"
    assert [lab.text() for lab in page.legend] == [
        "Disetujui", "Diajukan, menunggu persetujuan camat", "Dikembalikan untuk diperbaiki",
        "Belum diajukan, batas belum lewat", "Belum diajukan, batas sudah lewat",
        "Tidak wajib (tidak ada TKSK / bulan belum berakhir)"]


def test_other_tabs_and_chart(page: KabupatenPage) -> None:
    keg = _cells(page.kegiatan)
    assert keg[0] == ["Sukakarya", "-", "-", "3", "2", "-", "-", "-", "-", "-", "-", "-", "-",
                      "5", "2", "3", "-"]
    assert keg[-1][13] == "14"
    ppks = _cells(page.ppks)
    assert ppks[0] == ["Sukakarya", "Agu 2025", "7", "10", "17"]
    assert ppks[1] == ["Sukajaya", "Jun 2025", "4", "9", "13"]
    assert ppks[-1] == ["Jumlah", "", "11", "19", "30"]
    assert page.chart is not None
    assert chart_values(page.chart) == [("Sukakarya", 17.0), ("Sukajaya", 13.0),
                                        ("Sukamakmue", 0.0)]
    assert _cells(page.rujukan) == [
        ["Dinas Kependudukan dan Pencatatan Sipil (Dukcapil)", "1", "-", "1"],
        ["Dinas Sosial Kabupaten/Kota", "1", "-", "1"], ["Puskesmas", "4", "4", "-"],
        ["Jumlah", "6", "4", "2"]]
    page.rujukan.sortByColumn(1, Qt.SortOrder.DescendingOrder)
    assert [r[0] for r in _cells(page.rujukan)][::3] == ["Puskesmas", "Jumlah"]


def test_search_filters_the_kecamatan(page: KabupatenPage) -> None:
    page.search.setText("JAYA")
    assert [r[0] for r in _cells(page.kalender)] == ["Sukajaya", "Jumlah semua kecamatan"]
    assert [r[0] for r in _cells(page.ppks)] == ["Sukajaya", "Jumlah"]
    assert page.shown_kecamatan() == [page.data.kecamatan[1].id]  # type: ignore[union-attr]
    assert page.chart is not None and chart_values(page.chart) == [("Sukajaya", 13.0)]
    page.search.clear()
    assert len(_cells(page.kalender)) == 4


def test_double_click_shows_the_rows_behind(qtbot: Any, page: KabupatenPage) -> None:
    page.show()
    _dclick(qtbot, page.kalender, 0, 16)  # Sukakarya, "Tepat waktu"
    dialog = page.dialogs[-1]
    assert isinstance(dialog, RincianDialog)
    assert dialog.rincian.judul == "Tepat waktu: Kecamatan Sukakarya"
    rows = _cells(dialog.table)
    assert [(r[1], r[6], r[8]) for r in rows] == [("Maret", "7 April 2025", "Tepat waktu"),
                                                  ("Mei", "", "Tepat waktu")]
    assert dialog.total.text() == "2 baris; jumlah 2."
    dialog.close()
    page.tabs.setCurrentIndex(3)
    _dclick(qtbot, page.rujukan, 2, 1)  # Puskesmas, made
    r = page.dialogs[-1].rincian
    assert r.jumlah == 4 and [row[0] for row in r.baris] == ["Sukakarya", "Sukajaya", "Sukajaya"]
    page.tabs.setCurrentIndex(2)
    _dclick(qtbot, page.ppks, 1, 2)  # Sukajaya, 08
    r = page.dialogs[-1].rincian
    assert r.baris == [("Sukajaya", "Juni 2025", "Paket kiriman", "08. Lanjut Usia Telantar", 4)]
    page.tiles["lewat"].clicked.emit()
    assert page.dialogs[-1].rincian.jumlah == 9
    for d in list(page.dialogs):
        d.close()


def test_a_refused_load_is_shown_on_the_page(qtbot: Any, kab: kb.Kabupaten,
                                             msgbox: Any) -> None:
    """A user whose account was disabled meanwhile sees why the dashboard is empty."""
    from kecamatan_app.services import users

    dinas_user = kb.make_user(kab.admin, "dinas2", "dinas", None)
    page = KabupatenPage(dinas_user, today=HARI_INI)
    qtbot.addWidget(page)
    loaded(qtbot, page)
    assert dinas_user.user_id is not None
    users.set_active(kab.admin, dinas_user.user_id, False)
    page.refresh()
    qtbot.waitUntil(lambda: page.load_task is None and not page.note.isHidden(), timeout=20000)
    assert "sudah dinonaktifkan" in page.note.text() and not page.tabs.isEnabled()
    assert not msgbox.calls


def test_year_change_and_errors(qtbot: Any, page: KabupatenPage, msgbox: Any) -> None:
    assert not page.loading.isVisible()
    page.year.setValue(2024)
    page.year.setValue(2023)  # changed again while the first is read: 2023 is shown
    page.year.setValue(2024)
    qtbot.waitUntil(lambda: page.load_task is None and page.data is not None
                    and page.data.tahun == 2024, timeout=20000)
    assert page.subtitle.text().startswith("3 kecamatan, tahun 2024")
    assert _cells(page.kalender)[2][1:6] == ["Belum\nLewat"] * 5  # C's TKSK since 2024
    assert not msgbox.calls


def test_recap_pdf_and_excel_off_the_gui_thread(qtbot: Any, page: KabupatenPage,
                                                tmp_path: Path, msgbox: Any,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    pdf = tmp_path / "rekap.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(pdf), ""))
    qtbot.mouseClick(page.pdf_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.task is None and page.last_written is not None, timeout=20000)
    assert "Sukakarya - - Disetujui Tepat Disetujui Telat 4 hr" in pdf_text(pdf)
    xlsx = tmp_path / "rekap"  # the extension is added
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(xlsx), ""))
    page.last_written = None
    qtbot.mouseClick(page.xlsx_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.task is None and page.last_written is not None, timeout=20000)
    assert page.last_written == tmp_path / "rekap.xlsx"
    assert openpyxl.load_workbook(page.last_written).sheetnames[2] == "Status laporan"
    assert [c[1] for c in msgbox.calls] == ["Tersimpan", "Tersimpan"]
    assert JejakAudit.select().where(JejakAudit.tabel == "rekap_kabupaten").count() == 2


def test_recap_failure_is_shown(qtbot: Any, page: KabupatenPage, tmp_path: Path,
                                msgbox: Any) -> None:
    page.save_recap("pdf", tmp_path / "tidak-ada" / "rekap.pdf")
    qtbot.waitUntil(lambda: page.task is None and bool(msgbox.calls), timeout=20000)
    assert msgbox.calls[0][1] == "Rekap kabupaten tidak dapat disimpan"
    assert "tidak dapat ditulis" in msgbox.calls[0][2]


def test_export_of_the_grid_shown(qtbot: Any, page: KabupatenPage, tmp_path: Path,
                                  msgbox: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "kalender.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    page.search.setText("makmue")
    qtbot.mouseClick(page.grid_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(msgbox.calls), timeout=20000)
    assert msgbox.calls[0][1] == "Ekspor selesai" and "1 baris" in msgbox.calls[0][2]
    ws = openpyxl.load_workbook(out).active
    rows = [r for r in ws.iter_rows(values_only=True) if r[0]]
    head = next(i for i, r in enumerate(rows) if r[0] == "Kode")
    assert rows[head + 1][:4] == ("11.72.03", "Sukamakmue", "Disetujui; Tepat waktu",
                                  "Diajukan; Terlambat (1 hari)")
    assert rows[head + 1][14:] == (5, 2, 1, 1, 1, 3)
    assert len(rows) == head + 2


def test_main_window_home_page_and_title(qtbot: Any, kab: kb.Kabupaten,
                                         db_target: DatabaseTarget, msgbox: Any) -> None:
    dinas_user = kb.make_user(kab.admin, "dinas1", "dinas", None)
    window = MainWindow(dinas_user, db_target)
    qtbot.addWidget(window)
    assert window.windowTitle() == "Kecamatan TKSK \u2014 Dinas Sosial Kota Sabang"
    names = [window.nav.item(i).text() for i in range(window.nav.count())]
    assert names[:2] == ["Beranda", "Kabupaten"]
    assert window.current_key() == "kabupaten"
    home = window.current_page()
    assert isinstance(home, KabupatenPage)
    loaded(qtbot, home)
    assert home.title.text() == "Dinas Sosial Kota Sabang"
    operator_a = kb.make_user(kab.admin, "operator.a", "operator", kb.KODE_A)
    window = MainWindow(operator_a, db_target)
    qtbot.addWidget(window)
    assert window.windowTitle() == "Kecamatan TKSK \u2014 Kecamatan Sukakarya"
    assert "Kabupaten" not in [window.nav.item(i).text() for i in range(window.nav.count())]
    assert window.current_key() == "beranda"
    assert not msgbox.calls  # every page shown was built
