"""Laporan: the monthly report of the TKSK for a chosen month.

The page shows the report's state (a banner that says who acts next, the camat's reason when it
was returned, who approved it and the archive's hash) and whether the month's records are
locked and why; the narrative the TKSK writes, saved with a version check; the workflow buttons
of the user's role; the dated history; and the preview with print and save. Everything goes
through the services (``laporan``, ``laporan_cetak``, ``kunci_bulan``); long work runs off the
GUI thread. In a Dinas Sosial database a user of the whole kabupaten reads the report of the
kecamatan chosen at the top of the page (:mod:`..kecamatan_pilih`).
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ...services import kunci_bulan, laporan, laporan_cetak, laporan_isi
from ...services.context import Actor
from ...services.errors import AppError, ValidationError
from ...services.formatting import bulan_tahun
from ...services.kegiatan import kecamatan_of
from ...services.laporan import LaporanInfo
from ...services.permissions import Aksi, allowed
from .. import kecamatan_pilih, messages
from ..kecamatan_pilih import boleh_ubah, pilihan
from ..navigasi import param
from .alur import AlurBar
from .bulan_pilih import BulanPilih, bulan_lalu
from .naskah_form import NaskahForm
from .pengaturan_laporan import PengaturanLaporanDialog
from .pratinjau_pdf import PratinjauPanel
from .riwayat_tabel import RiwayatTable
from .status_banner import banner_for, error_banner, lock_text, show

__all__ = ["LaporanPage"]


class LaporanPage(QWidget):
    def __init__(self, actor: Actor, parent: QWidget | None = None,
                 today: dt.date | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        self.setObjectName("halamanLaporan")
        self.may_write = boleh_ubah(actor, Aksi.LAPORAN_SUSUN)
        #: The saved report of the month (None: not started), and what the page shows: the
        #: report or the unsaved draft view of it (None: the month cannot be reported).
        self.info: LaporanInfo | None = None
        self.view_info: LaporanInfo | None = None
        self.pilih = kecamatan_pilih.buat(actor, self)
        if self.pilih is not None:
            self.pilih.before_change = self.confirm_leave
            self.pilih.changed.connect(lambda _k: self.refresh())
        self.chooser = BulanPilih(actor, today=today)
        self.chooser.changed.connect(self._month_changed)
        self.shown = self.chooser.value()
        self.settings_button = QPushButton("Pengaturan &laporan...")
        self.settings_button.setVisible(allowed(actor, Aksi.PENGATURAN_UBAH))
        self.settings_button.clicked.connect(self.open_settings)
        self.rekap_button = QPushButton("Rekap &tahunan...")
        self.rekap_button.setToolTip("Rekap kegiatan, rujukan, PPKS dan laporan setahun (PDF atau "
                                     "Excel) untuk camat dan Dinas Sosial")
        self.rekap_button.clicked.connect(self.open_rekap_tahunan)
        top = QHBoxLayout()
        top.addWidget(self.chooser)
        top.addStretch(1)
        top.addWidget(self.rekap_button)
        top.addWidget(self.settings_button)

        self.banner = QLabel("")
        self.banner.setObjectName("statusLaporan")
        self.banner.setWordWrap(True)
        self.banner.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.lock_label = QLabel("")
        self.lock_label.setObjectName("kunciBulan")
        self.lock_label.setWordWrap(True)
        self.alur = AlurBar(actor)
        self.alur.changed.connect(self._after_step)
        self.alur.before_submit = self._save_before_submit

        self.tabs = QTabWidget()
        self.tabs.addTab(self._naskah_tab(), "&Naskah")
        self.pratinjau = PratinjauPanel(actor)
        self.pratinjau.before_output = self._save_before_output
        self.tabs.addTab(self.pratinjau, "Pratin&jau dan cetak")
        self.riwayat = RiwayatTable()
        box = QGroupBox("Riwayat laporan")
        box_layout = QVBoxLayout(box)
        box_layout.setContentsMargins(6, 4, 6, 6)
        box_layout.addWidget(self.riwayat)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.tabs)
        splitter.addWidget(box)
        splitter.setStretchFactor(0, 4)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([560, 150])
        layout = QVBoxLayout(self)
        if self.pilih is not None:
            layout.addWidget(self.pilih)
        layout.addLayout(top)
        layout.addWidget(self.banner)
        layout.addWidget(self.lock_label)
        layout.addWidget(self.alur)
        layout.addWidget(splitter, 1)
        self.save_shortcut = QShortcut(QKeySequence.StandardKey.Save, self)
        self.save_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.save_shortcut.activated.connect(self.save)
        self.refresh()

    def _naskah_tab(self) -> QWidget:
        self.form = NaskahForm()
        self.form.changed.connect(self._update_save_buttons)
        self.save_button = QPushButton("&Simpan naskah")
        self.save_button.setToolTip("Simpan naskah (Ctrl+S)")
        self.save_button.clicked.connect(self.save)
        self.revert_button = QPushButton("Batalkan pe&rubahan")
        self.revert_button.clicked.connect(self.form.revert)
        self.prefill_button = QPushButton("Isi BAB III dari catatan ke&giatan")
        self.prefill_button.setToolTip("Ganti isi Kendala dan Tindak lanjut dengan kendala dan "
                                       "tindak lanjut yang dicatat pada kegiatan bulan ini.")
        self.prefill_button.clicked.connect(self.prefill)
        self.dirty_label = QLabel("")
        buttons = QHBoxLayout()
        buttons.addWidget(self.dirty_label, 1)
        for b in (self.prefill_button, self.revert_button, self.save_button):
            b.setVisible(self.may_write)
            buttons.addWidget(b)
        tab = QWidget()
        tab_layout = QVBoxLayout(tab)
        tab_layout.addWidget(self.form, 1)
        tab_layout.addLayout(buttons)
        return tab

    # -- loading ----------------------------------------------------------------------------
    @property
    def label(self) -> str:
        return bulan_tahun(*self.shown)

    def refresh(self) -> None:
        """Read the month's report again (asks first when the narrative has unsaved edits)."""
        if self.form.dirty() and not self.confirm_leave():
            return
        tahun, bulan = self.shown
        try:
            view: LaporanInfo | None = laporan_cetak.info_for(self.actor, tahun, bulan,
                                                              pilihan(self.actor))
            problem = ""
        except AppError as exc:
            view, problem = None, str(exc)
        self._apply(view, problem)

    def _apply(self, view: LaporanInfo | None, problem: str = "") -> None:
        tahun, bulan = self.shown
        self.view_info = view
        self.info = view if view is not None and view.id else None
        available = view is not None
        show(self.banner, error_banner(problem) if problem else
             banner_for(view, self.actor, tahun, bulan))
        try:
            kunci = kunci_bulan.status(kecamatan_of(self.actor, pilihan(self.actor)), tahun,
                                       bulan)
        except AppError:
            kunci = None
        self.lock_label.setText(lock_text(kunci, tahun, bulan))
        self.lock_label.setStyleSheet("font-weight: bold; color: #6b4500;" if kunci else
                                      "color: palette(placeholder-text);")
        self.form.load(view)
        editable, why = self._editable()
        self.form.set_editable(editable, why)
        self.riwayat.set_info(self.info)
        self.alur.set_state(view, tahun, bulan, available)
        self.pratinjau.set_month(tahun, bulan, view.status if view else "", available)
        self._update_save_buttons()

    def _editable(self) -> tuple[bool, str]:
        if self.view_info is None:
            return False, ""
        if not self.may_write:
            return False, ("Naskah ini hanya dibaca. Naskah disusun oleh TKSK; bila perlu "
                           "diperbaiki, Camat mengembalikan laporan dengan alasan.")
        if self.info is None:
            return False, ("Teks bawaan laporan yang belum disusun. Tekan \u201cMulai susun "
                           "laporan\u201d untuk membuat draf lalu mengubahnya.")
        if self.info.status not in laporan.DAPAT_DISUSUN:
            return False, ("Naskah terkunci: laporan sudah diajukan dan menunggu Camat."
                           if self.info.status == "diajukan" else
                           "Naskah terkunci: laporan sudah disetujui. Hanya Camat yang dapat "
                           "membukanya kembali, dengan alasan.")
        return True, ""

    def _update_save_buttons(self) -> None:
        dirty = self.form.editable() and self.form.dirty()
        self.save_button.setEnabled(dirty)
        self.revert_button.setEnabled(dirty)
        self.prefill_button.setEnabled(self.form.editable())
        self.dirty_label.setText("Ada perubahan yang belum disimpan (Ctrl+S untuk menyimpan)."
                                 if dirty else "")

    # -- saving -----------------------------------------------------------------------------
    def save(self) -> bool:
        """Save the changed narrative parts; False (edits kept) when refused."""
        values = self.form.changed_values()
        if not values:
            return True
        if self.info is None or not self.form.editable():
            return False
        try:
            result = laporan.save_text(self.actor, self.info.id, values, self.info.versi)
        except ValidationError as exc:
            problem = exc.problems[0] if exc.problems else None
            self.form.show_problem(problem.field if problem else "", str(exc))
            return False
        except AppError as exc:
            messages.show_error(self, exc, "Naskah belum tersimpan")
            return False
        self._apply(result)
        self.dirty_label.setText("Naskah tersimpan.")
        return True

    def confirm_leave(self) -> bool:
        """Ask before unsaved edits are lost: Ya saves, Tidak discards, Batal stays."""
        if not (self.form.editable() and self.form.dirty()):
            return True
        b = QMessageBox.StandardButton
        answer = QMessageBox.question(
            self, "Perubahan belum disimpan",
            f"Naskah laporan {self.label} belum disimpan. Simpan sekarang?\n\nYa: simpan. "
            "Tidak: buang perubahan. Batal: tetap di sini.", b.Yes | b.No | b.Cancel, b.Yes)
        if answer == b.Yes:
            return self.save()
        if answer == b.No:
            self.form.revert()
            return True
        return False

    def _save_before_submit(self) -> bool:
        return self.save() if self.form.editable() and self.form.dirty() else True

    def _save_before_output(self) -> bool:
        if not (self.form.editable() and self.form.dirty()):
            return True
        if messages.confirm(self, "Naskah belum disimpan",
                            "Pratinjau dan berkas memuat naskah yang tersimpan. Simpan "
                            "perubahan sekarang agar ikut termuat?"):
            return self.save()
        return True

    def prefill(self) -> None:
        if not self.form.editable():
            return
        tahun, bulan = self.shown
        try:
            kendala, lanjut = laporan_isi.prefill_obstacles(self.actor, tahun, bulan)
        except AppError as exc:
            messages.show_error(self, exc, "BAB III")
            return
        filled = self.form.text("kendala").strip() or self.form.text("tindak_lanjut").strip()
        if filled and not messages.confirm(
                self, "Isi BAB III dari catatan kegiatan",
                "Ganti isi Kendala dan Tindak lanjut dengan yang dicatat pada kegiatan "
                f"{self.label}? Tulisan Anda di kedua kolom itu terganti (Batalkan perubahan "
                "mengembalikannya selama belum disimpan).", destructive=True):
            return
        self.form.set_text("kendala", kendala)
        self.form.set_text("tindak_lanjut", lanjut)
        if not (kendala or lanjut):
            messages.info(self, "BAB III", f"Tidak ada kendala atau tindak lanjut yang dicatat "
                                           f"pada kegiatan final {self.label}.")

    # -- navigation and steps ---------------------------------------------------------------
    def _month_changed(self, tahun: int, bulan: int) -> None:
        if not self.confirm_leave():
            self.chooser.set_value(*self.shown)
            return
        self.shown = (tahun, bulan)
        self.refresh()

    def show_month(self, tahun: int, bulan: int) -> None:
        """Open a month (e.g. from the Beranda's report calendar)."""
        if (tahun, bulan) == self.shown:
            self.refresh()
            return
        self.chooser.set_value(tahun, bulan)
        self._month_changed(*self.chooser.value())

    def apply_request(self, params: object) -> None:
        """Another page asks for a month (``{"tahun", "bulan"}``, the Beranda's report
        calendar) or a year (``{"tahun"}``, its timeliness tile): a year shows its last month
        that can be reported, the month before this one for the current year."""
        tahun, bulan = param(params, "tahun"), param(params, "bulan")
        today = self.chooser.today
        if not isinstance(tahun, int) or tahun > today.year:
            return
        if not isinstance(bulan, int):
            due = bulan_lalu(today)
            bulan = 12 if tahun < today.year else due[1] if due[0] == tahun else today.month
        self.show_month(tahun, bulan)

    def _after_step(self, info: object) -> None:
        if isinstance(info, LaporanInfo) and (info.tahun, info.bulan) == self.shown:
            self._apply(info)
        else:
            self.refresh()

    def open_rekap_tahunan(self) -> QWidget:
        from .rekap_tahunan_dialog import RekapTahunanDialog

        dialog = RekapTahunanDialog(self.actor, self)
        dialog.open()
        return dialog

    def open_settings(self) -> None:
        dialog = PengaturanLaporanDialog(self.actor, self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.saved_count:
            self.refresh()
