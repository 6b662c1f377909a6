"""The camat dialog: correct the current camat's data, or record a new camat (pergantian).

The NIP is checked as it is typed (errors in red, doubts in amber). For an acting official
(Plt.) the NIP may stay empty but the keterangan jabatan printed under the name is required.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...services import kantor
from ...services.context import Actor
from ...services.errors import AppError, ValidationError
from ...services.nip import check_nip, format_nip
from .. import messages
from .common import (
    DATE_DISPLAY,
    FieldErrors,
    OptionalDate,
    error_label,
    from_qdate,
    show_inline,
    to_qdate,
)

WARNING_STYLE = "color: #8a5a00;"


class CamatDialog(QDialog):
    def __init__(
        self,
        actor: Actor,
        current: kantor.CamatData | None,
        pergantian: bool,
        parent: QWidget | None = None,
        versi: object = kantor.TIDAK_DIPERIKSA,
        kecamatan_id: int | None = None,
    ) -> None:
        super().__init__(parent)
        self.actor = actor
        self.versi = versi  # of the camat row the form was filled from
        self.kecamatan_id = kecamatan_id  # a Dinas database: whose camat
        self.pergantian = pergantian or current is None
        self.result_value: kantor.OfficeInfo | None = None
        self.setWindowTitle("Pergantian camat" if self.pergantian else "Ubah data camat")
        self.setMinimumWidth(480)
        start = current if current is not None and not self.pergantian else kantor.CamatData()

        intro = QLabel(
            "Catat camat baru. Camat sebelumnya tetap tersimpan di riwayat; masa jabatannya "
            "berakhir pada tanggal berlaku camat baru."
            if self.pergantian
            else "Perbaiki data camat yang sedang menjabat (misalnya salah ketik nama atau NIP). "
            "Untuk camat baru gunakan Pergantian camat."
        )
        intro.setWordWrap(True)
        self.nama = QLineEdit(start.nama)
        self.nip = QLineEdit(format_nip(start.nip) if start.nip else "")
        self.nip.setPlaceholderText("18 angka, contoh: 19660801 198803 1 001")
        self.nip_status = QLabel("")
        self.nip_status.setWordWrap(True)
        self.pangkat = QLineEdit(start.pangkat)
        self.pangkat.setPlaceholderText("contoh: Pembina (IV/a)")
        self.plt = QCheckBox("Pelaksana tugas (&Plt.)")
        self.plt.setChecked(start.plt)
        self.keterangan = QLineEdit(start.keterangan_jabatan)
        self.keterangan.setPlaceholderText("contoh: Plt. Camat Gelumbang")
        self.berlaku = QDateEdit()
        self.berlaku.setCalendarPopup(True)
        self.berlaku.setDisplayFormat(DATE_DISPLAY)
        self.berlaku.setDate(to_qdate(dt.date.today()))
        self.mulai = OptionalDate("Isi tanggal", start.mulai)

        form = QFormLayout()
        self._row(form, "&Nama lengkap dan gelar:", self.nama)
        self._row(form, "N&IP:", self.nip)
        form.addRow("", self.nip_status)
        self._row(form, "Pang&kat/golongan:", self.pangkat)
        form.addRow("", self.plt)
        self.keterangan_label = self._row(form, "&Keterangan jabatan:", self.keterangan)
        if self.pergantian:
            self._row(form, "&Berlaku mulai:", self.berlaku)
            self.mulai.setVisible(False)
        else:
            self._row(form, "&Mulai menjabat:", self.mulai)
            self.berlaku.setVisible(False)
        self.error = error_label()
        self.errors = FieldErrors(
            self.error,
            {"camat_nama": self.nama, "camat_nip": self.nip, "camat_keterangan": self.keterangan},
        )

        buttons = QDialogButtonBox()
        self.save_button = QPushButton("&Simpan")
        self.save_button.setDefault(True)
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("Batal", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

        self.nip.textChanged.connect(self._check_nip)
        self.plt.toggled.connect(self._plt_changed)
        self._plt_changed(self.plt.isChecked())
        self.nama.setFocus()

    @staticmethod
    def _row(form: QFormLayout, text: str, widget: QWidget) -> QLabel:
        label = QLabel(text)
        label.setBuddy(widget)
        form.addRow(label, widget)
        return label

    def _plt_changed(self, plt: bool) -> None:
        self.keterangan.setEnabled(plt)
        self.keterangan_label.setEnabled(plt)
        self._check_nip()

    def _check_nip(self) -> None:
        text = self.nip.text()
        if not text.strip():
            show_inline(
                self.nip_status,
                "" if self.plt.isChecked() else "NIP wajib diisi, kecuali untuk pejabat Plt.",
            )
            self.nip_status.setStyleSheet(WARNING_STYLE)
            return
        result = check_nip(text)
        if result.errors:
            show_inline(self.nip_status, "\n".join(result.errors))
            self.nip_status.setStyleSheet("color: #b00020;")
        elif result.warnings:
            show_inline(self.nip_status, "\n".join(result.warnings))
            self.nip_status.setStyleSheet(WARNING_STYLE)
        else:
            show_inline(self.nip_status, "NIP sah: " + format_nip(text))
            self.nip_status.setStyleSheet("color: #1b5e20;")

    def data(self) -> kantor.CamatData:
        plt = self.plt.isChecked()
        mulai = from_qdate(self.berlaku.date()) if self.pergantian else self.mulai.value()
        return kantor.CamatData(
            nama=self.nama.text().strip(),
            nip=self.nip.text().replace(" ", ""),
            plt=plt,
            keterangan_jabatan=self.keterangan.text().strip() if plt else "",
            pangkat=self.pangkat.text().strip(),
            mulai=mulai,
        )

    def accept(self) -> None:
        data = self.data()
        tanggal = data.mulai if self.pergantian else None
        try:
            self.result_value = kantor.set_camat(self.actor, data, self.pergantian, tanggal,
                                                 self.versi, kecamatan_id=self.kecamatan_id)
        except ValidationError as exc:
            self.errors.show(exc)
            return
        except AppError as exc:
            messages.show_error(self, exc)
            return
        super().accept()

    @classmethod
    def ask(
        cls,
        actor: Actor,
        current: kantor.CamatData | None,
        pergantian: bool,
        parent: QWidget | None = None,
    ) -> tuple[kantor.OfficeInfo | None, bool]:
        dialog = cls(actor, current, pergantian, parent)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        value = dialog.result_value if accepted else None
        dialog.deleteLater()
        return value, accepted
