"""Import, template and export of TKSK candidates (JENIS ``pendaftar``, CONTRACT.md).

One row per person. A NIK already registered in the same recruitment period updates that
candidate; otherwise a new one is created. Each row is checked by ``pendaftar.check`` (the rules
of the form), all rows first; any problem and nothing is saved.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ..models import Pendaftar
from ..models.base import now
from . import audit, formatting, impor_lingkup, kantor, lingkup
from . import desa as desa_service
from . import eligibility as el
from . import pendaftar as svc
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
    date_value,
    read_table,
    text,
    yes_no,
)
from .impor_alur import check_rows, finish_import, write_export
from .impor_templat import write_template as _write_template
from .nik import mask_nik
from .permissions import Aksi, require

JENIS = "pendaftar"
SHEET = "Pendaftar"
NIK, NAMA, JK, TEMPAT = "NIK", "Nama", "Jenis Kelamin", "Tempat Lahir"
LAHIR, WN, ALAMAT, DESA = "Tanggal Lahir", "Kewarganegaraan", "Alamat", "Desa Domisili"
KTP, PENDIDIKAN, STATUS = "Kecamatan KTP", "Pendidikan Terakhir", "Status Kepegawaian"
PILAR, KOMPUTER, SEHAT = "Pilar Sosial", "Dapat Menggunakan Komputer", "Surat Keterangan Sehat"
SKCK, DAFTAR, HP, PERIODE = "SKCK", "Tanggal Pendaftaran", "No. HP", "Periode Rekrutmen"
HASIL = "Hasil Pemeriksaan"

_UNKNOWN = "belum diketahui"
_JK_SYNONYMS = {"Laki-laki": "L", "Laki laki": "L", "Perempuan": "P"}
#: Column lengths of the table (PostgreSQL refuses longer text).
_MAX_LEN = {NAMA: 150, TEMPAT: 100, DESA: 200, KTP: 100, HP: 20, PERIODE: 20}
#: The PendaftarData field of each column, in column order.
_FIELD_NAMES = (
    "nik nama jenis_kelamin tempat_lahir tanggal_lahir kewarganegaraan alamat desa_domisili "
    "kecamatan_ktp pendidikan status_kepegawaian pilar_sosial dapat_komputer surat_sehat skck "
    "tanggal_daftar telepon periode_rekrutmen"
)
_DATE = "tanggal (tanggal Excel, atau teks HH-BB-TTTT / TTTT-BB-HH)"
_DATE_DAFTAR = _DATE + "; usia dihitung pada tanggal ini"
_DESA = (
    "desa/kelurahan kecamatan ini (nama, nama lain yang dikenal, atau kode), atau tempat lain "
    "di luar kecamatan sebagai teks"
)
_PERIODE = (
    "teks pendek, contoh 2026 (paling banyak 20 karakter); NIK yang sama pada periode lain "
    "dicatat sebagai pendaftaran baru"
)


def columns(desa_names: tuple[str, ...] = ()) -> tuple[Column, ...]:
    """The template's columns in order; ``desa_names`` fill the Desa Domisili drop-down."""
    sehat, skck = "belum ada surat keterangan sehat", "belum ada SKCK"
    return (
        Column(NIK, True, "16 angka sesuai KTP-el, ditulis sebagai teks", "wajib diisi", width=20),
        Column(NAMA, True, "nama lengkap sesuai KTP-el", "wajib diisi", width=28),
        Column(JK, True, "L atau P", "wajib diisi", ("L", "P"), width=10),
        Column(TEMPAT, False, "teks", _UNKNOWN),
        Column(LAHIR, True, _DATE, "wajib diisi", kind="tanggal", width=14),
        Column(WN, False, "WNI atau WNA", _UNKNOWN, svc.KEWARGANEGARAAN, width=12),
        Column(ALAMAT, False, "alamat sesuai KTP-el atau tempat tinggal", _UNKNOWN, width=30),
        Column(DESA, False, _DESA, _UNKNOWN, desa_names, strict=False, width=22),
        Column(KTP, False, "nama atau kode kecamatan alamat KTP-el", _UNKNOWN, width=16),
        Column(PENDIDIKAN, False, ", ".join(el.PENDIDIKAN), _UNKNOWN, el.PENDIDIKAN),
        Column(STATUS, False, ", ".join(el.STATUS_KEPEGAWAIAN), _UNKNOWN, el.STATUS_KEPEGAWAIAN),
        Column(PILAR, False, ", ".join(el.PILAR_SOSIAL), _UNKNOWN, el.PILAR_SOSIAL, width=22),
        Column(KOMPUTER, False, "Ya atau Tidak", _UNKNOWN, ("Ya", "Tidak")),
        Column(SEHAT, False, "Ada (menyatakan sehat) atau Tidak Sehat", sehat, el.SURAT_SEHAT),
        Column(SKCK, False, "Ada (tanpa catatan tindak pidana) atau Ada Catatan", skck, el.SKCK),
        Column(DAFTAR, True, _DATE_DAFTAR, "wajib diisi", kind="tanggal", width=14),
        Column(HP, False, "angka, boleh diawali +62", _UNKNOWN, width=16),
        Column(PERIODE, False, _PERIODE, "tanpa periode", optional_header=True, width=14),
    )


#: pendaftar.check() field names -> column headers.
FIELD_COLUMN = dict(zip(_FIELD_NAMES.split(), (c.header for c in columns()), strict=True))
FIELD_COLUMN["domisili_lain"] = DESA  # a place outside the kecamatan, typed in Desa Domisili

NOTES = (
    "Satu baris untuk satu orang, mulai baris 2 lembar 'Pendaftar'. Jangan mengubah judul "
    "kolom; urutan kolom boleh berbeda dan kolom lain diabaikan.",
    "Judul berwarna jingga wajib diisi. Kolom lain boleh dikosongkan bila belum diketahui; "
    "syarat Pasal 9 yang datanya kosong dinilai 'belum ada bukti', bukan gagal.",
    "NIK yang sudah terdaftar pada periode yang sama memperbarui data pendaftar itu.",
    "Bila ada satu sel yang salah, tidak ada data yang disimpan: setiap masalah disebutkan "
    "dengan nomor baris, kolom dan sebabnya. Periksa dahulu tanpa menyimpan: "
    "tombol Impor Excel di aplikasi, atau --dry-run di baris perintah.",
    "Jumlah baris per berkas dibatasi di Pengaturan > Keamanan (bawaan 200.000). Jangan "
    "memakai rumus: tempel sebagai nilai.",
)
_EXAMPLE = (
    "1603061203990001|Contoh Nama (fiktif)|L|Muara Enim|12-03-1999|WNI|Jl. Contoh No. 1|Mililian|"
    "Gelumbang|SMA|Bukan ASN/TNI/Polri/Legislatif|Karang Taruna|Ya|Ada|Ada|05-01-2026|"
    "081234567890|2026"
)


def write_template(path: str | os.PathLike[str], actor: Actor | None = None, *,
                   kecamatan_id: int | None = None) -> Path:
    """The ``pendaftar`` template, with the desa of the actor's kecamatan (a user of the whole
    kabupaten: of ``kecamatan_id``; none without it) in the Desa Domisili drop-down."""
    listed, kec = impor_lingkup.kecamatan_templat(actor, kecamatan_id)
    names = tuple(d.nama for d in desa_service.all_desa(kec)) if listed else ()
    return _write_template(
        path,
        data_sheet=SHEET,
        title="Templat Impor Pendaftar TKSK",
        columns=columns(names),
        notes=NOTES,
        example=_EXAMPLE.split("|"),
    )


# -- reading rows -------------------------------------------------------------------------------


def _nik(value: Any) -> str:
    """A NIK cell as text. A number is accepted only when Excel cannot have rounded it."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        digits = str(value)
        if len(digits) >= 16 and digits.endswith("0"):
            raise CellError(
                "NIK tersimpan sebagai angka, dan Excel hanya menyimpan 15 angka "
                "pertama sehingga angka terakhir bisa berubah menjadi 0. Format "
                "kolom NIK sebagai Teks, ketik ulang NIK-nya, lalu ulangi."
            )
        return digits
    return text(value)


def _telepon(value: Any) -> str:
    shown = text(value)
    if isinstance(value, (int, float)) and shown.startswith("8"):
        shown = "0" + shown  # Excel drops the leading 0 of 08xx typed as a number
    return shown


def _parse(row: Row, kec: int | None = None
           ) -> tuple[svc.PendaftarData, list[Problem], list[Problem]]:
    """The row as form data for kecamatan ``kec`` (None: a kecamatan database's office), the
    problems of its cells and non-blocking warnings."""
    problems: list[Problem] = []
    warnings: list[Problem] = []
    data = svc.PendaftarData(kecamatan_id=kec)

    def cell(header: str, convert: Any) -> Any:
        try:
            return convert(row.get(header))
        except CellError as exc:
            problems.append(Problem(row.number, header, str(exc)))
            return None

    data.nik = cell(NIK, _nik) or ""
    data.nama = text(row.get(NAMA))
    data.jenis_kelamin = cell(JK, lambda v: choice(v, ("L", "P"), _JK_SYNONYMS)) or ""
    data.tempat_lahir = text(row.get(TEMPAT))
    data.tanggal_lahir = cell(LAHIR, date_value)
    data.kewarganegaraan = cell(WN, lambda v: choice(v, svc.KEWARGANEGARAAN))
    data.alamat = text(row.get(ALAMAT))
    tempat = text(row.get(DESA))
    if tempat:
        hit = desa_service.resolve(tempat, kec)
        if hit is not None:
            data.desa_domisili_id = hit.id
        else:
            data.domisili_lain = tempat
            warnings.append(
                Problem(
                    row.number,
                    DESA,
                    f"'{tempat}' bukan desa/kelurahan "
                    "kecamatan ini; dicatat sebagai tempat tinggal di luar "
                    "kecamatan.",
                )
            )
    data.kecamatan_ktp = text(row.get(KTP)) or None
    data.pendidikan = cell(PENDIDIKAN, lambda v: choice(v, el.PENDIDIKAN))
    data.status_kepegawaian = cell(STATUS, lambda v: choice(v, el.STATUS_KEPEGAWAIAN))
    data.pilar_sosial = cell(PILAR, lambda v: choice(v, el.PILAR_SOSIAL))
    data.dapat_komputer = cell(KOMPUTER, yes_no)
    data.surat_sehat = cell(SEHAT, lambda v: choice(v, el.SURAT_SEHAT))
    data.skck = cell(SKCK, lambda v: choice(v, el.SKCK))
    data.tanggal_daftar = cell(DAFTAR, date_value)
    data.telepon = _telepon(row.get(HP))
    data.periode_rekrutmen = text(row.get(PERIODE))
    for header, limit in _MAX_LEN.items():
        if len(text(row.get(header))) > limit:
            problems.append(Problem(row.number, header, f"Paling banyak {limit} karakter."))
    return data, problems, warnings


@dataclass(frozen=True)
class _Plan:
    row: int
    data: svc.PendaftarData
    pendaftar_id: int | None  # None: a new candidate


def _check_row(
    row: Row, seen: dict[tuple[str, str], int], kec: int | None = None
) -> tuple[_Plan | None, list[Problem], list[Problem]]:
    data, problems, warnings = _parse(row, kec)
    existing = None
    key = ("".join(data.nik.split()), data.periode_rekrutmen.strip())
    if key[0] and key in seen:
        problems.append(
            Problem(
                row.number,
                NIK,
                f"NIK ini sudah ada di baris {seen[key]} "
                "berkas ini (periode yang sama). Satu orang cukup satu baris.",
            )
        )
    elif key[0]:
        seen[key] = row.number
        existing = svc.find_by_nik(*key, kec)
    if existing is not None:  # keep what the template has no column for
        old, _ = svc.data_of(existing)
        data = replace(data, rt=old.rt, rw=old.rw, catatan=old.catatan)
    try:
        checked = svc.check(data)
    except ValidationError as exc:
        taken = {p.column for p in problems}
        for p in exc.problems:
            column = FIELD_COLUMN.get(p.field, p.field)
            if column not in taken:
                problems.append(Problem(row.number, column, p.message))
    else:
        warnings += [Problem(row.number, NIK, w) for w in checked.warnings]
    if problems:
        return None, problems, warnings
    return _Plan(row.number, data, existing), [], warnings


def import_file(
    actor: Actor,
    path: str | os.PathLike[str],
    *,
    dry_run: bool = False,
    progress: Progress | None = None,
    kecamatan_id: int | None = None,
) -> ImportResult:
    """Import candidates from ``path`` into the actor's kecamatan (a user of the whole
    kabupaten of a Dinas database: into ``kecamatan_id``); with ``dry_run`` only check and
    count. A NIK already registered in the same period of that kecamatan updates it."""
    require(actor, Aksi.PENDAFTAR_UBAH)
    kec = impor_lingkup.kecamatan_impor(actor, kecamatan_id)
    table = read_table(path, columns(), sheet=SHEET)
    seen: dict[tuple[str, str], int] = {}
    checked = check_rows(table, columns(), lambda row: _check_row(row, seen, kec), progress)
    plans = checked[2]
    created = sum(1 for p in plans if p.pendaftar_id is None)
    updated = len(plans) - created

    def save(plan: _Plan) -> None:
        if plan.pendaftar_id is None:
            svc.create(actor, plan.data)
        else:
            _, versi = svc.data_of(plan.pendaftar_id)
            svc.update(actor, plan.pendaftar_id, plan.data, versi)

    return finish_import(
        actor,
        checked,
        created=created,
        updated=updated,
        dry_run=dry_run,
        save=save,
        field_column=FIELD_COLUMN,
        audit_table="pendaftar",
        audit_text=f"Impor pendaftar dari {table.name}: {created} baru, {updated} diperbarui",
        progress=progress,
    )


# -- export -------------------------------------------------------------------------------------


def _row(p: Pendaftar, with_nik: bool, desa_names: dict[int, str]) -> list[object]:
    desa_id = p.__data__.get("desa_domisili")
    komputer = "" if p.dapat_komputer is None else ("Ya" if p.dapat_komputer else "Tidak")
    return [
        p.nik if with_nik else mask_nik(p.nik),
        p.nama,
        p.jenis_kelamin,
        p.tempat_lahir,
        p.tanggal_lahir,
        p.kewarganegaraan or "",
        p.alamat,
        desa_names.get(desa_id, "") if desa_id else (p.domisili_lain or ""),
        p.kecamatan_ktp_nama or p.kecamatan_ktp_kode or "",
        p.pendidikan or "",
        p.status_kepegawaian or "",
        p.pilar_sosial or "",
        komputer,
        p.surat_sehat or "",
        p.skck or "",
        p.tanggal_daftar,
        p.telepon,
        p.periode_rekrutmen,
        svc.kelayakan(p.id).hasil_label,
    ]


def export(
    actor: Actor,
    path: str | os.PathLike[str],
    with_nik: bool = False,
    progress: Progress | None = None,
    kecamatan_id: int | None = None,
) -> int:
    """Every candidate of the actor's kecamatan (a user of the whole kabupaten: of
    ``kecamatan_id``, or all) with the template's columns and the Pasal 9 result; returns the
    count. The NIK is masked unless ``with_nik`` (which needs the right to change candidates).
    """
    require(actor, Aksi.PENDAFTAR_UBAH if with_nik else Aksi.PENDAFTAR_LIHAT)
    dest = Path(path)
    scope = lingkup.batas(actor, kecamatan_id)
    desa_names = {d.id: d.nama for d in desa_service.all_desa(scope)}
    candidates = list(lingkup.limit(Pendaftar.select(),
                                    lingkup.where_kecamatan(Pendaftar.kecamatan, actor,
                                                            kecamatan_id))
                      .order_by(Pendaftar.nama, Pendaftar.id))
    judul = kantor.judul_lingkup(actor, kecamatan_id)
    lines = [judul] if judul else []
    lines += [
        PERSONAL_DATA_NOTE,
        "NIK ditampilkan lengkap." if with_nik else "NIK disamarkan.",
        f"Diekspor oleh {actor.audit_name} pada {formatting.waktu(now())}",
    ]
    headers = [c.header for c in columns()] + [HASIL]
    write_export(
        dest,
        "Daftar Pendaftar TKSK",
        headers,
        (_row(p, with_nik, desa_names) for p in candidates),
        subtitle_lines=lines,
        progress=progress,
        total=len(candidates),
        sheet_name=SHEET,
    )
    shown = "NIK lengkap" if with_nik else "NIK disamarkan"
    audit.record(
        actor,
        "ekspor",
        "pendaftar",
        "",
        f"Ekspor pendaftar TKSK: {len(candidates)} baris ke {dest.name} ({shown})",
    )
    return len(candidates)
