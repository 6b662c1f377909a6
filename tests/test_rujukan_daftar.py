"""The referral list, the overdue computation and the recap per agency and status."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from kecamatan_app.services import rujukan, rujukan_daftar
from kecamatan_app.services.context import Actor
from kecamatan_app.services.errors import Conflict
from kecamatan_app.services.rujukan import terlambat_hari
from kecamatan_app.services.rujukan_daftar import RujukanFilter
from tests.kegiatan_bantu import TODAY, instansi, keluarga, rujukan_data, warga

D0 = TODAY - dt.timedelta(days=40)


@pytest.mark.parametrize("status, due, expected", [
    ("diajukan", TODAY - dt.timedelta(days=3), 3),
    ("diterima", TODAY - dt.timedelta(days=1), 1),
    ("diajukan", TODAY, 0),  # due today: not late yet
    ("diajukan", TODAY + dt.timedelta(days=5), 0),
    ("diajukan", None, 0),
    ("ditolak", TODAY - dt.timedelta(days=30), 0),  # closed ones are never late
    ("selesai", TODAY - dt.timedelta(days=30), 0),
    ("dibatalkan", TODAY - dt.timedelta(days=30), 0),
])
def test_overdue_days(status: str, due: dt.date | None, expected: int) -> None:
    assert terlambat_hari(status, due, TODAY) == expected


def test_overdue_uses_today_by_default() -> None:
    assert terlambat_hari("diajukan", dt.date.today() - dt.timedelta(days=2)) == 2


@pytest.fixture
def sample(admin: Actor, tksk_aktif: int) -> dict[str, Any]:
    """Five referrals in every state, two agencies, one household."""
    budi = warga(admin, "Budi Santoso (contoh)", "Sigam")
    siti = warga(admin, "Siti Rahma (contoh)", "Jambu")
    kk = keluarga(admin, "Rahmat (contoh)", "Mililian")
    pusk, disdik = instansi("puskesmas"), instansi("disdik")
    late = rujukan.create(admin, rujukan_data(
        budi, tanggal=D0, jatuh_tempo=TODAY - dt.timedelta(days=5),
        kebutuhan="Pemeriksaan lansia")).id
    accepted_late = rujukan.create(admin, rujukan_data(
        siti, tanggal=D0 + dt.timedelta(days=1), jatuh_tempo=TODAY - dt.timedelta(days=2),
        kebutuhan="Perawatan gigi")).id
    rujukan.ubah_status(admin, accepted_late, "diterima", D0 + dt.timedelta(days=3))
    on_time = rujukan.create(admin, rujukan_data(
        None, keluarga_id=kk, instansi_id=disdik, tanggal=TODAY - dt.timedelta(days=3),
        kebutuhan="Beasiswa PIP anak sekolah")).id
    refused = rujukan.create(admin, rujukan_data(
        budi, instansi_id=disdik, tanggal=D0, jatuh_tempo=D0, kebutuhan="Sekolah paket C")).id
    rujukan.ubah_status(admin, refused, "ditolak", D0 + dt.timedelta(days=2),
                        alasan="Usia di atas batas")
    done = rujukan.create(admin, rujukan_data(siti, tanggal=D0, jatuh_tempo=D0,
                                              kebutuhan="Kursi roda")).id
    rujukan.ubah_status(admin, done, "diterima", D0 + dt.timedelta(days=1))
    rujukan.ubah_status(admin, done, "selesai", D0 + dt.timedelta(days=4),
                        alasan="Kursi roda diserahkan", hasil="berhasil")
    return {"late": late, "accepted_late": accepted_late, "on_time": on_time,
            "refused": refused, "done": done, "pusk": pusk, "disdik": disdik}


def _ids(admin: Actor, **kw: Any) -> set[int]:
    today = kw.pop("today", TODAY)
    return {r.id for r in rujukan_daftar.search(admin, RujukanFilter(**kw), today=today)}


def test_overdue_filter_lists_only_open_late_referrals(admin: Actor, sample: dict[str, Any]
                                                       ) -> None:
    assert _ids(admin, terlambat_saja=True) == {sample["late"], sample["accepted_late"]}
    rows = {r.id: r for r in rujukan_daftar.search(admin, today=TODAY)}
    assert rows[sample["late"]].terlambat_hari == 5
    assert rows[sample["accepted_late"]].terlambat_hari == 2
    assert rows[sample["on_time"]].terlambat_hari == 0
    assert rows[sample["refused"]].terlambat_hari == 0  # closed, though its deadline passed
    # three weeks on, the household's referral (deadline in 14 days) is late too
    later = TODAY + dt.timedelta(days=21)
    assert _ids(admin, terlambat_saja=True, today=later) == {
        sample["late"], sample["accepted_late"], sample["on_time"]}
    rujukan.ubah_status(admin, sample["late"], "ditolak", TODAY, alasan="Tidak ada dokter")
    assert _ids(admin, terlambat_saja=True) == {sample["accepted_late"]}


def test_list_filters(admin: Actor, sample: dict[str, Any]) -> None:
    everything = set(_ids(admin))
    assert len(everything) == 5
    assert _ids(admin, status="terbuka") == {sample["late"], sample["accepted_late"],
                                             sample["on_time"]}
    assert _ids(admin, status="selesai") == {sample["done"]}
    assert _ids(admin, status="ditolak") == {sample["refused"]}
    assert _ids(admin, instansi_id=sample["disdik"]) == {sample["on_time"], sample["refused"]}
    assert _ids(admin, dari=TODAY - dt.timedelta(days=10)) == {sample["on_time"]}
    assert _ids(admin, sampai=D0) == {sample["late"], sample["refused"], sample["done"]}
    assert _ids(admin, teks="siti rahma") == {sample["accepted_late"], sample["done"]}
    assert _ids(admin, teks="Rahmat") == {sample["on_time"]}  # household head
    assert _ids(admin, teks="kursi") == {sample["done"]}  # the need
    letter = rujukan_daftar.search(admin)[0].nomor_surat
    assert len(_ids(admin, teks=letter)) == 1
    assert _ids(admin, teks="tidak ada yang cocok") == set()


def test_list_rows_show_client_agency_and_status(admin: Actor, sample: dict[str, Any]
                                                 ) -> None:
    rows = {r.id: r for r in rujukan_daftar.search(admin, today=TODAY)}
    on_time = rows[sample["on_time"]]
    assert (on_time.klien, on_time.desa, on_time.instansi, on_time.status_label) == (
        "Keluarga Rahmat (contoh)", "Mililian", "Dinas Pendidikan", "Diajukan")
    done = rows[sample["done"]]
    assert (done.klien, done.desa, done.status, done.hasil) == (
        "Siti Rahma (contoh)", "Jambu", "selesai", "Berhasil")
    ordered = [r.tanggal for r in rujukan_daftar.search(admin)]
    assert ordered == sorted(ordered, reverse=True)


def test_recap_per_agency_and_status(admin: Actor, sample: dict[str, Any]) -> None:
    pusk, disdik, total = rujukan_daftar.rekap_per_instansi(admin, None, None, today=TODAY)
    assert pusk.instansi == "Puskesmas" and disdik.instansi == "Dinas Pendidikan"
    assert pusk.per_status == {"diajukan": 1, "diterima": 1, "ditolak": 0, "selesai": 1,
                               "dibatalkan": 0}
    assert (pusk.jumlah, pusk.berhasil, pusk.tidak_berhasil, pusk.terlambat) == (3, 1, 0, 2)
    assert disdik.per_status["diajukan"] == 1 and disdik.per_status["ditolak"] == 1
    assert (disdik.jumlah, disdik.terlambat) == (2, 0)
    assert total.instansi == "Jumlah" and total.jumlah == 5 and total.terlambat == 2
    assert total.per_status == {"diajukan": 2, "diterima": 1, "ditolak": 1, "selesai": 1,
                                "dibatalkan": 0}
    # a period holding only the household's referral
    rows = rujukan_daftar.rekap_per_instansi(admin, TODAY - dt.timedelta(days=10), TODAY,
                                             today=TODAY)
    assert [(r.instansi, r.jumlah) for r in rows] == [("Dinas Pendidikan", 1), ("Jumlah", 1)]
    assert rujukan_daftar.rekap_per_instansi(admin, TODAY, TODAY)[-1].jumlah == 0


def test_recap_counts_outcomes(admin: Actor, sample: dict[str, Any]) -> None:
    rujukan.ubah_status(admin, sample["accepted_late"], "selesai", TODAY,
                        alasan="Gigi dicabut tanpa biaya; obat tidak tersedia",
                        hasil="tidak_berhasil")
    pusk = rujukan_daftar.rekap_per_instansi(admin, None, None, today=TODAY)[0]
    assert (pusk.per_status["selesai"], pusk.berhasil, pusk.tidak_berhasil,
            pusk.terlambat) == (2, 1, 1, 1)


def test_closed_referral_cannot_be_corrected(admin: Actor, sample: dict[str, Any]) -> None:
    for key in ("refused", "done"):
        d, versi = rujukan.data_of(admin, sample[key])
        d.kebutuhan = "Diubah"
        with pytest.raises(Conflict, match="tidak dapat diubah lagi"):
            rujukan.update(admin, sample[key], d, versi)


def test_camat_can_read_the_list_and_recap(admin: Actor, sample: dict[str, Any],
                                           make_actor: Any) -> None:
    camat = make_actor("camat")
    assert len(rujukan_daftar.search(camat)) == 5
    assert rujukan_daftar.rekap_per_instansi(camat, None, None)[-1].jumlah == 5
    assert rujukan_daftar.detail(camat, sample["done"]).row.status == "selesai"
