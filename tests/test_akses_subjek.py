"""Subject access (UU 27/2022 Pasal 32): everything held about one NIK, with its processing
history, as data and as a PDF marked RAHASIA on every page; and the privacy notice text."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from kecamatan_app.models import JejakAudit, Kategori
from kecamatan_app.services import (
    akses_subjek,
    audit,
    berkas,
    kegiatan,
    pendaftar,
    penugasan,
    privasi,
    registri,
    registri_ppks,
    rujukan,
    settings,
)
from kecamatan_app.services.cetak_tksk import PrintFileError
from kecamatan_app.services.context import Actor
from kecamatan_app.services.errors import PermissionDenied, ValidationError
from kecamatan_app.services.nik import mask_nik
from kecamatan_app.services.registri_cari import HIDDEN
from tests.kegiatan_bantu import HARI, data, desa_id, jpeg, rujukan_data, write

NIK = "1603064708850002"  # Sumarni, born 7 August 1985 (day + 40: a woman)
NIK_LAIN = "1603060101900003"
NAMA = "Sumarni (contoh)"
NAMA_LAIN = "Bambang Lain (contoh)"
ANAK = "Rudi Hartono (contoh)"


@dataclass(frozen=True)
class Subjek:
    operator: Actor
    admin: Actor
    warga_id: int
    lain_id: int
    rujukan_nomor: str
    rujukan_lain_nomor: str
    kegiatan_judul: str
    pendaftar_id: int


def _ppks(actor: Actor, kode: str, **kw: Any) -> int:
    kat = Kategori.get((Kategori.jenis == "PPKS") & (Kategori.kode == kode)).id
    return registri_ppks.add_ppks(actor, registri_ppks.PPKSData(kategori_id=kat, **kw),
                                  tanggal=HARI - dt.timedelta(days=30)).id


def build(make_actor: Any, admin: Actor, tmp_path: Path) -> Subjek:
    """One person held everywhere (registry with household, PPKS with a photo and a specific
    category, an activity, a referral, a TKSK application with a document) and another person
    beside her in the registry, the same activity and a referral of their own."""
    operator = make_actor("operator")
    sigam = desa_id("Sigam")
    kk = registri.create_keluarga(operator, registri.KeluargaData(
        no_kk="1603061201150003", kepala=NAMA, alamat="Dusun II", desa_id=sigam, rt="003",
        rw="001")).id
    wid = registri.create_warga(operator, registri.WargaData(
        nik=NIK, nama=NAMA, jenis_kelamin="P", tempat_lahir="Muara Enim",
        tanggal_lahir=dt.date(1985, 8, 7), keluarga_id=kk, hubungan="Kepala Keluarga",
        alamat="Dusun II", desa_id=sigam, rt="003", rw="001")).id
    registri.create_warga(operator, registri.WargaData(
        nik=None, nama=ANAK, jenis_kelamin="L", keluarga_id=kk, hubungan="Anak",
        desa_id=sigam, tempat_lahir="Tempat Rahasia Anak"))
    lain = registri.create_warga(operator, registri.WargaData(
        nik=NIK_LAIN, nama=NAMA_LAIN, jenis_kelamin="L", desa_id=desa_id("Mililian"))).id
    prse = _ppks(operator, "23", warga_id=wid, rincian="Buruh tani harian",
                 catatan="Penghasilan tidak tetap",
                 foto_path=write(tmp_path, "rumah-sumarni.jpg", jpeg()))
    registri_ppks.change_status(operator, prse, "terverifikasi", 1, tanggal=HARI,
                                catatan="Diverifikasi bersama kades")
    _ppks(operator, "16", warga_id=wid, rincian="Rutin berobat")  # ODHA: specific data
    _ppks(operator, "12", warga_id=lain, rincian="Catatan orang lain")
    judul = "Pendampingan pengurusan kursi roda"
    kegiatan.create(operator, data(judul=judul, warga_ids=[wid, lain]))
    saved = rujukan.create(operator, rujukan_data(wid))
    rujukan.ubah_status(operator, saved.id, "diterima", HARI, versi=saved.versi)
    other = rujukan.create(operator, rujukan_data(lain, kebutuhan="Kebutuhan orang lain"))
    pid, _ = pendaftar.create(operator, pendaftar.PendaftarData(
        nik=NIK, nama=NAMA, jenis_kelamin="P", tempat_lahir="Muara Enim",
        tanggal_lahir=dt.date(1985, 8, 7), kewarganegaraan="WNI", pendidikan="SMA",
        tanggal_daftar=dt.date(2024, 12, 26), periode_rekrutmen="2024"))
    from kecamatan_app.models import JenisBerkas

    scan = write(tmp_path, "ktp-sumarni.jpg", jpeg())
    bid = berkas.attach(operator, pid, JenisBerkas.get(JenisBerkas.kode == "ktp").id, scan)
    berkas.set_verified(operator, bid, True)
    penugasan.record_decision(operator, pid, "tidak_dipilih", dt.date(2025, 2, 14),
                              "Usia di atas batas")
    return Subjek(operator, admin, wid, lain, saved.nomor_surat, other.nomor_surat, judul, pid)


@pytest.fixture
def subjek(make_actor: Any, admin: Actor, tksk_aktif: int, tmp_path: Path) -> Subjek:
    return build(make_actor, admin, tmp_path)


def _pages(path: Path) -> list[str]:
    return [" ".join((p.extract_text() or "").split()) for p in PdfReader(str(path)).pages]


def test_everything_held_about_the_nik_is_found_and_nothing_of_others(subjek: Subjek) -> None:
    d = akses_subjek.kumpulkan(subjek.operator, f" {NIK[:8]} {NIK[8:]} ")
    assert d.nik == NIK and d.nama == NAMA and not d.kosong
    [w] = d.warga
    assert dict(w.rincian)["NIK"] == NIK
    assert "Dusun II RT 003/RW 001, Desa Sigam" in dict(w.rincian)["Alamat"]
    assert w.keluarga is not None and w.keluarga.no_kk == "1603061201150003"
    assert w.keluarga.anggota == ((NAMA, "Kepala Keluarga"), (ANAK, "Anak"))
    kategori = {p.kategori: p for p in w.ppks}
    prse = kategori["Perempuan Rawan Sosial Ekonomi"]
    assert prse.status == "Terverifikasi" and prse.catatan == "Penghasilan tidak tetap"
    assert [h.status for h in prse.riwayat] == ["Teridentifikasi", "Terverifikasi"]
    assert prse.foto is not None and prse.foto.jenis_mime == "image/jpeg"
    assert kategori["Orang dengan HIV/AIDS"].spesifik
    [k] = [k for k in d.kegiatan if k.judul == subjek.kegiatan_judul]
    assert k.sebagai == "Sasaran perorangan" and k.tempat == "Sigam"
    [r] = d.rujukan
    assert r.nomor == subjek.rujukan_nomor and r.status == "Diterima"
    assert [h.status for h in r.riwayat] == ["Diajukan", "Diterima"]
    assert r.persetujuan.startswith("Klien (atau walinya) menyetujui")
    [p] = d.pendaftar
    assert dict(p.rincian)["Periode rekrutmen"] == "2024"
    [doc] = p.dokumen
    assert doc.berkas.nama == "ktp-sumarni.jpg" and doc.verifikasi.startswith("Terverifikasi")
    assert len(p.syarat) == 9 and p.syarat[0].kriteria.startswith("Pasal 9 huruf a")
    assert [(x.status, x.keterangan) for x in p.keputusan] == [("Tidak dipilih",
                                                                "Usia di atas batas")]
    everything = repr(d)
    for foreign in (NIK_LAIN, NAMA_LAIN, "Catatan orang lain", subjek.rujukan_lain_nomor,
                    "Kebutuhan orang lain", "Tempat Rahasia Anak"):
        assert foreign not in everything


def test_history_covers_the_records_in_time_order(subjek: Subjek,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    # an entry written later (higher id) but with an earlier time must come first
    monkeypatch.setattr(audit, "now", lambda: dt.datetime(2020, 1, 2, 8, 30))
    registri.reveal_nik(subjek.admin, subjek.warga_id)
    monkeypatch.undo()
    d = akses_subjek.kumpulkan(subjek.operator, NIK)
    first = d.jejak[0]
    assert (first.waktu, first.aksi, first.data) == (
        dt.datetime(2020, 1, 2, 8, 30), "Melihat data rinci", "Data warga")
    assert [j.waktu for j in d.jejak] == sorted(j.waktu for j in d.jejak)
    kinds = {j.data for j in d.jejak}
    assert {"Data warga", "Keluarga", "PPKS", "Kegiatan", "Rujukan", "Calon TKSK",
            "Berkas calon", "Seleksi", "Syarat Pasal 9"} <= kinds
    texts = " ".join(j.ringkasan for j in d.jejak)
    assert f"Rujukan {subjek.rujukan_nomor}" in texts
    assert NAMA_LAIN not in texts and subjek.rujukan_lain_nomor not in texts
    # the other person's own records leave no entry here
    lain = JejakAudit.select().where((JejakAudit.tabel == "warga")
                                     & (JejakAudit.rekaman_id == str(subjek.lain_id))).count()
    assert lain >= 1


def test_collection_is_audited_with_the_masked_nik_only(subjek: Subjek) -> None:
    before = JejakAudit.select().count()
    akses_subjek.kumpulkan(subjek.operator, NIK)
    entry = JejakAudit.select().order_by(JejakAudit.id.desc()).first()
    assert JejakAudit.select().count() == before + 1
    assert entry.aksi == "akses_subjek" and entry.pelaku.startswith("operator")
    assert mask_nik(NIK) in entry.ringkasan
    assert NIK not in entry.ringkasan and NIK not in (entry.data_baru or "")
    assert f"warga:{subjek.warga_id}" in json.loads(entry.data_baru)["rekaman"]
    assert audit.verify_chain().ok
    # the next request shows the earlier one in the history
    again = akses_subjek.kumpulkan(subjek.operator, NIK)
    assert again.jejak[-1].aksi == "Akses subjek data"


@pytest.mark.parametrize("role", ["tksk", "camat"])
def test_roles_without_the_right_are_refused(subjek: Subjek, make_actor: Any, role: str,
                                             tmp_path: Path) -> None:
    actor = make_actor(role)
    before = JejakAudit.select().where(JejakAudit.aksi == "akses_subjek").count()
    with pytest.raises(PermissionDenied, match="mencetak semua data pribadi"):
        akses_subjek.kumpulkan(actor, NIK)
    with pytest.raises(PermissionDenied):
        akses_subjek.tulis_pdf(actor, NIK, tmp_path / "x.pdf")
    assert not (tmp_path / "x.pdf").exists()
    assert JejakAudit.select().where(JejakAudit.aksi == "akses_subjek").count() == before


@pytest.mark.parametrize(("text", "why"), [
    ("160306470885", "harus 16 angka, yang diisi 12 angka"),
    ("16030647O8850002", "hanya boleh berisi angka"),
    ("   ", "Isi NIK"),
])
def test_an_invalid_nik_is_refused_with_a_message(subjek: Subjek, text: str, why: str,
                                                  tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match=why) as info:
        akses_subjek.kumpulkan(subjek.operator, text)
    assert [p.field for p in info.value.problems] == ["nik"]
    with pytest.raises(ValidationError):
        akses_subjek.tulis_pdf(subjek.operator, text, tmp_path / "x.pdf")
    assert not (tmp_path / "x.pdf").exists()


def test_an_unknown_nik_gives_an_empty_report(subjek: Subjek, tmp_path: Path) -> None:
    d = akses_subjek.kumpulkan(subjek.operator, "1603060505050005")
    assert d.kosong and d.jejak == () and d.jumlah_catatan == 0
    out = akses_subjek.tulis_pdf(subjek.operator, "1603060505050005", tmp_path / "kosong.pdf")
    text = " ".join(_pages(out))
    assert "Tidak ada data pribadi dengan NIK ini yang disimpan" in text
    assert NAMA not in text and NAMA_LAIN not in text
    entry = JejakAudit.select().order_by(JejakAudit.id.desc()).first()
    assert entry.aksi == "akses_subjek" and "tidak ada data" in entry.ringkasan


def test_the_pdf_is_marked_on_every_page_and_holds_the_data(subjek: Subjek,
                                                            tmp_path: Path) -> None:
    out = akses_subjek.tulis_pdf(subjek.operator, NIK, tmp_path / "akses.pdf", kertas="F4")
    assert out == tmp_path / "akses.pdf" and not (tmp_path / "akses.pdf.tmp").exists()
    pages = _pages(out)
    assert len(pages) >= 3
    for i, page in enumerate(pages, 1):
        assert "RAHASIA - berisi data pribadi. Dicetak" in page
        assert "oleh Pengguna Operator" in page
        assert f"Halaman {i} dari {len(pages)}" in page
    text = " ".join(pages)
    assert "LAPORAN DATA PRIBADI (AKSES SUBJEK DATA)" in text and "Pasal 32" in text
    for expected in (NAMA, NIK, subjek.rujukan_nomor, subjek.kegiatan_judul, "ktp-sumarni.jpg",
                     "Orang dengan HIV/AIDS", "belum diisi: isi di Pengaturan > Perlindungan Data"):
        assert expected in text, expected
    assert NAMA_LAIN not in text and NIK_LAIN not in text
    reader = PdfReader(str(out))
    assert abs(float(reader.pages[0].mediabox.height) - 935.4) < 1  # F4: 330 mm
    entry = JejakAudit.select().order_by(JejakAudit.id.desc()).first()
    assert entry.aksi == "akses_subjek" and "laporan PDF akses.pdf" in entry.ringkasan


def test_specific_data_stay_hidden_for_a_role_not_allowed(subjek: Subjek,
                                                          tmp_path: Path) -> None:
    settings.set_value(subjek.admin, "data.peran_data_spesifik", "admin")
    d = akses_subjek.kumpulkan(subjek.operator, NIK)
    assert d.disembunyikan == 1
    hidden = [p for p in d.warga[0].ppks if p.tersembunyi]
    assert [(p.kategori, p.rincian) for p in hidden] == [(HIDDEN, "")]
    out = akses_subjek.tulis_pdf(subjek.operator, NIK, tmp_path / "sebagian.pdf")
    text = " ".join(_pages(out))
    assert "LAPORAN BELUM LENGKAP: 1 catatan data pribadi spesifik" in text
    assert "HIV" not in text and "Rutin berobat" not in text
    full = akses_subjek.kumpulkan(subjek.admin, NIK)
    assert full.disembunyikan == 0
    assert "Orang dengan HIV/AIDS" in {p.kategori for p in full.warga[0].ppks}


def test_a_file_that_cannot_be_written_leaves_nothing(subjek: Subjek, tmp_path: Path) -> None:
    before = JejakAudit.select().where(JejakAudit.aksi == "akses_subjek").count()
    with pytest.raises(PrintFileError, match="tidak dapat ditulis"):
        akses_subjek.tulis_pdf(subjek.operator, NIK, tmp_path / "tidak-ada" / "a.pdf")
    assert not (tmp_path / "tidak-ada").exists()
    assert JejakAudit.select().where(JejakAudit.aksi == "akses_subjek").count() == before


def test_the_privacy_notice_names_purpose_retention_roles_and_officer(admin: Actor) -> None:
    text = privasi.pemberitahuan_teks()
    assert "Nama: belum diisi: isi di Pengaturan > Perlindungan Data" in text
    assert str(settings.get("privasi.tujuan"))[:60] in text
    assert "Rujukan yang sudah ditutup disimpan (tahun sejak ditutup): 5 tahun." in text
    assert "paling lambat 3 x 24 jam" in text and "Pasal 32" in text
    camat = next(line for line in text.splitlines() if line.startswith("- Camat:"))
    assert "membuka NIK lengkap" not in camat and "melihat jejak audit" in camat
    settings.set_value(admin, "dpo.nama", "Rina Marlina, S.H.")
    settings.set_value(admin, "dpo.kontak", "0713-321000")
    settings.set_value(admin, "retensi.rujukan_tahun", 7)
    text = privasi.pemberitahuan_teks()
    assert "Nama: Rina Marlina, S.H." in text and "Kontak: 0713-321000" in text
    assert "Jabatan: belum diisi" in text
    assert "(tahun sejak ditutup): 7 tahun." in text
