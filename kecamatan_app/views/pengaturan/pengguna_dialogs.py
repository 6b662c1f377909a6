"""Dialogs of Pengaturan > Pengguna: add a user, set a temporary password, change a role."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from ...services import lingkup, users
from ...services.context import ROLE_LABELS, ROLES_DINAS, Actor
from ...services.errors import ValidationError
from ..login import password_policy
from .form_dialog import FormDialog


def password_edit() -> QLineEdit:
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    return edit


def role_combo(actor: Actor, current: str = "operator") -> QComboBox:
    """The roles the actor may give (role dinas only in a Dinas Sosial database)."""
    combo = QComboBox()
    for role in users.roles_for(actor):
        combo.addItem(ROLE_LABELS[role], role)
    index = combo.findData(current)
    combo.setCurrentIndex(max(index, 0))
    return combo


#: The kecamatan combo's item for a user of the whole kabupaten (role dinas, kabupaten admin).
SEMUA = -1


def kecamatan_combo(actor: Actor) -> QComboBox:
    """The kecamatan the actor may give a new user: a kecamatan administrator only their own;
    an administrator of the whole kabupaten any, or none (a user of the whole kabupaten)."""
    combo = QComboBox()
    if lingkup.kecamatan_scope(actor) is None:
        combo.addItem("(seluruh kabupaten: Dinas Sosial / administrator kabupaten)", SEMUA)
    for kec_id, nama in users.kecamatan_choices(actor):
        combo.addItem(f"Kecamatan {nama}", kec_id)
    combo.setCurrentIndex(0 if combo.count() == 1 else -1)
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
        self.peran = role_combo(actor)
        self.sandi = password_edit()
        self.ulangi = password_edit()
        self.add_row("&Nama pengguna:", self.nama_pengguna, "nama_pengguna")
        self.add_row("Nama &lengkap:", self.nama_lengkap, "nama_lengkap")
        self.add_row("&Peran:", self.peran, "peran")
        self.kecamatan: QComboBox | None = None
        if lingkup.is_dinas():  # a Dinas Sosial database: whose kecamatan the user works in
            self.kecamatan = kecamatan_combo(actor)
            self.add_row("Ke&camatan:", self.kecamatan, "kecamatan")
            self.peran.currentIndexChanged.connect(self._role_changed)
            self._role_changed()
        self.add_row("&Kata sandi sementara:", self.sandi, "sandi")
        self.add_row("&Ulangi kata sandi:", self.ulangi, "ulangi_sandi")
        self.add_note(password_policy())
        self.nama_pengguna.setFocus()

    def _role_changed(self) -> None:
        """Role dinas has no kecamatan; the other roles (but a kabupaten admin) have one."""
        combo = self.kecamatan
        if combo is None:
            return
        dinas = self.peran.currentData() in ROLES_DINAS
        if dinas:
            combo.setCurrentIndex(max(combo.findData(SEMUA), 0))
        elif combo.currentData() == SEMUA and self.peran.currentData() != "admin":
            combo.setCurrentIndex(-1 if combo.count() > 1 else 0)
        combo.setEnabled(not dinas and combo.count() > 1)

    def save(self) -> users.UserInfo:
        if self.kecamatan is None:
            return users.create_user(
                self.actor,
                self.nama_pengguna.text(),
                self.nama_lengkap.text(),
                str(self.peran.currentData()),
                self.sandi.text(),
                self.ulangi.text(),
            )
        chosen = self.kecamatan.currentData()
        if chosen is None:
            raise ValidationError.single(
                "kecamatan", "Pilih kecamatan tempat pengguna ini bekerja (atau seluruh "
                "kabupaten untuk Dinas Sosial dan administrator kabupaten).")
        return users.create_user(
            self.actor,
            self.nama_pengguna.text(),
            self.nama_lengkap.text(),
            str(self.peran.currentData()),
            self.sandi.text(),
            self.ulangi.text(),
            kecamatan_id=None if chosen == SEMUA else int(chosen),
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
        self.peran = role_combo(actor, user.peran)
        self.add_row("&Peran baru:", self.peran, "peran")
        self.peran.setFocus()

    def save(self) -> users.UserInfo:
        return users.change_role(
            self.actor, self.user.id, str(self.peran.currentData()), versi=self.user.versi
        )
