"""Transactions for writes: one ``write()`` block per multi-row change."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from peewee import OperationalError, PostgresqlDatabase, SqliteDatabase

from ..models import database
from .errors import DatabaseError

#: Taken first by every outermost write transaction on PostgreSQL and held to its commit: writers
#: follow one another as they do on SQLite (``BEGIN IMMEDIATE``), so a check made inside the
#: transaction (the month lock, a name already taken, the record's version, the next letter
#: number, the audit chain's last hash) still holds when it commits. Readers are never blocked.
#: A writer that waits longer than ``lock_timeout`` (db.AppPostgresqlDatabase) gets the
#: "sedang dipakai" message below, as on SQLite after the busy timeout.
PG_WRITE_LOCK = "LOCK TABLE jejak_audit IN SHARE ROW EXCLUSIVE MODE"

#: PostgreSQL errors of two PCs writing at once: a lock not granted within ``lock_timeout``
#: (db.AppPostgresqlDatabase), a deadlock, a serialization failure. All mean "try again".
PG_BUSY_CODES = frozenset({"55P03", "40P01", "40001"})


def pg_code(exc: BaseException) -> str | None:
    """The SQLSTATE of a PostgreSQL error wrapped by peewee (None for SQLite errors)."""
    for cause in (exc, *exc.args, exc.__cause__, exc.__context__):
        code = getattr(cause, "pgcode", None)
        if isinstance(code, str):
            return code
    return None


def is_busy(exc: BaseException) -> bool:
    """Another program or PC holds the lock this write waited for (SQLite busy timeout,
    PostgreSQL lock timeout or deadlock)."""
    if pg_code(exc) in PG_BUSY_CODES:
        return True
    text = str(exc).lower()
    return "locked" in text or "busy" in text


@contextmanager
def write() -> Iterator[None]:
    """A write transaction (``BEGIN IMMEDIATE`` on SQLite, see db.py; on PostgreSQL ``BEGIN``
    and :data:`PG_WRITE_LOCK`); nested: a savepoint.

    A database that is locked by another program or PC (SQLite busy timeout; PostgreSQL lock
    timeout or deadlock) or read-only becomes a :class:`DatabaseError` with an Indonesian
    message; the transaction is rolled back, nothing is half-written.
    """
    try:
        with database.atomic():
            if database.transaction_depth() == 1 and is_postgres():
                database.execute_sql(PG_WRITE_LOCK)
            yield
    except OperationalError as exc:
        text = str(exc).lower()
        if is_busy(exc):
            raise DatabaseError(
                "Basis data sedang dipakai untuk menyimpan oleh program atau komputer lain. "
                "Tunggu sebentar lalu simpan lagi; bila terus terjadi, tutup aplikasi di "
                "komputer lain.") from exc
        if "readonly" in text or "read-only" in text:
            raise DatabaseError(
                "Basis data hanya dapat dibaca; perubahan tidak tersimpan. Minta hak tulis atas "
                "berkas basis data.") from exc
        raise


def is_sqlite() -> bool:
    return isinstance(database.obj, SqliteDatabase)


def is_postgres() -> bool:
    return isinstance(database.obj, PostgresqlDatabase)
