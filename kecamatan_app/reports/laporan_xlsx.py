"""The monthly report as an Excel workbook with the same content as the PDF: one sheet per
section (Identitas, Pendahuluan, Kegiatan, Rekap, Kendala, Penutup, Foto, Riwayat), each with a
print set-up (A4, fit to width, header rows repeated, "Halaman x dari y"). Written to ``.tmp`` and
moved into place; no database, no Qt."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties

from ..services.formatting import tanggal
from .laporan_data import LaporanIsi
from .laporan_pdf import CATATAN_RAHASIA, KOLOM_KEGIATAN
from .xlsx import PAPER_A4, clean_text

_BOLD = Font(bold=True)
_TITLE = Font(bold=True, size=13)
_HEAD = PatternFill("solid", fgColor="DDE5F0")
_WRAP = Alignment(vertical="top", wrap_text=True)


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
    ws.oddFooter.left.text = CATATAN_RAHASIA


def _title(ws: Any, d: LaporanIsi, sub: str) -> int:
    row = 1
    for line in d.judul:
        ws.cell(row, 1, clean_text(line)).font = _TITLE
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


def build(d: LaporanIsi) -> Workbook:
    wb = Workbook()
    wb.properties.title = f"Laporan bulanan TKSK {d.bulan_label}"
    wb.properties.creator = "Kecamatan TKSK"
    ws: Any = wb.active
    ws.title = "Identitas"
    row = _title(ws, d, f"Status laporan: {d.status}" + (f" — Nomor {d.nomor}" if d.nomor else ""))
    i = d.identitas
    row = _table(ws, row, ("Data", "Isi"), [
        ("Nama", i.nama), ("NIK", i.nik), ("Nomor SK", i.sk_nomor), ("NIAT", i.niat or "-"),
        ("Kecamatan", i.kecamatan), ("Kabupaten/Kota", i.kabupaten),
        ("Nomor HP", i.telepon or "-")])
    t = d.ttd
    _table(ws, row, ("Penandatangan", "Isi"), [
        ("Tempat, tanggal", f"{t.tempat}, {tanggal(t.tanggal)}"),
        ("TKSK", i.nama), ("Camat", t.camat_nama), ("NIP Camat", t.camat_nip or "-")])
    _setup(ws, False, (28, 70), None)

    ws = wb.create_sheet("Pendahuluan")
    _text(ws, _title(ws, d, "BAB I PENDAHULUAN"), "Pendahuluan", d.pendahuluan)
    _setup(ws, False, (110,), None)

    ws = wb.create_sheet("Kegiatan")
    start = _title(ws, d, f"BAB II A. Kegiatan bulan {d.bulan_label}")
    _table(ws, start, KOLOM_KEGIATAN, [
        (k.no, k.hari_tanggal, k.uraian, k.fungsi, k.bentuk, k.lokasi, k.sasaran, k.mitra,
         k.hasil, k.keterangan) for k in d.kegiatan])
    ws.freeze_panes = f"A{start + 1}"
    _setup(ws, True, (5, 20, 45, 14, 20, 18, 20, 20, 35, 20), f"{start}:{start}")

    ws = wb.create_sheet("Rekap")
    row = _title(ws, d, "BAB II B. Rekapitulasi")
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
    _setup(ws, False, (45, 30, 14, 14), None)

    ws = wb.create_sheet("Kendala")
    row = _text(ws, _title(ws, d, "BAB III KENDALA DAN TINDAK LANJUT"), "A. Kendala", d.kendala)
    _text(ws, row, "B. Tindak lanjut", d.tindak_lanjut)
    _setup(ws, False, (110,), None)

    ws = wb.create_sheet("Penutup")
    row = _text(ws, _title(ws, d, "BAB IV PENUTUP"), "Penutup", d.penutup)
    _text(ws, row, "Tembusan", "\n".join(f"{n}. {x}" for n, x in enumerate(d.tembusan, 1)))
    _setup(ws, False, (110,), None)

    ws = wb.create_sheet("Foto")
    _table(ws, _title(ws, d, "LAMPIRAN: DOKUMENTASI KEGIATAN"), ("No", "Keterangan foto"),
           [(n, f.keterangan) for n, f in enumerate(d.foto, 1)])
    _setup(ws, False, (6, 100), None)

    ws = wb.create_sheet("Riwayat")
    _table(ws, _title(ws, d, "RIWAYAT LAPORAN"), ("Langkah", "Waktu", "Oleh", "Alasan/catatan"),
           [(s.status, s.pada, s.oleh, s.alasan) for s in d.riwayat])
    ws.column_dimensions["B"].width = 20
    for cells in ws.iter_rows(min_col=2, max_col=2):
        for cell in cells:
            if not isinstance(cell.value, str):
                cell.number_format = "dd-mm-yyyy hh:mm"
    _setup(ws, False, (16, 20, 28, 60), None)
    return wb


def render(path: str | os.PathLike[str], d: LaporanIsi) -> Path:
    dest = Path(path)
    tmp = dest.with_name(dest.name + ".tmp")
    try:
        build(d).save(str(tmp))
        os.replace(tmp, dest)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return dest
