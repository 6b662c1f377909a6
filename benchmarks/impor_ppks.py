"""Benchmark: ``import ppks`` of 100,000 rows against reading the same workbook with
python-calamine plus a raw insert of its rows.

Target (issue 8): the import through the service takes at most 2.5 times the baseline measured in
the same run. Prints figures; it is not a test.

    .venv/bin/python benchmarks/impor_ppks.py [--rows 100000] [--pg postgresql://user@host:port]

The workbook (fictitious persons of Kecamatan Gelumbang with valid NIK and No. KK, households of
one to four persons, the 26 PPKS categories, Excel dates) is built once and cached in the temp
folder (``kecamatan-bench/``); building 100,000 rows takes about a minute. Works in a temporary
data folder (SQLite) or in a database created for the run and dropped after it (``--pg``); the
user's data are never touched.

(a) baseline: ``python_calamine`` opens the workbook and hands over every row of the sheet, then
    the rows are inserted in one transaction into a fresh table of the same 15 columns: SQLite
    ``executemany`` on the raw cursor; PostgreSQL ``psycopg2.extras.execute_values`` (its
    ``executemany`` makes one round trip per row: 10-20 times slower, no fair floor);
(b) ``impor_ppks.import_file`` on a fresh database with the office set up: every cell checked,
    persons, households, PPKS records and their history written, the audit entry, the search
    indexes kept (SQLite FTS5 triggers, PostgreSQL trigram indexes).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGET = 2.5
#: Bump when the generated rows change, so a cached workbook of the old kind is not reused.
VERSION = 1
_LAKI = ("Ahmad", "Budi", "Dedi", "Fajar", "Hasan", "Irfan", "Joko", "Rudi", "Taufik", "Yusuf")
_PEREMPUAN = ("Aminah", "Dewi", "Fitri", "Indah", "Kartini", "Maryam", "Rina", "Siti", "Tuti")
_BELAKANG = ("Anwar", "Hakim", "Kusuma", "Pratama", "Rahman", "Santoso", "Saputra", "Wijaya")
_STATUS = ("Teridentifikasi", "Terverifikasi", "Ditangani", "Tidak lagi PPKS")


def ppks_rows(n: int, desa: Sequence[str], kategori: Sequence[str], seed: int = 8) -> Iterator[
        list[Any]]:
    """``n`` valid rows of the ``ppks`` template (fictitious; NIK unique, region 16.03.06)."""
    rng = random.Random(seed)
    base = dt.date(1950, 1, 1)
    serial: dict[tuple[int, dt.date], int] = {}
    made = 0
    family = 0
    while made < n:
        family += 1
        kk = f"160306{(family % 28) + 1:02d}{(family % 12) + 1:02d}{10 + family % 14:02d}" \
             f"{family % 9999 + 1:04d}"
        place = rng.choice(desa)
        rt, rw = f"{rng.randint(1, 12):03d}", f"{rng.randint(1, 6):03d}"
        alamat = f"Jl. {rng.choice(_BELAKANG)} No. {rng.randint(1, 200)}"
        for member in range(min(rng.randint(1, 4), n - made)):
            sex = "L" if (member == 0) == (rng.random() < 0.8) else "P"
            born = base + dt.timedelta(days=rng.randint(0, 365 * 60))
            key = (40 if sex == "P" else 0, born)
            serial[key] = serial.get(key, 0) + 1
            nik = f"160306{born.day + key[0]:02d}{born.month:02d}{born.year % 100:02d}" \
                  f"{serial[key]:04d}"
            first = rng.choice(_LAKI if sex == "L" else _PEREMPUAN)
            hub = "Kepala Keluarga" if member == 0 else ("Istri" if sex == "P" else "Anak")
            status = rng.choice(_STATUS)
            verified = base + dt.timedelta(days=365 * 74 + rng.randint(0, 300))
            yield [kk, nik, f"{first} {rng.choice(_BELAKANG)} {made}", sex, born, hub, alamat,
                   place, None, rt, rw, rng.choice(kategori), status,
                   verified if status != "Teridentifikasi" else None,
                   "Data contoh benchmark" if made % 7 == 0 else None]
            made += 1


def build_workbook(path: Path, n: int, desa: Sequence[str], kategori: Sequence[str]) -> Path:
    """The ``ppks`` workbook of ``n`` rows, written as an export is (title rows, then the
    template's headers), through openpyxl's write-only mode."""
    from kecamatan_app.reports import xlsx
    from kecamatan_app.services import impor_ppks

    headers = [c.header for c in impor_ppks.columns()]
    return xlsx.write_table(path, "Data PPKS (contoh benchmark)", headers,
                            ppks_rows(n, desa, kategori), sheet_name=impor_ppks.SHEET, total=n)


# -- the workbook -----------------------------------------------------------------------------


def _office() -> None:
    from kecamatan_app.services import kantor

    kantor.setup_office("16.03.06", kantor.default_kop("16.03.06", alamat="Jl. Contoh No. 1"),
                        kantor.CamatData("Camat Contoh", "197001012000031001"), None)


def _names() -> tuple[list[str], list[str]]:
    """The desa of Kecamatan Gelumbang and the PPKS categories, from a throwaway office."""
    from kecamatan_app.config import DatabaseTarget
    from kecamatan_app.db import close_database, open_database
    from kecamatan_app.models import Kategori
    from kecamatan_app.services import desa

    with tempfile.TemporaryDirectory() as tmp:
        os.environ["KECAMATAN_APP_DATA_DIR"] = tmp
        open_database(DatabaseTarget.parse(Path(tmp) / "nama.sqlite3"))
        try:
            _office()
            places = [d.nama for d in desa.all_desa()]
            kinds = [k.nama for k in Kategori.select().where(Kategori.jenis == "PPKS")
                     .order_by(Kategori.urutan, Kategori.kode)]  # fmt: skip
        finally:
            close_database()
    return places, kinds


def workbook(rows: int) -> Path:
    """The cached workbook of ``rows`` rows (built on first use)."""
    folder = Path(tempfile.gettempdir()) / "kecamatan-bench"
    folder.mkdir(exist_ok=True)
    path = folder / f"impor_ppks-v{VERSION}-{rows}.xlsx"
    if not path.exists():
        print(f"Membuat buku kerja {rows:,} baris (sekali saja) ...", flush=True)
        t0 = time.perf_counter()
        places, kinds = _names()
        build_workbook(path, rows, places, kinds)
        print(f"  {path} ({path.stat().st_size / 1e6:.1f} MB) dalam "
              f"{time.perf_counter() - t0:.0f} s", flush=True)
    return path


# -- (a) the baseline ---------------------------------------------------------------------------


def read_calamine(path: Path) -> list[list[Any]]:
    """Every data row of the sheet ``PPKS`` (below the header row), blanks as None."""
    import python_calamine

    with python_calamine.CalamineWorkbook.from_path(path) as wb:
        rows = wb.get_sheet_by_name("PPKS").to_python(skip_empty_area=False)
    head = next(i for i, r in enumerate(rows) if r and r[0] == "No. KK")
    return [[None if v == "" else v for v in r[:15]] for r in rows[head + 1:]]


_COLUMNS = ("no_kk text, nik text, nama text, jenis_kelamin text, tanggal_lahir date, "
            "hubungan text, alamat text, desa text, dusun text, rt text, rw text, "
            "kategori text, status text, tanggal_verifikasi date, catatan text")


def insert_sqlite(path: Path, rows: list[list[Any]]) -> None:
    """The rows into a fresh table of a fresh SQLite file, as the app opens its files
    (WAL, ``synchronous=FULL``), with the raw cursor's ``executemany``, one transaction."""
    import sqlite3

    con = sqlite3.connect(path, isolation_level=None)
    try:
        con.execute("PRAGMA journal_mode=wal")
        con.execute("PRAGMA synchronous=full")
        con.execute(f"CREATE TABLE baris_ppks (id INTEGER PRIMARY KEY, {_COLUMNS})")
        con.execute("BEGIN IMMEDIATE")
        con.executemany(f"INSERT INTO baris_ppks VALUES (NULL, {', '.join('?' * 15)})", rows)
        con.execute("COMMIT")
    finally:
        con.close()


def insert_pg(url: str, rows: list[list[Any]]) -> None:
    """The rows into a fresh table on PostgreSQL with ``execute_values`` (1,000 rows a
    statement), one transaction."""
    import psycopg2
    from psycopg2.extras import execute_values

    con = psycopg2.connect(url)
    try:
        with con, con.cursor() as cur:
            cur.execute(f"CREATE TABLE baris_ppks (id serial PRIMARY KEY, {_COLUMNS})")
            execute_values(cur, "INSERT INTO baris_ppks (no_kk, nik, nama, jenis_kelamin, "
                           "tanggal_lahir, hubungan, alamat, desa, dusun, rt, rw, kategori, "
                           "status, tanggal_verifikasi, catatan) VALUES %s", rows,
                           page_size=1000)  # fmt: skip
    finally:
        con.close()


# -- PostgreSQL databases of the run --------------------------------------------------------------


class _PgDatabases:
    """Databases created on the server for this run, dropped at the end."""

    def __init__(self, server: str) -> None:
        self.server = server.rstrip("/")
        self.made: list[str] = []

    def _admin(self, sql: str) -> None:
        import psycopg2

        con = psycopg2.connect(f"{self.server}/postgres")
        con.autocommit = True
        try:
            with con.cursor() as cur:
                cur.execute(sql)
        finally:
            con.close()

    def new(self) -> str:
        name = "bench_" + uuid.uuid4().hex[:12]
        self._admin(f"CREATE DATABASE {name}")
        self.made.append(name)
        return f"{self.server}/{name}"

    def drop_all(self) -> None:
        while self.made:
            self._admin(f"DROP DATABASE IF EXISTS {self.made.pop()} WITH (FORCE)")


# -- (b) the service ----------------------------------------------------------------------------


def import_service(path: Path, target: str) -> tuple[float, float, Any]:
    """(wall seconds, CPU seconds, result) of ``import ppks`` on a fresh database with the
    office set up."""
    from kecamatan_app.config import DatabaseTarget
    from kecamatan_app.db import close_database, open_database
    from kecamatan_app.services import impor_ppks
    from kecamatan_app.services.context import Actor

    open_database(DatabaseTarget.parse(target))
    try:
        _office()
        t0, c0 = time.perf_counter(), time.process_time()
        result = impor_ppks.import_file(Actor.cli(), path)
        return time.perf_counter() - t0, time.process_time() - c0, result
    finally:
        close_database()


def _machine() -> str:
    import platform
    import sqlite3

    import python_calamine

    version = getattr(python_calamine, "__version__", "")
    if not version:
        from importlib.metadata import version as dist_version

        version = dist_version("python-calamine")
    return (f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPU, Python "
            f"{platform.python_version()}, SQLite {sqlite3.sqlite_version}, python-calamine "
            f"{version}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--runs", type=int, default=3, help="berapa kali diukur (median)")
    ap.add_argument("--pg", default="", help="postgresql://user@host:port (tanpa nama basis "
                    "data): ukur pada PostgreSQL")  # fmt: skip
    args = ap.parse_args()
    path = workbook(args.rows)
    pg = _PgDatabases(args.pg) if args.pg else None
    read_calamine(path)  # the file in the OS cache for both sides
    reads, inserts, base_cpus, walls, cpus = [], [], [], [], []
    result = None
    try:
        with tempfile.TemporaryDirectory() as tmp:
            os.environ["KECAMATAN_APP_DATA_DIR"] = tmp
            os.environ["KECAMATAN_APP_LOG_DIR"] = str(Path(tmp) / "log")
            for run in range(args.runs):
                base_db = pg.new() if pg is not None else ""
                t0, c0 = time.perf_counter(), time.process_time()
                rows = read_calamine(path)
                reads.append(time.perf_counter() - t0)
                t0 = time.perf_counter()
                if pg is not None:
                    insert_pg(base_db, rows)
                else:
                    insert_sqlite(Path(tmp) / f"dasar{run}.sqlite3", rows)
                inserts.append(time.perf_counter() - t0)
                base_cpus.append(time.process_time() - c0)
                del rows
                target = pg.new() if pg is not None else str(Path(tmp) / f"impor{run}.sqlite3")
                wall, cpu, result = import_service(path, target)
                walls.append(wall)
                cpus.append(cpu)
                if pg is not None:
                    pg.drop_all()
    finally:
        if pg is not None:
            pg.drop_all()
    assert result is not None and result.ok, result.problems[:5] if result else None
    base = statistics.median(r + i for r, i in zip(reads, inserts, strict=True))
    service = statistics.median(walls)
    where = "PostgreSQL" if pg is not None else "SQLite"
    print(f"Impor ppks {args.rows:,} baris, {where}; {_machine()}")
    print(f"  buku kerja  : {path} ({path.stat().st_size / 1e6:.1f} MB)")
    print(f"  (a) dasar   : {base:.2f} s = baca python-calamine {statistics.median(reads):.2f} s"
          f" + sisip mentah {statistics.median(inserts):.2f} s"
          f" ({args.rows / base:,.0f} baris/s)")
    print(f"  (b) layanan : {service:.2f} s, CPU {statistics.median(cpus):.2f} s"
          f" ({args.rows / service:,.0f} baris/s; {result.created:,} baru,"
          f" {result.updated:,} diperbarui)")
    ratio = service / base
    verdict = "memenuhi" if ratio <= TARGET else f"meleset {ratio / TARGET - 1:.0%}"
    print(f"  rasio b/a   : {ratio:.2f}x (target <= {TARGET}x: {verdict});"
          f" median dari {args.runs} kali: {', '.join(f'{w:.2f}' for w in walls)} s")
    cpu_ratio = statistics.median(cpus) / statistics.median(base_cpus)
    print(f"  rasio CPU   : {cpu_ratio:.2f}x (CPU proses ini: dasar "
          f"{statistics.median(base_cpus):.2f} s, layanan {statistics.median(cpus):.2f} s"
          f"{'; kerja server PostgreSQL tidak terhitung' if pg is not None else ''})")


if __name__ == "__main__":
    main()
