"""Setting up a Dinas Sosial database and the scope (services/lingkup) of each kind of actor."""

from __future__ import annotations

import pytest

from kecamatan_app.models import Desa, JejakAudit, Kantor, Kecamatan, Pengguna
from kecamatan_app.services import dinas, kantor, lingkup, users
from kecamatan_app.services.context import Actor
from kecamatan_app.services.errors import (
    Conflict,
    NotFound,
    PermissionDenied,
    ValidationError,
)
from tests import dinas_bantu as bantu
from tests.conftest import gelumbang_setup


def test_setup_dinas_creates_every_kecamatan_with_desa_and_office(db):
    assert lingkup.jenis() == "kecamatan" and not lingkup.is_dinas()
    info = bantu.setup()
    assert (info.kabupaten_kode, info.jumlah_kecamatan, info.jumlah_desa) == ("16.03", 22, 256)
    assert lingkup.is_dinas() and lingkup.jenis() == "dinas"
    assert lingkup.kabupaten_kode() == "16.03"
    assert Kecamatan.select().count() == 22 and Kantor.select().count() == 22
    assert Desa.select().count() == 256
    gel = Kecamatan.get(Kecamatan.kode == "16.03.06")
    assert Desa.select().where(Desa.kecamatan == gel).count() == 23
    k = Kantor.get(Kantor.kecamatan == gel)
    assert k.kop_baris_2 == "KECAMATAN GELUMBANG" and k.tempat_surat == "Gelumbang"
    admin = Pengguna.get(Pengguna.nama_pengguna == "dinasadmin")
    assert admin.peran == "admin" and admin.__data__["kecamatan"] is None
    assert JejakAudit.select().where(JejakAudit.tabel == "pengaturan").count() >= 1
    assert dinas.info() == info


def test_setup_dinas_is_all_or_nothing_and_never_twice(db):
    bad = kantor.AdminData("dinasadmin", "Admin", "pendek", "pendek")
    with pytest.raises(ValidationError):
        dinas.setup_dinas("16.03", bad)
    assert Kecamatan.select().count() == 0 and not lingkup.is_dinas()
    assert Pengguna.select().count() == 0
    bantu.setup()
    with pytest.raises(Conflict, match="sudah disiapkan"):
        bantu.setup()
    with pytest.raises(Conflict):
        gelumbang_setup()
    assert Kecamatan.select().count() == 22


def test_a_kecamatan_database_never_becomes_a_dinas_one(office):
    with pytest.raises(Conflict, match="tidak dapat diubah"):
        bantu.setup()
    assert not lingkup.is_dinas() and Kecamatan.select().count() == 1


@pytest.mark.parametrize("kode,error", [("", ValidationError), ("99.99", NotFound),
                                        ("16.03.06", NotFound), ("abc", NotFound)])
def test_setup_dinas_refuses_a_bad_kabupaten_code(db, kode, error):
    with pytest.raises(error):
        dinas.setup_dinas(kode, None)
    assert Kecamatan.select().count() == 0


def test_kecamatan_database_scope_is_the_office(admin, make_actor):
    kec = admin.kecamatan_id
    assert kec is not None
    for actor in (admin, make_actor("operator"), Actor.system(), Actor.cli()):
        assert lingkup.kecamatan_scope(actor) == kec
        assert lingkup.visible_kecamatan_ids(actor) == [kec]
        assert not lingkup.is_dinas_user(actor)
        lingkup.check_kecamatan(actor, kec)
        with pytest.raises(PermissionDenied, match="kecamatan"):
            lingkup.check_kecamatan(actor, kec + 1)
    assert lingkup.pilih_kecamatan(admin) == kec
    # a kecamatan database's queries get no filter at all: every record is the office's
    from kecamatan_app.models import Warga

    assert lingkup.batas(admin) is None
    assert lingkup.where_desa(Warga.desa, admin) is None
    assert lingkup.where_kecamatan(Warga.desa, admin) is None
    assert lingkup.satu_kecamatan(admin) is None


def test_dinas_database_scope_per_actor(db):
    bantu.setup()
    admin = bantu.login("dinasadmin")
    cast = bantu.actors(admin)
    a, b = bantu.kecamatan_id(bantu.KODE_A), bantu.kecamatan_id(bantu.KODE_B)
    every = lingkup.visible_kecamatan_ids(admin)
    assert len(every) == 22 and a in every and b in every
    for name in ("admin", "dinas"):
        actor = cast[name]
        assert lingkup.kecamatan_scope(actor) is None and lingkup.is_dinas_user(actor)
        lingkup.check_kecamatan(actor, a)
        lingkup.check_kecamatan(actor, b)
        assert lingkup.pilih_kecamatan(actor, b) == b
        with pytest.raises(ValidationError, match="Pilih dahulu kecamatan"):
            lingkup.pilih_kecamatan(actor)
    assert lingkup.kecamatan_scope(Actor.system()) is None
    for peran in ("admin", "operator", "tksk", "camat"):
        actor = cast[f"{peran}_a"]
        assert lingkup.kecamatan_scope(actor) == a
        assert lingkup.visible_kecamatan_ids(actor) == [a]
        assert not lingkup.is_dinas_user(actor)
        assert lingkup.pilih_kecamatan(actor) == a
        with pytest.raises(PermissionDenied, match="Tanjung Agung"):
            lingkup.check_kecamatan(actor, b)
        with pytest.raises(PermissionDenied):
            lingkup.pilih_kecamatan(actor, b)
    # a user of a kecamatan role without a kecamatan (made behind the app's back) sees nothing
    stray = Actor(999, "x", "X", "operator", None)
    with pytest.raises(PermissionDenied, match="belum terikat"):
        lingkup.kecamatan_scope(stray)


def test_role_dinas_only_in_a_dinas_database(admin):
    assert "dinas" not in users.roles_for(admin)
    with pytest.raises(ValidationError, match="hanya ada di basis data Dinas Sosial"):
        users.create_user(admin, "dinas1", "Dinas", "dinas", "Sandi12345x")
    op = users.create_user(admin, "op1", "Operator", "operator", "Sandi12345x")
    with pytest.raises(ValidationError, match="hanya ada di basis data Dinas Sosial"):
        users.change_role(admin, op.id, "dinas")
    assert users.kecamatan_choices(admin) == []
