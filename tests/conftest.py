"""Shared fixtures: each test gets its own data folder and database file, patched message boxes
and a drained thread pool."""

from __future__ import annotations

import datetime as dt
import os
import uuid

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from kecamatan_app.config import DatabaseTarget
from kecamatan_app.db import close_database, open_database
from kecamatan_app.services import kantor, users
from kecamatan_app.services.context import Actor

ADMIN_PASSWORD = "Rahasia123"
CAMAT_NIP = "197001012000031001"


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    monkeypatch.setenv("KECAMATAN_APP_DATA_DIR", str(folder))
    monkeypatch.setenv("KECAMATAN_APP_LOG_DIR", str(tmp_path / "log"))
    monkeypatch.delenv("KECAMATAN_APP_DB", raising=False)
    return folder


#: ``postgresql://user@host:port`` of a server to run the suite against (``.ci/run`` starts
#: one); each test then gets its own database, copied from a template with the schema.
PG_SERVER = os.environ.get("KECAMATAN_APP_TEST_PG", "").rstrip("/")
PG_TEMPLATE = "kecamatan_uji_templat"


def _pg_admin() -> Any:
    import psycopg2

    conn = psycopg2.connect(f"{PG_SERVER}/postgres")
    conn.autocommit = True
    return conn


#: Databases of finished tests. Each is dropped when the next test makes its database (the rest
#: at the end of the session), not at its own test's teardown: pytest-qt closes the test's
#: windows after the fixtures, and a closing dialog may still refresh its page from the
#: database, as it can from an SQLite file that stays on disk.
_PG_FINISHED: list[str] = []


def _drop_finished(cur: Any) -> None:
    while _PG_FINISHED:
        cur.execute(f"DROP DATABASE IF EXISTS {_PG_FINISHED.pop()} WITH (FORCE)")


@pytest.fixture(scope="session")
def _pg_template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The template database: created once per session with the current schema."""
    conn = _pg_admin()
    with conn.cursor() as cur:
        cur.execute(f"DROP DATABASE IF EXISTS {PG_TEMPLATE} WITH (FORCE)")
        cur.execute(f"CREATE DATABASE {PG_TEMPLATE}")
    old = os.environ.get("KECAMATAN_APP_DATA_DIR")
    os.environ["KECAMATAN_APP_DATA_DIR"] = str(tmp_path_factory.mktemp("pg-templat"))
    try:
        open_database(DatabaseTarget.parse(f"{PG_SERVER}/{PG_TEMPLATE}"))
        close_database()
    finally:
        if old is None:
            os.environ.pop("KECAMATAN_APP_DATA_DIR", None)
        else:
            os.environ["KECAMATAN_APP_DATA_DIR"] = old
    conn.close()
    yield PG_TEMPLATE
    conn = _pg_admin()
    with conn.cursor() as cur:
        _drop_finished(cur)
    conn.close()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Against PostgreSQL, tests of SQLite itself (``@pytest.mark.sqlite_only``) are skipped."""
    if not PG_SERVER:
        return
    skip = pytest.mark.skip(reason="hanya SQLite (KECAMATAN_APP_TEST_PG: uji pada PostgreSQL)")
    for item in items:
        if "sqlite_only" in item.keywords:
            item.add_marker(skip)


@pytest.fixture
def db_target(data_dir: Path, request: pytest.FixtureRequest,
              monkeypatch: pytest.MonkeyPatch) -> Iterator[DatabaseTarget]:
    if not PG_SERVER:
        yield DatabaseTarget.parse(data_dir / "kecamatan.sqlite3")
        return
    template = request.getfixturevalue("_pg_template")
    name = "uji_" + uuid.uuid4().hex[:16]
    conn = _pg_admin()
    with conn.cursor() as cur:
        _drop_finished(cur)
        cur.execute(f"CREATE DATABASE {name} TEMPLATE {template}")
    conn.close()
    # the command line a test runs (in process, or as a subprocess: tests/db_bantu.cli_db_env)
    # opens this database, as it opens data_dir's file on SQLite
    monkeypatch.setenv("KECAMATAN_APP_DB", f"{PG_SERVER}/{name}")
    try:
        yield DatabaseTarget.parse(f"{PG_SERVER}/{name}")
    finally:
        close_database()
        _PG_FINISHED.append(name)


@pytest.fixture
def db(db_target: DatabaseTarget) -> Iterator[Any]:
    handle = open_database(db_target)
    yield handle
    close_database()


def gelumbang_setup(with_admin: bool = True) -> kantor.OfficeInfo:
    data = kantor.default_kop("16.03.06", alamat="Jl. Merdeka No. 1, Gelumbang",
                              kode_pos="31171")
    camat = kantor.CamatData(nama="Drs. Ahmad Fauzi, M.Si", nip=CAMAT_NIP)
    admin = kantor.AdminData("admin", "Admin Kecamatan", ADMIN_PASSWORD, ADMIN_PASSWORD)
    return kantor.setup_office("16.03.06", data, camat, admin if with_admin else None)


@pytest.fixture
def office(db: Any) -> kantor.OfficeInfo:
    return gelumbang_setup()


@pytest.fixture
def admin(office: kantor.OfficeInfo) -> Actor:
    return users.login("admin", ADMIN_PASSWORD).actor


@pytest.fixture
def dunia(db: Any, tmp_path: Path) -> Any:
    """A Dinas Sosial database of Muara Enim with two kecamatan full of records
    (:func:`tests.dinas_bantu.dunia`). A module that needs another world defines its own."""
    from tests import dinas_bantu

    return dinas_bantu.dunia(tmp_path)


@pytest.fixture
def pilihan_segar() -> Iterator[None]:
    """No kecamatan remembered by the picker (``views.kecamatan_pilih``) before the test, nor
    after it; a module of page tests uses it with ``pytest.mark.usefixtures``."""
    from kecamatan_app.views import kecamatan_pilih

    kecamatan_pilih.lupakan()
    yield
    kecamatan_pilih.lupakan()


@pytest.fixture
def make_actor(admin: Actor) -> Any:
    """``make_actor("camat")`` creates a user of that role and returns their Actor."""
    counter = {"n": 0}

    def make(role: str) -> Actor:
        counter["n"] += 1
        name = f"{role}{counter['n']}"
        if role == "admin":
            name = f"adm{counter['n']}"
        info = users.create_user(admin, name, f"Pengguna {role.title()}", role, "Sandi12345x")
        return users.actor_for(users._get(info.id))

    return make


@dataclass
class MessageLog:
    calls: list[tuple[str, str, str]] = field(default_factory=list)
    answer_yes: bool = True

    def texts(self) -> list[str]:
        return [c[2] for c in self.calls]


@pytest.fixture
def msgbox(monkeypatch: pytest.MonkeyPatch) -> MessageLog:
    """Message boxes record their text instead of blocking; question() answers ``answer_yes``."""
    from PySide6.QtWidgets import QMessageBox

    log = MessageLog()

    def make(kind: str) -> Any:
        def fake(parent: Any, title: str, text: str, *args: Any, **kwargs: Any) -> Any:
            log.calls.append((kind, title, text))
            if kind == "question":
                return (QMessageBox.StandardButton.Yes if log.answer_yes
                        else QMessageBox.StandardButton.No)
            return QMessageBox.StandardButton.Ok
        return fake

    for kind in ("information", "warning", "critical", "question"):
        monkeypatch.setattr(QMessageBox, kind, make(kind))
    return log


def _is_qt_test(item: pytest.Item) -> bool:
    names = getattr(item, "fixturenames", ())
    return "qtbot" in names or "qapp" in names


def _settle_qt() -> None:
    """Drain the pool, let Qt run the queued deletions, collect on the GUI thread."""
    import gc

    from PySide6.QtCore import QCoreApplication, QEvent

    from kecamatan_app.views.tasks import wait_all

    wait_all(10000)
    # windows the test made and left open (not given to qtbot) are closed and deleted by Qt,
    # never by the collector (destroying an open window from the collector crashes Qt)
    import shiboken6
    from PySide6.QtWidgets import QApplication

    for widget in QApplication.topLevelWidgets():
        if shiboken6.isValid(widget) and shiboken6.createdByPython(widget):
            widget.close()
            widget.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gc.collect()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> Any:
    """Before pytest-qt closes the test's widgets: forget those Qt has already deleted (an
    uncollected cycle may keep their wrappers alive; pytest-qt would call close() on a dead
    object). No collection here: the collector must never be the one to destroy a window that
    is still open (``QWidget::destroy`` then crashes); pytest-qt closes and ``deleteLater``s
    them, and ``_drain_pool`` collects afterwards."""
    widgets = getattr(item, "qt_widgets", None)
    if widgets:
        import shiboken6

        item.qt_widgets = [  # type: ignore[attr-defined]
            (ref, before) for ref, before in widgets
            if ref() is None or shiboken6.isValid(ref())
        ]
    return (yield)


@pytest.fixture(autouse=True)
def _drain_pool(request: pytest.FixtureRequest) -> Iterator[None]:
    """Qt tests run as the app does (``views.tasks.GuiThreadCollector``): Python's cyclic
    collector never starts on its own, so it cannot start on a worker thread in the middle of a
    job. At teardown (see ``pytest_runtest_teardown`` above, and again after the fixtures) the
    pool is drained, Qt runs the queued ``deleteLater`` deletions, and the test's garbage is
    collected here, on the GUI thread."""
    if not _is_qt_test(request.node):
        yield
        return
    import gc

    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        _settle_qt()
        if was_enabled:
            gc.enable()


def appoint_tksk(admin: Actor, mulai: dt.date | None = None) -> int:
    """Register an eligible candidate (27 years old, living in Sigam) and appoint them from
    ``mulai`` (default: 400 days ago). Returns the Penugasan id."""
    from kecamatan_app.services import desa, pendaftar, penugasan

    mulai = mulai or dt.date.today() - dt.timedelta(days=400)
    daftar = mulai - dt.timedelta(days=30)
    born = dt.date(daftar.year - 27, 3, 12)
    nik = f"160306{born.day:02d}{born.month:02d}{born.year % 100:02d}0009"
    pid, _ = pendaftar.create(admin, pendaftar.PendaftarData(
        nik=nik, nama="Siti Aminah (contoh)", jenis_kelamin="P", tempat_lahir="Gelumbang",
        tanggal_lahir=born, kewarganegaraan="WNI", desa_domisili_id=desa.resolve("Sigam").id,
        pendidikan="SMA", status_kepegawaian="Bukan ASN/TNI/Polri/Legislatif",
        pilar_sosial="Karang Taruna", dapat_komputer=True, surat_sehat="Ada", skck="Ada",
        tanggal_daftar=daftar, telepon="081234567890"))
    info = penugasan.appoint(admin, pid, penugasan.SkData(
        "460/001/SK/2025", mulai, "Dinas Sosial Kabupaten Muara Enim", mulai))
    return info.id


@pytest.fixture
def tksk_aktif(admin: Actor) -> int:
    return appoint_tksk(admin)
