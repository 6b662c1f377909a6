"""Pengaturan > Kantor: choosing, refusing and removing the kop surat logo, as a user would (the
file dialog patched, message boxes recorded)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QFileDialog

from kecamatan_app.services import kantor
from kecamatan_app.services.context import Actor
from kecamatan_app.views.pengaturan.halaman import PengaturanPage
from tests.test_gui_pengaturan import make_page
from tests.test_logo import png_logo


def choose_file(monkeypatch: pytest.MonkeyPatch, path: Path | None) -> list[str]:
    """The next "Pilih logo..." picks ``path`` (None: the user cancels); returns the filters."""
    seen: list[str] = []

    def fake(parent: Any, caption: str, folder: str, filter: str, *args: Any) -> tuple[str, str]:
        seen.append(filter)
        return (str(path) if path else "", "")

    monkeypatch.setattr(QFileDialog, "getOpenFileName", fake)
    return seen


@pytest.fixture
def page(qtbot: Any, admin: Actor, msgbox: Any) -> PengaturanPage:
    return make_page(qtbot, admin)


def test_choose_show_and_remove_the_logo(page: PengaturanPage, msgbox: Any, tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    tab = page.kantor
    box = tab.logo
    assert not box.has_logo() and box.preview.text() == "Belum ada logo"
    assert not box.choose_button.isHidden() and not box.remove_button.isEnabled()

    # a typed, unsaved edit survives choosing the logo
    tab.edits["telepon"].setText("(0713) 99")
    filters = choose_file(monkeypatch, None)
    box.choose_button.click()
    assert msgbox.calls == [] and kantor.logo_path() is None  # cancelled
    assert "*.png" in filters[0] and "*.jpg" in filters[0]

    choose_file(monkeypatch, png_logo(tmp_path / "logo.png"))
    box.choose_button.click()
    assert msgbox.texts() == ["Logo kop surat disimpan. Cetakan berikutnya memuat logo ini."]
    assert kantor.logo_path() is not None
    assert box.has_logo()
    pixmap = box.preview.pixmap()
    assert max(pixmap.width(), pixmap.height()) <= box.preview.width()
    assert pixmap.height() > pixmap.width()  # the shield keeps its aspect ratio
    assert box.remove_button.isEnabled()
    assert tab.edits["telepon"].text() == "(0713) 99" and tab.save_button.isEnabled()
    # the form saves on top of the new version (no conflict with the logo change)
    tab.save_button.click()
    office = kantor.get_office()
    assert office is not None and office.kantor.telepon == "(0713) 99"
    assert office.logo_id is not None

    # removing asks first; "Tidak" keeps it
    msgbox.calls.clear()
    msgbox.answer_yes = False
    box.remove_button.click()
    assert msgbox.calls[0][0] == "question" and kantor.logo_path() is not None
    msgbox.answer_yes = True
    box.remove_button.click()
    assert msgbox.texts()[-1] == "Logo kop surat dihapus."
    assert kantor.logo_path() is None
    assert not box.has_logo() and box.preview.text() == "Belum ada logo"
    assert not box.remove_button.isEnabled()


def test_refused_file_is_explained(page: PengaturanPage, msgbox: Any, tmp_path: Path,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    pdf = tmp_path / "logo.png"
    pdf.write_bytes(b"%PDF-1.4\n%%EOF\n")
    choose_file(monkeypatch, pdf)
    page.kantor.logo.choose_button.click()
    ((kind, title, text),) = msgbox.calls
    assert (kind, title) == ("warning", "Periksa isian")
    assert "bukan gambar PNG atau JPG" in text
    assert kantor.logo_path() is None and not page.kantor.logo.has_logo()


def test_conflict_reloads_the_tab(page: PengaturanPage, admin: Actor, msgbox: Any,
                                  tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    office = kantor.get_office()
    assert office is not None
    changed = kantor.KantorData(**{**office.kantor.__dict__, "telepon": "0713-1"})
    kantor.update_office(admin, changed, office.kantor_versi)  # someone else, meanwhile
    choose_file(monkeypatch, png_logo(tmp_path / "logo.png"))
    page.kantor.logo.choose_button.click()
    assert msgbox.calls[0][1] == "Data kantor berubah"
    assert kantor.logo_path() is None
    assert page.kantor.edits["telepon"].text() == "0713-1"  # reloaded
    page.kantor.logo.choose_button.click()  # with the fresh version it works
    assert kantor.logo_path() is not None and page.kantor.logo.has_logo()


def test_camat_sees_the_logo_but_may_not_change_it(qtbot: Any, admin: Actor, make_actor: Any,
                                                   msgbox: Any, tmp_path: Path) -> None:
    kantor.set_logo(admin, png_logo(tmp_path / "logo.png"), kantor.get_office().kantor_versi)  # type: ignore[union-attr]
    camat = make_page(qtbot, make_actor("camat"))
    box = camat.kantor.logo
    assert box.has_logo()
    assert box.choose_button.isHidden() and box.remove_button.isHidden()
