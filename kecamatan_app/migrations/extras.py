"""Schema objects peewee models cannot declare: search indexes and audit guards.

This is the *current* form, used for new databases. A migration that changes any of it must make
the same change for existing databases in its ``schema`` step.
"""

from __future__ import annotations

import logging

from peewee import Database, PostgresqlDatabase, SqliteDatabase
from peewee import DatabaseError as PeeweeDatabaseError

from ..services.errors import DatabaseError

log = logging.getLogger(__name__)

#: Tables with a trigram full-text index on SQLite: (table, columns).
FTS_TABLES: list[tuple[str, tuple[str, ...]]] = [
    ("warga", ("nama", "alamat")),
    ("keluarga", ("kepala", "alamat")),
    ("pendaftar", ("nama", "alamat")),
]

#: PostgreSQL extensions the schema needs: ``citext`` for the name columns (models.base.NamaField),
#: ``pg_trgm`` for substring search. Both ship with PostgreSQL (``contrib``) and are "trusted"
#: since PostgreSQL 13: the owner of the database may create them, no superuser needed.
PG_EXTENSIONS: tuple[str, ...] = ("citext", "pg_trgm")

#: Name columns searched by prefix and substring on PostgreSQL.
PG_SEARCH_COLUMNS: list[tuple[str, str]] = [
    ("warga", "nama"),
    ("warga", "alamat"),
    ("keluarga", "kepala"),
    ("keluarga", "alamat"),
    ("pendaftar", "nama"),
    ("data_psks", "nama"),
]

_AUDIT_MESSAGE = "Jejak audit hanya dapat ditambah, tidak dapat diubah atau dihapus."


def sqlite_has_trigram(db: SqliteDatabase) -> bool:
    try:
        db.execute_sql("CREATE VIRTUAL TABLE temp._cek_trigram USING fts5(a, tokenize='trigram')")
        db.execute_sql("DROP TABLE temp._cek_trigram")
        return True
    except Exception:  # old SQLite without the trigram tokenizer (before 3.34)
        return False


def create_fts(db: SqliteDatabase, table: str, cols: tuple[str, ...]) -> None:
    fts = f"{table}_fts"
    col_list = ", ".join(cols)
    new_vals = ", ".join(f"new.{c}" for c in cols)
    old_vals = ", ".join(f"old.{c}" for c in cols)
    db.execute_sql(
        f"CREATE VIRTUAL TABLE {fts} USING fts5({col_list}, content='{table}', "
        f"content_rowid='id', tokenize='trigram')"
    )
    db.execute_sql(
        f"CREATE TRIGGER {fts}_ai AFTER INSERT ON {table} BEGIN "
        f"INSERT INTO {fts}(rowid, {col_list}) VALUES (new.id, {new_vals}); END"
    )
    db.execute_sql(
        f"CREATE TRIGGER {fts}_ad AFTER DELETE ON {table} BEGIN "
        f"INSERT INTO {fts}({fts}, rowid, {col_list}) VALUES ('delete', old.id, {old_vals}); END"
    )
    db.execute_sql(
        f"CREATE TRIGGER {fts}_au AFTER UPDATE OF {col_list} ON {table} BEGIN "
        f"INSERT INTO {fts}({fts}, rowid, {col_list}) VALUES ('delete', old.id, {old_vals}); "
        f"INSERT INTO {fts}(rowid, {col_list}) VALUES (new.id, {new_vals}); END"
    )
    db.execute_sql(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")


def create_pg_extensions(db: PostgresqlDatabase) -> None:
    """``CREATE EXTENSION`` of :data:`PG_EXTENSIONS`, before the tables (the name columns are
    ``citext``). A server without them, or a role that may not create them, gets a message
    that says what the server's administrator must do."""
    available = {r[0] for r in db.execute_sql(
        "SELECT name FROM pg_available_extensions WHERE name = ANY(%s)",
        (list(PG_EXTENSIONS),)).fetchall()}
    missing = [name for name in PG_EXTENSIONS if name not in available]
    if missing:
        raise DatabaseError(
            f"Server PostgreSQL tidak memiliki ekstensi {' dan '.join(missing)} yang diperlukan "
            "aplikasi ini. Pasang paket tambahan PostgreSQL di server (Debian/Ubuntu: "
            "postgresql-contrib; penginstal Windows sudah menyertakannya), lalu buka aplikasi "
            "lagi. Lihat docs/postgresql.md.")
    for name in PG_EXTENSIONS:
        try:
            with db.atomic():
                db.execute_sql(f"CREATE EXTENSION IF NOT EXISTS {name}")
        except PeeweeDatabaseError as exc:
            raise DatabaseError(
                f"Pengguna basis data ini tidak berhak memasang ekstensi PostgreSQL {name}. "
                "Minta pengelola server menjalankan, sebagai superuser di basis data ini: "
                + " ".join(f"CREATE EXTENSION IF NOT EXISTS {n};" for n in PG_EXTENSIONS)
                + " (PostgreSQL 13 ke atas mengizinkan pemilik basis data memasangnya sendiri; "
                "lihat docs/postgresql.md).") from exc


def create_extras(db: Database) -> None:
    if isinstance(db, SqliteDatabase):
        db.execute_sql(
            "CREATE TRIGGER jejak_audit_tanpa_ubah BEFORE UPDATE ON jejak_audit "
            f"BEGIN SELECT RAISE(ABORT, '{_AUDIT_MESSAGE}'); END"
        )
        db.execute_sql(
            "CREATE TRIGGER jejak_audit_tanpa_hapus BEFORE DELETE ON jejak_audit "
            f"BEGIN SELECT RAISE(ABORT, '{_AUDIT_MESSAGE}'); END"
        )
        if sqlite_has_trigram(db):
            for table, cols in FTS_TABLES:
                create_fts(db, table, cols)
        else:
            log.warning("SQLite tanpa tokenizer trigram: pencarian potongan nama memakai LIKE")
    elif isinstance(db, PostgresqlDatabase):
        db.execute_sql(
            "CREATE OR REPLACE FUNCTION jejak_audit_tolak() RETURNS trigger AS $$ BEGIN "
            # an integrity error, as SQLite's RAISE(ABORT) in a trigger is
            f"RAISE EXCEPTION '{_AUDIT_MESSAGE}' USING ERRCODE = 'restrict_violation'; END; "
            "$$ LANGUAGE plpgsql"
        )
        db.execute_sql(
            "CREATE TRIGGER jejak_audit_tanpa_ubah BEFORE UPDATE OR DELETE ON jejak_audit "
            "FOR EACH ROW EXECUTE FUNCTION jejak_audit_tolak()"
        )
        for table, col in PG_SEARCH_COLUMNS:
            # services/pencarian searches with ``lower(col) LIKE lower(pattern)``: a prefix is
            # served by the btree, a fragment by the trigram index.
            db.execute_sql(
                f"CREATE INDEX {table}_{col}_lower ON {table} (lower({col}) text_pattern_ops)"
            )
            db.execute_sql(
                f"CREATE INDEX {table}_{col}_trgm ON {table} USING gin (lower({col}) gin_trgm_ops)"
            )
