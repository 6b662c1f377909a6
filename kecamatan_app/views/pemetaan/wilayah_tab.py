"""Pemetaan Sosial > Wilayah: the office's desa/kelurahan (Kemendagri code, name, other names,
active flag) and the dusun of the selected desa. Everyone may read; changes need WILAYAH_UBAH."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ...services import wilayah_kantor as wk
from ...services.context import Actor
from ...services.errors import AppError
from ...services.permissions import Aksi
from .. import messages
from ..kecamatan_pilih import boleh_ubah, kecamatan_tampil
from ..pengaturan.common import SearchableTable, on_delete_key
from ..pengaturan.form_dialog import FormDialog
from ..table_model import Column

DESA_COLUMNS: list[Column[wk.DesaDetail]] = [
    Column("Kode", lambda d: d.kode),
    Column("Nama", lambda d: d.nama),
    Column("Jenis", lambda d: d.jenis_label),
    Column("Nama lain", lambda d: "; ".join(d.alias)),
    Column("Jumlah dusun", lambda d: d.jumlah_dusun, align_right=True),
    Column("Aktif", lambda d: d.aktif),
]
DUSUN_COLUMNS: list[Column[wk.DusunRow]] = [
    Column("Dusun", lambda u: u.nama),
    Column("Keterangan", lambda u: u.keterangan),
]


class DesaDialog(FormDialog):
    """Name and other names of one desa; the code never changes."""

    def __init__(self, actor: Actor, desa: wk.DesaDetail, parent: QWidget | None = None) -> None:
        super().__init__(
            f"Ubah {desa.jenis_label} {desa.nama}",
            "Kode Kemendagri tetap. Bila nama diubah, nama lama otomatis disimpan sebagai nama "
            "lain sehingga berkas Excel lama tetap dikenali.",
            parent,
        )
        self.actor, self.desa = actor, desa
        kode = QLineEdit(desa.kode)
        kode.setReadOnly(True)
        self.add_row("Kode:", kode)
        self.nama = QLineEdit(desa.nama)
        self.nama.setMaxLength(wk.MAX_NAMA)
        self.add_row("&Nama:", self.nama, "nama")
        self.alias = QPlainTextEdit("\n".join(desa.alias))
        self.alias.setTabChangesFocus(True)
        self.alias.setFixedHeight(110)
        self.add_row("Nama &lain:", self.alias, "alias")
        self.add_note("Satu nama per baris, misalnya ejaan lama atau ejaan di data desa.")

    def save(self) -> wk.DesaDetail:
        names = [line for line in self.alias.toPlainText().splitlines() if line.strip()]
        return wk.update_desa(self.actor, self.desa.id, self.nama.text(), names, self.desa.versi)


class DusunDialog(FormDialog):
    def __init__(
        self,
        actor: Actor,
        desa: wk.DesaDetail,
        dusun: wk.DusunRow | None,
        parent: QWidget | None = None,
    ) -> None:
        title = f"Tambah dusun di {desa.nama}" if dusun is None else f"Ubah dusun {dusun.nama}"
        super().__init__(title, "", parent)
        self.actor, self.desa, self.dusun = actor, desa, dusun
        self.nama = QLineEdit(dusun.nama if dusun else "")
        self.nama.setMaxLength(wk.MAX_NAMA)
        self.add_row("&Nama dusun:", self.nama, "nama")
        self.keterangan = QLineEdit(dusun.keterangan if dusun else "")
        self.add_row("&Keterangan:", self.keterangan, "keterangan")

    def save(self) -> wk.DusunRow:
        if self.dusun is None:
            return wk.create_dusun(
                self.actor, self.desa.id, self.nama.text(), self.keterangan.text()
            )
        return wk.update_dusun(
            self.actor, self.dusun.id, self.nama.text(), self.keterangan.text(), self.dusun.versi
        )


class WilayahTab(QWidget):
    def __init__(self, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        self.can_edit = boleh_ubah(actor, Aksi.WILAYAH_UBAH)
        self.dialog: FormDialog | None = None

        self.desa = SearchableTable(DESA_COLUMNS, "Cari kode, nama atau nama lain...")
        self.edit_button = QPushButton("&Ubah nama...")
        self.aktif_button = QPushButton("&Nonaktifkan")
        self.aktif_button.setToolTip(
            "Desa yang dinonaktifkan tetap tersimpan tetapi tidak ditawarkan lagi di daftar."
        )
        self.dusun = SearchableTable(DUSUN_COLUMNS, "Cari dusun...")
        self.dusun_title = QGroupBox("Dusun")
        self.add_dusun_button = QPushButton("&Tambah dusun...")
        self.edit_dusun_button = QPushButton("Ubah du&sun...")
        self.delete_dusun_button = QPushButton("&Hapus dusun")
        self._edit_buttons = (
            self.edit_button,
            self.aktif_button,
            self.add_dusun_button,
            self.edit_dusun_button,
            self.delete_dusun_button,
        )
        for b in self._edit_buttons:
            b.setVisible(self.can_edit)
        self.edit_button.clicked.connect(self.edit_desa)
        self.aktif_button.clicked.connect(self.toggle_aktif)
        self.add_dusun_button.clicked.connect(self.add_dusun)
        self.edit_dusun_button.clicked.connect(self.edit_dusun)
        self.delete_dusun_button.clicked.connect(self.delete_dusun)
        self.desa.view.selectionModel().selectionChanged.connect(self._desa_changed)
        self.dusun.view.selectionModel().selectionChanged.connect(self._update_buttons)
        if self.can_edit:
            self.desa.view.activated.connect(self.edit_desa)
            self.dusun.view.activated.connect(self.edit_dusun)
            on_delete_key(self.dusun.view, self.delete_dusun)

        left = QWidget()
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        lv.addLayout(self.desa.search_row)
        lv.addWidget(self.desa.view, 1)
        row = QHBoxLayout()
        row.addWidget(self.edit_button)
        row.addWidget(self.aktif_button)
        row.addStretch(1)
        lv.addLayout(row)
        dv = QVBoxLayout(self.dusun_title)
        dv.addLayout(self.dusun.search_row)
        dv.addWidget(self.dusun.view, 1)
        for b in (self.add_dusun_button, self.edit_dusun_button, self.delete_dusun_button):
            dv.addWidget(b)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(self.dusun_title)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        if not self.can_edit:
            layout.addWidget(QLabel("Peran Anda hanya dapat melihat data wilayah."))
        self.refresh()

    # data ---------------------------------------------------------------------------------
    def refresh(self) -> None:
        # the desa of the kecamatan shown (a Dinas database holds every kecamatan's)
        rows = wk.desa_rows(kecamatan_id=kecamatan_tampil(self.actor))
        self.desa.set_rows(rows, keep=lambda d: d.id)
        if self.selected_desa() is None and self.desa.proxy.rowCount():
            self.desa.view.selectRow(0)
        self._desa_changed()

    def selected_desa(self) -> wk.DesaDetail | None:
        d: wk.DesaDetail | None = self.desa.selected()
        return d

    def selected_dusun(self) -> wk.DusunRow | None:
        u: wk.DusunRow | None = self.dusun.selected()
        return u

    def _desa_changed(self) -> None:
        d = self.selected_desa()
        rows = wk.dusun_list(d.id, self.actor) if d is not None else []
        self.dusun.set_rows(rows, keep=lambda u: u.id)
        self.dusun_title.setTitle(f"Dusun di {d.nama}" if d is not None else "Dusun")
        self._update_buttons()

    def _update_buttons(self) -> None:
        d, u = self.selected_desa(), self.selected_dusun()
        self.edit_button.setEnabled(d is not None)
        self.aktif_button.setEnabled(d is not None)
        self.aktif_button.setText("&Aktifkan" if d is not None and not d.aktif else "&Nonaktifkan")
        self.add_dusun_button.setEnabled(d is not None)
        self.edit_dusun_button.setEnabled(u is not None)
        self.delete_dusun_button.setEnabled(u is not None)

    # actions ------------------------------------------------------------------------------
    def _open(self, dialog: FormDialog) -> FormDialog:
        self.dialog = dialog
        dialog.finished.connect(self._dialog_closed)
        dialog.open()
        return dialog

    def _dialog_closed(self) -> None:
        dialog, self.dialog = self.dialog, None
        self.refresh()
        if dialog is not None:
            saved = dialog.result_value
            if isinstance(saved, wk.DusunRow):
                self.dusun.select_where(lambda u: u.id == saved.id)
            dialog.deleteLater()

    def edit_desa(self) -> FormDialog | None:
        d = self.selected_desa()
        if d is None or not self.can_edit:
            return None
        return self._open(DesaDialog(self.actor, d, self))

    def toggle_aktif(self) -> None:
        d = self.selected_desa()
        if d is None or not self.can_edit:
            return
        if d.aktif and not messages.confirm(
            self,
            "Nonaktifkan desa",
            f"Nonaktifkan {d.jenis_label} {d.nama}? Datanya tetap tersimpan, tetapi desa ini "
            "tidak ditawarkan lagi di daftar pilihan.",
            destructive=True,
        ):
            return
        try:
            wk.set_aktif(self.actor, d.id, not d.aktif, d.versi)
        except AppError as exc:
            messages.show_error(self, exc)
        self.refresh()

    def add_dusun(self) -> FormDialog | None:
        d = self.selected_desa()
        if d is None or not self.can_edit:
            return None
        return self._open(DusunDialog(self.actor, d, None, self))

    def edit_dusun(self) -> FormDialog | None:
        d, u = self.selected_desa(), self.selected_dusun()
        if d is None or u is None or not self.can_edit:
            return None
        return self._open(DusunDialog(self.actor, d, u, self))

    def delete_dusun(self) -> None:
        u = self.selected_dusun()
        if u is None or not self.can_edit:
            return
        if not messages.confirm(self, "Hapus dusun", f"Hapus dusun {u.nama}?", destructive=True):
            return
        try:
            wk.delete_dusun(self.actor, u.id, u.versi)
        except AppError as exc:
            messages.show_error(self, exc, "Tidak dapat dihapus")
        self.refresh()
