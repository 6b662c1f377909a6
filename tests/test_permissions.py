"""Role x action: every action that exists, for every role, through the services themselves."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from kecamatan_app.services import audit, kantor, referensi, settings, users
from kecamatan_app.services.context import ROLES, Actor
from kecamatan_app.services.errors import PermissionDenied
from kecamatan_app.services.permissions import MATRIX, Aksi, allowed

#: The expected matrix, written out independently of permissions.MATRIX.
EXPECTED: dict[Aksi, set[str]] = {
    Aksi.KANTOR_UBAH: {"admin", "operator"},
    Aksi.PEJABAT_UBAH: {"admin", "operator", "camat"},
    Aksi.PENGGUNA_KELOLA: {"admin"},
    Aksi.AUDIT_LIHAT: {"admin", "camat"},
    Aksi.AUDIT_EKSPOR: {"admin", "camat"},
    Aksi.REFERENSI_UBAH: {"admin", "operator"},
    Aksi.PENGATURAN_UBAH: {"admin"},
}


def test_every_action_has_an_expectation():
    assert set(EXPECTED) == set(Aksi)
    assert set(MATRIX) == set(ROLES)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("aksi", list(Aksi))
def test_matrix(role, aksi):
    actor = Actor(1, "x", "X", role)
    assert allowed(actor, aksi) == (role in EXPECTED[aksi])


def _calls(actor: Actor) -> dict[Aksi, Callable[[], object]]:
    def office_edit() -> object:
        info = kantor.get_office()
        return kantor.update_office(actor, info.kantor, info.kantor_versi)

    def camat_edit() -> object:
        info = kantor.get_office()
        return kantor.set_camat(actor, info.camat, pergantian=False)

    return {
        Aksi.KANTOR_UBAH: office_edit,
        Aksi.PEJABAT_UBAH: camat_edit,
        Aksi.PENGGUNA_KELOLA: lambda: users.list_users(actor),
        Aksi.AUDIT_LIHAT: lambda: audit.search(actor, audit.AuditFilter()),
        Aksi.AUDIT_EKSPOR: lambda: list(audit.rows_for_export(actor, audit.AuditFilter())),
        Aksi.REFERENSI_UBAH: lambda: referensi.save(
            actor, "program", None, f"p_{actor.role}", f"Program {actor.role}"),
        Aksi.PENGATURAN_UBAH: lambda: settings.set_value(
            actor, "keamanan.maks_gagal_login", 6),
    }


@pytest.mark.parametrize("role", ROLES)
def test_services_enforce_the_matrix(role, admin, make_actor):
    actor = admin if role == "admin" else make_actor(role)
    for aksi, call in _calls(actor).items():
        if role in EXPECTED[aksi]:
            call()
        else:
            with pytest.raises(PermissionDenied, match="tidak berhak"):
                call()


def test_system_actor_may_do_everything():
    sys_actor = Actor.system()
    assert all(allowed(sys_actor, a) for a in Aksi)


def test_role_change_applies_to_a_logged_in_user_at_once(admin, make_actor):
    op = make_actor("operator")
    referensi.save(op, "program", None, "p_satu", "Program Satu")
    users.change_role(admin, op.user_id, "tksk")
    with pytest.raises(PermissionDenied, match="TKSK tidak berhak"):
        referensi.save(op, "program", None, "p_dua", "Program Dua")
    users.set_active(admin, op.user_id, False)
    with pytest.raises(PermissionDenied, match="dinonaktifkan"):
        audit.search(op, audit.AuditFilter())
