"""Pengaturan > Jejak Audit > Periksa keutuhan: the check runs in the background, the banner says
green "utuh" or red which entry breaks the chain, and "Lihat entri" opens that entry."""

from __future__ import annotations

from typing import Any

import pytest

from kecamatan_app.config import DatabaseTarget
from kecamatan_app.models import JejakAudit
from kecamatan_app.services import audit, formatting
from kecamatan_app.services.context import Actor
from kecamatan_app.views.pengaturan import audit_tab
from kecamatan_app.views.pengaturan.audit_tab import AuditTab
from tests.db_bantu import tamper_audit


def _tab(qtbot: Any, actor: Actor) -> AuditTab:
    tab = AuditTab(actor)
    qtbot.addWidget(tab)
    tab.resize(1000, 700)
    tab.show()
    qtbot.waitExposed(tab)
    return tab


def _run_check(qtbot: Any, tab: AuditTab) -> None:
    tab.check_button.click()
    assert tab.chain_task is not None
    assert not tab.check_button.isEnabled()  # no second check while one runs
    with qtbot.waitSignal(tab.chain_task.finished, timeout=20000):
        pass
    qtbot.waitUntil(tab.check_button.isEnabled, timeout=5000)


def _edit_entry(db_target: DatabaseTarget, entry_id: int) -> None:
    tamper_audit(f"UPDATE jejak_audit SET ringkasan = 'dipalsukan' WHERE id = {entry_id}")


def test_intact_chain_shows_a_green_banner(qtbot: Any, admin: Actor, msgbox: Any) -> None:
    tab = _tab(qtbot, admin)
    assert tab.check_button.text() == "&Periksa keutuhan"
    assert not tab.banner.isVisible()
    _run_check(qtbot, tab)
    n = JejakAudit.select().count()
    assert tab.banner.isVisible()
    assert tab.banner_label.text() == f"Rantai jejak audit utuh: {formatting.angka(n)} entri " \
                                      "diperiksa."
    assert tab.banner.styleSheet() == audit_tab.BANNER_OK
    assert not tab.jump_button.isVisible()
    assert msgbox.calls == []


def test_broken_chain_names_the_entry_and_jumps_to_it(
        qtbot: Any, admin: Actor, msgbox: Any, db_target: DatabaseTarget,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(audit_tab, "PAGE_SIZE", 3)  # the entry lies on a later page
    entries = list(JejakAudit.select().order_by(JejakAudit.id))
    target = entries[2]
    _edit_entry(db_target, target.id)
    tab = _tab(qtbot, admin)
    tab.aksi_combo.setCurrentIndex(tab.aksi_combo.findData("login"))  # a filter hiding it
    _run_check(qtbot, tab)
    text = tab.banner_label.text()
    assert tab.banner.styleSheet() == audit_tab.BANNER_BAD
    assert f"rantai rusak mulai entri #{target.id} ({formatting.waktu(target.waktu)}, " \
           f"{target.pelaku})" in text
    assert tab.jump_button.isVisible() and tab.jump_button.text() == f"&Lihat entri #{target.id}"
    tab.jump_button.click()
    shown = tab.selected()
    assert shown is not None and shown.id == target.id and shown.ringkasan == "dipalsukan"
    assert tab.aksi_combo.currentData() is None  # the filter was cleared to show it
    assert tab.offset == (len(entries) - 1 - 2) // 3 * 3
    assert "dipalsukan" in tab.summary.text()
    assert msgbox.calls == []


def test_entry_gone_since_the_check_is_told(
        qtbot: Any, admin: Actor, msgbox: Any) -> None:
    tab = _tab(qtbot, admin)
    tab.chain_result = audit.ChainCheck(False, 3, 999_999, "rusak")
    assert not tab.show_broken_entry()
    assert msgbox.texts() == [
        "Entri #999999 tidak ada lagi di jejak audit. Periksa keutuhan sekali lagi untuk "
        "melihat keadaan sekarang."]


def test_a_failed_check_shows_the_message_and_frees_the_button(
        qtbot: Any, admin: Actor, msgbox: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from kecamatan_app.services.errors import DatabaseError

    def locked(*_a: Any, **_k: Any) -> audit.ChainCheck:
        raise DatabaseError("Basis data sedang dikunci.")

    monkeypatch.setattr(audit, "check_chain", locked)
    tab = _tab(qtbot, admin)
    tab.check_button.click()
    qtbot.waitUntil(lambda: bool(msgbox.calls), timeout=10000)
    assert msgbox.calls[-1][1:] == ("Pemeriksaan jejak audit", "Basis data sedang dikunci.")
    assert tab.check_button.isEnabled() and not tab.banner.isVisible()
