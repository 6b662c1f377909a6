"""The office logo printed on the kop surat: checked as a real PNG or JPEG image, turned upright
and re-saved from its pixels so no metadata (EXIF, text chunks, colour profiles) is kept.

A PNG stays PNG so its transparency survives; a JPEG stays JPEG. Used by
:func:`services.kantor.set_logo`; no database, no Qt.
"""

from __future__ import annotations

import io
import os
import warnings
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

from .errors import ValidationError

#: Largest accepted file (bytes) and largest image side (pixels).
MAKS_BYTES = 2 * 1024 * 1024
MAKS_SISI = 4000
_FORMATS = {"PNG": "image/png", "JPEG": "image/jpeg"}
_MAGIC = (b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n")
_PNG_MODES = ("1", "L", "LA", "P", "RGB", "RGBA")


@dataclass(frozen=True)
class LogoSiap:
    """A logo ready to store: the re-saved image, its kind and size."""

    data: bytes
    jenis_mime: str  # image/png or image/jpeg
    nama: str  # stored name, e.g. "logo-kop.png"
    lebar: int
    tinggi: int


def _refuse(why: str) -> ValidationError:
    return ValidationError.single("logo", why)


def read_path(path: str | os.PathLike[str]) -> tuple[bytes, str]:
    """Read the chosen file, refusing an oversized one before reading it whole."""
    p = Path(path)
    try:
        size = p.stat().st_size
        if size > MAKS_BYTES:
            raise _too_big(p.name, size)
        return p.read_bytes(), p.name
    except OSError as exc:
        raise _refuse(f"Berkas logo {p.name} tidak dapat dibaca: {exc.strerror or exc}.") from exc


def _too_big(name: str, size: int) -> ValidationError:
    return _refuse(f"Berkas logo {name} terlalu besar ({size / 1_048_576:.1f} MB); paling besar "
                   f"{MAKS_BYTES // 1_048_576} MB. Perkecil gambarnya dahulu.")


def _not_png_jpeg(name: str) -> ValidationError:
    return _refuse(f"Berkas {name} bukan gambar PNG atau JPG. Simpan logonya sebagai PNG "
                   "(paling baik, latarnya dapat transparan) atau JPG, lalu pilih lagi.")


def _damaged(name: str) -> ValidationError:
    return _refuse(f"Berkas logo {name} rusak atau terpotong (isinya tidak dapat dibaca). "
                   "Salin ulang atau simpan ulang logonya sebagai PNG, lalu pilih lagi.")


def prepare(data: bytes, name: str) -> LogoSiap:
    """Check one logo file's content and re-save it; raises :class:`ValidationError`."""
    name = Path(name).name or "logo"
    if not data:
        raise _refuse(f"Berkas logo {name} kosong.")
    if len(data) > MAKS_BYTES:
        raise _too_big(name, len(data))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                fmt = probe.format or ""
                if fmt not in _FORMATS:
                    raise _not_png_jpeg(name)
                w, h = probe.size
                if w > MAKS_SISI or h > MAKS_SISI:
                    raise _refuse(
                        f"Gambar logo {name} berukuran {w} x {h} piksel; paling besar "
                        f"{MAKS_SISI} x {MAKS_SISI} piksel. Perkecil gambarnya dahulu.")
                probe.verify()
            with Image.open(io.BytesIO(data)) as img:
                img.load()
                upright = ImageOps.exif_transpose(img) or img
                out = _resave(upright, fmt)
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise _refuse(f"Gambar logo {name} terlalu besar untuk diproses. Perkecil gambarnya "
                      "dahulu.") from exc
    except UnidentifiedImageError as exc:
        if not data.startswith(_MAGIC):  # a PDF, a document, a renamed file
            raise _not_png_jpeg(name) from exc
        raise _damaged(name) from exc
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        raise _damaged(name) from exc
    ext = "png" if fmt == "PNG" else "jpg"
    return LogoSiap(out, _FORMATS[fmt], f"logo-kop.{ext}", upright.width, upright.height)


def _resave(img: Image.Image, fmt: str) -> bytes:
    """The image's pixels only: EXIF, text chunks and colour profiles are left behind."""
    buf = io.BytesIO()
    if fmt == "PNG":
        if img.mode not in _PNG_MODES:
            img = img.convert("RGBA")
        transparency = img.info.get("transparency")
        img.info = {}
        options = {"transparency": transparency} if transparency is not None else {}
        img.save(buf, "PNG", optimize=True, **options)
    else:
        if img.mode not in ("L", "RGB"):
            img = img.convert("RGB")
        img.info = {}
        img.save(buf, "JPEG", quality=92, optimize=True)
    return buf.getvalue()
