"""Indonesian display formats (no Qt)."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kecamatan_app.services import formatting as f


def test_tanggal() -> None:
    assert f.tanggal(date(2026, 11, 25)) == "25 November 2026"
    assert f.tanggal(date(2026, 10, 5)) == "5 Oktober 2026"
    assert f.tanggal(None) == ""
    assert f.tanggal(datetime(2026, 1, 2, 23, 59)) == "2 Januari 2026"


def test_tanggal_hari() -> None:
    assert f.tanggal_hari(date(2026, 11, 25)) == "Rabu, 25 November 2026"
    assert f.tanggal_hari(date(2026, 10, 5)) == "Senin, 5 Oktober 2026"
    assert f.tanggal_hari(None) == ""
    assert f.nama_hari(date(2026, 11, 29)) == "Minggu"


def test_month_names() -> None:
    expected = [
        "Januari",
        "Februari",
        "Maret",
        "April",
        "Mei",
        "Juni",
        "Juli",
        "Agustus",
        "September",
        "Oktober",
        "November",
        "Desember",
    ]
    assert [f.nama_bulan(m) for m in range(1, 13)] == expected
    assert f.bulan_tahun(2026, 11) == "November 2026"
    assert f.bulan_tahun(2027, 2) == "Februari 2027"
    for bad in (0, 13):
        with pytest.raises(ValueError):
            f.nama_bulan(bad)


def test_waktu() -> None:
    assert f.waktu(datetime(2026, 11, 25, 14, 5)) == "25 November 2026 14.05"
    assert f.waktu(datetime(2026, 11, 25, 0, 0, 59)) == "25 November 2026 00.00"
    wib = timezone(timedelta(hours=7))
    assert f.waktu(datetime(2026, 11, 25, 9, 30, tzinfo=wib)) == "25 November 2026 09.30"
    assert f.waktu(None) == ""


def test_angka() -> None:
    assert f.angka(1234) == "1.234"
    assert f.angka(1234.5) == "1.234,5"
    assert f.angka(0) == "0"
    assert f.angka(-1234567) == "-1.234.567"
    assert f.angka(Decimal("1234.25")) == "1.234,25"
    assert f.angka(None) == ""


def test_rupiah() -> None:
    assert f.rupiah(1250000) == "Rp 1.250.000"
    assert f.rupiah(1250000.0) == "Rp 1.250.000"
    assert f.rupiah(Decimal("1250000.00")) == "Rp 1.250.000"
    assert f.rupiah(1250.5) == "Rp 1.250,50"
    assert f.rupiah(0) == "Rp 0"
    assert f.rupiah(-5000) == "-Rp 5.000"
    assert f.rupiah(None) == ""


def test_usia() -> None:
    born = date(1990, 8, 17)
    assert f.usia(born, date(2026, 8, 16)) == 35
    assert f.usia(born, date(2026, 8, 17)) == 36
    assert f.usia(date(2000, 2, 29), date(2018, 2, 28)) == 17
    assert f.usia(date(2000, 2, 29), date(2018, 3, 1)) == 18
    assert f.usia(date.today()) == 0


@given(
    st.dates(min_value=date(1900, 1, 1), max_value=date(2900, 1, 1)),
    st.integers(min_value=0, max_value=100),
)
def test_usia_matches_anniversary(born: date, years: int) -> None:
    try:
        anniversary = born.replace(year=born.year + years)
    except ValueError:  # 29 February: the birthday counts from 1 March
        anniversary = date(born.year + years, 3, 1)
    assert f.usia(born, anniversary) == years
    assert f.usia(born, anniversary - timedelta(days=1)) == years - 1


@given(st.integers(min_value=-(10**12), max_value=10**12))
def test_angka_round_trips(n: int) -> None:
    assert int(f.angka(n).replace(".", "")) == n
    assert f.rupiah(n).replace("Rp ", "").replace(".", "") == str(n)
