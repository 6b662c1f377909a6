"""The activity form's fields as one widget that turns into :class:`KegiatanData` and back.

Left: when and who, the kind of activity (function, then only the forms of that function,
Pasal 6-8), place and people. Right: description, result, obstacles, follow-up and status.
Below: the documentation photos. Each field shows its own error in red right under it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ...services import desa, formatting, kegiatan_pilihan, referensi
from ...services.context import Actor
from ...services.errors import FieldProblem, ValidationError
from ...services.kegiatan_daftar import bentuk_choices, tksk_choices
from ...services.kegiatan_periksa import (
    HAMBATAN,
    KODE_BENTUK_RUJUKAN,
    PESERTA_MAKS,
    STATUS,
    KegiatanData,
)
from ...services.permissions import Aksi, allowed
from ..kecamatan_pilih import kecamatan_tampil
from ..login import error_label
from ..pengaturan.common import from_qdate, to_qdate
from ..tksk.widgets import date_edit
from .foto_widget import FotoEditor
from .kegiatan_sasaran import SasaranPicker
from .kegiatan_widgets import (
    InlineErrors,
    JamEdit,
    LokasiPicker,
    MitraEditor,
    SasaranEditor,
    hint_label,
)


def section(text: str) -> QLabel:
    label = QLabel(text)
    label.setStyleSheet("font-weight: bold; color: #1f3a5f; padding-top: 6px;")
    return label


def _text_edit(height: int = 64) -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.setTabChangesFocus(True)
    edit.setFixedHeight(height)
    return edit


def _row(*widgets: QWidget | str, stretch: bool = True) -> QWidget:
    box = QWidget()
    layout = QHBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    for w in widgets:
        layout.addWidget(QLabel(w) if isinstance(w, str) else w)
    if stretch:
        layout.addStretch(1)
    return box


def _column(*widgets: QWidget) -> QWidget:
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(2)
    for w in widgets:
        layout.addWidget(w)
    box.setFocusProxy(widgets[0])
    return box


class KegiatanForm(QWidget):
    changed = Signal()

    def __init__(self, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        self.fungsi_rows = referensi.rows("fungsi")
        self.bentuk_all = bentuk_choices(include_inactive=True)
        self.bentuk_aktif = {b.id for b in bentuk_choices()}
        self.tanggal = date_edit(dt.date.today())
        self.hari = hint_label()
        self.jam_mulai, self.jam_selesai = JamEdit(), JamEdit()
        self.tksk = QComboBox()
        self.tksk_choices = tksk_choices(actor)
        for t in self.tksk_choices:
            self.tksk.addItem(t.label, t.penugasan_id)
        if not self.tksk_choices:
            self.tksk.addItem("(belum ada TKSK: angkat TKSK dulu di halaman TKSK)", None)
        self.fungsi = QComboBox()
        self.bentuk = QComboBox()
        self.bentuk_hint = hint_label()
        self.program = QComboBox()
        self.program.addItem("(tanpa program tertentu)", None)
        for r in referensi.rows("program", include_inactive=False):
            self.program.addItem(r.nama, r.id)
        self.judul = QLineEdit()
        self.judul.setMaxLength(200)
        self.judul.setPlaceholderText("contoh: Monitoring penyaluran BPNT di Desa Sigam")
        self.lokasi = LokasiPicker(desa.all_desa(kecamatan_tampil(actor)))
        self.peserta_l, self.peserta_p = QSpinBox(), QSpinBox()
        for spin in (self.peserta_l, self.peserta_p):
            spin.setRange(0, PESERTA_MAKS)
            spin.setGroupSeparatorShown(True)
            spin.setMinimumWidth(80)
            spin.valueChanged.connect(self._update_total)
        self.peserta_total = QLabel()
        self.mitra = MitraEditor(kegiatan_pilihan.mitra_choices(actor))
        self.sasaran = SasaranEditor(allowed(actor, Aksi.REGISTRI_LIHAT))
        self.sasaran.pick_requested.connect(self.pick_sasaran)
        self.uraian, self.hasil = _text_edit(76), _text_edit(56)
        self.uraian.setPlaceholderText("apa yang dilakukan, bersama siapa, bagaimana jalannya")
        self.hasil.setPlaceholderText("apa yang dicapai (wajib untuk kegiatan final)")
        self.hambatan_kategori = QComboBox()
        for key, label in HAMBATAN.items():
            self.hambatan_kategori.addItem(label, key)
        self.hambatan = _text_edit(44)
        self.hambatan.setPlaceholderText("jelaskan hambatannya (bila ada)")
        self.tindak_lanjut = _text_edit(48)
        self.status = QComboBox()
        for key, label in STATUS.items():
            self.status.addItem(label, key)
        self.foto = FotoEditor(actor)
        self.summary = error_label()
        self.errors = InlineErrors(self.summary)
        self._build()
        self._fill_fungsi(None)
        self.fungsi.currentIndexChanged.connect(lambda _i: self._fill_bentuk(self.bentuk_id()))
        self.tanggal.dateChanged.connect(lambda _d: self._update_day())
        self._update_total()
        self._update_day()
        for combo in self.findChildren(QComboBox):
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(16)

    def _build(self) -> None:
        e = self.errors
        left, right = QFormLayout(), QFormLayout()
        for form in (left, right):
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
            form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        left.addRow(section("Waktu dan pelaksana"))
        left.addRow("&Tanggal:", e.wrap("tanggal", _row(self.tanggal, self.hari), self.tanggal))
        left.addRow("&Jam:", e.wrap("jam_mulai", _row(
            self.jam_mulai, "s.d.", self.jam_selesai, hint_label("boleh dikosongkan")),
            self.jam_mulai))
        e.fields["jam_selesai"] = (self.jam_selesai, e.label("jam_mulai"))
        left.addRow("TKS&K:", e.wrap("penugasan", self.tksk))
        left.addRow(section("Jenis kegiatan (Permensos 28/2018)"))
        left.addRow("&Fungsi:", e.wrap("fungsi", self.fungsi))
        left.addRow("&Bentuk:", e.wrap("bentuk", _column(self.bentuk, self.bentuk_hint)))
        left.addRow("Pro&gram:", e.wrap("program", self.program))
        left.addRow("&Nama kegiatan:", e.wrap("judul", self.judul))
        left.addRow(section("Tempat dan orang"))
        left.addRow("&Lokasi:", e.wrap("lingkup", self.lokasi))
        e.add_alias("desa", "lingkup")
        left.addRow("P&eserta:", e.wrap("peserta_l", _row(
            "Laki-laki", self.peserta_l, "Perempuan", self.peserta_p, self.peserta_total),
            self.peserta_l))
        e.fields["peserta_p"] = (self.peserta_p, e.label("peserta_l"))
        left.addRow("&Mitra:", e.wrap("mitra", self.mitra))
        left.addRow("Penerima ma&nfaat:", e.wrap("sasaran", self.sasaran))
        right.addRow(section("Uraian, hasil dan tindak lanjut"))
        right.addRow("&Uraian:", e.wrap("uraian", self.uraian))
        right.addRow("&Hasil:", e.wrap("hasil", self.hasil))
        right.addRow("Ham&batan:", e.wrap("hambatan_kategori", _column(
            self.hambatan_kategori, self.hambatan)))
        e.fields["hambatan"] = (self.hambatan, e.label("hambatan_kategori"))
        right.addRow("Tindak lan&jut:", e.wrap("tindak_lanjut", self.tindak_lanjut))
        right.addRow("&Status:", e.wrap("status", _column(self.status, hint_label(
            "Draf: rencana atau belum lengkap. Final: sudah dilaksanakan, dengan uraian dan "
            "hasil."))))
        right.addRow(section("Dokumentasi foto"))
        right.addRow(e.wrap("foto", self.foto))
        columns = QHBoxLayout()
        for form in (left, right):
            column = QVBoxLayout()
            column.addLayout(form)
            column.addStretch(1)
            columns.addLayout(column, 1)
            if form is left:
                columns.addSpacing(16)
        layout = QVBoxLayout(self)
        layout.addLayout(columns, 1)
        layout.addWidget(self.summary)

    # -- choices ---------------------------------------------------------------------------
    def _fill_fungsi(self, keep: int | None) -> None:
        self.fungsi.blockSignals(True)
        self.fungsi.clear()
        self.fungsi.addItem("(pilih fungsi)", None)
        for r in self.fungsi_rows:
            if r.aktif or r.id == keep:
                pasal = r.extra.get("pasal", "")
                self.fungsi.addItem(f"{r.nama} ({pasal})" if pasal else r.nama, r.id)
        self.fungsi.setCurrentIndex(max(self.fungsi.findData(keep), 0))
        self.fungsi.blockSignals(False)
        self._fill_bentuk(None)

    def _fill_bentuk(self, keep: int | None) -> None:
        """Only the forms of the chosen function; "rujukan" only to show a stored referral."""
        fungsi = self.fungsi.currentData()
        self.bentuk.clear()
        self.bentuk.addItem("(pilih fungsi dahulu)" if fungsi is None else "(pilih bentuk)",
                            None)
        rujukan = False
        for b in self.bentuk_all:
            if b.fungsi_id != fungsi:
                continue
            if b.kode == KODE_BENTUK_RUJUKAN:
                rujukan = True
                if b.id != keep:
                    continue
            if b.id in self.bentuk_aktif or b.id == keep:
                self.bentuk.addItem(b.nama, b.id)
        self.bentuk.setCurrentIndex(max(self.bentuk.findData(keep), 0))
        self.bentuk_hint.setText("Bentuk Rujukan dicatat lewat tab Rujukan (bernomor surat, "
                                 "dengan riwayat status)." if rujukan else "")
        self.bentuk_hint.setVisible(rujukan)

    def bentuk_names(self) -> list[str]:
        """The forms the form-combo offers now (without the placeholder)."""
        return [self.bentuk.itemText(i) for i in range(1, self.bentuk.count())]

    def bentuk_id(self) -> int | None:
        data = self.bentuk.currentData()
        return int(data) if data is not None else None

    def _update_total(self) -> None:
        total = self.peserta_l.value() + self.peserta_p.value()
        self.peserta_total.setText(f"Jumlah: {formatting.angka(total)}")

    def _update_day(self) -> None:
        self.hari.setText(formatting.nama_hari(from_qdate(self.tanggal.date())))

    def pick_sasaran(self, jenis: str) -> None:
        for found in SasaranPicker.choose(self.actor, jenis, self):
            self.sasaran.add(found)

    # -- data ------------------------------------------------------------------------------
    def set_data(self, data: KegiatanData) -> None:
        self.errors.clear()
        self.tanggal.setDate(to_qdate(data.tanggal or dt.date.today()))
        self.jam_mulai.set_value(data.jam_mulai)
        self.jam_selesai.set_value(data.jam_selesai)
        index = self.tksk.findData(data.penugasan_id) if data.penugasan_id else -1
        if index < 0:
            index = next((i for i, t in enumerate(self.tksk_choices) if t.aktif), 0)
        self.tksk.setCurrentIndex(index)
        self._fill_fungsi(data.fungsi_id)
        self._fill_bentuk(data.bentuk_id)
        self.program.setCurrentIndex(max(self.program.findData(data.program_id), 0))
        self.judul.setText(data.judul)
        missing = [d for i in data.desa_ids if self.lokasi.one.findData(i) < 0
                   if (d := desa.by_id(i)) is not None]
        self.lokasi.add_missing(missing)
        self.lokasi.set_value(data.lingkup, list(data.desa_ids))
        self.peserta_l.setValue(max(data.peserta_l, 0))
        self.peserta_p.setValue(max(data.peserta_p, 0))
        self.mitra.set_value(list(data.mitra))
        self.sasaran.set_value(kegiatan_pilihan.sasaran_labels(
            self.actor, data.warga_ids, data.keluarga_ids))
        self.uraian.setPlainText(data.uraian)
        self.hasil.setPlainText(data.hasil)
        self.hambatan_kategori.setCurrentIndex(
            max(self.hambatan_kategori.findData(data.hambatan_kategori), 0))
        self.hambatan.setPlainText(data.hambatan)
        self.tindak_lanjut.setPlainText(data.tindak_lanjut)
        self.status.setCurrentIndex(max(self.status.findData(data.status), 0))
        self.foto.set_value(list(data.foto))

    def collect(self) -> tuple[KegiatanData, list[FieldProblem]]:
        """The form as data, and the problems only the form can see (a time that is no time;
        such a field counts as empty in the data)."""
        problems: list[FieldProblem] = []
        times: list[dt.time | None] = []
        for name, edit, label in (("jam_mulai", self.jam_mulai, "mulai"),
                                  ("jam_selesai", self.jam_selesai, "selesai")):
            try:
                times.append(edit.value())
            except ValueError:
                times.append(None)
                problems.append(FieldProblem(name, f"Jam {label} '{edit.text()}' tidak dikenali; "
                                                   "tulis seperti 08.30."))
        lingkup, desa_ids = self.lokasi.value()
        data = KegiatanData(
            tanggal=from_qdate(self.tanggal.date()), fungsi_id=self.fungsi.currentData(),
            bentuk_id=self.bentuk_id(), judul=self.judul.text(),
            penugasan_id=self.tksk.currentData(), jam_mulai=times[0], jam_selesai=times[1],
            program_id=self.program.currentData(), lingkup=lingkup, desa_ids=desa_ids,
            mitra=self.mitra.value(), peserta_l=self.peserta_l.value(),
            peserta_p=self.peserta_p.value(), warga_ids=self.sasaran.ids("warga"),
            keluarga_ids=self.sasaran.ids("keluarga"), uraian=self.uraian.toPlainText(),
            hasil=self.hasil.toPlainText(),
            hambatan_kategori=str(self.hambatan_kategori.currentData() or ""),
            hambatan=self.hambatan.toPlainText(), tindak_lanjut=self.tindak_lanjut.toPlainText(),
            status=str(self.status.currentData()), foto=self.foto.value())
        return data, problems

    def data(self) -> KegiatanData:
        """The form as data; raises ValidationError for what only the form can see."""
        data, problems = self.collect()
        if problems:
            raise ValidationError("\n".join(p.message for p in problems), problems)
        return data

    def set_editable(self, on: bool) -> None:
        for edit in self.findChildren(QLineEdit):
            if not isinstance(edit.parent(), QComboBox):
                edit.setReadOnly(not on)
        for text in self.findChildren(QPlainTextEdit):
            text.setReadOnly(not on)
        for spin in self.findChildren(QSpinBox):
            spin.setReadOnly(not on)
            spin.setButtonSymbols(QSpinBox.ButtonSymbols.UpDownArrows if on
                                  else QSpinBox.ButtonSymbols.NoButtons)
        for widget in (self.tanggal, self.tksk, self.fungsi, self.bentuk, self.program,
                       self.hambatan_kategori, self.status):
            widget.setEnabled(on)
        self.bentuk_hint.setVisible(on and bool(self.bentuk_hint.text()))
        self.lokasi.set_editable(on)
        self.mitra.set_editable(on)
        self.sasaran.set_editable(on)
        self.foto.set_editable(on)

    def field_widgets(self) -> dict[str, Any]:
        return {name: w for name, (w, _label) in self.errors.fields.items()}
