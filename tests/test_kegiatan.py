"""Activity records: create, edit with a version check, delete, duplicate, audit and roles."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace
from typing import Any

import pytest

from kecamatan_app.models import (
    Kegiatan,
    KegiatanDesa,
    KegiatanMitra,
    KegiatanSasaran,
)
from kecamatan_app.services import audit, kegiatan, kegiatan_daftar, rujukan
from kecamatan_app.services.context import Actor
from kecamatan_app.services.errors import Conflict, NotFound, PermissionDenied, ValidationError
from kecamatan_app.services.kegiatan import MitraData
from tests.kegiatan_bantu import (
    HARI,
    HARI_LAIN,
    TODAY,
    audit_rows,
    bentuk,
    counts,
    data,
    desa_id,
    fungsi,
    instansi,
    program,
    rujukan_data,
    warga,
)


def _full(admin: Actor) -> Any:
    """A final facilitation in two desa with partners, beneficiaries and a program."""
    w = warga(admin)
    return data(
        fungsi_id=fungsi("fasilitasi"), bentuk_id=bentuk("pendampingan"),
        judul="  Pendampingan   penyaluran BPNT ", program_id=program("bpnt"),
        lingkup="beberapa", desa_ids=[desa_id("Sigam"), desa_id("Mililian")],
        mitra=[MitraData(instansi_id=instansi("dinsos_kab")),
               MitraData(nama="  Ketua  RT 03 "), MitraData(nama="   ")],
        warga_ids=[w, w], hambatan_kategori="transportasi", hambatan="Jalan rusak",
        tindak_lanjut="Laporkan ke Dinas Sosial")


def test_create_stores_the_form_and_reads_it_back(admin: Actor, tksk_aktif: int) -> None:
    d = _full(admin)
    saved = kegiatan.create(admin, d)
    assert saved.versi == 1 and saved.gps_dibuang == 0
    back, versi = kegiatan.data_of(admin, saved.id)
    assert versi == 1
    assert back.judul == "Pendampingan penyaluran BPNT"  # spaces tidied
    assert back.penugasan_id == tksk_aktif  # the active TKSK by default
    assert back.tanggal == HARI and back.status == "final"
    assert back.fungsi_id == fungsi("fasilitasi") and back.bentuk_id == bentuk("pendampingan")
    assert back.program_id == program("bpnt")
    assert back.desa_ids == [desa_id("Sigam"), desa_id("Mililian")]
    assert [(m.instansi_id, m.nama) for m in back.mitra] == [
        (instansi("dinsos_kab"), "Dinas Sosial Kabupaten/Kota"), (None, "Ketua RT 03")]
    assert back.warga_ids == d.warga_ids[:1]  # the same person once
    assert (back.peserta_l, back.peserta_p) == (5, 7)
    assert (back.jam_mulai, back.jam_selesai) == (dt.time(9, 0), dt.time(11, 30))
    assert (back.hambatan_kategori, back.hambatan) == ("transportasi", "Jalan rusak")
    assert back.tindak_lanjut == "Laporkan ke Dinas Sosial"


def test_create_is_audited_with_its_child_rows(admin: Actor, tksk_aktif: int) -> None:
    saved = kegiatan.create(admin, _full(admin))
    rows = audit_rows("kegiatan", "buat", saved.id)
    assert len(rows) == 1 and rows[0].pengguna_id == admin.user_id
    baru = json.loads(rows[0].data_baru)
    assert baru["judul"] == "Pendampingan penyaluran BPNT"
    assert baru["desa"] == sorted([desa_id("Sigam"), desa_id("Mililian")])
    assert len(baru["mitra"]) == 2 and len(baru["warga"]) == 1
    assert audit.verify_chain().ok


def test_update_changes_fields_children_and_version(admin: Actor, tksk_aktif: int) -> None:
    saved = kegiatan.create(admin, _full(admin))
    d, versi = kegiatan.data_of(admin, saved.id)
    d.judul = "Pendampingan penyaluran BPNT tahap 2"
    d.lingkup, d.desa_ids = "desa", [desa_id("Gelumbang")]
    d.mitra = [MitraData(nama="Pendamping PKH")]
    d.warga_ids = []
    d.peserta_p = 9
    after = kegiatan.update(admin, saved.id, d, versi)
    assert after.versi == versi + 1
    back, _ = kegiatan.data_of(admin, saved.id)
    assert back.judul == "Pendampingan penyaluran BPNT tahap 2"
    assert back.desa_ids == [desa_id("Gelumbang")] and back.peserta_p == 9
    assert [m.nama for m in back.mitra] == ["Pendamping PKH"] and back.warga_ids == []
    assert KegiatanDesa.select().count() == 1 and KegiatanSasaran.select().count() == 0
    (row,) = audit_rows("kegiatan", "ubah", saved.id)
    lama, baru = json.loads(row.data_lama), json.loads(row.data_baru)
    assert set(baru) == {"judul", "lingkup", "desa", "mitra", "warga", "peserta_p"}
    assert lama["peserta_p"] == 7 and baru["peserta_p"] == 9
    assert audit.verify_chain().ok


def test_saving_unchanged_form_writes_no_audit_entry(admin: Actor, tksk_aktif: int) -> None:
    saved = kegiatan.create(admin, data())
    d, versi = kegiatan.data_of(admin, saved.id)
    kegiatan.update(admin, saved.id, d, versi)
    assert audit_rows("kegiatan", "ubah", saved.id) == []


def test_delete_removes_the_record_and_is_audited(admin: Actor, tksk_aktif: int) -> None:
    saved = kegiatan.create(admin, _full(admin))
    kegiatan.delete(admin, saved.id, saved.versi)
    assert Kegiatan.select().count() == 0
    for child in (KegiatanDesa, KegiatanMitra, KegiatanSasaran):
        assert child.select().count() == 0
    (row,) = audit_rows("kegiatan", "hapus", saved.id)
    assert json.loads(row.data_lama)["judul"] == "Pendampingan penyaluran BPNT"
    assert audit.verify_chain().ok
    with pytest.raises(NotFound):
        kegiatan.data_of(admin, saved.id)
    with pytest.raises(NotFound):
        kegiatan.delete(admin, saved.id, None)


def test_second_save_of_the_same_version_is_refused(admin: Actor, tksk_aktif: int) -> None:
    saved = kegiatan.create(admin, data())
    mine, versi_mine = kegiatan.data_of(admin, saved.id)
    theirs, versi_theirs = kegiatan.data_of(admin, saved.id)
    theirs.judul = "Judul dari komputer lain"
    kegiatan.update(admin, saved.id, theirs, versi_theirs)
    before = counts()
    mine.judul, mine.peserta_l = "Judul saya", 50
    with pytest.raises(Conflict, match="diubah orang lain"):
        kegiatan.update(admin, saved.id, mine, versi_mine)
    stored, versi = kegiatan.data_of(admin, saved.id)
    assert stored.judul == "Judul dari komputer lain" and stored.peserta_l == 5
    assert versi == versi_theirs + 1
    assert counts() == before
    with pytest.raises(Conflict):  # a stale delete is refused too
        kegiatan.delete(admin, saved.id, versi_mine)
    assert Kegiatan.get_by_id(saved.id).judul == "Judul dari komputer lain"


def test_draft_may_be_planned_ahead_but_final_not(admin: Actor, tksk_aktif: int) -> None:
    ahead = TODAY + dt.timedelta(days=30)
    saved = kegiatan.create(admin, data(tanggal=ahead, status="draf", hasil=""))
    d, versi = kegiatan.data_of(admin, saved.id)
    d.status = "final"
    with pytest.raises(ValidationError, match="belum terjadi"):
        kegiatan.update(admin, saved.id, d, versi)
    assert Kegiatan.get_by_id(saved.id).status == "draf"


def test_draft_needs_no_description_or_result(admin: Actor, tksk_aktif: int) -> None:
    saved = kegiatan.create(admin, data(status="draf", uraian="", hasil=""))
    assert Kegiatan.get_by_id(saved.id).status == "draf"


def test_kecamatan_level_activity_has_no_desa(admin: Actor, tksk_aktif: int) -> None:
    saved = kegiatan.create(admin, data(lingkup="kecamatan", desa_ids=[desa_id("Sigam")]))
    back, _ = kegiatan.data_of(admin, saved.id)
    assert back.lingkup == "kecamatan" and back.desa_ids == []
    (row,) = kegiatan_daftar.search(admin)
    assert row.lokasi == "Tingkat kecamatan"


def test_the_tksk_of_an_earlier_term_can_be_chosen(admin: Actor, tksk_aktif: int) -> None:
    saved = kegiatan.create(admin, data(penugasan_id=tksk_aktif, tanggal=HARI_LAIN))
    assert kegiatan.data_of(admin, saved.id)[0].penugasan_id == tksk_aktif


def test_duplicate_gives_a_new_draft_without_result_or_photos(
        admin: Actor, tksk_aktif: int) -> None:
    saved = kegiatan.create(admin, _full(admin))
    copy = kegiatan.copy_data(admin, saved.id, HARI_LAIN)
    assert copy.tanggal == HARI_LAIN and copy.status == "draf"
    assert copy.hasil == "" and copy.foto == [] and copy.penugasan_id is None
    assert copy.judul == "Pendampingan penyaluran BPNT" and copy.uraian
    assert copy.desa_ids == [desa_id("Sigam"), desa_id("Mililian")]
    assert copy.fungsi_id == fungsi("fasilitasi") and copy.program_id == program("bpnt")
    assert kegiatan.copy_data(admin, saved.id).tanggal == TODAY
    assert Kegiatan.select().count() == 1  # copying alone writes nothing
    new = kegiatan.create(admin, copy)
    assert new.id != saved.id and Kegiatan.select().count() == 2
    assert Kegiatan.get_by_id(new.id).status == "draf"
    assert Kegiatan.get_by_id(saved.id).hasil == "Jadwal penyaluran disepakati."


def test_a_referral_is_not_duplicated_edited_or_deleted_as_activity(
        admin: Actor, tksk_aktif: int) -> None:
    r = rujukan.create(admin, rujukan_data(warga(admin)))
    d, versi = kegiatan.data_of(admin, r.kegiatan_id)
    with pytest.raises(Conflict, match="Rujukan tidak dapat digandakan"):
        kegiatan.copy_data(admin, r.kegiatan_id)
    before = counts()
    with pytest.raises(Conflict, match="tidak dapat dihapus"):
        kegiatan.delete(admin, r.kegiatan_id, versi)
    d.judul = "Diubah lewat kegiatan"
    with pytest.raises(ValidationError, match="tab Rujukan"):
        kegiatan.update(admin, r.kegiatan_id, d, versi)
    assert counts() == before
    assert Kegiatan.get_by_id(r.kegiatan_id).judul.startswith("Rujukan ")


def test_an_activity_cannot_be_turned_into_a_referral(admin: Actor, tksk_aktif: int) -> None:
    saved = kegiatan.create(admin, data())
    d, versi = kegiatan.data_of(admin, saved.id)
    d.fungsi_id, d.bentuk_id = fungsi("fasilitasi"), bentuk("rujukan")
    with pytest.raises(ValidationError, match="tab Rujukan"):
        kegiatan.update(admin, saved.id, d, versi)
    assert Kegiatan.get_by_id(saved.id).bentuk_id == bentuk("koordinasi_informasi")


def test_camat_can_list_but_not_write(admin: Actor, tksk_aktif: int, make_actor: Any) -> None:
    saved = kegiatan.create(admin, data())
    r = rujukan.create(admin, rujukan_data(warga(admin)))
    camat = make_actor("camat")
    assert kegiatan_daftar.count(camat) == 2
    assert {x.id for x in kegiatan_daftar.search(camat)} == {saved.id, r.kegiatan_id}
    assert kegiatan.data_of(camat, saved.id)[1] == 1
    other = warga(admin, "Lain (contoh)")
    d, versi = kegiatan.data_of(camat, saved.id)
    before = counts()
    for attempt in (
        lambda: kegiatan.create(camat, data()),
        lambda: kegiatan.update(camat, saved.id, d, versi),
        lambda: kegiatan.delete(camat, saved.id, versi),
        lambda: rujukan.create(camat, rujukan_data(other)),
        lambda: rujukan.update(camat, r.id, rujukan_data(other), r.versi),
        lambda: rujukan.ubah_status(camat, r.id, "diterima", TODAY),
    ):
        with pytest.raises(PermissionDenied, match="Camat"):
            attempt()
    assert counts() == before


@pytest.mark.parametrize("role", ["tksk", "operator"])
def test_tksk_and_operator_can_write(admin: Actor, tksk_aktif: int, make_actor: Any,
                                     role: str) -> None:
    actor = make_actor(role)
    saved = kegiatan.create(actor, data())
    d, versi = kegiatan.data_of(actor, saved.id)
    kegiatan.update(actor, saved.id, replace(d, judul="Diubah TKSK"), versi)
    assert Kegiatan.get_by_id(saved.id).judul == "Diubah TKSK"
    (row,) = audit_rows("kegiatan", "buat", saved.id)
    assert row.pengguna_id == actor.user_id
    kegiatan.delete(actor, saved.id, versi + 1)
    assert Kegiatan.select().count() == 0
