"""The office: first set-up from the Kemendagri list, and later edits of office and officials.

The kop surat logo (set, removed, found for printing) is in :mod:`kantor_logo`, re-exported here.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, fields, replace

from ..models import Desa, DesaAlias, Kantor, Kecamatan, Pejabat
from ..models.base import fk
from ..paths import resource
from . import audit, lingkup, users, wilayah
from .context import Actor
from .errors import Conflict, FieldProblem, NotFound, ValidationError
from .kantor_logo import logo_path as logo_path
from .kantor_logo import remove_logo as remove_logo
from .kantor_logo import set_logo as set_logo
from .nip import check_nip
from .permissions import Aksi, require
from .tx import write


@dataclass
class CamatData:
    nama: str = ""
    nip: str = ""
    plt: bool = False
    #: For an acting official: the text printed under the name instead of the NIP line, e.g.
    #: "Plt. Camat Gelumbang" or "Sekretaris Kecamatan selaku Plt. Camat".
    keterangan_jabatan: str = ""
    pangkat: str = ""
    mulai: dt.date | None = None


@dataclass
class KantorData:
    alamat: str = ""
    kode_pos: str = ""
    telepon: str = ""
    email: str = ""
    situs: str = ""
    kop_baris_1: str = ""
    kop_baris_2: str = ""
    kop_baris_3: str = ""
    kop_baris_4: str = ""
    tempat_surat: str = ""


@dataclass
class AdminData:
    nama_pengguna: str = ""
    nama_lengkap: str = ""
    sandi: str = ""
    ulangi: str = ""


@dataclass(frozen=True)
class OfficeInfo:
    kecamatan_id: int
    kode: str
    kecamatan: str
    kabupaten: str
    provinsi: str
    kantor: KantorData
    kantor_versi: int
    camat: CamatData | None
    camat_id: int | None
    jumlah_desa: int
    jumlah_kelurahan: int
    #: The kop surat logo (a stored file), None when the office has none.
    logo_id: int | None = None
    #: The current camat row's version, for the version check of ``set_camat``.
    camat_versi: int | None = None

    @property
    def judul(self) -> str:
        return f"Kecamatan {self.kecamatan}, {self.kabupaten}"


def default_kop(kode_kecamatan: str, alamat: str = "", kode_pos: str = "",
                telepon: str = "") -> KantorData:
    """Kop surat lines as offices usually print them, to be edited by the user."""
    ref = wilayah.get_kecamatan(kode_kecamatan)
    kab = ref.kabupaten.nama
    pemerintah = f"PEMERINTAH {kab.upper()}"
    contact = ", ".join(p for p in (alamat.strip(), f"Telp. {telepon}" if telepon else "",
                                    f"Kode Pos {kode_pos}" if kode_pos else "") if p)
    return KantorData(alamat=alamat, kode_pos=kode_pos, telepon=telepon,
                      kop_baris_1=pemerintah, kop_baris_2=f"KECAMATAN {ref.nama.upper()}",
                      kop_baris_3=contact, tempat_surat=ref.nama)


def _desa_aliases() -> dict[str, list[str]]:
    """Other spellings of desa names seen in local data, shipped with the app."""
    data = json.loads(resource("referensi", "alias_desa.json").read_text("utf-8"))
    return {k: list(v) for k, v in data.items() if not k.startswith("_")}


def _check_kantor(k: KantorData) -> list[FieldProblem]:
    problems: list[FieldProblem] = []
    if not k.alamat.strip():
        problems.append(FieldProblem("alamat", "Alamat kantor wajib diisi."))
    if not k.kop_baris_1.strip():
        problems.append(FieldProblem("kop_baris_1", "Baris pertama kop surat wajib diisi."))
    if k.kode_pos and not (k.kode_pos.isdigit() and len(k.kode_pos) == 5):
        problems.append(FieldProblem("kode_pos", "Kode pos terdiri dari 5 angka."))
    if k.email and ("@" not in k.email or " " in k.email.strip()):
        problems.append(FieldProblem("email", "Alamat email tidak sah (contoh: kec@contoh.go.id)."))
    return problems


def _check_camat(c: CamatData) -> list[FieldProblem]:
    problems: list[FieldProblem] = []
    if not c.nama.strip():
        problems.append(FieldProblem("camat_nama", "Nama camat wajib diisi."))
    nip = c.nip.replace(" ", "")
    if c.plt:
        if not c.keterangan_jabatan.strip():
            problems.append(FieldProblem(
                "camat_keterangan",
                "Untuk pejabat Plt., isi keterangan jabatan (contoh: Plt. Camat Gelumbang)."))
        if nip:
            problems.extend(FieldProblem("camat_nip", e) for e in check_nip(nip).errors)
    elif not nip:
        problems.append(FieldProblem(
            "camat_nip", "NIP camat wajib diisi (18 angka), atau centang Plt. bila pejabat "
            "pelaksana tugas."))
    else:
        problems.extend(FieldProblem("camat_nip", e) for e in check_nip(nip).errors)
    return problems


def _raise(problems: list[FieldProblem]) -> None:
    if problems:
        raise ValidationError("\n".join(p.message for p in problems), problems)


def is_set_up() -> bool:
    return Kantor.select().exists()


def setup_office(kode_kecamatan: str, kantor: KantorData, camat: CamatData | None,
                 admin: AdminData | None = None, actor: Actor | None = None,
                 strict: bool = True) -> OfficeInfo:
    """Create the office with its desa/kelurahan, camat and (optionally) first admin: all or
    nothing, in one transaction.

    ``strict`` (the wizard) requires the address and the camat; the command line may leave them
    for later (``strict=False``), but what is given is still checked.
    """
    actor = actor or Actor.system("penyiapan")
    kode = wilayah.normalize_kode(kode_kecamatan)
    ref = wilayah.get_kecamatan(kode)
    problems = _check_kantor(kantor)
    if not strict and not kantor.alamat.strip():
        problems = [p for p in problems if p.field != "alamat"]
    if camat is not None:
        problems += _check_camat(camat)
    elif strict:
        problems.append(FieldProblem("camat_nama", "Nama camat wajib diisi."))
    _raise(problems)
    with write():
        if lingkup.is_dinas():
            raise Conflict("Basis data ini basis data Dinas Sosial kabupaten; kantor kecamatan "
                           "tidak dapat disiapkan di sini (data kantor tiap kecamatan diubah di "
                           "Pengaturan > Kantor).")
        if is_set_up():
            raise Conflict("Kantor sudah disiapkan. Ubah datanya di Pengaturan > Kantor.")
        kec = create_kecamatan(actor, ref, kantor)
        if camat is not None:
            p = _create_camat(kec, camat)
            audit.record_create(actor, p, f"Camat {p.nama}")
        if admin is not None:
            users.create_first_admin(admin.nama_pengguna, admin.nama_lengkap, admin.sandi,
                                     admin.ulangi, kecamatan_id=kec.id)
    info = get_office()
    assert info is not None
    return info


def create_kecamatan(actor: Actor, ref: wilayah.KecamatanRef, kantor: KantorData,
                     aliases: dict[str, list[str]] | None = None) -> Kecamatan:
    """The kecamatan row with its desa/kelurahan from the Kemendagri list and its office (inside
    the caller's write transaction)."""
    kec = Kecamatan.create(
        kode=ref.kode, nama=ref.nama, kabupaten_kode=ref.kabupaten.kode,
        kabupaten_nama=ref.kabupaten.nama, provinsi_kode=ref.kabupaten.provinsi.kode,
        provinsi_nama=ref.kabupaten.provinsi.nama)
    audit.record_create(actor, kec, f"Kecamatan {ref.label}")
    desa_list = wilayah.desa_of(ref.kode)
    known_aliases = _desa_aliases() if aliases is None else aliases
    for urutan, d in enumerate(desa_list, 1):
        row = Desa.create(kecamatan=kec, kode=d.kode, nama=d.nama, jenis=d.jenis,
                          urutan=urutan)
        for alias in known_aliases.get(d.kode, []):
            DesaAlias.create(desa=row, alias=alias)
    audit.record(actor, "buat", "desa", "", f"{len(desa_list)} desa/kelurahan dari daftar "
                 f"Kemendagri untuk {ref.nama}", baru={"kode": [d.kode for d in desa_list]})
    k = Kantor.create(kecamatan=kec, **{f.name: getattr(kantor, f.name).strip()
                                       for f in fields(KantorData)})
    audit.record_create(actor, k, "Data kantor" if aliases is None
                        else f"Data kantor Kecamatan {ref.nama}")
    return kec


def desa_aliases() -> dict[str, list[str]]:
    """Other spellings of desa names shipped with the app, by desa code."""
    return _desa_aliases()


def _create_camat(kec: Kecamatan, c: CamatData) -> Pejabat:
    return Pejabat.create(
        kecamatan=kec, jabatan="camat", nama=c.nama.strip(),
        nip=c.nip.replace(" ", "") or None, pangkat=c.pangkat.strip(), plt=c.plt,
        keterangan_jabatan=c.keterangan_jabatan.strip(), mulai=c.mulai, aktif=True)


_BELUM = "Kantor belum disiapkan. Jalankan penyiapan kantor terlebih dahulu."


def _office_row(kecamatan_id: int | None = None) -> Kantor:
    """The office of ``kecamatan_id``; without it the only office of a kecamatan database (a
    Dinas database has one per kecamatan: the caller must say which)."""
    q = Kantor.select(Kantor, Kecamatan).join(Kecamatan)
    if kecamatan_id is not None:
        k = q.where(Kantor.kecamatan == kecamatan_id).first()
    elif lingkup.is_dinas():
        raise NotFound("Basis data Dinas Sosial memuat kantor setiap kecamatan: pilih dahulu "
                       "kecamatannya.")
    else:
        k = q.order_by(Kantor.id).first()
    if k is None:
        raise NotFound(_BELUM)
    return k


def office_kecamatan(actor: Actor, kecamatan_id: int | None = None) -> int | None:
    """The kecamatan whose office the actor works on: in a Dinas database ``kecamatan_id``
    (checked) or the actor's own; None in a kecamatan database (its only office)."""
    return lingkup.satu_kecamatan(actor, kecamatan_id)


def require_office(kecamatan_id: int | None = None) -> OfficeInfo:
    """The office, or a clear refusal when it is not set up yet (reports need the kop)."""
    if kecamatan_id is None and lingkup.is_dinas():
        _office_row()  # raises: a Dinas database has an office per kecamatan, say which
    info = get_office(kecamatan_id)
    if info is None:
        raise NotFound(_BELUM if kecamatan_id is None or not lingkup.is_dinas()
                       else "Kantor kecamatan ini tidak ada di basis data.")
    return info


def office_for(actor: Actor, kecamatan_id: int | None = None) -> OfficeInfo:
    """The office of the actor's kecamatan (a kabupaten-wide user: the chosen one), for the kop
    of a report or letter; refused for another kecamatan's office."""
    return require_office(office_kecamatan(actor, kecamatan_id))


def judul_lingkup(actor: Actor, kecamatan_id: int | None = None) -> str | None:
    """The heading of an export or list of the actor: "Kecamatan X, Kabupaten Y" for one
    kecamatan, "Dinas Sosial Kabupaten Y (semua kecamatan)" for a kabupaten-wide view."""
    kec = kecamatan_id if kecamatan_id is not None else lingkup.kecamatan_scope(actor)
    if kec is None and lingkup.is_dinas():
        row = Kecamatan.select(Kecamatan.kabupaten_nama).first()
        return f"Dinas Sosial {row.kabupaten_nama} (semua kecamatan)" if row else None
    info = get_office(kec)
    return info.judul if info is not None else None


def get_office(kecamatan_id: int | None = None) -> OfficeInfo | None:
    """The office of ``kecamatan_id``; without it the only office of a kecamatan database
    (None in a Dinas database, which has one office per kecamatan, and before the set-up)."""
    if not is_set_up():
        return None
    if kecamatan_id is None and lingkup.is_dinas():
        return None
    try:
        k = _office_row(kecamatan_id)
    except NotFound:
        return None
    kec = k.kecamatan
    camat = (Pejabat.select().where((Pejabat.kecamatan == kec) & (Pejabat.jabatan == "camat")
                                   & Pejabat.aktif).order_by(Pejabat.id.desc()).first())
    camat_data = None
    if camat is not None:
        camat_data = CamatData(camat.nama, camat.nip or "", camat.plt, camat.keterangan_jabatan,
                               camat.pangkat, camat.mulai)
    n_kel = Desa.select().where((Desa.kecamatan == kec) & (Desa.jenis == "kelurahan")).count()
    n_all = Desa.select().where(Desa.kecamatan == kec).count()
    kantor = KantorData(**{f.name: getattr(k, f.name) for f in fields(KantorData)})
    return OfficeInfo(kec.id, kec.kode, kec.nama, kec.kabupaten_nama, kec.provinsi_nama, kantor,
                      k.versi, camat_data, camat.id if camat else None, n_all - n_kel, n_kel,
                      fk(k, "logo"), camat.versi if camat else None)


def update_office(actor: Actor, data: KantorData, versi: int,
                  kecamatan_id: int | None = None) -> OfficeInfo:
    """Change the office data (Dinas database: of ``kecamatan_id``, or the actor's own)."""
    require(actor, Aksi.KANTOR_UBAH)
    kec_id = office_kecamatan(actor, kecamatan_id)
    _raise(_check_kantor(data))
    with write():
        k = _office_row(kec_id)
        if k.versi != versi:
            raise Conflict("Data kantor baru saja diubah orang lain. Muat ulang lalu ulangi.")
        before = audit.snapshot(k)
        for f in fields(KantorData):
            setattr(k, f.name, getattr(data, f.name).strip())
        if audit.snapshot(k) != before:  # saving an unchanged form is not an edit
            k.versi += 1
            k.save()
            audit.record_update(actor, k, before, "Data kantor dan kop surat")
    return require_office(kec_id)


#: ``set_camat`` without a version: scripts and the set-up, which load nothing first.
TIDAK_DIPERIKSA = object()


def set_camat(actor: Actor, data: CamatData, pergantian: bool,
              tanggal: dt.date | None = None, versi: object = TIDAK_DIPERIKSA,
              kecamatan_id: int | None = None) -> OfficeInfo:
    """Correct the current camat's data, or (``pergantian``) record a new camat: the previous one
    is ended on ``tanggal`` and kept in the history. ``versi`` is ``OfficeInfo.camat_versi`` as
    the form loaded it (None: there was no camat); a change made meanwhile is refused. In a
    Dinas database: the camat of ``kecamatan_id``, or of the actor's own kecamatan."""
    require(actor, Aksi.PEJABAT_UBAH)
    kec_id = office_kecamatan(actor, kecamatan_id)
    _raise(_check_camat(data))
    with write():
        k = _office_row(kec_id)
        current = (Pejabat.select().where((Pejabat.kecamatan == k.kecamatan)
                                          & (Pejabat.jabatan == "camat") & Pejabat.aktif).first())
        if versi is not TIDAK_DIPERIKSA and versi != (current.versi if current else None):
            raise Conflict("Data camat baru saja diubah orang lain. Tutup jendela ini, muat "
                           "ulang data kantor, lalu ulangi perubahan Anda.")
        if current is None or pergantian:
            if current is not None:
                before = audit.snapshot(current)
                current.aktif = False
                current.selesai = tanggal or dt.date.today()
                current.versi += 1
                current.save()
                audit.record_update(actor, current, before, f"Masa jabatan {current.nama} berakhir")
            if data.mulai is None:
                data = replace(data, mulai=tanggal)
            p = _create_camat(k.kecamatan, data)
            audit.record_create(actor, p, f"Camat baru {p.nama}")
        else:
            before = audit.snapshot(current)
            current.nama = data.nama.strip()
            current.nip = data.nip.replace(" ", "") or None
            current.plt = data.plt
            current.keterangan_jabatan = data.keterangan_jabatan.strip()
            current.pangkat = data.pangkat.strip()
            current.mulai = data.mulai
            current.versi += 1
            current.save()
            audit.record_update(actor, current, before, f"Data camat {current.nama}")
    return require_office(kec_id)


@dataclass(frozen=True)
class PejabatRow:
    nama: str
    nip: str
    plt: bool
    keterangan_jabatan: str
    mulai: dt.date | None
    selesai: dt.date | None
    aktif: bool


def camat_history(kecamatan_id: int | None = None) -> list[PejabatRow]:
    """The camat of the office (Dinas database: of ``kecamatan_id``), newest first."""
    q = Pejabat.select().where(Pejabat.jabatan == "camat")
    if kecamatan_id is not None:
        q = q.where(Pejabat.kecamatan == kecamatan_id)
    elif lingkup.is_dinas():
        return []
    return [PejabatRow(p.nama, p.nip or "", p.plt, p.keterangan_jabatan, p.mulai, p.selesai,
                       p.aktif)
            for p in q.order_by(Pejabat.id.desc())]


@dataclass(frozen=True)
class DesaRow:
    id: int
    kode: str
    nama: str
    jenis: str
    aktif: bool


def desa_list(include_inactive: bool = False, kecamatan_id: int | None = None) -> list[DesaRow]:
    """The desa of the office (Dinas database: of ``kecamatan_id``; none without it)."""
    q = Desa.select().order_by(Desa.urutan, Desa.kode)
    if kecamatan_id is not None:
        q = q.where(Desa.kecamatan == kecamatan_id)
    elif lingkup.is_dinas():
        return []
    if not include_inactive:
        q = q.where(Desa.aktif)
    return [DesaRow(d.id, d.kode, d.nama, d.jenis, d.aktif) for d in q]


