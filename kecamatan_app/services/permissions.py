"""Who may do what: the role x action matrix, enforced in the services.

The GUI hides what a role may not do, but the check that counts is :func:`require`, called by
every service function, so the CLI and the GUI obey the same rules. Each module adds its actions
here; ``tests/test_permissions.py`` exercises every action for every role.
"""

from __future__ import annotations

from enum import StrEnum

from .context import ROLE_LABELS, Actor
from .errors import PermissionDenied


class Aksi(StrEnum):
    KANTOR_UBAH = "kantor.ubah"
    PEJABAT_UBAH = "pejabat.ubah"
    PENGGUNA_KELOLA = "pengguna.kelola"
    AUDIT_LIHAT = "audit.lihat"
    AUDIT_EKSPOR = "audit.ekspor"
    REFERENSI_UBAH = "referensi.ubah"
    PENGATURAN_UBAH = "pengaturan.ubah"


AKSI_LABELS: dict[Aksi, str] = {
    Aksi.KANTOR_UBAH: "mengubah data kantor dan kop surat",
    Aksi.PEJABAT_UBAH: "mengubah data camat/pejabat",
    Aksi.PENGGUNA_KELOLA: "mengelola pengguna",
    Aksi.AUDIT_LIHAT: "melihat jejak audit",
    Aksi.AUDIT_EKSPOR: "mengekspor jejak audit",
    Aksi.REFERENSI_UBAH: "mengubah daftar referensi",
    Aksi.PENGATURAN_UBAH: "mengubah pengaturan aplikasi",
}

MATRIX: dict[str, frozenset[Aksi]] = {
    "admin": frozenset(Aksi),
    "operator": frozenset({Aksi.KANTOR_UBAH, Aksi.PEJABAT_UBAH, Aksi.REFERENSI_UBAH}),
    "tksk": frozenset(),
    "camat": frozenset({Aksi.AUDIT_LIHAT, Aksi.AUDIT_EKSPOR, Aksi.PEJABAT_UBAH}),
}


def allowed(actor: Actor, aksi: Aksi) -> bool:
    if actor.is_system:
        return True
    return aksi in MATRIX.get(actor.role, frozenset())


def require(actor: Actor, aksi: Aksi) -> None:
    if not allowed(actor, aksi):
        role = ROLE_LABELS.get(actor.role, actor.role)
        raise PermissionDenied(
            f"Peran {role} tidak berhak {AKSI_LABELS[aksi]}. "
            "Minta administrator melakukannya atau mengubah peran Anda."
        )
