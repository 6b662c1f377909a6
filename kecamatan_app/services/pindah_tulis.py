"""Writing the copied rows into PostgreSQL fast, for :mod:`pindah_db`. No Qt.

Rows go in with ``COPY`` (STACK-NOTES: about 5x peewee's ``insert_many``), each column turned
into ``COPY``'s text format by a function chosen once for its field type (a general
type-by-type test of every value took twice as long).

And the way ``pg_restore`` loads: inserted into tables with all their indexes and foreign keys,
200,000 persons took about 45 s (every row updates ten indexes, two of them trigram GIN indexes,
and checks three foreign keys). So, inside the copy's one transaction, the ordinary (non-unique)
indexes and the foreign keys of the copied tables are dropped first and made again after the
data are in: an index built in one pass is several times faster, and a foreign key added to a
full table is checked with one query. Primary keys, unique indexes and CHECK constraints stay,
so a duplicate or an over-long name is still refused at once. PostgreSQL's DDL is
transactional: a failure or cancel rolls the drops back with the data.

Only the owner of the tables may drop and add them; when this role does not own all of them
(the schema was made by another account), nothing is dropped and the copy runs with every
index and key in place: slower, the same result.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from peewee import (
    AutoField,
    BigIntegerField,
    BooleanField,
    CharField,
    Field,
    ForeignKeyField,
    IntegerField,
    TextField,
)

from ..models import database

#: ``SET LOCAL``: memory for building an index (PostgreSQL's default is 64 MB).
INDEX_MEMORY = "256MB"
NULL = "\\N"
_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
_TABLES = ("SELECT c.oid FROM pg_class c WHERE c.relkind = 'r' AND c.relname = ANY(%s) "
           "AND c.relnamespace = current_schema()::regnamespace")


# -- COPY ---------------------------------------------------------------------------------------


def _any(v: Any) -> str:
    if v is None:
        return NULL
    if v is True or v is False:
        return "t" if v else "f"
    if isinstance(v, str):
        return v.translate(_ESCAPES)
    if isinstance(v, dt.datetime):
        return v.isoformat(" ")
    if isinstance(v, (bytes, bytearray, memoryview)):
        return "\\\\x" + bytes(v).hex()  # bytea's hex input, its backslash escaped for COPY
    return str(v)  # int, Decimal, date, time


def _int(v: Any) -> str:
    return NULL if v is None else str(v) if type(v) is int else _any(v)


def _text(v: Any) -> str:
    return NULL if v is None else v.translate(_ESCAPES) if type(v) is str else _any(v)


def _bool(v: Any) -> str:
    return NULL if v is None else "t" if v else "f"


def _format(f: Field) -> Callable[[Any], str]:
    if isinstance(f, (AutoField, ForeignKeyField, IntegerField, BigIntegerField)):
        return _int
    if isinstance(f, (CharField, TextField)):
        return _text
    if isinstance(f, BooleanField):
        return _bool
    return _any  # dates, times, decimals, blobs


def copy_rows(table: str, fields: Sequence[Field], rows: Sequence[Sequence[Any]]) -> None:
    """``COPY`` ``rows`` (values of ``fields`` in that order) into ``table``."""
    if not rows:
        return
    formats = [_format(f) for f in fields]
    text = "".join("\t".join([fmt(v) for fmt, v in zip(formats, row, strict=True)]) + "\n"
                   for row in rows)
    cols = ", ".join('"' + f.column_name + '"' for f in fields)
    database.cursor().copy_expert(f'COPY "{table}" ({cols}) FROM STDIN', io.StringIO(text))


# -- indexes and foreign keys -------------------------------------------------------------------


@dataclass
class Ditunda:
    """What was dropped, to be made again: indexes (name, definition) and foreign keys
    (table, name, definition)."""

    indeks: list[tuple[str, str]] = field(default_factory=list)
    kunci: list[tuple[str, str, str]] = field(default_factory=list)

    @property
    def jumlah(self) -> int:
        return len(self.indeks) + len(self.kunci)


def _milik_sendiri(tables: list[str]) -> bool:
    row = database.execute_sql(
        "SELECT COUNT(*) FILTER (WHERE NOT pg_has_role(current_user, c.relowner, 'USAGE')), "
        f"COUNT(*) FROM pg_class c WHERE c.oid IN ({_TABLES})", (tables,)).fetchone()
    return int(row[0]) == 0 and int(row[1]) == len(tables)


def tunda(tables: list[str]) -> Ditunda | None:
    """Drop the non-unique indexes and the foreign keys of ``tables`` (call inside the copy's
    transaction); None when this role does not own them all (then nothing is dropped)."""
    if not _milik_sendiri(tables):
        return None
    out = Ditunda()
    out.kunci = [(str(t), str(n), str(d)) for t, n, d in database.execute_sql(
        "SELECT conrelid::regclass::text, quote_ident(conname), pg_get_constraintdef(oid) "
        f"FROM pg_constraint WHERE contype = 'f' AND conrelid IN ({_TABLES}) "
        "ORDER BY conrelid, conname", (tables,)).fetchall()]
    out.indeks = [(str(n), str(d)) for n, d in database.execute_sql(
        "SELECT indexrelid::regclass::text, pg_get_indexdef(indexrelid) FROM pg_index "
        f"WHERE indrelid IN ({_TABLES}) AND NOT indisunique AND NOT indisprimary "
        "ORDER BY indexrelid", (tables,)).fetchall()]
    for table, name, _definition in out.kunci:
        database.execute_sql(f"ALTER TABLE {table} DROP CONSTRAINT {name}")
    for name, _definition in out.indeks:
        database.execute_sql(f"DROP INDEX {name}")
    return out


def pulihkan(ditunda: Ditunda, progress: Callable[[int, int], None]) -> None:
    """Make the dropped indexes, then the foreign keys (each checks the copied rows) again."""
    database.execute_sql(f"SET LOCAL maintenance_work_mem = '{INDEX_MEMORY}'")
    total = ditunda.jumlah
    progress(0, total)
    done = 0
    for _name, definition in ditunda.indeks:
        database.execute_sql(definition)
        done += 1
        progress(done, total)
    for table, name, definition in ditunda.kunci:
        database.execute_sql(f"ALTER TABLE {table} ADD CONSTRAINT {name} {definition}")
        done += 1
        progress(done, total)
