"""A small base for the Pengaturan dialogs: a form, inline errors, Simpan/Batal.

``accept()`` calls :meth:`FormDialog.save`; a ValidationError is shown under the form and the
dialog stays open on the first wrong field; any other user error is shown in a message and the
dialog closes (``rejected``), so the caller reloads. Tests fill the fields and call ``accept()``
without ``exec()``.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...services.errors import AppError, DatabaseError, ValidationError
from .. import messages
from .common import FieldErrors, error_label


class FormDialog(QDialog):
    def __init__(self, title: str, intro: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(440)
        self.result_value: Any = None
        self.form = QFormLayout()
        self.error = error_label()
        self.errors = FieldErrors(self.error, {})
        self.buttons = QDialogButtonBox()
        self.save_button = QPushButton("&Simpan")
        self.save_button.setDefault(True)
        self.buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton("Batal", QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.main_layout = QVBoxLayout(self)
        if intro:
            label = QLabel(intro)
            label.setWordWrap(True)
            self.main_layout.addWidget(label)
        self.main_layout.addLayout(self.form)
        self.main_layout.addWidget(self.error)
        self.main_layout.addWidget(self.buttons)

    def add_row(self, text: str, widget: QWidget, field: str = "") -> QLabel:
        """A labelled row; ``text`` carries the mnemonic, ``field`` the service's field name."""
        label = QLabel(text)
        label.setBuddy(widget)
        self.form.addRow(label, widget)
        if field:
            self.errors.widgets[field] = widget
        return label

    def add_note(self, text: str) -> QLabel:
        note = QLabel(text)
        note.setWordWrap(True)
        note.setStyleSheet("color: palette(placeholder-text);")
        self.form.addRow("", note)
        return note

    def save(self) -> Any:
        """Call the service; return what it returns. Raise its errors."""
        raise NotImplementedError

    def accept(self) -> None:
        self.errors.clear()
        try:
            self.result_value = self.save()
        except ValidationError as exc:
            self.errors.show(exc)
            return
        except DatabaseError as exc:  # locked or read-only for now: keep the input
            messages.show_error(self, exc)
            return
        except AppError as exc:
            messages.show_error(self, exc)
            self.reject()
            return
        super().accept()
