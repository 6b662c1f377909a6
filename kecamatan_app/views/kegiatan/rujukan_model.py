"""Table models of the Rujukan tab: the referral list (overdue rows tinted red, with "Terlambat
N hari" in words so the flag does not rest on colour alone) and the dated history of one
referral. Both are plain rows from the services; the view sorts through ``SORT_ROLE``."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from ...services.rujukan import HASIL
from ...services.rujukan_daftar import Langkah, RujukanRow
from ...services.rujukan_pilihan import keterangan
from ..table_model import ROW_ROLE, SORT_ROLE, Index, display

#: Background of an overdue row and the text colour of its flag.
TERLAMBAT_BG = "#fde2e0"
TERLAMBAT_FG = "#a61b1b"
#: Background of the status cell of a referral finished with success.
SELESAI_BG = "#e3f4e1"

(
    COL_NOMOR,
    COL_TANGGAL,
    COL_KLIEN,
    COL_INSTANSI,
    COL_KEBUTUHAN,
    COL_STATUS,
    COL_KETERANGAN,
    COL_TENGGAT,
    COL_DESA,
    COL_NIK,
) = range(10)
HEADERS = (
    "Nomor surat",
    "Tanggal",
    "Klien",
    "Instansi tujuan",
    "Kebutuhan",
    "Status",
    "Keterangan",
    "Tenggat",
    "Desa",
    "NIK",
)


def _short(text: str, limit: int = 60) -> str:
    one = " ".join(text.split())
    return one if len(one) <= limit else one[: limit - 1] + "\u2026"


class _Rows(QAbstractTableModel):
    headers: tuple[str, ...] = ()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[Any] = []

    def set_rows(self, rows: list[Any]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> Any:
        return self.rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(self.headers)
        ):
            return self.headers[section]
        return None


def _sort_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value if isinstance(value, (int, float)) else str(value).lower()


class RujukanModel(_Rows):
    headers = HEADERS

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.today = dt.date.today()

    def set_rows(self, rows: list[Any]) -> None:
        self.today = dt.date.today()
        super().set_rows(rows)

    def value(self, r: RujukanRow, col: int) -> Any:
        return (
            r.nomor_surat,
            r.tanggal,
            r.klien,
            r.instansi,
            r.kebutuhan,
            f"{r.status_label} ({r.hasil.lower()})" if r.hasil else r.status_label,
            keterangan(r, self.today),
            r.jatuh_tempo,
            r.desa,
            r.nik,
        )[col]

    def overdue_count(self) -> int:
        return sum(1 for r in self.rows if r.terlambat_hari > 0)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        r: RujukanRow = self.rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            value = self.value(r, col)
            return _short(value) if col == COL_KEBUTUHAN else display(value)
        if role == Qt.ItemDataRole.ToolTipRole:
            if col in (COL_KEBUTUHAN, COL_KLIEN, COL_INSTANSI):
                return str(self.value(r, col))
            if col in (COL_KETERANGAN, COL_TENGGAT) and r.jatuh_tempo is not None:
                return f"Tenggat jawaban {display(r.jatuh_tempo)}"
            return None
        if role == SORT_ROLE:
            if col == COL_KETERANGAN:
                return r.terlambat_hari
            if col == COL_NOMOR:
                return f"{r.tanggal.isoformat()} {r.nomor_surat}"
            return _sort_value(self.value(r, col))
        if role == ROW_ROLE:
            return r
        if role == Qt.ItemDataRole.BackgroundRole:
            if r.terlambat_hari > 0:
                return QBrush(QColor(TERLAMBAT_BG))
            if col == COL_STATUS and r.hasil == HASIL["berhasil"]:
                return QBrush(QColor(SELESAI_BG))
            return None
        if role == Qt.ItemDataRole.ForegroundRole and r.terlambat_hari > 0 and col in (
            COL_TENGGAT,
            COL_KETERANGAN,
        ):
            return QBrush(QColor(TERLAMBAT_FG))
        if role == Qt.ItemDataRole.FontRole and r.terlambat_hari > 0 and col == COL_KETERANGAN:
            font = QFont()
            font.setBold(True)
            return font
        return None


(H_TANGGAL, H_STATUS, H_ALASAN, H_OLEH, H_DICATAT, H_BUKTI) = range(6)


class RiwayatModel(_Rows):
    """The dated steps of one referral, oldest first."""

    headers = ("Tanggal", "Status", "Alasan / keterangan", "Dicatat oleh", "Dicatat pada",
               "Bukti")

    def value(self, s: Langkah, col: int) -> Any:
        return (s.tanggal, s.status_label, s.alasan, s.oleh, s.dicatat_pada, s.bukti_nama)[col]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        s: Langkah = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return display(self.value(s, index.column()))
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == H_ALASAN and s.alasan:
            return s.alasan
        if role == SORT_ROLE:
            return _sort_value(self.value(s, index.column()))
        if role == ROW_ROLE:
            return s
        return None
