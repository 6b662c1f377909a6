"""Cell converters for the Excel imports (no Qt): a cell's value as text, date, choice or yes/no.

Each converter returns None (or "" for :func:`text`) for a blank cell and raises
:class:`CellError` with an Indonesian message for a value it cannot accept. :mod:`impor`
re-exports all of them, so importers keep using ``from .impor import text, date_value, ...``.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Mapping, Sequence
from typing import Any

from openpyxl.utils.datetime import from_excel

from .formatting import nama_bulan


class CellError(ValueError):
    """A converter's refusal of one cell; ``str(e)`` is the Indonesian message."""


#: ASCII digits only: full-width or Arabic-Indic digits are refused, as in a NIK.
_DMY = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})", re.ASCII)
_YMD = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?", re.ASCII)
#: Excel date serials accepted: 1910-01-01 (3654) up to 9999-12-31 (2958465).
_SERIAL_MIN, _SERIAL_END = 3654, 2958466
_DATE_HINT = "Tulis tanggal sebagai HH-BB-TTTT, contoh 17-08-1995."


def text(value: Any) -> str:
    """A cell as text ("" when blank); whole numbers without ``.0``."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Ya" if value else "Tidak"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.strftime("%d-%m-%Y")
    return str(value).strip()


def _make_date(year: int, month: int, day: int, shown: str) -> dt.date:
    if not 1 <= month <= 12:
        raise CellError(f"Tanggal '{shown}' tidak ada: bulan {month} (bulan 1-12). {_DATE_HINT}")
    if year < 1900:
        raise CellError(f"Tahun pada tanggal '{shown}' tidak masuk akal. {_DATE_HINT}")
    try:
        return dt.date(year, month, day)
    except ValueError:
        last = calendar.monthrange(year, month)[1]
        raise CellError(
            f"Tanggal '{shown}' tidak ada: bulan {nama_bulan(month)} {year} hanya "
            f"sampai tanggal {last}."
        ) from None


def date_value(value: Any) -> dt.date | None:
    """An Excel date, or text ``DD-MM-YYYY`` (also with / or .) or ``YYYY-MM-DD``.

    Never raises anything but :class:`CellError`: a number outside the Excel dates of
    1910-9999 (a year, a day number, a time of day, a negative number) is refused too.
    """
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if 1 <= value < _SERIAL_MIN:  # serials before 1910: almost surely a year or a day number
            raise CellError(f"Angka {text(value)} bukan tanggal lengkap. {_DATE_HINT}")
        if _SERIAL_MIN <= value < _SERIAL_END:  # an Excel date serial number
            try:
                serial = from_excel(value)
            except (OverflowError, ValueError):
                serial = None
            if isinstance(serial, dt.datetime):
                return serial.date()
        raise CellError(f"'{text(value)}' bukan tanggal. {_DATE_HINT}")
    shown = " ".join(text(value).split())
    if m := _DMY.fullmatch(shown):
        return _make_date(int(m[3]), int(m[2]), int(m[1]), shown)
    if m := _YMD.fullmatch(shown):
        return _make_date(int(m[1]), int(m[2]), int(m[3]), shown)
    raise CellError(f"'{_shorten(shown)}' bukan tanggal yang dikenali. {_DATE_HINT}")


def _shorten(shown: str, limit: int = 60) -> str:
    """``shown`` cut to ``limit`` characters for a message (a pasted paragraph stays readable)."""
    return shown if len(shown) <= limit else shown[: limit - 3] + "..."


def choice(
    value: Any, allowed: Sequence[str], synonyms: Mapping[str, str] | None = None
) -> str | None:
    """The allowed value that ``value`` names, ignoring case and extra spaces; None if blank."""
    if value is None:
        return None
    shown = " ".join(text(value).split())
    key = shown.casefold()
    for option in allowed:
        if option.casefold() == key:
            return option
    for other, option in (synonyms or {}).items():
        if other.casefold() == key:
            return option
    raise CellError(
        f"'{_shorten(shown)}' bukan pilihan yang dikenal. Pilihan: {', '.join(allowed)}."
    )


def yes_no(value: Any) -> bool | None:
    picked = choice(value, ("Ya", "Tidak"))
    return None if picked is None else picked == "Ya"
