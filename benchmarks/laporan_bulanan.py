"""Benchmark: render the monthly report of a month with 300 activities and 40 photos.

Target (issue #6): under 2 seconds on our machine for the PDF. Prints figures; it is not a test.

    .venv/bin/python benchmarks/laporan_bulanan.py [--activities 300] [--photos 40] [--runs 3]
                                                   [--pg postgresql://user@host:port] [--json F]

Works in a temporary data folder with an SQLite file, or (``--pg``) in a database created on
that server for the run and dropped after it; the user's data are never touched. The baseline
printed beside it is reportlab rendering a bare table of the same number of rows (no database,
no photos), so a slower machine can be compared by ratio.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _photos(folder: Path, n: int, rng: random.Random) -> list[Path]:
    from PIL import Image, ImageDraw

    out = []
    for i in range(n):
        img = Image.new("RGB", (2000, 1500), tuple(rng.randrange(60, 200) for _ in range(3)))
        ImageDraw.Draw(img).text((80, 80), f"FOTO CONTOH {i + 1}", fill=(255, 255, 255))
        path = folder / f"foto{i:02d}.jpg"
        img.save(path, "JPEG", quality=90)
        out.append(path)
    return out


def _fill(n_act: int, n_photo: int, folder: Path) -> tuple[Any, int, int]:
    from kecamatan_app.services import desa, kantor, kegiatan, kegiatan_daftar, pendaftar, penugasan
    from kecamatan_app.services.context import Actor
    from kecamatan_app.services.kegiatan_periksa import FotoData, KegiatanData

    kantor.setup_office("16.03.06", kantor.default_kop("16.03.06", alamat="Jl. Contoh No. 1"),
                        kantor.CamatData("Camat Contoh", "197001012000031001"), None)
    actor = Actor.system("benchmark")
    today = dt.date.today()
    month_end = today.replace(day=1) - dt.timedelta(days=1)
    start = month_end.replace(day=1)
    mulai = start - dt.timedelta(days=200)
    born = dt.date(mulai.year - 27, 3, 12)
    sigam = desa.resolve("Sigam")
    assert sigam is not None
    pid, _ = pendaftar.create(actor, pendaftar.PendaftarData(
        nik=f"160306{born:%d%m%y}0001", nama="TKSK Contoh", jenis_kelamin="P",
        tanggal_lahir=born, kewarganegaraan="WNI", desa_domisili_id=sigam.id,
        pendidikan="SMA", status_kepegawaian="Bukan ASN/TNI/Polri/Legislatif",
        pilar_sosial="PSM", dapat_komputer=True, surat_sehat="Ada", skck="Ada",
        tanggal_daftar=mulai - dt.timedelta(days=30)))
    penugasan.appoint(actor, pid, penugasan.SkData("SK/1", mulai, "Dinas Sosial", mulai))
    rng = random.Random(3)
    pairs = [(b.fungsi_id, b.id) for b in kegiatan_daftar.bentuk_choices() if b.kode != "rujukan"]
    villages = [d.id for d in desa.all_desa()]
    photos = _photos(folder, n_photo, rng)
    for i in range(n_act):
        f, b = rng.choice(pairs)
        foto = [FotoData(path=str(photos[i])) for _ in range(1)] if i < n_photo else []
        kegiatan.create(actor, KegiatanData(
            tanggal=start + dt.timedelta(days=i % month_end.day), fungsi_id=f, bentuk_id=b,
            judul=f"Kegiatan contoh nomor {i + 1} di lapangan", desa_ids=[rng.choice(villages)],
            uraian="Uraian kegiatan contoh yang cukup panjang untuk dua atau tiga baris tabel.",
            hasil="Hasil kegiatan contoh tercatat.", peserta_l=rng.randrange(20),
            peserta_p=rng.randrange(20), status="final", foto=foto))
    return actor, month_end.year, month_end.month


def _baseline(n: int, out: Path) -> float:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table

    st = getSampleStyleSheet()["Normal"]
    rows = [[Paragraph(f"Sel {i}.{j} dengan teks", st) for j in range(10)] for i in range(n)]
    t0 = time.perf_counter()
    SimpleDocTemplate(str(out), pagesize=A4).build([Table(rows, repeatRows=1)])
    return time.perf_counter() - t0


def _pg_database(server: str, create: bool, name: str) -> None:
    import psycopg2

    conn = psycopg2.connect(f"{server.rstrip('/')}/postgres")
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        if create:
            cur.execute(f"CREATE DATABASE {name}")
    conn.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--activities", type=int, default=300)
    ap.add_argument("--photos", type=int, default=40)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--pg", metavar="URL", default="",
                    help="server PostgreSQL, contoh postgresql://postgres@127.0.0.1:55432")
    ap.add_argument("--json", metavar="BERKAS", type=Path, help="tulis angka untuk semua.py")
    args = ap.parse_args()
    pg_name = f"kecamatan_bench_laporan_{uuid.uuid4().hex[:10]}"
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["KECAMATAN_APP_DATA_DIR"] = tmp
        from kecamatan_app.config import DatabaseTarget
        from kecamatan_app.db import close_database, open_database
        from kecamatan_app.services import laporan_cetak

        if args.pg:
            _pg_database(args.pg, True, pg_name)
            open_database(DatabaseTarget.parse(f"{args.pg.rstrip('/')}/{pg_name}"))
        else:
            open_database(DatabaseTarget.parse(Path(tmp) / "bench.sqlite3"))
        t0 = time.perf_counter()
        actor, year, month = _fill(args.activities, args.photos, Path(tmp))
        fill = time.perf_counter() - t0
        pdf_times, xlsx_times = [], []
        for run in range(args.runs):
            t0 = time.perf_counter()
            pdf = laporan_cetak.write_pdf(actor, year, month, Path(tmp) / f"l{run}.pdf")
            pdf_times.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            laporan_cetak.write_xlsx(actor, year, month, Path(tmp) / f"l{run}.xlsx")
            xlsx_times.append(time.perf_counter() - t0)
        base = _baseline(args.activities, Path(tmp) / "base.pdf")
        from pypdf import PdfReader

        pages = len(PdfReader(pdf).pages)
        close_database()
        if args.pg:
            _pg_database(args.pg, False, pg_name)
    print(f"Laporan bulanan: {args.activities} kegiatan, {args.photos} foto, "
          f"{'PostgreSQL' if args.pg else 'SQLite'} (data disiapkan dalam {fill:.1f} s)")
    print(f"  PDF   : median {statistics.median(pdf_times):.2f} s (min {min(pdf_times):.2f}, "
          f"{pages} halaman); target < 2 s")
    print(f"  Excel : median {statistics.median(xlsx_times):.2f} s")
    print(f"  dasar : reportlab tabel polos {args.activities} baris {base:.2f} s "
          f"(rasio PDF/dasar {statistics.median(pdf_times) / base:.1f}x)")
    if args.json is not None:  # for benchmarks/semua.py (see kabupaten_bersama.Angka)
        figures = [
            {"nama": f"Laporan bulanan PDF ({args.activities} kegiatan, {args.photos} foto)",
             "nilai": statistics.median(pdf_times), "satuan": "s", "target": 2.0,
             "dasar": base, "catatan": f"{pages} halaman"},
            {"nama": "Laporan bulanan Excel", "nilai": statistics.median(xlsx_times),
             "satuan": "s", "target": None, "dasar": None, "catatan": ""},
        ]
        args.json.write_text(json.dumps({"basis_data": "PostgreSQL" if args.pg else "SQLite",
                                         "angka": figures}, indent=1), "utf-8")


if __name__ == "__main__":
    main()
