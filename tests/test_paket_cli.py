"""``kecamatan-app paket ekspor|impor``: in-process through ``cli.main`` and once in a subprocess
as a user runs it.

The subprocess runs the installed entry point's code path (``cli.main``) as a user does.
"""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest

from kecamatan_app import cli
from kecamatan_app.db import close_database
from kecamatan_app.services.context import Actor
from tests.db_bantu import cli_db_env
from tests.paket_bantu import Contoh, buat_contoh, siapkan_dinas, siapkan_kecamatan

BOOT = """
import sys
from kecamatan_app import cli
sys.exit(cli.main(sys.argv[1:]))
"""


@pytest.fixture(scope="module")
def contoh(tmp_path_factory: pytest.TempPathFactory) -> Contoh:
    return buat_contoh(tmp_path_factory.mktemp("paket"))


def run(args: list[str], data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, KECAMATAN_APP_DATA_DIR=str(data_dir), QT_QPA_PLATFORM="offscreen")
    env.pop("KECAMATAN_APP_DB", None)
    env.update(cli_db_env())
    return subprocess.run([sys.executable, "-c", BOOT, *args], env=env, capture_output=True,
                          text=True, timeout=300)


def test_ekspor(admin: Actor, tmp_path: Path, capsys: Any) -> None:
    siapkan_kecamatan(admin, tmp_path)
    out = tmp_path / "maret.zip"
    assert cli.main(["paket", "ekspor", "--bulan", "2025-03", str(out)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith(f"Paket Maret 2025 ditulis: {out.resolve()} (")
    assert lines[1].startswith("Sidik paket: ") and "SHA-256 berkas: " in lines[1]
    with zipfile.ZipFile(out) as zf:
        assert zf.namelist() == ["manifest.json", "laporan.pdf", "ringkasan.json"]
    assert cli.main(["paket", "ekspor", "--bulan", "2025-04", str(tmp_path / "a.zip")]) == 1
    assert "Laporan bulanan April 2025 belum disusun" in capsys.readouterr().err
    assert cli.main(["paket", "ekspor", "--bulan", "2025-13", str(tmp_path / "a.zip")]) == 1
    assert "tidak sah: tulis TTTT-BB" in capsys.readouterr().err
    assert not (tmp_path / "a.zip").exists()
    with pytest.raises(SystemExit) as usage:
        cli.main(["paket", "ekspor", str(out)])  # --bulan missing
    assert usage.value.code == 2


def test_impor_in_a_subprocess(contoh: Contoh, db: Any, data_dir: Path, tmp_path: Path) -> None:
    siapkan_dinas()
    close_database()
    bad = tmp_path / "rusak.zip"
    bad.write_bytes(contoh.v1.read_bytes()[:-300])
    proc = run(["paket", "impor", str(contoh.v1), str(bad), str(contoh.v1), str(contoh.v2)],
               data_dir)
    assert proc.returncode == 1, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0].startswith("paket-v1.zip: diterima — 16.03.06 Gelumbang Maret 2025 "
                               "diterima (sidik ")
    assert lines[1].startswith("rusak.zip: ditolak — Paket rusak.zip ditolak: berkas zip rusak")
    assert lines[2].startswith("paket-v1.zip: tidak berubah — 16.03.06 Gelumbang Maret 2025: "
                               "paket yang sama sudah diterima")
    assert lines[3].startswith("paket-v2.zip: diganti — 16.03.06 Gelumbang Maret 2025: paket "
                               "sebelumnya (diterima ")
    assert lines[4] == "4 berkas: 3 diproses, 1 ditolak."
    ok = run(["paket", "impor", str(contoh.v2)], data_dir)
    assert ok.returncode == 0 and "tidak berubah" in ok.stdout, ok.stderr


def test_impor_refused_in_a_kecamatan_database(contoh: Contoh, office: Any, capsys: Any) -> None:
    assert cli.main(["paket", "impor", str(contoh.v1)]) == 1
    assert "diterima di basis data Dinas Sosial" in capsys.readouterr().err
