"""The Pemetaan Sosial page in the main window: its tabs, and unsaved counts are not lost."""

from __future__ import annotations

from typing import Any

from kecamatan_app.config import DatabaseTarget
from kecamatan_app.services import rekap
from kecamatan_app.services.context import Actor
from kecamatan_app.views.main_window import MainWindow
from kecamatan_app.views.pemetaan import PemetaanPage

ALL_TABS = ["Ringkasan", "Rekap per Desa", "PPKS per Nama", "PSKS", "Cocokkan Register",
            "Penilaian Kemiskinan", "Wilayah"]


def test_tabs_for_each_role(qtbot: Any, admin: Actor, make_actor: Any) -> None:
    for actor in (admin, make_actor("operator"), make_actor("tksk"), make_actor("camat")):
        page = PemetaanPage(actor)
        qtbot.addWidget(page)
        assert page.tab_titles() == ALL_TABS


def test_leaving_with_unsaved_counts_asks_and_saves(
    qtbot: Any, admin: Actor, db_target: DatabaseTarget, msgbox: Any
) -> None:
    window = MainWindow(admin, db_target)
    qtbot.addWidget(window)
    page = window.show_page("pemetaan")
    assert isinstance(page, PemetaanPage)
    page.setCurrentIndex(page.keys.index("rekap"))
    tab = page.tab("rekap")
    model = tab.models["PPKS"]  # type: ignore[union-attr]
    assert model.setData(model.index(0, 0), "7")
    assert tab.pending_count() == 1  # type: ignore[union-attr]
    msgbox.answer_yes = True  # "Ya": save before leaving
    window.show_page("beranda")
    assert msgbox.calls[-1][1] == "Perubahan belum disimpan"
    assert window.current_key() == "beranda"
    grid = rekap.grid(admin, tab.shown, "PPKS")  # type: ignore[union-attr]
    assert grid.cell(grid.desa[0].id, grid.kategori[0].id).jumlah_desa == 7
    assert tab.pending_count() == 0  # type: ignore[union-attr]
