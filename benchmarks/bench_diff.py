"""Diff figures on a ~50,000-word contract and its revision (issue 5 targets).

Generates the pair with ../shared/tools/gen_contract.py, then times, in this one run:
the whole `clausewright diff old.md new.md --format json` process, the clause-aware comparison
alone (with summary; with and without the detection rules), and the `redlines` package on the
same two texts when it is installed (it is not a dependency: `pip install redlines` into the
venv to include it).
"""

from __future__ import annotations

import importlib
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from app.__main__ import default_paths
from app.importing import read_markdown
from app.services.comparing import Comparing
from app.services.scanning import Scanning

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
GENERATOR = SHARED / "tools" / "gen_contract.py"
SOURCES = SHARED / "corpus" / "tos_versions"
TARGET_PROCESS = 0.8
TARGET_COMPARISON = 0.25
TARGET_RATIO = 4.0


def best_and_median(fn: Callable[[], object], runs: int) -> tuple[float, float]:
    """Best and median wall-clock seconds of ``runs`` calls."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times), statistics.median(times)


def best_cpu(fn: Callable[[], object], runs: int) -> float:
    """Best CPU seconds of ``runs`` calls: steadier than wall time on a shared machine."""
    times = []
    for _ in range(runs):
        start = time.process_time()
        fn()
        times.append(time.process_time() - start)
    return min(times)


def child_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def generate(folder: Path) -> tuple[Path, Path]:
    old, new = folder / "old.md", folder / "new.md"
    subprocess.run(
        [sys.executable, str(GENERATOR), str(SOURCES), str(old), str(new)],
        check=True,
        capture_output=True,
    )
    return old, new


def bench_process(old: Path, new: Path, folder: Path) -> float:
    env = {**os.environ, "CLAUSEWRIGHT_DATA_DIR": str(folder / "no-user-data")}
    command = [sys.executable, "-m", "app", "diff", str(old), str(new), "--format", "json"]

    def run() -> None:
        subprocess.run(command, check=True, env=env, stdout=subprocess.DEVNULL, cwd=ROOT)

    cpu_before = child_cpu()
    best, median = best_and_median(run, 3)
    cpu = (child_cpu() - cpu_before) / 3
    print(
        f"whole process `clausewright diff old.md new.md --format json`: best {best:.3f} s, "
        f"median {median:.3f} s, CPU {cpu:.3f} s per run (target < {TARGET_PROCESS} s)"
    )
    assert not (folder / "no-user-data").exists(), "diff created the user data folder"
    return best


def bench_comparison(old: Path, new: Path) -> float:
    before, after = read_markdown(old), read_markdown(new)
    words = sum(len(c.full_text.split()) for c in before.clauses)
    print(f"pair: {words} words, {len(before.clauses)} -> {len(after.clauses)} clauses")
    plain = Comparing()
    print(f"summary: {plain.compare(before, after).summary.to_json()}")
    best, median = best_and_median(lambda: plain.compare(before, after), 7)
    cpu = best_cpu(lambda: plain.compare(before, after), 5)
    print(
        f"clause-aware comparison with summary: best {best:.3f} s, median {median:.3f} s, "
        f"best CPU {cpu:.3f} s (target < {TARGET_COMPARISON} s)"
    )
    read_best, _ = best_and_median(lambda: (read_markdown(old), read_markdown(new)), 3)
    print(f"reading both Markdown files: best {read_best:.3f} s")
    paths = default_paths()
    start = time.perf_counter()
    scanning = Scanning.from_folders(paths.resources / "rules", paths.user_rules_dir)
    print(f"loading the detection rules: {time.perf_counter() - start:.3f} s")
    detecting = Comparing(scanning)
    first = best_cpu(lambda: detecting.compare(before, after), 1)
    print(f"comparison with detection findings (first run, scans every clause): CPU {first:.3f} s")
    return best


def bench_redlines(old: Path, new: Path, ours: float) -> None:
    try:
        redlines = importlib.import_module("redlines")
    except ImportError:
        print(
            "redlines peer skipped: the `redlines` package is not installed "
            "(pip install redlines into the venv to include it)"
        )
        return
    old_text, new_text = old.read_text(encoding="utf-8"), new.read_text(encoding="utf-8")
    best, _ = best_and_median(lambda: redlines.Redlines(old_text, new_text).opcodes, 1)
    print(
        f"redlines {getattr(redlines, '__version__', '')} on the same two texts "
        f"(opcodes only, no rendering): {best:.3f} s"
    )
    ratio = best / ours if ours else float("inf")
    print(f"ratio redlines / clausewright comparison: {ratio:.1f}x (target >= {TARGET_RATIO}x)")


def main() -> int:
    if not GENERATOR.exists() or not SOURCES.exists():
        print(f"skipped: {GENERATOR} or {SOURCES} is missing")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        old, new = generate(folder)
        bench_process(old, new, folder)
        ours = bench_comparison(old, new)
        bench_redlines(old, new, ours)
    return 0


if __name__ == "__main__":
    sys.exit(main())
