"""What an import reads, and the rules both readers share (no Qt).

A table is read under the headers of the importer's :class:`Column` list: the header row is
looked for in the first :data:`HEADER_SCAN_ROWS` rows and :data:`HEADER_SCAN_COLS` columns of a
sheet (an export has a title above it), matched case-insensitively and ignoring extra spaces.
A cell is a problem of its row and column (a :class:`Problem`) when it holds a formula saved
without its value, an Excel error such as ``#REF!`` or lies hidden under a merged cell. The
readers (:mod:`impor_baca` with python-calamine, :mod:`impor_baca_openpyxl` for the files it
must not open) give each sheet as a :class:`Lembar`; choosing the sheet, finding the header, the
row limit and the merged-cell problems are decided here, the same for both.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from openpyxl.cell.cell import ERROR_CODES
from openpyxl.utils import get_column_letter

from .formatting import angka
from .impor_berkas import SETTING_HINT, ImportFileError

#: Rows of an import template formatted with drop-down lists (``impor_templat``). The number of
#: rows an import may hold is the setting ``impor.maks_baris`` (``impor_berkas.row_limit``).
MAX_ROWS = 5000
#: The header row is looked for in the first rows of a sheet (an export has a title above it).
HEADER_SCAN_ROWS = 10
#: ... and in its first columns (a sheet may declare all 16.384 columns of Excel).
HEADER_SCAN_COLS = 200
#: Excel's last row; a file numbering rows beyond it is damaged.
EXCEL_MAX_ROW = 1_048_576
#: Excel's error values; the newer ones (#SPILL!...) are not in openpyxl's list.
ERRORS = frozenset(ERROR_CODES) | {
    "#SPILL!", "#CALC!", "#FIELD!", "#BLOCKED!", "#CONNECT!", "#BUSY!", "#UNKNOWN!",
    "#GETTING_DATA", "#EXTERNAL!", "#PYTHON!",
}  # fmt: skip
#: A cell's merged-range problems reported at most (a damaged file may merge everything).
MAX_MERGED_PROBLEMS = 1000
FORMULA_WITHOUT_VALUE = (
    "Sel berisi rumus yang nilainya tidak tersimpan di berkas. Salin kolom ini "
    "lalu tempel sebagai nilai (Tempel Spesial > Nilai), simpan, dan ulangi."
)


@dataclass(frozen=True, order=True)
class Problem:
    """One bad cell: its Excel row number, its column header and why (Indonesian)."""

    row: int
    column: str
    message: str

    def __str__(self) -> str:
        where = f"Baris {self.row}, kolom {self.column}" if self.column else f"Baris {self.row}"
        return f"{where}: {self.message}"


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


class Lembar(Protocol):
    """One worksheet as a reader gives it to :func:`choose_sheet`."""

    @property
    def title(self) -> str: ...

    def head(self) -> Iterable[Sequence[Any]]:
        """Values of the first :data:`HEADER_SCAN_ROWS` rows, :data:`HEADER_SCAN_COLS`
        columns from column A (None: blank)."""
        ...

    def first_filled_row(self) -> int | None:
        """The first row below the header search holding a value in the first columns."""
        ...


def error_problem(code: str) -> str:
    return f"Sel berisi galat Excel {code}. Perbaiki rumus atau ketik nilainya langsung."


def filled(value: Any) -> bool:
    """Whether a head value counts as content (for "the sheet is empty")."""
    return value is not None and str(value).strip() != ""


def find_header(rows: Iterable[Sequence[Any]], known: Mapping[str, str]
                ) -> tuple[int, dict[str, int], bool]:
    """(row number, header -> column index, sheet has any value) of the best header row among
    ``rows`` (the head of a sheet); a header present twice in one row refuses the file."""
    best: tuple[int, dict[str, int]] = (0, {})
    anything = False
    for number, values in enumerate(rows, 1):
        found: dict[str, int] = {}
        for idx, value in enumerate(values):
            anything = anything or filled(value)
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
    return best[0], best[1], anything


def row_is_filled(values: Sequence[Any]) -> bool:
    """The rule of "a row holding a value" below the header search."""
    return values.count(None) != len(values) and any(str(v).strip() for v in values if v)


def choose_sheet(
    name: str, sheets: Sequence[Lembar], known: Mapping[str, str], needed: Sequence[str],
    sheet: str,
) -> tuple[Lembar, int, dict[str, int]]:
    """(sheet, header row, header -> column index) of the sheet to read, or why there is none.

    The sheet named ``sheet`` is tried first, then the others in order; the first whose header
    row holds every required header is chosen."""
    ordered = sorted(sheets, key=lambda ws: normalize_header(ws.title) != normalize_header(sheet))
    if not ordered:
        raise ImportFileError(f"Berkas {name} tidak berisi lembar kerja.")
    nearest: tuple[Lembar, int, dict[str, int]] = (ordered[0], 0, {})
    anything = False
    for ws in ordered:
        number, found, any_value = find_header(ws.head(), known)
        anything = anything or any_value
        if all(h in found for h in needed):
            return ws, number, found
        if len(found) > len(nearest[2]):
            nearest = (ws, number, found)
    if not anything:
        lower = next((n for ws in ordered if (n := ws.first_filled_row()) is not None), None)
        if lower is not None:
            raise ImportFileError(
                f"Baris judul kolom tidak ditemukan di berkas {name}: judul kolom harus "
                f"berada di salah satu dari {HEADER_SCAN_ROWS} baris pertama, sedangkan isi "
                f"pertama ada di baris {angka(lower)}. Hapus baris kosong di atas judul kolom, "
                "lalu ulangi."
            )
        raise ImportFileError(
            f"Berkas {name} kosong. Isi data pada templat impor "
            "(tombol Simpan templat di aplikasi, atau perintah 'template'), lalu ulangi."
        )
    ws, number, found = nearest
    missing = [h for h in needed if h not in found]
    if not found:
        raise ImportFileError(
            f"Baris judul kolom tidak ditemukan di berkas {name}. Baris pertama "
            "harus berisi judul kolom seperti pada templat: " + ", ".join(needed) + "."
        )
    raise ImportFileError(
        f"Berkas {name} (lembar '{ws.title}', baris {number}) tidak memiliki kolom "
        "wajib: " + ", ".join(missing) + ". Gunakan judul kolom seperti pada templat."
    )


def no_data(name: str, header_row: int) -> ImportFileError:
    return ImportFileError(
        f"Berkas {name} tidak berisi data: di bawah baris judul "
        f"(baris {header_row}) belum ada baris yang diisi."
    )


def beyond_excel(name: str, title: str) -> ImportFileError:
    return ImportFileError(
        f"Berkas {name} rusak: lembar '{title}' memuat baris di bawah baris "
        f"{angka(EXCEL_MAX_ROW)}, baris terakhir Excel. Buka di Excel, simpan ulang "
        "sebagai .xlsx, lalu ulangi."
    )


def too_many(max_rows: int, number: int, header_row: int, counted: int) -> ImportFileError:
    where = f"Batas ini diatur di {SETTING_HINT} (Jumlah baris berkas impor paling banyak)."
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


def merged_problems(
    merged: Iterable[tuple[int, int, int, int]], header_row: int, found: Mapping[str, int],
    rows: Sequence[Row],
) -> list[Problem]:
    """A problem for every cell of a data row that lies under a merged cell but is not its
    first (top-left) cell: Excel shows the merged value there, the file holds nothing.
    ``merged``: (min_col, min_row, max_col, max_row), 1-based."""
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
                if len(out) >= MAX_MERGED_PROBLEMS:
                    return sorted(out.values())
    return sorted(out.values())
