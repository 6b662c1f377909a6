"""Pengaturan > Cadangan (views/pengaturan/cadangan_tab.py), driven as a user would: the list,
making a plain and an encrypted backup, restoring after the check and a confirmation (and the
``restored`` signal), refusals shown as messages, the settings, and what each role sees."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog

from kecamatan_app.models import JejakAudit, Warga
from kecamatan_app.services import cadangan, formatting, sandi_berkas, settings
from kecamatan_app.services.context import Actor
from kecamatan_app.views.pengaturan import cadangan_tab
from kecamatan_app.views.pengaturan.cadangan_tab import (
    BuatCadanganDialog,
    CadanganTab,
    SandiDialog,
)
from tests.test_cadangan import add_files, add_people

SANDI = "Sandi-Kantor-2026"


@pytest.fixture
def isi(admin: Actor) -> None:
    add_people(40)
    add_files(2)


def make_tab(qtbot: Any, actor: Actor) -> CadanganTab:
    tab = CadanganTab(actor)
    qtbot.addWidget(tab)
    tab.resize(900, 700)
    tab.show()
    qtbot.waitExposed(tab)
    return tab


def table_texts(tab: CadanganTab) -> list[list[str]]:
    model = tab.view.model()
    return [[model.index(r, c).data() for c in range(model.columnCount())]
            for r in range(model.rowCount())]


def answer_save(monkeypatch: pytest.MonkeyPatch, path: Path, sandi: str | None) -> None:
    monkeypatch.setattr(BuatCadanganDialog, "ask", classmethod(lambda cls, parent: (sandi, True)))
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *a, **k: (str(path), cadangan_tab.FILTER_SIMPAN))


def answer_open(monkeypatch: pytest.MonkeyPatch, path: Path) -> list[str]:
    starts: list[str] = []

    def fake(parent: Any, title: str, start: str, filt: str) -> tuple[str, str]:
        starts.append(start)
        return str(path), filt

    monkeypatch.setattr(QFileDialog, "getOpenFileName", fake)
    return starts


def wait_message(qtbot: Any, msgbox: Any, count: int = 1) -> None:
    qtbot.waitUntil(lambda: len(msgbox.calls) >= count, timeout=20000)


@pytest.mark.sqlite_only
def test_roles_see_only_what_they_may_use(qtbot: Any, admin: Actor, make_actor: Any,
                                          msgbox: Any) -> None:
    tab = make_tab(qtbot, admin)
    assert tab.create_button.isVisible() and tab.restore_button.isVisible()
    assert tab.folder_button.isVisible() and tab.save_settings_button.isVisible()
    operator = make_tab(qtbot, make_actor("operator"))
    assert operator.create_button.isVisible() and not operator.restore_button.isVisible()
    assert not operator.save_settings_button.isVisible()
    assert not operator.auto_check.isEnabled() and not operator.keep_spin.isEnabled()
    camat = make_tab(qtbot, make_actor("camat"))
    assert not camat.create_button.isVisible() and not camat.restore_button.isVisible()


@pytest.mark.sqlite_only
def test_list_shows_the_backups_of_the_folder(qtbot: Any, admin: Actor, isi: None,
                                              msgbox: Any) -> None:
    folder = cadangan.target_aktif().backup_dir()
    cadangan.buat(admin, folder / "otomatis-20260302-070000.zip")
    cadangan.buat(admin, folder / "cadangan-20260301-090000.zip.enc", sandi=SANDI)
    tab = make_tab(qtbot, admin)
    assert [row[1:4] + row[4:] for row in table_texts(tab)] == [
        ["Otomatis harian", row_size(folder / "otomatis-20260302-070000.zip"), "Tidak",
         "otomatis-20260302-070000.zip"],
        ["Dibuat pengguna", row_size(folder / "cadangan-20260301-090000.zip.enc"), "Ya",
         "cadangan-20260301-090000.zip.enc"]]
    assert table_texts(tab)[0][0] == formatting.waktu(dt.datetime(2026, 3, 2, 7, 0))
    assert str(folder) in tab.folder_label.text()


def row_size(path: Path) -> str:
    return cadangan.ukuran_teks(path.stat().st_size)


@pytest.mark.sqlite_only
def test_make_a_backup(qtbot: Any, admin: Actor, isi: None, msgbox: Any,
                       monkeypatch: pytest.MonkeyPatch) -> None:
    tab = make_tab(qtbot, admin)
    dest = cadangan.target_aktif().backup_dir() / "cadangan-uji"
    answer_save(monkeypatch, dest, None)
    qtbot.mouseClick(tab.create_button, Qt.MouseButton.LeftButton)
    wait_message(qtbot, msgbox)
    kind, title, text = msgbox.calls[-1]
    assert (kind, title) == ("information", "Cadangan selesai")
    written = dest.with_name("cadangan-uji.zip")  # the extension is added
    assert str(written) in text and "2 lampiran." in text
    assert cadangan.periksa(written).jumlah["warga"] == 40
    assert "cadangan-uji.zip" in [row[4] for row in table_texts(tab)]


@pytest.mark.sqlite_only
def test_make_an_encrypted_backup(qtbot: Any, admin: Actor, isi: None, msgbox: Any,
                                  monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    tab = make_tab(qtbot, admin)
    answer_save(monkeypatch, tmp_path / "keluar.zip", SANDI)
    tab.create_button.click()
    wait_message(qtbot, msgbox)
    assert msgbox.calls[-1][1] == "Cadangan selesai" and "terenkripsi" in msgbox.calls[-1][2]
    written = tmp_path / "keluar.zip.enc"
    assert sandi_berkas.is_encrypted(written)
    assert cadangan.periksa(written, sandi=SANDI).jumlah_lampiran == 2


def test_the_password_dialog_checks_length_and_repetition(qtbot: Any, msgbox: Any) -> None:
    dialog = BuatCadanganDialog()
    qtbot.addWidget(dialog)
    assert not dialog.password.isEnabled()
    assert "tidak dapat dipulihkan" in " ".join(
        w.text() for w in dialog.findChildren(cadangan_tab.QLabel))
    dialog.accept()  # no encryption
    assert dialog.result() == dialog.DialogCode.Accepted and dialog.result_value is None

    dialog = BuatCadanganDialog()
    qtbot.addWidget(dialog)
    dialog.encrypt.setChecked(True)
    assert dialog.password.isEnabled()
    dialog.password.setText("pendek")
    dialog.repeat.setText("pendek")
    dialog.accept()
    assert dialog.error.isVisibleTo(dialog) and "paling sedikit 8" in dialog.error.text()
    assert dialog.result() != dialog.DialogCode.Accepted
    dialog.password.setText(SANDI)
    dialog.repeat.setText(SANDI + "x")
    dialog.accept()
    assert "tidak sama" in dialog.error.text()
    dialog.repeat.setText(SANDI)
    dialog.accept()
    assert dialog.result() == dialog.DialogCode.Accepted and dialog.result_value == SANDI

    ask = SandiDialog("a.zip.enc")
    qtbot.addWidget(ask)
    ask.accept()
    assert "Ketik kata sandi" in ask.error.text()


@pytest.mark.sqlite_only
def test_restore_after_the_check_and_a_confirmation(qtbot: Any, admin: Actor, isi: None,
                                                    msgbox: Any,
                                                    monkeypatch: pytest.MonkeyPatch,
                                                    tmp_path: Path) -> None:
    backup = tmp_path / "pagi.zip"
    cadangan.buat(admin, backup)
    Warga.delete().execute()
    tab = make_tab(qtbot, admin)
    answer_open(monkeypatch, backup)
    with qtbot.waitSignal(tab.restored, timeout=30000):
        tab.restore_button.click()
    kinds = [c[0] for c in msgbox.calls]
    assert kinds == ["question", "information"]
    question = msgbox.calls[0][2]
    assert "40 warga (data per nama)" in question and "Kecamatan Gelumbang" in question
    assert "keutuhan basis data (PRAGMA integrity_check): baik" in question
    assert str(cadangan.target_aktif().backup_dir()) in question
    done = msgbox.calls[1][2]
    assert "Data dipulihkan dari pagi.zip" in done and "sebelum-pulih-" in done
    assert Warga.select().count() == 40
    entry = JejakAudit.select().order_by(JejakAudit.id.desc()).first()
    assert entry.aksi == "pulihkan" and entry.pelaku == "admin (Admin Kecamatan)"
    assert any(row[1] == "Sebelum pemulihan" for row in table_texts(tab))


@pytest.mark.sqlite_only
def test_declined_restore_changes_nothing(qtbot: Any, admin: Actor, isi: None, msgbox: Any,
                                          monkeypatch: pytest.MonkeyPatch,
                                          tmp_path: Path) -> None:
    backup = tmp_path / "pagi.zip"
    cadangan.buat(admin, backup)
    Warga.delete().execute()
    tab = make_tab(qtbot, admin)
    emitted: list[bool] = []
    tab.restored.connect(lambda: emitted.append(True))
    answer_open(monkeypatch, backup)
    msgbox.answer_yes = False
    tab.restore_button.click()
    wait_message(qtbot, msgbox)
    assert [c[0] for c in msgbox.calls] == ["question"]
    assert Warga.select().count() == 0 and not emitted
    assert not list(cadangan.target_aktif().backup_dir().glob("sebelum-pulih-*"))


@pytest.mark.sqlite_only
def test_encrypted_restore_asks_the_password_and_refuses_a_wrong_one(
        qtbot: Any, admin: Actor, isi: None, msgbox: Any, monkeypatch: pytest.MonkeyPatch,
        tmp_path: Path) -> None:
    backup = tmp_path / "rahasia.zip.enc"
    cadangan.buat(admin, backup, sandi=SANDI)
    Warga.delete().execute()
    tab = make_tab(qtbot, admin)
    answer_open(monkeypatch, backup)
    typed = iter(["Sandi-Salah-2026", SANDI])
    monkeypatch.setattr(SandiDialog, "ask",
                        classmethod(lambda cls, nama, parent: (next(typed), True)))
    tab.restore_button.click()
    wait_message(qtbot, msgbox)
    assert msgbox.calls[-1] == ("warning", "Cadangan ditolak",
                                "Kata sandi salah atau berkas cadangan rusak/diubah.")
    assert Warga.select().count() == 0
    with qtbot.waitSignal(tab.restored, timeout=30000):
        tab.restore_button.click()
    assert Warga.select().count() == 40


def test_a_file_that_is_not_a_backup_is_refused_with_the_reason(
        qtbot: Any, admin: Actor, isi: None, msgbox: Any, monkeypatch: pytest.MonkeyPatch,
        tmp_path: Path) -> None:
    bad = tmp_path / "catatan.zip"
    bad.write_text("bukan cadangan")
    tab = make_tab(qtbot, admin)
    answer_open(monkeypatch, bad)
    tab.restore_button.click()
    wait_message(qtbot, msgbox)
    kind, title, text = msgbox.calls[-1]
    assert (kind, title) == ("warning", "Cadangan ditolak")
    assert "bukan cadangan Kecamatan TKSK" in text
    assert Warga.select().count() == 40


@pytest.mark.sqlite_only
def test_restore_starts_at_the_selected_backup(qtbot: Any, admin: Actor, isi: None,
                                               msgbox: Any,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    folder = cadangan.target_aktif().backup_dir()
    cadangan.buat(admin, folder / "cadangan-20260301-090000.zip")
    tab = make_tab(qtbot, admin)
    tab.view.selectRow(0)
    starts: list[str] = []
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        lambda parent, title, start, filt: starts.append(start) or ("", ""))
    tab.restore_button.click()
    assert starts == [str(folder / "cadangan-20260301-090000.zip")]
    assert msgbox.calls == []


def test_settings_are_saved(qtbot: Any, admin: Actor, msgbox: Any) -> None:
    tab = make_tab(qtbot, admin)
    assert tab.auto_check.isChecked() and tab.keep_spin.value() == 7
    tab.auto_check.setChecked(False)
    tab.keep_spin.setValue(14)
    tab.save_settings_button.click()
    assert msgbox.calls[-1] == ("information", "Pengaturan cadangan", "2 pengaturan disimpan.")
    assert settings.get("cadangan.otomatis") is False
    assert settings.get("cadangan.simpan_n") == 14
    entry = JejakAudit.select().order_by(JejakAudit.id.desc()).first()
    assert entry.aksi == "ubah" and entry.rekaman_id == "cadangan.simpan_n"


def test_open_folder(qtbot: Any, admin: Actor, msgbox: Any,
                     monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    tab = make_tab(qtbot, admin)
    tab.folder_button.click()
    folder = cadangan.target_aktif().backup_dir()
    assert [u.toLocalFile() for u in opened] == [str(folder)] and folder.is_dir()
