"""The first-start wizard, driven like a clerk would: typing, ticking, clicking Lanjut/Selesai."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QDialog, QWizard

from kecamatan_app.models import Kecamatan
from kecamatan_app.services import kantor, lingkup, users
from kecamatan_app.views.wizard import (
    PAGE_ADMIN,
    PAGE_CAMAT,
    PAGE_JENIS,
    PAGE_KANTOR,
    PAGE_KECAMATAN,
    SetupWizard,
)
from tests.conftest import ADMIN_PASSWORD, CAMAT_NIP, gelumbang_setup

NEXT = QWizard.WizardButton.NextButton
FINISH = QWizard.WizardButton.FinishButton


@pytest.fixture
def wizard(qtbot: Any, db: Any) -> SetupWizard:
    """The wizard past its first page (a kecamatan office, the default choice)."""
    w = SetupWizard()
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    assert w.currentId() == PAGE_JENIS and w.jenis_page.kecamatan.isChecked()
    click_next(w, PAGE_KECAMATAN)
    return w


def type_into(qtbot: Any, page: Any, field: str, text: str) -> None:
    edit = page.fields[field]
    edit.clear()
    qtbot.keyClicks(edit, text)


def click_next(wizard: SetupWizard, expected: int) -> None:
    button = wizard.button(NEXT)
    assert button.isEnabled(), f"Lanjut tidak aktif di halaman {wizard.currentId()}"
    button.click()
    assert wizard.currentId() == expected


def fill_to_camat(qtbot: Any, wizard: SetupWizard) -> None:
    type_into(qtbot, wizard.kecamatan_page, "kode_wilayah", "16.03.06")
    click_next(wizard, PAGE_KANTOR)
    type_into(qtbot, wizard.kantor_page, "alamat", "Jl. Merdeka No. 1, Gelumbang")
    type_into(qtbot, wizard.kantor_page, "kode_pos", "31171")
    click_next(wizard, PAGE_CAMAT)


def fill_admin(qtbot: Any, wizard: SetupWizard, name: str = "admin") -> None:
    page = wizard.admin_page
    type_into(qtbot, page, "nama_pengguna", name)
    type_into(qtbot, page, "nama_lengkap", "Siti Aminah")
    type_into(qtbot, page, "sandi", ADMIN_PASSWORD)
    type_into(qtbot, page, "ulangi_sandi", ADMIN_PASSWORD)


def test_code_shows_summary_and_the_desa_to_create(qtbot: Any, wizard: SetupWizard) -> None:
    page = wizard.kecamatan_page
    assert not wizard.button(NEXT).isEnabled()
    type_into(qtbot, page, "kode_wilayah", "16.03.06")
    assert page.summary.text() == (
        "Kecamatan Gelumbang, Kabupaten Muara Enim, Provinsi Sumatera Selatan"
        " \u2014 1 kelurahan, 22 desa"
    )
    assert page.desa_view.topLevelItemCount() == 23
    jenis = [page.desa_view.topLevelItem(i).text(2) for i in range(23)]
    assert jenis.count("Kelurahan") == 1 and jenis.count("Desa") == 22
    assert wizard.button(NEXT).isEnabled()


def test_unknown_code_is_refused_inline(qtbot: Any, wizard: SetupWizard) -> None:
    page = wizard.kecamatan_page
    type_into(qtbot, page, "kode_wilayah", "99.99.99")
    assert not page.error.isHidden()
    assert "tidak ada dalam daftar resmi Kemendagri" in page.error.text()
    assert not wizard.button(NEXT).isEnabled()
    assert page.desa_view.topLevelItemCount() == 0


def test_name_and_completer_resolve_the_kecamatan(qtbot: Any, wizard: SetupWizard) -> None:
    page = wizard.kecamatan_page
    completer = page.fields["kode_wilayah"].completer()
    completer.setCompletionPrefix("gelumbang")  # lower case, in the middle of the label
    assert completer.currentCompletion().startswith("16.03.06 Gelumbang")
    type_into(qtbot, page, "kode_wilayah", completer.currentCompletion())
    assert page.ref is not None and page.ref.kode == "16.03.06"
    type_into(qtbot, page, "kode_wilayah", "gelumbang")
    assert page.ref is not None and page.ref.nama == "Gelumbang"


def test_full_setup_creates_office_desa_camat_and_admin(
    qtbot: Any, wizard: SetupWizard, msgbox: Any
) -> None:
    fill_to_camat(qtbot, wizard)
    kop = wizard.kantor_page
    assert kop.text("kop_baris_1") == "PEMERINTAH KABUPATEN MUARA ENIM"
    assert kop.text("kop_baris_2") == "KECAMATAN GELUMBANG"
    assert "Jl. Merdeka No. 1, Gelumbang" in kop.text("kop_baris_3")
    assert "KECAMATAN GELUMBANG" in kop.preview.text()

    camat = wizard.camat_page
    type_into(qtbot, camat, "camat_nama", "Drs. Ahmad Fauzi, M.Si")
    type_into(qtbot, camat, "camat_nip", "19700101 200003 1 001")
    assert "lahir 1 Januari 1970" in camat.nip_message.text()
    click_next(wizard, PAGE_ADMIN)
    fill_admin(qtbot, wizard)
    wizard.button(FINISH).click()

    assert wizard.result() == QDialog.DialogCode.Accepted
    assert msgbox.calls == []
    office = kantor.get_office()
    assert office is not None and office.kecamatan == "Gelumbang"
    assert office.kabupaten == "Kabupaten Muara Enim"
    assert office.kantor.kode_pos == "31171"
    desa = kantor.desa_list()
    assert len(desa) == 23
    assert sum(d.jenis == "kelurahan" for d in desa) == 1
    assert office.camat is not None and office.camat.nip == CAMAT_NIP
    result = users.login("admin", ADMIN_PASSWORD)
    assert result.actor.full_name == "Siti Aminah" and result.actor.role == "admin"


def test_typed_kop_lines_are_kept(qtbot: Any, wizard: SetupWizard) -> None:
    type_into(qtbot, wizard.kecamatan_page, "kode_wilayah", "16.03.06")
    click_next(wizard, PAGE_KANTOR)
    kop = wizard.kantor_page
    type_into(qtbot, kop, "kop_baris_4", "Email: kec.gelumbang@contoh.go.id")
    type_into(qtbot, kop, "alamat", "Jl. Lintas Timur")
    assert kop.text("kop_baris_4") == "Email: kec.gelumbang@contoh.go.id"
    assert "Jl. Lintas Timur" in kop.text("kop_baris_3")  # untouched line follows the address
    wizard.back()
    wizard.next()
    assert kop.text("kop_baris_4") == "Email: kec.gelumbang@contoh.go.id"


def test_wrong_nip_blocks_with_indonesian_message(qtbot: Any, wizard: SetupWizard) -> None:
    fill_to_camat(qtbot, wizard)
    camat = wizard.camat_page
    type_into(qtbot, camat, "camat_nama", "Drs. Ahmad Fauzi")
    type_into(qtbot, camat, "camat_nip", "19700101 200003 1 00")
    assert "NIP harus 18 angka, yang diisi 17 angka" in camat.nip_message.text()
    assert not wizard.button(NEXT).isEnabled()
    type_into(qtbot, camat, "camat_nip", "19701301 200003 1 001")  # month 13
    assert "bukan tanggal yang ada" in camat.nip_message.text()
    assert not wizard.button(NEXT).isEnabled()
    wizard.next()
    assert wizard.currentId() == PAGE_CAMAT
    assert not kantor.is_set_up()


def test_refused_finish_returns_to_the_wrong_field(
    qtbot: Any, wizard: SetupWizard, msgbox: Any
) -> None:
    fill_to_camat(qtbot, wizard)
    wizard.back()
    type_into(qtbot, wizard.kantor_page, "email", "bukan email")
    click_next(wizard, PAGE_CAMAT)
    type_into(qtbot, wizard.camat_page, "camat_nama", "Drs. Ahmad Fauzi")
    type_into(qtbot, wizard.camat_page, "camat_nip", CAMAT_NIP)
    click_next(wizard, PAGE_ADMIN)
    fill_admin(qtbot, wizard)
    wizard.button(FINISH).click()

    assert wizard.isVisible() and wizard.currentId() == PAGE_KANTOR
    assert msgbox.calls[-1][1] == "Periksa isian"
    assert "Alamat email tidak sah" in msgbox.calls[-1][2]
    assert not kantor.is_set_up()

    type_into(qtbot, wizard.kantor_page, "email", "kec.gelumbang@contoh.go.id")
    click_next(wizard, PAGE_CAMAT)
    click_next(wizard, PAGE_ADMIN)
    type_into(qtbot, wizard.admin_page, "nama_pengguna", "A B")
    wizard.button(FINISH).click()
    assert wizard.currentId() == PAGE_ADMIN
    assert "Nama pengguna 3-30 karakter" in wizard.admin_page.error.text()
    assert not kantor.is_set_up()

    type_into(qtbot, wizard.admin_page, "nama_pengguna", "admin")
    wizard.button(FINISH).click()
    assert wizard.result() == QDialog.DialogCode.Accepted
    assert kantor.get_office() is not None
    assert kantor.get_office().kantor.email == "kec.gelumbang@contoh.go.id"  # type: ignore[union-attr]


def test_plt_without_nip(qtbot: Any, wizard: SetupWizard, msgbox: Any) -> None:
    fill_to_camat(qtbot, wizard)
    camat = wizard.camat_page
    type_into(qtbot, camat, "camat_nama", "Hendra Saputra, S.STP")
    assert not wizard.button(NEXT).isEnabled()  # NIP required for a definitive camat
    assert not camat.fields["camat_keterangan"].isEnabled()
    camat.plt.click()
    assert camat.fields["camat_keterangan"].isEnabled()
    assert not wizard.button(NEXT).isEnabled()  # keterangan now required
    type_into(qtbot, camat, "camat_keterangan", "Plt. Camat Gelumbang")
    click_next(wizard, PAGE_ADMIN)
    fill_admin(qtbot, wizard)
    wizard.button(FINISH).click()

    assert wizard.result() == QDialog.DialogCode.Accepted, msgbox.texts()
    office = kantor.get_office()
    assert office is not None and office.camat is not None
    assert office.camat.plt and office.camat.nip == ""
    assert office.camat.keterangan_jabatan == "Plt. Camat Gelumbang"


def test_admin_only_mode(qtbot: Any, db: Any, msgbox: Any) -> None:
    office = gelumbang_setup(with_admin=False)
    assert not users.has_users()
    wizard = SetupWizard(admin_only=True)
    qtbot.addWidget(wizard)
    wizard.show()
    assert wizard.pageIds() == [PAGE_ADMIN]
    assert "belum ada akun" in wizard.admin_page.subTitle()
    fill_admin(qtbot, wizard, "siti.admin")
    wizard.button(FINISH).click()

    assert wizard.result() == QDialog.DialogCode.Accepted, msgbox.texts()
    actor = users.login("siti.admin", ADMIN_PASSWORD).actor
    assert actor.role == "admin" and actor.kecamatan_id == office.kecamatan_id
    assert len(kantor.desa_list()) == 23  # the office was not touched


def test_page_order(wizard: SetupWizard) -> None:
    assert wizard.pageIds() == [PAGE_JENIS, PAGE_KECAMATAN, PAGE_KANTOR, PAGE_CAMAT, PAGE_ADMIN]


def test_dinas_setup_through_the_wizard(qtbot: Any, db: Any, msgbox: Any) -> None:
    """First choice "Dinas Sosial kabupaten/kota", the kabupaten picker, then the admin."""
    w = SetupWizard()
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    page = w.jenis_page
    assert not page.edit.isEnabled()
    page.dinas.click()
    assert page.edit.isEnabled() and not w.button(NEXT).isEnabled()
    qtbot.keyClicks(page.edit, "99.99")
    page.edit.editingFinished.emit()
    assert "tidak ada dalam daftar resmi" in page.error.text()
    assert not w.button(NEXT).isEnabled()
    page.edit.clear()
    qtbot.keyClicks(page.edit, "Muara Enim")
    assert page.kab is not None and page.kab.kode == "16.03"
    assert "22 kecamatan dan 256 desa/kelurahan" in page.summary.text()
    click_next(w, PAGE_ADMIN)
    fill_admin(qtbot, w, "dinas.admin")
    w.button(FINISH).click()

    assert w.result() == QDialog.DialogCode.Accepted, msgbox.texts()
    assert lingkup.is_dinas() and lingkup.kabupaten_kode() == "16.03"
    assert Kecamatan.select().count() == 22
    actor = users.login("dinas.admin", ADMIN_PASSWORD).actor
    assert actor.role == "admin" and actor.kecamatan_id is None
    assert lingkup.kecamatan_scope(actor) is None


def test_dinas_admin_only_mode_gives_an_admin_of_the_whole_kabupaten(
    qtbot: Any, db: Any, msgbox: Any
) -> None:
    from kecamatan_app.services import dinas

    dinas.setup_dinas("16.03", None)
    wizard = SetupWizard(admin_only=True)
    qtbot.addWidget(wizard)
    wizard.show()
    fill_admin(qtbot, wizard, "dinas.admin")
    wizard.button(FINISH).click()
    assert wizard.result() == QDialog.DialogCode.Accepted, msgbox.texts()
    actor = users.login("dinas.admin", ADMIN_PASSWORD).actor
    assert actor.kecamatan_id is None and lingkup.is_dinas_user(actor)
