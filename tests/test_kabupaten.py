"""The kabupaten dashboard (services/kabupaten, kabupaten_rincian) on the hand-built Dinas
database of tests/kabupaten_bantu.py: every number written out by hand, every total explained by
its rows, the timeliness edge cases, the Beranda's rule, and who may see it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from kecamatan_app.services import kabupaten, kabupaten_rincian, settings
from kecamatan_app.services.beranda_laporan import (
    BELUM,
    LEWAT,
    TEPAT,
    TERLAMBAT,
    TIDAK_WAJIB,
    kalender_laporan,
)
from kecamatan_app.services.context import Actor
from kecamatan_app.services.errors import Conflict, PermissionDenied, ValidationError
from kecamatan_app.services.kabupaten import DasborKabupaten, JumlahLaporan
from tests import kabupaten_bantu as kb
from tests.kabupaten_bantu import HARI_INI, TAHUN

LANSIA, MISKIN = "08. Lanjut Usia Telantar", "24. Fakir Miskin"
DUKCAPIL = "Dinas Kependudukan dan Pencatatan Sipil (Dukcapil)"
DINSOS = "Dinas Sosial Kabupaten/Kota"


@pytest.fixture
def kab(db: Any) -> kb.Kabupaten:
    return kb.build()


@pytest.fixture
def d(kab: kb.Kabupaten) -> DasborKabupaten:
    return kabupaten.dasbor(kab.admin, TAHUN, HARI_INI)


def _row(d: DasborKabupaten, kec: int) -> list[tuple[bool, str, str]]:
    return [(c.wajib, c.status, c.ketepatan) for c in d.cells(kec)]


N = (False, "", TIDAK_WAJIB)  # not expected, nothing


def test_calendar_cells(kab: kb.Kabupaten, d: DasborKabupaten) -> None:
    assert [k.nama for k in d.kecamatan] == ["Sukakarya", "Sukajaya", "Sukamakmue"]
    assert [(k.langsung, k.paket, k.bulan_data) for k in d.kecamatan] == [
        (True, 0, 8), (False, 3, 6), (True, 0, 8)]
    assert d.kabupaten == "Kota Sabang" and d.batas_hari == 5
    assert _row(d, kab.a) == [
        N, N, (True, "disetujui", TEPAT), (True, "disetujui", TERLAMBAT),
        (True, "dikembalikan", TEPAT), (True, "draf", LEWAT), (True, "", LEWAT), N, N, N, N, N]
    assert _row(d, kab.b) == [
        (True, "disetujui", TEPAT), (True, "", LEWAT), (True, "disetujui", TERLAMBAT),
        (True, "", LEWAT), (True, "", LEWAT), (True, "disetujui", TEPAT), (True, "", LEWAT),
        N, N, N, N, N]
    assert _row(d, kab.c) == [
        (True, "disetujui", TEPAT), (True, "diajukan", TERLAMBAT), (True, "", LEWAT),
        (True, "", LEWAT), (True, "", LEWAT), N, N, N, N, N, N, N]
    assert [c.sumber for c in d.cells(kab.b)][:7] == [
        "paket", "langsung", "paket", "langsung", "langsung", "paket", "langsung"]
    apr = d.cell(kab.a, 4)
    assert (apr.diajukan, apr.batas, apr.terlambat_hari) == (
        dt.date(2025, 5, 9), dt.date(2025, 5, 5), 4)
    assert apr.ketepatan_label == "Terlambat (4 hari)"
    assert d.cell(kab.a, 7).ketepatan_label == "Lewat batas, belum diajukan (15 hari)"
    assert d.cell(kab.a, 8).ketepatan_label == "Tidak wajib: bulan belum berakhir"
    assert d.cell(kab.c, 6).ketepatan_label == "Tidak wajib: tidak ada TKSK bertugas"
    assert d.cell(kab.b, 3).status_label == "Disetujui"
    assert [d.cell(kab.a, b).jenis for b in (1, 3, 5, 6, 8)] == [
        "tidak_wajib", "disetujui", "dikembalikan", "lewat", "tidak_wajib"]


def test_totals_per_kecamatan_month_and_year(kab: kb.Kabupaten, d: DasborKabupaten) -> None:
    assert d.jumlah(kab.a) == JumlahLaporan(5, 3, 2, 2, 1, 2, 5)
    assert d.jumlah(kab.b) == JumlahLaporan(7, 3, 3, 2, 1, 4, 7)
    assert d.jumlah(kab.c) == JumlahLaporan(5, 2, 1, 1, 1, 3, 5)
    assert d.jumlah() == JumlahLaporan(17, 8, 6, 5, 3, 9, 17)
    assert d.jumlah().persen_tepat == pytest.approx(100 * 5 / 17)
    assert d.jumlah(bulan=1) == JumlahLaporan(2, 2, 2, 2, 0, 0, 2)
    assert d.jumlah(bulan=3) == JumlahLaporan(3, 2, 2, 1, 1, 1, 3)
    assert d.jumlah(bulan=7) == JumlahLaporan(2, 0, 0, 0, 0, 2, 2)
    assert d.jumlah(bulan=8) == JumlahLaporan()
    assert d.jumlah(kab.a, 4) == JumlahLaporan(1, 1, 1, 0, 1, 0, 1)
    assert d.jumlah(bulan=8).persen_tepat is None


def test_activities_ppks_and_referrals(kab: kb.Kabupaten, d: DasborKabupaten) -> None:
    assert [d.kegiatan(kab.a, b) for b in (3, 4)] == [3, 2]
    assert [d.kegiatan(k) for k in (kab.a, kab.b, kab.c)] == [5, 9, 0]
    assert d.fungsi() == ["Koordinasi", "Fasilitasi", "Administrasi"]
    assert [d.kegiatan_fungsi(kab.a, f) for f in d.fungsi()] == [2, 3, 0]
    assert [d.kegiatan_fungsi(kab.b, f) for f in d.fungsi()] == [9, 0, 0]
    assert d.ppks_kategori == [LANSIA, MISKIN]
    assert d.ppks(kab.a) == {LANSIA: 7, MISKIN: 10}  # the TKSK's count where given
    assert d.ppks(kab.b) == {LANSIA: 4, MISKIN: 9}  # the latest package (June), not January
    assert d.ppks(kab.c) == {}
    assert d.rujukan() == [(DUKCAPIL, 1, 0, 1), (DINSOS, 1, 0, 1), ("Puskesmas", 4, 4, 0)]


def test_every_total_is_explained_by_its_rows(kab: kb.Kabupaten, d: DasborKabupaten) -> None:
    for kec in (None, kab.a, kab.b, kab.c):
        for bulan in (None, 1, 3, 4, 7):
            total = d.jumlah(kec, bulan)
            for ukuran in kabupaten.UKURAN:
                r = kabupaten_rincian.laporan(d, ukuran, kec, bulan)
                assert r.jumlah == len(r.baris) == getattr(total, ukuran)
    r = kabupaten_rincian.laporan(d, "terlambat")
    assert [(row[0], row[1], row[8]) for row in r.baris] == [
        ("Sukakarya", "April", "Terlambat (4 hari)"), ("Sukajaya", "Maret", "Terlambat (5 hari)"),
        ("Sukamakmue", "Februari", "Terlambat (1 hari)")]
    assert r.baris[1][4] == "Paket kiriman"
    assert r.judul == f"Terlambat: semua kecamatan, tahun {TAHUN}"
    keg = kabupaten_rincian.kegiatan(d, kab.a)
    assert keg.baris == [("Sukakarya", "Maret", "Data langsung", 3),
                         ("Sukakarya", "April", "Data langsung", 2)]
    assert keg.jumlah == 5
    fas = kabupaten_rincian.kegiatan(d, kab.a, fungsi="Fasilitasi")
    assert fas.jumlah == 3 and [row[3] for row in fas.baris] == [
        "Rujukan", "Pendampingan sosial", "Rujukan"]
    assert kabupaten_rincian.kegiatan(d).jumlah == 14
    pp = kabupaten_rincian.ppks(d, kategori=LANSIA)
    assert pp.baris == [("Sukakarya", "Agustus 2025", "Data langsung", LANSIA, 7),
                        ("Sukajaya", "Juni 2025", "Paket kiriman", LANSIA, 4)]
    assert pp.jumlah == 11
    for name, made, closed, still_open in d.rujukan():
        for ukuran, n in (("dibuat", made), ("ditutup", closed), ("terbuka", still_open)):
            assert kabupaten_rincian.rujukan(d, ukuran, name).jumlah == n
    assert kabupaten_rincian.rujukan(d, "dibuat", "Puskesmas").baris == [
        ("Sukakarya", "Maret", "Data langsung", "Puskesmas", 1),
        ("Sukajaya", "Januari", "Paket kiriman", "Puskesmas", 2),
        ("Sukajaya", "Juni", "Paket kiriman", "Puskesmas", 1)]
    with pytest.raises(ValidationError):
        kabupaten_rincian.laporan(d, "entah")


def test_rincian_from_actor_and_year(kab: kb.Kabupaten) -> None:
    r = kabupaten_rincian.rincian(kab.admin, TAHUN, "laporan", ukuran="lewat",
                                  kecamatan_id=kab.c, today=HARI_INI)
    assert [row[1] for row in r.baris] == ["Maret", "April", "Mei"]
    with pytest.raises(ValidationError, match="Jenis rincian"):
        kabupaten_rincian.rincian(kab.admin, TAHUN, "entah", today=HARI_INI)


def test_deadline_setting_moves_timeliness(kab: kb.Kabupaten) -> None:
    settings.set_value(kab.admin, "laporan.batas_hari", 10)
    d = kabupaten.dasbor(kab.admin, TAHUN, HARI_INI)
    assert d.batas_hari == 10
    assert d.cell(kab.a, 4).ketepatan == TEPAT  # 9 May <= 10 May
    assert d.cell(kab.b, 3).ketepatan == TEPAT  # 10 April <= 10 April
    assert d.cell(kab.c, 2).ketepatan == TEPAT
    assert d.jumlah() == JumlahLaporan(17, 8, 6, 8, 0, 9, 17)


def test_before_the_deadline_a_month_is_not_late_yet(kab: kb.Kabupaten) -> None:
    d = kabupaten.dasbor(kab.admin, TAHUN, dt.date(2025, 8, 5))  # July's deadline day
    jul_a, jul_b = d.cell(kab.a, 7), d.cell(kab.b, 7)
    assert (jul_a.wajib, jul_a.ketepatan) == (True, BELUM)
    assert (jul_b.wajib, jul_b.ketepatan) == (True, BELUM)
    assert d.jumlah(bulan=7) == JumlahLaporan(2, 0, 0, 0, 0, 0, 0)
    d = kabupaten.dasbor(kab.admin, TAHUN, dt.date(2025, 7, 31))  # July not ended yet
    assert [d.cell(k, 7).wajib for k in (kab.a, kab.b, kab.c)] == [False, False, False]
    assert d.kecamatan[0].bulan_data == 7


def test_a_past_year_reads_december(kab: kb.Kabupaten) -> None:
    d = kabupaten.dasbor(kab.admin, TAHUN, dt.date(2026, 2, 1))
    assert [k.bulan_data for k in d.kecamatan] == [12, 6, 12]
    # December's deadline is 5 January of the next year, which has passed
    assert d.cell(kab.a, 12).ketepatan == LEWAT and d.cell(kab.a, 12).batas == dt.date(2026, 1, 5)
    assert d.jumlah(kab.a).wajib == 10  # March to December
    assert d.jumlah(kab.b).wajib == 12 and d.jumlah(kab.c).wajib == 5


def test_timeliness_rule_equals_the_beranda(office: Any, admin: Actor, tksk_aktif: int) -> None:
    """The same rule as the camat's Beranda, month by month, on a kecamatan database."""
    from tests.kegiatan_bantu import kunci

    today = dt.date.today()
    first = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    second = (first - dt.timedelta(days=1)).replace(day=1)
    kunci(second, "disetujui", diajukan_pada=dt.datetime(first.year, first.month, 5, 23, 0))
    kunci(first, "draf")
    for year in {second.year, today.year}:
        cal = kalender_laporan(admin, year, today)
        for b in cal.bulan:
            mine = kabupaten.ketepatan(b.laporan_id is not None, b.wajib, b.diajukan, b.batas,
                                       today)
            assert mine == b.ketepatan, (year, b.bulan)


def test_who_may_see_it(kab: kb.Kabupaten) -> None:
    dinas_user = kb.make_user(kab.admin, "dinas1", "dinas", None)
    assert len(kabupaten.dasbor(dinas_user, TAHUN, HARI_INI).kecamatan) == 3
    # an administrator of one kecamatan sees only it
    admin_a = kb.make_user(kab.admin, "admin.a", "admin", kb.KODE_A)
    mine = kabupaten.dasbor(admin_a, TAHUN, HARI_INI)
    assert [k.id for k in mine.kecamatan] == [kab.a]
    assert mine.jumlah() == JumlahLaporan(5, 3, 2, 2, 1, 2, 5)
    assert mine.rujukan() == [(DUKCAPIL, 1, 0, 1), ("Puskesmas", 1, 1, 0)]
    with pytest.raises(ValidationError, match="tidak ada dalam dasbor"):
        kabupaten_rincian.rincian(admin_a, TAHUN, "laporan", kecamatan_id=kab.b,
                                  today=HARI_INI)
    for peran in ("operator", "tksk", "camat"):
        user = kb.make_user(kab.admin, f"{peran}.a", peran, kb.KODE_A)
        with pytest.raises(PermissionDenied, match="dasbor dan rekap gabungan"):
            kabupaten.dasbor(user, TAHUN, HARI_INI)
        with pytest.raises(PermissionDenied):
            kabupaten_rincian.rincian(user, TAHUN, "laporan", today=HARI_INI)


def test_bad_year_is_refused(kab: kb.Kabupaten) -> None:
    with pytest.raises(ValidationError, match="Tahun 1999 tidak sah"):
        kabupaten.dasbor(kab.admin, 1999)
    with pytest.raises(ValidationError):
        kabupaten.dasbor(kab.admin, dt.date.today().year + 1)


def test_not_on_a_kecamatan_database(admin: Actor) -> None:
    with pytest.raises(Conflict, match="hanya ada pada basis data Dinas Sosial"):
        kabupaten.dasbor(admin, TAHUN)
