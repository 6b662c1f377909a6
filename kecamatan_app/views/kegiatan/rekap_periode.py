"""The period of the activity recaps: a month, a year, or any range of dates."""

from __future__ import annotations

import calendar
import datetime as dt

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QSpinBox, QWidget

from ...services.formatting import bulan_tahun, nama_bulan, tanggal
from ..pengaturan.common import to_qdate
from .rujukan_form import date_edit, date_of

BULAN, TAHUN, RENTANG = 0, 1, 2


class PeriodeKegiatan(QWidget):
    """Jenis (Bulan / Tahun / Rentang tanggal), then the fields that kind needs."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None, today: dt.date | None = None) -> None:
        super().__init__(parent)
        today = today or dt.date.today()
        self.kind = QComboBox()
        self.kind.addItems(["Bulan", "Tahun", "Rentang tanggal"])
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(today.year)
        self.month = QComboBox()
        self.month.addItems([nama_bulan(b) for b in range(1, 13)])
        self.month.setCurrentIndex(today.month - 1)
        self.dari = date_edit(today.replace(day=1))
        self.sampai = date_edit(today)
        self.sampai_label = QLabel("s.d.")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        label = QLabel("&Periode:")
        label.setBuddy(self.kind)
        for w in (label, self.kind, self.month, self.year, self.dari, self.sampai_label,
                  self.sampai):
            row.addWidget(w)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.year.valueChanged.connect(lambda _v: self.changed.emit())
        self.month.currentIndexChanged.connect(lambda _i: self.changed.emit())
        self.dari.dateChanged.connect(lambda _d: self.changed.emit())
        self.sampai.dateChanged.connect(lambda _d: self.changed.emit())
        self._show_fields()

    def _show_fields(self) -> None:
        kind = self.kind.currentIndex()
        self.month.setVisible(kind == BULAN)
        self.year.setVisible(kind in (BULAN, TAHUN))
        for w in (self.dari, self.sampai_label, self.sampai):
            w.setVisible(kind == RENTANG)

    def _kind_changed(self) -> None:
        self._show_fields()
        self.changed.emit()

    def set_month(self, year: int, month: int) -> None:
        self.blockSignals(True)
        self.kind.setCurrentIndex(BULAN)
        self.year.setValue(year)
        self.month.setCurrentIndex(month - 1)
        self.blockSignals(False)
        self.changed.emit()

    def set_year(self, year: int) -> None:
        self.blockSignals(True)
        self.kind.setCurrentIndex(TAHUN)
        self.year.setValue(year)
        self.blockSignals(False)
        self.changed.emit()

    def set_range(self, dari: dt.date, sampai: dt.date) -> None:
        self.blockSignals(True)
        self.kind.setCurrentIndex(RENTANG)
        self.dari.setDate(to_qdate(dari))
        self.sampai.setDate(to_qdate(sampai))
        self.blockSignals(False)
        self.changed.emit()

    def range(self) -> tuple[dt.date, dt.date]:
        kind, year = self.kind.currentIndex(), self.year.value()
        if kind == BULAN:
            month = self.month.currentIndex() + 1
            return dt.date(year, month, 1), dt.date(year, month,
                                                    calendar.monthrange(year, month)[1])
        if kind == TAHUN:
            return dt.date(year, 1, 1), dt.date(year, 12, 31)
        return date_of(self.dari), date_of(self.sampai)

    def label(self) -> str:
        kind = self.kind.currentIndex()
        dari, sampai = self.range()
        if kind == BULAN:
            return bulan_tahun(dari.year, dari.month)
        if kind == TAHUN:
            return f"tahun {dari.year}"
        return f"{tanggal(dari)} s.d. {tanggal(sampai)}"

    def slug(self) -> str:
        dari, sampai = self.range()
        kind = self.kind.currentIndex()
        if kind == BULAN:
            return f"{dari:%Y-%m}"
        if kind == TAHUN:
            return f"{dari:%Y}"
        return f"{dari.isoformat()}-sd-{sampai.isoformat()}"
