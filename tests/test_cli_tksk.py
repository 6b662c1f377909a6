"""The data commands of CONTRACT.md (template, import, export, eligibility, tksk appoint), run
as a user would: in a subprocess, on a data folder set up with ``setup``."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from test_cli import run

pytestmark = pytest.mark.slow

HEADERS = [
    "NIK",
    "Nama",
    "Jenis Kelamin",
    "Tempat Lahir",
    "Tanggal Lahir",
    "Kewarganegaraan",
    "Alamat",
    "Desa Domisili",
    "Kecamatan KTP",
    "Pendidikan Terakhir",
    "Status Kepegawaian",
    "Pilar Sosial",
    "Dapat Menggunakan Komputer",
    "Surat Keterangan Sehat",
    "SKCK",
    "Tanggal Pendaftaran",
    "No. HP",
]
CODES = [
    "wni",
    "usia",
    "bukan_asn",
    "domisili",
    "pendidikan",
    "sehat",
    "kelakuan_baik",
    "pilar_sosial",
    "komputer",
]
BUDI, SARI = "1603061203990001", "1603065506980002"


def row(nik: str, nama: str, jk: str, lahir: str) -> list[str]:
    return [
        nik,
        nama,
        jk,
        "Muara Enim",
        lahir,
        "WNI",
        "Jl. Contoh 1",
        "Melilian",
        "Gelumbang",
        "SMA",
        "Bukan ASN/TNI/Polri/Legislatif",
        "PSM",
        "Ya",
        "Ada",
        "Ada",
        "05-01-2026",
        "081234567890",
    ]


@pytest.fixture
def office_dir(tmp_path: Path) -> Path:
    proc = run(["setup", "--kecamatan-kode", "16.03.06"], tmp_path)
    assert proc.returncode == 0, proc.stderr
    return tmp_path


def test_template_import_eligibility_and_appointment(office_dir):
    tpl = office_dir / "templat.xlsx"
    proc = run(["template", "pendaftar", str(tpl)], office_dir)
    assert proc.returncode == 0, proc.stderr
    wb = openpyxl.load_workbook(tpl)
    ws = wb["Pendaftar"]
    assert [c.value for c in ws[1]][: len(HEADERS)] == HEADERS
    ws.append(row(BUDI, "Budi Santoso", "L", "12-03-1999"))
    ws.append(row(SARI, "Sari Dewi", "P", "15-06-1998"))
    wb.save(tpl)

    dry = run(["import", "pendaftar", str(tpl), "--dry-run"], office_dir)
    assert dry.returncode == 0, dry.stderr
    assert "2 baris baru akan ditambahkan" in dry.stdout and "Tidak ada yang disimpan" in dry.stdout
    proc = run(["import", "pendaftar", str(tpl)], office_dir)
    assert proc.returncode == 0, proc.stderr
    assert "2 baru, 0 diperbarui" in proc.stdout

    proc = run(["eligibility", "--json"], office_dir)
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert {d["nik"] for d in data} == {BUDI, SARI}
    for cand in data:
        assert set(cand) == {"nik", "nama", "hasil", "kriteria"}
        assert cand["hasil"] == "memenuhi_syarat"
        assert [k["kode"] for k in cand["kriteria"]] == CODES
        assert [k["pasal"] for k in cand["kriteria"]] == [f"Pasal 9 huruf {h}" for h in "abcdefghi"]
        assert all(
            set(k) == {"kode", "pasal", "hasil", "nilai", "keterangan"} for k in cand["kriteria"]
        )
    budi = next(d for d in data if d["nik"] == BUDI)
    assert budi["kriteria"][1]["nilai"] == "26 tahun pada 5 Januari 2026"

    one = run(["eligibility", "--nik", SARI], office_dir)
    assert one.returncode == 0 and "Sari Dewi" in one.stdout and "Budi" not in one.stdout
    assert "160306********02" in one.stdout and SARI not in one.stdout
    unknown = run(["eligibility", "--nik", "1603060101900009"], office_dir)
    assert unknown.returncode == 1 and "Tidak ada pendaftar" in unknown.stderr

    proc = run(
        [
            "tksk",
            "appoint",
            "--nik",
            BUDI,
            "--sk-nomor",
            "400/01/SK/2026",
            "--sk-tanggal",
            "2026-01-20",
            "--mulai",
            "2026-02-01",
            "--selesai",
            "2027-01-31",
        ],
        office_dir,
    )
    assert proc.returncode == 0, proc.stderr
    assert "Budi Santoso diangkat sebagai TKSK" in proc.stdout
    second = run(
        [
            "tksk",
            "appoint",
            "--nik",
            SARI,
            "--sk-nomor",
            "400/02/SK/2026",
            "--sk-tanggal",
            "2026-01-20",
            "--mulai",
            "2026-02-01",
        ],
        office_dir,
    )
    assert second.returncode == 1
    assert "Budi Santoso masih aktif sebagai TKSK" in second.stderr

    out = office_dir / "ekspor.xlsx"
    proc = run(["export", "pendaftar", str(out)], office_dir)
    assert proc.returncode == 0, proc.stderr
    values = [v for r in openpyxl.load_workbook(out).active.iter_rows(values_only=True) for v in r]
    assert "160306********01" in values and BUDI not in values


def test_appoint_refuses_an_ineligible_candidate_and_bad_dates(office_dir):
    tpl = office_dir / "a.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(HEADERS)
    young = row("1603061203100001", "Anak Muda", "L", "12-03-2010")
    wb.active.append(young)
    wb.save(tpl)
    assert run(["import", "pendaftar", str(tpl)], office_dir).returncode == 0
    proc = run(
        [
            "tksk",
            "appoint",
            "--nik",
            "1603061203100001",
            "--sk-nomor",
            "1",
            "--sk-tanggal",
            "2026-01-20",
            "--mulai",
            "2026-02-01",
        ],
        office_dir,
    )
    assert proc.returncode == 1 and "belum dapat diangkat" in proc.stderr
    assert "Pasal 9 huruf b" in proc.stderr
    bad = run(
        [
            "tksk",
            "appoint",
            "--nik",
            "1603061203100001",
            "--sk-nomor",
            "1",
            "--sk-tanggal",
            "20-01-2026",
            "--mulai",
            "2026-02-01",
        ],
        office_dir,
    )
    assert bad.returncode == 2 and "TTTT-BB-HH" in bad.stderr


def test_bad_file_exits_1_lists_problems_and_writes_the_errors_workbook(office_dir):
    bad = office_dir / "salah.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(HEADERS)
    wb.active.append(row("12345", "NIK pendek", "L", "12-03-1999"))
    wb.save(bad)
    errors = office_dir / "masalah.xlsx"
    proc = run(["import", "pendaftar", str(bad), "--errors", str(errors)], office_dir)
    assert proc.returncode == 1
    assert "Baris 2, kolom NIK: " in proc.stderr and "tidak ada data yang disimpan" in proc.stderr
    rows = list(openpyxl.load_workbook(errors).active.iter_rows(values_only=True))
    assert any(r[:2] == (2, "NIK") for r in rows)
    listed = run(["eligibility", "--json"], office_dir)
    assert json.loads(listed.stdout) == []


def test_every_jenis_is_available_and_unknown_jenis_is_usage(office_dir):
    proc = run(["import", "kegiatan", str(office_dir / "x.xlsx")], office_dir)
    assert proc.returncode == 1 and "tidak ditemukan" in proc.stderr
    for cmd in (["template", "kegiatan"], ["export", "rujukan"]):
        proc = run([*cmd, str(office_dir / "out.xlsx")], office_dir)
        assert proc.returncode == 0 and "belum tersedia" not in proc.stderr
    assert run(["import", "semua", "x.xlsx"], office_dir).returncode == 2
    assert run(["tksk"], office_dir).returncode == 2


def test_not_a_workbook_exits_1(office_dir):
    fake = office_dir / "data.xlsx"
    fake.write_text("NIK;Nama\n")
    proc = run(["import", "pendaftar", str(fake)], office_dir)
    assert proc.returncode == 1 and "bukan buku kerja Excel (.xlsx)" in proc.stderr
