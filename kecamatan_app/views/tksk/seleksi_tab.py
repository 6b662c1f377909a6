"""The selection decisions on a candidate (diusulkan, ditetapkan, tidak dipilih) in date order,
and "Catat keputusan..."."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from ...services import penugasan
from ...services.context import Actor
from ...services.errors import AppError
from ...services.pendaftar_daftar import KEPUTUSAN_LABEL
from ...services.permissions import Aksi
from .. import messages
from ..kecamatan_pilih import boleh_ubah
from ..pengaturan.common import from_qdate
from ..pengaturan.form_dialog import FormDialog
from ..pengaturan.referensi_dialog import text_box
from ..table_model import Column
from .widgets import ChoiceCombo, RowModel, date_edit, note_label, table_view

Decision = tuple[dt.date, str, str]

COLUMNS: list[Column[Decision]] = [
    Column("Tanggal", lambda d: d[0]),
    Column("Keputusan", lambda d: KEPUTUSAN_LABEL.get(d[1], d[1])),
    Column("Catatan", lambda d: d[2]),
]


class DecisionDialog(FormDialog):
    def __init__(
        self, actor: Actor, pendaftar_id: int, nama: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(
            "Catat keputusan seleksi",
            f"Keputusan Dinas Sosial atas pendaftar {nama}. Keputusan tercatat berurutan; "
            "keputusan terakhir tampil di daftar pendaftar.",
            parent,
        )
        self.actor, self.pendaftar_id = actor, pendaftar_id
        self.keputusan = ChoiceCombo(
            [(label, kode) for kode, label in KEPUTUSAN_LABEL.items()], unknown="(pilih)"
        )
        self.tanggal = date_edit()
        self.catatan = text_box()
        self.add_row("&Keputusan:", self.keputusan, "keputusan")
        self.add_row("&Tanggal:", self.tanggal, "tanggal")
        self.add_row("&Catatan:", self.catatan, "catatan")

    def save(self) -> bool:
        penugasan.record_decision(
            self.actor,
            self.pendaftar_id,
            self.keputusan.value() or "",
            from_qdate(self.tanggal.date()),
            self.catatan.toPlainText(),
        )
        return True


class SeleksiTab(QWidget):
    changed = Signal()

    def __init__(self, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        self.pendaftar_id: int | None = None
        self.nama = ""
        self.dialog: DecisionDialog | None = None
        self.model = RowModel(COLUMNS, self)
        self.view = table_view(self.model)
        self.view.setSortingEnabled(False)
        self.add_button = QPushButton("&Catat keputusan...")
        self.add_button.clicked.connect(self.add)
        self.add_button.setVisible(boleh_ubah(actor, Aksi.SELEKSI_CATAT))
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(
            note_label(
                "Alur: Dinas Sosial mengumumkan lowongan, seleksi administrasi, tes tertulis "
                "dan/atau wawancara, lalu calon terpilih diusulkan dan ditetapkan."
            )
        )
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)

    def set_pendaftar(self, pendaftar_id: int | None, nama: str = "") -> None:
        self.pendaftar_id, self.nama = pendaftar_id, nama
        self.refresh()

    def refresh(self) -> None:
        rows: list[Decision] = []
        if self.pendaftar_id is not None:
            try:
                rows = penugasan.decisions(self.actor, self.pendaftar_id)
            except AppError as exc:
                messages.show_error(self, exc, "Keputusan seleksi")
        self.model.set_rows(rows)
        self.add_button.setEnabled(self.pendaftar_id is not None)

    def add(self) -> DecisionDialog | None:
        if self.pendaftar_id is None:
            return None
        dialog = DecisionDialog(self.actor, self.pendaftar_id, self.nama, self)
        self.dialog = dialog
        dialog.finished.connect(self._closed)
        dialog.open()
        return dialog

    def _closed(self, result: int) -> None:
        dialog, self.dialog = self.dialog, None
        self.refresh()
        if result == FormDialog.DialogCode.Accepted:
            self.changed.emit()
        if dialog is not None:
            dialog.deleteLater()
