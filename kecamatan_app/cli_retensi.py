"""Command-line retention (UU 27/2022 Pasal 16, 42-44): ``retensi``. Registered by :mod:`cli`;
imports no Qt.

``retensi [--pada TTTT-BB-HH]`` prints, per record type, the records whose retention has ended
(names with masked NIK; the full NIK is never printed). ``retensi --arsip OUT.zip`` writes the
archive of those records; with ``--musnahkan`` it then purges them, after a confirmation typed on
the terminal unless ``--ya`` is given. Without a terminal and without ``--ya`` the purge is
refused before anything is written (exit 1). A purge is only for today's plan: ``--pada`` with a
day still to come may look ahead, never destroy.

The commands act as ``Actor.cli()``. Exit status as in :mod:`cli`: 0 success, 1 refused, 2 usage.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .config import resolve_database
from .services.context import Actor
from .services.errors import ValidationError

EXIT_OK, EXIT_REFUSED, EXIT_USAGE = 0, 1, 2  # the same as cli.EXIT_*


def add_parsers(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add ``retensi`` to the subparsers ``sub`` of cli.build_parser."""
    p = sub.add_parser("retensi", parents=[common],
                       help="data yang melewati masa simpan: rencana, arsip, pemusnahan")
    p.add_argument("--pada", metavar="TTTT-BB-HH",
                   help="tanggal acuan (bawaan: hari ini); tanggal yang akan datang hanya untuk "
                        "melihat, tidak untuk memusnahkan")
    p.add_argument("--arsip", type=Path, metavar="OUT.zip",
                   help="tulis arsip (buku kerja Excel dan berkas lampiran) dari data tersebut")
    p.add_argument("--musnahkan", action="store_true",
                   help="sesudah arsip ditulis, musnahkan data tersebut (perlu --arsip)")
    p.add_argument("--ya", action="store_true",
                   help="jangan tanyakan konfirmasi pemusnahan (untuk skrip)")


def _pada(text: str | None) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise ValidationError.single(
            "pada", f"Tanggal '{text}' tidak sah; tulis TTTT-BB-HH, contoh 2031-01-31.") from exc


def _cmd_retensi(args: argparse.Namespace) -> int:
    from .db import open_database
    from .services import retensi
    from .services.formatting import angka, tanggal

    if args.musnahkan and args.arsip is None:
        print("kecamatan-app retensi: --musnahkan memerlukan --arsip OUT.zip (pemusnahan hanya "
              "sesudah arsipnya ditulis).", file=sys.stderr)
        return EXIT_USAGE
    interactive = sys.stdin is not None and sys.stdin.isatty()
    if args.musnahkan and not args.ya and not interactive:
        print("Pemusnahan perlu konfirmasi: jalankan di terminal, atau tambahkan --ya bila sudah "
              "yakin. Tidak ada yang ditulis atau dihapus.", file=sys.stderr)
        return EXIT_REFUSED
    pada = _pada(args.pada)
    if args.musnahkan and pada is not None and pada > dt.date.today():
        raise ValidationError.single(
            "pada", f"Tanggal acuan {tanggal(pada)} belum tiba: data yang akan datang hanya dapat "
            "dilihat, tidak dimusnahkan. Tidak ada yang ditulis atau dihapus.")
    open_database(resolve_database(getattr(args, "db", None)))
    actor = Actor.cli()
    rencana = retensi.calon(actor, pada)
    print("\n".join(rencana.ringkasan()))
    for c in rencana.baris:
        status = "ditahan" if c.ditahan else retensi.JENIS_BY_KODE[c.jenis].tindakan
        line = (f"  [{status}] {c.jenis} nomor {c.id}: {c.uraian} (masa simpan berakhir "
                f"{tanggal(c.berakhir)})")
        print(line + (f"; {c.alasan_tahan}" if c.ditahan else ""))
    if args.arsip is None:
        return EXIT_OK
    if not rencana.musnah:
        print("Tidak ada yang perlu diarsipkan atau dimusnahkan.")
        return EXIT_OK
    path = retensi.arsipkan(actor, rencana, args.arsip)
    print(f"Arsip ditulis: {path.resolve()}")
    print("Simpan arsip ini terenkripsi dan di luar jaringan; isinya data pribadi lengkap.")
    if not args.musnahkan:
        return EXIT_OK
    if not args.ya:
        total = angka(len(rencana.musnah))
        answer = input(f"{total} data di atas akan dimusnahkan dan tidak dapat dikembalikan dari "
                       "aplikasi. Ketik YA untuk melanjutkan: ")
        if answer.strip().upper() != "YA":
            print("Pemusnahan dibatalkan; arsip tetap tersimpan.")
            return EXIT_REFUSED
    hasil = retensi.musnahkan(actor, rencana, path)
    print("\n".join(hasil.ringkasan()))
    return EXIT_OK


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "retensi": _cmd_retensi,
}
