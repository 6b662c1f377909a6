"""A module page made of tabs, each shown only to roles allowed it (Pemetaan Sosial, Kegiatan).

A tab with unsaved work may keep the user on it (``confirm_leave()``); a tab that is shown again
is refreshed (``refresh()``)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtWidgets import QTabWidget, QWidget

from ..services.context import Actor
from ..services.permissions import Aksi, allowed

TabSpec = tuple[str, str, Aksi | None, Callable[[Actor], QWidget]]


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
                self.addTab(make(actor), title)
                self.keys.append(key)
        self._last = 0
        self.currentChanged.connect(self._changed)

    def tab(self, key: str) -> QWidget | None:
        return self.widget(self.keys.index(key)) if key in self.keys else None

    def tab_titles(self) -> list[str]:
        return [self.tabText(i) for i in range(self.count())]

    def _changed(self, index: int) -> None:
        previous = self.widget(self._last)
        confirm = getattr(previous, "confirm_leave", None)
        if index != self._last and callable(confirm) and not confirm():
            self.blockSignals(True)
            self.setCurrentIndex(self._last)
            self.blockSignals(False)
            return
        self._last = index
        refresh = getattr(self.widget(index), "refresh", None)
        if callable(refresh):
            refresh()

    def confirm_leave(self) -> bool:
        """Unsaved work in the current tab is not lost when the user leaves the page."""
        confirm = getattr(self.currentWidget(), "confirm_leave", None)
        return bool(confirm()) if callable(confirm) else True

    def refresh(self) -> None:
        refresh = getattr(self.currentWidget(), "refresh", None)
        if callable(refresh):
            refresh()
