"""Screenshots for the user guide: the set-up wizard, the login dialog and the main window.

Usage (a real X server gives the nicest fonts):
    xvfb-run -a -s "-screen 0 1280x800x24" .venv/bin/python tools/screenshots.py docs/img
    QT_QPA_PLATFORM=offscreen .venv/bin/python tools/screenshots.py docs/img

Works in a temporary data folder with a new database (the user's own data are never touched),
fills the wizard with the Gelumbang example and saves each view with ``QWidget.grab()``.
"""

from __future__ import annotations

import importlib.util
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PASSWORD = "Rahasia123"
WINDOW_SIZE = (1100, 700)
WIZARD_SIZE = (900, 680)


def _settle() -> None:
    from PySide6.QtWidgets import QApplication

    for _ in range(5):
        QApplication.processEvents()


def _save(widget: object, folder: Path, name: str) -> Path:
    from PySide6.QtWidgets import QWidget

    assert isinstance(widget, QWidget)
    _settle()
    path = folder / name
    if not widget.grab().save(str(path), "PNG"):
        raise SystemExit(f"Gambar {path} tidak dapat disimpan.")
    print(f"  {path}")
    return path


def _wizard(folder: Path) -> None:
    from kecamatan_app.views.wizard import SetupWizard

    wizard = SetupWizard()
    wizard.resize(*WIZARD_SIZE)
    wizard.show()
    page = wizard.kecamatan_page
    page.fields["kode_wilayah"].setText("16.03.06")
    _save(wizard, folder, "wizard-1-kecamatan.png")

    wizard.next()
    kop = wizard.kantor_page
    for field, value in (
        ("alamat", "Jl. Merdeka No. 1, Gelumbang"),
        ("kode_pos", "31171"),
        ("telepon", "(0713) 321000"),
        ("email", "kec.gelumbang@contoh.go.id"),
    ):
        kop.fields[field].setText(value)
    _save(wizard, folder, "wizard-2-kantor.png")

    wizard.next()
    camat = wizard.camat_page
    camat.fields["camat_nama"].setText("Drs. Ahmad Fauzi, M.Si")
    camat.fields["camat_nip"].setText("19700101 200003 1 001")
    camat.fields["camat_pangkat"].setText("Pembina Tk. I, IV/b")
    _save(wizard, folder, "wizard-3-camat.png")

    wizard.next()
    admin = wizard.admin_page
    for field, value in (
        ("nama_pengguna", "admin"),
        ("nama_lengkap", "Siti Aminah"),
        ("sandi", PASSWORD),
        ("ulangi_sandi", PASSWORD),
    ):
        admin.fields[field].setText(value)
    _save(wizard, folder, "wizard-4-admin.png")
    if not wizard.submit():
        raise SystemExit("Penyiapan contoh gagal; lihat pesan di atas.")
    wizard.close()


def _login(folder: Path) -> None:
    from kecamatan_app.views.login import LoginDialog

    dialog = LoginDialog()
    dialog.show()
    dialog.username.setText("admin")
    dialog.password.setText("salah-ketik1")
    dialog.accept()  # a wrong password: the inline message is part of the picture
    dialog.username.setText("admin")
    _save(dialog, folder, "login.png")
    dialog.close()


def _main_window(folder: Path, target: object) -> None:
    from kecamatan_app.config import DatabaseTarget
    from kecamatan_app.services import users
    from kecamatan_app.views.main_window import MainWindow

    assert isinstance(target, DatabaseTarget)
    actor = users.login("admin", PASSWORD).actor
    window = MainWindow(actor, target)
    window.resize(*WINDOW_SIZE)
    window.show()
    page = window.current_page()
    while not getattr(page, "loaded", lambda: True)():  # first numbers: off the GUI thread
        _settle()
        time.sleep(0.01)
    _save(window, folder, "utama-beranda.png")
    if importlib.util.find_spec("kecamatan_app.views.pengaturan") is not None:
        window.show_page("pengaturan")
        _save(window, folder, "utama-pengaturan.png")
    window.close()


def main(argv: list[str]) -> int:
    folder = Path(argv[1] if len(argv) > 1 else ROOT / "docs" / "img").resolve()
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="kecamatan-gambar-") as tmp:
        os.environ["KECAMATAN_APP_DATA_DIR"] = str(Path(tmp) / "data")
        os.environ["KECAMATAN_APP_LOG_DIR"] = str(Path(tmp) / "log")
        os.environ.pop("KECAMATAN_APP_DB", None)

        from kecamatan_app.app import apply_style, create_application
        from kecamatan_app.config import DatabaseTarget
        from kecamatan_app.db import close_database, open_database
        from kecamatan_app.views.i18n import install_translations

        app = create_application([argv[0]])
        translators = install_translations(app)
        apply_style(app)
        target = DatabaseTarget.parse(Path(tmp) / "data" / "kecamatan.sqlite3")
        open_database(target)
        print(f"Platform Qt: {app.platformName()}; {len(translators)} terjemahan; ke {folder}")
        try:
            _wizard(folder)
            _login(folder)
            _main_window(folder, target)
        finally:
            close_database()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
