"""Preview, print and save the monthly report.

The PDF is rendered by ``laporan_cetak.write_pdf`` off the GUI thread (with progress and Batal)
into a temporary file of this panel, then shown with QtPdf (QPdfDocument + QPdfView) with page
navigation and zoom. "Cetak..." asks the printer (QPrintDialog) and draws the preview's pages
into it off the GUI thread; "Simpan PDF..." and "Simpan Excel..." write the user's file through
the services (atomically: a failure leaves no partial file). An approved report prints from its
archive, so the paper chosen here does not apply to it.
"""

from __future__ import annotations

import itertools
import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import QKeySequence, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ...services import laporan_cetak
from ...services.context import Actor
from ...services.errors import AppError
from ...services.formatting import bulan_tahun
from .. import messages
from ..kecamatan_pilih import akhiran_berkas, pilihan
from ..pengaturan.common import ask_save_path
from ..tasks import Progress, Task, run_task
from ..tksk.cetak import ask_pdf_path

ZOOMS: tuple[tuple[str, object], ...] = (
    ("Sesuai lebar", QPdfView.ZoomMode.FitToWidth),
    ("Satu halaman penuh", QPdfView.ZoomMode.FitInView),
    ("50%", 0.5), ("75%", 0.75), ("100%", 1.0), ("125%", 1.25), ("150%", 1.5), ("200%", 2.0),
)


#: The resolution pages are rasterised at for the printer (a 1200 dpi printer page would take
#: over 500 MB as an image).
RASTER_DPI = 300


class PrinterError(AppError):
    """The printer could not be used."""


def print_pdf(pdf: Path, printer: QPrinter, progress: Progress) -> int:
    """Draw the pages of ``pdf`` (within the printer's page range) into ``printer``, each
    scaled to the printable area; returns the number of pages printed. Runs in a worker: its
    own QPdfDocument, loaded synchronously from the file."""
    document = QPdfDocument()
    try:
        if document.load(str(pdf)) != QPdfDocument.Error.None_:
            raise PrinterError("Pratinjau tidak dapat dibaca untuk dicetak. Tampilkan "
                               "pratinjau lagi, lalu ulangi.")
        count = document.pageCount()
        first, last = printer.fromPage(), printer.toPage()
        pages = list(range(first - 1, min(last, count))) if first and last else list(range(count))
        painter = QPainter()
        if not painter.begin(printer):
            raise PrinterError("Printer tidak dapat dipakai. Periksa apakah printer menyala dan "
                               "terhubung, lalu ulangi.")
        try:
            dpi = printer.resolution()
            area = printer.pageLayout().paintRectPixels(dpi)
            for n, page in enumerate(pages):
                progress(n, len(pages), f"Mencetak halaman {page + 1} dari {count}")
                if n:
                    printer.newPage()
                points = document.pagePointSize(page)
                scale = min(area.width() / points.width(), area.height() / points.height())
                size = QSizeF(points.width() * scale, points.height() * scale)
                # rasterised at no more than RASTER_DPI: sharp on paper, bounded in memory
                raster = min(1.0, RASTER_DPI / dpi)
                image = document.render(page, (size * raster).toSize())
                left = (area.width() - size.width()) / 2  # centred across the paper
                painter.drawImage(QRectF(QPointF(left, 0), size), image)
        finally:
            painter.end()
        return len(pages)
    finally:
        document.close()


class PratinjauPanel(QWidget):
    def __init__(self, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        self.tahun, self.bulan, self.status = 0, 0, ""
        self.available = False
        self.task: Task | None = None
        self.last_written: Path | None = None
        self.pdf_path: Path | None = None
        #: Called before any output (the page offers to save unsaved edits); False stops.
        self.before_output: Callable[[], bool] = lambda: True
        self._tmp = tempfile.TemporaryDirectory(prefix="laporan-pratinjau-",
                                                ignore_cleanup_errors=True)
        self._serial = itertools.count(1)

        self.paper = QComboBox()
        self.paper.addItem("A4", "A4")
        self.paper.addItem("F4 / folio", "F4")
        self.paper.currentIndexChanged.connect(self._paper_changed)
        paper_label = QLabel("K&ertas:")
        paper_label.setBuddy(self.paper)
        self.show_button = QPushButton("Tam&pilkan pratinjau")
        self.show_button.clicked.connect(self.show_preview)
        self.print_button = QPushButton("&Cetak...")
        self.print_button.setShortcut(QKeySequence.StandardKey.Print)
        self.print_button.setToolTip("Cetak ke printer (Ctrl+P)")
        self.print_button.clicked.connect(self.ask_print)
        self.pdf_button = QPushButton("Simpan P&DF...")
        self.pdf_button.clicked.connect(lambda: self.save_pdf())
        self.xlsx_button = QPushButton("Simpan E&xcel...")
        self.xlsx_button.clicked.connect(lambda: self.save_xlsx())
        top = QHBoxLayout()
        top.addWidget(paper_label)
        top.addWidget(self.paper)
        top.addWidget(self.show_button)
        top.addStretch(1)
        top.addWidget(self.print_button)
        top.addWidget(self.pdf_button)
        top.addWidget(self.xlsx_button)

        self.document = QPdfDocument(self)
        self.view = QPdfView(self)
        self.view.setObjectName("pratinjauLaporan")
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.pageNavigator().currentPageChanged.connect(self._page_shown)
        self.prev_button = QPushButton("\u25c0")
        self.prev_button.setToolTip("Halaman sebelumnya (Page Up)")
        self.prev_button.clicked.connect(self.previous_page)
        self.next_button = QPushButton("\u25b6")
        self.next_button.setToolTip("Halaman berikutnya (Page Down)")
        self.next_button.clicked.connect(self.next_page)
        for b in (self.prev_button, self.next_button):
            b.setFixedWidth(36)
        self.page = QSpinBox()
        self.page.setRange(1, 1)
        self.page.setKeyboardTracking(False)
        self.page.valueChanged.connect(lambda v: self.go_to(v - 1))
        page_label = QLabel("&Halaman:")
        page_label.setBuddy(self.page)
        self.pages_label = QLabel("dari 0")
        self.zoom = QComboBox()
        for text, value in ZOOMS:
            self.zoom.addItem(text, value)
        self.zoom.currentIndexChanged.connect(self._zoom_changed)
        self.zoom.setCurrentIndex(self.zoom.findText("100%"))
        zoom_label = QLabel("&Zoom:")
        zoom_label.setBuddy(self.zoom)
        nav = QHBoxLayout()
        for w in (self.prev_button, page_label, self.page, self.pages_label, self.next_button):
            nav.addWidget(w)
        nav.addSpacing(16)
        nav.addWidget(zoom_label)
        nav.addWidget(self.zoom)
        self.info = QLabel("")
        self.info.setWordWrap(True)
        self.info.setStyleSheet("color: palette(placeholder-text);")
        nav.addWidget(self.info, 1)

        self.placeholder = QLabel("")
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.placeholder)
        self.stack.addWidget(self.view)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(nav)
        layout.addWidget(self.stack, 1)
        self._update_buttons()

    # -- state ------------------------------------------------------------------------------
    @property
    def label(self) -> str:
        return bulan_tahun(self.tahun, self.bulan) if self.tahun else ""

    def kertas(self) -> str:
        return str(self.paper.currentData())

    def has_preview(self) -> bool:
        return self.document.status() == QPdfDocument.Status.Ready

    def busy(self) -> bool:
        return self.task is not None

    def set_month(self, tahun: int, bulan: int, status: str, available: bool = True) -> None:
        """Show another month (or the same one after a step): the old preview is dropped."""
        self.tahun, self.bulan, self.status = tahun, bulan, status
        self.available = available
        self._clear()
        archived = status == "disetujui"
        self.paper.setEnabled(not archived)
        self.paper.setToolTip("Laporan yang sudah disetujui dicetak dari arsipnya, dengan kertas "
                              "yang dipilih saat disetujui." if archived else "")
        self.placeholder.setText(
            f"Tekan \u201cTampilkan pratinjau\u201d untuk melihat laporan {self.label} seperti "
            "yang akan dicetak." if available else "Tidak ada laporan untuk ditampilkan.")
        self._update_buttons()

    def _clear(self) -> None:
        self.document.close()
        self.stack.setCurrentWidget(self.placeholder)
        self.page.setRange(1, 1)
        self.pages_label.setText("dari 0")
        self.info.setText("")
        if self.pdf_path is not None:
            self.pdf_path.unlink(missing_ok=True)
            self.pdf_path = None

    def _update_buttons(self) -> None:
        ready = self.has_preview()
        can = self.available and not self.busy()
        self.show_button.setEnabled(can)
        self.pdf_button.setEnabled(can)
        self.xlsx_button.setEnabled(can)
        self.print_button.setEnabled(ready and not self.busy())
        self.print_button.setToolTip("Cetak ke printer (Ctrl+P)" if ready else
                                     "Tampilkan pratinjau dahulu, lalu cetak.")
        for w in (self.prev_button, self.next_button, self.page, self.zoom):
            w.setEnabled(ready)

    # -- preview ----------------------------------------------------------------------------
    def show_preview(self) -> Task | None:
        if self.busy() or not self.tahun or not self.before_output():
            return None
        actor, tahun, bulan, kertas = self.actor, self.tahun, self.bulan, self.kertas()
        kec = pilihan(actor)  # a user of the whole kabupaten: the kecamatan chosen on the page
        target = Path(self._tmp.name) / f"pratinjau-{next(self._serial)}.pdf"

        def work(progress: Progress) -> Path:
            progress(0, 0, f"Menyusun pratinjau laporan {bulan_tahun(tahun, bulan)}...")
            return laporan_cetak.write_pdf(actor, tahun, bulan, target, kertas, progress=progress,
                                           kecamatan_id=kec)

        def done(result: object) -> None:
            self.task = None
            if (self.tahun, self.bulan, pilihan(actor)) != (tahun, bulan, kec):
                # another month (or kecamatan) is shown by now
                target.unlink(missing_ok=True)
                self._update_buttons()
                return
            self._clear()
            self.pdf_path = target
            if self.document.load(str(target)) != QPdfDocument.Error.None_:
                messages.error(self, "Pratinjau", "PDF pratinjau tidak dapat dibuka.")
            else:
                self._loaded()
            self._update_buttons()

        self.task = run_task(self.window(), "Menyiapkan pratinjau", work, done, self._failed)
        self.task.finished.connect(self._task_ended)
        self._update_buttons()
        return self.task

    def _loaded(self) -> None:
        count = self.document.pageCount()
        self.page.blockSignals(True)
        self.page.setRange(1, max(count, 1))
        self.page.setValue(1)
        self.page.blockSignals(False)
        self.pages_label.setText(f"dari {count}")
        self.stack.setCurrentWidget(self.view)
        self.info.setText(
            "Dari arsip yang disetujui." if self.status == "disetujui" else
            f"Kertas {self.kertas()}; isi sesuai data dan naskah yang tersimpan.")

    def _failed(self, exc: BaseException) -> None:
        self.task = None
        messages.show_error(self, exc, "Pratinjau gagal")
        self._update_buttons()

    def _task_ended(self) -> None:
        if self.task is not None and self.task.cancel_event.is_set():
            self.task = None
        self._update_buttons()

    def _paper_changed(self) -> None:
        if self.has_preview():
            self.show_preview()

    def go_to(self, page: int) -> None:
        if not self.has_preview() or not 0 <= page < self.document.pageCount():
            return
        self.view.pageNavigator().jump(page, QPointF(0, 0), self.view.zoomFactor())

    def previous_page(self) -> None:
        self.go_to(self.current_page() - 1)

    def next_page(self) -> None:
        self.go_to(self.current_page() + 1)

    def _page_shown(self, page: int) -> None:
        self.page.blockSignals(True)
        self.page.setValue(page + 1)
        self.page.blockSignals(False)

    def current_page(self) -> int:
        return self.view.pageNavigator().currentPage()

    def _zoom_changed(self) -> None:
        value = self.zoom.currentData()
        if isinstance(value, QPdfView.ZoomMode):
            self.view.setZoomMode(value)
        else:
            self.view.setZoomMode(QPdfView.ZoomMode.Custom)
            self.view.setZoomFactor(float(value))

    # -- output -----------------------------------------------------------------------------
    def _file_stem(self) -> str:
        return f"laporan-bulanan-{self.tahun}-{self.bulan:02d}{akhiran_berkas(self.actor)}"

    def _write(self, title: str, work: Callable[[Progress], Path], what: str) -> Task:
        def done(result: object) -> None:
            self.task = None
            self.last_written = result if isinstance(result, Path) else None
            messages.info(self, "Tersimpan", f"{what} laporan {self.label} tersimpan di:\n"
                                             f"{result}")
            self._update_buttons()

        def failed(exc: BaseException) -> None:
            self.task = None
            messages.show_error(self, exc, "Tidak dapat disimpan")
            self._update_buttons()

        self.task = run_task(self.window(), title, work, done, failed)
        self.task.finished.connect(self._task_ended)
        self._update_buttons()
        return self.task

    def save_pdf(self, path: Path | None = None) -> Task | None:
        if self.busy() or not self.tahun or not self.before_output():
            return None
        path = path or ask_pdf_path(self.window(), f"{self._file_stem()}.pdf")
        if path is None:
            return None
        actor, tahun, bulan, kertas, dest = self.actor, self.tahun, self.bulan, self.kertas(), path
        kec = pilihan(actor)
        return self._write("Menyimpan PDF laporan", lambda progress: laporan_cetak.write_pdf(
            actor, tahun, bulan, dest, kertas, progress, kecamatan_id=kec), "PDF")

    def save_xlsx(self, path: Path | None = None) -> Task | None:
        if self.busy() or not self.tahun or not self.before_output():
            return None
        path = path or ask_save_path(self.window(), f"{self._file_stem()}.xlsx")
        if path is None:
            return None
        actor, tahun, bulan, dest = self.actor, self.tahun, self.bulan, path
        kec = pilihan(actor)
        return self._write("Menyimpan Excel laporan", lambda progress: laporan_cetak.write_xlsx(
            actor, tahun, bulan, dest, kecamatan_id=kec), "Buku kerja Excel")

    def ask_print(self) -> None:
        if not self.has_preview() or self.busy():
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(f"Laporan bulanan TKSK {self.label}")
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle("Cetak laporan bulanan")
        dialog.setMinMax(1, self.document.pageCount())
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.print_document(printer)

    def print_document(self, printer: QPrinter) -> Task | None:
        """Print the shown preview into ``printer`` (already set up) off the GUI thread."""
        if self.pdf_path is None or self.busy():
            return None
        pdf = self.pdf_path

        def done(result: object) -> None:
            self.task = None
            messages.info(self, "Cetak", f"{result} halaman laporan {self.label} dikirim ke "
                                         "printer.")
            self._update_buttons()

        def failed(exc: BaseException) -> None:
            self.task = None
            messages.show_error(self, exc, "Cetak gagal")
            self._update_buttons()

        self.task = run_task(self.window(), "Mencetak laporan",
                             lambda progress: print_pdf(pdf, printer, progress), done, failed)
        self.task.finished.connect(self._task_ended)
        self._update_buttons()
        return self.task
