"""Kegiatan: the activity log by the regulation's functions, referrals followed to an outcome,
and the recaps. Each tab shows only to roles allowed it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QTabWidget, QWidget

from ...services.context import Actor
from ...services.permissions import Aksi, allowed


def _tabs() -> list[tuple[str, str, Aksi | None, Callable[[Actor], QWidget]]]:
    from .kegiatan_tab import KegiatanTab
    from .rekap_tab import RekapKegiatanTab
    from .rujukan_tab import RujukanTab

    return [
        ("kegiatan", "Kegiatan", Aksi.KEGIATAN_LIHAT, lambda a: KegiatanTab(a)),
        ("rujukan", "Rujukan", Aksi.KEGIATAN_LIHAT, lambda a: RujukanTab(a)),
        ("rekap", "Rekap", Aksi.KEGIATAN_LIHAT, lambda a: RekapKegiatanTab(a)),
    ]


class KegiatanPage(QTabWidget):
    def __init__(self, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        self.setObjectName("halamanKegiatan")
        self.setDocumentMode(True)
        self.keys: list[str] = []
        for key, title, aksi, make in _tabs():
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
        self._last = index
        refresh = getattr(self.widget(index), "refresh", None)
        if callable(refresh):
            refresh()

    def refresh(self) -> None:
        refresh = getattr(self.currentWidget(), "refresh", None)
        if callable(refresh):
            refresh()
