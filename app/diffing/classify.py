"""Telling trivial edits (white space, case, punctuation, renumbering) from substantive ones.

The word diff has already isolated what changed; each run of deleted and inserted text is
compared under growing normalisations, so classification costs little even for long clauses.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from app.domain.comparison import Piece, TrivialReason

# Everything but letters and digits: when those differ, the words changed.
_LETTERS = re.compile(r"[\W_]+")
_LEVELS: tuple[TrivialReason, ...] = ("whitespace", "case", "punctuation")
# Marks whose loss changes meaning even though Unicode calls them punctuation.
_MEANINGFUL = frozenset("%‰#@&§")


def trivial_reason(
    pieces: Sequence[Piece], old_number: str | None, new_number: str | None
) -> TrivialReason | None:
    """Why an edited clause's change is trivial, or None when its words changed.

    ``pieces`` start with the clause number when it has one (as the clause's full text does).
    """
    runs = _runs(pieces)
    renumbered = (old_number or "") != (new_number or "")
    if renumbered and runs:
        runs = _without_numbers(runs, old_number or "", new_number or "")
    worst = 0
    for deleted, inserted, before, after in runs:
        level = _level(deleted, inserted, before, after)
        if level is None:
            return None
        worst = max(worst, level)
    if renumbered:
        return "renumbering"
    return _LEVELS[worst] if runs else None


def _runs(pieces: Sequence[Piece]) -> list[tuple[str, str, str, str]]:
    """Each run of changes as (deleted, inserted, character before, character after)."""
    runs: list[tuple[str, str, str, str]] = []
    deleted: list[str] = []
    inserted: list[str] = []
    before = ""
    for op, text in [*pieces, ("equal", "")]:
        if op == "equal":
            if deleted or inserted:
                runs.append(("".join(deleted), "".join(inserted), before, text[:1]))
                deleted, inserted = [], []
            before = text[-1:] if text else before
        elif op == "delete":
            deleted.append(text)
        else:
            inserted.append(text)
    return runs


def _without_numbers(
    runs: list[tuple[str, str, str, str]], old_number: str, new_number: str
) -> list[tuple[str, str, str, str]]:
    """The runs with the clause-number change at the very start taken out."""
    deleted, inserted, before, after = runs[0]
    if before or not deleted.startswith(old_number) or not inserted.startswith(new_number):
        return runs
    rest = (deleted[len(old_number) :], inserted[len(new_number) :])
    if not any(rest):
        return runs[1:]
    return [(rest[0], rest[1], "", after), *runs[1:]]


def _level(deleted: str, inserted: str, before: str, after: str) -> int | None:
    """0, 1, 2 for a white-space, case or punctuation-only run; None for a change of words."""
    deleted_spaced, inserted_spaced = " ".join(deleted.split()), " ".join(inserted.split())
    if deleted_spaced == inserted_spaced:
        # "a b" -> "ab" joins two words: the diff never puts that in a white-space-only run.
        return 0
    deleted_folded, inserted_folded = deleted_spaced.casefold(), inserted_spaced.casefold()
    if deleted_folded == inserted_folded:
        return 1
    if _LETTERS.sub("", deleted_folded) != _LETTERS.sub("", inserted_folded):
        return None
    if before[-1:].isdigit() and after[:1].isdigit():
        # "4.2" -> "42": a decimal point between digits is not mere punctuation.
        return None
    if _bare(deleted_folded) == _bare(inserted_folded):
        return 2
    return None


def _bare(text: str) -> str:
    """Text without punctuation marks, with white space collapsed."""
    kept = "".join(
        " " if unicodedata.category(c).startswith("P") and c not in _MEANINGFUL else c for c in text
    )
    return " ".join(kept.split())
