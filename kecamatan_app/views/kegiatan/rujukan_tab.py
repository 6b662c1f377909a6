"""Kegiatan > Rujukan: the referral list with its filters (period, agency, status, "Masih
terbuka", "Hanya yang terlambat") and quick search, overdue rows flagged in colour and in words,
the detail with its history (Enter or double click), a new referral, the letter, the Excel
export and import (:mod:`.kegiatan_impor`) and, for administrators, the referral rules. Another
page (a Beranda tile) opens the list with its own filter through :meth:`RujukanTab.apply_request`.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSortFilterProxyModel, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
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

from ...services import referensi, rujukan_daftar
from ...services import rujukan_pilihan as pilihan
from ...services.context import Actor
from ...services.errors import AppError
from ...services.formatting import angka
from ...services.permissions import Aksi, allowed
from ...services.rujukan import STATUS
from ...services.rujukan_daftar import RujukanFilter, RujukanRow
from .. import kecamatan_pilih, messages
from ..navigasi import filter_from
from ..pengaturan.common import OptionalDate, export_to_excel, today_name
from ..table_model import ROW_ROLE, SORT_ROLE
from ..tasks import Progress, Task
from .kegiatan_impor import ImporAksi, ImporRujukanDialog
from .rujukan_aturan import AturanRujukanDialog
from .rujukan_cetak import CetakSuratButton
from .rujukan_detail import RujukanDetailDialog
from .rujukan_dialog import RujukanDialog
from .rujukan_model import COL_INSTANSI, COL_KEBUTUHAN, COL_KLIEN, TERLAMBAT_BG, RujukanModel

DEBOUNCE_MS = 300
#: Long names and needs are cut (the full text is in the tooltip and the detail).
MAX_WIDTH = {COL_KLIEN: 190, COL_INSTANSI: 200, COL_KEBUTUHAN: 210}
TERBUKA = "terbuka"


class RujukanTab(QWidget):
    def __init__(self, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        self.can_edit = kecamatan_pilih.boleh_ubah(actor, Aksi.KEGIATAN_UBAH)
        self.task: Task | None = None
        self._columns_sized = False
        self.search = QLineEdit()
        self.search.setPlaceholderText("Cari nama klien, nomor surat atau kebutuhan...")
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(240)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DEBOUNCE_MS)
        self.timer.timeout.connect(self.refresh)
        self.search.textChanged.connect(lambda _t: self.timer.start())
        self.dari = OptionalDate("&Dari")
        self.sampai = OptionalDate("&Sampai")
        self.instansi = QComboBox()
        self.instansi.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.instansi.setMinimumContentsLength(16)
        self.status = QComboBox()
        self.status.addItem("Semua status", "")
        self.status.addItem("Masih terbuka", TERBUKA)
        for code, label in STATUS.items():
            self.status.addItem(label, code)
        self.terlambat = QCheckBox("Hanya yang &terlambat")
        for box in (self.instansi, self.status):
            box.currentIndexChanged.connect(lambda _i: self.refresh())
        for opt in (self.dari, self.sampai):
            opt.check.toggled.connect(lambda _c: self.refresh())
            opt.edit.dateChanged.connect(lambda _d: self.refresh())
        self.terlambat.toggled.connect(lambda _c: self.refresh())
        search_label = QLabel("&Cari:")
        search_label.setBuddy(self.search)
        top = QHBoxLayout()
        top.addWidget(search_label)
        top.addWidget(self.search, 2)
        top.addWidget(self.instansi, 1)
        top.addWidget(self.status)
        filters = QHBoxLayout()
        filters.addWidget(QLabel("Periode rujukan:"))
        filters.addWidget(self.dari)
        filters.addWidget(self.sampai)
        filters.addWidget(self.terlambat)
        filters.addStretch(1)

        self.model = RujukanModel(self)
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
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        # Enter and double click (activated) open the detail with its history
        self.table.activated.connect(lambda _i: self.open_selected())

        legend = QLabel(
            f"<span style='background:{TERLAMBAT_BG}'>&nbsp;Merah muda&nbsp;</span>: masih "
            "terbuka melewati tenggat jawaban instansi. Enter atau klik ganda: rincian dan "
            "riwayat."
        )
        self.count = QLabel()
        self.add_button = self._button("Rujukan &baru...", self.add, self.can_edit)
        self.detail_button = self._button("&Rincian...", self.open_selected, True)
        self.edit_button = self._button("&Ubah...", self.edit_selected, self.can_edit)
        self.print_button = CetakSuratButton(actor, self._current, self)
        self.export_button = self._button("&Ekspor ke Excel...", self.export, True)
        self.impor = ImporAksi(actor, ImporRujukanDialog, self)
        self.impor.imported.connect(self._imported)
        self.rules_button = self._button(
            "&Aturan rujukan...", self.edit_rules, allowed(actor, Aksi.PENGATURAN_UBAH)
        )
        bottom = QHBoxLayout()
        for b in (self.add_button, self.detail_button, self.edit_button, self.print_button,
                  *self.impor.buttons()):
            bottom.addWidget(b)
        bottom.addStretch(1)
        bottom.addWidget(self.count)
        bottom.addWidget(self.export_button)
        bottom.addWidget(self.rules_button)
        self.status_line = QLabel()
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(legend)
        layout.addLayout(bottom)
        layout.addWidget(self.status_line)
        self.status_line.setVisible(False)
        self.refresh()

    def _button(self, text: str, slot: object, visible: bool) -> QPushButton:
        b = QPushButton(text)
        b.clicked.connect(slot)
        b.setVisible(visible)
        return b

    def _reload_instansi(self) -> None:
        current = self.instansi.currentData()
        self.instansi.blockSignals(True)
        self.instansi.clear()
        self.instansi.addItem("Semua instansi", None)
        for r in referensi.rows("instansi"):
            self.instansi.addItem(r.nama if r.aktif else f"{r.nama} (tidak aktif)", r.id)
        self.instansi.setCurrentIndex(max(self.instansi.findData(current), 0))
        self.instansi.blockSignals(False)

    def current_filter(self) -> RujukanFilter:
        return RujukanFilter(
            dari=self.dari.value(),
            sampai=self.sampai.value(),
            instansi_id=self.instansi.currentData(),
            status=self.status.currentData() or "",
            terlambat_saja=self.terlambat.isChecked(),
            teks=self.search.text(),
            kecamatan_id=kecamatan_pilih.pilihan(self.actor),
        )

    def refresh(self, keep: int | None = None) -> None:
        """Reload the list; ``keep`` (a referral id) stays selected, else the selected one."""
        self.timer.stop()
        if keep is None:
            selected = self.selected()
            keep = selected.id if selected else None
        try:
            self._reload_instansi()  # the agency list may have been edited in Pengaturan
            rows = rujukan_daftar.search(self.actor, self.current_filter())
        except AppError as exc:
            messages.show_error(self, exc, "Daftar rujukan tidak dapat ditampilkan")
            return
        self.model.set_rows(rows)
        late = self.model.overdue_count()
        self.count.setText(f"{angka(len(rows))} rujukan"
                           + (f", {angka(late)} terlambat" if late else ""))
        if not self._columns_sized and rows:
            self.table.resizeColumnsToContents()
            for col, widest in MAX_WIDTH.items():
                self.table.setColumnWidth(col, min(self.table.columnWidth(col), widest))
            self._columns_sized = True
        if keep is not None:
            self.select_id(keep)

    def select_id(self, rujukan_id: int) -> bool:
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, 0)
            value = index.data(ROW_ROLE)
            if isinstance(value, RujukanRow) and value.id == rujukan_id:
                self.table.selectRow(row)
                self.table.scrollTo(index)
                return True
        return False

    def selected(self) -> RujukanRow | None:
        rows = self.table.selectionModel().selectedRows()
        value = rows[0].data(ROW_ROLE) if rows else None
        return value if isinstance(value, RujukanRow) else None

    def _current(self) -> tuple[int, str] | None:
        r = self.selected()
        return (r.id, r.nomor_surat) if r else None

    def say(self, text: str) -> None:
        self.status_line.setText(text)
        self.status_line.setVisible(bool(text))

    # --- actions -----------------------------------------------------------------------

    def open_detail(self, rujukan_id: int) -> RujukanDetailDialog | None:
        try:
            dialog = RujukanDetailDialog(self.actor, rujukan_id, self)
        except AppError as exc:
            messages.show_error(self, exc, "Rincian tidak dapat dibuka")
            return None
        return dialog

    def open_selected(self) -> None:
        r = self.selected()
        if r is None:
            messages.info(self, "Rincian rujukan", "Pilih dulu satu rujukan pada daftar.")
            return
        dialog = self.open_detail(r.id)
        if dialog is not None:
            dialog.exec()
            if dialog.changed:
                self.refresh(keep=r.id)

    def new_dialog(self) -> RujukanDialog:
        return RujukanDialog(self.actor, self)

    def add(self) -> None:
        dialog = self.new_dialog()
        if dialog.exec():
            self.after_save(dialog)

    def after_save(self, dialog: RujukanDialog) -> None:
        saved = dialog.saved
        if saved is None:
            return
        self.refresh(keep=saved.id)
        shown = self.selected()
        if shown is None or shown.id != saved.id:
            # hidden by the filters: show everything so the new referral can be seen
            self.clear_filters()
            self.refresh(keep=saved.id)
        self.say(f"Rujukan tersimpan dengan nomor surat {saved.nomor_surat}.")

    def clear_filters(self) -> None:
        self.set_filter(RujukanFilter())

    def set_filter(self, f: RujukanFilter) -> None:
        """Show filter ``f`` in the filter widgets, without reloading the list."""
        widgets = (self.search, self.instansi, self.status, self.terlambat, self.dari.check,
                   self.dari.edit, self.sampai.check, self.sampai.edit)
        for w in widgets:
            w.blockSignals(True)
        self._reload_instansi()
        self.search.setText(f.teks)
        self.instansi.setCurrentIndex(max(self.instansi.findData(f.instansi_id), 0))
        self.status.setCurrentIndex(max(self.status.findData(f.status), 0))
        self.terlambat.setChecked(f.terlambat_saja)
        self.dari.set_value(f.dari)
        self.sampai.set_value(f.sampai)
        for w in widgets:
            w.blockSignals(False)

    def apply_request(self, params: object) -> None:
        """Show the list another page asked for (a Beranda tile): its filter
        (``params["filter"]``, or its fields by name), then one refresh."""
        self.set_filter(filter_from(params, RujukanFilter))
        self.say("")
        self.refresh()

    def edit_selected(self) -> None:
        r = self.selected()
        if r is None:
            messages.info(self, "Ubah rujukan", "Pilih dulu satu rujukan pada daftar.")
            return
        if r.status != "diajukan":
            messages.info(self, "Ubah rujukan",
                          f"Rujukan {r.nomor_surat} berstatus {r.status_label}; datanya tidak "
                          "dapat diubah lagi. Catat perkembangannya lewat Rincian.")
            return
        try:
            dialog = RujukanDialog(self.actor, self, r.id)
        except AppError as exc:
            messages.show_error(self, exc, "Rujukan tidak dapat dibuka")
            return
        if dialog.exec() or dialog.reloaded:
            self.refresh(keep=r.id)
            if dialog.saved is not None:
                self.say(f"Perubahan rujukan {dialog.saved.nomor_surat} tersimpan.")

    def _imported(self, created: int, updated: int) -> None:
        self.refresh()
        self.say(f"Impor selesai: {angka(created)} rujukan baru, masing-masing dengan nomor "
                 "surat dan kegiatannya.")

    def export(self) -> None:
        f = self.current_filter()
        instansi = self.instansi.currentText() if f.instansi_id else ""

        def work(path: Path, progress: Progress) -> int:
            return pilihan.export_daftar(self.actor, f, path, progress, instansi)

        self.task = export_to_excel(self, "Ekspor daftar rujukan", today_name("rujukan"), work)

    def edit_rules(self) -> None:
        _rules, ok = AturanRujukanDialog.edit(self.actor, self)
        if ok:
            self.say("Aturan rujukan tersimpan.")
