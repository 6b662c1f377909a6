"""Subject access (UU 27/2022 Pasal 32): everything the database holds about one NIK, with the
processing history of each record, for the person to receive within 3 x 24 hours. No Qt.

What is gathered: the registry person with that NIK (identity, household with the members'
names and relation only, PPKS categories with their status history and photo metadata, register
status and aid, household-level rows included), PSKS records with that NIK, TKSK candidate
records with that NIK (identity, documents, Pasal 9 checks, selection decisions, SK and
termination), activities where the person or their household is a beneficiary, referrals where
they are the client, and every audit entry of those records or mentioning the NIK (in the
summary or the stored old/new values), oldest first. User accounts hold no NIK, so none is
searched.

Specific-data PPKS categories (UU PDP Pasal 4) stay hidden for roles not named in
``data.peran_data_spesifik``; the report then says it is incomplete and who can print it
whole. Each collection is recorded in the audit trail as ``akses_subjek`` with the masked NIK
(never the full one) and the records it covered.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from peewee import Model

from ..models import (
    AlasanPemberhentian,
    BantuanDiterima,
    BentukKegiatan,
    Berkas,
    DataPPKS,
    DataPSKS,
    Desa,
    FungsiKegiatan,
    InstansiRujukan,
    JejakAudit,
    JenisBerkas,
    Kategori,
    Kegiatan,
    KegiatanDesa,
    KegiatanFoto,
    KegiatanSasaran,
    Keluarga,
    KeputusanSeleksi,
    Lampiran,
    Pemberhentian,
    PemeriksaanSyarat,
    Pendaftar,
    Pengguna,
    Penugasan,
    ProgramBantuan,
    RiwayatDataPPKS,
    RiwayatRujukan,
    Rujukan,
    StatusRegister,
    Warga,
)
from ..models.base import fk, now
from ..reports import akses_subjek_pdf as pdf
from ..reports.akses_subjek_pdf import (
    BerkasInfo,
    DataSubjek,
    DokumenSubjek,
    JejakSubjek,
    KegiatanSubjek,
    KeluargaSubjek,
    Langkah,
    PendaftarSubjek,
    PenugasanSubjek,
    PpksSubjek,
    PsksSubjek,
    RujukanSubjek,
    SyaratSubjek,
    WargaSubjek,
)
from . import audit, audit_query, lingkup, privasi, settings
from .cetak_rujukan import alamat_lengkap
from .cetak_tksk import _check_paper, _kop, _printer_name, _written
from .context import ROLE_LABELS, Actor
from .eligibility import HASIL_LABEL, KRITERIA, KRITERIA_BY_KODE
from .errors import ValidationError
from .formatting import tanggal, waktu
from .kantor import get_office
from .nik import _format_error, mask_nik
from .permissions import Aksi, require
from .registri_cari import HIDDEN, STATUS_PPKS, can_see_specific, program_label, register_label
from .rujukan import HASIL, PERSETUJUAN, STATUS

__all__ = ["DataSubjek", "Laporan", "bersihkan_nik", "buat_laporan", "kumpulkan", "tulis_pdf"]

AKSI = "akses_subjek"
JENIS_KELAMIN = {"L": "Laki-laki", "P": "Perempuan"}
KEPUTUSAN = {"diusulkan": "Diusulkan", "ditetapkan": "Ditetapkan",
             "tidak_dipilih": "Tidak dipilih"}
#: How the processing history names the kind of record an entry is about.
TABEL: dict[str, str] = {
    "warga": "Data warga", "keluarga": "Keluarga", "data_ppks": "PPKS",
    "status_register": "Register", "bantuan_diterima": "Bantuan", "data_psks": "PSKS",
    "pendaftar": "Calon TKSK", "berkas": "Berkas calon", "pemeriksaan_syarat": "Syarat Pasal 9",
    "keputusan_seleksi": "Seleksi", "penugasan": "SK penugasan",
    "pemberhentian": "Pemberhentian", "kegiatan": "Kegiatan", "rujukan": "Rujukan",
}
AKSI_LABELS = {**audit.AKSI_LABELS, AKSI: "Akses subjek data"}

Keys = dict[str, set[int]]


def bersihkan_nik(text: str) -> str:
    """The NIK without spaces; refused unless it is 16 digits (no other check: a stored NIK
    may predate a region split, and the request must still be answered)."""
    cleaned = "".join((text or "").split())
    problem = _format_error("NIK", cleaned) if cleaned else "Isi NIK (16 angka) pemohon."
    if problem:
        raise ValidationError.single("nik", problem)
    return cleaned


def _key(model: type[Model]) -> str:
    return str(model._meta.table_name)


class _Names:
    """User names by id, looked up once."""

    def __init__(self) -> None:
        self.cache: dict[int, str] = {}

    def __call__(self, uid: int | None) -> str:
        if uid is None:
            return ""
        if uid not in self.cache:
            u = Pengguna.get_or_none(Pengguna.id == uid)
            self.cache[uid] = str(u.nama_lengkap) if u is not None else "-"
        return self.cache[uid]


def _berkas(lampiran_id: int | None) -> BerkasInfo | None:
    row = Lampiran.get_or_none(Lampiran.id == lampiran_id) if lampiran_id else None
    if row is None:
        return None
    return BerkasInfo(row.nama_asli, row.jenis_mime, int(row.ukuran), row.dibuat_pada)


def _ttl(tempat: str, lahir: dt.date | None) -> str:
    return ", ".join(x for x in (tempat, tanggal(lahir) if lahir else "") if x)


# -- the registry -------------------------------------------------------------------------


@dataclass
class _Hidden:
    """Specific-data PPKS rows the actor may not see."""

    count: int = 0
    ppks_ids: set[int] = field(default_factory=set)


def _ppks(w_id: int, kk_id: int | None, see: bool, names: _Names, keys: Keys,
          hidden: _Hidden) -> list[PpksSubjek]:
    own = DataPPKS.warga == w_id
    if kk_id:
        own = own | (DataPPKS.keluarga == kk_id)
    out = []
    for p in (DataPPKS.select(DataPPKS, Kategori).join(Kategori).where(own)
              .order_by(Kategori.urutan, DataPPKS.id)):
        keys[_key(DataPPKS)].add(p.id)
        secret = bool(p.kategori.data_spesifik) and not see
        if secret:
            hidden.count += 1
            hidden.ppks_ids.add(p.id)
        riwayat = tuple(
            Langkah(h.tanggal, STATUS_PPKS.get(h.status, h.status), names(fk(h, "oleh")),
                    "" if secret else h.catatan)
            for h in RiwayatDataPPKS.select().where(RiwayatDataPPKS.data == p.id)
            .order_by(RiwayatDataPPKS.tanggal, RiwayatDataPPKS.id))
        out.append(PpksSubjek(
            milik="Perorangan" if fk(p, "warga") else "Keluarga",
            kategori=HIDDEN if secret else p.kategori.nama,
            status=STATUS_PPKS.get(p.status, p.status),
            rincian="" if secret else p.rincian, catatan="" if secret else p.catatan,
            tanggal_verifikasi=p.tanggal_verifikasi,
            diverifikasi_oleh=names(fk(p, "diverifikasi_oleh")), dicatat_pada=p.dibuat_pada,
            riwayat=riwayat, foto=None if secret else _berkas(fk(p, "foto")),
            spesifik=bool(p.kategori.data_spesifik) and not secret, tersembunyi=secret))
    return out


def _register_bantuan(w_id: int, kk_id: int | None, keys: Keys) -> tuple[list[str], list[str]]:
    def owned(model: Any) -> Any:
        cond = model.warga == w_id
        return cond | (model.keluarga == kk_id) if kk_id else cond

    regs = []
    for r in StatusRegister.select().where(owned(StatusRegister)).order_by(
            StatusRegister.tanggal_cek, StatusRegister.id):
        keys[_key(StatusRegister)].add(r.id)
        regs.append(f"{register_label(r)} (ID {r.id_register or '-'}, dicek "
                    f"{tanggal(r.tanggal_cek)})" + (" [keluarga]" if fk(r, "keluarga") else ""))
    aid = []
    for b in (BantuanDiterima.select(BantuanDiterima, ProgramBantuan).join(ProgramBantuan)
              .where(owned(BantuanDiterima)).order_by(BantuanDiterima.periode,
                                                      BantuanDiterima.id)):
        keys[_key(BantuanDiterima)].add(b.id)
        aid.append(f"{program_label(b.program)} {b.periode} - {b.status}"
                   + (f" ({b.sumber})" if b.sumber else "")
                   + (" [keluarga]" if fk(b, "keluarga") else ""))
    return regs, aid


def _warga(nik: str, kecamatan: str, see: bool, names: _Names, keys: Keys,
           hidden: _Hidden, scope: int | None = None) -> list[WargaSubjek]:
    out = []
    q = Warga.select().where(Warga.nik == nik)
    if scope is not None:
        q = q.where(Warga.desa.in_(lingkup.desa_ids(scope)))
    for w in q.order_by(Warga.id):
        keys[_key(Warga)].add(w.id)
        kk_id = fk(w, "keluarga")
        keluarga = None
        if kk_id:
            keys[_key(Keluarga)].add(kk_id)
            k = Keluarga.get_by_id(kk_id)
            anggota = tuple((m.nama, m.hubungan or "-") for m in
                            Warga.select(Warga.nama, Warga.hubungan)
                            .where(Warga.keluarga == kk_id).order_by(Warga.id))
            keluarga = KeluargaSubjek(
                k.no_kk or "", k.kepala,
                alamat_lengkap(k.alamat, k.rt, k.rw, fk(k, "desa"), fk(k, "dusun"), kecamatan),
                anggota)
        rincian = [
            ("NIK", w.nik), ("Nama", w.nama),
            ("Jenis kelamin", JENIS_KELAMIN.get(w.jenis_kelamin, w.jenis_kelamin)),
            ("Tempat, tanggal lahir", _ttl(w.tempat_lahir, w.tanggal_lahir)),
            ("Alamat", alamat_lengkap(w.alamat, w.rt, w.rw, fk(w, "desa"), fk(w, "dusun"),
                                      kecamatan)),
            ("Hubungan dalam keluarga", w.hubungan),
        ]
        if w.meninggal:
            rincian.append(("Keterangan", "Tercatat meninggal dunia"))
        rincian += [("Dicatat pada", waktu(w.dibuat_pada)),
                    ("Terakhir diubah", waktu(w.diubah_pada))]
        regs, aid = _register_bantuan(w.id, kk_id, keys)
        out.append(WargaSubjek(w.id, w.nama, tuple(rincian), keluarga,
                               tuple(_ppks(w.id, kk_id, see, names, keys, hidden)),
                               tuple(regs), tuple(aid)))
    return out


def _psks(nik: str, keys: Keys, scope: int | None = None) -> list[PsksSubjek]:
    out = []
    q = DataPSKS.select(DataPSKS, Kategori).join(Kategori).where(DataPSKS.nik == nik)
    if scope is not None:
        q = q.where(DataPSKS.desa.in_(lingkup.desa_ids(scope)))
    for p in q:
        keys[_key(DataPSKS)].add(p.id)
        desa = Desa.get_or_none(Desa.id == fk(p, "desa"))
        out.append(PsksSubjek(p.id, p.nama, (
            ("Kategori PSKS", f"{p.kategori.kode} {p.kategori.nama}"), ("Nama", p.nama),
            ("NIK", p.nik or ""), ("Desa/kelurahan", desa.nama if desa else ""),
            ("Alamat", p.alamat), ("Kontak", p.kontak), ("Ketua", p.ketua),
            ("Status", "Aktif" if p.status == "aktif" else "Tidak aktif"),
            ("Catatan", p.catatan), ("Dicatat pada", waktu(p.dibuat_pada)))))
    return out


# -- TKSK candidates ------------------------------------------------------------------------


def _ya_tidak(value: bool | None) -> str:
    return "belum diketahui" if value is None else ("Ya" if value else "Tidak")


def _pendaftar_rincian(p: Any) -> tuple[tuple[str, str], ...]:
    desa = Desa.get_or_none(Desa.id == fk(p, "desa_domisili")) if fk(p, "desa_domisili") else None
    rt_rw = "/".join(x for x in (f"RT {p.rt}" if p.rt else "", f"RW {p.rw}" if p.rw else "")
                     if x)
    ktp = " ".join(x for x in (p.kecamatan_ktp_kode or "", p.kecamatan_ktp_nama or "") if x)
    return (
        ("NIK", p.nik), ("Nama", p.nama),
        ("Jenis kelamin", JENIS_KELAMIN.get(p.jenis_kelamin, p.jenis_kelamin)),
        ("Tempat, tanggal lahir", _ttl(p.tempat_lahir, p.tanggal_lahir)),
        ("Kewarganegaraan", p.kewarganegaraan or "belum diketahui"),
        ("Alamat", ", ".join(x for x in (p.alamat, rt_rw) if x)),
        ("Domisili", desa.nama if desa else (p.domisili_lain or "belum diketahui")),
        ("Kecamatan KTP", ktp or "belum diketahui"),
        ("Pendidikan terakhir", p.pendidikan or "belum diketahui"),
        ("Status kepegawaian", p.status_kepegawaian or "belum diketahui"),
        ("Pilar sosial", p.pilar_sosial or "belum diketahui"),
        ("Dapat menggunakan komputer", _ya_tidak(p.dapat_komputer)),
        ("Surat keterangan sehat", p.surat_sehat or "belum ada"),
        ("SKCK", p.skck or "belum ada"), ("Tanggal pendaftaran", tanggal(p.tanggal_daftar)),
        ("Periode rekrutmen", p.periode_rekrutmen), ("No. HP", p.telepon),
        ("Catatan", p.catatan), ("Dicatat pada", waktu(p.dibuat_pada)))


def _penugasan(pid: int, keys: Keys) -> list[PenugasanSubjek]:
    out = []
    for t in Penugasan.select().where(Penugasan.pendaftar == pid).order_by(Penugasan.mulai):
        keys[_key(Penugasan)].add(t.id)
        stop = Pemberhentian.get_or_none(Pemberhentian.penugasan == t.id)
        berhenti = ""
        files = [_berkas(fk(t, "lampiran_sk"))]
        if stop is not None:
            keys[_key(Pemberhentian)].add(stop.id)
            alasan = AlasanPemberhentian.get_by_id(fk(stop, "alasan")).nama
            berhenti = f"Diberhentikan {tanggal(stop.tanggal)}: {alasan}" + (
                f" ({stop.catatan})" if stop.catatan else "")
            files.append(_berkas(fk(stop, "lampiran")))
        jumlah = Kegiatan.select().where(Kegiatan.penugasan == t.id).count()
        out.append(PenugasanSubjek(t.sk_nomor, t.sk_tanggal, t.sk_penerbit, t.mulai, t.selesai,
                                   bool(t.aktif), berhenti,
                                   tuple(f for f in files if f is not None), int(jumlah)))
    return out


def _pendaftar(nik: str, names: _Names, keys: Keys, scope: int | None = None
               ) -> list[PendaftarSubjek]:
    urutan = {k.kode: i for i, k in enumerate(KRITERIA)}
    out = []
    q = Pendaftar.select().where(Pendaftar.nik == nik)
    if scope is not None:
        q = q.where(Pendaftar.kecamatan == scope)
    for p in q.order_by(Pendaftar.tanggal_daftar):
        keys[_key(Pendaftar)].add(p.id)
        dokumen = []
        for b in (Berkas.select(Berkas, JenisBerkas).join(JenisBerkas)
                  .where(Berkas.pendaftar == p.id).order_by(JenisBerkas.urutan, Berkas.id)):
            keys[_key(Berkas)].add(b.id)
            info = _berkas(fk(b, "lampiran")) or BerkasInfo("(berkas hilang)", "-", 0)
            verif = (f"Terverifikasi oleh {names(fk(b, 'diverifikasi_oleh'))}, "
                     f"{waktu(b.diverifikasi_pada)}" if fk(b, "diverifikasi_oleh")
                     else "Belum diverifikasi")
            dokumen.append(DokumenSubjek(b.jenis.nama, info, b.keterangan, verif))
        checks = sorted(PemeriksaanSyarat.select().where(PemeriksaanSyarat.pendaftar == p.id),
                        key=lambda s: urutan.get(s.kriteria, 99))
        syarat = []
        for s in checks:
            keys[_key(PemeriksaanSyarat)].add(s.id)
            k = KRITERIA_BY_KODE.get(s.kriteria)
            syarat.append(SyaratSubjek(f"{k.pasal}: {k.judul}" if k else s.kriteria,
                                       HASIL_LABEL.get(s.hasil, s.hasil), s.nilai,
                                       s.keterangan, s.diperiksa_pada))
        keputusan = []
        for d in (KeputusanSeleksi.select().where(KeputusanSeleksi.pendaftar == p.id)
                  .order_by(KeputusanSeleksi.tanggal, KeputusanSeleksi.id)):
            keys[_key(KeputusanSeleksi)].add(d.id)
            keputusan.append(Langkah(d.tanggal, KEPUTUSAN.get(d.keputusan, d.keputusan),
                                     names(fk(d, "dicatat_oleh")), d.catatan))
        out.append(PendaftarSubjek(p.id, p.nama, _pendaftar_rincian(p), tuple(dokumen),
                                   tuple(syarat), tuple(keputusan),
                                   tuple(_penugasan(p.id, keys))))
    return out


# -- activities and referrals ---------------------------------------------------------------


def _sasaran(warga_ids: set[int], kk_ids: set[int]) -> Any:
    cond = KegiatanSasaran.warga.in_(list(warga_ids)) if warga_ids else None
    if kk_ids:
        kk = KegiatanSasaran.keluarga.in_(list(kk_ids))
        cond = kk if cond is None else cond | kk
    return cond


def _kegiatan(warga_ids: set[int], kk_ids: set[int], keys: Keys, scope: int | None = None
              ) -> list[KegiatanSubjek]:
    cond = _sasaran(warga_ids, kk_ids)
    if cond is None:
        return []
    if scope is not None:
        cond = cond & KegiatanSasaran.kegiatan.in_(
            Kegiatan.select(Kegiatan.id).where(Kegiatan.kecamatan == scope))
    sebagai: dict[int, set[str]] = defaultdict(set)
    for s in KegiatanSasaran.select().where(cond):
        sebagai[fk(s, "kegiatan")].add("perorangan" if fk(s, "warga") else "keluarga")
    if not sebagai:
        return []
    fungsi = {f.id: f.nama for f in FungsiKegiatan.select()}
    bentuk = {b.id: b.nama for b in BentukKegiatan.select()}
    tempat: dict[int, list[str]] = defaultdict(list)
    for kd in (KegiatanDesa.select(KegiatanDesa, Desa).join(Desa)
               .where(KegiatanDesa.kegiatan.in_(list(sebagai))).order_by(Desa.nama)):
        tempat[fk(kd, "kegiatan")].append(kd.desa.nama)
    out = []
    for k in (Kegiatan.select().where(Kegiatan.id.in_(list(sebagai)))
              .order_by(Kegiatan.tanggal, Kegiatan.id)):
        keys[_key(Kegiatan)].add(k.id)
        where = ", ".join(tempat.get(k.id, [])) or (
            "Tingkat kecamatan" if k.lingkup == "kecamatan" else "-")
        foto = KegiatanFoto.select().where(KegiatanFoto.kegiatan == k.id).count()
        out.append(KegiatanSubjek(
            k.id, k.tanggal, fungsi.get(fk(k, "fungsi"), ""), bentuk.get(fk(k, "bentuk"), ""),
            where, k.judul, k.uraian,
            "Sasaran " + " dan ".join(sorted(sebagai[k.id])), int(foto)))
    return out


def _rujukan(warga_ids: set[int], kk_ids: set[int], names: _Names,
             keys: Keys, scope: int | None = None) -> list[RujukanSubjek]:
    cond = Rujukan.warga.in_(list(warga_ids)) if warga_ids else None
    if kk_ids:
        kk = Rujukan.keluarga.in_(list(kk_ids))
        cond = kk if cond is None else cond | kk
    if cond is None:
        return []
    if scope is not None:
        cond = cond & (Rujukan.kecamatan == scope)
    out = []
    for r in Rujukan.select().where(cond).order_by(Rujukan.tanggal, Rujukan.id):
        keys[_key(Rujukan)].add(r.id)
        if fk(r, "warga"):
            klien = "Perorangan (pemilik NIK)"
        else:
            klien = f"Keluarga (kepala keluarga: {Keluarga.get_by_id(fk(r, 'keluarga')).kepala})"
        riwayat = tuple(
            Langkah(h.tanggal, STATUS.get(h.status, h.status), names(fk(h, "oleh")), h.alasan,
                    (_berkas(fk(h, "lampiran")) or BerkasInfo("", "", 0)).nama)
            for h in RiwayatRujukan.select().where(RiwayatRujukan.rujukan == r.id)
            .order_by(RiwayatRujukan.tanggal, RiwayatRujukan.id))
        setuju = PERSETUJUAN.get(r.persetujuan, r.persetujuan) + (
            f": {r.alasan_tanpa_persetujuan}" if r.alasan_tanpa_persetujuan else "")
        out.append(RujukanSubjek(
            r.id, r.nomor_surat, r.tanggal, klien, r.kebutuhan,
            InstansiRujukan.get_by_id(fk(r, "instansi")).nama, STATUS.get(r.status, r.status),
            setuju, r.jatuh_tempo, HASIL.get(r.hasil, ""), r.balasan, riwayat))
    return out


# -- the processing history -----------------------------------------------------------------


def _jejak(nik: str, keys: Keys, hidden_ppks: set[int], scope: int | None = None
           ) -> list[JejakSubjek]:
    cond = (JejakAudit.ringkasan.contains(nik) | JejakAudit.data_lama.contains(nik)
            | JejakAudit.data_baru.contains(nik))
    if scope is not None:  # entries that only mention the NIK: those of the kecamatan's users
        cond = cond & audit_query.oleh_kecamatan(scope)
    for tabel, ids in keys.items():
        if ids:
            cond = cond | ((JejakAudit.tabel == tabel)
                           & JejakAudit.rekaman_id.in_([str(i) for i in sorted(ids)]))
    rows = {j.id: j for j in JejakAudit.select().where(cond)}
    # earlier subject-access requests: same masked NIK and at least one of the same records
    ours = {f"{t}:{i}" for t, ids in keys.items() for i in ids}
    earlier = (JejakAudit.aksi == AKSI) & JejakAudit.ringkasan.contains(mask_nik(nik))
    if scope is not None:
        earlier = earlier & audit_query.oleh_kecamatan(scope)
    for j in JejakAudit.select().where(earlier):
        try:
            covered = set(json.loads(j.data_baru or "{}").get("rekaman", []))
        except (ValueError, AttributeError):
            covered = set()
        if covered & ours:
            rows[j.id] = j
    out = []
    for j in sorted(rows.values(), key=lambda e: (e.waktu, e.id)):
        secret = j.tabel == _key(DataPPKS) and j.rekaman_id.isdigit() \
            and int(j.rekaman_id) in hidden_ppks
        out.append(JejakSubjek(j.waktu, j.pelaku, AKSI_LABELS.get(j.aksi, j.aksi),
                               TABEL.get(j.tabel, j.tabel or "-"),
                               HIDDEN if secret else j.ringkasan))
    return out


# -- the collection -------------------------------------------------------------------------


def _collect(actor: Actor, nik: str, when: dt.datetime | None = None
             ) -> tuple[DataSubjek, list[str]]:
    """The report's data and the ``tabel:id`` keys of the records found (for the audit). In a
    Dinas database only the records of the actor's kecamatan (a kabupaten-wide user: all)."""
    scope = lingkup.batas(actor)
    info = get_office(lingkup.kecamatan_scope(actor))
    kecamatan = info.kecamatan if info is not None else ""
    see = can_see_specific(actor)
    names = _Names()
    keys: Keys = defaultdict(set)
    hidden = _Hidden()
    warga = _warga(nik, kecamatan, see, names, keys, hidden, scope)
    psks = _psks(nik, keys, scope)
    pendaftar = _pendaftar(nik, names, keys, scope)
    warga_ids = set(keys.get(_key(Warga), set()))
    kk_ids = set(keys.get(_key(Keluarga), set()))
    kegiatan = _kegiatan(warga_ids, kk_ids, keys, scope)
    rujukan = _rujukan(warga_ids, kk_ids, names, keys, scope)
    jejak = _jejak(nik, keys, hidden.ppks_ids, scope)
    officer = privasi.dpo()
    spesifik = [ROLE_LABELS.get(r.strip(), r.strip())
                for r in str(settings.get("data.peran_data_spesifik")).split(",") if r.strip()]
    data = DataSubjek(
        nik=nik, dibuat_pada=when or now(), oleh=_printer_name(actor),
        pemberitahuan=pdf.Pemberitahuan(privasi.tujuan(), tuple(officer.baris())),
        kop=_kop(info) if info is not None else None, kecamatan=kecamatan,
        tempat=(info.kantor.tempat_surat or info.kecamatan) if info is not None else "",
        warga=tuple(warga), psks=tuple(psks), pendaftar=tuple(pendaftar),
        kegiatan=tuple(kegiatan), rujukan=tuple(rujukan), jejak=tuple(jejak),
        disembunyikan=hidden.count, peran_data_spesifik=tuple(spesifik))
    covered = sorted(f"{t}:{i}" for t, ids in keys.items() for i in ids)
    return data, covered


def _record(actor: Actor, nik: str, data: DataSubjek, covered: list[str], what: str,
            extra: dict[str, Any] | None = None) -> None:
    found = (f"{data.jumlah_catatan} catatan, {len(data.jejak)} riwayat" if not data.kosong
             else "tidak ada data")
    audit.record(actor, AKSI, "", "", f"Akses subjek data NIK {mask_nik(nik)}: {what} ({found})",
                 baru={"nik": mask_nik(nik), "rekaman": covered,
                       "disembunyikan": data.disembunyikan, **(extra or {})})


def kumpulkan(actor: Actor, nik: str) -> DataSubjek:
    """Everything held about ``nik`` (see the module doc); the collection is audited."""
    require(actor, Aksi.AKSES_SUBJEK)
    cleaned = bersihkan_nik(nik)
    data, covered = _collect(actor, cleaned)
    _record(actor, cleaned, data, covered, "data dikumpulkan")
    return data


@dataclass(frozen=True)
class Laporan:
    path: Path
    data: DataSubjek


def buat_laporan(actor: Actor, nik: str, dest: str | os.PathLike[str], *,
                 kertas: str = "A4") -> Laporan:
    """Write the subject-access report of ``nik`` to ``dest`` (PDF, A4 or F4) through a
    temporary file; the print is audited once the file is complete (a failure to record
    removes the file again). A file-system failure raises ``cetak_tksk.PrintFileError``."""
    require(actor, Aksi.AKSES_SUBJEK)
    cleaned = bersihkan_nik(nik)
    _check_paper(kertas)
    data, covered = _collect(actor, cleaned)
    target = Path(dest)
    out = _written(
        target,
        lambda: pdf.render(target, data, kertas),
        lambda written: _record(actor, cleaned, data, covered, f"laporan PDF {written.name}",
                                {"berkas": written.name, "kertas": kertas}),
    )
    return Laporan(out, data)


def tulis_pdf(actor: Actor, nik: str, dest: str | os.PathLike[str], *,
              kertas: str = "A4") -> Path:
    """:func:`buat_laporan`, returning only the written file."""
    return buat_laporan(actor, nik, dest, kertas=kertas).path
