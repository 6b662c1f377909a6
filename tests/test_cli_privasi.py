"""``kecamatan-app akses-subjek NIK OUT.pdf [--kertas A4|F4]``: in-process through ``cli.main``
on data built through the services, and in a subprocess as a user runs it."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from pypdf import PdfReader

from kecamatan_app import cli
from kecamatan_app.config import DatabaseTarget
from kecamatan_app.db import close_database, open_database
from kecamatan_app.models import JejakAudit
from kecamatan_app.services.context import Actor
from kecamatan_app.services.nik import mask_nik
from tests.test_akses_subjek import NAMA, NIK, Subjek, build
from tests.test_cli import run


def _text(path: Path) -> str:
    return " ".join(" ".join(p.extract_text() or "" for p in PdfReader(str(path)).pages).split())


def test_writes_the_report_and_audits_it_as_the_os_user(
        make_actor: Any, admin: Actor, tksk_aktif: int, tmp_path: Path, capsys: Any,
        db_target: DatabaseTarget) -> None:
    s: Subjek = build(make_actor, admin, tmp_path)
    out = tmp_path / "akses.pdf"
    assert cli.main(["akses-subjek", NIK, str(out), "--kertas", "f4"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2
    assert re.fullmatch(
        re.escape(f"Data NIK {mask_nik(NIK)} ({NAMA}): 1 registri warga, 0 PSKS, 1 calon TKSK, "
                  "2 kegiatan, 1 rujukan; ") + r"[1-9]\d+ entri riwayat pemrosesan\.", lines[0])
    assert lines[1] == f"PDF ditulis: {out.resolve()} (kertas F4)"
    assert NIK not in "\n".join(lines)
    text = _text(out)
    assert NIK in text and s.rujukan_nomor in text and "oleh cli:" in text
    assert abs(float(PdfReader(str(out)).pages[0].mediabox.height) - 935.4) < 1
    open_database(db_target)
    entry = JejakAudit.select().order_by(JejakAudit.id.desc()).first()
    assert entry.aksi == "akses_subjek" and entry.pelaku.startswith("cli:")
    assert mask_nik(NIK) in entry.ringkasan and NIK not in entry.ringkasan


def test_an_invalid_nik_is_refused_before_anything_is_written(
        office: Any, tmp_path: Path, capsys: Any) -> None:
    out = tmp_path / "x.pdf"
    assert cli.main(["akses-subjek", "12345", str(out)]) == 1
    assert "NIK harus 16 angka, yang diisi 5 angka" in capsys.readouterr().err
    assert not out.exists()


def test_subprocess_unknown_nik_gives_an_empty_report_and_usage_errors(
        office: Any, data_dir: Path, tmp_path: Path) -> None:
    close_database()
    out = tmp_path / "kosong.pdf"
    proc = run(["akses-subjek", "1603060505050005", str(out)], data_dir)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == [
        f"Tidak ada data pribadi dengan NIK {mask_nik('1603060505050005')}; laporan kosong "
        "tetap ditulis sebagai jawaban atas permintaan.",
        f"PDF ditulis: {out.resolve()} (kertas A4)"]
    text = _text(out)
    assert "Tidak ada data pribadi dengan NIK ini yang disimpan" in text
    assert "RAHASIA - berisi data pribadi" in text
    usage = run(["akses-subjek", "1603060505050005"], data_dir)
    assert usage.returncode == 2 and "kesalahan" in usage.stderr
    paper = run(["akses-subjek", "1603060505050005", str(out), "--kertas", "A5"], data_dir)
    assert paper.returncode == 2
