"""Run every check CI runs: ``python3 scripts/test.py`` (Windows: ``py scripts\\test.py``).

Installs into .venv on the first call, then runs ruff, mypy and pytest (offscreen Qt). Extra
arguments go to pytest (``python3 scripts/test.py -k wizard``); ``--no-lint`` skips ruff and mypy.
A failed check, a failed test, no test run, or a crash of the interpreter at exit (for example a
Qt abort after the last test) makes the script exit non-zero.
"""

from __future__ import annotations

import os
import subprocess
import sys

from _bootstrap import ROOT, ensure_env


def _run(cmd: list[str], env: dict[str, str]) -> int:
    print("$", " ".join(cmd[2:] if cmd[1] == "-m" else cmd), flush=True)
    rc = subprocess.call(cmd, cwd=ROOT, env=env)
    if rc < 0:
        print(f"Proses mati karena sinyal {-rc}", flush=True)
        return 128 - rc
    return rc


def main(argv: list[str]) -> int:
    py = str(ensure_env("dev,postgres"))
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONFAULTHANDLER="1")
    lint = "--no-lint" not in argv
    args = [a for a in argv if a != "--no-lint"]
    failures = []
    if lint:
        if _run([py, "-m", "ruff", "check", "."], env):
            failures.append("ruff")
        if _run([py, "-m", "mypy"], env):
            failures.append("mypy")
    rc = _run([py, "-m", "pytest", *args], env)
    if rc == 5:
        print("Tidak ada tes yang dijalankan.", flush=True)
    if rc:
        failures.append(f"pytest (kode keluar {rc})")
    if failures:
        print("GAGAL: " + ", ".join(failures), flush=True)
        return 1
    print("Semua pemeriksaan lulus.", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
