"""Template and export of per-desa PPKS/PSKS counts (JENIS ``rekap``, CONTRACT.md).

Split out of :mod:`.impor_rekap`, which re-exports :func:`write_template` and :func:`export`.
Both write the import's own columns, so an exported file can be corrected and imported back.
The column definitions are read from ``impor_rekap`` at call time (it imports this module).
"""

from __future__ import annotations

import os
from pathlib import Path

from ..models import RekapPemetaan
from ..models.base import now
from . import audit, kantor, lingkup, rekap
from . import desa as desa_service
from .context import Actor
from .formatting import waktu
from .impor import Progress
from .impor_alur import write_export
from .impor_templat import write_template as _write_template
from .permissions import Aksi, require


def write_template(path: str | os.PathLike[str]) -> Path:
    from .impor_rekap import NOTES, SHEET, columns  # at call time: impor_rekap imports this

    names = tuple(d.nama for d in desa_service.all_desa())
    kats = tuple(f"{k.kode_lengkap} {k.nama}" for j in rekap.JENIS for k in rekap.kategori_list(j))
    return _write_template(
        path,
        data_sheet=SHEET,
        title="Templat Impor Rekap PPKS/PSKS per Desa",
        columns=columns(names, kats),
        notes=NOTES,
        example=[
            "2026",
            "1",
            "",
            names[0] if names else "",
            "PPKS-09 Penyandang Disabilitas",
            "12",
            "15",
            "jiwa",
            "Musdes Juni 2026 (contoh)",
        ],
    )


def export(
    actor: Actor,
    path: str | os.PathLike[str],
    with_nik: bool = False,
    progress: Progress | None = None,
    periode: rekap.Periode | None = None,
    kecamatan_id: int | None = None,
) -> int:
    """Rows of ``periode`` (every desa x category, empty ones too), or all stored rows; in the
    import's own columns, so the file can be corrected and imported back. ``with_nik``: no NIK
    here (kept for the CLI's common signature). Dinas database: the actor's kecamatan (a
    kabupaten-wide user: ``kecamatan_id``, or every kecamatan)."""
    from .impor_rekap import SHEET, columns  # at call time: impor_rekap imports this

    require(actor, Aksi.PEMETAAN_LIHAT)
    dest = Path(path)
    rows: list[list[object]] = []
    scope = lingkup.batas(actor, kecamatan_id)
    kecamatan: list[int | None] = [scope]
    if scope is None and lingkup.is_dinas():  # a kabupaten-wide user: one block per kecamatan
        kecamatan = list(lingkup.visible_kecamatan_ids(actor))
    if periode is not None:
        for jenis, kec in ((j, k) for k in kecamatan for j in rekap.JENIS):
            g = rekap.grid(actor, periode, jenis, kec)
            for d in g.desa:
                for k in g.kategori:
                    s = g.cell(d.id, k.id)
                    rows.append(
                        _line(
                            periode,
                            d.nama,
                            k,
                            s.jumlah_desa,
                            s.jumlah_temuan,
                            s.satuan or k.satuan,
                            "",
                            "",
                        )
                    )
    else:
        kats = {k.id: k for j in rekap.JENIS for k in rekap.kategori_list(j, only_active=False)}
        names = {d.id: d.nama for d in desa_service.all_desa()}
        q = lingkup.limit(RekapPemetaan.select(), None if scope is None
                          else RekapPemetaan.desa.in_(lingkup.desa_ids(scope))).order_by(
            RekapPemetaan.tahun, RekapPemetaan.semester, RekapPemetaan.bulan, RekapPemetaan.desa
        )
        for r in q:
            k = kats[r.__data__["kategori"]]
            p = rekap.Periode(r.tahun, r.semester, r.bulan)
            nama = names.get(r.__data__["desa"]) or r.desa.nama
            rows.append(
                _line(p, nama, k, r.jumlah_desa, r.jumlah_temuan, r.satuan, r.sumber, r.catatan)
            )
    judul = kantor.judul_lingkup(actor, kecamatan_id)
    lines = [judul] if judul else []
    lines.append("Periode: " + (periode.label if periode else "semua periode"))
    lines.append(f"Diekspor oleh {actor.audit_name} pada {waktu(now())}")
    write_export(
        dest,
        "Rekap PPKS/PSKS per Desa",
        [c.header for c in columns()],
        rows,
        subtitle_lines=lines,
        progress=progress,
        total=len(rows),
        sheet_name=SHEET,
    )
    audit.record(
        actor,
        "ekspor",
        "rekap_pemetaan",
        "",
        f"Ekspor rekap pemetaan "
        f"({periode.label if periode else 'semua periode'}): {len(rows)} baris ke "
        f"{dest.name}",
    )
    return len(rows)


def _line(
    p: rekap.Periode,
    desa: str,
    k: rekap.KategoriInfo,
    jd: int | None,
    jt: int | None,
    satuan: str,
    sumber: str,
    catatan: str,
) -> list[object]:
    return [
        p.tahun,
        p.semester or None,
        p.bulan or None,
        desa,
        f"{k.kode_lengkap} {k.nama}",
        jd,
        jt,
        satuan,
        sumber,
        catatan,
    ]
