"""The records the subject-access report (:mod:`akses_subjek`) gathers about one NIK, group by
group: the registry person (identity, household with the members' names and relation only, PPKS
categories with their status history and photo metadata, register status and aid), PSKS records,
TKSK candidate records (documents, Pasal 9 checks, selection decisions, SK and termination), and
the activities and referrals where the person or their household is the beneficiary or client.
No Qt.

Each function adds the ids of the records it read to ``keys`` (by table), for the processing
history and the audit entry that :mod:`akses_subjek` makes; specific-data PPKS rows the actor
may not see are counted in :class:`_Hidden` and shown as hidden.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
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
from ..models.base import fk
from ..reports.akses_subjek_data import (
    BerkasInfo,
    DokumenSubjek,
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
from . import lingkup
from .cetak_rujukan import alamat_lengkap
from .eligibility import HASIL_LABEL, KRITERIA, KRITERIA_BY_KODE
from .formatting import tanggal, waktu
from .registri_cari import HIDDEN, STATUS_PPKS, program_label, register_label
from .rujukan import HASIL, PERSETUJUAN, STATUS

JENIS_KELAMIN = {"L": "Laki-laki", "P": "Perempuan"}
KEPUTUSAN = {"diusulkan": "Diusulkan", "ditetapkan": "Ditetapkan",
             "tidak_dipilih": "Tidak dipilih"}

#: The ids of the records found, by table name.
Keys = dict[str, set[int]]


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
