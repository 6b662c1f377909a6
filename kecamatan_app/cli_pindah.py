"""Command-line copy of a whole SQLite database into an empty PostgreSQL database
(docs/postgresql.md, langkah 8). Registered by :mod:`cli`; imports no Qt.

``pindah-ke-postgresql --dari BERKAS.sqlite3 [--ke postgresql://...]``: ``--dari`` is the office's
SQLite file (read only, never changed); ``--ke`` the empty PostgreSQL database. Without ``--ke``
the target is the database ``--db`` / ``KECAMATAN_APP_DB`` names, as for every other command
(an office that already points its PCs at the server needs no second address); it must be a
``postgresql://`` address. One line per table is printed as it is done, then the check.
Ctrl+C cancels: the transaction is rolled back and the target stays empty.

Acts as ``Actor.cli()``. Exit status as in :mod:`cli`: 0 copied, 1 refused or cancelled, 2 usage.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .config import resolve_database

EXIT_OK, EXIT_REFUSED = 0, 1  # the same as cli.EXIT_OK, cli.EXIT_REFUSED
PERINTAH = "pindah-ke-postgresql"


def add_parsers(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        PERINTAH, parents=[common],
        help="menyalin seluruh isi berkas SQLite (dan lampirannya) ke basis data PostgreSQL "
             "yang kosong")
    p.add_argument("--dari", type=Path, required=True, metavar="BERKAS.sqlite3",
                   help="berkas basis data SQLite kantor (hanya dibaca, tidak diubah)")
    p.add_argument("--ke", metavar="URL",
                   help="basis data PostgreSQL yang kosong, contoh "
                        "postgresql://kecamatan@server:5432/kecamatan (bawaan: --db atau "
                        "KECAMATAN_APP_DB)")


class _Cetak:
    """Prints a line when a table (or the attachments) is done; a running count on a terminal."""

    def __init__(self) -> None:
        self.tty = sys.stdout.isatty()
        self.pending = False

    def __call__(self, tahap: str, selesai: int, jumlah: int) -> None:
        from .services import pindah_db
        from .services.formatting import angka

        if selesai < jumlah:
            if self.tty and selesai:
                print(f"\r  {tahap}: {angka(selesai)} dari {angka(jumlah)}...", end="",
                      flush=True)
                self.pending = True
            return
        unit = {pindah_db.TAHAP_PERIKSA: "berkas", pindah_db.TAHAP_LAMPIRAN: "berkas",
                pindah_db.TAHAP_INDEKS: "dibuat ulang"}.get(tahap, "baris")
        line = f"  {tahap}: {angka(jumlah)} {unit}"
        if self.pending:  # over the running count
            line = "\r" + line.ljust(60)
        self.pending = False
        print(line, flush=True)


def _cmd_pindah(args: argparse.Namespace) -> int:
    from .services import pindah_db

    tujuan = args.ke or resolve_database(getattr(args, "db", None)).location
    print(f"Menyalin {args.dari} ke basis data PostgreSQL...", flush=True)
    try:
        hasil = pindah_db.pindah(args.dari, tujuan, progress=_Cetak())
    except KeyboardInterrupt:
        print("\nDibatalkan. Basis data tujuan tetap kosong; berkas asal tidak diubah.",
              file=sys.stderr)
        return EXIT_REFUSED
    print("\n".join(hasil.ringkasan()))
    print("Langkah berikutnya: arahkan semua komputer ke server (docs/postgresql.md langkah 4), "
          "lalu simpan berkas SQLite lama beserta folder lampirannya sebagai arsip; jangan "
          "dipakai lagi untuk mencatat.")
    return EXIT_OK


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    PERINTAH: _cmd_pindah,
}
