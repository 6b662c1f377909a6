"""The subject-access report (UU 27/2022 Pasal 32): everything the office holds about one NIK,
with its processing history, as one PDF.

Plain data in (:class:`DataSubjek` and its parts, in :mod:`akses_subjek_data` and re-exported
here; built by :mod:`services.akses_subjek`), a PDF out through
:func:`pdf_dasar.write_pdf` (written to ``name.tmp`` and moved into place); no database and no
Qt. The full NIK is printed: the report is the person's own data. Every page carries "RAHASIA -
berisi data pribadi", when and by whom it was printed, and "Halaman x dari y".
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from ..services.formatting import tanggal, waktu
from .akses_subjek_data import BerkasInfo as BerkasInfo
from .akses_subjek_data import DataSubjek as DataSubjek
from .akses_subjek_data import DokumenSubjek as DokumenSubjek
from .akses_subjek_data import JejakSubjek as JejakSubjek
from .akses_subjek_data import KegiatanSubjek as KegiatanSubjek
from .akses_subjek_data import KeluargaSubjek as KeluargaSubjek
from .akses_subjek_data import Langkah as Langkah
from .akses_subjek_data import Pemberitahuan as Pemberitahuan
from .akses_subjek_data import PendaftarSubjek as PendaftarSubjek
from .akses_subjek_data import PenugasanSubjek as PenugasanSubjek
from .akses_subjek_data import PpksSubjek as PpksSubjek
from .akses_subjek_data import PsksSubjek as PsksSubjek
from .akses_subjek_data import RujukanSubjek as RujukanSubjek
from .akses_subjek_data import SyaratSubjek as SyaratSubjek
from .akses_subjek_data import WargaSubjek as WargaSubjek
from .pdf_dasar import MARGIN, PAPER, escape, footer_rahasia, kop_flowables, styles, write_pdf

JUDUL = "LAPORAN DATA PRIBADI (AKSES SUBJEK DATA)"
DASAR = ("Berdasarkan Undang-Undang Nomor 27 Tahun 2022 tentang Pelindungan Data Pribadi, "
         "Pasal 32: hak subjek data untuk mendapatkan akses dan salinan data pribadinya beserta "
         "rekam jejak pemrosesannya, paling lambat 3 x 24 jam sejak permintaan.")
TIDAK_ADA = "Tidak ada data."
FRAME_PADDING = 6  # points, each side of the platypus frame inside the margins
GRID = colors.HexColor("#808080")
HEADER_FILL = colors.HexColor("#E4E4E4")


# -- rendering ------------------------------------------------------------------------------


def _styles() -> dict[str, ParagraphStyle]:
    st = styles()
    return {
        **st,
        "sub": ParagraphStyle("sub", parent=st["normal"], alignment=1, fontSize=9, leading=12),
        "bab": ParagraphStyle("bab", parent=st["normal"], fontName="Helvetica-Bold",
                              fontSize=11, leading=14, spaceBefore=8, spaceAfter=4,
                              keepWithNext=1),
        "sub_bab": ParagraphStyle("sub_bab", parent=st["normal"], fontName="Helvetica-Bold",
                                  fontSize=10, leading=13, spaceBefore=5, spaceAfter=3,
                                  keepWithNext=1),
        "sel": ParagraphStyle("sel", parent=st["normal"], fontSize=8.5, leading=10.5),
        "sel_tebal": ParagraphStyle("sel_tebal", parent=st["normal"], fontSize=8.5,
                                    leading=10.5, fontName="Helvetica-Bold"),
        "catatan": ParagraphStyle("catatan_as", parent=st["normal"], fontSize=9, leading=12,
                                  textColor=colors.HexColor("#333333")),
        "peringatan": ParagraphStyle("peringatan", parent=st["normal"], fontSize=9.5,
                                     leading=12.5, fontName="Helvetica-Bold",
                                     borderColor=colors.black, borderWidth=0.6, borderPadding=4,
                                     spaceBefore=4, spaceAfter=8),
    }


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


def _d(day: dt.date | None) -> str:
    return tanggal(day) if day else "-"


def _width(page: tuple[float, float]) -> float:
    return page[0] - 2 * MARGIN - 2 * FRAME_PADDING


def _grid(header: list[str], rows: list[list[str]], widths: list[float],
          st: dict[str, ParagraphStyle]) -> Table:
    """A bordered table whose header repeats on every page and whose rows may split."""
    data = [[_p(h, st["sel_tebal"]) for h in header]]
    data += [[_p(cell or "-", st["sel"]) for cell in row] for row in rows]
    table = Table(data, colWidths=widths, repeatRows=1, splitInRow=1)
    table.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.4, GRID),
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]))
    return table


def _pairs(items: tuple[tuple[str, str], ...] | list[tuple[str, str]], width: float,
           st: dict[str, ParagraphStyle]) -> Table:
    """Label : value rows without lines (identity blocks)."""
    label_w = 45 * mm
    rows = [[_p(label, st["sel_tebal"]), _p(value or "-", st["sel"])] for label, value in items]
    table = Table(rows, colWidths=[label_w, width - label_w], splitInRow=1)
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 1),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.HexColor("#CCCCCC")),
    ]))
    return table


def _cols(width: float, *parts: float) -> list[float]:
    total = sum(parts)
    return [width * p / total for p in parts]


def _none(st: dict[str, ParagraphStyle]) -> Paragraph:
    return _p(TIDAK_ADA, st["catatan"])


def _langkah(h: Langkah) -> str:
    """``12 Mei 2026: Terverifikasi`` and, below, who and the note."""
    who = " - ".join(x for x in (h.oleh, h.keterangan) if x)
    return f"{_d(h.tanggal)}: {h.status}" + (f"\n{who}" if who else "")


def _warga(d: DataSubjek, st: dict[str, ParagraphStyle], width: float) -> list[Flowable]:
    out: list[Flowable] = [_p("A. Registri warga (data PPKS per nama dan alamat)", st["bab"])]
    if not d.warga:
        return [*out, _none(st)]
    for w in d.warga:
        out += [_p("Identitas", st["sub_bab"]), _pairs(w.rincian, width, st)]
        out.append(_p("Keluarga", st["sub_bab"]))
        if w.keluarga is None:
            out.append(_p("Tidak tercatat sebagai anggota keluarga (KK).", st["catatan"]))
        else:
            k = w.keluarga
            out.append(_pairs([("Nomor KK", k.no_kk), ("Kepala keluarga", k.kepala),
                               ("Alamat keluarga", k.alamat)], width, st))
            if k.anggota:
                out.append(Spacer(1, 2 * mm))
                out.append(_grid(["No", "Nama anggota keluarga", "Hubungan"],
                                 [[str(i), n, h] for i, (n, h) in enumerate(k.anggota, 1)],
                                 _cols(width, 1, 8, 5), st))
        out.append(_p("Kategori PPKS dan riwayat statusnya", st["sub_bab"]))
        if not w.ppks:
            out.append(_none(st))
        rows = []
        for p in w.ppks:
            riwayat = "\n".join(_langkah(h) for h in p.riwayat)
            info = [p.rincian, p.catatan]
            if p.tanggal_verifikasi:
                info.append(f"Diverifikasi {_d(p.tanggal_verifikasi)}"
                            + (f" oleh {p.diverifikasi_oleh}" if p.diverifikasi_oleh else ""))
            if p.foto is not None:
                info.append(f"Foto: {p.foto.teks}")
            if p.dicatat_pada:
                info.append(f"Dicatat {waktu(p.dicatat_pada)}")
            kategori = p.kategori + (" (data spesifik)" if p.spesifik else "")
            rows.append([kategori, p.milik, p.status, "\n".join(x for x in info if x),
                         riwayat])
        if rows:
            out.append(_grid(["Kategori", "Milik", "Status", "Rincian, catatan, foto",
                              "Riwayat status"], rows, _cols(width, 5, 2.6, 3.2, 6, 6), st))
        out.append(_p("Status register dan bantuan", st["sub_bab"]))
        lines = [*(f"Register: {r}" for r in w.register), *(f"Bantuan: {b}" for b in w.bantuan)]
        out.append(_p("\n".join(lines) if lines else TIDAK_ADA, st["sel"]))
    return out


def _psks(d: DataSubjek, st: dict[str, ParagraphStyle], width: float) -> list[Flowable]:
    out: list[Flowable] = [_p("B. Potensi dan Sumber Kesejahteraan Sosial (PSKS)", st["bab"])]
    if not d.psks:
        return [*out, _none(st)]
    for p in d.psks:
        out += [_pairs(p.rincian, width, st), Spacer(1, 2 * mm)]
    return out


def _pendaftar(d: DataSubjek, st: dict[str, ParagraphStyle], width: float) -> list[Flowable]:
    out: list[Flowable] = [_p("C. Calon TKSK dan penugasan TKSK", st["bab"])]
    if not d.pendaftar:
        return [*out, _none(st)]
    for p in d.pendaftar:
        out += [_p("Data pendaftaran", st["sub_bab"]), _pairs(p.rincian, width, st)]
        out.append(_p("Berkas persyaratan", st["sub_bab"]))
        out.append(_grid(["Jenis", "Berkas", "Keterangan", "Verifikasi"],
                         [[b.jenis, b.berkas.teks, b.keterangan, b.verifikasi]
                          for b in p.dokumen], _cols(width, 4, 7, 4, 4), st)
                   if p.dokumen else _none(st))
        out.append(_p("Pemeriksaan persyaratan (Permensos 28/2018 Pasal 9)", st["sub_bab"]))
        out.append(_grid(["Persyaratan", "Hasil", "Nilai / data", "Keterangan", "Diperiksa"],
                         [[s.kriteria, s.hasil, s.nilai, s.keterangan, waktu(s.diperiksa_pada)]
                          for s in p.syarat], _cols(width, 6, 3, 5, 5, 3.4), st)
                   if p.syarat else _none(st))
        out.append(_p("Keputusan seleksi", st["sub_bab"]))
        out.append(_grid(["Tanggal", "Keputusan", "Dicatat oleh", "Catatan"],
                         [[_d(k.tanggal), k.status, k.oleh, k.keterangan] for k in p.keputusan],
                         _cols(width, 3, 3, 4, 8), st) if p.keputusan else _none(st))
        out.append(_p("Pengangkatan (SK) dan masa tugas", st["sub_bab"]))
        rows = []
        for t in p.penugasan:
            masa = f"{_d(t.mulai)} s.d. {_d(t.selesai) if t.selesai else 'tidak ditentukan'}"
            ket = [("Aktif" if t.aktif else "Tidak aktif"), t.pemberhentian,
                   f"Kegiatan tercatat selama penugasan: {t.jumlah_kegiatan}",
                   *(f"Lampiran: {b.teks}" for b in t.berkas)]
            rows.append([t.sk_nomor, _d(t.sk_tanggal), t.sk_penerbit, masa,
                         "\n".join(x for x in ket if x)])
        out.append(_grid(["Nomor SK", "Tanggal SK", "Penerbit", "Masa tugas", "Keterangan"],
                         rows, _cols(width, 4, 3, 4, 4, 6), st) if rows else _none(st))
    return out


def _kegiatan(d: DataSubjek, st: dict[str, ParagraphStyle], width: float) -> list[Flowable]:
    out: list[Flowable] = [_p("D. Kegiatan TKSK dengan Anda sebagai sasaran", st["bab"])]
    if not d.kegiatan:
        return [*out, _none(st)]
    rows = [[_d(k.tanggal), f"{k.fungsi}\n{k.bentuk}", k.tempat,
             k.judul + (f"\n{k.uraian}" if k.uraian else ""),
             k.sebagai + (f"\n{k.foto} foto dokumentasi" if k.foto else "")]
            for k in d.kegiatan]
    header = ["Tanggal", "Fungsi / bentuk", "Tempat", "Kegiatan dan uraian", "Sebagai"]
    return [*out, _grid(header, rows, _cols(width, 3, 4, 3, 9, 3), st)]


def _rujukan(d: DataSubjek, st: dict[str, ParagraphStyle], width: float) -> list[Flowable]:
    out: list[Flowable] = [_p("E. Rujukan ke instansi layanan", st["bab"])]
    if not d.rujukan:
        return [*out, _none(st)]
    for r in d.rujukan:
        pairs = [("Nomor surat", r.nomor), ("Tanggal", _d(r.tanggal)), ("Klien", r.klien),
                 ("Kebutuhan", r.kebutuhan), ("Instansi tujuan", r.instansi),
                 ("Status", r.status + (f" ({r.hasil})" if r.hasil else "")),
                 ("Jatuh tempo jawaban", _d(r.jatuh_tempo)), ("Persetujuan", r.persetujuan)]
        if r.balasan:
            pairs.append(("Balasan instansi", r.balasan))
        block: list[Flowable] = [_p(f"Rujukan {r.nomor}", st["sub_bab"]),
                                 _pairs(pairs, width, st), Spacer(1, 2 * mm)]
        out.append(KeepTogether(block))
        out.append(_grid(["Tanggal", "Status", "Oleh", "Alasan / keterangan", "Bukti"],
                         [[_d(h.tanggal), h.status, h.oleh, h.keterangan, h.berkas]
                          for h in r.riwayat], _cols(width, 3, 2.5, 4, 7, 4), st)
                   if r.riwayat else _none(st))
    return out


def _jejak(d: DataSubjek, st: dict[str, ParagraphStyle], width: float) -> list[Flowable]:
    out: list[Flowable] = [
        _p("F. Riwayat pemrosesan (jejak audit, UU PDP Pasal 31)", st["bab"]),
        _p("Setiap pencatatan, perubahan, pembukaan data rinci, pencetakan dan penghapusan atas "
           "data di atas, menurut waktu. Ekspor daftar yang memuat banyak orang sekaligus "
           "tercatat di jejak audit kantor tanpa nama per orang dan tidak tercantum di sini.",
           st["catatan"]),
        Spacer(1, 2 * mm),
    ]
    if not d.jejak:
        return [*out, _none(st)]
    rows = [[waktu(j.waktu), j.pelaku, j.aksi, j.data, j.ringkasan] for j in d.jejak]
    header = ["Waktu", "Oleh", "Tindakan", "Data", "Ringkasan"]
    return [*out, _grid(header, rows, _cols(width, 3.4, 4, 2.8, 2.8, 7.5), st)]


def _privasi(d: DataSubjek, st: dict[str, ParagraphStyle], width: float) -> list[Flowable]:
    """The notice in short, closed by the rights paragraph and the signature kept together."""
    place = ", ".join(x for x in (d.tempat, tanggal(d.dibuat_pada.date())) if x)
    right = [_p(place, st["normal"]), _p("Petugas yang membuat laporan,", st["normal"]),
             Spacer(1, 14 * mm), Paragraph(f"<u>{escape(d.oleh)}</u>", st["normal"])]
    ttd = Table([["", right]], colWidths=[width * 0.55, width * 0.45])
    ttd.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                             ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    hak = _p("Anda berhak meminta data yang salah diperbaiki (Pasal 6 dan 30) dan meminta data "
             "dihapus bila tidak diperlukan lagi atau pada akhir masa simpan (Pasal 8, 43 dan "
             "44). Sampaikan permintaan atau keberatan kepada pejabat di atas.", st["normal"])
    return [
        _p("G. Pemberitahuan privasi (ringkas)", st["bab"]),
        _p("Tujuan dan dasar pemrosesan", st["sub_bab"]),
        _p(d.pemberitahuan.tujuan or "-", st["normal"]),
        _p("Pejabat pelindungan data pribadi (UU PDP Pasal 53)", st["sub_bab"]),
        _pairs(d.pemberitahuan.dpo, width, st),
        KeepTogether([Spacer(1, 3 * mm), hak, Spacer(1, 6 * mm), ttd]),
    ]


def _pembuka(d: DataSubjek, st: dict[str, ParagraphStyle], width: float) -> list[Flowable]:
    out: list[Flowable] = [
        _p(JUDUL, st["judul"]),
        _p(DASAR, st["sub"]),
        Spacer(1, 4 * mm),
        _pairs([("NIK", d.nik), ("Nama", d.nama or "-"),
                ("Tanggal laporan", tanggal(d.dibuat_pada.date())),
                ("Dibuat pada", waktu(d.dibuat_pada)), ("Dibuat oleh", d.oleh)], width, st),
        Spacer(1, 3 * mm),
    ]
    if d.kosong:
        out.append(_p("Tidak ada data pribadi dengan NIK ini yang disimpan di aplikasi "
                      f"Kecamatan TKSK{' Kecamatan ' + d.kecamatan if d.kecamatan else ''} "
                      "pada saat laporan ini dibuat.", st["peringatan"]))
    else:
        out.append(_p(f"Laporan ini memuat semua data yang disimpan tentang pemilik NIK di "
                      f"atas ({d.jumlah_catatan} catatan) dan {len(d.jejak)} entri riwayat "
                      "pemrosesannya.", st["normal"]))
    if d.disembunyikan:
        peran = ", ".join(d.peran_data_spesifik) or "-"
        out.append(_p(f"LAPORAN BELUM LENGKAP: {d.disembunyikan} catatan data pribadi spesifik "
                      "(UU PDP Pasal 4) disembunyikan karena peran pembuat laporan tidak berhak "
                      f"melihatnya. Minta pengguna berperan {peran} mencetak ulang laporan ini "
                      "sebelum diserahkan.", st["peringatan"]))
    return out


def story(d: DataSubjek, page: tuple[float, float]) -> list[Flowable]:
    st = _styles()
    width = _width(page)
    out: list[Flowable] = kop_flowables(d.kop) if d.kop is not None else []
    out += _pembuka(d, st, width)
    for part in (_warga, _psks, _pendaftar, _kegiatan, _rujukan, _jejak, _privasi):
        out += part(d, st, width)
    return out


def footer(d: DataSubjek, page: tuple[float, float]) -> str:
    """"RAHASIA ... Dicetak <when> oleh <who>", the name shortened to leave room for
    "Halaman x dari y"."""
    return footer_rahasia(d.dibuat_pada, d.oleh, page[0])


def render(path: str | os.PathLike[str], data: DataSubjek, paper: str = "A4") -> Path:
    """The report, written atomically to ``path`` (nothing left behind on failure)."""
    if paper not in PAPER:
        raise ValueError(f"Ukuran kertas tidak dikenal: {paper} (pilih A4 atau F4)")
    page = PAPER[paper]
    return write_pdf(path, story(data, page), paper=paper,
                     title="Laporan data pribadi (akses subjek data)",
                     footer_left=footer(data, page))
