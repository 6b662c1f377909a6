"""The registry's form data and its checks: a household (:class:`KeluargaData`) and a person
(:class:`WargaData`) turned into the column values to store, with the warnings to show, or one
:class:`ValidationError` that lists every problem (in the order of the form). No Qt, and nothing
here writes: :mod:`registri` saves, audits and checks one NIK / one No. KK, and re-exports these
names; bulk imports use the ``*_fields`` checks, which need no database.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from ..models import Desa, Dusun, Keluarga, Warga
from .errors import FieldProblem, ValidationError
from .nik import check_nik, check_no_kk

HUBUNGAN: tuple[str, ...] = (
    "Kepala Keluarga",
    "Istri",
    "Suami",
    "Anak",
    "Menantu",
    "Cucu",
    "Orang Tua",
    "Mertua",
    "Famili Lain",
    "Lainnya",
)
JENIS_KELAMIN: tuple[str, ...] = ("L", "P")


@dataclass
class KeluargaData:
    no_kk: str = ""
    kepala: str = ""
    alamat: str = ""
    desa_id: int | None = None
    dusun_id: int | None = None
    rt: str = ""
    rw: str = ""


@dataclass
class WargaData:
    #: None on update: keep the stored NIK (forms never receive the full NIK back).
    nik: str | None = ""
    nama: str = ""
    jenis_kelamin: str = ""
    tempat_lahir: str = ""
    tanggal_lahir: dt.date | None = None
    keluarga_id: int | None = None
    hubungan: str = ""
    alamat: str = ""
    desa_id: int | None = None
    dusun_id: int | None = None
    rt: str = ""
    rw: str = ""
    meninggal: bool = False


def _clean(text: str | None) -> str:
    return " ".join((text or "").split())


def _rt_rw(problems: list[FieldProblem], name: str, value: str) -> str:
    v = "".join(value.split())
    if v and (not v.isdigit() or len(v) > 3):
        problems.append(FieldProblem(name, f"{name.upper()} diisi angka, paling banyak 3 angka."))
    return v


def _place(problems: list[FieldProblem], desa_id: int | None, dusun_id: int | None) -> None:
    if desa_id is None or not Desa.select().where(Desa.id == desa_id).exists():
        problems.append(FieldProblem("desa", "Pilih desa/kelurahan."))
    elif (
        dusun_id is not None
        and not Dusun.select().where((Dusun.id == dusun_id) & (Dusun.desa == desa_id)).exists()
    ):
        problems.append(FieldProblem("dusun", "Dusun tidak ada di desa/kelurahan yang dipilih."))


def _raise(problems: list[FieldProblem]) -> None:
    if problems:
        raise ValidationError(" ".join(p.message for p in problems), problems)


# -- households --------------------------------------------------------------------------------


def check_keluarga_fields(data: KeluargaData) -> tuple[dict[str, Any], list[FieldProblem],
                                                       list[str]]:
    """The checks of :func:`check_keluarga` that need no database: (values, problems,
    warnings). Bulk imports use it with the place already known to exist."""
    problems: list[FieldProblem] = []
    warnings: list[str] = []
    no_kk: str | None = None
    if _clean(data.no_kk):
        res = check_no_kk(data.no_kk)
        problems += [FieldProblem("no_kk", e) for e in res.errors]
        warnings += res.warnings
        no_kk = res.nik
    kepala = _clean(data.kepala)
    if not kepala:
        problems.append(FieldProblem("kepala", "Nama kepala keluarga wajib diisi."))
    elif len(kepala) > 150:
        problems.append(FieldProblem("kepala", "Nama kepala keluarga paling banyak 150 huruf."))
    rt, rw = _rt_rw(problems, "rt", data.rt), _rt_rw(problems, "rw", data.rw)
    values = {
        "no_kk": no_kk,
        "kepala": kepala,
        "alamat": data.alamat.strip(),
        "desa": data.desa_id,
        "dusun": data.dusun_id,
        "rt": rt,
        "rw": rw,
    }
    return values, problems, warnings


def check_keluarga(data: KeluargaData) -> tuple[dict[str, Any], list[str]]:
    """The values to store and the warnings; raises ValidationError on errors."""
    values, problems, warnings = check_keluarga_fields(data)
    place: list[FieldProblem] = []
    _place(place, data.desa_id, data.dusun_id)
    _raise(_before_rt_rw(problems, place))
    return values, warnings


def _before_rt_rw(problems: list[FieldProblem], more: list[FieldProblem]) -> list[FieldProblem]:
    """``problems`` with ``more`` put before the RT/RW ones (the order of the form)."""
    at = next((i for i, p in enumerate(problems) if p.field in ("rt", "rw")), len(problems))
    return [*problems[:at], *more, *problems[at:]]


# -- persons -----------------------------------------------------------------------------------


def check_warga_fields(data: WargaData) -> tuple[dict[str, Any], list[FieldProblem], list[str]]:
    """The checks of :func:`check_warga` that need no database: (values, problems, warnings).
    Bulk imports use it with the place known to exist and the same-name check done set-wise.
    ``data.nik`` None: no NIK in the values (the stored one is kept)."""
    problems: list[FieldProblem] = []
    warnings: list[str] = []
    nama = _clean(data.nama)
    if not nama:
        problems.append(FieldProblem("nama", "Nama wajib diisi."))
    elif len(nama) > 150:
        problems.append(FieldProblem("nama", "Nama paling banyak 150 huruf."))
    jk = data.jenis_kelamin.strip().upper()
    if jk not in JENIS_KELAMIN:
        problems.append(FieldProblem("jenis_kelamin", "Pilih jenis kelamin: L atau P."))
    values: dict[str, Any] = {}
    if data.nik is not None:
        values["nik"] = None
        if _clean(data.nik):
            res = check_nik(data.nik, data.tanggal_lahir, jk or None)
            problems += [FieldProblem("nik", e) for e in res.errors]
            warnings += res.warnings
            values["nik"] = res.nik
    if data.tanggal_lahir is not None and data.tanggal_lahir > dt.date.today():
        problems.append(
            FieldProblem("tanggal_lahir", "Tanggal lahir tidak boleh sesudah hari ini.")
        )
    if data.hubungan and data.hubungan not in HUBUNGAN:
        problems.append(
            FieldProblem(
                "hubungan",
                f"Hubungan dalam keluarga tidak dikenal. Pilihan: {', '.join(HUBUNGAN)}.",
            )
        )
    rt, rw = _rt_rw(problems, "rt", data.rt), _rt_rw(problems, "rw", data.rw)
    values.update(
        {
            "nama": nama,
            "jenis_kelamin": jk,
            "tempat_lahir": _clean(data.tempat_lahir)[:100],
            "tanggal_lahir": data.tanggal_lahir,
            "keluarga": data.keluarga_id,
            "hubungan": data.hubungan,
            "alamat": data.alamat.strip(),
            "desa": data.desa_id,
            "dusun": data.dusun_id,
            "rt": rt,
            "rw": rw,
            "meninggal": data.meninggal,
        }
    )
    return values, problems, warnings


def same_person_warning(nama: str) -> str:
    """The warning for a person of the same name and birth date in the same desa."""
    return (
        f"Sudah ada {nama} dengan tanggal lahir yang sama di desa ini. Pastikan bukan "
        "orang yang sama yang dicatat dua kali."
    )


def check_warga(data: WargaData, except_id: int | None = None) -> tuple[dict[str, Any], list[str]]:
    """The values to store and the warnings; raises ValidationError on errors.

    ``data.nik`` None keeps the stored NIK (not part of the values)."""
    values, problems, warnings = check_warga_fields(data)
    if data.nik is None and except_id is not None:
        # the stored NIK is kept: still say when the new birth date or sex no longer fits it
        stored = Warga.select(Warga.nik).where(Warga.id == except_id).scalar()
        if stored:
            warnings += check_nik(stored, data.tanggal_lahir, values["jenis_kelamin"] or None
                                  ).warnings
    more: list[FieldProblem] = []
    if (
        data.keluarga_id is not None
        and not Keluarga.select().where(Keluarga.id == data.keluarga_id).exists()
    ):
        more.append(FieldProblem("keluarga", "Keluarga yang dipilih tidak ditemukan."))
    _place(more, data.desa_id, data.dusun_id)
    _raise(_before_rt_rw(problems, more))
    if data.tanggal_lahir is not None:
        twin = (
            Warga.select(Warga.id)
            .where(
                (Warga.nama == values["nama"])
                & (Warga.tanggal_lahir == data.tanggal_lahir)
                & (Warga.desa == data.desa_id)
                & (Warga.id != (except_id or 0))
            )
            .first()
        )
        if twin is not None:
            warnings.append(same_person_warning(values["nama"]))
    return values, warnings
