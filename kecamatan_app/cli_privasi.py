"""Command-line data protection: ``akses-subjek NIK OUT.pdf [--kertas A4|F4]`` writes the
subject-access report (UU 27/2022 Pasal 32) of one NIK, as the GUI does
(:mod:`services.akses_subjek`). Registered by :mod:`cli`; imports no Qt.

The command acts as ``Actor.cli()``; the report and the audit entry name the OS user. Its output
shows the NIK masked (a terminal's scroll-back and logs are not the report). Exit status as in
:mod:`cli`: 0 success (also when nothing is held under the NIK: the empty report is the answer),
1 refused (an invalid NIK, a file that cannot be written), 2 usage.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .config import resolve_database
from .services.context import Actor

EXIT_OK = 0  # the same as cli.EXIT_OK
KERTAS = ("A4", "F4")


def add_parsers(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add ``akses-subjek`` to the subparsers ``sub`` of cli.build_parser."""
    p = sub.add_parser("akses-subjek", parents=[common],
                       help="mencetak semua data pribadi satu NIK beserta riwayat pemrosesannya "
                            "(UU 27/2022 Pasal 32)")
    p.add_argument("nik", metavar="NIK", help="NIK pemohon (16 angka)")
    p.add_argument("out", type=Path, metavar="OUT.pdf", help="berkas PDF yang ditulis")
    p.add_argument("--kertas", type=str.upper, choices=KERTAS, default="A4",
                   help="ukuran kertas: A4 (bawaan) atau F4")


def _cmd_akses_subjek(args: argparse.Namespace) -> int:
    from .db import open_database
    from .services import akses_subjek
    from .services.nik import mask_nik

    nik = akses_subjek.bersihkan_nik(args.nik)  # refused (exit 1) before opening anything
    open_database(resolve_database(getattr(args, "db", None)))
    hasil = akses_subjek.buat_laporan(Actor.cli(), nik, args.out, kertas=args.kertas)
    d = hasil.data
    if d.kosong:
        print(f"Tidak ada data pribadi dengan NIK {mask_nik(nik)}; laporan kosong tetap ditulis "
              "sebagai jawaban atas permintaan.")
    else:
        print(f"Data NIK {mask_nik(nik)} ({d.nama}): {len(d.warga)} registri warga, "
              f"{len(d.psks)} PSKS, {len(d.pendaftar)} calon TKSK, {len(d.kegiatan)} kegiatan, "
              f"{len(d.rujukan)} rujukan; {len(d.jejak)} entri riwayat pemrosesan.")
    print(f"PDF ditulis: {hasil.path.resolve()} (kertas {args.kertas})")
    return EXIT_OK


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "akses-subjek": _cmd_akses_subjek,
}
