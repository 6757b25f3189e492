"""Several processes editing the same clauses: every save kept or its conflict reported."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from app.services.clause_library import ClauseLibrary
from tests.conftest import make_meta

ROOT = Path(__file__).resolve().parents[2]
EDITORS = 4
ROUNDS = 15
KEYS = ("law", "venue")


def _run_editors(url: str) -> list[dict[str, Any]]:
    start_at = f"{time.time() + 2.0:.3f}"  # all editors start together, after their imports
    command = [sys.executable, "-m", "tests.services.editing_worker", url]
    workers = [
        subprocess.Popen(
            [*command, f"editor{n}", start_at, str(ROUNDS), *KEYS],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(EDITORS)
    ]
    results = []
    for worker in workers:
        out, err = worker.communicate(timeout=240)
        assert worker.returncode == 0, err
        results.append(json.loads(out))
    return results


def test_concurrent_editors_lose_no_update_and_see_every_conflict(
    library: ClauseLibrary, db_url: str
) -> None:
    for key in KEYS:
        library.create(make_meta(key.title()), f"Clause {key}.", key=key)

    results = _run_editors(db_url)

    assert [r["errors"] for r in results] == [[]] * EDITORS
    attempts = EDITORS * ROUNDS * len(KEYS)
    saved = [mark for r in results for mark in r["saved"]]
    conflicts = sum(len(r["conflicts"]) for r in results)
    assert len(saved) + conflicts == attempts
    assert conflicts > 0, "the editors never collided: the test proved nothing"
    for key in KEYS:
        mine = {mark for mark in saved if mark.split(":")[1] == key}
        history = library.history(key)
        assert {v.reason for v in history[1:]} == mine
        assert [v.number for v in history] == list(range(1, len(mine) + 2))
        # Each save built on the one before it: the final text holds every saved edit.
        assert set(library.get(key).body.splitlines()[1:]) == mine
