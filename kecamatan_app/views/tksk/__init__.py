"""TKSK: candidates with their documents and the Pasal 9 check, the active TKSK with the SK
term, the assignment history, and the office's Pasal 9 rules.

The page only wires its tabs together: a change in one (a saved candidate, an appointment, a
termination, new rules) refreshes the others that show it. In a Dinas Sosial database a user of
the whole kabupaten chooses the kecamatan beside the tabs (:mod:`..kecamatan_pilih`); another
kecamatan reloads every tab.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTabWidget, QWidget

from ...services.context import Actor
from .. import kecamatan_pilih
from .aktif_tab import AktifTab
from .aturan_tab import AturanTab
from .pendaftar_dialog import PendaftarDialog
from .pendaftar_tab import PendaftarTab
from .riwayat_tab import RiwayatTab

__all__ = ["PendaftarDialog", "TkskPage"]


class TkskPage(QTabWidget):
    def __init__(self, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        self.setObjectName("halamanTksk")
        self.setDocumentMode(True)
        self.pendaftar = PendaftarTab(actor)
        self.aktif = AktifTab(actor)
        self.riwayat = RiwayatTab(actor)
        self.aturan = AturanTab(actor)
        self.addTab(self.pendaftar, "Pendaftar")
        self.addTab(self.aktif, "TKSK Aktif")
        self.addTab(self.riwayat, "Riwayat Penugasan")
        self.addTab(self.aturan, "Aturan Pasal 9")
        self.pendaftar.changed.connect(self._assignments_changed)
        self.aktif.changed.connect(self._assignments_changed)
        self.aktif.changed.connect(self.pendaftar.refresh)
        self.aktif.open_requested.connect(self._open_candidate)
        self.aturan.saved.connect(self.pendaftar.refresh)
        self.currentChanged.connect(self._tab_shown)
        self.pilih = kecamatan_pilih.buat(actor, self)
        if self.pilih is not None:
            self.pilih.note.setVisible(False)  # beside the tabs: the note is its tooltip
            self.pilih.combo.setToolTip(f"{self.pilih.combo.toolTip()}\n{kecamatan_pilih.CATATAN}")
            self.pilih.setContentsMargins(8, 2, 8, 2)
            self.pilih.changed.connect(lambda _k: self.refresh())
            self.setCornerWidget(self.pilih, Qt.Corner.TopRightCorner)

    def tab_titles(self) -> list[str]:
        return [self.tabText(i) for i in range(self.count())]

    def _assignments_changed(self) -> None:
        self.aktif.refresh()
        self.riwayat.refresh()

    def _open_candidate(self, pendaftar_id: int) -> None:
        self.setCurrentWidget(self.pendaftar)
        self.pendaftar.open_candidate(pendaftar_id)

    def _tab_shown(self, index: int) -> None:
        """The SK-term warning depends on today's date: show it fresh."""
        if self.widget(index) is self.aktif:
            self.aktif.refresh()

    def refresh(self) -> None:
        self.pendaftar.reload()
        self.aktif.refresh()
        self.riwayat.refresh()
        self.aturan.refresh()
