"""``kecamatan-app demo``: the mapping data it adds (counts, valid NIK, history, aid, PSKS,
assessments), reproducibility for a seed, and an intact audit chain."""

from __future__ import annotations

import datetime as dt
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from kecamatan_app.config import DatabaseTarget
from kecamatan_app.db import close_database, open_database
from kecamatan_app.models import (
    BantuanDiterima,
    DataPPKS,
    DataPSKS,
    Desa,
    Dusun,
    Kategori,
    Keluarga,
    Penilaian,
    ProgramBantuan,
    RekapPemetaan,
    RiwayatDataPPKS,
    StatusRegister,
    Warga,
)
from kecamatan_app.services import audit, demo, rekap
from kecamatan_app.services.nik import check_nik, check_no_kk


@pytest.fixture
def filled(db: Any) -> tuple[demo.DemoResult, float]:
    start = time.perf_counter()
    result = demo.run(seed=5)
    return result, time.perf_counter() - start


def test_dusun_for_every_desa(filled):
    per_desa = Counter(u.__data__["desa"] for u in Dusun.select())
    desas = list(Desa.select())
    assert set(per_desa) == {d.id for d in desas}
    assert all(2 <= n <= 4 for n in per_desa.values())
    kelurahan = next(d for d in desas if d.jenis == "kelurahan")
    names = {u.nama for u in Dusun.select().where(Dusun.desa == kelurahan.id)}
    assert "Lingkungan I" in names and "Lingkungan II" in names
    assert filled[0].pemetaan.dusun == sum(per_desa.values())


def test_rekap_for_last_year_and_this_semester(filled):
    year = dt.date.today().year
    n_kat = len(rekap.kategori_list("PPKS")) + len(rekap.kategori_list("PSKS"))
    n_desa = len(rekap.desa_list())
    for periode in (rekap.Periode(year - 1), rekap.Periode(year, semester=1)):
        rows = list(RekapPemetaan.select().where(periode.where()))
        assert len(rows) == n_desa * n_kat
        assert all(r.sumber == "Data contoh" for r in rows)
        known = [r for r in rows if r.jumlah_desa and r.jumlah_temuan is not None]
        higher = [r for r in known if r.jumlah_temuan > r.jumlah_desa]
        assert all(r.jumlah_temuan >= r.jumlah_desa for r in known)  # under-reporting only
        assert 0.1 <= len(higher) / len(known) <= 0.3
        assert any(r.jumlah_desa is None for r in rows)
        assert any(r.jumlah_temuan is None for r in rows)
    assert filled[0].pemetaan.rekap_sel == 2 * n_desa * n_kat


def test_households_and_persons_have_valid_unique_numbers(filled):
    persons = list(Warga.select())
    households = list(Keluarga.select())
    assert len(persons) >= 1000 and len(households) >= 300
    niks = [w.nik for w in persons]
    assert len(set(niks)) == len(niks)
    for w in persons:
        assert w.nik.startswith("160306") and w.nama.endswith(" (contoh)")
        res = check_nik(w.nik, w.tanggal_lahir, w.jenis_kelamin)
        assert res.errors == [] and res.warnings == [], (w.nik, res)
        assert w.tanggal_lahir <= dt.date.today()
        assert w.__data__["keluarga"] is not None and w.__data__["dusun"] is not None
    kks = [k.no_kk for k in households]
    assert len(set(kks)) == len(kks)
    for k in households:
        assert k.no_kk.startswith("160306") and check_no_kk(k.no_kk).errors == []
        assert k.alamat.startswith(("Dusun ", "Lingkungan ")) and " RT 0" in k.alamat
    relations = Counter(w.hubungan for w in persons)
    assert relations["Kepala Keluarga"] == len(households)
    assert relations["Istri"] > 100 and relations["Anak"] > 300
    women = [w for w in persons if w.jenis_kelamin == "P"]
    assert women and all(41 <= int(w.nik[6:8]) <= 71 for w in women)


def test_ppks_with_history_register_and_aid(filled):
    records = list(DataPPKS.select(DataPPKS, Kategori).join(Kategori))
    assert 140 <= len(records) <= 170
    statuses = Counter(r.status for r in records)
    assert {"teridentifikasi", "terverifikasi", "ditangani"} <= set(statuses)
    by_kind = Counter(r.kategori.kode for r in records)
    top_two = {k for k, _ in by_kind.most_common(2)}
    assert top_two == {"24", "08"}  # Fakir Miskin and Lanjut Usia Telantar
    assert by_kind["09"] >= 5
    specific = sum(n for k, n in by_kind.items() if k in {"15", "16", "17"})
    assert 1 <= specific <= 5
    history = Counter(h.__data__["data"] for h in RiwayatDataPPKS.select())
    for r in records:
        assert history[r.id] >= {"teridentifikasi": 1, "terverifikasi": 2}.get(r.status, 3)
    registers = list(StatusRegister.select())
    assert 0.45 <= len(registers) / len(records) <= 0.8
    assert {r.desil for r in registers if r.terdaftar} <= {1, 2, 3, 4}
    assert all(r.nama_register == "DTSEN" for r in registers)
    kode = {p.id: p.kode for p in ProgramBantuan.select()}
    aid = Counter(kode[b.__data__["program"]] for b in BantuanDiterima.select())
    assert aid["pkh"] and aid["bpnt"] and aid["pbi_jk"] > 20
    assert filled[0].pemetaan.bantuan_ganda == 1
    assert BantuanDiterima.select().where(BantuanDiterima.sumber.contains("ganda")).count() == 1


def test_psks_and_assessments(filled):
    rows = Counter(
        (p.kategori.kode, p.__data__["desa"])
        for p in DataPSKS.select(DataPSKS, Kategori).join(Kategori)
    )
    for d in Desa.select():
        assert rows[("02", d.id)] >= 1 and rows[("05", d.id)] == 1
    kinds = Counter(k for k, _ in rows.elements())
    assert kinds["04"] == 3 and kinds["03"] == 1
    assert Penilaian.select().count() == 10
    kelas = Counter(p.kelas for p in Penilaian.select())
    assert kelas["Sangat miskin"] + kelas["Miskin"] >= 6  # assessed: Fakir Miskin households


def test_audit_chain_and_description(filled):
    result, _seconds = filled
    check = audit.verify_chain()
    assert check.ok, check.message
    lines = demo.describe(result)
    assert lines[1].startswith("Pemetaan contoh:") and "penilaian kemiskinan" in lines[1]
    assert any("(contoh)" in line for line in lines)


def _sample() -> dict[str, Any]:
    return {
        "warga": [(w.nama, w.nik, w.tanggal_lahir) for w in Warga.select().order_by(Warga.id)],
        "kk": [k.no_kk for k in Keluarga.select().order_by(Keluarga.id)],
        "ppks": [
            (r.__data__["warga"], r.__data__["keluarga"], r.__data__["kategori"], r.status)
            for r in DataPPKS.select().order_by(DataPPKS.id)
        ],
        "rekap": [
            (r.tahun, r.semester, r.desa_id, r.kategori_id, r.jumlah_desa, r.jumlah_temuan)
            for r in RekapPemetaan.select().order_by(RekapPemetaan.id)
        ],
        "psks": [p.nama for p in DataPSKS.select().order_by(DataPSKS.id)],
    }


def _fresh(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Close the current database and open an empty one in its own data folder."""
    close_database()
    folder.mkdir()
    monkeypatch.setenv("KECAMATAN_APP_DATA_DIR", str(folder))
    open_database(DatabaseTarget.parse(folder / "kecamatan.sqlite3"))


def test_same_seed_same_data_in_two_folders(db, data_dir, tmp_path: Path, monkeypatch):
    demo.run(seed=7)
    first = _sample()
    _fresh(tmp_path / "data2", monkeypatch)
    demo.run(seed=7)
    assert _sample() == first
    assert len(first["warga"]) >= 1000
    _fresh(tmp_path / "data3", monkeypatch)
    demo.run(seed=8)
    other = _sample()
    assert other["warga"] != first["warga"] and other["rekap"] != first["rekap"]
