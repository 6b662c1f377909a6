"""Where the app's own files are: one helper that works installed, in development and frozen."""

from __future__ import annotations

import sys
from pathlib import Path


def resource_root() -> Path:
    """The ``resources`` folder shipped inside the package.

    Installed and in development it sits beside this file; in a PyInstaller bundle the spec copies
    it to ``<bundle>/kecamatan_app/resources`` and ``sys._MEIPASS`` points at the bundle.
    """
    frozen_base = getattr(sys, "_MEIPASS", None)
    if frozen_base:
        return Path(frozen_base) / "kecamatan_app" / "resources"
    return Path(__file__).resolve().parent / "resources"


def resource(*parts: str) -> Path:
    """Path of a shipped resource; raises FileNotFoundError naming it when it is missing."""
    path = resource_root().joinpath(*parts)
    if not path.exists():
        raise FileNotFoundError(f"Berkas sumber daya aplikasi tidak ditemukan: {path}")
    return path
