"""Data folder permissions and the network-share check (services/lokasi_data.py)."""

from __future__ import annotations

import os
import stat
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

from kecamatan_app.config import DatabaseTarget
from kecamatan_app.services import lokasi_data, users
from kecamatan_app.services.errors import AppError
from kecamatan_app.services.lokasi_data import (
    DRIVE_REMOTE,
    Mount,
    alasan_mount,
    alasan_windows,
    amankan,
    baca_mounts_linux,
    baca_mounts_macos,
    cari_mount,
)
from tests.conftest import ADMIN_PASSWORD

posix_only = pytest.mark.skipif(os.name != "posix", reason="izin POSIX")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def make_data(tmp_path: Path) -> tuple[Path, DatabaseTarget]:
    folder = tmp_path / "data"
    folder.mkdir(mode=0o755)
    os.chmod(folder, 0o755)
    target = DatabaseTarget.parse(folder / "kecamatan.sqlite3")
    for name in ("kecamatan.sqlite3", "kecamatan.sqlite3-wal", "kecamatan.sqlite3-shm"):
        (folder / name).write_bytes(b"x")
        os.chmod(folder / name, 0o644)
    for sub in (target.files_dir(), target.backup_dir()):
        sub.mkdir()
        os.chmod(sub, 0o775)
    return folder, target


# -- permissions ----------------------------------------------------------------------------------
@posix_only
def test_amankan_makes_folders_0700_and_database_files_0600(tmp_path: Path) -> None:
    folder, target = make_data(tmp_path)
    assert amankan(folder, target) == []
    assert mode(folder) == 0o700
    assert mode(target.files_dir()) == 0o700
    assert mode(target.backup_dir()) == 0o700
    for name in ("kecamatan.sqlite3", "kecamatan.sqlite3-wal", "kecamatan.sqlite3-shm"):
        assert mode(folder / name) == 0o600, name
    # the owner keeps reading and writing
    (folder / "baru.txt").write_text("ok")
    assert (folder / "kecamatan.sqlite3").read_bytes() == b"x"


@posix_only
def test_amankan_keeps_the_owners_own_bits(tmp_path: Path) -> None:
    folder = tmp_path / "hanya-baca"
    folder.mkdir()
    os.chmod(folder, 0o555)
    try:
        assert amankan(folder) == []
        assert mode(folder) == 0o500  # narrowed, not made writable
    finally:
        os.chmod(folder, 0o700)


@posix_only
def test_amankan_database_elsewhere_and_missing_folders(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    os.chmod(data, 0o750)
    other = tmp_path / "lain"
    other.mkdir()
    os.chmod(other, 0o777)
    db = other / "kantor.sqlite3"
    db.write_bytes(b"x")
    os.chmod(db, 0o666)
    target = DatabaseTarget.parse(db)
    assert not target.files_dir().exists() and not target.backup_dir().exists()
    assert amankan(data, target) == []
    assert (mode(data), mode(other), mode(db)) == (0o700, 0o700, 0o600)
    assert not target.files_dir().exists()  # not created, only narrowed when there


@posix_only
def test_amankan_leaves_the_home_folder_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    os.chmod(home, 0o755)
    monkeypatch.setattr(Path, "home", classmethod(lambda cls: home))
    db = home / "kecamatan.sqlite3"
    db.write_bytes(b"x")
    os.chmod(db, 0o644)
    assert amankan(home / "tidak-ada", DatabaseTarget.parse(db)) == []
    assert mode(home) == 0o755
    assert mode(db) == 0o600


@posix_only
def test_amankan_warns_instead_of_raising(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder, target = make_data(tmp_path)

    def refuse(path: object, new_mode: int) -> None:
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(lokasi_data.os, "chmod", refuse)
    warnings = amankan(folder, target)
    assert len(warnings) == 6  # data folder, 2 subfolders, the file and its 2 side files
    assert all("tidak dapat dibatasi" in w for w in warnings)
    assert f"Izin {folder} tidak dapat dibatasi (Operation not permitted)" in warnings[0]


@posix_only
def test_amankan_skips_what_belongs_to_someone_else(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder, target = make_data(tmp_path)
    someone_else = os.getuid() + 1
    monkeypatch.setattr(lokasi_data.os, "getuid", lambda: someone_else)
    warnings = amankan(folder, target)
    assert warnings and all("milik pengguna lain" in w for w in warnings)
    assert mode(folder) == 0o755


def test_amankan_does_nothing_on_windows(tmp_path: Path) -> None:
    folder, target = make_data(tmp_path)
    assert amankan(folder, target, posix=False) == []
    if os.name == "posix":
        assert mode(folder) == 0o755
        assert mode(folder / "kecamatan.sqlite3") == 0o644


# -- mount tables ---------------------------------------------------------------------------------
PROC_MOUNTS = r"""/dev/sda2 / ext4 rw,relatime 0 0
proc /proc proc rw,nosuid,nodev,noexec,relatime 0 0
tmpfs /run tmpfs rw,nosuid,nodev 0 0
/dev/sdb1 /home ext4 rw,relatime 0 0
//server/data /mnt/kantor cifs rw,vers=3.0,username=tu 0 0
nas:/export/arsip /mnt/kantor/arsip nfs4 rw,relatime 0 0
/dev/sdc1 /mnt/kantor/lokal ext4 rw 0 0
pegawai@server:/data /home/tu/remote fuse.sshfs rw,nosuid 0 0
C:\134 /mnt/c 9p rw,dirsync 0 0
//server/Data\040Kantor /media/data\040kantor smb3 rw 0 0
sshfs#tu@server:/x /mnt/lama fuse rw 0 0
"""

MACOS_MOUNT = """/dev/disk3s1s1 on / (apfs, sealed, local, read-only, journaled)
/dev/disk3s5 on /System/Volumes/Data (apfs, local, journaled, nobrowse)
//tu@server/data on /Volumes/data (smbfs, nodev, nosuid, mounted by tu)
nas:/export on /Volumes/nas (nfs, asynchronous)
"""


def test_linux_mount_table_is_parsed_with_escapes() -> None:
    mounts = baca_mounts_linux(PROC_MOUNTS)
    assert mounts[0] == Mount("/dev/sda2", "/", "ext4")
    assert Mount("//server/Data Kantor", "/media/data kantor", "smb3") in mounts
    assert Mount("C:\\", "/mnt/c", "9p") in mounts
    assert len(mounts) == 11


def test_the_longest_mount_point_wins() -> None:
    mounts = baca_mounts_linux(PROC_MOUNTS)
    found = cari_mount("/mnt/kantor/arsip/2026/kecamatan.sqlite3", mounts)
    assert found is not None and found.fstype == "nfs4"
    found = cari_mount("/mnt/kantor/lokal/kecamatan.sqlite3", mounts)
    assert found is not None and found.fstype == "ext4"
    found = cari_mount("/mnt/kantorku/kecamatan.sqlite3", mounts)  # a prefix, not a parent
    assert found is not None and found.point == "/"
    found = cari_mount("/mnt/kantor", mounts)
    assert found is not None and found.fstype == "cifs"


@pytest.mark.parametrize("path,fstype", [
    ("/mnt/kantor/kecamatan.sqlite3", "cifs"),
    ("/mnt/kantor/arsip/kecamatan.sqlite3", "nfs4"),
    ("/home/tu/remote/kecamatan.sqlite3", "fuse.sshfs"),
    ("/mnt/c/Users/tu/kecamatan.sqlite3", "9p"),
    ("/media/data kantor/kecamatan.sqlite3", "smb3"),
    ("/mnt/lama/kecamatan.sqlite3", "fuse"),
])
def test_network_mounts_give_a_reason(path: str, fstype: str) -> None:
    reason = alasan_mount(path, baca_mounts_linux(PROC_MOUNTS))
    assert reason is not None
    assert reason.startswith(f"{path} berada di folder jaringan ({fstype}: ")


@pytest.mark.parametrize("path", [
    "/home/tu/.local/share/KecamatanTKSK/kecamatan.sqlite3",
    "/mnt/kantor/lokal/kecamatan.sqlite3",
    "/run/kecamatan.sqlite3",
    "/kecamatan.sqlite3",
])
def test_local_mounts_give_none(path: str) -> None:
    assert alasan_mount(path, baca_mounts_linux(PROC_MOUNTS)) is None


def test_no_mount_table_gives_none() -> None:
    assert alasan_mount("/data/kecamatan.sqlite3", []) is None


def test_macos_mount_output() -> None:
    mounts = baca_mounts_macos(MACOS_MOUNT)
    assert Mount("//tu@server/data", "/Volumes/data", "smbfs") in mounts
    assert alasan_mount("/Volumes/data/k.sqlite3", mounts) is not None
    assert alasan_mount("/Volumes/nas/k.sqlite3", mounts) is not None
    assert alasan_mount("/Users/tu/Library/k.sqlite3", mounts) is None


# -- Windows paths --------------------------------------------------------------------------------
def drive_types(remote: str = "Z") -> object:
    asked: list[str] = []

    def drive_type(root: str) -> int:
        asked.append(root)
        return DRIVE_REMOTE if root == f"{remote}:\\" else 3  # 3 = DRIVE_FIXED

    drive_type.asked = asked  # type: ignore[attr-defined]
    return drive_type


@pytest.mark.parametrize("path,share", [
    (r"\\server\data\kecamatan.sqlite3", r"\\server\data"),
    ("//server/data/kecamatan.sqlite3", r"\\server\data"),
    (r"\\?\UNC\server\data\kecamatan.sqlite3", r"\\server\data"),
    (r"\\192.168.1.10\Bersama\TKSK\kecamatan.sqlite3", r"\\192.168.1.10\Bersama"),
])
def test_unc_paths_are_network_shares(path: str, share: str) -> None:
    reason = alasan_windows(path, drive_types())  # type: ignore[arg-type]
    assert reason == f"{path} berada di folder jaringan {share}."


def test_mapped_network_drive_is_asked_of_windows() -> None:
    ask = drive_types("Z")
    reason = alasan_windows(r"z:\Data\kecamatan.sqlite3", ask)  # type: ignore[arg-type]
    assert reason == (
        r"z:\Data\kecamatan.sqlite3 berada di drive jaringan z: (drive yang dipetakan).")
    assert ask.asked == ["Z:\\"]  # type: ignore[attr-defined]


@pytest.mark.parametrize("path", [
    r"C:\Users\tu\AppData\Local\KecamatanTKSK\kecamatan.sqlite3",
    r"\\?\C:\Users\tu\kecamatan.sqlite3",
    r"D:\kecamatan.sqlite3",
])
def test_local_windows_paths_give_none(path: str) -> None:
    assert alasan_windows(path, drive_types("Z")) is None  # type: ignore[arg-type]


def test_di_jaringan_on_this_machine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "kecamatan.sqlite3"
    if sys.platform.startswith("linux"):
        table = [Mount("/dev/sda1", "/", "ext4"), Mount("//srv/x", str(tmp_path), "cifs")]
        monkeypatch.setattr(lokasi_data, "_mount_table", lambda: table)
        reason = lokasi_data.di_jaringan(db)
        assert reason is not None and "cifs" in reason and str(db) in reason
        monkeypatch.setattr(lokasi_data, "_mount_table", lambda: table[:1])
    assert lokasi_data.di_jaringan(db) is None


# -- start-up wiring (app.py) ---------------------------------------------------------------------
REASON = "/mnt/kantor/kecamatan.sqlite3 berada di folder jaringan (cifs: //server/data, ...)."


def started_session(qtbot: Any, target: DatabaseTarget, note: str = "", logins: int = 1) -> Any:
    from kecamatan_app.app import Session

    answers: list[Any] = [users.login("admin", ADMIN_PASSWORD) for _ in range(logins)] + [None]
    session = Session(target, login=lambda: answers.pop(0), network_note=note)
    assert session.start() and session.window is not None
    qtbot.addWidget(session.window)
    return session


@pytest.mark.sqlite_only  # an SQLite file on a network share
def test_network_share_is_warned_once_and_marked_in_the_status_bar(
    qtbot: Any, office: Any, db_target: DatabaseTarget, msgbox: Any,
    monkeypatch: pytest.MonkeyPatch
) -> None:
    from kecamatan_app import app as app_module

    checked: list[Path] = []

    def on_share(path: Path) -> str:
        checked.append(path)
        return REASON

    monkeypatch.setattr(lokasi_data, "di_jaringan", on_share)
    note = app_module.secure_data_location(db_target)
    assert checked == [db_target.path]
    assert len(msgbox.calls) == 1
    kind, title, text = msgbox.calls[0]
    assert (kind, title) == ("warning", "Basis data di folder jaringan")
    assert text.startswith(REASON)
    assert "dapat rusak" in text and "PostgreSQL" in text and "beberapa komputer" in text
    assert note == text

    session = started_session(qtbot, db_target, note, logins=2)
    label = session.window.network_label
    assert label is not None and label.isVisible()
    assert "folder jaringan" in label.text() and label.toolTip() == text
    assert "#b00020" in label.styleSheet()
    with qtbot.waitSignal(session.window.logged_out, timeout=2000):
        session.window.logout()
    qtbot.waitUntil(lambda: session.window is not None)
    qtbot.addWidget(session.window)
    assert session.window.network_label is not None  # still there after logging in again
    assert len(msgbox.calls) == 1  # the pop-up only once per start


@pytest.mark.sqlite_only  # the SQLite file's folder and modes
def test_local_file_no_warning_and_folder_made_private(
    qtbot: Any, office: Any, db_target: DatabaseTarget, data_dir: Path, msgbox: Any,
    monkeypatch: pytest.MonkeyPatch
) -> None:
    from kecamatan_app import app as app_module

    monkeypatch.setattr(lokasi_data, "di_jaringan", lambda path: None)
    if os.name == "posix":
        os.chmod(data_dir, 0o755)
        os.chmod(db_target.path, 0o644)
    assert app_module.secure_data_location(db_target) == ""
    assert msgbox.calls == []
    if os.name == "posix":
        assert mode(data_dir) == 0o700 and mode(db_target.path) == 0o600
    session = started_session(qtbot, db_target)
    assert session.window.network_label is None


def test_postgresql_is_not_checked(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from kecamatan_app import app as app_module

    called: list[str] = []
    monkeypatch.setattr(lokasi_data, "amankan", lambda *a, **k: called.append("amankan") or [])
    monkeypatch.setattr(lokasi_data, "di_jaringan", lambda p: called.append("jaringan") or "x")
    target = DatabaseTarget.parse("postgresql://tu@server/kecamatan")
    assert app_module.secure_data_location(target) == ""
    assert called == []


def fake_backup(monkeypatch: pytest.MonkeyPatch, fn: Any) -> None:
    """A stand-in for services.cadangan.otomatis_harian as the app calls it (the app imports
    it when the daily backup runs, after the window shows)."""
    from kecamatan_app.services import cadangan

    monkeypatch.setattr(cadangan, "otomatis_harian", fn)


def test_daily_backup_runs_in_the_background_and_reports_in_the_status_bar(
    qtbot: Any, office: Any, db_target: DatabaseTarget, monkeypatch: pytest.MonkeyPatch,
    msgbox: Any
) -> None:
    from kecamatan_app.app import start_daily_backup

    seen: list[Any] = []

    def otomatis_harian(target: DatabaseTarget) -> Path:
        seen.append((target, threading.current_thread() is threading.main_thread()))
        return target.backup_dir() / "kecamatan-2026-05-04.sqlite3"

    fake_backup(monkeypatch, otomatis_harian)
    session = started_session(qtbot, db_target)
    task = start_daily_backup(session)
    assert task is not None
    bar = session.window.statusBar()
    qtbot.waitUntil(lambda: bar.currentMessage() != "")
    assert bar.currentMessage() == "Cadangan otomatis dibuat: kecamatan-2026-05-04.sqlite3"
    assert seen == [(db_target, False)]  # off the GUI thread
    assert msgbox.calls == []


def test_daily_backup_failure_goes_to_the_status_bar_and_the_log(
    qtbot: Any, office: Any, db_target: DatabaseTarget, monkeypatch: pytest.MonkeyPatch,
    msgbox: Any, caplog: Any
) -> None:
    from kecamatan_app.app import start_daily_backup

    def otomatis_harian(target: DatabaseTarget) -> Path:
        raise AppError("Folder cadangan tidak dapat ditulis. Periksa ruang disk.")

    fake_backup(monkeypatch, otomatis_harian)
    session = started_session(qtbot, db_target)
    start_daily_backup(session)
    bar = session.window.statusBar()
    qtbot.waitUntil(lambda: bar.currentMessage() != "")
    assert bar.currentMessage() == (
        "Cadangan otomatis gagal: Folder cadangan tidak dapat ditulis. Periksa ruang disk.")
    assert "Cadangan otomatis gagal" in caplog.text
    assert msgbox.calls == []


def test_no_backup_needed_today_says_nothing(
    qtbot: Any, office: Any, db_target: DatabaseTarget, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kecamatan_app.app import start_daily_backup
    from kecamatan_app.views.tasks import wait_all

    fake_backup(monkeypatch, lambda target: None)
    session = started_session(qtbot, db_target)
    task = start_daily_backup(session)
    assert task is not None
    with qtbot.waitSignal(task.finished, timeout=5000):
        pass
    assert wait_all()
    assert session.window.statusBar().currentMessage() == ""


@pytest.mark.sqlite_only  # the daily backup copies the SQLite file
def test_daily_backup_with_the_real_module(
    qtbot: Any, office: Any, db_target: DatabaseTarget, msgbox: Any
) -> None:
    from kecamatan_app.app import start_daily_backup

    session = started_session(qtbot, db_target)
    task = start_daily_backup(session)
    assert task is not None
    bar = session.window.statusBar()
    qtbot.waitUntil(lambda: bar.currentMessage() != "", timeout=30000)
    made = sorted(db_target.backup_dir().iterdir())
    assert len(made) == 1
    assert bar.currentMessage() == f"Cadangan otomatis dibuat: {made[0].name}"
    again = start_daily_backup(session)  # the same day: nothing new
    assert again is not None
    with qtbot.waitSignal(again.finished, timeout=30000):
        pass
    assert sorted(db_target.backup_dir().iterdir()) == made
    assert msgbox.calls == []
