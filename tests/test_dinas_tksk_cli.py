"""``kecamatan-app eligibility`` and ``tksk appoint`` in a Dinas database, run as a user would
(subprocess): ``--kecamatan KODE`` narrows the candidates to one kecamatan, and an appointment
needs it (a TKSK serves one kecamatan; the same NIK may be a candidate in another)."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from kecamatan_app.models import Pendaftar, Penugasan
from kecamatan_app.models.base import fk
from kecamatan_app.services import pendaftar, penugasan
from tests import dinas_bantu as bantu
from tests.test_cli import run

pytestmark = pytest.mark.slow


def _calon_baru(d: bantu.Dunia) -> str:
    """A second eligible candidate in A; A's TKSK ends duty so the post is free."""
    adm = d.cast["admin_a"]
    born = dt.date(1995, 3, 12)
    nik = bantu._nik(bantu.KODE_A, 21, born, female=True)
    pendaftar.create(adm, pendaftar.PendaftarData(
        nik=nik, nama="Calon Baru A", jenis_kelamin="P", tempat_lahir="Muara Enim",
        tanggal_lahir=born, kewarganegaraan="WNI", desa_domisili_id=d.a.desa_id,
        pendidikan="SMA", status_kepegawaian="Bukan ASN/TNI/Polri/Legislatif",
        pilar_sosial="Karang Taruna", dapat_komputer=True, surat_sehat="Ada", skck="Ada",
        tanggal_daftar=dt.date.today() - dt.timedelta(days=10)))
    penugasan.terminate(adm, d.a.penugasan_id, penugasan.PemberhentianData(
        tanggal=dt.date.today() - dt.timedelta(days=1), alasan_id=penugasan.grounds()[0][0]))
    return nik


def test_eligibility_lists_each_candidates_kecamatan_and_filters_by_it(db, data_dir, tmp_path):
    d = bantu.dunia(tmp_path)
    nik_a = Pendaftar.get_by_id(d.a.pendaftar_id).nik
    proc = run(["eligibility", "--json"], data_dir)
    assert proc.returncode == 0, proc.stderr
    rows = json.loads(proc.stdout)
    assert {(r["nama"], r["kecamatan"]) for r in rows} == {
        ("Calon A", bantu.KODE_A), ("Calon B", bantu.KODE_B)}
    proc = run(["eligibility", "--json", "--kecamatan", bantu.KODE_B], data_dir)
    assert [r["nama"] for r in json.loads(proc.stdout)] == ["Calon B"]
    proc = run(["eligibility", "--kecamatan", bantu.KODE_A], data_dir)
    assert proc.returncode == 0 and "Calon A" in proc.stdout and "Calon B" not in proc.stdout
    assert f"Kecamatan Gelumbang ({bantu.KODE_A})" in proc.stdout
    proc = run(["eligibility", "--nik", nik_a, "--kecamatan", bantu.KODE_B], data_dir)
    assert proc.returncode == 1
    assert f"Tidak ada pendaftar dengan NIK {nik_a} di Kecamatan Tanjung Agung" in proc.stderr


def test_appointment_needs_the_kecamatan_and_stays_in_it(db, data_dir, tmp_path):
    d = bantu.dunia(tmp_path)
    nik = _calon_baru(d)
    sk = ["--sk-nomor", "460/77/SK", "--sk-tanggal", dt.date.today().isoformat(),
          "--mulai", dt.date.today().isoformat()]
    before = Penugasan.select().count()
    proc = run(["tksk", "appoint", "--nik", nik, *sk], data_dir)
    assert proc.returncode == 1 and "Sebutkan kecamatan tempat TKSK diangkat" in proc.stderr
    proc = run(["tksk", "appoint", "--nik", nik, *sk, "--kecamatan", bantu.KODE_B], data_dir)
    assert proc.returncode == 1 and "Tidak ada pendaftar dengan NIK" in proc.stderr
    assert Penugasan.select().count() == before
    proc = run(["tksk", "appoint", "--nik", nik, *sk, "--kecamatan", bantu.KODE_A], data_dir)
    assert proc.returncode == 0, proc.stderr
    assert "Calon Baru A diangkat sebagai TKSK" in proc.stdout
    baru = Penugasan.get(Penugasan.aktif & (Penugasan.kecamatan == d.a.kecamatan_id))
    assert baru.pendaftar.nama == "Calon Baru A" and fk(baru, "kecamatan") == d.a.kecamatan_id
    # B's TKSK is untouched
    assert Penugasan.get_by_id(d.b.penugasan_id).aktif
