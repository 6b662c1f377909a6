"""``kecamatan-app retensi``: the plan, the archive and the purge from the command line, run in a
subprocess as an administrator's script would (and the typed confirmation in-process, where a
terminal can be pretended)."""

from __future__ import annotations

import datetime as dt
import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from kecamatan_app import cli
from kecamatan_app.config import DatabaseTarget
from kecamatan_app.db import close_database, open_database
from kecamatan_app.models import DataPPKS, JejakAudit, Pendaftar, Warga
from kecamatan_app.services import audit, pendaftar, registri, registri_ppks
from kecamatan_app.services.context import Actor
from kecamatan_app.services.retensi import tambah_tahun
from tests.db_bantu import cli_db_env
from tests.kegiatan_bantu import TODAY, desa_id
from tests.test_retensi import kat

NIK_CALON = "1603060405960071"
NIK_WARGA = "1603060405900072"


def run(args: list[str], data_dir: Path) -> subprocess.CompletedProcess[str]:
    """As a script runs it: no terminal on stdin."""
    env = dict(os.environ, KECAMATAN_APP_DATA_DIR=str(data_dir), QT_QPA_PLATFORM="offscreen")
    env.pop("KECAMATAN_APP_DB", None)
    env.update(cli_db_env())  # PostgreSQL: the test's database (SQLite: data_dir's file)
    return subprocess.run([sys.executable, "-m", "kecamatan_app", *args], env=env, input="",
                          capture_output=True, text=True, timeout=300)


@pytest.fixture
def lama(admin: Actor, db_target: DatabaseTarget) -> dict[str, int]:
    """A candidate registered three years ago and a person without PPKS for six years."""
    born = dt.date(1996, 5, 4)
    pid, _ = pendaftar.create(admin, pendaftar.PendaftarData(
        nik=NIK_CALON, nama="Agus Lama (contoh)", jenis_kelamin="L", tanggal_lahir=born,
        tanggal_daftar=tambah_tahun(TODAY, -3)))
    wid = registri.create_warga(admin, registri.WargaData(
        nik=NIK_WARGA, nama="Dedi Lama (contoh)", jenis_kelamin="L",
        tanggal_lahir=dt.date(1990, 5, 4), desa_id=desa_id("Sigam"))).id
    ppks = registri_ppks.add_ppks(admin, registri_ppks.PPKSData(
        kategori_id=kat("PPKS", "24"), warga_id=wid, status="tidak_lagi")).id
    old = dt.datetime.combine(tambah_tahun(TODAY, -6), dt.time(9, 0))
    Warga.update(diubah_pada=old).where(Warga.id == wid).execute()
    DataPPKS.update(diubah_pada=old).where(DataPPKS.id == ppks).execute()
    close_database()
    return {"pendaftar": pid, "warga": wid}


def test_prints_the_plan_with_masked_nik(lama: dict[str, int], data_dir: Path) -> None:
    proc = run(["retensi"], data_dir)
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert "Data yang melewati masa simpan pada" in out
    assert "Calon TKSK yang tidak diangkat (disimpan 2 tahun sejak tanggal pendaftaran): 1 akan " \
           "dihapus" in out
    assert f"[dihapus] pendaftar nomor {lama['pendaftar']}: Agus Lama (contoh), NIK " \
           "160306********71" in out
    assert f"[dihapus] warga nomor {lama['warga']}: Dedi Lama (contoh)" in out
    assert NIK_CALON not in out and NIK_WARGA not in out
    ahead = run(["retensi", "--pada", "2020-01-01"], data_dir)
    assert ahead.returncode == 0 and "Tidak ada data yang melewati masa simpan." in ahead.stdout
    bad = run(["retensi", "--pada", "31-01-2031"], data_dir)
    assert bad.returncode == 1 and "TTTT-BB-HH" in bad.stderr


def test_archive_then_purge_needs_yes_without_a_terminal(lama: dict[str, int], data_dir: Path,
                                                         tmp_path: Path,
                                                         db_target: DatabaseTarget) -> None:
    out = tmp_path / "arsip.zip"
    usage = run(["retensi", "--musnahkan"], data_dir)
    assert usage.returncode == 2 and "--arsip" in usage.stderr
    refused = run(["retensi", "--arsip", str(out), "--musnahkan"], data_dir)
    assert refused.returncode == 1 and "--ya" in refused.stderr
    assert not out.exists()  # refused before anything was written

    done = run(["retensi", "--arsip", str(out), "--musnahkan", "--ya"], data_dir)
    assert done.returncode == 0, done.stderr
    assert f"Arsip ditulis: {out.resolve()}" in done.stdout
    assert "Pemusnahan selesai." in done.stdout
    assert "- Calon TKSK yang tidak diangkat: 1 dihapus" in done.stdout
    assert "- Warga tanpa PPKS aktif: 1 dihapus" in done.stdout
    with zipfile.ZipFile(out) as zf:
        book = next(n for n in zf.namelist() if n.endswith(".xlsx"))
        wb = openpyxl.load_workbook(io.BytesIO(zf.read(book)), read_only=True)
        cells = [c for r in wb["pendaftar"].iter_rows(values_only=True) for c in r]
    assert NIK_CALON in cells and cells[0].startswith("RAHASIA - berisi data pribadi")
    open_database(db_target)
    assert Pendaftar.get_or_none(Pendaftar.id == lama["pendaftar"]) is None
    assert Warga.get_or_none(Warga.id == lama["warga"]) is None
    who = {j.pelaku for j in JejakAudit.select().where(
        JejakAudit.aksi.in_(["ekspor_arsip_retensi", "musnah_retensi"]))}
    assert len(who) == 1 and next(iter(who)).startswith("cli:")
    assert audit.verify_chain().ok
    close_database()
    again = run(["retensi", "--arsip", str(tmp_path / "lagi.zip"), "--musnahkan", "--ya"],
                data_dir)
    assert again.returncode == 0 and "Tidak ada yang perlu diarsipkan" in again.stdout


def test_a_typed_confirmation_at_a_terminal(lama: dict[str, int], tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch, capsys: Any,
                                            db_target: DatabaseTarget) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO())
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    answers = iter(["tidak", "ya"])
    monkeypatch.setattr("builtins.input", lambda prompt="": next(answers))
    first = tmp_path / "pertama.zip"
    assert cli.main(["retensi", "--arsip", str(first), "--musnahkan"]) == 1
    assert "Pemusnahan dibatalkan; arsip tetap tersimpan." in capsys.readouterr().out
    assert first.exists()
    open_database(db_target)
    assert Pendaftar.get_or_none(Pendaftar.id == lama["pendaftar"]) is not None
    close_database()
    assert cli.main(["retensi", "--arsip", str(tmp_path / "kedua.zip"), "--musnahkan"]) == 0
    assert "Pemusnahan selesai." in capsys.readouterr().out
    open_database(db_target)
    assert Pendaftar.get_or_none(Pendaftar.id == lama["pendaftar"]) is None


def test_a_purge_for_a_day_to_come_is_refused(lama: dict[str, int], data_dir: Path,
                                              tmp_path: Path) -> None:
    proc = run(["retensi", "--pada", tambah_tahun(TODAY, 1).isoformat(), "--arsip",
                str(tmp_path / "a.zip"), "--musnahkan", "--ya"], data_dir)
    assert proc.returncode == 1 and "belum tiba" in proc.stderr
    assert not (tmp_path / "a.zip").exists()
