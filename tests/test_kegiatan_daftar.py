"""The activity list (filters, quick search, month view) and the recap per desa."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from kecamatan_app.services import kegiatan, kegiatan_daftar, rekap_kegiatan, rujukan
from kecamatan_app.services.context import Actor
from kecamatan_app.services.kegiatan import MitraData
from kecamatan_app.services.kegiatan_daftar import KegiatanFilter
from tests.kegiatan_bantu import (
    BULAN,
    HARI_LAIN,
    TODAY,
    bentuk,
    data,
    desa_id,
    fungsi,
    in_bulan,
    instansi,
    program,
    rujukan_data,
    warga,
)

NEXT = (BULAN + dt.timedelta(days=32)).replace(day=1)  # the month after BULAN (still past)


@pytest.fixture
def sample(admin: Actor, tksk_aktif: int) -> dict[str, int]:
    """Activities in BULAN and the month after it, of different kinds and places."""
    ids = {
        "rapat": kegiatan.create(admin, data(
            tanggal=in_bulan(3), judul="Rapat koordinasi penyaluran BPNT",
            program_id=program("bpnt"))).id,
        "dampingan": kegiatan.create(admin, data(
            tanggal=in_bulan(3), fungsi_id=fungsi("fasilitasi"),
            bentuk_id=bentuk("pendampingan"), judul="Pendampingan lansia telantar",
            lingkup="beberapa", desa_ids=[desa_id("Sigam"), desa_id("Jambu")],
            program_id=program("pkh"), jam_mulai=dt.time(13, 0), jam_selesai=None,
            mitra=[MitraData(instansi_id=instansi("puskesmas"))], peserta_l=1, peserta_p=2,
            uraian="Kunjungan rumah bersama bidan desa.", hasil="Lansia dirujuk.")).id,
        "pemetaan": kegiatan.create(admin, data(
            tanggal=in_bulan(20), fungsi_id=fungsi("administrasi"),
            bentuk_id=bentuk("pemetaan"), judul="Pemutakhiran data PPKS",
            lingkup="kecamatan", desa_ids=[], status="draf", hasil="",
            tindak_lanjut="Verifikasi ke desa Jambu")).id,
        "bulan_depan": kegiatan.create(admin, data(
            tanggal=NEXT, desa_ids=[desa_id("Jambu")], judul="Rapat persiapan BLT")).id,
    }
    return ids


def _ids(admin: Actor, **kw: Any) -> set[int]:
    f = KegiatanFilter(**kw)
    rows = kegiatan_daftar.search(admin, f)
    assert kegiatan_daftar.count(admin, f) == len(rows)
    return {r.id for r in rows}


def test_filters(admin: Actor, sample: dict[str, int]) -> None:
    month = {"tahun": BULAN.year, "bulan": BULAN.month}
    assert _ids(admin) == set(sample.values())
    assert _ids(admin, **month) == {sample["rapat"], sample["dampingan"], sample["pemetaan"]}
    assert _ids(admin, tahun=NEXT.year, bulan=NEXT.month) == {sample["bulan_depan"]}
    assert _ids(admin, dari=in_bulan(10), sampai=NEXT) == {sample["pemetaan"],
                                                           sample["bulan_depan"]}
    assert _ids(admin, desa_id=desa_id("Jambu")) == {sample["dampingan"],
                                                     sample["bulan_depan"]}
    assert _ids(admin, desa_id=desa_id("Jambu"), **month) == {sample["dampingan"]}
    assert _ids(admin, desa_id=desa_id("Gelumbang")) == set()
    assert _ids(admin, fungsi_id=fungsi("koordinasi")) == {sample["rapat"],
                                                           sample["bulan_depan"]}
    assert _ids(admin, bentuk_id=bentuk("pemetaan")) == {sample["pemetaan"]}
    assert _ids(admin, program_id=program("pkh")) == {sample["dampingan"]}
    assert _ids(admin, status="draf") == {sample["pemetaan"]}
    assert len(_ids(admin, status="final")) == 3
    assert _ids(admin, teks="  LANSIA ") == {sample["dampingan"]}  # title, any case
    assert _ids(admin, teks="bidan desa") == {sample["dampingan"]}  # description
    assert _ids(admin, teks="verifikasi") == {sample["pemetaan"]}  # follow-up
    assert _ids(admin, teks="disepakati") == {sample["rapat"], sample["bulan_depan"]}  # result
    assert _ids(admin, teks="rapat", fungsi_id=fungsi("koordinasi"), **month) == {
        sample["rapat"]}
    assert _ids(admin, teks="tidak ada") == set()


def test_search_pages_newest_first(admin: Actor, sample: dict[str, int]) -> None:
    rows = kegiatan_daftar.search(admin)
    assert rows[0].id == sample["bulan_depan"] and rows[-1].tanggal == in_bulan(3)
    assert rows[2].id == sample["dampingan"]  # same day: the later hour first
    page = kegiatan_daftar.search(admin, limit=2, offset=1)
    assert [r.id for r in page] == [r.id for r in rows[1:3]]


def test_rows_show_what_the_list_needs(admin: Actor, sample: dict[str, int]) -> None:
    rows = {r.id: r for r in kegiatan_daftar.search(admin)}
    d = rows[sample["dampingan"]]
    assert (d.fungsi, d.bentuk, d.program) == ("Fasilitasi", "Pendampingan sosial",
                                               "Program Keluarga Harapan (PKH)")
    assert d.lokasi == "Sigam, Jambu" and d.jam == "13.00" and d.peserta == 3
    assert d.mitra == "Puskesmas" and d.status == "Final" and d.tksk.startswith("Siti")
    assert (d.jumlah_foto, d.nomor_rujukan, d.terkunci, d.versi) == (0, "", False, 1)
    r = rows[sample["rapat"]]
    assert r.jam == "09.00-11.30" and r.lokasi == "Sigam"
    assert rows[sample["pemetaan"]].lokasi == "Tingkat kecamatan"
    assert rows[sample["pemetaan"]].status == "Draf"


def test_a_referral_shows_its_letter_number(admin: Actor, tksk_aktif: int) -> None:
    saved = rujukan.create(admin, rujukan_data(warga(admin), tanggal=HARI_LAIN))
    (row,) = kegiatan_daftar.search(admin, KegiatanFilter(bentuk_id=bentuk("rujukan")))
    assert row.id == saved.kegiatan_id and row.nomor_rujukan == saved.nomor_surat
    assert row.jumlah_sasaran == 1


def test_month_view_counts_per_day(admin: Actor, sample: dict[str, int]) -> None:
    assert kegiatan_daftar.per_hari(admin, BULAN.year, BULAN.month) == {
        in_bulan(3): 2, in_bulan(20): 1}
    assert kegiatan_daftar.per_hari(admin, BULAN.year, BULAN.month,
                                    KegiatanFilter(status="final")) == {in_bulan(3): 2}
    # the month view keeps its own month even when the list's filter names another
    other = KegiatanFilter(tahun=NEXT.year, bulan=NEXT.month, desa_id=desa_id("Jambu"))
    assert kegiatan_daftar.per_hari(admin, BULAN.year, BULAN.month, other) == {in_bulan(3): 1}
    assert kegiatan_daftar.per_hari(admin, NEXT.year, NEXT.month) == {NEXT: 1}


def test_years_include_this_year_and_the_first_activity(admin: Actor,
                                                        sample: dict[str, int]) -> None:
    years = kegiatan_daftar.years(admin)
    assert years[0] == TODAY.year and years[-1] == BULAN.year
    assert years == sorted(years, reverse=True)


def test_form_choices(admin: Actor, tksk_aktif: int) -> None:
    choices = kegiatan_daftar.bentuk_choices()
    assert [c.kode for c in choices][:4] == ["koordinasi_informasi", "koordinasi_persepsi",
                                             "koordinasi_kesepakatan", "pendampingan"]
    by_code = {c.kode: c for c in choices}
    assert by_code["rujukan"].fungsi_id == fungsi("fasilitasi")
    assert by_code["pelaporan"].fungsi_id == fungsi("administrasi")
    (t,) = kegiatan_daftar.tksk_choices(admin)
    assert t.penugasan_id == tksk_aktif and t.aktif and t.selesai is None
    assert "aktif, sejak" in t.label


def test_recap_per_desa_counts_each_place_and_the_total_once(
        admin: Actor, sample: dict[str, int]) -> None:
    start, end = BULAN, NEXT.replace(day=28)
    rekap = rekap_kegiatan.per_desa(admin, start, end)
    rows = {b.desa: b for b in rekap.baris}
    pendampingan, informasi = bentuk("pendampingan"), bentuk("koordinasi_informasi")
    assert rows["Sigam"].sel == {informasi: 1, pendampingan: 1}
    assert rows["Jambu"].sel == {informasi: 1, pendampingan: 1}
    assert rows["Gelumbang"].jumlah == 0  # every desa has a row
    assert rows["Tingkat kecamatan"].jumlah == 0  # the kecamatan-level one is a draft
    assert rekap.total.sel == {informasi: 2, pendampingan: 1}
    assert rekap.total.jumlah == 3  # the activity held in two desa counts once here
    assert len(rekap.baris) == 24 and rekap.baris[-1].desa == "Tingkat kecamatan"
    assert [k.bentuk_id for k in rekap.kolom][:3] == [
        bentuk("koordinasi_informasi"), bentuk("koordinasi_persepsi"),
        bentuk("koordinasi_kesepakatan")]
    assert len(rekap.kolom) == 10
    everything = rekap_kegiatan.per_desa(admin, start, end, status="")
    assert {b.desa: b.jumlah for b in everything.baris}["Tingkat kecamatan"] == 1
    assert everything.total.jumlah == 4
    only_month = rekap_kegiatan.per_desa(admin, BULAN, in_bulan(28))
    assert only_month.total.jumlah == 2


def test_camat_sees_the_list_month_view_and_recap(admin: Actor, sample: dict[str, int],
                                                  make_actor: Any) -> None:
    camat = make_actor("camat")
    assert _ids(camat) == set(sample.values())
    assert sum(kegiatan_daftar.per_hari(camat, BULAN.year, BULAN.month).values()) == 3
    assert rekap_kegiatan.per_desa(camat, None, None).total.jumlah == 3
