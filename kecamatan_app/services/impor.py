"""A small framework for importing one table from an Excel workbook, all or nothing (no Qt).

Reading: openpyxl in read-only mode, values only. Headers are matched case-insensitively and
ignoring extra spaces, in the first rows of the sheet (so an exported list can be read back).
A cell is a problem of its row and column when it holds a formula saved without its value or an
Excel error such as ``#REF!``; a file that cannot be read at all raises :class:`ImportFileError`.

Writing: every row is validated first and every bad cell collected as a :class:`Problem` (row
number as Excel shows it, column header, Indonesian message). Only when there is none are the
rows saved, inside ONE ``tx.write()`` transaction: a row the service still refuses then rolls
back all of them. Importers of each kind (``impor_pendaftar``...) supply the columns and rows.
The cell converters (``text``, ``date_value``, ``choice``, ``yes_no``, :class:`CellError`) live
in :mod:`impor_sel` and are re-exported here.
"""

from __future__ import annotations

import logging
import os
import zipfile
import zlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar
from xml.etree.ElementTree import ParseError

from openpyxl import load_workbook
from openpyxl.cell.cell import ERROR_CODES
from openpyxl.utils.exceptions import InvalidFileException

from ..reports import xlsx
from .ekspor import ExportFileError
from .errors import AppError, ValidationError
from .formatting import angka
from .impor_sel import CellError as CellError  # re-exported
from .impor_sel import choice as choice  # re-exported
from .impor_sel import date_value as date_value  # re-exported
from .impor_sel import text as text  # re-exported
from .impor_sel import yes_no as yes_no  # re-exported
from .tx import write

T = TypeVar("T")
Progress = Callable[[int, int, str], None]

#: Rows of data one file may hold; bigger files are split by the user.
MAX_ROWS = 5000
#: The header row is looked for in the first rows of a sheet (an export has a title above it).
HEADER_SCAN_ROWS = 10
#: What openpyxl raises on a file that is not a workbook or is damaged.
_NOT_XLSX = (zipfile.BadZipFile, InvalidFileException, KeyError, EOFError, zlib.error)
_UNREADABLE = (*_NOT_XLSX, ParseError, ValueError, TypeError, IndexError)
log = logging.getLogger(__name__)


class ImportFileError(AppError):
    """The file as a whole cannot be imported (missing, not a workbook, no headers, too big)."""


@dataclass(frozen=True, order=True)
class Problem:
    """One bad cell: its Excel row number, its column header and why (Indonesian)."""

    row: int
    column: str
    message: str

    def __str__(self) -> str:
        where = f"Baris {self.row}, kolom {self.column}" if self.column else f"Baris {self.row}"
        return f"{where}: {self.message}"


@dataclass
class ImportResult:
    """What an import did (or, with ``dry_run``, would do). Nothing is saved when ``problems``."""

    created: int
    updated: int
    problems: list[Problem]
    dry_run: bool
    #: Findings that do not block the import (e.g. a NIK whose date differs from the birth date).
    warnings: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass(frozen=True)
class Column:
    """One column of a template: its header and what the instructions sheet says of it."""

    header: str
    required: bool  # the cell must be filled
    values: str  # the accepted values, in words
    blank: str  # what a blank cell means
    choices: tuple[str, ...] = ()  # the drop-down list
    strict: bool = True  # False: other text is allowed too (Excel only warns)
    kind: str = "teks"  # teks | tanggal: the column's format in the template
    width: float = 18
    optional_header: bool = False  # the file may leave the whole column out


@dataclass(frozen=True)
class Row:
    number: int  # as Excel shows it
    cells: Mapping[str, Any]  # canonical header -> value; None for a blank cell

    def get(self, header: str) -> Any:
        return self.cells.get(header)


@dataclass(frozen=True)
class Table:
    name: str  # the file name, for messages
    sheet: str
    header_row: int
    headers: tuple[str, ...]  # the known headers present, canonical spelling
    rows: list[Row]
    problems: list[Problem]  # formulas without a value, error values


def normalize_header(value: object) -> str:
    return " ".join(str(value).split()).casefold() if value is not None else ""


# -- reading --------------------------------------------------------------------------------


def _open(path: Path, data_only: bool) -> Any:
    try:
        return load_workbook(path, read_only=True, data_only=data_only)
    except _UNREADABLE as exc:
        log.info("Berkas impor %s tidak terbaca", path, exc_info=True)
        raise ImportFileError(
            f"Berkas {path.name} bukan buku kerja Excel (.xlsx) atau rusak. Buka di Excel lalu "
            "simpan ulang sebagai 'Buku Kerja Excel (*.xlsx)', kemudian ulangi impor."
        ) from exc
    except OSError as exc:
        raise ImportFileError(
            f"Berkas {path.name} tidak dapat dibuka: {exc.strerror or exc}. Tutup berkas itu "
            "di Excel bila sedang terbuka, lalu ulangi."
        ) from exc


def _find_header(ws: Any, known: Mapping[str, str]) -> tuple[int, dict[str, int], bool]:
    """(row number, header -> column index, sheet has any value) of the best header row."""
    best: tuple[int, dict[str, int]] = (0, {})
    filled = False
    rows = ws.iter_rows(min_row=1, max_row=HEADER_SCAN_ROWS, values_only=True)
    for number, values in enumerate(rows, 1):
        found: dict[str, int] = {}
        for idx, value in enumerate(values):
            filled = filled or (value is not None and str(value).strip() != "")
            canon = known.get(normalize_header(value))
            if canon is None:
                continue
            if canon in found:
                raise ImportFileError(
                    f"Kolom '{canon}' ada dua kali di baris judul (baris {number}). "
                    "Hapus salah satunya, lalu ulangi impor."
                )
            found[canon] = idx
        if len(found) > len(best[1]):
            best = (number, found)
    return best[0], best[1], filled


def _cell(value: Any, raw: Any) -> tuple[Any, str | None]:
    """The cell's value (None when blank) or the problem with it."""
    if value is None and isinstance(raw, str) and raw.startswith("="):
        return None, (
            "Sel berisi rumus yang nilainya tidak tersimpan di berkas. Salin kolom ini "
            "lalu tempel sebagai nilai (Tempel Spesial > Nilai), simpan, dan ulangi."
        )
    if isinstance(value, str):
        value = value.strip()
        if value in ERROR_CODES:
            return None, (
                f"Sel berisi galat Excel {value}. Perbaiki rumus atau ketik nilainya langsung."
            )
        return value or None, None
    return value, None


def read_table(
    path: str | os.PathLike[str],
    columns: Sequence[Column],
    *,
    sheet: str = "",
    max_rows: int = MAX_ROWS,
) -> Table:
    """The rows of ``path`` under the headers of ``columns``.

    The sheet named ``sheet`` is tried first, then the others in order; the first whose header
    row holds every required header is read.
    """
    src = Path(path)
    if not src.is_file():
        raise ImportFileError(f"Berkas {src} tidak ditemukan. Periksa nama dan foldernya.")
    known = {normalize_header(c.header): c.header for c in columns}
    needed = [c.header for c in columns if not c.optional_header]
    values_wb = _open(src, data_only=True)
    try:
        formulas_wb = _open(src, data_only=False)
    except ImportFileError:
        values_wb.close()
        raise
    try:
        sheets = sorted(
            values_wb.worksheets,
            key=lambda ws: normalize_header(ws.title) != normalize_header(sheet),
        )
        if not sheets:
            raise ImportFileError(f"Berkas {src.name} tidak berisi lembar kerja.")
        chosen: tuple[Any, int, dict[str, int]] | None = None
        nearest: tuple[Any, int, dict[str, int]] = (sheets[0], 0, {})
        anything = False
        for ws in sheets:
            number, found, filled = _find_header(ws, known)
            anything = anything or filled
            if all(h in found for h in needed):
                chosen = (ws, number, found)
                break
            if len(found) > len(nearest[2]):
                nearest = (ws, number, found)
        if not anything:
            raise ImportFileError(
                f"Berkas {src.name} kosong. Isi data pada templat impor "
                "(tombol Simpan templat di aplikasi, atau perintah 'template'), lalu ulangi."
            )
        if chosen is None:
            ws, number, found = nearest
            missing = [h for h in needed if h not in found]
            if not found:
                raise ImportFileError(
                    f"Baris judul kolom tidak ditemukan di berkas {src.name}. Baris pertama "
                    "harus berisi judul kolom seperti pada templat: " + ", ".join(needed) + "."
                )
            raise ImportFileError(
                f"Berkas {src.name} (lembar '{ws.title}', baris {number}) tidak memiliki kolom "
                "wajib: " + ", ".join(missing) + ". Gunakan judul kolom seperti pada templat."
            )
        ws, number, found = chosen
        rows, problems = _read_rows(ws, formulas_wb[ws.title], number, found, max_rows)
    except _UNREADABLE as exc:
        log.warning("Berkas impor %s rusak", src, exc_info=True)
        raise ImportFileError(
            f"Berkas {src.name} rusak dan tidak dapat dibaca. Buka di Excel, "
            "simpan ulang sebagai .xlsx, lalu ulangi."
        ) from exc
    finally:
        values_wb.close()
        formulas_wb.close()
    if not rows and not problems:
        raise ImportFileError(
            f"Berkas {src.name} tidak berisi data: di bawah baris judul "
            f"(baris {number}) belum ada baris yang diisi."
        )
    headers = tuple(c.header for c in columns if c.header in found)
    return Table(src.name, ws.title, number, headers, rows, problems)


def _read_rows(
    ws: Any, formulas: Any, header_row: int, found: Mapping[str, int], max_rows: int
) -> tuple[list[Row], list[Problem]]:
    width = max(found.values()) + 1
    values = ws.iter_rows(min_row=header_row + 1, max_col=width, values_only=True)
    raws = formulas.iter_rows(min_row=header_row + 1, max_col=width, values_only=True)
    rows: list[Row] = []
    problems: list[Problem] = []
    for number, (vals, raw) in enumerate(zip(values, raws, strict=False), header_row + 1):
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
        if len(rows) >= max_rows:
            raise ImportFileError(
                f"Berkas berisi lebih dari {angka(max_rows)} baris data. Bagi menjadi beberapa "
                f"berkas berisi paling banyak {angka(max_rows)} baris, lalu impor satu per satu."
            )
        rows.append(Row(number, cells))
        problems.extend(bad)
    return rows, problems


# -- saving -----------------------------------------------------------------------------------


class _Rollback(Exception):
    pass


def save_all(
    items: Sequence[tuple[int, T]],
    save: Callable[[T], None],
    columns_of_fields: Mapping[str, str],
    after: Callable[[], object] | None = None,
    progress: Progress | None = None,
) -> list[Problem]:
    """Save every item inside ONE transaction; ``after`` runs last in it (the audit entry).

    A row the service refuses becomes a problem of that row; then all rows are rolled back and
    the problems returned (an empty list: everything was saved).
    """
    problems: list[Problem] = []
    total = len(items)
    try:
        with write():
            for done, (row, item) in enumerate(items, 1):
                try:
                    with write():  # a savepoint: keep checking the next rows
                        save(item)
                except ValidationError as exc:
                    problems += [
                        Problem(row, columns_of_fields.get(p.field, ""), p.message)
                        for p in exc.problems
                    ] or [Problem(row, "", str(exc))]
                except AppError as exc:
                    problems.append(Problem(row, "", str(exc)))
                if progress is not None and (done % 100 == 0 or done == total):
                    progress(done, total, f"Menyimpan baris {angka(done)} dari {angka(total)}...")
            if problems:
                raise _Rollback
            if after is not None:
                after()
    except _Rollback:
        return problems
    return []


def write_errors_workbook(
    path: str | os.PathLike[str], problems: Sequence[Problem], source: str = ""
) -> Path:
    """The problems as a workbook (Baris, Kolom, Masalah), written atomically."""
    dest = Path(path)
    lines = [f"Berkas yang diimpor: {source}"] if source else []
    lines.append(
        f"{angka(len(problems))} masalah; tidak ada data yang disimpan. Perbaiki sel "
        "yang disebut lalu impor ulang."
    )
    try:
        return xlsx.write_table(
            dest,
            "Masalah Impor",
            ["Baris", "Kolom", "Masalah"],
            ((p.row, p.column, p.message) for p in problems),
            subtitle_lines=lines,
            total=len(problems),
            sheet_name="Masalah",
        )
    except OSError as exc:
        raise file_error(dest, exc) from exc


def file_error(dest: Path, exc: OSError) -> ExportFileError:
    """The Indonesian message for a workbook (template, export, problems) that cannot be written."""
    return ExportFileError(
        f"Berkas tidak dapat ditulis: {dest}. Pastikan foldernya ada dan Anda berhak menulis di "
        "sana; tutup berkas di Excel bila sedang terbuka, lalu ulangi. "
        f"(Keterangan sistem: {exc.strerror or exc})"
    )


def iter_progress(items: Sequence[T], progress: Progress | None, what: str) -> Iterator[T]:
    """Yield ``items``, telling ``progress`` every 100 items and at the end."""
    total = len(items)
    for done, item in enumerate(items, 1):
        yield item
        if progress is not None and (done % 100 == 0 or done == total):
            progress(done, total, f"{what} baris {angka(done)} dari {angka(total)}...")
