"""Screenshots of the Dinas Sosial set-up and the exchange package for the user guide:
wizard-0-jenis.png (the wizard's first page, Dinas Sosial of Muara Enim chosen),
paket-kirim.png (the package dialog on a kecamatan database with March 2025 approved) and
paket-terima.png (the same dialog on a Dinas Sosial database after receiving that package).

Usage (a real X server gives the nicest fonts):
    xvfb-run -a -s "-screen 0 1280x800x24" .venv/bin/python tools/screenshots_paket.py docs/img
    QT_QPA_PLATFORM=offscreen .venv/bin/python tools/screenshots_paket.py docs/img

Every database is made in a temporary folder (the user's own data are never touched); the
kecamatan database and its package come from ``tests/paket_bantu.buat_contoh``, as in the tests.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

WIZARD_SIZE = (900, 680)
KIRIM_SIZE = (860, 190)
TERIMA_SIZE = (900, 400)
NAMA_PAKET = "paket-16.03.06-gelumbang-2025-03.zip"


def _settle() -> None:
    from PySide6.QtCore import QCoreApplication, QEvent

    for _ in range(5):
        QCoreApplication.processEvents()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def _save(widget: object, folder: Path, name: str) -> None:
    from PySide6.QtWidgets import QWidget

    assert isinstance(widget, QWidget)
    _settle()
    path = folder / name
    if not widget.grab().save(str(path), "PNG"):
        raise SystemExit(f"Gambar {path} tidak dapat disimpan.")
    print(f"  {path}")


def _use(folder: Path) -> None:
    """Point the data and log folders at ``folder`` and open its database."""
    from kecamatan_app.config import DatabaseTarget
    from kecamatan_app.db import close_database, open_database

    close_database()
    os.environ["KECAMATAN_APP_DATA_DIR"] = str(folder / "data")
    os.environ["KECAMATAN_APP_LOG_DIR"] = str(folder / "log")
    open_database(DatabaseTarget.parse(folder / "kecamatan.sqlite3"))


def _wizard(folder: Path, work: Path) -> None:
    from kecamatan_app.views.wizard import SetupWizard

    _use(work / "kosong")
    wizard = SetupWizard()
    wizard.resize(*WIZARD_SIZE)
    wizard.show()
    page = wizard.jenis_page
    page.dinas.setChecked(True)
    page.edit.setText("16.03")
    page.resolve(final=True)
    if page.kab is None or not page.summary.text():
        raise SystemExit("Kabupaten 16.03 tidak dikenali.")
    _save(wizard, folder, "wizard-0-jenis.png")
    wizard.close()


def _kirim(folder: Path, work: Path) -> Path:
    from kecamatan_app.services import users
    from kecamatan_app.views.paket_dialog import PaketDialog
    from tests.paket_bantu import SANDI, buat_contoh

    contoh = buat_contoh(work / "kecamatan")  # closes its database when done
    _use(work / "kecamatan")
    dialog = PaketDialog(users.login("siti", SANDI).actor)
    dialog.resize(*KIRIM_SIZE)
    dialog.show()
    if dialog.bulan.currentText() != "Maret 2025" or not dialog.save_button.isEnabled():
        raise SystemExit("Bulan Maret 2025 tidak siap dikirim.")
    _save(dialog, folder, "paket-kirim.png")
    dialog.close()
    paket = work / NAMA_PAKET  # the name the dialog suggests, as a user would keep it
    shutil.copyfile(contoh.v1, paket)
    return paket


def _terima(folder: Path, work: Path, paket: Path) -> None:
    from PySide6.QtCore import QCoreApplication

    from kecamatan_app.views.paket_dialog import PaketDialog
    from tests.paket_bantu import siapkan_dinas

    _use(work / "dinas")
    dialog = PaketDialog(siapkan_dinas())
    dialog.resize(*TERIMA_SIZE)
    dialog.show()
    dialog.terima([paket])
    deadline = time.monotonic() + 60  # the package is checked off the GUI thread
    while dialog.task is not None or dialog.table.rowCount() == 0:
        if time.monotonic() > deadline:
            raise SystemExit("Paket tidak selesai diperiksa dalam 1 menit.")
        QCoreApplication.processEvents()
        time.sleep(0.02)
    if dialog.jumlah_diterima != 1:
        raise SystemExit("Paket tidak diterima: " + dialog.status.text())
    _save(dialog, folder, "paket-terima.png")
    dialog.close()


def main(argv: list[str]) -> int:
    folder = Path(argv[1] if len(argv) > 1 else ROOT / "docs" / "img").resolve()
    folder.mkdir(parents=True, exist_ok=True)
    os.environ.pop("KECAMATAN_APP_DB", None)
    work = Path(tempfile.mkdtemp(prefix="kecamatan-paket-"))
    os.environ["KECAMATAN_APP_DATA_DIR"] = str(work / "data")
    os.environ["KECAMATAN_APP_LOG_DIR"] = str(work / "log")

    # the application first: tests/conftest.py (imported by the helpers) would otherwise
    # choose the offscreen platform
    from kecamatan_app.app import apply_style, create_application
    from kecamatan_app.db import close_database
    from kecamatan_app.views.i18n import install_translations

    app = create_application([argv[0]])
    translators = install_translations(app)
    apply_style(app)
    print(f"Platform Qt: {app.platformName()}; {len(translators)} terjemahan; ke {folder}")
    try:
        _wizard(folder, work)
        paket = _kirim(folder, work)
        _terima(folder, work, paket)
    finally:
        close_database()
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
