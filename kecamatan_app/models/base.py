"""The deferred database handle and the base model every table derives from."""

from __future__ import annotations

import datetime as dt
from typing import Any

from peewee import (
    AutoField,
    CharField,
    DatabaseProxy,
    DateTimeField,
    IntegerField,
    Model,
    SqliteDatabase,
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
    """A name column searched case-insensitively.

    On SQLite it is declared ``COLLATE NOCASE`` so that an ordinary index serves
    ``LIKE 'abc%'`` (SQLite's LIKE optimisation needs the column's collation to be NOCASE). On
    PostgreSQL the migration adds a ``lower(col) text_pattern_ops`` and a ``pg_trgm`` index instead.
    """

    def ddl(self, ctx: Any) -> Any:
        target = getattr(self.model._meta.database, "obj", self.model._meta.database)
        self.collation = "NOCASE" if isinstance(target, SqliteDatabase) else None
        return super().ddl(ctx)


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
