"""The consolidated yearly recap of a Dinas Sosial database (no Qt): every kecamatan of the
kabupaten, from the dashboard's numbers (:func:`kabupaten.dasbor`, which reads
:func:`ringkasan_bulan.untuk_tahun`), printed as PDF (:mod:`reports.rekap_kabupaten_pdf`) and
Excel (:mod:`reports.rekap_kabupaten_xlsx`). Each file is written atomically and every print is
audited, as the kecamatan's yearly recap (:mod:`rekap_tahunan`)."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Sequence
from pathlib import Path

from ..models.base import now
from ..reports.rekap_kabupaten_data import (
    KETERANGAN_WARNA,
    Baris,
    BarisAngka,
    BarisStatus,
    RekapKabupaten,
    SelStatus,
)
from . import audit
from .beranda_laporan import LEWAT, TEPAT, TERLAMBAT
from .context import Actor
from .errors import PrintFileError
from .formatting import angka, nama_bulan, tanggal, waktu
from .kabupaten import ATURAN, PAKET, UKURAN, DasborKabupaten, SelLaporan, dasbor

Progress = Callable[[int, int, str], None]
#: The colour key of the report calendar (for the dashboard's legend as well).
__all__ = ["KETERANGAN_WARNA", "baris_kalender", "compile_year", "dari_dasbor",
           "ekspor_kalender", "kop", "sel_status", "write"]

JUDUL = ("REKAPITULASI TAHUNAN TENAGA KESEJAHTERAAN SOSIAL KECAMATAN (TKSK)",
         "SELURUH KECAMATAN {kabupaten} TAHUN {tahun}")
STATUS_SINGKAT = {"disetujui": "Disetujui", "diajukan": "Diajukan", "dikembalikan": "Kembali",
                  "draf": "Draf"}
#: The per-month total rows of the status table: (measure, label).
JUMLAH_BULAN = (("wajib", "Wajib lapor"), ("diterima", "Diterima"), ("disetujui", "Disetujui"),
                ("tepat", "Tepat waktu"), ("terlambat", "Terlambat"))
BULAN_PENDEK = ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov",
                "Des")


def kop(kabupaten: str) -> list[str]:
    """The Dinas Sosial's kop: the kabupaten's government and the Dinas."""
    return [f"PEMERINTAH {kabupaten.upper()}", "DINAS SOSIAL"]


def sel_status(c: SelLaporan) -> SelStatus:
    """A calendar cell as printed: a short status word (with * when it came in a package) and
    the timeliness mark, in words."""
    if c.status:
        word = STATUS_SINGKAT.get(c.status, c.status)
    elif c.sumber == PAKET:
        word = "Diterima"
    else:
        word = "Belum" if c.wajib else "-"
    if c.sumber == PAKET:
        word += "*"
    mark = {TEPAT: "Tepat", TERLAMBAT: f"Telat {c.terlambat_hari} hr",
            LEWAT: "Lewat"}.get(c.ketepatan, "")
    return SelStatus(word, mark, c.jenis)


def _kategori(label: str) -> tuple[str, str]:
    """``"08. Lanjut Usia Telantar"`` -> ``("08", "Lanjut Usia Telantar")``."""
    code, sep, name = label.partition(". ")
    return (code, name) if sep and code.isdigit() else (label, label)


def _data_per(d: DasborKabupaten, kid: int) -> str:
    k = d.kecamatan_by_id(kid)
    if k.bulan_data is None:
        return "belum ada"
    src = " (paket)" if d.ringkasan_of(kid, k.bulan_data).sumber == PAKET else ""
    return f"{BULAN_PENDEK[k.bulan_data - 1]} {d.tahun}{src}"


def dari_dasbor(d: DasborKabupaten, dicetak: str = "") -> RekapKabupaten:
    """The recap's plain data from a dashboard already read."""
    ks = d.kecamatan
    kegiatan = [Baris("", k.nama, tuple(d.kegiatan(k.id, b) for b in range(1, 13))) for k in ks]
    kegiatan.append(Baris("", "Jumlah", tuple(sum(r.bulan[i] for r in kegiatan)
                                              for i in range(12))))
    fungsi = d.fungsi()
    per_fungsi = [BarisAngka(k.nama, tuple(d.kegiatan_fungsi(k.id, f) for f in fungsi))
                  for k in ks]
    per_fungsi.append(BarisAngka("Jumlah", tuple(sum(r.nilai[i] for r in per_fungsi)
                                                 for i in range(len(fungsi)))))
    status = []
    for k in ks:
        t = d.jumlah(k.id)
        status.append(BarisStatus(k.nama, tuple(sel_status(c) for c in d.cells(k.id)), t.wajib,
                                  t.diterima, t.disetujui, t.tepat, t.terlambat))
    months = [d.jumlah(bulan=b) for b in range(1, 13)]
    status_jumlah = [Baris("", label, tuple(getattr(m, key) for m in months))
                     for key, label in JUMLAH_BULAN]
    cats = d.ppks_kategori
    ppks = [BarisAngka(k.nama, tuple(d.ppks(k.id).get(c, 0) for c in cats),
                       _data_per(d, k.id)) for k in ks]
    ppks.append(BarisAngka("Jumlah", tuple(sum(r.nilai[i] for r in ppks)
                                           for i in range(len(cats)))))
    total = d.jumlah()
    rate = total.persen_tepat
    paket = sum(1 for c in d.sel if c.sumber == PAKET)
    catatan = [
        f"Keadaan data per {tanggal(d.hari_ini)}. Batas pengajuan laporan bulanan: tanggal "
        f"{d.batas_hari} bulan berikutnya.",
        f"Setahun: {angka(total.wajib)} laporan wajib, {angka(total.diterima)} diterima, "
        f"{angka(total.disetujui)} disetujui, {angka(total.tepat)} tepat waktu, "
        f"{angka(total.terlambat)} terlambat, {angka(total.lewat)} lewat batas belum diajukan"
        + (f"; ketepatan {angka(round(rate, 1))}% dari laporan yang sudah jatuh tempo."
           if rate is not None else "."),
        f"Tanda * : data bulan itu dari paket kiriman kecamatan ({angka(paket)} "
        "kecamatan-bulan); selebihnya dari data yang dicatat langsung di basis data ini.",
        *ATURAN,
    ]
    return RekapKabupaten(
        kop=kop(d.kabupaten),
        judul=[j.format(kabupaten=d.kabupaten.upper(), tahun=d.tahun) for j in JUDUL],
        tahun=d.tahun, kegiatan=kegiatan, fungsi=fungsi, per_fungsi=per_fungsi, status=status,
        status_jumlah=status_jumlah, instansi=d.rujukan(),
        ppks_kategori=[_kategori(c) for c in cats], ppks=ppks, catatan=catatan,
        dicetak=dicetak)


def compile_year(actor: Actor, tahun: int, today: dt.date | None = None) -> RekapKabupaten:
    """The consolidated recap of ``tahun`` for the kecamatan the actor may see."""
    d = dasbor(actor, tahun, today)
    who = actor.username if actor.is_system else actor.full_name
    return dari_dasbor(d, f"Dicetak {waktu(now())} oleh {who}")


def write(actor: Actor, tahun: int, pdf: str | os.PathLike[str] | None = None,
          xlsx: str | os.PathLike[str] | None = None, kertas: str = "A4",
          today: dt.date | None = None, progress: Progress | None = None) -> list[Path]:
    """Write the consolidated recap as PDF and/or Excel; each file is audited (a file whose
    audit entry cannot be written is removed again)."""
    from .cetak_tksk import _check_paper  # the print modules load when a recap is printed

    _check_paper(kertas)
    if progress is not None:
        progress(0, 0, f"Membaca data {tahun} semua kecamatan...")
    data = compile_year(actor, tahun, today)
    out: list[Path] = []
    for dest, kind in ((pdf, "PDF"), (xlsx, "Excel")):
        if dest is None:
            continue
        try:
            # the writers load here, not when the dashboard opens (reportlab, openpyxl)
            from ..reports import rekap_kabupaten_pdf, rekap_kabupaten_xlsx

            path = (rekap_kabupaten_pdf.render_pdf(dest, data, kertas, progress) if kind == "PDF"
                    else rekap_kabupaten_xlsx.render_xlsx(dest, data, progress))
        except OSError as exc:
            raise PrintFileError(
                f"Berkas tidak dapat ditulis: {dest}. Pastikan foldernya ada dan Anda berhak "
                "menulis di sana; tutup berkas itu bila sedang terbuka, lalu ulangi. "
                f"(Keterangan sistem: {exc.strerror or exc})") from exc
        try:
            audit.record(actor, "cetak", "rekap_kabupaten", tahun,
                         f"Rekap tahunan kabupaten {tahun} ({kind}, {len(data.status)} "
                         f"kecamatan) ke {Path(dest).name}")
        except BaseException:
            path.unlink(missing_ok=True)
            raise
        out.append(path)
    return out



def baris_kalender(d: DasborKabupaten, kecamatan_ids: Sequence[int] | None = None
                   ) -> list[list[object]]:
    """The report calendar as rows (code, kecamatan, 12 cells in words, the year's totals),
    for the kecamatan ``kecamatan_ids`` (None: all) in the dashboard's order."""
    keep = None if kecamatan_ids is None else set(kecamatan_ids)
    rows: list[list[object]] = []
    for k in d.kecamatan:
        if keep is not None and k.id not in keep:
            continue
        cells = [f"{c.status_label}; {c.ketepatan_label}" if c.wajib or c.status
                 else c.ketepatan_label for c in d.cells(k.id)]
        t = d.jumlah(k.id)
        rows.append([k.kode, k.nama, *cells, *(getattr(t, u) for u in UKURAN)])
    return rows


def ekspor_kalender(actor: Actor, tahun: int, path: str | os.PathLike[str],
                    kecamatan_ids: Sequence[int] | None = None, today: dt.date | None = None,
                    progress: Progress | None = None) -> int:
    """The dashboard's report calendar (the kecamatan shown, ``kecamatan_ids``; None: all) to
    an Excel sheet; audited. Returns the number of kecamatan rows written."""
    d = dasbor(actor, tahun, today)
    rows = baris_kalender(d, kecamatan_ids)
    headers = ["Kode", "Kecamatan", *(nama_bulan(b) for b in range(1, 13)), *UKURAN.values()]
    shown = "semua kecamatan" if kecamatan_ids is None else f"{len(rows)} kecamatan"
    lines = [f"{d.kabupaten}, tahun {tahun}; {shown}; keadaan data per {tanggal(d.hari_ini)}",
             f"Batas pengajuan: tanggal {d.batas_hari} bulan berikutnya",
             f"Diekspor oleh {actor.audit_name} pada {waktu(now())}"]
    from . import ekspor  # openpyxl loads when the calendar is exported, not at start

    out = ekspor._write(path, f"Kalender laporan bulanan TKSK {tahun}", headers, iter(rows),
                        lines, progress, len(rows), "Kalender laporan")
    try:
        audit.record(actor, "ekspor", "kabupaten_kalender", tahun,
                     f"Kalender laporan {tahun} ({shown}) ke {out.name}")
    except BaseException:
        out.unlink(missing_ok=True)
        raise
    return len(rows)
