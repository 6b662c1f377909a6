"""One table to one Excel sheet: title, subtitle lines, bold frozen header with auto-filter, real
Excel dates, and a print set-up (landscape, fit to width, header repeated on every page).

Rows are streamed through openpyxl's write-only mode, so 200,000 audit entries do not sit in
memory. The file is written to ``name.tmp`` and moved into place only when complete; on any
error (a full disk, a cancel raised by ``progress``) nothing is left behind.
"""

from __future__ import annotations

import datetime as dt
import decimal
import itertools
import os
import re
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties

Progress = Callable[[int, int, str], None]

DATE_FORMAT = "dd-mm-yyyy"
DATETIME_FORMAT = "dd-mm-yyyy hh:mm:ss"
#: How often ``progress`` hears from us, in rows.
PROGRESS_EVERY = 500
#: Rows looked at to size the columns before streaming the rest.
WIDTH_SAMPLE = 200
MIN_WIDTH, MAX_WIDTH = 6.0, 60.0
#: Excel refuses longer cell text.
MAX_CELL_CHARS = 32_767
#: openpyxl's code of the A4 paper size.
PAPER_A4 = "9"

_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")
_TITLE_FONT = Font(bold=True, size=14)
_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDE5F0")
_HEADER_BORDER = Border(bottom=Side(style="thin"))
_WRAP = Alignment(vertical="top", wrap_text=True)


def sheet_title(name: str) -> str:
    """A legal sheet name: at most 31 characters, none of ``[]:*?/\\``."""
    clean = _SHEET_BAD.sub(" ", name).strip().strip("'") or "Data"
    return clean[:31]


def clean_text(value: str) -> str:
    """Drop control characters Excel cannot store, and cut text that is too long."""
    value = ILLEGAL_CHARACTERS_RE.sub("", value)
    if len(value) > MAX_CELL_CHARS:
        value = value[: MAX_CELL_CHARS - 1] + "…"
    return value


def _plain(value: object) -> object:
    """A value openpyxl can store, naive datetimes included."""
    if value is None or isinstance(value, (bool, int, float, decimal.Decimal)):
        return value
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None, microsecond=0) if value.tzinfo else value
    if isinstance(value, dt.date):
        return value
    return clean_text(str(value))


def _angka(n: int) -> str:
    """``12.500``: Indonesian thousands separator (renderers do not import the services)."""
    return f"{n:,}".replace(",", ".")


def _shown_width(value: object) -> int:
    if value is None:
        return 0
    if isinstance(value, dt.datetime):
        return len(DATETIME_FORMAT)
    if isinstance(value, dt.date):
        return len(DATE_FORMAT)
    text = str(value)
    return max((len(line) for line in text.splitlines()), default=0)


def column_widths(headers: Sequence[str], sample: Sequence[Sequence[object]]) -> list[float]:
    widths = [float(len(h)) + 2 for h in headers]
    for row in sample:
        for i, value in enumerate(row[: len(widths)]):
            widths[i] = max(widths[i], _shown_width(value) + 2.0)
    return [min(max(w, MIN_WIDTH), MAX_WIDTH) for w in widths]


class _Cells:
    """Builds styled write-only cells for one sheet."""

    def __init__(self, ws: Any) -> None:
        self.ws = ws

    def styled(
        self,
        value: object,
        *,
        font: Font | None = None,
        fill: PatternFill | None = None,
        border: Border | None = None,
    ) -> WriteOnlyCell:
        cell = self.text(str(value))
        if font is not None:
            cell.font = font
        if fill is not None:
            cell.fill = fill
        if border is not None:
            cell.border = border
        return cell

    def text(self, value: str) -> WriteOnlyCell:
        """Text stays text, even ``=HYPERLINK(...)`` typed by a user (no formula injection)."""
        cell = WriteOnlyCell(self.ws, value=clean_text(value))
        cell.data_type = "s"
        return cell

    def value(self, value: object) -> object:
        plain = _plain(value)
        if isinstance(plain, dt.datetime):
            cell = WriteOnlyCell(self.ws, value=plain)
            cell.number_format = DATETIME_FORMAT
            return cell
        if isinstance(plain, dt.date):
            cell = WriteOnlyCell(self.ws, value=plain)
            cell.number_format = DATE_FORMAT
            return cell
        if isinstance(plain, str):
            if plain.startswith("="):
                return self.text(plain)
            if "\n" in plain:
                cell = self.text(plain)
                cell.alignment = _WRAP
                return cell
        return plain


def save_workbook(wb: Workbook, path: str | os.PathLike[str]) -> Path:
    """Save ``wb`` to ``path`` through ``path.tmp``; nothing is left behind on failure."""
    dest = Path(path)
    tmp = dest.with_name(dest.name + ".tmp")
    try:
        wb.save(str(tmp))
        os.replace(tmp, dest)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return dest


def _discard_stream(ws: Any) -> None:
    """Close and delete openpyxl's own temporary file of an unfinished write-only sheet.

    openpyxl would only remove it when Python exits; a cancelled export of personal data should
    not linger in the temp folder until then.
    """
    writer = getattr(ws, "_writer", None)
    if writer is None:
        return
    rows = getattr(ws, "_rows", None)
    steps = [rows.close] if rows is not None else []
    for step in [*steps, writer.close, writer.cleanup]:
        try:
            step()
        except Exception:  # best effort: the file may be gone or half closed
            pass


def write_table(
    path: str | os.PathLike[str],
    title: str,
    headers: list[str],
    rows: Iterable[Sequence[object]],
    *,
    subtitle_lines: Sequence[str] = (),
    progress: Progress | None = None,
    total: int | None = None,
    sheet_name: str = "Data",
) -> Path:
    """Write ``rows`` under ``headers`` to the workbook at ``path``; return the path.

    ``progress(done, total, text)`` is called every :data:`PROGRESS_EVERY` rows and at the end
    (``total`` 0 when unknown); it may raise to cancel, and then no file remains.
    """
    dest = Path(path)
    tmp = dest.with_name(dest.name + ".tmp")
    ncols = len(headers)
    last_col = get_column_letter(max(ncols, 1))
    wb = Workbook(write_only=True)
    wb.properties.title = title
    wb.properties.creator = "Kecamatan TKSK"
    ws: Any = wb.create_sheet(sheet_title(sheet_name))
    cells = _Cells(ws)
    stream = iter(rows)
    try:
        sample = list(itertools.islice(stream, WIDTH_SAMPLE))
        for i, width in enumerate(column_widths(headers, sample), 1):
            ws.column_dimensions[get_column_letter(i)].width = width
        header_row = 2 + len(subtitle_lines) + 1
        ws.freeze_panes = f"A{header_row + 1}"
        ws.print_title_rows = f"{header_row}:{header_row}"
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = PAPER_A4
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
        ws.print_options.gridLines = True
        ws.oddFooter.center.text = "Halaman &P dari &N"
        if any(line.startswith("RAHASIA") for line in subtitle_lines):
            ws.oddHeader.center.text = "RAHASIA - berisi data pribadi"  # on every printed page

        ws.append([cells.styled(title, font=_TITLE_FONT)])
        for line in subtitle_lines:
            ws.append([cells.text(line)])
        ws.append([])
        ws.append(
            [
                cells.styled(h, font=_HEADER_FONT, fill=_HEADER_FILL, border=_HEADER_BORDER)
                for h in headers
            ]
        )

        done = 0
        want = total if total is not None else 0
        for row in itertools.chain(sample, stream):
            ws.append([cells.value(v) for v in row])
            done += 1
            if progress is not None and done % PROGRESS_EVERY == 0:
                progress(
                    done, max(want, done) if want else 0, f"Menulis baris ke-{_angka(done)}..."
                )
        last_row = header_row + done
        ws.auto_filter.ref = f"A{header_row}:{last_col}{max(last_row, header_row)}"
        if progress is not None:
            progress(done, max(want, done), "Menyimpan berkas...")
        wb.save(str(tmp))
        os.replace(tmp, dest)
    except BaseException:
        _discard_stream(ws)
        tmp.unlink(missing_ok=True)
        raise
    return dest
