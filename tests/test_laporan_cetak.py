"""Printing the monthly report (services/laporan_cetak.py): the archived PDF of an approved report
and its hash, paper sizes, the workbook read back, disk failures and the audit trail."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from pypdf import PdfReader
from reportlab.lib.units import mm

from kecamatan_app.models import LaporanBulanan
from kecamatan_app.services import laporan, laporan_cetak
from kecamatan_app.services.cetak_tksk import PrintFileError
from kecamatan_app.services.context import Actor
from kecamatan_app.services.errors import Conflict, NotFound, ValidationError
from kecamatan_app.services.formatting import bulan_tahun
from tests.laporan_bantu import (
    BULAN,
    TAHUN,
    Orang,
    audit_rows,
    catat,
    diajukan,
    hari,
    orang,
    pdf_pages,
    pdf_text,
)

BULAN_LABEL = bulan_tahun(TAHUN, BULAN)
A4 = (595.28, 841.89)
F4 = (215 * mm, 330 * mm)  # 609.45 x 935.43 pt


@pytest.fixture
def o(make_actor: Any, admin: Actor, tksk_aktif: int) -> Orang:
    people = orang(make_actor, admin)
    catat(people.tksk, hari(3))
    catat(people.tksk, hari(12), judul="Bimbingan sosial kelompok lansia",
          fungsi_id=_id("fungsi", "fasilitasi"), bentuk_id=_id("bentuk", "bimbingan"),
          peserta_l=4, peserta_p=11)
    return people


def _id(kind: str, kode: str) -> int:
    from tests import laporan_bantu

    return int(getattr(laporan_bantu, kind)(kode))


def _size(path: Path) -> list[tuple[float, float]]:
    return [(float(p.mediabox.width), float(p.mediabox.height))
            for p in PdfReader(str(path)).pages]


def test_approved_report_reprints_identically_and_matches_its_hash(o: Orang,
                                                                   tmp_path: Path) -> None:
    info = laporan_cetak.setujui(o.camat, diajukan(o).id, None)
    first = laporan_cetak.write_pdf(o.tksk, TAHUN, BULAN, tmp_path / "satu.pdf")
    second = laporan_cetak.write_pdf(o.admin, TAHUN, BULAN, tmp_path / "dua.pdf", kertas="F4")
    data = first.read_bytes()
    assert data == second.read_bytes()  # the archive, whatever paper is asked for
    digest = hashlib.sha256(data).hexdigest()
    assert digest == info.arsip_sha256 == laporan_cetak.archive_hash(o.camat, info.id)
    assert laporan.archived_pdf(o.operator, info.id) == data
    text = pdf_text(data)
    assert "Disetujui" in text and "Pengguna Camat" in text
    assert "RIWAYAT LAPORAN" in text and "Bimbingan sosial kelompok lansia" in text

    # reopening drops the archive; printing compiles afresh until the next approval
    laporan.move(o.camat, info.id, "dikembalikan", "Koreksi jumlah peserta")
    with pytest.raises(NotFound, match="belum punya arsip"):
        laporan_cetak.archive_hash(o.camat, info.id)
    with pytest.raises(NotFound, match="belum disetujui"):
        laporan.archived_pdf(o.camat, info.id)
    fresh = laporan_cetak.write_pdf(o.tksk, TAHUN, BULAN, tmp_path / "koreksi.pdf")
    assert "Koreksi jumlah peserta" in pdf_text(fresh)
    assert hashlib.sha256(fresh.read_bytes()).hexdigest() != digest

    again = laporan_cetak.setujui(o.camat, laporan.move(o.tksk, info.id, "diajukan").id, None)
    assert again.arsip_sha256 and again.arsip_sha256 != digest
    third = laporan_cetak.write_pdf(o.camat, TAHUN, BULAN, tmp_path / "tiga.pdf")
    assert hashlib.sha256(third.read_bytes()).hexdigest() == again.arsip_sha256
    assert "Koreksi jumlah peserta" in pdf_text(third)


def test_a4_and_f4_pages(o: Orang, tmp_path: Path) -> None:
    """Portrait pages, and landscape ones (the same paper turned) for the activity table."""
    a4 = laporan_cetak.write_pdf(o.tksk, TAHUN, BULAN, tmp_path / "a4.pdf")
    f4 = laporan_cetak.write_pdf(o.tksk, TAHUN, BULAN, tmp_path / "f4.pdf", kertas="F4")
    assert abs(F4[0] - 609.4) < 0.1 and abs(F4[1] - 935.4) < 0.1
    for out, (w, h) in ((a4, A4), (f4, (609.4, 935.4))):
        sizes = _size(out)
        pages = pdf_pages(out)
        wide = [n for n, p in enumerate(pages) if "A. Kegiatan bulan" in p]
        assert wide == [1]  # BAB II's table starts on page 2, after the identity and BAB I
        for n, (pw, ph) in enumerate(sizes):
            expected = (h, w) if n == 1 else (w, h)
            assert abs(pw - expected[0]) < 1 and abs(ph - expected[1]) < 1, (out.name, n)
        assert "B. Rekapitulasi" in pages[2]  # back to portrait for the recaps
    pages = pdf_pages(a4)
    assert pages[0].startswith("PEMERINTAH KABUPATEN MUARA ENIM")
    assert all(f"Halaman {n} dari {len(pages)}" in p for n, p in enumerate(pages, 1))
    assert "Dicetak" in pages[0] and "oleh Pengguna Tksk" in pages[0]
    # the paper of an approval is the paper of its archive
    info = laporan_cetak.setujui(o.camat, diajukan(o).id, None, kertas="F4")
    out = laporan_cetak.write_pdf(o.tksk, TAHUN, BULAN, tmp_path / "arsip.pdf")
    assert {round(min(s)) for s in _size(out)} == {609} and info.status == "disetujui"
    with pytest.raises(ValidationError, match="Ukuran kertas 'Letter' tidak dikenal"):
        laporan_cetak.write_pdf(o.tksk, TAHUN, BULAN, tmp_path / "x.pdf", kertas="Letter")
    assert not (tmp_path / "x.pdf").exists()


def test_printing_a_month_never_opened_creates_no_report(o: Orang, tmp_path: Path) -> None:
    out = laporan_cetak.write_pdf(o.camat, TAHUN, BULAN, tmp_path / "draf.pdf")
    text = pdf_text(out)
    assert "Rapat koordinasi penyaluran BPNT" in text and "(2 kegiatan)" in text
    assert LaporanBulanan.select().count() == 0
    entry = audit_rows("cetak")[-1]
    assert entry.rekaman_id == "" and "(Draf, A4)" in entry.ringkasan


def test_workbook_read_back(o: Orang, tmp_path: Path) -> None:
    info = diajukan(o)
    laporan.move(o.camat, info.id, "dikembalikan", "Foto belum ada")
    out = laporan_cetak.write_xlsx(o.tksk, TAHUN, BULAN, tmp_path / "laporan.xlsx")
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["Identitas", "Pendahuluan", "Kegiatan", "Rekap", "Kendala",
                             "Penutup", "Foto", "Riwayat"]
    ws = wb["Identitas"]
    # the kop surat (3 lines), a blank row, the 4 title lines, the sheet's heading
    assert [ws.cell(r, 1).value for r in (1, 2, 4, 5, 9)] == [
        "PEMERINTAH KABUPATEN MUARA ENIM", "KECAMATAN GELUMBANG", None,
        "LAPORAN KEGIATAN BULANAN", "Status laporan: Dikembalikan"]
    values = {r[0]: r[1] for r in ws.iter_rows(min_row=11, values_only=True) if r[0]}
    assert values["Nama"] == "Siti Aminah (contoh)"
    assert values["NIK"].startswith("160306") and "*" in values["NIK"]
    assert values["Camat"] == "Drs. Ahmad Fauzi, M.Si"
    assert values["NIP Camat"] == "19700101 200003 1 001"  # grouped, as in the PDF
    ws = wb["Kegiatan"]
    rows = [r for r in ws.iter_rows(min_row=11, values_only=True) if any(r)]
    assert rows[0] == ("No", "Hari/Tanggal", "Uraian Kegiatan", "Fungsi", "Bentuk", "Lokasi",
                       "Sasaran", "Mitra", "Hasil", "Keterangan")
    assert [r[0] for r in rows[1:]] == [1, 2]
    assert rows[2][2].startswith("Bimbingan sosial kelompok lansia. ")
    assert rows[2][3:7] == ("Fasilitasi", "Bimbingan sosial", "Sigam", "15 orang (L 4, P 11)")
    assert ws.print_title_rows == "$11:$11" and ws.page_setup.orientation == "landscape"
    rekap = [r for r in wb["Rekap"].iter_rows(values_only=True) if any(r)]
    assert ("Jumlah", None, 2, None) in rekap and ("Sigam", 2, 9, 18) in rekap
    riwayat = [r for r in wb["Riwayat"].iter_rows(min_row=11, values_only=True) if any(r)]
    assert [r[0] for r in riwayat[1:]] == ["Draf", "Diajukan", "Dikembalikan"]
    assert riwayat[-1][2:] == ("Pengguna Camat", "Foto belum ada")
    assert wb["Penutup"]["A5"].value == "LAPORAN KEGIATAN BULANAN"
    assert wb["Foto"]._images == []  # no photo this month: an empty annex
    tembusan = [c.value for c in wb["Penutup"]["A"] if c.value]
    assert "4. Arsip" in tembusan


@pytest.mark.parametrize("kind", ["pdf", "xlsx", "arsip"])
def test_disk_failure_is_typed_indonesian_and_leaves_no_file(o: Orang, tmp_path: Path,
                                                             kind: str) -> None:
    if kind == "arsip":
        laporan_cetak.setujui(o.camat, diajukan(o).id, None)
    write = laporan_cetak.write_xlsx if kind == "xlsx" else laporan_cetak.write_pdf
    suffix = "xlsx" if kind == "xlsx" else "pdf"
    before = len(audit_rows("cetak")) + len(audit_rows("ekspor"))
    folder = tmp_path / "keluar"
    folder.mkdir()
    missing = folder / "tidak-ada" / f"laporan.{suffix}"
    with pytest.raises(PrintFileError, match="Berkas tidak dapat ditulis") as exc:
        write(o.tksk, TAHUN, BULAN, missing)
    assert "Pastikan foldernya ada" in str(exc.value)
    assert not missing.parent.exists()
    # a destination that cannot be replaced (a folder of that name): the temporary file goes
    blocked = folder / f"terpakai.{suffix}"
    blocked.mkdir()
    with pytest.raises(PrintFileError, match="Berkas tidak dapat ditulis"):
        write(o.tksk, TAHUN, BULAN, blocked)
    assert sorted(p.name for p in folder.iterdir()) == [f"terpakai.{suffix}"]
    assert list(blocked.iterdir()) == []
    assert len(audit_rows("cetak")) + len(audit_rows("ekspor")) == before  # nothing printed


def test_prints_and_steps_are_audited(o: Orang, tmp_path: Path) -> None:
    info = laporan.open_month(o.tksk, TAHUN, BULAN)
    created = audit_rows("buat")
    assert [e.ringkasan for e in created] == [f"Laporan bulanan {BULAN_LABEL}"]
    laporan.save_text(o.tksk, info.id, {"kendala": "Jalan rusak"}, info.versi)
    info = laporan.move(o.tksk, info.id, "diajukan")
    laporan.move(o.camat, info.id, "dikembalikan", "Lengkapi")
    laporan_cetak.setujui(o.camat, laporan.move(o.tksk, info.id, "diajukan").id, None)
    steps = audit_rows("ubah")
    assert [e.ringkasan for e in steps] == [
        f"Naskah laporan {BULAN_LABEL}", f"Laporan {BULAN_LABEL}: Diajukan",
        f"Laporan {BULAN_LABEL}: Dikembalikan", f"Laporan {BULAN_LABEL}: Diajukan",
        f"Laporan {BULAN_LABEL}: Disetujui"]
    assert [e.rekaman_id for e in steps] == [str(info.id)] * 5
    assert [e.pengguna_id for e in steps] == [o.tksk.user_id, o.tksk.user_id, o.camat.user_id,
                                             o.tksk.user_id, o.camat.user_id]
    laporan_cetak.write_pdf(o.operator, TAHUN, BULAN, tmp_path / "cetak.pdf")
    laporan_cetak.write_xlsx(o.camat, TAHUN, BULAN, tmp_path / "cetak.xlsx")
    printed = audit_rows("cetak")
    assert [(e.rekaman_id, e.pengguna_id, e.ringkasan) for e in printed] == [
        (str(info.id), o.operator.user_id,
         f"Cetak laporan bulanan {BULAN_LABEL} (Disetujui, arsip) ke cetak.pdf")]
    exported = audit_rows("ekspor")
    assert [(e.pengguna_id, e.ringkasan) for e in exported] == [
        (o.camat.user_id, f"Ekspor Excel laporan bulanan {BULAN_LABEL} ke cetak.xlsx")]


@pytest.mark.parametrize("text,expected", [("2026-10", (2026, 10)), (" 2025-03 ", (2025, 3))])
def test_parse_bulan(text: str, expected: tuple[int, int]) -> None:
    assert laporan_cetak.parse_bulan(text) == expected


@pytest.mark.parametrize("text", ["2026-13", "oktober", "2026/10", "2026-10-01", ""])
def test_parse_bulan_refuses(text: str) -> None:
    with pytest.raises(ValidationError, match="tidak sah: tulis TTTT-BB, contoh 2026-10"):
        laporan_cetak.parse_bulan(text)


def test_approval_refused_when_the_report_changed_while_rendering(o: Orang, monkeypatch: Any
                                                                  ) -> None:
    """The archived PDF must show the state that was approved: a report returned and resubmitted
    (in another window) while the camat's approval renders is not approved with the old PDF."""
    info = diajukan(o)
    real = laporan_cetak.laporan_pdf.render

    def render(path: Any, isi: Any, kertas: str = "A4", progress: Any = None) -> Path:
        laporan.move(o.camat, info.id, "dikembalikan", "Ada yang kurang")
        laporan.move(o.tksk, info.id, "diajukan")
        return real(path, isi, kertas, progress)

    monkeypatch.setattr(laporan_cetak.laporan_pdf, "render", render)
    with pytest.raises(Conflict, match="baru saja diubah orang lain"):
        laporan_cetak.setujui(o.camat, info.id, None)
    now = laporan.get(o.camat, TAHUN, BULAN)
    assert now is not None and (now.status, now.arsip_sha256) == ("diajukan", "")


def test_mapping_updates_count_this_kecamatans_history_by_its_dates(o: Orang) -> None:
    """A PPKS record entered late counts in the month its history gives; another kecamatan's
    records do not count."""
    from kecamatan_app.models import DataPPKS, Desa, Kecamatan, RiwayatDataPPKS, Warga
    from kecamatan_app.services import laporan_isi, registri_ppks
    from tests.laporan_bantu import kategori, warga

    lansia = warga(o.tksk, "Mbah Sarinah (contoh)", "Mililian", "P")
    saved = registri_ppks.add_ppks(o.tksk, registri_ppks.PPKSData(
        kategori_id=kategori("08"), warga_id=lansia), tanggal=hari(3))
    registri_ppks.change_status(o.tksk, saved.id, "terverifikasi", 1, hari(8))
    kec = Kecamatan.create(kode="16.03.07", nama="Lembak", kabupaten_kode="16.03",
                           kabupaten_nama="Muara Enim", provinsi_kode="16",
                           provinsi_nama="Sumatera Selatan")
    desa = Desa.create(kecamatan=kec.id, kode="16.03.07.2001", nama="Lembak", jenis="desa")
    other = Warga.create(nama="Warga Lembak (contoh)", jenis_kelamin="L", desa=desa.id)
    row = DataPPKS.create(warga=other.id, kategori=kategori("09"), status="terverifikasi")
    RiwayatDataPPKS.create(data=row.id, status="terverifikasi", tanggal=hari(5))
    info = laporan_cetak.info_for(o.camat, TAHUN, BULAN)
    isi = laporan_isi.compile_month(o.camat, info)
    assert isi.pemetaan == [("Data PPKS per nama baru dicatat", 1),
                            ("Data PPKS diverifikasi", 1),
                            ("PPKS dinyatakan sudah ditangani", 0), ("Data PSKS baru dicatat", 0)]


def test_a_month_without_activities_and_hidden_sections(make_actor: Any, admin: Actor,
                                                        tksk_aktif: int, tmp_path: Path) -> None:
    """No activity: no landscape page, a sentence instead of the table. The office's section
    setting leaves out what it does not list."""
    from kecamatan_app.services import settings

    o = orang(make_actor, admin)
    out = laporan_cetak.write_pdf(o.tksk, TAHUN, BULAN, tmp_path / "kosong.pdf")
    assert all(w < h for w, h in _size(out))
    text = pdf_text(out)
    assert "(0 kegiatan)" in text and "Tidak ada kegiatan final yang tercatat" in text
    assert "Tidak ada PPKS dari registri di antara penerima manfaat" in text
    settings.set_value(admin, "laporan.bagian", "identitas,rekap,tanda_tangan")
    text = pdf_text(laporan_cetak.write_pdf(o.tksk, TAHUN, BULAN, tmp_path / "ringkas.pdf"))
    assert "IDENTITAS TKSK" in text and "B. Rekapitulasi" in text and "Mengetahui," in text
    for hidden in ("BAB I PENDAHULUAN", "A. Kegiatan bulan", "BAB III", "BAB IV", "Tembusan:",
                   "RIWAYAT LAPORAN"):
        assert hidden not in text


def test_column_widths_hold_the_longest_word() -> None:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from kecamatan_app.reports.laporan_pdf import _LEBAR, KOLOM_KEGIATAN, lebar_kolom
    from kecamatan_app.reports.tksk_pdf import _styles

    st = _styles()
    cells = [["10", "Selasa, 13 Oktober 2026", "Uraian", "Administrasi", "Pendampingan sosial",
              "Tambangan Kelekar", "1 penerima manfaat", "Kependudukan", "Hasil",
              "No. 002/RJK-TKSK/16.03.06/X/2026"]]
    for width in (716.0, 811.0):  # A4 and F4 landscape
        widths = lebar_kolom(cells, KOLOM_KEGIATAN, width, _LEBAR, st["sel"], st["kepala"])
        assert abs(sum(widths) - width) < 0.01
        for c, text in enumerate(cells[0]):
            longest = max(stringWidth(w, "Helvetica", st["sel"].fontSize) for w in text.split())
            assert widths[c] >= min(longest + 5, width / 5), (width, KOLOM_KEGIATAN[c])
    # words that cannot all fit: every column shrinks alike, nothing is negative
    narrow = lebar_kolom(cells, KOLOM_KEGIATAN, 200.0, _LEBAR, st["sel"], st["kepala"])
    assert abs(sum(narrow) - 200.0) < 0.01 and min(narrow) > 0


def _foto_bulan(o: Orang, tmp_path: Path, n: int) -> list[str]:
    """An activity of the month with ``n`` photos, landscape and portrait by turns; returns the
    SHA-256 of each stored photo."""
    from kecamatan_app.models import KegiatanFoto, Lampiran
    from kecamatan_app.services.kegiatan_periksa import FotoData
    from tests.laporan_bantu import foto_contoh

    fotos = [FotoData(path=foto_contoh(tmp_path, f"f{i}.jpg", text=f"FOTO {i}",
                                       size=(640, 480) if i % 2 == 0 else (480, 640)),
                      keterangan=f"Foto ke-{i + 1}") for i in range(n)]
    kid = catat(o.tksk, hari(20), judul="Dokumentasi penyaluran", foto=fotos)
    q = (KegiatanFoto.select(Lampiran.sha256)
         .join(Lampiran, on=KegiatanFoto.lampiran == Lampiran.id)
         .where(KegiatanFoto.kegiatan == kid).order_by(KegiatanFoto.urutan))
    return [r.lampiran.sha256 for r in q]


def test_workbook_has_the_logo_on_every_sheet_and_the_photos_themselves(o: Orang,
                                                                       tmp_path: Path) -> None:
    from PIL import Image, ImageDraw

    from kecamatan_app.reports.laporan_xlsx import FOTO_PX, LOGO_PX
    from kecamatan_app.services import kantor

    logo = tmp_path / "logo.png"
    img = Image.new("RGBA", (900, 1080), (0, 0, 0, 0))
    ImageDraw.Draw(img).ellipse((0, 0, 899, 1079), fill=(20, 110, 60, 255))
    img.save(logo)
    office = kantor.get_office()
    assert office is not None
    kantor.set_logo(o.admin, logo, office.kantor_versi)
    stored = _foto_bulan(o, tmp_path, 5)
    out = laporan_cetak.write_xlsx(o.tksk, TAHUN, BULAN, tmp_path / "foto.xlsx")
    wb = openpyxl.load_workbook(out)
    px = 9525  # EMU per pixel
    for ws in wb.worksheets:
        (kop,) = [i for i in ws._images if i.anchor._from.row == 0]
        w, h = kop.anchor.ext.width / px, kop.anchor.ext.height / px
        assert abs(h - LOGO_PX[1]) < 1 and w <= LOGO_PX[0] and abs(w / h - 900 / 1080) < 0.01
        kop_rows = sum(ws.row_dimensions[r].height or 15 for r in (1, 2, 3))
        assert kop_rows * 96 / 72 >= h, ws.title  # the kop rows hold the logo
        assert Image.open(io.BytesIO(kop._data())).size[1] <= 3 * LOGO_PX[1] + 1  # shrunk once
    ws = wb["Foto"]
    photos = sorted((i for i in ws._images if i.anchor._from.row > 0),
                    key=lambda i: i.anchor._from.row)
    assert len(photos) == 5
    # the stored JPEG files themselves (nothing decoded or re-encoded), in the annex's order
    assert [hashlib.sha256(p._data()).hexdigest() for p in photos] == stored
    for n, p in enumerate(photos):
        row = p.anchor._from.row + 1
        assert ws.cell(row, 1).value == n + 1 and p.anchor._from.col == 1
        assert ws.cell(row, 3).value.endswith(f"Dokumentasi penyaluran (Foto ke-{n + 1})")
        size = (p.anchor.ext.width / px, p.anchor.ext.height / px)
        assert size == ((FOTO_PX[0], FOTO_PX[1]) if n % 2 == 0 else (180, FOTO_PX[1]))
        assert ws.row_dimensions[row].height * 96 / 72 >= FOTO_PX[1] + 8


def test_an_unreadable_photo_is_named_not_fatal(o: Orang, tmp_path: Path) -> None:
    """A photo file gone or damaged in the store: the report still renders and says so."""
    from kecamatan_app.reports import laporan_pdf, laporan_xlsx
    from kecamatan_app.reports.laporan_data import FotoLampiran
    from kecamatan_app.services import laporan_isi

    _foto_bulan(o, tmp_path, 3)
    isi = laporan_isi.compile_month(o.camat, laporan_cetak.info_for(o.camat, TAHUN, BULAN))
    rusak = tmp_path / "rusak"
    rusak.write_bytes(b"bukan gambar" * 50)
    isi.foto[1] = FotoLampiran(tmp_path / "hilang", isi.foto[1].keterangan)
    isi.foto[2] = FotoLampiran(rusak, isi.foto[2].keterangan)
    ws = laporan_xlsx.build(isi)["Foto"]
    assert len(ws._images) == 1
    assert [c.value for c in ws["B"] if c.value == laporan_xlsx.FOTO_RUSAK] == \
        [laporan_xlsx.FOTO_RUSAK] * 2
    pdf = laporan_pdf.render(tmp_path / "rusak.pdf", isi)
    assert pdf_text(pdf).count("(foto tidak dapat dibaca)") == 2


def test_photos_go_into_the_pdf_as_stored_jpeg(o: Orang, tmp_path: Path,
                                               monkeypatch: Any) -> None:
    """The photo annex embeds each stored JPEG unchanged (DCTDecode) and never decodes one:
    decoding (and hashing) every pixel only to name the image took half the rendering time of
    a month with 40 photos."""
    from PIL import ImageFile

    stored = _foto_bulan(o, tmp_path, 4)
    decoded: list[object] = []
    real_load = ImageFile.ImageFile.load

    def load(self: Any) -> Any:
        decoded.append(self)
        return real_load(self)

    monkeypatch.setattr(ImageFile.ImageFile, "load", load)
    out = laporan_cetak.write_pdf(o.tksk, TAHUN, BULAN, tmp_path / "foto.pdf")
    assert decoded == []
    found = []
    for page in PdfReader(str(out)).pages:
        resources: Any = page["/Resources"]
        for ref in resources.get("/XObject", {}).values():
            x = ref.get_object()
            if x.get("/Subtype") == "/Image":
                assert list(x["/Filter"]) == ["/DCTDecode"]
                found.append(hashlib.sha256(x.get_data()).hexdigest())
    assert sorted(found) == sorted(stored)  # one image each: the same file is stored once
    assert "4. " in pdf_text(out) and "(Foto ke-4)" in pdf_text(out)


def test_the_tembusan_stays_on_the_page_of_the_signatures(o: Orang, tmp_path: Path) -> None:
    """However long BAB III runs, the tembusan is never left alone on a page: it is printed on
    the page of the signatures (and so are BAB IV and the signatures together)."""
    from kecamatan_app.reports import laporan_pdf
    from kecamatan_app.services import laporan_isi

    isi = laporan_isi.compile_month(o.camat, laporan_cetak.info_for(o.camat, TAHUN, BULAN))
    line = "- Waktu: jadwal penyaluran bergeser karena hujan deras di beberapa desa."
    for n in range(0, 64, 3):
        isi.kendala = "\n".join([line] * n)
        out = laporan_pdf.render(tmp_path / f"k{n}.pdf", isi)
        pages = pdf_pages(out)
        (where,) = [i for i, p in enumerate(pages) if "Tembusan:" in p]
        assert "Mengetahui," in pages[where] and "BAB IV PENUTUP" in pages[where], n
        assert "4. Arsip" in pages[where], n
