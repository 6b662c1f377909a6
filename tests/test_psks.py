"""The PSKS registry service and the `psks` import/export/template, read back with openpyxl."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest

from kecamatan_app import cli_tksk
from kecamatan_app.models import DataPSKS, JejakAudit
from kecamatan_app.services import desa as desa_service
from kecamatan_app.services import impor_psks as ip
from kecamatan_app.services import psks
from kecamatan_app.services.context import Actor
from kecamatan_app.services.errors import Conflict, PermissionDenied, ValidationError

NIK = "1603061203990001"
HEADERS = [
    "Jenis PSKS",
    "Nama",
    "Perorangan/Lembaga",
    "NIK",
    "Desa",
    "Alamat",
    "Ketua",
    "Kontak",
    "Status",
]


def kat(kode: str) -> int:
    return next(k.id for k in psks.kategori_choices() if k.kode == kode)


def desa_id(name: str) -> int:
    hit = desa_service.resolve(name)
    assert hit is not None
    return hit.id


def data(**over: Any) -> psks.PsksData:
    base = psks.PsksData(
        kategori_id=kat("02"),
        nama="Siti Contoh",
        perorangan=True,
        nik=NIK,
        desa_id=desa_id("Mililian"),
        alamat="Dusun I",
        kontak="0812",
    )
    for k, v in over.items():
        setattr(base, k, v)
    return base


def test_create_list_masks_nik_and_audits(office: Any, admin: Actor) -> None:
    saved = psks.create(admin, data())
    assert saved.row.nik == "160306********01" and saved.row.kategori_kode == "02"
    assert saved.row.status_label == "Aktif" and saved.row.jenis_label == "Perorangan"
    rows = psks.search(admin, psks.PsksFilter(teks="siti"))
    assert [r.id for r in rows] == [saved.row.id]
    assert psks.search(admin, psks.PsksFilter(kategori_id=kat("05"))) == []
    assert psks.search(admin, psks.PsksFilter(desa_id=desa_id("Sigam"))) == []
    assert psks.search(admin, psks.PsksFilter(status="tidak_aktif")) == []
    last = JejakAudit.select().order_by(JejakAudit.id.desc()).first()
    assert last.aksi == "buat" and last.tabel == "data_psks"


def test_validation_lists_every_field(office: Any, admin: Actor) -> None:
    bad = psks.PsksData(
        kategori_id=None, nama=" ", nik="123", desa_id=None, status="x", kontak="9" * 101
    )
    with pytest.raises(ValidationError) as exc:
        psks.create(admin, bad)
    assert {p.field for p in exc.value.problems} == {
        "kategori",
        "nama",
        "nik",
        "desa",
        "status",
        "kontak",
    }
    ppks = next(k for k in psks.Kategori.select().where(psks.Kategori.jenis == "PPKS"))
    with pytest.raises(ValidationError, match="jenis PSKS"):
        psks.create(admin, data(kategori_id=ppks.id))
    with pytest.raises(ValidationError, match="hanya diisi untuk perorangan"):
        psks.create(admin, data(perorangan=False))
    # a NIK warning (region not in today's list) does not block
    saved = psks.create(admin, data(nik="1603991203990001", nama="Lain"))
    assert saved.warnings


def test_duplicate_names_the_existing_row(office: Any, admin: Actor) -> None:
    first = psks.create(admin, data()).row
    with pytest.raises(Conflict, match=f"Siti Contoh.*Mililian.*nomor data {first.id}"):
        psks.create(admin, data(nama="SITI  contoh", nik=""))
    psks.create(admin, data(desa_id=desa_id("Sigam")))  # another desa is another row


def test_update_delete_versi_and_masked_nik_kept(
    office: Any, admin: Actor, make_actor: Any
) -> None:
    row = psks.create(admin, data()).row
    camat = make_actor("camat")
    form, versi = psks.data_of(camat, row.id)
    assert form.nik == "160306********01"  # the camat may not open the NIK
    form2, versi2 = psks.data_of(admin, row.id)
    assert form2.nik == NIK and versi2 == versi
    form2.nik = row.nik  # a masked NIK sent back keeps the stored one
    form2.status = "tidak_aktif"
    saved = psks.update(admin, row.id, form2, versi)
    assert saved.row.status == "tidak_aktif" and DataPSKS.get_by_id(row.id).nik == NIK
    with pytest.raises(Conflict, match="diubah orang lain"):
        psks.update(admin, row.id, form2, versi)
    with pytest.raises(PermissionDenied):
        psks.delete(camat, row.id)
    psks.delete(admin, row.id, saved.row.versi)
    assert not DataPSKS.select().exists()


def test_permissions(office: Any, make_actor: Any) -> None:
    camat, tksk = make_actor("camat"), make_actor("tksk")
    assert psks.search(camat) == []
    with pytest.raises(PermissionDenied):
        psks.create(camat, data())
    psks.create(tksk, data())


# -- import / export / template -------------------------------------------------------------


def workbook(path: Path, rows: list[list[Any]]) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(HEADERS)
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def test_import_good_rows_and_update_on_reimport(office: Any, admin: Actor, tmp_path: Path) -> None:
    src = workbook(
        tmp_path / "p.xlsx",
        [
            ["PSM", "Siti Contoh", "", NIK, "Melilian", "Dusun I", "", "0812", ""],
            ["05", "Karang Taruna Bina Muda", "", "", "16.03.06.2021", "", "Budi", "", "Aktif"],
            [
                "Lembaga Kesejahteraan Sosial (LKS)",
                "LKS Harapan",
                "Lembaga",
                "",
                "sigam",
                "",
                "",
                "",
                "Nonaktif",
            ],
        ],
    )
    assert ip.import_file(admin, src, dry_run=True).created == 3
    assert not DataPSKS.select().exists()
    result = ip.import_file(admin, src)
    assert result.ok and (result.created, result.updated) == (3, 0)
    rows = {r.nama: r for r in psks.search(admin)}
    assert rows["Karang Taruna Bina Muda"].perorangan is False  # follows the PSKS type
    assert rows["Siti Contoh"].perorangan and rows["Siti Contoh"].desa == "Mililian"
    assert rows["LKS Harapan"].status == "tidak_aktif"
    out = tmp_path / "ekspor.xlsx"
    assert ip.export(admin, out) == 3
    ws = openpyxl.load_workbook(out).active
    values = [[c.value for c in r] for r in ws.iter_rows()]
    assert [
        "Pekerja Sosial Masyarakat (PSM)",
        "Siti Contoh",
        "Perorangan",
        "160306********01",
        "Mililian",
        "Dusun I",
        None,
        "0812",
        "Aktif",
        None,
    ] in values
    again = ip.import_file(admin, out)  # the export (masked NIK) imports back as updates
    assert again.ok and (again.created, again.updated) == (0, 3)
    assert DataPSKS.get(DataPSKS.nama == "Siti Contoh").nik == NIK


def test_bad_workbook_every_problem_nothing_written_with_suggestions(
    office: Any, admin: Actor, tmp_path: Path
) -> None:
    before = JejakAudit.select().count()
    src = workbook(
        tmp_path / "bad.xlsx",
        [
            ["Karang Tarun", "A", "", "", "Mililian", "", "", "", ""],  # close to Karang Taruna
            ["PSM", "", "", "16030612039", "Melillian", "", "", "", ""],  # name, NIK, desa
            ["99", "B", "Kelompok", "", "Mililian", "", "", "", "Mati"],
            ["PSM", "C", "Lembaga", NIK, "Mililian", "", "", "", ""],  # NIK for an institution
            ["PSM", "D", "", "", "Mililian", "", "", "", ""],
            ["psm", "d", "", "", "1603062016", "", "", "", ""],  # the same as the row above
        ],
    )
    result = ip.import_file(admin, src)
    assert not result.ok
    msgs = {(p.row, p.column): p.message for p in result.problems}
    assert set(msgs) == {
        (2, "Jenis PSKS"),
        (3, "Nama"),
        (3, "NIK"),
        (3, "Desa"),
        (4, "Jenis PSKS"),
        (4, "Perorangan/Lembaga"),
        (4, "Status"),
        (5, "NIK"),
        (7, "Nama"),
    }
    assert "Mungkin maksud Anda: Karang Taruna?" in msgs[(2, "Jenis PSKS")]
    assert "Mungkin maksud Anda: Melilian?" in msgs[(3, "Desa")]
    assert "baris 6" in msgs[(7, "Nama")]
    assert not DataPSKS.select().exists()
    assert JejakAudit.select().count() == before


def test_template_and_cli_registration(office: Any, tmp_path: Path) -> None:
    tpl = ip.write_template(tmp_path / "t.xlsx")
    wb = openpyxl.load_workbook(tpl)
    assert [c.value for c in wb["PSKS"][1]][:9] == HEADERS
    assert {"psks", "wilayah"} <= set(cli_tksk._available())
