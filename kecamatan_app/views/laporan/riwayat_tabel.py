"""The dated history of a report: each step, when, who and the reason (the same history the
report prints on its last page)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from ...services.laporan import LaporanInfo
from ..table_model import Column, RowTableModel


@dataclass(frozen=True)
class BarisRiwayat:
    langkah: str
    waktu: object
    oleh: str
    alasan: str


def rows_of(info: LaporanInfo | None) -> list[BarisRiwayat]:
    """One row per step; a return after an approval reads "Dibuka kembali"."""
    rows: list[BarisRiwayat] = []
    before = ""
    for step in info.riwayat if info else ():
        label = {"draf": "Disusun", "diajukan": "Diajukan ke Camat"}.get(step.status, step.label)
        if step.status == "dikembalikan" and before == "disetujui":
            label = "Dibuka kembali"
        rows.append(BarisRiwayat(label, step.pada, step.oleh, step.alasan))
        before = step.status
    return rows


COLUMNS: list[Column[BarisRiwayat]] = [
    Column("Langkah", lambda r: r.langkah),
    Column("Waktu", lambda r: r.waktu),
    Column("Oleh", lambda r: r.oleh),
    Column("Alasan / catatan", lambda r: r.alasan),
]


class RiwayatTable(QTableView):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model_: RowTableModel[BarisRiwayat] = RowTableModel(COLUMNS, self)
        self.setModel(self.model_)
        self.setObjectName("riwayatLaporan")
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setWordWrap(True)
        self.verticalHeader().setVisible(False)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)

    def set_info(self, info: LaporanInfo | None) -> None:
        self.model_.set_rows(rows_of(info))
        self.resizeRowsToContents()

    def texts(self) -> list[list[str]]:
        """The shown cells (for tests and accessibility checks)."""
        m = self.model_
        return [[str(m.index(r, c).data()) for c in range(m.columnCount())]
                for r in range(m.rowCount())]
