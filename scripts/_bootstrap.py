"""Shared set-up for scripts/run.py and scripts/test.py.

Creates a virtual environment in ``.venv`` beside the repository with the interpreter that runs
this script, installs the project into it (editable, with the extras asked for) and re-installs
only when ``pyproject.toml`` changed. Works on Windows and Linux with the standard library only.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = Path(os.environ.get("KECAMATAN_APP_VENV", ROOT / ".venv"))
MIN_PY = (3, 11)
MAX_PY = (3, 13)


def venv_python() -> Path:
    if os.name == "nt":
        return VENV / "Scripts" / "python.exe"
    return VENV / "bin" / "python"


def _stamp() -> str:
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes())
    digest.update(sys.version.encode())
    return digest.hexdigest()


def _installed(stamp_file: Path) -> set[str] | None:
    """Extras installed for the current pyproject.toml, or None when a (re)install is due."""
    if not stamp_file.exists():
        return None
    lines = stamp_file.read_text().split()
    if not lines or lines[0] != _stamp():
        return None
    return set(lines[1:])


def ensure_env(extras: str = "") -> Path:
    if not (MIN_PY <= sys.version_info[:2] <= MAX_PY):
        sys.exit(
            "Python {}.{} tidak didukung: gunakan Python 3.11, 3.12 atau 3.13 "
            "(Windows: https://www.python.org, centang 'Add python.exe to PATH').".format(
                *sys.version_info[:2])
        )
    py = venv_python()
    if not py.exists():
        print(f"Membuat lingkungan Python di {VENV} ...", flush=True)
        try:
            venv.EnvBuilder(with_pip=True, clear=VENV.exists()).create(VENV)
        except Exception as exc:  # Debian without python3-venv: ensurepip is missing
            sys.exit(
                f"Lingkungan Python tidak dapat dibuat ({exc}). Di Debian/Ubuntu pasang dulu: "
                "sudo apt install python3-venv"
            )
    stamp_file = VENV / ".kecamatan-app-installed"
    wanted = {e for e in extras.split(",") if e}
    have = _installed(stamp_file)
    if have is None or not wanted <= have:
        wanted |= have or set()
        target = f".[{','.join(sorted(wanted))}]" if wanted else "."
        print(f"Memasang dependensi ({target}) ...", flush=True)
        env = dict(os.environ, PIP_DISABLE_PIP_VERSION_CHECK="1")
        subprocess.check_call(
            [str(py), "-m", "pip", "install", "--quiet", "-e", target], cwd=ROOT, env=env
        )
        stamp_file.write_text(" ".join([_stamp(), *sorted(wanted)]))
    return py
