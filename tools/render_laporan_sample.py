"""Sample pictures of the monthly report (laporan bulanan) for the user guide.

Usage:
    .venv/bin/python tools/render_laporan_sample.py [docs/img] [--pdf FOLDER] [--f4]

``--pdf FOLDER`` also keeps the PDF (and the Excel workbook) there, to look at them closely;
``--f4`` prints on F4 paper.

Works in a temporary data folder with a new database (the user's own data are never touched):
the Gelumbang office, a TKSK appointed a year ago, and last month's work recorded through the
services as the TKSK would: about twenty fictitious activities in every function, some with
generated photos ("FOTO CONTOH"), referrals with their outcomes and PPKS beneficiaries. The TKSK
submits the report, the camat approves it (which archives the PDF), and the archived PDF is
turned into ``laporan-halaman-<n>.png`` with ``pdftoppm -png -r 60`` for page one, the first
page of the activity table (landscape), the first recap page, the first photo page and the
history page.

The PDF does not embed fonts (standard Helvetica). Install a font with Helvetica's metrics
(``apt-get install fonts-liberation`` or ``fonts-urw-base35``) before rendering.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

RESOLUTION = "60"
SANDI = "ContohSandi123"
#: Last month: every day of it lies in the past.
BULAN = (dt.date.today().replace(day=1) - dt.timedelta(days=1)).replace(day=1)


@dataclass(frozen=True)
class Kegiatan:
    hari: int
    fungsi: str
    bentuk: str
    judul: str
    desa: tuple[str, ...]  # () = tingkat kecamatan
    lk: int  # participants, men
    pr: int  # participants, women
    uraian: str
    hasil: str
    mitra: str = ""
    program: str = ""
    hambatan: tuple[str, str] = ("", "")
    lanjut: str = ""
    foto: int = 0


KEGIATAN: tuple[Kegiatan, ...] = (
    Kegiatan(2, "koordinasi", "koordinasi_informasi", "Rapat koordinasi penyaluran BPNT",
             ("Gelumbang",), 6, 9, "Membahas jadwal dan lokasi penyaluran BPNT tahap berikut "
             "bersama pendamping dan agen.", "Jadwal penyaluran disepakati untuk 22 desa.",
             "Pendamping PKH Kecamatan", "bpnt", foto=2),
    Kegiatan(3, "fasilitasi", "pendampingan", "Pendampingan lansia telantar",
             ("Mililian",), 0, 1, "Kunjungan rumah dan asesmen kebutuhan lansia.",
             "Lansia didaftarkan untuk ASLUT.", "Pemerintah Desa Mililian", "aslut",
             ("transportasi", "Jalan ke dusun III rusak setelah hujan"),
             "Mengusulkan kendaraan operasional ke Dinas Sosial", foto=1),
    Kegiatan(5, "administrasi", "pemetaan", "Pemutakhiran data PPKS", ("Sigam", "Jambu"), 3,
             2, "Verifikasi lapangan data PPKS per nama bersama operator desa.",
             "Tujuh data PPKS diverifikasi."),
    Kegiatan(6, "koordinasi", "koordinasi_persepsi", "Sosialisasi kriteria penerima PBI-JK",
             (), 14, 17, "Menyamakan pemahaman kriteria penerima PBI-JK dengan kepala desa.",
             "Kepala desa memahami alur usulan.", "Puskesmas Gelumbang", "pbi_jk"),
    Kegiatan(9, "fasilitasi", "bimbingan", "Bimbingan sosial kelompok KUBE",
             ("Karang Endah",), 8, 4, "Bimbingan pengelolaan usaha dan pembukuan sederhana.",
             "Kelompok menyusun buku kas.", "Dinas Sosial Kabupaten", "kube_uep", foto=1),
    Kegiatan(10, "administrasi", "pencatatan", "Pencatatan usulan RS-RTLH", ("Segayam",), 2,
             1, "Mencatat dan memotret rumah calon penerima RS-RTLH.",
             "Dua usulan lengkap dikirim ke kecamatan.", program="rs_rtlh"),
    Kegiatan(11, "koordinasi", "koordinasi_kesepakatan", "Musyawarah penanganan anak telantar",
             ("Pinang Banjar",), 5, 6, "Musyawarah dengan perangkat desa dan keluarga besar.",
             "Anak diasuh oleh bibinya; desa memantau.", "Karang Taruna Pinang Banjar"),
    Kegiatan(12, "fasilitasi", "kemitraan", "Kemitraan dengan BAZNAS untuk bantuan sembako",
             (), 3, 3, "Menyampaikan data fakir miskin prioritas kepada BAZNAS.",
             "BAZNAS menyalurkan 40 paket sembako.", "BAZNAS Kabupaten", foto=1),
    Kegiatan(13, "fasilitasi", "pendampingan", "Pendampingan penyandang disabilitas",
             ("Teluk Limau",), 1, 0, "Mendampingi pengurusan kursi roda.",
             "Permohonan kursi roda diajukan.", "Pemerintah Desa Teluk Limau", "atensi",
             ("geografi_cuaca", "Banjir di jalan desa"), "Jadwal ulang kunjungan"),
    Kegiatan(16, "administrasi", "pelaporan", "Penyusunan laporan penyaluran bansos", (), 0,
             0, "Merekap penyaluran BPNT dan PKH per desa.", "Rekap dikirim ke Dinas Sosial."),
    Kegiatan(17, "koordinasi", "koordinasi_informasi", "Rapat bulanan pilar sosial",
             (), 11, 13, "Rapat bersama PSM, Karang Taruna dan pendamping PKH.",
             "Pembagian tugas pemantauan desa.", "Pekerja Sosial Masyarakat (PSM)", foto=1),
    Kegiatan(18, "fasilitasi", "bimbingan", "Bimbingan keluarga rentan", ("Tambangan Kelekar",),
             4, 9, "Bimbingan pengasuhan anak dan pengelolaan bantuan.",
             "Keluarga menyusun rencana belanja bulanan."),
    Kegiatan(19, "administrasi", "pemetaan", "Pemetaan korban bencana angin puting beliung",
             ("Suka Menang", "Midar"), 6, 5, "Pendataan rumah rusak dan warga terdampak.",
             "Data 12 rumah rusak dikirim ke BPBD.", "BPBD Kabupaten", "bencana",
             ("waktu", "Pendataan bersamaan dengan musim panen"), "Pendataan lanjutan pekan depan"),
    Kegiatan(23, "koordinasi", "koordinasi_persepsi", "Koordinasi data DTSEN dengan desa",
             ("Payabakal",), 3, 2, "Menyamakan data DTSEN dengan data desa.",
             "Selisih 9 keluarga dicatat untuk usulan.", "Operator SIKS-NG Desa",
             hambatan=("keterbukaan_data", "Data desa belum diserahkan lengkap"),
             lanjut="Meminta data melalui surat Camat"),
    Kegiatan(24, "fasilitasi", "pendampingan", "Pendampingan klien rujukan RSUD", ("Sigam",),
             1, 1, "Mendampingi klien dan keluarga ke RSUD.", "Klien dirawat inap.", "RSUD"),
    Kegiatan(26, "administrasi", "pencatatan", "Pencatatan PSKS baru", ("Gumai",), 2, 3,
             "Mencatat kelompok PSM dan LKS baru.", "Tiga PSKS baru tercatat."),
    Kegiatan(27, "koordinasi", "koordinasi_kesepakatan", "Kesepakatan jadwal posyandu lansia",
             ("Bitis",), 2, 10, "Menyepakati jadwal posyandu lansia dengan bidan desa.",
             "Posyandu lansia tiap Kamis kedua.", "Bidan Desa Bitis"),
)


def _png(pdf: Path, page: int, out: Path) -> None:
    stem = out.with_suffix("")
    subprocess.run(["pdftoppm", "-png", "-r", RESOLUTION, "-f", str(page), "-l", str(page),
                    "-singlefile", str(pdf), str(stem)], check=True)
    print(f"  {out}")


def _foto(folder: Path, n: int) -> str:
    from PIL import Image, ImageDraw, ImageFont

    colors = [(52, 101, 164), (78, 154, 6), (196, 160, 0), (117, 80, 123), (204, 0, 0),
              (32, 74, 135)]
    size = (800, 600) if n % 3 else (600, 800)
    img = Image.new("RGB", size, colors[n % len(colors)])
    draw = ImageDraw.Draw(img)
    draw.rectangle((24, 24, size[0] - 24, size[1] - 24), outline=(255, 255, 255), width=8)
    try:
        font: Any = ImageFont.truetype("DejaVuSans-Bold.ttf", 56)
    except OSError:
        font = ImageFont.load_default()
    text = f"FOTO CONTOH {n}"
    box = draw.textbbox((0, 0), text, font=font)
    draw.text(((size[0] - box[2]) / 2, (size[1] - box[3]) / 2), text, fill="white", font=font)
    out = io.BytesIO()
    img.save(out, "JPEG", quality=80)
    path = folder / f"foto-contoh-{n}.jpg"
    path.write_bytes(out.getvalue())
    return str(path)


def _office() -> Any:
    from kecamatan_app.services import kantor, users

    data = kantor.default_kop("16.03.06", alamat="Jl. Merdeka No. 1, Gelumbang",
                              kode_pos="31171", telepon="(0713) 000000")
    camat = kantor.CamatData(nama="Drs. Ahmad Fauzi, M.Si (contoh)", nip="197001012000031001",
                             pangkat="Pembina Tk. I (IV/b)")
    admin = kantor.AdminData("admin", "Admin Kecamatan", SANDI, SANDI)
    kantor.setup_office("16.03.06", data, camat, admin)
    return users.login("admin", SANDI).actor


def _user(admin: Any, name: str, full: str, role: str) -> Any:
    from kecamatan_app.services import users

    users.create_user(admin, name, full, role, SANDI, SANDI)
    return users.login(name, SANDI).actor


def _tksk(admin: Any) -> None:
    from kecamatan_app.services import desa, pendaftar, penugasan

    mulai = BULAN - dt.timedelta(days=330)
    pid, _ = pendaftar.create(admin, pendaftar.PendaftarData(
        nik="1603065203950004", nama="Siti Aminah (contoh)", jenis_kelamin="P",
        tempat_lahir="Gelumbang", tanggal_lahir=dt.date(1995, 3, 12), kewarganegaraan="WNI",
        desa_domisili_id=desa.resolve("Sigam").id, pendidikan="S1",  # type: ignore[union-attr]
        status_kepegawaian="Bukan ASN/TNI/Polri/Legislatif", pilar_sosial="Karang Taruna",
        dapat_komputer=True, surat_sehat="Ada", skck="Ada",
        tanggal_daftar=mulai - dt.timedelta(days=30), telepon="0812-3456-7890"))
    penugasan.appoint(admin, pid, penugasan.SkData(
        "460/015/SK/DINSOS/" + str(mulai.year), mulai, "Dinas Sosial Kabupaten Muara Enim",
        mulai, niat="TKSK-1603-0612"))


def _record(tksk: Any, photos: Path) -> None:
    from kecamatan_app.models import (
        BentukKegiatan,
        FungsiKegiatan,
        InstansiRujukan,
        Kategori,
        ProgramBantuan,
    )
    from kecamatan_app.services import desa, kegiatan, registri, registri_ppks, rujukan
    from kecamatan_app.services.kegiatan_periksa import FotoData, KegiatanData, MitraData

    def desa_id(nama: str) -> int:
        return desa.resolve(nama).id  # type: ignore[union-attr]

    def person(nama: str, desa_nama: str, jk: str, kat: str, day: int) -> int:
        wid = registri.create_warga(tksk, registri.WargaData(
            nik=None, nama=nama, jenis_kelamin=jk, desa_id=desa_id(desa_nama))).id
        k = Kategori.get((Kategori.kode == kat) & (Kategori.jenis == "PPKS")).id
        registri_ppks.add_ppks(tksk, registri_ppks.PPKSData(kategori_id=k, warga_id=wid),
                               tanggal=BULAN.replace(day=day))
        return wid

    lansia = person("Mbah Sarinah (contoh)", "Mililian", "P", "08", 3)
    disabilitas = person("Rudi Hartono (contoh)", "Teluk Limau", "L", "09", 13)
    anak = person("Dimas (contoh)", "Pinang Banjar", "L", "02", 11)
    targets = {3: [lansia], 13: [disabilitas], 11: [anak]}
    n_foto = 0
    for k in KEGIATAN:
        fotos = []
        for _ in range(k.foto):
            n_foto += 1
            fotos.append(FotoData(path=_foto(photos, n_foto), keterangan="dokumentasi"))
        f = FungsiKegiatan.get(FungsiKegiatan.kode == k.fungsi).id
        b = BentukKegiatan.get(BentukKegiatan.kode == k.bentuk).id
        prog = ProgramBantuan.get(ProgramBantuan.kode == k.program).id if k.program else None
        lingkup = "kecamatan" if not k.desa else "desa" if len(k.desa) == 1 else "beberapa"
        kegiatan.create(tksk, KegiatanData(
            tanggal=BULAN.replace(day=k.hari), fungsi_id=f, bentuk_id=b, judul=k.judul,
            jam_mulai=dt.time(9, 0), jam_selesai=dt.time(12, 0), program_id=prog,
            lingkup=lingkup, desa_ids=[desa_id(d) for d in k.desa],
            mitra=[MitraData(nama=k.mitra)] if k.mitra else [], peserta_l=k.lk, peserta_p=k.pr,
            warga_ids=targets.get(k.hari, []), uraian=k.uraian, hasil=k.hasil,
            hambatan_kategori=k.hambatan[0], hambatan=k.hambatan[1], tindak_lanjut=k.lanjut,
            status="final", foto=fotos))

    def inst(kode: str) -> int:
        return int(InstansiRujukan.get(InstansiRujukan.kode == kode).id)

    day = BULAN.replace
    r1 = rujukan.create(tksk, rujukan.RujukanData(
        day(day=4), inst("puskesmas"), "Pemeriksaan kesehatan lansia", warga_id=lansia))
    v = rujukan.ubah_status(tksk, r1.id, "diterima", day(day=6))
    rujukan.ubah_status(tksk, r1.id, "selesai", day(day=14), "Lansia mendapat pengobatan rutin",
                        hasil="berhasil", versi=v)
    r2 = rujukan.create(tksk, rujukan.RujukanData(
        day(day=13), inst("dinsos_kab"), "Bantuan kursi roda", warga_id=disabilitas))
    rujukan.ubah_status(tksk, r2.id, "diterima", day(day=20))
    rujukan.create(tksk, rujukan.RujukanData(
        day(day=11), inst("dukcapil"), "Penerbitan akta kelahiran dan KIA", warga_id=anak))


def _pages(pdf: Path) -> dict[str, int]:
    from pypdf import PdfReader

    texts = [p.extract_text() or "" for p in PdfReader(str(pdf)).pages]

    def first(needle: str) -> int:
        return next(i for i, t in enumerate(texts, 1) if needle in t)

    return {"pertama": 1, "kegiatan": first("A. Kegiatan bulan"), "rekap": first("B. Rekapitulasi"),
            "foto": first("LAMPIRAN: DOKUMENTASI KEGIATAN"), "riwayat": first("RIWAYAT LAPORAN")}


def main(argv: list[str]) -> int:
    args = list(argv[1:])
    keep: Path | None = None
    if "--pdf" in args:
        i = args.index("--pdf")
        keep = Path(args[i + 1]).resolve()
        del args[i : i + 2]
    kertas = "A4"
    if "--f4" in args:
        args.remove("--f4")
        kertas = "F4"
    if shutil.which("pdftoppm") is None:
        raise SystemExit("pdftoppm tidak ditemukan: pasang poppler-utils.")
    folder = Path(args[0] if args else ROOT / "docs" / "img").resolve()
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="kecamatan-laporan-") as tmp:
        base = Path(tmp)
        os.environ["KECAMATAN_APP_DATA_DIR"] = str(base / "data")
        os.environ["KECAMATAN_APP_LOG_DIR"] = str(base / "log")
        os.environ.pop("KECAMATAN_APP_DB", None)
        (base / "data").mkdir()
        (base / "foto").mkdir()

        from kecamatan_app.config import DatabaseTarget
        from kecamatan_app.db import close_database, open_database
        from kecamatan_app.services import laporan, laporan_cetak

        open_database(DatabaseTarget.parse(base / "data" / "kecamatan.sqlite3"))
        try:
            admin = _office()
            _tksk(admin)
            tksk = _user(admin, "siti", "Siti Aminah (contoh)", "tksk")
            camat = _user(admin, "camat", "Drs. Ahmad Fauzi, M.Si (contoh)", "camat")
            _record(tksk, base / "foto")
            info = laporan.open_month(tksk, BULAN.year, BULAN.month)
            info = laporan.save_text(tksk, info.id, {"nomor": f"460/{BULAN.month:03d}/TKSK/"
                                                               f"{BULAN.year}"}, info.versi)
            info = laporan.move(tksk, info.id, "diajukan")
            info = laporan.move(camat, info.id, "dikembalikan",
                                "Lengkapi foto kegiatan kemitraan dengan BAZNAS.")
            info = laporan.move(tksk, info.id, "diajukan")
            laporan_cetak.setujui(camat, info.id, info.versi, kertas=kertas)
            pdf = laporan_cetak.write_pdf(camat, BULAN.year, BULAN.month,
                                          base / "laporan-bulanan.pdf")
            for old in folder.glob("laporan-halaman-*.png"):
                old.unlink()
            for _what, page in sorted(_pages(pdf).items(), key=lambda kv: kv[1]):
                _png(pdf, page, folder / f"laporan-halaman-{page}.png")
            if keep is not None:
                keep.mkdir(parents=True, exist_ok=True)
                shutil.copy2(pdf, keep / pdf.name)
                laporan_cetak.write_xlsx(camat, BULAN.year, BULAN.month,
                                         keep / "laporan-bulanan.xlsx")
        finally:
            close_database()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
