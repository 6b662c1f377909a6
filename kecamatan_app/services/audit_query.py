"""Look-ups the audit screen needs beyond :mod:`services.audit`, and which entries an actor may
read in a Dinas Sosial database.

Decision (Dinas database): an administrator or camat of a kecamatan reads only the entries made
by the users of that kecamatan; entries of users of the whole kabupaten (Dinas Sosial,
kabupaten administrators), of the system (command line, set-up) and of failed logins under an
unknown name are not theirs to read, since they may concern any kecamatan. A user of the whole
kabupaten reads every entry. A kecamatan database is unchanged: the whole trail.
"""

from __future__ import annotations

from typing import Any

from ..models import JejakAudit, Pengguna
from .context import Actor
from .permissions import Aksi, require


def oleh_kecamatan(kecamatan_id: int) -> Any:
    """Entries made by the users of ``kecamatan_id``."""
    return JejakAudit.pengguna.in_(
        Pengguna.select(Pengguna.id).where(Pengguna.kecamatan == kecamatan_id))


def batas_jejak(actor: Actor) -> Any:
    """The condition on the trail for what ``actor`` may read; None: every entry."""
    from . import lingkup

    scope = lingkup.batas(actor)
    return None if scope is None else oleh_kecamatan(scope)


def audit_actors(actor: Actor) -> list[tuple[int, str]]:
    """``(pengguna_id, "nama (nama lengkap)")`` of every user who appears in the trail.

    For roles that may read the trail but not manage users (the camat), so the filter offers
    only names the trail itself already shows.
    """
    require(actor, Aksi.AUDIT_LIHAT)
    ids = JejakAudit.select(JejakAudit.pengguna).where(JejakAudit.pengguna.is_null(False))
    scope = batas_jejak(actor)
    if scope is not None:
        ids = ids.where(scope)
    q = Pengguna.select().where(Pengguna.id.in_(ids)).order_by(Pengguna.nama_pengguna)
    return [(u.id, f"{u.nama_pengguna} ({u.nama_lengkap})") for u in q]


def user_label(pengguna_id: int) -> str:
    """``nama_pengguna`` of a user id, for describing a filter; the id itself if unknown."""
    u = Pengguna.get_or_none(Pengguna.id == pengguna_id)
    return str(u.nama_pengguna) if u is not None else f"nomor {pengguna_id}"
