"""Kegiatan > Rekap: for a month, a year or any range of dates, (1) referrals per agency and
status with outcomes and overdue ones, and (2) activities per function and form per desa, each
exportable to Excel."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...services import rekap_kegiatan, rujukan_daftar
from ...services import rujukan_pilihan as pilihan
from ...services.context import Actor
from ...services.errors import AppError
from .. import kecamatan_pilih, messages
from ..pengaturan.common import export_to_excel
from ..tasks import Progress, Task
from .rekap_model import RekapInstansiModel, RekapKegiatanModel
from .rekap_periode import PeriodeKegiatan

STATUS_KEGIATAN: tuple[tuple[str, str], ...] = (
    ("final", "Kegiatan final"),
    ("", "Semua kegiatan (final dan draf)"),
)


def _table(model: object) -> QTableView:
    view = QTableView()
    view.setModel(model)  # type: ignore[arg-type]
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(False)
    view.verticalHeader().setVisible(False)
    view.setWordWrap(False)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)
    view.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
    return view


class RekapKegiatanTab(QWidget):
    def __init__(self, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        self.task: Task | None = None
        self.periode = PeriodeKegiatan()
        self.status = QComboBox()
        for value, label in STATUS_KEGIATAN:
            self.status.addItem(label, value)
        status_label = QLabel("&Kegiatan:")
        status_label.setBuddy(self.status)
        top = QHBoxLayout()
        top.addWidget(self.periode)
        top.addSpacing(16)
        top.addWidget(status_label)
        top.addWidget(self.status)
        top.addStretch(1)

        self.instansi_model = RekapInstansiModel(self)
        self.instansi_view = _table(self.instansi_model)
        header = self.instansi_view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.instansi_note = QLabel()
        self.export_instansi = QPushButton("Ekspor &rujukan ke Excel...")
        self.export_instansi.clicked.connect(self.start_export_instansi)
        box1 = self._box("1. Rujukan per instansi dan status", self.instansi_view,
                         self.instansi_note, self.export_instansi)

        self.kegiatan_model = RekapKegiatanModel(self)
        self.kegiatan_view = _table(self.kegiatan_model)
        self.kegiatan_view.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        self.kegiatan_note = QLabel()
        self.export_kegiatan = QPushButton("Ekspor &kegiatan ke Excel...")
        self.export_kegiatan.clicked.connect(self.start_export_kegiatan)
        box2 = self._box("2. Kegiatan per fungsi dan bentuk per desa", self.kegiatan_view,
                         self.kegiatan_note, self.export_kegiatan)

        # the recap exports (services.rujukan_pilihan) are of the actor's own kecamatan
        for button in (self.export_instansi, self.export_kegiatan):
            button.setVisible(not kecamatan_pilih.perlu_pilih(actor))
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(box1)
        self.splitter.addWidget(box2)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setChildrenCollapsible(False)
        self._user_sized = False
        self.splitter.splitterMoved.connect(lambda *_a: setattr(self, "_user_sized", True))
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.splitter, 1)
        self.periode.changed.connect(self.refresh)
        self.status.currentIndexChanged.connect(lambda _i: self.refresh())
        self.refresh()

    def _box(self, title: str, view: QTableView, note: QLabel, button: QPushButton) -> QGroupBox:
        box = QGroupBox(title)
        note.setWordWrap(True)
        note.setStyleSheet("color: palette(placeholder-text);")
        row = QHBoxLayout()
        row.addWidget(note, 1)
        row.addWidget(button)
        column = QVBoxLayout(box)
        column.addWidget(view, 1)
        column.addLayout(row)
        return box

    def refresh(self) -> None:
        dari, sampai = self.periode.range()
        kec = kecamatan_pilih.pilihan(self.actor)  # the chosen one (kabupaten-wide user)
        try:
            per_instansi = rujukan_daftar.rekap_per_instansi(self.actor, dari, sampai,
                                                             kecamatan_id=kec)
            kegiatan = rekap_kegiatan.per_desa(self.actor, dari, sampai,
                                               self.status.currentData() or "", kecamatan_id=kec)
        except AppError as exc:
            messages.show_error(self, exc, "Rekap kegiatan")
            return
        self.instansi_model.set_rows(per_instansi)
        self.kegiatan_model.set_rekap(kegiatan)
        self.kegiatan_view.resizeColumnsToContents()
        self.fit_tables()
        total = per_instansi[-1] if per_instansi else None
        label = self.periode.label()
        if total is None or not total.jumlah:
            self.instansi_note.setText(f"Tidak ada rujukan pada {label}.")
        else:
            self.instansi_note.setText(
                f"{total.jumlah} rujukan dibuat pada {label}, menurut statusnya sekarang. "
                "Terlambat: masih terbuka melewati tenggat jawaban."
            )
        self.kegiatan_note.setText(
            f"{kegiatan.total.jumlah} kegiatan pada {label}. Kegiatan di beberapa desa dihitung "
            "di tiap desa; baris Jumlah menghitung tiap kegiatan sekali."
        )

    def fit_tables(self) -> None:
        """Give the agency table the height its rows need (the total row in sight), up to
        half of the tab; the activity grid takes the rest. Kept once the user moved the
        divider."""
        if self._user_sized:
            return
        view = self.instansi_view
        rows = sum(view.rowHeight(i) for i in range(self.instansi_model.rowCount()))
        box = self.splitter.widget(0)
        if box is None:
            return
        overhead = box.sizeHint().height() - view.sizeHint().height()
        want = overhead + view.horizontalHeader().sizeHint().height() + rows \
            + 2 * view.frameWidth() + 2
        total = max(self.splitter.height(), 400)
        first = min(max(want, 160), total // 2)
        self.splitter.setSizes([first, total - first])

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.fit_tables()

    def start_export_instansi(self) -> None:
        dari, sampai = self.periode.range()

        def work(path: Path, progress: Progress) -> int:
            return pilihan.export_rekap_instansi(self.actor, dari, sampai, path, progress)

        self.task = export_to_excel(
            self, "Ekspor rekap rujukan", f"rekap-rujukan-{self.periode.slug()}.xlsx", work
        )

    def start_export_kegiatan(self) -> None:
        dari, sampai = self.periode.range()
        status = self.status.currentData() or ""

        def work(path: Path, progress: Progress) -> int:
            return pilihan.export_rekap_kegiatan(self.actor, dari, sampai, status, path,
                                                 progress)

        self.task = export_to_excel(
            self, "Ekspor rekap kegiatan", f"rekap-kegiatan-{self.periode.slug()}.xlsx", work
        )
