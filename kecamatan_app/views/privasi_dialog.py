"""The privacy notice (Bantuan > Pemberitahuan privasi, and Pengaturan > Perlindungan Data).

The text comes from :func:`services.privasi.pemberitahuan`, so what the dialog shows is what the
office has set (purpose, retention, roles, the data protection officer). "Salin teks" puts the
plain text on the clipboard, to paste into a letter or a notice board print-out.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ..services import privasi
from ..services.errors import AppError
from . import messages

JUDUL = "Pemberitahuan Privasi"


def notice_html(bagian: list[privasi.Bagian]) -> str:
    parts = [f"<h2>{JUDUL}</h2>"]
    for b in bagian:
        parts.append(f"<h3>{escape(b.judul)}</h3>")
        parts.extend(f"<p>{escape(p)}</p>" for p in b.paragraf)
        if b.butir:
            parts.append("<ul>" + "".join(f"<li>{escape(i)}</li>" for i in b.butir) + "</ul>")
    return "".join(parts)


class PrivasiDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(JUDUL)
        self.resize(680, 620)
        self.text = QTextBrowser()
        self.text.setObjectName("teksPrivasi")
        self.text.setOpenExternalLinks(False)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("&Tutup")
        self.copy_button = QPushButton("&Salin teks")
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.clicked.connect(self.copy)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)
        self.refresh()
        self.text.setFocus(Qt.FocusReason.OtherFocusReason)

    def refresh(self) -> None:
        self.text.setHtml(notice_html(privasi.pemberitahuan()))

    def plain_text(self) -> str:
        return self.text.toPlainText()

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(privasi.pemberitahuan_teks())


def show_privacy_notice(parent: QWidget | None) -> PrivasiDialog | None:
    """Open the notice (window-modal, not blocking); None when it cannot be read."""
    try:
        dialog = PrivasiDialog(parent)
    except AppError as exc:
        messages.show_error(parent, exc, "Pemberitahuan privasi")
        return None
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
