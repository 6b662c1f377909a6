"""Export of the PPKS registry by name (JENIS ``ppks``): one row per person and category, in
the import template's columns, so an export can be corrected and imported back. NIK and No. KK
are masked unless asked for (right to open NIK; audited). No Qt.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from ..models import DataPPKS, Desa, Dusun, Kategori, Keluarga, Warga
from ..models.base import fk, now
from . import audit, formatting, kantor, lingkup
from .context import Actor
from .ekspor import PERSONAL_DATA_NOTE
from .impor import Progress
from .impor_alur import write_export
from .nik import mask_nik
from .permissions import Aksi, require
from .registri_cari import HIDDEN, STATUS_PPKS, can_see_specific


def _rows(actor: Actor, with_nik: bool, kecamatan_id: int | None = None
          ) -> Iterator[list[object]]:
    see = can_see_specific(actor)
    scope = lingkup.where_desa(Warga.desa, actor, kecamatan_id)
    desa = {d.id: d.nama for d in Desa.select(Desa.id, Desa.nama)}
    dusun = {d.id: d.nama for d in Dusun.select(Dusun.id, Dusun.nama)}
    last = 0
    while True:
        batch = list(lingkup.limit(Warga.select().where(Warga.id > last), scope)
                     .order_by(Warga.id).limit(1000))
        if not batch:
            return
        last = batch[-1].id
        ids = [w.id for w in batch]
        kk = {
            k.id: k.no_kk or ""
            for k in Keluarga.select(Keluarga.id, Keluarga.no_kk).where(
                Keluarga.id.in_([fk(w, "keluarga") for w in batch if fk(w, "keluarga")] or [0])
            )
        }
        cats: dict[int, list[DataPPKS]] = {}
        for p in (
            DataPPKS.select(DataPPKS, Kategori)
            .join(Kategori)
            .where(DataPPKS.warga.in_(ids))
            .order_by(DataPPKS.id)
        ):
            cats.setdefault(fk(p, "warga"), []).append(p)
        for w in batch:
            nik = (w.nik if with_nik else mask_nik(w.nik)) if w.nik else ""
            no_kk = kk.get(fk(w, "keluarga"), "")
            base = [
                no_kk if with_nik or not no_kk else mask_nik(no_kk),
                nik,
                w.nama,
                w.jenis_kelamin,
                w.tanggal_lahir,
                w.hubungan,
                w.alamat,
                desa.get(fk(w, "desa"), ""),
                dusun.get(fk(w, "dusun"), ""),
                w.rt,
                w.rw,
            ]
            for p in cats.get(w.id) or [None]:  # type: ignore[list-item]
                if p is None:
                    yield [*base, "", "", None, ""]
                    continue
                hidden = p.kategori.data_spesifik and not see
                yield [
                    *base,
                    HIDDEN if hidden else p.kategori.nama,
                    STATUS_PPKS.get(p.status, p.status),
                    p.tanggal_verifikasi,
                    "" if hidden else p.catatan,
                ]


def export(
    actor: Actor,
    path: str | os.PathLike[str],
    with_nik: bool = False,
    progress: Progress | None = None,
    kecamatan_id: int | None = None,
) -> int:
    """Every person of the actor's kecamatan (a kabupaten-wide user: of ``kecamatan_id``, or
    all) with their PPKS categories (one row each); NIK and No. KK masked unless ``with_nik``
    (needs the right to open NIK; audited either way). Returns the row count."""
    from .impor_ppks import SHEET, columns  # the import re-exports this function: no cycle

    require(actor, Aksi.REGISTRI_LIHAT)
    if with_nik:
        require(actor, Aksi.NIK_BUKA)
    dest = Path(path)
    total = lingkup.limit(Warga.select(),
                          lingkup.where_desa(Warga.desa, actor, kecamatan_id)).count()
    judul = kantor.judul_lingkup(actor, kecamatan_id)
    lines = [judul] if judul else []
    lines += [
        PERSONAL_DATA_NOTE,
        "NIK ditampilkan lengkap." if with_nik else "NIK disamarkan.",
        f"Diekspor oleh {actor.audit_name} pada {formatting.waktu(now())}",
    ]
    counted = {"n": 0}

    def rows() -> Iterator[list[object]]:
        for r in _rows(actor, with_nik, kecamatan_id):
            counted["n"] += 1
            yield r

    write_export(
        dest,
        "Data PPKS per Nama dan Alamat",
        [c.header for c in columns()],
        rows(),
        subtitle_lines=lines,
        progress=progress,
        total=total,
        sheet_name=SHEET,
    )
    shown = "NIK lengkap" if with_nik else "NIK disamarkan"
    audit.record(
        actor,
        "ekspor",
        "warga",
        "",
        f"Ekspor data PPKS: {counted['n']} baris ke {dest.name} ({shown})",
    )
    return counted["n"]
