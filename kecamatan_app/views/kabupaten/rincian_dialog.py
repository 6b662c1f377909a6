"""The rows behind a number of the kabupaten dashboard (a :class:`kabupaten_rincian.Rincian`),
shown in a table with the total they add up to."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...services.formatting import angka, nama_bulan
from ...services.kabupaten_rincian import Rincian, tanggal_teks
from .model import GridModel, GridProxy, Sel

#: Month names sort in calendar order, not alphabetically.
_BULAN = {nama_bulan(b): f"{b:02d}" for b in range(1, 13)}


def _sel(value: object) -> Sel:
    if isinstance(value, int) and not isinstance(value, bool):
        return Sel(angka(value), value, kanan=True)
    if isinstance(value, str) and value in _BULAN:
        return Sel(value, _BULAN[value])
    return Sel(tanggal_teks(value), value.isoformat() if hasattr(value, "isoformat") else None)


class RincianDialog(QDialog):
    def __init__(self, rincian: Rincian, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rincian = rincian
        self.setWindowTitle("Rincian angka")
        title = QLabel(f"<b>{rincian.judul}</b>")
        title.setWordWrap(True)
        self.model = GridModel(rincian.kolom, self)
        self.model.set_rows([[_sel(v) for v in row] for row in rincian.baris],
                            list(range(len(rincian.baris))))
        self.proxy = GridProxy(self.model, self)
        self.table = QTableView()
        self.table.setObjectName("tabelRincian")
        self.table.setModel(self.proxy)
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        self.table.setWordWrap(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        n = len(rincian.baris)
        self.total = QLabel(
            f"{angka(n)} baris; jumlah {angka(rincian.jumlah)}." if n else
            "Tidak ada baris: angka ini nol.")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.total)
        layout.addWidget(buttons)
        self.resize(1000, 420)
