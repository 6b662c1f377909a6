"""The monthly report as an Excel workbook with the same content as the PDF: one sheet per
section (Identitas, Pendahuluan, Kegiatan, Rekap, Kendala, Penutup, Foto, Riwayat), each headed by
the kop surat (the office's lines, centred over the sheet, and its logo on their left when there
is one) and the title, each with a print set-up (A4, fit to width, header rows repeated,
"Halaman x dari y"). The Foto sheet holds the photos themselves, one a row beside its caption.
Written to ``.tmp`` and moved into place; no database, no Qt.

Photos go in as the stored JPEG files, shown scaled into a box of :data:`FOTO_PX`: nothing is
decoded (a progressive 1600-pixel JPEG takes some 40 ms to decode, 40 photos over a second and a
half), and openpyxl reads each file only while the workbook is saved, one at a time, so the
photos never sit in memory together. The workbook is about as large as the photos, as the PDF is.
"""

from __future__ import annotations

import io
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.drawing.image import Image as XlImage
from openpyxl.drawing.spreadsheet_drawing import AnchorMarker, OneCellAnchor
from openpyxl.drawing.xdr import XDRPositiveSize2D
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.utils.units import pixels_to_EMU
from openpyxl.worksheet.properties import PageSetupProperties
from PIL import Image as PILImage

from ..services.formatting import tanggal
from ..services.nip import format_nip
from .laporan_data import LaporanIsi
from .laporan_pdf import KOLOM_KEGIATAN
from .pdf_dasar import LOGO_LEBAR_MAKS, LOGO_TINGGI, RAHASIA
from .tksk_pdf import TandaTangan, camat_lines
from .xlsx import PAPER_A4, clean_text, save_workbook

_BOLD = Font(bold=True)
_TITLE = Font(bold=True, size=13)
_HEAD = PatternFill("solid", fgColor="DDE5F0")
_WRAP = Alignment(vertical="top", wrap_text=True)
_CENTRE = Alignment(horizontal="center", vertical="center")
#: The kop lines as in the PDF: the first two bold and larger, the rest (address) small; with
#: their row heights (points).
_KOP = ((Font(bold=True, size=12), 17.0), (Font(bold=True, size=14), 19.0), (Font(size=9), 12.0))
_KOP_GARIS = Border(bottom=Side(style="double"))
#: Pixels per point (sheet drawings are measured in pixels at 96 dpi).
_PX = 96 / 72
#: The logo as in the PDF's kop (21 mm tall, at most 30 mm wide), stored at three times that
#: so it prints sharply; with the gap from the sheet's corner (pixels).
LOGO_PX = (LOGO_LEBAR_MAKS * _PX, LOGO_TINGGI * _PX)
_LOGO_SIMPAN = 3
_TEPI = 4
#: The box a photo is fitted in on the Foto sheet (pixels: about 85 x 64 mm), and the widths of
#: that sheet's columns: No, Foto (the box and its margins), Keterangan.
FOTO_PX = (320, 240)
_FOTO_LEBAR = (6.0, 47.0, 50.0)
#: The PDF's words for a photo that cannot be read.
FOTO_RUSAK = "(foto tidak dapat dibaca)"


def _setup(ws: Any, landscape: bool, widths: Sequence[float], repeat: str | None) -> None:
    for i, w in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(i)].width = w
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.paperSize = PAPER_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    if repeat:
        ws.print_title_rows = repeat
    ws.oddFooter.center.text = "Halaman &P dari &N"
    ws.oddFooter.left.text = RAHASIA


def _anchor(ws: Any, img: XlImage, col: int, row: int, size: tuple[float, float],
            offset: float = _TEPI) -> None:
    """Place ``img`` at (1-based) ``col``/``row``, ``offset`` pixels in, shown at ``size``."""
    w, h = size
    img.width, img.height = w, h
    marker = AnchorMarker(col=col - 1, colOff=pixels_to_EMU(offset), row=row - 1,
                          rowOff=pixels_to_EMU(offset))
    img.anchor = OneCellAnchor(_from=marker, ext=XDRPositiveSize2D(pixels_to_EMU(w),
                                                                    pixels_to_EMU(h)))
    ws.add_image(img)


def _fit(size: tuple[int, int], box: tuple[float, float]) -> tuple[float, float]:
    scale = min(box[0] / size[0], box[1] / size[1])
    return size[0] * scale, size[1] * scale


def logo_png(path: Path | None) -> tuple[bytes, tuple[float, float]] | None:
    """The logo shrunk once for every sheet (a PNG keeps its transparency) and the size it is
    shown at; None without a logo or when its file cannot be read (the kop then goes without
    it, as in the PDF)."""
    if path is None:
        return None
    try:
        with PILImage.open(path) as src:
            shown = _fit(src.size, LOGO_PX)
            img = src.convert("RGBA")
    except (OSError, ValueError, PILImage.DecompressionBombError):
        return None
    img.thumbnail((round(shown[0] * _LOGO_SIMPAN), round(shown[1] * _LOGO_SIMPAN)))
    out = io.BytesIO()
    img.save(out, "PNG", optimize=True)
    return out.getvalue(), shown


class _Kepala:
    """Writes the kop surat and the title lines at the top of each sheet."""

    def __init__(self, d: LaporanIsi) -> None:
        self.d = d
        self.logo = logo_png(d.logo)

    def tulis(self, ws: Any, sub: str, ncols: int) -> int:
        """Kop, title lines and the section heading; returns the first row after them."""
        row = 1
        last = get_column_letter(max(ncols, 1))
        kop = [clean_text(x) for x in self.d.kop if x.strip()]
        heights = [_KOP[min(i, 2)][1] for i in range(len(kop))]
        if self.logo is not None and kop:  # the kop rows hold the logo
            need = (self.logo[1][1] + 2 * _TEPI) / _PX
            if sum(heights) < need:
                heights = [h * need / sum(heights) for h in heights]
        for i, line in enumerate(kop):
            cell = ws.cell(row, 1, line)
            cell.font, cell.alignment = _KOP[min(i, 2)][0], _CENTRE
            ws.row_dimensions[row].height = heights[i]
            if ncols > 1:
                ws.merge_cells(f"A{row}:{last}{row}")
            row += 1
        if kop:
            for c in range(1, max(ncols, 1) + 1):
                ws.cell(row - 1, c).border = _KOP_GARIS
            row += 1
        if self.logo is not None and kop:
            _anchor(ws, XlImage(io.BytesIO(self.logo[0])), 1, 1, self.logo[1])
        for line in self.d.judul:
            cell = ws.cell(row, 1, clean_text(line))
            cell.font, cell.alignment = _TITLE, Alignment(horizontal="center")
            if ncols > 1:
                ws.merge_cells(f"A{row}:{last}{row}")
            row += 1
        ws.cell(row, 1, sub).font = _BOLD
        return row + 2


def _table(ws: Any, row: int, headers: Sequence[str], rows: Sequence[Sequence[object]]) -> int:
    for c, h in enumerate(headers, 1):
        cell = ws.cell(row, c, h)
        cell.font, cell.fill, cell.alignment = _BOLD, _HEAD, _WRAP
    for r in rows:
        row += 1
        for c, v in enumerate(r, 1):
            cell = ws.cell(row, c, clean_text(v) if isinstance(v, str) else v)
            cell.alignment = _WRAP
    return row + 2


def _text(ws: Any, row: int, heading: str, text: str) -> int:
    ws.cell(row, 1, heading).font = _BOLD
    for line in (text or "-").splitlines() or ["-"]:
        row += 1
        ws.cell(row, 1, clean_text(line)).alignment = _WRAP
    return row + 2


def _penandatangan(d: LaporanIsi) -> list[tuple[str, str]]:
    """The signature block as label/value rows: the camat's title, name, position note,
    rank and NIP grouped as the PDF prints them (``19700101 200003 1 001``)."""
    t, i = d.ttd, d.identitas
    title, _under = camat_lines(TandaTangan(
        kecamatan=i.kecamatan, camat_nama=t.camat_nama, camat_plt=t.camat_plt))
    rows = [("Tempat, tanggal", f"{t.tempat}, {tanggal(t.tanggal)}"),
            ("TKSK", i.nama), ("Jabatan TKSK", f"TKSK Kecamatan {i.kecamatan}"),
            ("Mengetahui", title), ("Camat", t.camat_nama or "-")]
    if t.camat_plt and t.camat_keterangan.strip() \
            and t.camat_keterangan.strip().lower() != title.lower():
        rows.append(("Keterangan jabatan", t.camat_keterangan))
    if t.camat_pangkat.strip():
        rows.append(("Pangkat/golongan", t.camat_pangkat))
    rows.append(("NIP Camat", format_nip(t.camat_nip) if t.camat_nip.strip() else "-"))
    return rows


def _foto(ws: Any, d: LaporanIsi, row: int) -> None:
    """One photo a row: its number, the photo fitted in :data:`FOTO_PX`, its caption."""
    for c, h in enumerate(("No", "Foto", "Keterangan foto"), 1):
        cell = ws.cell(row, c, h)
        cell.font, cell.fill, cell.alignment = _BOLD, _HEAD, _WRAP
    height = (FOTO_PX[1] + 2 * _TEPI) / _PX
    for n, f in enumerate(d.foto, 1):
        row += 1
        ws.cell(row, 1, n).alignment = _WRAP
        ws.cell(row, 3, clean_text(f.keterangan)).alignment = _WRAP
        ws.row_dimensions[row].height = height
        try:
            img = XlImage(str(f.path))  # reads the header only; the bytes at save time
        except (OSError, ValueError, PILImage.DecompressionBombError):
            ws.cell(row, 2, FOTO_RUSAK).alignment = _WRAP
            continue
        _anchor(ws, img, 2, row, _fit((img.width, img.height), FOTO_PX))


def build(d: LaporanIsi) -> Workbook:
    wb = Workbook()
    wb.properties.title = f"Laporan bulanan TKSK {d.bulan_label}"
    wb.properties.creator = "Kecamatan TKSK"
    kepala = _Kepala(d)
    ws: Any = wb.active
    ws.title = "Identitas"
    widths: Sequence[float] = (28, 70)
    row = kepala.tulis(ws, f"Status laporan: {d.status}" + (f" — Nomor {d.nomor}" if d.nomor
                                                              else ""), len(widths))
    i = d.identitas
    row = _table(ws, row, ("Data", "Isi"), [
        ("Nama", i.nama), ("NIK", i.nik), ("Nomor SK", i.sk_nomor), ("NIAT", i.niat or "-"),
        ("Kecamatan", i.kecamatan), ("Kabupaten/Kota", i.kabupaten),
        ("Nomor HP", i.telepon or "-")])
    _table(ws, row, ("Penandatangan", "Isi"), _penandatangan(d))
    _setup(ws, False, widths, None)

    ws = wb.create_sheet("Pendahuluan")
    _text(ws, kepala.tulis(ws, "BAB I PENDAHULUAN", 1), "Pendahuluan", d.pendahuluan)
    _setup(ws, False, (110,), None)

    ws = wb.create_sheet("Kegiatan")
    widths = (5, 20, 45, 14, 20, 18, 20, 20, 35, 20)
    start = kepala.tulis(ws, f"BAB II A. Kegiatan bulan {d.bulan_label}", len(widths))
    _table(ws, start, KOLOM_KEGIATAN, [
        (k.no, k.hari_tanggal, k.uraian, k.fungsi, k.bentuk, k.lokasi, k.sasaran, k.mitra,
         k.hasil, k.keterangan) for k in d.kegiatan])
    ws.freeze_panes = f"A{start + 1}"
    _setup(ws, True, widths, f"{start}:{start}")

    ws = wb.create_sheet("Rekap")
    widths = (45, 30, 14, 14)
    row = kepala.tulis(ws, "BAB II B. Rekapitulasi", len(widths))
    row = _table(ws, row, ("Fungsi", "Bentuk", "Jumlah kegiatan"),
                 [*d.per_bentuk, ("Jumlah", "", d.jumlah_kegiatan)])
    row = _table(ws, row, ("Desa/Kelurahan", "Kegiatan", "Peserta L", "Peserta P"), d.per_desa)
    row = _table(ws, row, ("Kategori PPKS yang ditangani", "Jumlah"), d.ppks)
    r = d.rujukan
    row = _table(ws, row, ("Rujukan", "Jumlah"), [
        ("Dibuat", r.dibuat), ("Ditutup", r.ditutup), ("Terbuka pada akhir bulan", r.terbuka),
        ("Terlambat dijawab", r.terlambat)])
    row = _table(ws, row, ("Instansi tujuan", "Dibuat", "Ditutup", "Terbuka"), r.per_instansi)
    _table(ws, row, ("Pemutakhiran pemetaan sosial", "Jumlah"), d.pemetaan)
    _setup(ws, False, widths, None)

    ws = wb.create_sheet("Kendala")
    row = _text(ws, kepala.tulis(ws, "BAB III KENDALA DAN TINDAK LANJUT", 1), "A. Kendala",
                d.kendala)
    _text(ws, row, "B. Tindak lanjut", d.tindak_lanjut)
    _setup(ws, False, (110,), None)

    ws = wb.create_sheet("Penutup")
    row = _text(ws, kepala.tulis(ws, "BAB IV PENUTUP", 1), "Penutup", d.penutup)
    _text(ws, row, "Tembusan", "\n".join(f"{n}. {x}" for n, x in enumerate(d.tembusan, 1)))
    _setup(ws, False, (110,), None)

    ws = wb.create_sheet("Foto")
    start = kepala.tulis(ws, "LAMPIRAN: DOKUMENTASI KEGIATAN", len(_FOTO_LEBAR))
    _foto(ws, d, start)
    _setup(ws, False, _FOTO_LEBAR, f"{start}:{start}")

    ws = wb.create_sheet("Riwayat")
    widths = (16, 20, 28, 60)
    _table(ws, kepala.tulis(ws, "RIWAYAT LAPORAN", len(widths)),
           ("Langkah", "Waktu", "Oleh", "Alasan/catatan"),
           [(s.status, s.pada, s.oleh, s.alasan) for s in d.riwayat])
    for cells in ws.iter_rows(min_col=2, max_col=2):
        for cell in cells:
            if not isinstance(cell.value, str) and cell.value is not None:
                cell.number_format = "dd-mm-yyyy hh:mm"
    _setup(ws, False, widths, None)
    return wb


def render(path: str | os.PathLike[str], d: LaporanIsi) -> Path:
    return save_workbook(build(d), path)
