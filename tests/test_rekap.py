"""Per-desa PPKS/PSKS counts: periods, grid totals, differences, saving all or nothing, copying
the previous period and the audit entry."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from kecamatan_app.models import JejakAudit, RekapPemetaan
from kecamatan_app.services import rekap
from kecamatan_app.services.context import Actor
from kecamatan_app.services.errors import Conflict, PermissionDenied, ValidationError
from kecamatan_app.services.rekap import CellChange, Periode

P = Periode(2026, semester=1)


def _ids(actor: Actor) -> tuple[list[int], dict[str, int]]:
    g = rekap.grid(actor, P, "PPKS")
    return [d.id for d in g.desa], {k.kode: k.id for k in g.kategori}


def test_periode_label_and_previous() -> None:
    assert Periode(2026).label == "2026"
    assert Periode(2026, semester=1).label == "Semester 1 2026"
    assert Periode(2026, bulan=3).label == "Maret 2026"
    assert Periode(2026, bulan=1).previous() == Periode(2025, bulan=12)
    assert Periode(2026, bulan=3).previous() == Periode(2026, bulan=2)
    assert Periode(2026, semester=1).previous() == Periode(2025, semester=2)
    assert Periode(2026, semester=2).previous() == Periode(2026, semester=1)
    assert Periode(2026).previous() == Periode(2025)
    with pytest.raises(ValidationError):
        Periode(2026, semester=1, bulan=2)


def test_grid_totals_and_differences(admin: Actor) -> None:
    desa, kat = _ids(admin)
    n = rekap.save_cells(
        admin,
        P,
        [
            CellChange(desa[0], kat["09"], "desa", 10),
            CellChange(desa[0], kat["09"], "temuan", "12"),
            CellChange(desa[1], kat["09"], "desa", "1.234"),
            CellChange(desa[1], kat["09"], "temuan", 1234),
            CellChange(desa[0], kat["24"], "temuan", 5),
        ],
    )
    assert n == 5
    g = rekap.grid(admin, P, "PPKS")
    assert [k.kode for k in g.kategori][:3] == ["01", "02", "03"] and len(g.kategori) == 26
    assert g.cell(desa[0], kat["09"]).berbeda
    assert not g.cell(desa[1], kat["09"]).berbeda  # equal
    assert not g.cell(desa[0], kat["24"]).berbeda  # desa side unknown
    assert g.cell(desa[0], kat["24"]).jumlah_desa is None
    assert g.cell(desa[0], kat["24"]).satuan == "KK"
    assert g.total_kategori[kat["09"]] == rekap.Total(1244, 1246)
    assert g.total_desa[desa[0]] == rekap.Total(10, 17)
    assert g.total == rekap.Total(1244, 1251)
    assert g.berbeda == 1
    assert rekap.grid(admin, P, "PSKS").total == rekap.Total(0, 0)
    assert rekap.grid(admin, Periode(2026), "PPKS").total == rekap.Total(0, 0)


def test_save_cells_validation_is_all_or_nothing(admin: Actor) -> None:
    desa, kat = _ids(admin)
    with pytest.raises(ValidationError) as err:
        rekap.save_cells(
            admin,
            P,
            [
                CellChange(desa[0], kat["09"], "desa", 7),
                CellChange(desa[0], kat["01"], "desa", -3),
                CellChange(desa[0], kat["02"], "temuan", "tujuh"),
                CellChange(desa[0], kat["03"], "temuan", 2.5),
                CellChange(999999, kat["09"], "desa", 1),
                CellChange(desa[0], 999999, "desa", 1),
            ],
        )
    messages = [p.message for p in err.value.problems]
    assert len(messages) == 5
    assert "negatif" in messages[0] and "bukan angka" in messages[1]
    assert "bilangan bulat" in messages[2]
    assert "Desa/kelurahan ini tidak dikenal" in messages[3]
    assert "tidak dikenal" in messages[4]
    assert "tidak ada yang disimpan" in str(err.value)
    assert RekapPemetaan.select().count() == 0


def test_blank_clears_to_unknown_and_audit_has_old_and_new(admin: Actor) -> None:
    desa, kat = _ids(admin)
    rekap.save_cells(admin, P, [CellChange(desa[0], kat["09"], "desa", 4)])
    assert rekap.save_cells(admin, P, [CellChange(desa[0], kat["09"], "desa", 4)]) == 0
    before = JejakAudit.select().count()
    rekap.save_cells(
        admin,
        P,
        [CellChange(desa[0], kat["09"], "desa", ""), CellChange(desa[0], kat["09"], "temuan", 3)],
    )
    assert JejakAudit.select().count() == before + 1  # one summary entry
    entry = JejakAudit.select().order_by(JejakAudit.id.desc()).first()
    assert "Semester 1 2026" in entry.ringkasan and "2 angka" in entry.ringkasan
    lama, baru = json.loads(entry.data_lama), json.loads(entry.data_baru)
    key = next(k for k in lama if k.endswith("Dilaporkan desa"))
    assert "PPKS 09 Penyandang Disabilitas" in key
    assert lama[key] == 4 and baru[key] is None
    key_t = next(k for k in baru if k.endswith("Temuan TKSK"))
    assert lama[key_t] is None and baru[key_t] == 3
    assert rekap.grid(admin, P, "PPKS").cell(desa[0], kat["09"]) == rekap.Sel(None, 3, "jiwa")


def test_someone_else_saved_after_loading(admin: Actor) -> None:
    desa, kat = _ids(admin)
    rekap.save_cells(admin, P, [CellChange(desa[0], kat["09"], "desa", 1)])
    loaded = dt.datetime.now().replace(microsecond=0) - dt.timedelta(seconds=5)
    with pytest.raises(Conflict):
        rekap.save_cells(admin, P, [CellChange(desa[0], kat["09"], "desa", 2)], loaded)
    assert rekap.grid(admin, P, "PPKS").cell(desa[0], kat["09"]).jumlah_desa == 1


def test_copy_previous_fills_only_empty_cells(admin: Actor) -> None:
    desa, kat = _ids(admin)
    before = P.previous()
    rekap.save_cells(
        admin,
        before,
        [
            CellChange(desa[0], kat["09"], "desa", 8),
            CellChange(desa[0], kat["09"], "temuan", 9),
            CellChange(desa[1], kat["08"], "desa", 20),
        ],
    )
    rekap.save_cells(admin, P, [CellChange(desa[1], kat["08"], "desa", 25)])
    assert rekap.copy_previous(admin, P, "PPKS") == 1
    g = rekap.grid(admin, P, "PPKS")
    assert g.cell(desa[0], kat["09"]) == rekap.Sel(8, 9, "jiwa")
    assert g.cell(desa[1], kat["08"]).jumlah_desa == 25  # kept
    assert (
        "disalin dari Semester 2 2025"
        in JejakAudit.select().order_by(JejakAudit.id.desc()).first().ringkasan
    )
    assert rekap.copy_previous(admin, P, "PPKS") == 0
    assert rekap.copy_previous(admin, P, "PPKS", overwrite=True) == 2
    assert rekap.grid(admin, P, "PPKS").cell(desa[1], kat["08"]).jumlah_desa == 20


def test_summary_matches_grid(admin: Actor) -> None:
    desa, kat = _ids(admin)
    rekap.save_cells(
        admin,
        P,
        [
            CellChange(desa[0], kat["09"], "desa", 10),
            CellChange(desa[0], kat["09"], "temuan", 30),
            CellChange(desa[1], kat["24"], "desa", 50),
            CellChange(desa[1], kat["24"], "temuan", 45),
        ],
    )
    s = rekap.summary(admin, P)
    assert [(k.kode, t) for k, t in s.per_kategori] == [
        ("09", rekap.Total(10, 30)),
        ("24", rekap.Total(50, 45)),
    ]
    assert dict((d.id, t) for d, t in s.per_desa)[desa[0]] == rekap.Total(10, 30)
    assert [x.selisih for x in s.selisih_terbesar] == [20, -5]
    assert s.total == rekap.Total(60, 75) and s.sel_berbeda == 2


def test_roles(admin: Actor, make_actor: Any) -> None:
    desa, kat = _ids(admin)
    camat, tksk = make_actor("camat"), make_actor("tksk")
    rekap.grid(camat, P, "PPKS")
    with pytest.raises(PermissionDenied):
        rekap.save_cells(camat, P, [CellChange(desa[0], kat["09"], "desa", 1)])
    assert rekap.save_cells(tksk, P, [CellChange(desa[0], kat["09"], "temuan", 1)]) == 1


@pytest.mark.parametrize("typed", ["1" * 30, "9" * 5000, 10**30])
def test_a_huge_count_is_refused_with_a_message(typed: object) -> None:
    from kecamatan_app.services.rekap_tulis import parse_jumlah

    with pytest.raises(ValueError, match="terlalu besar untuk jumlah satu desa"):
        parse_jumlah(typed)
