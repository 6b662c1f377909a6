"""Import and template of activity records (JENIS ``kegiatan``, CONTRACT.md). No Qt.

One row per activity. Function, form, program and agency partners may be named by their name or
code (any case); the place is one desa, several separated by ``;``, or the kecamatan. The TKSK is
the one whose term of duty covers the date (else the active one). Every row is checked by
:func:`kegiatan_periksa.check`, the month lock and a duplicate test (same date, title and form as
a recorded activity or an earlier row), so importing a file twice does not double the data.
Referrals (form "rujukan") are refused here: they are imported as JENIS ``rujukan`` so that they
get a letter number and a history. All or nothing, in one transaction.

A Dinas database: the activities go to the actor's kecamatan (a user of the whole kabupaten:
the chosen one, :mod:`impor_lingkup`); desa, PSKS partners and TKSK terms are looked up in it.
The export lives in :mod:`.ekspor_kegiatan`; :func:`export` at the end passes the kecamatan.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ..models import (
    BentukKegiatan,
    DataPSKS,
    FungsiKegiatan,
    InstansiRujukan,
    Kegiatan,
    Pemberhentian,
    Penugasan,
    ProgramBantuan,
)
from ..models.base import fk
from . import impor_lingkup, kunci_bulan
from . import kegiatan as svc
from . import lingkup as cakupan  # "lingkup" is a column of the activity here
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
from .impor_psks import closest
from .impor_templat import write_template as _write_template
from .kegiatan_daftar import KegiatanFilter
from .kegiatan_periksa import HAMBATAN, KODE_BENTUK_RUJUKAN, STATUS, KegiatanData, MitraData, check
from .permissions import Aksi, require
from .wilayah_kantor import desa_rows

JENIS, SHEET = "kegiatan", "Kegiatan"
TANGGAL, MULAI, SELESAI = "Tanggal", "Jam Mulai", "Jam Selesai"
FUNGSI, BENTUK, PROGRAM, DESA = "Fungsi", "Bentuk", "Program", "Desa"
JUDUL, URAIAN, HASIL = "Judul", "Uraian", "Hasil"
KAT_HAMBATAN, HAMBATAN_, TINDAK = "Kategori Hambatan", "Hambatan", "Tindak Lanjut"
PESERTA_L, PESERTA_P, MITRA, STATUS_ = "Peserta L", "Peserta P", "Mitra", "Status"
#: kegiatan_periksa.check() field names -> column headers.
FIELD_COLUMN = {
    "tanggal": TANGGAL, "jam_mulai": MULAI, "jam_selesai": SELESAI, "fungsi": FUNGSI,
    "bentuk": BENTUK, "program": PROGRAM, "lingkup": DESA, "desa": DESA, "judul": JUDUL,
    "uraian": URAIAN, "hasil": HASIL, "hambatan_kategori": KAT_HAMBATAN, "hambatan": HAMBATAN_,
    "tindak_lanjut": TINDAK, "peserta_l": PESERTA_L, "peserta_p": PESERTA_P, "mitra": MITRA,
    "status": STATUS_, "penugasan": TANGGAL,
}  # fmt: skip
#: Words that put an activity at the kecamatan level instead of in a desa.
KECAMATAN_WORDS = ("kecamatan", "tingkat kecamatan")
STATUS_PILIHAN = tuple(STATUS.values())
HAMBATAN_PILIHAN = tuple(HAMBATAN.values())
_DATE = "tanggal (tanggal Excel, atau teks HH-BB-TTTT / TTTT-BB-HH)"
_JAM = "jam JJ:MM (24 jam), contoh 08:30; juga 08.30"
_JUMLAH = "bilangan bulat 0 atau lebih"
_TIME = re.compile(r"(\d{1,2})[:.](\d{2})(?:[:.]\d{2})?(?:\s*(?:WIB|WITA|WIT))?", re.IGNORECASE)


def columns(
    fungsi: tuple[str, ...] = (), bentuk: tuple[str, ...] = (), program: tuple[str, ...] = ()
) -> tuple[Column, ...]:
    return (
        Column(TANGGAL, True, _DATE + "; kegiatan final tidak boleh bertanggal di depan",
               "wajib diisi", kind="tanggal", width=13),
        Column(MULAI, False, _JAM, "jam tidak dicatat", width=9),
        Column(SELESAI, False, _JAM + "; tidak sebelum jam mulai", "jam selesai tidak dicatat",
               width=9),
        Column(FUNGSI, True, "Koordinasi (Pasal 6), Fasilitasi (Pasal 7) atau Administrasi "
               "(Pasal 8); nama atau kode", "wajib diisi", fungsi, width=14),
        Column(BENTUK, True, "bentuk kegiatan yang termasuk fungsinya (daftar pilihan), nama "
               "atau kode; bentuk Rujukan diimpor lewat jenis 'rujukan'", "wajib diisi", bentuk,
               width=26),
        Column(PROGRAM, False, "program bantuan (daftar pilihan), nama atau kode",
               "tanpa program", program, width=24),
        Column(DESA, False, "satu desa/kelurahan kecamatan ini (nama, nama lain yang dikenal, "
               "atau kode), beberapa dipisah titik koma (Sigam; Mililian), atau 'Kecamatan' "
               "untuk kegiatan tingkat kecamatan", "tingkat kecamatan", width=24),
        Column(JUDUL, True, "nama kegiatan, paling banyak 200 huruf", "wajib diisi", width=36),
        Column(URAIAN, False, "teks; wajib bila Status Final", "tanpa uraian (hanya draf)",
               width=40),
        Column(HASIL, False, "teks; wajib bila Status Final", "tanpa hasil (hanya draf)",
               width=30),
        Column(KAT_HAMBATAN, False, ", ".join(HAMBATAN_PILIHAN), "Tidak ada", HAMBATAN_PILIHAN,
               width=18),
        Column(HAMBATAN_, False, "teks; wajib bila Kategori Hambatan Lainnya", "tanpa hambatan",
               width=30),
        Column(TINDAK, False, "teks", "tanpa tindak lanjut", width=30),
        Column(PESERTA_L, False, _JUMLAH, "0", width=9),
        Column(PESERTA_P, False, _JUMLAH, "0", width=9),
        Column(MITRA, False, "mitra dipisah titik koma: nama atau kode instansi di daftar "
               "instansi, nama PSKS di registri, atau nama lain (teks bebas)", "tanpa mitra",
               width=30),
        Column(STATUS_, False, "Draf (rencana, boleh sampai 60 hari ke depan) atau Final "
               "(sudah dilaksanakan)", "Draf", STATUS_PILIHAN, width=9),
    )


NOTES = (
    "Satu baris untuk satu kegiatan, mulai baris 2 lembar 'Kegiatan'. Kolom berwarna jingga wajib "
    "diisi.",
    "TKSK pelaksana: TKSK yang masa tugasnya mencakup tanggal kegiatan (bila tidak ada, TKSK yang "
    "aktif).",
    "Kegiatan dengan tanggal, judul dan bentuk yang sama dengan kegiatan yang sudah tercatat "
    "ditolak, sehingga berkas yang sama tidak terimpor dua kali.",
    "Rujukan tidak diimpor di sini: gunakan templat 'rujukan', agar mendapat nomor surat dan "
    "riwayat status.",
    "Bulan yang laporan bulanannya sudah diajukan atau disetujui terkunci; baris bertanggal di "
    "bulan itu ditolak.",
    "Bila ada satu sel yang salah, tidak ada data yang disimpan: setiap masalah disebutkan dengan "
    "nomor baris, kolom dan sebabnya.",
)
_EXAMPLE = (
    "15-01-2026|09:00|11:30|Koordinasi|Menyamakan persepsi|BPNT / Program Sembako|Sigam; Mililian|"
    "Rapat koordinasi penyaluran BPNT (contoh fiktif)|Rapat bersama pendamping dan agen e-warong|"
    "Jadwal penyaluran disepakati|Transportasi|Jalan ke dusun terputus|Pendataan ulang KPM|12|15|"
    "Dinas Sosial Kabupaten/Kota; Agen e-warong Sigam|Final"
)


def write_template(path: str | os.PathLike[str], actor: Actor | None = None, *,
                   kecamatan_id: int | None = None) -> Path:
    """The ``kegiatan`` template. Its lists (functions, forms, programs) are shared by every
    kecamatan; ``actor`` and ``kecamatan_id`` are taken as by the other templates (the chosen
    kecamatan is checked)."""
    impor_lingkup.kecamatan_templat(actor, kecamatan_id)
    fungsi = tuple(f.nama for f in FungsiKegiatan.select().where(FungsiKegiatan.aktif)
                   .order_by(FungsiKegiatan.urutan))
    bentuk = tuple(
        b.nama for b in BentukKegiatan.select().join(FungsiKegiatan)
        .where(BentukKegiatan.aktif & FungsiKegiatan.aktif
               & (BentukKegiatan.kode != KODE_BENTUK_RUJUKAN))
        .order_by(FungsiKegiatan.urutan, BentukKegiatan.urutan))
    program = tuple(p.nama for p in ProgramBantuan.select().where(ProgramBantuan.aktif)
                    .order_by(ProgramBantuan.urutan))
    return _write_template(path, data_sheet=SHEET, title="Templat Impor Kegiatan TKSK",
                           columns=columns(fungsi, bentuk, program), notes=NOTES,
                           example=_EXAMPLE.split("|"))


# -- cell converters ------------------------------------------------------------------------


def time_value(value: Any) -> dt.time | None:
    """An Excel time, or text ``JJ:MM`` / ``JJ.MM`` (``WIB`` allowed)."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.time().replace(second=0, microsecond=0)
    if isinstance(value, dt.time):
        return value.replace(second=0, microsecond=0)
    shown = text(value)
    if isinstance(value, float) and 0 <= value < 1:  # an Excel time: a fraction of a day
        minutes = round(value * 24 * 60)
        return dt.time(minutes // 60 % 24, minutes % 60)
    if (m := _TIME.fullmatch(" ".join(shown.split()))) and int(m[1]) < 24 and int(m[2]) < 60:
        return dt.time(int(m[1]), int(m[2]))
    raise CellError(f"'{shown}' bukan jam. Tulis jam sebagai JJ:MM (24 jam), contoh 08:30.")


def count_value(value: Any) -> int:
    """A number of people (blank: 0); a negative number is left to the service's check."""
    if value is None:
        return 0
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    shown = text(value)
    digits = shown.replace(".", "").lstrip("-")
    if len(digits) > 9 and re.fullmatch(r"-?\d+|\d{1,3}(\.\d{3})+", shown):  # int() stops at 4.300
        cut = shown if len(shown) <= 15 else shown[:12] + "..."
        raise CellError(f"'{cut}' terlalu besar untuk jumlah orang. Tulis jumlah orang, contoh 12.")
    if re.fullmatch(r"-?\d+", shown):
        return int(shown)
    if re.fullmatch(r"\d{1,3}(\.\d{3})+", shown):  # 1.250 (Indonesian thousands)
        return int(shown.replace(".", ""))
    raise CellError(f"'{shown}' bukan bilangan bulat. Tulis jumlah orang, contoh 12 (0 bila "
                    "tidak ada).")


def key_of(value: str) -> str:
    return " ".join(value.split()).casefold()


def split_list(value: Any) -> list[str]:
    """The items of a cell separated by ``;`` (or a new line), blanks dropped."""
    return [" ".join(p.split()) for p in re.split(r"[;\n]", text(value)) if p.strip()]


# -- looking names up -------------------------------------------------------------------------


class RefLookup:
    """A reference list (function, form, program, agency) by code or name, any case."""

    def __init__(self, model: Any, what: str, where: Any = None) -> None:
        q = model.select() if where is None else model.select().where(where)
        self.rows = list(q.order_by(model.urutan, model.id))
        self.what = what
        self.names = {key_of(r.nama): r.nama for r in self.rows if r.aktif}

    def all(self, value: Any) -> list[Any]:
        key = key_of(text(value))
        return [r for r in self.rows if key in (r.kode.casefold(), key_of(r.nama))]

    def find(self, value: Any) -> Any:
        hits = self.all(value)
        if not hits:
            shown = " ".join(text(value).split())
            raise CellError(f"{self.what} '{shown}' tidak dikenal. Pilih dari daftar (nama atau "
                            f"kode).{closest(shown, self.names)}")
        return hits[0]


class TkskTerms:
    """The TKSK assignments of a kecamatan with their terms (start, stop or planned end)."""

    def __init__(self, kecamatan_id: int) -> None:
        stops = {fk(p, "penugasan"): p.tanggal for p in Pemberhentian.select().join(Penugasan)
                 .where(Penugasan.kecamatan == kecamatan_id)}
        self.terms = [
            (int(t.id), t.mulai, stops.get(t.id) or t.selesai)
            for t in Penugasan.select().where(Penugasan.kecamatan == kecamatan_id)
            .order_by(Penugasan.aktif.desc(), Penugasan.mulai.desc())
        ]

    def on(self, day: dt.date | None) -> int | None:
        """The assignment whose term covers ``day`` (the active one first); None when none
        does: the service then takes the active TKSK and reports a date outside its term."""
        if day is None:
            return None
        for pid, mulai, end in self.terms:
            if mulai <= day and (end is None or day <= end):
                return pid
        return None


@dataclass(frozen=True)
class _Plan:
    row: int
    data: KegiatanData


class _Reader:
    def __init__(self, kecamatan_id: int, scoped: bool = False) -> None:
        self.kec = kecamatan_id
        #: A Dinas database: desa and PSKS are looked up in this kecamatan only (None: every
        #: one of the database, a kecamatan database's, as before).
        self.scope = kecamatan_id if scoped else None
        self.fungsi = RefLookup(FungsiKegiatan, "Fungsi")
        self.bentuk = RefLookup(BentukKegiatan, "Bentuk kegiatan")
        self.program = RefLookup(ProgramBantuan, "Program")
        self.instansi = RefLookup(InstansiRujukan, "Instansi")
        self.desa_names = {key_of(n): n for d in desa_rows(kecamatan_id=self.scope)
                           for n in (d.nama, *d.alias)}
        self.tksk = TkskTerms(kecamatan_id)
        self.seen: dict[tuple[dt.date, int, str], int] = {}

    def _bentuk(self, value: Any, fungsi_id: int | None) -> Any:
        hits = self.bentuk.all(value)
        same = [b for b in hits if fk(b, "fungsi") == fungsi_id]
        return (same or hits or [self.bentuk.find(value)])[0]

    def _desa(self, value: Any) -> tuple[str, list[int]]:
        from . import desa as desa_service

        items = split_list(value)
        if not items or (len(items) == 1 and key_of(items[0]) in KECAMATAN_WORDS):
            return "kecamatan", []
        ids: list[int] = []
        for item in items:
            if key_of(item) in KECAMATAN_WORDS:
                raise CellError("Tulis 'Kecamatan' saja untuk kegiatan tingkat kecamatan, atau "
                                "nama desa-desanya saja.")
            hit = desa_service.resolve(item, self.scope)
            if hit is None:
                raise CellError(f"'{item}' bukan desa/kelurahan kecamatan ini."
                                f"{closest(item, self.desa_names)} Tulis nama atau kode desa "
                                "seperti di daftar; beberapa desa dipisah titik koma.")
            ids.append(hit.id)
        ids = list(dict.fromkeys(ids))
        return ("desa" if len(ids) == 1 else "beberapa"), ids

    def _mitra(self, value: Any) -> list[MitraData]:
        out = []
        for item in split_list(value):
            inst = self.instansi.all(item)
            if inst:
                out.append(MitraData(instansi_id=inst[0].id))
                continue
            q = DataPSKS.select(DataPSKS.id).where(DataPSKS.nama == item)
            if self.scope is not None:  # a PSKS of this kecamatan's desa only
                q = q.where(DataPSKS.desa.in_(cakupan.desa_ids(self.scope)))
            psks = list(q.limit(2))
            out.append(MitraData(psks_id=psks[0].id) if len(psks) == 1 else MitraData(nama=item))
        return out

    def check(self, row: Row) -> tuple[_Plan | None, list[Problem], list[Problem]]:
        problems: list[Problem] = []
        n = row.number

        def cell(header: str, convert: Any, default: Any = None) -> Any:
            if row.get(header) is None:
                return default
            try:
                return convert(row.get(header))
            except CellError as exc:
                problems.append(Problem(n, header, str(exc)))
                return default

        tanggal = cell(TANGGAL, date_value)
        fungsi = cell(FUNGSI, self.fungsi.find)
        bentuk = cell(BENTUK, lambda v: self._bentuk(v, fungsi.id if fungsi else None))
        if bentuk is not None and bentuk.kode == KODE_BENTUK_RUJUKAN:
            problems.append(Problem(n, BENTUK, "Rujukan tidak diimpor sebagai kegiatan. Pakai "
                                    "templat 'rujukan' (perintah: kecamatan-app import rujukan "
                                    "BERKAS.xlsx) agar mendapat nomor surat dan riwayat status."))
        program = cell(PROGRAM, self.program.find)
        lingkup, desa_ids = cell(DESA, self._desa, ("kecamatan", []))
        status_label = cell(STATUS_, lambda v: choice(v, STATUS_PILIHAN))
        kat = cell(KAT_HAMBATAN, lambda v: choice(v, HAMBATAN_PILIHAN, _HAMBATAN_SYNONYMS))
        data = KegiatanData(
            tanggal=tanggal, fungsi_id=fungsi.id if fungsi else None,
            bentuk_id=bentuk.id if bentuk else None, judul=text(row.get(JUDUL)),
            penugasan_id=self.tksk.on(tanggal), jam_mulai=cell(MULAI, time_value),
            jam_selesai=cell(SELESAI, time_value), program_id=program.id if program else None,
            lingkup=lingkup, desa_ids=desa_ids, mitra=cell(MITRA, self._mitra, []),
            peserta_l=cell(PESERTA_L, count_value, 0), peserta_p=cell(PESERTA_P, count_value, 0),
            uraian=text(row.get(URAIAN)), hasil=text(row.get(HASIL)),
            hambatan_kategori={v: k for k, v in HAMBATAN.items()}.get(kat or "", ""),
            hambatan=text(row.get(HAMBATAN_)), tindak_lanjut=text(row.get(TINDAK)),
            status={v: k for k, v in STATUS.items()}.get(status_label or "Draf", "draf"),
        )
        try:
            check(data, self.kec, allow_rujukan=True)
        except ValidationError as exc:
            taken = {p.column for p in problems}
            problems += [Problem(n, FIELD_COLUMN.get(p.field, ""), p.message)
                         for p in exc.problems if FIELD_COLUMN.get(p.field, "") not in taken]
        if tanggal is not None and not any(p.column == TANGGAL for p in problems):
            lock = kunci_bulan.status_on(self.kec, tanggal)
            if lock is not None:
                problems.append(Problem(n, TANGGAL, lock.alasan))
        if not problems:
            problems += self._duplicate(n, data)
        if problems:
            return None, problems, []
        return _Plan(n, data), [], []

    def _duplicate(self, n: int, data: KegiatanData) -> list[Problem]:
        assert data.tanggal is not None and data.bentuk_id is not None
        judul = key_of(data.judul)
        key = (data.tanggal, data.bentuk_id, judul)
        if key in self.seen:
            return [Problem(n, JUDUL, f"Kegiatan ini (tanggal, judul dan bentuk sama) sudah ada "
                                      f"di baris {self.seen[key]} berkas ini.")]
        self.seen[key] = n
        same = Kegiatan.select(Kegiatan.judul).where(
            (Kegiatan.kecamatan == self.kec) & (Kegiatan.tanggal == data.tanggal)
            & (Kegiatan.bentuk == data.bentuk_id))
        if any(key_of(k.judul) == judul for k in same):
            return [Problem(n, JUDUL, "Kegiatan dengan tanggal, judul dan bentuk yang sama sudah "
                                      "tercatat (mungkin berkas ini sudah pernah diimpor). Hapus "
                                      "baris ini, atau bedakan judulnya bila memang kegiatan "
                                      "lain.")]
        return []


_HAMBATAN_SYNONYMS = {
    **{code: label for code, label in HAMBATAN.items() if code},
    "Geografis": HAMBATAN["geografi_cuaca"],
    "Cuaca": HAMBATAN["geografi_cuaca"],
    "Geografi / cuaca": HAMBATAN["geografi_cuaca"],
    "Data": HAMBATAN["keterbukaan_data"],
    "-": HAMBATAN[""],
    "Tidak": HAMBATAN[""],
}


def import_file(actor: Actor, path: str | os.PathLike[str], *, dry_run: bool = False,
                progress: Progress | None = None, kecamatan_id: int | None = None
                ) -> ImportResult:
    """Import activities from ``path`` into the actor's kecamatan (a user of the whole
    kabupaten of a Dinas database: into ``kecamatan_id``); with ``dry_run`` only check and
    count."""
    require(actor, Aksi.KEGIATAN_UBAH)
    scoped = impor_lingkup.kecamatan_impor(actor, kecamatan_id)
    kec = scoped if scoped is not None else svc.kecamatan_of(actor)
    writer = impor_lingkup.pelaku(actor, kec)
    table = read_table(path, columns(), sheet=SHEET)
    checked = check_rows(table, columns(), _Reader(kec, scoped is not None).check, progress)
    created = len(checked[2])

    def save(plan: _Plan) -> None:
        svc.create(writer, plan.data)

    return finish_import(actor, checked, created=created, updated=0, dry_run=dry_run, save=save,
                         field_column=FIELD_COLUMN, audit_table="kegiatan",
                         audit_text=f"Impor kegiatan dari {table.name}: {created} baru",
                         progress=progress)


def export(actor: Actor, path: str | os.PathLike[str], with_nik: bool = False,
           progress: Progress | None = None, f: KegiatanFilter | None = None,
           kecamatan_id: int | None = None) -> int:
    """:func:`ekspor_kegiatan.export_kegiatan` (the export lives there) of the actor's
    kecamatan, or for a user of the whole kabupaten of ``kecamatan_id`` (without it: all)."""
    from .ekspor_kegiatan import export_kegiatan

    if kecamatan_id is not None:
        f = replace(f or KegiatanFilter(), kecamatan_id=kecamatan_id)
    return export_kegiatan(actor, path, with_nik, progress, f)
