"""Cyclic garbage collection on the GUI thread only."""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

# Collection thresholds per generation (Python's defaults are 700, 10, 10): a comparison or
# preview in the background makes many small objects, and fewer collections mean fewer pauses.
THRESHOLDS = (50_000, 20, 20)
INTERVAL_MS = 250


class GuiThreadCollector(QObject):
    """Collects reference cycles from a timer on the GUI thread, never from a worker.

    Python collects in whichever thread passes the allocation threshold. A collection in a
    worker thread can destroy a window's QObject caught in a cycle from the wrong thread, which
    Qt does not allow (a rare crash); a full collection there also holds the lock the GUI
    thread waits for. So automatic collection is switched off and this timer collects the
    generations whose counts passed their thresholds (the pattern of pyqtgraph and calibre).
    """

    def __init__(self, parent: QObject, interval_ms: int = INTERVAL_MS) -> None:
        super().__init__(parent)
        gc.freeze()  # what start-up loaded stays; it is never scanned again
        gc.disable()
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.collect_due)
        self._timer.start(interval_ms)

    def collect_due(self) -> int:
        """Collect the generations that are due; the number of objects collected."""
        young, middle, old = gc.get_count()
        collected = 0
        if young > THRESHOLDS[0]:
            collected += gc.collect(0)
            if middle > THRESHOLDS[1]:
                collected += gc.collect(1)
                if old > THRESHOLDS[2]:
                    collected += gc.collect(2)
        return collected

    def stop(self) -> None:
        """Back to Python's own collection (for tests and when the window closes)."""
        self._timer.stop()
        gc.enable()
