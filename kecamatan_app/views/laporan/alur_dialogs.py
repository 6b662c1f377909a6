"""The camat's dialogs: a reason to return (or reopen) a report, and the approval with its paper.

:class:`AlasanDialog` calls the service itself on Simpan: a missing reason (the service's
ValidationError) is shown under the field and the dialog stays open with what was typed; any
other refusal is shown in a message and the dialog closes, so the page reloads. Tests fill the
fields and call ``accept()`` without ``exec()``.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from ...services.errors import AppError, ValidationError
from ...services.laporan import LaporanInfo
from .. import messages
from ..login import error_label, show_inline

PAPERS: tuple[tuple[str, str], ...] = (("A4", "&A4 (210 \u00d7 297 mm)"),
                                       ("F4", "&F4 / folio (215 \u00d7 330 mm)"))


def _buttons(dialog: QDialog, ok_text: str) -> tuple[QDialogButtonBox, QPushButton]:
    box = QDialogButtonBox()
    ok = QPushButton(ok_text)
    ok.setDefault(True)
    box.addButton(ok, QDialogButtonBox.ButtonRole.AcceptRole)
    box.addButton("Batal", QDialogButtonBox.ButtonRole.RejectRole)
    box.accepted.connect(dialog.accept)
    box.rejected.connect(dialog.reject)
    return box, ok


def _intro(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    return label


class AlasanDialog(QDialog):
    """Ask a required reason, then call ``save(alasan)``; its result is ``result_value``."""

    def __init__(self, title: str, intro: str, ok_text: str,
                 save: Callable[[str], LaporanInfo], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(480)
        self.save = save
        self.result_value: LaporanInfo | None = None
        self.failed = False  # the service refused for another reason than the field
        self.alasan = QPlainTextEdit()
        self.alasan.setObjectName("alasan")
        self.alasan.setTabChangesFocus(True)
        self.alasan.setPlaceholderText(
            "contoh: Uraian kegiatan tanggal 12 belum menyebut hasilnya; lampirkan foto "
            "kegiatan posyandu lansia.")
        label = QLabel("&Alasan (dibaca TKSK):")
        label.setBuddy(self.alasan)
        self.error = error_label()
        self.buttons, self.ok_button = _buttons(self, ok_text)
        layout = QVBoxLayout(self)
        layout.addWidget(_intro(intro))
        layout.addWidget(label)
        layout.addWidget(self.alasan, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.alasan.setFocus()

    def accept(self) -> None:
        show_inline(self.error, "")
        try:
            self.result_value = self.save(self.alasan.toPlainText())
        except ValidationError as exc:
            show_inline(self.error, str(exc))
            self.alasan.setFocus()
            return
        except AppError as exc:
            messages.show_error(self, exc, "Tidak dapat diproses")
            self.failed = True
            self.reject()
            return
        super().accept()


class SetujuiDialog(QDialog):
    """Confirm the approval: the paper of the archived PDF and an optional note."""

    def __init__(self, bulan_label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Setujui laporan bulanan")
        self.setMinimumWidth(480)
        intro = _intro(
            f"Setujui laporan bulanan {bulan_label}? PDF final dibuat sekarang dan diarsipkan "
            "dengan sidik SHA-256-nya; setiap cetak ulang sama persis dengan arsip itu. Setelah "
            "disetujui, laporan dan data kegiatan bulan itu terkunci; membukanya kembali perlu "
            "alasan.")
        self.paper_group = QButtonGroup(self)
        paper_row = QHBoxLayout()
        paper_row.addWidget(QLabel("Kertas arsip:"))
        self.paper_buttons: dict[str, QRadioButton] = {}
        for code, text in PAPERS:
            button = QRadioButton(text)
            self.paper_group.addButton(button)
            self.paper_buttons[code] = button
            paper_row.addWidget(button)
        paper_row.addStretch(1)
        self.paper_buttons["A4"].setChecked(True)
        self.catatan = QPlainTextEdit()
        self.catatan.setObjectName("catatan")
        self.catatan.setTabChangesFocus(True)
        self.catatan.setMaximumHeight(80)
        self.catatan.setPlaceholderText("Boleh kosong")
        note_label = QLabel("&Catatan persetujuan:")
        note_label.setBuddy(self.catatan)
        self.buttons, self.ok_button = _buttons(self, "&Setujui")
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(paper_row)
        layout.addWidget(note_label)
        layout.addWidget(self.catatan)
        layout.addWidget(self.buttons)

    def kertas(self) -> str:
        return next(code for code, b in self.paper_buttons.items() if b.isChecked())

    def set_kertas(self, code: str) -> None:
        self.paper_buttons[code].setChecked(True)

    def alasan(self) -> str:
        return self.catatan.toPlainText().strip()
