"""Which kecamatan a page shows, in a Dinas Sosial database.

A kecamatan user (of either kind of database) always sees their own kecamatan: pages pass no
kecamatan to the services (:func:`pilihan` is None) and show no picker. A user of the whole
kabupaten (role ``dinas``, an administrator without a kecamatan) reads one kecamatan at a time:
the TKSK, Pemetaan Sosial, Kegiatan, Laporan pages and the Beranda carry a :class:`KecamatanPilih`
at the top, a searchable list of the kecamatan the user may see. The choice is remembered for
the session (every page of the user shows the same kecamatan; choosing another on one page
switches the others too) and handed to the services as their ``kecamatan_id``.

Such a user only reads a kecamatan's records here (:func:`boleh_ubah`): the services record a
kecamatan's data under the account of that kecamatan's own user.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QSignalBlocker, Qt, Signal
from PySide6.QtWidgets import QComboBox, QCompleter, QHBoxLayout, QLabel, QWidget

from ..services import kantor, lingkup
from ..services.context import Actor
from ..services.errors import AppError
from ..services.permissions import Aksi, allowed

#: The note beside the picker: what a user of the whole kabupaten may do on these pages.
CATATAN = "Hanya dilihat: data kecamatan dicatat dan diubah oleh pengguna kecamatan itu."


class _Pusat(QObject):
    """Tells every picker of a user that the user chose another kecamatan."""

    dipilih = Signal(object, int)  # actor, kecamatan id


_pusat: _Pusat | None = None
#: The chosen kecamatan per open database and user of the whole kabupaten, for this session of
#: the application.
_pilihan: dict[tuple[int, Actor], int] = {}


def _key(actor: Actor) -> tuple[int, Actor]:
    return lingkup.database_key(), actor


def _hub() -> _Pusat:
    global _pusat
    if _pusat is None:
        _pusat = _Pusat()
    return _pusat


def perlu_pilih(actor: Actor) -> bool:
    """Whether the actor reads one chosen kecamatan at a time (a user of the whole kabupaten of
    a Dinas database)."""
    try:
        return lingkup.is_dinas_user(actor)
    except AppError:
        return False


def daftar(actor: Actor) -> list[tuple[int, str, str]]:
    """(id, name, Kemendagri code) of the kecamatan the actor may see, by code."""
    return lingkup.visible_kecamatan(actor)


def pilihan(actor: Actor) -> int | None:
    """The ``kecamatan_id`` the pages of the actor pass to the services: None for a kecamatan
    user (the services use their own kecamatan); for a user of the whole kabupaten the kecamatan
    chosen in this session, at first the first one by code."""
    if not perlu_pilih(actor):
        return None
    chosen = _pilihan.get(_key(actor))
    if chosen is None:
        found = daftar(actor)
        if not found:
            return None
        chosen = _pilihan[_key(actor)] = found[0][0]
    return chosen


def pilih(actor: Actor, kecamatan_id: int) -> None:
    """Choose the kecamatan the pages of the actor show (every picker of the actor follows)."""
    if _pilihan.get(_key(actor)) == kecamatan_id:
        return
    _pilihan[_key(actor)] = kecamatan_id
    _hub().dipilih.emit(actor, kecamatan_id)


def lupakan(actor: Actor | None = None) -> None:
    """Forget the choice of ``actor`` (all choices without one), e.g. after signing out."""
    if actor is None:
        _pilihan.clear()
    else:
        _pilihan.pop(_key(actor), None)


def nama(kecamatan_id: int | None) -> str:
    """The kecamatan's name ("" for None or an unknown id)."""
    return lingkup.nama_kode(kecamatan_id)[0]


def kode_kecamatan(kecamatan_id: int | None) -> str:
    """The kecamatan's Kemendagri code ("" for None or an unknown id)."""
    return lingkup.nama_kode(kecamatan_id)[1]


def akhiran_berkas(actor: Actor) -> str:
    """"-gelumbang" for a file name of a user of the whole kabupaten (the chosen kecamatan), ""
    for everyone else."""
    slug = "-".join("".join(c if c.isalnum() else " " for c in nama(pilihan(actor)).lower())
                    .split())
    return f"-{slug}" if slug else ""


def kecamatan_tampil(actor: Actor) -> int | None:
    """The kecamatan a page of the actor shows: the chosen one, else the actor's own (None in a
    kecamatan database before the set-up)."""
    chosen = pilihan(actor)
    if chosen is not None:
        return chosen
    try:
        return lingkup.kecamatan_scope(actor)
    except AppError:
        return None


def kantor_tampil(actor: Actor) -> kantor.OfficeInfo | None:
    """The office of the kecamatan a page of the actor shows (None before the set-up)."""
    kec = kecamatan_tampil(actor)
    if kec is None and lingkup.is_dinas():
        return None
    return kantor.get_office(kec)


def boleh_ubah(actor: Actor, aksi: Aksi) -> bool:
    """Whether a page offers the actor a change of a kecamatan's records (``aksi``): the role
    may, and the actor works in a kecamatan (not a reader of the whole kabupaten)."""
    return allowed(actor, aksi) and not perlu_pilih(actor)


def terima_kecamatan(func: Callable[..., Any]) -> bool:
    """Whether a service function takes the chosen ``kecamatan_id`` (an export that does not
    can only export the actor's own kecamatan, so its button is not offered to a user of the
    whole kabupaten)."""
    try:
        return "kecamatan_id" in inspect.signature(func).parameters
    except (TypeError, ValueError):
        return False


def bisa_untuk(actor: Actor, func: Callable[..., Any]) -> bool:
    """Whether a page may offer the actor ``func`` (a service reading the shown kecamatan)."""
    return not perlu_pilih(actor) or terima_kecamatan(func)


def dengan_kecamatan(actor: Actor, func: Callable[..., Any]) -> dict[str, Any]:
    """``{"kecamatan_id": ...}`` for a call of ``func`` that takes it, else nothing."""
    return {"kecamatan_id": pilihan(actor)} if terima_kecamatan(func) else {}


class KecamatanPilih(QWidget):
    """"Kecamatan: [searchable list]" for a user of the whole kabupaten. ``changed(id)`` when
    the page must show another kecamatan (chosen here or on another page of the user).
    ``before_change`` may keep the current kecamatan (unsaved work the user keeps)."""

    changed = Signal(int)

    def __init__(self, actor: Actor, parent: QWidget | None = None,
                 note: str = CATATAN) -> None:
        super().__init__(parent)
        self.setObjectName("pilihKecamatan")
        self.actor = actor
        self.before_change: Callable[[], bool] | None = None
        self.combo = QComboBox()
        self.combo.setObjectName("kecamatanDipilih")
        self.combo.setEditable(True)
        self.combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.combo.setMinimumContentsLength(22)
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        for kec_id, nama, kode in daftar(actor):
            self.combo.addItem(f"{nama} ({kode})", kec_id)
        completer = QCompleter(self.combo.model(), self.combo)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.combo.setCompleter(completer)
        line = self.combo.lineEdit()
        if line is not None:
            line.setPlaceholderText("ketik nama kecamatan")
            line.editingFinished.connect(self._edit_finished)
        self.combo.setToolTip("Kecamatan yang ditampilkan halaman ini. Ketik sebagian namanya "
                              "untuk mencari; pilihan berlaku untuk semua halaman sampai Anda "
                              "keluar akun.")
        label = QLabel("&Kecamatan:")
        label.setBuddy(self.combo)
        label.setStyleSheet("font-weight: bold;")
        self.note = QLabel(note)
        self.note.setObjectName("catatanPilihKecamatan")
        self.note.setStyleSheet("color: palette(placeholder-text);")
        self.note.setVisible(bool(note))
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(label)
        row.addWidget(self.combo)
        row.addWidget(self.note, 1)
        self.shown = pilihan(actor)
        self._show(self.shown)
        self.combo.currentIndexChanged.connect(self._picked)
        _hub().dipilih.connect(self._followed)

    @property
    def kecamatan_id(self) -> int | None:
        return self.shown

    def kecamatan_nama(self) -> str:
        index = self.combo.findData(self.shown)
        return self.combo.itemText(index).split(" (")[0] if index >= 0 else ""

    def choose(self, kecamatan_id: int) -> bool:
        """Choose a kecamatan as the user would; False when it is not in the list."""
        index = self.combo.findData(kecamatan_id)
        if index < 0:
            return False
        self.combo.setCurrentIndex(index)
        return self.shown == kecamatan_id

    def _show(self, kecamatan_id: int | None) -> None:
        with QSignalBlocker(self.combo):
            self.combo.setCurrentIndex(max(self.combo.findData(kecamatan_id), 0)
                                       if kecamatan_id is not None else -1)

    def _edit_finished(self) -> None:
        """Typed text that names no kecamatan: show the current choice again."""
        index = self.combo.findText(self.combo.currentText(), Qt.MatchFlag.MatchFixedString)
        if index < 0:
            self._show(self.shown)
        elif index != self.combo.currentIndex():
            self.combo.setCurrentIndex(index)

    def _picked(self, index: int) -> None:
        value = self.combo.itemData(index) if index >= 0 else None
        if not isinstance(value, int) or value == self.shown:
            return
        if self.before_change is not None and not self.before_change():
            self._show(self.shown)
            return
        pilih(self.actor, value)
        self._followed(self.actor, value)

    def _followed(self, actor: object, kecamatan_id: int) -> None:
        if actor != self.actor or kecamatan_id == self.shown:
            return
        self.shown = kecamatan_id
        self._show(kecamatan_id)
        self.changed.emit(kecamatan_id)


def buat(actor: Actor, parent: QWidget | None = None) -> KecamatanPilih | None:
    """The picker for a user of the whole kabupaten; None for everyone else (no picker)."""
    return KecamatanPilih(actor, parent) if perlu_pilih(actor) else None
