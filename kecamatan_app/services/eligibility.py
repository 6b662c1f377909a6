"""The Pasal 9 check: one pure function of a candidate's facts and the office's rules.

No Qt, no database, no writes. The candidate panel, the command line (``eligibility``), the
verification sheet and the appointment guard all call :func:`evaluate`.

Unknown is never failure: missing data or a missing required document gives ``belum_ada_bukti``.
A candidate with any failing criterion is ``tidak_memenuhi_syarat`` even when others are unknown.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from .formatting import tanggal

MEMENUHI, TIDAK, BELUM = "memenuhi", "tidak_memenuhi", "belum_ada_bukti"
MEMENUHI_SYARAT, TIDAK_MEMENUHI_SYARAT, BELUM_LENGKAP = (
    "memenuhi_syarat", "tidak_memenuhi_syarat", "belum_lengkap")

HASIL_LABEL = {MEMENUHI: "Memenuhi", TIDAK: "Tidak memenuhi", BELUM: "Belum ada bukti"}
HASIL_AKHIR_LABEL = {MEMENUHI_SYARAT: "Memenuhi syarat", TIDAK_MEMENUHI_SYARAT:
                     "Tidak memenuhi syarat", BELUM_LENGKAP: "Belum lengkap"}


@dataclass(frozen=True)
class Kriteria:
    kode: str
    huruf: str
    judul: str

    @property
    def pasal(self) -> str:
        return f"Pasal 9 huruf {self.huruf}"


#: Pasal 9 order (CONTRACT.md criterion codes).
KRITERIA: tuple[Kriteria, ...] = (
    Kriteria("wni", "a", "Warga Negara Indonesia"),
    Kriteria("usia", "b", "Berusia paling rendah 20 tahun dan paling tinggi 35 tahun"),
    Kriteria("bukan_asn", "c", "Bukan PNS, anggota TNI/Polri, atau anggota legislatif"),
    Kriteria("domisili", "d", "Bertempat tinggal dan/atau ber-KTP di kecamatan setempat"),
    Kriteria("pendidikan", "e", "Berpendidikan paling rendah SMA atau sederajat"),
    Kriteria("sehat", "f", "Sehat jasmani dan rohani"),
    Kriteria("kelakuan_baik", "g", "Berkelakuan baik"),
    Kriteria("pilar_sosial", "h", "Berasal dari PSM dan/atau Karang Taruna setempat"),
    Kriteria("komputer", "i", "Mampu mengoperasikan komputer"),
)
KRITERIA_BY_KODE = {k.kode: k for k in KRITERIA}

PENDIDIKAN = ("SD", "SMP", "SMA", "SMK", "MA", "MAK", "Paket A", "Paket B", "Paket C", "D1", "D2",
              "D3", "D4", "S1", "S2", "S3")
PENDIDIKAN_LULUS_BAWAAN = ("SMA", "SMK", "MA", "MAK", "Paket C", "D1", "D2", "D3", "D4", "S1",
                           "S2", "S3")
STATUS_KEPEGAWAIAN = ("Bukan ASN/TNI/Polri/Legislatif", "PNS", "PPPK", "TNI", "Polri",
                      "Anggota Legislatif")
PILAR_SOSIAL = ("PSM", "Karang Taruna", "PSM dan Karang Taruna", "Tidak Ada")
SURAT_SEHAT = ("Ada", "Tidak Sehat")
SKCK = ("Ada", "Ada Catatan")


@dataclass(frozen=True)
class Rules:
    usia_min: int = 20
    usia_maks: int = 35
    #: None: the registration date; else a fixed date (e.g. the selection date of a period).
    tanggal_acuan: dt.date | None = None
    pppk_asn: bool = True
    pendidikan_lulus: frozenset[str] = frozenset(PENDIDIKAN_LULUS_BAWAAN)
    #: Criteria that also need a verified document of a type linked to them.
    berkas_wajib: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Dokumen:
    jenis: str  # JenisBerkas name
    kriteria: str
    diverifikasi_oleh: str | None
    diverifikasi_pada: dt.datetime | None


@dataclass(frozen=True)
class Fakta:
    """What is known of a candidate; ``None`` everywhere means not yet known."""

    tanggal_lahir: dt.date
    tanggal_daftar: dt.date
    kewarganegaraan: str | None = None
    #: True: the domicile desa is in this kecamatan; False: a place outside it; None: unknown.
    domisili_di_kecamatan: bool | None = None
    domisili_teks: str = ""
    #: True: KTP issued in this kecamatan; False: another; None: unknown.
    ktp_di_kecamatan: bool | None = None
    ktp_teks: str = ""
    pendidikan: str | None = None
    status_kepegawaian: str | None = None
    surat_sehat: str | None = None
    skck: str | None = None
    pilar_sosial: str | None = None
    dapat_komputer: bool | None = None
    dokumen: Sequence[Dokumen] = field(default_factory=tuple)


@dataclass(frozen=True)
class HasilKriteria:
    kode: str
    huruf: str
    pasal: str
    judul: str
    hasil: str
    nilai: str
    keterangan: str
    bukti: str

    @property
    def hasil_label(self) -> str:
        return HASIL_LABEL[self.hasil]


@dataclass(frozen=True)
class Kelayakan:
    hasil: str
    kriteria: tuple[HasilKriteria, ...]
    tanggal_acuan: dt.date

    @property
    def hasil_label(self) -> str:
        return HASIL_AKHIR_LABEL[self.hasil]

    def by_kode(self, kode: str) -> HasilKriteria:
        return next(k for k in self.kriteria if k.kode == kode)


def usia_pada(lahir: dt.date, pada: dt.date) -> int:
    """Completed years on ``pada``. Someone born on 29 February completes a year on 1 March in a
    common year (the day after 28 February), as a birthday not yet reached."""
    years = pada.year - lahir.year
    if (pada.month, pada.day) < (lahir.month, lahir.day):
        years -= 1
    return years


def _wni(f: Fakta, r: Rules) -> tuple[str, str, str]:
    if f.kewarganegaraan is None:
        return BELUM, "belum diisi", "Isi kewarganegaraan sesuai KTP-el."
    if f.kewarganegaraan == "WNI":
        return MEMENUHI, "WNI", "Warga Negara Indonesia."
    return TIDAK, f.kewarganegaraan, "Calon bukan Warga Negara Indonesia."


def _usia(f: Fakta, r: Rules) -> tuple[str, str, str]:
    acuan = r.tanggal_acuan or f.tanggal_daftar
    umur = usia_pada(f.tanggal_lahir, acuan)
    nilai = f"{umur} tahun pada {tanggal(acuan)}"
    if umur < r.usia_min:
        return TIDAK, nilai, f"Kurang dari {r.usia_min} tahun pada tanggal acuan."
    if umur > r.usia_maks:
        return TIDAK, nilai, (f"Lebih dari {r.usia_maks} tahun pada tanggal acuan "
                              f"(batas: belum genap {r.usia_maks + 1} tahun).")
    return MEMENUHI, nilai, f"Dalam batas {r.usia_min}-{r.usia_maks} tahun (lahir " \
                            f"{tanggal(f.tanggal_lahir)})."


def _bukan_asn(f: Fakta, r: Rules) -> tuple[str, str, str]:
    s = f.status_kepegawaian
    if s is None:
        return BELUM, "belum diisi", "Isi status kepegawaian (surat pernyataan)."
    if s == "PPPK":
        if r.pppk_asn:
            return TIDAK, s, "PPPK termasuk ASN menurut pengaturan kantor."
        return MEMENUHI, s, "PPPK tidak dihitung sebagai ASN menurut pengaturan kantor."
    if s == STATUS_KEPEGAWAIAN[0]:
        return MEMENUHI, s, "Bukan PNS, TNI, Polri, atau anggota legislatif."
    return TIDAK, s, f"Berstatus {s}."


def _domisili(f: Fakta, r: Rules) -> tuple[str, str, str]:
    parts = []
    if f.domisili_teks:
        parts.append(f"tinggal di {f.domisili_teks}")
    if f.ktp_teks:
        parts.append(f"KTP {f.ktp_teks}")
    nilai = "; ".join(parts) or "belum diisi"
    if f.domisili_di_kecamatan or f.ktp_di_kecamatan:
        why = ("Bertempat tinggal di kecamatan ini" if f.domisili_di_kecamatan
               else "Ber-KTP kecamatan ini")
        return MEMENUHI, nilai, why + " (cukup salah satu: \"dan/atau\")."
    if f.domisili_di_kecamatan is False and f.ktp_di_kecamatan is False:
        return TIDAK, nilai, "Tidak tinggal dan tidak ber-KTP di kecamatan ini."
    return BELUM, nilai, "Isi desa domisili atau kecamatan KTP."


def _pendidikan(f: Fakta, r: Rules) -> tuple[str, str, str]:
    p = f.pendidikan
    if p is None:
        return BELUM, "belum diisi", "Isi pendidikan terakhir sesuai ijazah."
    if p in r.pendidikan_lulus:
        return MEMENUHI, p, "SMA atau sederajat, atau lebih tinggi."
    return TIDAK, p, "Di bawah SMA atau sederajat."


def _pilihan(value: str | None, lulus: tuple[str, ...], kosong: str, gagal: str
             ) -> tuple[str, str, str]:
    if value is None:
        return BELUM, "belum ada", kosong
    if value in lulus:
        return MEMENUHI, value, ""
    return TIDAK, value, gagal


def _sehat(f: Fakta, r: Rules) -> tuple[str, str, str]:
    h, v, k = _pilihan(f.surat_sehat, ("Ada",), "Belum ada surat keterangan sehat.",
                       "Surat keterangan menyatakan tidak sehat.")
    return h, v, k or "Surat keterangan sehat jasmani dan rohani ada."


def _kelakuan(f: Fakta, r: Rules) -> tuple[str, str, str]:
    h, v, k = _pilihan(f.skck, ("Ada",), "Belum ada SKCK.", "SKCK mencatat tindak pidana.")
    return h, v, k or "SKCK ada tanpa catatan."


def _pilar(f: Fakta, r: Rules) -> tuple[str, str, str]:
    h, v, k = _pilihan(f.pilar_sosial, PILAR_SOSIAL[:3], "Isi asal pilar sosial.",
                       "Tidak berasal dari PSM atau Karang Taruna.")
    return h, v, k or "Berasal dari pilar sosial setempat."


def _komputer(f: Fakta, r: Rules) -> tuple[str, str, str]:
    if f.dapat_komputer is None:
        return BELUM, "belum diisi", "Isi kemampuan komputer (pernyataan, sertifikat, atau tes)."
    if f.dapat_komputer:
        return MEMENUHI, "Ya", "Mampu mengoperasikan komputer."
    return TIDAK, "Tidak", "Belum mampu mengoperasikan komputer."


_RULES = {"wni": _wni, "usia": _usia, "bukan_asn": _bukan_asn, "domisili": _domisili,
          "pendidikan": _pendidikan, "sehat": _sehat, "kelakuan_baik": _kelakuan,
          "pilar_sosial": _pilar, "komputer": _komputer}


def _bukti(docs: list[Dokumen]) -> str:
    parts = []
    for d in docs:
        if d.diverifikasi_pada:
            who = f"{d.diverifikasi_oleh}, " if d.diverifikasi_oleh else ""
            parts.append(f"{d.jenis} (diverifikasi {who}{tanggal(d.diverifikasi_pada.date())})")
        else:
            parts.append(f"{d.jenis} (belum diverifikasi)")
    return "; ".join(parts)


def evaluate(f: Fakta, r: Rules) -> Kelayakan:
    results: list[HasilKriteria] = []
    for k in KRITERIA:
        hasil, nilai, keterangan = _RULES[k.kode](f, r)
        docs = [d for d in f.dokumen if d.kriteria == k.kode]
        bukti = _bukti(docs) or ("data formulir pendaftaran" if hasil != BELUM else "")
        if (hasil == MEMENUHI and k.kode in r.berkas_wajib
                and not any(d.diverifikasi_pada for d in docs)):
            hasil = BELUM
            keterangan = "Menunggu berkas bukti yang sudah diverifikasi (wajib menurut pengaturan)."
        results.append(HasilKriteria(k.kode, k.huruf, k.pasal, k.judul, hasil, nilai,
                                     keterangan, bukti))
    if any(x.hasil == TIDAK for x in results):
        overall = TIDAK_MEMENUHI_SYARAT
    elif any(x.hasil == BELUM for x in results):
        overall = BELUM_LENGKAP
    else:
        overall = MEMENUHI_SYARAT
    return Kelayakan(overall, tuple(results), r.tanggal_acuan or f.tanggal_daftar)
