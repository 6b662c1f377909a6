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
    PENDAFTAR_LIHAT = "pendaftar.lihat"
    PENDAFTAR_UBAH = "pendaftar.ubah"
    BERKAS_VERIFIKASI = "berkas.verifikasi"
    SELEKSI_CATAT = "seleksi.catat"
    PENUGASAN_KELOLA = "penugasan.kelola"
    ATURAN_TKSK_UBAH = "aturan_tksk.ubah"
    WILAYAH_UBAH = "wilayah.ubah"
    PEMETAAN_LIHAT = "pemetaan.lihat"
    PEMETAAN_UBAH = "pemetaan.ubah"
    REGISTRI_LIHAT = "registri.lihat"
    REGISTRI_UBAH = "registri.ubah"
    NIK_BUKA = "nik.buka"
    KEGIATAN_LIHAT = "kegiatan.lihat"
    KEGIATAN_UBAH = "kegiatan.ubah"
    LAPORAN_LIHAT = "laporan.lihat"
    LAPORAN_SUSUN = "laporan.susun"
    LAPORAN_AJUKAN = "laporan.ajukan"
    LAPORAN_SETUJUI = "laporan.setujui"
    CADANGAN_BUAT = "cadangan.buat"
    CADANGAN_PULIHKAN = "cadangan.pulihkan"
    AKSES_SUBJEK = "data.akses_subjek"
    RETENSI_KELOLA = "data.retensi"
    KABUPATEN_LIHAT = "kabupaten.lihat"
    PAKET_EKSPOR = "paket.ekspor"
    PAKET_IMPOR = "paket.impor"


AKSI_LABELS: dict[Aksi, str] = {
    Aksi.KANTOR_UBAH: "mengubah data kantor dan kop surat",
    Aksi.PEJABAT_UBAH: "mengubah data camat/pejabat",
    Aksi.PENGGUNA_KELOLA: "mengelola pengguna",
    Aksi.AUDIT_LIHAT: "melihat jejak audit",
    Aksi.AUDIT_EKSPOR: "mengekspor jejak audit",
    Aksi.REFERENSI_UBAH: "mengubah daftar referensi",
    Aksi.PENGATURAN_UBAH: "mengubah pengaturan aplikasi",
    Aksi.PENDAFTAR_LIHAT: "melihat data pendaftar TKSK",
    Aksi.PENDAFTAR_UBAH: "menambah atau mengubah pendaftar TKSK",
    Aksi.BERKAS_VERIFIKASI: "memverifikasi berkas pendaftar",
    Aksi.SELEKSI_CATAT: "mencatat keputusan seleksi TKSK",
    Aksi.PENUGASAN_KELOLA: "mengangkat, mengganti atau memberhentikan TKSK",
    Aksi.ATURAN_TKSK_UBAH: "mengubah aturan pemeriksaan syarat TKSK",
    Aksi.WILAYAH_UBAH: "mengubah data desa/kelurahan dan dusun",
    Aksi.PEMETAAN_LIHAT: "melihat rekap pemetaan sosial",
    Aksi.PEMETAAN_UBAH: "mengisi atau mengubah rekap pemetaan sosial",
    Aksi.REGISTRI_LIHAT: "melihat data PPKS/PSKS per nama dan alamat",
    Aksi.REGISTRI_UBAH: "menambah atau mengubah data PPKS/PSKS per nama dan alamat",
    Aksi.NIK_BUKA: "membuka NIK lengkap",
    Aksi.KEGIATAN_LIHAT: "melihat kegiatan dan rujukan TKSK",
    Aksi.KEGIATAN_UBAH: "mencatat atau mengubah kegiatan dan rujukan TKSK",
    Aksi.LAPORAN_LIHAT: "melihat laporan bulanan TKSK",
    Aksi.LAPORAN_SUSUN: "menyusun naskah laporan bulanan TKSK",
    Aksi.LAPORAN_AJUKAN: "mengajukan laporan bulanan (hanya TKSK)",
    Aksi.LAPORAN_SETUJUI: "menyetujui, mengembalikan atau membuka kembali laporan bulanan "
                          "(hanya Camat)",
    Aksi.CADANGAN_BUAT: "membuat cadangan basis data dan lampiran",
    Aksi.CADANGAN_PULIHKAN: "memulihkan basis data dari cadangan",
    Aksi.AKSES_SUBJEK: "mencetak semua data pribadi yang disimpan tentang satu orang",
    Aksi.RETENSI_KELOLA: "memusnahkan data yang melewati masa simpan",
    Aksi.KABUPATEN_LIHAT: "melihat dasbor dan rekap gabungan seluruh kecamatan kabupaten",
    Aksi.PAKET_EKSPOR: "membuat paket kiriman laporan bulanan untuk Dinas Sosial",
    Aksi.PAKET_IMPOR: "menerima (mengimpor) paket kiriman laporan kecamatan",
}

#: Decisions a person must take under their own account: no administrator and no system
#: actor (the command line, scripts) may take them for the TKSK or the camat.
PRIBADI: frozenset[Aksi] = frozenset({Aksi.LAPORAN_AJUKAN, Aksi.LAPORAN_SETUJUI})

MATRIX: dict[str, frozenset[Aksi]] = {
    "admin": frozenset(Aksi) - PRIBADI,
    "operator": frozenset({
        Aksi.KANTOR_UBAH, Aksi.PEJABAT_UBAH, Aksi.REFERENSI_UBAH, Aksi.PENDAFTAR_LIHAT,
        Aksi.PENDAFTAR_UBAH, Aksi.BERKAS_VERIFIKASI, Aksi.SELEKSI_CATAT, Aksi.PENUGASAN_KELOLA,
        Aksi.WILAYAH_UBAH, Aksi.PEMETAAN_LIHAT, Aksi.PEMETAAN_UBAH, Aksi.REGISTRI_LIHAT,
        Aksi.REGISTRI_UBAH, Aksi.NIK_BUKA, Aksi.KEGIATAN_LIHAT, Aksi.KEGIATAN_UBAH,
        Aksi.LAPORAN_LIHAT, Aksi.LAPORAN_SUSUN, Aksi.CADANGAN_BUAT, Aksi.AKSES_SUBJEK,
        Aksi.PAKET_EKSPOR}),
    "tksk": frozenset({Aksi.PEMETAAN_LIHAT, Aksi.PEMETAAN_UBAH, Aksi.REGISTRI_LIHAT,
                       Aksi.REGISTRI_UBAH, Aksi.NIK_BUKA, Aksi.KEGIATAN_LIHAT,
                       Aksi.KEGIATAN_UBAH, Aksi.LAPORAN_LIHAT, Aksi.LAPORAN_SUSUN,
                       Aksi.LAPORAN_AJUKAN, Aksi.PAKET_EKSPOR}),
    "camat": frozenset({Aksi.AUDIT_LIHAT, Aksi.AUDIT_EKSPOR, Aksi.PEJABAT_UBAH,
                        Aksi.PENDAFTAR_LIHAT, Aksi.PEMETAAN_LIHAT, Aksi.REGISTRI_LIHAT,
                        Aksi.KEGIATAN_LIHAT, Aksi.LAPORAN_LIHAT, Aksi.LAPORAN_SETUJUI,
                        Aksi.PAKET_EKSPOR}),
    # Dinas Sosial of the kabupaten (only in a Dinas database, no kecamatan): reads every
    # kecamatan (not the full NIK), receives the exchange packages, changes no kecamatan's
    # records.
    "dinas": frozenset({Aksi.KABUPATEN_LIHAT, Aksi.PAKET_IMPOR, Aksi.PENDAFTAR_LIHAT,
                        Aksi.PEMETAAN_LIHAT, Aksi.REGISTRI_LIHAT, Aksi.KEGIATAN_LIHAT,
                        Aksi.LAPORAN_LIHAT}),
}


#: Actions on what every kecamatan of a Dinas database shares (reference lists, settings, the
#: whole database's backup): there only a user of the whole kabupaten may take them, never a
#: kecamatan's own administrator or operator.
BERSAMA: frozenset[Aksi] = frozenset({
    Aksi.REFERENSI_UBAH, Aksi.PENGATURAN_UBAH, Aksi.ATURAN_TKSK_UBAH, Aksi.CADANGAN_BUAT,
    Aksi.CADANGAN_PULIHKAN})


def _kecamatan_only(actor: Actor, aksi: Aksi) -> bool:
    """A shared action (:data:`BERSAMA`) that a user of one kecamatan of a Dinas database may
    not take."""
    if aksi not in BERSAMA or actor.is_system or actor.kecamatan_id is None:
        return False
    from . import lingkup

    return lingkup.is_dinas()


def allowed(actor: Actor, aksi: Aksi) -> bool:
    if actor.is_system:
        return aksi not in PRIBADI
    return aksi in MATRIX.get(actor.role, frozenset()) and not _kecamatan_only(actor, aksi)


def current_role(actor: Actor) -> str:
    """The role as the database has it now: an admin's change applies to a user who is already
    logged in from their next action on, not from their next login. A disabled or deleted
    account has no rights."""
    if actor.is_system or actor.user_id is None:
        return actor.role
    from ..models import Pengguna

    row = (Pengguna.select(Pengguna.peran, Pengguna.aktif)
           .where(Pengguna.id == actor.user_id).first())
    if row is None or not row.aktif:
        raise PermissionDenied("Akun Anda sudah dinonaktifkan. Hubungi administrator.")
    return str(row.peran)


def require(actor: Actor, aksi: Aksi) -> None:
    role_now = current_role(actor)
    if role_now != actor.role:
        actor = Actor(actor.user_id, actor.username, actor.full_name, role_now,
                      actor.kecamatan_id)
    if _kecamatan_only(actor, aksi):
        raise PermissionDenied(
            f"Di basis data Dinas Sosial, hanya administrator kabupaten yang berhak "
            f"{AKSI_LABELS[aksi]}: hal ini menyangkut semua kecamatan.")
    if not allowed(actor, aksi):
        role = ROLE_LABELS.get(actor.role, actor.role)
        raise PermissionDenied(
            f"Peran {role} tidak berhak {AKSI_LABELS[aksi]}. "
            "Minta administrator melakukannya atau mengubah peran Anda."
        )
