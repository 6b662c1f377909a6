"""Kegiatan: the activity list with its filters and quick search, the month view beside it,
and the actions: new (Insert / Ctrl+N), from a template, open (Enter), duplicate, delete (Del,
after a confirmation), the Excel export and the Excel import with its template
(:mod:`.kegiatan_impor`). Roles that may only look (the camat) see no button that changes data; a
stored activity then opens read-only. Another page (a Beranda tile) opens the list with its own
filter through :meth:`KegiatanTab.apply_request`.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ...services import (
    formatting,
    kegiatan,
    kegiatan_daftar,
    kegiatan_pilihan,
    kegiatan_templat,
    kunci_bulan,
)
from ...services.context import Actor
from ...services.errors import AppError
from ...services.kegiatan_daftar import KegiatanFilter, KegiatanRow
from ...services.permissions import Aksi
from .. import messages
from ..kecamatan_pilih import boleh_ubah, nama, perlu_pilih, pilihan
from ..navigasi import filter_from
from ..pengaturan.common import export_to_excel, on_delete_key, today_name
from ..table_model import ROW_ROLE, SORT_ROLE
from ..tasks import Progress, Task
from .bulan_view import BulanView
from .kegiatan_dialog import KegiatanDialog, blank
from .kegiatan_impor import ImporAksi, ImporKegiatanDialog
from .kegiatan_model import COL_BENTUK, COL_JUDUL, COL_LOKASI, COL_TANGGAL, KegiatanModel
from .kegiatan_rincian import KegiatanRincianDialog
from .kegiatan_saring import KegiatanSaring
from .templat_dialog import TemplatDialog


class KegiatanTab(QWidget):
    def __init__(self, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        self.task: Task | None = None
        self.day: dt.date | None = None
        self.rincian: KegiatanRincianDialog | None = None
        self.can_edit = boleh_ubah(actor, Aksi.KEGIATAN_UBAH)
        self.saring = KegiatanSaring(actor)
        self.saring.changed.connect(self._filters_changed)
        self.bulan = BulanView()
        self.bulan.day_clicked.connect(self._day_clicked)
        self.bulan.month_changed.connect(self.saring.set_month)
        self.bulan.setMinimumWidth(280)
        self.model = KegiatanModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # the service's order first
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.table.activated.connect(lambda _i: self.open_selected())  # Enter, double click
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._update_buttons())
        self.delete_filter = on_delete_key(self.table, self.delete_selected)
        self.day_label = QLabel()
        self.day_label.setStyleSheet("font-weight: bold;")
        self.whole_month = QToolButton()
        self.whole_month.setText("Tampilkan seluruh bulan")
        self.whole_month.clicked.connect(lambda: self._day_clicked(None))
        day_row = QHBoxLayout()
        day_row.addWidget(self.day_label)
        day_row.addWidget(self.whole_month)
        day_row.addStretch(1)
        self.new_button = self._button("&Baru...", self.new, self.can_edit,
                                       "Catat kegiatan baru (Insert atau Ctrl+N)")
        self.templat_button = self._button("Baru dari &templat...", self.new_from_template,
                                           self.can_edit, "Kegiatan baru dari templat kegiatan "
                                           "berulang; templat juga dapat dihapus di sini")
        self.open_button = self._button("B&uka...", self.open_selected, True,
                                        "Buka kegiatan terpilih (Enter)")
        self.copy_button = self._button("&Gandakan...", self.duplicate_selected, self.can_edit,
                                        "Kegiatan baru berisi sama, bertanggal hari ini")
        self.delete_button = self._button("&Hapus", self.delete_selected, self.can_edit,
                                          "Hapus kegiatan terpilih (Delete)")
        self.export_button = self._button("&Ekspor ke Excel...", self.export, True,
                                          "Ekspor daftar sesuai saringan ke Excel")
        self.impor = ImporAksi(actor, ImporKegiatanDialog, self)
        self.impor.imported.connect(self._imported)
        self.count = QLabel()
        self.status = QLabel()
        self.status.setObjectName("statusKegiatan")
        self.status.setStyleSheet("color: #17693a;")
        self.status.setWordWrap(True)
        bottom = QHBoxLayout()
        for b in (self.new_button, self.templat_button, self.open_button, self.copy_button,
                  self.delete_button, *self.impor.buttons()):
            bottom.addWidget(b)
        bottom.addStretch(1)
        bottom.addWidget(self.count)
        bottom.addWidget(self.export_button)
        right = QWidget()
        right_box = QVBoxLayout(right)
        right_box.setContentsMargins(0, 0, 0, 0)
        right_box.addLayout(day_row)
        right_box.addWidget(self.table, 1)
        right_box.addWidget(self.status)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.bulan)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([300, 940])
        layout = QVBoxLayout(self)
        layout.addWidget(self.saring)
        layout.addWidget(self.splitter, 1)
        layout.addLayout(bottom)
        if self.can_edit:
            for keys in (QKeySequence(Qt.Key.Key_Insert), QKeySequence.StandardKey.New):
                shortcut = QShortcut(QKeySequence(keys), self)
                shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
                shortcut.activated.connect(self.new)
        self.refresh()

    def _button(self, text: str, slot: object, visible: bool, tip: str) -> QPushButton:
        b = QPushButton(text)
        b.clicked.connect(slot)
        b.setVisible(visible)
        b.setToolTip(tip)
        return b

    # -- the list --------------------------------------------------------------------------
    @property
    def kecamatan_id(self) -> int:
        """The kecamatan listed: the actor's own, or the one a user of the whole kabupaten
        chose at the top of the page."""
        return kegiatan.kecamatan_of(self.actor, self.saring.kecamatan_id)

    def current_filter(self) -> KegiatanFilter:
        return self.saring.filter(self.day)

    def refresh(self, keep: int | None = None) -> None:
        """Reload the list and the month view; ``keep`` selects that activity again."""
        self.saring.timer.stop()
        if pilihan(self.actor) != self.saring.kecamatan_id:  # another kecamatan chosen
            self.saring.set_kecamatan(pilihan(self.actor))
            self.day, keep = None, None
            self.model.set_rows([])
        selected = self.selected()
        keep = keep if keep is not None else (selected.id if selected else None)
        tahun, bulan = self.saring.month()
        if self.day is not None and (tahun, bulan) != (self.day.year, self.day.month):
            self.day = None  # the period moved away from the chosen day
        try:
            kec = self.kecamatan_id
            rows = kegiatan_daftar.search(self.actor, self.current_filter())
            locked = set(kunci_bulan.locked_months(kec, tahun)) if tahun else set()
            counts = kegiatan_daftar.per_hari(self.actor, tahun, bulan, self.saring.filter()) \
                if tahun and bulan else {}
            info = kunci_bulan.status(kec, tahun, bulan) if tahun and bulan else None
        except AppError as exc:
            messages.show_error(self, exc, "Daftar kegiatan tidak dapat ditampilkan")
            return
        self.model.set_rows(rows)
        self.saring.mark_locked(locked)
        if tahun and bulan:
            self.bulan.selected = self.day
            self.bulan.set_month(tahun, bulan, counts, info.alasan if info else "")
        else:
            self.bulan.set_unavailable("Pilih satu bulan pada Periode untuk melihat kalender "
                                       "kegiatan per hari.")
        self.day_label.setText(f"Kegiatan {formatting.tanggal_hari(self.day)}"
                               if self.day else "")
        self.day_label.setVisible(self.day is not None)
        self.whole_month.setVisible(self.day is not None)
        self._update_count(rows)
        if keep is not None:
            self.select_id(keep)
        self._update_buttons()
        self.table.resizeColumnsToContents()
        for col, cap in ((COL_JUDUL, 280), (COL_BENTUK, 190), (COL_LOKASI, 150)):
            self.table.setColumnWidth(col, min(max(self.table.columnWidth(col), 100), cap))

    def _update_count(self, rows: list[KegiatanRow]) -> None:
        drafts = sum(1 for r in rows if r.status.lower() == "draf")
        text = f"{formatting.angka(len(rows))} kegiatan"
        if drafts:
            text += f" ({formatting.angka(drafts)} draf)"
        self.count.setText(text)

    def apply_request(self, params: object) -> None:
        """Show the list another page asked for (a Beranda tile): its filter
        (``params["filter"]``, or its fields by name) in the filter bar, then one refresh."""
        self.day = self.saring.apply(filter_from(params, KegiatanFilter))
        self.status.setText("")
        self.refresh()

    def _filters_changed(self) -> None:
        self.day = None
        self.refresh()

    def _day_clicked(self, day: object) -> None:
        self.day = day if isinstance(day, dt.date) else None
        self.status.setText("")
        self.refresh()

    def rows(self) -> list[KegiatanRow]:
        """The rows as shown (in the view's order)."""
        return [self.proxy.index(i, 0).data(ROW_ROLE) for i in range(self.proxy.rowCount())]

    def selected(self) -> KegiatanRow | None:
        model = self.table.selectionModel()
        indexes = model.selectedRows() if model is not None else []
        return indexes[0].data(ROW_ROLE) if indexes else None

    def select_id(self, kegiatan_id: int) -> bool:
        for i in range(self.proxy.rowCount()):
            index = self.proxy.index(i, COL_TANGGAL)
            if index.data(ROW_ROLE).id == kegiatan_id:
                self.table.selectRow(i)
                self.table.scrollTo(index)
                return True
        return False

    def _update_buttons(self) -> None:
        r = self.selected()
        self.open_button.setEnabled(r is not None)
        why = ""
        if r is not None and r.nomor_rujukan:
            why = "Rujukan diubah atau dibatalkan lewat tab Rujukan."
        elif r is not None and r.terkunci:
            why = "Bulan kegiatan ini terkunci (laporan bulanannya sudah diajukan/disetujui)."
        self.copy_button.setEnabled(r is not None and not r.nomor_rujukan)
        self.delete_button.setEnabled(r is not None and not why)
        self.delete_button.setToolTip(why or "Hapus kegiatan terpilih (Delete)")

    # -- actions ---------------------------------------------------------------------------
    def _run(self, dialog: KegiatanDialog) -> None:
        """Show the form; after a save, show the activity in the list."""
        dialog.exec()
        saved, tanggal = dialog.result_saved, dialog.loaded.tanggal
        dialog.deleteLater()
        if saved is None:
            return
        note = "Kegiatan tersimpan."
        if saved.gps_dibuang:
            note += (f" Data lokasi (GPS) dihapus dari {saved.gps_dibuang} foto demi "
                     "pelindungan data pribadi.")
        self.refresh(keep=saved.id)
        if self.selected() is None and tanggal is not None:
            self.day = None  # not in the list as filtered: go to its month, unfiltered
            self.saring.blockSignals(True)
            for box in self.saring.boxes()[2:]:
                box.setCurrentIndex(0)
            self.saring.search.clear()
            self.saring.blockSignals(False)
            self.saring.set_month(tanggal.year, tanggal.month)
            self.select_id(saved.id)
        self.status.setText(note)

    def _default_date(self) -> dt.date:
        return self.day or dt.date.today()

    def new(self) -> None:
        if self.can_edit:
            self._run(KegiatanDialog(self.actor, data=blank(self._default_date()), parent=self))

    def open_selected(self) -> None:
        r = self.selected()
        if r is None:
            messages.info(self, "Buka kegiatan", "Pilih dulu satu kegiatan pada daftar.")
            return
        if perlu_pilih(self.actor):  # a reader of the whole kabupaten: the row, read-only
            rincian = KegiatanRincianDialog(r, nama(self.saring.kecamatan_id), self)
            self.rincian = rincian
            rincian.open()
            return
        try:
            dialog = KegiatanDialog(self.actor, r.id, parent=self)
        except AppError as exc:
            messages.show_error(self, exc, "Kegiatan tidak dapat dibuka")
            self.refresh()
            return
        self._run(dialog)

    def duplicate_selected(self) -> None:
        r = self.selected()
        if r is None or not self.can_edit:
            return
        try:
            data = kegiatan.copy_data(self.actor, r.id, self._default_date())
        except AppError as exc:
            messages.show_error(self, exc, "Kegiatan tidak dapat digandakan")
            return
        self._run(KegiatanDialog(self.actor, data=data, parent=self,
                                 asal=f"gandaan dari {r.judul}, {formatting.tanggal(r.tanggal)}"))

    def new_from_template(self) -> None:
        if not self.can_edit:
            return
        chooser = TemplatDialog(self.actor, self)
        if chooser.exec() != QDialog.DialogCode.Accepted or chooser.chosen_id is None:
            return
        row = chooser.current()
        chooser.deleteLater()
        try:
            data = kegiatan_templat.apply(self.actor, chooser.chosen_id, self._default_date())
        except AppError as exc:
            messages.show_error(self, exc, "Templat tidak dapat dipakai")
            return
        asal = f"dari templat {row.nama}" if row is not None else "dari templat"
        self._run(KegiatanDialog(self.actor, data=data, parent=self, asal=asal))

    def delete_selected(self) -> None:
        r = self.selected()
        if r is None or not self.can_edit:
            return
        if not self.delete_button.isEnabled():
            messages.info(self, "Hapus kegiatan", self.delete_button.toolTip())
            return
        foto = f" beserta {r.jumlah_foto} fotonya" if r.jumlah_foto else ""
        if not messages.confirm(
                self, "Hapus kegiatan",
                f"Hapus kegiatan \"{r.judul}\" tanggal {formatting.tanggal(r.tanggal)}{foto}? "
                "Penghapusan tercatat di jejak audit dan tidak dapat dibatalkan.",
                destructive=True):
            return
        try:
            kegiatan.delete(self.actor, r.id, r.versi)
        except AppError as exc:
            messages.show_error(self, exc, "Kegiatan tidak dihapus")
        else:
            self.status.setText(f"Kegiatan \"{r.judul}\" dihapus.")
        self.refresh()

    def _imported(self, created: int, updated: int) -> None:
        self.refresh()
        self.status.setText(f"Impor selesai: {formatting.angka(created)} kegiatan baru. Yang "
                            "bertanggal di luar periode atau saringan ini tampil setelah "
                            "periodenya dipilih.")

    def export(self) -> None:
        f, saringan = self.current_filter(), self.saring.describe()

        def work(path: Path, progress: Progress) -> int:
            return kegiatan_pilihan.export_list(self.actor, f, path, progress, saringan)

        self.task = export_to_excel(self, "Ekspor daftar kegiatan", today_name("kegiatan"), work)
