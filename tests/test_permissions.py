"""Role x action: every action that exists, for every role, through the services themselves."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from kecamatan_app.services import audit, kantor, referensi, settings, users
from kecamatan_app.services.context import ROLES, Actor
from kecamatan_app.services.errors import PermissionDenied
from kecamatan_app.services.permissions import MATRIX, PRIBADI, Aksi, allowed

#: The expected matrix, written out independently of permissions.MATRIX.
EXPECTED: dict[Aksi, set[str]] = {
    Aksi.KANTOR_UBAH: {"admin", "operator"},
    Aksi.PEJABAT_UBAH: {"admin", "operator", "camat"},
    Aksi.PENGGUNA_KELOLA: {"admin"},
    Aksi.AUDIT_LIHAT: {"admin", "camat"},
    Aksi.AUDIT_EKSPOR: {"admin", "camat"},
    Aksi.REFERENSI_UBAH: {"admin", "operator"},
    Aksi.PENGATURAN_UBAH: {"admin"},
    Aksi.PENDAFTAR_LIHAT: {"admin", "operator", "camat", "dinas"},
    Aksi.PENDAFTAR_UBAH: {"admin", "operator"},
    Aksi.BERKAS_VERIFIKASI: {"admin", "operator"},
    Aksi.SELEKSI_CATAT: {"admin", "operator"},
    Aksi.PENUGASAN_KELOLA: {"admin", "operator"},
    Aksi.ATURAN_TKSK_UBAH: {"admin"},
    Aksi.WILAYAH_UBAH: {"admin", "operator"},
    Aksi.PEMETAAN_LIHAT: {"admin", "operator", "tksk", "camat", "dinas"},
    Aksi.PEMETAAN_UBAH: {"admin", "operator", "tksk"},
    Aksi.REGISTRI_LIHAT: {"admin", "operator", "tksk", "camat", "dinas"},
    Aksi.REGISTRI_UBAH: {"admin", "operator", "tksk"},
    Aksi.NIK_BUKA: {"admin", "operator", "tksk"},
    Aksi.KEGIATAN_LIHAT: {"admin", "operator", "tksk", "camat", "dinas"},
    Aksi.KEGIATAN_UBAH: {"admin", "operator", "tksk"},
    Aksi.LAPORAN_LIHAT: {"admin", "operator", "tksk", "camat", "dinas"},
    Aksi.LAPORAN_SUSUN: {"admin", "operator", "tksk"},
    Aksi.LAPORAN_AJUKAN: {"tksk"},
    Aksi.LAPORAN_SETUJUI: {"camat"},
    Aksi.CADANGAN_BUAT: {"admin", "operator"},
    Aksi.CADANGAN_PULIHKAN: {"admin"},
    Aksi.AKSES_SUBJEK: {"admin", "operator"},
    Aksi.RETENSI_KELOLA: {"admin"},
    Aksi.KABUPATEN_LIHAT: {"admin", "dinas"},
    Aksi.PAKET_EKSPOR: {"admin", "operator", "camat", "tksk"},
    Aksi.PAKET_IMPOR: {"admin", "dinas"},
}

#: Roles of a kecamatan database (role "dinas" exists only in a Dinas database:
#: tests/test_dinas_peran.py exercises it there).
ROLES_KECAMATAN = tuple(r for r in ROLES if r != "dinas")


def test_every_action_has_an_expectation():
    assert set(EXPECTED) == set(Aksi)
    assert set(MATRIX) == set(ROLES)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("aksi", list(Aksi))
def test_matrix(role, aksi):
    actor = Actor(1, "x", "X", role)
    assert allowed(actor, aksi) == (role in EXPECTED[aksi])


def _candidate(admin: Actor, tmp_path) -> tuple[int, int]:
    import datetime as dt

    from kecamatan_app.services import berkas, desa, pendaftar

    pid, _ = pendaftar.create(admin, pendaftar.PendaftarData(
        nik="1603065203990001", nama="Rina", jenis_kelamin="P",
        tanggal_lahir=dt.date(1999, 3, 12), kewarganegaraan="WNI",
        desa_domisili_id=desa.resolve("Sigam").id, pendidikan="SMA",
        status_kepegawaian="Bukan ASN/TNI/Polri/Legislatif", pilar_sosial="PSM",
        dapat_komputer=True, surat_sehat="Ada", skck="Ada", tanggal_daftar=dt.date(2026, 10, 1)))
    scan = tmp_path / "ktp.pdf"
    scan.write_bytes(b"%PDF-1.4 contoh")
    return pid, berkas.attach(admin, pid, berkas.types()[1].id, scan)


def _person(admin: Actor) -> int:
    from kecamatan_app.services import desa, registri

    saved = registri.create_warga(admin, registri.WargaData(
        nik="1603061203800002", nama="Budi (contoh)", jenis_kelamin="L",
        desa_id=desa.resolve("Sigam").id))
    return saved.id


def _calls(actor: Actor, pid: int = 0, bid: int = 0, wid: int = 0
           ) -> dict[Aksi, Callable[[], object]]:
    import datetime as dt

    from kecamatan_app.services import (
        akses_subjek,
        berkas,
        cadangan,
        desa,
        kegiatan_daftar,
        kegiatan_templat,
        laporan,
        pendaftar,
        penugasan,
        registri,
        registri_cari,
        rekap,
        retensi,
        wilayah_kantor,
    )
    from kecamatan_app.services.kegiatan_periksa import KegiatanData
    from kecamatan_app.services.pendaftar_daftar import search

    desa_id = desa.resolve("Sigam").id
    kat_id = rekap.kategori_list("PPKS")[0].id
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
        Aksi.PENDAFTAR_LIHAT: lambda: search(actor),
        Aksi.PENDAFTAR_UBAH: lambda: pendaftar.create(actor, pendaftar.PendaftarData(
            nik="1603060101950003", nama="Andi", jenis_kelamin="L",
            tanggal_lahir=dt.date(1995, 1, 1), tanggal_daftar=dt.date(2026, 10, 1))),
        Aksi.BERKAS_VERIFIKASI: lambda: berkas.set_verified(actor, bid, True),
        Aksi.SELEKSI_CATAT: lambda: penugasan.record_decision(
            actor, pid, "diusulkan", dt.date(2026, 10, 5)),
        Aksi.PENUGASAN_KELOLA: lambda: penugasan.appoint(actor, pid, penugasan.SkData(
            "SK 1", dt.date(2026, 11, 1), "Dinas Sosial", dt.date(2026, 11, 1))),
        Aksi.ATURAN_TKSK_UBAH: lambda: settings.set_value(actor, "tksk.usia_maks", 36),
        Aksi.WILAYAH_UBAH: lambda: wilayah_kantor.create_dusun(actor, desa_id, "Dusun Uji"),
        Aksi.PEMETAAN_LIHAT: lambda: rekap.grid(actor, rekap.Periode(2026), "PPKS"),
        Aksi.PEMETAAN_UBAH: lambda: rekap.save_cells(
            actor, rekap.Periode(2026), [rekap.CellChange(desa_id, kat_id, "desa", 3)]),
        Aksi.REGISTRI_LIHAT: lambda: registri_cari.search(actor),
        Aksi.REGISTRI_UBAH: lambda: registri.create_keluarga(
            actor, registri.KeluargaData(kepala="Kepala (contoh)", desa_id=desa_id)),
        Aksi.NIK_BUKA: lambda: registri.reveal_nik(actor, wid),
        Aksi.KEGIATAN_LIHAT: lambda: kegiatan_daftar.search(actor),
        Aksi.KEGIATAN_UBAH: lambda: kegiatan_templat.save(
            actor, f"Templat {actor.role}", KegiatanData(None, None, None, "Monitoring BPNT")),
        Aksi.LAPORAN_LIHAT: lambda: laporan.get(actor, 2026, 10),
        # past the permission gate, these stop at the data (a month to come, no such report)
        Aksi.LAPORAN_SUSUN: _past_gate(lambda: laporan.open_month(actor, 2099, 1)),
        Aksi.LAPORAN_AJUKAN: _past_gate(lambda: laporan.move(actor, 999_999, "diajukan")),
        Aksi.LAPORAN_SETUJUI: _past_gate(lambda: laporan.move(actor, 999_999, "disetujui")),
        Aksi.CADANGAN_BUAT: _sqlite_backup(lambda: cadangan.buat(
            actor, cadangan.target_aktif().backup_dir() / f"uji-{actor.role}.zip")),
        # past the gate, a backup that does not exist is refused by the check
        Aksi.CADANGAN_PULIHKAN: _sqlite_backup(_past_gate(lambda: cadangan.pulihkan(
            actor, cadangan.target_aktif().backup_dir() / "tidak-ada.zip"))),
        Aksi.AKSES_SUBJEK: lambda: akses_subjek.kumpulkan(actor, "1603061203800002"),
        Aksi.RETENSI_KELOLA: lambda: retensi.calon(actor),
        **_dinas_calls(actor),
    }


def _dinas_calls(actor: Actor) -> dict[Aksi, Callable[[], object]]:
    """The Dinas Sosial actions (dashboard, exchange package) through their services. In a
    kecamatan database the dashboard and receiving packages are refused by the kind of
    database once past the permission check; that counts as past it."""
    import datetime as dt

    from kecamatan_app.services import kabupaten, paket_ekspor, paket_impor

    return {
        Aksi.KABUPATEN_LIHAT: _past_gate(lambda: kabupaten.dasbor(actor, dt.date.today().year)),
        Aksi.PAKET_EKSPOR: lambda: paket_ekspor.bulan_siap(actor),
        Aksi.PAKET_IMPOR: _past_gate(lambda: paket_impor.impor(actor, "tidak-ada.zip")),
    }


def _sqlite_backup(call: Callable[[], object]) -> Callable[[], object]:
    """Backup and restore are the SQLite file's: on PostgreSQL, once past the permission check,
    they are refused with the pointer to pg_dump (docs/cadangan.md); that counts as past it."""
    from kecamatan_app.services.errors import AppError
    from tests.db_bantu import is_postgres

    def run() -> object:
        try:
            return call()
        except AppError as exc:
            if is_postgres() and not isinstance(exc, PermissionDenied) and "pg_dump" in str(exc):
                return None
            raise

    return run


def _past_gate(call: Callable[[], object]) -> Callable[[], object]:
    """A call that, once allowed, is refused by the data (not the role): that refusal counts as
    getting past the permission check."""
    from kecamatan_app.services.cadangan import CadanganDitolak
    from kecamatan_app.services.errors import Conflict, NotFound, ValidationError
    from kecamatan_app.services.paket_impor import PaketDitolak

    def run() -> object:
        try:
            return call()
        except (NotFound, ValidationError, CadanganDitolak, PaketDitolak):
            return None
        except Conflict as exc:  # a Dinas Sosial feature asked of a kecamatan database
            if "Dinas Sosial" not in str(exc):
                raise
            return None

    return run


@pytest.mark.parametrize("role", ROLES_KECAMATAN)
def test_services_enforce_the_matrix(role, admin, make_actor, tmp_path):
    pid, bid = _candidate(admin, tmp_path)
    wid = _person(admin)
    actor = admin if role == "admin" else make_actor(role)
    calls = _calls(actor, pid, bid, wid)
    assert set(calls) == set(Aksi), "every action is exercised through a service"
    for aksi, call in calls.items():
        if role in EXPECTED[aksi]:
            call()
        else:
            with pytest.raises(PermissionDenied, match="tidak berhak"):
                call()


def test_system_actor_may_do_everything_but_the_personal_decisions():
    """The command line acts as the system; it may not submit or approve a report for the TKSK
    or the camat."""
    sys_actor = Actor.system()
    assert all(allowed(sys_actor, a) for a in Aksi if a not in PRIBADI)
    assert {Aksi.LAPORAN_AJUKAN, Aksi.LAPORAN_SETUJUI} == PRIBADI
    assert not any(allowed(sys_actor, a) for a in PRIBADI)


def test_role_change_applies_to_a_logged_in_user_at_once(admin, make_actor):
    op = make_actor("operator")
    referensi.save(op, "program", None, "p_satu", "Program Satu")
    users.change_role(admin, op.user_id, "tksk")
    with pytest.raises(PermissionDenied, match="TKSK tidak berhak"):
        referensi.save(op, "program", None, "p_dua", "Program Dua")
    users.set_active(admin, op.user_id, False)
    with pytest.raises(PermissionDenied, match="dinonaktifkan"):
        audit.search(op, audit.AuditFilter())


def test_role_dinas_in_a_dinas_database_through_the_services(db, tmp_path):
    """Role dinas reads every kecamatan and receives packages; it changes nothing of a
    kecamatan's records and never opens a full NIK."""
    import datetime as dt

    from kecamatan_app.services import kabupaten, paket_impor, registri, registri_cari
    from tests import dinas_bantu

    dinas_bantu.setup()
    admin_kab = dinas_bantu.login("dinasadmin")
    dinas = dinas_bantu.make_user(admin_kab, "dinas1", "dinas", None)
    assert len(kabupaten.dasbor(dinas, dt.date.today().year).kecamatan) == 22
    assert registri_cari.search(dinas) == []
    with pytest.raises(paket_impor.PaketDitolak):  # past the gate: the file is checked
        paket_impor.impor(dinas, tmp_path / "tidak-ada.zip")
    for aksi in Aksi:
        assert allowed(dinas, aksi) == ("dinas" in EXPECTED[aksi]), aksi
    with pytest.raises(PermissionDenied, match="tidak berhak"):
        referensi.save(dinas, "program", None, "p_dinas", "Program Dinas")
    with pytest.raises(PermissionDenied, match="tidak berhak"):
        users.list_users(dinas)
    with pytest.raises(PermissionDenied, match="tidak berhak"):
        registri.create_warga(dinas, registri.WargaData(nama="X", jenis_kelamin="L",
                                                       desa_id=None))
    with pytest.raises(PermissionDenied, match="tidak berhak"):
        registri.reveal_nik(dinas, 1)
