"""Preview of a candidate's document: an image scaled to the window, a PDF in Qt's own PDF view
(QtPdf), or, when QtPdf is missing, a temporary copy opened with the system's viewer."""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QPixmap, QResizeEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ...services import berkas
from ...services.context import Actor
from .. import messages

log = logging.getLogger(__name__)


class _ScaledImage(QLabel):
    """An image that fits the window, never enlarged beyond its own size."""

    def __init__(self, pixmap: QPixmap) -> None:
        super().__init__()
        self.original = pixmap
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setMinimumSize(1, 1)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        size = self.size().boundedTo(self.original.size())
        self.setPixmap(
            self.original.scaled(
                size,
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        )


class PratinjauDialog(QDialog):
    def __init__(self, actor: Actor, row: berkas.BerkasRow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Pratinjau: {row.jenis} \u2014 {row.nama_berkas}")
        self.resize(820, 700)
        self.kind = ""
        self._buffer: QBuffer | None = None
        layout = QVBoxLayout(self)
        data, mime, name = berkas.content(actor, row.id)
        self.viewer = self._viewer(data, mime, name)
        layout.addWidget(self.viewer, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _viewer(self, data: bytes, mime: str, name: str) -> QWidget:
        if mime.startswith("image/"):
            pixmap = QPixmap()
            if pixmap.loadFromData(data):
                self.kind = "gambar"
                scroll = QScrollArea()
                scroll.setWidgetResizable(True)
                scroll.setWidget(_ScaledImage(pixmap))
                return scroll
        elif mime == "application/pdf":
            view = self._pdf_view(data)
            if view is not None:
                self.kind = "pdf"
                return view
        self.kind = "luar"
        return self._open_outside(data, name)

    def _pdf_view(self, data: bytes) -> QWidget | None:
        try:
            from PySide6.QtPdf import QPdfDocument
            from PySide6.QtPdfWidgets import QPdfView
        except ImportError:
            return None
        self._buffer = QBuffer(self)
        self._buffer.setData(QByteArray(data))
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        document = QPdfDocument(self)
        document.load(self._buffer)
        if document.status() != QPdfDocument.Status.Ready:
            return None
        view = QPdfView(self)
        view.setDocument(document)
        view.setPageMode(QPdfView.PageMode.MultiPage)
        view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.document = document
        return view

    def _open_outside(self, data: bytes, name: str) -> QWidget:
        """Write a temporary copy and hand it to the system's viewer."""
        suffix = Path(name).suffix or ".bin"
        with tempfile.NamedTemporaryFile(
            prefix="pratinjau-", suffix=suffix, delete=False
        ) as handle:
            handle.write(data)
        path = Path(handle.name)
        label = QLabel(
            f"Berkas {name} dibuka dengan aplikasi penampil di komputer ini.\n"
            f"Salinan sementara: {path}"
        )
        label.setWordWrap(True)
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
            messages.warning(
                self,
                "Pratinjau",
                f"Tidak ada aplikasi untuk membuka berkas {name}. Salinannya ada di:\n{path}",
            )
        return label
