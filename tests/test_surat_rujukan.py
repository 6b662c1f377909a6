"""The referral letter (Surat Rujukan), read back from the PDF with pypdf."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from reportlab.lib.units import mm

from kecamatan_app.models import InstansiRujukan
from kecamatan_app.services import audit, cetak_rujukan, desa, referensi, registri, rujukan
from kecamatan_app.services.audit import AuditFilter
from kecamatan_app.services.cetak_tksk import PrintFileError
from kecamatan_app.services.context import Actor
from kecamatan_app.services.errors import DatabaseError, PermissionDenied, ValidationError
from kecamatan_app.services.formatting import tanggal
from kecamatan_app.services.nik import mask_nik

A4 = (210 * mm, 297 * mm)
F4 = (215 * mm, 330 * mm)
CAMAT_NIP_GROUPED = "NIP 19700101 200003 1 001"
NIK = "1603065203850004"  # woman born 12 March 1985
NO_KK = "1603061504100007"


def read(path: Path) -> tuple[str, PdfReader]:
    reader = PdfReader(str(path))
    text = "\n".join(page.extract_text() or "" for page in reader.pages)
    return " ".join(text.split()), reader


def _instansi(kode: str) -> Any:
    return InstansiRujukan.get(InstansiRujukan.kode == kode)


@pytest.fixture
def klien(admin: Actor, tksk_aktif: int) -> dict[str, int]:
    sigam = desa.resolve("Sigam")
    assert sigam is not None
    kk = registri.create_keluarga(admin, registri.KeluargaData(
        NO_KK, "Darmawan Saputra (contoh)", "Dusun II", sigam.id, None, "003", "001")).id
    istri = registri.create_warga(admin, registri.WargaData(
        NIK, "Halimah Sari (contoh)", "P", "Muara Enim", dt.date(1985, 3, 12), kk, "Istri",
        "Dusun II", sigam.id, None, "003", "001")).id
    return {"warga": istri, "keluarga": kk}


def _refer(admin: Actor, klien: dict[str, int], **changes: Any) -> rujukan.SavedRujukan:
    day = dt.date.today() - dt.timedelta(days=3)
    values: dict[str, Any] = {
        "tanggal": day, "instansi_id": _instansi("puskesmas").id,
        "kebutuhan": "Pemeriksaan dan pengobatan lanjutan penyakit paru (batuk lebih dari "
                     "tiga minggu); klien belum memiliki BPJS Kesehatan.",
        "warga_id": klien["warga"], "jatuh_tempo": day + dt.timedelta(days=14),
    }
    values.update(changes)
    return rujukan.create(admin, rujukan.RujukanData(**values))


def cetak_entries(admin: Actor) -> list[audit.AuditRow]:
    return audit.search(admin, AuditFilter(aksi="cetak"))


def test_letter_a4_with_masked_nik(admin: Actor, klien: Any, tmp_path: Path) -> None:
    saved = _refer(admin, klien)
    out = cetak_rujukan.write_surat(admin, saved.id, tmp_path / "surat.pdf")
    text, reader = read(out)
    assert f"Nomor : {saved.nomor_surat}" in text
    assert "Perihal : Rujukan" in text and "Lampiran : -" in text
    assert "Yth. Kepala Puskesmas" in text and "di - Tempat" in text
    assert "Dengan hormat," in text and "Bersama ini kami rujuk warga kami" in text
    assert "layanan kesehatan" in text
    assert "Halimah Sari (contoh)" in text and "Perempuan" in text
    assert mask_nik(NIK) in text and NIK not in text and "(disamarkan)" in text
    assert "Muara Enim, 12 Maret 1985" in text
    assert "Dusun II RT 003/RW 001, Desa Sigam, Kecamatan Gelumbang" in text
    assert "Kepala keluarga : Darmawan Saputra (contoh)" in text
    assert "belum memiliki BPJS Kesehatan" in text
    assert "atas persetujuan yang bersangkutan" in text
    due = dt.date.today() + dt.timedelta(days=11)
    assert f"paling lambat tanggal {tanggal(due)}" in text
    assert "Mengetahui," in text and "Camat Gelumbang" in text
    assert "Drs. Ahmad Fauzi, M.Si" in text and CAMAT_NIP_GROUPED in text
    assert "TKSK Kecamatan Gelumbang" in text and "Siti Aminah (contoh)" in text
    assert "Tembusan:" in text and "Kepala Dinas Sosial Kabupaten Muara Enim" in text
    assert "Arsip." in text
    assert "RAHASIA - berisi data pribadi" in text and "Halaman 1 dari 1" in text
    assert f"Gelumbang, {tanggal(dt.date.today() - dt.timedelta(days=3))}" in text
    box = reader.pages[0].mediabox
    assert abs(float(box.width) - A4[0]) < 1 and abs(float(box.height) - A4[1]) < 1
    entry = cetak_entries(admin)[0]
    assert entry.tabel == "rujukan" and entry.rekaman_id == str(saved.id)
    assert entry.ringkasan == (f"Cetak surat rujukan {saved.nomor_surat}: Halimah Sari (contoh) "
                               "ke Puskesmas")


def test_letter_f4_household_without_consent(admin: Actor, klien: Any, tmp_path: Path) -> None:
    inst = _instansi("baznas")
    referensi.save(admin, "instansi", inst.id, inst.kode, inst.nama,
                   extra={"alamat": "Jl. Contoh Zakat No. 2, Muara Enim"}, versi=inst.versi)
    saved = _refer(admin, klien, instansi_id=inst.id, warga_id=None,
                   keluarga_id=klien["keluarga"], kebutuhan="Bantuan biaya hidup sementara.",
                   persetujuan="dikecualikan",
                   alasan_tanpa_persetujuan="Kepala keluarga dirawat di rumah sakit dan belum "
                                            "dapat ditemui")
    out = cetak_rujukan.write_surat(admin, saved.id, tmp_path / "f4.pdf", kertas="F4")
    text, reader = read(out)
    assert "Yth. Ketua BAZNAS" in text and "Jl. Contoh Zakat No. 2, Muara Enim" in text
    assert "Nama kepala keluarga : Darmawan Saputra (contoh)" in text
    assert mask_nik(NO_KK) in text and NO_KK not in text
    assert "tanpa persetujuan keluarga yang bersangkutan" in text
    assert "dengan alasan: Kepala keluarga dirawat di rumah sakit" in text
    assert "layanan kesejahteraan sosial" in text
    for page in reader.pages:
        assert abs(float(page.mediabox.width) - F4[0]) < 1
        assert abs(float(page.mediabox.height) - F4[1]) < 1


def test_full_nik_only_when_chosen_and_allowed(
    admin: Actor, klien: Any, make_actor: Any, tmp_path: Path
) -> None:
    saved = _refer(admin, klien)
    operator = make_actor("operator")
    text, _ = read(cetak_rujukan.write_surat(operator, saved.id, tmp_path / "nik.pdf",
                                             dengan_nik=True))
    assert NIK in text and "disamarkan" not in text
    assert cetak_entries(admin)[0].ringkasan.endswith("(NIK lengkap)")
    camat = make_actor("camat")  # may view activities, may not open NIK
    with pytest.raises(PermissionDenied):
        cetak_rujukan.write_surat(camat, saved.id, tmp_path / "camat-nik.pdf", dengan_nik=True)
    assert not (tmp_path / "camat-nik.pdf").exists()
    text, _ = read(cetak_rujukan.write_surat(camat, saved.id, tmp_path / "camat.pdf"))
    assert NIK not in text and mask_nik(NIK) in text
    assert len(cetak_entries(admin)) == 2


def test_plt_camat_and_cancelled_referral(admin: Actor, klien: Any, tmp_path: Path) -> None:
    from kecamatan_app.services import kantor

    kantor.set_camat(admin, kantor.CamatData(
        nama="Hendra Wijaya, S.Sos (contoh)", plt=True,
        keterangan_jabatan="Sekretaris Kecamatan selaku Plt. Camat Gelumbang"),
        pergantian=True, tanggal=dt.date.today() - dt.timedelta(days=10))
    saved = _refer(admin, klien)
    rujukan.ubah_status(admin, saved.id, "dibatalkan", dt.date.today(),
                        alasan="Klien pindah ke luar kabupaten")
    text, _ = read(cetak_rujukan.write_surat(admin, saved.id, tmp_path / "plt.pdf"))
    assert "Plt. Camat Gelumbang" in text and "Hendra Wijaya, S.Sos (contoh)" in text
    assert "Sekretaris Kecamatan selaku Plt. Camat Gelumbang" in text
    assert "DIBATALKAN" in text and "tidak berlaku lagi" in text


def test_numbers_in_letters_follow_the_referrals(admin: Actor, klien: Any,
                                                tmp_path: Path) -> None:
    first = _refer(admin, klien)
    second = _refer(admin, klien, instansi_id=_instansi("dukcapil").id,
                    kebutuhan="Penerbitan KTP-el yang hilang.")
    assert first.nomor_surat != second.nomor_surat
    text, _ = read(cetak_rujukan.write_surat(admin, second.id, tmp_path / "2.pdf"))
    assert second.nomor_surat in text and first.nomor_surat not in text
    assert "administrasi kependudukan" in text


def test_no_partial_file_when_writing_fails(
    admin: Actor, klien: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    saved = _refer(admin, klien)
    with pytest.raises(PrintFileError, match="tidak dapat ditulis"):
        cetak_rujukan.write_surat(admin, saved.id, tmp_path / "tidak-ada" / "surat.pdf")
    assert not (tmp_path / "tidak-ada").exists()
    target = tmp_path / "keluar"
    target.mkdir()

    def broken(self: Any, *args: Any, **kwargs: Any) -> None:
        raise OSError(28, "No space left on device")

    from reportlab.platypus import SimpleDocTemplate

    monkeypatch.setattr(SimpleDocTemplate, "build", broken)
    with pytest.raises(PrintFileError):
        cetak_rujukan.write_surat(admin, saved.id, target / "surat.pdf")
    assert list(target.iterdir()) == []
    assert cetak_entries(admin) == []  # nothing printed, nothing recorded


def test_no_file_without_audit_entry(
    admin: Actor, klien: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    saved = _refer(admin, klien)

    def locked(*args: Any, **kwargs: Any) -> None:
        raise DatabaseError("Basis data sedang dipakai.")

    monkeypatch.setattr(cetak_rujukan.audit, "record", locked)
    target = tmp_path / "keluar"
    target.mkdir()
    with pytest.raises(DatabaseError):
        cetak_rujukan.write_surat(admin, saved.id, target / "surat.pdf")
    assert list(target.iterdir()) == []


def test_refusals(admin: Actor, klien: Any, make_actor: Any, tmp_path: Path) -> None:
    saved = _refer(admin, klien)
    with pytest.raises(ValidationError):
        cetak_rujukan.write_surat(admin, saved.id, tmp_path / "x.pdf", kertas="Letter")
    from kecamatan_app.services.errors import NotFound

    with pytest.raises(NotFound):
        cetak_rujukan.write_surat(admin, saved.id + 999, tmp_path / "y.pdf")
    assert list(tmp_path.glob("*.pdf")) == []
    assert cetak_entries(admin) == []


def test_long_need_keeps_signature_with_closing(admin: Actor, klien: Any,
                                                tmp_path: Path) -> None:
    long_need = "Kebutuhan yang diuraikan panjang lebar oleh petugas di lapangan. " * 40
    saved = _refer(admin, klien, kebutuhan=long_need)
    _, reader = read(cetak_rujukan.write_surat(admin, saved.id, tmp_path / "panjang.pdf"))
    pages = [" ".join((p.extract_text() or "").split()) for p in reader.pages]
    assert len(pages) == 2
    last = pages[-1]
    assert "Demikian surat rujukan" in last or "Mengetahui," in last
    assert "Mengetahui," in last and "Siti Aminah (contoh)" in last and "Tembusan:" in last
    assert all("RAHASIA - berisi data pribadi" in p for p in pages)
    assert "Halaman 2 dari 2" in last


def test_small_helpers() -> None:
    from kecamatan_app.reports import surat_rujukan_pdf as s

    assert s.jumlah_lampiran(0) == "-" and s.jumlah_lampiran(2) == "2 (dua) berkas"
    assert s.jumlah_lampiran(12) == "12 berkas"
    assert s.yth("Puskesmas") == "Kepala Puskesmas"
    assert s.yth("RSUD") == "Direktur RSUD" and s.yth("BAZNAS") == "Ketua BAZNAS"
    assert s.yth("Pemerintah Desa Sigam") == "Kepala Desa Sigam"
    assert cetak_rujukan.alamat_lengkap("Dusun II RT 003", "003", "", None, None, "Gelumbang") \
        == "Dusun II RT 003, Kecamatan Gelumbang"
