"""Pengaturan > Cadangan: the backups in the backup folder, making a backup (optionally with a
password, for copies that leave the office), restoring one after it was checked, opening the
folder, and the two settings of the automatic daily backup.

Restoring replaces everyone's data and accounts: afterwards the tab emits :attr:`restored` and
the main window logs the user out. Checking and restoring run off the GUI thread (run_task)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...config import DatabaseTarget
from ...services import cadangan, sandi_berkas, settings
from ...services.context import Actor
from ...services.errors import AppError, ValidationError
from ...services.permissions import Aksi, allowed
from .. import messages
from ..table_model import ROW_ROLE, Column, RowTableModel
from ..tasks import Task, run_task
from .form_dialog import FormDialog

FILTER_SIMPAN = "Cadangan Kecamatan TKSK (*.zip *.enc)"
FILTER_BUKA = "Cadangan Kecamatan TKSK (*.zip *.enc *.sqlite3);;Semua berkas (*)"
NOTE_SANDI = (
    "Simpan kata sandi di tempat aman. Kata sandi yang hilang tidak dapat dipulihkan: tanpa "
    "kata sandi itu cadangan tidak dapat dibuka oleh siapa pun, termasuk oleh kantor sendiri."
)
SETTING_KEYS = ("cadangan.otomatis", "cadangan.simpan_n")


def _password_edit() -> QLineEdit:
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    return edit


class BuatCadanganDialog(FormDialog):
    """Whether to encrypt the new backup; with a password typed twice."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Buat cadangan", "Cadangan berisi seluruh basis data dan semua "
                         "lampiran. Untuk salinan yang dibawa keluar kantor (flashdisk, surel), "
                         "enkripsi dengan kata sandi.", parent)
        self.save_button.setText("&Lanjut")
        self.encrypt = QCheckBox("&Enkripsi dengan kata sandi")
        self.form.addRow("", self.encrypt)
        self.password = _password_edit()
        self.repeat = _password_edit()
        self.add_row("&Kata sandi:", self.password, "sandi")
        self.add_row("&Ulangi kata sandi:", self.repeat, "ulangi")
        self.add_note(f"Paling sedikit {sandi_berkas.MIN_PASSWORD} karakter. {NOTE_SANDI}")
        self.encrypt.toggled.connect(self._toggled)
        self._toggled(False)

    def _toggled(self, on: bool) -> None:
        self.password.setEnabled(on)
        self.repeat.setEnabled(on)
        if on:
            self.password.setFocus()

    def save(self) -> str | None:
        if not self.encrypt.isChecked():
            return None
        value = self.password.text()
        sandi_berkas.check_password(value)
        if self.repeat.text() != value:
            raise ValidationError.single("ulangi", "Ulangan kata sandi tidak sama. Ketik lagi.")
        return value

    @classmethod
    def ask(cls, parent: QWidget | None = None) -> tuple[str | None, bool]:
        """(password or None for no encryption, accepted)."""
        dialog = cls(parent)
        ok = dialog.exec() == FormDialog.DialogCode.Accepted
        return (dialog.result_value if ok else None), ok


class SandiDialog(FormDialog):
    """The password of an encrypted backup."""

    def __init__(self, nama: str, parent: QWidget | None = None) -> None:
        super().__init__("Kata sandi cadangan", f"Cadangan {nama} terenkripsi. Ketik kata "
                         "sandi yang dipakai saat cadangan dibuat.", parent)
        self.save_button.setText("&Buka")
        self.password = _password_edit()
        self.add_row("&Kata sandi:", self.password, "sandi")

    def save(self) -> str:
        if not self.password.text():
            raise ValidationError.single("sandi", "Ketik kata sandi cadangan.")
        return self.password.text()

    @classmethod
    def ask(cls, nama: str, parent: QWidget | None = None) -> tuple[str, bool]:
        dialog = cls(nama, parent)
        ok = dialog.exec() == FormDialog.DialogCode.Accepted
        return (str(dialog.result_value) if ok else ""), ok


COLUMNS: list[Column[cadangan.BerkasCadangan]] = [
    Column("Waktu", lambda r: r.waktu),
    Column("Jenis", lambda r: r.jenis_label),
    Column("Ukuran", lambda r: cadangan.ukuran_teks(r.ukuran), align_right=True),
    Column("Terenkripsi", lambda r: r.terenkripsi),
    Column("Berkas", lambda r: r.nama),
]


class CadanganTab(QWidget):
    #: The data were replaced by a backup: everyone must log in again (the main window wires it).
    restored = Signal()

    def __init__(self, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        self.task: Task | None = None
        self.target: DatabaseTarget = cadangan.target_aktif()
        intro = QLabel(
            "Cadangan berisi seluruh basis data dan semua lampiran. Aplikasi membuat cadangan "
            "otomatis saat pertama dibuka setiap hari dan sebelum setiap pembaruan. Simpan juga "
            "salinan di luar komputer ini (flashdisk atau server kantor), sebaiknya terenkripsi.")
        intro.setWordWrap(True)
        self.folder_label = QLabel(f"Folder cadangan: {self.target.backup_dir()}")
        self.folder_label.setWordWrap(True)
        self.model: RowTableModel[cadangan.BerkasCadangan] = RowTableModel(COLUMNS, self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().setVisible(False)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.view.horizontalHeader().setStretchLastSection(True)
        list_label = QLabel("&Daftar cadangan di folder itu:")
        list_label.setBuddy(self.view)

        self.create_button = QPushButton("&Buat cadangan...")
        self.create_button.clicked.connect(self.create_backup)
        self.restore_button = QPushButton("&Pulihkan...")
        self.restore_button.clicked.connect(self.restore_backup)
        self.folder_button = QPushButton("Buka &folder cadangan")
        self.folder_button.clicked.connect(self.open_folder)
        self.reload_button = QPushButton("&Muat ulang")
        self.reload_button.clicked.connect(self.refresh)
        sqlite = self.target.kind == "sqlite"
        self.create_button.setVisible(sqlite and allowed(actor, Aksi.CADANGAN_BUAT))
        self.restore_button.setVisible(sqlite and allowed(actor, Aksi.CADANGAN_PULIHKAN))
        buttons = QHBoxLayout()
        for button in (self.create_button, self.restore_button, self.folder_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.reload_button)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        if not sqlite:
            note = QLabel("Basis data ini ada di server PostgreSQL: cadangkan dengan pg_dump "
                          "(lampiran ikut di dalamnya), sesuai petunjuk di "
                          + cadangan.DOC_POSTGRES + ".")
            note.setWordWrap(True)
            layout.addWidget(note)
        layout.addWidget(self.folder_label)
        layout.addWidget(list_label)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        layout.addWidget(self._settings_box())
        self.refresh()

    # -- settings ------------------------------------------------------------------------------
    def _settings_box(self) -> QGroupBox:
        box = QGroupBox("Cadangan otomatis")
        form = QFormLayout(box)
        self.auto_check = QCheckBox(
            settings.SETTINGS["cadangan.otomatis"].label.replace("otomatis", "&otomatis", 1))
        self.auto_check.setObjectName("cadangan.otomatis")
        form.addRow("", self.auto_check)
        spec = settings.SETTINGS["cadangan.simpan_n"]
        self.keep_spin = QSpinBox()
        self.keep_spin.setObjectName("cadangan.simpan_n")
        self.keep_spin.setRange(spec.minimum or 1, spec.maximum or 100)
        keep_label = QLabel(f"&{spec.label}:")
        keep_label.setBuddy(self.keep_spin)
        form.addRow(keep_label, self.keep_spin)
        self.keep_spin.setMaximumWidth(120)
        self.save_settings_button = QPushButton("&Simpan pengaturan")
        self.save_settings_button.clicked.connect(self.save_settings)
        row = QHBoxLayout()
        row.addWidget(self.save_settings_button)
        row.addStretch(1)
        form.addRow("", row)
        may = allowed(self.actor, Aksi.PENGATURAN_UBAH)
        self.auto_check.setEnabled(may)
        self.keep_spin.setEnabled(may)
        self.save_settings_button.setVisible(may)
        return box

    def _setting_values(self) -> dict[str, Any]:
        return {"cadangan.otomatis": self.auto_check.isChecked(),
                "cadangan.simpan_n": self.keep_spin.value()}

    def save_settings(self) -> None:
        changed = {k: v for k, v in self._setting_values().items() if v != settings.get(k)}
        try:
            for key, value in changed.items():
                settings.set_value(self.actor, key, value)
        except AppError as exc:
            messages.show_error(self, exc)
            self.refresh()
            return
        messages.info(self, "Pengaturan cadangan",
                      f"{len(changed)} pengaturan disimpan." if changed
                      else "Tidak ada yang berubah.")

    # -- list ----------------------------------------------------------------------------------
    def refresh(self) -> None:
        """The list of backups and the stored settings."""
        self.reload_list()
        self.auto_check.setChecked(bool(settings.get("cadangan.otomatis")))
        self.keep_spin.setValue(int(settings.get("cadangan.simpan_n")))

    def reload_list(self) -> None:
        self.model.set_rows(cadangan.daftar(self.target))

    def selected(self) -> cadangan.BerkasCadangan | None:
        rows = self.view.selectionModel().selectedRows()
        return rows[0].data(ROW_ROLE) if rows else None

    def open_folder(self) -> None:
        folder = self.target.backup_dir()
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            messages.warning(self, "Folder cadangan", f"Folder {folder} tidak dapat dibuat: "
                             f"{exc.strerror}.")
            return
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    def _failed(self, title: str) -> Any:
        def show(exc: BaseException) -> None:
            messages.show_error(self, exc, title)
            self.reload_list()
        return show

    # -- making a backup -----------------------------------------------------------------------
    def create_backup(self) -> None:
        sandi, ok = BuatCadanganDialog.ask(self)
        if not ok:
            return
        default = self.target.backup_dir() / cadangan.nama_bawaan(sandi is not None)
        chosen, _ = QFileDialog.getSaveFileName(self, "Simpan cadangan", str(default),
                                                FILTER_SIMPAN)
        if not chosen:
            return
        path = Path(chosen)
        if sandi is not None and not path.name.endswith(cadangan.ENC_SUFFIX):
            path = path.with_name(path.name + cadangan.ENC_SUFFIX)
        elif sandi is None and path.suffix.lower() != ".zip":
            path = path.with_name(path.name + ".zip")

        def done(result: object) -> None:
            assert isinstance(result, cadangan.HasilCadangan)
            text = (f"Cadangan disimpan di:\n{result.path}\n\nUkuran "
                    f"{cadangan.ukuran_teks(result.ukuran)}; {result.jumlah_lampiran} lampiran"
                    + ("; terenkripsi." if result.terenkripsi else "."))
            if result.lampiran_hilang:
                text += (f"\n\nPerhatian: {len(result.lampiran_hilang)} lampiran hilang atau "
                         "rusak di folder lampiran dan tidak ikut dicadangkan.")
            messages.info(self, "Cadangan selesai", text)
            self.reload_list()

        self.task = run_task(
            self, "Membuat cadangan",
            lambda progress: cadangan.buat(self.actor, path, sandi=sandi, progress=progress),
            done, self._failed("Cadangan gagal dibuat"))

    # -- restoring -----------------------------------------------------------------------------
    def restore_backup(self) -> None:
        row = self.selected()
        start = row.path if row is not None else self.target.backup_dir()
        chosen, _ = QFileDialog.getOpenFileName(self, "Pilih cadangan yang dipulihkan",
                                                str(start), FILTER_BUKA)
        if not chosen:
            return
        path = Path(chosen)
        sandi: str | None = None
        if sandi_berkas.is_encrypted(path):
            sandi, ok = SandiDialog.ask(path.name, self)
            if not ok:
                return
        self.task = run_task(
            self, "Memeriksa cadangan",
            lambda progress: cadangan.periksa(path, sandi=sandi, progress=progress),
            lambda info: self._confirm_restore(path, sandi, info),
            self._failed("Cadangan ditolak"))

    def _confirm_restore(self, path: Path, sandi: str | None, info: object) -> None:
        assert isinstance(info, cadangan.InfoCadangan)
        text = ("Cadangan sudah diperiksa dan utuh:\n\n" + "\n".join(info.ringkasan())
                + "\n\nSemua data dan akun pengguna sekarang akan diganti dengan isi cadangan "
                "ini. Salinan data sekarang disimpan dulu di folder cadangan:\n"
                f"{self.target.backup_dir()}\n\nSetelah dipulihkan semua pengguna harus masuk "
                "lagi. Pulihkan sekarang?")
        if not messages.confirm(self, "Pulihkan cadangan", text, destructive=True):
            return
        self.task = run_task(
            self, "Memulihkan cadangan",
            lambda progress: cadangan.pulihkan(self.actor, path, sandi=sandi,
                                               progress=progress),
            self._restored, self._failed("Cadangan tidak dipulihkan"))

    def _restored(self, result: object) -> None:
        assert isinstance(result, cadangan.HasilPulih)
        extra = ("\nBasis data diperbarui ke versi aplikasi ini." if result.dimigrasi else "")
        messages.info(
            self, "Data dipulihkan",
            f"Data dipulihkan dari {result.info.path.name}.{extra}\n\nKeadaan sebelum "
            f"pemulihan disimpan di:\n{result.cadangan_pengaman}\n\nSilakan masuk lagi.")
        self.reload_list()
        self.restored.emit()
