"""The one background helper: plain data in, plain data out, callbacks on the GUI thread."""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from PySide6.QtCore import QCoreApplication, QDeadlineTimer, QObject, QRunnable, QThreadPool, Signal

T = TypeVar("T")
ErrorHandler = Callable[[BaseException], None]


class TaskCancelledError(Exception):
    """Raised inside a job that noticed it was cancelled; never reported as an error."""


class TaskContext:
    """What a running job may use: ask whether it was cancelled, report its progress.

    Both methods are safe to call from the worker thread.
    """

    def __init__(self, signals: _JobSignals, job_id: int) -> None:
        self._cancelled = threading.Event()
        self._signals = signals
        self._job_id = job_id

    @property
    def cancelled(self) -> bool:
        return self._cancelled.is_set()

    def cancel(self) -> None:
        self._cancelled.set()

    def check(self) -> None:
        """Stop the job here if it was cancelled (call between units of work)."""
        if self._cancelled.is_set():
            raise TaskCancelledError

    def report(self, done: int, total: int) -> None:
        self._signals.progressed.emit(self._job_id, done, total)


class _JobSignals(QObject):
    """Carries a job's outcome from the worker thread to the GUI thread (queued)."""

    succeeded = Signal(int, object)
    failed = Signal(int, object)
    progressed = Signal(int, int, int)


class _Job(QRunnable):
    def __init__(self, work: Callable[[TaskContext], Any], context: TaskContext) -> None:
        super().__init__()
        self._work = work
        self._context = context
        self._signals = context._signals
        self._job_id = context._job_id

    def run(self) -> None:
        try:
            result = self._work(self._context)
        except BaseException as exc:  # every failure must reach the GUI thread's handler
            self._signals.failed.emit(self._job_id, exc)
        else:
            self._signals.succeeded.emit(self._job_id, result)


@dataclass
class _Running:
    context: TaskContext
    signals: _JobSignals
    channel: str | None
    label: str | None
    generation: int
    callbacks: tuple[Callable[[Any], None], ErrorHandler | None] = field(repr=False)


class BackgroundRunner(QObject):
    """Runs jobs on a thread pool and delivers their results on the GUI thread.

    A job started on a *channel* supersedes the channel's previous job: the old one is asked to
    cancel and its result, if it still arrives, is dropped. Jobs with a *label* are "long work":
    they are shown in the status bar with progress and can be cancelled.

    Signals:
        busy_changed(bool): whether any job is running.
        long_work_changed(str, int, int): label, done, total of the newest labelled job
            ("" when none is running; total 0 means "unknown").
    """

    busy_changed = Signal(bool)
    long_work_changed = Signal(str, int, int)

    def __init__(self, report_error: ErrorHandler, *, max_threads: int = 2) -> None:
        super().__init__()
        self._report_error = report_error
        self._pool = QThreadPool()
        self._pool.setMaxThreadCount(max_threads)
        self._ids = itertools.count(1)
        self._running: dict[int, _Running] = {}
        self._latest_on_channel: dict[str, int] = {}
        self._shut_down = False

    def run(
        self,
        job: Callable[[], T],
        on_done: Callable[[T], None],
        *,
        channel: str | None = None,
        on_error: ErrorHandler | None = None,
    ) -> TaskContext:
        """Run ``job()`` off the GUI thread, then ``on_done(result)`` on it."""
        return self.run_with_context(
            lambda _context: job(), on_done, channel=channel, on_error=on_error
        )

    def run_with_context(
        self,
        job: Callable[[TaskContext], T],
        on_done: Callable[[T], None],
        *,
        channel: str | None = None,
        label: str | None = None,
        on_error: ErrorHandler | None = None,
    ) -> TaskContext:
        """Run ``job(context)``; the job may check ``context.cancelled`` and report progress."""
        job_id = next(self._ids)
        # Owned by the runner (GUI thread), not by Python: when the worker thread lets go of
        # its last reference, the object is not destroyed there (a QObject must be destroyed
        # by its own thread); the runner deletes it once the outcome has been delivered.
        signals = _JobSignals(self)
        context = TaskContext(signals, job_id)
        if channel is not None:
            self._supersede(channel)
            self._latest_on_channel[channel] = job_id
        running = _Running(context, signals, channel, label, job_id, (on_done, on_error))
        self._running[job_id] = running
        # Bound methods of this QObject: Qt drops the connections if the runner is destroyed
        # while a result is still queued (a closed window).
        signals.succeeded.connect(self._on_job_succeeded)
        signals.failed.connect(self._on_job_failed)
        signals.progressed.connect(self._on_job_progressed)
        was_busy = len(self._running) > 1
        self._pool.start(_Job(job, context))
        if not was_busy:
            self.busy_changed.emit(True)
        if label:
            self.long_work_changed.emit(label, 0, 0)
        return context

    def is_busy(self) -> bool:
        return bool(self._running)

    def cancel_long_work(self) -> None:
        """Cancel every labelled job (the status bar's Cancel button)."""
        for running in self._running.values():
            if running.label:
                running.context.cancel()

    def wait_until_idle(self, timeout_ms: int = 10_000) -> bool:
        """Block until every job has finished and its callback ran (start-up, tests, exit)."""
        deadline = QDeadlineTimer(timeout_ms)
        while self._running and not deadline.hasExpired():
            self._pool.waitForDone(50)
            QCoreApplication.processEvents()
        return not self._running

    def shutdown(self, timeout_ms: int = 5_000) -> None:
        """Cancel everything, wait for the workers, and deliver nothing more."""
        self._shut_down = True
        for running in self._running.values():
            running.context.cancel()
        self._pool.waitForDone(timeout_ms)
        self._running.clear()

    # -- delivery (GUI thread) --------------------------------------------------------------

    def _supersede(self, channel: str) -> None:
        previous = self._latest_on_channel.get(channel)
        if previous is not None and previous in self._running:
            self._running[previous].context.cancel()

    def _is_stale(self, running: _Running) -> bool:
        if running.context.cancelled:
            return True
        channel = running.channel
        return channel is not None and self._latest_on_channel.get(channel) != running.generation

    def _finish(self, job_id: int) -> _Running | None:
        running = self._running.pop(job_id, None)
        if running is not None:
            running.signals.deleteLater()
        if running is None or self._shut_down:
            return None
        if running.label and not any(r.label for r in self._running.values()):
            self.long_work_changed.emit("", 0, 0)
        if not self._running:
            self.busy_changed.emit(False)
        return running

    def _on_job_succeeded(self, job_id: int, result: object) -> None:
        running = self._finish(job_id)
        if running is None or self._is_stale(running):
            return
        on_done = running.callbacks[0]
        try:
            on_done(result)
        except Exception as exc:  # a failing callback goes to the one error handler
            self._report_error(exc)

    def _on_job_failed(self, job_id: int, exc: BaseException) -> None:
        running = self._finish(job_id)
        if running is None or isinstance(exc, TaskCancelledError) or self._is_stale(running):
            return
        handler = running.callbacks[1] or self._report_error
        handler(exc)

    def _on_job_progressed(self, job_id: int, done: int, total: int) -> None:
        running = self._running.get(job_id)
        if running is not None and running.label and not running.context.cancelled:
            self.long_work_changed.emit(running.label, done, total)
