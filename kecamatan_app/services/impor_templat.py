"""Writing an import template: a data sheet with drop-down lists and cell formats, and a
"Petunjuk" sheet listing every column (required or not, allowed values, what blank means).

Generic over :class:`impor.Column`; each kind of import (``impor_pendaftar``...) gives its
columns, notes and an example row. No Qt. Written to ``name.tmp`` and moved into place.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from ..reports.xlsx import clean_text, sheet_title
from .impor import MAX_ROWS, Column, file_error

PETUNJUK = "Petunjuk"
PILIHAN = "Pilihan"
DATE_FORMAT = "DD-MM-YYYY"

_BOLD = Font(bold=True)
_TITLE = Font(bold=True, size=14)
_FILL_REQUIRED = PatternFill("solid", fgColor="F8CBAD")
_FILL_OPTIONAL = PatternFill("solid", fgColor="DDE5F0")
_WRAP = Alignment(vertical="top", wrap_text=True)


def _text_cell(ws: Any, row: int, col: int, value: str, **style: Any) -> None:
    cell = ws.cell(row=row, column=col)
    cell.value = clean_text(value)
    cell.data_type = "s"  # text stays text, even when it starts with "="
    for name, v in style.items():
        setattr(cell, name, v)


def _data_sheet(wb: Workbook, name: str, columns: Sequence[Column], rows: int) -> None:
    ws: Any = wb.active
    ws.title = sheet_title(name)
    lists: Any = None
    for i, col in enumerate(columns, 1):
        letter = get_column_letter(i)
        fill = _FILL_REQUIRED if col.required else _FILL_OPTIONAL
        _text_cell(ws, 1, i, col.header, font=_BOLD, fill=fill, alignment=_WRAP)
        dim = ws.column_dimensions[letter]
        dim.width = col.width
        dim.number_format = DATE_FORMAT if col.kind == "tanggal" else "@"
        if not col.choices:
            continue
        if lists is None:
            lists = wb.create_sheet(PILIHAN)
            lists.sheet_state = "hidden"
        _text_cell(lists, 1, i, col.header, font=_BOLD)
        for r, option in enumerate(col.choices, 2):
            _text_cell(lists, r, i, option)
        ref = f"{quote_sheetname(PILIHAN)}!${letter}$2:${letter}${len(col.choices) + 1}"
        dv = DataValidation(
            type="list",
            formula1=ref,
            allow_blank=True,
            showErrorMessage=True,
            showInputMessage=True,
            errorStyle="stop" if col.strict else "warning",
        )
        dv.promptTitle = col.header[:32]
        dv.prompt = (
            "Pilih dari daftar." if col.strict else "Pilih dari daftar atau ketik tempat lain."
        )
        dv.errorTitle = "Isian tidak dikenal"
        dv.error = (
            f"Pilih salah satu: {', '.join(col.choices)}"[:255]
            if col.strict
            else "Bukan pilihan di daftar; tetap dipakai sebagai tempat di luar kecamatan."
        )
        dv.add(f"{letter}2:{letter}{rows + 1}")
        ws.add_data_validation(dv)
    ws.freeze_panes = "A2"
    ws.row_dimensions[1].height = 32


def _instructions(
    wb: Workbook,
    title: str,
    columns: Sequence[Column],
    notes: Sequence[str],
    example: Sequence[str],
    data_name: str,
) -> None:
    ws: Any = wb.create_sheet(PETUNJUK)
    for letter, width in zip("ABCD", (30, 12, 60, 40), strict=True):
        ws.column_dimensions[letter].width = width
    _text_cell(ws, 1, 1, title, font=_TITLE)
    r = 3
    for note in notes:
        _text_cell(ws, r, 1, note)
        r += 1
    r += 1
    for c, head in enumerate(("Kolom", "Wajib diisi", "Isian yang diterima", "Bila kosong"), 1):
        _text_cell(ws, r, c, head, font=_BOLD, fill=_FILL_OPTIONAL)
    for col in columns:
        r += 1
        wajib = "Ya" if col.required else "Tidak"
        if col.optional_header:
            wajib += " (kolom boleh tidak ada)"
        for c, value in enumerate((col.header, wajib, col.values, col.blank), 1):
            _text_cell(ws, r, c, value, alignment=_WRAP)
    if example:
        r += 2
        _text_cell(
            ws,
            r,
            1,
            f"Contoh pengisian satu baris (contoh saja, fiktif; isi data di lembar '{data_name}'):",
            font=_BOLD,
        )
        for col, value in zip(columns, example, strict=False):
            r += 1
            _text_cell(ws, r, 1, col.header)
            _text_cell(ws, r, 3, value)


def write_template(
    path: str | os.PathLike[str],
    *,
    data_sheet: str,
    title: str,
    columns: Sequence[Column],
    notes: Sequence[str] = (),
    example: Sequence[str] = (),
    rows: int = MAX_ROWS,
) -> Path:
    """Write the template to ``path`` (via ``path.tmp``); returns the path."""
    dest = Path(path)
    tmp = dest.with_name(dest.name + ".tmp")
    wb = Workbook()
    wb.properties.title = title
    wb.properties.creator = "Kecamatan TKSK"
    _data_sheet(wb, data_sheet, columns, rows)
    _instructions(wb, title, columns, notes, example, sheet_title(data_sheet))
    if PILIHAN in wb.sheetnames:  # keep the hidden lists last
        wb.move_sheet(PILIHAN, offset=len(wb.sheetnames) - 1 - wb.sheetnames.index(PILIHAN))
    wb.active = 0
    try:
        wb.save(str(tmp))
        os.replace(tmp, dest)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise file_error(dest, exc) from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return dest
