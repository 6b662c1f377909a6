"""The narrative parts of the monthly report the TKSK writes: Nomor, BAB I Pendahuluan, BAB III
Kendala and Tindak lanjut, BAB IV Penutup and Tembusan (one per line).

The form knows what was loaded and reports ``dirty()`` against it with the same tidying the
service applies (the number trimmed, trailing blanks dropped), so a field changed and changed
back is not an unsaved change. Tab moves between the fields (not into the text).
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ...services.laporan import LaporanInfo
from ..login import error_label

#: field -> (label with mnemonic, hint, minimum height in px; 0 for a one-line field)
FIELDS: dict[str, tuple[str, str, int]] = {
    "nomor": ("N&omor laporan:", "Boleh kosong, contoh: 460/012/TKSK/2026", 0),
    "pendahuluan": ("BAB I &Pendahuluan:", "Latar belakang, dasar hukum, maksud dan tujuan.", 190),
    "kendala": ("BAB III Ken&dala:", "Satu kendala per baris (diisi dari catatan kegiatan).", 90),
    "tindak_lanjut": ("BAB III T&indak lanjut:", "Satu tindak lanjut per baris.", 90),
    "penutup": ("BAB I&V Penutup:", "", 70),
    "tembusan": ("T&embusan:", "Satu penerima per baris.", 90),
}


def tidy(key: str, value: str) -> str:
    """What the service stores for ``value`` (see ``laporan.save_text``)."""
    return value.strip() if key == "nomor" else value.rstrip()


class NaskahForm(QWidget):
    """Emits ``changed`` on every edit; :meth:`dirty` says whether anything differs."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.loaded: dict[str, str] = {key: "" for key in FIELDS}
        self.edits: dict[str, QLineEdit | QPlainTextEdit] = {}
        self.labels: dict[str, QLabel] = {}
        inner = QWidget()
        form = QFormLayout(inner)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        form.setContentsMargins(4, 4, 12, 4)
        for key, (text, hint, height) in FIELDS.items():
            edit: QLineEdit | QPlainTextEdit
            if height:
                edit = QPlainTextEdit()
                edit.setTabChangesFocus(True)
                edit.setMinimumHeight(height)
                edit.setPlaceholderText(hint)
                edit.textChanged.connect(self.changed)
            else:
                edit = QLineEdit()
                edit.setMaxLength(100)
                edit.setPlaceholderText(hint)
                edit.textChanged.connect(self.changed)
            edit.setObjectName(key)
            label = QLabel(text)
            label.setBuddy(edit)
            form.addRow(label, edit)
            self.edits[key] = edit
            self.labels[key] = label
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(inner)
        self.note = QLabel("")
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: palette(placeholder-text);")
        self.error = error_label()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.note)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.error)
        self.setFocusProxy(self.edits["nomor"])

    def text(self, key: str) -> str:
        edit = self.edits[key]
        return edit.text() if isinstance(edit, QLineEdit) else edit.toPlainText()

    def set_text(self, key: str, value: str) -> None:
        edit = self.edits[key]
        if isinstance(edit, QLineEdit):
            edit.setText(value)
        else:
            edit.setPlainText(value)

    def values(self) -> dict[str, str]:
        return {key: self.text(key) for key in FIELDS}

    def changed_values(self) -> dict[str, str]:
        """Only the fields that differ from what was loaded (what ``save_text`` needs)."""
        return {k: v for k, v in self.values().items() if tidy(k, v) != tidy(k, self.loaded[k])}

    def dirty(self) -> bool:
        return bool(self.changed_values())

    def load(self, info: LaporanInfo | None) -> None:
        """Show the report's texts (or empty fields) as the clean state."""
        self.loaded = {key: str(getattr(info, key, "")) if info else "" for key in FIELDS}
        self.error.setVisible(False)
        for key, value in self.loaded.items():
            edit = self.edits[key]
            edit.blockSignals(True)
            self.set_text(key, value)
            edit.blockSignals(False)
        self.changed.emit()

    def revert(self) -> None:
        for key, value in self.loaded.items():
            self.set_text(key, value)

    def set_editable(self, editable: bool, why: str = "") -> None:
        """Read-only fields look it: the window's background, and "(kosong)" for no text."""
        for key, edit in self.edits.items():
            edit.setReadOnly(not editable)
            edit.setPlaceholderText(FIELDS[key][1] if editable else "(kosong)")
            edit.setStyleSheet("" if editable else "background: palette(window);")
        self.note.setText(why)
        self.note.setVisible(bool(why))

    def editable(self) -> bool:
        return not self.edits["nomor"].isReadOnly()

    def show_problem(self, field: str, message: str) -> None:
        self.error.setText(message)
        self.error.setVisible(True)
        edit = self.edits.get(field)
        if edit is not None:
            edit.setFocus()
