"""Ordered schema migrations.

A new database is created from the current models (``create_tables`` plus ``extras``) and then
every step's ``data`` runs, so it ends at :data:`LATEST`. An existing database at version *v* runs
``schema`` then ``data`` of each step after *v*, each step in its own transaction, with a copy of
the file taken first. ``tests/test_migrations.py`` checks that both paths give the same schema,
on databases kept in ``tests/fixtures/db`` from every earlier version.

Rules for a new step (see docs/developer-guide.md): add ``mNNNN_name.py`` with ``VERSION``,
``NAME``, ``schema(db, migrator)`` (for upgrades only: the fresh path already has the new models)
and ``data(db)`` (both paths). ``data`` must not use model classes whose later columns may not
exist yet: write with explicit columns. Never edit a step that has shipped.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from peewee import Database
from playhouse.migrate import SchemaMigrator

from . import (
    m0001_awal,
    m0002_kemiskinan,
    m0003_kegiatan,
    m0004_paket,
    m0005_lampiran_isi,
    m0006_indeks_kegiatan,
)


@dataclass(frozen=True)
class Step:
    version: int
    name: str
    schema: Callable[[Database, SchemaMigrator], None] | None
    data: Callable[[Database], None] | None


STEPS: list[Step] = [
    Step(m0001_awal.VERSION, m0001_awal.NAME, None, m0001_awal.data),
    Step(m0002_kemiskinan.VERSION, m0002_kemiskinan.NAME, m0002_kemiskinan.schema,
         m0002_kemiskinan.data),
    Step(m0003_kegiatan.VERSION, m0003_kegiatan.NAME, m0003_kegiatan.schema, m0003_kegiatan.data),
    Step(m0004_paket.VERSION, m0004_paket.NAME, m0004_paket.schema, m0004_paket.data),
    Step(m0005_lampiran_isi.VERSION, m0005_lampiran_isi.NAME, m0005_lampiran_isi.schema,
         m0005_lampiran_isi.data),
    Step(m0006_indeks_kegiatan.VERSION, m0006_indeks_kegiatan.NAME,
         m0006_indeks_kegiatan.schema, m0006_indeks_kegiatan.data),
]

LATEST: int = STEPS[-1].version

assert [s.version for s in STEPS] == list(range(1, LATEST + 1)), "steps must be 1..N in order"
