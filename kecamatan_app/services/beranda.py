"""The numbers of the Beranda, the camat's page (no Qt).

Every number is read through the function the list behind it uses, with the filter kept beside
the number, so a tile and the list it opens always agree:

* activities: :func:`kegiatan_daftar.count` with a :class:`KegiatanFilter`;
* referrals: :func:`rujukan_daftar.search` with a :class:`RujukanFilter`;
* monthly reports: :func:`laporan.get` and :func:`laporan.penugasan_for_month`, through
  :mod:`beranda_laporan` (the report calendar and its timeliness, re-exported here);
* PPKS: :func:`ringkasan.gabungan` and :func:`rekap.grid` of the latest period with counts.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from ..models import FungsiKegiatan, Kategori, RekapPemetaan
from . import kegiatan_daftar, lingkup, penugasan, rekap, ringkasan, rujukan_daftar
from .beranda_laporan import BELUM as BELUM
from .beranda_laporan import BELUM_DISUSUN as BELUM_DISUSUN
from .beranda_laporan import KETEPATAN as KETEPATAN
from .beranda_laporan import LEWAT as LEWAT
from .beranda_laporan import TEPAT as TEPAT
from .beranda_laporan import TERLAMBAT as TERLAMBAT
from .beranda_laporan import TIDAK_WAJIB as TIDAK_WAJIB
from .beranda_laporan import BulanLaporan as BulanLaporan
from .beranda_laporan import KalenderLaporan as KalenderLaporan
from .beranda_laporan import batas as batas
from .beranda_laporan import kalender_laporan as kalender_laporan
from .context import Actor
from .formatting import nama_bulan
from .kegiatan import kecamatan_of
from .kegiatan_daftar import KegiatanFilter
from .permissions import Aksi, allowed, require
from .rujukan_daftar import RujukanFilter

# -- the active TKSK ------------------------------------------------------------------------


def tksk_aktif(actor: Actor, kecamatan_id: int | None = None) -> penugasan.PenugasanInfo | None:
    """The TKSK on duty now (its SK term and warning: ``peringatan()``). Shown to whoever may see
    the TKSK data or the activities the TKSK records (which name the TKSK on every row)."""
    if not (allowed(actor, Aksi.PENDAFTAR_LIHAT) or allowed(actor, Aksi.KEGIATAN_LIHAT)):
        require(actor, Aksi.PENDAFTAR_LIHAT)  # raises with the usual message
    return penugasan.active(kecamatan_of(actor, kecamatan_id))


# -- activities: this month against last, by function --------------------------------------


def bulan_sebelum(tahun: int, bulan: int) -> tuple[int, int]:
    return (tahun - 1, 12) if bulan == 1 else (tahun, bulan - 1)


@dataclass(frozen=True)
class FungsiBanding:
    fungsi_id: int
    fungsi: str
    pasal: str
    bulan_ini: int
    bulan_lalu: int
    filter_ini: KegiatanFilter
    filter_lalu: KegiatanFilter


@dataclass(frozen=True)
class KegiatanBanding:
    """Final (carried out) activities of this month and the last, per function; planned ones
    (drafts) of this month apart."""

    tahun: int
    bulan: int
    tahun_lalu: int
    bulan_lalu: int
    per_fungsi: list[FungsiBanding]
    jumlah_ini: int
    jumlah_lalu: int
    draf_ini: int
    filter_ini: KegiatanFilter
    filter_lalu: KegiatanFilter
    filter_draf: KegiatanFilter

    @property
    def label_ini(self) -> str:
        return f"{nama_bulan(self.bulan)} {self.tahun}"

    @property
    def label_lalu(self) -> str:
        return f"{nama_bulan(self.bulan_lalu)} {self.tahun_lalu}"


def kegiatan_banding(actor: Actor, today: dt.date | None = None,
                     kecamatan_id: int | None = None) -> KegiatanBanding:
    require(actor, Aksi.KEGIATAN_LIHAT)
    kecamatan_of(actor, kecamatan_id)  # refused before any count for another kecamatan
    today = today or dt.date.today()
    y, m = today.year, today.month
    py, pm = bulan_sebelum(y, m)
    kec = kecamatan_id
    rows = []
    for f in (FungsiKegiatan.select().where(FungsiKegiatan.aktif)
              .order_by(FungsiKegiatan.urutan, FungsiKegiatan.id)):
        ini = KegiatanFilter(tahun=y, bulan=m, fungsi_id=f.id, status="final", kecamatan_id=kec)
        lalu = KegiatanFilter(tahun=py, bulan=pm, fungsi_id=f.id, status="final",
                              kecamatan_id=kec)
        rows.append(FungsiBanding(f.id, f.nama, f.pasal, kegiatan_daftar.count(actor, ini),
                                  kegiatan_daftar.count(actor, lalu), ini, lalu))
    ini = KegiatanFilter(tahun=y, bulan=m, status="final", kecamatan_id=kec)
    lalu = KegiatanFilter(tahun=py, bulan=pm, status="final", kecamatan_id=kec)
    draf = KegiatanFilter(tahun=y, bulan=m, status="draf", kecamatan_id=kec)
    return KegiatanBanding(y, m, py, pm, rows, kegiatan_daftar.count(actor, ini),
                           kegiatan_daftar.count(actor, lalu), kegiatan_daftar.count(actor, draf),
                           ini, lalu, draf)


# -- referrals ------------------------------------------------------------------------------


@dataclass(frozen=True)
class AngkaRujukan:
    """Open and overdue referrals now (whatever their year); those made in ``tahun`` closed as
    selesai (with their outcome), ditolak or dibatalkan."""

    tahun: int
    terbuka: int
    terlambat: int
    selesai: int
    berhasil: int
    tidak_berhasil: int
    ditolak: int
    dibatalkan: int
    filter_terbuka: RujukanFilter
    filter_terlambat: RujukanFilter
    filter_selesai: RujukanFilter
    filter_ditolak: RujukanFilter
    filter_dibatalkan: RujukanFilter

    @property
    def ditutup(self) -> int:
        return self.selesai + self.ditolak + self.dibatalkan

    @property
    def persen_berhasil(self) -> float | None:
        """Successful / finished (selesai) referrals of the year, in percent."""
        return 100.0 * self.berhasil / self.selesai if self.selesai else None


def angka_rujukan(actor: Actor, today: dt.date | None = None,
                  kecamatan_id: int | None = None) -> AngkaRujukan:
    require(actor, Aksi.KEGIATAN_LIHAT)
    kecamatan_of(actor, kecamatan_id)  # refused before any count for another kecamatan
    today = today or dt.date.today()
    start, end = dt.date(today.year, 1, 1), dt.date(today.year, 12, 31)
    kec = kecamatan_id
    f_open = RujukanFilter(status="terbuka", kecamatan_id=kec)
    f_late = RujukanFilter(status="terbuka", terlambat_saja=True, kecamatan_id=kec)
    f_done = RujukanFilter(dari=start, sampai=end, status="selesai", kecamatan_id=kec)
    f_refused = RujukanFilter(dari=start, sampai=end, status="ditolak", kecamatan_id=kec)
    f_cancel = RujukanFilter(dari=start, sampai=end, status="dibatalkan", kecamatan_id=kec)
    done = rujukan_daftar.search(actor, f_done, today)
    berhasil = sum(1 for r in done if r.hasil == rujukan_daftar.HASIL["berhasil"])
    gagal = sum(1 for r in done if r.hasil == rujukan_daftar.HASIL["tidak_berhasil"])
    return AngkaRujukan(
        today.year, len(rujukan_daftar.search(actor, f_open, today)),
        len(rujukan_daftar.search(actor, f_late, today)), len(done), berhasil, gagal,
        len(rujukan_daftar.search(actor, f_refused, today)),
        len(rujukan_daftar.search(actor, f_cancel, today)),
        f_open, f_late, f_done, f_refused, f_cancel)


# -- PPKS per category and per desa, and the widest desa/TKSK gap ---------------------------


def periode_terakhir(today: dt.date | None = None,
                     kecamatan_id: int | None = None) -> rekap.Periode | None:
    """The latest period with any PPKS count (of the desa of ``kecamatan_id`` when given): the
    one ending last (a longer one on a tie), periods starting after today left out."""
    today = today or dt.date.today()
    q: Any = (RekapPemetaan.select(RekapPemetaan.tahun, RekapPemetaan.semester,
                                   RekapPemetaan.bulan)
              .join_from(RekapPemetaan, Kategori)
              .where((Kategori.jenis == "PPKS")
                     & (RekapPemetaan.jumlah_desa.is_null(False)
                        | RekapPemetaan.jumlah_temuan.is_null(False))))
    if kecamatan_id is not None:
        q = q.where(RekapPemetaan.desa.in_(lingkup.desa_ids(kecamatan_id)))
    q = q.distinct().tuples()
    best: tuple[dt.date, int, rekap.Periode] | None = None
    for tahun, semester, bulan in q:
        p = rekap.Periode(int(tahun), int(semester), int(bulan))
        length = 12 if not (semester or bulan) else 6 if semester else 1
        start = dt.date(p.tahun, bulan or (7 if semester == 2 else 1), 1)
        if start > today:
            continue
        key = (ringkasan.akhir(p), length, p)
        if best is None or key[:2] > best[:2]:
            best = key
    return best[2] if best else None


@dataclass(frozen=True)
class SelisihDesa:
    """A desa's cells where both counts are known and differ: their sums and the gap."""

    desa_id: int
    desa: str
    sel_berbeda: int
    jumlah_desa: int
    jumlah_temuan: int
    selisih_mutlak: int  # sum of |TKSK - desa| over those cells
    terbesar: rekap.Selisih | None  # the widest cell (specific categories masked)

    @property
    def selisih(self) -> int:
        return self.jumlah_temuan - self.jumlah_desa


@dataclass(frozen=True)
class PpksRingkas:
    periode: rekap.Periode | None  # None: no PPKS counts recorded yet
    per_kategori: list[ringkasan.BarisGabungan] = field(default_factory=list)  # largest first
    per_desa: list[ringkasan.BarisGabungan] = field(default_factory=list)  # largest first
    jumlah_kategori: int = 0  # categories with any number (before ``top``)
    jumlah_desa: int = 0
    total: ringkasan.BarisGabungan | None = None
    sel_berbeda: int = 0
    selisih_desa: list[SelisihDesa] = field(default_factory=list)  # widest gap first


def _largest(rows: list[ringkasan.BarisGabungan], top: int) -> list[ringkasan.BarisGabungan]:
    ranked = sorted(rows, key=lambda r: -max(r.dilaporkan_desa, r.temuan_tksk))
    return [r for r in ranked if r.dilaporkan_desa or r.temuan_tksk][:top]


def ppks(actor: Actor, periode: rekap.Periode | None = None, top: int = 10,
         today: dt.date | None = None, kecamatan_id: int | None = None) -> PpksRingkas:
    """PPKS of ``periode`` (default: :func:`periode_terakhir` of the kecamatan) as the
    Pemetaan > Ringkasan tab shows them, the ``top`` largest categories and desa, and the desa
    ranked by the gap between what they reported and what the TKSK found. Of the actor's
    kecamatan (a user of the whole kabupaten: of the chosen ``kecamatan_id``)."""
    require(actor, Aksi.PEMETAAN_LIHAT)
    kec = lingkup.satu_kecamatan(actor, kecamatan_id)  # None: a kecamatan database's only one
    periode = periode or periode_terakhir(today, kec)
    if periode is None:
        return PpksRingkas(None)
    g = ringkasan.gabungan(actor, periode, kec)
    grid = rekap.grid(actor, periode, "PPKS", kec)
    sums: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for (desa_id, _kat), sel in grid.sel.items():
        if sel.berbeda:
            s = sums[desa_id]
            s[0] += 1
            s[1] += sel.jumlah_desa or 0
            s[2] += sel.jumlah_temuan or 0
            s[3] += abs((sel.jumlah_temuan or 0) - (sel.jumlah_desa or 0))
    names = {d.id: d.nama for d in grid.desa}
    widest: dict[str, rekap.Selisih] = {}
    for x in g.selisih_terbesar:  # widest first, specific categories already masked
        widest.setdefault(x.desa, x)
    gaps = [SelisihDesa(d, names[d], s[0], s[1], s[2], s[3], widest.get(names[d]))
            for d, s in sums.items()]
    gaps.sort(key=lambda x: (-x.selisih_mutlak, x.desa))
    per_kat = [r for r in g.per_kategori if r.dilaporkan_desa or r.temuan_tksk]
    per_desa = [r for r in g.per_desa if r.dilaporkan_desa or r.temuan_tksk]
    return PpksRingkas(periode, _largest(per_kat, top), _largest(per_desa, top), len(per_kat),
                       len(per_desa), g.total, g.sel_berbeda, gaps)


# -- all of it, by what the role may see ----------------------------------------------------


@dataclass(frozen=True)
class Beranda:
    """What the Beranda shows; None where the role may not see the data."""

    tksk: penugasan.PenugasanInfo | None
    tksk_boleh: bool
    kegiatan: KegiatanBanding | None
    laporan: KalenderLaporan | None
    rujukan: AngkaRujukan | None
    ppks: PpksRingkas | None


def boleh(actor: Actor) -> dict[str, bool]:
    """Which parts of the Beranda the role may see."""
    return {
        "tksk": allowed(actor, Aksi.PENDAFTAR_LIHAT) or allowed(actor, Aksi.KEGIATAN_LIHAT),
        "kegiatan": allowed(actor, Aksi.KEGIATAN_LIHAT),
        "laporan": allowed(actor, Aksi.LAPORAN_LIHAT),
        "rujukan": allowed(actor, Aksi.KEGIATAN_LIHAT),
        "ppks": allowed(actor, Aksi.PEMETAAN_LIHAT),
    }


def muat(actor: Actor, tahun: int | None = None, today: dt.date | None = None,
         kecamatan_id: int | None = None) -> Beranda:
    """Everything the Beranda shows for the actor's role; ``tahun`` of the report calendar. Of
    the actor's kecamatan (a user of the whole kabupaten: of the chosen ``kecamatan_id``; a
    kecamatan user asking for another kecamatan is refused)."""
    today = today or dt.date.today()
    kec = kecamatan_id
    if kec is not None:
        lingkup.pilih_kecamatan(actor, kec)  # refused at once, before any number
    may = boleh(actor)
    return Beranda(
        tksk_aktif(actor, kec) if may["tksk"] else None,
        may["tksk"],
        kegiatan_banding(actor, today, kec) if may["kegiatan"] else None,
        kalender_laporan(actor, tahun or today.year, today, kec) if may["laporan"] else None,
        angka_rujukan(actor, today, kec) if may["rujukan"] else None,
        ppks(actor, today=today, kecamatan_id=kec) if may["ppks"] else None,
    )
