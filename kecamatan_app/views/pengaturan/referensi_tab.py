"""Pengaturan > Referensi: the editable reference lists. Everyone may read and export them;
adding, editing and deleting need the REFERENSI_UBAH right. Rows shipped with the app
(``bawaan``) cannot be deleted, only renamed or deactivated."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ...services import ekspor, referensi
from ...services.context import Actor
from ...services.errors import AppError
from ...services.permissions import Aksi, allowed
from .. import messages
from ..table_model import Column
from ..tasks import Progress, Task
from .common import SearchableTable, export_to_excel, on_delete_key, today_name
from .referensi_dialog import ALIAS_KEYS, RefDialog

Row = referensi.RefRow


def _extra(field: str) -> Callable[[Row], str]:
    return lambda r: r.extra.get(field, "")


def columns_for(key: str) -> list[Column[Row]]:
    cols: list[Column[Row]] = [Column("Kode", lambda r: r.kode), Column("Nama", lambda r: r.nama)]
    if key == "bentuk":
        cols.append(Column("Fungsi", lambda r: r.induk))
    for field, label in referensi.LISTS[key].extra:
        cols.append(Column(label, _extra(field)))
    cols += [Column("Aktif", lambda r: r.aktif), Column("Bawaan", lambda r: r.bawaan)]
    if key in ALIAS_KEYS:
        cols.append(Column("Alias", lambda r: "; ".join(r.alias)))
    cols.append(Column("Keterangan", lambda r: r.keterangan))
    return cols


class ReferensiTab(QWidget):
    def __init__(self, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        self.can_edit = allowed(actor, Aksi.REFERENSI_UBAH)
        self.dialog: RefDialog | None = None
        self.task: Task | None = None

        self.list_combo = QComboBox()
        for key, d in referensi.LISTS.items():
            self.list_combo.addItem(d.label, key)
        list_label = QLabel("&Daftar:")
        list_label.setBuddy(self.list_combo)
        self.table = SearchableTable(columns_for(self.key), "Cari kode, nama atau alias...")

        self.add_button = QPushButton("&Tambah...")
        self.edit_button = QPushButton("&Ubah...")
        self.delete_button = QPushButton("&Hapus")
        self.delete_button.setToolTip(
            "Hanya baris tambahan kantor yang belum dipakai dapat "
            "dihapus; baris bawaan cukup dinonaktifkan."
        )
        self.export_button = QPushButton("&Ekspor ke Excel...")
        for b in (self.add_button, self.edit_button, self.delete_button):
            b.setVisible(self.can_edit)
        self.add_button.clicked.connect(self.add_row)
        self.edit_button.clicked.connect(self.edit_row)
        self.delete_button.clicked.connect(self.delete_row)
        self.export_button.clicked.connect(self.export)
        self.list_combo.currentIndexChanged.connect(self.refresh)
        self.table.view.selectionModel().selectionChanged.connect(self._update_buttons)
        if self.can_edit:
            self.table.view.activated.connect(self.edit_row)
            on_delete_key(self.table.view, self.delete_row)

        top = QHBoxLayout()
        top.addWidget(list_label)
        top.addWidget(self.list_combo, 1)
        buttons = QHBoxLayout()
        for b in (self.add_button, self.edit_button, self.delete_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(self.table.search_row)
        layout.addWidget(self.table.view, 1)
        if not self.can_edit:
            layout.addWidget(QLabel("Peran Anda hanya dapat melihat dan mengekspor daftar ini."))
        layout.addLayout(buttons)
        self.setTabOrder(self.list_combo, self.table.search)
        self.setTabOrder(self.table.search, self.table.view)
        self.refresh()

    @property
    def key(self) -> str:
        return str(self.list_combo.currentData())

    def select_list(self, key: str) -> None:
        self.list_combo.setCurrentIndex(self.list_combo.findData(key))

    def refresh(self) -> None:
        current = self.selected()
        self.table.set_columns(columns_for(self.key), referensi.rows(self.key))
        if current is not None:
            self.table.select_where(lambda r: r.id == current.id)
        self._update_buttons()

    def selected(self) -> Row | None:
        row: Row | None = self.table.selected()
        return row

    def _update_buttons(self) -> None:
        r = self.selected()
        self.edit_button.setEnabled(r is not None)
        self.delete_button.setEnabled(r is not None and not r.bawaan)

    # actions ------------------------------------------------------------------------------
    def _open(self, dialog: RefDialog) -> RefDialog:
        self.dialog = dialog
        dialog.finished.connect(self._dialog_closed)
        dialog.open()
        return dialog

    def _dialog_closed(self) -> None:
        dialog, self.dialog = self.dialog, None
        self.refresh()
        if dialog is not None:
            saved = dialog.result_value
            if isinstance(saved, Row):
                self.table.select_where(lambda r: r.id == saved.id)
            dialog.deleteLater()

    def add_row(self) -> RefDialog | None:
        return self._open(RefDialog(self.actor, self.key, None, self)) if self.can_edit else None

    def edit_row(self) -> RefDialog | None:
        r = self.selected()
        if r is None or not self.can_edit:
            return None
        return self._open(RefDialog(self.actor, self.key, r, self))

    def delete_row(self) -> None:
        r = self.selected()
        if r is None or not self.can_edit:
            return
        if r.bawaan:
            messages.info(
                self,
                "Hapus baris",
                "Baris bawaan aplikasi tidak dapat dihapus. "
                "Nonaktifkan saja lewat Ubah agar tidak muncul di pilihan.",
            )
            return
        label = referensi.LISTS[self.key].label
        if not messages.confirm(
            self, "Hapus baris", f"Hapus '{r.nama}' dari {label}?", destructive=True
        ):
            return
        try:
            referensi.delete(self.actor, self.key, r.id)
        except AppError as exc:
            messages.show_error(self, exc, "Tidak dapat dihapus")
        self.refresh()

    def export(self) -> Task | None:
        key = self.key

        def work(path: Path, progress: Progress) -> int:
            return ekspor.export_reference(self.actor, key, path, progress)

        self.task = export_to_excel(
            self, "Mengekspor daftar referensi", today_name(f"referensi-{key}"), work
        )
        return self.task
