"""The monthly exchange package: a kecamatan database exports an approved month, a Dinas Sosial
database imports it (round trip), idempotently (the same package is unchanged, another of the
same month replaces it), and the dashboard's summary takes it only without live records."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest

from kecamatan_app.models import (
    JejakAudit,
    Kecamatan,
    Kegiatan,
    PaketBulanan,
    Pendaftar,
    Penugasan,
)
from kecamatan_app.services import (
    lampiran,
    laporan,
    lingkup,
    paket_ekspor,
    paket_impor,
    ringkasan_bulan,
)
from kecamatan_app.services.context import Actor
from kecamatan_app.services.errors import Conflict
from kecamatan_app.services.paket_format import FORMAT, FORMAT_VERSI, sha256, sidik
from kecamatan_app.services.tx import write
from tests.laporan_bantu import kecamatan_id
from tests.paket_bantu import (
    BULAN,
    TAHUN,
    Contoh,
    anggota,
    arsip,
    buat_contoh,
    buka_basis_kedua,
    jejak,
    siapkan_dinas,
    siapkan_kecamatan,
)


@pytest.fixture(scope="module")
def contoh(tmp_path_factory: pytest.TempPathFactory) -> Contoh:
    return buat_contoh(tmp_path_factory.mktemp("paket"))


@pytest.fixture
def dinas_admin(db: Any) -> Actor:
    return siapkan_dinas()


def gelumbang() -> int:
    return int(Kecamatan.get(Kecamatan.kode == "16.03.06").id)


def test_round_trip(admin: Actor, tmp_path: Path) -> None:
    """Kecamatan database -> package -> Dinas Sosial database, on the test's own database."""
    k = siapkan_kecamatan(admin, tmp_path)
    hasil = paket_ekspor.ekspor(k.tksk, TAHUN, BULAN, tmp_path / "paket.zip")
    pdf = arsip(k.camat)
    sent = ringkasan_bulan.dari_data(kecamatan_id(), TAHUN, BULAN)
    assert [(b.tahun, b.bulan) for b in paket_ekspor.bulan_siap(k.tksk)] == [(TAHUN, BULAN)]
    assert not (tmp_path / "paket.zip.tmp").exists()
    with zipfile.ZipFile(hasil.path) as zf:
        assert zf.namelist() == ["manifest.json", "laporan.pdf", "ringkasan.json"]
        assert zf.testzip() is None
    parts = anggota(hasil.path)
    m = json.loads(parts["manifest.json"])
    assert parts["laporan.pdf"] == pdf  # the archived PDF, byte for byte
    assert json.loads(parts["ringkasan.json"]) == sent.to_json()
    assert (m["format"], m["format_versi"], m["tahun"], m["bulan"]) == (FORMAT, FORMAT_VERSI,
                                                                       TAHUN, BULAN)
    assert m["kecamatan"] == {"kode": "16.03.06", "nama": "Gelumbang", "kabupaten_kode": "16.03",
                              "kabupaten_nama": "Kabupaten Muara Enim"}
    assert m["laporan"]["status"] == "disetujui"
    assert m["laporan"]["arsip_sha256"] == sha256(pdf) == m["berkas"]["laporan.pdf"]["sha256"]
    assert m["berkas"]["ringkasan.json"]["sha256"] == sha256(parts["ringkasan.json"])
    assert m["sidik"] == sidik(m) == hasil.sidik and hasil.sha256 == sha256(hasil.path.read_bytes())
    assert m["dibuat_oleh"] == "Siti Aminah (contoh)"
    logged = JejakAudit.select().where(JejakAudit.aksi == "ekspor").order_by(JejakAudit.id.desc()
                                                                             ).first()
    assert "Paket kiriman laporan bulanan Maret 2025" in logged.ringkasan
    assert hasil.sha256 in logged.ringkasan

    buka_basis_kedua(tmp_path, "dinas")
    dinas_admin = siapkan_dinas()
    r = paket_impor.impor(dinas_admin, hasil.path)
    assert (r.hasil, r.kecamatan, r.tahun, r.bulan) == ("diterima", "16.03.06 Gelumbang",
                                                        TAHUN, BULAN)
    row = PaketBulanan.get()
    assert lampiran.read(row.laporan_pdf_id) == pdf and row.laporan_sha256 == sha256(pdf)
    assert (row.status, row.manifest_sha256, row.paket_sha256) == ("disetujui", hasil.sidik,
                                                                   hasil.sha256)
    assert row.diimpor_oleh_id == dinas_admin.user_id and row.nama_berkas == "paket.zip"
    year = ringkasan_bulan.untuk_tahun(TAHUN, [gelumbang()])
    assert year[BULAN - 1] == dataclasses.replace(sent, kecamatan_id=gelumbang(), sumber="paket")
    assert [x.sumber for x in year].count("paket") == 1 and year[1].kegiatan == 0
    made = JejakAudit.get((JejakAudit.tabel == "paket_bulanan") & (JejakAudit.aksi == "buat"))
    assert "Gelumbang Maret 2025 diterima" in made.ringkasan


def test_same_package_unchanged_another_replaces(contoh: Contoh, dinas_admin: Actor) -> None:
    first = paket_impor.impor(dinas_admin, contoh.v1)
    assert first.hasil == "diterima"
    before = jejak()
    again = paket_impor.impor(dinas_admin, contoh.v1)
    assert again.hasil == "tidak_berubah" and "paket yang sama sudah diterima" in again.pesan
    assert jejak() == before  # nothing written

    newer = paket_impor.impor(dinas_admin, contoh.v2)
    assert newer.hasil == "diganti" and "diganti" in newer.pesan
    assert PaketBulanan.select().count() == 1
    row = PaketBulanan.get()
    assert row.versi == 2 and lampiran.read(row.laporan_pdf_id) == contoh.pdf_v2
    got = ringkasan_bulan.untuk_tahun(TAHUN, [gelumbang()])[BULAN - 1]
    assert got.kegiatan == contoh.ringkasan_v1.kegiatan + 1 == contoh.ringkasan_v2.kegiatan
    assert got == dataclasses.replace(contoh.ringkasan_v2, kecamatan_id=gelumbang(),
                                      sumber="paket")
    rows = list(JejakAudit.select().where(JejakAudit.tabel == "paket_bulanan")
                .order_by(JejakAudit.id))
    assert [j.aksi for j in rows] == ["buat", "ubah"]
    assert "manifest_sha256" in (rows[1].data_baru or "")

    older = paket_impor.impor(dinas_admin, contoh.v1)  # the Dinas chose the older one again
    assert older.hasil == "diganti" and "dibuat lebih dahulu" in older.pesan
    assert PaketBulanan.select().count() == 1
    assert lampiran.read(PaketBulanan.get().laporan_pdf_id) == contoh.pdf_v1


def test_several_files_one_result_each(contoh: Contoh, dinas_admin: Actor, tmp_path: Path
                                       ) -> None:
    bad = tmp_path / "bukan-paket.zip"
    bad.write_bytes(b"ini bukan zip")
    seen: list[tuple[int, int]] = []
    results = paket_impor.impor_banyak(dinas_admin, [contoh.v1, bad, contoh.v1, contoh.v2],
                                       progress=lambda d, t, _s: seen.append((d, t)))
    assert [r.hasil for r in results] == ["diterima", "ditolak", "tidak_berubah", "diganti"]
    assert results[1].baris.startswith("bukan-paket.zip: ditolak — Paket bukan-paket.zip "
                                       "ditolak: berkas ini bukan berkas zip paket")
    assert seen[0] == (0, 4) and seen[-1] == (4, 4)
    assert PaketBulanan.select().count() == 1


def test_package_only_without_live_records(contoh: Contoh, dinas_admin: Actor) -> None:
    """untuk_tahun takes a kecamatan-month from its package only when the database holds no
    live record of it; the import says so when there are."""
    paket_impor.impor(dinas_admin, contoh.v1)
    kec = gelumbang()
    assert ringkasan_bulan.untuk_tahun(TAHUN, [kec])[BULAN - 1].sumber == "paket"
    with write():
        p = Pendaftar.create(kecamatan=kec, nik="1603065203950001", nama="TKSK Langsung",
                             jenis_kelamin="P", tanggal_lahir=dt.date(1995, 3, 12),
                             tanggal_daftar=dt.date(2024, 12, 1))
        t = Penugasan.create(pendaftar=p.id, kecamatan=kec, sk_nomor="SK/1",
                             sk_tanggal=dt.date(2025, 1, 1), mulai=dt.date(2025, 1, 1))
        from kecamatan_app.models import BentukKegiatan

        b = BentukKegiatan.get(BentukKegiatan.kode == "koordinasi_informasi")
        Kegiatan.create(kecamatan=kec, penugasan=t.id, tanggal=dt.date(TAHUN, BULAN, 9),
                        fungsi=b.fungsi_id, bentuk=b.id, judul="Draf langsung", status="draf")
    live = ringkasan_bulan.untuk_tahun(TAHUN, [kec])[BULAN - 1]
    assert live.sumber == "langsung" and live.kegiatan == 0 and live.status == ""
    assert live == ringkasan_bulan.dari_data(kec, TAHUN, BULAN)
    again = paket_impor.impor(dinas_admin, contoh.v2)
    assert again.hasil == "diganti" and "dasbor memakai data langsung" in again.pesan


def test_export_refuses_a_month_not_approved(admin: Actor, tmp_path: Path) -> None:
    k = siapkan_kecamatan(admin, tmp_path)
    dest = tmp_path / "april.zip"
    with pytest.raises(Conflict, match="Laporan bulanan April 2025 belum disusun"):
        paket_ekspor.ekspor(k.tksk, 2025, 4, dest)
    info = laporan.open_month(k.tksk, 2025, 4)
    with pytest.raises(Conflict, match=r"berstatus Draf\. Paket hanya dapat dibuat setelah "
                                       "laporan disetujui Camat"):
        paket_ekspor.ekspor(k.tksk, 2025, 4, dest)
    laporan.move(k.tksk, info.id, "diajukan")
    with pytest.raises(Conflict, match="berstatus Diajukan"):
        paket_ekspor.ekspor(k.camat, 2025, 4, dest)
    march = laporan.get(k.camat, TAHUN, BULAN)
    assert march is not None
    laporan.move(k.camat, march.id, "dikembalikan", "Perbaiki")
    with pytest.raises(Conflict, match="berstatus Dikembalikan"):
        paket_ekspor.ekspor(k.camat, TAHUN, BULAN, dest)
    assert paket_ekspor.bulan_siap(k.camat) == []
    assert not dest.exists() and not list(tmp_path.glob("*.tmp"))


def test_export_to_a_missing_folder_writes_nothing(admin: Actor, tmp_path: Path) -> None:
    from kecamatan_app.services.cetak_tksk import PrintFileError

    k = siapkan_kecamatan(admin, tmp_path)
    n = JejakAudit.select().count()
    with pytest.raises(PrintFileError, match="Paket tidak dapat ditulis"):
        paket_ekspor.ekspor(k.tksk, TAHUN, BULAN, tmp_path / "tidak-ada" / "paket.zip")
    assert JejakAudit.select().count() == n


def test_each_side_only_on_its_kind_of_database(contoh: Contoh, admin: Actor) -> None:
    with pytest.raises(Conflict, match="diterima di basis data Dinas Sosial"):
        paket_impor.impor(admin, contoh.v1)
    with pytest.raises(Conflict, match="diterima di basis data Dinas Sosial"):
        paket_impor.impor_banyak(admin, [contoh.v1])
    assert not lingkup.is_dinas() and PaketBulanan.select().count() == 0


def test_export_refused_in_a_dinas_database(dinas_admin: Actor, tmp_path: Path) -> None:
    with pytest.raises(Conflict, match="tidak perlu mengirim paket"):
        paket_ekspor.ekspor(dinas_admin, TAHUN, BULAN, tmp_path / "x.zip")
