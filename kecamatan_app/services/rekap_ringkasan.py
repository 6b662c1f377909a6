"""The PPKS summary of a period the charts show (no Qt): per category, per desa, and the cells
where the desa-reported and TKSK-found numbers differ most.

Split out of :mod:`.rekap`, which re-exports these names. Read from :func:`.rekap.grid` (imported
when called, so this module and ``rekap`` can import each other in either order).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from .context import Actor

if TYPE_CHECKING:
    from .rekap import DesaBaris, KategoriInfo, Periode, Total


@dataclass(frozen=True)
class Selisih:
    desa: str
    kategori: str
    jumlah_desa: int
    jumlah_temuan: int

    @property
    def selisih(self) -> int:
        return self.jumlah_temuan - self.jumlah_desa


@dataclass(frozen=True)
class Ringkasan:
    periode: Periode
    per_kategori: list[tuple[KategoriInfo, Total]]  # PPKS, categories with any number
    per_desa: list[tuple[DesaBaris, Total]]  # PPKS totals per desa
    selisih_terbesar: list[Selisih]
    total: Total
    sel_berbeda: int


def summary(actor: Actor, periode: Periode, top: int = 10,
            kecamatan_id: int | None = None) -> Ringkasan:
    """PPKS of ``periode``: per category and per desa (desa-reported vs TKSK-found), and the
    cells where the two differ most. Read from :func:`grid` (the same numbers as the table;
    Dinas database: of the actor's kecamatan, or the chosen ``kecamatan_id``)."""
    from .rekap import grid  # at call time: rekap re-exports this module

    g = grid(actor, periode, "PPKS", kecamatan_id)
    per_kat = [
        (k, g.total_kategori[k.id])
        for k in g.kategori
        if any(not g.cell(d.id, k.id).kosong for d in g.desa)
    ]
    per_desa = [(d, g.total_desa[d.id]) for d in g.desa]
    names = {d.id: d.nama for d in g.desa}
    labels = {k.id: k.label for k in g.kategori}
    diffs = [
        Selisih(names[d], labels[k], s.jumlah_desa or 0, s.jumlah_temuan or 0)
        for (d, k), s in g.sel.items()
        if s.berbeda
    ]
    diffs.sort(key=lambda x: (-abs(x.selisih), x.desa, x.kategori))
    return Ringkasan(periode, per_kat, per_desa, diffs[:top], g.total, g.berbeda)
