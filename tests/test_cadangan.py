"""Backup and restore (services/cadangan.py): what a backup holds, a consistent copy while
another connection writes, the checked restore with its safety copy and audit entries, every
refusal (and that a refused restore changes nothing), the daily automatic backup with pruning,
the pruning of copies before a migration, and who may do what."""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
import struct
import threading
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from kecamatan_app import __version__
from kecamatan_app import db as dbmod
from kecamatan_app.config import DatabaseTarget
from kecamatan_app.db import close_database, open_database
from kecamatan_app.migrations import LATEST
from kecamatan_app.models import JejakAudit, Kantor, Lampiran, Pengguna, Warga
from kecamatan_app.services import (
    audit,
    cadangan,
    cadangan_pulih,
    desa,
    lampiran,
    registri,
    settings,
)
from kecamatan_app.services import sandi_berkas as sb
from kecamatan_app.services.context import Actor
from kecamatan_app.services.errors import AppError, PermissionDenied, ValidationError
from kecamatan_app.services.tx import write

#: The app's own backup is of the SQLite file (online backup API); a PostgreSQL office backs up
#: with pg_dump (docs/cadangan.md), checked by test_postgresql_points_to_the_documented_procedure.
pytestmark = pytest.mark.sqlite_only

FIXTURES = Path(__file__).parent / "fixtures" / "db"
SANDI = "Sandi-Kantor-2026"
N_WARGA = 300


@dataclass
class Isi:
    target: DatabaseTarget
    shas: list[str]
    alamat: str


def add_people(count: int, start: int = 0) -> None:
    desa_id = desa.resolve("Sigam").id
    registri.bulk_insert_persons([
        registri.WargaData(nik=f"160306120399{i:04d}", nama=f"Warga Contoh {i}",
                           jenis_kelamin="LP"[i % 2], desa_id=desa_id)
        for i in range(start, start + count)])


def add_files(count: int, seed: str = "a") -> list[str]:
    shas = []
    with write():
        for i in range(count):
            data = b"%PDF-1.4\n" + hashlib.sha256(f"{seed}{i}".encode()).digest() * (200 + i)
            shas.append(lampiran.store_bytes(data, f"scan-{seed}{i}.pdf").sha256)
    return shas


@pytest.fixture
def isi(admin: Actor, db_target: DatabaseTarget) -> Isi:
    add_people(N_WARGA)
    return Isi(db_target, add_files(3), Kantor.get().alamat)


def files_in(folder: Path) -> dict[str, str]:
    """Relative path -> SHA-256 of every file below ``folder``."""
    if not folder.exists():
        return {}
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def state(target: DatabaseTarget) -> dict[str, Any]:
    """What a refused restore must leave exactly as it was."""
    return {
        "warga": Warga.select().count(),
        "alamat": Kantor.get().alamat,
        "audit": JejakAudit.select().count(),
        "lampiran": files_in(target.files_dir()),
        "cadangan": sorted(p.name for p in target.backup_dir().glob("*"))
        if target.backup_dir().exists() else [],
    }


def read_zip_db(backup: Path, tmp_path: Path) -> sqlite3.Connection:
    out = tmp_path / f"isi-{backup.stem}.sqlite3"
    with zipfile.ZipFile(backup) as zf:
        out.write_bytes(zf.read(cadangan.DB_ENTRY))
    return sqlite3.connect(out)


def repack(backup: Path, out: Path, change: Callable[[str, bytes], bytes]) -> None:
    """Copy a backup zip entry by entry, passing each entry's bytes through ``change``."""
    with zipfile.ZipFile(backup) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            dst.writestr(info.filename, change(info.filename, src.read(info.filename)))


def pack_database(db_file: Path, target: DatabaseTarget, out: Path) -> Path:
    """A backup made from any database file (older or altered), with a matching manifest."""
    cadangan._kemas(db_file, target.files_dir(), out, cadangan._diam)
    return out


def extracted_db(backup: Path, tmp_path: Path) -> Path:
    out = tmp_path / "salinan.sqlite3"
    with zipfile.ZipFile(backup) as zf:
        out.write_bytes(zf.read(cadangan.DB_ENTRY))
    return out


# -- what a backup holds -------------------------------------------------------------------------
def test_backup_holds_manifest_database_and_every_attachment(isi: Isi, admin: Actor,
                                                             tmp_path: Path) -> None:
    dest = tmp_path / "keluar" / "cadangan.zip"
    dest.parent.mkdir()
    hasil = cadangan.buat(admin, dest)
    assert hasil.path == dest and hasil.jumlah_lampiran == 3 and not hasil.terenkripsi
    assert hasil.ukuran == dest.stat().st_size
    assert sorted(p.name for p in dest.parent.iterdir()) == ["cadangan.zip"]  # no leftovers
    with zipfile.ZipFile(dest) as zf:
        names = set(zf.namelist())
        manifest = json.loads(zf.read("manifest.json"))
        db_bytes = zf.read(cadangan.DB_ENTRY)
        for sha in isi.shas:
            content = zf.read(f"lampiran/{sha[:2]}/{sha}")
            assert hashlib.sha256(content).hexdigest() == sha
    assert names == {"manifest.json", cadangan.DB_ENTRY,
                     *(f"lampiran/{s[:2]}/{s}" for s in isi.shas)}
    assert manifest["format"] == "kecamatan-tksk-cadangan" and manifest["versi_format"] == 1
    assert manifest["versi_aplikasi"] == __version__ and manifest["versi_skema"] == LATEST
    assert manifest["kecamatan"] == {"kode": "16.03.06", "nama": "Gelumbang"}
    assert manifest["basis_data"] == {"nama": cadangan.DB_ENTRY, "ukuran": len(db_bytes),
                                      "sha256": hashlib.sha256(db_bytes).hexdigest()}
    assert sorted(f["sha256"] for f in manifest["lampiran"]) == sorted(isi.shas)
    assert manifest["jumlah_baris_lampiran"] == Lampiran.select().count() == 3
    assert manifest["lampiran_hilang"] == []
    assert manifest["dibuat"][:4].isdigit()
    con = read_zip_db(dest, tmp_path)
    assert con.execute("SELECT COUNT(*) FROM warga").fetchone()[0] == N_WARGA
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "delete"  # a standalone file
    con.close()
    entry = JejakAudit.select().order_by(JejakAudit.id.desc()).first()
    assert (entry.aksi, entry.pelaku) == ("cadangan", "admin (Admin Kecamatan)")
    assert "cadangan.zip" in entry.ringkasan and "3 lampiran" in entry.ringkasan


def test_missing_attachment_is_listed_not_copied(isi: Isi, admin: Actor, tmp_path: Path) -> None:
    gone = isi.target.files_dir() / isi.shas[0][:2] / isi.shas[0]
    gone.unlink()
    hasil = cadangan.buat(admin, tmp_path / "c.zip")
    assert hasil.jumlah_lampiran == 2 and hasil.lampiran_hilang == (isi.shas[0],)
    info = cadangan.periksa(tmp_path / "c.zip")
    assert info.jumlah_lampiran == 2


def test_backup_refuses_a_folder_and_reports_an_unwritable_place(isi: Isi, admin: Actor,
                                                                 tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="adalah folder"):
        cadangan.buat(admin, tmp_path)
    blocked = tmp_path / "berkas-biasa"
    blocked.write_text("bukan folder")
    with pytest.raises(AppError, match="Tidak dapat menulis"):
        cadangan.buat(admin, blocked / "c.zip")


def test_backup_while_another_connection_writes_is_consistent(isi: Isi, admin: Actor,
                                                              tmp_path: Path) -> None:
    """Another program writes pairs (a and b rise together in one transaction) the whole
    time; every backup holds a state with a == b, and the writer was not stopped."""
    con = sqlite3.connect(isi.target.path, isolation_level=None, timeout=10)
    con.execute("CREATE TABLE uji_pasangan (a INTEGER, b INTEGER)")
    con.execute("INSERT INTO uji_pasangan VALUES (0, 0)")
    con.close()
    stop = threading.Event()
    written = [0]

    def writer() -> None:
        c = sqlite3.connect(isi.target.path, isolation_level=None, timeout=10)
        while not stop.is_set():
            c.execute("BEGIN IMMEDIATE")
            c.execute("UPDATE uji_pasangan SET a = a + 1")
            c.execute("INSERT INTO pengaturan (kunci, nilai, diubah_pada) "
                      "VALUES (?, '1', '2026-01-01')", (f"uji.{written[0]}",))
            c.execute("UPDATE uji_pasangan SET b = b + 1")
            c.execute("COMMIT")
            written[0] += 1
            stop.wait(0.001)
        c.close()

    thread = threading.Thread(target=writer)
    thread.start()
    seen = []
    try:
        for n in range(4):
            dest = tmp_path / f"c{n}.zip"
            cadangan.buat(admin, dest)
            c = read_zip_db(dest, tmp_path)
            a, b = c.execute("SELECT a, b FROM uji_pasangan").fetchone()
            rows = c.execute("SELECT COUNT(*) FROM pengaturan WHERE kunci LIKE 'uji.%'"
                             ).fetchone()[0]
            assert c.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            c.close()
            assert a == b == rows
            seen.append(a)
    finally:
        stop.set()
        thread.join()
    assert written[0] > seen[0] >= 0 and seen == sorted(seen)


# -- restore ---------------------------------------------------------------------------------------
def test_restore_round_trip_brings_back_rows_and_files_and_keeps_a_safety_copy(
        isi: Isi, admin: Actor, tmp_path: Path) -> None:
    backup = tmp_path / "pagi.zip"
    cadangan.buat(admin, backup)
    # the day goes on: rows deleted, the office changed, one file lost and one damaged
    Warga.delete().where(Warga.id > 10).execute()
    Kantor.update(alamat="Alamat sesudah cadangan").execute()
    new_shas = add_files(1, seed="baru")
    files = isi.target.files_dir()
    (files / isi.shas[0][:2] / isi.shas[0]).unlink()
    (files / isi.shas[1][:2] / isi.shas[1]).write_bytes(b"%PDF-rusak")
    user_id = admin.user_id

    hasil = cadangan.pulihkan(admin, backup)

    assert Warga.select().count() == N_WARGA
    assert Kantor.get().alamat == isi.alamat
    for sha in isi.shas:
        assert hashlib.sha256((files / sha[:2] / sha).read_bytes()).hexdigest() == sha
    assert (files / new_shas[0][:2] / new_shas[0]).exists()  # files are never taken away
    assert hasil.lampiran_disalin == 2 and not hasil.dimigrasi
    assert hasil.info.jumlah["warga"] == N_WARGA
    # the safety copy holds the state that was replaced
    safety = hasil.cadangan_pengaman
    assert safety.parent == isi.target.backup_dir()
    assert safety.name.startswith("sebelum-pulih-") and safety.suffix == ".zip"
    kept = cadangan.periksa(safety)
    assert kept.jumlah["warga"] == 10
    assert kept.jumlah_lampiran == 2  # the new file and the one intact original
    # the restore is in the restored trail, with who, which backup and where the copy is
    entry = JejakAudit.select().order_by(JejakAudit.id.desc()).first()
    assert entry.aksi == "pulihkan" and entry.pelaku == "admin (Admin Kecamatan)"
    assert entry.pengguna_id == user_id
    assert "pagi.zip" in entry.ringkasan and str(safety) in entry.ringkasan
    assert audit.verify_chain().ok
    assert not [p for p in isi.target.backup_dir().iterdir() if p.name.startswith(".")]


def test_encrypted_backup_round_trip(isi: Isi, admin: Actor, tmp_path: Path) -> None:
    backup = tmp_path / "keluar-kantor.zip.enc"
    hasil = cadangan.buat(admin, backup, sandi=SANDI)
    assert hasil.terenkripsi and sb.is_encrypted(backup)
    assert b"manifest.json" not in backup.read_bytes()
    with pytest.raises(cadangan.SandiDiperlukan, match="terenkripsi"):
        cadangan.periksa(backup)
    info = cadangan.periksa(backup, sandi=SANDI)
    assert info.terenkripsi and info.jumlah["warga"] == N_WARGA and info.kecamatan == "Gelumbang"
    assert any("terenkripsi" in line for line in info.ringkasan())
    Warga.delete().execute()
    cadangan.pulihkan(admin, backup, sandi=SANDI)
    assert Warga.select().count() == N_WARGA
    with pytest.raises(ValidationError, match="paling sedikit 8"):
        cadangan.buat(admin, tmp_path / "x.enc", sandi="pendek")


def test_older_schema_is_accepted_and_migrated_after_restore(isi: Isi, admin: Actor,
                                                             tmp_path: Path) -> None:
    old = tmp_path / "v1.sqlite3"
    shutil.copy(FIXTURES / "v1.sqlite3", old)
    backup = pack_database(old, isi.target, tmp_path / "lama.zip")
    info = cadangan.periksa(backup)
    assert info.versi_skema == 1 and info.perlu_migrasi
    assert any("akan diperbarui" in line for line in info.ringkasan())
    hasil = cadangan.pulihkan(admin, backup)
    assert hasil.dimigrasi
    assert dbmod.current_version(dbmod.database.obj) == LATEST
    assert {u.nama_pengguna for u in Pengguna.select()} == {"admin", "operator"}
    entry = JejakAudit.select().order_by(JejakAudit.id.desc()).first()
    assert entry.aksi == "pulihkan" and "lama.zip" in entry.ringkasan
    assert list(isi.target.backup_dir().glob("sebelum-migrasi-v1-ke-*.sqlite3"))


def test_a_before_migration_copy_can_be_restored(isi: Isi, admin: Actor, tmp_path: Path) -> None:
    copy = tmp_path / "sebelum-migrasi-v3-ke-v4-20260101-080000.sqlite3"
    dbmod.backup_sqlite(dbmod.database.obj, copy)
    Warga.delete().execute()
    info = cadangan.periksa(copy)
    assert info.jumlah["warga"] == N_WARGA and info.jumlah_lampiran == 0
    cadangan.pulihkan(admin, copy)
    assert Warga.select().count() == N_WARGA


# -- refusals: each says what is wrong, and nothing changes ---------------------------------------
def _flip_inside_db_entry(backup: Path, out: Path) -> None:
    data = bytearray(backup.read_bytes())
    with zipfile.ZipFile(backup) as zf:
        info = zf.getinfo(cadangan.DB_ENTRY)
    name_len, extra_len = struct.unpack_from("<HH", data, info.header_offset + 26)
    start = info.header_offset + 30 + name_len + extra_len
    data[start + info.compress_size // 2] ^= 0x55
    out.write_bytes(bytes(data))


def _corrupt_page(db_file: Path) -> None:
    con = sqlite3.connect(db_file)
    root = con.execute("SELECT rootpage FROM sqlite_master WHERE name = 'warga'").fetchone()[0]
    size = con.execute("PRAGMA page_size").fetchone()[0]
    con.close()
    with db_file.open("r+b") as fh:
        fh.seek((root - 1) * size)
        fh.write(b"\x00" * 12)


def make_bad(kind: str, backup: Path, target: DatabaseTarget, tmp_path: Path) -> Path:
    out = tmp_path / f"buruk-{kind}.zip"
    if kind == "zip diubah":
        _flip_inside_db_entry(backup, out)
    elif kind == "lampiran diubah":
        def change(name: str, data: bytes) -> bytes:
            return data[:-1] + bytes([data[-1] ^ 1]) if name.startswith("lampiran/") else data
        repack(backup, out, change)
    elif kind == "lampiran hilang":
        with zipfile.ZipFile(backup) as src, zipfile.ZipFile(out, "w") as dst:
            for info in src.infolist():
                if not info.filename.startswith("lampiran/"):
                    dst.writestr(info.filename, src.read(info.filename))
    elif kind == "halaman rusak":
        db_file = extracted_db(backup, tmp_path)
        _corrupt_page(db_file)
        pack_database(db_file, target, out)
    elif kind == "skema lebih baru":
        db_file = extracted_db(backup, tmp_path)
        con = sqlite3.connect(db_file)
        con.execute("UPDATE versi_skema SET versi = ?", (LATEST + 1,))
        con.commit()
        con.close()
        pack_database(db_file, target, out)
    elif kind == "bukan cadangan":
        out.write_text("Ini catatan rapat, bukan cadangan.")
    elif kind == "zip lain":
        with zipfile.ZipFile(out, "w") as zf:
            zf.writestr("foto.jpg", b"\xff\xd8\xff")
    elif kind == "basis data lain":
        out = tmp_path / "lain.sqlite3"
        con = sqlite3.connect(out)
        con.execute("CREATE TABLE catatan (x)")
        con.commit()
        con.close()
    elif kind == "berkas kosong":
        out.write_bytes(b"")
    elif kind == "zip terpotong":
        out.write_bytes(backup.read_bytes()[: backup.stat().st_size // 2])
    else:  # pragma: no cover
        raise AssertionError(kind)
    return out


REFUSALS = {
    "zip diubah": "rusak",
    "lampiran diubah": "tidak cocok dengan hash-nya",
    "lampiran hilang": "tidak ada di dalam berkas",
    "halaman rusak": "gagal pemeriksaan keutuhan",
    "skema lebih baru": "Perbarui aplikasi",
    "bukan cadangan": "bukan cadangan Kecamatan TKSK",
    "zip lain": "bukan cadangan Kecamatan TKSK",
    "basis data lain": "bukan milik aplikasi Kecamatan TKSK",
    "berkas kosong": "kosong (0 bita)",
    "zip terpotong": "bukan cadangan Kecamatan TKSK",
}


@pytest.mark.parametrize("kind", list(REFUSALS))
def test_a_bad_backup_is_refused_and_nothing_changes(kind: str, isi: Isi, admin: Actor,
                                                     tmp_path: Path) -> None:
    backup = tmp_path / "baik.zip"
    cadangan.buat(admin, backup)
    Kantor.update(alamat="Keadaan sekarang").execute()
    bad = make_bad(kind, backup, isi.target, tmp_path)
    with pytest.raises(cadangan.CadanganDitolak) as err:
        cadangan.periksa(bad)
    assert REFUSALS[kind] in str(err.value)
    before = state(isi.target)
    with pytest.raises(cadangan.CadanganDitolak) as again:
        cadangan.pulihkan(admin, bad)
    assert str(again.value) == str(err.value)
    assert state(isi.target) == before
    assert not list(isi.target.backup_dir().glob("sebelum-pulih-*"))


def test_attachment_message_names_the_file(isi: Isi, admin: Actor, tmp_path: Path) -> None:
    backup = tmp_path / "baik.zip"
    cadangan.buat(admin, backup)
    bad = make_bad("lampiran diubah", backup, isi.target, tmp_path)
    with pytest.raises(cadangan.CadanganDitolak) as err:
        cadangan.periksa(bad)
    assert any(f"lampiran {sha[:12]}..." in str(err.value) for sha in isi.shas)


@pytest.mark.parametrize("kind", ["sandi salah", "terpotong", "bita diubah"])
def test_a_bad_encrypted_backup_is_refused_and_nothing_changes(kind: str, isi: Isi,
                                                               admin: Actor,
                                                               tmp_path: Path) -> None:
    backup = tmp_path / "rahasia.zip.enc"
    cadangan.buat(admin, backup, sandi=SANDI)
    sandi = SANDI
    if kind == "sandi salah":
        sandi = "Sandi-Kantor-2025"
    elif kind == "terpotong":
        backup.write_bytes(backup.read_bytes()[:-100])
    else:
        data = bytearray(backup.read_bytes())
        data[len(data) // 2] ^= 0x01
        backup.write_bytes(bytes(data))
    Kantor.update(alamat="Keadaan sekarang").execute()
    before = state(isi.target)
    for call in (lambda: cadangan.periksa(backup, sandi=sandi),
                 lambda: cadangan.pulihkan(admin, backup, sandi=sandi)):
        with pytest.raises(sb.SandiSalah) as err:
            call()
        assert str(err.value) == "Kata sandi salah atau berkas cadangan rusak/diubah."
    assert state(isi.target) == before


def test_missing_file_is_refused(isi: Isi, admin: Actor, tmp_path: Path) -> None:
    with pytest.raises(cadangan.CadanganDitolak, match="tidak ditemukan"):
        cadangan.periksa(tmp_path / "tidak-ada.zip")


# -- the backup folder, daily automatic backups and pruning ----------------------------------------
def test_daily_backup_once_a_day_and_pruned_to_n(isi: Isi, admin: Actor) -> None:
    folder = isi.target.backup_dir()
    folder.mkdir(exist_ok=True)
    for day in ("20200101", "20200102", "20200103"):
        (folder / f"otomatis-{day}-070000.zip").write_bytes(b"lama")
    (folder / "cadangan-manual.zip").write_bytes(b"milik pengguna")
    settings.set_value(admin, "cadangan.simpan_n", 2)

    first = cadangan.otomatis_harian(isi.target)

    assert first is not None and first.parent == folder and first.name.startswith("otomatis-")
    assert cadangan.periksa(first).jumlah["warga"] == N_WARGA
    assert cadangan.otomatis_harian(isi.target) is None  # once a day
    assert sorted(p.name for p in folder.glob("otomatis-*.zip")) == [
        "otomatis-20200103-070000.zip", first.name]
    assert (folder / "cadangan-manual.zip").exists()  # only automatic ones are pruned
    entry = JejakAudit.select().where(JejakAudit.aksi == "cadangan").first()
    assert entry.pelaku == "cadangan-otomatis" and first.name in entry.ringkasan


def test_daily_backup_skipped_when_off_or_postgresql(isi: Isi, admin: Actor) -> None:
    settings.set_value(admin, "cadangan.otomatis", False)
    assert cadangan.otomatis_harian(isi.target) is None
    assert not list(isi.target.backup_dir().glob("otomatis-*")) if isi.target.backup_dir(
    ).exists() else True
    pg = DatabaseTarget.parse("postgresql://kantor@localhost/kecamatan")
    assert cadangan.otomatis_harian(pg) is None


def test_daily_backup_from_a_worker_thread(isi: Isi) -> None:
    result: list[Any] = []
    thread = threading.Thread(target=lambda: result.append(cadangan.otomatis_harian(isi.target)))
    thread.start()
    thread.join()
    assert result and result[0] is not None and result[0].exists()
    assert Warga.select().count() == N_WARGA  # this thread's connection still works


def test_list_of_backups_newest_first_with_kind_and_encryption(isi: Isi, admin: Actor) -> None:
    folder = isi.target.backup_dir()
    cadangan.buat(admin, folder / "cadangan-20260301-090000.zip.enc", sandi=SANDI)
    cadangan.buat(admin, folder / "otomatis-20260302-070000.zip")
    (folder / "sebelum-migrasi-v2-ke-v3-20260101-080000.sqlite3").write_bytes(b"x")
    (folder / "sebelum-pulih-20260303-100000.zip").write_bytes(b"x")
    (folder / ".sisa.zip.123.tmp").write_bytes(b"x")
    (folder / "catatan.txt").write_text("bukan cadangan")
    rows = cadangan.daftar(isi.target)
    assert [(r.nama, r.jenis, r.terenkripsi) for r in rows] == [
        ("sebelum-pulih-20260303-100000.zip", "pulih", False),
        ("otomatis-20260302-070000.zip", "otomatis", False),
        ("cadangan-20260301-090000.zip.enc", "manual", True),
        ("sebelum-migrasi-v2-ke-v3-20260101-080000.sqlite3", "migrasi", False)]
    assert rows[0].jenis_label == "Sebelum pemulihan"
    assert rows[1].ukuran == (folder / "otomatis-20260302-070000.zip").stat().st_size
    assert cadangan.daftar() == rows  # the open database's folder by default


def test_copies_before_migration_are_pruned_to_n(monkeypatch: pytest.MonkeyPatch,
                                                 tmp_path: Path, data_dir: Path) -> None:
    """Works without an office: the setting is read with plain SQL from the old schema."""
    from kecamatan_app.migrations import STEPS, Step

    target = DatabaseTarget.parse(tmp_path / "k.sqlite3")
    open_database(target)
    settings.set_value(Actor.system("uji"), "cadangan.simpan_n", 2)
    close_database()
    folder = target.backup_dir()
    folder.mkdir()
    for day in ("20200101", "20200102", "20200103"):
        (folder / f"sebelum-migrasi-v1-ke-v2-{day}-080000.sqlite3").write_bytes(b"lama")
    monkeypatch.setattr(dbmod, "STEPS", [*STEPS, Step(LATEST + 1, "uji", None, None)])
    monkeypatch.setattr(dbmod, "LATEST", LATEST + 1)
    open_database(target)
    close_database()
    names = sorted(p.name for p in folder.glob("sebelum-migrasi-*.sqlite3"))
    assert len(names) == 2 and names[0] == "sebelum-migrasi-v1-ke-v2-20200103-080000.sqlite3"
    assert names[1].startswith(f"sebelum-migrasi-v{LATEST}-ke-v{LATEST + 1}-")


# -- who may ---------------------------------------------------------------------------------------
def test_roles(isi: Isi, admin: Actor, make_actor: Any, tmp_path: Path) -> None:
    operator = make_actor("operator")
    cadangan.buat(operator, tmp_path / "op.zip")
    for role in ("tksk", "camat"):
        with pytest.raises(PermissionDenied, match="membuat cadangan"):
            cadangan.buat(make_actor(role), tmp_path / f"{role}.zip")
        assert not (tmp_path / f"{role}.zip").exists()
    for role in ("operator", "tksk", "camat"):
        with pytest.raises(PermissionDenied, match="memulihkan basis data"):
            cadangan.pulihkan(make_actor(role), tmp_path / "op.zip")
    cadangan.pulihkan(Actor.cli(), tmp_path / "op.zip")  # the command line acts as the system
    entry = JejakAudit.select().order_by(JejakAudit.id.desc()).first()
    assert entry.aksi == "pulihkan" and entry.pelaku.startswith("cli:")


def test_postgresql_points_to_the_documented_procedure(isi: Isi, admin: Actor, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    pg = DatabaseTarget.parse("postgresql://kantor@localhost/kecamatan")
    monkeypatch.setattr(dbmod, "current_target", lambda: pg)
    for call in (lambda: cadangan.buat(admin, tmp_path / "pg.zip"),
                 lambda: cadangan.pulihkan(admin, tmp_path / "pg.zip")):
        with pytest.raises(AppError, match="pg_dump") as err:
            call()
        assert "docs/cadangan.md" in str(err.value)


def test_nothing_is_left_in_the_folders_after_work(isi: Isi, admin: Actor,
                                                   tmp_path: Path) -> None:
    backup = tmp_path / "c.zip.enc"
    cadangan.buat(admin, backup, sandi=SANDI)
    cadangan.periksa(backup, sandi=SANDI)
    cadangan.pulihkan(admin, backup, sandi=SANDI)
    assert [p.name for p in tmp_path.iterdir() if p.is_file()] == ["c.zip.enc"]
    hidden = [p for folder in (tmp_path, isi.target.backup_dir(), isi.target.files_dir())
              for p in folder.rglob(".*")]
    assert hidden == []


def test_cancel_during_the_database_step_leaves_the_old_data(
        isi: Isi, admin: Actor, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Batal in the GUI raises from progress(); inside the one write transaction that is a
    rollback: the old data stay, and a later restore works."""
    backup = tmp_path / "c.zip"
    cadangan.buat(admin, backup)
    Warga.delete().execute()
    monkeypatch.setattr(cadangan_pulih, "STEP_PAGES", 16)  # read where the restore lives

    class Batal(Exception):
        pass

    seen: list[tuple[int, int]] = []

    def progress(done: int, total: int, text: str) -> None:
        if text.startswith("Memulihkan basis data"):
            seen.append((done, total))
            raise Batal()

    with pytest.raises(Batal):
        cadangan.pulihkan(admin, backup, progress=progress)
    assert seen and 0 < seen[0][0] < seen[0][1]  # stopped in the middle of the copy
    assert Warga.select().count() == 0
    con = sqlite3.connect(isi.target.path)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    con.close()
    cadangan.pulihkan(admin, backup)
    assert Warga.select().count() == N_WARGA
