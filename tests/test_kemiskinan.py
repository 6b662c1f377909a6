"""Poverty-indicator assessment with the built-in Berau instrument."""

from __future__ import annotations

import datetime as dt

import pytest

from kecamatan_app.models import Desa, Keluarga
from kecamatan_app.services import kemiskinan
from kecamatan_app.services.errors import PermissionDenied, ValidationError
from kecamatan_app.services.kemiskinan import Kelas


def _berau(actor):
    (inst_id, nama), = kemiskinan.instruments(actor)
    assert "Berau" in nama
    return kemiskinan.get(actor, inst_id)


def test_builtin_instrument_has_the_16_berau_indicators(admin):
    info = _berau(admin)
    assert len(info.indikator) == 16
    assert info.indikator[0].nama == "Status Kepemilikan"
    assert [o.teks for o in info.indikator[5].opsi] == ["sungai", "air hujan/sumur",
                                                        "sumber air fasilitas umum", "PDAM"]
    assert (info.skor_min, info.skor_maks) == (16, 64)
    assert [k.nama for k in info.kelas] == ["Sangat miskin", "Miskin", "Hampir miskin",
                                            "Tidak miskin"]


def test_assessment_total_and_class(admin):
    info = _berau(admin)
    kel = Keluarga.create(kepala="Kepala (contoh)", desa=Desa.select().first())
    poorest = {i.id: i.opsi[0].id for i in info.indikator}
    r = kemiskinan.assess(admin, info.id, kel.id, dt.date(2026, 10, 1), poorest)
    assert (r.total, r.kelas) == (16, "Sangat miskin")
    mixed = {i.id: i.opsi[2].id for i in info.indikator}  # 16 x 3 = 48
    assert kemiskinan.assess(admin, info.id, kel.id, dt.date(2026, 11, 1), mixed).kelas == \
        "Hampir miskin"
    assert [a.total for a in kemiskinan.assessments(admin, kel.id)] == [48, 16]


def test_every_indicator_must_be_answered(admin):
    info = _berau(admin)
    kel = Keluarga.create(kepala="Kepala (contoh)", desa=Desa.select().first())
    partial = {i.id: i.opsi[0].id for i in info.indikator[:10]}
    with pytest.raises(ValidationError, match="Pilih jawaban") as err:
        kemiskinan.assess(admin, info.id, kel.id, dt.date(2026, 10, 1), partial)
    assert len(err.value.problems) == 6
    assert kemiskinan.assessments(admin, kel.id) == []


def test_thresholds_are_configurable(admin, make_actor):
    info = _berau(admin)
    kemiskinan.set_classes(admin, info.id, [Kelas("Miskin", 40), Kelas("Tidak miskin", 64)])
    assert kemiskinan.get(admin, info.id).kelas_of(41) == "Tidak miskin"
    with pytest.raises(ValidationError, match="naik"):
        kemiskinan.set_classes(admin, info.id, [Kelas("A", 50), Kelas("B", 40)])
    with pytest.raises(ValidationError, match="skor tertinggi"):
        kemiskinan.set_classes(admin, info.id, [Kelas("A", 30)])
    with pytest.raises(PermissionDenied):
        kemiskinan.set_classes(make_actor("camat"), info.id, [Kelas("A", 64)])


def test_class_bound_below_the_lowest_score_is_refused(admin):
    info = _berau(admin)
    with pytest.raises(ValidationError, match="skor terendah"):
        kemiskinan.set_classes(admin, info.id, [Kelas("A", 10), Kelas("B", 64)])
