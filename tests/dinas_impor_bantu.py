"""Shared by the import tests of a Dinas database (tests/test_dinas_impor*.py): the world of
:mod:`tests.dinas_bantu` (Gelumbang = A, Tanjung Agung = B) where B also has a desa "Sigam", as
A has (two kecamatan of Muara Enim may have desa of the same name)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl

from kecamatan_app.models import Desa
from kecamatan_app.services import desa, wilayah_kantor
from tests import dinas_bantu as bantu

KEMBAR = "Sigam"  # a desa of A, and (renamed from Matas) of B
HANYA_B = "Embawang"  # a desa of B only


def dunia(tmp: Path) -> bantu.Dunia:
    d = bantu.dunia(tmp)
    matas = Desa.get((Desa.kecamatan == d.b.kecamatan_id) & (Desa.nama == "Matas"))
    wilayah_kantor.update_desa(d.cast["admin_b"], matas.id, KEMBAR, (), None)
    # the test means something only if a lookup without the kecamatan would take B's desa
    hit = desa.resolve(KEMBAR)
    assert hit is not None and hit.id == desa_id(d.b.kecamatan_id, KEMBAR)
    return d


def desa_id(kecamatan_id: int, nama: str) -> int:
    return int(Desa.get((Desa.kecamatan == kecamatan_id) & (Desa.nama == nama)).id)


def desa_kode(kecamatan_id: int, nama: str) -> str:
    return str(Desa.get((Desa.kecamatan == kecamatan_id) & (Desa.nama == nama)).kode)


def nama_desa(kecamatan_id: int) -> set[str]:
    return {str(d.nama) for d in Desa.select().where(Desa.kecamatan == kecamatan_id)}


def sheet_text(path: Path) -> str:
    wb = openpyxl.load_workbook(path, read_only=True)
    return " | ".join(str(c) for ws in wb.worksheets for row in ws.iter_rows(values_only=True)
                      for c in row if c is not None)


def pilihan(path: Path, header: str) -> set[str]:
    """The drop-down list of column ``header`` of a template (its hidden "Pilihan" sheet)."""
    wb = openpyxl.load_workbook(path)
    if "Pilihan" not in wb.sheetnames:
        return set()
    rows = list(wb["Pilihan"].iter_rows(values_only=True))
    if not rows or header not in rows[0]:
        return set()
    col = list(rows[0]).index(header)
    return {str(r[col]) for r in rows[1:] if r[col] is not None}


def messages(result: Any) -> str:
    return " ".join(p.message for p in result.problems)
