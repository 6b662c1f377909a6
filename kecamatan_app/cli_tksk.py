"""Command-line data commands (CONTRACT.md): ``template``, ``import``, ``export``,
``eligibility`` and ``tksk appoint``. Registered by :mod:`cli`; imports no Qt.

The commands act as ``Actor.cli()``. Exit status as in :mod:`cli`: 0 success, 1 refused, 2 usage.

In a Dinas Sosial database (every kecamatan of a kabupaten) ``import`` needs ``--kecamatan
KODE``: the kecamatan the file's data belong to. ``template`` and ``export`` take it too (the
template's desa list, the export's rows; an export without it covers every kecamatan), and so
do ``eligibility`` (the candidates of that kecamatan; without it, all, each with its kecamatan)
and ``tksk appoint`` (required: the kecamatan where the TKSK is appointed). In a
kecamatan database ``--kecamatan`` may be left out; given, it must be the office's.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .config import resolve_database
from .services.context import Actor
from .services.errors import NotFound

EXIT_OK, EXIT_REFUSED = 0, 1  # the same as cli.EXIT_OK / cli.EXIT_REFUSED
#: Every JENIS of CONTRACT.md; only those in ``_AVAILABLE`` work in this version.
JENIS = ("wilayah", "pendaftar", "ppks", "psks", "rekap", "kegiatan", "rujukan")


@dataclass(frozen=True)
class _Jenis:
    template: Callable[..., Path]
    import_file: Callable[..., Any]
    export: Callable[..., int]


def _available() -> dict[str, _Jenis]:
    from .services import impor_pendaftar

    available = {
        "pendaftar": _Jenis(
            impor_pendaftar.write_template, impor_pendaftar.import_file, impor_pendaftar.export
        )
    }
    # -- Pemetaan Sosial: wilayah and psks (services/impor_wilayah.py, impor_psks.py) --
    from .services import impor_psks, impor_wilayah

    available["wilayah"] = _Jenis(
        impor_wilayah.write_template, impor_wilayah.import_file, impor_wilayah.export
    )
    available["psks"] = _Jenis(impor_psks.write_template, impor_psks.import_file, impor_psks.export)
    # -- end Pemetaan Sosial --
    # --- JENIS ppks (registri per nama; services/impor_ppks.py) ---
    from .services import impor_ppks

    available["ppks"] = _Jenis(impor_ppks.write_template, impor_ppks.import_file, impor_ppks.export)
    # --- end JENIS ppks ---
    # -- JENIS rekap (per-desa PPKS/PSKS counts): services/impor_rekap.py --
    from .services import impor_rekap

    available["rekap"] = _Jenis(
        impor_rekap.write_template, impor_rekap.import_file, impor_rekap.export
    )
    # -- end rekap --
    # -- JENIS kegiatan and rujukan: services/impor_kegiatan.py, impor_rujukan.py --
    from .services import impor_kegiatan, impor_rujukan

    available["kegiatan"] = _Jenis(
        impor_kegiatan.write_template, impor_kegiatan.import_file, impor_kegiatan.export
    )
    available["rujukan"] = _Jenis(
        impor_rujukan.write_template, impor_rujukan.import_file, impor_rujukan.export
    )
    # -- end kegiatan and rujukan --
    return available


def _iso_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"tanggal '{text}' tidak sah; tulis sebagai TTTT-BB-HH, contoh 2026-01-05"
        ) from None


def _add_kecamatan(p: argparse.ArgumentParser, what: str) -> None:
    p.add_argument("--kecamatan", metavar="KODE", default=None,
                   help=f"kode Kemendagri kecamatan, contoh 16.03.06: {what}")


def add_parsers(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add the commands to the subparsers ``sub`` of cli.build_parser."""
    jenis = {"choices": JENIS, "metavar": "JENIS", "help": "jenis data: " + ", ".join(JENIS)}
    p = sub.add_parser("template", parents=[common], help="menulis templat impor Excel")
    p.add_argument("jenis", **jenis)
    p.add_argument("out", metavar="OUT.xlsx", type=Path)
    _add_kecamatan(p, "daftar desa templat (basis data Dinas Sosial)")

    p = sub.add_parser("import", parents=[common], help="mengimpor data dari Excel")
    p.add_argument("jenis", **jenis)
    p.add_argument("file", metavar="FILE.xlsx", type=Path)
    p.add_argument("--dry-run", action="store_true", help="hanya memeriksa, tidak menyimpan")
    p.add_argument(
        "--errors", metavar="OUT.xlsx", type=Path, help="tulis daftar masalah ke buku kerja ini"
    )
    _add_kecamatan(p, "kecamatan pemilik data berkas; wajib di basis data Dinas Sosial")

    p = sub.add_parser("export", parents=[common], help="mengekspor data ke Excel")
    p.add_argument("jenis", **jenis)
    p.add_argument("out", metavar="OUT.xlsx", type=Path)
    p.add_argument("--with-nik", action="store_true", help="NIK lengkap (bawaan: disamarkan)")
    _add_kecamatan(p, "hanya data kecamatan ini (basis data Dinas Sosial; bawaan: semua)")

    p = sub.add_parser(
        "eligibility", parents=[common], help="pemeriksaan syarat Pasal 9 para pendaftar TKSK"
    )
    p.add_argument("--nik", metavar="NIK", help="hanya pendaftar dengan NIK ini")
    p.add_argument("--json", action="store_true", help="keluaran JSON (CONTRACT.md)")
    _add_kecamatan(p, "hanya pendaftar kecamatan ini (basis data Dinas Sosial; bawaan: semua)")

    p = sub.add_parser("tksk", parents=[common], help="pengangkatan TKSK")
    tksk = p.add_subparsers(
        dest="tksk_command", metavar="PERINTAH", required=True, parser_class=type(p)
    )
    a = tksk.add_parser(
        "appoint", parents=[common], help="mengangkat pendaftar yang memenuhi syarat sebagai TKSK"
    )
    a.add_argument("--nik", required=True, metavar="NIK")
    a.add_argument(
        "--periode",
        default=None,
        metavar="TEKS",
        help="periode rekrutmen, bila NIK terdaftar di beberapa periode",
    )
    a.add_argument("--sk-nomor", required=True, metavar="TEKS")
    a.add_argument("--sk-tanggal", required=True, type=_iso_date, metavar="TTTT-BB-HH")
    a.add_argument("--mulai", required=True, type=_iso_date, metavar="TTTT-BB-HH")
    a.add_argument("--selesai", type=_iso_date, metavar="TTTT-BB-HH")
    a.add_argument("--penerbit", default="", metavar="TEKS", help="penerbit SK")
    a.add_argument("--niat", default="", metavar="TEKS", help="Nomor Induk Anggota TKSK")
    _add_kecamatan(a, "kecamatan tempat TKSK diangkat; wajib di basis data Dinas Sosial")


def _open(args: argparse.Namespace) -> None:
    from .db import open_database

    open_database(resolve_database(getattr(args, "db", None)))


def _jenis(name: str) -> _Jenis | None:
    found = _available().get(name)
    if found is None:
        ready = ", ".join(_available())
        print(
            f"Jenis '{name}' belum tersedia pada versi ini; yang sudah tersedia: {ready}.",
            file=sys.stderr,
        )
    return found


def _kecamatan(args: argparse.Namespace, wajib: bool, pesan: str | None = None
               ) -> dict[str, Any]:
    """``{"kecamatan_id": id}`` of ``--kecamatan`` in a Dinas database, else nothing."""
    from .services import impor_lingkup

    kec = impor_lingkup.kecamatan_cli(args.kecamatan, wajib=wajib,
                                      pesan=pesan or impor_lingkup.PILIH)
    return {} if kec is None else {"kecamatan_id": kec}


def _cmd_template(args: argparse.Namespace) -> int:
    if (j := _jenis(args.jenis)) is None:
        return EXIT_REFUSED
    _open(args)
    written = j.template(args.out, Actor.cli(), **_kecamatan(args, wajib=False))
    print(f"Templat impor {args.jenis} ditulis: {written}")
    return EXIT_OK


def _cmd_import(args: argparse.Namespace) -> int:
    from .services.impor import ImportResult, write_errors_workbook

    if (j := _jenis(args.jenis)) is None:
        return EXIT_REFUSED
    _open(args)
    scope = _kecamatan(args, wajib=True)
    result: ImportResult = j.import_file(Actor.cli(), args.file, dry_run=args.dry_run, **scope)
    for w in result.warnings:
        print(f"Peringatan: {w}")
    if result.problems:
        for p in result.problems:
            print(str(p), file=sys.stderr)
        print(
            f"{len(result.problems)} masalah; tidak ada data yang disimpan. Perbaiki sel yang "
            "disebut lalu impor ulang.",
            file=sys.stderr,
        )
        if args.errors:
            out = write_errors_workbook(args.errors, result.problems, args.file.name)
            print(f"Daftar masalah ditulis ke {out}.", file=sys.stderr)
        return EXIT_REFUSED
    if result.dry_run:
        print(
            f"Uji coba (--dry-run): {result.created} baris baru akan ditambahkan, "
            f"{result.updated} akan diperbarui. Tidak ada yang disimpan."
        )
    else:
        print(
            f"Impor {args.jenis} dari {args.file.name} selesai: {result.created} baru, "
            f"{result.updated} diperbarui."
        )
    return EXIT_OK


def _cmd_export(args: argparse.Namespace) -> int:
    if (j := _jenis(args.jenis)) is None:
        return EXIT_REFUSED
    _open(args)
    n = j.export(Actor.cli(), args.out, with_nik=args.with_nik, **_kecamatan(args, wajib=False))
    has_nik = args.jenis in ("pendaftar", "ppks", "psks", "rujukan")
    nik_note = (" (NIK lengkap)." if args.with_nik else " (NIK disamarkan).") if has_nik else "."
    print(f"{n} baris diekspor ke {args.out}{nik_note}")
    return EXIT_OK


#: ``tksk appoint`` without --kecamatan in a Dinas database.
PILIH_TKSK = ("Sebutkan kecamatan tempat TKSK diangkat: di basis data Dinas Sosial setiap TKSK "
              "bertugas di satu kecamatan (--kecamatan KODE, contoh 16.03.06).")


def _candidates(actor: Actor, nik: str | None, kecamatan_id: int | None = None
                ) -> list[tuple[int, str, str]]:
    """(id, full NIK, name) of every candidate, or of those with ``nik``; with
    ``kecamatan_id`` (a Dinas database): of that kecamatan only."""
    from .services import pendaftar, pendaftar_daftar

    wanted = "".join((nik or "").split())
    rows = pendaftar_daftar.search(
        actor, pendaftar_daftar.PendaftarFilter(teks=wanted, kecamatan_id=kecamatan_id))
    out = [(r.id, pendaftar.data_of(r.id)[0].nik, r.nama) for r in rows]
    out = [c for c in out if nik is None or c[1] == wanted]
    if nik is not None and not out:
        where = ""
        if kecamatan_id is not None:
            from .services import lingkup

            where = " di Kecamatan {} ({})".format(*lingkup.nama_kode(kecamatan_id))
        raise NotFound(f"Tidak ada pendaftar dengan NIK {wanted}{where}.")
    return out


def _kecamatan_of(pendaftar_ids: list[int]) -> dict[int, tuple[str, str]]:
    """(name, code) of each candidate's kecamatan, for a Dinas database's output."""
    from .models import Pendaftar
    from .models.base import fk
    from .services import lingkup

    if not lingkup.is_dinas() or not pendaftar_ids:
        return {}
    rows = Pendaftar.select(Pendaftar.id, Pendaftar.kecamatan).where(
        Pendaftar.id.in_(pendaftar_ids))
    return {r.id: lingkup.nama_kode(fk(r, "kecamatan")) for r in rows}


def _cmd_eligibility(args: argparse.Namespace) -> int:
    from .services import pendaftar
    from .services.nik import mask_nik

    _open(args)
    found = _candidates(Actor.cli(), args.nik, _kecamatan(args, wajib=False).get("kecamatan_id"))
    kec = _kecamatan_of([c[0] for c in found])
    report = []
    for pid, nik, nama in found:
        k = pendaftar.kelayakan(pid)
        report.append((nik, nama, k, kec.get(pid)))
    if args.json:
        data = [
            {
                "nik": nik,
                "nama": nama,
                **({"kecamatan": kk[1]} if kk else {}),
                "hasil": k.hasil,
                "kriteria": [
                    {
                        "kode": c.kode,
                        "pasal": c.pasal,
                        "hasil": c.hasil,
                        "nilai": c.nilai,
                        "keterangan": c.keterangan,
                    }
                    for c in k.kriteria
                ],
            }
            for nik, nama, k, kk in report
        ]
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return EXIT_OK
    if not report:
        print("Belum ada pendaftar TKSK.")
    for nik, nama, k, kk in report:
        where = f", Kecamatan {kk[0]} ({kk[1]})" if kk else ""
        print(f"{nama} (NIK {mask_nik(nik)}{where}): {k.hasil_label.upper()}")
        for c in k.kriteria:
            line = f"  {c.pasal:<16} {c.hasil_label:<16} {c.nilai}"
            print(line + (f" - {c.keterangan}" if c.keterangan else ""))
        print()
    return EXIT_OK


def _cmd_tksk(args: argparse.Namespace) -> int:
    from .services import impor_lingkup, pendaftar, penugasan
    from .services.formatting import tanggal

    _open(args)
    kecamatan_id = _kecamatan(args, wajib=True, pesan=PILIH_TKSK).get("kecamatan_id")
    actor = Actor.cli()
    if kecamatan_id is not None:
        actor = impor_lingkup.pelaku(actor, kecamatan_id)
    found = _candidates(actor, args.nik, kecamatan_id)
    if args.periode is not None:
        pid = pendaftar.find_by_nik(args.nik, args.periode, kecamatan_id)
        found = [c for c in found if c[0] == pid]
        if not found:
            raise NotFound(f"NIK {args.nik} tidak terdaftar pada periode '{args.periode}'.")
    if len(found) > 1:
        print(
            "NIK ini terdaftar di beberapa periode rekrutmen; pilih dengan --periode.",
            file=sys.stderr,
        )
        return EXIT_REFUSED
    sk = penugasan.SkData(
        sk_nomor=args.sk_nomor,
        sk_tanggal=args.sk_tanggal,
        sk_penerbit=args.penerbit,
        mulai=args.mulai,
        selesai=args.selesai,
        niat=args.niat,
    )
    info = penugasan.appoint(actor, found[0][0], sk)
    print(
        f"{info.nama} diangkat sebagai TKSK: SK {info.sk_nomor} tanggal "
        f"{tanggal(info.sk_tanggal)}, TMT {tanggal(info.mulai)}"
        + (f" s.d. {tanggal(info.selesai)}." if info.selesai else ".")
    )
    return EXIT_OK


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "template": _cmd_template,
    "import": _cmd_import,
    "export": _cmd_export,
    "eligibility": _cmd_eligibility,
    "tksk": _cmd_tksk,
}
