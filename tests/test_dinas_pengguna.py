"""Users in a Dinas Sosial database: who creates whom, for which kecamatan, and who sees whom."""

from __future__ import annotations

from typing import Any

import pytest

from kecamatan_app.services import users
from kecamatan_app.services.errors import PermissionDenied, ValidationError
from tests import dinas_bantu as bantu

PW = bantu.SANDI


@pytest.fixture
def dinas_db(db: Any) -> dict[str, Any]:
    bantu.setup()
    return bantu.actors(bantu.login("dinasadmin"))


def test_kabupaten_admin_creates_users_for_a_chosen_kecamatan_or_none(dinas_db):
    admin = dinas_db["admin"]
    a = bantu.kecamatan_id(bantu.KODE_A)
    assert "dinas" in users.roles_for(admin)
    assert len(users.kecamatan_choices(admin)) == 22
    info = users.create_user(admin, "op.baru", "Operator Baru", "operator", PW, PW, kecamatan_id=a)
    assert info.kecamatan_id == a and info.kecamatan_nama == "Gelumbang"
    with pytest.raises(ValidationError, match="Pilih kecamatan pengguna berperan Operator"):
        users.create_user(admin, "op.tanpa", "Operator", "operator", PW, PW, kecamatan_id=None)
    with pytest.raises(ValidationError, match="Pilih kecamatan pengguna berperan TKSK"):
        users.create_user(admin, "tksk.tanpa", "TKSK", "tksk", PW, PW)  # the admin has none
    with pytest.raises(ValidationError, match="kosongkan pilihan kecamatan"):
        users.create_user(admin, "dinas.x", "Dinas", "dinas", PW, PW, kecamatan_id=a)
    kab = users.create_user(admin, "adm.kab", "Admin Kabupaten", "admin", PW, PW,
                            kecamatan_id=None)
    assert kab.kecamatan_id is None
    with pytest.raises(ValidationError, match="tidak ada"):
        users.create_user(admin, "op.x", "X", "operator", PW, PW, kecamatan_id=987654)


def test_kecamatan_admin_only_for_their_own_kecamatan_and_never_dinas(dinas_db):
    adm_a = dinas_db["admin_a"]
    a, b = bantu.kecamatan_id(bantu.KODE_A), bantu.kecamatan_id(bantu.KODE_B)
    assert "dinas" not in users.roles_for(adm_a)
    assert users.kecamatan_choices(adm_a) == [(a, "Gelumbang")]
    own = users.create_user(adm_a, "op.a2", "Operator A2", "operator", PW, PW)
    assert own.kecamatan_id == a
    with pytest.raises(PermissionDenied, match="Tanjung Agung"):
        users.create_user(adm_a, "op.b2", "Operator B2", "operator", PW, PW, kecamatan_id=b)
    with pytest.raises(PermissionDenied, match="Hanya administrator Dinas Sosial"):
        users.create_user(adm_a, "dinas.a", "Dinas A", "dinas", PW, PW, kecamatan_id=None)
    with pytest.raises(PermissionDenied, match="Hanya administrator Dinas Sosial"):
        users.change_role(adm_a, own.id, "dinas")
    # nor a user of the whole kabupaten through "no kecamatan"
    with pytest.raises(ValidationError, match="Pilih kecamatan"):
        users.create_user(adm_a, "adm.kab2", "Admin", "admin", PW, PW, kecamatan_id=None)


def test_listing_shows_only_the_users_the_actor_may_manage(dinas_db):
    names_a = {u.nama_pengguna for u in users.list_users(dinas_db["admin_a"])}
    assert names_a == {"admin.a", "operator.a", "tksk.a", "camat.a"}
    names_b = {u.nama_pengguna for u in users.list_users(dinas_db["admin_b"])}
    assert names_b == {"admin.b", "operator.b", "tksk.b", "camat.b"}
    every = {u.nama_pengguna for u in users.list_users(dinas_db["admin"])}
    assert names_a | names_b | {"dinasadmin", "dinas1"} == every
    for role in ("dinas", "operator_a", "camat_a", "tksk_b"):
        with pytest.raises(PermissionDenied):
            users.list_users(dinas_db[role])


def test_a_kecamatan_admin_cannot_touch_another_kecamatans_user(dinas_db):
    adm_a = dinas_db["admin_a"]
    op_b, dinas = dinas_db["operator_b"], dinas_db["dinas"]
    for target in (op_b, dinas, dinas_db["admin"]):
        for call in (lambda t=target: users.set_active(adm_a, t.user_id, False),
                     lambda t=target: users.unlock(adm_a, t.user_id),
                     lambda t=target: users.reset_password(adm_a, t.user_id, "Sementara123x"),
                     lambda t=target: users.change_role(adm_a, t.user_id, "tksk")):
            with pytest.raises(PermissionDenied, match="bukan pengguna kecamatan Anda"):
                call()
    users.set_active(adm_a, dinas_db["operator_a"].user_id, False)  # their own: fine
    users.set_active(dinas_db["admin"], op_b.user_id, False)  # the kabupaten admin: any


def test_role_changes_keep_the_kecamatan_rules(dinas_db):
    admin = dinas_db["admin"]
    dinas = dinas_db["dinas"]
    with pytest.raises(ValidationError, match="Pilih kecamatan pengguna berperan Operator"):
        users.change_role(admin, dinas.user_id, "operator")
    users.change_role(admin, dinas.user_id, "admin")  # a kabupaten admin
    with pytest.raises(ValidationError, match="kosongkan"):
        users.change_role(admin, dinas_db["operator_a"].user_id, "dinas")
    users.change_role(admin, dinas_db["operator_a"].user_id, "admin")  # admin of Gelumbang


def test_the_kabupaten_keeps_an_administrator_of_its_own(dinas_db):
    """Kecamatan administrators do not count: the last active administrator of the whole
    kabupaten can neither be disabled nor lose the role."""
    from kecamatan_app.services.errors import Conflict

    admin = dinas_db["admin"]
    second = bantu.make_user(admin, "adm.kab2", "admin", None)
    users.set_active(second, admin.user_id, False)
    with pytest.raises(Conflict, match="administrator aktif terakhir"):
        users.change_role(second, second.user_id, "dinas")
    users.set_active(second, admin.user_id, True)
    users.change_role(second, second.user_id, "dinas")  # another one is there again
