"""Pengaturan > Retensi Data: how long each record type is kept (the four ``retensi.*``
settings), the records whose retention has ended, and "archive, then purge" (services.retensi).

The settings are editable with the right to change settings, read-only otherwise. Checking and
purging need ``RETENSI_KELOLA`` (the administrator): without it the tab shows no actions at all.
Work runs off the GUI thread; the purge asks where to write the archive, writes it, asks for a
destructive confirmation naming the counts and the archive, and only then purges.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ...services import retensi, settings
from ...services.context import Actor
from ...services.errors import AppError, ValidationError
from ...services.formatting import angka, tanggal
from ...services.permissions import Aksi, allowed
from ...services.retensi import Calon, HasilMusnah, RencanaRetensi
from .. import messages
from ..table_model import Column
from ..tasks import Progress, Task, run_task
from .common import FieldErrors, SearchableTable, error_label

KEYS: tuple[str, ...] = tuple(k for k, s in settings.SETTINGS.items() if s.group == "retensi")
INTRO = (
    "UU 27/2022 tentang Pelindungan Data Pribadi (Pasal 16 dan 42-44): data pribadi dimusnahkan "
    "bila masa simpannya berakhir. Masa simpan di bawah ini adalah nilai bawaan; sesuaikan dengan "
    "jadwal retensi arsip yang ditetapkan Dinas Sosial atau unit kearsipan daerah Anda."
)
PURGE_NOTE = (
    "Sebelum dimusnahkan, data dan berkas lampirannya ditulis ke satu arsip zip (termasuk NIK "
    "lengkap). Simpan arsip itu terenkripsi dan di luar jaringan. Pemusnahan tercatat di jejak "
    "audit tanpa data pribadi; laporan bulanan yang sudah disetujui dan arsip PDF-nya tidak "
    "diubah."
)
COLUMNS: list[Column[Calon]] = [
    Column("Jenis data", lambda c: c.jenis_label),
    Column("Nomor", lambda c: c.id, align_right=True),
    Column("Tindakan", lambda c: "Ditahan" if c.ditahan else f"Akan {c.tindakan}"),
    Column("Masa simpan berakhir", lambda c: c.berakhir),
    Column("Uraian", lambda c: c.uraian),
    Column("Alasan ditahan", lambda c: c.alasan_tahan),
]
#: Widths of the columns that hold free text (the others fit their content).
WIDE = {4: 460}


class RetensiTab(QWidget):
    def __init__(self, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        self.can_edit = allowed(actor, Aksi.PENGATURAN_UBAH)
        self.can_purge = allowed(actor, Aksi.RETENSI_KELOLA)
        self.rencana: RencanaRetensi | None = None
        self.task: Task | None = None
        self.loaded: dict[str, int] = {}
        self.fields: dict[str, QSpinBox] = {}
        intro = QLabel(INTRO)
        intro.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self._settings_box())
        self.error = error_label()
        self.errors = FieldErrors(self.error, dict(self.fields))
        layout.addWidget(self.error)
        self.check_button: QPushButton | None = None
        self.purge_button: QPushButton | None = None
        self.table: SearchableTable | None = None
        self.summary = QLabel("")
        self.summary.setWordWrap(True)
        if self.can_purge:
            layout.addWidget(self._purge_box(), 1)
        else:
            layout.addStretch(1)
        self.refresh()

    # -- settings --------------------------------------------------------------------------

    def _settings_box(self) -> QGroupBox:
        box = QGroupBox("Masa simpan per jenis data")
        form = QFormLayout()
        for key in KEYS:
            setting = settings.SETTINGS[key]
            spin = QSpinBox()
            spin.setObjectName(key)
            spin.setRange(setting.minimum or 1, setting.maximum or 100)
            spin.setSuffix(" tahun")
            spin.setMaximumWidth(140)
            spin.setReadOnly(not self.can_edit)
            spin.valueChanged.connect(self._changed)
            label = QLabel(setting.label + ":")
            label.setWordWrap(True)
            label.setBuddy(spin)
            form.addRow(label, spin)
            self.fields[key] = spin
        outer = QVBoxLayout(box)
        outer.addLayout(form)
        self.save_button: QPushButton | None = None
        if self.can_edit:
            self.save_button = QPushButton("&Simpan masa simpan")
            self.save_button.clicked.connect(self.save)
            reload_button = QPushButton("Muat &ulang")
            reload_button.clicked.connect(self.refresh)
            row = QHBoxLayout()
            row.addStretch(1)
            row.addWidget(reload_button)
            row.addWidget(self.save_button)
            outer.addLayout(row)
        return box

    def changed_keys(self) -> list[str]:
        return [k for k, spin in self.fields.items() if spin.value() != self.loaded.get(k)]

    def _changed(self) -> None:
        if self.save_button is not None:
            self.save_button.setEnabled(bool(self.changed_keys()))

    def refresh(self) -> None:
        self.loaded = {key: int(settings.get(key)) for key in KEYS}
        for key, value in self.loaded.items():
            self.fields[key].setValue(value)
        self.errors.clear()
        self._changed()

    def save(self) -> None:
        self.errors.clear()
        changed = self.changed_keys()
        for key in changed:
            try:
                settings.set_value(self.actor, key, self.fields[key].value())
            except ValidationError as exc:
                self.errors.show(exc)
                return
            except AppError as exc:
                messages.show_error(self, exc)
                return
        self.refresh()
        if changed:
            self._set_plan(None, "Masa simpan berubah; periksa ulang data yang melewati masa "
                                 "simpan.")
            messages.info(self, "Masa simpan", f"{len(changed)} pengaturan masa simpan disimpan.")

    # -- plan and purge ----------------------------------------------------------------------

    def _purge_box(self) -> QGroupBox:
        box = QGroupBox("Data yang melewati masa simpan")
        note = QLabel(PURGE_NOTE)
        note.setWordWrap(True)
        self.check_button = QPushButton("&Periksa data yang melewati masa simpan")
        self.check_button.clicked.connect(self.check)
        self.purge_button = QPushButton("Arsipkan lalu &musnahkan...")
        self.purge_button.setEnabled(False)
        self.purge_button.clicked.connect(self.purge)
        self.table = SearchableTable(COLUMNS, "Cari nama, NIK tersamar, jenis data...")
        header = self.table.view.horizontalHeader()
        for column, width in WIDE.items():
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, width)
        self.table.view.setWordWrap(False)
        self.table.view.selectionModel().selectionChanged.connect(self._show_selected)
        self.detail = QLabel("")
        self.detail.setWordWrap(True)
        self.detail.setObjectName("rincianRetensi")
        buttons = QHBoxLayout()
        buttons.addWidget(self.check_button)
        buttons.addStretch(1)
        buttons.addWidget(self.purge_button)
        layout = QVBoxLayout(box)
        layout.addWidget(note)
        layout.addLayout(buttons)
        layout.addWidget(self.summary)
        layout.addLayout(self.table.search_row)
        layout.addWidget(self.table.view, 1)
        layout.addWidget(self.detail)
        return box

    def _show_selected(self) -> None:
        """The selected record in full (the table cuts long text)."""
        c = self.table.selected() if self.table is not None else None
        if not isinstance(c, Calon):
            self.detail.setText("")
            return
        what = f"ditahan: {c.alasan_tahan}" if c.ditahan else f"akan {c.tindakan}"
        self.detail.setText(f"{c.jenis_label} nomor {c.id}: {c.uraian}. Masa simpan dihitung "
                            f"sejak {tanggal(c.mulai)}, berakhir {tanggal(c.berakhir)}; {what}")

    def busy(self) -> bool:
        return self.task is not None

    def _set_plan(self, rencana: RencanaRetensi | None, text: str = "") -> None:
        self.rencana = rencana
        if self.table is not None:
            self.table.set_rows(list(rencana.baris) if rencana is not None else [])
        if self.purge_button is not None:
            self.purge_button.setEnabled(rencana is not None and bool(rencana.musnah))
        self.summary.setText(text or ("\n".join(rencana.ringkasan()) if rencana else ""))

    def _failed(self, exc: BaseException) -> None:
        self.task = None
        messages.show_error(self, exc, "Tidak dapat diproses")

    def _start(self, title: str, work: Any, done: Any) -> None:
        self.task = run_task(self, title, work, done, self._failed)
        self.task.finished.connect(self._task_ended)

    def _task_ended(self) -> None:
        if self.task is not None and self.task.cancel_event.is_set():
            self.task = None  # cancelled: nothing was changed

    def check(self) -> None:
        if self.busy() or not self.can_purge:
            return
        actor = self.actor

        def work(progress: Progress) -> RencanaRetensi:
            progress(0, 0, "Memeriksa masa simpan setiap data...")
            return retensi.calon(actor)

        def done(result: object) -> None:
            self.task = None
            assert isinstance(result, RencanaRetensi)
            self._set_plan(result)

        self._start("Memeriksa data", work, done)

    def _ask_path(self, rencana: RencanaRetensi) -> Path | None:
        folder = QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation) or str(Path.home())
        chosen, _ = QFileDialog.getSaveFileName(
            self, "Simpan arsip sebagai", str(Path(folder) / retensi.nama_bawaan(rencana.pada)),
            "Arsip zip (*.zip)", options=QFileDialog.Option.DontConfirmOverwrite)
        return Path(chosen) if chosen else None

    def purge(self) -> None:
        rencana = self.rencana
        if self.busy() or rencana is None or not rencana.musnah:
            return
        path = self._ask_path(rencana)
        if path is None:
            return
        actor = self.actor

        def work(progress: Progress) -> Path:
            return retensi.arsipkan(actor, rencana, path, progress)

        def done(result: object) -> None:
            self.task = None
            assert isinstance(result, Path)
            self._confirm(rencana, result)

        self._start("Menulis arsip", work, done)

    def _confirm(self, rencana: RencanaRetensi, arsip: Path) -> None:
        lines = [f"- {j.label}: {angka(m)} {j.tindakan}"
                 for j in retensi.JENIS if (m := rencana.jumlah()[j.kode][0])]
        text = ("Arsip sudah ditulis:\n" + str(arsip) + "\n\nData berikut akan dimusnahkan dari "
                "aplikasi dan tidak dapat dikembalikan kecuali dari arsip itu:\n"
                + "\n".join(lines) + "\n\nLanjutkan pemusnahan?")
        if not messages.confirm(self, "Musnahkan data", text, destructive=True):
            messages.info(self, "Pemusnahan dibatalkan",
                          f"Tidak ada data yang dimusnahkan. Arsip tetap tersimpan di:\n{arsip}\n"
                          "Simpan terenkripsi atau hapus arsip itu bila tidak diperlukan.")
            return
        actor = self.actor

        def work(progress: Progress) -> HasilMusnah:
            return retensi.musnahkan(actor, rencana, arsip, progress)

        def done(result: object) -> None:
            self.task = None
            assert isinstance(result, HasilMusnah)
            self._set_plan(None, f"Pemusnahan selesai pada {tanggal(dt.date.today())}.")
            messages.info(self, "Pemusnahan selesai", "\n".join(result.ringkasan()))
            self.check()

        self._start("Memusnahkan data", work, done)
