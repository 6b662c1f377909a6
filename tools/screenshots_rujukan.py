"""Screenshots of Kegiatan > Rujukan and Rekap for the user guide: the referral list with an
overdue row, one referral's detail with its dated history, and the recap tab.

Usage:
    xvfb-run -a -s "-screen 0 1280x800x24" .venv/bin/python tools/screenshots_rujukan.py docs/img

Works in a temporary data folder: the office (Gelumbang, 16.03.06) is set up, a TKSK appointed,
fictitious persons (marked "(contoh)") added and a dozen referrals in every state recorded, all
through the services with a fixed seed; the user's own data are never touched.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SIZE = (1240, 760)
SANDI = "Rahasia123"
TODAY = dt.date.today()
#: Fictitious persons: (name, sex, desa).
ORANG = (
    ("Ahmad Saputra (contoh)", "L", "Sigam"),
    ("Dewi Lestari (contoh)", "P", "Gelumbang"),
    ("Slamet Hidayat (contoh)", "L", "Mililian"),
    ("Nurhayati Rahman (contoh)", "P", "Karang Endah"),
    ("Joko Purnama (contoh)", "L", "Talang Taling"),
    ("Rina Wijaya (contoh)", "P", "Sigam"),
    ("Yusuf Kurniawan (contoh)", "L", "Gelumbang"),
    ("Fitri Lubis (contoh)", "P", "Mililian"),
    ("Hendra Susanto (contoh)", "L", "Karang Endah"),
)
#: (person, agency, need, days ago, steps as (status, days after the referral, reason, hasil))
RUJUKAN: tuple[tuple[int, str, str, int, tuple[tuple[str, int, str, str], ...]], ...] = (
    (0, "RSUD", "Operasi katarak; klien lansia tanpa pendamping", 95,
     (("diterima", 3, "Diterima poli mata", ""),
      ("selesai", 20, "Operasi dilakukan; klien kembali dapat melihat", "berhasil"))),
    (1, "BPJS Kesehatan", "Pendaftaran PBI-JK bagi keluarga miskin", 80,
     (("diterima", 6, "", ""),
      ("selesai", 30, "Kuota PBI daerah habis; diusulkan tahun depan", "tidak_berhasil"))),
    (2, "Dinas Kependudukan dan Pencatatan Sipil (Dukcapil)", "Penerbitan KTP-el dan KK", 70,
     (("diterima", 2, "", ""), ("selesai", 9, "KTP-el dan KK sudah terbit", "berhasil"))),
    (3, "Dinas Pendidikan", "Beasiswa PIP untuk anak usia SMP", 62,
     (("ditolak", 12, "Anak belum terdaftar di Dapodik sekolah", ""),)),
    (4, "Puskesmas", "Pemeriksaan gizi balita", 55,
     (("dibatalkan", 4, "Keluarga pindah ke kabupaten lain", ""),)),
    (5, "Lembaga Kesejahteraan Sosial (LKS)", "Pengasuhan sementara anak terlantar", 48,
     (("diterima", 5, "Diterima LKS Kasih Ibu", ""),)),
    (6, "BAZNAS", "Bantuan biaya berobat", 41, ()),
    (7, "Dinas Sosial Kabupaten/Kota", "Alat bantu kursi roda", 34, ()),
    (8, "Puskesmas", "Pendampingan ODGJ terlantar", 25,
     (("diterima", 3, "Ditangani perawat jiwa", ""),)),
    (0, "Dinas Sosial Kabupaten/Kota", "Permakanan lansia tunggal", 12, ()),
    (2, "Pemerintah Desa", "Bedah rumah tidak layak huni", 6, ()),
    (5, "UPTD PPA / P2TP2A", "Pendampingan korban kekerasan", 2, ()),
)


def _office() -> Any:
    from kecamatan_app.services import kantor, users

    data = kantor.default_kop("16.03.06", alamat="Jl. Merdeka No. 1, Gelumbang",
                              kode_pos="31171")
    camat = kantor.CamatData(nama="Drs. Ahmad Fauzi, M.Si (contoh)", nip="197001012000031001")
    admin = kantor.AdminData("admin", "Admin Kecamatan", SANDI, SANDI)
    kantor.setup_office("16.03.06", data, camat, admin)
    actor = users.login("admin", SANDI).actor
    info = users.create_user(actor, "siti.tksk", "Siti Aminah (contoh)", "tksk", SANDI + "x")
    return actor, users.actor_for(users._get(info.id))


def _appoint(admin: Any) -> int:
    from kecamatan_app.services import desa, pendaftar, penugasan

    mulai = TODAY - dt.timedelta(days=400)
    daftar = mulai - dt.timedelta(days=30)
    born = dt.date(daftar.year - 27, 3, 12)
    pid, _ = pendaftar.create(admin, pendaftar.PendaftarData(
        nik=f"160306{born.day:02d}{born.month:02d}{born.year % 100:02d}0009",
        nama="Siti Aminah (contoh)", jenis_kelamin="P", tempat_lahir="Gelumbang",
        tanggal_lahir=born, kewarganegaraan="WNI", desa_domisili_id=desa.resolve("Sigam").id,
        pendidikan="SMA", status_kepegawaian="Bukan ASN/TNI/Polri/Legislatif",
        pilar_sosial="Karang Taruna", dapat_komputer=True, surat_sehat="Ada", skck="Ada",
        tanggal_daftar=daftar, telepon="081234567890"))
    return int(penugasan.appoint(admin, pid, penugasan.SkData(
        "460/001/SK/2025", mulai, "Dinas Sosial Kabupaten Muara Enim", mulai)).id)


def _persons(actor: Any, rng: random.Random) -> list[int]:
    from kecamatan_app.services import desa
    from kecamatan_app.services import registri as reg

    ids = []
    for i, (nama, jk, desa_name) in enumerate(ORANG, start=1):
        place = desa.resolve(desa_name)
        assert place is not None
        lahir = dt.date(rng.randint(1950, 2005), rng.randint(1, 12), rng.randint(1, 28))
        day = lahir.day + (40 if jk == "P" else 0)
        ids.append(reg.create_warga(actor, reg.WargaData(
            nik=f"160306{day:02d}{lahir:%m%y}{i:04d}", nama=nama, jenis_kelamin=jk,
            tanggal_lahir=lahir, desa_id=place.id, alamat=f"Jl. Kenanga {i}")).id)
    return ids


def _evidence(folder: Path) -> Path:
    """A small image standing in for a scanned reply letter."""
    from PySide6.QtGui import QColor, QImage, QPainter

    image = QImage(600, 400, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.drawText(40, 60, "Surat balasan instansi (contoh)")
    painter.end()
    path = folder / "surat-balasan-rsud.png"
    image.save(str(path), "PNG")
    return path


def _referrals(tksk: Any, people: list[int], evidence: Path) -> int:
    """Record the referrals and their steps; returns the id of the one with a full history."""
    from kecamatan_app.services import referensi, rujukan

    inst = {r.nama: r.id for r in referensi.rows("instansi", include_inactive=False)}
    full = 0
    for who, agency, need, ago, steps in RUJUKAN:
        day = TODAY - dt.timedelta(days=ago)
        saved = rujukan.create(tksk, rujukan.RujukanData(
            day, inst[agency], need, warga_id=people[who],
            persetujuan="dikecualikan" if who == 8 else "ada",
            alasan_tanpa_persetujuan="Klien dalam keadaan tidak stabil" if who == 8 else ""))
        for status, after, reason, hasil in steps:
            bukti = str(evidence) if status == "diterima" and agency == "RSUD" else None
            balasan = "Pasien dijadwalkan operasi tanggal berikutnya" if bukti else ""
            rujukan.ubah_status(tksk, saved.id, status, day + dt.timedelta(days=after), reason,
                                hasil=hasil, balasan=balasan, bukti_path=bukti)
        if agency == "RSUD":
            full = saved.id
    return full


def _activities(tksk: Any) -> None:
    """Other activities, so the recap shows more than referrals."""
    from kecamatan_app.models import BentukKegiatan, Desa
    from kecamatan_app.services import kegiatan

    bentuk = {b.kode: b for b in BentukKegiatan.select()}
    desa = {d.nama: d.id for d in Desa.select()}
    plan = (
        ("koordinasi_informasi", "Gelumbang", 30, "Rapat koordinasi penyaluran BPNT"),
        ("koordinasi_kesepakatan", "", 28, "Kesepakatan jadwal verifikasi DTSEN"),
        ("pendampingan", "Sigam", 20, "Pendampingan keluarga PKH"),
        ("pendampingan", "Mililian", 18, "Pendampingan lansia terlantar"),
        ("bimbingan", "Karang Endah", 15, "Bimbingan sosial remaja"),
        ("kemitraan", "", 14, "Kemitraan dengan BAZNAS"),
        ("pemetaan", "Talang Taling", 10, "Pemetaan PPKS dusun"),
        ("pencatatan", "", 8, "Pencatatan data bantuan"),
        ("pelaporan", "", 3, "Penyusunan laporan bulanan"),
    )
    for kode, desa_name, ago, judul in plan:
        b = bentuk[kode]
        kegiatan.create(tksk, kegiatan.KegiatanData(
            TODAY - dt.timedelta(days=ago), b.fungsi_id, b.id, judul,
            lingkup="desa" if desa_name else "kecamatan",
            desa_ids=[desa[desa_name]] if desa_name else [], peserta_l=6, peserta_p=9,
            uraian=judul, hasil="Terlaksana", status="final"))


def _save(widget: Any, folder: Path, name: str) -> None:
    from PySide6.QtWidgets import QApplication

    widget.show()
    for _ in range(10):
        QApplication.processEvents()
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
        from kecamatan_app.views.i18n import install_translations
        from kecamatan_app.views.kegiatan.rekap_tab import RekapKegiatanTab
        from kecamatan_app.views.kegiatan.rujukan_detail import RujukanDetailDialog
        from kecamatan_app.views.kegiatan.rujukan_tab import RujukanTab

        app = QApplication.instance() or QApplication(sys.argv)
        translators = install_translations(app)  # noqa: F841 (kept while the app runs)
        open_database(DatabaseTarget.parse(Path(tmp) / "contoh.sqlite3"))
        admin, tksk = _office()
        _appoint(admin)
        people = _persons(tksk, random.Random(5))
        full = _referrals(tksk, people, _evidence(Path(tmp)))
        _activities(tksk)

        tab = RujukanTab(tksk)
        tab.resize(*SIZE)
        # an open referral within its deadline is selected, so the tinted overdue rows show
        current = next(r for r in tab.model.rows if r.status == "diajukan"
                       and r.terlambat_hari == 0)
        tab.select_id(current.id)
        _save(tab, folder, "rujukan-daftar.png")
        tab.close()

        detail = RujukanDetailDialog(tksk, full)
        detail.table.selectRow(1)
        _save(detail, folder, "rujukan-riwayat.png")
        detail.close()

        rekap = RekapKegiatanTab(tksk)
        rekap.periode.set_range(TODAY - dt.timedelta(days=100), TODAY)
        rekap.resize(*SIZE)
        _save(rekap, folder, "rekap-kegiatan.png")
        rekap.close()
        app.processEvents()
        close_database()


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/img"))
