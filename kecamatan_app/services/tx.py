"""Transactions for writes: one ``write()`` block per multi-row change."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from peewee import OperationalError, SqliteDatabase

from ..models import database
from .errors import DatabaseError


@contextmanager
def write() -> Iterator[None]:
    """A write transaction (``BEGIN IMMEDIATE`` on SQLite, see db.py); nested: a savepoint.

    A database that is locked by another program or read-only becomes a :class:`DatabaseError`
    with an Indonesian message; the transaction is rolled back, nothing is half-written.
    """
    try:
        with database.atomic():
            yield
    except OperationalError as exc:
        text = str(exc).lower()
        if "locked" in text or "busy" in text:
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
