"""Team library figures on PostgreSQL: search p95 and opening time with 100,000 clauses,
and the same searches on SQLite for comparison. Targets from issue 8: search p95 < 50 ms,
opening the library < 1 s.

Uses the server named by CLAUSEWRIGHT_BENCH_PG_URL (an empty database), else starts a
throwaway PostgreSQL 15 cluster like the tests do (as the postgres user when run as root).
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from app.services.clause_library import ClauseLibrary
from app.storage.database import Database
from benchmarks.library_data import QUERIES, fill_database

CLAUSES = 100_000
RUNS = 5
SEARCH_TARGET_MS = 50.0
OPEN_TARGET_S = 1.0


def timed(work: Callable[[], object]) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def verdict(ok: bool) -> str:
    return "OK" if ok else "MISSED"


def search_ms(library: ClauseLibrary, query: str) -> float:
    start = time.perf_counter()
    library.search(query, limit=50)
    return (time.perf_counter() - start) * 1000


def search_figures(library: ClauseLibrary) -> tuple[float, float, list[tuple[float, str]]]:
    """Median and p95 (ms) of top-50 searches over the fixed queries, and the slowest three."""
    for query in QUERIES:  # warm caches once, as a user's second search would find them
        library.search(query, limit=50)
    samples: list[float] = []
    per_query: list[tuple[float, str]] = []
    for query in QUERIES:
        runs = [search_ms(library, query) for _ in range(RUNS)]
        samples.extend(runs)
        per_query.append((statistics.median(runs), query))
    p95 = statistics.quantiles(samples, n=20)[18]
    return statistics.median(samples), p95, sorted(per_query, reverse=True)[:3]


def open_figures(url: str) -> tuple[float, float, int]:
    """Best of RUNS: open the database (schema check) and open + list every clause."""
    opening: list[float] = []
    listing: list[float] = []
    shown = 0
    for _ in range(RUNS):
        start = time.perf_counter()
        database = Database.open(url)
        opened = time.perf_counter()
        library = ClauseLibrary(database)
        shown = len(library.list_clauses())
        library.categories()
        done = time.perf_counter()
        database.dispose()
        opening.append(opened - start)
        listing.append(done - start)
    return min(opening), min(listing), shown


def report(backend: str, url: str) -> float:
    start = time.perf_counter()
    fill_database(url, CLAUSES)
    if backend == "PostgreSQL":
        database = Database.open(url)
        with database.engine.connect() as conn:  # what autovacuum would do after a bulk load
            conn.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("VACUUM ANALYZE")
        database.dispose()
    print(f"{backend}: generated {CLAUSES} clauses in {time.perf_counter() - start:.1f} s")
    library = ClauseLibrary(Database.open(url))
    median, p95, slowest = search_figures(library)
    library.database.dispose()
    print(
        f"{backend}: search top 50 over {len(QUERIES)} queries x {RUNS}: median {median:.1f} ms, "
        f"p95 {p95:.1f} ms (target < {SEARCH_TARGET_MS:.0f} ms) "
        f"{verdict(p95 < SEARCH_TARGET_MS)}"
    )
    print("  slowest: " + ", ".join(f"{q!r} {t:.1f} ms" for t, q in slowest))
    opening, listing, shown = open_figures(url)
    print(
        f"{backend}: open library {opening * 1000:.0f} ms; open + list {shown} clauses + "
        f"categories {listing:.2f} s (target < {OPEN_TARGET_S:.0f} s) "
        f"{verdict(listing < OPEN_TARGET_S)}"
    )
    return p95


def postgres_url() -> tuple[str, Callable[[], None]]:
    given = os.environ.get("CLAUSEWRIGHT_BENCH_PG_URL")
    if given:
        return given, lambda: None
    from tests.pg_server import _start_server

    server = _start_server()
    return server.create_database(), server.stop


def main() -> int:
    try:
        url, stop = postgres_url()
    except (OSError, RuntimeError) as exc:
        print(f"PostgreSQL: not measured: {exc}")
        return 1
    try:
        report("PostgreSQL", url)
    finally:
        stop()
    with tempfile.TemporaryDirectory() as tmp:
        report("SQLite", f"sqlite:///{Path(tmp) / 'big.db'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
