"""The exchange package dialog (docs/paket-pertukaran.md).

On a kecamatan database: "Kirim paket ke Dinas Sosial": choose an approved month, save its
package (a zip) for the flash disk or e-mail. On a Dinas Sosial database: "Terima paket dari
kecamatan": choose one or more package files; they are checked and received off the GUI thread
(:func:`tasks.run_task`, with progress and Batal) and the result of each file is listed
(diterima / diganti / tidak berubah / ditolak with the reason).

:func:`boleh_kirim` and :func:`boleh_terima` tell the main window which menu entry to show.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QStandardPaths, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..services import lingkup, paket_ekspor, paket_impor
from ..services.context import Actor
from ..services.formatting import angka
from ..services.paket_format import sidik_pendek
from ..services.permissions import Aksi, allowed
from . import messages
from .tasks import Cancelled, Progress, Task, run_task

JUDUL_KIRIM = "Kirim paket ke Dinas Sosial"
JUDUL_TERIMA = "Terima paket dari kecamatan"
FILTER = "Paket kiriman laporan (*.zip)"
WARNA = {paket_impor.DITERIMA: "#17693a", paket_impor.DIGANTI: "#0b5394",
         paket_impor.TIDAK_BERUBAH: "#555555", paket_impor.DITOLAK: "#b00020"}


def boleh_kirim(actor: Actor) -> bool:
    """Show "Kirim paket ke Dinas Sosial": a kecamatan database and a role that may."""
    return not lingkup.is_dinas() and allowed(actor, Aksi.PAKET_EKSPOR)


def boleh_terima(actor: Actor) -> bool:
    """Show "Terima paket dari kecamatan": a Dinas Sosial database and a role that may."""
    return lingkup.is_dinas() and allowed(actor, Aksi.PAKET_IMPOR)


def _documents() -> str:
    return QStandardPaths.writableLocation(
        QStandardPaths.StandardLocation.DocumentsLocation) or str(Path.home())


class PaketDialog(QDialog):
    #: Packages received (diterima + diganti) by the last run, on a Dinas database.
    diterima = Signal(int)

    def __init__(self, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        self.dinas = lingkup.is_dinas()
        self.task: Task | None = None
        self.hasil: list[paket_impor.HasilImpor] = []
        self.ekspor_hasil: paket_ekspor.HasilEkspor | None = None
        self.setWindowTitle(JUDUL_TERIMA if self.dinas else JUDUL_KIRIM)
        self.resize(820, 520 if self.dinas else 300)
        layout = QVBoxLayout(self)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        self.status = QLabel("")
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        if self.dinas:
            self._build_terima(layout)
        else:
            self._build_kirim(layout)
        layout.addWidget(self.status)
        self.buttons = QDialogButtonBox()
        self.close_button = self.buttons.addButton("Tutup", QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._update()

    @classmethod
    def tampilkan(cls, actor: Actor, parent: QWidget | None = None) -> int:
        """Show the dialog modally (the main window's menu entry); returns how many packages
        were received (diterima + diganti) on a Dinas database, so the caller can refresh."""
        dialog = cls(actor, parent)
        dialog.exec()
        received = dialog.jumlah_diterima
        dialog.deleteLater()
        return received

    @property
    def jumlah_diterima(self) -> int:
        return sum(1 for h in self.hasil if h.hasil in (paket_impor.DITERIMA,
                                                         paket_impor.DIGANTI))

    def reject(self) -> None:
        """Esc and Tutup close, except while a job runs (its progress window offers Batal)."""
        if self.task is None:
            super().reject()

    # -- kecamatan: send -----------------------------------------------------------------------
    def _build_kirim(self, layout: QVBoxLayout) -> None:
        self.intro.setText(
            "Paket berisi PDF laporan bulanan yang sudah disetujui Camat (arsipnya, persis sama), "
            "ringkasan angkanya, dan manifest dengan sidik SHA-256 tiap berkas. Simpan paket ke "
            "flashdisk atau kirim lewat surel ke Dinas Sosial; Dinas Sosial menolak paket yang "
            "berubah di perjalanan. Sebutkan <b>sidik paket</b> yang tampil setelah disimpan bila "
            "Dinas Sosial ingin mencocokkannya.")
        self.bulan = QComboBox()
        self.bulan.setMinimumWidth(220)
        self.save_button = QPushButton("&Simpan paket...")
        self.save_button.clicked.connect(self.simpan)
        row = QHBoxLayout()
        row.addWidget(QLabel("Bulan laporan (disetujui):"))
        row.addWidget(self.bulan)
        row.addWidget(self.save_button)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(1)
        self.months = paket_ekspor.bulan_siap(self.actor)
        for b in self.months:
            self.bulan.addItem(b.label, (b.tahun, b.bulan))
        if not self.months:
            self.status.setText("Belum ada laporan bulanan yang disetujui Camat. Paket hanya dapat "
                                "dibuat dari laporan yang sudah disetujui.")

    def simpan(self) -> Task | None:
        data = self.bulan.currentData()
        if data is None or self.task is not None:
            return None
        tahun, bulan = data
        start = Path(_documents()) / paket_ekspor.saran_nama(self.actor, tahun, bulan)
        chosen, _ = QFileDialog.getSaveFileName(self, "Simpan paket sebagai", str(start), FILTER)
        if not chosen:
            return None
        path = Path(chosen)
        if path.suffix.lower() != ".zip":
            path = path.with_name(path.name + ".zip")
        actor = self.actor

        def work(progress: Progress) -> paket_ekspor.HasilEkspor:
            progress(0, 0, "Menyusun paket...")
            return paket_ekspor.ekspor(actor, tahun, bulan, path)

        self.status.setText(f"Menyimpan paket {self.bulan.currentText()}...")
        return self._run("Menyimpan paket", work, self._tersimpan, "Paket tidak dapat dibuat")

    def _tersimpan(self, hasil: paket_ekspor.HasilEkspor) -> None:
        self.ekspor_hasil = hasil
        text = (f"Paket {self.bulan.currentText()} tersimpan di:\n{hasil.path}\n"
                f"Ukuran {angka(hasil.ukuran)} bita. Sidik paket: {sidik_pendek(hasil.sidik)}")
        self.status.setText(text)
        messages.info(self, "Paket tersimpan", text + "\n\nKirim berkas itu ke Dinas Sosial.")

    # -- Dinas: receive ------------------------------------------------------------------------
    def _build_terima(self, layout: QVBoxLayout) -> None:
        self.intro.setText(
            "Pilih satu atau beberapa berkas paket (.zip) kiriman kecamatan. Tiap paket diperiksa "
            "(sidik SHA-256 tiap berkas, manifest, isi ringkasan, kecamatan); paket yang berubah "
            "atau rusak ditolak tanpa menyimpan apa pun. Paket bulan yang sama dari kecamatan yang "
            "sama menggantikan paket sebelumnya, tidak pernah menggandakannya.")
        self.choose_button = QPushButton("&Pilih berkas paket...")
        self.choose_button.clicked.connect(self.pilih)
        row = QHBoxLayout()
        row.addWidget(self.choose_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels(["Berkas", "Hasil", "Keterangan"])
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        layout.addWidget(self.table, 1)

    def pilih(self) -> Task | None:
        if self.task is not None:
            return None
        chosen, _ = QFileDialog.getOpenFileNames(self, "Pilih berkas paket", _documents(), FILTER)
        return self.terima([Path(p) for p in chosen]) if chosen else None

    def terima(self, paths: list[Path]) -> Task:
        actor = self.actor

        def work(progress: Progress) -> tuple[list[paket_impor.HasilImpor], bool]:
            out: list[paket_impor.HasilImpor] = []
            for i, path in enumerate(paths):
                try:
                    progress(i, len(paths), f"Memeriksa {path.name} ({i + 1} dari "
                                            f"{len(paths)})...")
                except Cancelled:
                    return out, True  # each package is its own transaction: keep the done ones
                out.extend(paket_impor.impor_banyak(actor, [path]))
            progress(len(paths), len(paths), "Selesai.")
            return out, False

        self.status.setText(f"Memeriksa {angka(len(paths))} berkas...")
        return self._run("Menerima paket", work, self._diterima, "Paket tidak dapat diterima")

    def _diterima(self, outcome: tuple[list[paket_impor.HasilImpor], bool]) -> None:
        results, batal = outcome
        self.hasil = results
        self.table.setRowCount(len(results))
        for r, h in enumerate(results):
            cells = (h.berkas, h.label, h.pesan)
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if c == 1:
                    item.setForeground(QColor(WARNA[h.hasil]))
                self.table.setItem(r, c, item)
        counts = {k: sum(1 for h in results if h.hasil == k) for k in paket_impor.HASIL_LABEL}
        text = ", ".join(f"{angka(n)} {paket_impor.HASIL_LABEL[k]}" for k, n in counts.items())
        if batal:
            text += (". Dibatalkan: berkas sesudahnya belum diperiksa; paket yang sudah diterima "
                     "tetap tersimpan")
        self.status.setText(text + ".")
        self.status.setStyleSheet(f"color: {WARNA[paket_impor.DITOLAK]}; font-weight: bold;"
                                  if counts[paket_impor.DITOLAK] else "")
        self.diterima.emit(self.jumlah_diterima)

    # -- shared --------------------------------------------------------------------------------
    def _run(self, title: str, fn: Any, on_done: Any, error_title: str) -> Task:
        def failed(exc: BaseException) -> None:
            self.status.setText("Gagal: " + str(exc))
            messages.show_error(self, exc, error_title)

        task = run_task(self, title, fn, on_done, failed)
        self.task = task
        task.finished.connect(lambda: self._ended(task))
        self._update()
        return task

    def _ended(self, task: Task) -> None:
        if self.task is task:
            self.task = None
        self._update()

    def _update(self) -> None:
        idle = self.task is None
        if self.dinas:
            self.choose_button.setEnabled(idle)
        else:
            self.save_button.setEnabled(idle and bool(self.months))
            self.bulan.setEnabled(idle and bool(self.months))
        self.close_button.setEnabled(idle)
