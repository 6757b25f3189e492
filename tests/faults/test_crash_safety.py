"""Kill the app with SIGKILL at random moments (also during the very first start) and prove
that the database stays intact, every committed edit survives and the app starts again."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.files.clause_files import read_clause_folder
from app.resources import resource_path, shipped_library_dir
from app.services.opening import open_library
from app.services.paths import AppPaths

ROOT = Path(__file__).resolve().parents[2]


def _kill_after(data_dir: Path, seed: int, delay: float) -> list[str]:
    """Start a worker, SIGKILL it after ``delay`` seconds, return the edits it reported."""
    worker = subprocess.Popen(
        [sys.executable, "-m", "tests.faults.crash_worker", str(data_dir), str(seed)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "CLAUSEWRIGHT_USER": "crash-test"},
    )
    time.sleep(delay)
    worker.send_signal(signal.SIGKILL)
    out, err = worker.communicate(timeout=30)
    assert worker.returncode == -signal.SIGKILL, f"worker ended on its own: {err[-2000:]}"
    return [line.split()[2] for line in out.splitlines() if line.startswith("committed ")]


def _check(data_dir: Path, committed: set[str], shipped: int) -> None:
    db = data_dir / "library.db"
    if db.exists():
        raw = sqlite3.connect(db)
        assert raw.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        raw.close()
    paths = AppPaths(data_dir, shipped_library_dir(), resource_path())
    library = open_library(paths)  # the app starts normally afterwards
    try:
        assert library.count() == shipped, "the shipped library is loaded completely, once"
        reasons = {
            v.reason.removeprefix("Edit ")
            for c in library.list_clauses()
            for v in library.history(c.key)
        }
        missing = committed - reasons
        assert not missing, f"committed edits lost: {sorted(missing)[:5]}"
    finally:
        library.database.dispose()


def run_kills(tmp_path: Path, kills: int, seed: int = 1) -> int:
    rng = random.Random(seed)
    shipped = len(read_clause_folder(shipped_library_dir()))
    data_dir = tmp_path / "data"
    committed: set[str] = set()
    survived = 0
    for attempt in range(kills):
        if attempt % 5 == 0:  # a brand-new user: kill during the very first start
            data_dir = tmp_path / f"data-{attempt}"
            committed = set()
            delay = rng.uniform(0.05, 1.5)
        else:
            delay = rng.uniform(0.3, 2.5)
        committed |= set(_kill_after(data_dir, seed * 1000 + attempt, delay))
        _check(data_dir, committed, shipped)
        survived += 1
    return survived


def test_kills_at_random_moments_lose_nothing(tmp_path: Path) -> None:
    assert run_kills(tmp_path, kills=12) == 12


@pytest.mark.slow
@pytest.mark.timeout(7200)
def test_two_hundred_kills_lose_nothing(tmp_path: Path) -> None:
    survived = run_kills(tmp_path, kills=200, seed=7)
    print(f"kills survived: {survived}")
    assert survived == 200
