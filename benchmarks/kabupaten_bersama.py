"""Shared by the benchmarks that run against the kabupaten demo database (mulai, cari, daftar).

The database (``kecamatan-app demo --size kabupaten``: 22 kecamatan, 200,000 persons, 60,000
activities) is made once and reused: on SQLite a file in the cache folder, on PostgreSQL
(``--pg postgresql://user@host:port``) a database ``kecamatan_bench_kabupaten_s<seed>`` on that
server. A marker file beside it (``*.siap``) says it was completed; after the demo, two accounts
get a known password (the demo's are random and must be changed at first login):

* ``dinas``               the Dinas Sosial user: sees every kecamatan (200,000 persons);
* ``operator.gelumbang``  an operator of one kecamatan (Gelumbang, 18,000 persons).

Each benchmark prints its figures and, with ``--json FILE``, writes them for ``semua.py``:
a list of ``{"nama", "nilai", "satuan", "target", "dasar", "catatan"}``; ``target`` is the
upper bound the issue sets (None: a figure without target), ``dasar`` the baseline measured in
the same run.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SANDI = "Benchmark-Sandi-2026"
PENGGUNA = ("dinas", "operator.gelumbang")
#: Bump when the demo's data change, so a cached database of the old kind is not reused.
VERSI = 1


@dataclass
class Angka:
    """One figure: ``nilai`` in ``satuan``; met when at most ``target``."""

    nama: str
    nilai: float
    satuan: str
    target: float | None = None
    dasar: float | None = None
    catatan: str = ""

    @property
    def tercapai(self) -> bool | None:
        return None if self.target is None else self.nilai <= self.target


def args_umum(doc: str | None) -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--pg", metavar="URL", default="",
                    help="server PostgreSQL, contoh postgresql://postgres@127.0.0.1:55432")
    ap.add_argument("--cache", metavar="FOLDER", type=Path,
                    default=Path(tempfile.gettempdir()) / "kecamatan-bench",
                    help="folder basis data demo kabupaten yang dipakai ulang")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--json", metavar="BERKAS", type=Path, help="tulis angka untuk semua.py")
    return ap


@dataclass(frozen=True)
class Siap:
    """The prepared database: where it is and the data folder to run with."""

    db: str  # an SQLite path or a postgresql:// URL
    data_dir: Path
    jenis: str  # "SQLite" | "PostgreSQL"

    def env(self) -> dict[str, str]:
        return {**os.environ, "KECAMATAN_APP_DATA_DIR": str(self.data_dir),
                "KECAMATAN_APP_DB": self.db, "QT_QPA_PLATFORM": "offscreen"}

    def env_anak(self) -> dict[str, str]:
        """For the measured child processes: as an installed app starts, with compiled
        bytecode (a shell with PYTHONDONTWRITEBYTECODE would compile about 100 modules at every
        start, some 0.3 s); the .pyc files go to the cache folder, not into the source tree."""
        env = {**self.env(), "KECAMATAN_APP_LOG_DIR": str(self.data_dir / "log"),
               "PYTHONPYCACHEPREFIX": str(self.data_dir.parent / "pycache")}
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env.pop("KECAMATAN_APP_DB", None)
        return env

    def pakai(self) -> None:
        """Use this database's data folder in this process (call before opening it)."""
        os.environ["KECAMATAN_APP_DATA_DIR"] = str(self.data_dir)
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def siapkan(args: argparse.Namespace) -> Siap:
    """The kabupaten demo database, made now when the cache has none (a few minutes)."""
    cache: Path = args.cache
    cache.mkdir(parents=True, exist_ok=True)
    name = f"kabupaten-v{VERSI}-s{args.seed}"
    if args.pg:
        dbname = f"kecamatan_bench_{name.replace('-', '_')}"
        db = f"{args.pg.rstrip('/')}/{dbname}"
        marker = cache / f"pg-{dbname}.siap"
        data_dir = cache / f"pg-{dbname}-data"
    else:
        db = str(cache / f"{name}.sqlite3")
        marker = cache / f"{name}.siap"
        data_dir = cache / f"{name}-data"
    siap = Siap(db, data_dir, "PostgreSQL" if args.pg else "SQLite")
    if marker.exists() and (args.pg or Path(db).exists()):
        return siap
    print(f"Menyiapkan basis data demo kabupaten ({siap.jenis}; sekali saja, beberapa menit)...",
          flush=True)
    if args.pg:
        _pg_recreate(args.pg, db.rsplit("/", 1)[1])
    else:
        for p in Path(db).parent.glob(Path(db).name + "*"):
            p.unlink()
    data_dir.mkdir(parents=True, exist_ok=True)
    out = subprocess.run(
        [sys.executable, "-m", "kecamatan_app", "demo", "--size", "kabupaten", "--seed",
         str(args.seed), "--db", db], env=siap.env(), cwd=ROOT, text=True, capture_output=True)
    if out.returncode != 0:
        raise SystemExit(f"demo kabupaten gagal:\n{out.stdout}\n{out.stderr}")
    admin_pw = next(line.split()[-1] for line in out.stdout.splitlines()
                    if line.strip().startswith("admin "))
    subprocess.run([sys.executable, "-c", _SANDI_SCRIPT, db, admin_pw], env=siap.env(),
                   cwd=ROOT, check=True)
    marker.write_text(out.stdout, "utf-8")
    print(next((line for line in out.stdout.splitlines() if line.startswith("Data contoh")),
               ""), flush=True)
    return siap


#: Give the benchmark accounts a known password (as the users would at their first login).
_SANDI_SCRIPT = f"""
import sys
from kecamatan_app.config import DatabaseTarget
from kecamatan_app.db import open_database, close_database
from kecamatan_app.models import Pengguna
from kecamatan_app.services import users
open_database(DatabaseTarget.parse(sys.argv[1]))
admin = users.login("admin", sys.argv[2]).actor
for name in {PENGGUNA!r}:
    u = Pengguna.get(Pengguna.nama_pengguna == name)
    users.reset_password(admin, u.id, "Sementara-123", "Sementara-123")
    actor = users.login(name, "Sementara-123").actor
    users.change_own_password(actor, "Sementara-123", {SANDI!r}, {SANDI!r})
close_database()
"""


def _pg_recreate(server: str, dbname: str) -> None:
    import psycopg2

    conn = psycopg2.connect(f"{server.rstrip('/')}/postgres")
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute(f"DROP DATABASE IF EXISTS {dbname} WITH (FORCE)")
        cur.execute(f"CREATE DATABASE {dbname}")
    conn.close()


def buka(siap: Siap) -> None:
    """Open the prepared database in this process."""
    siap.pakai()
    from kecamatan_app.config import DatabaseTarget
    from kecamatan_app.db import open_database

    open_database(DatabaseTarget.parse(siap.db))


def login(name: str) -> Any:
    from kecamatan_app.services import users

    result = users.login(name, SANDI)
    return result.actor


def persentil(values: list[float], p: float) -> float:
    """The ``p``-th percentile (0-100) by linear interpolation between the sorted values."""
    xs = sorted(values)
    if len(xs) == 1:
        return xs[0]
    k = (len(xs) - 1) * p / 100
    lo = int(k)
    hi = min(lo + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (k - lo)


def median(values: list[float]) -> float:
    return statistics.median(values)


def rss_mb() -> float:
    """This process's resident memory (Linux /proc; elsewhere the peak from resource)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def tulis_json(path: Path | None, angka: list[Angka], jenis: str) -> None:
    if path is not None:
        path.write_text(json.dumps({"basis_data": jenis, "angka": [asdict(a) for a in angka]},
                                   ensure_ascii=False, indent=1), "utf-8")


def cetak(judul: str, angka: list[Angka]) -> None:
    print(judul)
    for a in angka:
        target = "" if a.target is None else f"; target <= {a.target:g} {a.satuan}"
        status = "" if a.tercapai is None else (" TERCAPAI" if a.tercapai else " TIDAK")
        dasar = "" if a.dasar is None else f" (dasar {a.dasar:.3g} {a.satuan})"
        note = f" [{a.catatan}]" if a.catatan else ""
        print(f"  {a.nama:<58} {a.nilai:10.3f} {a.satuan}{dasar}{target}{status}{note}")


def daftar_registri(app: Any, actor: Any) -> tuple[Any, Any]:
    """The registry list's own model (views/pemetaan/registri_model.py) shown in a QTableView,
    1100 x 700, over the whole kabupaten (the service's kabupaten-wide view, which the tab, one
    kecamatan at a time, does not offer): (model, view). No rows are asked for yet."""
    from PySide6.QtWidgets import QTableView

    from kecamatan_app.views.pemetaan.registri_model import RegistriModel

    model = RegistriModel(actor)
    view = QTableView()
    view.setModel(model)
    view.resize(1100, 700)
    view.show()
    app.processEvents()
    return model, view


def lukis(app: Any, view: Any) -> None:
    """Paint ``view`` now, as the user would see it."""
    view.viewport().repaint()
    app.processEvents()


def tanpa_kotak_pesan() -> list[str]:
    """Message boxes are recorded instead of waiting for a click (offscreen, nobody clicks):
    the benchmark reports them. Returns the list the texts go to."""
    from PySide6.QtWidgets import QMessageBox

    seen: list[str] = []

    def make(kind: str) -> Any:
        def fake(parent: Any, title: str, text: str, *args: Any, **kwargs: Any) -> Any:
            seen.append(f"{kind}: {title}: {text}")
            return QMessageBox.StandardButton.Ok
        return fake

    for kind in ("information", "warning", "critical", "question"):
        setattr(QMessageBox, kind, staticmethod(make(kind)))
    return seen
