"""Pengaturan > Pengguna: the accounts, with add, (de)activate/unlock, temporary password,
role change and export. Every change passes the row's ``versi``, so a change made meanwhile by
someone else is refused (and the list reloads) rather than overwritten."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from ...services import ekspor, lingkup, users
from ...services.context import Actor
from ...services.errors import AppError
from .. import messages
from ..table_model import Column
from ..tasks import Progress, Task
from .common import SearchableTable, export_to_excel, today_name
from .form_dialog import FormDialog
from .pengguna_dialogs import AddUserDialog, ChangeRoleDialog, ResetPasswordDialog


def locked_until(u: users.UserInfo) -> dt.datetime | None:
    """The lock time only while it still holds; an expired lock is no lock."""
    if u.terkunci_sampai is None or u.terkunci_sampai <= dt.datetime.now():
        return None
    return u.terkunci_sampai


COLUMNS: list[Column[users.UserInfo]] = [
    Column("Nama pengguna", lambda u: u.nama_pengguna),
    Column("Nama lengkap", lambda u: u.nama_lengkap),
    Column("Peran", lambda u: u.peran_label),
    Column("Aktif", lambda u: u.aktif),
    Column("Terkunci sampai", locked_until),
    Column("Login terakhir", lambda u: u.login_terakhir),
]
#: In a Dinas Sosial database: whose kecamatan each user works in.
KECAMATAN_COLUMN: Column[users.UserInfo] = Column(
    "Kecamatan", lambda u: u.kecamatan_nama or "(seluruh kabupaten)")


def columns() -> list[Column[users.UserInfo]]:
    if not lingkup.is_dinas():
        return COLUMNS
    return [*COLUMNS[:3], KECAMATAN_COLUMN, *COLUMNS[3:]]


class PenggunaTab(QWidget):
    def __init__(self, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        self.dialog: FormDialog | None = None
        self.task: Task | None = None
        self.table = SearchableTable(
            columns(), "Cari nama pengguna, nama lengkap, peran atau kecamatan..."
            if lingkup.is_dinas() else "Cari nama pengguna, nama lengkap atau peran...")
        self.table.search_label.setText("&Cari:")

        self.add_button = QPushButton("&Tambah pengguna...")
        self.active_button = QPushButton("&Nonaktifkan")
        self.unlock_button = QPushButton("&Buka kunci")
        self.reset_button = QPushButton("Atur ulang kata &sandi...")
        self.role_button = QPushButton("Ubah pe&ran...")
        self.export_button = QPushButton("&Ekspor ke Excel...")
        self.add_button.clicked.connect(self.add_user)
        self.active_button.clicked.connect(self.toggle_active)
        self.unlock_button.clicked.connect(self.unlock)
        self.reset_button.clicked.connect(self.reset_password)
        self.role_button.clicked.connect(self.change_role)
        self.export_button.clicked.connect(self.export)
        self.table.view.selectionModel().selectionChanged.connect(self._update_buttons)
        self.table.view.activated.connect(self.change_role)  # Enter or double-click

        buttons = QHBoxLayout()
        for b in (
            self.add_button,
            self.active_button,
            self.unlock_button,
            self.reset_button,
            self.role_button,
        ):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addLayout(self.table.search_row)
        layout.addWidget(self.table.view, 1)
        layout.addLayout(buttons)
        self.setTabOrder(self.table.search, self.table.view)
        self.refresh()

    def refresh(self) -> None:
        try:
            rows = users.list_users(self.actor)
        except AppError as exc:
            messages.show_error(self, exc, "Daftar pengguna")
            rows = []
        self.table.set_rows(rows, keep=lambda u: u.id)
        self._update_buttons()

    def selected(self) -> users.UserInfo | None:
        user: users.UserInfo | None = self.table.selected()
        return user

    def _update_buttons(self) -> None:
        u = self.selected()
        for b in (self.active_button, self.reset_button, self.role_button):
            b.setEnabled(u is not None)
        self.active_button.setText("&Aktifkan" if u is not None and not u.aktif else "&Nonaktifkan")
        self.unlock_button.setEnabled(u is not None and u.aktif and locked_until(u) is not None)

    # actions ------------------------------------------------------------------------------
    def _open(self, dialog: FormDialog) -> FormDialog:
        """Open ``dialog`` window-modal; the list reloads when it closes either way."""
        self.dialog = dialog
        dialog.finished.connect(self._dialog_closed)
        dialog.open()
        return dialog

    def _dialog_closed(self) -> None:
        dialog, self.dialog = self.dialog, None
        result = dialog.result_value if dialog is not None else None
        self.refresh()
        if isinstance(result, users.UserInfo):
            self.table.select_where(lambda u: u.id == result.id)
        if dialog is not None:
            dialog.deleteLater()

    def add_user(self) -> FormDialog:
        return self._open(AddUserDialog(self.actor, self))

    def reset_password(self) -> FormDialog | None:
        u = self.selected()
        return self._open(ResetPasswordDialog(self.actor, u, self)) if u else None

    def change_role(self) -> FormDialog | None:
        u = self.selected()
        return self._open(ChangeRoleDialog(self.actor, u, self)) if u else None

    def toggle_active(self) -> None:
        u = self.selected()
        if u is None:
            return
        if u.aktif:
            question = (
                f"Nonaktifkan akun {u.nama_pengguna} ({u.nama_lengkap})? Pengguna ini "
                "tidak dapat masuk lagi sampai diaktifkan kembali. Riwayatnya tetap "
                "tersimpan."
            )
        else:
            question = (
                f"Aktifkan kembali akun {u.nama_pengguna} ({u.nama_lengkap})? "
                "Kunci karena salah kata sandi ikut dibuka."
            )
        title = "Nonaktifkan pengguna" if u.aktif else "Aktifkan pengguna"
        if not messages.confirm(self, title, question, destructive=u.aktif):
            return
        self._apply(lambda: users.set_active(self.actor, u.id, not u.aktif, versi=u.versi))

    def unlock(self) -> None:
        u = self.selected()
        if u is None or locked_until(u) is None:
            return
        if not messages.confirm(
            self, "Buka kunci akun", f"Buka kunci akun {u.nama_pengguna} sekarang?"
        ):
            return
        self._apply(lambda: users.unlock(self.actor, u.id, versi=u.versi))

    def _apply(self, change: Callable[[], object]) -> None:
        try:
            change()
        except AppError as exc:
            messages.show_error(self, exc, "Tidak dapat diubah")
        self.refresh()

    def export(self) -> Task | None:
        def work(path: Path, progress: Progress) -> int:
            return ekspor.export_users(self.actor, path, progress)

        self.task = export_to_excel(
            self, "Mengekspor daftar pengguna", today_name("daftar-pengguna"), work
        )
        return self.task
