"""The audit trail: who created, changed, deleted, logged in, exported or printed what.

Entries are append-only (database triggers refuse UPDATE and DELETE) and chained: each row's
``hash`` is SHA-256 over the previous row's hash and this row's content, so an edited, removed or
inserted row shows up in :func:`verify_chain`.
"""

from __future__ import annotations

import datetime as dt
import decimal
import hashlib
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from peewee import JOIN, Model, PostgresqlDatabase

from ..models import JejakAudit, Pengguna, database
from ..models.base import now
from .context import Actor
from .formatting import angka, waktu
from .permissions import Aksi, require
from .tx import write

GENESIS = "0" * 64
#: Fields never written into the trail in clear.
SECRET_FIELDS = {"kata_sandi_hash"}

AKSI_LABELS: dict[str, str] = {
    "buat": "Membuat",
    "ubah": "Mengubah",
    "hapus": "Menghapus",
    "login": "Masuk",
    "login_gagal": "Gagal masuk",
    "akun_terkunci": "Akun terkunci",
    "logout": "Keluar",
    "ekspor": "Mengekspor",
    "cetak": "Mencetak",
    "lihat_rinci": "Melihat data rinci",
    "setup": "Menyiapkan kantor",
    "impor": "Mengimpor",
    "buka_kunci_layar": "Membuka kunci layar",
    "gagal_buka_kunci_layar": "Gagal membuka kunci layar",
    "cadangan": "Mencadangkan data",
    "pulihkan": "Memulihkan dari cadangan",
    "akses_subjek": "Akses subjek data",
    "ekspor_arsip_retensi": "Mengekspor arsip retensi",
    "musnah_retensi": "Memusnahkan data (retensi)",
    "salin_basis_data": "Menyalin basis data dari SQLite",
}


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.replace(microsecond=0).isoformat(sep=" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, bytes):
        return f"<{len(value)} bita>"
    return value


def snapshot(instance: Model) -> dict[str, Any]:
    """The row's own columns as JSON-able values (foreign keys as ids, secrets hidden)."""
    out: dict[str, Any] = {}
    for name, field in instance._meta.fields.items():
        if name in ("dibuat_pada", "diubah_pada"):
            continue
        raw = instance.__data__.get(name)
        out[field.name] = "***" if name in SECRET_FIELDS else _jsonable(raw)
    return out


def _dumps(data: Mapping[str, Any] | None) -> str | None:
    if data is None:
        return None
    return json.dumps(data, ensure_ascii=False, sort_keys=True, default=str)


def _row_hash(prev: str, entry: Mapping[str, Any]) -> str:
    payload = json.dumps(
        [
            prev,
            _jsonable(entry["waktu"]),
            entry["pengguna"],
            entry["pelaku"],
            entry["aksi"],
            entry["tabel"],
            entry["rekaman_id"],
            entry["ringkasan"],
            entry["data_lama"],
            entry["data_baru"],
        ],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def record(
    actor: Actor,
    aksi: str,
    tabel: str = "",
    rekaman_id: object = "",
    ringkasan: str = "",
    lama: Mapping[str, Any] | None = None,
    baru: Mapping[str, Any] | None = None,
) -> JejakAudit:
    """Append one entry. Call it inside the transaction of the change it describes."""
    with write():
        if isinstance(database.obj, PostgresqlDatabase):
            database.execute_sql("LOCK TABLE jejak_audit IN SHARE ROW EXCLUSIVE MODE")
        last = JejakAudit.select(JejakAudit.hash).order_by(JejakAudit.id.desc()).first()
        prev = last.hash if last else GENESIS
        entry: dict[str, Any] = {
            "waktu": now(),
            "pengguna": actor.user_id,
            "pelaku": actor.audit_name[:150],
            "aksi": aksi,
            "tabel": tabel,
            "rekaman_id": "" if rekaman_id is None else str(rekaman_id),
            "ringkasan": ringkasan,
            "data_lama": _dumps(lama),
            "data_baru": _dumps(baru),
        }
        entry["hash"] = _row_hash(prev, entry)
        return JejakAudit.create(hash_sebelum=prev, **entry)


def record_create(actor: Actor, instance: Model, ringkasan: str = "") -> JejakAudit:
    return record(
        actor, "buat", instance._meta.table_name, instance.get_id(), ringkasan,
        baru=snapshot(instance),
    )


def record_update(
    actor: Actor, instance: Model, before: Mapping[str, Any], ringkasan: str = ""
) -> JejakAudit | None:
    """Record only the fields that changed (old and new values); nothing if none changed."""
    after = snapshot(instance)
    changed = [k for k in after if k != "versi" and before.get(k) != after.get(k)]
    if not changed:
        return None
    return record(
        actor, "ubah", instance._meta.table_name, instance.get_id(), ringkasan,
        lama={k: before.get(k) for k in changed}, baru={k: after[k] for k in changed},
    )


def record_delete(actor: Actor, instance: Model, ringkasan: str = "") -> JejakAudit:
    return record(
        actor, "hapus", instance._meta.table_name, instance.get_id(), ringkasan,
        lama=snapshot(instance),
    )


@dataclass(frozen=True)
class ChainCheck:
    """The outcome of :func:`verify_chain`. When the chain is broken, ``first_bad_id`` is the
    first entry where it breaks, with that entry's time and actor as stored."""

    ok: bool
    count: int
    first_bad_id: int | None
    message: str
    first_bad_waktu: dt.datetime | None = None
    first_bad_pelaku: str = ""
    #: "diubah" (content or hash does not match), "hilang" (an entry before it is missing or was
    #: replaced), "sisipan" (neither its link nor its hash matches: inserted or forged)
    kind: str = ""


#: Where the chain breaks, in words (the detail after "mulai entri #id (waktu, pelaku): ").
_BROKEN_TEXT = {
    "diubah": "isi entri ini tidak cocok dengan hash-nya (diubah setelah dicatat, atau "
              "hash-nya dipalsukan)",
    "hilang": "entri ini utuh, tetapi entri sebelumnya{gap} hilang (dihapus) atau diganti",
    "sisipan": "entri ini tidak bersambung dengan entri sebelumnya dan hash-nya tidak cocok "
               "(disisipkan atau dipalsukan)",
}
_CHAIN_ADVICE = ("Simpan berkas basis data ini sebagai bukti, jangan ubah apa pun, dan hubungi "
                 "administrator.")


def _when(value: object) -> str:
    if isinstance(value, dt.datetime):
        return waktu(value)
    return str(value or "waktu tidak terbaca")


def _broken(row: Mapping[str, Any], prev: str, prev_id: int, count: int) -> ChainCheck:
    if row["hash_sebelum"] == prev:
        kind = "diubah"  # linked to the right entry, but its own content does not hash right
    elif _row_hash(row["hash_sebelum"], row) == row["hash"]:
        kind = "hilang"  # consistent in itself: what is missing or changed is before it
    else:
        kind = "sisipan"
    gap = ""
    if kind == "hilang" and row["id"] - prev_id > 1:
        first, last = prev_id + 1, row["id"] - 1
        gap = f" (#{first})" if first == last else f" (#{first} sampai #{last})"
    detail = _BROKEN_TEXT[kind].format(gap=gap)
    pelaku = str(row.get("pelaku") or "")
    message = (
        f"Jejak audit rusak atau diubah: rantai rusak mulai entri #{row['id']} "
        f"({_when(row.get('waktu'))}, {pelaku or 'pelaku tidak tercatat'}): {detail}. "
        f"{angka(count)} entri sebelumnya utuh. {_CHAIN_ADVICE}"
    )
    when = row.get("waktu")
    return ChainCheck(False, count, int(row["id"]), message,
                      when if isinstance(when, dt.datetime) else None, pelaku, kind)


def verify_chain(batch: int = 2000, progress: Callable[[int, int, str], None] | None = None
                 ) -> ChainCheck:
    """Recompute every hash in order; report the first entry where the chain breaks.

    An edited entry, a deleted entry in the middle and an entry inserted or appended with a
    made-up hash each break it. What a hash chain alone cannot show: entries removed from the
    END, or an entry appended by someone who recomputed a correct hash (that needs a copy of
    the last hash kept elsewhere, e.g. in a backup). ``progress(done, total, text)`` is told
    after every batch.
    """
    total = JejakAudit.select().count() if progress is not None else 0
    prev, prev_id = GENESIS, 0
    count = 0
    while True:
        rows: list[dict[str, Any]] = list(
            JejakAudit.select()  # type: ignore[arg-type]
            .where(JejakAudit.id > prev_id)
            .order_by(JejakAudit.id)
            .limit(batch)
            .dicts()
        )
        if not rows:
            break
        for row in rows:
            if row["hash_sebelum"] != prev or _row_hash(prev, row) != row["hash"]:
                return _broken(row, prev, prev_id, count)
            prev, prev_id = row["hash"], int(row["id"])
            count += 1
        if progress is not None:
            progress(count, max(total, count), f"Memeriksa entri ke-{angka(count)}...")
    return ChainCheck(True, count, None,
                      f"Rantai jejak audit utuh: {angka(count)} entri diperiksa.")


def check_chain(actor: Actor, progress: Callable[[int, int, str], None] | None = None
                ) -> ChainCheck:
    """:func:`verify_chain` for a user who may read the trail (the audit tab's button)."""
    require(actor, Aksi.AUDIT_LIHAT)
    return verify_chain(progress=progress)


@dataclass(frozen=True)
class AuditFilter:
    pengguna_id: int | None = None
    dari: dt.date | None = None
    sampai: dt.date | None = None
    tabel: str | None = None
    aksi: str | None = None
    teks: str = ""


@dataclass(frozen=True)
class AuditRow:
    id: int
    waktu: dt.datetime
    pelaku: str
    aksi: str
    aksi_label: str
    tabel: str
    rekaman_id: str
    ringkasan: str
    data_lama: str
    data_baru: str


def _filtered(f: AuditFilter, actor: Actor | None = None) -> Any:
    q = JejakAudit.select().join(Pengguna, JOIN.LEFT_OUTER).switch(JejakAudit)
    if actor is not None:  # Dinas database: a kecamatan's users' entries (audit_query)
        from .audit_query import batas_jejak

        scope = batas_jejak(actor)
        if scope is not None:
            q = q.where(scope)
    if f.pengguna_id is not None:
        q = q.where(JejakAudit.pengguna == f.pengguna_id)
    if f.dari is not None:
        q = q.where(JejakAudit.waktu >= dt.datetime.combine(f.dari, dt.time.min))
    if f.sampai is not None:
        q = q.where(JejakAudit.waktu < dt.datetime.combine(f.sampai + dt.timedelta(days=1),
                                                          dt.time.min))
    if f.tabel:
        q = q.where(JejakAudit.tabel == f.tabel)
    if f.aksi:
        q = q.where(JejakAudit.aksi == f.aksi)
    if f.teks:
        q = q.where(JejakAudit.ringkasan.contains(f.teks) | JejakAudit.pelaku.contains(f.teks))
    return q


def _to_row(j: JejakAudit) -> AuditRow:
    return AuditRow(
        j.id, j.waktu, j.pelaku, j.aksi, AKSI_LABELS.get(j.aksi, j.aksi), j.tabel,
        j.rekaman_id, j.ringkasan, j.data_lama or "", j.data_baru or "",
    )


def search(actor: Actor, f: AuditFilter, limit: int = 500, offset: int = 0) -> list[AuditRow]:
    """Newest first, one page."""
    require(actor, Aksi.AUDIT_LIHAT)
    q = _filtered(f, actor).order_by(JejakAudit.id.desc()).limit(limit).offset(offset)
    return [_to_row(j) for j in q]


def newer_than(actor: Actor, f: AuditFilter, entry_id: int) -> int | None:
    """How many entries matching ``f`` come before entry ``entry_id`` in the newest-first list
    (so its page can be opened), or None when that entry is not in the list."""
    require(actor, Aksi.AUDIT_LIHAT)
    if not _filtered(f, actor).where(JejakAudit.id == entry_id).exists():
        return None
    return int(_filtered(f, actor).where(JejakAudit.id > entry_id).count())


def count(actor: Actor, f: AuditFilter) -> int:
    require(actor, Aksi.AUDIT_LIHAT)
    return int(_filtered(f, actor).count())


def tables_in_trail(actor: Actor) -> list[str]:
    require(actor, Aksi.AUDIT_LIHAT)
    q = JejakAudit.select(JejakAudit.tabel).where(JejakAudit.tabel != "").distinct()
    return sorted(r.tabel for r in q)


def rows_for_export(actor: Actor, f: AuditFilter) -> Iterable[AuditRow]:
    """All matching rows, oldest first, streamed in batches (for the Excel export)."""
    require(actor, Aksi.AUDIT_EKSPOR)
    last_id = 0
    while True:
        batch = list(
            _filtered(f, actor).where(JejakAudit.id > last_id).order_by(JejakAudit.id)
            .limit(1000)
        )
        if not batch:
            return
        for j in batch:
            yield _to_row(j)
        last_id = batch[-1].id
