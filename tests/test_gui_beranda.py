"""The Beranda page: it builds for each role with the tiles the role may see, the tiles and charts
show the service's numbers, a click (or Enter) on a tile asks for the list behind it with the
same filter, and the main window turns that request into the page and tab."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QTabWidget, QWidget

from kecamatan_app.config import DatabaseTarget
from kecamatan_app.models import BentukKegiatan, FungsiKegiatan, InstansiRujukan, Penugasan
from kecamatan_app.services import (
    beranda,
    desa,
    kegiatan,
    kegiatan_daftar,
    registri,
    rekap,
    rujukan,
    rujukan_daftar,
)
from kecamatan_app.services.context import Actor
from kecamatan_app.services.formatting import angka
from kecamatan_app.services.kegiatan_periksa import KegiatanData
from kecamatan_app.services.permissions import Aksi, allowed
from kecamatan_app.services.rujukan import RujukanData
from kecamatan_app.views.beranda import BerandaPage
from kecamatan_app.views.beranda_isi import PART_OF, TILES
from kecamatan_app.views.beranda_ubin import bar_values
from kecamatan_app.views.main_window import PAGES, MainWindow, PageSpec

TODAY = dt.date.today()
LAST_MONTH = (TODAY.replace(day=1) - dt.timedelta(days=1)).replace(day=1)


def _activity(actor: Actor, day: dt.date, fungsi: str, bentuk: str) -> None:
    sigam = desa.resolve("Sigam")
    assert sigam is not None
    kegiatan.create(actor, KegiatanData(
        tanggal=day, fungsi_id=FungsiKegiatan.get(FungsiKegiatan.kode == fungsi).id,
        bentuk_id=BentukKegiatan.get(BentukKegiatan.kode == bentuk).id,
        judul="Kegiatan contoh", lingkup="desa", desa_ids=[sigam.id], peserta_l=1,
        peserta_p=1, uraian="Uraian.", hasil="Hasil.", status="final"))


@pytest.fixture
def filled(tksk_aktif: int, admin: Actor) -> None:
    """Three activities this month and one last month; an open referral made today and an
    overdue one made last month (each also an activity: fasilitasi, rujukan)."""
    _activity(admin, TODAY, "koordinasi", "koordinasi_informasi")
    _activity(admin, TODAY, "fasilitasi", "bimbingan")
    _activity(admin, TODAY, "fasilitasi", "pendampingan")
    _activity(admin, LAST_MONTH, "administrasi", "pencatatan")
    sigam = desa.resolve("Sigam")
    assert sigam is not None
    inst = InstansiRujukan.get(InstansiRujukan.kode == "puskesmas").id
    for i, (made, due) in enumerate(((TODAY, TODAY + dt.timedelta(days=7)),
                                     (LAST_MONTH, LAST_MONTH + dt.timedelta(days=5)))):
        w = registri.create_warga(admin, registri.WargaData(
            nik=None, nama=f"Klien {i} (contoh)", jenis_kelamin="P", desa_id=sigam.id)).id
        rujukan.create(admin, RujukanData(tanggal=made, instansi_id=inst, kebutuhan="Periksa",
                                          warga_id=w, jatuh_tempo=due))


def make_page(qtbot: Any, actor: Actor, label: str = "") -> BerandaPage:
    page = BerandaPage(actor, database_label=label)
    qtbot.addWidget(page)
    page.resize(1100, 800)
    page.show()
    qtbot.waitExposed(page)
    wait_loaded(qtbot, page)
    return page


def wait_loaded(qtbot: Any, page: BerandaPage) -> None:
    """The numbers are read off the GUI thread: wait until they are shown."""
    qtbot.waitUntil(page.loaded, timeout=20000)


@pytest.mark.parametrize("role", ["admin", "operator", "tksk", "camat"])
def test_the_page_builds_for_each_role(qtbot: Any, tksk_aktif: int, make_actor: Any,
                                       role: str) -> None:
    actor = make_actor(role)
    page = make_page(qtbot, actor, "uji.sqlite3")
    may = beranda.boleh(actor)
    assert page.note.isHidden() and page.isi.isVisible()
    assert page.title.text() == "Kecamatan Gelumbang"
    assert page.session.values["peran"].text() == actor.role_label
    assert set(page.isi.tiles) == {k for k, _t, _s in TILES if may[PART_OF[k]]}
    assert page.isi.laporan_box.isVisible() == may["laporan"]
    assert page.isi.ppks_box.isVisible() == may["ppks"]
    # the TKSK tile leads to the TKSK page only for a role that may open it
    assert page.isi.tiles["tksk"].clickable == allowed(actor, Aksi.PENDAFTAR_LIHAT)
    assert page.isi.tiles["tksk"].value.text() == "Siti Aminah (contoh)"


def test_tiles_and_charts_show_the_service_numbers(qtbot: Any, filled: None,
                                                   make_actor: Any) -> None:
    camat = make_actor("camat")
    page = make_page(qtbot, camat)
    data = beranda.muat(camat)
    assert data.kegiatan is not None and data.rujukan is not None and data.laporan is not None
    tiles = page.isi.tiles
    assert tiles["kegiatan"].value.text() == angka(data.kegiatan.jumlah_ini) == "4"
    assert tiles["rujukan_terbuka"].value.text() == angka(data.rujukan.terbuka) == "2"
    assert tiles["rujukan_terlambat"].value.text() == "1"
    assert tiles["rujukan_berhasil"].value.text() == "-"  # nothing finished yet
    assert tiles["rujukan_berhasil"].caption.text() == (
        f"Belum ada rujukan tahun {TODAY.year} yang ditutup.")
    assert f"{LAST_MONTH.year}: 2 (naik 2)" in tiles["kegiatan"].caption.text()
    assert page.isi.kegiatan_view is not None
    assert bar_values(page.isi.kegiatan_view) == [
        [float(r.bulan_lalu) for r in data.kegiatan.per_fungsi],
        [float(r.bulan_ini) for r in data.kegiatan.per_fungsi],
    ] == [[0.0, 1.0, 1.0], [1.0, 3.0, 0.0]]
    cells = page.isi.kalender.texts()
    for m in data.laporan.bulan:  # the TKSK of the fixture is on duty in every month
        assert cells[m.bulan - 1][0] == m.status_label == "Belum disusun"
    assert all(text == "-" for text, _c in cells[len(data.laporan.bulan):])
    assert page.isi.ppks_label.text().startswith("Belum ada angka PPKS per desa.")
    assert page.isi.tiles["selisih"].value.text() == "-"


def test_a_tile_asks_for_the_list_behind_it(qtbot: Any, filled: None, make_actor: Any) -> None:
    camat = make_actor("camat")
    page = make_page(qtbot, camat)
    data = page.data
    assert data is not None and data.kegiatan is not None and data.rujukan is not None

    def click(key: str, keyboard: bool = False) -> tuple[str, str, dict[str, Any]]:
        tile = page.isi.tiles[key]
        with qtbot.waitSignal(page.open_requested, timeout=2000) as blocker:
            if keyboard:
                tile.setFocus()
                qtbot.keyClick(tile, Qt.Key.Key_Return)
            else:
                qtbot.mouseClick(tile, Qt.MouseButton.LeftButton)
        page_key, tab, params = blocker.args
        return page_key, tab, params

    page_key, tab, params = click("kegiatan")
    assert (page_key, tab) == ("kegiatan", "kegiatan")
    assert params["filter"] == data.kegiatan.filter_ini
    assert (params["tahun"], params["bulan"], params["status"]) == (TODAY.year, TODAY.month,
                                                                    "final")
    assert len(kegiatan_daftar.search(camat, params["filter"])) == 4
    page_key, tab, params = click("rujukan_terlambat", keyboard=True)
    assert (page_key, tab, params["terlambat_saja"]) == ("kegiatan", "rujukan", True)
    assert len(rujukan_daftar.search(camat, params["filter"])) == 1
    assert click("tksk") == ("tksk", "aktif", {})
    assert click("laporan") == ("laporan", "", {"tahun": TODAY.year})
    with qtbot.waitSignal(page.open_requested, timeout=2000) as blocker:
        qtbot.mouseClick(page.isi.kalender.cells[TODAY.month - 1], Qt.MouseButton.LeftButton)
    assert blocker.args == ["laporan", "", {"tahun": TODAY.year, "bulan": TODAY.month}]
    assert len(page.requests) == 5


def test_ppks_charts_and_the_gap_tile(qtbot: Any, tksk_aktif: int, admin: Actor,
                                     make_actor: Any) -> None:
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
    page = make_page(qtbot, camat)
    p = beranda.ppks(camat)
    assert p.periode == periode
    kategori_view, desa_view = page.isi.ppks_views
    assert bar_values(kategori_view) == [
        [float(r.dilaporkan_desa) for r in p.per_kategori],
        [float(r.temuan_tksk) for r in p.per_kategori],
    ] == [[40.0, 9.0], [42.0, 20.0]]
    assert bar_values(desa_view)[1] == [float(r.temuan_tksk) for r in p.per_desa]
    tile = page.isi.tiles["selisih"]
    assert tile.value.text() == d1.nama == p.selisih_desa[0].desa
    assert "temuan TKSK 20" in tile.caption.text()
    with qtbot.waitSignal(page.open_requested, timeout=2000) as blocker:
        qtbot.mouseClick(tile, Qt.MouseButton.LeftButton)
    assert blocker.args == ["pemetaan", "rekap", {"periode": periode, "desa_id": d1.id}]
    with qtbot.waitSignal(page.open_requested, timeout=2000) as blocker:
        page.isi.ppks_label.linkActivated.emit("ringkasan")
    assert blocker.args == ["pemetaan", "ringkasan", {"periode": periode}]


def test_a_tile_without_a_list_for_the_role_does_nothing(qtbot: Any, tksk_aktif: int,
                                                         make_actor: Any) -> None:
    page = make_page(qtbot, make_actor("tksk"))
    with qtbot.assertNotEmitted(page.open_requested):
        qtbot.mouseClick(page.isi.tiles["tksk"], Qt.MouseButton.LeftButton)
    if TODAY.month < 12:  # a month not begun is not clickable either
        with qtbot.assertNotEmitted(page.open_requested):
            qtbot.mouseClick(page.isi.kalender.cells[11], Qt.MouseButton.LeftButton)


def test_another_year_reloads_the_calendar(qtbot: Any, tksk_aktif: int,
                                           make_actor: Any) -> None:
    page = make_page(qtbot, make_actor("camat"))
    page.isi.year.setValue(TODAY.year - 1)
    assert page.isi.laporan_box.title() == f"Laporan bulanan {TODAY.year - 1}"
    assert all(text != "-" for text, _c in page.isi.kalender.texts())  # all twelve are past
    page.refresh()  # F5 keeps the chosen year
    assert page.isi.laporan_box.title() == f"Laporan bulanan {TODAY.year - 1}"


def test_the_tksk_tile_warns_before_the_sk_ends(qtbot: Any, tksk_aktif: int,
                                               make_actor: Any) -> None:
    Penugasan.update(selesai=TODAY + dt.timedelta(days=20)).where(
        Penugasan.id == tksk_aktif).execute()
    camat = make_actor("camat")
    page = make_page(qtbot, camat)
    info = beranda.tksk_aktif(camat)
    assert info is not None and info.peringatan()
    tile = page.isi.tiles["tksk"]
    assert info.peringatan() in tile.caption.text() and "tinggal 20 hari" in info.peringatan()
    assert tile.tone == "buruk"


def test_without_a_tksk_nothing_is_expected(qtbot: Any, admin: Actor) -> None:
    page = make_page(qtbot, admin)
    tiles = page.isi.tiles
    assert tiles["tksk"].value.text() == "Belum ada"
    assert (tiles["laporan"].value.text(), tiles["laporan"].caption.text()) == (
        "-", "Belum ada laporan yang jatuh tempo.")
    shown = page.isi.kalender.texts()[:TODAY.month]
    assert shown == [("Tidak wajib", "Tidak ada TKSK bertugas")] * TODAY.month


def test_without_an_office_the_page_says_so(qtbot: Any, db: Any) -> None:
    page = make_page(qtbot, Actor.system())
    assert page.title.text() == "Kantor belum disiapkan"
    assert page.isi.isHidden()


# -- the main window wiring -----------------------------------------------------------------


class _ListTab(QLabel):
    def __init__(self) -> None:
        super().__init__("Daftar uji")
        self.received: list[object] = []

    def apply_request(self, params: object) -> None:
        self.received.append(params)


def test_the_main_window_opens_the_page_and_tab(qtbot: Any, filled: None, make_actor: Any,
                                                db_target: DatabaseTarget) -> None:
    camat = make_actor("camat")
    window = MainWindow(camat, db_target)
    qtbot.addWidget(window)
    window.show()
    page = window.current_page()
    assert isinstance(page, BerandaPage)
    wait_loaded(qtbot, page)
    qtbot.mouseClick(page.isi.tiles["tksk"], Qt.MouseButton.LeftButton)
    assert window.current_key() == "tksk"
    tksk_page = window.current_page()
    assert isinstance(tksk_page, QTabWidget)
    assert tksk_page.tabText(tksk_page.currentIndex()) == "TKSK Aktif"
    window.show_page("beranda")
    page.open_requested.emit("tidak_ada", "", {})  # a page this window does not have
    assert window.current_key() == "beranda"
    page.open_requested.emit("pemetaan", "rekap", {})
    pemetaan = window.current_page()
    assert window.current_key() == "pemetaan" and isinstance(pemetaan, QTabWidget)
    assert pemetaan.tabText(pemetaan.currentIndex()) == "Rekap per Desa"


def test_the_request_reaches_the_tab_that_takes_it(qtbot: Any, admin: Actor,
                                                   db_target: DatabaseTarget) -> None:
    tab = _ListTab()

    def factory(actor: Actor, parent: QWidget) -> QWidget:
        tabs = QTabWidget()
        tabs.addTab(QLabel("Lain"), "Lain")
        tabs.addTab(tab, "Daftar")
        tabs.daftar = tab  # type: ignore[attr-defined]
        return tabs

    window = MainWindow(admin, db_target, [PAGES[0], PageSpec("uji", "Uji", factory)])
    qtbot.addWidget(window)
    window.show()
    page = window.current_page()
    assert isinstance(page, BerandaPage)
    page.open_requested.emit("uji", "daftar", {"tahun": 2026})
    assert window.current_key() == "uji" and tab.isVisible()
    assert tab.received == [{"tahun": 2026}]
    window.open_request("uji", "tidak_ada", {"x": 1})  # unknown tab: the page, no params lost
    assert window.current_key() == "uji" and tab.received == [{"tahun": 2026}]
