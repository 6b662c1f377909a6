"""The monthly report (laporan bulanan) as PDF, following domain/laporan-bulanan.md: kop surat,
title, TKSK identity, BAB I-IV, signatures, tembusan, the photo annex (four per page) and the
dated workflow history on the last page. Plain data in (:mod:`laporan_data`), a PDF out through
:func:`pdf_dasar.write_pdf`; no database, no Qt."""

from __future__ import annotations

import os
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    Image,
    KeepTogether,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from ..services.formatting import angka, waktu
from .laporan_data import LaporanIsi
from .pdf_dasar import Kop, Progress, escape, kop_flowables, write_pdf
from .tksk_pdf import TandaTangan, _grid, _p, _plain, _styles, _width, signature_block

KOLOM_KEGIATAN = ("No", "Hari/Tanggal", "Uraian Kegiatan", "Fungsi", "Bentuk", "Lokasi",
                  "Sasaran", "Mitra", "Hasil", "Ket.")
#: Relative widths of the activity table's columns (they are scaled to the paper).
_LEBAR = (5, 17, 38, 17, 18, 15, 16, 16, 28, 16)
CATATAN_RAHASIA = "RAHASIA - berisi data pribadi"


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


def _kegiatan(d: LaporanIsi, width: float) -> Flowable:
    st = _styles()
    if not d.kegiatan:
        return _p("Tidak ada kegiatan final yang tercatat pada bulan ini.", st["normal"])
    unit = width / sum(_LEBAR)
    rows: list[list[object]] = [[_p(h, st["kepala"]) for h in KOLOM_KEGIATAN]]
    for k in d.kegiatan:
        rows.append([_p(str(k.no), st["sel_tengah"]), _p(k.hari_tanggal, st["sel"]),
                     _p(k.uraian, st["sel"]), _p(k.fungsi, st["sel"]), _p(k.bentuk, st["sel"]),
                     _p(k.lokasi, st["sel"]), _p(k.sasaran, st["sel"]), _p(k.mitra, st["sel"]),
                     _p(k.hasil, st["sel"]), _p(k.keterangan, st["sel"])])
    table = _table(rows, [w * unit for w in _LEBAR])
    table.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 2),
                               ("RIGHTPADDING", (0, 0), (-1, -1), 2)]))
    return table


def _rekap(d: LaporanIsi, width: float) -> list[Flowable]:
    st = _styles()
    out: list[Flowable] = [_p("B. Rekapitulasi", st["bagian"])]
    out.append(_p("1. Kegiatan menurut fungsi dan bentuk", st["normal"]))
    rows: list[list[object]] = [[_p(h, st["kepala"]) for h in ("Fungsi", "Bentuk", "Jumlah")]]
    rows += [[_p(f, st["sel"]), _p(b, st["sel"]), _p(angka(n), st["sel_tengah"])]
             for f, b, n in d.per_bentuk]
    rows.append([_p("Jumlah", st["sel_tebal"]), "",
                 _p(angka(d.jumlah_kegiatan), st["sel_tengah"])])
    out += [_table(rows, [width * 0.3, width * 0.5, width * 0.2]), Spacer(1, 3 * mm)]
    out.append(_p("2. Kegiatan menurut desa/kelurahan", st["normal"]))
    rows = [[_p(h, st["kepala"]) for h in ("Desa/Kelurahan", "Kegiatan", "Peserta L",
                                           "Peserta P")]]
    rows += [[_p(n, st["sel"]), *(_p(angka(v), st["sel_tengah"]) for v in (a, b, c))]
             for n, a, b, c in d.per_desa] or [[_p("-", st["sel"]), "", "", ""]]
    out += [_table(rows, [width * 0.46] + [width * 0.18] * 3), Spacer(1, 3 * mm)]
    out.append(_p("3. PPKS yang ditangani (penerima manfaat kegiatan menurut kategori)",
                  st["normal"]))
    rows = [[_p(h, st["kepala"]) for h in ("Kategori PPKS", "Jumlah")]]
    rows += [[_p(n, st["sel"]), _p(angka(v), st["sel_tengah"])] for n, v in d.ppks] or \
        [[_p("Tidak ada penerima manfaat yang tertaut ke registri.", st["sel"]), ""]]
    out += [_table(rows, [width * 0.8, width * 0.2]), Spacer(1, 3 * mm)]
    r = d.rujukan
    out.append(_p(f"4. Rujukan: dibuat {angka(r.dibuat)}, ditutup {angka(r.ditutup)}, masih "
                  f"terbuka {angka(r.terbuka)} (terlambat dijawab {angka(r.terlambat)}) pada "
                  f"akhir bulan", st["normal"]))
    if r.per_instansi:
        rows = [[_p(h, st["kepala"]) for h in ("Instansi tujuan", "Dibuat", "Ditutup",
                                               "Terbuka")]]
        rows += [[_p(n, st["sel"]), *(_p(angka(v), st["sel_tengah"]) for v in (a, b, c))]
                 for n, a, b, c in r.per_instansi]
        out.append(_table(rows, [width * 0.46] + [width * 0.18] * 3))
    out.append(Spacer(1, 3 * mm))
    out.append(_p("5. Pemutakhiran data pemetaan sosial", st["normal"]))
    rows = [[_p(h, st["kepala"]) for h in ("Uraian", "Jumlah")]]
    rows += [[_p(n, st["sel"]), _p(angka(v), st["sel_tengah"])] for n, v in d.pemetaan]
    out.append(_table(rows, [width * 0.8, width * 0.2]))
    return out


def _foto(d: LaporanIsi, width: float, progress: Progress | None) -> list[Flowable]:
    st = _styles()
    out: list[Flowable] = [PageBreak(), _p("LAMPIRAN: DOKUMENTASI KEGIATAN", st["judul"])]
    cell_w = width / 2 - 4 * mm
    cell_h = 85 * mm
    cells: list[object] = []
    for i, f in enumerate(d.foto, 1):
        try:
            img = Image(str(f.path))
            scale = min(cell_w / img.imageWidth, cell_h / img.imageHeight)
            img.drawWidth, img.drawHeight = img.imageWidth * scale, img.imageHeight * scale
            content: list[object] = [img]
        except OSError:
            content = [_p("(foto tidak dapat dibaca)", st["sel_miring"])]
        cells.append([*content, Spacer(1, 1 * mm), _p(f"{i}. {f.keterangan}", st["sel"])])
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


def story(d: LaporanIsi, paper: str = "A4", progress: Progress | None = None) -> list[Flowable]:
    st = _styles()
    width = _width(paper)
    out = kop_flowables(Kop(d.kop))
    for line in d.judul:
        out.append(_p(line, st["judul"]))
    if d.nomor:
        out.append(_p(f"Nomor: {d.nomor}", st["ttd"]))
    out.append(Spacer(1, 3 * mm))
    if d.tampil("identitas"):
        out += [_p("IDENTITAS TKSK", st["bagian"]), _identitas(d, width)]
    if d.tampil("pendahuluan"):
        out += [_p("BAB I PENDAHULUAN", st["bagian"]), *_paras(d.pendahuluan, st["normal"])]
    if d.tampil("kegiatan") or d.tampil("rekap"):
        out.append(_p("BAB II PELAKSANAAN KEGIATAN", st["bagian"]))
    if d.tampil("kegiatan"):
        out += [_p(f"A. Kegiatan bulan {d.bulan_label} ({angka(d.jumlah_kegiatan)} kegiatan)",
                   st["bagian"]), _kegiatan(d, width), Spacer(1, 3 * mm)]
    if d.tampil("rekap"):
        out += _rekap(d, width)
    if d.tampil("kendala"):
        out += [_p("BAB III KENDALA DAN TINDAK LANJUT", st["bagian"]),
                _p("A. Kendala", st["normal"]), *_paras(d.kendala, st["normal"]),
                _p("B. Tindak lanjut", st["normal"]), *_paras(d.tindak_lanjut, st["normal"])]
    closing: list[Flowable] = []
    if d.tampil("penutup"):
        closing += [_p("BAB IV PENUTUP", st["bagian"]), *_paras(d.penutup, st["normal"])]
    if d.tampil("tanda_tangan"):
        t = d.ttd
        closing += signature_block(TandaTangan(
            kecamatan=d.identitas.kecamatan, camat_nama=t.camat_nama, camat_nip=t.camat_nip,
            camat_plt=t.camat_plt, camat_keterangan=t.camat_keterangan,
            camat_pangkat=t.camat_pangkat, tempat=t.tempat, tanggal=t.tanggal,
            jabatan_kanan=f"TKSK Kecamatan {d.identitas.kecamatan}",
            nama_kanan=d.identitas.nama), width)
    if closing:
        out.append(KeepTogether(closing))
    if d.tampil("tembusan") and d.tembusan:
        lines = [_p("Tembusan:", st["normal"])]
        lines += [_p(f"{i}. {t}", st["normal"]) for i, t in enumerate(d.tembusan, 1)]
        out += [Spacer(1, 6 * mm), KeepTogether(lines)]
    if d.tampil("lampiran_foto") and d.foto:
        out += _foto(d, width, progress)
    if d.tampil("riwayat") and d.riwayat:
        out += _riwayat(d, width)
    return out


def render(path: str | os.PathLike[str], d: LaporanIsi, paper: str = "A4",
           progress: Progress | None = None) -> Path:
    """Write the report atomically to ``path`` (A4 or F4)."""
    footer = " — ".join(x for x in (CATATAN_RAHASIA, d.dicetak) if x)
    return write_pdf(path, story(d, paper, progress), paper=paper,
                     title=f"Laporan bulanan TKSK {d.bulan_label}", footer_left=footer)
