"""Stored files (document scans, photos, archived PDFs), kept once by content hash.

Files live in the attachments folder beside the database (``<db>-lampiran/ab/abcdef...``), are
written to ``.tmp`` and moved into place, and are checked by their content, not their name.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from ..db import current_target
from ..models import Lampiran
from .errors import NotFound, ValidationError

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
    path: Path


def files_dir() -> Path:
    return current_target().files_dir()


def sniff(data: bytes) -> str | None:
    for prefix, mime, _label in _KINDS:
        if data.startswith(prefix):
            return mime
    return None


def _path_for(sha: str) -> Path:
    return files_dir() / sha[:2] / sha


def store_bytes(data: bytes, nama_asli: str, *, max_bytes: int = MAX_BYTES_DEFAULT,
                allowed: tuple[str, ...] = ("application/pdf", "image/jpeg", "image/png")
                ) -> StoredFile:
    """Check and store ``data``; the same content is stored once. Call inside the transaction
    that links the file to its record (an orphan file on disk is harmless; a record without its
    file is not, so the file is written first)."""
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
    _write_file(_path_for(sha), data)
    row = Lampiran.get_or_none(Lampiran.sha256 == sha)
    if row is None:
        row = Lampiran.create(sha256=sha, nama_asli=name[:255], jenis_mime=mime, ukuran=len(data))
    return _info(row)


def put_content(lampiran_id: int, data: bytes) -> None:
    """Store the content of an existing attachment row in this database's storage (used when a
    whole database is copied: the row came with its id and hash, its bytes come here). Refused
    when the bytes do not match the row's hash."""
    row = Lampiran.get_or_none(Lampiran.id == lampiran_id)
    if row is None:
        raise NotFound("Berkas lampiran tidak ditemukan.")
    if hashlib.sha256(data).hexdigest() != row.sha256:
        raise ValidationError.single(
            "berkas", f"Isi berkas {row.nama_asli} tidak cocok dengan sidik (hash) yang tercatat.")
    _write_file(_path_for(row.sha256), data)


def _write_file(dest: Path, data: bytes) -> None:
    """Write ``data`` to ``dest`` atomically (a .tmp file moved into place); kept if present."""
    if dest.exists():
        return
    dest.parent.mkdir(parents=True, exist_ok=True)
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
    return StoredFile(row.id, row.sha256, row.nama_asli, row.jenis_mime, row.ukuran,
                      _path_for(row.sha256))


def get(lampiran_id: int) -> StoredFile:
    row = Lampiran.get_or_none(Lampiran.id == lampiran_id)
    if row is None:
        raise NotFound("Berkas lampiran tidak ditemukan.")
    return _info(row)


def read(lampiran_id: int) -> bytes:
    info = get(lampiran_id)
    try:
        data = info.path.read_bytes()
    except OSError as exc:
        raise NotFound(f"Berkas {info.nama_asli} hilang dari folder lampiran ({info.path}). "
                       "Pulihkan dari cadangan.") from exc
    if hashlib.sha256(data).hexdigest() != info.sha256:
        raise NotFound(f"Berkas {info.nama_asli} di folder lampiran rusak (isi berubah). "
                       "Pulihkan dari cadangan.")
    return data
