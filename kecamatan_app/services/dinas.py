"""Setting up a Dinas Sosial database: every kecamatan of one kabupaten in one database.

The set-up creates, in one transaction, a Kecamatan row with its desa/kelurahan (Kemendagri
list) and a Kantor row with the usual kop for every kecamatan of the kabupaten, marks the
database ``dinas`` (:mod:`lingkup`) and creates the first administrator without a kecamatan (who
sees all). A kecamatan database is never turned into a Dinas database or back.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..models import Desa, Kantor, Kecamatan
from . import audit, kantor, lingkup, users, wilayah
from .context import Actor
from .errors import Conflict, ValidationError
from .tx import write


@dataclass(frozen=True)
class DinasInfo:
    kabupaten_kode: str
    kabupaten_nama: str
    provinsi_nama: str
    jumlah_kecamatan: int
    jumlah_desa: int


def normalize_kabupaten(kode: str) -> wilayah.KabupatenKota:
    """The kabupaten/kota of ``16.03`` or ``1603``; a clear message otherwise."""
    text = (kode or "").strip()
    if not text:
        raise ValidationError.single(
            "kabupaten_kode", "Kode kabupaten/kota wajib diisi, contoh: 16.03 (Muara Enim).")
    return wilayah.get_kabupaten(text)


def setup_dinas(kabupaten_kode: str, admin: kantor.AdminData | None,
                actor: Actor | None = None) -> DinasInfo:
    """Create the Dinas database of ``kabupaten_kode``: all or nothing, in one transaction."""
    actor = actor or Actor.system("penyiapan")
    kab = normalize_kabupaten(kabupaten_kode)
    refs = wilayah.kecamatan_of_kabupaten(kab.kode)
    if not refs:
        raise ValidationError.single(
            "kabupaten_kode", f"{kab.nama} tidak memiliki kecamatan dalam daftar Kemendagri.")
    try:
        n_desa = _create(actor, kab, refs, admin)
    finally:
        lingkup.forget()  # the kind read inside the transaction may have been rolled back
    return DinasInfo(kab.kode, kab.nama, kab.provinsi.nama, len(refs), n_desa)


def _create(actor: Actor, kab: wilayah.KabupatenKota, refs: list[wilayah.KecamatanRef],
            admin: kantor.AdminData | None) -> int:
    aliases = kantor.desa_aliases()
    n_desa = 0
    with write():
        if kantor.is_set_up() or Kecamatan.select().exists():
            raise Conflict(
                "Basis data ini sudah disiapkan. Basis data kantor kecamatan tidak dapat diubah "
                "menjadi basis data Dinas Sosial (atau sebaliknya); buat basis data baru.")
        lingkup.mark_dinas(kab.kode)
        audit.record(actor, "buat", "pengaturan", lingkup.KUNCI_JENIS,
                     f"Basis data Dinas Sosial {kab.nama}",
                     baru={lingkup.KUNCI_JENIS: lingkup.JENIS_DINAS,
                           lingkup.KUNCI_KABUPATEN: kab.kode})
        for ref in refs:
            kantor.create_kecamatan(actor, ref, kantor.default_kop(ref.kode), aliases)
            n_desa += len(wilayah.desa_of(ref.kode))
        if admin is not None:
            users.create_first_admin(admin.nama_pengguna, admin.nama_lengkap, admin.sandi,
                                     admin.ulangi, kecamatan_id=None)
    return n_desa


def info() -> DinasInfo | None:
    """The Dinas database's kabupaten and counts; None in a kecamatan database."""
    kode = lingkup.kabupaten_kode()
    if not lingkup.is_dinas() or kode is None:
        return None
    kab = wilayah.get_kabupaten(kode)
    return DinasInfo(kab.kode, kab.nama, kab.provinsi.nama,
                     Kantor.select().count(), Desa.select().count())
