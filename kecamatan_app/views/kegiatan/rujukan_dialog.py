"""The referral form: a new referral, or a correction while it is still "Diajukan".

The client comes from the registry (a person or a household) or is added on the spot; consent is
recorded, or overridden with its reason (the reason field is open only then); the due date
defaults to the office's setting and may be set by hand. Each problem the service finds is shown
under its field and the dialog stays open; a version conflict or a locked month is explained and
the typed input stays on screen.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from ...services import referensi, rujukan, rujukan_daftar, settings
from ...services import rujukan_pilihan as pilihan
from ...services.context import Actor
from ...services.errors import AppError, Conflict, ValidationError
from ...services.formatting import tanggal
from ...services.kegiatan_daftar import tksk_choices
from ...services.kunci_bulan import BulanTerkunci
from ...services.permissions import Aksi
from ...services.registri_cari import program_choices
from ...services.rujukan import PERSETUJUAN, RujukanData, SavedRujukan
from ...services.rujukan_pilihan import KlienPilihan
from .. import messages
from ..kecamatan_pilih import boleh_ubah
from ..pengaturan.common import to_qdate
from .rujukan_form import FieldMessages, date_edit, date_of, text_edit
from .rujukan_klien import KlienDialog, tambah_warga


def _combo(items: list[tuple[int | None, str]]) -> QComboBox:
    box = QComboBox()
    box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    box.setMinimumContentsLength(30)
    for value, label in items:
        box.addItem(label, value)
    return box


def _select(box: QComboBox, value: int | None, missing: str) -> None:
    index = box.findData(value)
    if index < 0 and value is not None:
        box.addItem(missing, value)
        index = box.count() - 1
    box.setCurrentIndex(max(index, 0))


class RujukanDialog(QDialog):
    def __init__(
        self, actor: Actor, parent: QWidget | None = None, rujukan_id: int | None = None
    ) -> None:
        super().__init__(parent)
        self.actor, self.rujukan_id = actor, rujukan_id
        self.versi: int | None = None
        self.klien_value: KlienPilihan | None = None
        self.saved: SavedRujukan | None = None
        self.reloaded = False
        self.tenggat_hari = int(settings.get(pilihan.KUNCI_TENGGAT))
        self.setWindowTitle("Ubah Rujukan" if rujukan_id else "Rujukan Baru")
        self.setMinimumWidth(680)
        self.fields = FieldMessages()
        form = QFormLayout()

        self.klien = QLineEdit()
        self.klien.setReadOnly(True)
        self.klien.setPlaceholderText("Belum dipilih")
        self.pick_button = QPushButton("Pilih dari &registri...")
        self.pick_button.clicked.connect(self.choose_klien)
        self.new_button = QPushButton("Warga &baru...")
        self.new_button.clicked.connect(self.add_klien)
        self.new_button.setVisible(boleh_ubah(actor, Aksi.REGISTRI_UBAH))
        klien_box = QWidget()
        row = QHBoxLayout(klien_box)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.klien, 1)
        row.addWidget(self.pick_button)
        row.addWidget(self.new_button)
        klien_box.setFocusProxy(self.pick_button)
        self.fields.add_row(form, "&Klien *", klien_box, "klien")

        self.kebutuhan = text_edit(2)
        self.kebutuhan.setPlaceholderText("contoh: pengobatan lanjutan di RSUD; kartu BPJS PBI")
        self.fields.add_row(form, "Ke&butuhan *", self.kebutuhan, "kebutuhan")
        self.instansi = _combo(
            [(None, "- pilih instansi -")]
            + [(r.id, r.nama) for r in referensi.rows("instansi", include_inactive=False)]
        )
        self.fields.add_row(form, "&Instansi tujuan *", self.instansi, "instansi")

        self.setuju = QRadioButton(PERSETUJUAN["ada"])
        self.tanpa = QRadioButton(PERSETUJUAN["dikecualikan"])
        self.setuju.setChecked(True)
        self.consent = QButtonGroup(self)
        self.consent.addButton(self.setuju)
        self.consent.addButton(self.tanpa)
        consent_box = QWidget()
        column = QVBoxLayout(consent_box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(self.setuju)
        column.addWidget(self.tanpa)
        consent_box.setFocusProxy(self.setuju)
        self.fields.add_row(form, "&Persetujuan klien *", consent_box, "persetujuan")
        self.alasan = text_edit(2)
        self.alasan.setPlaceholderText("contoh: klien tidak sadar, keadaan darurat")
        self.alasan_label = self.fields.add_row(
            form, "&Alasan tanpa persetujuan", self.alasan, "alasan_tanpa_persetujuan"
        )
        self.tanpa.toggled.connect(self._consent_changed)

        self.tanggal = date_edit()
        self.fields.add_row(form, "&Tanggal rujukan *", self.tanggal, "tanggal")
        self.tenggat_sendiri = QCheckBox("Tentukan sendiri")
        self.tenggat = date_edit()
        self.tenggat_hint = QLabel()
        self.tenggat_hint.setStyleSheet("color: palette(placeholder-text);")
        due_box = QWidget()
        row = QHBoxLayout(due_box)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.tenggat)
        row.addWidget(self.tenggat_sendiri)
        row.addWidget(self.tenggat_hint, 1)
        due_box.setFocusProxy(self.tenggat_sendiri)
        self.fields.add_row(form, "Te&nggat jawaban", due_box, "jatuh_tempo")
        self.tanggal.dateChanged.connect(lambda _d: self._due_changed())
        self.tenggat_sendiri.toggled.connect(lambda _c: self._due_changed())

        self.tksk = _combo([(c.penugasan_id, c.label) for c in tksk_choices(actor)]
                           or [(None, "(belum ada TKSK aktif)")])
        self.fields.add_row(form, "TKS&K", self.tksk, "penugasan")
        self.program = _combo([(None, "(tanpa program)"), *program_choices()])
        self.fields.add_row(form, "Pr&ogram", self.program, "program")
        self.uraian = text_edit(3)
        self.uraian.setPlaceholderText("Boleh kosong: uraian kegiatan dibuat dari klien, "
                                       "instansi dan kebutuhan.")
        self.fields.add_row(form, "&Catatan", self.uraian, "uraian")

        intro = QLabel(
            "Rujukan juga tercatat sebagai kegiatan Fasilitasi \u2013 Rujukan (satu catatan). "
            "Nomor surat diberikan otomatis saat disimpan. Isian bertanda * wajib."
        )
        intro.setWordWrap(True)
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
        layout.addWidget(self.fields.general)
        layout.addWidget(buttons)
        self._consent_changed(False)
        if rujukan_id is not None:
            self.load()
        self._due_changed()

    # --- state -------------------------------------------------------------------------

    def _consent_changed(self, override: bool) -> None:
        self.alasan.setEnabled(override)
        self.alasan_label.setText("&Alasan tanpa persetujuan *" if override
                                  else "&Alasan tanpa persetujuan")

    def default_due(self) -> dt.date:
        return date_of(self.tanggal) + dt.timedelta(days=self.tenggat_hari)

    def _due_changed(self) -> None:
        custom = self.tenggat_sendiri.isChecked()
        self.tenggat.setEnabled(custom)
        if not custom:
            self.tenggat.setDate(to_qdate(self.default_due()))
            self.tenggat_hint.setText(f"bawaan: {self.tenggat_hari} hari sejak tanggal rujukan")
        else:
            self.tenggat_hint.setText(f"bawaan {tanggal(self.default_due())}")

    def set_klien(self, value: KlienPilihan | None) -> None:
        self.klien_value = value
        self.klien.setText(value.label if value else "")
        self.klien.setCursorPosition(0)
        self.klien.setToolTip(value.label if value else "")

    def choose_klien(self) -> None:
        chosen, ok = KlienDialog.pick(self.actor, self)
        if ok:
            self.set_klien(chosen)

    def add_klien(self) -> None:
        new = tambah_warga(self.actor, self)
        if new is not None:
            self.set_klien(new)

    def load(self) -> None:
        assert self.rujukan_id is not None
        data, self.versi = rujukan.data_of(self.actor, self.rujukan_id)
        row = rujukan_daftar.detail(self.actor, self.rujukan_id).row
        self.setWindowTitle(f"Ubah Rujukan {row.nomor_surat}")
        self.set_klien(pilihan.klien(self.actor, data.warga_id, data.keluarga_id))
        self.kebutuhan.setPlainText(data.kebutuhan)
        _select(self.instansi, data.instansi_id, f"{row.instansi} (tidak aktif)")
        (self.tanpa if data.persetujuan == "dikecualikan" else self.setuju).setChecked(True)
        self.alasan.setPlainText(data.alasan_tanpa_persetujuan)
        if data.tanggal is not None:
            self.tanggal.setDate(to_qdate(data.tanggal))
        custom = data.jatuh_tempo is not None and data.jatuh_tempo != self.default_due()
        self.tenggat_sendiri.setChecked(custom)
        if data.jatuh_tempo is not None:
            self.tenggat.setDate(to_qdate(data.jatuh_tempo))
        _select(self.tksk, data.penugasan_id, "(TKSK lain)")
        _select(self.program, data.program_id, "(program tidak aktif)")
        self.uraian.setPlainText(data.uraian)  # empty when the service wrote it itself
        self._due_changed()

    def data(self) -> RujukanData:
        k = self.klien_value
        override = self.tanpa.isChecked()
        return RujukanData(
            tanggal=date_of(self.tanggal),
            instansi_id=self.instansi.currentData(),
            kebutuhan=self.kebutuhan.toPlainText(),
            warga_id=k.warga_id if k else None,
            keluarga_id=k.keluarga_id if k else None,
            persetujuan="dikecualikan" if override else "ada",
            alasan_tanpa_persetujuan=self.alasan.toPlainText() if override else "",
            jatuh_tempo=date_of(self.tenggat) if self.tenggat_sendiri.isChecked() else None,
            penugasan_id=self.tksk.currentData(),
            program_id=self.program.currentData(),
            uraian=self.uraian.toPlainText(),
        )

    # --- saving ------------------------------------------------------------------------

    def save(self) -> SavedRujukan:
        data = self.data()
        if self.rujukan_id is None:
            return rujukan.create(self.actor, data)
        return rujukan.update(self.actor, self.rujukan_id, data, self.versi)

    def accept(self) -> None:
        self.fields.clear()
        try:
            self.saved = self.save()
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
        """Someone saved the referral in between (or moved it on): say so; the typed input
        stays unless the user asks for the stored data."""
        if self.rujukan_id is None:
            messages.warning(self, "Tidak dapat disimpan", str(exc))
            return
        if messages.confirm(
            self,
            "Rujukan sudah diubah",
            f"{exc}\n\nMuat ulang isian dengan data terbaru? Pilih Tidak untuk tetap melihat "
            "isian Anda (misalnya untuk disalin).",
        ):
            try:
                self.load()
            except AppError as again:
                messages.show_error(self, again, "Rujukan tidak dapat dimuat ulang")
                self.reject()
                return
            self.reloaded = True
            self.fields.set("", "Isian dimuat ulang dengan data terbaru. Ulangi perubahan "
                                "Anda lalu simpan.")
