"""What the referral screens need beside the core referral services: choosing the client
(persons and households of the registry), the evidence file of a history step, the office's
referral rules (deadline, letter-number format) saved together, and the Excel exports of the
referral list and of the two recaps. No Qt.

Exports check the right, carry the personal-data marking, write atomically through
``reports.xlsx`` and are recorded in the audit trail (UU 27/2022 Pasal 31)."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from ..models import Desa, Kecamatan, Keluarga, RiwayatRujukan, Warga
from ..models.base import fk
from . import audit, formatting, lampiran, lingkup, rekap_kegiatan, rujukan_daftar, settings
from .context import Actor
from .ekspor import PERSONAL_DATA_NOTE, _header_lines, _write
from .errors import FieldProblem, NotFound, ValidationError
from .kegiatan import kecamatan_of
from .nik import mask_nik
from .pencarian import contains
from .permissions import Aksi, require
from .registri_cari import SearchFilter, search
from .rujukan import STATUS, nomor_surat
from .rujukan_daftar import RujukanFilter, RujukanRow

Progress = Callable[[int, int, str], None]

KUNCI_TENGGAT = "rujukan.tenggat_hari"
KUNCI_FORMAT = "rujukan.format_nomor"
KLIEN_MAKS = 50


@dataclass(frozen=True)
class KlienPilihan:
    """A person or a household that can be referred."""

    jenis: str  # "warga" | "keluarga"
    id: int
    nama: str
    nomor: str  # masked NIK of a person, masked No. KK of a household
    desa: str

    @property
    def jenis_label(self) -> str:
        return "Warga" if self.jenis == "warga" else "Keluarga"

    @property
    def label(self) -> str:
        parts = [self.nama if self.jenis == "warga" else f"Keluarga {self.nama}"]
        if self.nomor:
            parts.append(("NIK " if self.jenis == "warga" else "KK ") + self.nomor)
        if self.desa:
            parts.append(self.desa)
        return ", ".join(parts)

    @property
    def warga_id(self) -> int | None:
        return self.id if self.jenis == "warga" else None

    @property
    def keluarga_id(self) -> int | None:
        return self.id if self.jenis == "keluarga" else None


def _desa_names() -> dict[int, str]:
    return {d.id: d.nama for d in Desa.select(Desa.id, Desa.nama)}


def _keluarga(k: Keluarga, desa: dict[int, str]) -> KlienPilihan:
    return KlienPilihan("keluarga", k.id, k.kepala, mask_nik(k.no_kk) if k.no_kk else "",
                        desa.get(fk(k, "desa") or 0, ""))


def cari_klien(actor: Actor, teks: str, limit: int = KLIEN_MAKS) -> list[KlienPilihan]:
    """Persons (by name, address, NIK or No. KK, as the registry search) and households (by
    the head's name or No. KK) matching ``teks``; persons first."""
    require(actor, Aksi.KEGIATAN_LIHAT)
    teks = " ".join(teks.split())
    if not teks:
        return []
    desa = _desa_names()
    people = [KlienPilihan("warga", r.id, r.nama, r.nik, r.desa)
              for r in search(actor, SearchFilter(teks=teks), 0, limit)]
    compact = "".join(teks.split())
    if compact.isdigit():
        cond = (Keluarga.no_kk >= compact) & (Keluarga.no_kk < compact + ":")
    else:
        cond = contains(Keluarga.kepala, teks)
    # households of the actor's kecamatan only (a Dinas database holds every kecamatan's)
    found = lingkup.limit(Keluarga.select().where(cond), lingkup.where_desa(Keluarga.desa, actor))
    homes = [_keluarga(k, desa) for k in
             found.order_by(Keluarga.kepala, Keluarga.id).limit(limit)]
    return people + homes


def klien(actor: Actor, warga_id: int | None, keluarga_id: int | None) -> KlienPilihan:
    """The client of a referral (to show it in the form)."""
    require(actor, Aksi.KEGIATAN_LIHAT)
    desa = _desa_names()
    if warga_id is not None:
        w = Warga.get_or_none(Warga.id == warga_id)
        if w is None:
            raise NotFound("Warga tidak ditemukan di registri.")
        lingkup.check_desa(actor, fk(w, "desa"))
        return KlienPilihan("warga", w.id, w.nama, mask_nik(w.nik) if w.nik else "",
                            desa.get(fk(w, "desa") or 0, ""))
    k = Keluarga.get_or_none(Keluarga.id == keluarga_id)
    if k is None:
        raise NotFound("Keluarga tidak ditemukan di registri.")
    lingkup.check_desa(actor, fk(k, "desa"))
    return _keluarga(k, desa)


@dataclass(frozen=True)
class Bukti:
    nama: str
    jenis_mime: str
    isi: bytes


def bukti(actor: Actor, rujukan_id: int, lampiran_id: int) -> Bukti:
    """The evidence file of one history step of a referral of this kecamatan."""
    require(actor, Aksi.KEGIATAN_LIHAT)
    rujukan_daftar.detail(actor, rujukan_id)  # the referral belongs to the actor's kecamatan
    step = RiwayatRujukan.get_or_none((RiwayatRujukan.rujukan == rujukan_id)
                                      & (RiwayatRujukan.lampiran == lampiran_id))
    if step is None:
        raise NotFound("Bukti ini bukan milik rujukan tersebut.")
    info = lampiran.get(lampiran_id)
    content = lampiran.read(lampiran_id)
    audit.record(actor, "lihat_rinci", "rujukan", rujukan_id, f"Membuka bukti {info.nama_asli}")
    return Bukti(info.nama_asli, info.jenis_mime, content)


# --- the office's referral rules ---------------------------------------------------------


@dataclass(frozen=True)
class Aturan:
    tenggat_hari: int
    format_nomor: str


def aturan() -> Aturan:
    return Aturan(int(settings.get(KUNCI_TENGGAT)), str(settings.get(KUNCI_FORMAT)))


def contoh_nomor(actor: Actor, fmt: str, day: dt.date | None = None) -> str:
    """The first letter number of ``day``'s year under ``fmt`` (raises ValidationError)."""
    kode = Kecamatan.get_by_id(kecamatan_of(actor)).kode
    fmt = settings.SETTINGS[KUNCI_FORMAT].coerce(fmt)
    return nomor_surat(fmt, 1, day or dt.date.today(), kode)


def simpan_aturan(actor: Actor, tenggat_hari: int, format_nomor: str) -> Aturan:
    """Check both values first (every problem at once), then save them."""
    require(actor, Aksi.PENGATURAN_UBAH)
    problems: list[FieldProblem] = []
    values: dict[str, object] = {}
    for key, value in ((KUNCI_TENGGAT, tenggat_hari), (KUNCI_FORMAT, format_nomor)):
        try:
            values[key] = settings.SETTINGS[key].coerce(value)
        except ValidationError as exc:
            problems.extend(exc.problems)
    if problems:
        raise ValidationError("\n".join(p.message for p in problems), problems)
    for key, checked in values.items():
        if checked != settings.get(key):
            settings.set_value(actor, key, checked)
    return aturan()


# --- exports -------------------------------------------------------------------------------

DAFTAR_HEADERS = ["No", "Nomor surat", "Tanggal", "Klien", "NIK", "Desa/kelurahan",
                  "Instansi tujuan", "Kebutuhan", "Status", "Hasil", "Tenggat jawaban",
                  "Keterangan"]


def keterangan(row: RujukanRow, today: dt.date | None = None) -> str:
    """``Terlambat 5 hari``, ``Sisa 3 hari``, ``Tenggat hari ini``; "" for a closed one."""
    if row.terlambat_hari > 0:
        return f"Terlambat {formatting.angka(row.terlambat_hari)} hari"
    if row.status in ("diajukan", "diterima") and row.jatuh_tempo is not None:
        sisa = (row.jatuh_tempo - (today or dt.date.today())).days
        return "Tenggat hari ini" if sisa == 0 else f"Sisa {formatting.angka(sisa)} hari"
    return ""


def describe_filter(f: RujukanFilter, instansi: str = "") -> str:
    parts: list[str] = []
    if f.dari and f.sampai:
        parts.append(f"tanggal {formatting.tanggal(f.dari)} s.d. {formatting.tanggal(f.sampai)}")
    elif f.dari:
        parts.append(f"sejak {formatting.tanggal(f.dari)}")
    elif f.sampai:
        parts.append(f"sampai {formatting.tanggal(f.sampai)}")
    if instansi:
        parts.append(f"instansi {instansi}")
    if f.status == "terbuka":
        parts.append("masih terbuka")
    elif f.status:
        parts.append(f"status {STATUS.get(f.status, f.status)}")
    if f.terlambat_saja:
        parts.append("hanya yang terlambat")
    if f.teks.strip():
        parts.append(f"memuat teks '{f.teks.strip()}'")
    return "Saringan: " + ("; ".join(parts) if parts else "semua rujukan")


def periode_label(dari: dt.date | None, sampai: dt.date | None) -> str:
    if dari and sampai:
        return f"Periode {formatting.tanggal(dari)} s.d. {formatting.tanggal(sampai)}"
    if dari:
        return f"Sejak {formatting.tanggal(dari)}"
    if sampai:
        return f"Sampai {formatting.tanggal(sampai)}"
    return "Semua periode"


def export_daftar(actor: Actor, f: RujukanFilter, path: str | os.PathLike[str],
                  progress: Progress | None = None, instansi: str = "") -> int:
    """The referral list under filter ``f`` (NIK masked); returns the number of rows."""
    require(actor, Aksi.KEGIATAN_LIHAT)
    today = dt.date.today()
    items = rujukan_daftar.search(actor, f, today)
    rows: Iterator[Sequence[object]] = (
        (i, r.nomor_surat, r.tanggal, r.klien, r.nik, r.desa, r.instansi, r.kebutuhan,
         r.status_label, r.hasil, r.jatuh_tempo, keterangan(r, today))
        for i, r in enumerate(items, 1))
    dest = _write(path, "Daftar Rujukan", DAFTAR_HEADERS, rows,
                  _header_lines(actor, describe_filter(f, instansi), PERSONAL_DATA_NOTE),
                  progress, len(items), "Rujukan")
    audit.record(actor, "ekspor", "rujukan", "",
                 f"Ekspor daftar rujukan: {len(items)} baris ke {dest.name}")
    return len(items)


def rekap_instansi_headers() -> list[str]:
    return ["Instansi tujuan", *STATUS.values(), "Berhasil", "Tidak berhasil", "Terlambat",
            "Jumlah"]


def export_rekap_instansi(actor: Actor, dari: dt.date | None, sampai: dt.date | None,
                          path: str | os.PathLike[str], progress: Progress | None = None) -> int:
    """Referrals per agency and status (the last row is the total); returns the rows."""
    items = rujukan_daftar.rekap_per_instansi(actor, dari, sampai)
    rows = ((r.instansi, *(r.per_status.get(s, 0) for s in STATUS), r.berhasil,
             r.tidak_berhasil, r.terlambat, r.jumlah) for r in items)
    dest = _write(path, "Rekap Rujukan per Instansi dan Status", rekap_instansi_headers(), rows,
                  _header_lines(actor, periode_label(dari, sampai)), progress, len(items),
                  "Rekap rujukan")
    audit.record(actor, "ekspor", "rujukan", "",
                 f"Ekspor rekap rujukan per instansi: {len(items)} baris ke {dest.name}")
    return len(items)


def export_rekap_kegiatan(actor: Actor, dari: dt.date | None, sampai: dt.date | None,
                          status: str, path: str | os.PathLike[str],
                          progress: Progress | None = None) -> int:
    """Activities per function and form per desa (then the kecamatan level and the total)."""
    r = rekap_kegiatan.per_desa(actor, dari, sampai, status)
    headers = ["Desa/kelurahan", *(f"{k.fungsi}: {k.bentuk}" for k in r.kolom), "Jumlah"]
    lines = [*(r.baris), r.total]
    rows = ((b.desa, *(b.sel.get(k.bentuk_id, 0) for k in r.kolom), b.jumlah) for b in lines)
    which = "kegiatan final" if status == "final" else (
        "kegiatan draf" if status == "draf" else "semua kegiatan (final dan draf)")
    dest = _write(path, "Rekap Kegiatan per Fungsi dan Bentuk per Desa", headers, rows,
                  _header_lines(actor, f"{periode_label(dari, sampai)}; {which}"), progress,
                  len(lines), "Rekap kegiatan")
    audit.record(actor, "ekspor", "kegiatan", "",
                 f"Ekspor rekap kegiatan per desa: {len(lines)} baris ke {dest.name}")
    return len(lines)
