"""``kecamatan-app setup --dinas --kabupaten-kode 16.03``, run as a user would (subprocess)."""

from __future__ import annotations

from kecamatan_app.db import open_database
from kecamatan_app.models import Kantor, Kecamatan, Pengguna
from kecamatan_app.services import lingkup
from tests.test_cli import run


def test_setup_dinas_from_the_command_line(db_target, data_dir):
    proc = run(["setup", "--dinas", "--kabupaten-kode", "1603", "--admin", "dinas.admin",
                "--admin-nama", "Admin Dinsos"], data_dir, KECAMATAN_APP_ADMIN_PASSWORD="Kuat12345")
    assert proc.returncode == 0, proc.stderr
    assert "Basis data Dinas Sosial disiapkan: Kabupaten Muara Enim" in proc.stdout
    assert "22 kecamatan dengan 256 desa/kelurahan" in proc.stdout
    again = run(["setup", "--kecamatan-kode", "16.03.06"], data_dir)
    assert again.returncode == 1 and "Dinas Sosial" in again.stderr
    twice = run(["setup", "--dinas", "--kabupaten-kode", "16.03"], data_dir)
    assert twice.returncode == 1 and "sudah disiapkan" in twice.stderr
    open_database(db_target)
    assert lingkup.is_dinas() and lingkup.kabupaten_kode() == "16.03"
    assert Kecamatan.select().count() == 22 and Kantor.select().count() == 22
    admin = Pengguna.get(Pengguna.nama_pengguna == "dinas.admin")
    assert admin.peran == "admin" and admin.__data__["kecamatan"] is None


def test_setup_dinas_usage_errors(db_target, data_dir):
    for args, text in (
        (["setup", "--dinas"], "memerlukan --kabupaten-kode"),
        (["setup", "--kecamatan-kode", "16.03.06", "--kabupaten-kode", "16.03"],
         "hanya dipakai bersama --dinas"),
        (["setup", "--dinas", "--kabupaten-kode", "16.03", "--camat", "X"],
         "--camat hanya untuk kantor kecamatan"),
        (["setup", "--dinas", "--kecamatan-kode", "16.03.06"], "not allowed with"),
    ):
        proc = run(args, data_dir)
        assert proc.returncode == 2, (args, proc.stderr)
        assert text in proc.stderr or "tidak boleh" in proc.stderr, proc.stderr
    bad = run(["setup", "--dinas", "--kabupaten-kode", "99.99"], data_dir)
    assert bad.returncode == 1 and "tidak ada dalam daftar resmi" in bad.stderr
