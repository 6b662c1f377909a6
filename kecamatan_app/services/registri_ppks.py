"""PPKS categories (with their dated status history), register status and aid of a person or a
household, and the detail of one person for the screen. No Qt.

Every status change writes one :class:`RiwayatDataPPKS` row (status, date, who). Aid for a
program and period already recorded for the person or their household is allowed, with a
warning (:func:`check_bantuan`), because a clerk may be recording a real overlap.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass

from ..models import (
    BantuanDiterima,
    DataPPKS,
    Kategori,
    Keluarga,
    ProgramBantuan,
    RiwayatDataPPKS,
    StatusRegister,
    Warga,
)
from ..models.base import fk
from . import audit, lampiran, lingkup
from . import foto as foto_mod
from .context import Actor
from .errors import Conflict, FieldProblem, NotFound, PermissionDenied, ValidationError
from .permissions import Aksi, require
from .registri import Saved, _check_versi
from .registri_cari import (
    STATUS_PPKS,
    program_label,
)
from .tx import write

STATUS_BANTUAN: tuple[str, ...] = ("diterima", "diusulkan", "dihentikan")


def _owner(problems: list[FieldProblem], warga_id: int | None, keluarga_id: int | None) -> None:
    if (warga_id is None) == (keluarga_id is None):
        problems.append(FieldProblem("warga", "Pilih satu warga atau satu keluarga."))
    elif warga_id is not None and not Warga.select().where(Warga.id == warga_id).exists():
        problems.append(FieldProblem("warga", "Warga tidak ditemukan."))
    elif (
        keluarga_id is not None and not Keluarga.select().where(Keluarga.id == keluarga_id).exists()
    ):
        problems.append(FieldProblem("keluarga", "Keluarga tidak ditemukan."))


def check_owner(actor: Actor, warga_id: int | None, keluarga_id: int | None) -> None:
    """The person or household must lie in the actor's kecamatan (Dinas database)."""
    if not lingkup.is_dinas():
        return
    if warga_id is not None:
        row = Warga.select(Warga.desa).where(Warga.id == warga_id).first()
        lingkup.check_desa(actor, fk(row, "desa") if row is not None else None)
    elif keluarga_id is not None:
        row = Keluarga.select(Keluarga.desa).where(Keluarga.id == keluarga_id).first()
        lingkup.check_desa(actor, fk(row, "desa") if row is not None else None)


def _raise(problems: list[FieldProblem]) -> None:
    if problems:
        raise ValidationError(" ".join(p.message for p in problems), problems)


# -- PPKS -------------------------------------------------------------------------------------


@dataclass
class PPKSData:
    kategori_id: int | None = None
    warga_id: int | None = None
    keluarga_id: int | None = None
    status: str = "teridentifikasi"
    rincian: str = ""
    tanggal_verifikasi: dt.date | None = None
    catatan: str = ""
    foto_path: str | os.PathLike[str] | None = None


def add_ppks(actor: Actor, data: PPKSData, tanggal: dt.date | None = None) -> Saved:
    """Record a PPKS category; its first history row is written with it."""
    require(actor, Aksi.REGISTRI_UBAH)
    problems: list[FieldProblem] = []
    _owner(problems, data.warga_id, data.keluarga_id)
    kat = Kategori.get_or_none(Kategori.id == data.kategori_id) if data.kategori_id else None
    if kat is None or kat.jenis != "PPKS":
        problems.append(FieldProblem("kategori", "Pilih kategori PPKS."))
    if data.status not in STATUS_PPKS:
        problems.append(FieldProblem("status", "Status PPKS tidak dikenal."))
    if len(data.rincian) > 100:
        problems.append(FieldProblem("rincian", "Rincian paling banyak 100 karakter."))
    _raise(problems)
    assert kat is not None
    check_owner(actor, data.warga_id, data.keluarga_id)
    with write():
        same = DataPPKS.select().where(
            (DataPPKS.kategori == kat.id)
            & (
                (DataPPKS.warga == data.warga_id)
                if data.warga_id
                else (DataPPKS.keluarga == data.keluarga_id)
            )
        )
        if same.exists():
            raise Conflict(
                f"Kategori {kat.nama} sudah tercatat untuk data ini. Ubah statusnya "
                "pada data yang sudah ada."
            )
        foto = foto_mod.store_path(data.foto_path).id if data.foto_path else None
        verified = data.status != "teridentifikasi"
        row = DataPPKS.create(
            warga=data.warga_id,
            keluarga=data.keluarga_id,
            kategori=kat.id,
            status=data.status,
            rincian=data.rincian.strip(),
            catatan=data.catatan.strip(),
            foto=foto,
            tanggal_verifikasi=data.tanggal_verifikasi
            or ((tanggal or dt.date.today()) if verified else None),
            diverifikasi_oleh=actor.user_id if verified else None,
        )
        RiwayatDataPPKS.create(
            data=row.id,
            status=data.status,
            tanggal=tanggal or dt.date.today(),
            oleh=actor.user_id,
            catatan="Dicatat",
        )
        audit.record_create(actor, row, f"PPKS {kat.nama}")
    return Saved(row.id)


def _ppks(data_id: int, actor: Actor) -> DataPPKS:
    """The PPKS record, only when its person or household is of the actor's kecamatan."""
    row = DataPPKS.get_or_none(DataPPKS.id == data_id)
    if row is None:
        raise NotFound("Data PPKS tidak ditemukan (mungkin sudah dihapus).")
    check_owner(actor, fk(row, "warga"), fk(row, "keluarga"))
    return row


def change_status(
    actor: Actor,
    data_id: int,
    status: str,
    versi: int,
    tanggal: dt.date | None = None,
    catatan: str = "",
) -> None:
    """Move a PPKS record to ``status``; writes one dated history row (who, when, why).

    Verifying sets the verification date and the verifier."""
    require(actor, Aksi.REGISTRI_UBAH)
    if status not in STATUS_PPKS:
        raise ValidationError.single("status", "Status PPKS tidak dikenal.")
    when = tanggal or dt.date.today()
    if when > dt.date.today():
        raise ValidationError.single("tanggal", "Tanggal perubahan tidak boleh sesudah hari ini.")
    with write():
        row = _ppks(data_id, actor)
        _check_versi(row.versi, versi, "PPKS")
        if row.status == status:
            raise ValidationError.single(
                "status", f"Statusnya sudah {STATUS_PPKS[status]}; pilih status lain."
            )
        before = audit.snapshot(row)
        row.status = status
        if status == "terverifikasi":
            row.tanggal_verifikasi = when
            row.diverifikasi_oleh = actor.user_id  # type: ignore[assignment]
        row.versi += 1
        row.save()
        RiwayatDataPPKS.create(
            data=row.id, status=status, tanggal=when, oleh=actor.user_id, catatan=catatan.strip()
        )
        audit.record_update(actor, row, before, f"Status PPKS menjadi {STATUS_PPKS[status]}")


def set_foto(actor: Actor, data_id: int, path: str | os.PathLike[str], versi: int) -> None:
    require(actor, Aksi.REGISTRI_UBAH)
    with write():
        row = _ppks(data_id, actor)
        _check_versi(row.versi, versi, "PPKS")
        before = audit.snapshot(row)
        stored = foto_mod.store_path(path)
        row.foto = stored.id  # type: ignore[assignment]
        row.versi += 1
        row.save()
        audit.record_update(actor, row, before, "Foto PPKS")


def foto(actor: Actor, data_id: int) -> tuple[bytes, str]:
    """The photo of a PPKS record (bytes, mime) for viewing; hidden specific data stays hidden."""
    require(actor, Aksi.REGISTRI_LIHAT)
    from .registri_cari import can_see_specific

    row = _ppks(data_id, actor)
    if row.kategori.data_spesifik and not can_see_specific(actor):
        raise PermissionDenied("Foto ini termasuk data spesifik yang tidak boleh Anda lihat.")
    if not fk(row, "foto"):
        raise NotFound("Kategori ini belum punya foto.")
    info = lampiran.get(fk(row, "foto"))
    content = lampiran.read(info.id)
    audit.record(actor, "lihat_rinci", "data_ppks", data_id, "Membuka foto data PPKS")
    return content, info.jenis_mime


# -- register status --------------------------------------------------------------------------


@dataclass
class RegisterData:
    warga_id: int | None = None
    keluarga_id: int | None = None
    nama_register: str = "DTSEN"
    id_register: str = ""
    desil: int | None = None
    terdaftar: bool = True
    tanggal_cek: dt.date | None = None


def save_register(
    actor: Actor, data: RegisterData, register_id: int | None = None, versi: int | None = None
) -> Saved:
    """Add (``register_id`` None) or update a register status row."""
    require(actor, Aksi.REGISTRI_UBAH)
    problems: list[FieldProblem] = []
    _owner(problems, data.warga_id, data.keluarga_id)
    nama = " ".join(data.nama_register.split())
    if not nama or len(nama) > 30:
        problems.append(
            FieldProblem(
                "nama_register",
                "Nama register (DTSEN, DTKS, ...) wajib diisi, paling banyak 30 karakter.",
            )
        )
    if data.desil is not None and not 1 <= data.desil <= 10:
        problems.append(FieldProblem("desil", "Desil 1 sampai 10, atau kosong bila tidak tahu."))
    if data.tanggal_cek is None or data.tanggal_cek > dt.date.today():
        problems.append(
            FieldProblem("tanggal_cek", "Isi tanggal pengecekan (paling lambat hari ini).")
        )
    _raise(problems)
    values = {
        "warga": data.warga_id,
        "keluarga": data.keluarga_id,
        "nama_register": nama,
        "id_register": data.id_register.strip()[:50],
        "desil": data.desil,
        "terdaftar": data.terdaftar,
        "tanggal_cek": data.tanggal_cek,
    }
    check_owner(actor, data.warga_id, data.keluarga_id)
    with write():
        if register_id is None:
            row = StatusRegister.create(**values)
            audit.record_create(actor, row, f"Status register {nama}")
        else:
            found = StatusRegister.get_or_none(StatusRegister.id == register_id)
            if found is None:
                raise NotFound("Status register tidak ditemukan.")
            check_owner(actor, fk(found, "warga"), fk(found, "keluarga"))
            row = found
            _check_versi(row.versi, versi if versi is not None else -1, "status register")
            before = audit.snapshot(row)
            for k, v in values.items():
                setattr(row, k, v)
            row.versi += 1
            row.save()
            audit.record_update(actor, row, before, f"Status register {nama}")
    return Saved(row.id)


# -- aid ----------------------------------------------------------------------------------------


@dataclass
class BantuanData:
    program_id: int | None = None
    periode: str = ""
    warga_id: int | None = None
    keluarga_id: int | None = None
    status: str = "diterima"
    sumber: str = ""


def _validate_bantuan(data: BantuanData) -> ProgramBantuan:
    problems: list[FieldProblem] = []
    _owner(problems, data.warga_id, data.keluarga_id)
    prog = (
        ProgramBantuan.get_or_none(ProgramBantuan.id == data.program_id)
        if data.program_id
        else None
    )
    if prog is None:
        problems.append(FieldProblem("program", "Pilih program bantuan."))
    periode = " ".join(data.periode.split())
    if not periode or len(periode) > 30:
        problems.append(
            FieldProblem(
                "periode",
                "Isi periode atau tahap, contoh 2026 Tahap 2 (paling banyak 30 karakter).",
            )
        )
    if data.status not in STATUS_BANTUAN:
        problems.append(FieldProblem("status", f"Status: {', '.join(STATUS_BANTUAN)}."))
    _raise(problems)
    assert prog is not None
    return prog


def check_bantuan(data: BantuanData) -> list[str]:
    """Warnings: the same program and period already recorded for this person, for their
    household as a household, or (for household aid) for one of its members. Another member's
    own record is not a duplicate: person-level aid such as PBI-JK is given to each member."""
    prog = _validate_bantuan(data)
    periode = " ".join(data.periode.split())
    kk = data.keluarga_id
    if data.warga_id is not None:
        w = Warga.get_by_id(data.warga_id)
        kk = fk(w, "keluarga")
    household_row = (BantuanDiterima.keluarga == kk) & BantuanDiterima.warga.is_null()
    if data.warga_id is not None:
        owner = BantuanDiterima.warga == data.warga_id
        if kk is not None:
            owner = owner | household_row
    else:
        members = Warga.select(Warga.id).where(Warga.keluarga == kk)
        owner = household_row | BantuanDiterima.warga.in_(members)
    same = BantuanDiterima.select().where(
        owner & (BantuanDiterima.program == prog.id) & (BantuanDiterima.periode == periode)
    )
    if not same.exists():
        return []
    return [
        f"{program_label(prog)} periode {periode} sudah tercatat untuk orang ini atau "
        "keluarganya. Pastikan bukan pencatatan ganda atau bantuan tumpang tindih."
    ]


def add_bantuan(actor: Actor, data: BantuanData) -> Saved:
    """Record aid; a duplicate program/period is saved with a warning (returned)."""
    require(actor, Aksi.REGISTRI_UBAH)
    warnings = check_bantuan(data)
    check_owner(actor, data.warga_id, data.keluarga_id)
    with write():
        row = BantuanDiterima.create(
            warga=data.warga_id,
            keluarga=data.keluarga_id,
            program=data.program_id,
            periode=" ".join(data.periode.split()),
            status=data.status,
            sumber=data.sumber.strip()[:100],
        )
        audit.record_create(actor, row, f"Bantuan {row.program.nama} {row.periode}")
    return Saved(row.id, warnings)
