"""Import, template and export of the office's desa/kelurahan (JENIS ``wilayah``).

One row per desa of this kecamatan, found by its Kemendagri code (an unknown code is an error:
desa come from the official list, never from a spreadsheet). The row may rename the desa (the old
name becomes an alias) and adds the aliases and dusun it lists that are missing; nothing is
removed by an import. All rows are checked first; any problem and nothing is saved.
"""

from __future__ import annotations

import difflib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..models.base import now
from . import audit, formatting, impor_lingkup, kantor, lingkup
from . import wilayah_kantor as svc
from .context import Actor
from .impor import (
    CellError,
    Column,
    ImportResult,
    Problem,
    Progress,
    Row,
    read_table,
    text,
)
from .impor_alur import check_rows, finish_import, write_export
from .impor_templat import write_template as _write_template
from .permissions import Aksi, require
from .wilayah import normalize_kode

JENIS = "wilayah"
SHEET = "Wilayah"
KODE, NAMA, JENIS_DESA, ALIAS, DUSUN = "Kode Desa", "Nama Desa", "Jenis", "Alias", "Dusun"
SEP = ";"
FIELD_COLUMN = {"nama": NAMA, "alias": ALIAS, "dusun": DUSUN}


def columns(kode: tuple[str, ...] = ()) -> tuple[Column, ...]:
    return (
        Column(
            KODE,
            True,
            "kode Kemendagri desa/kelurahan kecamatan ini, contoh 16.03.06.2016",
            "wajib diisi",
            kode,
            width=16,
        ),
        Column(
            NAMA,
            True,
            "nama desa/kelurahan (paling banyak 100 karakter); bila berbeda, "
            "nama lama disimpan sebagai nama lain",
            "wajib diisi",
            width=24,
        ),
        Column(
            JENIS_DESA,
            False,
            "Desa atau Kelurahan; hanya keterangan, tidak diubah oleh "
            "impor (mengikuti kode Kemendagri)",
            "-",
            optional_header=True,
            width=12,
        ),
        Column(
            ALIAS,
            False,
            f"nama lain yang dipakai di data lama, dipisah '{SEP}'; yang belum ada ditambahkan",
            "tidak ada tambahan",
            width=30,
        ),
        Column(
            DUSUN,
            False,
            f"nama dusun, dipisah '{SEP}'; yang belum ada ditambahkan",
            "tidak ada tambahan",
            width=40,
        ),
    )


NOTES = (
    "Satu baris untuk satu desa/kelurahan kecamatan ini. Cara termudah: ekspor data wilayah, "
    "perbaiki di Excel, lalu impor kembali.",
    "Desa dikenali dari Kode Desa (kode Kemendagri); kode yang bukan desa kecamatan ini ditolak.",
    "Impor tidak menghapus nama lain atau dusun; hapus lewat menu Pemetaan Sosial > Wilayah.",
    "Bila ada satu sel yang salah, tidak ada data yang disimpan: setiap masalah disebutkan "
    "dengan nomor baris, kolom dan sebabnya.",
)


def write_template(path: str | os.PathLike[str], actor: Actor | None = None, *,
                   kecamatan_id: int | None = None) -> Path:
    """The ``wilayah`` template with one row per desa of the actor's kecamatan (a user of the
    whole kabupaten: of ``kecamatan_id``; an empty template without it)."""
    listed, kec = impor_lingkup.kecamatan_templat(actor, kecamatan_id)
    rows = svc.desa_rows(kecamatan_id=kec) if listed else []
    example = [rows[0].kode, rows[0].nama, rows[0].jenis_label, "", ""] if rows else []
    return _write_template(
        path,
        data_sheet=SHEET,
        title="Templat Impor Wilayah (Desa/Kelurahan)",
        columns=columns(tuple(d.kode for d in rows)),
        notes=NOTES,
        example=example,
        rows=max(len(rows), 1),
    )


def split(value: Any) -> list[str]:
    """The names of a ';'-separated cell, whitespace-normalised, without repeats."""
    out: dict[str, str] = {}
    for part in text(value).split(SEP):
        name = svc.clean(part)
        if name:
            out.setdefault(name.casefold(), name)
    return list(out.values())


@dataclass(frozen=True)
class _Plan:
    row: int
    desa_id: int
    nama: str
    alias: tuple[str, ...]
    dusun: tuple[str, ...]


def _check_row(
    row: Row, desa: dict[str, svc.DesaDetail], seen: dict[int, int]
) -> tuple[_Plan | None, list[Problem]]:
    problems: list[Problem] = []
    shown = text(row.get(KODE))
    found: svc.DesaDetail | None = None
    try:
        if not shown:
            raise CellError("Kode desa wajib diisi.")
        try:
            kode = normalize_kode(shown)
        except Exception:
            kode = shown
        found = desa.get(kode)
        if found is None:
            near = difflib.get_close_matches(kode, list(desa), n=1, cutoff=0.8)
            hint = f" Mungkin maksud Anda: {near[0]} ({desa[near[0]].nama})?" if near else ""
            raise CellError(f"Kode '{shown}' bukan kode desa/kelurahan kecamatan ini.{hint}")
        if found.id in seen:
            raise CellError(f"Desa {found.nama} sudah ada di baris {seen[found.id]} berkas ini.")
        seen[found.id] = row.number
    except CellError as exc:
        problems.append(Problem(row.number, KODE, str(exc)))
    nama = svc.clean(text(row.get(NAMA)))
    if not nama:
        problems.append(Problem(row.number, NAMA, "Nama desa/kelurahan wajib diisi."))
    alias = split(row.get(ALIAS))
    dusun = split(row.get(DUSUN))
    for name in dusun:
        if len(name) > svc.MAX_NAMA:
            problems.append(
                Problem(
                    row.number,
                    DUSUN,
                    f"Nama dusun '{name[:30]}...' paling banyak {svc.MAX_NAMA} karakter.",
                )
            )
    if found is None:
        return None, problems
    new_alias = [a for a in alias if a.casefold() not in {x.casefold() for x in found.alias}]
    if nama:
        taken = {p.column for p in problems}
        problems += [
            Problem(row.number, FIELD_COLUMN[p.field], p.message)
            for p in svc.check_change(found.id, nama, new_alias)
            if FIELD_COLUMN[p.field] not in taken
        ]
    if problems:
        return None, problems
    return _Plan(row.number, found.id, nama, (*found.alias, *new_alias), tuple(dusun)), []


def import_file(
    actor: Actor,
    path: str | os.PathLike[str],
    *,
    dry_run: bool = False,
    progress: Progress | None = None,
    kecamatan_id: int | None = None,
) -> ImportResult:
    """Update desa names, aliases and dusun of the actor's kecamatan (a user of the whole
    kabupaten of a Dinas database: of ``kecamatan_id``) from ``path``; a code of another
    kecamatan's desa is refused. ``created`` counts the new dusun, ``updated`` the desa whose
    name or aliases changed."""
    require(actor, Aksi.WILAYAH_UBAH)
    kec = impor_lingkup.kecamatan_impor(actor, kecamatan_id)
    table = read_table(path, columns(), sheet=SHEET)
    desa = {d.kode: d for d in svc.desa_rows(kecamatan_id=kec)}
    seen: dict[int, int] = {}

    def check(row: Row) -> tuple[_Plan | None, list[Problem], list[Problem]]:
        plan, row_problems = _check_row(row, desa, seen)
        return plan, row_problems, []

    checked = check_rows(table, columns(), check, progress)
    plans = checked[2]
    by_id = {d.id: d for d in desa.values()}
    changed = [
        p
        for p in plans
        if p.nama != by_id[p.desa_id].nama or len(p.alias) != len(by_id[p.desa_id].alias)
    ]
    new_dusun = 0
    for p in plans:
        have = {u.nama.casefold() for u in svc.dusun_list(p.desa_id)}
        new_dusun += sum(1 for u in p.dusun if u.casefold() not in have)

    def save(plan: _Plan) -> None:
        before = by_id[plan.desa_id]
        if plan in changed:
            svc.update_desa(actor, plan.desa_id, plan.nama, plan.alias, before.versi)
        svc.ensure_dusun(actor, plan.desa_id, plan.dusun)

    return finish_import(
        actor,
        checked,
        created=new_dusun,
        updated=len(changed),
        dry_run=dry_run,
        save=save,
        field_column=FIELD_COLUMN,
        audit_table="desa",
        audit_text=f"Impor wilayah dari {table.name}: {len(changed)} desa diubah, "
        f"{new_dusun} dusun baru",
        progress=progress,
    )


def export(
    actor: Actor,
    path: str | os.PathLike[str],
    with_nik: bool = False,
    progress: Progress | None = None,
    kecamatan_id: int | None = None,
) -> int:
    """Every desa of the actor's kecamatan (a user of the whole kabupaten: of ``kecamatan_id``,
    or of every kecamatan) with its aliases and dusun, in the template's columns (no personal
    data, so ``with_nik`` changes nothing). Returns the number of rows."""
    dest = Path(path)
    rows = svc.desa_rows(kecamatan_id=lingkup.batas(actor, kecamatan_id))
    judul = kantor.judul_lingkup(actor, kecamatan_id)
    lines = [judul] if judul else []
    lines.append(f"Diekspor oleh {actor.audit_name} pada {formatting.waktu(now())}")
    data = (
        [
            d.kode,
            d.nama,
            d.jenis_label,
            f"{SEP} ".join(d.alias),
            f"{SEP} ".join(u.nama for u in svc.dusun_list(d.id)),
        ]
        for d in rows
    )
    write_export(
        dest,
        "Daftar Desa/Kelurahan dan Dusun",
        [c.header for c in columns()],
        data,
        subtitle_lines=lines,
        progress=progress,
        total=len(rows),
        sheet_name=SHEET,
    )
    audit.record(actor, "ekspor", "desa", "", f"Ekspor wilayah: {len(rows)} desa ke {dest.name}")
    return len(rows)
