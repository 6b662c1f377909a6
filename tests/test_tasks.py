"""The background-task helper: results, errors, cancel, and collection on the GUI thread."""

from __future__ import annotations

import gc
from typing import Any

from kecamatan_app.views.tasks import GuiThreadCollector, run_task


def test_result_error_and_cancel_come_back_on_the_gui_thread(qtbot: Any) -> None:
    got: list[object] = []
    run_task(None, "Uji", lambda progress: 41 + 1, got.append, got.append, show_progress=False)
    qtbot.waitUntil(lambda: got == [42])

    def boom(progress: Any) -> None:
        raise ValueError("rusak")

    run_task(None, "Uji", boom, got.append, got.append, show_progress=False)
    qtbot.waitUntil(lambda: len(got) == 2)
    assert isinstance(got[1], ValueError)

    def long_job(progress: Any) -> None:
        for i in range(10_000):
            progress(i, 10_000, "langkah")
            if i == 10:
                task.cancel()
        raise AssertionError("not cancelled")

    task = run_task(None, "Uji", long_job, got.append, got.append, show_progress=False)
    qtbot.waitSignal(task.finished, timeout=5000)
    assert len(got) == 2  # neither done nor failed: cancelled quietly


def test_collector_disables_automatic_gc_and_collects_on_its_timer(qtbot: Any) -> None:
    was_enabled = gc.isenabled()
    try:
        collector = GuiThreadCollector(interval_ms=10)
        assert not gc.isenabled()
        before = collector._ticks
        qtbot.waitUntil(lambda: collector._ticks > before + 2)
        collector._timer.stop()
        collector.deleteLater()
    finally:
        if was_enabled:
            gc.enable()

