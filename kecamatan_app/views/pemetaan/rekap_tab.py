"""Pemetaan Sosial > Rekap PPKS/PSKS: per desa and category, the number the desa reported beside
the number the TKSK found, typed like a spreadsheet (Enter down, Tab right, Del clears, paste a
block), kept pending until Simpan (Ctrl+S), which saves all of them in one transaction.

The period chooser, the table model and the grid view live in :mod:`.rekap_model`; they are
imported here, so ``from .rekap_tab import RekapModel, PeriodeChooser, ORANGE`` keeps working."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ...services import impor_rekap, rekap
from ...services.errors import AppError
from ...services.formatting import angka
from ...services.permissions import Aksi
from .. import messages
from ..kecamatan_pilih import bisa_untuk, boleh_ubah, dengan_kecamatan, pilihan
from ..navigasi import param
from ..pengaturan.common import ask_save_path, export_to_excel
from ..tasks import run_task
from .rekap_model import BAND as BAND
from .rekap_model import GREY as GREY
from .rekap_model import ORANGE, YELLOW, GridView, PeriodeChooser, RekapModel
from .rekap_model import SIDES as SIDES


class RekapTab(QWidget):
    def __init__(self, actor: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        self.can_edit = boleh_ubah(actor, Aksi.PEMETAAN_UBAH)
        self.chooser = PeriodeChooser()
        self.shown = self.chooser.periode()
        self.models = {j: RekapModel(self.can_edit, self) for j in rekap.JENIS}
        self.views = {j: GridView(m) for j, m in self.models.items()}
        self.tabs = QTabWidget()
        for j, v in self.views.items():
            self.tabs.addTab(v, j)
        self.save_button = QPushButton("&Simpan")
        self.save_button.setToolTip("Simpan semua perubahan (Ctrl+S)")
        self.revert_button = QPushButton("&Batalkan perubahan")
        self.copy_button = QPushButton("Sa&lin dari periode sebelumnya")
        self.import_button = QPushButton("&Impor...")
        self.template_button = QPushButton("Templat impor...")
        self.export_button = QPushButton("&Ekspor...")
        top = QHBoxLayout()
        top.addWidget(self.chooser)
        top.addStretch(1)
        for b in (
            self.save_button,
            self.revert_button,
            self.copy_button,
            self.import_button,
            self.template_button,
            self.export_button,
        ):
            top.addWidget(b)
        for b in (self.save_button, self.revert_button, self.copy_button, self.import_button):
            b.setVisible(self.can_edit)
        self.export_button.setVisible(bisa_untuk(actor, impor_rekap.export))
        legend = QLabel(
            "Tiap jenis dua kolom: <b>Desa</b> = jumlah dilaporkan desa/kelurahan, <b>TKSK</b> = "
            f"jumlah temuan TKSK di lapangan. Kosong = belum diketahui. "
            f"<span style='background:{ORANGE}'>&nbsp;Jingga&nbsp;</span>: kedua angka berbeda; "
            f"<span style='background:{YELLOW}'>&nbsp;Kuning&nbsp;</span>: belum disimpan."
        )
        legend.setWordWrap(True)
        self.status = QLabel("")
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(legend)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.status)
        self.save_action = QAction("Simpan", self)
        self.save_action.setShortcut(QKeySequence.StandardKey.Save)
        self.save_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.save_action.setEnabled(self.can_edit)
        self.addAction(self.save_action)
        self.save_action.triggered.connect(self.save)
        self.save_button.clicked.connect(self.save)
        self.revert_button.clicked.connect(self.revert)
        self.copy_button.clicked.connect(self.copy_previous)
        self.import_button.clicked.connect(self.start_import)
        self.template_button.clicked.connect(self.save_template)
        self.export_button.clicked.connect(self.start_export)
        self.chooser.changed.connect(self._period_changed)
        for m in self.models.values():
            m.refused.connect(self.status.setText)
            m.pending_changed.connect(self._update_status)
        self.refresh()

    def pending_count(self) -> int:
        return sum(len(m.pending) for m in self.models.values())

    def refresh(self) -> None:
        """Reload both grids (kept as they are while there are unsaved changes)."""
        if self.pending_count():
            return
        try:
            for j, m in self.models.items():
                m.set_grid(rekap.grid(self.actor, self.shown, j, pilihan(self.actor)))
                self.views[j].resizeColumnsToContents()
        except AppError as exc:
            messages.show_error(self, exc, "Rekap pemetaan")

    def _update_status(self) -> None:
        n = self.pending_count()
        self.save_button.setEnabled(bool(n))
        self.revert_button.setEnabled(bool(n))
        self.status.setText(f"{n} angka belum disimpan (Ctrl+S untuk menyimpan)." if n else "")

    def confirm_leave(self) -> bool:
        """Ask before unsaved changes are lost: Ya saves, Tidak discards, Batal stays."""
        if not self.pending_count():
            return True
        text = (
            f"Ada {self.pending_count()} angka rekap {self.shown.label} yang belum disimpan. "
            "Simpan sekarang?\n\nYa: simpan. Tidak: buang perubahan. Batal: tetap di sini."
        )
        b = QMessageBox.StandardButton
        answer = QMessageBox.question(
            self, "Perubahan belum disimpan", text, b.Yes | b.No | b.Cancel, b.Yes
        )
        if answer == b.Yes:
            return self.save()
        if answer == b.No:
            self.revert()
            return True
        return False

    def _period_changed(self) -> None:
        if not self.confirm_leave():
            self.chooser.set_periode(self.shown)
            return
        self.shown = self.chooser.periode()
        self.refresh()

    def apply_request(self, params: object) -> None:
        """Another page (the Beranda's gap tile) asks for the PPKS counts of a period
        (``periode``), perhaps with one desa's row selected (``desa_id``)."""
        periode, desa_id = param(params, "periode"), param(params, "desa_id")
        if periode is None and desa_id is None:
            return
        if isinstance(periode, rekap.Periode) and periode != self.shown:
            self.chooser.set_periode(periode)
            self._period_changed()  # asks first when numbers are unsaved
        self.tabs.setCurrentIndex(rekap.JENIS.index("PPKS"))
        if isinstance(desa_id, int):
            self.show_desa(desa_id)

    def show_desa(self, desa_id: int, jenis: str = "PPKS") -> bool:
        """Select (and scroll to) the row of ``desa_id`` in the ``jenis`` grid."""
        grid = self.models[jenis].grid
        ids = [d.id for d in grid.desa] if grid is not None else []
        if desa_id not in ids:
            return False
        view = self.views[jenis]
        index = self.models[jenis].index(ids.index(desa_id), 0)
        view.setCurrentIndex(index)
        view.selectRow(index.row())
        view.scrollTo(index)
        return True

    def save(self) -> bool:
        changes = [c for m in self.models.values() for c in m.changes()]
        if not changes:
            return True
        loaded = min(m.grid.dimuat_pada for m in self.models.values() if m.grid is not None)
        try:
            n = rekap.save_cells(self.actor, self.shown, changes, loaded)
        except AppError as exc:
            messages.show_error(self, exc)
            return False
        for m in self.models.values():
            m.pending = {}
        self.refresh()
        self.status.setText(f"{n} angka rekap {self.shown.label} disimpan.")
        return True

    def revert(self) -> None:
        for m in self.models.values():
            m.revert()

    def jenis(self) -> str:
        return rekap.JENIS[self.tabs.currentIndex()]

    def copy_previous(self) -> None:
        if self.pending_count():
            messages.info(self, "Salin", "Simpan atau batalkan perubahan dulu, lalu salin.")
            return
        before = self.shown.previous()
        if not messages.confirm(
            self,
            "Salin dari periode sebelumnya",
            (
                f"Salin angka {self.jenis()} {before.label} ke sel yang masih kosong pada "
                f"{self.shown.label}? Sel yang sudah berisi tidak diubah."
            ),
        ):
            return
        try:
            n = rekap.copy_previous(self.actor, self.shown, self.jenis())
        except AppError as exc:
            messages.show_error(self, exc)
            return
        self.refresh()
        messages.info(
            self,
            "Salin",
            f"{n} sel disalin dari {before.label}."
            if n
            else f"Tidak ada sel yang disalin: {before.label} kosong atau sel sudah terisi.",
        )

    def start_import(self) -> None:
        if not self.confirm_leave():
            return
        path, _ = QFileDialog.getOpenFileName(self, "Impor rekap", "", "Buku kerja Excel (*.xlsx)")
        if path:
            run_task(
                self,
                "Impor rekap PPKS/PSKS",
                lambda progress: impor_rekap.import_file(self.actor, path, progress=progress),
                self._imported,
                lambda exc: messages.show_error(self, exc, "Impor gagal"),
            )

    def _imported(self, result: Any) -> None:
        if result.problems:
            lines = "\n".join(str(p) for p in result.problems[:15])
            more = len(result.problems) - 15
            messages.warning(
                self,
                "Impor dibatalkan",
                f"{len(result.problems)} masalah; tidak "
                f"ada data yang disimpan.\n\n{lines}"
                + (f"\n... dan {more} lainnya" if more > 0 else ""),
            )
            return
        notes = "\n".join(w.message for w in result.warnings[:10])
        self.refresh()
        messages.info(
            self,
            "Impor selesai",
            f"{angka(result.created)} sel baru, "
            f"{angka(result.updated)} diperbarui." + (f"\n\n{notes}" if notes else ""),
        )

    def save_template(self) -> None:
        path = ask_save_path(self, "templat-impor-rekap-pemetaan.xlsx")
        if path is not None:
            try:
                impor_rekap.write_template(path)
            except AppError as exc:
                messages.show_error(self, exc, "Templat")

    def start_export(self) -> None:
        p = self.shown
        export_to_excel(
            self,
            "Ekspor rekap",
            f"rekap-pemetaan-{p.label.replace(' ', '-')}.xlsx",
            lambda path, progress: impor_rekap.export(
                self.actor, Path(path), progress=progress, periode=p,
                **dengan_kecamatan(self.actor, impor_rekap.export)
            ),
        )
