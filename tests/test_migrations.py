"""Every database made by an earlier version opens and upgrades to the same schema as a new one."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from kecamatan_app.config import DatabaseTarget
from kecamatan_app.db import close_database, open_database
from kecamatan_app.migrations import LATEST, STEPS
from kecamatan_app.models import Pengguna

#: The databases of earlier versions are SQLite files, compared through sqlite_master. On
#: PostgreSQL, tests/test_basis_data_setara.py runs an upgrade step and a failed one.
pytestmark = pytest.mark.sqlite_only

FIXTURES = sorted((Path(__file__).parent / "fixtures" / "db").glob("v*.sqlite3"))


def schema_of(path: Path) -> dict[str, object]:
    con = sqlite3.connect(path)
    try:
        out: dict[str, object] = {}
        objects = con.execute(
            "SELECT type, name, tbl_name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' "
            "ORDER BY type, name").fetchall()
        out["objects"] = objects
        for kind, name, _ in objects:
            if kind == "table" and not name.endswith(("_data", "_idx", "_docsize", "_config")):
                cols = con.execute(f'PRAGMA table_info("{name}")').fetchall()
                out[f"cols:{name}"] = sorted((c[1], c[2].upper(), c[3], c[5]) for c in cols)
                fks = con.execute(f'PRAGMA foreign_key_list("{name}")').fetchall()
                out[f"fks:{name}"] = sorted((f[2], f[3], f[4], f[6]) for f in fks)
            if kind == "index":
                out[f"idx:{name}"] = [r[2] for r in con.execute(f'PRAGMA index_info("{name}")')]
        out["user_version"] = con.execute("PRAGMA user_version").fetchone()[0]
        return out
    finally:
        con.close()


def test_steps_are_numbered_in_order():
    assert [s.version for s in STEPS] == list(range(1, LATEST + 1))


def test_there_is_a_fixture_for_every_version_before_the_latest():
    versions = {int(p.stem[1:]) for p in FIXTURES}
    assert set(range(1, LATEST)) <= versions, "keep a fixture of every earlier schema version"


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda p: p.stem)
def test_old_database_upgrades_to_the_schema_of_a_new_one(fixture: Path, tmp_path: Path,
                                                          data_dir: Path):
    fresh = DatabaseTarget.parse(tmp_path / "baru.sqlite3")
    open_database(fresh)
    close_database()

    old = tmp_path / "lama" / "kecamatan.sqlite3"
    old.parent.mkdir()
    shutil.copy(fixture, old)
    target = DatabaseTarget.parse(old)
    open_database(target)
    users_before = [u.nama_pengguna for u in Pengguna.select().order_by(Pengguna.id)]
    close_database()

    assert schema_of(old) == schema_of(fresh.path)
    assert "admin" in users_before
    from_version = int(fixture.stem[1:])
    copies = list((old.parent / "cadangan").glob("sebelum-migrasi-*.sqlite3"))
    assert bool(copies) == (from_version < LATEST), "a copy is taken before migrating"


def _fake_steps(monkeypatch: pytest.MonkeyPatch, schema) -> None:
    from kecamatan_app import db as dbmod
    from kecamatan_app.migrations import Step

    steps = [*STEPS, Step(LATEST + 1, "uji", schema, None)]
    monkeypatch.setattr(dbmod, "STEPS", steps)
    monkeypatch.setattr(dbmod, "LATEST", LATEST + 1)


def test_upgrade_step_runs_once_with_a_copy_first(monkeypatch, tmp_path, data_dir):
    from peewee import TextField
    from playhouse.migrate import migrate as run_ops

    target = DatabaseTarget.parse(tmp_path / "k.sqlite3")
    open_database(target)
    close_database()

    def add_column(db, migrator):
        run_ops(migrator.add_column("kantor", "catatan_uji", TextField(default="")))

    _fake_steps(monkeypatch, add_column)
    open_database(target)
    close_database()
    con = sqlite3.connect(target.path)
    cols = [c[1] for c in con.execute("PRAGMA table_info(kantor)")]
    version = con.execute("SELECT versi FROM versi_skema").fetchone()[0]
    con.close()
    assert "catatan_uji" in cols and version == LATEST + 1
    copies = list((tmp_path / "cadangan").glob(f"sebelum-migrasi-v{LATEST}-ke-v{LATEST + 1}-*"))
    assert len(copies) == 1
    con = sqlite3.connect(copies[0])
    assert "catatan_uji" not in [c[1] for c in con.execute("PRAGMA table_info(kantor)")]
    con.close()
    open_database(target)  # already at the new version: no second copy
    close_database()
    assert len(list((tmp_path / "cadangan").iterdir())) == 1


def test_failed_step_leaves_the_database_as_it_was(monkeypatch, tmp_path, data_dir):
    from peewee import TextField
    from playhouse.migrate import migrate as run_ops

    target = DatabaseTarget.parse(tmp_path / "k.sqlite3")
    open_database(target)
    close_database()
    before = schema_of(target.path)

    def half_then_fail(db, migrator):
        run_ops(migrator.add_column("kantor", "catatan_uji", TextField(default="")))
        raise RuntimeError("gagal di tengah")

    _fake_steps(monkeypatch, half_then_fail)
    with pytest.raises(RuntimeError):
        open_database(target)
    close_database()
    assert schema_of(target.path) == before
