"""The activity form as a user fills it: photos with captions and thumbnails, partners and
beneficiaries, the form-combo that lists only the forms of the chosen function, errors under
the fields, the version conflict, the locked month, referrals and templates."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QDialog

from kecamatan_app.models import Kegiatan, KegiatanFoto
from kecamatan_app.services import kegiatan, kegiatan_templat, rujukan
from kecamatan_app.services.context import Actor
from kecamatan_app.services.kegiatan_periksa import MitraData
from kecamatan_app.views.kegiatan import templat_dialog
from kecamatan_app.views.kegiatan.kegiatan_dialog import KegiatanDialog
from kecamatan_app.views.kegiatan.kegiatan_form import KegiatanForm
from kecamatan_app.views.kegiatan.kegiatan_sasaran import SasaranPicker
from tests.kegiatan_bantu import (
    HARI,
    counts,
    data,
    desa_id,
    jpeg,
    keluarga,
    kunci,
    pattern,
    rujukan_data,
    warga,
    write,
)


def _choose(combo: Any, text: str) -> None:
    index = combo.findText(text)
    assert index >= 0, f"{text!r} not in {[combo.itemText(i) for i in range(combo.count())]}"
    combo.setCurrentIndex(index)


def _dialog(qtbot: Any, actor: Actor, kegiatan_id: int | None = None, **kw: Any
            ) -> KegiatanDialog:
    dialog = KegiatanDialog(actor, kegiatan_id, **kw)
    qtbot.addWidget(dialog)
    return dialog


def _fill(form: KegiatanForm, judul: str = "Monitoring penyaluran BPNT") -> None:
    form.tanggal.setDate(form.tanggal.date().fromString(HARI.isoformat(), "yyyy-MM-dd"))
    form.jam_mulai.setText("08.30")
    form.jam_selesai.setText("1130")
    _choose(form.fungsi, "Fasilitasi (Pasal 7)")
    _choose(form.bentuk, "Pendampingan sosial")
    _choose(form.program, "BPNT / Program Sembako")
    form.judul.setText(judul)
    _choose(form.lokasi.lingkup, "Satu desa/kelurahan")
    _choose(form.lokasi.one, "Sigam")
    form.peserta_l.setValue(4)
    form.peserta_p.setValue(9)
    form.uraian.setPlainText("Mendampingi penyaluran BPNT di balai desa.")
    form.hasil.setPlainText("Penyaluran berjalan tertib; 2 KPM belum hadir.")
    _choose(form.hambatan_kategori, "Geografis / cuaca")
    form.hambatan.setPlainText("Jalan licin setelah hujan.")
    form.tindak_lanjut.setPlainText("Mengantar bantuan ke KPM yang belum hadir.")
    _choose(form.status, "Final")


def test_new_activity_with_two_photos_partners_and_beneficiaries(
        qtbot: Any, admin: Actor, tksk_aktif: int, msgbox: Any, tmp_path: Path) -> None:
    budi = warga(admin, "Budi Santoso (contoh)")
    rumah = keluarga(admin, "Rahmat Hidayat (contoh)")
    dialog = _dialog(qtbot, admin)
    form = dialog.form
    assert dialog.windowTitle() == "Kegiatan baru"
    assert form.tksk.currentData() == tksk_aktif  # the active TKSK by default
    _fill(form)
    # partners: one from the agency list, one typed freely
    form.mitra.combo.setEditText("Puskesmas (instansi)")
    form.mitra.add_current()
    form.mitra.combo.setEditText("Ketua RT 03")
    form.mitra.add_current()
    assert form.mitra.texts() == ["Puskesmas (instansi)", "Ketua RT 03"]
    # beneficiaries through the picker
    picker = SasaranPicker(admin, "warga")
    qtbot.addWidget(picker)
    picker.edit.setText("Budi")
    picker.search()
    assert picker.results.count() == 1 and "Budi Santoso" in picker.results.item(0).text()
    picker.results.item(0).setSelected(True)
    for found in picker.chosen():
        form.sasaran.add(found)
    homes = SasaranPicker(admin, "keluarga")
    qtbot.addWidget(homes)
    homes.edit.setText("Rahmat")
    homes.search()
    homes.results.item(0).setSelected(True)
    for found in homes.chosen():
        form.sasaran.add(found)
    # two photos, one carrying a GPS position
    one = write(tmp_path, "penyaluran-1.jpg", jpeg(pattern((800, 600)), gps=True))
    two = write(tmp_path, "penyaluran-2.jpg", jpeg(pattern((600, 800))))
    form.foto.add_files([one, two, one])  # the same file twice is listed once
    assert len(form.foto.items) == 2 and form.foto.count_label.text() == "2 foto"
    captions = form.foto.captions()
    captions[0].setText("Antrean KPM di balai desa")
    captions[1].setText("Serah terima beras")

    assert dialog.save()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert not msgbox.calls
    saved = dialog.result_saved
    assert saved is not None and saved.gps_dibuang == 1
    stored, versi = kegiatan.data_of(admin, saved.id)
    assert versi == 1 and stored.judul == "Monitoring penyaluran BPNT"
    assert stored.jam_mulai == dt.time(8, 30) and stored.jam_selesai == dt.time(11, 30)
    assert stored.desa_ids == [desa_id("Sigam")] and stored.status == "final"
    assert (stored.peserta_l, stored.peserta_p) == (4, 9)
    assert stored.hambatan_kategori == "geografi_cuaca"
    assert [m.nama for m in stored.mitra] == ["Puskesmas", "Ketua RT 03"]
    assert stored.mitra[0].instansi_id is not None and stored.mitra[1].instansi_id is None
    assert stored.warga_ids == [budi] and stored.keluarga_ids == [rumah]
    assert [f.keterangan for f in stored.foto] == ["Antrean KPM di balai desa",
                                                   "Serah terima beras"]
    # opened again: the thumbnails come from the service, the beneficiaries by name
    again = _dialog(qtbot, admin, saved.id)
    assert again.windowTitle() == "Ubah kegiatan: Monitoring penyaluran BPNT"
    pictures = [f.card.findChildren(type(again.banner)) for f in again.form.foto.items]
    assert len(pictures) == 2
    assert all(any(lbl.pixmap() is not None and not lbl.pixmap().isNull() for lbl in labels)
               for labels in pictures)
    assert [c.text() for c in again.form.foto.captions()][1] == "Serah terima beras"
    assert any("Budi Santoso" in t for t in again.form.sasaran.texts())
    assert any("Rahmat Hidayat" in t for t in again.form.sasaran.texts())
    assert not again.is_dirty()


def test_remove_a_photo_and_change_a_caption(
        qtbot: Any, admin: Actor, tksk_aktif: int, msgbox: Any, tmp_path: Path) -> None:
    paths = [write(tmp_path, f"f{i}.jpg", jpeg()) for i in range(2)]
    from kecamatan_app.services.kegiatan_periksa import FotoData

    saved = kegiatan.create(admin, data(foto=[FotoData(path=p, keterangan="lama") for p in paths]))
    dialog = _dialog(qtbot, admin, saved.id)
    foto = dialog.form.foto
    foto.remove(foto.items[0])
    foto.captions()[0].setText("Keterangan baru")
    assert dialog.is_dirty()
    assert dialog.save()
    rows = list(KegiatanFoto.select().where(KegiatanFoto.kegiatan == saved.id))
    assert [r.keterangan for r in rows] == ["Keterangan baru"]


def test_a_corrupt_photo_is_refused_under_the_photos_and_nothing_saved(
        qtbot: Any, admin: Actor, tksk_aktif: int, msgbox: Any, tmp_path: Path) -> None:
    before = counts()
    dialog = _dialog(qtbot, admin)
    _fill(dialog.form)
    good = write(tmp_path, "baik.jpg", jpeg())
    bad = write(tmp_path, "rusak.jpg", b"\xff\xd8\xff bukan gambar")
    dialog.form.foto.add_files([good, bad])
    placeholder = dialog.form.foto.items[1].card.findChildren(type(dialog.banner))[0]
    assert "pratinjau" in placeholder.text()  # no thumbnail for an unreadable file
    assert not dialog.save()
    label = dialog.form.errors.label("foto")
    assert not label.isHidden() and "rusak.jpg" in label.text()
    assert counts() == before and not msgbox.calls
    dialog.form.foto.remove(dialog.form.foto.items[1])
    assert dialog.save()
    assert KegiatanFoto.select().count() == 1


def test_form_combo_lists_only_forms_of_the_chosen_function(
        qtbot: Any, admin: Actor, tksk_aktif: int) -> None:
    form = _dialog(qtbot, admin).form
    assert form.bentuk_names() == []
    assert form.bentuk.itemText(0) == "(pilih fungsi dahulu)"
    _choose(form.fungsi, "Koordinasi (Pasal 6)")
    assert form.bentuk_names() == ["Saling memberikan informasi", "Menyamakan persepsi",
                                   "Membangun kesepakatan"]
    assert form.bentuk_hint.isHidden()
    _choose(form.bentuk, "Menyamakan persepsi")
    _choose(form.fungsi, "Fasilitasi (Pasal 7)")
    # the chosen form of another function is dropped; "Rujukan" is made in the Rujukan tab
    assert form.bentuk.currentData() is None
    assert form.bentuk_names() == ["Pendampingan sosial", "Bimbingan sosial", "Kemitraan"]
    assert not form.bentuk_hint.isHidden() and "tab Rujukan" in form.bentuk_hint.text()
    _choose(form.fungsi, "Administrasi (Pasal 8)")
    assert form.bentuk_names() == ["Pemetaan sosial", "Pencatatan", "Pelaporan"]


def test_bad_input_is_marked_under_each_field_and_nothing_is_saved(
        qtbot: Any, admin: Actor, tksk_aktif: int, msgbox: Any) -> None:
    before = counts()
    dialog = _dialog(qtbot, admin)
    form = dialog.form
    _choose(form.status, "Final")
    form.jam_mulai.setText("10.00")
    form.jam_selesai.setText("09.15")
    _choose(form.lokasi.lingkup, "Beberapa desa/kelurahan")
    assert not dialog.save()
    assert dialog.result() != QDialog.DialogCode.Accepted
    errors = form.errors
    for name, fragment in (("judul", "Nama kegiatan wajib diisi"),
                           ("fungsi", "Pilih fungsi kegiatan"),
                           ("bentuk", "Pilih bentuk kegiatan"),
                           ("jam_mulai", "Jam selesai (09:15) sebelum jam mulai"),
                           ("desa", "paling sedikit dua desa"),
                           ("uraian", "harus berisi uraian"),
                           ("hasil", "harus berisi hasil")):
        label = errors.label(name)
        assert not label.isHidden() and fragment in label.text(), (name, label.text())
    assert errors.label("status").isHidden()  # a field without a problem shows nothing
    assert "isian yang perlu diperbaiki" in form.summary.text()
    assert counts() == before and not msgbox.calls

    # a time that is no time is told at once, together with the other problems
    form.jam_mulai.setText("8.7x")
    form.judul.setText("")
    assert not dialog.save()
    assert "'8.7x' tidak dikenali" in errors.label("jam_mulai").text()
    assert "wajib diisi" in errors.label("judul").text()
    assert Kegiatan.select().count() == 0


def test_second_save_of_the_same_activity_is_refused_and_the_form_stays_open(
        qtbot: Any, admin: Actor, tksk_aktif: int, msgbox: Any) -> None:
    saved = kegiatan.create(admin, data())
    first, second = _dialog(qtbot, admin, saved.id), _dialog(qtbot, admin, saved.id)
    first.form.judul.setText("Rapat koordinasi BPNT (diperbaiki)")
    assert first.save()
    second.form.peserta_l.setValue(50)
    assert not second.save()
    assert second.result() != QDialog.DialogCode.Accepted
    assert msgbox.calls[-1][1] == "Kegiatan tidak disimpan"
    assert "baru saja diubah orang lain" in msgbox.texts()[-1]
    assert second.form.peserta_l.value() == 50  # the typed input is kept
    k = Kegiatan.get_by_id(saved.id)
    assert k.judul == "Rapat koordinasi BPNT (diperbaiki)" and k.peserta_l == 5 and k.versi == 2


def test_locked_month_opens_read_only_with_the_reason(
        qtbot: Any, admin: Actor, tksk_aktif: int, msgbox: Any) -> None:
    saved = kegiatan.create(admin, data())
    kunci(HARI, "diajukan")
    dialog = _dialog(qtbot, admin, saved.id)
    assert not dialog.banner.isHidden()
    assert "terkunci" in dialog.banner.text() and "Diajukan" in dialog.banner.text()
    assert "Camat" in dialog.banner.text()
    assert dialog.windowTitle().startswith("Lihat kegiatan")
    assert dialog.save_button.isHidden() and dialog.form.judul.isReadOnly()
    assert not dialog.form.fungsi.isEnabled() and dialog.form.foto.add_button.isHidden()
    dialog.form.judul.setText("Tidak boleh tersimpan")
    assert not dialog.save()
    assert Kegiatan.get_by_id(saved.id).judul == "Rapat koordinasi penyaluran BPNT"


def test_month_locked_while_the_form_is_open_is_told_and_the_form_kept(
        qtbot: Any, admin: Actor, tksk_aktif: int, msgbox: Any) -> None:
    saved = kegiatan.create(admin, data())
    dialog = _dialog(qtbot, admin, saved.id)
    assert dialog.banner.isHidden() and not dialog.save_button.isHidden()
    kunci(HARI, "disetujui")
    dialog.form.judul.setText("Perubahan terlambat")
    assert not dialog.save()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert "terkunci" in msgbox.texts()[-1] and "Disetujui" in msgbox.texts()[-1]
    assert dialog.form.judul.text() == "Perubahan terlambat"


def test_new_activity_dated_in_a_locked_month_warns_at_once(
        qtbot: Any, admin: Actor, tksk_aktif: int, msgbox: Any) -> None:
    kunci(HARI)
    dialog = _dialog(qtbot, admin)
    assert dialog.banner.isHidden()
    _fill(dialog.form)
    assert not dialog.banner.isHidden() and "Perhatian" in dialog.banner.text()
    assert not dialog.save()
    assert "terkunci" in msgbox.texts()[-1]
    assert Kegiatan.select().count() == 0


def test_referral_activity_is_not_edited_here(
        qtbot: Any, admin: Actor, tksk_aktif: int, msgbox: Any) -> None:
    ref = rujukan.create(admin, rujukan_data(warga(admin)))
    dialog = _dialog(qtbot, admin, ref.kegiatan_id)
    assert "tab Rujukan" in dialog.banner.text()
    assert dialog.save_button.isHidden() and dialog.form.bentuk.currentText() == "Rujukan"


def test_camat_sees_the_form_read_only(
        qtbot: Any, admin: Actor, tksk_aktif: int, make_actor: Any) -> None:
    saved = kegiatan.create(admin, data())
    dialog = _dialog(qtbot, make_actor("camat"), saved.id)
    assert dialog.save_button.isHidden() and dialog.templat_button.isHidden()
    assert "hanya dapat melihat" in dialog.banner.text()
    assert dialog.form.uraian.isReadOnly()


def test_save_as_template_and_replace_it(
        qtbot: Any, admin: Actor, tksk_aktif: int, msgbox: Any, monkeypatch: Any) -> None:
    dialog = _dialog(qtbot, admin)
    _fill(dialog.form, "Monitoring BPNT Desa Sigam")
    dialog.form.mitra.add(MitraData(nama="Agen e-Warong Sigam"))
    asked: list[str] = []

    def ask(parent: Any, title: str, label: str, default: str = "") -> str:
        asked.append(default)
        return "Monitoring BPNT bulanan"

    monkeypatch.setattr(templat_dialog, "ask_text", ask)
    assert dialog.save_template()
    assert asked == ["Monitoring BPNT Desa Sigam"]  # the title is offered as the name
    assert msgbox.calls[-1][1] == "Templat tersimpan"
    (row,) = kegiatan_templat.rows(admin)
    assert row.nama == "Monitoring BPNT bulanan" and row.judul == "Monitoring BPNT Desa Sigam"
    applied = kegiatan_templat.apply(admin, row.id)
    assert [m.nama for m in applied.mitra] == ["Agen e-Warong Sigam"]
    assert applied.jam_mulai == dt.time(8, 30) and applied.desa_ids == [desa_id("Sigam")]
    # the same name again asks before replacing; "Tidak" keeps the old one
    msgbox.answer_yes = False
    dialog.form.judul.setText("Judul lain")
    assert not dialog.save_template()
    assert kegiatan_templat.rows(admin)[0].judul == "Monitoring BPNT Desa Sigam"
    assert Kegiatan.select().count() == 0  # a template is no activity


@pytest.mark.parametrize("text,expected", [("0830", dt.time(8, 30)), ("8:05", dt.time(8, 5)),
                                           ("", None), ("23.59", dt.time(23, 59))])
def test_time_field_reads_common_spellings(qtbot: Any, text: str, expected: Any) -> None:
    from kecamatan_app.views.kegiatan.kegiatan_widgets import JamEdit

    edit = JamEdit()
    qtbot.addWidget(edit)
    edit.setText(text)
    assert edit.value() == expected
