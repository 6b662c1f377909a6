"""What every part of backup and restore shares (split out of :mod:`.cadangan`, which
re-exports the public names): the zip format's names, the errors, progress reporting, sizes,
file hashing and syncing, the private working folder, and the facts read from a database file.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import re
import shutil
import sqlite3
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from ..config import DatabaseTarget
from .errors import AppError

Progress = Callable[[int, int, str], None]

FORMAT = "kecamatan-tksk-cadangan"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DB_ENTRY = "basisdata.sqlite3"
LAMPIRAN_DIR = "lampiran"
ENC_SUFFIX = ".enc"
PREFIX = {"otomatis": "otomatis-", "migrasi": "sebelum-migrasi-", "pulih": "sebelum-pulih-"}
DOC_POSTGRES = "docs/cadangan.md (bagian PostgreSQL)"
_CHUNK = 1024 * 1024
_SHA = re.compile(r"^[0-9a-f]{64}$")
_WORK_PREFIX = ".kerja-cadangan-"
_STALE_SECONDS = 6 * 3600


class CadanganDitolak(AppError):
    """The file is not a backup, is damaged, or cannot be restored by this app."""


class SandiDiperlukan(AppError):
    """The backup is encrypted and no password was given: ask for it."""


# -- small helpers -----------------------------------------------------------------------------


def ukuran_teks(size: int) -> str:
    """A size as people read it: 820 KB, 1,8 MB."""
    if size < 1024 * 1024:
        return f"{max(size, 0) / 1024:.0f} KB".replace(".", ",")
    return f"{size / 1_048_576:.1f} MB".replace(".", ",")


def _diam(done: int, total: int, text: str) -> None:
    """No progress reporting."""


def _stamp(moment: dt.datetime | None = None) -> str:
    return (moment or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")


def _unique(folder: Path, stem: str, suffix: str) -> Path:
    path = folder / f"{stem}{suffix}"
    n = 2
    while path.exists():
        path = folder / f"{stem}-{n}{suffix}"
        n += 1
    return path


def _sha_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while block := fh.read(_CHUNK):
            digest.update(block)
    return digest.hexdigest()


def _fsync_file(path: Path) -> None:
    with path.open("rb+") as fh:
        os.fsync(fh.fileno())


def _fsync_dir(folder: Path) -> None:
    """Make a rename durable (POSIX); Windows has no directory handles to sync."""
    if os.name != "posix":  # pragma: no cover
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _io_error(exc: OSError, what: str) -> AppError:
    reason = exc.strerror or str(exc)
    return AppError(f"Tidak dapat menulis {what}: {reason}. Periksa ruang disk yang tersisa dan "
                    "hak tulis folder itu, atau pilih folder lain.")


def _cleanup_stale(folder: Path) -> None:
    """Remove what a killed backup or restore left in ``folder`` (our own hidden names only)."""
    limit = time.time() - _STALE_SECONDS
    try:
        entries = list(folder.iterdir())
    except OSError:
        return
    for entry in entries:
        name = entry.name
        ours = name.startswith(_WORK_PREFIX) or (name.endswith(".tmp") and (
            (name.startswith(".") and any(s in name for s in (".zip.", ".enc.", ".sqlite3.")))
            or name.startswith(PREFIX["migrasi"])))
        if not ours:
            continue
        try:
            if entry.lstat().st_mtime > limit:
                continue
            if entry.is_dir():
                shutil.rmtree(entry, ignore_errors=True)
            else:
                entry.unlink()
        except OSError:
            continue


@contextlib.contextmanager
def _kerja(folder: Path) -> Iterator[Path]:
    """A private working folder inside ``folder`` (same disk, so files move in atomically)."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        _cleanup_stale(folder)
        work = Path(tempfile.mkdtemp(prefix=_WORK_PREFIX, dir=folder))
    except OSError as exc:
        raise _io_error(exc, f"di folder {folder}") from exc
    try:
        yield work
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _need_sqlite(target: DatabaseTarget) -> None:
    if target.kind != "sqlite":
        raise AppError(
            "Basis data PostgreSQL tidak dicadangkan dari aplikasi ini. Cadangkan dengan pg_dump "
            "(lampiran ikut, karena tersimpan di dalam basis data) dan pulihkan dengan "
            f"pg_restore; langkahnya ada di {DOC_POSTGRES}.")


def _query(con: sqlite3.Connection, sql: str) -> list[tuple[Any, ...]]:
    try:
        return con.execute(sql).fetchall()
    except sqlite3.Error:
        return []


def _facts(con: sqlite3.Connection) -> dict[str, Any]:
    """Schema version, app version and office of a database file (raw SQL: any version)."""
    version = _query(con, "SELECT aplikasi, versi, versi_aplikasi FROM versi_skema "
                          "ORDER BY id DESC LIMIT 1")
    office = _query(con, "SELECT k.kode, k.nama FROM kantor JOIN kecamatan k "
                         "ON kantor.kecamatan_id = k.id ORDER BY kantor.id LIMIT 1")
    return {
        "aplikasi": version[0][0] if version else None,
        "versi_skema": int(version[0][1]) if version else None,
        "versi_aplikasi": str(version[0][2] or "") if version else "",
        "kecamatan": {"kode": office[0][0], "nama": office[0][1]} if office else None,
    }
