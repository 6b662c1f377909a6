"""The month chooser of the Laporan page: a year and a month, the previous month by default.

Only months that have begun are offered (a report is written for a month under way or past);
the years are those with activities, always including this year and the default month's year.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QWidget

from ...services import kegiatan_daftar
from ...services.context import Actor
from ...services.errors import AppError
from ...services.formatting import nama_bulan
from ..kecamatan_pilih import pilihan


def bulan_lalu(today: dt.date | None = None) -> tuple[int, int]:
    """The month before ``today``'s: the month whose report is due now."""
    first = (today or dt.date.today()).replace(day=1)
    before = first - dt.timedelta(days=1)
    return before.year, before.month


class BulanPilih(QWidget):
    """Emits ``changed(tahun, bulan)`` when the user picks another month."""

    changed = Signal(int, int)

    def __init__(self, actor: Actor, parent: QWidget | None = None,
                 today: dt.date | None = None) -> None:
        super().__init__(parent)
        self.today = today or dt.date.today()
        self.year = QComboBox()
        self.year.setObjectName("tahunLaporan")
        self.month = QComboBox()
        self.month.setObjectName("bulanLaporan")
        self.month.setMinimumContentsLength(10)
        year_label = QLabel("&Tahun:")
        year_label.setBuddy(self.year)
        month_label = QLabel("&Bulan:")
        month_label.setBuddy(self.month)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(year_label)
        layout.addWidget(self.year)
        layout.addSpacing(8)
        layout.addWidget(month_label)
        layout.addWidget(self.month)
        tahun, bulan = bulan_lalu(self.today)
        years = {self.today.year, tahun}
        try:
            years.update(kegiatan_daftar.years(actor, pilihan(actor)))
        except AppError:
            pass  # a role without the activity list still chooses among these years
        for y in sorted(years, reverse=True):
            self.year.addItem(str(y), y)
        self.set_value(tahun, bulan)
        self.year.currentIndexChanged.connect(self._year_changed)
        self.month.currentIndexChanged.connect(self._emit)

    def _fill_months(self, tahun: int, keep: int) -> None:
        last = self.today.month if tahun == self.today.year else 12
        self.month.blockSignals(True)
        self.month.clear()
        for m in range(1, last + 1):
            self.month.addItem(nama_bulan(m), m)
        self.month.setCurrentIndex(min(keep, last) - 1)
        self.month.blockSignals(False)

    def _year_changed(self) -> None:
        self._fill_months(int(self.year.currentData()), int(self.month.currentData() or 1))
        self._emit()

    def _emit(self) -> None:
        self.changed.emit(*self.value())

    def value(self) -> tuple[int, int]:
        return int(self.year.currentData()), int(self.month.currentData())

    def set_value(self, tahun: int, bulan: int) -> None:
        """Show a month without emitting ``changed`` (also used to undo a refused change)."""
        self.year.blockSignals(True)
        index = self.year.findData(tahun)
        if index < 0:
            self.year.addItem(str(tahun), tahun)
            index = self.year.count() - 1
        self.year.setCurrentIndex(index)
        self.year.blockSignals(False)
        self._fill_months(tahun, bulan)
