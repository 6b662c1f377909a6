"""The detail of one person for the screen: identity (masked NIK), household members, PPKS
categories with their status history, register status and aid. No Qt.

Specific-data categories keep their name hidden, and their detail and notes empty, for roles
not named in ``data.peran_data_spesifik``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from ..models import (
    BantuanDiterima,
    DataPPKS,
    Kategori,
    Keluarga,
    Pengguna,
    ProgramBantuan,
    RiwayatDataPPKS,
    StatusRegister,
    Warga,
)
from ..models.base import fk
from . import lingkup
from .context import Actor
from .errors import NotFound
from .formatting import usia
from .nik import mask_nik
from .permissions import Aksi, require
from .registri_cari import (
    STATUS_PPKS,
    can_see_specific,
    kategori_label,
    program_label,
    register_label,
)

# -- the detail of one person ------------------------------------------------------------------


@dataclass(frozen=True)
class RiwayatRow:
    tanggal: dt.date
    status: str
    oleh: str
    catatan: str


@dataclass(frozen=True)
class PPKSRow:
    id: int
    versi: int
    milik: str  # "Warga" or "Keluarga"
    kategori: str
    tersembunyi: bool
    status: str
    status_label: str
    rincian: str
    catatan: str
    tanggal_verifikasi: dt.date | None
    diverifikasi_oleh: str
    riwayat: list[RiwayatRow]
    foto_id: int | None = None  # hidden with the rest for roles that may not see the category


@dataclass(frozen=True)
class AnggotaRow:
    id: int
    nik: str  # masked
    nama: str
    hubungan: str
    umur: int | None


@dataclass(frozen=True)
class WargaDetail:
    id: int
    versi: int
    nik: str  # masked
    nama: str
    jenis_kelamin: str
    tempat_lahir: str
    tanggal_lahir: dt.date | None
    umur: int | None
    alamat: str
    rt: str
    rw: str
    desa: str
    no_kk: str  # masked
    keluarga_id: int | None
    hubungan: str
    meninggal: bool
    anggota: list[AnggotaRow] = field(default_factory=list)
    ppks: list[PPKSRow] = field(default_factory=list)
    register: list[str] = field(default_factory=list)
    bantuan: list[str] = field(default_factory=list)


def _user(uid: int | None, names: dict[int, str]) -> str:
    if uid is None:
        return "Sistem"
    if uid not in names:
        u = Pengguna.get_or_none(Pengguna.id == uid)
        names[uid] = u.nama_lengkap if u is not None else "-"
    return names[uid]


def detail(actor: Actor, warga_id: int) -> WargaDetail:
    require(actor, Aksi.REGISTRI_LIHAT)
    w = Warga.get_or_none(Warga.id == warga_id)
    if w is None:
        raise NotFound("Data warga tidak ditemukan (mungkin sudah dihapus).")
    lingkup.check_desa(actor, fk(w, "desa"))
    see = can_see_specific(actor)
    kk_id = fk(w, "keluarga")
    kk = Keluarga.get_or_none(Keluarga.id == kk_id) if kk_id else None
    anggota = (
        [
            AnggotaRow(
                a.id,
                mask_nik(a.nik) if a.nik else "",
                a.nama,
                a.hubungan,
                usia(a.tanggal_lahir) if a.tanggal_lahir else None,
            )
            for a in Warga.select().where(Warga.keluarga == kk_id).order_by(Warga.id)
        ]
        if kk_id
        else []
    )

    def owned(model: Any) -> Any:
        cond = model.warga == w.id
        return cond | (model.keluarga == kk_id) if kk_id else cond

    names: dict[int, str] = {}
    ppks = []
    for p in DataPPKS.select(DataPPKS, Kategori).join(Kategori).where(owned(DataPPKS)):
        hidden = bool(p.kategori.data_spesifik) and not see
        hist = [
            RiwayatRow(
                h.tanggal,
                STATUS_PPKS.get(h.status, h.status),
                _user(fk(h, "oleh"), names),
                h.catatan,
            )
            for h in RiwayatDataPPKS.select()
            .where(RiwayatDataPPKS.data == p.id)
            .order_by(RiwayatDataPPKS.tanggal, RiwayatDataPPKS.id)
        ]
        ppks.append(
            PPKSRow(
                p.id,
                p.versi,
                "Warga" if fk(p, "warga") else "Keluarga",
                kategori_label(p.kategori, see),
                hidden,
                p.status,
                STATUS_PPKS.get(p.status, p.status),
                "" if hidden else p.rincian,
                "" if hidden else p.catatan,
                p.tanggal_verifikasi,
                _user(fk(p, "diverifikasi_oleh"), names) if fk(p, "diverifikasi_oleh") else "",
                hist,
                None if hidden else fk(p, "foto"),
            )
        )
    regs = [
        f"{register_label(r)} (ID {r.id_register or '-'}, dicek {r.tanggal_cek:%d-%m-%Y})"
        for r in StatusRegister.select()
        .where(owned(StatusRegister))
        .order_by(StatusRegister.tanggal_cek.desc())
    ]
    aid = [
        f"{program_label(b.program)} {b.periode} - {b.status}"
        + (f" ({b.sumber})" if b.sumber else "")
        + (" [keluarga]" if fk(b, "keluarga") else "")
        for b in BantuanDiterima.select(BantuanDiterima, ProgramBantuan)
        .join(ProgramBantuan)
        .where(owned(BantuanDiterima))
        .order_by(BantuanDiterima.periode.desc())
    ]
    return WargaDetail(
        w.id,
        w.versi,
        mask_nik(w.nik) if w.nik else "",
        w.nama,
        w.jenis_kelamin,
        w.tempat_lahir,
        w.tanggal_lahir,
        usia(w.tanggal_lahir) if w.tanggal_lahir else None,
        w.alamat,
        w.rt,
        w.rw,
        w.desa.nama,
        mask_nik(kk.no_kk) if kk and kk.no_kk else "",
        kk_id,
        w.hubungan,
        bool(w.meninggal),
        anggota,
        ppks,
        regs,
        aid,
    )
