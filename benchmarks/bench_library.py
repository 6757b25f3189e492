"""Clause library figures: shipped-library import, search p95 and category listing on 100k
clauses, and `clausewright --help` start-up time. Targets from issue 2."""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from app.services.clause_library import ClauseLibrary
from app.storage.database import Database
from benchmarks.library_data import QUERIES, fill_database, shipped_folder

CLAUSES = 100_000


def timed(fn: object) -> float:
    start = time.perf_counter()
    fn()  # type: ignore[operator]
    return time.perf_counter() - start


def bench_import(folder: Path) -> None:
    times = []
    for attempt in range(3):
        with tempfile.TemporaryDirectory() as tmp:
            library = ClauseLibrary(Database.open(f"sqlite:///{tmp}/lib.db"))
            times.append(timed(lambda lib=library: lib.import_folder(shipped_folder())))
            count = library.count()
            library.database.dispose()
        del attempt
    print(
        f"import shipped library ({count} clauses): best {min(times):.3f} s "
        f"(target < 1 s) {'OK' if min(times) < 1 else 'MISSED'}"
    )


def bench_search(tmp: Path) -> None:
    url = f"sqlite:///{tmp}/big.db"
    start = time.perf_counter()
    fill_database(url, CLAUSES)
    print(f"generated {CLAUSES} clauses in {time.perf_counter() - start:.1f} s")
    library = ClauseLibrary(Database.open(url))
    for query in QUERIES:  # warm the page cache once, as a user's second search would be
        library.search(query, limit=50)
    samples: list[float] = []
    per_query = []
    for query in QUERIES:
        runs = [timed(lambda q=query: library.search(q, limit=50)) for _ in range(5)]
        samples.extend(runs)
        per_query.append((statistics.median(runs), query))
    p95 = statistics.quantiles(samples, n=20)[18] * 1000
    print(
        f"search top 50 over {len(QUERIES)} queries x 5: median "
        f"{statistics.median(samples) * 1000:.1f} ms, p95 {p95:.1f} ms "
        f"(target < 20 ms) {'OK' if p95 < 20 else 'MISSED'}"
    )
    slowest = sorted(per_query, reverse=True)[:3]
    print("  slowest: " + ", ".join(f"{q!r} {t * 1000:.1f} ms" for t, q in slowest))
    cats = [timed(lambda: library.list_clauses(category="governing-law")) for _ in range(5)]
    print(
        f"list one category ({len(library.list_clauses(category='governing-law'))} clauses): "
        f"median {statistics.median(cats) * 1000:.1f} ms (target < 50 ms) "
        f"{'OK' if statistics.median(cats) < 0.05 else 'MISSED'}"
    )
    library.database.dispose()


def bench_help() -> None:
    runs = []
    for _ in range(5):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "app", "--help"], capture_output=True, check=True)
        runs.append(time.perf_counter() - start)
    print(
        f"clausewright --help: median {statistics.median(runs):.3f} s (target < 0.5 s) "
        f"{'OK' if statistics.median(runs) < 0.5 else 'MISSED'}"
    )


def main() -> None:
    bench_help()
    bench_import(shipped_folder())
    with tempfile.TemporaryDirectory() as tmp:
        bench_search(Path(tmp))


if __name__ == "__main__":
    main()
