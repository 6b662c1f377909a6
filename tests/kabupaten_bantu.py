"""A hand-built Dinas Sosial database of three kecamatan (Kota Sabang, 11.72) for the kabupaten
dashboard and consolidated recap tests, seen on :data:`HARI_INI` (20 August 2025):

* **A, Sukakarya** (live records): a TKSK on duty from 1 March 2025. Reports: March approved,
  submitted 3 April (on time); April approved, submitted 9 May (late, 4 days); May returned,
  first submitted 5 June 09.00 (on the deadline day: on time); June a draft (past its deadline);
  July none (past its deadline). Activities: March 2 coordination meetings + 1 referral (final)
  + 1 draft; April 1 mentoring + 1 referral. Referrals: Puskesmas (10 March, closed 2 April),
  Dukcapil (15 April, still open). Mapping (semester 1 2025): PPKS 08 desa 5 / TKSK 7, PPKS 24
  desa 10.
* **B, Sukajaya** (packages only): approved packages of January (submitted 4 February, on
  time), March (10 April, late) and June (2 July, on time).
* **C, Sukamakmue** (live records): a TKSK from 2024 stopped on 10 May 2025. January approved,
  submitted 5 February 23.59 (on time); February submitted 6 March 00.01 (late, 1 day).

Rows are written straight into the tables (the services' own rules are tested elsewhere); the
expected numbers in the tests are written out by hand from this description.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from kecamatan_app.models import (
    BentukKegiatan,
    Desa,
    FungsiKegiatan,
    InstansiRujukan,
    Kategori,
    Kecamatan,
    Kegiatan,
    KegiatanDesa,
    LaporanBulanan,
    PaketBulanan,
    Pemberhentian,
    Pendaftar,
    Penugasan,
    RekapPemetaan,
    RiwayatLaporan,
    RiwayatRujukan,
    Rujukan,
    Warga,
)
from kecamatan_app.models.referensi import AlasanPemberhentian
from kecamatan_app.services import dinas, kantor, lampiran, users
from kecamatan_app.services.context import Actor
from kecamatan_app.services.tx import write

SANDI = "Rahasia123"
KABUPATEN = "11.72"
KODE_A, KODE_B, KODE_C = "11.72.01", "11.72.02", "11.72.03"
TAHUN = 2025
HARI_INI = dt.date(2025, 8, 20)


@dataclass(frozen=True)
class Kabupaten:
    admin: Actor
    a: int
    b: int
    c: int


def kec(kode: str) -> int:
    return int(Kecamatan.get(Kecamatan.kode == kode).id)


def _desa(kode_kec: str) -> int:
    return int(Desa.select().where(Desa.kecamatan == kec(kode_kec)).order_by(Desa.kode)
               .first().id)


def _tksk(kode: str, nik: str, mulai: dt.date) -> int:
    p = Pendaftar.create(kecamatan=kec(kode), nik=nik, nama=f"TKSK {kode} (contoh)",
                         jenis_kelamin="P", tanggal_lahir=dt.date(1995, 3, 12),
                         tanggal_daftar=mulai - dt.timedelta(days=30))
    return int(Penugasan.create(pendaftar=p.id, kecamatan=kec(kode), sk_nomor=f"SK/{kode}",
                                sk_tanggal=mulai, mulai=mulai).id)


def _laporan(kode: str, penugasan: int, bulan: int, status: str,
             langkah: list[tuple[str, dt.datetime]]) -> None:
    diajukan = next((t for s, t in langkah if s == "diajukan"), None)
    disetujui = next((t for s, t in langkah if s == "disetujui"), None)
    lap = LaporanBulanan.create(kecamatan=kec(kode), penugasan=penugasan, tahun=TAHUN,
                                bulan=bulan, status=status, diajukan_pada=diajukan,
                                disetujui_pada=disetujui)
    for s, t in langkah:
        RiwayatLaporan.create(laporan=lap.id, status=s, pada=t)


def _ref(model: Any, kode: str) -> int:
    return int(model.get(model.kode == kode).id)


def _kegiatan(kode: str, penugasan: int, day: dt.date, bentuk: str, status: str = "final"
              ) -> int:
    b = BentukKegiatan.get(BentukKegiatan.kode == bentuk)
    k = Kegiatan.create(kecamatan=kec(kode), penugasan=penugasan, tanggal=day,
                        fungsi=b.fungsi_id, bentuk=b.id, judul=f"Kegiatan {day}", status=status)
    KegiatanDesa.create(kegiatan=k.id, desa=_desa(kode))
    return int(k.id)


def _rujukan(kode: str, penugasan: int, day: dt.date, instansi: str, nomor: int,
             selesai: dt.date | None) -> None:
    kid = _kegiatan(kode, penugasan, day, "rujukan")
    w = Warga.create(nama=f"Warga Contoh {nomor}", jenis_kelamin="L", desa=_desa(kode))
    r = Rujukan.create(kegiatan=kid, kecamatan=kec(kode), tahun=day.year, nomor_urut=nomor,
                       warga=w.id,
                       nomor_surat=f"460/{nomor}", kebutuhan="Pemeriksaan",
                       instansi=_ref(InstansiRujukan, instansi), tanggal=day,
                       status="selesai" if selesai else "diajukan",
                       hasil="berhasil" if selesai else "")
    RiwayatRujukan.create(rujukan=r.id, status="diajukan", tanggal=day)
    if selesai:
        RiwayatRujukan.create(rujukan=r.id, status="selesai", tanggal=selesai)


def _kategori(kode: str) -> int:
    return int(Kategori.get((Kategori.kode == kode) & (Kategori.jenis == "PPKS")).id)


def ringkasan_paket(bulan: int, diajukan: dt.datetime, disetujui: dt.datetime,
                    kegiatan: int, rujukan: list[list[Any]], peta: list[list[Any]]
                    ) -> dict[str, Any]:
    return {"kecamatan_id": 99, "kecamatan_kode": KODE_B, "kecamatan_nama": "Sukajaya",
            "tahun": TAHUN, "bulan": bulan, "status": "disetujui",
            "diajukan_pada": diajukan.isoformat(), "disetujui_pada": disetujui.isoformat(),
            "sumber": "langsung", "kegiatan": kegiatan,
            "per_bentuk": [["Koordinasi", "Saling memberikan informasi", kegiatan]],
            "ppks": [], "rujukan_per_instansi": rujukan, "ppks_pemetaan": peta}


def _paket(bulan: int, data: dict[str, Any]) -> None:
    pdf = b"%PDF-1.4\n% laporan contoh " + str(bulan).encode() + b"\n%%EOF\n"
    stored = lampiran.store_bytes(pdf, f"laporan-{bulan}.pdf", allowed=("application/pdf",))
    digest = hashlib.sha256(pdf).hexdigest()
    PaketBulanan.create(
        kecamatan=kec(KODE_B), tahun=TAHUN, bulan=bulan, ringkasan=json.dumps(data),
        laporan_pdf=stored.id, laporan_sha256=digest, status="disetujui",
        diajukan_pada=dt.datetime.fromisoformat(data["diajukan_pada"]),
        disetujui_pada=dt.datetime.fromisoformat(data["disetujui_pada"]),
        paket_sha256=digest, manifest_sha256=digest, format_versi=1)


PUSKESMAS = "Puskesmas"


def build() -> Kabupaten:
    admin_data = kantor.AdminData("dinasadmin", "Admin Dinas Sosial", SANDI, SANDI)
    dinas.setup_dinas(KABUPATEN, admin_data)
    admin = users.login("dinasadmin", SANDI).actor
    at = dt.datetime
    with write():
        ta = _tksk(KODE_A, "1172014303950001", dt.date(2025, 3, 1))
        _laporan(KODE_A, ta, 3, "disetujui", [("diajukan", at(2025, 4, 3, 10)),
                                              ("disetujui", at(2025, 4, 7, 9))])
        _laporan(KODE_A, ta, 4, "disetujui", [("diajukan", at(2025, 5, 9, 10)),
                                              ("disetujui", at(2025, 5, 12, 9))])
        _laporan(KODE_A, ta, 5, "dikembalikan", [("diajukan", at(2025, 6, 5, 9)),
                                                 ("dikembalikan", at(2025, 6, 8, 9))])
        _laporan(KODE_A, ta, 6, "draf", [])
        for day in (dt.date(2025, 3, 4), dt.date(2025, 3, 18)):
            _kegiatan(KODE_A, ta, day, "koordinasi_informasi")
        _kegiatan(KODE_A, ta, dt.date(2025, 3, 20), "koordinasi_informasi", status="draf")
        _kegiatan(KODE_A, ta, dt.date(2025, 4, 22), "pendampingan")
        _rujukan(KODE_A, ta, dt.date(2025, 3, 10), "puskesmas", 1, dt.date(2025, 4, 2))
        _rujukan(KODE_A, ta, dt.date(2025, 4, 15), "dukcapil", 2, None)
        for kat, desa_n, temuan in (("08", 5, 7), ("24", 10, None)):
            RekapPemetaan.create(tahun=TAHUN, semester=1, desa=_desa(KODE_A),
                                 kategori=_kategori(kat), jumlah_desa=desa_n,
                                 jumlah_temuan=temuan)

        tc = _tksk(KODE_C, "1172034303950002", dt.date(2024, 1, 2))
        Pemberhentian.create(penugasan=tc, tanggal=dt.date(2025, 5, 10),
                             alasan=AlasanPemberhentian.select().first().id)
        _laporan(KODE_C, tc, 1, "disetujui", [("diajukan", at(2025, 2, 5, 23, 59)),
                                              ("disetujui", at(2025, 2, 7, 9))])
        _laporan(KODE_C, tc, 2, "diajukan", [("diajukan", at(2025, 3, 6, 0, 1))])

        _paket(1, ringkasan_paket(1, at(2025, 2, 4, 8), at(2025, 2, 6, 8), 4,
                                  [[PUSKESMAS, 2, 1, 1]], [["08. Lanjut Usia Telantar", 2]]))
        _paket(3, ringkasan_paket(3, at(2025, 4, 10, 8), at(2025, 4, 14, 8), 2, [], []))
        _paket(6, ringkasan_paket(6, at(2025, 7, 2, 8), at(2025, 7, 4, 8), 3,
                                  [[PUSKESMAS, 1, 2, 0], ["Dinas Sosial Kabupaten/Kota", 1, 0, 1]],
                                  [["08. Lanjut Usia Telantar", 4], ["24. Fakir Miskin", 9]]))
    return Kabupaten(admin, kec(KODE_A), kec(KODE_B), kec(KODE_C))


def make_user(admin: Actor, name: str, peran: str, kode: str | None) -> Actor:
    info = users.create_user(admin, name, f"Pengguna {name}", peran, SANDI, SANDI,
                             kecamatan_id=kec(kode) if kode else None)
    return users.actor_for(users._get(info.id))


def fungsi_nama(kode: str) -> str:
    return str(FungsiKegiatan.get(FungsiKegiatan.kode == kode).nama)


def instansi_nama(kode: str) -> str:
    return str(InstansiRujukan.get(InstansiRujukan.kode == kode).nama)
