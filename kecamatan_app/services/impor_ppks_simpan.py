"""The set-wise part of the ``ppks`` import (no Qt): what the database already holds for the
file's rows, read with a few queries before the check, and the checked rows saved, inside the
import's one write transaction, a thousand at a time (:mod:`impor_massal`).

The rows written are those the row-by-row import wrote through :mod:`registri` and
:mod:`registri_ppks` (households first met in the file, persons, PPKS records with their first
history row; an existing person updated, a PPKS record of an existing person moved to the
file's status). Audit: a change to a row that existed (a person updated, a status moved) keeps
its own entry with the old and new values, as before; the rows created are named, by id, in the
import's one summary entry instead of one entry each.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ..models import DataPPKS, Desa, Kecamatan, Keluarga, RiwayatDataPPKS, Warga
from ..models.base import now
from . import audit, impor_lingkup, lingkup, uji_henti
from . import registri as reg
from .context import Actor
from .errors import Conflict, NotFound, PermissionDenied
from .formatting import angka
from .impor import Problem, Progress
from .impor_massal import allocate_ids, chunks, ids_by, insert, ranges, record_many, update
from .registri_cari import STATUS_PPKS

#: ASCII letters folded as SQLite's NOCASE folds them (the same-person warning).
_FOLD = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
_WARGA = ("nik", "nama", "jenis_kelamin", "tempat_lahir", "tanggal_lahir", "keluarga",
          "hubungan", "alamat", "desa", "dusun", "rt", "rw", "meninggal")  # fmt: skip
_KELUARGA = ("no_kk", "kepala", "alamat", "desa", "dusun", "rt", "rw")
_STAMPS = ("dibuat_pada", "diubah_pada", "versi")
_PPKS = ("warga", "keluarga", "kategori", "status", "rincian", "tanggal_verifikasi",
         "diverifikasi_oleh", "catatan", "foto")  # fmt: skip
_RIWAYAT = ("data", "status", "tanggal", "oleh", "catatan")


@dataclass
class Plan:
    """One checked row: the person's values (``registri.check_warga_fields``), their id when
    the NIK is already registered, and the PPKS category to record or move."""

    row: int
    no_kk: str
    nik: str
    data: reg.WargaData  # as read (the household is made from it)
    values: dict[str, Any]
    warga_id: int | None
    kategori_id: int
    status: str  # a code of STATUS_PPKS
    tanggal_verifikasi: dt.date | None
    catatan: str


@dataclass
class Ada:
    """What the database holds for the file: persons by NIK, and persons by (folded name,
    birth date, desa) for the same-person warning."""

    persons: dict[str, int] = field(default_factory=dict)
    same: dict[tuple[str, str, int], list[int]] = field(default_factory=dict)
    #: Dinas database: the registered persons (id) and households (No. KK) of the file that
    #: lie outside the import's kecamatan -> "Kecamatan X" (never their name).
    person_elsewhere: dict[int, str] = field(default_factory=dict)
    kk_elsewhere: dict[str, str] = field(default_factory=dict)

    def twin(self, nama: str, lahir: dt.date, desa_id: int, except_id: int | None) -> bool:
        ids = self.same.get((nama.translate(_FOLD), lahir.isoformat(), desa_id), ())
        return any(i != (except_id or 0) for i in ids)


def registered(niks: Sequence[str], births: Sequence[tuple[dt.date, int]],
               kecamatan_id: int | None = None, kks: Sequence[str] = ()) -> Ada:
    """Persons already registered under ``niks``, and those born on a date of ``births`` in
    its desa (birth date, desa id); with ``kecamatan_id`` (a Dinas database) also which of those
    persons and of the households of ``kks`` lie in another kecamatan."""
    found = Ada(persons=ids_by(Warga.nik, niks))
    if kecamatan_id is not None:
        persons = _desa_of(Warga, Warga.id, list(found.persons.values()))
        households = _desa_of(Keluarga, Keluarga.no_kk, kks)
        where = _elsewhere({*persons.values(), *households.values()}, kecamatan_id)
        found.person_elsewhere = {w: where[d] for w, d in persons.items() if d in where}
        found.kk_elsewhere = {k: where[d] for k, d in households.items() if d in where}
    wanted = set(births)
    days = sorted({d for d, _desa in wanted})
    for part in chunks(days):
        query: Any = (Warga.select(Warga.id, Warga.nama, Warga.tanggal_lahir, Warga.desa)
                      .where(Warga.tanggal_lahir.in_(list(part))).tuples())  # fmt: skip
        for wid, nama, lahir, desa_id in query:
            day = lahir if isinstance(lahir, dt.date) else dt.date.fromisoformat(str(lahir))
            if (day, desa_id) in wanted:
                key = (str(nama).translate(_FOLD), day.isoformat(), int(desa_id))
                found.same.setdefault(key, []).append(int(wid))
    return found


@dataclass
class Saved:
    """What :func:`save` wrote: ids of the rows created, per table (for the summary entry)."""

    created: dict[str, list[int]] = field(default_factory=dict)

    def audit_data(self) -> dict[str, Any]:
        return {table: {"jumlah": len(ids), "id": ranges(ids)}
                for table, ids in self.created.items() if ids}  # fmt: skip


def save(
    actor: Actor, plans: Sequence[Plan], heads: dict[str, str], source: str,
    progress: Progress | None = None, kecamatan_id: int | None = None,
) -> tuple[list[Problem], Saved]:
    """Write ``plans`` (inside the caller's write transaction) into the import's kecamatan
    ``kecamatan_id`` (None: a kecamatan database). Problems found now (a person registered or
    removed by another PC since the check) are returned and nothing must be kept: the caller
    rolls back."""
    problems = _recheck(actor, plans, kecamatan_id)
    if problems:
        return problems, Saved()
    stamp, today = now(), dt.date.today()
    done = Saved()
    kk_ids = _households(plans, heads, stamp, done)
    changes: dict[int, list[tuple[Any, ...]]] = {}
    for plan in plans:
        plan.values["keluarga"] = kk_ids.get(plan.no_kk) if plan.no_kk else None
    known = [p for p in plans if p.warga_id is not None]
    new = [p for p in plans if p.warga_id is None]
    ids = allocate_ids(Warga, len(new))
    for plan, wid in zip(new, ids, strict=True):
        plan.warga_id = wid
    rows = [(wid, *(p.values[k] for k in _WARGA), stamp, stamp, 1) for p, wid in zip(new, ids,
                                                                                 strict=True)]
    _written(insert(Warga, ("id", *_WARGA, *_STAMPS), rows), len(plans), progress)
    done.created["warga"] = ids
    _update_persons(actor, known, stamp, changes)
    for _plan in known:
        uji_henti.titik("impor.baris")  # test-only kill point (no-op)
    _categories(actor, plans, [p.warga_id for p in known], source, stamp, today, done, changes)
    record_many(actor, [entry for p in plans for entry in changes.get(p.row, ())])
    return [], done


def _written(steps: Any, total: int, progress: Progress | None) -> None:
    """Run an :func:`impor_massal.insert`, passing the kill point of each row written."""
    written = 0
    for count in steps:
        for _ in range(count):
            uji_henti.titik("impor.baris")  # test-only kill point (no-op)
        written += count
        if progress is not None:
            progress(written, total, f"Menyimpan baris {angka(written)} dari {angka(total)}...")


def _recheck(actor: Actor, plans: Sequence[Plan], kecamatan_id: int | None = None
             ) -> list[Problem]:
    """The checks the row-by-row import made while saving, with its messages, in its order for
    a row (the first that fails is the row's problem): a person removed since the check; the
    desa, the household already registered and the person's stored desa outside the actor's
    kecamatan (Dinas database, ``lingkup``; the import's kecamatan ``kecamatan_id`` for a user
    of the whole kabupaten); a NIK registered by someone else since the check (another PC)."""
    dinas = lingkup.is_dinas()
    who = actor if kecamatan_id is None else impor_lingkup.pelaku(actor, kecamatan_id)
    now_there = ids_by(Warga.nik, [p.nik for p in plans if p.nik])
    olds = [p.warga_id for p in plans if p.warga_id is not None]
    stored = _desa_of(Warga, Warga.id, olds)
    households = _desa_of(Keluarga, Keluarga.no_kk, [p.no_kk for p in plans if p.no_kk]) \
        if dinas else {}
    refused: dict[Any, str | None] = {}

    def scope(desa_id: Any) -> None:
        if not dinas:
            return
        if desa_id not in refused:
            try:
                lingkup.check_desa(who, desa_id)
                refused[desa_id] = None
            except PermissionDenied as exc:
                refused[desa_id] = str(exc)
        why = refused[desa_id]
        if why is not None:
            raise PermissionDenied(why)

    problems: list[Problem] = []
    for plan in plans:
        try:
            if plan.warga_id is not None and plan.warga_id not in stored:
                reg.warga_of(plan.warga_id)  # NotFound, with its message
            scope(plan.values["desa"])
            if plan.no_kk in households:
                scope(households[plan.no_kk])
            if plan.warga_id is not None:
                scope(stored[plan.warga_id])
            current = now_there.get(plan.nik) if plan.nik else None
            if current is not None and current != plan.warga_id:
                reg._nik_taken(plan.nik, plan.warga_id, who)
        except (Conflict, NotFound, PermissionDenied) as exc:
            problems.append(Problem(plan.row, "", str(exc)))
    return problems


def _elsewhere(desa_ids: set[int], kecamatan_id: int) -> dict[int, str]:
    """``desa id -> "Kecamatan X"`` of those of ``desa_ids`` outside ``kecamatan_id``."""
    out: dict[int, str] = {}
    for part in chunks(sorted(desa_ids)):
        query: Any = (Desa.select(Desa.id, Kecamatan.nama).join(Kecamatan)
                      .where(Desa.id.in_(list(part)) & (Desa.kecamatan != kecamatan_id))
                      .tuples())
        out.update({int(d): f"Kecamatan {nama}" for d, nama in query})
    return out


def _desa_of(model: Any, key: Any, values: Sequence[Any]) -> dict[Any, int]:
    """``key value -> desa id`` of the rows of ``model`` with those ``values``."""
    out: dict[Any, int] = {}
    for part in chunks(sorted(set(values))):
        query: Any = model.select(key, model.desa).where(key.in_(list(part))).tuples()
        out.update({k: int(d) for k, d in query})
    return out


def _households(plans: Sequence[Plan], heads: dict[str, str], stamp: dt.datetime, done: Saved
                ) -> dict[str, int]:
    """No. KK -> household id; the households first met in the file are created, from the
    first row with that No. KK (the head's name when the file has the head)."""
    kk_ids = ids_by(Keluarga.no_kk, [p.no_kk for p in plans if p.no_kk])
    first: dict[str, Plan] = {}
    for plan in plans:
        if plan.no_kk and plan.no_kk not in kk_ids:
            first.setdefault(plan.no_kk, plan)
    ids = allocate_ids(Keluarga, len(first))
    rows = []
    for (no_kk, plan), kid in zip(first.items(), ids, strict=True):
        d = plan.data  # the No. KK was checked with the row: not a second time
        values, _problems, _warnings = reg.check_keluarga_fields(reg.KeluargaData(
            "", heads.get(no_kk, d.nama), d.alamat, d.desa_id, d.dusun_id, d.rt, d.rw))
        values["no_kk"] = no_kk
        rows.append((kid, *(values[k] for k in _KELUARGA), stamp, stamp, 1))
        kk_ids[no_kk] = kid
    for _count in insert(Keluarga, ("id", *_KELUARGA, *_STAMPS), rows):
        pass
    done.created["keluarga"] = ids
    return kk_ids


def _update_persons(actor: Actor, plans: Sequence[Plan], stamp: dt.datetime,
                    changes: dict[int, list[tuple[Any, ...]]]) -> None:
    """Persons already registered: their values replaced, versi raised and an audit entry
    of the fields that changed, for those that changed (``registri.update_warga``)."""
    by_id = _instances(Warga, [p.warga_id for p in plans if p.warga_id is not None])
    rows = []
    for plan in plans:
        w = by_id[plan.warga_id]  # type: ignore[index]
        before = audit.snapshot(w)
        for key, value in plan.values.items():
            setattr(w, key, value)
        after = audit.snapshot(w)
        if after == before:
            continue
        w.versi += 1
        rows.append((*(w.__data__[k] for k in _WARGA), stamp, w.versi, w.id))
        changed = [k for k in after if k != "versi" and before.get(k) != after.get(k)]
        if changed:
            changes.setdefault(plan.row, []).append((
                "ubah", "warga", w.id, f"Warga {plan.values['nama']}",
                {k: before.get(k) for k in changed}, {k: after[k] for k in changed}))
    update(Warga, (*_WARGA, "diubah_pada", "versi"), rows)


def _instances(model: Any, ids: Sequence[int]) -> dict[int, Any]:
    out: dict[int, Any] = {}
    for part in chunks(sorted(set(ids))):
        out.update({m.id: m for m in model.select().where(model.id.in_(list(part)))})
    return out


def _categories(actor: Actor, plans: Sequence[Plan], olds: Sequence[int | None], source: str,
                stamp: dt.datetime, today: dt.date, done: Saved,
                changes: dict[int, list[tuple[Any, ...]]]) -> None:
    """A new PPKS record with its first history row (``registri_ppks.add_ppks``), or, for one
    the person (registered before, ``olds``) has, its status moved when the file's differs
    (``change_status``)."""
    current: dict[tuple[int, int], Any] = {}
    for part in chunks(sorted({i for i in olds if i is not None})):
        for found in DataPPKS.select().where(DataPPKS.warga.in_(list(part))):
            current.setdefault((found.__data__["warga"], found.__data__["kategori"]), found)
    new = [p for p in plans if (p.warga_id, p.kategori_id) not in current]
    ids = iter(allocate_ids(DataPPKS, len(new)))
    user = actor.user_id
    rows: list[tuple[Any, ...]] = []
    history: list[tuple[Any, ...]] = []
    updates: list[tuple[Any, ...]] = []
    for plan in plans:  # in the file's order, as the row-by-row import wrote them
        row: Any = current.get((plan.warga_id, plan.kategori_id))  # type: ignore[arg-type]
        if row is None:
            pid = next(ids)
            verified = plan.status != "teridentifikasi"
            rows.append((pid, plan.warga_id, None, plan.kategori_id, plan.status, "",
                         plan.tanggal_verifikasi or (today if verified else None),
                         user if verified else None, plan.catatan.strip(), None, stamp, stamp,
                         1))  # fmt: skip
            history.append((pid, plan.status, today, user, "Dicatat"))
            continue
        if row.status == plan.status:
            continue
        before = audit.snapshot(row)
        row.status = plan.status
        if plan.status == "terverifikasi":
            row.tanggal_verifikasi = today
            row.diverifikasi_oleh = user
        row.versi += 1
        updates.append((row.status, row.tanggal_verifikasi, row.__data__.get("diverifikasi_oleh"),
                        stamp, row.versi, row.id))
        history.append((row.id, plan.status, today, user, f"Impor {source}".strip()))
        after = audit.snapshot(row)
        changed = [k for k in after if k != "versi" and before.get(k) != after.get(k)]
        if changed:
            changes.setdefault(plan.row, []).append((
                "ubah", "data_ppks", row.id, f"Status PPKS menjadi {STATUS_PPKS[plan.status]}",
                {k: before.get(k) for k in changed}, {k: after[k] for k in changed}))
    for _count in insert(DataPPKS, ("id", *_PPKS, *_STAMPS), rows):
        pass
    done.created["data_ppks"] = [r[0] for r in rows]
    update(DataPPKS, ("status", "tanggal_verifikasi", "diverifikasi_oleh", "diubah_pada",
                      "versi"), updates)  # fmt: skip
    history_ids = allocate_ids(RiwayatDataPPKS, len(history))
    for _count in insert(RiwayatDataPPKS, ("id", *_RIWAYAT),
                         [(hid, *h) for hid, h in zip(history_ids, history, strict=True)]):
        pass
    done.created["riwayat_data_ppks"] = history_ids


