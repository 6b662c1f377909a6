"""The consolidated yearly recap of a kabupaten as a landscape PDF: the Dinas kop, then
activities per kecamatan x month and x function, the monthly reports' status per kecamatan x
month with on-time marks, referrals per agency and PPKS per kecamatan x category. Plain data in
(:mod:`rekap_kabupaten_data`), a PDF out through :func:`pdf_dasar.write_pdf`; no database, no
Qt."""

from __future__ import annotations

import os
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from ..services.formatting import angka
from .pdf_dasar import Progress, escape, write_pdf
from .rekap_dasar import kepala_pdf, tabel_bulan
from .rekap_kabupaten_data import BULAN_SINGKAT, KETERANGAN_WARNA, BarisAngka, RekapKabupaten
from .tksk_pdf import _grid, _p, _styles, _width

#: Category columns per PPKS table; more categories continue in a second table.
PPKS_PER_TABEL = 16
BAGIAN = (
    "A. Kegiatan TKSK per kecamatan per bulan",
    "B. Kegiatan TKSK per kecamatan menurut fungsi",
    "C. Status laporan bulanan per kecamatan per bulan",
    "D. Rujukan menurut instansi tujuan (semua kecamatan)",
    "E. PPKS hasil pemetaan per kecamatan menurut kategori",
)


def _st() -> dict[str, ParagraphStyle]:
    st = _styles()
    st["mini"] = ParagraphStyle("mini", parent=st["sel_tengah"], fontSize=6.3, leading=7.4)
    st["mini_kepala"] = ParagraphStyle("mini_kepala", parent=st["kepala"], fontSize=6.5,
                                       leading=7.6)
    return st


def _cell(v: int, st: dict[str, ParagraphStyle]) -> Paragraph:
    return _p(angka(v) if v else "-", st["sel_tengah"])


def _per_kolom(rows: list[BarisAngka], heads: list[str], width: float, first: str,
               extra: str = "", part: slice = slice(None), total: bool = True) -> Table:
    """A kecamatan x column table (the columns ``part`` of the rows' values) with the rows'
    whole total when ``total``; ``extra`` adds a text column (e.g. the month the row's data is
    of) after the label."""
    st = _st()
    head = [_p(first, st["kepala"])] + ([_p(extra, st["kepala"])] if extra else [])
    head += [_p(h, st["mini_kepala"]) for h in heads]
    head += [_p("Jml", st["kepala"])] if total else []
    body: list[list[object]] = [head]
    for r in rows:
        line: list[object] = [_p(r.label, st["sel_tebal" if r.label == "Jumlah" else "sel"])]
        if extra:
            line.append(_p(r.keterangan, st["mini"]))
        line += [_cell(v, st) for v in r.nilai[part]]
        body.append(line + ([_cell(r.jumlah, st)] if total else []))
    if len(body) == 1:
        body.append([_p("Tidak ada data.", st["sel"])] + [""] * (len(head) - 1))
    first_w = 34 * mm
    extra_w = 20 * mm if extra else 0
    total_w = 13 * mm if total else 0
    other = (width - first_w - extra_w - total_w) / max(len(heads), 1)
    widths = [first_w] + ([extra_w] if extra else []) + [other] * len(heads)
    widths += [total_w] if total else []
    t = Table(body, colWidths=widths, repeatRows=1)
    t.setStyle(TableStyle(_grid(True)))
    return t


def _status(d: RekapKabupaten, width: float) -> list[Flowable]:
    st = _st()
    totals = ("Wajib", "Diterima", "Disetujui", "Tepat", "Telat")
    head = [_p("Kecamatan", st["kepala"]), *(_p(b, st["kepala"]) for b in BULAN_SINGKAT),
            *(_p(t, st["mini_kepala"]) for t in totals)]
    body: list[list[object]] = [head]
    cmds = _grid(True)
    for r, row in enumerate(d.status, 1):
        line: list[object] = [_p(row.kecamatan, st["sel"])]
        for c, sel in enumerate(row.sel, 1):
            text = escape(sel.status) + (f"<br/>{escape(sel.tanda)}" if sel.tanda else "")
            line.append(Paragraph(text, st["mini"]))
            colour = KETERANGAN_WARNA.get(sel.jenis, ("", "FFFFFF"))[1]
            if colour != "FFFFFF":
                cmds.append(("BACKGROUND", (c, r), (c, r), colors.HexColor("#" + colour)))
        line += [_cell(v, st) for v in (row.wajib, row.diterima, row.disetujui, row.tepat,
                                        row.terlambat)]
        body.append(line)
    for i, b in enumerate(d.status_jumlah):  # the year's total under its measure's column
        body.append([_p(b.label, st["sel_tebal"]), *(_cell(v, st) for v in b.bulan),
                     *(_cell(b.jumlah, st) if j == i else "" for j in range(5))])
        n = len(body) - 1
        cmds.append(("BACKGROUND", (0, n), (-1, n), colors.HexColor("#F4F4F4")))
    if len(body) == 1:
        body.append([_p("Tidak ada kecamatan.", st["sel"])] + [""] * 17)
    name_w, total_w = 34 * mm, 12 * mm
    month_w = (width - name_w - 5 * total_w) / 12
    t = Table(body, colWidths=[name_w] + [month_w] * 12 + [total_w] * 5, repeatRows=1)
    t.setStyle(TableStyle(cmds))
    legend = [[_p("Keterangan warna:", st["sel_tebal"]), *[
        _p(label, st["mini"]) for label, _c in KETERANGAN_WARNA.values()]]]
    lt = Table(legend, colWidths=[30 * mm] + [(width - 30 * mm) / len(KETERANGAN_WARNA)]
               * len(KETERANGAN_WARNA))
    lcmds = _grid(False)
    for c, (_label, colour) in enumerate(KETERANGAN_WARNA.values(), 1):
        lcmds.append(("BACKGROUND", (c, 0), (c, 0), colors.HexColor("#" + colour)))
    lt.setStyle(TableStyle(lcmds))
    note = _p("Baris bawah: jumlah per bulan (kolom Jan-Des) dan setahun (kolom sesudahnya). "
              "Tepat/Telat: pengajuan pertama pada atau sebelum batas, atau sesudahnya; "
              "Lewat: belum diajukan padahal batas sudah lewat; Kembali: dikembalikan "
              "camat untuk diperbaiki; tanda *: diterima dalam paket kiriman kecamatan.",
              st["kecil"])
    return [t, Spacer(1, 2 * mm), lt, Spacer(1, 1 * mm), note]


def _instansi(d: RekapKabupaten, width: float) -> Table:
    st = _st()
    rows: list[list[object]] = [[_p(h, st["kepala"]) for h in (
        "Instansi tujuan", "Dibuat", "Ditutup", "Masih terbuka di akhir periode")]]
    rows += [[_p(n, st["sel"]), *(_p(angka(v), st["sel_tengah"]) for v in vals)]
             for n, *vals in d.instansi]
    if len(rows) == 1:
        rows.append([_p("Tidak ada rujukan.", st["sel"]), "", "", ""])
    else:
        sums = [sum(int(r[i]) for r in d.instansi) for i in (1, 2, 3)]
        rows.append([_p("Jumlah", st["sel_tebal"]), *(_p(angka(v), st["sel_tengah"])
                                                      for v in sums)])
    t = Table(rows, colWidths=[width * 0.46] + [width * 0.18] * 3, repeatRows=1)
    t.setStyle(TableStyle(_grid(True)))
    return t


def _ppks(d: RekapKabupaten, width: float) -> list[Flowable]:
    st = _st()
    if not d.ppks_kategori:
        return [_p("Belum ada data PPKS hasil pemetaan.", st["normal"])]
    out: list[Flowable] = []
    cats = d.ppks_kategori
    tables = -(-len(cats) // PPKS_PER_TABEL)
    size = -(-len(cats) // tables)  # as many columns in each table as can be
    for start in range(0, len(cats), size):
        part = slice(start, start + size)
        last = start + size >= len(cats)  # the row totals (all categories) once
        out += [_per_kolom(d.ppks, [k for k, _n in cats[part]], width, "Kecamatan", "Data per",
                           part, total=last), Spacer(1, 2 * mm)]
    codes = "; ".join(f"<b>{escape(k)}</b> {escape(n)}" for k, n in cats)
    out.append(Paragraph(f"Kode kategori: {codes}.", st["kecil"]))
    return out


def story(d: RekapKabupaten, paper: str = "A4") -> list[Flowable]:
    st = _st()
    width = _width(paper, landscape=True)
    out = kepala_pdf(d.kop, d.logo, d.judul)
    out += [_p(BAGIAN[0], st["bagian"]), tabel_bulan(d.kegiatan, "Kecamatan", width),
            Spacer(1, 4 * mm)]
    out += [KeepTogether([_p(BAGIAN[1], st["bagian"]),
                          _per_kolom(d.per_fungsi, d.fungsi, width, "Kecamatan")]),
            Spacer(1, 4 * mm)]
    out += [_p(BAGIAN[2], st["bagian"]), *_status(d, width), Spacer(1, 4 * mm)]
    out += [KeepTogether([_p(BAGIAN[3], st["bagian"]), _instansi(d, width)]),
            Spacer(1, 4 * mm)]
    out += [_p(BAGIAN[4], st["bagian"]), *_ppks(d, width)]
    if d.catatan:
        out += [Spacer(1, 4 * mm), _p("Catatan", st["bagian"])]
        out += [_p(f"{i}. {c}", st["kecil"]) for i, c in enumerate(d.catatan, 1)]
    return out


def render_pdf(path: str | os.PathLike[str], d: RekapKabupaten, paper: str = "A4",
               progress: Progress | None = None) -> Path:
    if progress is not None:
        progress(0, 0, "Menyusun halaman PDF...")
    return write_pdf(path, story(d, paper), paper=paper, landscape=True,
                     title=f"Rekap tahunan kabupaten {d.tahun}", footer_left=d.dicetak)
