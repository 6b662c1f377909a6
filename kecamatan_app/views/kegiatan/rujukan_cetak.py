"""Printing the Surat Rujukan (PDF, A4 or F4/folio) through ``services.cetak_rujukan.write_surat``
off the GUI thread, then offering to open the file; and opening a history step's evidence file
with the system's viewer.

The NIK stays masked unless the user picks a "tampilkan NIK lengkap" entry, which only roles
allowed to open full NIKs are offered (the service checks the same right)."""

from __future__ import annotations

import importlib
import re
import tempfile
from collections.abc import Callable
from functools import partial
from pathlib import Path
from types import ModuleType

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMenu, QPushButton, QWidget

from ...services import rujukan_pilihan as pilihan
from ...services.context import Actor
from ...services.errors import AppError
from ...services.permissions import Aksi, allowed
from .. import messages
from ..kecamatan_pilih import perlu_pilih
from ..tasks import Task, run_task
from ..tksk.cetak import PAPERS, ask_pdf_path, file_name

PRINT_MODULE = "kecamatan_app.services.cetak_rujukan"


def print_module() -> ModuleType | None:
    """The letter service (written by another part of the team; None while it is missing)."""
    try:
        return importlib.import_module(PRINT_MODULE)
    except ModuleNotFoundError as exc:
        if exc.name != PRINT_MODULE:
            raise
        return None


class CetakSuratButton(QPushButton):
    """ "Cetak surat rujukan" with a menu: the paper, and for roles allowed to open full NIKs
    the same with the full NIK."""

    def __init__(
        self,
        actor: Actor,
        current: Callable[[], tuple[int, str] | None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("&Cetak surat rujukan", parent)
        self.actor, self.current = actor, current
        self.task: Task | None = None
        self.last_path: Path | None = None
        self.setToolTip("Surat Rujukan bernomor dengan kop surat dan tanda tangan, sebagai PDF")
        menu = QMenu(self)
        for paper, label in PAPERS:
            menu.addAction(f"{label}...", partial(self.run, paper, False))
        if allowed(actor, Aksi.NIK_BUKA):
            menu.addSeparator()
            for paper, label in PAPERS:
                menu.addAction(f"{label}, tampilkan NIK lengkap...",
                               partial(self.run, paper, True))
        self.setMenu(menu)
        # a letter goes out under the kop of the kecamatan whose TKSK made the referral: a user
        # of the whole kabupaten does not print it
        if perlu_pilih(actor):
            self.setVisible(False)

    def run(self, paper: str, with_nik: bool = False, path: Path | None = None) -> Task | None:
        parent = self.window()
        chosen = self.current()
        if chosen is None:
            messages.info(parent, "Cetak surat rujukan", "Pilih dulu satu rujukan pada daftar.")
            return None
        module = print_module()
        if module is None:
            messages.warning(parent, "Cetak surat rujukan",
                             "Pencetakan surat rujukan belum tersedia pada versi aplikasi ini.")
            return None
        rujukan_id, nomor = chosen
        slug = re.sub(r"[^A-Za-z0-9]+", "-", nomor)
        path = path or ask_pdf_path(parent, file_name(f"surat-rujukan-{slug}", ".pdf"))
        if path is None:
            return None
        target = path
        actor = self.actor

        def job(_progress: object) -> object:
            return module.write_surat(actor, rujukan_id, target, kertas=paper,
                                      dengan_nik=with_nik)

        def done(result: object) -> None:
            written = result if isinstance(result, Path) else target
            self.last_path = written
            if messages.confirm(
                parent,
                "Cetak selesai",
                f"Surat rujukan {nomor} tersimpan di:\n{written}\n\nBuka sekarang untuk dicetak?",
            ):
                QDesktopServices.openUrl(QUrl.fromLocalFile(str(written)))

        def failed(exc: BaseException) -> None:
            messages.show_error(parent, exc, "Cetak gagal")

        self.task = run_task(parent, "Menyiapkan surat rujukan", job, done, failed)
        return self.task


def open_bukti(parent: QWidget, actor: Actor, rujukan_id: int, lampiran_id: int) -> Path | None:
    """Write a temporary copy of the evidence file and hand it to the system's viewer."""
    try:
        found = pilihan.bukti(actor, rujukan_id, lampiran_id)
    except AppError as exc:
        messages.show_error(parent, exc, "Bukti tidak dapat dibuka")
        return None
    suffix = Path(found.nama).suffix or {
        "application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png"
    }.get(found.jenis_mime, ".bin")
    with tempfile.NamedTemporaryFile(prefix="bukti-rujukan-", suffix=suffix,
                                     delete=False) as handle:
        handle.write(found.isi)
    path = Path(handle.name)
    if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
        messages.warning(parent, "Buka bukti",
                         f"Tidak ada aplikasi untuk membuka berkas {found.nama}. Salinannya ada "
                         f"di:\n{path}")
    return path
