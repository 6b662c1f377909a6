"""TKSK > Pendaftar > Impor Excel, driven as a clerk would: the template is filled with openpyxl,
the file picked through a (patched) file dialog, the check and the import run in the background
and are waited for with ``waitUntil``; the database and the written workbooks are read back."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QFileDialog

from kecamatan_app.models import JejakAudit, Pendaftar
from kecamatan_app.services import impor_pendaftar as ip
from kecamatan_app.services.context import Actor
from kecamatan_app.views.tksk import TkskPage
from kecamatan_app.views.tksk.impor_dialog import ImporPendaftarDialog

BUDI = "1603061203990001"  # male, born 12-03-1999
SARI = "1603065506980002"  # female, born 15-06-1998
HEADERS = [c.header for c in ip.columns()]


def person(nik: str, nama: str, **over: Any) -> dict[str, Any]:
    """A complete, eligible row (as in test_impor_pendaftar); ``over`` replaces cells."""
    row: dict[str, Any] = {
        "NIK": nik,
        "Nama": nama,
        "Jenis Kelamin": "L",
        "Tempat Lahir": "Muara Enim",
        "Tanggal Lahir": "12-03-1999",
        "Kewarganegaraan": "WNI",
        "Alamat": "Jl. Contoh 1",
        "Desa Domisili": "Melilian",
        "Kecamatan KTP": "Gelumbang",
        "Pendidikan Terakhir": "SMA",
        "Status Kepegawaian": "Bukan ASN/TNI/Polri/Legislatif",
        "Pilar Sosial": "PSM",
        "Dapat Menggunakan Komputer": "Ya",
        "Surat Keterangan Sehat": "Ada",
        "SKCK": "Ada",
        "Tanggal Pendaftaran": "05-01-2026",
        "No. HP": "081234567890",
        "Periode Rekrutmen": "2026",
    }
    row.update(over)
    return row


def filled_template(path: Path, rows: list[dict[str, Any]]) -> Path:
    ip.write_template(path)
    wb = openpyxl.load_workbook(path)
    for r in rows:
        wb[ip.SHEET].append([r.get(h) for h in HEADERS])
    wb.save(path)
    return path


def good_rows() -> list[dict[str, Any]]:
    sari = {"Jenis Kelamin": "P", "Tanggal Lahir": "15-06-1998"}
    return [person(BUDI, "Budi Santoso (contoh)"), person(SARI, "Sari Dewi (contoh)", **sari)]


def bad_rows() -> list[dict[str, Any]]:
    return [
        person(BUDI, "Budi Santoso (contoh)"),
        person("16030612039900", "NIK pendek (contoh)"),
        person("1603060101990004", "Tanggal salah (contoh)", **{"Tanggal Lahir": "31-02-2000"}),
    ]


def counts() -> tuple[int, int]:
    return Pendaftar.select().count(), JejakAudit.select().count()


@pytest.fixture
def page(qtbot: Any, admin: Actor, msgbox: Any) -> TkskPage:
    view = TkskPage(admin)
    qtbot.addWidget(view)
    view.resize(1100, 700)
    view.show()
    qtbot.waitExposed(view)
    return view


def open_dialog(qtbot: Any, page: TkskPage) -> ImporPendaftarDialog:
    button = page.pendaftar.import_button
    assert button.isVisible() and button.text() == "&Impor Excel..."
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    dialog = page.pendaftar.import_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    assert not dialog.import_button.isEnabled()  # nothing checked yet
    return dialog


def pick(qtbot: Any, dialog: ImporPendaftarDialog, path: Path, monkeypatch: Any) -> None:
    """Pilih berkas... with the file dialog answering ``path``, then wait for the check."""
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    qtbot.mouseClick(dialog.choose_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.busy() and dialog.result_value is not None, timeout=10000)


def shown_rows(dialog: ImporPendaftarDialog) -> list[tuple[str, str, str]]:
    """The problems table as the user sees it, in its current sort and filter."""
    proxy = dialog.table.proxy
    return [tuple(proxy.index(r, c).data() for c in range(3)) for r in range(proxy.rowCount())]


def test_good_workbook_is_checked_then_imported_and_listed(
    qtbot: Any, page: TkskPage, msgbox: Any, monkeypatch: Any, tmp_path: Path
) -> None:
    before = counts()
    dialog = open_dialog(qtbot, page)
    pick(qtbot, dialog, filled_template(tmp_path / "pendaftar.xlsx", good_rows()), monkeypatch)
    assert dialog.status.text() == "Siap diimpor: 2 baru, 0 diperbarui."
    assert not dialog.problems() and dialog.table.view.isHidden()
    assert dialog.save_problems_button.isHidden()
    assert dialog.import_button.isEnabled() and dialog.import_button.isDefault()
    assert counts() == before  # the check saved nothing
    assert page.pendaftar.rows == []

    closed: list[int] = []
    dialog.finished.connect(closed.append)
    qtbot.keyClick(dialog, Qt.Key.Key_Return)  # Enter: the default button, Impor
    qtbot.waitUntil(lambda: any(c[1] == "Impor selesai" for c in msgbox.calls), timeout=10000)
    assert "2 baru, 0 diperbarui" in msgbox.calls[-1][2]
    assert closed == [QDialog.DialogCode.Accepted] and page.pendaftar.import_dialog is None
    names = sorted(r.nama for r in page.pendaftar.rows)
    assert names == ["Budi Santoso (contoh)", "Sari Dewi (contoh)"]
    assert page.pendaftar.count_label.text().startswith("2 pendaftar")
    assert Pendaftar.select().count() == before[0] + 2
    entry = JejakAudit.select().order_by(JejakAudit.id.desc()).get()
    assert "2 baru, 0 diperbarui" in entry.ringkasan


def test_bad_cells_are_listed_by_row_and_column_and_nothing_is_written(
    qtbot: Any, page: TkskPage, msgbox: Any, monkeypatch: Any, tmp_path: Path
) -> None:
    before = counts()
    dialog = open_dialog(qtbot, page)
    pick(qtbot, dialog, filled_template(tmp_path / "salah.xlsx", bad_rows()), monkeypatch)
    rows = shown_rows(dialog)
    assert [(r[0], r[1]) for r in rows] == [("3", "NIK"), ("4", "Tanggal Lahir")]
    assert "16 angka" in rows[0][2]
    assert "31-02-2000" in rows[1][2] and "tidak ada" in rows[1][2]
    assert dialog.status.text() == "Ditemukan 2 masalah di 2 baris."
    assert dialog.nothing_saved.isVisible() and "Belum ada data" in dialog.nothing_saved.text()
    assert not dialog.import_button.isEnabled()
    assert dialog.start_import() is None
    assert dialog.recheck_button.isDefault()  # Enter checks the fixed file again
    assert counts() == before and page.pendaftar.rows == []

    dialog.table.view.sortByColumn(0, Qt.SortOrder.DescendingOrder)  # Baris, as numbers
    assert [r[0] for r in shown_rows(dialog)] == ["4", "3"]
    qtbot.keyClicks(dialog.table.search, "tanggal")
    assert [r[1] for r in shown_rows(dialog)] == ["Tanggal Lahir"]
    assert dialog.table.count_label.text() == "1 dari 2 baris"

    out = tmp_path / "masalah.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    qtbot.mouseClick(dialog.save_problems_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: any(c[1] == "Daftar masalah tersimpan" for c in msgbox.calls))
    values = list(openpyxl.load_workbook(out).active.iter_rows(values_only=True))
    header = values.index(("Baris", "Kolom", "Masalah"))
    written = [(r[0], r[1]) for r in values[header + 1 :]]
    assert written == [(3, "NIK"), (4, "Tanggal Lahir")]  # every problem, not the filtered view
    assert any("salah.xlsx" in str(c) for r in values[:header] for c in r)

    closed: list[int] = []
    dialog.finished.connect(closed.append)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert closed == [QDialog.DialogCode.Rejected]
    assert counts() == before


def test_a_file_changed_after_the_check_is_checked_again_and_nothing_saved(
    qtbot: Any, page: TkskPage, msgbox: Any, monkeypatch: Any, tmp_path: Path
) -> None:
    path = filled_template(tmp_path / "pendaftar.xlsx", good_rows())
    dialog = open_dialog(qtbot, page)
    pick(qtbot, dialog, path, monkeypatch)
    assert dialog.import_button.isEnabled()
    before = counts()
    filled_template(path, bad_rows())  # edited in Excel meanwhile
    assert dialog.start_import() is not None
    qtbot.waitUntil(lambda: not dialog.busy(), timeout=10000)
    assert "berubah sejak diperiksa" in dialog.status.text()
    assert [(r[0], r[1]) for r in shown_rows(dialog)] == [("3", "NIK"), ("4", "Tanggal Lahir")]
    assert not dialog.import_button.isEnabled() and dialog.isVisible()
    assert dialog.nothing_saved.isVisible()
    assert counts() == before
    assert not any(c[1] == "Impor selesai" for c in msgbox.calls)


def test_batal_stops_the_import_and_saves_nothing(
    qtbot: Any, page: TkskPage, msgbox: Any, monkeypatch: Any, tmp_path: Path
) -> None:
    dialog = open_dialog(qtbot, page)
    pick(qtbot, dialog, filled_template(tmp_path / "pendaftar.xlsx", good_rows()), monkeypatch)
    before = counts()
    gate, real = threading.Event(), ip.import_file

    def held(*args: Any, **kwargs: Any) -> Any:  # the import waits until the user has decided
        assert gate.wait(10)
        return real(*args, **kwargs)

    monkeypatch.setattr(ip, "import_file", held)
    task = dialog.start_import()
    assert task is not None and dialog.busy() and not dialog.choose_button.isEnabled()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # no closing mid-import: Batal is the way
    assert dialog.isVisible()
    task.cancel()  # what Batal in the progress window does
    gate.set()
    qtbot.waitUntil(lambda: not dialog.busy(), timeout=10000)
    assert dialog.status.text() == "Impor dibatalkan. Tidak ada data yang disimpan."
    assert counts() == before and dialog.isVisible()
    assert dialog.import_button.isEnabled()  # the check still holds: try again
    assert not any(c[1] == "Impor selesai" for c in msgbox.calls)


def test_a_file_that_is_not_a_workbook_gives_a_message(
    qtbot: Any, page: TkskPage, msgbox: Any, monkeypatch: Any, tmp_path: Path
) -> None:
    path = tmp_path / "bukan.xlsx"
    path.write_text("Nama;NIK\n", encoding="utf-8")
    dialog = open_dialog(qtbot, page)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    qtbot.mouseClick(dialog.choose_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(msgbox.calls), timeout=10000)
    kind, title, text = msgbox.calls[-1]
    assert (kind, title) == ("warning", "Berkas tidak dapat dibaca")
    assert "bukan buku kerja Excel" in text
    assert "belum dapat diperiksa" in dialog.status.text()
    assert not dialog.import_button.isEnabled() and dialog.recheck_button.isEnabled()


def test_template_is_saved_where_the_user_chose(
    qtbot: Any, page: TkskPage, msgbox: Any, monkeypatch: Any, tmp_path: Path
) -> None:
    out = tmp_path / "templat"  # the extension is added
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    dialog = open_dialog(qtbot, page)
    qtbot.mouseClick(dialog.template_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: any(c[1] == "Templat tersimpan" for c in msgbox.calls))
    wb = openpyxl.load_workbook(tmp_path / "templat.xlsx")
    assert [c.value for c in wb[ip.SHEET][1]] == HEADERS
    assert "Petunjuk" in wb.sheetnames


def test_camat_has_no_import(qtbot: Any, make_actor: Any, msgbox: Any) -> None:
    camat = make_actor("camat")
    view = TkskPage(camat)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitExposed(view)
    assert view.pendaftar.import_button.isHidden()
    assert view.pendaftar.export_button.isVisible()
    assert view.pendaftar.open_import() is None
