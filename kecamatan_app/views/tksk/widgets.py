"""Pieces the TKSK screens share: choice boxes whose first item means "not yet known", a required
date that starts empty, the colours and markers of a Pasal 9 result, and a table model that puts
the marker beside a result."""

from __future__ import annotations

import datetime as dt
import importlib
import importlib.util
from collections.abc import Callable, Sequence
from types import ModuleType
from typing import Any

from PySide6.QtCore import QDate, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFocusEvent,
    QIcon,
    QKeyEvent,
    QPainter,
    QPainterPath,
    QPen,
    QPixmap,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QHeaderView,
    QLabel,
    QStyle,
    QTableView,
    QWidget,
)

from ...services import eligibility as el
from ..pengaturan.common import DATE_DISPLAY, from_qdate, to_qdate
from ..table_model import Column, Index, RowTableModel

UNKNOWN = "(belum diketahui)"

#: (text colour, background) per criterion result and per overall result.
COLORS: dict[str, tuple[str, str]] = {
    el.MEMENUHI: ("#17693a", "#e2f3e7"),
    el.TIDAK: ("#b00020", "#fde6e9"),
    el.BELUM: ("#8a5800", "#fff2d1"),
}
OVERALL_TO_CRITERION = {
    el.MEMENUHI_SYARAT: el.MEMENUHI,
    el.TIDAK_MEMENUHI_SYARAT: el.TIDAK,
    el.BELUM_LENGKAP: el.BELUM,
}
HASIL_FILTER: tuple[tuple[str, str | None], ...] = (
    ("Semua", None),
    ("Memenuhi syarat", el.MEMENUHI_SYARAT),
    ("Tidak memenuhi syarat", el.TIDAK_MEMENUHI_SYARAT),
    ("Belum lengkap", el.BELUM_LENGKAP),
)


def colors(hasil: str) -> tuple[str, str]:
    """Colours of a criterion result or an overall result."""
    return COLORS[OVERALL_TO_CRITERION.get(hasil, hasil)]


_icons: dict[tuple[str, int], QIcon] = {}


def hasil_icon(hasil: str, size: int = 16) -> QIcon:
    """A filled circle in the result's colour with a tick, a cross or a question mark: the
    result reads by shape as well as colour."""
    kind = OVERALL_TO_CRITERION.get(hasil, hasil)
    key = (kind, size)
    if key not in _icons:
        pixmap = QPixmap(size, size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(COLORS[kind][0]))
        painter.drawEllipse(QRectF(0.5, 0.5, size - 1, size - 1))
        pen = QPen(QColor("white"), max(1.6, size / 8))
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        painter.setPen(pen)
        s = float(size)
        path = QPainterPath()
        if kind == el.MEMENUHI:
            path.moveTo(QPointF(s * 0.27, s * 0.52))
            path.lineTo(QPointF(s * 0.44, s * 0.69))
            path.lineTo(QPointF(s * 0.74, s * 0.33))
        elif kind == el.TIDAK:
            path.moveTo(QPointF(s * 0.32, s * 0.32))
            path.lineTo(QPointF(s * 0.68, s * 0.68))
            path.moveTo(QPointF(s * 0.68, s * 0.32))
            path.lineTo(QPointF(s * 0.32, s * 0.68))
        else:
            font = painter.font()
            font.setBold(True)
            font.setPixelSize(int(s * 0.72))
            painter.setFont(font)
            painter.drawText(QRectF(0, 0, s, s), Qt.AlignmentFlag.AlignCenter, "?")
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(path)
        painter.end()
        _icons[key] = QIcon(pixmap)
    return _icons[key]


def banner_style(hasil: str) -> str:
    fg, bg = colors(hasil)
    return (
        f"QLabel {{ color: {fg}; background: {bg}; border: 1px solid {fg}; "
        "border-radius: 4px; padding: 8px 10px; font-weight: bold; }"
    )


def note_label(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet("color: palette(placeholder-text);")
    return label


def optional_module(name: str) -> ModuleType | None:
    """A service module another part of the team may not have delivered yet."""
    full = f"kecamatan_app.services.{name}"
    try:
        if importlib.util.find_spec(full) is None:
            return None
    except ImportError:
        return None
    return importlib.import_module(full)


class ChoiceCombo(QComboBox):
    """A fixed list of (text, value); the first item, "(belum diketahui)", is the value None."""

    def __init__(
        self,
        choices: Sequence[tuple[str, Any]],
        unknown: str | None = UNKNOWN,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        if unknown is not None:
            self.addItem(unknown, None)
        for text, value in choices:
            self.addItem(text, value)

    def value(self) -> Any:
        return self.itemData(self.currentIndex()) if self.currentIndex() >= 0 else None

    def set_value(self, value: Any) -> None:
        for i in range(self.count()):
            data = self.itemData(i)
            if data is value or (type(data) is type(value) and data == value):
                self.setCurrentIndex(i)
                return
        self.setCurrentIndex(0)


def plain_choices(values: Sequence[str]) -> list[tuple[str, str]]:
    return [(v, v) for v in values]


def date_edit(value: dt.date | None = None) -> QDateEdit:
    edit = QDateEdit()
    edit.setCalendarPopup(True)
    edit.setDisplayFormat(DATE_DISPLAY)
    edit.calendarWidget().setFirstDayOfWeek(Qt.DayOfWeek.Monday)
    edit.setDate(to_qdate(value or dt.date.today()))
    return edit


class RequiredDate(QDateEdit):
    """A date that must be filled in and starts empty ("belum diisi"): a form never saves a
    default date nobody typed. On entering the field it offers ``start`` with the day selected,
    so the clerk types the digits (DDMMYYYY) or picks a day from the calendar."""

    EMPTY_TEXT = "belum diisi"

    def __init__(self, start: dt.date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.start = start
        self.setCalendarPopup(True)
        self.setDisplayFormat(DATE_DISPLAY)
        self.calendarWidget().setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        self.setMinimumDate(QDate(1900, 1, 1))
        self.setSpecialValueText(self.EMPTY_TEXT)
        self._empty = True
        self.calendarWidget().clicked.connect(self._filled)
        self.set_value(None)

    def value(self) -> dt.date | None:
        return None if self._empty else from_qdate(self.date())

    def set_value(self, value: dt.date | None) -> None:
        self._empty = value is None
        self.setSpecialValueText(self.EMPTY_TEXT if value is None else "")
        self.setDate(self.minimumDate() if value is None else to_qdate(value))

    def _filled(self) -> None:
        if self._empty:
            self._empty = False
            self.setSpecialValueText("")
            self.dateChanged.emit(self.date())

    def _offer_start(self) -> None:
        if self._empty and self.date() == self.minimumDate():
            self.blockSignals(True)
            self.setSpecialValueText("")
            self.setDate(to_qdate(self.start))
            self.blockSignals(False)
            self.setSelectedSection(QDateEdit.Section.DaySection)

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self._offer_start()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        self._offer_start()
        if event.text().isdigit() or event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            self._filled()
        super().keyPressEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        if event.reason() == Qt.FocusReason.PopupFocusReason:
            return  # the calendar opened: the clerk is choosing a day
        if self._empty:  # entered and left without typing: still empty
            self.set_value(None)


class RowModel(RowTableModel[Any]):
    """A row table whose cells also show their whole text as a tooltip (long columns are
    capped in width by :func:`fit_columns`)."""

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole:
            text = super().data(index, Qt.ItemDataRole.DisplayRole)
            return text or None
        return super().data(index, role)


class MarkedModel(RowModel):
    """A row table whose column ``marked`` shows the Pasal 9 marker of ``hasil(row)``."""

    def __init__(
        self,
        columns: Sequence[Column[Any]],
        marked: int,
        hasil: Callable[[Any], str],
        parent: Any = None,
    ) -> None:
        super().__init__(columns, parent)
        self.marked, self.hasil = marked, hasil

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (
            index.isValid()
            and index.column() == self.marked
            and index.row() < len(self.rows)
            and role in (Qt.ItemDataRole.DecorationRole, Qt.ItemDataRole.ForegroundRole)
        ):
            value = self.hasil(self.rows[index.row()])
            if role == Qt.ItemDataRole.DecorationRole:
                return hasil_icon(value)
            return QColor(colors(value)[0])
        return super().data(index, role)


def fit_columns(view: QTableView, max_width: int = 280) -> None:
    """Columns as wide as their contents, but none wider than ``max_width`` (the tooltip shows
    the rest); the user may still drag them wider."""
    view.resizeColumnsToContents()
    header = view.horizontalHeader()
    for i in range(header.count()):
        if header.sectionSize(i) > max_width:
            header.resizeSection(i, max_width)


class CompactHeader(QHeaderView):
    """A header that keeps room for the sort arrow only in the sorted column, so a dense list
    (eleven columns) fits the window; the columns are fitted again when the sort changes."""

    def sectionSizeFromContents(self, logicalIndex: int) -> QSize:
        size = super().sectionSizeFromContents(logicalIndex)
        if self.isSortIndicatorShown() and logicalIndex != self.sortIndicatorSection():
            margin = self.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, self)
            size.setWidth(max(size.width() - size.height() - margin, 24))
        return size


def table_view(model: Any) -> QTableView:
    """A read-only, row-selecting, sortable table (sort through ``SORT_ROLE`` of a proxy) whose
    columns fit their contents whenever the rows change."""
    view = QTableView()
    header = CompactHeader(Qt.Orientation.Horizontal, view)
    header.setSectionsClickable(True)
    header.setHighlightSections(True)
    view.setHorizontalHeader(header)
    view.setModel(model)
    view.setSortingEnabled(True)
    view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # the service's order first
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(True)
    view.verticalHeader().setVisible(False)
    view.setWordWrap(False)
    model.modelReset.connect(lambda: fit_columns(view))
    header.sortIndicatorChanged.connect(lambda *_: fit_columns(view))
    return view
