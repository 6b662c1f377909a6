"""TKSK page: navigation per role, the candidate editor with its live Pasal 9 panel, documents,
appointment with the one-active-TKSK rule, the SK-term warning, termination and the rules tab,
driven as a user would (dialogs built and filled, their slots called, no exec())."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QFileDialog

from kecamatan_app.config import DatabaseTarget
from kecamatan_app.services import pendaftar, penugasan, settings
from kecamatan_app.services.context import Actor
from kecamatan_app.services.pendaftar import PendaftarData
from kecamatan_app.views.main_window import MainWindow
from kecamatan_app.views.tksk import PendaftarDialog, TkskPage
from kecamatan_app.views.tksk.pendaftar_form import PendaftarForm
from kecamatan_app.views.tksk.widgets import optional_module

TODAY = dt.date.today()
REGISTERED = TODAY - dt.timedelta(days=10)
GREEN, RED = "#17693a", "#b00020"


def born_at_age(age: int, day: int = 12, month: int = 3) -> dt.date:
    """A birth date that makes the candidate ``age`` on REGISTERED (birthday already past)."""
    born = dt.date(REGISTERED.year - age, month, day)
    return (
        born
        if (month, day) <= (REGISTERED.month, REGISTERED.day)
        else born.replace(year=born.year - 1)
    )


def nik_for(born: dt.date, female: bool = False, serial: int = 1) -> str:
    day = born.day + (40 if female else 0)
    return f"160306{day:02d}{born.month:02d}{born.year % 100:02d}{serial:04d}"


def eligible(nama: str, serial: int = 1, age: int = 27) -> PendaftarData:
    born = born_at_age(age)
    return PendaftarData(
        nik=nik_for(born, serial=serial),
        nama=nama,
        jenis_kelamin="L",
        tempat_lahir="Gelumbang",
        tanggal_lahir=born,
        kewarganegaraan="WNI",
        desa_domisili_id=1,
        pendidikan="SMA",
        status_kepegawaian="Bukan ASN/TNI/Polri/Legislatif",
        pilar_sosial="Karang Taruna",
        dapat_komputer=True,
        surat_sehat="Ada",
        skck="Ada",
        tanggal_daftar=REGISTERED,
        periode_rekrutmen=str(REGISTERED.year),
        telepon="081200001111",
    )


def make_page(qtbot: Any, actor: Actor) -> TkskPage:
    page = TkskPage(actor)
    qtbot.addWidget(page)
    page.resize(1100, 700)
    page.show()
    qtbot.waitExposed(page)
    return page


def shown(dialog: Any, qtbot: Any) -> Any:
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def fill(form: PendaftarForm, d: PendaftarData) -> None:
    form.set_data(d)  # the same path the dialog uses to show a stored candidate


def fill_by_hand(qtbot: Any, form: PendaftarForm, d: PendaftarData) -> None:
    """Fill the form field by field, choosing from the lists by their visible text."""

    def choose(combo: Any, text: str) -> None:
        index = combo.findText(text)
        assert index >= 0, text
        combo.setCurrentIndex(index)

    form.nik.setText(d.nik)
    form.nama.setText(d.nama)
    choose(form.jenis_kelamin, "Laki-laki (L)")
    form.tempat_lahir.setText(d.tempat_lahir)
    assert d.tanggal_lahir is not None and d.tanggal_daftar is not None
    _type_date(qtbot, form.tanggal_lahir, d.tanggal_lahir)
    choose(form.kewarganegaraan, "WNI (Warga Negara Indonesia)")
    form.rt.setText("3")
    choose(form.desa, "Desa Bitis")
    form.kecamatan_ktp.setText("16.03.06")
    choose(form.pendidikan, "SMA")
    choose(form.status_kepegawaian, "Bukan ASN/TNI/Polri/Legislatif")
    choose(form.pilar_sosial, "Karang Taruna")
    choose(form.dapat_komputer, "Ya")
    choose(form.surat_sehat, "Ada, menyatakan sehat")
    choose(form.skck, "Ada, tanpa catatan")
    registered = d.tanggal_daftar
    form.tanggal_daftar.setDate(QDate(registered.year, registered.month, registered.day))
    assert "kecamatan kantor ini" in form.ktp_hint.text()


def card(dialog: PendaftarDialog, kode: str) -> Any:
    return dialog.panel.cards[kode]


def list_row(page: TkskPage, nama: str) -> Any:
    return next(r for r in page.pendaftar.rows if r.nama == nama)


@pytest.fixture
def page(qtbot: Any, admin: Actor, msgbox: Any) -> TkskPage:
    return make_page(qtbot, admin)


# navigation -------------------------------------------------------------------------------
def test_page_is_listed_for_admin_operator_camat_but_not_tksk(
    qtbot: Any, admin: Actor, make_actor: Any, db_target: DatabaseTarget, msgbox: Any
) -> None:
    for actor in (admin, make_actor("operator"), make_actor("camat"), make_actor("tksk")):
        window = MainWindow(actor, db_target)
        qtbot.addWidget(window)
        keys = [s.key for s in window.specs]
        titles = [window.nav.item(i).text() for i in range(window.nav.count())]
        if actor.role == "tksk":
            assert "tksk" not in keys and "TKSK" not in titles
        else:
            assert keys[:2] == ["beranda", "tksk"] and titles[1] == "TKSK"
            opened = window.show_page("tksk")
            assert isinstance(opened, TkskPage)
            assert opened.tab_titles() == [
                "Pendaftar",
                "TKSK Aktif",
                "Riwayat Penugasan",
                "Aturan Pasal 9",
            ]


def test_camat_reads_but_cannot_change(
    qtbot: Any, admin: Actor, make_actor: Any, msgbox: Any
) -> None:
    camat = make_actor("camat")
    pid, _ = pendaftar.create(admin, eligible("Ani (contoh)"))
    view = make_page(qtbot, camat)
    assert view.pendaftar.add_button.isHidden() and view.pendaftar.delete_button.isHidden()
    assert view.pendaftar.add() is None
    assert not view.aturan.usia_maks.isEnabled() and view.aturan.save_button.isHidden()
    dialog = shown(PendaftarDialog(camat, pid), qtbot)
    assert dialog.save_button.isHidden() and not dialog.form.nama.isEnabled()
    assert dialog.panel.overall_text() == "Memenuhi syarat"
    assert dialog.penugasan.appoint_button.isHidden()
    assert dialog.berkas.add_button.isHidden() and dialog.berkas.verify_button.isHidden()


# the candidate dialog ---------------------------------------------------------------------
def test_adding_a_candidate_saves_it_and_lists_it_with_its_result(
    qtbot: Any, page: TkskPage, msgbox: Any
) -> None:
    page.pendaftar.search.setFocus()
    qtbot.keyClick(page.pendaftar.search, Qt.Key.Key_Insert)
    dialog = page.pendaftar.dialog
    assert dialog is not None and dialog.windowTitle() == "Tambah pendaftar TKSK"
    qtbot.waitExposed(dialog)
    assert not dialog.tabs.isTabEnabled(1)  # documents only once saved
    fill_by_hand(qtbot, dialog.form, eligible("Budi Prasetyo (contoh)"))
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    dialog.form.nama.setFocus()
    qtbot.keyClick(dialog.form.nama, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert dialog.pendaftar_id is not None
    assert dialog.windowTitle() == "Pendaftar TKSK: Budi Prasetyo (contoh)"
    assert dialog.tabs.isTabEnabled(1) and not dialog.is_dirty()
    row = list_row(page, "Budi Prasetyo (contoh)")
    assert row.hasil_label == "Memenuhi syarat" and row.nik.startswith("160306********")
    selected = page.pendaftar.selected()
    assert selected is not None and selected.id == dialog.pendaftar_id
    assert page.pendaftar.count_label.text() == "1 pendaftar (1 memenuhi syarat)"
    marker = page.pendaftar.proxy.index(0, 8).data(Qt.ItemDataRole.ForegroundRole)
    assert isinstance(marker, QColor) and marker.name() == GREEN
    stored, _ = pendaftar.data_of(dialog.pendaftar_id)
    assert (stored.rt, stored.kecamatan_ktp, stored.dapat_komputer) == ("003", "16.03.06", True)
    dialog.close()


def test_closing_with_unsaved_changes_asks_first(
    qtbot: Any, page: TkskPage, admin: Actor, msgbox: Any
) -> None:
    pid, _ = pendaftar.create(admin, eligible("Umar (contoh)"))
    page.pendaftar.refresh()
    page.pendaftar.view.setFocus()
    page.pendaftar.view.selectRow(0)
    qtbot.keyClick(page.pendaftar.view, Qt.Key.Key_Return)  # Enter opens the selected one
    dialog = page.pendaftar.dialog
    assert dialog is not None and dialog.pendaftar_id == pid
    dialog.form.telepon.setText("081311112222")
    msgbox.answer_yes = False
    dialog.reject()
    assert msgbox.calls[-1][1] == "Perubahan belum disimpan" and dialog.isVisible()
    msgbox.answer_yes = True
    dialog.reject()
    assert not dialog.isVisible()
    assert pendaftar.data_of(pid)[0].telepon == "081200001111"


def test_required_fields_are_named_under_the_form(qtbot: Any, page: TkskPage) -> None:
    dialog = shown(page.pendaftar.add(), qtbot)
    dialog.form.nama.setText("Tanpa Tanggal (contoh)")
    assert not dialog.save()
    assert "Tanggal lahir wajib diisi." in dialog.form.error.text()
    assert dialog.form.tanggal_lahir.text() == "belum diisi"
    assert dialog.panel.overall_text() == "Belum dapat diperiksa"


def test_panel_follows_the_birth_date_as_it_is_typed(qtbot: Any, page: TkskPage) -> None:
    dialog = shown(page.pendaftar.add(), qtbot)
    data = eligible("Citra Lestari (contoh)")
    fill(dialog.form, data)
    qtbot.waitUntil(lambda: dialog.panel.overall_text() == "Memenuhi syarat")
    assert card(dialog, "usia").nilai.text() == f"\u2014 27 tahun pada {_tgl(REGISTERED)}"

    young = born_at_age(19)
    _type_date(qtbot, dialog.form.tanggal_lahir, young)
    assert dialog.timer.isActive()  # debounced: the check runs once typing pauses
    qtbot.waitUntil(lambda: card(dialog, "usia").hasil.text() == "Tidak memenuhi")
    assert dialog.panel.overall_text() == "Tidak memenuhi syarat"
    assert RED in dialog.panel.banner.styleSheet()
    assert card(dialog, "usia").nilai.text() == f"\u2014 19 tahun pada {_tgl(REGISTERED)}"
    assert "Kurang dari 20 tahun" in card(dialog, "usia").keterangan.text()

    assert data.tanggal_lahir is not None
    _type_date(qtbot, dialog.form.tanggal_lahir, data.tanggal_lahir)
    qtbot.waitUntil(lambda: dialog.panel.overall_text() == "Memenuhi syarat")
    assert card(dialog, "usia").hasil.text() == "Memenuhi"
    assert GREEN in dialog.panel.banner.styleSheet()


def test_unknown_answers_are_belum_ada_bukti_and_overall_belum_lengkap(
    qtbot: Any, page: TkskPage
) -> None:
    dialog = shown(page.pendaftar.add(), qtbot)
    data = eligible("Dedi (contoh)")
    data.pendidikan = data.skck = data.kewarganegaraan = None
    data.dapat_komputer = None
    fill(dialog.form, data)
    qtbot.waitUntil(lambda: dialog.panel.overall_text() == "Belum lengkap")
    for kode in ("wni", "pendidikan", "kelakuan_baik", "komputer"):
        assert card(dialog, kode).hasil.text() == "Belum ada bukti"
        assert card(dialog, kode).bukti.text() == "Bukti: belum ada"
    assert card(dialog, "usia").hasil.text() == "Memenuhi"
    assert dialog.form.pendidikan.currentText() == "(belum diketahui)"
    assert "4 belum ada bukti" in dialog.panel.acuan.text()


def test_live_nik_check_and_warning_after_saving(qtbot: Any, page: TkskPage, msgbox: Any) -> None:
    dialog = shown(page.pendaftar.add(), qtbot)
    data = eligible("Eka (contoh)")
    fill(dialog.form, data)
    dialog.form.nik.setText("16030612")
    assert dialog.form.nik_hint.text() == "8 dari 16 angka."
    dialog.form.nik.setText("1603061203AB0001")
    assert "hanya boleh berisi angka" in dialog.form.nik_hint.text()
    dialog.form.nik.setText(nik_for(data.tanggal_lahir or TODAY, female=True))
    assert "pemiliknya perempuan" in dialog.form.nik_hint.text()  # a warning, saving allowed
    assert dialog.save()
    assert msgbox.calls[-1][1] == "Tersimpan dengan catatan"
    assert "pemiliknya perempuan" in msgbox.calls[-1][2]


def test_duplicate_nik_offers_to_open_the_existing_candidate(
    qtbot: Any, page: TkskPage, admin: Actor, msgbox: Any
) -> None:
    first, _ = pendaftar.create(admin, eligible("Fitri (contoh)"))
    dialog = shown(page.pendaftar.add(), qtbot)
    fill(dialog.form, eligible("Nama Lain (contoh)"))
    assert not dialog.save()
    kind, title, text = msgbox.calls[-1]
    assert (kind, title) == ("question", "NIK sudah terdaftar")
    assert "sudah terdaftar atas nama Fitri (contoh)" in text
    assert dialog.pendaftar_id == first and dialog.form.nama.text() == "Fitri (contoh)"


def test_a_change_made_meanwhile_is_refused_and_reloaded(
    qtbot: Any, page: TkskPage, admin: Actor, msgbox: Any
) -> None:
    pid, _ = pendaftar.create(admin, eligible("Gita (contoh)"))
    dialog = shown(PendaftarDialog(admin, pid), qtbot)
    other, versi = pendaftar.data_of(pid)
    other.telepon = "081299998888"
    pendaftar.update(admin, pid, other, versi)
    dialog.form.alamat.setText("Dusun 2")
    assert not dialog.save()
    assert msgbox.calls[-1][1] == "Data berubah"
    assert dialog.form.telepon.text() == "081299998888" and dialog.form.alamat.text() == ""


def test_png_document_is_listed_previewed_and_verified_as_evidence(
    qtbot: Any, admin: Actor, tmp_path: Path, msgbox: Any
) -> None:
    settings.set_value(admin, "tksk.berkas_wajib", "pendidikan")
    pid, _ = pendaftar.create(admin, eligible("Hadi (contoh)"))
    dialog = shown(PendaftarDialog(admin, pid), qtbot)
    assert card(dialog, "pendidikan").hasil.text() == "Belum ada bukti"
    image = QImage(40, 30, QImage.Format.Format_RGB32)
    image.fill(QColor("steelblue"))
    png = tmp_path / "ijazah.png"
    assert image.save(str(png))

    add = dialog.berkas.add()
    assert add is not None
    add.choose_jenis("ijazah")
    add.path.setText(str(png))
    add.accept()
    rows = dialog.berkas.rows()
    assert [(r.jenis, r.nama_berkas) for r in rows] == [("Ijazah terakhir", "ijazah.png")]
    assert dialog.berkas.selected() is not None
    assert "Ijazah terakhir (belum diverifikasi)" in card(dialog, "pendidikan").bukti.text()

    preview = dialog.berkas.preview()
    assert preview is not None and preview.kind == "gambar"
    preview.close()

    dialog.berkas.toggle_verified()
    assert dialog.berkas.rows()[0].diverifikasi_oleh == "Admin Kecamatan"
    assert dialog.berkas.verify_button.text() == "Batalkan &verifikasi"
    assert "diverifikasi Admin Kecamatan" in card(dialog, "pendidikan").bukti.text()
    assert card(dialog, "pendidikan").hasil.text() == "Memenuhi"
    assert dialog.panel.overall_text() == "Memenuhi syarat"


def test_pdf_document_is_previewed_in_the_pdf_view(
    qtbot: Any, admin: Actor, tmp_path: Path, msgbox: Any
) -> None:
    from PySide6.QtGui import QPainter, QPdfWriter

    pdf = tmp_path / "ktp.pdf"
    writer = QPdfWriter(str(pdf))
    painter = QPainter(writer)
    painter.drawText(100, 100, "KTP-el (contoh)")
    painter.end()
    pid, _ = pendaftar.create(admin, eligible("Vina (contoh)"))
    dialog = shown(PendaftarDialog(admin, pid), qtbot)
    add = dialog.berkas.add()
    assert add is not None
    add.choose_jenis("ktp")
    add.path.setText(str(pdf))
    add.accept()
    assert "KTP-el (belum diverifikasi)" in card(dialog, "wni").bukti.text()
    preview = dialog.berkas.preview()
    assert preview is not None and preview.kind == "pdf"
    assert preview.document.pageCount() == 1
    preview.close()


def test_a_file_that_is_not_a_document_is_refused_in_the_dialog(
    qtbot: Any, admin: Actor, tmp_path: Path, msgbox: Any
) -> None:
    text = tmp_path / "catatan.txt"
    text.write_text("bukan dokumen")
    pid, _ = pendaftar.create(admin, eligible("Wati (contoh)"))
    dialog = shown(PendaftarDialog(admin, pid), qtbot)
    add = dialog.berkas.add()
    assert add is not None
    add.path.setText(str(tmp_path / "tidak-ada.png"))
    add.accept()
    assert "tidak ditemukan" in add.error.text() and add.isVisible()
    add.path.setText(str(text))
    add.accept()
    assert "bukan PDF, JPG, PNG" in add.error.text() and add.isVisible()
    assert dialog.berkas.rows() == []


# appointment ------------------------------------------------------------------------------
def _fill_sk(dialog: Any, nomor: str) -> None:
    dialog.sk_nomor.setText(nomor)
    dialog.niat.setText("16.03.06-0001")


def test_appointment_and_one_active_tksk_through_the_gui(
    qtbot: Any, page: TkskPage, admin: Actor, msgbox: Any
) -> None:
    first, _ = pendaftar.create(admin, eligible("Indra (contoh)", serial=1))
    second, _ = pendaftar.create(admin, eligible("Joko (contoh)", serial=2))
    dialog = shown(PendaftarDialog(admin, first), qtbot)
    assert not dialog.penugasan.replace_button.isEnabled()
    sk = dialog.penugasan.appoint()
    assert sk is not None
    _fill_sk(sk, "460/1/SK/2026")
    sk.accept()
    assert msgbox.calls[-1][1] == "TKSK diangkat"
    active = penugasan.active()
    assert active is not None and active.nama == "Indra (contoh)"
    assert [t.sk_nomor for t in dialog.penugasan.model.rows] == ["460/1/SK/2026"]
    assert not dialog.penugasan.appoint_button.isEnabled()

    other = shown(PendaftarDialog(admin, second), qtbot)
    assert other.penugasan.appoint_button.isEnabled()
    assert other.penugasan.replace_button.isEnabled()
    refused = other.penugasan.appoint()
    assert refused is not None
    _fill_sk(refused, "460/2/SK/2026")
    refused.accept()
    kind, title, text = msgbox.calls[-1]
    assert (kind, title) == ("warning", "Pengangkatan ditolak")
    assert "Indra (contoh) masih aktif sebagai TKSK" in text
    active = penugasan.active()
    assert active is not None and active.nama == "Indra (contoh)"

    swap = other.penugasan.replace()
    assert swap is not None
    _fill_sk(swap, "460/3/SK/2026")
    swap.accept()
    active = penugasan.active()
    assert active is not None and active.nama == "Joko (contoh)"
    assert active.menggantikan == "Indra (contoh)"


def test_ineligible_candidate_is_not_appointed(qtbot: Any, admin: Actor, msgbox: Any) -> None:
    data = eligible("Kurnia (contoh)", age=40)
    pid, _ = pendaftar.create(admin, data)
    dialog = shown(PendaftarDialog(admin, pid), qtbot)
    sk = dialog.penugasan.appoint()
    assert sk is not None
    _fill_sk(sk, "460/4/SK/2026")
    sk.accept()
    assert msgbox.calls[-1][1] == "Pengangkatan ditolak"
    assert "Pasal 9 huruf b" in msgbox.calls[-1][2]
    assert penugasan.active() is None


def test_active_tab_warns_60_days_before_the_end_and_termination_ends_it(
    qtbot: Any, page: TkskPage, admin: Actor, msgbox: Any
) -> None:
    page.setCurrentWidget(page.aktif)
    assert page.aktif.none_label.isVisible() and not page.aktif.profile.isVisible()
    assert "Angkat sebagai TKSK" in page.aktif.none_label.text()
    pid, _ = pendaftar.create(admin, eligible("Lina (contoh)"))
    start = TODAY - dt.timedelta(days=300)
    penugasan.appoint(
        admin,
        pid,
        penugasan.SkData(
            "460/5/SK/2026", start, "Dinas Sosial", start, TODAY + dt.timedelta(days=45), ""
        ),
    )
    page.setCurrentIndex(0)
    page.setCurrentWidget(page.aktif)  # shown fresh when the tab is opened
    assert page.aktif.title.text() == "TKSK aktif: Lina (contoh)"
    assert page.aktif.warning.isVisible()
    assert "(dalam 45 hari)" in page.aktif.warning.text()
    assert "#8a5800" in page.aktif.warning.styleSheet()  # amber until 30 days before the end
    assert page.aktif.values["nik"].text().startswith("160306********")
    page.aktif.open_button.click()
    opened = page.pendaftar.dialog
    assert opened is not None and opened.pendaftar_id == pid
    assert page.currentWidget() is page.pendaftar
    opened.close()
    page.setCurrentWidget(page.aktif)

    stop = page.aktif.terminate()
    assert stop is not None
    stop.alasan.setCurrentIndex(stop.alasan.findText("Mengundurkan diri"))
    stop.catatan.setPlainText("Mencalonkan diri sebagai kepala desa.")
    stop.accept()
    assert msgbox.calls[-1][0] == "question" and "Akhiri penugasan Lina" in msgbox.calls[-1][2]
    assert penugasan.active() is None
    assert page.aktif.none_label.isVisible() and not page.aktif.warning.isVisible()
    history = page.riwayat.rows()
    assert [(t.nama, t.aktif, t.berhenti_alasan) for t in history] == [
        ("Lina (contoh)", False, "Mengundurkan diri")
    ]


def test_termination_without_reason_is_named_under_the_form(
    qtbot: Any, page: TkskPage, admin: Actor, msgbox: Any
) -> None:
    pid, _ = pendaftar.create(admin, eligible("Maya (contoh)"))
    penugasan.appoint(admin, pid, penugasan.SkData("460/6", TODAY, "", TODAY, None, ""))
    page.aktif.refresh()
    stop = page.aktif.terminate()
    assert stop is not None
    stop.accept()
    assert "Pilih alasan pemberhentian." in stop.error.text()
    assert penugasan.active() is not None


# rules ------------------------------------------------------------------------------------
def test_rules_tab_changes_the_age_limit_and_the_list_follows(
    qtbot: Any, page: TkskPage, admin: Actor, msgbox: Any
) -> None:
    pendaftar.create(admin, eligible("Nanda (contoh)", age=30))
    page.pendaftar.refresh()
    assert list_row(page, "Nanda (contoh)").hasil_label == "Memenuhi syarat"
    rules = page.aturan
    assert rules.usia_maks.value() == 35 and rules.acuan_daftar.isChecked()
    assert not rules.save_button.isEnabled()
    rules.usia_maks.setValue(29)
    assert rules.changed_keys() == ["tksk.usia_maks"]
    assert rules.save()
    assert settings.get("tksk.usia_maks") == 29
    assert list_row(page, "Nanda (contoh)").hasil_label == "Tidak memenuhi syarat"
    rules.usia_min.setValue(31)
    assert not rules.save()
    assert "tidak boleh lebih besar" in rules.error.text()


def test_filters_search_and_delete_with_the_del_key(
    qtbot: Any, page: TkskPage, admin: Actor, msgbox: Any
) -> None:
    pendaftar.create(admin, eligible("Oki (contoh)", serial=1))
    pendaftar.create(admin, eligible("Putri (contoh)", serial=2, age=40))
    page.pendaftar.refresh()
    assert len(page.pendaftar.rows) == 2
    tab = page.pendaftar
    tab.hasil.setCurrentIndex(tab.hasil.findText("Tidak memenuhi syarat"))
    assert [r.nama for r in tab.rows] == ["Putri (contoh)"]
    tab.hasil.setCurrentIndex(0)
    tab.search.setText("oki")
    qtbot.waitUntil(lambda: [r.nama for r in tab.rows] == ["Oki (contoh)"])
    tab.view.setFocus()
    tab.view.selectRow(0)
    qtbot.keyClick(tab.view, Qt.Key.Key_Delete)
    assert msgbox.calls[-1][1] == "Hapus pendaftar"
    assert tab.rows == []


def test_list_model_passes_the_model_tester(
    qtmodeltester: Any, page: TkskPage, admin: Actor
) -> None:
    pendaftar.create(admin, eligible("Rina (contoh)"))
    page.pendaftar.refresh()
    qtmodeltester.check(page.pendaftar.model, force_py=True)


# export and print (when the services are installed) --------------------------------------
def test_excel_export_masks_the_nik(
    qtbot: Any,
    page: TkskPage,
    admin: Actor,
    msgbox: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    if optional_module("impor_pendaftar") is None:
        pytest.skip("services.impor_pendaftar belum ada")
    data = eligible("Sari (contoh)")
    pendaftar.create(admin, data)
    out = tmp_path / "pendaftar.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    assert page.pendaftar.export_button.run(False) is not None
    qtbot.waitUntil(lambda: any(c[1] == "Ekspor selesai" for c in msgbox.calls), timeout=10000)
    cells = [
        str(c)
        for row in openpyxl.load_workbook(out).active.iter_rows(values_only=True)
        for c in row
        if c
    ]
    assert "Sari (contoh)" in cells
    assert data.nik not in cells and any(c.startswith("160306********") for c in cells)


def test_printing_the_list_writes_a_pdf(
    qtbot: Any,
    page: TkskPage,
    admin: Actor,
    msgbox: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    if optional_module("cetak_tksk") is None:
        pytest.skip("services.cetak_tksk belum ada")
    pendaftar.create(admin, eligible("Tono (contoh)"))
    msgbox.answer_yes = False  # do not open a viewer
    out = tmp_path / "daftar.pdf"
    assert page.pendaftar.print_button.run("F4", path=out) is not None
    qtbot.waitUntil(lambda: any(c[1] == "Cetak selesai" for c in msgbox.calls), timeout=15000)
    assert out.read_bytes().startswith(b"%PDF-")


def _tgl(d: dt.date) -> str:
    from kecamatan_app.services.formatting import tanggal

    return tanggal(d)


def _type_date(qtbot: Any, edit: Any, value: dt.date) -> None:
    """Type the date as a clerk does: into the day section, digits only (DDMMYYYY)."""
    edit.setFocus()
    qtbot.waitUntil(edit.hasFocus)
    edit.setSelectedSection(edit.Section.DaySection)
    qtbot.keyClicks(edit, value.strftime("%d%m%Y"))
