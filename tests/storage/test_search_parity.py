"""Full-text search finds the same clauses, with marked snippets, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.domain.clause import ClauseRecord, ClauseVersion, SearchHit
from app.storage.clause_repository import ClauseRepository
from app.storage.database import Database
from tests.conftest import make_meta

AT = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)

CLAUSES = {
    "no-competing-models": (
        "Competitor training",
        "Customer may not use the Services or any Output to develop models that compete "
        "with Provider.",
    ),
    "no-distillation": (
        "Distillation",
        "You will not attempt to extract model weights or distil the Services into another model.",
    ),
    "liability-cap": (
        "Limitation of Liability",
        "In no event shall either party's aggregate liability exceed the fees paid in the twelve "
        "months preceding the claim.",
    ),
    "uncapped": (
        "Uncapped liabilities",
        "Nothing limits liability for fraud, death or personal injury caused by negligence.",
    ),
    "law-ny": (
        "Governing Law",
        "This Agreement is governed by the laws of the State of New York, without regard to "
        "conflict of laws principles.",
    ),
    "arbitration": (
        "Arbitration",
        "Any dispute arising out of these Terms shall be resolved by binding arbitration; the "
        "parties waive class actions.",
    ),
    "notices": (
        "Notices",
        "Notices must be sent to legal@provider.example.com or to "
        "www.provider.example.com/notices.",
    ),
    "scraping": (
        "Automated access",
        "You may not scrape, crawl or use automated means to access the Services.",
    ),
    "trained-staff": (
        "Café staff",
        "The café is run by trained baristas who are training others in naïve latte art.",
    ),
    "renewal": (
        "Auto-renewal",
        "The subscription renews automatically for successive twelve-month terms unless cancelled.",
    ),
}

QUERIES = [
    "compete",
    "competitor",
    "models",
    "model",
    "train",
    "trained models",
    '"develop models"',
    '"models that compete"',
    "liability",
    "liab",
    "in no event",
    "the",
    "governing law",
    "law",
    "arbitration class",
    "class-action",
    "provider",
    "example",
    "cafe",
    "naive",
    "renew",
    "twelve months",
    "scrape crawl",
    "fraud OR death",
    "nothing-matches-this",
]


def _load(url: str) -> Database:
    database = Database.open(url)
    with database.write() as session:
        repo = ClauseRepository(session)
        for key, (title, body) in CLAUSES.items():
            version = ClauseVersion(1, body, "alice", "Created", AT)
            repo.add(ClauseRecord(key, make_meta(title, type=key), (version,)))
    return database


@pytest.fixture
def both(pg_url: str, tmp_path: Path) -> Iterator[tuple[Database, Database]]:
    sqlite = _load(f"sqlite:///{tmp_path / 'parity.db'}")
    postgres = _load(pg_url)
    yield sqlite, postgres
    sqlite.dispose()
    postgres.dispose()


def _search(database: Database, query: str) -> list[SearchHit]:
    with database.read() as session:
        return ClauseRepository(session).search(query, limit=100)


def _assert_snippet(hit: SearchHit) -> None:
    title, body = CLAUSES[hit.key]
    assert hit.snippet
    for start, end in hit.highlights:
        assert 0 <= start < end <= len(hit.snippet)
    # A snippet is a piece of what was indexed, never invented text.
    pieces = hit.snippet.replace("…", "\n").split("\n")
    haystack = f"{title}\n{body}\nboilerplate, {hit.type}, {hit.category}"
    assert all(piece.strip() in haystack for piece in pieces)


@pytest.mark.postgres
@pytest.mark.parametrize("query", QUERIES)
def test_the_same_query_finds_the_same_clauses_on_both_backends(
    both: tuple[Database, Database], query: str
) -> None:
    sqlite, postgres = both
    on_sqlite = _search(sqlite, query)
    on_postgres = _search(postgres, query)
    assert {h.key for h in on_postgres} == {h.key for h in on_sqlite}
    for hit in [*on_sqlite, *on_postgres]:
        _assert_snippet(hit)


@pytest.mark.postgres
@pytest.mark.parametrize("query", QUERIES)
def test_snippets_and_their_marks_are_the_same_on_both_backends(
    both: tuple[Database, Database], query: str
) -> None:
    sqlite, postgres = both
    on_sqlite = {h.key: (h.snippet, h.highlights) for h in _search(sqlite, query)}
    on_postgres = {h.key: (h.snippet, h.highlights) for h in _search(postgres, query)}
    assert on_postgres == on_sqlite


@pytest.mark.postgres
def test_title_matches_come_first_on_both_backends(both: tuple[Database, Database]) -> None:
    for database in both:
        keys = [h.key for h in _search(database, "liability")]
        assert keys[0] in {"liability-cap", "uncapped"}
        assert set(keys[:2]) == {"liability-cap", "uncapped"}


@pytest.mark.postgres
def test_words_are_stemmed_and_prefixed_like_fts5(both: tuple[Database, Database]) -> None:
    for database in both:
        assert {h.key for h in _search(database, "compete")} == {"no-competing-models"}
        assert {h.key for h in _search(database, "train")} == {
            "no-competing-models",
            "trained-staff",
        }
        assert {h.key for h in _search(database, "in no event")} == {"liability-cap"}
        assert {h.key for h in _search(database, "cafe")} == {"trained-staff"}
        assert {h.key for h in _search(database, '"develop models"')} == {"no-competing-models"}
        assert _search(database, '"models develop"') == []


def test_postgres_snippet_marks_the_matched_words(pg_url: str) -> None:
    database = _load(pg_url)
    try:
        [hit] = _search(database, "arbitration")
    finally:
        database.dispose()
    marked = [hit.snippet[s:e].lower() for s, e in hit.highlights]
    assert marked and all(m.startswith("arbitration") for m in marked)
    assert "\x02" not in hit.snippet and "\x03" not in hit.snippet
