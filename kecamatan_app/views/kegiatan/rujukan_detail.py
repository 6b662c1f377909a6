"""One referral: its data, its dated history (status, date, reason, who, evidence with an open
button) and buttons for exactly the next steps its status allows, plus Ubah (while Diajukan) and
the letter. Roles that may not record referrals see it read-only."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...services import rujukan_daftar
from ...services.context import Actor
from ...services.errors import AppError
from ...services.formatting import tanggal
from ...services.permissions import Aksi
from ...services.rujukan_daftar import Langkah, RujukanDetail
from ...services.rujukan_pilihan import keterangan
from .. import messages
from ..kecamatan_pilih import boleh_ubah
from ..table_model import ROW_ROLE
from .rujukan_cetak import CetakSuratButton, open_bukti
from .rujukan_dialog import RujukanDialog
from .rujukan_model import H_ALASAN, TERLAMBAT_FG, RiwayatModel
from .status_dialog import TOMBOL, StatusDialog


def _value_label() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText)  # every value is escaped before it is set
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class RujukanDetailDialog(QDialog):
    def __init__(self, actor: Actor, rujukan_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor, self.rujukan_id = actor, rujukan_id
        self.can_edit = boleh_ubah(actor, Aksi.KEGIATAN_UBAH)
        self.changed = False
        self.detail: RujukanDetail | None = None
        self.resize(860, 680)
        self.values: dict[str, QLabel] = {}
        data = QFormLayout()
        for key, text in (
            ("nomor", "Nomor surat"),
            ("tanggal", "Tanggal rujukan"),
            ("klien", "Klien"),
            ("instansi", "Instansi tujuan"),
            ("kebutuhan", "Kebutuhan"),
            ("persetujuan", "Persetujuan"),
            ("tenggat", "Tenggat jawaban"),
            ("status", "Status"),
            ("balasan", "Balasan instansi"),
        ):
            self.values[key] = _value_label()
            data.addRow(f"{text}:", self.values[key])
        data_box = QGroupBox("Data rujukan")
        data_box.setLayout(data)

        self.model = RiwayatModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setMinimumSectionSize(24)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(H_ALASAN, QHeaderView.ResizeMode.Stretch)
        self.table.activated.connect(lambda _i: self.open_selected_bukti())
        self.bukti_button = QPushButton("B&uka bukti")
        self.bukti_button.setEnabled(False)
        self.bukti_button.clicked.connect(self.open_selected_bukti)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._selection())
        history = QVBoxLayout()
        history.addWidget(self.table, 1)
        row = QHBoxLayout()
        row.addWidget(QLabel("Tiap langkah bertanggal: siapa mencatatnya dan kapan."))
        row.addStretch(1)
        row.addWidget(self.bukti_button)
        history.addLayout(row)
        history_box = QGroupBox("Riwayat")
        history_box.setLayout(history)

        self.step_label = QLabel("Catat langkah berikutnya:")
        self.step_buttons: dict[str, QPushButton] = {}
        steps = QHBoxLayout()
        steps.addWidget(self.step_label)
        for ke, text in TOMBOL.items():
            b = QPushButton(text)
            b.clicked.connect(lambda _c=False, ke=ke: self.change_status(ke))
            self.step_buttons[ke] = b
            steps.addWidget(b)
        steps.addStretch(1)
        self.edit_button = QPushButton("U&bah...")
        self.edit_button.clicked.connect(self.edit)
        steps.addWidget(self.edit_button)
        self.print_button = CetakSuratButton(actor, self._current, self)
        steps.addWidget(self.print_button)
        close = QPushButton("&Tutup")
        close.clicked.connect(self.reject)
        steps.addWidget(close)
        self.closed_note = QLabel()
        self.closed_note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(data_box)
        layout.addWidget(history_box, 1)
        layout.addWidget(self.closed_note)
        layout.addLayout(steps)
        self.load()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        # long reasons wrap: the row heights follow the width the reason column now has
        QTimer.singleShot(0, self.table.resizeRowsToContents)

    def _current(self) -> tuple[int, str] | None:
        return (self.rujukan_id, self.detail.row.nomor_surat) if self.detail else None

    def load(self) -> None:
        """Read the referral again (raises the service's errors on first load)."""
        d = rujukan_daftar.detail(self.actor, self.rujukan_id)
        self.detail = d
        r = d.row
        self.setWindowTitle(f"Rujukan {r.nomor_surat}")
        v = self.values
        v["nomor"].setText(f"<b>{html.escape(r.nomor_surat)}</b>")
        v["tanggal"].setText(tanggal(r.tanggal))
        klien = r.klien + (f" (NIK {r.nik})" if r.nik else "") + (f", {r.desa}" if r.desa else "")
        v["klien"].setText(html.escape(klien))
        v["instansi"].setText(html.escape(r.instansi))
        v["kebutuhan"].setText(html.escape(r.kebutuhan))
        consent = d.persetujuan + (f". Alasan: {d.alasan_tanpa_persetujuan}"
                                   if d.alasan_tanpa_persetujuan else "")
        v["persetujuan"].setText(html.escape(consent))
        late = keterangan(r)
        due = tanggal(r.jatuh_tempo)
        if r.terlambat_hari > 0:
            due += f" \u2014 <b style='color:{TERLAMBAT_FG}'>{late}</b>"
        elif late:
            due += f" \u2014 {late}"
        v["tenggat"].setText(due)
        hasil = f" ({r.hasil.lower()})" if r.hasil else ""
        v["status"].setText(f"<b>{r.status_label}</b>{hasil}")
        v["balasan"].setText(html.escape(d.balasan) if d.balasan else "<i>belum ada</i>")
        self.model.set_rows(d.riwayat)
        self.table.resizeRowsToContents()
        for ke, b in self.step_buttons.items():
            b.setVisible(self.can_edit and ke in d.langkah_berikut)
        self.step_label.setVisible(self.can_edit and bool(d.langkah_berikut))
        self.edit_button.setVisible(self.can_edit and r.status == "diajukan")
        if not d.langkah_berikut:
            self.closed_note.setText(f"Rujukan ini sudah ditutup ({r.status_label}).")
        elif not self.can_edit:
            self.closed_note.setText("Anda dapat melihat rujukan ini; perkembangannya dicatat "
                                     "oleh TKSK atau operator.")
        else:
            self.closed_note.setText("")
        self.closed_note.setVisible(bool(self.closed_note.text()))
        self._selection()

    def visible_steps(self) -> list[str]:
        return [ke for ke, b in self.step_buttons.items() if not b.isHidden()]

    def selected_step(self) -> Langkah | None:
        rows = self.table.selectionModel().selectedRows()
        value = rows[0].data(ROW_ROLE) if rows else None
        return value if isinstance(value, Langkah) else None

    def _selection(self) -> None:
        step = self.selected_step()
        self.bukti_button.setEnabled(step is not None and step.bukti_id is not None)

    def open_selected_bukti(self) -> None:
        step = self.selected_step()
        if step is None or step.bukti_id is None:
            return
        open_bukti(self, self.actor, self.rujukan_id, step.bukti_id)

    def _reload(self) -> None:
        try:
            self.load()
        except AppError as exc:
            messages.show_error(self, exc, "Rujukan tidak dapat dimuat ulang")

    def status_dialog(self, ke: str) -> StatusDialog:
        assert self.detail is not None
        return StatusDialog(self.actor, self.detail, ke, self)

    def change_status(self, ke: str) -> None:
        if self.detail is None:
            return
        dialog = self.status_dialog(ke)
        accepted = dialog.exec()
        if accepted or dialog.versi != self.detail.row.versi:
            self.changed = True
            self._reload()

    def edit(self) -> None:
        try:
            dialog = RujukanDialog(self.actor, self, self.rujukan_id)
        except AppError as exc:
            messages.show_error(self, exc, "Rujukan tidak dapat dibuka")
            return
        if dialog.exec() or dialog.reloaded:
            self.changed = True
            self._reload()
