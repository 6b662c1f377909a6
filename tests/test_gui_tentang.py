"""Bantuan > Tentang (views/tentang_dialog.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QLabel

from kecamatan_app import __version__
from kecamatan_app.config import DatabaseTarget
from kecamatan_app.services.lisensi import normalise
from kecamatan_app.views.tentang_dialog import TentangDialog, ikon_aplikasi


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[QUrl]:
    urls: list[QUrl] = []

    def fake(url: QUrl) -> bool:
        urls.append(url)
        return True

    monkeypatch.setattr(QDesktopServices, "openUrl", fake)
    return urls


def _labels(widget: Any) -> str:
    return "\n".join(label.text() for label in widget.findChildren(QLabel))


def test_shows_version_and_data_folder(qtbot: Any, db_target: DatabaseTarget,
                                       data_dir: Path) -> None:
    dialog = TentangDialog(db_target)
    qtbot.addWidget(dialog)
    assert __version__ in dialog.findChild(QLabel, "judulVersi").text()
    places = _labels(dialog.tabs.widget(1))
    assert str(data_dir) in places
    assert db_target.label in places  # the file, or the server URL without its password
    if db_target.kind == "sqlite":
        assert str(db_target.files_dir()) in places
    else:  # the attachments are in the database, not in a folder of this PC
        assert "Di dalam basis data pada server PostgreSQL" in places
        assert str(db_target.files_dir()) not in places
        assert not dialog.open_buttons["lampiran"].isEnabled()
    assert str(db_target.backup_dir()) in places


def test_lists_pyside6_with_lgpl_and_shows_its_text(qtbot: Any, db_target: DatabaseTarget
                                                    ) -> None:
    dialog = TentangDialog(db_target)
    qtbot.addWidget(dialog)
    rows = {normalise(dialog.table.item(r, 0).text()): r for r in range(dialog.table.rowCount())}
    row = rows["pyside6-essentials"]
    assert "LGPL" in dialog.table.item(row, 2).text()
    assert dialog.table.item(row, 1).text() not in ("", "tidak diketahui")
    dialog.table.setCurrentCell(row, 0)
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in dialog.text.toPlainText()
    assert {"peewee", "reportlab", "openpyxl", "babel", "kecamatan tksk"} <= set(rows)


def test_open_folder_button(qtbot: Any, db_target: DatabaseTarget, data_dir: Path,
                            opened: list[QUrl], msgbox: Any) -> None:
    dialog = TentangDialog(db_target)
    qtbot.addWidget(dialog)
    qtbot.mouseClick(dialog.open_buttons["data"], Qt.MouseButton.LeftButton)
    assert [u.toLocalFile() for u in opened] == [str(data_dir)]
    assert msgbox.calls == []


def test_missing_folder_is_explained_not_opened(qtbot: Any, db_target: DatabaseTarget,
                                                opened: list[QUrl], msgbox: Any) -> None:
    assert not db_target.backup_dir().exists()
    dialog = TentangDialog(db_target)
    qtbot.addWidget(dialog)
    qtbot.mouseClick(dialog.open_buttons["cadangan"], Qt.MouseButton.LeftButton)
    assert opened == []
    assert len(msgbox.calls) == 1
    assert "belum ada" in msgbox.calls[0][2] and str(db_target.backup_dir()) in msgbox.calls[0][2]


def test_postgresql_has_no_folder_and_no_password(qtbot: Any, data_dir: Path) -> None:
    target = DatabaseTarget.parse("postgresql://petugas:rahasia@10.0.0.5:5432/kantor")
    dialog = TentangDialog(target)
    qtbot.addWidget(dialog)
    assert not dialog.open_buttons["basis_data"].isEnabled()
    assert not dialog.open_buttons["lampiran"].isEnabled()
    places = _labels(dialog.tabs.widget(1))
    assert "Di dalam basis data pada server PostgreSQL" in places
    assert "10.0.0.5:5432/kantor" in places
    assert "rahasia" not in places and "rahasia" not in dialog.teks_keterangan()


def test_copy_puts_version_and_places_on_the_clipboard(qtbot: Any, db_target: DatabaseTarget,
                                                       data_dir: Path) -> None:
    dialog = TentangDialog(db_target)
    qtbot.addWidget(dialog)
    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    text = QGuiApplication.clipboard().text()
    assert f"Kecamatan TKSK {__version__}" in text
    assert str(data_dir) in text


def test_tabs_reachable_by_keyboard(qtbot: Any, db_target: DatabaseTarget) -> None:
    dialog = TentangDialog(db_target)
    qtbot.addWidget(dialog)
    titles = [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())]
    assert titles == ["&Umum", "&Letak data", "L&isensi"]


def test_app_icon_has_every_size(qapp: Any) -> None:
    sizes = {(s.width(), s.height()) for s in ikon_aplikasi().availableSizes()}
    assert {(16, 16), (32, 32), (48, 48), (256, 256)} <= sizes
