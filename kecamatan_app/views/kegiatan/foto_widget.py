"""The documentation photos of an activity: thumbnails in a row, a caption under each, remove.

New files are only listed here (with a thumbnail read by Qt); the service checks, shrinks and
strips them when the activity is saved. Stored photos show their stored thumbnail.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QSize, QStandardPaths, Qt, Signal
from PySide6.QtGui import QImageReader, QPixmap
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ...services import kegiatan
from ...services.context import Actor
from ...services.errors import AppError
from ...services.kegiatan_periksa import FotoData
from .kegiatan_widgets import hint_label

THUMB = QSize(150, 112)
FILTER = "Foto (*.jpg *.jpeg *.png *.webp *.JPG *.JPEG *.PNG *.WEBP)"


@dataclass
class _Foto:
    id: int | None
    path: str
    card: QFrame
    caption: QLineEdit


def _scaled(pixmap: QPixmap) -> QPixmap:
    return pixmap.scaled(THUMB, Qt.AspectRatioMode.KeepAspectRatio,
                         Qt.TransformationMode.SmoothTransformation)


def file_thumbnail(path: str) -> QPixmap | None:
    """A thumbnail of a picture file (turned upright by its EXIF), None when unreadable."""
    reader = QImageReader(path)
    reader.setAutoTransform(True)
    size = reader.size()
    if size.isValid() and size.width() > 0:
        reader.setScaledSize(size.scaled(THUMB, Qt.AspectRatioMode.KeepAspectRatio))
    image = reader.read()
    return None if image.isNull() else QPixmap.fromImage(image)


class FotoEditor(QWidget):
    changed = Signal()

    def __init__(self, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        self.items: list[_Foto] = []
        self.editable = True
        self.add_button = QPushButton("Tambah &foto...")
        self.add_button.clicked.connect(self.choose_files)
        self.count_label = QLabel()
        self.strip = QWidget()
        self.row = QHBoxLayout(self.strip)
        self.row.setContentsMargins(2, 2, 2, 2)
        self.row.addStretch(1)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setWidget(self.strip)
        self.scroll_area.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll_area.setMinimumHeight(THUMB.height() + 86)
        self.empty = hint_label("Belum ada foto. Tambahkan foto kegiatan (JPG, PNG atau WebP).")
        self.row.insertWidget(0, self.empty)
        self.note = hint_label("Saat disimpan, foto diperkecil dan data lokasi (GPS) serta data "
                               "kamera dihapus.")
        top = QHBoxLayout()
        top.addWidget(self.add_button)
        top.addWidget(self.count_label)
        top.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.scroll_area)
        layout.addWidget(self.note)
        self.setFocusProxy(self.add_button)
        self._update()

    # -- editing ---------------------------------------------------------------------------
    def choose_files(self) -> None:
        folder = QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.PicturesLocation) or str(Path.home())
        paths, _ = QFileDialog.getOpenFileNames(self, "Pilih foto kegiatan", folder, FILTER)
        self.add_files(paths)

    def add_files(self, paths: list[str]) -> None:
        known = {f.path for f in self.items if f.path}
        for path in paths:
            if path and path not in known:
                self._add(None, path, "", file_thumbnail(path))
                known.add(path)
        self._update()

    def _add(self, foto_id: int | None, path: str, caption: str,
             pixmap: QPixmap | None) -> None:
        card = QFrame()
        card.setFrameShape(QFrame.Shape.StyledPanel)
        card.setFixedWidth(THUMB.width() + 16)
        image = QLabel()
        image.setFixedSize(THUMB)
        image.setAlignment(Qt.AlignmentFlag.AlignCenter)
        if pixmap is not None:
            image.setPixmap(_scaled(pixmap))
        else:
            image.setText("(pratinjau\ntidak tersedia)")
            image.setStyleSheet("color: palette(placeholder-text); border: 1px dashed #aaa;")
        name = QLabel(Path(path).name if path else "tersimpan")
        name.setStyleSheet("color: palette(placeholder-text);")
        name.setToolTip(path or "Foto yang sudah tersimpan")
        edit = QLineEdit()
        edit.setMaxLength(200)
        edit.setText(caption)
        edit.setCursorPosition(0)  # show the start of a long caption
        edit.setPlaceholderText("keterangan foto")
        edit.setToolTip("Keterangan foto (contoh: Penyaluran BPNT di Balai Desa)")
        edit.textChanged.connect(lambda _t: self.changed.emit())
        remove = QToolButton()
        remove.setText("Hapus")
        remove.setToolTip("Lepaskan foto ini dari kegiatan")
        item = _Foto(foto_id, path, card, edit)
        remove.clicked.connect(lambda: self.remove(item))
        head = QHBoxLayout()
        head.setContentsMargins(0, 0, 0, 0)
        head.addWidget(name, 1)
        head.addWidget(remove)
        box = QVBoxLayout(card)
        box.setContentsMargins(6, 6, 6, 6)
        box.setSpacing(3)
        box.addWidget(image)
        box.addLayout(head)
        box.addWidget(edit)
        remove.setVisible(self.editable)
        edit.setReadOnly(not self.editable)
        self.row.insertWidget(self.row.count() - 1, card)
        self.items.append(item)

    def remove(self, item: _Foto) -> None:
        if item in self.items:
            self.items.remove(item)
            item.card.setParent(None)
            item.card.deleteLater()
            self._update()

    def _update(self) -> None:
        self.empty.setVisible(not self.items)
        n = len(self.items)
        self.count_label.setText(f"{n} foto" if n else "")
        self.changed.emit()

    # -- data ------------------------------------------------------------------------------
    def set_value(self, fotos: list[FotoData]) -> None:
        """Show ``fotos``: stored ones with their stored thumbnail, new ones from the file."""
        for item in list(self.items):
            self.remove(item)
        for f in fotos:
            pixmap = None
            if f.id is not None:
                try:
                    data = kegiatan.photo_bytes(self.actor, f.id, miniatur=True)
                    pixmap = QPixmap()
                    if not pixmap.loadFromData(data):
                        pixmap = None
                except AppError:
                    pixmap = None
            elif f.path:
                pixmap = file_thumbnail(f.path)
            self._add(f.id, f.path, f.keterangan, pixmap)
        self._update()

    def value(self) -> list[FotoData]:
        return [FotoData(f.id, "" if f.id is not None else f.path, f.caption.text())
                for f in self.items]

    def captions(self) -> list[QLineEdit]:
        return [f.caption for f in self.items]

    def set_editable(self, on: bool) -> None:
        self.editable = on
        self.add_button.setVisible(on)
        self.note.setVisible(on)
        for f in self.items:
            f.caption.setReadOnly(not on)
            for button in f.card.findChildren(QToolButton):
                button.setVisible(on)
