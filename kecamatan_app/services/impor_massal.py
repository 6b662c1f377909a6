"""Set-wise writing for large imports, inside the caller's ``tx.write()`` transaction (no Qt).

Row by row through peewee an import costs a dozen statements per row (13 ms a row for ``ppks``).
Here rows go in many at a time on the raw cursor (STACK-NOTES: raw ``executemany`` is 4x peewee's
``insert_many``). On SQLite as multi-row ``INSERT ... VALUES (...), (...)``: one statement per
thousand rows, so that the FTS5 triggers index the rows of a statement together
(``executemany`` makes each row its own statement, and FTS5 flushes its index at every
statement: 2-3 times slower). On PostgreSQL with ``COPY``.
The search indexes stay current: SQLite's FTS5 triggers fire for every row, PostgreSQL's
trigram indexes are indexes. Ids are taken before the insert (SQLite: after the highest, under
the write lock; PostgreSQL: from the table's sequence), so rows can point at each other.
Audit entries are chained exactly as :func:`audit.record` chains one.
"""

from __future__ import annotations

import datetime as dt
import io
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from peewee import Field, Model

from ..models import JejakAudit, database
from ..models.base import now
from . import audit
from .context import Actor
from .tx import is_postgres

#: Values bound in one statement: SQLite before 3.32 allows 999 ``?``, later 32.766.
_MAX_PARAMS = 30_000 if sqlite3.sqlite_version_info >= (3, 32, 0) else 999
#: Rows in one statement at most (PostgreSQL has no such limit; the SQL text grows).
_MAX_ROWS = 1000
#: Rows in one PostgreSQL ``COPY``.
_COPY_ROWS = 5000
#: Values in one ``IN (...)`` list.
IN_CHUNK = 900


def columns(model: type[Model], names: Sequence[str]) -> list[str]:
    """The database columns of ``model``'s fields ``names`` (a foreign key ends in ``_id``)."""
    fields: dict[str, Field] = model._meta.fields
    return [fields[n].column_name for n in names]


def allocate_ids(model: type[Model], count: int) -> list[int]:
    """``count`` new ids for ``model``'s table, inside the write transaction."""
    if count <= 0:
        return []
    table = model._meta.table_name
    if is_postgres():
        cursor = database.execute_sql(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            (table, count),
        )
        return [int(r[0]) for r in cursor.fetchall()]
    last = database.execute_sql(f'SELECT COALESCE(MAX(id), 0) FROM "{table}"').fetchone()[0]
    return list(range(int(last) + 1, int(last) + 1 + count))


def insert(model: type[Model], names: Sequence[str], rows: Sequence[Sequence[Any]]
           ) -> Iterator[int]:
    """Insert ``rows`` (values of the fields ``names``, in that order) into ``model``'s table;
    yields the number of rows written after each statement (for progress and kill points).
    SQLite: multi-row ``INSERT``; PostgreSQL: ``COPY`` (its client and server side both about
    twice as fast as an ``INSERT`` of the same rows)."""
    if not rows:
        return
    table = model._meta.table_name
    cols = ", ".join(f'"{c}"' for c in columns(model, names))
    cursor = database.cursor()
    if is_postgres():
        for start in range(0, len(rows), _COPY_ROWS):
            chunk = rows[start : start + _COPY_ROWS]
            text = "".join("\t".join(map(_copy_text, row)) + "\n" for row in chunk)
            cursor.copy_expert(f'COPY "{table}" ({cols}) FROM STDIN', io.StringIO(text))
            yield len(chunk)
        return
    param = database.obj.param
    one = "(" + ", ".join([param] * len(names)) + ")"
    per = max(1, min(_MAX_ROWS, _MAX_PARAMS // len(names)))
    head = f'INSERT INTO "{table}" ({cols}) VALUES '
    for start in range(0, len(rows), per):
        chunk = rows[start : start + per]
        cursor.execute(head + ", ".join([one] * len(chunk)), [v for row in chunk for v in row])
        yield len(chunk)


_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy_text(value: Any) -> str:
    """A value in ``COPY``'s text format."""
    if value is None:
        return "\\N"
    if value is True or value is False:
        return "t" if value else "f"
    if isinstance(value, str):
        return value.translate(_COPY_ESCAPES)
    if isinstance(value, dt.datetime):
        return value.isoformat(" ")
    return str(value)  # int, float, date


def update(model: type[Model], names: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """``UPDATE`` the fields ``names`` of rows given as (values..., id)."""
    if not rows:
        return
    param = database.obj.param
    sets = ", ".join(f'"{c}" = {param}' for c in columns(model, names))
    sql = f'UPDATE "{model._meta.table_name}" SET {sets} WHERE id = {param}'
    if is_postgres():  # psycopg2's executemany makes a round trip per row
        from psycopg2.extras import execute_batch

        execute_batch(database.cursor(), sql, list(rows), page_size=500)
    else:
        database.cursor().executemany(sql, list(rows))


def chunks(values: Sequence[Any], size: int = IN_CHUNK) -> Iterator[Sequence[Any]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def ids_by(field: Field, values: Iterable[Any]) -> dict[Any, int]:
    """``value -> id`` of the rows whose ``field`` holds one of ``values`` (raw SQL: peewee
    builds a query of 900 values ten times slower than the database answers it)."""
    model = field.model
    wanted = sorted(set(values))
    param = database.obj.param
    head = f'SELECT "{field.column_name}", id FROM "{model._meta.table_name}" WHERE '
    out: dict[Any, int] = {}
    for part in chunks(wanted):
        sql = head + f'"{field.column_name}" IN ({", ".join([param] * len(part))})'
        out.update({value: int(row_id) for value, row_id in database.execute_sql(sql, part)})
    return out


def ranges(ids: Iterable[int]) -> list[list[int]]:
    """``[[first, last], ...]`` of runs of consecutive ids (for an audit entry)."""
    out: list[list[int]] = []
    for i in sorted(ids):
        if out and i == out[-1][1] + 1:
            out[-1][1] = i
        else:
            out.append([i, i])
    return out


def record_many(
    actor: Actor, entries: Sequence[tuple[str, str, object, str, dict[str, Any] | None,
                                          dict[str, Any] | None]],
) -> None:
    """Append audit entries (aksi, tabel, rekaman_id, ringkasan, lama, baru) in one go, each
    chained to the one before as :func:`audit.record` chains it. Inside the write transaction
    (on PostgreSQL it holds the audit trail's lock, as ``audit.record`` takes it)."""
    if not entries:
        return
    last = JejakAudit.select(JejakAudit.hash).order_by(JejakAudit.id.desc()).first()
    prev = last.hash if last else audit.GENESIS
    stamp: dt.datetime = now()
    rows = []
    for aksi, tabel, rekaman_id, ringkasan, lama, baru in entries:
        entry = {
            "waktu": stamp,
            "pengguna": actor.user_id,
            "pelaku": actor.audit_name[:150],
            "aksi": aksi,
            "tabel": tabel,
            "rekaman_id": "" if rekaman_id is None else str(rekaman_id),
            "ringkasan": ringkasan,
            "data_lama": audit._dumps(lama),
            "data_baru": audit._dumps(baru),
        }
        digest = audit._row_hash(prev, entry)
        rows.append((*entry.values(), prev, digest))
        prev = digest
    names = ["waktu", "pengguna", "pelaku", "aksi", "tabel", "rekaman_id", "ringkasan",
             "data_lama", "data_baru", "hash_sebelum", "hash"]  # fmt: skip
    for _done in insert(JejakAudit, names, rows):
        pass
