"""``kecamatan-app demo --size kabupaten`` at a small scale (the full size is measured in
docs/performance.md): a Dinas database of Muara Enim with its 22 kecamatan and official codes,
valid NIK of each person's own kecamatan, users scoped to their kecamatan, activities only with
valid function/form pairs, referrals and monthly reports in every state, a search index that
finds a demo person, and a second demo refused. SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kecamatan_app.config import DatabaseTarget
from kecamatan_app.db import close_database, open_database
from kecamatan_app.models import (
    DataPPKS,
    Desa,
    Kecamatan,
    Kegiatan,
    KegiatanDesa,
    KegiatanSasaran,
    Keluarga,
    LaporanBulanan,
    Pengguna,
    Penugasan,
    RiwayatLaporan,
    Rujukan,
    Warga,
    database,
)
from kecamatan_app.models.base import fk
from kecamatan_app.services import (
    audit,
    demo,
    demo_kabupaten,
    lampiran,
    lingkup,
    registri,
    registri_cari,
    users,
    wilayah,
)
from kecamatan_app.services.context import Actor
from kecamatan_app.services.demo_kabupaten_kegiatan import pasangan_sah
from kecamatan_app.services.errors import Conflict
from kecamatan_app.services.nik import check_nik, check_no_kk
from tests import conftest

ORANG = 1_500
KEGIATAN = 1_000
ARSIP = 3
pytestmark = pytest.mark.slow  # one small kabupaten demo for the module: about 15-30 s


@pytest.fixture(scope="module")
def kabupaten(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
              ) -> Iterator[demo_kabupaten.HasilKabupaten]:
    folder = tmp_path_factory.mktemp("demo-kabupaten")
    (folder / "data").mkdir()
    name = ""
    if conftest.PG_SERVER:
        template = request.getfixturevalue("_pg_template")
        name = "uji_kab_" + uuid.uuid4().hex[:12]
        conn = conftest._pg_admin()
        with conn.cursor() as cur:
            cur.execute(f"CREATE DATABASE {name} TEMPLATE {template}")
        conn.close()
        target = DatabaseTarget.parse(f"{conftest.PG_SERVER}/{name}")
    else:
        target = DatabaseTarget.parse(folder / "data" / "kecamatan.sqlite3")
    lines: list[str] = []
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("KECAMATAN_APP_DATA_DIR", str(folder / "data"))
        mp.setenv("KECAMATAN_APP_LOG_DIR", str(folder / "log"))
        mp.delenv("KECAMATAN_APP_DB", raising=False)
        open_database(target)
        try:
            result = demo_kabupaten.run(seed=4, orang=ORANG, kegiatan=KEGIATAN, arsip=ARSIP,
                                        progress=lines.append)
            assert len(lines) == 1 + 22  # the kabupaten, then one line per kecamatan
            yield result
        finally:
            close_database()
            if name:
                conftest._PG_FINISHED.append(name)


def _kecamatan_of_desa() -> dict[int, int]:
    return {d.id: fk(d, "kecamatan") for d in Desa.select(Desa.id, Desa.kecamatan)}


def test_muara_enim_with_its_22_kecamatan_and_official_desa(kabupaten: Any) -> None:
    assert lingkup.is_dinas() and lingkup.kabupaten_kode() == "16.03"
    official = wilayah.kecamatan_of_kabupaten("16.03")
    rows = list(Kecamatan.select().order_by(Kecamatan.kode))
    assert [k.kode for k in rows] == [k.kode for k in official] and len(rows) == 22
    for k in rows:
        assert {d.kode for d in Desa.select().where(Desa.kecamatan == k.id)} == {
            d.kode for d in wilayah.desa_of(k.kode)}
    assert Desa.select().count() == kabupaten.desa == 256
    assert Warga.select().count() == ORANG == kabupaten.total("warga")
    assert Kegiatan.select().count() == KEGIATAN == kabupaten.total("kegiatan")
    assert all(k.warga > 0 and k.kegiatan > 0 for k in kabupaten.kecamatan)
    text = "\n".join(demo.describe(kabupaten))
    assert "22 kecamatan" in text and "256 desa" in text


def test_every_nik_is_valid_for_its_own_kecamatan(kabupaten: Any) -> None:
    kec_of = _kecamatan_of_desa()
    kode = {k.id: k.kode.replace(".", "") for k in Kecamatan.select()}
    niks = []
    for w in Warga.select():
        res = check_nik(w.nik, w.tanggal_lahir, w.jenis_kelamin)
        assert res.errors == [] and res.warnings == [], (w.nik, res)
        assert w.nik[:6] == kode[kec_of[fk(w, "desa")]], (w.nik, w.nama)
        assert w.nama.endswith(" (contoh)")
        niks.append(w.nik)
    assert len(set(niks)) == len(niks)
    for h in Keluarga.select():
        assert check_no_kk(h.no_kk).errors == []
        assert h.no_kk[:6] == kode[kec_of[fk(h, "desa")]]
    # a person's household, dusun and PPKS records stay inside the person's kecamatan
    for w in Warga.select(Warga, Keluarga).join(Keluarga):
        assert kec_of[fk(w, "desa")] == kec_of[fk(w.keluarga, "desa")]
    assert DataPPKS.select().count() > 0


def test_each_kecamatan_has_its_cast_and_scoped_users(kabupaten: Any) -> None:
    kecs = {k.id: k for k in Kecamatan.select()}
    per_kec: dict[int | None, Counter[str]] = {}
    for u in Pengguna.select():
        per_kec.setdefault(fk(u, "kecamatan"), Counter())[u.peran] += 1
    assert per_kec[None] == Counter({"admin": 1, "dinas": 1})
    for kid in kecs:
        assert per_kec[kid] == Counter({"operator": 1, "tksk": 1, "camat": 1}), kecs[kid].nama
        assert Penugasan.select().where((Penugasan.kecamatan == kid) & Penugasan.aktif).count() == 1
    for u in Pengguna.select().where(Pengguna.kecamatan.is_null(False)):
        actor = users.actor_for(u)
        assert lingkup.kecamatan_scope(actor) == fk(u, "kecamatan")
        assert lingkup.visible_kecamatan_ids(actor) == [fk(u, "kecamatan")]
    dinas_user = users.actor_for(Pengguna.get(Pengguna.nama_pengguna == "dinas"))
    assert lingkup.is_dinas_user(dinas_user)
    assert len(lingkup.visible_kecamatan_ids(dinas_user)) == 22
    names = [a.nama_lengkap for a in kabupaten.accounts if a.peran != "admin"]
    assert all(n.endswith("(contoh)") or "(contoh)" in n for n in names)


def test_activities_use_valid_pairs_and_stay_in_their_kecamatan(kabupaten: Any) -> None:
    valid = pasangan_sah()
    kec_of = _kecamatan_of_desa()
    term = {t.id: fk(t, "kecamatan") for t in Penugasan.select()}
    today = dt.date.today()
    for k in Kegiatan.select():
        assert (fk(k, "fungsi"), fk(k, "bentuk")) in valid, (k.judul, k.fungsi, k.bentuk)
        assert term[fk(k, "penugasan")] == fk(k, "kecamatan")
        assert k.status == "draf" or (k.tanggal <= today and k.uraian and k.hasil)
    kegiatan_kec = {k.id: fk(k, "kecamatan") for k in Kegiatan.select(Kegiatan.id,
                                                                       Kegiatan.kecamatan)}
    for d in KegiatanDesa.select():
        assert kec_of[fk(d, "desa")] == kegiatan_kec[fk(d, "kegiatan")]
    warga_kec = {w.id: kec_of[fk(w, "desa")] for w in Warga.select(Warga.id, Warga.desa)}
    for s in KegiatanSasaran.select().where(KegiatanSasaran.warga.is_null(False)):
        assert warga_kec[fk(s, "warga")] == kegiatan_kec[fk(s, "kegiatan")]
    # the drafts are plans of the current month; earlier months hold only final activities
    drafts = Kegiatan.select().where(Kegiatan.status == "draf")
    assert drafts.count() > 0
    assert all((k.tanggal.year, k.tanggal.month) == (today.year, today.month) for k in drafts)
    assert kabupaten.total("foto") > 0


def test_referrals_and_reports_in_every_state(kabupaten: Any) -> None:
    assert {r.status for r in Rujukan.select()} == {"diajukan", "diterima", "ditolak", "selesai",
                                                    "dibatalkan"}
    reports = list(LaporanBulanan.select())
    assert {r.status for r in reports} == {"draf", "diajukan", "dikembalikan", "disetujui"}
    approved = [r for r in reports if r.status == "disetujui"]
    assert len(approved) == ARSIP
    for r in approved:  # never an approval without its archived PDF
        data = lampiran.read(fk(r, "arsip_pdf"))
        assert data.startswith(b"%PDF") and hashlib.sha256(data).hexdigest() == r.arsip_sha256
        assert r.disetujui_pada is not None and fk(r, "disetujui_oleh") is not None
    for r in reports:
        assert (r.diajukan_pada is None) == (r.status == "draf")
        steps = [h.status for h in r.riwayat.order_by(RiwayatLaporan.id)]
        assert steps[0] == "draf" and r.versi == len(steps)
    # some months were never reported: the Dinas calendar shows them as missing
    per_kec = Counter(fk(r, "kecamatan") for r in reports)
    assert min(per_kec.values()) < max(per_kec.values())


def test_search_index_finds_a_demo_person_by_name_fragment(kabupaten: Any) -> None:
    person = Warga.select().order_by(Warga.id.desc()).first()  # the last kecamatan's last person
    family = person.nama.split()[1]
    fragment = family[1:5]
    assert len(fragment) == 4
    operator = users.actor_for(Pengguna.get(
        (Pengguna.peran == "operator") & (Pengguna.kecamatan == Desa.get_by_id(
            fk(person, "desa")).__data__["kecamatan"])))
    found = registri_cari.search(operator, registri_cari.SearchFilter(fragment), 0, 5000)
    assert person.id in {r.id for r in found}
    assert all(fragment.lower() in (r.nama.lower()) or r.id for r in found)
    by_nik = registri_cari.search(operator, registri_cari.SearchFilter(person.nik), 0, 10)
    assert [r.id for r in by_nik] == [person.id]
    if not conftest.PG_SERVER:  # the FTS5 index matches its table exactly
        database.execute_sql("INSERT INTO warga_fts(warga_fts) VALUES ('integrity-check')")
        database.execute_sql("INSERT INTO keluarga_fts(keluarga_fts) VALUES ('integrity-check')")
    # what the index finds is exactly what a plain scan finds
    system = Actor.system("uji")
    n_index = registri_cari.count(system, registri_cari.SearchFilter(fragment))
    n_scan = sum(1 for w in Warga.select(Warga.nama, Warga.alamat)
                 if fragment.lower() in w.nama.lower() or fragment.lower() in w.alamat.lower())
    assert n_index == n_scan > 0


def test_audit_chain_and_later_writes(kabupaten: Any) -> None:
    assert audit.verify_chain().ok
    # the id sequences moved past the bulk rows: the services insert after them
    admin = Actor.system("uji")
    desa = Desa.select().first()
    saved = registri.create_warga(admin, registri.WargaData(
        nik="1603010101900999", nama="Warga Baru (contoh)", jenis_kelamin="L",
        tanggal_lahir=dt.date(1990, 1, 1), desa_id=desa.id))
    assert saved.id > max(w.id for w in Warga.select(Warga.id).where(Warga.id != saved.id))


def test_second_demo_on_the_filled_database_is_refused(kabupaten: Any) -> None:
    before = Warga.select().count()
    for size in ("kabupaten", "kecamatan"):
        with pytest.raises(Conflict, match="basis data kosong"):
            demo.run(size, seed=9)
    assert Warga.select().count() == before


def test_cli_refuses_the_kabupaten_demo_on_a_kecamatan_database(
        office: Any, db_target: DatabaseTarget, data_dir: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    from kecamatan_app import cli

    code = cli.main(["--db", db_target.location, "demo", "--size", "kabupaten"])
    assert code == cli.EXIT_REFUSED
    assert "basis data kosong" in capsys.readouterr().err
    open_database(db_target)
    assert not lingkup.is_dinas() and Kecamatan.select().count() == 1
