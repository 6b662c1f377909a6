"""Activity records (Pasal 6-8): create, edit with a version check, delete, duplicate, photos.

Every write is one transaction that also checks the month lock (:mod:`kunci_bulan`) and records
the change in the audit trail. An activity of form "rujukan" belongs to its referral and is
written through :mod:`rujukan` (one record, not two).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Any

from ..models import (
    Kegiatan,
    KegiatanDesa,
    KegiatanFoto,
    KegiatanMitra,
    KegiatanSasaran,
    Rujukan,
)
from ..models.base import fk
from . import audit, foto, kunci_bulan, lingkup
from .context import Actor
from .errors import Conflict, NotFound, ValidationError
from .kegiatan_periksa import FotoData, KegiatanData, MitraData, check
from .permissions import Aksi, require
from .tx import write

__all__ = [
    "FotoData",
    "FotoInfo",
    "KegiatanData",
    "MitraData",
    "Saved",
    "copy_data",
    "create",
    "data_of",
    "delete",
    "kecamatan_of",
    "photo_bytes",
    "update",
]


@dataclass(frozen=True)
class Saved:
    id: int
    versi: int
    gps_dibuang: int = 0  # how many new photos carried a GPS position (removed)


@dataclass(frozen=True)
class FotoInfo:
    id: int
    lampiran_id: int
    thumbnail_id: int | None
    keterangan: str
    urutan: int


def kecamatan_of(actor: Actor, kecamatan_id: int | None = None) -> int:
    """The kecamatan whose records the actor reads or writes (:func:`lingkup.pilih_kecamatan`):
    a kecamatan database's office; in a Dinas database the actor's own kecamatan, or for a
    kabupaten-wide user the chosen ``kecamatan_id`` (checked; without it: a message to choose
    one)."""
    return lingkup.pilih_kecamatan(actor, kecamatan_id)


def _get(kegiatan_id: int, kecamatan_id: int) -> Kegiatan:
    k = Kegiatan.get_or_none((Kegiatan.id == kegiatan_id) & (Kegiatan.kecamatan == kecamatan_id))
    if k is None:
        raise NotFound("Kegiatan tidak ditemukan (mungkin sudah dihapus).")
    return k


def _check_versi(k: Kegiatan, versi: int | None) -> None:
    if versi is not None and k.versi != versi:
        raise Conflict("Kegiatan ini baru saja diubah orang lain (atau di jendela lain). "
                       "Perubahan Anda tidak disimpan; tutup formulir, muat ulang, lalu ulangi.")


def _children(k: Any) -> dict[str, Any]:
    """The child rows as plain values, for the audit trail."""
    return {
        "desa": sorted(fk(d, "desa") for d in k.desa),
        "mitra": [[fk(m, "psks"), fk(m, "instansi"), m.nama] for m in k.mitra],
        "warga": sorted(fk(s, "warga") for s in k.sasaran if fk(s, "warga")),
        "keluarga": sorted(fk(s, "keluarga") for s in k.sasaran if fk(s, "keluarga")),
        "foto": [[fk(f, "lampiran"), f.keterangan] for f in
                 k.foto.order_by(KegiatanFoto.urutan)],
    }


def _prepare_photos(items: list[FotoData]) -> dict[int, foto.FotoSiap]:
    """Read and re-encode the new photos before the transaction (slow, pure)."""
    ready: dict[int, foto.FotoSiap] = {}
    problems = []
    for i, item in enumerate(items):
        if item.id is None and item.path:
            try:
                data, name = foto.read_path(item.path)
                ready[i] = foto.prepare(data, name)
            except ValidationError as exc:
                problems.extend(exc.problems)
    if problems:
        raise ValidationError("\n".join(p.message for p in problems), problems)
    return ready


def _write_children(k: Kegiatan, data: KegiatanData, desa_ids: list[int],
                    mitra: list[MitraData], ready: dict[int, foto.FotoSiap]) -> None:
    KegiatanDesa.delete().where(KegiatanDesa.kegiatan == k.id).execute()
    for d in desa_ids:
        KegiatanDesa.create(kegiatan=k.id, desa=d)
    KegiatanMitra.delete().where(KegiatanMitra.kegiatan == k.id).execute()
    for m in mitra:
        KegiatanMitra.create(kegiatan=k.id, psks=m.psks_id, instansi=m.instansi_id, nama=m.nama)
    KegiatanSasaran.delete().where(KegiatanSasaran.kegiatan == k.id).execute()
    for w in dict.fromkeys(data.warga_ids):
        KegiatanSasaran.create(kegiatan=k.id, warga=w)
    for kk in dict.fromkeys(data.keluarga_ids):
        KegiatanSasaran.create(kegiatan=k.id, keluarga=kk)
    existing = {f.id: f for f in KegiatanFoto.select().where(KegiatanFoto.kegiatan == k.id)}
    keep = {item.id for item in data.foto if item.id is not None}
    unknown = keep - set(existing)
    if unknown:
        raise Conflict("Sebagian foto kegiatan ini sudah dihapus orang lain. Muat ulang "
                       "formulirnya.")
    for fid, row in existing.items():
        if fid not in keep:
            row.delete_instance()
    for urutan, item in enumerate(data.foto, 1):
        ket = " ".join(item.keterangan.split())[:200]
        if item.id is not None:
            row = existing[item.id]
            if (row.keterangan, row.urutan) != (ket, urutan):
                row.keterangan, row.urutan = ket, urutan
                row.save()
        elif urutan - 1 in ready:
            main, thumb = foto.store(ready[urutan - 1], item.path)
            KegiatanFoto.create(kegiatan=k.id, lampiran=main.id, thumbnail=thumb.id,
                                keterangan=ket, urutan=urutan)


def create(actor: Actor, data: KegiatanData, *, _allow_rujukan: bool = False) -> Saved:
    require(actor, Aksi.KEGIATAN_UBAH)
    kec = kecamatan_of(actor)
    values, desa_ids, mitra = check(data, kec, allow_rujukan=_allow_rujukan)
    ready = _prepare_photos(data.foto)
    with write():
        kunci_bulan.check_open(kec, data.tanggal)
        k = Kegiatan.create(**values)
        _write_children(k, data, desa_ids, mitra, ready)
        audit.record(actor, "buat", "kegiatan", k.id, f"Kegiatan {k.judul} ({k.tanggal})",
                     baru={**audit.snapshot(k), **_children(k)})
    return Saved(k.id, k.versi, sum(1 for r in ready.values() if r.ada_gps))


def _refuse_rujukan(k: Kegiatan) -> None:
    if Rujukan.select().where(Rujukan.kegiatan == k.id).exists():
        raise Conflict("Kegiatan ini adalah rujukan; ubah atau batalkan lewat tab Rujukan.")


def update(actor: Actor, kegiatan_id: int, data: KegiatanData, versi: int | None, *,
           _allow_rujukan: bool = False) -> Saved:
    require(actor, Aksi.KEGIATAN_UBAH)
    kec = kecamatan_of(actor)
    values, desa_ids, mitra = check(data, kec, allow_rujukan=_allow_rujukan)
    ready = _prepare_photos(data.foto)
    with write():
        k = _get(kegiatan_id, kec)
        if not _allow_rujukan:
            _refuse_rujukan(k)
        _check_versi(k, versi)
        kunci_bulan.check_open(kec, k.tanggal, data.tanggal)
        before = {**audit.snapshot(k), **_children(k)}
        for key, value in values.items():
            setattr(k, key, value)
        k.versi += 1
        k.diubah_pada = dt.datetime.now().replace(microsecond=0)
        k.save()
        _write_children(k, data, desa_ids, mitra, ready)
        after = {**audit.snapshot(k), **_children(k)}
        changed = [key for key in after if key not in ("versi", "diubah_pada")
                   and before.get(key) != after.get(key)]
        if changed:
            audit.record(actor, "ubah", "kegiatan", k.id, f"Kegiatan {k.judul} ({k.tanggal})",
                         lama={c: before.get(c) for c in changed},
                         baru={c: after[c] for c in changed})
    return Saved(k.id, k.versi, sum(1 for r in ready.values() if r.ada_gps))


def delete(actor: Actor, kegiatan_id: int, versi: int | None) -> None:
    require(actor, Aksi.KEGIATAN_UBAH)
    kec = kecamatan_of(actor)
    with write():
        k = _get(kegiatan_id, kec)
        if Rujukan.select().where(Rujukan.kegiatan == k.id).exists():
            raise Conflict("Rujukan yang sudah bernomor surat tidak dapat dihapus, agar nomor "
                           "surat tetap urut tanpa celah. Batalkan rujukannya saja.")
        _check_versi(k, versi)
        kunci_bulan.check_open(kec, k.tanggal)
        audit.record(actor, "hapus", "kegiatan", k.id, f"Kegiatan {k.judul} ({k.tanggal})",
                     lama={**audit.snapshot(k), **_children(k)})
        k.delete_instance(recursive=True)


def data_of(actor: Actor, kegiatan_id: int) -> tuple[KegiatanData, int]:
    """The stored activity as form data, with its version for the save."""
    require(actor, Aksi.KEGIATAN_LIHAT)
    k: Any = _get(kegiatan_id, kecamatan_of(actor))
    data = KegiatanData(
        tanggal=k.tanggal, fungsi_id=fk(k, "fungsi"), bentuk_id=fk(k, "bentuk"), judul=k.judul,
        penugasan_id=fk(k, "penugasan"), jam_mulai=k.jam_mulai, jam_selesai=k.jam_selesai,
        program_id=fk(k, "program"), lingkup=k.lingkup,
        desa_ids=[fk(d, "desa") for d in k.desa.order_by(KegiatanDesa.id)],
        mitra=[MitraData(fk(m, "psks"), fk(m, "instansi"), m.nama)
               for m in k.mitra.order_by(KegiatanMitra.id)],
        peserta_l=k.peserta_l, peserta_p=k.peserta_p,
        warga_ids=[fk(s, "warga") for s in k.sasaran if fk(s, "warga")],
        keluarga_ids=[fk(s, "keluarga") for s in k.sasaran if fk(s, "keluarga")],
        uraian=k.uraian, hasil=k.hasil, hambatan_kategori=k.hambatan_kategori,
        hambatan=k.hambatan, tindak_lanjut=k.tindak_lanjut, status=k.status,
        foto=[FotoData(f.id, "", f.keterangan) for f in k.foto.order_by(KegiatanFoto.urutan)],
    )
    return data, k.versi


def copy_data(actor: Actor, kegiatan_id: int, tanggal: dt.date | None = None) -> KegiatanData:
    """"Duplicate this activity": the same fields as a new draft dated ``tanggal`` (default
    today), without photos and without the result of the original."""
    data, _versi = data_of(actor, kegiatan_id)
    if Rujukan.select().where(Rujukan.kegiatan == kegiatan_id).exists():
        raise Conflict("Rujukan tidak dapat digandakan; buat rujukan baru di tab Rujukan.")
    return replace(data, tanggal=tanggal or dt.date.today(), status="draf", hasil="", foto=[],
                   penugasan_id=None)


def photos(actor: Actor, kegiatan_id: int) -> list[FotoInfo]:
    require(actor, Aksi.KEGIATAN_LIHAT)
    k: Any = _get(kegiatan_id, kecamatan_of(actor))
    return [FotoInfo(f.id, fk(f, "lampiran"), fk(f, "thumbnail"), f.keterangan, f.urutan)
            for f in k.foto.order_by(KegiatanFoto.urutan)]


def photo_bytes(actor: Actor, foto_id: int, miniatur: bool = False) -> bytes:
    """The stored JPEG of a photo (or its thumbnail), checked against its hash."""
    from . import lampiran

    require(actor, Aksi.KEGIATAN_LIHAT)
    f = KegiatanFoto.get_or_none(KegiatanFoto.id == foto_id)
    if f is None:
        raise NotFound("Foto tidak ditemukan (mungkin sudah dihapus).")
    _get(fk(f, "kegiatan"), kecamatan_of(actor))
    lamp = fk(f, "thumbnail") if miniatur and fk(f, "thumbnail") else fk(f, "lampiran")
    return lampiran.read(lamp)
