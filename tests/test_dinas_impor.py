"""Imports, templates and exports in a Dinas database (every kecamatan of Muara Enim): an
operator of Gelumbang (A) imports into A's desa even when Tanjung Agung (B) has a desa of the
same name, a desa of B is refused per cell, a person of B is refused without their name, and a
user of the whole kabupaten must choose the kecamatan. Kegiatan and rujukan:
tests/test_dinas_impor_kegiatan.py; the command line: tests/test_dinas_impor_cli.py."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest

from kecamatan_app.models import DataPSKS, Dusun, Pendaftar, RekapPemetaan, Warga
from kecamatan_app.services import desa as desa_service
from kecamatan_app.services import (
    impor_kegiatan,
    impor_pendaftar,
    impor_ppks,
    impor_psks,
    impor_rekap,
    impor_rujukan,
    impor_wilayah,
    kantor,
)
from kecamatan_app.services.errors import PermissionDenied, ValidationError
from tests import dinas_bantu as bantu
from tests import dinas_impor_bantu as kembar
from tests.dinas_impor_bantu import HANYA_B, KEMBAR
from tests.impor_bantu import write_rows
from tests.test_impor_cepat import KATEGORI, _orang, _tulis

IMPORTERS = (impor_ppks, impor_pendaftar, impor_psks, impor_rekap, impor_wilayah,
             impor_kegiatan, impor_rujukan)


@pytest.fixture
def dunia(db: Any, tmp_path: Path) -> bantu.Dunia:
    return kembar.dunia(tmp_path)


def _kec_of_desa(desa_id: int) -> int:
    info = desa_service.by_id(desa_id)
    assert info is not None and info.kecamatan_id is not None
    return info.kecamatan_id


def test_ppks_rows_go_to_the_actors_desa_and_other_kecamatan_are_refused(dunia, tmp_path):
    a, b = dunia.a.kecamatan_id, dunia.b.kecamatan_id
    op = dunia.cast["operator_a"]
    rows = _orang(6)
    for r in rows[3:]:
        r["Desa"] = KEMBAR
    bad = [dict(rows[0], NIK=None, **{"No. KK": None}, Desa=HANYA_B),
           dict(rows[0], NIK=None, **{"No. KK": None}, Desa=kembar.desa_kode(b, KEMBAR)),
           {"NIK": dunia.b.warga_nik, "Nama": "Nama Lain", "Jenis Kelamin": "L",
            "Tanggal Lahir": dt.date(1980, 5, 17), "Desa": KEMBAR,
            "Kategori PPKS": KATEGORI[0]}]
    result = impor_ppks.import_file(op, _tulis(tmp_path / "salah.xlsx", rows + bad))
    assert [(p.row, p.column) for p in result.problems] == [
        (8, "Desa"), (9, "Desa"), (10, "NIK")]
    assert "tidak dikenal" in result.problems[0].message
    hint = re.search(r"Mungkin maksud Anda '([^']+)'", result.problems[0].message)
    assert hint is None or hint[1] in kembar.nama_desa(a)  # never a desa of B
    assert "sudah tercatat di Kecamatan Tanjung Agung" in result.problems[2].message
    assert dunia.b.warga_nama not in kembar.messages(result)
    assert Warga.select().where(Warga.nama.startswith("Orang")).count() == 0
    result = impor_ppks.import_file(op, _tulis(tmp_path / "benar.xlsx", rows))
    assert (result.created, result.problems) == (6, [])
    placed = {_kec_of_desa(w.__data__["desa"]) for w in
              Warga.select().where(Warga.nama.startswith("Orang"))}
    assert placed == {a}
    assert Warga.select().where(Warga.desa == kembar.desa_id(a, KEMBAR)).count() == 3
    assert Warga.select().where(Warga.desa == kembar.desa_id(b, KEMBAR)).count() == 0


def test_ppks_template_lists_the_desa_of_the_kecamatan(dunia, tmp_path):
    a, b = dunia.a.kecamatan_id, dunia.b.kecamatan_id
    c = dunia.cast
    for who, kec, expected in (("operator_a", None, a), ("admin", b, b)):
        path = impor_ppks.write_template(tmp_path / f"{who}.xlsx", c[who], kecamatan_id=kec)
        assert kembar.pilihan(path, impor_ppks.DESA) == kembar.nama_desa(expected)
    whole = impor_ppks.write_template(tmp_path / "kab.xlsx", c["admin"])
    assert kembar.pilihan(whole, impor_ppks.DESA) == set()  # 22 kecamatan: no one list
    with pytest.raises(PermissionDenied):
        impor_ppks.write_template(tmp_path / "x.xlsx", c["operator_a"], kecamatan_id=b)


PENDAFTAR = {
    "NIK": "1603061203990001", "Nama": "Budi Calon", "Jenis Kelamin": "L",
    "Tanggal Lahir": "12-03-1999", "Desa Domisili": KEMBAR, "Tanggal Pendaftaran": "05-01-2026",
}


def test_pendaftar_rows_go_to_the_kecamatan_and_other_desa_are_a_place_outside(dunia, tmp_path):
    a, b = dunia.a.kecamatan_id, dunia.b.kecamatan_id
    cand_b = Pendaftar.get_by_id(dunia.b.pendaftar_id)
    headers = [c.header for c in impor_pendaftar.columns()]
    same_nik = dict(PENDAFTAR, NIK=cand_b.nik, Nama="Calon Lain", **{"Jenis Kelamin": "P"},
                    **{"Tanggal Lahir": cand_b.tanggal_lahir, "Desa Domisili": HANYA_B})
    path = write_rows(tmp_path / "p.xlsx", "Pendaftar", headers, [PENDAFTAR, same_nik])
    result = impor_pendaftar.import_file(dunia.cast["operator_a"], path)
    # B's candidate with that NIK is not A's: a new candidate of A, B's left alone
    assert (result.created, result.updated, result.problems) == (2, 0, [])
    assert any(w.row == 3 and "bukan desa/kelurahan kecamatan ini" in w.message
               for w in result.warnings)
    budi = Pendaftar.get(Pendaftar.nama == "Budi Calon")
    assert (budi.__data__["kecamatan"], budi.__data__["desa_domisili"]) == (
        a, kembar.desa_id(a, KEMBAR))
    lain = Pendaftar.get(Pendaftar.nama == "Calon Lain")
    assert lain.__data__["kecamatan"] == a
    assert (lain.__data__["desa_domisili"], lain.domisili_lain) == (None, HANYA_B)
    again = Pendaftar.get_by_id(cand_b.id)
    assert (again.nama, again.versi, again.__data__["kecamatan"]) == ("Calon B", cand_b.versi, b)
    # the same file again updates A's two candidates only
    result = impor_pendaftar.import_file(dunia.cast["operator_a"], path)
    assert (result.created, result.updated) == (0, 2)
    assert Pendaftar.get_by_id(cand_b.id).versi == cand_b.versi


def test_pendaftar_export_and_template_of_one_kecamatan(dunia, tmp_path):
    c = dunia.cast
    a, b = dunia.a.kecamatan_id, dunia.b.kecamatan_id
    out = tmp_path / "a.xlsx"
    assert impor_pendaftar.export(c["operator_a"], out) == 1
    text = kembar.sheet_text(out)
    assert "Calon A" in text and "Calon B" not in text
    assert kantor.judul_lingkup(c["operator_a"]) in text
    assert impor_pendaftar.export(c["admin"], tmp_path / "b.xlsx", kecamatan_id=b) == 1
    assert "Calon B" in kembar.sheet_text(tmp_path / "b.xlsx")
    assert impor_pendaftar.export(c["admin"], tmp_path / "all.xlsx") == 2
    assert "(semua kecamatan)" in kembar.sheet_text(tmp_path / "all.xlsx")
    with pytest.raises(PermissionDenied):
        impor_pendaftar.export(c["operator_a"], tmp_path / "x.xlsx", kecamatan_id=b)
    tpl = impor_pendaftar.write_template(tmp_path / "t.xlsx", c["operator_a"])
    assert kembar.pilihan(tpl, impor_pendaftar.DESA) == kembar.nama_desa(a)


def test_psks_rows_go_to_the_kecamatan_and_export_shows_only_it(dunia, tmp_path):
    a, b = dunia.a.kecamatan_id, dunia.b.kecamatan_id
    c = dunia.cast
    headers = [col.header for col in impor_psks.columns()]
    good = {"Jenis PSKS": "Karang Taruna", "Nama": "Karang Taruna Sigam Muda", "Desa": KEMBAR}
    bad = dict(good, Nama="Karang Taruna Lain", Desa=HANYA_B)
    result = impor_psks.import_file(c["operator_a"], write_rows(
        tmp_path / "s.xlsx", "PSKS", headers, [good, bad]))
    assert [(p.row, p.column) for p in result.problems] == [(3, "Desa")]
    assert "bukan desa/kelurahan kecamatan ini" in result.problems[0].message
    result = impor_psks.import_file(c["operator_a"], write_rows(
        tmp_path / "s2.xlsx", "PSKS", headers, [good]))
    assert (result.created, result.problems) == (1, [])
    row = DataPSKS.get(DataPSKS.nama == good["Nama"])
    assert row.__data__["desa"] == kembar.desa_id(a, KEMBAR)
    out = tmp_path / "psks-a.xlsx"
    assert impor_psks.export(c["operator_a"], out) == 2
    text = kembar.sheet_text(out)
    assert "PSKS A" in text and "PSKS B" not in text
    assert kantor.judul_lingkup(c["operator_a"]) in text
    assert impor_psks.export(c["admin"], tmp_path / "psks-b.xlsx", with_nik=True,
                             kecamatan_id=b) == 1
    text = kembar.sheet_text(tmp_path / "psks-b.xlsx")
    assert "PSKS B" in text and "PSKS A" not in text
    assert kantor.judul_lingkup(c["admin"], b) in text
    tpl = impor_psks.write_template(tmp_path / "t.xlsx", c["operator_b"])
    assert kembar.pilihan(tpl, impor_psks.DESA) == kembar.nama_desa(b)


REKAP_HEADERS = [col.header for col in impor_rekap.columns()]


def test_rekap_rows_go_to_the_kecamatan_and_a_desa_outside_is_never_written(
        dunia, tmp_path, monkeypatch):
    a, b = dunia.a.kecamatan_id, dunia.b.kecamatan_id
    op = dunia.cast["operator_a"]
    good = {"Tahun": 2024, "Desa": KEMBAR, "Kategori": "PPKS-01", "Jumlah Dilaporkan Desa": 5}
    bad = dict(good, Desa=HANYA_B)
    result = impor_rekap.import_file(op, write_rows(tmp_path / "r.xlsx", "Rekap",
                                                    REKAP_HEADERS, [good, bad]))
    assert [(p.row, p.column) for p in result.problems] == [(3, "Desa")]
    assert "tidak dikenal di kecamatan ini" in result.problems[0].message
    path = write_rows(tmp_path / "r2.xlsx", "Rekap", REKAP_HEADERS, [good])
    result = impor_rekap.import_file(op, path)
    assert (result.created, result.problems) == (1, [])
    stored = RekapPemetaan.get(RekapPemetaan.tahun == 2024)
    assert stored.__data__["desa"] == kembar.desa_id(a, KEMBAR)
    # a lookup that forgot the kecamatan would take B's Sigam: the write is still refused
    real = desa_service.resolve
    monkeypatch.setattr(impor_rekap.desa_service, "resolve", lambda text, kec=None: real(text))
    before = RekapPemetaan.select().count()
    with pytest.raises(PermissionDenied, match="Kecamatan Tanjung Agung"):
        impor_rekap.import_file(op, write_rows(tmp_path / "r3.xlsx", "Rekap", REKAP_HEADERS,
                                               [dict(good, Tahun=2023)]))
    assert RekapPemetaan.select().count() == before
    assert not RekapPemetaan.select().where(
        RekapPemetaan.desa == kembar.desa_id(b, KEMBAR)).exists()
    monkeypatch.undo()
    tpl = impor_rekap.write_template(tmp_path / "t.xlsx", op)
    assert kembar.pilihan(tpl, impor_rekap.DESA) == kembar.nama_desa(a)


def test_wilayah_only_the_kecamatans_desa(dunia, tmp_path):
    a, b = dunia.a.kecamatan_id, dunia.b.kecamatan_id
    c = dunia.cast
    headers = [col.header for col in impor_wilayah.columns()]
    mine = {"Kode Desa": kembar.desa_kode(a, KEMBAR), "Nama Desa": KEMBAR,
            "Dusun": "Dusun Baru Sigam"}
    theirs = dict(mine, **{"Kode Desa": kembar.desa_kode(b, KEMBAR)})
    result = impor_wilayah.import_file(c["operator_a"], write_rows(
        tmp_path / "w.xlsx", "Wilayah", headers, [mine, theirs]))
    assert [(p.row, p.column) for p in result.problems] == [(3, "Kode Desa")]
    assert "bukan kode desa/kelurahan kecamatan ini" in result.problems[0].message
    result = impor_wilayah.import_file(c["operator_a"], write_rows(
        tmp_path / "w2.xlsx", "Wilayah", headers, [mine]))
    assert (result.created, result.updated, result.problems) == (1, 0, [])
    assert Dusun.get(Dusun.nama == "Dusun Baru Sigam").__data__["desa"] == kembar.desa_id(
        a, KEMBAR)
    out = tmp_path / "wil.xlsx"
    assert impor_wilayah.export(c["operator_a"], out) == len(kembar.nama_desa(a))
    assert kantor.judul_lingkup(c["operator_a"]) in kembar.sheet_text(out)
    assert impor_wilayah.export(c["admin"], tmp_path / "wb.xlsx", kecamatan_id=b) == len(
        kembar.nama_desa(b))
    tpl = impor_wilayah.write_template(tmp_path / "t.xlsx", c["operator_b"])
    codes = kembar.pilihan(tpl, impor_wilayah.KODE)
    assert len(codes) == len(kembar.nama_desa(b)) and all(k.startswith(bantu.KODE_B)
                                                           for k in codes)


def test_a_kabupaten_wide_user_must_choose_the_kecamatan(dunia, tmp_path):
    c = dunia.cast
    a, b = dunia.a.kecamatan_id, dunia.b.kecamatan_id
    nowhere = tmp_path / "tidak-dibaca.xlsx"  # refused before the file is read
    for module in IMPORTERS:
        with pytest.raises(ValidationError, match="Pilih dahulu kecamatan"):
            module.import_file(c["admin"], nowhere)
        with pytest.raises(PermissionDenied):
            module.import_file(c["dinas"], nowhere, kecamatan_id=a)  # reads, never writes
        with pytest.raises(PermissionDenied, match="milik kecamatan Tanjung Agung"):
            module.import_file(c["operator_a"], nowhere, kecamatan_id=b)
    headers = [col.header for col in impor_psks.columns()]
    row = {"Jenis PSKS": "Karang Taruna", "Nama": "Karang Taruna Kabupaten", "Desa": KEMBAR}
    path = write_rows(tmp_path / "s.xlsx", "PSKS", headers, [row])
    result = impor_psks.import_file(c["admin"], path, kecamatan_id=b)
    assert (result.created, result.problems) == (1, [])
    assert DataPSKS.get(DataPSKS.nama == row["Nama"]).__data__["desa"] == kembar.desa_id(
        b, KEMBAR)
