"""The privacy notice (UU 27/2022 Pasal 5 and Pasal 20 ayat (2) huruf e) and the data
protection officer (Pasal 53). No Qt.

The text is built from the office's own settings and rules: the purpose and basis
(``privasi.tujuan``), the retention periods (``retensi.*``), who may see what (the permission
matrix and ``data.peran_data_spesifik``) and the officer (``dpo.*``). The GUI shows it
(:mod:`views.privasi_dialog`); the subject-access report prints a summary of it.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import lingkup, settings
from .context import ROLE_LABELS, ROLES, ROLES_DINAS, Actor
from .kantor import get_office
from .permissions import Aksi, allowed

#: What the notice says where the office has not named its officer yet.
BELUM_DIISI = "belum diisi: isi di Pengaturan > Perlindungan Data"
KUNCI_DPO: tuple[str, ...] = ("dpo.nama", "dpo.jabatan", "dpo.kontak")
KUNCI_RETENSI: tuple[str, ...] = (
    "retensi.pendaftar_tahun", "retensi.warga_tahun", "retensi.rujukan_tahun",
    "retensi.kegiatan_tahun")
#: What each role may do with personal data, in the order the notice lists it.
_HAK_PERAN: tuple[tuple[Aksi, str], ...] = (
    (Aksi.REGISTRI_LIHAT, "melihat registri warga, keluarga dan status PPKS"),
    (Aksi.REGISTRI_UBAH, "mencatat dan memperbaiki data registri"),
    (Aksi.NIK_BUKA, "membuka NIK lengkap (setiap pembukaan tercatat di jejak audit)"),
    (Aksi.PENDAFTAR_LIHAT, "melihat data dan berkas calon TKSK"),
    (Aksi.KEGIATAN_LIHAT, "melihat kegiatan dan rujukan"),
    (Aksi.AUDIT_LIHAT, "melihat jejak audit"),
    (Aksi.AKSES_SUBJEK, "mencetak laporan akses subjek data"),
)


@dataclass(frozen=True)
class Dpo:
    """The data protection officer (pejabat pelindungan data pribadi, Pasal 53)."""

    nama: str
    jabatan: str
    kontak: str

    @property
    def terisi(self) -> bool:
        return bool(self.nama.strip())

    def baris(self) -> list[tuple[str, str]]:
        """``(label, value)`` rows; an empty value reads :data:`BELUM_DIISI`."""
        return [("Nama", self.nama or BELUM_DIISI), ("Jabatan", self.jabatan or BELUM_DIISI),
                ("Kontak", self.kontak or BELUM_DIISI)]


@dataclass(frozen=True)
class Bagian:
    """One section of the notice: a heading, paragraphs and bullet items."""

    judul: str
    paragraf: tuple[str, ...] = ()
    butir: tuple[str, ...] = ()


def dpo() -> Dpo:
    return Dpo(*(str(settings.get(k)).strip() for k in KUNCI_DPO))


def tujuan() -> str:
    return str(settings.get("privasi.tujuan")).strip()


def retensi() -> list[tuple[str, int]]:
    """``(label, years)`` of each retention setting, as declared in :mod:`settings`."""
    return [(settings.SETTINGS[k].label, int(settings.get(k))) for k in KUNCI_RETENSI]


def _pengendali() -> str:
    if lingkup.is_dinas():
        from . import dinas

        d = dinas.info()
        kab = d.kabupaten_nama if d is not None else "kabupaten/kota"
        return f"Dinas Sosial {kab} bersama kantor camat di wilayahnya"
    info = get_office()
    if info is None:
        return "Kantor Camat (kantor belum disiapkan di aplikasi)"
    alamat = " ".join(info.kantor.alamat.split())
    return f"Kantor Camat {info.kecamatan}, {info.kabupaten}" + (f", {alamat}" if alamat else "")


def hak_peran() -> list[str]:
    """One line per role: what it may do with personal data (from the permission matrix)."""
    spesifik = {x.strip() for x in str(settings.get("data.peran_data_spesifik")).split(",")}
    out = []
    dinas_db = lingkup.is_dinas()
    for role in ROLES:
        if role in ROLES_DINAS and not dinas_db:
            continue  # a role only a Dinas database has
        who = Actor(None, role, role, role)
        bisa = [text for aksi, text in _HAK_PERAN if allowed(who, aksi)]
        if role in spesifik and allowed(who, Aksi.REGISTRI_LIHAT):
            bisa.append("melihat rincian kategori data spesifik")
        label = ROLE_LABELS[role]
        out.append(f"{label}: {'; '.join(bisa) if bisa else 'tidak melihat data pribadi'}.")
    return out


def pemberitahuan() -> list[Bagian]:
    """The notice, section by section."""
    officer = dpo()
    dpo_lines = tuple(f"{label}: {value}" for label, value in officer.baris())
    return [
        Bagian("Pengendali data", (
            f"{_pengendali()} mengolah data pribadi warga, calon TKSK dan TKSK dengan aplikasi "
            "Kecamatan TKSK, sebagai pengendali data pribadi menurut Undang-Undang Nomor 27 "
            "Tahun 2022 tentang Pelindungan Data Pribadi (UU PDP).",)),
        Bagian("Data yang disimpan", (), (
            "Identitas: nama, NIK, jenis kelamin, tempat dan tanggal lahir, alamat, nomor "
            "telepon.",
            "Keluarga: Nomor KK, kepala keluarga, nama dan hubungan anggota keluarga.",
            "Status kesejahteraan sosial: kategori PPKS dan PSKS beserta riwayat statusnya, "
            "status register (DTKS/DTSEN) dan bantuan yang diterima. Sebagian kategori PPKS "
            "adalah data pribadi yang bersifat spesifik (UU PDP Pasal 4): data kesehatan "
            "(misalnya penyandang disabilitas, orang dengan HIV/AIDS, korban NAPZA), catatan "
            "kejahatan (bekas warga binaan pemasyarakatan) dan data anak.",
            "Kegiatan TKSK yang menyebut warga sebagai sasaran, dan rujukan ke instansi "
            "layanan beserta riwayat statusnya dan persetujuan klien.",
            "Calon TKSK: data pendaftaran, berkas persyaratan (KTP, ijazah, surat keterangan "
            "sehat, SKCK), hasil pemeriksaan syarat, keputusan seleksi dan SK pengangkatan.",
            "Foto: foto PPKS, dokumentasi kegiatan dan pindaian berkas. Lokasi GPS dan data "
            "kamera dihapus dari foto PPKS dan foto kegiatan sebelum disimpan.",
            "Jejak audit: siapa membuat, melihat data rinci, mengubah, mengekspor, mencetak "
            "atau menghapus data, dan kapan (UU PDP Pasal 31).",
        )),
        Bagian("Tujuan dan dasar pemrosesan", (tujuan() or BELUM_DIISI,)),
        Bagian("Siapa yang boleh melihat", (
            "Setiap petugas memakai akunnya sendiri. NIK ditampilkan tersamar di daftar, "
            "ekspor dan cetakan kecuali petugas yang berhak memilih NIK lengkap. Setiap "
            "ekspor dan cetakan data pribadi tercatat di jejak audit dan bertanda \"RAHASIA - "
            "berisi data pribadi\". Data dikirim ke luar kantor hanya sebagai laporan bulanan "
            "kepada Camat dan Dinas Sosial, dan sebagai surat rujukan kepada instansi yang "
            "dituju.",), tuple(hak_peran())),
        Bagian("Berapa lama data disimpan", (
            "Setelah masa simpan berakhir, data dimusnahkan atau dihapus sesuai jadwal "
            "retensi arsip (UU PDP Pasal 43 dan 44); pemusnahan tercatat di jejak audit.",),
            tuple(f"{label}: {tahun} tahun." for label, tahun in retensi())),
        Bagian("Hak Anda", (), (
            "Mendapat salinan semua data pribadi Anda yang kami simpan beserta riwayat "
            "pemrosesannya, paling lambat 3 x 24 jam sejak permintaan (UU PDP Pasal 7 dan "
            "Pasal 32). Datang ke kantor kecamatan dengan KTP atau hubungi pejabat "
            "pelindungan data di bawah.",
            "Meminta data yang salah atau tidak lengkap diperbaiki (Pasal 6 dan Pasal 30).",
            "Meminta data dihapus atau dimusnahkan bila tidak diperlukan lagi, dan pada akhir "
            "masa simpan (Pasal 8, Pasal 43 dan Pasal 44).",
            "Mengajukan keberatan atau pengaduan kepada pejabat pelindungan data pribadi.",
        )),
        Bagian("Pejabat pelindungan data pribadi (UU PDP Pasal 53)", (), dpo_lines),
    ]


def pemberitahuan_teks() -> str:
    """The notice as plain text (for printing, tests and the command line)."""
    parts = ["PEMBERITAHUAN PRIVASI"]
    for bagian in pemberitahuan():
        parts.append("")
        parts.append(bagian.judul.upper())
        parts.extend(bagian.paragraf)
        parts.extend(f"- {item}" for item in bagian.butir)
    return "\n".join(parts)
