"""Choosing the referred client: search the registry's persons (name, address, NIK, No. KK) and
households (head's name, No. KK), or add a new person on the spot with the registry's own form.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...services import rujukan_pilihan as pilihan
from ...services.context import Actor
from ...services.errors import AppError
from ...services.permissions import Aksi
from ...services.rujukan_pilihan import KlienPilihan
from .. import messages
from ..kecamatan_pilih import boleh_ubah
from ..pemetaan.registri_dialogs import WargaDialog
from ..table_model import ROW_ROLE, Column, RowTableModel

DEBOUNCE_MS = 300
KOLOM: list[Column[KlienPilihan]] = [
    Column("Jenis", lambda k: k.jenis_label),
    Column("Nama", lambda k: k.nama if k.jenis == "warga" else f"Keluarga {k.nama}"),
    Column("NIK / No. KK", lambda k: k.nomor),
    Column("Desa", lambda k: k.desa),
]


def tambah_warga(actor: Actor, parent: QWidget | None) -> KlienPilihan | None:
    """The registry's "Tambah Warga" form; returns the new person (or the existing one whose NIK
    was typed, when the user chose to take them)."""
    dialog = WargaDialog(actor, parent)
    wid: int | None = None
    if dialog.exec():
        wid = dialog.result_value
    elif dialog.open_existing is not None:
        wid = dialog.open_existing
    if wid is None:
        return None
    try:
        return pilihan.klien(actor, wid, None)
    except AppError as exc:
        messages.show_error(parent, exc, "Warga tidak dapat dipilih")
        return None


class KlienDialog(QDialog):
    """Search and pick one person or household; Enter or a double click picks the row."""

    def __init__(self, actor: Actor, parent: QWidget | None = None, teks: str = "") -> None:
        super().__init__(parent)
        self.actor = actor
        self.chosen: KlienPilihan | None = None
        self.setWindowTitle("Pilih klien dari registri")
        self.resize(720, 460)
        self.search = QLineEdit(teks)
        self.search.setPlaceholderText("Ketik nama, NIK atau No. KK (paling sedikit 3 huruf)...")
        self.search.setClearButtonEnabled(True)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DEBOUNCE_MS)
        self.timer.timeout.connect(self.run_search)
        self.search.textChanged.connect(lambda _t: self.timer.start())
        self.search.returnPressed.connect(self.run_search)
        self.model: RowTableModel[KlienPilihan] = RowTableModel(KOLOM, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.activated.connect(lambda _i: self.accept())
        self.status = QLabel("Hasil pencarian tampil di sini. Belum ada? Tambahkan warga baru.")
        self.status.setWordWrap(True)
        label = QLabel("&Cari:")
        label.setBuddy(self.search)
        top = QHBoxLayout()
        top.addWidget(label)
        top.addWidget(self.search, 1)
        self.new_button = QPushButton("&Warga baru...")
        self.new_button.clicked.connect(self.add_new)
        self.new_button.setVisible(boleh_ubah(actor, Aksi.REGISTRI_UBAH))
        buttons = QDialogButtonBox()
        self.pick_button = QPushButton("&Pilih")
        self.pick_button.setDefault(True)
        buttons.addButton(self.new_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.pick_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("Batal", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        if teks:
            self.run_search()

    def run_search(self) -> None:
        self.timer.stop()
        teks = self.search.text().strip()
        try:
            found = pilihan.cari_klien(self.actor, teks)
        except AppError as exc:
            messages.show_error(self, exc, "Pencarian gagal")
            return
        self.model.set_rows(found)
        if found:
            self.table.selectRow(0)
            more = " (ditampilkan sebagian; perjelas pencarian)" if len(found) >= \
                pilihan.KLIEN_MAKS else ""
            self.status.setText(f"{len(found)} hasil{more}. Enter untuk memilih.")
        elif teks:
            self.status.setText(f"Tidak ada warga atau keluarga yang cocok dengan '{teks}'. "
                                "Periksa ejaannya, atau tambahkan warga baru.")
        else:
            self.status.setText("Ketik nama, NIK atau No. KK klien.")

    def selected(self) -> KlienPilihan | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        value = rows[0].data(ROW_ROLE)
        return value if isinstance(value, KlienPilihan) else None

    def add_new(self) -> None:
        new = tambah_warga(self.actor, self)
        if new is not None:
            self.chosen = new
            QDialog.accept(self)

    def accept(self) -> None:
        if self.timer.isActive():
            self.run_search()
        chosen = self.selected()
        if chosen is None:
            self.status.setText("Pilih dulu satu baris hasil pencarian.")
            return
        self.chosen = chosen
        super().accept()

    @classmethod
    def pick(
        cls, actor: Actor, parent: QWidget | None = None, teks: str = ""
    ) -> tuple[KlienPilihan | None, bool]:
        dialog = cls(actor, parent, teks)
        ok = bool(dialog.exec())
        return dialog.chosen, ok and dialog.chosen is not None
