"""``kecamatan-app demo``: fill an empty database with clearly fictitious data.

Every name is invented and marked "(contoh)"; NIP and NIK are generated to be well-formed but
belong to nobody. The demo grows with each module: for now an office set up as Kecamatan
Gelumbang (its real regions) with one user of each role.
"""

from __future__ import annotations

import random
import secrets
import string
from dataclasses import dataclass

from .context import ROLE_LABELS
from .errors import Conflict, ValidationError
from .kantor import AdminData, CamatData, default_kop, is_set_up, setup_office
from .users import create_user, login

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


def run(size: str = "kecamatan", seed: int = 1) -> DemoResult:
    if size not in SIZES:
        raise ValidationError.single("size", f"Ukuran demo: {' atau '.join(SIZES)}.")
    if size == "kabupaten":
        raise ValidationError.single(
            "size", "Demo ukuran kabupaten (22 kecamatan) belum tersedia pada versi ini; "
            "gunakan --size kecamatan.")
    if is_set_up():
        raise Conflict("Basis data ini sudah berisi kantor. Demo hanya untuk basis data kosong: "
                       "jalankan dengan --db berkas-baru.sqlite3.")
    rng = random.Random(seed)
    kantor = default_kop(DEMO_KECAMATAN, alamat="Jl. Contoh Raya No. 1, Gelumbang",
                         kode_pos="31171", telepon="(0713) 000000")
    camat = CamatData(nama="Budi Santoso, S.STP (contoh)", nip=_nip(rng, True),
                      pangkat="Pembina (IV/a)")
    admin = AdminData("admin", "Administrator (contoh)", _password(rng), "")
    admin = AdminData(admin.nama_pengguna, admin.nama_lengkap, admin.sandi, admin.sandi)
    info = setup_office(DEMO_KECAMATAN, kantor, camat, admin)
    accounts = [DemoAccount("admin", admin.nama_lengkap, "admin", admin.sandi)]
    actor = login("admin", admin.sandi).actor
    people = [("operator", "Siti Aminah (contoh)", "operator"),
              ("tksk", "Rahmat Hidayat (contoh)", "tksk"),
              ("camat", camat.nama, "camat")]
    for username, name, role in people:
        pw = _password(rng)
        create_user(actor, username, name, role, pw, pw)
        accounts.append(DemoAccount(username, name, role, pw))
    return DemoResult(f"{info.kecamatan}, {info.kabupaten}", accounts)


def describe(result: DemoResult) -> list[str]:
    lines = [f"Data contoh dibuat untuk Kecamatan {result.kecamatan}.",
             "Akun (kata sandi sementara; wajib diganti saat pertama masuk, kecuali admin):"]
    for a in result.accounts:
        lines.append(f"  {a.nama_pengguna:<10} {ROLE_LABELS[a.peran]:<28} {a.sandi}")
    return lines
