"""Command-line backup and restore (CONTRACT.md): ``backup OUT [--enkripsi]`` and
``restore FILE [--ya]``. Registered by :mod:`cli`; imports no Qt.

The password of an encrypted backup comes from the environment variable
``KECAMATAN_APP_SANDI_CADANGAN`` (scheduled backups), else it is asked on the terminal (twice when
making a backup); without either the command refuses. ``restore`` prints what the check of the
backup found and asks "Pulihkan? (y/T)" unless ``--ya``; without a terminal it needs ``--ya``.

The commands act as ``Actor.cli()``. Exit status as in :mod:`cli`: 0 success, 1 refused, 2 usage.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .config import resolve_database
from .services.context import Actor
from .services.errors import AppError

EXIT_OK, EXIT_REFUSED = 0, 1  # the same as cli.EXIT_OK, cli.EXIT_REFUSED
ENV_SANDI = "KECAMATAN_APP_SANDI_CADANGAN"


def add_parsers(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add ``backup`` and ``restore`` to the subparsers ``sub`` of cli.build_parser."""
    p = sub.add_parser("backup", parents=[common],
                       help="membuat cadangan basis data dan lampiran dalam satu berkas")
    p.add_argument("out", type=Path, metavar="OUT",
                   help="berkas cadangan yang ditulis, contoh cadangan.zip (bila folder: nama "
                        "otomatis di dalamnya)")
    p.add_argument("--enkripsi", action="store_true",
                   help=f"enkripsi dengan kata sandi (dari {ENV_SANDI} atau ditanyakan), untuk "
                        "salinan yang dibawa keluar kantor")
    r = sub.add_parser("restore", parents=[common],
                       help="memulihkan basis data dan lampiran dari cadangan yang diperiksa dulu")
    r.add_argument("file", type=Path, metavar="FILE", help="berkas cadangan")
    r.add_argument("--ya", action="store_true", help="pulihkan tanpa bertanya lagi")


def _open(args: argparse.Namespace) -> None:
    from .db import open_database

    open_database(resolve_database(getattr(args, "db", None)))


def _interactive() -> bool:
    return bool(sys.stdin) and sys.stdin.isatty()


def _password(twice: bool) -> str:
    from .services import sandi_berkas

    value = os.environ.get(ENV_SANDI)
    if value:
        return value
    if not _interactive():
        raise AppError(f"Kata sandi cadangan: isi variabel lingkungan {ENV_SANDI} atau jalankan "
                       "perintah ini di terminal.")
    value = getpass.getpass("Kata sandi cadangan: ")
    if twice:
        sandi_berkas.check_password(value)
        if getpass.getpass("Ulangi kata sandi: ") != value:
            raise AppError("Ulangan kata sandi tidak sama. Cadangan tidak dibuat.")
    return value


def _cmd_backup(args: argparse.Namespace) -> int:
    from .services import cadangan, sandi_berkas
    from .services.formatting import angka

    _open(args)
    sandi = None
    if args.enkripsi:
        sandi = _password(twice=True)
        sandi_berkas.check_password(sandi)
    out: Path = args.out
    if out.is_dir():
        out = out / cadangan.nama_bawaan(sandi is not None)
    hasil = cadangan.buat(Actor.cli(), out, sandi=sandi)
    extra = ", terenkripsi" if hasil.terenkripsi else ""
    print(f"Cadangan ditulis: {hasil.path} ({cadangan.ukuran_teks(hasil.ukuran)}; basis data "
          f"{cadangan.ukuran_teks(hasil.ukuran_basis_data)}, {angka(hasil.jumlah_lampiran)} "
          f"lampiran{extra})")
    if hasil.terenkripsi:
        print("Simpan kata sandinya di tempat aman: tanpa kata sandi itu cadangan tidak dapat "
              "dibuka, dan kata sandi yang hilang tidak dapat dipulihkan.")
    if hasil.lampiran_hilang:
        print(f"Peringatan: {len(hasil.lampiran_hilang)} lampiran hilang atau rusak di folder "
              "lampiran dan tidak ikut dicadangkan: "
              + ", ".join(sha[:12] for sha in hasil.lampiran_hilang), file=sys.stderr)
    return EXIT_OK


def _cmd_restore(args: argparse.Namespace) -> int:
    from .services import cadangan, sandi_berkas

    _open(args)
    sandi = _password(twice=False) if sandi_berkas.is_encrypted(args.file) else None
    info = cadangan.periksa(args.file, sandi=sandi)
    print("Cadangan diperiksa dan utuh:")
    print("\n".join(f"  {line}" for line in info.ringkasan()))
    if not args.ya:
        if not _interactive():
            print("Tidak dipulihkan: tambahkan --ya untuk memulihkan tanpa bertanya (data "
                  "sekarang diganti; salinannya disimpan di folder cadangan).", file=sys.stderr)
            return EXIT_REFUSED
        answer = input("Data sekarang akan diganti dengan isi cadangan ini (salinannya disimpan "
                       "dulu). Pulihkan? (y/T) ")
        if answer.strip().lower() not in ("y", "ya"):
            print("Dibatalkan; data tidak diubah.", file=sys.stderr)
            return EXIT_REFUSED
    hasil = cadangan.pulihkan(Actor.cli(), args.file, sandi=sandi)
    print(f"Data dipulihkan dari {hasil.info.path.name}; {hasil.lampiran_disalin} lampiran "
          "disalin.")
    if hasil.dimigrasi:
        print("Basis data diperbarui ke versi skema aplikasi ini.")
    print(f"Keadaan sebelum pemulihan disimpan di {hasil.cadangan_pengaman}")
    return EXIT_OK


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "backup": _cmd_backup,
    "restore": _cmd_restore,
}
