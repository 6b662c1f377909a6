"""The kabupaten dashboard of a Dinas Sosial database (no Qt): for a year, the monthly-report
calendar per kecamatan x month (expected, received, approved, on time), PPKS per kecamatan and
referrals per agency, every number with the rows behind it (:mod:`kabupaten_rincian`).

Everything is read from the per kecamatan-month summaries (:func:`ringkasan_bulan.untuk_tahun`:
an imported package where there is one, else the live records), so a kecamatan that reports
through packages and one that works in this database count alike. The rules:

* **Expected** (``wajib``). A kecamatan *with live records* (at least one TKSK appointment in
  this database): a month that has ended in which a TKSK was on duty (the rule of the camat's
  Beranda, :func:`laporan.penugasan_for_month`). A kecamatan *known only through packages* (no
  TKSK appointment here): every month that has ended, and any month a package was received for.
  A month whose report was received counts as expected in either case.
* **Received** (``diterima``): the report was submitted (status diajukan, dikembalikan or
  disetujui) or its package was imported. **Approved**: status disetujui.
* **On time** / **late**: the Beranda's rule (:mod:`beranda_laporan`): the first submission on
  or before the deadline, day ``laporan.batas_hari`` of the next month, or after it.
* **PPKS per kecamatan** and **referrals still open** are stocks, read from one month per
  kecamatan: the last month of the period (December, or the current month of the current
  year); for a kecamatan known only through packages, the latest month it sent a package for.
* **Referrals made / closed** are summed over the months of the year.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from ..models import Kecamatan, Penugasan
from ..models.base import fk
from . import laporan, lingkup, ringkasan_bulan, settings, wilayah
from .beranda_laporan import (
    KETEPATAN,
    LEWAT,
    TEPAT,
    TERLAMBAT,
    TIDAK_WAJIB,
    batas,
    jatuh_tempo,
    ketepatan,
    terlambat_hari,
)
from .context import Actor
from .errors import AppError, Conflict
from .formatting import nama_bulan
from .kunci_bulan import STATUS_LABEL
from .permissions import Aksi, require
from .ringkasan_bulan import RingkasanBulan

DITERIMA = ("diajukan", "dikembalikan", "disetujui")
LANGSUNG, PAKET = "langsung", "paket"
SUMBER_LABEL = {LANGSUNG: "Data langsung", PAKET: "Paket kiriman"}
#: The measures of the report calendar, in display order: key -> label.
UKURAN: dict[str, str] = {
    "wajib": "Wajib lapor",
    "diterima": "Diterima",
    "disetujui": "Disetujui",
    "tepat": "Tepat waktu",
    "terlambat": "Terlambat",
    "lewat": "Lewat batas, belum diajukan",
}
ATURAN: tuple[str, ...] = (
    "Wajib lapor: untuk kecamatan yang data TKSK-nya ada di basis data ini, bulan yang sudah "
    "berakhir dan ada TKSK bertugas di dalamnya; untuk kecamatan yang hanya mengirim paket, "
    "setiap bulan yang sudah berakhir dan setiap bulan yang paketnya sudah diterima.",
    "Diterima: laporan sudah diajukan (berstatus diajukan, dikembalikan atau disetujui) atau "
    "paketnya sudah diimpor. Disetujui: laporan berstatus disetujui camat.",
    "Tepat waktu: pengajuan pertama paling lambat tanggal batas (pengaturan Batas pengajuan "
    "laporan) bulan berikutnya; Terlambat: sesudahnya; Lewat batas: belum diajukan padahal "
    "batas sudah lewat.",
    "PPKS per kecamatan dan rujukan yang masih terbuka diambil dari satu bulan per kecamatan: "
    "bulan terakhir periode, atau bulan terakhir yang paketnya diterima bila kecamatan hanya "
    "mengirim paket. Rujukan dibuat dan ditutup dijumlahkan sepanjang tahun.",
)


@dataclass(frozen=True)
class SelLaporan:
    """One kecamatan-month of the report calendar."""

    kecamatan_id: int
    kecamatan_kode: str
    kecamatan_nama: str
    tahun: int
    bulan: int
    wajib: bool
    status: str  # "" | draf | diajukan | dikembalikan | disetujui
    sumber: str  # langsung | paket
    diajukan: dt.date | None
    disetujui_pada: dt.date | None
    batas: dt.date
    ketepatan: str  # one of beranda_laporan.KETEPATAN
    hari_ini: dt.date
    berakhir: bool  # the month has ended

    @property
    def diterima(self) -> bool:
        return self.sumber == PAKET or self.status in DITERIMA

    @property
    def disetujui(self) -> bool:
        return self.status == "disetujui"

    @property
    def tepat(self) -> bool:
        return self.ketepatan == TEPAT

    @property
    def terlambat(self) -> bool:
        return self.ketepatan == TERLAMBAT

    @property
    def lewat(self) -> bool:
        return self.ketepatan == LEWAT

    def ukur(self, ukuran: str) -> bool:
        """Whether this cell counts in the measure ``ukuran`` (a key of :data:`UKURAN`)."""
        return bool(getattr(self, ukuran))

    @property
    def terlambat_hari(self) -> int:
        return terlambat_hari(self.ketepatan, self.diajukan, self.batas, self.hari_ini)

    @property
    def jenis(self) -> str:
        """The kind that picks the cell's colour (``rekap_kabupaten_data.KETERANGAN_WARNA``)."""
        if self.status in ("disetujui", "diajukan", "dikembalikan"):
            return self.status
        if self.sumber == PAKET:
            return "disetujui" if self.disetujui else "diajukan"
        if self.ketepatan == TIDAK_WAJIB:
            return "tidak_wajib"
        return "lewat" if self.ketepatan == LEWAT else "belum"

    @property
    def status_label(self) -> str:
        if self.status:
            return STATUS_LABEL.get(self.status, self.status)
        if self.sumber == PAKET:
            return "Paket diterima"
        return "Belum disusun" if self.wajib else "-"

    @property
    def ketepatan_label(self) -> str:
        if self.ketepatan == TIDAK_WAJIB:
            return ("Tidak wajib: bulan belum berakhir" if not self.berakhir
                    else "Tidak wajib: tidak ada TKSK bertugas")
        label = KETEPATAN[self.ketepatan]
        days = self.terlambat_hari
        return f"{label} ({days} hari)" if days else label

    @property
    def nama_bulan(self) -> str:
        return nama_bulan(self.bulan)


@dataclass(frozen=True)
class JumlahLaporan:
    wajib: int = 0
    diterima: int = 0
    disetujui: int = 0
    tepat: int = 0
    terlambat: int = 0
    lewat: int = 0
    jatuh_tempo: int = 0  # expected and submitted or past the deadline (the rate's base)

    @property
    def persen_tepat(self) -> float | None:
        return 100.0 * self.tepat / self.jatuh_tempo if self.jatuh_tempo else None

    @classmethod
    def dari(cls, cells: list[SelLaporan]) -> JumlahLaporan:
        due = sum(1 for c in cells if jatuh_tempo(c.wajib, c.diajukan, c.batas, c.hari_ini))
        n = {u: sum(1 for c in cells if c.ukur(u)) for u in UKURAN}
        return cls(n["wajib"], n["diterima"], n["disetujui"], n["tepat"], n["terlambat"],
                   n["lewat"], due)


@dataclass(frozen=True)
class KecamatanDasbor:
    id: int
    kode: str
    nama: str
    langsung: bool  # has a TKSK appointment in this database
    paket: int  # packages received for the year
    bulan_data: int | None  # the month PPKS and open referrals are read from


@dataclass
class DasborKabupaten:
    tahun: int
    hari_ini: dt.date
    batas_hari: int
    kabupaten: str
    kecamatan: list[KecamatanDasbor]
    sel: list[SelLaporan]  # kecamatan (in ``kecamatan`` order) x 12 months
    ringkasan: list[RingkasanBulan]
    ppks_kategori: list[str] = field(default_factory=list)
    _by_key: dict[tuple[int, int], tuple[SelLaporan, RingkasanBulan]] = field(
        default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        rk = {(r.kecamatan_id, r.bulan): r for r in self.ringkasan}
        self._by_key = {(c.kecamatan_id, c.bulan): (c, rk[(c.kecamatan_id, c.bulan)])
                        for c in self.sel}

    # -- the report calendar ----------------------------------------------------------------
    def cell(self, kecamatan_id: int, bulan: int) -> SelLaporan:
        return self._by_key[(kecamatan_id, bulan)][0]

    def ringkasan_of(self, kecamatan_id: int, bulan: int) -> RingkasanBulan:
        return self._by_key[(kecamatan_id, bulan)][1]

    def cells(self, kecamatan_id: int | None = None, bulan: int | None = None
              ) -> list[SelLaporan]:
        return [c for c in self.sel if (kecamatan_id is None or c.kecamatan_id == kecamatan_id)
                and (bulan is None or c.bulan == bulan)]

    def jumlah(self, kecamatan_id: int | None = None, bulan: int | None = None
               ) -> JumlahLaporan:
        """Totals of a kecamatan (over the months), of a month (over the kecamatan), or of
        everything."""
        return JumlahLaporan.dari(self.cells(kecamatan_id, bulan))

    # -- activities -------------------------------------------------------------------------
    def kegiatan(self, kecamatan_id: int, bulan: int | None = None) -> int:
        return sum(r.kegiatan for r in self.ringkasan if r.kecamatan_id == kecamatan_id
                   and (bulan is None or r.bulan == bulan))

    def fungsi(self) -> list[str]:
        """Activity functions in the reference order, then any other a package names."""
        from . import rekap_kegiatan

        names = list(dict.fromkeys(c.fungsi for c in rekap_kegiatan.columns()))
        for r in self.ringkasan:
            for f, _b, _n in r.per_bentuk:
                if f not in names:
                    names.append(f)
        return names

    def kegiatan_fungsi(self, kecamatan_id: int, fungsi: str) -> int:
        return sum(n for r in self.ringkasan if r.kecamatan_id == kecamatan_id
                   for f, _b, n in r.per_bentuk if f == fungsi)

    # -- PPKS and referrals -----------------------------------------------------------------
    def ppks(self, kecamatan_id: int) -> dict[str, int]:
        """PPKS per category in the kecamatan's mapping, as of its data month."""
        k = self.kecamatan_by_id(kecamatan_id)
        if k.bulan_data is None:
            return {}
        return dict(self.ringkasan_of(kecamatan_id, k.bulan_data).ppks_pemetaan)

    def rujukan(self) -> list[tuple[str, int, int, int]]:
        """(agency, made over the year, closed over the year, open at the data month's end),
        summed over the kecamatan, by agency name."""
        per: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
        for k in self.kecamatan:
            for r in self.ringkasan:
                if r.kecamatan_id != k.id:
                    continue
                for name, made, closed, still_open in r.rujukan_per_instansi:
                    acc = per[name]
                    acc[0] += made
                    acc[1] += closed
                    if r.bulan == k.bulan_data:
                        acc[2] += still_open
        return [(name, *v) for name, v in sorted(per.items())]  # type: ignore[misc]

    def kecamatan_by_id(self, kecamatan_id: int) -> KecamatanDasbor:
        for k in self.kecamatan:
            if k.id == kecamatan_id:
                return k
        raise KeyError(kecamatan_id)


def _berakhir(tahun: int, bulan: int, today: dt.date) -> bool:
    return today > dt.date(tahun, bulan, calendar.monthrange(tahun, bulan)[1])


def _with_tksk(kecamatan_ids: list[int]) -> set[int]:
    """The kecamatan with live records: at least one TKSK appointment in this database."""
    return {int(fk(p, "kecamatan")) for p in Penugasan.select(Penugasan.kecamatan)
            .where(Penugasan.kecamatan.in_(kecamatan_ids)).distinct()}


def _on_duty(kecamatan_id: int, tahun: int, bulan: int) -> bool:
    """A TKSK was on duty in the month (the Beranda's rule, :func:`laporan.penugasan_for_month`).
    Asked only for months that have ended and whose report was not received (a received report
    is expected anyway), so a kabupaten costs a few calls, not 12 per kecamatan."""
    return laporan.penugasan_for_month(kecamatan_id, tahun, bulan) is not None


def _dinas_only() -> None:
    if not lingkup.is_dinas():
        raise Conflict("Dasbor dan rekap kabupaten hanya ada pada basis data Dinas Sosial. "
                       "Basis data ini milik satu kecamatan: gunakan Beranda dan rekap tahunan "
                       "kecamatan.")


def kabupaten_nama() -> str:
    kode = lingkup.kabupaten_kode()
    return wilayah.get_kabupaten(kode).nama if kode else ""


def tempat_kerja(actor: Actor) -> str:
    """Where the actor works, for the window title: "Kecamatan X" (the office's, or in a Dinas
    database the user's own), "Dinas Sosial <kabupaten>" for a user who sees every kecamatan of
    a Dinas database, "" before the set-up."""
    from .kantor import get_office

    if not lingkup.is_dinas():
        office = get_office()
        return f"Kecamatan {office.kecamatan}" if office else ""
    try:
        scope = lingkup.kecamatan_scope(actor)
    except AppError:
        return f"Dinas Sosial {kabupaten_nama()}"
    if scope is None:
        return f"Dinas Sosial {kabupaten_nama()}"
    row = Kecamatan.get_or_none(Kecamatan.id == scope)
    return f"Kecamatan {row.nama}" if row is not None else ""


def dasbor(actor: Actor, tahun: int, today: dt.date | None = None) -> DasborKabupaten:
    """The dashboard of ``tahun`` for the kecamatan the actor may see."""
    require(actor, Aksi.KABUPATEN_LIHAT)
    _dinas_only()
    from .rekap_tahunan import _check_year  # not at start-up: it loads the report writers

    _check_year(tahun)
    today = today or dt.date.today()
    ids = lingkup.visible_kecamatan_ids(actor)
    rows = ringkasan_bulan.untuk_tahun(tahun, ids)
    hari = int(settings.get("laporan.batas_hari"))
    live_ids = _with_tksk(ids)
    by_kec: dict[int, dict[int, RingkasanBulan]] = defaultdict(dict)
    for r in rows:
        by_kec[r.kecamatan_id][r.bulan] = r
    last = 12 if tahun < today.year else today.month
    kecamatan: list[KecamatanDasbor] = []
    cells: list[SelLaporan] = []
    kept: list[RingkasanBulan] = []
    kec_rows = {k.id: k for k in Kecamatan.select().where(Kecamatan.id.in_(ids))}
    for kid in ids:
        k = kec_rows[kid]
        months = by_kec.get(kid, {})
        packages = sorted(b for b, r in months.items() if r.sumber == PAKET)
        live = kid in live_ids
        data_month = (last if live or not packages
                      else max((b for b in packages if b <= last), default=None))
        kecamatan.append(KecamatanDasbor(kid, k.kode, k.nama, live, len(packages), data_month))
        for b in range(1, 13):
            r = months.get(b) or RingkasanBulan(
                kecamatan_id=kid, kecamatan_kode=k.kode, kecamatan_nama=k.nama, tahun=tahun,
                bulan=b, status="", diajukan_pada=None, disetujui_pada=None, sumber=LANGSUNG,
                kegiatan=0, per_bentuk=[], ppks=[], rujukan_per_instansi=[], ppks_pemetaan=[])
            kept.append(r)
            ended = _berakhir(tahun, b, today)
            received = r.sumber == PAKET or r.status in DITERIMA
            if received:
                wajib = True
            elif live:
                wajib = ended and _on_duty(kid, tahun, b)
            else:  # known only through packages: every month that has ended
                wajib = ended
            diajukan = r.diajukan_pada.date() if r.diajukan_pada else None
            deadline = batas(tahun, b, hari)
            ada = bool(r.status) or r.sumber == PAKET
            cells.append(SelLaporan(
                kid, k.kode, k.nama, tahun, b, wajib, r.status, r.sumber, diajukan,
                r.disetujui_pada.date() if r.disetujui_pada else None, deadline,
                ketepatan(ada, wajib, diajukan, deadline, today), today, ended))
    d = DasborKabupaten(tahun, today, hari, kabupaten_nama(), kecamatan, cells, kept)
    cats: set[str] = set()
    for kd in kecamatan:
        cats.update(d.ppks(kd.id))
    d.ppks_kategori = sorted(cats)
    return d
