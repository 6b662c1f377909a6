"""Signing in and out: login with lockout after failed passwords, the idle screen lock's unlock
(counted toward the same lockout), and logout. Every attempt is audited. No Qt.

Split out of :mod:`users` (account management), which re-exports these names.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..models import Pengguna
from ..models.base import now
from . import audit, settings
from .context import Actor
from .errors import AuthError
from .passwords import verify_password
from .tx import write


def actor_for(u: Pengguna) -> Actor:
    kec = u.__data__.get("kecamatan")
    return Actor(u.id, u.nama_pengguna, u.nama_lengkap, u.peran, kec)


@dataclass(frozen=True)
class LoginResult:
    actor: Actor
    must_change_password: bool


_WRONG = "Nama pengguna atau kata sandi salah."


def login(nama_pengguna: str, sandi: str) -> LoginResult:
    """Check the password; after N failures in a row the account locks for M minutes.

    A failure is recorded (counter, lock, audit entry) and committed before the error is raised.
    """
    name = nama_pengguna.strip().lower()
    error: AuthError | None = None
    with write():
        u = Pengguna.get_or_none(Pengguna.nama_pengguna == name)
        if u is None:
            audit.record(Actor.system(name[:50] or "(kosong)"), "login_gagal", "pengguna", "",
                         f"Gagal masuk: nama pengguna '{name}' tidak dikenal")
            error = AuthError(_WRONG)
        else:
            error = _check_login(u, sandi)
    if error is not None:
        raise error
    assert u is not None
    return LoginResult(actor_for(u), bool(u.harus_ganti_sandi))


def _count_failure(u: Pengguna, moment: dt.datetime) -> tuple[int, int | None]:
    """A wrong password, of a login or of the screen lock: one more failure in a row, and at
    the limit (setting ``keamanan.maks_gagal_login``) the account locks for
    ``keamanan.lama_kunci_menit`` minutes. Saves ``u``; returns the limit and, when this failure
    locked the account, the lock's minutes (else None)."""
    u.gagal_login += 1
    limit = settings.get("keamanan.maks_gagal_login")
    lock_minutes: int | None = None
    if u.gagal_login >= limit:
        lock_minutes = settings.get("keamanan.lama_kunci_menit")
        u.terkunci_sampai = moment + dt.timedelta(minutes=lock_minutes)
        u.gagal_login = 0
    u.save()
    return limit, lock_minutes


def _audit_lock(who: Actor, u: Pengguna, limit: int, lock_minutes: int) -> None:
    audit.record(who, "akun_terkunci", "pengguna", u.id,
                 f"Akun dikunci {lock_minutes} menit setelah {limit} kali gagal")


def _check_login(u: Pengguna, sandi: str) -> AuthError | None:
    who = actor_for(u)
    moment = now()
    if not u.aktif:
        audit.record(who, "login_gagal", "pengguna", u.id, "Akun nonaktif")
        return AuthError("Akun ini dinonaktifkan. Hubungi administrator.")
    if u.terkunci_sampai and u.terkunci_sampai > moment:
        minutes = max(1, int((u.terkunci_sampai - moment).total_seconds() // 60) + 1)
        audit.record(who, "login_gagal", "pengguna", u.id, "Mencoba masuk saat terkunci")
        return AuthError(f"Akun terkunci karena terlalu sering salah kata sandi. Coba lagi "
                         f"dalam {minutes} menit, atau minta administrator membukanya.")
    if not verify_password(sandi, u.kata_sandi_hash):
        limit, lock_minutes = _count_failure(u, moment)
        if lock_minutes is not None:
            _audit_lock(who, u, limit, lock_minutes)
            return AuthError(f"Kata sandi salah {limit} kali. Akun dikunci {lock_minutes} "
                             "menit. Minta administrator membukanya bila mendesak.")
        audit.record(who, "login_gagal", "pengguna", u.id, "Kata sandi salah")
        return AuthError(f"{_WRONG} Sisa percobaan: {limit - u.gagal_login}.")
    u.gagal_login, u.terkunci_sampai, u.login_terakhir = 0, None, moment
    u.save()
    audit.record(who, "login", "pengguna", u.id, f"{u.nama_pengguna} masuk")
    return None


@dataclass(frozen=True)
class HasilBukaKunci:
    """The answer to an unlock attempt on the idle screen lock.

    ``terbuka``: the password was right; ``keluar``: the session must end (the account is now
    locked, disabled or gone), so the window logs out; ``pesan`` says what happened.
    """

    terbuka: bool
    keluar: bool = False
    pesan: str = ""


def buka_kunci_layar(actor: Actor, sandi: str) -> HasilBukaKunci:
    """The signed-in user unlocks the idle screen lock with their password.

    A wrong password counts toward the same lockout as a failed login; when the account locks
    (or was disabled or locked meanwhile) the session must end. Every attempt is audited:
    ``buka_kunci_layar`` or ``gagal_buka_kunci_layar`` (and ``akun_terkunci``).
    """
    with write():
        u = Pengguna.get_or_none(Pengguna.id == (actor.user_id or 0))
        if u is None:
            audit.record(actor, "gagal_buka_kunci_layar", "pengguna", actor.user_id or "",
                         "Membuka kunci layar: akun sudah tidak ada")
            return HasilBukaKunci(False, True, "Akun ini sudah tidak ada. Masuk dengan akun "
                                  "lain.")
        hasil = _check_unlock(u, sandi)
    return hasil


def _check_unlock(u: Pengguna, sandi: str) -> HasilBukaKunci:
    who = actor_for(u)
    moment = now()
    if not u.aktif:
        audit.record(who, "gagal_buka_kunci_layar", "pengguna", u.id, "Akun nonaktif")
        return HasilBukaKunci(False, True, "Akun ini dinonaktifkan. Hubungi administrator.")
    if u.terkunci_sampai and u.terkunci_sampai > moment:
        audit.record(who, "gagal_buka_kunci_layar", "pengguna", u.id,
                     "Membuka kunci layar saat akun terkunci")
        return HasilBukaKunci(False, True, "Akun terkunci karena terlalu sering salah kata "
                              "sandi. Minta administrator membukanya, atau masuk dengan akun "
                              "lain.")
    if not verify_password(sandi, u.kata_sandi_hash):
        limit, lock_minutes = _count_failure(u, moment)
        audit.record(who, "gagal_buka_kunci_layar", "pengguna", u.id,
                     "Kata sandi salah saat membuka kunci layar")
        if lock_minutes is not None:
            _audit_lock(who, u, limit, lock_minutes)
            return HasilBukaKunci(False, True, f"Kata sandi salah {limit} kali. Akun dikunci "
                                  f"{lock_minutes} menit dan Anda dikeluarkan. Minta "
                                  "administrator membukanya bila mendesak.")
        return HasilBukaKunci(False, False, f"Kata sandi salah. Sisa percobaan: "
                              f"{limit - u.gagal_login}.")
    u.gagal_login, u.terkunci_sampai = 0, None
    u.save()
    audit.record(who, "buka_kunci_layar", "pengguna", u.id,
                 f"{u.nama_pengguna} membuka kunci layar")
    return HasilBukaKunci(True)


def logout(actor: Actor) -> None:
    if actor.user_id is not None:
        with write():
            audit.record(actor, "logout", "pengguna", actor.user_id, f"{actor.username} keluar")
