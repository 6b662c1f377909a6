"""The crash handler: an uncaught exception is logged and shown with a copy button.

A windowed Windows program has no console, so without this a bug would end silently. The dialog
shows the traceback; "Salin ke papan klip" copies it together with the app version and the log
file's path, which is what a clerk pastes into a message to the developer.
"""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from types import TracebackType

from PySide6.QtCore import QThread
from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from .. import __version__, logs

log = logging.getLogger(__name__)

INTRO = (
    "Terjadi kesalahan yang tidak terduga. Pekerjaan yang sudah tersimpan tetap aman; "
    "isian yang belum disimpan mungkin perlu diulang.\n\n"
    "Mohon salin keterangan di bawah ini (tombol \u201cSalin ke papan klip\u201d) dan kirimkan "
    "kepada pengelola aplikasi. Sesudah itu Anda dapat melanjutkan pekerjaan."
)

_showing = False


def format_traceback(
    exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
) -> str:
    return "".join(traceback.format_exception(exc_type, exc, tb)).rstrip()


def report_text(trace: str) -> str:
    """What the copy button puts on the clipboard: version, log file and the traceback."""
    log_file = logs.current_log_file()
    return (
        f"Kecamatan TKSK versi {__version__}\n"
        f"Berkas log: {log_file if log_file else '(log belum aktif)'}\n\n{trace}\n"
    )


class CrashDialog(QDialog):
    def __init__(self, trace: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.trace = trace
        self.setWindowTitle("Kesalahan tak terduga")
        self.resize(680, 440)

        intro = QLabel(INTRO)
        intro.setWordWrap(True)
        self.details = QPlainTextEdit(report_text(trace))
        self.details.setReadOnly(True)
        self.details.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.details.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))

        buttons = QDialogButtonBox()
        self.copy_button = QPushButton("&Salin ke papan klip")
        self.close_button = QPushButton("&Tutup")
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.close_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.copy_button.clicked.connect(self.copy_to_clipboard)
        buttons.rejected.connect(self.reject)
        self.close_button.setDefault(True)

        self.status = QLabel("")
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.details, 1)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self.close_button.setFocus()

    def copy_to_clipboard(self) -> None:
        QGuiApplication.clipboard().setText(report_text(self.trace))
        self.status.setText("Keterangan kesalahan sudah disalin ke papan klip.")


def _on_gui_thread() -> bool:
    app = QApplication.instance()
    return app is not None and QThread.currentThread() == app.thread()


def handle_exception(
    exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
) -> None:
    """``sys.excepthook``: log, then show the dialog (once; never recursively)."""
    global _showing
    if issubclass(exc_type, KeyboardInterrupt):
        sys.__excepthook__(exc_type, exc, tb)
        return
    log.error("Kesalahan yang tidak tertangani", exc_info=(exc_type, exc, tb))
    if _showing or not _on_gui_thread():
        return
    _showing = True
    try:
        dialog = CrashDialog(format_traceback(exc_type, exc, tb), QApplication.activeWindow())
        dialog.exec()
        dialog.deleteLater()
    except Exception:  # the dialog itself failed: the log must be enough
        log.exception("Dialog kesalahan tidak dapat ditampilkan")
    finally:
        _showing = False


def _thread_hook(args: threading.ExceptHookArgs) -> None:
    log.error(
        "Kesalahan yang tidak tertangani di thread %s",
        args.thread.name if args.thread else "?",
        exc_info=(args.exc_type, args.exc_value or args.exc_type(), args.exc_traceback),
    )


def install_excepthook() -> None:
    """Route uncaught exceptions (GUI thread: dialog; other threads: log) to our handlers."""
    sys.excepthook = handle_exception
    threading.excepthook = _thread_hook
