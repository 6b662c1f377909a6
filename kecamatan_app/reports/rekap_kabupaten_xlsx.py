"""The consolidated yearly recap of a kabupaten as an Excel workbook: a sheet per table of the
PDF (activities per kecamatan x month, x function, report status, referrals per agency, PPKS per
kecamatan x category) and one with the notes, each with a print set-up (landscape A4, fit to
width, header rows repeated, "Halaman x dari y"). Written to ``.tmp`` and moved into place; no
database, no Qt."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill

from .laporan_xlsx import _table
from .pdf_dasar import Progress
from .rekap_dasar import cetak_lembar, judul_lembar
from .rekap_kabupaten_data import BULAN_SINGKAT, KETERANGAN_WARNA, RekapKabupaten
from .xlsx import save_workbook, sheet_title

_BOLD = Font(bold=True)


def _sheet(wb: Workbook, name: str, d: RekapKabupaten, sub: str, headers: Sequence[str],
           rows: Sequence[Sequence[object]], widths: Sequence[float]) -> tuple[Any, int]:
    """A sheet headed by the kop and title lines, then the table's own heading ``sub``."""
    ws: Any = wb.create_sheet(sheet_title(name))
    head = judul_lembar(ws, [*d.kop, *d.judul], sub)
    _table(ws, head, headers, rows)
    cetak_lembar(ws, d.dicetak, widths, head)
    ws.freeze_panes = f"B{head + 1}"
    return ws, head


def _bold_last(ws: Any, row: int, ncols: int) -> None:
    for c in range(1, ncols + 1):
        ws.cell(row, c).font = _BOLD


def build(d: RekapKabupaten) -> Workbook:
    wb = Workbook()
    wb.remove(wb.active)
    wb.properties.title = f"Rekap tahunan kabupaten {d.tahun}"
    wb.properties.creator = "Kecamatan TKSK"
    months = list(BULAN_SINGKAT)

    rows = [[b.label, *b.bulan, b.jumlah] for b in d.kegiatan]
    ws, head = _sheet(wb, "Kegiatan per bulan", d, "A. Kegiatan TKSK per kecamatan per bulan",
                      ["Kecamatan", *months, "Jumlah"], rows, [28] + [7] * 12 + [9])
    if rows:
        _bold_last(ws, head + len(rows), 14)

    rows = [[b.label, *b.nilai, b.jumlah] for b in d.per_fungsi]
    ws, head = _sheet(wb, "Kegiatan per fungsi", d,
                      "B. Kegiatan TKSK per kecamatan menurut fungsi",
                      ["Kecamatan", *d.fungsi, "Jumlah"], rows,
                      [28] + [16] * len(d.fungsi) + [10])
    if rows:
        _bold_last(ws, head + len(rows), len(d.fungsi) + 2)

    totals = ["Wajib", "Diterima", "Disetujui", "Tepat waktu", "Terlambat"]
    status_rows: list[list[object]] = [
        [r.kecamatan, *(s.teks for s in r.sel), r.wajib, r.diterima, r.disetujui, r.tepat,
         r.terlambat] for r in d.status]
    # the per-month total rows: the year's total under its own measure's column
    status_rows += [[b.label, *b.bulan, *(b.jumlah if j == i else None for j in range(5))]
                    for i, b in enumerate(d.status_jumlah)]
    ws, head = _sheet(wb, "Status laporan", d,
                      "C. Status laporan bulanan per kecamatan per bulan (tepat waktu / "
                      "terlambat terhadap batas pengajuan)",
                      ["Kecamatan", *months, *totals], status_rows, [28] + [15] * 12 + [10] * 5)
    for r, row in enumerate(d.status, head + 1):
        for c, sel in enumerate(row.sel, 2):
            colour = KETERANGAN_WARNA.get(sel.jenis, ("", "FFFFFF"))[1]
            if colour != "FFFFFF":
                ws.cell(r, c).fill = PatternFill("solid", fgColor=colour)
    r = head + len(status_rows) + 2
    ws.cell(r, 1, "Keterangan warna").font = _BOLD
    for label, colour in KETERANGAN_WARNA.values():
        r += 1
        ws.cell(r, 1, label).fill = PatternFill("solid", fgColor=colour)

    agency: list[list[object]] = [list(x) for x in d.instansi]
    if agency:
        agency.append(["Jumlah", *(sum(int(x[i]) for x in d.instansi) for i in (1, 2, 3))])
    ws, head = _sheet(wb, "Rujukan per instansi", d,
                      "D. Rujukan menurut instansi tujuan (semua kecamatan)",
                      ["Instansi tujuan", "Dibuat", "Ditutup", "Masih terbuka di akhir periode"],
                      agency, [45, 12, 12, 16])
    if agency:
        _bold_last(ws, head + len(agency), 4)

    rows = [[b.label, b.keterangan, *b.nilai, b.jumlah] for b in d.ppks]
    ws, head = _sheet(wb, "PPKS per kategori", d,
                      "E. PPKS hasil pemetaan per kecamatan menurut kategori",
                      ["Kecamatan", "Data per", *(f"{k}. {n}" for k, n in d.ppks_kategori),
                       "Jumlah"], rows, [28, 16] + [14] * len(d.ppks_kategori) + [10])
    if rows:
        _bold_last(ws, head + len(rows), len(d.ppks_kategori) + 3)

    ws, head = _sheet(wb, "Catatan", d, "Catatan: aturan penghitungan", ["No", "Catatan"],
                      [[i, c] for i, c in enumerate(d.catatan, 1)], [6, 120])
    ws.freeze_panes = None
    return wb


def render_xlsx(path: str | os.PathLike[str], d: RekapKabupaten,
                progress: Progress | None = None) -> Path:
    if progress is not None:
        progress(0, 0, "Menyusun buku kerja Excel...")
    return save_workbook(build(d), path)
