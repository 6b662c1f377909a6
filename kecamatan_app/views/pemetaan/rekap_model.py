"""Pemetaan Sosial > Rekap PPKS/PSKS, the grid itself: the period chooser, the table model (the
desa and TKSK numbers side by side, pending edits, totals, highlights) and the spreadsheet-like
view (Enter down, Tab right, Del clears, paste a block). The tab around them is
:mod:`.rekap_tab`, which re-exports these names."""

from __future__ import annotations

import datetime as dt
import textwrap
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QTableView,
    QWidget,
)

from ...services import rekap
from ...services.formatting import angka, nama_bulan
from ..table_model import Index

ORANGE, YELLOW, GREY, BAND = "#ffd8a8", "#fff3b0", "#e9edf2", "#f5f8fc"
SIDES = (rekap.DESA, rekap.TEMUAN)


class PeriodeChooser(QWidget):
    """Year spin box and a period box: Setahun, Semester 1-2 or a month."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(dt.date.today().year)
        self.kind = QComboBox()
        self.kind.addItems(["Setahun", "Semester 1", "Semester 2"])
        self.kind.addItems([nama_bulan(b) for b in range(1, 13)])
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        for text, w in (("&Tahun:", self.year), ("&Periode:", self.kind)):
            label = QLabel(text)
            label.setBuddy(w)
            row.addWidget(label)
            row.addWidget(w)
        self.year.valueChanged.connect(self.changed)
        self.kind.currentIndexChanged.connect(self.changed)

    def periode(self) -> rekap.Periode:
        i = self.kind.currentIndex()
        return rekap.Periode(self.year.value(), i if i in (1, 2) else 0, i - 2 if i > 2 else 0)

    def set_periode(self, p: rekap.Periode) -> None:
        self.blockSignals(True)
        self.year.setValue(p.tahun)
        self.kind.setCurrentIndex(p.semester or (p.bulan + 2 if p.bulan else 0))
        self.blockSignals(False)


class RekapModel(QAbstractTableModel):
    """Rows: desa then "Jumlah"; columns: (Desa, TKSK) per category, then the row totals."""

    refused = Signal(str)
    pending_changed = Signal(int)

    def __init__(self, editable: bool, parent: Any = None) -> None:
        super().__init__(parent)
        self.editable = editable
        self.grid: rekap.Grid | None = None
        self.pending: dict[tuple[int, int, str], int | None] = {}

    def set_grid(self, grid: rekap.Grid) -> None:
        self.beginResetModel()
        self.grid, self.pending = grid, {}
        self.endResetModel()
        self.pending_changed.emit(0)

    def changes(self) -> list[rekap.CellChange]:
        return [rekap.CellChange(d, k, s, v) for (d, k, s), v in self.pending.items()]

    def revert(self) -> None:
        if self.grid is not None:
            self.set_grid(self.grid)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or self.grid is None else len(self.grid.desa) + 1

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or self.grid is None else 2 * len(self.grid.kategori) + 2

    def _where(self, row: int, col: int) -> tuple[int | None, int | None, str]:
        assert self.grid is not None
        d = self.grid.desa[row].id if row < len(self.grid.desa) else None
        k = self.grid.kategori[col // 2].id if col // 2 < len(self.grid.kategori) else None
        return d, k, SIDES[col % 2]

    def value(self, row: int, col: int) -> int | None:
        d, k, side = self._where(row, col)
        if d is not None and k is not None:
            return self._cell(d, k, side)
        assert self.grid is not None
        desas = [d] if d is not None else [x.id for x in self.grid.desa]
        kats = [k] if k is not None else [x.id for x in self.grid.kategori]
        total = 0
        for dd in desas:
            for kk in kats:
                total += self._cell(dd, kk, side) or 0
        return total

    def _cell(self, d: int, k: int, side: str) -> int | None:
        if (d, k, side) in self.pending:
            return self.pending[(d, k, side)]
        assert self.grid is not None
        return self.grid.cell(d, k).nilai(side)

    def differs(self, row: int, col: int) -> bool:
        pair = col - col % 2
        a, b = self.value(row, pair), self.value(row, pair + 1)
        return a is not None and b is not None and a != b

    def is_total(self, row: int, col: int) -> bool:
        d, k, _ = self._where(row, col)
        return d is None or k is None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self.grid is None:
            return None
        r, c = index.row(), index.column()
        v = self.value(r, c)
        d, k, side = self._where(r, c)
        if role == Qt.ItemDataRole.DisplayRole:
            return "" if v is None else angka(v)
        if role == Qt.ItemDataRole.EditRole:
            return "" if v is None else str(v)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and self.is_total(r, c):
            font = QFont()
            font.setBold(True)
            return font
        pending = (d, k, side) in self.pending
        if role == Qt.ItemDataRole.BackgroundRole:
            if pending:
                return QBrush(QColor(YELLOW))
            if self.is_total(r, c):
                return QBrush(QColor(GREY))
            if self.differs(r, c):
                return QBrush(QColor(ORANGE))
            return QBrush(QColor(BAND)) if (c // 2) % 2 else None
        if role == Qt.ItemDataRole.ToolTipRole:
            tips = ["Belum disimpan."] if pending else []
            if self.differs(r, c) and not self.is_total(r, c):
                pair = c - c % 2
                a, b = self.value(r, pair) or 0, self.value(r, pair + 1) or 0
                tips.append(
                    f"Berbeda: dilaporkan desa {angka(a)}, temuan TKSK {angka(b)} "
                    f"(selisih {angka(abs(b - a))})."
                )
            return "\n".join(tips) or None
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if self.grid is None or role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
        ):
            return None
        if orientation == Qt.Orientation.Vertical:
            if section >= len(self.grid.desa):
                return "Jumlah"
            return self.grid.desa[section].nama
        side = "Desa" if section % 2 == 0 else "TKSK"
        if section // 2 >= len(self.grid.kategori):
            if role == Qt.ItemDataRole.ToolTipRole:
                return "Jumlah semua jenis pada baris ini (satuan jiwa, KK dan lembaga bercampur)"
            return f"Jumlah\n\n\n{side}"
        k = self.grid.kategori[section // 2]
        if role == Qt.ItemDataRole.ToolTipRole:
            who = "dilaporkan desa" if side == "Desa" else "temuan TKSK"
            return f"{k.jenis} {k.label} ({k.satuan}): {who}"
        lines = textwrap.wrap(k.label, 13, break_long_words=False)
        if len(lines) > 3:
            lines = [*lines[:2], lines[2][:11] + "…"]
        return "\n".join(lines + [""] * (3 - len(lines)) + [f"{side} ({k.satuan})"])

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return super().flags(index)
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.editable and not self.is_total(index.row(), index.column()):
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        if not self.flags(index) & Qt.ItemFlag.ItemIsEditable:
            return False
        try:
            number = rekap.parse_jumlah(value)
        except ValueError as exc:
            self.refused.emit(str(exc))
            return False
        d, k, side = self._where(index.row(), index.column())
        assert d is not None and k is not None and self.grid is not None
        key = (d, k, side)
        if number == self.grid.cell(d, k).nilai(side):
            self.pending.pop(key, None)
        else:
            self.pending[key] = number
        last = self.index(self.rowCount() - 1, self.columnCount() - 1)
        self.dataChanged.emit(self.index(0, 0), last)  # totals and highlights move too
        self.pending_changed.emit(len(self.pending))
        return True


class GridView(QTableView):
    """Enter moves down, Tab right; Del clears the selection; Ctrl+V pastes a block."""

    def __init__(self, model: RekapModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModel(model)
        self.rekap = model
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.horizontalHeader().setDefaultSectionSize(62)
        self.horizontalHeader().setMinimumSectionSize(40)
        self.verticalHeader().setDefaultSectionSize(24)

    def _down(self) -> None:
        cur = self.currentIndex()
        if cur.isValid() and cur.row() + 1 < self.rekap.rowCount():
            self.setCurrentIndex(cur.siblingAtRow(cur.row() + 1))

    def closeEditor(self, editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:
        if hint == QAbstractItemDelegate.EndEditHint.SubmitModelCache:  # Enter
            super().closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)
            self._down()
            return
        super().closeEditor(editor, hint)

    def keyPressEvent(self, event: Any) -> None:
        editing = self.state() == QAbstractItemView.State.EditingState
        if not editing and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._down()
        elif not editing and event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            for index in self.selectedIndexes():
                self.rekap.setData(index, None)
        elif event.matches(QKeySequence.StandardKey.Paste):
            self.paste(QGuiApplication.clipboard().text())
        elif event.matches(QKeySequence.StandardKey.Copy):
            rows = sorted({i.row() for i in self.selectedIndexes()})
            cols = sorted({i.column() for i in self.selectedIndexes()})
            QGuiApplication.clipboard().setText(
                "\n".join(
                    "\t".join(
                        str(self.rekap.index(r, c).data(Qt.ItemDataRole.EditRole)) for c in cols
                    )
                    for r in rows
                )
            )
        else:
            super().keyPressEvent(event)

    def paste(self, text: str) -> int:
        """Paste tab-separated lines from the current cell on; all or none. Returns cells set."""
        start = self.currentIndex()
        if not start.isValid():
            return 0
        cells = []
        for dr, line in enumerate(text.rstrip("\r\n").split("\n")):
            for dc, raw in enumerate(line.rstrip("\r").split("\t")):
                index = self.rekap.index(start.row() + dr, start.column() + dc)
                if index.isValid() and self.rekap.flags(index) & Qt.ItemFlag.ItemIsEditable:
                    try:
                        rekap.parse_jumlah(raw)
                    except ValueError as exc:
                        self.rekap.refused.emit(f"Tidak ditempel: {exc}")
                        return 0
                    cells.append((index, raw))
        for index, raw in cells:
            self.rekap.setData(index, raw)
        return len(cells)
