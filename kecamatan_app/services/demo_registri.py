"""The by-name registry part of ``kecamatan-app demo`` (see :mod:`demo_pemetaan`).

Households and persons with unique fictitious NIK and No. KK, PPKS records by name with their
status history, DTSEN register status, aid with one deliberate duplicate, and poverty
assessments; plus :class:`Gen`, the reproducible generator of names, numbers and dates that the
whole mapping demo draws from. Every function takes the one shared :class:`Gen` so the random
calls happen in the same order for a seed.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..models import ProgramBantuan, Warga
from . import kemiskinan, registri, registri_ppks, rekap, wilayah_kantor
from .context import Actor
from .desa import DesaInfo, all_desa

REGION = "160306"
HOUSEHOLDS = 300
MIN_PERSONS = 1000


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

_DISABILITAS = ("Disabilitas fisik", "Disabilitas netra", "Disabilitas rungu wicara")


@dataclass
class Orang:
    nama: str
    jk: str
    lahir: dt.date
    hubungan: str
    nik: str = ""
    id: int = 0


@dataclass
class Rumah:
    desa: DesaInfo
    dusun: wilayah_kantor.DusunRow
    rt: str
    jenis: str  # "lansia", "janda", "pasangan"
    anggota: list[Orang] = field(default_factory=list)
    id: int = 0

    @property
    def kepala(self) -> Orang:
        return self.anggota[0]

    @property
    def alamat(self) -> str:
        return f"{self.dusun.nama} RT {self.rt}"


class Gen:
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

    def orang(self, jk: str, lo: int, hi: int, hubungan: str) -> Orang:
        o = Orang(self.nama(jk), jk, self.lahir(lo, hi), hubungan)
        o.nik = self.nomor(o.lahir, 40 if jk == "P" else 0)
        return o

    def umur(self, lahir: dt.date) -> int:
        t = self.today
        return t.year - lahir.year - ((t.month, t.day) < (lahir.month, lahir.day))

    def tanggal(self, lo_days: int, hi_days: int) -> dt.date:
        return self.today - dt.timedelta(days=self.rng.randint(lo_days, hi_days))


# -- households and persons ---------------------------------------------------------------------


def _anggota(g: Gen) -> tuple[str, list[Orang]]:
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


def keluarga(actor: Actor, g: Gen, dusun: dict[int, list[wilayah_kantor.DusunRow]]) -> list[Rumah]:
    r = g.rng
    desas = all_desa()
    weights = [2 if d.jenis == "kelurahan" else 1 for d in desas]
    rumah: list[Rumah] = []
    persons = 0
    while len(rumah) < HOUSEHOLDS or persons < MIN_PERSONS:
        if len(rumah) < len(desas) * 8:  # every desa gets households
            d = desas[len(rumah) % len(desas)]
        else:
            d = r.choices(desas, weights)[0]
        jenis, members = _anggota(g)
        rumah.append(Rumah(d, r.choice(dusun[d.id]), f"{r.randint(1, 6):03d}", jenis, members))
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
class Owner:
    warga: Orang | None
    rumah: Rumah
    kode: str  # PPKS code that brought the owner in


def ppks(actor: Actor, g: Gen, rumah: list[Rumah]) -> tuple[int, list[Owner], list[Rumah]]:
    r = g.rng
    kats = {k.kode: k.id for k in rekap.kategori_list("PPKS")}

    def umur(o: Orang) -> int:
        return g.umur(o.lahir)

    people = [(o, h) for h in rumah for o in h.anggota]
    adults = [(o, h) for o, h in people if 20 <= umur(o) < 60]
    kids = [(o, h) for o, h in people if umur(o) < 18]
    poor = [h for h in rumah if h.jenis != "lansia"]
    poor.sort(key=lambda h: (h.jenis != "janda", h.id))  # women-headed first, then by id
    miskin = r.sample(poor[:120], 50)
    flood = {d.id for d in r.sample(all_desa(), 2)}
    picks: list[tuple[str, Sequence[tuple[Orang | None, Rumah]], int, Sequence[str]]] = [
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
    owners: list[Owner] = []
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
            owners.append(Owner(o, h, kode))
            count += 1
    return count, owners, miskin


def _history(actor: Actor, g: Gen, row_id: int, start: dt.date) -> None:
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


def bantuan(actor: Actor, g: Gen, owners: list[Owner], miskin: list[Rumah]) -> tuple[int, int, int]:
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
        o: Orang | None,
        h: Rumah,
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


# -- poverty assessments ------------------------------------------------------------------------


def penilaian(actor: Actor, g: Gen, miskin: list[Rumah]) -> int:
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
