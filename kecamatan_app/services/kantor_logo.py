"""The office's kop surat logo: a checked and cleaned image (:mod:`logo`) stored as a file
(:mod:`lampiran`) and set on the office, removed again, and found for printing. No Qt.

Split out of :mod:`kantor`, which re-exports these functions. The office row and its answer are
read from :mod:`kantor` (imported when called, so this module and ``kantor`` can import each
other in either order).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from ..models import Kantor
from ..models.base import fk
from . import audit, lampiran, lingkup, logo
from .context import Actor
from .errors import Conflict, NotFound
from .permissions import Aksi, require
from .tx import write

if TYPE_CHECKING:
    from .kantor import OfficeInfo


def set_logo(actor: Actor, path: str | os.PathLike[str], versi: int,
             kecamatan_id: int | None = None) -> OfficeInfo:
    """Check the chosen PNG/JPEG file, store it cleaned and make it the kop surat logo."""
    from .kantor import _office_row, office_kecamatan, require_office

    require(actor, Aksi.KANTOR_UBAH)
    kec_id = office_kecamatan(actor, kecamatan_id)
    data, name = logo.read_path(path)
    siap = logo.prepare(data, name)
    with write():
        k = _office_row(kec_id)
        if k.versi != versi:
            raise Conflict("Data kantor baru saja diubah orang lain. Muat ulang lalu ulangi.")
        stored = lampiran.store_bytes(siap.data, siap.nama, allowed=(siap.jenis_mime,))
        before = audit.snapshot(k)
        k.logo = stored.id  # type: ignore[assignment]
        if audit.snapshot(k) != before:  # the same logo again is not an edit
            k.versi += 1
            k.save()
            audit.record_update(actor, k, before, f"Logo kop surat ({name}, {siap.lebar} x "
                                f"{siap.tinggi} piksel)")
    return require_office(kec_id)


def remove_logo(actor: Actor, versi: int, kecamatan_id: int | None = None) -> OfficeInfo:
    """Print the kop surat without a logo again (the stored file itself is kept)."""
    from .kantor import _office_row, office_kecamatan, require_office

    require(actor, Aksi.KANTOR_UBAH)
    kec_id = office_kecamatan(actor, kecamatan_id)
    with write():
        k = _office_row(kec_id)
        if k.versi != versi:
            raise Conflict("Data kantor baru saja diubah orang lain. Muat ulang lalu ulangi.")
        if fk(k, "logo") is not None:
            before = audit.snapshot(k)
            k.logo = None
            k.versi += 1
            k.save()
            audit.record_update(actor, k, before, "Logo kop surat dihapus")
    return require_office(kec_id)


def logo_path(kecamatan_id: int | None = None) -> Path | None:
    """The stored logo file for printing (of ``kecamatan_id``'s office; without it, of the only
    office of a kecamatan database); None when there is none or its file is missing."""
    q = Kantor.select(Kantor.logo)
    if kecamatan_id is not None:
        q = q.where(Kantor.kecamatan == kecamatan_id)
    elif lingkup.is_dinas():
        return None
    k = q.order_by(Kantor.id).first()
    logo_id = fk(k, "logo") if k is not None else None
    if logo_id is None:
        return None
    try:
        path = lampiran.local_path(logo_id)  # PostgreSQL: this PC's copy from the database
    except NotFound:
        return None
    return path if path.is_file() else None
