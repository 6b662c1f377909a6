"""The activity form's data and its checks (Pasal 6-8 pairs, dates, place, people).

:func:`check` turns a :class:`KegiatanData` into the column values to write, or raises one
:class:`ValidationError` that lists every problem, so the form can mark each field at once and
an import can list each bad cell. Nothing here writes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from ..models import (
    BentukKegiatan,
    DataPSKS,
    Desa,
    FungsiKegiatan,
    InstansiRujukan,
    Keluarga,
    Pemberhentian,
    Penugasan,
    ProgramBantuan,
    Warga,
)
from ..models.base import fk
from .errors import FieldProblem, ValidationError
from .formatting import tanggal

LINGKUP: dict[str, str] = {
    "desa": "Satu desa/kelurahan",
    "beberapa": "Beberapa desa/kelurahan",
    "kecamatan": "Tingkat kecamatan",
}
HAMBATAN: dict[str, str] = {
    "": "Tidak ada",
    "transportasi": "Transportasi",
    "geografi_cuaca": "Geografis / cuaca",
    "waktu": "Waktu",
    "keterbukaan_data": "Keterbukaan data",
    "lainnya": "Lainnya",
}
STATUS: dict[str, str] = {"draf": "Draf", "final": "Final"}
#: How far ahead a draft (a planned activity) may be dated; a final one cannot be in the future.
HARI_RENCANA_MAKS = 60
PESERTA_MAKS = 100_000
KODE_BENTUK_RUJUKAN = "rujukan"


@dataclass
class MitraData:
    """A partner: a PSKS of the registry, an agency of the list, or free text."""

    psks_id: int | None = None
    instansi_id: int | None = None
    nama: str = ""


@dataclass
class FotoData:
    """One photo of the form: an existing one (``id``) or a new file (``path``)."""

    id: int | None = None
    path: str = ""
    keterangan: str = ""


@dataclass
class KegiatanData:
    tanggal: dt.date | None
    fungsi_id: int | None
    bentuk_id: int | None
    judul: str
    penugasan_id: int | None = None  # None: the active TKSK of the kecamatan
    jam_mulai: dt.time | None = None
    jam_selesai: dt.time | None = None
    program_id: int | None = None
    lingkup: str = "desa"
    desa_ids: list[int] = field(default_factory=list)
    mitra: list[MitraData] = field(default_factory=list)
    peserta_l: int = 0
    peserta_p: int = 0
    warga_ids: list[int] = field(default_factory=list)
    keluarga_ids: list[int] = field(default_factory=list)
    uraian: str = ""
    hasil: str = ""
    hambatan_kategori: str = ""
    hambatan: str = ""
    tindak_lanjut: str = ""
    status: str = "draf"
    foto: list[FotoData] = field(default_factory=list)


def _clean(text: str | None) -> str:
    return (text or "").strip()


def penugasan_for(kecamatan_id: int, penugasan_id: int | None,
                  problems: list[FieldProblem]) -> Penugasan | None:
    """The TKSK assignment an activity belongs to: the one given, else the active one."""
    if penugasan_id is None:
        t = (Penugasan.select().where((Penugasan.kecamatan == kecamatan_id) & Penugasan.aktif)
             .first())
        if t is None:
            problems.append(FieldProblem(
                "penugasan", "Belum ada TKSK aktif di kecamatan ini. Angkat TKSK dahulu di "
                "halaman TKSK, atau pilih TKSK yang pernah bertugas."))
        return t
    t = Penugasan.get_or_none((Penugasan.id == penugasan_id)
                              & (Penugasan.kecamatan == kecamatan_id))
    if t is None:
        problems.append(FieldProblem("penugasan", "TKSK yang dipilih tidak dikenal."))
    return t


def check_term(t: Penugasan, day: dt.date, problems: list[FieldProblem]) -> None:
    """The date lies inside the TKSK's term of duty (from TMT to termination)."""
    if day < t.mulai:
        problems.append(FieldProblem(
            "tanggal", f"Tanggal {tanggal(day)} sebelum TKSK mulai bertugas ({tanggal(t.mulai)})."))
    stop = Pemberhentian.get_or_none(Pemberhentian.penugasan == t.id)
    if stop is not None and day > stop.tanggal:
        problems.append(FieldProblem(
            "tanggal",
            f"Tanggal {tanggal(day)} sesudah TKSK ini berhenti ({tanggal(stop.tanggal)})."))


#: What a final record dated after today is told, after "Tanggal X belum terjadi.": an activity
#: can wait as a draft; other records (a referral, its steps) have no draft, so the neutral
#: default only asks for a date that has come.
SARAN_KEGIATAN = ("Kegiatan final dicatat setelah dilaksanakan; simpan sebagai draf bila masih "
                  "rencana.")
SARAN_UMUM = "Catat setelah terjadi: isi tanggal hari ini atau sebelumnya."


def check_date(day: dt.date | None, final: bool, problems: list[FieldProblem],
               today: dt.date | None = None, name: str = "tanggal",
               saran: str = SARAN_UMUM) -> None:
    """A date given, not before 2000, not after today when ``final`` (``saran`` says what to
    do instead), and not too far ahead otherwise."""
    today = today or dt.date.today()
    if day is None:
        problems.append(FieldProblem(name, "Tanggal wajib diisi."))
        return
    if day.year < 2000:
        problems.append(FieldProblem(name, f"Tanggal {tanggal(day)} terlalu lampau; periksa "
                                           "tahunnya."))
    elif final and day > today:
        problems.append(FieldProblem(name, f"Tanggal {tanggal(day)} belum terjadi. {saran}"))
    elif day > today + dt.timedelta(days=HARI_RENCANA_MAKS):
        problems.append(FieldProblem(
            name, f"Tanggal {tanggal(day)} terlalu jauh di depan (paling jauh "
            f"{HARI_RENCANA_MAKS} hari dari hari ini). Periksa tahunnya."))


def _pair(data: KegiatanData, problems: list[FieldProblem],
          allow_rujukan: bool) -> tuple[Any, Any]:
    fungsi = FungsiKegiatan.get_or_none(FungsiKegiatan.id == data.fungsi_id) \
        if data.fungsi_id else None
    bentuk = BentukKegiatan.get_or_none(BentukKegiatan.id == data.bentuk_id) \
        if data.bentuk_id else None
    if fungsi is None:
        problems.append(FieldProblem("fungsi", "Pilih fungsi kegiatan (koordinasi, fasilitasi "
                                               "atau administrasi)."))
    if bentuk is None:
        problems.append(FieldProblem("bentuk", "Pilih bentuk kegiatan."))
    if fungsi is not None and bentuk is not None and fk(bentuk, "fungsi") != fungsi.id:
        pasal = f" ({fungsi.pasal})" if fungsi.pasal else ""
        problems.append(FieldProblem(
            "bentuk", f"Bentuk '{bentuk.nama}' bukan bentuk fungsi {fungsi.nama}. Pilih bentuk "
            f"yang termasuk fungsi {fungsi.nama}{pasal}."))
    if bentuk is not None and bentuk.kode == KODE_BENTUK_RUJUKAN and not allow_rujukan:
        problems.append(FieldProblem(
            "bentuk", "Kegiatan berbentuk rujukan dicatat lewat tab Rujukan, agar mendapat "
            "nomor surat dan riwayat statusnya."))
    return fungsi, bentuk


def _place(data: KegiatanData, kecamatan_id: int, problems: list[FieldProblem]) -> list[int]:
    if data.lingkup not in LINGKUP:
        problems.append(FieldProblem("lingkup", "Lokasi: pilih satu desa, beberapa desa atau "
                                                "tingkat kecamatan."))
        return []
    ids = list(dict.fromkeys(data.desa_ids))
    found = {d.id for d in Desa.select(Desa.id).where(
        Desa.id.in_(ids) & (Desa.kecamatan == kecamatan_id))} if ids else set()
    if len(found) != len(ids):
        problems.append(FieldProblem("desa", "Desa/kelurahan tidak dikenal atau bukan wilayah "
                                             "kecamatan ini."))
    if data.lingkup == "desa" and len(ids) != 1:
        problems.append(FieldProblem("desa", "Pilih satu desa/kelurahan tempat kegiatan."))
    elif data.lingkup == "beberapa" and len(ids) < 2:
        problems.append(FieldProblem("desa", "Pilih paling sedikit dua desa/kelurahan, atau "
                                             "ubah lokasi menjadi satu desa."))
    elif data.lingkup == "kecamatan":
        ids = []
    return ids


def _people(data: KegiatanData, problems: list[FieldProblem]) -> None:
    for name, value in (("peserta_l", data.peserta_l), ("peserta_p", data.peserta_p)):
        label = "laki-laki" if name == "peserta_l" else "perempuan"
        if value is None or value < 0:
            problems.append(FieldProblem(name, f"Jumlah peserta {label} tidak boleh negatif."))
        elif value > PESERTA_MAKS:
            problems.append(FieldProblem(name, f"Jumlah peserta {label} terlalu besar "
                                               f"(paling banyak {PESERTA_MAKS:,})."
                                               .replace(",", ".")))
    wids = set(data.warga_ids)
    if wids and Warga.select().where(Warga.id.in_(wids)).count() != len(wids):
        problems.append(FieldProblem("sasaran", "Ada penerima manfaat yang tidak ada di "
                                                "registri (mungkin sudah dihapus)."))
    kids = set(data.keluarga_ids)
    if kids and Keluarga.select().where(Keluarga.id.in_(kids)).count() != len(kids):
        problems.append(FieldProblem("sasaran", "Ada keluarga sasaran yang tidak ada di "
                                                "registri (mungkin sudah dihapus)."))


def _partners(data: KegiatanData, problems: list[FieldProblem]) -> list[MitraData]:
    out: list[MitraData] = []
    for m in data.mitra:
        nama = " ".join(_clean(m.nama).split())
        if m.psks_id is not None:
            p = DataPSKS.get_or_none(DataPSKS.id == m.psks_id)
            if p is None:
                problems.append(FieldProblem("mitra", "Mitra PSKS tidak dikenal."))
                continue
            out.append(MitraData(p.id, None, p.nama))
        elif m.instansi_id is not None:
            i = InstansiRujukan.get_or_none(InstansiRujukan.id == m.instansi_id)
            if i is None:
                problems.append(FieldProblem("mitra", "Instansi mitra tidak dikenal."))
                continue
            out.append(MitraData(None, i.id, i.nama))
        elif nama:
            if len(nama) > 200:
                problems.append(FieldProblem("mitra", "Nama mitra terlalu panjang (maks. 200 "
                                                      "huruf)."))
            out.append(MitraData(None, None, nama[:200]))
    return out


def check(data: KegiatanData, kecamatan_id: int, *, allow_rujukan: bool = False,
          today: dt.date | None = None) -> tuple[dict[str, Any], list[int], list[MitraData]]:
    """Validate; return (column values, desa ids, partners) or raise with every problem."""
    problems: list[FieldProblem] = []
    status = data.status if data.status in STATUS else ""
    if not status:
        problems.append(FieldProblem("status", "Status kegiatan: draf atau final."))
    final = status == "final"
    check_date(data.tanggal, final, problems, today, saran=SARAN_KEGIATAN)
    judul = " ".join(_clean(data.judul).split())
    if not judul:
        problems.append(FieldProblem("judul", "Nama kegiatan wajib diisi (contoh: Rapat "
                                              "koordinasi penyaluran BPNT)."))
    elif len(judul) > 200:
        problems.append(FieldProblem("judul", "Nama kegiatan terlalu panjang (maks. 200 huruf)."))
    if data.jam_selesai is not None and data.jam_mulai is None:
        problems.append(FieldProblem("jam_mulai", "Isi jam mulai bila jam selesai diisi."))
    if data.jam_mulai and data.jam_selesai and data.jam_selesai < data.jam_mulai:
        problems.append(FieldProblem(
            "jam_selesai", f"Jam selesai ({data.jam_selesai:%H:%M}) sebelum jam mulai "
            f"({data.jam_mulai:%H:%M})."))
    fungsi, bentuk = _pair(data, problems, allow_rujukan)
    if data.program_id is not None and not ProgramBantuan.get_or_none(
            ProgramBantuan.id == data.program_id):
        problems.append(FieldProblem("program", "Program bantuan tidak dikenal."))
    desa_ids = _place(data, kecamatan_id, problems)
    _people(data, problems)
    mitra = _partners(data, problems)
    kat = data.hambatan_kategori or ""
    if kat not in HAMBATAN:
        problems.append(FieldProblem("hambatan_kategori", "Kategori hambatan tidak dikenal. "
                                     f"Pilihan: {', '.join(v for v in HAMBATAN.values())}."))
    elif kat == "lainnya" and not _clean(data.hambatan):
        problems.append(FieldProblem("hambatan", "Jelaskan hambatan 'Lainnya'."))
    if final and not _clean(data.uraian):
        problems.append(FieldProblem("uraian", "Kegiatan final harus berisi uraian kegiatan."))
    if final and not _clean(data.hasil):
        problems.append(FieldProblem("hasil", "Kegiatan final harus berisi hasil kegiatan."))
    t = penugasan_for(kecamatan_id, data.penugasan_id, problems)
    if t is not None and data.tanggal is not None:
        check_term(t, data.tanggal, problems)
    if problems:
        raise ValidationError("\n".join(p.message for p in problems), problems)
    values = {
        "kecamatan": kecamatan_id, "penugasan": t.id if t else None, "tanggal": data.tanggal,
        "jam_mulai": data.jam_mulai, "jam_selesai": data.jam_selesai,
        "fungsi": fungsi.id, "bentuk": bentuk.id, "program": data.program_id,
        "lingkup": data.lingkup, "judul": judul, "uraian": _clean(data.uraian),
        "hasil": _clean(data.hasil), "hambatan_kategori": kat, "hambatan": _clean(data.hambatan),
        "tindak_lanjut": _clean(data.tindak_lanjut), "peserta_l": data.peserta_l,
        "peserta_p": data.peserta_p, "status": status,
    }
    return values, desa_ids, mitra
