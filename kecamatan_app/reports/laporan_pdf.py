"""The monthly report (laporan bulanan) as PDF, following domain/laporan-bulanan.md: kop surat,
title, TKSK identity, BAB I-IV, signatures, tembusan, the photo annex (four per page) and the
dated workflow history on the last page. Plain data in (:mod:`laporan_data`), a PDF out; no
database, no Qt.

The ten-column activity table of BAB II is printed on landscape pages (the rest of the report is
portrait), with column widths measured from their content so that no word is broken in the
middle ("Fasilitasi", "Hari/Tanggal", a desa name); only a word longer than a fifth of the table
is still split.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from pathlib import Path

from PIL import Image as PILImage
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from ..services.formatting import angka, waktu
from .laporan_data import LaporanIsi
from .pdf_dasar import PAPER, RAHASIA, Kop, Progress, _numbered_canvas, escape, kop_flowables
from .tksk_pdf import (
    GRID,
    MARGIN,
    TandaTangan,
    _grid,
    _p,
    _plain,
    _styles,
    _width,
    signature_block,
)

KOLOM_KEGIATAN = ("No", "Hari/Tanggal", "Uraian Kegiatan", "Fungsi", "Bentuk", "Lokasi",
                  "Sasaran", "Mitra", "Hasil", "Keterangan")
#: Relative widths the activity table aims at on a landscape page; each column gets at least
#: the width of its longest word (see :func:`lebar_kolom`).
_LEBAR = (3, 9, 26, 8, 10, 9, 9, 10, 18, 12)
#: Left and right padding of the activity table's cells (points).
_PAD = 2.5
TEGAK, LANSKAP = "tegak", "lanskap"
NBSP = "\u00a0"
#: Spaces a line may break at (everything but the no-break space, as in reportlab).
_SPASI = re.compile(r"[^\S\u00a0]+")
MARGIN_ATAS, MARGIN_BAWAH = 15 * mm, 18 * mm


def _bab_style() -> ParagraphStyle:
    """BAB headings: bold, with room above them (dropped at the top of a page), never left
    alone at the foot of a page."""
    return ParagraphStyle("bab", parent=_styles()["bagian"], spaceBefore=10, spaceAfter=3,
                          keepWithNext=1)


def _judul_tabel(st: dict[str, ParagraphStyle]) -> ParagraphStyle:
    """A numbered recap heading ("5. Pemutakhiran ..."): kept on the page of its table."""
    return ParagraphStyle("judul_tabel", parent=st["normal"], keepWithNext=1)


def lebar_kolom(cells: Sequence[Sequence[str]], header: Sequence[str], width: float,
                weights: Sequence[float], style: ParagraphStyle, head: ParagraphStyle,
                pad: float = _PAD) -> list[float]:
    """Column widths summing to ``width``: each column as near its share of ``weights`` as it
    can be while still holding its longest word (at most a fifth of the width)."""
    cap = width / 5
    mins = []
    for c, title in enumerate(header):
        need = max((stringWidth(w, head.fontName, head.fontSize) for w in _SPASI.split(title)),
                   default=0.0)
        for row in cells:
            need = max(need, *(stringWidth(w, style.fontName, style.fontSize)
                               for w in _SPASI.split(row[c])), 0.0)
        mins.append(min(need + 2 * pad + 1, cap))
    total = sum(weights)
    widths = [max(m, width * wt / total) for m, wt in zip(mins, weights, strict=True)]
    excess = sum(widths) - width
    slack = [w - m for w, m in zip(widths, mins, strict=True)]
    if excess > 0 and sum(slack) >= excess:
        widths = [w - s * excess / sum(slack) for w, s in zip(widths, slack, strict=True)]
    elif excess > 0:  # even the longest words do not fit: shrink everything alike
        widths = [m * width / sum(mins) for m in mins]
    return widths


class Sel(Paragraph):
    """A cell of the activity table, wrapped once per width.

    A table of 300 activities over a dozen pages wraps each of its 3,000 cells three times
    (measured, measured again when split across pages, then drawn), always at its column's
    width; a paragraph's wrap depends on that width alone, so the first result is kept."""

    _lebar: float | None = None

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        if availWidth == self._lebar:
            return self.width, self.height
        size: tuple[float, float] = super().wrap(availWidth, availHeight)
        # kept only when a wrap took place (none in a column narrower than reportlab's fuzz)
        self._lebar = availWidth if getattr(self, "width", None) == availWidth else None
        return size


def _sel(text: str, style: ParagraphStyle) -> Sel:
    return Sel(escape(text), style)


def _paras(text: str, style: object) -> list[Flowable]:
    """Text with blank lines as paragraph breaks and single newlines kept."""
    out: list[Flowable] = []
    for block in text.strip().split("\n\n"):
        if block.strip():
            out.append(Paragraph("<br/>".join(escape(x) for x in block.splitlines()), style))
            out.append(Spacer(1, 2 * mm))
    return out or [Paragraph("-", style)]


def _table(rows: list[list[object]], widths: list[float], header: bool = True) -> Table:
    t = Table(rows, colWidths=widths, repeatRows=1 if header else 0)
    t.setStyle(TableStyle(_grid(header)))
    return t


def _identitas(d: LaporanIsi, width: float) -> Table:
    st = _styles()
    i = d.identitas
    rows = [("Nama", i.nama), ("NIK", i.nik), ("Nomor SK", i.sk_nomor),
            ("NIAT", i.niat or "-"), ("Kecamatan", i.kecamatan),
            ("Kabupaten/Kota", i.kabupaten), ("Nomor HP", i.telepon or "-")]
    t = Table([[_p(a, st["identitas"]), _p(":", st["identitas"]), _p(b, st["identitas"])]
               for a, b in rows], colWidths=[35 * mm, 4 * mm, width - 39 * mm])
    t.setStyle(TableStyle([*_plain(bottom=1.5), ("LEFTPADDING", (0, 0), (-1, -1), 1),
                           ("RIGHTPADDING", (0, 0), (-1, -1), 1)]))
    return t


def _utuh(sasaran: str) -> str:
    """"12 orang (L 5, P 7)" with "(L 5, P 7)" kept on one line."""
    return re.sub(r"\(L (\d+), P (\d+)\)", lambda m: f"(L{NBSP}{m[1]},{NBSP}P{NBSP}{m[2]})",
                  sasaran)


def _kegiatan(d: LaporanIsi, width: float) -> Flowable:
    st = _styles()
    if not d.kegiatan:
        return _p("Tidak ada kegiatan final yang tercatat pada bulan ini.", st["normal"])
    texts = [[str(k.no), k.hari_tanggal, k.uraian, k.fungsi, k.bentuk, k.lokasi,
              _utuh(k.sasaran), k.mitra, k.hasil, k.keterangan] for k in d.kegiatan]
    widths = lebar_kolom(texts, KOLOM_KEGIATAN, width, _LEBAR, st["sel"], st["kepala"])
    rows: list[list[object]] = [[_p(h, st["kepala"]) for h in KOLOM_KEGIATAN]]
    rows += [[_sel(row[0], st["sel_tengah"]), *(_sel(x, st["sel"]) for x in row[1:])]
             for row in texts]
    table = _table(rows, widths)
    table.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), _PAD),
                               ("RIGHTPADDING", (0, 0), (-1, -1), _PAD)]))
    return table


def _per_bentuk(d: LaporanIsi, width: float) -> Table:
    """Activities per function and form: each function's name once, over its forms."""
    st = _styles()
    rows: list[list[object]] = [[_p(h, st["kepala"]) for h in ("Fungsi", "Bentuk", "Jumlah")]]
    spans: list[tuple[object, ...]] = []
    start = 1
    for i, (f, b, n) in enumerate(d.per_bentuk, 1):
        first = i == 1 or d.per_bentuk[i - 2][0] != f
        if first and i > start:
            spans.append(("SPAN", (0, start), (0, i - 1)))
        if first:
            start = i
        rows.append([_p(f, st["sel"]) if first else "", _p(b, st["sel"]),
                     _p(angka(n), st["sel_tengah"])])
    if len(rows) - 1 > start:
        spans.append(("SPAN", (0, start), (0, len(rows) - 1)))
    rows.append([_p("Jumlah", st["sel_tebal"]), "",
                 _p(angka(d.jumlah_kegiatan), st["sel_tengah"])])
    spans.append(("SPAN", (0, len(rows) - 1), (1, len(rows) - 1)))
    table = _table(rows, [width * 0.3, width * 0.5, width * 0.2])
    table.setStyle(TableStyle(spans))
    return table


def _rekap(d: LaporanIsi, width: float) -> list[Flowable]:
    st = _styles()
    sub = _judul_tabel(st)
    out: list[Flowable] = [_p("B. Rekapitulasi", st["bagian"])]
    out.append(_p("1. Kegiatan menurut fungsi dan bentuk", sub))
    out += [_per_bentuk(d, width), Spacer(1, 3 * mm)]
    out.append(_p("2. Kegiatan menurut desa/kelurahan", sub))
    rows: list[list[object]] = [[_p(h, st["kepala"]) for h in (
        "Desa/Kelurahan", "Kegiatan", "Peserta L", "Peserta P")]]
    rows += [[_p(n, st["sel"]), *(_p(angka(v), st["sel_tengah"]) for v in (a, b, c))]
             for n, a, b, c in d.per_desa] or [[_p("-", st["sel"]), "", "", ""]]
    out += [_table(rows, [width * 0.46] + [width * 0.18] * 3), Spacer(1, 3 * mm)]
    out.append(_p("3. PPKS yang ditangani (penerima manfaat kegiatan menurut kategori)", sub))
    rows = [[_p(h, st["kepala"]) for h in ("Kategori PPKS", "Jumlah")]]
    rows += [[_p(n, st["sel"]), _p(angka(v), st["sel_tengah"])] for n, v in d.ppks] or \
        [[_p("Tidak ada PPKS dari registri di antara penerima manfaat kegiatan bulan ini.",
             st["sel"]), ""]]
    out += [_table(rows, [width * 0.8, width * 0.2]), Spacer(1, 3 * mm)]
    r = d.rujukan
    out.append(_p(f"4. Rujukan: dibuat {angka(r.dibuat)}, ditutup {angka(r.ditutup)}, masih "
                  f"terbuka {angka(r.terbuka)} (terlambat dijawab {angka(r.terlambat)}) pada "
                  f"akhir bulan", sub if r.per_instansi else st["normal"]))
    if r.per_instansi:
        rows = [[_p(h, st["kepala"]) for h in ("Instansi tujuan", "Dibuat", "Ditutup",
                                               "Terbuka")]]
        rows += [[_p(n, st["sel"]), *(_p(angka(v), st["sel_tengah"]) for v in (a, b, c))]
                 for n, a, b, c in r.per_instansi]
        out.append(_table(rows, [width * 0.46] + [width * 0.18] * 3))
    out.append(Spacer(1, 3 * mm))
    out.append(_p("5. Pemutakhiran data pemetaan sosial", sub))
    rows = [[_p(h, st["kepala"]) for h in ("Uraian", "Jumlah")]]
    rows += [[_p(n, st["sel"]), _p(angka(v), st["sel_tengah"])] for n, v in d.pemetaan]
    out.append(_table(rows, [width * 0.8, width * 0.2]))
    return out


class FotoBerkas(Flowable):
    """A stored photo fitted into ``box`` (width, height), drawn from its file name.

    reportlab's :class:`~reportlab.platypus.Image` reads a file without a ``.jpg`` extension
    (the attachment store names files by their hash) through an ``ImageReader``, and then
    decodes every pixel and hashes them only to name the image in the PDF: a tenth of a second
    per 1600-pixel photo. Given the file name instead, the canvas names the image by its path
    (unique: the store is content-addressed) and copies the JPEG bytes as they are, without
    decoding them. Only the header is read here, for the size."""

    def __init__(self, path: Path, box: tuple[float, float]) -> None:
        super().__init__()
        self.path = str(path)
        with PILImage.open(self.path) as img:  # the header only; OSError when unreadable
            w, h = img.size
        if w <= 0 or h <= 0:
            raise OSError(f"ukuran gambar tidak sah: {w}x{h}")
        scale = min(box[0] / w, box[1] / h)
        self.drawWidth, self.drawHeight = w * scale, h * scale

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return self.drawWidth, self.drawHeight

    def draw(self) -> None:
        self.canv.drawImage(self.path, 0, 0, self.drawWidth, self.drawHeight, mask="auto")


def _foto(d: LaporanIsi, width: float, progress: Progress | None) -> list[Flowable]:
    """Two photos a row, two rows a page: every photo fitted and centred in a box of the same
    size, its caption under the box, so captions of a row line up."""
    st = _styles()
    out: list[Flowable] = [PageBreak(), _p("LAMPIRAN: DOKUMENTASI KEGIATAN", st["judul"])]
    cell_w = width / 2 - 6 * mm
    box_h = 90 * mm
    cells: list[object] = []
    for i, f in enumerate(d.foto, 1):
        try:
            content: object = FotoBerkas(f.path, (cell_w - 4 * mm, box_h - 4 * mm))
        except OSError:
            content = _p("(foto tidak dapat dibaca)", st["sel_miring"])
        inner = Table([[content], [_p(f"{i}. {f.keterangan}", st["sel"])]],
                      colWidths=[cell_w], rowHeights=[box_h, None])
        inner.setStyle(TableStyle([*_plain(bottom=0), ("ALIGN", (0, 0), (0, 0), "CENTER"),
                                   ("VALIGN", (0, 0), (0, 0), "MIDDLE"),
                                   ("BOX", (0, 0), (0, 0), 0.5, GRID),
                                   ("TOPPADDING", (0, 1), (0, 1), 1.5 * mm),
                                   ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                   ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
        cells.append(inner)
        if progress:
            progress(i, len(d.foto), "Menyusun lampiran foto")
    if len(cells) % 2:
        cells.append("")
    rows = [cells[i:i + 2] for i in range(0, len(cells), 2)]
    table = Table(rows, colWidths=[width / 2] * 2)
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 6 * mm)]))
    out.append(table)
    return out


def _riwayat(d: LaporanIsi, width: float) -> list[Flowable]:
    st = _styles()
    rows: list[list[object]] = [[_p(h, st["kepala"]) for h in ("Langkah", "Waktu", "Oleh",
                                                               "Alasan/catatan")]]
    rows += [[_p(s.status, st["sel"]), _p(waktu(s.pada), st["sel"]), _p(s.oleh, st["sel"]),
              _p(s.alasan or "-", st["sel"])] for s in d.riwayat]
    return [PageBreak(), _p("RIWAYAT LAPORAN", st["judul"]),
            _table(rows, [width * 0.16, width * 0.22, width * 0.24, width * 0.38])]


def _bab_ii(d: LaporanIsi, paper: str) -> list[Flowable]:
    """BAB II: the activity table on landscape pages of its own, then the recaps (portrait)."""
    st = _styles()
    bab = _p("BAB II PELAKSANAAN KEGIATAN", _bab_style())
    out: list[Flowable] = []
    if d.tampil("kegiatan") and d.kegiatan:
        out += [NextPageTemplate(LANSKAP), PageBreak(), bab,
                _p(f"A. Kegiatan bulan {d.bulan_label} ({angka(d.jumlah_kegiatan)} kegiatan)",
                   st["bagian"]), _kegiatan(d, _width(paper, landscape=True))]
        if d.tampil("rekap"):
            out += [NextPageTemplate(TEGAK), PageBreak()]
        else:
            out.append(NextPageTemplate(TEGAK))
    elif d.tampil("kegiatan"):
        out += [bab, _p(f"A. Kegiatan bulan {d.bulan_label} (0 kegiatan)", st["bagian"]),
                _kegiatan(d, _width(paper)), Spacer(1, 3 * mm)]
    elif d.tampil("rekap"):
        out.append(bab)
    if d.tampil("rekap"):
        out += _rekap(d, _width(paper))
    return out


def story(d: LaporanIsi, paper: str = "A4", progress: Progress | None = None) -> list[Flowable]:
    st = _styles()
    bab = _bab_style()
    width = _width(paper)
    out = kop_flowables(Kop(d.kop, d.logo))
    for line in d.judul:
        out.append(_p(line, st["judul"]))
    if d.nomor:
        out.append(_p(f"Nomor: {d.nomor}", st["ttd"]))
    out.append(Spacer(1, 3 * mm))
    if d.tampil("identitas"):
        out += [_p("IDENTITAS TKSK", st["bagian"]), _identitas(d, width)]
    if d.tampil("pendahuluan"):
        out += [_p("BAB I PENDAHULUAN", bab), *_paras(d.pendahuluan, st["normal"])]
    out += _bab_ii(d, paper)
    if d.tampil("kendala"):
        out += [_p("BAB III KENDALA DAN TINDAK LANJUT", bab),
                _p("A. Kendala", st["normal"]), *_paras(d.kendala, st["normal"]),
                _p("B. Tindak lanjut", st["normal"]), *_paras(d.tindak_lanjut, st["normal"])]
    closing: list[Flowable] = []
    if d.tampil("penutup"):
        closing += [_p("BAB IV PENUTUP", bab), *_paras(d.penutup, st["normal"])]
    if d.tampil("tanda_tangan"):
        t = d.ttd
        closing += signature_block(TandaTangan(
            kecamatan=d.identitas.kecamatan, camat_nama=t.camat_nama, camat_nip=t.camat_nip,
            camat_plt=t.camat_plt, camat_keterangan=t.camat_keterangan,
            camat_pangkat=t.camat_pangkat, tempat=t.tempat, tanggal=t.tanggal,
            jabatan_kanan=f"TKSK Kecamatan {d.identitas.kecamatan}",
            nama_kanan=d.identitas.nama), width)
    if d.tampil("tembusan") and d.tembusan:
        closing += [Spacer(1, 6 * mm), _p("Tembusan:", st["normal"])]
        closing += [_p(f"{i}. {t}", st["normal"]) for i, t in enumerate(d.tembusan, 1)]
    if closing:
        # BAB IV, the signatures and the tembusan as one block: where it does not fit under
        # BAB III it starts the next page whole, so neither a signature nor the tembusan is
        # left alone on a page (a block taller than a page still flows over two)
        out.append(KeepTogether(closing))
    if d.tampil("lampiran_foto") and d.foto:
        out += _foto(d, width, progress)
    if d.tampil("riwayat") and d.riwayat:
        out += _riwayat(d, width)
    return out


def _document(path: str, paper: str, title: str) -> BaseDocTemplate:
    """Portrait pages, and landscape ones for the activity table (the same margins)."""
    w, h = PAPER[paper]
    doc = BaseDocTemplate(path, pagesize=(w, h), leftMargin=MARGIN, rightMargin=MARGIN,
                          topMargin=MARGIN_ATAS, bottomMargin=MARGIN_BAWAH, title=title,
                          author="Kecamatan TKSK", creator="Kecamatan TKSK")
    templates = []
    for name, (pw, ph) in ((TEGAK, (w, h)), (LANSKAP, (h, w))):
        frame = Frame(MARGIN, MARGIN_BAWAH, pw - 2 * MARGIN, ph - MARGIN_ATAS - MARGIN_BAWAH,
                      id=name)
        templates.append(PageTemplate(name, [frame], pagesize=(pw, ph)))
    doc.addPageTemplates(templates)
    return doc


def render(path: str | os.PathLike[str], d: LaporanIsi, paper: str = "A4",
           progress: Progress | None = None) -> Path:
    """Write the report atomically to ``path`` (A4 or F4) through ``path.tmp``; nothing is left
    behind on failure."""
    if paper not in PAPER:
        raise ValueError(f"Ukuran kertas tidak dikenal: {paper} (pilih A4 atau F4)")
    footer = " — ".join(x for x in (RAHASIA, d.dicetak) if x)
    dest = Path(path)
    tmp = dest.with_name(dest.name + ".tmp")
    doc = _document(str(tmp), paper, f"Laporan bulanan TKSK {d.bulan_label}")
    try:
        doc.build(story(d, paper, progress), canvasmaker=_numbered_canvas(footer))
        os.replace(tmp, dest)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return dest
