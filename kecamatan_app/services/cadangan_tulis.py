"""Writing a backup (split out of :mod:`.cadangan`, which re-exports the public names): a
consistent copy of the live database, the zip with the attachments and its manifest, optional
encryption, each written to a temporary name and moved into place.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import sqlite3
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import __version__
from .. import db as dbmod
from ..config import DatabaseTarget
from ..models import database
from . import audit, sandi_berkas, uji_henti
from .cadangan_dasar import (
    _SHA,
    DB_ENTRY,
    ENC_SUFFIX,
    FORMAT,
    FORMAT_VERSION,
    LAMPIRAN_DIR,
    MANIFEST,
    Progress,
    _diam,
    _facts,
    _fsync_dir,
    _fsync_file,
    _io_error,
    _kerja,
    _need_sqlite,
    _query,
    _sha_file,
    _stamp,
)
from .context import Actor
from .errors import DatabaseError, ValidationError
from .permissions import Aksi, require

log = logging.getLogger("kecamatan_app.services.cadangan")  # one logger for backup and restore


@dataclass(frozen=True)
class HasilCadangan:
    path: Path
    ukuran: int
    ukuran_basis_data: int
    jumlah_lampiran: int
    terenkripsi: bool
    #: Attachments whose file was missing or damaged in the attachments folder (not copied).
    lampiran_hilang: tuple[str, ...] = ()


def _copy_live_database(dest: Path) -> None:
    """A consistent copy of the live database in one step of the backup API, as a standalone
    file (rollback journal, so it opens without -wal/-shm files)."""
    db = database.obj
    dbmod.backup_sqlite(db, dest)
    con = sqlite3.connect(str(dest))
    try:
        con.execute("PRAGMA journal_mode=DELETE")
    finally:
        con.close()


def _kemas(db_file: Path, files_dir: Path, out: Path, report: Progress) -> dict[str, Any]:
    """Write the backup zip of ``db_file`` and its attachments to ``out``; return the manifest.

    Only attachments that have a ``lampiran`` row are taken, each checked against its hash; a
    missing or damaged one is listed in the manifest (``lampiran_hilang``) and left out."""
    con = sqlite3.connect(str(db_file))
    try:
        facts = _facts(con)
        rows = [str(r[0]) for r in _query(con, "SELECT sha256 FROM lampiran ORDER BY id")]
    finally:
        con.close()
    files: list[dict[str, Any]] = []
    missing: list[str] = []
    db_size = db_file.stat().st_size
    total = len(rows) + 1
    report(0, total, "Mengemas basis data...")
    with zipfile.ZipFile(out, "w", allowZip64=True) as zf:
        zf.write(db_file, DB_ENTRY, compress_type=zipfile.ZIP_DEFLATED, compresslevel=1)
        for n, sha in enumerate(rows, start=1):
            path = files_dir / sha[:2] / sha
            if not _SHA.match(sha) or not path.is_file() or _sha_file(path) != sha:
                missing.append(sha)
                log.warning("Cadangan: lampiran %s hilang atau rusak, tidak ikut", sha)
            else:
                size = path.stat().st_size
                zf.write(path, f"{LAMPIRAN_DIR}/{sha[:2]}/{sha}", compress_type=zipfile.ZIP_STORED)
                files.append({"sha256": sha, "ukuran": size})
            report(n, total, f"Mengemas lampiran {n} dari {len(rows)}...")
            if n == max(1, len(rows) // 2):
                uji_henti.titik("cadangan.buat_lampiran")
        manifest = {
            "format": FORMAT,
            "versi_format": FORMAT_VERSION,
            "versi_aplikasi": __version__,
            "versi_skema": facts["versi_skema"],
            "dibuat": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
            "kecamatan": facts["kecamatan"],
            "basis_data": {"nama": DB_ENTRY, "sha256": _sha_file(db_file), "ukuran": db_size},
            "lampiran": files,
            "jumlah_baris_lampiran": len(rows),
            "lampiran_hilang": missing,
        }
        zf.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1))
    _fsync_file(out)
    report(total, total, "Cadangan dikemas.")
    return manifest


def _write_backup(target: DatabaseTarget, dest: Path, sandi: str | None,
                  report: Progress) -> HasilCadangan:
    try:
        with _kerja(dest.parent) as work:
            copy = work / DB_ENTRY
            report(0, 0, "Menyalin basis data...")
            _copy_live_database(copy)
            uji_henti.titik("cadangan.buat_salinan")
            packed = work / "cadangan.zip"
            manifest = _kemas(copy, target.files_dir(), packed, report)
            uji_henti.titik("cadangan.buat_sebelum_ganti")
            if sandi is not None:
                def encrypting(done: int, total: int, text: str) -> None:
                    report(done, total, text)
                    if done and done < total:
                        uji_henti.titik("cadangan.buat_enkripsi")

                sandi_berkas.encrypt_file(packed, dest, sandi, progress=encrypting)
            else:
                os.replace(packed, dest)
            _fsync_dir(dest.parent)
    except OSError as exc:
        raise _io_error(exc, f"cadangan {dest}") from exc
    except sqlite3.Error as exc:
        raise DatabaseError(f"Basis data tidak dapat disalin untuk cadangan: {exc}. Tutup "
                            "aplikasi di komputer lain lalu coba lagi.") from exc
    return HasilCadangan(dest, dest.stat().st_size, int(manifest["basis_data"]["ukuran"]),
                         len(manifest["lampiran"]), sandi is not None,
                         tuple(manifest["lampiran_hilang"]))


def nama_bawaan(terenkripsi: bool = False, moment: dt.datetime | None = None) -> str:
    """The suggested file name of a backup made by hand."""
    return f"cadangan-{_stamp(moment)}.zip" + (ENC_SUFFIX if terenkripsi else "")


def buat(actor: Actor, dest: str | os.PathLike[str], *, sandi: str | None = None,
         progress: Progress | None = None) -> HasilCadangan:
    """Back up the open database and its attachments to ``dest`` (encrypted with ``sandi``)."""
    require(actor, Aksi.CADANGAN_BUAT)
    target = dbmod.current_target()
    _need_sqlite(target)
    if sandi is not None:
        sandi_berkas.check_password(sandi)
    path = Path(dest).expanduser().absolute()
    if path.is_dir():
        raise ValidationError.single(
            "berkas", f"{path} adalah folder. Tulis nama berkas cadangan, contoh "
            f"{path / nama_bawaan(sandi is not None)}.")
    hasil = _write_backup(target, path, sandi, progress or _diam)
    audit.record(actor, "cadangan", "", "",
                 f"Membuat cadangan {path.name}: basis data dan {hasil.jumlah_lampiran} lampiran"
                 + (", terenkripsi" if hasil.terenkripsi else ""),
                 baru={"berkas": str(path), "ukuran": hasil.ukuran,
                       "lampiran": hasil.jumlah_lampiran, "terenkripsi": hasil.terenkripsi})
    if hasil.lampiran_hilang:
        log.warning("Cadangan %s tanpa %s lampiran yang hilang/rusak", path,
                    len(hasil.lampiran_hilang))
    return hasil

