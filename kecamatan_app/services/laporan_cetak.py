"""Printing the monthly report (PDF and Excel) and approving it with its archived PDF.

An approved report prints from its archive: the bytes stored at approval, checked against their
SHA-256, so every reprint is the identical document. Other states are compiled afresh from the
month's records. Every print is audited (the report names the TKSK and aggregates about people).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import tempfile
from pathlib import Path

from ..models.base import now
from ..reports import laporan_pdf, laporan_xlsx
from ..reports.laporan_data import LaporanIsi
from ..reports.pdf_dasar import PAPER, Progress
from . import audit, laporan, laporan_isi
from .cetak_tksk import PrintFileError, _check_paper
from .context import Actor
from .errors import Conflict, NotFound, ValidationError
from .formatting import bulan_tahun, waktu
from .kegiatan import kecamatan_of
from .kunci_bulan import STATUS_LABEL
from .permissions import Aksi, require


def parse_bulan(text: str) -> tuple[int, int]:
    """``"2026-10"`` -> (2026, 10), with an Indonesian message for anything else."""
    try:
        year, month = (int(x) for x in text.strip().split("-"))
        dt.date(year, month, 1)
    except ValueError as exc:
        raise ValidationError.single("bulan", f"Bulan '{text}' tidak sah: tulis TTTT-BB, "
                                              "contoh 2026-10.") from exc
    return year, month


def info_for(actor: Actor, tahun: int, bulan: int, kecamatan_id: int | None = None
             ) -> laporan.LaporanInfo:
    """The month's report, or (when none was started) an unsaved draft view of it; of the
    actor's kecamatan (a user of the whole kabupaten: of the chosen ``kecamatan_id``)."""
    found = laporan.get(actor, tahun, bulan, kecamatan_id)
    if found is not None:
        return found
    laporan._check_month(tahun, bulan)
    t = laporan.penugasan_for_month(kecamatan_of(actor, kecamatan_id), tahun, bulan)
    if t is None:
        raise Conflict(f"Tidak ada TKSK yang bertugas pada {bulan_tahun(tahun, bulan)}.")
    kendala, lanjut = laporan_isi.prefill_obstacles(actor, tahun, bulan, kecamatan_id)
    texts = laporan.defaults(tahun, bulan)
    return laporan.LaporanInfo(0, tahun, bulan, "draf", STATUS_LABEL["draf"], t.id,
                               texts["pendahuluan"], kendala, lanjut, texts["penutup"],
                               texts["tembusan"], "", None, None, "", 0, ())


def _isi(actor: Actor, info: laporan.LaporanInfo, kecamatan_id: int | None = None
         ) -> LaporanIsi:
    isi = laporan_isi.compile_month(actor, info, kecamatan_id=kecamatan_id)
    who = actor.username if actor.is_system else actor.full_name
    isi.dicetak = f"Dicetak {waktu(now())} oleh {who}"
    return isi


def _atomic(dest: Path, data: bytes) -> Path:
    tmp = dest.with_name(dest.name + ".tmp")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, dest)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return dest


def _os_error(dest: Path, exc: OSError) -> PrintFileError:
    return PrintFileError(
        f"Berkas tidak dapat ditulis: {dest}. Pastikan foldernya ada dan Anda berhak menulis di "
        "sana; tutup berkas itu bila sedang terbuka, lalu ulangi. "
        f"(Keterangan sistem: {exc.strerror or exc})")


def write_pdf(actor: Actor, tahun: int, bulan: int, dest: str | os.PathLike[str],
              kertas: str = "A4", progress: Progress | None = None,
              kecamatan_id: int | None = None) -> Path:
    require(actor, Aksi.LAPORAN_LIHAT)
    _check_paper(kertas)
    out = Path(dest)
    info = info_for(actor, tahun, bulan, kecamatan_id)
    try:
        if info.status == "disetujui":
            path = _atomic(out, laporan.archived_pdf(actor, info.id, kecamatan_id))
        else:
            path = laporan_pdf.render(out, _isi(actor, info, kecamatan_id), kertas, progress)
    except OSError as exc:
        raise _os_error(out, exc) from exc
    audit.record(actor, "cetak", "laporan_bulanan", info.id or "",
                 f"Cetak laporan bulanan {bulan_tahun(tahun, bulan)} ({info.status_label}, "
                 f"{'arsip' if info.status == 'disetujui' else kertas}) ke {out.name}")
    return path


def write_xlsx(actor: Actor, tahun: int, bulan: int, dest: str | os.PathLike[str],
               kecamatan_id: int | None = None) -> Path:
    require(actor, Aksi.LAPORAN_LIHAT)
    out = Path(dest)
    info = info_for(actor, tahun, bulan, kecamatan_id)
    try:
        path = laporan_xlsx.render(out, _isi(actor, info, kecamatan_id))
    except OSError as exc:
        raise _os_error(out, exc) from exc
    audit.record(actor, "ekspor", "laporan_bulanan", info.id or "",
                 f"Ekspor Excel laporan bulanan {bulan_tahun(tahun, bulan)} ke {out.name}")
    return path


def setujui(actor: Actor, laporan_id: int, versi: int | None, kertas: str = "A4",
            alasan: str = "", pada: dt.datetime | None = None) -> laporan.LaporanInfo:
    """Approve: render the final PDF (its history already shows the approval) and archive it
    with its hash in the same step that changes the status. ``pada`` (default now) is the
    moment recorded, for the demo's past months."""
    require(actor, Aksi.LAPORAN_SETUJUI)
    if kertas not in PAPER:
        _check_paper(kertas)
    info = laporan.by_id(actor, laporan_id)
    if info.status != "diajukan":
        raise Conflict(f"Hanya laporan berstatus Diajukan yang dapat disetujui; laporan ini "
                       f"berstatus {info.status_label}.")
    if versi is not None and info.versi != versi:
        raise Conflict("Laporan ini baru saja diubah orang lain. Muat ulang lalu ulangi.")
    step = laporan.Langkah("disetujui", STATUS_LABEL["disetujui"], pada or now(), actor.full_name,
                           alasan.strip())
    final = dataclasses.replace(info, status="disetujui", status_label=STATUS_LABEL["disetujui"],
                                riwayat=(*info.riwayat, step))
    isi = laporan_isi.compile_month(actor, final)
    isi.dicetak = f"Disetujui {waktu(step.pada)} oleh {actor.full_name}"
    with tempfile.TemporaryDirectory() as tmp:
        name = f"laporan-bulanan-{info.tahun}-{info.bulan:02d}.pdf"
        pdf = laporan_pdf.render(Path(tmp) / name, isi, kertas).read_bytes()
    # the version rendered, so a report returned and resubmitted meanwhile is not approved
    # with a PDF of its earlier state
    return laporan.move(actor, laporan_id, "disetujui", alasan, info.versi, arsip=(pdf, name),
                        pada=step.pada)


def archive_hash(actor: Actor, laporan_id: int, kecamatan_id: int | None = None) -> str:
    info = laporan.by_id(actor, laporan_id, kecamatan_id)
    if not info.arsip_sha256:
        raise NotFound("Laporan ini belum punya arsip (belum disetujui).")
    return info.arsip_sha256
