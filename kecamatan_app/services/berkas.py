"""Documents (berkas) of a candidate: attach, verify, remove; each type proves one criterion."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass

from ..models import Berkas, JenisBerkas, Pendaftar, Pengguna
from ..models.base import fk, now
from . import audit, lampiran, lingkup
from . import pendaftar as pendaftar_service
from .context import Actor
from .errors import NotFound
from .permissions import Aksi, require
from .tx import write


@dataclass(frozen=True)
class BerkasRow:
    id: int
    jenis_id: int
    jenis: str
    kriteria: str
    nama_berkas: str
    jenis_mime: str
    ukuran: int
    lampiran_id: int
    keterangan: str
    diverifikasi_oleh: str
    diverifikasi_pada: dt.datetime | None


@dataclass(frozen=True)
class JenisBerkasInfo:
    id: int
    kode: str
    nama: str
    kriteria: str


def types() -> list[JenisBerkasInfo]:
    q = JenisBerkas.select().where(JenisBerkas.aktif).order_by(JenisBerkas.urutan)
    return [JenisBerkasInfo(j.id, j.kode, j.nama, j.kriteria) for j in q]


def list_for(actor: Actor, pendaftar_id: int) -> list[BerkasRow]:
    require(actor, Aksi.PENDAFTAR_LIHAT)
    if lingkup.is_dinas():
        pendaftar_service.check_access(actor, pendaftar_id)
    q = (Berkas.select(Berkas, JenisBerkas).join(JenisBerkas).switch(Berkas)
         .where(Berkas.pendaftar == pendaftar_id).order_by(JenisBerkas.urutan, Berkas.id))
    rows = []
    for b in q:
        who = ""
        if fk(b, "diverifikasi_oleh"):
            u = Pengguna.get_or_none(Pengguna.id == fk(b, "diverifikasi_oleh"))
            who = u.nama_lengkap if u else ""
        info = lampiran.get(fk(b, "lampiran"))
        rows.append(BerkasRow(b.id, b.jenis.id, b.jenis.nama, b.jenis.kriteria, info.nama_asli,
                              info.jenis_mime, info.ukuran, info.id, b.keterangan, who,
                              b.diverifikasi_pada))
    return rows


def attach(actor: Actor, pendaftar_id: int, jenis_id: int, path: str | os.PathLike[str],
           keterangan: str = "") -> int:
    """Store the file (PDF, JPG or PNG, within the size limit) and link it to the candidate."""
    require(actor, Aksi.PENDAFTAR_UBAH)
    jenis = JenisBerkas.get_or_none(JenisBerkas.id == jenis_id)
    if jenis is None:
        raise NotFound("Jenis berkas tidak ditemukan.")
    with write():
        p = Pendaftar.get_or_none(Pendaftar.id == pendaftar_id)
        if p is None:
            raise NotFound("Pendaftar tidak ditemukan.")
        lingkup.check_kecamatan(actor, fk(p, "kecamatan"))
        stored = lampiran.store_file(path)
        b = Berkas.create(pendaftar=p, jenis=jenis, lampiran=stored.id,
                          keterangan=keterangan.strip())
        audit.record_create(actor, b, f"Berkas {jenis.nama} untuk {p.nama} ({stored.nama_asli})")
        pendaftar_service.record_checks(actor, p.id)
    return b.id


def _get(berkas_id: int, actor: Actor) -> Berkas:
    """The document, only when its candidate is of the actor's kecamatan."""
    b = Berkas.get_or_none(Berkas.id == berkas_id)
    if b is None:
        raise NotFound("Berkas tidak ditemukan (mungkin sudah dihapus).")
    if lingkup.is_dinas():
        pendaftar_service.check_access(actor, fk(b, "pendaftar"))
    return b


def set_verified(actor: Actor, berkas_id: int, verified: bool) -> None:
    """Mark a document verified (who and when) or take the mark back."""
    require(actor, Aksi.BERKAS_VERIFIKASI)
    with write():
        b = _get(berkas_id, actor)
        before = audit.snapshot(b)
        setattr(b, "diverifikasi_oleh", actor.user_id if verified else None)  # noqa: B010
        b.diverifikasi_pada = now() if verified else None
        b.versi += 1
        b.save()
        what = "Memverifikasi" if verified else "Membatalkan verifikasi"
        audit.record_update(actor, b, before, f"{what} berkas {b.jenis.nama}")
        pendaftar_service.record_checks(actor, fk(b, "pendaftar"))


def remove(actor: Actor, berkas_id: int) -> None:
    require(actor, Aksi.PENDAFTAR_UBAH)
    with write():
        b = _get(berkas_id, actor)
        pid = fk(b, "pendaftar")
        audit.record_delete(actor, b, f"Berkas {b.jenis.nama} dihapus")
        b.delete_instance()
        pendaftar_service.record_checks(actor, pid)


def content(actor: Actor, berkas_id: int) -> tuple[bytes, str, str]:
    """(bytes, mime, original name) for the preview; the view is audited as a detail view."""
    require(actor, Aksi.PENDAFTAR_LIHAT)
    b = _get(berkas_id, actor)
    info = lampiran.get(fk(b, "lampiran"))
    content = lampiran.read(info.id)
    audit.record(actor, "lihat_rinci", "berkas", b.id, f"Membuka berkas {info.nama_asli}")
    return content, info.jenis_mime, info.nama_asli
