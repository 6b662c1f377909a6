"""Command-line reports (CONTRACT.md): ``report bulanan`` and ``report rekap``. Registered by
:mod:`cli`; imports no Qt.

``report bulanan --bulan TTTT-BB [--pdf OUT.pdf] [--xlsx OUT.xlsx] [--kertas A4|F4]`` writes the
monthly report of the TKSK on duty that month, as the GUI prints it (:mod:`laporan_cetak`): an
approved report is the archived PDF, byte for byte; any other is compiled from the month's
records. The command only reads: submitting and approving are personal decisions of the TKSK and
the camat, which the command line cannot take.

``report rekap --tahun TTTT [--pdf OUT.pdf] [--xlsx OUT.xlsx] [--kertas A4|F4]`` writes the
kecamatan's yearly recap (:mod:`rekap_tahunan`); on a Dinas Sosial database, the consolidated
recap of every kecamatan of the kabupaten (:mod:`rekap_kabupaten`).

The commands act as ``Actor.cli()``. Exit status as in :mod:`cli`: 0 success, 1 refused, 2 usage.
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
    """Add ``report`` and its sub-commands to the subparsers ``sub`` of cli.build_parser."""
    p = sub.add_parser("report", parents=[common], help="mencetak laporan (PDF/Excel)")
    reports = p.add_subparsers(dest="report_command", metavar="LAPORAN", required=True,
                               parser_class=type(p))
    b = reports.add_parser("bulanan", parents=[common],
                           help="laporan bulanan TKSK yang bertugas pada bulan itu")
    b.add_argument("--bulan", required=True, metavar="TTTT-BB",
                   help="bulan laporan, contoh 2026-10")
    b.add_argument("--pdf", type=Path, metavar="OUT.pdf", help="tulis PDF ke berkas ini")
    b.add_argument("--xlsx", type=Path, metavar="OUT.xlsx", help="tulis Excel ke berkas ini")
    b.add_argument("--kertas", type=str.upper, choices=KERTAS, default="A4",
                   help="ukuran kertas PDF: A4 (bawaan) atau F4; laporan yang sudah disetujui "
                        "dicetak dari arsipnya")
    r = reports.add_parser("rekap", parents=[common],
                           help="rekap tahunan untuk camat; pada basis data Dinas Sosial: rekap "
                                "gabungan seluruh kecamatan kabupaten")
    r.add_argument("--tahun", required=True, type=int, metavar="TTTT", help="tahun rekap")
    r.add_argument("--pdf", type=Path, metavar="OUT.pdf", help="tulis PDF ke berkas ini")
    r.add_argument("--xlsx", type=Path, metavar="OUT.xlsx", help="tulis Excel ke berkas ini")
    r.add_argument("--kertas", type=str.upper, choices=KERTAS, default="A4",
                   help="ukuran kertas PDF (mendatar): A4 (bawaan) atau F4")


def _open(args: argparse.Namespace) -> None:
    from .db import open_database

    open_database(resolve_database(getattr(args, "db", None)))


def _cmd_bulanan(args: argparse.Namespace) -> int:
    from .services import laporan, laporan_cetak

    tahun, bulan = laporan_cetak.parse_bulan(args.bulan)  # refused (exit 1), not a usage error
    _open(args)
    actor = Actor.cli()
    info = laporan_cetak.info_for(actor, tahun, bulan)
    status = info.status_label + ("" if info.id else ", belum disusun")
    print(f"Laporan bulanan {info.judul_bulan}: TKSK {laporan.nama_tksk(info.penugasan_id)}, "
          f"status {status}.")
    if info.alasan_terakhir:
        print(f"Alasan dikembalikan: {info.alasan_terakhir}")
    if args.pdf is not None:
        out = laporan_cetak.write_pdf(actor, tahun, bulan, args.pdf, kertas=args.kertas)
        how = (f"salinan arsip yang disetujui, SHA-256 {info.arsip_sha256}"
               if info.status == "disetujui" else f"kertas {args.kertas}")
        print(f"PDF ditulis: {out.resolve()} ({how})")
    if args.xlsx is not None:
        out = laporan_cetak.write_xlsx(actor, tahun, bulan, args.xlsx)
        print(f"Excel ditulis: {out.resolve()}")
    if args.pdf is None and args.xlsx is None:
        print("Tidak ada berkas yang ditulis; tambahkan --pdf OUT.pdf dan/atau --xlsx OUT.xlsx.")
    return EXIT_OK


def _cmd_rekap(args: argparse.Namespace) -> int:
    """The kecamatan's yearly recap; on a Dinas Sosial database the consolidated recap of every
    kecamatan of the kabupaten (:mod:`rekap_kabupaten`)."""
    from .services import kabupaten, lingkup, rekap_kabupaten, rekap_tahunan

    _open(args)
    dinas = lingkup.is_dinas()
    if dinas:
        print(f"Rekap gabungan {kabupaten.kabupaten_nama()} tahun {args.tahun} "
              f"(basis data Dinas Sosial, semua kecamatan).")
    if args.pdf is None and args.xlsx is None:
        print("Tidak ada berkas yang ditulis; tambahkan --pdf OUT.pdf dan/atau --xlsx OUT.xlsx.")
        return EXIT_OK
    write = rekap_kabupaten.write if dinas else rekap_tahunan.write
    for out in write(Actor.cli(), args.tahun, args.pdf, args.xlsx, args.kertas):
        print(f"{'PDF' if out.suffix.lower() == '.pdf' else 'Excel'} ditulis: {out.resolve()}")
    return EXIT_OK


REPORTS: dict[str, Callable[[argparse.Namespace], int]] = {
    "bulanan": _cmd_bulanan,
    "rekap": _cmd_rekap,
}


def _cmd_report(args: argparse.Namespace) -> int:
    return REPORTS[args.report_command](args)


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "report": _cmd_report,
}
