"""reports.xlsx: read the workbook back; a failing or cancelled write leaves nothing behind."""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from pathlib import Path

import openpyxl
import pytest

from kecamatan_app.reports import xlsx

HEADERS = ["No", "Tanggal", "Waktu", "Nama", "Jumlah"]


def sample_rows(n: int) -> list[tuple[object, ...]]:
    return [
        (
            i,
            dt.date(2026, 1, 1) + dt.timedelta(days=i),
            dt.datetime(2026, 2, 3, 14, 5, i % 60),
            f"Warga {i}",
            i * 1.5,
        )
        for i in range(1, n + 1)
    ]


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_table_reads_back_with_title_header_values_and_dates(tmp_path: Path) -> None:
    path = tmp_path / "hasil.xlsx"
    rows = [*sample_rows(3), (4, None, None, '=HYPERLINK("http://x")', None)]
    out = xlsx.write_table(
        path,
        "Daftar Warga",
        HEADERS,
        rows,
        subtitle_lines=["Kecamatan Gelumbang", "Diekspor oleh admin"],
        sheet_name="Warga: [uji]",
    )
    assert out == path
    assert leftovers(tmp_path) == ["hasil.xlsx"]

    wb = openpyxl.load_workbook(path)
    ws = wb.active
    assert ws.title == "Warga   uji"
    assert ws["A1"].value == "Daftar Warga"
    assert ws["A1"].font.b
    assert [ws["A2"].value, ws["A3"].value] == ["Kecamatan Gelumbang", "Diekspor oleh admin"]
    header = [c.value for c in ws[5]]
    assert header == HEADERS
    assert all(c.font.b for c in ws[5])
    assert ws.freeze_panes == "A6"
    assert ws.auto_filter.ref == "A5:E9"
    assert ws.print_title_rows == "$5:$5"
    assert ws.page_setup.orientation == "landscape"
    assert ws.sheet_properties.pageSetUpPr.fitToPage

    first = [c.value for c in ws[6]]
    assert first[0] == 1 and first[3] == "Warga 1" and first[4] == 1.5
    date_cell, time_cell = ws["B6"], ws["C6"]
    assert date_cell.is_date and date_cell.value.date() == dt.date(2026, 1, 2)
    assert date_cell.number_format == "dd-mm-yyyy"
    assert time_cell.is_date and time_cell.value == dt.datetime(2026, 2, 3, 14, 5, 1)
    assert time_cell.number_format == "dd-mm-yyyy hh:mm:ss"
    # text a user typed stays text: no formula injection
    assert ws["D9"].value == '=HYPERLINK("http://x")'
    assert ws["D9"].data_type == "s"
    assert ws.column_dimensions["D"].width >= len("Warga 1")


def test_progress_is_reported_every_500_rows(tmp_path: Path) -> None:
    calls: list[tuple[int, int]] = []
    xlsx.write_table(
        tmp_path / "besar.xlsx",
        "Besar",
        HEADERS,
        iter(sample_rows(1200)),
        progress=lambda done, total, text: calls.append((done, total)),
        total=1200,
    )
    assert calls[:2] == [(500, 1200), (1000, 1200)]
    assert calls[-1] == (1200, 1200)
    wb = openpyxl.load_workbook(tmp_path / "besar.xlsx", read_only=True)
    values = list(wb.active.iter_rows(values_only=True))
    wb.close()
    assert len(values) == 3 + 1200  # title, blank, header, rows
    assert values[-1][0] == 1200 and values[-1][3] == "Warga 1200"


def test_failing_replace_leaves_no_tmp_and_no_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(src: object, dst: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(xlsx.os, "replace", refuse)
    with pytest.raises(PermissionError):
        xlsx.write_table(tmp_path / "x.xlsx", "X", HEADERS, sample_rows(10))
    assert leftovers(tmp_path) == []


def test_missing_folder_raises_and_leaves_nothing(tmp_path: Path) -> None:
    with pytest.raises(OSError):
        xlsx.write_table(tmp_path / "tidak-ada" / "x.xlsx", "X", HEADERS, sample_rows(10))
    assert leftovers(tmp_path) == []


def test_failing_replace_keeps_the_previous_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "lama.xlsx"
    path.write_bytes(b"isi lama")
    monkeypatch.setattr(
        xlsx.os, "replace", lambda s, d: (_ for _ in ()).throw(OSError(28, "No space left"))
    )
    with pytest.raises(OSError):
        xlsx.write_table(path, "X", HEADERS, sample_rows(5))
    assert path.read_bytes() == b"isi lama"
    assert leftovers(tmp_path) == ["lama.xlsx"]


class Stop(Exception):
    pass


def test_cancel_through_progress_leaves_nothing(tmp_path: Path) -> None:
    def progress(done: int, total: int, text: str) -> None:
        if done >= 500:
            raise Stop()

    temp_before = set(os.listdir(tempfile.gettempdir()))
    with pytest.raises(Stop):
        xlsx.write_table(
            tmp_path / "batal.xlsx", "Batal", HEADERS, sample_rows(2000), progress=progress
        )
    assert leftovers(tmp_path) == []
    temp_after = set(os.listdir(tempfile.gettempdir()))
    # openpyxl's own stream of the unfinished sheet is gone too (it held personal data)
    assert not [n for n in temp_after - temp_before if n.startswith("openpyxl.")]


def test_error_inside_the_rows_leaves_nothing(tmp_path: Path) -> None:
    def rows() -> object:
        yield from sample_rows(700)
        raise RuntimeError("basis data terputus")

    with pytest.raises(RuntimeError):
        xlsx.write_table(tmp_path / "putus.xlsx", "Putus", HEADERS, rows())  # type: ignore[arg-type]
    assert leftovers(tmp_path) == []


def test_empty_table_still_has_title_and_header(tmp_path: Path) -> None:
    path = xlsx.write_table(tmp_path / "kosong.xlsx", "Kosong", ["A", "B"], [])
    ws = openpyxl.load_workbook(path).active
    assert ws["A1"].value == "Kosong"
    assert [c.value for c in ws[3]] == ["A", "B"]
    assert ws.auto_filter.ref == "A3:B3"
