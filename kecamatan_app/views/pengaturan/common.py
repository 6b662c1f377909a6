"""Pieces the Pengaturan tabs share: a searchable sortable table, inline field errors, an
optional date, a Del shortcut and the "Ekspor ke Excel..." flow."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, QEvent, QObject, QSortFilterProxyModel, QStandardPaths, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QWidget,
)

from ...services import formatting
from ...services.errors import ValidationError
from .. import messages
from ..login import error_label, show_inline
from ..table_model import ROW_ROLE, SORT_ROLE, Column, RowTableModel
from ..tasks import Progress, Task, run_task

__all__ = ["error_label", "show_inline"]

DATE_DISPLAY = "dd-MM-yyyy"


class SearchableTable(QWidget):
    """A search box over a sortable table of plain rows; the search matches every column."""

    def __init__(
        self,
        columns: Sequence[Column[Any]],
        placeholder: str = "Cari...",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.model: RowTableModel[Any] = RowTableModel(columns, self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.proxy.setFilterKeyColumn(-1)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.search = QLineEdit()
        self.search.setPlaceholderText(placeholder)
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.proxy.setFilterFixedString)
        self.search_label = QLabel("&Cari:")
        self.search_label.setBuddy(self.search)
        self.view = QTableView()
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # the service's order first
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.verticalHeader().setVisible(False)
        self.count_label = QLabel("")
        self.proxy.modelReset.connect(self._update_count)
        self.proxy.rowsInserted.connect(self._update_count)
        self.proxy.rowsRemoved.connect(self._update_count)
        self.proxy.layoutChanged.connect(self._update_count)
        self.search_row = QHBoxLayout()
        self.search_row.addWidget(self.search_label)
        self.search_row.addWidget(self.search, 1)
        self.search_row.addWidget(self.count_label)

    def set_rows(self, rows: Sequence[Any], keep: Callable[[Any], object] | None = None) -> None:
        """Replace the rows; with ``keep`` (a row's key) the selected row stays selected."""
        current = self.selected()
        key = keep(current) if keep is not None and current is not None else None
        self.model.set_rows(rows)
        if key is not None and keep is not None:
            self.select_where(lambda r: keep(r) == key)

    def set_columns(self, columns: Sequence[Column[Any]], rows: Sequence[Any]) -> None:
        """Show other columns (another list) and their rows at once."""
        self.model.beginResetModel()
        self.model.columns = list(columns)
        self.model.rows = list(rows)
        self.model.endResetModel()

    def _update_count(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        self.count_label.setText(
            f"{shown} dari {total} baris" if shown != total else f"{total} baris"
        )

    def selected(self) -> Any:
        indexes = self.view.selectionModel().selectedRows()
        return indexes[0].data(ROW_ROLE) if indexes else None

    def select_where(self, match: Callable[[Any], bool]) -> bool:
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, 0)
            if match(index.data(ROW_ROLE)):
                self.view.selectRow(row)
                self.view.scrollTo(index)
                return True
        return False


class _DeleteKey(QObject):
    """Calls ``slot`` when Del is pressed in the watched widget."""

    def __init__(self, widget: QWidget, slot: Callable[[], None]) -> None:
        super().__init__(widget)
        self.slot = slot

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.matches(QKeySequence.StandardKey.Delete)
        ):
            self.slot()
            return True
        return False


def on_delete_key(widget: QWidget, slot: Callable[[], None]) -> QObject:
    """Del inside ``widget`` (e.g. a table) calls ``slot``, which must confirm first."""
    handler = _DeleteKey(widget, slot)
    widget.installEventFilter(handler)
    return handler


class OptionalDate(QWidget):
    """A check box that switches a date (with calendar pop-up) on or off."""

    def __init__(
        self, text: str, value: dt.date | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.check = QCheckBox(text)
        self.edit = QDateEdit()
        self.edit.setCalendarPopup(True)
        self.edit.setDisplayFormat(DATE_DISPLAY)
        self.edit.calendarWidget().setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.check)
        layout.addWidget(self.edit)
        layout.addStretch(1)
        self.check.toggled.connect(self.edit.setEnabled)
        self.setFocusProxy(self.check)
        self.set_value(value)

    def set_value(self, value: dt.date | None) -> None:
        self.check.setChecked(value is not None)
        self.edit.setEnabled(value is not None)
        self.edit.setDate(to_qdate(value or dt.date.today()))

    def value(self) -> dt.date | None:
        return from_qdate(self.edit.date()) if self.check.isChecked() else None


def to_qdate(value: dt.date) -> QDate:
    return QDate(value.year, value.month, value.day)


def from_qdate(value: QDate) -> dt.date:
    return dt.date(value.year(), value.month(), value.day())


class FieldErrors:
    """Shows a ValidationError under a form and focuses the first field it names."""

    def __init__(self, label: QLabel, widgets: dict[str, QWidget]) -> None:
        self.label, self.widgets = label, widgets

    def clear(self) -> None:
        show_inline(self.label, "")

    def show(self, exc: ValidationError) -> None:
        show_inline(self.label, str(exc))
        for problem in exc.problems:
            widget = self.widgets.get(problem.field)
            if widget is not None:
                widget.setFocus()
                if isinstance(widget, QLineEdit):
                    widget.selectAll()
                break


def ask_save_path(parent: QWidget, default_name: str) -> Path | None:
    folder = QStandardPaths.writableLocation(
        QStandardPaths.StandardLocation.DocumentsLocation
    ) or str(Path.home())
    chosen, _ = QFileDialog.getSaveFileName(
        parent, "Simpan sebagai", str(Path(folder) / default_name), "Buku kerja Excel (*.xlsx)"
    )
    if not chosen:
        return None
    path = Path(chosen)
    return path if path.suffix.lower() == ".xlsx" else path.with_name(path.name + ".xlsx")


def export_to_excel(
    parent: QWidget,
    title: str,
    default_name: str,
    work: Callable[[Path, Progress], int],
    on_finished: Callable[[], None] | None = None,
) -> Task | None:
    """Ask where to save, run ``work(path, progress)`` off the GUI thread, then say how many
    rows went where (or why it failed). Returns the running task, None if the user cancelled."""
    path = ask_save_path(parent, default_name)
    if path is None:
        return None

    def done(count: object) -> None:
        messages.info(
            parent, "Ekspor selesai", f"{_count(count)} baris diekspor ke berkas:\n{path}"
        )
        if on_finished is not None:
            on_finished()

    def failed(exc: BaseException) -> None:
        messages.show_error(parent, exc, "Ekspor gagal")

    return run_task(parent, title, lambda progress: work(path, progress), done, failed)


def _count(value: object) -> str:
    return formatting.angka(value) if isinstance(value, int) else str(value)


def today_name(stem: str) -> str:
    return f"{stem}-{dt.date.today().isoformat()}.xlsx"
