"""The workflow buttons of the Laporan page, by role and status.

The TKSK starts a draft (so may the admin and operator, who help write it) and submits it; the
camat returns it with a reason, approves it (the final PDF is rendered and archived off the GUI
thread) or reopens an approved one with a reason. A button the role may not use is hidden, and
a note says who does that step; a button the status does not allow is disabled with a tooltip
that says why. The services check the same rules.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QWidget

from ...services import laporan, laporan_cetak
from ...services.context import Actor
from ...services.errors import AppError
from ...services.formatting import bulan_tahun
from ...services.laporan import LaporanInfo
from ...services.permissions import Aksi
from .. import messages
from ..kecamatan_pilih import boleh_ubah
from ..tasks import Progress, Task, run_task
from .alur_dialogs import AlasanDialog, SetujuiDialog


class AlurBar(QWidget):
    """Emits ``changed(info)`` after a step (``None``: reload, the state is unknown)."""

    changed = Signal(object)

    def __init__(self, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        self.info: LaporanInfo | None = None
        self.tahun, self.bulan = 0, 0
        self.task: Task | None = None
        #: Called before submitting (the page saves unsaved edits); False stops the step.
        self.before_submit: Callable[[], bool] = lambda: True
        self.may_write = boleh_ubah(actor, Aksi.LAPORAN_SUSUN)
        self.may_submit = boleh_ubah(actor, Aksi.LAPORAN_AJUKAN)
        self.may_decide = boleh_ubah(actor, Aksi.LAPORAN_SETUJUI)
        self.mulai_button = QPushButton("&Mulai susun laporan")
        self.ajukan_button = QPushButton("&Ajukan ke Camat...")
        self.kembalikan_button = QPushButton("&Kembalikan...")
        self.setujui_button = QPushButton("Set&ujui...")
        self.buka_button = QPushButton("Buka &kembali...")
        self.mulai_button.clicked.connect(self.start)
        self.ajukan_button.clicked.connect(self.submit)
        self.kembalikan_button.clicked.connect(self.return_report)
        self.setujui_button.clicked.connect(self.approve)
        self.buka_button.clicked.connect(self.reopen)
        self.note = QLabel(self._who_note())
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: palette(placeholder-text);")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for button, may in ((self.mulai_button, self.may_write),
                            (self.ajukan_button, self.may_submit),
                            (self.kembalikan_button, self.may_decide),
                            (self.setujui_button, self.may_decide),
                            (self.buka_button, self.may_decide)):
            button.setVisible(may)
            layout.addWidget(button)
        layout.addWidget(self.note, 1)

    def _who_note(self) -> str:
        parts = []
        if not self.may_submit:
            parts.append("Laporan diajukan ke Camat oleh TKSK dengan akunnya sendiri.")
        if not self.may_decide:
            parts.append("Hanya Camat yang dapat menyetujui, mengembalikan atau membuka kembali "
                         "laporan.")
        if not self.may_write:
            parts.append("Naskah disusun oleh TKSK (atau operator/administrator yang "
                         "membantunya).")
        return " ".join(parts)

    @property
    def label(self) -> str:
        return bulan_tahun(self.tahun, self.bulan) if self.tahun else ""

    def busy(self) -> bool:
        return self.task is not None

    def set_state(self, info: LaporanInfo | None, tahun: int, bulan: int, available: bool
                  ) -> None:
        """``info`` None or id 0: not started; ``available`` False: no report possible."""
        self.info = info if info is not None and info.id else None
        self.tahun, self.bulan = tahun, bulan
        status = self.info.status if self.info else ""
        self.mulai_button.setVisible(self.may_write and self.info is None)
        self._enable(self.mulai_button, available,
                     "Bulan ini belum dapat dilaporkan (lihat keterangan di atas).")
        self._enable(self.ajukan_button, status in laporan.TRANSISI and
                     "diajukan" in laporan.TRANSISI[status],
                     {"": "Mulai susun laporan dahulu.",
                      "diajukan": "Laporan sudah diajukan dan menunggu pemeriksaan Camat.",
                      "disetujui": "Laporan sudah disetujui Camat."}.get(status, ""))
        waiting = "Hanya laporan berstatus Diajukan yang dapat diperiksa Camat."
        self._enable(self.kembalikan_button, status == "diajukan", waiting)
        self._enable(self.setujui_button, status == "diajukan", waiting)
        self._enable(self.buka_button, status == "disetujui",
                     "Hanya laporan yang sudah disetujui yang dapat dibuka kembali.")
        if self.busy():
            for b in (self.kembalikan_button, self.setujui_button, self.buka_button):
                b.setEnabled(False)

    @staticmethod
    def _enable(button: QPushButton, on: bool, why: str) -> None:
        button.setEnabled(on)
        button.setToolTip("" if on else why)

    # -- steps ------------------------------------------------------------------------------
    def start(self) -> None:
        try:
            info = laporan.open_month(self.actor, self.tahun, self.bulan)
        except AppError as exc:
            messages.show_error(self, exc, "Laporan belum dapat disusun")
            return
        self.changed.emit(info)

    def submit(self) -> None:
        if self.info is None or not self.before_submit():
            return
        info = self.info
        if not messages.confirm(
                self, "Ajukan ke Camat",
                f"Ajukan laporan bulanan {self.label} ke Camat?\n\nSetelah diajukan, naskah "
                "dan data kegiatan serta rujukan bulan itu terkunci sampai Camat "
                "mengembalikannya."):
            return
        try:
            result = laporan.move(self.actor, info.id, "diajukan", versi=info.versi)
        except AppError as exc:
            messages.show_error(self, exc, "Laporan belum dapat diajukan")
            return
        self.changed.emit(result)
        messages.info(self, "Laporan diajukan",
                      f"Laporan bulanan {self.label} sudah diajukan ke Camat.")

    def _ask_reason(self, title: str, intro: str, ok_text: str) -> None:
        if self.info is None:
            return
        info = self.info

        def save(alasan: str) -> LaporanInfo:
            return laporan.move(self.actor, info.id, "dikembalikan", alasan, info.versi)

        dialog = AlasanDialog(title, intro, ok_text, save, self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.result_value is not None:
            self.changed.emit(dialog.result_value)
        elif dialog.failed:
            self.changed.emit(None)  # refused (changed meanwhile?): show the report as it is

    def return_report(self) -> None:
        self._ask_reason(
            "Kembalikan laporan",
            f"Kembalikan laporan bulanan {self.label} kepada TKSK untuk diperbaiki. Tuliskan "
            "apa yang perlu diperbaiki: alasan ini tampil pada halaman Laporan TKSK dan tercatat "
            "di riwayat laporan. Data bulan itu terbuka lagi untuk diubah.",
            "&Kembalikan")

    def reopen(self) -> None:
        self._ask_reason(
            "Buka kembali laporan yang disetujui",
            f"Laporan bulanan {self.label} sudah disetujui dan diarsipkan. Membukanya kembali "
            "mengembalikannya kepada TKSK untuk diperbaiki; arsip PDF-nya dilepas dan laporan "
            "harus diajukan dan disetujui lagi. Tuliskan alasannya.",
            "&Buka kembali")

    def approve(self) -> None:
        if self.info is None or self.busy():
            return
        dialog = SetujuiDialog(self.label, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.run_approval(dialog.kertas(), dialog.alasan())

    def run_approval(self, kertas: str, alasan: str = "") -> Task | None:
        """Render, archive and approve off the GUI thread; the page follows on ``changed``."""
        if self.info is None or self.busy():
            return None
        info, actor, label = self.info, self.actor, self.label

        def work(progress: Progress) -> LaporanInfo:
            progress(0, 0, f"Menyusun PDF final laporan {label} dan mengarsipkannya...")
            return laporan_cetak.setujui(actor, info.id, info.versi, kertas, alasan)

        def done(result: object) -> None:
            self.task = None
            assert isinstance(result, LaporanInfo)
            self.changed.emit(result)
            messages.info(self, "Laporan disetujui",
                          f"Laporan bulanan {label} disetujui dan PDF-nya diarsipkan.\n\n"
                          f"Sidik arsip (SHA-256):\n{result.arsip_sha256}")

        def failed(exc: BaseException) -> None:
            self.task = None
            messages.show_error(self, exc, "Laporan belum disetujui")
            self.changed.emit(None)

        self.setujui_button.setEnabled(False)
        self.task = run_task(self.window(), "Menyetujui laporan bulanan", work, done, failed)
        self.task.finished.connect(self._task_ended)
        return self.task

    def _task_ended(self) -> None:
        if self.task is not None and not self.task.cancel_event.is_set():
            return
        self.task = None  # cancelled: nothing was approved
        self.set_state(self.info, self.tahun, self.bulan, True)
