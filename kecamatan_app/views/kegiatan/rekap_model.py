"""Table models of the Rekap tab: referrals per agency and status (the seed 002 table for any
period), and activities per function and form per desa. Both show the services' numbers as they
are; the last row (the total) is bold."""

from __future__ import annotations

import textwrap
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from ...services.formatting import angka
from ...services.rekap_kegiatan import Baris, RekapKegiatan
from ...services.rujukan import STATUS
from ...services.rujukan_daftar import RekapInstansi
from ..table_model import SORT_ROLE, Index
from .rujukan_model import TERLAMBAT_FG

ZERO_FG = "#9aa3ad"
#: Alternating light bands that group the forms of one function.
BANDS = ("#f4f7fb", "#fbf8f1")

#: Columns of the referral recap after the agency name.
STATUS_KODE = list(STATUS)
COL_INSTANSI = 0
COL_BERHASIL = 1 + len(STATUS_KODE)
COL_TIDAK_BERHASIL = COL_BERHASIL + 1
COL_TERLAMBAT = COL_BERHASIL + 2
COL_JUMLAH = COL_BERHASIL + 3
INSTANSI_HEADERS = ("Instansi tujuan", *STATUS.values(), "Berhasil", "Tidak berhasil",
                    "Terlambat", "Jumlah")


def _bold() -> QFont:
    font = QFont()
    font.setBold(True)
    return font


_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


class RekapInstansiModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[RekapInstansi] = []

    def set_rows(self, rows: list[RekapInstansi]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(INSTANSI_HEADERS)

    def value(self, row: int, col: int) -> Any:
        r = self.rows[row]
        if col == COL_INSTANSI:
            return r.instansi
        if col < COL_BERHASIL:
            return r.per_status.get(STATUS_KODE[col - 1], 0)
        return (r.berhasil, r.tidak_berhasil, r.terlambat, r.jumlah)[col - COL_BERHASIL]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row, col = index.row(), index.column()
        value = self.value(row, col)
        total = row == len(self.rows) - 1
        if role == Qt.ItemDataRole.DisplayRole:
            return angka(value) if isinstance(value, int) else str(value)
        if role == SORT_ROLE:
            return value
        if role == Qt.ItemDataRole.TextAlignmentRole and col != COL_INSTANSI:
            return _RIGHT
        if role == Qt.ItemDataRole.FontRole and (total or col == COL_JUMLAH):
            return _bold()
        if role == Qt.ItemDataRole.ForegroundRole and col != COL_INSTANSI:
            if col == COL_TERLAMBAT and value:
                return QBrush(QColor(TERLAMBAT_FG))
            if value == 0:
                return QBrush(QColor(ZERO_FG))
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(INSTANSI_HEADERS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return INSTANSI_HEADERS[section]
        if role == Qt.ItemDataRole.ToolTipRole and section == COL_TERLAMBAT:
            return "Masih terbuka dan sudah melewati tenggat jawaban instansi (hari ini)"
        return None


class RekapKegiatanModel(QAbstractTableModel):
    """Rows: each desa, "Tingkat kecamatan", then "Jumlah"; columns: the desa, each form (its
    function above its name in the header), then the row total."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rekap: RekapKegiatan | None = None
        self.lines: list[Baris] = []
        self.bands: list[int] = []

    def set_rekap(self, rekap: RekapKegiatan) -> None:
        self.beginResetModel()
        self.rekap = rekap
        self.lines = [*rekap.baris, rekap.total]
        self.bands = []
        band, last = -1, None
        for k in rekap.kolom:
            if k.fungsi != last:
                band, last = band + 1, k.fungsi
            self.bands.append(band)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.lines)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() or self.rekap is None:
            return 0
        return len(self.rekap.kolom) + 2

    def value(self, row: int, col: int) -> Any:
        assert self.rekap is not None
        line = self.lines[row]
        if col == 0:
            return line.desa
        if col == len(self.rekap.kolom) + 1:
            return line.jumlah
        return line.sel.get(self.rekap.kolom[col - 1].bentuk_id, 0)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self.rekap is None or not 0 <= index.row() < len(self.lines):
            return None
        row, col = index.row(), index.column()
        value = self.value(row, col)
        total = row == len(self.lines) - 1
        last_col = col == len(self.rekap.kolom) + 1
        if role == Qt.ItemDataRole.DisplayRole:
            return angka(value) if isinstance(value, int) else str(value)
        if role == SORT_ROLE:
            return value
        if role == Qt.ItemDataRole.TextAlignmentRole and col:
            return _RIGHT
        if role == Qt.ItemDataRole.FontRole and (total or last_col):
            return _bold()
        if role == Qt.ItemDataRole.ForegroundRole and col and value == 0:
            return QBrush(QColor(ZERO_FG))
        if role == Qt.ItemDataRole.BackgroundRole and col and not last_col and not total:
            return QBrush(QColor(BANDS[self.bands[col - 1] % len(BANDS)]))
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or self.rekap is None:
            return None
        n = len(self.rekap.kolom)
        if not 0 <= section < n + 2:
            return None
        if section == 0:
            text, tip = "Desa/kelurahan", ""
        elif section == n + 1:
            text, tip = "Jumlah", "Kegiatan di beberapa desa dihitung di tiap desa"
        else:
            k = self.rekap.kolom[section - 1]
            text = k.fungsi.upper() + "\n" + "\n".join(textwrap.wrap(k.bentuk, 14))
            tip = f"{k.fungsi}: {k.bentuk}"
        if role == Qt.ItemDataRole.DisplayRole:
            return text
        if role == Qt.ItemDataRole.ToolTipRole:
            return tip or None
        return None
