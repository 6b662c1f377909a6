"""Every altered or unfit package is refused with a message naming what is wrong, and nothing
is written (no package row, no attachment row or file, no audit entry); and who may export and
import packages."""

from __future__ import annotations

import json
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from kecamatan_app.models import PaketBulanan
from kecamatan_app.services import paket_ekspor, paket_format, paket_impor
from kecamatan_app.services.context import Actor
from kecamatan_app.services.errors import Conflict, PermissionDenied
from kecamatan_app.services.paket_format import MANIFEST, PDF, RINGKASAN, sha256, sidik
from tests import dinas_bantu
from tests.paket_bantu import (
    BULAN,
    TAHUN,
    Contoh,
    anggota,
    buat_contoh,
    jejak,
    json_bytes,
    siapkan_dinas,
    tulis_zip,
)

Parts = dict[str, Any]  # members as bytes, plus "m" (manifest) and "r" (summary) as dicts


@pytest.fixture(scope="module")
def contoh(tmp_path_factory: pytest.TempPathFactory) -> Contoh:
    return buat_contoh(tmp_path_factory.mktemp("paket"))


@pytest.fixture
def dinas_admin(db: Any) -> Actor:
    return siapkan_dinas()


def ubah(src: Path, dest: Path, fn: Callable[[Parts], None], hitung_ulang: bool = True,
         urutan: tuple[str, ...] = (MANIFEST, PDF, RINGKASAN)) -> Path:
    """A copy of package ``src`` changed by ``fn``; with ``hitung_ulang`` the summary's and
    PDF's hashes and the manifest's ``sidik`` are computed again (a careful forger), else the
    manifest is written back as changed."""
    parts: Parts = dict(anggota(src))
    parts["m"] = json.loads(parts[MANIFEST])
    parts["r"] = json.loads(parts[RINGKASAN])
    fn(parts)
    m = parts.pop("m")
    r = parts.pop("r")
    if hitung_ulang:
        if RINGKASAN in parts:
            parts[RINGKASAN] = json_bytes(r)
        for name in (PDF, RINGKASAN):
            if name in parts and name in m.get("berkas", {}):
                m["berkas"][name] = {"sha256": sha256(parts[name]), "ukuran": len(parts[name])}
        m["sidik"] = sidik(m)
        parts[MANIFEST] = json_bytes(m)
    members = [(n, parts[n]) for n in urutan if n in parts]
    members += [(n, b) for n, b in parts.items() if n not in urutan]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about a duplicate name
        return tulis_zip(dest, members)


def _byte(data: bytes, at: int) -> bytes:
    return data[:at] + bytes([data[at] ^ 0x01]) + data[at + 1:]


def pdf_byte(p: Parts) -> None:
    p[PDF] = _byte(p[PDF], len(p[PDF]) // 2)


def ringkasan_byte(p: Parts) -> None:
    p[RINGKASAN] = p[RINGKASAN].replace(b'"kegiatan": 6', b'"kegiatan": 7')


def manifest_field(p: Parts) -> None:
    p["m"]["laporan"]["nomor"] = "999/PALSU"
    p[MANIFEST] = json_bytes(p["m"])


def manifest_pdf_hash(p: Parts) -> None:
    """The PDF changed and its hash in the manifest too, but not the manifest's sidik."""
    pdf_byte(p)
    p["m"]["berkas"][PDF]["sha256"] = sha256(p[PDF])
    p[MANIFEST] = json_bytes(p["m"])


def manifest_kode(p: Parts) -> None:
    p["m"]["kecamatan"]["kode"] = "16.03.01"


def ringkasan_kegiatan(p: Parts) -> None:
    p["r"]["kegiatan"] = -5


def ringkasan_numbers(p: Parts) -> None:
    """A forger who changes a count consistently everywhere except the per-form total."""
    p["r"]["kegiatan"] += 10


def belum_disetujui(p: Parts) -> None:
    for d in (p["r"], p["m"]["laporan"]):
        d["status"] = "diajukan"
        d["disetujui_pada"] = None


def kecamatan_asing(p: Parts) -> None:
    p["r"]["kecamatan_kode"] = p["m"]["kecamatan"]["kode"] = "16.03.99"


def kabupaten_lain(p: Parts) -> None:
    p["m"]["kecamatan"]["kabupaten_kode"] = "16.04"
    p["m"]["kecamatan"]["kabupaten_nama"] = "Kabupaten Lahat"


def format_lain(p: Parts) -> None:
    p["m"]["format"] = "paket-lain"


def format_baru(p: Parts) -> None:
    p["m"]["format_versi"] = paket_format.FORMAT_VERSI + 1


def bukan_pdf(p: Parts) -> None:
    p[PDF] = b"\xff\xd8\xff\xe0" + b"0" * 100
    p["m"]["laporan"]["arsip_sha256"] = sha256(p[PDF])


def arsip_lain(p: Parts) -> None:
    p[PDF] = p[PDF] + b"\n% tambahan\n"


def tanpa_ringkasan(p: Parts) -> None:
    del p[RINGKASAN]


def tambahan(p: Parts) -> None:
    p["catatan.txt"] = b"halo"


def jalur(name: str) -> Callable[[Parts], None]:
    def fn(p: Parts) -> None:
        p[name] = b"%PDF-1.4 jahat"
    return fn


CASES: list[tuple[str, Callable[[Parts], None], bool, str]] = [
    ("pdf-byte", pdf_byte, False, "isi laporan.pdf berubah setelah paket dibuat"),
    ("ringkasan-byte", ringkasan_byte, False, "isi ringkasan.json berubah setelah paket dibuat"),
    ("manifest-field", manifest_field, False, "manifest.json diubah setelah paket dibuat"),
    ("manifest-pdf-hash", manifest_pdf_hash, False, "manifest.json diubah"),
    ("manifest-kode", manifest_kode, True, "tidak sama pada: kode kecamatan"),
    ("ringkasan-negatif", ringkasan_kegiatan, True, "ringkasan.json tidak sah: 'kegiatan'"),
    ("ringkasan-jumlah", ringkasan_numbers, True, "tidak sama dengan jumlah per bentuk"),
    ("belum-disetujui", belum_disetujui, True, "belum disetujui Camat"),
    ("kecamatan-asing", kecamatan_asing, True, "kecamatan 16.03.99 (Gelumbang) tidak ada"),
    ("kabupaten-lain", kabupaten_lain, True, "bukan dari kabupaten basis data ini (16.03)"),
    ("format-lain", format_lain, True, "bukan manifest paket laporan bulanan"),
    ("format-baru", format_baru, True, "perbarui aplikasi"),
    ("bukan-pdf", bukan_pdf, True, "laporan.pdf bukan berkas PDF"),
    ("arsip-lain", arsip_lain, True, "bukan arsip yang dicatat saat laporan disetujui"),
    ("anggota-hilang", tanpa_ringkasan, True, "anggota ringkasan.json tidak ada"),
    ("anggota-tambahan", tambahan, True, "anggota tambahan yang bukan bagian paket: "
                                         "'catatan.txt'"),
    ("naik-folder", jalur("../laporan.pdf"), True, "nama jalur folder"),
    ("jalur-mutlak", jalur("/tmp/laporan.pdf"), True, "nama jalur folder"),
    ("dalam-folder", jalur("isi/laporan.pdf"), True, "nama jalur folder"),
    ("windows", jalur("C:\\laporan.pdf"), True, "nama jalur folder"),
]


def _refused(actor: Actor, path: Path, fragment: str) -> None:
    before = jejak()
    with pytest.raises(paket_impor.PaketDitolak) as err:
        paket_impor.impor(actor, path)
    assert fragment in str(err.value), str(err.value)
    assert str(err.value).startswith(f"Paket {path.name} ditolak: ")
    assert "Tidak ada yang disimpan" in str(err.value)
    [r] = paket_impor.impor_banyak(actor, [path])
    assert r.ditolak and r.pesan == str(err.value)
    assert jejak() == before


@pytest.mark.parametrize("fn, rehash, fragment", [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])
def test_altered_package_refused(contoh: Contoh, dinas_admin: Actor, tmp_path: Path,
                                 fn: Callable[[Parts], None], rehash: bool, fragment: str) -> None:
    _refused(dinas_admin, ubah(contoh.v1, tmp_path / "ubah.zip", fn, rehash), fragment)
    assert paket_impor.impor(dinas_admin, contoh.v1).hasil == "diterima"  # the original is fine


def test_refused_over_an_imported_package_changes_nothing(contoh: Contoh, dinas_admin: Actor,
                                                         tmp_path: Path) -> None:
    paket_impor.impor(dinas_admin, contoh.v1)
    row = PaketBulanan.get()
    _refused(dinas_admin, ubah(contoh.v2, tmp_path / "v2-ubah.zip", pdf_byte, False),
             "isi laporan.pdf berubah")
    assert PaketBulanan.get().manifest_sha256 == row.manifest_sha256


def test_duplicate_member(contoh: Contoh, dinas_admin: Actor, tmp_path: Path) -> None:
    parts = anggota(contoh.v1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        path = tulis_zip(tmp_path / "ganda.zip", [(MANIFEST, parts[MANIFEST]), (PDF, parts[PDF]),
                                                  (RINGKASAN, parts[RINGKASAN]),
                                                  (PDF, parts[PDF])])
    _refused(dinas_admin, path, "anggota berikut ada lebih dari sekali: laporan.pdf")


def test_raw_byte_changed_in_the_zip(contoh: Contoh, dinas_admin: Actor, tmp_path: Path) -> None:
    """One byte of the stored PDF changed in the file itself: the zip's CRC catches it."""
    data = contoh.v1.read_bytes()
    at = data.index(b"%PDF-") + 200
    path = tmp_path / "rusak.zip"
    path.write_bytes(_byte(data, at))
    _refused(dinas_admin, path, "anggota laporan.pdf rusak")


@pytest.mark.parametrize("body, fragment", [
    (b"", "bukan berkas zip paket"), (b"%PDF-1.4 bukan zip", "bukan berkas zip paket"),
    (None, "berkas zip rusak atau terpotong"),
])
def test_not_a_package(contoh: Contoh, dinas_admin: Actor, tmp_path: Path, body: bytes | None,
                       fragment: str) -> None:
    path = tmp_path / "x.zip"
    path.write_bytes(body if body is not None else contoh.v1.read_bytes()[:-300])
    _refused(dinas_admin, path, fragment)


def test_size_limits(contoh: Contoh, dinas_admin: Actor, tmp_path: Path,
                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(paket_impor, "MAKS_PAKET", 1000)
    _refused(dinas_admin, contoh.v1, "berkas terlalu besar")
    monkeypatch.undo()
    monkeypatch.setitem(paket_impor.MAKS_ANGGOTA, RINGKASAN, 100)
    _refused(dinas_admin, contoh.v1, "anggota ringkasan.json terlalu besar")


def test_missing_file(dinas_admin: Actor, tmp_path: Path) -> None:
    _refused(dinas_admin, tmp_path / "tidak-ada.zip", "berkas tidak dapat dibaca")


# -- who may -----------------------------------------------------------------------------------


def test_who_may_import(contoh: Contoh, dinas_admin: Actor) -> None:
    cast = dinas_bantu.actors(dinas_admin)
    for name in ("operator_a", "tksk_a", "camat_a", "operator_b"):
        with pytest.raises(PermissionDenied):
            paket_impor.impor(cast[name], contoh.v1)
        with pytest.raises(PermissionDenied):
            paket_impor.impor_banyak(cast[name], [contoh.v1])
    assert PaketBulanan.select().count() == 0
    # an admin of kecamatan B may not receive Gelumbang's (A) package; A's admin may
    _refused(cast["admin_b"], contoh.v1, "Anda hanya dapat membuka data Kecamatan")
    assert paket_impor.impor(cast["admin_a"], contoh.v1).hasil == "diterima"
    assert paket_impor.impor(cast["dinas"], contoh.v1).hasil == "tidak_berubah"
    assert paket_impor.impor(cast["dinas"], contoh.v2).hasil == "diganti"


def test_who_may_export(contoh: Contoh, make_actor: Any, tmp_path: Path) -> None:
    """Every kecamatan role may make a package (the month must be approved: here none is, so
    a permitted role gets the month's refusal, not a permission error)."""
    for role in ("admin", "operator", "tksk", "camat"):
        actor = make_actor(role)
        with pytest.raises(Conflict, match="belum disusun"):
            paket_ekspor.ekspor(actor, TAHUN, BULAN, tmp_path / f"{role}.zip")
        assert paket_ekspor.bulan_siap(actor) == []
    stranger = Actor(None, "x", "Peran Lain", "dinas")
    with pytest.raises(PermissionDenied):
        paket_ekspor.ekspor(stranger, TAHUN, BULAN, tmp_path / "x.zip")
    with pytest.raises(PermissionDenied):
        paket_ekspor.bulan_siap(stranger)
