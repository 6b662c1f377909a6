"""The candidate list (Pendaftar): search, filter by overall result and period, export rows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..models import Desa, KeputusanSeleksi, Pendaftar, Penugasan
from ..models.base import fk
from . import eligibility as el
from . import lingkup
from . import pendaftar as svc
from .context import Actor
from .nik import mask_nik
from .pencarian import contains
from .permissions import Aksi, require

KEPUTUSAN_LABEL = {"diusulkan": "Diusulkan", "ditetapkan": "Ditetapkan",
                   "tidak_dipilih": "Tidak dipilih"}


@dataclass(frozen=True)
class PendaftarRow:
    id: int
    nik: str  # masked: lists never show the full NIK
    nama: str
    jenis_kelamin: str
    tanggal_lahir: dt.date
    usia: int
    domisili: str
    pendidikan: str
    periode: str
    tanggal_daftar: dt.date
    hasil: str
    hasil_label: str
    keputusan: str
    tksk_aktif: bool
    telepon: str


@dataclass(frozen=True)
class PendaftarFilter:
    teks: str = ""
    hasil: str | None = None  # memenuhi_syarat | tidak_memenuhi_syarat | belum_lengkap
    periode: str | None = None
    #: A kabupaten-wide user's chosen kecamatan (Dinas database); others: their own.
    kecamatan_id: int | None = None


def search(actor: Actor, f: PendaftarFilter = PendaftarFilter()) -> list[PendaftarRow]:
    require(actor, Aksi.PENDAFTAR_LIHAT)
    q = Pendaftar.select().order_by(Pendaftar.tanggal_daftar.desc(), Pendaftar.nama)
    q = lingkup.limit(q, lingkup.where_kecamatan(Pendaftar.kecamatan, actor, f.kecamatan_id))
    if f.periode is not None:
        q = q.where(Pendaftar.periode_rekrutmen == f.periode)
    text = f.teks.strip()
    if text:
        if text.replace(" ", "").isdigit():
            q = q.where(Pendaftar.nik.startswith(text.replace(" ", "")))
        else:
            q = q.where(contains(Pendaftar.nama, text) | contains(Pendaftar.alamat, text))
    desa_names = {d.id: d.nama for d in Desa.select(Desa.id, Desa.nama)}
    active = {fk(t, "pendaftar")
              for t in Penugasan.select(Penugasan.pendaftar).where(Penugasan.aktif)}
    rules = svc.rules()
    rows: list[PendaftarRow] = []
    for p in q:
        data, _ = svc.data_of(p.id)
        facts = svc.facts(data, svc.documents_of(p.id))
        assert facts is not None
        result = el.evaluate(facts, rules)
        if f.hasil and result.hasil != f.hasil:
            continue
        last = (KeputusanSeleksi.select().where(KeputusanSeleksi.pendaftar == p.id)
                .order_by(KeputusanSeleksi.tanggal.desc(), KeputusanSeleksi.id.desc()).first())
        desa_id = p.__data__.get("desa_domisili")
        rows.append(PendaftarRow(
            p.id, mask_nik(p.nik), p.nama, p.jenis_kelamin, p.tanggal_lahir,
            el.usia_pada(p.tanggal_lahir, result.tanggal_acuan),
            desa_names.get(desa_id, "") if desa_id else (p.domisili_lain or ""),
            p.pendidikan or "", p.periode_rekrutmen, p.tanggal_daftar, result.hasil,
            result.hasil_label, KEPUTUSAN_LABEL.get(last.keputusan, "") if last else "",
            p.id in active, p.telepon))
    return rows


def periods(actor: Actor, kecamatan_id: int | None = None) -> list[str]:
    require(actor, Aksi.PENDAFTAR_LIHAT)
    q = lingkup.limit(Pendaftar.select(Pendaftar.periode_rekrutmen).distinct(),
                      lingkup.where_kecamatan(Pendaftar.kecamatan, actor, kecamatan_id))
    return sorted({p.periode_rekrutmen for p in q}, reverse=True)
