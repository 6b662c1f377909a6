"""The audit chain check names the first broken entry (id, time, actor) for each way of
tampering: an edited entry, a deleted one, a forged one appended, a run of deleted ones.

Tampering is simulated as someone with another database tool would do it: the protecting
triggers dropped first, then the row changed directly (tests/db_bantu.tamper_audit)."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from kecamatan_app.config import DatabaseTarget
from kecamatan_app.models import JejakAudit, database
from kecamatan_app.services import audit, formatting
from kecamatan_app.services.context import Actor
from kecamatan_app.services.errors import PermissionDenied
from tests.db_bantu import tamper_audit


def _tamper(db_target: DatabaseTarget, *sql: str) -> None:
    tamper_audit(*sql)


def _entries() -> list[JejakAudit]:
    return list(JejakAudit.select().order_by(JejakAudit.id))


def _names_the_entry(check: audit.ChainCheck, entry: JejakAudit) -> None:
    """The message names the entry's id, its time as the screen shows it, and its actor."""
    assert not check.ok
    assert check.first_bad_id == entry.id
    assert f"mulai entri #{entry.id} " in check.message
    assert formatting.waktu(entry.waktu) in check.message
    assert entry.pelaku in check.message
    assert check.first_bad_pelaku == entry.pelaku
    assert check.first_bad_waktu == entry.waktu
    assert "Simpan berkas basis data ini sebagai bukti" in check.message


def test_intact_chain_counts_every_entry(admin: Actor) -> None:
    n = JejakAudit.select().count()
    assert n > 5
    check = audit.verify_chain()
    assert check.ok and check.count == n and check.first_bad_id is None
    assert check.message == f"Rantai jejak audit utuh: {formatting.angka(n)} entri diperiksa."


def test_edited_entry_is_named(admin: Actor, db_target: DatabaseTarget) -> None:
    entries = _entries()
    target = entries[3]
    _tamper(db_target, f"UPDATE jejak_audit SET ringkasan = 'dipalsukan' WHERE id = {target.id}")
    check = audit.verify_chain()
    _names_the_entry(check, target)
    assert check.kind == "diubah" and check.count == 3
    assert "tidak cocok dengan hash-nya" in check.message
    assert "rusak atau diubah" in check.message  # the wording the CLI test and users know


def test_edited_actor_is_caught_too(admin: Actor, db_target: DatabaseTarget) -> None:
    target = _entries()[2]
    _tamper(db_target, f"UPDATE jejak_audit SET pelaku = 'orang lain' WHERE id = {target.id}")
    check = audit.verify_chain()
    assert check.first_bad_id == target.id and check.kind == "diubah"
    assert "orang lain" in check.message  # what the row says now: the message shows it as stored


def test_deleted_entry_names_the_next_one_and_the_missing_id(
        admin: Actor, db_target: DatabaseTarget) -> None:
    entries = _entries()
    gone, after = entries[4], entries[5]
    _tamper(db_target, f"DELETE FROM jejak_audit WHERE id = {gone.id}")
    check = audit.verify_chain()
    _names_the_entry(check, after)
    assert check.kind == "hilang" and check.count == 4
    assert f"entri sebelumnya (#{gone.id}) hilang (dihapus)" in check.message


def test_deleted_run_of_entries_names_the_range(admin: Actor, db_target: DatabaseTarget) -> None:
    entries = _entries()
    _tamper(db_target, f"DELETE FROM jejak_audit WHERE id IN ({entries[2].id}, {entries[3].id})")
    check = audit.verify_chain()
    _names_the_entry(check, entries[4])
    assert f"(#{entries[2].id} sampai #{entries[3].id})" in check.message


def test_forged_entry_appended_with_a_made_up_hash(admin: Actor) -> None:
    last = _entries()[-1]
    forged = JejakAudit.create(
        waktu=dt.datetime(2026, 1, 5, 9, 30), pelaku="penyusup", aksi="hapus", tabel="warga",
        rekaman_id="7", ringkasan="Menghapus data", hash_sebelum=last.hash, hash="f" * 64)
    check = audit.verify_chain()
    _names_the_entry(check, forged)
    assert check.kind == "diubah" and check.count == len(_entries()) - 1
    assert "5 Januari 2026 09.30" in check.message


def test_forged_entry_with_a_wrong_link_and_hash(admin: Actor) -> None:
    forged = JejakAudit.create(
        pelaku="penyusup", aksi="ubah", tabel="warga", rekaman_id="7", ringkasan="x",
        hash_sebelum="a" * 64, hash="b" * 64)
    check = audit.verify_chain()
    _names_the_entry(check, forged)
    assert check.kind == "sisipan" and "disisipkan atau dipalsukan" in check.message


def test_edit_with_recomputed_hash_is_caught_at_the_next_entry(
        admin: Actor, db_target: DatabaseTarget) -> None:
    """A forger who recomputes the edited entry's own hash still breaks the link of the next."""
    entries = _entries()
    target, nxt = entries[3], entries[4]
    row: dict[str, Any] = JejakAudit.select().where(JejakAudit.id == target.id).dicts().get()
    row["ringkasan"] = "dipalsukan"
    new_hash = audit._row_hash(row["hash_sebelum"], row)
    _tamper(db_target, f"UPDATE jejak_audit SET ringkasan = 'dipalsukan', hash = '{new_hash}' "
                       f"WHERE id = {target.id}")
    check = audit.verify_chain()
    _names_the_entry(check, nxt)
    assert check.kind == "hilang" and "atau diganti" in check.message


def test_correctly_rehashed_append_is_not_detectable_by_the_chain_alone(admin: Actor) -> None:
    """The documented limit (docs/reliability-notes-crash-two-instances.md): whoever recomputes
    the hash of an appended entry extends the chain; only a copy of the last hash kept
    elsewhere would show it. This test fails if that ever changes, so the docs get updated."""
    last = _entries()[-1]
    entry: dict[str, Any] = {
        "waktu": dt.datetime(2026, 1, 5, 9, 30), "pengguna": None, "pelaku": "penyusup",
        "aksi": "hapus", "tabel": "warga", "rekaman_id": "7", "ringkasan": "x",
        "data_lama": None, "data_baru": None}
    JejakAudit.create(hash_sebelum=last.hash, hash=audit._row_hash(last.hash, entry), **entry)
    assert audit.verify_chain().ok


def test_progress_is_reported_per_batch(admin: Actor) -> None:
    n = JejakAudit.select().count()
    calls: list[tuple[int, int, str]] = []
    check = audit.verify_chain(batch=3, progress=lambda d, t, s: calls.append((d, t, s)))
    assert check.ok
    assert len(calls) == -(-n // 3)  # one per batch
    assert [c[0] for c in calls] == sorted(c[0] for c in calls)
    assert calls[-1][:2] == (n, n) and calls[-1][2].startswith("Memeriksa entri ke-")


def test_check_chain_needs_the_right_to_read_the_trail(admin: Actor, make_actor: Any) -> None:
    assert audit.check_chain(make_actor("camat")).ok
    with pytest.raises(PermissionDenied):
        audit.check_chain(make_actor("tksk"))


@pytest.mark.slow
def test_cli_verify_audit_names_the_entry_and_exits_1(
        admin: Actor, db_target: DatabaseTarget, data_dir: Path) -> None:
    target = _entries()[3]
    _tamper(db_target, f"UPDATE jejak_audit SET ringkasan = 'dipalsukan' WHERE id = {target.id}")
    database.close()
    env = dict(os.environ, KECAMATAN_APP_DATA_DIR=str(data_dir))
    proc = subprocess.run(
        [sys.executable, "-m", "kecamatan_app", "--db", db_target.location, "verify-audit"],
        env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1, proc.stderr
    assert f"rantai rusak mulai entri #{target.id} ({formatting.waktu(target.waktu)}, " \
           f"{target.pelaku})" in proc.stdout
