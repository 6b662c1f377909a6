"""Documentation photos: checked, turned upright, shrunk, stripped of every metadata (GPS
included) and stored once by content hash, with a small thumbnail beside each.

A photo is re-encoded as JPEG from its pixels, so nothing of the camera's EXIF block (position,
owner, device serial) survives. A file that is not a readable JPEG/PNG/WebP image, or that
declares an absurd size (a decompression bomb), is refused with a message.
"""

from __future__ import annotations

import io
import os
import warnings
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

from . import lampiran
from .errors import ValidationError

#: Longest side of a stored photo and of its thumbnail (pixels).
SISI_MAKS = 1600
SISI_MINIATUR = 240
MUTU_JPEG = 82
#: Largest accepted upload (bytes) and largest declared image (pixels): 15 MB, 60 megapixels.
MAKS_BYTES = 15 * 1024 * 1024
MAKS_PIKSEL = 60_000_000
_FORMATS = ("JPEG", "PNG", "WEBP")
_GPS_TAG = 0x8825
_MAGIC = (b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n")


@dataclass(frozen=True)
class FotoSiap:
    """A photo ready to store: the re-encoded image and its thumbnail."""

    data: bytes
    miniatur: bytes
    lebar: int
    tinggi: int
    ada_gps: bool  # the original carried a GPS block (now removed)


def _refuse(name: str, why: str) -> ValidationError:
    return ValidationError.single("foto", f"Foto {name} {why}")


def _jpeg(img: Image.Image, quality: int) -> bytes:
    out = io.BytesIO()
    img.save(out, "JPEG", quality=quality, optimize=True, progressive=True)
    return out.getvalue()


def _rgb(img: Image.Image) -> Image.Image:
    if img.mode in ("RGBA", "LA", "P"):
        img = img.convert("RGBA")
        base = Image.new("RGB", img.size, (255, 255, 255))
        base.paste(img, mask=img.getchannel("A"))
        return base
    return img.convert("RGB") if img.mode != "RGB" else img


def _looks_like_image(data: bytes) -> bool:
    """The file starts like a JPEG, PNG or WebP (so an unreadable one is damaged, not another
    kind of file)."""
    return data.startswith(_MAGIC) or (data[:4] == b"RIFF" and data[8:12] == b"WEBP")


def prepare(data: bytes, name: str, max_bytes: int = MAKS_BYTES) -> FotoSiap:
    """Check and re-encode one photo; raises :class:`ValidationError` with the reason."""
    name = Path(name).name or "foto"
    if not data:
        raise _refuse(name, "kosong.")
    if len(data) > max_bytes:
        raise _refuse(name, f"terlalu besar ({len(data) / 1_048_576:.1f} MB); paling besar "
                            f"{max_bytes / 1_048_576:.0f} MB.")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                if probe.format not in _FORMATS:
                    raise _refuse(name, "bukan JPG, PNG atau WebP. Simpan ulang sebagai JPG.")
                w, h = probe.size
                if w * h > MAKS_PIKSEL:
                    raise _refuse(name, f"berukuran {w} x {h} piksel, terlalu besar untuk "
                                        "diproses. Perkecil dahulu.")
                probe.verify()
            with Image.open(io.BytesIO(data)) as img:
                ada_gps = bool(img.getexif().get_ifd(_GPS_TAG))
                img.load()
                upright = ImageOps.exif_transpose(img) or img
                rgb = _rgb(upright)
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        # Pillow refuses to open a declared size far above its limit before we can read it
        raise _refuse(name, "berukuran terlalu besar untuk diproses (lebih dari "
                            f"{MAKS_PIKSEL // 1_000_000} juta piksel). Perkecil dahulu.") from exc
    except UnidentifiedImageError as exc:
        if not _looks_like_image(data):  # a PDF, a document, a renamed file
            raise _refuse(name, "bukan JPG, PNG atau WebP (isinya bukan gambar). Pilih berkas "
                                "fotonya, atau simpan ulang sebagai JPG.") from exc
        raise _refuse(name, "rusak atau bukan gambar (isinya tidak dapat dibaca). Ambil atau "
                            "salin ulang fotonya.") from exc
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        raise _refuse(name, "rusak atau terpotong (isinya tidak dapat dibaca). Ambil atau salin "
                            "ulang fotonya.") from exc
    rgb.thumbnail((SISI_MAKS, SISI_MAKS), Image.Resampling.LANCZOS)
    main = _jpeg(rgb, MUTU_JPEG)
    thumb = rgb.copy()
    thumb.thumbnail((SISI_MINIATUR, SISI_MINIATUR), Image.Resampling.LANCZOS)
    return FotoSiap(main, _jpeg(thumb, 75), rgb.width, rgb.height, ada_gps)


def read_path(path: str | os.PathLike[str], max_bytes: int = MAKS_BYTES) -> tuple[bytes, str]:
    """Read a photo file from disk, refusing an oversized one before reading it whole."""
    p = Path(path)
    try:
        size = p.stat().st_size
        if size > max_bytes:
            raise _refuse(p.name, f"terlalu besar ({size / 1_048_576:.1f} MB); paling besar "
                                  f"{max_bytes / 1_048_576:.0f} MB.")
        return p.read_bytes(), p.name
    except OSError as exc:
        raise _refuse(p.name, f"tidak dapat dibaca: {exc.strerror}.") from exc


def store(siap: FotoSiap, name: str) -> tuple[lampiran.StoredFile, lampiran.StoredFile]:
    """Store a prepared photo and its thumbnail (call inside the transaction that links them)."""
    stem = Path(name).stem or "foto"
    main = lampiran.store_bytes(siap.data, f"{stem}.jpg", allowed=("image/jpeg",))
    thumb = lampiran.store_bytes(siap.miniatur, f"{stem}-miniatur.jpg", allowed=("image/jpeg",))
    return main, thumb


def store_path(path: str | os.PathLike[str]) -> lampiran.StoredFile:
    """Check, clean and store one photo file; returns the stored photo (its thumbnail is kept
    beside it). Used where a record holds a single photo (a PPKS record)."""
    data, name = read_path(path)
    main, _thumb = store(prepare(data, name), name)
    return main
