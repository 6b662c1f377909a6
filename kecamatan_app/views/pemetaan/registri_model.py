"""The lazy table model of the registry: 100 rows first, then 500 a batch, through
``registri.search`` (the first screen shows about 25 rows, so a small first batch paints sooner).

200,000 persons never sit in memory: the view asks ``canFetchMore``/``fetchMore`` as the user
scrolls, and each batch is one page of the service's search (masked NIK only).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from ...services import registri
from ...services.context import Actor
from ...services.registri import SearchFilter, WargaRow

Index = QModelIndex | QPersistentModelIndex
FIRST_BATCH = 100
BATCH = 500
ROW_ROLE = Qt.ItemDataRole.UserRole + 2

COL_NIK, COL_NAMA, COL_JK, COL_UMUR, COL_DESA, COL_KATEGORI, COL_STATUS = range(7)
COL_REGISTER, COL_BANTUAN = 7, 8
HEADERS = ("NIK", "Nama", "L/P", "Umur", "Desa", "Kategori PPKS", "Status", "Register", "Bantuan")


def _value(r: WargaRow, col: int) -> Any:
    return (
        r.nik,
        r.nama + (" (meninggal)" if r.meninggal else ""),
        r.jenis_kelamin,
        "" if r.umur is None else r.umur,
        r.desa,
        r.kategori,
        r.status,
        r.register,
        r.bantuan,
    )[col]


class RegistriModel(QAbstractTableModel):
    def __init__(self, actor: Actor, parent: Any = None) -> None:
        super().__init__(parent)
        self.actor = actor
        self.filter = SearchFilter()
        self.rows: list[WargaRow] = []
        self.total = 0
        self._more = False

    def set_filter(self, f: SearchFilter) -> None:
        """Start again with ``f``: count the matches, fetch the first batch. Raises the service's
        errors (e.g. PermissionDenied for a specific-data category)."""
        total = registri.count(self.actor, f)
        self.beginResetModel()
        self.filter, self.rows, self.total, self._more = f, [], total, total > 0
        self.endResetModel()
        if self._more:
            self.fetchMore(QModelIndex())

    def row_at(self, row: int) -> WargaRow:
        return self.rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def canFetchMore(self, parent: Index) -> bool:
        return not parent.isValid() and self._more

    def fetchMore(self, parent: Index) -> None:
        if parent.isValid() or not self._more:
            return
        size = BATCH if self.rows else FIRST_BATCH
        batch = registri.search(self.actor, self.filter, len(self.rows), size)
        self._more = len(batch) == size
        if not batch:
            return
        start = len(self.rows)
        self.beginInsertRows(QModelIndex(), start, start + len(batch) - 1)
        self.rows.extend(batch)
        self.endInsertRows()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        r = self.rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return str(_value(r, index.column()))
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == COL_UMUR:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == ROW_ROLE:
            return r
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(HEADERS)
        ):
            return HEADERS[section]
        return None
