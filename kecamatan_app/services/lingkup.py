"""Which kecamatan an actor may see: the kind of database and the actor's scope.

A *kecamatan database* holds one office (one Kantor row); every actor works in its kecamatan.
A *Dinas database* (Dinas Sosial of one kabupaten) holds every kecamatan of the kabupaten: a
user with a kecamatan (admin, operator, tksk, camat of that kecamatan) sees only it; role
``dinas``, an ``admin`` without a kecamatan and the system actor see every kecamatan.

The kind is stored in ``pengaturan`` (``basis.jenis``: ``"kecamatan"`` | ``"dinas"``, absent =
kecamatan; ``basis.kabupaten_kode`` for a Dinas database). It is set once, at set-up, and never
changes afterwards, so it is cached per open database once the office is set up.
"""

from __future__ import annotations

import json
import threading
from typing import Any

from ..models import Kantor, Kecamatan, Pengaturan, database
from ..models.base import fk
from .context import Actor
from .errors import NotFound, PermissionDenied, ValidationError

KUNCI_JENIS = "basis.jenis"
KUNCI_KABUPATEN = "basis.kabupaten_kode"
JENIS_KECAMATAN = "kecamatan"
JENIS_DINAS = "dinas"

#: Roles that see every kecamatan of a Dinas database (with no kecamatan of their own).
PERAN_KABUPATEN: frozenset[str] = frozenset({"dinas"})

_lock = threading.Lock()
#: (the open Database object, jenis, kabupaten_kode, the only office's kecamatan id or None)
_cache: tuple[Any, str, str | None, int | None] | None = None


def _stored(key: str) -> Any:
    row = Pengaturan.get_or_none(Pengaturan.kunci == key)
    if row is None:
        return None
    try:
        return json.loads(row.nilai)
    except ValueError:
        return None


def _state() -> tuple[str, str | None, int | None]:
    """(jenis, kabupaten_kode, office kecamatan id in a kecamatan database)."""
    global _cache
    handle = database.obj
    cached = _cache
    if cached is not None and cached[0] is handle:
        return cached[1], cached[2], cached[3]
    jenis_now = JENIS_DINAS if _stored(KUNCI_JENIS) == JENIS_DINAS else JENIS_KECAMATAN
    kab = _stored(KUNCI_KABUPATEN) if jenis_now == JENIS_DINAS else None
    office_kec: int | None = None
    set_up = False
    if jenis_now == JENIS_KECAMATAN:
        row = Kantor.select(Kantor.kecamatan).order_by(Kantor.id).first()
        if row is not None:
            office_kec = int(fk(row, "kecamatan"))
            set_up = True
    else:
        set_up = True
    if set_up:  # before set-up the kind may still change (the wizard's choice)
        with _lock:
            _cache = (handle, jenis_now, kab if isinstance(kab, str) else None, office_kec)
    return jenis_now, kab if isinstance(kab, str) else None, office_kec


def forget() -> None:
    """Drop the cached kind (after the set-up or a restore wrote another one)."""
    global _cache
    with _lock:
        _cache = None


def jenis() -> str:
    """``"kecamatan"`` or ``"dinas"``."""
    return _state()[0]


def is_dinas() -> bool:
    return jenis() == JENIS_DINAS


def kabupaten_kode() -> str | None:
    """The kabupaten of a Dinas database (``"16.03"``), None in a kecamatan database."""
    return _state()[1]


def mark_dinas(kabupaten_kode: str) -> None:
    """Mark this database as a Dinas database (call inside the caller's write transaction)."""
    for key, value in ((KUNCI_JENIS, JENIS_DINAS), (KUNCI_KABUPATEN, kabupaten_kode)):
        row = Pengaturan.get_or_none(Pengaturan.kunci == key)
        if row is None:
            Pengaturan.create(kunci=key, nilai=json.dumps(value))
        else:
            row.nilai = json.dumps(value)
            row.save()
    forget()


def kecamatan_scope(actor: Actor) -> int | None:
    """The kecamatan id the actor is limited to; None: every kecamatan.

    In a kecamatan database every actor (the system too) is limited to the office's kecamatan
    (None only before the set-up, when there are no records). In a Dinas database: role
    ``dinas``, an ``admin`` with no kecamatan and the system actor see all; every other user
    sees their own kecamatan, and one without a kecamatan is refused.
    """
    jenis_now, _kab, office_kec = _state()
    if jenis_now == JENIS_KECAMATAN:
        return office_kec
    if actor.is_system:
        return None
    if actor.kecamatan_id is not None:
        return int(actor.kecamatan_id)
    if actor.role in PERAN_KABUPATEN or actor.role == "admin":
        return None
    raise PermissionDenied(
        "Akun Anda belum terikat ke kecamatan mana pun. Minta administrator Dinas Sosial "
        "mengatur kecamatan akun Anda.")


def is_dinas_user(actor: Actor) -> bool:
    """Whether the actor sees every kecamatan of a Dinas database."""
    return is_dinas() and kecamatan_scope(actor) is None


def visible_kecamatan_ids(actor: Actor) -> list[int]:
    """The kecamatan the actor may see, ordered by Kemendagri code."""
    scope = kecamatan_scope(actor)
    if scope is not None:
        return [scope]
    return [int(k.id) for k in Kecamatan.select(Kecamatan.id).order_by(Kecamatan.kode)]


def visible_kecamatan(actor: Actor) -> list[tuple[int, str, str]]:
    """(id, name, Kemendagri code) of the kecamatan the actor may see, by code."""
    ids = visible_kecamatan_ids(actor)
    rows = (Kecamatan.select(Kecamatan.id, Kecamatan.nama, Kecamatan.kode)
            .where(Kecamatan.id.in_(ids)).order_by(Kecamatan.kode))
    return [(int(k.id), str(k.nama), str(k.kode)) for k in rows]


def nama_kode(kecamatan_id: int | None) -> tuple[str, str]:
    """(name, Kemendagri code) of a kecamatan; ("", "") for None or an unknown id."""
    if kecamatan_id is None:
        return "", ""
    row = (Kecamatan.select(Kecamatan.nama, Kecamatan.kode)
           .where(Kecamatan.id == kecamatan_id).first())
    return (str(row.nama), str(row.kode)) if row is not None else ("", "")


def database_key() -> int:
    """An identity of the open database (choices remembered per database in a session)."""
    return id(database.obj)


def _nama(kecamatan_id: int | None) -> str:
    if kecamatan_id is None:
        return "lain"
    row = Kecamatan.select(Kecamatan.nama).where(Kecamatan.id == kecamatan_id).first()
    return str(row.nama) if row is not None else "lain"


def check_kecamatan(actor: Actor, kecamatan_id: int | None) -> None:
    """Refuse (PermissionDenied) a record of a kecamatan outside the actor's scope."""
    scope = kecamatan_scope(actor)
    if scope is None:
        return
    if kecamatan_id is None or int(kecamatan_id) != scope:
        raise PermissionDenied(
            f"Data ini milik kecamatan {_nama(kecamatan_id)}. Anda hanya dapat membuka data "
            f"Kecamatan {_nama(scope)}.")


def pilih_kecamatan(actor: Actor, kecamatan_id: int | None = None) -> int:
    """The one kecamatan a page of the actor shows: ``kecamatan_id`` (checked) when given, else
    the actor's own. A user who sees every kecamatan must choose one."""
    if kecamatan_id is not None:
        check_kecamatan(actor, kecamatan_id)
        if not Kecamatan.select().where(Kecamatan.id == kecamatan_id).exists():
            raise PermissionDenied("Kecamatan yang dipilih tidak ada di basis data ini.")
        return int(kecamatan_id)
    scope = kecamatan_scope(actor)
    if scope is not None:
        return scope
    if not is_dinas():
        raise NotFound("Kantor belum disiapkan. Jalankan penyiapan kantor terlebih dahulu.")
    raise ValidationError.single("kecamatan", "Pilih dahulu kecamatan yang ingin dilihat.")


# -- query helpers --------------------------------------------------------------------------
# In a kecamatan database every record is the office's, so no query needs a filter (and none
# gets one: the old queries stay as fast as they were). In a Dinas database a query is limited
# to the actor's kecamatan, or to the kecamatan a kabupaten-wide user chose to look at.


def batas(actor: Actor, kecamatan_id: int | None = None) -> int | None:
    """The kecamatan a query of the actor must be limited to; None: no limit (a kecamatan
    database, or a kabupaten-wide user who chose no kecamatan). ``kecamatan_id`` (a
    kabupaten-wide user's choice) is checked against the actor's scope."""
    if kecamatan_id is not None:
        check_kecamatan(actor, kecamatan_id)
    if not is_dinas():
        return None
    if kecamatan_id is not None:
        return int(kecamatan_id)
    return kecamatan_scope(actor)


def where_kecamatan(field: Any, actor: Actor, kecamatan_id: int | None = None) -> Any:
    """``field == <kecamatan>`` for a query of the actor, or None when no limit applies."""
    kec = batas(actor, kecamatan_id)
    return None if kec is None else (field == kec)


def desa_ids(kecamatan_id: int) -> Any:
    """A subquery: the ids of the kecamatan's desa."""
    from ..models import Desa

    return Desa.select(Desa.id).where(Desa.kecamatan == kecamatan_id)


def where_desa(field: Any, actor: Actor, kecamatan_id: int | None = None) -> Any:
    """``field IN (desa of <kecamatan>)`` for a query of the actor, or None (no limit)."""
    kec = batas(actor, kecamatan_id)
    return None if kec is None else field.in_(desa_ids(kec))


def limit(query: Any, condition: Any) -> Any:
    """``query.where(condition)`` unless the condition is None (no limit)."""
    return query if condition is None else query.where(condition)


def check_desa(actor: Actor, desa_id: int | None) -> None:
    """Refuse a desa (and so a record in it) outside the actor's kecamatan (Dinas database)."""
    if desa_id is None or not is_dinas():
        return
    from ..models import Desa

    row = Desa.select(Desa.kecamatan).where(Desa.id == desa_id).first()
    check_kecamatan(actor, fk(row, "kecamatan") if row is not None else None)


def satu_kecamatan(actor: Actor, kecamatan_id: int | None = None) -> int | None:
    """The one kecamatan a page of the actor shows (a recap grid, an office): in a Dinas
    database :func:`pilih_kecamatan`; in a kecamatan database None (its only kecamatan; a given
    ``kecamatan_id`` is still checked)."""
    if not is_dinas():
        if kecamatan_id is not None:
            check_kecamatan(actor, kecamatan_id)
        return None
    return pilih_kecamatan(actor, kecamatan_id)
