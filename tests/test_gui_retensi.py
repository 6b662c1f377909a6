"""Pengaturan > Retensi Data, driven as a user would: the four retention settings, the check,
the search, "archive then purge" with its confirmation, and what other roles see."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QFileDialog, QPushButton, QSpinBox

from kecamatan_app.models import JejakAudit, Pendaftar, Warga
from kecamatan_app.services import settings, users
from kecamatan_app.services.context import Actor
from kecamatan_app.views.pengaturan.retensi_tab import KEYS, RetensiTab
from kecamatan_app.views.table_model import ROW_ROLE
from tests.test_retensi import Dunia, dunia  # noqa: F401 - the fixture

pytestmark = pytest.mark.usefixtures("msgbox")


def make_tab(qtbot: Any, actor: Actor) -> RetensiTab:
    tab = RetensiTab(actor)
    qtbot.addWidget(tab)
    tab.resize(1100, 760)
    tab.show()
    qtbot.waitExposed(tab)
    return tab


def shown(tab: RetensiTab) -> list[Any]:
    assert tab.table is not None
    model = tab.table.view.model()
    return [model.index(r, 0).data(ROW_ROLE) for r in range(model.rowCount())]


def wait(qtbot: Any, tab: RetensiTab) -> None:
    qtbot.waitUntil(lambda: not tab.busy(), timeout=30000)


def test_the_four_settings_are_saved(qtbot: Any, admin: Actor, msgbox: Any) -> None:
    tab = make_tab(qtbot, admin)
    assert list(KEYS) == ["retensi.pendaftar_tahun", "retensi.warga_tahun",
                          "retensi.rujukan_tahun", "retensi.kegiatan_tahun"]
    assert [tab.fields[k].value() for k in KEYS] == [2, 5, 5, 10]
    assert tab.save_button is not None and not tab.save_button.isEnabled()
    tab.fields["retensi.rujukan_tahun"].setValue(7)
    assert tab.save_button.isEnabled()
    tab.save_button.click()
    assert settings.get("retensi.rujukan_tahun") == 7
    assert msgbox.calls[-1][1] == "Masa simpan"
    assert JejakAudit.select().where(JejakAudit.rekaman_id == "retensi.rujukan_tahun").exists()


def test_a_refused_save_is_shown(qtbot: Any, admin: Actor, make_actor: Any,
                                 msgbox: Any) -> None:
    other = make_actor("admin")
    tab = make_tab(qtbot, other)
    users.change_role(admin, other.user_id, "operator")  # demoted while the tab is open
    tab.fields["retensi.warga_tahun"].setValue(6)
    tab.save_button.click()  # type: ignore[union-attr]
    assert msgbox.calls[-1][0] == "warning" and "tidak berhak" in msgbox.calls[-1][2]
    assert settings.get("retensi.warga_tahun") == 5


def test_check_shows_the_plan_and_the_search_filters(qtbot: Any, admin: Actor,
                                                     dunia: Dunia) -> None:  # noqa: F811
    tab = make_tab(qtbot, admin)
    assert tab.purge_button is not None and not tab.purge_button.isEnabled()
    assert tab.check_button is not None
    tab.check_button.click()
    wait(qtbot, tab)
    rows = shown(tab)
    assert {(c.jenis, c.id) for c in rows} >= {("pendaftar", dunia.calon_lama),
                                               ("warga", dunia.warga_lama)}
    assert len(rows) == 9
    assert "Calon TKSK yang tidak diangkat" in tab.summary.text()
    assert "2 akan dihapus" in tab.summary.text()
    assert tab.purge_button.isEnabled()
    assert tab.table is not None
    tab.table.search.setText("160306********61")
    assert [c.id for c in shown(tab)] == [dunia.warga_lama]
    assert tab.table.count_label.text() == "1 dari 9 baris"
    tab.table.view.selectRow(0)
    assert tab.detail.text().startswith(f"Warga tanpa PPKS aktif nomor {dunia.warga_lama}: "
                                        "Dedi Lama (contoh), NIK 160306********61")
    assert "akan dihapus" in tab.detail.text()


def test_archive_then_purge_after_confirmation(qtbot: Any, admin: Actor, dunia: Dunia,  # noqa: F811
                                               msgbox: Any, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    tab = make_tab(qtbot, admin)
    assert tab.check_button is not None and tab.purge_button is not None
    tab.check_button.click()
    wait(qtbot, tab)
    first = tmp_path / "arsip-batal.zip"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(first), ""))
    msgbox.answer_yes = False
    tab.purge_button.click()
    wait(qtbot, tab)
    question = next(c for c in msgbox.calls if c[0] == "question")
    assert str(first) in question[2] and "Calon TKSK yang tidak diangkat: 2 dihapus" in question[2]
    assert msgbox.calls[-1][1] == "Pemusnahan dibatalkan"
    assert first.exists() and Warga.get_or_none(Warga.id == dunia.warga_lama) is not None

    second = tmp_path / "arsip"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(second), ""))
    msgbox.answer_yes = True
    tab.purge_button.click()
    qtbot.waitUntil(lambda: any(c[1] == "Pemusnahan selesai" for c in msgbox.calls),
                    timeout=30000)
    wait(qtbot, tab)
    done = next(c for c in msgbox.calls if c[1] == "Pemusnahan selesai")
    assert "arsip.zip" in done[2] and "- Warga tanpa PPKS aktif: 3 dihapus" in done[2]
    assert (tmp_path / "arsip.zip").exists()
    assert Warga.get_or_none(Warga.id == dunia.warga_lama) is None
    assert Pendaftar.get_or_none(Pendaftar.id == dunia.calon_lama) is None
    assert shown(tab) == [] and not tab.purge_button.isEnabled()  # checked again: none left


def test_an_existing_archive_is_never_overwritten(qtbot: Any, admin: Actor, dunia: Dunia,  # noqa: F811
                                                  msgbox: Any, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    tab = make_tab(qtbot, admin)
    tab.check_button.click()  # type: ignore[union-attr]
    wait(qtbot, tab)
    taken = tmp_path / "arsip.zip"
    taken.write_bytes(b"arsip lama")
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(taken), ""))
    tab.purge_button.click()  # type: ignore[union-attr]
    wait(qtbot, tab)
    assert msgbox.calls[-1][0] == "warning" and "sudah ada" in msgbox.calls[-1][2]
    assert taken.read_bytes() == b"arsip lama"
    assert not any(c[0] == "question" for c in msgbox.calls)
    assert Warga.get_or_none(Warga.id == dunia.warga_lama) is not None


@pytest.mark.parametrize("role", ["operator", "camat", "tksk"])
def test_other_roles_see_the_settings_read_only_and_no_actions(
        role: str, qtbot: Any, make_actor: Any) -> None:
    tab = make_tab(qtbot, make_actor(role))
    assert tab.check_button is None and tab.purge_button is None and tab.table is None
    assert tab.save_button is None
    assert all(spin.isReadOnly() for spin in tab.findChildren(QSpinBox))
    assert tab.findChildren(QPushButton) == []
