"""Pemetaan Sosial > Cocokkan Register and Penilaian Kemiskinan, driven as a user would."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from PySide6.QtWidgets import QFileDialog, QWidget

from kecamatan_app.models import Desa, JejakAudit, Keluarga, StatusRegister, Warga
from kecamatan_app.services import kemiskinan, registri_cari
from kecamatan_app.services.cocok_register import KOLOM_EKSPOR_REGISTER
from kecamatan_app.services.context import Actor
from kecamatan_app.views.pemetaan.cocok_tab import CocokRegisterTab
from kecamatan_app.views.pemetaan.kemiskinan_tab import KelasDialog, KemiskinanTab
from kecamatan_app.views.table_model import ROW_ROLE

HEAD = list(KOLOM_EKSPOR_REGISTER)
SITI, BUDI, LAIN = "1603065203800001", "1603061203800002", "1603064506900003"


def register_file(path: Path, rows: list[tuple[str, str, str]]) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(HEAD)
    for idr, nik, nama in rows:
        ws.append(
            [
                idr,
                "SUMATERA SELATAN",
                "MUARA ENIM",
                "GELUMBANG",
                "SIGAM",
                "DUSUN 1",
                "1",
                "001",
                "001",
                "1603060101100001",
                nik,
                nama,
                "12-03-1980",
                "GELUMBANG",
                "P",
                "IBU (contoh)",
                "KEPALA KELUARGA",
            ]
        )
    wb.save(path)
    return path


def show(qtbot: Any, widget: QWidget) -> Any:
    qtbot.addWidget(widget)
    widget.resize(1100, 700)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def shown_rows(view: Any) -> list[Any]:
    model = view.model()
    return [model.index(r, 0).data(ROW_ROLE) for r in range(model.rowCount())]


@pytest.fixture
def persons(office: Any) -> tuple[Warga, Warga]:
    desa = Desa.get(Desa.nama == "Sigam")
    a = Warga.create(nik=SITI, nama="Siti (contoh)", jenis_kelamin="P", desa=desa)
    b = Warga.create(nik=BUDI, nama="Budi (contoh)", jenis_kelamin="L", desa=desa)
    return a, b


def check(qtbot: Any, tab: CocokRegisterTab, path: Path, monkeypatch: Any) -> None:
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(path), ""))
    )
    assert tab.choose_file() == path
    assert tab.check_button.isEnabled()
    tab.check_button.click()
    qtbot.waitUntil(lambda: tab.task is None and tab.result is not None, timeout=10000)


def tab_titles(tab: CocokRegisterTab) -> list[str]:
    return [tab.lists.tabText(i) for i in range(tab.lists.count())]


def test_check_then_apply_and_export(
    qtbot: Any,
    admin: Actor,
    persons: Any,
    msgbox: Any,
    tmp_path: Path,
    monkeypatch: Any,
    qtmodeltester: Any,
) -> None:
    f = register_file(tmp_path / "dtsen.xlsx", [("ID-1", SITI, "SITI"), ("ID-9", LAIN, "LAIN")])
    tab = show(qtbot, CocokRegisterTab(admin))
    assert not tab.check_button.isEnabled() and not tab.apply_button.isEnabled()
    tab.tanggal.setDate(tab.tanggal.date().addDays(-3))
    check(qtbot, tab, f, monkeypatch)
    assert tab_titles(tab) == [
        "Ada di keduanya (1)",
        "Hanya di data kita (1)",
        "Hanya di register (1)",
    ]
    assert [p.nama for p in shown_rows(tab.keduanya.table.view)] == ["Siti (contoh)"]
    assert [p.nik for p in shown_rows(tab.hanya_register.table.view)] == ["160306********03"]
    qtmodeltester.check(tab.keduanya.table.model)
    assert StatusRegister.select().count() == 0  # looking changes nothing
    assert tab.apply_button.isEnabled() and tab.export_button.isEnabled()

    target = tmp_path / "hasil.xlsx"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), ""))
    )
    assert tab.export() is not None
    qtbot.waitUntil(lambda: any(c[1] == "Ekspor selesai" for c in msgbox.calls), timeout=10000)
    ws = openpyxl.load_workbook(target).active
    values = [row for row in ws.iter_rows(values_only=True) if row and row[0] in (1, 2, 3)]
    assert [(r[1], r[3]) for r in values] == [
        ("Ada di keduanya", "Siti (contoh)"),
        ("Hanya di data kita", "Budi (contoh)"),
        ("Hanya di register", "LAIN"),
    ]
    assert all("*" in str(r[2]) for r in values)
    assert JejakAudit.select().where(JejakAudit.aksi == "ekspor").count() == 1

    msgbox.answer_yes = False
    assert tab.apply() is None
    assert StatusRegister.select().count() == 0
    msgbox.answer_yes = True
    tab.apply_button.click()
    qtbot.waitUntil(lambda: tab.task is None and tab.result.diterapkan, timeout=10000)
    assert any(c[1] == "Status register diterapkan" for c in msgbox.calls)
    assert not tab.apply_button.isEnabled()  # applied once
    status = {r.nama: r.register for r in registri_cari.search(admin)}
    assert status == {"Siti (contoh)": "DTSEN", "Budi (contoh)": "DTSEN (tidak terdaftar)"}
    checked = {s.tanggal_cek for s in StatusRegister.select()}
    assert checked == {dt.date.today() - dt.timedelta(days=3)}


def test_bad_nik_shows_problems_and_nothing_applies(
    qtbot: Any, admin: Actor, persons: Any, msgbox: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    f = register_file(tmp_path / "dtsen.xlsx", [("ID-1", SITI, "SITI"), ("ID-2", "12345", "X")])
    tab = show(qtbot, CocokRegisterTab(admin))
    check(qtbot, tab, f, monkeypatch)
    assert tab.stack.currentIndex() == 1
    problems = shown_rows(tab.problems.view)
    assert [(p.row, p.column) for p in problems] == [(3, "NOMOR_NIK")]
    assert "1 masalah" in tab.problem_label.text()
    assert not tab.apply_button.isEnabled() and not tab.export_button.isEnabled()
    assert tab.apply() is None
    assert StatusRegister.select().count() == 0


def test_camat_checks_but_cannot_apply(
    qtbot: Any, make_actor: Any, persons: Any, msgbox: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    f = register_file(tmp_path / "dtsen.xlsx", [("ID-9", LAIN, "LAIN")])
    tab = show(qtbot, CocokRegisterTab(make_actor("camat")))
    check(qtbot, tab, f, monkeypatch)
    assert tab_titles(tab)[1] == "Hanya di data kita (2)"
    assert tab.apply_button.isHidden() and not tab.apply_button.isEnabled()
    assert tab.apply() is None and StatusRegister.select().count() == 0
    assert tab.export_button.isEnabled()
    target = tmp_path / "tidak-ada" / "hasil.xlsx"  # a folder that does not exist
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), ""))
    )
    assert tab.export() is not None
    qtbot.waitUntil(lambda: any(c[1] == "Ekspor gagal" for c in msgbox.calls), timeout=10000)
    assert not target.parent.exists()
    assert JejakAudit.select().where(JejakAudit.aksi == "ekspor").count() == 0


# -- Penilaian kemiskinan ---------------------------------------------------------------------
@pytest.fixture
def keluarga(office: Any) -> Keluarga:
    return Keluarga.create(
        kepala="Kepala (contoh)", no_kk="1603060101100009", desa=Desa.get(Desa.nama == "Sigam")
    )


def answer_all(dialog: Any, option: int) -> None:
    for combo in dialog.combos.values():
        combo.setCurrentIndex(option + 1)  # item 0 is "- pilih -"


def test_indicators_and_assessment(
    qtbot: Any, admin: Actor, keluarga: Keluarga, msgbox: Any
) -> None:
    tab = show(qtbot, KemiskinanTab(admin))
    assert "Berau" in tab.instrument.currentText()
    assert tab.indicator_count() == 16
    assert shown_rows(tab.kelas.view)[0].nama == "Sangat miskin"
    assert not tab.assess_button.isEnabled()  # no household chosen yet
    qtbot.keyClicks(tab.search, "Kepala")
    assert tab.households.count() == 1
    tab.households.setCurrentRow(0)
    assert shown_rows(tab.riwayat.view) == []
    dialog = tab.assess()
    assert dialog is not None
    answer_all(dialog, 0)
    dialog.combos[next(iter(dialog.combos))].setCurrentIndex(0)
    assert "1 indikator belum dijawab" in dialog.total_label.text()
    dialog.accept()  # the unanswered indicator is named under the form
    assert dialog.isVisible() and "Pilih jawaban" in dialog.error.text()
    answer_all(dialog, 0)
    assert dialog.total_label.text() == "16 - Sangat miskin"
    answer_all(dialog, 2)
    assert dialog.total_label.text() == "48 - Hampir miskin"
    answer_all(dialog, 0)
    dialog.catatan.setText("Kunjungan rumah")
    dialog.accept()
    assert not dialog.isVisible()
    rows = shown_rows(tab.riwayat.view)
    assert [(r.total, r.kelas, r.catatan) for r in rows] == [
        (16, "Sangat miskin", "Kunjungan rumah")
    ]
    assert kemiskinan.assessments(admin, keluarga.id)[0].total == 16


def test_thresholds_dialog_changes_the_class(
    qtbot: Any, admin: Actor, keluarga: Keluarga, msgbox: Any
) -> None:
    tab = show(qtbot, KemiskinanTab(admin))
    dialog = tab.edit_classes()
    assert isinstance(dialog, KelasDialog) and len(dialog.rows) == 4
    dialog.rows[0][1].setValue(60)  # above the next bound: refused under the form
    dialog.accept()
    assert dialog.isVisible() and "naik" in dialog.error.text()
    dialog.remove_last()
    dialog.remove_last()
    dialog.rows[0][0].setText("Miskin")
    dialog.rows[0][1].setValue(20)
    dialog.rows[1][0].setText("Tidak miskin")
    dialog.rows[1][1].setValue(64)
    dialog.accept()
    assert not dialog.isVisible()
    assert [(r.nama, r.dari, r.sampai) for r in shown_rows(tab.kelas.view)] == [
        ("Miskin", 16, 20),
        ("Tidak miskin", 21, 64),
    ]
    tab.households.setCurrentRow(0)
    assess = tab.assess()
    assert assess is not None
    answer_all(assess, 0)
    assert assess.total_label.text() == "16 - Miskin"  # was Sangat miskin
    assess.reject()


def test_camat_sees_but_cannot_change(
    qtbot: Any, make_actor: Any, keluarga: Keluarga, msgbox: Any
) -> None:
    tab = show(qtbot, KemiskinanTab(make_actor("camat")))
    assert tab.indicator_count() == 16 and tab.households.count() == 1
    assert tab.kelas_button.isHidden() and tab.assess_button.isHidden()
    tab.households.setCurrentRow(0)
    assert tab.edit_classes() is None and tab.assess() is None
