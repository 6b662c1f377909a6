"""Pemetaan > Rekap and Ringkasan tabs: the grid model passes qtmodeltester, a clerk types numbers
with the keyboard and saves with Ctrl+S, differences are highlighted, the previous period is
copied, the read-only view for the camat, and the charts show the service's numbers."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLineEdit

from kecamatan_app.services import rekap
from kecamatan_app.services.context import Actor
from kecamatan_app.services.rekap import CellChange, Periode
from kecamatan_app.views.pemetaan.rekap_tab import ORANGE, YELLOW, RekapModel, RekapTab
from kecamatan_app.views.pemetaan.ringkasan_tab import RingkasanTab, series_of

P = Periode(2026, semester=1)


def make_tab(qtbot: Any, actor: Actor) -> RekapTab:
    tab = RekapTab(actor)
    qtbot.addWidget(tab)
    tab.chooser.year.setValue(2026)
    tab.chooser.kind.setCurrentIndex(1)  # Semester 1
    assert tab.shown == P
    return tab


def ids(admin: Actor) -> tuple[list[int], dict[str, int]]:
    g = rekap.grid(admin, P, "PPKS")
    return [d.id for d in g.desa], {k.kode: k.id for k in g.kategori}


def test_model_passes_modeltester(qtbot: Any, qtmodeltester: Any, admin: Actor) -> None:
    desa, kat = ids(admin)
    rekap.save_cells(admin, P, [CellChange(desa[0], kat["09"], "desa", 3)])
    model = RekapModel(editable=True)  # no parent: outlives the widgets the tester watches
    model.set_grid(rekap.grid(admin, P, "PPKS"))
    assert model.rowCount() == len(desa) + 1 and model.columnCount() == 2 * 26 + 2
    qtmodeltester.check(model, force_py=True)
    header = model.headerData(16, Qt.Orientation.Horizontal)
    assert header.startswith("09 Penyandang") and header.endswith("Desa (jiwa)")
    assert model.headerData(17, Qt.Orientation.Horizontal).endswith("TKSK (jiwa)")
    assert model.setData(model.index(0, 17), "4")  # edits keep the model consistent too
    assert model.index(len(desa), 53).data() == "4"


def test_type_with_keyboard_then_ctrl_s_saves(qtbot: Any, admin: Actor, msgbox: Any) -> None:
    desa, kat = ids(admin)
    tab = make_tab(qtbot, admin)
    tab.show()
    qtbot.waitExposed(tab)
    view, model = tab.views["PPKS"], tab.models["PPKS"]
    view.setFocus()
    view.setCurrentIndex(model.index(0, 16))  # desa 1, PPKS 09, Desa
    qtbot.keyClick(view, "1")  # typing opens the editor with the first digit
    editor = view.viewport().findChild(QLineEdit)
    assert editor is not None
    qtbot.keyClicks(editor, "2")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.currentIndex().row() == 1)  # Enter moved down
    assert model.index(0, 16).data() == "12"
    assert model.index(0, 16).data(Qt.ItemDataRole.BackgroundRole).color() == QColor(YELLOW)
    assert model.index(len(desa), 16).data() == "12"  # the column total follows
    qtbot.keyClick(view, "x")  # refused, with a message, nothing pending
    editor = view.viewport().findChild(QLineEdit)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "bukan angka" in tab.status.text())
    assert rekap.grid(admin, P, "PPKS").total == rekap.Total(0, 0)  # not saved yet
    tab.activateWindow()
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: tab.pending_count() == 0)
    assert rekap.grid(admin, P, "PPKS").cell(desa[0], kat["09"]).jumlah_desa == 12
    assert "1 angka rekap Semester 1 2026 disimpan" in tab.status.text()


def test_difference_highlighted_delete_paste_and_revert(
    qtbot: Any, admin: Actor, msgbox: Any
) -> None:
    desa, kat = ids(admin)
    rekap.save_cells(
        admin,
        P,
        [CellChange(desa[0], kat["09"], "desa", 5), CellChange(desa[0], kat["09"], "temuan", 8)],
    )
    tab = make_tab(qtbot, admin)
    view, model = tab.views["PPKS"], tab.models["PPKS"]
    cell = model.index(0, 17)
    assert cell.data(Qt.ItemDataRole.BackgroundRole).color() == QColor(ORANGE)
    assert "dilaporkan desa 5, temuan TKSK 8 (selisih 3)" in cell.data(Qt.ItemDataRole.ToolTipRole)
    view.setCurrentIndex(cell)
    view.selectionModel().select(cell, view.selectionModel().SelectionFlag.ClearAndSelect)
    qtbot.keyClick(view, Qt.Key.Key_Delete)  # cleared to unknown: no longer a difference
    assert cell.data() == "" and model.pending[(desa[0], kat["09"], "temuan")] is None
    assert cell.data(Qt.ItemDataRole.BackgroundRole).color() == QColor(YELLOW)
    view.setCurrentIndex(model.index(1, 0))
    assert view.paste("1\t2\n3\t4\n") == 4
    assert [model.index(r, c).data() for r in (1, 2) for c in (0, 1)] == ["1", "2", "3", "4"]
    assert view.paste("5\tlima") == 0 and "bukan angka" in tab.status.text()
    assert tab.pending_count() == 5
    tab.revert()
    assert tab.pending_count() == 0 and cell.data() == "8"
    msgbox.answer_yes = False  # changing the period with changes pending: "Tidak" discards
    view.setCurrentIndex(model.index(0, 0))
    model.setData(model.index(0, 0), "9")
    tab.chooser.kind.setCurrentIndex(2)
    assert msgbox.calls[-1][1] == "Perubahan belum disimpan"
    assert tab.shown == Periode(2026, semester=2) and tab.pending_count() == 0


def test_copy_previous_and_read_only(
    qtbot: Any, admin: Actor, make_actor: Any, msgbox: Any
) -> None:
    desa, kat = ids(admin)
    rekap.save_cells(admin, P.previous(), [CellChange(desa[2], kat["24"], "desa", 40)])
    tab = make_tab(qtbot, admin)
    tab.copy_button.click()
    assert msgbox.texts()[-1] == "1 sel disalin dari Semester 2 2025."
    assert tab.models["PPKS"].index(2, 2 * 23).data() == "40"
    camat = make_tab(qtbot, make_actor("camat"))
    assert not camat.copy_button.isVisibleTo(camat) and not camat.save_action.isEnabled()
    index = camat.models["PPKS"].index(2, 2 * 23)
    assert index.data() == "40"
    assert not camat.models["PPKS"].flags(index) & Qt.ItemFlag.ItemIsEditable


def test_charts_show_the_summary(qtbot: Any, admin: Actor) -> None:
    desa, kat = ids(admin)
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
    tab = RingkasanTab(admin)
    qtbot.addWidget(tab)
    tab.chooser.year.setValue(2026)
    tab.chooser.kind.setCurrentIndex(1)
    s = rekap.summary(admin, P)
    assert tab.kategori_view is not None and tab.desa_view is not None
    sets = series_of(tab.kategori_view).barSets()
    assert [b.label() for b in sets] == ["Dilaporkan desa", "Temuan TKSK"]
    shown = [[b.at(i) for i in range(b.count())][::-1] for b in sets]
    assert shown == [[t.desa for _, t in s.per_kategori], [t.temuan for _, t in s.per_kategori]]
    assert shown == [[0, 10, 30], [7, 14, 0]]  # in code order: 08, 09, 24
    per_desa = [
        [b.at(i) for i in range(b.count())][::-1] for b in series_of(tab.desa_view).barSets()
    ]
    assert per_desa == [[t.desa for _, t in s.per_desa], [t.temuan for _, t in s.per_desa]]
    assert "dilaporkan desa <b>40</b>" in tab.totals.text()
    assert "desa 10, TKSK 14 (+4)" in tab.diffs.text()
