"""The one way to run work off the GUI thread.

A :class:`Lane` is a QThread that runs :class:`Job`s one after another. The app has two lanes: the
*store* lane (the single writer: opening the library, ingesting, removing) and the *model* lane
(the only user of the chat model). A job's function receives the job itself, whose plain
``report``/``should_cancel``/``stream`` methods are the core's callbacks; the job turns them into
signals that Qt delivers on the GUI thread. Workers never touch widgets.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThread, QTimer, Signal, Slot

log = logging.getLogger(__name__)

STREAM_INTERVAL = 1 / 30  # at most ~30 view updates per second for streamed text


class Job(QObject):
    started = Signal()
    progress = Signal(object)  # whatever the core reported
    partial = Signal(str)  # batched streamed text
    succeeded = Signal(object)  # the function's return value
    failed = Signal(object)  # the exception
    finished = Signal()  # always, after succeeded or failed

    def __init__(self, fn: Callable[[Job], Any], label: str = "") -> None:
        super().__init__()
        self.fn = fn
        self.label = label
        self._cancel = threading.Event()
        self._pause = threading.Event()
        self._dropped = threading.Event()  # the widget that asked is gone: deliver nothing but finished
        self._buffer: list[str] = []
        self._last_flush = 0.0
        self.result: Any = None
        self.error: BaseException | None = None
        self.done = False

    # -- called from the worker thread (these are the core's plain callbacks) -----------------

    def should_cancel(self) -> bool:
        return self._cancel.is_set()

    def should_pause(self) -> bool:
        return self._pause.is_set()

    def report(self, value: object) -> None:
        if not self._dropped.is_set():
            self.progress.emit(value)

    def stream(self, text: str) -> None:
        self._buffer.append(text)
        now = time.monotonic()
        if now - self._last_flush >= STREAM_INTERVAL:
            self._flush(now)

    def _flush(self, now: float | None = None) -> None:
        if self._buffer:
            text, self._buffer = "".join(self._buffer), []
            self.partial.emit(text)
        self._last_flush = now if now is not None else time.monotonic()

    def _execute(self) -> None:
        self.started.emit()
        try:
            self.result = self.fn(self)
        except BaseException as exc:  # handed to the GUI as a signal, never lost in a thread
            self._flush()
            self.error = exc
            if not isinstance(exc, Exception):
                log.error("job %s ended by %r", self.label, exc)
            self.done = True
            if not self._dropped.is_set():
                self.failed.emit(exc)
        else:
            self._flush()
            self.done = True
            if not self._dropped.is_set():
                self.succeeded.emit(self.result)
        self.finished.emit()

    # -- called from the GUI thread ----------------------------------------------------------

    def owned_by(self, owner: QObject) -> Job:
        """Drop the result if ``owner`` (the widget that asked) is gone before it arrives."""
        owner.destroyed.connect(self._drop)
        return self

    def _drop(self) -> None:
        self._dropped.set()

    def cancel(self) -> None:
        self._cancel.set()

    def pause(self) -> None:
        """For jobs that can stop and resume later (downloads): stop, keeping the work done."""
        self._pause.set()


class _LaneWorker(QObject):
    @Slot(object)
    def run(self, job: Job) -> None:
        job._execute()


class Lane(QObject):
    """A named worker thread that runs jobs in order."""

    _submit = Signal(object)

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._thread = QThread()
        self._thread.setObjectName(name)
        self._worker = _LaneWorker()
        self._worker.moveToThread(self._thread)
        self._submit.connect(self._worker.run)
        self._jobs: list[Job] = []
        self._thread.start()

    def submit(self, job: Job) -> Job:
        """Queue a job. It starts once control returns to the event loop, so the caller can
        connect to the job's signals first without racing the worker thread."""
        self._jobs.append(job)
        job.finished.connect(lambda: self._jobs.remove(job) if job in self._jobs else None)
        QTimer.singleShot(0, self, lambda: self._submit.emit(job))
        return job

    def run(self, fn: Callable[[Job], Any], label: str = "") -> Job:
        return self.submit(Job(fn, label))

    @property
    def busy(self) -> bool:
        return bool(self._jobs)

    @property
    def jobs(self) -> list[Job]:
        """Queued and running jobs, oldest first."""
        return list(self._jobs)

    def cancel_all(self) -> None:
        for job in list(self._jobs):
            job.cancel()

    def pause_all(self) -> None:
        for job in list(self._jobs):
            job.pause()

    def shutdown(self, timeout_ms: int = 30000) -> bool:
        """Cancel what is queued or running and wait for the thread to end."""
        self.cancel_all()
        self._thread.quit()
        return self._thread.wait(timeout_ms)
