"""Screenshots of the Kabupaten page (the Dinas Sosial's dashboard) and pages of the
consolidated yearly recap for the user guide: kabupaten-kalender.png, kabupaten-ppks.png,
kabupaten-rujukan.png, kabupaten-rincian.png, kabupaten-jendela.png (the main window of a Dinas
user) and kabupaten-rekap-N.png (the recap's PDF pages through ``pdftoppm -r 70``).

Usage:
    xvfb-run -a -s "-screen 0 1280x800x24" .venv/bin/python tools/screenshots_kabupaten.py \\
        docs/img [--db DEMO.sqlite3] [--tahun TTTT]

``--db`` is a Dinas database made by ``kecamatan-app demo --size kabupaten``; it is copied into
a temporary folder first (printing the recap writes an audit entry). Without it the kabupaten
demo is made in a temporary folder (a few minutes). The user's own data are never touched.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _prepare(work: Path, db: Path | None) -> Path:
    target = work / "kabupaten.sqlite3"
    if db is not None:
        src = sqlite3.connect(str(db))
        dst = sqlite3.connect(str(target))
        src.backup(dst)
        src.close()
        dst.close()
        return target
    from kecamatan_app.config import DatabaseTarget
    from kecamatan_app.db import close_database, open_database
    from kecamatan_app.services import demo

    open_database(DatabaseTarget.parse(target))
    demo.run("kabupaten", 1, progress=lambda line: print(line, flush=True))
    close_database()
    return target


def _dinas_actor() -> Any:
    from kecamatan_app.models import Pengguna
    from kecamatan_app.services import users
    from kecamatan_app.services.context import Actor

    row = Pengguna.select().where(Pengguna.peran == "dinas").first()
    if row is None:  # a database without a Dinas user: one is added to the copy
        info = users.create_user(Actor.system("tangkapan-layar"), "dinas.contoh",
                                 "Staf Dinas Sosial (contoh)", "dinas", "Contoh-Sandi-123",
                                 "Contoh-Sandi-123", kecamatan_id=None)
        row = Pengguna.get_by_id(info.id)
    return users.actor_for(row)


def _year() -> int:
    import datetime as dt

    from peewee import fn

    from kecamatan_app.models import Kegiatan

    last = Kegiatan.select(fn.MAX(Kegiatan.tanggal)).scalar()
    return last.year if isinstance(last, dt.date) else dt.date.today().year


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("out", type=Path)
    ap.add_argument("--db", type=Path)
    ap.add_argument("--tahun", type=int, default=0)
    args = ap.parse_args()
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="tangkap-kabupaten-"))
    os.environ["KECAMATAN_APP_DATA_DIR"] = str(work / "data")
    db = _prepare(work, args.db)

    from PySide6.QtCore import QCoreApplication, QEvent
    from PySide6.QtWidgets import QApplication

    from kecamatan_app.config import DatabaseTarget
    from kecamatan_app.db import open_database
    from kecamatan_app.services import rekap_kabupaten
    from kecamatan_app.views.i18n import install_translations
    from kecamatan_app.views.kabupaten import KabupatenPage
    from kecamatan_app.views.main_window import MainWindow

    app = QApplication.instance() or QApplication(["tangkapan"])
    keep = install_translations(app)  # noqa: F841
    target = DatabaseTarget.parse(db)
    open_database(target)
    actor = _dinas_actor()
    year = args.tahun or _year()

    def settle() -> None:
        for _ in range(5):
            QCoreApplication.processEvents()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)

    window = MainWindow(actor, target)
    window.resize(1280, 800)
    window.show()
    page = window.current_page()
    assert isinstance(page, KabupatenPage), "halaman pertama pengguna Dinas bukan Kabupaten"
    page.year.setValue(year)
    deadline = time.monotonic() + 120  # the dashboard is read off the GUI thread
    while page.load_task is not None or page.data is None or page.data.tahun != year:
        if time.monotonic() > deadline:
            raise SystemExit("Dasbor tidak termuat dalam 2 menit.")
        QCoreApplication.processEvents()
        time.sleep(0.02)
    settle()
    window.grab().save(str(out / "kabupaten-jendela.png"))
    for index, name in ((0, "kalender"), (2, "ppks"), (3, "rujukan")):
        page.tabs.setCurrentIndex(index)
        settle()
        page.grab().save(str(out / f"kabupaten-{name}.png"))
    page.tabs.setCurrentIndex(0)
    settle()
    view = page.kalender
    index = view.model().index(2, 14)  # the third kecamatan, "Diterima"
    view.doubleClicked.emit(index)
    settle()
    dialog = page.dialogs[-1]
    dialog.resize(900, 420)
    settle()
    dialog.grab().save(str(out / "kabupaten-rincian.png"))
    dialog.close()

    pdf = work / "rekap.pdf"
    rekap_kabupaten.write(actor, year, pdf=pdf)
    for old in out.glob("kabupaten-rekap-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-r", "70", "-png", str(pdf), str(out / "kabupaten-rekap")],
                   check=True)
    window.close()
    settle()
    print("Tersimpan:", ", ".join(sorted(p.name for p in out.glob("kabupaten-*.png"))))
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
