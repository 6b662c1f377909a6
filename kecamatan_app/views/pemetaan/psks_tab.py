"""Pemetaan Sosial > PSKS: persons and institutions (PSM, Karang Taruna, LKS, Tagana, ...) per
desa, filtered by type, desa and status. Reading needs REGISTRI_LIHAT; adding, editing and
deleting REGISTRI_UBAH. The NIK is shown masked in the list and the export."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...services import desa as desa_service
from ...services import impor_psks, psks
from ...services.context import Actor
from ...services.errors import AppError
from ...services.permissions import Aksi
from .. import messages
from ..kecamatan_pilih import boleh_ubah, kecamatan_tampil, pilihan
from ..pengaturan.common import SearchableTable, export_to_excel, on_delete_key, today_name
from ..pengaturan.form_dialog import FormDialog
from ..table_model import Column
from ..tasks import Progress, Task

Row = psks.PsksRow
COLUMNS: list[Column[Row]] = [
    Column("Jenis PSKS", lambda r: r.kategori),
    Column("Nama", lambda r: r.nama),
    Column("Perorangan/Lembaga", lambda r: r.jenis_label),
    Column("NIK", lambda r: r.nik),
    Column("Desa", lambda r: r.desa),
    Column("Ketua", lambda r: r.ketua),
    Column("Kontak", lambda r: r.kontak),
    Column("Status", lambda r: r.status_label),
    Column("Alamat", lambda r: r.alamat),
]


def _combo(items: list[tuple[str, object]], everything: str = "") -> QComboBox:
    combo = QComboBox()
    if everything:
        combo.addItem(everything, None)
    for text, value in items:
        combo.addItem(text, value)
    return combo


def _select(combo: QComboBox, value: object) -> None:
    index = combo.findData(value)
    if index >= 0:
        combo.setCurrentIndex(index)


class PsksDialog(FormDialog):
    def __init__(self, actor: Actor, row: Row | None, parent: QWidget | None = None) -> None:
        super().__init__(
            "Tambah data PSKS" if row is None else f"Ubah data PSKS {row.nama}", "", parent
        )
        self.actor, self.row = actor, row
        self.warnings: list[str] = []
        data, self.versi = psks.data_of(actor, row.id) if row else (psks.PsksData(), 0)
        self.kinds = {k.id: k for k in psks.kategori_choices(include_inactive=row is not None)}
        self.kategori = _combo([(k.label, k.id) for k in self.kinds.values()], "- pilih -")
        self.add_row("&Jenis PSKS:", self.kategori, "kategori")
        self.nama = QLineEdit(data.nama)
        self.nama.setMaxLength(psks.MAX_LEN["nama"])
        self.add_row("&Nama:", self.nama, "nama")
        self.bentuk = _combo([("Perorangan", True), ("Lembaga", False)])
        self.add_row("&Bentuk:", self.bentuk, "perorangan")
        self.nik = QLineEdit(data.nik)
        self.nik.setPlaceholderText("16 angka; boleh kosong, hanya untuk perorangan")
        self.add_row("NI&K:", self.nik, "nik")
        self.desa = _combo([(d.nama, d.id) for d in
                            desa_service.all_desa(kecamatan_tampil(actor))], "- pilih -")
        self.add_row("&Desa/kelurahan:", self.desa, "desa")
        self.alamat = QLineEdit(data.alamat)
        self.add_row("&Alamat:", self.alamat, "alamat")
        self.ketua = QLineEdit(data.ketua)
        self.ketua.setMaxLength(psks.MAX_LEN["ketua"])
        self.add_row("K&etua (lembaga):", self.ketua, "ketua")
        self.kontak = QLineEdit(data.kontak)
        self.kontak.setMaxLength(psks.MAX_LEN["kontak"])
        self.add_row("Kon&tak:", self.kontak, "kontak")
        self.status = _combo([(label, code) for code, label in psks.STATUS.items()])
        self.add_row("&Status:", self.status, "status")
        self.catatan = QPlainTextEdit(data.catatan)
        self.catatan.setTabChangesFocus(True)
        self.catatan.setFixedHeight(70)
        self.add_row("&Catatan:", self.catatan, "catatan")
        _select(self.kategori, data.kategori_id)
        _select(self.bentuk, data.perorangan)
        _select(self.desa, data.desa_id)
        _select(self.status, data.status)
        if row is None:
            self.kategori.currentIndexChanged.connect(self._kind_changed)

    def _kind_changed(self) -> None:
        kind = self.kinds.get(self.kategori.currentData())
        if kind is not None:
            _select(self.bentuk, not kind.lembaga)

    def data(self) -> psks.PsksData:
        return psks.PsksData(
            kategori_id=self.kategori.currentData(),
            nama=self.nama.text(),
            perorangan=bool(self.bentuk.currentData()),
            nik=self.nik.text(),
            desa_id=self.desa.currentData(),
            alamat=self.alamat.text(),
            ketua=self.ketua.text(),
            kontak=self.kontak.text(),
            status=str(self.status.currentData()),
            catatan=self.catatan.toPlainText(),
        )

    def save(self) -> Row:
        if self.row is None:
            saved = psks.create(self.actor, self.data())
        else:
            saved = psks.update(self.actor, self.row.id, self.data(), self.versi)
        self.warnings = saved.warnings
        return saved.row


class PsksTab(QWidget):
    def __init__(self, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        self.can_edit = boleh_ubah(actor, Aksi.REGISTRI_UBAH)
        self.dialog: PsksDialog | None = None
        self.task: Task | None = None

        kinds = psks.kategori_choices(include_inactive=True)
        self.kategori_filter = _combo([(k.label, k.id) for k in kinds], "Semua jenis")
        #: The kecamatan listed (a user of the whole kabupaten: the one chosen on the page).
        self.kecamatan_id = pilihan(actor)
        self.desa_filter = _combo([(d.nama, d.id) for d in
                                   desa_service.all_desa(kecamatan_tampil(actor))], "Semua desa")
        self.status_filter = _combo(
            [(label, code) for code, label in psks.STATUS.items()], "Semua status"
        )
        self.table = SearchableTable(COLUMNS, "Cari nama, ketua, desa...")
        self.add_button = QPushButton("&Tambah...")
        self.edit_button = QPushButton("&Ubah...")
        self.delete_button = QPushButton("&Hapus")
        self.export_button = QPushButton("&Ekspor ke Excel...")
        for b in (self.add_button, self.edit_button, self.delete_button):
            b.setVisible(self.can_edit)
        self.add_button.clicked.connect(self.add_row)
        self.edit_button.clicked.connect(self.edit_row)
        self.delete_button.clicked.connect(self.delete_row)
        self.export_button.clicked.connect(self.export)
        for combo in (self.kategori_filter, self.desa_filter, self.status_filter):
            combo.currentIndexChanged.connect(self.refresh)
        self.table.view.selectionModel().selectionChanged.connect(self._update_buttons)
        if self.can_edit:
            self.table.view.activated.connect(self.edit_row)
            on_delete_key(self.table.view, self.delete_row)

        filters = QHBoxLayout()
        for text, combo in (
            ("&Jenis:", self.kategori_filter),
            ("&Desa:", self.desa_filter),
            ("&Status:", self.status_filter),
        ):
            label = QLabel(text)
            label.setBuddy(combo)
            filters.addWidget(label)
            filters.addWidget(combo, 1)
        buttons = QHBoxLayout()
        for b in (self.add_button, self.edit_button, self.delete_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addLayout(self.table.search_row)
        layout.addWidget(self.table.view, 1)
        if not self.can_edit:
            layout.addWidget(QLabel("Peran Anda hanya dapat melihat dan mengekspor data PSKS."))
        layout.addLayout(buttons)
        self.refresh()

    def current_filter(self) -> psks.PsksFilter:
        return psks.PsksFilter(
            desa_id=self.desa_filter.currentData(),
            kategori_id=self.kategori_filter.currentData(),
            status=self.status_filter.currentData(),
            kecamatan_id=self.kecamatan_id,
        )

    def refresh(self) -> None:
        if pilihan(self.actor) != self.kecamatan_id:  # another kecamatan chosen on the page
            self.kecamatan_id = pilihan(self.actor)
            self.desa_filter.blockSignals(True)
            while self.desa_filter.count() > 1:
                self.desa_filter.removeItem(1)
            for d in desa_service.all_desa(kecamatan_tampil(self.actor)):
                self.desa_filter.addItem(d.nama, d.id)
            self.desa_filter.setCurrentIndex(0)
            self.desa_filter.blockSignals(False)
        try:
            rows = psks.search(self.actor, self.current_filter())
        except AppError as exc:
            messages.show_error(self, exc, "Data PSKS tidak dapat ditampilkan")
            rows = []
        self.table.set_rows(rows, keep=lambda r: r.id)
        self._update_buttons()

    def selected(self) -> Row | None:
        row: Row | None = self.table.selected()
        return row

    def _update_buttons(self) -> None:
        r = self.selected()
        self.edit_button.setEnabled(r is not None)
        self.delete_button.setEnabled(r is not None)

    def _open(self, dialog: PsksDialog) -> PsksDialog:
        self.dialog = dialog
        dialog.finished.connect(self._dialog_closed)
        dialog.open()
        return dialog

    def _dialog_closed(self) -> None:
        dialog, self.dialog = self.dialog, None
        self.refresh()
        if dialog is None:
            return
        saved = dialog.result_value
        if isinstance(saved, Row):
            self.table.select_where(lambda r: r.id == saved.id)
            if dialog.warnings:
                messages.warning(self, "Data tersimpan, periksa NIK", "\n".join(dialog.warnings))
        dialog.deleteLater()

    def add_row(self) -> PsksDialog | None:
        return self._open(PsksDialog(self.actor, None, self)) if self.can_edit else None

    def edit_row(self) -> PsksDialog | None:
        r = self.selected()
        if r is None or not self.can_edit:
            return None
        try:
            return self._open(PsksDialog(self.actor, r, self))
        except AppError as exc:
            messages.show_error(self, exc, "Tidak dapat dibuka")
            self.refresh()
            return None

    def delete_row(self) -> None:
        r = self.selected()
        if r is None or not self.can_edit:
            return
        text = f"Hapus data PSKS '{r.nama}' ({r.kategori}, {r.desa})?"
        if not messages.confirm(self, "Hapus data PSKS", text, destructive=True):
            return
        try:
            psks.delete(self.actor, r.id, r.versi)
        except AppError as exc:
            messages.show_error(self, exc, "Tidak dapat dihapus")
        self.refresh()

    def export(self) -> Task | None:
        f = self.current_filter()

        def work(path: Path, progress: Progress) -> int:
            return impor_psks.export(self.actor, path, progress=progress, f=f)

        self.task = export_to_excel(self, "Mengekspor data PSKS", today_name("psks"), work)
        return self.task
