"""Test helpers that work on both databases (SQLite file or the PostgreSQL server of
``KECAMATAN_APP_TEST_PG``): what "someone with another database tool" or "another PC that is
saving" does, done the way each database allows."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from peewee import PostgresqlDatabase

from kecamatan_app.config import DatabaseTarget
from kecamatan_app.models import Lampiran, LampiranIsi, database
from kecamatan_app.services import lampiran


def is_postgres() -> bool:
    return isinstance(database.obj, PostgresqlDatabase)


def cli_db_env() -> dict[str, str]:
    """The environment a command-line subprocess needs to open the test's database: on SQLite
    nothing (it opens ``kecamatan.sqlite3`` of its data folder, which is ``db_target``); against
    PostgreSQL ``KECAMATAN_APP_DB``, which conftest's ``db_target`` sets to the test's database.
    A ``KECAMATAN_APP_DB`` of the developer's own is never passed on."""
    server = os.environ.get("KECAMATAN_APP_TEST_PG", "").rstrip("/")
    value = os.environ.get("KECAMATAN_APP_DB", "")
    return {"KECAMATAN_APP_DB": value} if server and value.startswith(server + "/") else {}


def tamper_audit(*sql: str) -> None:
    """Change ``jejak_audit`` behind the app's back: the triggers that refuse edits are dropped
    first (SQLite: as with another SQLite tool on the file; PostgreSQL: as a database owner
    with psql would), then ``sql`` runs in one transaction."""
    if is_postgres():
        drops = ["DROP TRIGGER IF EXISTS jejak_audit_tanpa_ubah ON jejak_audit"]
    else:
        drops = ["DROP TRIGGER IF EXISTS jejak_audit_tanpa_ubah",
                 "DROP TRIGGER IF EXISTS jejak_audit_tanpa_hapus"]
    with database.atomic():
        for statement in (*drops, *sql):
            database.execute_sql(statement)


@contextmanager
def another_program_writing(db_target: DatabaseTarget) -> Iterator[Any]:
    """Another connection is in the middle of a write, as another app instance or PC saving:
    SQLite: it holds the file's write lock (``BEGIN IMMEDIATE``); PostgreSQL: it holds the lock
    on the audit trail that every save of the app takes (``services/audit.record``)."""
    if db_target.kind == "postgresql":
        import psycopg2

        other = psycopg2.connect(db_target.location)
        try:
            with other.cursor() as cur:
                cur.execute("LOCK TABLE jejak_audit IN SHARE ROW EXCLUSIVE MODE")
            yield other
        finally:
            other.rollback()
            other.close()
        return
    holder = sqlite3.connect(db_target.path, timeout=0.1, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        yield holder
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def another_writer_can_start(db_target: DatabaseTarget, wait_ms: int = 50) -> bool:
    """Whether another connection could start writing within ``wait_ms`` (it gives up at once
    and writes nothing)."""
    if db_target.kind == "postgresql":
        import psycopg2
        from psycopg2 import errors

        other = psycopg2.connect(db_target.location)
        try:
            with other.cursor() as cur:
                cur.execute(f"SET lock_timeout = {int(wait_ms)}")
                cur.execute("LOCK TABLE jejak_audit IN SHARE ROW EXCLUSIVE MODE")
            return True
        except errors.LockNotAvailable:
            return False
        finally:
            other.rollback()
            other.close()
    other_file = sqlite3.connect(db_target.path, timeout=wait_ms / 1000, isolation_level=None)
    try:
        other_file.execute("BEGIN IMMEDIATE")
        other_file.execute("ROLLBACK")
        return True
    except sqlite3.OperationalError:
        return False
    finally:
        other_file.close()


def set_lock_wait(ms: int) -> None:
    """How long this process's saves wait for another writer (the app's default is
    ``db.BUSY_TIMEOUT_MS``)."""
    if is_postgres():
        database.execute_sql(f"SET lock_timeout = {int(ms)}")
    else:
        database.execute_sql(f"PRAGMA busy_timeout = {int(ms)}")


# -- attachment contents: files beside the SQLite file, rows of lampiran_isi on PostgreSQL --------


def stored_contents() -> set[str]:
    """The SHA-256 of every attachment content the database's store holds: the files of the
    attachments folder (SQLite), the content rows (PostgreSQL)."""
    if is_postgres():
        rows: Any = LampiranIsi.select(Lampiran.sha256).join(Lampiran).tuples()
        return {sha for (sha,) in rows}
    folder = lampiran.files_dir()
    return {p.name for p in folder.rglob("*") if p.is_file()} if folder.exists() else set()


def damage_content(lampiran_id: int, data: bytes = b"%PDF-1.4 diubah") -> None:
    """Change a stored content behind the app's back (a disk or a database tool)."""
    info = lampiran.get(lampiran_id)
    if is_postgres():
        LampiranIsi.update(isi=data).where(LampiranIsi.lampiran == lampiran_id).execute()
        info.path.unlink(missing_ok=True)  # this PC's print copy
    else:
        info.path.write_bytes(data)


def lose_content(lampiran_id: int) -> None:
    """The stored content is gone (a file deleted from the folder; a content row deleted)."""
    info = lampiran.get(lampiran_id)
    if is_postgres():
        LampiranIsi.delete().where(LampiranIsi.lampiran == lampiran_id).execute()
    info.path.unlink(missing_ok=True)
