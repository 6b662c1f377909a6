"""The command line (CONTRACT.md). No subcommand opens the GUI.

Exit status: 0 success; 1 input refused (the message says why); 2 wrong usage.
All work goes through the services, as the GUI's does.
"""

from __future__ import annotations

import argparse
import getpass
import logging
import os
import sys
from collections.abc import Sequence
from typing import NoReturn

from . import (
    __version__,
    cli_cadangan,
    cli_laporan,
    cli_paket,
    cli_pindah,
    cli_privasi,
    cli_retensi,
    cli_tksk,
)
from .config import DatabaseTarget, resolve_database
from .services.errors import AppError

log = logging.getLogger(__name__)

EXIT_OK, EXIT_REFUSED, EXIT_USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # argparse's default exits 2 too; keep it Indonesian
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: kesalahan: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    common = _Parser(add_help=False)
    common.add_argument("--db", default=argparse.SUPPRESS, metavar="BERKAS|URL",
                        help="berkas SQLite atau URL postgresql:// (bawaan: folder data pengguna)")
    parser = _Parser(prog="kecamatan-app", parents=[common],
                     description="Kecamatan TKSK: aplikasi kantor kecamatan untuk TKSK.")
    parser.add_argument("--version", action="version", version=f"kecamatan-app {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="PERINTAH", parser_class=_Parser)

    p = sub.add_parser("setup", parents=[common],
                       help="menyiapkan kantor kecamatan (atau basis data Dinas Sosial)")
    jenis = p.add_mutually_exclusive_group(required=True)
    jenis.add_argument("--kecamatan-kode", metavar="KODE",
                       help="kode Kemendagri kecamatan, contoh 16.03.06")
    jenis.add_argument("--dinas", action="store_true",
                       help="basis data Dinas Sosial: semua kecamatan satu kabupaten/kota "
                            "(dengan --kabupaten-kode)")
    p.add_argument("--kabupaten-kode", metavar="KODE",
                   help="dengan --dinas: kode Kemendagri kabupaten/kota, contoh 16.03")
    p.add_argument("--camat", metavar="NAMA", help="nama camat")
    p.add_argument("--nip-camat", metavar="NIP", help="NIP camat (18 angka)")
    p.add_argument("--plt", metavar="TEKS",
                   help="camat adalah pejabat Plt.; teks jabatannya, contoh 'Plt. Camat Gelumbang'")
    p.add_argument("--alamat", metavar="TEKS", default="", help="alamat kantor")
    p.add_argument("--kode-pos", default="", metavar="KODE")
    p.add_argument("--telepon", default="", metavar="NOMOR")
    p.add_argument("--admin", metavar="NAMA_PENGGUNA",
                   help="buat administrator pertama; kata sandi dari KECAMATAN_APP_ADMIN_PASSWORD "
                        "atau ditanyakan")
    p.add_argument("--admin-nama", metavar="NAMA", default="Administrator")

    p = sub.add_parser("demo", parents=[common], help="mengisi basis data kosong dengan contoh")
    p.add_argument("--size", choices=("kecamatan", "kabupaten"), default="kecamatan")
    p.add_argument("--seed", type=int, default=1)

    sub.add_parser("selftest", parents=[common], help="memeriksa bahwa instalasi berfungsi")
    sub.add_parser("verify-audit", parents=[common],
                   help="memeriksa keutuhan rantai jejak audit basis data")
    cli_tksk.add_parsers(sub, common)  # template, import, export, eligibility, tksk
    cli_laporan.add_parsers(sub, common)  # report bulanan
    cli_retensi.add_parsers(sub, common)  # retensi (retention, archive, purge)
    cli_cadangan.add_parsers(sub, common)  # backup, restore
    cli_privasi.add_parsers(sub, common)  # akses-subjek
    cli_paket.add_parsers(sub, common)  # paket ekspor, paket impor
    cli_pindah.add_parsers(sub, common)  # pindah-ke-postgresql
    return parser


def _open(args: argparse.Namespace) -> DatabaseTarget:
    from .db import open_database

    target = resolve_database(getattr(args, "db", None))
    open_database(target)
    return target


def _cmd_setup(args: argparse.Namespace) -> int:
    from .services import kantor

    if args.dinas or args.kabupaten_kode:
        kecamatan_only = [f"--{n.replace('_', '-')}" for n in
                          ("camat", "nip_camat", "plt", "alamat", "kode_pos", "telepon")
                          if getattr(args, n)]
        problem = ("--kabupaten-kode hanya dipakai bersama --dinas." if not args.dinas
                   else "--dinas memerlukan --kabupaten-kode, contoh: --kabupaten-kode 16.03."
                   if not args.kabupaten_kode
                   else f"{', '.join(kecamatan_only)} hanya untuk kantor kecamatan; isi data "
                        "kantor tiap kecamatan di aplikasi." if kecamatan_only else "")
        if problem:
            print(f"kecamatan-app setup: kesalahan: {problem}", file=sys.stderr)
            return EXIT_USAGE
    _open(args)
    admin = None
    if args.admin:
        pw = os.environ.get("KECAMATAN_APP_ADMIN_PASSWORD")
        if pw is None:
            if not sys.stdin or not sys.stdin.isatty():
                print("Kata sandi administrator: isi KECAMATAN_APP_ADMIN_PASSWORD atau jalankan "
                      "di terminal.", file=sys.stderr)
                return EXIT_REFUSED
            pw = getpass.getpass("Kata sandi administrator: ")
            if getpass.getpass("Ulangi kata sandi: ") != pw:
                print("Ulangan kata sandi tidak sama.", file=sys.stderr)
                return EXIT_REFUSED
        admin = kantor.AdminData(args.admin, args.admin_nama, pw, pw)
    if args.dinas:
        from .services import dinas

        d = dinas.setup_dinas(args.kabupaten_kode, admin)
        print(f"Basis data Dinas Sosial disiapkan: {d.kabupaten_nama}, {d.provinsi_nama} "
              f"({d.kabupaten_kode}); {d.jumlah_kecamatan} kecamatan dengan {d.jumlah_desa} "
              "desa/kelurahan.")
        print("Lengkapi di aplikasi: alamat kantor dan data camat tiap kecamatan, pengguna "
              "tiap kecamatan" + ("" if admin else ", akun administrator (diminta saat "
                                  "aplikasi pertama dibuka)") + ".")
        return EXIT_OK
    data = kantor.default_kop(args.kecamatan_kode, alamat=args.alamat, kode_pos=args.kode_pos,
                              telepon=args.telepon)
    camat = None
    if args.camat or args.nip_camat or args.plt:
        camat = kantor.CamatData(nama=args.camat or "", nip=args.nip_camat or "",
                                 plt=bool(args.plt), keterangan_jabatan=args.plt or "")
    info = kantor.setup_office(args.kecamatan_kode, data, camat, admin, strict=False)
    print(f"Kantor disiapkan: Kecamatan {info.kecamatan}, {info.kabupaten}, {info.provinsi} "
          f"({info.kode}); {info.jumlah_kelurahan} kelurahan dan {info.jumlah_desa} desa.")
    todo = []
    if not data.alamat:
        todo.append("alamat kantor")
    if camat is None:
        todo.append("data camat")
    if admin is None:
        todo.append("akun administrator (diminta saat aplikasi pertama dibuka)")
    if todo:
        print("Lengkapi di aplikasi: " + ", ".join(todo) + ".")
    return EXIT_OK


def _cmd_demo(args: argparse.Namespace) -> int:
    from .services import demo

    _open(args)
    # the kabupaten demo takes minutes: a line per kecamatan as it goes
    result = demo.run(args.size, args.seed, progress=lambda line: print(line, flush=True))
    print("\n".join(demo.describe(result)))
    return EXIT_OK


def _qt_check() -> str:
    """Qt loads, its platform plugin works without a screen, and our translation applies."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication, QDialogButtonBox

    from .views.i18n import install_translations

    app = QApplication.instance() or QApplication(["kecamatan-app"])
    keep = install_translations(app)  # noqa: F841 - keep the translators alive while checking
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    text = box.button(QDialogButtonBox.StandardButton.Cancel).text().replace("&", "")
    if text != "Batal":
        raise RuntimeError(f"terjemahan Qt tidak termuat (tombol berbunyi '{text}')")
    import PySide6.QtCharts
    import PySide6.QtPdf  # noqa: F401 - needed by the report preview; must be bundled

    return f"Qt {__import__('PySide6').__version__} dan terjemahan Indonesia termuat"


def _cmd_selftest(args: argparse.Namespace) -> int:
    from .services import selftest
    from .services.selftest import Check

    print(selftest.version_line())

    def show(check: Check) -> None:
        print(f"[{'OK' if check.ok else 'GAGAL'}] {check.name}: {check.detail}", flush=True)

    results = selftest.run(show)
    try:
        qt = Check("Antarmuka Qt", True, _qt_check())
    except Exception as exc:
        qt = Check("Antarmuka Qt", False, f"{type(exc).__name__}: {exc}")
    show(qt)
    results.append(qt)
    failed = [c for c in results if not c.ok]
    print("Uji mandiri " + ("GAGAL." if failed else "berhasil."))
    return EXIT_REFUSED if failed else EXIT_OK


def _cmd_verify_audit(args: argparse.Namespace) -> int:
    from .services import audit

    target = _open(args)
    check = audit.verify_chain()
    print(f"{target.label}: {check.message}")
    return EXIT_OK if check.ok else EXIT_REFUSED


COMMANDS = {
    "setup": _cmd_setup,
    "demo": _cmd_demo,
    "selftest": _cmd_selftest,
    "verify-audit": _cmd_verify_audit,
    # -- data commands: template, import, export, eligibility, tksk (cli_tksk.py) --
    **cli_tksk.COMMANDS,
    # -- reports: report bulanan (cli_laporan.py) --
    **cli_laporan.COMMANDS,
    # -- retention: retensi (cli_retensi.py) --
    **cli_retensi.COMMANDS,
    # -- backup and restore (cli_cadangan.py) --
    **cli_cadangan.COMMANDS,
    # -- data protection: akses-subjek (cli_privasi.py) --
    **cli_privasi.COMMANDS,
    **cli_paket.COMMANDS,
    # -- copy an SQLite office into PostgreSQL (cli_pindah.py) --
    **cli_pindah.COMMANDS,
}


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(list(sys.argv[1:] if argv is None else argv))
    if args.command is None:
        from .app import run_gui

        return run_gui(resolve_database(getattr(args, "db", None)))
    from .db import close_database
    from .logs import setup_logging
    from .services import cek_folder

    problem = cek_folder.periksa_folder_aplikasi(resolve_database(getattr(args, "db", None)))
    if problem:
        print(problem, file=sys.stderr)
        return EXIT_REFUSED
    setup_logging(console=False)
    try:
        return COMMANDS[args.command](args)
    except AppError as exc:
        print(str(exc), file=sys.stderr)
        log.info("Perintah %s ditolak: %s", args.command, exc)
        return EXIT_REFUSED
    finally:
        close_database()


def entry() -> None:  # pragma: no cover - console script wrapper
    sys.exit(main())
