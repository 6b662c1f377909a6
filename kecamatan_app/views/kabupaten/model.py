"""A read-only grid of prepared cells (text, sort value, colour, tool tip) for the kabupaten
dashboard's tables, and the proxy that filters kecamatan by name and keeps the total rows at the
bottom whatever the sort."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtGui import QColor, QFont

from ..table_model import SORT_ROLE, FlatTableModel, Index

KEY_ROLE = Qt.ItemDataRole.UserRole + 3


@dataclass(frozen=True)
class Sel:
    text: str
    sort: Any = None  # None: sort by the text
    warna: str = ""  # background as hex (e.g. "C8E6C9"); "" none
    tip: str = ""
    kanan: bool = False  # a number: aligned right


def angka_sel(n: int, tip: str = "") -> Sel:
    from ...services.formatting import angka

    return Sel(angka(n) if n else "-", n, tip=tip, kanan=True)


class GridModel(FlatTableModel):
    """Rows of :class:`Sel`; each row has a key (e.g. the kecamatan id; None for a total row,
    shown in bold and never filtered out)."""

    ROW_NUMBERS = False

    def __init__(self, headers: list[str], parent: Any = None) -> None:
        super().__init__(parent)
        self.headers = list(headers)
        self.rows: list[list[Sel]] = []
        self.keys: list[object] = []

    def set_rows(self, rows: list[list[Sel]], keys: list[object],
                 headers: list[str] | None = None) -> None:
        self.beginResetModel()
        if headers is not None:
            self.headers = list(headers)
        self.rows, self.keys = rows, keys
        self.endResetModel()

    def is_total(self, row: int) -> bool:
        return self.keys[row] is None

    def titles(self) -> list[str]:
        return self.headers

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        row = self.rows[index.row()]
        if index.column() >= len(row):
            return None
        cell = row[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return cell.text
        if role == SORT_ROLE:
            return cell.text.lower() if cell.sort is None else cell.sort
        if role == Qt.ItemDataRole.BackgroundRole and cell.warna:
            return QColor("#" + cell.warna)
        if role == Qt.ItemDataRole.ForegroundRole and cell.warna:
            return QColor("#1f2933")  # readable on the light fills in any theme
        if role == Qt.ItemDataRole.ToolTipRole and cell.tip:
            return cell.tip
        if role == Qt.ItemDataRole.TextAlignmentRole:
            horizontal = Qt.AlignmentFlag.AlignRight if cell.kanan else (
                Qt.AlignmentFlag.AlignLeft if index.column() == 0
                else Qt.AlignmentFlag.AlignHCenter)
            return int(horizontal | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and self.is_total(index.row()):
            font = QFont()
            font.setBold(True)
            return font
        if role == KEY_ROLE:
            return self.keys[index.row()]
        return None

    def text(self, row: int, column: int) -> str:
        return self.rows[row][column].text


class GridProxy(QSortFilterProxyModel):
    """Filters the rows by the text of column 0 (case-insensitive); total rows always stay,
    and stay last."""

    def __init__(self, source: GridModel, parent: Any = None) -> None:
        super().__init__(parent)
        self.setSourceModel(source)
        self.setSortRole(SORT_ROLE)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterKeyColumn(0)
        self.grid = source

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        if self.grid.is_total(source_row):
            return True
        return super().filterAcceptsRow(source_row, source_parent)

    def lessThan(self, left: Index, right: Index) -> bool:
        lt, rt = self.grid.is_total(left.row()), self.grid.is_total(right.row())
        if lt or rt:
            ascending = self.sortOrder() == Qt.SortOrder.AscendingOrder
            if lt and not rt:
                return not ascending
            if rt and not lt:
                return ascending
            return left.row() < right.row()
        a, b = left.data(SORT_ROLE), right.data(SORT_ROLE)
        if type(a) is not type(b):
            return str(a) < str(b)
        return bool(a < b)

    def shown_keys(self) -> list[object]:
        """The keys of the rows shown (not the totals), in the order shown."""
        out = []
        for r in range(self.rowCount()):
            key = self.index(r, 0).data(KEY_ROLE)
            if key is not None:
                out.append(key)
        return out
