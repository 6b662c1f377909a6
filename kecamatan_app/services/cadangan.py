"""Backup and restore of the database and its attachments (CONTRACT.md: ``backup``/``restore``).

A backup is a zip file::

    manifest.json                 format, app and schema version, time, office, hashes and sizes
    basisdata.sqlite3             the database, copied with SQLite's online backup API
    lampiran/ab/abcdef...         every attachment file, under its SHA-256

optionally encrypted as a whole with a password (:mod:`sandi_berkas`) for copies that leave the
office. The copy of the database comes from the live connection in one step of the backup API,
so it is consistent while the app keeps working. Every file is written to a temporary name and
moved into place, so a crash never leaves a half backup under the final name.

A restore first checks the whole backup (manifest, ``PRAGMA integrity_check``, schema version,
every attachment's hash and size); nothing is touched unless every check passes. It then keeps the
current state as ``cadangan/sebelum-pulih-<time>.zip``, adds the attachments (content-addressed,
so adding files never breaks the current data), and copies the checked database INTO the live
file through the backup API: one write transaction on the live database, so a crash mid-way
leaves the old database whole (and it works on Windows while the file is open). An older schema
is migrated when the database is opened again; the restore is written into the restored audit
trail. PostgreSQL is backed up with ``pg_dump`` (docs/cadangan.md).

Test hook: the steps are marked with :func:`uji_henti.titik` (``cadangan.buat_*``,
``cadangan.pulih_*``); when ``KECAMATAN_APP_UJI_HENTI`` names one, the process kills itself there
with SIGKILL, as a power cut would. ``tests/test_crash_cadangan.py`` uses it to show that no step
leaves damage behind.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import logging
import os
import re
import shutil
import sqlite3
import tempfile
import threading
import time
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import __version__
from .. import db as dbmod
from ..config import DatabaseTarget
from ..models import Pengguna, database
from ..models.versi import APP_MARK
from . import audit, sandi_berkas, settings, uji_henti
from .context import Actor
from .errors import AppError, DatabaseError, ValidationError
from .permissions import Aksi, require

log = logging.getLogger(__name__)

Progress = Callable[[int, int, str], None]

FORMAT = "kecamatan-tksk-cadangan"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DB_ENTRY = "basisdata.sqlite3"
LAMPIRAN_DIR = "lampiran"
ENC_SUFFIX = ".enc"
PREFIX = {"otomatis": "otomatis-", "migrasi": "sebelum-migrasi-", "pulih": "sebelum-pulih-"}
JENIS_LABELS = {
    "otomatis": "Otomatis harian",
    "migrasi": "Sebelum pembaruan aplikasi",
    "pulih": "Sebelum pemulihan",
    "manual": "Dibuat pengguna",
}
#: Tables counted when a backup is checked: what a person needs to recognise the data.
TABEL_DIHITUNG = (
    ("pendaftar", "calon TKSK"),
    ("warga", "warga (data per nama)"),
    ("keluarga", "keluarga"),
    ("kegiatan", "kegiatan"),
    ("rujukan", "rujukan"),
    ("laporan_bulanan", "laporan bulanan"),
    ("pengguna", "pengguna"),
)
DOC_POSTGRES = "docs/cadangan.md (bagian PostgreSQL)"
#: Pages per step when the checked copy is written into the live database (one transaction).
STEP_PAGES = 256
_BUSY_STEPS = 120  # x 0.25 s sleep of the backup API: give up after about 30 s
_CHUNK = 1024 * 1024
_SHA = re.compile(r"^[0-9a-f]{64}$")
_STAMP = re.compile(r"(\d{8}-\d{6})")
_WORK_PREFIX = ".kerja-cadangan-"
_STALE_SECONDS = 6 * 3600
_otomatis_lock = threading.Lock()


class CadanganDitolak(AppError):
    """The file is not a backup, is damaged, or cannot be restored by this app."""


class SandiDiperlukan(AppError):
    """The backup is encrypted and no password was given: ask for it."""


@dataclass(frozen=True)
class HasilCadangan:
    path: Path
    ukuran: int
    ukuran_basis_data: int
    jumlah_lampiran: int
    terenkripsi: bool
    #: Attachments whose file was missing or damaged in the attachments folder (not copied).
    lampiran_hilang: tuple[str, ...] = ()


@dataclass(frozen=True)
class InfoCadangan:
    """What a backup holds and the checks it passed: what a person needs to decide."""

    path: Path
    dibuat: dt.datetime | None
    versi_aplikasi: str
    versi_skema: int
    perlu_migrasi: bool
    kecamatan: str
    kode_kecamatan: str
    jumlah: dict[str, int]
    jumlah_lampiran: int
    ukuran_lampiran: int
    ukuran_basis_data: int
    ukuran_berkas: int
    terenkripsi: bool
    pemeriksaan: tuple[str, ...] = field(default=())

    def ringkasan(self) -> list[str]:
        """The lines the GUI and the command line show before asking to restore."""
        from .formatting import angka, waktu

        office = (f"Kecamatan {self.kecamatan} ({self.kode_kecamatan})" if self.kecamatan
                  else "kantor belum disiapkan")
        lines = [
            f"Berkas: {self.path.name} ({ukuran_teks(self.ukuran_berkas)}"
            + (", terenkripsi)" if self.terenkripsi else ")"),
            f"Dibuat: {waktu(self.dibuat) if self.dibuat else 'tidak diketahui'} oleh aplikasi "
            f"versi {self.versi_aplikasi or 'tidak diketahui'}",
            f"Kantor: {office}",
            f"Versi skema basis data: {self.versi_skema}"
            + (" (akan diperbarui otomatis setelah dipulihkan)" if self.perlu_migrasi else ""),
            "Isi: " + ", ".join(f"{angka(self.jumlah.get(t, 0))} {label}"
                                for t, label in TABEL_DIHITUNG),
            f"Lampiran: {angka(self.jumlah_lampiran)} berkas "
            f"({ukuran_teks(self.ukuran_lampiran)}); "
            f"basis data {ukuran_teks(self.ukuran_basis_data)}",
        ]
        lines += [f"Diperiksa: {check}" for check in self.pemeriksaan]
        return lines


@dataclass(frozen=True)
class HasilPulih:
    info: InfoCadangan
    #: The copy of the data as it was just before the restore.
    cadangan_pengaman: Path
    lampiran_disalin: int
    dimigrasi: bool


@dataclass(frozen=True)
class BerkasCadangan:
    """One file in the backup folder."""

    path: Path
    jenis: str  # otomatis | migrasi | pulih | manual
    waktu: dt.datetime
    ukuran: int
    terenkripsi: bool

    @property
    def nama(self) -> str:
        return self.path.name

    @property
    def jenis_label(self) -> str:
        return JENIS_LABELS[self.jenis]


# -- small helpers -----------------------------------------------------------------------------


def ukuran_teks(size: int) -> str:
    """A size as people read it: 820 KB, 1,8 MB."""
    if size < 1024 * 1024:
        return f"{max(size, 0) / 1024:.0f} KB".replace(".", ",")
    return f"{size / 1_048_576:.1f} MB".replace(".", ",")


def _diam(done: int, total: int, text: str) -> None:
    """No progress reporting."""


def _stamp(moment: dt.datetime | None = None) -> str:
    return (moment or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")


def _unique(folder: Path, stem: str, suffix: str) -> Path:
    path = folder / f"{stem}{suffix}"
    n = 2
    while path.exists():
        path = folder / f"{stem}-{n}{suffix}"
        n += 1
    return path


def _sha_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while block := fh.read(_CHUNK):
            digest.update(block)
    return digest.hexdigest()


def _fsync_file(path: Path) -> None:
    with path.open("rb+") as fh:
        os.fsync(fh.fileno())


def _fsync_dir(folder: Path) -> None:
    """Make a rename durable (POSIX); Windows has no directory handles to sync."""
    if os.name != "posix":  # pragma: no cover
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _io_error(exc: OSError, what: str) -> AppError:
    reason = exc.strerror or str(exc)
    return AppError(f"Tidak dapat menulis {what}: {reason}. Periksa ruang disk yang tersisa dan "
                    "hak tulis folder itu, atau pilih folder lain.")


def _cleanup_stale(folder: Path) -> None:
    """Remove what a killed backup or restore left in ``folder`` (our own hidden names only)."""
    limit = time.time() - _STALE_SECONDS
    try:
        entries = list(folder.iterdir())
    except OSError:
        return
    for entry in entries:
        name = entry.name
        ours = name.startswith(_WORK_PREFIX) or (name.endswith(".tmp") and (
            (name.startswith(".") and any(s in name for s in (".zip.", ".enc.", ".sqlite3.")))
            or name.startswith(PREFIX["migrasi"])))
        if not ours:
            continue
        try:
            if entry.lstat().st_mtime > limit:
                continue
            if entry.is_dir():
                shutil.rmtree(entry, ignore_errors=True)
            else:
                entry.unlink()
        except OSError:
            continue


@contextlib.contextmanager
def _kerja(folder: Path) -> Iterator[Path]:
    """A private working folder inside ``folder`` (same disk, so files move in atomically)."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        _cleanup_stale(folder)
        work = Path(tempfile.mkdtemp(prefix=_WORK_PREFIX, dir=folder))
    except OSError as exc:
        raise _io_error(exc, f"di folder {folder}") from exc
    try:
        yield work
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _need_sqlite(target: DatabaseTarget) -> None:
    if target.kind != "sqlite":
        raise AppError(
            "Basis data PostgreSQL tidak dicadangkan dari aplikasi ini. Cadangkan dengan pg_dump "
            "(lampiran ikut, karena tersimpan di dalam basis data) dan pulihkan dengan "
            f"pg_restore; langkahnya ada di {DOC_POSTGRES}.")


# -- writing a backup ----------------------------------------------------------------------------


def _query(con: sqlite3.Connection, sql: str) -> list[tuple[Any, ...]]:
    try:
        return con.execute(sql).fetchall()
    except sqlite3.Error:
        return []


def _facts(con: sqlite3.Connection) -> dict[str, Any]:
    """Schema version, app version and office of a database file (raw SQL: any version)."""
    version = _query(con, "SELECT aplikasi, versi, versi_aplikasi FROM versi_skema "
                          "ORDER BY id DESC LIMIT 1")
    office = _query(con, "SELECT k.kode, k.nama FROM kantor JOIN kecamatan k "
                         "ON kantor.kecamatan_id = k.id ORDER BY kantor.id LIMIT 1")
    return {
        "aplikasi": version[0][0] if version else None,
        "versi_skema": int(version[0][1]) if version else None,
        "versi_aplikasi": str(version[0][2] or "") if version else "",
        "kecamatan": {"kode": office[0][0], "nama": office[0][1]} if office else None,
    }


def _copy_live_database(dest: Path) -> None:
    """A consistent copy of the live database in one step of the backup API, as a standalone
    file (rollback journal, so it opens without -wal/-shm files)."""
    db = database.obj
    dbmod.backup_sqlite(db, dest)
    con = sqlite3.connect(str(dest))
    try:
        con.execute("PRAGMA journal_mode=DELETE")
    finally:
        con.close()


def _kemas(db_file: Path, files_dir: Path, out: Path, report: Progress) -> dict[str, Any]:
    """Write the backup zip of ``db_file`` and its attachments to ``out``; return the manifest.

    Only attachments that have a ``lampiran`` row are taken, each checked against its hash; a
    missing or damaged one is listed in the manifest (``lampiran_hilang``) and left out."""
    con = sqlite3.connect(str(db_file))
    try:
        facts = _facts(con)
        rows = [str(r[0]) for r in _query(con, "SELECT sha256 FROM lampiran ORDER BY id")]
    finally:
        con.close()
    files: list[dict[str, Any]] = []
    missing: list[str] = []
    db_size = db_file.stat().st_size
    total = len(rows) + 1
    report(0, total, "Mengemas basis data...")
    with zipfile.ZipFile(out, "w", allowZip64=True) as zf:
        zf.write(db_file, DB_ENTRY, compress_type=zipfile.ZIP_DEFLATED, compresslevel=1)
        for n, sha in enumerate(rows, start=1):
            path = files_dir / sha[:2] / sha
            if not _SHA.match(sha) or not path.is_file() or _sha_file(path) != sha:
                missing.append(sha)
                log.warning("Cadangan: lampiran %s hilang atau rusak, tidak ikut", sha)
            else:
                size = path.stat().st_size
                zf.write(path, f"{LAMPIRAN_DIR}/{sha[:2]}/{sha}", compress_type=zipfile.ZIP_STORED)
                files.append({"sha256": sha, "ukuran": size})
            report(n, total, f"Mengemas lampiran {n} dari {len(rows)}...")
            if n == max(1, len(rows) // 2):
                uji_henti.titik("cadangan.buat_lampiran")
        manifest = {
            "format": FORMAT,
            "versi_format": FORMAT_VERSION,
            "versi_aplikasi": __version__,
            "versi_skema": facts["versi_skema"],
            "dibuat": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
            "kecamatan": facts["kecamatan"],
            "basis_data": {"nama": DB_ENTRY, "sha256": _sha_file(db_file), "ukuran": db_size},
            "lampiran": files,
            "jumlah_baris_lampiran": len(rows),
            "lampiran_hilang": missing,
        }
        zf.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1))
    _fsync_file(out)
    report(total, total, "Cadangan dikemas.")
    return manifest


def _write_backup(target: DatabaseTarget, dest: Path, sandi: str | None,
                  report: Progress) -> HasilCadangan:
    try:
        with _kerja(dest.parent) as work:
            copy = work / DB_ENTRY
            report(0, 0, "Menyalin basis data...")
            _copy_live_database(copy)
            uji_henti.titik("cadangan.buat_salinan")
            packed = work / "cadangan.zip"
            manifest = _kemas(copy, target.files_dir(), packed, report)
            uji_henti.titik("cadangan.buat_sebelum_ganti")
            if sandi is not None:
                def encrypting(done: int, total: int, text: str) -> None:
                    report(done, total, text)
                    if done and done < total:
                        uji_henti.titik("cadangan.buat_enkripsi")

                sandi_berkas.encrypt_file(packed, dest, sandi, progress=encrypting)
            else:
                os.replace(packed, dest)
            _fsync_dir(dest.parent)
    except OSError as exc:
        raise _io_error(exc, f"cadangan {dest}") from exc
    except sqlite3.Error as exc:
        raise DatabaseError(f"Basis data tidak dapat disalin untuk cadangan: {exc}. Tutup "
                            "aplikasi di komputer lain lalu coba lagi.") from exc
    return HasilCadangan(dest, dest.stat().st_size, int(manifest["basis_data"]["ukuran"]),
                         len(manifest["lampiran"]), sandi is not None,
                         tuple(manifest["lampiran_hilang"]))


def nama_bawaan(terenkripsi: bool = False, moment: dt.datetime | None = None) -> str:
    """The suggested file name of a backup made by hand."""
    return f"cadangan-{_stamp(moment)}.zip" + (ENC_SUFFIX if terenkripsi else "")


def buat(actor: Actor, dest: str | os.PathLike[str], *, sandi: str | None = None,
         progress: Progress | None = None) -> HasilCadangan:
    """Back up the open database and its attachments to ``dest`` (encrypted with ``sandi``)."""
    require(actor, Aksi.CADANGAN_BUAT)
    target = dbmod.current_target()
    _need_sqlite(target)
    if sandi is not None:
        sandi_berkas.check_password(sandi)
    path = Path(dest).expanduser().absolute()
    if path.is_dir():
        raise ValidationError.single(
            "berkas", f"{path} adalah folder. Tulis nama berkas cadangan, contoh "
            f"{path / nama_bawaan(sandi is not None)}.")
    hasil = _write_backup(target, path, sandi, progress or _diam)
    audit.record(actor, "cadangan", "", "",
                 f"Membuat cadangan {path.name}: basis data dan {hasil.jumlah_lampiran} lampiran"
                 + (", terenkripsi" if hasil.terenkripsi else ""),
                 baru={"berkas": str(path), "ukuran": hasil.ukuran,
                       "lampiran": hasil.jumlah_lampiran, "terenkripsi": hasil.terenkripsi})
    if hasil.lampiran_hilang:
        log.warning("Cadangan %s tanpa %s lampiran yang hilang/rusak", path,
                    len(hasil.lampiran_hilang))
    return hasil


# -- checking a backup ---------------------------------------------------------------------------


@dataclass
class _Terbuka:
    info: InfoCadangan
    db_path: Path
    lampiran: list[tuple[str, int]]


def _rusak(nama: str, what: str) -> CadanganDitolak:
    return CadanganDitolak(f"Berkas cadangan {nama} rusak: {what}. Gunakan cadangan lain.")


def _read_manifest(zf: zipfile.ZipFile, nama: str) -> dict[str, Any]:
    try:
        info = zf.getinfo(MANIFEST)
    except KeyError as exc:
        raise CadanganDitolak(
            f"Berkas {nama} bukan cadangan Kecamatan TKSK (tidak ada {MANIFEST} di dalamnya). "
            "Pilih berkas yang dibuat dengan menu Buat cadangan atau perintah backup.") from exc
    if info.file_size > 50 * 1024 * 1024:
        raise _rusak(nama, "daftar isinya terlalu besar")
    try:
        data = json.loads(zf.read(MANIFEST).decode("utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise _rusak(nama, f"{MANIFEST} tidak dapat dibaca") from exc
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise CadanganDitolak(f"Berkas {nama} bukan cadangan Kecamatan TKSK.")
    if not isinstance(data.get("versi_format"), int) or data["versi_format"] > FORMAT_VERSION:
        raise CadanganDitolak(
            f"Cadangan {nama} dibuat oleh versi aplikasi yang lebih baru (format "
            f"{data.get('versi_format')}). Perbarui aplikasi Kecamatan TKSK lalu pulihkan lagi.")
    try:
        basis = data["basis_data"]
        db_sha, db_size = str(basis["sha256"]), int(basis["ukuran"])
        files = [(str(f["sha256"]), int(f["ukuran"])) for f in data["lampiran"]]
    except (KeyError, TypeError, ValueError) as exc:
        raise _rusak(nama, f"{MANIFEST} tidak lengkap") from exc
    if not _SHA.match(db_sha) or any(not _SHA.match(sha) or size < 0 for sha, size in files):
        raise _rusak(nama, f"{MANIFEST} berisi hash yang tidak sah")
    data["_db"] = (db_sha, db_size)
    data["_files"] = files
    return data


def _extract(zf: zipfile.ZipFile, entry: str, dest: Path | None, expect_sha: str,
             expect_size: int, nama: str, what: str) -> None:
    """Stream one entry (to ``dest`` if given), checking its size and hash on the way."""
    try:
        zf.getinfo(entry)
    except KeyError as exc:
        raise _rusak(nama, f"{what} tidak ada di dalam berkas") from exc
    digest = hashlib.sha256()
    size = 0
    out = dest.open("wb") if dest is not None else None
    try:
        with zf.open(entry) as fh:
            while block := fh.read(_CHUNK):
                size += len(block)
                if size > expect_size:
                    raise _rusak(nama, f"{what} lebih besar dari yang tercatat")
                digest.update(block)
                if out is not None:
                    out.write(block)
        if out is not None:
            out.flush()
            os.fsync(out.fileno())
    finally:
        if out is not None:
            out.close()
    if size != expect_size or digest.hexdigest() != expect_sha:
        raise _rusak(nama, f"{what} tidak cocok dengan hash-nya")


def _check_database(db_path: Path, nama: str) -> dict[str, Any]:
    """Integrity, ownership and schema version of a database copy; its counts and office."""
    with db_path.open("rb") as fh:
        if fh.read(16) != dbmod.SQLITE_HEADER:
            raise _rusak(nama, "basis data di dalamnya bukan berkas SQLite")
    try:
        con = sqlite3.connect(str(db_path))
        try:
            try:
                problems = [str(r[0]) for r in con.execute("PRAGMA integrity_check(10)")]
            except sqlite3.DatabaseError as exc:  # damage so deep that the check stops
                problems = [str(exc)]
            if problems != ["ok"]:
                raise _rusak(nama, "basis data di dalamnya gagal pemeriksaan keutuhan "
                                   f"(integrity_check: {problems[0]})")
            app_id = con.execute("PRAGMA application_id").fetchone()[0]
            facts = _facts(con)
            tables = {str(r[0]) for r in con.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'")}
            counts = {t: int(con.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0])
                      for t, _label in TABEL_DIHITUNG if t in tables}
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        raise _rusak(nama, f"basis data di dalamnya tidak dapat dibaca ({exc})") from exc
    if app_id not in (0, dbmod.APPLICATION_ID) or facts["aplikasi"] != APP_MARK:
        raise CadanganDitolak(f"Basis data di dalam {nama} bukan milik aplikasi Kecamatan TKSK.")
    version = facts["versi_skema"]
    if version is None:
        raise _rusak(nama, "versi skema basis data tidak terbaca")
    if version > dbmod.LATEST:
        raise CadanganDitolak(
            f"Cadangan {nama} dibuat oleh versi aplikasi yang lebih baru (skema {version}; "
            f"aplikasi ini mengenal sampai {dbmod.LATEST}). Perbarui aplikasi Kecamatan TKSK "
            "lalu pulihkan lagi.")
    facts["jumlah"] = counts
    return facts


def _parse_time(text: object) -> dt.datetime | None:
    try:
        moment = dt.datetime.fromisoformat(str(text))
    except ValueError:
        return None
    return moment.astimezone().replace(tzinfo=None) if moment.tzinfo else moment


def _open_zip(zip_path: Path, source: Path, work: Path, encrypted: bool,
              lampiran_to: Path | None, report: Progress) -> _Terbuka:
    nama = source.name
    try:
        with zipfile.ZipFile(zip_path) as zf:
            manifest = _read_manifest(zf, nama)
            db_sha, db_size = manifest["_db"]
            files: list[tuple[str, int]] = manifest["_files"]
            db_path = work / DB_ENTRY
            report(0, 0, "Memeriksa basis data di dalam cadangan...")
            _extract(zf, DB_ENTRY, db_path, db_sha, db_size, nama, "basis data di dalamnya")
            facts = _check_database(db_path, nama)
            if facts["versi_skema"] != manifest.get("versi_skema"):
                raise _rusak(nama, "versi skema basis data berbeda dengan daftar isinya")
            if lampiran_to is not None:
                lampiran_to.mkdir(parents=True, exist_ok=True)
            for n, (sha, size) in enumerate(files, start=1):
                report(n, len(files), f"Memeriksa lampiran {n} dari {len(files)}...")
                _extract(zf, f"{LAMPIRAN_DIR}/{sha[:2]}/{sha}",
                         lampiran_to / sha if lampiran_to is not None else None,
                         sha, size, nama, f"lampiran {sha[:12]}...")
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError) as exc:
        raise _rusak(nama, f"isi zip tidak utuh ({exc})") from exc
    counts = facts["jumlah"]
    version = int(facts["versi_skema"])
    office = manifest.get("kecamatan") or facts["kecamatan"] or {}
    checks = (
        "keutuhan basis data (PRAGMA integrity_check): baik",
        f"hash basis data ({ukuran_teks(db_size)}) cocok dengan daftar isi",
        f"versi skema {version}: "
        + ("sama dengan aplikasi ini" if version == dbmod.LATEST
           else f"lebih lama dari aplikasi ini ({dbmod.LATEST}), akan diperbarui"),
        f"{len(files)} lampiran cocok dengan hash dan ukurannya",
    )
    info = InfoCadangan(
        source, _parse_time(manifest.get("dibuat")), str(manifest.get("versi_aplikasi", "")),
        version, version < dbmod.LATEST, str(office.get("nama", "")),
        str(office.get("kode", "")), counts, len(files), sum(s for _sha, s in files), db_size,
        source.stat().st_size, encrypted, checks)
    return _Terbuka(info, db_path, files)


def _open_bare_database(source: Path, work: Path, report: Progress) -> _Terbuka:
    """A plain database copy (the before-migration copies are these): database only."""
    db_path = work / DB_ENTRY
    report(0, 0, "Memeriksa basis data...")
    shutil.copyfile(source, db_path)
    facts = _check_database(db_path, source.name)
    version = int(facts["versi_skema"])
    office = facts["kecamatan"] or {}
    size = source.stat().st_size
    checks = (
        "keutuhan basis data (PRAGMA integrity_check): baik",
        f"versi skema {version}: "
        + ("sama dengan aplikasi ini" if version == dbmod.LATEST
           else f"lebih lama dari aplikasi ini ({dbmod.LATEST}), akan diperbarui"),
        "salinan basis data saja: lampiran yang sekarang tetap dipakai",
    )
    info = InfoCadangan(
        source, dt.datetime.fromtimestamp(source.stat().st_mtime).replace(microsecond=0),
        facts["versi_aplikasi"], version, version < dbmod.LATEST, str(office.get("nama", "")),
        str(office.get("kode", "")), facts["jumlah"], 0, 0, size, size, False, checks)
    return _Terbuka(info, db_path, [])


def _buka(path: str | os.PathLike[str], sandi: str | None, work: Path, report: Progress,
          lampiran_to: Path | None = None) -> _Terbuka:
    source = Path(path).expanduser().absolute()
    if not source.is_file():
        raise CadanganDitolak(f"Berkas cadangan {source} tidak ditemukan.")
    if source.stat().st_size == 0:
        raise CadanganDitolak(f"Berkas {source.name} kosong (0 bita), bukan cadangan. Pilih "
                              "berkas cadangan yang lain.")
    encrypted = sandi_berkas.is_encrypted(source)
    zip_path = source
    try:
        if encrypted:
            if not sandi:
                raise SandiDiperlukan(f"Cadangan {source.name} terenkripsi: masukkan kata "
                                      "sandinya.")
            zip_path = work / "cadangan.zip"
            sandi_berkas.decrypt_file(source, zip_path, sandi, progress=report)
        else:
            with source.open("rb") as fh:
                head = fh.read(16)
            if head == dbmod.SQLITE_HEADER:
                return _open_bare_database(source, work, report)
        if not zipfile.is_zipfile(zip_path):
            raise CadanganDitolak(
                f"Berkas {source.name} bukan cadangan Kecamatan TKSK (bukan berkas zip). Pilih "
                "berkas yang dibuat dengan menu Buat cadangan atau perintah backup.")
        return _open_zip(zip_path, source, work, encrypted, lampiran_to, report)
    except OSError as exc:
        raise _io_error(exc, f"berkas sementara di {work}") from exc


def _work_folder() -> Path:
    """Where a check unpacks: beside the open database (same disk, room for it), else temp."""
    try:
        target = dbmod.current_target()
    except DatabaseError:
        return Path(tempfile.gettempdir())
    return target.backup_dir() if target.kind == "sqlite" else Path(tempfile.gettempdir())


def periksa(path: str | os.PathLike[str], *, sandi: str | None = None,
            progress: Progress | None = None) -> InfoCadangan:
    """Check a backup completely without changing anything; raise :class:`CadanganDitolak`
    (or :class:`SandiDiperlukan`, :class:`sandi_berkas.SandiSalah`) with the reason."""
    with _kerja(_work_folder()) as work:
        return _buka(path, sandi, work, progress or _diam).info


# -- restoring -----------------------------------------------------------------------------------


def _install_attachments(staged: Path, files: list[tuple[str, int]], files_dir: Path,
                         report: Progress) -> int:
    """Move the checked attachments into place; a file already there with the right content is
    kept. Returns how many were written. Each file appears complete or not at all."""
    written = 0
    for n, (sha, _size) in enumerate(files, start=1):
        report(n, len(files), f"Memasang lampiran {n} dari {len(files)}...")
        dest = files_dir / sha[:2] / sha
        if dest.is_file() and _sha_file(dest) == sha:
            continue
        dest.parent.mkdir(parents=True, exist_ok=True)
        os.replace(staged / sha, dest)
        _fsync_dir(dest.parent)
        written += 1
        if written == 1 and n < len(files):
            uji_henti.titik("cadangan.pulih_lampiran")
    return written


class _Busy(Exception):
    pass


def _restore_database(src: Path, target: DatabaseTarget, report: Progress) -> None:
    """Copy the checked database INTO the live file: one write transaction of the backup API on
    the live database (a crash or cancel before its end leaves the old database whole)."""
    dbmod.close_database()  # this thread's connection; others see the new content afterwards
    busy = 0

    def step(status: int, remaining: int, total: int) -> None:
        nonlocal busy
        if status in (5, 6):  # SQLITE_BUSY, SQLITE_LOCKED: the backup API sleeps and retries
            busy += 1
            if busy > _BUSY_STEPS:
                raise _Busy()
            return
        if remaining == 0:
            return  # committed: too late to cancel, and nothing may fail after this
        report(total - remaining, total, "Memulihkan basis data...")  # may raise Cancelled
        if remaining <= total // 2:
            # past the half: pages have already spilled into the live WAL, uncommitted
            uji_henti.titik("cadangan.pulih_db")

    source = sqlite3.connect(str(src))
    live = sqlite3.connect(str(target.path), timeout=dbmod.BUSY_TIMEOUT_MS / 1000)
    try:
        # A small page cache: memory stays small for any size, and the pages of the one open
        # transaction go to the WAL as uncommitted frames (ignored after a crash).
        live.execute("PRAGMA cache_size = -1024")
        source.backup(live, pages=STEP_PAGES, progress=step)
        live.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    except _Busy as exc:
        raise DatabaseError(
            "Basis data sedang dipakai oleh program atau komputer lain, sehingga tidak dapat "
            "dipulihkan. Tutup aplikasi di komputer lain lalu coba lagi; data belum diubah."
        ) from exc
    except sqlite3.Error as exc:
        raise DatabaseError(f"Basis data tidak dapat dipulihkan ({exc}); data belum diubah. "
                            "Coba lagi, atau hubungi pengelola TI.") from exc
    finally:
        live.close()
        source.close()


def _actor_after_restore(actor: Actor) -> Actor:
    """The same person in the restored database (user ids may differ between the two)."""
    if actor.is_system or actor.user_id is None:
        return actor
    row = Pengguna.get_or_none(Pengguna.nama_pengguna == actor.username)
    return Actor(row.id if row else None, actor.username, actor.full_name, actor.role,
                 actor.kecamatan_id)


def pulihkan(actor: Actor, path: str | os.PathLike[str], *, sandi: str | None = None,
             progress: Progress | None = None) -> HasilPulih:
    """Restore the backup at ``path`` over the open database, after checking all of it.

    Keeps the current state as ``sebelum-pulih-<time>.zip`` in the backup folder first. The
    models are bound to the restored database afterwards (migrated if it was older); everyone
    logged in should log in again (their accounts are those of the backup)."""
    require(actor, Aksi.CADANGAN_PULIHKAN)
    target = dbmod.current_target()
    _need_sqlite(target)
    report = progress or _diam
    folder = target.backup_dir()
    try:
        with _kerja(folder) as work:
            opened = _buka(path, sandi, work, report, lampiran_to=work / LAMPIRAN_DIR)
            safety = _unique(folder, f"{PREFIX['pulih']}{_stamp()}", ".zip")
            report(0, 0, "Menyimpan salinan data sekarang...")
            _write_backup(target, safety, None, report)
            uji_henti.titik("cadangan.pulih_sesudah_pengaman")
            copied = _install_attachments(work / LAMPIRAN_DIR, opened.lampiran,
                                          target.files_dir(), report)
            _restore_database(opened.db_path, target, report)
            uji_henti.titik("cadangan.pulih_sesudah_db")
    except OSError as exc:
        raise _io_error(exc, f"di folder {folder}") from exc
    info = opened.info
    dbmod.close_database()
    try:
        dbmod.open_database(target)  # binds the models again; migrates an older schema
    except AppError as exc:
        raise DatabaseError(
            f"Data sudah dipulihkan dari {info.path.name}, tetapi basis data tidak dapat dibuka: "
            f"{exc} Keadaan sebelumnya tersimpan di {safety}; pulihkan dari berkas itu.") from exc
    when = info.dibuat.isoformat(sep=" ") if info.dibuat else "tidak diketahui"
    audit.record(
        _actor_after_restore(actor), "pulihkan", "", "",
        f"Memulihkan basis data dan lampiran dari cadangan {info.path.name} (dibuat {when}, "
        f"skema {info.versi_skema}). Keadaan sebelumnya disimpan di {safety}.",
        baru={"berkas": str(info.path), "dibuat": when, "versi_skema": info.versi_skema,
              "salinan_pengaman": str(safety), "lampiran_disalin": copied})
    log.info("Dipulihkan dari %s; salinan pengaman %s", info.path, safety)
    return HasilPulih(info, safety, copied, info.perlu_migrasi)


# -- the backup folder ---------------------------------------------------------------------------


def _kind(name: str) -> str:
    for kind, prefix in PREFIX.items():
        if name.startswith(prefix):
            return kind
    return "manual"


def target_aktif() -> DatabaseTarget:
    """The open database (its backup folder is where backups are listed and kept)."""
    return dbmod.current_target()


def daftar(target: DatabaseTarget | None = None) -> list[BerkasCadangan]:
    """The backups in the backup folder, newest first."""
    folder = (target or dbmod.current_target()).backup_dir()
    rows: list[BerkasCadangan] = []
    try:
        entries = list(folder.iterdir())
    except OSError:
        return []
    for path in entries:
        name = path.name
        if name.startswith(".") or not name.endswith((".zip", ENC_SUFFIX, ".sqlite3")):
            continue
        try:
            stat = path.stat()
            if not path.is_file():
                continue
        except OSError:
            continue
        match = _STAMP.search(name)
        moment = None
        if match:
            with contextlib.suppress(ValueError):
                moment = dt.datetime.strptime(match.group(1), "%Y%m%d-%H%M%S")
        if moment is None:
            moment = dt.datetime.fromtimestamp(stat.st_mtime).replace(microsecond=0)
        rows.append(BerkasCadangan(path, _kind(name), moment, stat.st_size,
                                   sandi_berkas.is_encrypted(path)))
    rows.sort(key=lambda r: (r.waktu, r.nama), reverse=True)
    return rows


def otomatis_harian(target: DatabaseTarget) -> Path | None:
    """The automatic backup at the first start of a day, in ``target.backup_dir()``.

    Nothing (None) for PostgreSQL, when the setting ``cadangan.otomatis`` is off, or when
    today's ``otomatis-YYYYMMDD-*.zip`` exists; otherwise writes ``otomatis-<time>.zip`` as the
    system and keeps the newest ``cadangan.simpan_n``. Call it after ``open_database(target)``;
    safe from a worker thread (it closes the connection it opened there)."""
    if target.kind != "sqlite":
        return None
    if database.obj is None or dbmod.current_target() != target:
        raise DatabaseError("Basis data belum dibuka: cadangan otomatis tidak dibuat.")
    opened_here = database.obj.is_closed()
    try:
        with _otomatis_lock:
            if not settings.get("cadangan.otomatis"):
                return None
            folder = target.backup_dir()
            today = dt.date.today().strftime("%Y%m%d")
            if any(folder.glob(f"{PREFIX['otomatis']}{today}-*.zip")):
                return None
            dest = _unique(folder, f"{PREFIX['otomatis']}{_stamp()}", ".zip")
            hasil = _write_backup(target, dest, None, _diam)
            audit.record(Actor.system("cadangan-otomatis"), "cadangan", "", "",
                         f"Cadangan otomatis harian {dest.name}: basis data dan "
                         f"{hasil.jumlah_lampiran} lampiran",
                         baru={"berkas": str(dest), "ukuran": hasil.ukuran})
            removed = dbmod.prune_copies(folder, f"{PREFIX['otomatis']}*.zip",
                                         int(settings.get("cadangan.simpan_n")))
            log.info("Cadangan otomatis %s; %s cadangan lama dihapus", dest, len(removed))
            return dest
    finally:
        if opened_here and database.obj is not None and not database.obj.is_closed():
            database.obj.close()
