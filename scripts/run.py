"""Run the app: ``python3 scripts/run.py [ARGS]`` (Windows: ``py scripts\\run.py``).

The first call installs everything into .venv; later calls start at once. Arguments are passed to
``kecamatan-app`` (for example ``--db FILE``, ``demo``, ``selftest``).
"""

from __future__ import annotations

import subprocess
import sys

from _bootstrap import ROOT, ensure_env

if __name__ == "__main__":
    py = ensure_env("postgres")
    sys.exit(subprocess.call([str(py), "-m", "kecamatan_app", *sys.argv[1:]], cwd=ROOT))
