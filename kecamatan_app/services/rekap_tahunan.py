"""The yearly recap: activities per month by function and form, referrals per month and per
agency, PPKS reached per category per month, and the monthly reports' status. The numbers come
from the same queries as the lists (kegiatan_daftar, rujukan_daftar, laporan_isi)."""

from __future__ import annotations

import datetime as dt
import os
from collections import defaultdict
from pathlib import Path

from ..models import RiwayatRujukan, Rujukan
from ..models.base import now
from ..reports import rekap_tahunan as report
from ..reports.rekap_tahunan import Baris, RekapTahunan
from . import audit, kegiatan_daftar, laporan, rekap_kegiatan
from .cetak_tksk import PrintFileError, _check_paper
from .context import Actor
from .errors import ValidationError
from .formatting import nama_bulan, tanggal, waktu
from .kantor import logo_path, require_office
from .kegiatan import kecamatan_of
from .kegiatan_daftar import KegiatanFilter
from .laporan_isi import _ppks
from .permissions import Aksi, require

JUDUL = ("REKAPITULASI TAHUNAN KEGIATAN TENAGA KESEJAHTERAAN SOSIAL KECAMATAN (TKSK)",
         "KECAMATAN {kecamatan} {kabupaten} TAHUN {tahun}")


def _check_year(tahun: int) -> None:
    if not (2000 <= tahun <= dt.date.today().year):
        raise ValidationError.single("tahun", f"Tahun {tahun} tidak sah: pilih tahun 2000 sampai "
                                              f"{dt.date.today().year}.")


def _kegiatan(actor: Actor, tahun: int, kec: int) -> tuple[list[Baris], dict[int, list[int]]]:
    rows = kegiatan_daftar.search(actor, KegiatanFilter(tahun=tahun, status="final",
                                                        kecamatan_id=kec))
    ids_by_month: dict[int, list[int]] = defaultdict(list)
    counts: dict[tuple[str, str], list[int]] = {}
    cols = rekap_kegiatan.columns()
    for c in cols:
        counts[(c.fungsi, c.bentuk)] = [0] * 12
    for r in rows:
        counts.setdefault((r.fungsi, r.bentuk), [0] * 12)[r.tanggal.month - 1] += 1
        ids_by_month[r.tanggal.month].append(r.id)
    out = [Baris(f, b, tuple(v)) for (f, b), v in counts.items()]
    total = [sum(b.bulan[m] for b in out) for m in range(12)]
    out.append(Baris("", "Jumlah kegiatan", tuple(total)))
    return out, ids_by_month


def _rujukan(kec: int, tahun: int) -> tuple[list[Baris], list[tuple[str, int, int, int,
                                                                    int]]]:
    made = [0] * 12
    closed = [0] * 12
    ok = [0] * 12
    per: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for r in Rujukan.select(Rujukan).where((Rujukan.kecamatan == kec) & (Rujukan.tahun == tahun)):
        made[r.tanggal.month - 1] += 1
        per[r.instansi.nama][0] += 1
        if r.status in ("diajukan", "diterima"):
            per[r.instansi.nama][3] += 1
    start, end = dt.date(tahun, 1, 1), dt.date(tahun, 12, 31)
    for h in (RiwayatRujukan.select(RiwayatRujukan, Rujukan).join(Rujukan)
              .where((Rujukan.kecamatan == kec) & (RiwayatRujukan.tanggal >= start)
                     & (RiwayatRujukan.tanggal <= end)
                     & RiwayatRujukan.status.in_(("selesai", "ditolak", "dibatalkan")))):
        closed[h.tanggal.month - 1] += 1
        per[h.rujukan.instansi.nama][1] += 1
        if h.status == "selesai" and h.rujukan.hasil == "berhasil":
            ok[h.tanggal.month - 1] += 1
            per[h.rujukan.instansi.nama][2] += 1
    rows = [Baris("", "Rujukan dibuat", tuple(made)), Baris("", "Rujukan ditutup", tuple(closed)),
            Baris("", "Selesai berhasil", tuple(ok))]
    return rows, [(k, *v) for k, v in sorted(per.items())]  # type: ignore[misc]


def compile_year(actor: Actor, tahun: int, kecamatan_id: int | None = None) -> RekapTahunan:
    """The year of the actor's kecamatan (a user of the whole kabupaten: of the chosen
    ``kecamatan_id``; a kecamatan user asking for another kecamatan is refused)."""
    require(actor, Aksi.LAPORAN_LIHAT)
    _check_year(tahun)
    kec = kecamatan_of(actor, kecamatan_id)
    info = require_office(kec)  # the kecamatan's own office: its kop and logo
    kegiatan, ids = _kegiatan(actor, tahun, kec)
    rujukan, instansi = _rujukan(kec, tahun)
    ppks: dict[str, list[int]] = defaultdict(lambda: [0] * 12)
    for month, month_ids in ids.items():
        for label, n in _ppks(month_ids):
            ppks[label][month - 1] += n
    reports = []
    for m in range(1, 13):
        if (tahun, m) > (dt.date.today().year, dt.date.today().month):
            break
        lap = laporan.get(actor, tahun, m, kec)
        if lap is None:
            reports.append((nama_bulan(m), "Belum dibuat", ""))
            continue
        note = ""
        if lap.diajukan_pada:
            note = f"Diajukan {tanggal(lap.diajukan_pada.date())}"
        if lap.disetujui_pada:
            note += f"; disetujui {tanggal(lap.disetujui_pada.date())}"
        if lap.alasan_terakhir:
            note += f"; dikembalikan: {lap.alasan_terakhir}"
        reports.append((nama_bulan(m), lap.status_label, note.strip("; ")))
    k = info.kantor
    who = actor.username if actor.is_system else actor.full_name
    return RekapTahunan(
        kop=[x for x in (k.kop_baris_1, k.kop_baris_2, k.kop_baris_3, k.kop_baris_4) if x.strip()],
        logo=logo_path(info.kecamatan_id),
        judul=[j.format(kecamatan=info.kecamatan.upper(), kabupaten=info.kabupaten.upper(),
                        tahun=tahun) for j in JUDUL],
        tahun=tahun, kegiatan=kegiatan, rujukan=rujukan, instansi=instansi,
        ppks=[Baris("", label, tuple(v)) for label, v in sorted(ppks.items())],
        laporan=reports, dicetak=f"Dicetak {waktu(now())} oleh {who}")


def write(actor: Actor, tahun: int, pdf: str | os.PathLike[str] | None = None,
          xlsx: str | os.PathLike[str] | None = None, kertas: str = "A4",
          kecamatan_id: int | None = None) -> list[Path]:
    """Write the yearly recap as PDF and/or Excel; each print is audited."""
    _check_paper(kertas)
    data = compile_year(actor, tahun, kecamatan_id)
    out: list[Path] = []
    for dest, kind in ((pdf, "PDF"), (xlsx, "Excel")):
        if dest is None:
            continue
        try:
            path = (report.render_pdf(dest, data, kertas) if kind == "PDF"
                    else report.render_xlsx(dest, data))
        except OSError as exc:
            raise PrintFileError(
                f"Berkas tidak dapat ditulis: {dest}. Pastikan foldernya ada dan Anda berhak "
                f"menulis di sana. (Keterangan sistem: {exc.strerror or exc})") from exc
        audit.record(actor, "cetak", "rekap_tahunan", tahun,
                     f"Rekap tahunan {tahun} ({kind}) ke {Path(dest).name}")
        out.append(path)
    return out

