"""Import of per-desa PPKS/PSKS counts (JENIS rekap): a good file, the Berau PMKS table of
seed 002 with its older names summed through the aliases, bad cells with suggestions and nothing
written, the template, and an export read back and imported again."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl

from kecamatan_app.models import JejakAudit, RekapPemetaan
from kecamatan_app.services import impor_rekap, rekap
from kecamatan_app.services.context import Actor
from kecamatan_app.services.rekap import Periode

HEADERS = [c.header for c in impor_rekap.columns()][:9]

#: Tabel 1 "Data PMKS Kabupaten Berau" (Dinas Sosial, 2015), seed 002, as printed.
BERAU = [
    ("Anak Cacat", 212),
    ("Korban Penyalahguna Napza", 64),
    ("Penyandang Cacat Fisik (Daksa)", 56),
    ("Penyandang Cacat Mata", 28),
    ("Penyandang Cacat Rungu", 73),
    ("Penyandang Cacat Mental", 90),
    ("Penyandang Cacat Fisik dan Mental", 10),
    ("ODK Berat", 36),
    ("Lanjut Usia", 1410),
    ("Keluarga Miskin", 1739),
    ("Bekas Narapidana", 100),
    ("Komunitas Adat Terpencil (KAT)", 741),
    ("Wanita Rawan Sosial", 51),
]


def book(path: Path, rows: list[list[Any]], headers: list[str] = HEADERS) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(headers)
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def desa_names(admin: Actor) -> list[str]:
    return [d.nama for d in rekap.grid(admin, Periode(2026), "PPKS").desa]


def test_good_import(admin: Actor, tmp_path: Path) -> None:
    d = desa_names(admin)
    f = book(
        tmp_path / "rekap.xlsx",
        [
            [2026, 1, None, d[0], "PPKS-09", 12, 15, None, "Musdes"],
            [2026, "Semester 1", None, d[0], "psks 2", 3, None, None, None],
            [2026, None, "Maret", d[1].upper(), "Fakir Miskin", "1.200", 1180, "KK", None],
            [2026, None, None, d[1], "Anak Terlantar", 0, None, None, None],
        ],
    )
    dry = impor_rekap.import_file(admin, f, dry_run=True)
    assert dry.ok and (dry.created, dry.updated) == (4, 0)
    assert RekapPemetaan.select().count() == 0
    result = impor_rekap.import_file(admin, f)
    assert result.ok and (result.created, result.updated) == (4, 0)
    g = rekap.grid(admin, Periode(2026, semester=1), "PPKS")
    first = g.desa[0].id
    kat = {k.kode: k.id for k in g.kategori}
    assert g.cell(first, kat["09"]) == rekap.Sel(12, 15, "jiwa")
    psks = rekap.grid(admin, Periode(2026, semester=1), "PSKS")
    assert psks.total == rekap.Total(3, 0)
    march = rekap.grid(admin, Periode(2026, bulan=3), "PPKS")
    assert march.cell(g.desa[1].id, kat["24"]) == rekap.Sel(1200, 1180, "KK")
    assert rekap.grid(admin, Periode(2026), "PPKS").cell(g.desa[1].id, kat["02"]).jumlah_desa == 0
    assert (
        "Impor rekap pemetaan"
        in JejakAudit.select().order_by(JejakAudit.id.desc()).first().ringkasan
    )
    again = impor_rekap.import_file(admin, f)  # the same file updates, never duplicates
    assert (again.created, again.updated) == (0, 4)
    assert RekapPemetaan.select().count() == 4


def test_berau_table_older_names_summed(admin: Actor, tmp_path: Path) -> None:
    d = desa_names(admin)[0]
    f = book(
        tmp_path / "berau.xlsx",
        [[2015, None, None, d, name, n, None, None, "Dinas Sosial, 2015"] for name, n in BERAU],
    )
    result = impor_rekap.import_file(admin, f)
    assert result.ok, result.problems
    assert result.created == 8  # 13 older names -> 8 categories of today
    g = rekap.grid(admin, Periode(2015), "PPKS")
    desa_id = g.desa[0].id
    got = {k.kode: g.cell(desa_id, k.id).jumlah_desa for k in g.kategori}
    got = {k: v for k, v in got.items() if v is not None}
    assert got == {
        "05": 212,
        "08": 1410,
        "09": 56 + 28 + 73 + 90 + 10 + 36,
        "15": 100,
        "17": 64,
        "23": 51,
        "24": 1739,
        "26": 741,
    }
    assert g.total.desa == sum(n for _, n in BERAU)
    [summed] = result.warnings
    assert "6 baris dijumlahkan menjadi PPKS-09 Penyandang Disabilitas" in summed.message
    assert "Penyandang Cacat Mata (baris 5)" in summed.message
    row = RekapPemetaan.get(RekapPemetaan.jumlah_desa == 293)
    assert "Dijumlahkan dari" in row.catatan and row.sumber == "Dinas Sosial, 2015"


def test_bad_cells_listed_with_suggestions_nothing_written(admin: Actor, tmp_path: Path) -> None:
    d = desa_names(admin)
    f = book(
        tmp_path / "salah.xlsx",
        [
            [2026, None, None, d[0], "PPKS-09", 5, 6, None, None],  # good, but not saved
            [2026, None, None, d[0][:-1] + "x", "Penyandang Cacat Mta", -2, "lima", None, None],
            [2026, 1, 3, d[1], "PPKS-31", 1.5, None, "orang", None],
            ["dua ribu", None, None, d[1], "Lanjut Usia Terlantar", 1, 1, None, None],
            [2026, None, None, d[0], "PPKS 9", 1, 1, None, None],  # same name as row 2
        ],
    )
    result = impor_rekap.import_file(admin, f)
    assert not result.ok
    found = {(p.row, p.column): p.message for p in result.problems}
    assert f"Mungkin maksud Anda: '{d[0]}'" in found[(3, "Desa")]
    assert "'Penyandang Cacat Mata'" in found[(3, "Kategori")]
    assert "negatif" in found[(3, "Jumlah Dilaporkan Desa")]
    assert "bukan angka" in found[(3, "Jumlah Temuan TKSK")]
    assert "tidak keduanya" in found[(4, "Bulan")]
    assert "tidak ada" in found[(4, "Kategori")]
    assert "bilangan bulat" in found[(4, "Jumlah Dilaporkan Desa")]
    assert "bukan satuan" in found[(4, "Satuan")]
    assert "bukan tahun" in found[(5, "Tahun")]
    assert "sudah ada di baris 2" in found[(6, "Kategori")]
    assert RekapPemetaan.select().count() == 0


def test_template_has_drop_downs_and_instructions(admin: Actor, tmp_path: Path) -> None:
    out = impor_rekap.write_template(tmp_path / "templat.xlsx")
    wb = openpyxl.load_workbook(out)
    data = wb["Rekap"]
    assert [c.value for c in data[1]][:9] == HEADERS
    lists = wb["Pilihan"]
    kategori_col = HEADERS.index("Kategori") + 1
    values = [lists.cell(row=r, column=kategori_col).value for r in range(2, 40)]
    assert "PPKS-09 Penyandang Disabilitas" in values and "PSKS-12 Dunia Usaha" in values
    assert len(data.data_validations.dataValidation) >= 4
    text = " ".join(str(c.value) for row in wb["Petunjuk"].iter_rows() for c in row if c.value)
    assert "Jumlah Temuan TKSK" in text and "dijumlahkan" in text


def test_export_round_trip(admin: Actor, tmp_path: Path) -> None:
    d = desa_names(admin)
    f = book(
        tmp_path / "a.xlsx",
        [
            [2026, None, 6, d[0], "PPKS-09", 4, 7, None, "Musdes"],
            [2026, None, 6, d[1], "PSKS-05", 1, 1, None, None],
        ],
    )
    assert impor_rekap.import_file(admin, f).ok
    juni = Periode(2026, bulan=6)
    out = tmp_path / "ekspor.xlsx"
    n = impor_rekap.export(admin, out, periode=juni)
    assert n == len(d) * 38
    ws = openpyxl.load_workbook(out).active
    rows = [[c.value for c in r] for r in ws.iter_rows()]
    header_at = next(i for i, r in enumerate(rows) if r[:2] == ["Tahun", "Semester"])
    body = rows[header_at + 1 :]
    assert [2026, None, 6, d[0], "PPKS-09 Penyandang Disabilitas", 4, 7, "jiwa"] in [
        r[:8] for r in body
    ]
    before = {k: rekap.grid(admin, juni, k).sel for k in rekap.JENIS}
    again = impor_rekap.import_file(admin, out)  # the export imports back unchanged
    assert again.ok and again.updated == 2
    assert {k: rekap.grid(admin, juni, k).sel for k in rekap.JENIS} == before
    everything = tmp_path / "semua.xlsx"
    assert impor_rekap.export(admin, everything) == RekapPemetaan.select().count()
