"""Templates for recurring activities (e.g. the monthly monitoring of BPNT distribution).

A template keeps the form's fields that repeat (function, form, program, place, partners, times,
title and description) and none that belong to one occasion (date, result, people, photos).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from peewee import IntegrityError

from ..models import KegiatanTemplat
from . import audit
from .context import Actor
from .errors import Conflict, NotFound, ValidationError
from .kegiatan import kecamatan_of
from .kegiatan_periksa import KegiatanData, MitraData
from .permissions import Aksi, require
from .tx import write


@dataclass(frozen=True)
class TemplatRow:
    id: int
    nama: str
    judul: str
    versi: int


def _dump(data: KegiatanData) -> str:
    return json.dumps({
        "fungsi_id": data.fungsi_id, "bentuk_id": data.bentuk_id, "program_id": data.program_id,
        "lingkup": data.lingkup, "desa_ids": list(data.desa_ids),
        "mitra": [[m.psks_id, m.instansi_id, m.nama] for m in data.mitra],
        "jam_mulai": data.jam_mulai.isoformat() if data.jam_mulai else None,
        "jam_selesai": data.jam_selesai.isoformat() if data.jam_selesai else None,
        "judul": data.judul, "uraian": data.uraian,
    }, ensure_ascii=False)


def rows(actor: Actor) -> list[TemplatRow]:
    require(actor, Aksi.KEGIATAN_LIHAT)
    out = []
    for t in (KegiatanTemplat.select().where(KegiatanTemplat.kecamatan == kecamatan_of(actor))
              .order_by(KegiatanTemplat.nama)):
        out.append(TemplatRow(t.id, t.nama, json.loads(t.isi).get("judul", ""), t.versi))
    return out


def save(actor: Actor, nama: str, data: KegiatanData) -> int:
    """Save the form as template ``nama`` (replacing a template of the same name)."""
    require(actor, Aksi.KEGIATAN_UBAH)
    nama = " ".join(nama.split())
    if not nama:
        raise ValidationError.single("nama", "Beri nama templat (contoh: Monitoring BPNT "
                                             "bulanan).")
    if len(nama) > 150:
        raise ValidationError.single("nama", "Nama templat terlalu panjang (maks. 150 huruf).")
    kec = kecamatan_of(actor)
    try:
        with write():
            t = KegiatanTemplat.get_or_none((KegiatanTemplat.kecamatan == kec)
                                            & (KegiatanTemplat.nama == nama))
            if t is None:
                t = KegiatanTemplat.create(kecamatan=kec, nama=nama, isi=_dump(data))
                audit.record_create(actor, t, f"Templat kegiatan {nama}")
            else:
                before = audit.snapshot(t)
                t.isi = _dump(data)
                t.versi += 1
                t.save()
                audit.record_update(actor, t, before, f"Templat kegiatan {nama}")
    except IntegrityError as exc:
        raise Conflict(f"Templat '{nama}' sudah ada.") from exc
    return int(t.id)


def apply(actor: Actor, templat_id: int, tanggal: dt.date | None = None) -> KegiatanData:
    """A new draft from the template, dated ``tanggal`` (default today)."""
    require(actor, Aksi.KEGIATAN_LIHAT)
    t = KegiatanTemplat.get_or_none((KegiatanTemplat.id == templat_id)
                                    & (KegiatanTemplat.kecamatan == kecamatan_of(actor)))
    if t is None:
        raise NotFound("Templat tidak ditemukan (mungkin sudah dihapus).")
    d: dict[str, Any] = json.loads(t.isi)
    return KegiatanData(
        tanggal=tanggal or dt.date.today(), fungsi_id=d.get("fungsi_id"),
        bentuk_id=d.get("bentuk_id"), judul=d.get("judul", ""), program_id=d.get("program_id"),
        lingkup=d.get("lingkup", "desa"), desa_ids=list(d.get("desa_ids", [])),
        mitra=[MitraData(*m) for m in d.get("mitra", [])],
        jam_mulai=dt.time.fromisoformat(d["jam_mulai"]) if d.get("jam_mulai") else None,
        jam_selesai=dt.time.fromisoformat(d["jam_selesai"]) if d.get("jam_selesai") else None,
        uraian=d.get("uraian", ""))


def delete(actor: Actor, templat_id: int) -> None:
    require(actor, Aksi.KEGIATAN_UBAH)
    with write():
        t = KegiatanTemplat.get_or_none((KegiatanTemplat.id == templat_id)
                                        & (KegiatanTemplat.kecamatan == kecamatan_of(actor)))
        if t is None:
            raise NotFound("Templat tidak ditemukan (mungkin sudah dihapus).")
        audit.record_delete(actor, t, f"Templat kegiatan {t.nama}")
        t.delete_instance()
