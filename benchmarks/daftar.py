"""Benchmark: the 200,000-person list of the kabupaten demo: first rows painted after opening
the page, and the app's memory. Prints figures; it is not a test.

    .venv/bin/python benchmarks/daftar.py [--pg postgresql://user@host:port] [--runs 5]
                                          [--pengguna dinas] [--cache FOLDER] [--json FILE]

Targets (issue 8): first rows painted within 150 ms; the app's RSS at most 150 MB.

Each run is a fresh process (offscreen Qt) logged in as ``--pengguna`` (default ``dinas``),
with the real main window shown:
(a) the registry page: from the click on "PPKS per Nama" (Pemetaan Sosial open) until its
    first 500 rows are painted (the lazy model's count and first batch, the table's paint); a
    Dinas user reads one kecamatan at a time (views/kecamatan_pilih.py), so the largest one,
    Gelumbang (17,969 persons), is chosen first; also from the click on "Pemetaan Sosial" (the
    page with all its tabs built);
(b) the 200,000-person list: the registry list's model (``RegistriModel``, 500 rows a batch)
    in a QTableView over the whole kabupaten, in the same app: from the filter set until the
    first rows are painted;
(c) RSS (resident memory, /proc) of that process after (a), after (b), and after scrolling (b)
    through 20 more batches (10,500 rows loaded);
(d) baseline, in its own fresh process with the same imports: a QTableView over a plain table
    model of the first 500 rows by name read with raw SQL (with the total count, as the list
    shows it); its first paint and RSS.
Median of ``--runs``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import kabupaten_bersama as kb

TARGET_MS = 150
TARGET_MB = 150


def _child_dasar(db: str) -> dict[str, float]:
    import openpyxl  # noqa: F401
    import peewee  # noqa: F401
    import reportlab.platypus  # noqa: F401
    from PySide6 import QtCharts  # noqa: F401
    from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
    from PySide6.QtWidgets import QApplication, QTableView

    from kecamatan_app.config import DatabaseTarget
    from kecamatan_app.db import open_database
    from kecamatan_app.models import database

    app = QApplication(["dasar"])
    open_database(DatabaseTarget.parse(db))
    view = QTableView()
    view.resize(1100, 700)
    view.show()
    app.processEvents()

    class Model(QAbstractTableModel):
        def __init__(self, rows: list[tuple[Any, ...]]) -> None:
            super().__init__()
            self.rows = rows

        def rowCount(self, parent: Any = QModelIndex()) -> int:  # noqa: B008
            return len(self.rows)

        def columnCount(self, parent: Any = QModelIndex()) -> int:  # noqa: B008
            return 6

        def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
            if role == Qt.ItemDataRole.DisplayRole:
                return str(self.rows[index.row()][index.column()])
            return None

    page = ("SELECT nik, nama, jenis_kelamin, tanggal_lahir, desa_id, alamat FROM warga "
            "ORDER BY nama, id LIMIT 500")
    database.execute_sql(page).fetchall()  # warm, as the app's connection is by then
    t0 = time.perf_counter()
    database.execute_sql("SELECT COUNT(*) FROM warga").fetchone()  # the list's total
    rows = database.execute_sql(page).fetchall()
    model = Model(rows)
    view.setModel(model)
    kb.lukis(app, view)
    return {"ms": (time.perf_counter() - t0) * 1000, "rss": kb.rss_mb()}


def _child_app(db: str, name: str) -> dict[str, Any]:
    from kecamatan_app.app import apply_style, create_application
    from kecamatan_app.config import DatabaseTarget
    from kecamatan_app.db import open_database
    from kecamatan_app.models import Kecamatan
    from kecamatan_app.services import users
    from kecamatan_app.services.registri import SearchFilter
    from kecamatan_app.views import kecamatan_pilih
    from kecamatan_app.views.i18n import install_translations
    from kecamatan_app.views.main_window import MainWindow
    from kecamatan_app.views.pemetaan.registri_tab import RegistriTab

    target = DatabaseTarget.parse(db)
    pesan = kb.tanpa_kotak_pesan()
    app = create_application(["kecamatan-app"])
    keep = install_translations(app)  # noqa: F841
    apply_style(app)
    open_database(target)
    actor = users.login(name, kb.SANDI).actor
    if kecamatan_pilih.perlu_pilih(actor):  # a Dinas user reads one kecamatan: the largest
        kecamatan_pilih.pilih(actor, Kecamatan.get(Kecamatan.kode == "16.03.06").id)
    window = MainWindow(actor, target)
    window.show()
    app.processEvents()
    keys = [s.key for s in window.specs]
    t0 = time.perf_counter()
    window.nav.setCurrentRow(keys.index("pemetaan"))
    app.processEvents()
    page: Any = window.stack.currentWidget()
    t1 = time.perf_counter()
    page.setCurrentIndex(page.keys.index("registri"))  # the tab's refresh(): count, 1st batch
    tab = page.currentWidget()
    assert isinstance(tab, RegistriTab)
    kb.lukis(app, tab.table)
    t2 = time.perf_counter()
    assert tab.model.rowCount() >= min(100, tab.model.total), tab.model.rowCount()  # 1st batch
    rss_tab = kb.rss_mb()
    # the registry list's model and view over the whole kabupaten, in the same app
    model, view = kb.daftar_registri(app, actor)
    t3 = time.perf_counter()
    model.set_filter(SearchFilter())
    kb.lukis(app, view)
    t4 = time.perf_counter()
    rss = kb.rss_mb()
    for _ in range(20):  # the user scrolls: the view asks for the next batches
        view.scrollToBottom()
        app.processEvents()
    kb.lukis(app, view)
    return {"ms_tab": (t2 - t1) * 1000, "ms_halaman": (t2 - t0) * 1000,
            "warga_tab": tab.model.total, "rss_tab": rss_tab, "ms": (t4 - t3) * 1000,
            "rss": rss, "rss_gulir": kb.rss_mb(), "baris": model.rowCount(),
            "total": model.total, "pesan": pesan}


def _run(args: list[str], env: dict[str, str]) -> dict[str, Any]:
    proc = subprocess.run([sys.executable, __file__, "--anak", *args], env=env, text=True,
                          capture_output=True, timeout=300)
    if proc.returncode != 0:
        raise SystemExit(f"anak gagal ({proc.returncode}): {proc.stdout}{proc.stderr}")
    return dict(json.loads(proc.stdout.strip().splitlines()[-1]))


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == "--anak":
        out = _child_dasar(sys.argv[3]) if sys.argv[2] == "dasar" else _child_app(
            sys.argv[3], sys.argv[4])
        print(json.dumps(out), flush=True)
        return
    ap = kb.args_umum(__doc__)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--pengguna", default="dinas", choices=kb.PENGGUNA)
    args = ap.parse_args()
    siap = kb.siapkan(args)
    env = siap.env_anak()
    _run(["dasar", siap.db], env)  # compile the bytecode once, as an installed app has it
    _run(["app", siap.db, args.pengguna], env)
    base = [_run(["dasar", siap.db], env) for _ in range(args.runs)]
    runs = [_run(["app", siap.db, args.pengguna], env) for _ in range(args.runs)]

    def med(rows: list[dict[str, Any]], key: str) -> float:
        return kb.median([r[key] for r in rows])

    last = runs[-1]
    figures = [
        kb.Angka("Daftar 200.000 warga: baris pertama tergambar", med(runs, "ms"), "ms",
                 TARGET_MS, med(base, "ms"),
                 f"model daftar registri + QTableView, {int(last['total']):,} warga"),
        kb.Angka("Halaman PPKS per Nama: baris pertama sejak tab diklik", med(runs, "ms_tab"),
                 "ms", TARGET_MS, med(base, "ms"),
                 f"kecamatan terbesar, {int(last['warga_tab']):,} warga"),
        kb.Angka("Halaman PPKS per Nama: sejak Pemetaan Sosial diklik",
                 med(runs, "ms_halaman"), "ms", catatan="Ringkasan lalu PPKS per Nama dibangun"),
        kb.Angka("RSS aplikasi: jendela utama + halaman PPKS per Nama", med(runs, "rss_tab"),
                 "MB", TARGET_MB, med(base, "rss")),
        kb.Angka("RSS aplikasi: + daftar 200.000 warga tampil", med(runs, "rss"), "MB",
                 TARGET_MB, med(base, "rss")),
        kb.Angka(f"RSS setelah menggulir ({int(last['baris']):,} baris dimuat)",
                 med(runs, "rss_gulir"), "MB", TARGET_MB),
    ]
    for text in dict.fromkeys(last.get("pesan", [])):
        figures[2].catatan += f"; kotak pesan muncul: {text}"
    kb.cetak(f"Daftar 200.000 warga, {siap.jenis}, pengguna {args.pengguna}; median "
             f"{args.runs} proses baru", figures)
    kb.tulis_json(args.json, figures, siap.jenis)


if __name__ == "__main__":
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    main()
