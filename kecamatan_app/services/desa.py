"""Finding a desa/kelurahan of the office by code, name or a known other spelling.

A Dinas Sosial database holds the desa of every kecamatan of the kabupaten, and two kecamatan
may have desa of the same name: a lookup for a kecamatan's records passes its ``kecamatan_id``
(:func:`lingkup.kecamatan_scope` of the actor, or the chosen kecamatan)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..models import Desa, DesaAlias
from ..models.base import fk
from .wilayah import normalize_kode


@dataclass(frozen=True)
class DesaInfo:
    id: int
    kode: str
    nama: str
    jenis: str
    kecamatan_id: int | None = None


def _info(d: Desa) -> DesaInfo:
    return DesaInfo(d.id, d.kode, d.nama, d.jenis, fk(d, "kecamatan"))


def _norm(text: str) -> str:
    text = " ".join(text.split())
    return re.sub(r"^(desa|kelurahan|kel\.|ds\.)\s+", "", text, flags=re.IGNORECASE)


def resolve(text: str, kecamatan_id: int | None = None) -> DesaInfo | None:
    """The desa named by ``text``: a Kemendagri code (dotted or 10 digits), the name (any case,
    with or without "Desa"/"Kelurahan"), or a known alias; with ``kecamatan_id`` only a desa of
    that kecamatan. None when nothing matches."""
    raw = text.strip()
    if not raw:
        return None
    mine = Desa.select()
    if kecamatan_id is not None:
        mine = mine.where(Desa.kecamatan == kecamatan_id)
    if re.fullmatch(r"[\d.\s]+", raw):
        try:
            kode = normalize_kode(raw)
        except Exception:
            return None
        hit = mine.where(Desa.kode == kode).first()
        return _info(hit) if hit else None
    name = _norm(raw)
    hit = mine.where(Desa.nama == name).order_by(Desa.id).first()  # NOCASE column
    if hit is None:
        alias = DesaAlias.get_or_none(DesaAlias.alias == name)
        hit = alias.desa if alias else None
        if hit is not None and kecamatan_id is not None and fk(hit, "kecamatan") != kecamatan_id:
            hit = None
    return _info(hit) if hit else None


def by_id(desa_id: int, kecamatan_id: int | None = None) -> DesaInfo | None:
    """The desa (with ``kecamatan_id``: only one of that kecamatan)."""
    d = Desa.get_or_none(Desa.id == desa_id)
    if d is not None and kecamatan_id is not None and fk(d, "kecamatan") != kecamatan_id:
        return None
    return _info(d) if d else None


def all_desa(kecamatan_id: int | None = None) -> list[DesaInfo]:
    """The active desa (of ``kecamatan_id``; without it every desa of the database)."""
    q = Desa.select().where(Desa.aktif).order_by(Desa.urutan, Desa.kode)
    if kecamatan_id is not None:
        q = q.where(Desa.kecamatan == kecamatan_id)
    return [_info(d) for d in q]
