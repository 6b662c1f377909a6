"""Scope in a Dinas database: the mapping recap, its summary and export, the desa lists and
region edits, and each kecamatan's own office (kop, camat, logo)."""

from __future__ import annotations

import openpyxl
import pytest

from kecamatan_app.models import Desa, Kategori
from kecamatan_app.services import (
    desa,
    ekspor_rekap,
    kantor,
    rekap,
    ringkasan,
    wilayah_kantor,
)
from kecamatan_app.services.errors import NotFound, PermissionDenied, ValidationError
from tests import dinas_bantu as bantu
from tests.conftest import CAMAT_NIP

PERIODE = rekap.Periode(bantu.HARI.year)


def _desa_of(kec: int) -> set[int]:
    return {int(d.id) for d in Desa.select().where(Desa.kecamatan == kec)}


def test_recap_grid_summary_and_export(dunia, tmp_path):
    c, a, b = dunia.cast, dunia.a, dunia.b
    kat = Kategori.get((Kategori.jenis == "PPKS") & (Kategori.kode == "01")).id
    g = rekap.grid(c["operator_a"], PERIODE, "PPKS")
    assert {d.id for d in g.desa} == _desa_of(a.kecamatan_id) and len(g.desa) == 23
    assert g.total.desa == 7 and g.cell(a.desa_id, kat).jumlah_desa == 7
    g_b = rekap.grid(c["dinas"], PERIODE, "PPKS", b.kecamatan_id)
    assert {d.id for d in g_b.desa} == _desa_of(b.kecamatan_id) and g_b.total.desa == 11
    with pytest.raises(ValidationError, match="Pilih dahulu kecamatan"):
        rekap.grid(c["dinas"], PERIODE, "PPKS")
    with pytest.raises(PermissionDenied):
        rekap.grid(c["operator_a"], PERIODE, "PPKS", b.kecamatan_id)
    with pytest.raises(PermissionDenied):
        rekap.save_cells(c["operator_a"], PERIODE, [rekap.CellChange(b.desa_id, kat, "desa", 1)])
    assert rekap.grid(c["tksk_b"], PERIODE, "PPKS").total.desa == 11  # unchanged
    assert rekap.copy_previous(c["operator_a"], rekap.Periode(PERIODE.tahun + 1), "PPKS") == 1
    assert rekap.grid(c["camat_b"], rekap.Periode(PERIODE.tahun + 1), "PPKS").total.desa == 0
    # the summary page: the recap beside the registry by name, of one kecamatan
    gab = ringkasan.gabungan(c["camat_a"], PERIODE)
    assert gab.total.dilaporkan_desa == 7 and gab.total.tercatat_per_nama == 1
    assert len(gab.per_desa) == 23
    gab_b = ringkasan.gabungan(c["admin"], PERIODE, b.kecamatan_id)
    assert gab_b.total.dilaporkan_desa == 11 and gab_b.total.tercatat_per_nama == 1
    # the export: the kecamatan's desa only; the kabupaten's: every kecamatan, one block each
    path = tmp_path / "rekap-a.xlsx"
    assert ekspor_rekap.export(c["operator_a"], path, periode=PERIODE) > 0
    names_a = {d.nama for d in Desa.select().where(Desa.kecamatan == a.kecamatan_id)}
    names_b = {d.nama for d in Desa.select().where(Desa.kecamatan == b.kecamatan_id)}
    ws = openpyxl.load_workbook(path, read_only=True).worksheets[0]
    seen = {row[3] for row in ws.iter_rows(values_only=True)
            if len(row) > 3 and row[0] == PERIODE.tahun}
    assert seen == names_a and not (names_b - names_a) & seen
    stored = tmp_path / "rekap-semua-periode.xlsx"
    assert ekspor_rekap.export(c["operator_b"], stored) == 1  # B's one stored cell
    assert ekspor_rekap.export(c["admin"], tmp_path / "kab.xlsx") == 3
    assert ekspor_rekap.export(c["dinas"], tmp_path / "kab2.xlsx", periode=PERIODE) > len(
        seen) * 2


def test_desa_lists_and_region_edits(dunia):
    c, a, b = dunia.cast, dunia.a, dunia.b
    rows = wilayah_kantor.desa_rows(kecamatan_id=a.kecamatan_id)
    assert {r.id for r in rows} == _desa_of(a.kecamatan_id)
    assert {d.id for d in desa.all_desa(b.kecamatan_id)} == _desa_of(b.kecamatan_id)
    # "Pagar Dewa" is a desa of three kecamatan of Muara Enim: a name lookup needs the kecamatan
    pagar = list(Desa.select().where(Desa.nama == "Pagar Dewa"))
    assert len(pagar) == 3
    for d in pagar:
        kec = int(d.__data__["kecamatan"])
        assert desa.resolve("Desa Pagar Dewa", kec).id == d.id
        assert desa.by_id(d.id, kec) is not None
    assert desa.resolve("Pagar Dewa", a.kecamatan_id) is None
    assert desa.by_id(b.desa_id, a.kecamatan_id) is None
    op_a = c["operator_a"]
    for call in (lambda: wilayah_kantor.get_desa(b.desa_id, op_a),
                 lambda: wilayah_kantor.rename_desa(op_a, b.desa_id, "Nama Baru", None),
                 lambda: wilayah_kantor.add_alias(op_a, b.desa_id, "Nama Lain"),
                 lambda: wilayah_kantor.set_aktif(op_a, b.desa_id, False, None),
                 lambda: wilayah_kantor.create_dusun(op_a, b.desa_id, "Dusun I"),
                 lambda: wilayah_kantor.dusun_list(b.desa_id, op_a),
                 lambda: wilayah_kantor.ensure_dusun(op_a, b.desa_id, ["Dusun II"])):
        with pytest.raises(PermissionDenied):
            call()
    dusun = wilayah_kantor.create_dusun(c["operator_b"], b.desa_id, "Dusun I")
    with pytest.raises(PermissionDenied):
        wilayah_kantor.update_dusun(op_a, dusun.id, "Dusun Satu", "", None)
    with pytest.raises(PermissionDenied):
        wilayah_kantor.delete_dusun(op_a, dusun.id)
    # a desa keeps its name although other kecamatan have a desa of the same name
    d = pagar[0]
    wilayah_kantor.add_alias(c["admin"], d.id, "Pagardewa Lama")
    with pytest.raises(ValidationError, match="nama desa"):  # but not within its kecamatan
        kec_d = int(d.__data__["kecamatan"])
        other = Desa.select().where((Desa.kecamatan == kec_d) & (Desa.id != d.id)).first()
        wilayah_kantor.rename_desa(c["admin"], other.id, "Pagar Dewa", None)


def test_each_kecamatan_has_its_own_office(dunia):
    c, a, b = dunia.cast, dunia.a, dunia.b
    assert kantor.get_office() is None  # no single office in a Dinas database
    with pytest.raises(NotFound, match="pilih dahulu kecamatannya"):
        kantor._office_row()
    office_a = kantor.office_for(c["operator_a"])
    assert office_a.kecamatan == "Gelumbang" and office_a.jumlah_desa + office_a.jumlah_kelurahan
    assert kantor.office_for(c["dinas"], b.kecamatan_id).kecamatan == "Tanjung Agung"
    with pytest.raises(PermissionDenied):
        kantor.office_for(c["operator_a"], b.kecamatan_id)
    with pytest.raises(ValidationError, match="Pilih dahulu kecamatan"):
        kantor.office_for(c["dinas"])
    data = office_a.kantor
    data.alamat = "Jl. Merdeka 1, Gelumbang"
    kantor.update_office(c["operator_a"], data, office_a.kantor_versi)
    assert kantor.get_office(a.kecamatan_id).kantor.alamat == "Jl. Merdeka 1, Gelumbang"
    assert kantor.get_office(b.kecamatan_id).kantor.alamat == ""
    office_b = kantor.get_office(b.kecamatan_id)
    with pytest.raises(PermissionDenied):
        kantor.update_office(c["operator_a"], data, office_b.kantor_versi, b.kecamatan_id)
    camat = kantor.CamatData(nama="Drs. Camat B", nip=CAMAT_NIP)
    with pytest.raises(PermissionDenied):
        kantor.set_camat(c["camat_a"], camat, pergantian=False, kecamatan_id=b.kecamatan_id)
    kantor.set_camat(c["camat_b"], camat, pergantian=False)
    assert kantor.get_office(b.kecamatan_id).camat.nama == "Drs. Camat B"
    assert kantor.get_office(a.kecamatan_id).camat is None
    assert [p.nama for p in kantor.camat_history(b.kecamatan_id)] == ["Drs. Camat B"]
    assert kantor.camat_history(a.kecamatan_id) == [] and kantor.camat_history() == []
    assert len(kantor.desa_list(kecamatan_id=a.kecamatan_id)) == 23
    assert kantor.desa_list() == []
    assert kantor.judul_lingkup(c["operator_b"]) == "Kecamatan Tanjung Agung, Kabupaten Muara Enim"
    assert kantor.judul_lingkup(c["dinas"]).startswith("Dinas Sosial Kabupaten Muara Enim")
