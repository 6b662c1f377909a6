"""Documentation photos: re-encoded without EXIF/GPS, upright, thumbnailed, stored once by hash;
bad files refused with a message and nothing written."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from kecamatan_app.models import KegiatanFoto, Lampiran
from kecamatan_app.services import foto, kegiatan
from kecamatan_app.services.context import Actor
from kecamatan_app.services.errors import Conflict, NotFound, ValidationError
from kecamatan_app.services.kegiatan import FotoData
from tests.db_bantu import damage_content, stored_contents
from tests.kegiatan_bantu import (
    counts,
    data,
    fields,
    jpeg,
    pattern,
    png,
    png_header,
    write,
)


def _open(raw: bytes) -> Image.Image:
    img = Image.open(io.BytesIO(raw))
    img.load()
    return img


def _is_blue(px: tuple[int, ...]) -> bool:
    return px[2] > 150 and px[0] < 80


def _is_red(px: tuple[int, ...]) -> bool:
    return px[0] > 150 and px[2] < 80


def test_gps_photo_is_stored_without_exif_and_with_a_small_thumbnail(
        admin: Actor, tksk_aktif: int, tmp_path: Path) -> None:
    original = jpeg(pattern((1200, 900)), gps=True)
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(0x8825)  # the input has GPS
    path = write(tmp_path, "IMG_0001.jpg", original)
    saved = kegiatan.create(admin, data(foto=[FotoData(path=path, keterangan="  Rapat  ")]))
    assert saved.gps_dibuang == 1
    (info,) = kegiatan.photos(admin, saved.id)
    assert info.keterangan == "Rapat" and info.urutan == 1 and info.thumbnail_id
    stored = kegiatan.photo_bytes(admin, info.id)
    assert stored.startswith(b"\xff\xd8\xff") and stored != original
    for secret in (b"Exif", b"KameraContoh", b"PerangkatRahasia"):
        assert secret not in stored
    img = _open(stored)
    assert img.format == "JPEG" and img.size == (1200, 900)
    assert not img.getexif() and not img.getexif().get_ifd(0x8825)
    thumb = kegiatan.photo_bytes(admin, info.id, miniatur=True)
    small = _open(thumb)
    assert small.format == "JPEG" and max(small.size) == foto.SISI_MINIATUR
    assert len(thumb) < len(stored) / 3 and b"Exif" not in thumb
    assert Lampiran.get_by_id(info.lampiran_id).jenis_mime == "image/jpeg"
    assert len(stored_contents()) == 2  # the photo and its thumbnail


def test_a_photo_without_gps_is_counted_as_such(admin: Actor, tksk_aktif: int,
                                                tmp_path: Path) -> None:
    path = write(tmp_path, "a.jpg", jpeg())
    assert kegiatan.create(admin, data(foto=[FotoData(path=path)])).gps_dibuang == 0


def test_exif_orientation_is_applied(admin: Actor, tksk_aktif: int, tmp_path: Path) -> None:
    # stored sideways (400 x 300, blue on the left); orientation 6 = turn 90 degrees clockwise
    path = write(tmp_path, "miring.jpg", jpeg(pattern((400, 300)), orientation=6))
    saved = kegiatan.create(admin, data(foto=[FotoData(path=path)]))
    img = _open(kegiatan.photo_bytes(admin, kegiatan.photos(admin, saved.id)[0].id))
    assert img.size == (300, 400)
    assert _is_blue(img.getpixel((150, 20)))  # the blue strip is now on top
    assert _is_red(img.getpixel((150, 380)))
    assert not img.getexif().get(0x0112)  # and no orientation tag left to turn it twice


def test_big_photo_is_shrunk(admin: Actor, tksk_aktif: int, tmp_path: Path) -> None:
    path = write(tmp_path, "besar.jpg", jpeg(pattern((4000, 2000))))
    saved = kegiatan.create(admin, data(foto=[FotoData(path=path)]))
    img = _open(kegiatan.photo_bytes(admin, kegiatan.photos(admin, saved.id)[0].id))
    assert img.size == (foto.SISI_MAKS, foto.SISI_MAKS // 2)


def test_png_with_transparency_is_stored_on_white(admin: Actor, tksk_aktif: int,
                                                   tmp_path: Path) -> None:
    img = pattern((200, 100), mode="RGBA")
    img.paste((0, 0, 0, 0), (150, 0, 200, 100))  # right quarter fully transparent
    path = write(tmp_path, "logo.png", png(img))
    saved = kegiatan.create(admin, data(foto=[FotoData(path=path)]))
    stored = _open(kegiatan.photo_bytes(admin, kegiatan.photos(admin, saved.id)[0].id))
    assert stored.format == "JPEG" and stored.mode == "RGB" and stored.size == (200, 100)
    assert min(stored.getpixel((190, 50))) > 240  # transparent became white, not black
    assert _is_red(stored.getpixel((100, 50))) and _is_blue(stored.getpixel((10, 50)))


def test_the_same_photo_is_stored_once(admin: Actor, tksk_aktif: int, tmp_path: Path) -> None:
    content = jpeg(gps=True)
    first = write(tmp_path, "satu.jpg", content)
    second = write(tmp_path, "dua.jpg", content)
    a = kegiatan.create(admin, data(foto=[FotoData(path=first)]))
    b = kegiatan.create(admin, data(judul="Rapat lanjutan", foto=[FotoData(path=second)]))
    pa, pb = kegiatan.photos(admin, a.id)[0], kegiatan.photos(admin, b.id)[0]
    assert (pa.lampiran_id, pa.thumbnail_id) == (pb.lampiran_id, pb.thumbnail_id)
    assert Lampiran.select().count() == 2 and len(stored_contents()) == 2
    assert KegiatanFoto.select().count() == 2
    kegiatan.delete(admin, a.id, a.versi)  # the other activity keeps its photo
    assert KegiatanFoto.select().count() == 1 and len(stored_contents()) == 2
    assert kegiatan.photo_bytes(admin, pb.id).startswith(b"\xff\xd8")


def _sparse(tmp_path: Path, name: str, size: int) -> str:
    path = tmp_path / name
    with path.open("wb") as fh:
        fh.truncate(size)
    return str(path)


def _corrupt() -> bytes:
    raw = bytearray(jpeg(pattern((300, 300)), quality=90))
    for i in range(400, len(raw) - 100):
        raw[i] = 0
    return bytes(raw)


BAD: dict[str, tuple[str, object, str]] = {
    "truncated jpeg": ("potong.jpg", lambda: jpeg(pattern((600, 400)))[:4000],
                       "rusak atau terpotong"),
    "truncated png": ("potong.png", lambda: png(pattern((300, 300)))[:300],
                      "rusak atau terpotong"),
    "corrupt jpeg": ("rusak.jpg", _corrupt, "rusak atau terpotong"),
    "not an image": ("catatan.jpg", lambda: b"Ini catatan rapat, bukan foto.\n" * 20,
                     "bukan JPG, PNG atau WebP (isinya bukan gambar)"),
    "pdf": ("surat.pdf", lambda: b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n",
            "bukan JPG, PNG atau WebP"),
    "jpeg header only": ("awal.jpg", lambda: jpeg()[:20], "rusak atau bukan gambar"),
    "empty": ("kosong.jpg", lambda: b"", "kosong"),
    "gif": ("animasi.gif", lambda: _gif(), "bukan JPG, PNG atau WebP"),
    "too many pixels": ("bom.png", lambda: png_header(8000, 8000),
                        "8000 x 8000 piksel, terlalu besar"),
    "decompression bomb": ("bom.png", lambda: png_header(30000, 30000),
                           "terlalu besar untuk diproses"),
}


def _gif() -> bytes:
    out = io.BytesIO()
    pattern((50, 50)).save(out, "GIF")
    return out.getvalue()


@pytest.mark.parametrize("case", list(BAD))
def test_bad_photo_is_refused_and_nothing_written(
        admin: Actor, tksk_aktif: int, tmp_path: Path, case: str) -> None:
    name, make, text = BAD[case]
    assert callable(make)
    good = write(tmp_path, "baik.jpg", jpeg())
    bad = write(tmp_path, name, make())
    before = counts()
    with pytest.raises(ValidationError) as err:
        kegiatan.create(admin, data(foto=[FotoData(path=good), FotoData(path=bad)]))
    assert fields(err.value) == {"foto"}
    assert f"Foto {name}" in str(err.value) and text in str(err.value)
    assert counts() == before and stored_contents() == set()


def test_oversized_file_is_refused_before_reading(admin: Actor, tksk_aktif: int,
                                                  tmp_path: Path) -> None:
    path = _sparse(tmp_path, "raksasa.jpg", foto.MAKS_BYTES + 1)
    before = counts()
    with pytest.raises(ValidationError, match=r"raksasa\.jpg terlalu besar \(15\.0 MB\); "
                                              r"paling besar 15 MB") as err:
        kegiatan.create(admin, data(foto=[FotoData(path=path)]))
    assert fields(err.value) == {"foto"}
    assert counts() == before and stored_contents() == set()
    with pytest.raises(ValidationError, match="terlalu besar"):
        foto.prepare(jpeg(), "kecil.jpg", max_bytes=100)


def test_missing_file_is_refused(admin: Actor, tksk_aktif: int, tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match=r"hilang\.jpg tidak dapat dibaca"):
        kegiatan.create(admin, data(foto=[FotoData(path=str(tmp_path / "hilang.jpg"))]))
    assert counts()["kegiatan"] == 0


def test_update_keeps_reorders_adds_and_removes_photos(
        admin: Actor, tksk_aktif: int, tmp_path: Path) -> None:
    a = write(tmp_path, "a.jpg", jpeg(pattern((300, 200))))
    b = write(tmp_path, "b.jpg", jpeg(pattern((200, 300))))
    saved = kegiatan.create(admin, data(foto=[FotoData(path=a, keterangan="A"),
                                              FotoData(path=b, keterangan="B")]))
    d, versi = kegiatan.data_of(admin, saved.id)
    fa, fb = d.foto
    assert (fa.keterangan, fb.keterangan) == ("A", "B") and fa.id and not fa.path
    c = write(tmp_path, "c.png", png(pattern((120, 80))))
    fb.keterangan = "B di depan"
    d.foto = [fb, FotoData(path=c, keterangan="C")]  # A removed, B first, C added
    kegiatan.update(admin, saved.id, d, versi)
    rows = kegiatan.photos(admin, saved.id)
    assert [(r.id, r.keterangan, r.urutan) for r in rows[:1]] == [(fb.id, "B di depan", 1)]
    assert [(r.keterangan, r.urutan) for r in rows] == [("B di depan", 1), ("C", 2)]
    assert KegiatanFoto.select().count() == 2


def test_photo_ids_must_belong_to_the_activity(admin: Actor, tksk_aktif: int,
                                              tmp_path: Path) -> None:
    other = kegiatan.create(admin, data(foto=[FotoData(path=write(tmp_path, "x.jpg",
                                                                  jpeg()))]))
    stranger = kegiatan.photos(admin, other.id)[0].id
    saved = kegiatan.create(admin, data(judul="Rapat lain"))
    d, versi = kegiatan.data_of(admin, saved.id)
    d.foto = [FotoData(id=stranger)]
    before = counts()
    with pytest.raises(Conflict, match="foto"):
        kegiatan.update(admin, saved.id, d, versi)
    with pytest.raises(Conflict, match="foto"):
        kegiatan.create(admin, data(foto=[FotoData(id=stranger)]))
    assert counts() == before and kegiatan.photos(admin, saved.id) == []


def test_a_changed_file_on_disk_is_not_shown(admin: Actor, tksk_aktif: int,
                                            tmp_path: Path) -> None:
    saved = kegiatan.create(admin, data(foto=[FotoData(path=write(tmp_path, "x.jpg",
                                                                  jpeg()))]))
    info = kegiatan.photos(admin, saved.id)[0]
    good = kegiatan.photo_bytes(admin, info.id)
    damage_content(info.lampiran_id, good[:-10] + b"0123456789")
    with pytest.raises(NotFound, match="rusak"):
        kegiatan.photo_bytes(admin, info.id)
    with pytest.raises(NotFound):
        kegiatan.photo_bytes(admin, 99_999)
