"""The Beranda's numbers (services.beranda): each equals what its list shows for the same filter;
the report calendar's timeliness (on time, late, returned, missing, not expected, the deadline
setting); PPKS from the latest period and the desa whose counts differ most."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from kecamatan_app.models import (
    BentukKegiatan,
    FungsiKegiatan,
    InstansiRujukan,
    LaporanBulanan,
    RiwayatLaporan,
)
from kecamatan_app.services import (
    beranda,
    desa,
    kegiatan,
    kegiatan_daftar,
    laporan,
    laporan_cetak,
    registri,
    rekap,
    ringkasan,
    rujukan,
    rujukan_daftar,
    settings,
)
from kecamatan_app.services.beranda import BELUM, LEWAT, TEPAT, TERLAMBAT, TIDAK_WAJIB
from kecamatan_app.services.context import Actor
from kecamatan_app.services.errors import PermissionDenied
from kecamatan_app.services.kegiatan_periksa import KegiatanData
from kecamatan_app.services.permissions import Aksi, allowed
from kecamatan_app.services.rujukan import RujukanData
from tests.conftest import appoint_tksk

TODAY = dt.date.today()
FIRST = TODAY.replace(day=1)
LAST_MONTH = (FIRST - dt.timedelta(days=1)).replace(day=1)
Y = TODAY.year - 1  # the calendar year of the timeliness tests: every month of it is past


def _ids(model: Any) -> dict[str, int]:
    return {r.kode: r.id for r in model.select()}


def activity(actor: Actor, day: dt.date, fungsi: str, bentuk: str, status: str = "final"
             ) -> int:
    sigam = desa.resolve("Sigam")
    assert sigam is not None
    final = status == "final"
    return kegiatan.create(actor, KegiatanData(
        tanggal=day, fungsi_id=_ids(FungsiKegiatan)[fungsi],
        bentuk_id=_ids(BentukKegiatan)[bentuk], judul=f"Kegiatan {bentuk}", lingkup="desa",
        desa_ids=[sigam.id], peserta_l=2, peserta_p=3,
        uraian="Uraian kegiatan contoh." if final else "",
        hasil="Hasil kegiatan contoh." if final else "", status=status)).id


# -- activities -----------------------------------------------------------------------------


def test_activities_this_month_and_last_equal_the_list(tksk_aktif: int, admin: Actor,
                                                       make_actor: Any) -> None:
    camat = make_actor("camat")
    for fungsi, bentuk in (("koordinasi", "koordinasi_informasi"), ("fasilitasi", "bimbingan"),
                           ("fasilitasi", "pendampingan"), ("administrasi", "pencatatan")):
        activity(admin, TODAY, fungsi, bentuk)
    activity(admin, LAST_MONTH, "koordinasi", "koordinasi_persepsi")
    activity(admin, LAST_MONTH.replace(day=2), "koordinasi", "koordinasi_kesepakatan")
    activity(admin, TODAY + dt.timedelta(days=3), "fasilitasi", "kemitraan", status="draf")
    activity(admin, FIRST - dt.timedelta(days=70), "koordinasi", "koordinasi_informasi")

    k = beranda.kegiatan_banding(camat)
    assert (k.tahun, k.bulan) == (TODAY.year, TODAY.month)
    assert (k.tahun_lalu, k.bulan_lalu) == (LAST_MONTH.year, LAST_MONTH.month)
    got = {r.fungsi: (r.bulan_ini, r.bulan_lalu) for r in k.per_fungsi}
    assert got == {"Koordinasi": (1, 2), "Fasilitasi": (2, 0), "Administrasi": (1, 0)}
    assert (k.jumlah_ini, k.jumlah_lalu, k.draf_ini) == (4, 2, 1)
    # each number is the length of the list under the filter kept beside it
    for r in k.per_fungsi:
        assert r.bulan_ini == len(kegiatan_daftar.search(camat, r.filter_ini))
        assert r.bulan_lalu == len(kegiatan_daftar.search(camat, r.filter_lalu))
    assert k.jumlah_ini == len(kegiatan_daftar.search(camat, k.filter_ini))
    assert k.jumlah_lalu == len(kegiatan_daftar.search(camat, k.filter_lalu))
    assert k.draf_ini == len(kegiatan_daftar.search(camat, k.filter_draf))
    assert k.jumlah_ini == sum(r.bulan_ini for r in k.per_fungsi)


def test_january_compares_with_december_of_the_year_before(tksk_aktif: int,
                                                           admin: Actor) -> None:
    k = beranda.kegiatan_banding(admin, dt.date(2026, 1, 15))
    assert (k.tahun, k.bulan, k.tahun_lalu, k.bulan_lalu) == (2026, 1, 2025, 12)
    assert k.label_lalu == "Desember 2025"


# -- referrals ------------------------------------------------------------------------------


def test_referral_numbers_equal_the_list(tksk_aktif: int, admin: Actor, make_actor: Any
                                         ) -> None:
    camat = make_actor("camat")
    sigam = desa.resolve("Sigam")
    assert sigam is not None
    puskesmas = InstansiRujukan.get(InstansiRujukan.kode == "puskesmas").id

    def make(name: str, made: dt.date, due: dt.date | None = None) -> int:
        w = registri.create_warga(admin, registri.WargaData(
            nik=None, nama=f"{name} (contoh)", jenis_kelamin="L", desa_id=sigam.id)).id
        return rujukan.create(admin, RujukanData(
            tanggal=made, instansi_id=puskesmas, kebutuhan="Pemeriksaan kesehatan",
            warga_id=w, jatuh_tempo=due)).id

    make("Terbuka", TODAY, TODAY + dt.timedelta(days=14))
    late = make("Terlambat", TODAY - dt.timedelta(days=40), TODAY - dt.timedelta(days=10))
    rujukan.ubah_status(admin, late, "diterima", TODAY - dt.timedelta(days=35))
    for name, hasil in (("Berhasil", "berhasil"), ("Berhasil dua", "berhasil"),
                        ("Gagal", "tidak_berhasil")):
        rid = make(name, TODAY)
        rujukan.ubah_status(admin, rid, "diterima", TODAY)
        rujukan.ubah_status(admin, rid, "selesai", TODAY, "Keterangan hasil.", hasil)
    refused = make("Ditolak", TODAY)
    rujukan.ubah_status(admin, refused, "ditolak", TODAY, "Berkas belum lengkap.")

    r = beranda.angka_rujukan(camat)
    assert (r.terbuka, r.terlambat) == (2, 1)
    assert (r.selesai, r.berhasil, r.tidak_berhasil, r.ditolak, r.dibatalkan) == (3, 2, 1, 1, 0)
    assert r.ditutup == 4
    assert r.persen_berhasil == pytest.approx(200 / 3)
    for number, f in ((r.terbuka, r.filter_terbuka), (r.terlambat, r.filter_terlambat),
                      (r.selesai, r.filter_selesai), (r.ditolak, r.filter_ditolak),
                      (r.dibatalkan, r.filter_dibatalkan)):
        assert number == len(rujukan_daftar.search(camat, f))
    # the yearly recap per agency counts the same outcomes
    total = rujukan_daftar.rekap_per_instansi(camat, dt.date(TODAY.year, 1, 1),
                                              dt.date(TODAY.year, 12, 31))[-1]
    assert (total.berhasil, total.tidak_berhasil) == (r.berhasil, r.tidak_berhasil)


def test_no_referral_gives_no_rate(tksk_aktif: int, admin: Actor) -> None:
    r = beranda.angka_rujukan(admin)
    assert (r.terbuka, r.terlambat, r.selesai) == (0, 0, 0)
    assert r.persen_berhasil is None


# -- the report calendar ------------------------------------------------------------------


@pytest.fixture
def tahun_lalu(admin: Actor, make_actor: Any) -> tuple[Actor, Actor]:
    """A TKSK on duty from 15 March of last year; returns (tksk user, camat user)."""
    appoint_tksk(admin, dt.date(Y, 3, 15))
    return make_actor("tksk"), make_actor("camat")


def _backdate(laporan_id: int, status: str, when: dt.datetime, nth: int = 0) -> None:
    steps = list(RiwayatLaporan.select().where((RiwayatLaporan.laporan == laporan_id)
                                               & (RiwayatLaporan.status == status))
                 .order_by(RiwayatLaporan.id))
    RiwayatLaporan.update(pada=when).where(RiwayatLaporan.id == steps[nth].id).execute()
    if status == "diajukan":
        LaporanBulanan.update(diajukan_pada=when).where(
            LaporanBulanan.id == laporan_id).execute()


def submit(tksk: Actor, bulan: int, on: dt.date) -> int:
    info = laporan.open_month(tksk, Y, bulan)
    info = laporan.move(tksk, info.id, "diajukan")
    _backdate(info.id, "diajukan", dt.datetime.combine(on, dt.time(10, 0)))
    return info.id


def test_timeliness_on_time_late_returned_and_missing(tahun_lalu: tuple[Actor, Actor]) -> None:
    tksk, camat = tahun_lalu
    on_time = submit(tksk, 3, dt.date(Y, 4, 5))  # the deadline day itself
    laporan_cetak.setujui(camat, on_time, None)
    submit(tksk, 4, dt.date(Y, 5, 6))  # one day late
    returned = submit(tksk, 5, dt.date(Y, 6, 2))
    laporan.move(camat, returned, "dikembalikan", "Lengkapi foto kegiatan.")
    laporan.move(tksk, returned, "diajukan")  # today: long after the deadline
    laporan.open_month(tksk, Y, 6)  # a draft, never submitted

    cal = beranda.kalender_laporan(camat, Y, today=dt.date(Y + 1, 2, 1))
    by = {m.bulan: m for m in cal.bulan}
    assert len(cal.bulan) == 12 and cal.batas_hari == 5
    assert [by[b].ketepatan for b in (1, 2)] == [TIDAK_WAJIB, TIDAK_WAJIB]
    assert not by[1].wajib and by[3].wajib

    m = by[3]
    assert (m.status, m.ketepatan, m.diajukan, m.batas) == (
        "disetujui", TEPAT, dt.date(Y, 4, 5), dt.date(Y, 4, 5))
    assert m.disetujui == TODAY and m.terlambat_hari == 0
    m = by[4]
    assert (m.status, m.ketepatan, m.terlambat_hari) == ("diajukan", TERLAMBAT, 1)
    m = by[5]  # the first submission counts, not the one after the return
    assert (m.status, m.ketepatan, m.diajukan, m.dikembalikan) == (
        "diajukan", TEPAT, dt.date(Y, 6, 2), 1)
    m = by[6]
    assert (m.status, m.status_label, m.ketepatan, m.diajukan) == ("draf", "Draf", LEWAT, None)
    assert m.terlambat_hari == (dt.date(Y + 1, 2, 1) - dt.date(Y, 7, 5)).days
    m = by[12]  # no report started
    assert (m.laporan_id, m.status_label, m.ketepatan) == (None, beranda.BELUM_DISUSUN, LEWAT)
    assert m.batas == dt.date(Y + 1, 1, 5)

    assert (cal.wajib, cal.jatuh_tempo, cal.diajukan, cal.disetujui) == (10, 10, 3, 1)
    assert (cal.tepat, cal.terlambat, cal.lewat) == (2, 1, 7)
    assert (cal.dikembalikan, cal.menunggu_perbaikan) == (1, 0)
    assert cal.persen_tepat == pytest.approx(20.0)
    # the month's status is the one the report screen reads
    for b in (3, 4, 5, 6):
        info = laporan.get(camat, Y, b)
        assert info is not None and by[b].status == info.status and by[b].laporan_id == info.id


def test_a_month_not_due_yet_waits_and_is_not_counted(tahun_lalu: tuple[Actor, Actor]) -> None:
    tksk, camat = tahun_lalu
    cal = beranda.kalender_laporan(camat, Y, today=dt.date(Y + 1, 1, 3))
    dec = cal.bulan[-1]
    assert (dec.ketepatan, dec.jatuh_tempo) == (BELUM, False)
    assert cal.jatuh_tempo == cal.wajib - 1
    submit(tksk, 12, dt.date(Y + 1, 1, 2))  # early: counted, on time
    cal = beranda.kalender_laporan(camat, Y, today=dt.date(Y + 1, 1, 3))
    assert (cal.bulan[-1].ketepatan, cal.bulan[-1].jatuh_tempo) == (TEPAT, True)
    assert (cal.tepat, cal.jatuh_tempo) == (1, cal.wajib)


def test_the_deadline_day_is_a_setting(tahun_lalu: tuple[Actor, Actor], admin: Actor) -> None:
    tksk, camat = tahun_lalu
    submit(tksk, 4, dt.date(Y, 5, 8))
    later = dt.date(Y + 1, 3, 1)
    assert beranda.kalender_laporan(camat, Y, later).bulan[3].ketepatan == TERLAMBAT
    settings.set_value(admin, "laporan.batas_hari", 10)
    cal = beranda.kalender_laporan(camat, Y, later)
    assert cal.batas_hari == 10
    assert (cal.bulan[3].batas, cal.bulan[3].ketepatan) == (dt.date(Y, 5, 10), TEPAT)
    assert beranda.batas(Y, 12, 10) == dt.date(Y + 1, 1, 10)


def test_this_year_runs_to_the_current_month(tksk_aktif: int, admin: Actor) -> None:
    cal = beranda.kalender_laporan(admin, TODAY.year)
    assert [m.bulan for m in cal.bulan] == list(range(1, TODAY.month + 1))
    assert cal.bulan[-1].ketepatan == BELUM  # its deadline is next month
    assert beranda.kalender_laporan(admin, TODAY.year + 1).bulan == []


# -- PPKS -----------------------------------------------------------------------------------


def _cells(actor: Actor, periode: rekap.Periode, values: list[tuple[int, str, int | None,
                                                                    int | None]]) -> None:
    g = rekap.grid(actor, periode, "PPKS")
    desa_ids = [d.id for d in g.desa]
    kat = {k.kode: k.id for k in g.kategori}
    changes = []
    for d, kode, dilaporkan, temuan in values:
        changes.append(rekap.CellChange(desa_ids[d], kat[kode], rekap.DESA, dilaporkan))
        changes.append(rekap.CellChange(desa_ids[d], kat[kode], rekap.TEMUAN, temuan))
    rekap.save_cells(actor, periode, changes)


def test_ppks_of_the_latest_period_equal_the_summary(admin: Actor, make_actor: Any) -> None:
    camat = make_actor("camat")
    assert beranda.ppks(camat).periode is None
    old = rekap.Periode(TODAY.year - 1)
    latest = rekap.Periode(TODAY.year, semester=1)
    _cells(admin, old, [(0, "24", 500, 500)])
    _cells(admin, latest, [(0, "09", 10, 14), (0, "08", 5, 5), (1, "24", 30, 20),
                           (2, "08", 7, None)])
    _cells(admin, rekap.Periode(TODAY.year + 1), [(0, "24", 1, 1)])  # not begun: left out
    assert beranda.periode_terakhir() == latest

    p = beranda.ppks(camat)
    g = ringkasan.gabungan(camat, latest)
    assert p.periode == latest and p.total == g.total
    assert p.sel_berbeda == g.sel_berbeda == 2
    assert sorted(p.per_kategori) == sorted(r for r in g.per_kategori
                                            if r.dilaporkan_desa or r.temuan_tksk)
    assert p.per_kategori[0].label.startswith("24 ")  # largest first
    assert [(r.label, r.dilaporkan_desa, r.temuan_tksk) for r in p.per_desa] == [
        (r.label, r.dilaporkan_desa, r.temuan_tksk)
        for r in sorted((r for r in g.per_desa if r.dilaporkan_desa or r.temuan_tksk),
                        key=lambda r: -max(r.dilaporkan_desa, r.temuan_tksk))]
    assert p.jumlah_desa == 3
    assert p.jumlah_kategori == len(p.per_kategori) == len(g.per_kategori)
    # the desa ranked by the gap over the cells where both counts are known and differ
    names = [d.nama for d in rekap.grid(camat, latest, "PPKS").desa]
    first, second = p.selisih_desa
    assert (first.desa, first.jumlah_desa, first.jumlah_temuan, first.selisih_mutlak) == (
        names[1], 30, 20, 10)
    assert first.terbesar is not None and first.terbesar.kategori.startswith("24 ")
    assert (second.desa, second.sel_berbeda, second.selisih, second.selisih_mutlak) == (
        names[0], 1, 4, 4)
    assert beranda.ppks(camat, top=1).per_kategori == p.per_kategori[:1]


# -- roles ----------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["admin", "operator", "tksk", "camat"])
def test_each_role_sees_the_parts_its_permissions_allow(tksk_aktif: int, make_actor: Any,
                                                        role: str) -> None:
    actor = make_actor(role)
    may = beranda.boleh(actor)
    assert may["kegiatan"] == may["rujukan"] == allowed(actor, Aksi.KEGIATAN_LIHAT)
    assert may["laporan"] == allowed(actor, Aksi.LAPORAN_LIHAT)
    assert may["ppks"] == allowed(actor, Aksi.PEMETAAN_LIHAT)
    data = beranda.muat(actor)
    assert (data.kegiatan is not None) == may["kegiatan"]
    assert (data.laporan is not None) == may["laporan"]
    assert (data.ppks is not None) == may["ppks"]
    assert data.tksk is not None and data.tksk.id == tksk_aktif


def test_a_role_without_the_right_is_refused(tksk_aktif: int, make_actor: Any,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    from kecamatan_app.services import permissions

    tksk = make_actor("tksk")
    monkeypatch.setitem(permissions.MATRIX, "tksk", frozenset({Aksi.PEMETAAN_LIHAT}))
    assert beranda.boleh(tksk) == {"tksk": False, "kegiatan": False, "laporan": False,
                                   "rujukan": False, "ppks": True}
    data = beranda.muat(tksk)
    assert (data.tksk, data.kegiatan, data.laporan, data.rujukan) == (None, None, None, None)
    for call in (beranda.kegiatan_banding, beranda.angka_rujukan, beranda.tksk_aktif):
        with pytest.raises(PermissionDenied):
            call(tksk)
    with pytest.raises(PermissionDenied):
        beranda.kalender_laporan(tksk, TODAY.year)
