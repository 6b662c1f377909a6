"""Start of the GUI: application object, database, first-start wizard, login, main window.

:func:`run_gui` strings the building blocks together; tests drive the blocks one by one
(:func:`create_application`, :func:`open_or_report`, :func:`ensure_setup`, :func:`sign_in`,
:class:`Session`) without entering ``app.exec()``.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication, QWidget

from . import __version__, config
from .config import DatabaseTarget
from .db import close_database, open_database
from .logs import setup_logging
from .services import cek_folder, kantor, lokasi_data, users
from .services.errors import AppError, DatabaseError
from .services.users import LoginResult
from .views import messages
from .views.crash import handle_exception, install_excepthook
from .views.i18n import install_translations
from .views.login import ChangePasswordDialog, LoginDialog
from .views.main_window import MainWindow
from .views.tasks import Progress, Task, collect_on_gui_thread, run_task
from .views.tentang_dialog import ikon_aplikasi
from .views.wizard import SetupWizard

log = logging.getLogger(__name__)

APP_NAME = "Kecamatan TKSK"
ORG_NAME = "KecamatanTKSK"

STYLE_SHEET = """
QListWidget#navigasi { background: #1f3a5f; color: #eef3f8; border: none; outline: none; }
QListWidget#navigasi::item { border-left: 4px solid transparent; padding-left: 8px; }
QListWidget#navigasi::item:selected { background: #2f5d8f; color: white;
                                     border-left: 4px solid #f2b705; }
QListWidget#navigasi::item:hover:!selected { background: #284a75; }
QStatusBar QLabel { padding: 0 8px; }
QGroupBox { margin-top: 14px; padding-top: 6px; }
QGroupBox::title { subcontrol-origin: margin; left: 8px; padding: 0 4px; color: #1f3a5f; }
"""


def create_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication (reused when one exists, e.g. under pytest-qt), named for QSettings."""
    existing = QApplication.instance()
    app = (
        existing
        if isinstance(existing, QApplication)
        else QApplication(argv if argv is not None else sys.argv)
    )
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(ORG_NAME)
    app.setApplicationVersion(__version__)
    app.setWindowIcon(ikon_aplikasi())
    app.setDesktopFileName("kecamatan-tksk")  # Linux: matches installer/linux/*.desktop
    collect_on_gui_thread(app)
    return app


def apply_style(app: QApplication) -> None:
    """Fusion looks the same on every Windows version and under Linux; a few colours on top."""
    app.setStyle("Fusion")
    app.setStyleSheet(STYLE_SHEET)


def open_or_report(target: DatabaseTarget, parent: QWidget | None = None) -> bool:
    try:
        open_database(target)
    except DatabaseError as exc:
        messages.error(parent, "Basis data tidak dapat dibuka", str(exc))
        return False
    log.info("Basis data dibuka: %s", target.label)
    return True


NETWORK_TITLE = "Basis data di folder jaringan"
BACKUP_MESSAGE_MS = 10_000


def network_warning_text(reason: str) -> str:
    return (
        f"{reason}\n\n"
        "Berkas basis data SQLite yang dibuka dari folder jaringan (folder bersama Windows/SMB, "
        "NFS dan sejenisnya) dapat rusak: penguncian berkas lewat jaringan tidak dapat "
        "diandalkan, sehingga bila dua komputer menyimpan bersamaan perubahannya dapat saling "
        "menimpa atau berkasnya rusak.\n\n"
        "Bila hanya satu komputer yang memakai aplikasi, pindahkan berkas basis data ke disk "
        "komputer itu sendiri. Bila beberapa komputer perlu memakai data yang sama, pasang "
        "PostgreSQL di satu komputer server dan arahkan semua komputer ke sana (lihat panduan "
        "Keamanan akses). Sementara itu, buat cadangan secara teratur."
    )


def secure_data_location(target: DatabaseTarget, parent: QWidget | None = None) -> str:
    """SQLite only: make the data folder private and warn (once) about a network share.

    Returns the warning text for the main window's status bar ("" when the file is local).
    """
    if target.kind != "sqlite":
        return ""
    for problem in lokasi_data.amankan(config.data_dir(), target):
        log.warning("Izin folder data: %s", problem)
    reason = lokasi_data.di_jaringan(target.path)
    if not reason:
        return ""
    text = network_warning_text(reason)
    messages.warning(parent, NETWORK_TITLE, text)
    return text


def ensure_setup(parent: QWidget | None = None) -> bool:
    """First start: the wizard (all pages, or only the admin page when accounts are missing)."""
    if not kantor.is_set_up():
        return SetupWizard.ask(parent)[1]
    if not users.has_users():
        return SetupWizard.ask(parent, admin_only=True)[1]
    return True


def sign_in(parent: QWidget | None = None) -> LoginResult | None:
    """Login until success or Batal; a temporary password must be changed before going on."""
    while True:
        result, accepted = LoginDialog.ask(parent)
        if not accepted or result is None:
            return None
        if not result.must_change_password:
            return result
        if ChangePasswordDialog.ask(result.actor, parent, mandatory=True):
            return replace(result, must_change_password=False)
        users.logout(result.actor)  # declined: back to the login dialog


class Session(QObject):
    """One signed-in user's main window; logging out returns to the login dialog."""

    finished = Signal()  # the app should quit

    def __init__(
        self,
        target: DatabaseTarget,
        login: Callable[[], LoginResult | None] = sign_in,
        network_note: str = "",
    ) -> None:
        super().__init__()
        self.target = target
        self.login = login
        self.network_note = network_note
        self.window: MainWindow | None = None

    def start(self) -> bool:
        result = self.login()
        if result is None:
            return False
        window = MainWindow(result.actor, self.target)
        window.logged_out.connect(self._on_logged_out)
        window.closed.connect(self.finished)
        if self.network_note:
            window.show_network_warning(self.network_note)
        self.window = window
        window.show()
        return True

    def _on_logged_out(self) -> None:
        window, self.window = self.window, None
        if window is not None:
            window.deleteLater()
        QTimer.singleShot(0, self._login_again)

    def _login_again(self) -> None:
        if not self.start():
            self.finished.emit()


def start_daily_backup(session: Session) -> Task:
    """The automatic daily backup, in the background once the main window shows.

    The outcome goes to the status bar of the window shown at that moment (and the log); a
    failure never interrupts the user with a pop-up.
    """
    target = session.target

    def work(progress: Progress) -> object:
        from .services.cadangan import otomatis_harian  # after the window, not at start

        return otomatis_harian(target)

    def show(text: str, timeout_ms: int = 0) -> None:
        if session.window is not None:
            session.window.statusBar().showMessage(text, timeout_ms)

    def done(result: object) -> None:
        if isinstance(result, Path):
            log.info("Cadangan otomatis dibuat: %s", result)
            show(f"Cadangan otomatis dibuat: {result.name}", BACKUP_MESSAGE_MS)

    def failed(exc: BaseException) -> None:
        if isinstance(exc, AppError):
            log.warning("Cadangan otomatis gagal: %s", exc)
            show(f"Cadangan otomatis gagal: {exc}")
        else:
            log.error("Cadangan otomatis gagal", exc_info=exc)
            show("Cadangan otomatis gagal karena kesalahan tak terduga; rinciannya tercatat di "
                 "berkas log.")

    return run_task(
        session.window, "Cadangan otomatis", work, done, failed, show_progress=False
    )


def run_gui(target: DatabaseTarget, argv: list[str] | None = None) -> int:
    app = create_application(argv)
    translators = install_translations(app)  # kept alive for the whole run
    apply_style(app)
    # before the log file and the database: a read-only, full or missing data folder is
    # explained (what is wrong, what to do) instead of failing later on the first save
    problem = cek_folder.periksa_folder_aplikasi(target)
    if problem:
        messages.error(None, "Folder data tidak dapat ditulis", problem)
        return 1
    log_file = setup_logging()
    install_excepthook()
    log.info("Kecamatan TKSK %s dimulai; log: %s", __version__, log_file)
    if not open_or_report(target):
        return 1
    try:
        note = secure_data_location(target)
        if not ensure_setup():
            return 0
        session = Session(target, network_note=note)
        if not session.start():
            return 0
        start_daily_backup(session)  # after the window shows: start-up is not slowed
        app.setQuitOnLastWindowClosed(False)  # logout closes the window but not the app
        session.finished.connect(app.quit)
        return app.exec()
    except Exception as exc:  # a bug before the event loop: show it, do not vanish silently
        handle_exception(type(exc), exc, exc.__traceback__)
        return 1
    finally:
        close_database()
        log.info("Kecamatan TKSK selesai (%d terjemahan)", len(translators))
