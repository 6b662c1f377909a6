"""The PSKS registry: persons and institutions (PSM, Karang Taruna, LKS, Tagana, ...) per desa.

Reading needs REGISTRI_LIHAT, changes REGISTRI_UBAH; lists show the NIK masked. A row is unique
by name + PSKS type + desa (case-insensitive): a second one is refused naming the first. A NIK is
optional and only for a person; when given it must pass ``nik.check_nik`` (its warnings are
returned, not blocking).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from peewee import JOIN, fn

from ..models import DataPSKS, Desa, Kategori
from . import audit, lingkup
from .context import Actor
from .errors import Conflict, FieldProblem, NotFound, ValidationError
from .nik import check_nik, mask_nik
from .permissions import Aksi, allowed, require
from .tx import write

STATUS: dict[str, str] = {"aktif": "Aktif", "tidak_aktif": "Tidak aktif"}
#: Column lengths of DataPSKS (PostgreSQL refuses longer text).
MAX_LEN = {"nama": 200, "kontak": 100, "ketua": 150}
MAX_TEKS = 2000  # alamat, catatan: generous, but not a pasted document


@dataclass
class PsksData:
    kategori_id: int | None = None
    nama: str = ""
    perorangan: bool = True
    nik: str = ""
    desa_id: int | None = None
    alamat: str = ""
    ketua: str = ""
    kontak: str = ""
    status: str = "aktif"
    catatan: str = ""


@dataclass(frozen=True)
class PsksRow:
    id: int
    kategori_id: int
    kategori_kode: str
    kategori: str
    nama: str
    perorangan: bool
    nik: str  # masked
    desa_id: int
    desa: str
    alamat: str
    ketua: str
    kontak: str
    status: str
    catatan: str
    versi: int

    @property
    def jenis_label(self) -> str:
        return "Perorangan" if self.perorangan else "Lembaga"

    @property
    def status_label(self) -> str:
        return STATUS.get(self.status, self.status)


@dataclass(frozen=True)
class Saved:
    row: PsksRow
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class PsksFilter:
    teks: str = ""
    desa_id: int | None = None
    kategori_id: int | None = None
    status: str | None = None
    #: A kabupaten-wide user's chosen kecamatan (Dinas database); others: their own.
    kecamatan_id: int | None = None


@dataclass(frozen=True)
class KategoriChoice:
    id: int
    kode: str
    nama: str
    lembaga: bool  # the type counts institutions (satuan "lembaga")

    @property
    def label(self) -> str:
        return f"{self.kode} {self.nama}"


def kategori_choices(include_inactive: bool = False) -> list[KategoriChoice]:
    q = Kategori.select().where(Kategori.jenis == "PSKS").order_by(Kategori.urutan, Kategori.kode)
    if not include_inactive:
        q = q.where(Kategori.aktif)
    return [KategoriChoice(k.id, k.kode, k.nama, k.satuan == "lembaga") for k in q]


def _clean(text: str) -> str:
    return " ".join(text.split())


def _to_row(p: DataPSKS) -> PsksRow:
    k, d = p.kategori, p.desa
    return PsksRow(
        p.id,
        k.id,
        k.kode,
        k.nama,
        p.nama,
        p.perorangan,
        mask_nik(p.nik or ""),
        d.id,
        d.nama,
        p.alamat,
        p.ketua,
        p.kontak,
        p.status,
        p.catatan,
        p.versi,
    )


def _query() -> Any:
    return (
        DataPSKS.select(DataPSKS, Kategori, Desa)
        .join(Kategori)
        .switch(DataPSKS)
        .join(Desa, JOIN.INNER)
    )


def _get(psks_id: int, actor: Actor | None = None) -> DataPSKS:
    """The row; with ``actor``, only one in the actor's kecamatan."""
    p = _query().where(DataPSKS.id == psks_id).first()
    if p is None:
        raise NotFound("Data PSKS ini tidak ditemukan (mungkin sudah dihapus). Muat ulang.")
    if actor is not None and lingkup.is_dinas():
        lingkup.check_kecamatan(actor, p.desa.__data__.get("kecamatan"))
    return p


def search(actor: Actor, f: PsksFilter | None = None) -> list[PsksRow]:
    require(actor, Aksi.REGISTRI_LIHAT)
    f = f or PsksFilter()
    q = lingkup.limit(_query(), lingkup.where_kecamatan(Desa.kecamatan, actor, f.kecamatan_id))
    if f.teks.strip():
        words = _clean(f.teks).casefold()
        q = q.where(
            fn.LOWER(DataPSKS.nama).contains(words) | fn.LOWER(DataPSKS.ketua).contains(words)
        )
    if f.desa_id is not None:
        lingkup.check_desa(actor, f.desa_id)
        q = q.where(DataPSKS.desa == f.desa_id)
    if f.kategori_id is not None:
        q = q.where(DataPSKS.kategori == f.kategori_id)
    if f.status:
        q = q.where(DataPSKS.status == f.status)
    q = q.order_by(Desa.urutan, Kategori.urutan, Kategori.kode, DataPSKS.nama, DataPSKS.id)
    return [_to_row(p) for p in q]


def data_of(actor: Actor, psks_id: int) -> tuple[PsksData, int]:
    """The form data and versi of a row. The NIK is shown in full only with NIK_BUKA; a masked
    NIK sent back unchanged keeps the stored one."""
    require(actor, Aksi.REGISTRI_LIHAT)
    p = _get(psks_id, actor)
    nik = p.nik or ""
    if not allowed(actor, Aksi.NIK_BUKA):
        nik = mask_nik(nik)
    return PsksData(
        p.kategori.id,
        p.nama,
        p.perorangan,
        nik,
        p.desa.id,
        p.alamat,
        p.ketua,
        p.kontak,
        p.status,
        p.catatan,
    ), p.versi


def check(data: PsksData, stored_nik: str = "") -> list[str]:
    """Raise ValidationError with every problem; return the non-blocking warnings."""
    problems: list[FieldProblem] = []
    warnings: list[str] = []
    kat = Kategori.get_or_none(Kategori.id == data.kategori_id) if data.kategori_id else None
    if kat is None or kat.jenis != "PSKS":
        problems.append(FieldProblem("kategori", "Pilih jenis PSKS (salah satu dari 12 jenis)."))
    nama = _clean(data.nama)
    if not nama:
        problems.append(FieldProblem("nama", "Nama PSKS (orang atau lembaga) wajib diisi."))
    for name, limit in MAX_LEN.items():
        if len(_clean(getattr(data, name))) > limit:
            problems.append(FieldProblem(name, f"Paling banyak {limit} karakter."))
    for name in ("alamat", "catatan"):
        if len(getattr(data, name).strip()) > MAX_TEKS:
            problems.append(FieldProblem(name, f"Paling banyak {MAX_TEKS} karakter."))
    nik = "".join(data.nik.split())
    if nik and not data.perorangan:
        problems.append(
            FieldProblem(
                "nik",
                "NIK hanya diisi untuk perorangan; untuk lembaga "
                "kosongkan NIK dan isi nama ketuanya.",
            )
        )
    elif nik and not (stored_nik and nik == mask_nik(stored_nik)):
        result = check_nik(nik)
        problems += [FieldProblem("nik", e) for e in result.errors]
        warnings += result.warnings
    if data.desa_id is None or Desa.get_or_none(Desa.id == data.desa_id) is None:
        problems.append(FieldProblem("desa", "Pilih desa/kelurahan kecamatan ini."))
    if data.status not in STATUS:
        problems.append(FieldProblem("status", "Status harus Aktif atau Tidak aktif."))
    if problems:
        raise ValidationError("\n".join(p.message for p in problems), problems)
    return warnings


def find_same(
    nama: str, kategori_id: int, desa_id: int, exclude_id: int | None = None
) -> DataPSKS | None:
    """The row with this name (any case), type and desa, if any."""
    q = _query().where(
        (fn.LOWER(DataPSKS.nama) == _clean(nama).casefold())
        & (DataPSKS.kategori == kategori_id)
        & (DataPSKS.desa == desa_id)
    )
    if exclude_id is not None:
        q = q.where(DataPSKS.id != exclude_id)
    result: DataPSKS | None = q.first()
    return result


def _duplicate(data: PsksData, exclude_id: int | None) -> None:
    assert data.kategori_id is not None and data.desa_id is not None
    same = find_same(data.nama, data.kategori_id, data.desa_id, exclude_id)
    if same is not None:
        raise Conflict(
            f"'{same.nama}' ({same.kategori.nama}) di {same.desa.nama} sudah tercatat "
            f"(nomor data {same.id}, status {STATUS.get(same.status, same.status).lower()}). "
            "Ubah data yang sudah ada itu, jangan menambah yang baru."
        )


def _apply(p: DataPSKS, data: PsksData) -> None:
    p.kategori = data.kategori_id  # type: ignore[assignment]
    p.nama = _clean(data.nama)
    p.perorangan = data.perorangan
    nik = "".join(data.nik.split())
    if not (p.nik and nik == mask_nik(p.nik)):
        p.nik = nik or None
    p.desa = data.desa_id  # type: ignore[assignment]
    p.alamat = data.alamat.strip()
    p.ketua = _clean(data.ketua)
    p.kontak = _clean(data.kontak)
    p.status = data.status
    p.catatan = data.catatan.strip()


def create(actor: Actor, data: PsksData) -> Saved:
    require(actor, Aksi.REGISTRI_UBAH)
    warnings = check(data)
    lingkup.check_desa(actor, data.desa_id)
    with write():
        _duplicate(data, None)
        p = DataPSKS()
        _apply(p, data)
        p.save()
        audit.record_create(actor, p, f"PSKS {p.nama}")
        return Saved(_to_row(_get(p.id)), warnings)


def update(actor: Actor, psks_id: int, data: PsksData, versi: int | None) -> Saved:
    """``versi`` None: no race check (the import, which has just read the row)."""
    require(actor, Aksi.REGISTRI_UBAH)
    lingkup.check_desa(actor, data.desa_id)
    with write():
        p = _get(psks_id, actor)
        if versi is not None and p.versi != versi:
            raise Conflict(
                f"Data PSKS {p.nama} baru saja diubah orang lain. Muat ulang lalu ulangi."
            )
        warnings = check(data, p.nik or "")
        _duplicate(data, p.id)
        before = audit.snapshot(p)
        _apply(p, data)
        if audit.snapshot(p) != before:
            p.versi += 1
            p.save()
            audit.record_update(actor, p, before, f"PSKS {p.nama}")
        return Saved(_to_row(_get(p.id)), warnings)


def delete(actor: Actor, psks_id: int, versi: int | None = None) -> None:
    require(actor, Aksi.REGISTRI_UBAH)
    with write():
        p = _get(psks_id, actor)
        if versi is not None and p.versi != versi:
            raise Conflict(
                f"Data PSKS {p.nama} baru saja diubah orang lain. Muat ulang, "
                "periksa, lalu hapus lagi bila memang perlu."
            )
        audit.record_delete(actor, p, f"PSKS {p.nama} ({p.kategori.nama}, {p.desa.nama})")
        p.delete_instance()
