"""Generated clause libraries for benchmarks: realistic lengths and vocabulary."""

from __future__ import annotations

import datetime as dt
import random
import re
from pathlib import Path
from typing import Any

from app.files.clause_files import read_clause_folder
from app.resources import shipped_library_dir

CATEGORIES = (
    "competitor-training",
    "limitation-of-liability",
    "indemnification",
    "governing-law",
    "arbitration",
    "confidentiality",
    "acceptable-use",
    "customer-data",
    "fees-and-payment",
    "term-and-termination",
    "warranties-disclaimer",
    "notices",
    "scraping",
    "benchmarking",
    "auto-renewal",
    "unilateral-change",
    "content-removal",
    "definitions",
    "publicity",
    "force-majeure",
)

_FALLBACK = (
    "The Customer shall not use the Services or any Output to develop models that compete. "
    "Each party shall indemnify the other against third-party claims arising from its breach. "
    "These Terms are governed by the laws of the State of New York without regard to conflicts. "
    "In no event will either party's aggregate liability exceed the fees paid in twelve months. "
    "We may suspend access to the Services if you breach the Acceptable Use Policy."
)


def sentences() -> list[str]:
    """Sentences of the shipped library (or a small fixed text when it is absent)."""
    try:
        bodies = [r.body for r in read_clause_folder(shipped_library_dir())]
    except Exception:
        bodies = []
    text = " ".join(bodies) if bodies else _FALLBACK
    found = [s.strip() for s in re.split(r"(?<=[.;])\s+", text) if len(s.split()) >= 5]
    return found or [_FALLBACK]


def generated_rows(count: int, seed: int = 7) -> list[dict[str, Any]]:
    """Clause rows with 2 to 12 sentences each, drawn from real clause wording."""
    rng = random.Random(seed)
    pool = sentences()
    when = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    rows = []
    for i in range(count):
        body = " ".join(rng.choice(pool) for _ in range(rng.randint(2, 12)))
        category = CATEGORIES[i % len(CATEGORIES)]
        rows.append(
            {
                "key": f"clause-{i:06d}",
                "title": f"{category.replace('-', ' ').title()} {i}",
                "type": category,
                "category": category,
                "tier": None,
                "tags": "generated",
                "risk": "medium",
                "jurisdiction": None,
                "status": "approved",
                "owner": "Bench",
                "notes": "",
                "body": body,
                "current_version": 1,
                "updated_at": when,
                "lock_version": 1,
            }
        )
    return rows


def fill_database(url: str, count: int) -> None:
    """Insert generated clauses (with their first version) in one transaction."""
    from sqlalchemy import insert, select

    from app.storage.database import Database
    from app.storage.rows import ClauseRow, ClauseVersionRow

    database = Database.open(url)
    rows = generated_rows(count)
    with database.write() as session:
        session.execute(insert(ClauseRow), rows)
        ids = dict(session.execute(select(ClauseRow.key, ClauseRow.id)).tuples().all())
        session.execute(
            insert(ClauseVersionRow),
            [
                {
                    "clause_id": ids[r["key"]],
                    "number": 1,
                    "body": r["body"],
                    "author": "Bench",
                    "reason": "Generated",
                    "created_at": r["updated_at"],
                }
                for r in rows
            ],
        )
    database.dispose()


QUERIES = (
    "compete",
    "competing models",
    '"use the Services"',
    "liability",
    "indemnify",
    "arbitration",
    "governing law",
    "confidential information",
    "output",
    "terminate",
    "suspend",
    "the",
    "services",
    '"aggregate liability"',
    "scraping",
    "benchmark",
    "reverse engineer",
    "distillation",
    "renewal",
    "notice email",
    "force majeure",
    "train models",
    "customer content",
    "zebra",
)


def shipped_folder() -> Path:
    return shipped_library_dir()
