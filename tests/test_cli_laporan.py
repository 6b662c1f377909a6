"""``kecamatan-app report bulanan`` (CONTRACT.md): called in-process through ``cli.main`` on a
data folder prepared through the services, and once in a subprocess as a user would run it."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from pypdf import PdfReader

from kecamatan_app import cli
from kecamatan_app.config import DatabaseTarget
from kecamatan_app.db import close_database, open_database
from kecamatan_app.models import JejakAudit, LaporanBulanan
from kecamatan_app.services import laporan, laporan_cetak
from kecamatan_app.services.context import Actor
from kecamatan_app.services.formatting import bulan_tahun
from tests.laporan_bantu import BULAN, TAHUN, Orang, catat, diajukan, hari, orang, pdf_text
from tests.test_cli import run

BULAN_ARG = f"{TAHUN}-{BULAN:02d}"
BULAN_LABEL = bulan_tahun(TAHUN, BULAN)


@pytest.fixture
def o(make_actor: Any, admin: Actor, tksk_aktif: int) -> Orang:
    people = orang(make_actor, admin)
    catat(people.tksk, hari(6))
    return people


def report(*args: str) -> list[str]:
    return ["report", "bulanan", *args]


def test_writes_pdf_and_xlsx_of_the_month(o: Orang, tmp_path: Path, capsys: Any,
                                          db_target: DatabaseTarget) -> None:
    pdf, xlsx = tmp_path / "laporan.pdf", tmp_path / "laporan.xlsx"
    code = cli.main(report("--bulan", BULAN_ARG, "--pdf", str(pdf), "--xlsx", str(xlsx),
                           "--kertas", "f4"))
    out = capsys.readouterr().out
    assert code == 0, out
    assert out.splitlines() == [
        f"Laporan bulanan {BULAN_LABEL}: TKSK Siti Aminah (contoh), status Draf, belum disusun.",
        f"PDF ditulis: {pdf.resolve()} (kertas F4)", f"Excel ditulis: {xlsx.resolve()}"]
    reader = PdfReader(str(pdf))
    assert all(abs(min(float(p.mediabox.width), float(p.mediabox.height)) - 609.4) < 1
               for p in reader.pages)
    assert "Rapat koordinasi penyaluran BPNT" in pdf_text(pdf)
    assert "oleh cli:" in pdf_text(pdf)  # the footer names the OS user who printed
    wb = openpyxl.load_workbook(xlsx)
    assert wb["Kegiatan"].cell(12, 3).value.startswith("Rapat koordinasi penyaluran BPNT")
    open_database(db_target)
    assert LaporanBulanan.select().count() == 0  # printing does not start a report
    printed = [(j.aksi, j.pelaku) for j in JejakAudit.select().where(
        JejakAudit.tabel == "laporan_bulanan").order_by(JejakAudit.id)]
    assert [a for a, _who in printed] == ["cetak", "ekspor"]
    assert all(who.startswith("cli:") for _a, who in printed)


def test_an_approved_month_prints_its_archive(o: Orang, tmp_path: Path, capsys: Any,
                                              db_target: DatabaseTarget) -> None:
    info = laporan.move(o.camat, diajukan(o).id, "dikembalikan", "Lengkapi foto")
    assert laporan.get(o.tksk, TAHUN, BULAN).alasan_terakhir == "Lengkapi foto"
    assert cli.main(report("--bulan", BULAN_ARG)) == 0
    out = capsys.readouterr().out
    assert "status Dikembalikan." in out and "Alasan dikembalikan: Lengkapi foto" in out
    assert "Tidak ada berkas yang ditulis" in out

    open_database(db_target)  # cli.main closed the database: open it again to approve
    info = laporan_cetak.setujui(o.camat, laporan.move(o.tksk, info.id, "diajukan").id, None)
    close_database()
    pdf = tmp_path / "arsip.pdf"
    assert cli.main(report("--bulan", BULAN_ARG, "--pdf", str(pdf), "--kertas", "F4")) == 0
    out = capsys.readouterr().out
    assert hashlib.sha256(pdf.read_bytes()).hexdigest() == info.arsip_sha256
    assert f"(salinan arsip yang disetujui, SHA-256 {info.arsip_sha256})" in out
    assert "status Disetujui." in out


@pytest.mark.parametrize("bulan,message", [
    ("2025-13", "Bulan '2025-13' tidak sah: tulis TTTT-BB, contoh 2026-10."),
    ("Maret 2025", "Bulan 'Maret 2025' tidak sah"),
    ("2020-01", "Tidak ada TKSK yang bertugas pada Januari 2020."),
    ("2999-01", "Bulan Januari 2999 belum berjalan"),
])
def test_refused_months_exit_1(o: Orang, capsys: Any, tmp_path: Path, bulan: str,
                               message: str) -> None:
    pdf = tmp_path / "x.pdf"
    assert cli.main(report("--bulan", bulan, "--pdf", str(pdf))) == 1
    captured = capsys.readouterr()
    assert message in captured.err
    assert not pdf.exists()


def test_unwritable_path_exits_1_without_a_file(o: Orang, capsys: Any, tmp_path: Path) -> None:
    missing = tmp_path / "tidak-ada" / "laporan.pdf"
    assert cli.main(report("--bulan", BULAN_ARG, "--pdf", str(missing))) == 1
    err = capsys.readouterr().err
    assert f"Berkas tidak dapat ditulis: {missing}" in err and "Pastikan foldernya ada" in err
    assert not missing.parent.exists()
    blocked = tmp_path / "folder.xlsx"
    blocked.mkdir()
    assert cli.main(report("--bulan", BULAN_ARG, "--xlsx", str(blocked))) == 1
    assert "Berkas tidak dapat ditulis" in capsys.readouterr().err
    assert not (tmp_path / "folder.xlsx.tmp").exists()


def test_no_office_exits_1(db: Any, capsys: Any, tmp_path: Path) -> None:
    assert cli.main(report("--bulan", BULAN_ARG)) == 1
    assert "Kantor belum disiapkan" in capsys.readouterr().err
    assert cli.main(["report", "rekap", "--tahun", "2026", "--pdf",
                     str(tmp_path / "rekap.pdf")]) == 1
    assert "Kantor belum disiapkan" in capsys.readouterr().err


@pytest.mark.parametrize("args", [
    ["report"], ["report", "bulanan"], ["report", "bulanan", "--bulan", "2025-03", "--kertas",
                                         "Letter"],
    ["report", "rekap"], ["report", "rekap", "--tahun", "dua ribu"],
    ["report", "bulanan", "--bulan", "2025-03", "--x"],
])
def test_wrong_usage_exits_2(args: list[str], capsys: Any) -> None:
    with pytest.raises(SystemExit) as exc:
        cli.main(args)
    assert exc.value.code == 2
    assert "kecamatan-app report" in capsys.readouterr().err


@pytest.mark.slow
def test_subprocess_run(o: Orang, data_dir: Path, tmp_path: Path) -> None:
    close_database()
    pdf = tmp_path / "keluar" / "laporan bulanan.pdf"
    pdf.parent.mkdir()
    proc = run(["report", "bulanan", "--bulan", BULAN_ARG, "--pdf", str(pdf)], data_dir)
    assert proc.returncode == 0, proc.stderr
    assert f"PDF ditulis: {pdf.resolve()} (kertas A4)" in proc.stdout
    assert "Rapat koordinasi penyaluran BPNT" in pdf_text(pdf)
    proc = run(["report", "bulanan", "--bulan", "2020-01"], data_dir)
    assert proc.returncode == 1 and "Tidak ada TKSK yang bertugas" in proc.stderr
    proc = run(["report", "bulanan"], data_dir)
    assert proc.returncode == 2 and "--bulan" in proc.stderr


def test_report_rekap_writes_pdf_and_excel(o: Orang, tmp_path: Path, capsys: Any) -> None:
    """``report rekap --tahun`` (CONTRACT.md): the yearly recap as PDF and Excel; a year to come
    is refused with exit 1."""
    pdf, xlsx = tmp_path / "rekap.pdf", tmp_path / "rekap.xlsx"
    assert cli.main(["report", "rekap", "--tahun", str(TAHUN), "--pdf", str(pdf),
                     "--xlsx", str(xlsx)]) == 0
    out = capsys.readouterr().out
    assert f"PDF ditulis: {pdf.resolve()}" in out and f"Excel ditulis: {xlsx.resolve()}" in out
    assert "REKAPITULASI TAHUNAN" in pdf_text(pdf)
    wb = openpyxl.load_workbook(xlsx)
    assert wb.sheetnames[:4] == ["Kegiatan", "Rujukan", "Instansi", "PPKS"]
    assert cli.main(["report", "rekap", "--tahun", "2999", "--pdf", str(pdf)]) == 1
    assert "Tahun 2999 tidak sah" in capsys.readouterr().err
