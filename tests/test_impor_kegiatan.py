"""Template, import and export of activities (JENIS kegiatan), in process and on the command
line."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from conftest import appoint_tksk
from test_cli import run

from kecamatan_app.models import (
    JejakAudit,
    Kegiatan,
    KegiatanDesa,
    KegiatanMitra,
    LaporanBulanan,
)
from kecamatan_app.services import impor_kegiatan, kegiatan, kegiatan_daftar
from kecamatan_app.services.context import Actor
from kecamatan_app.services.impor import write_errors_workbook
from tests.impor_bantu import write_rows

HEADERS = [c.header for c in impor_kegiatan.columns()]
#: Last year: wholly in the past and inside the TKSK's term (appointed the year before).
Y = dt.date.today().year - 1


@pytest.fixture
def tksk(admin: Actor) -> int:
    return appoint_tksk(admin, dt.date(Y - 1, 1, 1))


def act(**over: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "Tanggal": f"15-03-{Y}",
        "Jam Mulai": "09:00",
        "Jam Selesai": "11.30",
        "Fungsi": "Koordinasi",
        "Bentuk": "Menyamakan persepsi",
        "Program": "bpnt",
        "Desa": "Sigam; Melilian",
        "Judul": "Rapat koordinasi penyaluran BPNT",
        "Uraian": "Rapat bersama pendamping PKH dan agen e-warong",
        "Hasil": "Jadwal penyaluran disepakati",
        "Kategori Hambatan": "Transportasi",
        "Hambatan": "Jalan ke dusun terputus",
        "Tindak Lanjut": "Pendataan ulang KPM",
        "Peserta L": 12,
        "Peserta P": "15",
        "Mitra": "dinsos_kab; Agen e-warong Sigam",
        "Status": "Final",
    }
    row.update(over)
    return row


def workbook(path: Path, rows: list[dict[str, Any]]) -> Path:
    return write_rows(path, "Kegiatan", HEADERS, rows)


def counts() -> tuple[int, int, int, int]:
    return (Kegiatan.select().count(), KegiatanDesa.select().count(),
            KegiatanMitra.select().count(), JejakAudit.select().count())


def test_template_has_instructions_and_drop_downs_and_imports_when_filled(
    admin: Actor, tksk: int, tmp_path: Path
) -> None:
    out = impor_kegiatan.write_template(tmp_path / "templat.xlsx")
    wb = openpyxl.load_workbook(out)
    ws = wb["Kegiatan"]
    assert [c.value for c in ws[1]] == HEADERS
    petunjuk = [r[0] for r in wb["Petunjuk"].iter_rows(values_only=True)]
    assert all(h in petunjuk for h in HEADERS)
    lists = {str(dv.sqref)[0] for dv in ws.data_validations.dataValidation}
    assert {"D", "E", "F", "K", "Q"} <= lists  # Fungsi, Bentuk, Program, Kategori, Status
    bentuk = [r[4] for r in wb["Pilihan"].iter_rows(min_row=2, values_only=True) if r[4]]
    assert "Menyamakan persepsi" in bentuk and "Rujukan" not in bentuk

    ws.append([act()[h] for h in HEADERS])
    ws.append([act(**{"Tanggal": dt.datetime(Y, 4, 2), "Jam Mulai": dt.time(8, 0),
                      "Jam Selesai": None, "Fungsi": "fasilitasi", "Bentuk": "pendampingan",
                      "Program": None, "Desa": "Kecamatan", "Judul": "Pendampingan lansia",
                      "Kategori Hambatan": None, "Hambatan": None, "Peserta L": None,
                      "Peserta P": None, "Mitra": None, "Status": None})[h] for h in HEADERS])
    wb.save(out)
    result = impor_kegiatan.import_file(admin, out)
    assert (result.problems, result.created) == ([], 2)

    rows = {r.judul: r for r in kegiatan_daftar.search(admin)}
    rapat = rows["Rapat koordinasi penyaluran BPNT"]
    assert (rapat.tanggal, rapat.jam) == (dt.date(Y, 3, 15), "09.00-11.30")
    assert (rapat.fungsi, rapat.bentuk, rapat.program) == (
        "Koordinasi", "Menyamakan persepsi", "BPNT / Program Sembako")
    assert rapat.lokasi == "Sigam, Mililian"  # Melilian: a known other spelling
    assert rapat.mitra == "Dinas Sosial Kabupaten/Kota; Agen e-warong Sigam"
    assert (rapat.peserta_l, rapat.peserta_p, rapat.status) == (12, 15, "Final")
    assert rapat.hambatan == "Transportasi: Jalan ke dusun terputus"
    assert rapat.tksk == "Siti Aminah (contoh)"
    lansia = rows["Pendampingan lansia"]
    assert (lansia.lokasi, lansia.status, lansia.peserta) == ("Tingkat kecamatan", "Draf", 0)
    assert Kegiatan.get_by_id(lansia.id).penugasan_id == tksk
    entries = JejakAudit.select().where(JejakAudit.aksi == "impor")
    assert [e.ringkasan for e in entries] == ["Impor kegiatan dari templat.xlsx: 2 baru"]


def test_bad_rows_are_named_by_row_and_column_and_nothing_is_written(
    admin: Actor, tksk: int, tmp_path: Path
) -> None:
    before = counts()
    src = workbook(tmp_path / "salah.xlsx", [
        act(),  # good, but the file is refused as a whole
        act(Tanggal="01-01-2099", Judul="Rapat masa depan"),
        act(**{"Jam Mulai": "13:00", "Jam Selesai": "10:00", "Peserta L": -3}),
        act(Desa="Sigan; Sigam", Judul="Rapat di desa salah"),
        act(Bentuk="Rujukan", Judul="Rujukan ke Puskesmas"),
        act(Bentuk="Pendampingan sosial", Judul="Pasangan salah"),
        act(Status="Final", Uraian=None, Hasil=None, Judul="Tanpa uraian", Program="Bansos X"),
        act(**{"Jam Mulai": "25:00", "Peserta P": "banyak", "Kategori Hambatan": "Lainnya",
               "Hambatan": None, "Judul": "Sel salah"}),
        act(Tanggal=f"01-01-{Y - 2}", Judul="Sebelum TKSK bertugas"),
    ])
    result = impor_kegiatan.import_file(admin, src)
    where = {(p.row, p.column): p.message for p in result.problems}
    assert "belum terjadi" in where[(3, "Tanggal")]
    assert "sebelum jam mulai" in where[(4, "Jam Selesai")]
    assert "tidak boleh negatif" in where[(4, "Peserta L")]
    assert "Mungkin maksud Anda: Sigam?" in where[(5, "Desa")]
    assert "templat 'rujukan'" in where[(6, "Bentuk")]
    assert "bukan bentuk fungsi Koordinasi" in where[(7, "Bentuk")]
    assert "uraian" in where[(8, "Uraian")] and "hasil" in where[(8, "Hasil")]
    assert "tidak dikenal" in where[(8, "Program")]
    assert "bukan jam" in where[(9, "Jam Mulai")]
    assert "bukan bilangan bulat" in where[(9, "Peserta P")]
    assert "Lainnya" in where[(9, "Hambatan")]
    assert "sebelum TKSK mulai bertugas" in where[(10, "Tanggal")]
    assert not any(p.row == 2 for p in result.problems)
    assert (result.created, result.ok) == (0, False)
    assert counts() == before


def test_duplicates_of_recorded_activities_and_within_the_file_are_refused(
    admin: Actor, tksk: int, tmp_path: Path
) -> None:
    src = workbook(tmp_path / "a.xlsx", [act()])
    assert impor_kegiatan.import_file(admin, src).created == 1
    before = counts()
    again = impor_kegiatan.import_file(admin, src)
    assert [(p.row, p.column) for p in again.problems] == [(2, "Judul")]
    assert "sudah tercatat" in again.problems[0].message
    assert counts() == before
    twice = workbook(tmp_path / "b.xlsx", [act(Judul="Rapat X"), act(Judul="  rapat  x ")])
    result = impor_kegiatan.import_file(admin, twice)
    assert [(p.row, p.column) for p in result.problems] == [(3, "Judul")]
    assert "baris 2" in result.problems[0].message
    assert counts() == before


def test_a_locked_month_refuses_its_rows_and_the_whole_file(
    admin: Actor, tksk: int, tmp_path: Path
) -> None:
    LaporanBulanan.create(kecamatan=kegiatan.kecamatan_of(admin), penugasan=tksk, tahun=Y,
                          bulan=5, status="diajukan")
    before = counts()
    src = workbook(tmp_path / "a.xlsx", [act(), act(Tanggal=f"20-05-{Y}")])
    result = impor_kegiatan.import_file(admin, src)
    assert [(p.row, p.column) for p in result.problems] == [(3, "Tanggal")]
    assert "terkunci" in result.problems[0].message
    assert "Diajukan" in result.problems[0].message
    assert counts() == before


def test_dry_run_writes_nothing_and_errors_workbook_reads_back(
    admin: Actor, tksk: int, tmp_path: Path
) -> None:
    before = counts()
    good = workbook(tmp_path / "a.xlsx", [act(), act(Judul="Rapat lain")])
    result = impor_kegiatan.import_file(admin, good, dry_run=True)
    assert (result.created, result.problems, result.dry_run) == (2, [], True)
    assert counts() == before
    bad = impor_kegiatan.import_file(admin, workbook(tmp_path / "b.xlsx", [act(Desa="Entah")]))
    out = write_errors_workbook(tmp_path / "masalah.xlsx", bad.problems, "b.xlsx")
    rows = list(openpyxl.load_workbook(out).active.iter_rows(values_only=True))
    assert any(r[:2] == (2, "Desa") and "Entah" in r[2] for r in rows)


def test_export_reads_back_and_re_import_is_refused_as_duplicate(
    admin: Actor, tksk: int, tmp_path: Path
) -> None:
    impor_kegiatan.import_file(admin, workbook(tmp_path / "a.xlsx", [
        act(), act(Tanggal=f"01-02-{Y}", Judul="Pelaporan bulan Januari", Fungsi="Administrasi",
                   Bentuk="Pelaporan", Desa=None, Mitra=None)]))
    out = tmp_path / "ekspor.xlsx"
    assert impor_kegiatan.export(admin, out) == 2
    rows = list(openpyxl.load_workbook(out).active.iter_rows(values_only=True))
    assert any("RAHASIA" in str(r[0]) for r in rows[:6])
    head = next(i for i, r in enumerate(rows) if r and r[0] == "Tanggal")
    assert list(rows[head][: len(HEADERS)]) == HEADERS
    first, second = (dict(zip(rows[head], r, strict=True)) for r in rows[head + 1:])
    assert first["Judul"] == "Pelaporan bulan Januari" and first["Desa"] == "Kecamatan"
    assert (second["Jam Mulai"], second["Jam Selesai"]) == ("09:00", "11:30")
    assert second["Desa"] == "Sigam; Mililian" and second["TKSK"] == "Siti Aminah (contoh)"
    assert (second["Kategori Hambatan"], second["Jumlah Peserta"]) == ("Transportasi", 27)
    assert JejakAudit.select().where(JejakAudit.aksi == "ekspor").count() == 1
    again = impor_kegiatan.import_file(admin, out)
    assert len(again.problems) == 2 and all(p.column == "Judul" for p in again.problems)


@pytest.mark.slow
def test_command_line_template_import_errors_and_export(
    admin: Actor, tksk: int, data_dir: Path, tmp_path: Path
) -> None:
    tpl = tmp_path / "templat.xlsx"
    proc = run(["template", "kegiatan", str(tpl)], data_dir)
    assert proc.returncode == 0, proc.stderr
    wb = openpyxl.load_workbook(tpl)
    wb["Kegiatan"].append([act()[h] for h in HEADERS])
    wb.save(tpl)
    dry = run(["import", "kegiatan", str(tpl), "--dry-run"], data_dir)
    assert dry.returncode == 0, dry.stderr
    assert "1 baris baru akan ditambahkan" in dry.stdout
    assert Kegiatan.select().count() == 0
    proc = run(["import", "kegiatan", str(tpl)], data_dir)
    assert proc.returncode == 0, proc.stderr
    assert "1 baru" in proc.stdout and Kegiatan.select().count() == 1

    errors = tmp_path / "masalah.xlsx"
    again = run(["import", "kegiatan", str(tpl), "--errors", str(errors)], data_dir)
    assert again.returncode == 1
    assert "Baris 2, kolom Judul: " in again.stderr and "tidak ada data" in again.stderr
    rows = list(openpyxl.load_workbook(errors).active.iter_rows(values_only=True))
    assert any(r[:2] == (2, "Judul") for r in rows)
    assert Kegiatan.select().count() == 1

    out = tmp_path / "ekspor.xlsx"
    proc = run(["export", "kegiatan", str(out)], data_dir)
    assert proc.returncode == 0, proc.stderr and "1 baris diekspor" in proc.stdout
    values = [v for r in openpyxl.load_workbook(out).active.iter_rows(values_only=True)
              for v in r]
    assert "Rapat koordinasi penyaluran BPNT" in values
