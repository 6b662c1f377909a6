"""Kegiatan: the activity log by the regulation's functions, referrals followed to an outcome,
and the recaps. Each tab shows only to roles allowed it."""

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
        ("kegiatan", "Kegiatan", Aksi.KEGIATAN_LIHAT, _t("kegiatan_tab", "KegiatanTab")),
        ("rujukan", "Rujukan", Aksi.KEGIATAN_LIHAT, _t("rujukan_tab", "RujukanTab")),
        ("rekap", "Rekap", Aksi.KEGIATAN_LIHAT, _t("rekap_tab", "RekapKegiatanTab")),
    ]


class KegiatanPage(TabPage):
    def __init__(self, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(actor, _tabs(), "halamanKegiatan", parent)
