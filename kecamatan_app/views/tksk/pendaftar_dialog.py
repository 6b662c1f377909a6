"""The candidate editor: the form (and, once saved, the documents, selection and assignments)
on the left, the Pasal 9 panel on the right. The panel follows the form as it is typed: each
edit restarts a 150 ms timer whose timeout calls ``pendaftar.evaluate_data``.

Simpan (Ctrl+S) creates or updates (with the version read; a change made meanwhile is refused,
told and reloaded) and keeps the dialog open, so documents can be attached right away. Tests
build the dialog, fill the fields and call :meth:`save` without ``exec()``.
"""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QHBoxLayout,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ...services import pendaftar, pendaftar_daftar
from ...services.context import Actor
from ...services.eligibility import Kelayakan
from ...services.errors import AppError, Conflict, ValidationError
from ...services.pendaftar import PendaftarData
from ...services.permissions import Aksi
from .. import messages
from ..kecamatan_pilih import boleh_ubah, kecamatan_tampil, pilihan
from .berkas_tab import BerkasTab
from .cetak import PrintButton, PrintJob, file_name
from .pasal9_panel import Pasal9Panel
from .pendaftar_form import PendaftarForm
from .penugasan_tab import PenugasanTab
from .seleksi_tab import SeleksiTab

DEBOUNCE_MS = 150


class PendaftarDialog(QDialog):
    #: The candidate was saved or something of theirs changed (documents, decision, SK).
    saved = Signal(int)

    def __init__(
        self, actor: Actor, pendaftar_id: int | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.actor = actor
        self.pendaftar_id: int | None = None
        self.versi = 0
        self.loaded = PendaftarData()
        self.can_edit = boleh_ubah(actor, Aksi.PENDAFTAR_UBAH)
        try:
            periods = pendaftar_daftar.periods(actor, pilihan(actor))
        except AppError:
            periods = []
        self.form = PendaftarForm(periods, kecamatan=kecamatan_tampil(actor))
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(self.form)
        self.berkas = BerkasTab(actor)
        self.seleksi = SeleksiTab(actor)
        self.penugasan = PenugasanTab(actor)
        self.tabs = QTabWidget()
        self.tabs.addTab(scroll, "&1 Data pendaftar")
        self.tabs.addTab(self.berkas, "&2 Berkas")
        self.tabs.addTab(self.seleksi, "&3 Seleksi")
        self.tabs.addTab(self.penugasan, "&4 Penugasan")
        self.panel = Pasal9Panel()
        self.panel.setMinimumWidth(420)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.tabs)
        splitter.addWidget(self.panel)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([680, 540])
        self.splitter = splitter

        self.print_button = PrintButton(
            self,
            "Cetak &lembar verifikasi",
            self._print_lembar,
            lambda: file_name(f"lembar-verifikasi-{self.loaded.nama}", ".pdf"),
            nik_option=self.can_edit,
        )
        self.save_button = QPushButton("&Simpan")
        self.save_button.setToolTip("Simpan (Ctrl+S)")
        self.close_button = QPushButton("&Tutup")
        self.save_button.clicked.connect(self.save)
        self.close_button.clicked.connect(self.reject)
        self.save_button.setVisible(self.can_edit)
        shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self)
        shortcut.activated.connect(self.save)
        buttons = QHBoxLayout()
        buttons.addWidget(self.print_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addLayout(buttons)
        for button in self.findChildren(QPushButton):
            button.setAutoDefault(False)  # Enter in a field must not save or close

        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DEBOUNCE_MS)
        self.timer.timeout.connect(self.update_panel)
        self.form.changed.connect(self.timer.start)
        self.berkas.changed.connect(self._children_changed)
        self.seleksi.changed.connect(self._children_changed)
        self.penugasan.changed.connect(self._children_changed)
        self.form.set_editable(self.can_edit)
        self.resize(1220, 760)
        if pendaftar_id is None:
            self._show_new()
        else:
            self.load(pendaftar_id)

    @classmethod
    def edit(
        cls, actor: Actor, pendaftar_id: int | None = None, parent: QWidget | None = None
    ) -> tuple[int | None, bool]:
        """Run the editor modally; returns (the candidate's id, whether anything was saved)."""
        dialog = cls(actor, pendaftar_id, parent)
        changed: list[int] = []
        dialog.saved.connect(changed.append)
        dialog.exec()
        result = dialog.pendaftar_id
        dialog.deleteLater()
        return result, bool(changed)

    # -- loading ----------------------------------------------------------------------------
    def _show_new(self) -> None:
        self.pendaftar_id, self.versi = None, 0
        self.setWindowTitle("Tambah pendaftar TKSK")
        self.loaded = self.form.data()
        for i in range(1, self.tabs.count()):
            self.tabs.setTabEnabled(i, False)
            self.tabs.setTabToolTip(i, "Simpan data pendaftar dulu.")
        self._set_children(None, "")
        self.update_panel()

    def load(self, pendaftar_id: int) -> None:
        data, versi = pendaftar.data_of(pendaftar_id, self.actor)
        self.pendaftar_id, self.versi = pendaftar_id, versi
        self.form.errors.clear()
        self.form.set_data(data)
        self.loaded = self.form.data()
        self.setWindowTitle(f"Pendaftar TKSK: {data.nama}")
        self.print_button.setEnabled(True)
        for i in range(1, self.tabs.count()):
            self.tabs.setTabEnabled(i, True)
            self.tabs.setTabToolTip(i, "")
        self._set_children(pendaftar_id, data.nama)
        self.timer.stop()
        self.update_panel()

    def _set_children(self, pendaftar_id: int | None, nama: str) -> None:
        self.print_button.setEnabled(pendaftar_id is not None)
        self.berkas.set_pendaftar(pendaftar_id)
        self.seleksi.set_pendaftar(pendaftar_id, nama)
        self.penugasan.set_pendaftar(pendaftar_id, nama)

    def _children_changed(self) -> None:
        self.update_panel()
        self.penugasan.refresh()
        if self.pendaftar_id is not None:
            self.saved.emit(self.pendaftar_id)

    # -- the live Pasal 9 check -------------------------------------------------------------
    def update_panel(self) -> Kelayakan | None:
        self.timer.stop()
        try:
            result = pendaftar.evaluate_data(self.form.data(), self.pendaftar_id)
        except AppError as exc:
            messages.show_error(self, exc, "Pemeriksaan Pasal 9")
            result = None
        self.panel.show_result(result)
        return result

    # -- saving -----------------------------------------------------------------------------
    def is_dirty(self) -> bool:
        return self.can_edit and self.form.data() != self.loaded

    def save(self) -> bool:
        if not self.can_edit:
            return False
        self.form.errors.clear()
        data = self.form.data()
        try:
            if self.pendaftar_id is None:
                new_id, warnings = pendaftar.create(self.actor, data)
            else:
                new_id = self.pendaftar_id
                warnings = pendaftar.update(self.actor, new_id, data, self.versi)
        except ValidationError as exc:
            self.tabs.setCurrentIndex(0)
            self.form.errors.show(exc)
            return False
        except Conflict as exc:
            self._conflict(exc, data)
            return False
        except AppError as exc:
            messages.show_error(self, exc)
            return False
        self.load(new_id)
        self.saved.emit(new_id)
        if warnings:
            messages.warning(
                self,
                "Tersimpan dengan catatan",
                "Data pendaftar tersimpan. Periksa catatan berikut:\n\n" + "\n\n".join(warnings),
            )
        return True

    def _conflict(self, exc: Conflict, data: PendaftarData) -> None:
        other = pendaftar.find_by_nik(data.nik, data.periode_rekrutmen)
        if other is not None and other != self.pendaftar_id:
            if messages.confirm(
                self, "NIK sudah terdaftar", f"{exc}\n\nBuka data pendaftar itu sekarang?"
            ):
                self.load(other)
            return
        messages.show_error(self, exc, "Data berubah")
        if self.pendaftar_id is not None:
            try:
                self.load(self.pendaftar_id)
            except AppError as again:  # deleted meanwhile
                messages.show_error(self, again, "Data pendaftar")

    def reject(self) -> None:
        if self.is_dirty() and not messages.confirm(
            self,
            "Perubahan belum disimpan",
            "Perubahan pada data pendaftar belum disimpan. Tutup tanpa menyimpan?",
            destructive=True,
        ):
            return
        super().reject()

    # -- printing ---------------------------------------------------------------------------
    def _print_lembar(self, paper: str, with_nik: bool) -> PrintJob:
        actor, pendaftar_id = self.actor, self.pendaftar_id

        def job(module: ModuleType, path: Path) -> object:
            return module.print_lembar(actor, pendaftar_id, path, paper, with_nik=with_nik)

        return job
