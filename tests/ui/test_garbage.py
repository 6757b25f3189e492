"""Cyclic garbage is collected on the GUI thread, never in a worker thread."""

from __future__ import annotations

import gc
import threading
from typing import Any

import pytest
from PySide6.QtCore import QObject
from pytestqt.qtbot import QtBot

from app.ui import garbage


class _Cycle:
    """An object in a reference cycle that notes the thread its collection ran in."""

    def __init__(self, seen: list[bool]) -> None:
        self.me = self
        self.seen = seen

    def __del__(self) -> None:
        self.seen.append(threading.current_thread() is threading.main_thread())


def test_cycles_dropped_by_a_worker_are_collected_on_the_gui_thread(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(garbage, "THRESHOLDS", (100, 1, 1))
    parent = QObject()
    collector = garbage.GuiThreadCollector(parent, interval_ms=20)
    try:
        assert not gc.isenabled()
        seen: list[bool] = []

        def worker() -> None:
            for _ in range(2_000):
                _Cycle(seen)
                junk: list[Any] = [[] for _ in range(5)]  # allocations that count
                del junk

        thread = threading.Thread(target=worker)
        thread.start()
        thread.join()
        qtbot.waitUntil(lambda: len(seen) >= 1_000, timeout=5_000)
        assert all(seen)  # every cycle was collected on the GUI thread
    finally:
        collector.stop()
        gc.unfreeze()
    assert gc.isenabled()
