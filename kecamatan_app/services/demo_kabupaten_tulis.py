"""Bulk rows for the kabupaten demo (:mod:`demo_kabupaten`): hundreds of thousands of rows in one
write transaction per kecamatan, through the raw cursor.

Measured on our 2-core machine (docs/performance.md): peewee ``insert_many`` is about 4x slower
than ``executemany``; on SQLite a table with an FTS5 trigram index (``warga``, ``keluarga``: its
``AFTER INSERT`` trigger keeps the index) takes 12 s for 200,000 rows inserted one statement a
row, but 1.7 s when the rows go first into a TEMP staging table and then into the table with one
``INSERT ... SELECT`` (the trigger still fires per row, so the search index stays exact); on
PostgreSQL ``COPY`` is 4x faster than ``execute_values`` (most of the rest is index upkeep).

Ids are given explicitly, from the table's current maximum (the caller holds the write lock:
``tx.write()``), so children can refer to their parents without reading ids back; on
PostgreSQL :meth:`Penulis.selesai` moves each id sequence past the rows written, so the services
that insert afterwards get fresh ids.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Sequence
from typing import Any

from ..models import database
from .tx import is_postgres

#: Tables whose FTS5 trigger makes one-statement-a-row inserts slow on SQLite (extras.FTS_TABLES).
_FTS = frozenset({"warga", "keluarga", "pendaftar"})
_CHUNK = 20_000


def _sqlite_rows(rows: list[Sequence[Any]]) -> list[Sequence[Any]]:
    """Dates, times and datetimes as the text peewee itself stores (ISO; a datetime as
    "YYYY-MM-DD HH:MM:SS"). Only the columns that hold them are touched (a Python call for each
    of the demo's 7 million values was the bulk path's largest cost in the profile)."""
    width = len(rows[0])
    sample = [next((r[i] for r in rows if r[i] is not None), None) for i in range(width)]
    cols = [i for i, v in enumerate(sample) if isinstance(v, (dt.date, dt.time))]
    if not cols:
        return rows
    out: list[Sequence[Any]] = []
    for r in rows:
        row = list(r)
        for i in cols:
            v = row[i]
            if v is not None:
                row[i] = v.isoformat(sep=" ") if isinstance(v, dt.datetime) else v.isoformat()
        out.append(row)
    return out


_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy_value(v: Any) -> str:
    if v is None:
        return "\\N"
    if v is True:
        return "t"
    if v is False:
        return "f"
    if isinstance(v, str):
        return v.translate(_COPY_ESCAPES)
    if isinstance(v, dt.datetime):
        return v.isoformat(sep=" ")
    return str(v)


class Penulis:
    """Writes rows with explicit ids inside the caller's ``tx.write()`` block."""

    def __init__(self) -> None:
        self.pg = is_postgres()
        self.cursor = database.cursor()
        self._next: dict[str, int] = {}

    def ids(self, table: str, n: int) -> range:
        """``n`` fresh ids of ``table`` (numbered on from the largest one in use)."""
        if table not in self._next:
            row = database.execute_sql(f"SELECT COALESCE(MAX(id), 0) FROM {table}").fetchone()
            self._next[table] = int(row[0]) + 1
        start = self._next[table]
        self._next[table] = start + n
        return range(start, start + n)

    def tulis(self, table: str, cols: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
        """Insert ``rows`` (values in the order of ``cols``, ``id`` included when the caller
        numbered them); returns how many."""
        rows = list(rows)
        if not rows:
            return 0
        if self.pg:
            self._copy(table, cols, rows)
        else:
            self._sqlite(table, cols, rows)
        return len(rows)

    def _sqlite(self, table: str, cols: Sequence[str], rows: list[Sequence[Any]]) -> None:
        names = ", ".join(cols)
        marks = ", ".join("?" * len(cols))
        target = table
        if table in _FTS:
            target = f"temp._massal_{table}"
            self.cursor.execute(f"DROP TABLE IF EXISTS {target}")
            self.cursor.execute(f"CREATE TEMP TABLE _massal_{table} AS SELECT {names} FROM "
                                f"main.{table} WHERE 0")
        sql = f"INSERT INTO {target} ({names}) VALUES ({marks})"
        rows = _sqlite_rows(rows)
        for start in range(0, len(rows), _CHUNK):
            self.cursor.executemany(sql, rows[start:start + _CHUNK])
        if table in _FTS:
            self.cursor.execute(f"INSERT INTO main.{table} ({names}) SELECT {names} FROM {target}")
            self.cursor.execute(f"DROP TABLE {target}")

    def _copy(self, table: str, cols: Sequence[str], rows: list[Sequence[Any]]) -> None:
        buf = io.StringIO()
        for r in rows:
            buf.write("\t".join(_copy_value(v) for v in r))
            buf.write("\n")
        buf.seek(0)
        self.cursor.copy_expert(f"COPY {table} ({', '.join(cols)}) FROM STDIN", buf)

    def selesai(self) -> None:
        """PostgreSQL: move the id sequences past the rows written (call before the commit)."""
        if not self.pg:
            return
        for table in self._next:
            self.cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT COALESCE(MAX(id), 1) FROM {table}))")
