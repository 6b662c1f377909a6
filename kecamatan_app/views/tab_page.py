"""A module page made of tabs, each shown only to roles allowed it (Pemetaan Sosial, Kegiatan).

A tab with unsaved work may keep the user on it (``confirm_leave()``); a tab that is shown again
is refreshed (``refresh()``). In a Dinas Sosial database a user of the whole kabupaten gets the
kecamatan picker (:mod:`.kecamatan_pilih`) beside the tabs: another kecamatan reloads the tab
shown (the others reload when shown), each tab reading the choice through
``kecamatan_pilih.pilihan``.

A tab is built the first time it is shown (or asked for with :meth:`TabPage.tab`): opening
Pemetaan Sosial builds one of its seven tabs, not all of them (about 1.2 s less on the
kabupaten demo, and less memory for tabs never opened)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from importlib import import_module

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from ..services.context import Actor
from ..services.permissions import Aksi, allowed
from . import kecamatan_pilih

TabSpec = tuple[str, str, Aksi | None, Callable[[Actor], QWidget]]


def lazy_tab(package: str, module: str, name: str) -> Callable[[Actor], QWidget]:
    """A tab's factory that imports ``package.module`` only when the tab is first shown (the
    import and export tabs bring openpyxl with them: a page opens sooner)."""

    def make(actor: Actor) -> QWidget:
        widget: QWidget = getattr(import_module(f".{module}", package), name)(actor)
        return widget

    return make


class _Tempat(QWidget):
    """The place of one tab: empty until the tab is first needed, then the tab itself."""

    def __init__(self, make: Callable[[], QWidget]) -> None:
        super().__init__()
        self.make = make
        self.inner: QWidget | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)

    def built(self) -> QWidget:
        if self.inner is None:
            self.inner = self.make()
            layout = self.layout()
            assert layout is not None
            layout.addWidget(self.inner)
            self.setFocusProxy(self.inner)
        return self.inner


class TabPage(QTabWidget):
    def __init__(self, actor: Actor, tabs: Sequence[TabSpec], object_name: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        self.setObjectName(object_name)
        self.setDocumentMode(True)
        self.keys: list[str] = []
        for key, title, aksi, make in tabs:
            if aksi is None or allowed(actor, aksi):
                self.addTab(_Tempat(lambda make=make: make(actor)), title)  # type: ignore[misc]
                self.keys.append(key)
        self._last = 0
        if self.count():
            self._inner(0)
        self.currentChanged.connect(self._changed)
        self.pilih = kecamatan_pilih.buat(actor, self)
        if self.pilih is not None:
            self.pilih.note.setVisible(False)  # beside the tabs: the note is its tooltip
            self.pilih.combo.setToolTip(f"{self.pilih.combo.toolTip()}\n{kecamatan_pilih.CATATAN}")
            self.pilih.setContentsMargins(8, 2, 8, 2)
            self.pilih.before_change = self.confirm_leave
            self.pilih.changed.connect(lambda _k: self.refresh())
            self.setCornerWidget(self.pilih, Qt.Corner.TopRightCorner)

    def _inner(self, index: int) -> QWidget | None:
        """The tab at ``index``, built now if it was not yet."""
        place = self.widget(index)
        return place.built() if isinstance(place, _Tempat) else place

    def _built_only(self, index: int) -> QWidget | None:
        """The tab at ``index`` if it has been built (None otherwise)."""
        place = self.widget(index)
        return place.inner if isinstance(place, _Tempat) else place

    def indexOf(self, widget: QWidget) -> int:
        """The index of a tab, given the tab itself (or its place)."""
        for i in range(self.count()):
            place = self.widget(i)
            if place is widget or (isinstance(place, _Tempat) and place.inner is widget):
                return i
        return -1

    def setCurrentWidget(self, widget: QWidget) -> None:
        index = self.indexOf(widget)
        if index >= 0:
            self.setCurrentIndex(index)

    def currentWidget(self) -> QWidget:
        """The tab shown (built when it was not yet)."""
        inner = self._inner(self.currentIndex()) if self.count() else None
        return inner if inner is not None else super().currentWidget()

    def tab(self, key: str) -> QWidget | None:
        return self._inner(self.keys.index(key)) if key in self.keys else None

    def tab_titles(self) -> list[str]:
        return [self.tabText(i) for i in range(self.count())]

    def _changed(self, index: int) -> None:
        previous = self._built_only(self._last)
        confirm = getattr(previous, "confirm_leave", None)
        if index != self._last and callable(confirm) and not confirm():
            self.blockSignals(True)
            self.setCurrentIndex(self._last)
            self.blockSignals(False)
            return
        self._last = index
        if self._built_only(index) is None:
            self._inner(index)  # a new tab loads itself
            return
        refresh = getattr(self._built_only(index), "refresh", None)
        if callable(refresh):
            refresh()

    def confirm_leave(self) -> bool:
        """Unsaved work in the current tab is not lost when the user leaves the page."""
        confirm = getattr(self._built_only(self.currentIndex()), "confirm_leave", None)
        return bool(confirm()) if callable(confirm) else True

    def refresh(self) -> None:
        refresh = getattr(self._inner(self.currentIndex()), "refresh", None)
        if callable(refresh):
            refresh()
