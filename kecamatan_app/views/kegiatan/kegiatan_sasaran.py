"""The beneficiary picker: search the registry for persons or households and choose one or
more. Tests build it, type, call :meth:`SasaranPicker.search` and :meth:`accept` without
``exec()``."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...services import kegiatan_pilihan
from ...services.context import Actor
from ...services.errors import AppError
from ...services.kegiatan_pilihan import SasaranPilihan
from ..login import ERROR_STYLE
from .kegiatan_widgets import hint_label

DEBOUNCE_MS = 300
LIMIT = 50


class SasaranPicker(QDialog):
    def __init__(self, actor: Actor, jenis: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor, self.jenis = actor, jenis
        person = jenis == "warga"
        self.setWindowTitle("Pilih penerima manfaat: " + ("orang" if person else "keluarga"))
        self.setMinimumSize(520, 420)
        self.edit = QLineEdit()
        self.edit.setClearButtonEnabled(True)
        self.edit.setPlaceholderText(
            "NIK, No. KK, atau potongan nama" if person else "No. KK atau nama kepala keluarga")
        self.search_button = QPushButton("&Cari")
        self.search_button.setAutoDefault(False)
        self.search_button.clicked.connect(self.search)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DEBOUNCE_MS)
        self.timer.timeout.connect(self.search)
        self.edit.textChanged.connect(lambda _t: self.timer.start())
        self.results = QListWidget()
        self.results.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.results.itemDoubleClicked.connect(lambda _i: self.accept())
        self.status = QLabel()
        self.status.setWordWrap(True)
        buttons = QDialogButtonBox()
        self.choose_button = buttons.addButton("&Pilih", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("Batal", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.edit, 1)
        row.addWidget(self.search_button)
        layout = QVBoxLayout(self)
        layout.addWidget(hint_label(
            "Cari di registri per nama dan alamat. Pilih satu atau beberapa (Ctrl+klik), lalu "
            "tekan Pilih. Orang yang belum tercatat ditambahkan dulu di Pemetaan Sosial > "
            "Registri."))
        layout.addLayout(row)
        layout.addWidget(self.results, 1)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self.edit.setFocus()

    def search(self) -> None:
        self.timer.stop()
        self.results.clear()
        self.status.setStyleSheet("")
        teks = self.edit.text().strip()
        if not teks:
            self.status.setText("")
            return
        try:
            found = kegiatan_pilihan.cari_sasaran(self.actor, self.jenis, teks, LIMIT)
        except AppError as exc:
            self.status.setStyleSheet(ERROR_STYLE)
            self.status.setText(str(exc))
            return
        for f in found:
            item = QListWidgetItem(f.label)
            item.setData(Qt.ItemDataRole.UserRole, f)
            self.results.addItem(item)
        if found:
            self.results.setCurrentRow(0)
        more = " (hanya 50 pertama; perjelas pencarian)" if len(found) >= LIMIT else ""
        self.status.setText(f"{len(found)} ditemukan{more}." if found
                            else "Tidak ditemukan. Periksa ejaan, atau cari dengan NIK/No. KK.")

    def chosen(self) -> list[SasaranPilihan]:
        return [i.data(Qt.ItemDataRole.UserRole) for i in self.results.selectedItems()]

    @classmethod
    def choose(cls, actor: Actor, jenis: str, parent: QWidget | None = None
               ) -> list[SasaranPilihan]:
        """Run the picker modally; the chosen beneficiaries, [] when cancelled."""
        dialog = cls(actor, jenis, parent)
        ok = dialog.exec()
        result = dialog.chosen() if ok else []
        dialog.deleteLater()
        return result
