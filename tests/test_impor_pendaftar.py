"""Import, template and export of TKSK candidates (CONTRACT.md `pendaftar`), read back with
openpyxl as a user's Excel would."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from kecamatan_app.models import JejakAudit, Pendaftar
from kecamatan_app.services import desa, impor, pendaftar
from kecamatan_app.services import impor_pendaftar as ip
from kecamatan_app.services.ekspor import ExportFileError
from kecamatan_app.services.errors import Conflict, PermissionDenied
from kecamatan_app.services.impor import ImportFileError, Problem

CONTRACT_HEADERS = [
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
BUKAN_ASN = "Bukan ASN/TNI/Polri/Legislatif"


def person(nik: str, nama: str, **over: Any) -> dict[str, Any]:
    """A complete, eligible row; ``over`` replaces cells by header."""
    row: dict[str, Any] = {
        "NIK": nik,
        "Nama": nama,
        "Jenis Kelamin": "L",
        "Tempat Lahir": "Muara Enim",
        "Tanggal Lahir": "12-03-1999",
        "Kewarganegaraan": "WNI",
        "Alamat": "Jl. Contoh 1",
        "Desa Domisili": "Melilian",
        "Kecamatan KTP": "Gelumbang",
        "Pendidikan Terakhir": "SMA",
        "Status Kepegawaian": BUKAN_ASN,
        "Pilar Sosial": "PSM",
        "Dapat Menggunakan Komputer": "Ya",
        "Surat Keterangan Sehat": "Ada",
        "SKCK": "Ada",
        "Tanggal Pendaftaran": "05-01-2026",
        "No. HP": "081234567890",
    }
    row.update(over)
    return row


def workbook(path: Path, rows: list[dict[str, Any]], headers: list[str] | None = None) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    headers = headers or CONTRACT_HEADERS
    ws.append(headers)
    for r in rows:
        ws.append([r.get(h) for h in headers])
    wb.save(path)
    return path


def counts() -> tuple[int, int]:
    return Pendaftar.select().count(), JejakAudit.select().count()


BUDI = "1603061203990001"  # male, born 12-03-1999
SARI = "1603065506980002"  # female, born 15-06-1998
RINA = "3174015505950003"  # female, born 15-05-1995, KTP Jakarta


def good_rows() -> list[dict[str, Any]]:
    gelumbang = desa.resolve("Gelumbang")
    assert gelumbang is not None
    return [
        person(BUDI, "Budi Santoso"),
        person(
            SARI,
            "Sari Dewi",
            **{
                "Jenis Kelamin": "p",
                "Tanggal Lahir": dt.date(1998, 6, 15),
                "Desa Domisili": gelumbang.kode,
                "Kecamatan KTP": None,
                "Pendidikan Terakhir": "paket c",
                "Tanggal Pendaftaran": "2026-01-05",
                "No. HP": 81355,
            },
        ),
        person(
            RINA,
            "Rina Wati",
            **{
                "Jenis Kelamin": "Perempuan",
                "Tanggal Lahir": "15/05/1995",
                "Desa Domisili": None,
                "Kecamatan KTP": "Gelumbang",
                "Surat Keterangan Sehat": None,
                "SKCK": None,
                "Dapat Menggunakan Komputer": "tidak",
            },
        ),
    ]


def test_good_workbook_imports_every_candidate(admin, tmp_path):
    path = workbook(tmp_path / "pendaftar.xlsx", good_rows())
    result = ip.import_file(admin, path)
    assert result.ok and (result.created, result.updated, result.dry_run) == (3, 0, False)
    budi = Pendaftar.get(Pendaftar.nik == BUDI)
    mililian = desa.resolve("Mililian")
    assert mililian is not None and budi.__data__["desa_domisili"] == mililian.id
    assert (budi.tanggal_lahir, budi.tanggal_daftar) == (dt.date(1999, 3, 12), dt.date(2026, 1, 5))
    assert pendaftar.kelayakan(budi.id).hasil == "memenuhi_syarat"
    sari = Pendaftar.get(Pendaftar.nik == SARI)
    assert (sari.jenis_kelamin, sari.pendidikan, sari.telepon) == ("P", "Paket C", "081355")
    assert sari.desa_domisili.nama == "Gelumbang" and sari.tanggal_lahir == dt.date(1998, 6, 15)
    rina = Pendaftar.get(Pendaftar.nik == RINA)
    assert (rina.jenis_kelamin, rina.dapat_komputer, rina.surat_sehat) == ("P", False, None)
    check = pendaftar.kelayakan(rina.id)
    assert check.by_kode("domisili").hasil == "memenuhi"  # KTP "Gelumbang" is this kecamatan
    assert check.by_kode("sehat").hasil == "belum_ada_bukti"
    assert check.hasil == "tidak_memenuhi_syarat"  # cannot use a computer
    last = JejakAudit.select().order_by(JejakAudit.id.desc()).first()
    assert (last.aksi, last.ringkasan) == (
        "impor",
        "Impor pendaftar dari pendaftar.xlsx: 3 baru, 0 diperbarui",
    )


def test_headers_match_ignoring_case_spaces_and_order(admin, tmp_path):
    headers = ["  nik ", "NAMA", "jenis   kelamin", *reversed(CONTRACT_HEADERS[3:]), "Catatan"]
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(headers)
    row = person(BUDI, "Budi")
    ws.append(
        [
            row["NIK"],
            row["Nama"],
            "L",
            *(row[h] for h in reversed(CONTRACT_HEADERS[3:])),
            "diabaikan",
        ]
    )
    wb.save(tmp_path / "a.xlsx")
    result = ip.import_file(admin, tmp_path / "a.xlsx")
    assert result.ok and result.created == 1
    assert Pendaftar.get(Pendaftar.nik == BUDI).pendidikan == "SMA"


def test_every_bad_cell_is_listed_and_nothing_is_written(admin, tmp_path):
    rows = [
        person(BUDI, "Budi"),
        person("16030612039900", "NIK pendek"),
        person(SARI, "Sari", **{"Jenis Kelamin": "P", "Pendidikan Terakhir": "SMA sederajat"}),
        person("1603060101990004", "Tanggal salah", **{"Tanggal Lahir": "31-02-2000"}),
        person("1603060202990005", "Kelamin X", **{"Jenis Kelamin": "X"}),
        person(BUDI, "Budi lagi"),
    ]
    path = workbook(tmp_path / "salah.xlsx", rows)
    before = counts()
    result = ip.import_file(admin, path)
    where = {(p.row, p.column): p.message for p in result.problems}
    assert set(where) == {
        (3, "NIK"),
        (4, "Pendidikan Terakhir"),
        (5, "Tanggal Lahir"),
        (6, "Jenis Kelamin"),
        (7, "NIK"),
    }
    assert "16 angka" in where[3, "NIK"]
    assert "'SMA sederajat' bukan pilihan" in where[4, "Pendidikan Terakhir"]
    assert "tidak ada" in where[5, "Tanggal Lahir"] and "29" in where[5, "Tanggal Lahir"]
    assert "'X' bukan pilihan" in where[6, "Jenis Kelamin"]
    assert "baris 2" in where[7, "NIK"]
    assert (result.created, result.updated) == (0, 0)
    assert counts() == before
    assert [p.row for p in result.problems] == sorted(p.row for p in result.problems)
    assert str(result.problems[0]).startswith("Baris 3, kolom NIK: ")


def test_missing_required_headers_are_named(admin, tmp_path):
    headers = [h for h in CONTRACT_HEADERS if h not in ("NIK", "Tanggal Pendaftaran")]
    path = workbook(tmp_path / "kurang.xlsx", [person(BUDI, "Budi")], headers)
    with pytest.raises(ImportFileError) as err:
        ip.import_file(admin, path)
    assert "tidak memiliki kolom wajib: NIK, Tanggal Pendaftaran" in str(err.value)
    assert Pendaftar.select().count() == 0


@pytest.mark.parametrize(
    "content, expected",
    [
        (b"NIK;Nama\n1603061203990001;Budi\n", "bukan buku kerja Excel (.xlsx)"),
        (b"", "bukan buku kerja Excel (.xlsx)"),
    ],
)
def test_a_file_that_is_not_a_workbook_is_refused(admin, tmp_path, content, expected):
    path = tmp_path / "data.xlsx"
    path.write_bytes(content)
    with pytest.raises(ImportFileError, match=re.escape(expected)):
        ip.import_file(admin, path)


def test_missing_and_empty_files(admin, tmp_path):
    with pytest.raises(ImportFileError, match="tidak ditemukan"):
        ip.import_file(admin, tmp_path / "tidak-ada.xlsx")
    openpyxl.Workbook().save(tmp_path / "kosong.xlsx")
    with pytest.raises(ImportFileError, match="kosong"):
        ip.import_file(admin, tmp_path / "kosong.xlsx")
    with pytest.raises(ImportFileError, match="tidak berisi data"):
        ip.import_file(admin, workbook(tmp_path / "judul.xlsx", []))


def test_formula_without_value_and_error_values_are_cell_problems(admin, tmp_path):
    rows = [
        person(BUDI, '=UPPER("budi")'),
        person(SARI, "Sari", **{"Jenis Kelamin": "P", "Tanggal Pendaftaran": "#REF!"}),
        person(RINA, "Rina", **{"Jenis Kelamin": "P", "Pilar Sosial": "#N/A"}),
    ]
    result = ip.import_file(admin, workbook(tmp_path / "rumus.xlsx", rows))
    where = {(p.row, p.column): p.message for p in result.problems}
    assert set(where) == {(2, "Nama"), (3, "Tanggal Pendaftaran"), (4, "Pilar Sosial")}
    assert "tempel sebagai nilai" in where[2, "Nama"]
    assert "#REF!" in where[3, "Tanggal Pendaftaran"] and "#N/A" in where[4, "Pilar Sosial"]
    assert Pendaftar.select().count() == 0


def test_nik_typed_as_a_number_is_refused_only_when_excel_may_have_rounded_it(admin, tmp_path):
    rows = [person(int(BUDI), "Budi"), person(1603065506980000, "Sari", **{"Jenis Kelamin": "P"})]
    result = ip.import_file(admin, workbook(tmp_path / "angka.xlsx", rows), dry_run=True)
    assert [(p.row, p.column) for p in result.problems] == [(3, "NIK")]
    assert "15 angka" in result.problems[0].message


def test_reimport_updates_instead_of_duplicating(admin, tmp_path):
    path = workbook(tmp_path / "a.xlsx", good_rows())
    assert ip.import_file(admin, path).created == 3
    budi_id = pendaftar.find_by_nik(BUDI)
    assert budi_id is not None
    data, versi = pendaftar.data_of(budi_id)
    data.rt, data.catatan = "003", "diisi di formulir"
    pendaftar.update(admin, budi_id, data, versi)
    rows = good_rows()
    rows[0]["Pendidikan Terakhir"] = "S1"
    result = ip.import_file(admin, workbook(tmp_path / "b.xlsx", rows))
    assert (result.created, result.updated) == (0, 3)
    assert Pendaftar.select().count() == 3
    budi = Pendaftar.get_by_id(budi_id)
    assert (budi.pendidikan, budi.rt, budi.catatan) == ("S1", "003", "diisi di formulir")
    other_period = [person(BUDI, "Budi", **{"Periode Rekrutmen": "2027"})]
    result = ip.import_file(
        admin, workbook(tmp_path / "c.xlsx", other_period, [*CONTRACT_HEADERS, "Periode Rekrutmen"])
    )
    assert (result.created, result.updated) == (1, 0)


def test_dry_run_writes_nothing_but_tells_what_would_happen(admin, tmp_path):
    ip.import_file(admin, workbook(tmp_path / "a.xlsx", good_rows()[:1]))
    before = counts()
    result = ip.import_file(admin, workbook(tmp_path / "b.xlsx", good_rows()), dry_run=True)
    assert result.ok and result.dry_run and (result.created, result.updated) == (2, 1)
    assert counts() == before


def test_a_row_refused_while_saving_rolls_back_every_row(admin, tmp_path, monkeypatch):
    real = pendaftar.create

    def create(actor: Any, data: pendaftar.PendaftarData) -> Any:
        if data.nik == RINA:
            raise Conflict("NIK baru saja didaftarkan di komputer lain.")
        return real(actor, data)

    monkeypatch.setattr(ip.svc, "create", create)
    before = counts()
    result = ip.import_file(admin, workbook(tmp_path / "a.xlsx", good_rows()))
    assert result.problems == [Problem(4, "", "NIK baru saja didaftarkan di komputer lain.")]
    assert counts() == before


def test_import_needs_the_right_to_change_candidates(make_actor, tmp_path):
    path = workbook(tmp_path / "a.xlsx", good_rows())
    with pytest.raises(PermissionDenied):
        ip.import_file(make_actor("camat"), path, dry_run=True)
    assert ip.import_file(make_actor("operator"), path).created == 3


def test_row_limit_asks_to_split_the_file(office, tmp_path):
    path = workbook(tmp_path / "a.xlsx", good_rows())
    with pytest.raises(ImportFileError, match=r"lebih dari 2 baris data\. Bagi"):
        impor.read_table(path, ip.columns(), max_rows=2)
    assert len(impor.read_table(path, ip.columns(), max_rows=3).rows) == 3


@pytest.mark.parametrize(
    "value, expected",
    [
        ("17-08-1995", dt.date(1995, 8, 17)),
        ("1995-08-17", dt.date(1995, 8, 17)),
        ("7/8/1995", dt.date(1995, 8, 7)),
        (dt.datetime(1995, 8, 17, 0, 0), dt.date(1995, 8, 17)),
        (34928, dt.date(1995, 8, 17)),
        (None, None),
    ],
)
def test_dates(value, expected):
    assert impor.date_value(value) == expected


@pytest.mark.parametrize(
    "value, expected",
    [
        ("31-02-2000", "bulan Februari 2000 hanya sampai tanggal 29"),
        ("29-02-2001", "hanya sampai tanggal 28"),
        ("12-13-2000", "bulan 13"),
        ("17 Agustus 1995", "HH-BB-TTTT"),
        ("1995/08/17", "bukan tanggal"),
    ],
)
def test_bad_dates_say_why(value, expected):
    with pytest.raises(impor.CellError, match=expected):
        impor.date_value(value)


def test_errors_workbook_reads_back(tmp_path):
    problems = [Problem(3, "NIK", "NIK harus 16 angka."), Problem(5, "", "Ditolak.")]
    out = impor.write_errors_workbook(tmp_path / "masalah.xlsx", problems, "data.xlsx")
    rows = list(openpyxl.load_workbook(out).active.iter_rows(values_only=True))
    header = rows.index(("Baris", "Kolom", "Masalah"))
    assert [tuple(r) for r in rows[header + 1 :]] == [
        (3, "NIK", "NIK harus 16 angka."),
        (5, None, "Ditolak."),
    ]
    assert not (tmp_path / "masalah.xlsx.tmp").exists()


def test_template_reads_back(office, tmp_path):
    out = ip.write_template(tmp_path / "templat.xlsx")
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames[:2] == ["Pendaftar", "Petunjuk"]
    ws = wb["Pendaftar"]
    headers = [c.value for c in ws[1]]
    assert headers == [*CONTRACT_HEADERS, "Periode Rekrutmen"]
    assert ws.max_row == 1, "no example row in the data sheet"
    letter = {h: openpyxl.utils.get_column_letter(i) for i, h in enumerate(headers, 1)}
    assert ws.column_dimensions[letter["Tanggal Lahir"]].number_format == "DD-MM-YYYY"
    assert ws.column_dimensions[letter["NIK"]].number_format == "@"
    lists = wb["Pilihan"]
    by_column: dict[str, list[str]] = {}
    for dv in ws.data_validations.dataValidation:
        col = str(dv.sqref).split(":")[0].rstrip("0123456789")
        ref = dv.formula1.split("!")[1].replace("$", "")
        by_column[col] = [c.value for row in lists[ref] for c in row]
    assert by_column[letter["Jenis Kelamin"]] == ["L", "P"]
    assert by_column[letter["Pendidikan Terakhir"]][:3] == ["SD", "SMP", "SMA"]
    assert by_column[letter["SKCK"]] == ["Ada", "Ada Catatan"]
    assert "Mililian" in by_column[letter["Desa Domisili"]]
    assert len(by_column) == 9
    text = "\n".join(str(v) for row in wb["Petunjuk"].iter_rows(values_only=True) for v in row if v)
    for h in headers:
        assert h in text
    assert "Ada (menyatakan sehat) atau Tidak Sehat" in text and "belum ada SKCK" in text
    assert not (tmp_path / "templat.xlsx.tmp").exists()


def test_filled_template_imports(admin, tmp_path):
    out = ip.write_template(tmp_path / "templat.xlsx")
    wb = openpyxl.load_workbook(out)
    row = person(BUDI, "Budi", **{"Periode Rekrutmen": "2026"})
    wb["Pendaftar"].append([row.get(h) for h in [*CONTRACT_HEADERS, "Periode Rekrutmen"]])
    wb.save(out)
    result = ip.import_file(admin, out)
    assert result.ok and result.created == 1
    assert pendaftar.find_by_nik(BUDI, "2026") is not None


def _exported_niks(path: Path) -> list[str]:
    rows = list(openpyxl.load_workbook(path).active.iter_rows(values_only=True))
    header = next(i for i, r in enumerate(rows) if r[0] == "NIK")
    assert rows[header][-1] == "Hasil Pemeriksaan"
    return [r[0] for r in rows[header + 1 :]]


def test_export_masks_nik_unless_asked_and_allowed(admin, make_actor, tmp_path):
    ip.import_file(admin, workbook(tmp_path / "a.xlsx", good_rows()))
    assert ip.export(admin, tmp_path / "x.xlsx") == 3
    niks = _exported_niks(tmp_path / "x.xlsx")
    assert "160306********01" in niks and BUDI not in niks
    ip.export(admin, tmp_path / "y.xlsx", with_nik=True)
    assert set(_exported_niks(tmp_path / "y.xlsx")) == {BUDI, SARI, RINA}
    camat = make_actor("camat")
    ip.export(camat, tmp_path / "z.xlsx")
    with pytest.raises(PermissionDenied):
        ip.export(camat, tmp_path / "w.xlsx", with_nik=True)
    assert not (tmp_path / "w.xlsx").exists()
    last = JejakAudit.select().order_by(JejakAudit.id.desc()).first()
    assert last.aksi == "ekspor" and "NIK disamarkan" in last.ringkasan
    # the full export reads back as an import of the same people: updates, no duplicates
    again = ip.import_file(admin, tmp_path / "y.xlsx", dry_run=True)
    assert again.ok and (again.created, again.updated) == (0, 3)


_garbage = st.text(max_size=30).filter(
    lambda s: (
        not ILLEGAL_CHARACTERS_RE.search(s) and not re.fullmatch(r"[0-9]{16}", "".join(s.split()))
    )
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(nik=_garbage)
def test_garbage_nik_never_crashes_and_is_always_a_problem(admin, tmp_path, nik):
    before = counts()
    path = workbook(tmp_path / "acak.xlsx", [person(nik, "Acak"), person(BUDI, "Budi")])
    result = ip.import_file(admin, path)
    assert any(p.row == 2 and p.column == "NIK" for p in result.problems), result.problems
    assert counts() == before


def test_unwritable_destination_gives_a_message_and_leaves_no_file(admin, tmp_path):
    target = tmp_path / "tidak-ada" / "berkas.xlsx"
    before = counts()
    with pytest.raises(ExportFileError, match="tidak dapat ditulis"):
        ip.write_template(target)
    with pytest.raises(ExportFileError, match="tidak dapat ditulis"):
        ip.export(admin, target)
    with pytest.raises(ExportFileError, match="tidak dapat ditulis"):
        impor.write_errors_workbook(target, [Problem(2, "NIK", "salah")])
    assert not target.parent.exists()
    assert counts() == before, "a failed export is not audited as done"


def test_a_year_typed_as_a_number_is_not_a_date():
    from kecamatan_app.services.impor import CellError, date_value

    with pytest.raises(CellError, match="bukan tanggal lengkap"):
        date_value(1999)
    assert date_value(36000).year == 1998  # a real Excel date serial
