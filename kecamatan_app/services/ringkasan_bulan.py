"""The summary of one kecamatan and month (:class:`RingkasanBulan`): what the Dinas Sosial
dashboard, the consolidated recap and the exchange package read (no Qt).

Two ways to the same numbers:

* :func:`dari_data` reads one kecamatan-month through the monthly report's own queries
  (:mod:`kegiatan_daftar`, :mod:`rekap_kegiatan`, :mod:`laporan_isi`, :mod:`rujukan_daftar`),
  so its numbers are the report's.
* :func:`untuk_tahun` reads every kecamatan x month of a year with a few grouped queries
  (:mod:`ringkasan_bulan_tahun`), fast enough for a kabupaten; ``tests/test_ringkasan_bulan.py``
  checks that it gives exactly what :func:`dari_data` gives.

**Package or live records.** In a Dinas Sosial database a kecamatan either works online in the
database itself (its records are here) or sends a monthly exchange package
(:mod:`paket_impor`, table ``paket_bulanan``). :func:`untuk_tahun` takes a kecamatan-month from
its imported package only when the database holds *no live record of that kecamatan-month*: no
monthly report row, no activity (draft or final) dated in the month, no referral made in the
month. Otherwise the live records win (``sumber`` ``"langsung"``), so a kecamatan that moved
online is never shadowed by an old package.

``ppks_pemetaan`` is the kecamatan's PPKS mapping (Pemetaan Sosial > Rekap) as of the month's
end: the latest mapping period with any PPKS number in the kecamatan's desa that started on or
before the month's last day (the one ending last; the longer one on a tie, as the Beranda picks
it), per active category over the active desa, the TKSK's count where given, else the desa's.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, replace
from typing import Any

from ..models import Kantor, Kecamatan, PaketBulanan
from ..models.base import fk
from .context import Actor
from .errors import DatabaseError, NotFound, ValidationError

SUMBER_LANGSUNG, SUMBER_PAKET = "langsung", "paket"
STATUS_LAPORAN: tuple[str, ...] = ("", "draf", "diajukan", "dikembalikan", "disetujui")
#: Referral statuses that close a referral (the monthly report's "ditutup").
DITUTUP: tuple[str, ...] = ("selesai", "ditolak", "dibatalkan")
#: Sanity limits for a summary read from a package.
MAKS_ANGKA = 10_000_000
MAKS_BARIS = 500
MAKS_TEKS = 300
_KODE_KEC = re.compile(r"^\d{2}\.\d{2}\.\d{2}$")


@dataclass(frozen=True)
class RingkasanBulan:
    kecamatan_id: int
    kecamatan_kode: str
    kecamatan_nama: str
    tahun: int
    bulan: int
    status: str  # "" (no report) | "draf" | "diajukan" | "dikembalikan" | "disetujui"
    diajukan_pada: dt.datetime | None  # first submission of the month's report
    disetujui_pada: dt.datetime | None
    sumber: str  # "langsung" (records in this database) | "paket" (imported package)
    kegiatan: int  # final activities in the month
    per_bentuk: list[tuple[str, str, int]]  # fungsi, bentuk, count (as the monthly report)
    ppks: list[tuple[str, int]]  # PPKS category, persons/households reached
    rujukan_per_instansi: list[tuple[str, int, int, int]]  # agency, made, closed, open
    ppks_pemetaan: list[tuple[str, int]]  # PPKS per category in the mapping at the month's end

    @property
    def rujukan_dibuat(self) -> int:
        return sum(r[1] for r in self.rujukan_per_instansi)

    @property
    def rujukan_ditutup(self) -> int:
        return sum(r[2] for r in self.rujukan_per_instansi)

    @property
    def rujukan_terbuka(self) -> int:
        """Referrals still open at the month's end."""
        return sum(r[3] for r in self.rujukan_per_instansi)

    @property
    def ppks_dijangkau(self) -> int:
        return sum(n for _k, n in self.ppks)

    @property
    def ppks_terpetakan(self) -> int:
        return sum(n for _k, n in self.ppks_pemetaan)

    def to_json(self) -> dict[str, Any]:
        def when(v: dt.datetime | None) -> str | None:
            return v.replace(microsecond=0).isoformat() if v is not None else None

        return {
            "kecamatan_id": self.kecamatan_id,
            "kecamatan_kode": self.kecamatan_kode,
            "kecamatan_nama": self.kecamatan_nama,
            "tahun": self.tahun,
            "bulan": self.bulan,
            "status": self.status,
            "diajukan_pada": when(self.diajukan_pada),
            "disetujui_pada": when(self.disetujui_pada),
            "sumber": self.sumber,
            "kegiatan": self.kegiatan,
            "per_bentuk": [list(x) for x in self.per_bentuk],
            "ppks": [list(x) for x in self.ppks],
            "rujukan_per_instansi": [list(x) for x in self.rujukan_per_instansi],
            "ppks_pemetaan": [list(x) for x in self.ppks_pemetaan],
        }

    @classmethod
    def from_json(cls, data: Any) -> RingkasanBulan:
        """Read and check a summary; :class:`ValueError` with an Indonesian message naming
        the field for anything missing, of the wrong type or out of range."""
        if not isinstance(data, dict):
            raise ValueError("ringkasan bukan objek JSON")
        tahun = _int(data, "tahun", 2000, 2100)
        bulan = _int(data, "bulan", 1, 12)
        status = _text(data, "status", 12)
        if status not in STATUS_LAPORAN:
            raise ValueError(f"status laporan '{status}' tidak dikenal")
        sumber = _text(data, "sumber", 10)
        if sumber not in (SUMBER_LANGSUNG, SUMBER_PAKET):
            raise ValueError(f"sumber '{sumber}' tidak dikenal")
        kode = _text(data, "kecamatan_kode", 8)
        if not _KODE_KEC.match(kode):
            raise ValueError(f"kode kecamatan '{kode}' tidak berbentuk 00.00.00")
        nama = _text(data, "kecamatan_nama", 100)
        if not nama.strip():
            raise ValueError("nama kecamatan kosong")
        diajukan = _when(data, "diajukan_pada")
        disetujui = _when(data, "disetujui_pada")
        if disetujui is not None and status != "disetujui":
            raise ValueError("tanggal disetujui ada, padahal laporan belum disetujui")
        bentuk = [(_s(r[0], "per_bentuk"), _s(r[1], "per_bentuk"), _n(r[2], "per_bentuk"))
                  for r in _rows(data, "per_bentuk", 3)]
        ppks = [(_s(r[0], "ppks"), _n(r[1], "ppks")) for r in _rows(data, "ppks", 2)]
        rujukan = [(_s(r[0], "rujukan_per_instansi"), _n(r[1], "rujukan_per_instansi"),
                    _n(r[2], "rujukan_per_instansi"), _n(r[3], "rujukan_per_instansi"))
                   for r in _rows(data, "rujukan_per_instansi", 4)]
        peta = [(_s(r[0], "ppks_pemetaan"), _n(r[1], "ppks_pemetaan"))
                for r in _rows(data, "ppks_pemetaan", 2)]
        kegiatan = _int(data, "kegiatan", 0, MAKS_ANGKA)
        if sum(n for _f, _b, n in bentuk) != kegiatan:
            raise ValueError(f"jumlah kegiatan ({kegiatan}) tidak sama dengan jumlah per bentuk "
                             f"({sum(n for _f, _b, n in bentuk)})")
        return cls(_int(data, "kecamatan_id", 0, 2**31 - 1), kode, nama, tahun, bulan, status,
                   diajukan, disetujui, sumber, kegiatan, bentuk, ppks, rujukan, peta)


def _int(data: dict[str, Any], key: str, lo: int, hi: int) -> int:
    v = data.get(key)
    if isinstance(v, bool) or not isinstance(v, int):
        raise ValueError(f"'{key}' harus bilangan bulat")
    if not lo <= v <= hi:
        raise ValueError(f"'{key}' = {v} di luar batas {lo}..{hi}")
    return v


def _text(data: dict[str, Any], key: str, maks: int) -> str:
    v = data.get(key)
    if not isinstance(v, str):
        raise ValueError(f"'{key}' harus teks")
    if len(v) > maks:
        raise ValueError(f"'{key}' terlalu panjang")
    return v


def _when(data: dict[str, Any], key: str) -> dt.datetime | None:
    v = data.get(key, "?")
    if v is None:
        return None
    if not isinstance(v, str):
        raise ValueError(f"'{key}' harus tanggal-waktu ISO atau null")
    try:
        out = dt.datetime.fromisoformat(v)
    except ValueError as exc:
        raise ValueError(f"'{key}' bukan tanggal-waktu yang sah") from exc
    if out.tzinfo is not None or not 2000 <= out.year <= 2100:
        raise ValueError(f"'{key}' di luar batas")
    return out


def _rows(data: dict[str, Any], key: str, width: int) -> list[list[Any]]:
    v = data.get(key)
    if not isinstance(v, list) or len(v) > MAKS_BARIS:
        raise ValueError(f"'{key}' harus daftar (paling banyak {MAKS_BARIS} baris)")
    for r in v:
        if not isinstance(r, list) or len(r) != width:
            raise ValueError(f"baris '{key}' harus berisi {width} nilai")
    return v


def _s(v: Any, key: str) -> str:
    if not isinstance(v, str) or not v.strip() or len(v) > MAKS_TEKS:
        raise ValueError(f"nama dalam '{key}' kosong, bukan teks atau terlalu panjang")
    return v


def _n(v: Any, key: str) -> int:
    if isinstance(v, bool) or not isinstance(v, int) or not 0 <= v <= MAKS_ANGKA:
        raise ValueError(f"angka dalam '{key}' harus bilangan bulat 0..{MAKS_ANGKA}")
    return v


# -- one kecamatan-month, through the monthly report's queries ---------------------------------


def pembaca(kecamatan_id: int) -> Actor:
    """The internal reader of one kecamatan's records: an actor limited to that kecamatan in
    either kind of database (the system actor would see every kecamatan of a Dinas database)."""
    return Actor(None, "sistem:ringkasan-bulan", "Ringkasan bulanan", "admin", kecamatan_id)


def _check(tahun: int, bulan: int) -> None:
    if not (2000 <= tahun <= 2100 and 1 <= bulan <= 12):
        raise ValidationError.single("bulan", f"Bulan {tahun}-{bulan:02d} tidak sah.")


def _kecamatan(kecamatan_id: int) -> Kecamatan:
    kec = Kecamatan.get_or_none(Kecamatan.id == kecamatan_id)
    if kec is None:
        raise NotFound("Kecamatan tidak ditemukan di basis data ini.")
    return kec


def dari_data(kecamatan_id: int, tahun: int, bulan: int) -> RingkasanBulan:
    """The month's summary from the live records, through the queries of the monthly report,
    so its numbers equal the report's (``laporan_isi.compile_month``)."""
    from . import kegiatan_daftar, laporan_isi, rekap_kegiatan
    from .kegiatan_daftar import KegiatanFilter
    from .laporan import month_range
    from .ringkasan_bulan_tahun import laporan_status, pemetaan

    _check(tahun, bulan)
    kec = _kecamatan(kecamatan_id)
    actor = pembaca(kecamatan_id)
    start, end = month_range(tahun, bulan)
    rows = kegiatan_daftar.search(actor, KegiatanFilter(tahun, bulan, status="final"))
    rekap = rekap_kegiatan.per_desa(actor, start, end, "final")
    per_bentuk = [(c.fungsi, c.bentuk, rekap.total.sel.get(c.bentuk_id, 0)) for c in rekap.kolom]
    rujukan = laporan_isi._rujukan(actor, start, end)
    status, diajukan, disetujui = laporan_status([kecamatan_id], tahun).get(
        (kecamatan_id, bulan), ("", None, None))
    return RingkasanBulan(
        kecamatan_id, kec.kode, kec.nama, tahun, bulan, status, diajukan, disetujui,
        SUMBER_LANGSUNG, len(rows), per_bentuk, laporan_isi._ppks([r.id for r in rows]),
        list(rujukan.per_instansi),
        pemetaan([kecamatan_id], tahun).get((kecamatan_id, bulan), []))


# -- every kecamatan x month of a year --------------------------------------------------------


def semua_kecamatan() -> list[int]:
    """The kecamatan with an office in this database (one in a kecamatan database, every
    kecamatan of the kabupaten in a Dinas database), by Kemendagri code."""
    q = (Kecamatan.select(Kecamatan.id).join(Kantor, on=(Kantor.kecamatan == Kecamatan.id))
         .order_by(Kecamatan.kode))
    return [int(k.id) for k in q]


def dari_paket(row: PaketBulanan, kec: Kecamatan) -> RingkasanBulan:
    """The summary stored with an imported package, as this database's kecamatan."""
    try:
        r = RingkasanBulan.from_json(json.loads(row.ringkasan))
    except ValueError as exc:  # checked on import: only an edit behind the app's back
        raise DatabaseError(
            f"Ringkasan paket Kecamatan {kec.nama} {row.tahun}-{row.bulan:02d} di basis data "
            f"rusak ({exc}). Impor ulang paket bulan itu.") from exc
    return replace(r, kecamatan_id=int(kec.id), kecamatan_kode=kec.kode,
                   kecamatan_nama=kec.nama, sumber=SUMBER_PAKET)


def untuk_tahun(tahun: int, kecamatan_ids: list[int] | None = None) -> list[RingkasanBulan]:
    """Every kecamatan (``None``: all with an office) x month 1..12 of ``tahun``, ordered by
    kecamatan code and month: from the imported package where one exists for that
    kecamatan-month and the database has no live record of it (no report row, no activity
    dated in the month, no referral made in it), else from the live records ("langsung").
    A few grouped queries, however many kecamatan and months."""
    from .ringkasan_bulan_tahun import ada_data, langsung

    _check(tahun, 1)
    ids = semua_kecamatan() if kecamatan_ids is None else [int(i) for i in kecamatan_ids]
    if not ids:
        return []
    kecs = list(Kecamatan.select().where(Kecamatan.id.in_(ids)).order_by(Kecamatan.kode))
    paket = {(fk(p, "kecamatan"), p.bulan): p for p in PaketBulanan.select().where(
        (PaketBulanan.tahun == tahun) & PaketBulanan.kecamatan.in_(ids))}
    hidup = ada_data(ids, tahun)
    live = langsung(kecs, tahun)
    out: list[RingkasanBulan] = []
    for kec in kecs:
        for bulan in range(1, 13):
            key = (int(kec.id), bulan)
            p = paket.get(key)
            out.append(dari_paket(p, kec) if p is not None and key not in hidup else live[key])
    return out
