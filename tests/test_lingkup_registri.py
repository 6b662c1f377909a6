"""Scope in a Dinas database, the registry: a user of kecamatan A never gets a row of B (lists,
search, counts, exports, detail by id), a Dinas Sosial user sees both."""

from __future__ import annotations

import datetime as dt
from typing import Any

import openpyxl
import pytest

from kecamatan_app.models import Kategori
from kecamatan_app.services import (
    akses_subjek,
    cocok_register,
    ekspor_ppks,
    kemiskinan,
    psks,
    registri,
    registri_cari,
    registri_detail,
    registri_ppks,
)
from kecamatan_app.services.errors import Conflict, PermissionDenied, ValidationError
from tests import dinas_bantu as bantu
from tests.test_cocok_register import register_file

ORANG_A = {"Warga A Satu", "Warga A Lama"}
ORANG_B = {"Warga B Satu", "Warga B Lama"}


def _names(rows: Any) -> set[str]:
    return {r.nama for r in rows}


def _sheet_text(path: Any) -> str:
    wb = openpyxl.load_workbook(path, read_only=True)
    return " ".join(str(c) for ws in wb.worksheets for row in ws.iter_rows(values_only=True)
                    for c in row if c is not None)


def test_search_and_count_are_limited_to_the_kecamatan(dunia):
    c = dunia.cast
    for who, mine in (("operator_a", ORANG_A), ("tksk_a", ORANG_A), ("camat_a", ORANG_A),
                      ("admin_b", ORANG_B), ("operator_b", ORANG_B)):
        actor = c[who]
        assert _names(registri_cari.search(actor)) == mine, who
        assert registri_cari.count(actor) == 2, who
        # a search for the other kecamatan's name finds nothing
        other = "Warga B" if mine is ORANG_A else "Warga A"
        assert registri_cari.search(actor, registri_cari.SearchFilter(teks=other)) == []
        nik = (dunia.b if mine is ORANG_A else dunia.a).warga_nik
        assert registri_cari.count(actor, registri_cari.SearchFilter(teks=nik[:10])) == 0
    for who in ("admin", "dinas"):
        assert _names(registri_cari.search(c[who])) == ORANG_A | ORANG_B
        only_b = registri_cari.SearchFilter(kecamatan_id=dunia.b.kecamatan_id)
        assert _names(registri_cari.search(c[who], only_b)) == ORANG_B
    with pytest.raises(PermissionDenied):  # asking for B's kecamatan or desa explicitly
        registri_cari.search(c["operator_a"],
                             registri_cari.SearchFilter(kecamatan_id=dunia.b.kecamatan_id))
    with pytest.raises(PermissionDenied):
        registri_cari.count(c["operator_a"], registri_cari.SearchFilter(desa_id=dunia.b.desa_id))


def test_a_record_of_b_is_refused_by_id(dunia, tmp_path):
    op_a, b = dunia.cast["operator_a"], dunia.b
    calls = [
        lambda: registri_detail.detail(op_a, b.warga_id),
        lambda: registri.reveal_nik(op_a, b.warga_id),
        lambda: registri.warga_of(b.warga_id, op_a),
        lambda: registri.keluarga_of(b.keluarga_id, op_a),
        lambda: registri.update_warga(op_a, b.warga_id, registri.warga_of(b.warga_id)[0], 1),
        lambda: registri.update_keluarga(op_a, b.keluarga_id,
                                         registri.keluarga_of(b.keluarga_id)[0], 1),
        lambda: registri_ppks.change_status(op_a, b.ppks_id, "terverifikasi", 1),
        lambda: registri_ppks.foto(op_a, b.ppks_id),
        lambda: registri_ppks.add_ppks(op_a, registri_ppks.PPKSData(
            kategori_id=Kategori.get((Kategori.jenis == "PPKS") & (Kategori.kode == "02")).id,
            warga_id=b.warga_id)),
        lambda: registri_ppks.save_register(op_a, registri_ppks.RegisterData(
            warga_id=b.warga_id, tanggal_cek=bantu.HARI)),
        lambda: registri_ppks.save_register(op_a, registri_ppks.RegisterData(
            warga_id=dunia.a.warga_id, tanggal_cek=bantu.HARI), b.register_id, 1),
        lambda: registri_ppks.add_bantuan(op_a, registri_ppks.BantuanData(
            program_id=1, periode="2027", keluarga_id=b.keluarga_id)),
        lambda: kemiskinan.assessments(op_a, b.keluarga_id),
        lambda: psks.data_of(op_a, b.psks_id),
        lambda: psks.delete(op_a, b.psks_id),
        # a new record placed in B's desa
        lambda: registri.create_warga(op_a, registri.WargaData(
            nama="Pindahan", jenis_kelamin="L", desa_id=b.desa_id)),
        lambda: registri.create_warga(op_a, registri.WargaData(
            nama="Anggota", jenis_kelamin="L", desa_id=dunia.a.desa_id,
            keluarga_id=b.keluarga_id)),
        lambda: psks.create(op_a, psks.PsksData(
            kategori_id=Kategori.get(Kategori.jenis == "PSKS").id, nama="X",
            desa_id=b.desa_id)),
    ]
    for i, call in enumerate(calls):
        with pytest.raises(PermissionDenied, match=r"Tanjung Agung|Gelumbang"):
            call()
            pytest.fail(f"panggilan {i} tidak ditolak")
    # the Dinas Sosial reads B's detail (masked NIK), but may not change anything
    det = registri_detail.detail(dunia.cast["dinas"], b.warga_id)
    assert det.nama == "Warga B Satu" and det.nik != b.warga_nik
    with pytest.raises(PermissionDenied, match="tidak berhak"):
        registri.reveal_nik(dunia.cast["dinas"], b.warga_id)


def test_duplicates_in_another_kecamatan_name_nobody(dunia):
    op_a, b = dunia.cast["operator_a"], dunia.b
    with pytest.raises(Conflict) as exc:
        registri.create_warga(op_a, registri.WargaData(
            nik=b.warga_nik, nama="Orang Lain", jenis_kelamin="L",
            tanggal_lahir=dt.date(1980, 5, 17), desa_id=dunia.a.desa_id))
    assert "Kecamatan Tanjung Agung" in str(exc.value)
    assert "Warga B" not in str(exc.value) and not isinstance(exc.value, registri.DuplicateNik)


def test_exports_hold_only_the_kecamatans_rows(dunia, tmp_path):
    c = dunia.cast
    path = tmp_path / "ppks-a.xlsx"
    ekspor_ppks.export(c["operator_a"], path)
    text = _sheet_text(path)
    assert "Warga A Satu" in text and "Warga B" not in text and "Kepala B" not in text
    assert "Kecamatan Gelumbang" in text
    path_all = tmp_path / "ppks-semua.xlsx"
    assert ekspor_ppks.export(c["admin"], path_all) == 4
    assert "Warga B Satu" in _sheet_text(path_all) and "Warga A Satu" in _sheet_text(path_all)
    with pytest.raises(PermissionDenied):
        ekspor_ppks.export(c["operator_a"], tmp_path / "x.xlsx",
                           kecamatan_id=dunia.b.kecamatan_id)


def test_household_lookups_and_register_matching(dunia, tmp_path):
    c, a, b = dunia.cast, dunia.a, dunia.b
    assert {k.kepala for k in kemiskinan.find_households(c["operator_a"], "Kepala")} == {
        "Kepala A"}
    assert {k.kepala for k in kemiskinan.find_households(c["dinas"], "Kepala")} == {
        "Kepala A", "Kepala B"}
    f = register_file(tmp_path / "dtsen.xlsx", [("ID-1", a.warga_nik, "WARGA A"),
                                                ("ID-2", b.warga_nik, "WARGA B")])
    hasil = cocok_register.match(c["operator_a"], f)
    assert [p.nama for p in hasil.keduanya] == ["Warga A Satu"]
    assert hasil.hanya_kita == [] and [p.nama for p in hasil.hanya_register] == ["WARGA B"]
    hasil_b = cocok_register.match(c["operator_b"], f, apply=True)
    assert [p.warga_id for p in hasil_b.keduanya] == [b.warga_id]
    with pytest.raises(PermissionDenied):
        cocok_register.match(c["operator_a"], f, kecamatan_id=b.kecamatan_id)


def test_subject_access_reports_only_the_kecamatans_records(dunia):
    c, b = dunia.cast, dunia.b
    mine = akses_subjek.kumpulkan(c["admin_a"], b.warga_nik)
    assert mine.kosong and not mine.warga and not mine.rujukan and not mine.kegiatan
    theirs = akses_subjek.kumpulkan(c["admin_b"], b.warga_nik)
    assert [w.nama for w in theirs.warga] == ["Warga B Satu"]
    assert len(theirs.rujukan) == 1 and len(theirs.kegiatan) == 1
    assert theirs.kecamatan == "Tanjung Agung"
    # the audit history of the report: entries of B's users, never of A's
    assert all("Warga A" not in j.ringkasan for j in theirs.jejak)
    every = akses_subjek.kumpulkan(c["admin"], b.warga_nik)
    assert [w.nama for w in every.warga] == ["Warga B Satu"]


def test_psks_lists(dunia):
    c = dunia.cast
    assert [r.nama for r in psks.search(c["operator_a"])] == ["PSKS A"]
    assert [r.nama for r in psks.search(c["camat_b"])] == ["PSKS B"]
    assert {r.nama for r in psks.search(c["dinas"])} == {"PSKS A", "PSKS B"}
    assert [r.nama for r in psks.search(c["dinas"], psks.PsksFilter(
        kecamatan_id=dunia.b.kecamatan_id))] == ["PSKS B"]
    with pytest.raises(PermissionDenied):
        psks.search(c["operator_a"], psks.PsksFilter(desa_id=dunia.b.desa_id))
    data, versi = psks.data_of(c["dinas"], dunia.b.psks_id)
    with pytest.raises(PermissionDenied, match="tidak berhak"):  # reads, never writes
        psks.update(c["dinas"], dunia.b.psks_id, data, versi)
    with pytest.raises(ValidationError, match="Pilih desa"):
        psks.create(c["admin"], psks.PsksData(
            kategori_id=Kategori.get(Kategori.jenis == "PSKS").id, nama="Tanpa desa"))
