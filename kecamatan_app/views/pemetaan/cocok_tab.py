"""Pemetaan Sosial > Cocokkan Register: compare a DTSEN/DTKS export with our registry by NIK.

"Periksa" only looks (REGISTRI_LIHAT): three lists, or the file's problems per row and column
with nothing applied. "Terapkan status register" (REGISTRI_UBAH, asked first) records the status
of each of our persons; "Ekspor daftar..." writes the three lists to Excel.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QStandardPaths, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ...services import cocok_register, ekspor_cocok, formatting
from ...services.cocok_register import HasilCocok, Orang
from ...services.context import Actor
from ...services.impor import Problem
from ...services.permissions import Aksi
from .. import messages
from ..kecamatan_pilih import boleh_ubah, pilihan
from ..pengaturan.common import (
    DATE_DISPLAY,
    SearchableTable,
    export_to_excel,
    from_qdate,
    to_qdate,
    today_name,
)
from ..table_model import Column
from ..tasks import Progress, Task, run_task

REGISTERS = ("DTSEN", "DTKS")
ID_COLUMN: Column[Orang] = Column("ID di register", lambda o: o.id_register)
PERSON_COLUMNS: list[Column[Orang]] = [
    Column("NIK", lambda o: o.nik),
    Column("Nama", lambda o: o.nama),
    Column("Desa/kelurahan", lambda o: o.desa),
]
PROBLEM_COLUMNS: list[Column[Problem]] = [
    Column("Baris", lambda p: p.row if p.row > 0 else None, align_right=True),
    Column("Kolom", lambda p: p.column),
    Column("Masalah", lambda p: p.message),
]


@dataclass(frozen=True)
class Pemeriksaan:
    """What one check was run with, so applying uses the same file, register and date."""

    path: Path
    nama_register: str
    tanggal_cek: dt.date


class ListPage(QWidget):
    """One of the three lists: a search box over its table."""

    def __init__(self, columns: list[Column[Orang]], placeholder: str) -> None:
        super().__init__()
        self.table = SearchableTable(columns, placeholder)
        layout = QVBoxLayout(self)
        layout.addLayout(self.table.search_row)
        layout.addWidget(self.table.view, 1)


class CocokRegisterTab(QWidget):
    #: Statuses were recorded: the registry list should reload.
    applied = Signal()

    def __init__(self, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        self.can_apply = boleh_ubah(actor, Aksi.REGISTRI_UBAH)
        self.path: Path | None = None
        self.result: HasilCocok | None = None
        self.checked: Pemeriksaan | None = None  # None once an input changed after the check
        self.task: Task | None = None
        self.export_task: Task | None = None
        #: The kecamatan whose persons are matched (a user of the whole kabupaten: the one
        #: chosen on the page; None: the actor's own).
        self.kecamatan_id = pilihan(actor)

        self.register = QComboBox()
        self.register.setEditable(True)
        self.register.addItems(REGISTERS)
        self.register.setToolTip("Nama register; boleh diketik bila berbeda (maks. 30 huruf).")
        self.tanggal = QDateEdit(to_qdate(dt.date.today()))
        self.tanggal.setCalendarPopup(True)
        self.tanggal.setDisplayFormat(DATE_DISPLAY)
        self.tanggal.setMaximumDate(to_qdate(dt.date.today()))
        self.file_button = QPushButton("&Pilih berkas register...")
        self.file_label = QLabel("Belum ada berkas dipilih.")
        self.file_label.setWordWrap(True)
        self.check_button = QPushButton("P&eriksa")
        self.apply_button = QPushButton("&Terapkan status register")
        self.apply_button.setVisible(self.can_apply)
        self.export_button = QPushButton("E&kspor daftar...")
        self.summary = QLabel(
            "Pilih berkas ekspor register (xlsx, kolom NOMOR_NIK dan NAMA wajib), lalu Periksa."
        )
        self.summary.setWordWrap(True)

        self.lists = QTabWidget()
        self.keduanya = ListPage([*PERSON_COLUMNS, ID_COLUMN], "Cari NIK, nama, desa...")
        self.hanya_kita = ListPage(PERSON_COLUMNS, "Cari NIK, nama, desa...")
        self.hanya_register = ListPage([*PERSON_COLUMNS, ID_COLUMN], "Cari NIK, nama, desa...")
        for page in (self.keduanya, self.hanya_kita, self.hanya_register):
            self.lists.addTab(page, "")
        self.problems = SearchableTable(PROBLEM_COLUMNS, "Cari kolom atau masalah...")
        problem_page = QWidget()
        problem_layout = QVBoxLayout(problem_page)
        self.problem_label = QLabel("")
        self.problem_label.setWordWrap(True)
        problem_layout.addWidget(self.problem_label)
        problem_layout.addLayout(self.problems.search_row)
        problem_layout.addWidget(self.problems.view, 1)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.lists)
        self.stack.addWidget(problem_page)

        self.file_button.clicked.connect(self.choose_file)
        self.check_button.clicked.connect(self.run_check)
        self.apply_button.clicked.connect(self.apply)
        self.export_button.clicked.connect(self.export)
        self.register.currentTextChanged.connect(self._inputs_changed)
        self.tanggal.dateChanged.connect(self._inputs_changed)

        form = QGridLayout()
        for row, (text, widget) in enumerate(
            (("&Register:", self.register), ("Tanggal &cek:", self.tanggal))
        ):
            label = QLabel(text)
            label.setBuddy(widget)
            form.addWidget(label, row, 0)
            form.addWidget(widget, row, 1)
        form.addWidget(self.file_button, 2, 0)
        form.addWidget(self.file_label, 2, 1)
        form.setColumnStretch(1, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.check_button)
        buttons.addWidget(self.apply_button)
        buttons.addStretch(1)
        buttons.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.summary)
        layout.addWidget(self.stack, 1)
        if not self.can_apply:
            layout.addWidget(QLabel("Peran Anda hanya dapat memeriksa dan mengekspor hasilnya."))
        self._show(None)
        self.refresh()

    # -- state ------------------------------------------------------------------------------
    def refresh(self) -> None:
        if pilihan(self.actor) != self.kecamatan_id and self.task is None:
            # another kecamatan chosen on the page: an earlier result was of the other one
            self.kecamatan_id = pilihan(self.actor)
            self.result, self.checked = None, None
            self._show(None)
            self.summary.setText("Kecamatan lain dipilih: Periksa lagi berkas registernya.")
        self._update_buttons()

    def _inputs_changed(self) -> None:
        if self.checked is not None:
            self.checked = None
            self.summary.setText(
                self.summary.text() + "\nIsian berubah: Periksa lagi sebelum menerapkan."
            )
        self._update_buttons()

    def _update_buttons(self) -> None:
        busy = self.task is not None
        r = self.result
        clean = r is not None and not r.problems
        self.file_button.setEnabled(not busy)
        self.check_button.setEnabled(not busy and self.path is not None)
        self.apply_button.setEnabled(
            self.can_apply
            and not busy
            and clean
            and self.checked is not None
            and r is not None
            and not r.diterapkan
        )
        self.export_button.setEnabled(not busy and clean)

    def _show(self, r: HasilCocok | None) -> None:
        pages = (
            (self.keduanya, "Ada di keduanya", r.keduanya if r else []),
            (self.hanya_kita, "Hanya di data kita", r.hanya_kita if r else []),
            (self.hanya_register, "Hanya di register", r.hanya_register if r else []),
        )
        for i, (page, title, people) in enumerate(pages):
            page.table.set_rows(people)
            self.lists.setTabText(i, f"{title} ({formatting.angka(len(people))})")
        self.problems.set_rows(r.problems if r else [])
        self.stack.setCurrentIndex(1 if r is not None and r.problems else 0)

    # -- actions ----------------------------------------------------------------------------
    def choose_file(self) -> Path | None:
        documents = QStandardPaths.StandardLocation.DocumentsLocation
        start = self.path.parent if self.path else QStandardPaths.writableLocation(documents)
        chosen, _ = QFileDialog.getOpenFileName(
            self, "Pilih berkas register", str(start), "Buku kerja Excel (*.xlsx)"
        )
        if not chosen:
            return None
        self.path = Path(chosen)
        self.file_label.setText(str(self.path))
        self._inputs_changed()
        return self.path

    def run_check(self) -> Task | None:
        if self.path is None or self.task is not None:
            return None
        params = Pemeriksaan(
            self.path, self.register.currentText(), from_qdate(self.tanggal.date())
        )
        return self._start(params, apply=False)

    def apply(self) -> Task | None:
        r, params = self.result, self.checked
        if not self.can_apply or r is None or params is None or r.problems or self.task:
            return None
        question = (
            f"Terapkan status register {r.nama_register} per "
            f"{formatting.tanggal(r.tanggal_cek)} untuk "
            f"{formatting.angka(len(r.keduanya) + len(r.hanya_kita))} warga kita?\n\n"
            f"{formatting.angka(len(r.keduanya))} dicatat terdaftar, "
            f"{formatting.angka(len(r.hanya_kita))} dicatat tidak terdaftar. "
            f"{formatting.angka(len(r.hanya_register))} orang yang hanya ada di register "
            "tidak ditambahkan. Status tercatat sebagai riwayat dan tidak dapat dibatalkan."
        )
        if not messages.confirm(self, "Terapkan status register", question, destructive=True):
            return None
        return self._start(params, apply=True)

    def _start(self, params: Pemeriksaan, apply: bool) -> Task:
        actor, kecamatan_id = self.actor, self.kecamatan_id

        def work(progress: Progress) -> HasilCocok:
            return cocok_register.match(
                actor, params.path, params.nama_register, params.tanggal_cek, apply=apply,
                kecamatan_id=kecamatan_id,
            )

        def done(result: object) -> None:
            self.task = None
            assert isinstance(result, HasilCocok)
            self._finished(result, params)

        def failed(exc: BaseException) -> None:
            self.task = None
            self._update_buttons()
            title = "Status register tidak dapat diterapkan" if apply else "Pemeriksaan gagal"
            messages.show_error(self, exc, title)

        title = "Menerapkan status register" if apply else "Memeriksa berkas register"
        self.task = run_task(self, title, work, done, failed)
        self._update_buttons()
        return self.task

    def _finished(self, r: HasilCocok, params: Pemeriksaan) -> None:
        self.result = r
        self.checked = None if r.problems else params
        self._show(r)
        name = f"{r.nama_register} ({params.path.name}, dicek {formatting.tanggal(r.tanggal_cek)})"
        if r.problems:
            self.problem_label.setText(
                f"Ada {formatting.angka(len(r.problems))} masalah di berkas. Tidak ada yang "
                "diterapkan; perbaiki berkasnya lalu Periksa lagi."
            )
            self.summary.setText(f"Register {name}: berkas belum dapat dicocokkan.")
        else:
            state = "Status sudah diterapkan." if r.diterapkan else "Belum diterapkan."
            self.summary.setText(
                f"Register {name}: {formatting.angka(len(r.keduanya))} ada di keduanya, "
                f"{formatting.angka(len(r.hanya_kita))} hanya di data kita, "
                f"{formatting.angka(len(r.hanya_register))} hanya di register. {state}"
            )
        self._update_buttons()
        if r.diterapkan:
            messages.info(
                self,
                "Status register diterapkan",
                f"Status {r.nama_register} dicatat untuk "
                f"{formatting.angka(len(r.keduanya) + len(r.hanya_kita))} warga.",
            )
            self.applied.emit()

    def export(self) -> Task | None:
        r = self.result
        if r is None or r.problems:
            return None
        actor = self.actor

        def work(path: Path, progress: Progress) -> int:
            return ekspor_cocok.export(actor, r, path, progress)

        name = today_name(f"cocok-{r.nama_register.lower()}")
        self.export_task = export_to_excel(self, "Mengekspor hasil pencocokan", name, work)
        return self.export_task
