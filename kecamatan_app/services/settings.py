"""Application settings, declared once with default, label, type and bounds."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..models import Pengaturan
from ..models.base import now
from . import audit
from .context import Actor
from .errors import ValidationError
from .permissions import Aksi, require
from .tx import write


@dataclass(frozen=True)
class Setting:
    key: str
    default: Any
    label: str
    minimum: int | None = None
    maximum: int | None = None
    #: For text settings: returns an Indonesian message when the value is not acceptable.
    check: Callable[[str], str | None] | None = None
    group: str = "keamanan"

    def coerce(self, value: Any) -> Any:
        kind = type(self.default)
        try:
            if kind is bool:
                result: Any = value if isinstance(value, bool) else str(value).lower() in (
                    "1", "ya", "true", "benar")
            else:
                result = kind(value)
        except (TypeError, ValueError) as exc:
            raise ValidationError.single(
                self.key, f"{self.label}: nilai '{value}' tidak sah."
            ) from exc
        if isinstance(result, str):
            result = result.strip()
            problem = self.check(result) if self.check else None
            if problem:
                raise ValidationError.single(self.key, f"{self.label}: {problem}")
        if isinstance(result, int) and not isinstance(result, bool):
            if self.minimum is not None and result < self.minimum:
                raise ValidationError.single(
                    self.key, f"{self.label}: paling kecil {self.minimum}.")
            if self.maximum is not None and result > self.maximum:
                raise ValidationError.single(
                    self.key, f"{self.label}: paling besar {self.maximum}.")
        return result


def _check_date(text: str) -> str | None:
    if not text:
        return None
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return "tulis tanggal sebagai TTTT-BB-HH (contoh 2026-10-01) atau kosongkan."
    return None


def _check_nomor(text: str) -> str | None:
    if "{urut" not in text:
        return "format harus memuat {urut} (nomor urut tahunan), contoh {urut:03d}/RJK/{tahun}."
    try:
        text.format(urut=1, tahun=2026, bulan=1, romawi="I", kode="16.03.06")
    except (KeyError, IndexError, ValueError) as exc:
        return (f"format tidak sah ({exc}). Kata yang dikenal: {{urut}}, {{tahun}}, {{bulan}}, "
                "{romawi}, {kode}.")
    return None


def _check_judul(text: str) -> str | None:
    if not text.strip():
        return "judul tidak boleh kosong."
    try:
        text.format(kecamatan="X", kabupaten="Y", bulan="Z", tahun=2026)
    except (KeyError, IndexError, ValueError) as exc:
        return (f"judul tidak sah ({exc}). Kata yang dikenal: {{kecamatan}}, {{kabupaten}}, "
                "{bulan}, {tahun}.")
    return None


def _check_list(allowed: tuple[str, ...], what: str) -> Callable[[str], str | None]:
    def check(text: str) -> str | None:
        items = [x.strip() for x in text.split(",") if x.strip()]
        bad = [x for x in items if x not in allowed]
        if bad:
            return f"{what} tidak dikenal: {', '.join(bad)}. Pilihan: {', '.join(allowed)}."
        return None

    return check


from .eligibility import KRITERIA, PENDIDIKAN, PENDIDIKAN_LULUS_BAWAAN  # noqa: E402

_DECLARED: list[Setting] = [
    Setting("keamanan.maks_gagal_login", 5, "Batas gagal masuk sebelum akun dikunci", 3, 20),
    Setting("keamanan.lama_kunci_menit", 15, "Lama akun terkunci setelah gagal masuk (menit)",
            1, 1440),
    Setting("keamanan.panjang_sandi_min", 8, "Panjang kata sandi minimal", 8, 64),
    Setting("data.peran_data_spesifik", "admin,operator,tksk",
            "Peran yang boleh melihat rincian kategori data spesifik (kesehatan, pidana, anak)",
            check=_check_list(("admin", "operator", "tksk", "camat", "dinas"), "Peran"),
            group="perlindungan_data"),
    Setting("tksk.usia_min", 20, "Usia paling rendah calon TKSK (tahun)", 15, 60, group="tksk"),
    Setting("tksk.usia_maks", 35, "Usia paling tinggi calon TKSK (tahun)", 15, 70, group="tksk"),
    Setting("tksk.tanggal_acuan", "", "Tanggal acuan usia (kosong: tanggal pendaftaran)",
            check=_check_date, group="tksk"),
    Setting("tksk.pppk_asn", True, "PPPK dihitung sebagai ASN (huruf c)", group="tksk"),
    Setting("tksk.pendidikan_lulus", ",".join(PENDIDIKAN_LULUS_BAWAAN),
            "Pendidikan yang dihitung SMA sederajat atau lebih tinggi",
            check=_check_list(PENDIDIKAN, "Jenjang pendidikan"), group="tksk"),
    Setting("tksk.berkas_wajib", "",
            "Kriteria yang wajib didukung berkas terverifikasi (kode, dipisah koma)",
            check=_check_list(tuple(k.kode for k in KRITERIA), "Kode kriteria"), group="tksk"),
]
_DECLARED += [
    Setting("rujukan.tenggat_hari", 14,
            "Tenggat jawaban instansi rujukan bila tidak diisi (hari sejak tanggal rujukan)",
            1, 365, group="kegiatan"),
    Setting("rujukan.format_nomor", "{urut:03d}/RJK-TKSK/{kode}/{romawi}/{tahun}",
            "Format nomor surat rujukan ({urut}, {tahun}, {bulan}, {romawi}, {kode})",
            check=lambda text: _check_nomor(text), group="kegiatan"),
]
_PENDAHULUAN = (
    "A. Latar Belakang\n"
    "Tenaga Kesejahteraan Sosial Kecamatan (TKSK) membantu Kementerian Sosial dan Dinas Sosial "
    "dalam penyelenggaraan kesejahteraan sosial di tingkat kecamatan melalui fungsi koordinasi, "
    "fasilitasi dan administrasi. Laporan ini menyajikan kegiatan yang dilaksanakan selama "
    "bulan pelaporan.\n\n"
    "B. Dasar Hukum\n"
    "1. Undang-Undang Nomor 11 Tahun 2009 tentang Kesejahteraan Sosial;\n"
    "2. Peraturan Pemerintah Nomor 39 Tahun 2012 tentang Penyelenggaraan Kesejahteraan Sosial;\n"
    "3. Peraturan Menteri Sosial Nomor 28 Tahun 2018 tentang Tenaga Kesejahteraan Sosial "
    "Kecamatan;\n"
    "4. Surat Keputusan pengangkatan TKSK yang bersangkutan.\n\n"
    "C. Maksud dan Tujuan\n"
    "Laporan ini dimaksudkan sebagai pertanggungjawaban pelaksanaan tugas TKSK dan sebagai bahan "
    "informasi bagi Camat dan Dinas Sosial dalam menyusun kebijakan penanganan masalah "
    "kesejahteraan sosial.")
_PENUTUP = (
    "Demikian laporan kegiatan bulanan ini kami sampaikan sebagai bahan informasi dan "
    "pertanggungjawaban. Atas perhatian dan kerja sama semua pihak kami ucapkan terima kasih.")
_TEMBUSAN = ("Kepala Dinas Sosial Kabupaten/Kota\nKepala Dinas Sosial Provinsi\n"
             "Direktur Pemberdayaan Sosial Perorangan, Keluarga dan Kelembagaan Masyarakat, "
             "Kementerian Sosial RI\nArsip")
BAGIAN_LAPORAN: tuple[str, ...] = ("identitas", "pendahuluan", "kegiatan", "rekap", "kendala",
                                   "penutup", "tanda_tangan", "tembusan", "lampiran_foto",
                                   "riwayat")
_DECLARED += [
    Setting("laporan.batas_hari", 5,
            "Batas pengajuan laporan bulanan: tanggal ke- pada bulan berikutnya", 1, 28,
            group="laporan"),
    Setting("laporan.judul",
            "LAPORAN KEGIATAN BULANAN\nTENAGA KESEJAHTERAAN SOSIAL KECAMATAN (TKSK)\n"
            "KECAMATAN {kecamatan} {kabupaten}\nBULAN {bulan} TAHUN {tahun}",
            "Baris judul laporan ({kecamatan}, {kabupaten}, {bulan}, {tahun})",
            check=lambda text: _check_judul(text), group="laporan"),
    Setting("laporan.bagian", ",".join(BAGIAN_LAPORAN), "Bagian yang dicetak pada laporan",
            check=_check_list(BAGIAN_LAPORAN, "Bagian"), group="laporan"),
    Setting("laporan.pendahuluan", _PENDAHULUAN, "Teks bawaan BAB I Pendahuluan",
            group="laporan"),
    Setting("laporan.penutup", _PENUTUP, "Teks bawaan BAB IV Penutup", group="laporan"),
    Setting("laporan.tembusan", _TEMBUSAN, "Tembusan bawaan (satu per baris)", group="laporan"),
]
_PRIVASI_TUJUAN = (
    "Data pribadi diolah untuk penyelenggaraan kesejahteraan sosial di kecamatan: pendaftaran "
    "dan penugasan TKSK, pemetaan PPKS dan PSKS, pencatatan kegiatan dan rujukan, serta laporan "
    "bulanan kepada Camat dan Dinas Sosial. Dasar pemrosesan: pelaksanaan tugas pelayanan "
    "publik berdasarkan peraturan perundang-undangan (UU 27/2022 Pasal 20 ayat (2) huruf e; "
    "UU 11/2009 tentang Kesejahteraan Sosial; Permensos 28/2018 tentang TKSK).")
_DECLARED += [
    Setting("keamanan.kunci_layar_menit", 10,
            "Kunci layar setelah tidak dipakai (menit; 0 = tidak pernah)", 0, 240),
    Setting("impor.maks_mb", 20, "Ukuran berkas impor paling besar (MB)", 1, 500),
    Setting("impor.maks_baris", 200_000, "Jumlah baris berkas impor paling banyak", 100,
            2_000_000),
    Setting("cadangan.otomatis", True,
            "Buat cadangan otomatis saat aplikasi pertama kali dibuka setiap hari",
            group="cadangan"),
    Setting("cadangan.simpan_n", 7, "Jumlah cadangan otomatis yang disimpan", 1, 100,
            group="cadangan"),
    Setting("retensi.pendaftar_tahun", 2,
            "Data calon TKSK yang tidak diangkat disimpan (tahun sejak pendaftaran)", 1, 30,
            group="retensi"),
    Setting("retensi.warga_tahun", 5,
            "Data PPKS/PSKS per nama yang tidak aktif lagi disimpan (tahun sejak terakhir "
            "diubah)", 1, 30, group="retensi"),
    Setting("retensi.rujukan_tahun", 5,
            "Rujukan yang sudah ditutup disimpan (tahun sejak ditutup)", 1, 30, group="retensi"),
    Setting("retensi.kegiatan_tahun", 10, "Catatan kegiatan disimpan (tahun sejak tanggal "
            "kegiatan)", 1, 50, group="retensi"),
    Setting("dpo.nama", "", "Nama pejabat pelindungan data pribadi",
            group="perlindungan_data"),
    Setting("dpo.jabatan", "", "Jabatan pejabat pelindungan data pribadi",
            group="perlindungan_data"),
    Setting("dpo.kontak", "", "Kontak pejabat pelindungan data pribadi (telepon, surel, alamat)",
            group="perlindungan_data"),
    Setting("privasi.tujuan", _PRIVASI_TUJUAN, "Tujuan dan dasar pemrosesan data pribadi",
            group="perlindungan_data"),
]
SETTINGS: dict[str, Setting] = {s.key: s for s in _DECLARED}


def get(key: str) -> Any:
    setting = SETTINGS[key]
    row = Pengaturan.get_or_none(Pengaturan.kunci == key)
    if row is None:
        return setting.default
    try:
        return setting.coerce(json.loads(row.nilai))
    except (ValueError, ValidationError):
        return setting.default


def set_value(actor: Actor, key: str, value: Any) -> None:
    setting = SETTINGS[key]
    require(actor, Aksi.ATURAN_TKSK_UBAH if setting.group == "tksk" else Aksi.PENGATURAN_UBAH)
    value = setting.coerce(value)
    old = get(key)
    bounds = {"tksk.usia_min": (value, get("tksk.usia_maks")),
              "tksk.usia_maks": (get("tksk.usia_min"), value)}
    if key in bounds and bounds[key][0] > bounds[key][1]:
        low, high = bounds[key]
        raise ValidationError.single(
            key, f"Usia paling rendah ({low}) tidak boleh lebih dari usia paling tinggi ({high}).")
    with write():
        row = Pengaturan.get_or_none(Pengaturan.kunci == key)
        if row is None:
            Pengaturan.create(kunci=key, nilai=json.dumps(value))
        else:
            row.nilai = json.dumps(value)
            row.diubah_pada = now()
            row.save()
        audit.record(actor, "ubah", "pengaturan", key, f"Pengaturan '{setting.label}'",
                     lama={key: old}, baru={key: value})
        if setting.group == "tksk" and old != value:
            # the stored verdicts follow the rules they were judged by
            from . import pendaftar

            for pid in pendaftar.all_ids():
                pendaftar.record_checks(actor, pid)


def all_values() -> dict[str, Any]:
    return {key: get(key) for key in SETTINGS}
