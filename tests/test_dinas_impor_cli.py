"""``kecamatan-app import/export/template ... --kecamatan KODE``, run as a user would
(subprocess): required for an import into a Dinas database, optional (and checked against the
office) in a kecamatan database."""

from __future__ import annotations

from typing import Any

import pytest

from kecamatan_app.models import DataPSKS, JejakAudit, Kegiatan, Rujukan, Warga
from kecamatan_app.models.base import fk
from kecamatan_app.services import impor_kegiatan, impor_psks, impor_rujukan
from tests import dinas_bantu as bantu
from tests import dinas_impor_bantu as kembar
from tests.dinas_impor_bantu import KEMBAR
from tests.impor_bantu import write_rows
from tests.test_cli import run
from tests.test_impor_cepat import _orang, _tulis

pytestmark = pytest.mark.slow


def _orang_sigam(n: int) -> list[dict[str, Any]]:
    rows = _orang(n)
    for r in rows:
        r["Desa"] = KEMBAR
    return rows


def test_import_into_a_dinas_database_needs_the_kecamatan(db, data_dir, tmp_path):
    d = kembar.dunia(tmp_path)
    a = d.a.kecamatan_id
    ppks = _tulis(tmp_path / "ppks.xlsx", _orang_sigam(3))
    proc = run(["import", "ppks", str(ppks)], data_dir)
    assert proc.returncode == 1 and "Pilih dahulu kecamatan" in proc.stderr
    assert "--kecamatan KODE" in proc.stderr
    proc = run(["import", "ppks", str(ppks), "--kecamatan", "16.03.99"], data_dir)
    assert proc.returncode == 1 and "tidak ada di basis data Dinas Sosial" in proc.stderr
    assert Warga.select().where(Warga.nama.startswith("Orang")).count() == 0
    proc = run(["import", "ppks", str(ppks), "--kecamatan", bantu.KODE_A], data_dir)
    assert proc.returncode == 0, proc.stderr
    assert {fk(w, "desa") for w in Warga.select().where(Warga.nama.startswith("Orang"))} == {
        kembar.desa_id(a, KEMBAR)}
    # activities through the kegiatan service, which takes the kecamatan from the actor
    kegiatan = write_rows(tmp_path / "k.xlsx", "Kegiatan",
                          [c.header for c in impor_kegiatan.columns()],
                          [{"Tanggal": bantu.HARI, "Fungsi": "Koordinasi",
                            "Bentuk": "koordinasi_informasi", "Judul": "Rapat dari CLI",
                            "Desa": KEMBAR}])
    proc = run(["import", "kegiatan", str(kegiatan), "--kecamatan", "160306"], data_dir)
    assert proc.returncode == 0, proc.stderr
    k = Kegiatan.get(Kegiatan.judul == "Rapat dari CLI")
    assert (fk(k, "kecamatan"), fk(k, "penugasan")) == (a, d.a.penugasan_id)
    entry = JejakAudit.get((JejakAudit.tabel == "kegiatan") & (JejakAudit.aksi == "buat")
                           & (JejakAudit.rekaman_id == str(k.id)))
    assert entry.pelaku.startswith("cli:") and fk(entry, "pengguna") is None
    # a referral of B's person, imported into A: refused without the person's name
    rujukan = write_rows(tmp_path / "r.xlsx", "Rujukan",
                         [c.header for c in impor_rujukan.columns()],
                         [{"Tanggal": bantu.HARI, "NIK Klien": d.b.warga_nik,
                           "Kebutuhan": "Kursi roda", "Instansi": "puskesmas",
                           "Persetujuan": "Ada"}])
    before = Rujukan.select().count()
    proc = run(["import", "rujukan", str(rujukan), "--kecamatan", bantu.KODE_A], data_dir)
    assert proc.returncode == 1 and "Kecamatan Tanjung Agung" in proc.stderr
    assert d.b.warga_nama not in proc.stderr + proc.stdout
    assert Rujukan.select().count() == before


def test_export_and_template_of_one_kecamatan_or_of_all(db, data_dir, tmp_path):
    d = kembar.dunia(tmp_path)
    out_b, out_all = tmp_path / "psks-b.xlsx", tmp_path / "psks.xlsx"
    proc = run(["export", "psks", str(out_b), "--kecamatan", bantu.KODE_B], data_dir)
    assert proc.returncode == 0 and "1 baris diekspor" in proc.stdout, proc.stderr
    text = kembar.sheet_text(out_b)
    assert "PSKS B" in text and "PSKS A" not in text and "Tanjung Agung" in text
    proc = run(["export", "psks", str(out_all)], data_dir)
    assert proc.returncode == 0 and "2 baris diekspor" in proc.stdout, proc.stderr
    assert "(semua kecamatan)" in kembar.sheet_text(out_all)
    tpl = tmp_path / "templat.xlsx"
    proc = run(["template", "psks", str(tpl), "--kecamatan", bantu.KODE_A], data_dir)
    assert proc.returncode == 0, proc.stderr
    assert kembar.pilihan(tpl, impor_psks.DESA) == kembar.nama_desa(d.a.kecamatan_id)


def test_kecamatan_option_in_a_kecamatan_database(admin, data_dir, tmp_path):
    headers = [c.header for c in impor_psks.columns()]
    path = write_rows(tmp_path / "s.xlsx", "PSKS", headers,
                      [{"Jenis PSKS": "Karang Taruna", "Nama": "Karang Taruna Sigam",
                        "Desa": "Sigam"}])
    proc = run(["import", "psks", str(path), "--kecamatan", bantu.KODE_B], data_dir)
    assert proc.returncode == 1 and "tidak cocok" in proc.stderr
    assert "Kecamatan Gelumbang (16.03.06)" in proc.stderr
    assert DataPSKS.select().count() == 0
    proc = run(["import", "psks", str(path), "--kecamatan", "160306"], data_dir)
    assert proc.returncode == 0, proc.stderr
    assert DataPSKS.select().count() == 1
    out = tmp_path / "e.xlsx"
    proc = run(["export", "psks", str(out), "--kecamatan", bantu.KODE_A], data_dir)
    assert proc.returncode == 0 and "1 baris diekspor" in proc.stdout, proc.stderr
