"""Logging to a rotating file in the user log folder (a windowed Windows app has no console)."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from .config import log_dir

LOG_FILE = "kecamatan-app.log"
_configured: Path | None = None


def setup_logging(level: int = logging.INFO, console: bool = False) -> Path:
    """Configure the root logger once; returns the log file's path."""
    global _configured
    if _configured is not None:
        return _configured
    folder = log_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / LOG_FILE
    handler = logging.handlers.RotatingFileHandler(
        path, maxBytes=2_000_000, backupCount=5, encoding="utf-8")
    handler.setFormatter(logging.Formatter(
        "%(asctime)s %(levelname)s [%(threadName)s] %(name)s: %(message)s"))
    root = logging.getLogger()
    root.setLevel(level)
    root.addHandler(handler)
    if console:
        stream = logging.StreamHandler()
        stream.setLevel(logging.WARNING)
        stream.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
        root.addHandler(stream)
    _configured = path
    return path


def current_log_file() -> Path | None:
    return _configured
