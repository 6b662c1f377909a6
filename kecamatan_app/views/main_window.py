"""The main window: side navigation over the module pages, menus and the status bar.

Modules are listed in one registry (:data:`PAGES`, in :mod:`.halaman_daftar`): key, title, a
factory ``(actor, parent)`` and who may see the page. Only modules that work are listed. Pages
are built the first time they are opened; ``F5`` calls ``refresh()`` on the current page when it
has one.

A Dinas Sosial database adds the pages of :data:`PAGES_DINAS` (the kabupaten dashboard) after the
Beranda; for a user who sees every kecamatan (role ``dinas``, an administrator without a
kecamatan) the kabupaten dashboard is the page shown first.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
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
    QTabWidget,
    QWidget,
)

from .. import config
from ..config import DatabaseTarget
from ..services import users
from ..services.context import Actor
from ..services.errors import AppError
from ..services.kabupaten import tempat_kerja
from . import kecamatan_pilih, messages, paket_dialog
from .halaman_daftar import (
    HOME_DINAS,
    PAGES,
    PAGES_DINAS,
    PageFactory,
    PageSpec,
    home_key,
    pages_for,
    register_page,
)
from .kunci_layar import IdleLock
from .login import ChangePasswordDialog

log = logging.getLogger(__name__)

__all__ = ["HOME_DINAS", "PAGES", "PAGES_DINAS", "MainWindow", "PageFactory", "PageSpec",
           "home_key", "pages_for", "register_page", "window_settings"]

SETTINGS_FILE = "tampilan.ini"


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
        self.specs = (pages_for(actor) if pages is None
                      else [s for s in pages if s.visible(actor)])
        self._built: dict[int, QWidget] = {}
        place = tempat_kerja(actor)  # "Kecamatan X", or "Dinas Sosial <kabupaten>"
        self.setWindowTitle("Kecamatan TKSK" + (f" \u2014 {place}" if place else ""))
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
            home = home_key(actor)
            keys = [spec.key for spec in self.specs]
            self.nav.setCurrentRow(keys.index(home) if home in keys else 0)
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
        if paket_dialog.boleh_kirim(self.actor) or paket_dialog.boleh_terima(self.actor):
            berkas.addSeparator()
        if paket_dialog.boleh_kirim(self.actor):
            berkas.addAction(self._action("Kirim &paket ke Dinas Sosial...", self._paket))
        if paket_dialog.boleh_terima(self.actor):
            berkas.addAction(self._action("Terima &paket dari kecamatan...", self._paket))
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
                                       self._privacy_notice))
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

    def _paket(self) -> None:
        """The exchange package dialog; after a receive the open page shows the new figures."""
        paket_dialog.PaketDialog.tampilkan(self.actor, self)
        self.refresh_current()

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
        kecamatan_pilih.lupakan(self.actor)
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

    def _privacy_notice(self) -> None:
        from .privasi_dialog import show_privacy_notice  # loaded when asked for

        show_privacy_notice(self)

    def about(self) -> None:
        """Help > Tentang: version, where the data live, and the shipped libraries' licences."""
        from .tentang_dialog import TentangDialog  # loaded when asked for, not at start

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
