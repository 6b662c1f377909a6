"""Finding a desa/kelurahan of the office by code, name or a known other spelling."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..models import Desa, DesaAlias
from .wilayah import normalize_kode


@dataclass(frozen=True)
class DesaInfo:
    id: int
    kode: str
    nama: str
    jenis: str


def _info(d: Desa) -> DesaInfo:
    return DesaInfo(d.id, d.kode, d.nama, d.jenis)


def _norm(text: str) -> str:
    text = " ".join(text.split())
    return re.sub(r"^(desa|kelurahan|kel\.|ds\.)\s+", "", text, flags=re.IGNORECASE)


def resolve(text: str) -> DesaInfo | None:
    """The desa named by ``text``: a Kemendagri code (dotted or 10 digits), the name (any case,
    with or without "Desa"/"Kelurahan"), or a known alias. None when nothing matches."""
    raw = text.strip()
    if not raw:
        return None
    if re.fullmatch(r"[\d.\s]+", raw):
        try:
            kode = normalize_kode(raw)
        except Exception:
            return None
        hit = Desa.get_or_none(Desa.kode == kode)
        return _info(hit) if hit else None
    name = _norm(raw)
    hit = Desa.get_or_none(Desa.nama == name)  # NOCASE column
    if hit is None:
        alias = DesaAlias.get_or_none(DesaAlias.alias == name)
        hit = alias.desa if alias else None
    return _info(hit) if hit else None


def by_id(desa_id: int) -> DesaInfo | None:
    d = Desa.get_or_none(Desa.id == desa_id)
    return _info(d) if d else None


def all_desa() -> list[DesaInfo]:
    return [_info(d) for d in Desa.select().where(Desa.aktif).order_by(Desa.urutan, Desa.kode)]
