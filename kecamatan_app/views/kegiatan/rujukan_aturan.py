"""Aturan rujukan (administrators): the default answer deadline in days and the letter-number
format, with a live example of the next year's first number and the settings service's own
messages under the field they are about."""

from __future__ import annotations

import datetime as dt
import html

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ...services import rujukan_pilihan as pilihan
from ...services import settings
from ...services.context import Actor
from ...services.errors import AppError, ValidationError
from ...services.rujukan import nomor_surat
from .. import messages
from ..kecamatan_pilih import kode_kecamatan, perlu_pilih
from ..kecamatan_pilih import pilihan as pilihan_kecamatan
from .rujukan_form import FieldMessages


class AturanRujukanDialog(QDialog):
    def __init__(self, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        self.setWindowTitle("Aturan Rujukan")
        self.setMinimumWidth(600)
        now = pilihan.aturan()
        spec = settings.SETTINGS[pilihan.KUNCI_TENGGAT]
        self.fields = FieldMessages()
        form = QFormLayout()
        self.tenggat = QSpinBox()
        self.tenggat.setRange(spec.minimum or 1, spec.maximum or 365)
        self.tenggat.setSuffix(" hari")
        self.tenggat.setValue(now.tenggat_hari)
        self.fields.add_row(form, "&Tenggat jawaban instansi", self.tenggat,
                            pilihan.KUNCI_TENGGAT)
        self.format = QLineEdit(now.format_nomor)
        self.fields.add_row(form, "&Format nomor surat", self.format, pilihan.KUNCI_FORMAT)
        self.contoh = QLabel()
        self.contoh.setWordWrap(True)
        form.addRow("Contoh nomor:", self.contoh)
        help_text = QLabel(
            "Tenggat dipakai bila tenggat rujukan tidak diisi sendiri; rujukan yang masih "
            "terbuka sesudah tenggat ditandai terlambat.\nKata dalam format: {urut} nomor urut "
            "tahunan (wajib; {urut:03d} = tiga angka, 001), {tahun}, {bulan}, {romawi} (bulan "
            "dalam angka Romawi), {kode} (kode kecamatan). Mengubah format tidak mengubah nomor "
            "surat yang sudah terbit."
        )
        help_text.setWordWrap(True)
        help_text.setStyleSheet("color: palette(placeholder-text);")
        buttons = QDialogButtonBox()
        self.save_button = QPushButton("&Simpan")
        self.save_button.setDefault(True)
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("Batal", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(help_text)
        layout.addWidget(self.fields.general)
        layout.addWidget(buttons)
        self.format.textChanged.connect(lambda _t: self._example())
        self._example()

    def _example(self) -> None:
        """The example number as the user types; a bad format is explained under its field."""
        try:
            text = self._contoh(self.format.text())
        except ValidationError as exc:
            why = exc.problems[0].message if exc.problems else str(exc)
            self.fields.set(pilihan.KUNCI_FORMAT, why)
            self.contoh.setText("<i>(format belum sah)</i>")
            return
        except AppError:
            text = ""
        self.fields.set(pilihan.KUNCI_FORMAT, "")
        self.contoh.setText(f"<b>{html.escape(text)}</b>")

    def _contoh(self, fmt: str) -> str:
        """The example number: with the code of the actor's kecamatan; for an administrator of
        the whole kabupaten (who has none) with the code of the kecamatan chosen on the page."""
        if not perlu_pilih(self.actor):
            return pilihan.contoh_nomor(self.actor, fmt)
        kode = kode_kecamatan(pilihan_kecamatan(self.actor))
        checked = settings.SETTINGS[pilihan.KUNCI_FORMAT].coerce(fmt)
        return nomor_surat(str(checked), 1, dt.date.today(), kode)

    def accept(self) -> None:
        self.fields.clear()
        try:
            pilihan.simpan_aturan(self.actor, self.tenggat.value(), self.format.text())
        except ValidationError as exc:
            self.fields.show(exc)
            return
        except AppError as exc:
            messages.show_error(self, exc)
            return
        super().accept()

    @classmethod
    def edit(cls, actor: Actor, parent: QWidget | None = None) -> tuple[pilihan.Aturan, bool]:
        dialog = cls(actor, parent)
        ok = bool(dialog.exec())
        return pilihan.aturan(), ok
