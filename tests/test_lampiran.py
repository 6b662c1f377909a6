"""Attachment contents (services/lampiran.py): on SQLite files in the folder beside the database,
as before; on PostgreSQL rows of ``lampiran_isi`` in the database (schema 5), so a photo stored
at one PC opens and prints at another. "Another PC" is a data folder of its own
(``KECAMATAN_APP_DATA_DIR``), with no file of the first. The tests marked ``needs_pg`` run only
with ``KECAMATAN_APP_TEST_PG``; the others run on both databases."""

from __future__ import annotations

import hashlib
import io
import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from pypdf import PdfReader

from kecamatan_app import config
from kecamatan_app.config import DatabaseTarget
from kecamatan_app.db import close_database, open_database, table_names
from kecamatan_app.models import KegiatanFoto, Lampiran, LampiranIsi, database
from kecamatan_app.services import kantor, lampiran, laporan_cetak
from kecamatan_app.services.context import Actor
from kecamatan_app.services.errors import NotFound, ValidationError
from kecamatan_app.services.tx import write
from tests.db_bantu import damage_content, is_postgres, stored_contents
from tests.laporan_bantu import BULAN, TAHUN, catat, foto_contoh, hari, orang

PG_SERVER = os.environ.get("KECAMATAN_APP_TEST_PG", "").rstrip("/")
needs_pg = pytest.mark.skipif(not PG_SERVER, reason="hanya PostgreSQL (KECAMATAN_APP_TEST_PG)")

PDF = b"%PDF-1.4\n% lampiran uji\n%%EOF\n"


def jpeg_bytes(color: tuple[int, int, int] = (40, 90, 160)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (120, 80), color).save(out, "JPEG", quality=90)
    return out.getvalue()


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def another_pc(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, name: str = "pc-camat") -> Path:
    """From now on this test is another PC of the office: a data folder of its own, empty."""
    folder = tmp_path / name
    folder.mkdir()
    monkeypatch.setenv("KECAMATAN_APP_DATA_DIR", str(folder))
    return folder


# -- both databases -------------------------------------------------------------------------------


def test_stored_content_reads_back_and_is_kept_once(office: Any) -> None:
    first = lampiran.store_bytes(PDF, "surat.pdf")
    again = lampiran.store_bytes(PDF, "salinan.pdf")
    assert again.id == first.id and lampiran.read(first.id) == PDF
    assert stored_contents() == {sha(PDF)}
    # SQLite: the file in the folder, nothing in the table; PostgreSQL: the row, no file
    assert LampiranIsi.select().count() == (1 if is_postgres() else 0)
    assert (lampiran.files_dir() / sha(PDF)[:2] / sha(PDF)).is_file() != is_postgres()


def test_a_rolled_back_transaction_leaves_no_attachment(office: Any) -> None:
    before = (Lampiran.select().count(), LampiranIsi.select().count())
    with pytest.raises(RuntimeError), write():
        lampiran.store_bytes(PDF, "surat.pdf")
        raise RuntimeError("formulir gagal disimpan")
    assert (Lampiran.select().count(), LampiranIsi.select().count()) == before
    if is_postgres():
        assert stored_contents() == set()


def test_put_content_checks_the_hash_and_stores(office: Any) -> None:
    info = lampiran.store_bytes(PDF, "surat.pdf")
    with pytest.raises(ValidationError, match="tidak cocok"):
        lampiran.put_content(info.id, PDF + b"x")
    lampiran.put_content(info.id, PDF)  # already there: kept
    assert lampiran.read(info.id) == PDF
    with pytest.raises(NotFound):
        lampiran.put_content(99_999, PDF)


def test_a_damaged_content_is_refused_and_not_printed(office: Any) -> None:
    info = lampiran.store_bytes(jpeg_bytes(), "foto.jpg")
    damage_content(info.id, jpeg_bytes((200, 10, 10)))
    with pytest.raises(NotFound, match="rusak"):
        lampiran.read(info.id)
    if is_postgres():  # no print copy of a damaged content (SQLite: the file as it is)
        assert not lampiran.local_path(info.id).exists()
    with pytest.raises(NotFound):
        lampiran.local_path(99_999)


# -- PostgreSQL: every PC sees what one stored ---------------------------------------------------


@needs_pg
def test_an_attachment_opens_at_another_pc(office: Any, tmp_path: Path, data_dir: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    photo = jpeg_bytes()
    info = lampiran.store_bytes(photo, "kunjungan.jpg", allowed=("image/jpeg",))
    assert not lampiran.files_dir().exists()  # nothing stored at the clerk's PC
    shutil.rmtree(data_dir)
    another_pc(monkeypatch, tmp_path)
    assert lampiran.read(info.id) == photo
    path = lampiran.local_path(info.id)  # the copy reportlab reads
    assert path.read_bytes() == photo and path.name == info.sha256
    assert path.is_relative_to(config.data_dir()) and "tembolok-lampiran" in path.parts
    assert lampiran.local_path(info.id) == path


@needs_pg
def test_the_print_copy_is_rewritten_when_changed(office: Any) -> None:
    photo = jpeg_bytes()
    info = lampiran.store_bytes(photo, "foto.jpg")
    path = lampiran.local_path(info.id)
    path.write_bytes(b"bukan foto")
    assert lampiran.local_path(info.id).read_bytes() == photo
    assert not [p for p in path.parent.iterdir() if p.name.endswith(".tmp")]


@needs_pg
def test_the_logo_prints_at_another_pc(admin: Actor, tmp_path: Path,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    logo = tmp_path / "logo.png"
    Image.new("RGB", (300, 360), (20, 110, 60)).save(logo)
    office = kantor.get_office()
    assert office is not None
    kantor.set_logo(admin, logo, office.kantor_versi)
    another_pc(monkeypatch, tmp_path)
    path = kantor.logo_path()
    assert path is not None and path.is_file()
    assert sha(path.read_bytes()) == Lampiran.get_by_id(kantor.get_office().logo_id).sha256


@needs_pg
def test_the_monthly_report_prints_the_photos_at_another_pc(
        make_actor: Any, admin: Actor, tksk_aktif: int, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    from kecamatan_app.services.kegiatan_periksa import FotoData

    o = orang(make_actor, admin)
    fotos = [FotoData(path=foto_contoh(tmp_path, f"f{i}.jpg", text=f"FOTO {i}"),
                      keterangan=f"Foto ke-{i + 1}") for i in range(2)]
    kid = catat(o.tksk, hari(20), judul="Dokumentasi penyaluran", foto=fotos)
    stored = {Lampiran.get_by_id(f.lampiran_id).sha256
              for f in KegiatanFoto.select().where(KegiatanFoto.kegiatan == kid)}
    another_pc(monkeypatch, tmp_path)
    out = laporan_cetak.write_pdf(o.camat, TAHUN, BULAN, tmp_path / "laporan.pdf")
    found = set()
    for page in PdfReader(str(out)).pages:
        resources: Any = page["/Resources"]
        for ref in resources.get("/XObject", {}).values():
            x = ref.get_object()
            if x.get("/Subtype") == "/Image":
                found.add(sha(x.get_data()))
    assert len(stored) == 2 and stored <= found  # the stored JPEGs, read from the database


# -- PostgreSQL: attachments stored before schema 5 ----------------------------------------------


def _old_row(data: bytes, name: str = "lama.pdf") -> int:
    """An attachment row stored before schema 5: its content only in a PC's folder."""
    return int(Lampiran.create(sha256=sha(data), nama_asli=name, jenis_mime="application/pdf",
                               ukuran=len(data)).id)


def _old_file(folder: Path, data: bytes) -> None:
    path = folder / "lampiran" / sha(data)[:2] / sha(data)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


@needs_pg
def test_an_old_attachment_is_read_from_this_pc_and_uploaded_when_it_opens(
        office: Any, db_target: DatabaseTarget, data_dir: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    data = PDF + b"% lama\n"
    lid = _old_row(data)
    with pytest.raises(NotFound, match="komputer lain"):
        lampiran.read(lid)
    _old_file(data_dir, data)
    assert lampiran.read(lid) == data  # this PC's own file, before it is uploaded
    assert LampiranIsi.select().count() == 0
    close_database()
    open_database(db_target)  # the PC that kept it opens the database: uploaded
    assert LampiranIsi.select().where(LampiranIsi.lampiran == lid).count() == 1
    another_pc(monkeypatch, tmp_path)
    assert lampiran.read(lid) == data


@needs_pg
def test_cache_copies_of_purged_contents_go_when_the_pc_next_opens(
        office: Any, db_target: DatabaseTarget) -> None:
    kept = lampiran.local_path(lampiran.store_bytes(PDF, "tetap.pdf").id)
    gone_info = lampiran.store_bytes(jpeg_bytes(), "foto.jpg")
    gone = lampiran.local_path(gone_info.id)
    stale = gone.with_name(".sisa-crash.tmp")
    stale.write_bytes(b"x")
    os.utime(stale, (0, 0))
    Lampiran.delete().where(Lampiran.id == gone_info.id).execute()  # purged at another PC
    assert LampiranIsi.select().where(LampiranIsi.lampiran == gone_info.id).count() == 0
    close_database()
    open_database(db_target)
    assert kept.is_file() and not gone.exists() and not stale.exists()


# -- migration 4 -> 5 -----------------------------------------------------------------------------

FIXTURE_V4 = Path(__file__).parent / "fixtures" / "db" / "v4.sqlite3"


@pytest.mark.sqlite_only
def test_sqlite_v4_keeps_its_files_folder(tmp_path: Path, data_dir: Path) -> None:
    import sqlite3

    db_file = tmp_path / "lama" / "kecamatan.sqlite3"
    db_file.parent.mkdir()
    shutil.copy(FIXTURE_V4, db_file)
    con = sqlite3.connect(db_file)
    con.execute("INSERT INTO lampiran (sha256, nama_asli, jenis_mime, ukuran, dibuat_pada) "
                "VALUES (?, 'lama.pdf', 'application/pdf', ?, '2025-01-02 03:04:05')",
                (sha(PDF), len(PDF)))
    con.commit()
    con.close()
    target = DatabaseTarget.parse(db_file)
    files = target.files_dir() / sha(PDF)[:2]
    files.mkdir(parents=True)
    (files / sha(PDF)).write_bytes(PDF)
    open_database(target)
    try:
        assert "lampiran_isi" in table_names(database.obj)
        assert LampiranIsi.select().count() == 0  # the folder stays the store
        lid = Lampiran.get(Lampiran.sha256 == sha(PDF)).id
        assert lampiran.read(lid) == PDF and lampiran.local_path(lid) == files / sha(PDF)
    finally:
        close_database()


@needs_pg
def test_postgresql_v4_uploads_this_pcs_files(db_target: DatabaseTarget, data_dir: Path,
                                             tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """A database of version 4 (as an office that used PostgreSQL before: attachments in each
    PC's folder) is upgraded by the clerk's PC: its files go into the database; a file kept at
    the camat's PC goes in when that PC opens the database."""
    from kecamatan_app.migrations import LATEST
    from kecamatan_app.models import VersiSkema

    open_database(db_target)
    fresh = _shape("lampiran_isi")
    mine, theirs, lost = PDF + b"% juru\n", PDF + b"% camat\n", PDF + b"% hilang\n"
    ids = [_old_row(d, n) for d, n in ((mine, "juru.pdf"), (theirs, "camat.pdf"),
                                       (lost, "hilang.pdf"))]
    database.execute_sql("DROP TABLE lampiran_isi")  # back to version 4
    VersiSkema.update(versi=4).execute()
    close_database()
    _old_file(data_dir, mine)
    _old_file(data_dir, b"%PDF-1.4 isi lain")  # no row: left alone

    with monkeypatch.context() as m:  # the upgrade itself uploads (not the start-up after it)
        m.setattr(lampiran, "after_open", lambda: None)
        open_database(db_target)
    assert VersiSkema.get().versi == LATEST and _shape("lampiran_isi") == fresh
    assert {r.lampiran_id for r in LampiranIsi.select()} == {ids[0]}
    close_database()

    camat = another_pc(monkeypatch, tmp_path)
    _old_file(camat, theirs)
    open_database(db_target)
    assert {r.lampiran_id for r in LampiranIsi.select()} == {ids[0], ids[1]}
    another_pc(monkeypatch, tmp_path, "pc-tksk")
    assert lampiran.read(ids[0]) == mine and lampiran.read(ids[1]) == theirs
    with pytest.raises(NotFound, match="komputer lain"):
        lampiran.read(ids[2])
    close_database()


def _shape(table: str) -> list[Any]:
    cols = [(c.name, c.data_type, c.null, c.primary_key) for c in database.get_columns(table)]
    fks = [(f.column, f.dest_table, f.dest_column) for f in database.get_foreign_keys(table)]
    return [cols, fks]
