"""Pengaturan > Kantor: the kop surat logo, with a small preview, "Pilih logo..." and "Hapus
logo". The services check, store and audit the file; this box only asks and shows."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...services import kantor
from ...services.context import Actor
from ...services.errors import AppError, Conflict
from ...services.permissions import Aksi, allowed
from .. import messages

#: The preview's box (pixels); the logo is scaled into it keeping its aspect ratio.
PRATINJAU = 88
FILTER = "Gambar PNG atau JPG (*.png *.jpg *.jpeg *.PNG *.JPG *.JPEG)"


class LogoKop(QWidget):
    """Shows the office logo; roles that may edit the office can choose or remove it.

    ``versi`` returns the office version the tab last loaded (the same check as the office form);
    ``changed`` carries the new :class:`kantor.OfficeInfo` after a change, ``stale`` asks the tab
    to reload after someone else changed the office meanwhile."""

    changed = Signal(object)
    stale = Signal()

    def __init__(self, actor: Actor, versi: Callable[[], int | None],
                 parent: QWidget | None = None,
                 kecamatan: Callable[[], int | None] = lambda: None) -> None:
        super().__init__(parent)
        self.actor = actor
        self.versi = versi
        self.kecamatan = kecamatan  # a Dinas database: whose office's logo
        self.can_edit = allowed(actor, Aksi.KANTOR_UBAH)
        self.path: Path | None = None

        self.preview = QLabel("")
        self.preview.setObjectName("pratinjauLogo")
        self.preview.setFixedSize(PRATINJAU, PRATINJAU)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setFrameShape(QFrame.Shape.StyledPanel)
        self.preview.setStyleSheet("background: white; color: gray;")
        self.preview.setWordWrap(True)
        self.choose_button = QPushButton("Pilih &logo...")
        self.choose_button.setToolTip("Logo dicetak di kiri kop surat pada setiap cetakan.")
        self.choose_button.clicked.connect(self.choose)
        self.remove_button = QPushButton("&Hapus logo")
        self.remove_button.clicked.connect(self.remove)
        for b in (self.choose_button, self.remove_button):
            b.setVisible(self.can_edit)
        note = QLabel("PNG atau JPG, paling besar 2 MB dan 4000 x 4000 piksel. PNG berlatar "
                      "transparan paling baik." if self.can_edit
                      else "Logo dicetak di kiri kop surat.")
        note.setWordWrap(True)

        side = QVBoxLayout()
        side.addWidget(note)
        buttons = QHBoxLayout()
        buttons.addWidget(self.choose_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        side.addLayout(buttons)
        side.addStretch(1)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.preview)
        row.addLayout(side, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel("Logo kop surat:"))
        layout.addLayout(row)

    def show_logo(self, path: Path | None) -> None:
        """Show the stored logo (``kantor.logo_path()``), or say there is none."""
        self.path = path
        pixmap = QPixmap(str(path)) if path is not None else QPixmap()
        if pixmap.isNull():
            self.preview.setPixmap(QPixmap())
            self.preview.setText("Belum ada logo" if path is None else "Logo tidak terbaca")
        else:
            self.preview.setText("")
            self.preview.setPixmap(pixmap.scaled(
                PRATINJAU - 8, PRATINJAU - 8, Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation))
        self.remove_button.setEnabled(path is not None)

    def has_logo(self) -> bool:
        return not self.preview.pixmap().isNull()

    def _start_folder(self) -> str:
        return QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.PicturesLocation) or str(Path.home())

    def choose(self) -> None:
        versi = self.versi()
        if not self.can_edit or versi is None:
            return
        chosen, _ = QFileDialog.getOpenFileName(self, "Pilih logo kop surat",
                                                self._start_folder(), FILTER)
        if not chosen:
            return
        self._apply(lambda: kantor.set_logo(self.actor, chosen, versi,
                                            kecamatan_id=self.kecamatan()),
                    "Logo kop surat disimpan. Cetakan berikutnya memuat logo ini.")

    def remove(self) -> None:
        versi = self.versi()
        if not self.can_edit or versi is None or self.path is None:
            return
        if not messages.confirm(self, "Hapus logo", "Hapus logo kop surat? Cetakan berikutnya "
                                "hanya memuat baris kop surat.", destructive=True):
            return
        self._apply(lambda: kantor.remove_logo(self.actor, versi, self.kecamatan()),
                    "Logo kop surat dihapus.")

    def _apply(self, change: Callable[[], kantor.OfficeInfo], done: str) -> None:
        try:
            info = change()
        except Conflict as exc:
            messages.show_error(self, exc, "Data kantor berubah")
            self.stale.emit()
            return
        except AppError as exc:
            messages.show_error(self, exc)
            return
        self.show_logo(kantor.logo_path(self.kecamatan()))
        self.changed.emit(info)
        messages.info(self, "Logo kop surat", done)
