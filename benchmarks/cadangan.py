"""Benchmark: back up and restore a database of about 200,000 persons plus attachments.

Prints figures; it is not a test.

    .venv/bin/python benchmarks/cadangan.py [--persons 200000] [--files 200] [--file-kb 200]

Works in a temporary data folder; the user's data are never touched. The persons are inserted
with the registry's bulk path (``registri.bulk_insert_persons``: raw ``executemany`` in one
transaction, FTS index kept by its triggers). The baseline printed beside the figures is the
bare floor of the same work: SQLite's backup API copying the database file plus a plain copy of
the attachments folder, so a slower machine can be compared by ratio.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SANDI = "Benchmark-Sandi-2026"


def _fill(persons: int, files: int, file_kb: int) -> None:
    from kecamatan_app.services import desa, kantor, lampiran, registri
    from kecamatan_app.services.tx import write

    kantor.setup_office("16.03.06", kantor.default_kop("16.03.06", alamat="Jl. Contoh No. 1"),
                        kantor.CamatData("Camat Contoh", "197001012000031001"), None)
    desa_ids = [d.id for d in kantor.desa_list()]
    batch = []
    for i in range(persons):
        batch.append(registri.WargaData(
            nik=f"1603{i % 90 + 10:02d}{i:010d}"[:16], nama=f"Warga Contoh {i}",
            jenis_kelamin="LP"[i % 2], tempat_lahir="Gelumbang",
            alamat=f"Dusun {i % 7 + 1} RT {i % 20 + 1:03d}", desa_id=desa_ids[i % len(desa_ids)],
            rt=f"{i % 20 + 1:03d}", rw=f"{i % 5 + 1:03d}"))
    registri.bulk_insert_persons(batch)
    with write():
        for n in range(files):
            lampiran.store_bytes(b"%PDF-1.4\n" + os.urandom(file_kb * 1024), f"scan{n}.pdf",
                                 max_bytes=(file_kb + 1) * 1024)
    assert desa.resolve("Sigam") is not None


def _timed(fn: object) -> tuple[float, object]:
    start = time.perf_counter()
    result = fn()  # type: ignore[operator]
    return time.perf_counter() - start, result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--persons", type=int, default=200_000)
    parser.add_argument("--files", type=int, default=200)
    parser.add_argument("--file-kb", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["KECAMATAN_APP_DATA_DIR"] = tmp
        from kecamatan_app.config import DatabaseTarget
        from kecamatan_app.db import close_database, open_database
        from kecamatan_app.models import Warga, database
        from kecamatan_app.services import cadangan
        from kecamatan_app.services.context import Actor

        target = DatabaseTarget.parse(Path(tmp) / "kecamatan.sqlite3")
        open_database(target)
        fill_s, _ = _timed(lambda: _fill(args.persons, args.files, args.file_kb))
        database.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        actor = Actor.system("benchmark")
        db_mb = target.path.stat().st_size / 1_048_576
        files_mb = sum(p.stat().st_size for p in target.files_dir().rglob("*")
                       if p.is_file()) / 1_048_576
        print(f"Isi: {Warga.select().count():,} warga, {args.files} lampiran "
              f"(diisi dalam {fill_s:.1f} s)")
        print(f"Basis data {db_mb:.1f} MB, lampiran {files_mb:.1f} MB")

        out = Path(tmp) / "luar"
        out.mkdir()
        base_db = out / "dasar.sqlite3"
        base_s, _ = _timed(lambda: (
            sqlite3.connect(target.path).backup(dst := sqlite3.connect(base_db)), dst.close(),
            shutil.copytree(target.files_dir(), out / "dasar-lampiran")))
        plain_s, plain = _timed(lambda: cadangan.buat(actor, out / "cadangan.zip"))
        enc_s, enc = _timed(lambda: cadangan.buat(actor, out / "cadangan.zip.enc", sandi=SANDI))
        check_s, _ = _timed(lambda: cadangan.periksa(out / "cadangan.zip"))
        restore_s, _ = _timed(lambda: cadangan.pulihkan(actor, out / "cadangan.zip"))
        restore_enc_s, _ = _timed(lambda: cadangan.pulihkan(actor, out / "cadangan.zip.enc",
                                                             sandi=SANDI))
        assert Warga.select().count() == args.persons
        close_database()
        size = plain.ukuran / 1_048_576  # type: ignore[attr-defined]
        enc_size = enc.ukuran / 1_048_576  # type: ignore[attr-defined]
        print(f"Dasar (backup API + salin folder lampiran): {base_s:.2f} s")
        print(f"Cadangan biasa:        {plain_s:.2f} s  ({size:.1f} MB zip)")
        print(f"Cadangan terenkripsi:  {enc_s:.2f} s  ({enc_size:.1f} MB)")
        print(f"Periksa cadangan:      {check_s:.2f} s")
        print(f"Pulihkan (termasuk periksa dan salinan pengaman): {restore_s:.2f} s")
        print(f"Pulihkan terenkripsi:  {restore_enc_s:.2f} s")


if __name__ == "__main__":
    main()
