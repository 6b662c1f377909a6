"""Registri per nama dan alamat: search (NIK, No. KK or a name fragment), filters, a lazy list
of persons (500 rows a batch), the detail of a person (Enter), add and edit forms and the Excel
export."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...services import formatting, impor_ppks
from ...services.context import Actor
from ...services.errors import AppError
from ...services.permissions import Aksi
from ...services.registri import SearchFilter
from ...services.registri_cari import STATUS_PPKS, kategori_choices, program_choices
from .. import messages
from ..kecamatan_pilih import bisa_untuk, boleh_ubah, dengan_kecamatan, kecamatan_tampil, pilihan
from ..pengaturan.common import export_to_excel, today_name
from ..tasks import Progress, Task
from .registri_detail import WargaDetailDialog
from .registri_dialogs import KeluargaDialog, WargaDialog, desa_combo
from .registri_model import RegistriModel

DEBOUNCE_MS = 300


def _filter_combo(blank: str, items: list[tuple[Any, str]]) -> QComboBox:
    box = QComboBox()
    box.addItem(blank, None)
    for value, label in items:
        box.addItem(label, value)
    return box


class RegistriTab(QWidget):
    def __init__(self, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        self.task: Task | None = None
        self.search = QLineEdit()
        self.search.setPlaceholderText("Cari NIK, No. KK, atau potongan nama/alamat...")
        self.search.setClearButtonEnabled(True)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DEBOUNCE_MS)
        self.timer.timeout.connect(self.refresh)
        self.search.textChanged.connect(lambda _t: self.timer.start())
        self.desa = desa_combo("Semua desa", kecamatan_tampil(actor))
        #: The kecamatan listed (a user of the whole kabupaten: the one chosen on the page).
        self.kecamatan_id = pilihan(actor)
        self.kategori = QComboBox()
        self.status = _filter_combo("Semua status", list(STATUS_PPKS.items()))
        self.program = QComboBox()
        self.search.setMinimumWidth(260)
        for box in (self.desa, self.kategori, self.status, self.program):
            # long category/programme names must not squeeze the search field
            box.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            box.setMinimumContentsLength(12)
            box.currentIndexChanged.connect(lambda _i: self.refresh())
        top = QHBoxLayout()
        top.addWidget(self.search, 2)
        for box in (self.desa, self.kategori, self.status, self.program):
            top.addWidget(box, 1)
        self.model = RegistriModel(actor, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        # Enter and double click (activated) open the detail
        self.table.activated.connect(lambda _i: self.open_selected())
        self.count = QLabel()
        can_edit = boleh_ubah(actor, Aksi.REGISTRI_UBAH)
        self.add_person = self._button("Tambah &warga...", self.add_warga, can_edit)
        self.add_family = self._button("Tambah &keluarga...", self.add_keluarga, can_edit)
        self.detail_button = self._button("&Rincian...", self.open_selected, True)
        self.edit_button = self._button("&Ubah...", self.edit_selected, can_edit)
        self.export_button = self._button("&Ekspor ke Excel...", self.export,
                                          bisa_untuk(actor, impor_ppks.export))
        bottom = QHBoxLayout()
        for b in (self.add_person, self.add_family, self.detail_button, self.edit_button):
            bottom.addWidget(b)
        bottom.addStretch(1)
        bottom.addWidget(self.count)
        bottom.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        self._reload_choices()
        self.refresh()  # built when first shown (views/tab_page.py): show the list at once

    def _button(self, text: str, slot: Any, visible: bool) -> QPushButton:
        b = QPushButton(text)
        b.clicked.connect(slot)
        b.setVisible(visible)
        return b

    def _reload_choices(self) -> None:
        for box, blank, items in (
            (self.kategori, "Semua kategori", kategori_choices(self.actor)),
            (self.program, "Semua bantuan", program_choices()),
        ):
            box.blockSignals(True)
            box.clear()
            box.addItem(blank, None)
            for value, label in items:
                box.addItem(label, value)
            box.blockSignals(False)

    def current_filter(self) -> SearchFilter:
        return SearchFilter(
            self.search.text(),
            self.desa.currentData(),
            self.kategori.currentData(),
            self.status.currentData(),
            self.program.currentData(),
            kecamatan_id=self.kecamatan_id,
        )

    def refresh(self, keep: int | None = None) -> None:
        """Reload the list; ``keep`` selects that person again when they are still listed."""
        self.timer.stop()
        if pilihan(self.actor) != self.kecamatan_id:  # another kecamatan chosen on the page
            self.kecamatan_id = pilihan(self.actor)
            fresh = desa_combo("Semua desa", kecamatan_tampil(self.actor))
            self.desa.blockSignals(True)
            self.desa.clear()
            for i in range(fresh.count()):
                self.desa.addItem(fresh.itemText(i), fresh.itemData(i))
            self.desa.blockSignals(False)
            fresh.deleteLater()
            keep = None
        try:
            self.model.set_filter(self.current_filter())
        except AppError as exc:
            messages.show_error(self, exc, "Daftar tidak dapat ditampilkan")
            return
        self.count.setText(f"{formatting.angka(self.model.total)} orang")
        row = next((i for i, r in enumerate(self.model.rows) if r.id == keep), None)
        if row is not None:
            self.table.selectRow(row)

    def selected_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        index: QModelIndex = rows[0] if rows else self.table.currentIndex()
        if not index.isValid():
            return None
        return self.model.row_at(index.row()).id

    def open_person(self, warga_id: int) -> None:
        try:
            dialog = WargaDetailDialog(self.actor, warga_id, self)
        except AppError as exc:
            messages.show_error(self, exc, "Rincian tidak dapat dibuka")
            return
        dialog.exec()
        if dialog.changed:
            self.refresh(keep=warga_id)

    def open_selected(self) -> None:
        wid = self.selected_id()
        if wid is None:
            messages.info(self, "Rincian", "Pilih dulu satu orang pada daftar.")
            return
        self.open_person(wid)

    def edit_selected(self) -> None:
        wid = self.selected_id()
        if wid is None:
            messages.info(self, "Ubah data warga", "Pilih dulu satu orang pada daftar.")
            return
        try:
            dialog = WargaDialog(self.actor, self, warga_id=wid)
        except AppError as exc:
            messages.show_error(self, exc, "Data warga tidak dapat dibuka")
            return
        if dialog.exec() or dialog.reloaded:
            self.refresh(keep=wid)

    def add_warga(self) -> None:
        dialog = WargaDialog(self.actor, self)
        if dialog.exec():
            self.refresh()
        elif dialog.open_existing is not None:
            self.open_person(dialog.open_existing)

    def add_keluarga(self) -> None:
        if KeluargaDialog(self.actor, self).exec():
            self.refresh()

    def export(self) -> None:
        def work(path: Path, progress: Progress) -> int:
            return impor_ppks.export(self.actor, path, progress=progress,
                                     **dengan_kecamatan(self.actor, impor_ppks.export))

        self.task = export_to_excel(
            self, "Ekspor data PPKS per nama", today_name("registri-ppks"), work
        )
