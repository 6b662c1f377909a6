"""Backup and restore of the database and its attachments (CONTRACT.md: ``backup``/``restore``).

A backup is a zip file::

    manifest.json                 format, app and schema version, time, office, hashes and sizes
    basisdata.sqlite3             the database, copied with SQLite's online backup API
    lampiran/ab/abcdef...         every attachment file, under its SHA-256

optionally encrypted as a whole with a password (:mod:`sandi_berkas`) for copies that leave the
office. The copy of the database comes from the live connection in one step of the backup API,
so it is consistent while the app keeps working. Every file is written to a temporary name and
moved into place, so a crash never leaves a half backup under the final name.

A restore first checks the whole backup (manifest, ``PRAGMA integrity_check``, schema version,
every attachment's hash and size); nothing is touched unless every check passes. It then keeps the
current state as ``cadangan/sebelum-pulih-<time>.zip``, adds the attachments (content-addressed,
so adding files never breaks the current data), and copies the checked database INTO the live
file through the backup API: one write transaction on the live database, so a crash mid-way
leaves the old database whole (and it works on Windows while the file is open). An older schema
is migrated when the database is opened again; the restore is written into the restored audit
trail. PostgreSQL is backed up with ``pg_dump`` (docs/cadangan.md).

Test hook: the steps are marked with :func:`uji_henti.titik` (``cadangan.buat_*``,
``cadangan.pulih_*``); when ``KECAMATAN_APP_UJI_HENTI`` names one, the process kills itself there
with SIGKILL, as a power cut would. ``tests/test_crash_cadangan.py`` uses it to show that no step
leaves damage behind.

This module keeps the backup folder (:func:`daftar`, :func:`otomatis_harian`) and re-exports the
rest: :mod:`.cadangan_dasar` (format names, errors, file helpers), :mod:`.cadangan_tulis`
(:func:`buat`), :mod:`.cadangan_periksa` (:func:`periksa`) and :mod:`.cadangan_pulih`
(:func:`pulihkan`; its ``STEP_PAGES`` is read there).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import re
import threading
from dataclasses import dataclass
from pathlib import Path

from .. import db as dbmod
from ..config import DatabaseTarget
from ..models import database
from . import audit, sandi_berkas, settings
from .cadangan_dasar import DB_ENTRY as DB_ENTRY  # re-exported
from .cadangan_dasar import DOC_POSTGRES as DOC_POSTGRES  # re-exported
from .cadangan_dasar import ENC_SUFFIX as ENC_SUFFIX  # re-exported
from .cadangan_dasar import FORMAT as FORMAT  # re-exported
from .cadangan_dasar import FORMAT_VERSION as FORMAT_VERSION  # re-exported
from .cadangan_dasar import LAMPIRAN_DIR as LAMPIRAN_DIR  # re-exported
from .cadangan_dasar import MANIFEST as MANIFEST  # re-exported
from .cadangan_dasar import PREFIX, _stamp, _unique
from .cadangan_dasar import CadanganDitolak as CadanganDitolak  # re-exported
from .cadangan_dasar import Progress as Progress  # re-exported
from .cadangan_dasar import SandiDiperlukan as SandiDiperlukan  # re-exported
from .cadangan_dasar import _diam as _diam  # re-exported (tests)
from .cadangan_dasar import ukuran_teks as ukuran_teks  # re-exported
from .cadangan_periksa import TABEL_DIHITUNG as TABEL_DIHITUNG  # re-exported
from .cadangan_periksa import InfoCadangan as InfoCadangan  # re-exported
from .cadangan_periksa import periksa as periksa  # re-exported
from .cadangan_pulih import HasilPulih as HasilPulih  # re-exported
from .cadangan_pulih import pulihkan as pulihkan  # re-exported
from .cadangan_tulis import HasilCadangan as HasilCadangan  # re-exported
from .cadangan_tulis import _kemas as _kemas  # re-exported (tests)
from .cadangan_tulis import _write_backup
from .cadangan_tulis import buat as buat  # re-exported
from .cadangan_tulis import nama_bawaan as nama_bawaan  # re-exported
from .context import Actor
from .errors import DatabaseError

log = logging.getLogger(__name__)

JENIS_LABELS = {
    "otomatis": "Otomatis harian",
    "migrasi": "Sebelum pembaruan aplikasi",
    "pulih": "Sebelum pemulihan",
    "manual": "Dibuat pengguna",
}
_STAMP = re.compile(r"(\d{8}-\d{6})")
_otomatis_lock = threading.Lock()


@dataclass(frozen=True)
class BerkasCadangan:
    """One file in the backup folder."""

    path: Path
    jenis: str  # otomatis | migrasi | pulih | manual
    waktu: dt.datetime
    ukuran: int
    terenkripsi: bool

    @property
    def nama(self) -> str:
        return self.path.name

    @property
    def jenis_label(self) -> str:
        return JENIS_LABELS[self.jenis]


# -- the backup folder ---------------------------------------------------------------------------


def _kind(name: str) -> str:
    for kind, prefix in PREFIX.items():
        if name.startswith(prefix):
            return kind
    return "manual"


def target_aktif() -> DatabaseTarget:
    """The open database (its backup folder is where backups are listed and kept)."""
    return dbmod.current_target()


def daftar(target: DatabaseTarget | None = None) -> list[BerkasCadangan]:
    """The backups in the backup folder, newest first."""
    folder = (target or dbmod.current_target()).backup_dir()
    rows: list[BerkasCadangan] = []
    try:
        entries = list(folder.iterdir())
    except OSError:
        return []
    for path in entries:
        name = path.name
        if name.startswith(".") or not name.endswith((".zip", ENC_SUFFIX, ".sqlite3")):
            continue
        try:
            stat = path.stat()
            if not path.is_file():
                continue
        except OSError:
            continue
        match = _STAMP.search(name)
        moment = None
        if match:
            with contextlib.suppress(ValueError):
                moment = dt.datetime.strptime(match.group(1), "%Y%m%d-%H%M%S")
        if moment is None:
            moment = dt.datetime.fromtimestamp(stat.st_mtime).replace(microsecond=0)
        rows.append(BerkasCadangan(path, _kind(name), moment, stat.st_size,
                                   sandi_berkas.is_encrypted(path)))
    rows.sort(key=lambda r: (r.waktu, r.nama), reverse=True)
    return rows


def otomatis_harian(target: DatabaseTarget) -> Path | None:
    """The automatic backup at the first start of a day, in ``target.backup_dir()``.

    Nothing (None) for PostgreSQL, when the setting ``cadangan.otomatis`` is off, or when
    today's ``otomatis-YYYYMMDD-*.zip`` exists; otherwise writes ``otomatis-<time>.zip`` as the
    system and keeps the newest ``cadangan.simpan_n``. Call it after ``open_database(target)``;
    safe from a worker thread (it closes the connection it opened there)."""
    if target.kind != "sqlite":
        return None
    if database.obj is None or dbmod.current_target() != target:
        raise DatabaseError("Basis data belum dibuka: cadangan otomatis tidak dibuat.")
    opened_here = database.obj.is_closed()
    try:
        with _otomatis_lock:
            if not settings.get("cadangan.otomatis"):
                return None
            folder = target.backup_dir()
            today = dt.date.today().strftime("%Y%m%d")
            if any(folder.glob(f"{PREFIX['otomatis']}{today}-*.zip")):
                return None
            dest = _unique(folder, f"{PREFIX['otomatis']}{_stamp()}", ".zip")
            hasil = _write_backup(target, dest, None, _diam)
            audit.record(Actor.system("cadangan-otomatis"), "cadangan", "", "",
                         f"Cadangan otomatis harian {dest.name}: basis data dan "
                         f"{hasil.jumlah_lampiran} lampiran",
                         baru={"berkas": str(dest), "ukuran": hasil.ukuran})
            removed = dbmod.prune_copies(folder, f"{PREFIX['otomatis']}*.zip",
                                         int(settings.get("cadangan.simpan_n")))
            log.info("Cadangan otomatis %s; %s cadangan lama dihapus", dest, len(removed))
            return dest
    finally:
        if opened_here and database.obj is not None and not database.obj.is_closed():
            database.obj.close()
