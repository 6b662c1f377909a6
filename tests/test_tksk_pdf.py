"""The TKSK prints (verification sheet, candidate list), read back from the PDF with pypdf."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from reportlab.lib.units import mm

from kecamatan_app.reports import tksk_pdf
from kecamatan_app.reports.pdf_dasar import Kop
from kecamatan_app.services import audit, cetak_tksk, desa, kantor, pendaftar
from kecamatan_app.services.audit import AuditFilter
from kecamatan_app.services.context import Actor
from kecamatan_app.services.errors import DatabaseError, PermissionDenied, ValidationError
from kecamatan_app.services.nik import mask_nik
from kecamatan_app.services.pendaftar_daftar import PendaftarFilter

CAMAT_NAMA = "Drs. Ahmad Fauzi, M.Si"
CAMAT_NIP_GROUPED = "NIP 19700101 200003 1 001"
TITLE = "LEMBAR VERIFIKASI PERSYARATAN CALON TENAGA KESEJAHTERAAN SOSIAL KECAMATAN (TKSK)"
A4 = (210 * mm, 297 * mm)
F4 = (215 * mm, 330 * mm)


def nik_for(lahir: dt.date, sex: str, serial: int) -> str:
    day = lahir.day + (40 if sex == "P" else 0)
    return f"160306{day:02d}{lahir.month:02d}{lahir.year % 100:02d}{serial:04d}"


def _data(nama: str, sex: str, serial: int, **changes: Any) -> pendaftar.PendaftarData:
    daftar = dt.date.today() - dt.timedelta(days=30)
    lahir = dt.date(daftar.year - 25, 3, 14)
    values: dict[str, Any] = {
        "nik": nik_for(lahir, sex, serial),
        "nama": nama,
        "jenis_kelamin": sex,
        "tempat_lahir": "Muara Enim",
        "tanggal_lahir": lahir,
        "kewarganegaraan": "WNI",
        "alamat": "Jl. Contoh No. 5",
        "rt": "2",
        "rw": "1",
        "desa_domisili_id": desa.all_desa()[0].id,
        "kecamatan_ktp": "Gelumbang",
        "pendidikan": "SMA",
        "status_kepegawaian": "Bukan ASN/TNI/Polri/Legislatif",
        "pilar_sosial": "Karang Taruna",
        "dapat_komputer": True,
        "surat_sehat": "Ada",
        "skck": "Ada",
        "tanggal_daftar": daftar,
        "periode_rekrutmen": "2026",
        "telepon": "0812-0000-0001",
    }
    values.update(changes)
    return pendaftar.PendaftarData(**values)


@pytest.fixture
def calon(admin: Actor) -> dict[str, tuple[int, str]]:
    """Three candidates: eligible, failing (education), incomplete (no health certificate)."""
    out: dict[str, tuple[int, str]] = {}
    for key, data in (
        ("layak", _data("Rina Kusuma (uji)", "P", 1)),
        ("gagal", _data("Bambang Irawan (uji)", "L", 2, pendidikan="SMP")),
        ("belum", _data("Citra Anggraini (uji)", "P", 3, surat_sehat=None)),
    ):
        pid, _ = pendaftar.create(admin, data)
        out[key] = (pid, data.nik)
    return out


def read(path: Path) -> tuple[str, PdfReader]:
    reader = PdfReader(str(path))
    text = "\n".join(page.extract_text() or "" for page in reader.pages)
    return " ".join(text.split()), reader


def cetak_entries(admin: Actor) -> list[audit.AuditRow]:
    return audit.search(admin, AuditFilter(aksi="cetak"))


def test_sheet_of_eligible_candidate_a4(admin: Actor, calon: Any, tmp_path: Path) -> None:
    pid, nik = calon["layak"]
    out = cetak_tksk.print_lembar(admin, pid, tmp_path / "lembar.pdf")
    text, reader = read(out)
    assert TITLE in text
    for huruf in "abcdefghi":
        assert f"Pasal 9 huruf {huruf}" in text
    assert text.count("Memenuhi") >= 9
    assert "HASIL: MEMENUHI SYARAT" in text
    assert "Rina Kusuma (uji)" in text
    assert mask_nik(nik) in text and nik not in text
    assert CAMAT_NAMA in text and CAMAT_NIP_GROUPED in text
    assert "Mengetahui," in text and "Camat Gelumbang" in text
    assert "Verifikator" in text and "Admin Kecamatan" in text
    assert "Halaman 1 dari 1" in text  # the sheet of a typical candidate fits one A4 page
    assert "Dicetak" in text and "oleh Admin Kecamatan" in text
    assert "RAHASIA - berisi data pribadi. Dicetak" in text
    assert "Usia dihitung pada tanggal acuan" in text
    box = reader.pages[0].mediabox
    assert abs(float(box.width) - A4[0]) < 1 and abs(float(box.height) - A4[1]) < 1
    entry = cetak_entries(admin)[0]
    assert entry.tabel == "pendaftar" and entry.rekaman_id == str(pid)
    assert entry.ringkasan == "Cetak lembar verifikasi Rina Kusuma (uji)"


def test_sheet_of_failing_candidate_on_f4(admin: Actor, calon: Any, tmp_path: Path) -> None:
    pid, nik = calon["gagal"]
    out = cetak_tksk.print_lembar(admin, pid, tmp_path / "gagal.pdf", paper="F4")
    text, reader = read(out)
    assert "HASIL: TIDAK MEMENUHI SYARAT" in text
    assert "Tidak memenuhi" in text and "Tidak memenuhi: huruf e" in text
    assert mask_nik(nik) in text and nik not in text
    for page in reader.pages:
        assert abs(float(page.mediabox.width) - F4[0]) < 1
        assert abs(float(page.mediabox.height) - F4[1]) < 1


def test_sheet_of_incomplete_candidate(admin: Actor, calon: Any, tmp_path: Path) -> None:
    pid, _ = calon["belum"]
    text, _ = read(cetak_tksk.print_lembar(admin, pid, tmp_path / "belum.pdf"))
    assert "HASIL: BELUM LENGKAP" in text
    assert "Belum ada bukti" in text and "Belum ada bukti: huruf f" in text
    assert "bukan tidak memenuhi" in text


def test_full_nik_only_when_chosen_and_allowed(
    admin: Actor, calon: Any, make_actor: Any, tmp_path: Path
) -> None:
    pid, nik = calon["layak"]
    text, _ = read(cetak_tksk.print_lembar(admin, pid, tmp_path / "nik.pdf", with_nik=True))
    assert nik in text and "disamarkan" not in text
    assert cetak_entries(admin)[0].ringkasan.endswith("(NIK lengkap)")
    camat = make_actor("camat")  # may view candidates, may not edit them
    with pytest.raises(PermissionDenied):
        cetak_tksk.print_lembar(camat, pid, tmp_path / "camat-nik.pdf", with_nik=True)
    assert not (tmp_path / "camat-nik.pdf").exists()
    text, _ = read(cetak_tksk.print_lembar(camat, pid, tmp_path / "camat.pdf"))
    assert nik not in text and mask_nik(nik) in text


def test_tksk_role_may_not_print(calon: Any, make_actor: Any, tmp_path: Path) -> None:
    tksk = make_actor("tksk")
    folder = tmp_path / "cetak"
    folder.mkdir()
    with pytest.raises(PermissionDenied):
        cetak_tksk.print_lembar(tksk, calon["layak"][0], folder / "x.pdf")
    with pytest.raises(PermissionDenied):
        cetak_tksk.print_daftar(tksk, folder / "y.pdf")
    assert list(folder.iterdir()) == []


def test_plt_camat_signs_with_keterangan(admin: Actor, calon: Any, tmp_path: Path) -> None:
    kantor.set_camat(
        admin,
        kantor.CamatData(
            nama="Hendra Wijaya (uji)",
            plt=True,
            keterangan_jabatan="Sekretaris Kecamatan selaku Plt. Camat Gelumbang",
        ),
        pergantian=True,
    )
    text, _ = read(cetak_tksk.print_lembar(admin, calon["layak"][0], tmp_path / "plt.pdf"))
    assert "Plt. Camat Gelumbang" in text and "Hendra Wijaya (uji)" in text
    assert "Sekretaris Kecamatan selaku Plt. Camat Gelumbang" in text
    assert CAMAT_NIP_GROUPED not in text and CAMAT_NAMA not in text


def test_candidate_list(admin: Actor, calon: Any, tmp_path: Path) -> None:
    out = cetak_tksk.print_daftar(admin, tmp_path / "daftar.pdf", paper="F4")
    text, reader = read(out)
    assert "DAFTAR PENDAFTAR CALON TENAGA KESEJAHTERAAN SOSIAL KECAMATAN (TKSK)" in text
    for key, name in (
        ("layak", "Rina Kusuma (uji)"),
        ("gagal", "Bambang Irawan (uji)"),
        ("belum", "Citra Anggraini (uji)"),
    ):
        nik = calon[key][1]
        assert name in text and mask_nik(nik) in text and nik not in text
    assert "Memenuhi syarat" in text and "Tidak memenuhi syarat" in text
    assert "Belum lengkap" in text and "Jumlah" in text and "3 orang" in text
    assert CAMAT_NAMA in text and CAMAT_NIP_GROUPED in text and "Halaman 1 dari" in text
    box = reader.pages[0].mediabox
    assert abs(float(box.width) - F4[1]) < 1 and abs(float(box.height) - F4[0]) < 1
    assert cetak_entries(admin)[0].ringkasan == "Cetak daftar pendaftar: 3 orang"


def test_candidate_list_filtered(admin: Actor, calon: Any, tmp_path: Path) -> None:
    f = PendaftarFilter(hasil="tidak_memenuhi_syarat")
    text, _ = read(cetak_tksk.print_daftar(admin, tmp_path / "gagal.pdf", filter=f))
    assert "Bambang Irawan (uji)" in text and "Rina Kusuma (uji)" not in text
    assert "hasil: tidak memenuhi syarat" in text
    assert cetak_entries(admin)[0].ringkasan == "Cetak daftar pendaftar: 1 orang"


def test_empty_list_says_so(admin: Actor, tmp_path: Path) -> None:
    text, _ = read(cetak_tksk.print_daftar(admin, tmp_path / "kosong.pdf"))
    assert "Tidak ada pendaftar yang cocok dengan saringan." in text
    assert "0 orang" in text


def test_write_failure_leaves_nothing(
    admin: Actor, calon: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(src: Any, dst: Any) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    target = tmp_path / "keluar"
    target.mkdir()
    with pytest.raises(cetak_tksk.PrintFileError, match="tidak dapat ditulis"):
        cetak_tksk.print_lembar(admin, calon["layak"][0], target / "lembar.pdf")
    with pytest.raises(cetak_tksk.PrintFileError):
        cetak_tksk.print_daftar(admin, target / "daftar.pdf")
    assert list(target.iterdir()) == []
    assert cetak_entries(admin) == []  # nothing printed, nothing recorded


def test_no_file_without_audit_entry(
    admin: Actor, calon: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def locked(*args: Any, **kwargs: Any) -> None:
        raise DatabaseError("Basis data sedang dipakai.")

    monkeypatch.setattr(cetak_tksk.audit, "record", locked)
    target = tmp_path / "keluar"
    target.mkdir()
    with pytest.raises(DatabaseError):
        cetak_tksk.print_lembar(admin, calon["layak"][0], target / "lembar.pdf")
    assert list(target.iterdir()) == []


def test_unknown_paper(admin: Actor, calon: Any, tmp_path: Path) -> None:
    with pytest.raises(ValidationError):
        cetak_tksk.print_lembar(admin, calon["layak"][0], tmp_path / "x.pdf", paper="Letter")
    assert cetak_entries(admin) == []


# -- the renderer on its own: plain data, no database ---------------------------------------


def _plain_sheet(keterangan: str, nik_lengkap: bool = False) -> tksk_pdf.LembarVerifikasi:
    rows = [
        tksk_pdf.BarisKriteria(
            h,
            f"Pasal 9 huruf {h}",
            f"Syarat {h}",
            "memenuhi",
            "Memenuhi",
            "nilai",
            "bukti",
            keterangan,
        )
        for h in "abcdefghi"
    ]
    ttd = tksk_pdf.TandaTangan(
        kecamatan="Contoh",
        camat_nama="Camat Uji",
        camat_nip="197001012000031001",
        tempat="Contoh",
        tanggal=dt.date(2026, 10, 5),
        nama_kanan="Petugas Uji",
    )
    return tksk_pdf.LembarVerifikasi(
        kop=Kop(["PEMERINTAH KABUPATEN CONTOH", "KECAMATAN CONTOH"]),
        kecamatan="Contoh",
        nama="Calon Uji",
        nik="1603064108900001",
        jenis_kelamin="P",
        tempat_lahir="Contoh",
        tanggal_lahir=dt.date(1990, 8, 1),
        alamat="",
        desa_domisili="",
        pendidikan="SMA",
        telepon="",
        tanggal_daftar=dt.date(2026, 10, 1),
        periode="",
        kriteria=rows,
        hasil="memenuhi_syarat",
        hasil_label="Memenuhi syarat",
        tanggal_acuan=dt.date(2026, 10, 1),
        tanda_tangan=ttd,
        cetakan=tksk_pdf.Cetakan("Petugas Uji", dt.datetime(2026, 10, 5, 14, 5)),
        nik_lengkap=nik_lengkap,
    )


def test_renderer_masks_nik_it_was_given(tmp_path: Path) -> None:
    text, _ = read(tksk_pdf.render_lembar_verifikasi(tmp_path / "a.pdf", _plain_sheet("ok")))
    assert "160306********01" in text and "1603064108900001" not in text
    assert "Dicetak 5 Oktober 2026 14.05 oleh Petugas Uji" in text
    assert "Contoh, 5 Oktober 2026" in text


def test_long_table_repeats_header_and_keeps_signature_with_conclusion(tmp_path: Path) -> None:
    long_text = "Keterangan panjang yang membungkus ke baris berikutnya. " * 14
    _, reader = read(
        tksk_pdf.render_lembar_verifikasi(tmp_path / "b.pdf", _plain_sheet(long_text), paper="A4")
    )
    pages = [" ".join((p.extract_text() or "").split()) for p in reader.pages]
    assert len(pages) >= 2
    assert all("Persyaratan" in p for p in pages if "Pasal 9 huruf" in p)
    last = pages[-1]
    assert "HASIL: MEMENUHI SYARAT" in last and "Camat Uji" in last
    assert f"Halaman {len(pages)} dari {len(pages)}" in last
