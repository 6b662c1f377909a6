"""Import of per-desa PPKS/PSKS counts (JENIS ``rekap``, CONTRACT.md).

Long format, one row per desa x category x period. A category may be named by its code
(``PPKS-09``, ``PSKS 2``; PMKS is read as PPKS), its official name, or an older/local name kept
in ``KategoriAlias``. Several older names of one category in one desa and period (Penyandang
Cacat Mata, Penyandang Cacat Rungu ... -> PPKS 09) are summed, and the import says so. Any bad
cell: nothing is saved (all or nothing), each problem with row, column and a suggestion.

The export lives in :mod:`.ekspor_rekap` and is re-exported at the end.
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..models import DesaAlias, Kategori, KategoriAlias, RekapPemetaan
from . import audit, impor_lingkup, lingkup, rekap
from . import desa as desa_service
from .context import Actor
from .formatting import angka, nama_bulan
from .impor import (
    CellError,
    Column,
    ImportResult,
    Problem,
    Progress,
    Row,
    iter_progress,
    read_table,
    text,
)
from .impor_templat import write_template as _write_template
from .permissions import Aksi, require
from .tx import write

JENIS = "rekap"
SHEET = "Rekap"
TAHUN, SEMESTER, BULAN, DESA, KATEGORI = "Tahun", "Semester", "Bulan", "Desa", "Kategori"
JML_DESA, JML_TKSK = "Jumlah Dilaporkan Desa", "Jumlah Temuan TKSK"
SATUAN, SUMBER, CATATAN = "Satuan", "Sumber", "Catatan"
SATUAN_PILIHAN = ("jiwa", "KK", "lembaga")
_CODE = re.compile(r"(PPKS|PMKS|PSKS)\s*[-.]?\s*(\d{1,2})\b\s*(.*)", re.IGNORECASE)
_JUMLAH = (
    "bilangan bulat 0 atau lebih; kosong berarti belum diketahui (tulis 0 bila memang tidak ada)"
)


def _bulan_choices() -> tuple[str, ...]:
    return tuple(nama_bulan(b) for b in range(1, 13))


def columns(desa_names: tuple[str, ...] = (), kategori: tuple[str, ...] = ()) -> tuple[Column, ...]:
    return (
        Column(TAHUN, True, "tahun empat angka, contoh 2026", "wajib diisi", width=8),
        Column(
            SEMESTER,
            False,
            "1 atau 2 (rekap per semester)",
            "bukan rekap semester",
            ("1", "2"),
            width=10,
        ),
        Column(
            BULAN,
            False,
            "1-12 atau nama bulan (rekap bulanan)",
            "bukan rekap bulanan",
            _bulan_choices(),
            width=12,
        ),
        Column(
            DESA,
            True,
            "nama, nama lain yang dikenal, atau kode desa/kelurahan",
            "wajib diisi",
            desa_names,
            width=22,
        ),
        Column(
            KATEGORI,
            True,
            "kode (PPKS-09, PSKS-02), nama resmi, atau nama lama yang dikenal (Penyandang Cacat "
            "Mata -> PPKS-09); nama lama yang sama-sama menunjuk satu jenis dijumlahkan",
            "wajib diisi",
            kategori,
            strict=False,
            width=40,
        ),
        Column(JML_DESA, False, _JUMLAH, "belum diketahui", width=14),
        Column(JML_TKSK, False, _JUMLAH, "belum diketahui", width=14),
        Column(
            SATUAN,
            False,
            "jiwa, KK atau lembaga",
            "satuan bawaan jenisnya",
            SATUAN_PILIHAN,
            width=9,
        ),
        Column(
            SUMBER, False, "asal angka, contoh 'Musdes Maret 2026'", "tanpa keterangan", width=24
        ),
        Column(CATATAN, False, "teks", "tanpa catatan", optional_header=True, width=30),
    )


NOTES = (
    "Satu baris untuk satu desa, satu jenis PPKS/PSKS dan satu periode, mulai baris 2 lembar "
    "'Rekap'. Periode: isi Tahun saja (rekap tahunan), Tahun + Semester, atau Tahun + Bulan.",
    "Jumlah Dilaporkan Desa: angka dari desa/kelurahan. Jumlah Temuan TKSK: angka hasil "
    "pemetaan TKSK di lapangan. Keduanya disimpan berdampingan; kosong = belum diketahui.",
    "Nama lama (mis. Penyandang Cacat Fisik, Penyandang Cacat Mata) diterima dan dijumlahkan "
    "ke jenisnya sekarang (PPKS-09 Penyandang Disabilitas).",
    "Baris yang sudah ada untuk desa, jenis dan periode yang sama diperbarui. Bila ada satu sel "
    "yang salah, tidak ada data yang disimpan.",
)


@dataclass
class _Known:
    """Lookup of categories by normalised name, alias and code, and desa names for hints."""

    by_name: dict[str, Kategori]
    by_code: dict[tuple[str, str], Kategori]
    names: dict[str, str]  # normalised -> shown spelling, for suggestions
    desa_names: list[str]
    kecamatan_id: int | None = None  # the import's (a Dinas database); desa are looked up in it


def _norm(value: str) -> str:
    value = re.sub(r"[()/,.\-]", " ", value.casefold())
    return " ".join(value.replace("terlantar", "telantar").split())


def _known(kec: int | None = None) -> _Known:
    by_name: dict[str, Kategori] = {}
    by_code: dict[tuple[str, str], Kategori] = {}
    names: dict[str, str] = {}
    for k in Kategori.select():
        by_code[(k.jenis, k.kode)] = k
        by_name.setdefault(_norm(k.nama), k)
        names[_norm(k.nama)] = k.nama
    for a in KategoriAlias.select(KategoriAlias, Kategori).join(Kategori):
        by_name.setdefault(_norm(a.alias), a.kategori)
        names.setdefault(_norm(a.alias), a.alias)
    desa_names = [d.nama for d in desa_service.all_desa(kec)]
    aliases = DesaAlias.select(DesaAlias.alias)
    if kec is not None:  # a Dinas database: the suggestions name this kecamatan's desa only
        aliases = aliases.where(DesaAlias.desa.in_(lingkup.desa_ids(kec)))
    desa_names += [a.alias for a in aliases]
    return _Known(by_name, by_code, names, desa_names, kec)


def _hint(shown: str, options: list[str]) -> str:
    close = difflib.get_close_matches(shown, options, n=3, cutoff=0.6)
    if not close:
        lowered = {o.casefold(): o for o in options}
        close = [lowered[c] for c in difflib.get_close_matches(shown.casefold(), lowered, 3, 0.6)]
    return f" Mungkin maksud Anda: {', '.join(repr(c) for c in close)}?" if close else ""


def resolve_kategori(value: str, known: _Known) -> Kategori:
    shown = " ".join(value.split())
    if m := _CODE.fullmatch(shown):
        jenis = "PSKS" if m[1].upper() == "PSKS" else "PPKS"
        hit = known.by_code.get((jenis, f"{int(m[2]):02d}"))
        if hit is not None:
            return hit
        raise CellError(f"Kode {jenis}-{int(m[2]):02d} tidak ada (PPKS 01-26, PSKS 01-12).")
    hit = known.by_name.get(_norm(shown))
    if hit is not None:
        return hit
    raise CellError(
        f"Jenis '{shown}' tidak dikenal."
        + _hint(shown, list(known.names.values()))
        + " Tulis kode (PPKS-09), nama resmi, atau tambahkan nama lama itu di Pengaturan > "
        "Referensi."
    )


def _periode(row: Row, problems: list[Problem]) -> rekap.Periode | None:
    def number(header: str, low: int, high: int, names: tuple[str, ...] = ()) -> int:
        value = row.get(header)
        shown = text(value)
        if not shown:
            return 0
        for i, name in enumerate(names, 1):
            if shown.casefold() == name.casefold():
                return i
        shown = re.sub(r"^semester\s*", "", shown, flags=re.IGNORECASE)
        # ASCII digits, at most 4: int() refuses '²' and numbers of more than 4.300 digits
        if not (shown.isascii() and shown.isdigit() and len(shown) <= 4) or not (
            low <= int(shown) <= high
        ):
            raise CellError(f"'{text(value)}' bukan {header.lower()} ({low}-{high}).")
        return int(shown)

    try:
        tahun = number(TAHUN, 2000, 2100)
    except CellError as exc:
        problems.append(Problem(row.number, TAHUN, str(exc)))
        return None
    out = [tahun, 0, 0]
    for i, (header, high, names) in enumerate(((SEMESTER, 2, ()), (BULAN, 12, _bulan_choices()))):
        try:
            out[i + 1] = number(header, 1, high, names)
        except CellError as exc:
            problems.append(Problem(row.number, header, str(exc)))
            return None
    if not tahun:
        problems.append(Problem(row.number, TAHUN, "Tahun wajib diisi."))
        return None
    if out[1] and out[2]:
        problems.append(Problem(row.number, BULAN, "Isi Semester ATAU Bulan, tidak keduanya."))
        return None
    return rekap.Periode(*out)


@dataclass
class _Cell:
    """The rows of one desa x category x period, summed."""

    first_row: int
    kategori: Kategori
    desa_id: int
    names: dict[str, int] = field(default_factory=dict)  # normalised name -> row
    shown: list[str] = field(default_factory=list)
    desa: int | None = None
    temuan: int | None = None
    satuan: str = ""
    sumber: list[str] = field(default_factory=list)
    catatan: list[str] = field(default_factory=list)


def _jumlah(value: Any) -> int | None:
    """:func:`rekap.parse_jumlah`, refusing first a number far too big to be a count: a text
    of more than 20 characters (int() of more than 4.300 digits raises a ValueError in English)
    or a number beyond the largest count (its message cannot format 30 digits)."""
    too_long = isinstance(value, str) and len("".join(value.split())) > 20
    number = isinstance(value, (int, float)) and not isinstance(value, bool)
    if too_long or (number and abs(value) > rekap.MAX_JUMLAH):
        shown = text(value)
        raise CellError(
            f"'{shown if len(shown) <= 20 else shown[:17] + '...'}' bukan jumlah: terlalu "
            f"besar (paling besar {angka(rekap.MAX_JUMLAH)}). Tulis bilangan bulat, contoh 12."
        )
    return rekap.parse_jumlah(value)


def _add(a: int | None, b: int | None) -> int | None:
    return b if a is None else a if b is None else a + b


def _check_row(row: Row, known: _Known, cells: dict[Any, _Cell], problems: list[Problem]) -> None:
    before = len(problems)

    def cell(header: str, convert: Callable[[Any], Any]) -> Any:
        try:
            return convert(row.get(header))
        except (CellError, ValueError) as exc:
            problems.append(Problem(row.number, header, str(exc)))
            return None

    periode = _periode(row, problems)
    desa_text = text(row.get(DESA))
    hit = desa_service.resolve(desa_text, known.kecamatan_id) if desa_text else None
    if not desa_text:
        problems.append(Problem(row.number, DESA, "Desa/kelurahan wajib diisi."))
    elif hit is None:
        problems.append(
            Problem(
                row.number,
                DESA,
                f"Desa/kelurahan '{desa_text}' tidak dikenal "
                "di kecamatan ini." + _hint(desa_text, known.desa_names),
            )
        )
    kat_text = text(row.get(KATEGORI))
    kat = None
    if not kat_text:
        problems.append(Problem(row.number, KATEGORI, "Jenis PPKS/PSKS wajib diisi."))
    else:
        kat = cell(KATEGORI, lambda v: resolve_kategori(kat_text, known))
    jd = cell(JML_DESA, _jumlah)
    jt = cell(JML_TKSK, _jumlah)
    satuan = text(row.get(SATUAN))
    if satuan and satuan.casefold() not in {s.casefold() for s in SATUAN_PILIHAN}:
        problems.append(Problem(row.number, SATUAN, f"'{satuan}' bukan satuan: jiwa, KK, lembaga."))
    if len(problems) > before or periode is None or hit is None or kat is None:
        return
    key = (periode, hit.id, kat.id)
    c = cells.setdefault(key, _Cell(row.number, kat, hit.id))
    name = _norm(kat_text)
    if known.by_name.get(name) is None or _norm(kat.nama) == name:
        name = f"{kat.jenis}-{kat.kode}"  # a code or the official name: the category itself
    if name in c.names:
        problems.append(
            Problem(
                row.number,
                KATEGORI,
                f"'{kat_text}' untuk desa dan periode ini "
                f"sudah ada di baris {c.names[name]}. Satu nama cukup satu baris.",
            )
        )
        return
    c.names[name] = row.number
    c.shown.append(f"{kat_text} (baris {row.number})")
    c.desa, c.temuan = _add(c.desa, jd), _add(c.temuan, jt)
    if satuan:
        wanted = next(s for s in SATUAN_PILIHAN if s.casefold() == satuan.casefold())
        if c.satuan and c.satuan != wanted:
            problems.append(
                Problem(
                    row.number,
                    SATUAN,
                    f"Satuan berbeda dengan baris "
                    f"{c.first_row} ({c.satuan}) untuk jenis yang sama.",
                )
            )
        c.satuan = wanted
    for part, target in ((text(row.get(SUMBER)), c.sumber), (text(row.get(CATATAN)), c.catatan)):
        if part and part not in target:
            target.append(part)


def import_file(
    actor: Actor,
    path: str | os.PathLike[str],
    *,
    dry_run: bool = False,
    progress: Progress | None = None,
    kecamatan_id: int | None = None,
) -> ImportResult:
    """Import counts from ``path`` into the desa of the actor's kecamatan (a user of the whole
    kabupaten of a Dinas database: of ``kecamatan_id``); ``created``/``updated`` count cells
    (desa x jenis x periode)."""
    require(actor, Aksi.PEMETAAN_UBAH)
    kec = impor_lingkup.kecamatan_impor(actor, kecamatan_id)
    table = read_table(path, columns(), sheet=SHEET)
    problems = list(table.problems)
    known = _known(kec)
    cells: dict[Any, _Cell] = {}
    for row in iter_progress(table.rows, progress, "Memeriksa"):
        _check_row(row, known, cells, problems)
    order = {c.header: i for i, c in enumerate(columns())}
    problems = sorted(set(problems), key=lambda p: (p.row, order.get(p.column, 99), p.message))
    warnings = [
        Problem(
            c.first_row,
            KATEGORI,
            f"{len(c.shown)} baris dijumlahkan menjadi "
            f"{c.kategori.jenis}-{c.kategori.kode} {c.kategori.nama}: " + "; ".join(c.shown),
        )
        for c in cells.values()
        if len(c.shown) > 1
    ]
    if problems:
        return ImportResult(0, 0, problems, dry_run, warnings)
    stored = _stored({p for p, _, _ in cells}, kec)
    values = []
    for (periode, desa_id, kat_id), c in cells.items():
        if c.desa is None and c.temuan is None and (periode, desa_id, kat_id) not in stored:
            continue  # nothing known, nothing stored: no row (an exported empty cell)
        catatan = list(c.catatan)
        if len(c.shown) > 1:
            catatan.append("Dijumlahkan dari: " + "; ".join(c.shown))
        satuan, sumber = c.satuan or c.kategori.satuan, "; ".join(c.sumber)
        values.append(
            rekap.Nilai(
                periode, desa_id, kat_id, c.desa, c.temuan, satuan, sumber, "\n".join(catatan)
            )
        )
    existing = sum(1 for v in values if (v.periode, v.desa_id, v.kategori_id) in stored)
    if dry_run:
        return ImportResult(len(values) - existing, existing, [], True, warnings)
    with write():
        impor_lingkup.check_desa_ids((v.desa_id for v in values), kec)
        created, updated = rekap.write_values(values)
        audit.record(
            actor,
            "impor",
            "rekap_pemetaan",
            "",
            f"Impor rekap pemetaan dari "
            f"{table.name}: {created} sel baru, {updated} diperbarui"
            + (f", {len(warnings)} sel hasil penjumlahan nama lama" if warnings else ""),
        )
    return ImportResult(created, updated, [], False, warnings)


def _stored(periods: set[rekap.Periode], kec: int | None = None
            ) -> set[tuple[rekap.Periode, int, int]]:
    out = set()
    for p in periods:
        q = RekapPemetaan.select(RekapPemetaan.desa, RekapPemetaan.kategori).where(p.where())
        if kec is not None:
            q = q.where(RekapPemetaan.desa.in_(lingkup.desa_ids(kec)))
        for r in q:
            out.add((p, r.__data__["desa"], r.__data__["kategori"]))
    return out


def write_template(path: str | os.PathLike[str], actor: Actor | None = None, *,
                   kecamatan_id: int | None = None) -> Path:
    """The ``rekap`` template; the Desa drop-down lists the desa of the actor's kecamatan (a
    user of the whole kabupaten: of ``kecamatan_id``; none without it)."""
    listed, kec = impor_lingkup.kecamatan_templat(actor, kecamatan_id)
    names = tuple(d.nama for d in desa_service.all_desa(kec)) if listed else ()
    kats = tuple(f"{k.kode_lengkap} {k.nama}" for j in rekap.JENIS for k in rekap.kategori_list(j))
    example = ["2026", "1", "", names[0] if names else "", "PPKS-09 Penyandang Disabilitas",
               "12", "15", "jiwa", "Musdes Juni 2026 (contoh)"]
    return _write_template(path, data_sheet=SHEET, title="Templat Impor Rekap PPKS/PSKS per Desa",
                           columns=columns(names, kats), notes=NOTES, example=example)


# -- the export lives in ekspor_rekap, re-exported so ``impor_rekap.export`` keeps working (the
# CLI, the Rekap tab).
from .ekspor_rekap import export as export  # noqa: E402
