"""Clauses, their immutable versions, and the vocabulary used to describe them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import NamedTuple


class Status(StrEnum):
    """Where a clause is in its life: only approved clauses are offered to documents."""

    DRAFT = "draft"
    APPROVED = "approved"
    RETIRED = "retired"


class Tier(StrEnum):
    """How a clause ranks among the alternative wordings of its clause type."""

    PREFERRED = "preferred"
    FALLBACK = "fallback"
    WALK_AWAY = "walk-away"


class Risk(StrEnum):
    """How much attention a clause needs in negotiation."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


TIER_ORDER = {Tier.PREFERRED: 0, Tier.FALLBACK: 1, Tier.WALK_AWAY: 2}

_KEY_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_TAG_RE = re.compile(r"^[^,\n]+$")


def is_valid_key(key: str) -> bool:
    """Keys are stable kebab-case slugs: lower-case letters, digits and single hyphens."""
    return bool(_KEY_RE.match(key)) and len(key) <= 120


def slugify(text: str) -> str:
    """A key derived from a title: 'Use of Output' -> 'use-of-output'."""
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug[:120].strip("-") or "clause"


def normalize_tags(tags: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """Tags are trimmed, de-duplicated and sorted, so that equal sets compare equal."""
    cleaned = {t.strip() for t in tags if t.strip()}
    for tag in cleaned:
        if not _TAG_RE.match(tag):
            raise ValueError(f"tag {tag!r} may not contain a comma or a line break")
    return tuple(sorted(cleaned))


@dataclass(frozen=True)
class ClauseVersion:
    """One immutable wording of a clause, with who changed it, when and why."""

    number: int
    body: str
    author: str
    reason: str
    created_at: datetime


@dataclass(frozen=True)
class ClauseMetadata:
    """Everything about a clause except its wording."""

    title: str
    type: str
    category: str | None = None
    tier: Tier | None = None
    tags: tuple[str, ...] = ()
    risk: Risk = Risk.LOW
    jurisdiction: str | None = None
    status: Status = Status.DRAFT
    owner: str | None = None
    notes: str = ""


@dataclass(frozen=True)
class Clause:
    """A clause of the library as it stands now (its latest version's wording)."""

    key: str
    meta: ClauseMetadata
    body: str
    version: int
    updated_at: datetime
    lock_version: int = 1

    @property
    def title(self) -> str:
        return self.meta.title

    @property
    def type(self) -> str:
        return self.meta.type

    @property
    def category(self) -> str | None:
        return self.meta.category

    @property
    def status(self) -> Status:
        return self.meta.status

    @property
    def tier(self) -> Tier | None:
        return self.meta.tier


@dataclass(frozen=True)
class ClauseRecord:
    """A clause with its whole history, oldest version first: what a clause file holds."""

    key: str
    meta: ClauseMetadata
    history: tuple[ClauseVersion, ...] = field(default_factory=tuple)

    @property
    def body(self) -> str:
        return self.history[-1].body if self.history else ""


@dataclass(frozen=True)
class SearchHit:
    """One search result: the clause and a snippet whose matches are given as spans."""

    key: str
    title: str
    category: str | None
    type: str
    snippet: str
    highlights: tuple[tuple[int, int], ...] = ()
    status: Status = Status.DRAFT

    def marked_snippet(self, before: str = "**", after: str = "**") -> str:
        """The snippet with each match wrapped in markers (Markdown emphasis by default)."""
        out: list[str] = []
        pos = 0
        for start, end in self.highlights:
            out.append(self.snippet[pos:start])
            out.append(before + self.snippet[start:end] + after)
            pos = end
        out.append(self.snippet[pos:])
        return "".join(out)


class ClauseSummary(NamedTuple):
    """The fields of a clause shown in lists and tables (no body, so lists stay fast).

    A named tuple, not a dataclass: a library table builds 100,000 of them at start-up.
    """

    key: str
    title: str
    type: str
    category: str | None
    tier: Tier | None
    risk: Risk
    status: Status
    version: int
    updated_at: datetime
