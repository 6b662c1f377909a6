"""The candidate's documents (berkas): which criterion each proves, who verified it and when;
attach (PDF/JPG/PNG), preview, verify or take the verification back, remove. Every change emits
``changed`` so the Pasal 9 panel shows the new evidence."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QDir, QSortFilterProxyModel, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...services import berkas, formatting
from ...services import eligibility as el
from ...services.context import Actor
from ...services.errors import AppError, ValidationError
from ...services.permissions import Aksi
from .. import messages
from ..kecamatan_pilih import boleh_ubah
from ..pengaturan.common import on_delete_key
from ..pengaturan.form_dialog import FormDialog
from ..pengaturan.referensi_dialog import text_box
from ..table_model import ROW_ROLE, SORT_ROLE, Column
from .pratinjau import PratinjauDialog
from .widgets import RowModel, note_label, table_view

FILE_FILTER = "Dokumen (*.pdf *.jpg *.jpeg *.png);;Semua berkas (*)"


def proves(kode: str) -> str:
    """``wni`` -> ``huruf a (Warga Negara Indonesia)``; "" for documents that prove none."""
    k = el.KRITERIA_BY_KODE.get(kode)
    return f"huruf {k.huruf} ({k.judul})" if k else ""


def proves_short(kode: str) -> str:
    """``bukan_asn`` -> ``huruf c (bukan ASN)``: the list column; the tooltip names it all."""
    k = el.KRITERIA_BY_KODE.get(kode)
    if k is None:
        return "-"
    short = {"wni": "WNI", "bukan_asn": "bukan ASN"}.get(kode, kode.replace("_", " "))
    return f"huruf {k.huruf} ({short})"


def _size(n: int) -> str:
    return f"{formatting.angka(max(1, round(n / 1024)))} KB"


COLUMNS: list[Column[berkas.BerkasRow]] = [
    Column("Jenis berkas", lambda b: b.jenis),
    Column("Bukti Pasal 9", lambda b: proves_short(b.kriteria)),
    Column("Diverifikasi oleh", lambda b: b.diverifikasi_oleh or "belum diverifikasi"),
    Column("Diverifikasi pada", lambda b: b.diverifikasi_pada),
    Column("Nama berkas", lambda b: b.nama_berkas),
    Column("Ukuran", lambda b: _size(b.ukuran)),
]


class AddBerkasDialog(FormDialog):
    """Choose the document's type (showing the criterion it proves) and the file."""

    def __init__(self, actor: Actor, pendaftar_id: int, parent: QWidget | None = None) -> None:
        super().__init__(
            "Tambah berkas",
            "Lampirkan pindaian atau foto dokumen (PDF, JPG atau PNG). Jenis berkas menentukan "
            "persyaratan Pasal 9 yang dibuktikannya.",
            parent,
        )
        self.actor, self.pendaftar_id = actor, pendaftar_id
        self.jenis = QComboBox()
        for t in berkas.types():
            label = f"{t.nama} \u2014 bukti {proves(t.kriteria)}" if t.kriteria else t.nama
            self.jenis.addItem(label, t.id)
        self.path = QLineEdit()
        self.path.setPlaceholderText("pilih berkas dari komputer")
        browse = QPushButton("&Pilih berkas...")
        browse.clicked.connect(self.browse)
        row = QWidget()
        box = QHBoxLayout(row)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.path, 1)
        box.addWidget(browse)
        self.keterangan = text_box("", 50)
        self.add_row("&Jenis berkas:", self.jenis, "jenis")
        self.add_row("&Berkas:", row, "berkas")
        self.errors.widgets["berkas"] = self.path
        self.add_row("&Keterangan:", self.keterangan, "keterangan")
        self.setMinimumWidth(620)

    def choose_jenis(self, kode: str) -> None:
        for t in berkas.types():
            if t.kode == kode:
                self.jenis.setCurrentIndex(self.jenis.findData(t.id))

    def browse(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(self, "Pilih berkas", QDir.homePath(), FILE_FILTER)
        if chosen:
            self.path.setText(chosen)

    def save(self) -> int:
        path = self.path.text().strip()
        if not path:
            raise ValidationError.single("berkas", "Pilih berkas yang akan dilampirkan.")
        if not Path(path).is_file():
            raise ValidationError.single("berkas", f"Berkas {path} tidak ditemukan.")
        return berkas.attach(
            self.actor,
            self.pendaftar_id,
            self.jenis.currentData(),
            path,
            self.keterangan.toPlainText(),
        )


class BerkasTab(QWidget):
    changed = Signal()

    def __init__(self, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        self.pendaftar_id: int | None = None
        self.dialog: QWidget | None = None
        self.model = RowModel(COLUMNS, self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.view = table_view(self.proxy)
        self.view.activated.connect(self.preview)
        self.view.selectionModel().selectionChanged.connect(self._update_buttons)
        self.add_button = QPushButton("&Tambah berkas...")
        self.preview_button = QPushButton("P&ratinjau")
        self.verify_button = QPushButton("&Verifikasi")
        self.remove_button = QPushButton("Hap&us berkas")
        self.add_button.clicked.connect(self.add)
        self.preview_button.clicked.connect(self.preview)
        self.verify_button.clicked.connect(self.toggle_verified)
        self.remove_button.clicked.connect(self.remove)
        self.can_edit = boleh_ubah(actor, Aksi.PENDAFTAR_UBAH)
        self.can_verify = boleh_ubah(actor, Aksi.BERKAS_VERIFIKASI)
        self.add_button.setVisible(self.can_edit)
        self.remove_button.setVisible(self.can_edit)
        self.verify_button.setVisible(self.can_verify)
        on_delete_key(self.view, self.remove)
        buttons = QHBoxLayout()
        for b in (self.add_button, self.preview_button, self.verify_button, self.remove_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(
            note_label(
                "Berkas yang sudah diverifikasi tercatat sebagai bukti pada persyaratan yang "
                "dibuktikannya (lihat panel Pasal 9)."
            )
        )
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        self._update_buttons()

    def set_pendaftar(self, pendaftar_id: int | None) -> None:
        self.pendaftar_id = pendaftar_id
        self.refresh()

    def refresh(self) -> None:
        rows: list[berkas.BerkasRow] = []
        if self.pendaftar_id is not None:
            try:
                rows = berkas.list_for(self.actor, self.pendaftar_id)
            except AppError as exc:
                messages.show_error(self, exc, "Daftar berkas")
        self.model.set_rows(rows)
        self._update_buttons()

    def rows(self) -> list[berkas.BerkasRow]:
        return list(self.model.rows)

    def selected(self) -> berkas.BerkasRow | None:
        indexes = self.view.selectionModel().selectedRows()
        row: berkas.BerkasRow | None = indexes[0].data(ROW_ROLE) if indexes else None
        return row

    def select(self, berkas_id: int) -> None:
        for r in range(self.proxy.rowCount()):
            if self.proxy.index(r, 0).data(ROW_ROLE).id == berkas_id:
                self.view.selectRow(r)

    def _update_buttons(self) -> None:
        b = self.selected()
        self.add_button.setEnabled(self.pendaftar_id is not None)
        for button in (self.preview_button, self.verify_button, self.remove_button):
            button.setEnabled(b is not None)
        verified = b is not None and b.diverifikasi_pada is not None
        self.verify_button.setText("Batalkan &verifikasi" if verified else "&Verifikasi")

    # -- actions ----------------------------------------------------------------------------
    def add(self) -> AddBerkasDialog | None:
        if self.pendaftar_id is None or not self.can_edit:
            return None
        dialog = AddBerkasDialog(self.actor, self.pendaftar_id, self)
        self.dialog = dialog
        dialog.finished.connect(self._added)
        dialog.open()
        return dialog

    def _added(self, result: int) -> None:
        dialog, self.dialog = self.dialog, None
        self.refresh()
        if isinstance(dialog, AddBerkasDialog):
            if result == AddBerkasDialog.DialogCode.Accepted and dialog.result_value:
                self.select(int(dialog.result_value))
                self.changed.emit()
            dialog.deleteLater()

    def preview(self) -> PratinjauDialog | None:
        b = self.selected()
        if b is None:
            return None
        try:
            dialog = PratinjauDialog(self.actor, b, self)
        except AppError as exc:
            messages.show_error(self, exc, "Pratinjau")
            return None
        self.dialog = dialog
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def toggle_verified(self) -> None:
        b = self.selected()
        if b is None or not self.can_verify:
            return
        verified = b.diverifikasi_pada is None
        if not verified and not messages.confirm(
            self,
            "Batalkan verifikasi",
            f"Batalkan verifikasi berkas {b.jenis} ({b.nama_berkas})? Berkas ini tidak lagi "
            "dihitung sebagai bukti yang sudah diverifikasi.",
            destructive=True,
        ):
            return
        self._apply(lambda: berkas.set_verified(self.actor, b.id, verified), b.id)

    def remove(self) -> None:
        b = self.selected()
        if b is None or not self.can_edit:
            return
        if not messages.confirm(
            self,
            "Hapus berkas",
            f"Hapus berkas {b.jenis} ({b.nama_berkas}) dari pendaftar ini? Tindakan ini "
            "tercatat di jejak audit.",
            destructive=True,
        ):
            return
        self._apply(lambda: berkas.remove(self.actor, b.id), None)

    def _apply(self, change: Callable[[], object], keep: int | None) -> None:
        try:
            change()
        except AppError as exc:
            messages.show_error(self, exc, "Berkas tidak dapat diubah")
        self.refresh()
        if keep is not None:
            self.select(keep)
        self.changed.emit()
