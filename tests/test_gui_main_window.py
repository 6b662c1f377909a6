"""Main window: navigation, shortcuts, status bar, Beranda, logout, session and crash dialog."""

from __future__ import annotations

import sys
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from kecamatan_app import __version__
from kecamatan_app.app import Session
from kecamatan_app.config import DatabaseTarget
from kecamatan_app.services import users
from kecamatan_app.services.context import Actor
from kecamatan_app.views import crash
from kecamatan_app.views.beranda import BerandaPage
from kecamatan_app.views.main_window import PAGES, MainWindow, PageSpec
from tests.conftest import ADMIN_PASSWORD


class CountingPage(QLabel):
    def __init__(self) -> None:
        super().__init__("Halaman uji")
        self.refreshed = 0

    def refresh(self) -> None:
        self.refreshed += 1


def show_window(qtbot: Any, window: MainWindow) -> MainWindow:
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


@pytest.fixture
def window(qtbot: Any, admin: Actor, db_target: DatabaseTarget) -> MainWindow:
    return show_window(qtbot, MainWindow(admin, db_target))


def click_nav(qtbot: Any, window: MainWindow, row: int) -> None:
    rect = window.nav.visualItemRect(window.nav.item(row))
    qtbot.mouseClick(window.nav.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


#: The pages each role sees, in order (permissions.MATRIX and the visibility functions).
PAGES_PER_ROLE = {
    "admin": ["beranda", "tksk", "pemetaan", "kegiatan", "laporan", "pengaturan"],
    "operator": ["beranda", "tksk", "pemetaan", "kegiatan", "laporan", "pengaturan"],
    "camat": ["beranda", "tksk", "pemetaan", "kegiatan", "laporan", "pengaturan"],
    "tksk": ["beranda", "pemetaan", "kegiatan", "laporan", "pengaturan"],
}


def test_registry_lists_the_working_modules(
    qtbot: Any, admin: Actor, make_actor: Any, db_target: DatabaseTarget
) -> None:
    assert [(s.key, s.title) for s in PAGES] == [
        ("beranda", "Beranda"),
        ("tksk", "TKSK"),
        ("pemetaan", "Pemetaan Sosial"),
        ("kegiatan", "Kegiatan"),
        ("laporan", "Laporan"),
        ("pengaturan", "Pengaturan"),
    ]
    titles = {s.key: s.title for s in PAGES}
    for role, keys in PAGES_PER_ROLE.items():
        actor = admin if role == "admin" else make_actor(role)
        assert [s.key for s in PAGES if s.visible(actor)] == keys, role
        window = MainWindow(actor, db_target)
        qtbot.addWidget(window)
        shown = [window.nav.item(i).text() for i in range(window.nav.count())]
        assert shown == [titles[k] for k in keys], role
    assert all(s.visible(admin) for s in PAGES)


def test_every_page_opens_for_each_role(
    qtbot: Any, admin: Actor, make_actor: Any, db_target: DatabaseTarget, msgbox: Any
) -> None:
    expected = {"kegiatan": "KegiatanPage", "laporan": "LaporanPage"}
    for role in ("tksk", "camat"):
        window = MainWindow(make_actor(role), db_target)
        qtbot.addWidget(window)
        for key, name in expected.items():
            assert type(window.show_page(key)).__name__ == name, (role, key)
    assert not msgbox.calls  # no page failed to build


def test_navigation_by_click_and_ctrl_number(qtbot: Any, window: MainWindow) -> None:
    assert window.windowTitle() == "Kecamatan TKSK \u2014 Kecamatan Gelumbang"
    assert window.current_key() == "beranda"
    assert isinstance(window.current_page(), BerandaPage)
    click_nav(qtbot, window, 5)
    assert window.current_key() == "pengaturan"
    assert type(window.current_page()).__name__ == "PengaturanPage"
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert window.current_key() == "beranda"
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.current_key() == "tksk"
    assert type(window.current_page()).__name__ == "TkskPage"
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert window.current_key() == "pemetaan"
    assert type(window.current_page()).__name__ == "PemetaanPage"
    qtbot.keyClick(window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    assert window.current_key() == "kegiatan"
    assert type(window.current_page()).__name__ == "KegiatanPage"
    click_nav(qtbot, window, 4)
    assert window.current_key() == "laporan"
    assert type(window.current_page()).__name__ == "LaporanPage"
    qtbot.keyClick(window, Qt.Key.Key_6, Qt.KeyboardModifier.ControlModifier)
    assert window.current_key() == "pengaturan"
    assert window.nav.currentRow() == 5


def test_pages_are_built_once_and_f5_refreshes(
    qtbot: Any, admin: Actor, db_target: DatabaseTarget
) -> None:
    built: list[CountingPage] = []

    def factory(actor: Actor, parent: QWidget) -> QWidget:
        built.append(CountingPage())
        return built[-1]

    pages = [
        PAGES[0],
        PageSpec("uji", "Uji", factory),
        PageSpec("rahasia", "Rahasia", factory, visible=lambda a: a.role == "camat"),
    ]
    window = show_window(qtbot, MainWindow(admin, db_target, pages))
    assert window.nav.count() == 2  # the camat-only page is not listed for an admin
    assert built == []  # built when first opened
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window, Qt.Key.Key_F5)
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert len(built) == 1 and built[0].refreshed == 1


def test_status_bar_shows_user_role_and_database(
    window: MainWindow, db_target: DatabaseTarget
) -> None:
    assert window.user_label.text() == "Pengguna: Admin Kecamatan"
    assert window.role_label.text() == "Peran: Administrator"
    assert window.database_label.text() == f"Basis data: {db_target.label}"
    if db_target.kind == "sqlite":
        assert db_target.label.endswith("kecamatan.sqlite3")
    else:  # the server's URL (without a password)
        assert db_target.label.startswith("postgresql://")
    status_texts = [w.text() for w in window.statusBar().findChildren(QLabel)]
    assert "Peran: Administrator" in status_texts


def test_beranda_shows_office_and_camat(window: MainWindow, db_target: DatabaseTarget) -> None:
    page = window.current_page()
    assert isinstance(page, BerandaPage)
    assert page.title.text() == "Kecamatan Gelumbang"
    assert page.region.text() == "Kabupaten Muara Enim, Provinsi Sumatera Selatan"
    assert "Jl. Merdeka No. 1, Gelumbang" in page.address.text()
    values = {k: v.text() for k, v in page.camat.values.items()}
    assert values["nama"] == "Drs. Ahmad Fauzi, M.Si"
    assert values["nip"] == "19700101 200003 1 001"
    assert page.wilayah.values["desa"].text() == "22"
    assert page.wilayah.values["kelurahan"].text() == "1"
    assert page.session.values["pengguna"].text() == "Admin Kecamatan (admin)"
    assert page.session.values["basis_data"].text() == db_target.label


def test_logout_emits_signal_and_records_it(qtbot: Any, window: MainWindow) -> None:
    closed: list[bool] = []
    window.closed.connect(lambda: closed.append(True))
    with qtbot.waitSignal(window.logged_out, timeout=2000):
        window.logout()
    assert not window.isVisible() and closed == []


def test_session_returns_to_login_after_logout(
    qtbot: Any, office: Any, db_target: DatabaseTarget
) -> None:
    answers = [users.login("admin", ADMIN_PASSWORD), None]
    session = Session(db_target, login=lambda: answers.pop(0))
    assert session.start()
    assert session.window is not None
    qtbot.addWidget(session.window)
    with qtbot.waitSignal(session.finished, timeout=3000):
        session.window.logout()
    assert answers == [] and session.window is None


def test_window_geometry_is_remembered(
    qtbot: Any, admin: Actor, db_target: DatabaseTarget, data_dir: Any
) -> None:
    first = show_window(qtbot, MainWindow(admin, db_target))
    first.move(QPoint(40, 30))
    first.resize(700, 500)  # the offscreen screen is 800 x 600
    first.close()
    assert (data_dir / "tampilan.ini").exists()
    second = show_window(qtbot, MainWindow(admin, db_target))
    assert (second.width(), second.height()) == (700, 500)


def _exception_info() -> tuple[Any, Any, Any]:
    try:
        raise RuntimeError("uji kesalahan tak terduga")
    except RuntimeError:
        return sys.exc_info()


def test_crash_dialog_copies_the_traceback(qtbot: Any, data_dir: Any) -> None:
    trace = crash.format_traceback(*_exception_info())
    dialog = crash.CrashDialog(trace)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.details.isReadOnly()
    assert "Terjadi kesalahan yang tidak terduga" in dialog.findChildren(QLabel)[0].text()
    QApplication.clipboard().clear()
    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    copied = QApplication.clipboard().text()
    assert "RuntimeError: uji kesalahan tak terduga" in copied
    assert "Traceback (most recent call last)" in copied
    assert f"Kecamatan TKSK versi {__version__}" in copied
    assert "Berkas log:" in copied


def test_excepthook_logs_and_never_recurses(
    qtbot: Any, monkeypatch: pytest.MonkeyPatch, caplog: Any
) -> None:
    shown: list[str] = []

    def failing_exec(self: crash.CrashDialog) -> int:
        shown.append(self.trace)
        crash.handle_exception(*_exception_info())  # a second crash while the dialog is open
        raise OSError("dialog rusak")

    monkeypatch.setattr(crash.CrashDialog, "exec", failing_exec)
    crash.handle_exception(*_exception_info())  # must not raise
    assert len(shown) == 1
    assert "uji kesalahan tak terduga" in shown[0]
    assert "Kesalahan yang tidak tertangani" in caplog.text
    assert "Dialog kesalahan tidak dapat ditampilkan" in caplog.text


@pytest.fixture
def quiet_start(monkeypatch: pytest.MonkeyPatch) -> None:
    """run_gui without its process-wide side effects (log handler, excepthook, locale, and the
    GUI-thread garbage collector, which would switch automatic collection off for the rest of
    the test session; the collector has its own test in test_tasks.py)."""
    from kecamatan_app import app as app_module

    monkeypatch.setattr(app_module, "collect_on_gui_thread", lambda app: None)
    monkeypatch.setattr(app_module, "setup_logging", lambda: None)
    monkeypatch.setattr(app_module, "install_excepthook", lambda: None)
    monkeypatch.setattr(app_module, "install_translations", lambda app: [])
    monkeypatch.setattr(app_module, "apply_style", lambda app: None)


def test_run_gui_reports_an_unusable_database(
    qapp: Any, data_dir: Any, msgbox: Any, quiet_start: None
) -> None:
    from kecamatan_app.app import run_gui

    assert run_gui(DatabaseTarget.parse(data_dir)) == 1  # a folder, not a database file
    kind, title, text = msgbox.calls[0]
    assert (kind, title) == ("critical", "Basis data tidak dapat dibuka")
    assert "adalah folder, bukan berkas basis data" in text


def test_run_gui_first_start_asks_the_wizard(
    qapp: Any, db_target: DatabaseTarget, monkeypatch: pytest.MonkeyPatch, quiet_start: None
) -> None:
    from kecamatan_app.app import run_gui
    from kecamatan_app.db import close_database, open_database
    from kecamatan_app.views.wizard import SetupWizard
    from tests.conftest import gelumbang_setup

    asked: list[bool] = []

    def ask(parent: Any = None, admin_only: bool = False) -> tuple[None, bool]:
        asked.append(admin_only)
        return None, False  # the clerk pressed Batal

    monkeypatch.setattr(SetupWizard, "ask", staticmethod(ask))
    assert run_gui(db_target) == 0
    assert asked == [False]  # empty database: the whole wizard
    open_database(db_target)
    gelumbang_setup(with_admin=False)
    close_database()
    assert run_gui(db_target) == 0
    assert asked == [False, True]  # office but no account: only the admin page
