"""A small framework for importing one table from an Excel workbook, all or nothing (no Qt).

Checking the file before anything opens it (size limit ``impor.maks_mb``, an empty file, an old
``.xls``, a password-protected workbook, a CSV/HTML/PDF named ``.xlsx``, a zip bomb refused from
the zip directory alone) is :mod:`impor_berkas`. Reading is python-calamine (:mod:`impor_baca`,
about ten times faster than openpyxl), after a byte-level look at the sheet's XML
(:mod:`impor_lembar`); a file it must not or cannot read (a value at row 1.048.576 or column
XFD, a layout Excel does not write, damage calamine refuses) is read as before with openpyxl,
streaming (:mod:`impor_baca_openpyxl`). Both give the same values, the same problems and the
same messages: the rules they share (header search, row limit ``impor.maks_baris``, formulas
without a value, error values, merged cells) are :mod:`impor_tabel`. See
docs/fuzz-dan-batas-impor.md.

Writing: every row is validated first and every bad cell collected as a :class:`Problem` (row
number as Excel shows it, column header, Indonesian message). Only when there is none are the
rows saved, inside ONE ``tx.write()`` transaction: a row the service still refuses then rolls
back all of them (:func:`save_all`, row by row; :func:`save_bulk` for importers that write
their rows set-wise). Importers of each kind (``impor_pendaftar``...) supply the columns and
rows. The cell converters (``text``, ``date_value``, ``choice``, ``yes_no``, :class:`CellError`)
live in :mod:`impor_sel` and are re-exported here.
"""

from __future__ import annotations

import gc
import logging
import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from ..reports import xlsx
from . import impor_baca, impor_baca_openpyxl, uji_henti
from .ekspor import ExportFileError
from .errors import AppError, ValidationError
from .formatting import angka
from .impor_berkas import ImportFileError as ImportFileError  # re-exported
from .impor_berkas import check_file as check_file  # re-exported
from .impor_berkas import row_limit as row_limit  # re-exported
from .impor_berkas import size_limit_mb as size_limit_mb  # re-exported
from .impor_lembar import Lain
from .impor_sel import CellError as CellError  # re-exported
from .impor_sel import choice as choice  # re-exported
from .impor_sel import date_value as date_value  # re-exported
from .impor_sel import text as text  # re-exported
from .impor_sel import yes_no as yes_no  # re-exported
from .impor_tabel import EXCEL_MAX_ROW as EXCEL_MAX_ROW  # re-exported
from .impor_tabel import HEADER_SCAN_COLS as HEADER_SCAN_COLS  # re-exported
from .impor_tabel import HEADER_SCAN_ROWS as HEADER_SCAN_ROWS  # re-exported
from .impor_tabel import MAX_ROWS as MAX_ROWS  # re-exported
from .impor_tabel import Column as Column  # re-exported
from .impor_tabel import Problem as Problem  # re-exported
from .impor_tabel import Row as Row  # re-exported
from .impor_tabel import Table as Table  # re-exported
from .impor_tabel import no_data
from .impor_tabel import normalize_header as normalize_header  # re-exported
from .tx import write

T = TypeVar("T")
Progress = Callable[[int, int, str], None]
log = logging.getLogger(__name__)


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


# -- reading ----------------------------------------------------------------------------------


def read_table(
    path: str | os.PathLike[str],
    columns: Sequence[Column],
    *,
    sheet: str = "",
    max_rows: int | None = None,
) -> Table:
    """The rows of ``path`` under the headers of ``columns``.

    The sheet named ``sheet`` is tried first, then the others in order; the first whose header
    row holds every required header is read. ``max_rows`` (default: the setting
    ``impor.maks_baris``) bounds the data rows and how far below the header they may lie.
    """
    src = Path(path)
    check_file(src)
    limit = row_limit() if max_rows is None else max_rows
    known = {normalize_header(c.header): c.header for c in columns}
    needed = [c.header for c in columns if not c.optional_header]
    try:
        title, number, found, rows, problems = impor_baca.read(src, known, needed, sheet, limit)
    except Lain as why:
        log.info("Berkas impor %s dibaca dengan openpyxl: %s", src.name, why)
        title, number, found, rows, problems = impor_baca_openpyxl.read(
            src, known, needed, sheet, limit
        )
    if not rows and not problems:
        raise no_data(src.name, number)
    headers = tuple(c.header for c in columns if c.header in found)
    return Table(src.name, title, number, headers, rows, problems)


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
                        uji_henti.titik("impor.baris")  # test-only kill point (no-op)
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
            uji_henti.titik("impor.sebelum_commit")
    except _Rollback:
        return problems
    uji_henti.titik("impor.sesudah_commit")
    return []


def save_bulk(
    save_many: Callable[[], list[Problem]], after: Callable[[], object] | None = None
) -> list[Problem]:
    """Run ``save_many`` (an importer's set-wise save) inside ONE transaction; ``after`` runs
    last in it (the audit entry). Problems it returns roll everything back and are returned
    (an empty list: everything was saved). The kill points are those of :func:`save_all`."""
    problems: list[Problem] = []
    try:
        with write():
            problems = save_many()
            if problems:
                raise _Rollback
            if after is not None:
                after()
            uji_henti.titik("impor.sebelum_commit")
    except _Rollback:
        return problems
    uji_henti.titik("impor.sesudah_commit")
    return []


@contextmanager
def gc_paused() -> Iterator[None]:
    """Python's cycle collector off for a large import: it runs again and again while hundreds
    of thousands of cells and rows are made, finds nothing to free (they are no cycles), and
    costs a fifth of the time (3 s of 19 for 100,000 ``ppks`` rows). Back on afterwards."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


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
