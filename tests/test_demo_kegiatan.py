"""``kecamatan-app demo``: the year of activities and referrals it adds (every function and form,
every referral state with a dated history, gapless letter numbers, nothing in the future but
plans, photos without EXIF), and reproducibility for a seed."""

from __future__ import annotations

import datetime as dt
import io
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from kecamatan_app.config import DatabaseTarget
from kecamatan_app.db import close_database, open_database
from kecamatan_app.models import (
    BentukKegiatan,
    FungsiKegiatan,
    InstansiRujukan,
    Kegiatan,
    KegiatanFoto,
    KegiatanMitra,
    KegiatanSasaran,
    KegiatanTemplat,
    Penugasan,
    RiwayatRujukan,
    Rujukan,
)
from kecamatan_app.models.base import database, fk
from kecamatan_app.services import audit, demo, lampiran, rujukan
from kecamatan_app.services.context import Actor

SEED = 3


def _sample() -> list[tuple[Any, ...]]:
    rows = [(k.tanggal, k.judul, k.peserta_l, k.peserta_p, k.status)
            for k in Kegiatan.select().order_by(Kegiatan.id)]
    rows += [(r.nomor_surat, r.status, r.hasil, r.__data__["warga"], r.__data__["keluarga"])
             for r in Rujukan.select().order_by(Rujukan.id)]
    return rows


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory
           ) -> Iterator[tuple[demo.DemoResult, float, list[tuple[Any, ...]]]]:
    """One demo database for the whole module (the demo takes a few seconds), with a sample of
    what it wrote for the reproducibility test."""
    folder = tmp_path_factory.mktemp("demo-kegiatan")
    (folder / "data").mkdir()
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("KECAMATAN_APP_DATA_DIR", str(folder / "data"))
        mp.setenv("KECAMATAN_APP_LOG_DIR", str(folder / "log"))
        mp.delenv("KECAMATAN_APP_DB", raising=False)
        open_database(DatabaseTarget.parse(folder / "data" / "kecamatan.sqlite3"))
        try:
            start = time.perf_counter()
            result = demo.run(seed=SEED)
            yield result, time.perf_counter() - start, _sample()
        finally:
            close_database()


def _window(result: demo.DemoResult) -> dt.date:
    assert result.kegiatan is not None
    if result.kegiatan.dari is None or (dt.date.today() - result.kegiatan.dari).days < 90:
        pytest.skip("Masa tugas TKSK contoh baru dimulai (kurang dari 90 hari): demo kegiatan "
                    "belum mencakup semua keadaan.")
    return result.kegiatan.dari


def test_activities_cover_every_function_and_form(filled: Any) -> None:
    result, seconds, _ = filled
    start = _window(result)
    assert seconds < 60
    today = dt.date.today()
    items = list(Kegiatan.select())
    bentuk = {b.id: b.kode for b in BentukKegiatan.select()}
    fungsi = {f.id: f.kode for f in FungsiKegiatan.select()}
    assert {bentuk[fk(k, "bentuk")] for k in items} == set(bentuk.values())
    assert {fungsi[fk(k, "fungsi")] for k in items} == set(fungsi.values())
    term = Penugasan.get(Penugasan.aktif).mulai
    assert start == max(term, today - dt.timedelta(days=364))
    assert all(k.tanggal >= start for k in items)  # inside the TKSK's term, within a year
    assert all(k.tanggal <= today for k in items if k.status == "final")
    drafts = [k for k in items if k.status == "draf"]
    assert 2 <= len(drafts) <= 4
    assert all((k.tanggal.year, k.tanggal.month) == (today.year, today.month) for k in drafts)
    assert all(not k.hasil for k in drafts)
    per_month: Counter[tuple[int, int]] = Counter(
        (k.tanggal.year, k.tanggal.month) for k in items
        if bentuk[fk(k, "bentuk")] != "rujukan" and k.status == "final")
    full = [m for m in per_month if dt.date(*m, 1) > start and m != (today.year, today.month)]
    assert full and all(15 <= per_month[m] <= 25 for m in full), per_month
    own = [k for k in items if bentuk[fk(k, "bentuk")] != "rujukan" and k.status == "final"]
    assert all(k.uraian and k.hasil for k in own)
    assert sum(k.peserta_l for k in own) > 0 and sum(k.peserta_p for k in own) > 0
    assert {k.hambatan_kategori for k in own} >= {"transportasi", "geografi_cuaca", "waktu",
                                                  "keterbukaan_data", "lainnya", ""}
    assert all(k.hambatan for k in own if k.hambatan_kategori)
    assert {k.lingkup for k in own} == {"desa", "beberapa", "kecamatan"}
    partners = list(KegiatanMitra.select())
    assert any(fk(m, "psks") for m in partners) and any(fk(m, "instansi") for m in partners)
    assert any(fk(m, "psks") is None and fk(m, "instansi") is None and m.nama for m in partners)
    targets = list(KegiatanSasaran.select())
    assert any(fk(s, "warga") for s in targets) and any(fk(s, "keluarga") for s in targets)
    assert KegiatanTemplat.select().count() == 2
    texts = " ".join(k.judul + " " + k.uraian for k in own)
    for word in ("BPNT", "PKH", "Dinas Sosial", "BAZNAS", "PSM", "Karang Taruna", "LKS"):
        assert word in texts, word


def test_referrals_in_every_state_with_dated_history(filled: Any) -> None:
    _window(filled[0])
    today = dt.date.today()
    refs = list(Rujukan.select())
    assert 36 <= len(refs) <= 44
    assert set(Counter(r.status for r in refs)) == set(rujukan.STATUS)
    assert {r.hasil for r in refs if r.status == "selesai"} == set(rujukan.HASIL)
    overdue = [r for r in refs if rujukan.terlambat_hari(r.status, r.jatuh_tempo, today) > 0]
    assert any(r.status == "diajukan" for r in overdue)
    assert any(r.status == "diajukan" and r not in overdue for r in refs)  # still in time
    overrides = [r for r in refs if r.persetujuan == "dikecualikan"]
    assert 2 <= len(overrides) <= 8 and all(r.alasan_tanpa_persetujuan for r in overrides)
    kode = {i.id: i.kode for i in InstansiRujukan.select()}
    per_agency = Counter(kode[fk(r, "instansi")] for r in refs)
    assert len(per_agency) >= 7
    health = sum(per_agency[k] for k in ("puskesmas", "rsud", "bpjs_kes", "dinkes"))
    assert health > len(refs) / 3
    for r in refs:
        steps = list(r.riwayat.order_by(RiwayatRujukan.id))
        assert steps[0].status == "diajukan" and steps[0].tanggal == r.tanggal
        assert steps[-1].status == r.status
        dates = [s.tanggal for s in steps]
        assert dates == sorted(dates) and dates[-1] <= today
        for s in steps[1:]:
            if s.status in ("ditolak", "selesai", "dibatalkan"):
                assert s.alasan, (r.nomor_surat, s.status)
        if r.status in ("diterima", "ditolak", "selesai"):
            assert r.balasan
        k = Kegiatan.get_by_id(fk(r, "kegiatan"))
        assert k.tanggal == r.tanggal and BentukKegiatan.get_by_id(fk(k, "bentuk")).kode \
            == "rujukan"
    assert RiwayatRujukan.select().where(RiwayatRujukan.lampiran.is_null(False)).count() >= 1


def test_letter_numbers_per_year_without_gaps(filled: Any) -> None:
    by_year: dict[int, list[Rujukan]] = defaultdict(list)
    for r in Rujukan.select().order_by(Rujukan.nomor_urut):
        by_year[r.tahun].append(r)
    assert by_year
    for year, rows in by_year.items():
        assert [r.nomor_urut for r in rows] == list(range(1, len(rows) + 1)), year
        assert all(r.tanggal.year == year for r in rows)
        dates = [r.tanggal for r in rows]
        assert dates == sorted(dates)  # numbered in the order they were written
    numbers = [r.nomor_surat for r in Rujukan.select()]
    assert len(set(numbers)) == len(numbers)


def test_photos_present_and_stored_without_exif(filled: Any) -> None:
    photos = list(KegiatanFoto.select())
    assert 6 <= len(photos) <= 27
    per_activity = Counter(fk(f, "kegiatan") for f in photos)
    assert max(per_activity.values()) <= 3
    for f in photos:
        assert "foto contoh" in f.keterangan
        for lamp in (fk(f, "lampiran"), fk(f, "thumbnail")):
            assert lamp is not None
            with Image.open(io.BytesIO(lampiran.read(lamp))) as img:
                assert img.format == "JPEG"
                assert len(img.getexif()) == 0 and "exif" not in img.info
    assert all(Kegiatan.get_by_id(k).status == "final" for k in per_activity)


def test_audit_chain_and_description(filled: Any) -> None:
    result = filled[0]
    check = audit.verify_chain()
    assert check.ok, check.message
    lines = demo.describe(result)
    line = next(x for x in lines if x.startswith("Kegiatan contoh"))
    assert "rujukan" in line and "lewat tenggat" in line
    entries = audit.count(Actor.system(), audit.AuditFilter(tabel="kegiatan", aksi="buat"))
    assert entries == Kegiatan.select().count()  # every activity went through the service


def test_same_seed_same_activities(filled: Any, tmp_path: Path,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """A second demo with the module's seed, in a new folder, writes the same activities and
    referrals; the module's database is put back afterwards."""
    from kecamatan_app import db as db_module

    module_db = database.obj
    monkeypatch.setattr(db_module, "_current", db_module._current)  # put back at teardown
    folder = tmp_path / "data2"
    folder.mkdir()
    monkeypatch.setenv("KECAMATAN_APP_DATA_DIR", str(folder))
    try:
        open_database(DatabaseTarget.parse(folder / "kecamatan.sqlite3"))
        demo.run(seed=SEED)
        assert _sample() == filled[2]
    finally:
        close_database()
        database.initialize(module_db)


def test_reports_in_every_state_with_their_archive(filled: Any) -> None:
    """The demo's monthly reports: every past month of the TKSK's term submitted, most approved
    with an archived PDF whose hash matches, one returned with the camat's reason, last month
    waiting for the camat, this month a draft."""
    import hashlib

    from kecamatan_app.models import LaporanBulanan, RiwayatLaporan
    from kecamatan_app.services import kunci_bulan, lampiran

    result = filled[0]
    assert result.laporan is not None
    rows = list(LaporanBulanan.select().order_by(LaporanBulanan.tahun, LaporanBulanan.bulan))
    statuses = [r.status for r in rows]
    today = dt.date.today()
    assert (rows[-1].tahun, rows[-1].bulan, rows[-1].status) == (today.year, today.month, "draf")
    assert statuses[-2] == "diajukan"
    assert statuses[-3] == "dikembalikan"
    assert statuses.count("disetujui") == result.laporan.disetujui >= 1
    for r in rows:
        if r.status == "disetujui":
            data = lampiran.read(r.__data__["arsip_pdf"])
            assert hashlib.sha256(data).hexdigest() == r.arsip_sha256
            assert data.startswith(b"%PDF")
            assert kunci_bulan.status(r.__data__["kecamatan"], r.tahun, r.bulan) is not None
        if r.status != "draf":
            first = (RiwayatLaporan.select().where((RiwayatLaporan.laporan == r.id)
                                                   & (RiwayatLaporan.status == "diajukan"))
                     .order_by(RiwayatLaporan.id).first())
            assert r.diajukan_pada is not None and first is not None
            # submitted in the month after the report's month, as an office would
            assert (first.pada.year, first.pada.month) > (r.tahun, r.bulan)
    returned = next(r for r in rows if r.status == "dikembalikan")
    reasons = [h.alasan for h in returned.riwayat if h.status == "dikembalikan"]
    assert reasons and reasons[-1]
    line = next(x for x in demo.describe(result) if x.startswith("Laporan bulanan"))
    assert "disetujui" in line and "dikembalikan" in line
