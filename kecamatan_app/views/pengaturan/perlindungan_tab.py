"""Pengaturan > Perlindungan Data: the data protection officer (UU 27/2022 Pasal 53) and the
purpose and basis of processing that the privacy notice names, the notice itself, and the
subject-access request (Pasal 32): one NIK in, a PDF of everything held about it out.

Roles without the right to change settings see the form read-only; the access-report group is
shown only to roles that may print it (``Aksi.AKSES_SUBJEK``). The services check both rights
again. Simpan writes only what changed; each change is an audit entry of the settings service.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...services import akses_subjek, settings
from ...services.context import Actor
from ...services.errors import AppError, ValidationError
from ...services.permissions import Aksi, allowed
from .. import messages
from ..privasi_dialog import PrivasiDialog, show_privacy_notice
from ..tasks import Task, run_task
from ..tksk.cetak import PAPERS, ask_pdf_path, file_name
from .common import error_label, show_inline

#: The form's settings: (key, label with mnemonic, multi-line).
FIELDS: tuple[tuple[str, str, bool], ...] = (
    ("dpo.nama", "&Nama:", False),
    ("dpo.jabatan", "&Jabatan:", False),
    ("dpo.kontak", "&Kontak:", False),
    ("privasi.tujuan", "T&ujuan dan dasar pemrosesan:", True),
)
INTRO = (
    "UU 27/2022 tentang Pelindungan Data Pribadi mewajibkan kantor yang mengolah data pribadi "
    "untuk pelayanan publik menunjuk pejabat pelindungan data pribadi (Pasal 53) dan memberi "
    "tahu tujuan serta dasar pemrosesan. Isian di bawah tampil di pemberitahuan privasi (menu "
    "Bantuan) dan di setiap laporan akses subjek data."
)
AKSES_NOTE = (
    "Pemilik data berhak mendapat salinan semua data pribadinya beserta riwayat pemrosesannya "
    "paling lambat 3 x 24 jam sejak meminta (Pasal 32). Periksa KTP pemohon, ketik NIK-nya, "
    "lalu buat laporan PDF dan serahkan kepada pemohon. Pembuatan laporan tercatat di jejak "
    "audit."
)


class PerlindunganTab(QWidget):
    def __init__(self, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        self.can_edit = allowed(actor, Aksi.PENGATURAN_UBAH)
        self.can_report = allowed(actor, Aksi.AKSES_SUBJEK)
        self.fields: dict[str, QLineEdit | QPlainTextEdit] = {}
        self.field_errors: dict[str, QLabel] = {}
        self.loaded: dict[str, str] = {}
        self.task: Task | None = None
        self.last_path: Path | None = None
        self.notice: PrivasiDialog | None = None
        intro = QLabel(INTRO)
        intro.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self._form_box())
        layout.addLayout(self._buttons())
        self.akses_box: QGroupBox | None = None
        if self.can_report:
            self.akses_box = self._akses_box()
            layout.addWidget(self.akses_box)
        layout.addStretch(1)
        self.refresh()

    # -- building ---------------------------------------------------------------------------
    def _form_box(self) -> QGroupBox:
        box = QGroupBox("Pejabat pelindungan data pribadi dan tujuan pemrosesan")
        form = QFormLayout(box)
        for key, text, multi in FIELDS:
            edit: QLineEdit | QPlainTextEdit
            if multi:
                edit = QPlainTextEdit()
                edit.setTabChangesFocus(True)
                edit.setMinimumHeight(110)
                edit.textChanged.connect(self._changed)
            else:
                edit = QLineEdit()
                edit.textChanged.connect(self._changed)
            edit.setObjectName(key)
            edit.setReadOnly(not self.can_edit)
            edit.setToolTip(settings.SETTINGS[key].label)
            error = error_label()
            cell = QWidget()
            column = QVBoxLayout(cell)
            column.setContentsMargins(0, 0, 0, 0)
            column.addWidget(edit)
            column.addWidget(error)
            label = QLabel(text)
            label.setBuddy(edit)
            label.setWordWrap(True)
            form.addRow(label, cell)
            self.fields[key] = edit
            self.field_errors[key] = error
        self.fields["dpo.kontak"].setPlaceholderText("telepon, surel dan/atau alamat kantor")
        if not self.can_edit:
            note = QLabel("Peran Anda hanya dapat melihat pengaturan ini.")
            note.setStyleSheet("color: palette(placeholder-text);")
            form.addRow("", note)
        return box

    def _buttons(self) -> QHBoxLayout:
        self.notice_button = QPushButton("Lihat pemberitahuan &privasi...")
        self.notice_button.clicked.connect(self.show_notice)
        self.reload_button = QPushButton("&Muat ulang")
        self.reload_button.clicked.connect(self.refresh)
        self.save_button = QPushButton("&Simpan")
        self.save_button.clicked.connect(self.save)
        self.reload_button.setVisible(self.can_edit)
        self.save_button.setVisible(self.can_edit)
        row = QHBoxLayout()
        row.addWidget(self.notice_button)
        row.addStretch(1)
        row.addWidget(self.reload_button)
        row.addWidget(self.save_button)
        return row

    def _akses_box(self) -> QGroupBox:
        box = QGroupBox("Permintaan akses subjek data (UU 27/2022 Pasal 32)")
        note = QLabel(AKSES_NOTE)
        note.setWordWrap(True)
        self.nik_edit = QLineEdit()
        self.nik_edit.setObjectName("nik_pemohon")
        self.nik_edit.setPlaceholderText("16 angka NIK pemohon")
        self.nik_edit.setMaxLength(24)
        self.nik_edit.returnPressed.connect(self.make_report)
        self.nik_error = error_label()
        self.paper = QComboBox()
        for code, text in PAPERS:
            self.paper.addItem(text, code)
        self.report_button = QPushButton("Buat laporan P&DF...")
        self.report_button.clicked.connect(self.make_report)
        nik_label = QLabel("N&IK pemohon:")
        nik_label.setBuddy(self.nik_edit)
        paper_label = QLabel("K&ertas:")
        paper_label.setBuddy(self.paper)
        row = QHBoxLayout()
        row.addWidget(nik_label)
        row.addWidget(self.nik_edit, 1)
        row.addWidget(paper_label)
        row.addWidget(self.paper)
        row.addWidget(self.report_button)
        layout = QVBoxLayout(box)
        layout.addWidget(note)
        layout.addLayout(row)
        layout.addWidget(self.nik_error)
        return box

    # -- the form ---------------------------------------------------------------------------
    def value(self, key: str) -> str:
        edit = self.fields[key]
        text = edit.toPlainText() if isinstance(edit, QPlainTextEdit) else edit.text()
        return text.strip()

    def set_field(self, key: str, value: Any) -> None:
        edit = self.fields[key]
        if isinstance(edit, QPlainTextEdit):
            edit.setPlainText(str(value))
        else:
            edit.setText(str(value))

    def changed_keys(self) -> list[str]:
        return [k for k in self.fields if self.value(k) != self.loaded.get(k)]

    def _changed(self) -> None:
        self.save_button.setEnabled(self.can_edit and bool(self.changed_keys()))

    def _clear_errors(self) -> None:
        for label in self.field_errors.values():
            show_inline(label, "")

    def refresh(self) -> None:
        self.loaded = {key: str(settings.get(key)).strip() for key in self.fields}
        for key, value in self.loaded.items():
            self.set_field(key, value)
        self._clear_errors()
        self._changed()

    def save(self) -> None:
        self._clear_errors()
        changed = self.changed_keys()
        if not changed or not self.can_edit:
            return
        for key in changed:
            try:
                settings.set_value(self.actor, key, self.value(key))
            except ValidationError as exc:
                show_inline(self.field_errors[key], str(exc))
                self.fields[key].setFocus()
                return
            except AppError as exc:
                messages.show_error(self, exc)
                return
        self.refresh()
        messages.info(self, "Perlindungan data", f"{len(changed)} pengaturan disimpan.")

    def show_notice(self) -> PrivasiDialog | None:
        self.notice = show_privacy_notice(self)
        return self.notice

    # -- the subject-access report ----------------------------------------------------------
    def make_report(self, path: Path | None = None) -> Task | None:
        """Check the NIK, ask where to save, write the PDF off the GUI thread, then offer to
        open it."""
        show_inline(self.nik_error, "")
        try:
            nik = akses_subjek.bersihkan_nik(self.nik_edit.text())
        except ValidationError as exc:
            show_inline(self.nik_error, str(exc))
            self.nik_edit.setFocus()
            self.nik_edit.selectAll()
            return None
        target = path or ask_pdf_path(self.window(), file_name("laporan akses subjek", ".pdf"))
        if target is None:
            return None
        kertas = str(self.paper.currentData())
        actor = self.actor

        def done(result: object) -> None:
            assert isinstance(result, akses_subjek.Laporan)
            self.last_path = result.path
            self.nik_edit.clear()
            head = ("Tidak ada data pribadi dengan NIK ini. Laporan kosong tetap tersimpan "
                    "sebagai jawaban atas permintaan" if result.data.kosong
                    else "Laporan data pribadi tersimpan")
            hidden = (f"\n\nPerhatian: {result.data.disembunyikan} catatan data spesifik "
                      "disembunyikan karena peran Anda tidak berhak melihatnya. Minta pengguna "
                      "yang berhak mencetak ulang sebelum laporan diserahkan."
                      if result.data.disembunyikan else "")
            if messages.confirm(self, "Laporan akses subjek selesai",
                                f"{head} di:\n{result.path}{hidden}\n\nBuka sekarang?"):
                QDesktopServices.openUrl(QUrl.fromLocalFile(str(result.path)))

        def failed(exc: BaseException) -> None:
            messages.show_error(self, exc, "Laporan akses subjek gagal")

        self.task = run_task(
            self, "Menyusun laporan akses subjek data",
            lambda progress: akses_subjek.buat_laporan(actor, nik, target, kertas=kertas),
            done, failed)
        return self.task
