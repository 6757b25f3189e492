"""A redline as plain values: paragraphs made of equal, inserted and deleted pieces of text."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal, get_args

RedlineOp = Literal["equal", "insert", "delete"]
ParagraphKind = Literal["normal", "inserted", "deleted"]
ParagraphRole = Literal["title", "heading", "body"]

Segment = tuple[RedlineOp, str]

_OPS: tuple[str, ...] = get_args(RedlineOp)
_KINDS: tuple[str, ...] = get_args(ParagraphKind)
_ROLES: tuple[str, ...] = get_args(ParagraphRole)


@dataclass(frozen=True)
class RedlineParagraph:
    """One paragraph of a redline.

    ``segments`` in order give the paragraph's text: equal + delete pieces the old text, equal +
    insert pieces the new one. A wholly ``inserted`` paragraph holds only insertions and a wholly
    ``deleted`` one only deletions; their paragraph mark is tracked too, so accepting (or
    rejecting) the change removes the paragraph instead of leaving an empty one. ``level`` is the
    heading level (1 = top) and matters only for headings. A ``"\\n"`` in a piece is a line break
    inside the paragraph and a ``"\\t"`` a tab.
    """

    segments: tuple[Segment, ...]
    kind: ParagraphKind = "normal"
    role: ParagraphRole = "body"
    level: int = 1

    def __post_init__(self) -> None:
        if self.kind not in _KINDS:
            raise ValueError(f"unknown paragraph kind {self.kind!r}")
        if self.role not in _ROLES:
            raise ValueError(f"unknown paragraph role {self.role!r}")
        for op, text in self.segments:
            if op not in _OPS:
                raise ValueError(f"unknown redline operation {op!r}")
            if not isinstance(text, str):
                raise TypeError("segment text must be a string")
        allowed = {"inserted": "insert", "deleted": "delete"}.get(self.kind)
        if allowed and any(op != allowed for op, _ in self.segments):
            raise ValueError(f"a wholly {self.kind} paragraph may only hold {allowed!r} pieces")

    @classmethod
    def unchanged(
        cls, text: str, *, role: ParagraphRole = "body", level: int = 1
    ) -> RedlineParagraph:
        return cls((("equal", text),), "normal", role, level)

    @classmethod
    def inserted(
        cls, text: str, *, role: ParagraphRole = "body", level: int = 1
    ) -> RedlineParagraph:
        return cls((("insert", text),), "inserted", role, level)

    @classmethod
    def deleted(
        cls, text: str, *, role: ParagraphRole = "body", level: int = 1
    ) -> RedlineParagraph:
        return cls((("delete", text),), "deleted", role, level)

    @classmethod
    def changed(
        cls, segments: Iterable[Segment], *, role: ParagraphRole = "body", level: int = 1
    ) -> RedlineParagraph:
        """A paragraph present in both versions, with tracked edits inside it."""
        return cls(merge_segments(segments), "normal", role, level)

    @property
    def old_text(self) -> str:
        return "".join(text for op, text in self.segments if op != "insert")

    @property
    def new_text(self) -> str:
        return "".join(text for op, text in self.segments if op != "delete")

    @property
    def has_changes(self) -> bool:
        return self.kind != "normal" or any(op != "equal" and t for op, t in self.segments)


def merge_segments(segments: Iterable[Segment]) -> tuple[Segment, ...]:
    """Drop empty pieces and join neighbours with the same operation."""
    merged: list[Segment] = []
    for op, text in segments:
        if not text:
            continue
        if merged and merged[-1][0] == op:
            merged[-1] = (op, merged[-1][1] + text)
        else:
            merged.append((op, text))
    return tuple(merged)


def accept_all(paragraphs: Sequence[RedlineParagraph]) -> list[str]:
    """The text of each paragraph that remains when every change is accepted."""
    return [p.new_text for p in paragraphs if p.kind != "deleted"]


def reject_all(paragraphs: Sequence[RedlineParagraph]) -> list[str]:
    """The text of each paragraph that remains when every change is rejected."""
    return [p.old_text for p in paragraphs if p.kind != "inserted"]
