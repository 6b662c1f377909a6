"""The activity dialog: a new activity (blank, duplicated or from a template) or a stored one.

Simpan (Ctrl+S) creates or updates with the version read; wrong fields are marked in red and
the dialog stays open; a change made meanwhile by someone else, or a month that got locked, is
told in a message and the dialog stays open too. A stored activity opens read-only when its
month is locked (the banner says why), when it is a referral (edited in the Rujukan tab) or
when the role may only look. Tests build the dialog, fill the form and call :meth:`save`
without ``exec()``.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ...services import kegiatan, kegiatan_periksa, kegiatan_templat, kunci_bulan
from ...services.context import Actor
from ...services.errors import AppError, Conflict, ValidationError
from ...services.kegiatan import Saved
from ...services.kegiatan_periksa import KODE_BENTUK_RUJUKAN, KegiatanData
from ...services.permissions import Aksi
from .. import messages
from ..kecamatan_pilih import boleh_ubah
from ..pengaturan.common import from_qdate
from . import templat_dialog
from .bulan_view import BANNER_STYLE
from .kegiatan_form import KegiatanForm

INFO_STYLE = ("QLabel { color: #1f3a5f; background: #e6eef8; border: 1px solid #9db6d6; "
              "border-radius: 4px; padding: 6px 8px; }")


def blank(tanggal: dt.date | None = None) -> KegiatanData:
    return KegiatanData(tanggal=tanggal or dt.date.today(), fungsi_id=None, bentuk_id=None,
                        judul="")


class KegiatanDialog(QDialog):
    #: The activity was saved: its id.
    saved = Signal(int)

    def __init__(self, actor: Actor, kegiatan_id: int | None = None,
                 data: KegiatanData | None = None, parent: QWidget | None = None,
                 asal: str = "") -> None:
        super().__init__(parent)
        self.actor = actor
        self.kegiatan_id = kegiatan_id
        self.versi: int | None = None
        self.result_saved: Saved | None = None
        self.can_edit = boleh_ubah(actor, Aksi.KEGIATAN_UBAH)
        self.editable = self.can_edit
        self.kecamatan_id = kegiatan.kecamatan_of(actor)
        self.banner = QLabel()
        self.banner.setObjectName("bannerKegiatan")
        self.banner.setWordWrap(True)
        self.banner.setVisible(False)
        self.form = KegiatanForm(actor)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(self.form)
        self.scroll_area = scroll
        self.form.errors.on_show = lambda w: self.scroll_area.ensureWidgetVisible(w, 20, 40)
        self.templat_button = QPushButton("Simpan sebagai &templat...")
        self.templat_button.setToolTip("Simpan isian yang berulang (fungsi, bentuk, program, "
                                       "lokasi, mitra, jam, nama dan uraian) sebagai templat")
        self.templat_button.clicked.connect(self.save_template)
        self.save_button = QPushButton("&Simpan")
        self.save_button.setToolTip("Simpan (Ctrl+S)")
        self.save_button.clicked.connect(self.save)
        self.close_button = QPushButton("&Tutup")
        self.close_button.clicked.connect(self.reject)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self).activated.connect(self.save)
        buttons = QHBoxLayout()
        buttons.addWidget(self.templat_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(scroll, 1)
        layout.addLayout(buttons)
        for button in self.findChildren(QPushButton):
            button.setAutoDefault(False)  # Enter in a field must not save or close
        self.resize(1180, 760)
        if kegiatan_id is not None:
            self.load(kegiatan_id)
        else:
            self.form.set_data(data or blank())
            self.setWindowTitle("Kegiatan baru" + (f" ({asal})" if asal else ""))
            self._set_editable(self.can_edit)
            self._check_new_date()
        self.form.tanggal.dateChanged.connect(lambda _d: self._check_new_date())
        self.loaded = self.form.collect()[0]

    # -- loading ---------------------------------------------------------------------------
    def load(self, kegiatan_id: int) -> None:
        data, versi = kegiatan.data_of(self.actor, kegiatan_id)
        self.kegiatan_id, self.versi = kegiatan_id, versi
        self.form.set_data(data)
        self.loaded = self.form.collect()[0]
        reasons: list[str] = []
        if self._is_rujukan(data):
            reasons.append("Kegiatan ini adalah rujukan. Ubah, tindak lanjuti atau batalkan "
                           "lewat tab Rujukan, agar nomor surat dan riwayat statusnya tetap "
                           "runtut.")
        assert data.tanggal is not None
        info = kunci_bulan.status(self.kecamatan_id, data.tanggal.year, data.tanggal.month)
        if info is not None:
            reasons.append(info.alasan)
        if not self.can_edit:
            reasons.append("Anda hanya dapat melihat kegiatan ini (peran Anda tidak berhak "
                           "mengubahnya).")
        self.editable = self.can_edit and not reasons
        self._set_editable(self.editable)
        self._show_banner("\n".join(reasons), warn=info is not None)
        what = "Ubah kegiatan" if self.editable else "Lihat kegiatan"
        self.setWindowTitle(f"{what}: {data.judul}")

    def _is_rujukan(self, data: KegiatanData) -> bool:
        return any(b.id == data.bentuk_id and b.kode == KODE_BENTUK_RUJUKAN
                   for b in self.form.bentuk_all)

    def _set_editable(self, on: bool) -> None:
        self.form.set_editable(on)
        self.save_button.setVisible(on)
        self.templat_button.setVisible(self.can_edit)
        self.close_button.setText("&Batal" if on else "&Tutup")

    def _show_banner(self, text: str, warn: bool = True) -> None:
        self.banner.setStyleSheet(BANNER_STYLE if warn else INFO_STYLE)
        self.banner.setText(text)
        self.banner.setVisible(bool(text))

    def _check_new_date(self) -> None:
        """While editing: warn at once when the chosen date lies in a locked month."""
        if not self.editable:
            return
        day = from_qdate(self.form.tanggal.date())
        info = kunci_bulan.status(self.kecamatan_id, day.year, day.month)
        self._show_banner(f"Perhatian: {info.alasan} Pilih tanggal di bulan lain."
                          if info else "")

    # -- saving ----------------------------------------------------------------------------
    def is_dirty(self) -> bool:
        return self.editable and self.form.collect()[0] != self.loaded

    def _checked_data(self) -> KegiatanData:
        """The form's data; with a time that is no time, every problem at once."""
        data, local = self.form.collect()
        if not local:
            return data
        problems = list(local)
        try:
            kegiatan_periksa.check(data, self.kecamatan_id)
        except ValidationError as exc:
            named = {p.field for p in local}
            problems += [p for p in exc.problems if p.field not in named]
        raise ValidationError("\n".join(p.message for p in problems), problems)

    def save(self) -> bool:
        if not self.editable:
            return False
        self.form.errors.clear()
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            data = self._checked_data()
            if self.kegiatan_id is None:
                saved = kegiatan.create(self.actor, data)
            else:
                saved = kegiatan.update(self.actor, self.kegiatan_id, data, self.versi)
        except ValidationError as exc:
            QApplication.restoreOverrideCursor()
            self.form.errors.show(exc)
            return False
        except Conflict as exc:  # a change made meanwhile, or a locked month
            QApplication.restoreOverrideCursor()
            messages.show_error(self, exc, "Kegiatan tidak disimpan")
            return False
        except AppError as exc:
            QApplication.restoreOverrideCursor()
            messages.show_error(self, exc)
            return False
        QApplication.restoreOverrideCursor()
        self.result_saved = saved
        self.kegiatan_id, self.versi = saved.id, saved.versi
        self.loaded = data
        self.saved.emit(saved.id)
        super().accept()
        return True

    def accept(self) -> None:
        self.save()

    def reject(self) -> None:
        if self.is_dirty() and not messages.confirm(
                self, "Perubahan belum disimpan",
                "Isian kegiatan ini belum disimpan. Tutup tanpa menyimpan?", destructive=True):
            return
        super().reject()

    def save_template(self) -> bool:
        """Save the repeating fields under a name the user gives."""
        data, _local = self.form.collect()
        nama = templat_dialog.ask_text(
            self, "Simpan sebagai templat", "Nama templat (contoh: Monitoring BPNT bulanan):",
            data.judul)
        if not nama:
            return False
        try:
            names = {r.nama.casefold() for r in kegiatan_templat.rows(self.actor)}
            if " ".join(nama.split()).casefold() in names and not messages.confirm(
                    self, "Templat sudah ada",
                    f"Templat '{nama}' sudah ada. Ganti isinya dengan isian ini?"):
                return False
            kegiatan_templat.save(self.actor, nama, data)
        except AppError as exc:
            messages.show_error(self, exc, "Templat tidak tersimpan")
            return False
        messages.info(self, "Templat tersimpan",
                      f"Templat '{nama}' tersimpan. Gunakan lewat tombol \"Baru dari "
                      "templat...\" pada daftar kegiatan.")
        return True
