"""Pemetaan Sosial > Ringkasan: PPKS of a period per category and per desa as horizontal bar
charts and sortable tables, from three labelled sources: the counts the desa reported, the counts
the TKSK found (both from the rekap) and the persons/households recorded by name in the registry
with an active PPKS category. Every number comes from ``services.ringkasan.gabungan``."""

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
from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...services import rekap, ringkasan
from ...services.errors import AppError
from ...services.formatting import angka, tanggal
from ...services.ringkasan import BarisGabungan
from .. import messages
from ..kecamatan_pilih import pilihan
from ..navigasi import param
from ..table_model import SORT_ROLE, Column, RowTableModel
from .rekap_model import PeriodeChooser

DESA_COLOR, TKSK_COLOR, NAMA_COLOR = "#5b8bd0", "#e08a2c", "#4a9b5e"
DESA_LABEL, TKSK_LABEL, NAMA_LABEL = "Dilaporkan desa", "Temuan TKSK", "Tercatat per nama"
ROW_HEIGHT = 30
EXPLAIN = (
    f"<b style='color:{DESA_COLOR}'>{DESA_LABEL}</b>: angka rekap dari desa; "
    f"<b style='color:{TKSK_COLOR}'>{TKSK_LABEL}</b>: angka rekap hasil temuan TKSK; "
    f"<b style='color:{NAMA_COLOR}'>{NAMA_LABEL}</b>: jumlah orang/keluarga dengan kategori PPKS "
    "aktif di registri per nama. Dua angka pertama sama dengan tabel Rekap; angka per nama "
    "menghitung satu orang satu kali per jenis. Hanya PPKS; jenis tanpa angka tidak ditampilkan."
)


def bar_chart(title: str, rows: list[BarisGabungan], per_nama: bool) -> QChartView:
    """Bar sets desa, TKSK and (with ``per_nama``) by name per row; the first row at the top."""
    series = QHorizontalBarSeries()
    sides: list[tuple[str, str, Any]] = [
        (DESA_LABEL, DESA_COLOR, lambda r: r.dilaporkan_desa),
        (TKSK_LABEL, TKSK_COLOR, lambda r: r.temuan_tksk),
    ]
    if per_nama:
        sides.append((NAMA_LABEL, NAMA_COLOR, lambda r: r.tercatat_per_nama or 0))
    for name, color, value in sides:
        bars = QBarSet(name)
        bars.setColor(QColor(color))
        bars.append([float(value(r)) for r in reversed(rows)])
        series.append(bars)
    chart = QChart()
    chart.setTitle(title)
    chart.addSeries(series)
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    axis_y = QBarCategoryAxis()
    axis_y.append([r.label for r in reversed(rows)] or ["(belum ada data)"])
    chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
    series.attachAxis(axis_y)
    axis_x = QValueAxis()
    top = max((max(value(r) for _, _, value in sides) for r in rows), default=0)
    axis_x.setRange(0, max(5, top * 1.15))
    axis_x.setLabelFormat("%d")
    axis_x.applyNiceNumbers()
    chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
    series.attachAxis(axis_x)
    view = QChartView(chart)
    view.setRenderHint(QPainter.RenderHint.Antialiasing)
    # Qt elides a category label ("...") once a row is lower than its text: keep rows tall
    # enough (three bars need more) and let the tab scroll instead.
    row_height = ROW_HEIGHT + (8 if per_nama else 0)
    view.setMinimumHeight(row_height * max(len(rows), 3) + 140)
    return view


def series_of(view: QChartView) -> QHorizontalBarSeries:
    found = view.chart().series()[0]
    assert isinstance(found, QHorizontalBarSeries)
    return found


class AngkaTable(QTableView):
    """The rows of a chart as numbers: label, desa, TKSK, by name; sortable, read-only, as tall
    as its rows (the tab scrolls, not the table)."""

    def __init__(self, first: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.source: RowTableModel[BarisGabungan] = RowTableModel(
            [
                Column(first, lambda r: r.label),
                # two-line headers keep the number columns narrow beside long names
                Column("Dilaporkan\ndesa", lambda r: r.dilaporkan_desa, align_right=True),
                Column("Temuan\nTKSK", lambda r: r.temuan_tksk, align_right=True),
                Column("Tercatat\nper nama", lambda r: r.tercatat_per_nama, align_right=True),
            ],
            self,
        )
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.source)
        self.proxy.setSortRole(SORT_ROLE)
        self.setModel(self.proxy)
        self.setSortingEnabled(True)
        self.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # the service's order first
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.verticalHeader().setVisible(False)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        header = self.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in (1, 2, 3):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)

    def set_rows(self, rows: list[BarisGabungan], per_nama: bool) -> None:
        self.source.set_rows(rows)
        self.setColumnHidden(3, not per_nama)
        self.resizeRowsToContents()
        height = self.horizontalHeader().sizeHint().height() + 2 * self.frameWidth()
        height += sum(self.rowHeight(r) for r in range(self.proxy.rowCount()))
        self.setFixedHeight(height + 2)

    def shown(self) -> list[list[str]]:
        """The cells as displayed, in the current (sorted) order."""
        return [
            [
                str(self.proxy.index(r, c).data() or "")
                for c in range(self.proxy.columnCount())
                if not self.isColumnHidden(c)
            ]
            for r in range(self.proxy.rowCount())
        ]


class RingkasanTab(QWidget):
    def __init__(self, actor: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        self.chooser = PeriodeChooser()
        self.chooser.changed.connect(self.refresh)
        self.explain = QLabel(EXPLAIN)
        self.explain.setWordWrap(True)
        self.note = QLabel("")
        self.note.setWordWrap(True)
        self.totals = QLabel("")
        self.totals.setWordWrap(True)
        self.diffs = QLabel("")
        self.diffs.setWordWrap(True)
        self.diffs.setTextFormat(Qt.TextFormat.RichText)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.kategori_view: QChartView | None = None
        self.desa_view: QChartView | None = None
        self.kategori_table = AngkaTable("Jenis PPKS")
        self.desa_table = AngkaTable("Desa/kelurahan")
        self.panes: list[QVBoxLayout] = []
        for table in (self.kategori_table, self.desa_table):
            pane = QWidget()
            column = QVBoxLayout(pane)
            column.setContentsMargins(0, 0, 0, 0)
            column.addWidget(table)
            column.addStretch(1)
            self.panes.append(column)
            self.splitter.addWidget(pane)
        self.data: ringkasan.Gabungan | None = None
        top = QHBoxLayout()
        top.addWidget(self.chooser)
        top.addWidget(self.totals, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.explain)
        layout.addWidget(self.note)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(self.splitter)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.diffs)
        self.refresh()

    def apply_request(self, params: object) -> None:
        """Another page (the Beranda's PPKS charts) asks for a period (``periode``)."""
        periode = param(params, "periode")
        if isinstance(periode, rekap.Periode) and periode != self.chooser.periode():
            self.chooser.set_periode(periode)
            self.refresh()

    def refresh(self) -> None:
        try:
            g = ringkasan.gabungan(self.actor, self.chooser.periode(), pilihan(self.actor))
        except AppError as exc:
            messages.show_error(self, exc, "Ringkasan pemetaan")
            return
        self.data = g
        for old in (self.kategori_view, self.desa_view):
            if old is not None:
                old.setParent(None)
                old.deleteLater()
        p = g.periode.label
        # a third bar only where by-name records exist (and the role may see them)
        bars = g.ada_per_nama
        self.kategori_view = bar_chart(f"PPKS per jenis, {p}", g.per_kategori, bars)
        self.desa_view = bar_chart(f"PPKS per desa/kelurahan, {p}", g.per_desa, bars)
        self.panes[0].insertWidget(0, self.kategori_view)
        self.panes[1].insertWidget(0, self.desa_view)
        self.kategori_table.set_rows(g.per_kategori, g.per_nama_boleh)
        self.desa_table.set_rows(g.per_desa, g.per_nama_boleh)
        self.splitter.setSizes([620, 480])
        pada = f"keadaan {tanggal(g.sampai)}" if g.sampai else "keadaan hari ini"
        text = (
            f"Jumlah PPKS {p}: dilaporkan desa <b>{angka(g.total.dilaporkan_desa)}</b>, temuan "
            f"TKSK <b>{angka(g.total.temuan_tksk)}</b>"
        )
        if g.total.tercatat_per_nama is not None:
            text += f", tercatat per nama <b>{angka(g.total.tercatat_per_nama)}</b> ({pada})"
        self.totals.setText(f"{text}; {angka(g.sel_berbeda)} sel berbeda.")
        notes = []
        if not g.per_nama_boleh:
            notes.append(
                "Angka tercatat per nama tidak ditampilkan: peran Anda tidak berhak melihat "
                "data PPKS per nama."
            )
        elif not g.ada_per_nama:
            notes.append(f"Belum ada PPKS aktif yang tercatat per nama ({pada}).")
        elif g.sampai is not None:
            notes.append(
                f"Angka per nama menurut status pada {tanggal(g.sampai)}, akhir periode {p}."
            )
        if g.spesifik_digabung:
            notes.append(
                f"Jenis yang termasuk data pribadi spesifik digabung menjadi "
                f"'{ringkasan.SPESIFIK}'."
            )
        self.note.setText(" ".join(notes))
        self.note.setVisible(bool(notes))
        if not g.selisih_terbesar:
            self.diffs.setText("Belum ada sel yang angka desa dan temuan TKSK-nya berbeda.")
            return
        items = [
            f"{x.desa} – {x.kategori}: desa {angka(x.jumlah_desa)}, TKSK "
            f"{angka(x.jumlah_temuan)} ({'+' if x.selisih > 0 else '−'}{angka(abs(x.selisih))})"
            for x in g.selisih_terbesar[:5]
        ]
        self.diffs.setText("<b>Selisih terbesar:</b> " + "; ".join(items))
