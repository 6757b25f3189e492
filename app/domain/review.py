"""A review of a customer's contract against the standard terms, the lawyer's decisions on it,
and reviews as saved (plain values; the `review` JSON shape is the `diff` one plus positions)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, get_args

from app.domain.comparison import (
    ClauseChange,
    Comparison,
    LibraryPosition,
    RiskDelta,
    ScopeChange,
    Summary,
)
from app.domain.document import SplitDocument

Choice = Literal["accept", "restore", "fallback"]
CHOICES: tuple[Choice, ...] = get_args(Choice)
DEVIATING = ("modified", "moved", "added", "removed")


@dataclass(frozen=True)
class Review:
    """A customer's contract (new) compared with the standard (old), with library positions.

    ``standard_document`` and ``contract_document`` are the two documents as split (kept for
    the counter-redline; not part of the JSON). ``standard_version`` is the saved version of a
    ``doc:NAME`` standard, None for a file or a working draft. ``values`` and ``references``
    (section numbers by clause key or anchor) fill a library position's wording in a reply.
    """

    comparison: Comparison
    standard: str
    contract: str
    standard_version: int | None = None
    customer: str | None = None
    reviewed_at: dt.datetime | None = None
    standard_document: SplitDocument | None = None
    contract_document: SplitDocument | None = None
    values: tuple[tuple[str, str], ...] = ()
    references: tuple[tuple[str, str], ...] = ()

    @property
    def clauses(self) -> tuple[ClauseChange, ...]:
        return self.comparison.clauses

    @property
    def risk(self) -> RiskDelta:
        return self.comparison.risk

    def deviations(self) -> list[int]:
        """Positions of the clauses that deviate, most serious first: those losing a protection,
        then those adding a risk, then the rest in reading order (trivial edits last)."""
        found = [k for k, c in enumerate(self.clauses) if is_deviation(c)]
        return sorted(found, key=lambda k: (_seriousness(self.clauses[k]), k))

    def to_json(self) -> dict[str, object]:
        data = self.comparison.to_json()
        data["standard_version"] = self.standard_version
        data["customer"] = self.customer
        data["reviewed_at"] = self.reviewed_at.isoformat() if self.reviewed_at else None
        data["moved_from"] = [list(pair) for pair in self.comparison.moved_from]
        return data


def is_deviation(change: ClauseChange) -> bool:
    """A clause the lawyer has to look at: anything but an unchanged clause or a plain move."""
    if change.status == "unchanged":
        return False
    return change.status != "moved" or change.has_edits


def risk_lines(risk: RiskDelta) -> list[str]:
    """The risk delta in words: lost and weakened protections first, then added risks."""
    lines = []
    if risk.lost:
        lines.append(f"LOST protections: {', '.join(risk.lost)}")
    lines.extend(
        f"WEAKENED: {s.category} narrowed from {s.from_scope} to {s.to_scope}"
        for s in risk.narrowed
    )
    if risk.gained:
        lines.append(f"Added by the customer: {', '.join(risk.gained)}")
    lines.extend(f"Widened: {s.category} from {s.from_scope} to {s.to_scope}" for s in risk.widened)
    return lines


def clause_notes(change: ClauseChange) -> list[str]:
    """What a deviating clause means for risk, and the library's positions for it."""
    notes = []
    if change.categories_lost:
        notes.append(f"protection lost: {', '.join(change.categories_lost)}")
    notes.extend(
        f"weakened: {s.category} narrowed from {s.from_scope} to {s.to_scope}"
        for s in change.scopes_narrowed
    )
    if change.categories_gained:
        notes.append(f"added by the customer: {', '.join(change.categories_gained)}")
    notes.extend(
        f"widened: {s.category} from {s.from_scope} to {s.to_scope}" for s in change.scopes_widened
    )
    if change.library_positions:
        notes.append(f"library positions: {positions_text(change.library_positions)}")
    return notes


def positions_text(positions: Sequence[LibraryPosition]) -> str:
    return "; ".join(f"{p.tier or 'untiered'}: {p.title} ({p.key})" for p in positions)


STATUS_WORDS = {
    "modified": "modified",
    "moved": "moved",
    "added": "added by the customer",
    "removed": "missing from the customer's version",
    "unchanged": "unchanged",
}


def status_text(change: ClauseChange) -> str:
    """How the review names a clause's change."""
    words = STATUS_WORDS[change.status]
    if change.status == "moved" and change.has_edits:
        words = "moved and changed"
    if change.trivial_reason:
        words = f"{words} ({change.trivial_reason} only)"
    return words


def clause_name(change: ClauseChange) -> str:
    """Number and heading, or the clause's first words."""
    parts = [p for p in (change.number or change.old_number, change.heading) if p]
    if parts:
        return " ".join(parts)
    words = (change.new_text or change.old_text).split()
    if words:
        return "\u201c" + " ".join(words[:8]) + ("\u2026\u201d" if len(words) > 8 else "\u201d")
    return "(empty clause)"


def _seriousness(change: ClauseChange) -> int:
    if change.categories_lost or change.scopes_narrowed:
        return 0
    if change.categories_gained or change.scopes_widened:
        return 1
    return 3 if change.trivial else 2


@dataclass(frozen=True)
class ReviewDecision:
    """What the lawyer decided and noted on one clause (by its position in the review).

    ``accept`` keeps the customer's wording, ``restore`` puts the standard's back, ``fallback``
    offers the library clause ``position_key`` (default: the first fallback position). With
    ``choice`` None the clause is still undecided and ``comment`` is the lawyer's note alone: it
    is saved and shown in the review reports, and the reply to the customer leaves the clause
    as it is.
    """

    clause: int
    choice: Choice | None
    comment: str = ""
    position_key: str | None = None

    def __post_init__(self) -> None:
        if self.choice is None:
            if not self.comment.strip():
                raise ValueError("a clause without a decision needs a note")
        elif self.choice not in CHOICES:
            raise ValueError(f"unknown decision {self.choice!r}; use {', '.join(CHOICES)}")

    @classmethod
    def note_only(cls, clause: int, comment: str) -> ReviewDecision:
        """The lawyer's note on a clause not decided yet."""
        return cls(clause, None, comment)

    @property
    def decided(self) -> bool:
        return self.choice is not None

    def to_data(self) -> dict[str, object]:
        return {
            "clause": self.clause,
            "choice": self.choice,
            "comment": self.comment,
            "position_key": self.position_key,
        }

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> ReviewDecision:
        """From saved or given data; a missing or null ``choice`` is a note without a decision."""
        return cls(
            clause=int(data["clause"]),
            choice=data.get("choice"),
            comment=str(data.get("comment") or ""),
            position_key=data.get("position_key"),
        )


DECISION_WORDS: dict[Choice, str] = {
    "accept": "accept theirs",
    "restore": "restore standard",
    "fallback": "offer fallback",
}


def decision_lines(decision: ReviewDecision) -> list[tuple[str, str]]:
    """The lawyer's decision and note on a clause as (label, text) lines, as the review reports
    show them: ("Decision", "restore standard"), ("Note", "We need this protection.")."""
    lines = []
    if decision.choice is not None:
        words = DECISION_WORDS[decision.choice]
        if decision.choice == "fallback" and decision.position_key:
            words += f" ({decision.position_key})"
        lines.append(("Decision", words))
    if decision.comment:
        label = "Note" if decision.decided else "Note (no decision yet)"
        lines.append((label, decision.comment))
    return lines


def decisions_summary(review: Review, notes: Sequence[ReviewDecision]) -> str:
    """How far the lawyer got, for the review reports: "Decided: 1 of 5 deviating clause(s);
    2 note(s)." """
    decided_clauses = {n.clause for n in notes if n.decided}
    deviations = review.deviations()
    decided = sum(1 for k in deviations if k in decided_clauses)
    noted = sum(1 for n in notes if n.comment)
    return f"Decided: {decided} of {len(deviations)} deviating clause(s); {noted} note(s)."


@dataclass(frozen=True)
class ReviewSummary:
    """A saved review as the Reviews list shows it."""

    id: int
    customer: str
    contract: str
    standard: str
    standard_version: int | None
    created_at: dt.datetime
    deviations: int
    lost: tuple[str, ...] = ()


@dataclass(frozen=True)
class SavedReview:
    """A review as saved: who and what was reviewed, the result, and the lawyer's notes: one
    per clause, a decision with its comment or a note on a clause not decided yet."""

    id: int
    customer: str
    contract: str
    standard: str
    standard_version: int | None
    created_at: dt.datetime
    review: Review
    notes: tuple[ReviewDecision, ...] = field(default_factory=tuple)

    def note(self, clause: int) -> ReviewDecision | None:
        return next((n for n in self.notes if n.clause == clause), None)


# -- the result as plain data and back (saved reviews keep it as JSON) -----------------------


def comparison_from_json(data: Mapping[str, Any]) -> Comparison:
    """The inverse of Comparison.to_json (for saved reviews; the data is our own)."""
    summary = data.get("summary") or {}
    risk = data.get("risk") or {}
    return Comparison(
        old=str(data["old"]),
        new=str(data["new"]),
        clauses=tuple(_change_from_json(c) for c in data.get("clauses") or ()),
        summary=Summary(**{k: int(v) for k, v in summary.items()}),
        risk=RiskDelta(
            lost=tuple(risk.get("lost") or ()),
            gained=tuple(risk.get("gained") or ()),
            narrowed=_scopes(risk.get("narrowed")),
            widened=_scopes(risk.get("widened")),
        ),
        warnings=tuple(data.get("warnings") or ()),
        old_title=data.get("old_title"),
        new_title=data.get("new_title"),
        moved_from=tuple((int(a), int(b)) for a, b in data.get("moved_from") or ()),
    )


def _scopes(items: Sequence[Mapping[str, str]] | None) -> tuple[ScopeChange, ...]:
    return tuple(ScopeChange(s["category"], s["from_scope"], s["to_scope"]) for s in items or ())


def _change_from_json(data: Mapping[str, Any]) -> ClauseChange:
    return ClauseChange(
        status=data["status"],
        old_index=data.get("old_index"),
        new_index=data.get("new_index"),
        heading=data.get("heading"),
        similarity=float(data.get("similarity", 0.0)),
        changes=tuple((c["op"], c["text"]) for c in data.get("changes") or ()),
        trivial=bool(data.get("trivial")),
        trivial_reason=data.get("trivial_reason"),
        number=data.get("number"),
        old_number=data.get("old_number"),
        categories_lost=tuple(data.get("categories_lost") or ()),
        categories_gained=tuple(data.get("categories_gained") or ()),
        library_positions=tuple(
            LibraryPosition(p["key"], p["title"], p["tier"])
            for p in data.get("library_positions") or ()
        ),
        approximate=bool(data.get("approximate")),
        level=int(data.get("level") or 1),
        scopes_narrowed=_scopes(data.get("scopes_narrowed")),
        scopes_widened=_scopes(data.get("scopes_widened")),
    )


def review_from_json(data: Mapping[str, Any]) -> Review:
    """A saved review's result (without the split documents, which stay in their files)."""
    reviewed_at = data.get("reviewed_at")
    return Review(
        comparison=comparison_from_json(data),
        standard=str(data["old"]),
        contract=str(data["new"]),
        standard_version=data.get("standard_version"),
        customer=data.get("customer"),
        reviewed_at=dt.datetime.fromisoformat(reviewed_at) if reviewed_at else None,
    )


@dataclass(frozen=True)
class ReplyEdit:
    """One decided clause of the counter-redline, located in the customer's Word paragraphs.

    ``paragraphs`` are indexes into the document's paragraphs (in body order, table cells
    included) that hold the clause; ``pieces`` run over their texts joined by "\\n" (equal +
    delete give the customer's text, equal + insert the lawyer's). With no paragraphs, the
    inserted text goes in new paragraphs after paragraph ``after`` (a clause the customer
    deleted, restored). ``comment`` is anchored on the clause.
    """

    paragraphs: tuple[int, ...]
    pieces: tuple[tuple[str, str], ...]
    comment: str = ""
    after: int | None = None
