"""Receiving kecamatan exchange packages in a Dinas Sosial database (no Qt).

Every check runs before anything is written: a real zip within the size limit, exactly the three
members at the top level (no folders, ``..`` or absolute names, no duplicates, nothing missing or
extra, no encryption), each member within its own limit and intact (zip CRC), the manifest's
format and version, the manifest's own hash (``sidik``), every member's SHA-256 and size against
the manifest, the summary parsed into a sane :class:`RingkasanBulan` that agrees with the
manifest, an approved report, a real PDF, a kecamatan of this database's kabupaten that the user
may handle. A package failing any of them is refused (:class:`PaketDitolak`) with a message
naming what is wrong, and nothing is written.

Importing is idempotent: one row per kecamatan and month (``paket_bulanan``, unique together).
The same content again (same ``sidik``) is "tidak berubah" and writes nothing; another package of
the same kecamatan-month replaces the row ("diganti"), never adds one. The PDF is kept through
:mod:`lampiran` (files by content hash); the row and its audit entry are one transaction.

Which of package and live records the dashboard reads: see :mod:`ringkasan_bulan`.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import zipfile
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..models import Kecamatan, PaketBulanan
from ..models.base import now
from . import audit, lampiran, lingkup
from .context import Actor
from .errors import AppError, Conflict, PermissionDenied
from .formatting import bulan_tahun
from .paket_format import (
    ANGGOTA,
    FORMAT,
    FORMAT_VERSI,
    MAKS_ANGGOTA,
    MAKS_PAKET,
    MAKS_PDF,
    MANIFEST,
    PDF,
    RINGKASAN,
    SHA256,
    sha256,
    sidik,
    sidik_pendek,
)
from .permissions import Aksi, require
from .ringkasan_bulan import RingkasanBulan
from .tx import write

DITERIMA, DIGANTI, TIDAK_BERUBAH, DITOLAK = "diterima", "diganti", "tidak_berubah", "ditolak"
HASIL_LABEL = {DITERIMA: "diterima", DIGANTI: "diganti", TIDAK_BERUBAH: "tidak berubah",
               DITOLAK: "ditolak"}
Progress = Callable[[int, int, str], None]


class PaketDitolak(AppError):
    """The file is not an intact package this database may receive."""


@dataclass(frozen=True)
class HasilImpor:
    berkas: str  # the file's name
    hasil: str  # DITERIMA | DIGANTI | TIDAK_BERUBAH | DITOLAK
    pesan: str
    kecamatan: str = ""  # "16.03.06 Gelumbang"
    tahun: int | None = None
    bulan: int | None = None
    sidik: str = ""

    @property
    def label(self) -> str:
        return HASIL_LABEL[self.hasil]

    @property
    def ditolak(self) -> bool:
        return self.hasil == DITOLAK

    @property
    def baris(self) -> str:
        """One line for the command line: ``FILE: diterima — ...``."""
        return f"{self.berkas}: {self.label} — {self.pesan}"


@dataclass(frozen=True)
class PaketTerbaca:
    """A package that passed every check that needs no write."""

    manifest: dict[str, Any]
    ringkasan: RingkasanBulan
    pdf: bytes
    kecamatan: Kecamatan
    sidik: str
    sha256: str  # of the zip file


def _tolak(name: str, why: str) -> PaketDitolak:
    return PaketDitolak(f"Paket {name} ditolak: {why}. Tidak ada yang disimpan; minta kecamatan "
                        "membuat dan mengirim ulang paketnya.")


def _nama_berbahaya(n: str) -> bool:
    return (n.startswith(("/", "\\")) or "/" in n or "\\" in n or ".." in n or ":" in n
            or "\x00" in n)


def _anggota(name: str, data: bytes) -> dict[str, bytes]:
    """The three members, read within their limits; refused for anything else in the zip."""
    if not data.startswith(b"PK\x03\x04"):
        raise _tolak(name, "berkas ini bukan berkas zip paket (isinya tidak dikenali)")
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as exc:
        raise _tolak(name, f"berkas zip rusak atau terpotong ({exc})") from exc
    infos = zf.infolist()
    names = [i.filename for i in infos]
    bahaya = [n for n in names if _nama_berbahaya(n)]
    if bahaya:
        raise _tolak(name, "berisi anggota dengan nama jalur folder yang tidak diizinkan: "
                     + ", ".join(repr(n) for n in bahaya[:5]))
    ganda = sorted({n for n in names if names.count(n) > 1})
    if ganda:
        raise _tolak(name, "anggota berikut ada lebih dari sekali: " + ", ".join(ganda))
    lain = [n for n in names if n not in ANGGOTA]
    if lain:
        raise _tolak(name, "berisi anggota tambahan yang bukan bagian paket: "
                     + ", ".join(repr(n) for n in lain[:5]))
    hilang = [n for n in ANGGOTA if n not in names]
    if hilang:
        raise _tolak(name, "anggota " + ", ".join(hilang) + " tidak ada")
    out: dict[str, bytes] = {}
    for info in infos:
        limit = MAKS_ANGGOTA[info.filename]
        if info.flag_bits & 0x1:
            raise _tolak(name, f"anggota {info.filename} terenkripsi")
        if info.file_size > limit:
            raise _tolak(name, f"anggota {info.filename} terlalu besar "
                               f"({info.file_size / 1_048_576:.1f} MB)")
        try:
            with zf.open(info) as fh:
                body = fh.read(limit + 1)
        except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, ValueError,
                OSError) as exc:
            raise _tolak(name, f"anggota {info.filename} rusak ({exc})") from exc
        if len(body) > limit:
            raise _tolak(name, f"anggota {info.filename} lebih besar dari batasnya")
        out[info.filename] = body
    return out


def _json(name: str, member: str, body: bytes) -> Any:
    try:
        return json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise _tolak(name, f"{member} bukan JSON yang sah ({exc})") from exc


def _manifest(name: str, parts: dict[str, bytes]) -> dict[str, Any]:
    m = _json(name, MANIFEST, parts[MANIFEST])
    if not isinstance(m, dict) or m.get("format") != FORMAT:
        raise _tolak(name, "manifest.json bukan manifest paket laporan bulanan Kecamatan TKSK")
    versi = m.get("format_versi")
    if isinstance(versi, bool) or not isinstance(versi, int) or versi < 1:
        raise _tolak(name, "versi format di manifest.json tidak sah")
    if versi > FORMAT_VERSI:
        raise _tolak(name, f"paket dibuat dengan format versi {versi}, lebih baru dari yang "
                           f"dikenal aplikasi ini (versi {FORMAT_VERSI}); perbarui aplikasi")
    if not isinstance(m.get("sidik"), str) or m["sidik"] != sidik(m):
        raise _tolak(name, "manifest.json diubah setelah paket dibuat (sidik manifest tidak "
                           "cocok dengan isinya)")
    berkas = m.get("berkas")
    if not isinstance(berkas, dict) or set(berkas) != {PDF, RINGKASAN}:
        raise _tolak(name, "daftar berkas di manifest.json tidak lengkap atau berlebih")
    for member in (PDF, RINGKASAN):
        entry = berkas[member]
        if (not isinstance(entry, dict) or not isinstance(entry.get("sha256"), str)
                or not SHA256.match(entry["sha256"])):
            raise _tolak(name, f"SHA-256 {member} di manifest.json tidak sah")
        if sha256(parts[member]) != entry["sha256"] or len(parts[member]) != entry.get("ukuran"):
            raise _tolak(name, f"isi {member} berubah setelah paket dibuat (SHA-256 tidak cocok "
                               "dengan manifest)")
    return m


def _cocok(name: str, m: dict[str, Any], r: RingkasanBulan) -> None:
    """The manifest and the summary describe the same approved kecamatan-month."""
    kec = m.get("kecamatan")
    lap = m.get("laporan")
    if not isinstance(kec, dict) or not isinstance(lap, dict):
        raise _tolak(name, "data kecamatan atau laporan di manifest.json tidak lengkap")

    def iso(v: dt.datetime | None) -> str | None:
        return v.isoformat() if v is not None else None

    beda = [what for what, a, b in (
        ("kode kecamatan", kec.get("kode"), r.kecamatan_kode), ("tahun", m.get("tahun"), r.tahun),
        ("bulan", m.get("bulan"), r.bulan), ("status laporan", lap.get("status"), r.status),
        ("tanggal diajukan", lap.get("diajukan_pada"), iso(r.diajukan_pada)),
        ("tanggal disetujui", lap.get("disetujui_pada"), iso(r.disetujui_pada))) if a != b]
    if beda:
        raise _tolak(name, "manifest.json dan ringkasan.json tidak sama pada: " + ", ".join(beda))
    if r.status != "disetujui" or r.disetujui_pada is None:
        raise _tolak(name, "laporan dalam paket belum disetujui Camat; hanya laporan yang sudah "
                           "disetujui yang diterima")
    if lap.get("arsip_sha256") != m["berkas"][PDF]["sha256"]:
        raise _tolak(name, "laporan.pdf bukan arsip yang dicatat saat laporan disetujui")
    today = dt.date.today()
    if (r.tahun, r.bulan) > (today.year, today.month):
        raise _tolak(name, f"bulan {bulan_tahun(r.tahun, r.bulan)} belum berjalan")


def baca(actor: Actor, path: str | os.PathLike[str]) -> PaketTerbaca:
    """Read and check one package file (nothing is written)."""
    p = Path(path)
    name = p.name
    try:
        size = p.stat().st_size
        if size > MAKS_PAKET:
            raise _tolak(name, f"berkas terlalu besar ({size / 1_048_576:.0f} MB; paling besar "
                               f"{MAKS_PAKET / 1_048_576:.0f} MB)")
        data = p.read_bytes()
    except OSError as exc:
        raise _tolak(name, f"berkas tidak dapat dibaca ({exc.strerror or exc})") from exc
    parts = _anggota(name, data)
    m = _manifest(name, parts)
    try:
        r = RingkasanBulan.from_json(_json(name, RINGKASAN, parts[RINGKASAN]))
    except ValueError as exc:
        raise _tolak(name, f"ringkasan.json tidak sah: {exc}") from exc
    _cocok(name, m, r)
    if not parts[PDF].startswith(b"%PDF-"):
        raise _tolak(name, "laporan.pdf bukan berkas PDF")
    kab = lingkup.kabupaten_kode()
    kab_paket = m["kecamatan"].get("kabupaten_kode")
    if kab and kab_paket != kab:
        raise _tolak(name, f"paket dari kabupaten/kota {kab_paket} "
                           f"({m['kecamatan'].get('kabupaten_nama', '?')}), bukan dari "
                           f"kabupaten basis data ini ({kab})")
    kec = Kecamatan.get_or_none(Kecamatan.kode == r.kecamatan_kode)
    if kec is None:
        raise _tolak(name, f"kecamatan {r.kecamatan_kode} ({r.kecamatan_nama}) tidak ada di "
                           "basis data Dinas Sosial ini")
    try:
        lingkup.check_kecamatan(actor, int(kec.id))
    except PermissionDenied as exc:
        raise _tolak(name, str(exc).rstrip(".")) from exc
    return PaketTerbaca(m, r, parts[PDF], kec, m["sidik"], sha256(data))


def _boleh(actor: Actor) -> None:
    require(actor, Aksi.PAKET_IMPOR)
    if not lingkup.is_dinas():
        raise Conflict("Paket kiriman kecamatan diterima di basis data Dinas Sosial. Basis data "
                       "ini adalah basis data kantor kecamatan; buka basis data Dinas Sosial "
                       "untuk menerima paket.")


def _simpan(actor: Actor, pk: PaketTerbaca, name: str) -> HasilImpor:
    r = pk.ringkasan
    kec = pk.kecamatan
    siapa = f"{kec.kode} {kec.nama}"
    label = bulan_tahun(r.tahun, r.bulan)
    pendek = sidik_pendek(pk.sidik)
    with write():
        old = PaketBulanan.get_or_none((PaketBulanan.kecamatan == kec.id)
                                       & (PaketBulanan.tahun == r.tahun)
                                       & (PaketBulanan.bulan == r.bulan))
        if old is not None and old.manifest_sha256 == pk.sidik:
            return HasilImpor(name, TIDAK_BERUBAH, f"{siapa} {label}: paket yang sama sudah "
                              f"diterima {old.diimpor_pada:%d-%m-%Y %H.%M} (sidik {pendek}).",
                              siapa, r.tahun, r.bulan, pk.sidik)
        stored = lampiran.store_bytes(
            pk.pdf, f"laporan-bulanan-{kec.kode}-{r.tahun}-{r.bulan:02d}.pdf", max_bytes=MAKS_PDF,
            allowed=("application/pdf",))
        made = pk.manifest.get("dibuat_pada")
        values: dict[str, Any] = dict(
            ringkasan=json.dumps(r.to_json(), ensure_ascii=False, sort_keys=True),
            laporan_pdf=stored.id, laporan_sha256=stored.sha256, status=r.status,
            diajukan_pada=r.diajukan_pada, disetujui_pada=r.disetujui_pada,
            paket_sha256=pk.sha256, manifest_sha256=pk.sidik,
            format_versi=pk.manifest["format_versi"],
            aplikasi_versi=str(pk.manifest.get("aplikasi_versi", ""))[:30],
            dibuat_pada_paket=_waktu(made), nama_berkas=name[:255],
            diimpor_oleh=actor.user_id, diimpor_pada=now())
        if old is None:
            row = PaketBulanan.create(kecamatan=kec.id, tahun=r.tahun, bulan=r.bulan, **values)
            audit.record_create(actor, row, f"Paket laporan bulanan {siapa} {label} diterima "
                                            f"dari {name} (sidik {pendek})")
            hasil, pesan = DITERIMA, f"{siapa} {label} diterima (sidik {pendek})."
        else:
            before = audit.snapshot(old)
            for key, value in values.items():
                setattr(old, key, value)
            old.versi += 1
            old.save()
            audit.record_update(actor, old, before, f"Paket laporan bulanan {siapa} {label} "
                                                    f"diganti dengan {name} (sidik {pendek})")
            hasil, pesan = DIGANTI, (f"{siapa} {label}: paket sebelumnya (diterima "
                                     f"{before['diimpor_pada']}) diganti (sidik {pendek}).")
            lama = _waktu(str(before.get("dibuat_pada_paket") or "").replace(" ", "T"))
            baru = values["dibuat_pada_paket"]
            if lama is not None and baru is not None and baru < lama:
                pesan += (f" Catatan: paket ini dibuat lebih dahulu ({baru:%d-%m-%Y %H.%M}) "
                          f"daripada paket yang diganti ({lama:%d-%m-%Y %H.%M}).")
    from .ringkasan_bulan_tahun import ada_data

    if (int(kec.id), r.bulan) in ada_data([int(kec.id)], r.tahun):
        pesan += (" Catatan: basis data ini juga memuat data langsung kecamatan itu untuk bulan "
                  "tersebut; dasbor memakai data langsung.")
    return HasilImpor(name, hasil, pesan, siapa, r.tahun, r.bulan, pk.sidik)


def _waktu(value: object) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def impor(actor: Actor, path: str | os.PathLike[str]) -> HasilImpor:
    """Receive one package; :class:`PaketDitolak` (nothing written) when it fails a check."""
    _boleh(actor)
    return _simpan(actor, baca(actor, path), Path(path).name)


def impor_banyak(actor: Actor, paths: Sequence[str | os.PathLike[str]],
                 progress: Progress | None = None) -> list[HasilImpor]:
    """Receive several packages, each on its own (one refused does not stop the others); one
    result per file, in order. The permission and the kind of database are checked first."""
    _boleh(actor)
    out: list[HasilImpor] = []
    for i, path in enumerate(paths):
        name = Path(path).name
        if progress is not None:
            progress(i, len(paths), f"Memeriksa {name} ({i + 1} dari {len(paths)})...")
        try:
            out.append(_simpan(actor, baca(actor, path), name))
        except AppError as exc:
            out.append(HasilImpor(name, DITOLAK, str(exc)))
    if progress is not None:
        progress(len(paths), len(paths), "Selesai.")
    return out

