"""The SQLite side of copying a whole database into PostgreSQL (:mod:`pindah_db`). No Qt.

The file is opened read-only (``mode=ro``) and read in ONE read transaction: every table comes
from the same moment even if the app still has the file open somewhere. It is refused before
anything is written anywhere when it is not a database of this app, is damaged, or has another
schema version than this app (the copy is made table by table from the current models, so both
sides must have exactly the models' columns).

Values are read raw and turned into Python values by the models' own fields
(``Field.python_value``): SQLite keeps dates and times as text, booleans as 0/1; PostgreSQL gets
real ``date``/``timestamp``/``boolean`` values. Text (NIK with its leading digits, JSON kept as
text), integers and ids pass unchanged. A date that cannot be read is refused with its table,
row and column.

SQLite-only objects are not copied: the FTS5 search tables (``warga_fts`` ... and their shadow
tables; PostgreSQL searches with ``pg_trgm`` indexes the server keeps up to date) and SQLite's
own ``sqlite_*`` tables. ``versi_skema`` is written by the target's own schema creation.
"""

from __future__ import annotations

import datetime as dt
import decimal
import hashlib
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import peewee
from peewee import (
    BlobField,
    BooleanField,
    DateField,
    DateTimeField,
    DecimalField,
    Field,
    ForeignKeyField,
    TimeField,
)

from ..config import DatabaseTarget
from ..db import APPLICATION_ID, SQLITE_HEADER
from ..migrations import LATEST
from ..models import ALL_MODELS, BaseModel, VersiSkema
from ..models.versi import APP_MARK
from .errors import AppError
from .formatting import angka
from .sandi_berkas import MAGIC

#: Every table copied, parents before children (``versi_skema`` belongs to the target).
MODEL_SALIN: list[type[BaseModel]] = [
    m for m in peewee.sort_models(ALL_MODELS)  # type: ignore[attr-defined]
    if m is not VersiSkema]

#: Python type a converted value must have, by field class (DateTimeField before DateField:
#: a datetime is also a date).
_JENIS: tuple[tuple[type[Field], type, str], ...] = (
    (DateTimeField, dt.datetime, "tanggal dan jam"),
    (DateField, dt.date, "tanggal"),
    (TimeField, dt.time, "jam"),
    (DecimalField, decimal.Decimal, "angka desimal"),
)
_DIUBAH = (DateTimeField, DateField, TimeField, BooleanField, DecimalField, BlobField)


class PindahDitolak(AppError):
    """The copy is refused before anything is written (source, target or attachments)."""


@dataclass(frozen=True)
class TabelSumber:
    model: type[BaseModel]
    jumlah: int

    @property
    def nama(self) -> str:
        return str(self.model._meta.table_name)

    @property
    def fields(self) -> list[Field]:
        return list(self.model._meta.sorted_fields)

    @property
    def kunci(self) -> Field:
        """The primary key (``id``; ``lampiran_id`` for ``lampiran_isi``)."""
        key = self.model._meta.primary_key
        assert isinstance(key, Field)
        return key


@dataclass(frozen=True)
class BerkasLampiran:
    id: int
    sha256: str
    nama_asli: str
    path: Path


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _tolak_berkas(path: Path) -> None:
    """The file is there, is a file and is an SQLite database (not a backup .zip)."""
    if not path.exists():
        raise PindahDitolak(f"Berkas {path} tidak ditemukan. Periksa nama dan foldernya.")
    if path.is_dir():
        raise PindahDitolak(f"{path} adalah folder. Sebutkan berkas basis data .sqlite3-nya.")
    try:
        with path.open("rb") as fh:
            header = fh.read(16)
    except OSError as exc:
        raise PindahDitolak(f"Berkas {path} tidak dapat dibaca ({exc.strerror}).") from exc
    if header.startswith(b"PK\x03\x04") or header.startswith(MAGIC):
        raise PindahDitolak(
            f"Berkas {path.name} adalah berkas cadangan, bukan basis data. Pulihkan dulu ke "
            "berkas baru (kecamatan-app --db baru.sqlite3 restore BERKAS), lalu salin berkas "
            "baru.sqlite3 itu.")
    if header != SQLITE_HEADER:
        raise PindahDitolak(
            f"Berkas {path.name} bukan basis data aplikasi Kecamatan TKSK (bukan berkas SQLite).")


def _versi(con: sqlite3.Connection, path: Path, tables: set[str]) -> int:
    app_id = con.execute("PRAGMA application_id").fetchone()[0]
    if app_id not in (0, APPLICATION_ID) or "versi_skema" not in tables:
        raise PindahDitolak(
            f"Berkas {path.name} adalah basis data program lain, bukan Kecamatan TKSK.")
    row = con.execute("SELECT aplikasi, versi FROM versi_skema ORDER BY id DESC LIMIT 1").fetchone()
    if row is None or row[0] != APP_MARK:
        raise PindahDitolak(f"Berkas {path.name} bukan basis data aplikasi Kecamatan TKSK.")
    version = int(row[1])
    if version > LATEST:
        raise PindahDitolak(
            f"Berkas {path.name} dibuat oleh versi aplikasi yang lebih baru (skema {version}; "
            f"aplikasi ini mengenal sampai {LATEST}). Salin dengan aplikasi versi terbaru.")
    if version < LATEST:
        raise PindahDitolak(
            f"Berkas {path.name} masih memakai skema versi {version}, sedangkan aplikasi ini "
            f"versi {LATEST}. Buka berkas itu sekali dengan aplikasi versi ini agar diperbarui "
            f"(misalnya: kecamatan-app --db \"{path}\" verify-audit), lalu ulangi penyalinan.")
    return version


def _sqlite_saja(con: sqlite3.Connection) -> set[str]:
    """Tables that exist only in SQLite: its own, the FTS5 tables and their shadow tables."""
    rows = con.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table'").fetchall()
    virtual = [str(n) for n, sql in rows if str(sql or "").upper().startswith("CREATE VIRTUAL")]
    return {str(n) for n, _sql in rows
            if str(n).startswith("sqlite_") or str(n) in virtual
            or any(str(n).startswith(v + "_") for v in virtual)}


def _buka_baca(path: Path) -> sqlite3.Connection:
    """Read-only. A file in a folder this user cannot write to (a copy on a read-only share)
    cannot get SQLite's WAL index beside it; then it is read as unchanging (``immutable``),
    which is right there: nobody can be writing to it either."""
    for query in ("mode=ro", "immutable=1"):
        try:
            con = sqlite3.connect(f"{path.as_uri()}?{query}", uri=True, isolation_level=None,
                                  check_same_thread=False)
        except sqlite3.Error as exc:
            raise PindahDitolak(f"Berkas {path} tidak dapat dibuka ({exc}).") from exc
        try:
            con.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
            return con
        except sqlite3.OperationalError as exc:
            con.close()
            problem: sqlite3.Error = exc
        except sqlite3.Error as exc:
            con.close()
            raise PindahDitolak(
                f"Berkas {path.name} rusak atau bukan basis data ({exc}). Pulihkan dari "
                "cadangan terakhir, lalu salin berkas hasil pemulihan.") from exc
    raise PindahDitolak(f"Berkas {path} tidak dapat dibuka ({problem}).") from problem


class Sumber:
    """An open source database: checked, one read snapshot held until :meth:`tutup`."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path).expanduser().resolve()
        _tolak_berkas(self.path)
        self.con = _buka_baca(self.path)
        try:
            self.con.execute("BEGIN")  # one snapshot for every table
            self.tabel = self._periksa()
        except sqlite3.Error as exc:
            self.tutup()
            raise PindahDitolak(
                f"Berkas {self.path.name} tidak dapat dibaca ({exc}): mungkin rusak, atau "
                "aplikasi sedang menyimpan ke berkas itu. Tutup aplikasi di semua komputer; bila "
                "tetap gagal, pulihkan dari cadangan.") from exc
        except BaseException:
            self.tutup()
            raise

    def tutup(self) -> None:
        self.con.close()

    def __enter__(self) -> Sumber:
        return self

    def __exit__(self, *exc: object) -> None:
        self.tutup()

    @property
    def target(self) -> DatabaseTarget:
        return DatabaseTarget("sqlite", str(self.path))

    def _periksa(self) -> list[TabelSumber]:
        check = [str(r[0]) for r in self.con.execute("PRAGMA quick_check(5)")]
        if check != ["ok"]:
            raise PindahDitolak(
                f"Berkas {self.path.name} rusak (pemeriksaan keutuhan: {check[0]}). Pulihkan dari "
                "cadangan terakhir, lalu salin berkas hasil pemulihan.")
        tables = {str(r[0]) for r in self.con.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")}
        _versi(self.con, self.path, tables)
        known = {str(m._meta.table_name) for m in ALL_MODELS} | _sqlite_saja(self.con)
        extra = [t for t in sorted(tables - known) if self._jumlah(t)]
        if extra:
            raise PindahDitolak(
                f"Berkas {self.path.name} berisi tabel yang tidak dikenal aplikasi ini "
                f"({', '.join(extra)}); tidak disalin agar tidak ada yang tertinggal. Hubungi "
                "pengembang aplikasi.")
        out: list[TabelSumber] = []
        for model in MODEL_SALIN:
            name = str(model._meta.table_name)
            cols = {str(r[1]) for r in self.con.execute(f"PRAGMA table_info({_q(name)})")}
            missing = [f.column_name for f in model._meta.sorted_fields
                       if f.column_name not in cols]
            if missing:
                raise PindahDitolak(
                    f"Berkas {self.path.name}: tabel {name} tidak memiliki kolom "
                    f"{', '.join(missing)} yang dikenal aplikasi ini. Buka berkas itu sekali "
                    "dengan aplikasi versi ini, lalu ulangi.")
            out.append(TabelSumber(model, self._jumlah(name)))
        return out

    def _jumlah(self, table: str) -> int:
        return int(self.con.execute(f"SELECT COUNT(*) FROM {_q(table)}").fetchone()[0])

    def baris(self, tabel: TabelSumber, halaman: int) -> Iterator[list[tuple[Any, ...]]]:
        """Pages of ``tabel``'s rows as Python values, in the order of ``tabel.fields``."""
        fields = tabel.fields
        convert: list[Callable[[Any], Any] | None] = [
            f.python_value if isinstance(f, _DIUBAH) and not isinstance(f, ForeignKeyField)
            else None for f in fields]
        expect = [next(((kind, label) for cls, kind, label in _JENIS if isinstance(f, cls)),
                       None) for f in fields]
        cols = ", ".join(_q(f.column_name) for f in fields)
        key = _q(tabel.kunci.column_name)
        cur = self.con.execute(f"SELECT {cols} FROM {_q(tabel.nama)} ORDER BY {key}")
        while True:
            raw = cur.fetchmany(halaman)
            if not raw:
                return
            page: list[tuple[Any, ...]] = []
            for row in raw:
                values = list(row)
                for i, fn in enumerate(convert):
                    if fn is not None and values[i] is not None:
                        values[i] = fn(values[i])
                        want = expect[i]
                        if want is not None and not isinstance(values[i], want[0]):
                            raise PindahDitolak(
                                f"Tabel {tabel.nama} baris {_kunci(tabel, row)}, kolom "
                                f"{fields[i].column_name}: nilai '{row[i]}' bukan {want[1]} "
                                "yang sah. Perbaiki nilai itu di aplikasi (atau pulihkan dari "
                                "cadangan), lalu ulangi.")
                page.append(tuple(values))
            yield page

    def lampiran(self) -> list[BerkasLampiran]:
        """The attachment rows with the path of their file in the source's files folder."""
        folder = self.target.files_dir()
        return [BerkasLampiran(int(i), str(sha), str(nama), folder / str(sha)[:2] / str(sha))
                for i, sha, nama in self.con.execute(
                    "SELECT id, sha256, nama_asli FROM lampiran ORDER BY id")]


def _kunci(tabel: TabelSumber, row: tuple[Any, ...]) -> str:
    return f"{tabel.kunci.column_name} {row[tabel.fields.index(tabel.kunci)]}"


def baca_lampiran(item: BerkasLampiran) -> bytes:
    """The file's bytes, checked against its hash; a missing or altered file is refused."""
    try:
        data = item.path.read_bytes()
    except OSError as exc:
        raise PindahDitolak(
            f"Berkas lampiran {item.nama_asli} (lampiran id {item.id}) tidak ada di folder "
            f"lampiran: {item.path}. Pulihkan folder lampiran dari cadangan, lalu ulangi; belum "
            "ada yang disalin.") from exc
    if hashlib.sha256(data).hexdigest() != item.sha256:
        raise PindahDitolak(
            f"Berkas lampiran {item.nama_asli} (lampiran id {item.id}) rusak: isinya tidak cocok "
            f"dengan sidik (hash) yang tercatat ({item.path}). Pulihkan folder lampiran dari "
            "cadangan, lalu ulangi; belum ada yang disalin.")
    return data


def periksa_lampiran(items: list[BerkasLampiran],
                     progress: Callable[[int, int], None] | None = None) -> int:
    """Check every attachment file before anything is written; returns their total size."""
    size = 0
    for i, item in enumerate(items, 1):
        size += len(baca_lampiran(item))
        if progress is not None and (i % 50 == 0 or i == len(items)):
            progress(i, len(items))
    return size


def uraian_jumlah(counts: dict[str, int]) -> str:
    return f"{angka(sum(counts.values()))} baris dari {len(counts)} tabel"
