"""The command line per CONTRACT.md, run as a user would: in a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from kecamatan_app import __version__
from tests.db_bantu import cli_db_env


def run(args: list[str], data_dir: Path, **env: str) -> subprocess.CompletedProcess[str]:
    full_env = dict(os.environ, KECAMATAN_APP_DATA_DIR=str(data_dir), QT_QPA_PLATFORM="offscreen",
                    **env)
    full_env.pop("KECAMATAN_APP_DB", None)
    full_env.update(cli_db_env())  # PostgreSQL: the test's database (SQLite: data_dir's file)
    return subprocess.run([sys.executable, "-m", "kecamatan_app", *args], env=full_env,
                          capture_output=True, text=True, timeout=300)


def test_version(tmp_path):
    proc = run(["--version"], tmp_path)
    assert proc.returncode == 0 and proc.stdout.strip() == f"kecamatan-app {__version__}"


def test_setup_creates_the_office_in_the_default_data_folder(tmp_path):
    proc = run(["setup", "--kecamatan-kode", "16.03.06", "--camat", "Drs. Camat",
                "--nip-camat", "197001012000031001", "--alamat", "Jl. Merdeka 1"], tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "Gelumbang, Kabupaten Muara Enim, Sumatera Selatan" in proc.stdout
    assert "1 kelurahan dan 22 desa" in proc.stdout
    assert (tmp_path / "kecamatan.sqlite3").exists()
    again = run(["setup", "--kecamatan-kode", "16.03.06"], tmp_path)
    assert again.returncode == 1 and "sudah disiapkan" in again.stderr


def test_setup_refuses_unknown_code_and_bad_nip(tmp_path):
    db = tmp_path / "a.sqlite3"
    proc = run(["--db", str(db), "setup", "--kecamatan-kode", "99.99.99"], tmp_path)
    assert proc.returncode == 1 and "tidak ada dalam daftar resmi" in proc.stderr
    proc = run(["setup", "--db", str(db), "--kecamatan-kode", "16.03.06", "--camat", "X",
                "--nip-camat", "123"], tmp_path)
    assert proc.returncode == 1 and "NIP" in proc.stderr


def test_setup_with_admin_password_from_environment(tmp_path):
    proc = run(["setup", "--kecamatan-kode", "16.03.06", "--admin", "kasi"], tmp_path,
               KECAMATAN_APP_ADMIN_PASSWORD="Kuat12345")
    assert proc.returncode == 0, proc.stderr
    assert "akun administrator" not in proc.stdout
    no_pw = run(["setup", "--db", str(tmp_path / "b.sqlite3"), "--kecamatan-kode", "16.03.06",
                 "--admin", "kasi"], tmp_path)
    assert no_pw.returncode == 1 and "KECAMATAN_APP_ADMIN_PASSWORD" in no_pw.stderr


def test_usage_errors_exit_2(tmp_path):
    assert run(["setup"], tmp_path).returncode == 2
    assert run(["tidak-ada"], tmp_path).returncode == 2


def test_database_that_is_not_ours_exits_1(tmp_path):
    bad = tmp_path / "bukan.sqlite3"
    bad.write_text("halo")
    proc = run(["--db", str(bad), "demo"], tmp_path)
    assert proc.returncode == 1 and "bukan basis data" in proc.stderr
    assert bad.read_text() == "halo"


def test_demo_fills_an_empty_database_once(tmp_path):
    proc = run(["demo", "--seed", "3"], tmp_path)
    assert proc.returncode == 0, proc.stderr
    for role in ("admin", "operator", "tksk", "camat"):
        assert f"\n  {role}" in proc.stdout
    again = run(["demo"], tmp_path)
    assert again.returncode == 1 and "basis data kosong" in again.stderr
    kab = run(["demo", "--size", "kabupaten"], tmp_path)  # the filled database refuses it too
    assert kab.returncode == 1 and "basis data kosong" in kab.stderr


@pytest.mark.slow
def test_selftest_passes(tmp_path):
    proc = run(["selftest"], tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Uji mandiri berhasil." in proc.stdout
    assert "[GAGAL]" not in proc.stdout
    assert not (tmp_path / "kecamatan.sqlite3").exists(), "selftest must not touch user data"


def test_verify_audit(tmp_path):
    run(["demo"], tmp_path)
    proc = run(["verify-audit"], tmp_path)
    assert proc.returncode == 0 and "utuh" in proc.stdout
