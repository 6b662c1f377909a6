"""Checking a backup completely without changing anything (split out of :mod:`.cadangan`,
which re-exports the public names): decrypting, the manifest, every entry's size and hash,
``PRAGMA integrity_check``, ownership and schema version of the database inside. A restore
opens the backup through :func:`_buka` too, unpacking the checked attachments on the way.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import tempfile
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import db as dbmod
from ..models.versi import APP_MARK
from . import sandi_berkas
from .cadangan_dasar import (
    _CHUNK,
    _SHA,
    DB_ENTRY,
    FORMAT,
    FORMAT_VERSION,
    LAMPIRAN_DIR,
    MANIFEST,
    CadanganDitolak,
    Progress,
    SandiDiperlukan,
    _diam,
    _facts,
    _io_error,
    _kerja,
    ukuran_teks,
)
from .errors import DatabaseError

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
