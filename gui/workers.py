"""Running long work off the UI thread.

The work is a plain function ``fn(state)`` that receives a :class:`TaskState`
(report progress, ask "was I told to stop?") and returns a result; it knows
nothing of Qt.  :func:`start` runs it on the global ``QThreadPool`` and hands
progress, the result or the error back to the UI thread through the signals
of a :class:`Task`.
"""

from __future__ import annotations

import threading
import traceback
from typing import Any, Callable

from PySide6.QtCore import QEventLoop, QObject, QRunnable, QThreadPool, Qt, Signal, Slot


class Cancelled(Exception):
    """Raised by :meth:`TaskState.check` when the task was asked to stop."""


class TaskState:
    """What a worker function may use: progress, messages and cancellation."""

    def __init__(self) -> None:
        self._cancel = threading.Event()
        self._progress: Callable[[int, int, str], None] = lambda done, total, label: None
        self._message: Callable[[object], None] = lambda item: None

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def check(self) -> None:
        if self._cancel.is_set():
            raise Cancelled()

    def progress(self, done: int, total: int, label: str = "") -> None:
        self._progress(done, total, label)

    def report(self, item: object) -> None:
        """Send one intermediate result (a finished file, a row) to the UI."""
        self._message(item)


class Task(QObject):
    """The UI thread's handle on a function running on a pool thread.

    Connect to the public signals before :meth:`start`; they are always
    delivered in the thread the task was made in (the UI thread).
    """

    progressed = Signal(int, int, str)
    reported = Signal(object)
    succeeded = Signal(object)
    failed = Signal(str, str)  # message, traceback
    cancelled = Signal()
    finished = Signal()  # after any of the three above

    # emitted from the worker thread, delivered queued to the slots below
    _w_progress = Signal(int, int, str)
    _w_report = Signal(object)
    _w_done = Signal(str, object, str)

    def __init__(self, label: str = "") -> None:
        super().__init__()
        self.label = label
        self.state = TaskState()
        self.state._progress = self._w_progress.emit
        self.state._message = self._w_report.emit
        self.done = False
        self.result: Any = None
        self.error: str | None = None
        self._w_progress.connect(self._on_progress, Qt.ConnectionType.QueuedConnection)
        self._w_report.connect(self._on_report, Qt.ConnectionType.QueuedConnection)
        self._w_done.connect(self._on_done, Qt.ConnectionType.QueuedConnection)

    def start(self, fn: Callable[[TaskState], Any], pool: QThreadPool | None = None) -> "Task":
        _RUNNING.add(self)
        (pool or QThreadPool.globalInstance()).start(_Runnable(self, fn))
        return self

    def cancel(self) -> None:
        self.state.cancel()

    @Slot(int, int, str)
    def _on_progress(self, done: int, total: int, label: str) -> None:
        self.progressed.emit(done, total, label)

    @Slot(object)
    def _on_report(self, item: object) -> None:
        self.reported.emit(item)

    @Slot(str, object, str)
    def _on_done(self, kind: str, result: object, detail: str) -> None:
        self.done = True
        if kind == "ok":
            self.result = result
            self.succeeded.emit(result)
        elif kind == "cancelled":
            self.cancelled.emit()
        else:
            self.error = str(result)
            self.failed.emit(self.error, detail)
        _RUNNING.discard(self)
        self.finished.emit()


class _Runnable(QRunnable):
    def __init__(self, task: Task, fn: Callable[[TaskState], Any]) -> None:
        super().__init__()
        self.task = task
        self.fn = fn
        self.setAutoDelete(True)

    def run(self) -> None:  # worker thread
        task = self.task
        try:
            result = self.fn(task.state)
        except Cancelled:
            task._w_done.emit("cancelled", None, "")
        except Exception as exc:  # reported to the UI, never swallowed
            task._w_done.emit("error", f"{type(exc).__name__}: {exc}", traceback.format_exc())
        else:
            task._w_done.emit("ok", result, "")


_RUNNING: set[Task] = set()  # keeps running tasks alive


def start(
    fn: Callable[[TaskState], Any],
    label: str = "",
    *,
    on_done: Callable[[Any], None] | None = None,
    on_error: Callable[[str, str], None] | None = None,
    on_progress: Callable[[int, int, str], None] | None = None,
    on_finished: Callable[[], None] | None = None,
    pool: QThreadPool | None = None,
) -> Task:
    """Run ``fn(state)`` on a pool thread with the given callbacks (UI thread)."""
    task = Task(label)
    if on_done is not None:
        task.succeeded.connect(on_done)
    if on_error is not None:
        task.failed.connect(on_error)
    if on_progress is not None:
        task.progressed.connect(on_progress)
    if on_finished is not None:
        task.finished.connect(on_finished)
    return task.start(fn, pool)


def wait_all(pool: QThreadPool | None = None, msecs: int = -1) -> bool:
    return (pool or QThreadPool.globalInstance()).waitForDone(msecs)


_LOOP: QEventLoop | None = None


def process_events(max_ms: int = 0) -> None:
    """Handle the events waiting in the UI thread (for scripts, tests and shutdown).

    Goes through a ``QEventLoop``: ``QCoreApplication.processEvents`` of
    PySide6 6.12 drops a reference to ``None`` on every call, which crashes
    Python after some thousands of calls.
    """
    global _LOOP
    if _LOOP is None:
        _LOOP = QEventLoop()
    if max_ms > 0:
        _LOOP.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, max_ms)
    else:
        _LOOP.processEvents()
