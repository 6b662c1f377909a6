"""The month lock: a month whose monthly report is submitted or approved is closed to edits of
activities and referrals, with a message that says which report, its status and who can reopen."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from kecamatan_app.models import Desa, LaporanBulanan, Rujukan
from kecamatan_app.services import kegiatan, kegiatan_daftar, kunci_bulan, rujukan
from kecamatan_app.services.context import Actor
from kecamatan_app.services.formatting import bulan_tahun
from kecamatan_app.services.kunci_bulan import BulanTerkunci
from tests.kegiatan_bantu import (
    HARI,
    HARI_LAIN,
    TODAY,
    counts,
    data,
    kunci,
    office_kecamatan,
    other_kecamatan_desa,
    rujukan_data,
    warga,
)

LOCKING = ["diajukan", "disetujui"]


def test_no_report_or_an_open_report_does_not_lock(admin: Actor, tksk_aktif: int) -> None:
    kec = office_kecamatan()
    assert kunci_bulan.status_on(kec, HARI) is None
    lap = kunci(HARI, "draf")
    assert kunci_bulan.status_on(kec, HARI) is None
    saved = kegiatan.create(admin, data())
    lap.status = "dikembalikan"
    lap.save()
    d, versi = kegiatan.data_of(admin, saved.id)
    kegiatan.update(admin, saved.id, d, versi)
    kegiatan.delete(admin, saved.id, versi + 1)
    assert kunci_bulan.locked_months(kec, HARI.year) == {}


def test_submitted_report_message_names_status_and_who_reopens(
        admin: Actor, tksk_aktif: int) -> None:
    lap = kunci(HARI, "diajukan", diajukan_pada=dt.datetime.combine(HARI, dt.time(10)))
    info = kunci_bulan.status_on(office_kecamatan(), HARI)
    assert info is not None
    assert (info.tahun, info.bulan, info.laporan_id, info.status) == (
        HARI.year, HARI.month, lap.id, "diajukan")
    assert f"Bulan {bulan_tahun(HARI.year, HARI.month)} terkunci" in info.alasan
    assert "Diajukan" in info.alasan and "Camat mengembalikan" in info.alasan


def test_approved_report_message_names_approver_and_who_reopens(
        admin: Actor, tksk_aktif: int, make_actor: Any) -> None:
    camat = make_actor("camat")
    kunci(HARI, "disetujui", disetujui_oleh=camat.user_id,
          disetujui_pada=dt.datetime.combine(HARI, dt.time(9)))
    with pytest.raises(BulanTerkunci) as err:
        kegiatan.create(admin, data())
    text = str(err.value)
    assert f"Bulan {bulan_tahun(HARI.year, HARI.month)} terkunci" in text
    assert "Disetujui oleh Pengguna Camat" in text
    assert "Hanya Camat yang dapat membukanya kembali" in text
    assert err.value.info.status == "disetujui"
    locked = kunci_bulan.locked_months(office_kecamatan(), HARI.year)
    assert list(locked) == [HARI.month] and locked[HARI.month].alasan == text


def test_the_lock_is_per_kecamatan_and_month(admin: Actor, tksk_aktif: int) -> None:
    other = Desa.get_by_id(other_kecamatan_desa()).kecamatan_id
    LaporanBulanan.create(kecamatan=other, penugasan=tksk_aktif, tahun=HARI.year,
                          bulan=HARI.month, status="disetujui")
    kegiatan.create(admin, data())  # another kecamatan's report does not lock ours
    kunci(HARI, "disetujui")
    kegiatan.create(admin, data(tanggal=HARI_LAIN))  # another month stays open
    with pytest.raises(BulanTerkunci):
        kegiatan.create(admin, data(tanggal=HARI.replace(day=1)))
    with pytest.raises(BulanTerkunci):
        kunci_bulan.check_open(office_kecamatan(), None, HARI_LAIN, HARI)
    kunci_bulan.check_open(office_kecamatan(), None, HARI_LAIN)


@pytest.mark.parametrize("status", LOCKING)
def test_create_update_and_delete_in_a_locked_month_are_refused(
        admin: Actor, tksk_aktif: int, status: str) -> None:
    saved = kegiatan.create(admin, data())
    d, versi = kegiatan.data_of(admin, saved.id)
    kunci(HARI, status)
    before = counts()
    d.judul = "Diubah setelah laporan dikirim"
    attempts: list[Callable[[], Any]] = [
        lambda: kegiatan.create(admin, data()),
        lambda: kegiatan.update(admin, saved.id, d, versi),
        lambda: kegiatan.delete(admin, saved.id, versi),
    ]
    for attempt in attempts:
        with pytest.raises(BulanTerkunci, match=status.capitalize()):
            attempt()
    assert counts() == before
    assert kegiatan.data_of(admin, saved.id)[0].judul == "Rapat koordinasi penyaluran BPNT"


@pytest.mark.parametrize("status", LOCKING)
def test_moving_an_activity_into_or_out_of_a_locked_month_is_refused(
        admin: Actor, tksk_aktif: int, status: str) -> None:
    inside = kegiatan.create(admin, data(tanggal=HARI))
    outside = kegiatan.create(admin, data(tanggal=HARI_LAIN))
    kunci(HARI, status)
    before = counts()
    d, versi = kegiatan.data_of(admin, inside.id)
    d.tanggal = HARI_LAIN
    with pytest.raises(BulanTerkunci):  # out of it
        kegiatan.update(admin, inside.id, d, versi)
    d, versi = kegiatan.data_of(admin, outside.id)
    d.tanggal = HARI
    with pytest.raises(BulanTerkunci):  # into it
        kegiatan.update(admin, outside.id, d, versi)
    assert counts() == before
    assert kegiatan.data_of(admin, inside.id)[0].tanggal == HARI
    assert kegiatan.data_of(admin, outside.id)[0].tanggal == HARI_LAIN
    d.tanggal = HARI_LAIN + dt.timedelta(days=1)  # within the open month: allowed
    kegiatan.update(admin, outside.id, d, versi)


@pytest.mark.parametrize("status", LOCKING)
def test_a_referral_in_a_locked_month_is_refused_without_using_a_number(
        admin: Actor, tksk_aktif: int, status: str) -> None:
    w = warga(admin)
    kunci(HARI, status)
    before = counts()
    with pytest.raises(BulanTerkunci):
        rujukan.create(admin, rujukan_data(w, tanggal=HARI))
    assert counts() == before
    ok = rujukan.create(admin, rujukan_data(w, tanggal=HARI_LAIN))
    assert Rujukan.get_by_id(ok.id).nomor_urut == 1


@pytest.mark.parametrize("status", LOCKING)
def test_a_referral_step_dated_in_a_locked_month_is_refused(
        admin: Actor, tksk_aktif: int, status: str) -> None:
    w = warga(admin)
    r = rujukan.create(admin, rujukan_data(w, tanggal=HARI_LAIN))
    kunci(HARI, status)
    before = counts()
    with pytest.raises(BulanTerkunci):
        rujukan.ubah_status(admin, r.id, "diterima", HARI)
    with pytest.raises(BulanTerkunci):
        rujukan.ubah_status(admin, r.id, "ditolak", HARI, alasan="Kuota penuh")
    assert counts() == before and Rujukan.get_by_id(r.id).status == "diajukan"
    # a step dated in an open month is recorded
    rujukan.ubah_status(admin, r.id, "diterima", TODAY)
    assert Rujukan.get_by_id(r.id).status == "diterima"


def test_editing_a_referral_in_a_locked_month_is_refused(admin: Actor, tksk_aktif: int) -> None:
    w = warga(admin)
    r = rujukan.create(admin, rujukan_data(w, tanggal=HARI))
    other = rujukan.create(admin, rujukan_data(w, tanggal=HARI_LAIN))
    kunci(HARI, "diajukan")
    before = counts()
    d, versi = rujukan.data_of(admin, r.id)
    d.kebutuhan = "Diubah"
    with pytest.raises(BulanTerkunci):
        rujukan.update(admin, r.id, d, versi)
    d, versi = rujukan.data_of(admin, other.id)
    d.tanggal, d.jatuh_tempo = HARI, None  # moving into the locked month
    with pytest.raises(BulanTerkunci):
        rujukan.update(admin, other.id, d, versi)
    assert counts() == before
    assert Rujukan.get_by_id(r.id).kebutuhan == "Pemeriksaan kesehatan lansia"
    assert Rujukan.get_by_id(other.id).tanggal == HARI_LAIN


def test_returning_the_report_opens_the_month_again(admin: Actor, tksk_aktif: int) -> None:
    lap = kunci(HARI, "diajukan")
    with pytest.raises(BulanTerkunci):
        kegiatan.create(admin, data())
    LaporanBulanan.update(status="dikembalikan").where(LaporanBulanan.id == lap.id).execute()
    saved = kegiatan.create(admin, data())
    (row,) = kegiatan_daftar.search(admin)
    assert row.id == saved.id and not row.terkunci
    LaporanBulanan.update(status="disetujui").where(LaporanBulanan.id == lap.id).execute()
    (row,) = kegiatan_daftar.search(admin)
    assert row.terkunci
