"""One step of a referral's lifecycle: Diterima, Ditolak, Selesai or Dibatalkan, with its date,
the reason the step needs (the label says what to write), the outcome of a finished referral,
the agency's reply and an optional evidence file (PDF, JPG or PNG).

Errors keep the dialog open with everything typed: field problems under their field, a locked
month under the date, and a version conflict explained; after a conflict the referral is read
again and, if the step is still possible, one more Simpan records it.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from ...services import rujukan, rujukan_daftar
from ...services.context import Actor
from ...services.errors import AppError, Conflict, ValidationError
from ...services.kunci_bulan import BulanTerkunci
from ...services.rujukan import HASIL, STATUS
from ...services.rujukan_daftar import RujukanDetail
from .. import messages
from .rujukan_form import FieldMessages, date_edit, date_of, text_edit

#: What the reason field asks for, per target status (required where the service requires it).
ALASAN: dict[str, tuple[str, bool, str]] = {
    "diterima": ("Catatan", False, "Boleh kosong, contoh: diterima petugas layanan pengaduan"),
    "ditolak": ("Alasan penolakan dari instansi", True,
                "contoh: berkas KK belum sesuai; klien di luar wilayah layanan"),
    "selesai": ("Keterangan hasil", True,
                "Apa yang diterima klien, atau mengapa tidak berhasil"),
    "dibatalkan": ("Alasan pembatalan", True, "contoh: klien pindah domisili; klien menolak"),
}
#: Button text of each step (the detail shows only the allowed ones).
TOMBOL: dict[str, str] = {
    "diterima": "Di&terima...",
    "ditolak": "Dit&olak...",
    "selesai": "Se&lesai...",
    "dibatalkan": "Di&batalkan...",
}
BUKTI_FILTER = "Dokumen bukti (*.pdf *.jpg *.jpeg *.png);;Semua berkas (*)"


class StatusDialog(QDialog):
    def __init__(
        self, actor: Actor, detail: RujukanDetail, ke: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.actor, self.ke = actor, ke
        self.rujukan_id = detail.row.id
        self.versi = detail.row.versi
        self.new_versi: int | None = None
        self.bukti_path: str | None = None
        self.setWindowTitle(f"Rujukan {detail.row.nomor_surat}: {STATUS[ke]}")
        self.setMinimumWidth(560)
        self.fields = FieldMessages()
        form = QFormLayout()
        head = QLabel(
            f"<b>{detail.row.klien}</b> ke <b>{detail.row.instansi}</b><br>"
            f"Status sekarang: {detail.row.status_label}. Dicatat menjadi: <b>{STATUS[ke]}</b>."
        )
        head.setWordWrap(True)
        self.tanggal = date_edit()
        self.fields.add_row(form, "&Tanggal *", self.tanggal, "tanggal")

        self.berhasil = QRadioButton(HASIL["berhasil"])
        self.tidak = QRadioButton(HASIL["tidak_berhasil"])
        self.hasil_group = QButtonGroup(self)
        for b in (self.berhasil, self.tidak):
            self.hasil_group.addButton(b)
        hasil_box = QWidget()
        row = QHBoxLayout(hasil_box)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.berhasil)
        row.addWidget(self.tidak)
        row.addStretch(1)
        hasil_box.setFocusProxy(self.berhasil)
        self.hasil_label = self.fields.add_row(form, "&Hasil *", hasil_box, "hasil")
        hasil_box.setVisible(ke == "selesai")
        self.hasil_label.setVisible(ke == "selesai")

        title, required, hint = ALASAN.get(ke, ("Catatan", False, ""))
        self.alasan = text_edit(3)
        self.alasan.setPlaceholderText(hint)
        self.alasan_label = self.fields.add_row(
            form, f"&{title}{' *' if required else ''}", self.alasan, "alasan"
        )
        self.balasan = text_edit(3)
        self.balasan.setPlaceholderText("Isi surat/pesan jawaban instansi, bila ada")
        if detail.balasan:
            self.balasan.setPlaceholderText(f"Sebelumnya: {detail.balasan}")
        self.fields.add_row(form, "Balasan &instansi", self.balasan, "balasan")

        self.bukti = QLineEdit()
        self.bukti.setReadOnly(True)
        self.bukti.setPlaceholderText("Tidak ada (boleh kosong)")
        choose = QPushButton("&Pilih berkas...")
        choose.clicked.connect(self.choose_bukti)
        self.clear_bukti = QPushButton("Ha&pus")
        self.clear_bukti.clicked.connect(lambda: self.set_bukti(None))
        self.clear_bukti.setEnabled(False)
        bukti_box = QWidget()
        row = QHBoxLayout(bukti_box)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.bukti, 1)
        row.addWidget(choose)
        row.addWidget(self.clear_bukti)
        bukti_box.setFocusProxy(choose)
        self.fields.add_row(form, "B&ukti (PDF/JPG/PNG)", bukti_box, "berkas")

        self.buttons = QDialogButtonBox()
        self.save_button = QPushButton("&Simpan")
        self.save_button.setDefault(True)
        self.buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton("Batal", QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(head)
        layout.addLayout(form)
        layout.addWidget(self.fields.general)
        layout.addWidget(self.buttons)
        self.tanggal.setFocus()

    def set_bukti(self, path: str | None) -> None:
        self.bukti_path = path or None
        self.bukti.setText(Path(path).name if path else "")
        self.bukti.setToolTip(path or "")
        self.clear_bukti.setEnabled(bool(path))

    def choose_bukti(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Pilih berkas bukti", "", BUKTI_FILTER)
        if path:
            self.set_bukti(path)

    def hasil(self) -> str:
        if self.ke != "selesai":
            return ""
        if self.berhasil.isChecked():
            return "berhasil"
        return "tidak_berhasil" if self.tidak.isChecked() else ""

    def accept(self) -> None:
        self.fields.clear()
        try:
            self.new_versi = rujukan.ubah_status(
                self.actor,
                self.rujukan_id,
                self.ke,
                date_of(self.tanggal),
                alasan=self.alasan.toPlainText(),
                hasil=self.hasil(),
                balasan=self.balasan.toPlainText(),
                bukti_path=self.bukti_path,
                versi=self.versi,
            )
        except ValidationError as exc:
            self.fields.show(exc)
            return
        except BulanTerkunci as exc:
            self.fields.set("tanggal", str(exc))
            messages.warning(self, "Bulan terkunci", str(exc))
            return
        except Conflict as exc:
            self._conflict(exc)
            return
        except AppError as exc:
            messages.show_error(self, exc)
            return
        super().accept()

    def _conflict(self, exc: Conflict) -> None:
        try:
            now = rujukan_daftar.detail(self.actor, self.rujukan_id)
        except AppError as again:
            messages.show_error(self, again, "Rujukan tidak dapat dimuat ulang")
            return
        if self.ke in now.langkah_berikut:
            self.versi = now.row.versi
            extra = (f"Status sekarang {now.row.status_label}; langkah {STATUS[self.ke]} masih "
                     "dapat dicatat. Periksa isian Anda lalu tekan Simpan sekali lagi.")
        else:
            extra = (f"Status sekarang {now.row.status_label}; langkah {STATUS[self.ke]} tidak "
                     "dapat dicatat lagi. Isian Anda tetap tampil agar dapat disalin; tutup "
                     "jendela ini dengan Batal.")
            self.save_button.setEnabled(False)
        messages.warning(self, "Rujukan sudah diubah", f"{exc}\n\n{extra}")
        self.fields.set("", extra)
