"""Helpers of tests/test_pindah_db.py: a source SQLite office made through the services (the
kecamatan demo plus a few values the demo lacks), PostgreSQL databases of the server named by
``KECAMATAN_APP_TEST_PG``, and plain-SQL looks at a target that do not go through the app."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from kecamatan_app.config import DatabaseTarget
from kecamatan_app.db import close_database, open_database

PG_SERVER = os.environ.get("KECAMATAN_APP_TEST_PG", "").rstrip("/")
perlu_pg = pytest.mark.skipif(not PG_SERVER, reason="perlu server PostgreSQL "
                                                    "(KECAMATAN_APP_TEST_PG)")


@dataclass
class Contoh:
    """A source database and what the app itself read from it before the copy."""

    path: Path
    sandi_admin: str
    nilai: dict[str, Any] = field(default_factory=dict)


@contextmanager
def data_folder(folder: Path) -> Iterator[None]:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("KECAMATAN_APP_DATA_DIR", str(folder / "data"))
        mp.setenv("KECAMATAN_APP_LOG_DIR", str(folder / "log"))
        mp.delenv("KECAMATAN_APP_DB", raising=False)
        yield


def buat_demo(folder: Path) -> Contoh:
    """The kecamatan demo (about 15 s) plus: a setting, a person who died, a candidate whose
    computer skill is unknown, a locked-until time with microseconds, an appointment that
    names a LATER row as the one it replaces (a foreign key to the same table, forward), and
    one attachment's content as a blob row (``lampiran_isi``, otherwise empty on SQLite)."""
    from kecamatan_app.models import (
        JejakAudit,
        KegiatanFoto,
        LampiranIsi,
        LaporanBulanan,
        Pendaftar,
        Pengguna,
        Penugasan,
        Warga,
    )
    from kecamatan_app.services import demo, lampiran, registri_cari, settings, users

    path = folder / "kantor.sqlite3"
    with data_folder(folder):
        open_database(DatabaseTarget.parse(path))
        try:
            result = demo.run(seed=3)
            sandi = result.accounts[0].sandi
            admin = users.login("admin", sandi).actor
            settings.set_value(admin, "tksk.usia_maks", 40)
            mati = Warga.select().where(Warga.tanggal_lahir.is_null(False)).order_by(
                Warga.id.desc()).first()
            Warga.update(meninggal=True).where(Warga.id == mati.id).execute()
            Pendaftar.update(dapat_komputer=None).where(
                Pendaftar.id == Pendaftar.select().order_by(Pendaftar.id.desc()).first().id
            ).execute()
            kunci = dt.datetime(2026, 3, 4, 5, 6, 7, 891011)
            Pengguna.update(terkunci_sampai=kunci).where(Pengguna.nama_pengguna == "camat") \
                .execute()
            first = Penugasan.select().order_by(Penugasan.id).first()
            data = {k: v for k, v in first.__data__.items() if k != "id"}
            data.update(aktif=False, sk_nomor="460/999/SK/uji (contoh)", menggantikan=None)
            later = Penugasan.create(**data)
            Penugasan.update(menggantikan=later.id).where(Penugasan.id == first.id).execute()
            warga = Warga.get_by_id(mati.id)
            lap = LaporanBulanan.select().where(LaporanBulanan.arsip_pdf.is_null(False)).first()
            foto = KegiatanFoto.select().first()
            # a content row on SQLite too (normally empty there): the blob goes through COPY
            foto_isi = lampiran.read(foto.__data__["lampiran"])
            LampiranIsi.insert(lampiran=foto.__data__["lampiran"], isi=foto_isi).execute()
            audit = JejakAudit.select().order_by(JejakAudit.id.desc()).first()
            nilai = {
                "warga": (warga.id, warga.nik, warga.nama, warga.tanggal_lahir, warga.meninggal),
                "pendaftar_komputer": [p.dapat_komputer for p in
                                       Pendaftar.select().order_by(Pendaftar.id)],
                "terkunci_sampai": Pengguna.get(Pengguna.nama_pengguna == "camat")
                .terkunci_sampai,
                "penugasan": (first.id, later.id),
                "laporan": (lap.id, lap.disetujui_pada, lap.__data__["arsip_pdf"]),
                "pdf": lampiran.read(lap.__data__["arsip_pdf"]),
                "foto": (foto.__data__["lampiran"], foto_isi),
                "audit": (audit.id, audit.waktu, audit.hash),
                "cari_nik": registri_cari.count(admin, registri_cari.SearchFilter(
                    teks=warga.nik)),
                "usia_maks": settings.get("tksk.usia_maks"),
            }
        finally:
            close_database()
    return Contoh(path, sandi, nilai)


def buat_kecil(folder: Path, *, dinas: bool = False) -> Path:
    """A small source: an office set up (or a Dinas database) with its administrator."""
    from kecamatan_app.services import dinas as dinas_svc
    from kecamatan_app.services import kantor
    from tests.conftest import ADMIN_PASSWORD, gelumbang_setup

    path = folder / ("dinas.sqlite3" if dinas else "kecil.sqlite3")
    with data_folder(folder):
        open_database(DatabaseTarget.parse(path))
        try:
            if dinas:
                dinas_svc.setup_dinas("16.03", kantor.AdminData(
                    "admin", "Admin Dinas", ADMIN_PASSWORD, ADMIN_PASSWORD))
            else:
                gelumbang_setup()
        finally:
            close_database()
    return path


def salin_berkas(src: Path, folder: Path) -> Path:
    """A copy of the database file and its attachments folder in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    dest = folder / src.name
    con = sqlite3.connect(f"{src.as_uri()}?mode=ro", uri=True)
    out = sqlite3.connect(dest)
    con.backup(out)
    out.close()
    con.close()
    files = src.with_name(src.stem + "-lampiran")
    if files.is_dir():
        shutil.copytree(files, dest.with_name(dest.stem + "-lampiran"))
    return dest


def _admin() -> Any:
    import psycopg2

    conn = psycopg2.connect(f"{PG_SERVER}/postgres")
    conn.autocommit = True
    return conn


@contextmanager
def pg_database(template: str | None = None) -> Iterator[str]:
    """A new database on the test server (without tables, or a copy of ``template``); its URL.
    Dropped afterwards."""
    name = "pindah_" + uuid.uuid4().hex[:12]
    conn = _admin()
    with conn.cursor() as cur:
        cur.execute(f"CREATE DATABASE {name}" + (f" TEMPLATE {template}" if template else ""))
    conn.close()
    try:
        yield f"{PG_SERVER}/{name}"
    finally:
        close_database()
        conn = _admin()
        with conn.cursor() as cur:
            cur.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        conn.close()


def pg_counts(url: str) -> dict[str, int]:
    """Rows per table of the target, read with plain SQL (not through the app)."""
    import psycopg2

    conn = psycopg2.connect(url)
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
            tables = sorted(r[0] for r in cur.fetchall())
            out: dict[str, int] = {}
            for t in tables:
                cur.execute(f'SELECT COUNT(*) FROM "{t}"')
                out[t] = int(cur.fetchone()[0])
        return out
    finally:
        conn.close()


def pg_schema(url: str) -> tuple[set[str], set[tuple[str, str]]]:
    """Index definitions and (constraint name, definition) of the target's tables."""
    import psycopg2

    conn = psycopg2.connect(url)
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT indexdef FROM pg_indexes WHERE schemaname = 'public'")
            indexes = {str(r[0]) for r in cur.fetchall()}
            cur.execute("SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                        "WHERE connamespace = 'public'::regnamespace")
            constraints = {(str(r[0]), str(r[1])) for r in cur.fetchall()}
        return indexes, constraints
    finally:
        conn.close()
