"""Kegiatan and Rujukan > Impor and Unduh templat: the shared import dialog (:mod:`..impor_dialog`)
over ``services.impor_kegiatan`` and ``services.impor_rujukan``, and the two buttons a list tab
shows for a role that may record activities (:class:`ImporAksi`)."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QPushButton, QWidget

from ...services import impor_kegiatan, impor_rujukan
from ...services.context import Actor
from ...services.permissions import Aksi
from .. import messages
from ..impor_dialog import ImporDialog, ImporJenis
from ..kecamatan_pilih import boleh_ubah
from ..pengaturan.common import ask_save_path
from ..tasks import Task, run_task

KEGIATAN = ImporJenis(
    module=impor_kegiatan,
    title="Impor kegiatan TKSK dari Excel",
    satuan="kegiatan",
    barang="kegiatan",
    catatan=("Kegiatan yang tanggal, judul dan bentuknya sama dengan yang sudah tercatat ditolak, "
             "sehingga berkas yang sama tidak terimpor dua kali. Rujukan diimpor lewat tab "
             "Rujukan."),
    template_name="templat-impor-kegiatan.xlsx",
    problems_stem="masalah-impor-kegiatan",
)
RUJUKAN = ImporJenis(
    module=impor_rujukan,
    title="Impor rujukan TKSK dari Excel",
    satuan="rujukan",
    barang="rujukan",
    catatan=("Klien harus sudah tercatat di registri PPKS (NIK Klien atau No. KK Klien). Nomor "
             "surat diberikan otomatis menurut tanggal; rujukan yang sama dengan yang sudah "
             "tercatat ditolak."),
    template_name="templat-impor-rujukan.xlsx",
    problems_stem="masalah-impor-rujukan",
)


class ImporKegiatanDialog(ImporDialog):
    JENIS = KEGIATAN


class ImporRujukanDialog(ImporDialog):
    JENIS = RUJUKAN


class ImporAksi(QObject):
    """The "Impor..." and "Unduh templat..." buttons of a list tab, shown only to a role that may
    record activities; ``imported`` after an import saved rows (the list reloads)."""

    imported = Signal(int, int)

    def __init__(self, actor: Actor, dialog_class: type[ImporDialog], parent: QWidget) -> None:
        super().__init__(parent)
        self.actor = actor
        self.owner = parent
        self.dialog_class = dialog_class
        self.dialog: ImporDialog | None = None
        self.task: Task | None = None
        self.visible = boleh_ubah(actor, Aksi.KEGIATAN_UBAH)
        barang = dialog_class.JENIS.barang
        self.import_button = QPushButton("&Impor...")
        self.import_button.setToolTip(f"Impor {barang} dari buku kerja Excel (diperiksa dulu; "
                                      "bila ada yang salah, tidak ada yang disimpan)")
        self.import_button.clicked.connect(self.open_import)
        self.template_button = QPushButton("Unduh te&mplat...")
        self.template_button.setToolTip(f"Simpan templat Excel untuk impor {barang}")
        self.template_button.clicked.connect(self.save_template)
        for b in (self.import_button, self.template_button):
            b.setVisible(self.visible)

    def buttons(self) -> list[QPushButton]:
        return [self.import_button, self.template_button]

    def open_import(self) -> ImporDialog | None:
        """Open the import dialog (window-modal, never ``exec``); None for a role without it."""
        if not self.visible:
            return None
        if self.dialog is not None:
            self.dialog.raise_()
            return self.dialog
        dialog = self.dialog_class(self.actor, self.owner)
        self.dialog = dialog
        dialog.imported.connect(self.imported)
        dialog.finished.connect(self._closed)
        dialog.open()
        return dialog

    def _closed(self) -> None:
        dialog, self.dialog = self.dialog, None
        if dialog is not None:
            dialog.deleteLater()

    def save_template(self) -> Task | None:
        """Ask where, then write the template off the GUI thread."""
        if not self.visible:
            return None
        jenis = self.dialog_class.JENIS
        path = ask_save_path(self.owner, jenis.template_name)
        if path is None:
            return None

        def done(written: object) -> None:
            messages.info(self.owner, "Templat tersimpan",
                          f"Templat impor {jenis.barang} tersimpan di:\n{written}\n\nIsi lembar "
                          f"'{jenis.module.SHEET}' di Excel, simpan, lalu tekan tombol Impor.")

        def failed(exc: BaseException) -> None:
            messages.show_error(self.owner, exc, "Templat gagal")

        self.task = run_task(self.owner, "Menyimpan templat",
                             lambda progress: jenis.module.write_template(path), done, failed)
        return self.task
