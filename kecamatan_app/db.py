"""The database handle: connection settings, schema version and migrations.

Durability choice (SQLite): WAL journal with ``synchronous=FULL``. Every committed transaction is
on disk before the app reports success, so a power cut loses nothing a clerk saw saved; WAL lets the
GUI read while a worker writes. The cost is one extra fsync per commit, which is small for office
data entry (bulk imports are one transaction each). ``foreign_keys=ON`` and a 5 s busy timeout.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import re
import sqlite3
from pathlib import Path
from typing import Any

from peewee import Database, PostgresqlDatabase, SqliteDatabase
from peewee import DatabaseError as PeeweeDatabaseError
from playhouse.migrate import SchemaMigrator

from . import __version__
from .config import DatabaseTarget
from .migrations import LATEST, STEPS
from .migrations.extras import create_extras, create_pg_extensions
from .models import ALL_MODELS, VersiSkema, database
from .models.versi import APP_MARK
from .services.errors import DatabaseError
from .services.tx import is_busy

log = logging.getLogger(__name__)

#: ``PRAGMA application_id`` of our SQLite files ("KTKS"), readable without any table.
APPLICATION_ID = 0x4B544B53
SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 5000

_current: DatabaseTarget | None = None


def current_target() -> DatabaseTarget:
    """The database the models are bound to (its attachments folder lives beside it)."""
    if _current is None:
        raise DatabaseError("Basis data belum dibuka.")
    return _current


def _sqlite(path: Path) -> SqliteDatabase:
    return SqliteDatabase(
        str(path),
        pragmas={
            "journal_mode": "wal",
            "synchronous": "full",
            "foreign_keys": 1,
            "busy_timeout": BUSY_TIMEOUT_MS,
        },
        timeout=BUSY_TIMEOUT_MS / 1000,
        # Transactions take the write lock at BEGIN: two writers never interleave a read of the
        # audit chain's last hash with each other's insert.
        lock_type="IMMEDIATE",
    )


class AppPostgresqlDatabase(PostgresqlDatabase):
    """PostgreSQL with the app's session settings.

    ``lock_timeout``: a save that waits for a lock held by another PC's transaction gives up after
    :data:`BUSY_TIMEOUT_MS`, as SQLite's busy timeout does, and the user gets the same "sedang
    dipakai" message (``services/tx.write``) instead of a window that hangs."""

    def __init__(self, database: str, *, lock_timeout_ms: int, **kwargs: Any) -> None:
        super().__init__(database, **kwargs)
        self.lock_timeout_ms = int(lock_timeout_ms)

    def _initialize_connection(self, conn: object) -> None:
        with conn.cursor() as cur:  # type: ignore[attr-defined]
            cur.execute(f"SET lock_timeout = {self.lock_timeout_ms}")


def _postgres(url: str) -> PostgresqlDatabase:
    """``postgresql://user:password@host:port/name?sslmode=...``; user and password may be
    percent-encoded (``%40`` for ``@``); a password may also come from ``pgpass``."""
    from playhouse.db_url import parse

    params = parse(url.replace("postgres://", "postgresql://", 1),
                   unquote_password=True, unquote_user=True)
    name = params.pop("database", "")
    if not name:
        raise DatabaseError(
            "Alamat PostgreSQL belum menyebut nama basis data, contoh: "
            "postgresql://pengguna@server:5432/kecamatan")
    params.setdefault("connect_timeout", 10)  # an unreachable server: a message, not a hang
    return AppPostgresqlDatabase(name, lock_timeout_ms=BUSY_TIMEOUT_MS, **params)


def _check_sqlite_file(path: Path) -> None:
    if path.is_dir():
        raise DatabaseError(
            f"{path} adalah folder, bukan berkas basis data. Pilih berkas .sqlite3.")
    if path.exists() and path.stat().st_size > 0:
        with path.open("rb") as fh:
            header = fh.read(16)
        if header != SQLITE_HEADER:
            raise DatabaseError(
                f"Berkas {path} bukan basis data aplikasi ini (bukan berkas SQLite). "
                "Pilih berkas basis data yang benar, atau pulihkan dari cadangan."
            )
        if not os.access(path, os.W_OK):
            raise DatabaseError(
                f"Berkas basis data {path} hanya dapat dibaca (read-only). Minta hak tulis atas "
                "berkas itu, atau salin ke folder Anda sendiri lalu buka salinannya."
            )
    folder = path.parent
    if not folder.exists():
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DatabaseError(
                f"Folder data {folder} tidak dapat dibuat ({exc.strerror}). Pilih folder lain."
            ) from exc
    if not os.access(folder, os.W_OK):
        raise DatabaseError(
            f"Folder {folder} tidak dapat ditulisi. Aplikasi memerlukan hak tulis di folder "
            "basis data (untuk jurnal WAL dan cadangan). Pindahkan basis data ke folder Anda."
        )


def connect(target: DatabaseTarget) -> Database:
    """A database object for the target, not yet opened, schema not checked."""
    if target.kind == "postgresql":
        return _postgres(target.location)
    _check_sqlite_file(target.path)
    return _sqlite(target.path)


def _translate_operational(exc: Exception, target: DatabaseTarget) -> DatabaseError:
    text = str(exc).lower()
    if is_busy(exc):
        return DatabaseError(
            "Basis data sedang dikunci oleh program lain (mungkin aplikasi ini terbuka di "
            "komputer lain). Tutup program itu lalu coba lagi."
        )
    if "readonly" in text or "read-only" in text:
        return DatabaseError(
            f"Basis data {target.label} hanya dapat dibaca. Minta hak tulis atau pilih berkas lain."
        )
    if "not a database" in text or "malformed" in text or "file is encrypted" in text:
        return DatabaseError(
            f"Berkas {target.label} rusak atau bukan basis data aplikasi ini. "
            "Pulihkan dari cadangan (menu Pengaturan > Cadangan) atau pilih berkas lain."
        )
    if "no pg_hba.conf entry" in text:
        return DatabaseError(
            f"Server basis data {target.label} menolak komputer ini: pengelola server perlu "
            "mengizinkan jaringan kantor di pg_hba.conf (lihat docs/postgresql.md)."
        )
    if "does not exist" in text and 'database "' in text:
        return DatabaseError(
            f"Basis data {target.label} belum ada di server. Buat dulu basis data kosong "
            "(createdb, lihat docs/postgresql.md); aplikasi mengisi tabelnya pada awal pakai."
        )
    if any(t in text for t in ("could not connect", "connection refused", "authentication",
                               "timeout expired", "could not translate host name",
                               "role \"", "no password supplied")):
        return DatabaseError(
            f"Tidak dapat tersambung ke server basis data {target.label}: periksa alamat, "
            "nama pengguna, kata sandi dan apakah server menyala."
        )
    return DatabaseError(f"Basis data {target.label} tidak dapat dibuka: {exc}")


def table_names(db: Database) -> set[str]:
    return set(db.get_tables())


def current_version(db: Database) -> int | None:
    """The schema version, or None for an empty database. Raises for a foreign database."""
    tables = table_names(db)
    if isinstance(db, SqliteDatabase):
        app_id = db.execute_sql("PRAGMA application_id").fetchone()[0]
        if app_id not in (0, APPLICATION_ID):
            raise DatabaseError(
                "Berkas ini adalah basis data program lain, bukan Kecamatan TKSK. "
                "Pilih berkas basis data yang benar."
            )
    if "versi_skema" not in tables:
        if tables:
            raise DatabaseError(
                "Basis data ini berisi tabel yang bukan milik aplikasi Kecamatan TKSK. "
                "Pilih berkas lain atau buat basis data baru."
            )
        return None
    row = VersiSkema.select().order_by(VersiSkema.id.desc()).first()
    if row is None or row.aplikasi != APP_MARK:
        raise DatabaseError("Basis data ini bukan milik aplikasi Kecamatan TKSK.")
    return int(row.versi)


def _set_version(db: Database, version: int) -> None:
    VersiSkema.delete().execute()
    VersiSkema.create(versi=version, versi_aplikasi=__version__)
    if isinstance(db, SqliteDatabase):
        db.execute_sql(f"PRAGMA user_version = {int(version)}")


def create_schema(db: Database) -> None:
    """Create a new database at the latest version, in one transaction."""
    with db.atomic():
        if isinstance(db, SqliteDatabase):
            db.execute_sql(f"PRAGMA application_id = {APPLICATION_ID}")
        elif isinstance(db, PostgresqlDatabase):
            create_pg_extensions(db)
        db.create_tables(ALL_MODELS)
        create_extras(db)
        for step in STEPS:
            if step.data:
                step.data(db)
        _set_version(db, LATEST)
    log.info("Basis data baru dibuat pada versi skema %s", LATEST)


def backup_sqlite(db: SqliteDatabase, dest: Path) -> Path:
    """A consistent copy through SQLite's online backup API, written to .tmp then moved."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(dest.name + ".tmp")
    target = sqlite3.connect(str(tmp))
    try:
        db.connection().backup(target)
    finally:
        target.close()
    os.replace(tmp, dest)
    return dest


_STAMP = re.compile(r"(\d{8}-\d{6})")


def prune_copies(folder: Path, pattern: str, keep: int) -> list[Path]:
    """Delete all but the newest ``keep`` (at least 1) files of ``folder`` matching ``pattern``;
    newest by the ``YYYYMMDD-HHMMSS`` stamp in the name, then by modification time."""

    def age(path: Path) -> tuple[str, float]:
        match = _STAMP.search(path.name)
        try:
            mtime = path.stat().st_mtime
        except OSError:
            mtime = 0.0
        return (match.group(1) if match else "", mtime)

    try:
        files = sorted((p for p in folder.glob(pattern) if p.is_file()), key=age, reverse=True)
    except OSError:
        return []
    removed: list[Path] = []
    for old in files[max(keep, 1):]:
        try:
            old.unlink()
            removed.append(old)
        except OSError as exc:
            log.warning("Cadangan lama %s tidak dapat dihapus: %s", old, exc)
    return removed


def _copies_to_keep(db: Database) -> int:
    """Setting ``cadangan.simpan_n`` read with plain SQL (the schema is still the old one)."""
    from .services.settings import SETTINGS

    setting = SETTINGS["cadangan.simpan_n"]
    try:
        row = db.execute_sql("SELECT nilai FROM pengaturan WHERE kunci = ?",
                             (setting.key,)).fetchone()
        return int(setting.coerce(json.loads(row[0]))) if row else int(setting.default)
    except Exception:  # any problem reading the old setting: keep the default number
        return int(setting.default)


def migrate(db: Database, target: DatabaseTarget, from_version: int) -> Path | None:
    """Upgrade from ``from_version`` to LATEST; each step atomic; copy taken first (SQLite).

    The copies before migration are kept like the automatic backups: the newest
    ``cadangan.simpan_n`` of them."""
    copy: Path | None = None
    if isinstance(db, SqliteDatabase):
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        name = f"sebelum-migrasi-v{from_version}-ke-v{LATEST}-{stamp}.sqlite3"
        copy = backup_sqlite(db, target.backup_dir() / name)
        log.info("Salinan sebelum migrasi: %s", copy)
        prune_copies(target.backup_dir(), "sebelum-migrasi-*.sqlite3", _copies_to_keep(db))
    else:
        log.warning("PostgreSQL: buat pg_dump sebelum migrasi (lihat docs/developer-guide.md)")
    migrator = SchemaMigrator.from_database(db)
    for step in STEPS:
        if step.version <= from_version:
            continue
        with db.atomic():
            if step.schema:
                step.schema(db, migrator)
            if step.data:
                step.data(db)
            _set_version(db, step.version)
        log.info("Migrasi %s (%s) selesai", step.version, step.name)
    return copy


def open_database(target: DatabaseTarget, *, create: bool = True) -> Database:
    """Open (and if needed create or migrate) the database and bind the models to it."""
    db = connect(target)
    database.initialize(db)
    try:
        db.connect(reuse_if_open=True)
        version = current_version(db)
        if version is None:
            if not create:
                raise DatabaseError(f"Basis data {target.label} kosong (belum disiapkan).")
            create_schema(db)
        elif version > LATEST:
            raise DatabaseError(
                f"Basis data ini dibuat oleh versi aplikasi yang lebih baru (skema {version}; "
                f"aplikasi ini mengenal sampai {LATEST}). Perbarui aplikasi Kecamatan TKSK, "
                "jangan buka berkas ini dengan versi lama."
            )
        elif version < LATEST:
            migrate(db, target, version)
    except DatabaseError:
        db.close()
        raise
    except (PeeweeDatabaseError, sqlite3.DatabaseError) as exc:
        db.close()
        raise _translate_operational(exc, target) from exc
    except Exception as exc:
        db.close()
        if type(exc).__module__.startswith("psycopg"):
            raise _translate_operational(exc, target) from exc
        raise
    global _current
    _current = target
    if target.kind == "postgresql":
        _after_open_postgres()
    return db


def _after_open_postgres() -> None:
    """Upload the attachments this PC kept in its folder before schema 5 and tidy its cache
    (``services/lampiran.after_open``); a failure is logged and the database stays open (the
    next start tries again)."""
    from .services import lampiran

    try:
        lampiran.after_open()
    except Exception:
        log.warning("Lampiran lama komputer ini belum dapat diunggah ke basis data",
                    exc_info=True)


def close_database() -> None:
    obj = database.obj
    if obj is not None and not obj.is_closed():
        obj.close()
