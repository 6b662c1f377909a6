"""Household poverty-indicator assessment (optional module): instruments of scored indicators,
assessments per household with a total and a class from configurable thresholds."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..models import (
    IndikatorKemiskinan,
    Instrumen,
    JawabanPenilaian,
    KelasKemiskinan,
    Keluarga,
    OpsiIndikator,
    Penilaian,
)
from ..models.base import fk
from . import audit, lingkup
from .context import Actor
from .errors import FieldProblem, NotFound, ValidationError
from .pencarian import contains
from .permissions import Aksi, require
from .tx import write


@dataclass(frozen=True)
class Opsi:
    id: int
    teks: str
    skor: int


@dataclass(frozen=True)
class Indikator:
    id: int
    kelompok: str
    nama: str
    opsi: tuple[Opsi, ...]


@dataclass(frozen=True)
class Kelas:
    nama: str
    skor_maks: int


@dataclass(frozen=True)
class InstrumenInfo:
    id: int
    kode: str
    nama: str
    sumber: str
    indikator: tuple[Indikator, ...]
    kelas: tuple[Kelas, ...]

    @property
    def skor_min(self) -> int:
        return sum(min(o.skor for o in i.opsi) for i in self.indikator if i.opsi)

    @property
    def skor_maks(self) -> int:
        return sum(max(o.skor for o in i.opsi) for i in self.indikator if i.opsi)

    def kelas_of(self, total: int) -> str:
        for k in sorted(self.kelas, key=lambda k: k.skor_maks):
            if total <= k.skor_maks:
                return k.nama
        return ""


def instruments(actor: Actor) -> list[tuple[int, str]]:
    require(actor, Aksi.REGISTRI_LIHAT)
    q = Instrumen.select().where(Instrumen.aktif).order_by(Instrumen.id)
    return [(i.id, i.nama) for i in q]


def get(actor: Actor, instrumen_id: int) -> InstrumenInfo:
    require(actor, Aksi.REGISTRI_LIHAT)
    inst = Instrumen.get_or_none(Instrumen.id == instrumen_id)
    if inst is None or not inst.aktif:
        raise NotFound("Instrumen penilaian tidak ditemukan atau sudah tidak aktif.")
    indikator = []
    q = (IndikatorKemiskinan.select().where(IndikatorKemiskinan.instrumen == inst.id)
         .order_by(IndikatorKemiskinan.urutan))
    for ind in q:
        opts = tuple(Opsi(o.id, o.teks, o.skor) for o in
                     OpsiIndikator.select().where(OpsiIndikator.indikator == ind.id)
                     .order_by(OpsiIndikator.urutan))
        indikator.append(Indikator(ind.id, ind.kelompok, ind.nama, opts))
    kelas = tuple(Kelas(k.nama, k.skor_maks) for k in
                  KelasKemiskinan.select().where(KelasKemiskinan.instrumen == inst.id)
                  .order_by(KelasKemiskinan.skor_maks))
    return InstrumenInfo(inst.id, inst.kode, inst.nama, inst.sumber, tuple(indikator), kelas)


def set_classes(actor: Actor, instrumen_id: int, kelas: list[Kelas]) -> None:
    """Replace the class thresholds (ascending upper bounds, the last covering the maximum)."""
    require(actor, Aksi.REFERENSI_UBAH)
    info = get(actor, instrumen_id)
    problems = []
    bounds = [k.skor_maks for k in kelas]
    if not kelas or any(not k.nama.strip() for k in kelas):
        problems.append(FieldProblem("kelas", "Setiap kelas perlu nama."))
    if bounds != sorted(set(bounds)):
        problems.append(FieldProblem("kelas", "Batas atas kelas harus naik dan tidak sama."))
    if bounds and bounds[0] < info.skor_min:
        problems.append(FieldProblem(
            "kelas", f"Batas kelas pertama tidak boleh di bawah skor terendah ({info.skor_min})."))
    if bounds and bounds[-1] < info.skor_maks:
        problems.append(FieldProblem(
            "kelas", f"Kelas terakhir harus mencakup skor tertinggi ({info.skor_maks})."))
    if problems:
        raise ValidationError("\n".join(p.message for p in problems), problems)
    with write():
        old = [{"nama": k.nama, "skor_maks": k.skor_maks} for k in info.kelas]
        KelasKemiskinan.delete().where(KelasKemiskinan.instrumen == instrumen_id).execute()
        for k in kelas:
            KelasKemiskinan.create(instrumen=instrumen_id, nama=k.nama.strip(),
                                   skor_maks=k.skor_maks)
        audit.record(actor, "ubah", "kelas_kemiskinan", instrumen_id,
                     f"Batas kelas instrumen {info.nama}", lama={"kelas": old},
                     baru={"kelas": [{"nama": k.nama, "skor_maks": k.skor_maks}
                                     for k in kelas]})


@dataclass(frozen=True)
class HasilPenilaian:
    id: int
    keluarga_id: int
    tanggal: dt.date
    total: int
    kelas: str
    catatan: str


def assess(actor: Actor, instrumen_id: int, keluarga_id: int, tanggal: dt.date,
           jawaban: dict[int, int], catatan: str = "") -> HasilPenilaian:
    """Record an assessment: ``jawaban`` maps every indicator id to the chosen option id."""
    require(actor, Aksi.REGISTRI_UBAH)
    info = get(actor, instrumen_id)
    _keluarga_in_scope(actor, keluarga_id)
    problems = []
    total = 0
    for ind in info.indikator:
        chosen = jawaban.get(ind.id)
        opsi = next((o for o in ind.opsi if o.id == chosen), None)
        if opsi is None:
            problems.append(FieldProblem(f"indikator_{ind.id}",
                                         f"Pilih jawaban untuk indikator '{ind.nama}'."))
        else:
            total += opsi.skor
    extra = set(jawaban) - {i.id for i in info.indikator}
    if extra:
        problems.append(FieldProblem("jawaban", "Ada jawaban untuk indikator instrumen lain."))
    if tanggal > dt.date.today():
        problems.append(FieldProblem("tanggal", "Tanggal penilaian tidak boleh di masa depan."))
    if problems:
        raise ValidationError("\n".join(p.message for p in problems), problems)
    kelas = info.kelas_of(total)
    with write():
        row = Penilaian.create(instrumen=instrumen_id, keluarga=keluarga_id, tanggal=tanggal,
                               penilai=actor.user_id, total=total, kelas=kelas,
                               catatan=catatan.strip())
        for ind in info.indikator:
            JawabanPenilaian.create(penilaian=row, indikator=ind.id, opsi=jawaban[ind.id])
        audit.record_create(actor, row, f"Penilaian kemiskinan keluarga {keluarga_id}: "
                            f"skor {total} ({kelas})")
    return HasilPenilaian(row.id, keluarga_id, tanggal, total, kelas, row.catatan)


def _keluarga_in_scope(actor: Actor, keluarga_id: int) -> None:
    """The household exists and lies in the actor's kecamatan."""
    k = Keluarga.get_or_none(Keluarga.id == keluarga_id)
    if k is None:
        raise NotFound("Keluarga tidak ditemukan.")
    lingkup.check_desa(actor, fk(k, "desa"))


def assessments(actor: Actor, keluarga_id: int) -> list[HasilPenilaian]:
    require(actor, Aksi.REGISTRI_LIHAT)
    if lingkup.is_dinas():
        _keluarga_in_scope(actor, keluarga_id)
    q = (Penilaian.select().where(Penilaian.keluarga == keluarga_id)
         .order_by(Penilaian.tanggal.desc(), Penilaian.id.desc()))
    return [HasilPenilaian(p.id, fk(p, "keluarga"), p.tanggal, p.total, p.kelas, p.catatan)
            for p in q]


@dataclass(frozen=True)
class KeluargaPilihan:
    id: int
    no_kk: str  # masked
    kepala: str
    desa: str


def find_households(actor: Actor, teks: str, limit: int = 50,
                    kecamatan_id: int | None = None) -> list[KeluargaPilihan]:
    """Households to assess (of the actor's kecamatan; a kabupaten-wide user: of
    ``kecamatan_id`` or all), by No. KK prefix (digits) or the head's name (any part)."""
    require(actor, Aksi.REGISTRI_LIHAT)
    from ..models import Desa
    from .nik import mask_nik

    q = Keluarga.select(Keluarga, Desa).join(Desa).order_by(Keluarga.kepala).limit(limit)
    q = lingkup.limit(q, lingkup.where_kecamatan(Desa.kecamatan, actor, kecamatan_id))
    t = teks.strip()
    if t.isdigit():
        q = q.where(Keluarga.no_kk.startswith(t))
    elif t:
        q = q.where(contains(Keluarga.kepala, t))
    return [KeluargaPilihan(k.id, mask_nik(k.no_kk) if k.no_kk else "", k.kepala, k.desa.nama)
            for k in q]
