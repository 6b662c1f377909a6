"""Benchmark: the consolidated yearly recap of a Dinas Sosial database, PDF and Excel.

Target (issue 8, part 5): the consolidated yearly recap of 22 kecamatan in at most 5 s. Prints
figures; it is not a test.

    .venv/bin/python benchmarks/rekap_kabupaten.py --db BERKAS.sqlite3 [--tahun TTTT] [--runs 3]
    .venv/bin/python benchmarks/rekap_kabupaten.py --db postgresql://user@host:port/nama
    .venv/bin/python benchmarks/rekap_kabupaten.py [--pg postgresql://user@host:port]

With ``--db`` the given Dinas database is used (``kecamatan-app demo --size kabupaten`` makes
one); without it, the kabupaten demo of ``benchmarks/kabupaten_bersama.py`` (made once, cached;
on the ``--pg`` server when given). Each run writes the recap as the GUI and the command line do
(``services.rekap_kabupaten.write``: reading the year through ``ringkasan_bulan.untuk_tahun``,
rendering, and one audit entry per file, as every print has) into a temporary folder.

Figures (median of ``--runs``): reading the dashboard of the year alone; the PDF; the Excel
workbook; PDF and Excel together (one read, two files, as ``report rekap --pdf --xlsx``). The
baseline, measured in the same run: a raw grouped SQL count of the year's final activities per
kecamatan and day, plus reportlab rendering bare tables of as many cells as the recap prints.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.kabupaten_bersama import (  # noqa: E402
    Angka,
    args_umum,
    buka,
    cetak,
    siapkan,
    tulis_json,
)

TARGET_S = 5.0


def _open_given(db: str) -> str:
    """Open ``--db`` (an SQLite path or a postgresql:// URL); returns the kind's name."""
    import os

    os.environ.setdefault("KECAMATAN_APP_DATA_DIR", tempfile.mkdtemp(prefix="bench-rekap-"))
    from kecamatan_app.config import DatabaseTarget
    from kecamatan_app.db import open_database

    target = DatabaseTarget.parse(db)
    open_database(target)
    return "PostgreSQL" if target.kind == "postgresql" else "SQLite"


def _latest_year() -> int:
    from peewee import fn

    from kecamatan_app.models import Kegiatan

    last = Kegiatan.select(fn.MAX(Kegiatan.tanggal)).scalar()
    if last is None:
        return dt.date.today().year
    return last.year if isinstance(last, dt.date) else int(str(last)[:4])


def _raw_counts(tahun: int) -> int:
    """The raw reading: final activities per kecamatan and day of the year, one grouped query,
    summed per month in Python."""
    from peewee import fn

    from kecamatan_app.models import Kegiatan

    q = (Kegiatan.select(Kegiatan.kecamatan, Kegiatan.tanggal, fn.COUNT(Kegiatan.id))
         .where((Kegiatan.tanggal >= dt.date(tahun, 1, 1))
                & (Kegiatan.tanggal <= dt.date(tahun, 12, 31)) & (Kegiatan.status == "final"))
         .group_by(Kegiatan.kecamatan, Kegiatan.tanggal))
    per: dict[tuple[int, int], int] = {}
    for kec, day, n in q.tuples():
        month = day.month if isinstance(day, dt.date) else int(str(day)[5:7])
        per[(kec, month)] = per.get((kec, month), 0) + n
    return sum(per.values())


def _bare_tables(rows: int, out: Path) -> None:
    """reportlab alone: five landscape tables of ``rows`` x 18 cells of short numbers."""
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table

    style = getSampleStyleSheet()["Normal"]
    story = []
    for _ in range(5):
        data = [[Paragraph(f"{r * c % 97}", style) for c in range(18)] for r in range(rows + 1)]
        story.append(Table(data, repeatRows=1))
    SimpleDocTemplate(str(out), pagesize=landscape(A4)).build(story)


def _time(fn: object, runs: int) -> float:
    assert callable(fn)
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> None:
    ap = args_umum(__doc__)
    ap.add_argument("--db", metavar="BERKAS|URL", default="",
                    help="basis data Dinas Sosial yang dipakai (tanpa ini: demo kabupaten)")
    ap.add_argument("--tahun", type=int, default=0,
                    help="tahun rekap (bawaan: tahun kegiatan terakhir)")
    ap.add_argument("--runs", type=int, default=3)
    args: argparse.Namespace = ap.parse_args()
    if args.db:
        jenis = _open_given(args.db)
    else:
        siap = siapkan(args)
        buka(siap)
        jenis = siap.jenis

    from kecamatan_app.services import kabupaten, lingkup, rekap_kabupaten
    from kecamatan_app.services.context import Actor

    if not lingkup.is_dinas():
        raise SystemExit("Basis data ini bukan basis data Dinas Sosial: rekap gabungan hanya "
                         "ada di sana (buat dengan kecamatan-app demo --size kabupaten).")
    actor = Actor.system("benchmark")
    tahun = args.tahun or _latest_year()
    d = kabupaten.dasbor(actor, tahun)
    n_kec = len(d.kecamatan)
    total = d.jumlah()
    from kecamatan_app.services.formatting import angka as fmt

    print(f"{jenis}; {kabupaten.kabupaten_nama()}, tahun {tahun}: {n_kec} kecamatan, "
          f"{fmt(sum(d.kegiatan(k.id) for k in d.kecamatan))} kegiatan final, "
          f"{fmt(total.wajib)} laporan wajib, {fmt(total.diterima)} diterima, "
          f"{fmt(sum(k.paket for k in d.kecamatan))} paket.", flush=True)

    with tempfile.TemporaryDirectory(prefix="bench-rekap-") as tmp:
        folder = Path(tmp)
        runs = max(1, args.runs)
        rekap_kabupaten.write(actor, tahun, pdf=folder / "pemanasan.pdf")  # imports, caches
        baca = _time(lambda: kabupaten.dasbor(actor, tahun), runs)
        pdf = _time(lambda: rekap_kabupaten.write(actor, tahun, pdf=folder / "r.pdf"), runs)
        xlsx = _time(lambda: rekap_kabupaten.write(actor, tahun, xlsx=folder / "r.xlsx"), runs)
        both = _time(lambda: rekap_kabupaten.write(actor, tahun, pdf=folder / "b.pdf",
                                                   xlsx=folder / "b.xlsx"), runs)
        raw = _time(lambda: _raw_counts(tahun), runs)
        bare = _time(lambda: _bare_tables(n_kec + 5, folder / "polos.pdf"), runs)
        pages = len(__import__("pypdf").PdfReader(str(folder / "r.pdf")).pages)

    dasar = raw + bare
    note = f"{n_kec} kecamatan, PDF {pages} halaman"
    angka = [
        Angka("Rekap kabupaten: membaca data setahun (dasbor)", baca, "s", None, raw,
              "dasar: kueri SQL mentah terkelompok"),
        Angka("Rekap kabupaten: PDF (baca + cetak + audit)", pdf, "s", TARGET_S, dasar, note),
        Angka("Rekap kabupaten: Excel (baca + tulis + audit)", xlsx, "s", TARGET_S, dasar, note),
        Angka("Rekap kabupaten: PDF dan Excel sekaligus", both, "s", TARGET_S, dasar, note),
    ]
    cetak(f"Rekap tahunan kabupaten ({jenis}, {args.runs} kali, median):", angka)
    print(f"  dasar: SQL mentah {raw:.3f} s + reportlab tabel polos {bare:.3f} s; rasio PDF "
          f"{pdf / dasar:.1f}x")
    tulis_json(args.json, angka, jenis)


if __name__ == "__main__":
    main()
