"""Making a month's exchange package on a kecamatan database (no Qt): the approved report's
archived PDF, the month's summary and a manifest with hashes, in one zip the kecamatan sends to
the Dinas Sosial by flash disk or e-mail when it has no connection to the Dinas database.
Format: :mod:`paket_format` and docs/paket-pertukaran.md.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import zipfile
from dataclasses import dataclass
from pathlib import Path

from .. import __version__
from ..models import Kecamatan, LaporanBulanan
from ..models.base import fk, now
from . import audit, lampiran, lingkup, ringkasan_bulan
from .context import Actor
from .errors import Conflict, NotFound, PrintFileError
from .formatting import bulan_tahun
from .kegiatan import kecamatan_of
from .kunci_bulan import STATUS_LABEL
from .paket_format import (
    FORMAT,
    FORMAT_VERSI,
    MANIFEST,
    PDF,
    RINGKASAN,
    nama_berkas,
    sha256,
    sidik,
)
from .permissions import Aksi, require


@dataclass(frozen=True)
class BulanSiap:
    """An approved month a package can be made of."""

    tahun: int
    bulan: int
    disetujui_pada: dt.datetime | None

    @property
    def label(self) -> str:
        return bulan_tahun(self.tahun, self.bulan)


@dataclass(frozen=True)
class HasilEkspor:
    path: Path
    ukuran: int
    sha256: str  # of the zip file
    sidik: str  # the manifest's own hash (identifies the content)
    tahun: int
    bulan: int


def _bukan_dinas() -> None:
    if lingkup.is_dinas():
        raise Conflict("Paket kiriman dibuat di basis data kantor kecamatan. Kecamatan yang "
                       "bekerja langsung di basis data Dinas Sosial ini tidak perlu mengirim "
                       "paket: datanya sudah ada di sini.")


def bulan_siap(actor: Actor) -> list[BulanSiap]:
    """The approved months of the actor's kecamatan, newest first."""
    require(actor, Aksi.PAKET_EKSPOR)
    _bukan_dinas()
    q = (LaporanBulanan.select()
         .where((LaporanBulanan.kecamatan == kecamatan_of(actor))
                & (LaporanBulanan.status == "disetujui"))
         .order_by(LaporanBulanan.tahun.desc(), LaporanBulanan.bulan.desc()))
    return [BulanSiap(r.tahun, r.bulan, r.disetujui_pada) for r in q]


def saran_nama(actor: Actor, tahun: int, bulan: int) -> str:
    """The file name offered when saving: ``paket-16.03.06-gelumbang-2025-03.zip``."""
    kec = Kecamatan.get_by_id(kecamatan_of(actor))
    return nama_berkas(kec.kode, kec.nama, tahun, bulan)


def _iso(value: dt.datetime | None) -> str | None:
    return value.replace(microsecond=0).isoformat() if value is not None else None


def _approved(kec_id: int, tahun: int, bulan: int) -> LaporanBulanan:
    label = bulan_tahun(tahun, bulan)
    lap = LaporanBulanan.get_or_none((LaporanBulanan.kecamatan == kec_id)
                                     & (LaporanBulanan.tahun == tahun)
                                     & (LaporanBulanan.bulan == bulan))
    if lap is None:
        raise Conflict(f"Laporan bulanan {label} belum disusun. Paket hanya dapat dibuat untuk "
                       "laporan yang sudah disetujui Camat.")
    if lap.status != "disetujui" or not fk(lap, "arsip_pdf"):
        raise Conflict(f"Laporan bulanan {label} berstatus "
                       f"{STATUS_LABEL.get(lap.status, lap.status)}. Paket hanya dapat dibuat "
                       "setelah laporan disetujui Camat, agar Dinas Sosial menerima laporan "
                       "yang sudah final.")
    return lap


def isi_paket(actor: Actor, tahun: int, bulan: int, pada: dt.datetime | None = None
              ) -> tuple[bytes, dict[str, object], LaporanBulanan]:
    """The package's zip bytes, its manifest and the report row (nothing written)."""
    require(actor, Aksi.PAKET_EKSPOR)
    _bukan_dinas()
    kec_id = kecamatan_of(actor)
    lap = _approved(kec_id, tahun, bulan)
    pdf = lampiran.read(fk(lap, "arsip_pdf"))  # checked against its stored hash
    if sha256(pdf) != lap.arsip_sha256:
        raise NotFound(f"Arsip PDF laporan {bulan_tahun(tahun, bulan)} tidak sama dengan "
                       "sidik yang dicatat saat disetujui. Pulihkan folder lampiran dari "
                       "cadangan.")
    ringkasan = ringkasan_bulan.dari_data(kec_id, tahun, bulan)
    data = json.dumps(ringkasan.to_json(), ensure_ascii=False, indent=1, sort_keys=True
                      ).encode("utf-8")
    kec = Kecamatan.get_by_id(kec_id)
    made = (pada or now()).replace(microsecond=0)
    manifest: dict[str, object] = {
        "format": FORMAT,
        "format_versi": FORMAT_VERSI,
        "aplikasi": "Kecamatan TKSK",
        "aplikasi_versi": __version__,
        "dibuat_pada": made.isoformat(),
        "dibuat_oleh": actor.username if actor.is_system else actor.full_name,
        "kecamatan": {"kode": kec.kode, "nama": kec.nama, "kabupaten_kode": kec.kabupaten_kode,
                      "kabupaten_nama": kec.kabupaten_nama},
        "tahun": tahun,
        "bulan": bulan,
        "laporan": {"status": lap.status, "nomor": lap.nomor,
                    "diajukan_pada": _iso(ringkasan.diajukan_pada),
                    "disetujui_pada": _iso(ringkasan.disetujui_pada),
                    "arsip_sha256": lap.arsip_sha256},
        "berkas": {PDF: {"sha256": sha256(pdf), "ukuran": len(pdf)},
                   RINGKASAN: {"sha256": sha256(data), "ukuran": len(data)}},
    }
    manifest["sidik"] = sidik(manifest)
    stamp = (made.year, made.month, made.day, made.hour, made.minute, made.second)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        for name, body, method in (
                (MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1).encode("utf-8"),
                 zipfile.ZIP_DEFLATED),
                (PDF, pdf, zipfile.ZIP_STORED),
                (RINGKASAN, data, zipfile.ZIP_DEFLATED)):
            info = zipfile.ZipInfo(name, stamp)
            info.compress_type = method
            info.external_attr = 0o644 << 16
            zf.writestr(info, body)
    return out.getvalue(), manifest, lap


def ekspor(actor: Actor, tahun: int, bulan: int, dest: str | os.PathLike[str],
           pada: dt.datetime | None = None) -> HasilEkspor:
    """Write the package of an approved month to ``dest`` (``name.tmp`` first, then moved into
    place) and audit it. A month whose report is not approved is refused with the reason."""
    out = Path(dest)
    data, manifest, lap = isi_paket(actor, tahun, bulan, pada)
    try:
        lampiran.write_atomic(out, data)
    except OSError as exc:
        raise PrintFileError(
            f"Paket tidak dapat ditulis: {out}. Pastikan foldernya ada dan Anda berhak menulis "
            "di sana (flashdisk tidak terkunci/penuh), lalu ulangi. "
            f"(Keterangan sistem: {exc.strerror or exc})") from exc
    digest = sha256(data)
    audit.record(actor, "ekspor", "laporan_bulanan", lap.id,
                 f"Paket kiriman laporan bulanan {bulan_tahun(tahun, bulan)} untuk Dinas "
                 f"Sosial ke {out.name} (SHA-256 {digest})",
                 baru={"berkas": out.name, "sha256": digest, "sidik": manifest["sidik"]})
    return HasilEkspor(out, len(data), digest, str(manifest["sidik"]), tahun, bulan)
