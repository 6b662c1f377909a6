"""Import, template and export of the PSKS registry (JENIS ``psks``).

One row per person or institution. A row with the name, PSKS type and desa of a recorded one
updates it (so an exported list can be corrected and imported back); otherwise a new one is
created. Every row is checked first by ``psks.check``; any problem and nothing is saved. An
unknown desa or PSKS type names the closest known one.
"""

from __future__ import annotations

import difflib
import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ..models import DataPSKS, Kategori, KategoriAlias
from ..models.base import now
from . import audit, formatting, impor_lingkup, kantor, lingkup
from . import desa as desa_service
from . import psks as svc
from .context import Actor
from .ekspor import PERSONAL_DATA_NOTE
from .errors import ValidationError
from .impor import (
    CellError,
    Column,
    ImportResult,
    Problem,
    Progress,
    Row,
    choice,
    read_table,
    text,
)
from .impor_alur import check_rows, finish_import, write_export
from .impor_pendaftar import _nik
from .impor_templat import write_template as _write_template
from .permissions import Aksi, require
from .wilayah_kantor import desa_rows

JENIS = "psks"
SHEET = "PSKS"
KATEGORI, NAMA, BENTUK, NIK, DESA = "Jenis PSKS", "Nama", "Perorangan/Lembaga", "NIK", "Desa"
ALAMAT, KETUA, KONTAK, STATUS, CATATAN = "Alamat", "Ketua", "Kontak", "Status", "Catatan"
BENTUK_PILIHAN = ("Perorangan", "Lembaga")
STATUS_PILIHAN = tuple(svc.STATUS.values())
_STATUS_SYNONYMS = {
    "Tidak Aktif": "Tidak aktif",
    "Nonaktif": "Tidak aktif",
    "Non Aktif": "Tidak aktif",
    "Non-aktif": "Tidak aktif",
}
#: psks.check() field names -> column headers.
FIELD_COLUMN = {
    "kategori": KATEGORI, "nama": NAMA, "perorangan": BENTUK, "nik": NIK, "desa": DESA,
    "alamat": ALAMAT, "ketua": KETUA, "kontak": KONTAK, "status": STATUS, "catatan": CATATAN,
}  # fmt: skip
_KAT = "nama jenis PSKS, nama lain yang dikenal (PSM, Tagana, LKS...) atau kodenya 01-12"
_BENTUK = "mengikuti jenis PSKS (Karang Taruna, LKS, LK3, WKSBM, Dunia Usaha: lembaga)"
_DESA = "desa/kelurahan kecamatan ini: nama, nama lain yang dikenal, atau kode"
_WAJIB = "wajib diisi"


def columns(kategori: tuple[str, ...] = (), desa: tuple[str, ...] = ()) -> tuple[Column, ...]:
    return (
        Column(KATEGORI, True, _KAT, _WAJIB, kategori, strict=False, width=30),
        Column(NAMA, True, "nama orang atau lembaga (paling banyak 200 karakter)", _WAJIB),
        Column(BENTUK, False, "Perorangan atau Lembaga", _BENTUK, BENTUK_PILIHAN),
        Column(NIK, False, "16 angka sebagai teks; hanya untuk perorangan", "belum diketahui"),
        Column(DESA, True, _DESA, _WAJIB, desa, strict=False, width=22),
        Column(ALAMAT, False, "teks", "belum diketahui", width=30),
        Column(KETUA, False, "nama ketua lembaga (paling banyak 150 karakter)", "tidak ada"),
        Column(KONTAK, False, "nomor HP atau telepon (paling banyak 100 karakter)", "tidak ada"),
        Column(STATUS, False, "Aktif atau Tidak aktif", "Aktif", STATUS_PILIHAN),
        Column(CATATAN, False, "teks", "tidak ada catatan", optional_header=True, width=30),
    )


NOTES = (
    "Satu baris untuk satu orang atau lembaga PSKS, mulai baris 2 lembar 'PSKS'. Jangan "
    "mengubah judul kolom; urutan kolom boleh berbeda dan kolom lain diabaikan.",
    "Judul berwarna jingga wajib diisi. Nama + jenis PSKS + desa yang sudah tercatat "
    "memperbarui data itu; yang belum ada ditambahkan.",
    "Bila ada satu sel yang salah, tidak ada data yang disimpan: setiap masalah disebutkan "
    "dengan nomor baris, kolom dan sebabnya. Periksa dahulu tanpa menyimpan: tombol Impor "
    "Excel di aplikasi, atau --dry-run di baris perintah.",
    "Jumlah baris per berkas dibatasi di Pengaturan > Keamanan (bawaan 200.000). Jangan "
    "memakai rumus.",
)
_EXAMPLE = (
    "Karang Taruna|Karang Taruna Bina Muda (fiktif)|Lembaga||Mililian|Dusun I|"
    "Contoh Nama|081234567890|Aktif|"
)


def write_template(path: str | os.PathLike[str], actor: Actor | None = None, *,
                   kecamatan_id: int | None = None) -> Path:
    """The ``psks`` template; the Desa drop-down lists the desa of the actor's kecamatan (a
    user of the whole kabupaten: of ``kecamatan_id``; none without it)."""
    kat = tuple(k.nama for k in svc.kategori_choices())
    listed, kec = impor_lingkup.kecamatan_templat(actor, kecamatan_id)
    desa = tuple(d.nama for d in desa_service.all_desa(kec)) if listed else ()
    return _write_template(
        path,
        data_sheet=SHEET,
        title="Templat Impor Data PSKS",
        columns=columns(kat, desa),
        notes=NOTES,
        example=_EXAMPLE.split("|"),
    )


# -- resolving names ------------------------------------------------------------------------


def closest(shown: str, names: dict[str, str]) -> str:
    """' Mungkin maksud Anda: X?' for the closest of ``names`` (lower-case key -> shown), or ''."""
    hit = difflib.get_close_matches(shown.casefold(), list(names), n=1, cutoff=0.6)
    return f" Mungkin maksud Anda: {names[hit[0]]}?" if hit else ""


def _kategori_lookup() -> tuple[dict[str, svc.KategoriChoice], dict[str, str]]:
    """(name, alias or code in lower case -> category; suggestion names)."""
    by_id = {k.id: k for k in svc.kategori_choices(include_inactive=True)}
    lookup: dict[str, svc.KategoriChoice] = {}
    names: dict[str, str] = {}
    for k in by_id.values():
        lookup[k.kode] = lookup[k.nama.casefold()] = k
        names[k.nama.casefold()] = k.nama
    q = KategoriAlias.select(KategoriAlias, Kategori).join(Kategori).where(Kategori.jenis == "PSKS")
    for a in q:
        lookup[a.alias.casefold()] = by_id[a.kategori.id]
        names[a.alias.casefold()] = a.alias
    return lookup, names


def _desa_names(kec: int | None = None) -> dict[str, str]:
    """The names and aliases of the desa of ``kec`` (None: every desa), for suggestions."""
    names: dict[str, str] = {}
    for d in desa_rows(kecamatan_id=kec):
        for n in (d.nama, *d.alias):
            names[n.casefold()] = n
    return names


@dataclass(frozen=True)
class _Plan:
    row: int
    data: svc.PsksData
    psks_id: int | None


class _Reader:
    def __init__(self, kec: int | None = None) -> None:
        self.kec = kec  # the import's kecamatan (None: a kecamatan database's office)
        self.kategori, self.kategori_names = _kategori_lookup()
        self.desa_names = _desa_names(kec)
        self.seen: dict[tuple[str, int, int], int] = {}

    def _kategori(self, value: Any) -> svc.KategoriChoice:
        shown = " ".join(text(value).split())
        key = shown.zfill(2) if shown.isdigit() else shown.casefold()
        hit = self.kategori.get(key)
        if hit is None:
            raise CellError(
                f"Jenis PSKS '{shown}' tidak dikenal. Tulis nama salah satu dari 12 "
                f"jenis PSKS atau kodenya 01-12.{closest(shown, self.kategori_names)}"
            )
        return hit

    def _desa(self, value: Any) -> int:
        shown = " ".join(text(value).split())
        hit = desa_service.resolve(shown, self.kec)
        if hit is None:
            hint = closest(shown, self.desa_names)
            raise CellError(
                f"'{shown}' bukan desa/kelurahan kecamatan ini.{hint} Tulis nama "
                "atau kode desa seperti di daftar."
            )
        return hit.id

    def check(self, row: Row) -> tuple[_Plan | None, list[Problem], list[Problem]]:
        problems: list[Problem] = []

        def cell(header: str, convert: Any) -> Any:
            if row.get(header) is None:
                return None
            try:
                return convert(row.get(header))
            except CellError as exc:
                problems.append(Problem(row.number, header, str(exc)))
                return None

        kat: svc.KategoriChoice | None = cell(KATEGORI, self._kategori)
        bentuk = cell(BENTUK, lambda v: choice(v, BENTUK_PILIHAN))
        status = cell(STATUS, lambda v: choice(v, STATUS_PILIHAN, _STATUS_SYNONYMS))
        data = svc.PsksData(
            kategori_id=kat.id if kat else None,
            nama=text(row.get(NAMA)),
            perorangan=(bentuk == "Perorangan") if bentuk else not (kat and kat.lembaga),
            nik=cell(NIK, _nik) or "",
            desa_id=cell(DESA, self._desa),
            alamat=text(row.get(ALAMAT)),
            ketua=text(row.get(KETUA)),
            kontak=text(row.get(KONTAK)),
            status={v: k for k, v in svc.STATUS.items()}.get(status or "Aktif", "aktif"),
            catatan=text(row.get(CATATAN)),
        )
        existing = None
        if data.kategori_id and data.desa_id and data.nama.strip():
            key = (" ".join(data.nama.split()).casefold(), data.kategori_id, data.desa_id)
            if key in self.seen:
                problems.append(
                    Problem(
                        row.number,
                        NAMA,
                        f"Nama, jenis PSKS dan desa ini sama "
                        f"dengan baris {self.seen[key]} berkas ini.",
                    )
                )
            self.seen.setdefault(key, row.number)
            existing = svc.find_same(data.nama, data.kategori_id, data.desa_id)
        warnings: list[str] = []
        try:
            warnings = svc.check(data, (existing.nik or "") if existing else "")
        except ValidationError as exc:
            taken = {p.column for p in problems}
            problems += [
                Problem(row.number, FIELD_COLUMN.get(p.field, ""), p.message)
                for p in exc.problems
                if FIELD_COLUMN.get(p.field, "") not in taken
            ]
        notes = [Problem(row.number, NIK, w) for w in warnings]
        if problems:
            return None, problems, notes
        return _Plan(row.number, data, existing.id if existing else None), [], notes


def import_file(
    actor: Actor,
    path: str | os.PathLike[str],
    *,
    dry_run: bool = False,
    progress: Progress | None = None,
    kecamatan_id: int | None = None,
) -> ImportResult:
    """Import PSKS rows from ``path`` into the actor's kecamatan (a user of the whole kabupaten
    of a Dinas database: into ``kecamatan_id``); with ``dry_run`` only check and count."""
    require(actor, Aksi.REGISTRI_UBAH)
    kec = impor_lingkup.kecamatan_impor(actor, kecamatan_id)
    table = read_table(path, columns(), sheet=SHEET)
    checked = check_rows(table, columns(), _Reader(kec).check, progress)
    plans = checked[2]
    created = sum(1 for p in plans if p.psks_id is None)
    updated = len(plans) - created

    def save(plan: _Plan) -> None:
        if plan.psks_id is None:
            svc.create(actor, plan.data)
        else:
            svc.update(actor, plan.psks_id, plan.data, None)

    return finish_import(
        actor,
        checked,
        created=created,
        updated=updated,
        dry_run=dry_run,
        save=save,
        field_column=FIELD_COLUMN,
        audit_table="data_psks",
        audit_text=f"Impor PSKS dari {table.name}: {created} baru, {updated} diperbarui",
        progress=progress,
    )


# -- export ---------------------------------------------------------------------------------


def export(
    actor: Actor,
    path: str | os.PathLike[str],
    with_nik: bool = False,
    progress: Progress | None = None,
    f: svc.PsksFilter | None = None,
    kecamatan_id: int | None = None,
) -> int:
    """The PSKS rows of the actor's kecamatan (a user of the whole kabupaten: of
    ``kecamatan_id``, or all), or those of filter ``f``, with the template's columns; NIK
    masked unless ``with_nik`` (which needs NIK_BUKA). Returns the number of rows."""
    require(actor, Aksi.REGISTRI_LIHAT)
    if with_nik:
        require(actor, Aksi.NIK_BUKA)
    dest = Path(path)
    if kecamatan_id is not None:
        f = replace(f or svc.PsksFilter(), kecamatan_id=kecamatan_id)
    rows = svc.search(actor, f)
    shown_kec = f.kecamatan_id if f is not None else None
    full: dict[int, str] = {}
    if with_nik:
        q = DataPSKS.select(DataPSKS.id, DataPSKS.nik)
        q = lingkup.limit(q, lingkup.where_desa(DataPSKS.desa, actor, shown_kec))
        full = {p.id: p.nik or "" for p in q}
    judul = kantor.judul_lingkup(actor, shown_kec)
    lines = [judul] if judul else []
    lines += [
        PERSONAL_DATA_NOTE,
        "NIK ditampilkan lengkap." if with_nik else "NIK disamarkan.",
        f"Diekspor oleh {actor.audit_name} pada {formatting.waktu(now())}",
    ]
    data = (
        [
            r.kategori,
            r.nama,
            r.jenis_label,
            full.get(r.id, "") if with_nik else r.nik,
            r.desa,
            r.alamat,
            r.ketua,
            r.kontak,
            r.status_label,
            r.catatan,
        ]
        for r in rows
    )
    write_export(
        dest,
        "Daftar PSKS",
        [c.header for c in columns()],
        data,
        subtitle_lines=lines,
        progress=progress,
        total=len(rows),
        sheet_name=SHEET,
    )
    shown = "NIK lengkap" if with_nik else "NIK disamarkan"
    audit.record(
        actor, "ekspor", "data_psks", "", f"Ekspor PSKS: {len(rows)} baris ke {dest.name} ({shown})"
    )
    return len(rows)
