"""The filter bar of the activity list: year and month, desa, function, form (only the forms of
the chosen function), program, status and a quick search (debounced). Months whose report has
locked them carry a padlock in the month box."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from ...services import desa, formatting, kegiatan_daftar, referensi
from ...services.context import Actor
from ...services.kegiatan_daftar import KegiatanFilter
from ...services.kegiatan_periksa import STATUS
from ..kecamatan_pilih import kecamatan_tampil, pilihan
from .kegiatan_model import lock_icon

DEBOUNCE_MS = 300


def _combo(blank: str, items: list[tuple[Any, str]]) -> QComboBox:
    box = QComboBox()
    box.addItem(blank, None)
    for value, label in items:
        box.addItem(label, value)
    box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    box.setMinimumContentsLength(10)
    return box


class KegiatanSaring(QWidget):
    #: Any filter changed (the search only after a short pause in typing).
    changed = Signal()

    def __init__(self, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        #: The kecamatan whose activities are listed (a user of the whole kabupaten: the one
        #: chosen at the top of the page; None: the actor's own).
        self.kecamatan_id = pilihan(actor)
        today = dt.date.today()
        self.tahun = _combo("Semua tahun", [(y, str(y)) for y in
                                            kegiatan_daftar.years(actor, self.kecamatan_id)])
        self.tahun.setCurrentIndex(max(self.tahun.findData(today.year), 0))
        self.bulan = _combo("Semua bulan", [(m, formatting.nama_bulan(m)) for m in range(1, 13)])
        self.bulan.setCurrentIndex(today.month)
        self.desa = _combo("Semua desa", [(d.id, d.nama) for d in
                                          desa.all_desa(kecamatan_tampil(actor))])
        self.fungsi = _combo("Semua fungsi", [(r.id, r.nama) for r in referensi.rows("fungsi")])
        self.bentuk_all = kegiatan_daftar.bentuk_choices(include_inactive=True)
        self.bentuk = _combo("Semua bentuk", [])
        self.program = _combo("Semua program",
                              [(r.id, r.nama) for r in referensi.rows("program")])
        self.status = _combo("Semua status", list(STATUS.items()))
        self.search = QLineEdit()
        self.search.setPlaceholderText("Cari nama kegiatan, uraian, hasil, tindak lanjut...")
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(240)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DEBOUNCE_MS)
        self.timer.timeout.connect(self.changed.emit)
        self.search.textChanged.connect(lambda _t: self.timer.start())
        self._fill_bentuk()
        self.fungsi.currentIndexChanged.connect(lambda _i: self._fill_bentuk())
        self.bulan.setEnabled(self.tahun.currentData() is not None)
        self.tahun.currentIndexChanged.connect(
            lambda _i: self.bulan.setEnabled(self.tahun.currentData() is not None))
        for box in self.boxes():
            box.currentIndexChanged.connect(lambda _i: self.changed.emit())
        periode = QLabel("&Periode:")
        periode.setBuddy(self.tahun)
        cari = QLabel("&Cari:")
        cari.setBuddy(self.search)
        saring = QLabel("Sa&ring:")
        saring.setBuddy(self.desa)
        width = max(periode.sizeHint().width(), saring.sizeHint().width())
        periode.setMinimumWidth(width)
        saring.setMinimumWidth(width)
        top = QHBoxLayout()
        top.addWidget(periode)
        top.addWidget(self.tahun, 1)
        top.addWidget(self.bulan, 1)
        top.addSpacing(12)
        top.addWidget(cari)
        top.addWidget(self.search, 4)
        bottom = QHBoxLayout()
        bottom.addWidget(saring)
        for box in (self.desa, self.fungsi, self.bentuk, self.program, self.status):
            bottom.addWidget(box, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addLayout(bottom)

    def set_kecamatan(self, kecamatan_id: int | None) -> None:
        """Another kecamatan is shown: its years and desa, the other filters kept (no
        ``changed``)."""
        self.kecamatan_id = kecamatan_id
        self.blockSignals(True)
        for box, items in (
                (self.tahun, [(y, str(y)) for y in
                              kegiatan_daftar.years(self.actor, kecamatan_id)]),
                (self.desa, [(d.id, d.nama) for d in
                             desa.all_desa(kecamatan_tampil(self.actor))])):
            keep = box.currentData()
            while box.count() > 1:
                box.removeItem(1)
            for value, label in items:
                box.addItem(label, value)
            box.setCurrentIndex(max(box.findData(keep), 0))
        self.bulan.setEnabled(self.tahun.currentData() is not None)
        self.blockSignals(False)

    def boxes(self) -> list[QComboBox]:
        return [self.tahun, self.bulan, self.desa, self.fungsi, self.bentuk, self.program,
                self.status]

    def _fill_bentuk(self) -> None:
        fungsi = self.fungsi.currentData()
        keep = self.bentuk.currentData()
        self.bentuk.blockSignals(True)
        self.bentuk.clear()
        self.bentuk.addItem("Semua bentuk", None)
        for b in self.bentuk_all:
            if fungsi is None or b.fungsi_id == fungsi:
                self.bentuk.addItem(b.nama, b.id)
        self.bentuk.setCurrentIndex(max(self.bentuk.findData(keep), 0))
        self.bentuk.blockSignals(False)

    def mark_locked(self, months: set[int]) -> None:
        """A padlock beside each locked month of the chosen year."""
        for m in range(1, 13):
            self.bulan.setItemIcon(m, lock_icon() if m in months else QIcon())
            name = formatting.nama_bulan(m)
            self.bulan.setItemText(m, f"{name} (terkunci)" if m in months else name)

    def _offer_year(self, tahun: int) -> None:
        """Add ``tahun`` to the year box when it is not there (years stay newest first)."""
        if self.tahun.findData(tahun) >= 0:
            return
        years = sorted({*(self.tahun.itemData(i) for i in range(1, self.tahun.count())),
                        tahun}, reverse=True)
        self.tahun.blockSignals(True)
        while self.tahun.count() > 1:
            self.tahun.removeItem(1)
        for y in years:
            self.tahun.addItem(str(y), y)
        self.tahun.blockSignals(False)

    def set_month(self, tahun: int, bulan: int) -> None:
        """Choose ``bulan``/``tahun`` (the month view's arrows), with one refresh."""
        self.blockSignals(True)
        self._offer_year(tahun)
        self.tahun.setCurrentIndex(self.tahun.findData(tahun))
        self.bulan.setCurrentIndex(bulan)
        self.blockSignals(False)
        self.changed.emit()

    def apply(self, f: KegiatanFilter) -> dt.date | None:
        """Show filter ``f`` (another page's request) without emitting ``changed``. A period
        of one day (``dari == sampai``) chooses its month and is returned, for the month view
        to narrow the list to it; another date range is shown as its year(s) or all years."""
        day = f.dari if f.dari is not None and f.dari == f.sampai and not f.tahun else None
        tahun, bulan = (day.year, day.month) if day else (f.tahun, f.bulan if f.tahun else None)
        if tahun is None and f.dari and f.sampai and f.dari.year == f.sampai.year:
            tahun = f.dari.year
        self.blockSignals(True)
        if tahun is not None:
            self._offer_year(tahun)
        self.tahun.setCurrentIndex(max(self.tahun.findData(tahun), 0))
        self.bulan.setCurrentIndex(bulan or 0)
        # the function before the form: choosing it fills the form box with its forms
        for box, value in ((self.desa, f.desa_id), (self.fungsi, f.fungsi_id),
                           (self.bentuk, f.bentuk_id), (self.program, f.program_id),
                           (self.status, f.status or None)):
            box.setCurrentIndex(max(box.findData(value), 0))
        self.search.setText(f.teks)
        self.timer.stop()
        self.blockSignals(False)
        return day

    def month(self) -> tuple[int | None, int | None]:
        tahun = self.tahun.currentData()
        return tahun, self.bulan.currentData() if tahun is not None else None

    def filter(self, day: dt.date | None = None) -> KegiatanFilter:
        """The list's filter; ``day`` (from the month view) narrows it to one day."""
        tahun, bulan = self.month()
        common: dict[str, Any] = dict(
            desa_id=self.desa.currentData(), fungsi_id=self.fungsi.currentData(),
            bentuk_id=self.bentuk.currentData(), program_id=self.program.currentData(),
            status=self.status.currentData() or "", teks=self.search.text(),
            kecamatan_id=self.kecamatan_id)
        if day is not None:
            return KegiatanFilter(dari=day, sampai=day, **common)
        return KegiatanFilter(tahun=tahun, bulan=bulan, **common)

    def describe(self) -> str:
        """The filters beyond the period, in words (for the export's heading)."""
        parts = [box.currentText() for box in self.boxes()[2:] if box.currentData() is not None]
        teks = " ".join(self.search.text().split())
        if teks:
            parts.append(f"memuat '{teks}'")
        return "; ".join(parts)
