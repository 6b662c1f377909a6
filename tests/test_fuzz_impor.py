"""Bad input never crashes an import and never writes (issue 7, point 3).

For every importer (pendaftar, ppks, psks, rekap, wilayah, kegiatan, rujukan):

- hypothesis rows of wrong types and garbage in every column, in a real workbook and, with
  values no workbook can hold (control characters, NUL, NaN), straight into the importer;
- hypothesis header rows (unknown, repeated, reordered, missing headers);
- hypothesis damage to the XML parts of a real workbook;
- a corpus of malformed files: empty, CSV/HTML/PDF/.xls named .xlsx, random bytes, truncated,
  a plain zip, an .ods, a 1 GiB zip bomb, a zip lying about its sizes, nested XML entities, a
  sheet declaring A1:XFD1048576, a cell at row 1.048.576 and beyond, formulas without values,
  error values, merged cells over data, headers only, a duplicate header, the header at row 11,
  10.000-character cells, a file over the size limit, rows over the row limit.

Each gets an Indonesian message (a file error, or problems by row and column); nothing else
escapes; nothing is written (a digest of every table, the audit trail included, is compared);
the file is not left open (/proc/self/fd). Run with ``-s`` to see the number of cases; more
with ``KECAMATAN_FUZZ=dalam`` (tests/fuzz_bantu.py, docs/fuzz-dan-batas-impor.md).
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from conftest import ADMIN_PASSWORD, gelumbang_setup
from hypothesis import given
from hypothesis import strategies as st

from kecamatan_app.config import DatabaseTarget
from kecamatan_app.db import close_database, open_database
from kecamatan_app.services import impor, users
from kecamatan_app.services import settings as app_settings
from kecamatan_app.services.context import Actor
from kecamatan_app.services.errors import ValidationError
from kecamatan_app.services.impor import ImportFileError, Row, Table
from tests import fuzz_bantu as fb
from tests.fuzz_bantu import JENIS, JENIS_ID, Jenis


@pytest.fixture(scope="module", autouse=True)
def _hitung() -> Iterator[None]:
    with fb.laporan("test_fuzz_impor"):
        yield


# -- the property every import must keep ----------------------------------------------------------


def cek_impor(jenis: Jenis, actor: Actor, path: Path, nama: str, dry_run: bool = False) -> Any:
    """Import ``path``: a file error or problems leave every table as it was; an accepted file
    writes one audited import whose text fits its columns; the file is closed afterwards.
    Returns the result, or the file error."""
    before, audited = fb.jejak(), fb.jumlah_impor_diaudit()
    try:
        result = jenis.impor(actor, path, dry_run=dry_run)
    except (ImportFileError, ValidationError) as exc:
        assert fb.pesan_jelas(str(exc)), str(exc)
        assert fb.jejak() == before, "a refused file wrote something"
        fb.catat(nama, "berkas ditolak")
        outcome: Any = exc
    else:
        if result.problems or dry_run:
            assert fb.jejak() == before, "problems, or a dry run, and yet something was written"
        else:
            assert fb.jumlah_impor_diaudit() == audited + 1
            assert fb.terlalu_panjang() == []
        for p in result.problems:
            assert isinstance(p.message, str) and fb.pesan_jelas(p.message), p
            assert p.row >= 1 and (p.column == "" or p.column in jenis.judul), p
        fb.catat(nama, "ditolak per sel" if result.problems else "diterima (baris sah)")
        outcome = result
    assert fb.berkas_terbuka(path) == [], "the workbook was left open"
    return outcome


# -- shared offices -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def _kantor_bersama(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Actor]]:
    """Two offices, each set up once: ``korpus`` for the corpus and the damaged XML (which
    never write: every case asserts it) and ``fuzz`` for the hypothesis rows (whose valid
    rows are saved, so later examples meet existing data)."""
    out: dict[str, tuple[Path, Actor]] = {}
    for name in ("korpus", "fuzz"):
        folder = tmp_path_factory.mktemp(f"kantor-{name}")
        with pytest.MonkeyPatch.context() as mp:
            _lingkungan(mp, folder)
            open_database(DatabaseTarget.parse(folder / "kecamatan.sqlite3"))
            try:
                gelumbang_setup()
                actor = users.login("admin", ADMIN_PASSWORD).actor
                fb.siapkan_kantor(actor)
            finally:
                close_database()
        out[name] = (folder, actor)
    return out


def _lingkungan(mp: pytest.MonkeyPatch, folder: Path) -> None:
    mp.setenv("KECAMATAN_APP_DATA_DIR", str(folder))
    mp.setenv("KECAMATAN_APP_LOG_DIR", str(folder / "log"))
    mp.delenv("KECAMATAN_APP_DB", raising=False)


@contextmanager
def _buka(kantor: tuple[Path, Actor], mp: pytest.MonkeyPatch) -> Iterator[Actor]:
    folder, actor = kantor
    _lingkungan(mp, folder)
    open_database(DatabaseTarget.parse(folder / "kecamatan.sqlite3"))
    try:
        yield actor
    finally:
        close_database()


@pytest.fixture
def kantor(
    _kantor_bersama: dict[str, tuple[Path, Actor]], monkeypatch: pytest.MonkeyPatch
) -> Iterator[Actor]:
    with _buka(_kantor_bersama["korpus"], monkeypatch) as actor:
        yield actor


@pytest.fixture
def kantor_fuzz(
    _kantor_bersama: dict[str, tuple[Path, Actor]], monkeypatch: pytest.MonkeyPatch
) -> Iterator[Actor]:
    with _buka(_kantor_bersama["fuzz"], monkeypatch) as actor:
        yield actor


# -- hypothesis: rows, headers, damaged XML -------------------------------------------------------


@pytest.mark.parametrize("jenis", JENIS, ids=JENIS_ID)
def test_baris_acak_dalam_buku_kerja(jenis: Jenis, kantor_fuzz: Actor, tmp_path: Path) -> None:
    """Rows of the importer's template with any columns replaced by values of every type a
    workbook cell holds (text, 4.400-digit numbers, dates, times, booleans, formulas, error
    values, 10.000 characters, emoji...)."""
    nilai = fb.nilai_sel(fb.pilihan_semua(jenis))

    @fb.contoh(0.08)
    @given(rows=st.lists(fb.baris_acak(jenis, nilai), min_size=1, max_size=3))
    def sifat(rows: list[dict[str, Any]]) -> None:
        path = fb.tulis_baris(tmp_path / "acak.xlsx", jenis, rows)
        cek_impor(jenis, kantor_fuzz, path, f"baris acak dalam buku kerja ({jenis.nama})")

    sifat()


def _sel(value: Any) -> Any:
    """A value as :func:`impor.read_table` hands it on: text stripped, blank as None."""
    if isinstance(value, str):
        return value.strip() or None
    return value


@pytest.mark.parametrize("jenis", JENIS, ids=JENIS_ID)
def test_nilai_liar_langsung_ke_importir(jenis: Jenis, kantor_fuzz: Actor, tmp_path: Path) -> None:
    """Values no workbook can hold (control characters, NUL, NaN, 4.200-digit integers) given
    straight to the importer's checks, bypassing the reader."""
    path = tmp_path / "langsung.xlsx"

    @fb.contoh(0.15)
    @given(rows=st.lists(fb.baris_acak(jenis, fb.nilai_liar()), min_size=1, max_size=5))
    def sifat(rows: list[dict[str, Any]]) -> None:
        table = Table(
            path.name,
            jenis.lembar,
            1,
            tuple(jenis.judul),
            [Row(n, {h: _sel(r.get(h)) for h in jenis.judul}) for n, r in enumerate(rows, 2)],
            [],
        )
        with mock.patch.object(jenis.modul, "read_table", lambda *a, **k: table):
            cek_impor(jenis, kantor_fuzz, path, f"nilai liar langsung ({jenis.nama})")

    sifat()


@pytest.mark.parametrize("jenis", JENIS, ids=JENIS_ID)
def test_baris_judul_acak(jenis: Jenis, kantor_fuzz: Actor, tmp_path: Path) -> None:
    """Header rows: the template's headers in any order, case and spacing, some left out, one
    repeated, garbage added; a valid row laid out under them (0-3 times)."""
    judul = jenis.judul
    gaya: dict[str, Callable[[str], str]] = {
        "asli": str,
        "besar": lambda h: f"  {h.upper()} ",
        "spasi": lambda h: h.replace(" ", "   "),
    }

    @fb.contoh(0.04)
    @given(
        urutan=st.permutations(judul),
        buang=st.sets(st.integers(0, len(judul) - 1), max_size=2),
        tulis=st.sampled_from(sorted(gaya)),
        tambahan=st.lists(fb.nilai_sel(), max_size=3),
        ganda=st.booleans(),
        n=st.integers(0, 3),
    )
    def sifat(
        urutan: list[str], buang: set[int], tulis: str, tambahan: list[Any], ganda: bool, n: int
    ) -> None:
        headers: list[Any] = [gaya[tulis](h) for i, h in enumerate(urutan) if i not in buang]
        headers += tambahan + ([urutan[0]] if ganda else [])
        row = jenis.contoh()
        values = [[row.get(_canon(jenis, h)) for h in headers]]
        path = fb.tulis(tmp_path / "judul.xlsx", jenis.lembar, headers, values * n)
        cek_impor(jenis, kantor_fuzz, path, f"baris judul acak ({jenis.nama})")

    sifat()


def _canon(jenis: Jenis, header: Any) -> str:
    key = impor.normalize_header(header)
    return next((h for h in jenis.judul if impor.normalize_header(h) == key), "")


_BAGIAN = (
    fb.LEMBAR1,
    "xl/workbook.xml",
    "xl/styles.xml",
    "[Content_Types].xml",
    "xl/_rels/workbook.xml.rels",
    "_rels/.rels",
    "docProps/app.xml",
)
_SISIPAN = [
    b'<row r="-1">',
    b'<row r="1e3"><c r="A1000"><v>1</v></c></row>',
    b'<c r="ZZZZ9"><v>1</v></c>',
    b'<c r="B2" t="s"><v>999</v></c>',
    b'<c r="B2" t="d"><v>kemarin</v></c>',
    b'<c s="9999">',
    b'<c r="B2" t="b"><v>x</v></c>',
    b'<c r="B2"><v>1e999</v></c>',
    b'<c r="B2"><v>NaN</v></c>',
    b'<c r="B2"><f t="shared" si="0">A1+(</f></c>',
    b'<c r="C2"><f t="shared" si="0"/></c>',
    b'<mergeCells><mergeCell ref="A1:XFD1048576"/></mergeCells>',
    b'<mergeCell ref="Z"/>',
    b'<dimension ref="A0:B-1"/>',
    b'<row r="1048577"><c r="A1048577"><v>1</v></c></row>',
    b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>',
    b"&#0;",
    b"&unknown;",
    b"<![CDATA[",
    b"</worksheet>",
    b"\xff\xfe\x00",
    b'<sheet name="A"/>',
    b'<sheet name="Data" sheetId="99" r:id="rId99"/>',
    b'<numFmt numFmtId="200" formatCode="[h]:mm"/>',
    b'<cellXfs count="1"><xf numFmtId="14"/></cellXfs>',
    b'<Override PartName="/x"/>',
]


@fb.contoh(0.2)
@given(
    data=st.data(),
    jenis=st.sampled_from(JENIS),
    part=st.sampled_from(_BAGIAN),
    cara=st.sampled_from(["hapus", "sisip", "ganti", "gandakan"]),
)
def test_xml_buku_kerja_dirusak(
    kantor: Actor, korpus: Path, data: Any, jenis: Jenis, part: str, cara: str
) -> None:
    """A real workbook with one XML part damaged: a piece cut out, repeated, overwritten with
    random bytes, or a tricky snippet put in (bad references, shared strings that do not exist,
    dates that are not, entity definitions, rows beyond Excel's last...)."""
    base = korpus / f"sah-{jenis.nama}.xlsx"
    if not base.exists():
        fb.tulis_baris(base, jenis, jenis.baris_sah(1))
    with zipfile.ZipFile(base) as zf:
        if part not in zf.namelist():
            part = fb.LEMBAR1
        size = len(zf.read(part))
    at = data.draw(st.integers(0, size), label="posisi")
    n = data.draw(st.integers(1, 200), label="panjang")
    if cara == "sisip":
        piece = data.draw(st.one_of(st.sampled_from(_SISIPAN), st.binary(max_size=40)))
    else:
        piece = data.draw(st.binary(min_size=1, max_size=40))

    def rusak(b: bytes) -> bytes:
        if cara == "hapus":
            return b[:at] + b[at + n :]
        if cara == "gandakan":
            return b[: at + n] + b[at : at + n] + b[at + n :]
        if cara == "ganti":
            return b[:at] + piece + b[at + len(piece) :]
        return b[:at] + piece + b[at:]

    path = fb.ubah_bagian(base, korpus / "rusak.xlsx", part, rusak)
    outcome = cek_impor(jenis, kantor, path, "xml buku kerja dirusak", dry_run=True)
    assert isinstance(outcome, (ImportFileError, impor.ImportResult))


# -- the corpus of malformed workbooks ------------------------------------------------------------


@pytest.fixture(scope="module")
def korpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("korpus")


@dataclass(frozen=True)
class Harap:
    """What a corpus case must get: a file error (``berkas``), problems (``sel``) or a clean
    dry run (``sah``), with these words in the message(s)."""

    jenis: str
    kata: tuple[str, ...] = ()
    pengaturan: dict[str, int] = field(default_factory=dict)
    dry_run: bool = False


def _tulis(path: Path, content: bytes) -> Path:
    path.write_bytes(content)
    return path


def _sekali(path: Path, make: Callable[[Path], Any]) -> Path:
    """Build a file shared by every importer only once per run."""
    if not path.exists():
        make(path)
    return path


def _ole2(path: Path, encrypted: bool) -> Path:
    body = bytearray(4096)
    if encrypted:
        name = "EncryptedPackage".encode("utf-16-le")
        body[1024 : 1024 + len(name)] = name
    return _tulis(path, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(body))


def _zip(path: Path, parts: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return path


_LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa">'
    + b"".join(
        b'<!ENTITY %s "%s">' % (bytes([99 + i]), (b"&%s;" % bytes([98 + i])) * 10) for i in range(8)
    )
    + b']><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    + b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&j;</t></is></c></row>'
    + b"</sheetData></worksheet>"
)


def _sah(korpus: Path, jenis: Jenis, n: int = 1) -> Path:
    return fb.tulis_baris(korpus / f"sah-{jenis.nama}-{n}.xlsx", jenis, jenis.baris_sah(n))


def _kasus(nama: str, jenis: Jenis, d: Path) -> tuple[Path, Harap]:
    """The file of corpus case ``nama`` for ``jenis`` and what it must get."""
    j = jenis
    if nama == "kosong_0_byte":
        return _tulis(d / "kosong.xlsx", b""), Harap("berkas", ("kosong (0 byte)",))
    if nama == "csv_bernama_xlsx":
        return _tulis(d / "data-csv.xlsx", b"NIK;Nama\n1603061203990001;Budi\n"), Harap(
            "berkas", ("teks biasa (mungkin CSV)", "bukan buku kerja Excel (.xlsx)")
        )
    if nama == "html_bernama_xlsx":
        page = b"<html><body><table><tr><td>NIK</td><td>Nama</td></tr></table></body></html>"
        return _tulis(d / "laporan-web.xlsx", page), Harap("berkas", ("halaman web (HTML)",))
    if nama == "xls_lama":
        return _ole2(d / "lama.xlsx", False), Harap(
            "berkas", ("format Excel lama (.xls)", "simpan ulang sebagai .xlsx")
        )
    if nama == "xlsx_bersandi":
        return _ole2(d / "bersandi.xlsx", True), Harap("berkas", ("dilindungi kata sandi",))
    if nama == "pdf_bernama_xlsx":
        return _tulis(d / "surat.xlsx", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n"), Harap(
            "berkas", ("dokumen PDF",)
        )
    if nama == "byte_acak":
        return _tulis(d / "acak.xlsx", fb.acak_bytes(65_536)), Harap(
            "berkas", ("bukan buku kerja Excel (.xlsx)",)
        )
    if nama == "xlsx_terpotong":
        whole = _sah(d, j).read_bytes()
        return _tulis(d / f"terpotong-{j.nama}.xlsx", whole[: len(whole) // 2]), Harap(
            "berkas", ("rusak",)
        )
    if nama == "zip_bukan_buku_kerja":
        return _zip(d / "arsip.xlsx", {"data.csv": b"NIK;Nama\n"}), Harap(
            "berkas", ("arsip ZIP", "bukan buku kerja Excel")
        )
    if nama == "ods_bernama_xlsx":
        return _zip(
            d / "calc.xlsx",
            {
                "mimetype": b"application/vnd.oasis.opendocument.spreadsheet",
                "content.xml": b"<office:document-content/>",
            },
        ), Harap("berkas", ("OpenDocument (.ods)",))
    if nama == "bom_zip_1_gib":
        path = _sekali(d / "bom.xlsx", lambda p: fb.bom_zip(p, _sah(d, JENIS[0])))
        return path, Harap("berkas", ("bom zip", "tidak dibuka"))
    if nama == "zip_berbohong_ukurannya":
        path = _sekali(d / "bohong.xlsx", lambda p: fb.zip_berbohong(p, _sah(d, JENIS[0]), 4 << 20))
        return path, Harap("berkas", ("bom zip", "batas wajar"))
    if nama == "entitas_xml_bertingkat":
        path = fb.ubah_bagian(
            _sah(d, j), d / f"entitas-{j.nama}.xlsx", fb.LEMBAR1, lambda b: _LAUGHS
        )
        return path, Harap("berkas", ("rusak",))
    if nama == "tanpa_bagian_buku_kerja":  # found by the deep run: openpyxl raised OSError
        path = fb.ubah_bagian(
            _sah(d, j),
            d / f"tanpa-buku-{j.nama}.xlsx",
            "[Content_Types].xml",
            lambda b: b.replace(b"sheet.main+xml", b"sheet.mainX+xml"),
        )
        return path, Harap("berkas", ("bukan buku kerja Excel (.xlsx) atau rusak",))
    if nama == "dimensi_A1_XFD1048576":
        path = fb.ubah_bagian(
            _sah(d, j),
            d / f"dimensi-{j.nama}.xlsx",
            fb.LEMBAR1,
            lambda b: _dimensi(b, b"A1:XFD1048576"),
        )
        return path, Harap("sah", dry_run=True)
    if nama == "sel_di_baris_1048576":
        path = fb.ubah_bagian(
            _sah(d, j), d / f"jauh-{j.nama}.xlsx", fb.LEMBAR1, lambda b: _baris_jauh(b, 1_048_576)
        )
        return path, Harap("berkas", ("baris 1.048.576", "lebih dari 200.000 baris"))
    if nama == "baris_di_luar_excel":
        path = fb.ubah_bagian(
            _sah(d, j),
            d / f"luar-{j.nama}.xlsx",
            fb.LEMBAR1,
            lambda b: _baris_jauh(b, 99_999_999_999),
        )
        return path, Harap("berkas", ("rusak", "baris terakhir Excel"))
    if nama == "rumus_tanpa_nilai":
        rows = [{**j.contoh(), j.judul[0]: "=1+1", j.judul[1]: '=UPPER("a")'}]
        return fb.tulis_baris(d / f"rumus-{j.nama}.xlsx", j, rows), Harap(
            "sel", ("rumus yang nilainya tidak tersimpan",)
        )
    if nama == "nilai_galat":
        codes = ("#REF!", "#DIV/0!", "#N/A", "#VALUE!")
        rows = [{**j.contoh(), j.judul[i % 2]: code} for i, code in enumerate(codes)]
        return fb.tulis_baris(d / f"galat-{j.nama}.xlsx", j, rows), Harap(
            "sel", tuple(f"galat Excel {c}" for c in codes)
        )
    if nama == "sel_gabungan_di_data":
        path = fb.tulis_baris(d / f"gabung-{j.nama}.xlsx", j, j.baris_sah(3), merge=["A2:A4"])
        return path, Harap("sel", ("sel gabungan A2:A4", "hanya tersimpan di sel A2"))
    if nama == "hanya_baris_judul":
        return fb.tulis_baris(d / f"judul-{j.nama}.xlsx", j, []), Harap(
            "berkas", ("tidak berisi data",)
        )
    if nama == "judul_kolom_ganda":
        path = fb.tulis(d / f"ganda-{j.nama}.xlsx", j.lembar, [*j.judul, j.judul[0]], [])
        return path, Harap("berkas", (f"Kolom '{j.judul[0]}' ada dua kali",))
    if nama == "judul_di_baris_11":
        row = j.contoh()
        path = fb.tulis(
            d / f"baris11-{j.nama}.xlsx",
            j.lembar,
            j.judul,
            [[row.get(h) for h in j.judul]],
            mulai=11,
        )
        return path, Harap("berkas", ("10 baris pertama", "baris 11"))
    if nama == "teks_10000_huruf":
        rows = [{h: "x" * 10_000 for h in j.judul}, {h: "😀" * 10_000 for h in j.judul}]
        return fb.tulis_baris(d / f"panjang-{j.nama}.xlsx", j, rows), Harap("sel")
    if nama == "melebihi_ukuran":
        path = fb.tulis_baris(d / f"besar-{j.nama}.xlsx", j, j.baris_sah(2))
        with zipfile.ZipFile(path, "a", zipfile.ZIP_STORED) as zf:
            zf.writestr("xl/media/foto.bin", fb.acak_bytes(1_300_000, seed=3))
        return path, Harap(
            "berkas", ("melebihi batas 1 MB", "Pengaturan > Keamanan"), {"impor.maks_mb": 1}
        )
    if nama == "melebihi_jumlah_baris":
        return _sah(d, j, 101), Harap(
            "berkas",
            ("lebih dari 100 baris data", "Pengaturan > Keamanan"),
            {"impor.maks_baris": 100},
        )
    raise AssertionError(nama)


def _dimensi(sheet: bytes, ref: bytes) -> bytes:
    start = sheet.index(b"<dimension ref=")
    end = sheet.index(b"/>", start)
    return sheet[:start] + b'<dimension ref="' + ref + b'" ' + sheet[end:]


def _baris_jauh(sheet: bytes, row: int) -> bytes:
    cell = b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>x</t></is></c></row>' % (row, row)
    return sheet.replace(b"</sheetData>", cell + b"</sheetData>")


KASUS = (
    "kosong_0_byte",
    "csv_bernama_xlsx",
    "html_bernama_xlsx",
    "xls_lama",
    "xlsx_bersandi",
    "pdf_bernama_xlsx",
    "byte_acak",
    "xlsx_terpotong",
    "zip_bukan_buku_kerja",
    "ods_bernama_xlsx",
    "bom_zip_1_gib",
    "zip_berbohong_ukurannya",
    "entitas_xml_bertingkat",
    "tanpa_bagian_buku_kerja",
    "dimensi_A1_XFD1048576",
    "sel_di_baris_1048576",
    "baris_di_luar_excel",
    "rumus_tanpa_nilai",
    "nilai_galat",
    "sel_gabungan_di_data",
    "hanya_baris_judul",
    "judul_kolom_ganda",
    "judul_di_baris_11",
    "teks_10000_huruf",
    "melebihi_ukuran",
    "melebihi_jumlah_baris",
)


@pytest.mark.parametrize("nama", KASUS)
@pytest.mark.parametrize("jenis", JENIS, ids=JENIS_ID)
def test_korpus_berkas_rusak(
    nama: str, jenis: Jenis, kantor: Actor, korpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path, harap = _kasus(nama, jenis, korpus)
    if nama == "bom_zip_1_gib":  # the app must refuse it from the zip directory alone
        real_open = zipfile.ZipFile.open

        def guarded(self: zipfile.ZipFile, name: Any, *a: Any, **k: Any) -> Any:
            member = name.filename if isinstance(name, zipfile.ZipInfo) else name
            assert member != fb.BOM_BAGIAN, "the zip bomb's part was opened"
            return real_open(self, name, *a, **k)

        monkeypatch.setattr(zipfile.ZipFile, "open", guarded)
    for key, value in harap.pengaturan.items():
        app_settings.set_value(kantor, key, value)
    try:
        outcome = cek_impor(jenis, kantor, path, "korpus berkas rusak", dry_run=harap.dry_run)
    finally:
        for key in harap.pengaturan:
            app_settings.set_value(kantor, key, app_settings.SETTINGS[key].default)
    if harap.jenis == "berkas":
        assert isinstance(outcome, ImportFileError), outcome
        messages = [str(outcome)]
    elif harap.jenis == "sel":
        assert isinstance(outcome, impor.ImportResult) and outcome.problems, outcome
        messages = [p.message for p in outcome.problems]
    else:
        assert isinstance(outcome, impor.ImportResult) and outcome.ok, outcome
        messages = []
    for word in harap.kata:
        assert any(word in m for m in messages), (word, messages)


def test_gabungan_sel_menyebut_baris_dan_kolom(kantor: Actor, korpus: Path) -> None:
    """Merged cells over data: every covered cell but the first is a problem of its own row
    and column; a merge inside the header row or over blank rows is no problem."""
    j = JENIS[0]  # pendaftar: Nama is column B
    rows = j.baris_sah(3)
    rows[1]["NIK"], rows[2]["NIK"] = "1603065506980002", "1603061203990003"
    path = fb.tulis_baris(korpus / "gabung-nama.xlsx", j, rows, merge=["B2:B4", "C6:D9"])
    result = j.impor(kantor, path, dry_run=True)
    gabung = [(p.row, p.column) for p in result.problems if "sel gabungan" in p.message]
    assert gabung == [(3, "Nama"), (4, "Nama")]


def test_berkas_yang_tidak_boleh_dibaca_diberi_pesan(
    kantor: Actor, korpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file Windows keeps locked (Excel has it open) or the user may not read: a message that
    says so, whichever step meets the refusal first."""
    j = JENIS[0]
    path = _sah(korpus, j)
    real_open = Path.open

    def locked(self: Path, *a: Any, **k: Any) -> Any:
        if self == path:
            raise PermissionError(13, "Akses ditolak", str(self))
        return real_open(self, *a, **k)

    monkeypatch.setattr(Path, "open", locked)
    outcome = cek_impor(j, kantor, path, "berkas terkunci")
    assert isinstance(outcome, ImportFileError)
    assert "tidak dapat dibuka" in str(outcome) and "Tutup berkas itu di Excel" in str(outcome)
