"""Version 5: attachment contents in the database on PostgreSQL (``lampiran_isi``).

Before, every PC kept the files it stored in its own folder (``<data>/lampiran/ab/abcdef...``),
so a photo saved at the clerk's PC could not be opened at the camat's. From this version, on
PostgreSQL each ``lampiran`` row has its content in ``lampiran_isi``; the upgrade uploads the
files found in this PC's folder for rows that have no content yet (the other PCs upload theirs
when they first open the database: ``services/lampiran.unggah_dari_folder``). On SQLite the
table is created and stays empty: the files folder beside the database file remains the store
(the backups pack it).

Frozen copies of the tables as they are at version 5, so later model changes cannot change what
this step does to an old database.
"""

from __future__ import annotations

import hashlib
import logging

from peewee import AutoField, BlobField, Database, ForeignKeyField, Model, PostgresqlDatabase
from playhouse.migrate import SchemaMigrator

from ..config import data_dir

VERSION = 5
NAME = "isi lampiran di basis data (PostgreSQL)"

log = logging.getLogger(__name__)


class _Lampiran(Model):
    id = AutoField()

    class Meta:
        table_name = "lampiran"


class _LampiranIsi(Model):
    lampiran = ForeignKeyField(_Lampiran, primary_key=True, on_delete="CASCADE")
    isi = BlobField()

    class Meta:
        table_name = "lampiran_isi"


_ALL = [_Lampiran, _LampiranIsi]


def schema(db: Database, migrator: SchemaMigrator) -> None:
    with db.bind_ctx(_ALL):
        db.create_tables([_LampiranIsi])
        if isinstance(db, PostgresqlDatabase):
            _upload_local_files(db)


def _upload_local_files(db: Database) -> int:
    """Put the content of every attachment without one from this PC's attachments folder of
    version 4 (``<data>/lampiran``) into the database; a file whose content does not match its
    row's hash is left out (and logged). Returns the number uploaded."""
    folder = data_dir() / "lampiran"
    if not folder.is_dir():
        return 0
    rows = db.execute_sql(
        "SELECT l.id, l.sha256 FROM lampiran l LEFT JOIN lampiran_isi i ON i.lampiran_id = l.id "
        "WHERE i.lampiran_id IS NULL ORDER BY l.id").fetchall()
    done = 0
    for lampiran_id, sha in rows:
        path = folder / sha[:2] / sha
        try:
            data = path.read_bytes()
        except OSError:
            continue  # stored at another PC: that PC uploads it
        if hashlib.sha256(data).hexdigest() != sha:
            log.warning("Lampiran %s di %s rusak (isi tidak cocok dengan sidiknya); tidak "
                        "diunggah", lampiran_id, path)
            continue
        _LampiranIsi.insert(lampiran=lampiran_id, isi=data).execute()
        done += 1
    if done:
        log.info("Migrasi 5: %s lampiran dari %s diunggah ke basis data", done, folder)
    return done


def data(db: Database) -> None:
    """Nothing to seed."""
