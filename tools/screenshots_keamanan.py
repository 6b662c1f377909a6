"""Screenshot of the idle screen lock for the user guide (docs/img/kunci-layar.png).

The main window shows the TKSK list with a candidate's form open on top, half filled; the lock
then covers both and asks the operator's password. The picture is composed from the windows'
own grabs (main window, the covered form, the lock dialog at their screen positions), so it
looks the same under Xvfb and the offscreen platform.

Usage:
    xvfb-run -a -s "-screen 0 1280x800x24" .venv/bin/python tools/screenshots_keamanan.py docs/img
    QT_QPA_PLATFORM=offscreen .venv/bin/python tools/screenshots_keamanan.py docs/img

Works in a temporary data folder filled by the demo (``services.demo.run()``): every name is
fictitious; the user's own data are never touched.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

WINDOW_SIZE = (1200, 740)
FORM_SIZE = (520, 400)


def _settle() -> None:
    from PySide6.QtWidgets import QApplication

    for _ in range(10):
        QApplication.processEvents()


def _compose(window: object, others: list[object], path: Path) -> None:
    """The main window's grab with the other windows painted at their places over it."""
    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QPainter
    from PySide6.QtWidgets import QWidget

    assert isinstance(window, QWidget)
    _settle()
    picture = window.grab()
    origin = window.mapToGlobal(QPoint(0, 0))
    painter = QPainter(picture)
    for other in others:
        assert isinstance(other, QWidget)
        painter.drawPixmap(other.mapToGlobal(QPoint(0, 0)) - origin, other.grab())
    painter.end()
    if not picture.save(str(path), "PNG"):
        raise SystemExit(f"Gambar {path} tidak dapat disimpan.")
    print(f"  {path}")


def _center_on(widget: object, window: object) -> None:
    from PySide6.QtWidgets import QWidget

    assert isinstance(widget, QWidget) and isinstance(window, QWidget)
    centre = window.geometry().center()
    widget.move(centre.x() - widget.width() // 2, centre.y() - widget.height() // 2)


def _shoot(folder: Path, target: object, actor: object) -> None:
    from kecamatan_app.views.main_window import MainWindow
    from kecamatan_app.views.tksk import PendaftarDialog

    window = MainWindow(actor, target)  # type: ignore[arg-type]
    window.resize(*WINDOW_SIZE)
    window.move(20, 20)
    window.show()
    window.show_page("tksk")
    _settle()
    form = PendaftarDialog(actor, parent=window)  # type: ignore[arg-type]
    form.resize(*FORM_SIZE)
    form.form.nama.setText("Yusuf Maulana (contoh)")
    form.form.nik.setText("1603060302070117")
    form.show()
    form.move(window.x() + window.width() - form.width() - 40, window.y() + 300)
    _settle()

    window.idle_lock.lock()  # what the timer does after the idle minutes
    dialog = window.idle_lock.dialog
    assert dialog is not None
    dialog.adjustSize()
    _center_on(dialog, window)
    dialog.password.setText("sandi")  # dots only
    _settle()
    assert form.isVisible() and window.idle_lock.cover_of(form) is not None
    _compose(window, [form, dialog], folder / "kunci-layar.png")
    window.idle_lock.stop()
    form.loaded = form.form.data()  # close without the "not saved" question
    form.close()
    window.close()


def main(argv: list[str]) -> int:
    folder = Path(argv[1] if len(argv) > 1 else ROOT / "docs" / "img").resolve()
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="kecamatan-gambar-keamanan-") as tmp_name:
        tmp = Path(tmp_name)
        os.environ["KECAMATAN_APP_DATA_DIR"] = str(tmp / "data")
        os.environ["KECAMATAN_APP_LOG_DIR"] = str(tmp / "log")
        os.environ.pop("KECAMATAN_APP_DB", None)

        from kecamatan_app.app import apply_style, create_application
        from kecamatan_app.config import DatabaseTarget
        from kecamatan_app.db import close_database, open_database
        from kecamatan_app.services import demo, users
        from kecamatan_app.views.i18n import install_translations
        from kecamatan_app.views.tasks import wait_all

        app = create_application([argv[0]])
        translators = install_translations(app)
        apply_style(app)
        target = DatabaseTarget.parse(tmp / "data" / "kecamatan.sqlite3")
        open_database(target)
        print(f"Platform Qt: {app.platformName()}; {len(translators)} terjemahan; ke {folder}")
        try:
            result = demo.run()
            account = next(a for a in result.accounts if a.peran == "operator")
            actor = users.login(account.nama_pengguna, account.sandi).actor
            _shoot(folder, target, actor)
            wait_all()
        finally:
            close_database()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
