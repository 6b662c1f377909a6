"""Pengaturan > Keamanan: the settings declared in ``services.settings``, one field each
(a spin box for numbers within their bounds, a check box for yes/no). Simpan writes only what
changed; each change is an audit entry."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ...services import settings
from ...services.context import Actor
from ...services.errors import AppError, ValidationError
from .. import messages
from .common import FieldErrors, error_label


class KeamananTab(QWidget):
    def __init__(self, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        self.fields: dict[str, QSpinBox | QCheckBox] = {}
        self.loaded: dict[str, Any] = {}
        form = QFormLayout()
        for key, setting in settings.SETTINGS.items():
            if setting.group != "keamanan":
                continue  # the Pasal 9 rules have their own tab in the TKSK module
            widget: QSpinBox | QCheckBox
            if isinstance(setting.default, bool):
                widget = QCheckBox(setting.label)
                widget.toggled.connect(self._changed)
                form.addRow("", widget)
            else:
                widget = QSpinBox()
                widget.setRange(
                    setting.minimum if setting.minimum is not None else 0,
                    setting.maximum if setting.maximum is not None else 1_000_000,
                )
                widget.valueChanged.connect(self._changed)
                label = QLabel(setting.label + ":")
                label.setBuddy(widget)
                label.setWordWrap(True)
                form.addRow(label, widget)
            widget.setObjectName(key)
            self.fields[key] = widget
        self.error = error_label()
        self.errors = FieldErrors(self.error, dict(self.fields))
        self.save_button = QPushButton("&Simpan")
        self.save_button.clicked.connect(self.save)
        self.reload_button = QPushButton("&Muat ulang")
        self.reload_button.clicked.connect(self.refresh)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.reload_button)
        buttons.addWidget(self.save_button)
        intro = QLabel(
            "Aturan masuk dan kata sandi untuk semua pengguna. Setiap perubahan "
            "tercatat di jejak audit."
        )
        intro.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        layout.addStretch(1)
        self.refresh()

    def value(self, key: str) -> Any:
        widget = self.fields[key]
        return widget.isChecked() if isinstance(widget, QCheckBox) else widget.value()

    def set_field(self, key: str, value: Any) -> None:
        widget = self.fields[key]
        if isinstance(widget, QCheckBox):
            widget.setChecked(bool(value))
        else:
            widget.setValue(int(value))

    def changed_keys(self) -> list[str]:
        return [k for k in self.fields if self.value(k) != self.loaded.get(k)]

    def _changed(self) -> None:
        self.save_button.setEnabled(bool(self.changed_keys()))

    def refresh(self) -> None:
        self.loaded = settings.all_values()
        for key, value in self.loaded.items():
            if key in self.fields:
                self.set_field(key, value)
        self.errors.clear()
        self._changed()

    def save(self) -> None:
        self.errors.clear()
        changed = self.changed_keys()
        if not changed:
            return
        for key in changed:
            try:
                settings.set_value(self.actor, key, self.value(key))
            except ValidationError as exc:
                self.errors.show(exc)
                return
            except AppError as exc:
                messages.show_error(self, exc)
                return
        self.refresh()
        messages.info(self, "Pengaturan keamanan", f"{len(changed)} pengaturan disimpan.")
