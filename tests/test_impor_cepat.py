"""The fast import (issue 8): python-calamine reads what openpyxl read, the sheet scan guards it,
and the set-wise ``ppks`` import writes what the row-by-row import wrote.

The values and rows are compared with values written out here, not with the code's own output.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from kecamatan_app.models import DataPPKS, JejakAudit, Kategori, Keluarga, RiwayatDataPPKS, Warga
from kecamatan_app.services import (
    audit,
    desa,
    impor,
    impor_baca,
    impor_baca_openpyxl,
    impor_lembar,
    impor_ppks,
    impor_ppks_simpan,
)
from kecamatan_app.services import registri_cari as cari
from kecamatan_app.services.context import Actor
from kecamatan_app.services.impor import Column, ImportFileError
from kecamatan_app.services.impor_tabel import normalize_header

# -- python-calamine's values as openpyxl gave them ----------------------------------------------

#: header -> (what the cell holds, what the reader must hand over)
NILAI: dict[str, tuple[Any, Any]] = {
    "Teks": ("  Budi Santoso  ", "Budi Santoso"),
    "Spasi": ("   ", None),
    "Bulat": (42, 42),
    "Nol": (0, 0),
    "Desimal": (1.5, 1.5),
    "NIK angka": (1603061203990001, 1603061203990001),
    "Tanggal": (dt.date(1995, 8, 17), dt.datetime(1995, 8, 17)),
    "Waktu": (dt.datetime(2026, 1, 5, 9, 30), dt.datetime(2026, 1, 5, 9, 30)),
    "Jam": (dt.time(9, 30), dt.time(9, 30)),
    "Durasi": (dt.timedelta(hours=30), dt.timedelta(hours=30)),
    "Ya": (True, True),
    "Tidak": (False, False),
    "Teks angka": ("007", "007"),
}
GALAT = {"Galat": "#REF!", "Galat baru": "#SPILL!"}  # an error cell; text Excel shows as error
HEADERS = [*NILAI, *GALAT, "Rumus", "Rumus bernilai"]
COLUMNS = [Column(h, False, "", "") for h in HEADERS]


def _nilai_workbook(path: Path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Data"
    ws.append(HEADERS)
    ws.append([*(v for v, _ in NILAI.values()), *GALAT.values(), "=1+1", "=2+3"])
    ws.append(["Sari", *([None] * (len(HEADERS) - 1))])
    wb.save(path)
    # a formula saved with its value, as Excel saves one (openpyxl writes <v/>)
    col = openpyxl.utils.get_column_letter(len(HEADERS))
    return _edit_sheet(path, lambda xml: xml.replace(
        f'<c r="{col}2"><f>2+3</f><v /></c>'.encode(), f'<c r="{col}2"><f>2+3</f><v>5</v></c>'
        .encode()))  # fmt: skip


def _edit_sheet(path: Path, edit: Any, part: str = "xl/worksheets/sheet1.xml") -> Path:
    with zipfile.ZipFile(path) as zf:
        parts = {i.filename: zf.read(i) for i in zf.infolist()}
    new = edit(parts[part])
    assert new != parts[part], "the edit changed nothing"
    parts[part] = new
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return path


def _both(path: Path, columns: list[Column] = COLUMNS, max_rows: int = 1000) -> tuple[Any, Any]:
    known = {normalize_header(c.header): c.header for c in columns}
    needed = [c.header for c in columns if not c.optional_header]
    fast = impor_baca.read(path, known, needed, "", max_rows)
    slow = impor_baca_openpyxl.read(path, known, needed, "", max_rows)
    return fast, slow


def test_calamine_values_are_openpyxls(office: Any, tmp_path: Path) -> None:
    path = _nilai_workbook(tmp_path / "nilai.xlsx")
    table = impor.read_table(path, COLUMNS)
    first = table.rows[0]
    for header, (_written, expected) in NILAI.items():
        got = first.get(header)
        assert got == expected and type(got) is type(expected), (header, got)
    assert first.get("Rumus bernilai") == 5
    problems = {(p.row, p.column): p.message for p in table.problems}
    assert set(problems) == {(2, "Galat"), (2, "Galat baru"), (2, "Rumus")}
    assert "galat Excel #REF!" in problems[2, "Galat"]
    assert "galat Excel #SPILL!" in problems[2, "Galat baru"]
    assert "tempel sebagai nilai" in problems[2, "Rumus"]
    assert [r.number for r in table.rows] == [2, 3]
    assert table.rows[1].get("Teks") == "Sari" and table.rows[1].get("Bulat") is None
    fast, slow = _both(path)
    assert fast == slow


@pytest.mark.parametrize("raw, expected", [
    ("", None), ("  a ", "a"), (3.0, 3), (-2.0, -2), (2.5, 2.5), (1e20, 10**20),
    (dt.date(2020, 1, 2), dt.datetime(2020, 1, 2)), (dt.time(8, 0), dt.time(8, 0)),
    (True, True), (False, False), (float("inf"), float("inf")),
])  # fmt: skip
def test_value_mapping(raw: Any, expected: Any) -> None:
    got = impor_baca.value(raw)
    assert got == expected and type(got) is type(expected)


def test_both_readers_agree_on_merged_cells_header_search_and_blank_rows(
    office: Any, tmp_path: Path
) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Data"
    ws["C3"] = "Judul laporan"  # a title above the header, data not in column A
    for i, h in enumerate(HEADERS[:4], 2):
        ws.cell(5, i, h)
    for r in range(6, 12):
        ws.cell(r, 2, f"Orang {r}")
        ws.cell(r, 4, r)
    ws.cell(9, 2).value = ws.cell(9, 4).value = None  # a blank row inside the data
    ws.merge_cells("C6:C8")
    ws["Z7"] = "di luar judul"
    wb.save(tmp_path / "geser.xlsx")
    fast, slow = _both(tmp_path / "geser.xlsx", COLUMNS[:4])
    assert fast == slow
    title, number, found, rows, problems = fast
    assert (title, number, found) == ("Data", 5, {"Teks": 1, "Spasi": 2, "Bulat": 3, "Nol": 4})
    assert [r.number for r in rows] == [6, 7, 8, 10, 11]
    assert [(p.row, p.column) for p in problems] == [(7, "Spasi"), (8, "Spasi")]


# -- the scan ----------------------------------------------------------------------------------


def _sheet(rows: str, root: str = "worksheet") -> bytes:
    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    return f'<?xml version="1.0"?><{root} {ns}><sheetData>{rows}</sheetData></{root}>'.encode()


def _scan(tmp_path: Path, xml: bytes, max_row: int = 1000) -> impor_lembar.Pindai:
    path = tmp_path / "lembar.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("s.xml", xml)
    with zipfile.ZipFile(path) as zf:
        return impor_lembar.scan(zf, "s.xml", max_row)


def test_scan_finds_formulas_without_value_and_error_codes(tmp_path: Path) -> None:
    found = _scan(tmp_path, _sheet(
        '<row r="2"><c r="A2"><f>1+1</f></c><c r="B2"><f>1+1</f><v>2</v></c>'
        '<c r="C2" t="str"><f>""</f><v></v></c><c r="D2" t="e"><v>#N/A</v></c>'
        "<c r='E2' t='e'><f>1/0</f><v>#DIV/0!</v></c></row>"
        '<row r="7"><c r="AA7" s="3"><f t="shared" si="0"/></c></row>'))  # fmt: skip
    assert found.formulas == {(1, 0), (1, 2), (6, 26)}
    assert found.errors == {(1, 3): "#N/A", (1, 4): "#DIV/0!"}
    assert found.rows == {1, 6}


@pytest.mark.parametrize("rows, why", [
    ('<row r="1"><c r="A1048576"><v>1</v></c></row>', "jauh"),
    ('<row r="1048577"><c r="A1"><v>1</v></c></row>', "jauh"),
    ('<row r="1"><c r="xfd1"><v>1</v></c></row>', "jauh"),  # calamine reads lowercase too
    ('<row r="1"><c r="AAA1"><v>1</v></c></row>', "jauh"),
    ('<row r="1">' + "<c><v>1</v></c>" * 40 + "</row>", "tanpa rujukan"),
    ("<row r='1'>" + "<c r='A1'><v>1</v></c>" * 40 + "</row>", "tanpa rujukan"),
])  # fmt: skip
def test_scan_sends_far_or_unreferenced_cells_to_the_streaming_reader(
    tmp_path: Path, rows: str, why: str
) -> None:
    with pytest.raises(impor_lembar.Lain, match=why):
        _scan(tmp_path, _sheet(rows), max_row=200_010)


def test_scan_refuses_a_prefixed_sheet(tmp_path: Path) -> None:
    xml = _sheet('<x:row r="1"/>', root="x:worksheet").replace(b"xmlns=", b"xmlns:x=")
    with pytest.raises(impor_lembar.Lain, match="awalan"):
        _scan(tmp_path, xml)


def test_scan_allows_wide_sheets_within_the_memory_bound(tmp_path: Path) -> None:
    assert _scan(tmp_path, _sheet('<row r="5"><c r="AM5"><v>1</v></c></row>'), 200_010)
    assert _scan(tmp_path, _sheet('<row r="5"><c r="XFD5"><v>1</v></c></row>'), 100)
    with pytest.raises(impor_lembar.Lain):
        _scan(tmp_path, _sheet('<row r="5"><c r="XFD5"><v>1</v></c></row>'), 200_010)


def test_a_far_value_is_read_by_the_streaming_reader(
    office: Any, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """A value at row 500.000 would make calamine hold 500.000 rows x 17 columns: the file is
    read with openpyxl, and the row limit names the row as before."""
    path = tmp_path / "jauh.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(HEADERS)
    ws.append(["Budi"])
    ws.cell(500_000, 1, "tersesat")
    wb.save(path)
    with caplog.at_level(logging.INFO, logger="kecamatan_app.services.impor"), \
            pytest.raises(ImportFileError, match=r"data di baris 500\.000, lebih dari 100 baris"):
        impor.read_table(path, COLUMNS, max_rows=100)
    assert "dibaca dengan openpyxl: ada sel jauh" in caplog.text


# -- the set-wise ppks import ------------------------------------------------------------------

KATEGORI = ("Fakir Miskin", "Lanjut Usia Telantar", "Pemulung", "Anak Jalanan")
STATUS = {"Teridentifikasi": "teridentifikasi", "Terverifikasi": "terverifikasi",
          "Ditangani": "ditangani", "Tidak lagi PPKS": "tidak_lagi"}  # fmt: skip
PPKS_HEADERS = [c.header for c in impor_ppks.columns()]


def _orang(n: int) -> list[dict[str, Any]]:
    """``n`` persons in households of three (head, wife, child), fictitious, valid."""
    places = ["Mililian", "Sigam", "Gelumbang"]
    out = []
    for i in range(n):
        family, member = divmod(i, 3)
        sex = "P" if member == 1 else "L"
        born = dt.date(1950 + i % 50, 1 + i % 12, 1 + i % 28)
        serial = 1 + i // 600
        nik = f"160306{born.day + (40 if sex == 'P' else 0):02d}{born:%m%y}{serial:04d}"
        status = list(STATUS)[i % 4]
        out.append({
            "No. KK": f"16030601012{family % 100000:05d}"[:12] + f"{family + 1:04d}",
            "NIK": nik,
            "Nama": f"Orang  Contoh {i}",
            "Jenis Kelamin": sex,
            "Tanggal Lahir": born,
            "Hubungan": ("Kepala Keluarga", "Istri", "Anak")[member],
            "Alamat": f" Jl. Kenanga {family} ",
            "Desa": places[family % 3],
            "RT": f"{1 + family % 9:03d}",
            "RW": "2",
            "Kategori PPKS": KATEGORI[i % 4],
            "Status": status,
            "Tanggal Verifikasi": dt.date(2025, 12, 1) if i % 8 == 1 else None,
            "Catatan": f"catatan {i}" if i % 5 == 0 else None,
        })  # fmt: skip
    return out


def _tulis(path: Path, rows: list[dict[str, Any]]) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "PPKS"
    ws.append(PPKS_HEADERS)
    for r in rows:
        ws.append([r.get(h) for h in PPKS_HEADERS])
    wb.save(path)
    return path


def test_ppks_2000_rows_write_exactly_the_expected_rows(admin: Actor, tmp_path: Path) -> None:
    rows = _orang(2000)
    assert len({r["NIK"] for r in rows}) == 2000
    before = JejakAudit.select().count()
    result = impor_ppks.import_file(admin, _tulis(tmp_path / "ppks.xlsx", rows))
    assert (result.created, result.updated, result.problems) == (2000, 0, [])
    today = dt.date.today()
    desa_id = {n: desa.resolve(n).id for n in ("Mililian", "Sigam", "Gelumbang")}  # type: ignore
    kat_id = {k: Kategori.get(Kategori.nama == k).id for k in KATEGORI}
    families = {r["No. KK"]: r for r in rows if r["Hubungan"] == "Kepala Keluarga"}
    keluarga = list(Keluarga.select().order_by(Keluarga.id))
    assert [k.no_kk for k in keluarga] == list(families)
    for k in keluarga:
        head = families[k.no_kk]
        got = (k.kepala, k.alamat, k.__data__["desa"], k.__data__["dusun"], k.rt, k.rw, k.versi)
        assert got == (head["Nama"].replace("  ", " "), head["Alamat"].strip(),
                       desa_id[head["Desa"]], None, head["RT"], "2", 1)  # fmt: skip
    kk_id = {k.no_kk: k.id for k in keluarga}
    warga = list(Warga.select().order_by(Warga.id))
    assert [w.nik for w in warga] == [r["NIK"] for r in rows]
    ppks = {p.__data__["warga"]: p for p in DataPPKS.select()}
    history = {h.__data__["data"]: h for h in RiwayatDataPPKS.select()}
    assert len(ppks) == len(history) == 2000
    for w, r in zip(warga, rows, strict=True):
        got = (w.nama, w.jenis_kelamin, w.tempat_lahir, w.tanggal_lahir, w.__data__["keluarga"],
               w.hubungan, w.alamat, w.__data__["desa"], w.__data__["dusun"], w.rt, w.rw,
               w.meninggal, w.versi)  # fmt: skip
        assert got == (r["Nama"].replace("  ", " "), r["Jenis Kelamin"], "", r["Tanggal Lahir"],
                       kk_id[r["No. KK"]], r["Hubungan"], r["Alamat"].strip(),
                       desa_id[r["Desa"]], None, r["RT"], "2", False, 1)  # fmt: skip
        p = ppks[w.id]
        status = STATUS[r["Status"]]
        verified = status != "teridentifikasi"
        assert (p.__data__["kategori"], p.status, p.rincian, p.catatan, p.__data__["keluarga"],
                p.__data__["foto"], p.versi) == (kat_id[r["Kategori PPKS"]], status, "",
                                                 r["Catatan"] or "", None, None, 1)  # fmt: skip
        assert p.tanggal_verifikasi == (r["Tanggal Verifikasi"] or (today if verified else None))
        assert p.__data__["diverifikasi_oleh"] == (admin.user_id if verified else None)
        h = history[p.id]
        assert (h.status, h.tanggal, h.__data__["oleh"], h.catatan) == (status, today,
                                                                      admin.user_id, "Dicatat")
    entries = list(JejakAudit.select().where(JejakAudit.id > before).order_by(JejakAudit.id))
    assert [(e.aksi, e.tabel) for e in entries] == [("impor", "warga")]
    assert entries[0].ringkasan == "Impor PPKS dari ppks.xlsx: 2000 baru, 0 diperbarui"
    created = f'"warga": {{"id": [[{warga[0].id}, {warga[-1].id}]], "jumlah": 2000}}'
    assert created in (entries[0].data_baru or "")
    assert audit.verify_chain().ok
    # the search index followed: a fragment of a name and of an address
    assert [p.nama for p in cari.search(admin, cari.SearchFilter(teks="Contoh 1999"))] == [
        "Orang Contoh 1999"]
    assert cari.count(admin, cari.SearchFilter(teks="Kenanga 665")) == 3


def test_ppks_reimport_updates_and_moves_status_with_audit(admin: Actor, tmp_path: Path) -> None:
    rows = _orang(6)
    impor_ppks.import_file(admin, _tulis(tmp_path / "a.xlsx", rows))
    rows[0]["Alamat"] = "Jl. Baru 1"
    rows[1]["Status"] = "Terverifikasi" if rows[1]["Status"] != "Terverifikasi" else "Ditangani"
    rows[2]["Kategori PPKS"] = "Gelandangan"  # not among KATEGORI: a new category
    before = JejakAudit.select().count()
    result = impor_ppks.import_file(admin, _tulis(tmp_path / "b.xlsx", rows))
    assert (result.created, result.updated, result.problems) == (0, 6, [])
    budi = Warga.get(Warga.nik == rows[0]["NIK"])
    assert (budi.alamat, budi.versi) == ("Jl. Baru 1", 2)
    second = Warga.get(Warga.nik == rows[1]["NIK"])
    moved = DataPPKS.get(DataPPKS.warga == second.id)
    assert (moved.status, moved.versi) == (STATUS[rows[1]["Status"]], 2)
    last = RiwayatDataPPKS.select().where(RiwayatDataPPKS.data == moved.id).order_by(
        RiwayatDataPPKS.id.desc()).first()
    assert (last.status, last.catatan) == (moved.status, "Impor b.xlsx")
    third = Warga.get(Warga.nik == rows[2]["NIK"])
    assert DataPPKS.select().where(DataPPKS.warga == third.id).count() == 2
    entries = [(e.aksi, e.tabel, e.rekaman_id) for e in
               JejakAudit.select().where(JejakAudit.id > before).order_by(JejakAudit.id)]
    assert entries == [("ubah", "warga", str(budi.id)), ("ubah", "data_ppks", str(moved.id)),
                       ("impor", "warga", "")]  # fmt: skip
    change = JejakAudit.get((JejakAudit.aksi == "ubah") & (JejakAudit.tabel == "warga")
                            & (JejakAudit.id > before))  # fmt: skip
    assert '"alamat": "Jl. Baru 1"' in (change.data_baru or "")
    assert audit.verify_chain().ok
    assert [p.nama for p in cari.search(admin, cari.SearchFilter(teks="Baru 1"))] == [budi.nama]


def test_a_nik_registered_by_another_pc_after_the_check_rolls_back_everything(
    admin: Actor, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = _orang(3)
    path = _tulis(tmp_path / "a.xlsx", rows)
    real = impor_ppks_simpan.registered

    def checked_then_taken(niks: Any, births: Any, *scope: Any) -> Any:
        found = real(niks, births, *scope)  # the check sees no one; then another PC saves it
        impor_ppks.reg.create_warga(admin, impor_ppks.reg.WargaData(
            nik=rows[1]["NIK"], nama="Dari PC Lain", jenis_kelamin="P",
            desa_id=desa.resolve("Sigam").id))  # type: ignore[union-attr]
        return found

    monkeypatch.setattr(impor_ppks.simpan, "registered", checked_then_taken)
    result = impor_ppks.import_file(admin, path)
    assert [(p.row, p.column) for p in result.problems] == [(3, "")]
    assert re.search(r"sudah tercatat atas nama Dari PC Lain", result.problems[0].message)
    assert Warga.select().count() == 1 and Keluarga.select().count() == 0
    assert DataPPKS.select().count() == 0


def test_ppks_dry_run_and_problems_write_nothing(admin: Actor, tmp_path: Path) -> None:
    rows = _orang(9)
    rows[4]["NIK"] = rows[3]["NIK"]
    rows[7]["Desa"] = None
    before = (Warga.select().count(), JejakAudit.select().count())
    result = impor_ppks.import_file(admin, _tulis(tmp_path / "a.xlsx", rows))
    assert {(p.row, p.column) for p in result.problems} == {(6, "NIK"), (9, "Desa")}
    assert "Pilih desa/kelurahan." in [p.message for p in result.problems]
    ok = impor_ppks.import_file(admin, _tulis(tmp_path / "b.xlsx", _orang(9)), dry_run=True)
    assert (ok.created, ok.problems, ok.dry_run) == (9, [], True)
    assert (Warga.select().count(), JejakAudit.select().count()) == before


def test_ppks_import_in_a_dinas_database_stays_in_the_actors_kecamatan(
    db: Any, tmp_path: Path
) -> None:
    """A kecamatan's operator imports only into their kecamatan: a desa is looked up among its
    own, a person or household of another kecamatan is refused per cell (naming the kecamatan,
    not the person); the kabupaten's admin imports into the kecamatan chosen."""
    from kecamatan_app.models import Desa
    from kecamatan_app.services.errors import ValidationError
    from tests import dinas_bantu as bantu

    bantu.setup()
    cast = bantu.actors(bantu.login("dinasadmin"))
    a, b = bantu.kecamatan_id(bantu.KODE_A), bantu.kecamatan_id(bantu.KODE_B)
    desa_b = Desa.select().where(Desa.kecamatan == b).order_by(Desa.kode).first()
    rows = _orang(3)
    result = impor_ppks.import_file(cast["operator_a"], _tulis(tmp_path / "a.xlsx", rows))
    assert (result.created, result.problems) == (3, [])
    first = Warga.get(Warga.nik == rows[0]["NIK"])
    assert Desa.get_by_id(first.__data__["desa"]).__data__["kecamatan"] == a
    # B's operator: "Mililian" is no desa of Tanjung Agung; Budi's NIK and No. KK belong to
    # Gelumbang
    other = [dict(rows[0], Desa=desa_b.nama), dict(rows[1], NIK=None)]
    result = impor_ppks.import_file(cast["operator_b"], _tulis(tmp_path / "b.xlsx", other))
    assert [(p.row, p.column) for p in result.problems] == [
        (2, "No. KK"), (2, "NIK"), (3, "No. KK"), (3, "Desa")]
    assert "tidak dikenal" in result.problems[3].message
    for p in result.problems[:3]:
        assert "sudah tercatat di Kecamatan Gelumbang" in p.message
        assert first.nama not in p.message
    assert Warga.get_by_id(first.id).versi == 1
    # the kabupaten's admin chooses the kecamatan; into B, A's person is refused the same way
    with pytest.raises(ValidationError, match="Pilih dahulu kecamatan"):
        impor_ppks.import_file(cast["admin"], _tulis(tmp_path / "c.xlsx", other[:1]))
    result = impor_ppks.import_file(cast["admin"], _tulis(tmp_path / "c.xlsx", other[:1]),
                                    kecamatan_id=b)
    assert [(p.row, p.column) for p in result.problems] == [(2, "No. KK"), (2, "NIK")]
    result = impor_ppks.import_file(cast["admin"], _tulis(tmp_path / "d.xlsx", rows[:1]),
                                    kecamatan_id=a)
    assert (result.created, result.updated, result.problems) == (0, 1, [])
    assert Warga.get_by_id(first.id).__data__["desa"] == first.__data__["desa"]
