"""Look-ups the audit screen needs beyond :mod:`services.audit`."""

from __future__ import annotations

from ..models import JejakAudit, Pengguna
from .context import Actor
from .permissions import Aksi, require


def audit_actors(actor: Actor) -> list[tuple[int, str]]:
    """``(pengguna_id, "nama (nama lengkap)")`` of every user who appears in the trail.

    For roles that may read the trail but not manage users (the camat), so the filter offers
    only names the trail itself already shows.
    """
    require(actor, Aksi.AUDIT_LIHAT)
    ids = JejakAudit.select(JejakAudit.pengguna).where(JejakAudit.pengguna.is_null(False))
    q = Pengguna.select().where(Pengguna.id.in_(ids)).order_by(Pengguna.nama_pengguna)
    return [(u.id, f"{u.nama_pengguna} ({u.nama_lengkap})") for u in q]


def user_label(pengguna_id: int) -> str:
    """``nama_pengguna`` of a user id, for describing a filter; the id itself if unknown."""
    u = Pengguna.get_or_none(Pengguna.id == pengguna_id)
    return str(u.nama_pengguna) if u is not None else f"nomor {pengguna_id}"
