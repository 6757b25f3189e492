"""How a redline's changes are spelled in Word XML so that Word and LibreOffice agree.

The same edit can be written in several ways that all accept to the new text and reject to the
old one. LibreOffice's .docx import joins an insertion that ends a paragraph to an insertion that
starts the next paragraph (same author and date) into one change that also swallows the paragraph
mark between them, so "Reject All" would join the two paragraphs. The spellings chosen here never
put two insertions side by side across a paragraph mark that is not itself inserted.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from typing import Literal

from app.domain.redline import RedlineParagraph, Segment, merge_segments

Mark = Literal["inserted", "deleted"] | None

_FIRST_WORD = re.compile(r"\s*\S+\s*")
_LAST_WORD = re.compile(r"\S+\s*$")


def layout(paragraphs: Sequence[RedlineParagraph]) -> list[tuple[RedlineParagraph, Mark]]:
    """Each paragraph with the spelling to write and whether its paragraph mark is tracked.

    A wholly inserted or deleted paragraph has its own mark tracked, so accepting (or
    rejecting) removes the paragraph rather than leaving it empty. Boundaries are then settled
    left to right: new paragraphs after a paragraph ending in an insertion are marked the way
    Word records typing "...new text<Enter>new paragraph" (the preceding paragraph's mark and
    the new paragraphs' marks but the last are the inserted ones: the same meaning); otherwise
    the next paragraph's start is respelled, which cannot undo an earlier boundary, and only
    when it is made wholly of insertions the end of the previous one.
    """
    marks: list[Mark] = [
        "inserted" if p.kind == "inserted" else "deleted" if p.kind == "deleted" else None
        for p in paragraphs
    ]
    pieces = [list(merge_segments(p.segments)) for p in paragraphs]
    kinds = [p.kind for p in paragraphs]
    for k in range(len(paragraphs) - 1):
        if marks[k] is not None or _last_op(pieces[k]) != "insert":
            continue
        if kinds[k + 1] == "inserted":
            last = k + 1
            while last + 1 < len(kinds) and kinds[last + 1] == "inserted":
                last += 1
            marks[k], marks[last] = "inserted", None
        elif (
            kinds[k + 1] == "normal"
            and _first_op(pieces[k + 1]) == "insert"
            and not _respell_start(pieces[k + 1])
        ):
            _respell_end_if_safe(pieces, marks, kinds, k)
    return [
        (dataclasses.replace(p, segments=tuple(spelled)), mark)
        for p, spelled, mark in zip(paragraphs, pieces, marks, strict=True)
    ]


def _respell_end_if_safe(
    pieces: list[list[Segment]], marks: list[Mark], kinds: Sequence[str], k: int
) -> None:
    """Respell paragraph k's end unless that makes it start touching paragraph k - 1."""
    trial = list(pieces[k])
    if kinds[k] != "normal" or not _respell_end(trial):
        return
    touching_before = k > 0 and marks[k - 1] is None and _last_op(pieces[k - 1]) == "insert"
    if not (touching_before and _first_op(trial) == "insert"):
        pieces[k] = trial


def _first_op(pieces: list[Segment]) -> str | None:
    return pieces[0][0] if pieces else None


def _last_op(pieces: list[Segment]) -> str | None:
    return pieces[-1][0] if pieces else None


def _respell_start(pieces: list[Segment]) -> bool:
    """Make a paragraph that starts with an insertion start with something else."""
    if len(pieces) < 2:
        return False
    if pieces[1][0] == "delete":
        pieces[0], pieces[1] = pieces[1], pieces[0]  # "new" "old" -> "old" "new"
        return True
    if pieces[1][0] != "equal":
        return False
    # [+I][=w rest] -> [-w][+I w][=rest]: the first kept word is shown replaced by itself.
    inserted, kept = pieces[0][1], pieces[1][1]
    word = _split_first(kept)
    pieces[0:2] = [("delete", word), ("insert", inserted + word)]
    if kept[len(word) :]:
        pieces.insert(2, ("equal", kept[len(word) :]))
    return True


def _respell_end(pieces: list[Segment]) -> bool:
    """Make a paragraph that ends with an insertion end with something else."""
    if len(pieces) < 2:
        return False
    if pieces[-2][0] == "delete":
        pieces[-2], pieces[-1] = pieces[-1], pieces[-2]
        return True
    if pieces[-2][0] != "equal":
        return False
    kept, inserted = pieces[-2][1], pieces[-1][1]
    word = _split_last(kept)
    rest = kept[: len(kept) - len(word)]
    pieces[-2:] = [("insert", word + inserted), ("delete", word)]
    if rest:
        pieces.insert(len(pieces) - 2, ("equal", rest))
    return True


def _split_first(text: str) -> str:
    match = _FIRST_WORD.match(text)
    return match.group() if match else text


def _split_last(text: str) -> str:
    match = _LAST_WORD.search(text)
    return match.group() if match else text
