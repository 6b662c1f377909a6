"""Two instances on one SQLite file (issue 7, point 7): two windows, or two users of one PC; with
``KECAMATAN_APP_TEST_PG``, two PCs on one PostgreSQL server.

(a) Lost updates: two processes load the same record and both save with the version they
    loaded; the first wins, the second is refused with the Indonesian "someone else changed it,
    reload" message, and nothing is silently overwritten. For five kinds of record.
(b) Busy database: while one process holds a write transaction, another's reads go on (WAL;
    PostgreSQL: MVCC) and its save waits for the busy timeout (PostgreSQL: ``lock_timeout`` on
    the audit trail's lock, which every save takes), then gets the DatabaseError message, not a
    raw OperationalError; when the first commits in time, the second's save goes through.
(c) In the GUI: a save refused because the database is locked shows the message and keeps the
    form open with the user's input.

The processes are steered through pipes (one JSON command per line, one JSON answer per line),
never by sleeping: see WORKER.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QDialog

from kecamatan_app.config import DatabaseTarget
from kecamatan_app.db import BUSY_TIMEOUT_MS
from kecamatan_app.models import Kegiatan, Penugasan, Warga, database
from kecamatan_app.services import audit, kantor, kegiatan, pendaftar, registri, users
from kecamatan_app.services.context import Actor
from kecamatan_app.services.errors import DatabaseError
from tests import kegiatan_bantu
from tests.db_bantu import another_program_writing, is_postgres, set_lock_wait

REPO = Path(__file__).resolve().parents[1]
TIMEOUT = 120

#: One app instance: opens the file through db.open_database and answers commands on stdin.
WORKER = r'''
import json, sys, time, traceback

from kecamatan_app.config import DatabaseTarget
from kecamatan_app.db import open_database
from kecamatan_app.models import database
from kecamatan_app.services import kantor, kegiatan, pendaftar, registri, users
from kecamatan_app.services.context import Actor
from kecamatan_app.services.errors import AppError
from kecamatan_app.services.tx import is_sqlite


def reply(**kw):
    print(json.dumps(kw, default=str), flush=True)


open_database(DatabaseTarget.parse(sys.argv[1]), create=False)
actor = Actor.cli()
loaded = None


def load(jenis, rid):
    if jenis == "pendaftar":
        return pendaftar.data_of(rid)
    if jenis == "warga":
        return registri.warga_of(rid)
    if jenis == "kegiatan":
        return kegiatan.data_of(actor, rid)
    if jenis == "kantor":
        info = kantor.get_office()
        return info.kantor, info.kantor_versi
    if jenis == "pengguna":
        u = next(u for u in users.list_users(actor) if u.id == rid)
        return u, u.versi
    if jenis == "camat":
        info = kantor.get_office()
        return info.camat, info.camat_versi
    raise ValueError(jenis)


def save(jenis, rid, data, versi, nilai):
    if jenis == "pendaftar":
        data.telepon = nilai
        pendaftar.update(actor, rid, data, versi)
    elif jenis == "warga":
        data.alamat = nilai
        registri.update_warga(actor, rid, data, versi)
    elif jenis == "kegiatan":
        data.judul = nilai
        kegiatan.update(actor, rid, data, versi)
    elif jenis == "kantor":
        data.telepon = nilai
        kantor.update_office(actor, data, versi)
    elif jenis == "pengguna":
        users.change_role(actor, rid, nilai, versi=versi)
    elif jenis == "camat":
        data.nama = nilai
        kantor.set_camat(actor, data, False, versi=versi)


def trace(sql):
    if sql.startswith("BEGIN"):
        reply(jejak=sql)  # the write transaction is being started: from here it may wait


for line in sys.stdin:
    cmd = json.loads(line)
    op = cmd["op"]
    try:
        if op == "muat":
            data, versi = load(cmd["jenis"], cmd["id"])
            loaded = (cmd["jenis"], cmd["id"], data, versi)
            reply(ok=True, versi=versi)
        elif op == "baca":
            data, versi = load(cmd["jenis"], cmd["id"])
            reply(ok=True, nilai=getattr(data, cmd["medan"]), versi=versi)
        elif op == "simpan":
            jenis, rid, data, versi = loaded
            if cmd.get("jejak"):  # SQLite only (PostgreSQL: the test watches pg_locks)
                database.connection().set_trace_callback(trace)
            start = time.monotonic()
            try:
                save(jenis, rid, data, versi, cmd["nilai"])
            except AppError as exc:
                reply(ok=False, jenis=type(exc).__name__, pesan=str(exc),
                      detik=time.monotonic() - start)
            else:
                reply(ok=True, detik=time.monotonic() - start)
            finally:
                if is_sqlite():
                    database.connection().set_trace_callback(None)
        elif op == "kunci":
            database.execute_sql("BEGIN IMMEDIATE" if is_sqlite() else "BEGIN")
            for sql in cmd.get("sql", []):
                database.execute_sql(sql)
            reply(ok=True)
        elif op == "lepas":
            database.execute_sql("COMMIT" if cmd["commit"] else "ROLLBACK")
            reply(ok=True)
        elif op == "selesai":
            reply(ok=True)
            break
    except Exception as exc:  # anything else is reported with its type: the test fails on it
        reply(ok=False, jenis=type(exc).__name__, pesan=str(exc), galat=traceback.format_exc())
'''


class Instance:
    """One running app process, driven line by line."""

    def __init__(self, script: Path, db: str, data_dir: Path) -> None:
        env = dict(os.environ, KECAMATAN_APP_DATA_DIR=str(data_dir), PYTHONPATH=str(REPO))
        env.pop("KECAMATAN_APP_DB", None)
        self.proc = subprocess.Popen([sys.executable, str(script), db], cwd=REPO, env=env,
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)

    def send(self, **cmd: Any) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(json.dumps(cmd) + "\n")
        self.proc.stdin.flush()

    def answer(self) -> dict[str, Any]:
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        assert line, f"proses berhenti (kode {self.proc.poll()})"
        result: dict[str, Any] = json.loads(line)
        return result

    def ask(self, **cmd: Any) -> dict[str, Any]:
        self.send(**cmd)
        return self.answer()

    def close(self) -> None:
        if self.proc.poll() is None:
            self.send(op="selesai")
            self.proc.communicate(timeout=TIMEOUT)


@pytest.fixture
def instances(tmp_path: Path, db_target: DatabaseTarget, data_dir: Path
              ) -> Iterator[Any]:
    script = tmp_path / "instans.py"
    script.write_text(WORKER, encoding="utf-8")
    started: list[Instance] = []

    def start() -> Instance:
        inst = Instance(script, db_target.location, data_dir)
        started.append(inst)
        return inst

    yield start
    for inst in started:
        try:
            inst.close()
        finally:
            if inst.proc.poll() is None:
                inst.proc.kill()
                inst.proc.wait(timeout=TIMEOUT)


# -- (a) no lost update -----------------------------------------------------------------------


def _records(admin: Actor, tksk_aktif: int, make_actor: Any) -> dict[str, int]:
    return {
        "pendaftar": int(Penugasan.get_by_id(tksk_aktif).__data__["pendaftar"]),
        "warga": kegiatan_bantu.warga(admin),
        "kegiatan": kegiatan.create(admin, kegiatan_bantu.data()).id,
        "kantor": 0,
        "pengguna": int(make_actor("operator").user_id),
        "camat": 0,
    }


#: Per kind: the field compared, the first process's value, the second's.
CASES = {
    "pendaftar": ("telepon", "081200000001", "081200000002"),
    "warga": ("alamat", "Jl. Proses Pertama 1", "Jl. Proses Kedua 2"),
    "kegiatan": ("judul", "Rapat koordinasi (proses pertama)", "Rapat (proses kedua)"),
    "kantor": ("telepon", "(0713) 111111", "(0713) 222222"),
    "pengguna": ("peran", "camat", "tksk"),
    "camat": ("nama", "Drs. Camat Pertama", "Drs. Camat Kedua"),
}


def _stored(admin: Actor, jenis: str, rid: int) -> tuple[Any, int]:
    field = CASES[jenis][0]
    if jenis == "pendaftar":
        d, v = pendaftar.data_of(rid)
    elif jenis == "warga":
        d, v = registri.warga_of(rid)
    elif jenis == "kegiatan":
        d, v = kegiatan.data_of(admin, rid)
    elif jenis == "kantor":
        info = kantor.get_office()
        assert info is not None
        d, v = info.kantor, info.kantor_versi
    elif jenis == "camat":
        info = kantor.get_office()
        assert info is not None
        d, v = info.camat, info.camat_versi
    else:
        u = next(u for u in users.list_users(admin) if u.id == rid)
        d, v = u, u.versi
    return getattr(d, field), v



@pytest.mark.slow
@pytest.mark.parametrize("jenis", list(CASES))
def test_second_save_with_a_stale_version_is_refused(
        jenis: str, instances: Any, admin: Actor, tksk_aktif: int, make_actor: Any) -> None:
    rid = _records(admin, tksk_aktif, make_actor)[jenis]
    field, first_value, second_value = CASES[jenis]
    _before, versi = _stored(admin, jenis, rid)
    first, second = instances(), instances()
    assert first.ask(op="muat", jenis=jenis, id=rid) == {"ok": True, "versi": versi}
    assert second.ask(op="muat", jenis=jenis, id=rid) == {"ok": True, "versi": versi}
    assert first.ask(op="simpan", nilai=first_value)["ok"] is True
    refused = second.ask(op="simpan", nilai=second_value)
    assert refused["ok"] is False and refused["jenis"] == "Conflict", refused
    message = refused["pesan"].lower()
    assert "diubah orang lain" in message and "muat ulang" in message
    value, now = _stored(admin, jenis, rid)
    assert value == first_value  # the first save stands, whole
    assert now == (versi + 1 if versi is not None else None)
    assert first.ask(op="baca", jenis=jenis, id=rid, medan=field)["nilai"] == first_value
    assert audit.verify_chain().ok


# -- (b) a busy database ----------------------------------------------------------------------


def _holding(sql: str) -> list[str]:
    """What the holder runs in its open transaction: ``sql``, and on PostgreSQL the lock on the
    audit trail that any save of the app holds until its commit (SQLite: the file's write lock,
    taken by BEGIN IMMEDIATE, does that)."""
    if not is_postgres():
        return [sql]
    return [sql, "LOCK TABLE jejak_audit IN SHARE ROW EXCLUSIVE MODE"]


def _wait_until_a_save_waits_for_the_lock() -> None:
    """PostgreSQL: until another session waits for a lock on the audit trail (polled, a few ms a
    step; the waiting save gives up only after BUSY_TIMEOUT_MS)."""
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000 / 2
    while time.monotonic() < deadline:
        waiting = database.execute_sql(
            "SELECT count(*) FROM pg_locks WHERE NOT granted "
            "AND relation = 'jejak_audit'::regclass").fetchone()[0]
        if waiting:
            return
        time.sleep(0.005)
    raise AssertionError("tidak ada penyimpanan yang menunggu kunci")


def _warga_alamat(admin: Actor) -> int:
    wid = kegiatan_bantu.warga(admin)
    Warga.update(alamat="Jl. Lama 1").where(Warga.id == wid).execute()
    return wid


@pytest.mark.slow
def test_reads_go_on_and_a_save_waits_then_fails_with_the_message(
        instances: Any, admin: Actor) -> None:
    wid = _warga_alamat(admin)
    holder, other = instances(), instances()
    assert other.ask(op="muat", jenis="kantor", id=0)["ok"]
    # the holder writes and keeps its transaction open (a long import, another PC saving)
    assert holder.ask(op="kunci", sql=_holding(
        f"UPDATE warga SET alamat = 'belum disimpan' WHERE id = {wid}"))["ok"]
    # reading is never blocked (WAL) and sees the committed data only
    read = other.ask(op="baca", jenis="warga", id=wid, medan="alamat")
    assert read == {"ok": True, "nilai": "Jl. Lama 1", "versi": 1}
    refused = other.ask(op="simpan", nilai="(0713) 333333")
    assert refused["ok"] is False and refused["jenis"] == "DatabaseError", refused
    assert refused["pesan"].startswith("Basis data sedang dipakai untuk menyimpan oleh program "
                                       "atau komputer lain. Tunggu sebentar lalu simpan lagi")
    # it waited for the busy timeout before giving up (a lower bound: cannot fail by slowness)
    assert refused["detik"] >= BUSY_TIMEOUT_MS / 1000 * 0.9
    assert holder.ask(op="lepas", commit=False)["ok"]
    info = kantor.get_office()
    assert info is not None and info.kantor.telepon != "(0713) 333333"
    # the same save, repeated once the other program is done, goes through
    assert other.ask(op="simpan", nilai="(0713) 333333")["ok"] is True
    info = kantor.get_office()
    assert info is not None and info.kantor.telepon == "(0713) 333333"


@pytest.mark.slow
def test_a_save_waiting_for_the_lock_goes_through_when_the_other_commits(
        instances: Any, admin: Actor) -> None:
    wid = _warga_alamat(admin)
    holder, other = instances(), instances()
    assert other.ask(op="muat", jenis="kantor", id=0)["ok"]
    assert holder.ask(op="kunci", sql=_holding(
        f"UPDATE warga SET alamat = 'disimpan proses lain' WHERE id = {wid}"))["ok"]
    other.send(op="simpan", nilai="(0713) 444444", jejak=not is_postgres())
    if is_postgres():
        _wait_until_a_save_waits_for_the_lock()
    else:
        started = other.answer()
        assert started == {"jejak": "BEGIN IMMEDIATE"}  # the save is now waiting for the lock
    assert holder.ask(op="lepas", commit=True)["ok"]  # released while the other still waits
    saved = other.answer()
    assert saved["ok"] is True, saved
    info = kantor.get_office()
    assert info is not None and info.kantor.telepon == "(0713) 444444"
    assert Warga.get_by_id(wid).alamat == "disimpan proses lain"  # both changes kept
    assert audit.verify_chain().ok


# -- (c) the GUI keeps the form ---------------------------------------------------------------


@contextmanager
def _locked_by_another_program(db_target: DatabaseTarget, busy_ms: int = 200) -> Iterator[Any]:
    """Another connection holds the write lock; this process waits ``busy_ms`` only (not the
    5 s of the app) so the test stays short; what happens after the wait is the same."""
    set_lock_wait(busy_ms)
    try:
        with another_program_writing(db_target) as other:
            yield other
    finally:
        set_lock_wait(BUSY_TIMEOUT_MS)


def test_activity_form_keeps_the_input_when_the_database_is_locked(
        qtbot: Any, admin: Actor, tksk_aktif: int, msgbox: Any, db_target: DatabaseTarget
        ) -> None:
    from kecamatan_app.views.kegiatan.kegiatan_dialog import KegiatanDialog

    saved = kegiatan.create(admin, kegiatan_bantu.data())
    dialog = KegiatanDialog(admin, saved.id)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.form.judul.setText("Rapat koordinasi BPNT (diperbaiki)")
    dialog.form.peserta_l.setValue(50)
    with _locked_by_another_program(db_target):
        assert not dialog.save()
    assert msgbox.calls[-1][0] == "warning"
    assert msgbox.texts()[-1].startswith("Basis data sedang dipakai untuk menyimpan oleh "
                                         "program atau komputer lain. Tunggu sebentar")
    assert dialog.isVisible() and dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.form.judul.text() == "Rapat koordinasi BPNT (diperbaiki)"
    assert dialog.form.peserta_l.value() == 50
    assert QApplication.overrideCursor() is None  # the wait cursor is gone
    k = Kegiatan.get_by_id(saved.id)
    assert k.peserta_l == 5 and k.versi == 1  # nothing half-saved
    # the user presses Simpan again once the other program is done
    assert dialog.save()
    k = Kegiatan.get_by_id(saved.id)
    assert (k.judul, k.peserta_l, k.versi) == ("Rapat koordinasi BPNT (diperbaiki)", 50, 2)


def test_person_form_keeps_the_input_when_the_database_is_locked(
        qtbot: Any, admin: Actor, msgbox: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from kecamatan_app.views.pemetaan.registri_dialogs import WargaDialog

    wid = kegiatan_bantu.warga(admin)

    def locked(*_a: Any, **_k: Any) -> list[str]:
        raise DatabaseError("Basis data sedang dipakai untuk menyimpan oleh program atau "
                            "komputer lain. Tunggu sebentar lalu simpan lagi.")

    monkeypatch.setattr(registri, "update_warga", locked)
    dialog = WargaDialog(admin, warga_id=wid)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.alamat.setText("Jl. Baru 9")
    dialog.accept()
    assert "Tunggu sebentar lalu simpan lagi" in msgbox.texts()[-1]
    assert dialog.isVisible() and dialog.alamat.text() == "Jl. Baru 9"
