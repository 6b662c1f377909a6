"""Demo monthly reports in every state, dated as an office would have produced them: approved
months (some submitted late, one returned once and corrected), a returned month waiting for the
TKSK, last month waiting for the camat, and this month's draft."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from ..models import LaporanBulanan, RiwayatLaporan
from . import laporan, laporan_cetak
from .context import Actor
from .kegiatan import kecamatan_of
from .tx import write

ALASAN_KEMBALI = (
    "Lampiran foto kegiatan pendampingan belum lengkap; mohon dilengkapi.",
    "Rekap rujukan belum memuat balasan Puskesmas; mohon diperbaiki.",
    "BAB III perlu menjelaskan tindak lanjut kendala transportasi.",
)


@dataclass(frozen=True)
class LaporanResult:
    disetujui: int
    dikembalikan: int
    diajukan: int
    draf: int

    def summary(self) -> str:
        return (f"Laporan bulanan: {self.disetujui} disetujui (PDF diarsipkan), "
                f"{self.dikembalikan} dikembalikan camat, {self.diajukan} menunggu camat, "
                f"{self.draf} draf bulan ini.")


def _at(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, 0))


def _backdate(laporan_id: int, status: str, when: dt.datetime) -> None:
    """Give the last step of ``status`` the date the office would have taken it."""
    step = (RiwayatLaporan.select().where((RiwayatLaporan.laporan == laporan_id)
                                          & (RiwayatLaporan.status == status))
            .order_by(RiwayatLaporan.id.desc()).first())
    if step is not None:
        step.pada = when
        step.save()
    if status == "diajukan":
        LaporanBulanan.update(diajukan_pada=when).where(LaporanBulanan.id == laporan_id).execute()


def _months(tksk: Actor, today: dt.date) -> list[tuple[int, int]]:
    first = laporan.penugasan_for_month(kecamatan_of(tksk), today.year, today.month)
    if first is None:
        return []
    start = first.mulai.replace(day=1)
    out = []
    y, m = start.year, start.month
    while (y, m) <= (today.year, today.month):
        out.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def run(tksk: Actor, camat: Actor, seed: int = 1, today: dt.date | None = None
        ) -> LaporanResult:
    rng = random.Random(seed + 606)
    today = today or dt.date.today()
    months = _months(tksk, today)
    counts = {"disetujui": 0, "dikembalikan": 0, "diajukan": 0, "draf": 0}
    with write():
        for i, (y, m) in enumerate(months):
            age = len(months) - 1 - i  # 0 = this month
            next_month = dt.date(y + (m == 12), m % 12 + 1, 1)
            info = laporan.open_month(tksk, y, m, today=today)
            if age == 0:
                counts["draf"] += 1
                continue
            _backdate(info.id, "draf", _at(next_month - dt.timedelta(days=1), 15))
            late = rng.random() < 0.2
            submitted = next_month + dt.timedelta(days=rng.randint(6, 12) if late
                                                  else rng.randint(1, 4))
            submitted = min(submitted, today)
            info = laporan.move(tksk, info.id, "diajukan")
            _backdate(info.id, "diajukan", _at(submitted, 9))
            if age == 1:
                counts["diajukan"] += 1
                continue
            returned = min(submitted + dt.timedelta(days=2), today)
            if age in (2, 4):
                info = laporan.move(camat, info.id, "dikembalikan",
                                    rng.choice(ALASAN_KEMBALI))
                _backdate(info.id, "dikembalikan", _at(returned, 10))
                if age == 2:
                    counts["dikembalikan"] += 1
                    continue
                submitted = min(returned + dt.timedelta(days=2), today)
                info = laporan.move(tksk, info.id, "diajukan")
                _backdate(info.id, "diajukan", _at(submitted, 9))
            approved = min(submitted + dt.timedelta(days=rng.randint(1, 3)), today)
            info = laporan.by_id(camat, info.id)
            laporan_cetak.setujui(camat, info.id, None, pada=_at(approved, 11))
            counts["disetujui"] += 1
    return LaporanResult(**counts)
