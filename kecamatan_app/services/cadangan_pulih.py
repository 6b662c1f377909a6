"""Restoring a checked backup over the open database (split out of :mod:`.cadangan`, which
re-exports the public names): the safety copy first, then the attachments, then the database
copied INTO the live file in one write transaction of the backup API, then the audit entry.
"""

from __future__ import annotations

import logging
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from .. import db as dbmod
from ..config import DatabaseTarget
from ..models import Pengguna
from . import audit, uji_henti
from .cadangan_dasar import (
    LAMPIRAN_DIR,
    PREFIX,
    Progress,
    _diam,
    _fsync_dir,
    _io_error,
    _kerja,
    _need_sqlite,
    _sha_file,
    _stamp,
    _unique,
)
from .cadangan_periksa import InfoCadangan, _buka
from .cadangan_tulis import _write_backup
from .context import Actor
from .errors import AppError, DatabaseError
from .permissions import Aksi, require

log = logging.getLogger("kecamatan_app.services.cadangan")  # one logger for backup and restore

#: Pages per step when the checked copy is written into the live database (one transaction).
STEP_PAGES = 256
_BUSY_STEPS = 120  # x 0.25 s sleep of the backup API: give up after about 30 s


@dataclass(frozen=True)
class HasilPulih:
    info: InfoCadangan
    #: The copy of the data as it was just before the restore.
    cadangan_pengaman: Path
    lampiran_disalin: int
    dimigrasi: bool


def _install_attachments(staged: Path, files: list[tuple[str, int]], files_dir: Path,
                         report: Progress) -> int:
    """Move the checked attachments into place; a file already there with the right content is
    kept. Returns how many were written. Each file appears complete or not at all."""
    written = 0
    for n, (sha, _size) in enumerate(files, start=1):
        report(n, len(files), f"Memasang lampiran {n} dari {len(files)}...")
        dest = files_dir / sha[:2] / sha
        if dest.is_file() and _sha_file(dest) == sha:
            continue
        dest.parent.mkdir(parents=True, exist_ok=True)
        os.replace(staged / sha, dest)
        _fsync_dir(dest.parent)
        written += 1
        if written == 1 and n < len(files):
            uji_henti.titik("cadangan.pulih_lampiran")
    return written


class _Busy(Exception):
    pass


def _restore_database(src: Path, target: DatabaseTarget, report: Progress) -> None:
    """Copy the checked database INTO the live file: one write transaction of the backup API on
    the live database (a crash or cancel before its end leaves the old database whole)."""
    dbmod.close_database()  # this thread's connection; others see the new content afterwards
    busy = 0

    def step(status: int, remaining: int, total: int) -> None:
        nonlocal busy
        if status in (5, 6):  # SQLITE_BUSY, SQLITE_LOCKED: the backup API sleeps and retries
            busy += 1
            if busy > _BUSY_STEPS:
                raise _Busy()
            return
        if remaining == 0:
            return  # committed: too late to cancel, and nothing may fail after this
        report(total - remaining, total, "Memulihkan basis data...")  # may raise Cancelled
        if remaining <= total // 2:
            # past the half: pages have already spilled into the live WAL, uncommitted
            uji_henti.titik("cadangan.pulih_db")

    source = sqlite3.connect(str(src))
    live = sqlite3.connect(str(target.path), timeout=dbmod.BUSY_TIMEOUT_MS / 1000)
    try:
        # A small page cache: memory stays small for any size, and the pages of the one open
        # transaction go to the WAL as uncommitted frames (ignored after a crash).
        live.execute("PRAGMA cache_size = -1024")
        source.backup(live, pages=STEP_PAGES, progress=step)
        live.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    except _Busy as exc:
        raise DatabaseError(
            "Basis data sedang dipakai oleh program atau komputer lain, sehingga tidak dapat "
            "dipulihkan. Tutup aplikasi di komputer lain lalu coba lagi; data belum diubah."
        ) from exc
    except sqlite3.Error as exc:
        raise DatabaseError(f"Basis data tidak dapat dipulihkan ({exc}); data belum diubah. "
                            "Coba lagi, atau hubungi pengelola TI.") from exc
    finally:
        live.close()
        source.close()


def _actor_after_restore(actor: Actor) -> Actor:
    """The same person in the restored database (user ids may differ between the two)."""
    if actor.is_system or actor.user_id is None:
        return actor
    row = Pengguna.get_or_none(Pengguna.nama_pengguna == actor.username)
    return Actor(row.id if row else None, actor.username, actor.full_name, actor.role,
                 actor.kecamatan_id)


def pulihkan(actor: Actor, path: str | os.PathLike[str], *, sandi: str | None = None,
             progress: Progress | None = None) -> HasilPulih:
    """Restore the backup at ``path`` over the open database, after checking all of it.

    Keeps the current state as ``sebelum-pulih-<time>.zip`` in the backup folder first. The
    models are bound to the restored database afterwards (migrated if it was older); everyone
    logged in should log in again (their accounts are those of the backup)."""
    require(actor, Aksi.CADANGAN_PULIHKAN)
    target = dbmod.current_target()
    _need_sqlite(target)
    report = progress or _diam
    folder = target.backup_dir()
    try:
        with _kerja(folder) as work:
            opened = _buka(path, sandi, work, report, lampiran_to=work / LAMPIRAN_DIR)
            safety = _unique(folder, f"{PREFIX['pulih']}{_stamp()}", ".zip")
            report(0, 0, "Menyimpan salinan data sekarang...")
            _write_backup(target, safety, None, report)
            uji_henti.titik("cadangan.pulih_sesudah_pengaman")
            copied = _install_attachments(work / LAMPIRAN_DIR, opened.lampiran,
                                          target.files_dir(), report)
            _restore_database(opened.db_path, target, report)
            uji_henti.titik("cadangan.pulih_sesudah_db")
    except OSError as exc:
        raise _io_error(exc, f"di folder {folder}") from exc
    info = opened.info
    dbmod.close_database()
    try:
        dbmod.open_database(target)  # binds the models again; migrates an older schema
    except AppError as exc:
        raise DatabaseError(
            f"Data sudah dipulihkan dari {info.path.name}, tetapi basis data tidak dapat dibuka: "
            f"{exc} Keadaan sebelumnya tersimpan di {safety}; pulihkan dari berkas itu.") from exc
    when = info.dibuat.isoformat(sep=" ") if info.dibuat else "tidak diketahui"
    audit.record(
        _actor_after_restore(actor), "pulihkan", "", "",
        f"Memulihkan basis data dan lampiran dari cadangan {info.path.name} (dibuat {when}, "
        f"skema {info.versi_skema}). Keadaan sebelumnya disimpan di {safety}.",
        baru={"berkas": str(info.path), "dibuat": when, "versi_skema": info.versi_skema,
              "salinan_pengaman": str(safety), "lampiran_disalin": copied})
    log.info("Dipulihkan dari %s; salinan pengaman %s", info.path, safety)
    return HasilPulih(info, safety, copied, info.perlu_migrasi)
