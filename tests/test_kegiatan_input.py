"""Bad input to the activity form: one ValidationError naming the field, nothing written."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from kecamatan_app.models import Kegiatan
from kecamatan_app.services import kegiatan, penugasan
from kecamatan_app.services.context import Actor
from kecamatan_app.services.errors import ValidationError
from kecamatan_app.services.kegiatan import MitraData
from tests.conftest import appoint_tksk
from tests.kegiatan_bantu import (
    HARI,
    TODAY,
    bentuk,
    counts,
    data,
    desa_id,
    fields,
    fungsi,
    other_kecamatan_desa,
)

CASES: dict[str, tuple[Callable[[], dict[str, Any]], str, str]] = {
    "far future draft": (lambda: {"tanggal": TODAY + dt.timedelta(days=400), "status": "draf"},
                         "tanggal", "terlalu jauh"),
    "future final": (lambda: {"tanggal": TODAY + dt.timedelta(days=1)}, "tanggal",
                     "belum terjadi"),
    "year typo": (lambda: {"tanggal": dt.date(1925, 5, 1)}, "tanggal", "terlalu lampau"),
    "no date": (lambda: {"tanggal": None}, "tanggal", "wajib"),
    "before term": (lambda: {"tanggal": TODAY - dt.timedelta(days=500)}, "tanggal",
                    "sebelum TKSK mulai bertugas"),
    "end before start": (lambda: {"jam_mulai": dt.time(14, 0), "jam_selesai": dt.time(10, 0)},
                         "jam_selesai", "sebelum jam mulai"),
    "end without start": (lambda: {"jam_mulai": None}, "jam_mulai", "jam mulai"),
    "negative men": (lambda: {"peserta_l": -1}, "peserta_l", "negatif"),
    "negative women": (lambda: {"peserta_p": -4}, "peserta_p", "negatif"),
    "absurd count": (lambda: {"peserta_p": 1_000_000}, "peserta_p", "terlalu besar"),
    "unknown desa": (lambda: {"desa_ids": [99_999]}, "desa", "tidak dikenal"),
    "one desa for several": (lambda: {"lingkup": "beberapa"}, "desa", "dua desa"),
    "two desa for one": (lambda: {"desa_ids": [desa_id("Sigam"), desa_id("Jambu")]}, "desa",
                         "satu desa"),
    "unknown place kind": (lambda: {"lingkup": "provinsi"}, "lingkup", "Lokasi"),
    "form of another function": (lambda: {"bentuk_id": bentuk("rujukan")}, "bentuk",
                                 "bukan bentuk fungsi Koordinasi"),
    "fasilitasi form under administrasi": (
        lambda: {"fungsi_id": fungsi("administrasi"), "bentuk_id": bentuk("pendampingan")},
        "bentuk", "bukan bentuk fungsi Administrasi"),
    "rujukan through the activity form": (
        lambda: {"fungsi_id": fungsi("fasilitasi"), "bentuk_id": bentuk("rujukan")}, "bentuk",
        "tab Rujukan"),
    "no function": (lambda: {"fungsi_id": None}, "fungsi", "Pilih fungsi"),
    "unknown form": (lambda: {"bentuk_id": 99_999}, "bentuk", "Pilih bentuk"),
    "unknown program": (lambda: {"program_id": 99_999}, "program", "tidak dikenal"),
    "unknown agency as partner": (lambda: {"mitra": [MitraData(instansi_id=99_999)]}, "mitra",
                                  "Instansi mitra tidak dikenal"),
    "unknown PSKS as partner": (lambda: {"mitra": [MitraData(psks_id=99_999)]}, "mitra",
                                "PSKS tidak dikenal"),
    "unknown beneficiary": (lambda: {"warga_ids": [99_999]}, "sasaran", "registri"),
    "unknown household": (lambda: {"keluarga_ids": [99_999]}, "sasaran", "registri"),
    "final without description": (lambda: {"uraian": "  "}, "uraian", "uraian"),
    "final without result": (lambda: {"hasil": ""}, "hasil", "hasil"),
    "no title": (lambda: {"judul": "   "}, "judul", "wajib"),
    "title too long": (lambda: {"judul": "x" * 201}, "judul", "terlalu panjang"),
    "other obstacle unexplained": (lambda: {"hambatan_kategori": "lainnya"}, "hambatan",
                                   "Lainnya"),
    "unknown obstacle": (lambda: {"hambatan_kategori": "banjir"}, "hambatan_kategori",
                         "tidak dikenal"),
    "unknown status": (lambda: {"status": "selesai"}, "status", "draf atau final"),
    "unknown TKSK": (lambda: {"penugasan_id": 99_999}, "penugasan", "tidak dikenal"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_bad_input_on_create_names_the_field_and_writes_nothing(
        admin: Actor, tksk_aktif: int, case: str) -> None:
    change, field, text = CASES[case]
    before = counts()
    with pytest.raises(ValidationError) as err:
        kegiatan.create(admin, data(**change()))
    assert field in fields(err.value), err.value.problems
    assert text in str(err.value)
    assert counts() == before


@pytest.mark.parametrize("case", ["future final", "end before start", "negative men",
                                  "unknown desa", "form of another function",
                                  "rujukan through the activity form",
                                  "final without result", "before term"])
def test_bad_input_on_update_keeps_the_stored_record(
        admin: Actor, tksk_aktif: int, case: str) -> None:
    saved = kegiatan.create(admin, data())
    change, field, _text = CASES[case]
    stored, versi = kegiatan.data_of(admin, saved.id)
    before = counts()
    with pytest.raises(ValidationError) as err:
        kegiatan.update(admin, saved.id, data(**change()), versi)
    assert field in fields(err.value)
    assert counts() == before
    assert kegiatan.data_of(admin, saved.id) == (stored, versi)


def test_every_problem_is_listed_at_once(admin: Actor, tksk_aktif: int) -> None:
    with pytest.raises(ValidationError) as err:
        kegiatan.create(admin, data(judul="", peserta_l=-1, hasil="",
                                    jam_mulai=dt.time(10), jam_selesai=dt.time(9)))
    assert fields(err.value) >= {"judul", "peserta_l", "hasil", "jam_selesai"}
    assert Kegiatan.select().count() == 0


def test_desa_of_another_kecamatan_is_refused(admin: Actor, tksk_aktif: int) -> None:
    lain = other_kecamatan_desa()
    before = counts()
    for change in ({"desa_ids": [lain]},
                   {"lingkup": "beberapa", "desa_ids": [desa_id("Sigam"), lain]}):
        with pytest.raises(ValidationError, match="bukan wilayah kecamatan ini") as err:
            kegiatan.create(admin, data(**change))
        assert "desa" in fields(err.value)
    assert counts() == before


def test_without_an_active_tksk_nothing_can_be_recorded(admin: Actor) -> None:
    with pytest.raises(ValidationError, match="Belum ada TKSK aktif") as err:
        kegiatan.create(admin, data())
    assert fields(err.value) == {"penugasan"}
    assert Kegiatan.select().count() == 0


def test_date_after_the_tksk_stopped_is_refused(admin: Actor) -> None:
    from kecamatan_app.models import AlasanPemberhentian

    mulai = TODAY - dt.timedelta(days=400)
    first = appoint_tksk(admin, mulai)
    stop = HARI - dt.timedelta(days=10)
    alasan = AlasanPemberhentian.get(AlasanPemberhentian.kode == "mengundurkan_diri").id
    penugasan.terminate(admin, first, penugasan.PemberhentianData(
        tanggal=stop, alasan_id=alasan, catatan="Pindah domisili"))
    before = counts()
    with pytest.raises(ValidationError, match="sesudah TKSK ini berhenti") as err:
        kegiatan.create(admin, data(penugasan_id=first, tanggal=HARI))
    assert fields(err.value) == {"tanggal"}
    assert counts() == before
    ok = kegiatan.create(admin, data(penugasan_id=first, tanggal=stop))
    assert Kegiatan.get_by_id(ok.id).penugasan_id == first
