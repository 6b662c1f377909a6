"""At start: can the app write where its data live? (No Qt.)

A clerk's PC may have a data folder on a read-only or full disk, a folder that an administrator
locked, or a file where the folder should be. Finding out when the first record is saved is too
late; :func:`periksa_dapat_ditulis` tries a real write first and says, in Indonesian, what is wrong
and what to do. :func:`periksa_folder_aplikasi` checks every folder a database target needs.
"""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path

from ..config import DatabaseTarget, data_dir, log_dir
from .errors import AppError

#: What to do when the data folder cannot be used (the default advice).
SARAN_DATA = (
    "Minta bantuan petugas TI agar akun Anda diberi hak tulis pada folder itu, atau pakai folder "
    "lain dengan mengisi variabel lingkungan KECAMATAN_APP_DATA_DIR."
)
SARAN_DB = (
    "Minta bantuan petugas TI agar akun Anda diberi hak tulis pada folder itu, atau pilih berkas "
    "basis data di folder lain (--db BERKAS atau variabel lingkungan KECAMATAN_APP_DB)."
)
SARAN_LOG = (
    "Minta bantuan petugas TI agar akun Anda diberi hak tulis pada folder itu, atau pakai folder "
    "log lain dengan mengisi variabel lingkungan KECAMATAN_APP_LOG_DIR."
)

_PENUH = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}
_DITOLAK = {errno.EACCES, errno.EPERM}


class FolderTidakDapatDitulis(AppError):
    """The data (or log) folder cannot be written; the message says why and what to do."""


def _sebab(exc: OSError, path: Path) -> str:
    """The cause in a clerk's words."""
    if isinstance(exc, (NotADirectoryError, FileExistsError)) or exc.errno in {
        errno.ENOTDIR, errno.EEXIST,
    }:
        return ("Di tempat folder itu (atau salah satu folder di atasnya) ada sebuah berkas, "
                "bukan folder.")
    if isinstance(exc, FileNotFoundError) or exc.errno == errno.ENOENT:
        return ("Folder itu tidak dapat dibuat karena drive atau folder di atasnya tidak ada "
                "(misalnya diska lepas yang dicabut atau drive jaringan yang terputus).")
    if exc.errno == errno.EROFS:
        return "Folder itu berada pada disk atau media yang hanya dapat dibaca."
    if exc.errno in _PENUH:
        return ("Disk penuh: tidak ada ruang untuk menyimpan data. Kosongkan sebagian isi disk "
                "itu (misalnya hapus berkas yang tidak dipakai atau kosongkan Recycle Bin).")
    if isinstance(exc, PermissionError) or exc.errno in _DITOLAK:
        return ("Akses ditolak: akun Anda tidak boleh menulis di folder itu, atau folder itu "
                "ditandai hanya-baca.")
    detail = exc.strerror or type(exc).__name__
    return f"Sistem menolak menulis di folder itu ({detail})."


def periksa_dapat_ditulis(path: str | os.PathLike[str], *, saran: str = SARAN_DATA
                          ) -> str | None:
    """Create ``path`` if needed, write and delete a small file in it.

    Returns None when that works, else an Indonesian message: which folder, what is wrong, what
    to do (``saran``). Never raises for a file-system problem.
    """
    folder = Path(path)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if not folder.is_dir():
            raise NotADirectoryError(errno.ENOTDIR, "not a directory", str(folder))
        fd, name = tempfile.mkstemp(prefix=".cek-tulis-", suffix=".tmp", dir=folder)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(b"Kecamatan TKSK: uji tulis folder data\n")
                handle.flush()
                os.fsync(handle.fileno())
        finally:
            os.unlink(name)
    except OSError as exc:
        return (f"Aplikasi tidak dapat menulis di folder berikut:\n{folder}\n\n"
                f"{_sebab(exc, folder)}\n\n{saran}")
    return None


def folder_diperlukan(target: DatabaseTarget) -> list[tuple[Path, str]]:
    """The folders the app writes for ``target``, each with the advice for a failure: the
    database file's folder (attachments and backups live beside it) or, for PostgreSQL, the data
    folder; and the log folder."""
    if target.kind == "sqlite":
        default = target.path.parent == data_dir()
        first = (target.path.parent, SARAN_DATA if default else SARAN_DB)
    else:
        first = (data_dir(), SARAN_DATA)
    result = [first]
    if log_dir() != first[0]:
        result.append((log_dir(), SARAN_LOG))
    return result


def periksa_folder_aplikasi(target: DatabaseTarget) -> str | None:
    """The first problem with a folder ``target`` needs (see :func:`folder_diperlukan`)."""
    for folder, saran in folder_diperlukan(target):
        problem = periksa_dapat_ditulis(folder, saran=saran)
        if problem:
            return problem
    return None


def pastikan_dapat_ditulis(target: DatabaseTarget) -> None:
    """Raise :class:`FolderTidakDapatDitulis` (an ``AppError``: the CLI exits 1) on a problem."""
    problem = periksa_folder_aplikasi(target)
    if problem:
        raise FolderTidakDapatDitulis(problem)
