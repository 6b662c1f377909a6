"""Golden test of the monthly report: a fixed month (March 2025) recorded through the services,
submitted by the TKSK and approved by the camat; the archived PDF's text and the workbook's cells
are compared with values written out here, and the report's numbers with what the lists
(kegiatan_daftar, rekap_kegiatan, rujukan_daftar) return for the same month."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from kecamatan_app.services import (
    kegiatan,
    kegiatan_daftar,
    laporan,
    laporan_cetak,
    laporan_isi,
    registri_ppks,
    rekap_kegiatan,
    rujukan,
    rujukan_daftar,
    users,
)
from kecamatan_app.services.context import Actor
from kecamatan_app.services.formatting import tanggal
from kecamatan_app.services.kegiatan_periksa import FotoData, MitraData
from tests.conftest import appoint_tksk
from tests.laporan_bantu import (
    bentuk,
    desa_id,
    foto_contoh,
    fungsi,
    instansi,
    kategori,
    kegiatan_data,
    keluarga,
    pdf_pages,
    pdf_text,
    program,
    rujukan_data,
    warga,
)

TAHUN, BULAN = 2025, 3
NIK_SAMARAN = "160306********09"  # appoint_tksk's candidate, born 12-03-1997
SK = "460/001/SK/2025"
CAMAT = "Drs. Ahmad Fauzi, M.Si"
NIP = "NIP 19700101 200003 1 001"
TKSK = "Siti Aminah (contoh)"
KOP = ["PEMERINTAH KABUPATEN MUARA ENIM", "KECAMATAN GELUMBANG",
       "Jl. Merdeka No. 1, Gelumbang, Kode Pos 31171"]
JUDUL = ["LAPORAN KEGIATAN BULANAN", "TENAGA KESEJAHTERAAN SOSIAL KECAMATAN (TKSK)",
         "KECAMATAN GELUMBANG KABUPATEN MUARA ENIM", "BULAN MARET TAHUN 2025"]
R1, R2 = "002/RJK-TKSK/16.03.06/III/2025", "003/RJK-TKSK/16.03.06/III/2025"
DUKCAPIL = "Dinas Kependudukan dan Pencatatan Sipil (Dukcapil)"
#: The activity table: No, Hari/Tanggal, Uraian, Fungsi, Bentuk, Lokasi, Sasaran, Mitra, Hasil,
#: Keterangan.
KEGIATAN = [
    (1, "Senin, 3 Maret 2025", "Rapat koordinasi penyaluran BPNT. Membahas jadwal penyaluran "
     "BPNT tahap I.", "Koordinasi", "Saling memberikan informasi", "Sigam",
     "12 orang (L 5, P 7)", "Pendamping PKH Kecamatan", "Jadwal penyaluran disepakati.",
     "BPNT / Program Sembako; Kendala: Transportasi: Jalan ke Dusun III rusak"),
    (2, "Rabu, 5 Maret 2025", "Rujukan Mbah Sarinah (contoh) ke Puskesmas. Kebutuhan: Pemeriksaan "
     "kesehatan lansia", "Fasilitasi", "Rujukan",
     "Mililian", "1 penerima manfaat", "-", "Surat rujukan diterbitkan ke Puskesmas.",
     f"No. {R1}"),
    (3, "Senin, 10 Maret 2025", "Pendampingan lansia telantar. Kunjungan rumah dan asesmen "
     "kebutuhan.", "Fasilitasi", "Pendampingan sosial", "Mililian",
     "1 orang (L 0, P 1); 1 penerima manfaat", "Puskesmas", "Lansia diusulkan menerima ASLUT.",
     "Asistensi Sosial Lanjut Usia (ASLUT)"),
    (4, "Selasa, 11 Maret 2025", f"Rujukan keluarga Rahmat (contoh) ke {DUKCAPIL}. Kebutuhan: "
     "Penerbitan kartu keluarga",
     "Fasilitasi", "Rujukan", "Mililian", "1 penerima manfaat", "-",
     f"Surat rujukan diterbitkan ke {DUKCAPIL}.", f"No. {R2}"),
    (5, "Rabu, 12 Maret 2025", "Pemutakhiran data PPKS. Verifikasi lapangan bersama operator "
     "desa.", "Administrasi", "Pemetaan sosial", "Sigam, Gelumbang", "5 orang (L 3, P 2)", "-",
     "Tujuh data diverifikasi.", ""),
    (6, "Kamis, 20 Maret 2025", "Musyawarah usulan RS-RTLH. Menyepakati urutan usulan bersama "
     "kepala desa.", "Koordinasi", "Membangun kesepakatan", "Tingkat kecamatan",
     "18 orang (L 10, P 8)", "-", "Urutan usulan disepakati.",
     "Rehabilitasi Sosial Rumah Tidak Layak Huni (RS-RTLH)"),
]
PER_BENTUK = [("Koordinasi", "Saling memberikan informasi", 1),
              ("Koordinasi", "Menyamakan persepsi", 0),
              ("Koordinasi", "Membangun kesepakatan", 1),
              ("Fasilitasi", "Pendampingan sosial", 1), ("Fasilitasi", "Bimbingan sosial", 0),
              ("Fasilitasi", "Kemitraan", 0), ("Fasilitasi", "Rujukan", 2),
              ("Administrasi", "Pemetaan sosial", 1), ("Administrasi", "Pencatatan", 0),
              ("Administrasi", "Pelaporan", 0)]
PER_DESA = [("Gelumbang", 1, 3, 2), ("Mililian", 3, 0, 1), ("Sigam", 2, 8, 9),
            ("Tingkat kecamatan", 1, 10, 8)]
PPKS = [("08. Lanjut Usia Telantar", 1), ("24. Fakir Miskin", 1)]
RUJUKAN = (2, 2, 1, 1)  # made, closed, open at the end of the month, of which overdue
PER_INSTANSI = [(DUKCAPIL, 1, 0, 1), ("Dinas Sosial Kabupaten/Kota", 0, 1, 0),
                ("Puskesmas", 1, 1, 0)]
PEMETAAN = [("Data PPKS per nama baru dicatat", 1), ("Data PPKS diverifikasi", 1),
            ("PPKS dinyatakan sudah ditangani", 1), ("Data PSKS baru dicatat", 0)]
KENDALA = "- Transportasi: Jalan ke Dusun III rusak (Rapat koordinasi penyaluran BPNT, 03-03-2025)"
LANJUT = "- Mengusulkan kendaraan operasional (Rapat koordinasi penyaluran BPNT)"
TEMBUSAN = ["Kepala Dinas Sosial Kabupaten/Kota", "Kepala Dinas Sosial Provinsi",
            "Direktur Pemberdayaan Sosial Perorangan, Keluarga dan Kelembagaan Masyarakat, "
            "Kementerian Sosial RI", "Arsip"]
FOTO = ["Senin, 3 Maret 2025 — Sigam — Rapat koordinasi penyaluran BPNT (Suasana rapat)",
        "Senin, 10 Maret 2025 — Mililian — Pendampingan lansia telantar (Kunjungan rumah)"]


def d(day: int, month: int = BULAN) -> dt.date:
    return dt.date(TAHUN, month, day)


@dataclass(frozen=True)
class Bulan:
    tksk: Actor
    camat: Actor
    info: laporan.LaporanInfo
    pdf: Path
    xlsx: Path


def _record(tksk: Actor, tmp_path: Path) -> None:
    """March 2025 (and a little of February) as the TKSK records it."""
    lansia = warga(tksk, "Mbah Sarinah (contoh)", "Mililian", "P")
    budi = warga(tksk, "Budi Santoso (contoh)", "Sigam")
    rahmat = keluarga(tksk, "Rahmat (contoh)", "Mililian")
    ppks = registri_ppks.add_ppks(tksk, registri_ppks.PPKSData(
        kategori_id=kategori("08"), warga_id=lansia), tanggal=d(10)).id
    registri_ppks.change_status(tksk, ppks, "terverifikasi", 1, d(12))
    registri_ppks.change_status(tksk, ppks, "ditangani", 2, d(14))
    registri_ppks.add_ppks(tksk, registri_ppks.PPKSData(
        kategori_id=kategori("24"), keluarga_id=rahmat, status="terverifikasi"), tanggal=d(15, 2))

    kegiatan.create(tksk, kegiatan_data(d(24, 2), judul="Rapat bulan sebelumnya"))
    kegiatan.create(tksk, kegiatan_data(
        d(3), uraian="Membahas jadwal penyaluran BPNT tahap I.", program_id=program("bpnt"),
        mitra=[MitraData(nama="Pendamping PKH Kecamatan")], hambatan_kategori="transportasi",
        hambatan="Jalan ke Dusun III rusak", tindak_lanjut="Mengusulkan kendaraan operasional",
        foto=[FotoData(path=foto_contoh(tmp_path, "rapat.jpg"), keterangan="Suasana rapat")]))
    kegiatan.create(tksk, kegiatan_data(
        d(10), fungsi_id=fungsi("fasilitasi"), bentuk_id=bentuk("pendampingan"),
        judul="Pendampingan lansia telantar", desa_ids=[desa_id("Mililian")], peserta_l=0,
        peserta_p=1, warga_ids=[lansia], mitra=[MitraData(instansi_id=instansi("puskesmas"))],
        uraian="Kunjungan rumah dan asesmen kebutuhan.", program_id=program("aslut"),
        hasil="Lansia diusulkan menerima ASLUT.", foto=[FotoData(
            path=foto_contoh(tmp_path, "rumah.jpg", size=(480, 640)),
            keterangan="Kunjungan rumah")]))
    kegiatan.create(tksk, kegiatan_data(
        d(12), fungsi_id=fungsi("administrasi"), bentuk_id=bentuk("pemetaan"),
        judul="Pemutakhiran data PPKS", lingkup="beberapa",
        desa_ids=[desa_id("Sigam"), desa_id("Gelumbang")], peserta_l=3, peserta_p=2,
        uraian="Verifikasi lapangan bersama operator desa.", hasil="Tujuh data diverifikasi."))
    kegiatan.create(tksk, kegiatan_data(
        d(20), bentuk_id=bentuk("koordinasi_kesepakatan"), judul="Musyawarah usulan RS-RTLH",
        lingkup="kecamatan", desa_ids=[], peserta_l=10, peserta_p=8,
        program_id=program("rs_rtlh"), uraian="Menyepakati urutan usulan bersama kepala desa.",
        hasil="Urutan usulan disepakati."))

    r0 = rujukan.create(tksk, rujukan_data(d(20, 2), budi, instansi_id=instansi("dinsos_kab"),
                                           kebutuhan="Bantuan kursi roda"))
    rujukan.ubah_status(tksk, r0.id, "ditolak", d(4), "Belum memenuhi syarat")
    r1 = rujukan.create(tksk, rujukan_data(d(5), lansia))
    v = rujukan.ubah_status(tksk, r1.id, "diterima", d(7))
    rujukan.ubah_status(tksk, r1.id, "selesai", d(14), "Klien mendapat pengobatan rutin",
                        hasil="berhasil", versi=v)
    r2 = rujukan.create(tksk, rujukan_data(d(11), None, keluarga_id=rahmat,
                                           instansi_id=instansi("dukcapil"),
                                           kebutuhan="Penerbitan kartu keluarga"))
    assert (r1.nomor_surat, r2.nomor_surat) == (R1, R2)


@pytest.fixture
def bulan(admin: Actor, tmp_path: Path) -> Bulan:
    appoint_tksk(admin, mulai=dt.date(2025, 1, 2))
    for name, full, role in (("siti", TKSK, "tksk"), ("camat", CAMAT, "camat")):
        users.create_user(admin, name, full, role, "Sandi12345x")
    tksk = users.login("siti", "Sandi12345x").actor
    camat = users.login("camat", "Sandi12345x").actor
    _record(tksk, tmp_path)
    info = laporan.open_month(tksk, TAHUN, BULAN)
    info = laporan.save_text(tksk, info.id, {"nomor": "460/03/TKSK/2025"}, info.versi)
    info = laporan.move(tksk, info.id, "diajukan")
    info = laporan_cetak.setujui(camat, info.id, info.versi)
    pdf = laporan_cetak.write_pdf(camat, TAHUN, BULAN, tmp_path / "maret.pdf")
    xlsx = laporan_cetak.write_xlsx(camat, TAHUN, BULAN, tmp_path / "maret.xlsx")
    return Bulan(tksk, camat, info, pdf, xlsx)


def _in_order(text: str, parts: list[str]) -> None:
    """Each of ``parts`` occurs in ``text`` after the one before it."""
    at = 0
    for part in parts:
        found = text.find(part, at)
        assert found >= 0, f"not found after position {at}: {part!r}\n{text[at:at + 400]!r}"
        at = found + len(part)


def _row(values: tuple[Any, ...]) -> str:
    return " ".join(str(v) for v in values if v != "")


def test_pdf_text(bulan: Bulan) -> None:
    text = pdf_text(bulan.pdf)
    pages = pdf_pages(bulan.pdf)
    ttd = tanggal(dt.date.today())  # signed on the day it was submitted
    _in_order(text, [
        "PEMERINTAH KABUPATEN MUARA ENIM KECAMATAN GELUMBANG", *JUDUL,
        "Nomor: 460/03/TKSK/2025", "IDENTITAS TKSK", f"Nama : {TKSK}",
        f"NIK : {NIK_SAMARAN}", f"Nomor SK : {SK}", "NIAT : -", "Kecamatan : Gelumbang",
        "Kabupaten/Kota : Kabupaten Muara Enim", "Nomor HP : 081234567890",
        "BAB I PENDAHULUAN", "Undang-Undang Nomor 11 Tahun 2009 tentang Kesejahteraan Sosial",
        "BAB II PELAKSANAAN KEGIATAN", "A. Kegiatan bulan Maret 2025 (6 kegiatan)",
        "No Hari/Tanggal Uraian Kegiatan Fungsi Bentuk Lokasi Sasaran Mitra Hasil Keterangan",
        *(_row(k) for k in KEGIATAN),
        "B. Rekapitulasi", "1. Kegiatan menurut fungsi dan bentuk", "Fungsi Bentuk Jumlah",
        "Koordinasi Saling memberikan informasi 1 Menyamakan persepsi 0 Membangun kesepakatan 1",
        "Fasilitasi Pendampingan sosial 1 Bimbingan sosial 0 Kemitraan 0 Rujukan 2",
        "Administrasi Pemetaan sosial 1 Pencatatan 0 Pelaporan 0", "Jumlah 6",
        "2. Kegiatan menurut desa/kelurahan", "Desa/Kelurahan Kegiatan Peserta L Peserta P",
        *(_row(r) for r in PER_DESA),
        "3. PPKS yang ditangani", "Kategori PPKS Jumlah", *(_row(r) for r in PPKS),
        "4. Rujukan: dibuat 2, ditutup 2, masih terbuka 1 (terlambat dijawab 1) pada akhir "
        "bulan", "Instansi tujuan Dibuat Ditutup Terbuka", *(_row(r) for r in PER_INSTANSI),
        "5. Pemutakhiran data pemetaan sosial", *(_row(r) for r in PEMETAAN),
        "BAB III KENDALA DAN TINDAK LANJUT", "A. Kendala", KENDALA, "B. Tindak lanjut", LANJUT,
        "BAB IV PENUTUP", "Demikian laporan kegiatan bulanan ini",
        f"Mengetahui, Gelumbang, {ttd} Camat Gelumbang TKSK Kecamatan Gelumbang,",
        f"{CAMAT} {TKSK} {NIP}",
        "Tembusan:", *(f"{n}. {t}" for n, t in enumerate(TEMBUSAN, 1)),
        "LAMPIRAN: DOKUMENTASI KEGIATAN", *(f"{n}. {c}" for n, c in enumerate(FOTO, 1)),
        "RIWAYAT LAPORAN", "Langkah Waktu Oleh Alasan/catatan", "Draf",
        f"{TKSK} Laporan disusun", "Diajukan", f"{TKSK} -", "Disetujui", f"{CAMAT} -",
    ])
    assert "1603061203970009" not in text and "Rapat bulan sebelumnya" not in text
    assert "Budi Santoso" not in text  # February's referral counts, but is not listed
    assert len(pages) == 6 and all(f"Halaman {n} dari 6" in p for n, p in enumerate(pages, 1))
    assert all(f"Disetujui {tanggal(dt.date.today())}" in p and f"oleh {CAMAT}" in p
               for p in pages)
    assert "A. Kegiatan bulan" in pages[1] and "B. Rekapitulasi" in pages[2]


def _rows(ws: Any, first: int) -> list[tuple[Any, ...]]:
    """The non-empty rows of a sheet from row ``first``, trailing empty cells dropped."""
    out = []
    for row in ws.iter_rows(min_row=first, values_only=True):
        values = list(row)
        while values and values[-1] in (None, ""):
            values.pop()
        if values:
            out.append(tuple("" if v is None else v for v in values))
    return out


def test_workbook_cells(bulan: Bulan) -> None:
    """Every sheet opens with the kop surat (a double rule under it) and the title, as the PDF
    does; the NIP is grouped as printed; the Foto sheet holds the photos beside their captions."""
    wb = openpyxl.load_workbook(bulan.xlsx)
    first = len(KOP) + 1 + len(JUDUL) + 1  # kop, a blank row, title lines: the heading's row
    for ws in wb.worksheets:
        assert [ws.cell(r, 1).value for r in range(1, first)] == [*KOP, None, *JUDUL], ws.title
        assert ws.cell(1, 1).font.b and ws.cell(1, 1).alignment.horizontal == "center"
        assert ws.cell(len(KOP), 1).border.bottom.style == "double", ws.title
        if ws.title != "Foto":
            assert not ws._images, ws.title  # no logo is set: only the photos are images
    assert _rows(wb["Identitas"], first) == [
        ("Status laporan: Disetujui — Nomor 460/03/TKSK/2025",), ("Data", "Isi"),
        ("Nama", TKSK), ("NIK", NIK_SAMARAN), ("Nomor SK", SK), ("NIAT", "-"),
        ("Kecamatan", "Gelumbang"), ("Kabupaten/Kota", "Kabupaten Muara Enim"),
        ("Nomor HP", "081234567890"), ("Penandatangan", "Isi"),
        ("Tempat, tanggal", f"Gelumbang, {tanggal(dt.date.today())}"), ("TKSK", TKSK),
        ("Jabatan TKSK", "TKSK Kecamatan Gelumbang"), ("Mengetahui", "Camat Gelumbang"),
        ("Camat", CAMAT), ("NIP Camat", NIP.removeprefix("NIP "))]
    assert _rows(wb["Kegiatan"], first) == [
        ("BAB II A. Kegiatan bulan Maret 2025",),
        ("No", "Hari/Tanggal", "Uraian Kegiatan", "Fungsi", "Bentuk", "Lokasi", "Sasaran",
         "Mitra", "Hasil", "Keterangan"),
        *(k if k[-1] else k[:-1] for k in KEGIATAN)]
    assert _rows(wb["Rekap"], first) == [
        ("BAB II B. Rekapitulasi",), ("Fungsi", "Bentuk", "Jumlah kegiatan"), *PER_BENTUK,
        ("Jumlah", "", 6), ("Desa/Kelurahan", "Kegiatan", "Peserta L", "Peserta P"), *PER_DESA,
        ("Kategori PPKS yang ditangani", "Jumlah"), *PPKS, ("Rujukan", "Jumlah"),
        ("Dibuat", 2), ("Ditutup", 2), ("Terbuka pada akhir bulan", 1),
        ("Terlambat dijawab", 1), ("Instansi tujuan", "Dibuat", "Ditutup", "Terbuka"),
        *PER_INSTANSI, ("Pemutakhiran pemetaan sosial", "Jumlah"), *PEMETAAN]
    assert _rows(wb["Kendala"], first) == [("BAB III KENDALA DAN TINDAK LANJUT",),
                                           ("A. Kendala",), (KENDALA,), ("B. Tindak lanjut",),
                                           (LANJUT,)]
    penutup = _rows(wb["Penutup"], first)
    assert penutup[-5:] == [("Tembusan",), *((f"{n}. {t}",) for n, t in enumerate(TEMBUSAN, 1))]
    foto = wb["Foto"]
    head = first + 2
    assert _rows(foto, first) == [("LAMPIRAN: DOKUMENTASI KEGIATAN",),
                                  ("No", "Foto", "Keterangan foto"), (1, "", FOTO[0]),
                                  (2, "", FOTO[1])]
    # the two photos, each in column B of its caption's row, fitted in the same box
    placed = sorted((img.anchor._from.row + 1, img.anchor._from.col + 1,
                     round(img.anchor.ext.width / 9525), round(img.anchor.ext.height / 9525))
                    for img in foto._images)
    assert placed == [(head + 1, 2, 320, 240), (head + 2, 2, 180, 240)]  # 640x480, 480x640
    assert all(foto.row_dimensions[r].height >= 240 * 0.75 for r in (head + 1, head + 2))
    assert foto.print_title_rows == f"${head}:${head}"
    riwayat = _rows(wb["Riwayat"], first + 1)
    assert [(r[0], r[2], r[3] if len(r) > 3 else "") for r in riwayat] == [
        ("Langkah", "Oleh", "Alasan/catatan"), ("Draf", TKSK, "Laporan disusun"),
        ("Diajukan", TKSK, ""), ("Disetujui", CAMAT, "")]
    assert all(isinstance(r[1], dt.datetime) for r in riwayat[1:])


def test_numbers_equal_the_lists(bulan: Bulan) -> None:
    """One query path: the report counts what the activity and referral lists show."""
    camat = bulan.camat
    isi = laporan_isi.compile_month(camat, laporan.get(camat, TAHUN, BULAN))
    listed = kegiatan_daftar.search(camat, kegiatan_daftar.KegiatanFilter(TAHUN, BULAN,
                                                                          status="final"))
    assert isi.jumlah_kegiatan == len(listed) == len(KEGIATAN)
    assert sorted(k.uraian.split(". ")[0] for k in isi.kegiatan) == sorted(r.judul
                                                                           for r in listed)
    assert kegiatan_daftar.count(camat, kegiatan_daftar.KegiatanFilter(TAHUN, BULAN)) == 6
    rekap = rekap_kegiatan.per_desa(camat, d(1), d(31))
    assert isi.per_bentuk == [(c.fungsi, c.bentuk, rekap.total.sel.get(c.bentuk_id, 0))
                              for c in rekap.kolom] == PER_BENTUK
    assert [(b.desa, b.jumlah) for b in rekap.baris if b.jumlah] == \
        [(n, k) for n, k, _l, _p in isi.per_desa] == [(n, k) for n, k, _l, _p in PER_DESA]
    made = rujukan_daftar.search(camat, rujukan_daftar.RujukanFilter(d(1), d(31)))
    assert isi.rujukan.dibuat == len(made) == RUJUKAN[0]
    assert sorted(r.nomor_surat for r in made) == [R1, R2]
    assert (isi.rujukan.dibuat, isi.rujukan.ditutup, isi.rujukan.terbuka,
            isi.rujukan.terlambat) == RUJUKAN
    per = rujukan_daftar.rekap_per_instansi(camat, d(1), d(31))
    assert {r.instansi: r.jumlah for r in per[:-1]} == {n: a for n, a, _c, _o in PER_INSTANSI
                                                        if a}
    assert isi.ppks == PPKS and isi.pemetaan == PEMETAAN
