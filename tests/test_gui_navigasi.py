"""From the Beranda to the list behind each number: a tile (or a bar, a calendar month, the PPKS
link) is clicked in a real main window, the page and tab open, and the list shows exactly the
rows the number counted. The Beranda's numbers equal the lists'."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from PySide6.QtCharts import QAbstractBarSeries
from PySide6.QtCore import Qt

from kecamatan_app.config import DatabaseTarget
from kecamatan_app.models import BentukKegiatan, FungsiKegiatan, InstansiRujukan
from kecamatan_app.services import beranda, desa, kegiatan, laporan, registri, rekap, rujukan
from kecamatan_app.services.context import Actor
from kecamatan_app.services.kegiatan_daftar import KegiatanFilter
from kecamatan_app.services.kegiatan_periksa import KegiatanData
from kecamatan_app.services.rujukan import RujukanData
from kecamatan_app.views.beranda import BerandaPage
from kecamatan_app.views.kegiatan.kegiatan_tab import KegiatanTab
from kecamatan_app.views.kegiatan.rujukan_tab import RujukanTab
from kecamatan_app.views.laporan import LaporanPage
from kecamatan_app.views.main_window import MainWindow
from kecamatan_app.views.pemetaan.rekap_tab import RekapTab
from kecamatan_app.views.pemetaan.ringkasan_tab import RingkasanTab
from tests.test_gui_beranda import wait_loaded

TODAY = dt.date.today()
LAST_MONTH = (TODAY.replace(day=1) - dt.timedelta(days=1)).replace(day=1)


def _activity(actor: Actor, day: dt.date, fungsi: str, bentuk: str, status: str = "final",
              judul: str = "Kegiatan contoh", tempat: str = "Sigam") -> None:
    where = desa.resolve(tempat)
    assert where is not None
    kegiatan.create(actor, KegiatanData(
        tanggal=day, fungsi_id=FungsiKegiatan.get(FungsiKegiatan.kode == fungsi).id,
        bentuk_id=BentukKegiatan.get(BentukKegiatan.kode == bentuk).id,
        judul=judul, lingkup="desa", desa_ids=[where.id], peserta_l=1, peserta_p=1,
        uraian="Uraian." if status == "final" else "", hasil="Hasil." if status == "final"
        else "", status=status))


def _client(admin: Actor, i: int) -> int:
    sigam = desa.resolve("Sigam")
    assert sigam is not None
    return registri.create_warga(admin, registri.WargaData(
        nik=None, nama=f"Klien {i} (contoh)", jenis_kelamin="P", desa_id=sigam.id)).id


@pytest.fixture
def filled(tksk_aktif: int, admin: Actor) -> None:
    """This month: three final activities and a draft; last month: one. Referrals: one open
    made today, one overdue made last month, one finished (berhasil) today; each referral is
    also a final activity of its day."""
    _activity(admin, TODAY, "koordinasi", "koordinasi_informasi")
    _activity(admin, TODAY, "fasilitasi", "bimbingan", tempat="Mililian")
    _activity(admin, TODAY, "fasilitasi", "pendampingan")
    _activity(admin, TODAY, "fasilitasi", "pendampingan", status="draf", judul="Rencana")
    _activity(admin, LAST_MONTH, "administrasi", "pencatatan")
    inst = InstansiRujukan.get(InstansiRujukan.kode == "puskesmas").id
    for i, (made, due) in enumerate(((TODAY, TODAY + dt.timedelta(days=7)),
                                     (LAST_MONTH, LAST_MONTH + dt.timedelta(days=5)),
                                     (TODAY, TODAY + dt.timedelta(days=7)))):
        saved = rujukan.create(admin, RujukanData(
            tanggal=made, instansi_id=inst, kebutuhan="Periksa", warga_id=_client(admin, i),
            jatuh_tempo=due))
        if i == 2:
            versi = rujukan.ubah_status(admin, saved.id, "diterima", TODAY)
            rujukan.ubah_status(admin, saved.id, "selesai", TODAY, alasan="Sudah diperiksa.",
                                hasil="berhasil", versi=versi)


def _window(qtbot: Any, actor: Actor, target: DatabaseTarget) -> tuple[MainWindow, BerandaPage]:
    window = MainWindow(actor, target)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    page = window.current_page()
    assert isinstance(page, BerandaPage)
    wait_loaded(qtbot, page)
    return window, page


def _click_tile(qtbot: Any, window: MainWindow, page: BerandaPage, key: str) -> Any:
    window.show_page("beranda")
    qtbot.mouseClick(page.isi.tiles[key], Qt.MouseButton.LeftButton)
    return window.current_page()


def _kegiatan_tab(window: MainWindow) -> KegiatanTab:
    assert window.current_key() == "kegiatan"
    tab = window.current_page().currentWidget()  # type: ignore[union-attr]
    assert isinstance(tab, KegiatanTab)
    return tab


def _rujukan_tab(window: MainWindow) -> RujukanTab:
    assert window.current_key() == "kegiatan"
    tab = window.current_page().currentWidget()  # type: ignore[union-attr]
    assert isinstance(tab, RujukanTab)
    return tab


@pytest.mark.parametrize("role", ["camat", "tksk"])
def test_the_activity_tile_and_bars_open_exactly_their_rows(
        qtbot: Any, filled: None, make_actor: Any, db_target: DatabaseTarget, msgbox: Any,
        role: str) -> None:
    actor = make_actor(role)
    window, page = _window(qtbot, actor, db_target)
    k = beranda.kegiatan_banding(actor)
    assert page.isi.tiles["kegiatan"].value.text() == str(k.jumlah_ini) == "5"
    _click_tile(qtbot, window, page, "kegiatan")
    tab = _kegiatan_tab(window)
    rows = tab.rows()
    assert len(rows) == k.jumlah_ini  # the draft ("Rencana") is not among them
    assert {r.status for r in rows} == {"Final"} and "Rencana" not in {r.judul for r in rows}
    assert tab.saring.month() == (TODAY.year, TODAY.month)
    assert tab.saring.status.currentData() == "final"
    assert tab.count.text() == f"{k.jumlah_ini} kegiatan"
    assert tab.current_filter() == k.filter_ini

    # each bar, this month's and last month's, opens its function's rows of that month
    window.show_page("beranda")
    assert page.isi.kegiatan_view is not None
    series = page.isi.kegiatan_view.chart().series()[0]
    assert isinstance(series, QAbstractBarSeries)
    lalu, ini = series.barSets()
    n = len(k.per_fungsi)
    for i, row in enumerate(k.per_fungsi):
        for bars, expected, f in ((ini, row.bulan_ini, row.filter_ini),
                                  (lalu, row.bulan_lalu, row.filter_lalu)):
            window.show_page("beranda")
            series.clicked.emit(n - 1 - i, bars)  # the chart lists the functions bottom up
            tab = _kegiatan_tab(window)
            assert len(tab.rows()) == expected, (row.fungsi, bars.label())
            assert tab.current_filter() == f
            assert {r.fungsi for r in tab.rows()} <= {row.fungsi}
    assert [r.bulan_ini for r in k.per_fungsi] == [1, 4, 0]
    assert not msgbox.calls


def test_a_request_by_field_names_and_a_single_day(
        qtbot: Any, filled: None, make_actor: Any, db_target: DatabaseTarget) -> None:
    camat = make_actor("camat")
    window, _page = _window(qtbot, camat, db_target)
    fasilitasi = FungsiKegiatan.get(FungsiKegiatan.kode == "fasilitasi").id
    mililian = desa.resolve("Mililian")
    assert mililian is not None
    window.open_request("kegiatan", "kegiatan", {"tahun": TODAY.year, "bulan": TODAY.month,
                                                 "fungsi_id": fasilitasi})
    tab = _kegiatan_tab(window)
    # bimbingan and pendampingan, the draft, and today's two referrals (fasilitasi too)
    assert len(tab.rows()) == 5 and tab.saring.status.currentData() is None
    window.open_request("kegiatan", "kegiatan", {"filter": KegiatanFilter(
        dari=TODAY, sampai=TODAY, desa_id=mililian.id)})
    assert tab.day == TODAY and tab.day_label.isVisible()
    assert [r.lokasi for r in tab.rows()] == ["Mililian"]
    assert tab.saring.desa.currentText() == "Mililian"


def test_the_referral_tiles_open_exactly_their_rows(
        qtbot: Any, filled: None, make_actor: Any, db_target: DatabaseTarget,
        msgbox: Any) -> None:
    camat = make_actor("camat")
    window, page = _window(qtbot, camat, db_target)
    r = beranda.angka_rujukan(camat)
    assert (r.terbuka, r.terlambat, r.selesai, r.berhasil) == (2, 1, 1, 1)
    assert page.isi.tiles["rujukan_terbuka"].value.text() == str(r.terbuka)
    assert page.isi.tiles["rujukan_terlambat"].value.text() == str(r.terlambat)

    _click_tile(qtbot, window, page, "rujukan_terbuka")
    tab = _rujukan_tab(window)
    assert len(tab.model.rows) == r.terbuka
    assert tab.status.currentText() == "Masih terbuka" and not tab.terlambat.isChecked()
    assert {row.status for row in tab.model.rows} <= {"diajukan", "diterima"}

    _click_tile(qtbot, window, page, "rujukan_terlambat")
    tab = _rujukan_tab(window)
    assert len(tab.model.rows) == r.terlambat == tab.model.overdue_count()
    assert tab.terlambat.isChecked()
    assert tab.count.text() == "1 rujukan, 1 terlambat"

    _click_tile(qtbot, window, page, "rujukan_berhasil")
    tab = _rujukan_tab(window)
    assert len(tab.model.rows) == r.selesai
    assert sum(row.hasil == "Berhasil" for row in tab.model.rows) == r.berhasil
    assert tab.dari.value() == dt.date(TODAY.year, 1, 1)
    assert tab.sampai.value() == dt.date(TODAY.year, 12, 31)
    assert tab.current_filter() == r.filter_selesai
    assert not msgbox.calls


def test_the_report_calendar_opens_the_month_and_the_tile_the_year(
        qtbot: Any, tksk_aktif: int, admin: Actor, make_actor: Any,
        db_target: DatabaseTarget) -> None:
    laporan.open_month(admin, TODAY.year, TODAY.month)
    camat = make_actor("camat")
    window, page = _window(qtbot, camat, db_target)
    cal = beranda.kalender_laporan(camat, TODAY.year)
    qtbot.mouseClick(page.isi.kalender.cells[TODAY.month - 1], Qt.MouseButton.LeftButton)
    assert window.current_key() == "laporan"
    lap = window.current_page()
    assert isinstance(lap, LaporanPage)
    assert lap.shown == lap.chooser.value() == (TODAY.year, TODAY.month)
    assert lap.info is not None
    assert lap.info.status_label == cal.bulan[TODAY.month - 1].status_label == "Draf"
    assert page.isi.kalender.texts()[TODAY.month - 1][0] == "Draf"

    window.open_request("laporan", "", {"tahun": TODAY.year - 1})  # a past year: December
    assert lap.shown == (TODAY.year - 1, 12)
    _click_tile(qtbot, window, page, "laporan")  # this year: the month due now
    due = (TODAY.replace(day=1) - dt.timedelta(days=1))
    assert lap.shown == ((due.year, due.month) if due.year == TODAY.year else (TODAY.year, 1))
    window.open_request("laporan", "", {"tahun": TODAY.year + 1})  # not begun: nothing
    assert lap.shown[0] <= TODAY.year


def test_the_ppks_gap_tile_and_link_open_the_period_and_desa(
        qtbot: Any, tksk_aktif: int, admin: Actor, make_actor: Any,
        db_target: DatabaseTarget) -> None:
    periode = rekap.Periode(TODAY.year - 1)
    g = rekap.grid(admin, periode, "PPKS")
    kat = {k.kode: k.id for k in g.kategori}
    d0, d1 = g.desa[0], g.desa[1]
    rekap.save_cells(admin, periode, [
        rekap.CellChange(d0.id, kat["24"], rekap.DESA, 40),
        rekap.CellChange(d0.id, kat["24"], rekap.TEMUAN, 42),
        rekap.CellChange(d1.id, kat["08"], rekap.DESA, 9),
        rekap.CellChange(d1.id, kat["08"], rekap.TEMUAN, 20),
    ])
    camat = make_actor("camat")
    window, page = _window(qtbot, camat, db_target)
    p = beranda.ppks(camat)
    gap = p.selisih_desa[0]
    assert page.isi.tiles["selisih"].value.text() == gap.desa == d1.nama

    _click_tile(qtbot, window, page, "selisih")
    assert window.current_key() == "pemetaan"
    tab = window.current_page().currentWidget()  # type: ignore[union-attr]
    assert isinstance(tab, RekapTab)
    assert tab.shown == tab.chooser.periode() == periode
    assert tab.tabs.tabText(tab.tabs.currentIndex()) == "PPKS"
    view, model = tab.views["PPKS"], tab.models["PPKS"]
    row = view.currentIndex().row()
    assert model.grid is not None and model.grid.desa[row].id == gap.desa_id
    assert [i.row() for i in view.selectionModel().selectedRows()] == [row]
    last = model.columnCount() - 2  # the row totals: desa, TKSK
    assert (model.value(row, last), model.value(row, last + 1)) == (
        gap.jumlah_desa, gap.jumlah_temuan) == (9, 20)

    window.show_page("beranda")
    page.isi.ppks_label.linkActivated.emit("ringkasan")
    ringkas = window.current_page().currentWidget()  # type: ignore[union-attr]
    assert isinstance(ringkas, RingkasanTab)
    assert ringkas.chooser.periode() == periode
    assert ringkas.data is not None and p.total is not None
    assert (ringkas.data.total.dilaporkan_desa, ringkas.data.total.temuan_tksk) == (
        p.total.dilaporkan_desa, p.total.temuan_tksk) == (49, 62)
