"""TKSK > Pendaftar: the candidates, searched by name or the start of the NIK, filtered by result
and period, sorted by any column; add (Ins), open (Enter or double-click), delete (Del), import
from and export to Excel and print the list. The NIK is always masked here."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

from PySide6.QtCore import QSortFilterProxyModel, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...services import eligibility as el
from ...services import pendaftar, pendaftar_daftar
from ...services.context import Actor
from ...services.errors import AppError
from ...services.pendaftar_daftar import PendaftarFilter, PendaftarRow
from ...services.permissions import Aksi
from .. import messages
from ..kecamatan_pilih import boleh_ubah, pilihan
from ..pengaturan.common import on_delete_key
from ..table_model import ROW_ROLE, SORT_ROLE, Column
from .cetak import ExportButton, PrintButton, PrintJob, file_name
from .impor_dialog import ImporPendaftarDialog
from .pendaftar_dialog import PendaftarDialog
from .widgets import HASIL_FILTER, MarkedModel, table_view

ALL_PERIODS = "Semua periode"
SEARCH_DELAY_MS = 250

COLUMNS: list[Column[PendaftarRow]] = [
    Column("NIK", lambda r: r.nik),
    Column("Nama", lambda r: r.nama),
    Column("L/P", lambda r: r.jenis_kelamin),
    Column("Usia", lambda r: r.usia, align_right=True),
    Column("Domisili", lambda r: r.domisili),
    Column("Pendidikan", lambda r: r.pendidikan),
    Column("Periode", lambda r: r.periode),
    Column("Tanggal daftar", lambda r: r.tanggal_daftar),
    Column("Hasil Pasal 9", lambda r: r.hasil_label),
    Column("Keputusan", lambda r: r.keputusan),
    Column("TKSK aktif", lambda r: "Ya" if r.tksk_aktif else ""),
]
PERIODE_COLUMN, HASIL_COLUMN = 6, 8


class PendaftarTab(QWidget):
    #: A candidate was added, changed, appointed or deleted.
    changed = Signal()

    def __init__(self, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        self.dialog: PendaftarDialog | None = None
        self.import_dialog: ImporPendaftarDialog | None = None
        self.rows: list[PendaftarRow] = []
        self.can_edit = boleh_ubah(actor, Aksi.PENDAFTAR_UBAH)
        self.search = QLineEdit()
        self.search.setPlaceholderText("nama, atau awal NIK")
        self.search.setMinimumWidth(240)
        self.search.setClearButtonEnabled(True)
        search_label = QLabel("&Cari:")
        search_label.setBuddy(self.search)
        self.hasil = QComboBox()
        for text, value in HASIL_FILTER:
            self.hasil.addItem(text, value)
        hasil_label = QLabel("&Hasil:")
        hasil_label.setBuddy(self.hasil)
        self.periode = QComboBox()
        self.periode.setMinimumContentsLength(10)
        periode_label = QLabel("Peri&ode:")
        periode_label.setBuddy(self.periode)
        self.count_label = QLabel("")

        self.model = MarkedModel(COLUMNS, HASIL_COLUMN, lambda r: r.hasil, self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.view = table_view(self.proxy)
        self.view.activated.connect(self.open_selected)
        self.view.selectionModel().selectionChanged.connect(self._update_buttons)

        self.add_button = QPushButton("&Tambah...")
        self.add_button.setToolTip("Tambah pendaftar (Ins)")
        self.open_button = QPushButton("&Buka")
        self.open_button.setToolTip("Buka data pendaftar (Enter atau klik ganda)")
        self.delete_button = QPushButton("Hap&us")
        self.delete_button.setToolTip("Hapus pendaftar (Del)")
        self.import_button = QPushButton("&Impor Excel...")
        self.import_button.setToolTip("Impor pendaftar dari berkas Excel, diperiksa dulu")
        self.import_button.clicked.connect(self.open_import)
        self.import_button.setVisible(self.can_edit)
        self.export_button = ExportButton(self, actor, nik_option=self.can_edit)
        self.print_button = PrintButton(
            self, "Ce&tak daftar", self._print_daftar, lambda: file_name("daftar-pendaftar", ".pdf")
        )
        self.add_button.clicked.connect(self.add)
        self.open_button.clicked.connect(self.open_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.add_button.setVisible(self.can_edit)
        self.delete_button.setVisible(self.can_edit)
        insert = QShortcut(QKeySequence(Qt.Key.Key_Insert), self)
        insert.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        insert.activated.connect(self.add)
        on_delete_key(self.view, self.delete_selected)

        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(SEARCH_DELAY_MS)
        self.timer.timeout.connect(self.refresh)
        self.search.textChanged.connect(self.timer.start)
        self.hasil.currentIndexChanged.connect(self.refresh)
        self.periode.currentIndexChanged.connect(self.refresh)

        filters = QHBoxLayout()
        filters.addWidget(search_label)
        filters.addWidget(self.search, 2)
        filters.addWidget(hasil_label)
        filters.addWidget(self.hasil)
        filters.addWidget(periode_label)
        filters.addWidget(self.periode)
        buttons = QHBoxLayout()
        for b in (self.add_button, self.open_button, self.delete_button):
            buttons.addWidget(b)
        buttons.addSpacing(12)
        buttons.addWidget(self.count_label)
        buttons.addStretch(1)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.print_button)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        self.setTabOrder(self.search, self.hasil)
        self.setTabOrder(self.hasil, self.periode)
        self.setTabOrder(self.periode, self.view)
        self._load_periods()
        self.refresh()

    # -- data -------------------------------------------------------------------------------
    def current_filter(self) -> PendaftarFilter:
        periode = self.periode.currentData()
        return PendaftarFilter(
            teks=self.search.text(),
            hasil=self.hasil.currentData(),
            periode=periode if isinstance(periode, str) else None,
            kecamatan_id=pilihan(self.actor),
        )

    def _load_periods(self) -> None:
        try:
            periods = pendaftar_daftar.periods(self.actor, pilihan(self.actor))
        except AppError:
            periods = []
        current = self.periode.currentData()
        self.periode.blockSignals(True)
        self.periode.clear()
        self.periode.addItem(ALL_PERIODS, None)
        for p in periods:
            self.periode.addItem(p or "(tanpa periode)", p)
        index = self.periode.findData(current) if isinstance(current, str) else 0
        self.periode.setCurrentIndex(max(index, 0))
        self.periode.blockSignals(False)

    def refresh(self) -> None:
        self.timer.stop()
        selected = self.selected()
        try:
            self.rows = pendaftar_daftar.search(self.actor, self.current_filter())
        except AppError as exc:
            messages.show_error(self, exc, "Daftar pendaftar")
            self.rows = []
        # one period shown: the filter already says which, the column would only repeat it
        self.view.setColumnHidden(PERIODE_COLUMN, len({r.periode for r in self.rows}) < 2)
        self.model.set_rows(self.rows)
        if selected is not None:
            self.select(selected.id)
        counts = {h: sum(1 for r in self.rows if r.hasil == h) for h in el.HASIL_AKHIR_LABEL}
        summary = ", ".join(
            f"{n} {el.HASIL_AKHIR_LABEL[h].lower()}" for h, n in counts.items() if n
        )
        self.count_label.setText(
            f"{len(self.rows)} pendaftar" + (f" ({summary})" if summary else "")
        )
        self._update_buttons()

    def reload(self) -> None:
        """Periods may have changed too (a new candidate of a new period)."""
        self._load_periods()
        self.refresh()

    def selected(self) -> PendaftarRow | None:
        indexes = self.view.selectionModel().selectedRows()
        row: PendaftarRow | None = indexes[0].data(ROW_ROLE) if indexes else None
        return row

    def select(self, pendaftar_id: int) -> bool:
        for r in range(self.proxy.rowCount()):
            index = self.proxy.index(r, 0)
            if index.data(ROW_ROLE).id == pendaftar_id:
                self.view.selectRow(r)
                self.view.scrollTo(index)
                return True
        return False

    def _update_buttons(self) -> None:
        has = self.selected() is not None
        self.open_button.setEnabled(has)
        self.delete_button.setEnabled(has)

    # -- actions ----------------------------------------------------------------------------
    def add(self) -> PendaftarDialog | None:
        return self._open(None) if self.can_edit else None

    def open_selected(self) -> PendaftarDialog | None:
        row = self.selected()
        return self._open(row.id) if row is not None else None

    def open_candidate(self, pendaftar_id: int) -> PendaftarDialog | None:
        return self._open(pendaftar_id)

    def _open(self, pendaftar_id: int | None) -> PendaftarDialog | None:
        try:
            dialog = PendaftarDialog(self.actor, pendaftar_id, self)
        except AppError as exc:
            messages.show_error(self, exc, "Data pendaftar")
            self.reload()
            return None
        self.dialog = dialog
        dialog.saved.connect(self._saved)
        dialog.finished.connect(self._closed)
        dialog.open()
        return dialog

    def _saved(self, pendaftar_id: int) -> None:
        self.reload()
        self.select(pendaftar_id)
        self.changed.emit()

    def _closed(self) -> None:
        dialog, self.dialog = self.dialog, None
        self.reload()
        if dialog is not None:
            if dialog.pendaftar_id is not None:
                self.select(dialog.pendaftar_id)
            dialog.deleteLater()

    def open_import(self) -> ImporPendaftarDialog | None:
        if not self.can_edit:
            return None
        dialog = ImporPendaftarDialog(self.actor, self)
        self.import_dialog = dialog
        dialog.imported.connect(self._imported)
        dialog.finished.connect(self._import_closed)
        dialog.open()
        return dialog

    def _imported(self) -> None:
        self.reload()
        self.changed.emit()

    def _import_closed(self) -> None:
        dialog, self.import_dialog = self.import_dialog, None
        if dialog is not None:
            dialog.deleteLater()

    def delete_selected(self) -> None:
        row = self.selected()
        if row is None or not self.can_edit:
            return
        if not messages.confirm(
            self,
            "Hapus pendaftar",
            f"Hapus pendaftar {row.nama} (NIK {row.nik})? Berkas, hasil pemeriksaan dan "
            "keputusan seleksinya ikut terhapus. Tindakan ini tercatat di jejak audit.",
            destructive=True,
        ):
            return
        try:
            pendaftar.delete(self.actor, row.id)
        except AppError as exc:
            messages.show_error(self, exc, "Pendaftar tidak dapat dihapus")
        self.reload()
        self.changed.emit()

    def _print_daftar(self, paper: str, with_nik: bool) -> PrintJob:
        actor, shown = self.actor, self.current_filter()

        def job(module: ModuleType, path: Path) -> object:
            return module.print_daftar(actor, path, shown, paper)

        return job
