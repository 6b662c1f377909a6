"""The monthly-report calendar of a year and its timeliness, for the Beranda (no Qt).

A month is *expected* when a TKSK was on duty in it (:func:`laporan.penugasan_for_month`); its
report is *on time* when first submitted (the first 'diajukan' step of its history) on or before
the deadline: day ``laporan.batas_hari`` (default 5) of the next month. The rate, as DHIS2 counts
it, is on time / expected months already due (deadline passed, or submitted early), so a month
still running does not count against the TKSK. Each month is read through :func:`laporan.get`,
the path of the report screen.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from typing import Any

from . import laporan, settings
from .context import Actor
from .formatting import nama_bulan
from .kegiatan import kecamatan_of
from .permissions import Aksi, require

TEPAT, TERLAMBAT, BELUM, LEWAT, TIDAK_WAJIB = "tepat", "terlambat", "belum", "lewat", "tidak_wajib"
KETEPATAN: dict[str, str] = {
    TEPAT: "Tepat waktu",
    TERLAMBAT: "Terlambat",
    BELUM: "Belum diajukan",
    LEWAT: "Lewat batas, belum diajukan",
    TIDAK_WAJIB: "Tidak ada TKSK bertugas",
}
BELUM_DISUSUN = "Belum disusun"


def batas(tahun: int, bulan: int, hari: int | None = None) -> dt.date:
    """The deadline of a month's report: day ``hari`` (setting ``laporan.batas_hari``) of the
    next month."""
    hari = int(settings.get("laporan.batas_hari")) if hari is None else hari
    y, m = (tahun + 1, 1) if bulan == 12 else (tahun, bulan + 1)
    return dt.date(y, m, min(hari, calendar.monthrange(y, m)[1]))


def ketepatan(ada_laporan: bool, wajib: bool, diajukan: dt.date | None, deadline: dt.date,
              today: dt.date) -> str:
    """The timeliness of a month's report (one of :data:`KETEPATAN`): not expected when no TKSK
    was on duty and no report was started; on time or late by the first submission against the
    deadline; not submitted, before or past the deadline. The Beranda's and the kabupaten
    dashboard's rule."""
    if not wajib and not ada_laporan:
        return TIDAK_WAJIB
    if diajukan is not None:
        return TEPAT if diajukan <= deadline else TERLAMBAT
    return LEWAT if today > deadline else BELUM


def jatuh_tempo(wajib: bool, diajukan: dt.date | None, deadline: dt.date,
                today: dt.date) -> bool:
    """Whether a month counts in the timeliness rate: expected, and submitted or past its
    deadline."""
    return wajib and (diajukan is not None or today > deadline)


def terlambat_hari(ketepatan: str, diajukan: dt.date | None, deadline: dt.date,
                   today: dt.date) -> int:
    """Days after the deadline: of the submission, or (not submitted) until today."""
    if ketepatan == TERLAMBAT and diajukan is not None:
        return (diajukan - deadline).days
    if ketepatan == LEWAT:
        return (today - deadline).days
    return 0


@dataclass(frozen=True)
class BulanLaporan:
    tahun: int
    bulan: int
    wajib: bool  # a TKSK was on duty in the month
    laporan_id: int | None  # None: no report started
    status: str  # "" (none), draf, diajukan, dikembalikan, disetujui
    status_label: str
    diajukan: dt.date | None  # first submission (first 'diajukan' step)
    disetujui: dt.date | None
    dikembalikan: int  # how many times it was returned
    batas: dt.date
    ketepatan: str  # one of KETEPATAN
    hari_ini: dt.date

    @property
    def nama(self) -> str:
        return nama_bulan(self.bulan)

    @property
    def ketepatan_label(self) -> str:
        return KETEPATAN[self.ketepatan]

    @property
    def jatuh_tempo(self) -> bool:
        """Counted in the timeliness rate: expected, and submitted or past its deadline."""
        return jatuh_tempo(self.wajib, self.diajukan, self.batas, self.hari_ini)

    @property
    def terlambat_hari(self) -> int:
        """Days after the deadline: of the submission, or (not submitted) until today."""
        return terlambat_hari(self.ketepatan, self.diajukan, self.batas, self.hari_ini)


@dataclass(frozen=True)
class KalenderLaporan:
    tahun: int
    batas_hari: int
    bulan: list[BulanLaporan]  # January up to the current month (all twelve for a past year)

    def _n(self, test: Any) -> int:
        return sum(1 for b in self.bulan if test(b))

    @property
    def wajib(self) -> int:
        return self._n(lambda b: b.wajib)

    @property
    def jatuh_tempo(self) -> int:
        return self._n(lambda b: b.jatuh_tempo)

    @property
    def diajukan(self) -> int:
        """Expected months whose report was submitted at least once."""
        return self._n(lambda b: b.wajib and b.diajukan is not None)

    @property
    def disetujui(self) -> int:
        return self._n(lambda b: b.status == "disetujui")

    @property
    def dikembalikan(self) -> int:
        """Returns over the year (a report returned twice counts twice)."""
        return sum(b.dikembalikan for b in self.bulan)

    @property
    def menunggu_perbaikan(self) -> int:
        """Reports returned and not yet submitted again."""
        return self._n(lambda b: b.status == "dikembalikan")

    @property
    def tepat(self) -> int:
        return self._n(lambda b: b.ketepatan == TEPAT)

    @property
    def terlambat(self) -> int:
        return self._n(lambda b: b.ketepatan == TERLAMBAT)

    @property
    def lewat(self) -> int:
        return self._n(lambda b: b.ketepatan == LEWAT)

    @property
    def persen_tepat(self) -> float | None:
        """On time / expected months already due, in percent (None: nothing due yet)."""
        due = self.jatuh_tempo
        return 100.0 * self.tepat / due if due else None


def _bulan(actor: Actor, kec: int, tahun: int, bulan: int, hari: int,
           today: dt.date, kecamatan_id: int | None) -> BulanLaporan:
    wajib = laporan.penugasan_for_month(kec, tahun, bulan) is not None
    info = laporan.get(actor, tahun, bulan, kecamatan_id)
    deadline = batas(tahun, bulan, hari)
    diajukan: dt.date | None = None
    disetujui: dt.date | None = None
    returns = 0
    if info is not None:
        steps = [s for s in info.riwayat if s.status == "diajukan"]
        if steps:
            diajukan = steps[0].pada.date()
        elif info.diajukan_pada is not None:  # a row written outside the workflow
            diajukan = info.diajukan_pada.date()
        returns = sum(1 for s in info.riwayat if s.status == "dikembalikan")
        if info.status == "disetujui" and info.disetujui_pada is not None:
            disetujui = info.disetujui_pada.date()
    return BulanLaporan(
        tahun, bulan, wajib or info is not None, info.id if info else None,
        info.status if info else "", info.status_label if info else BELUM_DISUSUN,
        diajukan, disetujui, returns, deadline,
        ketepatan(info is not None, wajib, diajukan, deadline, today), today)


def kalender_laporan(actor: Actor, tahun: int, today: dt.date | None = None,
                     kecamatan_id: int | None = None) -> KalenderLaporan:
    """Each month of ``tahun`` up to the current one: expected or not, the report's status, its
    first submission, approval, returns, deadline and timeliness. Of the actor's kecamatan (a
    user of the whole kabupaten: of the chosen ``kecamatan_id``)."""
    require(actor, Aksi.LAPORAN_LIHAT)
    today = today or dt.date.today()
    hari = int(settings.get("laporan.batas_hari"))
    kec = kecamatan_of(actor, kecamatan_id)
    last = 12 if tahun < today.year else today.month if tahun == today.year else 0
    months = [_bulan(actor, kec, tahun, b, hari, today, kecamatan_id)
              for b in range(1, last + 1)]
    return KalenderLaporan(tahun, hari, months)
