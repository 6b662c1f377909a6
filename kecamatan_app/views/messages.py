"""Every message to the user goes through here, and is logged too."""

from __future__ import annotations

import logging

from PySide6.QtWidgets import QMessageBox, QWidget

from ..services.errors import AppError, ValidationError

log = logging.getLogger("kecamatan_app.pesan")


def info(parent: QWidget | None, title: str, text: str) -> None:
    log.info("%s: %s", title, text)
    QMessageBox.information(parent, title, text)


def warning(parent: QWidget | None, title: str, text: str) -> None:
    log.warning("%s: %s", title, text)
    QMessageBox.warning(parent, title, text)


def error(parent: QWidget | None, title: str, text: str) -> None:
    log.error("%s: %s", title, text)
    QMessageBox.critical(parent, title, text)


def confirm(parent: QWidget | None, title: str, text: str, *, destructive: bool = False) -> bool:
    """Ask Ya/Tidak; the safe answer (Tidak) is the default for destructive actions."""
    default = QMessageBox.StandardButton.No if destructive else QMessageBox.StandardButton.Yes
    answer = QMessageBox.question(
        parent, title, text,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, default)
    log.info("%s: %s -> %s", title, text, "ya" if answer == QMessageBox.StandardButton.Yes
             else "tidak")
    return answer == QMessageBox.StandardButton.Yes


def show_error(parent: QWidget | None, exc: BaseException, title: str = "Tidak dapat disimpan"
               ) -> None:
    """Show a user-caused error's Indonesian message; anything else is a bug: log its trace."""
    if isinstance(exc, AppError):
        if isinstance(exc, ValidationError):
            title = "Periksa isian"
        warning(parent, title, str(exc))
    else:
        log.error("Kesalahan tak terduga", exc_info=exc)
        error(parent, "Terjadi kesalahan",
              f"Terjadi kesalahan yang tidak terduga: {exc}\n\nRinciannya tercatat di berkas log.")
