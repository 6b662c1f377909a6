"""Pengaturan in a Dinas Sosial database, driven as a user would: users with their kecamatan,
the office of a chosen kecamatan, and the tabs of a kecamatan administrator."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt

from kecamatan_app.services import kantor, users
from kecamatan_app.views.pengaturan.halaman import PengaturanPage
from kecamatan_app.views.pengaturan.pengguna_dialogs import SEMUA
from tests import dinas_bantu as bantu
from tests.test_gui_pengaturan import make_page, shown_rows


@pytest.fixture
def cast(db: Any) -> dict[str, Any]:
    bantu.setup()
    return bantu.actors(bantu.login("dinasadmin"))


def test_kabupaten_admin_adds_users_with_their_kecamatan(qtbot, cast, msgbox) -> None:
    page: PengaturanPage = make_page(qtbot, cast["admin"])
    assert page.tab_titles() == ["Kantor", "Pengguna", "Referensi", "Jejak Audit", "Keamanan",
                                 "Cadangan", "Perlindungan Data", "Retensi Data"]
    tab = page.pengguna
    assert tab is not None
    headers = [tab.table.view.model().headerData(i, Qt.Orientation.Horizontal)
               for i in range(4)]
    assert headers[3] == "Kecamatan"
    assert {u.kecamatan_nama for u in shown_rows(tab.table.view)} >= {
        "Gelumbang", "Tanjung Agung", ""}
    dialog = tab.add_user()
    assert dialog.kecamatan is not None and dialog.kecamatan.count() == 23
    assert dialog.peran.findData("dinas") >= 0
    dialog.nama_pengguna.setText("op.gelumbang")
    dialog.nama_lengkap.setText("Operator Gelumbang")
    dialog.sandi.setText("Sementara2026")
    dialog.ulangi.setText("Sementara2026")
    dialog.peran.setCurrentIndex(dialog.peran.findData("operator"))
    dialog.accept()  # no kecamatan chosen yet
    assert dialog.isVisible() and "Pilih kecamatan" in dialog.error.text()
    dialog.kecamatan.setCurrentIndex(dialog.kecamatan.findData(bantu.kecamatan_id(bantu.KODE_A)))
    dialog.accept()
    assert not dialog.isVisible()
    added = tab.selected()
    assert added is not None and added.kecamatan_nama == "Gelumbang"
    # role dinas: no kecamatan, the choice is fixed
    dialog = tab.add_user()
    dialog.peran.setCurrentIndex(dialog.peran.findData("dinas"))
    assert dialog.kecamatan.currentData() == SEMUA and not dialog.kecamatan.isEnabled()
    dialog.nama_pengguna.setText("staf.dinsos")
    dialog.nama_lengkap.setText("Staf Dinas Sosial")
    dialog.sandi.setText("Sementara2026")
    dialog.ulangi.setText("Sementara2026")
    dialog.accept()
    assert not dialog.isVisible(), dialog.error.text()
    staf = next(u for u in users.list_users(cast["admin"]) if u.nama_pengguna == "staf.dinsos")
    assert staf.peran == "dinas" and staf.kecamatan_id is None
    assert msgbox.calls == []


def test_kecamatan_admin_sees_and_gives_only_their_kecamatan(qtbot, cast, msgbox) -> None:
    page = make_page(qtbot, cast["admin_a"])
    # the shared settings and the backup of the whole database are the kabupaten's
    assert page.tab_titles() == ["Kantor", "Pengguna", "Referensi", "Jejak Audit",
                                 "Perlindungan Data", "Retensi Data"]
    assert page.referensi.add_button.isHidden()
    tab = page.pengguna
    assert tab is not None
    assert {u.nama_pengguna for u in shown_rows(tab.table.view)} == {
        "admin.a", "operator.a", "tksk.a", "camat.a"}
    dialog = tab.add_user()
    assert dialog.peran.findData("dinas") == -1
    assert dialog.kecamatan is not None and dialog.kecamatan.count() == 1
    assert dialog.kecamatan.currentText() == "Kecamatan Gelumbang"
    assert not dialog.kecamatan.isEnabled()
    dialog.nama_pengguna.setText("tksk.baru")
    dialog.nama_lengkap.setText("TKSK Baru")
    dialog.peran.setCurrentIndex(dialog.peran.findData("tksk"))
    dialog.sandi.setText("Sementara2026")
    dialog.ulangi.setText("Sementara2026")
    dialog.accept()
    assert not dialog.isVisible(), dialog.error.text()
    assert tab.selected().kecamatan_id == bantu.kecamatan_id(bantu.KODE_A)
    # the office tab shows the own kecamatan, without a choice
    assert page.kantor.pilih_kecamatan is None
    assert "Gelumbang" in page.kantor.title.text()


def test_kabupaten_admin_edits_the_office_of_a_chosen_kecamatan(qtbot, cast, msgbox) -> None:
    page = make_page(qtbot, cast["admin"])
    tab = page.kantor
    assert tab.pilih_kecamatan is not None and tab.pilih_kecamatan.count() == 22
    b = bantu.kecamatan_id(bantu.KODE_B)
    tab.pilih_kecamatan.setCurrentIndex(tab.pilih_kecamatan.findData(b))
    assert "Tanjung Agung" in tab.title.text()
    assert len(shown_rows(tab.desa.view)) == 14
    tab.edits["alamat"].setText("Jl. Lintas Sumatera, Tanjung Agung")
    tab.save()
    assert kantor.get_office(b).kantor.alamat == "Jl. Lintas Sumatera, Tanjung Agung"
    assert kantor.get_office(bantu.kecamatan_id(bantu.KODE_A)).kantor.alamat == ""
    assert msgbox.calls[-1][2] == "Data kantor dan kop surat disimpan."
