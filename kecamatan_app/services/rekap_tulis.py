"""Parsing a typed or pasted count and writing many rekap cells at once (no Qt).

Split out of :mod:`.rekap`, which re-exports these names: :func:`parse_jumlah` checks one
number; :func:`write_values` inserts or updates many cells (save, copy, import) with two
``executemany`` calls inside the caller's transaction.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..models import RekapPemetaan, database
from ..models.base import now
from .formatting import angka

if TYPE_CHECKING:
    from .rekap import Periode

MAX_JUMLAH = 10_000_000
_NUMBER = re.compile(r"\d{1,3}(?:\.\d{3})+|\d+")


def parse_jumlah(value: object) -> int | None:
    """A count typed or pasted: blank = unknown (None), else a whole number >= 0 (``1.234``
    with thousands dots is accepted). Raises ValueError with an Indonesian message."""
    if value is None or isinstance(value, bool):
        if value is None:
            return None
        raise ValueError("Isi dengan angka, bukan Ya/Tidak.")
    if isinstance(value, float):
        if not value.is_integer():
            raise ValueError(f"{value} bukan bilangan bulat; jumlah orang/KK/lembaga utuh.")
        value = int(value)
    if isinstance(value, int):
        number = value
    else:
        shown = " ".join(str(value).split())
        if not shown:
            return None
        if shown.startswith("-") and shown != "-":
            raise ValueError(f"'{shown}' negatif; jumlah tidak boleh kurang dari 0.")
        if not _NUMBER.fullmatch(shown):
            raise ValueError(
                f"'{shown}' bukan angka. Tulis bilangan bulat (0 bila tidak ada), atau "
                "kosongkan bila belum diketahui."
            )
        if len(shown) > 20:
            raise ValueError(f"'{shown[:17]}...' terlalu besar untuk jumlah satu desa.")
        number = int(shown.replace(".", ""))
    if number < 0:
        raise ValueError(f"{number} negatif; jumlah tidak boleh kurang dari 0.")
    if number > MAX_JUMLAH:
        shown = angka(number) if number < 10**15 else f"{str(number)[:12]}..."
        raise ValueError(f"{shown} terlalu besar untuk jumlah satu desa.")
    return number


@dataclass(frozen=True)
class Nilai:
    """The full content of one cell to write (import, copy)."""

    periode: Periode
    desa_id: int
    kategori_id: int
    jumlah_desa: int | None
    jumlah_temuan: int | None
    satuan: str
    sumber: str = ""
    catatan: str = ""


TABLE = "rekap_pemetaan"
_UPDATE_COLS = ("jumlah_desa", "jumlah_temuan", "satuan", "sumber", "catatan")


def _stamp(ts: dt.datetime) -> str:
    return ts.strftime("%Y-%m-%d %H:%M:%S")


def write_values(values: Sequence[Nilai]) -> tuple[int, int]:
    """Insert or update ``values`` with two ``executemany`` calls; (created, updated).

    Call inside ``tx.write()``; the caller records the audit entry in the same transaction."""
    periods = {v.periode for v in values}
    existing: dict[tuple[Periode, int, int], int] = {}
    for p in periods:
        q = RekapPemetaan.select(
            RekapPemetaan.id, RekapPemetaan.desa, RekapPemetaan.kategori
        ).where(p.where())
        for r in q:
            existing[(p, r.__data__["desa"], r.__data__["kategori"])] = r.id
    stamp = _stamp(now())
    inserts: list[tuple[Any, ...]] = []
    updates: list[tuple[Any, ...]] = []
    for v in values:
        row_id = existing.get((v.periode, v.desa_id, v.kategori_id))
        data = (v.jumlah_desa, v.jumlah_temuan, v.satuan, v.sumber[:200], v.catatan)
        if row_id is None:
            p = v.periode
            inserts.append(
                (p.tahun, p.semester, p.bulan, v.desa_id, v.kategori_id, *data, stamp, stamp, 1)
            )
        else:
            updates.append((*data, stamp, row_id))
    ph = database.param
    cursor = database.cursor()
    if inserts:
        cols = (
            "tahun, semester, bulan, desa_id, kategori_id, "
            + ", ".join(_UPDATE_COLS)
            + ", dibuat_pada, diubah_pada, versi"
        )
        marks = ", ".join([ph] * len(inserts[0]))
        cursor.executemany(f"INSERT INTO {TABLE} ({cols}) VALUES ({marks})", inserts)
    if updates:
        sets = ", ".join(f"{c} = {ph}" for c in (*_UPDATE_COLS, "diubah_pada"))
        cursor.executemany(f"UPDATE {TABLE} SET {sets}, versi = versi + 1 WHERE id = {ph}", updates)
    return len(inserts), len(updates)
