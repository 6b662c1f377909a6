"""The candidate's assignments (SK) and the two ways to appoint: "Angkat sebagai TKSK..." and,
when another TKSK is active, "Pergantian TKSK..."."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from ...services import formatting, penugasan
from ...services.context import Actor
from ...services.errors import AppError
from ...services.penugasan import PenugasanInfo
from ...services.permissions import Aksi
from .. import messages
from ..kecamatan_pilih import boleh_ubah, pilihan
from ..pengaturan.form_dialog import FormDialog
from ..table_model import Column
from .sk_dialogs import SkDialog
from .widgets import RowModel, note_label, table_view

COLUMNS: list[Column[PenugasanInfo]] = [
    Column("Nomor SK", lambda t: t.sk_nomor),
    Column("TMT", lambda t: t.mulai),
    Column("Selesai", lambda t: t.selesai),
    Column("Aktif", lambda t: t.aktif),
    Column("Berhenti", lambda t: t.berhenti_tanggal),
    Column("Alasan berhenti", lambda t: t.berhenti_alasan),
    Column("Menggantikan", lambda t: t.menggantikan),
    Column("Tanggal SK", lambda t: t.sk_tanggal),
    Column("Penerbit SK", lambda t: t.sk_penerbit),
    Column("NIAT", lambda t: t.niat),
]


class PenugasanTab(QWidget):
    changed = Signal()

    def __init__(self, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        self.pendaftar_id: int | None = None
        self.nama = ""
        self.current: PenugasanInfo | None = None
        self.dialog: SkDialog | None = None
        self.model = RowModel(COLUMNS, self)
        self.view = table_view(self.model)
        self.view.setSortingEnabled(False)
        self.status = note_label()
        self.appoint_button = QPushButton("&Angkat sebagai TKSK...")
        self.replace_button = QPushButton("&Pergantian TKSK...")
        self.appoint_button.clicked.connect(self.appoint)
        self.replace_button.clicked.connect(self.replace)
        may = boleh_ubah(actor, Aksi.PENUGASAN_KELOLA)
        self.appoint_button.setVisible(may)
        self.replace_button.setVisible(may)
        buttons = QHBoxLayout()
        buttons.addWidget(self.appoint_button)
        buttons.addWidget(self.replace_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)

    def set_pendaftar(self, pendaftar_id: int | None, nama: str = "") -> None:
        self.pendaftar_id, self.nama = pendaftar_id, nama
        self.refresh()

    def _active(self) -> PenugasanInfo | None:
        """The active TKSK of the kecamatan shown (the actor's own, or the one a user of the
        whole kabupaten chose)."""
        try:
            return penugasan.aktif_untuk(self.actor, pilihan(self.actor))
        except AppError as exc:
            messages.show_error(self, exc, "TKSK aktif")
            return None

    def refresh(self) -> None:
        rows: list[PenugasanInfo] = []
        self.current = self._active()
        if self.pendaftar_id is not None:
            try:
                rows = penugasan.for_candidate(self.actor, self.pendaftar_id)
            except AppError as exc:
                messages.show_error(self, exc, "Penugasan")
        self.model.set_rows(rows)
        other = self.current is not None and self.current.pendaftar_id != self.pendaftar_id
        if self.current is None:
            text = "Belum ada TKSK aktif di kecamatan ini."
        elif not other:
            text = (
                f"{self.nama} adalah TKSK aktif kecamatan ini sejak "
                f"{formatting.tanggal(self.current.mulai)}."
            )
        else:
            text = (
                f"TKSK aktif saat ini: {self.current.nama} (SK {self.current.sk_nomor}). "
                "Satu kecamatan hanya memiliki satu TKSK aktif; gunakan Pergantian TKSK "
                "untuk menggantinya."
            )
        self.status.setText(text)
        saved = self.pendaftar_id is not None
        self.appoint_button.setEnabled(saved and (self.current is None or other))
        self.replace_button.setEnabled(saved and other)

    def appoint(self) -> SkDialog | None:
        if self.pendaftar_id is None:
            return None
        return self._open(SkDialog(self.actor, self.pendaftar_id, self.nama, None, self))

    def replace(self) -> SkDialog | None:
        current = self._active()
        if self.pendaftar_id is None or current is None:
            return None
        return self._open(SkDialog(self.actor, self.pendaftar_id, self.nama, current, self))

    def _open(self, dialog: SkDialog) -> SkDialog:
        self.dialog = dialog
        dialog.finished.connect(self._closed)
        dialog.open()
        return dialog

    def _closed(self, result: int) -> None:
        dialog, self.dialog = self.dialog, None
        self.refresh()
        if result == FormDialog.DialogCode.Accepted and dialog is not None:
            info = dialog.result_value
            if isinstance(info, PenugasanInfo):
                messages.info(
                    self,
                    "TKSK diangkat",
                    f"{info.nama} tercatat sebagai TKSK aktif mulai "
                    f"{formatting.tanggal(info.mulai)} (SK {info.sk_nomor}).",
                )
            self.changed.emit()
        if dialog is not None:
            dialog.deleteLater()
