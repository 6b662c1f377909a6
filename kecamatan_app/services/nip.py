"""NIP (Nomor Induk Pegawai, civil servant number) checks.

18 digits: birth date ``YYYYMMDD`` + start of service (TMT) ``YYYYMM`` + sex (1 man, 2 woman) +
serial (3 digits); printed grouped ``19660801 198803 1 001``. Spaces are ignored, anything else
that is not an ASCII digit is an error.

Errors: not 18 digits; birth date not a real date, before 1940, or the person younger than 18
today; TMT month not 01-12, TMT before the birth date or in the future; sex digit not 1/2;
serial 000. Warning: TMT before the age of 18.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from .errors import FieldProblem, ValidationError
from .formatting import usia

_DIGITS = frozenset("0123456789")
TAHUN_LAHIR_MINIMUM = 1940
USIA_MINIMUM = 18


@dataclass
class NipResult:
    nip: str
    valid: bool
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    tanggal_lahir: date | None = None
    tmt: date | None = None  # first day of the month service started
    jenis_kelamin: str | None = None  # "L" or "P"


def _clean(text: str) -> str:
    return "".join(text.split())


def _birth(s: str, today: date, result: NipResult) -> None:
    try:
        born = date(int(s[0:4]), int(s[4:6]), int(s[6:8]))
    except ValueError:
        result.errors.append(
            f"Tanggal lahir pada NIP (angka 1-8, tahun-bulan-tanggal) bukan tanggal yang ada: "
            f"{s[0:4]}-{s[4:6]}-{s[6:8]}. Periksa angka 1-8."
        )
        return
    result.tanggal_lahir = born
    if born.year < TAHUN_LAHIR_MINIMUM:
        result.errors.append(
            f"Tahun lahir pada NIP (angka 1-4) adalah {born.year}, sebelum "
            f"{TAHUN_LAHIR_MINIMUM}. Periksa angka 1-4."
        )
    elif usia(born, today) < USIA_MINIMUM:
        result.errors.append(
            f"Menurut NIP (angka 1-8) pemiliknya belum berusia {USIA_MINIMUM} tahun. "
            "Periksa tanggal lahir pada NIP."
        )


def _tmt(s: str, today: date, result: NipResult) -> None:
    year, month = int(s[8:12]), int(s[12:14])
    if not 1 <= month <= 12:
        result.errors.append(
            f"Bulan TMT pada NIP (angka 13-14) harus 01-12, tertulis {s[12:14]}. "
            "Periksa angka 13-14."
        )
        return
    if year < 1:
        result.errors.append("Tahun TMT pada NIP (angka 9-12) tidak boleh 0000.")
        return
    tmt = date(year, month, 1)
    result.tmt = tmt
    born = result.tanggal_lahir
    if tmt > today:
        result.errors.append(
            f"TMT pada NIP (angka 9-14) adalah {s[12:14]}-{s[8:12]}, masih di masa depan. "
            "Periksa angka 9-14."
        )
    elif born is not None and (tmt.year, tmt.month) < (born.year, born.month):
        result.errors.append(
            f"TMT pada NIP (angka 9-14) {s[12:14]}-{s[8:12]} sebelum tanggal lahirnya. "
            "Periksa angka 1-14."
        )
    elif born is not None and usia(born, tmt) < USIA_MINIMUM:
        result.warnings.append(
            f"TMT pada NIP ({s[12:14]}-{s[8:12]}) sebelum usia {USIA_MINIMUM} tahun. "
            "Periksa kembali NIP bila ragu."
        )


def check_nip(text: str, today: date | None = None) -> NipResult:
    """Check a NIP (grouped or not); never raises."""
    cleaned = _clean(text)
    result = NipResult(nip=cleaned, valid=False)
    bad = [c for c in cleaned if c not in _DIGITS]
    if bad:
        shown = ", ".join(f"'{c}'" for c in dict.fromkeys(bad[:5]))
        result.errors.append(
            f"NIP hanya boleh berisi angka 0-9 (18 angka, spasi boleh); ditemukan tanda lain: "
            f"{shown}. Hapus tanda tersebut atau ketik ulang angkanya."
        )
        return result
    if len(cleaned) != 18:
        result.errors.append(
            f"NIP harus 18 angka, yang diisi {len(cleaned)} angka. Periksa kembali NIP, "
            "contoh: 19660801 198803 1 001."
        )
        return result
    when = today or date.today()
    _birth(cleaned, when, result)
    _tmt(cleaned, when, result)
    sex = cleaned[14]
    if sex == "1":
        result.jenis_kelamin = "L"
    elif sex == "2":
        result.jenis_kelamin = "P"
    else:
        result.errors.append(
            f"Angka ke-15 NIP (jenis kelamin) harus 1 (laki-laki) atau 2 (perempuan), "
            f"tertulis {sex}."
        )
    if cleaned[15:18] == "000":
        result.errors.append("Nomor urut NIP (3 angka terakhir) tidak boleh 000.")
    result.valid = not result.errors
    return result


def validate_nip(text: str, today: date | None = None) -> NipResult:
    """Like :func:`check_nip` but raises ValidationError (field ``nip``) when there are errors."""
    result = check_nip(text, today)
    if not result.valid:
        raise ValidationError(
            " ".join(result.errors), [FieldProblem("nip", e) for e in result.errors]
        )
    return result


def format_nip(nip: str) -> str:
    """``196608011988031001`` -> ``19660801 198803 1 001``; other text is returned stripped."""
    cleaned = _clean(nip)
    if len(cleaned) != 18 or any(c not in _DIGITS for c in cleaned):
        return nip.strip()
    return f"{cleaned[0:8]} {cleaned[8:14]} {cleaned[14]} {cleaned[15:18]}"
