"""Laporan page: the monthly report driven as its users do. The TKSK starts, writes, saves and
submits; the camat returns with a reason, approves (the worker archives the PDF) and reopens;
other roles see only what they may use. Dialogs are filled and accepted without exec()."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from kecamatan_app.models import LaporanBulanan
from kecamatan_app.services import beranda_laporan, desa, kegiatan, kunci_bulan, laporan
from kecamatan_app.services.context import Actor
from kecamatan_app.services.formatting import nama_bulan, tanggal
from kecamatan_app.services.kegiatan import kecamatan_of
from kecamatan_app.services.kegiatan_periksa import KegiatanData
from kecamatan_app.views.laporan import LaporanPage
from kecamatan_app.views.laporan.alur_dialogs import AlasanDialog, SetujuiDialog
from kecamatan_app.views.laporan.bulan_pilih import bulan_lalu

TAHUN, BULAN = bulan_lalu()
ALASAN = "Uraian kegiatan tanggal 9 belum menyebut hasilnya."


def aktivitas(actor: Actor, day: int = 9, status: str = "final", judul: str = "Rapat koordinasi "
              "penyaluran BPNT", hambatan: str = "") -> int:
    """One activity in the previous month, recorded through the service."""
    from kecamatan_app.models import BentukKegiatan, FungsiKegiatan

    sigam = desa.resolve("Sigam")
    assert sigam is not None
    return kegiatan.create(actor, KegiatanData(
        tanggal=dt.date(TAHUN, BULAN, day),
        fungsi_id=FungsiKegiatan.get(FungsiKegiatan.kode == "koordinasi").id,
        bentuk_id=BentukKegiatan.get(BentukKegiatan.kode == "koordinasi_informasi").id,
        judul=judul, lingkup="desa", desa_ids=[sigam.id], peserta_l=5, peserta_p=7,
        uraian="Membahas jadwal penyaluran.", hasil="Jadwal disepakati.", status=status,
        hambatan_kategori="transportasi" if hambatan else "", hambatan=hambatan,
        tindak_lanjut="Usulkan kendaraan" if hambatan else "")).id


@pytest.fixture
def tksk(make_actor: Any, tksk_aktif: int) -> Actor:
    actor: Actor = make_actor("tksk")
    aktivitas(actor, 9, hambatan="Jalan rusak")
    aktivitas(actor, 16, judul="Pendampingan lansia")
    return actor


@pytest.fixture
def camat(make_actor: Any) -> Actor:
    actor: Actor = make_actor("camat")
    return actor


def page_for(qtbot: Any, actor: Actor) -> LaporanPage:
    page = LaporanPage(actor)
    qtbot.addWidget(page)
    page.resize(1200, 760)
    page.show()
    qtbot.waitExposed(page)
    return page


def started(actor: Actor) -> laporan.LaporanInfo:
    return laporan.open_month(actor, TAHUN, BULAN)


def submitted(tksk: Actor) -> laporan.LaporanInfo:
    info = started(tksk)
    return laporan.move(tksk, info.id, "diajukan", versi=info.versi)


def row() -> LaporanBulanan:
    return LaporanBulanan.get((LaporanBulanan.tahun == TAHUN) & (LaporanBulanan.bulan == BULAN))


def visible(widget: Any, page: LaporanPage) -> bool:
    return bool(widget.isVisibleTo(page))


def fake_exec(monkeypatch: pytest.MonkeyPatch, cls: type, *fills: Any) -> list[Any]:
    """``cls.exec`` fills the dialog with each ``fill(dialog)`` in turn, calling accept()
    after each, and returns the dialog's result; the dialogs are collected."""
    opened: list[Any] = []

    def exec_(dialog: Any) -> int:
        opened.append(dialog)
        for fill in fills:
            fill(dialog)
            dialog.accept()
            if dialog.result() == QDialog.DialogCode.Accepted:
                break
        return int(dialog.result())

    monkeypatch.setattr(cls, "exec", exec_)
    return opened


# --- the TKSK's draft -----------------------------------------------------------------------


def test_month_defaults_to_previous_and_future_months_are_not_offered(
        qtbot: Any, tksk: Actor, msgbox: Any) -> None:
    page = page_for(qtbot, tksk)
    assert page.chooser.value() == (TAHUN, BULAN)
    today = dt.date.today()
    page.chooser.year.setCurrentIndex(page.chooser.year.findData(today.year))
    months = [page.chooser.month.itemData(i) for i in range(page.chooser.month.count())]
    assert months == list(range(1, today.month + 1))
    assert page.chooser.month.itemText(0) == nama_bulan(1)


def test_tksk_starts_edits_and_saves_the_narrative(qtbot: Any, tksk: Actor, msgbox: Any) -> None:
    page = page_for(qtbot, tksk)
    assert page.banner.property("jenis") == "kosong"
    assert "belum disusun" in page.banner.text()
    assert visible(page.alur.mulai_button, page) and page.alur.mulai_button.isEnabled()
    assert not page.form.editable()  # the default texts only show until the draft exists
    page.alur.mulai_button.click()
    assert page.info is not None and page.info.status == "draf"
    assert page.banner.property("jenis") == "draf"
    assert f"Batas pengajuan: {tanggal(beranda_laporan.batas(TAHUN, BULAN))}" in page.banner.text()
    assert not visible(page.alur.mulai_button, page)
    assert page.form.editable()
    assert "Jalan rusak" in page.form.text("kendala")  # BAB III prefilled from the records
    assert page.riwayat.texts()[0][0] == "Disusun"

    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    page.form.edits["nomor"].setFocus()
    qtbot.keyClicks(page.form.edits["nomor"], "460/012/TKSK/2026")
    page.form.set_text("penutup", "Demikian laporan ini.")
    assert page.save_button.isEnabled() and "belum disimpan" in page.dirty_label.text()
    qtbot.keyClick(page.form.edits["nomor"], Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert not page.form.dirty() and not msgbox.calls
    saved = row()
    assert saved.nomor == "460/012/TKSK/2026" and saved.penutup == "Demikian laporan ini."
    assert saved.versi == 2 and page.info.versi == 2
    assert page.dirty_label.text() == "Naskah tersimpan."


def test_a_too_long_number_is_shown_under_the_form(qtbot: Any, tksk: Actor, msgbox: Any) -> None:
    started(tksk)
    page = page_for(qtbot, tksk)
    page.form.edits["nomor"].setMaxLength(200)  # the field stops typing; the service checks too
    page.form.set_text("nomor", "9" * 150)
    assert page.save() is False
    assert page.form.error.isVisible() and "terlalu panjang" in page.form.error.text()
    assert row().nomor == ""


def test_a_version_conflict_shows_a_message_and_keeps_the_edits(
        qtbot: Any, tksk: Actor, make_actor: Any, msgbox: Any) -> None:
    started(tksk)
    mine, theirs = page_for(qtbot, tksk), page_for(qtbot, make_actor("operator"))
    theirs.form.set_text("penutup", "Versi operator.")
    assert theirs.save()
    mine.form.set_text("penutup", "Versi TKSK.")
    assert mine.save() is False
    assert msgbox.calls[-1][0] == "warning" and "baru saja diubah" in msgbox.calls[-1][2]
    assert mine.form.text("penutup") == "Versi TKSK." and mine.form.dirty()
    assert row().penutup == "Versi operator."


def test_leaving_with_unsaved_edits_asks_and_yes_saves(qtbot: Any, tksk: Actor,
                                                        msgbox: Any) -> None:
    started(tksk)
    page = page_for(qtbot, tksk)
    page.form.set_text("nomor", "001/TKSK")
    page.chooser.month.setCurrentIndex(0 if BULAN != 1 else 1)  # another month
    assert msgbox.calls[-1][1] == "Perubahan belum disimpan"
    assert row().nomor == "001/TKSK"
    msgbox.answer_yes = False  # Tidak: the edits are dropped, the page moves
    page.show_month(TAHUN, BULAN)
    page.form.set_text("nomor", "002/TKSK")
    assert page.confirm_leave() is True
    assert row().nomor == "001/TKSK" and page.form.text("nomor") == "001/TKSK"


# --- submitting -----------------------------------------------------------------------------


def test_submit_refused_while_draft_activities_remain(qtbot: Any, tksk: Actor,
                                                      msgbox: Any) -> None:
    aktivitas(tksk, 20, status="draf", judul="Rencana bimbingan sosial")
    started(tksk)
    page = page_for(qtbot, tksk)
    page.alur.ajukan_button.click()
    assert "1 kegiatan berstatus draf" in msgbox.calls[-1][2]
    assert row().status == "draf" and page.banner.property("jenis") == "draf"


def test_tksk_submits_then_waits_and_the_month_is_locked(qtbot: Any, tksk: Actor,
                                                         msgbox: Any) -> None:
    started(tksk)
    page = page_for(qtbot, tksk)
    assert "terbuka" in page.lock_label.text()
    page.form.set_text("nomor", "003/TKSK")  # unsaved: saved before submitting
    page.alur.ajukan_button.click()
    assert [c[0] for c in msgbox.calls] == ["question", "information"]
    assert row().status == "diajukan" and row().nomor == "003/TKSK"
    assert page.banner.property("jenis") == "diajukan"
    assert "menunggu pemeriksaan Camat" in page.banner.text()
    assert "terkunci" in page.lock_label.text()
    assert kunci_bulan.status(kecamatan_of(tksk), TAHUN, BULAN) is not None
    assert not page.form.editable() and "terkunci" in page.form.note.text()
    assert not page.alur.ajukan_button.isEnabled()
    assert "menunggu" in page.alur.ajukan_button.toolTip()
    assert [r[0] for r in page.riwayat.texts()] == ["Disusun", "Diajukan ke Camat"]


# --- the camat ------------------------------------------------------------------------------


def test_camat_returns_with_a_reason_and_the_tksk_sees_it(
        qtbot: Any, tksk: Actor, camat: Actor, msgbox: Any,
        monkeypatch: pytest.MonkeyPatch) -> None:
    submitted(tksk)
    page = page_for(qtbot, camat)
    assert page.alur.kembalikan_button.isEnabled() and page.alur.setujui_button.isEnabled()
    dialogs = fake_exec(monkeypatch, AlasanDialog,
                        lambda d: d.alasan.setPlainText("   "),
                        lambda d: d.alasan.setPlainText(ALASAN))
    page.alur.kembalikan_button.click()
    first = dialogs[0]
    assert first.result() == QDialog.DialogCode.Accepted
    assert row().status == "dikembalikan"
    assert page.banner.property("jenis") == "dikembalikan"

    tksk_page = page_for(qtbot, tksk)
    assert tksk_page.banner.property("jenis") == "dikembalikan"
    assert ALASAN in tksk_page.banner.text() and "Alasan Camat" in tksk_page.banner.text()
    assert tksk_page.form.editable() and tksk_page.alur.ajukan_button.isEnabled()
    assert "terbuka" in tksk_page.lock_label.text()
    assert tksk_page.riwayat.texts()[-1][3] == ALASAN


def test_the_reason_dialog_refuses_an_empty_reason(qtbot: Any, tksk: Actor, camat: Actor,
                                                    msgbox: Any) -> None:
    info = submitted(tksk)

    def save(alasan: str) -> laporan.LaporanInfo:
        return laporan.move(camat, info.id, "dikembalikan", alasan, info.versi)

    dialog = AlasanDialog("Kembalikan laporan", "", "&Kembalikan", save)
    qtbot.addWidget(dialog)
    dialog.accept()
    assert dialog.result_value is None and dialog.error.isVisibleTo(dialog)
    assert "Tuliskan alasan" in dialog.error.text()
    assert row().status == "diajukan"


def approve(qtbot: Any, page: LaporanPage, monkeypatch: pytest.MonkeyPatch,
            kertas: str = "F4") -> None:
    fake_exec(monkeypatch, SetujuiDialog, lambda d: d.set_kertas(kertas))
    page.alur.setujui_button.click()
    assert page.alur.busy()
    qtbot.waitUntil(lambda: not page.alur.busy(), timeout=20000)


def test_camat_approves_off_the_gui_thread_and_sees_the_archive_hash(
        qtbot: Any, tksk: Actor, camat: Actor, msgbox: Any,
        monkeypatch: pytest.MonkeyPatch) -> None:
    submitted(tksk)
    page = page_for(qtbot, camat)
    approve(qtbot, page, monkeypatch)
    saved = row()
    assert saved.status == "disetujui" and len(saved.arsip_sha256) == 64
    assert msgbox.calls[-1][1] == "Laporan disetujui"
    assert saved.arsip_sha256 in msgbox.calls[-1][2]
    assert page.banner.property("jenis") == "disetujui"
    assert saved.arsip_sha256[:16] in page.banner.text()
    assert camat.full_name in page.banner.text()
    assert page.riwayat.texts()[-1][0] == "Disetujui"
    assert page.alur.buka_button.isEnabled() and not page.alur.setujui_button.isEnabled()
    assert not page.pratinjau.paper.isEnabled()  # prints come from the archive


def test_reopening_an_approved_report_requires_a_reason(
        qtbot: Any, tksk: Actor, camat: Actor, msgbox: Any,
        monkeypatch: pytest.MonkeyPatch) -> None:
    submitted(tksk)
    page = page_for(qtbot, camat)
    approve(qtbot, page, monkeypatch)
    dialogs = fake_exec(monkeypatch, AlasanDialog, lambda d: d.alasan.setPlainText(""))
    page.alur.buka_button.click()
    assert dialogs[0].result() != QDialog.DialogCode.Accepted
    assert "membuka kembali" in dialogs[0].error.text()
    assert row().status == "disetujui"
    fake_exec(monkeypatch, AlasanDialog, lambda d: d.alasan.setPlainText("Salah bulan foto."))
    page.alur.buka_button.click()
    assert row().status == "dikembalikan" and row().arsip_sha256 == ""
    assert page.riwayat.texts()[-1][0] == "Dibuka kembali"
    assert "Salah bulan foto." in page.banner.text()


# --- roles ----------------------------------------------------------------------------------


def test_operator_sees_no_submit_button_and_camat_cannot_edit(
        qtbot: Any, tksk: Actor, camat: Actor, make_actor: Any, admin: Actor,
        msgbox: Any) -> None:
    started(tksk)
    operator = page_for(qtbot, make_actor("operator"))
    assert not visible(operator.alur.ajukan_button, operator)
    assert not visible(operator.alur.setujui_button, operator)
    assert operator.form.editable()  # the operator helps write the narrative
    assert "TKSK" in operator.alur.note.text()

    boss = page_for(qtbot, camat)
    assert not boss.form.editable() and not visible(boss.save_button, boss)
    assert not visible(boss.alur.mulai_button, boss)
    assert not visible(boss.alur.ajukan_button, boss)
    assert visible(boss.alur.setujui_button, boss) and not boss.alur.setujui_button.isEnabled()
    assert "Diajukan" in boss.alur.setujui_button.toolTip()
    boss.form.set_text("penutup", "Diubah camat")
    assert boss.save() is False and row().penutup != "Diubah camat"
    assert not visible(boss.settings_button, boss)

    office = page_for(qtbot, admin)
    assert visible(office.settings_button, office)


def test_a_month_without_a_tksk_cannot_be_reported(qtbot: Any, tksk: Actor,
                                                   msgbox: Any) -> None:
    page = page_for(qtbot, tksk)
    early = dt.date.today() - dt.timedelta(days=500)
    page.show_month(early.year, early.month)
    assert page.banner.property("jenis") == "galat"
    assert "Tidak ada TKSK" in page.banner.text()
    assert not page.alur.mulai_button.isEnabled()
    assert not page.pratinjau.show_button.isEnabled()


def test_the_main_window_asks_before_leaving_an_unsaved_narrative(
        qtbot: Any, tksk: Actor, msgbox: Any, db_target: Any) -> None:
    from PySide6.QtWidgets import QLabel

    from kecamatan_app.views.main_window import MainWindow, PageSpec

    started(tksk)
    pages = [PageSpec("laporan", "Laporan", lambda a, p: LaporanPage(a, p)),
             PageSpec("lain", "Lain", lambda a, p: QLabel("halaman lain"))]
    window = MainWindow(tksk, db_target, pages=pages)
    qtbot.addWidget(window)
    window.show()
    page = window.current_page()
    assert isinstance(page, LaporanPage)
    page.form.set_text("kendala", "Hujan deras sepanjang bulan.")
    window.show_page("lain")
    assert msgbox.calls[-1][1] == "Perubahan belum disimpan"
    assert window.current_key() == "lain"
    assert row().kendala == "Hujan deras sepanjang bulan."
