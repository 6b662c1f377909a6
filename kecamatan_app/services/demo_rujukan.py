"""The referral part of ``kecamatan-app demo`` (see :mod:`demo_kegiatan`): about 40 referrals
over the demo year to every kind of agency (health first, as in seed 002's one-stop service),
in every state with a dated history: diajukan (the recent ones, and some long overdue: the
agency never answered), diterima, ditolak with the agency's reason, selesai berhasil and tidak
berhasil with what happened, dibatalkan with its reason; a few made without the client's consent
(with the reason), and a few replies filed with a (fictitious) scanned letter as evidence.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..models import Warga
from . import rujukan
from .context import Actor

if TYPE_CHECKING:
    from .demo_kegiatan import Konteks

#: Days after which an open referral of the demo is "old" (past the 14-day deadline).
LAMA = 21
_ISI = ("baru", "terlambat", "diterima", "ditolak", "berhasil", "gagal", "batal")
#: At least this many of each outcome among the old referrals (when there are enough).
_MINIMUM = {"terlambat": 3, "diterima": 2, "ditolak": 3, "berhasil": 10, "gagal": 3, "batal": 2}
_BOBOT_LAMA = {"berhasil": 10, "gagal": 2, "ditolak": 2, "batal": 1, "terlambat": 2,
               "diterima": 1}
_BATAL = ("Klien pindah domisili ke luar kabupaten sebelum rujukan diproses.",
          "Keluarga memutuskan merawat sendiri dan meminta rujukan dihentikan.",
          "Klien sudah mendapat layanan yang sama secara mandiri sebelum rujukan dijawab.")


@dataclass(frozen=True)
class Kebutuhan:
    instansi: str
    klien: str  # "w:<PPKS code>", "k:<PPKS code>", or "u:<lo>-<hi>[:L|P]" (any person by age)
    teks: str
    berhasil: str
    gagal: str
    tolak: str
    program: str = ""
    tanpa: str = ""  # a reason to refer without consent, when the case is an emergency
    bobot: int = 1


KEBUTUHAN: tuple[Kebutuhan, ...] = (
    Kebutuhan("puskesmas", "w:08", "Pemeriksaan dan pengobatan hipertensi lansia yang tinggal "
              "sendiri; belum pernah kontrol ke Puskesmas.",
              "Klien diperiksa dokter, mendapat obat dan dijadwalkan kontrol bulanan lewat "
              "posyandu lansia.", "Klien tidak datang pada jadwal pemeriksaan karena tidak ada "
              "yang mengantar.", "Klien diminta datang sendiri ke Puskesmas; kunjungan rumah "
              "hanya untuk pasien tirah baring.", bobot=3),
    Kebutuhan("puskesmas", "u:0-4", "Pemeriksaan status gizi balita (berat badan di bawah garis "
              "merah pada KMS) dan pemberian makanan tambahan.",
              "Balita mendapat PMT pemulihan 90 hari dan dipantau bidan desa; berat badan naik.",
              "Orang tua tidak melanjutkan PMT karena bekerja di kebun sepanjang hari.",
              "Balita sudah tercatat dan ditangani program gizi Puskesmas sebelumnya.", bobot=2),
    Kebutuhan("puskesmas", "w:09", "Perawatan luka dekubitus penyandang disabilitas fisik yang "
              "terbaring lama di rumah.",
              "Perawat Puskesmas berkunjung dua kali seminggu; luka membaik.",
              "Kunjungan rumah terhenti karena keterbatasan tenaga perawat.",
              "Puskesmas belum memiliki layanan perawatan rumah untuk wilayah tersebut.",
              bobot=2),
    Kebutuhan("puskesmas", "u:20-59", "Pemeriksaan dahak (dugaan TB paru): batuk lebih dari tiga "
              "minggu dan berat badan turun.",
              "Klien mendapat pengobatan TB enam bulan dengan pengawas minum obat dari keluarga.",
              "Klien menolak pemeriksaan lanjutan karena takut dikucilkan tetangga.",
              "Klien diarahkan ke Puskesmas pembantu terdekat sesuai wilayahnya.", bobot=2),
    Kebutuhan("puskesmas", "w:21", "Pemeriksaan kesehatan korban banjir yang mengalami diare "
              "dan gatal-gatal kulit.", "Klien diobati di posko kesehatan dan sudah sembuh.",
              "Klien tidak dapat ke posko karena akses jalan tergenang.",
              "Posko kesehatan sudah ditutup; klien diminta ke Puskesmas induk.",
              program="bencana", bobot=1),
    Kebutuhan("rsud", "w:08", "Operasi katarak lansia dengan penglihatan kedua mata kabur.",
              "Operasi katarak mata kanan berhasil; kontrol lanjutan dijadwalkan RSUD.",
              "Operasi ditunda karena gula darah klien belum terkendali.",
              "Rujukan harus melalui Puskesmas (faskes tingkat pertama) lebih dahulu.",
              program="pbi_jk", bobot=2),
    Kebutuhan("rsud", "w:09", "Rehabilitasi medik (fisioterapi) pasca stroke.",
              "Klien menjalani fisioterapi rutin; sudah dapat berjalan dengan tongkat.",
              "Klien berhenti fisioterapi karena biaya transportasi ke Muara Enim terlalu besar.",
              "Jadwal fisioterapi penuh; klien masuk daftar tunggu.", program="pbi_jk", bobot=2),
    Kebutuhan("rsud", "u:20-59", "Pemeriksaan dan pengobatan gangguan jiwa berat yang belum "
              "pernah diobati; keluarga kewalahan merawat.",
              "Klien dirawat dan pulang dengan obat rutin; keluarga dibimbing cara merawat.",
              "Klien menolak minum obat setelah pulang dan kembali kambuh.",
              "Tempat tidur ruang jiwa penuh; klien diminta kembali minggu berikutnya.",
              tanpa="Klien dalam keadaan gangguan jiwa berat dan membahayakan diri sendiri; "
                    "keluarga tidak dapat dihubungi saat itu", bobot=2),
    Kebutuhan("bpjs_kes", "k:24", "Pengaktifan kembali kepesertaan PBI-JK seluruh anggota "
              "keluarga yang dinonaktifkan.",
              "Kepesertaan PBI-JK aktif kembali untuk seluruh anggota keluarga.",
              "Kepesertaan belum aktif karena data NIK kepala keluarga tidak padan.",
              "Keluarga tidak lagi tercatat di DTSEN desil 1-5; diarahkan mengusulkan lewat desa.",
              program="pbi_jk", bobot=3),
    Kebutuhan("bpjs_kes", "u:0-2", "Pendaftaran anak sebagai peserta JKN mengikuti kepesertaan "
              "PBI-JK ibunya.", "Anak terdaftar sebagai peserta JKN dan kartunya diterima.",
              "Pendaftaran gagal karena anak belum tercantum di Kartu Keluarga.",
              "Syarat akta kelahiran belum dipenuhi.", program="pbi_jk", bobot=2),
    Kebutuhan("bpjs_kes", "w:08", "Pemindahan fasilitas kesehatan tingkat pertama lansia ke "
              "Puskesmas terdekat dengan tempat tinggalnya.",
              "Faskes tingkat pertama klien sudah dipindah ke Puskesmas Gelumbang.",
              "Pemindahan belum berlaku karena belum tiga bulan sejak perubahan terakhir.",
              "Permohonan harus diajukan sendiri oleh peserta melalui aplikasi atau kantor cabang.",
              bobot=1),
    Kebutuhan("disdik", "u:7-15", "Anak putus sekolah agar dapat kembali bersekolah dan "
              "diusulkan menerima PIP.",
              "Anak diterima kembali di sekolah negeri terdekat dan diusulkan menerima PIP.",
              "Anak tidak mau kembali ke sekolah dan memilih bekerja membantu orang tua.",
              "Usulan PIP tahun ini sudah ditutup; diusulkan kembali tahun depan.",
              program="pip", bobot=2),
    Kebutuhan("disdik", "w:05", "Pendaftaran anak penyandang disabilitas ke Sekolah Luar Biasa "
              "(SLB).", "Anak diterima di SLB dan mendapat bantuan transportasi sekolah.",
              "Orang tua tidak sanggup mengantar anak setiap hari ke SLB di Muara Enim.",
              "Kuota SLB untuk tahun ajaran ini sudah penuh.", bobot=1),
    Kebutuhan("disdik", "u:12-17", "Bantuan PIP bagi siswa dari keluarga miskin yang terancam "
              "putus sekolah karena biaya.", "Siswa ditetapkan sebagai penerima PIP.",
              "Siswa tidak memenuhi syarat PIP karena sudah lulus sebelum penetapan.",
              "Siswa belum terdaftar di Dapodik sekolahnya.", program="pip", bobot=1),
    Kebutuhan("dukcapil", "w:08", "Perekaman dan penerbitan KTP-el lansia yang belum pernah "
              "merekam karena sakit (perekaman di rumah).",
              "KTP-el sudah terbit dan diserahkan kepada klien di rumahnya.",
              "Perekaman jemput bola batal karena alat perekaman rusak.",
              "Perekaman di rumah hanya untuk lansia tirah baring dengan surat keterangan "
              "dokter.", bobot=2),
    Kebutuhan("dukcapil", "u:0-10", "Penerbitan akta kelahiran anak yang belum memiliki akta.",
              "Akta kelahiran terbit dan diserahkan kepada orang tua.",
              "Akta belum dapat diterbitkan karena surat nikah orang tua tidak ada.",
              "Berkas belum lengkap: surat keterangan lahir dari bidan belum ada.", bobot=2),
    Kebutuhan("dukcapil", "k:24", "Perbaikan data Kartu Keluarga: NIK anggota keluarga tidak "
              "padan sehingga gagal masuk DTSEN.", "KK baru terbit dengan data yang sudah padan.",
              "Perbaikan belum selesai karena data di daerah asal belum ditemukan.",
              "Permohonan harus diajukan kepala keluarga sendiri dengan KK asli.", bobot=1),
    Kebutuhan("dinsos_kab", "w:09", "Usulan bantuan alat bantu kursi roda melalui program "
              "ATENSI.", "Kursi roda diterima klien dari Dinas Sosial.",
              "Kursi roda yang diterima tidak sesuai ukuran dan tidak dapat dipakai.",
              "Anggaran ATENSI tahun ini sudah terserap; klien masuk daftar tunggu.",
              program="atensi", bobot=2),
    Kebutuhan("dinsos_kab", "k:24", "Usulan bantuan RS-RTLH: rumah berdinding papan lapuk dan "
              "atap bocor.", "Rumah klien masuk daftar penerima RS-RTLH dan sudah diperbaiki.",
              "Rumah tidak dapat dibantu karena tanahnya bukan milik sendiri.",
              "Kuota RS-RTLH kecamatan tahun ini sudah terpenuhi.", program="rs_rtlh", bobot=2),
    Kebutuhan("dinsos_kab", "w:21", "Bantuan logistik dan santunan bagi korban banjir yang "
              "rumahnya terendam.", "Bantuan logistik dan santunan diterima klien.",
              "Santunan tidak cair karena nama klien tidak tercantum dalam data BPBD.",
              "Bantuan hanya untuk rumah rusak berat sesuai data BPBD.", program="bencana",
              bobot=1),
    Kebutuhan("baznas", "w:08", "Bantuan biaya hidup bulanan bagi lansia sebatang kara.",
              "BAZNAS memberi bantuan biaya hidup bulanan selama enam bulan.",
              "Bantuan hanya diberikan sekali, tidak bulanan seperti yang dibutuhkan.",
              "Klien sudah menerima ASLUT; bantuan diprioritaskan bagi yang belum menerima "
              "apa pun.", bobot=2),
    Kebutuhan("baznas", "w:23", "Bantuan modal usaha warung kecil bagi perempuan kepala "
              "keluarga.", "Klien menerima modal usaha dan warungnya sudah berjalan.",
              "Modal diterima tetapi usaha berhenti setelah dua bulan karena sepi pembeli.",
              "Program modal usaha BAZNAS tahun ini sudah ditutup.", bobot=1),
    Kebutuhan("lks", "w:08", "Penempatan lansia telantar tanpa keluarga di LKS Lanjut Usia.",
              "Lansia diterima dan tinggal di LKS; kondisinya dipantau TKSK setiap bulan.",
              "Lansia tidak betah dan meminta pulang ke desanya setelah dua minggu.",
              "Kapasitas LKS penuh; klien masuk daftar tunggu.",
              tanpa="Lansia mengalami demensia dan tidak dapat memberi persetujuan; tidak ada "
                    "keluarga yang dapat dihubungi", bobot=1),
    Kebutuhan("lks", "w:02", "Pengasuhan sementara anak telantar di LKSA.",
              "Anak diasuh LKSA dan kembali bersekolah.",
              "Anak kembali ke rumah kerabat sebelum masa pengasuhan selesai.",
              "LKSA hanya menerima anak usia sekolah dasar.",
              tanpa="Anak tanpa orang tua atau wali; rujukan demi kepentingan terbaik anak",
              bobot=1),
    Kebutuhan("p2tp2a", "u:20-50:P", "Pendampingan psikologis dan hukum bagi perempuan korban "
              "kekerasan dalam rumah tangga.",
              "Korban mendapat pendampingan psikolog dan bantuan hukum; kasus diproses.",
              "Korban mencabut pengaduan dan memilih berdamai dengan pelaku.",
              "Kasus sudah ditangani unit PPA kepolisian.", bobot=1),
)


@dataclass
class RujukanResult:
    jumlah: int = 0
    per_status: dict[str, int] = field(default_factory=dict)
    terlambat: int = 0
    tanpa_persetujuan: int = 0
    bukti: int = 0


def _dates(k: Konteks, n: int) -> list[dt.date]:
    """``n`` referral dates between the start and yesterday, a few of them recent."""
    r, last = k.rng, k.today - dt.timedelta(days=1)
    span = max(0, (last - k.start).days)
    days = [k.start + dt.timedelta(days=r.randint(0, span)) for _ in range(n - 4)]
    recent = max(k.start, k.today - dt.timedelta(days=LAMA - 3))
    days += [recent + dt.timedelta(days=r.randint(0, max(0, (last - recent).days)))
             for _ in range(4)]
    return sorted(d for d in days if d <= last)


def _plan(k: Konteks, days: list[dt.date]) -> list[str]:
    """An outcome per date: the old ones from a bag that holds every outcome at least a few
    times; the recent ones mostly still waiting for the agency."""
    r = k.rng
    old = [i for i, d in enumerate(days) if (k.today - d).days >= LAMA]
    bag = [s for s, n in _MINIMUM.items() for _ in range(n)]
    names, weights = list(_BOBOT_LAMA), list(_BOBOT_LAMA.values())
    while len(bag) < len(old):
        bag.append(r.choices(names, weights)[0])
    r.shuffle(bag)
    out = [""] * len(days)
    for i, status in zip(old, bag, strict=False):
        out[i] = status
    for i, s in enumerate(out):
        if not s:
            out[i] = r.choices(("baru", "diterima", "ditolak"), (6, 3, 1))[0]
    return out


class Klien:
    """Picks the referrals' clients: from a registry pool of the context (a PPKS category) or,
    for an age range, from ``people`` (id, date of birth, sex; by default every living person
    of the database), a client not yet referred while there is one."""

    def __init__(self, k: Konteks,
                 people: Sequence[tuple[int, dt.date | None, str]] | None = None) -> None:
        self.k = k
        if people is None:
            people = [(w.id, w.tanggal_lahir, w.jenis_kelamin)
                      for w in Warga.select(Warga.id, Warga.tanggal_lahir, Warga.jenis_kelamin)
                      .where(~Warga.meninggal).order_by(Warga.id)]
        self.people = people
        self.used: set[tuple[str, int]] = set()

    def pick(self, need: Kebutuhan) -> tuple[int | None, int | None]:
        kind, _, spec = need.klien.partition(":")
        if kind == "u":
            ages, _, sex = spec.partition(":")
            lo, hi = (int(x) for x in ages.split("-"))
            t = self.k.today
            pool = [i for i, born, jk in self.people if born and (not sex or jk == sex)
                    and lo <= t.year - born.year - ((t.month, t.day) < (born.month, born.day))
                    <= hi]
        else:
            pool = self.k.pool(need.klien, None)
        fresh = [i for i in pool if (kind, i) not in self.used] or pool
        if not fresh:  # an empty registry category: any adult
            kind, fresh = "w", [i for i, _b, _j in self.people[:50]]
        chosen = self.k.rng.choice(fresh)
        self.used.add((kind, chosen))
        return (None, chosen) if kind == "k" else (chosen, None)


def _letter(folder: Path, nomor: str, day: dt.date, n: int) -> Path:
    """A fictitious scan of the agency's reply letter (evidence of a step)."""
    from .demo_kegiatan import photo

    return photo(folder / f"balasan-{n}.jpg", f"Surat balasan instansi atas rujukan {nomor}",
                 day, (150, 150, 140), gps=False)


def run(petugas: Actor, k: Konteks, folder: Path) -> RujukanResult:
    """Record the demo referrals as ``petugas``; call inside the demo's transaction."""
    r = k.rng
    days = _dates(k, r.randint(38, 44))
    plan = _plan(k, days)
    klien = Klien(k)
    used: Counter[Kebutuhan] = Counter()
    result = RujukanResult()
    overrides = 0
    for i, (day, outcome) in enumerate(zip(days, plan, strict=True)):
        # a need already used often becomes less likely, so the year shows many kinds
        need = r.choices(KEBUTUHAN, [n.bobot / (1 + used[n]) for n in KEBUTUHAN])[0]
        if overrides < 2 and i >= len(days) // 2 and i % 5 == 0:
            need = r.choice([n for n in KEBUTUHAN if n.tanpa])
        used[need] += 1
        client = klien.pick(need)
        tanpa = bool(need.tanpa) and (r.random() < 0.6 or overrides < 2)
        overrides += tanpa
        saved = buat(petugas, k, day, need, client, tanpa)
        result.bukti += _steps(petugas, k, saved, day, outcome, need, folder, result.bukti)
    result.jumlah = len(days)
    result.tanpa_persetujuan = overrides
    _count(result, k.today)
    return result


def buat(petugas: Actor, k: Konteks, day: dt.date, need: Kebutuhan,
         client: tuple[int | None, int | None], tanpa: bool) -> rujukan.SavedRujukan:
    """The referral of ``need`` made on ``day`` for ``client`` (person id, household id), with
    the client's consent or, when ``tanpa``, without it for the need's reason."""
    warga_id, keluarga_id = client
    return rujukan.create(petugas, rujukan.RujukanData(
        tanggal=day, instansi_id=k.instansi[need.instansi], kebutuhan=need.teks,
        warga_id=warga_id, keluarga_id=keluarga_id,
        persetujuan="dikecualikan" if tanpa else "ada",
        alasan_tanpa_persetujuan=need.tanpa if tanpa else "",
        program_id=k.program.get(need.program) if need.program else None))


def _steps(petugas: Actor, k: Konteks, saved: rujukan.SavedRujukan, day: dt.date,
           outcome: str, need: Kebutuhan, folder: Path, bukti: int) -> int:
    """Walk the referral to ``outcome`` with dated steps, none after today; returns the number
    of evidence files filed (0 or 1)."""
    r, today = k.rng, k.today
    if outcome in ("baru", "terlambat"):
        return 0
    jawab = min(today, day + dt.timedelta(days=r.randint(2, 12)))
    if outcome == "ditolak":
        rujukan.ubah_status(petugas, saved.id, "ditolak", jawab, alasan=need.tolak,
                            balasan=f"Jawaban tertulis instansi: {need.tolak}")
        return 0
    if outcome != "batal" or r.random() < 0.5:
        rujukan.ubah_status(petugas, saved.id, "diterima", jawab,
                            balasan="Instansi menerima rujukan dan menjadwalkan layanan.")
    if outcome == "diterima":
        return 0
    tutup = min(today, jawab + dt.timedelta(days=r.randint(5, 40)))
    if outcome == "batal":
        rujukan.ubah_status(petugas, saved.id, "dibatalkan", tutup, alasan=r.choice(_BATAL))
        return 0
    path = None
    if outcome == "berhasil" and bukti < 3:
        path = str(_letter(folder, saved.nomor_surat, tutup, bukti))
    hasil = "berhasil" if outcome == "berhasil" else "tidak_berhasil"
    rujukan.ubah_status(petugas, saved.id, "selesai", tutup,
                        alasan=need.berhasil if hasil == "berhasil" else need.gagal,
                        hasil=hasil, bukti_path=path)
    return int(path is not None)


def _count(result: RujukanResult, today: dt.date) -> None:
    from ..models import Rujukan

    rows = list(Rujukan.select(Rujukan.status, Rujukan.jatuh_tempo))
    counts = Counter(row.status for row in rows)
    result.per_status = {rujukan.STATUS[s].lower(): counts[s] for s in rujukan.STATUS
                         if counts[s]}
    result.terlambat = sum(1 for row in rows
                           if rujukan.terlambat_hari(row.status, row.jatuh_tempo, today) > 0)
