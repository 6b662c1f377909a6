"""The audit trail: create/update/delete with old and new values, and the hash chain."""

from __future__ import annotations

import itertools

from kecamatan_app.models import JejakAudit
from kecamatan_app.services import audit, kantor, referensi, users
from kecamatan_app.services.audit import AuditFilter
from tests.conftest import ADMIN_PASSWORD
from tests.db_bantu import tamper_audit


def test_setup_is_audited_and_chain_verifies(office):
    entries = list(JejakAudit.select().order_by(JejakAudit.id))
    tables = {e.tabel for e in entries}
    assert {"kecamatan", "desa", "kantor", "pejabat", "pengguna"} <= tables
    assert entries[0].hash_sebelum == audit.GENESIS
    for prev, cur in itertools.pairwise(entries):
        assert cur.hash_sebelum == prev.hash
    check = audit.verify_chain()
    assert check.ok and check.count == len(entries)


def test_update_records_only_changed_fields_old_and_new(admin):
    info = kantor.get_office()
    data = info.kantor
    data.telepon = "(0713) 123456"
    kantor.update_office(admin, data, info.kantor_versi)
    e = JejakAudit.select().order_by(JejakAudit.id.desc()).first()
    assert e.aksi == "ubah" and e.tabel == "kantor"
    assert '"telepon": ""' in e.data_lama
    assert '"telepon": "(0713) 123456"' in e.data_baru
    assert "alamat" not in e.data_baru


def test_delete_is_recorded(admin):
    row = referensi.save(admin, "program", None, "bansos_lokal", "Bansos Lokal")
    referensi.delete(admin, "program", row.id)
    e = JejakAudit.select().order_by(JejakAudit.id.desc()).first()
    assert e.aksi == "hapus" and "Bansos Lokal" in e.data_lama


def _tamper(db_target, sql: str) -> None:
    """Simulate someone editing the database with another tool (triggers dropped first)."""
    tamper_audit(sql)


def test_edited_entry_breaks_the_chain(admin, db_target):
    target = JejakAudit.select().order_by(JejakAudit.id).offset(2).first()
    _tamper(db_target, f"UPDATE jejak_audit SET ringkasan = 'palsu' WHERE id = {target.id}")
    check = audit.verify_chain()
    assert not check.ok and check.first_bad_id == target.id
    assert "rusak atau diubah" in check.message


def test_deleted_entry_breaks_the_chain(admin, db_target):
    target = JejakAudit.select().order_by(JejakAudit.id).offset(3).first()
    _tamper(db_target, f"DELETE FROM jejak_audit WHERE id = {target.id}")
    check = audit.verify_chain()
    assert not check.ok and check.first_bad_id == target.id + 1


def test_search_filters(admin, make_actor):
    make_actor("operator")
    users.login("admin", ADMIN_PASSWORD)
    rows = audit.search(admin, AuditFilter(aksi="login"))
    assert rows and all(r.aksi == "login" for r in rows)
    assert rows[0].id > rows[-1].id  # newest first
    by_table = audit.search(admin, AuditFilter(tabel="desa"))
    assert len(by_table) == 1 and "23 desa/kelurahan" in by_table[0].ringkasan
    assert audit.count(admin, AuditFilter(teks="Pengguna baru")) == 1
    assert "pengguna" in audit.tables_in_trail(admin)
    mine = audit.search(admin, AuditFilter(pengguna_id=admin.user_id))
    assert mine and all("admin" in r.pelaku for r in mine)
