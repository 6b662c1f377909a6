"""Screenshot of Pengaturan > Retensi Data for the user guide: the four retention settings and
the checked list of records past their retention (some to purge, some held).

Usage:
    xvfb-run -a -s "-screen 0 1280x800x24" .venv/bin/python tools/screenshots_retensi.py docs/img

Works in a temporary data folder: the office (Gelumbang, 16.03.06) is set up, a TKSK appointed and
fictitious candidates, persons (marked "(contoh)"), activities and referrals recorded through the
services. Retention is about years passing, so afterwards the dates those rows carry (last change,
activity date, closing step) are moved back with plain UPDATEs, as if they had been saved years
ago. The user's own data are never touched.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SIZE = (1240, 800)
SANDI = "Rahasia123"
TODAY = dt.date.today()
#: Candidates never appointed: (name, serial, years since registering).
CALON = (("Andi Pratama (contoh)", 11, 3), ("Bayu Saputra (contoh)", 12, 3),
         ("Citra Lestari (contoh)", 13, 1))
#: Persons whose PPKS ended: (name, serial, years since the last change).
ORANG = (("Dedi Kurniawan (contoh)", 21, 6), ("Euis Rahmawati (contoh)", 22, 7),
         ("Fajar Hidayat (contoh)", 23, 6), ("Gita Permata (contoh)", 24, 2))


def years_ago(n: int) -> dt.datetime:
    day = TODAY.replace(year=TODAY.year - n) if (TODAY.month, TODAY.day) != (2, 29) \
        else TODAY.replace(year=TODAY.year - n, day=28)
    return dt.datetime.combine(day, dt.time(10, 0))


def _office() -> Any:
    from kecamatan_app.services import kantor, users

    data = kantor.default_kop("16.03.06", alamat="Jl. Merdeka No. 1, Gelumbang",
                              kode_pos="31171")
    camat = kantor.CamatData(nama="Drs. Ahmad Fauzi, M.Si (contoh)", nip="197001012000031001")
    admin = kantor.AdminData("admin", "Admin Kecamatan", SANDI, SANDI)
    kantor.setup_office("16.03.06", data, camat, admin)
    return users.login("admin", SANDI).actor


def _appoint(admin: Any) -> None:
    from kecamatan_app.services import desa, pendaftar, penugasan

    mulai = TODAY - dt.timedelta(days=400)
    daftar = mulai - dt.timedelta(days=30)
    born = dt.date(daftar.year - 27, 3, 12)
    pid, _ = pendaftar.create(admin, pendaftar.PendaftarData(
        nik=f"160306{born.day + 40:02d}{born.month:02d}{born.year % 100:02d}0009",
        nama="Siti Aminah (contoh)", jenis_kelamin="P", tanggal_lahir=born,
        kewarganegaraan="WNI", desa_domisili_id=desa.resolve("Sigam").id, pendidikan="SMA",
        status_kepegawaian="Bukan ASN/TNI/Polri/Legislatif", pilar_sosial="Karang Taruna",
        dapat_komputer=True, surat_sehat="Ada", skck="Ada", tanggal_daftar=daftar))
    penugasan.appoint(admin, pid, penugasan.SkData(
        "460/001/SK/2025", mulai, "Dinas Sosial Kabupaten Muara Enim", mulai))


def _fill(admin: Any) -> None:
    from kecamatan_app.models import (
        BentukKegiatan,
        DataPPKS,
        DataPSKS,
        Kategori,
        Kegiatan,
        RiwayatRujukan,
        Warga,
    )
    from kecamatan_app.services import (
        desa,
        kegiatan,
        pendaftar,
        psks,
        referensi,
        registri,
        registri_ppks,
        rujukan,
    )

    sigam = desa.resolve("Sigam").id
    born = dt.date(1996, 5, 4)
    for nama, serial, ago in CALON:
        pendaftar.create(admin, pendaftar.PendaftarData(
            nik=f"16030604059600{serial}", nama=nama, jenis_kelamin="L", tanggal_lahir=born,
            tanggal_daftar=years_ago(ago).date()))
    kat = Kategori.get((Kategori.jenis == "PPKS") & (Kategori.kode == "24")).id
    people = []
    for nama, serial, ago in ORANG:
        wid = registri.create_warga(admin, registri.WargaData(
            nik=f"16030604059000{serial}", nama=nama, jenis_kelamin="L",
            tanggal_lahir=dt.date(1990, 5, 4), desa_id=sigam)).id
        registri_ppks.add_ppks(admin, registri_ppks.PPKSData(
            kategori_id=kat, warga_id=wid, status="tidak_lagi"))
        Warga.update(diubah_pada=years_ago(ago)).where(Warga.id == wid).execute()
        DataPPKS.update(diubah_pada=years_ago(ago)).where(DataPPKS.warga == wid).execute()
        people.append(wid)
    kader = psks.create(admin, psks.PsksData(
        kategori_id=Kategori.get((Kategori.jenis == "PSKS") & (Kategori.kode == "02")).id,
        nama="Hendra Wijaya (contoh)", desa_id=sigam, status="tidak_aktif")).row.id
    DataPSKS.update(diubah_pada=years_ago(6)).where(DataPSKS.id == kader).execute()

    inst = {r.nama: r.id for r in referensi.rows("instansi", include_inactive=False)}
    day = TODAY - dt.timedelta(days=60)
    closed = rujukan.create(admin, rujukan.RujukanData(
        day, inst["Puskesmas"], "Pemeriksaan kesehatan lansia", warga_id=people[1]))
    versi = rujukan.ubah_status(admin, closed.id, "diterima", day)
    rujukan.ubah_status(admin, closed.id, "selesai", day, "Klien dilayani", hasil="berhasil",
                        versi=versi)
    RiwayatRujukan.update(tanggal=years_ago(6).date()).where(
        RiwayatRujukan.rujukan == closed.id).execute()
    still_open = rujukan.create(admin, rujukan.RujukanData(
        day, inst["RSUD"], "Operasi katarak", warga_id=people[2]))

    b = BentukKegiatan.get(BentukKegiatan.kode == "pendampingan")
    old = kegiatan.create(admin, kegiatan.KegiatanData(
        day, b.fungsi_id, b.id, "Pendampingan lansia terlantar", lingkup="desa",
        desa_ids=[sigam], warga_ids=[people[0]], peserta_l=1, uraian="Kunjungan rumah",
        hasil="Terlaksana", status="final")).id
    Kegiatan.update(tanggal=years_ago(11).date()).where(
        Kegiatan.id.in_([old, still_open.kegiatan_id])).execute()


def main(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["KECAMATAN_APP_DATA_DIR"] = tmp
        os.environ["KECAMATAN_APP_LOG_DIR"] = tmp
        from PySide6.QtWidgets import QApplication

        from kecamatan_app.config import DatabaseTarget
        from kecamatan_app.db import close_database, open_database
        from kecamatan_app.views.i18n import install_translations
        from kecamatan_app.views.pengaturan.retensi_tab import RetensiTab
        from kecamatan_app.views.tasks import wait_all

        app = QApplication.instance() or QApplication(sys.argv)
        translators = install_translations(app)  # noqa: F841 (kept while the app runs)
        open_database(DatabaseTarget.parse(Path(tmp) / "contoh.sqlite3"))
        admin = _office()
        _appoint(admin)
        _fill(admin)

        tab = RetensiTab(admin)
        tab.resize(*SIZE)
        tab.show()
        tab.check()
        while tab.busy():
            wait_all(100)
            app.processEvents()
        assert tab.table is not None
        tab.table.view.selectRow(0)
        for _ in range(10):
            app.processEvents()
        path = folder / "retensi-data.png"
        if not tab.grab().save(str(path), "PNG"):
            raise SystemExit(f"Gambar {path} tidak dapat disimpan.")
        print(f"  {path}")
        tab.close()
        app.processEvents()
        close_database()


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/img"))
