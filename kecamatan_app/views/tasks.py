"""The one helper that runs work off the GUI thread, with progress and cancel.

The work is a plain function ``fn(progress)`` from services or reports; ``progress(done, total,
text)`` reports back and raises :class:`Cancelled` once the user pressed Batal. Results, errors
and progress come back on the GUI thread through Qt signals. peewee gives each worker thread its
own connection, so the work may use the database freely (its writes are its own transaction).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QObject,
    QRunnable,
    Qt,
    QThreadPool,
    QTimer,
    Signal,
)
from PySide6.QtWidgets import QProgressDialog, QWidget

from ..models import database

log = logging.getLogger(__name__)

Progress = Callable[[int, int, str], None]


class Cancelled(Exception):
    """Raised inside the work when the user cancelled; the job's transaction rolls back."""


class _Signals(QObject):
    progress = Signal(int, int, str)
    done = Signal(object)
    failed = Signal(object)
    cancelled = Signal()


class _Job(QRunnable):
    """Runs the work on a pool thread.

    Python objects that may end up holding the last reference to a widget (the work's closure,
    the result, an exception whose traceback keeps the frames' locals) must never be freed on
    the pool thread: freeing a widget there crashes Qt, sometimes much later. So the GUI thread
    (the :class:`Task`) holds every one of them too, the job drops its own references before
    it says so through ``released``, and only then does the GUI thread let go
    (:func:`release_finished`).
    """

    def __init__(self, task: Task) -> None:
        super().__init__()
        self.fn: Callable[[Progress], Any] | None = task.work
        self.signals: _Signals | None = task.signals
        self.cancel, self.released = task.cancel_event, task.released

    def _progress(self, done: int, total: int, text: str) -> None:
        if self.cancel.is_set():
            raise Cancelled()
        if self.signals is not None:
            self.signals.progress.emit(done, total, text)

    def run(self) -> None:
        fn, signals = self.fn, self.signals
        assert fn is not None and signals is not None
        kind, payload = "done", None
        try:
            payload = fn(self._progress)
        except Cancelled:
            kind = "cancelled"
        except BaseException as exc:  # reported on the GUI thread
            log.debug("Pekerjaan latar gagal", exc_info=exc)
            kind, payload = "failed", exc
        finally:
            if database.obj is not None and not database.obj.is_closed():
                database.obj.close()  # this worker thread's own connection
        try:
            if kind == "cancelled":
                signals.cancelled.emit()
            else:
                getattr(signals, kind).emit(payload)
        except RuntimeError:  # the app is closing: the receiver is gone, nobody waits
            log.debug("Hasil pekerjaan latar tidak diterima lagi (aplikasi ditutup)")
        # the Task holds the closure, the signals and the outcome: none of these is the last
        # reference, and the GUI thread lets go only after ``released`` is set
        self.fn = self.signals = None
        del fn, signals, payload
        self.released.set()


class Task(QObject):
    """A running job. Keep a reference until it finishes (``run_task`` does for you)."""

    finished = Signal()

    def __init__(self, work: Callable[[Progress], Any] | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.cancel_event = threading.Event()
        self.released = threading.Event()
        self.signals = _Signals()
        self.work = work
        self.outcome: object = None

    def cancel(self) -> None:
        self.cancel_event.set()


_running: set[Task] = set()
#: Finished tasks whose pool thread may still hold references (GUI thread only).
_ending: list[Task] = []


def release_finished() -> None:
    """Let go of finished tasks once their pool thread has dropped its own references."""
    waiting = [t for t in _ending if not t.released.is_set()]
    for task in _ending:
        if task.released.is_set():
            task.work = None
            task.outcome = None
    _ending[:] = waiting
    if waiting:
        QTimer.singleShot(20, release_finished)


def run_task(
    parent: QWidget | None,
    title: str,
    fn: Callable[[Progress], Any],
    on_done: Callable[[Any], None],
    on_error: Callable[[BaseException], None],
    *,
    show_progress: bool = True,
    pool: QThreadPool | None = None,
) -> Task:
    """Run ``fn(progress)`` in the thread pool; a modal progress dialog offers Batal."""
    task = Task(fn)
    _running.add(task)
    dialog: QProgressDialog | None = None
    if show_progress:
        dialog = QProgressDialog(title, "Batal", 0, 0, parent)
        dialog.setWindowTitle(title)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(300)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.canceled.connect(task.cancel)

    def progress(done: int, total: int, text: str) -> None:
        if dialog is not None:
            dialog.setMaximum(max(total, 0))
            dialog.setValue(min(done, total) if total else 0)
            if text:
                dialog.setLabelText(text)

    def finish(outcome: object = None) -> None:
        if dialog is not None:
            dialog.close()
            dialog.deleteLater()
        task.outcome = outcome
        _running.discard(task)
        _ending.append(task)
        QTimer.singleShot(0, release_finished)
        task.finished.emit()

    def ok(result: object) -> None:
        finish(result)
        on_done(result)

    def fail(exc: object) -> None:
        finish(exc)
        on_error(exc if isinstance(exc, BaseException) else RuntimeError(str(exc)))

    def cancelled() -> None:
        finish()
        log.info("%s dibatalkan pengguna", title)

    task.signals.progress.connect(progress)
    task.signals.done.connect(ok)
    task.signals.failed.connect(fail)
    task.signals.cancelled.connect(cancelled)
    (pool or QThreadPool.globalInstance()).start(_Job(task))
    return task


class GuiThreadCollector(QObject):
    """Python's cyclic garbage collector runs only on the GUI thread.

    Left automatic, a collection may start on a worker thread and destroy Qt widgets of closed
    dialogs there, which crashes Qt. So automatic collection is switched off and a timer on the
    GUI thread collects instead (the young generation often, everything now and then).
    """

    def __init__(self, parent: QObject | None = None, interval_ms: int = 1000) -> None:
        import gc

        super().__init__(parent)
        self._gc = gc
        self._ticks = 0
        gc.disable()
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.collect)
        self._timer.start(interval_ms)

    def collect(self) -> None:
        """Let Qt delete what was handed to ``deleteLater`` first (parents before children, in
        Qt's order); only then may the collector free Python wrappers. Otherwise a cycle that
        holds the wrapper of a closed window could destroy its widgets from inside the
        collector, while Qt still has the deletion queued."""
        self._ticks += 1
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        self._gc.collect(2 if self._ticks % 30 == 0 else 0)


def collect_on_gui_thread(app: QObject) -> GuiThreadCollector:
    """Install the collector once per application; returns it (kept alive by its parent)."""
    existing = app.findChild(GuiThreadCollector)
    return existing if isinstance(existing, GuiThreadCollector) else GuiThreadCollector(app)


def wait_all(timeout_ms: int = 30000) -> bool:
    """Drain the global pool and let go of the finished tasks (tests and shutdown; GUI thread)."""
    drained = QThreadPool.globalInstance().waitForDone(timeout_ms)
    release_finished()
    return drained
