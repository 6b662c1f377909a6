"""Copy a whole office from its SQLite file into an empty PostgreSQL database. No Qt.

``kecamatan-app pindah-ke-postgresql --dari BERKAS.sqlite3 --ke postgresql://...`` (cli_pindah)
calls :func:`pindah`. Everything comes along with its ids: users and their passwords, the audit
trail (its hash chain stays intact), TKSK candidates, selection and appointments, regions, the
registry, activities, referrals, monthly reports with their history, settings (also the kind of
database, kecamatan or Dinas: ``services/lingkup``) and the attachments' contents.

Order of work, so that a refusal writes nothing and a failure or cancel leaves the target empty:

1. the source is opened read-only and checked (:mod:`pindah_sumber`: ours, intact, same schema
   version), the target is checked with plain SQL (PostgreSQL, ours or without tables, holds no
   data), and every attachment file is read and checked against its hash;
2. the target's schema is created (or brought to this version) the normal way
   (``db.open_database``), which binds the models to it;
3. in ONE write transaction: the reference lists a new database is seeded with are replaced by
   the source's rows, every table is copied in foreign-key order in pages of 2,000 rows with
   ``COPY`` (primary keys kept; ordinary indexes and foreign keys are dropped before and made
   again after: :mod:`pindah_tulis`), the row counts of both sides are
   compared, every id sequence is set past its table's largest id, the attachments' contents
   are stored (``lampiran.put_content``: in ``lampiran_isi`` on PostgreSQL), the audit chain is
   verified and an audit entry says where the data came from. Then commit.
"""

from __future__ import annotations

import logging
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from peewee import AutoField, Database, DatabaseProxy, ForeignKeyField
from peewee import DatabaseError as PeeweeDatabaseError

from .. import db as dbmod
from ..config import DatabaseTarget
from ..models import (
    AlasanPemberhentian,
    BentukKegiatan,
    FungsiKegiatan,
    IndikatorKemiskinan,
    InstansiRujukan,
    Instrumen,
    JenisBerkas,
    Kategori,
    KategoriAlias,
    KelasKemiskinan,
    OpsiIndikator,
    ProgramBantuan,
    database,
)
from ..models.versi import APP_MARK
from . import audit, lampiran, lingkup, pindah_tulis
from .audit import ChainCheck
from .context import Actor
from .errors import AppError
from .formatting import angka
from .pindah_sumber import (
    MODEL_SALIN,
    BerkasLampiran,
    PindahDitolak,
    Sumber,
    TabelSumber,
    baca_lampiran,
)
from .pindah_sumber import periksa_lampiran as _periksa_lampiran
from .tx import write

log = logging.getLogger(__name__)

#: ``progress(tahap, selesai, jumlah)``: ``tahap`` is a table name or one of the TAHAP_* below;
#: called at the start (0) and after every page, and with ``selesai == jumlah`` at the end.
Kemajuan = Callable[[str, int, int], None]
TAHAP_PERIKSA = "pemeriksaan berkas lampiran"
TAHAP_LAMPIRAN = "isi berkas lampiran"
TAHAP_INDEKS = "indeks dan relasi antartabel"
HALAMAN = 2000
AKSI = "salin_basis_data"

#: Tables a NEW database already holds rows of: the reference lists the migrations seed. An
#: empty target may have them; they are replaced by the source's rows (same codes, the
#: source's ids and the office's own edits). Any other table with a row means "not empty".
BAWAAN: frozenset[str] = frozenset(
    str(m._meta.table_name) for m in (
        Kategori, KategoriAlias, FungsiKegiatan, BentukKegiatan, ProgramBantuan,
        AlasanPemberhentian, InstansiRujukan, JenisBerkas,
        Instrumen, IndikatorKemiskinan, OpsiIndikator, KelasKemiskinan))


class PindahDibatalkan(AppError):
    """The user cancelled; the transaction was rolled back."""


@dataclass(frozen=True)
class HasilPindah:
    sumber: Path
    tujuan: str  # the target's label (no password)
    jumlah: dict[str, int]  # rows per table, equal on both sides (checked before the commit)
    lampiran: int
    ukuran_lampiran: int
    detik: float
    audit_utuh: bool
    audit_pesan: str

    @property
    def total_baris(self) -> int:
        return sum(self.jumlah.values())

    def ringkasan(self) -> list[str]:
        mb = self.ukuran_lampiran / 1_048_576
        return [
            f"Basis data {self.sumber} disalin ke {self.tujuan} dalam {_desimal(self.detik)} "
            "detik.",
            f"Diperiksa: jumlah baris {len(self.jumlah)} tabel sama di kedua basis data "
            f"({angka(self.total_baris)} baris); {angka(self.lampiran)} berkas lampiran "
            f"({_desimal(mb)} MB) disalin dan cocok dengan sidiknya.",
            self.audit_pesan if self.audit_utuh else
            f"Peringatan: {self.audit_pesan} Periksa juga berkas asalnya: kecamatan-app --db "
            f"\"{self.sumber}\" verify-audit.",
        ]


def _desimal(value: float) -> str:
    return f"{value:.1f}".replace(".", ",")


def _cek_batal(batal: Callable[[], bool] | None) -> None:
    if batal is not None and batal():
        raise PindahDibatalkan("Penyalinan dibatalkan. Basis data tujuan tetap kosong; "
                               "berkas asal tidak diubah.")


def _diam(_tahap: str, _selesai: int, _jumlah: int) -> None:
    pass


# -- the target ---------------------------------------------------------------------------------


def _count(db: Database | DatabaseProxy, table: str) -> int:
    return int(db.execute_sql(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0])


def isi_tujuan(db: Database | DatabaseProxy, tables: set[str] | None = None
               ) -> list[tuple[str, int]]:
    """(table, rows) of every table the target holds data in, reference lists left out."""
    tables = set(db.get_tables()) if tables is None else tables
    out: list[tuple[str, int]] = []
    for model in MODEL_SALIN:
        name = str(model._meta.table_name)
        if name in BAWAAN or name not in tables:
            continue
        n = _count(db, name)
        if n:
            out.append((name, n))
    return out


_LABEL = {"kantor": "kantor yang sudah disiapkan", "pengguna": "pengguna",
          "jejak_audit": "entri jejak audit", "kecamatan": "kecamatan"}


def _tolak_berisi(target: DatabaseTarget, found: list[tuple[str, int]]) -> None:
    if not found:
        return
    first = ("kantor", "pengguna", "jejak_audit", "kecamatan")
    found = sorted(found, key=lambda t: first.index(t[0]) if t[0] in first else len(first))
    parts = [f"{angka(n)} {_LABEL.get(name, 'baris ' + name)}" for name, n in found[:5]]
    if len(found) > 5:
        parts.append(f"dan {len(found) - 5} tabel lain")
    raise PindahDitolak(
        f"Basis data tujuan {target.label} sudah berisi data ({', '.join(parts)}). Penyalinan "
        "hanya ke basis data PostgreSQL yang masih kosong, agar tidak ada data yang tercampur "
        "atau tertimpa: buat basis data kosong yang baru (docs/postgresql.md, langkah 2) lalu "
        "ulangi. Basis data tujuan tidak diubah.")


def periksa_tujuan(target: DatabaseTarget) -> None:
    """Refuse a target that is not PostgreSQL, not ours, newer, or not empty; writes nothing."""
    if target.kind != "postgresql":
        raise PindahDitolak(
            f"Tujuan {target.label} bukan server PostgreSQL. Sebutkan alamat basis data "
            "PostgreSQL yang kosong, contoh: --ke postgresql://kecamatan@server:5432/kecamatan.")
    pg = dbmod.connect(target)
    try:
        pg.connect()
    except Exception as exc:
        raise dbmod._translate_operational(exc, target) from exc
    try:
        tables = set(pg.get_tables())
        if not tables:
            return
        if "versi_skema" not in tables:
            raise PindahDitolak(
                f"Basis data tujuan {target.label} berisi tabel yang bukan milik aplikasi "
                "Kecamatan TKSK. Buat basis data kosong sendiri untuk aplikasi ini lalu ulangi.")
        row = pg.execute_sql(
            "SELECT aplikasi, versi FROM versi_skema ORDER BY id DESC LIMIT 1").fetchone()
        if row is None or row[0] != APP_MARK:
            raise PindahDitolak(
                f"Basis data tujuan {target.label} bukan milik aplikasi Kecamatan TKSK.")
        if int(row[1]) > dbmod.LATEST:
            raise PindahDitolak(
                f"Basis data tujuan {target.label} dibuat oleh versi aplikasi yang lebih baru "
                f"(skema {row[1]}). Salin dengan aplikasi versi terbaru.")
        _tolak_berisi(target, isi_tujuan(pg, tables))
    finally:
        pg.close()


# -- the copy -----------------------------------------------------------------------------------


def _salin_tabel(src: Sumber, tabel: TabelSumber, halaman: int, lapor: Kemajuan,
                 batal: Callable[[], bool] | None) -> int:
    """Insert every row of ``tabel`` with its id. A foreign key to the same table (a TKSK
    appointment that replaces an earlier one) is filled in after all rows are there."""
    model, fields = tabel.model, tabel.fields
    pk = fields.index(tabel.kunci)
    self_fk = [i for i, f in enumerate(fields)
               if isinstance(f, ForeignKeyField) and f.rel_model is model]
    later: list[tuple[Any, Any, Any]] = []
    done = 0
    lapor(tabel.nama, 0, tabel.jumlah)
    for page in src.baris(tabel, halaman):
        _cek_batal(batal)
        if self_fk:
            rows: list[tuple[Any, ...]] = []
            for row in page:
                values = list(row)
                for i in self_fk:
                    if values[i] is not None:
                        later.append((fields[i], values[pk], values[i]))
                        values[i] = None
                rows.append(tuple(values))
            page = rows
        pindah_tulis.copy_rows(tabel.nama, fields, page)
        done += len(page)
        lapor(tabel.nama, done, tabel.jumlah)
    for fk_field, row_id, value in later:
        model.update({fk_field: value}).where(tabel.kunci == row_id).execute()
    return done


def _periksa_jumlah(src: Sumber, target: DatabaseTarget) -> dict[str, int]:
    counts: dict[str, int] = {}
    wrong: list[str] = []
    for tabel in src.tabel:
        there = _count(database, tabel.nama)
        counts[tabel.nama] = there
        if there != tabel.jumlah:
            wrong.append(f"{tabel.nama} ({angka(tabel.jumlah)} di berkas, {angka(there)} di "
                         "tujuan)")
    if wrong:
        raise AppError(
            f"Jumlah baris tidak sama setelah disalin ke {target.label}: {', '.join(wrong)}. "
            "Penyalinan dibatalkan; basis data tujuan tetap kosong. Tutup aplikasi di semua "
            "komputer lalu ulangi.")
    return counts


def _atur_urutan() -> None:
    """Every id sequence continues after its table's largest copied id (tables whose key is
    not an automatic number, such as ``lampiran_isi``, have none)."""
    for model in MODEL_SALIN:
        key = model._meta.primary_key
        if not isinstance(key, AutoField):
            continue
        name, col = str(model._meta.table_name), str(key.column_name)
        database.execute_sql(
            f'SELECT setval(pg_get_serial_sequence(%s, %s), COALESCE(MAX("{col}"), 0) + 1, '
            f'false) FROM "{name}"', (f'"{name}"', col))


def _salin_semua(src: Sumber, files: list[BerkasLampiran], target: DatabaseTarget,
                 actor: Actor, halaman: int, lapor: Kemajuan,
                 batal: Callable[[], bool] | None) -> tuple[dict[str, int], ChainCheck]:
    """Step 3 of the module docstring: everything in one write transaction."""
    with write():
        _tolak_berisi(target, isi_tujuan(database))  # again, now under the write lock
        for model in reversed(MODEL_SALIN):
            if str(model._meta.table_name) in BAWAAN:
                model.delete().execute()
        ditunda = pindah_tulis.tunda([t.nama for t in src.tabel])
        for tabel in src.tabel:
            _salin_tabel(src, tabel, halaman, lapor, batal)
        if ditunda is not None:

            def rebuilt(done: int, total: int) -> None:
                _cek_batal(batal)
                lapor(TAHAP_INDEKS, done, total)

            pindah_tulis.pulihkan(ditunda, rebuilt)
        counts = _periksa_jumlah(src, target)
        _atur_urutan()
        lapor(TAHAP_LAMPIRAN, 0, len(files))
        for i, item in enumerate(files, 1):
            _cek_batal(batal)
            lampiran.put_content(item.id, baca_lampiran(item))
            if i % 50 == 0 or i == len(files):
                lapor(TAHAP_LAMPIRAN, i, len(files))
        _cek_batal(batal)
        chain = audit.verify_chain()
        audit.record(
            actor, AKSI, "", "",
            f"Basis data disalin dari berkas SQLite {src.path} "
            f"({angka(sum(counts.values()))} baris, {angka(len(files))} lampiran).",
            baru={"berkas": str(src.path), "baris": sum(counts.values()),
                  "lampiran": len(files), "jejak_audit_utuh": chain.ok})
    return counts, chain


def pindah(sumber: str | Path, tujuan: str | DatabaseTarget, *, actor: Actor | None = None,
           progress: Kemajuan | None = None, batal: Callable[[], bool] | None = None,
           halaman: int = HALAMAN) -> HasilPindah:
    """Copy the SQLite database ``sumber`` (and its attachments) into the empty PostgreSQL
    database ``tujuan``. Afterwards the models are bound to the target (as ``open_database``
    leaves them). ``batal()`` returning True cancels (:class:`PindahDibatalkan`); so does any
    exception ``progress`` raises."""
    start = time.perf_counter()
    lapor = progress or _diam
    target = tujuan if isinstance(tujuan, DatabaseTarget) else DatabaseTarget.parse(tujuan)
    actor = actor or Actor.cli()
    with Sumber(sumber) as src:
        periksa_tujuan(target)
        files = src.lampiran()
        lapor(TAHAP_PERIKSA, 0, len(files))

        def checked(done: int, total: int) -> None:
            _cek_batal(batal)
            lapor(TAHAP_PERIKSA, done, total)

        size = _periksa_lampiran(files, checked)
        _cek_batal(batal)
        log.info("Menyalin %s ke %s", src.path, target.label)
        dbmod.close_database()
        dbmod.open_database(target)  # creates (or brings up to date) the schema
        try:
            counts, chain = _salin_semua(src, files, target, actor, halaman, lapor, batal)
        except (PeeweeDatabaseError, sqlite3.Error) as exc:
            log.exception("Penyalinan ke %s gagal", target.label)
            raise AppError(
                f"Penyalinan gagal dan dibatalkan ({exc}). Basis data tujuan tetap kosong; "
                "berkas asal tidak diubah. Periksa pesan itu (atau log aplikasi) lalu ulangi.",
            ) from exc
        finally:
            lingkup.forget()
    took = time.perf_counter() - start
    log.info("Disalin: %s baris, %s lampiran, %.1f s", sum(counts.values()), len(files), took)
    return HasilPindah(src.path, target.label, counts, len(files), size, took, chain.ok,
                       chain.message)
