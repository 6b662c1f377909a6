"""The referral letter (Surat Rujukan, Permensos 28/2018 Pasal 7): one letter per referral.

Plain data in (:class:`SuratRujukan`), a PDF out through :func:`pdf_dasar.write_pdf`; no database
and no Qt. The layout follows an Indonesian official letter: kop surat; place and date; Nomor,
Lampiran, Perihal beside the addressee; the body; the client's identity; consent; the request
for an answer by the due date; signatures ("Mengetahui, Camat ..." left, the TKSK right);
tembusan. The NIK is masked here unless the data says the full number was chosen
(``nik_lengkap``), so a caller that forgets to mask still prints a masked NIK.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from ..services.formatting import tanggal
from ..services.nik import mask_nik
from .pdf_dasar import MARGIN, PAPER, Kop, escape, footer_rahasia, kop_flowables, styles, write_pdf
from .tksk_pdf import Cetakan, TandaTangan, camat_lines

JENIS_KELAMIN = {"L": "Laki-laki", "P": "Perempuan"}
#: The service an agency gives, as the body's "untuk mendapatkan layanan ..." names it.
LAYANAN = {
    "kesehatan": "kesehatan",
    "pendidikan": "pendidikan",
    "sosial": "kesejahteraan sosial",
    "administrasi_kependudukan": "administrasi kependudukan",
    "perlindungan": "perlindungan perempuan dan anak",
    "rehabilitasi": "rehabilitasi",
    "pemerintahan": "pemerintahan",
}
_ANGKA = ("nol", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan",
          "sepuluh")
FRAME_PADDING = 6  # points, each side of the platypus frame inside the margins


@dataclass(frozen=True)
class Klien:
    """The referred person, or the head of the referred household (``keluarga``)."""

    nama: str
    nik: str = ""  # as stored; masked here unless the letter's ``nik_lengkap``
    jenis_kelamin: str = ""  # L | P | ""
    tempat_lahir: str = ""
    tanggal_lahir: dt.date | None = None
    alamat: str = ""  # with dusun, RT/RW, desa and kecamatan
    kepala_keluarga: str = ""  # the household head, when known and not the client
    keluarga: bool = False  # the client is a household (``nama`` is the head's name)
    no_kk: str = ""  # masked like the NIK
    jumlah_anggota: int = 0


@dataclass(frozen=True)
class SuratRujukan:
    kop: Kop
    kecamatan: str
    kabupaten: str  # "Kabupaten Muara Enim"
    tempat: str
    tanggal: dt.date  # the referral's date: the letter's date
    nomor: str
    instansi: str
    klien: Klien
    kebutuhan: str
    tksk_nama: str
    tanda_tangan: TandaTangan  # the camat's block (name, NIP, Plt.)
    cetakan: Cetakan
    instansi_alamat: str = ""
    jenis_layanan: str = ""  # a LAYANAN key
    lampiran: int = 0
    persetujuan: bool = True
    alasan_tanpa_persetujuan: str = ""
    jatuh_tempo: dt.date | None = None
    #: True only when the user chose to print the full NIK (and may).
    nik_lengkap: bool = False
    #: A line printed above the body when the referral was cancelled or refused.
    catatan_status: str = ""
    tembusan: Sequence[str] = field(default_factory=tuple)


def _styles() -> dict[str, ParagraphStyle]:
    st = styles()
    normal = ParagraphStyle("surat", parent=st["normal"], fontSize=10.5, leading=14)
    ttd = ParagraphStyle("ttd", parent=normal, alignment=TA_CENTER)
    return {
        **st,
        "surat": normal,
        "di": ParagraphStyle("di", parent=normal, leftIndent=6 * mm),
        "isi": ParagraphStyle("isi", parent=normal, alignment=TA_JUSTIFY, spaceAfter=5,
                              firstLineIndent=0),
        "identitas": ParagraphStyle("identitas", parent=normal, leading=13.5),
        "ttd": ttd,
        "ttd_nama": ParagraphStyle("ttd_nama", parent=ttd, fontName="Helvetica-Bold"),
        "catatan": ParagraphStyle("catatan", parent=normal, fontName="Helvetica-Bold",
                                  alignment=TA_CENTER, spaceAfter=4),
        "kecil": ParagraphStyle("kecil_surat", parent=st["kecil"], fontSize=9, leading=11.5),
    }


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(text), style)


def width_of(page: tuple[float, float]) -> float:
    return page[0] - 2 * MARGIN - 2 * FRAME_PADDING


def _plain(bottom: float = 0.5) -> list[tuple[object, ...]]:
    """No lines, text at the top, no padding but ``bottom`` under each row."""
    everything = ((0, 0), (-1, -1))
    return [
        ("VALIGN", *everything, "TOP"),
        ("TOPPADDING", *everything, 0),
        ("BOTTOMPADDING", *everything, bottom),
        ("LEFTPADDING", *everything, 0),
        ("RIGHTPADDING", *everything, 0),
    ]


def jumlah_lampiran(n: int) -> str:
    """``0`` -> ``-``; ``2`` -> ``2 (dua) berkas``."""
    if n <= 0:
        return "-"
    kata = f" ({_ANGKA[n]})" if n < len(_ANGKA) else ""
    return f"{n}{kata} berkas"


def yth(instansi: str) -> str:
    """The addressee line: the head of the agency ("Kepala Puskesmas", "Ketua BAZNAS")."""
    name = instansi.strip()
    low = name.lower()
    if low.startswith(("kepala ", "ketua ", "pimpinan ", "direktur ")):
        return name
    if low.startswith("rsud") or low.startswith("rumah sakit"):
        return f"Direktur {name}"
    if low.startswith(("baznas", "lembaga", "lks", "yayasan")):
        return f"Ketua {name}"
    if low.startswith("pemerintah desa"):
        return "Kepala Desa" + name[len("Pemerintah Desa"):]
    return f"Kepala {name}"


def _kepala_surat(d: SuratRujukan, st: dict[str, ParagraphStyle], width: float) -> list[Flowable]:
    """Place and date on the right; Nomor/Lampiran/Perihal left, the addressee right."""
    left_w = width * 0.56
    place = ", ".join(x for x in (d.tempat, tanggal(d.tanggal)) if x)
    label_w = 20 * mm
    meta = Table(
        [[_p(label, st["surat"]), _p(":", st["surat"]), _p(value, st["surat"])]
         for label, value in (("Nomor", d.nomor), ("Lampiran", jumlah_lampiran(d.lampiran)),
                              ("Perihal", "Rujukan"))],
        colWidths=[label_w, 4 * mm, left_w - label_w - 4 * mm - 4 * mm],
    )
    meta.setStyle(TableStyle(_plain(1.5)))
    di = d.instansi_alamat.strip() or "Tempat"
    kepada: list[Flowable] = [
        _p("Kepada", st["surat"]),
        Paragraph(f"Yth. <b>{escape(yth(d.instansi))}</b>", st["surat"]),
        _p("di -", st["surat"]),
        _p(di, st["di"]),
    ]
    table = Table([[_p("", st["surat"]), _p(place, st["surat"])], [meta, kepada]],
                  colWidths=[left_w, width - left_w])
    table.setStyle(TableStyle([*_plain(0), ("BOTTOMPADDING", (0, 0), (-1, 0), 4 * mm)]))
    return [table, Spacer(1, 6 * mm)]


def _identitas(d: SuratRujukan, st: dict[str, ParagraphStyle], width: float) -> Table:
    k = d.klien
    shown = ""
    if k.nik:
        shown = k.nik if d.nik_lengkap else f"{mask_nik(k.nik)} (disamarkan)"
    lahir = ", ".join(x for x in (k.tempat_lahir, tanggal(k.tanggal_lahir)
                                  if k.tanggal_lahir else "") if x)
    items: list[tuple[str, str]] = []
    if k.keluarga:
        items.append(("Nama kepala keluarga", k.nama))
        if k.no_kk:
            items.append(("Nomor KK", k.no_kk if d.nik_lengkap
                          else f"{mask_nik(k.no_kk)} (disamarkan)"))
        items.append(("NIK kepala keluarga", shown or "-"))
    else:
        items += [("Nama", k.nama), ("NIK", shown or "- (belum tercatat)")]
    items += [
        ("Jenis kelamin", JENIS_KELAMIN.get(k.jenis_kelamin, k.jenis_kelamin) or "-"),
        ("Tempat, tanggal lahir", lahir or "-"),
        ("Alamat", k.alamat or "-"),
    ]
    if k.keluarga and k.jumlah_anggota:
        items.append(("Anggota keluarga", f"{k.jumlah_anggota} orang"))
    if not k.keluarga and k.kepala_keluarga:
        items.append(("Kepala keluarga", k.kepala_keluarga))
    items.append(("Kebutuhan", d.kebutuhan))
    label_w, indent = 44 * mm, 8 * mm
    rows = [["", _p(label, st["identitas"]), _p(":", st["identitas"]),
             _p(value, st["identitas"])] for label, value in items]
    # one table as wide as the text (an indent column, not hAlign: a table split across pages
    # would lose its alignment) whose long rows may break across pages
    table = Table(rows, colWidths=[indent, label_w, 4 * mm, width - indent - label_w - 4 * mm],
                  splitInRow=1)
    table.setStyle(TableStyle(_plain(1.5)))
    return table


def _persetujuan(d: SuratRujukan) -> str:
    siapa = "keluarga yang bersangkutan" if d.klien.keluarga else "yang bersangkutan"
    if d.persetujuan:
        return (f"Rujukan ini dibuat atas persetujuan {siapa} (atau walinya), yang telah "
                "diberi penjelasan tentang maksud rujukan dan data yang kami sampaikan.")
    alasan = " ".join(d.alasan_tanpa_persetujuan.split()).rstrip(".")
    return (f"Rujukan ini dibuat tanpa persetujuan {siapa}, dengan alasan: {alasan}. "
            "Persetujuan akan dimintakan segera setelah keadaan memungkinkan.")


def _isi(d: SuratRujukan, st: dict[str, ParagraphStyle], width: float) -> list[Flowable]:
    layanan = LAYANAN.get(d.jenis_layanan, "")
    layanan = f"layanan {layanan}" if layanan else "layanan"
    siapa = "keluarga warga kami" if d.klien.keluarga else "warga kami"
    out: list[Flowable] = [
        _p("Dengan hormat,", st["surat"]),
        Spacer(1, 2 * mm),
        _p(f"Bersama ini kami rujuk {siapa} tersebut di bawah ini untuk mendapatkan {layanan} "
           f"sesuai kebutuhannya:", st["isi"]),
        _identitas(d, st, width),
        Spacer(1, 3 * mm),
        _p(_persetujuan(d), st["isi"]),
    ]
    tenggat = (f" paling lambat tanggal {tanggal(d.jatuh_tempo)}" if d.jatuh_tempo else "")
    out.append(Paragraph(
        "Kami mohon Bapak/Ibu berkenan memberikan layanan yang dibutuhkan dan menyampaikan "
        f"jawaban atas rujukan ini{escape(tenggat)} dengan menyebut nomor surat ini, berisi: "
        "diterima atau tidaknya rujukan (beserta alasannya), layanan yang diberikan, dan tindak "
        "lanjut yang diperlukan. Jawaban dapat disampaikan kepada TKSK Kecamatan "
        f"{escape(d.kecamatan)} melalui Kantor Camat {escape(d.kecamatan)}.", st["isi"]))
    out.append(_p("Demikian surat rujukan ini kami sampaikan. Atas perhatian dan kerja sama "
                  "Bapak/Ibu, kami ucapkan terima kasih.", st["isi"]))
    return out


def _nama(name: str, st: dict[str, ParagraphStyle]) -> Paragraph:
    if not name.strip():
        return Paragraph("(" + "." * 40 + ")", st["ttd"])
    return Paragraph(f"<u>{escape(name)}</u>", st["ttd_nama"])


def _tanda_tangan(d: SuratRujukan, st: dict[str, ParagraphStyle], width: float) -> Table:
    title, under = camat_lines(d.tanda_tangan)
    rows: list[list[Flowable | str]] = [
        [_p("Mengetahui,", st["ttd"]), _p("", st["ttd"])],
        [_p(f"{title},", st["ttd"]), _p(f"TKSK Kecamatan {d.kecamatan},", st["ttd"])],
        ["", ""],
        [_nama(d.tanda_tangan.camat_nama, st), _nama(d.tksk_nama, st)],
    ]
    rows += [[_p(line, st["ttd"]), ""] for line in under]
    heights: list[float | None] = [None] * len(rows)
    heights[2] = 18 * mm
    table = Table(rows, colWidths=[width / 2, width / 2], rowHeights=heights)
    table.setStyle(TableStyle(_plain(1)))
    return table


def _tembusan(d: SuratRujukan, st: dict[str, ParagraphStyle]) -> list[Flowable]:
    if not d.tembusan:
        return []
    out: list[Flowable] = [Spacer(1, 5 * mm), Paragraph("<u>Tembusan:</u>", st["kecil"])]
    last = len(d.tembusan)
    for i, item in enumerate(d.tembusan, 1):
        out.append(_p(f"{i}. {item}{'.' if i == last else ';'}", st["kecil"]))
    return out


def surat_story(d: SuratRujukan, page: tuple[float, float]) -> list[Flowable]:
    st = _styles()
    width = width_of(page)
    story = kop_flowables(d.kop)
    story += _kepala_surat(d, st, width)
    if d.catatan_status:
        story.append(_p(d.catatan_status, st["catatan"]))
    story += _isi(d, st, width)
    closing: list[Flowable] = [Spacer(1, 4 * mm), _tanda_tangan(d, st, width)]
    story.append(KeepTogether(closing + _tembusan(d, st)))
    return story


def footer(d: SuratRujukan, page: tuple[float, float]) -> str:
    """"RAHASIA ... Dicetak <when> oleh <who>", the name shortened so the line leaves room for
    "Halaman x dari y" on the right."""
    return footer_rahasia(d.cetakan.pada, d.cetakan.oleh, page[0])


def render_surat_rujukan(path: str | os.PathLike[str], data: SuratRujukan,
                         paper: str = "A4") -> Path:
    """The referral letter, written atomically to ``path`` (nothing left behind on failure)."""
    if paper not in PAPER:
        raise ValueError(f"Ukuran kertas tidak dikenal: {paper} (pilih A4 atau F4)")
    page = PAPER[paper]
    return write_pdf(path, surat_story(data, page), paper=paper,
                     title=f"Surat rujukan {data.nomor}", footer_left=footer(data, page))
