"""``kecamatan-app demo``: fill an empty database with clearly fictitious data.

Every name is invented and marked "(contoh)"; NIP and NIK are generated to be well-formed but
belong to nobody. The demo grows with each module: an office set up as Kecamatan Gelumbang (its
real regions) with one user of each role; TKSK candidates of every eligibility result, their
selection decisions, and one active TKSK whose SK ends within the year; and the social mapping
(dusun, per-desa counts, households and persons with NIK of region 160306, PPKS with history,
register status and aid, PSKS, poverty assessments) from :mod:`demo_pemetaan`.
"""

from __future__ import annotations

import datetime as dt
import random
import secrets
import string
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from . import demo_kegiatan, demo_laporan, demo_pemetaan
from .context import ROLE_LABELS, Actor
from .errors import Conflict, ValidationError
from .kantor import AdminData, CamatData, default_kop, is_set_up, setup_office
from .users import create_user, login

if TYPE_CHECKING:
    from .demo_kabupaten import HasilKabupaten

DEMO_KECAMATAN = "16.03.06"
SIZES = ("kecamatan", "kabupaten")


@dataclass(frozen=True)
class DemoAccount:
    nama_pengguna: str
    nama_lengkap: str
    peran: str
    sandi: str


@dataclass(frozen=True)
class DemoResult:
    kecamatan: str
    accounts: list[DemoAccount]
    pemetaan: demo_pemetaan.PemetaanResult | None = None
    kegiatan: demo_kegiatan.KegiatanResult | None = None
    laporan: demo_laporan.LaporanResult | None = None


def _password(rng: random.Random) -> str:
    # Random per run (secrets), never a fixed default password.
    alphabet = string.ascii_letters + string.digits
    body = "".join(secrets.choice(alphabet) for _ in range(10))
    return body[:5] + str(rng.randint(10, 99)) + body[5:]


def _nip(rng: random.Random, male: bool) -> str:
    year = rng.randint(1968, 1982)
    birth = f"{year}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
    tmt = f"{year + rng.randint(23, 28)}{rng.randint(1, 12):02d}"
    return f"{birth}{tmt}{1 if male else 2}{rng.randint(1, 999):03d}"


def run(size: str = "kecamatan", seed: int = 1,
        progress: Callable[[str], None] | None = None) -> DemoResult | HasilKabupaten:
    """The demo of ``size``: one kecamatan office, or a Dinas Sosial database of a whole
    kabupaten (:mod:`demo_kabupaten`; ``progress`` gets a line per kecamatan)."""
    if size not in SIZES:
        raise ValidationError.single("size", f"Ukuran demo: {' atau '.join(SIZES)}.")
    if size == "kabupaten":
        from . import demo_kabupaten

        return demo_kabupaten.run(seed, progress=progress)
    if is_set_up():
        raise Conflict(
            "Basis data ini sudah berisi kantor. Demo hanya untuk basis data kosong: "
            "jalankan dengan --db berkas-baru.sqlite3."
        )
    rng = random.Random(seed)
    kantor = default_kop(
        DEMO_KECAMATAN,
        alamat="Jl. Contoh Raya No. 1, Gelumbang",
        kode_pos="31171",
        telepon="(0713) 000000",
    )
    camat = CamatData(
        nama="Budi Santoso, S.STP (contoh)", nip=_nip(rng, True), pangkat="Pembina (IV/a)"
    )
    admin = AdminData("admin", "Administrator (contoh)", _password(rng), "")
    admin = AdminData(admin.nama_pengguna, admin.nama_lengkap, admin.sandi, admin.sandi)
    info = setup_office(DEMO_KECAMATAN, kantor, camat, admin)
    accounts = [DemoAccount("admin", admin.nama_lengkap, "admin", admin.sandi)]
    actor = login("admin", admin.sandi).actor
    actors: dict[str, Actor] = {}
    people = [
        ("operator", "Siti Aminah (contoh)", "operator"),
        ("tksk", "Rahmat Hidayat (contoh)", "tksk"),
        ("camat", camat.nama, "camat"),
    ]
    for username, name, role in people:
        pw = _password(rng)
        user = create_user(actor, username, name, role, pw, pw)
        actors[role] = Actor(
            user.id, user.nama_pengguna, user.nama_lengkap, role, actor.kecamatan_id
        )
        accounts.append(DemoAccount(username, name, role, pw))
    _candidates(actor, rng)
    pemetaan = demo_pemetaan.run(actor, actors["operator"], actors["tksk"], seed)
    kegiatan = demo_kegiatan.run(actor, actors["tksk"], seed)
    laporan = demo_laporan.run(actors["tksk"], actors["camat"], seed)
    return DemoResult(f"{info.kecamatan}, {info.kabupaten}", accounts, pemetaan, kegiatan,
                      laporan)


def _nik(rng: random.Random, born: dt.date, female: bool) -> str:
    day = born.day + (40 if female else 0)
    return f"160306{day:02d}{born.month:02d}{born.year % 100:02d}{rng.randint(1, 9999):04d}"


#: (name, sex, birth date, overrides): fictitious candidates covering every result.
_CANDIDATES: list[tuple[str, str, dt.date, dict[str, object]]] = [
    ("Rahmat Hidayat (contoh)", "L", dt.date(1994, 5, 17), {}),
    ("Dewi Lestari (contoh)", "P", dt.date(1999, 8, 2), {"pilar_sosial": "PSM"}),
    ("Agus Salim (contoh)", "L", dt.date(1988, 1, 9), {}),  # 38: over the age limit
    ("Nur Aini (contoh)", "P", dt.date(2001, 11, 23), {"skck": None, "surat_sehat": None}),
    ("Fajar Ramadhan (contoh)", "L", dt.date(1997, 4, 30), {"status_kepegawaian": "PPPK"}),
    (
        "Sri Wahyuni (contoh)",
        "P",
        dt.date(1996, 2, 14),
        {
            "desa_domisili_id": None,
            "domisili_lain": "Kota Prabumulih",
            "kecamatan_ktp": "Gelumbang",
            "pendidikan": "D3",
        },
    ),
]


def _candidates(actor: Actor, rng: random.Random) -> None:
    from . import desa, pendaftar, penugasan

    villages = desa.all_desa()
    today = dt.date.today()
    # registered about 15 months ago, appointed 75 days later: the TKSK has served a full year,
    # so the demo holds a year of activities and monthly reports
    registered = (today - dt.timedelta(days=455)).replace(day=15)
    ids: list[int] = []
    for name, sex, born, extra in _CANDIDATES:
        values: dict[str, object] = dict(
            nik=_nik(rng, born, sex == "P"),
            nama=name,
            jenis_kelamin=sex,
            tempat_lahir="Gelumbang",
            tanggal_lahir=born,
            kewarganegaraan="WNI",
            alamat=f"Dusun {rng.randint(1, 4)}",
            rt=f"{rng.randint(1, 9):03d}",
            rw="001",
            desa_domisili_id=rng.choice(villages).id,
            pendidikan="SMA",
            status_kepegawaian="Bukan ASN/TNI/Polri/Legislatif",
            pilar_sosial="Karang Taruna",
            dapat_komputer=True,
            surat_sehat="Ada",
            skck="Ada",
            tanggal_daftar=registered,
            periode_rekrutmen=str(registered.year),
            telepon=f"0812{rng.randint(10_000_000, 99_999_999)}",
        )
        values.update(extra)
        pid, _ = pendaftar.create(actor, pendaftar.PendaftarData(**values))  # type: ignore[arg-type]
        ids.append(pid)
    penugasan.record_decision(actor, ids[1], "diusulkan", registered + dt.timedelta(days=30))
    penugasan.record_decision(actor, ids[0], "diusulkan", registered + dt.timedelta(days=30))
    penugasan.record_decision(actor, ids[0], "ditetapkan", registered + dt.timedelta(days=60))
    start = registered + dt.timedelta(days=75)
    end = dt.date(start.year + 3, start.month, 1) - dt.timedelta(days=1)
    penugasan.appoint(
        actor,
        ids[0],
        penugasan.SkData(
            f"460/{rng.randint(100, 999)}/SK/Dinsos/{start.year} (contoh)",
            start,
            "Kepala Dinas Sosial Kabupaten Muara Enim",
            start,
            end,
            f"16.03.06-{rng.randint(1, 9999):04d}",
        ),
    )


def describe(result: DemoResult | HasilKabupaten) -> list[str]:
    if not isinstance(result, DemoResult):
        from . import demo_kabupaten

        return demo_kabupaten.describe(result)
    lines = [
        f"Data contoh dibuat untuk Kecamatan {result.kecamatan}: {len(_CANDIDATES)} "
        f"pendaftar TKSK, TKSK aktif {_CANDIDATES[0][0]}.",
        *([result.pemetaan.summary()] if result.pemetaan else []),
        *([result.kegiatan.summary()] if result.kegiatan else []),
        *([result.laporan.summary()] if result.laporan else []),
        "Akun (kata sandi sementara; wajib diganti saat pertama masuk, kecuali admin):",
    ]
    for a in result.accounts:
        lines.append(f"  {a.nama_pengguna:<10} {ROLE_LABELS[a.peran]:<28} {a.sandi}")
    return lines
