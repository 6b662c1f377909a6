"""Benchmark: search the registry of the kabupaten demo (200,000 persons) by NIK and by a
4-letter name fragment. Prints figures; it is not a test.

    .venv/bin/python benchmarks/cari.py [--pg postgresql://user@host:port] [--n 100]
                                        [--pengguna dinas] [--cache FOLDER] [--json FILE]

Targets (issue 8): p95 at the service at most 5 ms and at most 3x the raw SQL query; the result
list shown within 100 ms.

(a) service: ``registri.search(actor, SearchFilter(text), 0, 500)``, what the registry list
    (views/pemetaan/registri_model.py) asks for its first batch, as the user ``--pengguna``
    (default ``dinas``: every kecamatan, all 200,000 persons; ``operator.gelumbang``: one
    kecamatan). Also reported: ``count`` + ``search``, what one refresh of the list costs.
(b) baseline: the very SQL the service runs for that page (taken from its query), executed on
    the same connection with the raw cursor and fetched as tuples: the database's own time.
(c) the list shown: the registry list's model (``RegistriModel``) in a QTableView (offscreen,
    1100 x 700) given the text, as the registry tab's refresh does (count, first batch of 500,
    model reset), and the table repainted. Over the whole kabupaten: in the app a Dinas user
    reads one kecamatan at a time (views/kecamatan_pilih.py), so the tab itself never lists all
    200,000; the model and the service do.

Queries: ``--n`` NIK of random persons (a hit each) and ``--n`` fragments, 4 letters at a
random place of a random person's first or family name (the demo's names come from short
lists, so a fragment matches 1-7 % of all persons: thousands of rows to order by name).
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import kabupaten_bersama as kb


def _queries(n: int, seed: int) -> tuple[list[str], list[str]]:
    from kecamatan_app.models import database

    rng = random.Random(seed)
    top = database.execute_sql("SELECT MAX(id) FROM warga").fetchone()[0]
    ids = rng.sample(range(1, top + 1), 4 * n)
    marks = ", ".join([database.param] * len(ids))
    rows = database.execute_sql(f"SELECT nik, nama FROM warga WHERE id IN ({marks})",
                                ids).fetchall()
    rng.shuffle(rows)
    niks = [nik for nik, _nama in rows if nik][:n]
    frags = []
    for _nik, nama in rows:
        words = [w for w in nama.split() if w.isalpha() and len(w) >= 4]
        if words:
            word = rng.choice(words)
            i = rng.randint(0, len(word) - 4)
            frags.append(word[i:i + 4])
    return niks, frags[:n]


def _raw(actor: Any, teks: str) -> float:
    """The service's own SQL for the page, on the raw cursor, fetched as tuples."""
    from kecamatan_app.models import Warga, database
    from kecamatan_app.services import registri_cari

    q = registri_cari._filtered(actor, registri_cari.SearchFilter(teks))
    sql, params = q.order_by(Warga.nama, Warga.id).offset(0).limit(500).sql()
    t0 = time.perf_counter()
    cur = database.execute_sql(sql, params)
    cur.fetchall()
    return (time.perf_counter() - t0) * 1000


def _service(actor: Any, teks: str) -> tuple[float, float]:
    from kecamatan_app.services import registri

    f = registri.SearchFilter(teks)
    t0 = time.perf_counter()
    registri.search(actor, f, 0, 500)
    t1 = time.perf_counter()
    registri.count(actor, f)
    t2 = time.perf_counter()
    return (t1 - t0) * 1000, (t2 - t0) * 1000


def _shown(actor: Any, texts: list[str]) -> list[float]:
    """The registry list's own model and view (views/pemetaan/registri_model.py), as the tab
    uses them, over the whole kabupaten (the tab itself shows one kecamatan at a time)."""
    from PySide6.QtWidgets import QApplication

    from kecamatan_app.services.registri import SearchFilter

    app = QApplication.instance() or QApplication(["bench"])
    model, view = kb.daftar_registri(app, actor)
    out = []
    for teks in texts:
        t0 = time.perf_counter()
        model.set_filter(SearchFilter(teks))  # what the tab's refresh() does: count, 1st batch
        kb.lukis(app, view)
        out.append((time.perf_counter() - t0) * 1000)
        assert model.rowCount() > 0, teks
    view.close()
    return out


def main() -> None:
    ap = kb.args_umum(__doc__)
    ap.add_argument("--n", type=int, default=100, help="kueri per jenis")
    ap.add_argument("--pengguna", default="dinas", choices=kb.PENGGUNA)
    args = ap.parse_args()
    siap = kb.siapkan(args)
    kb.buka(siap)
    from kecamatan_app.models import Warga

    actor = kb.login(args.pengguna)
    niks, frags = _queries(args.n, args.seed)
    figures: list[kb.Angka] = []
    for label, texts in (("NIK", niks), ("potongan nama 4 huruf", frags)):
        for teks in texts[:5]:  # warm the caches, as a user's second search finds them
            _service(actor, teks)
            _raw(actor, teks)
        service, refresh, raw = [], [], []
        for teks in texts:
            s, r = _service(actor, teks)
            service.append(s)
            refresh.append(r)
            raw.append(_raw(actor, teks))
        p95, raw95 = kb.persentil(service, 95), kb.persentil(raw, 95)
        figures += [
            kb.Angka(f"Cari {label}: p50 layanan", kb.persentil(service, 50), "ms",
                     dasar=kb.persentil(raw, 50)),
            kb.Angka(f"Cari {label}: p95 layanan", p95, "ms", 5, raw95,
                     f"SQL mentah p95 {raw95:.2f} ms"),
            kb.Angka(f"Cari {label}: p95 layanan / p95 SQL mentah", p95 / raw95, "x", 3),
            kb.Angka(f"Cari {label}: p95 hitung + cari (satu muat ulang daftar)",
                     kb.persentil(refresh, 95), "ms"),
        ]
        shown = _shown(actor, texts[: min(30, len(texts))])
        figures.append(kb.Angka(f"Cari {label}: daftar hasil tampil p95", kb.persentil(shown, 95),
                                "ms", 100, catatan=f"maks {max(shown):.0f} ms"))
    from kecamatan_app.services.pencarian import contains

    n_match = [Warga.select().where(contains(Warga.nama, f)).count() for f in frags[:20]]
    kb.cetak(f"Pencarian registri, {siap.jenis}, pengguna {args.pengguna}, "
             f"{Warga.select().count():,} warga; {len(niks)} NIK dan {len(frags)} potongan "
             f"(median {sorted(n_match)[len(n_match) // 2]:,} nama cocok per potongan)",
             figures)
    kb.tulis_json(args.json, figures, siap.jenis)


if __name__ == "__main__":
    main()
