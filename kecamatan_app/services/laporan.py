"""The monthly report's workflow: draft -> diajukan (by the TKSK) -> dikembalikan (by the camat,
with a reason) or disetujui (by the camat; the PDF is archived with its hash). Reopening an
approved report needs the camat and a reason. Every step is dated in :class:`RiwayatLaporan`.

A submitted or approved month is closed to edits by :mod:`kunci_bulan`, which reads the status
kept here. The decisions of the TKSK and the camat are personal (:data:`permissions.PRIBADI`):
no administrator or command-line actor may take them.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from typing import Any

from ..models import Kegiatan, LaporanBulanan, Pemberhentian, Pengguna, Penugasan, RiwayatLaporan
from ..models.base import fk, now
from . import audit, lingkup, settings
from .context import Actor
from .errors import Conflict, NotFound, ValidationError
from .formatting import bulan_tahun
from .kegiatan import kecamatan_of
from .kunci_bulan import STATUS_LABEL
from .permissions import Aksi, require
from .tx import write

#: Allowed moves: from -> to. Submitting is the TKSK's (Aksi.LAPORAN_AJUKAN); returning,
#: approving and reopening are the camat's (Aksi.LAPORAN_SETUJUI).
TRANSISI: dict[str, tuple[str, ...]] = {
    "draf": ("diajukan",),
    "dikembalikan": ("diajukan",),
    "diajukan": ("dikembalikan", "disetujui"),
    "disetujui": ("dikembalikan",),  # reopening, with a reason
}
DAPAT_DISUSUN: tuple[str, ...] = ("draf", "dikembalikan")
NARASI: tuple[str, ...] = ("pendahuluan", "kendala", "tindak_lanjut", "penutup", "tembusan",
                           "nomor")


@dataclass(frozen=True)
class Langkah:
    status: str
    label: str
    pada: dt.datetime
    oleh: str
    alasan: str


@dataclass(frozen=True)
class LaporanInfo:
    id: int
    tahun: int
    bulan: int
    status: str
    status_label: str
    penugasan_id: int
    pendahuluan: str
    kendala: str
    tindak_lanjut: str
    penutup: str
    tembusan: str
    nomor: str
    diajukan_pada: dt.datetime | None
    disetujui_pada: dt.datetime | None
    arsip_sha256: str
    versi: int
    riwayat: tuple[Langkah, ...]

    @property
    def judul_bulan(self) -> str:
        return bulan_tahun(self.tahun, self.bulan)

    @property
    def alasan_terakhir(self) -> str:
        """The reason of the last return (shown to the TKSK), if the report is returned."""
        if self.status != "dikembalikan":
            return ""
        for step in reversed(self.riwayat):
            if step.status == "dikembalikan":
                return step.alasan
        return ""


def month_range(tahun: int, bulan: int) -> tuple[dt.date, dt.date]:
    return dt.date(tahun, bulan, 1), dt.date(tahun, bulan, calendar.monthrange(tahun, bulan)[1])


def _check_month(tahun: int, bulan: int, today: dt.date | None = None) -> None:
    today = today or dt.date.today()
    if not (1 <= bulan <= 12) or tahun < 2000:
        raise ValidationError.single("bulan", "Bulan laporan tidak sah (tulis TTTT-BB, contoh "
                                              "2026-10).")
    if (tahun, bulan) > (today.year, today.month):
        raise ValidationError.single(
            "bulan", f"Bulan {bulan_tahun(tahun, bulan)} belum berjalan; laporan dibuat untuk "
            "bulan yang sedang atau sudah berjalan.")


def penugasan_for_month(kecamatan_id: int, tahun: int, bulan: int) -> Penugasan | None:
    """The TKSK on duty in the month: the one serving at its end, else the last one serving
    during it."""
    start, end = month_range(tahun, bulan)
    stops = {fk(p, "penugasan"): p.tanggal for p in Pemberhentian.select()}
    best: Penugasan | None = None
    for t in (Penugasan.select().where((Penugasan.kecamatan == kecamatan_id)
                                       & (Penugasan.mulai <= end))
              .order_by(Penugasan.mulai)):
        stop = stops.get(t.id)
        if stop is not None and stop < start:
            continue
        best = t
    return best


def nama_tksk(penugasan_id: int) -> str:
    """The name of the TKSK of an assignment (the report's author)."""
    from ..models import Pendaftar

    t = Penugasan.get_or_none(Penugasan.id == penugasan_id)
    p = Pendaftar.get_or_none(Pendaftar.id == fk(t, "pendaftar")) if t is not None else None
    return str(p.nama) if p is not None else ""


def defaults(tahun: int, bulan: int) -> dict[str, str]:
    return {
        "pendahuluan": str(settings.get("laporan.pendahuluan")),
        "penutup": str(settings.get("laporan.penutup")),
        "tembusan": str(settings.get("laporan.tembusan")),
    }


def _info(lap: Any) -> LaporanInfo:
    users = {u.id: u.nama_lengkap for u in Pengguna.select(Pengguna.id, Pengguna.nama_lengkap)}
    steps = tuple(
        Langkah(h.status, STATUS_LABEL.get(h.status, h.status), h.pada,
                users.get(fk(h, "oleh"), "Sistem"), h.alasan)
        for h in lap.riwayat.order_by(RiwayatLaporan.id))  # the order the steps were taken
    return LaporanInfo(
        lap.id, lap.tahun, lap.bulan, lap.status, STATUS_LABEL.get(lap.status, lap.status),
        fk(lap, "penugasan"), lap.pendahuluan, lap.kendala, lap.tindak_lanjut, lap.penutup,
        lap.tembusan, lap.nomor, lap.diajukan_pada, lap.disetujui_pada, lap.arsip_sha256,
        lap.versi, steps)


def _row(kecamatan_id: int, tahun: int, bulan: int) -> Any:
    return LaporanBulanan.get_or_none((LaporanBulanan.kecamatan == kecamatan_id)
                                      & (LaporanBulanan.tahun == tahun)
                                      & (LaporanBulanan.bulan == bulan))


def get(actor: Actor, tahun: int, bulan: int, kecamatan_id: int | None = None
        ) -> LaporanInfo | None:
    """The month's report of the actor's kecamatan (a user of the whole kabupaten: of the
    chosen ``kecamatan_id``); None when it was not started."""
    require(actor, Aksi.LAPORAN_LIHAT)
    lap = _row(kecamatan_of(actor, kecamatan_id), tahun, bulan)
    return _info(lap) if lap is not None else None


def _read_row(actor: Actor, laporan_id: int, kecamatan_id: int | None) -> Any:
    """A report to read by its id: of the chosen kecamatan (checked), else of the actor's own;
    a user of the whole kabupaten reads any kecamatan's. Another kecamatan's is "not found"."""
    q = LaporanBulanan.select().where(LaporanBulanan.id == laporan_id)
    if kecamatan_id is not None:
        q = q.where(LaporanBulanan.kecamatan == kecamatan_of(actor, kecamatan_id))
    else:
        scope = lingkup.kecamatan_scope(actor)
        if scope is not None:
            q = q.where(LaporanBulanan.kecamatan == scope)
        elif not lingkup.is_dinas():
            raise NotFound("Kantor belum disiapkan. Jalankan penyiapan kantor terlebih dahulu.")
    lap = q.first()
    if lap is None:
        raise NotFound("Laporan bulanan tidak ditemukan.")
    return lap


def by_id(actor: Actor, laporan_id: int, kecamatan_id: int | None = None) -> LaporanInfo:
    require(actor, Aksi.LAPORAN_LIHAT)
    return _info(_read_row(actor, laporan_id, kecamatan_id))


def open_month(actor: Actor, tahun: int, bulan: int, today: dt.date | None = None
               ) -> LaporanInfo:
    """The month's report, created as a draft when it does not exist yet: the office's default
    texts, and BAB III pre-filled from the obstacles and follow-ups recorded that month."""
    from .laporan_isi import prefill_obstacles

    require(actor, Aksi.LAPORAN_SUSUN)
    _check_month(tahun, bulan, today)
    kec = kecamatan_of(actor)
    kendala, tindak_lanjut = prefill_obstacles(actor, tahun, bulan)
    with write():
        lap = _row(kec, tahun, bulan)
        if lap is None:
            t = penugasan_for_month(kec, tahun, bulan)
            if t is None:
                raise Conflict(f"Tidak ada TKSK yang bertugas pada {bulan_tahun(tahun, bulan)}; "
                               "laporan bulanan dibuat oleh TKSK yang bertugas.")
            lap = LaporanBulanan.create(
                kecamatan=kec, penugasan=t.id, tahun=tahun, bulan=bulan, status="draf",
                kendala=kendala, tindak_lanjut=tindak_lanjut, **defaults(tahun, bulan))
            RiwayatLaporan.create(laporan=lap.id, status="draf", oleh=actor.user_id,
                                  alasan="Laporan disusun")
            audit.record_create(actor, lap, f"Laporan bulanan {bulan_tahun(tahun, bulan)}")
    return _info(lap)


def _get_row(actor: Actor, laporan_id: int, versi: int | None) -> Any:
    lap = LaporanBulanan.get_or_none((LaporanBulanan.id == laporan_id)
                                     & (LaporanBulanan.kecamatan == kecamatan_of(actor)))
    if lap is None:
        raise NotFound("Laporan bulanan tidak ditemukan.")
    if versi is not None and lap.versi != versi:
        raise Conflict("Laporan ini baru saja diubah orang lain. Muat ulang lalu ulangi.")
    return lap


def save_text(actor: Actor, laporan_id: int, values: dict[str, str], versi: int | None
              ) -> LaporanInfo:
    """Save the narrative parts (BAB I, III, IV, tembusan, nomor) of a draft or returned
    report."""
    require(actor, Aksi.LAPORAN_SUSUN)
    unknown = set(values) - set(NARASI)
    if unknown:
        raise ValueError(f"unknown fields {unknown}")
    with write():
        lap = _get_row(actor, laporan_id, versi)
        if lap.status not in DAPAT_DISUSUN:
            raise Conflict(f"Laporan {bulan_tahun(lap.tahun, lap.bulan)} berstatus "
                           f"{STATUS_LABEL[lap.status]} dan tidak dapat diubah. "
                           + ("Camat dapat mengembalikannya bila perlu diperbaiki."
                              if lap.status == "diajukan" else
                              "Hanya Camat yang dapat membukanya kembali, dengan alasan."))
        if len(values.get("nomor", "")) > 100:
            raise ValidationError.single("nomor", "Nomor laporan terlalu panjang (maks. 100).")
        before = audit.snapshot(lap)
        for key, value in values.items():
            setattr(lap, key, value.strip() if key == "nomor" else value.rstrip())
        if audit.snapshot(lap) != before:
            lap.versi += 1
            lap.diubah_pada = now()
            lap.save()
            audit.record_update(actor, lap, before,
                                f"Naskah laporan {bulan_tahun(lap.tahun, lap.bulan)}")
    return _info(lap)


def _drafts_in_month(lap: Any) -> int:
    start, end = month_range(lap.tahun, lap.bulan)
    return int(Kegiatan.select().where(
        (Kegiatan.kecamatan == fk(lap, "kecamatan")) & (Kegiatan.tanggal >= start)
        & (Kegiatan.tanggal <= end) & (Kegiatan.status == "draf")).count())


def move(actor: Actor, laporan_id: int, ke: str, alasan: str = "", versi: int | None = None,
         arsip: tuple[bytes, str] | None = None, pada: dt.datetime | None = None
         ) -> LaporanInfo:
    """One workflow step. ``arsip`` (PDF bytes, file name) is required for 'disetujui' and is
    stored with its SHA-256 (see :mod:`laporan_arsip`, which renders it)."""
    from . import lampiran

    alasan = alasan.strip()
    require(actor, Aksi.LAPORAN_AJUKAN if ke == "diajukan" else Aksi.LAPORAN_SETUJUI)
    with write():
        lap = _get_row(actor, laporan_id, None)
        steps = TRANSISI.get(lap.status, ())
        if ke not in steps:
            nexts = ", ".join(STATUS_LABEL[s] for s in steps) or "tidak ada"
            raise Conflict(f"Laporan berstatus {STATUS_LABEL[lap.status]} tidak dapat menjadi "
                           f"{STATUS_LABEL.get(ke, ke)}. Langkah yang mungkin: {nexts}.")
        if versi is not None and lap.versi != versi:
            raise Conflict("Laporan ini baru saja diubah orang lain. Muat ulang lalu ulangi.")
        if ke == "dikembalikan" and not alasan:
            what = ("membuka kembali laporan yang sudah disetujui"
                    if lap.status == "disetujui" else "mengembalikan laporan")
            raise ValidationError.single("alasan", f"Tuliskan alasan {what}; alasan ini dibaca "
                                                   "TKSK untuk memperbaiki laporannya.")
        if ke == "diajukan":
            drafts = _drafts_in_month(lap)
            if drafts:
                raise Conflict(f"Masih ada {drafts} kegiatan berstatus draf pada "
                               f"{bulan_tahun(lap.tahun, lap.bulan)}. Finalkan atau hapus "
                               "dahulu, agar laporan hanya memuat kegiatan yang sudah "
                               "dilaksanakan.")
        before = audit.snapshot(lap)
        lap.status = ke
        if ke == "diajukan":
            lap.diajukan_pada = now()
        if ke == "disetujui":
            if arsip is None:
                raise ValueError("approval needs the rendered PDF")
            stored = lampiran.store_bytes(arsip[0], arsip[1], max_bytes=200 * 1024 * 1024,
                                          allowed=("application/pdf",))
            lap.arsip_pdf, lap.arsip_sha256 = stored.id, stored.sha256
            lap.disetujui_pada, lap.disetujui_oleh = pada or now(), actor.user_id
        if ke == "dikembalikan" and before["status"] == "disetujui":
            lap.arsip_pdf, lap.arsip_sha256 = None, ""
            lap.disetujui_pada, lap.disetujui_oleh = None, None
        lap.versi += 1
        lap.save()
        RiwayatLaporan.create(laporan=lap.id, status=ke, oleh=actor.user_id, alasan=alasan,
                              pada=pada or now())
        audit.record_update(actor, lap, before, f"Laporan {bulan_tahun(lap.tahun, lap.bulan)}: "
                                                f"{STATUS_LABEL[ke]}")
    return _info(lap)


def archived_pdf(actor: Actor, laporan_id: int, kecamatan_id: int | None = None) -> bytes:
    """The archived PDF of an approved report, checked against its stored hash."""
    from . import lampiran

    require(actor, Aksi.LAPORAN_LIHAT)
    lap = _read_row(actor, laporan_id, kecamatan_id)
    if lap.status != "disetujui" or not fk(lap, "arsip_pdf"):
        raise NotFound("Laporan ini belum disetujui, jadi belum ada arsipnya.")
    return lampiran.read(fk(lap, "arsip_pdf"))
