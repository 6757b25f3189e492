"""Three-way merge of two wordings edited from the same version, word by word.

Each side's edits are placed on the common version's words. Edits of different passages are
both applied; where the two sides changed the same or neighbouring words differently, both
wordings are kept, marked, for the user to choose: nothing is ever dropped.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

_TOKEN_RE = re.compile(r"\s+|\w+|[^\w\s]", re.UNICODE)
THEIRS_MARK = "⟦Theirs: "
YOURS_MARK = "⟦Yours: "
MARK_END = "⟧"


@dataclass(frozen=True)
class MergedText:
    """The merged wording and how many passages were changed differently on both sides."""

    text: str
    overlaps: int

    @property
    def clean(self) -> bool:
        return self.overlaps == 0


@dataclass(frozen=True)
class _Edit:
    start: int  # token range of the common version it replaces
    end: int
    tokens: tuple[str, ...]
    side: str  # "mine" or "theirs"


def merge_texts(base: str, mine: str, theirs: str) -> MergedText:
    """Apply the changes base -> mine onto theirs where they do not meet base -> theirs."""
    if mine in (theirs, base):
        return MergedText(theirs, 0)
    if theirs == base:
        return MergedText(mine, 0)
    words = _TOKEN_RE.findall(base)
    edits = sorted(
        _edits(words, _TOKEN_RE.findall(mine), "mine")
        + _edits(words, _TOKEN_RE.findall(theirs), "theirs"),
        key=lambda e: (e.start, e.end),
    )
    out: list[str] = []
    overlaps = 0
    position = 0
    for group in _groups(edits):
        start, end = group[0].start, max(e.end for e in group)
        out.extend(words[position:start])
        text, clashed = _merged_group(words, start, end, group)
        out.append(text)
        overlaps += clashed
        position = end
    out.extend(words[position:])
    return MergedText("".join(out), overlaps)


def _edits(base: list[str], other: list[str], side: str) -> list[_Edit]:
    matcher = difflib.SequenceMatcher(a=base, b=other, autojunk=False)
    return [
        _Edit(i1, i2, tuple(other[j1:j2]), side)
        for op, i1, i2, j1, j2 in matcher.get_opcodes()
        if op != "equal"
    ]


def _groups(edits: list[_Edit]) -> list[list[_Edit]]:
    """Edits that overlap or touch, gathered (touching counts: safer to ask than to guess)."""
    groups: list[list[_Edit]] = []
    end = -1
    for edit in edits:
        if groups and edit.start <= end:
            groups[-1].append(edit)
            end = max(end, edit.end)
        else:
            groups.append([edit])
            end = edit.end
    return groups


def _merged_group(base: list[str], start: int, end: int, group: list[_Edit]) -> tuple[str, int]:
    mine = _apply(base, start, end, [e for e in group if e.side == "mine"])
    theirs = _apply(base, start, end, [e for e in group if e.side == "theirs"])
    original = "".join(base[start:end])
    if mine in (theirs, original):
        return theirs, 0
    if theirs == original:
        return mine, 0
    return f"{THEIRS_MARK}{theirs}{MARK_END}{YOURS_MARK}{mine}{MARK_END}", 1


def _apply(base: list[str], start: int, end: int, edits: list[_Edit]) -> str:
    out: list[str] = []
    position = start
    for edit in edits:
        out.extend(base[position : edit.start])
        out.extend(edit.tokens)
        position = edit.end
    out.extend(base[position:end])
    return "".join(out)


def has_overlap_marks(text: str) -> bool:
    """Whether a wording still holds both sides of an overlap (to be resolved before saving)."""
    return THEIRS_MARK in text or YOURS_MARK in text
