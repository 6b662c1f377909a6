"""Activity and referral imports in a Dinas database: the desa, the PSKS partners, the TKSK and
the clients are those of the importing kecamatan (Gelumbang, A), never of Tanjung Agung (B),
which also has a desa "Sigam"; a referral of B's person or household is refused without their
name; the kabupaten's admin imports into the kecamatan chosen."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from kecamatan_app.models import JejakAudit, Kegiatan, KegiatanDesa, KegiatanMitra, Rujukan
from kecamatan_app.models.base import fk
from kecamatan_app.services import impor_kegiatan, impor_rujukan
from kecamatan_app.services import registri as reg
from tests import dinas_bantu as bantu
from tests import dinas_impor_bantu as kembar
from tests.dinas_impor_bantu import HANYA_B, KEMBAR
from tests.impor_bantu import write_rows

KEGIATAN = [c.header for c in impor_kegiatan.columns()]
RUJUKAN = [c.header for c in impor_rujukan.columns()]


@pytest.fixture
def dunia(db: Any, tmp_path: Path) -> bantu.Dunia:
    return kembar.dunia(tmp_path)


def _kegiatan(**over: Any) -> dict[str, Any]:
    row: dict[str, Any] = {"Tanggal": bantu.HARI, "Fungsi": "Koordinasi",
                           "Bentuk": "koordinasi_informasi", "Judul": "Rapat di Sigam",
                           "Desa": KEMBAR, "Mitra": "PSKS A; PSKS B"}
    row.update(over)
    return row


def test_kegiatan_rows_use_the_kecamatans_desa_psks_and_tksk(dunia, tmp_path):
    a, b = dunia.a.kecamatan_id, dunia.b.kecamatan_id
    tksk = dunia.cast["tksk_a"]
    path = write_rows(tmp_path / "k.xlsx", "Kegiatan", KEGIATAN,
                      [_kegiatan(), _kegiatan(Judul="Rapat lain", Desa=HANYA_B)])
    result = impor_kegiatan.import_file(tksk, path)
    assert [(p.row, p.column) for p in result.problems] == [(3, "Desa")]
    assert "bukan desa/kelurahan kecamatan ini" in result.problems[0].message
    path = write_rows(tmp_path / "k2.xlsx", "Kegiatan", KEGIATAN, [_kegiatan()])
    result = impor_kegiatan.import_file(tksk, path)
    assert (result.created, result.problems) == (1, [])
    k = Kegiatan.get(Kegiatan.judul == "Rapat di Sigam")
    assert (fk(k, "kecamatan"), fk(k, "penugasan")) == (a, dunia.a.penugasan_id)
    assert [fk(d, "desa") for d in KegiatanDesa.select().where(KegiatanDesa.kegiatan == k.id)
            ] == [kembar.desa_id(a, KEMBAR)]
    mitra = {(fk(m, "psks"), m.nama) for m in
             KegiatanMitra.select().where(KegiatanMitra.kegiatan == k.id)}
    # A's PSKS is linked; B's of the same kind of name is only a name typed
    assert mitra == {(dunia.a.psks_id, "PSKS A"), (None, "PSKS B")}
    assert fk(k, "kecamatan") != b


def test_the_kabupaten_admin_imports_activities_into_the_chosen_kecamatan(dunia, tmp_path):
    a, b = dunia.a.kecamatan_id, dunia.b.kecamatan_id
    admin = dunia.cast["admin"]
    path = write_rows(tmp_path / "k.xlsx", "Kegiatan", KEGIATAN,
                      [_kegiatan(Judul="Rapat dari kabupaten", Mitra=None)])
    result = impor_kegiatan.import_file(admin, path, kecamatan_id=b)
    assert (result.created, result.problems) == (1, [])
    k = Kegiatan.get(Kegiatan.judul == "Rapat dari kabupaten")
    assert (fk(k, "kecamatan"), fk(k, "penugasan")) == (b, dunia.b.penugasan_id)
    assert [fk(d, "desa") for d in KegiatanDesa.select().where(KegiatanDesa.kegiatan == k.id)
            ] == [kembar.desa_id(b, KEMBAR)]
    entry = JejakAudit.get((JejakAudit.tabel == "kegiatan") & (JejakAudit.aksi == "buat")
                           & (JejakAudit.rekaman_id == str(k.id)))
    assert fk(entry, "pengguna") == admin.user_id  # still the admin's own account
    out = tmp_path / "ekspor-a.xlsx"
    assert impor_kegiatan.export(admin, out, kecamatan_id=a) == 2  # an activity, a referral
    text = kembar.sheet_text(out)
    assert "Rapat koordinasi A" in text and "Rapat dari kabupaten" not in text
    assert impor_kegiatan.export(dunia.cast["operator_b"], tmp_path / "b.xlsx") == 3


def _rujukan(nik: str | None, **over: Any) -> dict[str, Any]:
    row: dict[str, Any] = {"Tanggal": bantu.HARI, "NIK Klien": nik,
                           "Kebutuhan": "Pemeriksaan kesehatan", "Instansi": "puskesmas",
                           "Persetujuan": "Ada"}
    row.update(over)
    return row


def test_rujukan_of_another_kecamatans_person_or_household_is_refused_without_the_name(
        dunia, tmp_path):
    a = dunia.a.kecamatan_id
    kk_b = "1603010101250001"
    reg.create_keluarga(dunia.cast["operator_b"], reg.KeluargaData(
        kk_b, "Kepala KK B", desa_id=dunia.b.desa_id))
    before = Rujukan.select().count()
    rows = [_rujukan(dunia.a.warga_nik), _rujukan(dunia.b.warga_nik),
            _rujukan(None, **{"No. KK Klien": kk_b})]
    result = impor_rujukan.import_file(dunia.cast["tksk_a"], write_rows(
        tmp_path / "r.xlsx", "Rujukan", RUJUKAN, rows))
    assert [(p.row, p.column) for p in result.problems] == [(3, "NIK Klien"),
                                                            (4, "No. KK Klien")]
    for p in result.problems:
        assert "tercatat di Kecamatan Tanjung Agung, bukan di kecamatan ini" in p.message
    text = kembar.messages(result)
    assert dunia.b.warga_nama not in text and "Kepala KK B" not in text
    assert Rujukan.select().count() == before
    result = impor_rujukan.import_file(dunia.cast["tksk_a"], write_rows(
        tmp_path / "r2.xlsx", "Rujukan", RUJUKAN, rows[:1]))
    assert (result.created, result.problems) == (1, [])
    made = Rujukan.select().order_by(Rujukan.id.desc()).first()
    assert (fk(made, "kecamatan"), fk(made, "warga")) == (a, dunia.a.warga_id)


def test_the_kabupaten_admin_imports_referrals_into_the_chosen_kecamatan(dunia, tmp_path):
    b = dunia.b.kecamatan_id
    admin = dunia.cast["admin"]
    path = write_rows(tmp_path / "r.xlsx", "Rujukan", RUJUKAN,
                      [_rujukan(dunia.b.warga_nik, Kebutuhan="Kursi roda")])
    result = impor_rujukan.import_file(admin, path, kecamatan_id=b)
    assert (result.created, result.problems) == (1, [])
    made = Rujukan.get(Rujukan.kebutuhan == "Kursi roda")
    assert (fk(made, "kecamatan"), fk(made, "warga")) == (b, dunia.b.warga_id)
    # into A, B's person is refused
    result = impor_rujukan.import_file(admin, path, kecamatan_id=dunia.a.kecamatan_id)
    assert [(p.row, p.column) for p in result.problems] == [(2, "NIK Klien")]
    out = tmp_path / "ekspor.xlsx"
    assert impor_rujukan.export(admin, out, kecamatan_id=b) == 2
    assert "Kursi roda" in kembar.sheet_text(out) and "Kebutuhan A" not in kembar.sheet_text(out)
