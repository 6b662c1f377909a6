"""Pemetaan Sosial: summary, counts per desa, the by-name registry, PSKS, register matching,
poverty assessment and the desa/dusun master data. Each tab shows only to roles allowed it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from ...services.context import Actor
from ...services.permissions import Aksi
from ..tab_page import TabPage


def _tabs() -> list[tuple[str, str, Aksi | None, Callable[[Actor], QWidget]]]:
    from .cocok_tab import CocokRegisterTab
    from .kemiskinan_tab import KemiskinanTab
    from .psks_tab import PsksTab
    from .registri_tab import RegistriTab
    from .rekap_tab import RekapTab
    from .ringkasan_tab import RingkasanTab
    from .wilayah_tab import WilayahTab

    return [
        ("ringkasan", "Ringkasan", Aksi.PEMETAAN_LIHAT, lambda a: RingkasanTab(a)),
        ("rekap", "Rekap per Desa", Aksi.PEMETAAN_LIHAT, lambda a: RekapTab(a)),
        ("registri", "PPKS per Nama", Aksi.REGISTRI_LIHAT, lambda a: RegistriTab(a)),
        ("psks", "PSKS", Aksi.REGISTRI_LIHAT, lambda a: PsksTab(a)),
        ("cocok", "Cocokkan Register", Aksi.REGISTRI_LIHAT, lambda a: CocokRegisterTab(a)),
        ("kemiskinan", "Penilaian Kemiskinan", Aksi.REGISTRI_LIHAT, lambda a: KemiskinanTab(a)),
        ("wilayah", "Wilayah", None, lambda a: WilayahTab(a)),
    ]


class PemetaanPage(TabPage):
    def __init__(self, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(actor, _tabs(), "halamanPemetaan", parent)
