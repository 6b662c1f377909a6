"""Bantuan > Tentang: version, where the data live (with buttons to open the folders) and the
licences of every library the app ships.

The licence list comes from :mod:`kecamatan_app.services.lisensi` (installed metadata, which
the PyInstaller spec copies into the bundle). :func:`ikon_aplikasi` is the app's window icon.
"""

from __future__ import annotations

import platform
import sys
from dataclasses import dataclass
from pathlib import Path

import PySide6
from PySide6.QtCore import QSize, Qt, QUrl, qVersion
from PySide6.QtGui import QDesktopServices, QGuiApplication, QIcon
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from .. import __version__, config, logs
from ..config import DatabaseTarget
from ..paths import resource
from ..services import lisensi
from . import messages

ICON_SIZES = (16, 24, 32, 48, 64, 128, 256)

CATATAN_LGPL = (
    "Pustaka Qt dan PySide6 dipakai di bawah GNU LGPL versi 3 sebagai pustaka bersama yang "
    "terpisah (folder <i>_internal/PySide6</i> pada paket Windows/Linux); Anda boleh menggantinya "
    "dengan versi lain yang cocok. Kode sumber Qt: "
    "<a href='https://download.qt.io/official_releases/qt/'>download.qt.io</a>, PySide6: "
    "<a href='https://code.qt.io/cgit/pyside/pyside-setup.git/'>code.qt.io</a>."
)


def ikon_aplikasi() -> QIcon:
    """The app icon in every shipped size (an empty icon when the files are missing)."""
    icon = QIcon()
    for size in ICON_SIZES:
        try:
            icon.addFile(str(resource("icons", f"kecamatan-tksk-{size}.png")), QSize(size, size))
        except FileNotFoundError:
            continue
    return icon


@dataclass(frozen=True)
class Letak:
    """One place where the app keeps something, as the dialog shows it."""

    kunci: str
    judul: str
    teks: str
    folder: Path | None  # what "Buka folder" opens; None: nothing to open (PostgreSQL)


def letak_data(target: DatabaseTarget) -> list[Letak]:
    """Database, attachments, backups, log and data folder of ``target``."""
    log_file = logs.current_log_file()
    log_folder = log_file.parent if log_file else config.log_dir()
    if target.kind == "sqlite":
        database = Letak("basis_data", "Basis data", target.label, target.path.parent)
        files = Letak("lampiran", "Lampiran (berkas dan foto)", str(target.files_dir()),
                      target.files_dir())
    else:
        database = Letak("basis_data", "Basis data", f"PostgreSQL: {target.label}", None)
        files = Letak("lampiran", "Lampiran (berkas dan foto)",
                      "Di dalam basis data pada server PostgreSQL, bersama data lainnya "
                      "(dapat dibuka dari semua komputer kantor)", None)
    return [
        database,
        files,
        Letak("cadangan", "Cadangan", str(target.backup_dir()), target.backup_dir()),
        Letak("log", "Berkas log", str(log_file) if log_file else str(log_folder), log_folder),
        Letak("data", "Folder data pengguna", str(config.data_dir()), config.data_dir()),
    ]


def jenis_paket() -> str:
    if getattr(sys, "frozen", False):
        return f"paket terpasang ({Path(sys.executable).parent})"
    return "dijalankan dari kode sumber (pengembangan)"


class TentangDialog(QDialog):
    """The About dialog: tabs Umum, Letak data, Lisensi."""

    def __init__(self, target: DatabaseTarget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.target = target
        self.setWindowTitle("Tentang Kecamatan TKSK")
        self.setWindowIcon(ikon_aplikasi())
        self.resize(880, 580)

        self.tabs = QTabWidget()
        self.tabs.addTab(self._tab_umum(), "&Umum")
        self.tabs.addTab(self._tab_letak(), "&Letak data")
        self.tabs.addTab(self._tab_lisensi(), "L&isensi")

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copy_button = buttons.addButton("&Salin keterangan",
                                             QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.setToolTip("Menyalin versi dan letak data ke papan klip, untuk dikirim "
                                    "kepada petugas TI atau pengelola aplikasi")
        self.copy_button.clicked.connect(self.salin)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(self._header())
        layout.addWidget(self.tabs, 1)
        layout.addWidget(buttons)

    @classmethod
    def tampilkan(cls, target: DatabaseTarget, parent: QWidget | None = None) -> None:
        """Show the dialog modally (Bantuan > Tentang)."""
        dialog = cls(target, parent)
        dialog.exec()
        dialog.deleteLater()

    # -- building -----------------------------------------------------------------------------
    def _header(self) -> QHBoxLayout:
        icon = QLabel()
        icon.setPixmap(ikon_aplikasi().pixmap(64, 64))
        title = QLabel(f"<b style='font-size:16pt'>Kecamatan TKSK</b><br>Versi {__version__}")
        title.setObjectName("judulVersi")
        text = QLabel("Aplikasi kantor kecamatan untuk Tenaga Kesejahteraan Sosial Kecamatan "
                      "(Permensos No. 28 Tahun 2018). Lisensi MIT.")
        text.setWordWrap(True)
        column = QVBoxLayout()
        column.addWidget(title)
        column.addWidget(text)
        row = QHBoxLayout()
        row.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        row.addLayout(column, 1)
        return row

    def _tab_umum(self) -> QWidget:
        self.versi_rows = [
            ("Versi aplikasi", __version__),
            ("Python", f"{platform.python_version()} ({platform.python_implementation()})"),
            ("Qt", qVersion()),
            ("PySide6", PySide6.__version__),
            ("Sistem operasi", platform.platform()),
            ("Cara dijalankan", jenis_paket()),
        ]
        return self._grid([(judul, teks, None) for judul, teks in self.versi_rows])

    def _tab_letak(self) -> QWidget:
        self.letak = letak_data(self.target)
        self.open_buttons: dict[str, QPushButton] = {}
        return self._grid([(item.judul, item.teks, item) for item in self.letak])

    def _grid(self, rows: list[tuple[str, str, Letak | None]]) -> QWidget:
        page = QWidget()
        grid = QGridLayout(page)
        for row, (judul, teks, item) in enumerate(rows):
            grid.addWidget(QLabel(f"{judul}:"), row, 0, Qt.AlignmentFlag.AlignTop)
            value = QLabel(teks)
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                          | Qt.TextInteractionFlag.TextSelectableByKeyboard)
            grid.addWidget(value, row, 1)
            if item is not None:
                button = QPushButton("Buka folder")
                button.setEnabled(item.folder is not None)
                button.setToolTip(str(item.folder) if item.folder else
                                  "Basis data PostgreSQL berada di server, bukan di folder")
                button.clicked.connect(lambda _=False, it=item: self.buka_folder(it))
                self.open_buttons[item.kunci] = button
                grid.addWidget(button, row, 2, Qt.AlignmentFlag.AlignTop)
        grid.setColumnStretch(1, 1)
        grid.setRowStretch(len(rows), 1)
        return page

    def _tab_lisensi(self) -> QWidget:
        self.pustaka = lisensi.daftar()
        self.table = QTableWidget(len(self.pustaka), 3)
        self.table.setHorizontalHeaderLabels(["Komponen", "Versi", "Lisensi"])
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        for row, item in enumerate(self.pustaka):
            licence = item.lisensi + (" *" if item.sumber == "tabel" else "")
            for col, text in enumerate((item.nama, item.versi, licence)):
                cell = QTableWidgetItem(text)
                cell.setToolTip(f"{item.nama}: {item.guna}")
                self.table.setItem(row, col, cell)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)

        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.text.setPlaceholderText("Pilih satu komponen untuk membaca teks lisensinya.")
        self.table.currentCellChanged.connect(lambda row, *_: self._show_text(row))

        note = QLabel(CATATAN_LGPL + " Tanda * : nama lisensi dari catatan aplikasi, bukan dari "
                      "metadata pustaka.")
        note.setWordWrap(True)
        note.setOpenExternalLinks(True)
        note.setTextFormat(Qt.TextFormat.RichText)

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(self.text)
        splitter.setSizes([260, 200])
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(splitter, 1)
        layout.addWidget(note)
        if self.pustaka:
            self.table.setCurrentCell(0, 0)
        return page

    # -- actions ------------------------------------------------------------------------------
    def _show_text(self, row: int) -> None:
        if not 0 <= row < len(self.pustaka):
            return
        item = self.pustaka[row]
        head = f"{item.nama} {item.versi}: {item.guna}\nLisensi: {item.lisensi}\n"
        if item.url:
            head += f"Situs: {item.url}\n"
        body = item.teks or ("Teks lisensi lengkap tidak disertakan dalam metadata pustaka ini; "
                             "bacalah di situsnya.")
        self.text.setPlainText(f"{head}\n{body}")

    def buka_folder(self, item: Letak) -> None:
        """Open ``item.folder`` in the file manager; say so when it does not exist yet."""
        folder = item.folder
        if folder is None:
            return
        if not folder.is_dir():
            messages.info(self, item.judul,
                          f"Folder ini belum ada:\n{folder}\n\nFolder dibuat otomatis saat "
                          "pertama kali dipakai.")
            return
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))):
            messages.warning(self, item.judul,
                             f"Pengelola berkas tidak dapat dibuka. Letak foldernya:\n{folder}")

    def teks_keterangan(self) -> str:
        """Versions and places as plain text (what "Salin keterangan" copies)."""
        lines = [f"Kecamatan TKSK {__version__}"]
        lines += [f"{judul}: {teks}" for judul, teks in self.versi_rows[1:]]
        lines += [f"{item.judul}: {item.teks}" for item in self.letak]
        return "\n".join(lines)

    def salin(self) -> None:
        clipboard = QGuiApplication.clipboard()
        if clipboard is not None:
            clipboard.setText(self.teks_keterangan())
        self.copy_button.setText("&Salin keterangan (tersalin)")
