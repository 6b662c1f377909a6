"""The activity part of ``kecamatan-app demo``: a year of TKSK activities and referrals.

What it adds (deterministic for a seed; dates relative to today, all inside the active TKSK's
term: the last twelve months, or from the TMT when the term began less than a year ago):

* 15-25 activities a month over every function and form of Permensos 28/2018 Pasal 6-8
  (koordinasi with Dinas Sosial, the desa and PSM; fasilitasi: distribution monitoring of PKH
  and BPNT, bimbingan sosial, kemitraan with BAZNAS and LKS; administrasi: pemetaan,
  pencatatan, pelaporan), with participants, partners from the demo PSKS and agency lists,
  beneficiaries from the demo registry, the usual obstacles (transport, weather, time, data
  openness) and their follow-up; a few drafts (plans) in the current month; a handful with
  1-3 clearly fictitious photos ("FOTO CONTOH", some carrying a GPS position that the photo
  service removes); two templates for the recurring ones;
* about 40 referrals in every state, from :mod:`demo_rujukan`.

Everything goes through the services (``kegiatan.create``, ``rujukan.create``,
``rujukan.ubah_status``) as the demo TKSK, inside one transaction.
"""

from __future__ import annotations

import calendar
import datetime as dt
import random
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..models import (
    BentukKegiatan,
    DataPPKS,
    DataPSKS,
    Kategori,
    Keluarga,
    Penugasan,
    ProgramBantuan,
    Warga,
)
from ..models.base import fk
from . import demo_rujukan, kegiatan, kegiatan_templat, referensi
from .context import Actor
from .demo_kegiatan_pola import POLA, Pola
from .desa import DesaInfo, all_desa
from .formatting import bulan_tahun, tanggal
from .kegiatan_periksa import FotoData, KegiatanData, MitraData
from .tx import write

_ROMAWI = ("I", "II", "III", "IV")
_WARNA = ((46, 110, 142), (120, 84, 40), (60, 120, 70), (130, 60, 90), (90, 90, 140))
#: Fictitious addresses for the agencies the demo refers to (the letter's "di ...").
ALAMAT_INSTANSI = {
    "puskesmas": "Jl. Contoh Kesehatan No. 5, Gelumbang",
    "rsud": "Jl. Contoh Sehat No. 1, Muara Enim",
    "bpjs_kes": "Jl. Contoh Jaminan No. 12, Muara Enim",
    "dinsos_kab": "Jl. Contoh Sosial No. 3, Muara Enim",
    "disdik": "Jl. Contoh Pendidikan No. 7, Muara Enim",
    "dukcapil": "Jl. Contoh Kependudukan No. 9, Muara Enim",
    "baznas": "Jl. Contoh Zakat No. 2, Muara Enim",
}


@dataclass
class KegiatanResult:
    kegiatan: int = 0
    draf: int = 0
    foto: int = 0
    templat: int = 0
    dari: dt.date | None = None
    rujukan: demo_rujukan.RujukanResult = field(default_factory=demo_rujukan.RujukanResult)

    def summary(self) -> str:
        if not self.kegiatan and not self.rujukan.jumlah:
            return "Kegiatan contoh: belum ada (masa tugas TKSK contoh belum dimulai)."
        r = self.rujukan
        status = ", ".join(f"{n} {s}" for s, n in r.per_status.items())
        return (f"Kegiatan contoh sejak {tanggal(self.dari)}: {self.kegiatan} kegiatan "
                f"({self.draf} draf, {self.foto} foto), {self.templat} templat; {r.jumlah} "
                f"rujukan ({status}; {r.terlambat} lewat tenggat).")


class Konteks:
    """The demo's registry as the activity generator needs it: desa, PSKS, PPKS owners."""

    def __init__(self, rng: random.Random, today: dt.date) -> None:
        self.rng = rng
        self.today = today
        self.start = today  # the first day of the demo year (set by run)
        self.instansi: dict[str, int] = {}
        self.desa: list[DesaInfo] = all_desa()
        self.bentuk = {b.kode: b for b in BentukKegiatan.select()}
        self.program = {p.kode: p.id for p in ProgramBantuan.select()}
        self.psks: dict[tuple[str, int], list[DataPSKS]] = {}
        for p in DataPSKS.select(DataPSKS, Kategori).join(Kategori).order_by(DataPSKS.id):
            self.psks.setdefault((p.kategori.kode, fk(p, "desa")), []).append(p)
        self.warga: dict[tuple[str, int], list[int]] = {}
        self.keluarga: dict[tuple[str, int], list[int]] = {}
        desa_of: dict[int, int] = {w.id: fk(w, "desa") for w in Warga.select(Warga.id,
                                                                                Warga.desa)}
        kk_desa: dict[int, int] = {h.id: fk(h, "desa") for h in Keluarga.select(Keluarga.id,
                                                                                  Keluarga.desa)}
        q = (DataPPKS.select(DataPPKS, Kategori).join(Kategori)
             .where(DataPPKS.status != "tidak_lagi").order_by(DataPPKS.id))
        for row in q:
            if fk(row, "warga"):
                d = desa_of[fk(row, "warga")]
                self.warga.setdefault((row.kategori.kode, d), []).append(fk(row, "warga"))
            elif fk(row, "keluarga"):
                d = kk_desa[fk(row, "keluarga")]
                self.keluarga.setdefault((row.kategori.kode, d), []).append(fk(row, "keluarga"))

    def nama_desa(self, d: DesaInfo) -> str:
        return f"{'Kelurahan' if d.jenis == 'kelurahan' else 'Desa'} {d.nama}"

    def any_psks(self, kode: str) -> list[DataPSKS]:
        return [p for (k, _d), rows in sorted(self.psks.items()) if k == kode for p in rows]

    def pool(self, spec: str, desa_id: int | None) -> list[int]:
        """``w:08`` persons / ``k:24`` households with that PPKS code (in the desa, if given)."""
        kind, kode = spec.split(":")
        table = self.warga if kind == "w" else self.keluarga
        return [i for (k, d), ids in table.items() if k == kode
                and (desa_id is None or d == desa_id) for i in ids]


def _term_start(kecamatan_id: int) -> dt.date | None:
    t = (Penugasan.select().where((Penugasan.kecamatan == kecamatan_id) & Penugasan.aktif)
         .first())
    return t.mulai if t is not None else None


def _workday(k: Konteks, lo: dt.date, hi: dt.date) -> dt.date:
    """A random date in [lo, hi], avoiding Sundays when possible."""
    span = (hi - lo).days
    day = lo + dt.timedelta(days=k.rng.randint(0, span))
    for _ in range(4):
        if day.weekday() != 6:
            break
        day = lo + dt.timedelta(days=k.rng.randint(0, span))
    return day


def _jam(k: Konteks) -> tuple[dt.time | None, dt.time | None]:
    if k.rng.random() < 0.1:
        return None, None
    mulai = k.rng.choice((8, 8, 9, 9, 10, 13)) * 60 + k.rng.choice((0, 30))
    selesai = min(17 * 60, mulai + k.rng.choice((60, 90, 120, 180, 240)))
    return dt.time(mulai // 60, mulai % 60), dt.time(selesai // 60, selesai % 60)


def _mitra(k: Konteks, p: Pola, d: DesaInfo, teks: dict[str, str]) -> list[MitraData]:
    out: list[MitraData] = []
    for m in p.mitra:
        if m.startswith("i:"):
            out.append(MitraData(instansi_id=k.instansi[m[2:]]))
        elif m.startswith("t:"):
            out.append(MitraData(nama=m[2:].format(**teks)))
        else:
            kode = {"psm": "02", "kt": "05", "lks": "04", "tagana": "03"}[m]
            rows = k.psks.get((kode, d.id)) or k.any_psks(kode)
            if rows:
                chosen = rows[0] if m in ("psm", "kt") else k.rng.choice(rows)
                out.append(MitraData(psks_id=chosen.id))
    return out


def _activity(k: Konteks, p: Pola, day: dt.date, status: str = "final") -> KegiatanData:
    r = k.rng
    candidates = k.desa
    if p.sasaran:
        with_people = [d for d in k.desa if k.pool(p.sasaran, d.id)]
        candidates = with_people or k.desa
    d = r.choice(candidates)
    kts = k.psks.get(("05", d.id)) or k.any_psks("05")
    lkss = k.any_psks("04")
    kt, lks = (kts[0] if kts else None), (r.choice(lkss) if lkss else None)
    tahap = (day.month - 1) // 3
    prev = day.replace(day=1) - dt.timedelta(days=1)
    teks = {
        "desa": k.nama_desa(d), "tahap": f"{_ROMAWI[tahap]} {day.year}",
        "bulan": bulan_tahun(prev.year, prev.month), "n": str(r.randint(3, 12)),
        "k": str(r.randint(1, 4)), "kt": kt.nama if kt else "Karang Taruna",
        "lks": lks.nama if lks else "LKS mitra",
    }
    desa_ids: list[int] = []
    if p.lingkup == "desa":
        desa_ids = [d.id]
    elif p.lingkup == "beberapa":
        desa_ids = [x.id for x in r.sample(k.desa, r.randint(2, 4))]
    warga_ids: list[int] = []
    keluarga_ids: list[int] = []
    if p.sasaran:
        pool = k.pool(p.sasaran, d.id if p.lingkup == "desa" else None)
        picked = r.sample(pool, min(len(pool), r.randint(1, 4)))
        (warga_ids if p.sasaran.startswith("w:") else keluarga_ids).extend(picked)
    lo_l, hi_l, lo_p, hi_p = p.peserta
    mulai, selesai = _jam(k)
    kategori = hambatan = tindak = ""
    if p.hambatan and r.random() < 0.4:
        kategori, hambatan, tindak = r.choice(p.hambatan)
    final = status == "final"
    return KegiatanData(
        tanggal=day, fungsi_id=fk(k.bentuk[p.bentuk], "fungsi"), bentuk_id=k.bentuk[p.bentuk].id,
        judul=p.judul.format(**teks), jam_mulai=mulai, jam_selesai=selesai,
        program_id=k.program.get(p.program) if p.program else None, lingkup=p.lingkup,
        desa_ids=desa_ids, mitra=_mitra(k, p, d, teks), peserta_l=r.randint(lo_l, hi_l),
        peserta_p=r.randint(lo_p, hi_p), warga_ids=warga_ids, keluarga_ids=keluarga_ids,
        uraian=p.uraian.format(**teks), hasil=r.choice(p.hasil).format(**teks) if final else "",
        hambatan_kategori=kategori if final else "", hambatan=hambatan if final else "",
        tindak_lanjut=(tindak or p.tindak).format(**teks) if final else "", status=status)


def _month(k: Konteks, first: dt.date, lo: dt.date, hi: dt.date) -> list[KegiatanData]:
    """The activities of one month, between ``lo`` and ``hi`` (both inside the month)."""
    r = k.rng
    length = calendar.monthrange(first.year, first.month)[1]
    share = ((hi - lo).days + 1) / length
    target = max(1, round(r.randint(15, 25) * share))
    fixed = {p.kode: p for p in POLA if p.kode}
    out: list[KegiatanData] = []
    if lo.day <= 5 and first > k.start:  # the previous month's report
        out.append(_activity(k, fixed["laporan"], _workday(k, lo, min(hi, first.replace(day=5)))))
    if hi.day >= 8:
        out.append(_activity(k, fixed["rapat_dinsos"], _workday(k, max(lo, first.replace(day=8)),
                                                                 hi)))
    for _ in range(round(r.randint(2, 3) * share)):
        out.append(_activity(k, fixed["bpnt"], _workday(k, lo, hi)))
    others = [p for p in POLA if not p.kode]
    weights = [p.bobot for p in others]
    while len(out) < target:
        out.append(_activity(k, r.choices(others, weights)[0], _workday(k, lo, hi)))
    return out


def _drafts(k: Konteks) -> list[KegiatanData]:
    """Plans of the current month, not yet carried out (or not yet written up)."""
    r = k.rng
    last = k.today.replace(day=calendar.monthrange(k.today.year, k.today.month)[1])
    lo = max(k.start, k.today.replace(day=1), k.today - dt.timedelta(days=6))
    # the month's report and Dinas Sosial meeting are already there; plan the other kinds
    planned = [p for p in POLA if p.rencana and p.kode not in ("laporan", "rapat_dinsos")]
    return [_activity(k, r.choice(planned), _workday(k, lo, last), status="draf")
            for _ in range(r.randint(2, 4))]


def photo(path: Path, judul: str, day: dt.date, warna: tuple[int, int, int],
          gps: bool) -> Path:
    """A clearly fictitious JPEG: a coloured picture saying "FOTO CONTOH" and the title; with
    ``gps`` it carries an EXIF block with a (made-up) position, as phone photos do."""
    import textwrap

    from PIL import Image, ImageDraw, ImageFont

    img = Image.new("RGB", (960, 720), warna)
    draw = ImageDraw.Draw(img)
    draw.rectangle((24, 24, 935, 695), outline=(255, 255, 255), width=4)
    big = ImageFont.load_default(size=96)
    small = ImageFont.load_default(size=30)
    draw.text((480, 230), "FOTO CONTOH", fill=(255, 255, 255), font=big, anchor="mm")
    for i, line in enumerate(textwrap.wrap(judul, 48)[:4]):
        draw.text((480, 380 + 40 * i), line, fill=(255, 255, 230), font=small, anchor="mm")
    draw.text((480, 620), f"{day:%d-%m-%Y} - data fiktif untuk demo", fill=(230, 230, 230),
              font=small, anchor="mm")
    exif = Image.Exif()
    exif[0x010F] = "Kamera Contoh"
    if gps:
        exif[0x8825] = {1: "S", 2: (3.0, 15.0, 30.0), 3: "E", 4: (104.0, 26.0, 10.0)}
    img.save(path, "JPEG", quality=80, exif=exif.tobytes())
    return path


def _photos(k: Konteks, items: list[KegiatanData], folder: Path) -> int:
    kinds = {k.bentuk[c].id for c in ("pendampingan", "bimbingan", "kemitraan",
                                      "koordinasi_kesepakatan")}
    final = [a for a in items if a.status == "final" and a.bentuk_id in kinds]
    n = 0
    for i, a in enumerate(k.rng.sample(final, min(len(final), k.rng.randint(6, 9)))):
        for j in range(k.rng.randint(1, 3)):
            path = photo(folder / f"foto-{i}-{j}.jpg", a.judul, a.tanggal or k.today,
                         _WARNA[(i + j) % len(_WARNA)], gps=j == 0)
            a.foto.append(FotoData(path=str(path), keterangan=f"Dokumentasi {a.judul} "
                                                               "(foto contoh)"[:200]))
            n += 1
    return n


def _addresses(admin: Actor) -> None:
    for row in referensi.rows("instansi"):
        alamat = ALAMAT_INSTANSI.get(row.kode)
        if alamat and not row.extra.get("alamat"):
            referensi.save(admin, "instansi", row.id, row.kode, row.nama, row.keterangan,
                           row.aktif, extra={"alamat": alamat}, versi=row.versi)


def _templates(petugas: Actor, k: Konteks) -> int:
    fixed = {p.kode: p for p in POLA if p.kode}
    n = 0
    for kode, nama in (("bpnt", "Monitoring penyaluran BPNT bulanan"),
                       ("laporan", "Laporan bulanan TKSK")):
        data = _activity(k, fixed[kode], k.today, status="draf")
        kegiatan_templat.save(petugas, nama, data)
        n += 1
    return n


def run(admin: Actor, petugas: Actor, seed: int = 1,
        today: dt.date | None = None) -> KegiatanResult:
    """Record the demo year of activities and referrals as ``petugas`` (the demo TKSK);
    ``admin`` gives the demo agencies their (fictitious) addresses."""
    today = today or dt.date.today()
    rng = random.Random(f"kegiatan:{seed}")
    result = KegiatanResult()
    mulai = _term_start(kegiatan.kecamatan_of(petugas))
    if mulai is None or mulai > today:
        return result
    k = Konteks(rng, today)
    k.start = max(mulai, today - dt.timedelta(days=364))
    k.instansi = {i.kode: i.id for i in referensi.rows("instansi")}
    result.dari = k.start
    items: list[KegiatanData] = []
    first = k.start.replace(day=1)
    while first <= today:
        last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
        items += _month(k, first, max(first, k.start), min(last, today))
        first = last + dt.timedelta(days=1)
    items += _drafts(k)
    items.sort(key=lambda a: (a.tanggal or today, a.jam_mulai or dt.time(0)))
    with tempfile.TemporaryDirectory(prefix="demo-foto-") as tmp, write():
        _addresses(admin)
        k.instansi = {i.kode: i.id for i in referensi.rows("instansi")}
        result.foto = _photos(k, items, Path(tmp))
        for a in items:
            kegiatan.create(petugas, a)
        result.kegiatan = len(items)
        result.draf = Counter(a.status for a in items)["draf"]
        result.templat = _templates(petugas, k)
        result.rujukan = demo_rujukan.run(petugas, k, Path(tmp))
    return result
