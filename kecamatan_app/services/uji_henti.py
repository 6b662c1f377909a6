"""Test-only kill points: prove that a crash at a named step leaves nothing half-done.

A service marks a step with ``uji_henti.titik("impor.sebelum_commit")``. Normally that is a
dictionary lookup and nothing else. When the environment variable ``KECAMATAN_APP_UJI_HENTI``
names the step, the process kills itself there with SIGKILL, exactly as a power cut, the task
manager or the out-of-memory killer would: no ``finally`` block, no rollback, no cleanup runs.
``nama:N`` kills at the N-th time the step is reached (a step inside a loop, e.g. the 150th row
of an import). Before dying it writes ``uji_henti: <nama>`` to stderr so a test can tell that
the intended step was reached.

Used by tests/test_crash_safety.py. Nobody sets the variable in normal use; a user who did would
only see the program stop at that step.
"""

from __future__ import annotations

import os
import signal
import sys

ENV = "KECAMATAN_APP_UJI_HENTI"
_hits: dict[str, int] = {}


def titik(nama: str) -> None:
    """Kill this process here when ``KECAMATAN_APP_UJI_HENTI`` names this step."""
    wanted = os.environ.get(ENV)
    if not wanted:
        return
    step, _, count = wanted.partition(":")
    if step != nama:
        return
    _hits[nama] = _hits.get(nama, 0) + 1
    if _hits[nama] < max(int(count or 1), 1):
        return
    henti(nama)


def henti(nama: str) -> None:
    """Die now, without any cleanup (SIGKILL; on Windows TerminateProcess)."""
    sys.stderr.write(f"uji_henti: {nama}\n")
    sys.stderr.flush()
    os.kill(os.getpid(), getattr(signal, "SIGKILL", signal.SIGTERM))
