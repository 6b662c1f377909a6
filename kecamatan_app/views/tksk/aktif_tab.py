"""TKSK > TKSK Aktif: who holds the post now and under which SK, a warning 60 and 30 days before
the SK ends (and once it has ended), and "Pemberhentian..."."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...services import eligibility as el
from ...services import formatting, penugasan
from ...services.context import Actor
from ...services.errors import AppError
from ...services.nik import mask_nik
from ...services.penugasan import WARN_DAYS, PenugasanInfo
from ...services.permissions import Aksi
from .. import messages
from ..kecamatan_pilih import boleh_ubah, pilihan
from ..pengaturan.form_dialog import FormDialog
from .sk_dialogs import PemberhentianDialog, days_left_text
from .widgets import banner_style

NONE_ACTIVE = (
    "Belum ada TKSK aktif di kecamatan ini.\n\n"
    "Untuk mengangkat TKSK: buka tab Pendaftar, buka data calon yang memenuhi syarat, lalu "
    "pada tab Penugasan pilih \u201cAngkat sebagai TKSK...\u201d dan isi data SK-nya."
)

FIELDS: tuple[tuple[str, str], ...] = (
    ("nama", "Nama:"),
    ("nik", "NIK:"),
    ("telepon", "No. HP:"),
    ("sk_nomor", "Nomor SK:"),
    ("sk_tanggal", "Tanggal SK:"),
    ("sk_penerbit", "Penerbit SK:"),
    ("mulai", "TMT (mulai tugas):"),
    ("selesai", "Akhir masa tugas:"),
    ("niat", "NIAT:"),
    ("menggantikan", "Menggantikan:"),
)


def warning_level(info: PenugasanInfo, today: dt.date | None = None) -> str:
    """The colour of the SK-term warning: red from 30 days before the end, amber before."""
    left = info.sisa_hari(today)
    if left is not None and left <= WARN_DAYS[1]:
        return el.TIDAK_MEMENUHI_SYARAT
    return el.BELUM_LENGKAP


class AktifTab(QWidget):
    changed = Signal()
    #: Open the candidate record of this pendaftar id.
    open_requested = Signal(int)

    def __init__(self, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        self.info: PenugasanInfo | None = None
        self.dialog: PemberhentianDialog | None = None
        self.title = QLabel("")
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.title.setFont(font)
        self.warning = QLabel("")
        self.warning.setObjectName("peringatanSk")
        self.warning.setWordWrap(True)
        self.none_label = QLabel(NONE_ACTIVE)
        self.none_label.setWordWrap(True)
        self.values: dict[str, QLabel] = {}
        self.profile = QGroupBox("Data penugasan")
        form = QFormLayout(self.profile)
        for key, text in FIELDS:
            value = QLabel("")
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            form.addRow(QLabel(text), value)
            self.values[key] = value
        self.open_button = QPushButton("&Buka data pendaftar")
        self.stop_button = QPushButton("&Pemberhentian...")
        self.open_button.clicked.connect(self._open_candidate)
        self.stop_button.clicked.connect(self.terminate)
        self.stop_button.setVisible(boleh_ubah(actor, Aksi.PENUGASAN_KELOLA))
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.stop_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.addWidget(self.title)
        layout.addWidget(self.warning)
        layout.addWidget(self.none_label)
        layout.addWidget(self.profile)
        layout.addLayout(buttons)
        layout.addStretch(1)
        self.refresh()

    def refresh(self, today: dt.date | None = None) -> None:
        try:
            info = penugasan.aktif_untuk(self.actor, pilihan(self.actor))
        except AppError as exc:
            messages.show_error(self, exc, "TKSK aktif")
            info = None
        self.info = info
        has = info is not None
        self.none_label.setVisible(not has)
        self.profile.setVisible(has)
        self.open_button.setVisible(has)
        self.stop_button.setEnabled(has)
        if info is None:
            self.title.setText("TKSK aktif: belum ada")
            self.warning.setVisible(False)
            return
        self.title.setText(f"TKSK aktif: {info.nama}")
        shown = {
            "nama": info.nama,
            "nik": mask_nik(info.nik),
            "telepon": info.telepon or "-",
            "sk_nomor": info.sk_nomor,
            "sk_tanggal": formatting.tanggal(info.sk_tanggal),
            "sk_penerbit": info.sk_penerbit or "-",
            "mulai": formatting.tanggal(info.mulai),
            "selesai": days_left_text(info, today),
            "niat": info.niat or "-",
            "menggantikan": info.menggantikan or "-",
        }
        for key, text in shown.items():
            self.values[key].setText(text)
        text = info.peringatan(today)
        self.warning.setText(text)
        self.warning.setStyleSheet(banner_style(warning_level(info, today)))
        self.warning.setVisible(bool(text))

    def _open_candidate(self) -> None:
        if self.info is not None:
            self.open_requested.emit(self.info.pendaftar_id)

    def terminate(self) -> PemberhentianDialog | None:
        if self.info is None:
            return None
        dialog = PemberhentianDialog(self.actor, self.info, self)
        self.dialog = dialog
        dialog.finished.connect(self._closed)
        dialog.open()
        return dialog

    def _closed(self, result: int) -> None:
        dialog, self.dialog = self.dialog, None
        self.refresh()
        if result == FormDialog.DialogCode.Accepted:
            self.changed.emit()
        if dialog is not None:
            dialog.deleteLater()
