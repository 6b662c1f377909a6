"""A sample subject-access report (UU 27/2022 Pasal 32) for the user guide.

Usage:
    .venv/bin/python tools/render_akses_subjek_sample.py [docs/img] [--pdf FOLDER] [--f4]
    xvfb-run -a -s "-screen 0 1280x800x24" \
        .venv/bin/python tools/render_akses_subjek_sample.py docs/img --layar

``--pdf FOLDER`` also keeps the PDF (and every page as PNG) there, to look at it closely;
``--f4`` prints on F4 paper; ``--layar`` also takes screenshots of Pengaturan > Perlindungan
Data (``perlindungan-data.png``) and of the privacy notice (``pemberitahuan-privasi.png``).

Works in a temporary data folder with a new database (the user's own data are never touched),
filled through the services with one clearly fictitious person: a registry person with a
household, PPKS categories (one of them specific data), register status and aid; a beneficiary
of an activity; the client of a referral that was received and closed; and an earlier TKSK
candidate with a document. The operator then prints the report, and ``pdftoppm -png -r 60``
(poppler-utils) turns page one into ``akses-subjek.png``.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

RESOLUTION = "60"
NIK = "1603064708850002"  # a woman born 7 August 1985 (day + 40), Gelumbang
PASSWORD = "Rahasia123"


def _pages(pdf: Path, stem: Path, first_only: bool) -> None:
    if shutil.which("pdftoppm") is None:
        raise SystemExit("pdftoppm tidak ditemukan: pasang poppler-utils.")
    pages = ["-f", "1", "-l", "1", "-singlefile"] if first_only else []
    subprocess.run(["pdftoppm", "-png", "-r", RESOLUTION, *pages, str(pdf), str(stem)],
                   check=True)


def build(tmp: Path) -> object:
    """The office, its users and the sample person; returns the operator who prints."""
    from kecamatan_app.models import (
        BentukKegiatan,
        FungsiKegiatan,
        InstansiRujukan,
        JenisBerkas,
        Kategori,
        ProgramBantuan,
    )
    from kecamatan_app.services import (
        berkas,
        desa,
        kantor,
        kegiatan,
        pendaftar,
        penugasan,
        registri,
        registri_ppks,
        rujukan,
        settings,
        users,
    )
    from kecamatan_app.services.kegiatan_periksa import KegiatanData

    kantor.setup_office(
        "16.03.06", kantor.default_kop("16.03.06", alamat="Jl. Merdeka No. 1, Gelumbang",
                                       kode_pos="31171"),
        kantor.CamatData(nama="Drs. Ahmad Fauzi, M.Si (contoh)", nip="197001012000031001"),
        kantor.AdminData("admin", "Admin Kecamatan", PASSWORD, PASSWORD))
    admin = users.login("admin", PASSWORD).actor
    for key, value in (("dpo.nama", "Rina Marlina, S.H. (contoh)"),
                       ("dpo.jabatan", "Sekretaris Kecamatan"),
                       ("dpo.kontak", "0713-321000, ppid.gelumbang@contoh.go.id")):
        settings.set_value(admin, key, value)
    users.create_user(admin, "operator", "Dewi Lestari (contoh)", "operator", "Sandi12345x")
    operator = users.login("operator", "Sandi12345x").actor
    sigam = desa.resolve("Sigam").id
    today = dt.date.today()

    # the TKSK on duty (the activity and the referral need one)
    start = today - dt.timedelta(days=400)
    born = dt.date(start.year - 27, 3, 12)
    tksk_id, _ = pendaftar.create(admin, pendaftar.PendaftarData(
        nik=f"160306{born.day + 40:02d}{born.month:02d}{born.year % 100:02d}0009",
        nama="Siti Aminah (contoh)", jenis_kelamin="P", tempat_lahir="Gelumbang",
        tanggal_lahir=born, kewarganegaraan="WNI", desa_domisili_id=sigam, pendidikan="SMA",
        status_kepegawaian="Bukan ASN/TNI/Polri/Legislatif", pilar_sosial="Karang Taruna",
        dapat_komputer=True, surat_sehat="Ada", skck="Ada",
        tanggal_daftar=start - dt.timedelta(days=30)))
    penugasan.appoint(admin, tksk_id, penugasan.SkData(
        "460/001/SK/2025", start, "Dinas Sosial Kabupaten Muara Enim", start))

    # the person and her household
    kk = registri.create_keluarga(operator, registri.KeluargaData(
        no_kk="1603061201150003", kepala="Sumarni (contoh)", alamat="Dusun II", desa_id=sigam,
        rt="003", rw="001")).id
    person = registri.create_warga(operator, registri.WargaData(
        nik=NIK, nama="Sumarni (contoh)", jenis_kelamin="P", tempat_lahir="Muara Enim",
        tanggal_lahir=dt.date(1985, 8, 7), keluarga_id=kk, hubungan="Kepala Keluarga",
        alamat="Dusun II", desa_id=sigam, rt="003", rw="001")).id
    for nama, jk, hubungan in (("Rudi Hartono (contoh)", "L", "Anak"),
                               ("Nisa Putri (contoh)", "P", "Anak")):
        registri.create_warga(operator, registri.WargaData(
            nik=None, nama=nama, jenis_kelamin=jk, keluarga_id=kk, hubungan=hubungan,
            desa_id=sigam))

    def kategori(kode: str) -> int:
        return int(Kategori.get((Kategori.jenis == "PPKS") & (Kategori.kode == kode)).id)

    prse = registri_ppks.add_ppks(operator, registri_ppks.PPKSData(
        kategori_id=kategori("23"), warga_id=person, rincian="Janda, buruh tani harian",
        catatan="Penghasilan tidak tetap."), tanggal=today - dt.timedelta(days=200)).id
    registri_ppks.change_status(operator, prse, "terverifikasi", 1,
                                tanggal=today - dt.timedelta(days=150),
                                catatan="Diverifikasi bersama kepala desa")
    registri_ppks.add_ppks(operator, registri_ppks.PPKSData(
        kategori_id=kategori("09"), warga_id=person, rincian="Disabilitas fisik (kaki kiri)"),
        tanggal=today - dt.timedelta(days=120))
    registri_ppks.add_ppks(operator, registri_ppks.PPKSData(
        kategori_id=kategori("24"), keluarga_id=kk), tanggal=today - dt.timedelta(days=200))
    registri_ppks.save_register(operator, registri_ppks.RegisterData(
        warga_id=person, nama_register="DTSEN", id_register="DT-0042", desil=2,
        tanggal_cek=today - dt.timedelta(days=100)))
    registri_ppks.add_bantuan(operator, registri_ppks.BantuanData(
        program_id=int(ProgramBantuan.get(ProgramBantuan.kode == "pkh").id),
        periode=f"{today.year} Tahap 1", keluarga_id=kk, sumber="Data Dinas Sosial"))

    # an activity with her as beneficiary, and a referral to the Puskesmas
    fasilitasi = int(FungsiKegiatan.get(FungsiKegiatan.kode == "fasilitasi").id)
    kegiatan.create(operator, KegiatanData(
        tanggal=today - dt.timedelta(days=90), fungsi_id=fasilitasi,
        bentuk_id=int(BentukKegiatan.get(BentukKegiatan.kode == "pendampingan").id),
        judul="Pendampingan pengurusan kursi roda", lingkup="desa", desa_ids=[sigam],
        peserta_p=1, warga_ids=[person], status="final",
        uraian="Membantu melengkapi surat pengantar desa untuk bantuan alat bantu.",
        hasil="Berkas permohonan kursi roda lengkap dan diserahkan ke Dinas Sosial."))
    saved = rujukan.create(operator, rujukan.RujukanData(
        tanggal=today - dt.timedelta(days=60),
        instansi_id=int(InstansiRujukan.get(InstansiRujukan.kode == "puskesmas").id),
        kebutuhan="Pemeriksaan kesehatan dan surat keterangan disabilitas", warga_id=person))
    versi = rujukan.ubah_status(operator, saved.id, "diterima", today - dt.timedelta(days=58),
                                versi=saved.versi)
    rujukan.ubah_status(operator, saved.id, "selesai", today - dt.timedelta(days=45),
                        alasan="Surat keterangan disabilitas terbit", hasil="berhasil",
                        balasan="Pemeriksaan selesai; kontrol ulang tiap 6 bulan.", versi=versi)

    # an earlier TKSK application under the same NIK, with one document
    cand, _ = pendaftar.create(operator, pendaftar.PendaftarData(
        nik=NIK, nama="Sumarni (contoh)", jenis_kelamin="P", tempat_lahir="Muara Enim",
        tanggal_lahir=dt.date(1985, 8, 7), kewarganegaraan="WNI", desa_domisili_id=sigam,
        pendidikan="SMA", tanggal_daftar=today - dt.timedelta(days=700),
        periode_rekrutmen="2024", telepon="081298765432"))
    scan = tmp / "ktp-sumarni.png"
    from PIL import Image

    Image.new("RGB", (60, 40), (230, 230, 230)).save(scan)
    jenis = int(JenisBerkas.get(JenisBerkas.kode == "ktp").id)
    berkas.set_verified(operator, berkas.attach(operator, cand, jenis, scan), True)
    penugasan.record_decision(operator, cand, "tidak_dipilih", today - dt.timedelta(days=650),
                              "Usia di atas batas Pasal 9 huruf b")
    registri.reveal_nik(admin, person)
    return operator


def _screens(folder: Path, admin: object) -> None:
    """The Perlindungan Data tab (the NIK typed in) and the privacy notice, as the admin."""
    from PySide6.QtWidgets import QApplication

    from kecamatan_app.views.i18n import install_translations
    from kecamatan_app.views.pengaturan.perlindungan_tab import PerlindunganTab
    from kecamatan_app.views.privasi_dialog import PrivasiDialog

    app = QApplication.instance() or QApplication(sys.argv)
    translators = install_translations(app)  # noqa: F841 (kept while the app runs)

    def save(widget: object, name: str) -> None:
        widget.show()  # type: ignore[attr-defined]
        for _ in range(10):
            QApplication.processEvents()
        path = folder / name
        if not widget.grab().save(str(path), "PNG"):  # type: ignore[attr-defined]
            raise SystemExit(f"Gambar {path} tidak dapat disimpan.")
        print(f"  {path}")

    tab = PerlindunganTab(admin)  # type: ignore[arg-type]
    tab.resize(1000, 700)
    tab.nik_edit.setText(NIK)
    save(tab, "perlindungan-data.png")
    tab.close()
    dialog = PrivasiDialog()
    dialog.resize(720, 760)
    save(dialog, "pemberitahuan-privasi.png")
    dialog.close()
    app.processEvents()


def main(argv: list[str]) -> int:
    args = list(argv[1:])
    keep: Path | None = None
    if "--pdf" in args:
        i = args.index("--pdf")
        keep = Path(args[i + 1]).resolve()
        del args[i : i + 2]
    layar = "--layar" in args
    if layar:
        args.remove("--layar")
    kertas = "A4"
    if "--f4" in args:
        args.remove("--f4")
        kertas = "F4"
    folder = Path(args[0] if args else ROOT / "docs" / "img").resolve()
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="kecamatan-akses-subjek-") as name:
        tmp = Path(name)
        os.environ["KECAMATAN_APP_DATA_DIR"] = str(tmp / "data")
        os.environ["KECAMATAN_APP_LOG_DIR"] = str(tmp / "log")
        os.environ.pop("KECAMATAN_APP_DB", None)
        (tmp / "data").mkdir()

        from kecamatan_app.config import DatabaseTarget
        from kecamatan_app.db import close_database, open_database
        from kecamatan_app.services import akses_subjek, users

        open_database(DatabaseTarget.parse(tmp / "data" / "kecamatan.sqlite3"))
        try:
            operator = build(tmp)
            pdf = akses_subjek.tulis_pdf(operator, NIK,  # type: ignore[arg-type]
                                         tmp / "akses-subjek.pdf", kertas=kertas)
            _pages(pdf, folder / "akses-subjek", first_only=True)
            print(f"  {folder / 'akses-subjek.png'}")
            if keep is not None:
                keep.mkdir(parents=True, exist_ok=True)
                shutil.copy2(pdf, keep / pdf.name)
                _pages(pdf, keep / "akses-subjek", first_only=False)
                print(f"  {keep}")
            if layar:
                _screens(folder, users.login("admin", PASSWORD).actor)
        finally:
            close_database()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
