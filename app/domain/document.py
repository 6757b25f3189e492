"""A document read from a file and split into clauses (what `clausewright split` shows)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class SourceClause:
    """One clause found in an imported document.

    ``text`` excludes the clause's number and heading; ``level`` is 1 for top-level clauses;
    ``parent`` is the index of the enclosing clause, if any.
    """

    index: int
    number: str | None
    heading: str | None
    text: str
    level: int = 1
    parent: int | None = None
    comments: tuple[str, ...] = ()

    @property
    def full_text(self) -> str:
        """Number, heading and text as a reader sees them."""
        lead = " ".join(p for p in (self.number, self.heading) if p)
        if lead and self.text:
            return f"{lead}\n{self.text}"
        return lead or self.text


@dataclass(frozen=True)
class SplitDocument:
    """A document as a list of clauses, with warnings the user should see."""

    source: str
    clauses: tuple[SourceClause, ...]
    warnings: tuple[str, ...] = field(default_factory=tuple)
    title: str | None = None

    def to_json(self) -> dict[str, object]:
        return {
            "source": self.source,
            "warnings": list(self.warnings),
            "clauses": [
                {
                    "index": c.index,
                    "number": c.number,
                    "heading": c.heading,
                    "text": c.text,
                    "level": c.level,
                    "parent": c.parent,
                    "comments": list(c.comments),
                }
                for c in self.clauses
            ],
        }
