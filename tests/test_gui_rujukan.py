"""Kegiatan > Rujukan: the list with its overdue flag, the referral form (client from the
registry or new, consent override), the detail with its history and the status steps (allowed
buttons only, reasons, evidence), version conflicts, the month lock, read-only camat, the
Excel export, the letter and the referral rules."""

from __future__ import annotations

import datetime as dt
import sys
import types
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog

from kecamatan_app.models import LaporanBulanan, RiwayatRujukan, Rujukan
from kecamatan_app.services import desa, kegiatan, referensi, rujukan, rujukan_daftar, settings
from kecamatan_app.services import registri as reg
from kecamatan_app.services.context import Actor
from kecamatan_app.services.rujukan import RujukanData
from kecamatan_app.views.kegiatan import rujukan_cetak, rujukan_klien
from kecamatan_app.views.kegiatan.rujukan_aturan import AturanRujukanDialog
from kecamatan_app.views.kegiatan.rujukan_detail import RujukanDetailDialog
from kecamatan_app.views.kegiatan.rujukan_dialog import RujukanDialog
from kecamatan_app.views.kegiatan.rujukan_klien import KlienDialog
from kecamatan_app.views.kegiatan.rujukan_model import (
    COL_KETERANGAN,
    COL_NOMOR,
    TERLAMBAT_BG,
    RiwayatModel,
    RujukanModel,
)
from kecamatan_app.views.kegiatan.rujukan_tab import RujukanTab
from kecamatan_app.views.kegiatan.status_dialog import StatusDialog

TODAY = dt.date.today()
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def ctx(admin: Actor, tksk_aktif: int) -> dict[str, Any]:
    sigam = desa.resolve("Sigam")
    assert sigam is not None
    people = {}
    for i, nama in enumerate(("Budi Santoso", "Wati Lestari"), start=1):
        people[nama] = reg.create_warga(admin, reg.WargaData(
            nik=f"160306120399{i:04d}", nama=nama, jenis_kelamin="L", desa_id=sigam.id)).id
    inst = {r.nama: r.id for r in referensi.rows("instansi", include_inactive=False)}
    return {"people": people, "inst": inst, "tksk": tksk_aktif}


def _make(admin: Actor, ctx: dict[str, Any], days_ago: int = 0, who: str = "Budi Santoso",
          agency: str = "Puskesmas") -> rujukan.SavedRujukan:
    return rujukan.create(admin, RujukanData(
        TODAY - dt.timedelta(days=days_ago), ctx["inst"][agency], "Pengobatan lanjutan",
        warga_id=ctx["people"][who]))


def test_models_pass_modeltester(qtmodeltester: Any, admin: Actor, ctx: dict[str, Any]) -> None:
    saved = _make(admin, ctx, days_ago=30)
    model = RujukanModel()
    model.set_rows(rujukan_daftar.search(admin))
    qtmodeltester.check(model)
    history = RiwayatModel()
    history.set_rows(rujukan_daftar.detail(admin, saved.id).riwayat)
    qtmodeltester.check(history)


def test_create_through_the_dialog_shows_the_number_in_the_list(
    qtbot: Any, admin: Actor, ctx: dict[str, Any], msgbox: Any
) -> None:
    tab = RujukanTab(admin)
    qtbot.addWidget(tab)
    picker = KlienDialog(admin, tab)
    qtbot.addWidget(picker)
    picker.search.setText("Wati")
    picker.run_search()
    assert picker.model.rowCount() == 1
    picker.accept()
    assert picker.chosen is not None and picker.chosen.nama == "Wati Lestari"
    dialog = tab.new_dialog()
    qtbot.addWidget(dialog)
    # the due date shows the office's default while not set by hand
    assert not dialog.tenggat.isEnabled()
    assert dialog.tenggat.date().toPython() == TODAY + dt.timedelta(days=14)
    dialog.set_klien(picker.chosen)
    dialog.kebutuhan.setPlainText("Kartu BPJS PBI")
    dialog.instansi.setCurrentIndex(dialog.instansi.findData(ctx["inst"]["BPJS Kesehatan"]))
    dialog.accept()
    assert dialog.result() == dialog.DialogCode.Accepted and dialog.saved is not None
    tab.after_save(dialog)
    nomor = dialog.saved.nomor_surat
    assert nomor.startswith("001/RJK-TKSK/16.03.06/")
    assert tab.proxy.index(0, COL_NOMOR).data() == nomor
    assert tab.selected() is not None and tab.selected().klien == "Wati Lestari"  # type: ignore[union-attr]
    assert nomor in tab.status_line.text()
    r = Rujukan.get_by_id(dialog.saved.id)
    assert (r.jatuh_tempo, r.persetujuan) == (TODAY + dt.timedelta(days=14), "ada")


def test_missing_fields_are_shown_under_each_field(
    qtbot: Any, admin: Actor, ctx: dict[str, Any]
) -> None:
    dialog = RujukanDialog(admin)
    qtbot.addWidget(dialog)
    dialog.accept()
    assert dialog.result() != dialog.DialogCode.Accepted
    assert "Pilih satu klien" in dialog.fields.text("klien")
    assert "kebutuhan" in dialog.fields.text("kebutuhan")
    assert "instansi" in dialog.fields.text("instansi")
    assert Rujukan.select().count() == 0


def test_consent_override_needs_a_reason(qtbot: Any, admin: Actor, ctx: dict[str, Any]) -> None:
    dialog = RujukanDialog(admin)
    qtbot.addWidget(dialog)
    assert not dialog.alasan.isEnabled()
    dialog.set_klien(rujukan_klien.pilihan.klien(admin, ctx["people"]["Budi Santoso"], None))
    dialog.kebutuhan.setPlainText("Perawatan darurat")
    dialog.instansi.setCurrentIndex(dialog.instansi.findData(ctx["inst"]["RSUD"]))
    dialog.tanpa.setChecked(True)
    assert dialog.alasan.isEnabled() and dialog.alasan_label.text().endswith("*")
    dialog.accept()
    assert "harus disertai alasannya" in dialog.fields.text("alasan_tanpa_persetujuan")
    assert Rujukan.select().count() == 0
    dialog.alasan.setPlainText("Klien tidak sadar; keluarga belum dapat dihubungi")
    dialog.accept()
    assert dialog.saved is not None
    r = Rujukan.get_by_id(dialog.saved.id)
    assert r.persetujuan == "dikecualikan" and r.alasan_tanpa_persetujuan.startswith("Klien")


def test_new_person_added_on_the_spot(
    qtbot: Any, admin: Actor, ctx: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    def fake_exec(self: Any) -> int:
        self.nama.setText("Rahmat Baru")
        self.jk.setCurrentIndex(self.jk.findData("L"))
        self.desa.setCurrentIndex(1)
        self.accept()
        return int(self.result())

    monkeypatch.setattr(rujukan_klien.WargaDialog, "exec", fake_exec)
    dialog = RujukanDialog(admin)
    qtbot.addWidget(dialog)
    dialog.new_button.click()
    assert dialog.klien_value is not None and dialog.klien_value.nama == "Rahmat Baru"
    assert "Rahmat Baru" in dialog.klien.text()


def test_overdue_referral_is_flagged(qtbot: Any, admin: Actor, ctx: dict[str, Any]) -> None:
    old = _make(admin, ctx, days_ago=30)
    _make(admin, ctx, days_ago=1, who="Wati Lestari")
    tab = RujukanTab(admin)
    qtbot.addWidget(tab)
    assert tab.model.rowCount() == 2
    assert "1 terlambat" in tab.count.text()
    row = next(i for i in range(2) if tab.model.rows[i].id == old.id)
    index = tab.model.index(row, COL_KETERANGAN)
    assert index.data() == "Terlambat 16 hari"
    assert index.data(Qt.ItemDataRole.BackgroundRole).color().name() == TERLAMBAT_BG
    other = tab.model.index(1 - row, COL_KETERANGAN)
    assert other.data() == "Sisa 13 hari"
    assert other.data(Qt.ItemDataRole.BackgroundRole) is None
    tab.terlambat.setChecked(True)
    assert [r.id for r in tab.model.rows] == [old.id]
    tab.terlambat.setChecked(False)
    tab.status.setCurrentIndex(tab.status.findData("terbuka"))
    assert tab.model.rowCount() == 2
    tab.search.setText("Wati")
    tab.refresh()
    assert [r.klien for r in tab.model.rows] == ["Wati Lestari"]
    # Enter on the selected row opens its detail
    opened: list[int] = []
    tab.open_selected = lambda: opened.append(tab.selected().id)  # type: ignore[method-assign,union-attr]
    tab.table.selectRow(0)
    tab.table.setFocus()
    qtbot.keyClick(tab.table, Qt.Key.Key_Return)
    assert opened == [tab.model.rows[0].id]


def test_status_steps_allowed_buttons_reasons_and_history(
    qtbot: Any, admin: Actor, ctx: dict[str, Any], tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    saved = _make(admin, ctx, days_ago=5)
    detail = RujukanDetailDialog(admin, saved.id)
    qtbot.addWidget(detail)
    assert detail.visible_steps() == ["diterima", "ditolak", "dibatalkan"]
    assert not detail.edit_button.isHidden()
    assert detail.model.rowCount() == 1
    # Diterima with the agency's reply and a PDF as evidence
    evidence = tmp_path / "tanda-terima.pdf"
    evidence.write_bytes(PDF)
    step = detail.status_dialog("diterima")
    qtbot.addWidget(step)
    assert not step.hasil_label.isVisible()
    step.balasan.setPlainText("Diterima di loket rujukan")
    step.set_bukti(str(evidence))
    step.accept()
    assert step.result() == step.DialogCode.Accepted
    detail.load()
    assert detail.visible_steps() == ["selesai", "dibatalkan"]
    assert detail.edit_button.isHidden()
    assert detail.model.rowCount() == 2
    assert "Diterima di loket rujukan" in detail.values["balasan"].text()
    # the evidence opens from the history
    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl",
                        staticmethod(lambda url: opened.append(url.toLocalFile()) or True))
    detail.table.selectRow(1)
    assert detail.bukti_button.isEnabled()
    detail.bukti_button.click()
    assert Path(opened[0]).read_bytes() == PDF
    # Selesai needs the outcome and the reason; the label says what to write
    step = detail.status_dialog("selesai")
    qtbot.addWidget(step)
    assert step.alasan_label.text() == "&Keterangan hasil *"
    step.accept()
    assert step.result() != step.DialogCode.Accepted
    assert "berhasil" in step.fields.text("hasil")
    assert "Tuliskan keterangan hasil" in step.fields.text("alasan")
    step.berhasil.setChecked(True)
    step.alasan.setPlainText("Klien mendapat perawatan lanjutan")
    step.accept()
    assert step.result() == step.DialogCode.Accepted
    detail.load()
    assert detail.visible_steps() == [] and detail.step_label.isHidden()
    assert "sudah ditutup" in detail.closed_note.text()
    assert [s.status for s in detail.model.rows] == ["diajukan", "diterima", "selesai"]
    assert detail.model.rows[2].alasan == "Klien mendapat perawatan lanjutan"


def test_rejection_needs_its_reason(qtbot: Any, admin: Actor, ctx: dict[str, Any]) -> None:
    saved = _make(admin, ctx, days_ago=2)
    detail = RujukanDetailDialog(admin, saved.id)
    qtbot.addWidget(detail)
    step = StatusDialog(admin, detail.detail, "ditolak")  # type: ignore[arg-type]
    qtbot.addWidget(step)
    assert step.alasan_label.text() == "&Alasan penolakan dari instansi *"
    step.accept()
    assert "alasan penolakan" in step.fields.text("alasan")
    assert RiwayatRujukan.select().where(RiwayatRujukan.rujukan == saved.id).count() == 1
    step.alasan.setPlainText("Klien di luar wilayah layanan")
    step.accept()
    assert Rujukan.get_by_id(saved.id).status == "ditolak"


def test_version_conflict_between_two_open_dialogs(
    qtbot: Any, admin: Actor, ctx: dict[str, Any], msgbox: Any
) -> None:
    saved = _make(admin, ctx, days_ago=3)
    detail = rujukan_daftar.detail(admin, saved.id)
    first = StatusDialog(admin, detail, "dibatalkan")
    second = StatusDialog(admin, detail, "diterima")
    for d in (first, second):
        qtbot.addWidget(d)
    first.alasan.setPlainText("Klien pindah domisili")
    first.accept()
    assert first.result() == first.DialogCode.Accepted
    second.balasan.setPlainText("Jawaban yang tidak boleh hilang")
    second.accept()
    assert second.result() != second.DialogCode.Accepted
    assert "baru saja diubah" in msgbox.texts()[-1]
    assert "tidak dapat dicatat lagi" in msgbox.texts()[-1]
    assert not second.save_button.isEnabled()
    assert second.balasan.toPlainText() == "Jawaban yang tidak boleh hilang"
    assert Rujukan.get_by_id(saved.id).status == "dibatalkan"
    # two edit forms of the same referral: the second save is refused, input kept
    other = _make(admin, ctx, days_ago=1)
    one, two = RujukanDialog(admin, rujukan_id=other.id), RujukanDialog(admin, rujukan_id=other.id)
    for d in (one, two):
        qtbot.addWidget(d)
    one.kebutuhan.setPlainText("Pengobatan gigi")
    one.accept()
    msgbox.answer_yes = False
    two.kebutuhan.setPlainText("Kacamata")
    two.accept()
    assert two.result() != two.DialogCode.Accepted
    assert "baru saja diubah" in msgbox.texts()[-1]
    assert two.kebutuhan.toPlainText() == "Kacamata"
    assert Rujukan.get_by_id(other.id).kebutuhan == "Pengobatan gigi"


def test_month_lock_is_explained(
    qtbot: Any, admin: Actor, ctx: dict[str, Any], msgbox: Any
) -> None:
    saved = _make(admin, ctx)
    LaporanBulanan.create(kecamatan=kegiatan.kecamatan_of(admin), penugasan=ctx["tksk"],
                          tahun=TODAY.year, bulan=TODAY.month, status="diajukan",
                          diajukan_pada=dt.datetime.now())
    step = StatusDialog(admin, rujukan_daftar.detail(admin, saved.id), "diterima")
    qtbot.addWidget(step)
    step.balasan.setPlainText("Sudah diterima")
    step.accept()
    assert step.result() != step.DialogCode.Accepted
    assert msgbox.calls[-1][1] == "Bulan terkunci"
    assert "terkunci" in msgbox.texts()[-1] and "Diajukan" in msgbox.texts()[-1]
    assert "terkunci" in step.fields.text("tanggal")
    assert step.balasan.toPlainText() == "Sudah diterima"
    assert Rujukan.get_by_id(saved.id).status == "diajukan"


def test_camat_sees_no_write_buttons(
    qtbot: Any, admin: Actor, ctx: dict[str, Any], make_actor: Any
) -> None:
    saved = _make(admin, ctx, days_ago=20)
    camat = make_actor("camat")
    tab = RujukanTab(camat)
    qtbot.addWidget(tab)
    assert tab.model.rowCount() == 1
    for b in (tab.add_button, tab.edit_button, tab.rules_button):
        assert b.isHidden()
    assert not tab.detail_button.isHidden() and not tab.export_button.isHidden()
    detail = RujukanDetailDialog(camat, saved.id)
    qtbot.addWidget(detail)
    assert detail.visible_steps() == [] and detail.edit_button.isHidden()
    assert "dicatat oleh TKSK" in detail.closed_note.text()
    nik_entries = [a.text() for a in detail.print_button.menu().actions() if "NIK" in a.text()]
    assert nik_entries == []


def test_excel_export_of_the_filtered_list(
    qtbot: Any, admin: Actor, ctx: dict[str, Any], msgbox: Any, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    old = _make(admin, ctx, days_ago=30)
    _make(admin, ctx, days_ago=1, who="Wati Lestari", agency="RSUD")
    target = tmp_path / "rujukan.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(target), "")))
    tab = RujukanTab(admin)
    qtbot.addWidget(tab)
    tab.instansi.setCurrentIndex(tab.instansi.findData(ctx["inst"]["Puskesmas"]))
    tab.export_button.click()
    qtbot.waitUntil(lambda: any(c[1] == "Ekspor selesai" for c in msgbox.calls), timeout=10000)
    rows = list(openpyxl.load_workbook(target).active.iter_rows(values_only=True))
    head = rows.index(next(r for r in rows if r[0] == "No"))
    assert any("instansi Puskesmas" in str(r[0]) for r in rows[:head])
    data = rows[head + 1:]
    assert len(data) == 1
    values = dict(zip(rows[head], data[0], strict=True))
    assert values["Nomor surat"] == old.nomor_surat
    assert values["NIK"] == "160306********01"  # masked
    assert values["Keterangan"] == "Terlambat 16 hari"


def test_print_letter_calls_the_letter_service(
    qtbot: Any, admin: Actor, ctx: dict[str, Any], msgbox: Any, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    saved = _make(admin, ctx)
    calls: list[tuple[Any, ...]] = []

    def write_surat(actor: Actor, rujukan_id: int, dest: Path, kertas: str = "A4",
                    dengan_nik: bool = False) -> Path:
        calls.append((actor.username, rujukan_id, kertas, dengan_nik))
        dest.write_bytes(PDF)
        return dest

    module = rujukan_cetak.print_module()
    if module is None:
        module = types.ModuleType(rujukan_cetak.PRINT_MODULE)
        monkeypatch.setitem(sys.modules, rujukan_cetak.PRINT_MODULE, module)
    monkeypatch.setattr(module, "write_surat", write_surat, raising=False)
    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl",
                        staticmethod(lambda url: opened.append(url.toLocalFile()) or True))
    tab = RujukanTab(admin)
    qtbot.addWidget(tab)
    tab.select_id(saved.id)
    labels = [a.text() for a in tab.print_button.menu().actions() if a.text()]
    assert labels == ["Kertas A4...", "Kertas F4 (folio)...",
                      "Kertas A4, tampilkan NIK lengkap...",
                      "Kertas F4 (folio), tampilkan NIK lengkap..."]
    target = tmp_path / "surat.pdf"
    tab.print_button.run("F4", True, path=target)
    qtbot.waitUntil(lambda: bool(opened), timeout=10000)
    assert calls == [("admin", saved.id, "F4", True)]
    assert opened == [str(target)] and "Cetak selesai" in [c[1] for c in msgbox.calls]


def test_referral_rules_save_and_refuse_a_bad_format(
    qtbot: Any, admin: Actor, ctx: dict[str, Any], make_actor: Any
) -> None:
    assert RujukanTab(make_actor("operator")).rules_button.isHidden()
    dialog = AturanRujukanDialog(admin)
    qtbot.addWidget(dialog)
    assert dialog.tenggat.value() == 14
    dialog.format.setText("RJK/{tahun}")
    assert "format belum sah" in dialog.contoh.text()
    assert "{urut}" in dialog.fields.text("rujukan.format_nomor")  # said while typing
    dialog.tenggat.setValue(21)
    dialog.accept()
    assert dialog.result() != dialog.DialogCode.Accepted
    assert "{urut}" in dialog.fields.text("rujukan.format_nomor")
    assert settings.get("rujukan.tenggat_hari") == 14  # nothing saved
    dialog.format.setText("{urut:04d}/RJK/{kode}/{tahun}")
    assert f"0001/RJK/16.03.06/{TODAY.year}" in dialog.contoh.text()
    dialog.accept()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert settings.get("rujukan.tenggat_hari") == 21
    assert _make(admin, ctx).nomor_surat == f"0001/RJK/16.03.06/{TODAY.year}"
    form = RujukanDialog(admin)
    qtbot.addWidget(form)
    assert form.tenggat.date().toPython() == TODAY + dt.timedelta(days=21)


def test_print_letter_for_real(
    qtbot: Any, admin: Actor, ctx: dict[str, Any], msgbox: Any, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    if rujukan_cetak.print_module() is None:
        pytest.skip("services.cetak_rujukan belum ada")
    saved = _make(admin, ctx)
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: True))
    detail = RujukanDetailDialog(admin, saved.id)
    qtbot.addWidget(detail)
    target = tmp_path / "surat.pdf"
    detail.print_button.run("A4", False, path=target)
    qtbot.waitUntil(lambda: "Cetak selesai" in [c[1] for c in msgbox.calls], timeout=20000)
    assert target.read_bytes().startswith(b"%PDF")
    assert saved.nomor_surat in msgbox.texts()[-1]
