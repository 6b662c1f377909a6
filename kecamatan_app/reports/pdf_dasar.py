"""The base every printed document shares: paper sizes, kop surat, "Halaman x dari y", and an
atomic write. Plain data in, a PDF file out; no Qt."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import (
    Flowable,
    HRFlowable,
    Image,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from ..services.formatting import waktu

#: Photos go into the PDF as their JPEG bytes; ASCII85-encoding them (reportlab's default) only
#: makes the file a quarter larger and the rendering slower.
rl_config.useA85 = 0

#: F4 / folio as Indonesian offices use it: 215 x 330 mm.
F4 = (215 * mm, 330 * mm)
PAPER: dict[str, tuple[float, float]] = {"A4": A4, "F4": F4}

Progress = Callable[[int, int, str], None]

#: The left and right margins of every page (:func:`write_pdf`).
MARGIN = 20 * mm
#: The marking of a print that holds personal data (UU 27/2022).
RAHASIA = "RAHASIA - berisi data pribadi"


#: The kop surat logo: drawn this tall (keeping its aspect ratio), at most this wide, with this
#: gap before the lines.
LOGO_TINGGI = 21 * mm
LOGO_LEBAR_MAKS = 30 * mm
LOGO_JARAK = 4 * mm


@dataclass(frozen=True)
class Kop:
    """The kop surat lines (first lines bold and larger) printed at the top of page one, with the
    office logo (a PNG or JPEG file) on their left when there is one."""

    lines: Sequence[str]
    logo: Path | None = None


def styles() -> dict[str, ParagraphStyle]:
    base = getSampleStyleSheet()
    return {
        "kop1": ParagraphStyle("kop1", parent=base["Normal"], fontName="Helvetica-Bold",
                               fontSize=14, leading=17, alignment=TA_CENTER),
        "kop2": ParagraphStyle("kop2", parent=base["Normal"], fontName="Helvetica-Bold",
                               fontSize=16, leading=19, alignment=TA_CENTER),
        "kop3": ParagraphStyle("kop3", parent=base["Normal"], fontSize=9, leading=11,
                               alignment=TA_CENTER),
        "judul": ParagraphStyle("judul", parent=base["Normal"], fontName="Helvetica-Bold",
                                fontSize=12, leading=15, alignment=TA_CENTER, spaceAfter=6),
        "normal": ParagraphStyle("normal", parent=base["Normal"], fontSize=10, leading=13),
        "kecil": ParagraphStyle("kecil", parent=base["Normal"], fontSize=8, leading=10),
    }


def escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class _KopBerlogo(Flowable):
    """The logo on the left of the kop lines: a two-column table as wide as the frame. The lines'
    cell is padded on the right by the logo column's width, so they stay centred on the page."""

    def __init__(self, logo: Image, lines: list[Flowable]) -> None:
        super().__init__()
        self.logo, self.lines = logo, lines
        self.kolom = logo.drawWidth + LOGO_JARAK
        self._table: Table | None = None

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        t = Table([[self.logo, self.lines]], colWidths=[self.kolom, availWidth - self.kolom])
        t.setStyle(TableStyle([
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("ALIGN", (0, 0), (0, 0), "LEFT"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (0, 0), 0),
            ("RIGHTPADDING", (1, 0), (1, 0), self.kolom),
            ("TOPPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
        ]))
        self._table = t
        self.width, self.height = t.wrap(availWidth, availHeight)
        return self.width, self.height

    def draw(self) -> None:
        assert self._table is not None
        self._table.drawOn(self.canv, 0, 0)


def _logo_image(path: Path) -> Image | None:
    """The logo sized for the kop, or None when the file cannot be read (the kop then prints
    without it rather than failing the whole document)."""
    try:
        w, h = ImageReader(str(path)).getSize()
    except (OSError, ValueError):
        return None
    if w <= 0 or h <= 0:
        return None
    scale = min(LOGO_TINGGI / h, LOGO_LEBAR_MAKS / w)
    return Image(str(path), width=w * scale, height=h * scale, mask="auto")


def kop_flowables(kop: Kop) -> list[Flowable]:
    st = styles()
    lines = [line for line in kop.lines if line.strip()]
    out: list[Flowable] = []
    for i, line in enumerate(lines):
        style = st["kop1"] if i == 0 else st["kop2"] if i == 1 else st["kop3"]
        out.append(Paragraph(escape(line), style))
    logo = _logo_image(kop.logo) if kop.logo is not None else None
    if logo is not None:
        out = [_KopBerlogo(logo, out)]
    out.append(Spacer(1, 2 * mm))
    out.append(HRFlowable(width="100%", thickness=2, color=colors.black, spaceAfter=1))
    out.append(HRFlowable(width="100%", thickness=0.5, color=colors.black, spaceAfter=6 * mm))
    return out


def footer_rahasia(pada: dt.datetime, oleh: str, page_width: float | None = None) -> str:
    """"RAHASIA - berisi data pribadi. Dicetak <when> oleh <who>": the footer line of every page
    of a print that holds personal data. The name is shortened so the line leaves room for
    "Halaman x dari y" on the right: to fit a page ``page_width`` points wide, or, with no width,
    to 32 characters (room enough on portrait A4)."""
    head = f"{RAHASIA}. Dicetak {waktu(pada)} oleh "
    if page_width is None:
        return head + (oleh if len(oleh) <= 32 else oleh[:31] + "…")
    room = page_width - 2 * MARGIN - 30 * mm
    who = oleh
    while len(who) > 1 and stringWidth(head + who, "Helvetica", 8) > room:
        who = who[:-2] + "…"
    return head + who


def _numbered_canvas(footer_left: str) -> type[rl_canvas.Canvas]:
    class NumberedCanvas(rl_canvas.Canvas):
        """Holds pages until the end so each can say "Halaman x dari y"."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._saved: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._saved.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._saved)
            for state in self._saved:
                self.__dict__.update(state)
                width = self._pagesize[0]
                self.setFont("Helvetica", 8)
                self.drawRightString(width - 20 * mm, 10 * mm,
                                     f"Halaman {self._pageNumber} dari {total}")
                if footer_left:
                    self.drawString(20 * mm, 10 * mm, footer_left)
                super().showPage()
            super().save()

    return NumberedCanvas


def write_pdf(path: str | os.PathLike[str], story: list[Flowable], *, paper: str = "A4",
              title: str = "", author: str = "Kecamatan TKSK", footer_left: str = "",
              landscape: bool = False) -> Path:
    """Render ``story`` to ``path`` through ``path.tmp``; nothing is left behind on failure.

    ``landscape`` turns the paper (wide tables such as candidate lists)."""
    if paper not in PAPER:
        raise ValueError(f"Ukuran kertas tidak dikenal: {paper} (pilih A4 atau F4)")
    dest = Path(path)
    tmp = dest.with_name(dest.name + ".tmp")
    width, height = PAPER[paper]
    pagesize = (height, width) if landscape else (width, height)
    doc = SimpleDocTemplate(str(tmp), pagesize=pagesize, leftMargin=MARGIN,
                            rightMargin=MARGIN, topMargin=15 * mm, bottomMargin=18 * mm,
                            title=title, author=author, creator="Kecamatan TKSK")
    try:
        doc.build(story, canvasmaker=_numbered_canvas(footer_left))
        os.replace(tmp, dest)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return dest
