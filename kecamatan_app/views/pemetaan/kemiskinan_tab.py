"""Pemetaan Sosial > Penilaian Kemiskinan: the scored indicators of an instrument (read-only),
its class thresholds ("Ubah batas kelas...", REFERENSI_UBAH), and per household the assessment
history; "Nilai keluarga..." (REGISTRI_UBAH) records a new assessment with the total and class
shown live while the indicators are answered."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...services import kemiskinan
from ...services.context import Actor
from ...services.errors import AppError
from ...services.kemiskinan import HasilPenilaian, InstrumenInfo, Kelas, KeluargaPilihan
from ...services.permissions import Aksi, allowed
from .. import messages
from ..kecamatan_pilih import boleh_ubah, pilihan
from ..pengaturan.common import DATE_DISPLAY, SearchableTable, from_qdate, to_qdate
from ..pengaturan.form_dialog import FormDialog
from ..table_model import Column


@dataclass(frozen=True)
class KelasRow:
    nama: str
    dari: int
    sampai: int


def kelas_rows(info: InstrumenInfo) -> list[KelasRow]:
    """Each class with its score range: from one above the previous bound up to its own."""
    rows, low = [], info.skor_min
    for k in sorted(info.kelas, key=lambda k: k.skor_maks):
        rows.append(KelasRow(k.nama, low, k.skor_maks))
        low = k.skor_maks + 1
    return rows


KELAS_COLUMNS: list[Column[KelasRow]] = [
    Column("Kelas", lambda r: r.nama),
    Column("Skor dari", lambda r: r.dari, align_right=True),
    Column("Skor sampai", lambda r: r.sampai, align_right=True),
]
RIWAYAT_COLUMNS: list[Column[HasilPenilaian]] = [
    Column("Tanggal", lambda r: r.tanggal),
    Column("Skor", lambda r: r.total, align_right=True),
    Column("Kelas", lambda r: r.kelas),
    Column("Catatan", lambda r: r.catatan),
]


T = TypeVar("T")
INSTRUMEN_GAGAL = "Instrumen tidak dapat ditampilkan"


def labelled(text: str, widget: QWidget) -> QLabel:
    label = QLabel(text)
    label.setBuddy(widget)
    return label


def household_text(k: KeluargaPilihan) -> str:
    kk = f"KK {k.no_kk}" if k.no_kk else "tanpa No. KK"
    return f"{k.kepala} - {kk} - {k.desa}"


class KelasDialog(FormDialog):
    """The class names and upper bounds, lowest class first; Simpan calls set_classes."""

    def __init__(self, actor: Actor, info: InstrumenInfo, parent: QWidget | None = None) -> None:
        super().__init__(
            f"Batas kelas - {info.nama}",
            f"Skor instrumen ini {info.skor_min} sampai {info.skor_maks}. Isi kelas dari yang "
            "terendah; tiap kelas mencakup skor sampai batas atasnya, kelas terakhir harus "
            f"sampai {info.skor_maks}.",
            parent,
        )
        self.actor, self.info = actor, info
        self.rows: list[tuple[QLineEdit, QSpinBox]] = []
        self.add_button = QPushButton("&Tambah kelas")
        self.remove_button = QPushButton("&Hapus kelas terakhir")
        self.add_button.clicked.connect(lambda: self.add_kelas(Kelas("", info.skor_maks)))
        self.remove_button.clicked.connect(self.remove_last)
        row = QHBoxLayout()
        row.addWidget(self.add_button)
        row.addWidget(self.remove_button)
        row.addStretch(1)
        self.main_layout.insertLayout(self.main_layout.indexOf(self.error), row)
        for k in info.kelas:
            self.add_kelas(k)

    def add_kelas(self, k: Kelas) -> None:
        nama = QLineEdit(k.nama)
        nama.setPlaceholderText("nama kelas")
        batas = QSpinBox()
        batas.setRange(0, max(999, self.info.skor_maks))
        batas.setValue(k.skor_maks)
        box = QHBoxLayout()
        box.addWidget(nama, 1)
        box.addWidget(QLabel("sampai skor"))
        box.addWidget(batas)
        self.form.addRow(f"Kelas {len(self.rows) + 1}:", box)
        self.rows.append((nama, batas))
        self.errors.widgets.setdefault("kelas", nama)
        self.remove_button.setEnabled(len(self.rows) > 1)

    def remove_last(self) -> None:
        if len(self.rows) > 1:
            self.rows.pop()
            self.form.removeRow(self.form.rowCount() - 1)
        self.remove_button.setEnabled(len(self.rows) > 1)

    def kelas(self) -> list[Kelas]:
        return [Kelas(nama.text(), batas.value()) for nama, batas in self.rows]

    def save(self) -> None:
        kemiskinan.set_classes(self.actor, self.info.id, self.kelas())


class PenilaianDialog(FormDialog):
    """One combo per indicator (grouped by kelompok); the total and class follow every answer."""

    def __init__(
        self, actor: Actor, info: InstrumenInfo, kk: KeluargaPilihan, parent: QWidget | None = None
    ) -> None:
        super().__init__(f"Nilai keluarga {kk.kepala}", household_text(kk), parent)
        self.setMinimumSize(620, 560)
        self.actor, self.info, self.keluarga = actor, info, kk
        self.combos: dict[int, QComboBox] = {}
        answers = QWidget()
        grid = QFormLayout(answers)
        kelompok = None
        for ind in info.indikator:
            if ind.kelompok != kelompok:
                kelompok = ind.kelompok
                grid.addRow(QLabel(f"<b>{kelompok}</b>"))
            combo = QComboBox()
            combo.addItem("- pilih -", None)
            for o in ind.opsi:
                combo.addItem(f"{o.teks} (skor {o.skor})", o.id)
            combo.currentIndexChanged.connect(self.update_total)
            grid.addRow(f"{ind.nama}:", combo)
            self.combos[ind.id] = combo
            self.errors.widgets[f"indikator_{ind.id}"] = combo
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(answers)
        self.main_layout.insertWidget(self.main_layout.indexOf(self.form), scroll, 1)
        self.total_label = QLabel("")
        self.total_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.add_row("Skor:", self.total_label)
        self.tanggal = QDateEdit(to_qdate(dt.date.today()))
        self.tanggal.setCalendarPopup(True)
        self.tanggal.setDisplayFormat(DATE_DISPLAY)
        self.tanggal.setMaximumDate(self.tanggal.date())
        self.add_row("&Tanggal penilaian:", self.tanggal, "tanggal")
        self.catatan = QLineEdit()
        self.add_row("&Catatan:", self.catatan, "catatan")
        self.update_total()

    def answers(self) -> dict[int, int]:
        return {i: c.currentData() for i, c in self.combos.items() if c.currentData() is not None}

    def update_total(self) -> None:
        """The running total; the class once every indicator is answered."""
        scores = {o.id: o.skor for ind in self.info.indikator for o in ind.opsi}
        total = sum(scores[o] for o in self.answers().values())
        missing = len(self.combos) - len(self.answers())
        kelas = self.info.kelas_of(total) or "di luar batas kelas"
        self.total_label.setText(
            f"{total} ({missing} indikator belum dijawab)" if missing else f"{total} - {kelas}"
        )

    def save(self) -> HasilPenilaian:
        tanggal = from_qdate(self.tanggal.date())
        return kemiskinan.assess(
            self.actor, self.info.id, self.keluarga.id, tanggal, self.answers(), self.catatan.text()
        )


class KemiskinanTab(QWidget):
    #: An assessment was saved (other pages showing households may reload).
    assessed = Signal()

    def __init__(self, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        self.can_assess = boleh_ubah(actor, Aksi.REGISTRI_UBAH)
        self.can_edit_classes = allowed(actor, Aksi.REFERENSI_UBAH)
        self.info: InstrumenInfo | None = None
        self.dialog: FormDialog | None = None

        self.instrument = QComboBox()
        self.sumber = QLabel("")
        self.sumber.setWordWrap(True)
        self.indikator = QTreeWidget()
        self.indikator.setHeaderLabels(["Indikator", "Pilihan jawaban (skor)"])
        self.indikator.setAlternatingRowColors(True)
        self.kelas = SearchableTable(KELAS_COLUMNS)
        self.kelas_button = QPushButton("&Ubah batas kelas...")
        self.kelas_button.setVisible(self.can_edit_classes)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Nama kepala keluarga atau awal No. KK")
        self.search.setClearButtonEnabled(True)
        self.households = QListWidget()
        self.riwayat = SearchableTable(RIWAYAT_COLUMNS)
        self.assess_button = QPushButton("&Nilai keluarga...")
        self.assess_button.setVisible(self.can_assess)

        self.instrument.currentIndexChanged.connect(self.load_instrument)
        self.kelas_button.clicked.connect(self.edit_classes)
        self.search.textChanged.connect(self.find_households)
        self.households.currentItemChanged.connect(self.load_history)
        self.assess_button.clicked.connect(self.assess)

        left = QWidget()
        lv = QVBoxLayout(left)
        top = QHBoxLayout()
        top.addWidget(labelled("&Instrumen:", self.instrument))
        top.addWidget(self.instrument, 1)
        lv.addLayout(top)
        lv.addWidget(self.sumber)
        lv.addWidget(self.indikator, 3)
        box = QGroupBox("Batas kelas")
        bv = QVBoxLayout(box)
        bv.addWidget(self.kelas.view)
        bv.addWidget(self.kelas_button, 0, Qt.AlignmentFlag.AlignLeft)
        lv.addWidget(box, 1)
        right = QWidget()
        rv = QVBoxLayout(right)
        rv.addWidget(labelled("Cari &keluarga:", self.search))
        rv.addWidget(self.search)
        rv.addWidget(self.households, 1)
        rv.addWidget(QLabel("Riwayat penilaian keluarga terpilih:"))
        rv.addWidget(self.riwayat.view, 1)
        rv.addWidget(self.assess_button, 0, Qt.AlignmentFlag.AlignLeft)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        self.refresh()

    # -- loading ----------------------------------------------------------------------------
    def _load(self, title: str, fn: Callable[[], list[T]]) -> list[T]:
        """What ``fn`` reads, or nothing after showing why it could not be read."""
        try:
            return fn()
        except AppError as exc:
            messages.show_error(self, exc, title)
            return []

    def refresh(self) -> None:
        current = self.instrument.currentData()
        items = self._load(INSTRUMEN_GAGAL, lambda: kemiskinan.instruments(self.actor))
        self.instrument.blockSignals(True)
        self.instrument.clear()
        for iid, nama in items:
            self.instrument.addItem(nama, iid)
        index = self.instrument.findData(current)
        self.instrument.setCurrentIndex(index if index >= 0 else 0 if items else -1)
        self.instrument.blockSignals(False)
        self.load_instrument()
        self.find_households()

    def load_instrument(self) -> None:
        iid = self.instrument.currentData()
        found = self._load(
            INSTRUMEN_GAGAL, lambda: [kemiskinan.get(self.actor, iid)] if iid is not None else []
        )
        self.info = info = found[0] if found else None
        self.indikator.clear()
        self.sumber.setText(
            f"{len(info.indikator)} indikator, skor {info.skor_min}-{info.skor_maks}. "
            f"Sumber: {info.sumber or '-'}"
            if info
            else "Belum ada instrumen penilaian."
        )
        groups: dict[str, QTreeWidgetItem] = {}
        for ind in info.indikator if info else ():
            parent = groups.get(ind.kelompok)
            if parent is None:
                parent = QTreeWidgetItem(self.indikator, [ind.kelompok or "Lainnya"])
                parent.setFirstColumnSpanned(True)
                groups[ind.kelompok] = parent
            options = "; ".join(f"{o.teks} ({o.skor})" for o in ind.opsi)
            item = QTreeWidgetItem(parent, [ind.nama, options])
            item.setToolTip(1, options)
        self.indikator.expandAll()
        self.indikator.resizeColumnToContents(0)
        self.kelas.set_rows(kelas_rows(info) if info else [])
        self.kelas_button.setEnabled(info is not None)
        self._update_buttons()

    def indicator_count(self) -> int:
        """How many indicators the tree shows (under their kelompok)."""
        it = self.indikator
        groups = (it.topLevelItem(i) for i in range(it.topLevelItemCount()))
        return sum(g.childCount() for g in groups if g is not None)

    def find_households(self) -> None:
        found = self._load(
            "Keluarga tidak dapat dicari",
            lambda: kemiskinan.find_households(self.actor, self.search.text(),
                                               kecamatan_id=pilihan(self.actor)),
        )
        current = self.selected_household()
        self.households.clear()
        for k in found:
            item = QListWidgetItem(household_text(k))
            item.setData(Qt.ItemDataRole.UserRole, k)
            self.households.addItem(item)
            if current is not None and k.id == current.id:
                self.households.setCurrentItem(item)
        self.load_history()

    def selected_household(self) -> KeluargaPilihan | None:
        item = self.households.currentItem()
        value = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        return value if isinstance(value, KeluargaPilihan) else None

    def load_history(self) -> None:
        k = self.selected_household()
        rows = self._load(
            "Riwayat tidak dapat ditampilkan",
            lambda: kemiskinan.assessments(self.actor, k.id) if k is not None else [],
        )
        self.riwayat.set_rows(rows)
        self._update_buttons()

    def _update_buttons(self) -> None:
        ready = self.info is not None and self.selected_household() is not None
        self.assess_button.setEnabled(self.can_assess and ready)

    # -- actions ----------------------------------------------------------------------------
    def edit_classes(self) -> KelasDialog | None:
        if not self.can_edit_classes or self.info is None:
            return None
        dialog = KelasDialog(self.actor, self.info, self)
        dialog.accepted.connect(self.load_instrument)
        self.dialog = dialog
        dialog.open()
        return dialog

    def assess(self) -> PenilaianDialog | None:
        k = self.selected_household()
        if not self.can_assess or self.info is None or k is None:
            return None
        dialog = PenilaianDialog(self.actor, self.info, k, self)
        dialog.accepted.connect(self._assessed)
        self.dialog = dialog
        dialog.open()
        return dialog

    def _assessed(self) -> None:
        self.load_history()
        result = self.dialog.result_value if self.dialog is not None else None
        if isinstance(result, HasilPenilaian):
            self.riwayat.select_where(lambda r: r.id == result.id)
        self.assessed.emit()
