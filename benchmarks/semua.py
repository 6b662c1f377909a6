"""Run every benchmark on SQLite and on PostgreSQL and print one table: each figure, its
target, whether it is met (or missed by how much), and PostgreSQL / SQLite (target: at most 2).

    .venv/bin/python benchmarks/semua.py --pg postgresql://postgres@127.0.0.1:55432
                                         [--cache FOLDER] [--cepat] [--hanya mulai,cari]

Without ``--pg`` only SQLite runs. ``--cepat`` takes fewer runs and queries (a first look; the
figures of docs/performance.md come from a run without it). Each benchmark writes its figures
with ``--json`` (see kabupaten_bersama.Angka); its own printout is shown as it runs. A benchmark
that is missing (impor_ppks.py and rekap_kabupaten.py come from other work) or that cannot
write ``--json`` is reported with a note instead of figures. The kabupaten demo database is made
once per database kind in the cache folder and reused (``kabupaten_bersama.siapkan``).
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
TARGET_PG = 2.0

#: name, script, extra arguments (normal run), extra arguments (--cepat), uses the demo cache
BENCHMARKS: list[tuple[str, str, list[str], list[str], bool]] = [
    ("mulai", "mulai.py", ["--runs", "7"], ["--runs", "3"], True),
    ("cari", "cari.py", ["--n", "100"], ["--n", "30"], True),
    ("daftar", "daftar.py", ["--runs", "5"], ["--runs", "2"], True),
    ("laporan_bulanan", "laporan_bulanan.py", ["--runs", "3"], ["--runs", "1"], False),
    ("impor_ppks", "impor_ppks.py", [], ["--rows", "20000"], False),
    ("rekap_kabupaten", "rekap_kabupaten.py", [], [], True),
]


def _supports_json(script: Path) -> bool:
    text = script.read_text("utf-8")
    return "--json" in text or "args_umum" in text  # kabupaten_bersama.args_umum has it


def _run(name: str, script: Path, extra: list[str], cache: bool, pg: str, folder: Path,
         cache_dir: Path | None, notes: list[str]) -> dict[str, Any] | None:
    kind = "PostgreSQL" if pg else "SQLite"
    if not script.exists():
        notes.append(f"{name} ({kind}): {script.name} belum ada; dilewati.")
        return None
    out = folder / f"{name}-{'pg' if pg else 'sqlite'}.json"
    args = [sys.executable, str(script), *extra]
    if pg:
        args += ["--pg", pg]
    text = script.read_text("utf-8")
    if cache and cache_dir is not None and ("--cache" in text or "args_umum" in text):
        args += ["--cache", str(cache_dir)]
    if _supports_json(script):
        args += ["--json", str(out)]
    else:
        notes.append(f"{name} ({kind}): {script.name} tidak menulis --json; angkanya hanya "
                     "pada keluaran di atas.")
    print(f"\n=== {name} ({kind}) ===", flush=True)
    t0 = time.perf_counter()
    proc = subprocess.run(args, cwd=HERE.parent, stdout=subprocess.PIPE, text=True)
    print(proc.stdout, end="", flush=True)
    if proc.returncode != 0:
        notes.append(f"{name} ({kind}): gagal (kode keluar {proc.returncode}).")
        return None
    print(f"({time.perf_counter() - t0:.0f} s)", flush=True)
    if out.exists():
        return dict(json.loads(out.read_text("utf-8")))
    parsed = _dari_teks(name, proc.stdout)
    if parsed:
        notes[-1] = (f"{name} ({kind}): tanpa --json; angkanya dibaca dari keluaran "
                     "teksnya.")
    return {"angka": parsed} if parsed else None


def _dari_teks(name: str, text: str) -> list[dict[str, Any]]:
    """impor_ppks.py prints ``(a) dasar : 2.58 s`` and ``(b) layanan : 15.15 s``."""
    if name != "impor_ppks":
        return []
    base = re.search(r"\(a\) dasar\s*:\s*([\d.]+) s", text)
    service = re.search(r"\(b\) layanan\s*:\s*([\d.]+) s", text)
    rows = re.search(r"Impor ppks ([\d,.]+) baris", text)
    if not (base and service):
        return []
    a, b = float(base.group(1)), float(service.group(1))
    what = f"Impor ppks {rows.group(1) if rows else ''} baris".replace("  ", " ")
    return [{"nama": f"{what}: layanan", "nilai": b, "satuan": "s", "target": None,
             "dasar": a, "catatan": ""},
            {"nama": f"{what}: layanan / dasar (calamine + sisip mentah)", "nilai": b / a,
             "satuan": "x", "target": 2.5, "dasar": None, "catatan": ""}]


def _status(a: dict[str, Any]) -> str:
    target = a.get("target")
    if target is None:
        return "-"
    value = float(a["nilai"])
    if value <= target:
        return "tercapai"
    return f"meleset {value / target:.1f}x" if target else "meleset"


def _fmt(a: dict[str, Any] | None) -> str:
    if a is None:
        return "-"
    base = "" if a.get("dasar") is None else f" (dasar {float(a['dasar']):.3g})"
    return f"{float(a['nilai']):.3g} {a['satuan']}{base}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--pg", metavar="URL", default="",
                    help="server PostgreSQL, contoh postgresql://postgres@127.0.0.1:55432")
    ap.add_argument("--cache", metavar="FOLDER", type=Path, default=None,
                    help="folder basis data demo kabupaten (bawaan: folder temp/kecamatan-bench)")
    ap.add_argument("--cepat", action="store_true", help="lebih sedikit ulangan")
    ap.add_argument("--hanya", metavar="NAMA,...", default="",
                    help="hanya benchmark ini, contoh mulai,cari")
    args = ap.parse_args()
    only = {x for x in args.hanya.split(",") if x}
    notes: list[str] = []
    results: dict[tuple[str, str], dict[str, Any]] = {}  # (figure, kind) -> figure
    order: list[str] = []
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        for name, script, normal, fast, cache in BENCHMARKS:
            if only and name not in only:
                continue
            for pg in ([""] + ([args.pg] if args.pg else [])):
                data = _run(name, HERE / script, fast if args.cepat else normal, cache, pg,
                            Path(tmp), args.cache, notes)
                if data is None:
                    continue
                kind = "PostgreSQL" if pg else "SQLite"
                for a in data["angka"]:
                    if a["nama"] not in order:
                        order.append(a["nama"])
                    results[(a["nama"], kind)] = a
    print(f"\n=== Ringkasan ({time.perf_counter() - started:.0f} s) ===")
    head = f"{'Angka':<62} {'Target':>10} | {'SQLite':<26} {'status':<14} | " \
           f"{'PostgreSQL':<26} {'status':<14} | PG/SQLite"
    print(head)
    print("-" * len(head))
    for nama in order:
        lite, pg = results.get((nama, "SQLite")), results.get((nama, "PostgreSQL"))
        a = lite or pg
        assert a is not None
        target = "" if a.get("target") is None else f"<= {a['target']:g} {a['satuan']}"
        ratio = ""
        if lite and pg and float(lite["nilai"]) > 0 and a["satuan"] != "x":
            r = float(pg["nilai"]) / float(lite["nilai"])
            ratio = f"{r:.2f}x " + ("tercapai" if r <= TARGET_PG else
                                    f"meleset {r / TARGET_PG:.1f}x")
        print(f"{nama[:62]:<62} {target:>10} | {_fmt(lite):<26} "
              f"{(_status(lite) if lite else '-'):<14} | {_fmt(pg):<26} "
              f"{(_status(pg) if pg else '-'):<14} | {ratio}")
    for note in notes:
        print(f"Catatan: {note}")


if __name__ == "__main__":
    main()
