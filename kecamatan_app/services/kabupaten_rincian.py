"""The rows behind every number of the kabupaten dashboard (no Qt).

Each function takes the :class:`kabupaten.DasborKabupaten` the number was read from and returns
a :class:`Rincian`: a title, column names, the rows, and the number they add up to, so a tile or
a grid cell can show where its number comes from (``tests/test_kabupaten.py`` checks every
total against its rows). :func:`rincian` does the same from an actor and a year.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .context import Actor
from .errors import ValidationError
from .formatting import nama_bulan, tanggal
from .kabupaten import SUMBER_LABEL, UKURAN, DasborKabupaten, dasbor

KOLOM_LAPORAN = ["Kecamatan", "Bulan", "Wajib lapor", "Status", "Sumber", "Diajukan pertama",
                 "Disetujui", "Batas pengajuan", "Ketepatan"]
RUJUKAN_UKURAN: dict[str, str] = {"dibuat": "Rujukan dibuat", "ditutup": "Rujukan ditutup",
                                  "terbuka": "Rujukan masih terbuka"}


@dataclass(frozen=True)
class Rincian:
    judul: str
    kolom: list[str]
    baris: list[tuple[object, ...]]
    jumlah: int  # the number the rows explain (their count, or the sum of their last column)


def _sum(rows: list[tuple[object, ...]]) -> int:
    return sum(v for row in rows if isinstance(v := row[-1], int))


def _where(d: DasborKabupaten, kecamatan_id: int | None, bulan: int | None) -> str:
    parts = []
    if kecamatan_id is not None:
        parts.append(f"Kecamatan {d.kecamatan_by_id(kecamatan_id).nama}")
    if bulan is not None:
        parts.append(f"{nama_bulan(bulan)} {d.tahun}")
    return ", ".join(parts) or f"semua kecamatan, tahun {d.tahun}"


def laporan(d: DasborKabupaten, ukuran: str, kecamatan_id: int | None = None,
            bulan: int | None = None) -> Rincian:
    """The kecamatan-months counted in ``ukuran`` (a key of :data:`kabupaten.UKURAN`, or
    ``"semua"`` for every cell of the selection): one row per kecamatan-month."""
    if ukuran != "semua" and ukuran not in UKURAN:
        raise ValidationError.single("ukuran", f"Ukuran '{ukuran}' tidak dikenal.")
    cells = [c for c in d.cells(kecamatan_id, bulan) if ukuran == "semua" or c.ukur(ukuran)]
    rows: list[tuple[object, ...]] = [
        (c.kecamatan_nama, c.nama_bulan, "Ya" if c.wajib else "Tidak", c.status_label,
         SUMBER_LABEL.get(c.sumber, c.sumber), c.diajukan, c.disetujui_pada, c.batas,
         c.ketepatan_label) for c in cells]
    title = "Laporan bulanan" if ukuran == "semua" else UKURAN[ukuran]
    return Rincian(f"{title}: {_where(d, kecamatan_id, bulan)}", KOLOM_LAPORAN, rows, len(rows))


def kegiatan(d: DasborKabupaten, kecamatan_id: int | None = None, bulan: int | None = None,
             fungsi: str | None = None) -> Rincian:
    """Final activities per kecamatan-month (and per form when ``fungsi`` is given)."""
    rows: list[tuple[object, ...]] = []
    for r in d.ringkasan:
        if (kecamatan_id is not None and r.kecamatan_id != kecamatan_id) or (
                bulan is not None and r.bulan != bulan):
            continue
        src = SUMBER_LABEL.get(r.sumber, r.sumber)
        if fungsi is None:
            if r.kegiatan:
                rows.append((r.kecamatan_nama, nama_bulan(r.bulan), src, r.kegiatan))
            continue
        rows += [(r.kecamatan_nama, nama_bulan(r.bulan), src, b, n)
                 for f, b, n in r.per_bentuk if f == fungsi and n]
    cols = ["Kecamatan", "Bulan", "Sumber"] + (["Bentuk kegiatan"] if fungsi else [])
    title = "Kegiatan" + (f" fungsi {fungsi}" if fungsi else "")
    return Rincian(f"{title}: {_where(d, kecamatan_id, bulan)}", [*cols, "Jumlah"], rows,
                   _sum(rows))


def ppks(d: DasborKabupaten, kecamatan_id: int | None = None,
         kategori: str | None = None) -> Rincian:
    """PPKS of the mapping per kecamatan and category, with the month it is taken from."""
    rows: list[tuple[object, ...]] = []
    for k in d.kecamatan:
        if (kecamatan_id is not None and k.id != kecamatan_id) or k.bulan_data is None:
            continue
        r = d.ringkasan_of(k.id, k.bulan_data)
        src = SUMBER_LABEL.get(r.sumber, r.sumber)
        rows += [(k.nama, f"{nama_bulan(k.bulan_data)} {d.tahun}", src, cat, n)
                 for cat, n in r.ppks_pemetaan if (kategori is None or cat == kategori) and n]
    title = "PPKS hasil pemetaan" + (f" {kategori}" if kategori else "")
    return Rincian(f"{title}: {_where(d, kecamatan_id, None)}",
                   ["Kecamatan", "Data per", "Sumber", "Kategori", "Jumlah"], rows,
                   _sum(rows))


def rujukan(d: DasborKabupaten, ukuran: str, instansi: str | None = None,
            kecamatan_id: int | None = None) -> Rincian:
    """Referrals ``ukuran`` (dibuat, ditutup, terbuka) per kecamatan-month and agency."""
    if ukuran not in RUJUKAN_UKURAN:
        raise ValidationError.single("ukuran", f"Ukuran rujukan '{ukuran}' tidak dikenal.")
    col = {"dibuat": 1, "ditutup": 2, "terbuka": 3}[ukuran]
    rows: list[tuple[object, ...]] = []
    for k in d.kecamatan:
        if kecamatan_id is not None and k.id != kecamatan_id:
            continue
        for r in d.ringkasan:
            if r.kecamatan_id != k.id or (ukuran == "terbuka" and r.bulan != k.bulan_data):
                continue
            src = SUMBER_LABEL.get(r.sumber, r.sumber)
            rows += [(k.nama, nama_bulan(r.bulan), src, row[0], row[col])
                     for row in r.rujukan_per_instansi
                     if (instansi is None or row[0] == instansi) and row[col]]
    title = RUJUKAN_UKURAN[ukuran] + (f" ke {instansi}" if instansi else "")
    return Rincian(f"{title}: {_where(d, kecamatan_id, None)}",
                   ["Kecamatan", "Bulan", "Sumber", "Instansi tujuan", "Jumlah"], rows,
                   _sum(rows))


def rincian(actor: Actor, tahun: int, jenis: str, *, ukuran: str = "semua",
            kecamatan_id: int | None = None, bulan: int | None = None,
            nama: str | None = None, today: dt.date | None = None) -> Rincian:
    """The rows behind one number of ``tahun``'s dashboard, read afresh (the permission and
    the actor's kecamatan scope are checked by :func:`kabupaten.dasbor`). ``jenis``: laporan,
    kegiatan (``nama``: a function), ppks (``nama``: a category) or rujukan (``ukuran``
    dibuat/ditutup/terbuka, ``nama``: an agency)."""
    d = dasbor(actor, tahun, today)
    if kecamatan_id is not None and all(k.id != kecamatan_id for k in d.kecamatan):
        raise ValidationError.single("kecamatan", "Kecamatan itu tidak ada dalam dasbor Anda.")
    if jenis == "laporan":
        return laporan(d, ukuran, kecamatan_id, bulan)
    if jenis == "kegiatan":
        return kegiatan(d, kecamatan_id, bulan, nama)
    if jenis == "ppks":
        return ppks(d, kecamatan_id, nama)
    if jenis == "rujukan":
        return rujukan(d, ukuran, nama, kecamatan_id)
    raise ValidationError.single("jenis", f"Jenis rincian '{jenis}' tidak dikenal.")


def tanggal_teks(value: object) -> str:
    """A cell of a :class:`Rincian` as text (dates in Indonesian)."""
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return tanggal(value)
    return str(value)
