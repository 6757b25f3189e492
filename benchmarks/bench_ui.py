"""Speed and memory of the window with large libraries (10,000 and 100,000 clauses).

Run:  QT_QPA_PLATFORM=offscreen .venv/bin/python -m benchmarks.bench_ui [--sizes 10000 100000]

Prints, per library size: time from process start until the window is shown and until the
table is filled; search-as-you-type latency after the debounce (several queries); the longest
event-loop block while scrolling the table; resident memory. Libraries are generated once
from the shipped clauses' wording (with per-clause variations) and cached in a temp folder.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

from app.services.paths import AppPaths

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from app.ui.main_window import MainWindow

ROOT = Path(__file__).resolve().parents[1]
CACHE = Path(tempfile.gettempdir()) / "clausewright-bench-ui"
QUERIES = ("lia", "liability", "competitor", "governing law", "arbitration class", "zzqx")
TARGETS = {
    10_000: {"shown_s": 1.5, "search_ms": 100.0, "scroll_ms": 50.0, "rss_mb": 300.0},
    100_000: {"search_ms": 300.0},
}


def make_library(size: int) -> Path:
    """A SQLite library of ``size`` clauses, built once (one transaction) and cached."""
    from app.domain.clause import ClauseRecord, ClauseVersion, Risk, Status, Tier
    from app.files.clause_files import read_clause_folder
    from app.resources import shipped_library_dir
    from app.storage.clause_repository import ClauseRepository
    from app.storage.database import Database

    path = CACHE / f"library-{size}.db"
    if path.exists():
        return path
    CACHE.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial")
    partial.unlink(missing_ok=True)
    shipped = read_clause_folder(shipped_library_dir())
    rnd = random.Random(size)
    database = Database.open(f"sqlite:///{partial}")
    when = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    with database.write() as session:
        repo = ClauseRepository(session)
        for n in range(size):
            base = shipped[n % len(shipped)]
            words = base.body.split()
            start = rnd.randrange(max(1, len(words) - 60))
            body = " ".join(words[start : start + 80]) + f" Variant {n}."
            meta = base.meta.__class__(
                **{
                    **base.meta.__dict__,
                    "title": f"{base.meta.title} {n}",
                    "tier": rnd.choice([None, *Tier]),
                    "risk": rnd.choice(list(Risk)),
                    "status": rnd.choice([Status.APPROVED] * 8 + [Status.DRAFT, Status.RETIRED]),
                }
            )
            version = ClauseVersion(1, body, "bench", "Created", when + dt.timedelta(minutes=n))
            repo.add(ClauseRecord(f"bench-{n}", meta, (version,)))
    database.dispose()
    for suffix in ("-wal", "-shm"):
        Path(str(partial) + suffix).unlink(missing_ok=True)
    partial.rename(path)
    return path


def startup_child(db: Path) -> int:
    """Runs in a fresh process: the start-up steps of ``run_gui``, timed from process start."""
    started = _process_start_time()
    from PySide6.QtCore import QSettings

    from app.main import _open_library, compose_window
    from app.ui.application import create_application

    paths = _paths(Path(tempfile.mkdtemp()))
    app = create_application()
    settings = QSettings(str(Path(tempfile.mkdtemp()) / "s.ini"), QSettings.Format.IniFormat)
    window = compose_window(app, None, paths, settings)
    window.show()
    app.processEvents()
    print(f"shown {time.time() - started:.3f}", flush=True)
    print(f"shown_cpu {time.process_time():.3f}", flush=True)
    library = _open_library(paths, f"sqlite:///{db}")
    window.attach_library(library)
    window.start(remember=False)
    window.runner.wait_until_idle(120_000)
    app.processEvents()
    print(f"filled {time.time() - started:.3f}", flush=True)
    window.close()
    library.database.dispose()
    return 0


def _process_start_time() -> float:
    """Wall-clock time at which this process started (Linux: from /proc)."""
    try:
        ticks = int(Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()[19])
        boot = next(
            float(line.split()[1])
            for line in Path("/proc/stat").read_text().splitlines()
            if line.startswith("btime")
        )
        return boot + ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, StopIteration, IndexError, ValueError):
        return time.time()


def _paths(data_dir: Path) -> AppPaths:
    from app.resources import resource_path, shipped_library_dir

    return AppPaths(data_dir, shipped_library_dir(), resource_path())


def measure_startup(db: Path) -> dict[str, float]:
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    before = time.time()
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks.bench_ui", "--startup-child", str(db)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    figures = dict(line.split() for line in result.stdout.splitlines() if line[:1].isalpha())
    return {
        "shown_s": float(figures["shown"]),
        "shown_cpu_s": float(figures["shown_cpu"]),
        "filled_s": float(figures["filled"]),
        "process_wall_s": time.time() - before,
    }


def measure_in_process(db: Path) -> dict[str, float]:
    from PySide6.QtCore import QElapsedTimer, QSettings
    from PySide6.QtTest import QTest

    from app.main import compose_window
    from app.services.opening import open_library
    from app.ui.application import create_application

    app = create_application()
    paths = _paths(Path(tempfile.mkdtemp()))
    library = open_library(paths, f"sqlite:///{db}")
    settings = QSettings(str(Path(tempfile.mkdtemp()) / "s.ini"), QSettings.Format.IniFormat)
    window = compose_window(app, library, paths, settings)
    window.show()
    window.start(remember=False)
    window.runner.wait_until_idle(120_000)
    panel = window.library_panel
    figures: dict[str, float] = {}
    latencies = []
    done: list[int] = []

    def on_search_finished(rows: int) -> None:
        done.append(rows)

    panel.search_finished.connect(on_search_finished)
    for query in QUERIES:
        panel.search_box.clear()
        _settle(app, window)
        done.clear()
        QTest.keyClicks(panel.search_box, query)
        timer = QElapsedTimer()
        timer.start()
        while not done and timer.elapsed() < 30_000:
            app.processEvents()
            window.runner.wait_until_idle(10)
        latencies.append(panel.last_search_ms)
        figures[f"search_ms[{query}]"] = panel.last_search_ms
    figures["search_ms"] = max(latencies)
    panel.search_box.clear()
    window.runner.wait_until_idle()
    app.processEvents()
    figures["scroll_ms"] = _worst_scroll_step(window, app)
    figures["rss_mb"] = _rss_mb()
    window.close()
    library.database.dispose()
    return figures


def _settle(app: QApplication, window: MainWindow) -> None:
    """Let the debounce of a previous edit fire and its search finish."""
    from PySide6.QtCore import QElapsedTimer

    timer = QElapsedTimer()
    timer.start()
    while timer.elapsed() < 400:
        app.processEvents()
        time.sleep(0.01)
    window.runner.wait_until_idle()


def _worst_scroll_step(window: MainWindow, app: QApplication) -> float:
    """Longest time one scroll step keeps the event loop busy (scroll, repaint, events)."""
    table = window.library_panel.table
    bar = table.verticalScrollBar()
    worst = 0.0
    steps = [*range(0, bar.maximum(), max(1, bar.pageStep())), bar.maximum(), 0]
    for value in steps[:400]:
        started = time.perf_counter()
        bar.setValue(value)
        table.viewport().repaint()
        app.processEvents()
        worst = max(worst, (time.perf_counter() - started) * 1000)
    return worst


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--startup-child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.startup_child:
        return startup_child(args.startup_child)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    for size in args.sizes:
        db = make_library(size)
        figures = {**measure_startup(db), **measure_in_process_isolated(db)}
        print(f"\n{size:,} clauses")
        for name, value in figures.items():
            target = TARGETS.get(size, {}).get(name)
            verdict = "" if target is None else ("  ok" if value < target else "  OVER")
            limit = "" if target is None else f"  (target < {target:g})"
            print(f"  {name:32} {value:10.1f}{limit}{verdict}")
    return 0


def measure_in_process_isolated(db: Path) -> dict[str, float]:
    """Search, scroll and memory in a fresh process, so one size's memory does not count twice."""
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, json; from benchmarks.bench_ui import measure_in_process; "
            "from pathlib import Path; print(json.dumps(measure_in_process(Path(sys.argv[1]))))",
            str(db),
        ],
        cwd=ROOT,
        env=dict(os.environ),
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
    )
    import json

    data: dict[str, float] = json.loads(result.stdout.strip().splitlines()[-1])
    return data


if __name__ == "__main__":
    sys.exit(main())
