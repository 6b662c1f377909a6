"""Shared by the fuzz tests (tests/test_fuzz_*.py): hypothesis profiles, a tally of the cases
run, the seven importers with a valid row each, cell strategies, a snapshot of the whole
database, and the corpus of malformed workbooks (see docs/fuzz-dan-batas-impor.md).

Profiles: ``KECAMATAN_FUZZ=ci`` (default, the everyday run) or ``KECAMATAN_FUZZ=dalam`` (deep:
many more examples, for a night run or before a release). Registered with hypothesis as
``kecamatan-ci`` and ``kecamatan-dalam``; the tests take their settings from :func:`contoh`, so
loading another hypothesis profile elsewhere does not change them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import random
import re
import struct
import time
import zipfile
import zlib
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import openpyxl
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE

from kecamatan_app.models import ALL_MODELS, database
from kecamatan_app.services import (
    impor_kegiatan,
    impor_pendaftar,
    impor_ppks,
    impor_psks,
    impor_rekap,
    impor_rujukan,
    impor_wilayah,
)

# -- profiles and the tally -----------------------------------------------------------------------

PROFIL = os.environ.get("KECAMATAN_FUZZ", "ci")
if PROFIL not in ("ci", "dalam"):
    raise RuntimeError(f"KECAMATAN_FUZZ harus 'ci' atau 'dalam', bukan {PROFIL!r}")
#: Examples per property for a pure function (NIK, NIP, dates); importer properties take a
#: fraction of it (each example writes and imports a workbook).
settings.register_profile("kecamatan-ci", max_examples=300, deadline=None)
settings.register_profile("kecamatan-dalam", max_examples=10_000, deadline=None)
_SLOW = [HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large]


def contoh(bobot: float = 1.0) -> settings:
    """Settings for one property: the profile's examples times ``bobot`` (at least 5)."""
    parent = settings.get_profile(f"kecamatan-{PROFIL}")
    return settings(
        parent=parent,
        max_examples=max(5, round(parent.max_examples * bobot)),
        deadline=None,
        suppress_health_check=_SLOW,
    )


#: Cases run, per property and outcome: ``(property, outcome) -> count``.
HITUNG: Counter[tuple[str, str]] = Counter()


def catat(nama: str, hasil: str) -> None:
    HITUNG[nama, hasil] += 1


@contextmanager
def laporan(modul: str) -> Iterator[None]:
    """Around a test module: print the cases run per property (shown with ``pytest -s``) and,
    when ``KECAMATAN_FUZZ_LAPORAN`` names a file, add them to it as JSON lines."""
    HITUNG.clear()
    mulai = time.monotonic()
    yield
    detik = round(time.monotonic() - mulai, 1)
    per_sifat: dict[str, dict[str, int]] = {}
    for (nama, hasil), n in sorted(HITUNG.items()):
        per_sifat.setdefault(nama, {})[hasil] = n
    total = sum(HITUNG.values())
    print(f"\n[fuzz {modul}] profil {PROFIL}: {total} kasus dalam {detik} detik")
    for nama, per_hasil in per_sifat.items():
        rincian = ", ".join(f"{k} {v}" for k, v in per_hasil.items())
        print(f"  {nama}: {sum(per_hasil.values())} ({rincian})")
    tujuan = os.environ.get("KECAMATAN_FUZZ_LAPORAN")
    if tujuan:
        with open(tujuan, "a", encoding="utf-8") as fh:
            fh.write(
                json.dumps(
                    {
                        "modul": modul,
                        "profil": PROFIL,
                        "total": total,
                        "detik": detik,
                        "sifat": per_sifat,
                    }
                )
                + "\n"
            )


# -- messages -------------------------------------------------------------------------------------

#: Words of Python's own messages (``int()``, ``decimal``, ``KeyError``...): none may reach a
#: person. Quoted parts are left out first: they echo what the user typed.
_ENGLISH = re.compile(
    r"\b(the|is|not|invalid|literal|exceeds|limit|conversion|object|attribute|expected|got|"
    r"must|cannot|unsupported|operand|type|index|out of range|none|nonetype|error|exception|"
    r"traceback|argument|integer|string|float|decimal|division|zero|key)\b",
    re.IGNORECASE,
)
_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"")


def pesan_jelas(message: str) -> bool:
    """A message for a person: some words, and nothing of Python's English leaking through."""
    words = re.findall(r"[^\W\d_]{2,}", message)
    return len(words) >= 2 and not _ENGLISH.search(_QUOTED.sub("", message))


# -- the importers --------------------------------------------------------------------------------

TODAY = dt.date.today()
HARI = TODAY - dt.timedelta(days=60)
BUDI, KK = "1603061203990001", "1603061501100004"


def _tgl(day: dt.date) -> str:
    return day.strftime("%d-%m-%Y")


@dataclass(frozen=True)
class Jenis:
    """One importer: its module, data sheet and a valid row (header -> value)."""

    nama: str
    modul: ModuleType
    lembar: str
    contoh: Callable[[], dict[str, Any]]

    @property
    def judul(self) -> list[str]:
        return [c.header for c in self.modul.columns()]

    def impor(self, actor: Any, path: Path, dry_run: bool = False) -> Any:
        return self.modul.import_file(actor, path, dry_run=dry_run)

    def baris_sah(self, n: int = 1) -> list[dict[str, Any]]:
        return [self.contoh() for _ in range(n)]


JENIS: tuple[Jenis, ...] = (
    Jenis(
        "pendaftar",
        impor_pendaftar,
        "Pendaftar",
        lambda: {
            "NIK": BUDI,
            "Nama": "Budi Santoso (contoh)",
            "Jenis Kelamin": "L",
            "Tempat Lahir": "Muara Enim",
            "Tanggal Lahir": "12-03-1999",
            "Kewarganegaraan": "WNI",
            "Alamat": "Jl. Contoh 1",
            "Desa Domisili": "Mililian",
            "Kecamatan KTP": "Gelumbang",
            "Pendidikan Terakhir": "SMA",
            "Status Kepegawaian": "Bukan ASN/TNI/Polri/Legislatif",
            "Pilar Sosial": "PSM",
            "Dapat Menggunakan Komputer": "Ya",
            "Surat Keterangan Sehat": "Ada",
            "SKCK": "Ada",
            "Tanggal Pendaftaran": _tgl(TODAY - dt.timedelta(days=30)),
            "No. HP": "081234567890",
        },
    ),
    Jenis(
        "ppks",
        impor_ppks,
        "PPKS",
        lambda: {
            "No. KK": KK,
            "NIK": BUDI,
            "Nama": "Budi Santoso (contoh)",
            "Jenis Kelamin": "L",
            "Tanggal Lahir": "12-03-1999",
            "Hubungan": "Kepala Keluarga",
            "Alamat": "Jl. Kenanga 3",
            "Desa": "Mililian",
            "RT": "001",
            "RW": "002",
            "Kategori PPKS": "Fakir Miskin",
            "Status": "Terverifikasi",
            "Tanggal Verifikasi": _tgl(HARI),
            "Catatan": "Contoh",
        },
    ),
    Jenis(
        "psks",
        impor_psks,
        "PSKS",
        lambda: {
            "Jenis PSKS": "Karang Taruna",
            "Nama": "Karang Taruna Bina Muda (contoh)",
            "Perorangan/Lembaga": "Lembaga",
            "Desa": "Sigam",
            "Ketua": "Budi",
            "Status": "Aktif",
        },
    ),
    Jenis(
        "rekap",
        impor_rekap,
        "Rekap",
        lambda: {
            "Tahun": TODAY.year,
            "Desa": "Sigam",
            "Kategori": "PPKS-09",
            "Jumlah Dilaporkan Desa": 12,
            "Jumlah Temuan TKSK": 15,
            "Sumber": "Musdes",
        },
    ),
    Jenis(
        "wilayah",
        impor_wilayah,
        "Wilayah",
        lambda: {"Kode Desa": "16.03.06.2021", "Nama Desa": "Sigam", "Dusun": "Dusun I"},
    ),
    Jenis(
        "kegiatan",
        impor_kegiatan,
        "Kegiatan",
        lambda: {
            "Tanggal": _tgl(HARI),
            "Jam Mulai": "09:00",
            "Jam Selesai": "11.30",
            "Fungsi": "Koordinasi",
            "Bentuk": "Menyamakan persepsi",
            "Program": "bpnt",
            "Desa": "Sigam",
            "Judul": "Rapat koordinasi penyaluran BPNT (contoh)",
            "Uraian": "Rapat bersama pendamping",
            "Hasil": "Jadwal disepakati",
            "Peserta L": 12,
            "Peserta P": "15",
            "Mitra": "dinsos_kab",
            "Status": "Final",
        },
    ),
    Jenis(
        "rujukan",
        impor_rujukan,
        "Rujukan",
        lambda: {
            "Tanggal": _tgl(HARI),
            "NIK Klien": BUDI,
            "Kebutuhan": "Pemeriksaan kesehatan",
            "Instansi": "puskesmas",
            "Persetujuan": "Ada",
        },
    ),
)
JENIS_ID = [j.nama for j in JENIS]


def siapkan_kantor(admin: Any) -> None:
    """What the importers' valid rows need besides the office: an active TKSK (kegiatan,
    rujukan) and a registry person with NIK :data:`BUDI` (rujukan)."""
    from conftest import appoint_tksk

    from kecamatan_app.services import desa
    from kecamatan_app.services import registri as reg

    appoint_tksk(admin)
    sigam = desa.resolve("Sigam")
    assert sigam is not None
    reg.create_warga(
        admin,
        reg.WargaData(
            nik=BUDI,
            nama="Budi Santoso (contoh)",
            jenis_kelamin="L",
            tanggal_lahir=dt.date(1999, 3, 12),
            desa_id=sigam.id,
        ),
    )


# -- the database ---------------------------------------------------------------------------------


def jejak() -> str:
    """A digest of every row of every table: equal before and after means nothing was written
    (no insert, update or delete, the audit trail included)."""
    db = database.obj
    h = hashlib.sha256()
    for model in ALL_MODELS:
        table = model._meta.table_name
        h.update(table.encode())
        for row in db.execute_sql(f'SELECT * FROM "{table}" ORDER BY 1'):
            h.update(repr(row).encode())
    return h.hexdigest()


def jumlah_impor_diaudit() -> int:
    from kecamatan_app.models import JejakAudit

    return JejakAudit.select().where(JejakAudit.aksi == "impor").count()


def terlalu_panjang() -> list[str]:
    """Text columns holding more characters than declared (PostgreSQL would refuse them)."""
    from peewee import CharField

    db = database.obj
    out = []
    for model in ALL_MODELS:
        for fld in model._meta.sorted_fields:
            if isinstance(fld, CharField) and fld.max_length:
                table, col = model._meta.table_name, fld.column_name
                longest = db.execute_sql(f'SELECT max(length("{col}")) FROM "{table}"').fetchone()
                if longest and longest[0] and longest[0] > fld.max_length:
                    out.append(f"{table}.{col}: {longest[0]} > {fld.max_length}")
    return out


def berkas_terbuka(path: Path) -> list[str]:
    """This process's file descriptors that point at ``path`` (Linux: /proc/self/fd)."""
    target = str(Path(path).resolve())
    out = []
    for fd in os.listdir("/proc/self/fd"):
        try:
            if os.readlink(f"/proc/self/fd/{fd}") == target:
                out.append(fd)
        except OSError:
            continue
    return out


# -- cell values ----------------------------------------------------------------------------------

_XML_OK = st.characters(blacklist_categories=("Cs",)).filter(
    lambda c: not ILLEGAL_CHARACTERS_RE.match(c)
)
_ANY_CHAR = st.characters(blacklist_categories=("Cs",))
_UNICODE_DIGITS = ["١٢٣٤", "１６０３", "²³", "߁߂", "৪৫", "16 03 06", "16.03.06", "1603-06"]
_FORMULAS = ["=1+1", "=A2", '=UPPER("budi")', "=#REF!", "=SUM(A1:A3)", "=1/0", "=NOW()"]
_TEXTS = st.text(_XML_OK, max_size=40)


def _panjang(chars: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """Long text: one to 10.000 copies of a short piece (emoji, accents, zero-width space...)."""
    return st.builds(
        lambda s, n: (s * n)[:10_000],
        st.text(chars, min_size=1, max_size=3),
        st.integers(1, 10_000),
    )


def _tanggal_teks() -> st.SearchStrategy[str]:
    part = st.integers(-5, 10_050).map(str)
    return st.builds(
        lambda a, s1, b, s2, c: f"{a}{s1}{b}{s2}{c}",
        part,
        st.sampled_from("-/. "),
        part,
        st.sampled_from("-/. "),
        part,
    )


def nilai_sel(pilihan: Sequence[str] = ()) -> st.SearchStrategy[Any]:
    """Any value a workbook cell can hand the importer, mostly wrong for its column."""
    parts: list[st.SearchStrategy[Any]] = [
        st.none(),
        _TEXTS,
        st.text("0123456789", max_size=20),
        st.builds(
            lambda d, n: (d * n)[:n],
            st.text("0123456789", min_size=1, max_size=4),
            st.integers(4_301, 4_400),
        ),  # beyond int()'s limit of 4.300 digits
        st.sampled_from(_UNICODE_DIGITS),
        _tanggal_teks(),
        st.integers(-(10**20), 10**20),
        st.floats(allow_nan=False, allow_infinity=False),
        st.booleans(),
        st.datetimes(min_value=dt.datetime(1900, 1, 1), max_value=dt.datetime(9999, 12, 31)),
        st.dates(min_value=dt.date(1900, 1, 1)),
        st.times(),
        st.timedeltas(min_value=dt.timedelta(0), max_value=dt.timedelta(days=5000)),
        st.sampled_from(ERROR_CODES),
        st.sampled_from(_FORMULAS),
        _panjang(_XML_OK),
    ]
    if pilihan:
        parts.append(st.sampled_from(list(pilihan)))
    return st.one_of(parts)


def nilai_liar() -> st.SearchStrategy[Any]:
    """Values no workbook gives but a careless caller might: control characters, NUL, NaN,
    infinities, ints of thousands of digits."""
    return st.one_of(
        nilai_sel(),
        st.text(_ANY_CHAR, max_size=30),
        st.text(
            st.sampled_from("\x00\x01\x07\x08\x0b\x0c\x1b\x7f\u200b\u202e\ufeff"),
            min_size=1,
            max_size=10,
        ),
        st.floats(),
        st.integers(10**4000, 10**4200),
        _panjang(_ANY_CHAR),
    )


def pilihan_semua(jenis: Jenis) -> list[str]:
    """Every value of every drop-down of the importer (valid somewhere, maybe not here)."""
    return sorted({v for c in jenis.modul.columns() for v in c.choices}) or ["Ya"]


def baris_acak(jenis: Jenis, nilai: st.SearchStrategy[Any]) -> st.SearchStrategy[dict[str, Any]]:
    """The importer's valid row with any of its columns replaced by ``nilai``."""
    ganti = st.fixed_dictionaries({}, optional={h: nilai for h in jenis.judul})
    return ganti.map(lambda over: {**jenis.contoh(), **over})


# -- workbooks ------------------------------------------------------------------------------------


def tulis(
    path: Path,
    sheet: str,
    headers: Sequence[Any],
    rows: Sequence[Sequence[Any]],
    *,
    mulai: int = 1,
    merge: Sequence[str] = (),
) -> Path:
    """A workbook: ``headers`` on row ``mulai``, then ``rows``; ``merge`` ranges merged."""
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = sheet
    for idx, value in enumerate(headers, 1):
        ws.cell(mulai, idx, value)
    for r, row in enumerate(rows, mulai + 1):
        for idx, value in enumerate(row, 1):
            if value is not None:
                ws.cell(r, idx, value)
    for area in merge:
        ws.merge_cells(area)
    wb.save(path)
    return path


def tulis_baris(path: Path, jenis: Jenis, rows: Sequence[dict[str, Any]], **kw: Any) -> Path:
    headers = jenis.judul
    return tulis(path, jenis.lembar, headers, [[r.get(h) for h in headers] for r in rows], **kw)


def ubah_bagian(src: Path, dest: Path, part: str, edit: Callable[[bytes], bytes]) -> Path:
    """A copy of the workbook ``src`` whose zip part ``part`` is replaced by ``edit(old)``."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            zout.writestr(info.filename, edit(data) if info.filename == part else data)
    return dest


LEMBAR1 = "xl/worksheets/sheet1.xml"
BOM_BAGIAN = "xl/worksheets/sheet1.xml"
#: Bytes of zeros in the zip bomb's part (1 GiB); the file itself is about 1 MB.
BOM_UKURAN = 1 << 30


class _Deflate9:
    """zipfile's compressor for a stream of zeros, precomputed: deflate level 9, flushed after
    every MiB so that each MiB packs to the same bytes (writing 1 GiB then takes a second)."""

    def __init__(self, chunk: int) -> None:
        c = zlib.compressobj(9, zlib.DEFLATED, -15)
        self.block = c.compress(b"\0" * chunk) + c.flush(zlib.Z_FULL_FLUSH)
        self.chunk = chunk
        self.end = c.flush(zlib.Z_FINISH)

    def compress(self, data: bytes) -> bytes:
        assert len(data) == self.chunk  # bom_zip writes only MiBs of zeros
        return self.block

    def flush(self) -> bytes:
        return self.end


def bom_zip(dest: Path, base: Path) -> Path:
    """A workbook whose first sheet is 1 GiB of zeros packed with deflate level 9, written by
    zipfile as a stream (zip64); the other parts come from the real workbook ``base``."""
    chunk = 1 << 20
    with (
        zipfile.ZipFile(base) as zin,
        zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zout,
    ):
        for info in zin.infolist():
            if info.filename != BOM_BAGIAN:
                zout.writestr(info.filename, zin.read(info))
        with zout.open(BOM_BAGIAN, "w", force_zip64=True) as fh:
            fh._compressor = _Deflate9(chunk)  # type: ignore[attr-defined]
            zeros = b"\0" * chunk
            for _ in range(BOM_UKURAN // chunk):
                fh.write(zeros)
    return dest


def zip_berbohong(dest: Path, base: Path, declared: int, parts: int = 120) -> Path:
    """A workbook plus ``parts`` small parts whose zip directory declares ``declared`` bytes
    each once unpacked (a bomb that lies about its size; the directory is all the app reads)."""
    with zipfile.ZipFile(base) as zin, zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info.filename, zin.read(info))
        for i in range(parts):
            zout.writestr(f"xl/media/isi{i}.bin", b"\0" * 1000)
    data = bytearray(dest.read_bytes())
    cd_sig = b"PK\x01\x02"
    pos = data.find(cd_sig)
    while pos != -1:
        name_len = struct.unpack_from("<H", data, pos + 28)[0]
        name = bytes(data[pos + 46 : pos + 46 + name_len])
        if name.startswith(b"xl/media/isi"):
            struct.pack_into("<I", data, pos + 24, declared)  # uncompressed size
        pos = data.find(cd_sig, pos + 46)
    dest.write_bytes(bytes(data))
    return dest


def acak_bytes(n: int, seed: int = 7) -> bytes:
    data = random.Random(seed).randbytes(n)
    return b"\x8a\x13" + data[2:]  # no signature of a known format
