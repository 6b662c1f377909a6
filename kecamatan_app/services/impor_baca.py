"""Reading an import workbook with python-calamine (no Qt): about ten times faster than openpyxl.

Each sheet's XML is looked at first (:mod:`impor_lembar`): for the size of the block calamine
builds, and for the formulas saved without a value and the error values calamine reads as blank
cells. Calamine's values are then given as openpyxl gave them, so every importer's converters
behave as before: a blank cell is None, text is stripped, a whole number is an ``int`` (Excel
stores numbers as decimals), a date is a ``datetime`` at midnight, a time a ``time``, a duration
a ``timedelta``, TRUE/FALSE a ``bool``. The workbook is read from a file handle this module owns
and closes on every path. A file calamine cannot read, or a sheet it must not, raises
:class:`impor_lembar.Lain`: the caller then reads it with :mod:`impor_baca_openpyxl`.
"""

from __future__ import annotations

import datetime as dt
import itertools
import logging
import struct
import zipfile
import zlib
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import python_calamine

from . import impor_lembar
from .impor_berkas import cannot_open
from .impor_lembar import Lain, Pindai
from .impor_tabel import (
    ERRORS,
    EXCEL_MAX_ROW,
    FORMULA_WITHOUT_VALUE,
    HEADER_SCAN_COLS,
    HEADER_SCAN_ROWS,
    Lembar,
    Problem,
    Row,
    beyond_excel,
    choose_sheet,
    error_problem,
    merged_problems,
    row_is_filled,
    too_many,
)

log = logging.getLogger(__name__)
#: (sheet title, header row, header -> column index, rows, problems)
Read = tuple[str, int, dict[str, int], list[Row], list[Problem]]
_MIDNIGHT = dt.time()
#: What zipfile and zlib raise on a damaged part, or the file system on a vanished drive: the
#: streaming reader then meets it again and says which (damaged, or cannot be opened).
_ZIP_TROUBLE = (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, OSError,
                ValueError, RuntimeError, NotImplementedError, struct.error)


def value(raw: Any) -> Any:
    """A python-calamine cell value as openpyxl gave it (None for a blank cell, text stripped;
    an error code stays text here, :func:`cell` makes it a problem)."""
    kind = type(raw)
    if kind is str:
        return raw.strip() or None
    if kind is float:
        return int(raw) if raw.is_integer() else raw
    if kind is dt.date:
        return dt.datetime.combine(raw, _MIDNIGHT)
    return raw


def cell(raw: Any, formula: bool = False, error: str | None = None) -> tuple[Any, str | None]:
    """The value of a cell (None when blank) and the problem with it, if any. ``formula``: the
    cell holds a formula without a stored value; ``error``: its error code (``t="e"``)."""
    got = value(error if error is not None else raw)
    if got is None:
        return None, FORMULA_WITHOUT_VALUE if formula else None
    if got.__class__ is str and got in ERRORS:
        return None, error_problem(got)
    return got, None


class _Sheet:
    """A worksheet of the workbook, loaded (after its scan) when first needed."""

    def __init__(self, book: _Book, title: str) -> None:
        self.book = book
        self.title = title
        self._sheet: Any = None
        self.found = Pindai()

    def load(self) -> Any:
        if self._sheet is None:
            member = self.book.parts.get(self.title)
            if member is None:
                raise Lain(f"lembar {self.title} tidak ditemukan di bagian buku kerja")
            try:
                self.found = impor_lembar.scan(self.book.zf, member, self.book.max_row)
            except _ZIP_TROUBLE as exc:
                raise Lain(f"bagian {member}: {type(exc).__name__}: {exc}") from exc
            self._sheet = self.book.calamine(lambda: self.book.wb.get_sheet_by_name(self.title))
        return self._sheet

    @property
    def offset(self) -> int:
        """Column (0-based) of the first value of each row calamine hands over."""
        start = self.load().start
        return int(start[1]) if start else 0

    def rows(self, first: int = 0) -> Iterator[tuple[int, list[Any]]]:
        """(0-based row, raw values from column :attr:`offset`) from row ``first`` on."""
        sheet = self.load()
        if sheet.start is None:
            return iter(())
        rows = _guarded(self.book.calamine(sheet.iter_rows))
        return enumerate(itertools.islice(rows, first, None), first)

    def values(self, i: int, raw: Sequence[Any], width: int) -> list[Any]:
        """Row ``i``'s values of the first ``width`` columns from column A, as openpyxl gave
        them with cached values (an error value as its code)."""
        pad = [None] * min(self.offset, width)
        got = pad + [value(v) for v in raw[: max(width - len(pad), 0)]]
        for (r, c), code in self.found.errors.items():
            if r == i and c < len(got):
                got[c] = code or None
        return got

    def head(self) -> Iterator[list[Any]]:
        for i, raw in itertools.islice(self.rows(), HEADER_SCAN_ROWS):
            yield self.values(i, raw, HEADER_SCAN_COLS)

    def first_filled_row(self) -> int | None:
        for i, raw in self.rows(HEADER_SCAN_ROWS):
            if row_is_filled(self.values(i, raw, HEADER_SCAN_COLS)):
                return i + 1
        return None

    def merged(self) -> list[tuple[int, int, int, int]]:
        ranges = self.book.calamine(lambda: self.load().merged_cell_ranges) or []
        return [(c0 + 1, r0 + 1, c1 + 1, r1 + 1) for (r0, c0), (r1, c1) in ranges]


def _guarded(rows: Iterator[list[Any]]) -> Iterator[list[Any]]:
    """``rows``, with whatever python-calamine raises while handing them over as :class:`Lain`."""
    while True:
        try:
            row = next(rows)
        except StopIteration:
            return
        except (KeyboardInterrupt, SystemExit, GeneratorExit, MemoryError):
            raise
        except BaseException as exc:  # a Rust panic is a BaseException
            raise Lain(f"python-calamine: {type(exc).__name__}: {exc}") from exc
        yield row


class _Book:
    def __init__(self, zf: zipfile.ZipFile, wb: Any, max_row: int) -> None:
        self.zf = zf
        self.wb = wb
        self.max_row = max_row
        self.parts = impor_lembar.sheet_parts(zf)

    @staticmethod
    def calamine(call: Any) -> Any:
        """``call()``; whatever python-calamine raises (its Rust panics included) becomes
        :class:`Lain`."""
        try:
            return call()
        except (KeyboardInterrupt, SystemExit, GeneratorExit, MemoryError):
            raise
        except BaseException as exc:  # CalamineError, and pyo3's PanicException (BaseException)
            raise Lain(f"python-calamine: {type(exc).__name__}: {exc}") from exc

    def sheets(self) -> list[_Sheet]:
        worksheet = python_calamine.SheetTypeEnum.WorkSheet
        return [_Sheet(self, m.name) for m in self.wb.sheets_metadata if m.typ == worksheet]


def read(
    src: Path, known: Mapping[str, str], needed: Sequence[str], sheet: str, max_rows: int
) -> Read:
    """The chosen sheet, its header and its data rows (see :func:`impor.read_table`). Raises
    :class:`impor_lembar.Lain` when the file is to be read by the streaming reader."""
    try:
        fh = src.open("rb")
    except OSError as exc:
        raise cannot_open(src, exc) from exc
    with fh:
        try:
            zf = zipfile.ZipFile(fh)
        except _ZIP_TROUBLE as exc:
            raise Lain(f"zip: {type(exc).__name__}: {exc}") from exc
        with zf:
            fh.seek(0)
            wb = _Book.calamine(lambda: python_calamine.CalamineWorkbook.from_filelike(fh))
            try:
                try:
                    book = _Book(zf, wb, max_rows + HEADER_SCAN_ROWS)
                except _ZIP_TROUBLE as exc:
                    raise Lain(f"bagian buku kerja: {type(exc).__name__}: {exc}") from exc
                ws, number, found = choose_sheet(src.name, book.sheets(), known, needed, sheet)
                assert isinstance(ws, _Sheet)
                rows, problems = _read_rows(src.name, ws, number, found, max_rows)
                if rows:
                    problems += merged_problems(ws.merged(), number, found, rows)
            finally:
                _Book.calamine(wb.close)
    return ws.title, number, found, rows, problems


def _read_rows(
    name: str, ws: _Sheet, header_row: int, found: Mapping[str, int], max_rows: int
) -> tuple[list[Row], list[Problem]]:
    offset = ws.offset
    width = int(ws.load().width)  # every row calamine hands over is this wide
    columns = [(header, idx, idx - offset) for header, idx in found.items()]
    inside = [(header, j) for header, _idx, j in columns if 0 <= j < width]
    outside = {header: None for header, _idx, j in columns if not 0 <= j < width}
    special = ws.found.rows
    formulas, errors = ws.found.formulas, ws.found.errors
    rows: list[Row] = []
    problems: list[Problem] = []
    for i, raw in ws.rows(header_row):
        number = i + 1
        if number > EXCEL_MAX_ROW:
            raise beyond_excel(name, ws.title)
        cells: dict[str, Any] = dict(outside)
        bad: list[Problem] = []
        if i in special:
            for header, idx, j in columns:
                got, problem = cell(raw[j] if 0 <= j < width else "",
                                    (i, idx) in formulas, errors.get((i, idx)))  # fmt: skip
                cells[header] = got
                if problem:
                    bad.append(Problem(number, header, problem))
        else:
            for header, j in inside:  # value() inlined for text, the common cell
                got = raw[j]
                if got.__class__ is str:
                    got = got.strip() or None
                    if got is not None and got in ERRORS:
                        bad.append(Problem(number, header, error_problem(got)))
                        got = None
                elif got.__class__ is not int and got.__class__ is not bool:
                    got = value(got)
                cells[header] = got
        if not bad and all(v is None for v in cells.values()):
            continue
        if len(rows) >= max_rows or number - header_row > max_rows:
            raise too_many(max_rows, number, header_row, len(rows))
        rows.append(Row(number, cells))
        problems.extend(bad)
    return rows, problems


__all__ = ["Lembar", "Read", "cell", "read", "value"]
