"""What the yearly recap of a kecamatan (:mod:`rekap_tahunan`) and the consolidated recap of a
kabupaten (:mod:`rekap_kabupaten_pdf`, :mod:`rekap_kabupaten_xlsx`) print alike: the month-grid
row and table, the head of the PDF (kop, title lines), and each sheet's title lines and print
set-up. Plain data in; no database, no Qt."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from openpyxl.styles import Font
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer, Table, TableStyle

from ..services.formatting import angka
from .laporan_xlsx import _setup
from .pdf_dasar import Kop, kop_flowables
from .rekap_baris import BULAN_SINGKAT as BULAN_SINGKAT
from .rekap_baris import Baris as Baris
from .tksk_pdf import _grid, _p, _styles
from .xlsx import clean_text

_BOLD = Font(bold=True)
_TITLE = Font(bold=True, size=13)


def kepala_pdf(kop: Sequence[str], logo: Path | None, judul: Sequence[str]) -> list[Flowable]:
    """The head of a recap's first page: the kop surat (with its logo) and the title lines."""
    st = _styles()
    out = kop_flowables(Kop(kop, logo))
    out += [_p(line, st["judul"]) for line in judul]
    out.append(Spacer(1, 3 * mm))
    return out


def tabel_bulan(rows: list[Baris], first: str, width: float) -> Table:
    """A label x month table with the year's total per row (``first``: the label column's
    title); one "Tidak ada data." row when there are no rows."""
    st = _styles()
    head = [_p(first, st["kepala"]), *(_p(b, st["kepala"]) for b in BULAN_SINGKAT),
            _p("Jml", st["kepala"])]
    body: list[list[object]] = [head]
    for r in rows:
        label = f"{r.kelompok}: {r.label}" if r.kelompok else r.label
        body.append([_p(label, st["sel"]), *(_p(angka(v) if v else "-", st["sel_tengah"])
                                              for v in r.bulan),
                     _p(angka(r.jumlah), st["sel_tengah"])])
    if len(body) == 1:
        body.append([_p("Tidak ada data.", st["sel"])] + [""] * 13)
    first_w = width * 0.3
    other = (width - first_w) / 13
    t = Table(body, colWidths=[first_w] + [other] * 13, repeatRows=1)
    t.setStyle(TableStyle(_grid(True)))
    return t


def judul_lembar(ws: Any, lines: Sequence[str], sub: str) -> int:
    """The title lines (bold, larger) and the table's own heading at the top of a sheet;
    returns the row its table's header goes in (a blank row below the heading)."""
    row = 1
    for line in lines:
        ws.cell(row, 1, clean_text(line)).font = _TITLE
        row += 1
    ws.cell(row, 1, clean_text(sub)).font = _BOLD
    return row + 2


def cetak_lembar(ws: Any, dicetak: str, widths: Sequence[float], head_row: int) -> None:
    """Every recap sheet's print set-up (the monthly report's: landscape A4, fit to width, the
    header row repeated, "Halaman x dari y"), with who printed it on the left of the footer as
    in the PDF (a recap holds aggregates only, no personal data)."""
    _setup(ws, True, widths, f"{head_row}:{head_row}")
    ws.oddFooter.left.text = clean_text(dicetak)
