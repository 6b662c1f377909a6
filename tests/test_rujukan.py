"""Referrals: one record with its activity, letters numbered per year without gaps, corrections
while 'diajukan', version check, bad input."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import pytest

from kecamatan_app.models import InstansiRujukan, Kegiatan, RiwayatRujukan, Rujukan
from kecamatan_app.services import audit, kegiatan, rujukan, settings
from kecamatan_app.services.context import Actor
from kecamatan_app.services.errors import Conflict, ValidationError
from tests.kegiatan_bantu import (
    HARI,
    HARI_LAIN,
    TODAY,
    audit_rows,
    bentuk,
    counts,
    desa_id,
    fields,
    fungsi,
    instansi,
    keluarga,
    rujukan_data,
    warga,
)

LAST_YEAR = dt.date(TODAY.year - 1, 12, 15)  # always inside the TKSK's 400-day term
THIS_YEAR = dt.date(TODAY.year, 1, 1)


def test_a_referral_is_one_record_with_its_activity(admin: Actor, tksk_aktif: int) -> None:
    w = warga(admin, "Budi Santoso (contoh)", "Jambu")
    saved = rujukan.create(admin, rujukan_data(w, program_id=None))
    r = Rujukan.get_by_id(saved.id)
    assert (r.status, r.tahun, r.nomor_urut, r.tanggal) == ("diajukan", HARI.year, 1, HARI)
    assert r.jatuh_tempo == HARI + dt.timedelta(days=14)  # the office's default deadline
    k = Kegiatan.get_by_id(saved.kegiatan_id)
    assert r.kegiatan_id == k.id
    assert (k.fungsi_id, k.bentuk_id, k.status) == (
        fungsi("fasilitasi"), bentuk("rujukan"), "final")
    assert k.judul == "Rujukan Budi Santoso (contoh) ke Puskesmas"
    assert k.penugasan_id == tksk_aktif and k.tanggal == HARI
    data, _ = kegiatan.data_of(admin, k.id)
    assert data.desa_ids == [desa_id("Jambu")] and data.warga_ids == [w]
    (step,) = RiwayatRujukan.select().where(RiwayatRujukan.rujukan == saved.id)
    assert (step.status, step.tanggal, step.oleh_id) == ("diajukan", HARI, admin.user_id)
    assert len(audit_rows("rujukan", "buat", saved.id)) == 1
    assert len(audit_rows("kegiatan", "buat", k.id)) == 1
    assert audit.verify_chain().ok


def test_a_household_can_be_referred(admin: Actor, tksk_aktif: int) -> None:
    kk = keluarga(admin, "Rahmat (contoh)", "Mililian")
    saved = rujukan.create(admin, rujukan_data(None, keluarga_id=kk,
                                               instansi_id=instansi("baznas")))
    k = Kegiatan.get_by_id(saved.kegiatan_id)
    assert k.judul == "Rujukan keluarga Rahmat (contoh) ke BAZNAS"
    assert kegiatan.data_of(admin, k.id)[0].keluarga_ids == [kk]


def test_letters_are_numbered_per_year_without_gaps(admin: Actor, tksk_aktif: int) -> None:
    w = warga(admin)
    old = [rujukan.create(admin, rujukan_data(w, tanggal=LAST_YEAR)) for _ in range(3)]
    new = [rujukan.create(admin, rujukan_data(w, tanggal=THIS_YEAR)) for _ in range(4)]
    old += [rujukan.create(admin, rujukan_data(w, tanggal=LAST_YEAR))]
    assert [Rujukan.get_by_id(s.id).nomor_urut for s in old] == [1, 2, 3, 4]
    assert [Rujukan.get_by_id(s.id).nomor_urut for s in new] == [1, 2, 3, 4]  # restarts
    numbers = [s.nomor_surat for s in old + new]
    assert len(set(numbers)) == len(numbers)
    assert old[0].nomor_surat == f"001/RJK-TKSK/16.03.06/XII/{TODAY.year - 1}"
    assert new[3].nomor_surat == f"004/RJK-TKSK/16.03.06/I/{TODAY.year}"


def test_the_number_format_setting_is_applied(admin: Actor, tksk_aktif: int) -> None:
    settings.set_value(admin, "rujukan.format_nomor", "460/{urut}/{kode}/{bulan}/{tahun}")
    saved = rujukan.create(admin, rujukan_data(warga(admin), tanggal=THIS_YEAR))
    assert saved.nomor_surat == f"460/1/16.03.06/1/{TODAY.year}"
    with pytest.raises(ValidationError, match=r"\{urut\}"):
        settings.set_value(admin, "rujukan.format_nomor", "460/RJK/{tahun}")


def test_a_refused_referral_does_not_use_a_number(admin: Actor, tksk_aktif: int) -> None:
    w = warga(admin)
    rujukan.create(admin, rujukan_data(w))
    with pytest.raises(ValidationError):  # refused by the activity's checks (TKSK term)
        rujukan.create(admin, rujukan_data(w, tanggal=TODAY - dt.timedelta(days=500)))
    third = rujukan.create(admin, rujukan_data(w))
    assert Rujukan.get_by_id(third.id).nomor_urut == 2


def test_a_numbered_referral_is_never_deleted(admin: Actor, tksk_aktif: int) -> None:
    saved = rujukan.create(admin, rujukan_data(warga(admin)))
    before = counts()
    with pytest.raises(Conflict, match="tidak dapat dihapus"):
        kegiatan.delete(admin, saved.kegiatan_id, None)
    assert counts() == before


def test_update_corrects_a_submitted_referral(admin: Actor, tksk_aktif: int) -> None:
    w = warga(admin)
    saved = rujukan.create(admin, rujukan_data(w))
    d, versi = rujukan.data_of(admin, saved.id)
    assert (d.tanggal, d.warga_id, d.kebutuhan, versi) == (
        HARI, w, "Pemeriksaan kesehatan lansia", 1)
    assert d.uraian == ""  # the written description follows the corrected need below
    day = HARI + dt.timedelta(days=3)
    d.tanggal, d.jatuh_tempo = day, None
    d.instansi_id, d.kebutuhan = instansi("rsud"), "  Rawat inap  "
    after = rujukan.update(admin, saved.id, d, versi)
    assert after.versi == versi + 1 and after.nomor_surat == saved.nomor_surat
    r = Rujukan.get_by_id(saved.id)
    assert (r.tanggal, r.jatuh_tempo, r.kebutuhan, r.instansi_id) == (
        day, day + dt.timedelta(days=14), "Rawat inap", instansi("rsud"))
    k = Kegiatan.get_by_id(saved.kegiatan_id)
    assert k.tanggal == day and k.judul == "Rujukan Budi Santoso (contoh) ke RSUD"
    assert k.uraian == "Kebutuhan: Rawat inap"
    (step,) = RiwayatRujukan.select().where(RiwayatRujukan.rujukan == saved.id)
    assert step.tanggal == day  # the submission step moves with the date
    (row,) = audit_rows("rujukan", "ubah", saved.id)
    assert json.loads(row.data_baru)["kebutuhan"] == "Rawat inap"
    assert len(audit_rows("kegiatan", "ubah", saved.kegiatan_id)) == 1
    assert audit.verify_chain().ok


def test_own_description_is_kept(admin: Actor, tksk_aktif: int) -> None:
    saved = rujukan.create(admin, rujukan_data(warga(admin), uraian="Klien diantar ke Puskesmas"))
    d, versi = rujukan.data_of(admin, saved.id)
    assert d.uraian == "Klien diantar ke Puskesmas"
    d.kebutuhan = "Kontrol gula darah"
    rujukan.update(admin, saved.id, d, versi)
    assert Kegiatan.get_by_id(saved.kegiatan_id).uraian == "Klien diantar ke Puskesmas"


def test_update_cannot_move_the_letter_to_another_year(admin: Actor, tksk_aktif: int) -> None:
    saved = rujukan.create(admin, rujukan_data(warga(admin), tanggal=THIS_YEAR))
    d, versi = rujukan.data_of(admin, saved.id)
    d.tanggal, d.jatuh_tempo = LAST_YEAR, None
    before = counts()
    with pytest.raises(ValidationError, match="tidak dapat dipindah ke tahun lain") as err:
        rujukan.update(admin, saved.id, d, versi)
    assert fields(err.value) == {"tanggal"}
    assert counts() == before and Rujukan.get_by_id(saved.id).tanggal == THIS_YEAR


def test_update_only_while_submitted(admin: Actor, tksk_aktif: int) -> None:
    saved = rujukan.create(admin, rujukan_data(warga(admin)))
    rujukan.ubah_status(admin, saved.id, "diterima", HARI)
    d, versi = rujukan.data_of(admin, saved.id)
    d.kebutuhan = "Diubah setelah diterima"
    with pytest.raises(Conflict, match="Diterima tidak dapat diubah"):
        rujukan.update(admin, saved.id, d, versi)
    assert Rujukan.get_by_id(saved.id).kebutuhan == "Pemeriksaan kesehatan lansia"


def test_second_save_of_a_referral_is_refused(admin: Actor, tksk_aktif: int) -> None:
    saved = rujukan.create(admin, rujukan_data(warga(admin)))
    mine, versi_mine = rujukan.data_of(admin, saved.id)
    theirs, versi_theirs = rujukan.data_of(admin, saved.id)
    theirs.kebutuhan = "Versi komputer lain"
    rujukan.update(admin, saved.id, theirs, versi_theirs)
    mine.kebutuhan = "Versi saya"
    before = counts()
    with pytest.raises(Conflict, match="diubah orang lain"):
        rujukan.update(admin, saved.id, mine, versi_mine)
    with pytest.raises(Conflict, match="diubah orang lain"):
        rujukan.ubah_status(admin, saved.id, "diterima", HARI, versi=versi_mine)
    assert counts() == before
    r = Rujukan.get_by_id(saved.id)
    assert (r.kebutuhan, r.status) == ("Versi komputer lain", "diajukan")


def _inactive_agency() -> int:
    i = InstansiRujukan.get(InstansiRujukan.kode == "bnn")
    i.aktif = False
    i.save()
    return int(i.id)


BAD: dict[str, tuple[Callable[[int], dict[str, Any]], str, str]] = {
    "future date": (lambda w: {"tanggal": TODAY + dt.timedelta(days=1)}, "tanggal",
                    "belum terjadi"),
    "far future": (lambda w: {"tanggal": TODAY + dt.timedelta(days=900)}, "tanggal",
                   "belum terjadi"),
    "no date": (lambda w: {"tanggal": None}, "tanggal", "wajib"),
    "unknown agency": (lambda w: {"instansi_id": 99_999}, "instansi", "instansi tujuan"),
    "no agency": (lambda w: {"instansi_id": None}, "instansi", "instansi tujuan"),
    "hidden agency": (lambda w: {"instansi_id": _inactive_agency()}, "instansi",
                      "instansi tujuan"),
    "no client": (lambda w: {"warga_id": None}, "klien", "Pilih satu klien"),
    "two clients": (lambda w: {"keluarga_id": 1}, "klien", "Pilih satu klien"),
    "unknown person": (lambda w: {"warga_id": 99_999}, "klien", "tidak ada di registri"),
    "unknown household": (lambda w: {"warga_id": None, "keluarga_id": 99_999}, "klien",
                          "tidak ada di registri"),
    "no need": (lambda w: {"kebutuhan": "  "}, "kebutuhan", "kebutuhan"),
    "no consent, no reason": (lambda w: {"persetujuan": "dikecualikan",
                                         "alasan_tanpa_persetujuan": " "},
                              "alasan_tanpa_persetujuan", "alasannya"),
    "unknown consent": (lambda w: {"persetujuan": "mungkin"}, "persetujuan", "Persetujuan"),
    "deadline before date": (lambda w: {"jatuh_tempo": HARI - dt.timedelta(days=1)},
                             "jatuh_tempo", "sebelum tanggal rujukan"),
    "before the TKSK's term": (lambda w: {"tanggal": TODAY - dt.timedelta(days=450)},
                               "tanggal", "sebelum TKSK mulai bertugas"),
}


@pytest.mark.parametrize("case", list(BAD))
def test_bad_referral_names_the_field_and_writes_nothing(
        admin: Actor, tksk_aktif: int, case: str) -> None:
    w = warga(admin)
    change, field, text = BAD[case]
    before = counts()
    with pytest.raises(ValidationError) as err:
        rujukan.create(admin, replace(rujukan_data(w), **change(w)))
    assert field in fields(err.value), err.value.problems
    assert text in str(err.value)
    assert counts() == before


def test_consent_override_with_reason_is_kept(admin: Actor, tksk_aktif: int) -> None:
    saved = rujukan.create(admin, rujukan_data(
        warga(admin), persetujuan="dikecualikan",
        alasan_tanpa_persetujuan="  Klien tidak sadar; keadaan darurat "))
    r = Rujukan.get_by_id(saved.id)
    assert (r.persetujuan, r.alasan_tanpa_persetujuan) == (
        "dikecualikan", "Klien tidak sadar; keadaan darurat")


def test_bad_correction_keeps_the_stored_referral(admin: Actor, tksk_aktif: int) -> None:
    saved = rujukan.create(admin, rujukan_data(warga(admin), tanggal=HARI_LAIN))
    stored = rujukan.data_of(admin, saved.id)
    for change in ({"instansi_id": 99_999}, {"kebutuhan": ""},
                   {"tanggal": TODAY + dt.timedelta(days=2)}):
        d, versi = rujukan.data_of(admin, saved.id)
        before = counts()
        with pytest.raises(ValidationError):
            rujukan.update(admin, saved.id, replace(d, **change), versi)
        assert counts() == before
    assert rujukan.data_of(admin, saved.id) == stored


@pytest.mark.parametrize("days", [1, 900])
def test_future_referral_is_refused_with_advice_for_referrals(
        admin: Actor, tksk_aktif: int, days: int) -> None:
    """A referral has no draft: a future date is not told to "save it as a draft"."""
    w = warga(admin)
    day = TODAY + dt.timedelta(days=days)
    before = counts()
    with pytest.raises(ValidationError) as err:
        rujukan.create(admin, rujukan_data(w, tanggal=day))
    (problem,) = [p for p in err.value.problems if p.field == "tanggal"]
    assert problem.message.startswith("Tanggal ") and "belum terjadi" in problem.message
    assert rujukan.SARAN_RUJUKAN in problem.message
    assert "draf bila" not in str(err.value) and "Kegiatan final" not in str(err.value)
    saved = rujukan.create(admin, rujukan_data(w, tanggal=HARI))
    d, versi = rujukan.data_of(admin, saved.id)
    with pytest.raises(ValidationError) as err:
        rujukan.update(admin, saved.id, replace(d, tanggal=day), versi)
    assert rujukan.SARAN_RUJUKAN in str(err.value) and "draf bila" not in str(err.value)
    assert counts()["rujukan"] == before["rujukan"] + 1  # only the good one was written
