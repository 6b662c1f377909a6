"""The social-mapping part of ``kecamatan-app demo``: clearly fictitious, structurally valid data.

What it adds to the demo office (all deterministic for a seed; dates relative to today):

* 2-4 dusun per desa ("Dusun I" ...; "Lingkungan I" ... in a kelurahan);
* per-desa PPKS and PSKS counts for the previous year and semester 1 of this year: the desa's
  number and the TKSK's, equal in most cells, higher in the TKSK column in about a fifth
  (a desa that under-reports), some cells unknown;
* about 300 households and 1,000 persons with unique NIK and No. KK of region 160306 (women: day
  of birth + 40), every name ending in "(contoh)";
* about 150 PPKS records by name with a dated status history, DTSEN register status for about
  60 % of them, aid (PKH, BPNT, PBI-JK, ...) with one deliberate duplicate that the aid warning
  catches;
* a PSM person and a Karang Taruna per desa, three LKS and a Tagana member;
* ten poverty assessments with the built-in instrument.

Everything goes through the services (persons and counts through their bulk paths) inside one
transaction, so the audit trail stays one unbroken chain.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..models import ProgramBantuan, Warga
from . import audit, kemiskinan, psks, registri, registri_ppks, rekap, wilayah_kantor
from .context import Actor
from .desa import DesaInfo, all_desa
from .formatting import angka
from .tx import write

REGION = "160306"
SUMBER = "Data contoh"
HOUSEHOLDS = 300
MIN_PERSONS = 1000
_ROMAWI = ("I", "II", "III", "IV")


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


_L = _words(
    "Ahmad Agus Arif Bayu Budi Darmawan Dedi Dimas Edi Fajar Hasan Hendra Herman Irfan Iwan "
    "Joko Jumadi Lukman Nopri Rudi Rusdi Rizky Sahrul Syamsul Taufik Usman Wahyu Yusuf "
    "Zainal"
)
_P = _words(
    "Aminah Anisa Asmah Ayu Dewi Eka Fitri Halimah Hartini Indah Juliana Kartini Mardiana "
    "Maryam Nabila Nuraini Nurhayati Putri Rina Rohani Rosmala Siti Sri Sumarni Tuti Yanti "
    "Zubaidah"
)
_L_BELAKANG = _words(
    "Anwar Effendi Firdaus Hakim Hidayat Ismail Kusuma Pratama Rahman Ramadhan Santoso "
    "Saputra Setiawan Susanto Syahputra Wijaya Yunus"
)
_P_BELAKANG = _words(
    "Anggraini Handayani Lestari Maharani Ningsih Oktaviani Permata Puspita Rahayu Rahmawati "
    "Safitri Sari Susanti Wati"
)
_TEMPAT = ("Muara Enim", "Palembang", "Prabumulih", "Lahat", "Baturaja")


def _table(text: str) -> dict[str, tuple[float, int, int]]:
    """``"01 .3 1 3, ..."`` -> code: (chance the desa has any, lowest, highest count)."""
    out: dict[str, tuple[float, int, int]] = {}
    for item in text.split(","):
        kode, p, lo, hi = item.split()
        out[kode] = (float(p), int(lo), int(hi))
    return out


_PPKS = _table(
    "01 .3 1 3, 02 .6 1 8, 03 .15 1 2, 04 .05 1 2, 05 .7 1 5, 06 .15 1 2, 07 .1 1 2, "
    "08 1 4 30, 09 1 3 18, 10 .02 1 1, 11 .05 1 2, 12 .08 1 3, 13 .3 1 6, 14 0 0 0, "
    "15 .35 1 4, 16 .05 1 1, 17 .3 1 5, 18 .03 1 1, 19 .25 1 3, 20 .15 1 3, 21 .35 5 60, "
    "22 .02 1 5, 23 1 3 25, 24 1 25 180, 25 .4 1 5, 26 0 0 0"
)
_PSKS = _table(
    "01 .1 1 1, 02 1 1 5, 03 .4 1 4, 04 .25 1 2, 05 1 1 1, 06 0 0 0, 07 .3 1 3, 08 .2 1 1, "
    "09 .4 1 3, 10 .05 1 1, 11 0 0 0, 12 .3 1 4"
)
_KARANG_TARUNA = ("Tunas Harapan", "Bina Remaja", "Mekar Sari", "Putra Bangsa", "Sinar Muda")
_LKS = (
    "LKS Lanjut Usia Budi Luhur (contoh)",
    "LKSA Panti Asuhan Nurul Iman (contoh)",
    "LKS Disabilitas Harapan Kita (contoh)",
)
_DISABILITAS = ("Disabilitas fisik", "Disabilitas netra", "Disabilitas rungu wicara")


@dataclass(frozen=True)
class PemetaanResult:
    dusun: int
    rekap_sel: int
    periode: tuple[str, ...]
    keluarga: int
    warga: int
    ppks: int
    register: int
    bantuan: int
    bantuan_ganda: int  # aid saved with the duplicate warning (one, on purpose)
    psks: int
    penilaian: int

    def summary(self) -> str:
        return (
            f"Pemetaan contoh: {self.dusun} dusun, {angka(self.rekap_sel)} sel rekap PPKS/PSKS "
            f"({' dan '.join(self.periode)}), {angka(self.keluarga)} keluarga dan "
            f"{angka(self.warga)} warga ber-NIK fiktif {REGION}..., {self.ppks} data PPKS "
            f"({self.register} status DTSEN, {self.bantuan} bantuan, {self.bantuan_ganda} "
            f"sengaja ganda), {self.psks} PSKS, {self.penilaian} penilaian kemiskinan."
        )


@dataclass
class _Orang:
    nama: str
    jk: str
    lahir: dt.date
    hubungan: str
    nik: str = ""
    id: int = 0


@dataclass
class _Rumah:
    desa: DesaInfo
    dusun: wilayah_kantor.DusunRow
    rt: str
    jenis: str  # "lansia", "janda", "pasangan"
    anggota: list[_Orang] = field(default_factory=list)
    id: int = 0

    @property
    def kepala(self) -> _Orang:
        return self.anggota[0]

    @property
    def alamat(self) -> str:
        return f"{self.dusun.nama} RT {self.rt}"


class _Gen:
    """Random but reproducible people, numbers and dates."""

    def __init__(self, seed: int, today: dt.date) -> None:
        self.rng = random.Random(f"pemetaan:{seed}")
        self.today = today
        self.used: set[str] = set()

    def nama(self, jk: str) -> str:
        r = self.rng
        if jk == "L":
            return f"{r.choice(_L)} {r.choice(_L_BELAKANG)} (contoh)"
        return f"{r.choice(_P)} {r.choice(_P_BELAKANG)} (contoh)"

    def lahir(self, lo: int, hi: int) -> dt.date:
        """A birth date of someone aged ``lo`` to ``hi`` today (a baby is at least 30 days)."""
        end = self.today - dt.timedelta(days=max(30, int(lo * 365.25)))
        start = self.today - dt.timedelta(days=int((hi + 1) * 365.25) - 1)
        return start + dt.timedelta(days=self.rng.randint(0, (end - start).days))

    def nomor(self, tanggal: dt.date, tambah: int = 0) -> str:
        """16 digits: region, DDMMYY (day + ``tambah``), the first free serial from a low one."""
        head = f"{REGION}{tanggal.day + tambah:02d}{tanggal.month:02d}{tanggal.year % 100:02d}"
        serial = self.rng.randint(1, 15)
        while f"{head}{serial:04d}" in self.used:
            serial += 1
        number = f"{head}{serial:04d}"
        self.used.add(number)
        return number

    def orang(self, jk: str, lo: int, hi: int, hubungan: str) -> _Orang:
        o = _Orang(self.nama(jk), jk, self.lahir(lo, hi), hubungan)
        o.nik = self.nomor(o.lahir, 40 if jk == "P" else 0)
        return o

    def umur(self, lahir: dt.date) -> int:
        t = self.today
        return t.year - lahir.year - ((t.month, t.day) < (lahir.month, lahir.day))

    def tanggal(self, lo_days: int, hi_days: int) -> dt.date:
        return self.today - dt.timedelta(days=self.rng.randint(lo_days, hi_days))


def run(
    admin: Actor, operator: Actor, petugas: Actor, seed: int = 1, today: dt.date | None = None
) -> PemetaanResult:
    """Fill the mapping modules; ``petugas`` (the TKSK) records PPKS and assessments,
    ``operator`` the counts, register status and aid."""
    g = _Gen(seed, today or dt.date.today())
    with write():
        dusun = _dusun(admin, g)
        periode, sel = _rekap(operator, g)
        rumah = _registri(operator, g, dusun)
        ppks, owners, miskin = _ppks(petugas, g, rumah)
        register, bantuan, ganda = _bantuan(operator, g, owners, miskin)
        n_psks = _psks(operator, g, rumah)
        penilaian = _penilaian(petugas, g, miskin)
    return PemetaanResult(
        sum(len(v) for v in dusun.values()),
        sel,
        periode,
        len(rumah),
        sum(len(r.anggota) for r in rumah),
        ppks,
        register,
        bantuan,
        ganda,
        n_psks,
        penilaian,
    )


def _dusun(actor: Actor, g: _Gen) -> dict[int, list[wilayah_kantor.DusunRow]]:
    out: dict[int, list[wilayah_kantor.DusunRow]] = {}
    for d in all_desa():
        kata = "Lingkungan" if d.jenis == "kelurahan" else "Dusun"
        out[d.id] = [
            wilayah_kantor.create_dusun(actor, d.id, f"{kata} {_ROMAWI[i]}")
            for i in range(g.rng.randint(2, 4))
        ]
    return out


# -- per-desa counts ----------------------------------------------------------------------------


def _rekap(actor: Actor, g: _Gen) -> tuple[tuple[str, ...], int]:
    r = g.rng
    lalu, kini = rekap.Periode(g.today.year - 1), rekap.Periode(g.today.year, semester=1)
    desas = rekap.desa_list()
    kelurahan = {d.id for d in all_desa() if d.jenis == "kelurahan"}
    telat = r.choice(desas).id  # one desa has not reported this semester yet
    values: list[rekap.Nilai] = []
    for jenis, table in (("PPKS", _PPKS), ("PSKS", _PSKS)):
        kats = rekap.kategori_list(jenis)
        tksk_desa = r.choice(desas).id
        for d in desas:
            besar = 1.5 if d.id in kelurahan else 1.0
            for k in kats:
                p, lo, hi = table.get(k.kode, (0.2, 1, 3))
                base = round(r.randint(lo, hi) * besar) if r.random() < p else 0
                if jenis == "PSKS" and k.kode == "11":
                    base = int(d.id == tksk_desa)
                for periode in (lalu, kini):
                    if periode == kini and base > 3:  # a half-year later: a little drift
                        base = max(0, base + r.randint(-base // 5, base // 5))
                    jd: int | None = base
                    jt: int | None = base
                    if r.random() < 0.2 and (base > 0 or p >= 0.3):
                        jt = base + max(1, round(base * r.uniform(0.1, 0.4)))
                    if r.random() < 0.04 or (periode == kini and d.id == telat):
                        jd = None
                    if r.random() < 0.06:
                        jt = None
                    lebih = jd is not None and jt is not None and jt > jd
                    note = "Temuan TKSK lebih banyak (contoh)" if lebih else ""
                    values.append(rekap.Nilai(periode, d.id, k.id, jd, jt, k.satuan, SUMBER, note))
    rekap.write_values(values)
    for periode in (lalu, kini):
        n = sum(1 for v in values if v.periode == periode)
        audit.record(
            actor,
            "buat",
            "rekap_pemetaan",
            "",
            f"Data contoh rekap pemetaan {periode.label}: {n} sel",
        )
    return (f"tahun {lalu.label}", kini.label), len(values)


# -- households and persons ---------------------------------------------------------------------


def _anggota(g: _Gen) -> tuple[str, list[_Orang]]:
    r = g.rng
    x = r.random()
    if x < 0.10:  # an old person alone, sometimes with a grandchild
        jk = "P" if r.random() < 0.6 else "L"
        members = [g.orang(jk, 63, 88, "Kepala Keluarga")]
        if r.random() < 0.3:
            members.append(g.orang(r.choice("LP"), 6, 17, "Cucu"))
        return "lansia", members
    if x < 0.22:  # a woman heading the household
        head = g.orang("P", 28, 60, "Kepala Keluarga")
        umur = g.umur(head.lahir)
        kids = [
            g.orang(r.choice("LP"), 0, min(umur - 19, 25), "Anak") for _ in range(r.randint(1, 3))
        ]
        return "janda", [head, *sorted(kids, key=lambda o: o.lahir)]
    head = g.orang("L", 22, 68, "Kepala Keluarga")
    umur = g.umur(head.lahir)
    istri_umur = max(19, umur - r.randint(0, 8))
    istri = g.orang("P", istri_umur, istri_umur, "Istri")
    n = r.choice((0, 1, 1, 2, 2, 2, 3, 3, 4)) if istri_umur >= 22 else r.choice((0, 1))
    kids = [g.orang(r.choice("LP"), 0, min(istri_umur - 19, 24), "Anak") for _ in range(n)]
    members = [head, istri, *sorted(kids, key=lambda o: o.lahir)]
    if r.random() < 0.1 and umur <= 60:
        tua = min(90, umur + r.randint(22, 30))
        members.append(g.orang(r.choice("LP"), tua, tua, r.choice(("Orang Tua", "Mertua"))))
    return "pasangan", members


def _registri(
    actor: Actor, g: _Gen, dusun: dict[int, list[wilayah_kantor.DusunRow]]
) -> list[_Rumah]:
    r = g.rng
    desas = all_desa()
    weights = [2 if d.jenis == "kelurahan" else 1 for d in desas]
    rumah: list[_Rumah] = []
    persons = 0
    while len(rumah) < HOUSEHOLDS or persons < MIN_PERSONS:
        if len(rumah) < len(desas) * 8:  # every desa gets households
            d = desas[len(rumah) % len(desas)]
        else:
            d = r.choices(desas, weights)[0]
        jenis, members = _anggota(g)
        rumah.append(_Rumah(d, r.choice(dusun[d.id]), f"{r.randint(1, 6):03d}", jenis, members))
        persons += len(members)
    rows: list[registri.WargaData] = []
    for h in rumah:
        kk = g.nomor(g.lahir(1, 17))  # issued 1-17 years ago
        h.id = registri.create_keluarga(
            actor,
            registri.KeluargaData(kk, h.kepala.nama, h.alamat, h.desa.id, h.dusun.id, h.rt, ""),
        ).id
        for o in h.anggota:
            tempat = h.desa.nama if r.random() < 0.75 else r.choice(_TEMPAT)
            rows.append(
                registri.WargaData(
                    o.nik,
                    o.nama,
                    o.jk,
                    tempat,
                    o.lahir,
                    h.id,
                    o.hubungan,
                    h.alamat,
                    h.desa.id,
                    h.dusun.id,
                    h.rt,
                    "",
                )
            )
    registri.bulk_insert_persons(rows, actor)
    ids: dict[str, int] = dict(Warga.select(Warga.nik, Warga.id).tuples())  # type: ignore[arg-type]
    for h in rumah:
        for o in h.anggota:
            o.id = ids[o.nik]
    return rumah


# -- PPKS by name, register status and aid ------------------------------------------------------


@dataclass
class _Owner:
    warga: _Orang | None
    rumah: _Rumah
    kode: str  # PPKS code that brought the owner in


def _ppks(actor: Actor, g: _Gen, rumah: list[_Rumah]) -> tuple[int, list[_Owner], list[_Rumah]]:
    r = g.rng
    kats = {k.kode: k.id for k in rekap.kategori_list("PPKS")}

    def umur(o: _Orang) -> int:
        return g.umur(o.lahir)

    people = [(o, h) for h in rumah for o in h.anggota]
    adults = [(o, h) for o, h in people if 20 <= umur(o) < 60]
    kids = [(o, h) for o, h in people if umur(o) < 18]
    poor = [h for h in rumah if h.jenis != "lansia"]
    poor.sort(key=lambda h: (h.jenis != "janda", h.id))  # women-headed first, then by id
    miskin = r.sample(poor[:120], 50)
    flood = {d.id for d in r.sample(all_desa(), 2)}
    picks: list[tuple[str, Sequence[tuple[_Orang | None, _Rumah]], int, Sequence[str]]] = [
        ("24", [(None, h) for h in miskin], 50, ()),
        ("08", [(o, h) for o, h in people if umur(o) >= 60], 42, ()),
        ("09", adults, 10, _DISABILITAS),
        ("05", kids, 3, _DISABILITAS),
        ("23", [(h.kepala, h) for h in rumah if h.jenis == "janda"], 15, ()),
        ("02", [(o, h) for o, h in kids if umur(o) >= 6], 5, ()),
        ("21", [(h.kepala, h) for h in rumah if h.desa.id in flood], 12, ("Banjir",)),
        ("13", adults, 3, ()),
        ("20", adults, 2, ()),
        ("25", [(None, h) for h in rumah if h.jenis == "pasangan"], 3, ()),
        ("15", [(o, h) for o, h in adults if o.jk == "L"], 1, ()),
        ("17", [(o, h) for o, h in adults if o.jk == "L" and umur(o) < 35], 1, ()),
        ("16", adults, 1, ()),
    ]
    owners: list[_Owner] = []
    count = 0
    for kode, pool, n, rincian in picks:
        if kode not in kats:
            continue
        for o, h in r.sample(list(pool), min(n, len(pool))):
            start = g.tanggal(30, 420)
            if o is not None:  # not before the person was born
                start = max(start, o.lahir + dt.timedelta(days=30))
            data = registri_ppks.PPKSData(
                kats[kode],
                o.id if o else None,
                None if o else h.id,
                rincian=r.choice(rincian) if rincian else "",
            )
            row_id = registri_ppks.add_ppks(actor, data, start).id
            _history(actor, g, row_id, start)
            owners.append(_Owner(o, h, kode))
            count += 1
    return count, owners, miskin


def _history(actor: Actor, g: _Gen, row_id: int, start: dt.date) -> None:
    x = g.rng.random()
    steps: list[tuple[str, str]] = []
    if x >= 0.33:
        steps.append(("terverifikasi", "Diverifikasi lewat kunjungan rumah"))
    if 0.68 <= x < 0.95:
        steps.append(("ditangani", "Diusulkan dan menerima bantuan"))
    elif x >= 0.95:
        steps.append(("tidak_lagi", "Sudah mampu / pindah domisili"))
    when = start
    for versi, (status, catatan) in enumerate(steps, start=1):
        when = min(g.today, when + dt.timedelta(days=g.rng.randint(7, 90)))
        registri_ppks.change_status(actor, row_id, status, versi, when, catatan)


def _bantuan(
    actor: Actor, g: _Gen, owners: list[_Owner], miskin: list[_Rumah]
) -> tuple[int, int, int]:
    r = g.rng
    prog = {str(p.kode): int(p.id) for p in ProgramBantuan.select() if p.aktif}
    tahun = g.today.year
    tahap = f"{tahun} Tahap {(g.today.month - 1) // 3 + 1}"
    registered: set[tuple[str, int]] = set()
    seen: set[tuple[str, str, int]] = set()  # program, period, household already recorded
    n_reg = n_aid = ganda = 0

    def aid(
        kode: str,
        periode: str,
        o: _Orang | None,
        h: _Rumah,
        status: str = "diterima",
        sumber: str = "Data contoh (SIKS-NG)",
        again: bool = False,
    ) -> None:
        # The aid warning looks at the whole household: record a program and period once per
        # household unless ``again`` asks for the overlap on purpose.
        nonlocal n_aid, ganda
        if kode not in prog or ((kode, periode, h.id) in seen and not again):
            return
        seen.add((kode, periode, h.id))
        data = registri_ppks.BantuanData(
            prog[kode], periode, o.id if o else None, None if o else h.id, status, sumber
        )
        n_aid += 1
        ganda += bool(registri_ppks.add_bantuan(actor, data).warnings)

    for ow in owners:
        key = ("w", ow.warga.id) if ow.warga else ("k", ow.rumah.id)
        if key in registered:
            continue
        registered.add(key)
        x = r.random()
        if x < 0.65:
            desil = r.choices((1, 2, 3, 4), (35, 30, 20, 15))[0] if x < 0.6 else None
            registri_ppks.save_register(
                actor,
                registri_ppks.RegisterData(
                    ow.warga.id if ow.warga else None,
                    None if ow.warga else ow.rumah.id,
                    "DTSEN",
                    f"CONTOH-{r.randint(10**9, 10**10 - 1)}",
                    desil,
                    x < 0.6,
                    g.tanggal(3, 120),
                ),
            )
            n_reg += 1
        terdaftar = x < 0.6
        if ow.kode == "24":
            if terdaftar and r.random() < 0.5:
                aid("pkh", tahap, None, ow.rumah)
            if terdaftar and r.random() < 0.8:
                aid("bpnt", tahap, None, ow.rumah)
            elif r.random() < 0.3:
                aid("bpnt", tahap, None, ow.rumah, "diusulkan")
            if terdaftar and r.random() < 0.9:
                aid("pbi_jk", str(tahun), ow.rumah.kepala, ow.rumah)
        elif ow.warga is not None and terdaftar:
            if ow.kode == "08" and r.random() < 0.3:
                aid("aslut", str(tahun), ow.warga, ow.rumah)
            if ow.kode in ("05", "09") and r.random() < 0.3:
                aid("atensi", str(tahun), ow.warga, ow.rumah)
            if r.random() < 0.6:
                aid("pbi_jk", str(tahun), ow.warga, ow.rumah)
        if ow.kode == "21" and ow.warga is not None and r.random() < 0.8:
            aid("bencana", f"{tahun}-{max(1, g.today.month - 1):02d}", ow.warga, ow.rumah)
    # The deliberate overlap: BPNT of this period again, this time on the head of a household
    # that already receives it; the aid check warns and the demo keeps it for the screens.
    h = miskin[0]
    aid("bpnt", tahap, None, h)
    aid("bpnt", tahap, h.kepala, h, sumber="Data contoh (sengaja ganda)", again=True)
    return n_reg, n_aid, ganda


# -- PSKS and poverty assessments ---------------------------------------------------------------


def _psks(actor: Actor, g: _Gen, rumah: list[_Rumah]) -> int:
    r = g.rng
    kats = {k.kode: k.id for k in psks.kategori_choices()}
    adults: dict[int, list[tuple[_Orang, _Rumah]]] = {}
    for h in rumah:
        for o in h.anggota:
            if 20 <= g.umur(o.lahir) <= 55:
                adults.setdefault(h.desa.id, []).append((o, h))
    n = 0

    def add(kode: str, data: psks.PsksData) -> None:
        nonlocal n
        if kode in kats:
            data.kategori_id = kats[kode]
            psks.create(actor, data)
            n += 1

    desas = [d for d in all_desa() if adults.get(d.id)]
    for d in desas:
        (psm, ph), (ketua, _) = r.sample(adults[d.id], 2)
        add("02", psks.PsksData(nama=psm.nama, nik=psm.nik, desa_id=d.id, alamat=ph.alamat))
        kantor = "Kantor Kelurahan" if d.jenis == "kelurahan" else "Balai Desa"
        add(
            "05",
            psks.PsksData(
                nama=f"Karang Taruna {r.choice(_KARANG_TARUNA)} (contoh)",
                perorangan=False,
                desa_id=d.id,
                alamat=f"{kantor} {d.nama}",
                ketua=ketua.nama,
            ),
        )
    for nama in _LKS:
        d = r.choice(desas)
        ketua, _ = r.choice(adults[d.id])
        add(
            "04",
            psks.PsksData(
                nama=nama,
                perorangan=False,
                desa_id=d.id,
                ketua=ketua.nama,
                alamat=f"{r.choice(_dusun_names(rumah, d.id))} {d.nama}",
            ),
        )
    d = r.choice(desas)
    tagana, th = r.choice(adults[d.id])
    add(
        "03",
        psks.PsksData(
            nama=tagana.nama,
            nik=tagana.nik,
            desa_id=d.id,
            alamat=th.alamat,
            catatan="Anggota Tagana kecamatan (contoh)",
        ),
    )
    return n


def _dusun_names(rumah: list[_Rumah], desa_id: int) -> list[str]:
    return sorted({h.dusun.nama for h in rumah if h.desa.id == desa_id})


def _penilaian(actor: Actor, g: _Gen, miskin: list[_Rumah]) -> int:
    r = g.rng
    found = kemiskinan.instruments(actor)
    if not found:
        return 0
    info = kemiskinan.get(actor, found[0][0])
    n = 0
    for i, h in enumerate(miskin[:10]):
        weights = (10, 25, 40, 25) if i % 5 == 4 else (45, 30, 18, 7)  # a few near-poor
        jawaban: dict[int, int] = {}
        for ind in info.indikator:
            opsi = sorted(ind.opsi, key=lambda o: o.skor)
            jawaban[ind.id] = r.choices(opsi, weights[: len(opsi)])[0].id
        kemiskinan.assess(
            actor, info.id, h.id, g.tanggal(1, 90), jawaban, "Penilaian contoh oleh TKSK"
        )
        n += 1
    return n
