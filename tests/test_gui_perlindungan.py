"""Pengaturan > Perlindungan Data: the officer and purpose form, the privacy notice that shows
them, and the subject-access report button; read-only for roles without the right."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication

from kecamatan_app.models import JejakAudit
from kecamatan_app.services import registri, settings
from kecamatan_app.services.context import Actor
from kecamatan_app.services.errors import ValidationError
from kecamatan_app.services.privasi import BELUM_DIISI
from kecamatan_app.views import privasi_dialog
from kecamatan_app.views.pengaturan import perlindungan_tab
from kecamatan_app.views.pengaturan.perlindungan_tab import PerlindunganTab
from tests.kegiatan_bantu import desa_id

NIK = "1603064708850002"


def make_tab(qtbot: Any, actor: Actor) -> PerlindunganTab:
    tab = PerlindunganTab(actor)
    qtbot.addWidget(tab)
    tab.show()
    qtbot.waitExposed(tab)
    return tab


@pytest.fixture
def no_open(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Opening a file in the system viewer is recorded, not done."""
    opened: list[Any] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    return opened


def test_saving_the_officer_shows_in_the_notice(qtbot: Any, admin: Actor, msgbox: Any) -> None:
    tab = make_tab(qtbot, admin)
    notice = tab.show_notice()
    assert notice is not None
    assert f"Nama: {BELUM_DIISI}" in notice.plain_text()
    notice.close()
    assert not tab.save_button.isEnabled()
    qtbot.keyClicks(tab.fields["dpo.nama"], "Rina Marlina, S.H.")
    qtbot.keyClicks(tab.fields["dpo.jabatan"], "Sekretaris Kecamatan")
    qtbot.keyClicks(tab.fields["dpo.kontak"], "0713-321000")
    assert tab.save_button.isEnabled()
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    assert msgbox.calls[-1] == ("information", "Perlindungan data", "3 pengaturan disimpan.")
    assert settings.get("dpo.nama") == "Rina Marlina, S.H."
    assert settings.get("dpo.kontak") == "0713-321000"
    changed = [j.rekaman_id for j in JejakAudit.select().where(
        (JejakAudit.tabel == "pengaturan") & (JejakAudit.aksi == "ubah"))]
    assert sorted(changed) == ["dpo.jabatan", "dpo.kontak", "dpo.nama"]
    assert not tab.save_button.isEnabled()
    notice = tab.show_notice()
    assert notice is not None
    text = notice.plain_text()
    assert "Nama: Rina Marlina, S.H." in text and "Jabatan: Sekretaris Kecamatan" in text
    assert "Kontak: 0713-321000" in text
    notice.copy_button.click()
    assert "Rina Marlina, S.H." in QApplication.clipboard().text()
    notice.close()


def test_the_purpose_text_is_saved_and_a_refusal_shows_next_to_its_field(
        qtbot: Any, admin: Actor, msgbox: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    tab = make_tab(qtbot, admin)
    edit = tab.fields["privasi.tujuan"]
    edit.setPlainText("Tujuan baru untuk pengujian.\nDasar: Pasal 20 ayat (2) huruf e.")
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    assert settings.get("privasi.tujuan").startswith("Tujuan baru untuk pengujian.")

    def refuse(actor: Actor, key: str, value: Any) -> None:
        raise ValidationError.single(key, "Kontak terlalu panjang; persingkat.")

    monkeypatch.setattr(settings, "set_value", refuse)
    tab.fields["dpo.kontak"].setText("x" * 30)  # type: ignore[union-attr]
    tab.save()
    assert tab.field_errors["dpo.kontak"].isVisible()
    assert tab.field_errors["dpo.kontak"].text() == "Kontak terlalu panjang; persingkat."
    assert not tab.field_errors["dpo.nama"].isVisible()
    assert tab.focusWidget() is tab.fields["dpo.kontak"]


def test_the_report_button_writes_the_pdf(qtbot: Any, admin: Actor, msgbox: Any,
                                          tmp_path: Path, no_open: list[Any],
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    registri.create_warga(admin, registri.WargaData(
        nik=NIK, nama="Sumarni (contoh)", jenis_kelamin="P", desa_id=desa_id("Sigam")))
    target = tmp_path / "akses.pdf"
    asked: list[str] = []

    def ask(parent: Any, default_name: str) -> Path:
        asked.append(default_name)
        return target

    monkeypatch.setattr(perlindungan_tab, "ask_pdf_path", ask)
    tab = make_tab(qtbot, admin)
    assert tab.akses_box is not None and tab.akses_box.isVisible()
    qtbot.keyClicks(tab.nik_edit, NIK)
    qtbot.mouseClick(tab.report_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: any(c[1] == "Laporan akses subjek selesai" for c in msgbox.calls),
                    timeout=30000)
    assert asked and asked[0].startswith("laporan-akses-subjek-") and NIK not in asked[0]
    assert target.exists() and tab.last_path == target
    kind, _title, text = msgbox.calls[-1]
    assert kind == "question" and "Laporan data pribadi tersimpan" in text
    assert str(target) in text and NIK not in text
    assert len(no_open) == 1 and no_open[0].toLocalFile() == str(target)
    assert tab.nik_edit.text() == ""
    entry = JejakAudit.select().order_by(JejakAudit.id.desc()).first()
    assert entry.aksi == "akses_subjek" and "akses.pdf" in entry.ringkasan


def test_an_invalid_nik_is_shown_beside_the_field(qtbot: Any, admin: Actor, msgbox: Any,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    def never(*args: Any) -> None:
        raise AssertionError("no file dialog for an invalid NIK")

    monkeypatch.setattr(perlindungan_tab, "ask_pdf_path", never)
    tab = make_tab(qtbot, admin)
    qtbot.keyClicks(tab.nik_edit, "16030647")
    qtbot.keyClick(tab.nik_edit, Qt.Key.Key_Return)
    assert tab.nik_error.isVisible()
    assert "NIK harus 16 angka, yang diisi 8 angka" in tab.nik_error.text()
    assert msgbox.calls == [] and tab.task is None


def test_the_camat_sees_it_read_only_without_the_report(qtbot: Any, make_actor: Any,
                                                        admin: Actor, msgbox: Any) -> None:
    settings.set_value(admin, "dpo.nama", "Rina Marlina, S.H.")
    tab = make_tab(qtbot, make_actor("camat"))
    assert tab.fields["dpo.nama"].text() == "Rina Marlina, S.H."  # type: ignore[union-attr]
    assert all(edit.isReadOnly() for edit in tab.fields.values())
    assert not tab.save_button.isVisible() and not tab.reload_button.isVisible()
    assert tab.akses_box is None
    assert tab.notice_button.isVisible()
    qtbot.keyClicks(tab.fields["dpo.nama"], "X")
    assert settings.get("dpo.nama") == "Rina Marlina, S.H."
    notice = tab.show_notice()
    assert notice is not None and "Rina Marlina, S.H." in notice.plain_text()
    notice.close()


def test_the_operator_may_print_the_report_but_not_change_the_settings(
        qtbot: Any, make_actor: Any, msgbox: Any) -> None:
    tab = make_tab(qtbot, make_actor("operator"))
    assert all(edit.isReadOnly() for edit in tab.fields.values())
    assert not tab.save_button.isVisible()
    assert tab.akses_box is not None and tab.akses_box.isVisible()


def test_show_privacy_notice_for_the_help_menu(qtbot: Any, admin: Actor) -> None:
    dialog = privasi_dialog.show_privacy_notice(None)
    assert dialog is not None
    qtbot.addWidget(dialog)
    qtbot.waitExposed(dialog)
    text = dialog.plain_text()
    for heading in ("Data yang disimpan", "Tujuan dan dasar pemrosesan",
                    "Siapa yang boleh melihat", "Berapa lama data disimpan", "Hak Anda",
                    "Pejabat pelindungan data pribadi"):
        assert heading in text
    assert "Catatan kegiatan disimpan (tahun sejak tanggal kegiatan): 10 tahun." in text
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
