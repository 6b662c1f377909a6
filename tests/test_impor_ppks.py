"""Import and export of the PPKS registry by name (JENIS ppks)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from kecamatan_app.models import DataPPKS, JejakAudit, Keluarga, RiwayatDataPPKS, Warga
from kecamatan_app.services import impor_ppks
from kecamatan_app.services import registri as reg
from kecamatan_app.services.context import Actor
from kecamatan_app.services.errors import PermissionDenied
from tests.impor_bantu import write_rows

HEADERS = [c.header for c in impor_ppks.columns()]
KK = "1603061501100004"
BUDI = "1603061203990001"
SITI = "1603065507010003"


def person(**over: Any) -> dict[str, Any]:
    row = {
        "No. KK": KK,
        "NIK": BUDI,
        "Nama": "Budi Santoso",
        "Jenis Kelamin": "L",
        "Tanggal Lahir": "12-03-1999",
        "Hubungan": "Kepala Keluarga",
        "Alamat": "Jl. Kenanga 3",
        "Desa": "Mililian",
        "RT": "001",
        "RW": "002",
        "Kategori PPKS": "Fakir Miskin",
        "Status": "Terverifikasi",
        "Tanggal Verifikasi": "05-01-2026",
        "Catatan": "Rumah tidak layak",
    }
    row.update(over)
    return row


def workbook(path: Path, rows: list[dict[str, Any]]) -> Path:
    return write_rows(path, "PPKS", HEADERS, rows)


def counts() -> tuple[int, int, int, int]:
    return (
        Warga.select().count(),
        Keluarga.select().count(),
        DataPPKS.select().count(),
        JejakAudit.select().count(),
    )


def test_good_workbook_creates_household_persons_and_categories(
    admin: Actor, tmp_path: Path
) -> None:
    src = workbook(
        tmp_path / "ppks.xlsx",
        [
            person(),
            person(
                NIK=SITI,
                Nama="Siti Aminah",
                **{
                    "Jenis Kelamin": "P",
                    "Tanggal Lahir": "15-07-2001",
                    "Hubungan": "Istri",
                    "Kategori PPKS": "Wanita Rawan Sosial",
                    "Status": None,
                },
            ),
        ],
    )
    result = impor_ppks.import_file(admin, src)
    assert result.problems == []
    assert (result.created, result.updated) == (2, 0)
    kk = Keluarga.get(Keluarga.no_kk == KK)
    assert kk.kepala == "Budi Santoso"
    siti = Warga.get(Warga.nik == SITI)
    assert siti.keluarga_id == kk.id and siti.hubungan == "Istri"
    cat = DataPPKS.get(DataPPKS.warga == siti.id)
    assert cat.kategori.nama == "Perempuan Rawan Sosial Ekonomi"  # older name via alias
    assert cat.status == "teridentifikasi"
    budi = DataPPKS.get(DataPPKS.warga == Warga.get(Warga.nik == BUDI).id)
    assert (budi.status, budi.tanggal_verifikasi) == ("terverifikasi", dt.date(2026, 1, 5))
    assert JejakAudit.select().where(JejakAudit.aksi == "impor").count() == 1


def test_bad_cells_are_listed_with_suggestions_and_nothing_is_written(
    admin: Actor, tmp_path: Path
) -> None:
    before = counts()
    src = workbook(
        tmp_path / "salah.xlsx",
        [
            person(NIK="1603061203990000", Desa="Milian"),
            person(
                NIK=SITI,
                Nama="Siti",
                **{
                    "No. KK": "12345",
                    "Kategori PPKS": "Fakir Miskn",
                    "Tanggal Lahir": "31-02-2001",
                    "Jenis Kelamin": "P",
                },
            ),
            person(NIK=SITI, Nama="Siti Lagi"),
        ],
    )
    result = impor_ppks.import_file(admin, src)
    where = {(p.row, p.column): p.message for p in result.problems}
    assert "0000" in where[(2, "NIK")]
    assert "Mungkin maksud Anda 'Mililian'" in where[(2, "Desa")]
    assert "16 angka" in where[(3, "No. KK")]
    assert "Mungkin maksud Anda 'Fakir Miskin'" in where[(3, "Kategori PPKS")]
    assert "Februari" in where[(3, "Tanggal Lahir")]
    assert "baris 3" in where[(4, "NIK")]  # the same NIK twice in the file
    assert counts() == before


def test_existing_nik_updates_person_and_adds_new_category(admin: Actor, tmp_path: Path) -> None:
    impor_ppks.import_file(admin, workbook(tmp_path / "a.xlsx", [person()]))
    wid = Warga.get(Warga.nik == BUDI).id
    again = workbook(
        tmp_path / "b.xlsx",
        [person(Alamat="Jl. Baru 1", **{"Kategori PPKS": "24", "Status": "Ditangani"})],
    )
    result = impor_ppks.import_file(admin, again)
    assert (result.created, result.updated, result.problems) == (0, 1, [])
    assert Warga.get_by_id(wid).alamat == "Jl. Baru 1"
    cat = DataPPKS.get(DataPPKS.warga == wid)
    assert cat.status == "ditangani"
    assert RiwayatDataPPKS.select().where(RiwayatDataPPKS.data == cat.id).count() == 2
    third = workbook(tmp_path / "c.xlsx", [person(**{"Kategori PPKS": "Pemulung"})])
    assert impor_ppks.import_file(admin, third).updated == 1
    assert DataPPKS.select().where(DataPPKS.warga == wid).count() == 2
    assert Warga.select().count() == 1


def test_dry_run_writes_nothing(admin: Actor, tmp_path: Path) -> None:
    before = counts()
    result = impor_ppks.import_file(admin, workbook(tmp_path / "a.xlsx", [person()]), dry_run=True)
    assert (result.created, result.problems) == (1, [])
    assert counts() == before


def test_template_reads_back(admin: Actor, tmp_path: Path) -> None:
    out = impor_ppks.write_template(tmp_path / "t.xlsx")
    wb = openpyxl.load_workbook(out)
    assert [c.value for c in wb["PPKS"][1]][: len(HEADERS)] == HEADERS


def test_export_masks_nik_unless_asked_and_audits(
    admin: Actor, make_actor: Any, tmp_path: Path
) -> None:
    impor_ppks.import_file(admin, workbook(tmp_path / "a.xlsx", [person()]))

    def cells(path: Path) -> list[Any]:
        ws = openpyxl.load_workbook(path).active
        rows = list(ws.iter_rows(values_only=True))
        head = next(i for i, r in enumerate(rows) if r and r[0] == "No. KK")
        return list(rows[head + 1])

    masked = cells(Path(impor_ppks.export(admin, tmp_path / "m.xlsx") and tmp_path / "m.xlsx"))
    assert masked[1] == "160306********01" and masked[2] == "Budi Santoso"
    assert masked[11] == "Fakir Miskin"
    impor_ppks.export(admin, tmp_path / "f.xlsx", with_nik=True)
    assert cells(tmp_path / "f.xlsx")[1] == BUDI
    texts = [j.ringkasan for j in JejakAudit.select().where(JejakAudit.aksi == "ekspor")]
    assert any("NIK lengkap" in t for t in texts) and any("disamarkan" in t for t in texts)
    camat = make_actor("camat")
    with pytest.raises(PermissionDenied):
        impor_ppks.export(camat, tmp_path / "c.xlsx", with_nik=True)
    assert not (tmp_path / "c.xlsx").exists()
    assert reg.count(camat) == 1
