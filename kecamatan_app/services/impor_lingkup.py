"""Which kecamatan an import, a template or an export concerns (no Qt).

A Dinas Sosial database holds every kecamatan of the kabupaten, and two kecamatan may have desa
of the same name (Muara Enim has three "Pagar Dewa"). An import writes into ONE kecamatan: the
actor's own, or, for a user of the whole kabupaten (an administrator without a kecamatan, the
command line), the kecamatan chosen (``kecamatan_id``; the command line's ``--kecamatan KODE``).
Every desa, person, household, PSKS and TKSK term the file names is looked up in that kecamatan
only; a record of another kecamatan is refused per cell, naming the kecamatan but never the
person.

In a kecamatan database nothing changes: :func:`kecamatan_impor` gives None (the office's only
kecamatan) and the importers add no filter to their queries.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from ..models import Desa, Kecamatan
from ..models.base import fk
from . import lingkup
from .context import Actor
from .errors import NotFound, PermissionDenied, ValidationError
from .wilayah import normalize_kode

#: Refusal for a user of the whole kabupaten who chose no kecamatan.
PILIH = ("Pilih dahulu kecamatan yang datanya diimpor: di basis data Dinas Sosial setiap impor "
         "masuk ke satu kecamatan (di baris perintah: --kecamatan KODE, contoh 16.03.06).")


def kecamatan_impor(actor: Actor, kecamatan_id: int | None = None) -> int | None:
    """The kecamatan an import of the actor writes into.

    A kecamatan database: None (its only kecamatan; a given ``kecamatan_id`` is checked). A
    Dinas database: the actor's own kecamatan, or for a user of the whole kabupaten the chosen
    ``kecamatan_id`` (checked); without one the import is refused (:data:`PILIH`).
    """
    if not lingkup.is_dinas():
        return lingkup.satu_kecamatan(actor, kecamatan_id)
    if kecamatan_id is None and lingkup.kecamatan_scope(actor) is None:
        raise ValidationError.single("kecamatan", PILIH)
    return lingkup.pilih_kecamatan(actor, kecamatan_id)


def kecamatan_templat(actor: Actor | None, kecamatan_id: int | None = None
                      ) -> tuple[bool, int | None]:
    """(whether a template lists desa, the kecamatan whose desa it lists; None: every desa of
    the database). A kecamatan database lists its desa; a Dinas database those of the chosen
    kecamatan or the actor's own, and none for a user of the whole kabupaten who chose no
    kecamatan (the names of 22 kecamatan in one list would be ambiguous)."""
    if kecamatan_id is not None and actor is not None:
        lingkup.check_kecamatan(actor, kecamatan_id)
    if not lingkup.is_dinas():
        return True, None
    if kecamatan_id is None and actor is not None:
        kecamatan_id = lingkup.kecamatan_scope(actor)
    return kecamatan_id is not None, kecamatan_id


def pelaku(actor: Actor, kecamatan_id: int) -> Actor:
    """The actor as it writes into ``kecamatan_id`` through a service that takes the kecamatan
    from the actor (:func:`kegiatan.create`, :func:`rujukan.create`).

    Unchanged in a kecamatan database and for a user of one kecamatan. A user of the whole
    kabupaten acts within the chosen kecamatan (their account with that kecamatan, same role).
    The system actor (the command line) sees every kecamatan whatever its ``kecamatan_id``
    (:func:`lingkup.kecamatan_scope`): it acts as an administrator of that kecamatan, with the
    rights it has (all but the decisions of :data:`permissions.PRIBADI`), without a user
    account, under its own name (the audit trail records ``cli:USER (Sistem)``).
    """
    if not lingkup.is_dinas() or lingkup.kecamatan_scope(actor) is not None:
        return actor
    bound = dataclasses.replace(actor, kecamatan_id=kecamatan_id)
    if lingkup.kecamatan_scope(bound) == kecamatan_id:
        return bound
    return Actor(None, actor.username, actor.full_name, "admin", kecamatan_id)


def _nama_kecamatan(kecamatan_id: int | None) -> str:
    if kecamatan_id is None:
        return "kecamatan lain"
    row = Kecamatan.select(Kecamatan.nama).where(Kecamatan.id == kecamatan_id).first()
    return f"Kecamatan {row.nama}" if row is not None else "kecamatan lain"


def luar(desa_id: int | None, kecamatan_id: int | None) -> str | None:
    """Where a record of desa ``desa_id`` lies when that is outside ``kecamatan_id`` ("Kecamatan
    X", or "kecamatan lain" for a record without a desa), else None. ``kecamatan_id`` None (a
    kecamatan database): None."""
    if kecamatan_id is None:
        return None
    if desa_id is None:
        return "kecamatan lain"
    row = Desa.select(Desa.kecamatan).where(Desa.id == desa_id).first()
    kec = fk(row, "kecamatan") if row is not None else None
    return None if kec == kecamatan_id else _nama_kecamatan(kec)


def check_desa_ids(desa_ids: Iterable[int], kecamatan_id: int | None) -> None:
    """Refuse (PermissionDenied) when one of ``desa_ids`` is not a desa of ``kecamatan_id``
    (nothing to check when it is None: a kecamatan database)."""
    if kecamatan_id is None:
        return
    wanted = sorted(set(desa_ids))
    for start in range(0, len(wanted), 500):
        part = wanted[start:start + 500]
        other = (Desa.select(Desa.kecamatan).where(Desa.id.in_(part)
                                                   & (Desa.kecamatan != kecamatan_id)).first())
        if other is not None:
            raise PermissionDenied(
                f"Berkas ini menyebut desa {_nama_kecamatan(fk(other, 'kecamatan'))}; impor "
                f"hanya untuk desa {_nama_kecamatan(kecamatan_id)}. Tidak ada yang disimpan.")


def kecamatan_cli(kode: str | None, *, wajib: bool, pesan: str = PILIH) -> int | None:
    """The kecamatan of the command line's ``--kecamatan KODE``.

    A Dinas database: its id (``wajib``: refused when no KODE is given; otherwise None means the
    whole kabupaten; ``pesan`` says what to choose). A kecamatan database: None (its only
    kecamatan), and a given KODE must be the office's.
    """
    if kode is None:
        if wajib and lingkup.is_dinas():
            raise ValidationError.single("kecamatan", pesan)
        return None
    try:
        dotted = normalize_kode(kode)
    except ValidationError:
        dotted = " ".join(kode.split())
    row = Kecamatan.get_or_none(Kecamatan.kode == dotted)
    if not lingkup.is_dinas():
        office_id = lingkup.kecamatan_scope(Actor.system())
        office = Kecamatan.get_or_none(Kecamatan.id == office_id) if office_id else None
        if office is None:
            raise NotFound("Kantor belum disiapkan. Jalankan penyiapan kantor terlebih dahulu.")
        if row is None or row.id != office.id:
            raise ValidationError.single(
                "kecamatan", f"Basis data ini milik Kecamatan {office.nama} ({office.kode}); "
                f"--kecamatan {kode} tidak cocok. Tanpa --kecamatan, perintah bekerja untuk "
                f"Kecamatan {office.nama}.")
        return None
    if row is None:
        raise NotFound(f"Kecamatan dengan kode {kode} tidak ada di basis data Dinas Sosial ini. "
                       "Tulis kode Kemendagri kecamatan, contoh 16.03.06.")
    return int(row.id)
