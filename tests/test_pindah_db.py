"""Copying a whole SQLite office into an empty PostgreSQL database (services/pindah_db,
``kecamatan-app pindah-ke-postgresql``).

The copies need the PostgreSQL server of ``KECAMATAN_APP_TEST_PG`` and are skipped without it;
the refusals that are decided before any server is contacted run on every backend."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
import zipfile
from pathlib import Path
from typing import Any

import pytest
from peewee import AutoField

from kecamatan_app import cli
from kecamatan_app.db import close_database, open_database
from kecamatan_app.models import Pengguna, database
from kecamatan_app.services import lampiran, lingkup, pindah_db, registri_cari, settings, users
from kecamatan_app.services.audit import verify_chain
from kecamatan_app.services.errors import AuthError
from kecamatan_app.services.pindah_sumber import MODEL_SALIN, PindahDitolak, Sumber
from tests.conftest import ADMIN_PASSWORD
from tests.pindah_bantu import (
    PG_SERVER,
    Contoh,
    buat_demo,
    buat_kecil,
    perlu_pg,
    pg_counts,
    pg_database,
    pg_schema,
    salin_berkas,
)


@pytest.fixture(scope="module")
def contoh(tmp_path_factory: pytest.TempPathFactory) -> Contoh:
    return buat_demo(tmp_path_factory.mktemp("sumber"))


@pytest.fixture
def kecil(tmp_path: Path, data_dir: Path) -> Path:
    return buat_kecil(tmp_path / "kecil")


def _isi_sumber(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every copied table as Python values, read from the SQLite file."""
    with Sumber(path) as src:
        return {t.nama: [row for page in src.baris(t, 5000) for row in page]
                for t in src.tabel}


def _isi_tujuan() -> dict[str, list[tuple[Any, ...]]]:
    out: dict[str, list[tuple[Any, ...]]] = {}
    for model in MODEL_SALIN:
        fields = list(model._meta.sorted_fields)
        out[str(model._meta.table_name)] = list(
            model.select(*fields).order_by(model._meta.primary_key).tuples())
    return out


# -- refusals decided before the target is touched (both backends) -----------------------------


def test_target_must_be_postgresql(kecil: Path, tmp_path: Path) -> None:
    target = tmp_path / "tujuan.sqlite3"
    with pytest.raises(PindahDitolak, match="bukan server PostgreSQL"):
        pindah_db.pindah(kecil, str(target))
    assert not target.exists()


def test_source_not_a_database_of_this_app(tmp_path: Path, data_dir: Path) -> None:
    text = tmp_path / "catatan.sqlite3"
    text.write_text("bukan basis data\n" * 10, "utf-8")
    with pytest.raises(PindahDitolak, match="bukan basis data aplikasi Kecamatan TKSK"):
        pindah_db.pindah(text, "postgresql://tidak-dipakai@127.0.0.1:1/x")
    backup = tmp_path / "cadangan.zip"
    with zipfile.ZipFile(backup, "w") as zf:
        zf.writestr("manifest.json", "{}")
    with pytest.raises(PindahDitolak, match="berkas cadangan, bukan basis data"):
        pindah_db.pindah(backup, "postgresql://tidak-dipakai@127.0.0.1:1/x")
    other = tmp_path / "lain.sqlite3"
    sqlite3.connect(other).execute("CREATE TABLE x (a)").connection.commit()
    with pytest.raises(PindahDitolak, match="program lain"):
        pindah_db.pindah(other, "postgresql://tidak-dipakai@127.0.0.1:1/x")


@pytest.mark.parametrize("delta, words", [(-1, r"masih memakai skema versi .* ulangi"),
                                          (1, "versi aplikasi yang lebih baru")])
def test_other_schema_version_refused_target_unchanged(kecil: Path, delta: int,
                                                       words: str) -> None:
    con = sqlite3.connect(kecil)
    con.execute("UPDATE versi_skema SET versi = versi + ?", (delta,))
    con.commit()
    con.close()
    if not PG_SERVER:
        with pytest.raises(PindahDitolak, match=words):
            pindah_db.pindah(kecil, "postgresql://tidak-dipakai@127.0.0.1:1/x")
        return
    with pg_database() as url:
        with pytest.raises(PindahDitolak, match=words):
            pindah_db.pindah(kecil, url)
        assert pg_counts(url) == {}  # not even the schema was created


def test_cli_usage(capsys: pytest.CaptureFixture[str], data_dir: Path) -> None:
    with pytest.raises(SystemExit) as exit_:
        cli.main(["pindah-ke-postgresql"])
    assert exit_.value.code == cli.EXIT_USAGE
    assert "--dari" in capsys.readouterr().err


# -- copies (PostgreSQL) ------------------------------------------------------------------------


@perlu_pg
def test_copy_everything_round_trips(contoh: Contoh, data_dir: Path) -> None:
    before = _isi_sumber(contoh.path)
    counts = {t: len(r) for t, r in before.items()}
    seen: list[tuple[str, int, int]] = []
    with pg_database() as url:
        hasil = pindah_db.pindah(contoh.path, url, halaman=500,
                                 progress=lambda t, d, n: seen.append((t, d, n)))
        # every table, same rows (ids, dates, times, booleans, NIK, JSON text) on both sides
        after = _isi_tujuan()
        mine = after["jejak_audit"].pop()  # the entry of the copy itself, checked below
        # contents: files beside the SQLite file (and one blob row), rows on PostgreSQL
        blob = before.pop("lampiran_isi")
        assert blob == [v_foto := (contoh.nilai["foto"][0], contoh.nilai["foto"][1])]
        isi = after.pop("lampiran_isi")
        assert [r[0] for r in isi] == [r[0] for r in before["lampiran"]]
        assert v_foto in [(r[0], bytes(r[1])) for r in isi]
        for table, rows in before.items():
            assert after[table] == rows, table
        assert mine[0] == before["jejak_audit"][-1][0] + 1
        assert hasil.jumlah == counts
        assert hasil.lampiran == len(before["lampiran"]) > 0
        assert hasil.audit_utuh
        # values as the app read them from SQLite before the copy
        v = contoh.nilai
        from kecamatan_app.models import JejakAudit, LaporanBulanan, Pendaftar, Penugasan, Warga

        w = Warga.get_by_id(v["warga"][0])
        assert (w.id, w.nik, w.nama, w.tanggal_lahir, w.meninggal) == v["warga"]
        assert isinstance(w.tanggal_lahir, dt.date) and w.meninggal is True
        assert [p.dapat_komputer for p in Pendaftar.select().order_by(Pendaftar.id)] \
            == v["pendaftar_komputer"]
        assert None in v["pendaftar_komputer"] and True in v["pendaftar_komputer"]
        camat = Pengguna.get(Pengguna.nama_pengguna == "camat")
        assert camat.terkunci_sampai == v["terkunci_sampai"]
        assert camat.terkunci_sampai.microsecond == 891011
        first, later = v["penugasan"]
        assert Penugasan.get_by_id(first).__data__["menggantikan"] == later
        lap = LaporanBulanan.get_by_id(v["laporan"][0])
        assert (lap.id, lap.disetujui_pada, lap.__data__["arsip_pdf"]) == v["laporan"]
        audit_id, waktu, hash_ = v["audit"]
        row = JejakAudit.get_by_id(audit_id)
        assert (row.waktu, row.hash) == (waktu, hash_)
        # attachments: contents on the server, byte for byte
        assert lampiran.read(v["laporan"][2]) == v["pdf"]
        assert lampiran.read(v["foto"][0]) == v["foto"][1]
        assert settings.get("tksk.usia_maks") == v["usia_maks"] == 40
        # progress: every table, ending at its total; the attachments twice (check, store)
        ends = {t: d for t, d, n in seen if d == n}
        assert set(before) <= set(ends)
        assert ends[pindah_db.TAHAP_PERIKSA] == ends[pindah_db.TAHAP_LAMPIRAN] == hasil.lampiran
        assert any(t == "warga" and 0 < d < n for t, d, n in seen)
        # the audit trail continues: one entry says where the data came from, chain intact
        last = JejakAudit.select().order_by(JejakAudit.id.desc()).first()
        assert last.aksi == pindah_db.AKSI and str(contoh.path) in last.ringkasan
        assert verify_chain().ok
        assert not lingkup.is_dinas()
        lines = hasil.ringkasan()
        assert "jumlah baris" in lines[1] and "Rantai jejak audit utuh" in lines[2]


@perlu_pg
def test_after_copy_login_search_and_new_ids(contoh: Contoh, data_dir: Path) -> None:
    with pg_database() as url:
        pindah_db.pindah(contoh.path, url)
        admin = users.login("admin", contoh.sandi_admin).actor
        with pytest.raises(AuthError):
            users.login("admin", contoh.sandi_admin + "x")
        # search by NIK and by a fragment of the name (pg_trgm indexes, kept by the server)
        wid, nik, nama = contoh.nilai["warga"][:3]
        found = registri_cari.search(admin, registri_cari.SearchFilter(teks=nik))
        assert [r.id for r in found] == [wid]
        assert registri_cari.count(admin, registri_cari.SearchFilter(teks=nik)) \
            == contoh.nilai["cari_nik"] == 1
        fragment = nama.split()[0][1:]
        assert len(fragment) >= 3
        found = registri_cari.search(admin, registri_cari.SearchFilter(teks=fragment.upper()),
                                     limit=5000)
        assert wid in {r.id for r in found}
        # every sequence continues after the largest copied id
        for model in MODEL_SALIN:
            key = model._meta.primary_key
            if not isinstance(key, AutoField):
                continue
            table = model._meta.table_name
            top = database.execute_sql(f'SELECT COALESCE(MAX(id), 0) FROM "{table}"') \
                .fetchone()[0]
            nxt = database.execute_sql("SELECT nextval(pg_get_serial_sequence(%s, 'id'))",
                                       (table,)).fetchone()[0]
            assert nxt == top + 1, table
        top_user = Pengguna.select().order_by(Pengguna.id.desc()).first().id
        info = users.create_user(admin, "operator2", "Operator Baru", "operator",
                                 "Sandi12345x", "Sandi12345x")
        assert info.id > top_user


@perlu_pg
def test_target_with_data_refused_and_unchanged(kecil: Path, tmp_path: Path) -> None:
    from tests.conftest import gelumbang_setup

    with pg_database() as url:
        from kecamatan_app.config import DatabaseTarget

        open_database(DatabaseTarget.parse(url))
        gelumbang_setup()
        close_database()
        before = pg_counts(url)
        with pytest.raises(PindahDitolak, match="sudah berisi data") as err:
            pindah_db.pindah(kecil, url)
        assert "kantor yang sudah disiapkan" in str(err.value)
        assert "tidak diubah" in str(err.value)
        assert pg_counts(url) == before


@perlu_pg
def test_missing_or_damaged_attachment_stops_before_writing(contoh: Contoh, tmp_path: Path,
                                                            data_dir: Path) -> None:
    copy = salin_berkas(contoh.path, tmp_path / "salinan")
    files = sorted(p for p in copy.with_name(copy.stem + "-lampiran").rglob("*") if p.is_file())
    files[0].unlink()
    with pg_database() as url:
        with pytest.raises(PindahDitolak, match="tidak ada di folder lampiran") as err:
            pindah_db.pindah(copy, url)
        assert files[0].name in str(err.value) and "cadangan" in str(err.value)
        assert pg_counts(url) == {}
        shutil.copytree(contoh.path.with_name(contoh.path.stem + "-lampiran"),
                        copy.with_name(copy.stem + "-lampiran"), dirs_exist_ok=True)
        files[1].write_bytes(files[1].read_bytes() + b"\0")
        with pytest.raises(PindahDitolak, match="rusak") as err:
            pindah_db.pindah(copy, url)
        assert files[1].name in str(err.value)
        assert pg_counts(url) == {}


@perlu_pg
def test_cancel_midway_leaves_target_empty_and_retry_works(
        contoh: Contoh, data_dir: Path, request: pytest.FixtureRequest) -> None:
    state = {"warga": 0}

    def progress(tabel: str, done: int, total: int) -> None:
        if tabel == "warga":
            state["warga"] = done

    with pg_database() as url:
        with pytest.raises(pindah_db.PindahDibatalkan, match="tetap kosong"):
            pindah_db.pindah(contoh.path, url, halaman=200, progress=progress,
                             batal=lambda: state["warga"] >= 400)
        assert 400 <= state["warga"] < 1000
        counts = pg_counts(url)
        assert counts["versi_skema"] == 1  # the schema was created ...
        data = {t: n for t, n in counts.items() if n and t not in pindah_db.BAWAAN}
        assert data == {"versi_skema": 1}  # ... and no row of the copy is left
        # the indexes and keys dropped for the load came back with the rollback
        schema = pg_schema(f"{PG_SERVER}/{request.getfixturevalue('_pg_template')}")
        assert pg_schema(url) == schema
        close_database()
        hasil = pindah_db.pindah(contoh.path, url)
        assert hasil.jumlah["warga"] == pg_counts(url)["warga"] > 0
        assert pg_schema(url) == schema


@perlu_pg
def test_unreadable_value_stops_midway_target_empty(kecil: Path) -> None:
    con = sqlite3.connect(kecil)
    con.execute("UPDATE pengguna SET sandi_diubah_pada = 'kemarin sore'")
    con.commit()
    con.close()
    with pg_database() as url:
        with pytest.raises(PindahDitolak, match=r"pengguna .*sandi_diubah_pada.*kemarin sore"):
            pindah_db.pindah(kecil, url)
        counts = pg_counts(url)
        assert counts["kecamatan"] == counts["desa"] == counts["pengguna"] == 0  # rolled back
        assert counts["versi_skema"] == 1


@perlu_pg
def test_dinas_database_keeps_its_kind(tmp_path: Path, data_dir: Path) -> None:
    source = buat_kecil(tmp_path / "dinas", dinas=True)
    with pg_database() as url:
        pindah_db.pindah(source, url)
        assert lingkup.is_dinas() and lingkup.kabupaten_kode() == "16.03"
        assert users.login("admin", ADMIN_PASSWORD).actor.role == "admin"


@perlu_pg
def test_cli_copies_into_fresh_schema_then_refuses(contoh: Contoh, data_dir: Path,
                                                   capsys: pytest.CaptureFixture[str],
                                                   request: pytest.FixtureRequest) -> None:
    template = request.getfixturevalue("_pg_template")  # schema and reference lists, no data
    with pg_database(template) as url:
        schema = pg_schema(url)
        args = ["pindah-ke-postgresql", "--dari", str(contoh.path), "--ke", url]
        assert cli.main(args) == cli.EXIT_OK
        # the indexes and foreign keys dropped for the load are all back, as they were
        assert pg_schema(url) == schema and len(schema[0]) > 100
        out = capsys.readouterr().out
        assert "  warga: " in out and "  jejak_audit: " in out
        assert "sama di kedua basis data" in out and "Langkah berikutnya" in out
        assert cli.main(args) == cli.EXIT_REFUSED
        assert "sudah berisi data" in capsys.readouterr().err


@perlu_pg
def test_copy_without_owning_the_tables_keeps_keys_in_place(
        contoh: Contoh, data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A role that does not own the tables cannot drop indexes and keys: the copy then runs
    with all of them in place; an appointment naming a later one still arrives intact."""
    from kecamatan_app.models import Penugasan
    from kecamatan_app.services import pindah_tulis

    monkeypatch.setattr(pindah_tulis, "_milik_sendiri", lambda tables: False)
    seen: set[str] = set()
    with pg_database() as url:
        hasil = pindah_db.pindah(contoh.path, url, progress=lambda t, d, n: seen.add(t))
        assert pindah_db.TAHAP_INDEKS not in seen
        first, later = contoh.nilai["penugasan"]
        assert Penugasan.get_by_id(first).__data__["menggantikan"] == later
        assert hasil.jumlah["warga"] == pg_counts(url)["warga"] > 0
