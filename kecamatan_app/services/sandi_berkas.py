"""Password encryption of a file, for backups that leave the office. No Qt.

Format (all integers big-endian)::

    header  = b"KTKSK-ENC1" | log2(n) u8 | r u8 | p u8 | chunk size u32 | salt 16 | nonce prefix 8
    chunk i = AES-256-GCM(key, nonce = prefix | i as u32, plain_i, aad = header | i u64 | last u8)

The key comes from scrypt (n=2**15, r=8, p=1, 32 bytes) over the password (UTF-8, NFC) and the
random salt. The content is cut into chunks of 1 MiB; every chunk is sealed on its own, so memory
stays small for a database of any size. The associated data binds each chunk to the header, to its
position and to whether it is the last one: an altered byte (header included), a reordered,
dropped or appended chunk, or a file cut short at any point fails authentication. An empty file
is one empty last chunk. A wrong password and an altered file give the same message; no partial
plaintext is left behind (the output is written to a temporary name and moved into place only
when every chunk was authentic).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import secrets
import struct
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from .errors import AppError, ValidationError

MAGIC = b"KTKSK-ENC1"
_FIXED = struct.Struct(">BBBI")
SALT_BYTES = 16
PREFIX_BYTES = 8
HEADER_BYTES = len(MAGIC) + _FIXED.size + SALT_BYTES + PREFIX_BYTES
TAG_BYTES = 16
CHUNK = 1024 * 1024
LOG2_N, R, P = 15, 8, 1
#: A crafted header may not make us spend more than this on scrypt (the default needs 32 MiB).
_MAX_SCRYPT_MEM = 64 * 1024 * 1024
_MAX_CHUNK = 16 * 1024 * 1024
MIN_PASSWORD = 8

PESAN_RUSAK = "Kata sandi salah atau berkas cadangan rusak/diubah."

Progress = Callable[[int, int, str], None]


class SandiSalah(AppError):
    """Wrong password, or the encrypted file was altered or cut short."""

    def __init__(self, message: str = PESAN_RUSAK) -> None:
        super().__init__(message)


def check_password(password: str) -> None:
    """The policy for backup passwords (a lost password cannot be recovered: say so in the UI)."""
    if len(password) < MIN_PASSWORD:
        raise ValidationError.single(
            "sandi", f"Kata sandi cadangan terlalu pendek: paling sedikit {MIN_PASSWORD} karakter.")


def _key(password: str, salt: bytes, log2_n: int, r: int, p: int) -> bytes:
    secret = unicodedata.normalize("NFC", password).encode("utf-8")
    mem = 128 * r * (2**log2_n) + 128 * r * p
    return hashlib.scrypt(secret, salt=salt, n=2**log2_n, r=r, p=p, dklen=32,
                          maxmem=mem + 1024 * 1024)


def _aad(header: bytes, index: int, last: bool) -> bytes:
    return header + struct.pack(">QB", index, 1 if last else 0)


def _nonce(prefix: bytes, index: int) -> bytes:
    if index >= 2**32:
        raise AppError("Berkas terlalu besar untuk dienkripsi.")
    return prefix + struct.pack(">I", index)


def is_encrypted(path: str | os.PathLike[str]) -> bool:
    """True when the file starts with our header (it may still be damaged further on)."""
    try:
        with open(path, "rb") as fh:
            return fh.read(len(MAGIC)) == MAGIC
    except OSError:
        return False


def _read_full(fh: BinaryIO, size: int) -> bytes:
    parts: list[bytes] = []
    left = size
    while left > 0:
        part = fh.read(left)
        if not part:
            break
        parts.append(part)
        left -= len(part)
    return b"".join(parts)


def _write_atomic(dest: Path, fill: Callable[[BinaryIO], None]) -> Path:
    """Write through ``fill`` to a temporary name beside ``dest``, fsync, then move into place.
    On any failure the temporary file is removed and nothing appears under ``dest``."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(f".{dest.name}.{os.getpid()}.tmp")
    try:
        with tmp.open("wb") as out:
            fill(out)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, dest)
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()
    return dest


def encrypt_file(src: str | os.PathLike[str], dest: str | os.PathLike[str], password: str, *,
                 progress: Progress | None = None, _log2_n: int = LOG2_N,
                 _chunk: int = CHUNK) -> Path:
    """Encrypt ``src`` into ``dest`` (written atomically). ``_log2_n`` and ``_chunk`` exist for
    tests only (cheap keys, small chunks); the header records them."""
    check_password(password)
    salt, prefix = secrets.token_bytes(SALT_BYTES), secrets.token_bytes(PREFIX_BYTES)
    header = MAGIC + _FIXED.pack(_log2_n, R, P, _chunk) + salt + prefix
    aead = AESGCM(_key(password, salt, _log2_n, R, P))
    source = Path(src)
    total = source.stat().st_size

    def fill(out: BinaryIO) -> None:
        out.write(header)
        with source.open("rb") as fh:
            current = _read_full(fh, _chunk)
            index = done = 0
            while True:
                following = _read_full(fh, _chunk) if len(current) == _chunk else b""
                last = not following
                out.write(aead.encrypt(_nonce(prefix, index), current,
                                       _aad(header, index, last)))
                done += len(current)
                if progress is not None:
                    progress(done, total, "Mengenkripsi cadangan...")
                if last:
                    return
                current, index = following, index + 1

    return _write_atomic(Path(dest), fill)


def _parse_header(header: bytes) -> tuple[int, int, int, int, bytes, bytes]:
    if len(header) < HEADER_BYTES or not header.startswith(MAGIC):
        raise SandiSalah()
    log2_n, r, p, chunk = _FIXED.unpack_from(header, len(MAGIC))
    start = len(MAGIC) + _FIXED.size
    salt = header[start:start + SALT_BYTES]
    prefix = header[start + SALT_BYTES:HEADER_BYTES]
    if not (10 <= log2_n <= 20 and 1 <= r <= 32 and 1 <= p <= 4 and 16 <= chunk <= _MAX_CHUNK
            and 128 * r * 2**log2_n <= _MAX_SCRYPT_MEM):
        raise SandiSalah()
    return log2_n, r, p, chunk, salt, prefix


def decrypt_file(src: str | os.PathLike[str], dest: str | os.PathLike[str], password: str, *,
                 progress: Progress | None = None) -> Path:
    """Decrypt ``src`` into ``dest`` (written atomically). Raises :class:`SandiSalah` for a
    wrong password or any alteration; then ``dest`` is not created."""
    source = Path(src)
    total = source.stat().st_size
    with source.open("rb") as fh:
        header = _read_full(fh, HEADER_BYTES)
    log2_n, r, p, chunk, salt, prefix = _parse_header(header)
    aead = AESGCM(_key(password, salt, log2_n, r, p))
    sealed = chunk + TAG_BYTES

    def fill(out: BinaryIO) -> None:
        with source.open("rb") as fh:
            fh.seek(HEADER_BYTES)
            current = _read_full(fh, sealed)
            index = 0
            done = HEADER_BYTES
            while True:
                following = _read_full(fh, sealed) if len(current) == sealed else b""
                last = not following
                if len(current) < TAG_BYTES:
                    raise SandiSalah()
                try:
                    plain = aead.decrypt(_nonce(prefix, index), current,
                                         _aad(header, index, last))
                except InvalidTag as exc:
                    raise SandiSalah() from exc
                out.write(plain)
                done += len(current)
                if progress is not None:
                    progress(done, total, "Membuka cadangan terenkripsi...")
                if last:
                    return
                current, index = following, index + 1

    return _write_atomic(Path(dest), fill)
