"""The activity list's table model over :class:`KegiatanRow` (plain rows from the service).

Rows of a locked month are grey with a padlock beside their status; drafts are in italics; a
referral says where it is edited. Sorting goes through ``SORT_ROLE`` (dates as ISO text, numbers
as numbers), so a proxy sorts by value, not by the shown text.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QIcon, QPainter, QPainterPath, QPen, QPixmap

from ...services import formatting
from ...services.kegiatan_daftar import KegiatanRow
from ..table_model import ROW_ROLE, SORT_ROLE, Index

COL_TANGGAL, COL_JUDUL, COL_FUNGSI, COL_BENTUK, COL_LOKASI, COL_STATUS = range(6)
COL_JAM, COL_PESERTA, COL_SASARAN, COL_FOTO = 6, 7, 8, 9
HEADERS = ("Tanggal", "Nama kegiatan", "Fungsi", "Bentuk", "Lokasi", "Status", "Jam",
           "Peserta L/P", "Sasaran", "Foto")
RIGHT = (COL_SASARAN, COL_FOTO)
LOCKED_COLOR = "#6b6b6b"

_lock: dict[int, QIcon] = {}


def lock_icon(size: int = 14) -> QIcon:
    """A small padlock, drawn (no icon file, no emoji font needed)."""
    if size not in _lock:
        pix = QPixmap(size, size)
        pix.fill(Qt.GlobalColor.transparent)
        p = QPainter(pix)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        color = QColor("#8a5800")
        s = float(size)
        p.setPen(QPen(color, max(1.5, s / 9)))
        shackle = QPainterPath()
        shackle.moveTo(s * 0.3, s * 0.5)
        shackle.lineTo(s * 0.3, s * 0.32)
        shackle.arcTo(QRectF(s * 0.3, s * 0.08, s * 0.4, s * 0.4), 180, -180)
        shackle.lineTo(s * 0.7, s * 0.5)
        p.drawPath(shackle)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(color)
        p.drawRoundedRect(QRectF(s * 0.15, s * 0.45, s * 0.7, s * 0.5), s * 0.08, s * 0.08)
        p.end()
        _lock[size] = QIcon(pix)
    return _lock[size]


def status_text(r: KegiatanRow) -> str:
    text = r.status
    if r.nomor_rujukan:
        text = f"Rujukan, {text.lower()}"
    return f"{text}, terkunci" if r.terkunci else text


def _display(r: KegiatanRow, col: int) -> str:
    if col == COL_TANGGAL:
        return formatting.tanggal(r.tanggal)
    if col == COL_JAM:
        return r.jam
    if col == COL_JUDUL:
        return r.judul
    if col == COL_FUNGSI:
        return r.fungsi
    if col == COL_BENTUK:
        return r.bentuk
    if col == COL_LOKASI:
        return r.lokasi
    if col == COL_PESERTA:
        return f"{formatting.angka(r.peserta_l)} / {formatting.angka(r.peserta_p)}"
    if col == COL_SASARAN:
        return formatting.angka(r.jumlah_sasaran) if r.jumlah_sasaran else ""
    if col == COL_FOTO:
        return formatting.angka(r.jumlah_foto) if r.jumlah_foto else ""
    return status_text(r)


def _sort(r: KegiatanRow, col: int) -> Any:
    if col == COL_TANGGAL:
        return f"{r.tanggal.isoformat()} {r.jam}"
    if col == COL_PESERTA:
        return r.peserta
    if col == COL_SASARAN:
        return r.jumlah_sasaran
    if col == COL_FOTO:
        return r.jumlah_foto
    return _display(r, col).lower()


def _tooltip(r: KegiatanRow, col: int) -> str:
    lines = [f"{r.judul} ({formatting.tanggal_hari(r.tanggal)})", f"{r.fungsi}: {r.bentuk}"]
    if r.program:
        lines.append(f"Program: {r.program}")
    if col == COL_PESERTA:
        lines.append(f"Peserta: {r.peserta_l} laki-laki, {r.peserta_p} perempuan")
    if r.mitra:
        lines.append(f"Mitra: {r.mitra}")
    if r.tksk:
        lines.append(f"TKSK: {r.tksk}")
    if r.nomor_rujukan:
        lines.append(f"Rujukan nomor {r.nomor_rujukan}: diubah lewat tab Rujukan.")
    if r.terkunci:
        lines.append("Bulan ini terkunci: laporan bulanannya sudah diajukan atau disetujui.")
    return "\n".join(lines)


class KegiatanModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[KegiatanRow] = []

    def set_rows(self, rows: Sequence[KegiatanRow]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> KegiatanRow:
        return self.rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        r, col = self.rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return _display(r, col)
        if role == SORT_ROLE:
            return _sort(r, col)
        if role == ROW_ROLE:
            return r
        if role == Qt.ItemDataRole.ToolTipRole:
            return _tooltip(r, col)
        if role == Qt.ItemDataRole.TextAlignmentRole and col in RIGHT:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and r.terkunci:
            return QBrush(QColor(LOCKED_COLOR))
        if role == Qt.ItemDataRole.DecorationRole and col == COL_STATUS and r.terkunci:
            return lock_icon()
        if role == Qt.ItemDataRole.FontRole and r.status.lower() == "draf":
            font = QFont()
            font.setItalic(True)
            return font
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return HEADERS[section] if 0 <= section < len(HEADERS) else None
        return str(section + 1)
