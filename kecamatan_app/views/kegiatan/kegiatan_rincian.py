"""One activity, read-only, as the list row has it: what a user of the whole kabupaten (Dinas
database) sees when opening an activity of the kecamatan chosen at the top of the page. The
kecamatan's own users open the full form (:class:`.kegiatan_dialog.KegiatanDialog`)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ...services import formatting
from ...services.kegiatan_daftar import KegiatanRow


def baris(r: KegiatanRow, kecamatan: str = "") -> list[tuple[str, str]]:
    """(label, value) of every field the dialog shows, in its order."""
    peserta = (f"{formatting.angka(r.peserta)} orang (laki-laki {formatting.angka(r.peserta_l)}, "
               f"perempuan {formatting.angka(r.peserta_p)})")
    rows = [
        ("Kecamatan", kecamatan),
        ("Tanggal", formatting.tanggal_hari(r.tanggal) + (f", pukul {r.jam}" if r.jam else "")),
        ("Nama kegiatan", r.judul),
        ("Fungsi", r.fungsi),
        ("Bentuk", r.bentuk),
        ("Program", r.program),
        ("Lokasi", r.lokasi),
        ("TKSK", r.tksk),
        ("Peserta", peserta),
        ("Penerima manfaat", f"{formatting.angka(r.jumlah_sasaran)} orang/keluarga tercatat"),
        ("Mitra", r.mitra),
        ("Uraian", r.uraian),
        ("Hasil", r.hasil),
        ("Hambatan", r.hambatan),
        ("Tindak lanjut", r.tindak_lanjut),
        ("No. surat rujukan", r.nomor_rujukan),
        ("Foto", f"{formatting.angka(r.jumlah_foto)} foto" if r.jumlah_foto else ""),
        ("Status", r.status + (" (bulan terkunci: laporan bulanannya sudah diajukan/disetujui)"
                               if r.terkunci else "")),
    ]
    return [(label, value) for label, value in rows if value]


class KegiatanRincianDialog(QDialog):
    def __init__(self, row: KegiatanRow, kecamatan: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("rincianKegiatan")
        self.setWindowTitle(f"Lihat kegiatan: {row.judul}")
        self.values: dict[str, str] = {}
        body = QWidget()
        form = QFormLayout(body)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        for label, value in baris(row, kecamatan):
            shown = QLabel(value)
            shown.setWordWrap(True)
            shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            form.addRow(QLabel(f"{label}:"), shown)
            self.values[label] = value
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        note = QLabel("Hanya dilihat. Kegiatan dicatat dan diubah oleh TKSK atau operator "
                      "kecamatannya.")
        note.setWordWrap(True)
        note.setStyleSheet("color: palette(placeholder-text);")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(note)
        layout.addWidget(buttons)
        self.resize(640, 560)
