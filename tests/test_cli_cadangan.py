"""``kecamatan-app backup OUT [--enkripsi]`` and ``restore FILE [--ya]`` (CONTRACT.md), run as a
user would: in a subprocess, on a data folder prepared through the services. The terminal
question of ``restore`` is driven in-process."""

from __future__ import annotations

import builtins
from pathlib import Path
from typing import Any

import pytest

from kecamatan_app import cli, cli_cadangan
from kecamatan_app.config import DatabaseTarget
from kecamatan_app.db import close_database, open_database
from kecamatan_app.models import JejakAudit, Warga
from kecamatan_app.services import cadangan, sandi_berkas
from kecamatan_app.services.context import Actor
from tests.test_cadangan import add_files, add_people
from tests.test_cli import run

SANDI = "Sandi-Kantor-2026"
#: subprocesses; backup and restore are of the SQLite file (PostgreSQL: pg_dump, docs/cadangan.md)
pytestmark = [pytest.mark.slow, pytest.mark.sqlite_only]


@pytest.fixture
def siap(admin: Actor, db_target: DatabaseTarget) -> DatabaseTarget:
    """An office with 50 persons and 2 attachments; the database is closed for the CLI."""
    add_people(50)
    add_files(2)
    close_database()
    return db_target


def count_warga(target: DatabaseTarget) -> int:
    open_database(target)
    try:
        return Warga.select().count()
    finally:
        close_database()


def empty_registry(target: DatabaseTarget) -> None:
    open_database(target)
    Warga.delete().execute()
    close_database()


def test_backup_writes_a_checked_copy(siap: DatabaseTarget, data_dir: Path,
                                      tmp_path: Path) -> None:
    out = tmp_path / "cadangan.zip"
    proc = run(["backup", str(out)], data_dir)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith(f"Cadangan ditulis: {out} (")
    assert "2 lampiran)" in proc.stdout
    open_database(siap)
    info = cadangan.periksa(out)
    entry = JejakAudit.select().order_by(JejakAudit.id.desc()).first()
    close_database()
    assert info.jumlah["warga"] == 50 and info.jumlah_lampiran == 2
    assert entry.aksi == "cadangan" and entry.pelaku.startswith("cli:")


def test_backup_into_a_folder_uses_a_dated_name(siap: DatabaseTarget, data_dir: Path,
                                                tmp_path: Path) -> None:
    folder = tmp_path / "flashdisk"
    folder.mkdir()
    proc = run(["backup", str(folder)], data_dir)
    assert proc.returncode == 0, proc.stderr
    written = list(folder.iterdir())
    assert len(written) == 1 and written[0].name.startswith("cadangan-")
    assert written[0].suffix == ".zip"


def test_encrypted_backup_and_restore_with_the_password_from_the_environment(
        siap: DatabaseTarget, data_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "keluar.zip.enc"
    proc = run(["backup", str(out), "--enkripsi"], data_dir,
               KECAMATAN_APP_SANDI_CADANGAN=SANDI)
    assert proc.returncode == 0, proc.stderr
    assert "terenkripsi" in proc.stdout and "tidak dapat dipulihkan" in proc.stdout
    assert sandi_berkas.is_encrypted(out)
    empty_registry(siap)

    wrong = run(["restore", str(out), "--ya"], data_dir,
                KECAMATAN_APP_SANDI_CADANGAN="Sandi-Lain-2026")
    assert wrong.returncode == 1
    assert "Kata sandi salah atau berkas cadangan rusak/diubah." in wrong.stderr
    assert count_warga(siap) == 0
    no_password = run(["restore", str(out), "--ya"], data_dir)
    assert no_password.returncode == 1 and "KECAMATAN_APP_SANDI_CADANGAN" in no_password.stderr

    proc = run(["restore", str(out), "--ya"], data_dir, KECAMATAN_APP_SANDI_CADANGAN=SANDI)
    assert proc.returncode == 0, proc.stderr
    assert "terenkripsi" in proc.stdout and "Kecamatan Gelumbang (16.03.06)" in proc.stdout
    assert count_warga(siap) == 50


def test_encryption_needs_a_password_of_eight_characters(siap: DatabaseTarget, data_dir: Path,
                                                         tmp_path: Path) -> None:
    out = tmp_path / "c.zip.enc"
    proc = run(["backup", str(out), "--enkripsi"], data_dir)
    assert proc.returncode == 1 and "KECAMATAN_APP_SANDI_CADANGAN" in proc.stderr
    short = run(["backup", str(out), "--enkripsi"], data_dir,
                KECAMATAN_APP_SANDI_CADANGAN="pendek")
    assert short.returncode == 1 and "paling sedikit 8 karakter" in short.stderr
    assert not out.exists()


def test_restore_shows_the_check_and_needs_ya_without_a_terminal(
        siap: DatabaseTarget, data_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "c.zip"
    assert run(["backup", str(out)], data_dir).returncode == 0
    empty_registry(siap)
    proc = run(["restore", str(out)], data_dir)
    assert proc.returncode == 1 and "--ya" in proc.stderr
    assert "50 warga (data per nama)" in proc.stdout
    assert "keutuhan basis data (PRAGMA integrity_check): baik" in proc.stdout
    assert count_warga(siap) == 0

    proc = run(["restore", str(out), "--ya"], data_dir)
    assert proc.returncode == 0, proc.stderr
    assert "Data dipulihkan dari c.zip" in proc.stdout
    safety = proc.stdout.strip().splitlines()[-1].split(" disimpan di ")[1]
    assert Path(safety).parent == siap.backup_dir() and Path(safety).exists()
    assert count_warga(siap) == 50


def test_restore_of_a_bad_file_exits_1_with_the_reason(siap: DatabaseTarget, data_dir: Path,
                                                       tmp_path: Path) -> None:
    bad = tmp_path / "catatan.zip"
    bad.write_text("bukan cadangan")
    proc = run(["restore", str(bad), "--ya"], data_dir)
    assert proc.returncode == 1 and "bukan cadangan Kecamatan TKSK" in proc.stderr
    missing = run(["restore", str(tmp_path / "tidak-ada.zip"), "--ya"], data_dir)
    assert missing.returncode == 1 and "tidak ditemukan" in missing.stderr
    assert count_warga(siap) == 50


def test_usage_errors_exit_2(data_dir: Path) -> None:
    assert run(["backup"], data_dir).returncode == 2
    assert run(["restore"], data_dir).returncode == 2
    assert run(["restore", "a.zip", "--paksa"], data_dir).returncode == 2


@pytest.mark.parametrize(("answer", "code", "restored"), [("T", 1, False), ("", 1, False),
                                                           ("y", 0, True)])
def test_restore_asks_on_a_terminal(answer: str, code: int, restored: bool, siap: DatabaseTarget,
                                    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                    capsys: Any) -> None:
    out = tmp_path / "c.zip"
    assert cli.main(["backup", str(out)]) == 0
    empty_registry(siap)
    asked: list[str] = []
    monkeypatch.setattr(cli_cadangan, "_interactive", lambda: True)
    monkeypatch.setattr(builtins, "input", lambda prompt: asked.append(prompt) or answer)
    assert cli.main(["restore", str(out)]) == code
    assert asked and asked[0].endswith("Pulihkan? (y/T) ")
    assert count_warga(siap) == (50 if restored else 0)
    if not restored:
        assert "data tidak diubah" in capsys.readouterr().err


def test_encrypted_backup_asks_the_password_twice_on_a_terminal(
        siap: DatabaseTarget, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: Any) -> None:
    monkeypatch.delenv("KECAMATAN_APP_SANDI_CADANGAN", raising=False)
    monkeypatch.setattr(cli_cadangan, "_interactive", lambda: True)
    answers = iter([SANDI, SANDI + "x"])
    monkeypatch.setattr(cli_cadangan.getpass, "getpass", lambda prompt: next(answers))
    out = tmp_path / "c.zip.enc"
    assert cli.main(["backup", str(out), "--enkripsi"]) == 1
    assert "Ulangan kata sandi tidak sama" in capsys.readouterr().err and not out.exists()
    answers = iter([SANDI, SANDI])
    assert cli.main(["backup", str(out), "--enkripsi"]) == 0
    assert sandi_berkas.is_encrypted(out)
