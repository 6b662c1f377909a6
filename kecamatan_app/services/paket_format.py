"""The monthly exchange package's format, shared by :mod:`paket_ekspor` (kecamatan side) and
:mod:`paket_impor` (Dinas side). The full description is docs/paket-pertukaran.md.

A package is one zip file with exactly three members, each at the top level:

* ``manifest.json``: format name and version, app version, kecamatan, year and month, the
  report's status and dates, when and by whom the package was made, and for every other member
  its SHA-256 and size; ``sidik`` is the SHA-256 of the manifest itself (:func:`sidik`).
* ``laporan.pdf``: the approved report's archived PDF, byte for byte.
* ``ringkasan.json``: the month's :class:`ringkasan_bulan.RingkasanBulan` (``to_json``).
"""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any

FORMAT = "kecamatan-tksk-paket-bulanan"
FORMAT_VERSI = 1
MANIFEST = "manifest.json"
PDF = "laporan.pdf"
RINGKASAN = "ringkasan.json"
ANGGOTA: tuple[str, ...] = (MANIFEST, PDF, RINGKASAN)

MiB = 1024 * 1024
#: The archived PDF may be up to 200 MB (laporan.move); a package is at most that plus room.
MAKS_PDF = 200 * MiB
MAKS_RINGKASAN = 2 * MiB
MAKS_MANIFEST = 64 * 1024
MAKS_PAKET = MAKS_PDF + MAKS_RINGKASAN + MAKS_MANIFEST + MiB
MAKS_ANGGOTA: dict[str, int] = {MANIFEST: MAKS_MANIFEST, PDF: MAKS_PDF,
                                RINGKASAN: MAKS_RINGKASAN}

SHA256 = re.compile(r"^[0-9a-f]{64}$")


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def kanonik(data: dict[str, Any]) -> bytes:
    """The manifest as canonical JSON (sorted keys, no spaces, UTF-8), without ``sidik``."""
    body = {k: v for k, v in data.items() if k != "sidik"}
    return json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":")
                      ).encode("utf-8")


def sidik(data: dict[str, Any]) -> str:
    """The manifest's own SHA-256: over its canonical JSON without the ``sidik`` field. It
    changes with any field of the manifest, and the manifest holds the hash of every other
    member, so it identifies the package's whole content."""
    return sha256(kanonik(data))


def sidik_pendek(value: str) -> str:
    """The first 16 hex digits in groups of four (read out over the phone to compare)."""
    return " ".join(value[i:i + 4] for i in range(0, 16, 4)).upper()


def nama_berkas(kecamatan_kode: str, kecamatan_nama: str, tahun: int, bulan: int) -> str:
    """``paket-16.03.06-gelumbang-2025-03.zip``."""
    slug = re.sub(r"[^a-z0-9]+", "-", kecamatan_nama.lower()).strip("-") or "kecamatan"
    return f"paket-{kecamatan_kode}-{slug}-{tahun}-{bulan:02d}.zip"
