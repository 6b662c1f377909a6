"""Import and template of referrals (JENIS ``rujukan``, CONTRACT.md). No Qt.

One row per referral of a registry person (by NIK) or household (by No. KK) to an agency of the
list. Each row becomes a referral through :func:`rujukan.create` (so it gets its letter number
and its activity of form "rujukan"); the rows are saved in date order, so the letter numbers of
a year follow the dates of the file, after the numbers already given that year.

A status beyond Diajukan is reached through :func:`rujukan.ubah_status`, so its rules hold and
every step is in the history: Diterima and Ditolak on the status date; Selesai records Diterima
first (on "Tanggal Diterima", blank: the status date) and then Selesai; Dibatalkan records
Diterima first only when "Tanggal Diterima" is filled. All or nothing, in one transaction.

A Dinas database: the referrals go to the actor's kecamatan (a user of the whole kabupaten: the
chosen one, :mod:`impor_lingkup`), and a client of another kecamatan is refused per cell. The
export lives in :mod:`.ekspor_kegiatan`; :func:`export` at the end passes the kecamatan.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..models import InstansiRujukan, Keluarga, Rujukan, Warga
from ..models.base import fk
from . import impor_lingkup, kunci_bulan
from . import kegiatan as kegiatan_svc
from . import rujukan as svc
from .context import Actor
from .errors import FieldProblem, ValidationError
from .formatting import tanggal as tgl
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
from .impor_kegiatan import RefLookup, TkskTerms, key_of
from .impor_templat import write_template as _write_template
from .kegiatan_periksa import check, check_date
from .permissions import Aksi, require
from .rujukan_daftar import RujukanFilter

JENIS, SHEET = "rujukan", "Rujukan"
TANGGAL, NIK, KK, KEBUTUHAN = "Tanggal", "NIK Klien", "No. KK Klien", "Kebutuhan"
INSTANSI, PERSETUJUAN, ALASAN_TP = "Instansi", "Persetujuan", "Alasan Tanpa Persetujuan"
JATUH_TEMPO, STATUS, TGL_TERIMA = "Jatuh Tempo", "Status", "Tanggal Diterima"
TGL_STATUS, HASIL, KETERANGAN, BALASAN = (
    "Tanggal Status", "Hasil", "Keterangan Status", "Balasan Instansi")
STATUS_PILIHAN = tuple(svc.STATUS.values())
HASIL_PILIHAN = tuple(svc.HASIL.values())
PERSETUJUAN_PILIHAN = ("Ada", "Dikecualikan")
_PERSETUJUAN_SYNONYMS = {"Ya": "Ada", "Setuju": "Ada", "Disetujui": "Ada"}
#: rujukan._check() / ubah_status() field names -> column headers (ubah_status's fields are
#: renamed by the import: its "tanggal" is the status date).
FIELD_COLUMN = {
    "tanggal": TANGGAL, "klien": NIK, "instansi": INSTANSI, "kebutuhan": KEBUTUHAN,
    "persetujuan": PERSETUJUAN, "alasan_tanpa_persetujuan": ALASAN_TP,
    "jatuh_tempo": JATUH_TEMPO, "penugasan": TANGGAL, "status": STATUS,
    "tanggal_status": TGL_STATUS, "alasan": KETERANGAN, "hasil": HASIL,
}  # fmt: skip
_DATE = "tanggal (tanggal Excel, atau teks HH-BB-TTTT / TTTT-BB-HH)"
_CLOSED = ("ditolak", "selesai", "dibatalkan")
_REASON = {
    "ditolak": "alasan penolakan dari instansi",
    "selesai": "keterangan hasil (apa yang diterima klien, atau mengapa tidak berhasil)",
    "dibatalkan": "alasan pembatalan",
}


def columns(instansi: tuple[str, ...] = ()) -> tuple[Column, ...]:
    return (
        Column(TANGGAL, True, _DATE + "; tidak boleh di depan hari ini", "wajib diisi",
               kind="tanggal", width=13),
        Column(NIK, False, "NIK (16 angka, ditulis sebagai teks) orang yang sudah ada di "
               "registri PPKS", "klien keluarga: isi No. KK Klien", width=20),
        Column(KK, False, "No. KK (16 angka, ditulis sebagai teks) keluarga yang sudah ada di "
               "registri; isi NIK Klien atau No. KK Klien, tidak keduanya", "klien perorangan: "
               "isi NIK Klien", width=20),
        Column(KEBUTUHAN, True, "kebutuhan klien yang dirujuk", "wajib diisi", width=34),
        Column(INSTANSI, True, "instansi tujuan di daftar instansi (nama atau kode)",
               "wajib diisi", instansi, width=30),
        Column(PERSETUJUAN, True, "Ada (klien atau walinya menyetujui; juga Ya) atau "
               "Dikecualikan (tanpa persetujuan, dengan alasan)", "wajib diisi",
               PERSETUJUAN_PILIHAN, width=13),
        Column(ALASAN_TP, False, "teks; wajib bila Persetujuan Dikecualikan", "tidak ada",
               width=28),
        Column(JATUH_TEMPO, False, _DATE + "; tenggat jawaban instansi, tidak sebelum Tanggal",
               "Tanggal + tenggat bawaan di Pengaturan (14 hari)", kind="tanggal", width=13),
        Column(STATUS, False, ", ".join(STATUS_PILIHAN) + ". Selesai dicatat dua langkah: "
               "Diterima lalu Selesai", "Diajukan", STATUS_PILIHAN, width=12),
        Column(TGL_TERIMA, False, _DATE + "; hanya untuk Status Selesai atau Dibatalkan: "
               "tanggal instansi menerima rujukan", "Selesai: sama dengan Tanggal Status; "
               "Dibatalkan: dibatalkan sebelum diterima", kind="tanggal", width=13),
        Column(TGL_STATUS, False, _DATE + "; tanggal status terakhir, tidak sebelum Tanggal",
               "wajib bila Status bukan Diajukan", kind="tanggal", width=13),
        Column(HASIL, False, "Berhasil atau Tidak berhasil; hanya untuk Status Selesai",
               "wajib bila Status Selesai", HASIL_PILIHAN, width=14),
        Column(KETERANGAN, False, "alasan penolakan/pembatalan, atau keterangan hasil",
               "wajib bila Status Ditolak, Selesai atau Dibatalkan", width=30),
        Column(BALASAN, False, "isi balasan instansi; hanya bila Status bukan Diajukan",
               "belum ada balasan", width=30),
    )


NOTES = (
    "Satu baris untuk satu rujukan, mulai baris 2 lembar 'Rujukan'. Kolom berwarna jingga wajib "
    "diisi.",
    "Klien harus sudah ada di registri PPKS: isi NIK Klien (perorangan) atau No. KK Klien "
    "(keluarga). Tambahkan orangnya dahulu lewat Registri atau impor 'ppks'.",
    "Nomor surat rujukan diberikan otomatis per tahun, berurutan menurut tanggal di berkas ini, "
    "melanjutkan nomor yang sudah ada.",
    "Status: Diterima dan Ditolak dicatat pada Tanggal Status. Selesai dicatat dua langkah: "
    "Diterima (pada Tanggal Diterima; bila kosong, pada Tanggal Status) lalu Selesai. Dibatalkan "
    "dicatat sesudah Diterima hanya bila Tanggal Diterima diisi.",
    "Rujukan yang sama (tanggal, klien, instansi dan kebutuhan) dengan yang sudah tercatat "
    "ditolak, sehingga berkas yang sama tidak terimpor dua kali.",
    "Bulan yang laporan bulanannya sudah diajukan atau disetujui terkunci. Bila ada satu sel "
    "yang salah, tidak ada data yang disimpan: setiap masalah disebutkan per baris dan kolom.",
)
_EXAMPLE = (
    "05-01-2026|1603061203990001||Pemeriksaan kesehatan lansia (contoh fiktif)|Puskesmas|Ada||"
    "19-01-2026|Selesai|07-01-2026|20-01-2026|Berhasil|Klien sudah diperiksa dan mendapat obat|"
    "Surat balasan Puskesmas No. 12/PKM/I/2026"
)


def write_template(path: str | os.PathLike[str], actor: Actor | None = None, *,
                   kecamatan_id: int | None = None) -> Path:
    """The ``rujukan`` template. Its list of agencies is shared by every kecamatan; ``actor``
    and ``kecamatan_id`` are taken as by the other templates (the chosen kecamatan is
    checked)."""
    impor_lingkup.kecamatan_templat(actor, kecamatan_id)
    instansi = tuple(i.nama for i in InstansiRujukan.select().where(InstansiRujukan.aktif)
                     .order_by(InstansiRujukan.urutan))
    return _write_template(path, data_sheet=SHEET, title="Templat Impor Rujukan TKSK",
                           columns=columns(instansi), notes=NOTES, example=_EXAMPLE.split("|"))


def _number(value: Any, what: str) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool) and len(str(value)) >= 15:
        raise CellError(f"{what} tersimpan sebagai angka sehingga Excel bisa mengubah angka "
                        "terakhirnya menjadi 0. Format kolom sebagai Teks lalu ketik ulang.")
    return "".join(text(value).split())


@dataclass(frozen=True)
class _Step:
    ke: str
    tanggal: dt.date
    alasan: str = ""
    hasil: str = ""
    balasan: str = ""


@dataclass
class _Plan:
    row: int
    data: svc.RujukanData
    steps: list[_Step] = field(default_factory=list)


class _Reader:
    def __init__(self, kecamatan_id: int, scoped: bool = False) -> None:
        self.kec = kecamatan_id
        #: A Dinas database: the client must be a person or household of this kecamatan.
        self.scope = kecamatan_id if scoped else None
        self.instansi = RefLookup(InstansiRujukan, "Instansi")
        self.tksk = TkskTerms(kecamatan_id)
        self.seen: dict[tuple[Any, ...], int] = {}

    def _instansi(self, value: Any) -> int:
        hit = self.instansi.find(value)
        if not hit.aktif:
            raise CellError(f"Instansi '{hit.nama}' sudah tidak aktif di daftar instansi. Pilih "
                            "instansi lain, atau aktifkan lagi di Pengaturan.")
        return int(hit.id)

    def _warga(self, value: Any) -> int:
        nik = _number(value, "NIK")
        w = Warga.get_or_none(Warga.nik == nik)
        if w is None:
            raise CellError("NIK ini tidak ada di registri PPKS. Tambahkan orangnya dahulu "
                            "(Registri, atau impor 'ppks'), atau periksa angkanya.")
        where = impor_lingkup.luar(fk(w, "desa"), self.scope)
        if where is not None:  # another kecamatan's person: neither name nor id
            raise CellError(f"NIK ini tercatat di {where}, bukan di kecamatan ini. Rujukan "
                            "hanya untuk warga kecamatan ini; hubungi Dinas Sosial bila orang "
                            "itu pindah.")
        return int(w.id)

    def _keluarga(self, value: Any) -> int:
        k = Keluarga.get_or_none(Keluarga.no_kk == _number(value, "No. KK"))
        if k is None:
            raise CellError("No. KK ini tidak ada di registri PPKS. Tambahkan keluarganya "
                            "dahulu (Registri, atau impor 'ppks'), atau periksa angkanya.")
        where = impor_lingkup.luar(fk(k, "desa"), self.scope)
        if where is not None:  # another kecamatan's household: no name
            raise CellError(f"No. KK ini tercatat di {where}, bukan di kecamatan ini. Rujukan "
                            "hanya untuk keluarga kecamatan ini; hubungi Dinas Sosial bila "
                            "keluarga itu pindah.")
        return int(k.id)

    def check(self, row: Row) -> tuple[_Plan | None, list[Problem], list[Problem]]:
        problems: list[Problem] = []
        n = row.number

        def cell(header: str, convert: Any) -> Any:
            if row.get(header) is None:
                return None
            try:
                return convert(row.get(header))
            except CellError as exc:
                problems.append(Problem(n, header, str(exc)))
                return None

        def add(header: str, message: str) -> None:
            if header not in {p.column for p in problems}:
                problems.append(Problem(n, header, message))

        tanggal = cell(TANGGAL, date_value)
        if row.get(NIK) is not None and row.get(KK) is not None:
            add(KK, "Isi NIK Klien (perorangan) atau No. KK Klien (keluarga), tidak keduanya.")
        elif row.get(NIK) is None and row.get(KK) is None:
            add(NIK, "Isi NIK Klien (orang di registri) atau No. KK Klien (keluarga di "
                     "registri).")
        client = KK if row.get(NIK) is None and row.get(KK) is not None else NIK
        warga = cell(NIK, self._warga) if client == NIK else None
        keluarga = cell(KK, self._keluarga) if client == KK else None
        persetujuan = cell(PERSETUJUAN,
                           lambda v: choice(v, PERSETUJUAN_PILIHAN, _PERSETUJUAN_SYNONYMS))
        data = svc.RujukanData(
            tanggal=tanggal, instansi_id=cell(INSTANSI, self._instansi),
            kebutuhan=text(row.get(KEBUTUHAN)), warga_id=warga, keluarga_id=keluarga,
            persetujuan=(persetujuan or "").casefold(),
            alasan_tanpa_persetujuan=text(row.get(ALASAN_TP)),
            jatuh_tempo=cell(JATUH_TEMPO, date_value), penugasan_id=self.tksk.on(tanggal))
        if row.get(PERSETUJUAN) is None:
            add(PERSETUJUAN, "Catat persetujuan klien: Ada, atau Dikecualikan dengan alasannya.")
        found: list[FieldProblem] = []
        try:
            nama, desa_id, inst, _due = svc._check(data, new=True)
            assert inst is not None
            check(svc._activity(data, nama, desa_id, inst), self.kec, allow_rujukan=True)
        except ValidationError as exc:
            found = exc.problems
        for p in found:
            column = client if p.field == "klien" else FIELD_COLUMN.get(p.field, "")
            add(column, p.message)
        if tanggal is not None and TANGGAL not in {p.column for p in problems}:
            self._lock(tanggal, TANGGAL, add)
        steps = self._steps(row, tanggal, add, cell)
        if not problems:
            self._duplicate(n, data, add)
        if problems:
            return None, problems, []
        return _Plan(n, data, steps), [], []

    def _lock(self, day: dt.date, header: str, add: Any) -> None:
        lock = kunci_bulan.status_on(self.kec, day)
        if lock is not None:
            add(header, lock.alasan)

    def _steps(self, row: Row, tanggal: dt.date | None, add: Any, cell: Any) -> list[_Step]:
        """The transitions that bring a new referral to the row's status, checked."""
        ke = {v: k for k, v in svc.STATUS.items()}.get(
            cell(STATUS, lambda v: choice(v, STATUS_PILIHAN)) or "Diajukan", "diajukan")
        terima, status_on = cell(TGL_TERIMA, date_value), cell(TGL_STATUS, date_value)
        hasil = {v: k for k, v in svc.HASIL.items()}.get(
            cell(HASIL, lambda v: choice(v, HASIL_PILIHAN)) or "", "")
        alasan, balasan = text(row.get(KETERANGAN)), text(row.get(BALASAN))
        if ke == "diajukan":
            for header in (TGL_TERIMA, TGL_STATUS, HASIL, KETERANGAN, BALASAN):
                if row.get(header) is not None:
                    add(header, f"Kosongkan kolom ini untuk rujukan berstatus Diajukan, atau "
                                f"ubah Status sesuai perkembangan (kolom {header}).")
            return []
        if status_on is None and row.get(TGL_STATUS) is None:
            add(TGL_STATUS, f"Isi tanggal rujukan menjadi {svc.STATUS[ke]}.")
        if ke in ("diterima", "ditolak") and row.get(TGL_TERIMA) is not None:
            add(TGL_TERIMA, f"Kosongkan; untuk Status {svc.STATUS[ke]} tanggalnya ditulis di "
                            "kolom Tanggal Status.")
        if ke != "selesai" and row.get(HASIL) is not None:
            add(HASIL, "Hasil hanya diisi bila Status Selesai.")
        if ke == "selesai" and row.get(HASIL) is None:
            add(HASIL, "Pilih hasil rujukan: Berhasil atau Tidak berhasil.")
        if ke in _CLOSED and not alasan:
            add(KETERANGAN, f"Rujukan {svc.STATUS[ke]} harus disertai {_REASON[ke]}.")
        if status_on is None:
            return []
        planned: list[tuple[_Step, str]] = []
        if ke == "selesai" or (ke == "dibatalkan" and terima is not None):
            planned.append((_Step("diterima", terima or status_on),
                            TGL_TERIMA if terima is not None else TGL_STATUS))
        planned.append((_Step(ke, status_on, alasan, hasil, balasan), TGL_STATUS))
        floor, floor_name = tanggal, TANGGAL
        for step, header in planned:
            found: list[FieldProblem] = []
            check_date(step.tanggal, True, found, saran=svc.SARAN_LANGKAH)
            for p in found:
                add(header, p.message)
            if floor is not None and step.tanggal < floor:
                add(header, f"Tanggal {tgl(step.tanggal)} sebelum {floor_name} "
                            f"({tgl(floor)}).")
            if not found:
                self._lock(step.tanggal, header, add)
            floor, floor_name = step.tanggal, header
        return [step for step, _header in planned]

    def _duplicate(self, n: int, data: svc.RujukanData, add: Any) -> None:
        key = (data.tanggal, data.warga_id, data.keluarga_id, data.instansi_id,
               key_of(data.kebutuhan))
        if key in self.seen:
            add(KEBUTUHAN, f"Rujukan ini (tanggal, klien, instansi dan kebutuhan sama) sudah ada "
                           f"di baris {self.seen[key]} berkas ini.")
            return
        self.seen[key] = n
        same = Rujukan.select().where(
            (Rujukan.kecamatan == self.kec) & (Rujukan.tanggal == data.tanggal)
            & (Rujukan.instansi == data.instansi_id)
            & ((Rujukan.warga == data.warga_id) if data.warga_id
               else (Rujukan.keluarga == data.keluarga_id)))
        for r in same:
            if key_of(r.kebutuhan) == key[-1]:
                add(KEBUTUHAN, f"Rujukan yang sama sudah tercatat dengan nomor {r.nomor_surat} "
                               "(mungkin berkas ini sudah pernah diimpor). Hapus baris ini.")
                return


def _move(actor: Actor, rujukan_id: int, step: _Step) -> None:
    """One transition; its problems named by the import's columns."""
    try:
        svc.ubah_status(actor, rujukan_id, step.ke, step.tanggal, alasan=step.alasan,
                        hasil=step.hasil, balasan=step.balasan)
    except ValidationError as exc:
        renamed = [FieldProblem("tanggal_status" if p.field == "tanggal" else p.field, p.message)
                   for p in exc.problems]
        raise ValidationError(str(exc), renamed) from exc


def import_file(
    actor: Actor,
    path: str | os.PathLike[str],
    *,
    dry_run: bool = False,
    progress: Progress | None = None,
    kecamatan_id: int | None = None,
) -> ImportResult:
    """Import referrals from ``path`` into the actor's kecamatan (a user of the whole kabupaten
    of a Dinas database: into ``kecamatan_id``); with ``dry_run`` only check and count. Every
    client must be a person or household of that kecamatan."""
    require(actor, Aksi.KEGIATAN_UBAH)
    scoped = impor_lingkup.kecamatan_impor(actor, kecamatan_id)
    kec = scoped if scoped is not None else kegiatan_svc.kecamatan_of(actor)
    writer = impor_lingkup.pelaku(actor, kec)
    table = read_table(path, columns(), sheet=SHEET)
    reader = _Reader(kec, scoped is not None)
    problems, warnings, plans = check_rows(table, columns(), reader.check, progress)
    # letters are numbered in date order (then file order) after the year's existing numbers
    plans.sort(key=lambda p: (p.data.tanggal or dt.date.min, p.row))

    def save(plan: _Plan) -> None:
        saved = svc.create(writer, plan.data)
        for step in plan.steps:
            _move(writer, saved.id, step)

    return finish_import(
        actor,
        (problems, warnings, plans),
        created=len(plans),
        updated=0,
        dry_run=dry_run,
        save=save,
        field_column=FIELD_COLUMN,
        audit_table="rujukan",
        audit_text=f"Impor rujukan dari {table.name}: {len(plans)} baru",
        progress=progress,
    )


def export(
    actor: Actor,
    path: str | os.PathLike[str],
    with_nik: bool = False,
    progress: Progress | None = None,
    f: RujukanFilter | None = None,
    today: dt.date | None = None,
    kecamatan_id: int | None = None,
) -> int:
    """:func:`ekspor_kegiatan.export_rujukan` (the export lives there) of the actor's
    kecamatan, or for a user of the whole kabupaten of ``kecamatan_id`` (without it: all)."""
    from .ekspor_kegiatan import export_rujukan

    if kecamatan_id is not None:
        f = replace(f or RujukanFilter(), kecamatan_id=kecamatan_id)
    return export_rujukan(actor, path, with_nik, progress, f, today)
