"""Building blocks of the Beranda: a clickable tile (ubin), the twelve-month report calendar and
the chart of activities per function. They show numbers handed to them; the page reads the
services and decides where a click leads."""

from __future__ import annotations

from PySide6.QtCharts import (
    QAbstractBarSeries,
    QBarCategoryAxis,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent, QMouseEvent, QPainter
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QVBoxLayout, QWidget

from ..services.beranda import (
    BELUM,
    LEWAT,
    TEPAT,
    TERLAMBAT,
    TIDAK_WAJIB,
    BulanLaporan,
    KegiatanBanding,
)
from ..services.formatting import nama_bulan

#: Colours of a tone: (text, background) -- good, watch, bad, neutral, waiting.
NADA: dict[str, tuple[str, str]] = {
    "baik": ("#1e6b34", "#e4f3e8"),
    "waspada": ("#8a4b00", "#fdf0dc"),
    "buruk": ("#a4161a", "#fbe3e3"),
    "netral": ("#33475b", "#ffffff"),
    "tunggu": ("#2c4f7c", "#e9f0fa"),
    "kosong": ("#7a7a7a", "#f2f2f2"),
}
KETEPATAN_NADA = {TEPAT: "baik", TERLAMBAT: "waspada", LEWAT: "buruk", BELUM: "tunggu",
                  TIDAK_WAJIB: "kosong"}
LALU_COLOR, INI_COLOR = "#a9c1e3", "#2f6fbf"


def baris_keadaan() -> tuple[QLabel, QLabel]:
    """A dashboard page's two status lines, hidden until used: a problem (red, wrapped) and
    "Memuat..." while its numbers are read (blue, object name ``memuat``)."""
    note = QLabel("")
    note.setWordWrap(True)
    note.setStyleSheet("color: #a4161a;")
    note.hide()
    loading = QLabel("")
    loading.setObjectName("memuat")
    loading.setStyleSheet("color: #2c4f7c;")
    loading.hide()
    return note, loading


class Ubin(QFrame):
    """A tile: a small title, a big value and a caption. Clickable (mouse, Enter, Space) once it
    has somewhere to lead (:meth:`set_clickable`)."""

    clicked = Signal()

    def __init__(self, title: str, parent: QWidget | None = None, big: float = 1.9) -> None:
        super().__init__(parent)
        self.setObjectName("ubin")
        self.title = QLabel(title)
        self.title.setWordWrap(True)
        self.value = QLabel("")
        self.value.setWordWrap(True)
        font = self.value.font()
        font.setPointSizeF(font.pointSizeF() * big)
        font.setBold(True)
        self.value.setFont(font)
        self.caption = QLabel("")
        self.caption.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 10)
        layout.setSpacing(2)
        layout.addWidget(self.title)
        layout.addWidget(self.value)
        layout.addWidget(self.caption)
        layout.addStretch(1)
        self.clickable = False
        self.tone = "netral"
        self._style()

    def set(self, value: str, caption: str = "", tone: str = "netral") -> None:
        self.value.setText(value)
        self.caption.setText(caption)
        self.caption.setVisible(bool(caption))
        self.tone = tone
        self._style()

    def set_clickable(self, clickable: bool, hint: str = "") -> None:
        self.clickable = clickable
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus if clickable else Qt.FocusPolicy.NoFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor if clickable
                       else Qt.CursorShape.ArrowCursor)
        self.setToolTip(hint if clickable else "")
        self.setAccessibleDescription(hint)
        self._style()

    def _style(self) -> None:
        text, back = NADA.get(self.tone, NADA["netral"])
        hover = ("QFrame#ubin:hover, QFrame#ubin:focus { border: 2px solid #2f6fbf; }"
                 if self.clickable else "")
        self.setStyleSheet(
            f"QFrame#ubin {{ background: {back}; border: 1px solid #c9d3de; "
            f"border-radius: 6px; }} {hover} QFrame#ubin QLabel {{ background: transparent; "
            f"border: none; color: #3b4652; }}")
        self.value.setStyleSheet(f"color: {text};")

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self.clickable and event.button() == Qt.MouseButton.LeftButton \
                and self.rect().contains(event.position().toPoint()):
            self.clicked.emit()
            return
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.clickable and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter,
                                              Qt.Key.Key_Space):
            self.clicked.emit()
            return
        super().keyPressEvent(event)


class KalenderLaporanView(QWidget):
    """Twelve month tiles (4 x 3): the report's status, its first submission or deadline, and
    on time / late / overdue in colour. A month not begun yet is grey and not clickable."""

    month_clicked = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(6)
        self.cells: list[Ubin] = []
        for i in range(12):
            cell = Ubin(nama_bulan(i + 1), big=1.05)
            cell.clicked.connect(lambda b=i + 1: self.month_clicked.emit(b))
            grid.addWidget(cell, i // 4, i % 4)
            self.cells.append(cell)
        for c in range(4):
            grid.setColumnStretch(c, 1)

    def set_months(self, months: list[BulanLaporan], clickable: bool) -> None:
        shown = {m.bulan: m for m in months}
        for i, cell in enumerate(self.cells):
            m = shown.get(i + 1)
            if m is None:
                cell.set("-", "Belum berjalan", "kosong")
                cell.set_clickable(False)
                continue
            status = "Tidak wajib" if m.ketepatan == TIDAK_WAJIB else m.status_label
            cell.set(status, month_caption(m), KETEPATAN_NADA[m.ketepatan])
            cell.set_clickable(clickable and m.wajib,
                               f"Buka laporan bulanan {nama_bulan(m.bulan)} {m.tahun}")

    def texts(self) -> list[tuple[str, str]]:
        return [(c.value.text(), c.caption.text()) for c in self.cells]


def _short(d: object) -> str:
    import datetime as dt

    assert isinstance(d, dt.date)
    return f"{d.day} {nama_bulan(d.month)[:3]}"


def month_caption(m: BulanLaporan) -> str:
    """Second line of a month tile: when submitted (and how late), or the deadline."""
    if m.ketepatan == TIDAK_WAJIB:
        return m.ketepatan_label
    parts = []
    if m.diajukan is not None:
        late = f", {m.terlambat_hari} hari" if m.ketepatan == TERLAMBAT else ""
        parts.append(f"Diajukan {_short(m.diajukan)}: {m.ketepatan_label.lower()}{late}")
    elif m.ketepatan == LEWAT:
        parts.append(f"Batas {_short(m.batas)} lewat {m.terlambat_hari} hari")
    else:
        parts.append(f"Batas {_short(m.batas)}")
    if m.dikembalikan:
        parts.append(f"dikembalikan {m.dikembalikan}x")
    return "; ".join(parts)


def kegiatan_chart(k: KegiatanBanding) -> QChartView:
    """Final activities per function (first at the top): last month and this month, a bar
    set each; horizontal so the function names keep their room."""
    series = QHorizontalBarSeries()
    rows = list(reversed(k.per_fungsi))
    for label, color, values in (
        (k.label_lalu, LALU_COLOR, [r.bulan_lalu for r in rows]),
        (k.label_ini, INI_COLOR, [r.bulan_ini for r in rows]),
    ):
        bars = QBarSet(label)
        bars.setColor(QColor(color))
        bars.setLabelColor(QColor("#26323d"))
        bars.append([float(v) for v in values])
        series.append(bars)
    series.setLabelsVisible(True)
    series.setLabelsPosition(QAbstractBarSeries.LabelsPosition.LabelsOutsideEnd)
    series.setLabelsFormat("@value")
    chart = QChart()
    chart.setTitle("Kegiatan final per fungsi")
    chart.addSeries(series)
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    chart.setMargins(QMargins(4, 4, 4, 4))
    axis_y = QBarCategoryAxis()
    axis_y.append([r.fungsi for r in rows] or ["(belum ada fungsi)"])
    chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
    series.attachAxis(axis_y)
    axis_x = QValueAxis()
    top = max([r.bulan_ini for r in rows] + [r.bulan_lalu for r in rows] + [0])
    axis_x.setRange(0, max(4, top * 1.2))
    axis_x.setLabelFormat("%d")
    axis_x.applyNiceNumbers()
    chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
    series.attachAxis(axis_x)
    view = QChartView(chart)
    view.setRenderHint(QPainter.RenderHint.Antialiasing)
    view.setMinimumHeight(260)
    return view


def bar_values(view: QChartView) -> list[list[float]]:
    """The values of each bar set of a horizontal chart, top row first (for tests)."""
    series = view.chart().series()[0]
    assert isinstance(series, QAbstractBarSeries)
    return [[b.at(i) for i in range(b.count())][::-1] for b in series.barSets()]
