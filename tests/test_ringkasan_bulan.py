"""The per kecamatan-month summary (services/ringkasan_bulan): its numbers equal the monthly
report's for the same month, the year's set-based reading equals the per-month one, and the JSON
form round-trips and refuses nonsense."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from kecamatan_app.models import LaporanBulanan, RiwayatLaporan
from kecamatan_app.services import (
    kegiatan,
    laporan,
    laporan_cetak,
    laporan_isi,
    rekap,
    ringkasan_bulan,
    rujukan,
    users,
)
from kecamatan_app.services.context import Actor
from kecamatan_app.services.ringkasan_bulan import RingkasanBulan
from tests.conftest import appoint_tksk
from tests.laporan_bantu import (
    bentuk,
    desa_id,
    fungsi,
    instansi,
    kategori,
    kecamatan_id,
    kegiatan_data,
    keluarga,
    rujukan_data,
    warga,
)
from tests.test_laporan_golden import BULAN, PER_BENTUK, PER_INSTANSI, PPKS, TAHUN, _record

LANSIA_08 = "08. Lanjut Usia Telantar"
MISKIN_24 = "24. Fakir Miskin"


@dataclasses.dataclass(frozen=True)
class Tahun:
    tksk: Actor
    camat: Actor
    info: laporan.LaporanInfo


def d(year: int, month: int, day: int) -> dt.date:
    return dt.date(year, month, day)


def _lebih(tksk: Actor, admin: Actor) -> None:
    """Records around the golden March 2025: referrals from 2024 (one closed in January, one
    still open, one closed in 2024), April and May activities with beneficiaries, a draft, and
    mapping counts of three periods."""
    budi = warga(tksk, "Pak Darmo (contoh)", "Sigam")
    ani = warga(tksk, "Bu Ani (contoh)", "Gelumbang", "P")
    kk = keluarga(tksk, "Keluarga Yusuf (contoh)", "Sigam")
    ra = rujukan.create(tksk, rujukan_data(d(2024, 12, 10), budi))
    v = rujukan.ubah_status(tksk, ra.id, "diterima", d(2024, 12, 20))
    rujukan.ubah_status(tksk, ra.id, "selesai", d(2025, 1, 15), "Selesai", hasil="berhasil",
                        versi=v)
    rujukan.create(tksk, rujukan_data(d(2024, 12, 12), ani, instansi_id=instansi("dukcapil"),
                                      kebutuhan="Akta kelahiran"))
    rc = rujukan.create(tksk, rujukan_data(d(2024, 11, 5), budi))
    rujukan.ubah_status(tksk, rc.id, "ditolak", d(2024, 11, 20), "Tidak sesuai")
    rd = rujukan.create(tksk, rujukan_data(d(2025, 4, 3), None, keluarga_id=kk,
                                           instansi_id=instansi("dinsos_kab")))
    v = rujukan.ubah_status(tksk, rd.id, "diterima", d(2025, 4, 10))
    rujukan.ubah_status(tksk, rd.id, "selesai", d(2025, 5, 2), "Diterima", hasil="berhasil",
                        versi=v)
    from kecamatan_app.models import Keluarga, Warga

    mbah = int(Warga.get(Warga.nama == "Mbah Sarinah (contoh)").id)
    rahmat = int(Keluarga.get(Keluarga.kepala == "Rahmat (contoh)").id)
    kegiatan.create(tksk, kegiatan_data(
        d(2025, 4, 8), fungsi_id=fungsi("fasilitasi"), bentuk_id=bentuk("pendampingan"),
        judul="Pendampingan April", warga_ids=[mbah, budi], keluarga_ids=[kk, rahmat]))
    kegiatan.create(tksk, kegiatan_data(d(2025, 4, 9), judul="Rapat April"))
    kegiatan.create(tksk, kegiatan_data(d(2025, 5, 6), judul="Rapat Mei (draf)", status="draf"))
    cells = [rekap.CellChange(desa_id("Sigam"), kategori("08"), "desa", 5),
             rekap.CellChange(desa_id("Sigam"), kategori("08"), "temuan", 7),
             rekap.CellChange(desa_id("Mililian"), kategori("08"), "desa", 3),
             rekap.CellChange(desa_id("Mililian"), kategori("24"), "desa", 10)]
    rekap.save_cells(admin, rekap.Periode(2025, semester=1), cells)
    rekap.save_cells(admin, rekap.Periode(2025, bulan=9), [
        rekap.CellChange(desa_id("Gelumbang"), kategori("24"), "temuan", 4)])
    rekap.save_cells(admin, rekap.Periode(2024), [
        rekap.CellChange(desa_id("Gelumbang"), kategori("08"), "desa", 1)])


@pytest.fixture
def tahun(admin: Actor, tmp_path: Path) -> Tahun:
    appoint_tksk(admin, mulai=dt.date(2024, 10, 1))
    for name, full, role in (("siti", "Siti Aminah (contoh)", "tksk"),
                             ("camat", "Drs. Ahmad Fauzi, M.Si", "camat")):
        users.create_user(admin, name, full, role, "Sandi12345x")
    tksk = users.login("siti", "Sandi12345x").actor
    camat = users.login("camat", "Sandi12345x").actor
    _record(tksk, tmp_path)
    _lebih(tksk, admin)
    info = laporan.open_month(tksk, TAHUN, BULAN)
    info = laporan.move(tksk, info.id, "diajukan")
    info = laporan.move(camat, info.id, "dikembalikan", "Lengkapi foto")
    info = laporan.move(tksk, info.id, "diajukan")
    info = laporan_cetak.setujui(camat, info.id, info.versi)
    # April: submitted, waiting for the camat
    april = laporan.open_month(tksk, 2025, 4)
    laporan.move(tksk, april.id, "diajukan")
    return Tahun(tksk, camat, info)


def test_numbers_equal_the_monthly_report(tahun: Tahun) -> None:
    info = laporan.get(tahun.camat, TAHUN, BULAN)
    assert info is not None
    isi = laporan_isi.compile_month(tahun.camat, info)
    r = ringkasan_bulan.dari_data(kecamatan_id(), TAHUN, BULAN)
    assert r.kegiatan == isi.jumlah_kegiatan == len(isi.kegiatan) == 6
    assert r.per_bentuk == isi.per_bentuk == PER_BENTUK
    assert r.ppks == isi.ppks == PPKS
    assert r.rujukan_per_instansi == isi.rujukan.per_instansi
    # the golden month plus December's referral still open at the end of March
    dukcapil, dinsos, puskesmas = PER_INSTANSI
    assert r.rujukan_per_instansi == [(dukcapil[0], 1, 0, 2), dinsos, puskesmas]
    assert (r.rujukan_dibuat, r.rujukan_ditutup, r.rujukan_terbuka) == (
        isi.rujukan.dibuat, isi.rujukan.ditutup, isi.rujukan.terbuka) == (2, 2, 2)
    assert r.ppks_dijangkau == 2 and r.ppks_terpetakan == 20
    first = (RiwayatLaporan.select().where((RiwayatLaporan.laporan == tahun.info.id)
                                           & (RiwayatLaporan.status == "diajukan"))
             .order_by(RiwayatLaporan.id).first())
    assert r.status == "disetujui" and r.sumber == "langsung"
    assert r.diajukan_pada == first.pada and r.disetujui_pada == tahun.info.disetujui_pada
    assert (r.kecamatan_kode, r.kecamatan_nama) == ("16.03.06", "Gelumbang")
    assert r.ppks_pemetaan == [(LANSIA_08, 10), (MISKIN_24, 10)]


def test_every_month_equals_the_report_path(tahun: Tahun) -> None:
    """The set-based year equals the per-month reading through the report's queries, for every
    month of 2025 and 2024 (referrals open across the new year, drafts, closings)."""
    kec = kecamatan_id()
    for year in (2024, 2025):
        tahunan = ringkasan_bulan.untuk_tahun(year)
        assert [(x.kecamatan_id, x.bulan) for x in tahunan] == [(kec, b) for b in range(1, 13)]
        for x in tahunan:
            assert x == ringkasan_bulan.dari_data(kec, year, x.bulan), (year, x.bulan)
    by = {x.bulan: x for x in ringkasan_bulan.untuk_tahun(2025)}
    assert by[1].rujukan_per_instansi == [
        ("Dinas Kependudukan dan Pencatatan Sipil (Dukcapil)", 0, 0, 1), ("Puskesmas", 0, 1, 0)]
    assert by[4].status == "diajukan" and by[4].disetujui_pada is None
    assert by[4].kegiatan == 3 and by[4].ppks == [(LANSIA_08, 1), (MISKIN_24, 1)]
    assert by[5].kegiatan == 0 and by[5].rujukan_ditutup == 1 and by[5].status == ""
    assert by[2].kegiatan == 2  # February: a meeting and a referral's activity
    assert by[8].ppks_pemetaan == [(LANSIA_08, 10), (MISKIN_24, 10)]
    assert by[9].ppks_pemetaan == by[12].ppks_pemetaan == [(MISKIN_24, 4)]
    dec24 = ringkasan_bulan.untuk_tahun(2024)[11]
    assert dec24.ppks_pemetaan == [(LANSIA_08, 1)] and dec24.rujukan_terbuka == 2


def test_json_round_trip(tahun: Tahun) -> None:
    for x in ringkasan_bulan.untuk_tahun(2025):
        assert RingkasanBulan.from_json(x.to_json()) == x


def _good() -> dict[str, Any]:
    return RingkasanBulan(
        7, "16.03.06", "Gelumbang", 2025, 3, "disetujui", dt.datetime(2025, 4, 2, 9, 30),
        dt.datetime(2025, 4, 3, 10, 0), "langsung", 2, [("Koordinasi", "Rapat", 2)],
        [(LANSIA_08, 1)], [("Puskesmas", 1, 0, 1)], [(MISKIN_24, 9)]).to_json()


@pytest.mark.parametrize("change, word", [
    ({"tahun": 1890}, "tahun"), ({"bulan": 13}, "bulan"), ({"bulan": "3"}, "bulan"),
    ({"status": "palsu"}, "status"), ({"kegiatan": -1}, "kegiatan"),
    ({"kegiatan": 3}, "jumlah kegiatan"), ({"per_bentuk": [["A", "B", -2]]}, "per_bentuk"),
    ({"ppks": [["x", 1, 2]]}, "ppks"), ({"ppks": "banyak"}, "ppks"),
    ({"rujukan_per_instansi": [["", 1, 0, 0]]}, "rujukan_per_instansi"),
    ({"ppks_pemetaan": [[MISKIN_24, True]]}, "ppks_pemetaan"),
    ({"diajukan_pada": "kemarin"}, "diajukan_pada"), ({"kecamatan_kode": "1603"}, "kode"),
    ({"status": "diajukan"}, "disetujui"), ({"kecamatan_nama": " "}, "nama"),
    ({"sumber": "lain"}, "sumber"), ({"ppks": [["x", 10**9]]}, "ppks"),
])
def test_from_json_refuses_nonsense(change: dict[str, Any], word: str) -> None:
    assert RingkasanBulan.from_json(_good()) is not None
    with pytest.raises(ValueError, match=word):
        RingkasanBulan.from_json({**_good(), **change})
    missing = _good()
    del missing[next(iter(change))]
    with pytest.raises(ValueError):
        RingkasanBulan.from_json(missing)


def test_a_month_without_anything(office: Any) -> None:
    r = ringkasan_bulan.dari_data(kecamatan_id(), 2025, 6)
    assert (r.status, r.kegiatan, r.ppks, r.rujukan_per_instansi, r.ppks_pemetaan) == (
        "", 0, [], [], [])
    assert all(n == 0 for _f, _b, n in r.per_bentuk) and r.per_bentuk
    assert ringkasan_bulan.untuk_tahun(2025)[5] == r
    assert not LaporanBulanan.select().exists()


# -- a Dinas Sosial database: each kecamatan counts only its own records ----------------------


def _isi_kecamatan(kode: str, n_kegiatan: int, nik: str) -> int:
    """A TKSK, ``n_kegiatan`` final activities in March 2025 (each with one beneficiary who is a
    PPKS 08), one referral made in March and one mapping count, written straight into the
    tables of kecamatan ``kode``; its id."""
    from kecamatan_app.models import (
        BentukKegiatan,
        DataPPKS,
        Desa,
        InstansiRujukan,
        Kategori,
        Kecamatan,
        Kegiatan,
        KegiatanDesa,
        KegiatanSasaran,
        Pendaftar,
        Penugasan,
        RekapPemetaan,
        RiwayatRujukan,
        Rujukan,
        Warga,
    )
    from kecamatan_app.services.tx import write

    kec = int(Kecamatan.get(Kecamatan.kode == kode).id)
    desa = int(Desa.select().where(Desa.kecamatan == kec).order_by(Desa.kode).first().id)
    lansia = int(Kategori.get((Kategori.kode == "08") & (Kategori.jenis == "PPKS")).id)
    b = BentukKegiatan.get(BentukKegiatan.kode == "pendampingan")
    with write():
        p = Pendaftar.create(kecamatan=kec, nik=nik, nama=f"TKSK {kode}", jenis_kelamin="P",
                             tanggal_lahir=dt.date(1995, 3, 12),
                             tanggal_daftar=dt.date(2024, 12, 1))
        t = Penugasan.create(pendaftar=p.id, kecamatan=kec, sk_nomor=f"SK/{kode}",
                             sk_tanggal=dt.date(2025, 1, 1), mulai=dt.date(2025, 1, 1))
        for i in range(n_kegiatan):
            k = Kegiatan.create(kecamatan=kec, penugasan=t.id, tanggal=dt.date(2025, 3, 3 + i),
                                fungsi=b.fungsi_id, bentuk=b.id, judul=f"Pendampingan {i}",
                                status="final")
            KegiatanDesa.create(kegiatan=k.id, desa=desa)
            w = Warga.create(nama=f"Warga {kode} {i}", jenis_kelamin="L", desa=desa)
            DataPPKS.create(warga=w.id, kategori=lansia)
            KegiatanSasaran.create(kegiatan=k.id, warga=w.id)
        r = Rujukan.create(kegiatan=k.id, kecamatan=kec, tahun=2025, nomor_urut=1, warga=w.id,
                           nomor_surat=f"460/1/{kode}", kebutuhan="Pemeriksaan",
                           instansi=InstansiRujukan.get(InstansiRujukan.kode == "puskesmas").id,
                           tanggal=dt.date(2025, 3, 20))
        RiwayatRujukan.create(rujukan=r.id, status="diajukan", tanggal=dt.date(2025, 3, 20))
        RekapPemetaan.create(tahun=2025, semester=1, desa=desa, kategori=lansia,
                             jumlah_desa=n_kegiatan * 10)
    return kec


def test_dinas_database_counts_each_kecamatan_apart(db: Any) -> None:
    from tests.dinas_bantu import setup

    setup()
    a = _isi_kecamatan("16.03.06", 2, "1603065203950001")
    b = _isi_kecamatan("16.03.01", 3, "1603015203950002")
    year = ringkasan_bulan.untuk_tahun(2025)
    assert len(year) == 22 * 12  # every kecamatan of Muara Enim x month
    by = {(x.kecamatan_id, x.bulan): x for x in year}
    for kec, n in ((a, 2), (b, 3)):
        mar = by[(kec, 3)]
        assert mar == ringkasan_bulan.dari_data(kec, 2025, 3)
        assert (mar.kegiatan, mar.ppks, mar.rujukan_per_instansi, mar.ppks_pemetaan) == (
            n, [(LANSIA_08, n)], [("Puskesmas", 1, 0, 1)], [(LANSIA_08, n * 10)])
        assert by[(kec, 4)].rujukan_per_instansi == [("Puskesmas", 0, 0, 1)]
    assert [x.kecamatan_kode for x in year[::12]] == sorted(x.kecamatan_kode for x in year[::12])
    assert ringkasan_bulan.untuk_tahun(2025, [b]) == [by[(b, m)] for m in range(1, 13)]


def test_a_damaged_stored_package_is_named(db: Any) -> None:
    """A package row edited behind the app's back (import checks every value) stops the year's
    reading with a message naming the kecamatan-month, not a traceback."""
    import json

    from kecamatan_app.models import PaketBulanan
    from kecamatan_app.services import lampiran
    from kecamatan_app.services.errors import DatabaseError
    from kecamatan_app.services.tx import write
    from tests.dinas_bantu import kecamatan_id as kec_of
    from tests.dinas_bantu import setup

    setup()
    kec = kec_of("16.03.06")
    bad = {**_good(), "kegiatan": -1}
    with write():
        pdf = lampiran.store_bytes(b"%PDF-1.4 contoh", "x.pdf", allowed=("application/pdf",))
        PaketBulanan.create(kecamatan=kec, tahun=2025, bulan=3, ringkasan=json.dumps(bad),
                            laporan_pdf=pdf.id, laporan_sha256=pdf.sha256, status="disetujui",
                            paket_sha256=pdf.sha256, manifest_sha256=pdf.sha256, format_versi=1)
    with pytest.raises(DatabaseError, match="Ringkasan paket Kecamatan Gelumbang 2025-03"):
        ringkasan_bulan.untuk_tahun(2025, [kec])
