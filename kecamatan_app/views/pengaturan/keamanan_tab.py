"""Pengaturan > Keamanan: the settings declared in ``services.settings``, one field each
(a spin box for numbers within their bounds, a check box for yes/no), and under "Perlindungan
data" the roles that may see specific-data categories (one check box per role). Simpan writes
only what changed; each change is an audit entry."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ...services import lingkup, settings
from ...services.context import ROLE_LABELS, ROLES, ROLES_DINAS, Actor
from ...services.errors import AppError, ValidationError
from .. import messages
from .common import FieldErrors, error_label

#: Comma-separated role lists shown as one check box per role.
ROLE_SETTINGS = ("data.peran_data_spesifik",)
SPECIFIC_NOTE = (
    "UU 27/2022 tentang Pelindungan Data Pribadi Pasal 4 menggolongkan data kesehatan, catatan "
    "kejahatan dan data anak sebagai data pribadi yang bersifat spesifik. Kategori PPKS yang "
    "termasuk data spesifik (misalnya orang dengan HIV/AIDS, penyandang disabilitas, korban "
    "NAPZA, bekas warga binaan pemasyarakatan dan semua kategori anak) hanya tampil nama, "
    'rincian dan catatannya bagi peran yang dicentang. Peran lain melihat "Data spesifik '
    '(disembunyikan)"; jumlah per desa tetap terlihat.'
)


def _choosable() -> tuple[str, ...]:
    """The roles the setting accepts, in the order of ``ROLES`` (role dinas only where the
    setting knows it and the database is a Dinas Sosial one)."""
    check = settings.SETTINGS[ROLE_SETTINGS[0]].check
    dinas_db = lingkup.is_dinas()
    return tuple(r for r in ROLES if (check is None or check(r) is None)
                 and (r not in ROLES_DINAS or dinas_db))


def _roles(value: Any) -> str:
    """A role list in the fixed order of ``ROLES`` (so a reordered stored value is no change)."""
    chosen = {x.strip() for x in str(value).split(",")}
    return ",".join(r for r in _choosable() if r in chosen)


class RoleChecks(QWidget):
    """One check box per role; the value is the comma-separated list of the ticked roles."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        roles = _choosable()
        self.boxes = {role: QCheckBox(ROLE_LABELS[role].split(" (")[0]) for role in roles}
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for box in self.boxes.values():
            layout.addWidget(box)
        layout.addStretch(1)
        self.setFocusProxy(self.boxes[roles[0]])

    def value(self) -> str:
        return ",".join(r for r, box in self.boxes.items() if box.isChecked())

    def set_value(self, value: Any) -> None:
        chosen = set(_roles(value).split(","))
        for role, box in self.boxes.items():
            box.setChecked(role in chosen)


class KeamananTab(QWidget):
    def __init__(self, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        self.fields: dict[str, QSpinBox | QCheckBox | RoleChecks] = {}
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
        login_box = QGroupBox("Masuk dan kata sandi")
        login_box.setLayout(form)
        protection = self._protection_box()
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
            "Aturan masuk, kata sandi dan akses data pribadi untuk semua pengguna. Setiap "
            "perubahan tercatat di jejak audit."
        )
        intro.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(login_box)
        layout.addWidget(protection)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        layout.addStretch(1)
        self.refresh()

    def _protection_box(self) -> QGroupBox:
        box = QGroupBox("Perlindungan data")
        layout = QVBoxLayout(box)
        for key in ROLE_SETTINGS:
            setting = settings.SETTINGS[key]
            label = QLabel(setting.label + ":")
            label.setWordWrap(True)
            checks = RoleChecks()
            checks.setObjectName(key)
            for check in checks.boxes.values():
                check.toggled.connect(self._changed)
            label.setBuddy(checks)
            layout.addWidget(label)
            layout.addWidget(checks)
            self.fields[key] = checks
        note = QLabel(SPECIFIC_NOTE)
        note.setWordWrap(True)
        note.setStyleSheet("color: palette(placeholder-text);")
        layout.addWidget(note)
        return box

    def value(self, key: str) -> Any:
        widget = self.fields[key]
        return widget.isChecked() if isinstance(widget, QCheckBox) else widget.value()

    def set_field(self, key: str, value: Any) -> None:
        widget = self.fields[key]
        if isinstance(widget, QCheckBox):
            widget.setChecked(bool(value))
        elif isinstance(widget, RoleChecks):
            widget.set_value(value)
        else:
            widget.setValue(int(value))

    def changed_keys(self) -> list[str]:
        return [k for k in self.fields if self.value(k) != self.loaded.get(k)]

    def _changed(self) -> None:
        self.save_button.setEnabled(bool(self.changed_keys()))

    def refresh(self) -> None:
        self.loaded = settings.all_values()
        for key in ROLE_SETTINGS:
            self.loaded[key] = _roles(self.loaded[key])
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
