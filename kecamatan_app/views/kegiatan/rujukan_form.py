"""Form pieces the referral dialogs share: a date field with a calendar, and error messages shown
right under the field they are about (the service's ``FieldProblem.field``), with a general
message line for problems no field owns."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDateEdit,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from ...services.errors import ValidationError
from ..login import error_label, show_inline
from ..pengaturan.common import DATE_DISPLAY, from_qdate, to_qdate


def date_edit(value: dt.date | None = None) -> QDateEdit:
    edit = QDateEdit()
    edit.setCalendarPopup(True)
    edit.setDisplayFormat(DATE_DISPLAY)
    edit.calendarWidget().setFirstDayOfWeek(Qt.DayOfWeek.Monday)
    edit.setDate(to_qdate(value or dt.date.today()))
    return edit


def date_of(edit: QDateEdit) -> dt.date:
    return from_qdate(edit.date())


def text_edit(rows: int = 3) -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.setTabChangesFocus(True)  # Tab moves on, as in every other field
    height = edit.fontMetrics().lineSpacing() * rows + 12
    edit.setFixedHeight(height)
    return edit


class FieldMessages:
    """One red message under each field (a row of its own, shown only while it has text);
    ``general`` takes problems of unknown fields."""

    def __init__(self, general: QLabel | None = None) -> None:
        self.general = general or error_label()
        self.labels: dict[str, QLabel] = {}
        self.widgets: dict[str, QWidget] = {}
        self.rows: dict[str, tuple[QFormLayout, int]] = {}

    def add_row(
        self, form: QFormLayout, text: str, widget: QWidget, field: str = ""
    ) -> QLabel:
        """A labelled row; with ``field`` the row gets its own error line under the widget."""
        label = QLabel(text)
        label.setBuddy(widget)
        form.addRow(label, widget)
        if field:
            message = error_label()
            form.addRow(QLabel(""), message)
            row = form.rowCount() - 1
            form.setRowVisible(row, False)
            self.labels[field] = message
            self.widgets[field] = widget
            self.rows[field] = (form, row)
        return label

    def _put(self, field: str, text: str) -> None:
        label = self.labels.get(field)
        if label is None:
            show_inline(self.general, text)
            return
        show_inline(label, text)
        form, row = self.rows[field]
        form.setRowVisible(row, bool(text))

    def clear(self) -> None:
        show_inline(self.general, "")
        for field in self.labels:
            self._put(field, "")

    def set(self, field: str, text: str) -> None:
        self._put(field, text)
        self.fit()

    def text(self, field: str) -> str:
        """The message shown under ``field`` ("" for none; the general line for "")."""
        label = self.labels.get(field, self.general if not field else None)
        return label.text() if label is not None else ""

    def show(self, exc: ValidationError) -> None:
        """Each problem under its field (several under one field are joined); focus the
        first field named."""
        self.clear()
        grouped: dict[str, list[str]] = {}
        for p in exc.problems or []:
            key = p.field if p.field in self.labels else ""
            grouped.setdefault(key, []).append(p.message)
        if not exc.problems:
            grouped[""] = [str(exc)]
        for key, texts in grouped.items():
            self._put(key, "\n".join(texts))
        for p in exc.problems:
            widget = self.widgets.get(p.field)
            if widget is not None:
                widget.setFocus()
                if isinstance(widget, QLineEdit):
                    widget.selectAll()
                break
        self.fit()

    def fit(self) -> None:
        """Let the dialog grow so the messages shown do not cover the fields below them."""
        window = self.general.window()
        layout = window.layout() if window is not None else None
        if window is None or window is self.general or layout is None:
            return
        layout.activate()
        width = window.width()
        need = layout.heightForWidth(width) if layout.hasHeightForWidth() else -1
        need = max(need, layout.minimumSize().height())
        if need > window.height():
            window.resize(width, need)
