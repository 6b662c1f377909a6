"""Login dialog: success, inline failure, lockout, and the mandatory password change."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from kecamatan_app import app as app_module
from kecamatan_app.services import users
from kecamatan_app.services.users import LoginResult
from kecamatan_app.views.login import ChangePasswordDialog, LoginDialog
from tests.conftest import ADMIN_PASSWORD

TEMP_PASSWORD = "Sandi12345x"  # what make_actor gives new users
NEW_PASSWORD = "BaruSekali2026"


@pytest.fixture
def dialog(qtbot: Any, office: Any) -> LoginDialog:
    d = LoginDialog()
    qtbot.addWidget(d)
    d.show()
    qtbot.waitExposed(d)
    return d


def attempt(qtbot: Any, d: LoginDialog, name: str, password: str) -> None:
    d.username.clear()
    qtbot.keyClicks(d.username, name)
    qtbot.keyClicks(d.password, password)
    qtbot.keyClick(d.password, Qt.Key.Key_Return)  # Enter presses the default button, Masuk


def test_login_success(qtbot: Any, dialog: LoginDialog, msgbox: Any) -> None:
    assert dialog.header.text() == "Kecamatan Gelumbang"
    assert dialog.region.text() == "Kabupaten Muara Enim, Provinsi Sumatera Selatan"
    attempt(qtbot, dialog, "admin", ADMIN_PASSWORD)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.result_value is not None
    assert dialog.result_value.actor.username == "admin"
    assert not dialog.result_value.must_change_password
    assert msgbox.calls == []


def test_failure_is_shown_inline(qtbot: Any, dialog: LoginDialog, msgbox: Any) -> None:
    attempt(qtbot, dialog, "admin", "salah123")
    assert dialog.isVisible() and dialog.result_value is None
    assert not dialog.error.isHidden()
    assert dialog.error.text() == "Nama pengguna atau kata sandi salah. Sisa percobaan: 4."
    assert dialog.password.text() == ""
    assert msgbox.calls == []  # no pop-up
    attempt(qtbot, dialog, "admin", ADMIN_PASSWORD)
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_empty_username_is_asked_for(qtbot: Any, dialog: LoginDialog) -> None:
    dialog.login_button.click()
    assert dialog.isVisible()
    assert dialog.error.text() == "Isi nama pengguna terlebih dahulu."


def test_five_failures_lock_the_account(qtbot: Any, dialog: LoginDialog) -> None:
    for _ in range(4):
        attempt(qtbot, dialog, "admin", "salah123")
    assert "Sisa percobaan: 1" in dialog.error.text()
    attempt(qtbot, dialog, "admin", "salah123")
    assert "Akun dikunci 15 menit" in dialog.error.text()
    attempt(qtbot, dialog, "admin", ADMIN_PASSWORD)  # even the right password is refused now
    assert dialog.isVisible() and dialog.result_value is None
    assert "Akun terkunci" in dialog.error.text()


def test_change_password_dialog_inline_errors(qtbot: Any, make_actor: Any) -> None:
    actor = make_actor("operator")
    d = ChangePasswordDialog(actor, mandatory=True)
    qtbot.addWidget(d)
    d.show()
    qtbot.keyClicks(d.old, "bukanIni1")
    qtbot.keyClicks(d.new, NEW_PASSWORD)
    qtbot.keyClicks(d.repeat, NEW_PASSWORD)
    d.save_button.click()
    assert d.isVisible() and d.error.text() == "Kata sandi lama salah."
    d.old.setText(TEMP_PASSWORD)
    d.repeat.setText(NEW_PASSWORD + "x")
    d.save_button.click()
    assert "Ulangan kata sandi tidak sama." in d.error.text()
    d.repeat.setText(NEW_PASSWORD)
    d.save_button.click()
    assert d.result() == QDialog.DialogCode.Accepted
    assert not users.login(actor.username, NEW_PASSWORD).must_change_password


def _scripted_login(qtbot: Any, name: str, password: str) -> Any:
    """Replace LoginDialog.ask: the user types ``name``/``password`` and presses Enter."""
    calls: list[LoginResult | None] = []

    def ask(parent: Any = None) -> tuple[LoginResult | None, bool]:
        d = LoginDialog(parent)
        qtbot.addWidget(d)
        d.show()
        attempt(qtbot, d, name, password)
        calls.append(d.result_value)
        return d.result_value, d.result() == QDialog.DialogCode.Accepted

    ask.calls = calls  # type: ignore[attr-defined]
    return ask


def test_must_change_password_flow(
    qtbot: Any, make_actor: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    actor = make_actor("operator")
    login = _scripted_login(qtbot, actor.username, TEMP_PASSWORD)
    monkeypatch.setattr(LoginDialog, "ask", staticmethod(login))
    shown: list[bool] = []

    def change(who: Any, parent: Any = None, mandatory: bool = False) -> bool:
        shown.append(mandatory)
        d = ChangePasswordDialog(who, parent, mandatory)
        qtbot.addWidget(d)
        d.show()
        qtbot.keyClicks(d.old, TEMP_PASSWORD)
        qtbot.keyClicks(d.new, NEW_PASSWORD)
        qtbot.keyClicks(d.repeat, NEW_PASSWORD)
        qtbot.keyClick(d.repeat, Qt.Key.Key_Return)
        return d.result() == QDialog.DialogCode.Accepted

    monkeypatch.setattr(ChangePasswordDialog, "ask", staticmethod(change))
    result = app_module.sign_in()
    assert result is not None and result.actor.username == actor.username
    assert shown == [True]
    assert login.calls[0].must_change_password
    assert not users.login(actor.username, NEW_PASSWORD).must_change_password


def test_declining_the_mandatory_change_returns_to_login(
    qtbot: Any, make_actor: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    actor = make_actor("operator")
    answers = iter([(users.login(actor.username, TEMP_PASSWORD), True), (None, False)])
    monkeypatch.setattr(LoginDialog, "ask", staticmethod(lambda parent=None: next(answers)))
    monkeypatch.setattr(ChangePasswordDialog, "ask", staticmethod(lambda *a, **k: False))
    assert app_module.sign_in() is None  # second login dialog cancelled
    assert users.login(actor.username, TEMP_PASSWORD).must_change_password
