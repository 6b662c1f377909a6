"""Kegiatan: the activity log by the regulation's functions, referrals followed to an outcome,
and the recaps. Each tab shows only to roles allowed it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from ...services.context import Actor
from ...services.permissions import Aksi
from ..tab_page import TabPage


def _tabs() -> list[tuple[str, str, Aksi | None, Callable[[Actor], QWidget]]]:
    from .kegiatan_tab import KegiatanTab
    from .rekap_tab import RekapKegiatanTab
    from .rujukan_tab import RujukanTab

    return [
        ("kegiatan", "Kegiatan", Aksi.KEGIATAN_LIHAT, lambda a: KegiatanTab(a)),
        ("rujukan", "Rujukan", Aksi.KEGIATAN_LIHAT, lambda a: RujukanTab(a)),
        ("rekap", "Rekap", Aksi.KEGIATAN_LIHAT, lambda a: RekapKegiatanTab(a)),
    ]


class KegiatanPage(TabPage):
    def __init__(self, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(actor, _tabs(), "halamanKegiatan", parent)
