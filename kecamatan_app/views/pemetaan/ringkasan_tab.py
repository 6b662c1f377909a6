"""Pemetaan Sosial > Ringkasan: PPKS of a period per category and per desa as horizontal bar
charts, desa-reported beside TKSK-found, and the cells where the two differ most. Every number
comes from ``services.rekap.summary`` (the same path as the grid)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QValueAxis,
)
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QHBoxLayout, QLabel, QScrollArea, QSplitter, QVBoxLayout, QWidget

from ...services import rekap
from ...services.errors import AppError
from ...services.formatting import angka
from .. import messages
from .rekap_tab import PeriodeChooser

DESA_COLOR, TKSK_COLOR = "#5b8bd0", "#e08a2c"
DESA_LABEL, TKSK_LABEL = "Dilaporkan desa", "Temuan TKSK"
ROW_HEIGHT = 30


def bar_chart(title: str, labels: list[str], totals: list[rekap.Total]) -> QChartView:
    """Two bar sets (desa, TKSK) per label; the first label at the top."""
    series = QHorizontalBarSeries()
    for name, color, side in (
        (DESA_LABEL, DESA_COLOR, rekap.DESA),
        (TKSK_LABEL, TKSK_COLOR, rekap.TEMUAN),
    ):
        bars = QBarSet(name)
        bars.setColor(QColor(color))
        bars.append([float(t.nilai(side)) for t in reversed(totals)])
        series.append(bars)
    chart = QChart()
    chart.setTitle(title)
    chart.addSeries(series)
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    axis_y = QBarCategoryAxis()
    axis_y.append(list(reversed(labels)) or ["(belum ada data)"])
    chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
    series.attachAxis(axis_y)
    axis_x = QValueAxis()
    top = max((max(t.desa, t.temuan) for t in totals), default=0)
    axis_x.setRange(0, max(5, top * 1.15))
    axis_x.setLabelFormat("%d")
    axis_x.applyNiceNumbers()
    chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
    series.attachAxis(axis_x)
    view = QChartView(chart)
    view.setRenderHint(QPainter.RenderHint.Antialiasing)
    # Qt elides a category label ("...") once a row is lower than its text: keep rows tall
    # enough and let the tab scroll instead.
    view.setMinimumHeight(ROW_HEIGHT * max(len(labels), 3) + 140)
    return view


def series_of(view: QChartView) -> QHorizontalBarSeries:
    found = view.chart().series()[0]
    assert isinstance(found, QHorizontalBarSeries)
    return found


class RingkasanTab(QWidget):
    def __init__(self, actor: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        self.chooser = PeriodeChooser()
        self.chooser.changed.connect(self.refresh)
        explain = QLabel(
            f"<b style='color:{DESA_COLOR}'>{DESA_LABEL}</b>: jumlah yang dilaporkan desa/"
            f"kelurahan. <b style='color:{TKSK_COLOR}'>{TKSK_LABEL}</b>: jumlah yang ditemukan "
            "TKSK di lapangan. Hanya PPKS; jenis yang belum berisi angka tidak ditampilkan. "
            "Angka sama dengan tabel Rekap."
        )
        explain.setWordWrap(True)
        self.totals = QLabel("")
        self.diffs = QLabel("")
        self.diffs.setWordWrap(True)
        self.diffs.setTextFormat(Qt.TextFormat.RichText)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.kategori_view: QChartView | None = None
        self.desa_view: QChartView | None = None
        self.ringkasan: rekap.Ringkasan | None = None
        top = QHBoxLayout()
        top.addWidget(self.chooser)
        top.addWidget(self.totals, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(explain)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(self.splitter)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.diffs)
        self.refresh()

    def refresh(self) -> None:
        try:
            s = rekap.summary(self.actor, self.chooser.periode())
        except AppError as exc:
            messages.show_error(self, exc, "Ringkasan pemetaan")
            return
        self.ringkasan = s
        for old in (self.kategori_view, self.desa_view):
            if old is not None:
                old.setParent(None)
                old.deleteLater()
        p = s.periode.label
        self.kategori_view = bar_chart(
            f"PPKS per jenis, {p}",
            [k.label for k, _ in s.per_kategori],
            [t for _, t in s.per_kategori],
        )
        self.desa_view = bar_chart(
            f"PPKS per desa/kelurahan, {p}",
            [d.nama for d, _ in s.per_desa],
            [t for _, t in s.per_desa],
        )
        self.splitter.addWidget(self.kategori_view)
        self.splitter.addWidget(self.desa_view)
        self.splitter.setSizes([620, 480])
        self.totals.setText(
            f"Jumlah PPKS {p}: dilaporkan desa <b>{angka(s.total.desa)}</b>, temuan TKSK "
            f"<b>{angka(s.total.temuan)}</b>; {angka(s.sel_berbeda)} sel berbeda."
        )
        if not s.selisih_terbesar:
            self.diffs.setText("Belum ada sel yang angka desa dan temuan TKSK-nya berbeda.")
            return
        items = [
            f"{x.desa} – {x.kategori}: desa {angka(x.jumlah_desa)}, TKSK "
            f"{angka(x.jumlah_temuan)} ({'+' if x.selisih > 0 else '−'}{angka(abs(x.selisih))})"
            for x in s.selisih_terbesar[:5]
        ]
        self.diffs.setText("<b>Selisih terbesar:</b> " + "; ".join(items))
