"""One open issue: its :class:`~normalizer.session.EditSession`, where it is
saved, and the work queued on it.

The session is not thread-safe, so every operation on it goes through the
document: quick ones run at once in the UI thread (:meth:`Document.call`),
long ones (re-running rules, deciding suggestions, exporting) are queued and
run one at a time on a pool thread (:meth:`Document.submit`).  While queued
work runs, the document is *busy*: the window keeps the session's text
read-only and events the session sends from the worker are held back and
delivered in the UI thread once the queue is empty.  Views only ever follow
:attr:`Document.changed`.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from pathlib import Path
from typing import Any, Callable

from PySide6.QtCore import QObject, QTimer, Signal

from . import persist, workers
from .index import IssueIndex

#: quiet time after the last change before an autosave
AUTOSAVE_DELAY_MS = 1000


def _decides(event) -> bool:
    """Whether an event records a decision on suggestions (saved at once)."""
    return event.kind == "suggestion_changed" or bool(getattr(event, "suggestion_ids", ()))


class Document(QObject):
    changed = Signal(object)  # a SessionEvent, in the UI thread
    busyChanged = Signal(bool)
    statusMessage = Signal(str)
    failed = Signal(str, str)  # what failed, why
    saved = Signal(str)  # project path
    autosaved = Signal(str)

    def __init__(self, session, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.index = IssueIndex()  # raw position → block, for the navigator and the panel
        self.recovered_from: Path | None = None  # the autosave this session was recovered from
        self.last_autosave: Path | None = None
        self.autosave_enabled = True
        self._autosave_warned = False
        self.lost_seen = 0  # lost hand edits already told about
        self._queue: deque[tuple[Callable[[Any], Any], str, Callable | None, Callable | None]] = deque()
        self._task: workers.Task | None = None
        self._held: list = []
        self._ui_thread = threading.current_thread()
        self._autosave_timer = QTimer(self)
        self._autosave_timer.setSingleShot(True)
        self._autosave_timer.setInterval(AUTOSAVE_DELAY_MS)
        self._autosave_timer.timeout.connect(self.autosave_now)
        self._unsubscribe = session.subscribe(self._on_session_event)

    # naming -------------------------------------------------------------------
    @property
    def project_path(self) -> Path | None:
        path = self.session.project_path
        return Path(path) if path is not None else None

    @property
    def name(self) -> str:
        if self.project_path is not None:
            return self.project_path.stem
        return self.session.name

    @property
    def issue(self):
        return self.session.issue

    @property
    def dirty(self) -> bool:
        """Changed since it was last saved as a project (or never saved)."""
        return bool(self.session.modified)

    # events ---------------------------------------------------------------------
    def _on_session_event(self, event) -> None:
        if threading.current_thread() is not self._ui_thread or self._task is not None:
            self._held.append(event)
            return
        self._deliver(event)

    def _deliver(self, event, decided: bool = False) -> None:
        self.changed.emit(event)
        # a decision is saved at once; typing and rule runs after a quiet second
        self.schedule_autosave(immediate=decided or _decides(event))

    def _flush_held(self) -> None:
        held, self._held = self._held, []
        if not held:
            return
        decided = any(_decides(e) for e in held)
        if any(e.kind == "renormalised" for e in held):
            # everything was rebuilt: one event says so
            last = next(e for e in reversed(held) if e.kind == "renormalised")
            self._deliver(last, decided)
        else:
            for event in held:
                self._deliver(event, decided)

    # running operations ---------------------------------------------------------
    @property
    def busy(self) -> bool:
        return self._task is not None or bool(self._queue)

    def call(self, fn: Callable[[Any], Any]) -> Any:
        """Run ``fn(session)`` now, in the UI thread (quick operations only)."""
        if self.busy:
            raise RuntimeError("the issue is busy")
        return fn(self.session)

    def submit(
        self,
        fn: Callable[[Any], Any],
        label: str,
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[str], None] | None = None,
    ) -> None:
        """Queue ``fn(session)`` to run on a pool thread after earlier work."""
        was_busy = self.busy
        self._queue.append((fn, label, on_done, on_error))
        if not was_busy:
            self.busyChanged.emit(True)
        if self._task is None:
            self._next()

    def _next(self) -> None:
        if not self._queue:
            self._task = None
            self._flush_held()
            self.busyChanged.emit(False)
            return
        fn, label, on_done, on_error = self._queue.popleft()
        session = self.session
        task = workers.Task(label)
        self._task = task
        self.statusMessage.emit(f"{label}…")

        def finished_ok(result: Any) -> None:
            if on_done is not None:
                on_done(result)

        def finished_error(message: str, detail: str) -> None:
            if on_error is not None:
                on_error(message)
            else:
                self.failed.emit(label, message)

        def finished() -> None:
            self._task = None
            self._next()

        task.succeeded.connect(finished_ok)
        task.failed.connect(finished_error)
        task.finished.connect(finished)
        task.start(lambda state: fn(session))

    def wait(self, timeout: float = 30.0) -> bool:
        """Process events until the queue is empty (for scripts and shutdown)."""
        deadline = time.monotonic() + timeout
        while self.busy and time.monotonic() < deadline:
            workers.process_events(20)
        return not self.busy

    # saving -------------------------------------------------------------------------
    def schedule_autosave(self, immediate: bool = False) -> None:
        if not self.autosave_enabled:
            return
        if immediate:
            # right after the views have followed the change
            self._autosave_timer.stop()
            QTimer.singleShot(0, self.autosave_now)
        else:
            self._autosave_timer.start()

    def autosave_now(self) -> None:
        """Write the autosave (in the UI thread, or queued behind running work)."""
        self._autosave_timer.stop()
        if not self.autosave_enabled:
            return
        if self.busy:
            self.submit(persist.autosave, "Autosaving", on_done=self._autosaved, on_error=self._autosave_failed)
            return
        try:
            path = persist.autosave(self.session)
        except Exception as exc:  # never lose the session over a failed autosave
            self._autosave_failed(f"{type(exc).__name__}: {exc}")
            return
        self._autosaved(path)

    def _autosave_failed(self, message: str) -> None:
        # said once in a box; after that only in the status bar
        if not self._autosave_warned:
            self._autosave_warned = True
            self.failed.emit("Autosave failed", f"{message}\nSave the project to keep your work.")
        else:
            self.statusMessage.emit(f"Autosave failed: {message}")

    def _autosaved(self, path: Path) -> None:
        self.last_autosave = Path(path)
        self.autosaved.emit(str(path))

    def save(self, path: Path) -> None:
        """Save as a project file (in the UI thread), then drop the autosaves it replaces."""
        path = Path(path)
        stale = {self.last_autosave, self.recovered_from, persist.autosave_path(self.session)}
        persist.save(path, self.session)
        self._autosave_timer.stop()
        stale.add(persist.autosave_path(self.session))
        for autosave in stale:
            if autosave is not None:
                try:
                    persist.discard(autosave)
                except Exception:  # a file that is not an autosave is left alone
                    pass
        self.recovered_from = None
        self.last_autosave = None
        self.saved.emit(str(path))

    def discard_autosave(self) -> None:
        """Remove this session's autosaves (the editor chose not to keep the changes)."""
        self._autosave_timer.stop()
        for autosave in {self.last_autosave, self.recovered_from, persist.autosave_path(self.session)}:
            if autosave is not None:
                try:
                    persist.discard(autosave)
                except Exception:
                    pass
        self.last_autosave = None
        self.recovered_from = None

    def close(self) -> None:
        """Stop listening to the session and saving it."""
        self.autosave_enabled = False
        self._autosave_timer.stop()
        self._unsubscribe()
