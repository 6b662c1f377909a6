"""The registry of the main window's pages: key, title, a factory ``(actor, parent)`` and who
may see each page (:data:`PAGES`); a Dinas Sosial database adds :data:`PAGES_DINAS` (the
kabupaten dashboard) after the Beranda, and a user who sees every kecamatan starts there
(:func:`home_key`). Only modules that work are listed. :mod:`.main_window` re-exports these names.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtWidgets import QStyle, QWidget

from ..services.context import Actor
from ..services.errors import AppError

PageFactory = Callable[[Actor, QWidget], QWidget]


def _everyone(actor: Actor) -> bool:
    return True


@dataclass(frozen=True)
class PageSpec:
    key: str
    title: str
    factory: PageFactory
    visible: Callable[[Actor], bool] = _everyone
    icon: QStyle.StandardPixmap = QStyle.StandardPixmap.SP_FileIcon


def _beranda(actor: Actor, parent: QWidget) -> QWidget:
    from .beranda import BerandaPage

    target = getattr(parent, "target", None)  # the main window's database, for the session
    label = str(target.label) if target is not None else ""
    return BerandaPage(actor, parent, database_label=label)


def _tksk(actor: Actor, parent: QWidget) -> QWidget:
    from .tksk import TkskPage

    return TkskPage(actor, parent)


def _may_see_tksk(actor: Actor) -> bool:
    from ..services.permissions import Aksi, allowed

    return allowed(actor, Aksi.PENDAFTAR_LIHAT)


def _pemetaan(actor: Actor, parent: QWidget) -> QWidget:
    from .pemetaan import PemetaanPage

    return PemetaanPage(actor, parent)


def _may_see_pemetaan(actor: Actor) -> bool:
    from ..services.permissions import Aksi, allowed

    return allowed(actor, Aksi.PEMETAAN_LIHAT) or allowed(actor, Aksi.REGISTRI_LIHAT)


def _kegiatan(actor: Actor, parent: QWidget) -> QWidget:
    from .kegiatan import KegiatanPage

    return KegiatanPage(actor, parent)


def _may_see_kegiatan(actor: Actor) -> bool:
    from ..services.permissions import Aksi, allowed

    return allowed(actor, Aksi.KEGIATAN_LIHAT)


def _laporan(actor: Actor, parent: QWidget) -> QWidget:
    from .laporan import LaporanPage

    return LaporanPage(actor, parent)


def _may_see_laporan(actor: Actor) -> bool:
    from ..services.permissions import Aksi, allowed

    return allowed(actor, Aksi.LAPORAN_LIHAT)


def _kabupaten(actor: Actor, parent: QWidget) -> QWidget:
    from .kabupaten import KabupatenPage

    return KabupatenPage(actor, parent)


def _may_see_kabupaten(actor: Actor) -> bool:
    from ..services import lingkup
    from ..services.permissions import Aksi, allowed

    return lingkup.is_dinas() and allowed(actor, Aksi.KABUPATEN_LIHAT)


def _pengaturan(actor: Actor, parent: QWidget) -> QWidget:
    from .pengaturan.halaman import PengaturanPage

    return PengaturanPage(actor, parent)


PAGES: list[PageSpec] = [
    PageSpec("beranda", "Beranda", _beranda, icon=QStyle.StandardPixmap.SP_DirHomeIcon),
    PageSpec(
        "tksk", "TKSK", _tksk, _may_see_tksk, icon=QStyle.StandardPixmap.SP_FileDialogContentsView
    ),
    PageSpec(
        "pemetaan",
        "Pemetaan Sosial",
        _pemetaan,
        _may_see_pemetaan,
        icon=QStyle.StandardPixmap.SP_DriveNetIcon,
    ),
    PageSpec(
        "kegiatan",
        "Kegiatan",
        _kegiatan,
        _may_see_kegiatan,
        icon=QStyle.StandardPixmap.SP_FileDialogListView,
    ),
    PageSpec(
        "laporan", "Laporan", _laporan, _may_see_laporan, icon=QStyle.StandardPixmap.SP_FileIcon
    ),
    # Every role sees Pengaturan; the page shows only the tabs the role may use.
    PageSpec(
        "pengaturan",
        "Pengaturan",
        _pengaturan,
        icon=QStyle.StandardPixmap.SP_FileDialogDetailedView,
    ),
]


#: Pages only a Dinas Sosial database has, shown after the Beranda (key "beranda").
PAGES_DINAS: list[PageSpec] = [
    PageSpec(
        "kabupaten",
        "Kabupaten",
        _kabupaten,
        _may_see_kabupaten,
        icon=QStyle.StandardPixmap.SP_ComputerIcon,
    ),
]
#: The page a user who sees every kecamatan of a Dinas database starts on.
HOME_DINAS = "kabupaten"


def pages_for(actor: Actor) -> list[PageSpec]:
    """The registry's pages the actor may see; in a Dinas database with its own pages after
    the Beranda."""
    from ..services import lingkup

    pages = list(PAGES)
    if lingkup.is_dinas():
        at = next((i + 1 for i, p in enumerate(pages) if p.key == "beranda"), 0)
        pages[at:at] = PAGES_DINAS
    return [s for s in pages if s.visible(actor)]


def home_key(actor: Actor) -> str:
    """The page shown first: the kabupaten dashboard for a user who sees every kecamatan of a
    Dinas database, else the first page."""
    from ..services import lingkup

    try:
        return HOME_DINAS if lingkup.is_dinas_user(actor) else ""
    except AppError:
        return ""


def register_page(spec: PageSpec) -> None:
    """Add a module to the registry, or replace the one with the same key."""
    for i, existing in enumerate(PAGES):
        if existing.key == spec.key:
            PAGES[i] = spec
            return
    PAGES.append(spec)
