"""Checking an import file before any reader opens it (no Qt).

The file's size is checked against the setting ``impor.maks_mb``; its first bytes tell an empty
file, an old ``.xls``, a password-protected workbook, a CSV, HTML or PDF from a workbook; and the
zip directory is inspected so that a "zip bomb" is refused without unpacking it. Only the first
bytes and the zip directory are read. The messages (Indonesian) of a file that cannot be opened,
is no workbook or is damaged live here too, shared by the readers (:mod:`impor_baca`,
:mod:`impor_baca_openpyxl`). See docs/fuzz-dan-batas-impor.md.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import struct
import zipfile
import zlib
from pathlib import Path

from peewee import PeeweeException

from ..models import database
from . import settings as app_settings
from .errors import AppError
from .errors import DatabaseError as AppDatabaseError
from .formatting import angka

_MB = 1024 * 1024
#: Zip bomb guards: unpacked, the parts together may be ``_UNPACKED_FACTOR`` times the size
#: limit (at least ``_MIN_UNPACKED``); a part over ``_RATIO_FROM`` unpacked may be packed at
#: most ``_MAX_RATIO`` times (real sheets pack 5-30 times); at most ``_MAX_PARTS`` parts.
_UNPACKED_FACTOR = 20
_MIN_UNPACKED = 256 * _MB
_RATIO_FROM = 4 * _MB
_MAX_RATIO = 200
_MAX_PARTS = 10_000
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")
_RESAVE = (
    "Buka di Excel lalu simpan ulang sebagai 'Buku Kerja Excel (*.xlsx)', kemudian ulangi impor."
)
SETTING_HINT = "Pengaturan > Keamanan"
log = logging.getLogger(__name__)


class ImportFileError(AppError):
    """The file as a whole cannot be imported (missing, not a workbook, no headers, too big)."""


# -- limits -------------------------------------------------------------------------------------


def _setting(key: str) -> int:
    """The integer setting ``key``; its default when no database is open (a bare read)."""
    default = int(app_settings.SETTINGS[key].default)
    if database.obj is None:
        return default
    try:
        return int(app_settings.get(key))
    except (PeeweeException, sqlite3.Error, AppDatabaseError):
        log.warning("Pengaturan %s tidak terbaca; dipakai nilai bawaan", key, exc_info=True)
        return default


def size_limit_mb() -> int:
    """The largest file an import opens, in MB (setting ``impor.maks_mb``)."""
    return _setting("impor.maks_mb")


def row_limit() -> int:
    """The data rows one import may hold (setting ``impor.maks_baris``)."""
    return _setting("impor.maks_baris")


# -- checking the file before a reader sees it ---------------------------------------------------


def cannot_open(src: Path, exc: OSError) -> ImportFileError:
    return ImportFileError(
        f"Berkas {src.name} tidak dapat dibuka. Tutup berkas itu di Excel bila sedang terbuka "
        "dan pastikan Anda berhak membacanya, lalu ulangi. "
        f"(Keterangan sistem: {exc.strerror or exc})"
    )


def not_xlsx(src: Path) -> ImportFileError:
    return ImportFileError(
        f"Berkas {src.name} bukan buku kerja Excel (.xlsx) atau rusak. Buka di Excel lalu "
        "simpan ulang sebagai 'Buku Kerja Excel (*.xlsx)', kemudian ulangi impor."
    )


def damaged(src: Path) -> ImportFileError:
    return ImportFileError(
        f"Berkas {src.name} rusak dan tidak dapat dibaca. Buka di Excel, "
        "simpan ulang sebagai .xlsx, lalu ulangi."
    )


def _contains(src: Path, needle: bytes) -> bool:
    """Whether ``needle`` occurs in the file (read in pieces; the size was checked first)."""
    tail = b""
    with src.open("rb") as fh:
        while chunk := fh.read(_MB):
            if needle in tail + chunk:
                return True
            tail = chunk[-len(needle) :]
    return False


def _looks_like_text(head: bytes) -> str | None:
    """The text at the start of the file (BOM removed), or None when it is binary."""
    for bom, codec in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"),
                       (b"\xfe\xff", "utf-16-be")):  # fmt: skip
        if head.startswith(bom):
            head, encoding = head[len(bom) :], codec
            break
    else:
        encoding = "utf-8"
    shown = head.decode(encoding, errors="replace")
    if not shown:
        return None
    odd = sum(1 for c in shown if (c < " " and c not in "\t\r\n") or c == "\ufffd")
    return shown if odd <= len(shown) // 50 else None


def _not_a_zip(src: Path, head: bytes) -> ImportFileError:
    """The message for a file that is not a zip (so not a workbook): say what it looks like."""
    name = src.name
    if head.startswith(_OLE2):
        if _contains(src, _ENCRYPTED):
            return ImportFileError(
                f"Berkas {name} dilindungi kata sandi (terenkripsi) sehingga tidak dapat dibaca. "
                "Buka di Excel, hapus kata sandinya (File > Info > Lindungi Buku Kerja > "
                "Enkripsi dengan Kata Sandi, kosongkan), simpan, lalu ulangi impor."
            )
        return ImportFileError(
            f"Berkas {name} memakai format Excel lama (.xls): simpan ulang sebagai .xlsx "
            "(di Excel: File > Simpan Sebagai > 'Buku Kerja Excel (*.xlsx)'), lalu ulangi impor."
        )
    if head.startswith(b"%PDF"):
        return ImportFileError(
            f"Berkas {name} adalah dokumen PDF, bukan buku kerja Excel (.xlsx). Pilih berkas "
            "Excel-nya, atau salin tabelnya ke Excel dan simpan sebagai .xlsx, lalu ulangi."
        )
    shown = _looks_like_text(head)
    if shown is not None:
        lowered = shown.lstrip().casefold()
        if "urn:schemas-microsoft-com:office:spreadsheet" in lowered:
            kind = "format XML Spreadsheet 2003"
        elif lowered.startswith("<") and ("<html" in lowered or "<table" in lowered):
            kind = "halaman web (HTML)"
        elif lowered.startswith("<"):
            kind = "berkas XML"
        else:
            kind = "teks biasa (mungkin CSV)"
        return ImportFileError(
            f"Berkas {name} berisi {kind}, bukan buku kerja Excel (.xlsx). {_RESAVE}"
        )
    return not_xlsx(src)


def _bomb(src: Path, unpacked: int, size: int, why: str) -> ImportFileError:
    return ImportFileError(
        f"Berkas {src.name} tidak dibuka: berukuran {size_text(size)} tetapi isinya bila diurai "
        f"menjadi {size_text(unpacked)} ({why}). Berkas seperti ini rusak atau sengaja dibuat "
        "berbahaya ('bom zip'). Buka data aslinya di Excel, simpan ulang sebagai .xlsx, "
        "lalu ulangi."
    )


def size_text(size: int) -> str:
    """``812 byte``, ``14,2 KB``, ``1,3 MB``."""
    if size < 1024:
        return f"{angka(size)} byte"
    if size < _MB:
        return f"{angka(round(size / 1024, 1))} KB"
    return f"{angka(round(size / _MB, 1))} MB"


def _check_zip(src: Path, size: int, limit: int) -> None:
    """Refuse a zip that is no workbook, is locked, or unpacks to far more than its size."""
    try:
        with zipfile.ZipFile(src) as zf:
            parts = zf.infolist()
            if len(parts) > _MAX_PARTS:
                raise ImportFileError(
                    f"Berkas {src.name} tidak dibuka: berisi {angka(len(parts))} bagian, jauh "
                    f"lebih banyak dari buku kerja biasa. Berkas ini rusak atau bukan buku kerja "
                    f"Excel (.xlsx). {_RESAVE}"
                )
            total = 0
            for part in parts:
                if part.flag_bits & 0x1:
                    raise ImportFileError(
                        f"Berkas {src.name} terkunci kata sandi sehingga tidak dapat dibaca. "
                        f"Simpan ulang tanpa kata sandi sebagai .xlsx, lalu ulangi."
                    )
                if part.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                    raise ImportFileError(
                        f"Berkas {src.name} dipadatkan dengan cara yang tidak dipakai Excel, "
                        f"jadi bukan buku kerja Excel (.xlsx) biasa. {_RESAVE}"
                    )
                total += part.file_size
                ratio = part.file_size / max(part.compress_size, 1)
                if part.file_size > _RATIO_FROM and ratio > _MAX_RATIO:
                    raise _bomb(src, part.file_size, size, f"satu bagiannya dipadatkan "
                                f"{angka(round(ratio))} kali, buku kerja biasa paling "
                                f"banyak puluhan kali")  # fmt: skip
            bound = max(_UNPACKED_FACTOR * limit * _MB, _MIN_UNPACKED)
            if total > bound:
                raise _bomb(src, total, size, f"batas wajar {size_text(bound)}")
            names = {p.filename for p in parts}
            if "[Content_Types].xml" not in names:
                mimetype = zf.getinfo("mimetype") if "mimetype" in names else None
                if (
                    mimetype is not None
                    and mimetype.file_size < 200
                    and b"opendocument.spreadsheet" in zf.read(mimetype)
                ):
                    raise ImportFileError(
                        f"Berkas {src.name} memakai format OpenDocument (.ods), bukan buku "
                        "kerja Excel (.xlsx). Di LibreOffice atau Excel pilih Simpan Sebagai "
                        "> 'Buku Kerja Excel (*.xlsx)', lalu ulangi impor."
                    )
                raise ImportFileError(
                    f"Berkas {src.name} adalah arsip ZIP, bukan buku kerja Excel (.xlsx). "
                    "Ekstrak dulu berkas Excel di dalamnya, atau pilih berkas yang benar, "
                    "lalu ulangi."
                )
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, struct.error,
            NotImplementedError, RuntimeError, zlib.error) as exc:  # fmt: skip
        log.info("Berkas impor %s bukan zip yang utuh", src, exc_info=True)
        raise damaged(src) from exc
    except OSError as exc:
        raise cannot_open(src, exc) from exc


def check_file(path: str | os.PathLike[str]) -> None:
    """Refuse a file an import must not open: missing, empty, over the size limit, not an
    ``.xlsx`` (an old ``.xls``, CSV, HTML, PDF, a plain zip) or a zip bomb. Reads only the
    first bytes and the zip directory."""
    src = Path(path)
    if not src.is_file():
        raise ImportFileError(f"Berkas {src} tidak ditemukan. Periksa nama dan foldernya.")
    try:
        size = src.stat().st_size
        with src.open("rb") as fh:
            head = fh.read(4096)
    except OSError as exc:
        raise cannot_open(src, exc) from exc
    if size == 0:
        raise ImportFileError(
            f"Berkas {src.name} kosong (0 byte), bukan buku kerja Excel (.xlsx) yang berisi "
            "data. Pilih berkas yang benar, atau isi templat impor lalu simpan, kemudian ulangi."
        )
    limit = size_limit_mb()
    if size > limit * _MB:
        raise ImportFileError(
            f"Berkas {src.name} berukuran {size_text(size)}, melebihi batas {angka(limit)} MB. "
            "Bagi datanya menjadi beberapa berkas, atau minta admin menaikkan batas 'Ukuran "
            f"berkas impor paling besar' di {SETTING_HINT}, lalu ulangi."
        )
    if not head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        try:
            problem = _not_a_zip(src, head)
        except OSError as exc:
            raise cannot_open(src, exc) from exc
        raise problem
    _check_zip(src, size, limit)


# -- reading --------------------------------------------------------------------------------
