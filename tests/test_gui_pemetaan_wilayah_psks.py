"""Pemetaan Sosial > Wilayah and PSKS tabs, driven as a user would (dialogs without exec())."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest
from PySide6.QtWidgets import QFileDialog, QWidget

from kecamatan_app.models import DataPSKS
from kecamatan_app.services import desa as desa_service
from kecamatan_app.services import psks
from kecamatan_app.services import wilayah_kantor as wk
from kecamatan_app.services.context import Actor
from kecamatan_app.views.pemetaan.psks_tab import PsksDialog, PsksTab
from kecamatan_app.views.pemetaan.wilayah_tab import DesaDialog, DusunDialog, WilayahTab
from kecamatan_app.views.table_model import ROW_ROLE

NIK = "1603061203990001"


def show(qtbot: Any, widget: QWidget) -> Any:
    qtbot.addWidget(widget)
    widget.resize(1100, 700)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def shown_rows(view: Any) -> list[Any]:
    model = view.model()
    return [model.index(r, 0).data(ROW_ROLE) for r in range(model.rowCount())]


def test_wilayah_model_passes_qtmodeltester(qtbot: Any, qtmodeltester: Any, admin: Actor) -> None:
    tab = show(qtbot, WilayahTab(admin))
    qtmodeltester.check(tab.desa.model)
    assert len(shown_rows(tab.desa.view)) == 23


def test_rename_desa_through_dialog_keeps_old_name_as_alias(
    qtbot: Any, admin: Actor, msgbox: Any
) -> None:
    tab = show(qtbot, WilayahTab(admin))
    assert tab.desa.select_where(lambda d: d.nama == "Sigam")
    dialog = tab.edit_desa()
    assert isinstance(dialog, DesaDialog)
    dialog.nama.setText("Midar")  # another desa's name: refused under the form
    dialog.accept()
    assert dialog.isVisible() and "Midar" in dialog.error.text()
    dialog.nama.setText("Sigam Jaya")
    dialog.alias.setPlainText("Segam")
    dialog.accept()
    assert not dialog.isVisible()
    hit = desa_service.resolve("Sigam")
    assert hit is not None and hit.nama == "Sigam Jaya" and hit.kode == "16.03.06.2021"
    row = tab.selected_desa()
    assert row is not None and row.nama == "Sigam Jaya" and set(row.alias) == {"Sigam", "Segam"}


def test_add_rename_delete_dusun(qtbot: Any, admin: Actor, msgbox: Any) -> None:
    tab = show(qtbot, WilayahTab(admin))
    tab.desa.select_where(lambda d: d.nama == "Mililian")
    dialog = tab.add_dusun()
    assert isinstance(dialog, DusunDialog)
    qtbot.keyClicks(dialog.nama, "Dusun I")
    dialog.accept()
    assert [u.nama for u in shown_rows(tab.dusun.view)] == ["Dusun I"]
    assert tab.selected_desa().jumlah_dusun == 1
    dialog = tab.add_dusun()
    dialog.nama.setText("dusun i")  # the same name twice in one desa
    dialog.accept()
    assert dialog.isVisible() and "sudah ada" in dialog.error.text()
    dialog.reject()
    tab.dusun.select_where(lambda u: u.nama == "Dusun I")
    dialog = tab.edit_dusun()
    dialog.nama.setText("Dusun Satu")
    dialog.accept()
    assert [u.nama for u in shown_rows(tab.dusun.view)] == ["Dusun Satu"]
    msgbox.answer_yes = True
    tab.delete_dusun()
    assert shown_rows(tab.dusun.view) == []


def test_camat_reads_wilayah_and_psks_only(
    qtbot: Any, make_actor: Any, admin: Actor, msgbox: Any
) -> None:
    psks.create(
        admin,
        psks.PsksData(
            kategori_id=psks.kategori_choices()[1].id,
            nama="Siti",
            nik=NIK,
            desa_id=desa_service.all_desa()[0].id,
        ),
    )
    camat = make_actor("camat")
    wil = show(qtbot, WilayahTab(camat))
    assert wil.edit_button.isHidden() and wil.add_dusun_button.isHidden()
    assert wil.edit_desa() is None and wil.add_dusun() is None
    tab = show(qtbot, PsksTab(camat))
    assert tab.add_button.isHidden() and tab.delete_button.isHidden()
    assert not tab.export_button.isHidden()
    assert [r.nik for r in shown_rows(tab.table.view)] == ["160306********01"]
    assert tab.add_row() is None


@pytest.fixture
def psks_tab(qtbot: Any, admin: Actor, msgbox: Any) -> PsksTab:
    return show(qtbot, PsksTab(admin))


def test_psks_add_edit_delete(
    qtbot: Any, psks_tab: PsksTab, msgbox: Any, qtmodeltester: Any
) -> None:
    dialog = psks_tab.add_row()
    assert isinstance(dialog, PsksDialog)
    dialog.accept()  # nothing filled in: every problem under the form
    assert dialog.isVisible() and "wajib" in dialog.error.text()
    dialog.kategori.setCurrentIndex(dialog.kategori.findText("05 Karang Taruna"))
    assert dialog.bentuk.currentText() == "Lembaga"  # follows the PSKS type
    dialog.nama.setText("Karang Taruna Bina Muda")
    dialog.desa.setCurrentIndex(dialog.desa.findText("Mililian"))
    dialog.ketua.setText("Budi")
    dialog.accept()
    assert not dialog.isVisible()
    rows = shown_rows(psks_tab.table.view)
    assert [(r.nama, r.jenis_label, r.desa) for r in rows] == [
        ("Karang Taruna Bina Muda", "Lembaga", "Mililian")
    ]
    qtmodeltester.check(psks_tab.table.model)

    dialog = psks_tab.edit_row()
    assert dialog is not None and dialog.nama.text() == "Karang Taruna Bina Muda"
    dialog.status.setCurrentIndex(dialog.status.findData("tidak_aktif"))
    dialog.accept()
    selected = psks_tab.selected()
    assert selected is not None and selected.status_label == "Tidak aktif"
    # the status filter hides it
    psks_tab.status_filter.setCurrentIndex(psks_tab.status_filter.findData("aktif"))
    assert shown_rows(psks_tab.table.view) == []
    psks_tab.status_filter.setCurrentIndex(0)

    psks_tab.table.select_where(lambda r: True)
    msgbox.answer_yes = False
    psks_tab.delete_row()
    assert DataPSKS.select().count() == 1
    msgbox.answer_yes = True
    psks_tab.delete_row()
    assert not DataPSKS.select().exists() and shown_rows(psks_tab.table.view) == []


def test_psks_duplicate_and_nik_problems_in_dialog(psks_tab: PsksTab, msgbox: Any) -> None:
    def fill(dialog: PsksDialog, nik: str) -> None:
        dialog.kategori.setCurrentIndex(dialog.kategori.findData(psks.kategori_choices()[1].id))
        dialog.nama.setText("Siti Contoh")
        dialog.nik.setText(nik)
        dialog.desa.setCurrentIndex(dialog.desa.findText("Sigam"))

    dialog = psks_tab.add_row()
    assert dialog is not None
    fill(dialog, "12345")
    dialog.accept()
    assert dialog.isVisible() and "16 angka" in dialog.error.text()
    fill(dialog, NIK)
    dialog.accept()
    assert not dialog.isVisible()
    dialog = psks_tab.add_row()
    assert dialog is not None
    fill(dialog, "")
    dialog.accept()  # the same name, type and desa: a message names the existing row
    assert any("sudah tercatat" in t for t in msgbox.texts())
    assert DataPSKS.select().count() == 1


def test_psks_export_masks_nik(
    qtbot: Any,
    psks_tab: PsksTab,
    admin: Actor,
    msgbox: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    psks.create(
        admin,
        psks.PsksData(
            kategori_id=psks.kategori_choices()[1].id,
            nama="Siti",
            nik=NIK,
            desa_id=wk.desa_rows()[1].id,
        ),
    )
    psks_tab.refresh()
    target = tmp_path / "psks.xlsx"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), ""))
    )
    assert psks_tab.export() is not None
    qtbot.waitUntil(lambda: any(c[1] == "Ekspor selesai" for c in msgbox.calls), timeout=10000)
    values = [c.value for r in openpyxl.load_workbook(target).active.iter_rows() for c in r]
    assert "160306********01" in values and NIK not in values
