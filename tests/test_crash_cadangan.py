"""Crash safety of backup and restore: the work runs in a subprocess (the command line) and is
killed with SIGKILL at named steps (``KECAMATAN_APP_UJI_HENTI``, services/uji_henti.py) and
after a few delays. Afterwards the live database passes ``PRAGMA integrity_check`` and holds
either the old or the new state entirely, no partial backup exists under its final name, the
attachments folder holds only complete files (content = name's hash), and every attachment the
database refers to is there."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from kecamatan_app.config import DatabaseTarget
from kecamatan_app.db import close_database, open_database
from kecamatan_app.models import Kantor, Lampiran
from kecamatan_app.services import cadangan
from kecamatan_app.services.context import Actor
from tests.conftest import gelumbang_setup
from tests.test_cadangan import add_files, add_people

pytestmark = [
    pytest.mark.slow,
    pytest.mark.sqlite_only,  # SIGKILL of the backup and restore of an SQLite file
    pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL tidak ada di Windows"),
]
SANDI = "Sandi-Kantor-2026"
KILLED = -signal.SIGKILL if sys.platform != "win32" else 137
HEX = re.compile(r"^[0-9a-f]{64}$")


@dataclass(frozen=True)
class Template:
    folder: Path
    backup: Path  # state A, plain
    backup_enc: Path  # state A, encrypted
    state_a: tuple[int, str, int]
    state_b: tuple[int, str, int]


def fingerprint(db_file: Path) -> tuple[int, str, int]:
    con = sqlite3.connect(db_file)
    try:
        return (con.execute("SELECT COUNT(*) FROM warga").fetchone()[0],
                con.execute("SELECT alamat FROM kantor").fetchone()[0],
                con.execute("SELECT COUNT(*) FROM lampiran").fetchone()[0])
    finally:
        con.close()


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Template]:
    """State A (6,000 persons, 12 attachments of about 150 KB) is backed up; then the live data
    become state B (persons and half of the attachments removed, another address)."""
    root = tmp_path_factory.mktemp("crash")
    data = root / "data"
    data.mkdir()
    target = DatabaseTarget.parse(data / "kecamatan.sqlite3")
    old_env = os.environ.get("KECAMATAN_APP_DATA_DIR")
    os.environ["KECAMATAN_APP_DATA_DIR"] = str(data)
    try:
        open_database(target)
        gelumbang_setup()
        add_people(6000)
        with_files = [os.urandom(150_000) for _ in range(12)]
        from kecamatan_app.services import lampiran
        from kecamatan_app.services.tx import write

        with write():
            shas = [lampiran.store_bytes(b"%PDF-1.4\n" + blob, f"scan{i}.pdf").sha256
                    for i, blob in enumerate(with_files)]
        Kantor.update(alamat="KEADAAN A").execute()
        system = Actor.system("uji")
        backup = root / "cadangan-a.zip"
        backup_enc = root / "cadangan-a.zip.enc"
        cadangan.buat(system, backup)
        cadangan.buat(system, backup_enc, sandi=SANDI)
        state_a = fingerprint(target.path)
        # state B
        from kecamatan_app.models import Warga

        Warga.delete().where(Warga.id > 2000).execute()
        Kantor.update(alamat="KEADAAN B").execute()
        for sha in shas[:6]:
            Lampiran.delete().where(Lampiran.sha256 == sha).execute()
            (target.files_dir() / sha[:2] / sha).unlink()
        add_files(2, seed="b")
        close_database()
        state_b = fingerprint(target.path)
        assert state_a != state_b
        yield Template(data, backup, backup_enc, state_a, state_b)
    finally:
        close_database()
        if old_env is None:
            os.environ.pop("KECAMATAN_APP_DATA_DIR", None)
        else:
            os.environ["KECAMATAN_APP_DATA_DIR"] = old_env


@pytest.fixture
def live(template: Template, tmp_path: Path) -> DatabaseTarget:
    folder = tmp_path / "data"
    shutil.copytree(template.folder, folder)
    return DatabaseTarget.parse(folder / "kecamatan.sqlite3")


def start(target: DatabaseTarget, args: list[str], henti: str | None = None,
          **env: str) -> subprocess.Popen[str]:
    full = dict(os.environ, KECAMATAN_APP_DATA_DIR=str(target.path.parent),
                QT_QPA_PLATFORM="offscreen", **env)
    full.pop("KECAMATAN_APP_DB", None)
    full.pop("KECAMATAN_APP_UJI_HENTI", None)
    if henti:
        full["KECAMATAN_APP_UJI_HENTI"] = henti
    return subprocess.Popen([sys.executable, "-m", "kecamatan_app", "--db", str(target.path),
                             *args], env=full, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)


def finish(proc: subprocess.Popen[str]) -> tuple[int, str]:
    out, err = proc.communicate(timeout=120)
    return proc.returncode, out + err


def killed_at(henti: str, code: int, text: str) -> None:
    """The process died by SIGKILL at exactly that step (not before, not elsewhere)."""
    assert code == KILLED, text
    assert f"uji_henti: {henti}" in text, text


def assert_sound(target: DatabaseTarget, template: Template) -> tuple[int, str, int]:
    """The invariants after any kill; returns the state the database holds."""
    con = sqlite3.connect(target.path)  # opening runs WAL recovery, as the app would
    try:
        assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        referenced = [r[0] for r in con.execute("SELECT sha256 FROM lampiran")]
    finally:
        con.close()
    now = fingerprint(target.path)
    assert now in (template.state_a, template.state_b)
    files = target.files_dir()
    for path in files.rglob("*"):
        if path.is_file():
            assert HEX.match(path.name), f"berkas asing di folder lampiran: {path}"
            assert path.parent.name == path.name[:2]
            assert hashlib.sha256(path.read_bytes()).hexdigest() == path.name, path
    for sha in referenced:
        assert (files / sha[:2] / sha).is_file(), f"lampiran {sha} hilang"
    for copy in target.backup_dir().glob("sebelum-pulih-*.zip"):
        cadangan.periksa(copy)  # a safety copy under its final name is complete
    # the app opens it normally afterwards
    open_database(target)
    close_database()
    return now


# -- backup ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(("henti", "enkripsi"), [
    ("cadangan.buat_salinan", False), ("cadangan.buat_lampiran", False),
    ("cadangan.buat_sebelum_ganti", False), ("cadangan.buat_enkripsi", True)])
def test_killed_backup_leaves_no_partial_file(henti: str, enkripsi: bool, live: DatabaseTarget,
                                              template: Template, tmp_path: Path) -> None:
    out = tmp_path / "keluar" / ("c.zip.enc" if enkripsi else "c.zip")
    out.parent.mkdir()
    args = ["backup", str(out)] + (["--enkripsi"] if enkripsi else [])
    code, text = finish(start(live, args, henti, KECAMATAN_APP_SANDI_CADANGAN=SANDI))
    killed_at(henti, code, text)
    assert not out.exists()
    assert [p for p in out.parent.iterdir() if not p.name.startswith(".")] == []
    assert assert_sound(live, template) == template.state_b
    # the next backup into the same folder works
    code, text = finish(start(live, args, KECAMATAN_APP_SANDI_CADANGAN=SANDI))
    assert code == 0, text
    info = cadangan.periksa(out, sandi=SANDI if enkripsi else None)
    assert info.jumlah["warga"] == template.state_b[0]


def test_backup_killed_after_a_delay(live: DatabaseTarget, template: Template,
                                     tmp_path: Path) -> None:
    out = tmp_path / "c.zip"
    for delay in (0.3, 0.9):
        proc = start(live, ["backup", str(out)])
        time.sleep(delay)
        proc.kill()
        finish(proc)
        if out.exists():  # finished before the kill: then it is complete
            assert cadangan.periksa(out).jumlah["warga"] == template.state_b[0]
            out.unlink()
        assert assert_sound(live, template) == template.state_b


# -- restore --------------------------------------------------------------------------------------
@pytest.mark.parametrize(("henti", "expected"), [
    ("cadangan.pulih_sesudah_pengaman", "b"), ("cadangan.pulih_lampiran", "b"),
    ("cadangan.pulih_db", "b"), ("cadangan.pulih_sesudah_db", "a")])
def test_killed_restore_leaves_old_or_new_state_whole(henti: str, expected: str,
                                                      live: DatabaseTarget, template: Template,
                                                      tmp_path: Path) -> None:
    code, text = finish(start(live, ["restore", str(template.backup), "--ya"], henti))
    killed_at(henti, code, text)
    if henti == "cadangan.pulih_db":  # killed inside the write: uncommitted pages in the WAL
        wal = live.path.with_name(live.path.name + "-wal")
        assert wal.stat().st_size > 0
    state = assert_sound(live, template)
    assert state == (template.state_a if expected == "a" else template.state_b)
    assert list(live.backup_dir().glob("sebelum-pulih-*.zip"))  # the copy came first


def test_restore_after_a_killed_restore_completes(live: DatabaseTarget, template: Template,
                                                  tmp_path: Path) -> None:
    code, text = finish(start(live, ["restore", str(template.backup_enc), "--ya"],
                              "cadangan.pulih_db", KECAMATAN_APP_SANDI_CADANGAN=SANDI))
    killed_at("cadangan.pulih_db", code, text)
    assert assert_sound(live, template) == template.state_b
    code, text = finish(start(live, ["restore", str(template.backup_enc), "--ya"],
                              KECAMATAN_APP_SANDI_CADANGAN=SANDI))
    assert code == 0, text
    assert assert_sound(live, template) == template.state_a


def test_restore_killed_after_a_delay(live: DatabaseTarget, template: Template) -> None:
    for delay in (0.5, 1.2):
        proc = start(live, ["restore", str(template.backup), "--ya"])
        time.sleep(delay)
        proc.kill()
        finish(proc)
        assert_sound(live, template)
