"""Beranda: what is set up and who is working, read from the services.

Only facts the database holds today are shown: the office, the current camat, the desa and
kelurahan, the session. The camat's dashboard (activities, reports, charts) joins this page when
those modules exist; nothing here is a placeholder figure.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

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


class BerandaPage(QWidget):
    def __init__(
        self, actor: Actor, parent: QWidget | None = None, database_label: str = ""
    ) -> None:
        super().__init__(parent)
        self.actor = actor
        self.database_label = database_label

        self.title = QLabel("")
        self.title.setObjectName("judulBeranda")
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.title.setFont(font)
        self.region = _value()
        self.address = _value()

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

        grid = QGridLayout()
        grid.addWidget(self.camat, 0, 0)
        grid.addWidget(self.wilayah, 0, 1)
        grid.addWidget(self.session, 1, 0, 1, 2)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 2)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.addWidget(self.title)
        layout.addWidget(self.region)
        layout.addWidget(self.address)
        layout.addSpacing(12)
        layout.addLayout(grid)
        layout.addStretch(1)
        self.refresh()

    def refresh(self) -> None:
        office = kantor.get_office()
        self.session.set("pengguna", f"{self.actor.full_name} ({self.actor.username})")
        self.session.set("peran", self.actor.role_label)
        self.session.set("basis_data", self.database_label or "-")
        if office is None:
            self.title.setText("Kantor belum disiapkan")
            self.region.setText("Jalankan penyiapan kantor untuk mengisi data kecamatan.")
            self.address.setText("")
            return
        self.title.setText(f"Kecamatan {office.kecamatan}")
        self.region.setText(f"{office.kabupaten}, Provinsi {office.provinsi}")
        k = office.kantor
        contact = [
            k.alamat,
            f"Kode Pos {k.kode_pos}" if k.kode_pos else "",
            f"Telp. {k.telepon}" if k.telepon else "",
            k.email,
        ]
        self.address.setText(", ".join(p for p in contact if p))
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
