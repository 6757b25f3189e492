"""Kill the app with SIGKILL at random moments (also during the very first start) and prove
that the database stays intact, every committed edit and saved document version survives, the
app starts again, and every export is the old file or a complete new one."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import docx
import pytest

from app.atomic_write import write_bytes_atomic
from app.files.clause_files import read_clause_folder
from app.files.document_files import read_document_file
from app.resources import resource_path, shipped_library_dir
from app.services.drafting import Drafting
from app.services.opening import open_library
from app.services.paths import AppPaths
from tests.faults.crash_worker import DOCUMENT, export_targets

ROOT = Path(__file__).resolve().parents[2]


def _kill_after(data_dir: Path, seed: int, delay: float) -> list[list[str]]:
    """Start a worker, SIGKILL it after ``delay`` seconds, return the steps it reported."""
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
    return [line.split() for line in out.splitlines()]


def _check(data_dir: Path, committed: set[str], versions: set[str], shipped: int) -> set[Path]:
    """Check everything after a kill; return the temporary files killed writes left."""
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
        drafting = Drafting(library.database)
        labels = {v.label.removeprefix("Version ") for v in drafting.versions(DOCUMENT)}
        lost = versions - labels
        assert not lost, f"saved document versions lost: {sorted(lost)[:5]}"
    finally:
        library.database.dispose()
    return _check_exports(data_dir)


def _check_exports(data_dir: Path) -> set[Path]:
    """Each export is absent, or complete; killed writes leave at most their hidden temp file."""
    targets = export_targets(data_dir)
    for kind in ("drafting", "assemble", "diff"):
        target = targets[kind]
        if target.exists():
            paragraphs = docx.Document(str(target)).paragraphs  # a partial file would not open
            assert paragraphs, f"{target} is empty"
    library = targets["library"]
    if library.exists():
        # Each clause file is written atomically, so every file present parses completely; the
        # folder itself may still be empty if the export was killed before its first file.
        read_clause_folder(library)
        for path in (library / "documents").glob("*.yaml"):
            read_document_file(path)
    folder = targets["drafting"].parent
    leftovers: dict[str, int] = {}
    strays: set[Path] = set()
    for stray in folder.rglob("*"):
        if stray.is_file() and stray.suffix not in (".docx", ".md", ".yaml"):
            assert stray.name.startswith(".") and stray.name.endswith(".tmp"), stray
            written = stray.name[1:].rsplit(".", 2)[0]
            leftovers[written] = leftovers.get(written, 0) + 1
            strays.add(stray)
    # A SIGKILL cannot clean up; the next completed write of the same file removes the leftover.
    piled = {name: n for name, n in leftovers.items() if n > 1}
    assert not piled, f"temporary files of killed writes pile up: {piled}"
    return strays


def run_kills(tmp_path: Path, kills: int, seed: int = 1) -> Counter[str]:
    """Kill a worker ``kills`` times; count kills survived, steps completed, killed writes."""
    rng = random.Random(seed)
    shipped = len(read_clause_folder(shipped_library_dir()))
    data_dir = tmp_path / "data"
    committed: set[str] = set()
    versions: set[str] = set()
    tally: Counter[str] = Counter()
    left: set[Path] = set()
    for attempt in range(kills):
        if attempt % 5 == 0:  # a brand-new user: kill during the very first start
            data_dir = tmp_path / f"data-{attempt}"
            committed, versions = set(), set()
            delay = rng.uniform(0.05, 1.5)
        else:
            delay = rng.uniform(0.3, 2.5)
        steps = _kill_after(data_dir, seed * 1000 + attempt, delay)
        committed |= {step[2] for step in steps if step[0] == "committed"}
        versions |= {step[3] for step in steps if step[0] == "version"}
        tally.update(s[0] for s in steps if s[0] in ("committed", "version", "exported"))
        left |= _check(data_dir, committed, versions, shipped)
        tally["kills survived"] += 1
    tally["killed writes that left a temporary file"] = len(left)
    return tally


def test_kills_at_random_moments_lose_nothing(tmp_path: Path) -> None:
    assert run_kills(tmp_path, kills=12)["kills survived"] == 12


@pytest.mark.slow
@pytest.mark.timeout(7200)
def test_two_hundred_kills_lose_nothing(tmp_path: Path) -> None:
    tally = run_kills(tmp_path, kills=200, seed=7)
    print(", ".join(f"{kind}: {n}" for kind, n in sorted(tally.items())))
    assert tally["kills survived"] == 200


def test_the_next_write_removes_the_temporary_file_of_a_killed_one(tmp_path: Path) -> None:
    write = write_bytes_atomic
    target = tmp_path / "terms [v2].docx"
    killed = tmp_path / ".terms [v2].docx.k1ll3d.tmp"
    killed.write_bytes(b"PK half")
    other = tmp_path / ".other.docx.k1ll3d.tmp"  # another file's leftover is not ours to take
    other.write_bytes(b"PK")
    write(target, b"complete")
    assert target.read_bytes() == b"complete"
    assert not killed.exists() and other.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == [".other.docx.k1ll3d.tmp", target.name]
