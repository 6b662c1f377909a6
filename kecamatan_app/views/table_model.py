"""A read-only table model over plain rows (dataclasses), with column definitions, and the base
that it and the other flat table models share."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from ..services import formatting

T = TypeVar("T")
Index = QModelIndex | QPersistentModelIndex

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ROW_ROLE = Qt.ItemDataRole.UserRole + 2


@dataclass(frozen=True)
class Column(Generic[T]):
    title: str
    value: Callable[[T], Any]
    align_right: bool = False


def display(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Ya" if value else "Tidak"
    if isinstance(value, dt.datetime):
        return formatting.waktu(value)
    if isinstance(value, dt.date):
        return formatting.tanggal(value)
    if isinstance(value, int):
        return formatting.angka(value)
    return str(value)


class FlatTableModel(QAbstractTableModel):
    """What the flat read-only table models share: the rows of ``rows`` (nothing below them),
    a column per title of :meth:`titles`, and the rows numbered on the vertical header unless
    ``ROW_NUMBERS`` is False. A subclass gives :meth:`data`."""

    ROW_NUMBERS = True
    rows: Sequence[Any]

    def titles(self) -> Sequence[str]:
        raise NotImplementedError

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.titles())

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            titles = self.titles()
            return titles[section] if section < len(titles) else None
        return str(section + 1) if self.ROW_NUMBERS else None


class RowTableModel(FlatTableModel, Generic[T]):
    """Rows are plain objects; each column reads one value. Sort through ``SORT_ROLE``."""

    def __init__(self, columns: Sequence[Column[T]], parent: Any = None) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self.rows: list[T] = []

    def titles(self) -> list[str]:
        return [c.title for c in self.columns]

    def set_rows(self, rows: Sequence[T]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> T:
        return self.rows[row]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        col = self.columns[index.column()]
        item = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return display(col.value(item))
        if role == SORT_ROLE:
            value = col.value(item)
            if value is None:
                return ""
            if isinstance(value, (dt.date, dt.datetime)):
                return value.isoformat()
            return value if isinstance(value, (int, float)) else str(value).lower()
        if role == ROW_ROLE:
            return item
        if role == Qt.ItemDataRole.TextAlignmentRole and col.align_right:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None
