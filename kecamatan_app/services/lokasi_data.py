"""Where the data sit: folder permissions and the network-share check (no Qt).

:func:`amankan` makes the data folder readable by its user only on POSIX (folders 0700, the
SQLite file and its ``-wal``/``-shm``/``-journal`` files 0600); on Windows the per-user AppData
folder already is. It never raises: what it cannot change comes back as warnings.

:func:`di_jaringan` says why a path sits on a network share (a UNC path or a mapped network drive
on Windows; an NFS, SMB/CIFS, SSHFS, 9p... mount on Linux and macOS). SQLite's file locking is
not reliable over such shares, so one file opened from several PCs can be corrupted. The parsing
functions take the mount table as a parameter so tests can feed their own.
"""

from __future__ import annotations

import logging
import os
import stat
import subprocess
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath

from ..config import DatabaseTarget

log = logging.getLogger(__name__)

#: File-system types that are shares on another machine (Linux /proc/self/mounts, macOS mount).
NETWORK_FS = frozenset({
    "nfs", "nfs4", "cifs", "smb", "smb2", "smb3", "smbfs", "ncpfs", "afs", "coda", "9p",
    "ceph", "glusterfs", "lustre", "gpfs", "beegfs", "davfs", "webdav", "afpfs", "sshfs",
    "fuse.sshfs", "fuse.glusterfs", "fuse.cephfs", "fuse.davfs2", "fuse.rclone", "fuse.s3fs",
    "fuse.gcsfuse", "fuse.smbnetfs", "fuse.curlftpfs", "fuse.juicefs",
})
#: Windows GetDriveTypeW answer for a network drive.
DRIVE_REMOTE = 4
SIDE_FILES = ("-wal", "-shm", "-journal")


# -- permissions ----------------------------------------------------------------------------------
def _protected_places() -> set[Path]:
    """The user's home and its ancestors (and the root) are never narrowed, even when the
    database file was put straight into one of them."""
    places = {Path("/")}
    try:
        home = Path.home().resolve()
    except (OSError, RuntimeError):
        return places
    places.add(home)
    places.update(home.parents)
    return places


def _narrow(path: Path, mask: int, owner: int | None, warnings: list[str]) -> None:
    """Drop the group and other bits of ``path`` (keeps the owner's own bits)."""
    try:
        st = path.stat()
    except FileNotFoundError:
        return
    except OSError as exc:
        warnings.append(f"Izin {path} tidak dapat diperiksa: {exc.strerror or exc}.")
        return
    mode = stat.S_IMODE(st.st_mode)
    if mode & ~mask == 0:
        return
    if owner is not None and st.st_uid != owner:
        warnings.append(
            f"{path} milik pengguna lain; izinnya tidak diubah. Pindahkan data ke folder milik "
            "Anda atau minta administrator komputer membatasi aksesnya.")
        return
    try:
        os.chmod(path, mode & mask)
    except OSError as exc:
        warnings.append(
            f"Izin {path} tidak dapat dibatasi ({exc.strerror or exc}); pengguna lain komputer "
            "ini mungkin dapat membacanya.")
    else:
        log.info("Izin %s dibatasi: %o -> %o", path, mode, mode & mask)


def amankan(folder: Path, target: DatabaseTarget | None = None, *,
            posix: bool | None = None) -> list[str]:
    """Make the data readable by its user only; returns warnings (never raises).

    ``folder`` is the data folder. With an SQLite ``target`` its folder, the attachments and
    backup folders (when they exist) and the database file with its side files are narrowed
    too. The user's home folder and its ancestors are left alone. Nothing happens on Windows.
    """
    if posix is None:
        posix = os.name == "posix"
    if not posix:
        return []
    getuid = getattr(os, "getuid", None)
    owner = getuid() if callable(getuid) else None
    folders = [folder]
    files: list[Path] = []
    if target is not None and target.kind == "sqlite":
        db_file = target.path
        folders += [db_file.parent, target.files_dir(), target.backup_dir()]
        files += [db_file] + [db_file.with_name(db_file.name + s) for s in SIDE_FILES]
    warnings: list[str] = []
    skip = _protected_places()
    seen: set[Path] = set()
    for place in folders:
        try:
            resolved = place.resolve()
        except (OSError, RuntimeError):
            resolved = place
        if resolved in seen or resolved in skip or not resolved.is_dir():
            continue
        seen.add(resolved)
        _narrow(resolved, 0o700, owner, warnings)
    for file in files:
        if file.is_file():
            _narrow(file, 0o600, owner, warnings)
    return warnings


# -- network shares -------------------------------------------------------------------------------
@dataclass(frozen=True)
class Mount:
    device: str
    point: str
    fstype: str


def _unescape(field: str) -> str:
    r"""/proc/self/mounts writes space, tab, newline and backslash as ``\040`` etc."""
    out, i = [], 0
    while i < len(field):
        chunk = field[i:i + 4]
        if len(chunk) == 4 and chunk[0] == "\\" and chunk[1:].isdigit():
            out.append(chr(int(chunk[1:], 8)))
            i += 4
        else:
            out.append(field[i])
            i += 1
    return "".join(out)


def baca_mounts_linux(text: str) -> list[Mount]:
    """Parse /proc/self/mounts (or /etc/mtab): ``device point fstype options dump pass``."""
    mounts = []
    for line in text.splitlines():
        parts = line.split()
        if len(parts) >= 3:
            mounts.append(Mount(_unescape(parts[0]), _unescape(parts[1]), parts[2]))
    return mounts


def baca_mounts_macos(text: str) -> list[Mount]:
    """Parse macOS ``mount`` output: ``//user@server/share on /Volumes/x (smbfs, nodev, ...)``."""
    mounts = []
    for line in text.splitlines():
        head, sep, rest = line.rpartition(" (")
        device, on, point = head.partition(" on ")
        if sep and on and rest:
            fstype = rest.split(",")[0].rstrip(")").strip()
            mounts.append(Mount(device, point, fstype))
    return mounts


def cari_mount(path: str, mounts: Iterable[Mount]) -> Mount | None:
    """The mount holding ``path``: the longest mount point that is a prefix of it."""
    best: Mount | None = None
    target = PurePosixPath(path)
    for m in mounts:
        point = PurePosixPath(m.point)
        if (target == point or point in target.parents) and (
                best is None or len(m.point) > len(best.point)):
            best = m
    return best


def _is_network(m: Mount) -> bool:
    kind = m.fstype.lower()
    if kind in NETWORK_FS or kind.startswith(("nfs", "smb", "cifs")):
        return True
    # older FUSE tables name the helper in the device: "sshfs#user@host:/dir", "//server/x"
    return kind.startswith("fuse") and m.device.startswith(("//", "sshfs#", "http://",
                                                              "https://"))


def alasan_mount(path: str, mounts: Iterable[Mount]) -> str | None:
    m = cari_mount(path, mounts)
    if m is None or not _is_network(m):
        return None
    return (f"{path} berada di folder jaringan ({m.fstype}: {m.device}, dipasang di "
            f"{m.point}).")


def alasan_windows(path: str, drive_type: Callable[[str], int]) -> str | None:
    r"""A UNC path (``\\server\share``) or a drive letter that Windows reports as remote."""
    text = path.replace("/", "\\")
    for prefix in ("\\\\?\\", "\\\\.\\"):  # extended-length and device paths
        if text.startswith(prefix):
            text = text[len(prefix):]
            text = "\\\\" + text[4:] if text.upper().startswith("UNC\\") else text
            break
    drive = PureWindowsPath(text).drive
    if drive.startswith("\\\\"):
        return f"{path} berada di folder jaringan {drive}."
    if len(drive) == 2 and drive[1] == ":" and drive_type(drive.upper() + "\\") == DRIVE_REMOTE:
        return f"{path} berada di drive jaringan {drive} (drive yang dipetakan)."
    return None


def _windows_drive_type(root: str) -> int:
    if sys.platform != "win32":
        return 0
    import ctypes

    windll = getattr(ctypes, "windll", None)
    if windll is None:
        return 0
    return int(windll.kernel32.GetDriveTypeW(root))


def _mount_table() -> list[Mount]:
    if sys.platform.startswith("linux"):
        try:
            return baca_mounts_linux(Path("/proc/self/mounts").read_text(encoding="utf-8",
                                                                          errors="replace"))
        except OSError:
            return []
    if sys.platform == "darwin":
        try:
            out = subprocess.run(["/sbin/mount"], capture_output=True, text=True, timeout=5,
                                 check=False).stdout
        except (OSError, subprocess.SubprocessError):
            return []
        return baca_mounts_macos(out)
    return []


def di_jaringan(path: Path | str) -> str | None:
    """Why ``path`` is on a network share, or None for a local disk (or when unknown)."""
    text = os.fspath(path)
    try:
        if sys.platform == "win32":
            return alasan_windows(text, _windows_drive_type)
        resolved = Path(text).resolve()
        return alasan_mount(str(resolved), _mount_table())
    except (OSError, RuntimeError, ValueError) as exc:
        log.warning("Lokasi %s tidak dapat diperiksa: %s", text, exc)
        return None
