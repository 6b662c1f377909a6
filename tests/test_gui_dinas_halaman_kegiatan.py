"""The Kegiatan page (activities, referrals, recap) and the Laporan page in a Dinas database: a
kecamatan user sees exactly their kecamatan; the Dinas Sosial chooses the kecamatan at the top,
sees its rows only, reads an activity and a report without changing them, and exports what it
sees under the kecamatan's name."""

from __future__ import annotations

from typing import Any

import openpyxl
import pytest
from PySide6.QtWidgets import QFileDialog

from kecamatan_app.services.context import Actor
from kecamatan_app.views.kegiatan import KegiatanPage
from kecamatan_app.views.kegiatan.kegiatan_rincian import KegiatanRincianDialog
from kecamatan_app.views.laporan import LaporanPage
from tests import dinas_bantu as bantu
from tests.test_gui_pengaturan import shown_rows

HARI = bantu.HARI
pytestmark = pytest.mark.usefixtures("pilihan_segar")


def _page(qtbot: Any, cls: type, actor: Actor) -> Any:
    return bantu.page(qtbot, cls, actor, 1280)


def _titles(tab: Any) -> set[str]:
    return {r.judul for r in tab.rows()}


def test_kegiatan_page_of_a_kecamatan_user(qtbot, dunia, msgbox) -> None:
    a = dunia.a
    page = _page(qtbot, KegiatanPage, dunia.cast["tksk_a"])
    assert page.pilih is None and page.cornerWidget() is None
    tab = page.tab("kegiatan")
    tab.saring.set_month(HARI.year, HARI.month)
    assert len(tab.rows()) == 2 and "Rapat koordinasi A" in _titles(tab)
    assert not any(" B" in t for t in _titles(tab))
    desa = {tab.saring.desa.itemData(i) for i in range(1, tab.saring.desa.count())}
    assert a.desa_id in desa and dunia.b.desa_id not in desa
    assert tab.new_button.isVisibleTo(tab)
    rujukan = page.tab("rujukan")
    rujukan.refresh()
    assert [r.id for r in shown_rows(rujukan.table)] == [a.rujukan_id]
    assert rujukan.add_button.isVisibleTo(rujukan)
    rekap = page.tab("rekap")
    rekap.periode.set_year(HARI.year)
    assert rekap.kegiatan_model.rekap is not None
    assert rekap.kegiatan_model.rekap.total.jumlah == 2
    assert rekap.export_kegiatan.isVisibleTo(rekap)
    assert msgbox.calls == []


def test_kegiatan_page_of_the_dinas_sosial(qtbot, dunia, msgbox, tmp_path, monkeypatch) -> None:
    a, b = dunia.a, dunia.b
    page = _page(qtbot, KegiatanPage, dunia.cast["dinas"])
    assert page.pilih is not None and page.cornerWidget() is page.pilih
    tab = page.tab("kegiatan")
    page.pilih.choose(a.kecamatan_id)
    tab.saring.set_month(HARI.year, HARI.month)
    assert "Rapat koordinasi A" in _titles(tab)
    page.pilih.choose(b.kecamatan_id)  # the list reloads with B's activities and desa
    assert tab.saring.month() == (HARI.year, HARI.month)  # the period is kept
    assert len(tab.rows()) == 2 and "Rapat koordinasi B" in _titles(tab)
    assert not any(" A" in t for t in _titles(tab))
    desa = {tab.saring.desa.itemData(i) for i in range(1, tab.saring.desa.count())}
    assert b.desa_id in desa and a.desa_id not in desa
    for button in (tab.new_button, tab.templat_button, tab.copy_button, tab.delete_button,
                   *tab.impor.buttons()):
        assert not button.isVisibleTo(tab)
    assert tab.open_button.isVisibleTo(tab) and tab.export_button.isVisibleTo(tab)
    # opening an activity shows it read-only
    tab.select_id(b.kegiatan_id)
    tab.open_selected()
    rincian = tab.rincian
    assert isinstance(rincian, KegiatanRincianDialog)
    assert rincian.values["Kecamatan"] == "Tanjung Agung"
    assert rincian.values["Nama kegiatan"] == "Rapat koordinasi B"
    assert rincian.values["Uraian"] == "Uraian kegiatan B"
    assert rincian.values["TKSK"] == "Calon B"
    rincian.reject()
    # the export holds B's activities under B's name
    out = tmp_path / "kegiatan-b.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(out), "")))
    tab.export_button.click()
    qtbot.waitUntil(lambda: any(c[1] == "Ekspor selesai" for c in msgbox.calls), timeout=10000)
    assert "2 baris" in msgbox.texts()[-1]
    msgbox.calls.clear()
    ws = openpyxl.load_workbook(out, read_only=True).worksheets[0]
    cells = [str(c) for row in ws.iter_rows(values_only=True) for c in row if c]
    assert any(c.startswith("Kecamatan Tanjung Agung") for c in cells)
    assert "Rapat koordinasi B" in cells and "Rapat koordinasi A" not in cells
    # referrals and the recap of the chosen kecamatan
    rujukan = page.tab("rujukan")
    page.setCurrentWidget(rujukan)
    assert [r.id for r in shown_rows(rujukan.table)] == [b.rujukan_id]
    assert not rujukan.add_button.isVisibleTo(rujukan)
    assert not rujukan.edit_button.isVisibleTo(rujukan)
    assert not rujukan.print_button.isVisibleTo(rujukan)
    detail = rujukan.open_detail(b.rujukan_id)
    assert detail is not None and not detail.can_edit
    detail.reject()
    rekap = page.tab("rekap")
    page.setCurrentWidget(rekap)
    rekap.periode.set_year(HARI.year)
    assert rekap.kegiatan_model.rekap is not None
    assert rekap.kegiatan_model.rekap.total.jumlah == 2
    assert rekap.instansi_model.rows[-1].jumlah == 1
    # the recap exports of services.rujukan_pilihan know only the actor's own kecamatan
    assert not rekap.export_kegiatan.isVisibleTo(rekap)
    assert msgbox.calls == []


def test_laporan_page(qtbot, dunia, msgbox) -> None:
    a, b = dunia.a, dunia.b
    own = _page(qtbot, LaporanPage, dunia.cast["tksk_a"])
    assert own.pilih is None
    own.show_month(HARI.year, HARI.month)
    assert own.info is not None and own.info.id == a.laporan_id
    assert own.save_button.isVisibleTo(own) and own.form.editable()
    page = _page(qtbot, LaporanPage, dunia.cast["dinas"])
    assert page.pilih is not None
    page.show_month(HARI.year, HARI.month)
    page.pilih.choose(b.kecamatan_id)
    assert page.info is not None and page.info.id == b.laporan_id
    page.pilih.choose(a.kecamatan_id)
    assert page.info is not None and page.info.id == a.laporan_id
    assert not page.form.editable()
    for button in (page.save_button, page.prefill_button, page.revert_button):
        assert not button.isVisibleTo(page)
    assert not any(b.isVisibleTo(page) for b in page.alur.findChildren(type(page.save_button)))
    assert page.rekap_button.isVisibleTo(page)
    dialog = page.open_rekap_tahunan()
    assert dialog.windowTitle() == "Rekap tahunan Kecamatan Gelumbang"
    dialog.reject()
    assert msgbox.calls == []


def test_kabupaten_administrator_sees_the_referral_rules_of_the_chosen_kecamatan(
        qtbot, dunia, msgbox) -> None:
    from kecamatan_app.views.kegiatan.rujukan_aturan import AturanRujukanDialog

    page = _page(qtbot, KegiatanPage, dunia.cast["admin"])
    assert page.pilih is not None
    page.pilih.choose(dunia.a.kecamatan_id)
    rujukan = page.tab("rujukan")
    assert rujukan.rules_button.isVisibleTo(rujukan)  # a shared setting: the kabupaten's
    assert not rujukan.add_button.isVisibleTo(rujukan)
    dialog = AturanRujukanDialog(dunia.cast["admin"], rujukan)
    qtbot.addWidget(dialog)
    assert "/16.03.06/" in dialog.contoh.text() and "belum sah" not in dialog.contoh.text()
    dialog.format.setText("{urut:03d}/{tidak_dikenal}")
    assert "belum sah" in dialog.contoh.text()
    assert msgbox.calls == []
