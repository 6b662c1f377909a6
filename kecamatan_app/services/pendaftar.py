"""TKSK candidates (pendaftar): validation, create/update/delete, search, and their Pasal 9
check through :mod:`eligibility` with the evidence of their documents."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields, replace
from typing import Any

from ..models import (
    Berkas,
    JenisBerkas,
    Kecamatan,
    PemeriksaanSyarat,
    Pendaftar,
    Pengguna,
    Penugasan,
)
from ..models.base import fk, now
from . import audit, lingkup, settings
from . import desa as desa_service
from . import eligibility as el
from .context import Actor
from .errors import Conflict, FieldProblem, NotFound, ValidationError
from .nik import check_nik
from .permissions import Aksi, require
from .tx import write
from .wilayah import search_kecamatan

KEWARGANEGARAAN = ("WNI", "WNA")


@dataclass
class PendaftarData:
    """A candidate as typed in the form or read from an import row; None: not yet known."""

    nik: str = ""
    nama: str = ""
    jenis_kelamin: str = ""
    tempat_lahir: str = ""
    tanggal_lahir: dt.date | None = None
    kewarganegaraan: str | None = None
    alamat: str = ""
    rt: str = ""
    rw: str = ""
    desa_domisili_id: int | None = None
    domisili_lain: str | None = None
    kecamatan_ktp: str | None = None  # code or name as typed
    pendidikan: str | None = None
    status_kepegawaian: str | None = None
    pilar_sosial: str | None = None
    dapat_komputer: bool | None = None
    surat_sehat: str | None = None
    skck: str | None = None
    tanggal_daftar: dt.date | None = None
    periode_rekrutmen: str = ""
    telepon: str = ""
    catatan: str = ""
    #: The kecamatan the candidate applies to (a Dinas database holds every kecamatan); None:
    #: the office's (a kecamatan database) or, on create, the actor's own kecamatan.
    kecamatan_id: int | None = None


@dataclass(frozen=True)
class Checked:
    """Validated data ready to save, with non-blocking warnings (e.g. NIK date mismatch)."""

    values: dict[str, Any]
    warnings: list[str] = field(default_factory=list)


def _office_kecamatan(kecamatan_id: int | None = None) -> Kecamatan:
    """The candidate's kecamatan: ``kecamatan_id``, else the only one of a kecamatan database."""
    if kecamatan_id is not None:
        kec = Kecamatan.get_or_none(Kecamatan.id == kecamatan_id)
    elif lingkup.is_dinas():
        raise ValidationError.single(
            "kecamatan", "Pilih dahulu kecamatan tempat calon TKSK ini mendaftar.")
    else:
        kec = Kecamatan.select().first()
    if kec is None:
        raise NotFound("Kantor belum disiapkan.")
    return kec


def _ktp(text: str | None, kec: Kecamatan) -> tuple[str | None, str | None]:
    """(kode, nama) of the KTP kecamatan as typed; the code when it can be resolved."""
    if not text or not text.strip():
        return None, None
    t = " ".join(text.split())
    plain = t.lower().removeprefix("kecamatan ").removeprefix("kec. ").strip()
    if t.replace(".", "").isdigit():
        hits = search_kecamatan(t, limit=2)
        if len(hits) == 1 or (hits and hits[0].kode.replace(".", "") == t.replace(".", "")):
            return hits[0].kode, hits[0].nama
        return None, t
    if plain == kec.nama.lower():
        return kec.kode, kec.nama
    return None, t


def check(data: PendaftarData, today: dt.date | None = None) -> Checked:
    """All problems of ``data`` at once (field by field), or the values to store."""
    kec = _office_kecamatan(data.kecamatan_id)
    today = today or dt.date.today()
    problems: list[FieldProblem] = []
    warnings: list[str] = []

    def bad(name: str, message: str) -> None:
        problems.append(FieldProblem(name, message))

    nama = " ".join(data.nama.split())
    if not nama:
        bad("nama", "Nama wajib diisi.")
    if data.jenis_kelamin not in ("L", "P"):
        bad("jenis_kelamin", "Jenis kelamin wajib dipilih: L atau P.")
    if data.tanggal_lahir is None:
        bad("tanggal_lahir", "Tanggal lahir wajib diisi.")
    elif data.tanggal_lahir > today:
        bad("tanggal_lahir", "Tanggal lahir tidak boleh di masa depan.")
    if data.tanggal_daftar is None:
        bad("tanggal_daftar", "Tanggal pendaftaran wajib diisi (usia dihitung pada tanggal ini).")
    elif data.tanggal_daftar > today + dt.timedelta(days=366):
        bad("tanggal_daftar", "Tanggal pendaftaran terlalu jauh di masa depan.")
    elif data.tanggal_lahir is not None and data.tanggal_daftar <= data.tanggal_lahir:
        bad("tanggal_daftar", "Tanggal pendaftaran harus sesudah tanggal lahir.")
    nik = check_nik(data.nik, data.tanggal_lahir, data.jenis_kelamin or None, today=today)
    for e in nik.errors:
        bad("nik", e)
    warnings.extend(nik.warnings)
    choices: list[tuple[str, str | None, tuple[str, ...], str]] = [
        ("kewarganegaraan", data.kewarganegaraan, KEWARGANEGARAAN, "Kewarganegaraan"),
        ("pendidikan", data.pendidikan, el.PENDIDIKAN, "Pendidikan terakhir"),
        ("status_kepegawaian", data.status_kepegawaian, el.STATUS_KEPEGAWAIAN,
         "Status kepegawaian"),
        ("pilar_sosial", data.pilar_sosial, el.PILAR_SOSIAL, "Pilar sosial"),
        ("surat_sehat", data.surat_sehat, el.SURAT_SEHAT, "Surat keterangan sehat"),
        ("skck", data.skck, el.SKCK, "SKCK"),
    ]
    for name, value, allowed, label in choices:
        if value is not None and value not in allowed:
            bad(name, f"{label} '{value}' tidak dikenal. Pilihan: {', '.join(allowed)}.")
    for name, value in (("rt", data.rt), ("rw", data.rw)):
        if value and not (value.isdigit() and len(value) <= 3):
            bad(name, f"{name.upper()} berupa angka, paling banyak 3 digit (contoh: 003).")
    if data.telepon and not all(c.isdigit() or c in "+- ()" for c in data.telepon):
        bad("telepon", "Nomor HP hanya berisi angka (boleh diawali +62).")
    limits = (("nama", nama, 150, "Nama"), ("tempat_lahir", data.tempat_lahir, 100,
                                             "Tempat lahir"),
              ("domisili_lain", data.domisili_lain or "", 200, "Tempat domisili"),
              ("kecamatan_ktp", data.kecamatan_ktp or "", 100, "Kecamatan KTP"),
              ("telepon", data.telepon, 20, "No. HP"),
              ("periode_rekrutmen", data.periode_rekrutmen, 20, "Periode rekrutmen"))
    for name, value, limit, label in limits:
        if len(value.strip()) > limit:
            bad(name, f"{label} terlalu panjang ({len(value.strip())} karakter); paling banyak "
                f"{limit}.")
    desa_id = data.desa_domisili_id
    if desa_id is not None and desa_service.by_id(
            desa_id, kec.id if lingkup.is_dinas() else None) is None:
        bad("desa_domisili", "Desa domisili tidak ditemukan di kecamatan ini.")
    if desa_id is not None and data.domisili_lain:
        bad("desa_domisili", "Pilih desa di kecamatan ini atau isi tempat lain, bukan keduanya.")
    if problems:
        raise ValidationError("\n".join(p.message for p in problems), problems)
    assert data.tanggal_lahir is not None and data.tanggal_daftar is not None
    ktp_kode, ktp_nama = _ktp(data.kecamatan_ktp, kec)
    values: dict[str, Any] = {
        "kecamatan": kec.id, "nik": nik.nik, "nama": nama, "jenis_kelamin": data.jenis_kelamin,
        "tempat_lahir": data.tempat_lahir.strip(), "tanggal_lahir": data.tanggal_lahir,
        "kewarganegaraan": data.kewarganegaraan, "alamat": data.alamat.strip(),
        "rt": data.rt.zfill(3) if data.rt else "", "rw": data.rw.zfill(3) if data.rw else "",
        "desa_domisili": desa_id,
        "domisili_lain": (data.domisili_lain or "").strip() or None,
        "kecamatan_ktp_kode": ktp_kode, "kecamatan_ktp_nama": ktp_nama,
        "pendidikan": data.pendidikan, "status_kepegawaian": data.status_kepegawaian,
        "pilar_sosial": data.pilar_sosial, "dapat_komputer": data.dapat_komputer,
        "surat_sehat": data.surat_sehat, "skck": data.skck,
        "tanggal_daftar": data.tanggal_daftar,
        "periode_rekrutmen": data.periode_rekrutmen.strip(),
        "telepon": data.telepon.strip(), "catatan": data.catatan.strip(),
    }
    return Checked(values, warnings)


def all_ids() -> list[int]:
    return [p.id for p in Pendaftar.select(Pendaftar.id).order_by(Pendaftar.id)]


def find_by_nik(nik: str, periode: str = "", kecamatan_id: int | None = None) -> int | None:
    """The candidate with this NIK in this recruitment period (with ``kecamatan_id``: of that
    kecamatan; a Dinas database may hold one per kecamatan)."""
    q = Pendaftar.select(Pendaftar.id).where((Pendaftar.nik == "".join(nik.split()))
                                             & (Pendaftar.periode_rekrutmen == periode.strip()))
    if kecamatan_id is not None:
        q = q.where(Pendaftar.kecamatan == kecamatan_id)
    row = q.order_by(Pendaftar.id).first()
    return row.id if row else None


def _duplicate(nik: str, periode: str, except_id: int | None, kecamatan_id: int) -> None:
    other = find_by_nik(nik, periode, kecamatan_id)
    if other is not None and other != except_id:
        row = Pendaftar.get_by_id(other)
        raise Conflict(
            f"NIK {nik} sudah terdaftar atas nama {row.nama} "
            f"(periode {periode or 'tanpa periode'}). Buka data itu untuk memperbaruinya.")


def create(actor: Actor, data: PendaftarData) -> tuple[int, list[str]]:
    """Save a new candidate; returns its id and the warnings to show."""
    require(actor, Aksi.PENDAFTAR_UBAH)
    if lingkup.is_dinas():
        data = replace(data, kecamatan_id=lingkup.pilih_kecamatan(actor, data.kecamatan_id))
    elif data.kecamatan_id is not None:
        lingkup.check_kecamatan(actor, data.kecamatan_id)
    checked = check(data)
    with write():
        _duplicate(checked.values["nik"], checked.values["periode_rekrutmen"], None,
                   checked.values["kecamatan"])
        p = Pendaftar.create(**checked.values)
        audit.record_create(actor, p, f"Pendaftar TKSK {p.nama}")
        record_checks(actor, p.id)
    return p.id, checked.warnings


def update(actor: Actor, pendaftar_id: int, data: PendaftarData, versi: int) -> list[str]:
    require(actor, Aksi.PENDAFTAR_UBAH)
    stored = _get(pendaftar_id, actor)  # a candidate stays in the kecamatan applied to
    checked = check(replace(data, kecamatan_id=fk(stored, "kecamatan")))
    with write():
        p = _get(pendaftar_id, actor)
        if p.versi != versi:
            raise Conflict("Data pendaftar ini baru saja diubah orang lain. Muat ulang lalu "
                           "ulangi perubahan Anda.")
        _duplicate(checked.values["nik"], checked.values["periode_rekrutmen"], p.id,
                   checked.values["kecamatan"])
        before = audit.snapshot(p)
        for key, value in checked.values.items():
            setattr(p, key, value)
        if audit.snapshot(p) != before:
            p.versi += 1
            p.save()
            audit.record_update(actor, p, before, f"Pendaftar TKSK {p.nama}")
            record_checks(actor, p.id)
    return checked.warnings


def delete(actor: Actor, pendaftar_id: int) -> None:
    require(actor, Aksi.PENDAFTAR_UBAH)
    with write():
        p = _get(pendaftar_id, actor)
        if Penugasan.select().where(Penugasan.pendaftar == p.id).exists():
            raise Conflict(f"{p.nama} pernah diangkat sebagai TKSK; datanya disimpan sebagai "
                           "riwayat dan tidak dapat dihapus.")
        audit.record_delete(actor, p, f"Pendaftar TKSK {p.nama}")
        p.delete_instance(recursive=True)


def _get(pendaftar_id: int, actor: Actor | None = None) -> Pendaftar:
    """The candidate; with ``actor``, only one of the actor's kecamatan."""
    p = Pendaftar.get_or_none(Pendaftar.id == pendaftar_id)
    if p is None:
        raise NotFound("Pendaftar tidak ditemukan (mungkin sudah dihapus).")
    if actor is not None:
        lingkup.check_kecamatan(actor, fk(p, "kecamatan"))
    return p


def check_access(actor: Actor, pendaftar_id: int) -> None:
    """Refuse a candidate of another kecamatan (PermissionDenied) or one that is gone."""
    _get(pendaftar_id, actor)


def data_of(pendaftar_id: int, actor: Actor | None = None) -> tuple[PendaftarData, int]:
    """The stored candidate as form data, with its version for the later update; with
    ``actor``, only a candidate of the actor's kecamatan."""
    p = _get(pendaftar_id, actor)
    d = PendaftarData(**{f.name: getattr(p, f.name) for f in fields(PendaftarData)
                         if f.name not in ("desa_domisili_id", "kecamatan_ktp")})
    d.desa_domisili_id = p.__data__.get("desa_domisili")
    d.kecamatan_ktp = p.kecamatan_ktp_kode or p.kecamatan_ktp_nama
    return d, p.versi


# -- the Pasal 9 check ---------------------------------------------------------------------

def rules() -> el.Rules:
    acuan = settings.get("tksk.tanggal_acuan")
    lulus = {x.strip() for x in settings.get("tksk.pendidikan_lulus").split(",") if x.strip()}
    wajib = {x.strip() for x in settings.get("tksk.berkas_wajib").split(",") if x.strip()}
    return el.Rules(
        usia_min=settings.get("tksk.usia_min"), usia_maks=settings.get("tksk.usia_maks"),
        tanggal_acuan=dt.date.fromisoformat(acuan) if acuan else None,
        pppk_asn=settings.get("tksk.pppk_asn"), pendidikan_lulus=frozenset(lulus),
        berkas_wajib=frozenset(wajib))


def documents_of(pendaftar_id: int) -> list[el.Dokumen]:
    q = (Berkas.select(Berkas, JenisBerkas).join(JenisBerkas).switch(Berkas)
         .where(Berkas.pendaftar == pendaftar_id).order_by(Berkas.id))
    out = []
    for b in q:
        who = None
        if fk(b, "diverifikasi_oleh"):
            user = Pengguna.get_or_none(Pengguna.id == fk(b, "diverifikasi_oleh"))
            who = user.nama_lengkap if user else None
        out.append(el.Dokumen(b.jenis.nama, b.jenis.kriteria, who, b.diverifikasi_pada))
    return out


def facts(data: PendaftarData, dokumen: list[el.Dokumen] | None = None) -> el.Fakta | None:
    """Facts for the check from form data (saved or not); None while dates are missing."""
    if data.tanggal_lahir is None or data.tanggal_daftar is None:
        return None
    kec = _office_kecamatan(data.kecamatan_id)
    desa = (desa_service.by_id(data.desa_domisili_id, kec.id if lingkup.is_dinas() else None)
            if data.desa_domisili_id else None)
    if desa is not None:
        dom: bool | None = True
        dom_text = f"{desa.jenis.title()} {desa.nama}"
    elif data.domisili_lain:
        dom, dom_text = False, data.domisili_lain
    else:
        dom, dom_text = None, ""
    ktp_kode, ktp_nama = _ktp(data.kecamatan_ktp, kec)
    ktp: bool | None = None if ktp_nama is None else ktp_kode == kec.kode
    return el.Fakta(
        tanggal_lahir=data.tanggal_lahir, tanggal_daftar=data.tanggal_daftar,
        kewarganegaraan=data.kewarganegaraan, domisili_di_kecamatan=dom, domisili_teks=dom_text,
        ktp_di_kecamatan=ktp, ktp_teks=(f"Kecamatan {ktp_nama}" if ktp_nama else ""),
        pendidikan=data.pendidikan, status_kepegawaian=data.status_kepegawaian,
        surat_sehat=data.surat_sehat, skck=data.skck, pilar_sosial=data.pilar_sosial,
        dapat_komputer=data.dapat_komputer, dokumen=tuple(dokumen or ()))


def evaluate_data(data: PendaftarData, pendaftar_id: int | None = None) -> el.Kelayakan | None:
    """The check of form data as typed (the live panel), with the saved documents."""
    docs = documents_of(pendaftar_id) if pendaftar_id else []
    f = facts(data, docs)
    return el.evaluate(f, rules()) if f else None


def kelayakan(pendaftar_id: int) -> el.Kelayakan:
    data, _ = data_of(pendaftar_id)
    f = facts(data, documents_of(pendaftar_id))
    assert f is not None  # stored candidates always have both dates
    return el.evaluate(f, rules())


def record_checks(actor: Actor, pendaftar_id: int) -> el.Kelayakan:
    """Store the current verdict of each criterion (who and when), auditing what changed."""
    result = kelayakan(pendaftar_id)
    with write():
        for k in result.kriteria:
            row = PemeriksaanSyarat.get_or_none(
                (PemeriksaanSyarat.pendaftar == pendaftar_id)
                & (PemeriksaanSyarat.kriteria == k.kode))
            values = {"hasil": k.hasil, "nilai": k.nilai, "bukti": k.bukti,
                      "keterangan": k.keterangan}
            if row is None:
                row = PemeriksaanSyarat.create(
                    pendaftar=pendaftar_id, kriteria=k.kode, diperiksa_oleh=actor.user_id,
                    **values)
                audit.record_create(actor, row, f"{k.pasal}: {k.hasil_label}")
            elif any(getattr(row, key) != v for key, v in values.items()):
                before = audit.snapshot(row)
                for key, v in values.items():
                    setattr(row, key, v)
                setattr(row, "diperiksa_oleh", actor.user_id)  # noqa: B010
                row.diperiksa_pada = now()
                row.save()
                audit.record_update(actor, row, before, f"{k.pasal}: {k.hasil_label}")
    return result
