"""Import, template and export of the PPKS registry by name and address (JENIS ``ppks``).

One row per person and PPKS category. All or nothing: every cell is checked first (NIK, No. KK,
desa, category with the closest known name suggested, dates); a NIK twice in the file is an
error. A NIK already in the registry updates that person and adds the category when it is new
(or moves its status when it differs). No Qt.

Built for 100,000 rows (issue 8): each distinct desa, category, dusun and No. KK is looked up
once, the persons already registered and the same-name candidates are read in a few queries
before the check, and the rows are saved set-wise (:mod:`impor_ppks_simpan`); the rows, problems
and warnings are those of the row-by-row import it replaces (tests/test_impor_cepat.py).
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..models import Desa, DesaAlias, Dusun, Kategori, KategoriAlias
from . import desa as desa_service
from . import impor_lingkup
from . import impor_ppks_simpan as simpan
from . import registri as reg
from .context import Actor
from .errors import FieldProblem, ValidationError
from .impor import (
    CellError,
    Column,
    ImportResult,
    Problem,
    Progress,
    Row,
    Table,
    choice,
    date_value,
    gc_paused,
    read_table,
    text,
)
from .impor_alur import check_rows, finish_bulk_import
from .impor_templat import write_template as _write_template
from .nik import NikResult, check_nik, check_no_kk, mask_nik
from .permissions import Aksi, require
from .registri_cari import STATUS_PPKS

JENIS, SHEET = "ppks", "PPKS"
KK, NIK, NAMA, JK, LAHIR, HUB = (
    "No. KK", "NIK", "Nama", "Jenis Kelamin", "Tanggal Lahir", "Hubungan")  # fmt: skip
ALAMAT, DESA, DUSUN, RT, RW = "Alamat", "Desa", "Dusun", "RT", "RW"
KAT, STATUS, TGL_VER, CATATAN = "Kategori PPKS", "Status", "Tanggal Verifikasi", "Catatan"
_STATUS_LABELS = {label: code for code, label in STATUS_PPKS.items()}
_DATE = "tanggal (tanggal Excel, atau teks HH-BB-TTTT / TTTT-BB-HH)"
FIELD_COLUMN = {
    "nik": NIK, "nama": NAMA, "jenis_kelamin": JK, "tanggal_lahir": LAHIR, "hubungan": HUB,
    "desa": DESA, "dusun": DUSUN, "rt": RT, "rw": RW, "no_kk": KK, "kepala": NAMA,
    "kategori": KAT, "status": STATUS,
}  # fmt: skip


def columns(desa_names: tuple[str, ...] = (), kategori: tuple[str, ...] = ()) -> tuple[Column, ...]:
    unknown = "belum diketahui"
    return (
        Column(KK, False, "16 angka, ditulis sebagai teks", "tanpa keluarga", width=20),
        Column(NIK, False, "16 angka sesuai KTP-el, ditulis sebagai teks",
               "orang tanpa NIK (dicatat sebagai orang baru)", width=20),
        Column(NAMA, True, "nama lengkap", "wajib diisi", width=26),
        Column(JK, True, "L atau P", "wajib diisi", ("L", "P"), width=10),
        Column(LAHIR, False, _DATE, unknown, kind="tanggal", width=14),
        Column(HUB, False, ", ".join(reg.HUBUNGAN), unknown, reg.HUBUNGAN),
        Column(ALAMAT, False, "alamat tempat tinggal", unknown, width=28),
        Column(DESA, True, "desa/kelurahan kecamatan ini (nama, nama lain, atau kode)",
               "wajib diisi", desa_names),
        Column(DUSUN, False, "dusun yang sudah terdaftar di desa itu", unknown),
        Column(RT, False, "angka, paling banyak 3", unknown, width=6),
        Column(RW, False, "angka, paling banyak 3", unknown, width=6),
        Column(KAT, True, "nama PPKS (26 jenis), nama lama yang dikenal, atau kodenya 01-26",
               "wajib diisi", kategori, strict=False, width=30),
        Column(STATUS, False, ", ".join(STATUS_PPKS.values()), "Teridentifikasi",
               tuple(STATUS_PPKS.values())),
        Column(TGL_VER, False, _DATE, "belum diverifikasi", kind="tanggal", width=14),
        Column(CATATAN, False, "teks", "tanpa catatan", width=30),
    )


NOTES = (
    "Satu baris untuk satu orang dan satu kategori PPKS, mulai baris 2 lembar 'PPKS'. Orang "
    "yang sama dengan dua kategori ditulis pada dua impor terpisah.",
    "NIK yang sudah tercatat memperbarui data orang itu dan menambah kategorinya bila belum ada.",
    "Bila ada satu sel yang salah, tidak ada data yang disimpan: setiap masalah disebutkan "
    "dengan nomor baris, kolom dan sebabnya.",
)
_EXAMPLE = (
    "1603061501100004|1603061203990001|Contoh Nama (fiktif)|L|12-03-1999|Kepala Keluarga|"
    "Jl. Contoh No. 1|Mililian||001|002|Fakir Miskin|Terverifikasi|05-01-2026|"
)


def write_template(path: str | os.PathLike[str], actor: Actor | None = None, *,
                   kecamatan_id: int | None = None) -> Path:
    """The ``ppks`` template; the Desa drop-down lists the desa of the actor's kecamatan (a
    user of the whole kabupaten: of ``kecamatan_id``; none without it)."""
    listed, kec = impor_lingkup.kecamatan_templat(actor, kecamatan_id)
    desa_names = tuple(d.nama for d in desa_service.all_desa(kec)) if listed else ()
    kats = tuple(
        k.nama
        for k in Kategori.select()
        .where((Kategori.jenis == "PPKS") & Kategori.aktif)
        .order_by(Kategori.urutan, Kategori.kode)
    )
    return _write_template(
        path,
        data_sheet=SHEET,
        title="Templat Impor Data PPKS per Nama",
        columns=columns(desa_names, kats),
        notes=NOTES,
        example=_EXAMPLE.split("|"),
    )


# -- looking names up -------------------------------------------------------------------------


def _suggest(name: str, options: Sequence[str], what: str) -> CellError:
    close = difflib.get_close_matches(name.casefold(), [o.casefold() for o in options], 1, 0.6)
    hint = ""
    if close:
        original = next(o for o in options if o.casefold() == close[0])
        hint = f" Mungkin maksud Anda '{original}'?"
    return CellError(f"{what} '{name}' tidak dikenal.{hint}")


def _resolve_desa(value: Any, kecamatan_id: int | None = None) -> int:
    """The desa named in the cell; with ``kecamatan_id`` (the actor's, in a Dinas database
    holding every kecamatan's desa) only one of that kecamatan."""
    name = text(value)
    hit = desa_service.resolve(name, kecamatan_id)
    if hit is None:
        mine = Desa.select(Desa.nama)
        aliases = DesaAlias.select(DesaAlias.alias)
        if kecamatan_id is not None:
            mine = mine.where(Desa.kecamatan == kecamatan_id)
            aliases = aliases.join(Desa).where(Desa.kecamatan == kecamatan_id)
        options = [d.nama for d in mine] + [a.alias for a in aliases]
        raise _suggest(name, options, "Desa/kelurahan")
    return hit.id


def _resolve_kategori(value: Any) -> int:
    name = " ".join(text(value).split())
    ppks_q = Kategori.select().where(Kategori.jenis == "PPKS")
    code = name.zfill(2) if name.isdigit() else name
    hit = ppks_q.where(Kategori.kode == code).first() or ppks_q.where(Kategori.nama == name).first()
    if hit is None:
        alias = (
            KategoriAlias.select(KategoriAlias, Kategori)
            .join(Kategori)
            .where((KategoriAlias.alias == name) & (Kategori.jenis == "PPKS"))
            .first()
        )
        hit = alias.kategori if alias else None
    if hit is None:
        options = [k.nama for k in ppks_q]
        options += [
            a.alias for a in KategoriAlias.select().join(Kategori).where(Kategori.jenis == "PPKS")
        ]
        raise _suggest(name, options, "Kategori PPKS")
    return int(hit.id)


class _Cari:
    """The lookups of one import, each distinct name looked up (and refused) once: a file of
    100,000 rows names a few dozen desa and categories."""

    def __init__(self, kecamatan_id: int | None = None) -> None:
        self.kecamatan_id = kecamatan_id
        self._hits: dict[tuple[str, Any], Any] = {}
        self.jk = self.pilih(_jk)
        self.hubungan = self.pilih(_hubungan)
        self.status = self.pilih(_status)

    def _once(self, kind: str, key: Any, find: Any) -> Any:
        hit = self._hits.get((kind, key), self)
        if hit is self:
            try:
                hit = find()
            except CellError as exc:
                hit = exc
            self._hits[kind, key] = hit
        if isinstance(hit, CellError):
            raise CellError(str(hit))
        return hit

    def desa(self, value: Any) -> int:
        return int(self._once("desa", text(value),
                              lambda: _resolve_desa(value, self.kecamatan_id)))

    def kategori(self, value: Any) -> int:
        key = " ".join(text(value).split())
        return int(self._once("kategori", key, lambda: _resolve_kategori(value)))

    def dusun(self, desa_id: int, name: str) -> int | None:
        def find() -> int | None:
            hit = Dusun.get_or_none((Dusun.desa == desa_id) & (Dusun.nama == name))
            return hit.id if hit else None

        return self._once("dusun", (desa_id, name), find)

    def no_kk(self, no_kk: str) -> NikResult:
        return self._once("kk", no_kk, lambda: check_no_kk(no_kk))

    def pilih(self, convert: Any) -> Any:
        """``convert`` (a choice) answered once per distinct cell value."""
        return lambda v: self._once(convert.__name__, (type(v), v), lambda: convert(v))


def _digits(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool) and str(value).endswith("0"):
        raise CellError(
            "Angka 16 digit tersimpan sebagai angka sehingga Excel bisa mengubah "
            "angka terakhirnya menjadi 0. Format kolom sebagai Teks lalu ketik ulang."
        )
    return "".join(text(value).split())


def _jk(value: Any) -> str | None:
    return choice(value, ("L", "P"), {"Laki-laki": "L", "Perempuan": "P"})


def _hubungan(value: Any) -> str | None:
    return choice(value, reg.HUBUNGAN)


def _status(value: Any) -> str | None:
    return choice(value, tuple(_STATUS_LABELS), {c: c for c in STATUS_PPKS})


# -- checking rows ----------------------------------------------------------------------------


def _prefetch(table: Table, cari: _Cari) -> simpan.Ada:
    """What the database holds for the file's NIKs, No. KKs and birth dates, in a few
    queries."""
    niks: list[str] = []
    kks: list[str] = []
    births: list[tuple[Any, int]] = []
    for row in table.rows:
        try:
            nik = _digits(row.get(NIK))
            if nik:
                niks.append(nik)
            no_kk = _digits(row.get(KK)) if cari.kecamatan_id is not None else ""
            if no_kk:
                kks.append(no_kk)
            lahir = date_value(row.get(LAHIR))
            if lahir is not None and row.get(DESA) is not None:
                births.append((lahir, cari.desa(row.get(DESA))))
        except (CellError, ValueError, OverflowError):
            continue  # the row's check says what is wrong
    return simpan.registered(niks, births, cari.kecamatan_id, kks)


def _parse(
    row: Row, seen: dict[str, int], cari: _Cari, ada: simpan.Ada
) -> tuple[simpan.Plan | None, list[Problem], list[Problem]]:
    """One row checked as the row-by-row import checked it (same problems, same warnings in
    the same order), with the lookups of ``cari`` and ``ada`` instead of queries per row."""
    problems: list[Problem] = []
    warnings: list[Problem] = []

    def cell(header: str, convert: Any) -> Any:
        try:
            return convert(row.get(header))
        except CellError as exc:
            problems.append(Problem(row.number, header, str(exc)))
            return None

    n = row.number
    no_kk = cell(KK, _digits) or ""
    if no_kk:
        res = cari.no_kk(no_kk)
        problems += [Problem(n, KK, e) for e in res.errors]
        warnings += [Problem(n, KK, w) for w in res.warnings]
    nik = cell(NIK, _digits) or ""
    jk = cell(JK, cari.jk)
    lahir = cell(LAHIR, date_value)
    late: list[FieldProblem] = []  # NIK errors the person check found (the stated birth date)
    nik_warnings: list[str] = []
    if nik and nik in seen:
        problems.append(
            Problem(
                n, NIK, f"NIK ini sudah ada di baris {seen[nik]} berkas ini; satu orang satu NIK."
            )
        )
    elif nik:
        seen[nik] = n
        dated = check_nik(nik, lahir, jk or None)  # one check instead of two when valid
        if dated.errors:
            plain = check_nik(nik).errors
            problems += [Problem(n, NIK, e) for e in plain]
            late = [] if plain else [FieldProblem("nik", e) for e in dated.errors]
        nik_warnings = dated.warnings
    desa_id = cell(DESA, cari.desa) if row.get(DESA) is not None else None
    dusun_id = None
    dusun = text(row.get(DUSUN))
    if desa_id and dusun:
        dusun_id = cari.dusun(desa_id, dusun)
        if dusun_id is None:
            warnings.append(
                Problem(
                    n,
                    DUSUN,
                    "Dusun ini belum terdaftar di desa itu; dusun "
                    "dikosongkan (tambahkan di Pengaturan Wilayah).",
                )
            )
    data = reg.WargaData(
        nik="",  # checked above; the person check below needs no second NIK check
        nama=text(row.get(NAMA)),
        jenis_kelamin=jk or "",
        tanggal_lahir=lahir,
        hubungan=cell(HUB, cari.hubungan) or "",
        alamat=text(row.get(ALAMAT)),
        desa_id=desa_id,
        dusun_id=dusun_id,
        rt=text(row.get(RT)),
        rw=text(row.get(RW)),
    )
    kat = cell(KAT, cari.kategori) if row.get(KAT) is not None else None
    status = cell(STATUS, cari.status) or "Teridentifikasi"
    tgl = cell(TGL_VER, date_value)
    existing = ada.persons.get(nik) if nik and not problems else None
    if existing is not None and existing in ada.person_elsewhere:  # another kecamatan's person
        problems.append(Problem(n, NIK, f"NIK {mask_nik(nik)} sudah tercatat di "
                                f"{ada.person_elsewhere[existing]}. Satu NIK hanya untuk satu "
                                "orang; hubungi Dinas Sosial bila orang itu pindah."))
        existing = None
    if no_kk and no_kk in ada.kk_elsewhere:
        problems.append(Problem(n, KK, f"No. KK {no_kk} sudah tercatat di "
                                f"{ada.kk_elsewhere[no_kk]}. Satu No. KK hanya untuk satu "
                                "keluarga; hubungi Dinas Sosial bila keluarga itu pindah."))
    values: dict[str, Any] = {}
    if not problems:
        found: list[str] = []
        if desa_id is None:  # a blank Desa: the whole person check says so, as before
            try:
                data.nik = nik
                values, found = reg.check_warga(data, existing)
            except ValidationError as exc:
                late = list(exc.problems)  # its own NIK check included
        else:
            values, more, _none = reg.check_warga_fields(data)
            late += more
            values["nik"] = nik or None
            found = nik_warnings
            if lahir is not None and ada.twin(values["nama"], lahir, desa_id, existing):
                found = [*found, reg.same_person_warning(values["nama"])]
        problems += [Problem(n, FIELD_COLUMN.get(p.field, NAMA), p.message) for p in late]
        if not late:
            warnings += [Problem(n, NIK if "NIK" in w else NAMA, w) for w in found]
    if problems or kat is None or desa_id is None:
        return None, problems, warnings
    data.nik = nik
    plan = simpan.Plan(n, no_kk, nik, data, values, existing, kat,
                       _STATUS_LABELS.get(status, status), tgl, text(row.get(CATATAN)))
    return plan, [], warnings


def import_file(
    actor: Actor,
    path: str | os.PathLike[str],
    *,
    dry_run: bool = False,
    progress: Progress | None = None,
    kecamatan_id: int | None = None,
) -> ImportResult:
    """Import PPKS persons from ``path`` into the actor's kecamatan (a user of the whole
    kabupaten of a Dinas database: into ``kecamatan_id``); with ``dry_run`` only check and
    count."""
    require(actor, Aksi.REGISTRI_UBAH)
    kec = impor_lingkup.kecamatan_impor(actor, kecamatan_id)
    with gc_paused():
        return _import(actor, path, dry_run, progress, kec)


def _import(
    actor: Actor, path: str | os.PathLike[str], dry_run: bool, progress: Progress | None,
    kec: int | None,
) -> ImportResult:
    table = read_table(path, columns(), sheet=SHEET)
    cari = _Cari(kec)
    ada = _prefetch(table, cari)
    seen: dict[str, int] = {}
    checked = check_rows(table, columns(), lambda row: _parse(row, seen, cari, ada), progress)
    plans = checked[2]
    created = sum(1 for p in plans if p.warga_id is None)
    updated = len(plans) - created
    heads = {
        p.no_kk: p.data.nama for p in plans if p.no_kk and p.data.hubungan == "Kepala Keluarga"
    }
    saved = simpan.Saved()

    def save_many(plans: list[simpan.Plan]) -> list[Problem]:
        problems, done = simpan.save(actor, plans, heads, table.name, progress, kec)
        saved.created = done.created
        return problems

    return finish_bulk_import(
        actor,
        checked,
        created=created,
        updated=updated,
        dry_run=dry_run,
        save_many=save_many,
        audit_table="warga",
        audit_text=f"Impor PPKS dari {table.name}: {created} baru, {updated} diperbarui",
        audit_data=saved.audit_data,
    )


# the export lives beside the import; re-exported here for the CLI's JENIS table
from .ekspor_ppks import export as export  # noqa: E402
