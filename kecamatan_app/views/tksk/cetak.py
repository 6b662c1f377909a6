"""Print (PDF, A4 or F4/folio) and Excel export buttons of the TKSK screens.

The work is done by ``services.cetak_tksk`` and ``services.impor_pendaftar``, imported when the
button is used and run off the GUI thread (:func:`run_task`). The NIK stays masked unless the
user picks the "NIK lengkap" entry, which only roles that may edit candidates are offered (the
service checks the same right)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from functools import partial
from pathlib import Path
from types import ModuleType

from PySide6.QtCore import QStandardPaths, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMenu, QPushButton, QWidget

from ...services import lingkup
from ...services.context import Actor
from .. import messages
from ..kecamatan_pilih import dengan_kecamatan, terima_kecamatan
from ..pengaturan.common import export_to_excel
from ..tasks import Progress, Task, run_task
from .widgets import optional_module

PRINT_MODULE = "cetak_tksk"
EXPORT_MODULE = "impor_pendaftar"
PAPERS: tuple[tuple[str, str], ...] = (("A4", "Kertas A4"), ("F4", "Kertas F4 (folio)"))

#: job(module, path) -> the written file; runs in a worker thread, so it reads no widget.
PrintJob = Callable[[ModuleType, Path], object]
#: make(paper, with_nik) -> the job; runs on the GUI thread and reads what the job needs.
MakeJob = Callable[[str, bool], PrintJob]


def file_name(stem: str, suffix: str) -> str:
    """A safe file name: ``lembar-verifikasi-dewi-lestari-2026-11-26.pdf``."""
    slug = re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-") or "berkas"
    return f"{slug}-{dt.date.today().isoformat()}{suffix}"


def ask_pdf_path(parent: QWidget, default_name: str) -> Path | None:
    folder = QStandardPaths.writableLocation(
        QStandardPaths.StandardLocation.DocumentsLocation
    ) or str(Path.home())
    chosen, _ = QFileDialog.getSaveFileName(
        parent, "Simpan PDF sebagai", str(Path(folder) / default_name), "Dokumen PDF (*.pdf)"
    )
    if not chosen:
        return None
    path = Path(chosen)
    return path if path.suffix.lower() == ".pdf" else path.with_name(path.name + ".pdf")


class PrintButton(QPushButton):
    """A button with a menu of paper sizes (and, if offered, the full-NIK variants); hidden
    when the printing service is not installed."""

    def __init__(
        self,
        parent: QWidget,
        text: str,
        make_job: MakeJob,
        default_name: Callable[[], str],
        nik_option: bool = False,
    ) -> None:
        super().__init__(text, parent)
        self.make_job, self.default_name = make_job, default_name
        self.task: Task | None = None
        self.last_path: Path | None = None
        self.available = optional_module(PRINT_MODULE) is not None
        menu = QMenu(self)
        for paper, label in PAPERS:
            menu.addAction(f"{label}...", partial(self.run, paper, False))
        if nik_option:
            menu.addSeparator()
            for paper, label in PAPERS:
                menu.addAction(f"{label}, NIK lengkap...", partial(self.run, paper, True))
        self.setMenu(menu)
        if not self.available:
            self.setVisible(False)

    def run(self, paper: str, with_nik: bool = False, path: Path | None = None) -> Task | None:
        module = optional_module(PRINT_MODULE)
        if module is None:
            return None
        parent = self.window()
        path = path or ask_pdf_path(parent, self.default_name())
        if path is None:
            return None
        target = path
        job = self.make_job(paper, with_nik)

        def done(result: object) -> None:
            written = result if isinstance(result, Path) else target
            self.last_path = written
            if messages.confirm(
                parent,
                "Cetak selesai",
                f"PDF tersimpan di:\n{written}\n\nBuka sekarang untuk dicetak?",
            ):
                QDesktopServices.openUrl(QUrl.fromLocalFile(str(written)))

        def failed(exc: BaseException) -> None:
            messages.show_error(parent, exc, "Cetak gagal")

        self.task = run_task(
            parent,
            "Menyiapkan PDF",
            lambda progress: job(module, target),
            done,
            failed,
        )
        return self.task


class ExportButton(QPushButton):
    """ "Ekspor Excel": every candidate with the template's columns and the Pasal 9 result."""

    def __init__(self, parent: QWidget, actor: Actor, nik_option: bool) -> None:
        super().__init__("&Ekspor Excel", parent)
        self.actor = actor
        self.task: Task | None = None
        module = optional_module(EXPORT_MODULE)
        # a Dinas database holds every kecamatan's candidates: only an export that is limited
        # to the kecamatan shown is offered there
        self.available = module is not None and (
            not lingkup.is_dinas() or terima_kecamatan(module.export))
        if nik_option:
            menu = QMenu(self)
            menu.addAction("NIK disamarkan...", partial(self.run, False))
            menu.addAction("NIK lengkap...", partial(self.run, True))
            self.setMenu(menu)
        else:
            self.clicked.connect(lambda: self.run(False))
        if not self.available:
            self.setVisible(False)

    def run(self, with_nik: bool = False) -> Task | None:
        module = optional_module(EXPORT_MODULE)
        if module is None:
            return None

        scope = dengan_kecamatan(self.actor, module.export)

        def work(path: Path, progress: Progress) -> int:
            count: int = module.export(self.actor, path, with_nik=with_nik, progress=progress,
                                       **scope)
            return count

        self.task = export_to_excel(
            self.window(),
            "Mengekspor daftar pendaftar TKSK",
            file_name("pendaftar-tksk", ".xlsx"),
            work,
        )
        return self.task
