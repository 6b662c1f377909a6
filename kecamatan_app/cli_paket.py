"""Command-line exchange packages (docs/paket-pertukaran.md). Registered by :mod:`cli`; imports
no Qt.

``paket ekspor --bulan TTTT-BB OUT.zip`` (kecamatan database) writes the package of an approved
month; ``paket impor FILE...`` (Dinas Sosial database) receives packages and prints one line per
file: diterima / diganti / tidak berubah / ditolak with the reason. The exit status is 1 when any
file was refused (the others are still received), 0 otherwise, 2 for a usage error.

The commands act as ``Actor.cli()``.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .config import resolve_database
from .services.context import Actor

EXIT_OK, EXIT_REFUSED = 0, 1  # as cli.EXIT_OK / cli.EXIT_REFUSED


def add_parsers(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add ``paket`` and its sub-commands to the subparsers ``sub`` of cli.build_parser."""
    p = sub.add_parser("paket", parents=[common],
                       help="paket kiriman laporan bulanan kecamatan untuk Dinas Sosial")
    cmds = p.add_subparsers(dest="paket_command", metavar="PERINTAH", required=True,
                            parser_class=type(p))
    e = cmds.add_parser("ekspor", parents=[common],
                        help="membuat paket bulan yang laporannya sudah disetujui (kecamatan)")
    e.add_argument("--bulan", required=True, metavar="TTTT-BB", help="bulan laporan, contoh "
                                                                    "2026-10")
    e.add_argument("keluaran", type=Path, metavar="OUT.zip", help="berkas paket yang ditulis")
    i = cmds.add_parser("impor", parents=[common],
                        help="menerima paket dari kecamatan (basis data Dinas Sosial)")
    i.add_argument("berkas", type=Path, nargs="+", metavar="FILE", help="berkas paket (.zip)")


def _open(args: argparse.Namespace) -> None:
    from .db import open_database

    open_database(resolve_database(getattr(args, "db", None)))


def _cmd_ekspor(args: argparse.Namespace) -> int:
    from .services import laporan_cetak, paket_ekspor
    from .services.formatting import bulan_tahun
    from .services.paket_format import sidik_pendek

    tahun, bulan = laporan_cetak.parse_bulan(args.bulan)  # refused (exit 1), not a usage error
    _open(args)
    hasil = paket_ekspor.ekspor(Actor.cli(), tahun, bulan, args.keluaran)
    print(f"Paket {bulan_tahun(tahun, bulan)} ditulis: {hasil.path.resolve()} "
          f"({hasil.ukuran:,} bita)".replace(",", "."))
    print(f"Sidik paket: {sidik_pendek(hasil.sidik)} (sebutkan ke Dinas Sosial untuk "
          "dicocokkan); SHA-256 berkas: " + hasil.sha256)
    return EXIT_OK


def _cmd_impor(args: argparse.Namespace) -> int:
    from .services import paket_impor

    _open(args)
    results = paket_impor.impor_banyak(Actor.cli(), args.berkas)
    for r in results:
        print(r.baris)
    refused = sum(r.ditolak for r in results)
    print(f"{len(results)} berkas: {len(results) - refused} diproses, {refused} ditolak.")
    return EXIT_REFUSED if refused else EXIT_OK


PAKET: dict[str, Callable[[argparse.Namespace], int]] = {
    "ekspor": _cmd_ekspor,
    "impor": _cmd_impor,
}


def _cmd_paket(args: argparse.Namespace) -> int:
    return PAKET[args.paket_command](args)


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "paket": _cmd_paket,
}
