"""The background runner: results on the GUI thread, stale ones dropped, errors to one place."""

from __future__ import annotations

import threading
import time

from pytestqt.qtbot import QtBot

from app.domain.errors import InvalidInputError
from app.ui.background import BackgroundRunner, TaskContext


def test_result_arrives_on_the_gui_thread(qtbot: QtBot) -> None:
    errors: list[BaseException] = []
    runner = BackgroundRunner(errors.append)
    results: list[tuple[int, bool]] = []
    runner.run(
        lambda: 6 * 7,
        lambda value: results.append(
            (value, threading.current_thread() is threading.main_thread())
        ),
    )
    qtbot.waitUntil(lambda: bool(results), timeout=5000)
    assert results == [(42, True)]
    assert errors == []


def test_a_newer_job_on_the_same_channel_drops_the_stale_result(qtbot: QtBot) -> None:
    runner = BackgroundRunner(lambda exc: None)
    results: list[str] = []

    def slow() -> str:
        time.sleep(0.3)
        return "stale"

    runner.run(slow, results.append, channel="search")
    runner.run(lambda: "fresh", results.append, channel="search")
    assert runner.wait_until_idle(5000)
    assert results == ["fresh"]


def test_errors_go_to_the_one_error_handler(qtbot: QtBot) -> None:
    errors: list[BaseException] = []
    runner = BackgroundRunner(errors.append)

    def fail() -> None:
        raise InvalidInputError("bad input")

    runner.run(fail, lambda _value: None)
    assert runner.wait_until_idle(5000)
    assert [str(e) for e in errors] == ["bad input"]


def test_long_work_reports_progress_and_can_be_cancelled(qtbot: QtBot) -> None:
    runner = BackgroundRunner(lambda exc: None)
    progress: list[tuple[str, int, int]] = []
    runner.long_work_changed.connect(lambda *args: progress.append(args))
    finished: list[int] = []

    def work(context: TaskContext) -> int:
        done = 0
        for step in range(200):
            context.check()
            context.report(step, 200)
            time.sleep(0.01)
            done = step
        return done

    runner.run_with_context(work, finished.append, label="Comparing")
    qtbot.waitUntil(lambda: any(p[1] > 0 for p in progress), timeout=5000)
    runner.cancel_long_work()
    assert runner.wait_until_idle(5000)
    assert finished == []
    assert progress[0] == ("Comparing", 0, 0)
    assert progress[-1] == ("", 0, 0)


def test_each_job_s_signal_carrier_is_destroyed_on_the_gui_thread(qtbot: QtBot) -> None:
    """A QObject must be destroyed by its own (the GUI) thread, never by the worker that
    happened to hold the last reference: destroying it there crashes now and then."""
    from PySide6.QtCore import QCoreApplication, QEvent

    runner = BackgroundRunner(lambda exc: None)
    destroyed_on_gui_thread: list[bool] = []
    results: list[int] = []
    for number in range(100):
        context = runner.run(lambda number=number: number, results.append)  # type: ignore[misc]
        context._signals.destroyed.connect(
            lambda _obj=None: destroyed_on_gui_thread.append(
                threading.current_thread() is threading.main_thread()
            )
        )
    assert runner.wait_until_idle(10_000)
    qtbot.waitUntil(lambda: len(results) == 100, timeout=5000)
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    qtbot.waitUntil(lambda: len(destroyed_on_gui_thread) == 100, timeout=5000)
    assert all(destroyed_on_gui_thread)
