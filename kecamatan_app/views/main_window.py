"""The main window: side navigation over the module pages, menus and the status bar.

Modules are listed in one registry (:data:`PAGES`): key, title, a factory ``(actor, parent)`` and
who may see the page. Only modules that work are listed. Pages are built the first time they are
opened; ``F5`` calls ``refresh()`` on the current page when it has one.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial

from PySide6.QtCore import QByteArray, QSettings, QSize, Qt, Signal, SignalInstance
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QStyle,
    QTabWidget,
    QWidget,
)

from .. import config
from ..config import DatabaseTarget
from ..services import kantor, users
from ..services.context import Actor
from ..services.errors import AppError
from . import messages
from .kunci_layar import IdleLock
from .login import ChangePasswordDialog
from .privasi_dialog import show_privacy_notice
from .tentang_dialog import TentangDialog

log = logging.getLogger(__name__)

PageFactory = Callable[[Actor, QWidget], QWidget]
SETTINGS_FILE = "tampilan.ini"


def _everyone(actor: Actor) -> bool:
    return True


@dataclass(frozen=True)
class PageSpec:
    key: str
    title: str
    factory: PageFactory
    visible: Callable[[Actor], bool] = _everyone
    icon: QStyle.StandardPixmap = QStyle.StandardPixmap.SP_FileIcon


def _beranda(actor: Actor, parent: QWidget) -> QWidget:
    from .beranda import BerandaPage

    label = parent.target.label if isinstance(parent, MainWindow) else ""
    return BerandaPage(actor, parent, database_label=label)


def _tksk(actor: Actor, parent: QWidget) -> QWidget:
    from .tksk import TkskPage

    return TkskPage(actor, parent)


def _may_see_tksk(actor: Actor) -> bool:
    from ..services.permissions import Aksi, allowed

    return allowed(actor, Aksi.PENDAFTAR_LIHAT)


def _pemetaan(actor: Actor, parent: QWidget) -> QWidget:
    from .pemetaan import PemetaanPage

    return PemetaanPage(actor, parent)


def _may_see_pemetaan(actor: Actor) -> bool:
    from ..services.permissions import Aksi, allowed

    return allowed(actor, Aksi.PEMETAAN_LIHAT) or allowed(actor, Aksi.REGISTRI_LIHAT)


def _kegiatan(actor: Actor, parent: QWidget) -> QWidget:
    from .kegiatan import KegiatanPage

    return KegiatanPage(actor, parent)


def _may_see_kegiatan(actor: Actor) -> bool:
    from ..services.permissions import Aksi, allowed

    return allowed(actor, Aksi.KEGIATAN_LIHAT)


def _laporan(actor: Actor, parent: QWidget) -> QWidget:
    from .laporan import LaporanPage

    return LaporanPage(actor, parent)


def _may_see_laporan(actor: Actor) -> bool:
    from ..services.permissions import Aksi, allowed

    return allowed(actor, Aksi.LAPORAN_LIHAT)


def _pengaturan(actor: Actor, parent: QWidget) -> QWidget:
    from .pengaturan import PengaturanPage

    return PengaturanPage(actor, parent)


PAGES: list[PageSpec] = [
    PageSpec("beranda", "Beranda", _beranda, icon=QStyle.StandardPixmap.SP_DirHomeIcon),
    PageSpec(
        "tksk", "TKSK", _tksk, _may_see_tksk, icon=QStyle.StandardPixmap.SP_FileDialogContentsView
    ),
    PageSpec(
        "pemetaan",
        "Pemetaan Sosial",
        _pemetaan,
        _may_see_pemetaan,
        icon=QStyle.StandardPixmap.SP_DriveNetIcon,
    ),
    PageSpec(
        "kegiatan",
        "Kegiatan",
        _kegiatan,
        _may_see_kegiatan,
        icon=QStyle.StandardPixmap.SP_FileDialogListView,
    ),
    PageSpec(
        "laporan", "Laporan", _laporan, _may_see_laporan, icon=QStyle.StandardPixmap.SP_FileIcon
    ),
    # Every role sees Pengaturan; the page shows only the tabs the role may use.
    PageSpec(
        "pengaturan",
        "Pengaturan",
        _pengaturan,
        icon=QStyle.StandardPixmap.SP_FileDialogDetailedView,
    ),
]


def register_page(spec: PageSpec) -> None:
    """Add a module to the registry, or replace the one with the same key."""
    for i, existing in enumerate(PAGES):
        if existing.key == spec.key:
            PAGES[i] = spec
            return
    PAGES.append(spec)


def window_settings() -> QSettings:
    """Window state lives beside the data (per user, and per folder in tests/portable use)."""
    return QSettings(str(config.data_dir() / SETTINGS_FILE), QSettings.Format.IniFormat)


class MainWindow(QMainWindow):
    logged_out = Signal()
    closed = Signal()

    def __init__(
        self,
        actor: Actor,
        target: DatabaseTarget,
        pages: Sequence[PageSpec] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.actor = actor
        self.target = target
        self._logging_out = False
        self._closed = False
        self.specs = [s for s in (PAGES if pages is None else pages) if s.visible(actor)]
        self._built: dict[int, QWidget] = {}

        office = kantor.get_office()
        self.setWindowTitle(
            "Kecamatan TKSK" + (f" \u2014 Kecamatan {office.kecamatan}" if office else "")
        )
        self.nav = QListWidget()
        self.nav.setObjectName("navigasi")
        self.nav.setIconSize(QSize(22, 22))
        self.nav.setFixedWidth(190)
        self.stack = QStackedWidget()
        for row, spec in enumerate(self.specs):
            icon = self.style().standardIcon(spec.icon)
            item = QListWidgetItem(icon, spec.title, self.nav)
            item.setSizeHint(QSize(0, 40))
            if row < 9:
                item.setToolTip(f"{spec.title} (Ctrl+{row + 1})")
            self.stack.addWidget(QWidget())  # replaced by the page the first time it is shown
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.nav.currentRowChanged.connect(self.show_index)

        self.idle_lock = IdleLock(self, actor)
        self.idle_lock.logout_requested.connect(self._logout_from_lock)
        self._build_menus()
        self._build_status_bar()
        self.resize(1100, 700)
        self._restore_geometry()
        if self.specs:
            self.nav.setCurrentRow(0)
        self.nav.setFocus()

    # -- building ---------------------------------------------------------------------------
    def _action(self, text: str, slot: Callable[[], object], shortcut: str = "") -> QAction:
        action = QAction(text, self)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        berkas = bar.addMenu("&Berkas")
        berkas.addAction(self._action("&Ganti kata sandi...", self.change_password))
        self.lock_action = self._action("K&unci layar", self.idle_lock.lock, "Ctrl+L")
        self.lock_action.setStatusTip("Menutup layar sampai kata sandi Anda dimasukkan lagi")
        # also from a dialog that is not modal (a modal one keeps its own shortcuts to itself)
        self.lock_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        berkas.addAction(self.lock_action)
        berkas.addAction(self._action("&Keluar akun", self.logout, "Ctrl+Shift+L"))
        berkas.addSeparator()
        berkas.addAction(self._action("&Tutup aplikasi", self.close, "Ctrl+Q"))
        tampilan = bar.addMenu("&Tampilan")
        for row, spec in enumerate(self.specs[:9]):
            tampilan.addAction(
                self._action(spec.title, partial(self.nav.setCurrentRow, row), f"Ctrl+{row + 1}")
            )
        tampilan.addSeparator()
        tampilan.addAction(self._action("&Muat ulang halaman", self.refresh_current, "F5"))
        bantuan = bar.addMenu("B&antuan")
        bantuan.addAction(self._action("Pemberitahuan &privasi...",
                                       lambda: show_privacy_notice(self)))
        bantuan.addAction(self._action("&Tentang Kecamatan TKSK...", self.about))

    def _build_status_bar(self) -> None:
        self.user_label = QLabel(f"Pengguna: {self.actor.full_name}")
        self.role_label = QLabel(f"Peran: {self.actor.role_label}")
        self.database_label = QLabel(f"Basis data: {self.target.label}")
        self.database_label.setToolTip(self.target.label)
        for label in (self.user_label, self.role_label, self.database_label):
            self.statusBar().addPermanentWidget(label)
        self.network_label: QLabel | None = None

    def show_network_warning(self, reason: str) -> None:
        """A permanent red note: the SQLite file sits on a network share (see app.py)."""
        if self.network_label is None:
            self.network_label = QLabel("\u26a0 Basis data di folder jaringan: risiko rusak")
            self.network_label.setObjectName("peringatanJaringan")
            self.network_label.setStyleSheet("color: #b00020; font-weight: bold;")
            self.statusBar().insertPermanentWidget(0, self.network_label)
        self.network_label.setToolTip(reason)

    # -- pages ------------------------------------------------------------------------------
    def _make_page(self, spec: PageSpec) -> QWidget:
        try:
            page = spec.factory(self.actor, self)
            # a page asking for another page's list (the Beranda's tiles)
            request = getattr(page, "open_requested", None)
            if isinstance(request, SignalInstance):
                request.connect(self.open_request)
            # a page after which everyone must sign in again (a restore from a backup)
            leave = getattr(page, "logout_requested", None)
            if isinstance(leave, SignalInstance):
                leave.connect(self._logout_after_restore)
            return page
        except Exception as exc:
            log.exception("Halaman %s tidak dapat dibuat", spec.key)
            messages.show_error(self, exc, f"Halaman {spec.title} tidak dapat dibuka")
            label = QLabel(
                f"Halaman {spec.title} tidak dapat dibuka. Rinciannya tercatat di berkas log."
            )
            label.setWordWrap(True)
            return label

    def _may_leave(self) -> bool:
        """A page with unsaved work (``confirm_leave``) may keep the user on it."""
        confirm = getattr(self.current_page(), "confirm_leave", None)
        return bool(confirm()) if callable(confirm) else True

    def show_index(self, row: int) -> None:
        if not 0 <= row < len(self.specs):
            return
        if row != self.stack.currentIndex() and not self._may_leave():
            self.nav.setCurrentRow(self.stack.currentIndex())
            return
        if row not in self._built:
            page = self._make_page(self.specs[row])
            old = self.stack.widget(row)
            self.stack.insertWidget(row, page)
            if old is not None:
                self.stack.removeWidget(old)
                old.deleteLater()
            self._built[row] = page
        self.stack.setCurrentIndex(row)
        if self.nav.currentRow() != row:
            self.nav.setCurrentRow(row)

    def show_page(self, key: str) -> QWidget | None:
        for row, spec in enumerate(self.specs):
            if spec.key == key:
                self.show_index(row)
                return self._built.get(row)
        return None

    def open_request(self, page_key: str, tab_key: str, params: object) -> None:
        """Show ``page_key`` and its tab ``tab_key`` (found by the page's ``tab(key)``, else its
        attribute of that name), then hand ``params`` to the tab's (else the page's)
        ``apply_request(params)`` when it has one. A page or tab this window does not have
        (not registered, or not for this role) is ignored."""
        page = self.show_page(page_key)
        if page is None or self.current_key() != page_key:
            return
        target: QWidget = page
        if tab_key and isinstance(page, QTabWidget):
            finder = getattr(page, "tab", None)
            tab = finder(tab_key) if callable(finder) else getattr(page, tab_key, None)
            if isinstance(tab, QWidget) and page.indexOf(tab) >= 0:
                page.setCurrentWidget(tab)
                target = tab
        apply = getattr(target, "apply_request", None)
        if callable(apply):
            try:
                apply(params)
            except AppError as exc:
                messages.show_error(self, exc, "Daftar tidak dapat dibuka")

    def current_key(self) -> str:
        row = self.stack.currentIndex()
        return self.specs[row].key if 0 <= row < len(self.specs) else ""

    def current_page(self) -> QWidget | None:
        return self._built.get(self.stack.currentIndex())

    def refresh_current(self) -> None:
        refresh = getattr(self.current_page(), "refresh", None)
        if callable(refresh):
            try:
                refresh()
            except AppError as exc:
                messages.show_error(self, exc, "Halaman tidak dapat dimuat ulang")
            else:
                self.statusBar().showMessage("Halaman dimuat ulang.", 3000)

    # -- menu actions -----------------------------------------------------------------------
    def change_password(self) -> None:
        if ChangePasswordDialog.ask(self.actor, self):
            messages.info(self, "Ganti kata sandi", "Kata sandi Anda sudah diganti.")

    def logout(self, *, force: bool = False) -> bool:
        """Sign out: close this window's dialogs and the window, then emit ``logged_out``.

        A page with unsaved work may keep the user (``confirm_leave``) unless ``force`` (the
        screen lock's "Keluar", an account locked meanwhile, a restore). Returns False when the
        user stayed.
        """
        if self._logging_out:
            return True
        if not force and not self._may_leave():
            return False
        self._logging_out = True
        self.idle_lock.stop()
        self._close_dialogs()
        try:
            users.logout(self.actor)
        except AppError as exc:
            log.warning("Catatan keluar akun gagal: %s", exc)
        self.close()
        self.logged_out.emit()
        return True

    def _logout_from_lock(self) -> None:
        self.logout(force=True)

    def _logout_after_restore(self) -> None:
        """The data (and the accounts) are now those of the backup: sign in again."""
        self.logout(force=True)

    def _close_dialogs(self) -> None:
        """Close every open window owned by this one, innermost first, without the dialogs'
        own "discard changes?" questions (their ``reject`` overrides are bypassed)."""
        for widget in reversed(self.findChildren(QWidget)):
            if not widget.isWindow() or not widget.isVisible():
                continue
            if isinstance(widget, QDialog):
                QDialog.done(widget, QDialog.DialogCode.Rejected)
            else:
                widget.close()

    def about(self) -> None:
        """Help > Tentang: version, where the data live, and the shipped libraries' licences."""
        TentangDialog.tampilkan(self.target, self)

    # -- window state -----------------------------------------------------------------------
    def _restore_geometry(self) -> None:
        value = window_settings().value("jendela_utama/geometri")
        if isinstance(value, QByteArray) and not value.isEmpty():
            self.restoreGeometry(value)

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._logging_out and not self._may_leave():
            event.ignore()
            return
        self.idle_lock.stop()
        settings = window_settings()
        settings.setValue("jendela_utama/geometri", self.saveGeometry())
        settings.sync()
        super().closeEvent(event)
        if not self._logging_out and not self._closed:
            self._closed = True
            try:
                users.logout(self.actor)
            except AppError as exc:
                log.warning("Catatan keluar akun gagal: %s", exc)
            self.closed.emit()
