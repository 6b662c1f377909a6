"""Shared by the import tests: a workbook of rows under given headers, as a clerk fills one."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import openpyxl


def write_rows(path: Path, sheet: str, headers: Sequence[str],
               rows: Sequence[dict[str, Any]]) -> Path:
    """Write ``rows`` (header -> value; missing headers stay empty) to sheet ``sheet``."""
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = sheet
    ws.append(list(headers))
    for r in rows:
        ws.append([r.get(h) for h in headers])
    wb.save(path)
    return path
