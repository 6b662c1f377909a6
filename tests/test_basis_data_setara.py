"""The same behaviour on SQLite and on PostgreSQL (issue 8): names compared, kept unique and
sorted without regard to case, search text taken literally, one writer at a time, the audit
trail's guard, naive date-times, migration steps. These run in both suites (plain, and with
``KECAMATAN_APP_TEST_PG``); the last tests are about PostgreSQL's own pieces (extensions, the
indexes the search uses, what a server without them says) and are skipped on SQLite."""

from __future__ import annotations

import datetime as dt
import os
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from peewee import IntegrityError, TextField
from playhouse.migrate import migrate as run_ops

from kecamatan_app import db as dbmod
from kecamatan_app.config import DatabaseTarget
from kecamatan_app.db import close_database, open_database
from kecamatan_app.migrations import LATEST, STEPS, Step, extras
from kecamatan_app.models import (
    Desa,
    JejakAudit,
    Kategori,
    KategoriAlias,
    VersiSkema,
    Warga,
    database,
)
from kecamatan_app.services import desa, pencarian, registri_cari
from kecamatan_app.services.context import Actor
from kecamatan_app.services.errors import DatabaseError
from kecamatan_app.services.tx import write
from tests.db_bantu import another_writer_can_start, is_postgres


def _desa_id() -> int:
    return int(Desa.select(Desa.id).order_by(Desa.id).first().id)


def _people(*names: str) -> list[int]:
    d = _desa_id()
    return [Warga.create(nama=n, jenis_kelamin="L", desa=d, alamat=f"Jl. {i}").id
            for i, n in enumerate(names)]


def _found(actor: Actor, teks: str) -> list[str]:
    return [r.nama for r in registri_cari.search(actor, registri_cari.SearchFilter(teks=teks))]


def test_names_match_without_regard_to_case(admin: Actor) -> None:
    # a desa by its name and by a known other spelling (an alias), in any case
    for text in ("gelumbang", "GELUMBANG", "Desa gelumbang"):
        hit = desa.resolve(text)
        assert hit is not None and hit.nama == "Gelumbang", text
    for text in ("melilian", "MELILIAN", "Melilian"):
        hit = desa.resolve(text)
        assert hit is not None and hit.kode == "16.03.06.2016", text
    assert Kategori.get(Kategori.nama == "anak balita telantar").kode == "01"


def test_a_name_differing_only_in_case_is_refused_by_the_database(admin: Actor) -> None:
    kat = Kategori.get(Kategori.kode == "01")
    KategoriAlias.create(kategori=kat, alias="Balita Terlantar Uji")
    with pytest.raises(IntegrityError), write():
        KategoriAlias.create(kategori=kat, alias="BALITA TERLANTAR UJI")
    assert KategoriAlias.select().where(KategoriAlias.alias == "balita terlantar uji").count() == 1


def test_names_sort_as_sqlite_sorts_them(admin: Actor) -> None:
    """SQLite's NOCASE folds A-Z to a-z and compares the bytes; the registry list (by name, then
    id) must come out the same on PostgreSQL."""
    names = ["zaenal", "Abdul", "abdul Rahman", "ABDUL", "Budi", "budiman", "_Garis", "[Kurung]",
             "Ani-Ani", "Ani Ani", "ani", "Zakaria", "Ani9", "Ani_"]
    ids = _people(*names)
    expected = [n for _key, _id, n in sorted(zip((n.lower() for n in names), ids, names,
                                                 strict=True))]
    assert _found(admin, "") == expected


def test_search_text_is_taken_literally(admin: Actor) -> None:
    _people("Toko 50% Jaya", "Toko 500 Jaya", "Nur_Aini", "NurXAini", "Back\\slash", "BackXslash")
    assert _found(admin, "50%") == ["Toko 50% Jaya"]
    assert _found(admin, "r_a") == ["Nur_Aini"]
    assert _found(admin, "k\\s") == ["Back\\slash"]
    assert _found(admin, "T%") == []  # a prefix (1-2 characters)
    assert _found(admin, "n_") == []
    assert _found(admin, "TOKO 5") == ["Toko 50% Jaya", "Toko 500 Jaya"]
    rows = Warga.select(Warga.nama).where(pencarian.contains(Warga.nama, "0% j"))
    assert [w.nama for w in rows] == ["Toko 50% Jaya"]
    rows = Warga.select(Warga.nama).where(pencarian.startswith(Warga.nama, "nur_"))
    assert [w.nama for w in rows] == ["Nur_Aini"]


def test_one_writer_at_a_time(office: Any, db_target: DatabaseTarget) -> None:
    """A write transaction holds the write lock from its start to its commit (SQLite: BEGIN
    IMMEDIATE; PostgreSQL: services/tx.PG_WRITE_LOCK), so a check made inside it (the month
    lock, a version, a name taken) still holds when it commits. Reading is never blocked."""
    assert another_writer_can_start(db_target)
    with write():
        assert not another_writer_can_start(db_target)
        assert Desa.select().count() == 23  # this connection reads and writes on
    assert another_writer_can_start(db_target)


def test_the_audit_trail_refuses_edits_with_an_integrity_error(office: Any) -> None:
    entry = JejakAudit.select().first()
    with pytest.raises(IntegrityError, match="tidak dapat diubah"):
        JejakAudit.update(ringkasan="diubah").where(JejakAudit.id == entry.id).execute()
    with pytest.raises(IntegrityError, match="tidak dapat diubah"):
        JejakAudit.delete().where(JejakAudit.id == entry.id).execute()


def test_date_times_are_naive_local_times(admin: Actor) -> None:
    entry = JejakAudit.select().order_by(JejakAudit.id.desc()).first()
    assert entry.waktu.tzinfo is None
    assert abs(entry.waktu - dt.datetime.now()) < dt.timedelta(minutes=5)
    wid = _people("Tanggal Uji")[0]
    Warga.update(tanggal_lahir=dt.date(1990, 2, 28)).where(Warga.id == wid).execute()
    assert Warga.get_by_id(wid).tanggal_lahir == dt.date(1990, 2, 28)


# -- migration steps ------------------------------------------------------------------------


def _fake_steps(monkeypatch: pytest.MonkeyPatch, schema: Any) -> None:
    steps = [*STEPS, Step(LATEST + 1, "uji", schema, None)]
    monkeypatch.setattr(dbmod, "STEPS", steps)
    monkeypatch.setattr(dbmod, "LATEST", LATEST + 1)


def _columns(table: str) -> list[str]:
    return [c.name for c in database.get_columns(table)]


def test_an_upgrade_step_runs_once(monkeypatch: pytest.MonkeyPatch,
                                   db_target: DatabaseTarget) -> None:
    open_database(db_target)
    close_database()

    def add_column(db: Any, migrator: Any) -> None:
        run_ops(migrator.add_column("kantor", "catatan_uji", TextField(default="")))

    _fake_steps(monkeypatch, add_column)
    open_database(db_target)
    assert "catatan_uji" in _columns("kantor")
    assert VersiSkema.get().versi == LATEST + 1
    close_database()
    open_database(db_target)  # already at the new version: the step does not run again
    assert VersiSkema.select().count() == 1
    close_database()


def test_a_failed_step_leaves_the_database_as_it_was(monkeypatch: pytest.MonkeyPatch,
                                                     db_target: DatabaseTarget) -> None:
    open_database(db_target)
    before = _columns("kantor")
    close_database()

    def half_then_fail(db: Any, migrator: Any) -> None:
        run_ops(migrator.add_column("kantor", "catatan_uji", TextField(default="")))
        raise RuntimeError("gagal di tengah")

    _fake_steps(monkeypatch, half_then_fail)
    with pytest.raises(RuntimeError):
        open_database(db_target)
    close_database()
    monkeypatch.undo()
    open_database(db_target)
    assert _columns("kantor") == before
    assert VersiSkema.get().versi == LATEST
    close_database()


# -- PostgreSQL's own pieces ----------------------------------------------------------------

PG_SERVER = os.environ.get("KECAMATAN_APP_TEST_PG", "").rstrip("/")
needs_pg = pytest.mark.skipif(not PG_SERVER, reason="hanya PostgreSQL (KECAMATAN_APP_TEST_PG)")


def _plan(query: Any) -> str:
    sql, params = query.sql()
    database.execute_sql("SET enable_seqscan = off")  # the test tables are tiny
    try:
        return "\n".join(r[0] for r in database.execute_sql("EXPLAIN " + sql, params))
    finally:
        database.execute_sql("RESET enable_seqscan")


@needs_pg
def test_the_search_uses_the_name_indexes(admin: Actor) -> None:
    assert is_postgres()
    _people("Sumarni binti Ahmad", "Sulastri")
    fragment = _plan(registri_cari._filtered(admin, registri_cari.SearchFilter(teks="rni bin")))
    assert "warga_nama_trgm" in fragment and "warga_alamat_trgm" in fragment, fragment
    prefix = _plan(registri_cari._filtered(admin, registri_cari.SearchFilter(teks="su")))
    assert "warga_nama_lower" in prefix, prefix
    by_name = _plan(Warga.select().where(Warga.nama == "sulastri"))
    assert "warga_nama" in by_name, by_name


@needs_pg
def test_a_fragment_reads_its_matches_first_and_pages_them_by_name(admin: Actor) -> None:
    """On PostgreSQL a fragment's page comes from all its matches (a MATERIALIZED CTE over the
    trigram indexes), then by name and id: the same rows, in the same order and pages, as the
    plain "by name, first n" query, also for names that sort last."""
    names = [f"Zubaidah {i:02d}" for i in range(7)] + [f"Ani Zubair {i}" for i in range(5)] + [
        "Budi", "Abdul Zubaid", "zubaIDA", "Siti"]
    _people(*names)
    f = registri_cari.SearchFilter(teks="zuba")
    plain = list(registri_cari._filtered(admin, f).order_by(Warga.nama, Warga.id))
    assert len(plain) == 14
    pages = [registri_cari.search(admin, f, offset, 5) for offset in (0, 5, 10, 15)]
    assert [[r.id for r in p] for p in pages] == [[w.id for w in plain[i:i + 5]]
                                                  for i in (0, 5, 10, 15)]
    assert registri_cari._matches_first(f)
    assert not registri_cari._matches_first(registri_cari.SearchFilter())  # the whole list
    assert not registri_cari._matches_first(registri_cari.SearchFilter(teks="zu"))
    assert not registri_cari._matches_first(registri_cari.SearchFilter(teks="1603 06"))


@pytest.fixture
def empty_pg(data_dir: Any) -> Iterator[tuple[Any, str]]:
    """An empty database on the test server (as an office's administrator creates it) and an
    admin connection to the server; both dropped afterwards."""
    import psycopg2

    admin = psycopg2.connect(f"{PG_SERVER}/postgres")
    admin.autocommit = True
    name = "uji_kosong_" + uuid.uuid4().hex[:12]
    with admin.cursor() as cur:
        cur.execute(f"CREATE DATABASE {name} TEMPLATE template0")
    try:
        yield admin, name
    finally:
        close_database()
        with admin.cursor() as cur:
            cur.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        admin.close()


@needs_pg
def test_a_server_without_the_extensions_says_what_to_install(
        empty_pg: tuple[Any, str], monkeypatch: pytest.MonkeyPatch) -> None:
    _admin, name = empty_pg
    monkeypatch.setattr(extras, "PG_EXTENSIONS", (*extras.PG_EXTENSIONS, "ekstensi_uji"))
    with pytest.raises(DatabaseError, match="ekstensi ekstensi_uji") as err:
        open_database(DatabaseTarget.parse(f"{PG_SERVER}/{name}"))
    assert "postgresql-contrib" in str(err.value) and "docs/postgresql.md" in str(err.value)
    monkeypatch.undo()
    # nothing was left half-made: with the extensions there, the schema is created now
    open_database(DatabaseTarget.parse(f"{PG_SERVER}/{name}"))
    assert VersiSkema.get().versi == LATEST


@needs_pg
def test_the_owner_of_the_database_needs_no_superuser(empty_pg: tuple[Any, str]) -> None:
    """As docs/postgresql.md sets it up: a login role that owns the database (PostgreSQL 13+
    lets it create the trusted extensions citext and pg_trgm); a role without the right to
    create in the database is told what the administrator must run."""
    admin, name = empty_pg
    owner, guest = f"uji_pemilik_{name[-6:]}", f"uji_tamu_{name[-6:]}"
    with admin.cursor() as cur:
        cur.execute(f"CREATE ROLE {owner} LOGIN")
        cur.execute(f"CREATE ROLE {guest} LOGIN")
        cur.execute(f"ALTER DATABASE {name} OWNER TO {owner}")
    host = PG_SERVER.split("@", 1)[-1]
    try:
        with pytest.raises(DatabaseError, match="tidak berhak memasang ekstensi") as err:
            open_database(DatabaseTarget.parse(f"postgresql://{guest}@{host}/{name}"))
        assert "CREATE EXTENSION IF NOT EXISTS citext;" in str(err.value)
        close_database()
        open_database(DatabaseTarget.parse(f"postgresql://{owner}@{host}/{name}"))
        assert VersiSkema.get().versi == LATEST
        close_database()
    finally:
        with admin.cursor() as cur:
            cur.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
            cur.execute(f"DROP ROLE IF EXISTS {owner}")
            cur.execute(f"DROP ROLE IF EXISTS {guest}")


@needs_pg
def test_an_unreachable_server_or_a_missing_database_gets_a_message(data_dir: Any) -> None:
    with pytest.raises(DatabaseError, match="belum ada di server"):
        open_database(DatabaseTarget.parse(f"{PG_SERVER}/tidak_ada_{uuid.uuid4().hex[:8]}"))
    with pytest.raises(DatabaseError, match="Tidak dapat tersambung ke server"):
        open_database(DatabaseTarget.parse("postgresql://kantor@127.0.0.1:9/kecamatan"))
    host = PG_SERVER.split("@", 1)[-1]
    with pytest.raises(DatabaseError, match="Tidak dapat tersambung ke server"):  # no such user
        open_database(DatabaseTarget.parse(f"postgresql://tidak_ada_{uuid.uuid4().hex[:8]}@{host}"
                                           "/postgres"))
    with pytest.raises(DatabaseError, match="belum menyebut nama basis data"):
        open_database(DatabaseTarget.parse(PG_SERVER))
