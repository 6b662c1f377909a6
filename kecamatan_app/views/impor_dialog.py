"""The Excel import dialog every module shares (TKSK > Pendaftar, Kegiatan, Rujukan).

1. The columns are explained; save the template, pick the filled workbook. 2. A dry run: "Siap
diimpor: N baru, M diperbarui" (and non-blocking notes), or a sortable, searchable table of every
bad cell (Baris, Kolom, Masalah), savable as a workbook. 3. "Impor", only after a clean check,
reads the file again and saves every row in one transaction, or shows the problems it now has and
saves nothing. All work runs in run_task.

What is imported is an :class:`ImporJenis`: a service module with ``SHEET``, ``columns()``,
``write_template(path)`` and ``import_file(actor, path, dry_run=, progress=)`` (looked up on the
module at each call), and the words the dialog uses for it. A module's dialog is a subclass that
sets ``JENIS``."""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any, ClassVar

from PySide6.QtCore import QStandardPaths, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..services.context import Actor
from ..services.formatting import angka
from ..services.impor import ImportResult, Problem, write_errors_workbook
from . import messages
from .pengaturan.common import SearchableTable, ask_save_path, today_name
from .table_model import Column
from .tasks import Progress, Task, run_task

#: (text colour, background) of the status line: ready, problems, nothing to import (the
#: colours of a Pasal 9 result on the TKSK screens).
BAIK, BURUK, KOSONG = "baik", "buruk", "kosong"
TONES: dict[str, tuple[str, str]] = {
    BAIK: ("#17693a", "#e2f3e7"),
    BURUK: ("#b00020", "#fde6e9"),
    KOSONG: ("#8a5800", "#fff2d1"),
}
#: Above this many rows the table no longer grows each row to its wrapped message (speed).
WRAP_ROWS_MAX = 500

PROBLEM_COLUMNS: list[Column[Problem]] = [
    Column("Baris", lambda p: p.row, align_right=True),
    Column("Kolom", lambda p: p.column or "(seluruh baris)"),
    Column("Masalah", lambda p: p.message),
]


@dataclass(frozen=True)
class ImporJenis:
    """What a dialog imports, and the words it uses for it."""

    module: ModuleType  # the service: SHEET, columns(), write_template(), import_file()
    title: str  # the window title
    satuan: str  # what one row is: "orang", "kegiatan"
    barang: str  # what the rows become: "pendaftar", "kegiatan"
    catatan: str  # the module's own rule (updates, duplicates), one or two sentences
    template_name: str
    problems_stem: str  # the problem list's file name, before the date


def columns_text(jenis: ImporJenis) -> str:
    columns = jenis.module.columns()
    required = [c.header for c in columns if c.required]
    optional = [c.header for c in columns if not c.required]
    return (
        f"Isi satu baris untuk satu {jenis.satuan} pada lembar '{jenis.module.SHEET}' templat; "
        "isian yang diterima tiap kolom ada di lembar 'Petunjuk' templat.<br>"
        f"Kolom wajib (judul berwarna jingga): <b>{', '.join(required)}</b>.<br>"
        f"Kolom lain boleh dikosongkan bila belum diketahui: {', '.join(optional)}.<br>"
        f"{jenis.catatan} Berkas diperiksa dulu; bila ada satu sel yang salah, tidak ada data "
        "yang disimpan."
    )


def banner_style(tone: str) -> str:
    fg, bg = TONES[tone]
    return (
        f"QLabel {{ color: {fg}; background: {bg}; border: 1px solid {fg}; "
        "border-radius: 4px; padding: 8px 10px; font-weight: bold; }"
    )


def _hbox(*widgets: QWidget, stretch: int = -1) -> QHBoxLayout:
    """The widgets side by side; the one at ``stretch`` takes the spare width."""
    row = QHBoxLayout()
    for i, w in enumerate(widgets):
        row.addWidget(w, 1 if i == stretch % len(widgets) else 0)
    return row


def _counts(result: ImportResult) -> str:
    return f"{angka(result.created)} baru, {angka(result.updated)} diperbarui"


class ImporDialog(QDialog):
    #: Set by each module's subclass.
    JENIS: ClassVar[ImporJenis]
    #: The import saved (created, updated) rows.
    imported = Signal(int, int)

    def __init__(self, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        self.jenis = self.JENIS
        self.path: Path | None = None
        self.result_value: ImportResult | None = None  # the last check or import
        self.task: Task | None = None
        self.setWindowTitle(self.jenis.title)
        self.resize(920, 660)

        intro = QLabel(columns_text(self.jenis))
        intro.setWordWrap(True)
        self.template_button = QPushButton("Simpan &templat...")
        self.template_button.clicked.connect(self.save_template)
        self.choose_button = QPushButton("&Pilih berkas...")
        self.choose_button.clicked.connect(self.choose_file)
        self.file_label = QLabel("Belum ada berkas yang dipilih.")
        self.file_label.setWordWrap(True)
        step1 = QGroupBox("1. Siapkan berkas")
        box1 = QVBoxLayout(step1)
        box1.addWidget(intro)
        box1.addLayout(_hbox(self.template_button, self.choose_button, self.file_label))

        self.status = QLabel("Pilih berkas yang sudah diisi; berkas itu diperiksa dulu.")
        self.status.setWordWrap(True)
        self.recheck_button = QPushButton("Periksa &ulang")
        self.recheck_button.setToolTip("Periksa lagi berkas yang sama setelah diperbaiki")
        self.recheck_button.clicked.connect(self.recheck)
        self.table_title = QLabel("")
        self.table = SearchableTable(PROBLEM_COLUMNS, "nomor baris, nama kolom atau kata")
        self.table.view.setWordWrap(True)
        header = self.table.view.horizontalHeader()
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.save_problems_button = QPushButton("Simpan daftar &masalah...")
        self.save_problems_button.clicked.connect(self.save_problems)
        self.nothing_saved = QLabel(
            "Belum ada data yang disimpan. Perbaiki sel yang disebut di Excel, simpan berkasnya, "
            "lalu tekan Periksa ulang."
        )
        self.nothing_saved.setWordWrap(True)
        self.nothing_saved.setStyleSheet("font-weight: bold;")
        step2 = QGroupBox("2. Periksa berkas")
        box2 = QVBoxLayout(step2)
        box2.addLayout(_hbox(self.status, self.recheck_button, stretch=0))
        box2.addWidget(self.table_title)
        box2.addLayout(self.table.search_row)
        box2.addWidget(self.table.view, 1)
        box2.addLayout(_hbox(self.save_problems_button, self.nothing_saved))

        self.import_button = QPushButton("&Impor")
        self.import_button.setToolTip(f"Simpan semua baris berkas ini sebagai {self.jenis.barang}")
        self.import_button.clicked.connect(self.start_import)
        self.buttons = QDialogButtonBox()
        self.buttons.addButton(self.import_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.close_button = self.buttons.addButton("Tutup", QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(step1)
        layout.addWidget(step2, 1)
        layout.addWidget(self.buttons)

        self._show_rows("", [])
        self._update_buttons()

    @classmethod
    def ask(cls, actor: Actor, parent: QWidget | None = None) -> tuple[ImportResult | None, bool]:
        """Run modally; returns (what the import saved, whether it saved anything)."""
        dialog = cls(actor, parent)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        value = dialog.result_value if accepted else None
        dialog.deleteLater()
        return value, accepted

    # -- state ------------------------------------------------------------------------------
    def problems(self) -> list[Problem]:
        return self.result_value.problems if self.result_value is not None else []

    def busy(self) -> bool:
        return self.task is not None

    def _ready(self) -> bool:
        r = self.result_value
        return r is not None and r.dry_run and r.ok and r.created + r.updated > 0

    def _update_buttons(self) -> None:
        idle = not self.busy()
        for b in (self.template_button, self.choose_button):
            b.setEnabled(idle)
        self.recheck_button.setVisible(self.path is not None)
        self.recheck_button.setEnabled(idle)
        has_problems = bool(self.problems())
        self.save_problems_button.setVisible(has_problems)
        self.save_problems_button.setEnabled(idle)
        self.nothing_saved.setVisible(has_problems)
        self.import_button.setEnabled(idle and self._ready())
        default = self.recheck_button if has_problems else self.choose_button
        (self.import_button if self._ready() else default).setDefault(True)

    def _show_rows(self, title: str, rows: list[Problem], what: str = "Masalah") -> None:
        self.table_title.setText(title)
        self.table.search.clear()
        self.table.model.columns[-1] = Column(what, lambda p: p.message)
        self.table.model.set_rows(rows)
        vertical = self.table.view.verticalHeader()
        vertical.setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
            if len(rows) <= WRAP_ROWS_MAX
            else QHeaderView.ResizeMode.Interactive
        )
        for w in (self.table_title, self.table.view, self.table.search, self.table.count_label):
            w.setVisible(bool(rows))
        self.table.search_label.setVisible(bool(rows))

    def _set_status(self, text: str, tone: str | None = None) -> None:
        self.status.setText(text)
        self.status.setStyleSheet(banner_style(tone) if tone else "")

    def _run(
        self,
        title: str,
        fn: Callable[[Progress], Any],
        on_done: Callable[[Any], None],
        error_title: str,
        failed_status: str = "",
        cancelled: str = "",
    ) -> Task:
        """``run_task`` with the buttons disabled meanwhile; the status says ``failed_status``
        after an error and ``cancelled`` after Batal (the work's transaction rolled back)."""

        def failed(exc: BaseException) -> None:
            if failed_status:
                self._set_status(failed_status, BURUK)
            messages.show_error(self, exc, error_title)

        task = run_task(self, title, fn, on_done, failed)
        self.task = task
        # finished is emitted on the GUI thread before on_done/failed, never before we return
        task.finished.connect(lambda: self._task_ended(task, cancelled))
        self._update_buttons()
        return task

    def _task_ended(self, task: Task, cancelled: str) -> None:
        """Runs first on every outcome; a cancelled job gets no other callback."""
        if self.task is task:
            self.task = None
        if task.cancel_event.is_set() and cancelled:
            self._set_status(cancelled)
        self._update_buttons()

    # -- step 1 -----------------------------------------------------------------------------
    def save_template(self) -> Task | None:
        path = ask_save_path(self, self.jenis.template_name)
        if path is None:
            return None
        module = self.jenis.module

        def done(written: object) -> None:
            messages.info(
                self,
                "Templat tersimpan",
                f"Templat impor tersimpan di:\n{written}\n\nIsi lembar '{module.SHEET}' di Excel, "
                "simpan, lalu pilih berkas itu dengan Pilih berkas.",
            )

        return self._run(
            "Menyimpan templat", lambda progress: module.write_template(path), done,
            "Templat gagal"
        )

    def choose_file(self) -> Task | None:
        documents = QStandardPaths.StandardLocation.DocumentsLocation
        start = self.path.parent if self.path else QStandardPaths.writableLocation(documents)
        chosen, _ = QFileDialog.getOpenFileName(
            self, "Pilih berkas Excel", str(start), "Buku kerja Excel (*.xlsx)"
        )
        return self.check(Path(chosen)) if chosen else None

    # -- step 2 -----------------------------------------------------------------------------
    def recheck(self) -> Task | None:
        return self.check(self.path) if self.path is not None else None

    def check(self, path: Path) -> Task:
        """Dry run: read and check every row, save nothing."""
        self.path, self.result_value = path, None
        self.file_label.setText(f"Berkas: <b>{html.escape(path.name)}</b>")
        self.file_label.setToolTip(str(path))
        self._show_rows("", [])
        self._set_status(f"Memeriksa {path.name}...")
        actor, module = self.actor, self.jenis.module

        def work(progress: Progress) -> ImportResult:
            return module.import_file(actor, path, dry_run=True, progress=progress)

        return self._run(
            "Memeriksa berkas impor",
            work,
            self._checked,
            "Berkas tidak dapat dibaca",
            "Berkas belum dapat diperiksa. Perbaiki berkasnya, lalu tekan Periksa ulang.",
            "Pemeriksaan dibatalkan. Tekan Periksa ulang untuk memeriksa lagi.",
        )

    def _checked(self, result: ImportResult) -> None:
        self.result_value = result
        if result.problems:
            self._show_problems(result, changed=False)
        elif result.created + result.updated == 0:
            self._set_status(f"Berkas tidak berisi baris {self.jenis.barang}.", KOSONG)
        else:
            self._set_status(f"Siap diimpor: {_counts(result)}.", BAIK)
            notes = f"Catatan ({angka(len(result.warnings))}), tidak menghalangi impor:"
            self._show_rows(notes, list(result.warnings), "Catatan")
            self.import_button.setFocus()
        self._update_buttons()

    def _show_problems(self, result: ImportResult, changed: bool) -> None:
        problems = result.problems
        rows = len({p.row for p in problems})
        what = f"{angka(len(problems))} masalah di {angka(rows)} baris"
        text = (
            f"Saat impor berkas dibaca ulang dan ditemukan {what}: berkas atau data "
            f"{self.jenis.barang} berubah sejak diperiksa."
            if changed
            else f"Ditemukan {what}."
        )
        self._set_status(text, BURUK)
        self._show_rows("Masalah yang harus diperbaiki:", list(problems))

    def save_problems(self) -> Task | None:
        problems, source = self.problems(), self.path.name if self.path else ""
        if not problems:
            return None
        path = ask_save_path(self, today_name(self.jenis.problems_stem))
        if path is None:
            return None

        def done(written: object) -> None:
            messages.info(
                self, "Daftar masalah tersimpan", f"Daftar masalah tersimpan di:\n{written}"
            )

        return self._run(
            "Menyimpan daftar masalah",
            lambda progress: write_errors_workbook(path, problems, source),
            done,
            "Daftar masalah gagal disimpan",
        )

    # -- step 3 -----------------------------------------------------------------------------
    def start_import(self) -> Task | None:
        """The real import; the file is read and checked again (it may have changed)."""
        if self.path is None or not self._ready() or self.busy():
            return None
        path, actor, module = self.path, self.actor, self.jenis.module
        self._set_status(f"Mengimpor {path.name}...")

        def work(progress: Progress) -> ImportResult:
            return module.import_file(actor, path, progress=progress)

        return self._run(
            f"Mengimpor {self.jenis.barang}",
            work,
            self._imported,
            "Impor gagal",
            "Impor gagal. Tidak ada data yang disimpan.",
            "Impor dibatalkan. Tidak ada data yang disimpan.",
        )

    def _imported(self, result: ImportResult) -> None:
        self.result_value = result
        if result.problems:
            self._show_problems(result, changed=True)
            self._update_buttons()
            return
        text = f"Impor selesai: {_counts(result)}."
        self._set_status(text, BAIK)
        self._update_buttons()
        self.imported.emit(result.created, result.updated)
        messages.info(self, "Impor selesai", f"{text}\nBerkas: {self.path}")
        self.accept()

    def reject(self) -> None:
        """Esc and Tutup close, except while a job runs (its progress window offers Batal)."""
        if not self.busy():
            super().reject()
