"""The detail of one person: identity (NIK masked; "Tampilkan NIK" reveals it, audited),
household members, PPKS categories with their status history, register status and aid; the
person and their household are edited from here ("Ubah data warga/keluarga")."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...services import formatting
from ...services import registri as reg
from ...services import registri_detail as det
from ...services import registri_ppks as ppks_service
from ...services.context import Actor
from ...services.errors import AppError
from ...services.permissions import Aksi, allowed
from .. import messages
from ..kecamatan_pilih import boleh_ubah
from .registri_dialogs import (
    BantuanDialog,
    KeluargaDialog,
    PPKSDialog,
    StatusDialog,
    WargaDialog,
)


class WargaDetailDialog(QDialog):
    def __init__(self, actor: Actor, warga_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor, self.warga_id = actor, warga_id
        self.changed = False
        self.setWindowTitle("Rincian Warga")
        self.resize(720, 640)
        layout = QVBoxLayout(self)
        ident = QGroupBox("Identitas")
        self.form = QFormLayout(ident)
        self.nik = QLabel()
        self.reveal = QPushButton("Tampilkan &NIK")
        self.reveal.setVisible(allowed(actor, Aksi.NIK_BUKA))
        self.reveal.clicked.connect(self.show_nik)
        row = QHBoxLayout()
        row.addWidget(self.nik)
        row.addWidget(self.reveal)
        row.addStretch(1)
        self.form.addRow("NIK", row)
        self.fields: dict[str, QLabel] = {}
        for key in ("Nama", "Lahir", "Alamat", "Desa", "No. KK", "Hubungan"):
            self.fields[key] = QLabel()
            self.form.addRow(key, self.fields[key])
        can_edit = boleh_ubah(actor, Aksi.REGISTRI_UBAH)
        self.ubah_warga = self._button("Ubah &data warga...", self.edit_warga, can_edit)
        edit_row = QHBoxLayout()
        edit_row.addWidget(self.ubah_warga)
        edit_row.addStretch(1)
        self.form.addRow("", edit_row)
        layout.addWidget(ident)
        self.anggota = QListWidget()
        self.ubah_keluarga = self._button("Ubah data ke&luarga...", self.edit_keluarga, can_edit)
        layout.addWidget(self._group("Anggota keluarga", self.anggota, self.ubah_keluarga))
        self.ppks = QTreeWidget()
        self.ppks.setHeaderLabels(["Kategori / tanggal", "Status", "Oleh / rincian", "Catatan"])
        self.ubah = self._button("&Ubah status...", self.change_status, can_edit)
        self.tambah_ppks = self._button("Tambah &kategori...", self.add_ppks, can_edit)
        self.pasang_foto = self._button("&Foto...", self.attach_photo, can_edit)
        self.lihat_foto = self._button("&Lihat foto", self.show_photo, True)
        layout.addWidget(
            self._group("Kategori PPKS dan riwayat status", self.ppks, self.ubah, self.tambah_ppks,
                        self.pasang_foto, self.lihat_foto)
        )
        self.register = QListWidget()
        layout.addWidget(self._group("Status register (DTSEN/DTKS)", self.register))
        self.bantuan = QListWidget()
        self.tambah_bantuan = self._button("Tambah &bantuan...", self.add_bantuan, can_edit)
        layout.addWidget(self._group("Bantuan yang diterima", self.bantuan, self.tambah_bantuan))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("&Tutup")
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.load()

    def _button(self, text: str, slot: Any, visible: bool) -> QPushButton:
        b = QPushButton(text)
        b.clicked.connect(slot)
        b.setVisible(visible)
        return b

    def _group(self, title: str, body: QWidget, *buttons: QPushButton) -> QGroupBox:
        box = QGroupBox(title)
        lay = QVBoxLayout(box)
        lay.addWidget(body)
        if buttons:
            row = QHBoxLayout()
            for b in buttons:
                row.addWidget(b)
            row.addStretch(1)
            lay.addLayout(row)
        return box

    def load(self) -> None:
        self.detail = d = det.detail(self.actor, self.warga_id)
        self.nik.setText(d.nik or "(tanpa NIK)")
        self.reveal.setEnabled(bool(d.nik))
        lahir = ", ".join(x for x in (d.tempat_lahir, formatting.tanggal(d.tanggal_lahir)) if x)
        umur = f" ({d.umur} tahun)" if d.umur is not None else ""
        alamat = d.alamat + (f" RT {d.rt}" if d.rt else "") + (f" RW {d.rw}" if d.rw else "")
        values = {
            "Nama": f"{d.nama} ({d.jenis_kelamin})" + (" - meninggal" if d.meninggal else ""),
            "Lahir": lahir + umur,
            "Alamat": alamat,
            "Desa": d.desa,
            "No. KK": d.no_kk or "-",
            "Hubungan": d.hubungan or "-",
        }
        for key, text in values.items():
            self.fields[key].setText(text)
        self.ubah_keluarga.setEnabled(d.keluarga_id is not None)
        self.ubah_keluarga.setToolTip(
            "" if d.keluarga_id is not None else "Warga ini belum tercatat dalam satu keluarga."
        )
        self.anggota.clear()
        for a in d.anggota:
            umur_a = f", {a.umur} th" if a.umur is not None else ""
            self.anggota.addItem(f"{a.nama} - {a.hubungan or '-'}{umur_a} ({a.nik or 'tanpa NIK'})")
        self.ppks.clear()
        for p in d.ppks:
            item = QTreeWidgetItem(
                [f"{p.kategori} [{p.milik}]", p.status_label, p.rincian, p.catatan]
            )
            item.setData(0, 256, p.id)
            for h in p.riwayat:
                item.addChild(
                    QTreeWidgetItem([formatting.tanggal(h.tanggal), h.status, h.oleh, h.catatan])
                )
            self.ppks.addTopLevelItem(item)
        self.ppks.expandAll()
        for col in range(3):
            self.ppks.resizeColumnToContents(col)
        self.register.clear()
        self.register.addItems(d.register or ["Belum ada data register."])
        self.bantuan.clear()
        self.bantuan.addItems(d.bantuan or ["Belum ada bantuan tercatat."])

    def show_nik(self) -> None:
        try:
            nik = reg.reveal_nik(self.actor, self.warga_id)
        except AppError as exc:
            messages.show_error(self, exc, "NIK tidak dapat ditampilkan")
            return
        self.nik.setText(nik)
        self.reveal.setEnabled(False)

    def _selected_ppks(self) -> det.PPKSRow | None:
        item = self.ppks.currentItem()
        while item is not None and item.parent() is not None:
            item = item.parent()
        if item is None:
            return None
        pid = item.data(0, 256)
        return next((p for p in self.detail.ppks if p.id == pid), None)

    def _after(self, dialog: QDialog) -> None:
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        if accepted or getattr(dialog, "reloaded", False):  # reloaded: someone else saved
            self.changed = True
            self._reload()

    def _reload(self) -> None:
        try:
            self.load()
        except AppError as exc:  # deleted in the meantime
            messages.show_error(self, exc, "Rincian tidak dapat dimuat ulang")
            self.reject()

    def edit_warga(self) -> None:
        try:
            dialog = WargaDialog(self.actor, self, warga_id=self.warga_id)
        except AppError as exc:
            messages.show_error(self, exc, "Data warga tidak dapat dibuka")
            return
        self._after(dialog)

    def edit_keluarga(self) -> None:
        if self.detail.keluarga_id is None:
            return
        try:
            dialog = KeluargaDialog(self.actor, self, keluarga_id=self.detail.keluarga_id)
        except AppError as exc:
            messages.show_error(self, exc, "Data keluarga tidak dapat dibuka")
            return
        self._after(dialog)

    def change_status(self) -> None:
        row = self._selected_ppks()
        if row is None:
            messages.info(self, "Ubah status", "Pilih dulu kategori PPKS yang akan diubah.")
            return
        self._after(StatusDialog(self.actor, row, self))

    def attach_photo(self) -> None:
        """A photo (JPG or PNG) of the selected PPKS record, e.g. of the house or the need."""
        row = self._selected_ppks()
        if row is None:
            messages.info(self, "Foto", "Pilih dulu kategori PPKS yang fotonya akan dipasang.")
            return
        path, _ = QFileDialog.getOpenFileName(self, "Pilih foto", "", "Foto (*.jpg *.jpeg *.png)")
        if not path:
            return
        try:
            ppks_service.set_foto(self.actor, row.id, path, row.versi)
        except AppError as exc:
            messages.show_error(self, exc, "Foto tidak dapat dipasang")
            return
        self.changed = True
        self._reload()

    def show_photo(self) -> None:
        row = self._selected_ppks()
        if row is None or row.foto_id is None:
            messages.info(self, "Foto", "Kategori yang dipilih belum punya foto.")
            return
        try:
            data, _mime = ppks_service.foto(self.actor, row.id)
        except AppError as exc:
            messages.show_error(self, exc, "Foto tidak dapat dibuka")
            return
        pixmap = QPixmap()
        pixmap.loadFromData(data)
        view = QDialog(self)
        view.setWindowTitle(f"Foto: {row.kategori}")
        label = QLabel()
        label.setPixmap(pixmap.scaled(800, 600, Qt.AspectRatioMode.KeepAspectRatio,
                                      Qt.TransformationMode.SmoothTransformation))
        QVBoxLayout(view).addWidget(label)
        self.photo_view = view
        view.open()

    def add_ppks(self) -> None:
        self._after(PPKSDialog(self.actor, self.warga_id, self))

    def add_bantuan(self) -> None:
        self._after(BantuanDialog(self.actor, self.warga_id, self))
