"""services.ekspor: exports read back from the workbook, rights, audit entries, file errors."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from kecamatan_app.reports import xlsx
from kecamatan_app.services import audit, ekspor, referensi
from kecamatan_app.services.audit import AuditFilter
from kecamatan_app.services.context import Actor
from kecamatan_app.services.errors import PermissionDenied


@pytest.fixture
def out(tmp_path: Path) -> Path:
    """An empty folder for the exported files (tmp_path also holds the database)."""
    folder = tmp_path / "ekspor"
    folder.mkdir()
    return folder


def sheet_rows(path: Path) -> list[tuple[Any, ...]]:
    wb = openpyxl.load_workbook(path)
    rows = [tuple(r) for r in wb.active.iter_rows(values_only=True)]
    wb.close()
    return rows


def table_part(rows: list[tuple[Any, ...]], first_header: str = "No") -> list[tuple[Any, ...]]:
    """The header row and the data under it (title and subtitle lines dropped)."""
    start = next(i for i, r in enumerate(rows) if r and r[0] == first_header)
    return rows[start:]


def ekspor_entries(admin: Actor) -> list[audit.AuditRow]:
    return audit.search(admin, AuditFilter(aksi="ekspor"))


def test_audit_export_holds_the_setup_entries_and_is_itself_audited(
    admin: Actor, out: Path
) -> None:
    path = out / "jejak.xlsx"
    expected = audit.count(admin, AuditFilter())
    n = ekspor.export_audit(admin, AuditFilter(), path)
    assert n == expected

    rows = sheet_rows(path)
    assert rows[0][0] == "Jejak Audit"
    assert any("Diekspor oleh admin" in str(r[0]) for r in rows[:6])
    assert any("data pribadi" in str(r[0]) for r in rows[:6])
    wb = openpyxl.load_workbook(path)
    assert wb.active.oddHeader.center.text == "RAHASIA - berisi data pribadi"  # every page
    wb.close()
    table = table_part(rows)
    assert list(table[0]) == ekspor.AUDIT_HEADERS
    data = table[1:]
    assert len(data) == n
    assert [r[0] for r in data] == list(range(1, n + 1))
    assert isinstance(data[0][1], dt.datetime)  # a real Excel date
    summaries = [r[6] for r in data]
    assert "Data kantor" in summaries
    assert any(s.startswith("Camat ") for s in summaries)
    assert any(s.startswith("Administrator pertama") for s in summaries)
    kantor_row = next(r for r in data if r[6] == "Data kantor")
    assert kantor_row[3] == "Membuat" and kantor_row[4] == "kantor"
    assert "Jl. Merdeka No. 1" in kantor_row[8]
    assert not any('kata_sandi_hash": "$' in str(r[8]) for r in data)

    entries = ekspor_entries(admin)
    assert len(entries) == 1
    assert entries[0].tabel == "jejak_audit"
    assert entries[0].ringkasan == f"Ekspor jejak audit: {n} baris ke jejak.xlsx"
    assert entries[0].pelaku.startswith("admin")


def test_audit_export_follows_the_filter(admin: Actor, out: Path) -> None:
    f = AuditFilter(aksi="login")
    n = ekspor.export_audit(admin, f, out / "login.xlsx")
    data = table_part(sheet_rows(out / "login.xlsx"))[1:]
    assert n == len(data) == audit.count(admin, f) >= 1
    assert {r[3] for r in data} == {"Masuk"}
    assert any("aksi Masuk" in str(r[0]) for r in sheet_rows(out / "login.xlsx")[:5])


def test_camat_may_export_the_audit_operator_may_not(
    make_actor: Any, out: Path, admin: Actor
) -> None:
    camat, operator = make_actor("camat"), make_actor("operator")
    assert ekspor.export_audit(camat, AuditFilter(), out / "camat.xlsx") > 0
    assert (out / "camat.xlsx").exists()
    with pytest.raises(PermissionDenied) as err:
        ekspor.export_audit(operator, AuditFilter(), out / "operator.xlsx")
    assert "tidak berhak" in str(err.value)
    assert not (out / "operator.xlsx").exists()
    assert [e.pelaku.split()[0] for e in ekspor_entries(admin)] == [camat.username]


def test_export_progress_reports_and_cancel_leaves_no_file_and_no_entry(
    admin: Actor, out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(xlsx, "PROGRESS_EVERY", 2)

    class Stop(Exception):
        pass

    def progress(done: int, total: int, text: str) -> None:
        assert total == audit.count(admin, AuditFilter())
        raise Stop()

    with pytest.raises(Stop):
        ekspor.export_audit(admin, AuditFilter(), out / "batal.xlsx", progress)
    assert list(out.iterdir()) == []
    assert ekspor_entries(admin) == []


def test_unwritable_file_is_an_indonesian_error(
    admin: Actor, out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def locked(src: object, dst: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(xlsx.os, "replace", locked)
    with pytest.raises(ekspor.ExportFileError) as err:
        ekspor.export_audit(admin, AuditFilter(), out / "terbuka.xlsx")
    assert "tutup berkas di Excel" in str(err.value)
    assert list(out.iterdir()) == []
    assert ekspor_entries(admin) == []


def test_user_export_has_no_password_hashes(admin: Actor, make_actor: Any, out: Path) -> None:
    make_actor("operator")
    path = out / "pengguna.xlsx"
    assert ekspor.export_users(admin, path) == 2
    rows = sheet_rows(path)
    table = table_part(rows)
    assert list(table[0]) == ekspor.USER_HEADERS
    assert [r[1] for r in table[1:]] == ["admin", "operator1"]
    assert table[2][3] == "Operator (staf kecamatan)"
    flat = " ".join(str(v) for r in rows for v in r)
    assert "pbkdf2" not in flat and "$" not in flat and "sandi_hash" not in flat
    assert ekspor_entries(admin)[0].tabel == "pengguna"


def test_user_export_needs_user_management(make_actor: Any, out: Path) -> None:
    with pytest.raises(PermissionDenied):
        ekspor.export_users(make_actor("camat"), out / "p.xlsx")
    assert list(out.iterdir()) == []


def test_any_role_may_export_a_reference_list(make_actor: Any, admin: Actor, out: Path) -> None:
    tksk = make_actor("tksk")
    path = out / "ppks.xlsx"
    n = ekspor.export_reference(tksk, "ppks", path)
    expected = referensi.rows("ppks")
    assert n == len(expected) > 0
    table = table_part(sheet_rows(path))
    assert list(table[0]) == ekspor.reference_headers("ppks")
    assert "Alias" in table[0] and "Satuan" in table[0]
    assert [r[2] for r in table[1:]] == [r.nama for r in expected]
    entry = ekspor_entries(admin)[0]
    assert entry.pelaku.startswith(tksk.username)
    assert "Jenis PPKS" in entry.ringkasan and "ppks.xlsx" in entry.ringkasan
