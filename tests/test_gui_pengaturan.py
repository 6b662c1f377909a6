"""Pengaturan page: tabs per role, office form, camat, users, reference lists, audit trail,
security settings and the Excel export, driven as a user would (dialogs without exec())."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from kecamatan_app.services import audit, kantor, referensi, settings, users
from kecamatan_app.services.audit import AuditFilter
from kecamatan_app.services.context import Actor
from kecamatan_app.views.pengaturan.camat_dialog import CamatDialog
from kecamatan_app.views.pengaturan.halaman import PengaturanPage
from kecamatan_app.views.pengaturan.pengguna_tab import PenggunaTab
from kecamatan_app.views.pengaturan.referensi_tab import ReferensiTab
from kecamatan_app.views.table_model import ROW_ROLE


def make_page(qtbot: Any, actor: Actor) -> PengaturanPage:
    page = PengaturanPage(actor)
    qtbot.addWidget(page)
    page.resize(1100, 800)
    page.show()
    qtbot.waitExposed(page)
    return page


def shown_rows(view: Any) -> list[Any]:
    model = view.model()
    return [model.index(r, 0).data(ROW_ROLE) for r in range(model.rowCount())]


@pytest.fixture
def page(qtbot: Any, admin: Actor, msgbox: Any) -> PengaturanPage:
    return make_page(qtbot, admin)


# tabs per role ----------------------------------------------------------------------------
def test_admin_sees_every_tab(page: PengaturanPage) -> None:
    assert page.tab_titles() == ["Kantor", "Pengguna", "Referensi", "Jejak Audit", "Keamanan",
                                 "Cadangan", "Perlindungan Data", "Retensi Data"]


def test_operator_and_camat_see_only_their_tabs(qtbot: Any, make_actor: Any, msgbox: Any) -> None:
    operator = make_page(qtbot, make_actor("operator"))
    assert operator.tab_titles() == ["Kantor", "Referensi", "Cadangan", "Perlindungan Data"]
    assert not operator.kantor.edits["alamat"].isReadOnly()
    assert not operator.referensi.add_button.isHidden()

    camat = make_page(qtbot, make_actor("camat"))
    assert camat.tab_titles() == ["Kantor", "Referensi", "Jejak Audit", "Perlindungan Data"]
    # the camat reads the office but may not edit it; may record a new camat; reads references
    assert camat.kantor.edits["alamat"].isReadOnly()
    assert camat.kantor.save_button.isHidden()
    assert not camat.kantor.new_camat_button.isHidden()
    assert camat.referensi.add_button.isHidden() and camat.referensi.delete_button.isHidden()
    assert camat.audit is not None and not camat.audit.export_button.isHidden()
    # the camat's user filter lists only people found in the trail (no user management right)
    labels = [camat.audit.user_combo.itemText(i) for i in range(camat.audit.user_combo.count())]
    assert "admin (Admin Kecamatan)" in labels
    assert not any(label.startswith("operator") for label in labels)


# office -----------------------------------------------------------------------------------
def test_office_edit_shows_up_in_the_audit_tab(
    qtbot: Any, page: PengaturanPage, msgbox: Any
) -> None:
    tab = page.kantor
    assert tab.edits["alamat"].text() == "Jl. Merdeka No. 1, Gelumbang"
    assert not tab.save_button.isEnabled()  # nothing changed yet
    tab.edits["kop_baris_4"].setText("Email: kec@contoh.go.id")
    assert "Email: kec@contoh.go.id" in tab.preview.text()  # live preview
    tab.edits["alamat"].selectAll()
    qtbot.keyClicks(tab.edits["alamat"], "Jl. Sudirman No. 9, Gelumbang")
    assert tab.save_button.isEnabled()
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    assert msgbox.texts() == ["Data kantor dan kop surat disimpan."]
    assert kantor.get_office().kantor.alamat == "Jl. Sudirman No. 9, Gelumbang"  # type: ignore[union-attr]

    assert page.audit is not None
    page.setCurrentWidget(page.audit)  # opening the tab reloads it
    audit_tab = page.audit
    newest = shown_rows(audit_tab.view)[0]
    assert (newest.aksi, newest.tabel) == ("ubah", "kantor")
    audit_tab.view.selectRow(0)
    old = json.loads(audit_tab.old_box.toPlainText())
    new = json.loads(audit_tab.new_box.toPlainText())
    assert old["alamat"] == "Jl. Merdeka No. 1, Gelumbang"
    assert new["alamat"] == "Jl. Sudirman No. 9, Gelumbang"
    assert new["kop_baris_4"] == "Email: kec@contoh.go.id"
    assert "Data kantor" in audit_tab.summary.text()


def test_office_form_errors_are_inline(page: PengaturanPage, msgbox: Any) -> None:
    tab = page.kantor
    tab.edits["kode_pos"].setText("311")
    tab.save_button.click()
    assert not tab.error.isHidden()
    assert "Kode pos terdiri dari 5 angka." in tab.error.text()
    assert tab.edits["kode_pos"].hasFocus()
    assert msgbox.calls == []


def test_office_conflict_tells_and_reloads(page: PengaturanPage, admin: Actor, msgbox: Any) -> None:
    office = kantor.get_office()
    assert office is not None
    changed = kantor.KantorData(**{**office.kantor.__dict__, "telepon": "0713-1"})
    kantor.update_office(admin, changed, office.kantor_versi)  # someone else, meanwhile
    page.kantor.edits["alamat"].setText("Jl. Lain 3")
    page.kantor.save_button.click()
    assert msgbox.calls[0][1] == "Data kantor berubah"
    assert "diubah orang lain" in msgbox.calls[0][2]
    assert page.kantor.edits["telepon"].text() == "0713-1"  # reloaded
    assert page.kantor.edits["alamat"].text() == "Jl. Merdeka No. 1, Gelumbang"


def test_pergantian_camat_with_plt_and_live_nip_check(page: PengaturanPage, msgbox: Any) -> None:
    tab = page.kantor
    tab.new_camat_button.click()
    (dialog,) = tab.findChildren(CamatDialog)
    assert dialog.windowTitle() == "Pergantian camat" and dialog.nama.text() == ""
    dialog.nama.setText("Budi Santoso, S.STP")
    dialog.nip.setText("1970 0101")
    assert "18 angka" in dialog.nip_status.text()
    dialog.nip.setText("")
    dialog.plt.setChecked(True)
    dialog.accept()  # Plt. without keterangan jabatan
    assert dialog.isVisible()
    assert "keterangan jabatan" in dialog.error.text()
    assert dialog.focusWidget() is dialog.keterangan
    dialog.keterangan.setText("Sekretaris Kecamatan selaku Plt. Camat Gelumbang")
    dialog.accept()
    assert not dialog.isVisible()
    assert "Budi Santoso" in tab.camat_label.text()
    history = shown_rows(tab.history.view)
    assert [(p.nama, p.aktif) for p in history] == [
        ("Budi Santoso, S.STP", True),
        ("Drs. Ahmad Fauzi, M.Si", False),
    ]
    assert history[1].selesai == history[0].mulai


def test_correcting_the_camat_keeps_one_row_of_history(page: PengaturanPage, msgbox: Any) -> None:
    tab = page.kantor
    tab.edit_camat_button.click()
    (dialog,) = tab.findChildren(CamatDialog)
    assert dialog.windowTitle() == "Ubah data camat"
    assert dialog.nama.text() == "Drs. Ahmad Fauzi, M.Si"
    assert dialog.nip.text() == "19700101 200003 1 001"
    assert dialog.nip_status.text().startswith("NIP sah")
    dialog.nama.setText("Drs. H. Ahmad Fauzi, M.Si")
    dialog.save_button.click()
    assert not dialog.isVisible()
    assert [p.nama for p in shown_rows(tab.history.view)] == ["Drs. H. Ahmad Fauzi, M.Si"]
    assert "Drs. H. Ahmad Fauzi" in tab.camat_label.text()


# users ------------------------------------------------------------------------------------
def users_tab(page: PengaturanPage) -> PenggunaTab:
    assert page.pengguna is not None
    return page.pengguna


def select_user(tab: PenggunaTab, name: str) -> None:
    assert tab.table.select_where(lambda u: u.nama_pengguna == name)


def test_add_user_through_the_dialog(page: PengaturanPage, msgbox: Any) -> None:
    tab = users_tab(page)
    dialog = tab.add_user()
    dialog.nama_pengguna.setText("siti.operator")
    dialog.nama_lengkap.setText("Siti Aminah")
    dialog.peran.setCurrentIndex(dialog.peran.findData("operator"))
    dialog.sandi.setText("Sementara2026")
    dialog.ulangi.setText("Sementara2027")
    dialog.accept()
    assert dialog.isVisible()  # stays open with the reason under the form
    assert "Ulangan kata sandi tidak sama." in dialog.error.text()
    assert dialog.focusWidget() is dialog.ulangi
    dialog.ulangi.setText("Sementara2026")
    dialog.accept()
    assert not dialog.isVisible()
    added = tab.selected()
    assert added is not None and added.nama_pengguna == "siti.operator"
    assert added.peran == "operator" and added.harus_ganti_sandi
    assert tab.table.proxy.rowCount() == 2
    tab.table.search.setText("aminah")
    assert [u.nama_pengguna for u in shown_rows(tab.table.view)] == ["siti.operator"]
    assert msgbox.calls == []


def test_disabling_oneself_and_demoting_the_last_admin_are_refused(
    page: PengaturanPage, msgbox: Any
) -> None:
    tab = users_tab(page)
    select_user(tab, "admin")
    assert tab.active_button.text() == "&Nonaktifkan"
    tab.active_button.click()
    assert [c[0] for c in msgbox.calls] == ["question", "warning"]
    assert msgbox.calls[1][2] == "Anda tidak dapat menonaktifkan akun Anda sendiri."

    select_user(tab, "admin")
    dialog = tab.change_role()
    assert dialog is not None
    dialog.peran.setCurrentIndex(dialog.peran.findData("operator"))
    dialog.accept()
    assert "administrator aktif terakhir" in msgbox.texts()[-1]
    assert users.list_users(page.actor)[0].peran == "admin"


def test_a_demoted_admin_loses_the_right_at_once(
    page: PengaturanPage, make_actor: Any, admin: Actor, msgbox: Any
) -> None:
    other = make_actor("admin")
    # meanwhile, on another PC, the other administrator demotes this one
    users.change_role(other, admin.user_id or 0, "operator")
    tab = users_tab(page)
    tab.refresh()
    assert msgbox.calls[-1][0] == "warning"
    assert msgbox.calls[-1][2].startswith("Peran Operator (staf kecamatan) tidak berhak")
    assert all(u.aktif for u in users.list_users(other))


def test_deactivate_and_reactivate_a_user(
    page: PengaturanPage, make_actor: Any, msgbox: Any
) -> None:
    tab = users_tab(page)
    op = make_actor("operator")
    tab.refresh()
    select_user(tab, op.username)
    tab.active_button.click()
    assert "Nonaktifkan akun" in msgbox.calls[-1][2]
    assert tab.selected().aktif is False  # type: ignore[union-attr]
    assert tab.active_button.text() == "&Aktifkan"
    msgbox.answer_yes = False
    tab.active_button.click()  # "Tidak": nothing happens
    assert tab.selected().aktif is False  # type: ignore[union-attr]


# reference lists --------------------------------------------------------------------------
def ref_tab(page: PengaturanPage) -> ReferensiTab:
    return page.referensi


def test_rename_ppks_add_alias_then_delete_a_custom_row(
    qtbot: Any, page: PengaturanPage, msgbox: Any
) -> None:
    tab = ref_tab(page)
    tab.select_list("ppks")
    assert tab.table.model.columns[-2].title == "Alias"
    tab.table.view.selectRow(0)
    first = tab.selected()
    assert first is not None and first.bawaan
    assert not tab.delete_button.isEnabled()  # shipped rows cannot be deleted
    dialog = tab.edit_row()
    assert dialog is not None and dialog.kode.isReadOnly()
    dialog.nama.setText("Anak Balita Telantar (0-5 tahun)")
    assert dialog.alias is not None
    dialog.alias.setPlainText(dialog.alias.toPlainText() + "\nBalita Telantar")
    dialog.accept()
    assert not dialog.isVisible()
    edited = tab.selected()
    assert edited is not None and edited.id == first.id
    assert edited.nama == "Anak Balita Telantar (0-5 tahun)"
    assert set(edited.alias) == {*first.alias, "Balita Telantar"}

    dialog = tab.add_row()
    assert dialog is not None
    dialog.kode.setText("99")
    dialog.nama.setText("Kategori Uji Kantor")
    dialog.accept()
    custom = tab.selected()
    assert custom is not None and custom.nama == "Kategori Uji Kantor" and not custom.bawaan
    assert tab.delete_button.isEnabled()
    tab.table.view.setFocus()
    qtbot.keyClick(tab.table.view, Qt.Key.Key_Delete)  # Del asks, then deletes
    assert msgbox.calls[-1][0] == "question"
    assert "Kategori Uji Kantor" in msgbox.calls[-1][2]
    assert all(r.id != custom.id for r in referensi.rows("ppks"))
    assert all(r.id != custom.id for r in shown_rows(tab.table.view))


def test_reference_validation_is_inline(page: PengaturanPage, msgbox: Any) -> None:
    tab = ref_tab(page)
    tab.select_list("instansi")
    dialog = tab.add_row()
    assert dialog is not None
    dialog.kode.setText("Dinas PPA")
    dialog.nama.setText("Dinas PPA Kabupaten")
    dialog.accept()
    assert dialog.isVisible() and "huruf kecil" in dialog.error.text()
    dialog.reject()


# audit ------------------------------------------------------------------------------------
def test_audit_filter_by_aksi_and_no_way_to_edit(page: PengaturanPage, admin: Actor) -> None:
    tab = page.audit
    assert tab is not None
    total = audit.count(admin, AuditFilter())
    assert tab.page_label.text() == f"Menampilkan 1-{total} dari {total} entri"
    tab.aksi_combo.setCurrentIndex(tab.aksi_combo.findData("login"))
    rows = shown_rows(tab.view)
    assert rows and {r.aksi for r in rows} == {"login"}
    assert len(rows) == audit.count(admin, AuditFilter(aksi="login"))
    tab.aksi_combo.setCurrentIndex(tab.aksi_combo.findData("hapus"))
    assert shown_rows(tab.view) == []
    assert tab.page_label.text() == "Tidak ada entri yang cocok dengan saringan."
    tab.reset_filter()
    assert len(shown_rows(tab.view)) == total
    texts = {b.text() for b in tab.findChildren(type(tab.export_button))}
    assert not any("Hapus" in t or "Ubah" in t for t in texts)


def test_audit_paging(page: PengaturanPage, admin: Actor, monkeypatch: pytest.MonkeyPatch) -> None:
    from kecamatan_app.views.pengaturan import audit_tab

    monkeypatch.setattr(audit_tab, "PAGE_SIZE", 2)
    tab = page.audit
    assert tab is not None
    tab.apply_filter()
    total = audit.count(admin, AuditFilter())
    assert tab.page_label.text() == f"Menampilkan 1-2 dari {total} entri"
    assert not tab.prev_button.isEnabled() and tab.next_button.isEnabled()
    first_page = [r.id for r in shown_rows(tab.view)]
    tab.next_button.click()
    assert tab.page_label.text() == f"Menampilkan 3-4 dari {total} entri"
    assert [r.id for r in shown_rows(tab.view)] == [first_page[1] - 1, first_page[1] - 2]
    tab.prev_button.click()
    assert [r.id for r in shown_rows(tab.view)] == first_page


def test_audit_export_through_the_tab(
    qtbot: Any,
    page: PengaturanPage,
    admin: Actor,
    msgbox: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    target = tmp_path / "hasil" / "jejak"  # no suffix typed: .xlsx is added
    target.parent.mkdir()
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), ""))
    )
    tab = page.audit
    assert tab is not None
    tab.aksi_combo.setCurrentIndex(tab.aksi_combo.findData("login"))
    expected = audit.count(admin, AuditFilter(aksi="login"))
    tab.export_button.click()
    path = target.with_name("jejak.xlsx")
    qtbot.waitUntil(lambda: any(c[1] == "Ekspor selesai" for c in msgbox.calls), timeout=10000)
    assert path.exists() and not path.with_name("jejak.xlsx.tmp").exists()
    assert msgbox.texts()[-1] == f"{expected} baris diekspor ke berkas:\n{path}"
    wb = openpyxl.load_workbook(path)
    data = [
        r for r in wb.active.iter_rows(values_only=True) if r[0] == "No" or isinstance(r[0], int)
    ]
    assert len(data) == expected + 1
    # the export is itself in the trail, and the tab shows it after the export
    tab.aksi_combo.setCurrentIndex(tab.aksi_combo.findData("ekspor"))
    assert [r.ringkasan for r in shown_rows(tab.view)] == [
        f"Ekspor jejak audit: {expected} baris ke jejak.xlsx"
    ]


def test_user_export_failure_is_reported(
    qtbot: Any, page: PengaturanPage, msgbox: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "tidak-ada" / "pengguna.xlsx"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), ""))
    )
    users_tab(page).export_button.click()
    qtbot.waitUntil(lambda: any(c[1] == "Ekspor gagal" for c in msgbox.calls), timeout=10000)
    assert "Berkas tidak dapat ditulis" in msgbox.texts()[-1]
    assert not target.parent.exists()


def test_cancelled_file_dialog_exports_nothing(
    page: PengaturanPage, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: ("", "")))
    assert ref_tab(page).export() is None


# security settings ------------------------------------------------------------------------
def test_security_settings_save_changed_keys(
    page: PengaturanPage, admin: Actor, msgbox: Any
) -> None:
    tab = page.keamanan
    assert tab is not None
    spin = tab.fields["keamanan.maks_gagal_login"]
    assert spin.value() == 5 and spin.minimum() == 3 and spin.maximum() == 20  # type: ignore[union-attr]
    assert not tab.save_button.isEnabled()
    spin.setValue(7)  # type: ignore[union-attr]
    tab.save_button.click()
    assert settings.get("keamanan.maks_gagal_login") == 7
    assert msgbox.texts() == ["1 pengaturan disimpan."]
    entries = audit.search(admin, AuditFilter(tabel="pengaturan"))
    assert len(entries) == 1 and entries[0].rekaman_id == "keamanan.maks_gagal_login"
