"""The referral list (filters, overdue flag), one referral's detail with its dated history, and
the recap of referrals per agency and status for any period (the seed 002 table)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from ..models import (
    Desa,
    InstansiRujukan,
    Keluarga,
    Lampiran,
    Pengguna,
    RiwayatRujukan,
    Rujukan,
    Warga,
)
from ..models.base import fk
from . import lingkup
from .context import Actor
from .kegiatan import kecamatan_of
from .nik import mask_nik
from .pencarian import contains
from .permissions import Aksi, require
from .rujukan import HASIL, PERSETUJUAN, STATUS, TERBUKA, TRANSISI, terlambat_hari


@dataclass(frozen=True)
class RujukanFilter:
    dari: dt.date | None = None
    sampai: dt.date | None = None
    instansi_id: int | None = None
    status: str = ""  # one of STATUS, "terbuka" (diajukan/diterima), or "" (all)
    terlambat_saja: bool = False
    teks: str = ""
    #: The kecamatan a user of the whole kabupaten (Dinas database) looks at; None: the
    #: actor's own (a kecamatan user asking for another kecamatan is refused).
    kecamatan_id: int | None = None


@dataclass(frozen=True)
class RujukanRow:
    id: int
    kegiatan_id: int
    nomor_surat: str
    tanggal: dt.date
    klien: str
    nik: str  # masked
    desa: str
    instansi: str
    kebutuhan: str
    status: str  # code
    status_label: str
    hasil: str  # label
    jatuh_tempo: dt.date | None
    terlambat_hari: int
    versi: int


@dataclass(frozen=True)
class Langkah:
    status: str
    status_label: str
    tanggal: dt.date
    alasan: str
    oleh: str
    dicatat_pada: dt.datetime
    bukti_id: int | None
    bukti_nama: str


@dataclass(frozen=True)
class RujukanDetail:
    row: RujukanRow
    persetujuan: str
    alasan_tanpa_persetujuan: str
    balasan: str
    riwayat: list[Langkah]
    langkah_berikut: tuple[str, ...]


def _query(actor: Actor, f: RujukanFilter, today: dt.date) -> Any:
    q = Rujukan.select().where(Rujukan.kecamatan == kecamatan_of(actor, f.kecamatan_id))
    if f.dari:
        q = q.where(Rujukan.tanggal >= f.dari)
    if f.sampai:
        q = q.where(Rujukan.tanggal <= f.sampai)
    if f.instansi_id:
        q = q.where(Rujukan.instansi == f.instansi_id)
    if f.status == "terbuka":
        q = q.where(Rujukan.status.in_(TERBUKA))
    elif f.status:
        q = q.where(Rujukan.status == f.status)
    if f.terlambat_saja:
        q = q.where(Rujukan.status.in_(TERBUKA) & (Rujukan.jatuh_tempo < today))
    teks = " ".join(f.teks.split())
    if teks:
        people = Warga.select(Warga.id).where(contains(Warga.nama, teks))
        families = Keluarga.select(Keluarga.id).where(contains(Keluarga.kepala, teks))
        q = q.where(contains(Rujukan.nomor_surat, teks) | contains(Rujukan.kebutuhan, teks)
                    | Rujukan.warga.in_(people) | Rujukan.keluarga.in_(families))
    return q


def search(actor: Actor, f: RujukanFilter = RujukanFilter(),
           today: dt.date | None = None) -> list[RujukanRow]:
    require(actor, Aksi.KEGIATAN_LIHAT)
    today = today or dt.date.today()
    q = _query(actor, f, today).order_by(Rujukan.tanggal.desc(), Rujukan.nomor_urut.desc())
    return _rows(list(q), today)


def _rows(items: list[Rujukan], today: dt.date) -> list[RujukanRow]:
    if not items:
        return []
    wids = {fk(r, "warga") for r in items if fk(r, "warga")}
    kids = {fk(r, "keluarga") for r in items if fk(r, "keluarga")}
    people = {w.id: w for w in Warga.select().where(Warga.id.in_(wids))} if wids else {}
    families = {k.id: k for k in Keluarga.select().where(Keluarga.id.in_(kids))} if kids else {}
    desa = {d.id: d.nama for d in Desa.select(Desa.id, Desa.nama)}
    inst = {i.id: i.nama for i in InstansiRujukan.select(InstansiRujukan.id,
                                                         InstansiRujukan.nama)}
    out = []
    for r in items:
        if fk(r, "warga"):
            w = people[fk(r, "warga")]
            klien, nik, d = w.nama, mask_nik(w.nik) if w.nik else "", desa.get(fk(w, "desa"), "")
        else:
            k = families[fk(r, "keluarga")]
            klien, nik, d = f"Keluarga {k.kepala}", "", desa.get(fk(k, "desa"), "")
        out.append(RujukanRow(
            r.id, fk(r, "kegiatan"), r.nomor_surat, r.tanggal, klien, nik, d,
            inst.get(fk(r, "instansi"), ""), r.kebutuhan, r.status, STATUS[r.status],
            HASIL.get(r.hasil, ""), r.jatuh_tempo, terlambat_hari(r.status, r.jatuh_tempo, today),
            r.versi))
    return out


def _visible(actor: Actor, kecamatan_id: int | None) -> Any:
    """The condition on ``Rujukan.kecamatan`` for opening one referral by its id: the chosen
    kecamatan (checked), else the actor's own; none for a user of the whole kabupaten, who may
    open a referral of any kecamatan."""
    if kecamatan_id is not None:
        return Rujukan.kecamatan == kecamatan_of(actor, kecamatan_id)
    scope = lingkup.kecamatan_scope(actor)
    return (Rujukan.kecamatan == scope) if scope is not None else None


def detail(actor: Actor, rujukan_id: int, today: dt.date | None = None,
           kecamatan_id: int | None = None) -> RujukanDetail:
    """One referral with its history; another kecamatan's is "not found" for a kecamatan
    user (and refused when it asks for that kecamatan by ``kecamatan_id``)."""
    from .errors import NotFound

    require(actor, Aksi.KEGIATAN_LIHAT)
    r: Any = lingkup.limit(Rujukan.select().where(Rujukan.id == rujukan_id),
                           _visible(actor, kecamatan_id)).first()
    if r is None:
        raise NotFound("Rujukan tidak ditemukan.")
    row = _rows([r], today or dt.date.today())[0]
    users = {u.id: u.nama_lengkap for u in Pengguna.select(Pengguna.id, Pengguna.nama_lengkap)}
    steps = []
    for h in r.riwayat.order_by(RiwayatRujukan.tanggal, RiwayatRujukan.id):
        bukti = Lampiran.get_or_none(Lampiran.id == fk(h, "lampiran")) if fk(h, "lampiran") \
            else None
        steps.append(Langkah(h.status, STATUS.get(h.status, h.status), h.tanggal, h.alasan,
                             users.get(fk(h, "oleh"), "Sistem"), h.dicatat_pada,
                             bukti.id if bukti else None, bukti.nama_asli if bukti else ""))
    return RujukanDetail(row, PERSETUJUAN.get(r.persetujuan, r.persetujuan),
                         r.alasan_tanpa_persetujuan, r.balasan, steps,
                         TRANSISI.get(r.status, ()))


@dataclass
class RekapInstansi:
    instansi: str
    per_status: dict[str, int] = field(default_factory=dict)
    berhasil: int = 0
    tidak_berhasil: int = 0
    terlambat: int = 0

    @property
    def jumlah(self) -> int:
        return sum(self.per_status.values())


def rekap_per_instansi(actor: Actor, dari: dt.date | None, sampai: dt.date | None,
                       today: dt.date | None = None,
                       kecamatan_id: int | None = None) -> list[RekapInstansi]:
    """Referrals made in the period, per agency: count per current status, outcomes, overdue.
    Agencies with no referral in the period are left out; the last row is the total."""
    require(actor, Aksi.KEGIATAN_LIHAT)
    today = today or dt.date.today()
    names = {i.id: i.nama for i in InstansiRujukan.select().order_by(InstansiRujukan.urutan)}
    by: dict[int, RekapInstansi] = {}
    total = RekapInstansi("Jumlah", {s: 0 for s in STATUS})
    counts: dict[int, dict[str, int]] = defaultdict(lambda: {s: 0 for s in STATUS})
    for r in _query(actor, RujukanFilter(dari, sampai, kecamatan_id=kecamatan_id), today):
        iid = fk(r, "instansi")
        item = by.setdefault(iid, RekapInstansi(names.get(iid, "?"), counts[iid]))
        for target in (item, total):
            target.per_status[r.status] += 1
            target.berhasil += r.hasil == "berhasil"
            target.tidak_berhasil += r.hasil == "tidak_berhasil"
            target.terlambat += terlambat_hari(r.status, r.jatuh_tempo, today) > 0
    order = list(names)
    rows = sorted(by.items(), key=lambda kv: order.index(kv[0]) if kv[0] in order else 1 << 30)
    return [v for _k, v in rows] + [total]
