"""Version 6: an index on the activities of a kecamatan by date (``kegiatan(kecamatan_id,
tanggal)``).

The Beranda, the activity list and the monthly report read one kecamatan's activities of a
month. With only the single-column indexes SQLite chose the function's index and read every
activity of that function in the whole database (21 ms a count on the kabupaten demo's 60,000
activities; 0.06 ms with this index).
"""

from __future__ import annotations

from peewee import Database
from playhouse.migrate import SchemaMigrator

VERSION = 6
NAME = "indeks kegiatan per kecamatan dan tanggal"


def schema(db: Database, migrator: SchemaMigrator) -> None:
    # the name peewee gives the model's index (models/kegiatan.py), so a new database and a
    # migrated one are alike
    db.execute_sql("CREATE INDEX IF NOT EXISTS kegiatan_kecamatan_id_tanggal "
                   "ON kegiatan (kecamatan_id, tanggal)")


def data(db: Database) -> None:
    """Nothing to seed."""
