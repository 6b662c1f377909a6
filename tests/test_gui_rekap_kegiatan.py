"""Kegiatan > Rekap: the period chooser, referrals per agency and status, activities per function
and form per desa (the numbers are the services' numbers), and both Excel exports."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from kecamatan_app.models import BentukKegiatan
from kecamatan_app.services import desa, referensi, rekap_kegiatan, rujukan, rujukan_daftar
from kecamatan_app.services import kegiatan as keg
from kecamatan_app.services import registri as reg
from kecamatan_app.services.context import Actor
from kecamatan_app.services.rujukan import STATUS, RujukanData
from kecamatan_app.views.kegiatan.rekap_model import (
    COL_JUMLAH,
    COL_TERLAMBAT,
    RekapInstansiModel,
    RekapKegiatanModel,
)
from kecamatan_app.views.kegiatan.rekap_periode import PeriodeKegiatan
from kecamatan_app.views.kegiatan.rekap_tab import RekapKegiatanTab

TODAY = dt.date.today()


@pytest.fixture
def filled(admin: Actor, tksk_aktif: int) -> dict[str, Any]:
    """Five referrals in several states and agencies, and two other activities."""
    sigam = desa.resolve("Sigam")
    assert sigam is not None
    wid = reg.create_warga(admin, reg.WargaData(
        nik="1603061203990001", nama="Budi Santoso", jenis_kelamin="L", desa_id=sigam.id)).id
    inst = {r.nama: r.id for r in referensi.rows("instansi", include_inactive=False)}
    day = TODAY - dt.timedelta(days=40)

    def make(agency: str, offset: int) -> int:
        return rujukan.create(admin, RujukanData(day + dt.timedelta(days=offset), inst[agency],
                                                 "Kebutuhan", warga_id=wid)).id

    a, b, c = make("Puskesmas", 0), make("Puskesmas", 1), make("RSUD", 2)
    make("RSUD", 3)  # stays open: overdue
    d = make("Dinas Pendidikan", 39)
    rujukan.ubah_status(admin, a, "diterima", day + dt.timedelta(days=5))
    rujukan.ubah_status(admin, a, "selesai", day + dt.timedelta(days=9), "Dirawat",
                        hasil="berhasil")
    rujukan.ubah_status(admin, b, "ditolak", day + dt.timedelta(days=6), "Berkas kurang")
    rujukan.ubah_status(admin, c, "diterima", day + dt.timedelta(days=6))
    rujukan.ubah_status(admin, c, "selesai", day + dt.timedelta(days=8), "Tidak ada kamar",
                        hasil="tidak_berhasil")
    rujukan.ubah_status(admin, d, "dibatalkan", TODAY, "Klien pindah")
    bentuk = {x.kode: x for x in BentukKegiatan.select()}
    for kode, desa_ids in (("pendampingan", [sigam.id]), ("pencatatan", [])):
        b_ = bentuk[kode]
        keg.create(admin, keg.KegiatanData(
            TODAY - dt.timedelta(days=3), b_.fungsi_id, b_.id, f"Kegiatan {kode}",
            lingkup="desa" if desa_ids else "kecamatan", desa_ids=desa_ids,
            uraian="Uraian", hasil="Hasil", status="final"))
    return {"dari": day - dt.timedelta(days=1), "sampai": TODAY}


def test_models_pass_modeltester(qtmodeltester: Any, admin: Actor, filled: Any) -> None:
    m1 = RekapInstansiModel()
    m1.set_rows(rujukan_daftar.rekap_per_instansi(admin, filled["dari"], filled["sampai"]))
    qtmodeltester.check(m1)
    m2 = RekapKegiatanModel()
    m2.set_rekap(rekap_kegiatan.per_desa(admin, filled["dari"], filled["sampai"]))
    qtmodeltester.check(m2)


def test_period_chooser_ranges(qtbot: Any) -> None:
    chooser = PeriodeKegiatan(today=dt.date(2026, 2, 10))
    qtbot.addWidget(chooser)
    assert chooser.range() == (dt.date(2026, 2, 1), dt.date(2026, 2, 28))
    assert chooser.label() == "Februari 2026"
    chooser.set_year(2025)
    assert chooser.range() == (dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    assert chooser.month.isHidden() and not chooser.year.isHidden()
    chooser.set_range(dt.date(2026, 1, 5), dt.date(2026, 3, 1))
    assert chooser.range() == (dt.date(2026, 1, 5), dt.date(2026, 3, 1))
    assert chooser.year.isHidden() and not chooser.dari.isHidden()
    assert chooser.slug() == "2026-01-05-sd-2026-03-01"


def test_numbers_equal_the_services(qtbot: Any, admin: Actor, filled: Any) -> None:
    tab = RekapKegiatanTab(admin)
    qtbot.addWidget(tab)
    tab.periode.set_range(filled["dari"], filled["sampai"])
    expected = rujukan_daftar.rekap_per_instansi(admin, filled["dari"], filled["sampai"])
    m = tab.instansi_model
    assert m.rowCount() == len(expected) == 4  # Puskesmas, RSUD, Dinas Pendidikan, Jumlah
    for row, item in enumerate(expected):
        shown = [m.index(row, c).data() for c in range(m.columnCount())]
        assert shown == [item.instansi, *(str(item.per_status[s]) for s in STATUS),
                         str(item.berhasil), str(item.tidak_berhasil), str(item.terlambat),
                         str(item.jumlah)]
    total = expected[-1]
    assert (total.jumlah, total.berhasil, total.tidak_berhasil, total.terlambat) == (5, 1, 1, 1)
    assert m.index(3, COL_JUMLAH).data() == "5"
    assert m.index(3, COL_TERLAMBAT).data() == "1"
    assert "5 rujukan" in tab.instansi_note.text()

    rk = rekap_kegiatan.per_desa(admin, filled["dari"], filled["sampai"])
    k = tab.kegiatan_model
    assert k.rowCount() == len(rk.baris) + 1
    assert k.columnCount() == len(rk.kolom) + 2
    for row, line in enumerate([*rk.baris, rk.total]):
        assert k.index(row, 0).data() == line.desa
        for col, kolom in enumerate(rk.kolom, start=1):
            assert k.index(row, col).data() == str(line.sel.get(kolom.bentuk_id, 0))
        assert k.index(row, len(rk.kolom) + 1).data() == str(line.jumlah)
    assert rk.total.jumlah == 7  # five referrals and two other activities
    first = rk.kolom[0]
    assert str(k.headerData(1, Qt.Orientation.Horizontal)).startswith(first.fungsi.upper())
    # a month without any record shows zeros, not stale numbers
    tab.periode.set_year(2001)
    assert tab.instansi_model.rowCount() == 1 and "Tidak ada rujukan" in tab.instansi_note.text()
    assert tab.kegiatan_model.index(tab.kegiatan_model.rowCount() - 1, 1).data() == "0"


def _table(path: Path) -> tuple[list[Any], list[tuple[Any, ...]]]:
    rows = list(openpyxl.load_workbook(path).active.iter_rows(values_only=True))
    head = next(i for i, r in enumerate(rows) if r[0] in ("Instansi tujuan", "Desa/kelurahan"))
    return list(rows[head]), rows[head + 1:]


def test_both_exports_read_back(
    qtbot: Any, admin: Actor, filled: Any, msgbox: Any, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    tab = RekapKegiatanTab(admin)
    qtbot.addWidget(tab)
    tab.periode.set_range(filled["dari"], filled["sampai"])
    targets = iter([tmp_path / "rujukan.xlsx", tmp_path / "kegiatan.xlsx"])
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(next(targets)), "")))
    tab.export_instansi.click()
    qtbot.waitUntil(lambda: any(c[1] == "Ekspor selesai" for c in msgbox.calls),
                    timeout=10000)
    headers, data = _table(tmp_path / "rujukan.xlsx")
    assert headers == ["Instansi tujuan", *STATUS.values(), "Berhasil", "Tidak berhasil",
                       "Terlambat", "Jumlah"]
    expected = rujukan_daftar.rekap_per_instansi(admin, filled["dari"], filled["sampai"])
    assert [r[0] for r in data] == [e.instansi for e in expected]
    assert data[-1][-1] == 5 and data[-1][headers.index("Terlambat")] == 1

    tab.export_kegiatan.click()
    qtbot.waitUntil(lambda: sum(c[1] == "Ekspor selesai" for c in msgbox.calls) == 2,
                    timeout=10000)
    headers, data = _table(tmp_path / "kegiatan.xlsx")
    rk = rekap_kegiatan.per_desa(admin, filled["dari"], filled["sampai"])
    assert headers[1] == f"{rk.kolom[0].fungsi}: {rk.kolom[0].bentuk}"
    assert [r[0] for r in data] == [b.desa for b in rk.baris] + ["Jumlah"]
    assert data[-1][-1] == rk.total.jumlah == 7
    rujukan_col = next(i for i, k in enumerate(rk.kolom, start=1) if k.bentuk == "Rujukan")
    assert data[-1][rujukan_col] == 5
