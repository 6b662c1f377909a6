"""NIK and No. KK checks (see docs: NIK, No. KK and region codes).

NIK: ``PP KK CC DDMMYY SSSS`` - region where it was first issued, birth date (day + 40 for
women), serial from 0001; no checksum. Errors block saving; warnings are shown but allowed,
because a NIK is never corrected: its region may predate a split (pemekaran) and its date may
differ from the true birth date.

Input: surrounding whitespace and internal spaces are removed; anything else that is not an
ASCII digit 0-9 (dots, dashes, full-width or Arabic-Indic digits) is an error.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from . import wilayah
from .errors import FieldProblem, ValidationError
from .formatting import tanggal

_DIGITS = frozenset("0123456789")


@dataclass
class NikResult:
    nik: str
    valid: bool
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    tanggal_lahir: date | None = None
    jenis_kelamin: str | None = None  # "L" or "P"
    kode_wilayah: str = ""  # dotted 6-digit code, "" when the text is not 16 digits


def _clean(text: str) -> str:
    """Remove surrounding and internal whitespace."""
    return "".join(text.split())


def _format_error(label: str, cleaned: str) -> str | None:
    """Why ``cleaned`` is not 16 ASCII digits, or None when it is."""
    bad = [c for c in cleaned if c not in _DIGITS]
    if bad:
        shown = ", ".join(f"'{c}'" for c in dict.fromkeys(bad[:5]))
        return (
            f"{label} hanya boleh berisi angka 0-9 (16 angka); ditemukan tanda lain: {shown}. "
            "Hapus tanda tersebut atau ketik ulang angkanya."
        )
    if len(cleaned) != 16:
        return f"{label} harus 16 angka, yang diisi {len(cleaned)} angka. Periksa kembali {label}."
    return None


def _region(label: str, s: str, errors: list[str], warnings: list[str]) -> None:
    """Region checks on the first 6 digits: unknown province and 00 go to ``errors``, a code
    missing from the current list to ``warnings`` (the No. KK passes ``warnings`` twice)."""
    pp, kk, cc = s[0:2], s[2:4], s[4:6]
    if not wilayah.province_exists(pp):
        errors.append(
            f"Kode provinsi {pp} pada {label} (angka 1-2) tidak dikenal. "
            f"Periksa dua angka pertama {label}."
        )
    if kk == "00":
        errors.append(f"Kode kabupaten/kota pada {label} (angka 3-4) tidak boleh 00.")
    if cc == "00":
        errors.append(f"Kode kecamatan pada {label} (angka 5-6) tidak boleh 00.")
    if not wilayah.province_exists(pp) or "00" in (kk, cc):
        return
    lama = (
        "tidak ada dalam daftar Kemendagri saat ini; mungkin wilayah lama sebelum pemekaran. "
        f"{label} tetap boleh disimpan, periksa kembali bila ragu."
    )
    if not wilayah.kabupaten_exists(pp + kk):
        warnings.append(f"Kode kabupaten/kota {pp}.{kk} pada {label} {lama}")
    elif not wilayah.kecamatan_exists(pp + kk + cc):
        warnings.append(f"Kode kecamatan {pp}.{kk}.{cc} pada {label} {lama}")


def _birth_date(s: str, stated: date | None, today: date, result: NikResult) -> None:
    dd, mm, yy = int(s[6:8]), int(s[8:10]), int(s[10:12])
    if 1 <= dd <= 31:
        day, sex = dd, "L"
    elif 41 <= dd <= 71:
        day, sex = dd - 40, "P"
    else:
        result.errors.append(
            f"Tanggal lahir pada NIK (angka 7-8) harus 01-31 untuk laki-laki atau 41-71 untuk "
            f"perempuan (tanggal + 40), tertulis {s[6:8]}. Periksa angka 7-8."
        )
        return
    result.jenis_kelamin = sex
    if not 1 <= mm <= 12:
        result.errors.append(
            f"Bulan lahir pada NIK (angka 9-10) harus 01-12, tertulis {s[8:10]}. "
            "Periksa angka 9-10."
        )
        return
    if stated is not None and stated.year % 100 == yy:
        year = stated.year  # the stated birth date settles the century
    elif (2000 + yy, mm, day) <= (today.year, today.month, today.day):
        year = 2000 + yy
    else:
        year = 1900 + yy
    try:
        result.tanggal_lahir = date(year, mm, day)
    except ValueError:
        result.errors.append(
            f"Tanggal lahir pada NIK (angka 7-12: tanggal, bulan, tahun) bukan tanggal yang ada: "
            f"{day:02d}-{mm:02d}-{yy:02d}. Periksa angka 7-12."
        )


def check_nik(
    text: str,
    tanggal_lahir: date | None = None,
    jenis_kelamin: str | None = None,
    today: date | None = None,
) -> NikResult:
    """Check a NIK; never raises. ``tanggal_lahir``/``jenis_kelamin`` ("L"/"P") are the stated
    birth date and sex: a NIK that disagrees with them gets a warning, not an error."""
    cleaned = _clean(text)
    result = NikResult(nik=cleaned, valid=False)
    problem = _format_error("NIK", cleaned)
    if problem:
        result.errors.append(problem)
        return result
    result.kode_wilayah = f"{cleaned[0:2]}.{cleaned[2:4]}.{cleaned[4:6]}"
    _region("NIK", cleaned, result.errors, result.warnings)
    _birth_date(cleaned, tanggal_lahir, today or date.today(), result)
    if cleaned[12:16] == "0000":
        result.errors.append("Nomor urut NIK (4 angka terakhir) tidak boleh 0000.")
    decoded = result.tanggal_lahir
    if tanggal_lahir is not None and decoded is not None and decoded != tanggal_lahir:
        result.warnings.append(
            f"Tanggal lahir pada NIK ({tanggal(decoded)}) berbeda dengan tanggal lahir yang diisi "
            f"({tanggal(tanggal_lahir)}). Hal ini bisa terjadi dan NIK tidak diubah; periksa "
            "kembali bila ragu."
        )
    stated_sex = (jenis_kelamin or "").strip().upper()
    if stated_sex in ("L", "P") and result.jenis_kelamin not in (None, stated_sex):
        menurut = "perempuan" if result.jenis_kelamin == "P" else "laki-laki"
        diisi = "perempuan" if stated_sex == "P" else "laki-laki"
        result.warnings.append(
            f"Menurut NIK (angka 7-8) pemiliknya {menurut}, tetapi jenis kelamin yang diisi "
            f"{diisi}. Periksa jenis kelamin atau NIK-nya."
        )
    result.valid = not result.errors
    return result


def _raise_if_invalid(result: NikResult, field_name: str) -> NikResult:
    if not result.valid:
        raise ValidationError(
            " ".join(result.errors), [FieldProblem(field_name, e) for e in result.errors]
        )
    return result


def validate_nik(
    text: str,
    tanggal_lahir: date | None = None,
    jenis_kelamin: str | None = None,
    today: date | None = None,
) -> NikResult:
    """Like :func:`check_nik` but raises ValidationError (field ``nik``) when there are errors."""
    return _raise_if_invalid(check_nik(text, tanggal_lahir, jenis_kelamin, today), "nik")


def mask_nik(nik: str) -> str:
    """``1603064108900001`` -> ``160306********01`` (always as long as the cleaned input).

    Text that is not exactly 16 characters is masked completely, so nothing of the birth date
    can leak from a mistyped NIK.
    """
    cleaned = _clean(nik)
    if len(cleaned) != 16:
        return "*" * len(cleaned)
    return cleaned[:6] + "*" * 8 + cleaned[14:]


def check_no_kk(text: str) -> NikResult:
    """Check a No. KK (Kartu Keluarga number); never raises.

    Errors: not 16 ASCII digits; serial (last 4 digits) 0000. Everything else is only a warning:
    the first 6 digits are the issuing region (unknown province, 00 or a code not in the current
    list), digits 7-12 are the issue date DDMMYY and are not checked. ``tanggal_lahir`` and
    ``jenis_kelamin`` of the result are always None.
    """
    cleaned = _clean(text)
    result = NikResult(nik=cleaned, valid=False)
    problem = _format_error("No. KK", cleaned)
    if problem:
        result.errors.append(problem)
        return result
    result.kode_wilayah = f"{cleaned[0:2]}.{cleaned[2:4]}.{cleaned[4:6]}"
    _region("No. KK", cleaned, result.warnings, result.warnings)
    if cleaned[12:16] == "0000":
        result.errors.append("Nomor urut No. KK (4 angka terakhir) tidak boleh 0000.")
    result.valid = not result.errors
    return result


def validate_no_kk(text: str) -> NikResult:
    """Like :func:`check_no_kk` but raises ValidationError (field ``no_kk``) on errors."""
    return _raise_if_invalid(check_no_kk(text), "no_kk")
