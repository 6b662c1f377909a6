"""Accounts: first admin, login, lockout, password policy, last-admin guards."""

from __future__ import annotations

import datetime as dt

import pytest

from kecamatan_app.models import JejakAudit, Pengguna
from kecamatan_app.services import passwords, settings, users
from kecamatan_app.services.errors import AuthError, Conflict, ValidationError
from tests.conftest import ADMIN_PASSWORD


def test_password_hash_is_scrypt_salted_and_verifies():
    h1 = passwords.hash_password("Rahasia123")
    h2 = passwords.hash_password("Rahasia123")
    assert h1.startswith("scrypt$") and h1 != h2
    assert passwords.verify_password("Rahasia123", h1)
    assert not passwords.verify_password("rahasia123", h1)
    assert not passwords.verify_password("Rahasia123", "rusak")


@pytest.mark.parametrize("pw,fragment", [
    ("pendek1", "minimal 8"),
    ("hanyahuruf", "huruf dan angka"),
    ("12345678", "huruf dan angka"),
    ("admin12345", "nama pengguna"),
])
def test_password_policy(pw, fragment):
    assert any(fragment in p for p in passwords.policy_problems(pw, "admin"))


def test_no_default_password_first_admin_only_once(db):
    assert not users.has_users()
    users.create_first_admin("kepala", "Kepala Seksi", "Kuat12345", "Kuat12345")
    with pytest.raises(Conflict):
        users.create_first_admin("lain", "Lain", "Kuat12345", "Kuat12345")


def test_first_admin_validation_lists_each_field(db):
    with pytest.raises(ValidationError) as err:
        users.create_first_admin("A B", "", "pendek", "beda")
    fields = {p.field for p in err.value.problems}
    assert fields == {"nama_pengguna", "nama_lengkap", "sandi", "ulangi_sandi"}
    assert not users.has_users()


def test_login_success_records_audit(office):
    result = users.login("ADMIN ", ADMIN_PASSWORD)
    assert result.actor.role == "admin" and not result.must_change_password
    last = JejakAudit.select().order_by(JejakAudit.id.desc()).first()
    assert last.aksi == "login" and last.pengguna_id == result.actor.user_id


def test_wrong_password_counts_down_then_locks(office):
    limit = settings.get("keamanan.maks_gagal_login")
    for i in range(1, limit):
        with pytest.raises(AuthError, match=f"Sisa percobaan: {limit - i}"):
            users.login("admin", "salah")
    with pytest.raises(AuthError, match="dikunci"):
        users.login("admin", "salah")
    # even the right password is refused while locked
    with pytest.raises(AuthError, match="terkunci"):
        users.login("admin", ADMIN_PASSWORD)
    aksi = [j.aksi for j in JejakAudit.select().order_by(JejakAudit.id)]
    assert aksi.count("login_gagal") == limit  # limit-1 wrong + 1 while locked
    assert aksi.count("akun_terkunci") == 1


def test_lock_expires(office):
    u = Pengguna.get(Pengguna.nama_pengguna == "admin")
    u.terkunci_sampai = dt.datetime.now() - dt.timedelta(minutes=1)
    u.save()
    assert users.login("admin", ADMIN_PASSWORD).actor.username == "admin"


def test_unknown_user_gives_the_same_message(office):
    with pytest.raises(AuthError, match="Nama pengguna atau kata sandi salah"):
        users.login("tidakada", "x")


def test_new_user_must_change_password_and_can(admin):
    users.create_user(admin, "siti", "Siti Aminah", "operator", "Sementara1", "Sementara1")
    result = users.login("siti", "Sementara1")
    assert result.must_change_password
    with pytest.raises(ValidationError, match="lama salah"):
        users.change_own_password(result.actor, "keliru", "BaruSekali2", "BaruSekali2")
    users.change_own_password(result.actor, "Sementara1", "BaruSekali2", "BaruSekali2")
    assert not users.login("siti", "BaruSekali2").must_change_password


def test_disabled_user_cannot_log_in_and_enable_unlocks(admin):
    info = users.create_user(admin, "budi", "Budi", "tksk", "Sementara1")
    users.set_active(admin, info.id, False)
    with pytest.raises(AuthError, match="dinonaktifkan"):
        users.login("budi", "Sementara1")
    users.set_active(admin, info.id, True)
    assert users.login("budi", "Sementara1").actor.role == "tksk"


def test_last_admin_cannot_be_disabled_or_demoted(admin):
    me = admin.user_id
    with pytest.raises(Conflict, match="sendiri"):
        users.set_active(admin, me, False)
    with pytest.raises(Conflict, match="terakhir"):
        users.change_role(admin, me, "operator")
    other = users.create_user(admin, "admin2", "Admin Dua", "admin", "Sementara1")
    users.set_active(admin, other.id, False)  # another admin stays active: allowed
    assert not Pengguna.get_by_id(other.id).aktif
    users.set_active(admin, other.id, True)
    users.change_role(admin, me, "operator")  # admin2 remains: allowed
    second = users.actor_for(Pengguna.get_by_id(other.id))
    with pytest.raises(Conflict, match="terakhir"):
        users.change_role(second, other.id, "camat")


def test_stale_version_is_refused(admin):
    info = users.create_user(admin, "rina", "Rina", "operator", "Sementara1")
    users.change_role(admin, info.id, "tksk", versi=info.versi)
    with pytest.raises(Conflict, match="baru saja diubah"):
        users.change_role(admin, info.id, "camat", versi=info.versi)


def test_reset_password_sets_must_change(admin):
    info = users.create_user(admin, "dodi", "Dodi", "operator", "Sementara1")
    users.reset_password(admin, info.id, "Sementara2", "Sementara2")
    assert users.login("dodi", "Sementara2").must_change_password


def test_password_hash_never_enters_the_audit_trail(admin):
    users.create_user(admin, "eko", "Eko", "operator", "Sementara1")
    for j in JejakAudit.select():
        assert "scrypt$" not in (j.data_baru or "") + (j.data_lama or "")


def test_unlock_before_the_lock_expires(admin):
    info = users.create_user(admin, "fani", "Fani", "operator", "Sementara1")
    for _ in range(settings.get("keamanan.maks_gagal_login")):
        with pytest.raises(AuthError):
            users.login("fani", "salah")
    with pytest.raises(AuthError, match="terkunci"):
        users.login("fani", "Sementara1")
    users.unlock(admin, info.id)
    assert users.login("fani", "Sementara1").actor.username == "fani"
    last_unlock = JejakAudit.select().where(JejakAudit.ringkasan.contains("Membuka kunci"))
    assert last_unlock.count() == 1
