"""Add or edit one row of a reference list (PPKS/PSKS with their aliases, forms with their
function, agencies with their contact, ...)."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QLineEdit, QPlainTextEdit, QWidget

from ...services import referensi
from ...services.context import Actor
from .form_dialog import FormDialog

SATUAN = ("jiwa", "KK", "lembaga")
ALIAS_KEYS = ("ppks", "psks")


def text_box(text: str = "", height: int = 70) -> QPlainTextEdit:
    box = QPlainTextEdit(text)
    box.setTabChangesFocus(True)
    box.setFixedHeight(height)
    return box


class RefDialog(FormDialog):
    def __init__(
        self, actor: Actor, key: str, row: referensi.RefRow | None, parent: QWidget | None = None
    ) -> None:
        d = referensi.LISTS[key]
        title = f"Tambah: {d.label}" if row is None else f"Ubah: {d.label}"
        intro = ""
        if row is not None and row.bawaan:
            intro = (
                "Baris bawaan aplikasi: kodenya tetap; nama dan keterangan boleh diubah, "
                "atau nonaktifkan agar tidak muncul di pilihan."
            )
        super().__init__(title, intro, parent)
        self.actor, self.key, self.row = actor, key, row
        self.kode = QLineEdit(row.kode if row else "")
        self.kode.setReadOnly(bool(row and row.bawaan))
        self.kode.setPlaceholderText(
            "angka, contoh: 27"
            if key in ALIAS_KEYS
            else "huruf kecil dan garis bawah, contoh: dinas_ppa"
        )
        self.nama = QLineEdit(row.nama if row else "")
        self.keterangan = text_box(row.keterangan if row else "")
        self.aktif = QCheckBox("&Aktif (muncul di pilihan)")
        self.aktif.setChecked(row.aktif if row else True)
        self.add_row("&Kode:", self.kode, "kode")
        self.add_row("&Nama:", self.nama, "nama")

        self.fungsi: QComboBox | None = None
        if key == "bentuk":
            if row is None:
                self.fungsi = QComboBox()
                for fungsi_id, nama in referensi.fungsi_choices():
                    self.fungsi.addItem(nama, fungsi_id)
                self.add_row("&Fungsi:", self.fungsi, "fungsi")
            else:
                self.form.addRow("Fungsi:", QLabel(row.induk))

        self.extra: dict[str, QLineEdit | QComboBox] = {}
        for field, label in referensi.LISTS[key].extra:
            value = row.extra.get(field, "") if row else ""
            widget: QLineEdit | QComboBox
            if field == "satuan":
                widget = QComboBox()
                widget.addItems(SATUAN)
                widget.setCurrentIndex(max(widget.findText(value or "jiwa"), 0))
            else:
                widget = QLineEdit(value)
            self.extra[field] = widget
            self.add_row(f"{label}:", widget, field)

        self.add_row("Ke&terangan:", self.keterangan, "keterangan")
        self.alias: QPlainTextEdit | None = None
        if key in ALIAS_KEYS:
            self.alias = text_box("\n".join(row.alias) if row else "", 90)
            self.add_row("A&lias:", self.alias, "alias")
            self.add_note(
                "Nama lain yang dipakai desa atau di berkas impor, satu per baris "
                "(contoh: Lansia Terlantar)."
            )
        self.form.addRow("", self.aktif)
        (self.nama if row is not None and row.bawaan else self.kode).setFocus()

    def set_alias(self, names: list[str]) -> None:
        if self.alias is not None:
            self.alias.setPlainText("\n".join(names))

    def save(self) -> referensi.RefRow:
        extra = {
            f: (w.currentText() if isinstance(w, QComboBox) else w.text().strip())
            for f, w in self.extra.items()
        }
        alias = None
        if self.alias is not None:
            alias = [line.strip() for line in self.alias.toPlainText().splitlines() if line.strip()]
        fungsi_id = None
        if self.fungsi is not None and self.fungsi.currentIndex() >= 0:
            fungsi_id = int(self.fungsi.currentData())
        return referensi.save(
            self.actor,
            self.key,
            self.row.id if self.row else None,
            self.kode.text(),
            self.nama.text(),
            self.keterangan.toPlainText().strip(),
            self.aktif.isChecked(),
            extra,
            alias,
            fungsi_id,
            versi=self.row.versi if self.row else None,
        )
