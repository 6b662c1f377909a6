"""Referrals (Pasal 7 rujukan) followed to an outcome.

A referral is one record: the :class:`Rujukan` row holds the letter number, client, agency and
status, and its :class:`Kegiatan` (function fasilitasi, form rujukan) is the activity the monthly
report lists. Letters are numbered per kecamatan and year without gaps or duplicates: the number
is taken inside the write transaction, and a numbered referral is never deleted (it is cancelled).

Lifecycle, each step dated in :class:`RiwayatRujukan`::

    diajukan -> diterima | ditolak (reason) | dibatalkan (reason)
    diterima -> selesai (berhasil | tidak_berhasil, with reason) | dibatalkan (reason)
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from peewee import IntegrityError, fn

from ..models import (
    BentukKegiatan,
    InstansiRujukan,
    Kecamatan,
    Kegiatan,
    Keluarga,
    RiwayatRujukan,
    Rujukan,
    Warga,
)
from ..models.base import fk
from . import audit, kegiatan, kunci_bulan, lampiran, settings
from .context import Actor
from .errors import Conflict, FieldProblem, NotFound, ValidationError
from .formatting import tanggal
from .kegiatan_periksa import KODE_BENTUK_RUJUKAN, KegiatanData, check_date
from .permissions import Aksi, require
from .tx import write

STATUS: dict[str, str] = {
    "diajukan": "Diajukan",
    "diterima": "Diterima",
    "ditolak": "Ditolak",
    "selesai": "Selesai",
    "dibatalkan": "Dibatalkan",
}
HASIL: dict[str, str] = {"berhasil": "Berhasil", "tidak_berhasil": "Tidak berhasil"}
TRANSISI: dict[str, tuple[str, ...]] = {
    "diajukan": ("diterima", "ditolak", "dibatalkan"),
    "diterima": ("selesai", "dibatalkan"),
}
TERBUKA: tuple[str, ...] = ("diajukan", "diterima")
PERSETUJUAN: dict[str, str] = {
    "ada": "Klien (atau walinya) menyetujui rujukan",
    "dikecualikan": "Tanpa persetujuan (dengan alasan)",
}
#: What a referral, or a step of one, dated after today is told (a referral has no draft: it is
#: recorded when the client is referred, each step when it happens).
SARAN_RUJUKAN = ("Rujukan dicatat pada hari klien dirujuk atau sesudahnya (rujukan tidak punya "
                 "draf); isi tanggal hari ini atau sebelumnya.")
SARAN_LANGKAH = ("Perkembangan rujukan dicatat setelah terjadi; isi tanggal hari ini atau "
                 "sebelumnya.")
_ROMAWI = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")


@dataclass
class RujukanData:
    tanggal: dt.date | None
    instansi_id: int | None
    kebutuhan: str
    warga_id: int | None = None
    keluarga_id: int | None = None
    persetujuan: str = "ada"
    alasan_tanpa_persetujuan: str = ""
    jatuh_tempo: dt.date | None = None  # None: tanggal + the office's deadline setting
    penugasan_id: int | None = None
    program_id: int | None = None
    uraian: str = ""


@dataclass(frozen=True)
class SavedRujukan:
    id: int
    kegiatan_id: int
    nomor_surat: str
    versi: int


def nomor_surat(fmt: str, urut: int, day: dt.date, kode: str) -> str:
    return fmt.format(urut=urut, tahun=day.year, bulan=day.month, romawi=_ROMAWI[day.month - 1],
                      kode=kode)


def _client(data: RujukanData, problems: list[FieldProblem]) -> tuple[str, int | None]:
    """(client name, desa id) of the referred person or household."""
    if (data.warga_id is None) == (data.keluarga_id is None):
        problems.append(FieldProblem("klien", "Pilih satu klien: seorang warga atau satu "
                                              "keluarga dari registri (atau tambahkan yang baru)."))
        return "", None
    if data.warga_id is not None:
        w = Warga.get_or_none(Warga.id == data.warga_id)
        if w is None:
            problems.append(FieldProblem("klien", "Warga yang dirujuk tidak ada di registri."))
            return "", None
        return w.nama, fk(w, "desa")
    k = Keluarga.get_or_none(Keluarga.id == data.keluarga_id)
    if k is None:
        problems.append(FieldProblem("klien", "Keluarga yang dirujuk tidak ada di registri."))
        return "", None
    return f"keluarga {k.kepala}", fk(k, "desa")


def _check(data: RujukanData, new: bool) -> tuple[str, int | None, InstansiRujukan | None,
                                                  dt.date | None]:
    problems: list[FieldProblem] = []
    check_date(data.tanggal, True, problems, saran=SARAN_RUJUKAN)
    nama, desa_id = _client(data, problems)
    inst = InstansiRujukan.get_or_none(InstansiRujukan.id == data.instansi_id) \
        if data.instansi_id else None
    if inst is None or (new and not inst.aktif):
        problems.append(FieldProblem("instansi", "Pilih instansi tujuan rujukan dari daftar "
                                                 "(daftar dapat ditambah di Pengaturan)."))
    if not data.kebutuhan.strip():
        problems.append(FieldProblem("kebutuhan", "Tuliskan kebutuhan klien yang dirujuk."))
    if data.persetujuan not in PERSETUJUAN:
        problems.append(FieldProblem("persetujuan", "Persetujuan klien: ada atau dikecualikan."))
    elif data.persetujuan == "dikecualikan" and not data.alasan_tanpa_persetujuan.strip():
        problems.append(FieldProblem(
            "alasan_tanpa_persetujuan", "Rujukan tanpa persetujuan klien harus disertai "
            "alasannya (contoh: klien tidak sadar, keadaan darurat)."))
    due = data.jatuh_tempo
    if due is None and data.tanggal is not None:
        due = data.tanggal + dt.timedelta(days=int(settings.get("rujukan.tenggat_hari")))
    if due is not None and data.tanggal is not None and due < data.tanggal:
        problems.append(FieldProblem("jatuh_tempo", f"Tenggat jawaban ({tanggal(due)}) sebelum "
                                                    f"tanggal rujukan ({tanggal(data.tanggal)})."))
    if problems:
        raise ValidationError("\n".join(p.message for p in problems), problems)
    return nama, desa_id, inst, due


def _uraian_otomatis(nama: str, instansi: str, kebutuhan: str) -> str:
    """The activity's description when the form leaves it empty (the title already names the
    client and the agency)."""
    del nama, instansi
    return f"Kebutuhan: {kebutuhan.strip()}"


def _activity(data: RujukanData, nama: str, desa_id: int | None,
              inst: InstansiRujukan) -> KegiatanData:
    bentuk = BentukKegiatan.get(BentukKegiatan.kode == KODE_BENTUK_RUJUKAN)
    return KegiatanData(
        tanggal=data.tanggal, fungsi_id=fk(bentuk, "fungsi"), bentuk_id=bentuk.id,
        judul=f"Rujukan {nama} ke {inst.nama}"[:200], penugasan_id=data.penugasan_id,
        program_id=data.program_id, lingkup="desa" if desa_id else "kecamatan",
        desa_ids=[desa_id] if desa_id else [],
        warga_ids=[data.warga_id] if data.warga_id else [],
        keluarga_ids=[data.keluarga_id] if data.keluarga_id else [],
        uraian=data.uraian.strip() or _uraian_otomatis(nama, inst.nama, data.kebutuhan),
        hasil=f"Surat rujukan diterbitkan ke {inst.nama}.", status="final")


def create(actor: Actor, data: RujukanData) -> SavedRujukan:
    require(actor, Aksi.KEGIATAN_UBAH)
    nama, desa_id, inst, due = _check(data, new=True)
    assert inst is not None and data.tanggal is not None
    kec_id = kegiatan.kecamatan_of(actor)
    kode = Kecamatan.get_by_id(kec_id).kode
    fmt = str(settings.get("rujukan.format_nomor"))
    for attempt in range(3):
        try:
            with write():
                saved = kegiatan.create(actor, _activity(data, nama, desa_id, inst),
                                        _allow_rujukan=True)
                last = (Rujukan.select(fn.MAX(Rujukan.nomor_urut))
                        .where((Rujukan.kecamatan == kec_id)
                               & (Rujukan.tahun == data.tanggal.year)).scalar()) or 0
                urut = int(last) + 1
                r = Rujukan.create(
                    kegiatan=saved.id, kecamatan=kec_id, tahun=data.tanggal.year,
                    nomor_urut=urut, nomor_surat=nomor_surat(fmt, urut, data.tanggal, kode),
                    warga=data.warga_id, keluarga=data.keluarga_id,
                    kebutuhan=data.kebutuhan.strip(), instansi=inst.id,
                    persetujuan=data.persetujuan,
                    alasan_tanpa_persetujuan=data.alasan_tanpa_persetujuan.strip(),
                    tanggal=data.tanggal, jatuh_tempo=due)
                RiwayatRujukan.create(rujukan=r.id, status="diajukan", tanggal=data.tanggal,
                                      alasan="", oleh=actor.user_id)
                audit.record_create(actor, r, f"Rujukan {r.nomor_surat}: {nama} ke {inst.nama}")
            return SavedRujukan(r.id, saved.id, r.nomor_surat, r.versi)
        except IntegrityError as exc:
            # another PC took the same number at the same moment (PostgreSQL): take the next
            if attempt == 2:
                raise Conflict("Nomor surat rujukan sedang dipakai komputer lain; simpan "
                               "lagi.") from exc
    raise AssertionError("unreachable")


def _get(rujukan_id: int, actor: Actor) -> Rujukan:
    r = Rujukan.get_or_none((Rujukan.id == rujukan_id)
                            & (Rujukan.kecamatan == kegiatan.kecamatan_of(actor)))
    if r is None:
        raise NotFound("Rujukan tidak ditemukan.")
    return r


def _check_versi(r: Rujukan, versi: int | None) -> None:
    if versi is not None and r.versi != versi:
        raise Conflict("Rujukan ini baru saja diubah orang lain (atau di jendela lain). "
                       "Perubahan Anda tidak disimpan; muat ulang lalu ulangi.")


def update(actor: Actor, rujukan_id: int, data: RujukanData, versi: int | None) -> SavedRujukan:
    """Correct a referral that is still 'diajukan' (same year: the letter number stays)."""
    require(actor, Aksi.KEGIATAN_UBAH)
    nama, desa_id, inst, due = _check(data, new=False)
    assert inst is not None and data.tanggal is not None
    with write():
        r: Any = _get(rujukan_id, actor)
        _check_versi(r, versi)
        if r.status != "diajukan":
            raise Conflict(f"Rujukan berstatus {STATUS[r.status]} tidak dapat diubah lagi; "
                           "catat perkembangannya lewat 'Ubah status'.")
        if data.tanggal.year != r.tahun:
            raise ValidationError.single(
                "tanggal", f"Nomor surat {r.nomor_surat} milik tahun {r.tahun}; tanggal rujukan "
                "tidak dapat dipindah ke tahun lain. Batalkan lalu buat rujukan baru.")
        k = Kegiatan.get_by_id(fk(r, "kegiatan"))
        kegiatan.update(actor, k.id, _activity(data, nama, desa_id, inst), k.versi,
                        _allow_rujukan=True)
        before = audit.snapshot(r)
        r.warga, r.keluarga = data.warga_id, data.keluarga_id
        r.kebutuhan, r.instansi = data.kebutuhan.strip(), inst.id
        r.persetujuan = data.persetujuan
        r.alasan_tanpa_persetujuan = data.alasan_tanpa_persetujuan.strip()
        r.tanggal, r.jatuh_tempo = data.tanggal, due
        first = r.riwayat.order_by(RiwayatRujukan.id).first()
        if first is not None and first.tanggal != data.tanggal:
            first.tanggal = data.tanggal
            first.save()
        r.versi += 1
        r.save()
        audit.record_update(actor, r, before, f"Rujukan {r.nomor_surat}")
    return SavedRujukan(r.id, k.id, r.nomor_surat, r.versi)


def ubah_status(actor: Actor, rujukan_id: int, ke: str, tanggal_: dt.date | None,
                alasan: str = "", hasil: str = "", balasan: str = "",
                bukti_path: str | None = None, versi: int | None = None,
                today: dt.date | None = None) -> int:
    """Move a referral to status ``ke``; returns the new version. Reasons are required for
    ditolak, selesai and dibatalkan; selesai needs an outcome (berhasil / tidak_berhasil)."""
    require(actor, Aksi.KEGIATAN_UBAH)
    problems: list[FieldProblem] = []
    alasan = alasan.strip()
    check_date(tanggal_, True, problems, today, saran=SARAN_LANGKAH)
    if ke not in STATUS:
        problems.append(FieldProblem("status", "Status rujukan tidak dikenal."))
    if ke == "selesai" and hasil not in HASIL:
        problems.append(FieldProblem("hasil", "Pilih hasil rujukan: berhasil atau tidak "
                                              "berhasil."))
    if ke in ("ditolak", "selesai", "dibatalkan") and not alasan:
        what = {"ditolak": "alasan penolakan dari instansi",
                "selesai": "keterangan hasil (apa yang diterima klien, atau mengapa tidak "
                           "berhasil)",
                "dibatalkan": "alasan pembatalan"}[ke]
        problems.append(FieldProblem("alasan", f"Tuliskan {what}."))
    if problems:
        raise ValidationError("\n".join(p.message for p in problems), problems)
    assert tanggal_ is not None
    with write():
        r: Any = _get(rujukan_id, actor)
        _check_versi(r, versi)
        allowed = TRANSISI.get(r.status, ())
        if ke not in allowed:
            nexts = ", ".join(STATUS[s] for s in allowed) or "tidak ada (rujukan sudah ditutup)"
            raise Conflict(f"Rujukan {r.nomor_surat} berstatus {STATUS[r.status]}; tidak dapat "
                           f"menjadi {STATUS[ke]}. Langkah yang mungkin: {nexts}.")
        last = r.riwayat.order_by(RiwayatRujukan.tanggal.desc(), RiwayatRujukan.id.desc()).first()
        floor = last.tanggal if last is not None else r.tanggal
        if tanggal_ < floor:
            raise ValidationError.single(
                "tanggal", f"Tanggal {tanggal(tanggal_)} sebelum langkah sebelumnya "
                f"({tanggal(floor)}).")
        kunci_bulan.check_open(fk(r, "kecamatan"), tanggal_)
        bukti = lampiran.store_file(bukti_path).id if bukti_path else None
        before = audit.snapshot(r)
        r.status = ke
        if ke == "selesai":
            r.hasil = hasil
        if balasan.strip():
            r.balasan = balasan.strip()
        r.versi += 1
        r.save()
        RiwayatRujukan.create(rujukan=r.id, status=ke, tanggal=tanggal_, alasan=alasan,
                              lampiran=bukti, oleh=actor.user_id)
        # the dated step with its reason and evidence goes into the trail with the change
        after = audit.snapshot(r)
        changed = [key for key in after if key != "versi" and before.get(key) != after[key]]
        audit.record(actor, "ubah", "rujukan", r.id,
                     f"Rujukan {r.nomor_surat}: {STATUS[ke]} ({tanggal(tanggal_)})",
                     lama={key: before.get(key) for key in changed},
                     baru={**{key: after[key] for key in changed},
                           "langkah": {"status": ke, "tanggal": tanggal_.isoformat(),
                                       "alasan": alasan, "lampiran": bukti}})
    return int(r.versi)


def terlambat_hari(status: str, jatuh_tempo: dt.date | None,
                   today: dt.date | None = None) -> int:
    """Days past the agency's deadline of an open referral (0 when not overdue)."""
    today = today or dt.date.today()
    if status not in TERBUKA or jatuh_tempo is None or jatuh_tempo >= today:
        return 0
    return (today - jatuh_tempo).days


def data_of(actor: Actor, rujukan_id: int) -> tuple[RujukanData, int]:
    require(actor, Aksi.KEGIATAN_LIHAT)
    r = _get(rujukan_id, actor)
    k = Kegiatan.get_by_id(fk(r, "kegiatan"))
    data = RujukanData(r.tanggal, fk(r, "instansi"), r.kebutuhan, fk(r, "warga"),
                       fk(r, "keluarga"), r.persetujuan, r.alasan_tanpa_persetujuan,
                       r.jatuh_tempo, fk(k, "penugasan"), fk(k, "program"), k.uraian)
    # A description the service wrote itself is given back empty, so that it is written again
    # from the corrected need and agency instead of keeping the old ones.
    nama, _desa = _client(data, [])
    inst = InstansiRujukan.get_or_none(InstansiRujukan.id == fk(r, "instansi"))
    if inst is not None and k.uraian == _uraian_otomatis(nama, inst.nama, r.kebutuhan):
        data.uraian = ""
    return data, r.versi
