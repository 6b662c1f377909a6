"""Pemetaan Sosial: summary, counts per desa, the by-name registry, PSKS, register matching,
poverty assessment and the desa/dusun master data. Each tab shows only to roles allowed it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QTabWidget, QWidget

from ...services.context import Actor
from ...services.permissions import Aksi, allowed


def _tabs() -> list[tuple[str, str, Aksi | None, Callable[[Actor], QWidget]]]:
    from .cocok_tab import CocokRegisterTab
    from .kemiskinan_tab import KemiskinanTab
    from .psks_tab import PsksTab
    from .registri_tab import RegistriTab
    from .rekap_tab import RekapTab
    from .ringkasan_tab import RingkasanTab
    from .wilayah_tab import WilayahTab

    return [
        ("ringkasan", "Ringkasan", Aksi.PEMETAAN_LIHAT, lambda a: RingkasanTab(a)),
        ("rekap", "Rekap per Desa", Aksi.PEMETAAN_LIHAT, lambda a: RekapTab(a)),
        ("registri", "PPKS per Nama", Aksi.REGISTRI_LIHAT, lambda a: RegistriTab(a)),
        ("psks", "PSKS", Aksi.REGISTRI_LIHAT, lambda a: PsksTab(a)),
        ("cocok", "Cocokkan Register", Aksi.REGISTRI_LIHAT, lambda a: CocokRegisterTab(a)),
        ("kemiskinan", "Penilaian Kemiskinan", Aksi.REGISTRI_LIHAT, lambda a: KemiskinanTab(a)),
        ("wilayah", "Wilayah", None, lambda a: WilayahTab(a)),
    ]


class PemetaanPage(QTabWidget):
    def __init__(self, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        self.setObjectName("halamanPemetaan")
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
        """Unsaved numbers in the counts grid are not lost when the user leaves the page."""
        confirm = getattr(self.currentWidget(), "confirm_leave", None)
        return bool(confirm()) if callable(confirm) else True

    def refresh(self) -> None:
        refresh = getattr(self.currentWidget(), "refresh", None)
        if callable(refresh):
            refresh()
