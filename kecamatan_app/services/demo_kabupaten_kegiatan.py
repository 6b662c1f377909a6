"""Activities and referrals of one kecamatan in the kabupaten demo (:mod:`demo_kabupaten`).

The activities are the kecamatan demo's (:mod:`demo_kegiatan`: every function and form of
Permensos 28/2018 Pasal 6-8 from its patterns, partners, beneficiaries, obstacles), a year of
them at the kabupaten's volume (about 230 a month per TKSK), written in bulk; a handful carry
photos and go through ``kegiatan.create``. The referrals go through ``rujukan.create`` and
``rujukan.ubah_status`` (letter numbers, deadlines, dated steps) with the kecamatan demo's needs
and outcome plan (:mod:`demo_rujukan`), so every state occurs.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
import random
from collections import Counter
from pathlib import Path
from typing import Any

from ..models import BentukKegiatan, DataPSKS
from ..models.base import fk, now
from . import demo_kegiatan, demo_rujukan, kegiatan
from .context import Actor
from .demo_kabupaten_tulis import Penulis
from .demo_kabupaten_warga import Kec, Registri
from .demo_kegiatan_pola import POLA
from .desa import DesaInfo
from .kegiatan_periksa import FotoData, KegiatanData

#: The kecamatan demo's texts name its own kecamatan; each kecamatan gets its own name.
_ASAL = "Gelumbang"
_TEKS = ("judul", "uraian", "hasil", "hambatan", "tindak_lanjut")


class Konteks(demo_kegiatan.Konteks):
    """The kecamatan demo's activity context, filled from the registry just generated instead
    of read back from the database (which holds the whole kabupaten)."""

    def __init__(self, rng: random.Random, today: dt.date, start: dt.date,
                 desa: list[DesaInfo], bentuk: dict[str, BentukKegiatan],
                 program: dict[str, int], instansi: dict[str, int], reg: Registri) -> None:
        # no super().__init__(): it reads every person and PPKS record of the database
        self.rng, self.today, self.start = rng, today, start
        self.desa, self.bentuk, self.program, self.instansi = desa, bentuk, program, instansi
        self.psks: dict[tuple[str, int], list[DataPSKS]] = reg.psks
        self.warga, self.keluarga = {}, {}
        self._pools = reg.pools
        self._any: dict[str, list[DataPSKS]] = {}

    def any_psks(self, kode: str) -> list[DataPSKS]:
        if kode not in self._any:
            self._any[kode] = super().any_psks(kode)
        return self._any[kode]

    def pool(self, spec: str, desa_id: int | None) -> list[int]:
        return self._pools.get((spec, desa_id), [])


def _lokal(data: KegiatanData, nama: str) -> KegiatanData:
    """``data`` with the kecamatan demo's place name replaced by ``nama``."""
    if nama == _ASAL:
        return data
    changes: dict[str, Any] = {f: getattr(data, f).replace(_ASAL, nama) for f in _TEKS}
    changes["mitra"] = [dataclasses.replace(m, nama=m.nama.replace(_ASAL, nama))
                        for m in data.mitra]
    return dataclasses.replace(data, **changes)


def _months(start: dt.date, today: dt.date) -> list[tuple[dt.date, dt.date, dt.date]]:
    """(first day, from, to) of each month of the demo year."""
    out = []
    first = start.replace(day=1)
    while first <= today:
        last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
        out.append((first, max(first, start), min(last, today)))
        first = last + dt.timedelta(days=1)
    return out


def rencana(k: Konteks, quota: int, nama: str) -> list[KegiatanData]:
    """``quota`` activities over the demo year: each month the kecamatan demo's month (the
    report, the Dinas Sosial meeting, BPNT monitoring, ...) topped up with its other patterns
    in proportion to the days of the month; a few drafts planned in the current month."""
    r = k.rng
    months = _months(k.start, k.today)
    drafts = demo_kegiatan._drafts(k)
    days = [(hi - lo).days + 1 for _f, lo, hi in months]
    budget = quota - len(drafts)
    share = [budget * d // sum(days) for d in days]
    share[-1] += budget - sum(share)
    others = [p for p in POLA if not p.kode]
    weights = [p.bobot for p in others]
    items: list[KegiatanData] = []
    for (first, lo, hi), n in zip(months, share, strict=True):
        month = demo_kegiatan._month(k, first, lo, hi)[:n]
        while len(month) < n:
            month.append(demo_kegiatan._activity(k, r.choices(others, weights)[0],
                                                 demo_kegiatan._workday(k, lo, hi)))
        items += month
    items += drafts
    items.sort(key=lambda a: (a.tanggal or k.today, a.jam_mulai or dt.time(0)))
    return [_lokal(a, nama) for a in items]


def tulis(w: Penulis, kec: Kec, penugasan_id: int, items: list[KegiatanData]) -> int:
    """Write ``items`` of ``kec`` (and their desa, partners and beneficiaries) in bulk."""
    ids = w.ids("kegiatan", len(items))
    limit = now()
    rows, desa, mitra = [], [], []
    sasaran: list[tuple[int, int | None, int | None]] = []
    for kid, a in zip(ids, items, strict=True):
        assert a.tanggal is not None
        # written up the same afternoon; a plan (draft) of a later day: now
        made = min(limit, dt.datetime.combine(a.tanggal, dt.time(16, 0)))
        rows.append((kid, kec.id, penugasan_id, a.tanggal, a.jam_mulai, a.jam_selesai,
                     a.fungsi_id, a.bentuk_id, a.program_id, a.lingkup, " ".join(a.judul.split()),
                     a.uraian.strip(), a.hasil.strip(), a.hambatan_kategori, a.hambatan.strip(),
                     a.tindak_lanjut.strip(), a.peserta_l, a.peserta_p, a.status, made, made, 1))
        if a.lingkup != "kecamatan":
            desa += [(kid, d) for d in dict.fromkeys(a.desa_ids)]
        mitra += [(kid, m.psks_id, m.instansi_id, m.nama) for m in a.mitra]
        sasaran += [(kid, x, None) for x in dict.fromkeys(a.warga_ids)]
        sasaran += [(kid, None, x) for x in dict.fromkeys(a.keluarga_ids)]
    n = w.tulis("kegiatan", (
        "id", "kecamatan_id", "penugasan_id", "tanggal", "jam_mulai", "jam_selesai", "fungsi_id",
        "bentuk_id", "program_id", "lingkup", "judul", "uraian", "hasil", "hambatan_kategori",
        "hambatan", "tindak_lanjut", "peserta_l", "peserta_p", "status", "dibuat_pada",
        "diubah_pada", "versi"), rows)
    for table, cols, values in (
            ("kegiatan_desa", ("kegiatan_id", "desa_id"), desa),
            ("kegiatan_mitra", ("kegiatan_id", "psks_id", "instansi_id", "nama"), mitra),
            ("kegiatan_sasaran", ("kegiatan_id", "warga_id", "keluarga_id"), sasaran)):
        w.tulis(table, ("id", *cols), [(i, *v) for i, v in zip(w.ids(table, len(values)),
                                                                values, strict=True)])
    return n


def pilih_foto(k: Konteks, items: list[KegiatanData], n: int) -> list[KegiatanData]:
    """Take ``n`` final field activities out of ``items``: :func:`dengan_foto` records them."""
    kinds = {k.bentuk[c].id for c in ("pendampingan", "bimbingan", "kemitraan")}
    final = [a for a in items if a.status == "final" and a.bentuk_id in kinds]
    chosen = k.rng.sample(final, min(n, len(final)))
    for a in chosen:
        items.remove(a)
    return chosen


def dengan_foto(petugas: Actor, k: Konteks, chosen: list[KegiatanData], folder: Path) -> int:
    """Record ``chosen`` with 1-2 clearly fictitious photos each through the activity service
    (photos re-encoded, GPS position removed, thumbnails); returns the number of photos."""
    photos = 0
    for i, a in enumerate(chosen):
        assert a.tanggal is not None
        foto = []
        for j in range(k.rng.randint(1, 2)):
            path = demo_kegiatan.photo(folder / f"foto-{a.tanggal}-{i}-{j}.jpg", a.judul,
                                       a.tanggal, demo_kegiatan._WARNA[(i + j) % 5], gps=j == 0)
            foto.append(FotoData(path=str(path), keterangan=f"Dokumentasi {a.judul} "
                                                            "(foto contoh)"[:200]))
        kegiatan.create(petugas, dataclasses.replace(a, foto=foto))
        photos += len(foto)
    return photos


def _need(need: demo_rujukan.Kebutuhan, nama: str) -> demo_rujukan.Kebutuhan:
    texts = ("teks", "berhasil", "gagal", "tolak", "tanpa")
    return dataclasses.replace(need, **{f: getattr(need, f).replace(_ASAL, nama)
                                        for f in texts})


def rujukan_tahun(petugas: Actor, k: Konteks, reg: Registri, nama: str, n: int, folder: Path,
                  bukti: int) -> Counter[str]:
    """``n`` referrals over the year through the referral service, walked to the outcomes of
    the kecamatan demo's plan (recent ones mostly waiting, old ones in every outcome);
    ``bukti`` reply letters are filed as scanned evidence. Returns the count per status."""
    r = k.rng
    days = demo_rujukan._dates(k, n)
    plan = demo_rujukan._plan(k, days)
    klien = demo_rujukan.Klien(k, reg.people())  # the kecamatan demo's rules, on its registry
    used: Counter[demo_rujukan.Kebutuhan] = Counter()
    needs = demo_rujukan.KEBUTUHAN
    filed = 3 - bukti  # _steps files a letter while its counter is below 3
    for day, outcome in zip(days, plan, strict=True):
        need = r.choices(needs, [x.bobot / (1 + used[x]) for x in needs])[0]
        used[need] += 1
        local = _need(need, nama)
        client = klien.pick(local)
        tanpa = bool(local.tanpa) and r.random() < 0.5
        saved = demo_rujukan.buat(petugas, k, day, local, client, tanpa)
        filed += demo_rujukan._steps(petugas, k, saved, day, outcome, local, folder, filed)
    from ..models import Rujukan

    q = Rujukan.select(Rujukan.status).where(Rujukan.kecamatan == kegiatan.kecamatan_of(petugas))
    return Counter(x.status for x in q)


def bentuk_map() -> dict[str, BentukKegiatan]:
    return {b.kode: b for b in BentukKegiatan.select()}


def pasangan_sah() -> set[tuple[int, int]]:
    """The valid (function, form) pairs of the reference list."""
    return {(fk(b, "fungsi"), b.id) for b in BentukKegiatan.select()}
