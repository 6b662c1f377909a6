"""Dialogs of Pengaturan > Pengguna: add a user, set a temporary password, change a role."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from ...services import users
from ...services.context import ROLE_LABELS, Actor
from ..login import password_policy
from .form_dialog import FormDialog


def password_edit() -> QLineEdit:
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    return edit


def role_combo(current: str = "operator") -> QComboBox:
    combo = QComboBox()
    for role, label in ROLE_LABELS.items():
        combo.addItem(label, role)
    index = combo.findData(current)
    combo.setCurrentIndex(max(index, 0))
    return combo


class AddUserDialog(FormDialog):
    def __init__(self, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(
            "Tambah pengguna",
            "Setiap orang memakai akunnya sendiri; jangan "
            "berbagi akun. Pengguna baru wajib mengganti kata sandi sementara "
            "saat pertama masuk.",
            parent,
        )
        self.actor = actor
        self.nama_pengguna = QLineEdit()
        self.nama_pengguna.setPlaceholderText("contoh: siti.operator")
        self.nama_lengkap = QLineEdit()
        self.peran = role_combo()
        self.sandi = password_edit()
        self.ulangi = password_edit()
        self.add_row("&Nama pengguna:", self.nama_pengguna, "nama_pengguna")
        self.add_row("Nama &lengkap:", self.nama_lengkap, "nama_lengkap")
        self.add_row("&Peran:", self.peran, "peran")
        self.add_row("&Kata sandi sementara:", self.sandi, "sandi")
        self.add_row("&Ulangi kata sandi:", self.ulangi, "ulangi_sandi")
        self.add_note(password_policy())
        self.nama_pengguna.setFocus()

    def save(self) -> users.UserInfo:
        return users.create_user(
            self.actor,
            self.nama_pengguna.text(),
            self.nama_lengkap.text(),
            str(self.peran.currentData()),
            self.sandi.text(),
            self.ulangi.text(),
        )


class ResetPasswordDialog(FormDialog):
    def __init__(self, actor: Actor, user: users.UserInfo, parent: QWidget | None = None) -> None:
        super().__init__(
            "Atur ulang kata sandi",
            f"Kata sandi sementara untuk {user.nama_pengguna} "
            f"({user.nama_lengkap}). Akun yang terkunci ikut dibuka; pengguna "
            "wajib menggantinya saat masuk berikutnya.",
            parent,
        )
        self.actor, self.user = actor, user
        self.sandi = password_edit()
        self.ulangi = password_edit()
        self.add_row("&Kata sandi sementara:", self.sandi, "sandi")
        self.add_row("&Ulangi kata sandi:", self.ulangi, "ulangi_sandi")
        self.add_note(password_policy())
        self.sandi.setFocus()

    def save(self) -> users.UserInfo:
        return users.reset_password(
            self.actor, self.user.id, self.sandi.text(), self.ulangi.text(), versi=self.user.versi
        )


class ChangeRoleDialog(FormDialog):
    def __init__(self, actor: Actor, user: users.UserInfo, parent: QWidget | None = None) -> None:
        super().__init__(
            "Ubah peran",
            f"Peran menentukan apa yang boleh dilakukan "
            f"{user.nama_pengguna} ({user.nama_lengkap}).",
            parent,
        )
        self.actor, self.user = actor, user
        self.peran = role_combo(user.peran)
        self.add_row("&Peran baru:", self.peran, "peran")
        self.peran.setFocus()

    def save(self) -> users.UserInfo:
        return users.change_role(
            self.actor, self.user.id, str(self.peran.currentData()), versi=self.user.versi
        )
