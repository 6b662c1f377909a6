"""The deferred database handle and the base model every table derives from."""

from __future__ import annotations

import datetime as dt
from typing import Any

from peewee import (
    SQL,
    AutoField,
    CharField,
    DatabaseProxy,
    DateTimeField,
    Field,
    IntegerField,
    Model,
    PostgresqlDatabase,
)

#: One deferred database object; ``kecamatan_app.db.open_database`` initialises it for the app,
#: the CLI, the tests and the selftest alike.
database = DatabaseProxy()


def now() -> dt.datetime:
    """Local wall-clock time without microseconds (what a clerk reads on screen)."""
    return dt.datetime.now().replace(microsecond=0)


def fk(instance: Model, name: str) -> Any:
    """The raw id stored in foreign key ``name`` (no query), e.g. ``fk(berkas, "pendaftar")``."""
    return instance.__data__.get(name)


class NamaField(CharField):
    """A name column compared, made unique and sorted case-insensitively on both databases.

    SQLite: ``VARCHAR(n) COLLATE NOCASE``, so ``==``, ``UNIQUE`` and ``ORDER BY`` ignore ASCII
    case and an ordinary index serves ``LIKE 'abc%'`` (SQLite's LIKE optimisation needs the
    column's collation to be NOCASE). PostgreSQL: ``CITEXT`` (the ``citext`` extension, created
    with the schema) with a ``CHECK`` on the length: ``==``, ``UNIQUE``, ``GROUP BY`` and
    ``ORDER BY`` compare ``lower()`` of the text, which in a C/C.UTF-8 database sorts as NOCASE
    does. Searches go through ``services/pencarian`` (``lower(col) LIKE``), served by the
    ``lower(col)`` indexes of ``migrations/extras``.
    """

    def ddl_datatype(self, ctx: Any) -> Any:
        if _is_postgres(self):
            return SQL("CITEXT")
        return super().ddl_datatype(ctx)

    def ddl(self, ctx: Any) -> Any:
        postgres = _is_postgres(self)
        self.collation = None if postgres else "NOCASE"
        node = super().ddl(ctx)
        if postgres and self.max_length:
            column = self.column_name.replace('"', '""')
            node.nodes.append(SQL(f'CHECK (char_length("{column}") <= {int(self.max_length)})'))
        return node


def _is_postgres(field: Field) -> bool:
    target = getattr(field.model._meta.database, "obj", field.model._meta.database)
    return isinstance(target, PostgresqlDatabase)


class BaseModel(Model):
    id = AutoField()

    class Meta:
        database = database
        legacy_table_names = False


class TimestampedModel(BaseModel):
    """Rows a clerk edits: when they were made and last changed, and a version for edit races."""

    dibuat_pada = DateTimeField(default=now)
    diubah_pada = DateTimeField(default=now)
    #: Bumped by every service update; an update that finds another value was overtaken by
    #: someone else's edit and is refused (the last writer must not silently win).
    versi = IntegerField(default=1)

    def save(self, *args: Any, **kwargs: Any) -> Any:
        self.diubah_pada = now()
        return super().save(*args, **kwargs)
