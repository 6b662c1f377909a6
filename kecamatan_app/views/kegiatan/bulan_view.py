"""The month view of the activity list: a calendar (week starts Monday) with the number of
activities on each day. Clicking a day asks the list to show that day only; clicking it again
shows the whole month. A locked month says so above the calendar, with the reason.
"""

from __future__ import annotations

import calendar
import datetime as dt

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import (
    QAbstractButton,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ...services import formatting

HARI = ("Sen", "Sel", "Rab", "Kam", "Jum", "Sab", "Min")
BADGE = QColor("#1f5fa8")
SELECTED = QColor("#cfe0f5")
LOCKED_BG = QColor("#f3efe6")
SUNDAY = QColor("#b00020")
GRID_LINE = QColor("#d0d4da")
BANNER_STYLE = ("QLabel { color: #6b4500; background: #fff2d1; border: 1px solid #d9b45a; "
                "border-radius: 4px; padding: 6px 8px; }")


class DayCell(QAbstractButton):
    """One day: its number, and a round badge with the number of activities."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.day: dt.date | None = None
        self.count = 0
        self.locked = False
        self.setCheckable(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(38, 38)
        self.setMaximumHeight(58)

    def set_day(self, day: dt.date | None, count: int, locked: bool) -> None:
        self.day, self.count, self.locked = day, count, locked
        self.setEnabled(day is not None)
        self.setChecked(False)
        if day is None:
            self.setText("")
            self.setToolTip("")
        else:
            what = f"{count} kegiatan" if count else "tidak ada kegiatan"
            self.setText(f"{day.day}: {what}")
            self.setToolTip(f"{formatting.tanggal_hari(day)}: {what}. Klik untuk menampilkan "
                            "kegiatan hari ini saja; klik lagi untuk seluruh bulan.")
        self.setAccessibleName(self.text())
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(44, 40)

    def paintEvent(self, event: QPaintEvent) -> None:
        if self.day is None:
            return
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        r = QRectF(self.rect()).adjusted(1, 1, -1, -1)
        back = SELECTED if self.isChecked() else LOCKED_BG if self.locked \
            else self.palette().base().color()
        p.fillRect(r, back)
        today = self.day == dt.date.today()
        p.setPen(QPen(BADGE, 1.5) if today else QPen(GRID_LINE, 1))
        p.drawRect(r.adjusted(0.5, 0.5, -0.5, -0.5))
        if self.hasFocus():
            p.setPen(QPen(self.palette().highlight().color(), 1, Qt.PenStyle.DotLine))
            p.drawRect(r.adjusted(2, 2, -2, -2))
        font = QFont(self.font())
        p.setFont(font)
        p.setPen(SUNDAY if self.day.weekday() == 6 else self.palette().text().color())
        p.drawText(r.adjusted(4, 2, -2, -2), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop,
                   str(self.day.day))
        if self.count:
            size = min(r.height() * 0.55, 22.0)
            badge = QRectF(r.right() - size - 3, r.bottom() - size - 3, size, size)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(BADGE)
            p.drawEllipse(badge)
            small = QFont(font)
            small.setBold(True)
            small.setPointSizeF(max(font.pointSizeF() * 0.85, 6.0))
            p.setFont(small)
            p.setPen(QColor("white"))
            p.drawText(badge, Qt.AlignmentFlag.AlignCenter, str(self.count))
        p.end()


class BulanView(QWidget):
    #: A day was chosen (dt.date), or the choice was cleared (None).
    day_clicked = Signal(object)
    #: The user moved to another month with the arrows: (tahun, bulan).
    month_changed = Signal(int, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tahun, self.bulan = dt.date.today().year, dt.date.today().month
        self.selected: dt.date | None = None
        self.counts: dict[dt.date, int] = {}
        self.prev_button = QToolButton()
        self.prev_button.setArrowType(Qt.ArrowType.LeftArrow)
        self.prev_button.setToolTip("Bulan sebelumnya")
        self.next_button = QToolButton()
        self.next_button.setArrowType(Qt.ArrowType.RightArrow)
        self.next_button.setToolTip("Bulan berikutnya")
        self.title = QLabel()
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title.setStyleSheet("font-weight: bold;")
        self.prev_button.clicked.connect(lambda: self._step(-1))
        self.next_button.clicked.connect(lambda: self._step(1))
        head = QHBoxLayout()
        head.addWidget(self.prev_button)
        head.addWidget(self.title, 1)
        head.addWidget(self.next_button)
        self.banner = QLabel()
        self.banner.setObjectName("bannerKunci")
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet(BANNER_STYLE)
        self.banner.setVisible(False)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: palette(placeholder-text);")
        grid = QGridLayout()
        grid.setSpacing(2)
        for col, name in enumerate(HARI):
            label = QLabel(name)
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            if col == 6:
                label.setStyleSheet(f"color: {SUNDAY.name()};")
            grid.addWidget(label, 0, col)
        self.cells: list[DayCell] = []
        for i in range(42):
            cell = DayCell()
            cell.clicked.connect(lambda _c=False, c=cell: self._clicked(c))
            grid.addWidget(cell, 1 + i // 7, i % 7)
            self.cells.append(cell)
        self.grid_box = QWidget()
        self.grid_box.setLayout(grid)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(head)
        layout.addWidget(self.banner)
        layout.addWidget(self.grid_box)
        layout.addWidget(self.summary)
        layout.addWidget(self.note)
        layout.addStretch(1)
        self.note.setText("Klik tanggal untuk menampilkan kegiatan hari itu saja.")

    def set_month(self, tahun: int, bulan: int, counts: dict[dt.date, int],
                  kunci: str = "") -> None:
        """Show ``bulan``/``tahun`` with ``counts`` per day; ``kunci`` is the lock's reason."""
        if (tahun, bulan) != (self.tahun, self.bulan):
            self.selected = None
        self.tahun, self.bulan, self.counts = tahun, bulan, dict(counts)
        self.grid_box.setEnabled(True)
        self.prev_button.setEnabled(True)
        self.next_button.setEnabled(True)
        self.title.setText(formatting.bulan_tahun(tahun, bulan))
        self.banner.setText(kunci)
        self.banner.setVisible(bool(kunci))
        first = dt.date(tahun, bulan, 1)
        days = calendar.monthrange(tahun, bulan)[1]
        for i, cell in enumerate(self.cells):
            n = i - first.weekday() + 1
            day = dt.date(tahun, bulan, n) if 1 <= n <= days else None
            cell.set_day(day, counts.get(day, 0) if day else 0, bool(kunci))
            cell.setChecked(day is not None and day == self.selected)
        total = sum(counts.values())
        self.summary.setText(
            f"{formatting.bulan_tahun(tahun, bulan)}: {formatting.angka(total)} kegiatan pada "
            f"{len([d for d, n in counts.items() if n])} hari." if total
            else f"Belum ada kegiatan pada {formatting.bulan_tahun(tahun, bulan)}.")

    def set_unavailable(self, text: str) -> None:
        """No single month is chosen (the list spans a year or more)."""
        self.selected = None
        self.counts = {}
        self.title.setText("Kalender bulan")
        self.banner.setVisible(False)
        for cell in self.cells:
            cell.set_day(None, 0, False)
        self.grid_box.setEnabled(False)
        self.prev_button.setEnabled(False)
        self.next_button.setEnabled(False)
        self.summary.setText(text)

    def cell_for(self, day: dt.date) -> DayCell | None:
        return next((c for c in self.cells if c.day == day), None)

    def count_on(self, day: dt.date) -> int:
        cell = self.cell_for(day)
        return cell.count if cell is not None else 0

    def click_day(self, day: dt.date) -> None:
        """As a click on ``day`` (tests, keyboard)."""
        cell = self.cell_for(day)
        if cell is not None:
            cell.click()

    def _clicked(self, cell: DayCell) -> None:
        day = None if cell.day == self.selected else cell.day
        self.selected = day
        for c in self.cells:
            c.setChecked(c.day is not None and c.day == day)
        self.day_clicked.emit(day)

    def _step(self, delta: int) -> None:
        month = self.bulan + delta
        tahun = self.tahun + (month - 1) // 12
        bulan = (month - 1) % 12 + 1
        self.month_changed.emit(tahun, bulan)
