"""Keep a database made by this version for the migration tests.

Run once per schema version, *before* adding the next migration step:
    python tools/make_fixture_db.py
It writes tests/fixtures/db/v<N>.sqlite3 (N = current schema version) with an office set up
and a little data in each area that exists at that version. Never regenerate an old fixture.
"""

from __future__ import annotations

import os
import sqlite3
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    from kecamatan_app.config import DatabaseTarget
    from kecamatan_app.db import close_database, open_database
    from kecamatan_app.migrations import LATEST
    from kecamatan_app.services import kantor, users

    dest = ROOT / "tests" / "fixtures" / "db" / f"v{LATEST}.sqlite3"
    if dest.exists():
        sys.exit(f"{dest} sudah ada; fixture versi lama tidak boleh dibuat ulang.")
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["KECAMATAN_APP_DATA_DIR"] = tmp
        target = DatabaseTarget.parse(Path(tmp) / "fixture.sqlite3")
        open_database(target)
        data = kantor.default_kop("16.03.06", alamat="Jl. Fixture No. 1")
        camat = kantor.CamatData(nama="Camat Fixture", nip="197001012000031001")
        admin = kantor.AdminData("admin", "Admin Fixture", "Fixture123", "Fixture123")
        kantor.setup_office("16.03.06", data, camat, admin)
        actor = users.login("admin", "Fixture123").actor
        users.create_user(actor, "operator", "Operator Fixture", "operator", "Fixture123x")
        close_database()
        src = sqlite3.connect(target.path)
        out = sqlite3.connect(dest)
        src.backup(out)
        out.execute("PRAGMA journal_mode = DELETE")
        out.close()
        src.close()
    print(f"Fixture ditulis: {dest}")


if __name__ == "__main__":
    main()
