"""A small framework for importing one table from an Excel workbook, all or nothing (no Qt).

Reading: openpyxl in read-only mode, values only. Headers are matched case-insensitively and
ignoring extra spaces, in the first rows of the sheet (so an exported list can be read back).
A cell is a problem of its row and column when it holds a formula saved without its value, an
Excel error such as ``#REF!`` or is hidden under a merged cell; a file that cannot be read at
all raises :class:`ImportFileError`.

Untrusted files: before openpyxl opens anything the file's size is checked against the setting
``impor.maks_mb``, its first bytes tell an empty file, an old ``.xls``, a CSV, HTML or PDF from a
workbook, and the zip directory is inspected so that a "zip bomb" is refused without unpacking
it. Reading stays bounded for a sheet that declares 16.384 columns or a row at 1.048.576: the
header search reads 200 columns, data rows only the columns of the known headers, and data lying
more than ``impor.maks_baris`` rows below the header refuses the file. Both workbooks are opened
on file handles this module owns and closes on every path (on Windows an open handle blocks the
user's Excel). See docs/fuzz-dan-batas-impor.md.

Writing: every row is validated first and every bad cell collected as a :class:`Problem` (row
number as Excel shows it, column header, Indonesian message). Only when there is none are the
rows saved, inside ONE ``tx.write()`` transaction: a row the service still refuses then rolls
back all of them. Importers of each kind (``impor_pendaftar``...) supply the columns and rows.
The cell converters (``text``, ``date_value``, ``choice``, ``yes_no``, :class:`CellError`) live
in :mod:`impor_sel` and are re-exported here.
"""

from __future__ import annotations

import bisect
import logging
import os
import re
import sqlite3
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, TypeVar
from xml.etree.ElementTree import ParseError

from openpyxl import load_workbook
from openpyxl.cell.cell import ERROR_CODES
from openpyxl.formula.tokenizer import TokenizerError
from openpyxl.utils import get_column_letter, range_boundaries
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.formula import ArrayFormula, DataTableFormula
from peewee import PeeweeException

from ..models import database
from ..reports import xlsx
from . import settings as app_settings
from . import uji_henti
from .ekspor import ExportFileError
from .errors import AppError, ValidationError
from .errors import DatabaseError as AppDatabaseError
from .formatting import angka
from .impor_sel import CellError as CellError  # re-exported
from .impor_sel import choice as choice  # re-exported
from .impor_sel import date_value as date_value  # re-exported
from .impor_sel import text as text  # re-exported
from .impor_sel import yes_no as yes_no  # re-exported
from .tx import write

T = TypeVar("T")
Progress = Callable[[int, int, str], None]

#: Rows of an import template formatted with drop-down lists (``impor_templat``). The number of
#: rows an import may hold is the setting ``impor.maks_baris`` (see :func:`row_limit`).
MAX_ROWS = 5000
#: The header row is looked for in the first rows of a sheet (an export has a title above it).
HEADER_SCAN_ROWS = 10
#: ... and in its first columns (a sheet may declare all 16.384 columns of Excel).
HEADER_SCAN_COLS = 200
#: Excel's last row; a file numbering rows beyond it is damaged.
EXCEL_MAX_ROW = 1_048_576
_MB = 1024 * 1024
#: Zip bomb guards: unpacked, the parts together may be ``_UNPACKED_FACTOR`` times the size
#: limit (at least ``_MIN_UNPACKED``); a part over ``_RATIO_FROM`` unpacked may be packed at
#: most ``_MAX_RATIO`` times (real sheets pack 5-30 times); at most ``_MAX_PARTS`` parts.
_UNPACKED_FACTOR = 20
_MIN_UNPACKED = 256 * _MB
_RATIO_FROM = 4 * _MB
_MAX_RATIO = 200
_MAX_PARTS = 10_000
#: Excel's error values; the newer ones (#SPILL!...) are not in openpyxl's list.
_ERRORS = frozenset(ERROR_CODES) | {
    "#SPILL!", "#CALC!", "#FIELD!", "#BLOCKED!", "#CONNECT!", "#BUSY!", "#UNKNOWN!",
    "#GETTING_DATA", "#EXTERNAL!", "#PYTHON!",
}  # fmt: skip
#: What openpyxl (and zipfile, expat, its formula parser) raise on a damaged workbook.
_UNREADABLE = (
    zipfile.BadZipFile, zipfile.LargeZipFile, InvalidFileException, LookupError, EOFError,
    zlib.error, ParseError, ValueError, TypeError, AttributeError, ArithmeticError,
    NotImplementedError, struct.error, TokenizerError, RecursionError,
)  # fmt: skip
#: A cell's merged-range problems reported at most (a damaged file may merge everything).
_MAX_MERGED_PROBLEMS = 1000
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")
_MERGE = re.compile(
    rb"<(?:[\w.-]+:)?mergeCell\b[^>]*?\bref\s*=\s*[\"']([A-Za-z]{1,3}[0-9]{1,7}"
    rb"(?::[A-Za-z]{1,3}[0-9]{1,7})?)[\"']"
)
_RESAVE = (
    "Buka di Excel lalu simpan ulang sebagai 'Buku Kerja Excel (*.xlsx)', kemudian ulangi impor."
)
_SETTING_HINT = "Pengaturan > Keamanan"
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
    problems: list[Problem]  # formulas without a value, error values, merged cells


def normalize_header(value: object) -> str:
    return " ".join(str(value).split()).casefold() if value is not None else ""


# -- limits -------------------------------------------------------------------------------------


def _setting(key: str) -> int:
    """The integer setting ``key``; its default when no database is open (a bare read)."""
    default = int(app_settings.SETTINGS[key].default)
    if database.obj is None:
        return default
    try:
        return int(app_settings.get(key))
    except (PeeweeException, sqlite3.Error, AppDatabaseError):
        log.warning("Pengaturan %s tidak terbaca; dipakai nilai bawaan", key, exc_info=True)
        return default


def size_limit_mb() -> int:
    """The largest file an import opens, in MB (setting ``impor.maks_mb``)."""
    return _setting("impor.maks_mb")


def row_limit() -> int:
    """The data rows one import may hold (setting ``impor.maks_baris``)."""
    return _setting("impor.maks_baris")


# -- checking the file before openpyxl sees it ---------------------------------------------------


def _cannot_open(src: Path, exc: OSError) -> ImportFileError:
    return ImportFileError(
        f"Berkas {src.name} tidak dapat dibuka. Tutup berkas itu di Excel bila sedang terbuka "
        "dan pastikan Anda berhak membacanya, lalu ulangi. "
        f"(Keterangan sistem: {exc.strerror or exc})"
    )


def _not_xlsx(src: Path) -> ImportFileError:
    return ImportFileError(
        f"Berkas {src.name} bukan buku kerja Excel (.xlsx) atau rusak. Buka di Excel lalu "
        "simpan ulang sebagai 'Buku Kerja Excel (*.xlsx)', kemudian ulangi impor."
    )


def _damaged(src: Path) -> ImportFileError:
    return ImportFileError(
        f"Berkas {src.name} rusak dan tidak dapat dibaca. Buka di Excel, "
        "simpan ulang sebagai .xlsx, lalu ulangi."
    )


def _contains(src: Path, needle: bytes) -> bool:
    """Whether ``needle`` occurs in the file (read in pieces; the size was checked first)."""
    tail = b""
    with src.open("rb") as fh:
        while chunk := fh.read(_MB):
            if needle in tail + chunk:
                return True
            tail = chunk[-len(needle) :]
    return False


def _looks_like_text(head: bytes) -> str | None:
    """The text at the start of the file (BOM removed), or None when it is binary."""
    for bom, codec in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"),
                       (b"\xfe\xff", "utf-16-be")):  # fmt: skip
        if head.startswith(bom):
            head, encoding = head[len(bom) :], codec
            break
    else:
        encoding = "utf-8"
    shown = head.decode(encoding, errors="replace")
    if not shown:
        return None
    odd = sum(1 for c in shown if (c < " " and c not in "\t\r\n") or c == "\ufffd")
    return shown if odd <= len(shown) // 50 else None


def _not_a_zip(src: Path, head: bytes) -> ImportFileError:
    """The message for a file that is not a zip (so not a workbook): say what it looks like."""
    name = src.name
    if head.startswith(_OLE2):
        if _contains(src, _ENCRYPTED):
            return ImportFileError(
                f"Berkas {name} dilindungi kata sandi (terenkripsi) sehingga tidak dapat dibaca. "
                "Buka di Excel, hapus kata sandinya (File > Info > Lindungi Buku Kerja > "
                "Enkripsi dengan Kata Sandi, kosongkan), simpan, lalu ulangi impor."
            )
        return ImportFileError(
            f"Berkas {name} memakai format Excel lama (.xls): simpan ulang sebagai .xlsx "
            "(di Excel: File > Simpan Sebagai > 'Buku Kerja Excel (*.xlsx)'), lalu ulangi impor."
        )
    if head.startswith(b"%PDF"):
        return ImportFileError(
            f"Berkas {name} adalah dokumen PDF, bukan buku kerja Excel (.xlsx). Pilih berkas "
            "Excel-nya, atau salin tabelnya ke Excel dan simpan sebagai .xlsx, lalu ulangi."
        )
    shown = _looks_like_text(head)
    if shown is not None:
        lowered = shown.lstrip().casefold()
        if "urn:schemas-microsoft-com:office:spreadsheet" in lowered:
            kind = "format XML Spreadsheet 2003"
        elif lowered.startswith("<") and ("<html" in lowered or "<table" in lowered):
            kind = "halaman web (HTML)"
        elif lowered.startswith("<"):
            kind = "berkas XML"
        else:
            kind = "teks biasa (mungkin CSV)"
        return ImportFileError(
            f"Berkas {name} berisi {kind}, bukan buku kerja Excel (.xlsx). {_RESAVE}"
        )
    return _not_xlsx(src)


def _bomb(src: Path, unpacked: int, size: int, why: str) -> ImportFileError:
    return ImportFileError(
        f"Berkas {src.name} tidak dibuka: berukuran {_size(size)} tetapi isinya bila diurai "
        f"menjadi {_size(unpacked)} ({why}). Berkas seperti ini rusak atau sengaja dibuat "
        "berbahaya ('bom zip'). Buka data aslinya di Excel, simpan ulang sebagai .xlsx, "
        "lalu ulangi."
    )


def _size(size: int) -> str:
    """``812 byte``, ``14,2 KB``, ``1,3 MB``."""
    if size < 1024:
        return f"{angka(size)} byte"
    if size < _MB:
        return f"{angka(round(size / 1024, 1))} KB"
    return f"{angka(round(size / _MB, 1))} MB"


def _check_zip(src: Path, size: int, limit: int) -> None:
    """Refuse a zip that is no workbook, is locked, or unpacks to far more than its size."""
    try:
        with zipfile.ZipFile(src) as zf:
            parts = zf.infolist()
            if len(parts) > _MAX_PARTS:
                raise ImportFileError(
                    f"Berkas {src.name} tidak dibuka: berisi {angka(len(parts))} bagian, jauh "
                    f"lebih banyak dari buku kerja biasa. Berkas ini rusak atau bukan buku kerja "
                    f"Excel (.xlsx). {_RESAVE}"
                )
            total = 0
            for part in parts:
                if part.flag_bits & 0x1:
                    raise ImportFileError(
                        f"Berkas {src.name} terkunci kata sandi sehingga tidak dapat dibaca. "
                        f"Simpan ulang tanpa kata sandi sebagai .xlsx, lalu ulangi."
                    )
                if part.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                    raise ImportFileError(
                        f"Berkas {src.name} dipadatkan dengan cara yang tidak dipakai Excel, "
                        f"jadi bukan buku kerja Excel (.xlsx) biasa. {_RESAVE}"
                    )
                total += part.file_size
                ratio = part.file_size / max(part.compress_size, 1)
                if part.file_size > _RATIO_FROM and ratio > _MAX_RATIO:
                    raise _bomb(src, part.file_size, size, f"satu bagiannya dipadatkan "
                                f"{angka(round(ratio))} kali, buku kerja biasa paling "
                                f"banyak puluhan kali")  # fmt: skip
            bound = max(_UNPACKED_FACTOR * limit * _MB, _MIN_UNPACKED)
            if total > bound:
                raise _bomb(src, total, size, f"batas wajar {_size(bound)}")
            names = {p.filename for p in parts}
            if "[Content_Types].xml" not in names:
                mimetype = zf.getinfo("mimetype") if "mimetype" in names else None
                if (
                    mimetype is not None
                    and mimetype.file_size < 200
                    and b"opendocument.spreadsheet" in zf.read(mimetype)
                ):
                    raise ImportFileError(
                        f"Berkas {src.name} memakai format OpenDocument (.ods), bukan buku "
                        "kerja Excel (.xlsx). Di LibreOffice atau Excel pilih Simpan Sebagai "
                        "> 'Buku Kerja Excel (*.xlsx)', lalu ulangi impor."
                    )
                raise ImportFileError(
                    f"Berkas {src.name} adalah arsip ZIP, bukan buku kerja Excel (.xlsx). "
                    "Ekstrak dulu berkas Excel di dalamnya, atau pilih berkas yang benar, "
                    "lalu ulangi."
                )
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, struct.error,
            NotImplementedError, RuntimeError, zlib.error) as exc:  # fmt: skip
        log.info("Berkas impor %s bukan zip yang utuh", src, exc_info=True)
        raise _damaged(src) from exc
    except OSError as exc:
        raise _cannot_open(src, exc) from exc


def check_file(path: str | os.PathLike[str]) -> None:
    """Refuse a file an import must not open: missing, empty, over the size limit, not an
    ``.xlsx`` (an old ``.xls``, CSV, HTML, PDF, a plain zip) or a zip bomb. Reads only the
    first bytes and the zip directory."""
    src = Path(path)
    if not src.is_file():
        raise ImportFileError(f"Berkas {src} tidak ditemukan. Periksa nama dan foldernya.")
    try:
        size = src.stat().st_size
        with src.open("rb") as fh:
            head = fh.read(4096)
    except OSError as exc:
        raise _cannot_open(src, exc) from exc
    if size == 0:
        raise ImportFileError(
            f"Berkas {src.name} kosong (0 byte), bukan buku kerja Excel (.xlsx) yang berisi "
            "data. Pilih berkas yang benar, atau isi templat impor lalu simpan, kemudian ulangi."
        )
    limit = size_limit_mb()
    if size > limit * _MB:
        raise ImportFileError(
            f"Berkas {src.name} berukuran {_size(size)}, melebihi batas {angka(limit)} MB. "
            "Bagi datanya menjadi beberapa berkas, atau minta admin menaikkan batas 'Ukuran "
            f"berkas impor paling besar' di {_SETTING_HINT}, lalu ulangi."
        )
    if not head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        try:
            problem = _not_a_zip(src, head)
        except OSError as exc:
            raise _cannot_open(src, exc) from exc
        raise problem
    _check_zip(src, size, limit)


# -- reading --------------------------------------------------------------------------------


def _load(src: Path, fh: IO[bytes], data_only: bool) -> Any:
    try:
        return load_workbook(fh, read_only=True, data_only=data_only)
    except _UNREADABLE as exc:
        log.info("Berkas impor %s tidak terbaca", src, exc_info=True)
        raise _not_xlsx(src) from exc
    except OSError as exc:  # openpyxl: "File contains no valid workbook part" (no errno)
        log.info("Berkas impor %s tidak terbaca", src, exc_info=True)
        raise (_not_xlsx(src) if exc.errno is None else _cannot_open(src, exc)) from exc


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
                raise _cannot_open(src, exc) from exc
            wb = _load(src, fh, data_only)
            stack.callback(wb.close)
            books.append(wb)
        yield books[0], books[1]


def _find_header(ws: Any, known: Mapping[str, str]) -> tuple[int, dict[str, int], bool]:
    """(row number, header -> column index, sheet has any value) of the best header row."""
    best: tuple[int, dict[str, int]] = (0, {})
    filled = False
    rows = ws.iter_rows(
        min_row=1, max_row=HEADER_SCAN_ROWS, max_col=HEADER_SCAN_COLS, values_only=True
    )
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


def _first_filled_row(ws: Any) -> int | None:
    """The first row below the header search holding a value (in the first columns), if any."""
    rows = ws.iter_rows(min_row=HEADER_SCAN_ROWS + 1, max_row=EXCEL_MAX_ROW,
                        max_col=HEADER_SCAN_COLS, values_only=True)  # fmt: skip
    for number, values in enumerate(rows, HEADER_SCAN_ROWS + 1):
        if values.count(None) != len(values) and any(str(v).strip() for v in values if v):
            return number
    return None


def _cell(value: Any, raw: Any) -> tuple[Any, str | None]:
    """The cell's value (None when blank) or the problem with it."""
    formula = isinstance(raw, (ArrayFormula, DataTableFormula)) or (
        isinstance(raw, str) and raw.startswith("=")
    )
    if value is None and formula:
        return None, (
            "Sel berisi rumus yang nilainya tidak tersimpan di berkas. Salin kolom ini "
            "lalu tempel sebagai nilai (Tempel Spesial > Nilai), simpan, dan ulangi."
        )
    if isinstance(value, str):
        value = value.strip()
        if value in _ERRORS:
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
    with _workbooks(src) as (values_wb, formulas_wb):
        try:
            ws, number, found = _choose_sheet(src, values_wb, known, needed, sheet)
            rows, problems = _read_rows(src.name, ws, formulas_wb[ws.title], number, found, limit)
            if rows:
                problems += _merged_problems(src, ws, number, found, rows)
        except ImportFileError:
            raise
        except _UNREADABLE as exc:
            log.warning("Berkas impor %s rusak", src, exc_info=True)
            raise _damaged(src) from exc
        except OSError as exc:  # a network drive gone while reading, or openpyxl's own
            log.warning("Berkas impor %s rusak", src, exc_info=True)
            raise (_damaged(src) if exc.errno is None else _cannot_open(src, exc)) from exc
    if not rows and not problems:
        raise ImportFileError(
            f"Berkas {src.name} tidak berisi data: di bawah baris judul "
            f"(baris {number}) belum ada baris yang diisi."
        )
    headers = tuple(c.header for c in columns if c.header in found)
    return Table(src.name, ws.title, number, headers, rows, problems)


def _choose_sheet(
    src: Path, wb: Any, known: Mapping[str, str], needed: Sequence[str], sheet: str
) -> tuple[Any, int, dict[str, int]]:
    """(sheet, header row, header -> column index) of the sheet to read, or why there is none."""
    sheets = sorted(
        wb.worksheets, key=lambda ws: normalize_header(ws.title) != normalize_header(sheet)
    )
    if not sheets:
        raise ImportFileError(f"Berkas {src.name} tidak berisi lembar kerja.")
    nearest: tuple[Any, int, dict[str, int]] = (sheets[0], 0, {})
    anything = False
    for ws in sheets:
        number, found, filled = _find_header(ws, known)
        anything = anything or filled
        if all(h in found for h in needed):
            return ws, number, found
        if len(found) > len(nearest[2]):
            nearest = (ws, number, found)
    if not anything:
        lower = next((n for ws in sheets if (n := _first_filled_row(ws)) is not None), None)
        if lower is not None:
            raise ImportFileError(
                f"Baris judul kolom tidak ditemukan di berkas {src.name}: judul kolom harus "
                f"berada di salah satu dari {HEADER_SCAN_ROWS} baris pertama, sedangkan isi "
                f"pertama ada di baris {angka(lower)}. Hapus baris kosong di atas judul kolom, "
                "lalu ulangi."
            )
        raise ImportFileError(
            f"Berkas {src.name} kosong. Isi data pada templat impor "
            "(tombol Simpan templat di aplikasi, atau perintah 'template'), lalu ulangi."
        )
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


def _too_many(max_rows: int, number: int, header_row: int, counted: int) -> ImportFileError:
    where = f"Batas ini diatur di {_SETTING_HINT} (Jumlah baris berkas impor paling banyak)."
    if counted >= max_rows:
        return ImportFileError(
            f"Berkas berisi lebih dari {angka(max_rows)} baris data. Bagi menjadi beberapa "
            f"berkas berisi paling banyak {angka(max_rows)} baris, lalu impor satu per satu. "
            + where
        )
    return ImportFileError(
        f"Berkas berisi data di baris {angka(number)}, lebih dari {angka(max_rows)} baris di "
        f"bawah baris judul (baris {header_row}). Hapus isi sel yang tidak dipakai di bawah "
        f"data (pilih baris-barisnya, klik kanan > Hapus), atau bagi menjadi beberapa berkas "
        f"berisi paling banyak {angka(max_rows)} baris, lalu ulangi. " + where
    )


def _read_rows(
    name: str, ws: Any, formulas: Any, header_row: int, found: Mapping[str, int], max_rows: int
) -> tuple[list[Row], list[Problem]]:
    width = max(found.values()) + 1
    # Rows are read up to one past Excel's last row: openpyxl fills a gap with blank rows only up
    # to the bound given, so a row numbered beyond Excel's limit shows up as that one row.
    bounds = {"min_row": header_row + 1, "max_row": EXCEL_MAX_ROW + 1, "max_col": width}
    values = ws.iter_rows(values_only=True, **bounds)
    raws = formulas.iter_rows(values_only=True, **bounds)
    rows: list[Row] = []
    problems: list[Problem] = []
    blank: tuple[Any, Any] = (None, None)
    for number, (vals, raw) in enumerate(zip(values, raws, strict=False), header_row + 1):
        if number > EXCEL_MAX_ROW:
            raise ImportFileError(
                f"Berkas {name} rusak: lembar '{ws.title}' memuat baris di bawah baris "
                f"{angka(EXCEL_MAX_ROW)}, baris terakhir Excel. Buka di Excel, simpan ulang "
                "sebagai .xlsx, lalu ulangi."
            )
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
            raise _too_many(max_rows, number, header_row, len(rows))
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
                    if len(found) > _MAX_MERGED_PROBLEMS * 10:
                        return found
            keep = min(len(buf), 200)
            offset += len(buf) - keep
            tail = buf[-keep:]
    return found


def _merged_problems(
    src: Path, ws: Any, header_row: int, found: Mapping[str, int], rows: Sequence[Row]
) -> list[Problem]:
    """A problem for every cell of a data row that lies under a merged cell but is not its
    first (top-left) cell: Excel shows the merged value there, the file holds nothing."""
    merged = _merged_ranges(src, ws)
    if not merged:
        return []
    numbers = [r.number for r in rows]
    header_of = {idx + 1: header for header, idx in found.items()}  # 1-based column
    out: dict[tuple[int, str], Problem] = {}
    for min_col, min_row, max_col, max_row in merged:
        first = f"{get_column_letter(min_col)}{min_row}"
        area = f"{first}:{get_column_letter(max_col)}{max_row}"
        columns = [c for c in header_of if min_col <= c <= max_col]
        lo = bisect.bisect_left(numbers, max(min_row, header_row + 1))
        hi = bisect.bisect_right(numbers, max_row)
        for number in numbers[lo:hi]:
            for col in columns:
                if (col, number) == (min_col, min_row) or (number, header_of[col]) in out:
                    continue
                out[number, header_of[col]] = Problem(number, header_of[col], (
                    f"Sel {get_column_letter(col)}{number} termasuk sel gabungan {area} "
                    f"(Gabungkan Sel); isinya hanya tersimpan di sel {first}, sehingga sel ini "
                    "terbaca kosong. Pisahkan gabungan sel (Beranda > Gabungkan & Ratakan "
                    "Tengah > Pisahkan Sel), isi nilainya di setiap baris, lalu ulangi."
                ))  # fmt: skip
                if len(out) >= _MAX_MERGED_PROBLEMS:
                    return sorted(out.values())
    return sorted(out.values())


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
