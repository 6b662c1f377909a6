"""Helpers for tests of a Dinas Sosial database (every kecamatan of Muara Enim, 16.03)."""

from __future__ import annotations

from typing import Any

from kecamatan_app.models import Kecamatan
from kecamatan_app.services import dinas, kantor, users
from kecamatan_app.services.context import Actor

SANDI = "Rahasia123"
KABUPATEN = "16.03"
#: Two kecamatan of Muara Enim used as "A" and "B".
KODE_A = "16.03.06"  # Gelumbang
KODE_B = "16.03.01"  # Tanjung Agung


def setup(with_admin: bool = True) -> dinas.DinasInfo:
    admin = kantor.AdminData("dinasadmin", "Admin Dinas Sosial", SANDI, SANDI)
    return dinas.setup_dinas(KABUPATEN, admin if with_admin else None)


def kecamatan_id(kode: str) -> int:
    return int(Kecamatan.get(Kecamatan.kode == kode).id)


def login(name: str) -> Actor:
    return users.login(name, SANDI).actor


def make_user(admin: Actor, name: str, peran: str, kode: str | None) -> Actor:
    """A user of ``kode``'s kecamatan (None: the whole kabupaten) who has set their password."""
    kec = kecamatan_id(kode) if kode else None
    info = users.create_user(admin, name, f"Pengguna {name}", peran, SANDI, SANDI,
                             kecamatan_id=kec)
    return users.actor_for(users._get(info.id))


def page(qtbot: Any, cls: type, actor: Actor, width: int = 1200) -> Any:
    """A page of the main window (``cls(actor)``), ``width`` x 800, closed after the test."""
    widget = cls(actor)
    qtbot.addWidget(widget)
    widget.resize(width, 800)
    loaded = getattr(widget, "loaded", None)
    if callable(loaded):  # the Beranda reads its first numbers off the GUI thread
        qtbot.waitUntil(loaded, timeout=20000)
    return widget


def actors(admin: Actor) -> dict[str, Any]:
    """The usual cast: kabupaten admin, dinas, and admin/operator/tksk/camat of A and of B."""
    out: dict[str, Any] = {"admin": admin, "dinas": make_user(admin, "dinas1", "dinas", None)}
    for suffix, kode in (("a", KODE_A), ("b", KODE_B)):
        for peran in ("admin", "operator", "tksk", "camat"):
            out[f"{peran}_{suffix}"] = make_user(admin, f"{peran}.{suffix}", peran, kode)
    return out


# -- a Dinas database with two kecamatan full of records -------------------------------------

import datetime as dt  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402

from kecamatan_app.models import Desa  # noqa: E402

HARI = dt.date.today() - dt.timedelta(days=60)


@dataclass
class Isi:
    """The records of one kecamatan of :func:`dunia`."""

    kode: str
    kecamatan_id: int
    desa_id: int
    warga_id: int = 0
    warga_nik: str = ""
    warga_nama: str = ""
    keluarga_id: int = 0
    ppks_id: int = 0
    register_id: int = 0
    psks_id: int = 0
    pendaftar_id: int = 0
    penugasan_id: int = 0
    berkas_id: int = 0
    kegiatan_id: int = 0
    rujukan_id: int = 0
    laporan_id: int = 0
    lama_id: int = 0  # a person with no active category (retention)
    nama: set[str] = field(default_factory=set)  # every person/household/PSKS name of it


@dataclass
class Dunia:
    cast: dict[str, Any]
    a: Isi
    b: Isi


def _desa_pertama(kode: str) -> int:
    kec = kecamatan_id(kode)
    return int(Desa.select().where(Desa.kecamatan == kec).order_by(Desa.kode).first().id)


def _nik(kode: str, n: int, born: dt.date, female: bool = False) -> str:
    day = born.day + (40 if female else 0)
    return f"{kode.replace('.', '')}{day:02d}{born.month:02d}{born.year % 100:02d}{n:04d}"


def _isi(cast: dict[str, Any], suffix: str, kode: str, tmp: Any) -> Isi:
    from kecamatan_app.models import Kategori, ProgramBantuan
    from kecamatan_app.services import (
        berkas,
        kegiatan,
        laporan,
        pendaftar,
        penugasan,
        psks,
        registri,
        registri_ppks,
        rekap,
        rujukan,
    )
    from kecamatan_app.services.kegiatan_periksa import KegiatanData
    from tests.kegiatan_bantu import bentuk, fungsi, instansi

    adm, op, tk = cast[f"admin_{suffix}"], cast[f"operator_{suffix}"], cast[f"tksk_{suffix}"]
    label = suffix.upper()
    isi = Isi(kode, kecamatan_id(kode), _desa_pertama(kode))
    born = dt.date(1980, 5, 17)
    isi.warga_nik = _nik(kode, 2, born)
    isi.warga_nama = f"Warga {label} Satu"
    isi.keluarga_id = registri.create_keluarga(op, registri.KeluargaData(
        kepala=f"Kepala {label}", desa_id=isi.desa_id)).id
    isi.warga_id = registri.create_warga(op, registri.WargaData(
        nik=isi.warga_nik, nama=isi.warga_nama, jenis_kelamin="L", tanggal_lahir=born,
        keluarga_id=isi.keluarga_id, desa_id=isi.desa_id)).id
    isi.lama_id = registri.create_warga(op, registri.WargaData(
        nama=f"Warga {label} Lama", jenis_kelamin="P", desa_id=isi.desa_id)).id
    kat = Kategori.get((Kategori.jenis == "PPKS") & (Kategori.kode == "01"))
    isi.ppks_id = registri_ppks.add_ppks(op, registri_ppks.PPKSData(
        kategori_id=kat.id, warga_id=isi.warga_id)).id
    isi.register_id = registri_ppks.save_register(op, registri_ppks.RegisterData(
        warga_id=isi.warga_id, tanggal_cek=HARI)).id
    registri_ppks.add_bantuan(op, registri_ppks.BantuanData(
        program_id=ProgramBantuan.select().first().id, periode="2026", warga_id=isi.warga_id))
    kat_psks = Kategori.get(Kategori.jenis == "PSKS")
    isi.psks_id = psks.create(op, psks.PsksData(
        kategori_id=kat_psks.id, nama=f"PSKS {label}", desa_id=isi.desa_id)).row.id
    rekap.save_cells(op, rekap.Periode(HARI.year), [
        rekap.CellChange(isi.desa_id, kat.id, "desa", 7 if suffix == "a" else 11)])
    # a TKSK candidate, appointed, with a scanned document
    mulai = dt.date.today() - dt.timedelta(days=400)
    daftar = mulai - dt.timedelta(days=30)
    cand_born = dt.date(daftar.year - 27, 3, 12)
    isi.pendaftar_id, _ = pendaftar.create(adm, pendaftar.PendaftarData(
        nik=_nik(kode, 9, cand_born, female=True), nama=f"Calon {label}", jenis_kelamin="P",
        tempat_lahir="Muara Enim", tanggal_lahir=cand_born, kewarganegaraan="WNI",
        desa_domisili_id=isi.desa_id, pendidikan="SMA",
        status_kepegawaian="Bukan ASN/TNI/Polri/Legislatif", pilar_sosial="Karang Taruna",
        dapat_komputer=True, surat_sehat="Ada", skck="Ada", tanggal_daftar=daftar))
    scan = tmp / f"ktp-{suffix}.pdf"
    scan.write_bytes(b"%PDF-1.4 contoh " + suffix.encode())
    isi.berkas_id = berkas.attach(adm, isi.pendaftar_id, berkas.types()[1].id, scan)
    isi.penugasan_id = penugasan.appoint(adm, isi.pendaftar_id, penugasan.SkData(
        f"460/00{suffix}/SK", mulai, "Dinas Sosial Kabupaten Muara Enim", mulai)).id
    # an activity, a referral and the month's report of the TKSK
    isi.kegiatan_id = kegiatan.create(tk, KegiatanData(
        tanggal=HARI, fungsi_id=fungsi("koordinasi"), bentuk_id=bentuk("koordinasi_informasi"),
        judul=f"Rapat koordinasi {label}", jam_mulai=dt.time(9, 0), jam_selesai=dt.time(11),
        lingkup="desa", desa_ids=[isi.desa_id], peserta_l=3, peserta_p=4,
        uraian=f"Uraian kegiatan {label}", hasil="Disepakati.", status="final")).id
    isi.rujukan_id = rujukan.create(tk, rujukan.RujukanData(
        tanggal=HARI, instansi_id=instansi("puskesmas"), kebutuhan=f"Kebutuhan {label}",
        warga_id=isi.warga_id)).id
    isi.laporan_id = laporan.open_month(tk, HARI.year, HARI.month).id
    isi.nama = {isi.warga_nama, f"Warga {label} Lama", f"Kepala {label}", f"PSKS {label}",
                f"Calon {label}"}
    return isi


def dunia(tmp: Any) -> Dunia:
    """A Dinas database of Muara Enim with Gelumbang (A) and Tanjung Agung (B) filled."""
    setup()
    cast = actors(login("dinasadmin"))
    return Dunia(cast, _isi(cast, "a", KODE_A, tmp), _isi(cast, "b", KODE_B, tmp))
