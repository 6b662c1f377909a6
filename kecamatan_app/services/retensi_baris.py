"""Retention (:mod:`retensi`): the rows a record consists of (the record and every child row
the purge removes with it), their fingerprint, and the attachments they use. No Qt.
"""

from __future__ import annotations

import datetime as dt
import decimal
import hashlib
import json
from collections.abc import Collection, Sequence
from typing import Any

from peewee import ForeignKeyField

from ..models import Kegiatan, KegiatanFoto, KegiatanSasaran, Lampiran, LampiranIsi, Rujukan
from .retensi_jenis import JENIS_BY_KODE, _Baris, _Model


def _dicts(query: Any) -> list[dict[str, Any]]:
    return list(query.dicts())


def _tuples(query: Any) -> list[tuple[Any, ...]]:
    return list(query.tuples())


def _nilai(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, bytes):
        return hashlib.sha256(value).hexdigest()
    return value


def _cascade(model: _Model, rid: int) -> list[_Baris]:
    """The row and, depth first, every row that the database would delete with it."""
    found = list(model.select().where(model.id == rid).dicts())
    if not found:
        return []
    out: list[_Baris] = [(model, found[0])]
    for ref_field in model._meta.backrefs:
        if ref_field.on_delete == "CASCADE":
            child = ref_field.model
            for (cid,) in child.select(child.id).where(ref_field == rid).order_by(
                    child.id).tuples():
                out += _cascade(child, cid)
    return out


def _milik(jenis: str, rid: int) -> list[_Baris]:
    """The rows a record consists of, parents first (deleted in reverse)."""
    if jenis == "rujukan":
        rows = _cascade(Rujukan, rid)
        if not rows:
            return []
        kid = rows[0][1]["kegiatan"]
        rows += [(Kegiatan, r) for r in _dicts(Kegiatan.select().where(Kegiatan.id == kid))]
        for model in (KegiatanSasaran, KegiatanFoto):
            rows += [(model, r) for r in _dicts(model.select().where(model.kegiatan == kid)
                                                 .order_by(model.id))]
        return rows
    rows = _cascade(JENIS_BY_KODE[jenis].model, rid)
    if jenis == "kegiatan" and rows:
        for (ruj_id,) in _tuples(Rujukan.select(Rujukan.id).where(Rujukan.kegiatan == rid)):
            rows += _cascade(Rujukan, ruj_id)
    return rows


def _yang_hilang(jenis: str, rows: Sequence[_Baris]) -> list[_Baris]:
    """The rows removed, or (an anonymised referral) cut loose from persons and files."""
    if jenis == "rujukan":
        return [(m, r) for m, r in rows if m is not Kegiatan]
    return list(rows)


def _sidik(rows: Sequence[_Baris]) -> str:
    body = [[m._meta.table_name, {k: _nilai(v) for k, v in sorted(r.items())}] for m, r in rows]
    text = json.dumps(body, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _lampiran_fields(model: _Model) -> list[ForeignKeyField]:
    return [f for f in model._meta.sorted_fields
            if isinstance(f, ForeignKeyField) and f.rel_model is Lampiran]


def _lampiran_ids(rows: Sequence[_Baris]) -> set[int]:
    return {r[f.name] for m, r in rows for f in _lampiran_fields(m) if r.get(f.name)}


def _dipakai(lampiran_id: int, kecuali: Collection[tuple[_Model, int]] = ()) -> bool:
    """Does any row (other than those in ``kecuali``) refer to the stored file? (Its content
    row on PostgreSQL is part of it, not a use: it goes with the row.)"""
    for ref_field in Lampiran._meta.backrefs:
        ref = ref_field.model
        if ref is LampiranIsi:
            continue
        for (rid,) in ref.select(ref.id).where(ref_field == lampiran_id).tuples():
            if (ref, rid) not in kecuali:
                return True
    return False
