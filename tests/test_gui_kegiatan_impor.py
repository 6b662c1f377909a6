"""Kegiatan > Kegiatan and Kegiatan > Rujukan: Impor and Unduh templat, driven as a clerk would.
The template is written by the service and filled with openpyxl, the file picked through a
(patched) file dialog; the check and the import run in the background. A good workbook lands in
the list; a bad one lists its problems by row and column and writes nothing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from kecamatan_app.models import JejakAudit, Kegiatan, RiwayatRujukan, Rujukan
from kecamatan_app.services import desa, impor_kegiatan, impor_rujukan
from kecamatan_app.services import registri as reg
from kecamatan_app.services.context import Actor
from kecamatan_app.views.impor_dialog import ImporDialog
from kecamatan_app.views.kegiatan import KegiatanPage
from kecamatan_app.views.kegiatan.kegiatan_tab import KegiatanTab
from kecamatan_app.views.kegiatan.rujukan_tab import RujukanTab

TODAY = dt.date.today()
HARI = TODAY.strftime("%d-%m-%Y")
BUDI = "1603061203990001"


def counts() -> tuple[int, int, int, int]:
    return (Kegiatan.select().count(), Rujukan.select().count(),
            RiwayatRujukan.select().count(), JejakAudit.select().count())


def filled(module: Any, path: Path, rows: list[dict[str, Any]]) -> Path:
    """The service's template with ``rows`` added under its header (by column name)."""
    module.write_template(path)
    wb = openpyxl.load_workbook(path)
    headers = [c.header for c in module.columns()]
    for r in rows:
        wb[module.SHEET].append([r.get(h) for h in headers])
    wb.save(path)
    return path


def act(**over: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "Tanggal": HARI, "Jam Mulai": "09:00", "Fungsi": "Koordinasi",
        "Bentuk": "Menyamakan persepsi", "Desa": "Sigam",
        "Judul": "Rapat koordinasi penyaluran BPNT (impor)",
        "Uraian": "Rapat bersama pendamping PKH.", "Hasil": "Jadwal disepakati.",
        "Peserta L": 4, "Peserta P": 6, "Status": "Final",
    }
    row.update(over)
    return row


def ref(**over: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "Tanggal": HARI, "NIK Klien": BUDI, "Kebutuhan": "Pemeriksaan kesehatan",
        "Instansi": "Puskesmas", "Persetujuan": "Ada",
    }
    row.update(over)
    return row


@pytest.fixture
def budi(admin: Actor, tksk_aktif: int) -> int:
    sigam = desa.resolve("Sigam")
    assert sigam is not None
    return reg.create_warga(admin, reg.WargaData(
        nik=BUDI, nama="Budi Santoso (contoh)", jenis_kelamin="L",
        tanggal_lahir=dt.date(1999, 3, 12), desa_id=sigam.id)).id


def shown(qtbot: Any, widget: Any) -> Any:
    qtbot.addWidget(widget)
    widget.resize(1200, 700)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def open_and_pick(qtbot: Any, tab: Any, path: Path, monkeypatch: Any) -> ImporDialog:
    """Impor... on the tab, then Pilih berkas... answering ``path``; waits for the check."""
    assert tab.impor.import_button.isVisible()
    qtbot.mouseClick(tab.impor.import_button, Qt.MouseButton.LeftButton)
    dialog = tab.impor.dialog
    assert isinstance(dialog, ImporDialog)
    qtbot.waitExposed(dialog)
    assert not dialog.import_button.isEnabled()  # nothing checked yet
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    qtbot.mouseClick(dialog.choose_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.busy() and dialog.result_value is not None,
                    timeout=10000)
    return dialog


def problems(dialog: ImporDialog) -> list[tuple[str, str]]:
    proxy = dialog.table.proxy
    return [(proxy.index(r, 0).data(), proxy.index(r, 1).data())
            for r in range(proxy.rowCount())]


def do_import(qtbot: Any, dialog: ImporDialog, msgbox: Any) -> None:
    assert dialog.import_button.isEnabled() and dialog.import_button.isDefault()
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: any(c[1] == "Impor selesai" for c in msgbox.calls), timeout=10000)


def test_activities_import_and_show_in_the_list(
        qtbot: Any, admin: Actor, tksk_aktif: int, msgbox: Any, monkeypatch: Any,
        tmp_path: Path) -> None:
    tab = shown(qtbot, KegiatanTab(admin))
    assert tab.rows() == []
    path = filled(impor_kegiatan, tmp_path / "kegiatan.xlsx", [
        act(), act(Judul="Bimbingan sosial Karang Taruna (impor)", Fungsi="fasilitasi",
                   Bentuk="Bimbingan", Desa="Kecamatan", Status="Draf", Uraian=None,
                   Hasil=None)])
    before = counts()
    dialog = open_and_pick(qtbot, tab, path, monkeypatch)
    assert dialog.windowTitle() == "Impor kegiatan TKSK dari Excel"
    assert dialog.status.text() == "Siap diimpor: 2 baru, 0 diperbarui."
    assert counts() == before  # the check saved nothing
    do_import(qtbot, dialog, msgbox)
    assert "2 baru" in msgbox.calls[-1][2]
    assert sorted(r.judul for r in tab.rows()) == [
        "Bimbingan sosial Karang Taruna (impor)", "Rapat koordinasi penyaluran BPNT (impor)"]
    assert tab.count.text() == "2 kegiatan (1 draf)"
    assert tab.status.text().startswith("Impor selesai: 2 kegiatan baru.")
    assert counts()[0] == before[0] + 2
    qtbot.waitUntil(lambda: tab.impor.dialog is None)  # closed after the import


def test_a_bad_activity_workbook_lists_its_problems_and_writes_nothing(
        qtbot: Any, admin: Actor, tksk_aktif: int, msgbox: Any, monkeypatch: Any,
        tmp_path: Path) -> None:
    tab = shown(qtbot, KegiatanTab(admin))
    path = filled(impor_kegiatan, tmp_path / "salah.xlsx", [
        act(), act(Judul=None, Fungsi="Tidak ada fungsi ini"), act(Tanggal="31-02-2025")])
    before = counts()
    dialog = open_and_pick(qtbot, tab, path, monkeypatch)
    found = problems(dialog)
    assert ("3", "Fungsi") in found and ("3", "Judul") in found
    assert ("4", "Tanggal") in found and not any(r == "2" for r, _c in found)
    assert dialog.status.text().startswith("Ditemukan ") and "di 2 baris" in dialog.status.text()
    assert dialog.nothing_saved.isVisible() and not dialog.import_button.isEnabled()
    assert dialog.start_import() is None
    assert counts() == before and tab.rows() == []
    dialog.reject()


def test_referrals_import_and_show_in_the_list(
        qtbot: Any, admin: Actor, budi: int, msgbox: Any, monkeypatch: Any,
        tmp_path: Path) -> None:
    tab = shown(qtbot, RujukanTab(admin))
    assert tab.model.rows == []
    path = filled(impor_rujukan, tmp_path / "rujukan.xlsx", [
        ref(), ref(Kebutuhan="Kursi roda", Instansi="BAZNAS", Status="Selesai",
                   Hasil="Berhasil", **{"Tanggal Status": HARI,
                                        "Keterangan Status": "Kursi roda diterima klien"})])
    before = counts()
    dialog = open_and_pick(qtbot, tab, path, monkeypatch)
    assert dialog.windowTitle() == "Impor rujukan TKSK dari Excel"
    assert dialog.status.text() == "Siap diimpor: 2 baru, 0 diperbarui."
    assert counts() == before
    do_import(qtbot, dialog, msgbox)
    rows = {r.kebutuhan: r for r in tab.model.rows}
    assert set(rows) == {"Pemeriksaan kesehatan", "Kursi roda"}
    assert rows["Kursi roda"].status == "selesai" and rows["Kursi roda"].hasil == "Berhasil"
    assert rows["Pemeriksaan kesehatan"].status == "diajukan"
    assert all(r.nomor_surat and r.klien == "Budi Santoso (contoh)" for r in rows.values())
    assert tab.count.text() == "2 rujukan"
    assert tab.status_line.text().startswith("Impor selesai: 2 rujukan baru")
    assert counts()[:2] == (before[0] + 2, before[1] + 2)  # each with its activity


def test_a_bad_referral_workbook_lists_its_problems_and_writes_nothing(
        qtbot: Any, admin: Actor, budi: int, msgbox: Any, monkeypatch: Any,
        tmp_path: Path) -> None:
    tab = shown(qtbot, RujukanTab(admin))
    path = filled(impor_rujukan, tmp_path / "salah.xlsx", [
        ref(), ref(**{"NIK Klien": "1603069999990009"}), ref(Kebutuhan=None)])
    before = counts()
    dialog = open_and_pick(qtbot, tab, path, monkeypatch)
    found = problems(dialog)
    assert ("3", "NIK Klien") in found and ("4", "Kebutuhan") in found
    assert not any(r == "2" for r, _c in found)
    assert dialog.nothing_saved.isVisible() and not dialog.import_button.isEnabled()
    assert counts() == before and tab.model.rows == []
    dialog.reject()


@pytest.mark.parametrize("key, module", [("kegiatan", impor_kegiatan),
                                         ("rujukan", impor_rujukan)])
def test_the_template_is_saved_where_the_user_chose(
        qtbot: Any, admin: Actor, tksk_aktif: int, msgbox: Any, monkeypatch: Any,
        tmp_path: Path, key: str, module: Any) -> None:
    page = shown(qtbot, KegiatanPage(admin))
    tab = page.tab(key)
    page.setCurrentWidget(tab)
    out = tmp_path / "templat"  # the extension is added
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    assert tab.impor.template_button.isVisible()
    qtbot.mouseClick(tab.impor.template_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: any(c[1] == "Templat tersimpan" for c in msgbox.calls))
    wb = openpyxl.load_workbook(tmp_path / "templat.xlsx")
    assert [c.value for c in wb[module.SHEET][1]] == [c.header for c in module.columns()]
    assert "Petunjuk" in wb.sheetnames


def test_the_camat_has_no_import(qtbot: Any, make_actor: Any, tksk_aktif: int,
                                 msgbox: Any) -> None:
    page = shown(qtbot, KegiatanPage(make_actor("camat")))
    for key in ("kegiatan", "rujukan"):
        tab = page.tab(key)
        assert isinstance(tab, KegiatanTab | RujukanTab)
        assert tab.impor.import_button.isHidden() and tab.impor.template_button.isHidden()
        assert tab.impor.open_import() is None and tab.impor.save_template() is None
