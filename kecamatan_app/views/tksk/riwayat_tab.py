"""TKSK > Riwayat Penugasan: every appointment, newest first, with its end and whom it replaced."""

from __future__ import annotations

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from ...services import penugasan
from ...services.context import Actor
from ...services.errors import AppError
from ...services.penugasan import PenugasanInfo
from .. import messages
from ..kecamatan_pilih import pilihan
from ..table_model import SORT_ROLE, Column
from .widgets import RowModel, table_view

COLUMNS: list[Column[PenugasanInfo]] = [
    Column("Nama", lambda t: t.nama),
    Column("Nomor SK", lambda t: t.sk_nomor),
    Column("TMT", lambda t: t.mulai),
    Column("Selesai", lambda t: t.selesai),
    Column("Aktif", lambda t: t.aktif),
    Column("Berhenti", lambda t: t.berhenti_tanggal),
    Column("Alasan berhenti", lambda t: t.berhenti_alasan),
    Column("Menggantikan", lambda t: t.menggantikan),
]


class RiwayatTab(QWidget):
    def __init__(self, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        self.model = RowModel(COLUMNS, self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.proxy.setFilterKeyColumn(-1)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Cari nama, nomor SK atau alasan berhenti...")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.proxy.setFilterFixedString)
        label = QLabel("&Cari:")
        label.setBuddy(self.search)
        self.count_label = QLabel("")
        self.view = table_view(self.proxy)
        row = QHBoxLayout()
        row.addWidget(label)
        row.addWidget(self.search, 1)
        row.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.view, 1)
        self.refresh()

    def refresh(self) -> None:
        try:
            rows = penugasan.history(self.actor, pilihan(self.actor))
        except AppError as exc:
            messages.show_error(self, exc, "Riwayat penugasan")
            rows = []
        self.model.set_rows(rows)
        self.count_label.setText(f"{len(rows)} penugasan")

    def rows(self) -> list[PenugasanInfo]:
        return list(self.model.rows)
