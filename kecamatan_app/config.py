"""Where the data live and which database is used.

Order of precedence for the database: ``--db`` on the command line, then the environment variable
``KECAMATAN_APP_DB``, then ``kecamatan.sqlite3`` in the user's data folder. A value that starts with
``postgresql://`` selects PostgreSQL. ``KECAMATAN_APP_DATA_DIR`` and ``KECAMATAN_APP_LOG_DIR``
move the data and log folders (tests and portable installs use them).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import platformdirs

APP_NAME = "KecamatanTKSK"
DB_FILENAME = "kecamatan.sqlite3"


def data_dir() -> Path:
    env = os.environ.get("KECAMATAN_APP_DATA_DIR")
    path = Path(env) if env else Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    return path


def log_dir() -> Path:
    env = os.environ.get("KECAMATAN_APP_LOG_DIR")
    if env:
        return Path(env)
    if os.environ.get("KECAMATAN_APP_DATA_DIR"):
        return data_dir() / "log"
    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))


@dataclass(frozen=True)
class DatabaseTarget:
    """A database the app can open: an SQLite file or a PostgreSQL URL."""

    kind: str  # "sqlite" | "postgresql"
    location: str  # file path or URL

    @classmethod
    def parse(cls, value: str | os.PathLike[str]) -> DatabaseTarget:
        text = os.fspath(value).strip()
        if text.startswith(("postgresql://", "postgres://")):
            return cls("postgresql", text)
        return cls("sqlite", str(Path(text).expanduser().resolve()))

    @property
    def path(self) -> Path:
        if self.kind != "sqlite":
            raise ValueError("not an SQLite target")
        return Path(self.location)

    @property
    def label(self) -> str:
        """What the status bar shows: the file path, or the URL without its password."""
        if self.kind == "sqlite":
            return self.location
        parts = urlsplit(self.location)
        host = parts.hostname or ""
        if parts.port:
            host = f"{host}:{parts.port}"
        user = f"{parts.username}@" if parts.username else ""
        return urlunsplit((parts.scheme, user + host, parts.path, "", ""))

    def files_dir(self) -> Path:
        """The folder of attachments managed by the app (beside the SQLite file). PostgreSQL
        keeps attachments in the database (schema 5); this folder is where a PC kept them
        before, and what is found there is uploaded (``services/lampiran``)."""
        if self.kind == "sqlite":
            return self.path.with_name(self.path.stem + "-lampiran")
        return data_dir() / "lampiran"

    def cache_dir(self) -> Path:
        """PostgreSQL: this PC's folder of temporary copies of the attachments kept in the
        database (for printing, as reportlab reads files), one folder per database. SQLite: the
        attachments folder itself (its files need no copy)."""
        if self.kind == "sqlite":
            return self.files_dir()
        parts = urlsplit(self.location)
        name = f"{parts.hostname or 'lokal'}-{parts.port or 5432}-{parts.path.strip('/')}"
        return data_dir() / "tembolok-lampiran" / re.sub(r"[^A-Za-z0-9._-]+", "_", name)

    def backup_dir(self) -> Path:
        if self.kind == "sqlite":
            return self.path.parent / "cadangan"
        return data_dir() / "cadangan"


def default_database() -> DatabaseTarget:
    return DatabaseTarget.parse(data_dir() / DB_FILENAME)


def resolve_database(cli_value: str | None = None) -> DatabaseTarget:
    value = cli_value or os.environ.get("KECAMATAN_APP_DB")
    return DatabaseTarget.parse(value) if value else default_database()
