"""Pemetaan Sosial: summary, counts per desa, the by-name registry, PSKS, register matching,
poverty assessment and the desa/dusun master data. Each tab shows only to roles allowed it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from ...services.context import Actor
from ...services.permissions import Aksi
from ..tab_page import TabPage, lazy_tab


def _t(module: str, name: str) -> Callable[[Actor], QWidget]:
    return lazy_tab(__name__, module, name)  # imported when the tab is first shown


def _tabs() -> list[tuple[str, str, Aksi | None, Callable[[Actor], QWidget]]]:
    return [
        ("ringkasan", "Ringkasan", Aksi.PEMETAAN_LIHAT, _t("ringkasan_tab", "RingkasanTab")),
        ("rekap", "Rekap per Desa", Aksi.PEMETAAN_LIHAT, _t("rekap_tab", "RekapTab")),
        ("registri", "PPKS per Nama", Aksi.REGISTRI_LIHAT, _t("registri_tab", "RegistriTab")),
        ("psks", "PSKS", Aksi.REGISTRI_LIHAT, _t("psks_tab", "PsksTab")),
        ("cocok", "Cocokkan Register", Aksi.REGISTRI_LIHAT, _t("cocok_tab", "CocokRegisterTab")),
        ("kemiskinan", "Penilaian Kemiskinan", Aksi.REGISTRI_LIHAT,
         _t("kemiskinan_tab", "KemiskinanTab")),
        ("wilayah", "Wilayah", None, _t("wilayah_tab", "WilayahTab")),
    ]


class PemetaanPage(TabPage):
    def __init__(self, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(actor, _tabs(), "halamanPemetaan", parent)
