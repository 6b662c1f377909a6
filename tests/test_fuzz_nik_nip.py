"""Property-based tests of the identity numbers and dates (issue 7, point 3): NIK, No. KK, NIP
and the import's date cells, on arbitrary text, digits of any length, digits with separators,
Arabic-Indic and full-width digits, and numbers built to be plausible.

Every check returns a verdict and never raises; the ``validate_*`` functions raise only the
documented ValidationError; a valid verdict is always consistent with the digits (16 or 18
ASCII digits, a known province, a real birth date...); a masked NIK never shows digits 7-14;
a date cell is a date or a CellError with an Indonesian message. Run with ``-s`` to see the
number of cases; ``KECAMATAN_FUZZ=dalam`` for many more (tests/fuzz_bantu.py).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from openpyxl.utils.datetime import to_excel

from kecamatan_app.services import wilayah
from kecamatan_app.services.errors import ValidationError
from kecamatan_app.services.formatting import usia
from kecamatan_app.services.impor_sel import CellError, choice, date_value, text, yes_no
from kecamatan_app.services.nik import (
    check_nik,
    check_no_kk,
    mask_nik,
    validate_nik,
    validate_no_kk,
)
from kecamatan_app.services.nip import check_nip, format_nip, validate_nip
from tests import fuzz_bantu as fb


@pytest.fixture(scope="module", autouse=True)
def _hitung() -> Iterator[None]:
    with fb.laporan("test_fuzz_nik_nip"):
        yield


ASCII16 = re.compile(r"[0-9]{16}")
ASCII18 = re.compile(r"[0-9]{18}")
_SEPARATORS = [" ", ".", "-", "/", "\t", "\n", "\u00a0", "\u3000", "\u200b", ","]
_FOREIGN_DIGITS = "١٢٣٤٥٦٧٨٩٠۱۲۳０１２３４５６７８９߁৪๑"
_PROVINCES = [p.kode.replace(".", "") for p in wilayah.all_provinsi()]
_KECAMATAN = [k.kode.replace(".", "") for k in wilayah.all_kecamatan()]


def _two(lo: int, hi: int) -> st.SearchStrategy[str]:
    return st.integers(lo, hi).map(lambda n: f"{n:02d}")


def _plausible_nik() -> st.SearchStrategy[str]:
    """16 digits built field by field: a real kecamatan, a real province or any 6 digits;
    a day 00-75 (women +40), a month 00-13, a year, a serial."""
    region = st.one_of(
        st.sampled_from(_KECAMATAN),
        st.builds(lambda p, k, c: p + k + c, st.sampled_from(_PROVINCES), _two(0, 99), _two(0, 99)),
        st.integers(0, 999_999).map(lambda n: f"{n:06d}"),
    )
    return st.builds(
        lambda *parts: "".join(parts),
        region,
        _two(0, 75),
        _two(0, 13),
        _two(0, 99),
        st.integers(0, 9999).map(lambda n: f"{n:04d}"),
    )


def _identity_text(plausible: st.SearchStrategy[str], length: int) -> st.SearchStrategy[str]:
    """Any text; ASCII digits of any length; digits with separators; foreign digits; the
    plausible number, sometimes with a digit swapped for a foreign one or split by spaces."""

    def swap(s: str, at: int, c: str) -> str:
        at %= len(s)
        return s[:at] + c + s[at + 1 :]

    return st.one_of(
        st.text(),
        st.text("0123456789", max_size=length + 6),
        st.lists(st.sampled_from(list("0123456789") + _SEPARATORS), max_size=length + 8).map(
            "".join
        ),
        st.text(st.characters(whitelist_categories=("Nd",)), min_size=1, max_size=length + 2),
        st.text(_FOREIGN_DIGITS, min_size=1, max_size=length),
        plausible,
        plausible,  # twice more: a third of the cases reach the checks of the digits
        plausible,
        st.builds(swap, plausible, st.integers(0, 99), st.sampled_from(_FOREIGN_DIGITS)),
        st.builds(
            lambda s, sep: sep.join(s[i : i + 4] for i in range(0, len(s), 4)),
            plausible,
            st.sampled_from([" ", "  ", "\t", ".", "-"]),
        ),
    )


#: Drop-down values of the templates (choice() is given these, never user text).
_CHOICES = sorted({v for j in fb.JENIS for c in j.modul.columns() for v in c.choices} | {"L"})
_STATED_SEX = st.sampled_from([None, "", "L", "P", "l", " p ", "X", "Laki-laki"])
_DAYS = st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31))


# -- NIK --------------------------------------------------------------------------------------


def _nik_verdict_holds(
    result: Any, given_text: str, stated: dt.date | None, today: dt.date
) -> None:
    cleaned = "".join(given_text.split())
    assert result.nik == cleaned
    assert result.valid == (not result.errors)
    assert all(isinstance(e, str) and "NIK" in e and fb.pesan_jelas(e) for e in result.errors)
    assert all(isinstance(w, str) and fb.pesan_jelas(w) for w in result.warnings)
    if not ASCII16.fullmatch(cleaned):
        assert not result.valid and result.kode_wilayah == ""
        return
    assert result.kode_wilayah == f"{cleaned[0:2]}.{cleaned[2:4]}.{cleaned[4:6]}"
    if not result.valid:
        return
    assert wilayah.province_exists(cleaned[0:2])
    assert "00" not in (cleaned[2:4], cleaned[4:6]) and cleaned[12:16] != "0000"
    dd, mm, yy = int(cleaned[6:8]), int(cleaned[8:10]), int(cleaned[10:12])
    born = result.tanggal_lahir
    assert born is not None and result.jenis_kelamin == ("P" if dd > 40 else "L")
    assert (born.day, born.month, born.year % 100) == (dd - 40 if dd > 40 else dd, mm, yy)
    if stated is not None and stated.year % 100 == yy:
        assert born.year == stated.year
    else:
        assert born.year == (
            2000 + yy
            if (2000 + yy, mm, born.day) <= (today.year, today.month, today.day)
            else 1900 + yy
        )


@fb.contoh()
@given(
    nik=_identity_text(_plausible_nik(), 16), stated=st.none() | _DAYS, sex=_STATED_SEX, today=_DAYS
)
@example(nik="1603064108900001", stated=None, sex=None, today=dt.date(2026, 1, 1))
@example(nik="١٦٠٣٠٦٤١٠٨٩٠٠٠٠١", stated=None, sex=None, today=dt.date(2026, 1, 1))
@example(nik="１６０３０６４１０８９０００１", stated=None, sex="P", today=dt.date(2026, 1, 1))
def test_nik_selalu_diberi_putusan_yang_konsisten(
    nik: str, stated: dt.date | None, sex: str | None, today: dt.date
) -> None:
    result = check_nik(nik, stated, sex, today=today)
    _nik_verdict_holds(result, nik, stated, today)
    try:
        checked = validate_nik(nik, stated, sex, today=today)
    except ValidationError as exc:
        assert not result.valid
        assert {p.field for p in exc.problems} == {"nik"}
        assert [p.message for p in exc.problems] == result.errors
        fb.catat("NIK", "ditolak")
    else:
        assert result.valid and checked == result
        fb.catat("NIK", "sah")


@fb.contoh()
@given(nik=_identity_text(_plausible_nik(), 16))
@example(nik="1603064108900001")
@example(nik=" 1603 0641 0890 0001 ")
def test_nik_yang_disamarkan_tidak_membuka_tanggal_lahir(nik: str) -> None:
    cleaned = "".join(nik.split())
    masked = mask_nik(nik)
    assert len(masked) == len(cleaned)
    if len(cleaned) == 16:
        assert masked == cleaned[:6] + "*" * 8 + cleaned[14:]
        fb.catat("samaran NIK", "16 tanda: 6 + 2 terlihat")
    else:
        assert set(masked) <= {"*"}
        fb.catat("samaran NIK", "lain: semua disamarkan")


@fb.contoh()
@given(kk=_identity_text(_plausible_nik(), 16))
def test_no_kk_selalu_diberi_putusan_yang_konsisten(kk: str) -> None:
    result = check_no_kk(kk)
    cleaned = "".join(kk.split())
    assert result.nik == cleaned and result.valid == (not result.errors)
    assert result.tanggal_lahir is None and result.jenis_kelamin is None
    assert all("No. KK" in e and fb.pesan_jelas(e) for e in result.errors)
    if result.valid:
        assert ASCII16.fullmatch(cleaned) and cleaned[12:] != "0000"
    elif ASCII16.fullmatch(cleaned):
        assert cleaned[12:] == "0000"  # the only error of 16 digits: the serial
    try:
        validate_no_kk(kk)
    except ValidationError as exc:
        assert not result.valid and {p.field for p in exc.problems} == {"no_kk"}
        fb.catat("No. KK", "ditolak")
    else:
        assert result.valid
        fb.catat("No. KK", "sah")


# -- NIP --------------------------------------------------------------------------------------


def _plausible_nip() -> st.SearchStrategy[str]:
    """18 digits: a birth date YYYYMMDD, TMT YYYYMM, sex, serial; half of them a real career
    (born 1940-2008, appointed 17-45 years later), half any digits in each field."""
    career = st.builds(
        lambda born, years, month, sex, serial: (
            f"{born:%Y%m%d}{born.year + years:04d}{month:02d}{sex}{serial:03d}"
        ),
        st.dates(dt.date(1940, 1, 1), dt.date(2008, 12, 31)),
        st.integers(17, 45),
        st.integers(1, 12),
        st.sampled_from("12"),
        st.integers(0, 999),
    )
    anything = st.builds(
        lambda y, m, d, ty, tm, sex, serial: (
            f"{y:04d}{m:02d}{d:02d}{ty:04d}{tm:02d}{sex}{serial:03d}"
        ),
        st.integers(0, 9999),
        st.integers(0, 13),
        st.integers(0, 32),
        st.integers(0, 9999),
        st.integers(0, 13),
        st.integers(0, 9),
        st.integers(0, 999),
    )
    return st.one_of(career, anything)


_NOW_OR_ANY = st.one_of(_DAYS, st.dates(dt.date(2000, 1, 1), dt.date(2100, 12, 31)))


@fb.contoh()
@given(nip=_identity_text(_plausible_nip(), 18), today=_NOW_OR_ANY)
@example(nip="19660801 198803 1 001", today=dt.date(2026, 1, 1))
@example(nip="196608011988031001", today=dt.date(1, 1, 1))
@example(nip="999912319999121999", today=dt.date(9999, 12, 31))
def test_nip_selalu_diberi_putusan_yang_konsisten(nip: str, today: dt.date) -> None:
    result = check_nip(nip, today=today)
    cleaned = "".join(nip.split())
    assert result.nip == cleaned and result.valid == (not result.errors)
    assert all("NIP" in e and fb.pesan_jelas(e) for e in result.errors)
    if result.valid:
        assert ASCII18.fullmatch(cleaned)
        born = dt.date(int(cleaned[0:4]), int(cleaned[4:6]), int(cleaned[6:8]))
        tmt = dt.date(int(cleaned[8:12]), int(cleaned[12:14]), 1)
        assert result.tanggal_lahir == born and result.tmt == tmt
        assert born.year >= 1940 and usia(born, today) >= 18
        assert (born.year, born.month) <= (tmt.year, tmt.month) and tmt <= today
        assert result.jenis_kelamin == {"1": "L", "2": "P"}[cleaned[14]]
        assert cleaned[15:] != "000"
    if ASCII18.fullmatch(cleaned):  # grouped whatever the verdict, to be read and corrected
        assert format_nip(nip) == f"{cleaned[:8]} {cleaned[8:14]} {cleaned[14]} {cleaned[15:]}"
    else:
        assert format_nip(nip) == nip.strip()
    try:
        validate_nip(nip, today=today)
    except ValidationError as exc:
        assert not result.valid and {p.field for p in exc.problems} == {"nip"}
        fb.catat("NIP", "ditolak")
    else:
        assert result.valid
        fb.catat("NIP", "sah")


# -- dates and the other cell converters -------------------------------------------------------

_SEP = st.sampled_from(["-", "/", ".", " ", "--", ""])


def _date_text() -> st.SearchStrategy[str]:
    part = st.one_of(st.integers(-3, 10_050).map(str), st.text("0123456789", max_size=6))
    return st.one_of(
        st.builds(lambda a, s, b, t, c: f"{a}{s}{b}{t}{c}", part, _SEP, part, _SEP, part),
        st.dates().map(lambda d: d.strftime("%d-%m-%Y")),
        st.dates().map(lambda d: d.isoformat()),
        st.datetimes().map(lambda d: d.isoformat(sep=" ", timespec="minutes")),
        st.dates().map(
            lambda d: d.strftime("%d/%m/%Y").translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
        ),
    )


_CELLS = st.one_of(
    st.none(),
    st.text(),
    _date_text(),
    st.integers(-(10**30), 10**30),
    st.integers(-10, 3_000_000),
    st.floats(),
    st.booleans(),
    st.datetimes(),
    st.dates(),
    st.times(),
    st.timedeltas(),
)


@fb.contoh()
@given(value=_CELLS)
@example(value="31-12-9999")
@example(value="32-12-9999")
@example(value="29-02-1900")
@example(value=-1e308)
@example(value=0.5)
@example(value=float("nan"))
@example(value=2958465.999999999)
@example(value="١٧-٠٨-١٩٩٥")
def test_tanggal_sel_adalah_tanggal_atau_pesan_yang_jelas(value: Any) -> None:
    try:
        day = date_value(value)
    except CellError as exc:
        assert fb.pesan_jelas(str(exc)), str(exc)
        fb.catat("tanggal sel", "ditolak dengan pesan")
        return
    if value is None:
        assert day is None
    else:
        assert isinstance(day, dt.date) and not isinstance(day, dt.datetime)
        if isinstance(value, str):
            assert value.isascii()
            digits = [int(n) for n in re.findall(r"[0-9]+", value)[:3]]
            assert day in (
                _make(digits[2], digits[1], digits[0]),
                _make(digits[0], digits[1], digits[2]),
            )
            assert day.year >= 1900
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            assert 1910 <= day.year <= 9999
    fb.catat("tanggal sel", "tanggal")


def _make(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


@fb.contoh()
@given(day=st.dates(min_value=dt.date(1910, 1, 1)))
def test_tanggal_terbaca_kembali_dari_setiap_bentuknya(day: dt.date) -> None:
    moment = dt.datetime.combine(day, dt.time(13, 45))
    for form in (
        day,
        moment,
        day.strftime("%d-%m-%Y"),
        day.strftime("%d/%m/%Y"),
        day.strftime("%d.%m.%Y"),
        day.isoformat(),
        f"{day.isoformat()} 08:30",
        to_excel(day),
        to_excel(moment),
    ):
        assert date_value(form) == day, form
    fb.catat("tanggal bolak-balik", "9 bentuk sama")


@fb.contoh()
@given(value=_CELLS, allowed=st.lists(st.sampled_from(_CHOICES), min_size=1, max_size=5))
def test_teks_pilihan_dan_ya_tidak_tidak_pernah_gagal_lain(value: Any, allowed: list[str]) -> None:
    assert isinstance(text(value), str)
    for convert in (lambda v: choice(v, allowed), yes_no):
        try:
            picked = convert(value)
        except CellError as exc:
            assert fb.pesan_jelas(str(exc)), str(exc)
            fb.catat("teks dan pilihan", "ditolak dengan pesan")
        else:
            assert picked is None or picked in (*allowed, True, False)
            fb.catat("teks dan pilihan", "diterima")
