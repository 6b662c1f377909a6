"""The password policy holds on every path that sets a password: the set-up wizard and
``kantor.setup_office``, the CLI ``setup --admin``, the first administrator, a new user, the admin
resetting a password, and the user changing their own (service and dialogs)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QDialog, QWizard

from kecamatan_app.services import kantor, passwords, settings, users
from kecamatan_app.services.context import Actor
from kecamatan_app.services.errors import ValidationError
from kecamatan_app.views.login import ChangePasswordDialog, password_policy
from kecamatan_app.views.pengaturan.pengguna_dialogs import AddUserDialog, ResetPasswordDialog
from kecamatan_app.views.wizard import PAGE_ADMIN, SetupWizard
from tests.conftest import ADMIN_PASSWORD, gelumbang_setup

TEMP_PASSWORD = "Sandi12345x"  # what make_actor gives new users

#: (password, username, what the refusal says)
WEAK = [
    ("Pendek1", "siti", "Kata sandi minimal 8 karakter."),
    ("hanyahurufsaja", "siti", "Kata sandi harus memuat huruf dan angka."),
    ("1234567890", "siti", "Kata sandi harus memuat huruf dan angka."),
    ("Siti.Aminah2026", "siti.aminah", "Kata sandi tidak boleh memuat nama pengguna."),
    (" Spasi12345", "siti", "Kata sandi tidak boleh diawali atau diakhiri spasi."),
]


# -- the rule itself ------------------------------------------------------------------------------
@pytest.mark.parametrize("password,username,message", WEAK)
def test_policy_names_each_problem(password: str, username: str, message: str) -> None:
    assert message in passwords.policy_problems(password, username, 8)


def test_policy_accepts_a_good_password_and_follows_the_minimum() -> None:
    assert passwords.policy_problems("Kantor2026", "siti", 8) == []
    assert passwords.policy_problems("Kantor2026", "siti", 12) == [
        "Kata sandi minimal 12 karakter."]
    assert passwords.policy_problems("Kantor2026ab", "siti", 12) == []


def test_the_dialog_hint_follows_the_setting(admin: Actor) -> None:
    assert "minimal 8 karakter" in password_policy()
    settings.set_value(admin, "keamanan.panjang_sandi_min", 12)
    assert "minimal 12 karakter" in password_policy()


# -- every service path ---------------------------------------------------------------------------
def _new_user(admin: Actor, other: Actor, pw: str) -> None:
    users.create_user(admin, "siti.aminah", "Siti Aminah", "operator", pw, pw)


def _reset(admin: Actor, other: Actor, pw: str) -> None:
    users.reset_password(admin, other.user_id or 0, pw, pw)


def _own(admin: Actor, other: Actor, pw: str) -> None:
    users.change_own_password(other, TEMP_PASSWORD, pw, pw)


SETTERS: dict[str, Callable[[Actor, Actor, str], None]] = {
    "pengguna baru": _new_user,
    "atur ulang oleh admin": _reset,
    "ganti sendiri": _own,
}


@pytest.mark.parametrize("path", list(SETTERS))
@pytest.mark.parametrize("password,message", [
    ("Pendek1", "Kata sandi minimal 8 karakter."),
    ("hanyahurufsaja", "Kata sandi harus memuat huruf dan angka."),
    ("Siti.Aminah2026", None),  # only the new user is called siti.aminah
])
def test_every_service_path_applies_the_policy(
    admin: Actor, make_actor: Any, path: str, password: str, message: str | None
) -> None:
    setter, other = SETTERS[path], make_actor("operator")
    if message is None and path != "pengguna baru":
        setter(admin, other, password)  # accepted: not the name of that user
        return
    with pytest.raises(ValidationError) as caught:
        setter(admin, other, password)
    problems = caught.value.problems
    assert problems and problems[0].field == "sandi"
    expected = message or "Kata sandi tidak boleh memuat nama pengguna."
    assert expected in [p.message for p in problems]


@pytest.mark.parametrize("path", list(SETTERS))
def test_a_raised_minimum_applies_to_every_path(
    admin: Actor, make_actor: Any, path: str
) -> None:
    other = make_actor("operator")
    settings.set_value(admin, "keamanan.panjang_sandi_min", 14)
    with pytest.raises(ValidationError, match="minimal 14 karakter"):
        SETTERS[path](admin, other, "Kantor2026ab")  # 12 characters
    SETTERS[path](admin, other, "Kantor2026abcd")


def test_refused_reset_and_change_keep_the_old_password(admin: Actor, make_actor: Any) -> None:
    other = make_actor("operator")
    with pytest.raises(ValidationError):
        users.reset_password(admin, other.user_id or 0, "lemah", "lemah")
    with pytest.raises(ValidationError):
        users.change_own_password(other, TEMP_PASSWORD, "12345678", "12345678")
    assert users.login(other.username, TEMP_PASSWORD).must_change_password


def test_first_admin_and_office_setup_apply_the_policy(db: Any) -> None:
    with pytest.raises(ValidationError, match="huruf dan angka"):
        users.create_first_admin("kepala", "Kepala Seksi", "hanyahuruf", "hanyahuruf")
    assert not users.has_users()
    data = kantor.default_kop("16.03.06", alamat="Jl. Merdeka 1", kode_pos="31171")
    camat = kantor.CamatData(nama="Drs. Ahmad Fauzi, M.Si", nip="197001012000031001")
    weak = kantor.AdminData("admin", "Admin Kecamatan", "admin2026", "admin2026")
    with pytest.raises(ValidationError, match="nama pengguna"):
        kantor.setup_office("16.03.06", data, camat, weak)
    assert not kantor.is_set_up() and not users.has_users()  # nothing half-made


# -- the dialogs ----------------------------------------------------------------------------------
def test_change_password_dialog_shows_the_policy_inline(
    qtbot: Any, make_actor: Any, msgbox: Any
) -> None:
    actor = make_actor("operator")
    dialog = ChangePasswordDialog(actor, mandatory=True)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.old.setText(TEMP_PASSWORD)
    dialog.new.setText("pendek1")
    dialog.repeat.setText("pendek1")
    dialog.save_button.click()
    assert dialog.isVisible()
    assert "Kata sandi minimal 8 karakter." in dialog.error.text()
    assert dialog.focusWidget() is dialog.new
    assert msgbox.calls == []
    assert users.login(actor.username, TEMP_PASSWORD).must_change_password


def test_admin_dialogs_show_the_policy_inline(
    qtbot: Any, admin: Actor, make_actor: Any, msgbox: Any
) -> None:
    other = make_actor("operator")
    info = next(u for u in users.list_users(admin) if u.id == other.user_id)
    reset = ResetPasswordDialog(admin, info)
    qtbot.addWidget(reset)
    reset.show()
    reset.sandi.setText("12345678")
    reset.ulangi.setText("12345678")
    reset.accept()
    assert reset.isVisible() and "huruf dan angka" in reset.error.text()
    add = AddUserDialog(admin)
    qtbot.addWidget(add)
    add.show()
    add.nama_pengguna.setText("budi.tksk")
    add.nama_lengkap.setText("Budi")
    add.sandi.setText("budi.tksk99")
    add.ulangi.setText("budi.tksk99")
    add.accept()
    assert add.isVisible() and "tidak boleh memuat nama pengguna" in add.error.text()
    assert [u.nama_pengguna for u in users.list_users(admin)] == ["admin", other.username]
    assert msgbox.calls == []


def test_setup_wizard_refuses_a_weak_admin_password(
    qtbot: Any, db: Any, msgbox: Any
) -> None:
    gelumbang_setup(with_admin=False)
    wizard = SetupWizard(admin_only=True)
    qtbot.addWidget(wizard)
    wizard.show()
    page = wizard.admin_page
    for field, text in (("nama_pengguna", "kepala"), ("nama_lengkap", "Kepala Seksi"),
                        ("sandi", "pendek1"), ("ulangi_sandi", "pendek1")):
        page.fields[field].setText(text)
    wizard.button(QWizard.WizardButton.FinishButton).click()
    assert wizard.isVisible() and wizard.currentId() == PAGE_ADMIN
    shown = page.error.text() + " ".join(msgbox.texts())
    assert "Kata sandi minimal 8 karakter." in shown
    assert not users.has_users()
    page.fields["sandi"].setText(ADMIN_PASSWORD)
    page.fields["ulangi_sandi"].setText(ADMIN_PASSWORD)
    wizard.button(QWizard.WizardButton.FinishButton).click()
    assert wizard.result() == QDialog.DialogCode.Accepted
    assert users.has_users()


# -- the command line -----------------------------------------------------------------------------
def test_cli_setup_refuses_a_weak_admin_password(tmp_path: Path) -> None:
    env = dict(os.environ, KECAMATAN_APP_DATA_DIR=str(tmp_path), QT_QPA_PLATFORM="offscreen",
               KECAMATAN_APP_ADMIN_PASSWORD="kasi2026")
    env.pop("KECAMATAN_APP_DB", None)
    proc = subprocess.run(
        [sys.executable, "-m", "kecamatan_app", "setup", "--kecamatan-kode", "16.03.06",
         "--admin", "kasi"],
        env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 1, proc.stdout
    assert "Kata sandi tidak boleh memuat nama pengguna." in proc.stderr
    assert "Kantor disiapkan" not in proc.stdout
