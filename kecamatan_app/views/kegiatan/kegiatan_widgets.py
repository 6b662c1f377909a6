"""Pieces of the activity form: errors under each field, a time field that may stay empty, the
place (one desa, several, or the kecamatan), the partners and the beneficiaries."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ...services.desa import DesaInfo
from ...services.errors import FieldProblem, ValidationError
from ...services.kegiatan_periksa import LINGKUP, MitraData
from ...services.kegiatan_pilihan import INSTANSI, PSKS, MitraChoice, SasaranPilihan
from ..login import ERROR_STYLE

HINT_STYLE = "color: palette(placeholder-text);"
EXTRA_ROLE = Qt.ItemDataRole.UserRole + 1


def hint_label(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet(HINT_STYLE)
    return label


class InlineErrors:
    """Each problem of a ValidationError in red right under its field; problems of fields the
    form does not show go to the summary under the form. The first field named gets the focus.
    """

    def __init__(self, summary: QLabel) -> None:
        self.summary = summary
        self.fields: dict[str, tuple[QWidget, QLabel]] = {}
        self.on_show: Callable[[QWidget], None] | None = None

    def wrap(self, name: str, widget: QWidget, focus: QWidget | None = None) -> QWidget:
        """``widget`` with its (hidden) error label below, registered as field ``name``."""
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(1)
        layout.addWidget(widget)
        label = QLabel()
        label.setObjectName(f"salah_{name}")
        label.setStyleSheet(ERROR_STYLE)
        label.setWordWrap(True)
        label.setVisible(False)
        layout.addWidget(label)
        box.setFocusProxy(focus or widget)
        self.fields[name] = (focus or widget, label)
        return box

    def add_alias(self, name: str, same_as: str) -> None:
        """Show problems of field ``name`` where field ``same_as`` shows its own."""
        self.fields[name] = self.fields[same_as]

    def label(self, name: str) -> QLabel:
        return self.fields[name][1]

    def clear(self) -> None:
        for _w, label in self.fields.values():
            label.setText("")
            label.setVisible(False)
        self.summary.setText("")
        self.summary.setVisible(False)

    def show(self, exc: ValidationError) -> None:
        self.clear()
        problems = exc.problems or [FieldProblem("", str(exc))]
        other: list[str] = []
        first: QWidget | None = None
        for p in problems:
            if p.field not in self.fields:
                other.append(p.message)
                continue
            widget, label = self.fields[p.field]
            label.setText("\n".join(t for t in (label.text(), p.message) if t))
            label.setVisible(True)
            first = first or widget
        shown = len(problems) - len(other)
        lines = [f"Ada {shown} isian yang perlu diperbaiki (ditandai merah)."] if shown else []
        self.summary.setText("\n".join(lines + other))
        self.summary.setVisible(True)
        if first is not None:
            if self.on_show is not None:
                self.on_show(first)
            first.setFocus()


_JAM = re.compile(r"^\s*(\d{1,2})\s*[.:]\s*(\d{2})\s*$")


class JamEdit(QLineEdit):
    """A time as 08.30 (or 08:30, 0830); empty means not recorded."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText("jj.mm")
        self.setMaxLength(5)
        self.setMaximumWidth(70)

    def set_value(self, value: dt.time | None) -> None:
        self.setText(f"{value:%H.%M}" if value else "")

    def value(self) -> dt.time | None:
        """The time, None when empty; raises ValueError for text that is no time."""
        text = self.text().strip()
        if not text:
            return None
        if text.isdigit() and len(text) in (3, 4):
            text = f"{text[:-2]}.{text[-2:]}"
        m = _JAM.match(text)
        if m is None or int(m.group(1)) > 23 or int(m.group(2)) > 59:
            raise ValueError(text)
        return dt.time(int(m.group(1)), int(m.group(2)))


class LokasiPicker(QWidget):
    """The place: the scope (one desa, several, the kecamatan) and the desa it names."""

    changed = Signal()

    def __init__(self, desa: list[DesaInfo], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lingkup = QComboBox()
        for key, label in LINGKUP.items():
            self.lingkup.addItem(label, key)
        self.one = QComboBox()
        self.many = QListWidget()
        self.many.setFixedHeight(96)
        self._fill(desa)
        self.whole = hint_label("Kegiatan tingkat kecamatan: tidak terikat satu desa.")
        self.stack = QStackedWidget()
        for page in (self.one, self.many, self.whole):
            self.stack.addWidget(page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(3)
        layout.addWidget(self.lingkup)
        layout.addWidget(self.stack)
        self.lingkup.currentIndexChanged.connect(self._switch)
        self.setFocusProxy(self.lingkup)

    def _fill(self, desa: list[DesaInfo]) -> None:
        self.one.clear()
        self.one.addItem("(pilih desa/kelurahan)", None)
        self.many.clear()
        for d in desa:
            label = d.nama if d.jenis.lower() == "desa" else f"{d.nama} (kelurahan)"
            self.one.addItem(label, d.id)
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, d.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.many.addItem(item)

    def add_missing(self, extra: list[DesaInfo]) -> None:
        """Desa a stored record names that the active list no longer has."""
        for d in extra:
            if self.one.findData(d.id) < 0:
                self.one.addItem(d.nama, d.id)
                item = QListWidgetItem(d.nama)
                item.setData(Qt.ItemDataRole.UserRole, d.id)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Unchecked)
                self.many.addItem(item)

    def _checked(self) -> list[int]:
        out = []
        for i in range(self.many.count()):
            item = self.many.item(i)
            if item.checkState() == Qt.CheckState.Checked:
                out.append(int(item.data(Qt.ItemDataRole.UserRole)))
        return out

    def _switch(self) -> None:
        """Carry the chosen desa over when the scope changes."""
        key = self.lingkup.currentData()
        if key == "beberapa" and not self._checked() and self.one.currentData() is not None:
            self._check({self.one.currentData()})
        elif key == "desa" and self.one.currentData() is None and self._checked():
            self.one.setCurrentIndex(max(self.one.findData(self._checked()[0]), 0))
        self.stack.setCurrentIndex(list(LINGKUP).index(key) if key in LINGKUP else 0)
        page = self.stack.currentWidget()
        self.stack.setFixedHeight(page.sizeHint().height() if page is not None else 0)
        self.changed.emit()

    def _check(self, ids: set[int]) -> None:
        for i in range(self.many.count()):
            item = self.many.item(i)
            on = item.data(Qt.ItemDataRole.UserRole) in ids
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def set_value(self, lingkup: str, desa_ids: list[int]) -> None:
        self.one.setCurrentIndex(max(self.one.findData(desa_ids[0]), 0) if desa_ids else 0)
        self._check(set(desa_ids))
        self.lingkup.setCurrentIndex(max(self.lingkup.findData(lingkup), 0))
        self._switch()

    def value(self) -> tuple[str, list[int]]:
        key = str(self.lingkup.currentData())
        if key == "desa":
            one = self.one.currentData()
            return key, [int(one)] if one is not None else []
        if key == "beberapa":
            return key, self._checked()
        return key, []

    def set_editable(self, on: bool) -> None:
        self.lingkup.setEnabled(on)
        self.one.setEnabled(on)
        self.many.setEnabled(on)


class _ListEditor(QWidget):
    """A list of chosen items with an add row above and a remove button."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.list = QListWidget()
        self.list.setFixedHeight(72)
        self.remove_button = QPushButton("Hapus dari daftar")
        self.remove_button.clicked.connect(self.remove_selected)
        self.add_row = QHBoxLayout()
        self.add_row.setContentsMargins(0, 0, 0, 0)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(3)
        layout.addLayout(self.add_row)
        layout.addWidget(self.list)

    def _append(self, text: str, data: Any, extra: Any = None) -> None:
        for i in range(self.list.count()):
            if self.list.item(i).data(Qt.ItemDataRole.UserRole) == data:
                return  # already listed
        item = QListWidgetItem(text)
        item.setData(Qt.ItemDataRole.UserRole, data)
        item.setData(EXTRA_ROLE, extra)
        item.setToolTip(text)
        self.list.addItem(item)
        self.changed.emit()

    def items(self) -> list[Any]:
        return [self.list.item(i).data(Qt.ItemDataRole.UserRole)
                for i in range(self.list.count())]

    def texts(self) -> list[str]:
        return [self.list.item(i).text() for i in range(self.list.count())]

    def remove_selected(self) -> None:
        row = self.list.currentRow()
        if row >= 0:
            self.list.takeItem(row)
            self.changed.emit()

    def set_editable(self, on: bool) -> None:
        for i in range(self.add_row.count()):
            item = self.add_row.itemAt(i)
            w = item.widget() if item is not None else None
            if w is not None:
                w.setVisible(on)
        self.remove_button.setVisible(on)


class MitraEditor(_ListEditor):
    """Partners: pick from the PSKS and agency lists, or type any name (free text)."""

    def __init__(self, choices: list[MitraChoice], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.choices = choices
        self.combo = QComboBox()
        self.combo.setEditable(True)
        self.combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.combo.addItem("", None)
        for c in choices:
            self.combo.addItem(c.label, (c.jenis, c.id))
        self.combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.combo.setMinimumContentsLength(18)
        completer = QCompleter(self.combo.model(), self.combo)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.combo.setCompleter(completer)
        line = self.combo.lineEdit()
        assert line is not None
        line.setPlaceholderText("pilih atau ketik nama mitra")
        line.returnPressed.connect(self.add_current)
        self.add_button = QPushButton("Tambah")
        self.add_button.clicked.connect(self.add_current)
        self.add_row.addWidget(self.combo, 1)
        self.add_row.addWidget(self.add_button)
        self.add_row.addWidget(self.remove_button)
        self.setFocusProxy(self.combo)

    def add_current(self) -> None:
        text = " ".join(self.combo.currentText().split())
        if not text:
            return
        index = self.combo.findText(text, Qt.MatchFlag.MatchFixedString)
        data = self.combo.itemData(index) if index > 0 else None
        if data is not None:
            self.add(self._from_choice(data))
        else:
            self.add(MitraData(nama=text))
        self.combo.setCurrentIndex(0)
        self.combo.setEditText("")

    def _from_choice(self, key: tuple[str, int]) -> MitraData:
        c = next(c for c in self.choices if (c.jenis, c.id) == key)
        return MitraData(c.id if c.jenis == PSKS else None,
                         c.id if c.jenis == INSTANSI else None, c.nama)

    def _label(self, m: MitraData) -> str:
        for c in self.choices:
            if (m.psks_id is not None and (c.jenis, c.id) == (PSKS, m.psks_id)) or (
                    m.instansi_id is not None and (c.jenis, c.id) == (INSTANSI, m.instansi_id)):
                return c.label
        if m.psks_id is not None:
            return f"{m.nama} (PSKS)"
        if m.instansi_id is not None:
            return f"{m.nama} (instansi)"
        return m.nama

    def add(self, m: MitraData) -> None:
        free = m.nama.casefold() if m.psks_id is None and m.instansi_id is None else ""
        self._append(self._label(m), (m.psks_id, m.instansi_id, free), m.nama)

    def set_value(self, mitra: list[MitraData]) -> None:
        self.list.clear()
        for m in mitra:
            self.add(m)

    def value(self) -> list[MitraData]:
        out = []
        for i in range(self.list.count()):
            item = self.list.item(i)
            psks_id, instansi_id, _free = item.data(Qt.ItemDataRole.UserRole)
            out.append(MitraData(psks_id, instansi_id, str(item.data(EXTRA_ROLE) or "")))
        return out


class SasaranEditor(_ListEditor):
    """Beneficiaries linked to the registry: persons and households, found by a picker."""

    #: ("warga" | "keluarga"): the user asked to add one; the form opens the picker.
    pick_requested = Signal(str)

    def __init__(self, can_search: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.add_person = QPushButton("Tambah &orang...")
        self.add_family = QPushButton("Tambah &keluarga...")
        self.add_person.clicked.connect(lambda: self.pick_requested.emit("warga"))
        self.add_family.clicked.connect(lambda: self.pick_requested.emit("keluarga"))
        for b in (self.add_person, self.add_family):
            b.setEnabled(can_search)
            if not can_search:
                b.setToolTip("Peran Anda tidak berhak mencari di registri.")
            self.add_row.addWidget(b)
        self.add_row.addStretch(1)
        self.add_row.addWidget(self.remove_button)
        self.setFocusProxy(self.add_person)

    def add(self, found: SasaranPilihan) -> None:
        prefix = "Keluarga: " if found.jenis == "keluarga" and not found.label.startswith(
            "Keluarga") else ""
        self._append(prefix + found.label, (found.jenis, found.id))

    def set_value(self, found: list[SasaranPilihan]) -> None:
        self.list.clear()
        for f in found:
            self.add(f)

    def ids(self, jenis: str) -> list[int]:
        return [int(i) for kind, i in self.items() if kind == jenis]
