"""The yearly recap for the camat and the Dinas Sosial: activities per month by function and
form, referrals per month and per agency, and PPKS reached per category per month. Plain data in,
PDF (landscape) or Excel out; no database, no Qt."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle

from ..services.formatting import angka
from .pdf_dasar import write_pdf
from .rekap_dasar import BULAN_SINGKAT, Baris, cetak_lembar, judul_lembar, kepala_pdf, tabel_bulan
from .tksk_pdf import _grid, _p, _styles, _width
from .xlsx import save_workbook


@dataclass
class RekapTahunan:
    kop: list[str]
    judul: list[str]
    tahun: int
    kegiatan: list[Baris]  # per function/form
    rujukan: list[Baris]  # made / closed / successful ... per month
    instansi: list[tuple[str, int, int, int, int]]  # agency, made, closed, successful, open
    ppks: list[Baris]  # category per month
    laporan: list[tuple[str, str, str]] = field(default_factory=list)  # month, status, note
    dicetak: str = ""
    logo: Path | None = None  # the kop surat logo, printed left of the kop lines


def story(d: RekapTahunan, paper: str = "A4") -> list[Flowable]:
    st = _styles()
    width = _width(paper, landscape=True)
    out = kepala_pdf(d.kop, d.logo, d.judul)
    out += [_p("A. Kegiatan menurut fungsi dan bentuk per bulan", st["bagian"]),
            tabel_bulan(d.kegiatan, "Fungsi: bentuk", width), Spacer(1, 4 * mm)]
    out += [_p("B. Rujukan per bulan", st["bagian"]),
            tabel_bulan(d.rujukan, "Rujukan", width), Spacer(1, 3 * mm)]
    rows: list[list[object]] = [[_p(h, st["kepala"]) for h in (
        "Instansi tujuan", "Dibuat", "Ditutup", "Berhasil", "Masih terbuka")]]
    rows += [[_p(n, st["sel"]), *(_p(angka(v), st["sel_tengah"]) for v in vals)]
             for n, *vals in d.instansi] or [[_p("Tidak ada rujukan.", st["sel"]), "", "", "",
                                              ""]]
    t = Table(rows, colWidths=[width * 0.4] + [width * 0.15] * 4, repeatRows=1)
    t.setStyle(TableStyle(_grid(True)))
    out += [KeepTogether([_p("Rujukan menurut instansi tujuan", st["normal"]), t]),
            Spacer(1, 4 * mm)]
    out += [_p("C. PPKS yang ditangani (penerima manfaat kegiatan) per bulan", st["bagian"]),
            tabel_bulan(d.ppks, "Kategori PPKS", width)]
    if d.laporan:
        rows = [[_p(h, st["kepala"]) for h in ("Bulan", "Status laporan", "Keterangan")]]
        rows += [[_p(a, st["sel"]), _p(b, st["sel"]), _p(c, st["sel"])] for a, b, c in
                 d.laporan]
        t = Table(rows, colWidths=[width * 0.2, width * 0.25, width * 0.55], repeatRows=1)
        t.setStyle(TableStyle(_grid(True)))
        out += [Spacer(1, 4 * mm), _p("D. Laporan bulanan", st["bagian"]), t]
    return out


def render_pdf(path: str | os.PathLike[str], d: RekapTahunan, paper: str = "A4") -> Path:
    return write_pdf(path, story(d, paper), paper=paper, landscape=True,
                     title=f"Rekap tahunan TKSK {d.tahun}", footer_left=d.dicetak)


def _sheet(ws: Any, d: RekapTahunan, sub: str, first: str, rows: list[Baris]) -> None:
    bold, head = Font(bold=True), PatternFill("solid", fgColor="DDE5F0")
    r = judul_lembar(ws, d.judul, sub)
    headers = ["Fungsi", first, *BULAN_SINGKAT, "Jumlah"]
    for c, h in enumerate(headers, 1):
        cell = ws.cell(r, c, h)
        cell.font, cell.fill = bold, head
    ws.freeze_panes = f"C{r + 1}"
    head_row = r
    for b in rows:
        r += 1
        for c, v in enumerate([b.kelompok, b.label, *b.bulan, b.jumlah], 1):
            ws.cell(r, c, v).alignment = Alignment(vertical="top", wrap_text=True)
    cetak_lembar(ws, d.dicetak, (16, 36, *[7] * 13), head_row)


def render_xlsx(path: str | os.PathLike[str], d: RekapTahunan) -> Path:
    wb = Workbook()
    wb.properties.title = f"Rekap tahunan TKSK {d.tahun}"
    wb.properties.creator = "Kecamatan TKSK"
    ws: Any = wb.active
    ws.title = "Kegiatan"
    _sheet(ws, d, "A. Kegiatan menurut fungsi dan bentuk per bulan", "Bentuk", d.kegiatan)
    _sheet(wb.create_sheet("Rujukan"), d, "B. Rujukan per bulan", "Rujukan", d.rujukan)
    ws = wb.create_sheet("Instansi")
    for c, h in enumerate(("Instansi tujuan", "Dibuat", "Ditutup", "Berhasil", "Masih terbuka"),
                          1):
        ws.cell(1, c, h).font = Font(bold=True)
    for r, row in enumerate(d.instansi, 2):
        for c, v in enumerate(row, 1):
            ws.cell(r, c, v)
    cetak_lembar(ws, d.dicetak, (45, 12, 12, 12, 14), 1)
    _sheet(wb.create_sheet("PPKS"), d, "C. PPKS yang ditangani per bulan", "Kategori", d.ppks)
    if d.laporan:
        ws = wb.create_sheet("Laporan")
        for c, h in enumerate(("Bulan", "Status laporan", "Keterangan"), 1):
            ws.cell(1, c, h).font = Font(bold=True)
        for r, (bulan, status, catatan) in enumerate(d.laporan, 2):
            for c, v in enumerate((bulan, status, catatan), 1):
                ws.cell(r, c, v)
        cetak_lembar(ws, d.dicetak, (18, 18, 60), 1)
    return save_workbook(wb, path)
