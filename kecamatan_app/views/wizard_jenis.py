"""The first page of the set-up wizard: a kecamatan office, or the Dinas Sosial of a
kabupaten/kota (every kecamatan of it in one database, :mod:`services.dinas`)."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QCompleter,
    QFormLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWizardPage,
)

from ..services import wilayah
from ..services.errors import AppError
from .login import error_label, show_inline


class JenisPage(QWizardPage):
    """The first choice: a kecamatan office, or the Dinas Sosial of a kabupaten/kota (every
    kecamatan in one database, chosen with the kabupaten picker)."""

    def __init__(self, page_kecamatan: int, page_admin: int) -> None:
        super().__init__()
        self.setTitle("Jenis basis data")
        self.setSubTitle("Pilih untuk siapa basis data ini disiapkan. Pilihan ini tidak dapat "
                         "diubah kemudian.")
        self._next = (page_kecamatan, page_admin)
        self.form = QFormLayout()
        self.layout_ = QVBoxLayout(self)
        self.layout_.addLayout(self.form)
        self.kecamatan = QRadioButton("&Kantor kecamatan (satu kecamatan)")
        self.dinas = QRadioButton("&Dinas Sosial kabupaten/kota (semua kecamatan)")
        self.kecamatan.setChecked(True)
        group = QButtonGroup(self)
        for button in (self.kecamatan, self.dinas):
            group.addButton(button)
            self.form.addRow(button)
            button.toggled.connect(self._changed)
        self.kab: wilayah.KabupatenKota | None = None
        kabupaten = {k.kabupaten.kode: k.kabupaten for k in wilayah.all_kecamatan()}
        self._codes = {f"{k.nama}, {k.provinsi.nama} ({k.kode})": k.kode
                       for k in sorted(kabupaten.values(), key=lambda k: k.kode)}
        edit = QLineEdit()
        edit.setPlaceholderText("contoh: 16.03 atau Muara Enim")
        self.label = QLabel("&Kabupaten/kota: *")
        self.label.setBuddy(edit)
        self.form.addRow(self.label, edit)
        self.edit = edit
        edit.textChanged.connect(self.completeChanged)
        completer = QCompleter(list(self._codes), self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setMaxVisibleItems(12)
        edit.setCompleter(completer)
        edit.textChanged.connect(lambda: self.resolve(final=False))
        edit.editingFinished.connect(lambda: self.resolve(final=True))
        self.error = error_label()
        self.summary = QLabel("")
        self.summary.setObjectName("ringkasanKabupaten")
        self.summary.setWordWrap(True)
        note = QLabel(
            "Basis data Dinas Sosial memuat semua kecamatan kabupaten/kota itu dengan desanya. "
            "Pengguna kecamatan hanya melihat data kecamatannya; peran Dinas Sosial melihat "
            "semua kecamatan. Untuk beberapa komputer pakai server PostgreSQL "
            "(docs/dinas-sosial.md).")
        note.setWordWrap(True)
        for widget in (self.error, self.summary, note):
            self.layout_.addWidget(widget)
        self.layout_.addStretch(1)
        self._changed()

    @property
    def is_dinas(self) -> bool:
        return self.dinas.isChecked()

    def _changed(self) -> None:
        self.edit.setEnabled(self.is_dinas)
        self.label.setEnabled(self.is_dinas)
        self.completeChanged.emit()

    def _lookup(self, text: str) -> tuple[wilayah.KabupatenKota | None, str]:
        text = " ".join(text.split())
        if not text:
            return None, ""
        if text in self._codes:
            return wilayah.get_kabupaten(self._codes[text]), ""
        if re.fullmatch(r"[\d.\s]+", text):
            try:
                return wilayah.get_kabupaten(text), ""
            except AppError as exc:
                return None, str(exc)
        folded = text.casefold()
        same = [c for label, c in self._codes.items()
                if label.split(",")[0].casefold() in (folded, f"kabupaten {folded}",
                                                      f"kota {folded}")]
        if len(same) == 1:
            return wilayah.get_kabupaten(same[0]), ""
        if same:
            return None, (f"Ada {len(same)} kabupaten/kota bernama {text}. Pilih yang benar "
                          "dari daftar (nama provinsi ikut tertulis).")
        return None, ("Kabupaten/kota tidak ditemukan. Ketik kode Kemendagri (contoh: 16.03) "
                      "atau pilih namanya dari daftar.")

    def resolve(self, final: bool) -> None:
        ref, problem = self._lookup(self.edit.text())
        show_inline(self.error, problem if (final or ref) else "")
        if ref != self.kab:
            self.kab = ref
            if ref is None:
                self.summary.setText("")
            else:
                kec = wilayah.kecamatan_of_kabupaten(ref.kode)
                n_desa = sum(len(wilayah.desa_of(k.kode)) for k in kec)
                self.summary.setText(
                    f"{ref.nama}, Provinsi {ref.provinsi.nama}: {len(kec)} kecamatan dan "
                    f"{n_desa} desa/kelurahan akan dibuat.")
            self.completeChanged.emit()

    def isComplete(self) -> bool:
        return not self.is_dinas or self.kab is not None

    def validatePage(self) -> bool:
        return self.isComplete()

    def nextId(self) -> int:
        return self._next[1] if self.is_dinas else self._next[0]

    def focus_field(self, field: str) -> None:
        if field == "kabupaten_kode":
            self.edit.setFocus()
            self.edit.selectAll()

