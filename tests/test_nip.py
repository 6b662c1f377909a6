"""NIP checks: explicit examples and hypothesis properties (no database, no Qt)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kecamatan_app.services.errors import ValidationError
from kecamatan_app.services.nip import check_nip, format_nip, validate_nip

TODAY = date(2026, 11, 25)


def test_valid_grouped_man() -> None:
    r = check_nip("19660801 198803 1 001", today=TODAY)
    assert r.valid and not r.errors and not r.warnings
    assert r.nip == "196608011988031001"
    assert r.tanggal_lahir == date(1966, 8, 1)
    assert r.tmt == date(1988, 3, 1)
    assert r.jenis_kelamin == "L"


def test_valid_woman_ungrouped() -> None:
    r = check_nip("198502142010012003", today=TODAY)
    assert r.valid
    assert r.jenis_kelamin == "P"
    assert r.tanggal_lahir == date(1985, 2, 14)
    assert r.tmt == date(2010, 1, 1)


def test_tmt_this_month_is_allowed() -> None:
    assert check_nip("198502142026112003", today=TODAY).valid


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("", "NIP harus 18 angka, yang diisi 0 angka"),
        ("19660801 198803 1 00", "yang diisi 17 angka"),
        ("1966080119880310011", "yang diisi 19 angka"),
        ("19660801-198803-1-001", "hanya boleh berisi angka 0-9"),
        ("１９６６０８０１１９８８０３１００１", "hanya boleh berisi angka 0-9"),
        ("196602301988031001", "bukan tanggal yang ada: 1966-02-30"),
        ("196613011988031001", "bukan tanggal yang ada: 1966-13-01"),
        ("193912311965031001", "sebelum 1940"),
        ("201001012026011001", "belum berusia 18 tahun"),
        ("196608011988131001", "Bulan TMT pada NIP (angka 13-14) harus 01-12, tertulis 13"),
        ("196608011988001001", "tertulis 00"),
        ("196608010000031001", "Tahun TMT pada NIP (angka 9-12) tidak boleh 0000"),
        ("196608012026121001", "masih di masa depan"),
        ("196608011960031001", "sebelum tanggal lahirnya"),
        ("196608011988033001", "harus 1 (laki-laki) atau 2 (perempuan), tertulis 3"),
        ("196608011988030001", "tertulis 0"),
        ("196608011988031000", "Nomor urut NIP (3 angka terakhir) tidak boleh 000"),
    ],
)
def test_each_error(text: str, fragment: str) -> None:
    r = check_nip(text, today=TODAY)
    assert not r.valid
    assert any(fragment in e for e in r.errors), r.errors
    with pytest.raises(ValidationError) as info:
        validate_nip(text, today=TODAY)
    assert fragment in str(info.value)
    assert {p.field for p in info.value.problems} == {"nip"}


def test_warning_tmt_before_age_18() -> None:
    r = check_nip("197001011985031001", today=TODAY)
    assert r.valid
    assert r.warnings == [
        "TMT pada NIP (03-1985) sebelum usia 18 tahun. Periksa kembali NIP bila ragu."
    ]
    assert validate_nip("197001011985031001", today=TODAY).warnings


def test_validate_returns_result() -> None:
    assert validate_nip("197001012000031001", today=TODAY).tmt == date(2000, 3, 1)


def test_format_nip() -> None:
    assert format_nip("196608011988031001") == "19660801 198803 1 001"
    assert format_nip(" 19660801 198803 1 001 ") == "19660801 198803 1 001"
    assert format_nip("12345") == "12345"
    assert format_nip("  abc ") == "abc"


# --- properties -------------------------------------------------------------------------------


def _add_years(d: date, years: int) -> date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28)


@st.composite
def valid_nip(draw: st.DrawFn) -> tuple[str, date, date, str]:
    born = draw(st.dates(min_value=date(1940, 1, 1), max_value=_add_years(TODAY, -18)))
    start = _add_years(born, 18)
    start_index = start.year * 12 + start.month  # first full month at age 18 or later
    if start.day > 1:
        start_index += 1
    end_index = TODAY.year * 12 + TODAY.month
    index = draw(st.integers(min_value=min(start_index, end_index), max_value=end_index))
    tmt = date((index - 1) // 12, (index - 1) % 12 + 1, 1)
    sex = draw(st.sampled_from(["L", "P"]))
    serial = draw(st.integers(min_value=1, max_value=999))
    nip = f"{born:%Y%m%d}{tmt:%Y%m}{1 if sex == 'L' else 2}{serial:03d}"
    return nip, born, tmt, sex


@settings(max_examples=300)
@given(valid_nip())
def test_generated_nips_round_trip(case: tuple[str, date, date, str]) -> None:
    nip, born, tmt, sex = case
    r = check_nip(nip, today=TODAY)
    assert r.valid, r.errors
    assert r.nip == nip
    assert r.tanggal_lahir == born
    assert r.tmt == tmt
    assert r.jenis_kelamin == sex
    grouped = format_nip(nip)
    assert grouped == f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}"
    assert [len(part) for part in grouped.split(" ")] == [8, 6, 1, 3]
    assert grouped.replace(" ", "") == nip
    assert check_nip(grouped, today=TODAY) == r
    assert format_nip(grouped) == grouped


@given(st.text(), st.dates())
def test_any_text_returns_a_result(text: str, today: date) -> None:
    r = check_nip(text, today=today)
    assert r.valid == (not r.errors)
    cleaned = "".join(text.split())
    if len(cleaned) != 18 or any(c not in "0123456789" for c in cleaned):
        assert not r.valid
    format_nip(text)


@given(st.text(alphabet="0123456789", min_size=18, max_size=18), st.dates())
def test_any_18_digits_never_raise(text: str, today: date) -> None:
    r = check_nip(text, today=today)
    assert r.valid == (not r.errors)
