"""Helpers for the exchange package tests (test_paket*.py, test_gui_paket.py).

:func:`buat_contoh` builds, once per test module, a kecamatan database (Gelumbang, SQLite, in its
own folder) with the golden March 2025 of ``test_laporan_golden`` approved, and writes its
packages: ``v1`` (as first approved), ``v2`` (reopened, one more activity, approved again) and
the PDF and summary each holds. A package is a file, so the Dinas side of every test (on the
test's own database, SQLite or PostgreSQL) receives these; the export itself on PostgreSQL is
covered by the round-trip test, which exports from the test's database.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from kecamatan_app.config import DatabaseTarget
from kecamatan_app.db import close_database, open_database
from kecamatan_app.models import JejakAudit, Lampiran, PaketBulanan
from kecamatan_app.services import (
    dinas,
    kantor,
    kegiatan,
    laporan,
    laporan_cetak,
    paket_ekspor,
    ringkasan_bulan,
    users,
)
from kecamatan_app.services.context import Actor
from tests import conftest
from tests.db_bantu import stored_contents
from tests.laporan_bantu import kecamatan_id, kegiatan_data

SANDI = "Sandi12345x"
TAHUN, BULAN = 2025, 3


@dataclass(frozen=True)
class Contoh:
    folder: Path
    v1: Path
    v2: Path
    pdf_v1: bytes
    pdf_v2: bytes
    ringkasan_v1: ringkasan_bulan.RingkasanBulan
    ringkasan_v2: ringkasan_bulan.RingkasanBulan


@dataclass(frozen=True)
class Kecamatan:
    tksk: Actor
    camat: Actor
    admin: Actor


def siapkan_kecamatan(admin: Actor, tmp: Path) -> Kecamatan:
    """The golden March 2025 recorded, submitted and approved (on the open database)."""
    from tests.test_laporan_golden import _record

    conftest.appoint_tksk(admin, mulai=dt.date(2025, 1, 2))
    for name, full, role in (("siti", "Siti Aminah (contoh)", "tksk"),
                             ("camat", "Drs. Ahmad Fauzi, M.Si", "camat")):
        users.create_user(admin, name, full, role, SANDI)
    tksk = users.login("siti", SANDI).actor
    camat = users.login("camat", SANDI).actor
    _record(tksk, tmp)
    info = laporan.open_month(tksk, TAHUN, BULAN)
    info = laporan.move(tksk, info.id, "diajukan")
    laporan_cetak.setujui(camat, info.id, info.versi)
    return Kecamatan(tksk, camat, admin)


def setujui_lagi(k: Kecamatan) -> None:
    """Reopen March, record one more meeting, submit and approve again."""
    info = laporan.get(k.camat, TAHUN, BULAN)
    assert info is not None
    info = laporan.move(k.camat, info.id, "dikembalikan", "Tambahkan rapat tanggal 28")
    kegiatan.create(k.tksk, kegiatan_data(dt.date(TAHUN, BULAN, 28), judul="Rapat tambahan"))
    info = laporan.move(k.tksk, info.id, "diajukan")
    laporan_cetak.setujui(k.camat, info.id, info.versi)


def arsip(actor: Actor) -> bytes:
    info = laporan.get(actor, TAHUN, BULAN)
    assert info is not None
    return laporan.archived_pdf(actor, info.id)


def buat_contoh(folder: Path) -> Contoh:
    folder.mkdir(parents=True, exist_ok=True)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("KECAMATAN_APP_DATA_DIR", str(folder / "data"))
        mp.setenv("KECAMATAN_APP_LOG_DIR", str(folder / "log"))
        mp.delenv("KECAMATAN_APP_DB", raising=False)
        open_database(DatabaseTarget.parse(folder / "kecamatan.sqlite3"))
        try:
            conftest.gelumbang_setup()
            admin = users.login("admin", conftest.ADMIN_PASSWORD).actor
            k = siapkan_kecamatan(admin, folder)
            v1 = paket_ekspor.ekspor(k.tksk, TAHUN, BULAN, folder / "paket-v1.zip",
                                     pada=dt.datetime(2025, 4, 8, 9, 0)).path
            pdf1 = arsip(k.camat)
            r1 = ringkasan_bulan.dari_data(kecamatan_id(), TAHUN, BULAN)
            setujui_lagi(k)
            v2 = paket_ekspor.ekspor(k.camat, TAHUN, BULAN, folder / "paket-v2.zip",
                                     pada=dt.datetime(2025, 4, 20, 9, 0)).path
            r2 = ringkasan_bulan.dari_data(kecamatan_id(), TAHUN, BULAN)
            return Contoh(folder, v1, v2, pdf1, arsip(k.camat), r1, r2)
        finally:
            close_database()


def buka_basis_kedua(tmp_path: Path, nama: str) -> DatabaseTarget:
    """Another empty database of the same kind as the test's (SQLite file in ``tmp_path``, or
    a new PostgreSQL database from the template, dropped with the test's), opened."""
    close_database()
    if conftest.PG_SERVER:
        name = "uji_" + uuid.uuid4().hex[:16]
        conn = conftest._pg_admin()
        with conn.cursor() as cur:
            cur.execute(f"CREATE DATABASE {name} TEMPLATE {conftest.PG_TEMPLATE}")
        conn.close()
        conftest._PG_FINISHED.append(name)
        target = DatabaseTarget.parse(f"{conftest.PG_SERVER}/{name}")
    else:
        (tmp_path / nama).mkdir()
        target = DatabaseTarget.parse(tmp_path / nama / "kecamatan.sqlite3")
    open_database(target)
    return target


def siapkan_dinas() -> Actor:
    """Make the open (empty) database the Dinas Sosial database of Muara Enim; its admin."""
    dinas.setup_dinas("16.03", kantor.AdminData("dinasadmin", "Admin Dinas Sosial",
                                                conftest.ADMIN_PASSWORD,
                                                conftest.ADMIN_PASSWORD))
    return users.login("dinasadmin", conftest.ADMIN_PASSWORD).actor


def jejak() -> tuple[int, int, int, int]:
    """What an import may write: package rows, attachment rows, audit entries, stored files
    (SQLite) or contents (PostgreSQL)."""
    return (PaketBulanan.select().count(), Lampiran.select().count(),
            JejakAudit.select().count(), len(stored_contents()))


def anggota(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def tulis_zip(path: Path, members: list[tuple[str, bytes]]) -> Path:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, body in members:
            zf.writestr(name, body)
    path.write_bytes(out.getvalue())
    return path


def json_bytes(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")
