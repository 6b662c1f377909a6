"""The TKSK, Pemetaan Sosial and Beranda pages in a Dinas database, as a user drives them: a
kecamatan user sees exactly their kecamatan, with no picker; a user of the whole kabupaten
chooses the kecamatan at the top of the page, sees its rows only, and no button that changes a
kecamatan's records. In a kecamatan database nothing of this shows."""

from __future__ import annotations

from typing import Any

import openpyxl
import pytest
from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import QFileDialog

from kecamatan_app.models import Desa
from kecamatan_app.services import rekap
from kecamatan_app.views import kecamatan_pilih
from kecamatan_app.views.beranda import BerandaPage
from kecamatan_app.views.login import LoginDialog
from kecamatan_app.views.pemetaan import PemetaanPage
from kecamatan_app.views.tksk import TkskPage
from tests import dinas_bantu as bantu
from tests.test_gui_pengaturan import shown_rows

HARI = bantu.HARI
pytestmark = pytest.mark.usefixtures("pilihan_segar")


def _desa(kecamatan_id: int) -> set[str]:
    return {d.nama for d in Desa.select().where(Desa.kecamatan == kecamatan_id)}


def _registry_names(tab: Any) -> set[str]:
    tab.refresh()
    root = QModelIndex()
    while tab.model.canFetchMore(root):
        tab.model.fetchMore(root)
    return {r.nama for r in tab.model.rows}


# -- TKSK ------------------------------------------------------------------------------------
def test_tksk_page_of_a_kecamatan_user(qtbot, dunia, msgbox) -> None:
    page = bantu.page(qtbot, TkskPage, dunia.cast["operator_a"])
    assert page.pilih is None and page.cornerWidget() is None
    assert [r.nama for r in page.pendaftar.rows] == ["Calon A"]
    assert page.aktif.info is not None and page.aktif.title.text() == "TKSK aktif: Calon A"
    assert [t.nama for t in page.riwayat.rows()] == ["Calon A"]
    assert page.pendaftar.add_button.isVisibleTo(page)
    assert msgbox.calls == []


def test_tksk_page_of_the_dinas_sosial(qtbot, dunia, msgbox, tmp_path,
                                       monkeypatch) -> None:
    a, b = dunia.a, dunia.b
    page = bantu.page(qtbot, TkskPage, dunia.cast["dinas"])
    assert page.pilih is not None and page.cornerWidget() is page.pilih
    assert page.pilih.combo.count() == 22  # every kecamatan of Muara Enim
    assert page.pilih.choose(a.kecamatan_id)
    assert [r.nama for r in page.pendaftar.rows] == ["Calon A"]
    assert page.pilih.choose(b.kecamatan_id)
    assert page.pilih.kecamatan_nama() == "Tanjung Agung"
    assert [r.nama for r in page.pendaftar.rows] == ["Calon B"]
    assert page.aktif.title.text() == "TKSK aktif: Calon B"
    assert [t.nama for t in page.riwayat.rows()] == ["Calon B"]
    for button in (page.pendaftar.add_button, page.pendaftar.delete_button,
                   page.pendaftar.import_button, page.aktif.stop_button):
        assert not button.isVisibleTo(page)
    # the candidate opens read-only, with the desa of its own kecamatan
    # the Excel export holds B's candidates only (the service takes the chosen kecamatan)
    export = page.pendaftar.export_button
    assert export.available and export.isVisibleTo(page)
    out = tmp_path / "pendaftar-b.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(out), "")))
    export.run(False)
    qtbot.waitUntil(lambda: any(c[1] == "Ekspor selesai" for c in msgbox.calls), timeout=10000)
    msgbox.calls.clear()
    cells = {str(c) for row in openpyxl.load_workbook(out, read_only=True).worksheets[0]
             .iter_rows(values_only=True) for c in row if c}
    assert "Calon B" in cells and "Calon A" not in cells
    page.pendaftar.select(b.pendaftar_id)
    dialog = page.pendaftar.open_selected()
    assert dialog is not None and not dialog.can_edit
    assert dialog.form.data().nama == "Calon B"
    offered = {dialog.form.desa.itemData(i) for i in range(dialog.form.desa.count())}
    assert b.desa_id in offered and a.desa_id not in offered
    assert not dialog.penugasan.appoint_button.isVisibleTo(dialog)
    dialog.reject()
    assert msgbox.calls == []


# -- Pemetaan Sosial -------------------------------------------------------------------------
def test_pemetaan_tabs_of_a_kecamatan_user(qtbot, dunia, msgbox) -> None:
    a = dunia.a
    page = bantu.page(qtbot, PemetaanPage, dunia.cast["operator_a"])
    assert page.pilih is None and page.cornerWidget() is None
    ringkasan = page.tab("ringkasan")
    ringkasan.chooser.set_periode(rekap.Periode(HARI.year))
    ringkasan.refresh()
    assert ringkasan.data.total.dilaporkan_desa == 7
    rekap_tab = page.tab("rekap")
    rekap_tab.chooser.set_periode(rekap.Periode(HARI.year))
    grid = rekap_tab.models["PPKS"].grid
    assert grid is not None and {d.nama for d in grid.desa} <= _desa(a.kecamatan_id)
    assert _registry_names(page.tab("registri")) == {"Warga A Satu", "Warga A Lama"}
    assert {p.nama for p in shown_rows(page.tab("psks").table.view)} == {"PSKS A"}
    psks_desa = page.tab("psks").desa_filter
    assert {psks_desa.itemText(i) for i in range(1, psks_desa.count())} <= _desa(a.kecamatan_id)
    kemiskinan = page.tab("kemiskinan")
    kemiskinan.search.setText("Kepala")
    assert [kemiskinan.households.item(i).text() for i in
            range(kemiskinan.households.count())] == ["Kepala A - tanpa No. KK - Gelumbang"]
    wilayah = page.tab("wilayah")
    wilayah.refresh()
    assert {d.nama for d in shown_rows(wilayah.desa.view)} == _desa(a.kecamatan_id)
    assert page.tab("registri").add_person.isVisibleTo(page.tab("registri"))
    assert msgbox.calls == []


def test_pemetaan_tabs_of_the_dinas_sosial(qtbot, dunia, msgbox) -> None:
    a, b = dunia.a, dunia.b
    page = bantu.page(qtbot, PemetaanPage, dunia.cast["dinas"])
    assert page.pilih is not None and page.cornerWidget() is page.pilih
    page.pilih.choose(b.kecamatan_id)
    ringkasan = page.tab("ringkasan")
    ringkasan.chooser.set_periode(rekap.Periode(HARI.year))
    ringkasan.refresh()
    assert ringkasan.data.total.dilaporkan_desa == 11
    page.pilih.choose(a.kecamatan_id)  # reloads the tab shown
    assert ringkasan.data.total.dilaporkan_desa == 7
    page.pilih.choose(b.kecamatan_id)
    for key, kind in (("rekap", "PPKS"),):
        tab = page.tab(key)
        page.setCurrentWidget(tab)
        tab.chooser.set_periode(rekap.Periode(HARI.year))
        grid = tab.models[kind].grid
        assert grid is not None and {d.nama for d in grid.desa} == _desa(b.kecamatan_id)
        assert not tab.save_button.isVisibleTo(tab) and not tab.import_button.isVisibleTo(tab)
        assert tab.export_button.isVisibleTo(tab)  # the export takes the chosen kecamatan
    registri = page.tab("registri")
    page.setCurrentWidget(registri)
    assert _registry_names(registri) == {"Warga B Satu", "Warga B Lama"}
    assert not registri.add_person.isVisibleTo(registri)
    assert not registri.edit_button.isVisibleTo(registri)
    psks = page.tab("psks")
    page.setCurrentWidget(psks)
    assert {p.nama for p in shown_rows(psks.table.view)} == {"PSKS B"}
    assert not psks.add_button.isVisibleTo(psks)
    page.pilih.choose(a.kecamatan_id)  # the psks tab is shown: it reloads with A's desa
    assert {p.nama for p in shown_rows(psks.table.view)} == {"PSKS A"}
    assert {psks.desa_filter.itemText(i)
            for i in range(1, psks.desa_filter.count())} <= _desa(a.kecamatan_id)
    kemiskinan = page.tab("kemiskinan")
    page.setCurrentWidget(kemiskinan)
    kemiskinan.search.setText("Kepala")
    assert [kemiskinan.households.item(i).text() for i in
            range(kemiskinan.households.count())] == ["Kepala A - tanpa No. KK - Gelumbang"]
    assert not kemiskinan.assess_button.isVisibleTo(kemiskinan)
    cocok = page.tab("cocok")
    page.setCurrentWidget(cocok)
    assert cocok.kecamatan_id == a.kecamatan_id and not cocok.apply_button.isVisibleTo(cocok)
    wilayah = page.tab("wilayah")
    page.setCurrentWidget(wilayah)
    assert {d.nama for d in shown_rows(wilayah.desa.view)} == _desa(a.kecamatan_id)
    assert not wilayah.edit_button.isVisibleTo(wilayah)
    assert msgbox.calls == []


# -- Beranda and the choice shared by the pages ----------------------------------------------
def test_beranda_of_a_kecamatan_user_and_of_the_dinas_sosial(qtbot, dunia, msgbox) -> None:
    a, b = dunia.a, dunia.b
    own = bantu.page(qtbot, BerandaPage, dunia.cast["camat_a"])
    assert own.pilih is None
    assert own.title.text() == "Kecamatan Gelumbang"
    assert own.data is not None and own.data.tksk is not None
    assert own.data.tksk.nama == "Calon A"
    page = bantu.page(qtbot, BerandaPage, dunia.cast["dinas"])
    assert page.pilih is not None
    page.pilih.choose(b.kecamatan_id)
    assert page.title.text() == "Kecamatan Tanjung Agung"
    assert page.data is not None and page.data.tksk is not None
    assert page.data.tksk.nama == "Calon B"
    # a choice on another page of the same user switches this one too
    tksk = bantu.page(qtbot, TkskPage, dunia.cast["dinas"])
    assert tksk.pilih is not None and tksk.pilih.kecamatan_id == b.kecamatan_id
    assert tksk.pilih.choose(a.kecamatan_id)
    assert page.pilih.kecamatan_id == a.kecamatan_id
    assert page.title.text() == "Kecamatan Gelumbang"
    assert page.data.tksk.nama == "Calon A"
    assert msgbox.calls == []


def test_picker_search_and_a_kabupaten_administrator(qtbot, dunia, msgbox) -> None:
    a, b = dunia.a, dunia.b
    page = bantu.page(qtbot, TkskPage, dunia.cast["admin"])
    assert page.pilih is not None
    page.pilih.choose(a.kecamatan_id)
    line = page.pilih.combo.lineEdit()
    completer = page.pilih.combo.completer()
    completer.setCompletionPrefix("agung")  # any part of the name, any case
    found = {completer.completionModel().index(i, 0).data()
             for i in range(completer.completionCount())}
    assert "Tanjung Agung (16.03.01)" in found
    line.setText("Tanjung Agung (16.03.01)")
    line.editingFinished.emit()
    assert page.pilih.kecamatan_id == b.kecamatan_id
    assert [r.nama for r in page.pendaftar.rows] == ["Calon B"]
    line.setText("bukan kecamatan")  # a name that is no kecamatan: the choice stays
    line.editingFinished.emit()
    assert page.pilih.kecamatan_id == b.kecamatan_id
    assert page.pilih.combo.currentText() == "Tanjung Agung (16.03.01)"
    # the administrator of the whole kabupaten keeps the shared Pasal 9 rules, but a
    # kecamatan's records are recorded by that kecamatan's users
    assert not page.pendaftar.add_button.isVisibleTo(page)
    assert page.aturan.can_edit
    assert msgbox.calls == []


def test_no_picker_in_a_kecamatan_database(qtbot, admin, msgbox) -> None:
    assert not kecamatan_pilih.perlu_pilih(admin)
    assert kecamatan_pilih.pilihan(admin) is None
    for cls in (TkskPage, PemetaanPage, BerandaPage):
        page = bantu.page(qtbot, cls, admin)
        assert page.pilih is None
        assert page.findChildren(kecamatan_pilih.KecamatanPilih) == []
    assert msgbox.calls == []


def test_sign_in_window_of_a_dinas_database_names_the_kabupaten(qtbot, db, msgbox) -> None:
    bantu.setup()
    dialog = LoginDialog()
    qtbot.addWidget(dialog)
    assert dialog.header.text() == "Dinas Sosial Kabupaten Muara Enim"
    assert dialog.region.text() == "22 kecamatan, Provinsi Sumatera Selatan"
