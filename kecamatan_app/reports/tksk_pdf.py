"""TKSK candidate prints: the Pasal 9 verification sheet of one candidate and the candidate list.

Plain data in (the dataclasses below), a PDF out through :func:`pdf_dasar.write_pdf`; no
database and no Qt. The NIK is masked here unless the data says the full number was chosen
(``nik_lengkap``), so a caller that forgets to mask still prints a masked NIK.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from ..services.formatting import tanggal
from ..services.nik import mask_nik
from ..services.nip import format_nip
from .pdf_dasar import MARGIN, PAPER, Kop, escape, footer_rahasia, kop_flowables, styles, write_pdf

JUDUL_LEMBAR = "LEMBAR VERIFIKASI PERSYARATAN CALON TENAGA KESEJAHTERAAN SOSIAL KECAMATAN (TKSK)"
JUDUL_DAFTAR = "DAFTAR PENDAFTAR CALON TENAGA KESEJAHTERAAN SOSIAL KECAMATAN (TKSK)"
CATATAN_BELUM = (
    '"Belum ada bukti" berarti persyaratan belum dapat dinilai, bukan tidak memenuhi; '
    "lengkapi data atau berkasnya lalu cetak ulang."
)
KRITERIA_KOLOM = ("No", "Persyaratan", "Nilai / data", "Bukti", "Hasil", "Keterangan")
JENIS_KELAMIN = {"L": "Laki-laki", "P": "Perempuan"}
#: Overall results in the order the totals are printed.
HASIL_AKHIR = (
    ("memenuhi_syarat", "Memenuhi syarat"),
    ("tidak_memenuhi_syarat", "Tidak memenuhi syarat"),
    ("belum_lengkap", "Belum lengkap"),
)
FRAME_PADDING = 6  # points, each side of the platypus frame inside the margins
GRID = colors.HexColor("#808080")
HEADER_FILL = colors.HexColor("#E4E4E4")


@dataclass(frozen=True)
class TandaTangan:
    """Both signature blocks: the camat (left, "Mengetahui") and the person who prints (right)."""

    kecamatan: str
    camat_nama: str
    camat_nip: str = ""
    camat_plt: bool = False
    #: For a Plt.: the text under the name, e.g. "Sekretaris Kecamatan selaku Plt. Camat X".
    camat_keterangan: str = ""
    camat_pangkat: str = ""
    tempat: str = ""
    tanggal: dt.date = field(default_factory=dt.date.today)
    jabatan_kanan: str = "Verifikator"
    nama_kanan: str = ""


@dataclass(frozen=True)
class Cetakan:
    """Who printed, when: the footer line of every page."""

    oleh: str
    pada: dt.datetime

    @property
    def footer(self) -> str:
        """Marked as personal data (UU 27/2022); a long name is shortened so the line leaves
        room for "Halaman x dari y" on portrait A4."""
        return footer_rahasia(self.pada, self.oleh)


@dataclass(frozen=True)
class BarisKriteria:
    huruf: str
    pasal: str  # "Pasal 9 huruf a"
    judul: str
    hasil: str  # memenuhi | tidak_memenuhi | belum_ada_bukti
    hasil_label: str
    nilai: str = ""
    bukti: str = ""
    keterangan: str = ""


@dataclass(frozen=True)
class LembarVerifikasi:
    kop: Kop
    kecamatan: str
    nama: str
    nik: str
    jenis_kelamin: str  # L | P
    tempat_lahir: str
    tanggal_lahir: dt.date
    alamat: str
    desa_domisili: str
    pendidikan: str
    telepon: str
    tanggal_daftar: dt.date
    periode: str
    kriteria: Sequence[BarisKriteria]
    hasil: str  # memenuhi_syarat | tidak_memenuhi_syarat | belum_lengkap
    hasil_label: str
    tanggal_acuan: dt.date
    tanda_tangan: TandaTangan
    cetakan: Cetakan
    #: True only when the user chose to print the full NIK (and may).
    nik_lengkap: bool = False
    #: Why this reference date, e.g. "tanggal pendaftaran".
    acuan_keterangan: str = ""


@dataclass(frozen=True)
class BarisPendaftar:
    nama: str
    nik: str
    jenis_kelamin: str
    usia: int
    domisili: str
    pendidikan: str
    tanggal_daftar: dt.date
    hasil: str
    hasil_label: str
    keputusan: str = ""


@dataclass(frozen=True)
class DaftarPendaftar:
    kop: Kop
    kecamatan: str
    baris: Sequence[BarisPendaftar]
    tanda_tangan: TandaTangan
    cetakan: Cetakan
    #: One line saying what the list holds, e.g. "Periode 2026; hasil: semua".
    saringan: str = ""


def _styles() -> dict[str, ParagraphStyle]:
    st = styles()
    normal = st["normal"]
    bold = "Helvetica-Bold"
    sel = ParagraphStyle("sel", parent=normal, fontSize=7.8, leading=9.4)
    tebal = ParagraphStyle("tebal", parent=normal, fontName=bold, spaceBefore=3, spaceAfter=2)
    ttd = ParagraphStyle("ttd", parent=normal, alignment=TA_CENTER)
    return {
        **st,
        "sel": sel,
        "identitas": ParagraphStyle("identitas", parent=normal, fontSize=9.5, leading=12),
        "sel_tebal": ParagraphStyle("sel_tebal", parent=sel, fontName=bold),
        "sel_miring": ParagraphStyle("sel_miring", parent=sel, fontName="Helvetica-Oblique"),
        "sel_tengah": ParagraphStyle("sel_tengah", parent=sel, alignment=TA_CENTER),
        "kepala": ParagraphStyle("kepala", parent=sel, fontName=bold, alignment=TA_CENTER),
        "bagian": tebal,
        "hasil": ParagraphStyle("hasil", parent=tebal, fontSize=12, leading=15, spaceBefore=2),
        "ttd": ttd,
        "ttd_nama": ParagraphStyle("ttd_nama", parent=ttd, fontName=bold),
    }


def _nbsp(text: str) -> str:
    """Escaped ``text`` that never breaks across lines ("Pasal 9 huruf a" stays whole)."""
    return "&nbsp;".join(escape(text).split())


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(text), style)


def _width(paper: str, landscape: bool = False) -> float:
    w, h = PAPER[paper]
    return (h if landscape else w) - 2 * MARGIN - 2 * FRAME_PADDING


def _grid(header: bool = True) -> list[tuple[object, ...]]:
    """Thin lines around every cell, text at the top; a grey, centred header row."""
    cmds: list[tuple[object, ...]] = [
        ("GRID", (0, 0), (-1, -1), 0.5, GRID),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
    if header:
        cmds += [
            ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
            ("VALIGN", (0, 0), (-1, 0), "MIDDLE"),
        ]
    return cmds


def _plain(bottom: float) -> list[tuple[object, ...]]:
    """No lines, text at the top, no space above: label lists and the signature table."""
    everything = ((0, 0), (-1, -1))
    return [
        ("VALIGN", *everything, "TOP"),
        ("TOPPADDING", *everything, 0),
        ("BOTTOMPADDING", *everything, bottom),
    ]


def camat_lines(t: TandaTangan) -> tuple[str, list[str]]:
    """(title above the signature, lines under the name) of the camat's block."""
    if t.camat_plt:
        title = f"Plt. Camat {t.kecamatan}"
        under = (
            [t.camat_keterangan]
            if t.camat_keterangan and (t.camat_keterangan.strip().lower() != title.lower())
            else []
        )
    else:
        title, under = f"Camat {t.kecamatan}", []
    if t.camat_pangkat:
        under.append(t.camat_pangkat)
    if t.camat_nip.strip():
        under.append(f"NIP {format_nip(t.camat_nip)}")
    return title, under


def _nama(name: str, st: dict[str, ParagraphStyle]) -> Paragraph:
    """A signer's name, bold and underlined; a dotted line to write on when it is unknown."""
    if not name.strip():
        return Paragraph("(" + "." * 40 + ")", st["ttd"])
    return Paragraph(f"<u>{escape(name)}</u>", st["ttd_nama"])


def signature_block(t: TandaTangan, width: float) -> list[Flowable]:
    """Left "Mengetahui, Camat ..." with name and NIP; right "<tempat>, <tanggal>" and the
    printing officer. One table, so both names sit on the same line. The caller keeps it
    together with the text above it: a signature never stands alone on a page."""
    st = _styles()
    title, under = camat_lines(t)
    place = ", ".join(x for x in (t.tempat, tanggal(t.tanggal)) if x)
    rows: list[list[Flowable | str]] = [
        [_p("Mengetahui,", st["ttd"]), _p(place, st["ttd"])],
        [_p(title, st["ttd"]), _p(f"{t.jabatan_kanan},", st["ttd"])],
        ["", ""],
        [_nama(t.camat_nama, st), _nama(t.nama_kanan, st)],
    ]
    rows += [[_p(line, st["ttd"]), ""] for line in under]
    heights: list[float | None] = [None] * len(rows)
    heights[2] = 16 * mm
    table = Table(rows, colWidths=[width / 2, width / 2], rowHeights=heights)
    table.setStyle(TableStyle(_plain(bottom=1)))
    return [Spacer(1, 4 * mm), table]


# -- the verification sheet ---------------------------------------------------------------------


def _identitas(d: LembarVerifikasi, st: dict[str, ParagraphStyle], width: float) -> Table:
    nik = d.nik if d.nik_lengkap else mask_nik(d.nik)
    lahir = ", ".join(x for x in (d.tempat_lahir, tanggal(d.tanggal_lahir)) if x)
    items = [
        ("Nama lengkap", d.nama),
        ("NIK", nik + ("" if d.nik_lengkap else "  (disamarkan)")),
        ("Tempat, tanggal lahir", lahir),
        ("Jenis kelamin", JENIS_KELAMIN.get(d.jenis_kelamin, d.jenis_kelamin)),
        ("Alamat", d.alamat or "-"),
        ("Desa/kelurahan domisili", d.desa_domisili or "-"),
        ("Pendidikan terakhir", d.pendidikan or "-"),
        ("No. HP", d.telepon or "-"),
        ("Tanggal pendaftaran", tanggal(d.tanggal_daftar)),
        ("Periode rekrutmen", d.periode or "-"),
    ]
    rows = [
        [_p(label, st["identitas"]), _p(":", st["identitas"]), _p(value, st["identitas"])]
        for label, value in items
    ]
    table = Table(rows, colWidths=[48 * mm, 4 * mm, width - 52 * mm])
    table.setStyle(TableStyle([*_plain(bottom=0.5), ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    return table


def _hasil_cell(k: BarisKriteria, st: dict[str, ParagraphStyle]) -> Paragraph:
    style = {"tidak_memenuhi": "sel_tebal", "belum_ada_bukti": "sel_miring"}.get(k.hasil, "sel")
    return _p(k.hasil_label, st[style])


def _tabel_kriteria(d: LembarVerifikasi, st: dict[str, ParagraphStyle], width: float) -> Table:
    header = [_p(h, st["kepala"]) for h in KRITERIA_KOLOM]
    fixed = [7 * mm, 47 * mm, 30 * mm, 24 * mm, 19 * mm]
    widths = [*fixed, width - sum(fixed)]
    rows: list[list[Flowable]] = [header]
    for k in d.kriteria:
        pasal = f"<font size=7 color='#444444'>({_nbsp(k.pasal)})</font>"
        rows.append(
            [
                _p(f"{k.huruf}.", st["sel_tengah"]),
                Paragraph(f"{escape(k.judul)} {pasal}", st["sel"]),
                *(_p(text or "-", st["sel"]) for text in (k.nilai, k.bukti)),
                _hasil_cell(k, st),
                _p(k.keterangan, st["sel"]),
            ]
        )
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle(_grid()))
    return table


def _kesimpulan(d: LembarVerifikasi, st: dict[str, ParagraphStyle]) -> list[Flowable]:
    out: list[Flowable] = [_p(f"HASIL: {d.hasil_label.upper()}", st["hasil"])]
    gagal = [k.huruf for k in d.kriteria if k.hasil == "tidak_memenuhi"]
    belum = [k.huruf for k in d.kriteria if k.hasil == "belum_ada_bukti"]
    memenuhi = sum(1 for k in d.kriteria if k.hasil == "memenuhi")
    parts = [f"Memenuhi {memenuhi} dari {len(d.kriteria)} persyaratan."]
    if gagal:
        parts.append(f"Tidak memenuhi: huruf {', '.join(gagal)}.")
    if belum:
        parts.append(f"Belum ada bukti: huruf {', '.join(belum)}.")
    acuan = f"Usia dihitung pada tanggal acuan {tanggal(d.tanggal_acuan)}"
    parts.append(acuan + (f" ({d.acuan_keterangan})." if d.acuan_keterangan else "."))
    out.append(_p(" ".join(parts), st["normal"]))
    if belum:
        out.append(_p(CATATAN_BELUM, st["kecil"]))
    return out


def lembar_story(d: LembarVerifikasi, paper: str = "A4") -> list[Flowable]:
    st = _styles()
    width = _width(paper)
    story = kop_flowables(d.kop)
    story.append(_p(JUDUL_LEMBAR, st["judul"]))
    story.append(_p("A. Identitas calon", st["bagian"]))
    story.append(_identitas(d, st, width))
    story.append(
        _p("B. Pemeriksaan persyaratan (Permensos Nomor 28 Tahun 2018 Pasal 9)", st["bagian"])
    )
    story.append(_tabel_kriteria(d, st, width))
    closing = [_p("C. Kesimpulan", st["bagian"]), *_kesimpulan(d, st)]
    story.append(KeepTogether(closing + signature_block(d.tanda_tangan, width)))
    return story


def render_lembar_verifikasi(
    path: str | os.PathLike[str], data: LembarVerifikasi, paper: str = "A4"
) -> Path:
    """The Pasal 9 verification sheet of one candidate, written atomically to ``path``."""
    return write_pdf(
        path,
        lembar_story(data, paper),
        paper=paper,
        title=f"Lembar verifikasi calon TKSK - {data.nama}",
        footer_left=data.cetakan.footer,
    )


# -- the candidate list -------------------------------------------------------------------------

CATATAN_NIK = "NIK disamarkan sesuai UU 27/2022 tentang Pelindungan Data Pribadi."
DAFTAR_KOLOM = "No|Nama|NIK|L/P|Usia|Desa/Domisili|Pendidikan|Tanggal daftar|Hasil|Keputusan"


def _tabel_daftar(d: DaftarPendaftar, st: dict[str, ParagraphStyle], width: float) -> Table:
    fixed = [9 * mm, 0.0, 29 * mm, 9 * mm, 10 * mm, 40 * mm, 20 * mm, 27 * mm, 37 * mm, 24 * mm]
    fixed[1] = width - sum(fixed)
    columns = DAFTAR_KOLOM.split("|")
    rows: list[list[Flowable]] = [[_p(h, st["kepala"]) for h in columns]]
    for i, r in enumerate(d.baris, 1):
        rows.append(
            [
                _p(str(i), st["sel_tengah"]),
                _p(r.nama, st["sel"]),
                _p(mask_nik(r.nik), st["sel"]),
                _p(r.jenis_kelamin, st["sel_tengah"]),
                _p(str(r.usia), st["sel_tengah"]),
                _p(r.domisili or "-", st["sel"]),
                _p(r.pendidikan or "-", st["sel"]),
                _p(tanggal(r.tanggal_daftar), st["sel"]),
                _p(r.hasil_label, st["sel_tebal" if r.hasil == "tidak_memenuhi_syarat" else "sel"]),
                _p(r.keputusan or "-", st["sel"]),
            ]
        )
    style = _grid()
    if not d.baris:
        rows.append(
            [_p("Tidak ada pendaftar yang cocok dengan saringan.", st["sel_miring"])]
            + [_p("", st["sel"])] * (len(columns) - 1)
        )
        style.append(("SPAN", (0, 1), (-1, 1)))
    table = Table(rows, colWidths=fixed, repeatRows=1)
    table.setStyle(TableStyle(style))
    return table


def _jumlah(d: DaftarPendaftar, st: dict[str, ParagraphStyle]) -> Table:
    """Totals per overall result, one column each, and the grand total."""
    counts = [sum(1 for r in d.baris if r.hasil == kode) for kode, _ in HASIL_AKHIR]
    labels = [label for _, label in HASIL_AKHIR] + ["Jumlah"]
    values = [*counts, len(d.baris)]
    rows = [
        [_p(label, st["kepala"]) for label in labels],
        [_p(f"{n} orang", st["sel_tengah"]) for n in values],
    ]
    table = Table(rows, colWidths=[36 * mm] * len(labels), hAlign="LEFT")
    table.setStyle(TableStyle(_grid()))
    return table


def daftar_story(d: DaftarPendaftar, paper: str = "A4") -> list[Flowable]:
    st = _styles()
    width = _width(paper, landscape=True)
    story = kop_flowables(d.kop)
    story.append(_p(JUDUL_DAFTAR, st["judul"]))
    if d.saringan:
        story.append(_p(d.saringan, st["ttd"]))
        story.append(Spacer(1, 2 * mm))
    story.append(_tabel_daftar(d, st, width))
    story.append(Spacer(1, 4 * mm))
    closing = [_p("Rekapitulasi hasil pemeriksaan syarat", st["bagian"]), _jumlah(d, st)]
    closing.append(_p(CATATAN_NIK, st["kecil"]))
    story.append(KeepTogether(closing + signature_block(d.tanda_tangan, width)))
    return story


def render_daftar_pendaftar(
    path: str | os.PathLike[str], data: DaftarPendaftar, paper: str = "A4"
) -> Path:
    """The candidate list on landscape paper, written atomically to ``path``."""
    return write_pdf(
        path,
        daftar_story(data, paper),
        paper=paper,
        landscape=True,
        title="Daftar pendaftar calon TKSK",
        footer_left=data.cetakan.footer,
    )
