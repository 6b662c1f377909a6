"""Per-desa PPKS/PSKS counts of a period: the grid the clerk fills, its totals and the summary
the charts show (no Qt).

Every count has two sides: what the desa reported (``jumlah_desa``) and what the TKSK found in
the field (``jumlah_temuan``); either may be unknown (None). Totals, the charts and the exports
all read :func:`grid`, so the numbers on screen and on paper come from one path. Many-row writes
(save, copy, import) go through :func:`write_values`: one transaction, ``executemany``.

Parsing and many-row writing live in :mod:`.rekap_tulis`, the summary in :mod:`.rekap_ringkasan`;
both are re-exported here, so ``rekap.parse_jumlah``, ``rekap.summary`` etc. keep working.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..models import Desa, Kategori, RekapPemetaan
from ..models.base import fk, now
from . import audit, lingkup
from .context import Actor
from .errors import Conflict, FieldProblem, ValidationError
from .formatting import nama_bulan
from .permissions import Aksi, require
from .rekap_tulis import MAX_JUMLAH as MAX_JUMLAH
from .rekap_tulis import TABLE as _TABLE
from .rekap_tulis import Nilai as Nilai
from .rekap_tulis import parse_jumlah as parse_jumlah
from .rekap_tulis import write_values as write_values
from .tx import write

JENIS = ("PPKS", "PSKS")
DESA, TEMUAN = "desa", "temuan"
SUMBER_LABEL = {DESA: "Dilaporkan desa", TEMUAN: "Temuan TKSK"}


@dataclass(frozen=True, order=True)
class Periode:
    """A year, a half-year (semester 1-2) or a month (bulan 1-12) of it."""

    tahun: int
    semester: int = 0
    bulan: int = 0

    def __post_init__(self) -> None:
        if not 2000 <= self.tahun <= 2100:
            raise ValidationError.single("tahun", f"Tahun {self.tahun} tidak masuk akal.")
        if self.semester not in (0, 1, 2) or not 0 <= self.bulan <= 12:
            raise ValidationError.single("periode", "Semester 1-2 atau bulan 1-12.")
        if self.semester and self.bulan:
            raise ValidationError.single("periode", "Pilih semester ATAU bulan, tidak keduanya.")

    @property
    def label(self) -> str:
        if self.bulan:
            return f"{nama_bulan(self.bulan)} {self.tahun}"
        if self.semester:
            return f"Semester {self.semester} {self.tahun}"
        return str(self.tahun)

    def previous(self) -> Periode:
        if self.bulan:
            if self.bulan == 1:
                return Periode(self.tahun - 1, bulan=12)
            return Periode(self.tahun, bulan=self.bulan - 1)
        if self.semester == 2:
            return Periode(self.tahun, semester=1)
        if self.semester == 1:
            return Periode(self.tahun - 1, semester=2)
        return Periode(self.tahun - 1)

    def where(self) -> Any:
        r = RekapPemetaan
        return (r.tahun == self.tahun) & (r.semester == self.semester) & (r.bulan == self.bulan)


@dataclass(frozen=True)
class KategoriInfo:
    id: int
    jenis: str
    kode: str
    nama: str
    satuan: str

    @property
    def label(self) -> str:
        return f"{self.kode} {self.nama}"

    @property
    def kode_lengkap(self) -> str:
        return f"{self.jenis}-{self.kode}"


@dataclass(frozen=True)
class DesaBaris:
    id: int
    kode: str
    nama: str


@dataclass(frozen=True)
class Sel:
    jumlah_desa: int | None = None
    jumlah_temuan: int | None = None
    satuan: str = ""

    @property
    def berbeda(self) -> bool:
        """Both numbers known and different."""
        return (
            self.jumlah_desa is not None
            and self.jumlah_temuan is not None
            and self.jumlah_desa != self.jumlah_temuan
        )

    @property
    def kosong(self) -> bool:
        return self.jumlah_desa is None and self.jumlah_temuan is None

    def nilai(self, sumber: str) -> int | None:
        return self.jumlah_desa if sumber == DESA else self.jumlah_temuan


@dataclass(frozen=True)
class Total:
    """Sums of the known numbers (unknown counts as nothing)."""

    desa: int = 0
    temuan: int = 0

    def nilai(self, sumber: str) -> int:
        return self.desa if sumber == DESA else self.temuan


def _total(cells: Iterable[Sel]) -> Total:
    d = t = 0
    for c in cells:
        d += c.jumlah_desa or 0
        t += c.jumlah_temuan or 0
    return Total(d, t)


@dataclass(frozen=True)
class Grid:
    periode: Periode
    jenis: str
    desa: list[DesaBaris]
    kategori: list[KategoriInfo]
    sel: dict[tuple[int, int], Sel]  # (desa id, kategori id) -> cell; missing = empty
    total_desa: dict[int, Total]  # per desa (row)
    total_kategori: dict[int, Total]  # per category (column)
    total: Total
    dimuat_pada: dt.datetime

    def cell(self, desa_id: int, kategori_id: int) -> Sel:
        return self.sel.get((desa_id, kategori_id), Sel())

    @property
    def berbeda(self) -> int:
        return sum(1 for c in self.sel.values() if c.berbeda)


def kategori_list(jenis: str, only_active: bool = True) -> list[KategoriInfo]:
    if jenis not in JENIS:
        raise ValidationError.single("jenis", "Jenis harus PPKS atau PSKS.")
    q = Kategori.select().where(Kategori.jenis == jenis)
    if only_active:
        q = q.where(Kategori.aktif)
    q = q.order_by(Kategori.urutan, Kategori.kode)
    return [KategoriInfo(k.id, k.jenis, k.kode, k.nama, k.satuan) for k in q]


def desa_list(kecamatan_id: int | None = None) -> list[DesaBaris]:
    """The active desa (of ``kecamatan_id``; without it every desa of the database)."""
    q = Desa.select().where(Desa.aktif).order_by(Desa.urutan, Desa.kode)
    if kecamatan_id is not None:
        q = q.where(Desa.kecamatan == kecamatan_id)
    return [DesaBaris(d.id, d.kode, d.nama) for d in q]


def grid(actor: Actor, periode: Periode, jenis: str, kecamatan_id: int | None = None) -> Grid:
    """Rows = active desa, columns = active categories of ``jenis``, with every total. In a
    Dinas database: the desa of the actor's kecamatan (a kabupaten-wide user: of the chosen
    ``kecamatan_id``)."""
    require(actor, Aksi.PEMETAAN_LIHAT)
    kec = lingkup.satu_kecamatan(actor, kecamatan_id)
    loaded = now()
    kats = kategori_list(jenis)
    desas = desa_list(kec)
    kat_ids = {k.id for k in kats}
    desa_ids = {d.id for d in desas}
    cells: dict[tuple[int, int], Sel] = {}
    rows = RekapPemetaan.select().where(periode.where() & RekapPemetaan.kategori.in_(kat_ids))
    if kec is not None:
        rows = rows.where(RekapPemetaan.desa.in_(lingkup.desa_ids(kec)))
    for r in rows:
        key = (r.__data__["desa"], r.__data__["kategori"])
        if key[0] in desa_ids:
            cells[key] = Sel(r.jumlah_desa, r.jumlah_temuan, r.satuan)
    per_desa = {d.id: _total(cells.get((d.id, k.id), Sel()) for k in kats) for d in desas}
    per_kat = {k.id: _total(cells.get((d.id, k.id), Sel()) for d in desas) for k in kats}
    return Grid(
        periode, jenis, desas, kats, cells, per_desa, per_kat, _total(cells.values()), loaded
    )


# -- saving and copying (parse_jumlah, Nilai and write_values live in rekap_tulis) ---------


@dataclass(frozen=True)
class CellChange:
    """One number of one cell: ``sumber`` is ``"desa"`` or ``"temuan"``; ``nilai`` as typed
    (int, text or None/blank = unknown)."""

    desa_id: int
    kategori_id: int
    sumber: str
    nilai: object


@dataclass
class _Row:
    row: RekapPemetaan | None
    sel: Sel
    new: dict[str, int | None] = field(default_factory=dict)


def _where(d: Desa | None, k: Kategori | None, c: CellChange) -> str:
    desa = d.nama if d else f"desa #{c.desa_id}"
    kat = f"{k.jenis} {k.kode}" if k else f"kategori #{c.kategori_id}"
    return f"{desa} / {kat} / {SUMBER_LABEL.get(c.sumber, c.sumber)}"


def save_cells(
    actor: Actor,
    periode: Periode,
    changes: Sequence[CellChange],
    dimuat_pada: dt.datetime | None = None,
) -> int:
    """Save typed cells all or nothing; returns how many numbers changed.

    With ``dimuat_pada`` (the grid's load time) a cell someone else saved after that time is
    refused with :class:`Conflict` instead of being silently overwritten."""
    require(actor, Aksi.PEMETAAN_UBAH)
    desas = {d.id: d for d in Desa.select().where(Desa.id.in_({c.desa_id for c in changes}))}
    if lingkup.is_dinas():  # only the desa of the actor's kecamatan
        for kec in {fk(d, "kecamatan") for d in desas.values()}:
            lingkup.check_kecamatan(actor, kec)
    kats = {
        k.id: k for k in Kategori.select().where(Kategori.id.in_({c.kategori_id for c in changes}))
    }
    problems: list[FieldProblem] = []
    parsed: list[tuple[CellChange, int | None]] = []
    for i, c in enumerate(changes):
        where = _where(desas.get(c.desa_id), kats.get(c.kategori_id), c)
        if c.desa_id not in desas:
            problems.append(FieldProblem(where, "Desa/kelurahan ini tidak dikenal.", i))
        elif c.kategori_id not in kats:
            problems.append(FieldProblem(where, "Jenis PPKS/PSKS ini tidak dikenal.", i))
        elif c.sumber not in (DESA, TEMUAN):
            problems.append(FieldProblem(where, "Kolom harus 'desa' atau 'temuan'.", i))
        else:
            try:
                parsed.append((c, parse_jumlah(c.nilai)))
            except ValueError as exc:
                problems.append(FieldProblem(where, str(exc), i))
    if problems:
        lines = "\n".join(f"- {p.field}: {p.message}" for p in problems[:10])
        more = f"\n... dan {len(problems) - 10} lainnya" if len(problems) > 10 else ""
        raise ValidationError(
            f"{len(problems)} isian tidak dapat disimpan; tidak ada yang disimpan.\n{lines}{more}",
            problems,
        )
    with write():
        found = {
            (r.__data__["desa"], r.__data__["kategori"]): r
            for r in RekapPemetaan.select().where(
                periode.where() & RekapPemetaan.desa.in_({c.desa_id for c, _ in parsed})
            )
        }
        cells: dict[tuple[int, int], _Row] = {}
        for c, value in parsed:
            key = (c.desa_id, c.kategori_id)
            if key not in cells:
                r = found.get(key)
                sel = Sel(r.jumlah_desa, r.jumlah_temuan, r.satuan) if r else Sel()
                cells[key] = _Row(r, sel)
            cells[key].new[c.sumber] = value
        if dimuat_pada is not None:
            late = [
                key
                for key, x in cells.items()
                if x.row is not None and x.row.diubah_pada >= dimuat_pada  # times are whole seconds
            ]
            if late:
                names = ", ".join(
                    f"{desas[d].nama} / {kats[k].jenis} {kats[k].kode}" for d, k in late[:5]
                )
                raise Conflict(
                    f"Sel berikut sudah diubah orang lain setelah tabel ini dimuat: {names}. "
                    "Muat ulang tabel (perubahan Anda dibuang), lalu isi lagi."
                )
        lama: dict[str, Any] = {}
        baru: dict[str, Any] = {}
        values: list[Nilai] = []
        for (d, k), x in cells.items():
            nd = x.new.get(DESA, x.sel.jumlah_desa)
            nt = x.new.get(TEMUAN, x.sel.jumlah_temuan)
            if (nd, nt) == (x.sel.jumlah_desa, x.sel.jumlah_temuan):
                continue
            kat = kats[k]
            pairs = ((DESA, x.sel.jumlah_desa, nd), (TEMUAN, x.sel.jumlah_temuan, nt))
            for sumber, old, new in pairs:
                if old != new:
                    label = f"{desas[d].nama} / {kat.jenis} {kat.kode} {kat.nama} / "
                    label += SUMBER_LABEL[sumber]
                    lama[label], baru[label] = old, new
            r = x.row
            keep = (r.satuan, r.sumber, r.catatan) if r else (kat.satuan, "", "")
            values.append(Nilai(periode, d, k, nd, nt, *keep))
        if values:
            write_values(values)
            audit.record(
                actor,
                "ubah",
                _TABLE,
                "",
                f"Rekap pemetaan {periode.label}: {len(lama)} angka diubah pada {len(values)} sel",
                lama=lama,
                baru=baru,
            )
    return len(lama)


def copy_previous(actor: Actor, periode: Periode, jenis: str, overwrite: bool = False,
                  kecamatan_id: int | None = None) -> int:
    """Copy the previous period's numbers of ``jenis`` into this period's empty cells (all cells
    with ``overwrite``); returns how many cells were filled (Dinas database: of the actor's
    kecamatan, or the chosen one)."""
    require(actor, Aksi.PEMETAAN_UBAH)
    before = periode.previous()
    old = grid(actor, before, jenis, kecamatan_id)
    current = grid(actor, periode, jenis, kecamatan_id)
    values = [
        Nilai(
            periode, d, k, s.jumlah_desa, s.jumlah_temuan, s.satuan, f"Disalin dari {before.label}"
        )
        for (d, k), s in old.sel.items()
        if not s.kosong and (overwrite or current.cell(d, k).kosong)
    ]
    if not values:
        return 0
    with write():
        write_values(values)
        audit.record(
            actor,
            "ubah",
            _TABLE,
            "",
            f"Rekap {jenis} {periode.label}: {len(values)} sel disalin dari {before.label}"
            + (" (menimpa isian)" if overwrite else " (hanya sel kosong)"),
        )
    return len(values)


# -- summary for the charts: moved to rekap_ringkasan, re-exported so ``rekap.summary``,
# ``rekap.Ringkasan`` and ``rekap.Selisih`` keep working for existing callers.
from .rekap_ringkasan import Ringkasan as Ringkasan  # noqa: E402
from .rekap_ringkasan import Selisih as Selisih  # noqa: E402
from .rekap_ringkasan import summary as summary  # noqa: E402
