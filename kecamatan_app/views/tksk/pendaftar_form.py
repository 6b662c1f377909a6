"""The candidate's form fields (identity, requirements, registration) as a widget that turns into
:class:`PendaftarData` and back. Every choice has "(belum diketahui)", which is None: unknown is
not failure. The NIK is checked as it is typed (errors in red, warnings in amber below it)."""

from __future__ import annotations

import datetime as dt
from functools import cache

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    QRegularExpression,
    QStringListModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from ...services import desa, kantor, wilayah
from ...services import eligibility as el
from ...services.errors import AppError
from ...services.nik import check_nik
from ...services.pendaftar import PendaftarData
from ..login import ERROR_STYLE
from ..pengaturan.common import FieldErrors, error_label, from_qdate, to_qdate
from .widgets import ChoiceCombo, RequiredDate, date_edit, note_label, plain_choices

OTHER_PLACE = -1
WARNING_STYLE = "color: #8a5800;"
HINT_STYLE = "color: palette(placeholder-text);"


@cache
def _kecamatan_labels() -> tuple[str, ...]:
    return tuple(k.label for k in wilayah.all_kecamatan())


class KtpCompleter(QCompleter):
    """Offers "16.03.06 Gelumbang, Kabupaten Muara Enim, ..." and inserts the code, which the
    service resolves exactly (a name can repeat across kabupaten)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModel(QStringListModel(list(_kecamatan_labels()), self))
        self.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterMode(Qt.MatchFlag.MatchContains)
        self.setMaxVisibleItems(12)

    def pathFromIndex(self, index: QModelIndex | QPersistentModelIndex) -> str:
        return str(index.data()).split(" ", 1)[0]


def _section(text: str) -> QLabel:
    label = QLabel(text)
    label.setStyleSheet("font-weight: bold; color: #1f3a5f; padding-top: 8px;")
    return label


def _with_hint(field: QWidget, hint: QLabel) -> QWidget:
    """A field with its live feedback right under it."""
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(2)
    layout.addWidget(field)
    layout.addWidget(hint)
    box.setFocusProxy(field)
    return box


class PendaftarForm(QWidget):
    changed = Signal()

    def __init__(self, periods: list[str], parent: QWidget | None = None,
                 kecamatan: int | None = None) -> None:
        """``kecamatan``: whose desa the domicile is chosen from and whose office the KTP's
        kecamatan is compared with (a Dinas database); None: the only office's."""
        super().__init__(parent)
        today = dt.date.today()
        office = kantor.get_office(kecamatan)
        #: The kecamatan the candidate applies to (None: a kecamatan database's only one).
        self.kecamatan_id = kecamatan
        self.office_kode = office.kode if office else ""
        self.nik = QLineEdit()
        self.nik.setMaxLength(24)
        self.nik.setPlaceholderText("16 angka sesuai KTP-el")
        self.nik_hint = error_label()
        self.nama = QLineEdit()
        self.jenis_kelamin = ChoiceCombo(
            [("Laki-laki (L)", "L"), ("Perempuan (P)", "P")], unknown="(pilih)"
        )
        self.tempat_lahir = QLineEdit()
        self.tanggal_lahir = RequiredDate(dt.date(today.year - 25, 1, 1))
        self.kewarganegaraan = ChoiceCombo(
            [("WNI (Warga Negara Indonesia)", "WNI"), ("WNA", "WNA")]
        )
        self.alamat = QLineEdit()
        self.alamat.setPlaceholderText("jalan, dusun")
        digits = QRegularExpressionValidator(QRegularExpression(r"\d{0,3}"), self)
        self.rt, self.rw = QLineEdit(), QLineEdit()
        for edit in (self.rt, self.rw):
            edit.setValidator(digits)
            edit.setMaximumWidth(60)
            edit.setPlaceholderText("000")
        self.desa = ChoiceCombo(
            [(f"{d.jenis.title()} {d.nama}", d.id) for d in desa.all_desa(kecamatan)]
            + [("Tempat lain (di luar kecamatan)...", OTHER_PLACE)]
        )
        self.domisili_lain = QLineEdit()
        self.domisili_lain.setPlaceholderText(
            "nama desa/kelurahan dan kecamatan di luar kecamatan ini"
        )
        self.kecamatan_ktp = QLineEdit()
        self.kecamatan_ktp.setPlaceholderText("ketik nama atau kode kecamatan pada KTP")
        self.kecamatan_ktp.setCompleter(KtpCompleter(self.kecamatan_ktp))
        self.ktp_hint = note_label()
        self.telepon = QLineEdit()
        self.telepon.setPlaceholderText("contoh: 0812xxxxxxxx")
        self.pendidikan = ChoiceCombo(plain_choices(el.PENDIDIKAN))
        self.status_kepegawaian = ChoiceCombo(plain_choices(el.STATUS_KEPEGAWAIAN))
        self.pilar_sosial = ChoiceCombo(plain_choices(el.PILAR_SOSIAL))
        self.dapat_komputer = ChoiceCombo([("Ya", True), ("Tidak", False)])
        self.surat_sehat = ChoiceCombo(
            [("Ada, menyatakan sehat", "Ada"), ("Ada, menyatakan tidak sehat", "Tidak Sehat")]
        )
        self.skck = ChoiceCombo(
            [("Ada, tanpa catatan", "Ada"), ("Ada, dengan catatan tindak pidana", "Ada Catatan")]
        )
        self.tanggal_daftar = date_edit(today)
        self.periode = QComboBox()
        self.periode.setEditable(True)
        self.periode.addItems(sorted({*periods, str(today.year)}, reverse=True))
        self.periode.setCurrentText(str(today.year))
        self.catatan = QPlainTextEdit()
        self.catatan.setTabChangesFocus(True)
        self.catatan.setFixedHeight(60)

        self.form = QFormLayout(self)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.error = error_label()
        self.errors = FieldErrors(self.error, {})
        self.form.addRow(_section("Identitas"))
        self._row("NI&K:", _with_hint(self.nik, self.nik_hint), "nik")
        self.errors.widgets["nik"] = self.nik
        self._row("&Nama lengkap:", self.nama, "nama")
        self._row("&Jenis kelamin:", self.jenis_kelamin, "jenis_kelamin")
        self._row("Tempat la&hir:", self.tempat_lahir, "tempat_lahir")
        self._row("Tanggal &lahir:", self.tanggal_lahir, "tanggal_lahir")
        self._row("Ke&warganegaraan:", self.kewarganegaraan, "kewarganegaraan")
        self._row("&Alamat:", self.alamat, "alamat")
        rtrw = QWidget()
        box = QHBoxLayout(rtrw)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.rt)
        box.addWidget(QLabel("/"))
        box.addWidget(self.rw)
        box.addStretch(1)
        self._row("RT/R&W:", rtrw, "rt")
        self.errors.widgets["rt"], self.errors.widgets["rw"] = self.rt, self.rw
        self._row("&Desa domisili:", self.desa, "desa_domisili")
        self._row("Tempat &lain:", self.domisili_lain, "domisili_lain")
        self._row("Kecamatan &KTP:", _with_hint(self.kecamatan_ktp, self.ktp_hint), "ktp")
        self.errors.widgets["kecamatan_ktp"] = self.kecamatan_ktp
        self._row("No. &HP:", self.telepon, "telepon")
        self.form.addRow(_section("Persyaratan"))
        self._row("&Pendidikan terakhir:", self.pendidikan, "pendidikan")
        self._row("&Status kepegawaian:", self.status_kepegawaian, "status_kepegawaian")
        self._row("Pilar s&osial:", self.pilar_sosial, "pilar_sosial")
        self._row("Dapat &menggunakan komputer:", self.dapat_komputer, "dapat_komputer")
        self._row("S&urat keterangan sehat:", self.surat_sehat, "surat_sehat")
        self._row("SK&CK:", self.skck, "skck")
        self.form.addRow(_section("Pendaftaran"))
        self._row("&Tanggal pendaftaran:", self.tanggal_daftar, "tanggal_daftar")
        self._row("Pe&riode rekrutmen:", self.periode, "periode_rekrutmen")
        self._row("Cat&atan:", self.catatan, "catatan")
        self.form.addRow(self.error)
        for combo in self.findChildren(QComboBox):  # long choices must not widen the form
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(16)

        for edit in (
            self.nik,
            self.nama,
            self.tempat_lahir,
            self.alamat,
            self.rt,
            self.rw,
            self.domisili_lain,
            self.kecamatan_ktp,
            self.telepon,
        ):
            edit.textChanged.connect(self.changed)
        for combo in (
            self.jenis_kelamin,
            self.kewarganegaraan,
            self.desa,
            self.pendidikan,
            self.status_kepegawaian,
            self.pilar_sosial,
            self.dapat_komputer,
            self.surat_sehat,
            self.skck,
        ):
            combo.currentIndexChanged.connect(self.changed)
        self.periode.currentTextChanged.connect(self.changed)
        self.tanggal_lahir.dateChanged.connect(self.changed)
        self.tanggal_daftar.dateChanged.connect(self.changed)
        self.catatan.textChanged.connect(self.changed)
        self.changed.connect(self._update_hints)
        self._update_hints()

    def _row(self, text: str, widget: QWidget, field: str) -> None:
        label = QLabel(text)
        label.setBuddy(widget.focusProxy() or widget)
        self.form.addRow(label, widget)
        self.errors.widgets[field] = widget

    # -- values -----------------------------------------------------------------------------
    def data(self) -> PendaftarData:
        place = self.desa.value()
        return PendaftarData(
            nik=self.nik.text(),
            nama=self.nama.text(),
            jenis_kelamin=self.jenis_kelamin.value() or "",
            tempat_lahir=self.tempat_lahir.text(),
            tanggal_lahir=self.tanggal_lahir.value(),
            kewarganegaraan=self.kewarganegaraan.value(),
            alamat=self.alamat.text(),
            rt=self.rt.text(),
            rw=self.rw.text(),
            desa_domisili_id=place if place not in (None, OTHER_PLACE) else None,
            domisili_lain=(self.domisili_lain.text().strip() or None)
            if place == OTHER_PLACE
            else None,
            kecamatan_ktp=self.kecamatan_ktp.text().strip() or None,
            pendidikan=self.pendidikan.value(),
            status_kepegawaian=self.status_kepegawaian.value(),
            pilar_sosial=self.pilar_sosial.value(),
            dapat_komputer=self.dapat_komputer.value(),
            surat_sehat=self.surat_sehat.value(),
            skck=self.skck.value(),
            tanggal_daftar=self.tanggal_daftar_value(),
            periode_rekrutmen=self.periode.currentText().strip(),
            telepon=self.telepon.text(),
            catatan=self.catatan.toPlainText(),
            kecamatan_id=self.kecamatan_id,
        )

    def tanggal_daftar_value(self) -> dt.date:
        return from_qdate(self.tanggal_daftar.date())

    def set_data(self, d: PendaftarData) -> None:
        self.blockSignals(True)
        if d.kecamatan_id is not None:
            self.kecamatan_id = d.kecamatan_id
        try:
            self.nik.setText(d.nik)
            self.nama.setText(d.nama)
            self.jenis_kelamin.set_value(d.jenis_kelamin or None)
            self.tempat_lahir.setText(d.tempat_lahir)
            self.tanggal_lahir.set_value(d.tanggal_lahir)
            self.kewarganegaraan.set_value(d.kewarganegaraan)
            self.alamat.setText(d.alamat)
            self.rt.setText(d.rt)
            self.rw.setText(d.rw)
            place = d.desa_domisili_id or (OTHER_PLACE if d.domisili_lain else None)
            self.desa.set_value(place)
            self.domisili_lain.setText(d.domisili_lain or "")
            self.kecamatan_ktp.setText(d.kecamatan_ktp or "")
            self.pendidikan.set_value(d.pendidikan)
            self.status_kepegawaian.set_value(d.status_kepegawaian)
            self.pilar_sosial.set_value(d.pilar_sosial)
            self.dapat_komputer.set_value(d.dapat_komputer)
            self.surat_sehat.set_value(d.surat_sehat)
            self.skck.set_value(d.skck)
            if d.tanggal_daftar is not None:
                self.tanggal_daftar.setDate(to_qdate(d.tanggal_daftar))
            self.periode.setCurrentText(d.periode_rekrutmen)
            self.telepon.setText(d.telepon)
            self.catatan.setPlainText(d.catatan)
        finally:
            self.blockSignals(False)
        self._update_hints()
        self.changed.emit()

    def set_editable(self, editable: bool) -> None:
        for widget in self.errors.widgets.values():
            widget.setEnabled(editable)
        self._update_hints()

    # -- live feedback ----------------------------------------------------------------------
    def _update_hints(self) -> None:
        self.domisili_lain.setEnabled(self.desa.value() == OTHER_PLACE and self.desa.isEnabled())
        self._nik_feedback()
        self._ktp_feedback()

    def _nik_feedback(self) -> None:
        text = "".join(self.nik.text().split())
        if not text:
            self._hint(self.nik_hint, "", "")
            return
        if text.isdigit() and len(text) < 16:
            self._hint(self.nik_hint, f"{len(text)} dari 16 angka.", HINT_STYLE)
            return
        result = check_nik(text, self.tanggal_lahir.value(), self.jenis_kelamin.value())
        if result.errors:
            self._hint(self.nik_hint, "\n".join(result.errors), ERROR_STYLE)
        elif result.warnings:
            self._hint(self.nik_hint, "\n".join(result.warnings), WARNING_STYLE)
        else:
            self._hint(self.nik_hint, "NIK sesuai format.", "color: #17693a;")

    def _ktp_feedback(self) -> None:
        text = self.kecamatan_ktp.text().strip()
        message = ""
        if text and text.replace(".", "").isdigit():
            try:
                ref = wilayah.get_kecamatan(text)
            except AppError:
                message = "Kode kecamatan tidak dikenal; periksa kembali atau ketik namanya."
            else:
                message = f"Kecamatan {ref.nama}, {ref.kabupaten.nama}"
                if ref.kode == self.office_kode:
                    message += " (kecamatan kantor ini)"
        self.ktp_hint.setText(message)
        self.ktp_hint.setVisible(bool(message))

    @staticmethod
    def _hint(label: QLabel, text: str, style: str) -> None:
        label.setText(text)
        label.setStyleSheet(style)
        label.setVisible(bool(text))
