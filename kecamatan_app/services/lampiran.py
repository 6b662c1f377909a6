"""Stored files (document scans, photos, archived PDFs), kept once by content hash.

SQLite: files live in the attachments folder beside the database (``<db>-lampiran/ab/abcdef...``),
are written to ``.tmp`` and moved into place, and are checked by their content, not their name.

PostgreSQL (schema 5): the content is in the database (``lampiran_isi``), written in the
transaction that links it to its record, so every PC of the office reads what another stored.
A library that reads files (reportlab) gets a checked copy in this PC's cache
(:func:`local_path`). A row stored before schema 5 whose content never reached the server is read
from this PC's old attachments folder; each PC uploads that folder's files when it opens the
database (:func:`after_open`).
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from peewee import JOIN

from ..db import current_target
from ..models import Lampiran, LampiranIsi
from .errors import NotFound, ValidationError
from .tx import is_postgres, write

log = logging.getLogger(__name__)

#: Allowed kinds by magic bytes: (prefix, mime, label).
_KINDS: tuple[tuple[bytes, str, str], ...] = (
    (b"%PDF-", "application/pdf", "PDF"),
    (b"\xff\xd8\xff", "image/jpeg", "JPG"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "PNG"),
)
MAX_BYTES_DEFAULT = 10 * 1024 * 1024


@dataclass(frozen=True)
class StoredFile:
    id: int
    sha256: str
    nama_asli: str
    jenis_mime: str
    ukuran: int
    #: Where the content is as a file: the attachments folder (SQLite), or where
    #: :func:`local_path` puts this PC's copy (PostgreSQL; absent until it is asked for).
    path: Path


def files_dir() -> Path:
    return current_target().files_dir()


def sniff(data: bytes) -> str | None:
    for prefix, mime, _label in _KINDS:
        if data.startswith(prefix):
            return mime
    return None


def _path_for(sha: str) -> Path:
    """The file in the attachments folder (SQLite: the store; PostgreSQL: this PC's folder of
    before schema 5)."""
    return files_dir() / sha[:2] / sha


def _cache_for(sha: str) -> Path:
    return current_target().cache_dir() / sha[:2] / sha


def store_bytes(data: bytes, nama_asli: str, *, max_bytes: int = MAX_BYTES_DEFAULT,
                allowed: tuple[str, ...] = ("application/pdf", "image/jpeg", "image/png")
                ) -> StoredFile:
    """Check and store ``data``; the same content is stored once. Call inside the transaction
    that links the file to its record. SQLite: the file is written first (an orphan file on
    disk is harmless; a record without its file is not). PostgreSQL: the row and its content
    are written in that transaction, so a rollback leaves neither."""
    name = Path(nama_asli).name or "berkas"
    if not data:
        raise ValidationError.single("berkas", f"Berkas {name} kosong.")
    if len(data) > max_bytes:
        raise ValidationError.single(
            "berkas", f"Berkas {name} terlalu besar ({len(data) / 1_048_576:.1f} MB); "
            f"paling besar {max_bytes / 1_048_576:.0f} MB. Perkecil pindaian atau fotonya.")
    mime = sniff(data)
    if mime is None or mime not in allowed:
        kinds = ", ".join(label for _p, m, label in _KINDS if m in allowed)
        raise ValidationError.single(
            "berkas", f"Berkas {name} bukan {kinds} (isinya tidak dikenali). Pindai ulang atau "
            "simpan sebagai PDF, JPG atau PNG.")
    sha = hashlib.sha256(data).hexdigest()
    if is_postgres():
        # the row and its content in the caller's transaction (a savepoint; a transaction of
        # their own when there is none): both are there after the commit, or neither
        with write():
            row = Lampiran.get_or_none(Lampiran.sha256 == sha)
            if row is None:
                row = Lampiran.create(sha256=sha, nama_asli=name[:255], jenis_mime=mime,
                                      ukuran=len(data))
            _insert_content(row.id, data)
        return _info(row)
    _write_file(_path_for(sha), data)
    row = Lampiran.get_or_none(Lampiran.sha256 == sha)
    if row is None:
        row = Lampiran.create(sha256=sha, nama_asli=name[:255], jenis_mime=mime, ukuran=len(data))
    return _info(row)


def _insert_content(lampiran_id: int, data: bytes) -> None:
    """PostgreSQL: the content row of ``lampiran_id`` unless it has one (the same content is
    not sent to the server twice)."""
    if not LampiranIsi.select().where(LampiranIsi.lampiran == lampiran_id).exists():
        LampiranIsi.insert(lampiran=lampiran_id, isi=data).on_conflict_ignore().execute()


def put_content(lampiran_id: int, data: bytes) -> None:
    """Store the content of an existing attachment row in this database's storage (used when a
    whole database is copied: the row came with its id and hash, its bytes come here): the
    attachments folder (SQLite) or the database (PostgreSQL, in the caller's transaction).
    Refused when the bytes do not match the row's hash; kept when already stored."""
    row = Lampiran.get_or_none(Lampiran.id == lampiran_id)
    if row is None:
        raise NotFound("Berkas lampiran tidak ditemukan.")
    if hashlib.sha256(data).hexdigest() != row.sha256:
        raise ValidationError.single(
            "berkas", f"Isi berkas {row.nama_asli} tidak cocok dengan sidik (hash) yang tercatat.")
    if is_postgres():
        with write():
            _insert_content(row.id, data)
        return
    _write_file(_path_for(row.sha256), data)


def _write_file(dest: Path, data: bytes) -> None:
    """Write ``data`` to ``dest`` atomically; kept if present (the name is the content's hash)."""
    if dest.exists():
        return
    dest.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(dest, data)


def write_atomic(dest: Path, data: bytes) -> None:
    """Write ``data`` to ``dest`` through a .tmp file beside it, flushed to disk, then moved into
    place: ``dest`` is the old file or the whole new one, never half of it."""
    tmp = dest.with_name(dest.name + ".tmp")
    try:
        with tmp.open("wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, dest)
    finally:
        tmp.unlink(missing_ok=True)


def store_file(path: str | os.PathLike[str], **kwargs: object) -> StoredFile:
    p = Path(path)
    try:
        size = p.stat().st_size
        limit = kwargs.get("max_bytes", MAX_BYTES_DEFAULT)
        if isinstance(limit, int) and size > limit:
            raise ValidationError.single(
                "berkas", f"Berkas {p.name} terlalu besar ({size / 1_048_576:.1f} MB); paling "
                f"besar {limit / 1_048_576:.0f} MB.")
        data = p.read_bytes()
    except OSError as exc:
        raise ValidationError.single("berkas", f"Berkas {p.name} tidak dapat dibaca: "
                                     f"{exc.strerror}.") from exc
    return store_bytes(data, p.name, **kwargs)  # type: ignore[arg-type]


def _info(row: Lampiran) -> StoredFile:
    path = _cache_for(row.sha256) if is_postgres() else _path_for(row.sha256)
    return StoredFile(row.id, row.sha256, row.nama_asli, row.jenis_mime, row.ukuran, path)


def get(lampiran_id: int) -> StoredFile:
    row = Lampiran.get_or_none(Lampiran.id == lampiran_id)
    if row is None:
        raise NotFound("Berkas lampiran tidak ditemukan.")
    return _info(row)


def read(lampiran_id: int) -> bytes:
    """The content, checked against its hash; :class:`NotFound` when it is missing or damaged."""
    info = get(lampiran_id)
    if is_postgres():
        return _read_pg(info)
    try:
        data = info.path.read_bytes()
    except OSError as exc:
        raise NotFound(f"Berkas {info.nama_asli} hilang dari folder lampiran ({info.path}). "
                       "Pulihkan dari cadangan.") from exc
    if hashlib.sha256(data).hexdigest() != info.sha256:
        raise NotFound(f"Berkas {info.nama_asli} di folder lampiran rusak (isi berubah). "
                       "Pulihkan dari cadangan.")
    return data


def _read_pg(info: StoredFile) -> bytes:
    found = (LampiranIsi.select(LampiranIsi.isi).where(LampiranIsi.lampiran == info.id)
             .tuples().first())
    if found is not None:
        data = bytes(found[0])
        if hashlib.sha256(data).hexdigest() != info.sha256:
            raise NotFound(f"Isi berkas {info.nama_asli} di basis data rusak (isi berubah). "
                           "Pulihkan basis data dari cadangan (pg_dump).")
        return data
    # stored before schema 5 at a PC whose folder has not been uploaded: this PC's own file
    old = _path_for(info.sha256)
    try:
        data = old.read_bytes()
    except OSError as exc:
        raise NotFound(
            f"Isi berkas {info.nama_asli} belum ada di server basis data: berkas itu disimpan "
            "sebelum versi ini di komputer lain. Buka aplikasi sekali di komputer itu agar "
            "isinya terunggah, atau pulihkan dari cadangan.") from exc
    if hashlib.sha256(data).hexdigest() != info.sha256:
        raise NotFound(f"Berkas {info.nama_asli} di folder lampiran ({old}) rusak (isi "
                       "berubah). Pulihkan dari cadangan.")
    return data


def local_path(lampiran_id: int) -> Path:
    """A file holding the content, for a library that reads files (reportlab: photos, logo).

    SQLite: the file in the attachments folder. PostgreSQL: a copy in this PC's cache folder of
    the database (``DatabaseTarget.cache_dir``), named by the hash, checked against it and
    written atomically when missing or changed. When the content cannot be had (missing or
    damaged) the path returned does not exist, as a file gone from the folder on SQLite, and
    the caller treats it so. :class:`NotFound` only for an unknown id."""
    info = get(lampiran_id)
    if not is_postgres():
        return info.path
    dest = info.path
    if _intact(dest, info.sha256):
        return dest
    try:
        dest.unlink(missing_ok=True)
        data = read(lampiran_id)
        _write_copy(dest, data)
    except (NotFound, OSError) as exc:
        log.warning("Salinan lampiran %s untuk dicetak tidak tersedia: %s", lampiran_id, exc)
    return dest


def _intact(path: Path, sha: str) -> bool:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest() == sha
    except OSError:
        return False


def _write_copy(dest: Path, data: bytes) -> None:
    """Write a cache copy: a private temporary file beside ``dest`` moved into place (two app
    windows, or two PCs sharing a data folder, may write the same copy at once)."""
    dest.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{dest.name[:16]}-", suffix=".tmp", dir=dest.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, dest)
    finally:
        Path(tmp).unlink(missing_ok=True)


def local_files(sha: str) -> list[Path]:
    """The files of this PC that may hold content ``sha``: the attachments folder's file, and on
    PostgreSQL the cache copy (a purge deletes them once no row has that content)."""
    files = [_path_for(sha)]
    if is_postgres():
        files.append(_cache_for(sha))
    return files


# -- PostgreSQL: when a PC opens the database ----------------------------------------------------

#: A cache file left by a crash (``.tmp``) older than this is removed.
_TMP_AGE_S = 24 * 3600


def after_open() -> None:
    """PostgreSQL: upload this PC's old attachments folder, tidy its cache (db.open_database)."""
    if not is_postgres():
        return
    upload_local_files()
    prune_cache()


def upload_local_files() -> int:
    """PostgreSQL: put into the database the content of every attachment that has none yet and
    whose file is in this PC's attachments folder (stored here before schema 5), each in a
    transaction of its own; a file that does not match its hash is skipped. Returns the count."""
    folder = files_dir()
    if not is_postgres() or not folder.is_dir():
        return 0
    query: Any = (Lampiran.select(Lampiran.id, Lampiran.sha256)
                  .join(LampiranIsi, JOIN.LEFT_OUTER, on=(LampiranIsi.lampiran == Lampiran.id))
                  .where(LampiranIsi.lampiran.is_null()).order_by(Lampiran.id).tuples())
    missing: list[tuple[int, str]] = list(query)
    done = 0
    for lampiran_id, sha in missing:
        path = folder / sha[:2] / sha
        try:
            data = path.read_bytes()
        except OSError:
            continue  # stored at another PC
        if hashlib.sha256(data).hexdigest() != sha:
            log.warning("Lampiran %s di %s rusak (isi berubah); tidak diunggah", lampiran_id, path)
            continue
        with write():
            _insert_content(lampiran_id, data)
        done += 1
    if done:
        log.info("%s lampiran dari %s diunggah ke basis data", done, folder)
    return done


def prune_cache() -> int:
    """PostgreSQL: delete the cache copies whose content no row has any more (purged by the
    retention at any PC), and temporary files a crash left. Returns the count."""
    folder = current_target().cache_dir()
    if not is_postgres() or not folder.is_dir():
        return 0
    copies: list[Path] = []
    removed = 0
    for path in folder.glob("*/*"):
        if len(path.name) == 64 and not path.name.endswith(".tmp"):
            copies.append(path)
        elif path.name.endswith(".tmp") and _older_than(path, _TMP_AGE_S):
            removed += _unlink(path)
    names = sorted({p.name for p in copies})
    known: set[str] = set()
    for start in range(0, len(names), 500):
        chunk = names[start:start + 500]
        found: Any = Lampiran.select(Lampiran.sha256).where(Lampiran.sha256.in_(chunk)).tuples()
        known.update(sha for (sha,) in found)
    for path in copies:
        if path.name not in known:
            removed += _unlink(path)
    return removed


def _older_than(path: Path, seconds: float) -> bool:
    try:
        return time.time() - path.stat().st_mtime > seconds
    except OSError:
        return False


def _unlink(path: Path) -> int:
    try:
        path.unlink(missing_ok=True)
        return 1
    except OSError as exc:
        log.warning("Salinan lampiran %s tidak dapat dihapus: %s", path, exc)
        return 0
