"""The "Kabupaten" page of a Dinas Sosial database: the home page of the Dinas.

A year, the search over the kecamatan list, tiles with the year's report totals, then four
tabs: the report calendar (kecamatan x month coloured by status, with the status and the
timeliness in words and a legend), activities, PPKS per kecamatan (chart and table) and
referrals per agency. A double-click on a number, or a click on a tile, shows the rows behind
it (:mod:`services.kabupaten_rincian`). "Rekap PDF" / "Rekap Excel" write the consolidated recap
off the GUI thread (:func:`views.tasks.run_task`); the calendar of the kecamatan shown can be
exported to Excel.
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCharts import QChartView
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ...services import kabupaten, kabupaten_rincian, rekap_kabupaten
from ...services.context import Actor
from ...services.errors import AppError
from ...services.formatting import angka, tanggal
from ...services.kabupaten import UKURAN, DasborKabupaten
from ...services.kabupaten_rincian import Rincian
from .. import messages
from ..beranda_ubin import Ubin, baris_keadaan
from ..pengaturan.common import ask_save_path, export_to_excel
from ..tasks import Progress, Task, run_task
from . import isi
from .model import GridModel, GridProxy

if TYPE_CHECKING:
    from .rincian_dialog import RincianDialog

log = logging.getLogger(__name__)

#: The tiles: (measure, title, tone when the number is above zero).
UBIN = (("wajib", "Wajib lapor", "netral"), ("diterima", "Diterima", "tunggu"),
        ("disetujui", "Disetujui", "baik"), ("tepat", "Tepat waktu", "baik"),
        ("terlambat", "Terlambat", "waspada"), ("lewat", "Lewat batas, belum diajukan", "buruk"))


def _table(name: str, model: GridProxy, sortable: bool) -> QTableView:
    t = QTableView()
    t.setObjectName(name)
    t.setModel(model)
    t.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # code order first
    t.setSortingEnabled(sortable)
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    t.setWordWrap(True)
    t.verticalHeader().hide()
    t.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    return t


class KabupatenPage(QWidget):
    def __init__(self, actor: Actor, parent: QWidget | None = None,
                 today: dt.date | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("halamanKabupaten")
        self.actor = actor
        self.today = today
        self.data: DasborKabupaten | None = None
        self.task: Task | None = None
        self.export_task: Task | None = None
        self.last_written: Path | None = None
        self.dialogs: list[QWidget] = []  # the open RincianDialog
        year_now = (today or dt.date.today()).year

        self.title = QLabel("Dinas Sosial")
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.title.setFont(font)
        self.subtitle = QLabel("")
        self.subtitle.setWordWrap(True)
        self.note, self.loading = baris_keadaan()
        self.load_task: Task | None = None
        self._reload = False

        self.year = QSpinBox()
        self.year.setRange(2000, year_now)
        self.year.setValue(year_now)
        self.year.setAccessibleName("Tahun")
        self.year.valueChanged.connect(self.refresh)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Cari kecamatan...")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Cari kecamatan")
        self.search.textChanged.connect(self.apply_filter)
        self.reload_button = QPushButton("&Muat ulang")
        self.reload_button.clicked.connect(self.refresh)
        self.grid_button = QPushButton("Ekspor &kalender...")
        self.grid_button.setToolTip("Kalender laporan kecamatan yang tampil ke Excel")
        self.grid_button.clicked.connect(lambda: self.export_grid())
        self.pdf_button = QPushButton("Rekap &PDF...")
        self.pdf_button.clicked.connect(lambda: self.save_recap("pdf"))
        self.xlsx_button = QPushButton("Rekap &Excel...")
        self.xlsx_button.clicked.connect(lambda: self.save_recap("xlsx"))
        bar = QHBoxLayout()
        year_label = QLabel("&Tahun:")
        year_label.setBuddy(self.year)
        bar.addWidget(year_label)
        bar.addWidget(self.year)
        bar.addWidget(self.search, 1)
        for b in (self.reload_button, self.grid_button, self.pdf_button, self.xlsx_button):
            bar.addWidget(b)

        self.tiles: dict[str, Ubin] = {}
        tiles = QGridLayout()
        tiles.setSpacing(6)
        for i, (key, title, _tone) in enumerate(UBIN):
            tile = Ubin(title, big=1.5)
            tile.setObjectName("ubin")
            tile.clicked.connect(lambda k=key: self.show_rincian(
                lambda d: kabupaten_rincian.laporan(d, k)))
            tiles.addWidget(tile, 0, i)
            self.tiles[key] = tile

        self.kalender_model = GridModel(isi.kalender_headers(), self)
        self.kegiatan_model = GridModel([], self)
        self.ppks_model = GridModel([], self)
        self.rujukan_model = GridModel(isi.RUJUKAN_HEADERS, self)
        self.proxies = {name: GridProxy(m, self) for name, m in (
            ("kalender", self.kalender_model), ("kegiatan", self.kegiatan_model),
            ("ppks", self.ppks_model), ("rujukan", self.rujukan_model))}
        self.kalender = _table("kalenderKabupaten", self.proxies["kalender"], False)
        self.kegiatan = _table("kegiatanKabupaten", self.proxies["kegiatan"], True)
        self.ppks = _table("ppksKabupaten", self.proxies["ppks"], True)
        self.rujukan = _table("rujukanKabupaten", self.proxies["rujukan"], True)
        self.rujukan.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for view, handler in ((self.kalender, self._kalender_cell),
                              (self.kegiatan, self._kegiatan_cell),
                              (self.ppks, self._ppks_cell), (self.rujukan, self._rujukan_cell)):
            view.doubleClicked.connect(handler)

        self.tabs = QTabWidget()
        self.tabs.addTab(self._kalender_tab(), "Kalender laporan")
        self.tabs.addTab(self._with_hint(self.kegiatan, "Kegiatan final per bulan dan per "
                                         "fungsi. Klik dua kali angka untuk rinciannya."),
                         "Kegiatan")
        self.chart: QChartView | None = None
        self.chart_holder = QWidget()
        self.chart_box = QVBoxLayout(self.chart_holder)
        self.chart_box.setContentsMargins(0, 0, 0, 0)
        ppks_split = QSplitter(Qt.Orientation.Horizontal)
        ppks_split.setChildrenCollapsible(False)
        ppks_split.addWidget(self.chart_holder)
        ppks_split.addWidget(self._with_hint(
            self.ppks, "PPKS per kategori dalam pemetaan kecamatan, per akhir bulan pada kolom "
                       "\"Data per\". Klik dua kali angka untuk rinciannya."))
        ppks_split.setStretchFactor(0, 1)
        ppks_split.setStretchFactor(1, 1)
        self.tabs.addTab(ppks_split, "PPKS per kecamatan")
        self.tabs.addTab(self._with_hint(self.rujukan, "Rujukan dibuat dan ditutup sepanjang "
                                         "tahun; masih terbuka pada akhir bulan data tiap "
                                         "kecamatan. Klik dua kali angka untuk rinciannya."),
                         "Rujukan per instansi")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(self.title)
        layout.addWidget(self.subtitle)
        layout.addLayout(bar)
        layout.addWidget(self.note)
        layout.addWidget(self.loading)
        layout.addLayout(tiles)
        layout.addWidget(self.tabs, 1)
        self._shown_once = False
        self.refresh()

    # -- building ---------------------------------------------------------------------------
    def _with_hint(self, view: QTableView, hint: str) -> QWidget:
        box = QWidget()
        col = QVBoxLayout(box)
        label = QLabel(hint)
        label.setWordWrap(True)
        col.addWidget(label)
        col.addWidget(view, 1)
        return box

    def _kalender_tab(self) -> QWidget:
        box = QWidget()
        col = QVBoxLayout(box)
        legend = QGridLayout()
        legend.setHorizontalSpacing(6)
        legend.setVerticalSpacing(3)
        legend.addWidget(QLabel("Keterangan:"), 0, 0)
        self.legend: list[QLabel] = []
        for i, (label, colour) in enumerate(rekap_kabupaten.KETERANGAN_WARNA.values()):
            item = QLabel(label)
            item.setStyleSheet(f"background: #{colour}; color: #1f2933; border: 1px solid "
                               "#b8c2cc; padding: 2px 6px;")
            legend.addWidget(item, i // 3, 1 + i % 3)
            self.legend.append(item)
        legend.setColumnStretch(4, 1)
        col.addLayout(legend)
        hint = QLabel("Tiap sel: status laporan dan ketepatannya (Tepat; Telat n hr: diajukan "
                      "n hari sesudah batas; Lewat: batas lewat, belum diajukan); Kembali = "
                      "dikembalikan camat; * = diterima dalam paket kiriman. Klik dua kali sel "
                      "atau angka untuk rinciannya.")
        hint.setWordWrap(True)
        col.addWidget(hint)
        col.addWidget(self.kalender, 1)
        return box

    # -- data -------------------------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:
        """Coming back to the page shows today's numbers: packages may have come in since."""
        super().showEvent(event)
        if self._shown_once and not event.spontaneous():
            self.refresh()
        self._shown_once = True

    def refresh(self) -> None:
        """Read the year's dashboard off the GUI thread (a kabupaten takes a second or two);
        the page shows it when it arrives. A change of year meanwhile reads again after."""
        if self.load_task is not None:
            self._reload = True
            return
        actor, year, today = self.actor, self.year.value(), self.today
        self.loading.setText(f"Memuat data {year} semua kecamatan...")
        self.loading.show()

        def work(progress: Progress) -> DasborKabupaten:
            return kabupaten.dasbor(actor, year, today)

        self.load_task = run_task(self, "Memuat dasbor kabupaten", work, self._loaded,
                                  self._load_failed, show_progress=False)

    def _loaded(self, result: object) -> None:
        if not shiboken6.isValid(self.loading):  # the page was closed while it loaded
            return
        self.load_task = None
        if self._reload:
            self._reload = False
            self.refresh()
            return
        self.loading.hide()
        if isinstance(result, DasborKabupaten):
            self.show_data(result)

    def _load_failed(self, exc: BaseException) -> None:
        if not shiboken6.isValid(self.loading):
            return
        self.load_task = None
        self.loading.hide()
        if self._reload:
            self._reload = False
            self.refresh()
            return
        if not isinstance(exc, AppError):
            messages.show_error(self, exc, "Dasbor kabupaten tidak dapat dimuat")
            return
        log.warning("Dasbor kabupaten tidak dapat dimuat: %s", exc)
        self.note.setText(f"Dasbor tidak dapat dimuat: {exc}")
        self.note.show()
        self.tabs.setEnabled(False)

    def show_data(self, d: DasborKabupaten) -> None:
        self.note.hide()
        self.tabs.setEnabled(True)
        self.data = d
        self.title.setText(f"Dinas Sosial {d.kabupaten}")
        paket = sum(k.paket for k in d.kecamatan)
        self.subtitle.setText(
            f"{angka(len(d.kecamatan))} kecamatan, tahun {d.tahun}; keadaan per "
            f"{tanggal(d.hari_ini)}; {angka(paket)} paket kiriman diterima. Batas pengajuan "
            f"laporan: tanggal {d.batas_hari} bulan berikutnya.")
        self._show_tiles(d)
        self.kalender_model.set_rows(*isi.kalender(d))
        self.kegiatan_model.set_rows(*isi.kegiatan(d), headers=isi.kegiatan_headers(d))
        self.ppks_model.set_rows(*isi.ppks(d), headers=isi.ppks_headers(d))
        self.rujukan_model.set_rows(*isi.rujukan(d))
        self.kalender.resizeRowsToContents()
        self.apply_filter()

    def _show_tiles(self, d: DasborKabupaten) -> None:
        t = d.jumlah()
        for key, _title, tone in UBIN:
            n = getattr(t, key)
            caption = ""
            if key == "tepat" and t.persen_tepat is not None:
                caption = f"{angka(round(t.persen_tepat, 1))}% dari yang jatuh tempo"
            elif key == "diterima" and t.wajib:
                caption = f"dari {angka(t.wajib)} wajib"
            self.tiles[key].set(angka(n), caption, tone if n else "netral")
            self.tiles[key].set_clickable(True, f"Lihat rincian: {UKURAN[key].lower()}")

    def apply_filter(self) -> None:
        text = self.search.text().strip()
        for proxy in self.proxies.values():
            if proxy is not self.proxies["rujukan"]:
                proxy.setFilterFixedString(text)
        if self.data is not None:
            self._show_chart(self.data)

    def shown_kecamatan(self) -> list[int]:
        return [int(str(k)) for k in self.proxies["kalender"].shown_keys()]

    def _show_chart(self, d: DasborKabupaten) -> None:
        if self.chart is not None:
            self.chart_box.removeWidget(self.chart)
            self.chart.deleteLater()
        self.chart = isi.ppks_chart(d, self.shown_kecamatan())
        self.chart_box.addWidget(self.chart)

    # -- drill-down -------------------------------------------------------------------------
    def show_rincian(self, make: object) -> RincianDialog | None:
        if self.data is None or not callable(make):
            return None
        try:
            r = make(self.data)
        except AppError as exc:
            messages.show_error(self, exc, "Rincian tidak dapat dibuka")
            return None
        assert isinstance(r, Rincian)
        from .rincian_dialog import RincianDialog  # loaded at the first click on a number

        dialog = RincianDialog(r, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _r, dlg=dialog: self._forget(dlg))
        self.dialogs.append(dialog)
        dialog.show()
        return dialog

    def _forget(self, dialog: QWidget) -> None:
        if dialog in self.dialogs:
            self.dialogs.remove(dialog)

    def _source(self, name: str, index: QModelIndex) -> tuple[object, int]:
        src = self.proxies[name].mapToSource(index)
        return self.proxies[name].grid.keys[src.row()], src.column()

    def _kalender_cell(self, index: QModelIndex) -> None:
        key, col = self._source("kalender", index)
        kec = None if key is None else int(str(key))
        if 1 <= col <= 12:
            self.show_rincian(lambda d: kabupaten_rincian.laporan(d, "semua", kec, col))
        elif col > 12:
            ukuran = isi.KALENDER_UKURAN[col - 13]
            self.show_rincian(lambda d: kabupaten_rincian.laporan(d, ukuran, kec))
        elif kec is not None:
            self.show_rincian(lambda d: kabupaten_rincian.laporan(d, "semua", kec))

    def _kegiatan_cell(self, index: QModelIndex) -> None:
        key, col = self._source("kegiatan", index)
        kec = None if key is None else int(str(key))
        if 1 <= col <= 12:
            self.show_rincian(lambda d: kabupaten_rincian.kegiatan(d, kec, col))
        elif col >= 14:
            fungsi = self.kegiatan_model.headers[col]
            self.show_rincian(lambda d: kabupaten_rincian.kegiatan(d, kec, fungsi=fungsi))
        else:
            self.show_rincian(lambda d: kabupaten_rincian.kegiatan(d, kec))

    def _ppks_cell(self, index: QModelIndex) -> None:
        key, col = self._source("ppks", index)
        kec = None if key is None else int(str(key))
        headers = self.ppks_model.headers
        kategori = headers[col] if 2 <= col < len(headers) - 1 else None
        self.show_rincian(lambda d: kabupaten_rincian.ppks(d, kec, kategori))

    def _rujukan_cell(self, index: QModelIndex) -> None:
        key, col = self._source("rujukan", index)
        name = None if key is None else str(key)
        ukuran = isi.RUJUKAN_UKURAN[max(col, 1) - 1]
        self.show_rincian(lambda d: kabupaten_rincian.rujukan(d, ukuran, name))

    # -- files ------------------------------------------------------------------------------
    def save_recap(self, kind: str, path: Path | None = None) -> Task | None:
        if self.task is not None:
            return None
        year = self.year.value()
        name = f"rekap-kabupaten-{year}.{kind}"
        from ..tksk.cetak import ask_pdf_path  # not at start: the TKSK page's modules

        path = path or (ask_pdf_path(self, name) if kind == "pdf" else ask_save_path(self, name))
        if path is None:
            return None
        actor, today = self.actor, self.today

        def work(progress: Progress) -> Path:
            written = rekap_kabupaten.write(
                actor, year, pdf=path if kind == "pdf" else None,
                xlsx=path if kind == "xlsx" else None, today=today, progress=progress)
            return written[0]

        def done(result: object) -> None:
            self.task = None
            self.last_written = result if isinstance(result, Path) else None
            messages.info(self, "Tersimpan", f"Rekap kabupaten {year} tersimpan di:\n{result}")

        def failed(exc: BaseException) -> None:
            self.task = None
            messages.show_error(self, exc, "Rekap kabupaten tidak dapat disimpan")

        self.task = run_task(self, "Menyimpan rekap kabupaten", work, done, failed)
        return self.task

    def export_grid(self) -> Task | None:
        """The calendar of the kecamatan shown (after the search) to Excel."""
        if self.data is None:
            return None
        year, actor, today = self.year.value(), self.actor, self.today
        ids = self.shown_kecamatan()
        filtered = len(ids) != len(self.data.kecamatan)

        def work(path: Path, progress: Progress) -> int:
            return rekap_kabupaten.ekspor_kalender(actor, year, path,
                                                   ids if filtered else None, today, progress)

        self.export_task = export_to_excel(self, "Mengekspor kalender laporan",
                                           f"kalender-laporan-{year}.xlsx", work)
        return self.export_task
