"""The monthly report's content as plain data, compiled from the month's records through the
same queries the lists use (:mod:`kegiatan_daftar`, :mod:`rekap_kegiatan`,
:mod:`rujukan_daftar`), so the report's numbers equal what the screens show."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from ..models import (
    DataPPKS,
    DataPSKS,
    InstansiRujukan,
    Kategori,
    KegiatanFoto,
    KegiatanSasaran,
    Pendaftar,
    Penugasan,
    RiwayatDataPPKS,
    RiwayatRujukan,
    Rujukan,
)
from ..models.base import fk
from ..reports.laporan_data import (
    BarisKegiatan,
    FotoLampiran,
    Identitas,
    LangkahLaporan,
    LaporanIsi,
    Penandatangan,
    RekapRujukan,
)
from . import kegiatan_daftar, lampiran, rekap_kegiatan, rujukan_daftar, settings
from .context import Actor
from .formatting import nama_bulan, tanggal_hari
from .kantor import OfficeInfo, logo_path, require_office
from .kegiatan import kecamatan_of
from .kegiatan_daftar import KegiatanFilter
from .laporan import LaporanInfo, month_range
from .nik import mask_nik
from .permissions import Aksi, require
from .rujukan import TERBUKA, terlambat_hari


def _identitas(info: OfficeInfo, penugasan_id: int) -> Identitas:
    t = Penugasan.get_by_id(penugasan_id)
    p = Pendaftar.get_by_id(fk(t, "pendaftar"))
    return Identitas(p.nama, mask_nik(p.nik), t.sk_nomor, t.niat, info.kecamatan,
                     info.kabupaten, p.telepon)


def _sasaran(row: kegiatan_daftar.KegiatanRow) -> str:
    parts = []
    if row.peserta:
        parts.append(f"{row.peserta} orang (L {row.peserta_l}, P {row.peserta_p})")
    if row.jumlah_sasaran:
        parts.append(f"{row.jumlah_sasaran} penerima manfaat")
    return "; ".join(parts) or "-"


def _keterangan(row: kegiatan_daftar.KegiatanRow) -> str:
    parts = [p for p in (row.program, f"No. {row.nomor_rujukan}" if row.nomor_rujukan else "",
                         f"Kendala: {row.hambatan}" if row.hambatan else "") if p]
    return "; ".join(parts)


def _ppks(ids: list[int]) -> list[tuple[str, int]]:
    """PPKS reached by the month's activities: registry persons/households that were
    beneficiaries, counted once per category (aggregates only; no names)."""
    if not ids:
        return []
    warga = {fk(s, "warga") for s in KegiatanSasaran.select().where(
        KegiatanSasaran.kegiatan.in_(ids) & KegiatanSasaran.warga.is_null(False))}
    keluarga = {fk(s, "keluarga") for s in KegiatanSasaran.select().where(
        KegiatanSasaran.kegiatan.in_(ids) & KegiatanSasaran.keluarga.is_null(False))}
    counts: Counter[int] = Counter()
    if warga:
        for d in DataPPKS.select(DataPPKS.kategori).where(DataPPKS.warga.in_(warga)):
            counts[fk(d, "kategori")] += 1
    if keluarga:
        for d in DataPPKS.select(DataPPKS.kategori).where(DataPPKS.keluarga.in_(keluarga)):
            counts[fk(d, "kategori")] += 1
    names = {k.id: (k.kode, k.nama) for k in Kategori.select().where(Kategori.id.in_(
        list(counts)))} if counts else {}
    return [(f"{names[k][0]}. {names[k][1]}", n)
            for k, n in sorted(counts.items(), key=lambda kv: names[kv[0]][0])]


def _rujukan(actor: Actor, start: dt.date, end: dt.date, kecamatan_id: int | None = None
             ) -> RekapRujukan:
    """Referrals made in the month (the list's query), closed in the month (whenever made), and
    open at its end (made by then and not closed by then), per agency. A few queries, however
    many referrals the kecamatan has."""
    kec = kecamatan_of(actor, kecamatan_id)
    made = rujukan_daftar.search(actor, rujukan_daftar.RujukanFilter(
        dari=start, sampai=end, kecamatan_id=kecamatan_id))
    by_end = (Rujukan.kecamatan == kec) & (Rujukan.tanggal <= end)
    names: dict[int, str] = {}
    due: dict[int, dt.date | None] = {}
    for r in (Rujukan.select(Rujukan.id, Rujukan.jatuh_tempo, InstansiRujukan.nama)
              .join(InstansiRujukan).where(by_end)):
        names[r.id], due[r.id] = r.instansi.nama, r.jatuh_tempo
    closed: list[int] = []
    last: dict[int, str] = {}  # each referral's status at the end of the month
    for h in (RiwayatRujukan.select(RiwayatRujukan.rujukan, RiwayatRujukan.status,
                                    RiwayatRujukan.tanggal)
              .where(RiwayatRujukan.rujukan.in_(Rujukan.select(Rujukan.id).where(by_end))
                     & (RiwayatRujukan.tanggal <= end))
              .order_by(RiwayatRujukan.tanggal, RiwayatRujukan.id)):
        rid = fk(h, "rujukan")
        last[rid] = h.status
        if h.tanggal >= start and h.status in ("selesai", "ditolak", "dibatalkan"):
            closed.append(rid)
    open_ids = [rid for rid in names if last.get(rid, "diajukan") in TERBUKA]
    late = sum(terlambat_hari(last.get(rid, "diajukan"), due[rid], end + dt.timedelta(days=1))
               > 0 for rid in open_ids)
    per: dict[str, list[int]] = {}
    for row in made:
        per.setdefault(row.instansi, [0, 0, 0])[0] += 1
    for rid in closed:
        per.setdefault(names[rid], [0, 0, 0])[1] += 1
    for rid in open_ids:
        per.setdefault(names[rid], [0, 0, 0])[2] += 1
    rows = [(k, v[0], v[1], v[2]) for k, v in sorted(per.items())]
    return RekapRujukan(len(made), len(closed), len(open_ids), late, rows)


def _as_date(value: object) -> dt.date:
    """A date from an aggregate (SQLite gives text, PostgreSQL a date)."""
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])


def _pemetaan(kec: int, start: dt.date, end: dt.date) -> list[tuple[str, int]]:
    """What changed in the kecamatan's mapping during the month. PPKS records count by the dates
    of their history (the date the record was made or verified, as the user gave it), not by
    when they were typed in, so a record entered a few days late still counts in its month."""
    from peewee import fn

    from ..models import Desa, Keluarga, Warga

    desa = Desa.select(Desa.id).where(Desa.kecamatan == kec)
    people = Warga.select(Warga.id).where(Warga.desa.in_(desa))
    families = Keluarga.select(Keluarga.id).where(Keluarga.desa.in_(desa))
    ours = DataPPKS.select(DataPPKS.id).where(DataPPKS.warga.in_(people)
                                              | DataPPKS.keluarga.in_(families))
    first: Any = (RiwayatDataPPKS.select(RiwayatDataPPKS.data, fn.MIN(RiwayatDataPPKS.tanggal))
                  .where(RiwayatDataPPKS.data.in_(ours)).group_by(RiwayatDataPPKS.data))
    baru = sum(1 for _data, day in first.tuples() if start <= _as_date(day) <= end)
    t0 = dt.datetime.combine(start, dt.time.min)
    t1 = dt.datetime.combine(end, dt.time.max)
    status = Counter(h.status for h in RiwayatDataPPKS.select(RiwayatDataPPKS.status).where(
        RiwayatDataPPKS.data.in_(ours) & (RiwayatDataPPKS.tanggal >= start)
        & (RiwayatDataPPKS.tanggal <= end)))
    psks = DataPSKS.select().where(DataPSKS.desa.in_(desa) & (DataPSKS.dibuat_pada >= t0)
                                   & (DataPSKS.dibuat_pada <= t1)).count()
    return [("Data PPKS per nama baru dicatat", int(baru)),
            ("Data PPKS diverifikasi", status.get("terverifikasi", 0)),
            ("PPKS dinyatakan sudah ditangani", status.get("ditangani", 0)),
            ("Data PSKS baru dicatat", int(psks))]


def _foto(rows: list[kegiatan_daftar.KegiatanRow]) -> list[FotoLampiran]:
    """The photo annex: every photo of the month's activities, in the table's order, each
    captioned with date, place and activity. One query for the photos of all the activities
    (not one per activity), one per stored file."""
    if not rows:
        return []
    by_activity: dict[int, list[Any]] = {}
    for f in (KegiatanFoto.select(KegiatanFoto.kegiatan, KegiatanFoto.lampiran,
                                  KegiatanFoto.keterangan)
              .where(KegiatanFoto.kegiatan.in_([r.id for r in rows]))
              .order_by(KegiatanFoto.kegiatan, KegiatanFoto.urutan, KegiatanFoto.id)):
        by_activity.setdefault(fk(f, "kegiatan"), []).append(f)
    paths = {i: lampiran.local_path(i)
             for i in {fk(f, "lampiran") for fs in by_activity.values() for f in fs}}
    out: list[FotoLampiran] = []
    for r in rows:
        for f in by_activity.get(r.id, []):
            caption = " — ".join(x for x in (tanggal_hari(r.tanggal), r.lokasi, r.judul) if x)
            if f.keterangan:
                caption += f" ({f.keterangan})"
            out.append(FotoLampiran(paths[fk(f, "lampiran")], caption))
    return out


def compile_month(actor: Actor, laporan: LaporanInfo, tanggal_ttd: dt.date | None = None,
                  kecamatan_id: int | None = None) -> LaporanIsi:
    """Everything the monthly report prints, for ``laporan``'s month (of the actor's
    kecamatan; a user of the whole kabupaten: of the chosen ``kecamatan_id``)."""
    require(actor, Aksi.LAPORAN_LIHAT)
    info = require_office(kecamatan_of(actor, kecamatan_id))
    start, end = month_range(laporan.tahun, laporan.bulan)
    rows = kegiatan_daftar.search(actor, KegiatanFilter(
        laporan.tahun, laporan.bulan, status="final", kecamatan_id=kecamatan_id))
    rows.sort(key=lambda r: (r.tanggal, r.jam, r.id))
    items = [BarisKegiatan(i, tanggal_hari(r.tanggal), r.judul + (f". {r.uraian}" if r.uraian
                                                                  else ""),
                           r.fungsi, r.bentuk, r.lokasi, _sasaran(r), r.mitra or "-",
                           r.hasil or "-", _keterangan(r)) for i, r in enumerate(rows, 1)]
    rekap = rekap_kegiatan.per_desa(actor, start, end, "final", kecamatan_id=kecamatan_id)
    per_bentuk = [(c.fungsi, c.bentuk, rekap.total.sel.get(c.bentuk_id, 0)) for c in rekap.kolom]
    peserta: dict[str, list[int]] = {}
    for r in rows:
        for d in r.lokasi.split(", "):
            acc = peserta.setdefault(d, [0, 0, 0])
            acc[0] += 1
            acc[1] += r.peserta_l
            acc[2] += r.peserta_p
    per_desa = [(b.desa, b.jumlah, peserta.get(b.desa, [0, 0, 0])[1],
                 peserta.get(b.desa, [0, 0, 0])[2]) for b in rekap.baris if b.jumlah]
    foto = _foto(rows)
    judul = str(settings.get("laporan.judul")).format(
        kecamatan=info.kecamatan.upper(), kabupaten=info.kabupaten.upper(),
        bulan=nama_bulan(laporan.bulan).upper(), tahun=laporan.tahun).splitlines()
    camat = info.camat
    k = info.kantor
    return LaporanIsi(
        judul=[j for j in judul if j.strip()],
        bagian={b.strip() for b in str(settings.get("laporan.bagian")).split(",") if b.strip()},
        kop=[x for x in (k.kop_baris_1, k.kop_baris_2, k.kop_baris_3, k.kop_baris_4) if x.strip()],
        logo=logo_path(info.kecamatan_id),
        nomor=laporan.nomor, status=laporan.status_label, tahun=laporan.tahun,
        bulan=laporan.bulan, bulan_label=laporan.judul_bulan,
        identitas=_identitas(info, laporan.penugasan_id), pendahuluan=laporan.pendahuluan,
        kegiatan=items, per_bentuk=per_bentuk, per_desa=per_desa,
        ppks=_ppks([r.id for r in rows]), rujukan=_rujukan(actor, start, end, kecamatan_id),
        pemetaan=_pemetaan(info.kecamatan_id, start, end), kendala=laporan.kendala,
        tindak_lanjut=laporan.tindak_lanjut, penutup=laporan.penutup,
        ttd=Penandatangan(
            camat.nama if camat else "", camat.nip or "" if camat else "",
            camat.plt if camat else False, camat.keterangan_jabatan if camat else "",
            camat.pangkat if camat else "", k.tempat_surat or info.kecamatan,
            tanggal_ttd or (laporan.diajukan_pada.date() if laporan.diajukan_pada
                            else dt.date.today())),
        tembusan=[t.strip() for t in laporan.tembusan.splitlines() if t.strip()],
        foto=foto,
        riwayat=[LangkahLaporan(s.label, s.pada, s.oleh, s.alasan) for s in laporan.riwayat],
    )


def prefill_obstacles(actor: Actor, tahun: int, bulan: int, kecamatan_id: int | None = None
                      ) -> tuple[str, str]:
    """BAB III's starting text: the month's recorded obstacles and follow-ups, one per line."""
    require(actor, Aksi.LAPORAN_LIHAT)
    rows = kegiatan_daftar.search(actor, KegiatanFilter(tahun, bulan, status="final",
                                                        kecamatan_id=kecamatan_id))
    rows.sort(key=lambda r: (r.tanggal, r.id))
    kendala = [f"- {r.hambatan} ({r.judul}, {r.tanggal:%d-%m-%Y})" for r in rows if r.hambatan]
    lanjut = [f"- {r.tindak_lanjut} ({r.judul})" for r in rows if r.tindak_lanjut]
    return "\n".join(kendala), "\n".join(lanjut)
