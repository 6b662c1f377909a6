"""Every kecamatan x month of a year in a few grouped queries, for
:func:`ringkasan_bulan.untuk_tahun` (no Qt).

Each function here counts what the monthly report counts (:mod:`laporan_isi`), for many
kecamatan and all twelve months at once: final activities per form, PPKS reached (every PPKS
record of the registry persons and households who were beneficiaries of the month's final
activities, each person or household once a month), referrals per agency (made in the month,
closed in the month, open at its end), the report's status and first submission.
``tests/test_ringkasan_bulan.py`` compares the result with :func:`ringkasan_bulan.dari_data`,
which goes through the report's own queries.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import Counter, defaultdict
from typing import Any

from peewee import fn

from ..models import (
    DataPPKS,
    Desa,
    InstansiRujukan,
    Kategori,
    Kecamatan,
    Kegiatan,
    KegiatanSasaran,
    LaporanBulanan,
    RekapPemetaan,
    RiwayatLaporan,
    RiwayatRujukan,
    Rujukan,
)
from ..models.base import fk
from .laporan import month_range
from .rekap import Periode
from .rekap_kegiatan import columns
from .ringkasan import akhir
from .rujukan import TERBUKA

Kunci = tuple[int, int]  # (kecamatan id, month)
Status = tuple[str, dt.datetime | None, dt.datetime | None]


def _year(tahun: int) -> tuple[dt.date, dt.date]:
    return dt.date(tahun, 1, 1), dt.date(tahun, 12, 31)


def _ends(tahun: int) -> list[dt.date]:
    return [month_range(tahun, b)[1] for b in range(1, 13)]


def _q(query: Any) -> Any:
    """A query as an untyped iterable (peewee's stubs do not know ``.tuples()``)."""
    return query


def laporan_status(ids: list[int], tahun: int) -> dict[Kunci, Status]:
    """(kecamatan, month) -> the report's status, first submission (the first 'diajukan' step
    of its history, as the Beranda reads it) and approval time (only while approved)."""
    sel = LaporanBulanan.select().where((LaporanBulanan.tahun == tahun)
                                        & LaporanBulanan.kecamatan.in_(ids))
    first: dict[int, dt.datetime] = {}
    for h in (RiwayatLaporan.select(RiwayatLaporan.laporan, RiwayatLaporan.pada)
              .where(RiwayatLaporan.laporan.in_(sel.select(LaporanBulanan.id))
                     & (RiwayatLaporan.status == "diajukan"))
              .order_by(RiwayatLaporan.id)):
        first.setdefault(fk(h, "laporan"), h.pada)
    out: dict[Kunci, Status] = {}
    for r in sel:
        out[(int(fk(r, "kecamatan")), int(r.bulan))] = (
            r.status, first.get(r.id, r.diajukan_pada),
            r.disetujui_pada if r.status == "disetujui" else None)
    return out


def pemetaan(ids: list[int], tahun: int) -> dict[Kunci, list[tuple[str, int]]]:
    """(kecamatan, month) -> PPKS per active category in the kecamatan's mapping period in force
    at the month's end (see :mod:`ringkasan_bulan`), the TKSK's count where given, else the
    desa's; categories without any number are left out."""
    kats = list(Kategori.select().where((Kategori.jenis == "PPKS") & Kategori.aktif)
                .order_by(Kategori.urutan, Kategori.kode))
    r = RekapPemetaan
    value = fn.COALESCE(r.jumlah_temuan, r.jumlah_desa)
    q = _q(r.select(Desa.kecamatan, r.tahun, r.semester, r.bulan, r.kategori, fn.SUM(value))
           .join(Desa, on=(r.desa == Desa.id))
           .where(Desa.kecamatan.in_(ids) & (Desa.aktif == True)  # noqa: E712
                  & r.kategori.in_([k.id for k in kats]) & value.is_null(False)
                  & (r.tahun <= tahun))
           .group_by(Desa.kecamatan, r.tahun, r.semester, r.bulan, r.kategori).tuples())
    per: dict[int, dict[Periode, dict[int, int]]] = defaultdict(lambda: defaultdict(dict))
    for kec, t, s, b, k, n in q:
        per[int(kec)][Periode(int(t), int(s), int(b))][int(k)] = int(n)
    out: dict[Kunci, list[tuple[str, int]]] = {}
    for kec in ids:
        periods = per.get(kec, {})
        for bulan, end in enumerate(_ends(tahun), 1):
            best: tuple[tuple[dt.date, int], Periode] | None = None
            for p in periods:
                start = dt.date(p.tahun, p.bulan or (7 if p.semester == 2 else 1), 1)
                if start > end:
                    continue
                key = (akhir(p), 1 if p.bulan else 6 if p.semester else 12)
                if best is None or key > best[0]:
                    best = (key, p)
            counts = periods[best[1]] if best else {}
            out[(kec, bulan)] = [(f"{k.kode}. {k.nama}", counts[k.id]) for k in kats
                                 if k.id in counts]
    return out


def ada_data(ids: list[int], tahun: int) -> set[Kunci]:
    """The kecamatan-months with live records: a report row, an activity (draft or final) or a
    referral dated in the month."""
    jan1, dec31 = _year(tahun)
    out: set[Kunci] = set()
    for kec, bulan in _q(LaporanBulanan.select(LaporanBulanan.kecamatan, LaporanBulanan.bulan)
                         .where((LaporanBulanan.tahun == tahun)
                                & LaporanBulanan.kecamatan.in_(ids)).tuples()):
        out.add((int(kec), int(bulan)))
    for model in (Kegiatan, Rujukan):
        month = model.tanggal.month
        q = _q(model.select(model.kecamatan, month)
               .where(model.kecamatan.in_(ids) & (model.tanggal >= jan1)
                      & (model.tanggal <= dec31)).distinct().tuples())
        out.update((int(kec), int(bulan)) for kec, bulan in q)
    return out


def _final(ids: list[int], tahun: int) -> Any:
    jan1, dec31 = _year(tahun)
    return (Kegiatan.kecamatan.in_(ids) & (Kegiatan.status == "final")
            & (Kegiatan.tanggal >= jan1) & (Kegiatan.tanggal <= dec31))


def _per_bentuk(ids: list[int], tahun: int) -> dict[Kunci, dict[int, int]]:
    month = Kegiatan.tanggal.month
    out: dict[Kunci, dict[int, int]] = defaultdict(dict)
    for kec, bulan, bentuk, n in _q(
            Kegiatan.select(Kegiatan.kecamatan, month, Kegiatan.bentuk, fn.COUNT(Kegiatan.id))
            .where(_final(ids, tahun))
            .group_by(Kegiatan.kecamatan, month, Kegiatan.bentuk).tuples()):
        out[(int(kec), int(bulan))][int(bentuk)] = int(n)
    return out


def _ppks(ids: list[int], tahun: int) -> dict[Kunci, list[tuple[str, int]]]:
    """PPKS reached, as ``laporan_isi._ppks``: per month, the distinct persons and households
    who were beneficiaries of final activities, and every PPKS record of theirs per category."""
    month = Kegiatan.tanggal.month
    counts: dict[Kunci, Counter[int]] = defaultdict(Counter)
    for col, target in ((KegiatanSasaran.warga, DataPPKS.warga),
                        (KegiatanSasaran.keluarga, DataPPKS.keluarga)):
        sub = (KegiatanSasaran.select(Kegiatan.kecamatan.alias("kec"), month.alias("bln"),
                                      col.alias("siapa"))
               .join(Kegiatan, on=(KegiatanSasaran.kegiatan == Kegiatan.id))
               .where(_final(ids, tahun) & col.is_null(False)).distinct().alias("s"))
        q = _q(DataPPKS.select(sub.c.kec, sub.c.bln, DataPPKS.kategori, fn.COUNT(DataPPKS.id))
               .join(sub, on=(target == sub.c.siapa))
               .group_by(sub.c.kec, sub.c.bln, DataPPKS.kategori).tuples())
        for kec, bulan, kat, n in q:
            counts[(int(kec), int(bulan))][int(kat)] += int(n)
    if not counts:
        return {}
    names = {k.id: (k.kode, k.nama) for k in Kategori.select(Kategori.id, Kategori.kode,
                                                              Kategori.nama)}
    return {key: [(f"{names[k][0]}. {names[k][1]}", n)
                  for k, n in sorted(c.items(), key=lambda kv: names[kv[0]][0])]
            for key, c in counts.items()}


def _rujukan(ids: list[int], tahun: int) -> dict[Kunci, list[tuple[str, int, int, int]]]:
    """Referrals per agency, as ``laporan_isi._rujukan``: made in the month, closed in the month
    (whenever made), open at its end (made by then, last step by then not a closing one).

    Referrals closed before the year with no step since are left out of the reading: a
    referral's steps are dated in order and a closing step is its last (``rujukan.ubah_status``
    refuses anything else), so such a referral is closed at every month's end of the year."""
    from .ringkasan_bulan import DITUTUP

    jan1, dec31 = _year(tahun)
    h = RiwayatRujukan
    closed_before = h.select(h.rujukan).where(h.status.in_(DITUTUP) & (h.tanggal < jan1))
    since = h.select(h.rujukan).where(h.tanggal >= jan1)
    which = (Rujukan.kecamatan.in_(ids) & (Rujukan.tanggal <= dec31)
             & ((Rujukan.tanggal >= jan1) | Rujukan.id.not_in(closed_before)
                | Rujukan.id.in_(since)))
    names = {i.id: i.nama for i in InstansiRujukan.select(InstansiRujukan.id,
                                                          InstansiRujukan.nama)}
    refs: dict[int, tuple[int, dt.date, str]] = {
        int(rid): (int(kec), tgl, names.get(inst, ""))
        for rid, kec, tgl, inst in _q(Rujukan.select(Rujukan.id, Rujukan.kecamatan,
                                                      Rujukan.tanggal, Rujukan.instansi)
                                      .where(which).tuples())}
    steps: dict[int, list[tuple[dt.date, str]]] = defaultdict(list)
    for rid, status, tgl in _q(h.select(h.rujukan, h.status, h.tanggal)
                               .where(h.rujukan.in_(Rujukan.select(Rujukan.id).where(which))
                                      & (h.tanggal <= dec31))
                               .order_by(h.tanggal, h.id).tuples()):
        steps[int(rid)].append((tgl, status))
    ends = _ends(tahun)
    per: dict[Kunci, dict[str, list[int]]] = defaultdict(dict)
    for rid, (kec, made, nama) in refs.items():
        if made >= jan1:
            per[(kec, made.month)].setdefault(nama, [0, 0, 0])[0] += 1
        mine = steps.get(rid, [])
        for tgl, status in mine:
            if tgl >= jan1 and status in DITUTUP and made <= ends[tgl.month - 1]:
                per[(kec, tgl.month)].setdefault(nama, [0, 0, 0])[1] += 1
        dates = [d for d, _s in mine]
        for bulan, end in enumerate(ends, 1):
            if made > end:
                continue
            i = bisect.bisect_right(dates, end)
            if (mine[i - 1][1] if i else "diajukan") in TERBUKA:
                per[(kec, bulan)].setdefault(nama, [0, 0, 0])[2] += 1
    return {key: [(k, v[0], v[1], v[2]) for k, v in sorted(p.items())]
            for key, p in per.items()}


def langsung(kecs: list[Kecamatan], tahun: int) -> dict[Kunci, Any]:
    """(kecamatan, month) -> the live ``RingkasanBulan`` of every month of ``tahun``."""
    from .ringkasan_bulan import SUMBER_LANGSUNG, RingkasanBulan

    ids = [int(k.id) for k in kecs]
    cols = columns()
    bentuk = _per_bentuk(ids, tahun)
    ppks = _ppks(ids, tahun)
    rujukan = _rujukan(ids, tahun)
    status = laporan_status(ids, tahun)
    peta = pemetaan(ids, tahun)
    out: dict[Kunci, RingkasanBulan] = {}
    for kec in kecs:
        for bulan in range(1, 13):
            key = (int(kec.id), bulan)
            sel = bentuk.get(key, {})
            st, diajukan, disetujui = status.get(key, ("", None, None))
            out[key] = RingkasanBulan(
                int(kec.id), kec.kode, kec.nama, tahun, bulan, st, diajukan, disetujui,
                SUMBER_LANGSUNG, sum(sel.values()),
                [(c.fungsi, c.bentuk, sel.get(c.bentuk_id, 0)) for c in cols],
                ppks.get(key, []), rujukan.get(key, []), peta.get(key, []))
    return out
