"""Editing in the registry: a person and their household through the forms (masked NIK and
No. KK kept unless retyped, stale versions refused and reloaded), reached from the list and the
detail; and the Keamanan tab's roles for specific-data categories."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from kecamatan_app.models import Kategori, Keluarga, Warga
from kecamatan_app.services import desa, settings
from kecamatan_app.services import registri as reg
from kecamatan_app.services import registri_ppks as ppks
from kecamatan_app.services.context import Actor
from kecamatan_app.services.registri import SearchFilter
from kecamatan_app.services.registri_cari import HIDDEN
from kecamatan_app.views.pemetaan import registri_tab
from kecamatan_app.views.pemetaan.registri_detail import WargaDetailDialog
from kecamatan_app.views.pemetaan.registri_dialogs import KeluargaDialog, WargaDialog
from kecamatan_app.views.pemetaan.registri_tab import RegistriTab
from kecamatan_app.views.pengaturan.keamanan_tab import KeamananTab

NIK = "1603061203990001"
NO_KK = "1603061203990099"


def _desa(name: str) -> int:
    hit = desa.resolve(name)
    assert hit is not None
    return hit.id


@pytest.fixture
def family(admin: Actor) -> dict[str, int]:
    """A household in Mililian with its head, Budi."""
    mililian = _desa("Mililian")
    kk = reg.create_keluarga(
        admin, reg.KeluargaData(NO_KK, "Budi Santoso", "Lorong Damai", mililian)
    ).id
    budi = reg.create_warga(
        admin,
        reg.WargaData(
            nik=NIK,
            nama="Budi Santoso",
            jenis_kelamin="L",
            tanggal_lahir=dt.date(1999, 3, 12),
            keluarga_id=kk,
            hubungan="Kepala Keluarga",
            alamat="Lorong Damai",
            desa_id=mililian,
            rt="001",
        ),
    ).id
    return {"kk": kk, "budi": budi, "mililian": mililian}


def _tab(qtbot: Any, actor: Actor) -> RegistriTab:
    tab = RegistriTab(actor)
    qtbot.addWidget(tab)
    tab.refresh()
    return tab


def test_edit_person_from_the_list_shows_in_the_list_and_keeps_the_nik(
    qtbot: Any, admin: Actor, family: dict[str, int], msgbox: Any, monkeypatch: Any
) -> None:
    tab = _tab(qtbot, admin)
    tab.table.selectRow(0)
    opened: list[WargaDialog] = []

    def fake_exec(dialog: WargaDialog) -> int:
        opened.append(dialog)
        assert dialog.windowTitle() == "Ubah Data Warga"
        assert dialog.nik.text() == "160306********01"  # masked, never the full NIK
        assert dialog.nama.text() == "Budi Santoso"
        assert dialog.no_kk.text() == "160306********99"
        assert dialog.desa.currentData() == family["mililian"]
        dialog.nama.setText("Budi Santoso Putra")
        dialog.alamat.setText("Jl. Merdeka 12")
        dialog.desa.setCurrentIndex(dialog.desa.findText("Gelumbang"))
        dialog.accept()
        return int(dialog.result())

    monkeypatch.setattr(WargaDialog, "exec", fake_exec)
    tab.edit_button.click()
    assert opened and opened[0].result() == QDialog.DialogCode.Accepted
    assert not msgbox.calls
    row = tab.model.row_at(0)
    assert row.nama == "Budi Santoso Putra" and row.desa == "Gelumbang"
    assert row.nik == "160306********01"
    assert tab.selected_id() == family["budi"]  # the edited person stays selected
    w = Warga.get_by_id(family["budi"])
    assert w.nik == NIK and w.alamat == "Jl. Merdeka 12" and w.versi == 2
    assert w.keluarga_id == family["kk"]  # the untouched masked No. KK keeps the household


def test_typed_full_nik_replaces_and_partly_edited_mask_is_refused(
    qtbot: Any, admin: Actor, family: dict[str, int], msgbox: Any
) -> None:
    dialog = WargaDialog(admin, warga_id=family["budi"])
    qtbot.addWidget(dialog)
    dialog.nik.setText("160306********02")  # edited the mask: not a full NIK
    dialog.accept()
    assert "nomor lengkap" in dialog.error.text()
    assert Warga.get_by_id(family["budi"]).nik == NIK
    dialog.nik.setText("1603061203990002")
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert Warga.get_by_id(family["budi"]).nik == "1603061203990002"


def test_stale_version_shows_conflict_and_reloads(
    qtbot: Any, admin: Actor, family: dict[str, int], msgbox: Any
) -> None:
    dialog = WargaDialog(admin, warga_id=family["budi"])
    qtbot.addWidget(dialog)
    data, versi = reg.warga_of(family["budi"])  # someone else saves in between
    data.alamat = "Alamat dari orang lain"
    reg.update_warga(admin, family["budi"], data, versi)
    dialog.nama.setText("Nama yang terlambat")
    dialog.accept()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert msgbox.calls and "baru saja diubah orang lain" in msgbox.texts()[-1]
    assert Warga.get_by_id(family["budi"]).nama == "Budi Santoso"
    # the form now shows the stored data and the new version: saving again works
    assert dialog.reloaded and dialog.alamat.text() == "Alamat dari orang lain"
    assert dialog.nama.text() == "Budi Santoso"
    dialog.nama.setText("Budi Santoso Putra")
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    w = Warga.get_by_id(family["budi"])
    assert w.nama == "Budi Santoso Putra" and w.alamat == "Alamat dari orang lain"


def test_edit_household_from_the_detail(
    qtbot: Any, admin: Actor, family: dict[str, int], msgbox: Any, monkeypatch: Any
) -> None:
    detail = WargaDetailDialog(admin, family["budi"])
    qtbot.addWidget(detail)
    assert detail.ubah_keluarga.isEnabled()

    def fake_exec(dialog: KeluargaDialog) -> int:
        assert dialog.windowTitle() == "Ubah Data Keluarga"
        assert dialog.no_kk.text() == "160306********99"
        assert dialog.kepala.text() == "Budi Santoso"
        dialog.alamat.setText("Dusun II, Jl. Baru 3")
        dialog.rt.setText("004")
        dialog.accept()
        return int(dialog.result())

    monkeypatch.setattr(KeluargaDialog, "exec", fake_exec)
    detail.ubah_keluarga.click()
    assert not msgbox.calls
    k = Keluarga.get_by_id(family["kk"])
    assert k.alamat == "Dusun II, Jl. Baru 3" and k.rt == "004"
    assert k.no_kk == NO_KK and k.versi == 2  # the masked No. KK kept the stored one
    assert detail.changed


def test_edit_person_from_the_detail_refreshes_it(
    qtbot: Any, admin: Actor, family: dict[str, int], msgbox: Any, monkeypatch: Any
) -> None:
    detail = WargaDetailDialog(admin, family["budi"])
    qtbot.addWidget(detail)

    def fake_exec(dialog: WargaDialog) -> int:
        dialog.alamat.setText("Jl. Kenanga 7")
        dialog.accept()
        return int(dialog.result())

    monkeypatch.setattr(WargaDialog, "exec", fake_exec)
    detail.ubah_warga.click()
    assert detail.fields["Alamat"].text() == "Jl. Kenanga 7 RT 001"
    assert detail.nik.text() == "160306********01"


def test_enter_in_the_list_opens_the_detail(
    qtbot: Any, admin: Actor, family: dict[str, int], monkeypatch: Any
) -> None:
    tab = _tab(qtbot, admin)
    tab.show()
    qtbot.waitExposed(tab)
    opened: list[int] = []

    class FakeDetail:
        changed = False

        def __init__(self, actor: Actor, warga_id: int, parent: Any) -> None:
            opened.append(warga_id)

        def exec(self) -> int:
            return 0

    monkeypatch.setattr(registri_tab, "WargaDetailDialog", FakeDetail)
    tab.table.setFocus()
    tab.table.setCurrentIndex(tab.model.index(0, 1))
    qtbot.keyClick(tab.table, Qt.Key.Key_Return)
    assert opened == [family["budi"]]


def test_edit_buttons_hidden_for_camat(
    qtbot: Any, admin: Actor, family: dict[str, int], make_actor: Any
) -> None:
    camat = make_actor("camat")
    tab = _tab(qtbot, camat)
    assert tab.edit_button.isHidden()
    detail = WargaDetailDialog(camat, family["budi"])
    qtbot.addWidget(detail)
    assert detail.ubah_warga.isHidden() and detail.ubah_keluarga.isHidden()


def test_untick_camat_hides_specific_data_from_the_camat(
    qtbot: Any, admin: Actor, family: dict[str, int], make_actor: Any, msgbox: Any
) -> None:
    odha = Kategori.get((Kategori.jenis == "PPKS") & (Kategori.kode == "16")).id
    ppks.add_ppks(
        admin, ppks.PPKSData(kategori_id=odha, warga_id=family["budi"], rincian="Rujukan RSUD")
    )
    settings.set_value(admin, "data.peran_data_spesifik", "admin,operator,tksk,camat")
    camat = make_actor("camat")
    seen = WargaDetailDialog(camat, family["budi"])
    qtbot.addWidget(seen)
    assert seen.ppks.topLevelItem(0).text(0) == "Orang dengan HIV/AIDS [Warga]"

    tab = KeamananTab(admin)
    qtbot.addWidget(tab)
    roles = tab.fields["data.peran_data_spesifik"]
    boxes = roles.boxes  # type: ignore[union-attr]
    assert [b.text() for b in boxes.values()] == ["Administrator", "Operator", "TKSK", "Camat"]
    assert all(b.isChecked() for b in boxes.values())
    assert not tab.save_button.isEnabled()
    boxes["camat"].setChecked(False)
    assert tab.save_button.isEnabled()
    tab.save_button.click()
    assert settings.get("data.peran_data_spesifik") == "admin,operator,tksk"
    assert msgbox.texts() == ["1 pengaturan disimpan."]

    hidden = WargaDetailDialog(camat, family["budi"])
    qtbot.addWidget(hidden)
    item = hidden.ppks.topLevelItem(0)
    assert item.text(0) == f"{HIDDEN} [Warga]"
    assert "Rujukan" not in item.text(2)
    assert reg.search(camat, SearchFilter())[0].kategori == HIDDEN
    # the admin still sees it
    shown = WargaDetailDialog(admin, family["budi"])
    qtbot.addWidget(shown)
    assert shown.ppks.topLevelItem(0).text(0) == "Orang dengan HIV/AIDS [Warga]"
