"""The background-task helper: results, errors, cancel, and collection on the GUI thread."""

from __future__ import annotations

import gc
import threading
from typing import Any

from kecamatan_app.views import tasks
from kecamatan_app.views.tasks import GuiThreadCollector, run_task, wait_all


def test_result_error_and_cancel_come_back_on_the_gui_thread(qtbot: Any) -> None:
    got: list[object] = []
    run_task(None, "Uji", lambda progress: 41 + 1, got.append, got.append, show_progress=False)
    qtbot.waitUntil(lambda: got == [42])

    def boom(progress: Any) -> None:
        raise ValueError("rusak")

    run_task(None, "Uji", boom, got.append, got.append, show_progress=False)
    qtbot.waitUntil(lambda: len(got) == 2)
    assert isinstance(got[1], ValueError)

    started = threading.Event()

    def long_job(progress: Any) -> None:
        assert started.wait(5)  # ``task`` is assigned by then
        for i in range(10_000):
            progress(i, 10_000, "langkah")
            if i == 10:
                task.cancel()
        raise AssertionError("not cancelled")

    ended: list[bool] = []
    task = run_task(None, "Uji", long_job, got.append, got.append, show_progress=False)
    task.finished.connect(lambda: ended.append(True))
    started.set()
    qtbot.waitUntil(lambda: ended == [True], timeout=5000)
    assert len(got) == 2  # neither done nor failed: cancelled quietly


class _Probe:
    """Records the thread that frees it."""

    def __init__(self, log: list[str]) -> None:
        self.log = log

    def __del__(self) -> None:
        self.log.append(threading.current_thread().name)


def test_the_work_and_its_outcome_are_let_go_on_the_gui_thread(qtbot: Any) -> None:
    """What the work holds (a dialog, say) must not be freed on a pool thread: the last
    reference to the closure, to the result and to an error (whose traceback keeps the frames'
    locals) is dropped on the GUI thread, after the pool thread has dropped its own."""
    freed_on: list[str] = []
    go = threading.Event()
    outcomes: list[object] = []
    for fails in (False, True):
        probe = _Probe(freed_on)

        def work(progress: Any, p: _Probe = probe, fails: bool = fails) -> object:
            assert go.wait(5)
            if fails:
                raise ValueError(type(p).__name__)
            return _Probe(freed_on)

        go.clear()
        run_task(None, "Uji", work, outcomes.append, outcomes.append, show_progress=False)
        del work, probe  # the running job holds the only references now
        go.set()
        qtbot.waitUntil(lambda: len(outcomes) == 1, timeout=5000)
        outcomes.clear()
        wait_all()
    assert freed_on == [threading.main_thread().name] * 3
    assert not tasks._ending


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

