"""Reading an import workbook with openpyxl, streaming (no Qt): for the files the fast reader
(:mod:`impor_baca`, python-calamine) must not or cannot open.

python-calamine holds a sheet in memory as one block from its first to its last filled cell, so
a sheet with a value at row 1.048.576 or column XFD would take gigabytes; and it reads fewer
damaged files than openpyxl. Such a file is read here as before: openpyxl in read-only mode,
twice (cached values, formulas), the header search bounded to 200 columns, data rows to the
columns of the known headers, rows far below the header refusing the file. Both workbooks are
opened on file handles this module owns and closes on every path (on Windows an open handle
blocks the user's Excel).
"""

from __future__ import annotations

import logging
import re
import struct
import zipfile
import zlib
from collections.abc import Iterator, Mapping, Sequence
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import IO, Any
from xml.etree.ElementTree import ParseError

from openpyxl import load_workbook
from openpyxl.formula.tokenizer import TokenizerError
from openpyxl.utils import range_boundaries
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.formula import ArrayFormula, DataTableFormula

from .impor_berkas import ImportFileError, cannot_open, damaged, not_xlsx
from .impor_tabel import (
    ERRORS,
    EXCEL_MAX_ROW,
    FORMULA_WITHOUT_VALUE,
    HEADER_SCAN_COLS,
    HEADER_SCAN_ROWS,
    MAX_MERGED_PROBLEMS,
    Problem,
    Row,
    beyond_excel,
    choose_sheet,
    error_problem,
    merged_problems,
    row_is_filled,
    too_many,
)

#: What openpyxl (and zipfile, expat, its formula parser) raise on a damaged workbook.
UNREADABLE = (
    zipfile.BadZipFile, zipfile.LargeZipFile, InvalidFileException, LookupError, EOFError,
    zlib.error, ParseError, ValueError, TypeError, AttributeError, ArithmeticError,
    NotImplementedError, struct.error, TokenizerError, RecursionError,
)  # fmt: skip
_MB = 1024 * 1024
_MERGE = re.compile(
    rb"<(?:[\w.-]+:)?mergeCell\b[^>]*?\bref\s*=\s*[\"']([A-Za-z]{1,3}[0-9]{1,7}"
    rb"(?::[A-Za-z]{1,3}[0-9]{1,7})?)[\"']"
)
log = logging.getLogger(__name__)
#: (sheet title, header row, header -> column index, rows, problems)
Read = tuple[str, int, dict[str, int], list[Row], list[Problem]]


class _Sheet:
    """An openpyxl read-only worksheet as :class:`impor_tabel.Lembar`."""

    def __init__(self, ws: Any) -> None:
        self.ws = ws

    @property
    def title(self) -> str:
        return str(self.ws.title)

    def head(self) -> Iterator[Sequence[Any]]:
        return self.ws.iter_rows(
            min_row=1, max_row=HEADER_SCAN_ROWS, max_col=HEADER_SCAN_COLS, values_only=True
        )

    def first_filled_row(self) -> int | None:
        rows = self.ws.iter_rows(min_row=HEADER_SCAN_ROWS + 1, max_row=EXCEL_MAX_ROW,
                                 max_col=HEADER_SCAN_COLS, values_only=True)  # fmt: skip
        for number, values in enumerate(rows, HEADER_SCAN_ROWS + 1):
            if row_is_filled(values):
                return number
        return None


def _load(src: Path, fh: IO[bytes], data_only: bool) -> Any:
    try:
        return load_workbook(fh, read_only=True, data_only=data_only)
    except UNREADABLE as exc:
        log.info("Berkas impor %s tidak terbaca", src, exc_info=True)
        raise not_xlsx(src) from exc
    except OSError as exc:  # openpyxl: "File contains no valid workbook part" (no errno)
        log.info("Berkas impor %s tidak terbaca", src, exc_info=True)
        raise (not_xlsx(src) if exc.errno is None else cannot_open(src, exc)) from exc


@contextmanager
def _workbooks(src: Path) -> Iterator[tuple[Any, Any]]:
    """The workbook twice (cached values, formulas), read-only on handles closed on exit.

    openpyxl is given an open file rather than a path: when it fails half-way through loading
    it cannot close the file itself, so the handle is ours to close on every path.
    """
    with ExitStack() as stack:
        books = []
        for data_only in (True, False):
            try:
                fh = stack.enter_context(src.open("rb"))
            except OSError as exc:
                raise cannot_open(src, exc) from exc
            wb = _load(src, fh, data_only)
            stack.callback(wb.close)
            books.append(wb)
        yield books[0], books[1]


def read(
    src: Path, known: Mapping[str, str], needed: Sequence[str], sheet: str, max_rows: int
) -> Read:
    """The chosen sheet, its header and its data rows (see :func:`impor.read_table`)."""
    with _workbooks(src) as (values_wb, formulas_wb):
        try:
            ws, number, found = choose_sheet(
                src.name, [_Sheet(w) for w in values_wb.worksheets], known, needed, sheet
            )
            raw_ws = formulas_wb[ws.title]
            rows, problems = _read_rows(src.name, ws, raw_ws, number, found, max_rows)
            if rows:
                merged = _merged_ranges(src, raw_ws)
                problems += merged_problems(merged, number, found, rows) if merged else []
        except ImportFileError:
            raise
        except UNREADABLE as exc:
            log.warning("Berkas impor %s rusak", src, exc_info=True)
            raise damaged(src) from exc
        except OSError as exc:  # a network drive gone while reading, or openpyxl's own
            log.warning("Berkas impor %s rusak", src, exc_info=True)
            raise (damaged(src) if exc.errno is None else cannot_open(src, exc)) from exc
        return ws.title, number, found, rows, problems


def _cell(value: Any, raw: Any) -> tuple[Any, str | None]:
    """The cell's value (None when blank) or the problem with it."""
    formula = isinstance(raw, (ArrayFormula, DataTableFormula)) or (
        isinstance(raw, str) and raw.startswith("=")
    )
    if value is None and formula:
        return None, FORMULA_WITHOUT_VALUE
    if isinstance(value, str):
        value = value.strip()
        if value in ERRORS:
            return None, error_problem(value)
        return value or None, None
    return value, None


def _read_rows(
    name: str, sheet: Any, formulas: Any, header_row: int, found: Mapping[str, int],
    max_rows: int,
) -> tuple[list[Row], list[Problem]]:
    width = max(found.values()) + 1
    # Rows are read up to one past Excel's last row: openpyxl fills a gap with blank rows only up
    # to the bound given, so a row numbered beyond Excel's limit shows up as that one row.
    bounds = {"min_row": header_row + 1, "max_row": EXCEL_MAX_ROW + 1, "max_col": width}
    values = sheet.ws.iter_rows(values_only=True, **bounds)
    raws = formulas.iter_rows(values_only=True, **bounds)
    rows: list[Row] = []
    problems: list[Problem] = []
    blank: tuple[Any, Any] = (None, None)
    for number, (vals, raw) in enumerate(zip(values, raws, strict=False), header_row + 1):
        if number > EXCEL_MAX_ROW:
            raise beyond_excel(name, sheet.title)
        if vals is blank[0] and raw is blank[1]:
            continue  # openpyxl hands the same tuple for every row missing from the file
        if vals.count(None) == len(vals) and raw.count(None) == len(raw):
            blank = (vals, raw)
            continue
        cells: dict[str, Any] = {}
        bad: list[Problem] = []
        for header, idx in found.items():
            value, problem = _cell(
                vals[idx] if idx < len(vals) else None, raw[idx] if idx < len(raw) else None
            )
            cells[header] = value
            if problem:
                bad.append(Problem(number, header, problem))
        if not bad and all(v is None for v in cells.values()):
            continue
        if len(rows) >= max_rows or number - header_row > max_rows:
            raise too_many(max_rows, number, header_row, len(rows))
        rows.append(Row(number, cells))
        problems.extend(bad)
    return rows, problems


def _merged_ranges(src: Path, ws: Any) -> list[tuple[int, int, int, int]]:
    """(min_col, min_row, max_col, max_row) of the merged cells of ``ws``.

    openpyxl's read-only mode does not report them, so the sheet's XML is scanned for
    ``<mergeCell ref="..."/>`` (Excel writes them after the data) without building a tree.
    """
    member = getattr(ws, "_worksheet_path", None)
    if not isinstance(member, str):
        return []
    found: list[tuple[int, int, int, int]] = []
    with zipfile.ZipFile(src) as zf, zf.open(member) as fh:
        tail, last = b"", -1
        offset = 0  # position of ``tail`` in the stream
        while chunk := fh.read(_MB):
            buf = tail + chunk
            if b"mergeCell" in buf:
                for m in _MERGE.finditer(buf):
                    at = offset + m.start()
                    if at <= last:
                        continue
                    last = at
                    ref = m[1].decode("ascii")
                    found.append(range_boundaries(ref if ":" in ref else f"{ref}:{ref}"))
                    if len(found) > MAX_MERGED_PROBLEMS * 10:
                        return found
            keep = min(len(buf), 200)
            offset += len(buf) - keep
            tail = buf[-keep:]
    return found

