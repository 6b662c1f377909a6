"""Pemetaan > Ringkasan with the registry per name: three bar sets (desa, TKSK, by name) whose
values are those of ``services.ringkasan.gabungan``, the tables under the charts show the same
numbers, sort, and the camat sees the specific categories joined."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt

from kecamatan_app.models import DataPPKS, Keluarga, Warga
from kecamatan_app.services import rekap, ringkasan
from kecamatan_app.services.context import Actor
from kecamatan_app.services.formatting import angka
from kecamatan_app.services.rekap import CellChange, Periode
from kecamatan_app.views.pemetaan.ringkasan_tab import EXPLAIN, RingkasanTab, series_of

P = Periode(dt.date.today().year)  # not over yet: the registry as it is now


def _fill(admin: Actor) -> None:
    g = rekap.grid(admin, P, "PPKS")
    desa = [d.id for d in g.desa]
    kat = {k.kode: k.id for k in g.kategori}
    rekap.save_cells(
        admin,
        P,
        [
            CellChange(desa[0], kat["09"], "desa", 10),
            CellChange(desa[0], kat["09"], "temuan", 14),
            CellChange(desa[1], kat["24"], "desa", 30),
            CellChange(desa[1], kat["08"], "temuan", 7),
        ],
    )
    ani = Warga.create(nama="Ani", jenis_kelamin="P", desa=desa[0])
    budi = Warga.create(nama="Budi", jenis_kelamin="L", desa=desa[2])
    kk = Keluarga.create(kepala="Dedi", desa=desa[1])
    for w, k, kode, status in (
        (ani, None, "09", "terverifikasi"),
        (ani, None, "08", "teridentifikasi"),
        (budi, None, "12", "ditangani"),
        (budi, None, "08", "tidak_lagi"),
        (None, kk, "24", "teridentifikasi"),
    ):
        DataPPKS.create(warga=w, keluarga=k, kategori=kat[kode], status=status)


def _tab(qtbot: Any, actor: Actor) -> RingkasanTab:
    tab = RingkasanTab(actor)
    qtbot.addWidget(tab)
    tab.chooser.set_periode(P)
    tab.refresh()
    return tab


def _bars(view: Any) -> list[list[float]]:
    return [[b.at(i) for i in range(b.count())][::-1] for b in series_of(view).barSets()]


def _cells(rows: list[ringkasan.BarisGabungan]) -> list[list[str]]:
    return [
        [r.label, angka(r.dilaporkan_desa), angka(r.temuan_tksk), angka(r.tercatat_per_nama)]
        for r in rows
    ]


def test_three_sources_in_charts_and_tables(qtbot: Any, admin: Actor) -> None:
    _fill(admin)
    tab = _tab(qtbot, admin)
    g = ringkasan.gabungan(admin, P)
    assert g.ada_per_nama
    assert tab.kategori_view is not None and tab.desa_view is not None
    for view, rows in ((tab.kategori_view, g.per_kategori), (tab.desa_view, g.per_desa)):
        sets = series_of(view).barSets()
        assert [b.label() for b in sets] == ["Dilaporkan desa", "Temuan TKSK", "Tercatat per nama"]
        assert len({b.color().name() for b in sets}) == 3
        assert _bars(view) == [
            [r.dilaporkan_desa for r in rows],
            [r.temuan_tksk for r in rows],
            [r.tercatat_per_nama for r in rows],
        ]
    assert [r.label for r in g.per_kategori] == [
        "08 Lanjut Usia Telantar",
        "09 Penyandang Disabilitas",
        "12 Pengemis",
        "24 Fakir Miskin",
    ]
    assert _bars(tab.kategori_view) == [[0, 10, 0, 30], [7, 14, 0, 0], [1, 1, 1, 1]]
    assert tab.kategori_table.shown() == _cells(g.per_kategori)
    assert tab.desa_table.shown() == _cells(g.per_desa)
    model = tab.kategori_table.model()
    header = [model.headerData(c, Qt.Orientation.Horizontal).replace("\n", " ") for c in range(4)]
    assert header == ["Jenis PPKS", "Dilaporkan desa", "Temuan TKSK", "Tercatat per nama"]
    tab.kategori_table.sortByColumn(1, Qt.SortOrder.DescendingOrder)  # sortable, by number
    assert [row[0] for row in tab.kategori_table.shown()][:2] == [
        "24 Fakir Miskin",
        "09 Penyandang Disabilitas",
    ]
    for source in ("Dilaporkan desa", "Temuan TKSK", "Tercatat per nama"):
        assert source in EXPLAIN and source in tab.explain.text()
    assert "jumlah orang/keluarga dengan kategori PPKS aktif di registri per nama" in EXPLAIN
    assert "tercatat per nama <b>4</b> (keadaan hari ini)" in tab.totals.text()
    assert "dilaporkan desa <b>40</b>" in tab.totals.text()


def test_camat_sees_specific_joined(qtbot: Any, admin: Actor, make_actor: Any) -> None:
    _fill(admin)
    camat = make_actor("camat")
    tab = _tab(qtbot, camat)
    g = ringkasan.gabungan(camat, P)
    labels = [row[0] for row in tab.kategori_table.shown()]
    assert labels[-1] == ringkasan.SPESIFIK_LABEL and not any("Disabilitas" in x for x in labels)
    assert tab.kategori_table.shown() == _cells(g.per_kategori)
    assert _bars(tab.kategori_view)[2] == [r.tercatat_per_nama for r in g.per_kategori]
    assert "Disabilitas" not in tab.diffs.text() and ringkasan.SPESIFIK in tab.diffs.text()
    assert "digabung" in tab.note.text()


def test_no_registry_records_no_third_bar(qtbot: Any, admin: Actor) -> None:
    tab = _tab(qtbot, admin)
    assert tab.kategori_view is not None
    assert [b.label() for b in series_of(tab.kategori_view).barSets()] == [
        "Dilaporkan desa",
        "Temuan TKSK",
    ]
    assert "Belum ada PPKS aktif yang tercatat per nama" in tab.note.text()
    assert not tab.desa_table.isColumnHidden(3)  # the zeros are still readable
