"""The kabupaten dashboard's tables as prepared cells, and its PPKS chart: built from a
:class:`services.kabupaten.DasborKabupaten` already read (no queries here)."""

from __future__ import annotations

from PySide6.QtCharts import (
    QAbstractBarSeries,
    QBarCategoryAxis,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, Qt
from PySide6.QtGui import QColor, QFont, QPainter

from ...services.formatting import angka, nama_bulan, tanggal
from ...services.kabupaten import SUMBER_LABEL, UKURAN, DasborKabupaten, SelLaporan
from ...services.rekap_kabupaten import BULAN_PENDEK, KETERANGAN_WARNA, sel_status
from .model import Sel, angka_sel

Rows = tuple[list[list[Sel]], list[object]]
#: The calendar's columns after the twelve months: the year's measures per kecamatan.
KALENDER_UKURAN = list(UKURAN)
PPKS_COLOR = "#2f6fbf"


def kalender_headers() -> list[str]:
    return ["Kecamatan", *BULAN_PENDEK, *(UKURAN[u] for u in KALENDER_UKURAN)]


def _warna(jenis: str) -> str:
    colour = KETERANGAN_WARNA.get(jenis, ("", "FFFFFF"))[1]
    return "" if colour == "FFFFFF" else colour


def _tip(c: SelLaporan) -> str:
    parts = [f"{c.kecamatan_nama}, {nama_bulan(c.bulan)} {c.tahun}",
             f"Status: {c.status_label} ({SUMBER_LABEL.get(c.sumber, c.sumber).lower()})",
             f"Wajib lapor: {'ya' if c.wajib else 'tidak'}"]
    if c.diajukan:
        parts.append(f"Diajukan pertama: {tanggal(c.diajukan)}")
    if c.disetujui_pada:
        parts.append(f"Disetujui: {tanggal(c.disetujui_pada)}")
    parts += [f"Batas pengajuan: {tanggal(c.batas)}", f"Ketepatan: {c.ketepatan_label}",
              "Klik dua kali untuk rinciannya."]
    return "\n".join(parts)


def sel_bulan(c: SelLaporan) -> Sel:
    """A calendar cell: the status word and the timeliness mark (text, not colour alone)."""
    s = sel_status(c)
    text = f"{s.status}\n{s.tanda}" if s.tanda else s.status
    return Sel(text, warna=_warna(c.jenis), tip=_tip(c))


def kalender(d: DasborKabupaten) -> Rows:
    rows: list[list[Sel]] = []
    keys: list[object] = []
    for k in d.kecamatan:
        t = d.jumlah(k.id)
        how = "data langsung" if k.langsung else f"{angka(k.paket)} paket diterima"
        rows.append([Sel(k.nama, tip=f"{k.kode}: {how}"),
                     *(sel_bulan(c) for c in d.cells(k.id)),
                     *(angka_sel(getattr(t, u)) for u in KALENDER_UKURAN)])
        keys.append(k.id)
    total: list[Sel] = [Sel("Jumlah semua kecamatan")]
    for b in range(1, 13):
        m = d.jumlah(bulan=b)
        text = f"{m.diterima}/{m.wajib} diterima\n{m.tepat} tepat" if m.wajib else "-"
        total.append(Sel(text, tip=f"{nama_bulan(b)} {d.tahun}: wajib {m.wajib}, diterima "
                                   f"{m.diterima}, disetujui {m.disetujui}, tepat waktu "
                                   f"{m.tepat}, terlambat {m.terlambat}, lewat batas {m.lewat}"))
    t = d.jumlah()
    total += [angka_sel(getattr(t, u)) for u in KALENDER_UKURAN]
    return [*rows, total], [*keys, None]


def kegiatan_headers(d: DasborKabupaten) -> list[str]:
    return ["Kecamatan", *BULAN_PENDEK, "Jumlah", *d.fungsi()]


def kegiatan(d: DasborKabupaten) -> Rows:
    fungsi = d.fungsi()
    rows: list[list[Sel]] = []
    for k in d.kecamatan:
        months = [d.kegiatan(k.id, b) for b in range(1, 13)]
        rows.append([Sel(k.nama), *(angka_sel(n) for n in months), angka_sel(sum(months)),
                     *(angka_sel(d.kegiatan_fungsi(k.id, f)) for f in fungsi)])
    total = [Sel("Jumlah")]
    total += [angka_sel(sum(d.kegiatan(k.id, b) for k in d.kecamatan)) for b in range(1, 13)]
    total.append(angka_sel(sum(d.kegiatan(k.id) for k in d.kecamatan)))
    total += [angka_sel(sum(d.kegiatan_fungsi(k.id, f) for k in d.kecamatan)) for f in fungsi]
    return [*rows, total], [*[k.id for k in d.kecamatan], None]


def ppks_headers(d: DasborKabupaten) -> list[str]:
    return ["Kecamatan", "Data per", *d.ppks_kategori, "Jumlah"]


def _data_per(d: DasborKabupaten, kid: int) -> Sel:
    k = d.kecamatan_by_id(kid)
    if k.bulan_data is None:
        return Sel("belum ada paket", tip="Kecamatan ini belum mengirim paket tahun ini.")
    src = d.ringkasan_of(kid, k.bulan_data).sumber
    return Sel(f"{BULAN_PENDEK[k.bulan_data - 1]} {d.tahun}", k.bulan_data,
               tip=f"Pemetaan per akhir {nama_bulan(k.bulan_data)} {d.tahun} "
                   f"({SUMBER_LABEL.get(src, src).lower()})")


def ppks(d: DasborKabupaten) -> Rows:
    cats = d.ppks_kategori
    rows: list[list[Sel]] = []
    for k in d.kecamatan:
        per = d.ppks(k.id)
        rows.append([Sel(k.nama), _data_per(d, k.id), *(angka_sel(per.get(c, 0)) for c in cats),
                     angka_sel(sum(per.values()))])
    sums = [sum(d.ppks(k.id).get(c, 0) for k in d.kecamatan) for c in cats]
    total = [Sel("Jumlah"), Sel(""), *(angka_sel(n) for n in sums), angka_sel(sum(sums))]
    return [*rows, total], [*[k.id for k in d.kecamatan], None]


RUJUKAN_HEADERS = ["Instansi tujuan", "Dibuat", "Ditutup", "Masih terbuka"]
RUJUKAN_UKURAN = ("dibuat", "ditutup", "terbuka")


def rujukan(d: DasborKabupaten) -> Rows:
    per = d.rujukan()
    rows = [[Sel(name), *(angka_sel(v) for v in vals)] for name, *vals in per]
    total = [Sel("Jumlah"), *(angka_sel(sum(int(r[i]) for r in per)) for i in (1, 2, 3))]
    return [*rows, total], [*[r[0] for r in per], None]


def ppks_chart(d: DasborKabupaten, kecamatan_ids: list[int]) -> QChartView:
    """PPKS in the mapping per kecamatan (the ones shown, first at the top), one bar each."""
    shown = [k for k in d.kecamatan if k.id in set(kecamatan_ids)]
    rows = list(reversed(shown))
    bars = QBarSet("PPKS terpetakan")
    bars.setColor(QColor(PPKS_COLOR))
    bars.setLabelColor(QColor("#26323d"))
    values = [float(sum(d.ppks(k.id).values())) for k in rows]
    bars.append(values)
    series = QHorizontalBarSeries()
    series.append(bars)
    series.setLabelsVisible(True)
    series.setLabelsPosition(QAbstractBarSeries.LabelsPosition.LabelsOutsideEnd)
    series.setLabelsFormat("@value")
    chart = QChart()
    chart.setTitle(f"PPKS hasil pemetaan per kecamatan ({d.tahun})")
    chart.addSeries(series)
    chart.legend().hide()
    chart.setMargins(QMargins(4, 4, 4, 4))
    axis_y = QBarCategoryAxis()
    axis_y.append([k.nama for k in rows] or ["(tidak ada kecamatan)"])
    axis_y.setTruncateLabels(False)  # kecamatan names whole, never "..."
    if len(rows) > 12:  # many kecamatan: smaller names
        font = QFont(axis_y.labelsFont())
        font.setPointSizeF(8)
        axis_y.setLabelsFont(font)
    chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
    series.attachAxis(axis_y)
    axis_x = QValueAxis()
    axis_x.setRange(0, max(4.0, max(values, default=0.0) * 1.15))
    axis_x.setLabelFormat("%d")
    axis_x.applyNiceNumbers()
    chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
    series.attachAxis(axis_x)
    view = QChartView(chart)
    view.setObjectName("grafikPpks")
    view.setRenderHint(QPainter.RenderHint.Antialiasing)
    view.setMinimumSize(440, 240)
    return view


def chart_values(view: QChartView) -> list[tuple[str, float]]:
    """(kecamatan, value) of the PPKS chart, top row first (for tests)."""
    chart = view.chart()
    series = chart.series()[0]
    assert isinstance(series, QAbstractBarSeries)
    axis = chart.axes(Qt.Orientation.Vertical)[0]
    assert isinstance(axis, QBarCategoryAxis)
    names = axis.categories()
    bars = series.barSets()[0]
    return [(names[i], bars.at(i)) for i in range(bars.count())][::-1]
