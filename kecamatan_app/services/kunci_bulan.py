"""The month lock: a month whose monthly report is submitted or approved is closed to edits.

Every service that writes a dated record of the activity module (activities, referrals and their
transitions, imports) calls :func:`check_open` inside its transaction, so the GUI, the command line
and imports obey the same lock. The report workflow itself (submit, return, approve, reopen) is
the report module's; this module only reads its state.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..models import LaporanBulanan, Pengguna
from ..models.base import fk
from .errors import Conflict
from .formatting import bulan_tahun, tanggal

#: Report states that close their month.
STATUS_TERKUNCI: tuple[str, ...] = ("diajukan", "disetujui")
STATUS_LABEL: dict[str, str] = {
    "draf": "Draf",
    "diajukan": "Diajukan",
    "dikembalikan": "Dikembalikan",
    "disetujui": "Disetujui",
}


class BulanTerkunci(Conflict):
    """A write into a month whose report is submitted or approved."""

    def __init__(self, info: KunciInfo) -> None:
        super().__init__(info.alasan)
        self.info = info


@dataclass(frozen=True)
class KunciInfo:
    tahun: int
    bulan: int
    laporan_id: int
    status: str
    alasan: str  # the full Indonesian explanation: which report, its status, who can reopen it


def _explain(lap: LaporanBulanan) -> str:
    bulan = bulan_tahun(lap.tahun, lap.bulan)
    if lap.status == "disetujui":
        oleh = ""
        if fk(lap, "disetujui_oleh"):
            user = Pengguna.get_or_none(Pengguna.id == fk(lap, "disetujui_oleh"))
            oleh = f" oleh {user.nama_lengkap}" if user else ""
        pada = f" pada {tanggal(lap.disetujui_pada.date())}" if lap.disetujui_pada else ""
        return (f"Bulan {bulan} terkunci: laporan bulanan bulan itu sudah Disetujui{oleh}{pada}. "
                "Hanya Camat yang dapat membukanya kembali, dengan alasan, di halaman Laporan.")
    pada = f" pada {tanggal(lap.diajukan_pada.date())}" if lap.diajukan_pada else ""
    return (f"Bulan {bulan} terkunci: laporan bulanan bulan itu sudah Diajukan{pada} dan sedang "
            "menunggu pemeriksaan Camat. Data bulan itu dapat diubah lagi bila Camat "
            "mengembalikan laporan tersebut.")


def status(kecamatan_id: int, tahun: int, bulan: int) -> KunciInfo | None:
    """Why the month is locked, or None when it is open."""
    lap = (LaporanBulanan.select()
           .where((LaporanBulanan.kecamatan == kecamatan_id) & (LaporanBulanan.tahun == tahun)
                  & (LaporanBulanan.bulan == bulan)
                  & LaporanBulanan.status.in_(STATUS_TERKUNCI))
           .first())
    if lap is None:
        return None
    return KunciInfo(tahun, bulan, lap.id, lap.status, _explain(lap))


def status_on(kecamatan_id: int, day: dt.date) -> KunciInfo | None:
    return status(kecamatan_id, day.year, day.month)


def check_open(kecamatan_id: int, *days: dt.date | None) -> None:
    """Raise :class:`BulanTerkunci` when any of ``days`` falls in a locked month."""
    seen: set[tuple[int, int]] = set()
    for day in days:
        if day is None or (day.year, day.month) in seen:
            continue
        seen.add((day.year, day.month))
        info = status(kecamatan_id, day.year, day.month)
        if info is not None:
            raise BulanTerkunci(info)


def locked_months(kecamatan_id: int, tahun: int) -> dict[int, KunciInfo]:
    """The locked months of a year (for the list's month view and the form's banner)."""
    out: dict[int, KunciInfo] = {}
    for lap in LaporanBulanan.select().where(
            (LaporanBulanan.kecamatan == kecamatan_id) & (LaporanBulanan.tahun == tahun)
            & LaporanBulanan.status.in_(STATUS_TERKUNCI)):
        out[lap.bulan] = KunciInfo(lap.tahun, lap.bulan, lap.id, lap.status, _explain(lap))
    return out
