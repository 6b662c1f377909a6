"""Import, template and export of the PPKS registry by name and address (JENIS ``ppks``).

One row per person and PPKS category. All or nothing: every cell is checked first (NIK, No. KK,
desa, category with the closest known name suggested, dates); a NIK twice in the file is an
error. A NIK already in the registry updates that person and adds the category when it is new
(or moves its status when it differs). No Qt.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..models import DataPPKS, Desa, DesaAlias, Dusun, Kategori, KategoriAlias
from . import desa as desa_service
from . import registri as reg
from . import registri_ppks as ppks
from .context import Actor
from .errors import ValidationError
from .impor import (
    CellError,
    Column,
    ImportResult,
    Problem,
    Progress,
    Row,
    choice,
    date_value,
    read_table,
    text,
)
from .impor_alur import check_rows, finish_import
from .impor_templat import write_template as _write_template
from .nik import check_nik, check_no_kk
from .permissions import Aksi, require
from .registri_cari import STATUS_PPKS

JENIS, SHEET = "ppks", "PPKS"
KK, NIK, NAMA, JK, LAHIR, HUB = (
    "No. KK",
    "NIK",
    "Nama",
    "Jenis Kelamin",
    "Tanggal Lahir",
    "Hubungan",
)
ALAMAT, DESA, DUSUN, RT, RW = "Alamat", "Desa", "Dusun", "RT", "RW"
KAT, STATUS, TGL_VER, CATATAN = "Kategori PPKS", "Status", "Tanggal Verifikasi", "Catatan"
_STATUS_LABELS = {label: code for code, label in STATUS_PPKS.items()}
_DATE = "tanggal (tanggal Excel, atau teks HH-BB-TTTT / TTTT-BB-HH)"
FIELD_COLUMN = {
    "nik": NIK,
    "nama": NAMA,
    "jenis_kelamin": JK,
    "tanggal_lahir": LAHIR,
    "hubungan": HUB,
    "desa": DESA,
    "dusun": DUSUN,
    "rt": RT,
    "rw": RW,
    "no_kk": KK,
    "kepala": NAMA,
    "kategori": KAT,
    "status": STATUS,
}


def columns(desa_names: tuple[str, ...] = (), kategori: tuple[str, ...] = ()) -> tuple[Column, ...]:
    unknown = "belum diketahui"
    return (
        Column(KK, False, "16 angka, ditulis sebagai teks", "tanpa keluarga", width=20),
        Column(
            NIK,
            False,
            "16 angka sesuai KTP-el, ditulis sebagai teks",
            "orang tanpa NIK (dicatat sebagai orang baru)",
            width=20,
        ),
        Column(NAMA, True, "nama lengkap", "wajib diisi", width=26),
        Column(JK, True, "L atau P", "wajib diisi", ("L", "P"), width=10),
        Column(LAHIR, False, _DATE, unknown, kind="tanggal", width=14),
        Column(HUB, False, ", ".join(reg.HUBUNGAN), unknown, reg.HUBUNGAN),
        Column(ALAMAT, False, "alamat tempat tinggal", unknown, width=28),
        Column(
            DESA,
            True,
            "desa/kelurahan kecamatan ini (nama, nama lain, atau kode)",
            "wajib diisi",
            desa_names,
        ),
        Column(DUSUN, False, "dusun yang sudah terdaftar di desa itu", unknown),
        Column(RT, False, "angka, paling banyak 3", unknown, width=6),
        Column(RW, False, "angka, paling banyak 3", unknown, width=6),
        Column(
            KAT,
            True,
            "nama PPKS (26 jenis), nama lama yang dikenal, atau kodenya 01-26",
            "wajib diisi",
            kategori,
            strict=False,
            width=30,
        ),
        Column(
            STATUS,
            False,
            ", ".join(STATUS_PPKS.values()),
            "Teridentifikasi",
            tuple(STATUS_PPKS.values()),
        ),
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


def write_template(path: str | os.PathLike[str]) -> Path:
    desa_names = tuple(d.nama for d in desa_service.all_desa())
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


def _resolve_desa(value: Any) -> int:
    name = text(value)
    hit = desa_service.resolve(name)
    if hit is None:
        options = [d.nama for d in Desa.select(Desa.nama)]
        options += [a.alias for a in DesaAlias.select(DesaAlias.alias)]
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


def _digits(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool) and str(value).endswith("0"):
        raise CellError(
            "Angka 16 digit tersimpan sebagai angka sehingga Excel bisa mengubah "
            "angka terakhirnya menjadi 0. Format kolom sebagai Teks lalu ketik ulang."
        )
    return "".join(text(value).split())


# -- checking rows ----------------------------------------------------------------------------


@dataclass
class _Plan:
    row: int
    no_kk: str
    warga: reg.WargaData
    warga_id: int | None
    kategori_id: int
    status: str
    tanggal_verifikasi: Any
    catatan: str


def _parse(row: Row, seen: dict[str, int]) -> tuple[_Plan | None, list[Problem], list[Problem]]:
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
        res = check_no_kk(no_kk)
        problems += [Problem(n, KK, e) for e in res.errors]
        warnings += [Problem(n, KK, w) for w in res.warnings]
    nik = cell(NIK, _digits) or ""
    if nik and nik in seen:
        problems.append(
            Problem(
                n, NIK, f"NIK ini sudah ada di baris {seen[nik]} berkas ini; satu orang satu NIK."
            )
        )
    elif nik:
        seen[nik] = n
        if not check_nik(nik).valid:
            problems += [Problem(n, NIK, e) for e in check_nik(nik).errors]
    jk = cell(JK, lambda v: choice(v, ("L", "P"), {"Laki-laki": "L", "Perempuan": "P"}))
    desa_id = cell(DESA, _resolve_desa) if row.get(DESA) is not None else None
    dusun_id = None
    if desa_id and text(row.get(DUSUN)):
        hit = Dusun.get_or_none((Dusun.desa == desa_id) & (Dusun.nama == text(row.get(DUSUN))))
        if hit is None:
            warnings.append(
                Problem(
                    n,
                    DUSUN,
                    "Dusun ini belum terdaftar di desa itu; dusun "
                    "dikosongkan (tambahkan di Pengaturan Wilayah).",
                )
            )
        dusun_id = hit.id if hit else None
    data = reg.WargaData(
        nik=nik,
        nama=text(row.get(NAMA)),
        jenis_kelamin=jk or "",
        tanggal_lahir=cell(LAHIR, date_value),
        hubungan=cell(HUB, lambda v: choice(v, reg.HUBUNGAN)) or "",
        alamat=text(row.get(ALAMAT)),
        desa_id=desa_id,
        dusun_id=dusun_id,
        rt=text(row.get(RT)),
        rw=text(row.get(RW)),
    )
    kat = cell(KAT, _resolve_kategori) if row.get(KAT) is not None else None
    status = (
        cell(STATUS, lambda v: choice(v, tuple(_STATUS_LABELS), {c: c for c in STATUS_PPKS}))
        or "Teridentifikasi"
    )
    tgl = cell(TGL_VER, date_value)
    existing = reg.find_by_nik(nik) if nik and not problems else None
    if not problems:
        try:
            _values, found = reg.check_warga(data, existing)
            warnings += [Problem(n, NIK if "NIK" in w else NAMA, w) for w in found]
        except ValidationError as exc:
            problems += [
                Problem(n, FIELD_COLUMN.get(p.field, NAMA), p.message) for p in exc.problems
            ]
    if problems or kat is None or desa_id is None:
        return None, problems, warnings
    return (
        _Plan(
            n,
            no_kk,
            data,
            existing,
            kat,
            _STATUS_LABELS.get(status, status),
            tgl,
            text(row.get(CATATAN)),
        ),
        [],
        warnings,
    )


def import_file(
    actor: Actor,
    path: str | os.PathLike[str],
    *,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportResult:
    """Import PPKS persons from ``path``; with ``dry_run`` only check and count."""
    require(actor, Aksi.REGISTRI_UBAH)
    table = read_table(path, columns(), sheet=SHEET)
    seen: dict[str, int] = {}
    checked = check_rows(table, columns(), lambda row: _parse(row, seen), progress)
    plans = checked[2]
    created = sum(1 for p in plans if p.warga_id is None)
    updated = len(plans) - created
    heads = {
        p.no_kk: p.warga.nama for p in plans if p.no_kk and p.warga.hubungan == "Kepala Keluarga"
    }

    def save(plan: _Plan) -> None:
        data = plan.warga
        if plan.no_kk:
            kk_id = reg.find_keluarga_by_kk(plan.no_kk)
            if kk_id is None:
                kk_id = reg.create_keluarga(
                    actor,
                    reg.KeluargaData(
                        plan.no_kk,
                        heads.get(plan.no_kk, data.nama),
                        data.alamat,
                        data.desa_id,
                        data.dusun_id,
                        data.rt,
                        data.rw,
                    ),
                ).id
            data.keluarga_id = kk_id
        if plan.warga_id is None:
            wid = reg.create_warga(actor, data).id
        else:
            wid = plan.warga_id
            reg.update_warga(actor, wid, data, reg.warga_of(wid)[1])
        current = DataPPKS.get_or_none(
            (DataPPKS.warga == wid) & (DataPPKS.kategori == plan.kategori_id)
        )
        if current is None:
            ppks.add_ppks(
                actor,
                ppks.PPKSData(
                    plan.kategori_id,
                    wid,
                    status=plan.status,
                    tanggal_verifikasi=plan.tanggal_verifikasi,
                    catatan=plan.catatan,
                ),
            )
        elif current.status != plan.status:
            ppks.change_status(
                actor, current.id, plan.status, current.versi, catatan="Impor " + table.name
            )

    return finish_import(
        actor,
        checked,
        created=created,
        updated=updated,
        dry_run=dry_run,
        save=save,
        field_column=FIELD_COLUMN,
        audit_table="warga",
        audit_text=f"Impor PPKS dari {table.name}: {created} baru, {updated} diperbarui",
        progress=progress,
    )


# the export lives beside the import; re-exported here for the CLI's JENIS table
from .ekspor_ppks import export as export  # noqa: E402
