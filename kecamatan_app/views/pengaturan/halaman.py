"""The Pengaturan page: the office and camat, users, reference lists, the audit trail, security
settings, backups, data protection and retention. Only the tabs the user's role may use are
shown (``permissions.allowed``); the services check the same rights again."""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QTabWidget, QWidget

from ...services.context import Actor
from ...services.permissions import Aksi, allowed
from .audit_tab import AuditTab
from .cadangan_tab import CadanganTab
from .kantor_tab import KantorTab
from .keamanan_tab import KeamananTab
from .pengguna_tab import PenggunaTab
from .perlindungan_tab import PerlindunganTab
from .referensi_tab import ReferensiTab
from .retensi_tab import RetensiTab

__all__ = ["PengaturanPage"]


class _Refreshable(Protocol):
    def refresh(self) -> None: ...


class PengaturanPage(QTabWidget):
    #: The data were restored from a backup: everyone signs in again (the main window).
    logout_requested = Signal()

    def __init__(self, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        self.setObjectName("halamanPengaturan")
        self.setDocumentMode(True)
        self.kantor = KantorTab(actor)
        self.addTab(self.kantor, "Kantor")
        self.pengguna: PenggunaTab | None = None
        if allowed(actor, Aksi.PENGGUNA_KELOLA):
            self.pengguna = PenggunaTab(actor)
            self.addTab(self.pengguna, "Pengguna")
        self.referensi = ReferensiTab(actor)
        self.addTab(self.referensi, "Referensi")
        self.audit: AuditTab | None = None
        if allowed(actor, Aksi.AUDIT_LIHAT):
            self.audit = AuditTab(actor)
            self.addTab(self.audit, "Jejak Audit")
        self.keamanan: KeamananTab | None = None
        if allowed(actor, Aksi.PENGATURAN_UBAH):
            self.keamanan = KeamananTab(actor)
            self.addTab(self.keamanan, "Keamanan")
        self.cadangan: CadanganTab | None = None
        if allowed(actor, Aksi.CADANGAN_BUAT) or allowed(actor, Aksi.CADANGAN_PULIHKAN):
            self.cadangan = CadanganTab(actor)
            self.cadangan.restored.connect(self.logout_requested)
            self.addTab(self.cadangan, "Cadangan")
        # every role: the officer, the purpose and the privacy notice (read-only without the
        # settings right); the subject-access report only for roles that may print it
        self.perlindungan = PerlindunganTab(actor)
        self.addTab(self.perlindungan, "Perlindungan Data")
        self.retensi: RetensiTab | None = None
        if allowed(actor, Aksi.RETENSI_KELOLA):
            self.retensi = RetensiTab(actor)
            self.addTab(self.retensi, "Retensi Data")
        self.currentChanged.connect(self._tab_shown)

    def tab_titles(self) -> list[str]:
        return [self.tabText(i) for i in range(self.count())]

    def _tab_shown(self, index: int) -> None:
        """A tab shows fresh data when it is opened (another tab may have changed the trail)."""
        widget = self.widget(index)
        if widget is self.audit and self.audit is not None:
            self.audit.refresh()

    def refresh(self) -> None:
        tabs: list[_Refreshable | None] = [
            self.kantor,
            self.pengguna,
            self.referensi,
            self.audit,
            self.keamanan,
            self.cadangan,
            self.perlindungan,
            self.retensi,
        ]
        for tab in tabs:
            if tab is not None:
                tab.refresh()
