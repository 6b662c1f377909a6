"""The by-name-by-address registry: households (Keluarga) and persons (Warga). No Qt.

Validation: NIK and No. KK errors block saving, their warnings are returned; one NIK is one
person (:class:`DuplicateNik` names the existing person so the screen can offer to open it); the
same name and birth date in the same desa is only a warning. Every change is audited and carries
``versi``. The form data and its checks are in :mod:`registri_periksa` (re-exported here); the
list itself (search, paging, masked NIK) is in :mod:`registri_cari`; PPKS categories, register
status and aid are in :mod:`registri_ppks`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from typing import Any

from ..models import Desa, Kecamatan, Keluarga, Warga, database
from ..models.base import fk, now
from . import audit, lingkup
from .context import Actor
from .errors import Conflict, NotFound, PermissionDenied
from .nik import mask_nik
from .permissions import Aksi, require
from .registri_cari import SearchFilter as SearchFilter
from .registri_cari import WargaRow as WargaRow
from .registri_cari import count as count
from .registri_cari import search as search
from .registri_periksa import HUBUNGAN as HUBUNGAN
from .registri_periksa import JENIS_KELAMIN as JENIS_KELAMIN
from .registri_periksa import KeluargaData as KeluargaData
from .registri_periksa import WargaData as WargaData
from .registri_periksa import _clean
from .registri_periksa import check_keluarga as check_keluarga
from .registri_periksa import check_keluarga_fields as check_keluarga_fields
from .registri_periksa import check_warga as check_warga
from .registri_periksa import check_warga_fields as check_warga_fields
from .registri_periksa import same_person_warning as same_person_warning
from .tx import write


class DuplicateNik(Conflict):
    """The NIK already belongs to another person; ``warga_id`` is that person (offer to open)."""

    def __init__(self, message: str, warga_id: int) -> None:
        super().__init__(message)
        self.warga_id = warga_id


@dataclass(frozen=True)
class Saved:
    id: int
    warnings: list[str] = field(default_factory=list)


# -- households --------------------------------------------------------------------------------


def find_keluarga_by_kk(no_kk: str) -> int | None:
    row = Keluarga.get_or_none(Keluarga.no_kk == "".join(no_kk.split()))
    return row.id if row else None


def _elsewhere(actor: Actor | None, desa_id: int | None) -> str | None:
    """The kecamatan name when ``desa_id`` lies outside the actor's kecamatan, else None."""
    if actor is None or not lingkup.is_dinas():
        return None
    try:
        lingkup.check_desa(actor, desa_id)
    except PermissionDenied:
        row = (Desa.select(Kecamatan.nama).join(Kecamatan).where(Desa.id == desa_id)
               .tuples().first())
        return str(row[0]) if row else "lain"
    return None


def _kk_taken(no_kk: str | None, except_id: int | None, actor: Actor | None = None) -> None:
    if not no_kk:
        return
    other = Keluarga.get_or_none(Keluarga.no_kk == no_kk)
    if other is not None and other.id != except_id:
        where = _elsewhere(actor, fk(other, "desa"))
        if where is not None:  # another kecamatan's household: no name
            raise Conflict(f"No. KK {no_kk} sudah tercatat di Kecamatan {where}. Satu No. KK "
                           "hanya untuk satu keluarga; hubungi Dinas Sosial bila keluarga itu "
                           "pindah.")
        raise Conflict(
            f"No. KK {no_kk} sudah tercatat untuk keluarga {other.kepala}. "
            "Buka keluarga itu untuk menambah anggotanya."
        )


def create_keluarga(actor: Actor, data: KeluargaData) -> Saved:
    require(actor, Aksi.REGISTRI_UBAH)
    values, warnings = check_keluarga(data)
    lingkup.check_desa(actor, data.desa_id)
    with write():
        _kk_taken(values["no_kk"], None, actor)
        k = Keluarga.create(**values)
        audit.record_create(actor, k, f"Keluarga {k.kepala}")
    return Saved(k.id, warnings)


def _keluarga(keluarga_id: int, actor: Actor | None = None) -> Keluarga:
    """The household; with ``actor``, only one of the actor's kecamatan."""
    k = Keluarga.get_or_none(Keluarga.id == keluarga_id)
    if k is None:
        raise NotFound("Keluarga tidak ditemukan (mungkin sudah dihapus).")
    if actor is not None:
        lingkup.check_desa(actor, fk(k, "desa"))
    return k


def update_keluarga(actor: Actor, keluarga_id: int, data: KeluargaData, versi: int) -> list[str]:
    require(actor, Aksi.REGISTRI_UBAH)
    values, warnings = check_keluarga(data)
    lingkup.check_desa(actor, data.desa_id)
    with write():
        k = _keluarga(keluarga_id, actor)
        _check_versi(k.versi, versi, "keluarga")
        _kk_taken(values["no_kk"], k.id, actor)
        _apply(actor, k, values, f"Keluarga {values['kepala']}")
    return warnings


def keluarga_of(keluarga_id: int, actor: Actor | None = None) -> tuple[KeluargaData, int]:
    k = _keluarga(keluarga_id, actor)
    d = k.__data__
    return KeluargaData(
        k.no_kk or "", k.kepala, k.alamat, d.get("desa"), d.get("dusun"), k.rt, k.rw
    ), k.versi


# -- persons -----------------------------------------------------------------------------------


def _check_versi(stored: int, loaded: int, what: str) -> None:
    if stored != loaded:
        raise Conflict(
            f"Data {what} ini baru saja diubah orang lain. Muat ulang lalu ulangi perubahan Anda."
        )


def _apply(actor: Actor, row: Any, values: dict[str, Any], ringkasan: str) -> None:
    before = audit.snapshot(row)
    for key, value in values.items():
        setattr(row, key, value)
    if audit.snapshot(row) != before:
        row.versi += 1
        row.save()
        audit.record_update(actor, row, before, ringkasan)



def find_by_nik(nik: str) -> int | None:
    row = Warga.get_or_none(Warga.nik == "".join(nik.split()))
    return row.id if row else None


def _nik_taken(nik: str | None, except_id: int | None, actor: Actor | None = None) -> None:
    if not nik:
        return
    other = Warga.get_or_none(Warga.nik == nik)
    if other is not None and other.id != except_id:
        where = _elsewhere(actor, fk(other, "desa"))
        if where is not None:  # another kecamatan's person: neither name nor id
            raise Conflict(f"NIK {mask_nik(nik)} sudah tercatat di Kecamatan {where}. Satu NIK "
                           "hanya untuk satu orang; hubungi Dinas Sosial bila orang itu "
                           "pindah.")
        raise DuplicateNik(
            f"NIK {mask_nik(nik)} sudah tercatat atas nama {other.nama}. Satu NIK hanya untuk "
            "satu orang: buka data orang itu untuk memperbaruinya.",
            other.id,
        )


def create_warga(actor: Actor, data: WargaData) -> Saved:
    require(actor, Aksi.REGISTRI_UBAH)
    values, warnings = check_warga(data)
    _check_place(actor, data)
    with write():
        _nik_taken(values.get("nik"), None, actor)
        w = Warga.create(**values)
        audit.record_create(actor, w, f"Warga {w.nama}")
    return Saved(w.id, warnings)


def _check_place(actor: Actor, data: WargaData) -> None:
    """The person's desa and household must lie in the actor's kecamatan."""
    lingkup.check_desa(actor, data.desa_id)
    if data.keluarga_id is not None and lingkup.is_dinas():
        _keluarga(data.keluarga_id, actor)


def _warga(warga_id: int, actor: Actor | None = None) -> Warga:
    """The person; with ``actor``, only one of the actor's kecamatan."""
    w = Warga.get_or_none(Warga.id == warga_id)
    if w is None:
        raise NotFound("Data warga tidak ditemukan (mungkin sudah dihapus).")
    if actor is not None:
        lingkup.check_desa(actor, fk(w, "desa"))
    return w


def update_warga(actor: Actor, warga_id: int, data: WargaData, versi: int) -> list[str]:
    require(actor, Aksi.REGISTRI_UBAH)
    values, warnings = check_warga(data, warga_id)
    _check_place(actor, data)
    with write():
        w = _warga(warga_id, actor)
        _check_versi(w.versi, versi, "warga")
        _nik_taken(values.get("nik"), w.id, actor)
        _apply(actor, w, values, f"Warga {values['nama']}")
    return warnings


def warga_of(warga_id: int, actor: Actor | None = None) -> tuple[WargaData, int]:
    """The stored person as form data (NIK None: kept unless retyped) and its version; with
    ``actor``, only a person of the actor's kecamatan."""
    w = _warga(warga_id, actor)
    d = w.__data__
    data = WargaData(
        None,
        w.nama,
        w.jenis_kelamin,
        w.tempat_lahir,
        w.tanggal_lahir,
        d.get("keluarga"),
        w.hubungan,
        w.alamat,
        d.get("desa"),
        d.get("dusun"),
        w.rt,
        w.rw,
        w.meninggal,
    )
    return data, w.versi


def reveal_nik(actor: Actor, warga_id: int) -> str:
    """The full NIK; needs the NIK_BUKA right and leaves a ``lihat_rinci`` audit entry."""
    require(actor, Aksi.NIK_BUKA)
    w = _warga(warga_id, actor)
    with write():
        audit.record(actor, "lihat_rinci", "warga", w.id, f"Membuka NIK lengkap {w.nama}")
    return w.nik or ""


# -- bulk ----------------------------------------------------------------------------------------

_BULK_COLUMNS = tuple(f.name for f in fields(WargaData))


def bulk_insert_persons(rows: Sequence[WargaData], actor: Actor | None = None) -> int:
    """Insert many persons at once (demo, large imports) with the raw cursor's ``executemany``
    inside one transaction; the FTS index follows through its triggers. Rows are NOT validated
    here beyond what the database enforces: check them first. Returns the number inserted."""
    if actor is not None:
        require(actor, Aksi.REGISTRI_UBAH)
    cols = [*_BULK_COLUMNS, "dibuat_pada", "diubah_pada", "versi"]  # the FKs end in _id
    param = database.obj.param
    sql = f"INSERT INTO warga ({', '.join(cols)}) VALUES ({', '.join([param] * len(cols))})"
    stamp = now()
    params = [
        (
            r.nik or None,
            _clean(r.nama),
            r.jenis_kelamin,
            r.tempat_lahir,
            r.tanggal_lahir,
            r.keluarga_id,
            r.hubungan,
            r.alamat,
            r.desa_id,
            r.dusun_id,
            r.rt,
            r.rw,
            r.meninggal,
            stamp,
            stamp,
            1,
        )
        for r in rows
    ]
    with write():
        cursor = database.cursor()
        for start in range(0, len(params), 10_000):
            cursor.executemany(sql, params[start : start + 10_000])
        if actor is not None:
            audit.record(actor, "impor", "warga", "", f"Menambah {len(params)} warga sekaligus")
    return len(params)
