"""Pengaturan laporan (administrator): the title lines, which sections print, the deadline day
and the default texts of new reports (BAB I, BAB IV, tembusan).

Every value is checked by its declared setting first (a bad title template is refused before
anything is written), then only the changed ones are saved, each an audit entry. The default
texts apply to reports started afterwards; the title and sections to every print that is not an
approved report's archive.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ...services import settings
from ...services.context import Actor
from ...services.errors import AppError, DatabaseError, ValidationError
from .. import messages
from ..login import error_label, show_inline

#: Section code -> what the check box says.
BAGIAN_LABEL: dict[str, str] = {
    "identitas": "Identitas TKSK",
    "pendahuluan": "BAB I Pendahuluan",
    "kegiatan": "BAB II Tabel kegiatan",
    "rekap": "BAB II Rekapitulasi",
    "kendala": "BAB III Kendala dan tindak lanjut",
    "penutup": "BAB IV Penutup",
    "tanda_tangan": "Tanda tangan (TKSK dan Camat)",
    "tembusan": "Tembusan",
    "lampiran_foto": "Lampiran foto kegiatan",
    "riwayat": "Riwayat pengajuan dan persetujuan",
}
TEXT_KEYS = ("laporan.judul", "laporan.pendahuluan", "laporan.penutup", "laporan.tembusan")


def _text_edit(height: int) -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.setTabChangesFocus(True)
    edit.setMinimumHeight(height)
    return edit


class PengaturanLaporanDialog(QDialog):
    def __init__(self, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        self.setWindowTitle("Pengaturan laporan bulanan")
        self.setMinimumSize(620, 560)
        self.saved_count = 0
        self.texts: dict[str, QPlainTextEdit] = {
            "laporan.judul": _text_edit(90),
            "laporan.pendahuluan": _text_edit(200),
            "laporan.penutup": _text_edit(70),
            "laporan.tembusan": _text_edit(90),
        }
        for key, edit in self.texts.items():
            edit.setObjectName(key)
        limit = settings.SETTINGS["laporan.batas_hari"]
        self.batas = QSpinBox()
        self.batas.setObjectName("laporan.batas_hari")
        self.batas.setRange(limit.minimum or 1, limit.maximum or 28)
        self.batas.setPrefix("tanggal ")
        self.bagian = {code: QCheckBox(text) for code, text in BAGIAN_LABEL.items()
                       if code in settings.BAGIAN_LAPORAN}
        for code in settings.BAGIAN_LAPORAN:  # a section added later still gets a box
            self.bagian.setdefault(code, QCheckBox(code))

        tabs = QTabWidget()
        tabs.addTab(self._tampilan_tab(), "&Judul dan bagian")
        tabs.addTab(self._teks_tab(), "&Teks bawaan")
        self.error = error_label()
        self.buttons = QDialogButtonBox()
        self.save_button = QPushButton("&Simpan")
        self.save_button.setDefault(True)
        self.buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton("Batal", QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(tabs, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.tabs = tabs
        self.load()

    def _tampilan_tab(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        judul = QLabel("Ba&ris judul laporan (satu baris per baris cetak):")
        judul.setBuddy(self.texts["laporan.judul"])
        form.addRow(judul, self.texts["laporan.judul"])
        hint = QLabel("Kata yang diganti saat mencetak: {kecamatan}, {kabupaten}, {bulan}, "
                      "{tahun}.")
        hint.setStyleSheet("color: palette(placeholder-text);")
        form.addRow(hint)
        box = QGroupBox("Bagian yang dicetak")
        grid = QGridLayout(box)
        for i, check in enumerate(self.bagian.values()):
            grid.addWidget(check, i // 2, i % 2)
        form.addRow(box)
        batas = QLabel("&Batas pengajuan laporan, pada bulan berikutnya:")
        batas.setBuddy(self.batas)
        form.addRow(batas, self.batas)
        return page

    def _teks_tab(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        intro = QLabel("Teks ini dipakai untuk laporan yang mulai disusun sesudah disimpan; "
                       "laporan yang sudah ada tidak berubah.")
        intro.setWordWrap(True)
        form.addRow(intro)
        for key, text in (("laporan.pendahuluan", "BAB I &Pendahuluan:"),
                          ("laporan.penutup", "BAB IV Pe&nutup:"),
                          ("laporan.tembusan", "T&embusan (satu penerima per baris):")):
            label = QLabel(text)
            label.setBuddy(self.texts[key])
            form.addRow(label, self.texts[key])
        return page

    # -- values -----------------------------------------------------------------------------
    def load(self) -> None:
        self.loaded: dict[str, Any] = {key: settings.get(key) for key in settings.SETTINGS
                                       if key.startswith("laporan.")}
        for key, edit in self.texts.items():
            edit.setPlainText(str(self.loaded[key]))
        self.batas.setValue(int(self.loaded["laporan.batas_hari"]))
        chosen = {b.strip() for b in str(self.loaded["laporan.bagian"]).split(",")}
        for code, check in self.bagian.items():
            check.setChecked(code in chosen)

    def values(self) -> dict[str, Any]:
        out: dict[str, Any] = {key: edit.toPlainText() for key, edit in self.texts.items()}
        out["laporan.batas_hari"] = self.batas.value()
        out["laporan.bagian"] = ",".join(c for c in settings.BAGIAN_LAPORAN
                                         if self.bagian[c].isChecked())
        return out

    def _field(self, key: str) -> QWidget:
        if key in self.texts:
            return self.texts[key]
        if key == "laporan.bagian":
            return next(iter(self.bagian.values()))
        return self.batas

    def _show_problem(self, key: str, exc: ValidationError) -> None:
        show_inline(self.error, str(exc))
        widget = self._field(key)
        self.tabs.setCurrentIndex(1 if key in TEXT_KEYS[1:] else 0)
        widget.setFocus()

    def accept(self) -> None:
        """Check every value, then save the changed ones; stay open on a refused value."""
        show_inline(self.error, "")
        changed: dict[str, Any] = {}
        for key, value in self.values().items():
            try:
                clean = settings.SETTINGS[key].coerce(value)
            except ValidationError as exc:
                self._show_problem(key, exc)
                return
            if clean != self.loaded[key]:
                changed[key] = clean
        for key, value in changed.items():
            try:
                settings.set_value(self.actor, key, value)
            except ValidationError as exc:
                self._show_problem(key, exc)
                return
            except DatabaseError as exc:  # locked or read-only for now: keep the input
                messages.show_error(self, exc)
                return
            except AppError as exc:
                messages.show_error(self, exc)
                self.reject()
                return
            self.saved_count += 1
            self.loaded[key] = value
        if changed:
            messages.info(self, "Pengaturan laporan", f"{len(changed)} pengaturan disimpan.")
        super().accept()
