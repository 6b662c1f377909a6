"""Screenshots of the Laporan page for the user guide: the monthly report with its narrative,
banner and history (laporan-bulanan.png) and the preview inside the app (laporan-pratinjau.png).

Usage:
    xvfb-run -a -s "-screen 0 1280x800x24" .venv/bin/python tools/screenshots_laporan.py docs/img

Works in a temporary data folder: the office of Kecamatan Gelumbang is set up, a fictitious TKSK
appointed and a month of fictitious final activities recorded, all through the services; the
TKSK starts the report, writes its number, submits it, and the camat returns it with a reason
(so the page shows the reason and a history of three steps). The user's own data are never
touched.
"""

from __future__ import annotations

import datetime as dt
import gc
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SIZE = (1240, 760)
PASSWORD = "Contoh12345"

#: (day, function, form, title, desa, L, P, description, result, obstacle kind, obstacle,
#: follow-up): a fictitious month of a TKSK's work.
KEGIATAN: list[tuple[Any, ...]] = [
    (2, "koordinasi", "koordinasi_informasi", "Rapat koordinasi penyaluran BPNT", "Sigam", 6, 8,
     "Membahas jadwal penyaluran BPNT tahap IV bersama pendamping dan perangkat desa.",
     "Jadwal penyaluran disepakati tanggal 14.", "", "", ""),
    (5, "fasilitasi", "pendampingan", "Pendampingan lansia terlantar", "Mililian", 1, 2,
     "Kunjungan rumah lansia yang tinggal sendiri; mencatat kebutuhan dasar.",
     "Lansia didaftarkan ke program ATENSI.", "transportasi",
     "Jalan ke dusun III rusak setelah hujan", "Usulkan kendaraan dinas kecamatan"),
    (9, "administrasi", "pemetaan", "Verifikasi data PPKS Desa Gelumbang", "Gelumbang", 3, 4,
     "Mencocokkan data PPKS desa dengan temuan lapangan di empat dusun.",
     "12 data diperbarui, 3 data baru.", "keterbukaan_data",
     "Sebagian data desa belum diserahkan", "Surat permintaan data melalui Camat"),
    (14, "koordinasi", "koordinasi_kesepakatan", "Musyawarah penanganan RTLH", "Karang Endah",
     9, 5, "Musyawarah dengan kepala desa dan tokoh masyarakat tentang rumah tidak layak huni.",
     "Disepakati 4 rumah diusulkan ke Dinas Sosial.", "", "", ""),
    (18, "fasilitasi", "bimbingan", "Bimbingan sosial keluarga penerima PKH", "Talang Taling",
     4, 21, "Bimbingan pengasuhan anak dan pengelolaan keuangan keluarga.",
     "25 peserta hadir; materi diterima baik.", "waktu",
     "Jadwal bertabrakan dengan musim panen", "Pertemuan berikut sore hari"),
    (23, "fasilitasi", "kemitraan", "Kemitraan dengan Karang Taruna", "Sigam", 11, 7,
     "Membangun kerja sama pendataan anak putus sekolah dengan Karang Taruna.",
     "Karang Taruna bersedia membantu pendataan.", "", "", ""),
    (27, "administrasi", "pencatatan", "Pencatatan kegiatan dan arsip bulanan", "Gelumbang",
     1, 0, "Merapikan catatan kegiatan, foto dan berkas rujukan bulan ini.",
     "Catatan bulan ini lengkap.", "", "", ""),
]


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


def _pause(seconds: float) -> None:
    """Let QPdfView finish rendering its pages (it renders in its own thread)."""
    import time

    from PySide6.QtWidgets import QApplication

    end = time.monotonic() + seconds
    while time.monotonic() < end:
        QApplication.processEvents()
        time.sleep(0.02)


def _wait(done: Any) -> None:
    from PySide6.QtWidgets import QApplication

    gc.collect()
    gc.disable()  # no collection in a worker thread (it could destroy Qt widgets there)
    try:
        while not done():
            QApplication.processEvents()
    finally:
        gc.enable()


def _office() -> tuple[Any, Any, Any]:
    """The office, a TKSK appointed 400 days ago, and the TKSK's and camat's accounts."""
    from kecamatan_app.services import desa, kantor, pendaftar, penugasan, users

    kop = kantor.default_kop("16.03.06", alamat="Jl. Merdeka No. 1, Gelumbang",
                             kode_pos="31171", telepon="(0713) 000000")
    camat = kantor.CamatData(nama="Drs. Ahmad Fauzi, M.Si (contoh)", nip="197001012000031001",
                             pangkat="Pembina (IV/a)")
    admin_data = kantor.AdminData("admin", "Administrator (contoh)", PASSWORD, PASSWORD)
    kantor.setup_office("16.03.06", kop, camat, admin_data)
    admin = users.login("admin", PASSWORD).actor
    mulai = dt.date.today() - dt.timedelta(days=400)
    born = dt.date(mulai.year - 28, 5, 17)
    pid, _ = pendaftar.create(admin, pendaftar.PendaftarData(
        nik=f"160306{born:%d%m%y}0007", nama="Rahmat Hidayat (contoh)", jenis_kelamin="L",
        tempat_lahir="Gelumbang", tanggal_lahir=born, kewarganegaraan="WNI",
        desa_domisili_id=desa.resolve("Sigam").id, pendidikan="SMA",  # type: ignore[union-attr]
        status_kepegawaian="Bukan ASN/TNI/Polri/Legislatif", pilar_sosial="Karang Taruna",
        dapat_komputer=True, surat_sehat="Ada", skck="Ada",
        tanggal_daftar=mulai - dt.timedelta(days=30), telepon="081234567890"))
    penugasan.appoint(admin, pid, penugasan.SkData(
        "460/118/SK/Dinsos/2025 (contoh)", mulai, "Kepala Dinas Sosial Kabupaten Muara Enim",
        mulai))
    accounts = []
    for name, full, role in (("tksk", "Rahmat Hidayat (contoh)", "tksk"),
                             ("camat", camat.nama, "camat")):
        info = users.create_user(admin, name, full, role, PASSWORD, PASSWORD)
        accounts.append(users.actor_for(users._get(info.id)))
    return admin, accounts[0], accounts[1]


def _month(tksk: Any, tahun: int, bulan: int) -> None:
    from kecamatan_app.models import BentukKegiatan, FungsiKegiatan
    from kecamatan_app.services import desa, kegiatan
    from kecamatan_app.services.kegiatan_periksa import KegiatanData

    fungsi = {f.kode: f.id for f in FungsiKegiatan.select()}
    bentuk = {b.kode: b.id for b in BentukKegiatan.select()}
    for (day, f, b, judul, nama_desa, lk, pr, uraian, hasil, jenis, hambatan,
         lanjut) in KEGIATAN:
        hit = desa.resolve(nama_desa)
        assert hit is not None, nama_desa
        kegiatan.create(tksk, KegiatanData(
            tanggal=dt.date(tahun, bulan, day), fungsi_id=fungsi[f], bentuk_id=bentuk[b],
            judul=judul, jam_mulai=dt.time(9, 0), jam_selesai=dt.time(11, 30), lingkup="desa",
            desa_ids=[hit.id], peserta_l=lk, peserta_p=pr, uraian=uraian, hasil=hasil,
            hambatan_kategori=jenis, hambatan=hambatan, tindak_lanjut=lanjut, status="final"))


def main(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["KECAMATAN_APP_DATA_DIR"] = tmp
        os.environ["KECAMATAN_APP_LOG_DIR"] = tmp
        from PySide6.QtWidgets import QApplication

        from kecamatan_app.config import DatabaseTarget
        from kecamatan_app.db import close_database, open_database
        from kecamatan_app.services import laporan
        from kecamatan_app.views.laporan import LaporanPage
        from kecamatan_app.views.laporan.bulan_pilih import bulan_lalu

        app = QApplication.instance() or QApplication(sys.argv)
        open_database(DatabaseTarget.parse(Path(tmp) / "contoh.sqlite3"))
        _admin, tksk, camat = _office()
        tahun, bulan = bulan_lalu()
        _month(tksk, tahun, bulan)
        info = laporan.open_month(tksk, tahun, bulan)
        info = laporan.save_text(tksk, info.id, {"nomor": "460/021/TKSK-GLB/2026 (contoh)"},
                                 info.versi)
        info = laporan.move(tksk, info.id, "diajukan", versi=info.versi)
        laporan.move(camat, info.id, "dikembalikan",
                     "Tambahkan hasil verifikasi data PPKS Desa Gelumbang pada BAB III dan "
                     "jumlah rumah yang diusulkan per desa.", info.versi)

        page = LaporanPage(tksk)
        page.resize(*SIZE)
        _settle(page)
        page.riwayat.resizeColumnsToContents()
        page.riwayat.resizeRowsToContents()
        _save(page, folder, "laporan-bulanan.png")

        page.tabs.setCurrentWidget(page.pratinjau)
        task = page.pratinjau.show_preview()
        if task is None:
            raise SystemExit("Pratinjau tidak dapat dimulai.")
        _wait(lambda: page.pratinjau.task is None)
        if not page.pratinjau.has_preview():
            raise SystemExit("Pratinjau tidak terbentuk.")
        _pause(2.0)
        _save(page, folder, "laporan-pratinjau.png")
        page.close()
        app.processEvents()
        close_database()


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/img"))
