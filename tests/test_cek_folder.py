"""The start-up check that the data folder can be written (services/cek_folder.py)."""

from __future__ import annotations

import errno
import os
import sys
from pathlib import Path

import pytest

from kecamatan_app.config import DatabaseTarget, log_dir
from kecamatan_app.services import cek_folder
from kecamatan_app.services.cek_folder import (
    FolderTidakDapatDitulis,
    folder_diperlukan,
    pastikan_dapat_ditulis,
    periksa_dapat_ditulis,
    periksa_folder_aplikasi,
)
from kecamatan_app.services.errors import AppError


def _leftovers(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.startswith(".cek-tulis-")]


def test_writable_folder_passes_and_leaves_nothing(tmp_path: Path) -> None:
    assert periksa_dapat_ditulis(tmp_path) is None
    assert list(tmp_path.iterdir()) == []


def test_missing_folder_is_created(tmp_path: Path) -> None:
    folder = tmp_path / "a" / "b" / "KecamatanTKSK"
    assert periksa_dapat_ditulis(folder) is None
    assert folder.is_dir()


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permission bits")
@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0,
                    reason="root ignores permission bits, so a read-only folder stays writable")
def test_read_only_folder_gives_the_message(tmp_path: Path) -> None:
    folder = tmp_path / "terkunci"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        message = periksa_dapat_ditulis(folder)
    finally:
        folder.chmod(0o700)
    assert message is not None
    assert str(folder) in message
    assert "Akses ditolak" in message
    assert "petugas TI" in message and "KECAMATAN_APP_DATA_DIR" in message


def test_access_denied_is_explained(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same message as root would see on a locked folder (the OS refuses the write)."""
    def refuse(*args: object, **kwargs: object) -> tuple[int, str]:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(cek_folder.tempfile, "mkstemp", refuse)
    message = periksa_dapat_ditulis(tmp_path)
    assert message is not None
    assert "Akses ditolak" in message and str(tmp_path) in message


def test_parent_is_a_file(tmp_path: Path) -> None:
    blocker = tmp_path / "bukan-folder"
    blocker.write_text("x")
    message = periksa_dapat_ditulis(blocker / "KecamatanTKSK")
    assert message is not None
    assert "berkas, bukan folder" in message
    assert str(blocker / "KecamatanTKSK") in message


def test_path_itself_is_a_file(tmp_path: Path) -> None:
    blocker = tmp_path / "KecamatanTKSK"
    blocker.write_text("x")
    message = periksa_dapat_ditulis(blocker)
    assert message is not None and "berkas, bukan folder" in message


@pytest.mark.parametrize(("code", "expected"), [
    (errno.ENOSPC, "Disk penuh"),
    (errno.EROFS, "hanya dapat dibaca"),
    (errno.EIO, "Sistem menolak menulis"),
])
def test_write_failures_are_explained_and_cleaned_up(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int, expected: str
) -> None:
    def fail(fd: int) -> None:
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(cek_folder.os, "fsync", fail)
    message = periksa_dapat_ditulis(tmp_path)
    assert message is not None and expected in message
    assert _leftovers(tmp_path) == []  # the test file is removed even when the write failed


def test_missing_drive(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def gone(self: Path, *args: object, **kwargs: object) -> None:
        raise FileNotFoundError(errno.ENOENT, "No such file or directory", str(self))

    monkeypatch.setattr(Path, "mkdir", gone)
    message = periksa_dapat_ditulis(tmp_path / "x")
    assert message is not None and "drive" in message


def test_folders_of_the_default_database(data_dir: Path) -> None:
    target = DatabaseTarget.parse(data_dir / "kecamatan.sqlite3")
    folders = folder_diperlukan(target)
    assert folders[0] == (data_dir, cek_folder.SARAN_DATA)
    assert (log_dir(), cek_folder.SARAN_LOG) in folders


def test_folders_of_a_db_file_elsewhere(data_dir: Path, tmp_path: Path) -> None:
    target = DatabaseTarget.parse(tmp_path / "lain" / "kantor.sqlite3")
    folder, saran = folder_diperlukan(target)[0]
    assert folder == tmp_path / "lain"
    assert "--db" in saran


def test_folders_of_postgresql(data_dir: Path) -> None:
    target = DatabaseTarget.parse("postgresql://u:rahasia@localhost/kantor")
    assert folder_diperlukan(target)[0] == (data_dir, cek_folder.SARAN_DATA)


def test_db_folder_under_a_file_is_refused(data_dir: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "berkas"
    blocker.write_text("x")
    target = DatabaseTarget.parse(blocker / "kantor.sqlite3")
    message = periksa_folder_aplikasi(target)
    assert message is not None and "--db" in message
    with pytest.raises(FolderTidakDapatDitulis) as caught:
        pastikan_dapat_ditulis(target)
    assert isinstance(caught.value, AppError)
    assert str(blocker) in str(caught.value)


def test_log_folder_is_checked_too(data_dir: Path, tmp_path: Path,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "log-berkas"
    blocker.write_text("x")
    monkeypatch.setenv("KECAMATAN_APP_LOG_DIR", str(blocker))
    message = periksa_folder_aplikasi(DatabaseTarget.parse(data_dir / "kecamatan.sqlite3"))
    assert message is not None and "KECAMATAN_APP_LOG_DIR" in message


def test_good_setup_passes(data_dir: Path) -> None:
    assert periksa_folder_aplikasi(DatabaseTarget.parse(data_dir / "kecamatan.sqlite3")) is None
    pastikan_dapat_ditulis(DatabaseTarget.parse(data_dir / "kecamatan.sqlite3"))
