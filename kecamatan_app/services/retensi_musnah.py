"""Retention (:mod:`retensi`): the purge. :func:`musnahkan` checks the archive against the plan
and removes (or, a closed referral, anonymises) the planned records in one transaction, with one
audit entry per record type; the attachment files no row uses any more go after the commit. No Qt.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
from collections.abc import Iterator, Sequence
from pathlib import Path

from peewee import IntegrityError

from ..models import (
    Kegiatan,
    KegiatanFoto,
    KegiatanSasaran,
    Lampiran,
    LampiranIsi,
    RiwayatRujukan,
    Rujukan,
    database,
)
from ..models.base import now
from . import audit, lampiran, lingkup
from .context import Actor
from .errors import Conflict, ValidationError
from .formatting import angka, tanggal
from .permissions import Aksi, require
from .retensi_arsip import _Arsip, _periksa_arsip
from .retensi_baris import _dipakai, _milik, _sidik
from .retensi_daftar import _EVAL, _Ctx, _tahun, _Temuan
from .retensi_jenis import (
    AKSI_MUSNAH,
    JENIS,
    TANDA_ANONIM,
    Calon,
    Dilewati,
    HasilMusnah,
    Progress,
    RencanaRetensi,
    _Baris,
)
from .tx import is_sqlite, write

#: (The purge's log lines keep the name they had before :mod:`retensi` was split.)
log = logging.getLogger("kecamatan_app.services.retensi")


# -- the purge ----------------------------------------------------------------------------------


def _anonimkan(rows: Sequence[_Baris]) -> None:
    """A closed referral keeps its number, dates, agency and outcome; nothing about the client."""
    r = rows[0][1]
    kid = r["kegiatan"]
    inst = Rujukan.get_by_id(r["id"]).instansi.nama
    Rujukan.update(warga=None, keluarga=None, kebutuhan=TANDA_ANONIM, alasan_tanpa_persetujuan="",
                   balasan="", versi=Rujukan.versi + 1, diubah_pada=now()).where(
        Rujukan.id == r["id"]).execute()
    RiwayatRujukan.update(alasan="", lampiran=None).where(
        RiwayatRujukan.rujukan == r["id"]).execute()
    KegiatanSasaran.delete().where(KegiatanSasaran.kegiatan == kid).execute()
    KegiatanFoto.delete().where(KegiatanFoto.kegiatan == kid).execute()
    Kegiatan.update(judul=f"Rujukan ke {inst}"[:200], uraian=TANDA_ANONIM, hambatan="",
                    tindak_lanjut="", hasil=f"Surat rujukan diterbitkan ke {inst}.",
                    versi=Kegiatan.versi + 1, diubah_pada=now()).where(Kegiatan.id == kid).execute()


def _hapus(rows: Sequence[_Baris]) -> None:
    for model, row in reversed(rows):
        model.delete().where(model.id == row["id"]).execute()


def _alasan_lewati(c: Calon, rows: Sequence[_Baris], arsip: _Arsip,
                   temuan: _Temuan | None) -> str:
    if not rows:
        return "sudah tidak ada (dihapus lewat jalan lain)."
    sidik = _sidik(rows)
    if sidik != c.sidik or sidik != arsip.sidik.get((c.jenis, c.id)):
        return "berubah sejak rencana dibuat; periksa ulang lalu arsipkan lagi."
    if temuan is None:
        return ("tidak lagi memenuhi syarat pemusnahan (datanya aktif lagi, masih ada anggota "
                "keluarga yang disimpan, atau masa simpan diubah).")
    return temuan.alasan


@contextlib.contextmanager
def _hapus_aman() -> Iterator[None]:
    """On SQLite, deleted content is overwritten with zeros (``PRAGMA secure_delete``)."""
    if not is_sqlite():
        yield
        return
    old = database.execute_sql("PRAGMA secure_delete").fetchone()[0]
    database.execute_sql("PRAGMA secure_delete = 1")
    try:
        yield
    finally:
        database.execute_sql(f"PRAGMA secure_delete = {int(old)}")


def _rapikan(jumlah: dict[str, int]) -> None:
    """After the commit, on SQLite: drop the removed names from the search indexes and copy the
    write-ahead log into the file (best effort; the data are already gone from the tables)."""
    if not is_sqlite():
        return
    from ..migrations.extras import FTS_TABLES

    try:
        with write():
            for table, _cols in FTS_TABLES:
                if jumlah.get(table):
                    database.execute_sql(f"INSERT INTO {table}_fts({table}_fts) "
                                         "VALUES ('optimize')")
        database.execute_sql("PRAGMA wal_checkpoint(PASSIVE)")
    except Exception:  # never fail a purge that is committed
        log.warning("Perapian indeks pencarian sesudah pemusnahan gagal", exc_info=True)


def _hapus_berkas(shas: Sequence[str]) -> list[str]:
    """After the commit: this PC's files of the purged contents (SQLite: the attachments folder;
    PostgreSQL, where the content rows went with their attachment rows in the transaction: the
    old folder and the print cache; other PCs drop their cache copies when they next start)."""
    gagal = []
    for sha in shas:
        if Lampiran.select().where(Lampiran.sha256 == sha).exists():
            continue  # the same content was stored again meanwhile
        for path in lampiran.local_files(sha):
            try:
                path.unlink(missing_ok=True)
            except OSError:
                gagal.append(str(path))
    return gagal


def musnahkan(actor: Actor, rencana: RencanaRetensi, arsip_path: str | os.PathLike[str],
              progress: Progress | None = None) -> HasilMusnah:
    """Purge the plan's records in one transaction, after checking that ``arsip_path`` is the
    archive :func:`arsipkan` wrote for this very plan. Records changed since the plan, no longer
    due or held are skipped and reported. Attachment files no longer used by any row are deleted
    after the commit."""
    require(actor, Aksi.RETENSI_KELOLA)
    if rencana.pada > dt.date.today():
        raise ValidationError.single(
            "pada", f"Rencana ini dihitung untuk {tanggal(rencana.pada)}, tanggal yang belum "
            "tiba. Pemusnahan hanya untuk data yang masa simpannya sudah berakhir.")
    if not rencana.musnah:
        raise Conflict("Rencana ini tidak memuat data untuk dimusnahkan.")
    path = Path(arsip_path)
    arsip = _periksa_arsip(rencana, path)
    jumlah: dict[str, int] = {}
    dilewati: list[Dilewati] = []
    total, done = len(rencana.musnah), 0
    hapus: list[tuple[int, str]] = []
    try:
        with _hapus_aman(), write():
            # only records of the actor's kecamatan are due for this actor: the others of a
            # plan made by someone who sees more are skipped ("tidak lagi")
            ctx = _Ctx(rencana.pada, _tahun(), kecamatan=lingkup.batas(actor))
            for jenis in JENIS:
                planned = [c for c in rencana.musnah if c.jenis == jenis.kode]
                if not planned:
                    continue
                temuan = {t.id: t for t in _EVAL[jenis.kode](ctx)}
                gone: list[Calon] = []
                skipped: dict[str, str] = {}
                for c in planned:
                    rows = _milik(c.jenis, c.id)
                    alasan = _alasan_lewati(c, rows, arsip, temuan.get(c.id))
                    if alasan:
                        skipped[str(c.id)] = alasan
                        dilewati.append(Dilewati(c.jenis, c.id, c.uraian, alasan))
                    else:
                        (_anonimkan if jenis.kode == "rujukan" else _hapus)(rows)
                        gone.append(c)
                    done += 1
                    if progress is not None:
                        progress(done, total, f"Memusnahkan data ({angka(done)} dari "
                                              f"{angka(total)}): {jenis.label}...")
                jumlah[jenis.kode] = len(gone)
                audit.record(
                    actor, AKSI_MUSNAH, jenis.model._meta.table_name, "",
                    f"Pemusnahan retensi, {jenis.label}: {angka(len(gone))} {jenis.tindakan}"
                    + (f", {angka(len(skipped))} dilewati" if skipped else "")
                    + f"; arsip {path.name} (SHA-256 {arsip.sha256})",
                    lama={"id": [c.id for c in gone],
                          "identitas": {str(c.id): c.identitas for c in gone}},
                    baru={"tindakan": jenis.tindakan, "dilewati": skipped,
                          "masa_simpan_tahun": ctx.tahun[jenis.kode],
                          "pada": rencana.pada.isoformat(), "rencana": rencana.kode,
                          "arsip": path.name, "arsip_sha256": arsip.sha256})
            for lid, sha in arsip.lampiran.items():
                row = Lampiran.get_or_none(Lampiran.id == lid)
                if row is not None and row.sha256 == sha and not _dipakai(lid):
                    # PostgreSQL: the content goes in this transaction (SQLite: no such row)
                    LampiranIsi.delete().where(LampiranIsi.lampiran == lid).execute()
                    row.delete_instance()
                    hapus.append((lid, sha))
            if hapus:
                audit.record(actor, AKSI_MUSNAH, "lampiran", "",
                             f"Pemusnahan retensi: {angka(len(hapus))} berkas lampiran dihapus; "
                             f"arsip {path.name} (SHA-256 {arsip.sha256})",
                             lama={"id": [h[0] for h in hapus], "sha256": [h[1] for h in hapus]},
                             baru={"arsip": path.name, "arsip_sha256": arsip.sha256})
    except IntegrityError as exc:
        raise Conflict("Pemusnahan dibatalkan karena sebagian data masih dipakai data lain; "
                       "tidak ada yang dihapus. Periksa ulang lalu ulangi.") from exc
    gagal = _hapus_berkas([sha for _lid, sha in hapus])
    _rapikan(jumlah)
    return HasilMusnah(path, arsip.sha256, jumlah, tuple(dilewati), len(hapus) - len(gagal),
                       len(arsip.lampiran) - len(hapus), tuple(gagal))
