"""The office part of the Beranda: the current camat, the desa and kelurahan, and the session."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QGroupBox, QHBoxLayout, QLabel, QWidget

from ..services import formatting, kantor
from ..services.context import Actor
from ..services.nip import format_nip


def _value() -> QLabel:
    label = QLabel("")
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class _Box(QGroupBox):
    """A titled group of "label: value" rows whose values are set by key."""

    def __init__(self, title: str, rows: list[tuple[str, str]]) -> None:
        super().__init__(title)
        form = QFormLayout(self)
        self.values: dict[str, QLabel] = {}
        for key, text in rows:
            value = _value()
            form.addRow(QLabel(text), value)
            self.values[key] = value

    def set(self, key: str, text: str) -> None:
        self.values[key].setText(text)


class KantorPanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.camat = _Box(
            "Camat",
            [
                ("nama", "Nama:"),
                ("jabatan", "Jabatan:"),
                ("nip", "NIP:"),
                ("pangkat", "Pangkat/golongan:"),
                ("mulai", "Menjabat sejak:"),
            ],
        )
        self.wilayah = _Box(
            "Wilayah",
            [
                ("desa", "Desa:"),
                ("kelurahan", "Kelurahan:"),
                ("jumlah", "Jumlah:"),
                ("kode", "Kode Kemendagri:"),
            ],
        )
        self.session = _Box(
            "Sesi ini",
            [("pengguna", "Pengguna:"), ("peran", "Peran:"), ("basis_data", "Basis data:")],
        )
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.camat, 3)
        row.addWidget(self.wilayah, 2)
        row.addWidget(self.session, 3)

    def show_session(self, actor: Actor, database_label: str) -> None:
        self.session.set("pengguna", f"{actor.full_name} ({actor.username})")
        self.session.set("peran", actor.role_label)
        self.session.set("basis_data", database_label or "-")

    def show_office(self, office: kantor.OfficeInfo) -> None:
        self._show_camat(office.camat)
        self.wilayah.set("desa", formatting.angka(office.jumlah_desa))
        self.wilayah.set("kelurahan", formatting.angka(office.jumlah_kelurahan))
        total = office.jumlah_desa + office.jumlah_kelurahan
        self.wilayah.set("jumlah", f"{formatting.angka(total)} desa/kelurahan")
        self.wilayah.set("kode", office.kode)

    def _show_camat(self, camat: kantor.CamatData | None) -> None:
        if camat is None:
            for key in self.camat.values:
                self.camat.set(key, "")
            self.camat.set("nama", "Belum ada camat aktif. Isi di Pengaturan.")
            return
        self.camat.set("nama", camat.nama)
        self.camat.set("jabatan", camat.keterangan_jabatan if camat.plt else "Camat")
        if camat.nip:
            self.camat.set("nip", format_nip(camat.nip))
        else:
            self.camat.set("nip", "- (pelaksana tugas tanpa NIP)" if camat.plt else "-")
        self.camat.set("pangkat", camat.pangkat or "-")
        self.camat.set("mulai", formatting.tanggal(camat.mulai) if camat.mulai else "-")
