"""The yearly recap (rekap tahunan) from the Laporan page: choose a year and paper, save it as
PDF or Excel. The work runs off the GUI thread (:func:`views.tasks.run_task`)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ...services import rekap_tahunan
from ...services.context import Actor
from .. import messages
from ..kecamatan_pilih import akhiran_berkas, nama, pilihan
from ..pengaturan.common import ask_save_path
from ..tasks import Progress, Task, run_task
from ..tksk.cetak import ask_pdf_path


class RekapTahunanDialog(QDialog):
    def __init__(self, actor: Actor, parent: QWidget | None = None,
                 today: dt.date | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        self.task: Task | None = None
        self.last_written: Path | None = None
        #: A user of the whole kabupaten: the kecamatan chosen on the Laporan page.
        self.kecamatan_id = pilihan(actor)
        where = nama(self.kecamatan_id)
        self.setWindowTitle(f"Rekap tahunan Kecamatan {where}" if where else "Rekap tahunan")
        today = today or dt.date.today()
        self.tahun = QSpinBox()
        self.tahun.setRange(2000, today.year)
        self.tahun.setValue(today.year)
        self.kertas = QComboBox()
        self.kertas.addItems(["A4", "F4"])
        form = QFormLayout()
        form.addRow("&Tahun:", self.tahun)
        form.addRow("&Kertas PDF:", self.kertas)
        note = QLabel("Kegiatan per bulan menurut fungsi dan bentuk, rujukan per bulan dan per "
                      "instansi, PPKS yang ditangani, dan status laporan bulanan setiap bulan.")
        note.setWordWrap(True)
        self.pdf_button = QPushButton("Simpan &PDF...")
        self.pdf_button.clicked.connect(lambda: self.save("pdf"))
        self.xlsx_button = QPushButton("Simpan &Excel...")
        self.xlsx_button.clicked.connect(lambda: self.save("xlsx"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.pdf_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.xlsx_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(buttons)
        self.resize(460, self.sizeHint().height())

    def save(self, kind: str, path: Path | None = None) -> Task | None:
        if self.task is not None:
            return None
        year = self.tahun.value()
        name = f"rekap-tahunan-{year}{akhiran_berkas(self.actor)}.{kind}"
        path = path or (ask_pdf_path(self, name) if kind == "pdf" else ask_save_path(self, name))
        if path is None:
            return None
        actor, kertas, kec = self.actor, self.kertas.currentText(), self.kecamatan_id

        def work(progress: Progress) -> Path:
            progress(0, 0, f"Menyusun rekap tahunan {year}...")
            written = rekap_tahunan.write(actor, year, pdf=path if kind == "pdf" else None,
                                          xlsx=path if kind == "xlsx" else None, kertas=kertas,
                                          kecamatan_id=kec)
            return written[0]

        def done(result: object) -> None:
            self.task = None
            self.last_written = result if isinstance(result, Path) else None
            messages.info(self, "Tersimpan", f"Rekap tahunan {year} tersimpan di:\n{result}")

        def failed(exc: BaseException) -> None:
            self.task = None
            messages.show_error(self, exc, "Rekap tahunan tidak dapat disimpan")

        self.task = run_task(self, "Menyimpan rekap tahunan", work, done, failed)
        return self.task
