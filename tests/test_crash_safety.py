"""Crash safety (issue 7, point 2): SIGKILL at chosen moments of an import, a report render and
an export leaves a database that passes its integrity checks, no half-imported batch, and no
partial file under the final name; the next, un-killed run succeeds and cleans up.

Every piece of work runs as the user runs it, through the command line in a subprocess, and is
killed at deterministic points, never after a timed delay:

* import: the test-only hook :mod:`kecamatan_app.services.uji_henti`
  (``KECAMATAN_APP_UJI_HENTI=impor.baris:N`` etc.) kills the process inside ``impor.save_all``;
  one more kill lands while the commit is being written (the moment the WAL file first grows).
* files: a small driver (``DRIVER`` below) runs the same CLI with ``open`` and ``os.replace``
  wrapped, so the process dies when it opens the ``.tmp`` file, half-way through writing it,
  just before the rename, or just after the rename (before the audit entry).

The figures (kill points tried and survived) are printed at the end of the module (``-s``) and
written down in docs/reliability-notes-crash-two-instances.md.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader

from kecamatan_app.config import DatabaseTarget
from kecamatan_app.db import close_database, open_database
from kecamatan_app.services import audit
from kecamatan_app.services.uji_henti import ENV as HENTI_ENV
from tests.impor_bantu import write_rows

pytestmark = [
    pytest.mark.slow,
    pytest.mark.sqlite_only,  # SIGKILL of a writer of its own SQLite file, checked with sqlite3
    pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL dan wrapper berkas: POSIX saja"),
]

REPO = Path(__file__).resolve().parents[1]
ROWS = 100  # persons in the import batch
FTS = ("warga_fts", "keluarga_fts", "pendaftar_fts")
KILLED = -signal.SIGKILL if sys.platform != "win32" else 1
TIMEOUT = 180

#: Runs the CLI with file operations wrapped: UJI_BERKAS="<titik>:<file name>" kills the process
#: when it opens <name>.tmp (buka), after writing about half of it (tulis), just before the
#: rename to <name> (ganti) or just after it (sesudah).
DRIVER = '''
import builtins, io, os, signal, sys

TITIK, _, NAMA = os.environ["UJI_BERKAS"].partition(":")
BATAS = 4096  # a write that reaches this many bytes is cut in half, then the process dies


def mati(label):
    sys.stderr.write("uji_berkas: " + label + "\\n")
    sys.stderr.flush()
    os.kill(os.getpid(), signal.SIGKILL)


def nama_dari(path):
    try:
        return os.path.basename(os.fsdecode(os.fspath(path)))
    except TypeError:
        return ""


class Setengah:
    def __init__(self, fh):
        self._fh, self._n = fh, 0

    def write(self, data):
        if self._n + len(data) < BATAS:
            self._n += len(data)
            return self._fh.write(data)
        self._fh.write(data[: max(len(data) // 2, 1)])
        self._fh.flush()
        os.fsync(self._fh.fileno())
        mati("tulis")

    def __getattr__(self, name):
        return getattr(self._fh, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return self._fh.__exit__(*exc)


_open = io.open


def open_(file, mode="r", *args, **kwargs):
    if nama_dari(file) == NAMA + ".tmp" and any(c in mode for c in "wax"):
        if TITIK == "buka":
            mati("buka")
        if TITIK == "tulis":
            return Setengah(_open(file, mode, *args, **kwargs))
    return _open(file, mode, *args, **kwargs)


builtins.open = io.open = open_
_replace = os.replace


def replace_(src, dst, *args, **kwargs):
    if nama_dari(dst) != NAMA:
        return _replace(src, dst, *args, **kwargs)
    if TITIK == "ganti":
        mati("ganti")
    _replace(src, dst, *args, **kwargs)
    if TITIK == "sesudah":
        mati("sesudah")


os.replace = replace_
from kecamatan_app.cli import main

sys.exit(main(sys.argv[1:]))
'''


@dataclass
class Tally:
    """Kill points tried (a SIGKILL delivered at the intended point) and survived (every check
    passed afterwards), per kind of work."""

    tried: dict[str, int] = field(default_factory=dict)
    survived: dict[str, int] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)

    def add(self, kind: str, ok: bool) -> None:
        self.tried[kind] = self.tried.get(kind, 0) + 1
        self.survived[kind] = self.survived.get(kind, 0) + int(ok)


TALLY = Tally()


@pytest.fixture(scope="module", autouse=True)
def _summary() -> Iterator[None]:
    yield
    lines = [f"  {k}: {TALLY.survived.get(k, 0)} dari {n} titik henti lolos"
             for k, n in TALLY.tried.items()]
    notes = [f"  {k}: {v}" for k, v in TALLY.notes.items()]
    print("\nUji henti paksa (SIGKILL):\n" + "\n".join(lines + notes))


# -- running the command line -----------------------------------------------------------------


def _env(data_dir: Path, **extra: str) -> dict[str, str]:
    env = dict(os.environ, KECAMATAN_APP_DATA_DIR=str(data_dir), QT_QPA_PLATFORM="offscreen",
               PYTHONPATH=str(REPO), TMPDIR=str(data_dir / "tmp"))
    env.pop("KECAMATAN_APP_DB", None)
    env.pop(HENTI_ENV, None)
    env.update(extra)
    (data_dir / "tmp").mkdir(exist_ok=True)
    return env


def _start(db: Path, args: list[str], env: dict[str, str], driver: Path | None = None
           ) -> subprocess.Popen[str]:
    program = [str(driver)] if driver else ["-m", "kecamatan_app"]
    return subprocess.Popen([sys.executable, *program, "--db", str(db), *args], env=env,
                            cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _run(db: Path, args: list[str], env: dict[str, str], driver: Path | None = None
         ) -> tuple[int, str, str]:
    proc = _start(db, args, env, driver)
    out, err = proc.communicate(timeout=TIMEOUT)
    return proc.returncode, out, err


def _copy_database(src: Path, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    dest = folder / src.name
    shutil.copy2(src, dest)
    files = src.with_name(src.stem + "-lampiran")
    if files.is_dir():
        shutil.copytree(files, folder / files.name)
    return dest


#: The months of the fixture's reports: an approved one (printed from its archive) and a draft.
BULAN_DRAF = (dt.date.today().replace(day=1) - dt.timedelta(days=1)).replace(day=1)
BULAN_ARSIP = (BULAN_DRAF - dt.timedelta(days=1)).replace(day=1)


@pytest.fixture(scope="module")
def base_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Built once through the services, as the GUI would (``demo`` takes 11-13 s here, too
    long for this module's budget): the Gelumbang office, an active TKSK, activities in two
    months, the older month's report approved (its PDF archived), the newer one a draft."""
    db = tmp_path_factory.mktemp("dasar") / "kecamatan.sqlite3"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("KECAMATAN_APP_DATA_DIR", str(db.parent))
        mp.setenv("KECAMATAN_APP_LOG_DIR", str(db.parent / "log"))
        _build(db)
    assert not db.with_name(db.name + "-wal").exists()  # all in the main file: safe to copy
    return db


def _build(db: Path) -> None:
    from kecamatan_app.services import laporan, laporan_cetak, users
    from tests.conftest import ADMIN_PASSWORD, appoint_tksk, gelumbang_setup
    from tests.laporan_bantu import Orang, catat

    open_database(DatabaseTarget.parse(db))
    try:
        gelumbang_setup()
        admin = users.login("admin", ADMIN_PASSWORD).actor
        appoint_tksk(admin)
        people = {}
        for role in ("tksk", "operator", "camat"):
            info = users.create_user(admin, f"{role}1", f"Pengguna {role}", role, "Sandi12345x")
            people[role] = users.actor_for(users._get(info.id))
        o = Orang(people["tksk"], people["operator"], people["camat"], admin)
        for month in (BULAN_ARSIP, BULAN_DRAF):
            for day in (3, 10, 17, 24):
                catat(o.tksk, month.replace(day=day), judul=f"Rapat koordinasi {day}")
        info = laporan.open_month(o.tksk, BULAN_ARSIP.year, BULAN_ARSIP.month)
        info = laporan.move(o.tksk, info.id, "diajukan", versi=info.versi)
        laporan_cetak.setujui(o.camat, info.id, info.versi)
        laporan.open_month(o.tksk, BULAN_DRAF.year, BULAN_DRAF.month)
    finally:
        close_database()


@pytest.fixture
def work(base_db: Path, tmp_path: Path) -> Path:
    """A private copy of the database (with its attachments) for one test."""
    return _copy_database(base_db, tmp_path / "data")


# -- what must hold after every kill ----------------------------------------------------------


def check_database(db: Path) -> None:
    """SQLite's own checks, the FTS indexes, the foreign keys and the audit chain."""
    con = sqlite3.connect(db)
    try:
        assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
        for table in FTS:  # raises when the index does not match its table
            con.execute(f"INSERT INTO {table}({table}) VALUES('integrity-check')")
        con.rollback()
    finally:
        con.close()
    open_database(DatabaseTarget.parse(db), create=False)
    try:
        check = audit.verify_chain()
        assert check.ok, check.message
    finally:
        close_database()


def _scalar(db: Path, sql: str, *params: object) -> int:
    con = sqlite3.connect(db)
    try:
        return int(con.execute(sql, params).fetchone()[0])
    finally:
        con.close()


# -- import -----------------------------------------------------------------------------------


def _niks() -> list[str]:
    # 16.03.06 (Gelumbang), born 1-28 March 1999, serials 9000+ (the demo's are far lower)
    return [f"160306{i % 28 + 1:02d}0399{9000 + i:04d}" for i in range(ROWS)]


def _ppks_workbook(path: Path) -> tuple[Path, list[str]]:
    """A valid PPKS import of ROWS new persons (NIK, name, sex, birth date, desa, category)."""
    from kecamatan_app.services import impor_ppks

    headers = [c.header for c in impor_ppks.columns()]
    rows = []
    for i, nik in enumerate(_niks()):
        if i % 2:  # a woman: day of birth + 40 in the NIK
            nik = nik[:6] + f"{int(nik[6:8]) + 40:02d}" + nik[8:]
        rows.append({"NIK": nik, "Nama": f"Uji Henti {i}", "Jenis Kelamin": "LP"[i % 2],
                     "Tanggal Lahir": f"{i % 28 + 1:02d}-03-1999", "Desa": "Mililian",
                     "Kategori PPKS": "Fakir Miskin", "Status": "Terverifikasi"})
    return write_rows(path, "PPKS", headers, rows), [str(r["NIK"]) for r in rows]


def _batch(db: Path, niks: list[str]) -> tuple[int, int]:
    """(persons of the batch, their PPKS rows)."""
    marks = ",".join("?" * len(niks))
    persons = _scalar(db, f"SELECT COUNT(*) FROM warga WHERE nik IN ({marks})", *niks)
    ppks = _scalar(db, "SELECT COUNT(*) FROM data_ppks d JOIN warga w ON d.warga_id = w.id "
                       f"WHERE w.nik IN ({marks})", *niks)
    return persons, ppks


def _imports(db: Path) -> int:
    return _scalar(db, "SELECT COUNT(*) FROM jejak_audit WHERE aksi = 'impor'")


def _kill_when_wal_grows(proc: subprocess.Popen[str], db: Path) -> bool:
    """SIGKILL the moment the WAL file first holds data: the import's commit is being written
    (nothing else writes before it). False when the process ended before that was seen."""
    wal = db.with_name(db.name + "-wal")
    while proc.poll() is None:
        try:
            grown = wal.stat().st_size > 0
        except FileNotFoundError:
            grown = False
        if grown:
            proc.send_signal(signal.SIGKILL)
            proc.communicate(timeout=TIMEOUT)
            return True
        time.sleep(0.0005)
    proc.communicate(timeout=TIMEOUT)
    return False


def test_import_killed_at_any_step_leaves_none_or_all_of_the_batch(
        work: Path, tmp_path: Path) -> None:
    source, niks = _ppks_workbook(tmp_path / "ppks-besar.xlsx")
    env = _env(work.parent)
    assert _batch(work, niks) == (0, 0)
    check_database(work)  # leaves no WAL behind: the commit point below starts from none
    imports = _imports(work)
    steps: list[tuple[str, int | None]] = [
        ("impor.baris:1", 0),  # the first person saved, inside the transaction
        (f"impor.baris:{ROWS // 2}", 0),  # half the batch saved
        ("impor.sebelum_commit", 0),  # every row and the audit entry written, not committed
        ("commit", None),  # while the commit is being written: none or all
        ("impor.sesudah_commit", ROWS),  # committed, the process dies before it reports
    ]
    for step, expected in steps:
        if step == "commit":
            proc = _start(work, ["import", "ppks", str(source)], env)
            if not _kill_when_wal_grows(proc, work):
                TALLY.notes["impor saat commit"] = "proses selesai sebelum WAL tumbuh"
                continue
        else:
            rc, _out, err = _run(work, ["import", "ppks", str(source)], dict(env, **{
                HENTI_ENV: step}))
            assert rc == KILLED, err
            assert f"uji_henti: {step.split(':')[0]}" in err
        check_database(work)
        persons, ppks = _batch(work, niks)
        assert persons in (0, ROWS) and ppks == persons, (step, persons, ppks)
        if expected is not None:
            assert persons == expected, step
        if step == "commit":
            TALLY.notes["impor saat commit"] = f"{persons} dari {ROWS} baris tersimpan"
        # the summary audit entry commits with its rows, or not at all
        imports += step == "impor.sesudah_commit" or (step == "commit" and persons == ROWS)
        assert _imports(work) == imports, step
        TALLY.add("impor", True)
    rc, out, err = _run(work, ["import", "ppks", str(source)], env)
    assert rc == 0, err
    assert "selesai" in out
    check_database(work)
    assert _batch(work, niks) == (ROWS, ROWS)  # a second run adds no duplicates
    assert _imports(work) == imports + 1


# -- reports and exports ----------------------------------------------------------------------


def _complete(path: Path) -> bool:
    """The file opens and holds what it should (a page of text / a sheet with rows)."""
    if path.suffix == ".pdf":
        reader = PdfReader(path)
        return len(reader.pages) > 0 and bool(reader.pages[0].extract_text().strip())
    wb = openpyxl.load_workbook(path, read_only=True)
    try:  # every part of the zip is read: a cut file fails here
        rows = [r for ws in wb.worksheets for r in ws.iter_rows(values_only=True) if any(r)]
    finally:
        wb.close()
    return len(rows) > 1


def _left_over(folder: Path, finals: set[str]) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name not in finals)


def _kill_file_step(work: Path, args: list[str], step: str, target: Path, outputs: list[Path],
                    driver: Path, kind: str, before: dict[Path, bytes]) -> None:
    """Run ``args`` killed at ``step`` of writing ``target``; then check every output.
    ``outputs`` in the order the command writes them."""
    env = _env(work.parent, UJI_BERKAS=f"{step}:{target.name}")
    cetak = _scalar(work, "SELECT COUNT(*) FROM jejak_audit WHERE aksi IN ('cetak', 'ekspor')")
    rc, _out, err = _run(work, args, env, driver)
    assert rc == KILLED, err
    assert f"uji_berkas: {step}" in err, err
    for out in outputs:
        if out.exists():
            assert _complete(out), f"{out.name} tidak utuh setelah henti di {step}"
        if out == target and step in ("buka", "tulis", "ganti"):
            # the final name holds the file of before (or nothing), never the new half
            assert (out.read_bytes() if out.exists() else None) == before.get(out), step
        if out == target and step == "sesudah":
            assert out.exists()
    stray = _left_over(target.parent, {o.name for o in outputs})
    assert all(name.endswith(".tmp") for name in stray), stray
    if step in ("tulis", "ganti"):
        assert target.with_name(target.name + ".tmp").exists()  # the half/whole temp file
    check_database(work)
    # the files written before the target are audited; the killed one is not (its audit entry
    # comes after the file is in place)
    assert _scalar(work, "SELECT COUNT(*) FROM jejak_audit WHERE aksi IN ('cetak', 'ekspor')"
                   ) == cetak + outputs.index(target)
    TALLY.add(kind, True)


def _finish_cleanly(work: Path, args: list[str], outputs: list[Path], kind: str) -> None:
    rc, _out, err = _run(work, args, _env(work.parent))
    assert rc == 0, err
    for out in outputs:
        assert _complete(out), out
    folder = outputs[0].parent
    assert _left_over(folder, {o.name for o in outputs}) == []  # the next run cleaned up
    check_database(work)
    # SIGKILL skips openpyxl's atexit clean-up of its write-only parts: they stay in the
    # system's temporary folder (TMPDIR), never beside the file the user chose
    leftovers = sorted(p.name for p in (work.parent / "tmp").iterdir())
    if leftovers:
        TALLY.notes[f"{kind}, folder TMP sistem"] = ", ".join(leftovers)


@pytest.fixture
def driver(tmp_path: Path) -> Path:
    path = tmp_path / "henti_berkas.py"
    path.write_text(DRIVER, encoding="utf-8")
    return path


def test_monthly_report_killed_while_printing(work: Path, driver: Path) -> None:
    out = work.parent / "keluar"
    out.mkdir()
    pdf, xlsx = out / "laporan.pdf", out / "laporan.xlsx"
    args = ["report", "bulanan", "--bulan", f"{BULAN_DRAF:%Y-%m}", "--pdf", str(pdf),
            "--xlsx", str(xlsx)]
    for step, target in (("buka", pdf), ("tulis", pdf), ("ganti", pdf), ("sesudah", pdf),
                         ("tulis", xlsx), ("ganti", xlsx)):
        before = {p: p.read_bytes() for p in (pdf, xlsx) if p.exists()}
        _kill_file_step(work, args, step, target, [pdf, xlsx], driver, "laporan bulanan",
                        before)
    _finish_cleanly(work, args, [pdf, xlsx], "laporan bulanan")
    # an approved month prints its archived PDF (another code path: bytes written directly)
    arsip = work.parent / "arsip" / "arsip.pdf"
    arsip.parent.mkdir()
    args = ["report", "bulanan", "--bulan", f"{BULAN_ARSIP:%Y-%m}", "--pdf", str(arsip)]
    _kill_file_step(work, args, "tulis", arsip, [arsip], driver, "laporan bulanan", {})
    _finish_cleanly(work, args, [arsip], "laporan bulanan")


def test_yearly_recap_killed_while_printing(work: Path, driver: Path) -> None:
    out = work.parent / "keluar"
    out.mkdir()
    pdf, xlsx = out / "rekap.pdf", out / "rekap.xlsx"
    args = ["report", "rekap", "--tahun", str(BULAN_DRAF.year), "--pdf", str(pdf),
            "--xlsx", str(xlsx)]
    for step, target in (("tulis", pdf), ("tulis", xlsx), ("ganti", xlsx)):
        before = {p: p.read_bytes() for p in (pdf, xlsx) if p.exists()}
        _kill_file_step(work, args, step, target, [pdf, xlsx], driver, "rekap tahunan", before)
    _finish_cleanly(work, args, [pdf, xlsx], "rekap tahunan")


def test_export_killed_while_writing_keeps_the_previous_file(work: Path, driver: Path) -> None:
    out = work.parent / "keluar"
    out.mkdir()
    target = out / "kegiatan.xlsx"
    args = ["export", "kegiatan", str(target)]
    _kill_file_step(work, args, "buka", target, [target], driver, "ekspor", {})
    assert not target.exists()
    _finish_cleanly(work, args, [target], "ekspor")
    previous = target.read_bytes()
    for step in ("tulis", "ganti"):  # over an existing export: the old one stays whole
        _kill_file_step(work, args, step, target, [target], driver, "ekspor", {target: previous})
        assert target.read_bytes() == previous
    _finish_cleanly(work, args, [target], "ekspor")
