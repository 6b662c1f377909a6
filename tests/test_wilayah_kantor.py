"""Desa names, aliases and dusun of the office, and the `wilayah` import/export/template."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest

from kecamatan_app.models import DesaAlias, Dusun, JejakAudit, Keluarga, Warga
from kecamatan_app.services import desa as desa_service
from kecamatan_app.services import impor_wilayah as iw
from kecamatan_app.services import wilayah_kantor as wk
from kecamatan_app.services.context import Actor
from kecamatan_app.services.errors import Conflict, PermissionDenied, ValidationError

MILILIAN = "16.03.06.2016"
SIGAM = "16.03.06.2021"


def by_kode(kode: str) -> wk.DesaDetail:
    return next(d for d in wk.desa_rows() if d.kode == kode)


def test_list_shows_desa_with_aliases_and_dusun_counts(office: Any, admin: Actor) -> None:
    rows = wk.desa_rows()
    assert len(rows) == 23 and rows[0].jenis_label == "Kelurahan"
    assert "Melilian" in by_kode(MILILIAN).alias
    wk.create_dusun(admin, by_kode(MILILIAN).id, "Dusun I")
    wk.create_dusun(admin, by_kode(MILILIAN).id, "Dusun II")
    assert by_kode(MILILIAN).jumlah_dusun == 2 and by_kode(SIGAM).jumlah_dusun == 0


def test_rename_keeps_code_and_old_name_resolves_as_alias(office: Any, admin: Actor) -> None:
    d = by_kode(SIGAM)
    after = wk.rename_desa(admin, d.id, "Sigam Baru", d.versi)
    assert after.kode == SIGAM and after.nama == "Sigam Baru" and "Sigam" in after.alias
    hit = desa_service.resolve("sigam")
    assert hit is not None and hit.id == d.id and hit.nama == "Sigam Baru"
    last = JejakAudit.select().order_by(JejakAudit.id.desc()).first()
    assert "Sigam" in last.ringkasan
    # the edit race: the form's old versi is refused
    with pytest.raises(Conflict, match="diubah orang lain"):
        wk.rename_desa(admin, d.id, "Sigam Lagi", d.versi)


def test_renaming_to_an_alias_of_itself_swaps_them(office: Any, admin: Actor) -> None:
    d = by_kode(MILILIAN)
    after = wk.rename_desa(admin, d.id, "Melilian", d.versi)
    assert after.nama == "Melilian" and "Mililian" in after.alias
    assert "Melilian" not in after.alias


def test_alias_rules(office: Any, admin: Actor) -> None:
    d = by_kode(SIGAM)
    with pytest.raises(ValidationError, match="nama desa Midar"):
        wk.add_alias(admin, d.id, "midar")
    with pytest.raises(ValidationError, match="nama lain dari Mililian"):
        wk.add_alias(admin, d.id, "MELILIAN")
    with pytest.raises(ValidationError, match="nama desa Midar"):
        wk.rename_desa(admin, d.id, "Midar", None)
    after = wk.add_alias(admin, d.id, "  Sigam   Ulu ")
    assert "Sigam Ulu" in after.alias
    assert wk.add_alias(admin, d.id, "sigam ulu").alias == after.alias  # no duplicate
    assert "Sigam Ulu" not in wk.remove_alias(admin, d.id, "SIGAM ULU").alias
    assert DesaAlias.select().where(DesaAlias.alias == "Sigam Ulu").count() == 0


def test_activate_and_deactivate(office: Any, admin: Actor) -> None:
    d = by_kode(SIGAM)
    off = wk.set_aktif(admin, d.id, False, d.versi)
    assert not off.aktif and SIGAM not in {x.kode for x in desa_service.all_desa()}
    assert wk.set_aktif(admin, d.id, True, off.versi).aktif


def test_dusun_crud_unique_per_desa_and_refused_when_used(office: Any, admin: Actor) -> None:
    mil, sig = by_kode(MILILIAN), by_kode(SIGAM)
    u = wk.create_dusun(admin, mil.id, "Dusun I")
    wk.create_dusun(admin, sig.id, "Dusun I")  # the same name in another desa is fine
    with pytest.raises(ValidationError, match="sudah ada"):
        wk.create_dusun(admin, mil.id, "dusun  i")
    with pytest.raises(ValidationError, match="wajib"):
        wk.create_dusun(admin, mil.id, "  ")
    u = wk.update_dusun(admin, u.id, "Dusun Satu", "dekat sungai", u.versi)
    assert [x.nama for x in wk.dusun_list(mil.id)] == ["Dusun Satu"]
    with pytest.raises(Conflict):
        wk.update_dusun(admin, u.id, "Dusun 1", "", u.versi - 1)
    kk = Keluarga.create(kepala="Contoh", desa=mil.id, dusun=u.id)
    with pytest.raises(Conflict, match="1 keluarga"):
        wk.delete_dusun(admin, u.id)
    kk.delete_instance()
    Warga.create(nama="Contoh", jenis_kelamin="L", desa=mil.id, dusun=u.id)
    with pytest.raises(Conflict, match="1 warga"):
        wk.delete_dusun(admin, u.id)
    Warga.delete().execute()
    wk.delete_dusun(admin, u.id)
    assert not Dusun.select().where(Dusun.desa == mil.id).exists()


def test_only_wilayah_ubah_may_change(office: Any, make_actor: Any) -> None:
    d = by_kode(SIGAM)
    for role in ("camat", "tksk"):
        actor = make_actor(role)
        with pytest.raises(PermissionDenied):
            wk.rename_desa(actor, d.id, "X", None)
        with pytest.raises(PermissionDenied):
            wk.create_dusun(actor, d.id, "X")
    wk.create_dusun(make_actor("operator"), d.id, "Dusun Operator")


# -- import / export / template -------------------------------------------------------------


def workbook(path: Path, rows: list[list[Any]]) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Kode Desa", "Nama Desa", "Jenis", "Alias", "Dusun"])
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def test_import_renames_adds_aliases_and_dusun(office: Any, admin: Actor, tmp_path: Path) -> None:
    src = workbook(
        tmp_path / "w.xlsx",
        [
            [SIGAM, "Sigam Jaya", "Desa", "Sigam Lama; Segam", "Dusun I; Dusun II;dusun i"],
            ["1603062016", "Mililian", "Desa", "", "Dusun A"],
        ],
    )
    dry = iw.import_file(admin, src, dry_run=True)
    assert dry.ok and (dry.created, dry.updated) == (3, 1)
    assert by_kode(SIGAM).nama == "Sigam"
    result = iw.import_file(admin, src)
    assert result.ok and (result.created, result.updated) == (3, 1)
    sig = by_kode(SIGAM)
    assert sig.nama == "Sigam Jaya" and set(sig.alias) == {"Sigam", "Sigam Lama", "Segam"}
    assert [u.nama for u in wk.dusun_list(sig.id)] == ["Dusun I", "Dusun II"]
    hit = desa_service.resolve("Segam")
    assert hit is not None and hit.kode == SIGAM
    again = iw.import_file(admin, src)  # importing the same file again changes nothing
    assert again.ok and (again.created, again.updated) == (0, 0)


def test_bad_workbook_lists_every_problem_and_writes_nothing(
    office: Any, admin: Actor, tmp_path: Path
) -> None:
    before = JejakAudit.select().count()
    src = workbook(
        tmp_path / "bad.xlsx",
        [
            ["16.03.06.2099", "Entah", "Desa", "", ""],  # unknown code
            ["16.03.06.2022", "", "Desa", "", "Dusun X"],  # name missing
            [SIGAM, "Midar", "Desa", "Mililian", "D" * 120],  # another desa's name/alias; long
            [MILILIAN, "Mililian", "Desa", "", "Baru"],
            ["1603062016", "Mililian", "Desa", "", ""],  # the same desa twice
        ],
    )
    result = iw.import_file(admin, src)
    assert not result.ok
    got = {(p.row, p.column) for p in result.problems}
    assert got == {
        (2, "Kode Desa"),
        (3, "Nama Desa"),
        (4, "Nama Desa"),
        (4, "Alias"),
        (4, "Dusun"),
        (6, "Kode Desa"),
    }
    msgs = {(p.row, p.column): p.message for p in result.problems}
    assert "Mungkin maksud Anda: 16.03.06.2019 (Kerta Mulya)?" in msgs[(2, "Kode Desa")]
    assert "baris 5" in msgs[(6, "Kode Desa")]
    assert not Dusun.select().exists()
    assert by_kode(SIGAM).nama == "Sigam"
    assert JejakAudit.select().count() == before


def test_export_reads_back_and_template_has_codes(
    office: Any, admin: Actor, tmp_path: Path
) -> None:
    wk.create_dusun(admin, by_kode(MILILIAN).id, "Dusun I")
    out = tmp_path / "ekspor.xlsx"
    assert iw.export(admin, out) == 23
    ws = openpyxl.load_workbook(out).active
    rows = [[c.value for c in r] for r in ws.iter_rows()]
    header = rows.index(["Kode Desa", "Nama Desa", "Jenis", "Alias", "Dusun"])
    mil = next(r for r in rows[header:] if r[0] == MILILIAN)
    assert mil[1] == "Mililian" and "Melilian" in mil[3] and mil[4] == "Dusun I"
    assert iw.import_file(admin, out).ok  # an export imports back unchanged
    tpl = iw.write_template(tmp_path / "templat.xlsx")
    wb = openpyxl.load_workbook(tpl)
    assert [c.value for c in wb["Wilayah"][1]] == [
        "Kode Desa",
        "Nama Desa",
        "Jenis",
        "Alias",
        "Dusun",
    ]
    assert "Petunjuk" in wb.sheetnames
