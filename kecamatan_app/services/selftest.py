"""``kecamatan-app selftest``: prove this installation works, on a temporary database.

Used by the installer's smoke test and by support staff. Leaves nothing behind. Qt is not
touched here (the CLI checks that Qt loads separately).
"""

from __future__ import annotations

import gzip
import json
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from reportlab.platypus import Paragraph

from .. import __version__
from ..config import DatabaseTarget
from ..migrations import LATEST
from ..paths import resource
from ..reports.pdf_dasar import Kop, escape, kop_flowables, styles, write_pdf


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str


def _resources() -> str:
    names = [("wilayah", "wilayah.json.gz"), ("wilayah", "desa.json.gz"),
             ("referensi", "v1.json"), ("i18n", "qtbase_id.qm")]
    for parts in names:
        resource(*parts)
    desa = json.loads(gzip.decompress(resource("wilayah", "desa.json.gz").read_bytes()))
    return f"{len(names)} berkas sumber daya ada; {len(desa)} desa/kelurahan dalam daftar"


def _database(folder: Path) -> str:
    from ..db import close_database, current_version, open_database
    from ..models import database
    from . import audit, kantor, users

    target = DatabaseTarget.parse(folder / "uji.sqlite3")
    db = open_database(target)
    try:
        version = current_version(db)
        if version != LATEST:
            raise RuntimeError(f"versi skema {version}, diharapkan {LATEST}")
        data = kantor.default_kop("16.03.06", alamat="Jl. Uji No. 1")
        camat = kantor.CamatData(nama="Camat Uji", plt=True, keterangan_jabatan="Plt. Camat")
        admin = kantor.AdminData("ujiadmin", "Admin Uji", "UjiSandi123", "UjiSandi123")
        info = kantor.setup_office("16.03.06", data, camat, admin)
        if info.jumlah_desa + info.jumlah_kelurahan != 23:
            raise RuntimeError("Gelumbang tidak berisi 23 desa/kelurahan")
        users.login("ujiadmin", "UjiSandi123")
        chain = audit.verify_chain()
        if not chain.ok:
            raise RuntimeError(chain.message)
        integrity = database.execute_sql("PRAGMA integrity_check").fetchone()[0]
        if integrity != "ok":
            raise RuntimeError(f"integrity_check: {integrity}")
        return f"skema versi {version}, kantor uji disiapkan, {chain.message}"
    finally:
        close_database()


def _pdf(folder: Path) -> str:
    st = styles()
    story = kop_flowables(Kop(["PEMERINTAH KABUPATEN UJI", "KECAMATAN UJI", "Jl. Uji No. 1"]))
    story.append(Paragraph("LAPORAN UJI", st["judul"]))
    story += [Paragraph(escape(f"Baris uji nomor {i}."), st["normal"]) for i in range(1, 80)]
    path = write_pdf(folder / "uji.pdf", story, paper="F4", title="Uji")
    data = path.read_bytes()
    if not data.startswith(b"%PDF") or len(data) < 1000:
        raise RuntimeError("berkas PDF tidak sah")
    return f"PDF {len(data)} bita"


def _xlsx(folder: Path) -> str:
    import openpyxl

    from ..reports.xlsx import write_table

    path = write_table(folder / "uji.xlsx", "Uji", ["No", "Nama"],
                       [(i, f"Baris {i}") for i in range(1, 11)])
    wb = openpyxl.load_workbook(path, read_only=True)
    try:
        values = [row for row in wb.active.iter_rows(values_only=True) if row and row[0] == 10]
    finally:
        wb.close()
    if not values:
        raise RuntimeError("isi buku kerja tidak terbaca kembali")
    return "buku kerja Excel ditulis dan dibaca kembali"


def _tanggal(_folder: Path) -> str:
    """Indonesian dates come from babel's locale data (a frozen bundle must carry it)."""
    import datetime as dt

    from .formatting import tanggal

    text = tanggal(dt.date(2026, 8, 17))
    if text != "17 Agustus 2026":
        raise RuntimeError(f"tanggal Indonesia salah: '{text}'")
    return f"{text} (data bahasa Indonesia termuat)"


def _enkripsi(folder: Path) -> str:
    """Encrypted backups need the cryptography library (AES-GCM, scrypt)."""
    from . import sandi_berkas

    plain, sealed, back = folder / "uji.bin", folder / "uji.enc", folder / "uji.out"
    plain.write_bytes(b"uji mandiri " * 1000)
    sandi_berkas.encrypt_file(plain, sealed, "UjiMandiri2026")
    sandi_berkas.decrypt_file(sealed, back, "UjiMandiri2026")
    if back.read_bytes() != plain.read_bytes():
        raise RuntimeError("isi terenkripsi tidak kembali utuh")
    return "enkripsi cadangan (AES-GCM) bekerja"


def _lisensi(_folder: Path) -> str:
    """Help > Tentang lists the shipped libraries with their versions and licences."""
    from . import lisensi

    items = lisensi.daftar()
    missing = [p.nama for p in items if not p.versi or not p.lisensi]
    if missing:
        raise RuntimeError("versi atau lisensi tidak diketahui: " + ", ".join(missing))
    return f"{len(items)} komponen dengan versi dan lisensi"


def run(report: Callable[[Check], None] | None = None) -> list[Check]:
    steps: list[tuple[str, Callable[[Path], str]]] = [
        ("Sumber daya", lambda _f: _resources()),
        ("Basis data dan migrasi", _database),
        ("Laporan PDF", _pdf),
        ("Ekspor Excel", _xlsx),
        ("Tanggal Indonesia", _tanggal),
        ("Enkripsi cadangan", _enkripsi),
        ("Lisensi pustaka", _lisensi),
    ]
    results: list[Check] = []
    with tempfile.TemporaryDirectory(prefix="kecamatan-uji-") as tmp:
        folder = Path(tmp)
        for name, fn in steps:
            try:
                check = Check(name, True, fn(folder))
            except Exception as exc:  # every failure is reported, the run goes on
                check = Check(name, False, f"{type(exc).__name__}: {exc}")
            results.append(check)
            if report:
                report(check)
    return results


def version_line() -> str:
    return f"Kecamatan TKSK {__version__}"
