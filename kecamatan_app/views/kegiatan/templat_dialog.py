"""Templates of recurring activities: choose one to start a new activity, or delete one.

A template is made from the activity form ("Simpan sebagai templat..."). Tests build the
dialog, select a row and call :meth:`use` / :meth:`delete_selected` without ``exec()``.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...services import kegiatan_templat
from ...services.context import Actor
from ...services.errors import AppError
from ...services.kegiatan_templat import TemplatRow
from ...services.permissions import Aksi
from .. import messages
from ..kecamatan_pilih import boleh_ubah
from .kegiatan_widgets import hint_label


def ask_text(parent: QWidget, title: str, label: str, default: str = "") -> str | None:
    """Ask for one line of text; None when cancelled (tests replace this function)."""
    text, ok = QInputDialog.getText(parent, title, label, QLineEdit.EchoMode.Normal, default)
    return text.strip() if ok else None


class TemplatDialog(QDialog):
    def __init__(self, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        self.chosen_id: int | None = None
        self.setWindowTitle("Templat kegiatan")
        self.setMinimumSize(520, 380)
        self.list = QListWidget()
        self.list.itemActivated.connect(lambda _i: self.use())
        self.empty = hint_label("Belum ada templat. Buat dari formulir kegiatan dengan tombol "
                                "\"Simpan sebagai templat...\".")
        self.use_button = QPushButton("&Gunakan")
        self.use_button.setDefault(True)
        self.use_button.clicked.connect(self.use)
        self.delete_button = QPushButton("&Hapus templat")
        self.delete_button.clicked.connect(self.delete_selected)
        self.delete_button.setVisible(boleh_ubah(actor, Aksi.KEGIATAN_UBAH))
        close = QPushButton("&Tutup")
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        buttons.addWidget(self.use_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Pilih templat untuk membuat kegiatan baru yang sudah terisi "
                                "(tanggal hari ini, status draf):"))
        layout.addWidget(self.list, 1)
        layout.addWidget(self.empty)
        layout.addLayout(buttons)
        self.reload()

    def reload(self) -> None:
        self.list.clear()
        try:
            rows = kegiatan_templat.rows(self.actor)
        except AppError as exc:
            messages.show_error(self, exc, "Templat tidak dapat dimuat")
            rows = []
        for r in rows:
            item = QListWidgetItem(f"{r.nama}  \u2014  {r.judul}" if r.judul else r.nama)
            item.setData(Qt.ItemDataRole.UserRole, r)
            self.list.addItem(item)
        if rows:
            self.list.setCurrentRow(0)
        self.empty.setVisible(not rows)
        self.use_button.setEnabled(bool(rows))
        self.delete_button.setEnabled(bool(rows))

    def names(self) -> list[str]:
        return [self.list.item(i).data(Qt.ItemDataRole.UserRole).nama
                for i in range(self.list.count())]

    def select(self, nama: str) -> bool:
        for i in range(self.list.count()):
            if self.list.item(i).data(Qt.ItemDataRole.UserRole).nama == nama:
                self.list.setCurrentRow(i)
                return True
        return False

    def current(self) -> TemplatRow | None:
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def use(self) -> None:
        row = self.current()
        if row is None:
            return
        self.chosen_id = row.id
        self.accept()

    def delete_selected(self) -> None:
        row = self.current()
        if row is None or not messages.confirm(
                self, "Hapus templat", f"Hapus templat '{row.nama}'? Kegiatan yang pernah dibuat "
                "dari templat ini tidak berubah.", destructive=True):
            return
        try:
            kegiatan_templat.delete(self.actor, row.id)
        except AppError as exc:
            messages.show_error(self, exc, "Templat tidak dapat dihapus")
        self.reload()
