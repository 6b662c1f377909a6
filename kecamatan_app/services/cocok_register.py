"""Register matching: compare a national register export (DTKS/DTSEN, columns as in
ppks-psks.md) with our by-name registry, by NIK.

Three lists come out: persons in both, persons only with us (not in the register), and persons
only in the register (with us unknown). Applying the match records a ``StatusRegister`` row for
each of our persons (in the register or not) dated with the check date; nothing is added to the
registry for register-only persons (they are listed and exported for follow-up).
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path

from ..models import Desa, StatusRegister, Warga
from . import audit, lingkup
from .context import Actor
from .errors import ValidationError
from .impor import Column, Problem, date_value, read_table, text
from .nik import check_nik, mask_nik
from .permissions import Aksi, require
from .tx import write

#: The columns of a typical register export per person (shared/domain/ppks-psks.md); the match
#: reads the ones in COLUMNS and ignores the rest.
KOLOM_EKSPOR_REGISTER: tuple[str, ...] = (
    "IDDTKS", "PROVINSI", "KABUPATEN_KOTA", "KECAMATAN", "DESA_KELURAHAN", "ALAMAT", "DUSUN",
    "RT", "RW", "NOMOR_KK", "NOMOR_NIK", "NAMA", "TANGGAL_LAHIR", "TEMPAT_LAHIR",
    "JENIS_KELAMIN", "NAMA_IBU_KANDUNG", "HUBUNGAN_KELUARGA",
)

COLUMNS = (
    Column("NOMOR_NIK", True, "NIK 16 angka", "wajib"),
    Column("NAMA", True, "nama", "wajib"),
    Column("IDDTKS", False, "id di register", "tidak ada id", optional_header=True),
    Column("NOMOR_KK", False, "No. KK", "-", optional_header=True),
    Column("DESA_KELURAHAN", False, "desa/kelurahan", "-", optional_header=True),
    Column("ALAMAT", False, "alamat", "-", optional_header=True),
    Column("TANGGAL_LAHIR", False, "tanggal", "-", kind="tanggal", optional_header=True),
    Column("DESIL", False, "1-10", "tidak diketahui", optional_header=True),
)


@dataclass(frozen=True)
class Orang:
    nik: str  # masked unless the caller may see it
    nama: str
    desa: str
    id_register: str = ""
    warga_id: int | None = None


@dataclass
class HasilCocok:
    nama_register: str
    tanggal_cek: dt.date
    keduanya: list[Orang] = field(default_factory=list)
    hanya_kita: list[Orang] = field(default_factory=list)
    hanya_register: list[Orang] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    diterapkan: bool = False
    #: The kecamatan matched (a kabupaten-wide user's choice; None: the actor's scope).
    kecamatan_id: int | None = None


def match(actor: Actor, path: str | os.PathLike[str], nama_register: str = "DTSEN",
          tanggal_cek: dt.date | None = None, apply: bool = False,
          kecamatan_id: int | None = None) -> HasilCocok:
    """Match the register file with the persons of the actor's kecamatan (a kabupaten-wide
    user: of ``kecamatan_id``, or of every kecamatan without it)."""
    require(actor, Aksi.REGISTRI_UBAH if apply else Aksi.REGISTRI_LIHAT)
    lingkup.batas(actor, kecamatan_id)  # refuses another kecamatan before reading the file
    name = nama_register.strip().upper()
    if not name or len(name) > 30:
        raise ValidationError.single("nama_register", "Isi nama register (contoh: DTSEN).")
    checked = tanggal_cek or dt.date.today()
    table = read_table(path, COLUMNS)
    result = HasilCocok(name, checked, problems=list(table.problems), kecamatan_id=kecamatan_id)
    register: dict[str, tuple[str, str, str, int | None]] = {}
    for row in table.rows:
        nik = "".join(text(row.get("NOMOR_NIK")).split())
        check = check_nik(nik)
        if not check.valid:
            result.problems.append(Problem(row.number, "NOMOR_NIK", check.errors[0]))
            continue
        if nik in register:
            result.problems.append(Problem(row.number, "NOMOR_NIK",
                                           f"NIK {mask_nik(nik)} muncul lebih dari sekali."))
            continue
        desil_raw = text(row.get("DESIL"))
        desil = int(desil_raw) if desil_raw.isdigit() and 1 <= int(desil_raw) <= 10 else None
        try:
            date_value(row.get("TANGGAL_LAHIR"))
        except ValueError as exc:
            result.problems.append(Problem(row.number, "TANGGAL_LAHIR", str(exc)))
        register[nik] = (text(row.get("NAMA")), text(row.get("DESA_KELURAHAN")),
                         text(row.get("IDDTKS")), desil)
    if result.problems:
        return result
    desa_names = {d.id: d.nama for d in Desa.select(Desa.id, Desa.nama)}
    mine = lingkup.limit(Warga.select(), lingkup.where_desa(Warga.desa, actor, kecamatan_id))
    ours: dict[str, Warga] = {str(w.nik): w
                              for w in mine.where(Warga.nik.is_null(False) & ~Warga.meninggal)}
    for nik, w in ours.items():
        person = Orang(mask_nik(nik), w.nama, desa_names.get(w.__data__["desa"], ""),
                       register[nik][2] if nik in register else "", w.id)
        (result.keduanya if nik in register else result.hanya_kita).append(person)
    for nik, (nama, desa, idr, _d) in register.items():
        if nik not in ours:
            result.hanya_register.append(Orang(mask_nik(nik), nama, desa, idr))
    if apply:
        with write():
            for nik, w in ours.items():
                found = register.get(nik)
                StatusRegister.create(warga=w.id, nama_register=name,
                                      id_register=found[2] if found else "",
                                      desil=found[3] if found else None,
                                      terdaftar=found is not None, tanggal_cek=checked)
            audit.record(actor, "impor", "status_register", "",
                         f"Pencocokan {name} dari {Path(path).name}: {len(result.keduanya)} "
                         f"terdaftar, {len(result.hanya_kita)} tidak terdaftar, "
                         f"{len(result.hanya_register)} hanya di register")
        result.diterapkan = True
    return result
