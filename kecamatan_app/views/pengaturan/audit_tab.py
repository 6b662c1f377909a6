"""Pengaturan > Jejak Audit: read the trail, filtered and paged (500 a page), with the old and
new values of the chosen entry side by side, and export to Excel. Entries cannot be edited or
deleted: there is no such button, and the database refuses it anyway.

"Periksa keutuhan" checks the hash chain in the background and shows the outcome in a banner:
green when intact, red naming the first broken entry, with a button that opens that entry."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...services import audit, audit_query, ekspor, formatting, users
from ...services.audit import AuditFilter, AuditRow, ChainCheck
from ...services.context import Actor
from ...services.errors import AppError
from ...services.permissions import Aksi, allowed
from .. import messages
from ..table_model import ROW_ROLE, SORT_ROLE, Column, RowTableModel
from ..tasks import Progress, Task, run_task
from .common import OptionalDate, export_to_excel, today_name

PAGE_SIZE = 500
ALL = "(semua)"
_BANNER = ("#rantaiBanner {{ background: {bg}; border: 1px solid {line}; border-radius: 4px; }}"
           " #rantaiBanner QLabel {{ color: {text}; }}")
BANNER_OK = _BANNER.format(bg="#e8f5e9", line="#66bb6a", text="#1b5e20")  # green: intact
BANNER_BAD = _BANNER.format(bg="#fdecea", line="#e57373", text="#b00020")  # red: broken

COLUMNS: list[Column[AuditRow]] = [
    Column("Waktu", lambda r: r.waktu),
    Column("Pelaku", lambda r: r.pelaku),
    Column("Aksi", lambda r: r.aksi_label),
    Column("Tabel", lambda r: r.tabel),
    Column("ID rekaman", lambda r: r.rekaman_id),
    Column("Ringkasan", lambda r: r.ringkasan),
]


def pretty_json(text: str) -> str:
    """Stored JSON indented for reading; other text as it is."""
    if not text:
        return "(kosong)"
    try:
        return json.dumps(json.loads(text), indent=2, ensure_ascii=False, sort_keys=True)
    except ValueError:
        return text


def _json_box() -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setReadOnly(True)
    box.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
    return box


class AuditTab(QWidget):
    def __init__(self, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        self.offset = 0
        self.total = 0
        self.filter = AuditFilter()
        self.task: Task | None = None
        self.chain_task: Task | None = None
        self.chain_result: ChainCheck | None = None

        self.user_combo = QComboBox()
        self.table_combo = QComboBox()
        self.aksi_combo = QComboBox()
        self.aksi_combo.addItem(ALL, None)
        for aksi, aksi_label in audit.AKSI_LABELS.items():
            self.aksi_combo.addItem(aksi_label, aksi)
        self.dari = OptionalDate("Dari &tanggal")
        self.sampai = OptionalDate("Sa&mpai tanggal")
        self.text = QLineEdit()
        self.text.setPlaceholderText("teks di ringkasan atau nama pelaku")
        self.text.setClearButtonEnabled(True)
        self.apply_button = QPushButton("Te&rapkan")
        self.reset_button = QPushButton("Atur &ulang")

        grid = QGridLayout()
        for col, (text, widget) in enumerate(
            (
                ("Pen&gguna:", self.user_combo),
                ("T&abel:", self.table_combo),
                ("A&ksi:", self.aksi_combo),
            )
        ):
            label = QLabel(text)
            label.setBuddy(widget)
            grid.addWidget(label, 0, col * 2)
            grid.addWidget(widget, 0, col * 2 + 1)
        grid.addWidget(self.dari, 1, 0, 1, 2)
        grid.addWidget(self.sampai, 1, 2, 1, 2)
        text_label = QLabel("&Cari teks:")
        text_label.setBuddy(self.text)
        grid.addWidget(text_label, 2, 0)
        grid.addWidget(self.text, 2, 1, 1, 3)
        grid.addWidget(self.apply_button, 2, 4)
        grid.addWidget(self.reset_button, 2, 5)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        grid.setColumnStretch(5, 1)

        self.model: RowTableModel[AuditRow] = RowTableModel(COLUMNS, self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.view = QTableView()
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # newest first, as served
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().setVisible(False)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.view.horizontalHeader().setStretchLastSection(True)

        self.page_label = QLabel("")
        self.prev_button = QPushButton("Se&belumnya")
        self.next_button = QPushButton("Berikut&nya")
        self.export_button = QPushButton("&Ekspor ke Excel...")
        self.export_button.setVisible(allowed(actor, Aksi.AUDIT_EKSPOR))
        paging = QHBoxLayout()
        paging.addWidget(self.page_label)
        paging.addStretch(1)
        paging.addWidget(self.prev_button)
        paging.addWidget(self.next_button)
        paging.addWidget(self.export_button)

        self.summary = QLabel("Pilih satu entri untuk melihat rinciannya.")
        self.summary.setWordWrap(True)
        self.old_box = _json_box()
        self.new_box = _json_box()
        detail = QWidget()
        detail_grid = QGridLayout(detail)
        detail_grid.setContentsMargins(0, 0, 0, 0)
        detail_grid.addWidget(self.summary, 0, 0, 1, 2)
        detail_grid.addWidget(QLabel("Data lama:"), 1, 0)
        detail_grid.addWidget(QLabel("Data baru:"), 1, 1)
        detail_grid.addWidget(self.old_box, 2, 0)
        detail_grid.addWidget(self.new_box, 2, 1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.view, 1)
        top_layout.addLayout(paging)
        splitter.addWidget(top)
        splitter.addWidget(detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)

        note = QLabel("Jejak audit hanya dapat dibaca: entrinya tidak dapat diubah atau dihapus.")
        note.setWordWrap(True)
        self.check_button = QPushButton("&Periksa keutuhan")
        self.check_button.setToolTip(
            "Menghitung ulang rantai hash seluruh jejak audit untuk memastikan tidak ada entri "
            "yang diubah, dihapus atau disisipkan.")
        note_row = QHBoxLayout()
        note_row.addWidget(note, 1)
        note_row.addWidget(self.check_button)
        self.banner = QFrame()
        self.banner.setObjectName("rantaiBanner")
        self.banner_label = QLabel("")
        self.banner_label.setWordWrap(True)
        # grow to every wrapped line of a long message (a word-wrapped label's default
        # policy lets the layout cut it to the height of fewer lines)
        self.banner_label.setSizePolicy(QSizePolicy.Policy.Preferred,
                                        QSizePolicy.Policy.MinimumExpanding)
        self.banner_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.jump_button = QPushButton("")
        banner_layout = QHBoxLayout(self.banner)
        banner_layout.addWidget(self.banner_label, 1)
        banner_layout.addWidget(self.jump_button)
        self.banner.setVisible(False)
        self.jump_button.setVisible(False)
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addLayout(note_row)
        layout.addWidget(self.banner)
        layout.addWidget(splitter, 1)

        for combo in (self.user_combo, self.table_combo, self.aksi_combo):
            combo.currentIndexChanged.connect(self.apply_filter)
        for optional in (self.dari, self.sampai):
            optional.check.toggled.connect(self.apply_filter)
            optional.edit.dateChanged.connect(self.apply_filter)
        self.text.returnPressed.connect(self.apply_filter)
        self.apply_button.clicked.connect(self.apply_filter)
        self.reset_button.clicked.connect(self.reset_filter)
        self.prev_button.clicked.connect(self.previous_page)
        self.next_button.clicked.connect(self.next_page)
        self.export_button.clicked.connect(self.export)
        self.check_button.clicked.connect(self.check_chain)
        self.jump_button.clicked.connect(self.show_broken_entry)
        self.view.selectionModel().selectionChanged.connect(self._show_detail)
        self.refresh()

    # filters ------------------------------------------------------------------------------
    def _user_choices(self) -> list[tuple[int, str]]:
        if allowed(self.actor, Aksi.PENGGUNA_KELOLA):
            return [
                (u.id, f"{u.nama_pengguna} ({u.nama_lengkap})")
                for u in users.list_users(self.actor)
            ]
        return audit_query.audit_actors(self.actor)

    @staticmethod
    def _fill(combo: QComboBox, items: list[tuple[object, str]]) -> None:
        """Refill a combo keeping its choice; no filter signal while doing so."""
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(ALL, None)
        for data, label in items:
            combo.addItem(label, data)
        combo.setCurrentIndex(max(combo.findData(current), 0) if current is not None else 0)
        combo.blockSignals(False)

    def current_filter(self) -> AuditFilter:
        return AuditFilter(
            pengguna_id=self.user_combo.currentData(),
            dari=self.dari.value(),
            sampai=self.sampai.value(),
            tabel=self.table_combo.currentData(),
            aksi=self.aksi_combo.currentData(),
            teks=self.text.text().strip(),
        )

    def apply_filter(self) -> None:
        self.filter = self.current_filter()
        self.offset = 0
        self.load_page()

    def reset_filter(self) -> None:
        quiet: list[QWidget] = [
            self.user_combo,
            self.table_combo,
            self.aksi_combo,
            self.text,
            self.dari.check,
            self.dari.edit,
            self.sampai.check,
            self.sampai.edit,
        ]
        for w in quiet:
            w.blockSignals(True)
        for combo in (self.user_combo, self.table_combo, self.aksi_combo):
            combo.setCurrentIndex(0)
        self.dari.set_value(None)
        self.sampai.set_value(None)
        self.text.clear()
        for w in quiet:
            w.blockSignals(False)
        self.apply_filter()

    # data ---------------------------------------------------------------------------------
    def refresh(self) -> None:
        try:
            self._fill(self.user_combo, list(self._user_choices()))
            self._fill(self.table_combo, [(t, t) for t in audit.tables_in_trail(self.actor)])
        except AppError as exc:
            messages.show_error(self, exc, "Jejak audit")
        self.filter = self.current_filter()
        self.load_page()

    def load_page(self) -> None:
        try:
            self.total = audit.count(self.actor, self.filter)
            if self.offset >= self.total:
                self.offset = max(0, (self.total - 1) // PAGE_SIZE * PAGE_SIZE)
            rows = audit.search(self.actor, self.filter, PAGE_SIZE, self.offset)
        except AppError as exc:
            messages.show_error(self, exc, "Jejak audit")
            self.total, rows = 0, []
        self.model.set_rows(rows)
        if rows:
            first, last = self.offset + 1, self.offset + len(rows)
            self.page_label.setText(
                f"Menampilkan {formatting.angka(first)}-"
                f"{formatting.angka(last)} dari "
                f"{formatting.angka(self.total)} entri"
            )
        else:
            self.page_label.setText("Tidak ada entri yang cocok dengan saringan.")
        self.prev_button.setEnabled(self.offset > 0)
        self.next_button.setEnabled(self.offset + PAGE_SIZE < self.total)
        self._show_detail()

    def previous_page(self) -> None:
        self.offset = max(0, self.offset - PAGE_SIZE)
        self.load_page()

    def next_page(self) -> None:
        if self.offset + PAGE_SIZE < self.total:
            self.offset += PAGE_SIZE
            self.load_page()

    def selected(self) -> AuditRow | None:
        indexes = self.view.selectionModel().selectedRows()
        row: AuditRow | None = indexes[0].data(ROW_ROLE) if indexes else None
        return row

    def _show_detail(self) -> None:
        r = self.selected()
        if r is None:
            self.summary.setText("Pilih satu entri untuk melihat rinciannya.")
            self.old_box.clear()
            self.new_box.clear()
            return
        where = f" - {r.tabel} #{r.rekaman_id}" if r.tabel else ""
        self.summary.setText(
            f"{formatting.waktu(r.waktu)} - {r.pelaku} - {r.aksi_label}{where}: {r.ringkasan}"
        )
        self.old_box.setPlainText(pretty_json(r.data_lama))
        self.new_box.setPlainText(pretty_json(r.data_baru))

    def export(self) -> Task | None:
        f = self.filter

        def work(path: Path, progress: Progress) -> int:
            return ekspor.export_audit(self.actor, f, path, progress)

        self.task = export_to_excel(
            self,
            "Mengekspor jejak audit",
            today_name("jejak-audit"),
            work,
            on_finished=self.refresh,
        )
        return self.task

    # the hash chain -----------------------------------------------------------------------
    def check_chain(self) -> Task:
        """Recompute the chain off the GUI thread; the outcome goes to the banner."""
        self.check_button.setEnabled(False)

        def work(progress: Progress) -> ChainCheck:
            return audit.check_chain(self.actor, progress)

        def failed(exc: BaseException) -> None:
            self.check_button.setEnabled(True)
            messages.show_error(self, exc, "Pemeriksaan jejak audit")

        self.chain_task = run_task(self, "Memeriksa keutuhan jejak audit", work,
                                   self._show_chain, failed)
        return self.chain_task

    def _show_chain(self, result: object) -> None:
        self.check_button.setEnabled(True)
        if not isinstance(result, ChainCheck):
            return
        self.chain_result = result
        self.banner.setStyleSheet(BANNER_OK if result.ok else BANNER_BAD)
        self.banner_label.setText(result.message)
        self.banner.setVisible(True)
        broken = result.first_bad_id
        self.jump_button.setVisible(broken is not None)
        if broken is not None:
            self.jump_button.setText(f"&Lihat entri #{broken}")

    def show_broken_entry(self) -> bool:
        """Open the page of the first broken entry with every filter cleared, and select it."""
        result = self.chain_result
        if result is None or result.first_bad_id is None:
            return False
        entry_id = result.first_bad_id
        try:
            before = audit.newer_than(self.actor, AuditFilter(), entry_id)
        except AppError as exc:
            messages.show_error(self, exc, "Jejak audit")
            return False
        if before is None:
            messages.info(self, "Jejak audit",
                          f"Entri #{entry_id} tidak ada lagi di jejak audit. Periksa keutuhan "
                          "sekali lagi untuk melihat keadaan sekarang.")
            return False
        self.reset_filter()
        self.offset = before // PAGE_SIZE * PAGE_SIZE
        self.load_page()
        for r in range(self.proxy.rowCount()):
            index = self.proxy.index(r, 0)
            row = index.data(ROW_ROLE)
            if row is not None and row.id == entry_id:
                self.view.selectRow(r)
                self.view.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)
                self.view.setFocus()
                return True
        return False
