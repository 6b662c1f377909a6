"""``kecamatan-app demo --size kabupaten``: a Dinas Sosial database of Muara Enim (16.03) filled
with clearly fictitious data at the scale of a kabupaten.

On an empty database: the Dinas database (:func:`dinas.setup_dinas`) with all 22 kecamatan and
their 256 desa/kelurahan of the bundled Kemendagri list (the issue's "about 400 desa" is more
than the official list holds for Muara Enim), an administrator and a Dinas Sosial user for the
whole kabupaten, the per-desa PPKS/PSKS counts of every desa; then per kecamatan, in one write
transaction each: an operator, a camat (official and account) and an active TKSK (candidate,
selection, SK, account), the registry (:mod:`demo_kabupaten_warga`: 200,000 persons in all,
NIK of the kecamatan's own code), a year of activities (60,000 in all,
:mod:`demo_kabupaten_kegiatan`) with referrals in every state and a few photos, and monthly
reports in every state (:mod:`demo_kabupaten_laporan`). Every name ends in "(contoh)".

Bulk rows go through the raw cursor (:mod:`demo_kabupaten_tulis`); accounts, referrals, photo
activities and report approvals go through their services. ``orang``/``kegiatan`` scale it
down for the tests.
"""

from __future__ import annotations

import datetime as dt
import random
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..models import (
    BentukKegiatan,
    Desa,
    Kategori,
    Kecamatan,
    KeputusanSeleksi,
    Pejabat,
    Pendaftar,
    Penugasan,
    ProgramBantuan,
    database,
)
from ..models.base import now
from . import audit, demo_kegiatan, demo_pemetaan, dinas, referensi, users
from .context import Actor
from .demo import DemoAccount, _nip, _password
from .demo_kabupaten_kegiatan import (
    Konteks,
    bentuk_map,
    dengan_foto,
    pilih_foto,
    rencana,
    rujukan_tahun,
)
from .demo_kabupaten_kegiatan import tulis as tulis_kegiatan
from .demo_kabupaten_laporan import hitung, rajin, setujui
from .demo_kabupaten_laporan import rencana as rencana_laporan
from .demo_kabupaten_laporan import tulis as tulis_laporan
from .demo_kabupaten_tulis import Penulis
from .demo_kabupaten_warga import Kec
from .demo_kabupaten_warga import run as tulis_registri
from .demo_registri import Gen
from .desa import DesaInfo
from .errors import Conflict, ValidationError
from .formatting import angka
from .kantor import AdminData, is_set_up
from .tx import is_postgres, write

KABUPATEN = "16.03"
ORANG = 200_000
KEGIATAN = 60_000
#: Reports approved (each with its rendered, archived PDF, 0.5-1.5 s) in a kecamatan whose
#: camat is not among the diligent ones (``demo_kabupaten_laporan.rajin``).
ARSIP_BIASA = 2
#: Activities recorded with photos through the service, and reply letters filed as evidence.
FOTO_KECAMATAN = (0, 4, 9)

Progress = Callable[[str], None]


@dataclass
class HasilKecamatan:
    kode: str
    nama: str
    desa: int
    warga: int
    keluarga: int
    ppks: int
    kegiatan: int
    foto: int
    rujukan: Counter[str]
    laporan: Counter[str]
    detik: float


@dataclass
class HasilKabupaten:
    kabupaten: str
    desa: int
    rekap_sel: int
    accounts: list[DemoAccount] = field(default_factory=list)
    kecamatan: list[HasilKecamatan] = field(default_factory=list)
    detik: float = 0.0

    def total(self, name: str) -> int:
        return sum(getattr(k, name) for k in self.kecamatan)


def _split(total: int, weights: list[int]) -> list[int]:
    """``total`` in whole parts proportional to ``weights`` (the parts add up exactly)."""
    parts = [total * w // sum(weights) for w in weights]
    for i in range(total - sum(parts)):
        parts[i % len(parts)] += 1
    return parts


def _slug(nama: str) -> str:
    return "".join(c for c in nama.lower() if c.isalnum())


@dataclass
class _Pemeran:
    operator: Actor
    tksk: Actor
    camat: Actor
    penugasan_id: int
    mulai: dt.date


def _account(admin: Actor, rng: random.Random, accounts: list[DemoAccount], username: str,
             nama: str, peran: str, kecamatan_id: int | None) -> Actor:
    pw = _password(rng)
    info = users.create_user(admin, username, nama, peran, pw, pw, kecamatan_id=kecamatan_id)
    accounts.append(DemoAccount(username, nama, peran, pw))
    return Actor(info.id, info.nama_pengguna, nama, peran, kecamatan_id)


def _cast(admin: Actor, kec: Kec, g: Gen, rng: random.Random, accounts: list[DemoAccount]
          ) -> _Pemeran:
    """The kecamatan's operator, camat and active TKSK, each with an account."""
    slug = _slug(kec.nama)
    operator = _account(admin, rng, accounts, f"operator.{slug}", g.nama(rng.choice("LP")),
                        "operator", kec.id)
    camat_nama = f"Drs. {g.nama('L')}"
    p = Pejabat.create(kecamatan=kec.id, jabatan="camat", nama=camat_nama,
                       nip=_nip(rng, True), pangkat="Pembina (IV/a)", aktif=True,
                       mulai=g.today - dt.timedelta(days=rng.randint(400, 1200)))
    audit.record_create(admin, p, f"Camat {camat_nama}")
    camat = _account(admin, rng, accounts, f"camat.{slug}", camat_nama, "camat", kec.id)
    # registered about 15 months ago, appointed 75 days later, as in the kecamatan demo
    daftar = (g.today - dt.timedelta(days=455)).replace(day=15)
    orang = g.orang(rng.choice("LP"), 24, 34, "")
    d = rng.choice(kec.desa)
    calon = Pendaftar.create(
        kecamatan=kec.id, nik=kec.region + orang.nik[6:], nama=orang.nama,
        jenis_kelamin=orang.jk, tempat_lahir=d.nama, tanggal_lahir=orang.lahir,
        kewarganegaraan="WNI", alamat=f"Dusun {rng.randint(1, 4)}",
        rt=f"{rng.randint(1, 9):03d}", rw="001", desa_domisili=d.id,
        kecamatan_ktp_kode=kec.kode, kecamatan_ktp_nama=kec.nama, pendidikan="SMA",
        status_kepegawaian="Bukan ASN/TNI/Polri/Legislatif", pilar_sosial="Karang Taruna",
        dapat_komputer=True, surat_sehat="Ada", skck="Ada", tanggal_daftar=daftar,
        periode_rekrutmen=str(daftar.year), telepon=f"0812{rng.randint(10**7, 10**8 - 1)}")
    audit.record_create(admin, calon, f"Pendaftar TKSK {calon.nama}")
    for keputusan, hari in (("diusulkan", 30), ("ditetapkan", 60)):
        row = KeputusanSeleksi.create(pendaftar=calon.id, keputusan=keputusan,
                                      tanggal=daftar + dt.timedelta(days=hari),
                                      dicatat_oleh=admin.user_id)
        audit.record_create(admin, row, f"Keputusan seleksi {calon.nama}: {keputusan}")
    mulai = daftar + dt.timedelta(days=75)
    t = Penugasan.create(
        pendaftar=calon.id, kecamatan=kec.id, aktif=True, mulai=mulai, sk_tanggal=mulai,
        sk_nomor=f"460/{rng.randint(100, 999)}/SK/Dinsos/{mulai.year} (contoh)",
        sk_penerbit="Kepala Dinas Sosial Kabupaten Muara Enim",
        selesai=dt.date(mulai.year + 3, mulai.month, 1) - dt.timedelta(days=1))
    audit.record_create(admin, t, f"Pengangkatan TKSK {calon.nama} (SK {t.sk_nomor})")
    tksk = _account(admin, rng, accounts, f"tksk.{slug}", calon.nama, "tksk", kec.id)
    return _Pemeran(operator, tksk, camat, t.id, mulai)


def _kecamatan_list() -> list[Kec]:
    desa: dict[int, list[DesaInfo]] = {}
    for d in Desa.select().where(Desa.aktif).order_by(Desa.urutan, Desa.kode):
        desa.setdefault(d.__data__["kecamatan"], []).append(DesaInfo(d.id, d.kode, d.nama,
                                                                       d.jenis))
    return [Kec(k.id, k.kode, k.nama, desa.get(k.id, []))
            for k in Kecamatan.select().order_by(Kecamatan.kode)]


def _refuse_non_empty() -> None:
    if is_set_up() or Kecamatan.select().exists():
        raise Conflict(
            "Basis data ini sudah berisi data. Demo hanya untuk basis data kosong: jalankan "
            "dengan --db berkas-baru.sqlite3 (atau URL basis data PostgreSQL yang baru dibuat).")


def run(seed: int = 1, orang: int = ORANG, kegiatan: int = KEGIATAN, arsip: int | None = None,
        progress: Progress | None = None, today: dt.date | None = None) -> HasilKabupaten:
    """Fill an empty database with the kabupaten demo; ``progress`` gets a line per step.
    ``arsip`` caps the approved (PDF-archived) reports of the whole kabupaten (tests)."""
    say = progress or (lambda _line: None)
    start = time.perf_counter()
    _refuse_non_empty()
    if orang < 22 * 60 or kegiatan < 22 * 40:
        raise ValidationError.single("ukuran", "Demo kabupaten memerlukan paling sedikit 1.320 "
                                               "warga dan 880 kegiatan.")
    today = today or dt.date.today()
    rng = random.Random(f"kabupaten:{seed}")
    pw = _password(rng)
    info = dinas.setup_dinas(KABUPATEN, AdminData("admin", "Administrator Dinas Sosial "
                                                            "(contoh)", pw, pw))
    result = HasilKabupaten(f"{info.kabupaten_nama}, {info.provinsi_nama}", info.jumlah_desa, 0,
                            [DemoAccount("admin", "Administrator Dinas Sosial (contoh)", "admin",
                                         pw)])
    admin = users.login("admin", pw).actor
    g0 = Gen(seed, today)
    _account(admin, rng, result.accounts, "dinas", g0.nama("P"), "dinas", None)
    with write():
        demo_kegiatan._addresses(admin)  # the agencies' (fictitious) addresses
        _periode, result.rekap_sel = demo_pemetaan._rekap(admin, g0)
    say(f"Dinas Sosial {info.kabupaten_nama}: {info.jumlah_kecamatan} kecamatan, "
        f"{info.jumlah_desa} desa/kelurahan, rekap PPKS/PSKS {angka(result.rekap_sel)} sel "
        f"({time.perf_counter() - start:.1f} s)")
    kecs = _kecamatan_list()
    per_orang = _split(orang, [len(k.desa) for k in kecs])
    per_kegiatan = _split(kegiatan, [1] * len(kecs))
    kategori = {(k.jenis, k.kode): k.id for k in Kategori.select()}
    program = {p.kode: p.id for p in ProgramBantuan.select()}
    instansi = {i.kode: i.id for i in referensi.rows("instansi")}
    bentuk = bentuk_map()
    sisa = 10**6 if arsip is None else arsip
    with tempfile.TemporaryDirectory(prefix="demo-kabupaten-") as tmp:
        for i, kec in enumerate(kecs):
            t0 = time.perf_counter()
            g = Gen(seed * 1000 + i, today)
            r = random.Random(f"kabupaten:{seed}:{kec.kode}")
            budget = min(sisa, 10**6 if rajin(i) else ARSIP_BIASA)
            with write():
                cast = _cast(admin, kec, g, r, result.accounts)
                hasil = _isi(kec, i, g, r, cast, per_orang[i], per_kegiatan[i],
                             budget, kategori, program, instansi, bentuk, Path(tmp))
            sisa -= hasil.laporan["disetujui"]
            hasil.detik = time.perf_counter() - t0
            result.kecamatan.append(hasil)
            say(f"[{i + 1:2d}/{len(kecs)}] Kecamatan {kec.nama}: {angka(hasil.warga)} warga, "
                f"{angka(hasil.kegiatan)} kegiatan, {sum(hasil.rujukan.values())} rujukan, "
                f"laporan {_counts(hasil.laporan)} ({hasil.detik:.1f} s)")
    if is_postgres():  # the planner's statistics now, not whenever autovacuum comes by
        database.execute_sql("ANALYZE")
    result.detik = time.perf_counter() - start
    return result


def _counts(c: Counter[str]) -> str:
    return ", ".join(f"{n} {s}" for s, n in sorted(c.items()))


def _isi(kec: Kec, i: int, g: Gen, r: random.Random, cast: _Pemeran, orang: int,
         n_kegiatan: int, arsip: int, kategori: dict[tuple[str, str], int],
         program: dict[str, int], instansi: dict[str, int], bentuk: dict[str, BentukKegiatan],
         folder: Path) -> HasilKecamatan:
    """One kecamatan inside its write transaction: bulk rows, then the service steps."""
    stamp = now()
    w = Penulis()
    reg = tulis_registri(w, g, kec, orang, cast.tksk.user_id or 0, kategori, program, stamp)
    audit.record(cast.operator, "buat", "warga", "",
                 f"Data contoh Kecamatan {kec.nama}: {reg.dusun} dusun, "
                 f"{angka(len(reg.rumah))} keluarga, {angka(reg.warga)} warga, {reg.ppks} PPKS, "
                 f"{reg.register} status DTSEN, {reg.bantuan} bantuan, {reg.n_psks} PSKS")
    k = Konteks(r, g.today, max(cast.mulai, g.today - dt.timedelta(days=364)), kec.desa,
                bentuk, program, instansi, reg)
    n_rujukan = r.randint(14, 20)
    items = rencana(k, n_kegiatan - n_rujukan, kec.nama)
    foto = pilih_foto(k, items, 2) if i in FOTO_KECAMATAN else []
    n = tulis_kegiatan(w, kec, cast.penugasan_id, items)
    audit.record(cast.tksk, "buat", "kegiatan", "",
                 f"Data contoh Kecamatan {kec.nama}: {angka(n)} kegiatan")
    w.selesai()  # PostgreSQL: the services below number on from the bulk rows
    n_foto = dengan_foto(cast.tksk, k, foto, folder)
    ruj = rujukan_tahun(cast.tksk, k, reg, kec.nama, n_rujukan, folder,
                        bukti=1 if i in FOTO_KECAMATAN else 0)
    months = sorted({(a.tanggal.year, a.tanggal.month) for a in items if a.tanggal})
    plan = rencana_laporan(i, months, r, arsip)
    w2 = Penulis()
    approve = tulis_laporan(w2, kec.id, cast.penugasan_id, cast.tksk, cast.camat, plan,
                            [*items, *foto], r, g.today)
    audit.record(cast.tksk, "buat", "laporan_bulanan", "",
                 f"Data contoh Kecamatan {kec.nama}: {len(plan)} laporan bulanan")
    w2.selesai()
    setujui(cast.camat, approve)
    return HasilKecamatan(kec.kode, kec.nama, len(kec.desa), reg.warga, len(reg.rumah),
                          reg.ppks, n + len(foto) + n_rujukan, n_foto, ruj, hitung(kec.id), 0.0)


def describe(result: HasilKabupaten) -> list[str]:
    lap: Counter[str] = Counter()
    ruj: Counter[str] = Counter()
    for k in result.kecamatan:
        lap.update(k.laporan)
        ruj.update(k.rujukan)
    lines = [
        f"Data contoh Dinas Sosial {result.kabupaten}: {len(result.kecamatan)} kecamatan, "
        f"{result.desa} desa/kelurahan (daftar resmi Kemendagri), "
        f"{angka(result.total('keluarga'))} keluarga, {angka(result.total('warga'))} warga "
        f"ber-NIK fiktif kecamatannya, {angka(result.total('ppks'))} data PPKS, "
        f"{angka(result.total('kegiatan'))} kegiatan ({result.total('foto')} foto), "
        f"{angka(sum(ruj.values()))} rujukan ({_counts(ruj)}), laporan bulanan ({_counts(lap)}); "
        f"selesai dalam {result.detik:.0f} detik.",
        "Akun (kata sandi sementara; wajib diganti saat pertama masuk, kecuali admin):",
    ]
    from .context import ROLE_LABELS

    for a in result.accounts:
        lines.append(f"  {a.nama_pengguna:<30} {ROLE_LABELS.get(a.peran, a.peran):<28} "
                     f"{a.sandi}")
    return lines
