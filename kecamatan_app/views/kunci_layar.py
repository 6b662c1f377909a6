"""The idle screen lock: after N minutes without input the windows are covered and the signed-in
user's password is asked again.

:class:`IdleLock` is an application-wide event filter: mouse presses, key presses, the wheel and
touch count as use; timers, paint and mere mouse moves do not. A single-shot timer checks how long
the app has been idle; the number of minutes is read from the setting ``keamanan.kunci_layar_menit``
at every check (at least once a minute), so a change applies without a restart; 0 means never.

Locking covers every open window (the main window and the dialogs opened from it) with an opaque
:class:`CoverWidget` and shows the modal :class:`LockDialog` over the main window. Nothing is
closed: a half-filled form stays open underneath, unchanged, and is usable again after unlocking.
The password is checked by ``users.buka_kunci_layar`` (audited, counts toward the lockout); when
the account locks, or the user presses "Keluar (ganti pengguna)", :attr:`IdleLock.logout_requested`
asks the main window to log out.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QColor, QFont, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from ..services import settings, users
from ..services.context import Actor
from ..services.errors import AppError
from . import messages
from .login import error_label, show_inline

log = logging.getLogger(__name__)

SETTING = "keamanan.kunci_layar_menit"
#: The setting is read again at least this often, so a change applies without a restart.
CHECK_MAX_MS = 60_000
COVER_COLOUR = QColor("#1f3a5f")
DIALOG_COVER_COLOUR = QColor("#2f5d8f")
LOCKED_TITLE = "Kecamatan TKSK \u2014 terkunci"

INPUT_EVENTS = frozenset(
    {
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.KeyPress,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.TabletPress,
    }
)


def lock_minutes() -> int:
    """Idle minutes before the lock (0 = never), from the settings."""
    return int(settings.get(SETTING))


def _alive(widget: QWidget | None) -> bool:
    return widget is not None and shiboken6.isValid(widget)


class CoverWidget(QWidget):
    """An opaque sheet over a whole window: nothing of what is underneath shows or takes input.

    The main window's sheet names the app at the top (the lock dialog sits in the middle); a
    dialog's sheet is a lighter shade and says that the window stays open underneath.
    """

    def __init__(self, host: QWidget, big: bool) -> None:
        super().__init__(host)
        self.setObjectName("penutupLayar")
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.colour = COVER_COLOUR if big else DIALOG_COVER_COLOUR
        layout = QVBoxLayout(self)
        title = QLabel("Kecamatan TKSK — layar terkunci" if big else "Terkunci")
        font = QFont(title.font())
        font.setPointSizeF(font.pointSizeF() * (1.8 if big else 1.2))
        font.setBold(True)
        title.setFont(font)
        hint = QLabel(
            "Masukkan kata sandi untuk melanjutkan pekerjaan."
            if big
            else "Jendela ini tetap terbuka; isiannya tidak hilang."
        )
        for label in (title, hint):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setWordWrap(True)
        if big:
            layout.addStretch(1)
            layout.addWidget(title)
            layout.addWidget(hint)
            layout.addStretch(4)  # above the lock dialog, which sits in the middle
        else:
            layout.addStretch(1)
            layout.addWidget(title)
            layout.addWidget(hint)
            layout.addStretch(1)
        self.setStyleSheet("QLabel { color: #eef3f8; }")
        self.fit()
        self.show()

    def fit(self) -> None:
        host = self.parentWidget()
        if host is not None:
            self.setGeometry(host.rect())
        self.raise_()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), self.colour)
        painter.end()


class LockDialog(QDialog):
    """Asks the signed-in user's password; cannot be dismissed with Esc or the close button."""

    unlocked = Signal()
    logout_requested = Signal()

    def __init__(self, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(
            parent,
            Qt.WindowType.Dialog
            | Qt.WindowType.CustomizeWindowHint
            | Qt.WindowType.WindowTitleHint,
        )
        self.actor = actor
        self._may_close = False
        self.setObjectName("kunciLayar")
        self.setWindowTitle("Layar terkunci \u2014 Kecamatan TKSK")
        self.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.setMinimumWidth(440)

        header = QLabel("Layar terkunci")
        font = QFont(header.font())
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        header.setFont(font)
        intro = QLabel(
            "Aplikasi dikunci agar data tidak terlihat orang lain. Pekerjaan yang belum "
            "disimpan tetap terbuka di bawahnya."
        )
        intro.setWordWrap(True)
        self.who = QLabel(
            f"Masuk sebagai: <b>{_escape(actor.full_name)}</b><br>"
            f"Nama pengguna: {_escape(actor.username)} \u00b7 Peran: {_escape(actor.role_label)}"
        )
        self.who.setWordWrap(True)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout()
        label = QLabel("&Kata sandi:")
        label.setBuddy(self.password)
        form.addRow(label, self.password)
        self.error = error_label()

        self.buttons = QDialogButtonBox()
        self.unlock_button = QPushButton("&Buka kunci")
        self.unlock_button.setDefault(True)
        self.logout_button = QPushButton("Keluar (&ganti pengguna)")
        self.buttons.addButton(self.unlock_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.logout_button, QDialogButtonBox.ButtonRole.DestructiveRole)
        self.unlock_button.clicked.connect(self.try_unlock)
        self.logout_button.clicked.connect(self.ask_logout)

        layout = QVBoxLayout(self)
        layout.addWidget(header)
        layout.addWidget(intro)
        layout.addWidget(self.who)
        layout.addSpacing(6)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.password.setFocus()

    def try_unlock(self) -> None:
        try:
            result = users.buka_kunci_layar(self.actor, self.password.text())
        except AppError as exc:  # e.g. the database is busy: say so and let the user retry
            show_inline(self.error, str(exc))
            return
        self.password.clear()
        if result.terbuka:
            log.info("%s membuka kunci layar", self.actor.username)
            self.unlocked.emit()
            return
        if result.keluar:
            messages.warning(self, "Keluar dari aplikasi", result.pesan)
            self.logout_requested.emit()
            return
        show_inline(self.error, result.pesan)
        self.password.setFocus()

    def ask_logout(self) -> None:
        if messages.confirm(
            self,
            "Keluar (ganti pengguna)",
            f"Keluarkan {self.actor.full_name} dari aplikasi? Isian yang belum disimpan di "
            "jendela yang masih terbuka akan hilang.",
            destructive=True,
        ):
            self.logout_requested.emit()

    def accept(self) -> None:  # Enter in the password field presses the default button
        self.try_unlock()

    def reject(self) -> None:  # Esc does not dismiss the lock
        self.password.setFocus()

    def close_for_good(self) -> None:
        self._may_close = True
        QDialog.done(self, QDialog.DialogCode.Accepted)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._may_close:
            super().closeEvent(event)
        else:
            event.ignore()


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class IdleLock(QObject):
    """Watches input for one signed-in window; locks it after the idle time or on request."""

    locked_changed = Signal(bool)
    logout_requested = Signal()

    def __init__(
        self,
        window: QWidget,
        actor: Actor,
        *,
        clock: Callable[[], float] = time.monotonic,
        minutes: Callable[[], int] = lock_minutes,
    ) -> None:
        super().__init__(window)  # no Python reference back to the window: no cycle
        self.actor = actor
        self.clock = clock
        self.minutes = minutes
        self.dialog: LockDialog | None = None
        self._covers: dict[QWidget, tuple[CoverWidget, str]] = {}
        self._focus: QWidget | None = None
        self._last_minutes = 0
        self._active = True
        self.last_input = clock()
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.check)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self.check()

    @property
    def window(self) -> QWidget:
        parent = self.parent()
        assert isinstance(parent, QWidget)
        return parent

    @property
    def locked(self) -> bool:
        return self.dialog is not None

    # -- watching ---------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if self.dialog is None:
            if kind in INPUT_EVENTS:
                self.last_input = self.clock()
        elif kind == QEvent.Type.Show and isinstance(watched, QWidget) and watched.isWindow():
            QTimer.singleShot(0, lambda w=watched: self._cover_late(w))
        elif kind == QEvent.Type.Resize and watched in self._covers:
            self._covers[watched][0].fit()
        return False

    def _read_minutes(self) -> int:
        try:
            self._last_minutes = max(0, int(self.minutes()))
        except Exception:  # the database is busy or closed: keep the last known value
            log.warning("Pengaturan kunci layar tidak dapat dibaca", exc_info=True)
        return self._last_minutes

    def check(self) -> None:
        """The timer's slot: lock when idle long enough, else look again later."""
        if not self._active or self.dialog is not None:
            return
        minutes = self._read_minutes()
        if minutes <= 0:
            self.timer.start(CHECK_MAX_MS)  # never, but look again for a changed setting
            return
        limit = minutes * 60.0
        idle = self.clock() - self.last_input
        if idle >= limit and self.window.isVisible():
            log.info("Layar dikunci setelah %d menit tidak dipakai", minutes)
            self.lock()
            return
        wait_ms = int(max(limit - idle, 1.0) * 1000)
        self.timer.start(min(wait_ms, CHECK_MAX_MS))

    # -- locking ----------------------------------------------------------------------------
    def lock(self) -> None:
        """Cover every window and ask for the password (also Berkas > Kunci layar)."""
        if not self._active or self.dialog is not None:
            return
        self.timer.stop()
        focus = QApplication.focusWidget()
        self._focus = focus
        while (popup := QApplication.activePopupWidget()) is not None:
            popup.close()
        QToolTip.hideText()
        self.dialog = LockDialog(self.actor, self.window)
        self.dialog.unlocked.connect(self.unlock)
        self.dialog.logout_requested.connect(self.logout_requested)
        for widget in QApplication.topLevelWidgets():
            self._cover(widget)
        self._cover(self.window)
        self.dialog.show()  # not open(): that would make it only window-modal
        self.dialog.raise_()
        self.dialog.activateWindow()
        self.dialog.password.setFocus()
        self.locked_changed.emit(True)

    def _belongs_to_dialog(self, widget: QWidget) -> bool:
        node: QWidget | None = widget
        while node is not None:
            if node is self.dialog:
                return True
            node = node.parentWidget()
        return False

    def _cover(self, widget: QWidget) -> None:
        if (
            not _alive(widget)
            or widget in self._covers
            or not widget.isWindow()
            or not widget.isVisible()
            or isinstance(widget, CoverWidget)
            or widget.windowType() in (Qt.WindowType.Popup, Qt.WindowType.ToolTip)
            or self._belongs_to_dialog(widget)
        ):
            return
        title = widget.windowTitle()
        cover = CoverWidget(widget, big=widget is self.window)
        widget.setWindowTitle(LOCKED_TITLE)
        self._covers[widget] = (cover, title)

    def _cover_late(self, widget: QWidget) -> None:
        """A window that appeared while locked (e.g. a message from a background job)."""
        if self.dialog is not None:
            self._cover(widget)

    def covered(self) -> list[QWidget]:
        """The windows under a cover now (tests and the screenshot tool look)."""
        return [w for w in self._covers if _alive(w)]

    def cover_of(self, widget: QWidget) -> CoverWidget | None:
        entry = self._covers.get(widget)
        return entry[0] if entry is not None else None

    def _release(self) -> None:
        for widget, (cover, title) in self._covers.items():
            if _alive(widget):
                widget.setWindowTitle(title)
            if _alive(cover):
                cover.hide()
                cover.deleteLater()
        self._covers.clear()
        dialog, self.dialog = self.dialog, None
        if _alive(dialog):
            assert dialog is not None
            dialog.close_for_good()
            dialog.deleteLater()

    def unlock(self) -> None:
        """The password was right: uncover, give the focus back, start counting again."""
        if self.dialog is None:
            return
        self._release()
        focus, self._focus = self._focus, None
        if _alive(focus):
            assert focus is not None
            focus.window().activateWindow()
            focus.setFocus()
        self.last_input = self.clock()
        self.locked_changed.emit(False)
        self.check()

    def stop(self) -> None:
        """Logout or window closed: remove the covers, the filter and the timer for good."""
        self._active = False
        self.timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        was_locked = self.dialog is not None
        self._release()
        if was_locked:
            self.locked_changed.emit(False)
