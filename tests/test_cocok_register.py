"""Register matching by NIK: in both, only with us, only in the register."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

from kecamatan_app.models import Desa, JejakAudit, StatusRegister, Warga
from kecamatan_app.services import cocok_register
from kecamatan_app.services.cocok_register import KOLOM_EKSPOR_REGISTER
from kecamatan_app.services.errors import PermissionDenied

HEAD = list(KOLOM_EKSPOR_REGISTER)


def register_file(path, rows):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(HEAD)
    for idr, nik, nama in rows:
        ws.append([idr, "SUMATERA SELATAN", "MUARA ENIM", "GELUMBANG", "SIGAM", "DUSUN 1", "1",
                   "001", "001", "1603060101100001", nik, nama, "12-03-1980", "GELUMBANG", "P",
                   "IBU (contoh)", "KEPALA KELUARGA"])
    wb.save(path)
    return path


@pytest.fixture
def persons(office):
    desa = Desa.get(Desa.nama == "Sigam")
    a = Warga.create(nik="1603065203800001", nama="Siti (contoh)", jenis_kelamin="P", desa=desa)
    b = Warga.create(nik="1603061203800002", nama="Budi (contoh)", jenis_kelamin="L", desa=desa)
    return a, b


def test_three_lists_and_apply(admin, persons, tmp_path):
    a, b = persons
    f = register_file(tmp_path / "dtsen.xlsx", [
        ("ID-1", a.nik, "SITI"), ("ID-9", "1603064506900003", "LAINNYA (contoh)")])
    dry = cocok_register.match(admin, f, "dtsen", dt.date(2026, 11, 1))
    assert [p.nama for p in dry.keduanya] == ["Siti (contoh)"]
    assert [p.nama for p in dry.hanya_kita] == ["Budi (contoh)"]
    assert [p.nama for p in dry.hanya_register] == ["LAINNYA (contoh)"]
    assert all("*" in p.nik for p in dry.keduanya + dry.hanya_kita + dry.hanya_register)
    assert StatusRegister.select().count() == 0
    done = cocok_register.match(admin, f, "dtsen", dt.date(2026, 11, 1), apply=True)
    assert done.diterapkan
    rows = {s.warga_id: s for s in StatusRegister.select()}
    assert rows[a.id].terdaftar and rows[a.id].id_register == "ID-1"
    assert rows[a.id].nama_register == "DTSEN" and not rows[b.id].terdaftar
    assert JejakAudit.select().where(JejakAudit.tabel == "status_register").count() == 1


def test_bad_nik_rows_are_listed_and_nothing_applied(admin, persons, tmp_path):
    f = register_file(tmp_path / "dtsen.xlsx", [("ID-1", "12345", "X")])
    r = cocok_register.match(admin, f, apply=True)
    assert r.problems and r.problems[0].column == "NOMOR_NIK" and r.problems[0].row == 2
    assert not r.diterapkan and StatusRegister.select().count() == 0


def test_camat_may_look_but_not_apply(make_actor, persons, tmp_path):
    camat = make_actor("camat")
    f = register_file(tmp_path / "dtsen.xlsx", [("ID-9", "1603064506900003", "LAIN (contoh)")])
    assert len(cocok_register.match(camat, f).hanya_kita) == 2
    with pytest.raises(PermissionDenied):
        cocok_register.match(camat, f, apply=True)


def test_duplicate_nik_in_the_register_file_is_a_problem(admin, persons, tmp_path):
    a, _ = persons
    f = register_file(tmp_path / "dtsen.xlsx", [("ID-1", a.nik, "SITI"), ("ID-2", a.nik, "SITI")])
    r = cocok_register.match(admin, f)
    assert [(p.row, p.column) for p in r.problems] == [(3, "NOMOR_NIK")]


def test_deceased_persons_are_left_out(admin, persons, tmp_path):
    a, b = persons
    Warga.update(meninggal=True).where(Warga.id == b.id).execute()
    f = register_file(tmp_path / "dtsen.xlsx", [("ID-1", a.nik, "SITI")])
    assert cocok_register.match(admin, f).hanya_kita == []
