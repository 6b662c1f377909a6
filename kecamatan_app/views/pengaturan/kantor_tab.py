"""Pengaturan > Kantor: the office and its kop surat (with a live preview), the camat and the
history of camat, and the desa/kelurahan list (read-only here)."""

from __future__ import annotations

import html
import itertools
from dataclasses import fields

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ...services import formatting, kantor, lingkup
from ...services.context import Actor
from ...services.errors import AppError, Conflict, ValidationError
from ...services.nip import format_nip
from ...services.permissions import Aksi, allowed
from .. import messages
from ..table_model import Column
from .camat_dialog import CamatDialog
from .common import FieldErrors, SearchableTable, error_label
from .logo_kop import LogoKop

#: (field, label with mnemonic, placeholder)
FORM_FIELDS: list[tuple[str, str, str]] = [
    ("alamat", "&Alamat kantor:", "contoh: Jl. Merdeka No. 1, Gelumbang"),
    ("kode_pos", "Kode &pos:", "5 angka"),
    ("telepon", "&Telepon:", "contoh: (0713) 123456"),
    ("email", "&Email:", "contoh: kec.gelumbang@muaraenimkab.go.id"),
    ("situs", "Situs &web:", "contoh: gelumbang.muaraenimkab.go.id"),
    ("tempat_surat", "Tempat su&rat:", "kota/tempat di atas tanggal surat"),
    ("kop_baris_1", "Kop baris &1:", "contoh: PEMERINTAH KABUPATEN MUARA ENIM"),
    ("kop_baris_2", "Kop baris &2:", "contoh: KECAMATAN GELUMBANG"),
    ("kop_baris_3", "Kop baris &3:", "alamat, telepon, kode pos"),
    ("kop_baris_4", "Kop baris &4:", "email, situs (boleh kosong)"),
]

CAMAT_COLUMNS: list[Column[kantor.PejabatRow]] = [
    Column("Nama", lambda p: p.nama),
    Column("NIP", lambda p: format_nip(p.nip)),
    Column("Plt.", lambda p: p.plt),
    Column("Keterangan jabatan", lambda p: p.keterangan_jabatan),
    Column("Mulai", lambda p: p.mulai),
    Column("Selesai", lambda p: p.selesai),
    Column("Status", lambda p: "Menjabat" if p.aktif else "Selesai"),
]

DESA_COLUMNS: list[Column[kantor.DesaRow]] = [
    Column("Kode", lambda d: d.kode),
    Column("Nama", lambda d: d.nama),
    Column("Jenis", lambda d: d.jenis.capitalize()),
]


def kecamatan_combo(actor: Actor) -> QComboBox:
    """The kecamatan of a Dinas database, for a user of the whole kabupaten."""
    from ...services import users

    combo = QComboBox()
    for kec_id, nama in users.kecamatan_choices(actor):
        combo.addItem(f"Kecamatan {nama}", kec_id)
    return combo


def kop_html(data: kantor.KantorData) -> str:
    """The kop surat as it will print: the first two lines bold and larger, then a rule."""
    parts = []
    for i, line in enumerate(
        (data.kop_baris_1, data.kop_baris_2, data.kop_baris_3, data.kop_baris_4)
    ):
        if not line.strip():
            continue
        text = html.escape(line.strip())
        if i < 2:
            size = 13 if i == 0 else 15
            parts.append(f"<div style='font-size:{size}pt; font-weight:bold'>{text}</div>")
        else:
            parts.append(f"<div style='font-size:9pt'>{text}</div>")
    return "<div align='center'>" + "".join(parts) + "</div><hr>"


class KantorTab(QWidget):
    def __init__(self, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        self.can_edit = allowed(actor, Aksi.KANTOR_UBAH)
        self.can_edit_camat = allowed(actor, Aksi.PEJABAT_UBAH)
        self.office: kantor.OfficeInfo | None = None
        # a Dinas database holds an office per kecamatan: a kecamatan user sees their own, a
        # user of the whole kabupaten chooses one
        self.kecamatan_id: int | None = None
        self.pilih_kecamatan: QComboBox | None = None
        if lingkup.is_dinas():
            self.kecamatan_id = lingkup.kecamatan_scope(actor)
            if self.kecamatan_id is None:
                self.pilih_kecamatan = kecamatan_combo(actor)
                self.kecamatan_id = self.pilih_kecamatan.currentData()
                self.pilih_kecamatan.currentIndexChanged.connect(self._kecamatan_changed)

        self.title = QLabel("")
        font = self.title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.title.setFont(font)

        content = QWidget()
        layout = QVBoxLayout(content)
        if self.pilih_kecamatan is not None:
            row = QHBoxLayout()
            label = QLabel("Kantor ke&camatan:")
            label.setBuddy(self.pilih_kecamatan)
            row.addWidget(label)
            row.addWidget(self.pilih_kecamatan)
            row.addStretch(1)
            layout.addLayout(row)
        layout.addWidget(self.title)
        top = QHBoxLayout()
        top.addWidget(self._build_office_box(), 3)
        top.addWidget(self._build_camat_box(), 2)
        layout.addLayout(top)
        layout.addWidget(self._build_desa_box(), 1)

        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        self.refresh()

    # building -----------------------------------------------------------------------------
    def _build_office_box(self) -> QGroupBox:
        box = QGroupBox("Kantor dan kop surat")
        form = QFormLayout()
        self.edits: dict[str, QLineEdit] = {}
        for name, text, placeholder in FORM_FIELDS:
            edit = QLineEdit()
            edit.setObjectName(name)
            edit.setPlaceholderText(placeholder)
            edit.setReadOnly(not self.can_edit)
            edit.textChanged.connect(self._form_changed)
            edit.returnPressed.connect(self.save)  # Enter saves, as in a dialog
            label = QLabel(text)
            label.setBuddy(edit)
            form.addRow(label, edit)
            self.edits[name] = edit
        self.preview = QLabel("")
        self.preview.setObjectName("pratinjauKop")
        self.preview.setTextFormat(Qt.TextFormat.RichText)
        self.preview.setFrameShape(QFrame.Shape.StyledPanel)
        self.preview.setStyleSheet("background: white; color: black; padding: 8px;")
        self.error = error_label()
        self.errors = FieldErrors(self.error, dict(self.edits))
        self.save_button = QPushButton("&Simpan")
        self.save_button.clicked.connect(self.save)
        self.reload_button = QPushButton("&Muat ulang")
        self.reload_button.clicked.connect(self.refresh)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.reload_button)
        buttons.addWidget(self.save_button)
        self.save_button.setVisible(self.can_edit)

        layout = QVBoxLayout(box)
        layout.addLayout(form)
        layout.addWidget(QLabel("Pratinjau kop surat:"))
        layout.addWidget(self.preview)
        self.logo = LogoKop(self.actor, self._versi, kecamatan=lambda: self.kecamatan_id)
        self.logo.changed.connect(self._logo_changed)
        self.logo.stale.connect(self.refresh)
        layout.addWidget(self.logo)
        if not self.can_edit:
            note = QLabel("Peran Anda hanya dapat melihat data kantor.")
            note.setWordWrap(True)
            layout.addWidget(note)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        for (a, _, _), (b, _, _) in itertools.pairwise(FORM_FIELDS):
            self.setTabOrder(self.edits[a], self.edits[b])
        return box

    def _build_camat_box(self) -> QGroupBox:
        box = QGroupBox("Camat")
        self.camat_label = QLabel("")
        self.camat_label.setObjectName("camatSekarang")
        self.camat_label.setWordWrap(True)
        self.camat_label.setTextFormat(Qt.TextFormat.RichText)
        self.edit_camat_button = QPushButton("&Ubah data camat...")
        self.edit_camat_button.clicked.connect(lambda: self.change_camat(False))
        self.new_camat_button = QPushButton("Per&gantian camat...")
        self.new_camat_button.clicked.connect(lambda: self.change_camat(True))
        for b in (self.edit_camat_button, self.new_camat_button):
            b.setVisible(self.can_edit_camat)
        buttons = QHBoxLayout()
        buttons.addWidget(self.edit_camat_button)
        buttons.addWidget(self.new_camat_button)
        buttons.addStretch(1)
        self.history = SearchableTable(CAMAT_COLUMNS, "Cari nama atau NIP...")
        self.history.search_label.setText("Cari &riwayat:")
        self.history.view.setMinimumHeight(120)

        layout = QVBoxLayout(box)
        layout.addWidget(self.camat_label)
        layout.addLayout(buttons)
        layout.addWidget(QLabel("Riwayat camat:"))
        layout.addLayout(self.history.search_row)
        layout.addWidget(self.history.view, 1)
        return box

    def _build_desa_box(self) -> QGroupBox:
        self.desa_box = QGroupBox("Desa dan kelurahan")
        self.desa = SearchableTable(DESA_COLUMNS, "Cari kode atau nama desa/kelurahan...")
        self.desa.search_label.setText("Cari &desa:")
        self.desa.view.setMinimumHeight(160)
        note = QLabel(
            "Daftar ini berasal dari kode wilayah Kemendagri. Perubahan wilayah "
            "(desa/kelurahan, dusun, RT/RW) tersedia bersama modul Pemetaan Sosial."
        )
        note.setWordWrap(True)
        layout = QVBoxLayout(self.desa_box)
        layout.addWidget(note)
        layout.addLayout(self.desa.search_row)
        layout.addWidget(self.desa.view, 1)
        return self.desa_box

    # data ---------------------------------------------------------------------------------
    def _kecamatan_changed(self) -> None:
        assert self.pilih_kecamatan is not None
        self.kecamatan_id = self.pilih_kecamatan.currentData()
        self.refresh()

    def refresh(self) -> None:
        self.office = kantor.get_office(self.kecamatan_id)
        self.errors.clear()
        if self.office is None:
            self.title.setText("Kantor belum disiapkan.")
            return
        o = self.office
        self.title.setText(f"{o.judul}, {o.provinsi} (kode {o.kode})")
        for name, edit in self.edits.items():
            edit.setText(getattr(o.kantor, name))
        self._show_camat(o.camat)
        self.history.set_rows(kantor.camat_history(self.kecamatan_id))
        self.desa.set_rows(kantor.desa_list(kecamatan_id=self.kecamatan_id))
        self.logo.show_logo(kantor.logo_path(self.kecamatan_id))
        self.desa_box.setTitle(
            f"Desa dan kelurahan ({o.jumlah_desa} desa, {o.jumlah_kelurahan} kelurahan)"
        )
        self._form_changed()

    def _show_camat(self, c: kantor.CamatData | None) -> None:
        self.edit_camat_button.setEnabled(c is not None)
        if c is None:
            self.camat_label.setText("<i>Camat belum dicatat.</i>")
            return
        lines = [f"<b>{html.escape(c.nama)}</b>"]
        if c.plt:
            lines.append(html.escape(c.keterangan_jabatan))
        if c.pangkat:
            lines.append(html.escape(c.pangkat))
        if c.nip:
            lines.append("NIP " + html.escape(format_nip(c.nip)))
        if c.mulai:
            lines.append("Menjabat sejak " + formatting.tanggal(c.mulai))
        self.camat_label.setText("<br>".join(lines))

    def form_data(self) -> kantor.KantorData:
        return kantor.KantorData(
            **{f.name: self.edits[f.name].text() for f in fields(kantor.KantorData)}
        )

    def is_dirty(self) -> bool:
        return self.office is not None and self.form_data() != self.office.kantor

    def _form_changed(self) -> None:
        self.preview.setText(kop_html(self.form_data()))
        self.save_button.setEnabled(self.is_dirty())

    def _versi(self) -> int | None:
        return self.office.kantor_versi if self.office is not None else None

    def _logo_changed(self, info: kantor.OfficeInfo) -> None:
        """A new or removed logo: take the new version, keep what is typed in the form."""
        self.office = info
        self._form_changed()

    def save(self) -> None:
        if self.office is None or not self.can_edit or not self.is_dirty():
            return
        self.errors.clear()
        try:
            self.office = kantor.update_office(
                self.actor, self.form_data(), self.office.kantor_versi,
                kecamatan_id=self.kecamatan_id,
            )
        except ValidationError as exc:
            self.errors.show(exc)
            return
        except Conflict as exc:
            messages.show_error(self, exc, "Data kantor berubah")
            self.refresh()
            return
        except AppError as exc:
            messages.show_error(self, exc)
            return
        self.refresh()
        messages.info(self, "Data kantor", "Data kantor dan kop surat disimpan.")

    def change_camat(self, pergantian: bool) -> CamatDialog:
        """Open the camat dialog (window-modal, not ``exec``); the tab reloads once it saved."""
        current = self.office.camat if self.office is not None else None
        versi = self.office.camat_versi if self.office is not None else None
        dialog = CamatDialog(self.actor, current, pergantian, self, versi, self.kecamatan_id)
        dialog.accepted.connect(self.refresh)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog
