"""Exports of activities (JENIS ``kegiatan``) and referrals (JENIS ``rujukan``). No Qt.

Each export writes the import template's columns first (so a list can be read, corrected and
imported as new rows) and then the computed ones: location names, the TKSK, counts, the letter
number, the current status and the days a referral is overdue. Both carry the RAHASIA marking
(descriptions and referrals name people). A client's NIK and No. KK are masked unless
``with_nik`` (which needs the right to open NIK); every export is in the audit trail.
"""

from __future__ import annotations

import datetime as dt
import os
from collections import defaultdict
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from ..models import (
    Desa,
    Kegiatan,
    KegiatanDesa,
    Keluarga,
    Pendaftar,
    Penugasan,
    RiwayatRujukan,
    Rujukan,
    Warga,
)
from ..models.base import fk, now
from . import audit, formatting, kantor
from .context import Actor
from .ekspor import PERSONAL_DATA_NOTE
from .impor import Progress
from .impor_alur import write_export
from .kegiatan_daftar import KegiatanFilter
from .kegiatan_daftar import search as search_kegiatan
from .kegiatan_periksa import HAMBATAN
from .nik import mask_nik
from .permissions import Aksi, require
from .rujukan import PERSETUJUAN, STATUS
from .rujukan_daftar import RujukanFilter
from .rujukan_daftar import search as search_rujukan

KEGIATAN_EXTRA = ["Lokasi", "TKSK", "Jumlah Peserta", "Jumlah Sasaran", "Jumlah Foto",
                  "No. Surat Rujukan", "Bulan Terkunci"]
RUJUKAN_FIRST = ["No. Surat"]
RUJUKAN_EXTRA = ["Nama Klien", "Desa Klien", "Terlambat (hari)", "TKSK"]
_PERSETUJUAN_LABEL = {"ada": "Ada", "dikecualikan": "Dikecualikan"}
_CHUNK = 500


def _lines(actor: Actor, *extra: str, kecamatan_id: int | None = None) -> list[str]:
    judul = kantor.judul_lingkup(actor, kecamatan_id)
    lines = [judul] if judul else []
    lines += [PERSONAL_DATA_NOTE, *extra]
    lines.append(f"Diekspor oleh {actor.audit_name} pada {formatting.waktu(now())}")
    return lines


def _chunks(ids: Sequence[int]) -> Iterator[Sequence[int]]:
    for i in range(0, len(ids), _CHUNK):
        yield ids[i:i + _CHUNK]


def _jam(value: dt.time | None) -> str:
    return f"{value:%H:%M}" if value else ""


def _tksk_names() -> dict[int, str]:
    q: Any = Penugasan.select(Penugasan.id, Pendaftar.nama).join(Pendaftar).tuples()
    return dict(q)


def export_kegiatan(
    actor: Actor,
    path: str | os.PathLike[str],
    with_nik: bool = False,
    progress: Progress | None = None,
    f: KegiatanFilter | None = None,
) -> int:
    """Every activity (or those of filter ``f``), oldest first; returns the number of rows.
    ``with_nik`` changes nothing: an activity row holds no NIK."""
    from .impor_kegiatan import SHEET, columns  # the import re-exports this function

    require(actor, Aksi.KEGIATAN_LIHAT)
    rows = list(reversed(search_kegiatan(actor, f or KegiatanFilter())))
    ids = [r.id for r in rows]
    raw: dict[int, Any] = {}
    places: dict[int, list[str]] = defaultdict(list)
    desa = {d.id: d.nama for d in Desa.select(Desa.id, Desa.nama)}
    for part in _chunks(ids):
        raw.update({k.id: k for k in Kegiatan.select().where(Kegiatan.id.in_(part))})
        for kd in (KegiatanDesa.select().where(KegiatanDesa.kegiatan.in_(part))
                   .order_by(KegiatanDesa.id)):
            places[fk(kd, "kegiatan")].append(desa.get(fk(kd, "desa"), "?"))

    def data() -> Iterator[list[object]]:
        for r in rows:
            k = raw[r.id]
            yield [
                r.tanggal, _jam(k.jam_mulai), _jam(k.jam_selesai), r.fungsi, r.bentuk,
                r.program, "; ".join(places[r.id]) or "Kecamatan", r.judul, r.uraian, r.hasil,
                HAMBATAN.get(k.hambatan_kategori, "") if k.hambatan_kategori else "",
                k.hambatan, r.tindak_lanjut, r.peserta_l, r.peserta_p, r.mitra, r.status,
                r.lokasi, r.tksk, r.peserta, r.jumlah_sasaran, r.jumlah_foto, r.nomor_rujukan,
                "Ya" if r.terkunci else "Tidak",
            ]

    dest = Path(path)
    write_export(dest, "Daftar Kegiatan TKSK", [c.header for c in columns()] + KEGIATAN_EXTRA,
                 data(), subtitle_lines=_lines(actor, kecamatan_id=f.kecamatan_id if f else None),
                 progress=progress, total=len(rows),
                 sheet_name=SHEET)
    audit.record(actor, "ekspor", "kegiatan", "",
                 f"Ekspor kegiatan: {len(rows)} baris ke {dest.name}")
    return len(rows)


def _steps(ids: Sequence[int]) -> dict[int, list[Any]]:
    out: dict[int, list[Any]] = defaultdict(list)
    for part in _chunks(ids):
        for h in (RiwayatRujukan.select().where(RiwayatRujukan.rujukan.in_(part))
                  .order_by(RiwayatRujukan.tanggal, RiwayatRujukan.id)):
            out[fk(h, "rujukan")].append(h)
    return out


def export_rujukan(
    actor: Actor,
    path: str | os.PathLike[str],
    with_nik: bool = False,
    progress: Progress | None = None,
    f: RujukanFilter | None = None,
    today: dt.date | None = None,
) -> int:
    """Every referral (or those of filter ``f``) by date and letter number; NIK and No. KK
    masked unless ``with_nik`` (needs the right to open NIK; audited either way)."""
    from .impor_rujukan import SHEET, columns  # the import re-exports this function

    require(actor, Aksi.KEGIATAN_LIHAT)
    if with_nik:
        require(actor, Aksi.NIK_BUKA)
    rows = list(reversed(search_rujukan(actor, f or RujukanFilter(), today)))
    ids = [r.id for r in rows]
    raw: dict[int, Any] = {}
    for part in _chunks(ids):
        raw.update({r.id: r for r in Rujukan.select().where(Rujukan.id.in_(part))})
    wids = [fk(r, "warga") for r in raw.values() if fk(r, "warga")]
    kids = [fk(r, "keluarga") for r in raw.values() if fk(r, "keluarga")]
    niks: dict[int, str] = {}
    kks: dict[int, str] = {}
    for part in _chunks(wids):
        niks.update({w.id: w.nik or "" for w in Warga.select(Warga.id, Warga.nik)
                     .where(Warga.id.in_(part))})
    for part in _chunks(kids):
        kks.update({k.id: k.no_kk or "" for k in Keluarga.select(Keluarga.id, Keluarga.no_kk)
                    .where(Keluarga.id.in_(part))})
    tksk_of: dict[int, int] = {}
    for part in _chunks([r.kegiatan_id for r in rows]):
        q: Any = (Kegiatan.select(Kegiatan.id, Kegiatan.penugasan)
                  .where(Kegiatan.id.in_(part)).tuples())
        tksk_of.update(dict(q))
    names = _tksk_names()
    steps = _steps(ids)

    def shown(number: str) -> str:
        return (number if with_nik else mask_nik(number)) if number else ""

    def data() -> Iterator[list[object]]:
        for row in rows:
            r = raw[row.id]
            history = steps.get(row.id, [])
            last = history[-1] if history and r.status != "diajukan" else None
            accepted = [h for h in history if h.status == "diterima"]
            terima = accepted[-1].tanggal if accepted and r.status in ("selesai",
                                                                        "dibatalkan") else None
            yield [
                row.nomor_surat, row.tanggal, shown(niks.get(fk(r, "warga"), "")),
                shown(kks.get(fk(r, "keluarga"), "")), row.kebutuhan, row.instansi,
                _PERSETUJUAN_LABEL.get(r.persetujuan, PERSETUJUAN.get(r.persetujuan, "")),
                r.alasan_tanpa_persetujuan, row.jatuh_tempo, STATUS.get(r.status, r.status),
                terima, last.tanggal if last else None, row.hasil, last.alasan if last else "",
                r.balasan, row.klien, row.desa, row.terlambat_hari,
                names.get(tksk_of.get(row.kegiatan_id, 0), ""),
            ]

    dest = Path(path)
    headers = RUJUKAN_FIRST + [c.header for c in columns()] + RUJUKAN_EXTRA
    note = "NIK dan No. KK ditampilkan lengkap." if with_nik else "NIK dan No. KK disamarkan."
    lines = _lines(actor, note, kecamatan_id=f.kecamatan_id if f else None)
    write_export(dest, "Daftar Rujukan TKSK", headers, data(), subtitle_lines=lines,
                 progress=progress, total=len(rows), sheet_name=SHEET)
    kind = "NIK lengkap" if with_nik else "NIK disamarkan"
    audit.record(actor, "ekspor", "rujukan", "",
                 f"Ekspor rujukan: {len(rows)} baris ke {dest.name} ({kind})")
    return len(rows)
