"""The dashboard part of the Beranda: tiles, the activity chart, the report calendar and the PPKS
charts, each shown only to a role that may see its data (:func:`services.beranda.boleh`).

Every click becomes ``requested(page_key, tab_key, params)``: the list behind the number, with
the same filter the service counted with (``params["filter"]``) and its fields by name.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from PySide6.QtCharts import QAbstractBarSeries, QBarSet, QChartView
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ..services import beranda
from ..services.context import Actor
from ..services.errors import AppError
from ..services.formatting import angka, tanggal
from ..services.permissions import Aksi, allowed
from .beranda_ubin import KalenderLaporanView, Ubin, kegiatan_chart
from .kecamatan_pilih import pilihan
from .pemetaan.ringkasan_tab import bar_chart

#: Tiles in reading order with their column span (four columns).
TILES: list[tuple[str, str, int]] = [
    ("tksk", "TKSK aktif", 2),
    ("kegiatan", "Kegiatan bulan ini", 1),
    ("laporan", "Laporan tepat waktu", 1),
    ("rujukan_terbuka", "Rujukan terbuka", 1),
    ("rujukan_terlambat", "Rujukan lewat jatuh tempo", 1),
    ("rujukan_berhasil", "Keberhasilan rujukan", 1),
    ("selisih", "Selisih terbesar desa dan TKSK", 1),
]
PART_OF = {"tksk": "tksk", "kegiatan": "kegiatan", "laporan": "laporan",
           "rujukan_terbuka": "rujukan", "rujukan_terlambat": "rujukan",
           "rujukan_berhasil": "rujukan", "selisih": "ppks"}
TOP = 10


def params(**values: Any) -> dict[str, Any]:
    """A request's parameters: ``filter`` (a service filter dataclass) spelled out by field
    (fields left empty are left out) plus ``values`` themselves."""
    out: dict[str, Any] = {}
    f = values.get("filter")
    if f is not None and dataclasses.is_dataclass(f) and not isinstance(f, type):
        out.update({k: v for k, v in dataclasses.asdict(f).items()
                    if v not in (None, "", False)})
    out.update(values)
    return out


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{angka(round(value))}%"


def _tone_rate(value: float | None) -> str:
    if value is None:
        return "netral"
    return "baik" if value >= 80 else "waspada" if value >= 50 else "buruk"


class BerandaIsi(QWidget):
    requested = Signal(str, str, object)

    def __init__(self, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        self.may = beranda.boleh(actor)
        self.data: beranda.Beranda | None = None
        self.targets: dict[str, tuple[str, str, dict[str, Any]]] = {}
        self.tiles: dict[str, Ubin] = {}
        grid = QGridLayout()
        grid.setSpacing(10)
        row = col = 0
        for key, title, span in TILES:
            if not self.may[PART_OF[key]]:
                continue
            tile = Ubin(title, big=1.45 if key in ("tksk", "selisih") else 1.9)
            tile.clicked.connect(lambda k=key: self.open(k))
            self.tiles[key] = tile
            if col + span > 4:
                row, col = row + 1, 0
            grid.addWidget(tile, row, col, 1, span)
            col += span
        for c in range(4):
            grid.setColumnStretch(c, 1)

        # activities per function | the report calendar
        self.kegiatan_box = QGroupBox("Kegiatan: bulan ini dan bulan lalu")
        self.kegiatan_layout = QVBoxLayout(self.kegiatan_box)
        self.kegiatan_view: QChartView | None = None
        self.laporan_box = QGroupBox("Laporan bulanan")
        self.year = QSpinBox()
        self.year.setRange(2000, dt.date.today().year)
        self.year.setValue(dt.date.today().year)
        self.year.valueChanged.connect(self._year_changed)
        year_label = QLabel("&Tahun:")
        year_label.setBuddy(self.year)
        self.laporan_summary = QLabel("")
        self.laporan_summary.setWordWrap(True)
        self.kalender = KalenderLaporanView()
        self.kalender.month_clicked.connect(self._month_clicked)
        top = QHBoxLayout()
        top.addWidget(year_label)
        top.addWidget(self.year)
        top.addWidget(self.laporan_summary, 1)
        lap = QVBoxLayout(self.laporan_box)
        lap.addLayout(top)
        lap.addWidget(self.kalender)
        middle = QHBoxLayout()
        middle.setSpacing(12)
        middle.addWidget(self.kegiatan_box, 4)
        middle.addWidget(self.laporan_box, 6)
        self.kegiatan_box.setVisible(self.may["kegiatan"])
        self.laporan_box.setVisible(self.may["laporan"])

        # PPKS per category and per desa
        self.ppks_box = QGroupBox("PPKS per jenis dan per desa/kelurahan")
        self.ppks_label = QLabel("")
        self.ppks_label.setWordWrap(True)
        self.ppks_label.setTextFormat(Qt.TextFormat.RichText)
        self.ppks_label.linkActivated.connect(lambda _link: self.open("ppks"))
        self.ppks_charts = QVBoxLayout()  # stacked: long category names need the width
        self.ppks_views: list[QChartView] = []
        ppks = QVBoxLayout(self.ppks_box)
        ppks.addWidget(self.ppks_label)
        ppks.addLayout(self.ppks_charts)
        self.ppks_box.setVisible(self.may["ppks"])

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(12)
        layout.addLayout(grid)
        layout.addLayout(middle)
        layout.addWidget(self.ppks_box)

    # -- showing ---------------------------------------------------------------------------
    def show_data(self, data: beranda.Beranda) -> None:
        self.data = data
        if "tksk" in self.tiles:
            self._show_tksk(data.tksk)
        if data.kegiatan is not None:
            self._show_kegiatan(data.kegiatan)
        if data.laporan is not None:
            self.year.blockSignals(True)
            self.year.setValue(data.laporan.tahun)
            self.year.blockSignals(False)
            self.show_laporan(data.laporan)
        if data.rujukan is not None:
            self._show_rujukan(data.rujukan)
        if data.ppks is not None:
            self._show_ppks(data.ppks)

    def _target(self, key: str, page: str, tab: str, values: dict[str, Any]) -> None:
        self.targets[key] = (page, tab, values)
        if key in self.tiles:
            self.tiles[key].set_clickable(True, "Klik untuk membuka daftarnya")

    def _show_tksk(self, t: Any) -> None:
        tile = self.tiles["tksk"]
        if t is None:
            tile.set("Belum ada", "Belum ada TKSK yang bertugas; pengangkatan dicatat di "
                                  "halaman TKSK.", "buruk")
        else:
            akhir = f"s.d. {tanggal(t.selesai)}" if t.selesai else "tanpa tanggal akhir"
            caption = f"SK {t.sk_nomor}; masa tugas {tanggal(t.mulai)} {akhir}."
            warning = t.peringatan()
            left = t.sisa_hari()
            tone = "netral" if not warning else "buruk" if (left or 0) < 0 or (
                left is not None and left <= 30) else "waspada"
            tile.set(t.nama, f"{caption} {warning}".strip(), tone)
        if allowed(self.actor, Aksi.PENDAFTAR_LIHAT):
            self._target("tksk", "tksk", "aktif", {})

    def _show_kegiatan(self, k: beranda.KegiatanBanding) -> None:
        tile = self.tiles["kegiatan"]
        tile.title.setText(f"Kegiatan {k.label_ini}")
        diff = k.jumlah_ini - k.jumlah_lalu
        trend = f"{'naik' if diff > 0 else 'turun'} {angka(abs(diff))}" if diff else "sama"
        caption = f"{k.label_lalu}: {angka(k.jumlah_lalu)} ({trend})"
        if k.draf_ini:
            caption += f"; {angka(k.draf_ini)} rencana (draf)"
        tile.set(angka(k.jumlah_ini), caption)
        self._target("kegiatan", "kegiatan", "kegiatan", params(filter=k.filter_ini))
        if self.kegiatan_view is not None:
            self.kegiatan_view.setParent(None)
            self.kegiatan_view.deleteLater()
        self.kegiatan_view = kegiatan_chart(k)
        series = self.kegiatan_view.chart().series()[0]
        assert isinstance(series, QAbstractBarSeries)
        series.clicked.connect(self._bar_clicked)
        self.kegiatan_view.setToolTip("Klik batang untuk membuka daftar kegiatannya")
        self.kegiatan_layout.addWidget(self.kegiatan_view)

    def _bar_clicked(self, index: int, bars: QBarSet) -> None:
        k = self.data.kegiatan if self.data else None
        if k is None or not 0 <= index < len(k.per_fungsi):
            return
        row = k.per_fungsi[len(k.per_fungsi) - 1 - index]  # the chart lists them bottom up
        f = row.filter_ini if bars.label() == k.label_ini else row.filter_lalu
        self.requested.emit("kegiatan", "kegiatan", params(filter=f))

    def show_laporan(self, cal: beranda.KalenderLaporan) -> None:
        self.laporan_box.setTitle(f"Laporan bulanan {cal.tahun}")
        parts = [f"Wajib {angka(cal.wajib)}", f"diajukan {angka(cal.diajukan)}",
                 f"disetujui {angka(cal.disetujui)}",
                 f"dikembalikan {angka(cal.dikembalikan)} kali"]
        if cal.menunggu_perbaikan:
            parts.append(f"{angka(cal.menunggu_perbaikan)} menunggu perbaikan")
        self.laporan_summary.setText(
            "; ".join(parts) + f". Batas pengajuan: tanggal {cal.batas_hari} bulan berikutnya.")
        self.kalender.set_months(cal.bulan, True)
        tile = self.tiles.get("laporan")
        if tile is not None:
            tile.title.setText(f"Laporan tepat waktu {cal.tahun}")
            if cal.jatuh_tempo:
                caption = (f"{angka(cal.tepat)} dari {angka(cal.jatuh_tempo)} laporan yang "
                           f"sudah jatuh tempo; {angka(cal.terlambat)} terlambat, "
                           f"{angka(cal.lewat)} lewat batas belum diajukan")
            else:
                caption = "Belum ada laporan yang jatuh tempo."
            tile.set(_pct(cal.persen_tepat), caption, _tone_rate(cal.persen_tepat))
            self._target("laporan", "laporan", "", {"tahun": cal.tahun})

    def _year_changed(self, year: int) -> None:
        try:
            cal = beranda.kalender_laporan(self.actor, year, kecamatan_id=pilihan(self.actor))
        except AppError as exc:
            self.laporan_summary.setText(f"Kalender laporan tidak dapat dimuat: {exc}")
            return
        if self.data is not None:
            self.data = dataclasses.replace(self.data, laporan=cal)
        self.show_laporan(cal)

    def _month_clicked(self, bulan: int) -> None:
        self.requested.emit("laporan", "", {"tahun": self.year.value(), "bulan": bulan})

    def _show_rujukan(self, r: beranda.AngkaRujukan) -> None:
        self.tiles["rujukan_terbuka"].set(angka(r.terbuka), "Diajukan atau diterima instansi, "
                                                           "menunggu hasil.")
        self.tiles["rujukan_terlambat"].set(
            angka(r.terlambat), "Terbuka dan melewati jatuh tempo balasan instansi.",
            "buruk" if r.terlambat else "baik")
        tile = self.tiles["rujukan_berhasil"]
        tile.title.setText(f"Keberhasilan rujukan {r.tahun}")
        caption = (f"{angka(r.berhasil)} dari {angka(r.selesai)} rujukan selesai berhasil; "
                   f"ditutup {angka(r.ditutup)} ({angka(r.ditolak)} ditolak, "
                   f"{angka(r.dibatalkan)} dibatalkan).") if r.ditutup else (
            f"Belum ada rujukan tahun {r.tahun} yang ditutup.")
        tile.set(_pct(r.persen_berhasil), caption, _tone_rate(r.persen_berhasil))
        self._target("rujukan_terbuka", "kegiatan", "rujukan", params(filter=r.filter_terbuka))
        self._target("rujukan_terlambat", "kegiatan", "rujukan",
                     params(filter=r.filter_terlambat))
        self._target("rujukan_berhasil", "kegiatan", "rujukan", params(filter=r.filter_selesai))

    def _show_ppks(self, p: beranda.PpksRingkas) -> None:
        for old in self.ppks_views:
            old.setParent(None)
            old.deleteLater()
        self.ppks_views = []
        link = "<a href='ringkasan'>Pemetaan Sosial &gt; Ringkasan</a>"
        if p.periode is None or p.total is None:
            self.ppks_label.setText(f"Belum ada angka PPKS per desa. Angka diisi di Pemetaan "
                                    f"Sosial &gt; Rekap per Desa; ringkasannya di {link}.")
            self.tiles["selisih"].set("-", "Belum ada angka PPKS per desa.")
            self._target("selisih", "pemetaan", "rekap", {})
            self.targets["ppks"] = ("pemetaan", "ringkasan", {})
            return
        per = {"periode": p.periode}
        self.targets["ppks"] = ("pemetaan", "ringkasan", dict(per))
        shown = (f"{len(p.per_kategori)} jenis terbanyak dari {p.jumlah_kategori}, "
                 f"{len(p.per_desa)} desa/kelurahan terbanyak dari {p.jumlah_desa}")
        self.ppks_label.setText(
            f"Periode <b>{p.periode.label}</b> (periode terakhir yang berisi angka): dilaporkan "
            f"desa <b>{angka(p.total.dilaporkan_desa)}</b>, temuan TKSK "
            f"<b>{angka(p.total.temuan_tksk)}</b>, {angka(p.sel_berbeda)} sel berbeda. "
            f"Ditampilkan {shown}; semuanya di {link}.")
        for title, rows in (("PPKS per jenis", p.per_kategori),
                            ("PPKS per desa/kelurahan", p.per_desa)):
            view = bar_chart(f"{title}, {p.periode.label}", rows, False)
            view.setToolTip("Klik batang untuk membuka Ringkasan Pemetaan Sosial")
            series = view.chart().series()[0]
            assert isinstance(series, QAbstractBarSeries)
            series.clicked.connect(lambda _i, _b: self.open("ppks"))
            self.ppks_charts.addWidget(view)
            self.ppks_views.append(view)
        tile = self.tiles["selisih"]
        if not p.selisih_desa:
            tile.set("Tidak ada", f"Angka desa dan temuan TKSK sama di semua sel "
                                  f"({p.periode.label}).", "baik")
        else:
            s = p.selisih_desa[0]
            caption = (f"Dilaporkan desa {angka(s.jumlah_desa)}, temuan TKSK "
                       f"{angka(s.jumlah_temuan)} pada {angka(s.sel_berbeda)} jenis yang "
                       f"berbeda (selisih {angka(s.selisih_mutlak)})")
            if s.terbesar is not None:
                caption += (f"; terbesar {s.terbesar.kategori} ({angka(s.terbesar.jumlah_desa)} "
                            f"dan {angka(s.terbesar.jumlah_temuan)})")
            tile.set(s.desa, f"{caption}. {p.periode.label}.", "waspada")
        desa = {"desa_id": p.selisih_desa[0].desa_id} if p.selisih_desa else {}
        self._target("selisih", "pemetaan", "rekap", {**per, **desa})

    # -- leading to the lists --------------------------------------------------------------
    def open(self, key: str) -> None:
        target = self.targets.get(key)
        if target is not None:
            self.requested.emit(*target)

    def charts(self) -> list[QChartView]:
        return ([self.kegiatan_view] if self.kegiatan_view else []) + self.ppks_views
