"""Monthly reports of the kabupaten demo (:mod:`demo_kabupaten`) in every state, dated as offices
would have produced them, and varied between kecamatan so the Dinas Sosial's calendar shows
every case: approved months (some submitted late, some returned once and corrected), a backlog
waiting for a slow camat, a returned month waiting for the TKSK, last month not yet submitted in
some kecamatan, months for which no report was ever made, this month's draft.

Every approved report is approved through ``laporan_cetak.setujui`` (its PDF rendered and
archived with its hash: never an approval without its archive). Rendering one month of a
kabupaten-size kecamatan (about 230 activities, some 40 pages) takes 0.5-1.5 seconds, so only
a few kecamatan (:func:`rajin`) have every month approved; in the others the camat approved the
first months and the later ones wait, submitted (docs/performance.md has the timings).
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from dataclasses import dataclass

from ..models.base import now
from . import laporan, laporan_cetak
from .context import Actor
from .demo_kabupaten_tulis import Penulis
from .demo_laporan import ALASAN_KEMBALI
from .kegiatan_periksa import KegiatanData


@dataclass(frozen=True)
class Rencana:
    tahun: int
    bulan: int
    #: "" (no report) | "draf" | "diajukan" | "dikembalikan" | "disetujui" | "kembali" (returned
    #: once, corrected and submitted again)
    status: str
    terlambat: bool = False
    #: approved by the camat (its PDF rendered and archived); "disetujui" and "kembali" only
    setujui: bool = False


def rajin(i: int) -> bool:
    """Every seventh kecamatan (from the second) has every month approved and archived; the
    others only their first months (the camat stopped approving: a backlog the Dinas sees)."""
    return i % 7 == 1


def rencana(i: int, months: list[tuple[int, int]], rng: random.Random, arsip: int
            ) -> list[Rencana]:
    """The plan of kecamatan number ``i`` for ``months`` (oldest first, the last is this
    month): this month a draft, last month mostly submitted, the month before returned,
    submitted or approved, older months approved (some returned once first), except a backlog
    in every seventh kecamatan and two months never reported in every eleventh. Approvals go
    oldest first, at most ``arsip`` of them; the later ones stay submitted."""
    out = []
    for n, (y, m) in enumerate(months):
        age = len(months) - 1 - n
        if age == 0:
            status = "" if i % 4 == 3 else "draf"
        elif age == 1:
            status = ("draf", "disetujui", "diajukan", "diajukan", "diajukan")[i % 5]
        elif age == 2:
            status = ("dikembalikan", "diajukan", "disetujui")[i % 3]
        elif i % 7 == 6 and age <= 5:
            status = "diajukan"
        elif i % 11 == 10 and age in (5, 6):
            status = ""
        elif age == 4 and i % 2 == 0:
            status = "kembali"
        else:
            status = "disetujui"
        ok = status in ("disetujui", "kembali") and arsip > 0
        arsip -= ok
        out.append(Rencana(y, m, status, rng.random() < 0.2, ok))
    return out


def _at(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, 0))


def _bab3(items: list[KegiatanData], y: int, m: int) -> tuple[str, str]:
    """BAB III as the report pre-fills it (laporan_isi.prefill_obstacles): the month's
    recorded obstacles and follow-ups, one per line."""
    rows = [a for a in items if a.status == "final" and a.tanggal is not None
            and (a.tanggal.year, a.tanggal.month) == (y, m)]
    kendala = [f"- {a.hambatan} ({a.judul}, {a.tanggal:%d-%m-%Y})" for a in rows if a.hambatan]
    lanjut = [f"- {a.tindak_lanjut} ({a.judul})" for a in rows if a.tindak_lanjut]
    return "\n".join(kendala), "\n".join(lanjut)


def tulis(w: Penulis, kecamatan_id: int, penugasan_id: int, tksk: Actor, camat: Actor,
          plan: list[Rencana], items: list[KegiatanData], rng: random.Random, today: dt.date
          ) -> list[tuple[int, dt.datetime]]:
    """Write the reports of ``plan`` with their dated steps; the ones to approve are left
    submitted and returned as (report id, moment of approval) for :func:`setujui`."""
    rows, steps, approve = [], [], []
    limit = min(now(), _at(today, 23))  # nothing dated in the future
    todo = [p for p in plan if p.status]
    for lid, p in zip(w.ids("laporan_bulanan", len(todo)), todo, strict=True):
        nxt = dt.date(p.tahun + (p.bulan == 12), p.bulan % 12 + 1, 1)
        made = min(limit, _at(nxt - dt.timedelta(days=1), 15))
        hist: list[tuple[str, dt.datetime, int | None, str]] = [
            ("draf", made, tksk.user_id, "Laporan disusun")]
        sent = None
        if p.status != "draf":
            sent = min(limit, _at(nxt + dt.timedelta(
                days=rng.randint(6, 12) if p.terlambat else rng.randint(1, 4)), 9))
            hist.append(("diajukan", sent, tksk.user_id, ""))
        if p.status in ("dikembalikan", "kembali"):
            assert sent is not None
            back = min(limit, sent + dt.timedelta(days=2, hours=1))
            hist.append(("dikembalikan", back, camat.user_id, rng.choice(ALASAN_KEMBALI)))
            if p.status == "kembali":
                sent = min(limit, back + dt.timedelta(days=2))
                hist.append(("diajukan", sent, tksk.user_id, ""))
        status = {"kembali": "diajukan", "disetujui": "diajukan"}.get(p.status, p.status)
        if p.setujui:
            assert sent is not None
            approve.append((lid, min(limit, sent + dt.timedelta(
                days=rng.randint(1, 3), hours=2))))
        kendala, lanjut = _bab3(items, p.tahun, p.bulan)
        texts = laporan.defaults(p.tahun, p.bulan)
        rows.append((lid, kecamatan_id, penugasan_id, p.tahun, p.bulan, status,
                     texts["pendahuluan"], kendala, lanjut, texts["penutup"], texts["tembusan"],
                     "", sent if status != "draf" else None, "", made, hist[-1][1], len(hist)))
        steps += [(lid, s, oleh, pada, alasan) for s, pada, oleh, alasan in hist]
    w.tulis("laporan_bulanan", (
        "id", "kecamatan_id", "penugasan_id", "tahun", "bulan", "status", "pendahuluan",
        "kendala", "tindak_lanjut", "penutup", "tembusan", "nomor", "diajukan_pada",
        "arsip_sha256", "dibuat_pada", "diubah_pada", "versi"), rows)
    w.tulis("riwayat_laporan", ("id", "laporan_id", "status", "oleh_id", "pada", "alasan"),
            [(i, *s) for i, s in zip(w.ids("riwayat_laporan", len(steps)), steps, strict=True)])
    return approve


def setujui(camat: Actor, approve: list[tuple[int, dt.datetime]]) -> int:
    """Approve through the report service: render the PDF, archive it with its hash."""
    for lid, at in approve:
        laporan_cetak.setujui(camat, lid, None, pada=at)
    return len(approve)


def hitung(kecamatan_id: int) -> Counter[str]:
    from ..models import LaporanBulanan

    q = LaporanBulanan.select(LaporanBulanan.status).where(
        LaporanBulanan.kecamatan == kecamatan_id)
    return Counter(x.status for x in q)
