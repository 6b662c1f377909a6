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
transaction, so the audit trail stays one unbroken chain. This module holds the entry point and
the wilayah, rekap and PSKS parts; the by-name registry (households, persons, PPKS records,
register status, aid, poverty assessments) and the shared generator are in :mod:`demo_registri`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from . import audit, demo_registri, psks, rekap, wilayah_kantor
from .context import Actor
from .demo_registri import REGION, Gen, Orang, Rumah
from .desa import all_desa
from .formatting import angka
from .tx import write

SUMBER = "Data contoh"
_ROMAWI = ("I", "II", "III", "IV")


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


def run(
    admin: Actor, operator: Actor, petugas: Actor, seed: int = 1, today: dt.date | None = None
) -> PemetaanResult:
    """Fill the mapping modules; ``petugas`` (the TKSK) records PPKS and assessments,
    ``operator`` the counts, register status and aid."""
    g = Gen(seed, today or dt.date.today())
    with write():
        dusun = _dusun(admin, g)
        periode, sel = _rekap(operator, g)
        rumah = demo_registri.keluarga(operator, g, dusun)
        ppks, owners, miskin = demo_registri.ppks(petugas, g, rumah)
        register, bantuan, ganda = demo_registri.bantuan(operator, g, owners, miskin)
        n_psks = _psks(operator, g, rumah)
        penilaian = demo_registri.penilaian(petugas, g, miskin)
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


def _dusun(actor: Actor, g: Gen) -> dict[int, list[wilayah_kantor.DusunRow]]:
    out: dict[int, list[wilayah_kantor.DusunRow]] = {}
    for d in all_desa():
        kata = "Lingkungan" if d.jenis == "kelurahan" else "Dusun"
        out[d.id] = [
            wilayah_kantor.create_dusun(actor, d.id, f"{kata} {_ROMAWI[i]}")
            for i in range(g.rng.randint(2, 4))
        ]
    return out


# -- per-desa counts ----------------------------------------------------------------------------


def _rekap(actor: Actor, g: Gen) -> tuple[tuple[str, ...], int]:
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


# -- PSKS ---------------------------------------------------------------------------------------


def _psks(actor: Actor, g: Gen, rumah: list[Rumah]) -> int:
    r = g.rng
    kats = {k.kode: k.id for k in psks.kategori_choices()}
    adults: dict[int, list[tuple[Orang, Rumah]]] = {}
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


def _dusun_names(rumah: list[Rumah], desa_id: int) -> list[str]:
    return sorted({h.dusun.nama for h in rumah if h.desa.id == desa_id})
