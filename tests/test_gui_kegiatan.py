"""The Kegiatan tab as a user drives it: new activity from the list, filters and quick search,
the month view, locked months, duplicate, templates, delete, the keyboard, the camat's
read-only list and the Excel export (read back)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QFileDialog

from kecamatan_app.models import Kegiatan
from kecamatan_app.services import kegiatan, kegiatan_templat, rujukan
from kecamatan_app.services.context import Actor
from kecamatan_app.services.kegiatan_periksa import FotoData
from kecamatan_app.views.kegiatan.kegiatan_dialog import KegiatanDialog
from kecamatan_app.views.kegiatan.kegiatan_model import COL_STATUS
from kecamatan_app.views.kegiatan.kegiatan_tab import KegiatanTab
from kecamatan_app.views.kegiatan.templat_dialog import TemplatDialog
from tests.kegiatan_bantu import (
    BULAN,
    HARI,
    bentuk,
    data,
    desa_id,
    fungsi,
    in_bulan,
    jpeg,
    kunci,
    program,
    rujukan_data,
    warga,
    write,
)


def _tab(qtbot: Any, actor: Actor) -> KegiatanTab:
    tab = KegiatanTab(actor)
    qtbot.addWidget(tab)
    return tab


def _to_month(tab: KegiatanTab, day: dt.date) -> None:
    tab.saring.set_month(day.year, day.month)


def _choose(combo: Any, text: str) -> None:
    index = combo.findText(text)
    assert index >= 0, text
    combo.setCurrentIndex(index)


def _titles(tab: KegiatanTab) -> list[str]:
    return [r.judul for r in tab.rows()]


@pytest.fixture
def bulan_isi(admin: Actor, tksk_aktif: int) -> dict[str, int]:
    """Four activities in BULAN: two on day 5, one on day 12 (draft), one on day 20."""
    ids = {}
    for key, kw in {
        "rapat": dict(tanggal=in_bulan(5), judul="Rapat koordinasi PKH"),
        "bpnt": dict(tanggal=in_bulan(5), judul="Monitoring penyaluran BPNT",
                     fungsi_id=fungsi("fasilitasi"), bentuk_id=bentuk("pendampingan"),
                     program_id=program("bpnt"), desa_ids=[desa_id("Mililian")]),
        "data": dict(tanggal=in_bulan(12), judul="Pemutakhiran data lansia", status="draf",
                     fungsi_id=fungsi("administrasi"), bentuk_id=bentuk("pemetaan"),
                     hasil="", uraian="Mendata lansia terlantar di Dusun II."),
        "bimbingan": dict(tanggal=in_bulan(20), judul="Bimbingan sosial Karang Taruna",
                          fungsi_id=fungsi("fasilitasi"), bentuk_id=bentuk("bimbingan"),
                          lingkup="kecamatan", desa_ids=[]),
    }.items():
        ids[key] = kegiatan.create(admin, data(**kw)).id
    return ids


def test_new_activity_from_the_list_shows_in_it_with_its_photos(
        qtbot: Any, admin: Actor, tksk_aktif: int, msgbox: Any, monkeypatch: Any,
        tmp_path: Path) -> None:
    tab = _tab(qtbot, admin)
    assert tab.rows() == []
    paths = [write(tmp_path, "a.jpg", jpeg(gps=True)), write(tmp_path, "b.jpg", jpeg())]

    def fake_exec(dialog: KegiatanDialog) -> int:
        assert dialog.windowTitle() == "Kegiatan baru"
        dialog.form.set_data(data(judul="Rapat koordinasi BPNT bulan ini", foto=[]))
        dialog.form.foto.add_files(paths)
        dialog.form.foto.captions()[0].setText("Peserta rapat")
        assert dialog.save()
        return int(dialog.result())

    monkeypatch.setattr(KegiatanDialog, "exec", fake_exec)
    tab.new_button.click()
    # saved two months ago: the list moved to that month and selected it
    assert tab.saring.month() == (HARI.year, HARI.month)
    row = tab.selected()
    assert row is not None and row.judul == "Rapat koordinasi BPNT bulan ini"
    assert row.jumlah_foto == 2 and row.status == "Final"
    assert "Kegiatan tersimpan" in tab.status.text()
    assert "GPS" in tab.status.text() and "1 foto" in tab.status.text()
    assert tab.bulan.count_on(HARI) == 1
    assert not msgbox.calls


def test_model_passes_the_model_tester(
        qtbot: Any, qtmodeltester: Any, admin: Actor, bulan_isi: dict[str, int]) -> None:
    tab = _tab(qtbot, admin)
    _to_month(tab, BULAN)
    assert len(tab.rows()) == 4
    qtmodeltester.check(tab.model, force_py=True)
    qtmodeltester.check(tab.proxy, force_py=True)


def test_filters_and_quick_search_narrow_the_list(
        qtbot: Any, admin: Actor, bulan_isi: dict[str, int]) -> None:
    tab = _tab(qtbot, admin)
    _to_month(tab, BULAN)
    assert len(tab.rows()) == 4 and tab.count.text() == "4 kegiatan (1 draf)"
    _choose(tab.saring.fungsi, "Fasilitasi")
    assert sorted(_titles(tab)) == ["Bimbingan sosial Karang Taruna",
                                    "Monitoring penyaluran BPNT"]
    # the form filter offers only the forms of the chosen function
    forms = [tab.saring.bentuk.itemText(i) for i in range(1, tab.saring.bentuk.count())]
    assert forms == ["Pendampingan sosial", "Bimbingan sosial", "Kemitraan", "Rujukan"]
    _choose(tab.saring.bentuk, "Bimbingan sosial")
    assert _titles(tab) == ["Bimbingan sosial Karang Taruna"]
    _choose(tab.saring.fungsi, "Semua fungsi")
    _choose(tab.saring.bentuk, "Semua bentuk")
    _choose(tab.saring.desa, "Mililian")
    assert _titles(tab) == ["Monitoring penyaluran BPNT"]
    _choose(tab.saring.desa, "Semua desa")
    _choose(tab.saring.program, "BPNT / Program Sembako")
    assert _titles(tab) == ["Monitoring penyaluran BPNT"]
    _choose(tab.saring.program, "Semua program")
    _choose(tab.saring.status, "Draf")
    assert _titles(tab) == ["Pemutakhiran data lansia"]
    _choose(tab.saring.status, "Semua status")
    tab.saring.search.setText("lansia terlantar")  # found in the description
    qtbot.waitUntil(lambda: _titles(tab) == ["Pemutakhiran data lansia"], timeout=3000)
    tab.saring.search.setText("")
    qtbot.waitUntil(lambda: len(tab.rows()) == 4, timeout=3000)
    # another month is empty; the whole year holds all four, and the calendar waits for a month
    _to_month(tab, BULAN - dt.timedelta(days=1))
    assert tab.rows() == []
    _to_month(tab, BULAN)
    _choose(tab.saring.bulan, "Semua bulan")
    assert len(tab.rows()) == 4
    assert not tab.bulan.grid_box.isEnabled() and "Pilih satu bulan" in tab.bulan.summary.text()


def test_month_view_counts_and_a_clicked_day_filters_the_list(
        qtbot: Any, admin: Actor, bulan_isi: dict[str, int]) -> None:
    tab = _tab(qtbot, admin)
    _to_month(tab, BULAN)
    view = tab.bulan
    assert view.title.text().endswith(str(BULAN.year))
    assert (view.count_on(in_bulan(5)), view.count_on(in_bulan(12)),
            view.count_on(in_bulan(20)), view.count_on(in_bulan(6))) == (2, 1, 1, 0)
    assert view.cell_for(in_bulan(5)).text() == "5: 2 kegiatan"  # type: ignore[union-attr]
    assert "4 kegiatan pada 3 hari" in view.summary.text()
    # the calendar starts on Monday: the 1st sits in the column of its weekday
    first = next(i for i, c in enumerate(view.cells) if c.day is not None)
    assert first == BULAN.weekday()
    view.click_day(in_bulan(5))
    assert sorted(_titles(tab)) == ["Monitoring penyaluran BPNT", "Rapat koordinasi PKH"]
    assert not tab.day_label.isHidden() and not tab.whole_month.isHidden()
    assert view.count_on(in_bulan(12)) == 1  # the calendar still shows the whole month
    view.click_day(in_bulan(5))  # again: the whole month
    assert len(tab.rows()) == 4 and tab.day_label.isHidden()
    view.click_day(in_bulan(20))
    tab.whole_month.click()
    assert len(tab.rows()) == 4
    # the filters apply to the counts too
    _choose(tab.saring.status, "Draf")
    assert (view.count_on(in_bulan(5)), view.count_on(in_bulan(12))) == (0, 1)
    # the arrows move the period
    month = tab.saring.month()
    view.next_button.click()
    assert tab.saring.month() != month


def test_locked_month_is_marked_and_its_rows_cannot_be_deleted(
        qtbot: Any, admin: Actor, bulan_isi: dict[str, int], msgbox: Any) -> None:
    kunci(BULAN, "disetujui")
    tab = _tab(qtbot, admin)
    _to_month(tab, BULAN)
    assert not tab.bulan.banner.isHidden() and "terkunci" in tab.bulan.banner.text()
    assert tab.saring.bulan.currentText().endswith("(terkunci)")
    assert all(r.terkunci for r in tab.rows())
    assert tab.proxy.index(0, COL_STATUS).data().endswith("terkunci")
    assert tab.proxy.index(0, COL_STATUS).data(Qt.ItemDataRole.DecorationRole) is not None
    tab.table.selectRow(0)
    assert not tab.delete_button.isEnabled() and "terkunci" in tab.delete_button.toolTip()
    tab.delete_selected()  # e.g. the Delete key: told why, nothing deleted
    assert Kegiatan.select().count() == 4 and "terkunci" in msgbox.texts()[-1]
    _to_month(tab, BULAN - dt.timedelta(days=1))
    assert tab.bulan.banner.isHidden()


def test_delete_asks_first_and_the_delete_key_works(
        qtbot: Any, admin: Actor, bulan_isi: dict[str, int], msgbox: Any) -> None:
    tab = _tab(qtbot, admin)
    _to_month(tab, BULAN)
    tab.select_id(bulan_isi["data"])
    msgbox.answer_yes = False
    tab.delete_button.click()
    assert Kegiatan.select().count() == 4
    assert "Pemutakhiran data lansia" in msgbox.texts()[-1]
    msgbox.answer_yes = True
    qtbot.keyClick(tab.table, Qt.Key.Key_Delete)
    assert Kegiatan.get_or_none(Kegiatan.id == bulan_isi["data"]) is None
    assert "Pemutakhiran data lansia" not in _titles(tab) and len(tab.rows()) == 3
    assert "dihapus" in tab.status.text()


def test_enter_opens_and_insert_starts_a_new_activity(
        qtbot: Any, admin: Actor, bulan_isi: dict[str, int], monkeypatch: Any) -> None:
    opened: list[str] = []

    def fake_exec(dialog: KegiatanDialog) -> int:
        opened.append(dialog.windowTitle())
        return int(QDialog.DialogCode.Rejected)

    monkeypatch.setattr(KegiatanDialog, "exec", fake_exec)
    tab = _tab(qtbot, admin)
    _to_month(tab, BULAN)
    tab.show()
    tab.table.setFocus()
    tab.select_id(bulan_isi["rapat"])
    qtbot.keyClick(tab.table, Qt.Key.Key_Return)
    assert opened == ["Ubah kegiatan: Rapat koordinasi PKH"]
    tab.activateWindow()
    qtbot.waitUntil(tab.isActiveWindow, timeout=3000)
    qtbot.keyClick(tab.table, Qt.Key.Key_Insert)
    qtbot.keyClick(tab.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert opened[1:] == ["Kegiatan baru", "Kegiatan baru"]


def test_duplicate_opens_a_prefilled_draft(
        qtbot: Any, admin: Actor, tksk_aktif: int, monkeypatch: Any, tmp_path: Path) -> None:
    photo = write(tmp_path, "x.jpg", jpeg())
    saved = kegiatan.create(admin, data(foto=[FotoData(path=photo, keterangan="Rapat")]))
    tab = _tab(qtbot, admin)
    _to_month(tab, HARI)
    tab.select_id(saved.id)
    seen: dict[str, Any] = {}

    def fake_exec(dialog: KegiatanDialog) -> int:
        form = dialog.form
        seen.update(title=dialog.windowTitle(), judul=form.judul.text(),
                    hasil=form.hasil.toPlainText(), status=form.status.currentData(),
                    foto=len(form.foto.items), bentuk=form.bentuk.currentText())
        form.hasil.setPlainText("Hasil rapat kedua.")
        form.tanggal.setDate(form.tanggal.date().fromString(
            (HARI + dt.timedelta(days=1)).isoformat(), "yyyy-MM-dd"))
        assert dialog.save()
        return int(dialog.result())

    monkeypatch.setattr(KegiatanDialog, "exec", fake_exec)
    tab.copy_button.click()
    assert seen["title"].startswith("Kegiatan baru (gandaan dari Rapat koordinasi")
    assert seen["judul"] == "Rapat koordinasi penyaluran BPNT"
    assert (seen["hasil"], seen["status"], seen["foto"]) == ("", "draf", 0)
    assert seen["bentuk"] == "Saling memberikan informasi"
    assert Kegiatan.select().count() == 2
    assert _titles(tab).count("Rapat koordinasi penyaluran BPNT") == 2


def test_new_from_template_and_delete_a_template(
        qtbot: Any, admin: Actor, tksk_aktif: int, msgbox: Any, monkeypatch: Any) -> None:
    kegiatan_templat.save(admin, "Monitoring BPNT bulanan", data(
        judul="Monitoring penyaluran BPNT", program_id=program("bpnt")))
    kegiatan_templat.save(admin, "Rapat bulanan", data(judul="Rapat bulanan TKSK"))
    tab = _tab(qtbot, admin)
    seen: dict[str, Any] = {}

    def choose(dialog: TemplatDialog) -> int:
        assert dialog.names() == ["Monitoring BPNT bulanan", "Rapat bulanan"]
        assert dialog.select("Monitoring BPNT bulanan")
        dialog.use()
        return int(dialog.result())

    def fake_exec(dialog: KegiatanDialog) -> int:
        seen.update(title=dialog.windowTitle(), judul=dialog.form.judul.text(),
                    program=dialog.form.program.currentText(),
                    tanggal=dialog.form.tanggal.date().toString("yyyy-MM-dd"))
        return int(QDialog.DialogCode.Rejected)

    monkeypatch.setattr(TemplatDialog, "exec", choose)
    monkeypatch.setattr(KegiatanDialog, "exec", fake_exec)
    tab.templat_button.click()
    assert seen["title"] == "Kegiatan baru (dari templat Monitoring BPNT bulanan)"
    assert seen["judul"] == "Monitoring penyaluran BPNT"
    assert seen["program"] == "BPNT / Program Sembako"
    assert seen["tanggal"] == dt.date.today().isoformat()
    # managing: delete one after confirming
    manage = TemplatDialog(admin)
    qtbot.addWidget(manage)
    manage.select("Rapat bulanan")
    manage.delete_selected()
    assert manage.names() == ["Monitoring BPNT bulanan"]
    assert [r.nama for r in kegiatan_templat.rows(admin)] == ["Monitoring BPNT bulanan"]


def test_referral_row_cannot_be_duplicated_or_deleted_here(
        qtbot: Any, admin: Actor, tksk_aktif: int) -> None:
    ref = rujukan.create(admin, rujukan_data(warga(admin)))
    tab = _tab(qtbot, admin)
    _to_month(tab, HARI)
    assert tab.select_id(ref.kegiatan_id)
    assert tab.selected().nomor_rujukan == ref.nomor_surat  # type: ignore[union-attr]
    assert not tab.copy_button.isEnabled() and not tab.delete_button.isEnabled()
    assert "tab Rujukan" in tab.delete_button.toolTip()
    assert tab.open_button.isEnabled()


def test_camat_sees_the_list_without_edit_buttons(
        qtbot: Any, admin: Actor, bulan_isi: dict[str, int], make_actor: Any) -> None:
    tab = _tab(qtbot, make_actor("camat"))
    _to_month(tab, BULAN)
    assert len(tab.rows()) == 4
    for button in (tab.new_button, tab.templat_button, tab.copy_button, tab.delete_button):
        assert button.isHidden(), button.text()
    assert not tab.open_button.isHidden() and not tab.export_button.isHidden()
    tab.select_id(bulan_isi["rapat"])
    tab.delete_selected()
    tab.new()
    assert Kegiatan.select().count() == 4


def test_excel_export_of_the_filtered_list(
        qtbot: Any, admin: Actor, bulan_isi: dict[str, int], msgbox: Any, monkeypatch: Any,
        tmp_path: Path) -> None:
    tab = _tab(qtbot, admin)
    _to_month(tab, BULAN)
    _choose(tab.saring.fungsi, "Fasilitasi")
    target = tmp_path / "kegiatan.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(target), "")))
    tab.export_button.click()
    qtbot.waitUntil(lambda: any(c[1] == "Ekspor selesai" for c in msgbox.calls), timeout=10000)
    assert "2 baris" in msgbox.texts()[-1]
    ws = openpyxl.load_workbook(target).active
    assert ws is not None
    values = [list(r) for r in ws.iter_rows(values_only=True)]
    header_at = next(i for i, r in enumerate(values) if r[:4] == ["No", "Tanggal", "Jam",
                                                                  "Nama kegiatan"])
    heading = " ".join(str(v) for r in values[:header_at] for v in r if v)
    assert "Daftar Kegiatan TKSK" in heading and "Fasilitasi" in heading
    body = values[header_at + 1:]
    assert sorted(r[3] for r in body) == ["Bimbingan sosial Karang Taruna",
                                          "Monitoring penyaluran BPNT"]
    bpnt = next(r for r in body if r[3] == "Monitoring penyaluran BPNT")
    head = values[header_at]
    assert bpnt[head.index("Lokasi")] == "Mililian"
    assert bpnt[head.index("Program")] == "BPNT / Program Sembako"
    assert bpnt[head.index("Peserta L")] == 5 and bpnt[head.index("Jumlah peserta")] == 12
    assert isinstance(bpnt[1], dt.datetime) and bpnt[1].date() == in_bulan(5)
