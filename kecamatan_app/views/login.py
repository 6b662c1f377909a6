"""Login and the change-password dialog.

Wrong passwords are answered inline, in red under the fields, not with a pop-up: the clerk just
types again. The password field is cleared and keeps the focus.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..services import dinas, kabupaten, kantor, settings, users
from ..services.context import Actor
from ..services.errors import AuthError, ValidationError
from ..services.users import LoginResult

log = logging.getLogger(__name__)

ERROR_STYLE = "color: #b00020;"


def error_label() -> QLabel:
    label = QLabel("")
    label.setObjectName("pesanSalah")
    label.setStyleSheet(ERROR_STYLE)
    label.setWordWrap(True)
    label.setVisible(False)
    return label


def show_inline(label: QLabel, text: str) -> None:
    label.setText(text)
    label.setVisible(bool(text))


def password_policy() -> str:
    minimum = settings.get("keamanan.panjang_sandi_min")
    return (
        f"Kata sandi minimal {minimum} karakter, memuat huruf dan angka, dan tidak memuat "
        "nama pengguna."
    )


def _password_edit() -> QLineEdit:
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    return edit


def login_heading() -> tuple[str, str]:
    """The sign-in window's heading and region: the kecamatan of a kecamatan database, the
    Dinas Sosial of the kabupaten of a Dinas database (whose users come from every kecamatan)."""
    dinas_info = dinas.info()
    if dinas_info is not None:
        title = kabupaten.tempat_kerja(Actor.system("masuk")) or "Kecamatan TKSK"
        return title, (f"{dinas_info.jumlah_kecamatan} kecamatan, Provinsi "
                       f"{dinas_info.provinsi_nama}")
    office = kantor.get_office()
    if office is None:
        return "Kecamatan TKSK", ""
    return f"Kecamatan {office.kecamatan}", f"{office.kabupaten}, Provinsi {office.provinsi}"


class LoginDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.result_value: LoginResult | None = None
        self.setWindowTitle("Masuk \u2014 Kecamatan TKSK")
        self.setMinimumWidth(420)

        title, region = login_heading()
        self.header = QLabel(title)
        self.header.setObjectName("judulKantor")
        font = self.header.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.header.setFont(font)
        self.region = QLabel(region)
        hint = QLabel("Masukkan nama pengguna dan kata sandi Anda.")
        for label in (self.header, self.region, hint):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setWordWrap(True)

        self.username = QLineEdit()
        self.username.setPlaceholderText("contoh: siti.operator")
        self.password = _password_edit()
        form = QFormLayout()
        for text, edit in (("&Nama pengguna:", self.username), ("&Kata sandi:", self.password)):
            label = QLabel(text)
            label.setBuddy(edit)
            form.addRow(label, edit)
        self.error = error_label()

        self.buttons = QDialogButtonBox()
        self.login_button = QPushButton("&Masuk")
        self.login_button.setDefault(True)
        self.buttons.addButton(self.login_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton("Batal", QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(self.region)
        layout.addSpacing(4)
        layout.addWidget(hint)
        layout.addSpacing(8)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setTabOrder(self.username, self.password)
        self.username.setFocus()

    def accept(self) -> None:
        name = self.username.text().strip()
        if not name:
            show_inline(self.error, "Isi nama pengguna terlebih dahulu.")
            self.username.setFocus()
            return
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            result = users.login(name, self.password.text())
        except AuthError as exc:
            log.info("Gagal masuk sebagai %s: %s", name, exc)
            show_inline(self.error, str(exc))
            self.password.clear()
            self.password.setFocus()
            return
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.result_value = result
        super().accept()

    @classmethod
    def ask(cls, parent: QWidget | None = None) -> tuple[LoginResult | None, bool]:
        dialog = cls(parent)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        value = dialog.result_value if accepted else None
        dialog.deleteLater()
        return value, accepted


class ChangePasswordDialog(QDialog):
    """Change one's own password; ``mandatory`` after an administrator set a temporary one."""

    def __init__(
        self, actor: Actor, parent: QWidget | None = None, mandatory: bool = False
    ) -> None:
        super().__init__(parent)
        self.actor = actor
        self.setWindowTitle("Ganti kata sandi")
        self.setMinimumWidth(420)

        intro = QLabel(
            "Kata sandi Anda masih kata sandi sementara dari administrator. Gantilah sekarang "
            "sebelum melanjutkan."
            if mandatory
            else f"Ganti kata sandi untuk akun {actor.username}."
        )
        intro.setWordWrap(True)
        self.old = _password_edit()
        self.new = _password_edit()
        self.repeat = _password_edit()
        form = QFormLayout()
        for text, edit in (
            ("Kata sandi &lama:", self.old),
            ("Kata sandi &baru:", self.new),
            ("&Ulangi kata sandi baru:", self.repeat),
        ):
            label = QLabel(text)
            label.setBuddy(edit)
            form.addRow(label, edit)
        policy = QLabel(password_policy())
        policy.setWordWrap(True)
        policy.setStyleSheet("color: palette(placeholder-text);")
        self.error = error_label()

        self.buttons = QDialogButtonBox()
        self.save_button = QPushButton("&Simpan")
        self.save_button.setDefault(True)
        self.buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton("Batal", QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(policy)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setTabOrder(self.old, self.new)
        self.setTabOrder(self.new, self.repeat)
        self.old.setFocus()

    def _edit_for(self, field: str) -> QLineEdit:
        return {"sandi_lama": self.old, "sandi": self.new, "ulangi_sandi": self.repeat}.get(
            field, self.new
        )

    def accept(self) -> None:
        try:
            users.change_own_password(
                self.actor, self.old.text(), self.new.text(), self.repeat.text()
            )
        except ValidationError as exc:
            show_inline(self.error, str(exc))
            first = exc.problems[0].field if exc.problems else "sandi"
            edit = self._edit_for(first)
            edit.selectAll()
            edit.setFocus()
            return
        log.info("%s mengganti kata sandinya", self.actor.username)
        super().accept()

    @classmethod
    def ask(cls, actor: Actor, parent: QWidget | None = None, mandatory: bool = False) -> bool:
        """True when the password was changed (there is no other value to return)."""
        dialog = cls(actor, parent, mandatory)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        dialog.deleteLater()
        return accepted
