"""Templates for recurring activities (e.g. monthly BPNT distribution monitoring)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from kecamatan_app.models import Kegiatan, KegiatanTemplat
from kecamatan_app.services import audit, kegiatan, kegiatan_templat
from kecamatan_app.services.context import Actor
from kecamatan_app.services.errors import NotFound, PermissionDenied, ValidationError
from kecamatan_app.services.kegiatan import FotoData, MitraData
from tests.kegiatan_bantu import (
    HARI,
    HARI_LAIN,
    TODAY,
    audit_rows,
    bentuk,
    data,
    desa_id,
    fungsi,
    instansi,
    jpeg,
    program,
    write,
)


def _monitoring(tmp_path: Path) -> Any:
    return data(
        fungsi_id=fungsi("fasilitasi"), bentuk_id=bentuk("pendampingan"),
        judul="Monitoring penyaluran BPNT", program_id=program("bpnt"), lingkup="beberapa",
        desa_ids=[desa_id("Sigam"), desa_id("Jambu")],
        mitra=[MitraData(instansi_id=instansi("dinsos_kab")), MitraData(nama="Agen e-Warong")],
        jam_mulai=dt.time(8, 0), jam_selesai=dt.time(12, 0), peserta_l=3, peserta_p=4,
        uraian="Memantau penyaluran di e-Warong.", hasil="Lancar.",
        foto=[FotoData(path=write(tmp_path, "warong.jpg", jpeg()))])


def test_apply_gives_a_new_draft_with_date_and_no_photos(
        admin: Actor, tksk_aktif: int, tmp_path: Path) -> None:
    tid = kegiatan_templat.save(admin, " Monitoring  BPNT bulanan ", _monitoring(tmp_path))
    (row,) = kegiatan_templat.rows(admin)
    assert (row.id, row.nama, row.judul, row.versi) == (
        tid, "Monitoring BPNT bulanan", "Monitoring penyaluran BPNT", 1)
    draft = kegiatan_templat.apply(admin, tid, HARI_LAIN)
    assert draft.tanggal == HARI_LAIN and draft.status == "draf"
    assert draft.foto == [] and draft.hasil == "" and draft.warga_ids == []
    assert (draft.peserta_l, draft.peserta_p) == (0, 0)
    assert draft.judul == "Monitoring penyaluran BPNT"
    assert draft.uraian == "Memantau penyaluran di e-Warong."
    assert (draft.fungsi_id, draft.bentuk_id) == (fungsi("fasilitasi"), bentuk("pendampingan"))
    assert draft.program_id == program("bpnt") and draft.lingkup == "beberapa"
    assert draft.desa_ids == [desa_id("Sigam"), desa_id("Jambu")]
    assert [(m.instansi_id, m.nama) for m in draft.mitra] == [
        (instansi("dinsos_kab"), ""), (None, "Agen e-Warong")]
    assert (draft.jam_mulai, draft.jam_selesai) == (dt.time(8, 0), dt.time(12, 0))
    assert kegiatan_templat.apply(admin, tid).tanggal == TODAY
    assert Kegiatan.select().count() == 0  # applying writes nothing
    saved = kegiatan.create(admin, draft)
    assert Kegiatan.get_by_id(saved.id).status == "draf"


def test_saving_the_same_name_replaces_the_template(
        admin: Actor, tksk_aktif: int, tmp_path: Path) -> None:
    tid = kegiatan_templat.save(admin, "Monitoring BPNT bulanan", _monitoring(tmp_path))
    changed = data(judul="Monitoring BPNT (jadwal baru)", jam_mulai=dt.time(13, 0),
                   jam_selesai=None)
    again = kegiatan_templat.save(admin, "Monitoring  BPNT bulanan", changed)
    assert again == tid and KegiatanTemplat.select().count() == 1
    (row,) = kegiatan_templat.rows(admin)
    assert row.judul == "Monitoring BPNT (jadwal baru)" and row.versi == 2
    draft = kegiatan_templat.apply(admin, tid, HARI)
    assert draft.jam_mulai == dt.time(13, 0) and draft.jam_selesai is None
    assert draft.desa_ids == [desa_id("Sigam")] and draft.mitra == []
    assert len(audit_rows("kegiatan_templat", "buat", tid)) == 1
    (upd,) = audit_rows("kegiatan_templat", "ubah", tid)
    assert "Monitoring BPNT (jadwal baru)" in json.loads(upd.data_baru)["isi"]
    kegiatan_templat.save(admin, "Rapat bulanan", data())
    assert [r.nama for r in kegiatan_templat.rows(admin)] == [
        "Monitoring BPNT bulanan", "Rapat bulanan"]


def test_delete_and_unknown_template(admin: Actor, tksk_aktif: int) -> None:
    tid = kegiatan_templat.save(admin, "Rapat bulanan", data())
    kegiatan_templat.delete(admin, tid)
    assert kegiatan_templat.rows(admin) == []
    assert len(audit_rows("kegiatan_templat", "hapus", tid)) == 1
    with pytest.raises(NotFound):
        kegiatan_templat.apply(admin, tid)
    with pytest.raises(NotFound):
        kegiatan_templat.delete(admin, tid)
    assert audit.verify_chain().ok


@pytest.mark.parametrize("nama, text", [("   ", "Beri nama"), ("x" * 151, "terlalu panjang")])
def test_template_needs_a_name(admin: Actor, nama: str, text: str) -> None:
    with pytest.raises(ValidationError, match=text):
        kegiatan_templat.save(admin, nama, data())
    assert KegiatanTemplat.select().count() == 0


def test_camat_may_not_save_templates(admin: Actor, make_actor: Any) -> None:
    camat = make_actor("camat")
    with pytest.raises(PermissionDenied):
        kegiatan_templat.save(camat, "Rapat", data())
    assert KegiatanTemplat.select().count() == 0
