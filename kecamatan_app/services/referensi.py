"""Editable reference lists: PPKS/PSKS categories and their aliases, activity functions and forms,
aid programs, termination grounds, referral agencies and document types.

Rows shipped by the app (``bawaan``) may be renamed or hidden (``aktif = False``) but not deleted,
so old records keep their meaning; rows the office added may be deleted while unused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from peewee import IntegrityError

from ..models import (
    AlasanPemberhentian,
    BentukKegiatan,
    FungsiKegiatan,
    InstansiRujukan,
    JenisBerkas,
    Kategori,
    KategoriAlias,
    ProgramBantuan,
)
from . import audit
from .context import Actor
from .errors import Conflict, FieldProblem, NotFound, ValidationError
from .permissions import Aksi, require
from .tx import write


@dataclass(frozen=True)
class ListDef:
    key: str
    label: str
    model: Any  # a peewee model class with kode, nama, urutan, aktif, bawaan, versi
    #: extra editable text columns beyond kode/nama/keterangan: (field, label)
    extra: tuple[tuple[str, str], ...] = ()


LISTS: dict[str, ListDef] = {d.key: d for d in [
    ListDef("ppks", "Jenis PPKS (26)", Kategori, (("satuan", "Satuan"),)),
    ListDef("psks", "Jenis PSKS (12)", Kategori, (("satuan", "Satuan"),)),
    ListDef("fungsi", "Fungsi TKSK (Pasal 5)", FungsiKegiatan, (("pasal", "Pasal"),)),
    ListDef("bentuk", "Bentuk kegiatan (Pasal 6-8)", BentukKegiatan, (("pasal", "Pasal"),)),
    ListDef("program", "Program bantuan", ProgramBantuan),
    ListDef("alasan", "Alasan pemberhentian TKSK", AlasanPemberhentian),
    ListDef("instansi", "Instansi tujuan rujukan", InstansiRujukan,
            (("jenis_layanan", "Jenis layanan"), ("alamat", "Alamat"), ("kontak", "Kontak"))),
    ListDef("berkas", "Jenis berkas pendaftar", JenisBerkas, (("kriteria", "Kriteria Pasal 9"),)),
]}


@dataclass(frozen=True)
class RefRow:
    id: int
    kode: str
    nama: str
    keterangan: str
    aktif: bool
    bawaan: bool
    urutan: int
    extra: dict[str, str]
    induk: str  # parent name (the function of a form), else ""
    alias: tuple[str, ...]
    versi: int


def _query(d: ListDef) -> Any:
    q = d.model.select()
    if d.model is Kategori:
        q = q.where(Kategori.jenis == d.key.upper())
    return q.order_by(d.model.urutan, d.model.id)


def _row(d: ListDef, r: Any) -> RefRow:
    alias: tuple[str, ...] = ()
    if d.model is Kategori:
        alias = tuple(a.alias for a in r.alias.order_by(KategoriAlias.alias))
    induk = r.fungsi.nama if d.model is BentukKegiatan else ""
    return RefRow(r.id, r.kode, r.nama, r.keterangan, r.aktif, r.bawaan, r.urutan,
                  {f: str(getattr(r, f) or "") for f, _ in d.extra}, induk, alias, r.versi)


def rows(key: str, include_inactive: bool = True) -> list[RefRow]:
    d = LISTS[key]
    q = _query(d)
    if not include_inactive:
        q = q.where(d.model.aktif)
    return [_row(d, r) for r in q]


def _get(d: ListDef, row_id: int) -> Any:
    r = d.model.get_or_none(d.model.id == row_id)
    if r is None:
        raise NotFound("Baris referensi tidak ditemukan (mungkin sudah dihapus).")
    return r


_KODE = re.compile(r"^[a-z0-9_]{1,40}$")


def save(actor: Actor, key: str, row_id: int | None, kode: str, nama: str, keterangan: str = "",
         aktif: bool = True, extra: dict[str, str] | None = None, alias: list[str] | None = None,
         fungsi_id: int | None = None, versi: int | None = None) -> RefRow:
    """Add (``row_id`` None) or edit a row of list ``key``."""
    require(actor, Aksi.REFERENSI_UBAH)
    d = LISTS[key]
    extra = extra or {}
    kode, nama = kode.strip(), " ".join(nama.split())
    problems: list[FieldProblem] = []
    if not nama:
        problems.append(FieldProblem("nama", "Nama wajib diisi."))
    if d.model is Kategori:
        if not (kode.isdigit() and 1 <= len(kode) <= 4):
            problems.append(FieldProblem("kode", "Kode kategori berupa angka (contoh: 27)."))
        if extra.get("satuan", "jiwa") not in ("jiwa", "KK", "lembaga"):
            problems.append(FieldProblem("satuan", "Satuan: jiwa, KK atau lembaga."))
    elif not _KODE.match(kode):
        problems.append(FieldProblem(
            "kode", "Kode: huruf kecil, angka dan garis bawah, tanpa spasi (contoh: dinas_ppa)."))
    if d.model is BentukKegiatan and row_id is None and fungsi_id is None:
        problems.append(FieldProblem("fungsi", "Pilih fungsi untuk bentuk kegiatan ini."))
    if problems:
        raise ValidationError("\n".join(p.message for p in problems), problems)
    try:
        with write():
            if row_id is None:
                values: dict[str, Any] = {"kode": kode, "nama": nama, "keterangan": keterangan,
                                          "aktif": aktif, **extra}
                if d.model is Kategori:
                    values["jenis"] = key.upper()
                if d.model is BentukKegiatan:
                    values["fungsi"] = fungsi_id
                values["urutan"] = (_query(d).count() or 0) + 1
                r = d.model.create(**values)
                audit.record_create(actor, r, f"{d.label}: {nama}")
            else:
                r = _get(d, row_id)
                if versi is not None and r.versi != versi:
                    raise Conflict("Baris ini baru saja diubah orang lain. Muat ulang lalu ulangi.")
                if r.bawaan and r.kode != kode:
                    raise Conflict("Kode baris bawaan aplikasi tidak dapat diubah; "
                                   "ubah namanya saja.")
                before = audit.snapshot(r)
                r.kode, r.nama, r.keterangan, r.aktif = kode, nama, keterangan, aktif
                for f, v in extra.items():
                    setattr(r, f, v)
                r.versi += 1
                r.save()
                audit.record_update(actor, r, before, f"{d.label}: {nama}")
            if alias is not None and d.model is Kategori:
                _save_alias(actor, r, alias)
    except IntegrityError as exc:
        raise Conflict(f"Kode atau nama '{kode}' sudah dipakai di {d.label}.") from exc
    return _row(d, r)


def _save_alias(actor: Actor, kat: Any, alias: list[str]) -> None:
    wanted = {" ".join(a.split()) for a in alias if a.strip()}
    current = {a.alias: a for a in kat.alias}
    for name, a in current.items():
        if name not in wanted:
            audit.record_delete(actor, a, f"Alias '{name}' dari {kat.nama}")
            a.delete_instance()
    for name in sorted(wanted - set(current)):
        clash = KategoriAlias.get_or_none(KategoriAlias.alias == name)
        if clash is not None:
            raise Conflict(f"Alias '{name}' sudah dipakai untuk {clash.kategori.nama}.")
        named = Kategori.get_or_none((Kategori.nama == name) & (Kategori.id != kat.id))
        if named is not None:
            raise Conflict(f"'{name}' adalah nama resmi {named.jenis} {named.kode}; "
                           "tidak dapat menjadi alias kategori lain.")
        a = KategoriAlias.create(kategori=kat, alias=name)
        audit.record_create(actor, a, f"Alias '{name}' untuk {kat.nama}")


def delete(actor: Actor, key: str, row_id: int) -> None:
    require(actor, Aksi.REFERENSI_UBAH)
    d = LISTS[key]
    with write():
        r = _get(d, row_id)
        if r.bawaan:
            raise Conflict("Baris bawaan aplikasi tidak dapat dihapus. Nonaktifkan saja agar "
                           "tidak muncul di pilihan.")
        audit.record_delete(actor, r, f"{d.label}: {r.nama}")
        try:
            with write():
                r.delete_instance(recursive=False)
        except IntegrityError as exc:
            raise Conflict(f"'{r.nama}' sudah dipakai oleh data lain; nonaktifkan saja.") from exc


def fungsi_choices() -> list[tuple[int, str]]:
    return [(f.id, f.nama) for f in FungsiKegiatan.select().order_by(FungsiKegiatan.urutan)]
