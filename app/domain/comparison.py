"""The result of comparing two documents clause by clause (the `diff` and `review` JSON shapes)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

ClauseStatus = Literal["unchanged", "modified", "moved", "added", "removed"]
TrivialReason = Literal["whitespace", "case", "punctuation", "renumbering"]
PieceOp = Literal["equal", "insert", "delete"]
Piece = tuple[PieceOp, str]

STATUSES: tuple[ClauseStatus, ...] = ("unchanged", "modified", "moved", "added", "removed")


@dataclass(frozen=True)
class CompareOptions:
    """Differences the reader asked not to see: they neither count nor show as changes."""

    ignore_case: bool = False
    ignore_whitespace: bool = False
    ignore_numbering: bool = False


@dataclass(frozen=True)
class LibraryPosition:
    """A library clause of the same type as a reviewed clause (review only)."""

    key: str
    title: str
    tier: str


@dataclass(frozen=True)
class ScopeChange:
    """A competitor-training (or other scoped) finding whose scope narrowed or widened."""

    category: str
    from_scope: str
    to_scope: str

    def to_json(self) -> dict[str, str]:
        return {"category": self.category, "from_scope": self.from_scope, "to_scope": self.to_scope}


@dataclass(frozen=True)
class ClauseChange:
    """How one clause changed between the old and the new document.

    ``changes`` cover the clause as a reader sees it (number, heading and text): equal + delete
    pieces give the old clause, equal + insert pieces the new one. A moved clause with edits is
    "moved" with insert and delete pieces. ``approximate`` is set when the word diff ran out of
    time and could not be redone exactly.
    """

    status: ClauseStatus
    old_index: int | None
    new_index: int | None
    heading: str | None
    similarity: float
    changes: tuple[Piece, ...]
    trivial: bool = False
    trivial_reason: TrivialReason | None = None
    number: str | None = None
    old_number: str | None = None
    categories_lost: tuple[str, ...] = ()
    categories_gained: tuple[str, ...] = ()
    library_positions: tuple[LibraryPosition, ...] = ()
    approximate: bool = False
    level: int = 1
    scopes_narrowed: tuple[ScopeChange, ...] = ()
    scopes_widened: tuple[ScopeChange, ...] = ()

    @property
    def old_text(self) -> str:
        return "".join(text for op, text in self.changes if op != "insert")

    @property
    def new_text(self) -> str:
        return "".join(text for op, text in self.changes if op != "delete")

    @property
    def has_edits(self) -> bool:
        return any(op != "equal" for op, _ in self.changes)

    def to_json(self) -> dict[str, object]:
        return {
            "status": self.status,
            "old_index": self.old_index,
            "new_index": self.new_index,
            "heading": self.heading,
            "similarity": round(self.similarity, 4),
            "trivial": self.trivial,
            "trivial_reason": self.trivial_reason,
            "changes": [{"op": op, "text": text} for op, text in self.changes],
            "categories_lost": list(self.categories_lost),
            "categories_gained": list(self.categories_gained),
            "library_positions": [
                {"key": p.key, "title": p.title, "tier": p.tier} for p in self.library_positions
            ],
            "number": self.number,
            "old_number": self.old_number,
            "approximate": self.approximate,
            "level": self.level,
            "scopes_narrowed": [c.to_json() for c in self.scopes_narrowed],
            "scopes_widened": [c.to_json() for c in self.scopes_widened],
        }


@dataclass(frozen=True)
class Summary:
    """Counts of clauses by status and of words inserted and deleted."""

    unchanged: int = 0
    modified: int = 0
    moved: int = 0
    added: int = 0
    removed: int = 0
    words_inserted: int = 0
    words_deleted: int = 0
    trivial: int = 0

    def to_json(self) -> dict[str, int]:
        return {
            "unchanged": self.unchanged,
            "modified": self.modified,
            "moved": self.moved,
            "added": self.added,
            "removed": self.removed,
            "words_inserted": self.words_inserted,
            "words_deleted": self.words_deleted,
            "trivial": self.trivial,
        }


@dataclass(frozen=True)
class RiskDelta:
    """Categories of findings the new document drops or adds, and scopes that changed."""

    lost: tuple[str, ...] = ()
    gained: tuple[str, ...] = ()
    narrowed: tuple[ScopeChange, ...] = ()
    widened: tuple[ScopeChange, ...] = ()

    def to_json(self) -> dict[str, object]:
        return {
            "lost": list(self.lost),
            "gained": list(self.gained),
            "narrowed": [s.to_json() for s in self.narrowed],
            "widened": [s.to_json() for s in self.widened],
        }


@dataclass(frozen=True)
class Comparison:
    """Two documents compared: clauses in the new document's order, removed ones where they were.

    ``moved_from`` lists, for each moved clause, the position in ``clauses`` before which it
    stood in the old document (a redline deletes it there and inserts it at its new place).
    """

    old: str
    new: str
    clauses: tuple[ClauseChange, ...]
    summary: Summary
    risk: RiskDelta = field(default_factory=RiskDelta)
    warnings: tuple[str, ...] = ()
    old_title: str | None = None
    new_title: str | None = None
    moved_from: tuple[tuple[int, int], ...] = ()

    def to_json(self) -> dict[str, object]:
        return {
            "old": self.old,
            "new": self.new,
            "warnings": list(self.warnings),
            "summary": self.summary.to_json(),
            "clauses": [c.to_json() for c in self.clauses],
            "risk": self.risk.to_json(),
            "old_title": self.old_title,
            "new_title": self.new_title,
        }
