"""Benchmark: start of the app to its main window shown, on the kabupaten demo database, against
a bare PySide6 window with the same heavy imports. Prints figures; it is not a test.

    .venv/bin/python benchmarks/mulai.py [--pg postgresql://user@host:port] [--runs 7]
                                         [--cache FOLDER] [--json FILE]

Targets (issue 8): at most 2x the baseline, and at most 0.6 s on our machine.

Each run is a fresh Python process (offscreen Qt); the time is taken in this process from the
start of the child until it reports its window painted, so interpreter start-up counts on both
sides. Median of ``--runs``.

(a) baseline: import QtWidgets, QtCharts, peewee, openpyxl and reportlab.platypus, make the
    QApplication, show a QMainWindow, process the events (the first paint);
(b) the app: what ``app.run_gui`` does before its event loop - QApplication, translations,
    style, data-folder check, log file, crash handler, database opened (schema version check),
    data-folder permissions, set-up check, the login (the password check; the dialog itself,
    where a person types, is left out), ``MainWindow`` for the user with its home page, shown
    and painted. As ``dinas`` (home: the kabupaten dashboard over 22 kecamatan) and as
    ``operator.gelumbang`` (home: the Beranda of one kecamatan).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import kabupaten_bersama as kb

TARGET_RATIO = 2.0
TARGET_S = 0.6


def _child_dasar() -> None:
    import openpyxl  # noqa: F401
    import peewee  # noqa: F401
    import reportlab.platypus  # noqa: F401
    from PySide6 import QtCharts  # noqa: F401
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication(["dasar"])
    w = QMainWindow()
    w.resize(1100, 700)
    w.show()
    app.processEvents()
    print("SIAP", flush=True)


def _child_app(db: str, name: str) -> None:
    from kecamatan_app.app import (
        Session,
        apply_style,
        create_application,
        ensure_setup,
        open_or_report,
        secure_data_location,
    )
    from kecamatan_app.config import DatabaseTarget
    from kecamatan_app.logs import setup_logging
    from kecamatan_app.services import cek_folder, users
    from kecamatan_app.views.crash import install_excepthook
    from kecamatan_app.views.i18n import install_translations

    target = DatabaseTarget.parse(db)
    pesan = kb.tanpa_kotak_pesan()
    app = create_application(["kecamatan-app"])
    keep = install_translations(app)  # noqa: F841
    apply_style(app)
    assert not cek_folder.periksa_folder_aplikasi(target)
    setup_logging()
    install_excepthook()
    assert open_or_report(target)
    note = secure_data_location(target)
    assert ensure_setup()
    session = Session(target, login=lambda: users.login(name, kb.SANDI), network_note=note)
    assert session.start()
    app.processEvents()
    print("SIAP", flush=True)
    assert session.window is not None
    print(json.dumps({"judul": session.window.windowTitle(),
                      "halaman": session.window.nav.currentItem().text(), "pesan": pesan}),
          flush=True)


def _run(args: list[str], env: dict[str, str]) -> tuple[float, str]:
    with tempfile.TemporaryFile("w+") as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen([sys.executable, __file__, "--anak", *args], env=env,
                                stdout=subprocess.PIPE, stderr=err, text=True)
        assert proc.stdout is not None
        line = proc.stdout.readline()
        elapsed = time.perf_counter() - t0
        rest = proc.stdout.read()  # through the same buffer readline() filled
        proc.wait(timeout=120)
        err.seek(0)
        if line.strip() != "SIAP" or proc.returncode != 0:
            raise SystemExit(f"anak gagal ({proc.returncode}): {line}{rest}{err.read()}")
    return elapsed, rest.strip()


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == "--anak":
        if sys.argv[2] == "dasar":
            _child_dasar()
        else:
            _child_app(sys.argv[3], sys.argv[4])
        return
    ap = kb.args_umum(__doc__)
    ap.add_argument("--runs", type=int, default=7)
    args = ap.parse_args()
    siap = kb.siapkan(args)
    env = siap.env_anak()
    _run(["dasar"], env)  # warm the file cache and compile the bytecode once, on both sides
    base = [_run(["dasar"], env)[0] for _ in range(args.runs)]
    dasar = kb.median(base)
    figures: list[kb.Angka] = []
    for name in kb.PENGGUNA:
        _run(["app", siap.db, name], env)
        times, info = [], ""
        for _ in range(args.runs):
            t, info = _run(["app", siap.db, name], env)
            times.append(t)
        app_s = kb.median(times)
        where = json.loads(info.splitlines()[-1])
        shown = "; ".join(dict.fromkeys(where["pesan"]))
        figures += [
            kb.Angka(f"Mulai sampai jendela utama ({name}: {where['halaman']})", app_s, "s",
                     TARGET_S, dasar, f"min {min(times):.3f} s, maks {max(times):.3f} s"
                     + (f"; kotak pesan muncul: {shown}" if shown else "")),
            kb.Angka(f"Mulai sampai jendela utama ({name}) / dasar", app_s / dasar, "x",
                     TARGET_RATIO),
        ]
    figures.insert(0, kb.Angka("Dasar: jendela PySide6 kosong + impor yang sama", dasar, "s",
                               catatan=f"min {min(base):.3f} s, maks {max(base):.3f} s"))
    kb.cetak(f"Mulai aplikasi, {siap.jenis}, basis data demo kabupaten; median {args.runs} "
             "proses baru", figures)
    kb.tulis_json(args.json, figures, siap.jenis)


if __name__ == "__main__":
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    main()
