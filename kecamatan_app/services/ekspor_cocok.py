"""Export of a register match (``cocok_register.HasilCocok``) to Excel: the three lists on one
sheet with a Kelompok column, NIK masked as the match gives them. Needs REGISTRI_LIHAT and
records an ``ekspor`` entry in the audit trail (UU 27/2022: exports of personal data are logged).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from ..models.base import now
from . import audit, formatting, kantor
from .cocok_register import HasilCocok, Orang
from .context import Actor
from .ekspor import PERSONAL_DATA_NOTE
from .impor_alur import write_export
from .permissions import Aksi, require

Progress = Callable[[int, int, str], None]

HEADERS = ["No", "Kelompok", "NIK", "Nama", "Desa/kelurahan", "ID di register"]
KELOMPOK = ("Ada di keduanya", "Hanya di data kita", "Hanya di register")


def groups(hasil: HasilCocok) -> list[tuple[str, list[Orang]]]:
    """The three lists with their names, in the order the screen shows them."""
    lists = (hasil.keduanya, hasil.hanya_kita, hasil.hanya_register)
    return list(zip(KELOMPOK, lists, strict=True))


def export(
    actor: Actor,
    hasil: HasilCocok,
    path: str | os.PathLike[str],
    progress: Progress | None = None,
) -> int:
    """Write the three lists of ``hasil`` to ``path``; return the number of persons written."""
    require(actor, Aksi.REGISTRI_LIHAT)
    dest = Path(path)
    total = sum(len(people) for _, people in groups(hasil))
    judul = kantor.judul_lingkup(actor, hasil.kecamatan_id)
    lines = [judul] if judul else []
    lines += [
        f"Register {hasil.nama_register}, dicek {formatting.tanggal(hasil.tanggal_cek)}"
        + (" (status sudah diterapkan)" if hasil.diterapkan else " (pemeriksaan saja)"),
        "; ".join(f"{name}: {len(people)}" for name, people in groups(hasil)),
        PERSONAL_DATA_NOTE,
        "NIK disamarkan.",
        f"Diekspor oleh {actor.audit_name} pada {formatting.waktu(now())}",
    ]

    def rows() -> Iterator[Sequence[object]]:
        n = 0
        for name, people in groups(hasil):
            for p in people:
                n += 1
                yield (n, name, p.nik, p.nama, p.desa, p.id_register)

    write_export(
        dest,
        f"Hasil Pencocokan {hasil.nama_register}",
        HEADERS,
        rows(),
        subtitle_lines=lines,
        progress=progress,
        total=total,
        sheet_name=f"Cocok {hasil.nama_register}",
    )
    audit.record(
        actor,
        "ekspor",
        "status_register",
        "",
        f"Ekspor hasil pencocokan {hasil.nama_register} "
        f"({formatting.tanggal(hasil.tanggal_cek)}): {total} orang ke {dest.name}",
    )
    return total
