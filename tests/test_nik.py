"""NIK and No. KK checks: explicit examples and hypothesis properties (no database, no Qt)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kecamatan_app.services import wilayah
from kecamatan_app.services.errors import ValidationError
from kecamatan_app.services.nik import (
    check_nik,
    check_no_kk,
    mask_nik,
    validate_nik,
    validate_no_kk,
)

TODAY = date(2026, 11, 25)
MALE = "1603061708850003"  # Gelumbang, 17-08-1985, laki-laki
FEMALE = "1603065708850003"  # Gelumbang, 17-08-1985 (+40), perempuan


def test_valid_male() -> None:
    r = check_nik(MALE, today=TODAY)
    assert r.valid
    assert r.errors == [] and r.warnings == []
    assert r.nik == MALE
    assert r.tanggal_lahir == date(1985, 8, 17)
    assert r.jenis_kelamin == "L"
    assert r.kode_wilayah == "16.03.06"


def test_valid_female_day_plus_40() -> None:
    r = check_nik(FEMALE, date(1985, 8, 17), "P", today=TODAY)
    assert r.valid and not r.warnings
    assert r.tanggal_lahir == date(1985, 8, 17)
    assert r.jenis_kelamin == "P"
    assert check_nik("1603067101000001", today=TODAY).tanggal_lahir == date(2000, 1, 31)


def test_spaces_are_removed() -> None:
    r = check_nik("  1603 0617 0885 0003 \n", today=TODAY)
    assert r.valid and r.nik == MALE


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("", "harus 16 angka, yang diisi 0 angka"),
        ("160306170885000", "harus 16 angka, yang diisi 15 angka"),
        ("16030617088500031", "harus 16 angka, yang diisi 17 angka"),
        ("16.03.06.170885.0003", "hanya boleh berisi angka 0-9"),
        ("16030617O8850003", "'O'"),
        ("１６０３０６１７０８８５０００３", "hanya boleh berisi angka 0-9"),  # full-width
        ("١٦٠٣٠٦١٧٠٨٨٥٠٠٠٣", "hanya boleh berisi angka 0-9"),  # Arabic-Indic
        ("160306-170885-0003", "'-'"),
    ],
)
def test_format_errors(text: str, fragment: str) -> None:
    r = check_nik(text, today=TODAY)
    assert not r.valid
    assert len(r.errors) == 1
    assert fragment in r.errors[0]
    assert r.tanggal_lahir is None and r.jenis_kelamin is None and r.kode_wilayah == ""


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("9903061708850003", "Kode provinsi 99 pada NIK (angka 1-2) tidak dikenal"),
        ("1003061708850003", "Kode provinsi 10"),
        ("1600061708850003", "Kode kabupaten/kota pada NIK (angka 3-4) tidak boleh 00"),
        ("1603001708850003", "Kode kecamatan pada NIK (angka 5-6) tidak boleh 00"),
        ("1603060008850003", "harus 01-31 untuk laki-laki atau 41-71 untuk perempuan"),
        ("1603063208850003", "tertulis 32"),
        ("1603064008850003", "tertulis 40"),
        ("1603067208850003", "tertulis 72"),
        ("1603061713850003", "Bulan lahir pada NIK (angka 9-10) harus 01-12, tertulis 13"),
        ("1603061700850003", "tertulis 00"),
        ("1603063102900003", "bukan tanggal yang ada: 31-02-90"),
        ("1603066902900003", "bukan tanggal yang ada: 29-02-90"),  # woman, 1990 not leap
        ("1603062902230003", "bukan tanggal yang ada: 29-02-23"),
        ("1603063104900003", "bukan tanggal yang ada: 31-04-90"),
        ("1603061708850000", "Nomor urut NIK (4 angka terakhir) tidak boleh 0000"),
    ],
)
def test_each_error(text: str, fragment: str) -> None:
    r = check_nik(text, today=TODAY)
    assert not r.valid
    assert any(fragment in e for e in r.errors), r.errors
    with pytest.raises(ValidationError) as info:
        validate_nik(text, today=TODAY)
    assert fragment in str(info.value)
    assert {p.field for p in info.value.problems} == {"nik"}


def test_leap_day_is_valid() -> None:
    r = check_nik("1603062902240001", today=TODAY)
    assert r.valid and r.tanggal_lahir == date(2024, 2, 29)
    r = check_nik("1603066902000001", today=TODAY)  # 29-02-2000, perempuan
    assert r.valid and r.tanggal_lahir == date(2000, 2, 29) and r.jenis_kelamin == "P"


def test_several_errors_are_all_reported() -> None:
    r = check_nik("9900007713000000", today=TODAY)
    assert not r.valid
    assert len(r.errors) == 5  # province, kabupaten 00, kecamatan 00, day, serial
    with pytest.raises(ValidationError) as info:
        validate_nik("9900007713000000", today=TODAY)
    assert len(info.value.problems) == 5


def test_warning_kabupaten_not_in_current_list() -> None:
    r = check_nik("1699061708850003", today=TODAY)
    assert r.valid
    assert len(r.warnings) == 1
    assert "16.99" in r.warnings[0] and "pemekaran" in r.warnings[0]


def test_warning_kecamatan_not_in_current_list() -> None:
    assert not wilayah.kecamatan_exists("16.03.05")
    r = check_nik("1603051708850003", today=TODAY)
    assert r.valid
    assert len(r.warnings) == 1
    assert "16.03.05" in r.warnings[0] and "mungkin wilayah lama sebelum pemekaran" in r.warnings[0]


def test_warning_birth_date_differs() -> None:
    r = check_nik(MALE, tanggal_lahir=date(1985, 8, 18), today=TODAY)
    assert r.valid
    assert len(r.warnings) == 1
    assert "17 Agustus 1985" in r.warnings[0] and "18 Agustus 1985" in r.warnings[0]
    assert r.tanggal_lahir == date(1985, 8, 17)  # the NIK's date, never corrected


def test_warning_sex_differs() -> None:
    r = check_nik(FEMALE, jenis_kelamin="L", today=TODAY)
    assert r.valid
    assert r.warnings == [
        "Menurut NIK (angka 7-8) pemiliknya perempuan, tetapi jenis kelamin yang diisi "
        "laki-laki. Periksa jenis kelamin atau NIK-nya."
    ]
    assert check_nik(MALE, jenis_kelamin="p", today=TODAY).warnings
    assert not check_nik(MALE, jenis_kelamin="l", today=TODAY).warnings


def test_century_inference() -> None:
    assert check_nik("1603061708250001", today=TODAY).tanggal_lahir == date(2025, 8, 17)
    assert check_nik("1603062511260001", today=TODAY).tanggal_lahir == date(2026, 11, 25)
    assert check_nik("1603062611260001", today=TODAY).tanggal_lahir == date(1926, 11, 26)
    # A stated birth date with the same two-digit year settles the century.
    r = check_nik("1603061708250001", tanggal_lahir=date(1925, 8, 17), today=TODAY)
    assert r.tanggal_lahir == date(1925, 8, 17) and not r.warnings


def test_validate_nik_returns_result_with_warnings() -> None:
    r = validate_nik("1699061708850003", today=TODAY)
    assert r.valid and r.warnings


def test_mask_nik() -> None:
    assert mask_nik("1603061708850001") == "160306********01"
    assert mask_nik(" 1603 0617 0885 0001 ") == "160306********01"
    assert mask_nik("12345") == "*****"
    assert mask_nik("") == ""


def test_no_kk() -> None:
    r = check_no_kk("1603062005100012")
    assert r.valid and not r.warnings and r.kode_wilayah == "16.03.06"
    assert r.tanggal_lahir is None and r.jenis_kelamin is None
    assert check_no_kk("1603069999990012").valid  # issue date is not checked
    unknown = check_no_kk("9999992005100012")
    assert unknown.valid and unknown.warnings
    assert check_no_kk("1699062005100012").warnings
    serial = check_no_kk("1603062005100000")
    assert not serial.valid and "0000" in serial.errors[0]
    short = check_no_kk("160306200510")
    assert not short.valid and "No. KK harus 16 angka" in short.errors[0]
    with pytest.raises(ValidationError) as info:
        validate_no_kk("16030620051000x2")
    assert info.value.problems[0].field == "no_kk"


# --- properties -------------------------------------------------------------------------------

KODE_KECAMATAN = [k.kode.replace(".", "") for k in wilayah.all_kecamatan()]
EARLIEST = date(TODAY.year - 100, TODAY.month, TODAY.day) + timedelta(days=1)


@st.composite
def valid_nik(draw: st.DrawFn) -> tuple[str, date, str, str]:
    kode = draw(st.sampled_from(KODE_KECAMATAN))
    born = draw(st.dates(min_value=EARLIEST, max_value=TODAY))
    sex = draw(st.sampled_from(["L", "P"]))
    serial = draw(st.integers(min_value=1, max_value=9999))
    day = born.day + (40 if sex == "P" else 0)
    nik = f"{kode}{day:02d}{born:%m}{born.year % 100:02d}{serial:04d}"
    return nik, born, sex, kode


@settings(max_examples=300)
@given(valid_nik())
def test_generated_niks_are_valid_and_decode(case: tuple[str, date, str, str]) -> None:
    nik, born, sex, kode = case
    r = check_nik(nik, tanggal_lahir=born, jenis_kelamin=sex, today=TODAY)
    assert r.valid, r.errors
    assert r.warnings == []
    assert r.tanggal_lahir == born
    assert r.jenis_kelamin == sex
    assert r.kode_wilayah == f"{kode[0:2]}.{kode[2:4]}.{kode[4:6]}"
    # Without the stated birth date, the century is inferred correctly too.
    assert check_nik(nik, today=TODAY).tanggal_lahir == born
    assert validate_nik(nik, today=TODAY).valid


def _is_16_ascii_digits(text: str) -> bool:
    cleaned = "".join(text.split())
    return len(cleaned) == 16 and all(c in "0123456789" for c in cleaned)


@given(st.text())
def test_any_text_returns_a_result(text: str) -> None:
    r = check_nik(text)
    assert isinstance(r.valid, bool)
    assert r.valid == (not r.errors)
    if not _is_16_ascii_digits(text):
        assert not r.valid
    check_no_kk(text)
    mask_nik(text)


@given(
    st.text(),
    st.one_of(st.none(), st.dates()),
    st.one_of(st.none(), st.text(max_size=3)),
    st.dates(),
)
def test_any_arguments_never_raise(
    text: str, born: date | None, sex: str | None, today: date
) -> None:
    check_nik(text, born, sex, today)


NON_ASCII_DIGITS = st.characters(categories=["Nd"]).filter(lambda c: c not in "0123456789")


@given(
    st.one_of(
        st.text(alphabet="0123456789", max_size=40).filter(lambda s: len(s) != 16),
        st.tuples(
            st.text(alphabet="0123456789", min_size=15, max_size=15),
            st.one_of(NON_ASCII_DIGITS, st.sampled_from(".-/,_O")),
            st.integers(min_value=0, max_value=15),
        ).map(lambda t: t[0][: t[2]] + t[1] + t[0][t[2] :]),
    )
)
def test_not_16_ascii_digits_is_invalid(text: str) -> None:
    assert not check_nik(text).valid
    assert not check_no_kk(text).valid
    with pytest.raises(ValidationError):
        validate_nik(text)


@given(st.text(alphabet="0123456789", min_size=16, max_size=16))
def test_mask_never_reveals_digits_7_to_14(nik: str) -> None:
    masked = mask_nik(nik)
    assert len(masked) == 16
    assert masked[:6] == nik[:6]
    assert masked[6:14] == "********"
    assert masked[14:] == nik[14:]


@given(st.text())
def test_mask_of_any_text_hides_the_middle(text: str) -> None:
    masked = mask_nik(text)
    cleaned = "".join(text.split())
    assert len(masked) == len(cleaned)
    if len(cleaned) == 16:
        assert masked[6:14] == "********"
    else:
        assert set(masked) <= {"*"}
