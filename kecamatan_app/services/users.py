"""Accounts: the first administrator, login with lockout, and user management by the admin.

Login, the screen lock's unlock and logout are in :mod:`users_masuk`, re-exported here.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ..models import Kecamatan, Pengguna
from ..models.base import now
from . import audit, lingkup, settings
from .context import ROLE_LABELS, ROLES, ROLES_DINAS, Actor
from .errors import Conflict, FieldProblem, NotFound, PermissionDenied, ValidationError
from .passwords import hash_password, policy_problems, verify_password
from .permissions import Aksi, require
from .tx import write
from .users_masuk import HasilBukaKunci as HasilBukaKunci
from .users_masuk import LoginResult as LoginResult
from .users_masuk import actor_for as actor_for
from .users_masuk import buka_kunci_layar as buka_kunci_layar
from .users_masuk import login as login
from .users_masuk import logout as logout

_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{2,29}$")


@dataclass(frozen=True)
class UserInfo:
    id: int
    nama_pengguna: str
    nama_lengkap: str
    peran: str
    peran_label: str
    aktif: bool
    terkunci_sampai: dt.datetime | None
    login_terakhir: dt.datetime | None
    harus_ganti_sandi: bool
    versi: int
    #: The user's kecamatan (a Dinas database: None for role dinas and a kabupaten admin).
    kecamatan_id: int | None = None
    kecamatan_nama: str = ""


def _info(u: Pengguna, names: dict[int, str] | None = None) -> UserInfo:
    kec = u.__data__.get("kecamatan")
    if kec is None:
        nama = ""
    elif names is not None:
        nama = names.get(kec, "")
    else:
        row = Kecamatan.select(Kecamatan.nama).where(Kecamatan.id == kec).first()
        nama = str(row.nama) if row is not None else ""
    return UserInfo(u.id, u.nama_pengguna, u.nama_lengkap, u.peran,
                    ROLE_LABELS.get(u.peran, u.peran), u.aktif, u.terkunci_sampai,
                    u.login_terakhir, u.harus_ganti_sandi, u.versi, kec, nama)


def _check_new_user(nama_pengguna: str, nama_lengkap: str, peran: str, sandi: str,
                    ulangi: str | None) -> list[FieldProblem]:
    problems: list[FieldProblem] = []
    if not _USERNAME.match(nama_pengguna):
        problems.append(FieldProblem(
            "nama_pengguna",
            "Nama pengguna 3-30 karakter: huruf kecil, angka, titik, garis bawah atau tanda "
            "hubung, diawali huruf atau angka (contoh: siti.operator)."))
    elif Pengguna.get_or_none(Pengguna.nama_pengguna == nama_pengguna):
        problems.append(FieldProblem("nama_pengguna",
                                     f"Nama pengguna '{nama_pengguna}' sudah dipakai."))
    if not nama_lengkap.strip():
        problems.append(FieldProblem("nama_lengkap", "Nama lengkap wajib diisi."))
    if peran not in ROLES:
        problems.append(FieldProblem("peran", "Pilih peran: " + ", ".join(ROLE_LABELS.values())))
    minimum = settings.get("keamanan.panjang_sandi_min")
    for msg in policy_problems(sandi, nama_pengguna, minimum):
        problems.append(FieldProblem("sandi", msg))
    if ulangi is not None and ulangi != sandi:
        problems.append(FieldProblem("ulangi_sandi", "Ulangan kata sandi tidak sama."))
    return problems


def _raise(problems: list[FieldProblem]) -> None:
    if problems:
        raise ValidationError("\n".join(p.message for p in problems), problems)


def has_users() -> bool:
    return Pengguna.select().exists()


def create_first_admin(nama_pengguna: str, nama_lengkap: str, sandi: str,
                       ulangi: str | None = None, kecamatan_id: int | None = None) -> UserInfo:
    """The first account of a new office; refused once any user exists (no default password)."""
    nama_pengguna = nama_pengguna.strip().lower()
    with write():
        if has_users():
            raise Conflict("Administrator pertama sudah dibuat. Masuk dengan akun itu.")
        _raise(_check_new_user(nama_pengguna, nama_lengkap, "admin", sandi, ulangi))
        u = Pengguna.create(nama_pengguna=nama_pengguna, nama_lengkap=nama_lengkap.strip(),
                            peran="admin", kata_sandi_hash=hash_password(sandi),
                            kecamatan=kecamatan_id)
        audit.record_create(Actor.system("penyiapan"), u, f"Administrator pertama {nama_pengguna}")
    return _info(u)


#: ``create_user``'s kecamatan when the caller names none (see :func:`_kecamatan_for`).
TANPA_KECAMATAN = 0


def roles_for(actor: Actor) -> list[str]:
    """The roles the actor may give: role dinas only in a Dinas database, by an administrator
    who sees every kecamatan."""
    dinas_ok = lingkup.is_dinas() and lingkup.kecamatan_scope(actor) is None
    return [r for r in ROLES if r not in ROLES_DINAS or dinas_ok]


def kecamatan_choices(actor: Actor) -> list[tuple[int, str]]:
    """(id, name) of the kecamatan the actor may give a new user (Dinas database; empty in a
    kecamatan database, where every user belongs to the office)."""
    if not lingkup.is_dinas():
        return []
    ids = lingkup.visible_kecamatan_ids(actor)
    rows = Kecamatan.select(Kecamatan.id, Kecamatan.nama).where(Kecamatan.id.in_(ids))
    return [(int(k.id), str(k.nama)) for k in rows.order_by(Kecamatan.kode)]


def _check_role_kecamatan(actor: Actor, peran: str, kecamatan_id: int | None) -> None:
    """The rules of a role and its kecamatan (ValidationError / PermissionDenied)."""
    if peran in ROLES_DINAS and not lingkup.is_dinas():
        raise ValidationError.single(
            "peran", f"Peran {ROLE_LABELS[peran]} hanya ada di basis data Dinas Sosial "
            "kabupaten/kota.")
    if not lingkup.is_dinas():
        return
    scope = lingkup.kecamatan_scope(actor)
    if peran in ROLES_DINAS:
        if scope is not None:
            raise PermissionDenied(
                f"Hanya administrator Dinas Sosial yang dapat memberi peran "
                f"{ROLE_LABELS[peran]}.")
        if kecamatan_id is not None:
            raise ValidationError.single(
                "kecamatan", f"Pengguna berperan {ROLE_LABELS[peran]} tidak terikat ke satu "
                "kecamatan: kosongkan pilihan kecamatan.")
        return
    if kecamatan_id is None:
        if peran == "admin" and scope is None:
            return  # an administrator of the whole kabupaten
        raise ValidationError.single(
            "kecamatan", f"Pilih kecamatan pengguna berperan {ROLE_LABELS[peran]}.")
    if not Kecamatan.select().where(Kecamatan.id == kecamatan_id).exists():
        raise ValidationError.single("kecamatan", "Kecamatan yang dipilih tidak ada.")
    lingkup.check_kecamatan(actor, kecamatan_id)


def _kecamatan_for(actor: Actor, kecamatan_id: int | None) -> int | None:
    """The new user's kecamatan: a kecamatan database keeps the creator's (as it always did);
    in a Dinas database a kecamatan administrator's users are of their kecamatan."""
    if not lingkup.is_dinas():
        return actor.kecamatan_id
    if kecamatan_id == TANPA_KECAMATAN:
        return lingkup.kecamatan_scope(actor)
    return kecamatan_id


def create_user(actor: Actor, nama_pengguna: str, nama_lengkap: str, peran: str, sandi: str,
                ulangi: str | None = None, kecamatan_id: int | None = TANPA_KECAMATAN
                ) -> UserInfo:
    """A new account. In a Dinas database ``kecamatan_id`` is the user's kecamatan (None: a
    user of the whole kabupaten: role dinas or a kabupaten administrator); left out, it is the
    creating administrator's kecamatan."""
    require(actor, Aksi.PENGGUNA_KELOLA)
    nama_pengguna = nama_pengguna.strip().lower()
    kec = _kecamatan_for(actor, kecamatan_id)
    with write():
        problems = _check_new_user(nama_pengguna, nama_lengkap, peran, sandi, ulangi)
        if peran in ROLES:
            try:
                _check_role_kecamatan(actor, peran, kec)
            except ValidationError as exc:
                problems += exc.problems
        _raise(problems)
        u = Pengguna.create(nama_pengguna=nama_pengguna, nama_lengkap=nama_lengkap.strip(),
                            peran=peran, kata_sandi_hash=hash_password(sandi),
                            kecamatan=kec, harus_ganti_sandi=True)
        audit.record_create(actor, u, f"Pengguna baru {nama_pengguna} ({ROLE_LABELS[peran]})"
                            + (f", Kecamatan {_info(u).kecamatan_nama}"
                               if lingkup.is_dinas() and kec is not None else ""))
    return _info(u)


def list_users(actor: Actor) -> list[UserInfo]:
    """The users the actor may manage: in a Dinas database a kecamatan administrator sees only
    the users of their kecamatan."""
    require(actor, Aksi.PENGGUNA_KELOLA)
    q = Pengguna.select().order_by(Pengguna.nama_pengguna)
    if lingkup.is_dinas():
        scope = lingkup.kecamatan_scope(actor)
        if scope is not None:
            q = q.where(Pengguna.kecamatan == scope)
    names = {int(k.id): str(k.nama) for k in Kecamatan.select(Kecamatan.id, Kecamatan.nama)}
    return [_info(u, names) for u in q]


def _get(user_id: int, actor: Actor | None = None) -> Pengguna:
    """The user; with ``actor``, only one the actor may manage (Dinas database: a kecamatan
    administrator manages only the users of their kecamatan)."""
    u = Pengguna.get_or_none(Pengguna.id == user_id)
    if u is None:
        raise NotFound("Pengguna tidak ditemukan (mungkin sudah dihapus).")
    if actor is not None and lingkup.is_dinas():
        scope = lingkup.kecamatan_scope(actor)
        if scope is not None and u.__data__.get("kecamatan") != scope:
            raise PermissionDenied("Pengguna ini bukan pengguna kecamatan Anda; Anda hanya "
                                   "dapat mengelola pengguna kecamatan Anda sendiri.")
    return u


def _active_admins_except(user_id: int) -> int:
    """Other active administrators; in a Dinas database: of the whole kabupaten (kecamatan
    NULL) when the user is one, so the kabupaten always keeps an administrator."""
    q = Pengguna.select().where(
        (Pengguna.peran == "admin") & Pengguna.aktif & (Pengguna.id != user_id))
    if lingkup.is_dinas():
        u = Pengguna.get_or_none(Pengguna.id == user_id)
        if u is not None and u.__data__.get("kecamatan") is None:
            q = q.where(Pengguna.kecamatan.is_null())
    return int(q.count())


def _save(actor: Actor, u: Pengguna, before: dict[str, object], versi: int | None,
          ringkasan: str) -> UserInfo:
    if versi is not None and u.versi != versi:
        raise Conflict("Data pengguna ini baru saja diubah orang lain. Muat ulang lalu ulangi.")
    u.versi += 1
    u.save()
    audit.record_update(actor, u, before, ringkasan)
    return _info(u)


def set_active(actor: Actor, user_id: int, aktif: bool, versi: int | None = None) -> UserInfo:
    require(actor, Aksi.PENGGUNA_KELOLA)
    with write():
        u = _get(user_id, actor)
        if not aktif and u.id == actor.user_id:
            raise Conflict("Anda tidak dapat menonaktifkan akun Anda sendiri.")
        if not aktif and u.peran == "admin" and _active_admins_except(u.id) == 0:
            raise Conflict("Harus ada sedikitnya satu administrator aktif. Tambahkan "
                           "administrator lain sebelum menonaktifkan akun ini.")
        before = audit.snapshot(u)
        u.aktif = aktif
        if aktif:
            u.gagal_login, u.terkunci_sampai = 0, None
        verb = "Mengaktifkan" if aktif else "Menonaktifkan"
        return _save(actor, u, before, versi, f"{verb} pengguna {u.nama_pengguna}")


def unlock(actor: Actor, user_id: int, versi: int | None = None) -> UserInfo:
    """Lift a lockout after failed logins before it expires."""
    require(actor, Aksi.PENGGUNA_KELOLA)
    with write():
        u = _get(user_id, actor)
        before = audit.snapshot(u)
        u.gagal_login, u.terkunci_sampai = 0, None
        return _save(actor, u, before, versi, f"Membuka kunci akun {u.nama_pengguna}")


def change_role(actor: Actor, user_id: int, peran: str, versi: int | None = None) -> UserInfo:
    require(actor, Aksi.PENGGUNA_KELOLA)
    if peran not in ROLES:
        raise ValidationError.single("peran", "Peran tidak dikenal.")
    with write():
        u = _get(user_id, actor)
        _check_role_kecamatan(actor, peran, u.__data__.get("kecamatan"))
        if u.peran == "admin" and peran != "admin" and _active_admins_except(u.id) == 0:
            raise Conflict("Ini administrator aktif terakhir; perannya tidak dapat diubah.")
        before = audit.snapshot(u)
        u.peran = peran
        return _save(actor, u, before, versi,
                     f"Peran {u.nama_pengguna} menjadi {ROLE_LABELS[peran]}")


def reset_password(actor: Actor, user_id: int, sandi: str, ulangi: str | None = None,
                   versi: int | None = None) -> UserInfo:
    """The admin sets a temporary password; the user must change it at the next login."""
    require(actor, Aksi.PENGGUNA_KELOLA)
    with write():
        u = _get(user_id, actor)
        problems = [FieldProblem("sandi", m) for m in policy_problems(
            sandi, u.nama_pengguna, settings.get("keamanan.panjang_sandi_min"))]
        if ulangi is not None and ulangi != sandi:
            problems.append(FieldProblem("ulangi_sandi", "Ulangan kata sandi tidak sama."))
        _raise(problems)
        before = audit.snapshot(u)
        u.kata_sandi_hash = hash_password(sandi)
        u.harus_ganti_sandi = True
        u.gagal_login, u.terkunci_sampai = 0, None
        u.sandi_diubah_pada = now()
        return _save(actor, u, before, versi, f"Mengatur ulang kata sandi {u.nama_pengguna}")


def change_own_password(actor: Actor, lama: str, baru: str, ulangi: str) -> None:
    with write():
        u = _get(actor.user_id or 0)
        if not verify_password(lama, u.kata_sandi_hash):
            raise ValidationError.single("sandi_lama", "Kata sandi lama salah.")
        problems = [FieldProblem("sandi", m) for m in policy_problems(
            baru, u.nama_pengguna, settings.get("keamanan.panjang_sandi_min"))]
        if baru == lama:
            problems.append(FieldProblem("sandi", "Kata sandi baru harus berbeda dari yang lama."))
        if ulangi != baru:
            problems.append(FieldProblem("ulangi_sandi", "Ulangan kata sandi tidak sama."))
        _raise(problems)
        before = audit.snapshot(u)
        u.kata_sandi_hash = hash_password(baru)
        u.harus_ganti_sandi = False
        u.sandi_diubah_pada = now()
        _save(actor, u, before, None, f"{u.nama_pengguna} mengganti kata sandinya")
