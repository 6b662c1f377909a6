"""The office's desa/kelurahan and dusun as the clerk maintains them (Pemetaan Sosial > Wilayah).

The Kemendagri code and the jenis of a desa never change here. A rename keeps the code and turns
the old name into an alias, so spreadsheets that still carry the old name keep matching
(``services.desa.resolve``). Aliases are unique across all desa (case-insensitive) and may not be
another desa's name. A dusun name is unique within its desa; a dusun that a household or person
record points to cannot be deleted. Every change needs WILAYAH_UBAH, is audited, and carries the
``versi`` the form loaded.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from peewee import fn

from ..models import Desa, DesaAlias, Dusun, Keluarga, Warga
from ..models.base import fk
from . import audit, lingkup
from .context import Actor
from .errors import Conflict, FieldProblem, NotFound, ValidationError
from .permissions import Aksi, require
from .tx import write

MAX_NAMA = 100  # Desa.nama, DesaAlias.alias, Dusun.nama


@dataclass(frozen=True)
class DesaDetail:
    id: int
    kode: str
    nama: str
    jenis: str
    aktif: bool
    alias: tuple[str, ...]
    jumlah_dusun: int
    versi: int

    @property
    def jenis_label(self) -> str:
        return {"kelurahan": "Kelurahan", "desa": "Desa", "desa_adat": "Desa Adat"}.get(
            self.jenis, self.jenis
        )


@dataclass(frozen=True)
class DusunRow:
    id: int
    desa_id: int
    nama: str
    keterangan: str
    versi: int


def clean(text: str) -> str:
    """Whitespace-normalised text."""
    return " ".join(text.split())


def _key(text: str) -> str:
    return clean(text).casefold()


def _desa(desa_id: int, actor: Actor | None = None) -> Desa:
    """The desa; with ``actor``, only one of the actor's kecamatan (Dinas database)."""
    d = Desa.get_or_none(Desa.id == desa_id)
    if d is None:
        raise NotFound("Desa/kelurahan ini tidak ditemukan (mungkin sudah dihapus). Muat ulang.")
    if actor is not None and lingkup.is_dinas():
        lingkup.check_kecamatan(actor, fk(d, "kecamatan"))
    return d


def _detail(d: Desa) -> DesaDetail:
    alias = tuple(
        a.alias for a in DesaAlias.select().where(DesaAlias.desa == d.id).order_by(DesaAlias.alias)
    )
    n = Dusun.select().where(Dusun.desa == d.id).count()
    return DesaDetail(d.id, d.kode, d.nama, d.jenis, d.aktif, alias, n, d.versi)


def desa_rows(include_inactive: bool = True, kecamatan_id: int | None = None
              ) -> list[DesaDetail]:
    """Every desa of the office (Dinas database: of ``kecamatan_id``; without it of every
    kecamatan) with its aliases and number of dusun, in Kemendagri order."""
    q = Desa.select().order_by(Desa.urutan, Desa.kode)
    if not include_inactive:
        q = q.where(Desa.aktif)
    aq = DesaAlias.select().order_by(DesaAlias.alias)
    cq = Dusun.select(Dusun.desa, fn.COUNT(Dusun.id)).group_by(Dusun.desa)
    if kecamatan_id is not None:
        q = q.where(Desa.kecamatan == kecamatan_id)
        aq = aq.where(DesaAlias.desa.in_(lingkup.desa_ids(kecamatan_id)))
        cq = cq.where(Dusun.desa.in_(lingkup.desa_ids(kecamatan_id)))
    aliases: dict[int, list[str]] = {}
    for a in aq:
        aliases.setdefault(a.__data__["desa"], []).append(a.alias)
    counts: dict[int, int] = dict(cq.tuples())  # type: ignore[arg-type]
    return [
        DesaDetail(
            d.id,
            d.kode,
            d.nama,
            d.jenis,
            d.aktif,
            tuple(aliases.get(d.id, [])),
            counts.get(d.id, 0),
            d.versi,
        )
        for d in q
    ]


def get_desa(desa_id: int, actor: Actor | None = None) -> DesaDetail:
    """The desa's detail; with ``actor``, only a desa of the actor's kecamatan."""
    return _detail(_desa(desa_id, actor))


def _name_owner(name: str, exclude_id: int) -> str | None:
    """Which other desa already uses ``name`` as its name (in the same kecamatan: in a Dinas
    database other kecamatan may have a desa of that name) or alias (a message), or None."""
    key = _key(name)
    same_kecamatan = Desa.kecamatan.in_(Desa.select(Desa.kecamatan).where(Desa.id == exclude_id))
    other = Desa.get_or_none((fn.LOWER(Desa.nama) == key) & (Desa.id != exclude_id)
                             & same_kecamatan)
    if other is not None:
        return f"'{clean(name)}' adalah nama {other.jenis} {other.nama} ({other.kode})"
    alias = (
        DesaAlias.select(DesaAlias, Desa)
        .join(Desa)
        .where((fn.LOWER(DesaAlias.alias) == key) & (DesaAlias.desa != exclude_id))
        .first()
    )
    if alias is not None:
        return f"'{clean(name)}' sudah menjadi nama lain dari {alias.desa.nama} ({alias.desa.kode})"
    return None


def check_change(desa_id: int, nama: str, alias: Iterable[str]) -> list[FieldProblem]:
    """Problems of renaming desa ``desa_id`` to ``nama`` with the aliases ``alias``."""
    problems: list[FieldProblem] = []
    nama = clean(nama)
    if not nama:
        problems.append(FieldProblem("nama", "Nama desa/kelurahan wajib diisi."))
    elif len(nama) > MAX_NAMA:
        problems.append(FieldProblem("nama", f"Nama paling banyak {MAX_NAMA} karakter."))
    elif (owner := _name_owner(nama, desa_id)) is not None:
        problems.append(FieldProblem("nama", f"{owner}; pilih nama lain."))
    for a in alias:
        a = clean(a)
        if len(a) > MAX_NAMA:
            problems.append(
                FieldProblem("alias", f"Nama lain '{a[:30]}...' paling banyak {MAX_NAMA} karakter.")
            )
        elif a and (owner := _name_owner(a, desa_id)) is not None:
            problems.append(
                FieldProblem("alias", f"{owner}; tidak dapat menjadi nama lain desa ini.")
            )
    return problems


def _raise(problems: list[FieldProblem]) -> None:
    if problems:
        raise ValidationError("\n".join(p.message for p in problems), problems)


def _check_versi(row: Desa | Dusun, versi: int | None, what: str) -> None:
    if versi is not None and row.versi != versi:
        raise Conflict(f"Data {what} baru saja diubah orang lain. Muat ulang lalu ulangi.")


def update_desa(
    actor: Actor, desa_id: int, nama: str, alias: Iterable[str], versi: int | None
) -> DesaDetail:
    """Set the name and the full alias list of a desa. On a rename the old name is kept as an
    alias (unless it is given as the new name). ``versi`` None: no race check (imports)."""
    require(actor, Aksi.WILAYAH_UBAH)
    nama = clean(nama)
    wanted: dict[str, str] = {}
    for a in alias:
        if clean(a) and _key(a) != _key(nama):
            wanted.setdefault(_key(a), clean(a))
    with write():
        d = _desa(desa_id, actor)
        _check_versi(d, versi, f"desa {d.nama}")
        if _key(d.nama) != _key(nama):
            wanted.setdefault(_key(d.nama), d.nama)
        _raise(check_change(d.id, nama, wanted.values()))
        before = audit.snapshot(d)
        if d.nama != nama:
            d.nama = nama
            d.versi += 1
            d.save()
            audit.record_update(actor, d, before, f"Nama desa {before['nama']} menjadi {nama}")
        current = {_key(a.alias): a for a in DesaAlias.select().where(DesaAlias.desa == d.id)}
        for key, old in current.items():
            if key not in wanted:
                audit.record_delete(actor, old, f"Nama lain '{old.alias}' dari {d.nama}")
                old.delete_instance()
        for key, text in sorted(wanted.items()):
            if key not in current:
                row = DesaAlias.create(desa=d, alias=text)
                audit.record_create(actor, row, f"Nama lain '{text}' untuk {d.nama}")
        return _detail(d)


def rename_desa(actor: Actor, desa_id: int, nama: str, versi: int | None) -> DesaDetail:
    return update_desa(actor, desa_id, nama, get_desa(desa_id, actor).alias, versi)


def add_alias(actor: Actor, desa_id: int, alias: str) -> DesaDetail:
    d = get_desa(desa_id, actor)
    if _key(alias) in {_key(a) for a in d.alias} or _key(alias) == _key(d.nama):
        return d
    if not clean(alias):
        raise ValidationError.single("alias", "Nama lain wajib diisi.")
    return update_desa(actor, desa_id, d.nama, (*d.alias, alias), None)


def remove_alias(actor: Actor, desa_id: int, alias: str) -> DesaDetail:
    d = get_desa(desa_id, actor)
    return update_desa(actor, desa_id, d.nama, [a for a in d.alias if _key(a) != _key(alias)], None)


def set_aktif(actor: Actor, desa_id: int, aktif: bool, versi: int | None) -> DesaDetail:
    """An inactive desa stays in the data but is no longer offered in lists."""
    require(actor, Aksi.WILAYAH_UBAH)
    with write():
        d = _desa(desa_id, actor)
        _check_versi(d, versi, f"desa {d.nama}")
        if d.aktif != aktif:
            before = audit.snapshot(d)
            d.aktif = aktif
            d.versi += 1
            d.save()
            state = "diaktifkan" if aktif else "dinonaktifkan"
            audit.record_update(actor, d, before, f"Desa {d.nama} {state}")
        return _detail(d)


# -- dusun -------------------------------------------------------------------------------------


def _dusun_row(u: Dusun) -> DusunRow:
    return DusunRow(u.id, u.__data__["desa"], u.nama, u.keterangan, u.versi)


def dusun_list(desa_id: int, actor: Actor | None = None) -> list[DusunRow]:
    """The dusun of a desa; with ``actor``, only of a desa of the actor's kecamatan."""
    if actor is not None:
        _desa(desa_id, actor)
    q = Dusun.select().where(Dusun.desa == desa_id).order_by(Dusun.nama)
    return [_dusun_row(u) for u in q]


def _check_dusun(desa_id: int, nama: str, exclude_id: int | None) -> None:
    if not nama:
        raise ValidationError.single("nama", "Nama dusun wajib diisi.")
    if len(nama) > MAX_NAMA:
        raise ValidationError.single("nama", f"Nama dusun paling banyak {MAX_NAMA} karakter.")
    q = Dusun.select().where((Dusun.desa == desa_id) & (fn.LOWER(Dusun.nama) == nama.casefold()))
    if exclude_id is not None:
        q = q.where(Dusun.id != exclude_id)
    if q.exists():
        raise ValidationError.single("nama", f"Dusun '{nama}' sudah ada di desa ini.")


def create_dusun(actor: Actor, desa_id: int, nama: str, keterangan: str = "") -> DusunRow:
    require(actor, Aksi.WILAYAH_UBAH)
    nama = clean(nama)
    with write():
        d = _desa(desa_id, actor)
        _check_dusun(d.id, nama, None)
        u = Dusun.create(desa=d, nama=nama, keterangan=keterangan.strip())
        audit.record_create(actor, u, f"Dusun {nama} di {d.nama}")
        return _dusun_row(u)


def _dusun(dusun_id: int, actor: Actor) -> Dusun:
    u = Dusun.get_or_none(Dusun.id == dusun_id)
    if u is None:
        raise NotFound("Dusun ini tidak ditemukan (mungkin sudah dihapus). Muat ulang.")
    if lingkup.is_dinas():
        _desa(u.__data__["desa"], actor)
    return u


def update_dusun(
    actor: Actor, dusun_id: int, nama: str, keterangan: str, versi: int | None
) -> DusunRow:
    require(actor, Aksi.WILAYAH_UBAH)
    nama = clean(nama)
    with write():
        u = _dusun(dusun_id, actor)
        _check_versi(u, versi, f"dusun {u.nama}")
        _check_dusun(u.__data__["desa"], nama, u.id)
        before = audit.snapshot(u)
        u.nama, u.keterangan = nama, keterangan.strip()
        if audit.snapshot(u) != before:
            u.versi += 1
            u.save()
            audit.record_update(actor, u, before, f"Dusun {before['nama']}")
        return _dusun_row(u)


def dusun_usage(dusun_id: int) -> tuple[int, int]:
    """(households, persons) recorded in this dusun."""
    return (
        Keluarga.select().where(Keluarga.dusun == dusun_id).count(),
        Warga.select().where(Warga.dusun == dusun_id).count(),
    )


def delete_dusun(actor: Actor, dusun_id: int, versi: int | None = None) -> None:
    require(actor, Aksi.WILAYAH_UBAH)
    with write():
        u = _dusun(dusun_id, actor)
        _check_versi(u, versi, f"dusun {u.nama}")
        keluarga, warga = dusun_usage(u.id)
        if keluarga or warga:
            raise Conflict(
                f"Dusun {u.nama} tidak dapat dihapus: masih dipakai oleh {keluarga} keluarga "
                f"dan {warga} warga. Pindahkan data itu ke dusun lain terlebih dahulu, atau "
                "ganti saja nama dusunnya."
            )
        audit.record_delete(actor, u, f"Dusun {u.nama}")
        u.delete_instance()


def ensure_dusun(actor: Actor, desa_id: int, names: Iterable[str]) -> int:
    """Create the dusun of ``names`` that the desa lacks (case-insensitive); returns how many."""
    _desa(desa_id, actor)
    have = {_key(u.nama) for u in Dusun.select().where(Dusun.desa == desa_id)}
    added = 0
    for name in names:
        if clean(name) and _key(name) not in have:
            create_dusun(actor, desa_id, name)
            have.add(_key(name))
            added += 1
    return added
