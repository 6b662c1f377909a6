"""Indonesian display formats (dates, numbers, rupiah) through babel, locale ``id``.

Month and day names come from babel's CLDR data, never from hand-written lists. Times use the
Indonesian separator: ``14.05``.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from babel.dates import format_date, format_datetime, get_month_names
from babel.numbers import format_decimal

LOCALE = "id"

Number = int | float | Decimal


def tanggal(d: date | None) -> str:
    """``25 November 2026``; ``""`` for None."""
    if d is None:
        return ""
    return format_date(d, "d MMMM y", locale=LOCALE)


def tanggal_hari(d: date | None) -> str:
    """``Rabu, 25 November 2026``; ``""`` for None."""
    if d is None:
        return ""
    return format_date(d, "EEEE, d MMMM y", locale=LOCALE)


def nama_hari(d: date) -> str:
    """``Rabu``."""
    return format_date(d, "EEEE", locale=LOCALE)


def nama_bulan(month: int) -> str:
    """``11`` -> ``November``. Raises ValueError outside 1-12."""
    if not 1 <= month <= 12:
        raise ValueError(f"Bulan harus 1-12, bukan {month}")
    return str(get_month_names("wide", locale=LOCALE)[month])


def bulan_tahun(year: int, month: int) -> str:
    """``November 2026``."""
    return f"{nama_bulan(month)} {year}"


def waktu(dt: datetime | None) -> str:
    """``25 November 2026 14.05`` (in the datetime's own time zone if it has one)."""
    if dt is None:
        return ""
    return format_datetime(dt, "d MMMM y HH.mm", locale=LOCALE)


def angka(n: Number | None) -> str:
    """``1.234``; with decimals ``1.234,5`` (up to 3 decimals)."""
    if n is None:
        return ""
    return format_decimal(n, locale=LOCALE)


def _is_whole(n: Number) -> bool:
    if isinstance(n, int):
        return True
    if isinstance(n, float):
        return n.is_integer()
    return n == n.to_integral_value()


def rupiah(n: Number | None) -> str:
    """``Rp 1.250.000``; non-whole amounts get two decimals (``Rp 1.250,50``); ``-Rp 5.000``."""
    if n is None:
        return ""
    pattern = "#,##0" if _is_whole(n) else "#,##0.00"
    sign = "-" if n < 0 else ""
    amount: Number = -n if n < 0 else n
    return f"{sign}Rp {format_decimal(amount, pattern, locale=LOCALE)}"


def usia(tanggal_lahir: date, pada: date | None = None) -> int:
    """Age in full years on ``pada`` (default today); negative if born after ``pada``."""
    when = pada or date.today()
    years = when.year - tanggal_lahir.year
    if (when.month, when.day) < (tanggal_lahir.month, tanggal_lahir.day):
        years -= 1
    return years
