"""Opening databases: ours, new, foreign, newer, read-only, locked, corrupt."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from kecamatan_app.config import DatabaseTarget
from kecamatan_app.db import APPLICATION_ID, BUSY_TIMEOUT_MS, close_database, open_database
from kecamatan_app.migrations import LATEST
from kecamatan_app.models import Desa, JejakAudit, Kategori, VersiSkema, database
from kecamatan_app.services.errors import DatabaseError
from tests.db_bantu import another_program_writing


def test_new_database_has_pragmas_version_and_reference_data(db, db_target):
    if db_target.kind == "sqlite":
        assert database.execute_sql("PRAGMA foreign_keys").fetchone()[0] == 1
        assert database.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert database.execute_sql("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        assert database.execute_sql("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        assert database.execute_sql("PRAGMA user_version").fetchone()[0] == LATEST
    else:
        extensions = {r[0] for r in database.execute_sql("SELECT extname FROM pg_extension")}
        assert {"citext", "pg_trgm"} <= extensions
        # a save waits for another PC's lock as long as SQLite waits for a busy file
        ms = database.execute_sql(
            "SELECT setting FROM pg_settings WHERE name = 'lock_timeout'").fetchone()[0]
        assert int(ms) == BUSY_TIMEOUT_MS
    assert VersiSkema.get().versi == LATEST
    assert Kategori.select().where(Kategori.jenis == "PPKS").count() == 26
    assert Kategori.select().where(Kategori.jenis == "PSKS").count() == 12


def test_foreign_keys_are_enforced(db):
    from peewee import IntegrityError

    with pytest.raises(IntegrityError):
        Desa.create(kecamatan=999, kode="99.99.99.2001", nama="X", jenis="desa")


def test_reopen_keeps_data(db_target):
    open_database(db_target)
    Kategori.create(jenis="PPKS", kode="27", nama="Kategori Lokal")
    close_database()
    open_database(db_target)
    assert Kategori.get(Kategori.kode == "27").nama == "Kategori Lokal"
    close_database()


def test_file_that_is_not_sqlite_is_refused(tmp_path: Path):
    bad = tmp_path / "catatan.sqlite3"
    bad.write_text("ini bukan basis data")
    with pytest.raises(DatabaseError, match="bukan basis data aplikasi ini"):
        open_database(DatabaseTarget.parse(bad))
    assert bad.read_text() == "ini bukan basis data"


def test_sqlite_of_another_program_is_refused(tmp_path: Path):
    other = tmp_path / "lain.sqlite3"
    con = sqlite3.connect(other)
    con.execute("CREATE TABLE pelanggan (id INTEGER PRIMARY KEY, nama TEXT)")
    con.commit()
    con.close()
    with pytest.raises(DatabaseError, match="bukan milik aplikasi"):
        open_database(DatabaseTarget.parse(other))
    con = sqlite3.connect(other)
    tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    con.close()
    assert tables == ["pelanggan"], "nothing may be written into a foreign database"


def test_other_application_id_is_refused(tmp_path: Path):
    other = tmp_path / "lain.sqlite3"
    con = sqlite3.connect(other)
    con.execute("PRAGMA application_id = 12345")
    con.execute("CREATE TABLE t (a)")
    con.commit()
    con.close()
    with pytest.raises(DatabaseError, match="program lain"):
        open_database(DatabaseTarget.parse(other))


def test_database_from_a_newer_version_is_refused(db_target):
    open_database(db_target)
    VersiSkema.update(versi=LATEST + 1).execute()
    close_database()
    with pytest.raises(DatabaseError, match="versi aplikasi yang lebih baru"):
        open_database(db_target)


@pytest.mark.sqlite_only
@pytest.mark.skipif(os.name == "nt" or os.geteuid() == 0, reason="root ignores file modes")
def test_read_only_file_is_refused(db_target):
    open_database(db_target)
    close_database()
    os.chmod(db_target.path, 0o444)
    try:
        with pytest.raises(DatabaseError, match="hanya dapat dibaca"):
            open_database(db_target)
    finally:
        os.chmod(db_target.path, 0o644)


@pytest.mark.sqlite_only
def test_read_only_file_message_when_access_check_says_so(db_target, monkeypatch):
    open_database(db_target)
    close_database()
    real = os.access

    def fake(path, mode, *a, **k):
        if Path(path) == db_target.path and mode == os.W_OK:
            return False
        return real(path, mode, *a, **k)

    monkeypatch.setattr(os, "access", fake)
    with pytest.raises(DatabaseError, match="hanya dapat dibaca"):
        open_database(db_target)


def test_locked_new_database_gives_clear_message(tmp_path, monkeypatch):
    monkeypatch.setattr("kecamatan_app.db.BUSY_TIMEOUT_MS", 100)
    path = tmp_path / "baru.sqlite3"
    holder = sqlite3.connect(path, timeout=0.1)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(DatabaseError, match="dikunci oleh program lain"):
            open_database(DatabaseTarget.parse(path))
    finally:
        holder.rollback()
        holder.close()


def test_write_while_another_program_writes_is_refused_cleanly(db_target, monkeypatch):
    from tests.conftest import gelumbang_setup

    monkeypatch.setattr("kecamatan_app.db.BUSY_TIMEOUT_MS", 100)
    open_database(db_target)
    with another_program_writing(db_target), pytest.raises(DatabaseError, match="sedang dipakai"):
        gelumbang_setup()
    assert Desa.select().count() == 0
    gelumbang_setup()  # works once the other writer is gone
    assert Desa.select().count() == 23
    close_database()


def test_corrupt_file_gives_clear_message(tmp_path: Path):
    bad = tmp_path / "rusak.sqlite3"
    bad.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000)
    with pytest.raises(DatabaseError):
        open_database(DatabaseTarget.parse(bad))


def test_audit_rows_cannot_be_changed_or_deleted(office):
    from peewee import IntegrityError, OperationalError

    entry = JejakAudit.select().first()
    with pytest.raises((IntegrityError, OperationalError), match="tidak dapat diubah"):
        JejakAudit.update(ringkasan="diubah").where(JejakAudit.id == entry.id).execute()
    with pytest.raises((IntegrityError, OperationalError), match="tidak dapat diubah"):
        JejakAudit.delete().where(JejakAudit.id == entry.id).execute()


@pytest.mark.sqlite_only
def test_trigram_search_index_follows_the_table(db):
    from kecamatan_app.services import kantor
    from tests.conftest import gelumbang_setup

    gelumbang_setup()
    assert kantor.is_set_up()
    from kecamatan_app.models import Keluarga, Warga

    desa = Desa.select().first()
    kel = Keluarga.create(kepala="Sumarni", desa=desa, alamat="Dusun II")
    Warga.create(nama="Sumarni binti Ahmad", jenis_kelamin="P", desa=desa, keluarga=kel,
                 alamat="Jl. Pasar Lama RT 03")
    rows = database.execute_sql(
        "SELECT rowid FROM warga_fts WHERE warga_fts MATCH ?", ('"rni bin"',)).fetchall()
    assert len(rows) == 1
    Warga.update(nama="Sulastri").execute()
    rows = database.execute_sql(
        "SELECT rowid FROM warga_fts WHERE warga_fts MATCH ?", ('"rni bin"',)).fetchall()
    assert rows == []
