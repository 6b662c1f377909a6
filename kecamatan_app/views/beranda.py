"""Beranda, the camat's page: how social welfare work stands, at a glance.

The office heading, then (each part only for a role that may see its data) the active TKSK and
the SK term, the month's activities against last month per function, the year's monthly-report
calendar with timeliness, referrals open / overdue / closed with the success rate, PPKS per
category and per desa, and the desa whose own count and the TKSK's differ most
(:mod:`.beranda_isi`); at the bottom the camat, the desa and the session (:mod:`.beranda_kantor`).

Every number comes from :mod:`services.beranda`, which reads it through the list behind it. A
tile opens that list: the page emits ``open_requested(page_key, tab_key, params)`` and the main
window shows the page and tab and hands ``params`` (the list's filter) on.

In a Dinas Sosial database a kecamatan user sees their own kecamatan; a user of the whole
kabupaten chooses the kecamatan at the top (:mod:`.kecamatan_pilih`, the same choice as the
other pages).
"""

from __future__ import annotations

import logging
from typing import Any

import shiboken6
from PySide6.QtCharts import QChartView
from PySide6.QtCore import Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget

from ..services import beranda, lingkup
from ..services.context import Actor
from ..services.errors import AppError
from . import kecamatan_pilih, messages
from .beranda_isi import BerandaIsi
from .beranda_kantor import KantorPanel
from .beranda_ubin import baris_keadaan
from .tasks import Progress, Task, run_task

log = logging.getLogger(__name__)


class BerandaPage(QWidget):
    #: (page key, tab key or "", parameters): a tile asks for the list behind it
    open_requested = Signal(str, str, object)

    def __init__(
        self, actor: Actor, parent: QWidget | None = None, database_label: str = ""
    ) -> None:
        super().__init__(parent)
        self.actor = actor
        self.database_label = database_label
        self.requests: list[tuple[str, str, dict[str, Any]]] = []
        self.pilih = kecamatan_pilih.buat(actor, self)
        if self.pilih is not None:
            self.pilih.note.setText("")
            self.pilih.note.hide()
            self.pilih.changed.connect(lambda _k: self.refresh())

        self.title = QLabel("")
        self.title.setObjectName("judulBeranda")
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.title.setFont(font)
        self.region = QLabel("")
        self.address = QLabel("")
        self.address.setWordWrap(True)
        self.note, self.loading = baris_keadaan()
        self.load_task: Task | None = None
        self._first = True  # the first read runs off the GUI thread (see _load)
        self._generation = 0

        self.isi = BerandaIsi(actor)
        self.isi.hide()  # until the first numbers arrive
        self.isi.requested.connect(self._request)
        self.kantor = KantorPanel()
        self.camat, self.wilayah, self.session = (
            self.kantor.camat, self.kantor.wilayah, self.kantor.session)

        body = QWidget()
        column = QVBoxLayout(body)
        column.setContentsMargins(20, 14, 20, 16)
        column.setSpacing(4)
        if self.pilih is not None:
            column.addWidget(self.pilih)
            column.addSpacing(6)
        column.addWidget(self.title)
        column.addWidget(self.region)
        column.addWidget(self.address)
        column.addSpacing(8)
        column.addWidget(self.note)
        column.addWidget(self.loading)
        column.addWidget(self.isi)
        column.addSpacing(8)
        column.addWidget(self.kantor)
        column.addStretch(1)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QScrollArea.Shape.NoFrame)
        self.scroll_area.setWidget(body)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.scroll_area)
        self._shown_once = False
        self.refresh()

    @property
    def data(self) -> beranda.Beranda | None:
        return self.isi.data

    def refresh(self) -> None:
        self.kantor.show_session(self.actor, self.database_label)
        office = kecamatan_pilih.kantor_tampil(self.actor)
        if office is None:
            dinas = lingkup.is_dinas()
            self.title.setText("Kantor kecamatan tidak ditemukan" if dinas
                               else "Kantor belum disiapkan")
            self.region.setText("Akun Anda belum terikat ke kecamatan yang ada. Hubungi "
                                "administrator Dinas Sosial." if dinas else
                                "Jalankan penyiapan kantor untuk mengisi data kecamatan.")
            self.address.setText("")
            self.isi.hide()
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
        self.kantor.show_office(office)
        self._load()

    # -- the numbers ------------------------------------------------------------------------
    def _load(self) -> None:
        """The numbers of the chosen kecamatan and year. The first time (the page is built as
        the window opens) they are read off the GUI thread, so the window shows at once and
        the page fills in a moment later; afterwards (F5, coming back, another kecamatan or
        year) at once. A newer read makes an older one's result stale (it is dropped)."""
        self._generation += 1
        actor, year = self.actor, self.isi.year.value()
        kec = kecamatan_pilih.pilihan(actor)
        if self._first:
            self._first = False
            generation = self._generation
            self.loading.setText("Memuat ringkasan...")
            self.loading.show()

            def work(progress: Progress) -> beranda.Beranda:
                return beranda.muat(actor, year, kecamatan_id=kec)

            self.load_task = run_task(
                self, "Memuat Beranda", work, lambda r: self._from_task(generation, r, None),
                lambda e: self._from_task(generation, None, e), show_progress=False)
            return
        self.loading.hide()
        try:
            data = beranda.muat(actor, year, kecamatan_id=kec)
        except AppError as exc:
            self._show(None, exc)
            return
        self._show(data, None)

    def _from_task(self, generation: int, data: object, exc: BaseException | None) -> None:
        if not shiboken6.isValid(self.loading):  # the page was closed while it loaded
            return
        self.load_task = None
        if generation == self._generation:  # else a newer read is shown: this one is stale
            self.loading.hide()
            self._show(data, exc)

    def _show(self, data: object, exc: BaseException | None) -> None:
        if exc is not None:
            self.isi.hide()
            if not isinstance(exc, AppError):
                messages.show_error(self, exc, "Ringkasan Beranda tidak dapat dimuat")
                return
            log.warning("Ringkasan Beranda tidak dapat dimuat: %s", exc)
            self.note.setText(f"Ringkasan tidak dapat dimuat: {exc}")
            self.note.show()
            return
        if isinstance(data, beranda.Beranda):
            self.note.hide()
            self.isi.show()
            self.isi.show_data(data)

    def loaded(self) -> bool:
        """Whether the first read, off the GUI thread, has ended."""
        return self.load_task is None

    def showEvent(self, event: QShowEvent) -> None:
        """Coming back to the Beranda shows today's numbers: others may have worked since."""
        super().showEvent(event)
        if self._shown_once and not event.spontaneous():
            self.refresh()
        self._shown_once = True

    def _request(self, page: str, tab: str, params: dict[str, Any]) -> None:
        self.requests.append((page, tab, params))
        self.open_requested.emit(page, tab, params)

    def charts(self) -> list[QChartView]:
        return self.isi.charts()
