"""Screenshots of the Kegiatan tab for the user guide: the activity list with its month view,
the activity form filled in (with photo thumbnails), and a form of a locked month.

Usage:
    xvfb-run -a -s "-screen 0 1280x800x24" .venv/bin/python tools/screenshots_kegiatan.py docs/img

Works in a temporary data folder: the office (Gelumbang, 16.03.06) is set up, a fictitious TKSK
appointed, and about two dozen fictitious activities with drawn photos are added through the
services, all in the last full month. The user's own data are never touched.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import random
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

LIST_SIZE = (1240, 760)
FORM_SIZE = (1240, 790)

#: (title, function, form, program or "", desa or "" for the kecamatan, hour)
KEGIATAN = (
    ("Rapat koordinasi penyaluran BPNT", "koordinasi", "koordinasi_informasi", "bpnt",
     "Gelumbang", 9),
    ("Monitoring penyaluran BPNT di e-Warong", "fasilitasi", "pendampingan", "bpnt", "Sigam", 8),
    ("Pendampingan lansia terlantar", "fasilitasi", "pendampingan", "aslut", "Mililian", 10),
    ("Bimbingan sosial Karang Taruna", "fasilitasi", "bimbingan", "", "Karang Endah", 14),
    ("Verifikasi calon penerima PKH", "administrasi", "pemetaan", "pkh", "Talang Taling", 9),
    ("Musyawarah desa pemutakhiran DTSEN", "koordinasi", "koordinasi_kesepakatan", "",
     "Jambu", 13),
    ("Pencatatan PPKS disabilitas", "administrasi", "pencatatan", "", "Midar", 10),
    ("Kemitraan dengan BAZNAS untuk RTLH", "fasilitasi", "kemitraan", "rs_rtlh", "", 10),
    ("Penyamaan data PKH dengan pendamping", "koordinasi", "koordinasi_persepsi", "pkh", "", 9),
    ("Pendampingan korban banjir", "fasilitasi", "pendampingan", "bencana", "Segayam", 8),
    ("Penyusunan laporan bulanan", "administrasi", "pelaporan", "", "", 13),
    ("Sosialisasi PBI-JK di posyandu", "fasilitasi", "bimbingan", "pbi_jk", "Putak", 9),
)
DAYS = (2, 3, 3, 6, 8, 9, 10, 10, 10, 13, 14, 15, 16, 17, 17, 20, 21, 22, 23, 24, 24, 27, 28, 29)


def _photo(rng: random.Random, caption: str, gps: bool) -> bytes:
    """A drawn 'photo': sky, field, a hall and a few people (no real person or place)."""
    from PIL import Image, ImageDraw

    w, h = 1200, 900
    img = Image.new("RGB", (w, h))
    draw = ImageDraw.Draw(img)
    sky = (rng.randint(120, 170), rng.randint(170, 210), rng.randint(215, 245))
    for y in range(h // 2):
        t = y / (h / 2)
        draw.line([(0, y), (w, y)], fill=tuple(int(c * (1 - 0.25 * t)) for c in sky))
    draw.rectangle([0, h // 2, w, h], fill=(rng.randint(80, 110), rng.randint(130, 160), 70))
    x0 = rng.randint(100, 500)
    draw.rectangle([x0, 250, x0 + 520, 520], fill=(235, 225, 200), outline=(120, 90, 60),
                   width=6)
    draw.polygon([(x0 - 30, 260), (x0 + 260, 120), (x0 + 550, 260)], fill=(170, 60, 40))
    draw.rectangle([x0 + 220, 380, x0 + 300, 520], fill=(110, 70, 40))
    for _ in range(rng.randint(5, 9)):
        px = rng.randint(40, w - 60)
        py = rng.randint(560, 760)
        shirt = (rng.randint(30, 220), rng.randint(30, 220), rng.randint(30, 220))
        draw.ellipse([px, py, px + 40, py + 40], fill=(190, 140, 100))
        draw.rectangle([px - 8, py + 42, px + 48, py + 130], fill=shirt)
    draw.rectangle([0, h - 70, w, h], fill=(0, 0, 0))
    draw.text((24, h - 55), caption + "  (foto contoh)", fill=(255, 255, 255))
    exif = Image.Exif()
    exif[0x010F] = "KameraContoh"
    if gps:
        exif[0x8825] = {1: "S", 2: (3.0, 15.0, 30.5), 3: "E", 4: (104.0, 27.0, 10.25)}
    out = io.BytesIO()
    img.save(out, "JPEG", quality=88, exif=exif.tobytes())
    return out.getvalue()


def _setup(tmp: Path) -> Any:
    """The office, an admin, a TKSK appointed 400 days ago; returns the admin's actor."""
    from kecamatan_app.services import desa, kantor, pendaftar, penugasan, users

    kop = kantor.default_kop("16.03.06", alamat="Jl. Merdeka No. 1, Gelumbang",
                             kode_pos="31171")
    camat = kantor.CamatData(nama="Drs. Ahmad Fauzi, M.Si (contoh)", nip="197001012000031001")
    admin = kantor.AdminData("admin", "Admin Kecamatan", "Rahasia123", "Rahasia123")
    kantor.setup_office("16.03.06", kop, camat, admin)
    actor = users.login("admin", "Rahasia123").actor
    mulai = dt.date.today() - dt.timedelta(days=400)
    born = dt.date(mulai.year - 28, 3, 12)
    pid, _ = pendaftar.create(actor, pendaftar.PendaftarData(
        nik=f"160306{born.day + 40:02d}{born.month:02d}{born.year % 100:02d}0009",
        nama="Siti Aminah (contoh)", jenis_kelamin="P", tempat_lahir="Gelumbang",
        tanggal_lahir=born, kewarganegaraan="WNI", desa_domisili_id=desa.resolve("Sigam").id,
        pendidikan="SMA", status_kepegawaian="Bukan ASN/TNI/Polri/Legislatif",
        pilar_sosial="Karang Taruna", dapat_komputer=True, surat_sehat="Ada", skck="Ada",
        tanggal_daftar=mulai - dt.timedelta(days=30), telepon="081234567890"))
    penugasan.appoint(actor, pid, penugasan.SkData(
        "460/001/SK/2025", mulai, "Dinas Sosial Kabupaten Muara Enim", mulai))
    return actor


def _registry(actor: Any) -> tuple[list[int], list[int], int]:
    """A few persons and households to link, and a Karang Taruna as partner."""
    from kecamatan_app.services import desa, psks, registri

    people, homes = [], []
    for nama, kk_nama, desa_nama in (("Sumarni (contoh)", "Darmawan (contoh)", "Sigam"),
                                     ("Wagiman (contoh)", "Yusuf Lubis (contoh)", "Sigam"),
                                     ("Ratna Sari (contoh)", "Hendra Wijaya (contoh)", "Midar")):
        d = desa.resolve(desa_nama)
        assert d is not None
        homes.append(registri.create_keluarga(actor, registri.KeluargaData(
            kepala=kk_nama, desa_id=d.id)).id)
        people.append(registri.create_warga(actor, registri.WargaData(
            nik=None, nama=nama, jenis_kelamin="P" if "a" in nama[-10:] else "L",
            desa_id=d.id)).id)
    kinds = {k.kode: k for k in psks.kategori_choices()}
    sigam = desa.resolve("Sigam")
    assert sigam is not None
    kt = psks.create(actor, psks.PsksData(kinds["05"].id, "Karang Taruna Tunas Harapan (contoh)",
                                          False, desa_id=sigam.id, ketua="Fajar Lubis")).row.id
    return people, homes, kt


def _fill(actor: Any, tmp: Path) -> tuple[int, dt.date]:
    """Two dozen activities in the last full month; returns the richest one and the month."""
    from kecamatan_app.models import BentukKegiatan, FungsiKegiatan, InstansiRujukan
    from kecamatan_app.models import ProgramBantuan as Program
    from kecamatan_app.services import desa, kegiatan
    from kecamatan_app.services.kegiatan_periksa import FotoData, KegiatanData, MitraData

    rng = random.Random(5)
    month = (dt.date.today().replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    people, homes, kt = _registry(actor)
    dinsos = InstansiRujukan.get(InstansiRujukan.kode == "dinsos_kab").id
    rich = 0
    for n, day in enumerate(DAYS):
        title, fungsi, bentuk, program, desa_nama, hour = KEGIATAN[n % len(KEGIATAN)]
        d = desa.resolve(desa_nama) if desa_nama else None
        photos = []
        for i in range(3 if n == 1 else rng.choice((0, 1, 2))):
            path = tmp / f"foto-{n}-{i}.jpg"
            cap = ("Antrean KPM di e-Warong", "Pengecekan kualitas beras",
                   "Serah terima bantuan")[i % 3]
            path.write_bytes(_photo(rng, cap, gps=i == 0))
            photos.append(FotoData(path=str(path), keterangan=cap))
        final = day < 26 or n % 2 == 0
        data = KegiatanData(
            tanggal=month.replace(day=day),
            fungsi_id=FungsiKegiatan.get(FungsiKegiatan.kode == fungsi).id,
            bentuk_id=BentukKegiatan.get(BentukKegiatan.kode == bentuk).id,
            judul=title, jam_mulai=dt.time(hour, 0), jam_selesai=dt.time(hour + 2, 30),
            program_id=Program.get(Program.kode == program).id if program else None,
            lingkup="desa" if d else "kecamatan", desa_ids=[d.id] if d else [],
            mitra=[MitraData(instansi_id=dinsos), MitraData(psks_id=kt),
                   MitraData(nama="Agen e-Warong Berkah (contoh)")] if n == 1 else
            [MitraData(nama="Kepala Desa")],
            peserta_l=rng.randint(2, 25), peserta_p=rng.randint(2, 30),
            warga_ids=people[:2] if n == 1 else [], keluarga_ids=homes[:2] if n == 1 else [],
            uraian=("Memantau penyaluran BPNT tahap ini di e-Warong desa: memeriksa daftar KPM, "
                    "kualitas dan jumlah beras, serta antrean.") if n == 1 else
            f"{title} bersama perangkat desa dan pilar sosial.",
            hasil="Penyaluran tertib; 46 dari 48 KPM menerima. 2 KPM lansia diantar ke rumah."
            if n == 1 else ("Kegiatan terlaksana sesuai rencana." if final else ""),
            hambatan_kategori="geografi_cuaca" if n == 1 else "",
            hambatan="Jalan ke Dusun III licin setelah hujan." if n == 1 else "",
            tindak_lanjut="Usulkan jadwal penyaluran pagi hari pada bulan berikutnya."
            if n == 1 else "",
            status="final" if final else "draf", foto=photos)
        saved = kegiatan.create(actor, data)
        if n == 1:
            rich = saved.id
    return rich, month


def _settle(widget: Any) -> None:
    from PySide6.QtWidgets import QApplication

    widget.show()
    for _ in range(12):
        QApplication.processEvents()


def _save(widget: Any, folder: Path, name: str) -> None:
    _settle(widget)
    path = folder / name
    if not widget.grab().save(str(path), "PNG"):
        raise SystemExit(f"Gambar {path} tidak dapat disimpan.")
    print(f"  {path}")


def main(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["KECAMATAN_APP_DATA_DIR"] = tmp
        os.environ["KECAMATAN_APP_LOG_DIR"] = tmp
        from PySide6.QtWidgets import QApplication

        from kecamatan_app.config import DatabaseTarget
        from kecamatan_app.db import close_database, open_database
        from kecamatan_app.models import LaporanBulanan, Penugasan
        from kecamatan_app.views.kegiatan.kegiatan_dialog import KegiatanDialog
        from kecamatan_app.views.kegiatan.kegiatan_tab import KegiatanTab

        app = QApplication.instance() or QApplication(sys.argv)
        open_database(DatabaseTarget.parse(Path(tmp) / "contoh.sqlite3"))
        actor = _setup(Path(tmp))
        rich, month = _fill(actor, Path(tmp))

        tab = KegiatanTab(actor)
        tab.resize(*LIST_SIZE)
        tab.saring.set_month(month.year, month.month)
        _settle(tab)
        tab.select_id(rich)
        _save(tab, folder, "kegiatan-daftar.png")
        tab.close()

        dialog = KegiatanDialog(actor, rich)
        dialog.resize(*FORM_SIZE)
        _save(dialog, folder, "kegiatan-form.png")
        dialog.close()

        # the month locked by a submitted report (the report module is not here yet: the row
        # is written directly, in this temporary database only)
        LaporanBulanan.create(kecamatan=Penugasan.get().kecamatan, penugasan=Penugasan.get(),
                              tahun=month.year, bulan=month.month, status="diajukan",
                              diajukan_pada=dt.datetime.now())
        locked = KegiatanDialog(actor, rich)
        locked.resize(*FORM_SIZE)
        _save(locked, folder, "kegiatan-form-terkunci.png")
        locked.close()
        app.processEvents()
        close_database()


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/img"))
