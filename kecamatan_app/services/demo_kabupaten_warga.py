"""The registry of one kecamatan in the kabupaten demo (:mod:`demo_kabupaten`).

Dusun, households and persons (NIK and No. KK of the kecamatan's own region code, women's day of
birth + 40, every name ending in "(contoh)"), PPKS records by name with a dated status history
at the rates of the kecamatan demo (per 1,000 persons), DTSEN status and aid for most PPKS
owners, and the PSKS partners the activities name (a PSM and a Karang Taruna per desa, three LKS
and a Tagana member per kecamatan). People and households come from the kecamatan demo's
generator (:class:`demo_registri.Gen`); rows go in bulk (:mod:`demo_kabupaten_tulis`).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from ..models import DataPSKS
from .demo_kabupaten_tulis import Penulis
from .demo_pemetaan import _KARANG_TARUNA, _LKS, _ROMAWI
from .demo_registri import _DISABILITAS, _TEMPAT, Gen, Orang, _anggota
from .desa import DesaInfo

_STAMP = ("dibuat_pada", "diubah_pada", "versi")
#: PPKS by name per 1,000 persons (the kecamatan demo's numbers): code, pool, detail choices.
_PPKS: tuple[tuple[str, str, float, tuple[str, ...]], ...] = (
    ("24", "miskin", 50, ()),
    ("08", "lansia", 42, ()),
    ("09", "dewasa", 10, _DISABILITAS),
    ("05", "anak", 3, _DISABILITAS),
    ("23", "janda", 15, ()),
    ("02", "anak6", 5, ()),
    ("21", "banjir", 12, ("Banjir",)),
    ("13", "dewasa", 3, ()),
    ("20", "dewasa", 2, ()),
    ("25", "pasangan", 3, ()),
    ("15", "pria", 1, ()),
    ("17", "pemuda", 1, ()),
    ("16", "dewasa", 1, ()),
)


@dataclass(frozen=True)
class Kec:
    id: int
    kode: str  # "16.03.06"
    nama: str
    desa: list[DesaInfo]

    @property
    def region(self) -> str:
        return self.kode.replace(".", "")


@dataclass
class Rumah:
    id: int
    desa: DesaInfo
    dusun: tuple[int, str]
    rt: str
    jenis: str
    anggota: list[Orang]

    @property
    def alamat(self) -> str:
        return f"{self.dusun[1]} RT {self.rt}"


@dataclass
class Registri:
    """What the activity generator needs of the kecamatan's registry."""

    rumah: list[Rumah] = field(default_factory=list)
    #: ("w:08" | "k:24", desa id or None for the whole kecamatan) -> person/household ids
    pools: dict[tuple[str, int | None], list[int]] = field(default_factory=dict)
    psks: dict[tuple[str, int], list[DataPSKS]] = field(default_factory=dict)
    dusun: int = 0
    warga: int = 0
    ppks: int = 0
    register: int = 0
    bantuan: int = 0
    n_psks: int = 0

    def people(self) -> list[tuple[int, dt.date, str]]:
        return [(o.id, o.lahir, o.jk) for h in self.rumah for o in h.anggota]


def run(w: Penulis, g: Gen, kec: Kec, persons: int, petugas_id: int,
        kategori: dict[tuple[str, str], int],
        program: dict[str, int], stamp: dt.datetime) -> Registri:
    """Write the registry of ``kec`` with ``persons`` persons; ``petugas_id`` (the TKSK's user)
    verifies the PPKS."""
    reg = Registri()
    dusun = _dusun(w, g, kec, stamp, reg)
    _keluarga(w, g, kec, dusun, persons, stamp, reg)
    owners = _ppks(w, g, reg, petugas_id, kategori, stamp)
    _register(w, g, owners, program, stamp, reg)
    _psks(w, g, kec, kategori, stamp, reg)
    return reg


def _dusun(w: Penulis, g: Gen, kec: Kec, stamp: dt.datetime, reg: Registri
           ) -> dict[int, list[tuple[int, str]]]:
    rows = []
    out: dict[int, list[tuple[int, str]]] = {}
    for d in kec.desa:
        kata = "Lingkungan" if d.jenis == "kelurahan" else "Dusun"
        n = g.rng.randint(2, 4)
        ids = w.ids("dusun", n)
        out[d.id] = [(ids[i], f"{kata} {_ROMAWI[i]}") for i in range(n)]
        rows += [(i, d.id, nama, "", stamp, stamp, 1) for i, nama in out[d.id]]
    reg.dusun = w.tulis("dusun", ("id", "desa_id", "nama", "keterangan", *_STAMP), rows)
    return out


def _keluarga(w: Penulis, g: Gen, kec: Kec, dusun: dict[int, list[tuple[int, str]]],
              quota: int, stamp: dt.datetime, reg: Registri) -> None:
    r = g.rng
    weights = [2 if d.jenis == "kelurahan" else 1 for d in kec.desa]
    persons = 0
    while persons < quota:
        n = len(reg.rumah)
        d = kec.desa[n % len(kec.desa)] if n < len(kec.desa) * 8 else r.choices(kec.desa,
                                                                                 weights)[0]
        jenis, members = _anggota(g)
        members = members[: quota - persons]
        for o in members:  # the generator numbers for 16.03.06; this kecamatan's region
            o.nik = kec.region + o.nik[6:]
        reg.rumah.append(Rumah(0, d, r.choice(dusun[d.id]), f"{r.randint(1, 6):03d}", jenis,
                               members))
        persons += len(members)
    kk_rows, people = [], []
    for h, hid in zip(reg.rumah, w.ids("keluarga", len(reg.rumah)), strict=True):
        h.id = hid
        kk = kec.region + g.nomor(g.lahir(1, 17))[6:]  # issued 1-17 years ago
        kk_rows.append((hid, kk, h.anggota[0].nama, h.alamat, h.desa.id, h.dusun[0], h.rt, "",
                        stamp, stamp, 1))
        for o in h.anggota:
            tempat = h.desa.nama if r.random() < 0.75 else r.choice(_TEMPAT)
            people.append((o, (o.nik, o.nama, o.jk, tempat, o.lahir, hid, o.hubungan, h.alamat,
                               h.desa.id, h.dusun[0], h.rt, "", False, stamp, stamp, 1)))
    w.tulis("keluarga", ("id", "no_kk", "kepala", "alamat", "desa_id", "dusun_id", "rt", "rw",
                         *_STAMP), kk_rows)
    rows = []
    for (o, values), wid in zip(people, w.ids("warga", len(people)), strict=True):
        o.id = wid
        rows.append((wid, *values))
    reg.warga = w.tulis("warga", (
        "id", "nik", "nama", "jenis_kelamin", "tempat_lahir", "tanggal_lahir", "keluarga_id",
        "hubungan", "alamat", "desa_id", "dusun_id", "rt", "rw", "meninggal", *_STAMP), rows)


@dataclass
class _Owner:
    warga: Orang | None
    rumah: Rumah
    kode: str


def _pools(g: Gen, reg: Registri) -> dict[str, list[tuple[Orang | None, Rumah]]]:
    people = [(o, h) for h in reg.rumah for o in h.anggota]
    age = {o.id: g.umur(o.lahir) for o, _h in people}
    adults = [(o, h) for o, h in people if 20 <= age[o.id] < 60]
    kids = [(o, h) for o, h in people if age[o.id] < 18]
    poor = sorted((h for h in reg.rumah if h.jenis != "lansia"),
                  key=lambda h: (h.jenis != "janda", h.id))  # women-headed first
    flood = g.rng.choice(reg.rumah).desa.id  # one desa was flooded this year
    by_person: dict[str, list[tuple[Orang, Rumah]]] = {
        "lansia": [(o, h) for o, h in people if age[o.id] >= 60],
        "dewasa": adults,
        "anak": kids,
        "anak6": [(o, h) for o, h in kids if age[o.id] >= 6],
        "janda": [(h.anggota[0], h) for h in reg.rumah if h.jenis == "janda"],
        "banjir": [(h.anggota[0], h) for h in reg.rumah if h.desa.id == flood],
        "pria": [(o, h) for o, h in adults if o.jk == "L"],
        "pemuda": [(o, h) for o, h in adults if o.jk == "L" and age[o.id] < 35],
    }
    pools: dict[str, list[tuple[Orang | None, Rumah]]] = {
        "miskin": [(None, h) for h in poor[: max(1, len(poor) * 2 // 5)]],
        "pasangan": [(None, h) for h in reg.rumah if h.jenis == "pasangan"],
    }
    pools.update({k: list(v) for k, v in by_person.items()})
    return pools


def _steps(g: Gen, start: dt.date) -> list[tuple[str, dt.date, str]]:
    """A dated status history, as the kecamatan demo's: identified, then perhaps verified,
    handled or no longer PPKS."""
    x = g.rng.random()
    plan = [("terverifikasi", "Diverifikasi lewat kunjungan rumah")] if x >= 0.33 else []
    if 0.68 <= x < 0.95:
        plan.append(("ditangani", "Diusulkan dan menerima bantuan"))
    elif x >= 0.95:
        plan.append(("tidak_lagi", "Sudah mampu / pindah domisili"))
    out = [("teridentifikasi", start, "Dicatat")]
    when = start
    for status, note in plan:
        when = min(g.today, when + dt.timedelta(days=g.rng.randint(7, 90)))
        out.append((status, when, note))
    return out


def _ppks(w: Penulis, g: Gen, reg: Registri, petugas_id: int,
          kategori: dict[tuple[str, str], int],
          stamp: dt.datetime) -> list[_Owner]:
    r = g.rng
    pools = _pools(g, reg)
    n_people = reg.warga
    rows, history, owners = [], [], []
    pool_ids: dict[tuple[str, int | None], list[int]] = defaultdict(list)
    for kode, pool_name, rate, rincian in _PPKS:
        pool = pools[pool_name]
        n = min(len(pool), round(rate * n_people / 1000))
        for o, h in r.sample(pool, n):
            start = g.tanggal(30, 420)
            if o is not None:  # not before the person was born
                start = max(start, o.lahir + dt.timedelta(days=30))
            steps = _steps(g, start)
            status = steps[-1][0]
            verified = next((d for s, d, _n in steps if s == "terverifikasi"), None)
            rows.append([o.id if o else None, None if o else h.id, kategori["PPKS", kode],
                         status,
                         r.choice(rincian) if rincian else "", verified,
                         petugas_id if verified else None, "", None, stamp, stamp,
                         len(steps)])
            history.append(steps)
            owners.append(_Owner(o, h, kode))
            if status != "tidak_lagi":
                spec = f"w:{kode}" if o else f"k:{kode}"
                pool_ids[(spec, h.desa.id)].append(o.id if o else h.id)
                pool_ids[(spec, None)].append(o.id if o else h.id)
    ids = w.ids("data_ppks", len(rows))
    reg.ppks = w.tulis("data_ppks", (
        "id", "warga_id", "keluarga_id", "kategori_id", "status", "rincian", "tanggal_verifikasi",
        "diverifikasi_oleh_id", "catatan", "foto_id", *_STAMP),
        [(i, *row) for i, row in zip(ids, rows, strict=True)])
    hist = [(data_id, s, d, petugas_id, note) for data_id, steps in zip(ids, history, strict=True)
            for s, d, note in steps]
    w.tulis("riwayat_data_ppks", ("id", "data_id", "status", "tanggal", "oleh_id", "catatan"),
            [(i, *row) for i, row in zip(w.ids("riwayat_data_ppks", len(hist)), hist,
                                         strict=True)])
    reg.pools = dict(pool_ids)
    return owners


def _register(w: Penulis, g: Gen, owners: list[_Owner], program: dict[str, int],
              stamp: dt.datetime, reg: Registri) -> None:
    """DTSEN status for about 65 % of the PPKS owners; aid (PKH, BPNT, PBI-JK, ASLUT, ATENSI)
    for registered ones, as the kecamatan demo records it."""
    r = g.rng
    tahun = g.today.year
    tahap = f"{tahun} Tahap {(g.today.month - 1) // 3 + 1}"
    regs, aid = [], []
    seen: set[tuple[object, ...]] = set()

    def give(kode: str, periode: str, o: Orang | None, h: Rumah, status: str = "diterima") -> None:
        if kode in program and (kode, periode, h.id) not in seen:
            seen.add((kode, periode, h.id))
            aid.append((o.id if o else None, None if o else h.id, program[kode], periode, status,
                        "Data contoh (SIKS-NG)", stamp, stamp, 1))

    for ow in owners:
        key = ("w", ow.warga.id) if ow.warga else ("k", ow.rumah.id)
        if key in seen:
            continue
        seen.add(key)
        x = r.random()
        terdaftar = x < 0.6
        if x < 0.65:
            desil = r.choices((1, 2, 3, 4), (35, 30, 20, 15))[0] if terdaftar else None
            regs.append((ow.warga.id if ow.warga else None, None if ow.warga else ow.rumah.id,
                         "DTSEN", f"CONTOH-{r.randint(10**9, 10**10 - 1)}", desil, terdaftar,
                         g.tanggal(3, 120), stamp, stamp, 1))
        if not terdaftar:
            continue
        if ow.kode == "24":
            if r.random() < 0.5:
                give("pkh", tahap, None, ow.rumah)
            if r.random() < 0.8:
                give("bpnt", tahap, None, ow.rumah)
            if r.random() < 0.9:
                give("pbi_jk", str(tahun), ow.rumah.anggota[0], ow.rumah)
        elif ow.warga is not None:
            if ow.kode == "08" and r.random() < 0.3:
                give("aslut", str(tahun), ow.warga, ow.rumah)
            if ow.kode in ("05", "09") and r.random() < 0.3:
                give("atensi", str(tahun), ow.warga, ow.rumah)
            if r.random() < 0.6:
                give("pbi_jk", str(tahun), ow.warga, ow.rumah)
    reg.register = w.tulis("status_register", (
        "id", "warga_id", "keluarga_id", "nama_register", "id_register", "desil", "terdaftar",
        "tanggal_cek", *_STAMP),
        [(i, *row) for i, row in zip(w.ids("status_register", len(regs)), regs, strict=True)])
    reg.bantuan = w.tulis("bantuan_diterima", (
        "id", "warga_id", "keluarga_id", "program_id", "periode", "status", "sumber", *_STAMP),
        [(i, *row) for i, row in zip(w.ids("bantuan_diterima", len(aid)), aid, strict=True)])


def _psks(w: Penulis, g: Gen, kec: Kec, kategori: dict[tuple[str, str], int],
          stamp: dt.datetime,
          reg: Registri) -> None:
    r = g.rng
    adults: dict[int, list[tuple[Orang, Rumah]]] = defaultdict(list)
    for h in reg.rumah:
        for o in h.anggota:
            if 20 <= g.umur(o.lahir) <= 55:
                adults[h.desa.id].append((o, h))
    rows: list[tuple[object, ...]] = []
    found: list[tuple[str, int, str]] = []  # code, desa, name: the activities' partners

    def add(kode: str, nama: str, perorangan: bool, nik: str | None, desa_id: int, alamat: str,
            ketua: str = "", catatan: str = "") -> None:
        found.append((kode, desa_id, nama))
        rows.append((kategori["PSKS", kode], nama, perorangan, nik, desa_id, alamat, "", ketua,
                     "aktif", catatan, stamp, stamp, 1))

    desas = [d for d in kec.desa if len(adults[d.id]) >= 2]
    for d in desas:
        (psm, ph), (ketua, _) = r.sample(adults[d.id], 2)
        add("02", psm.nama, True, psm.nik, d.id, ph.alamat)
        kantor = "Kantor Kelurahan" if d.jenis == "kelurahan" else "Balai Desa"
        add("05", f"Karang Taruna {r.choice(_KARANG_TARUNA)} (contoh)", False, None, d.id,
            f"{kantor} {d.nama}", ketua.nama)
    for nama in _LKS:
        d = r.choice(desas)
        ketua, kh = r.choice(adults[d.id])
        add("04", nama, False, None, d.id, f"{kh.dusun[1]} {d.nama}", ketua.nama)
    d = r.choice(desas)
    tagana, th = r.choice(adults[d.id])
    add("03", tagana.nama, True, tagana.nik, d.id, th.alamat,
        catatan=f"Anggota Tagana Kecamatan {kec.nama} (contoh)")
    ids = w.ids("data_psks", len(rows))
    reg.n_psks = w.tulis("data_psks", (
        "id", "kategori_id", "nama", "perorangan", "nik", "desa_id", "alamat", "kontak", "ketua",
        "status", "catatan", *_STAMP), [(i, *row) for i, row in zip(ids, rows, strict=True)])
    for i, (kode, desa_id, nama) in zip(ids, found, strict=True):
        reg.psks.setdefault((kode, desa_id), []).append(DataPSKS(id=i, nama=nama))
