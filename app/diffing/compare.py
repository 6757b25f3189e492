"""Clause-aware comparison: align the clauses of two documents, then diff inside each pair."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from app.diffing.alignment import AlignedClause, Alignment, align
from app.diffing.classify import trivial_reason
from app.diffing.tokens import count_words, tokenize
from app.diffing.worddiff import DEFAULT_TIMEOUT, NUMBER_KEY, WordDiffer
from app.domain.comparison import (
    ClauseChange,
    ClauseStatus,
    CompareOptions,
    Comparison,
    Piece,
    Summary,
)
from app.domain.document import SourceClause, SplitDocument

Progress = Callable[[int, int], None]
_PROGRESS_EVERY = 50


@dataclass
class _Side:
    """One document's clauses with their tokens and comparison keys, computed once."""

    clauses: Sequence[SourceClause]
    differ: WordDiffer

    def __post_init__(self) -> None:
        self.texts = [clause_text(c) for c in self.clauses]
        self._tokens: dict[int, list[str]] = {}
        self._keys: dict[int, list[str]] = {}

    def tokens(self, index: int) -> list[str]:
        found = self._tokens.get(index)
        if found is None:
            clause, text = self.clauses[index], self.texts[index]
            number = clause.number
            if number and text.startswith(number):
                found = [number, *tokenize(text[len(number) :])]
            else:
                found = tokenize(text)
            if self.differ.options.ignore_whitespace:
                found = _glue_spaces(found)
            self._tokens[index] = found
        return found

    def keys(self, index: int) -> list[str]:
        found = self._keys.get(index)
        if found is None:
            tokens = self.tokens(index)
            found = self.differ.keys(tokens)
            number = self.clauses[index].number
            if number and self.differ.options.ignore_numbering and tokens[0].rstrip() == number:
                found = [NUMBER_KEY, *found[1:]]
            self._keys[index] = found
        return found


def _glue_spaces(tokens: list[str]) -> list[str]:
    """Each token with the white space after it, so that spacing alone never differs."""
    glued: list[str] = []
    for token in tokens:
        if glued and token.isspace():
            glued[-1] += token
        else:
            glued.append(token)
    return glued


def clause_text(clause: SourceClause) -> str:
    """A clause as a reader sees it: "4.2 Heading" on its own line, else "4.2 Text"."""
    if clause.heading:
        return clause.full_text
    if clause.number and clause.text:
        return f"{clause.number} {clause.text}"
    return clause.number or clause.text


def compare_documents(
    old: SplitDocument,
    new: SplitDocument,
    options: CompareOptions | None = None,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    progress: Progress | None = None,
) -> Comparison:
    """The clause-by-clause comparison of two documents (without detection findings).

    ``progress(done, total)`` is called as paired clauses are diffed; a window uses it for its
    progress bar and cancels by raising from it.
    """
    differ = WordDiffer(options, timeout)
    before, after = _Side(old.clauses, differ), _Side(new.clauses, differ)
    alignment = align(_aligned(old.clauses), _aligned(new.clauses))
    changes: dict[tuple[int | None, int | None], ClauseChange] = {}
    warnings = [*old.warnings, *new.warnings]
    for done, (i, j) in enumerate(alignment.pairs):
        if progress is not None and done % _PROGRESS_EVERY == 0:
            progress(done, len(alignment.pairs))
        change = _pair_change(before, after, i, j, (i, j) in alignment.moved)
        if change.approximate:
            warnings.append(
                f"clause {_name(change)}: the word diff ran out of time ({timeout:g} s); "
                "its redline is approximate"
            )
        changes[(i, j)] = change
    for i in alignment.removed:
        changes[(i, None)] = _whole(old.clauses[i], before.texts[i], "removed")
    for j in alignment.added:
        changes[(None, j)] = _whole(new.clauses[j], after.texts[j], "added")
    if alignment.limited:
        warnings.append(
            "the documents differ too much to look everywhere for moved clauses; "
            "some moved clauses may show as removed and added"
        )
    ordered, moved_from = _reading_order(alignment, changes, len(old.clauses), len(new.clauses))
    return Comparison(
        old=old.source,
        new=new.source,
        clauses=tuple(ordered),
        summary=summarise(ordered),
        warnings=tuple(dict.fromkeys(warnings)),
        old_title=old.title,
        new_title=new.title,
        moved_from=tuple(moved_from),
    )


def _aligned(clauses: Sequence[SourceClause]) -> list[AlignedClause]:
    """Clauses as the aligner sees them: heading and text, without their numbers."""
    return [AlignedClause(f"{c.heading or ''}\n{c.text}", c.heading) for c in clauses]


def _pair_change(before: _Side, after: _Side, i: int, j: int, moved: bool) -> ClauseChange:
    old_clause, new_clause = before.clauses[i], after.clauses[j]
    base = ClauseChange(
        "moved" if moved else "unchanged",
        old_index=i,
        new_index=j,
        heading=new_clause.heading or old_clause.heading,
        similarity=1.0,
        changes=_equal(after.texts[j]),
        number=new_clause.number,
        old_number=old_clause.number,
        level=new_clause.level,
    )
    if before.texts[i] == after.texts[j]:
        return base
    old_keys, new_keys = before.keys(i), after.keys(j)
    if old_keys == new_keys:
        return base
    result = before.differ.diff(before.tokens(i), after.tokens(j), old_keys, new_keys)
    reason = trivial_reason(result.pieces, old_clause.number, new_clause.number)
    return replace(
        base,
        status="moved" if moved else "modified",
        similarity=_shared(result.pieces),
        changes=result.pieces,
        trivial=reason is not None,
        trivial_reason=reason,
        approximate=result.approximate,
    )


def _shared(pieces: Sequence[Piece]) -> float:
    """How much of the two texts the diff kept (0..1), like rapidfuzz's normalised Indel."""
    equal = sum(len(t) for op, t in pieces if op == "equal")
    total = sum(len(t) * (2 if op == "equal" else 1) for op, t in pieces)
    return 2 * equal / total if total else 1.0


def _equal(text: str) -> tuple[Piece, ...]:
    return (("equal", text),) if text else ()


def _whole(clause: SourceClause, text: str, status: ClauseStatus) -> ClauseChange:
    added = status == "added"
    return ClauseChange(
        status,
        old_index=None if added else clause.index,
        new_index=clause.index if added else None,
        heading=clause.heading,
        similarity=0.0,
        changes=((("insert" if added else "delete"), text),) if text else (),
        number=clause.number if added else None,
        old_number=None if added else clause.number,
        level=clause.level,
    )


def _name(change: ClauseChange) -> str:
    return change.number or change.heading or f"#{(change.new_index or 0) + 1}"


def _reading_order(
    alignment: Alignment,
    changes: dict[tuple[int | None, int | None], ClauseChange],
    old_count: int,
    new_count: int,
) -> tuple[list[ClauseChange], list[tuple[int, int]]]:
    """Clauses in the new document's order, removed ones where they stood (before the clauses
    added in the same stretch), and for each moved clause (its old place, its entry)."""
    stable_old = {j: i for i, j in alignment.pairs if (i, j) not in alignment.moved}
    by_new = {j: changes[(i, j)] for i, j in alignment.pairs}
    moved_to = dict(alignment.moved)
    removed = set(alignment.removed)
    # For each new clause, the old index of the next clause that kept its place.
    next_anchor = [old_count] * (new_count + 1)
    for j in range(new_count - 1, -1, -1):
        next_anchor[j] = stable_old.get(j, next_anchor[j + 1])
    ordered: list[ClauseChange] = []
    old_places: list[tuple[int, int]] = []
    cursor = 0
    for j in [*range(new_count), None]:
        until = old_count if j is None else next_anchor[j]
        for i in range(cursor, max(cursor, until)):
            if i in removed:
                ordered.append(changes[(i, None)])
            elif i in moved_to:
                old_places.append((len(ordered), moved_to[i]))
        cursor = max(cursor, until)
        if j is None:
            break
        if j in stable_old:
            cursor = max(cursor, stable_old[j] + 1)
        ordered.append(by_new.get(j) or changes[(None, j)])
    entry = {c.new_index: k for k, c in enumerate(ordered) if c.new_index is not None}
    return ordered, [(place, entry[j]) for place, j in old_places]


def summarise(clauses: Sequence[ClauseChange]) -> Summary:
    """Counts by status, trivial edits, and words inserted and deleted (outside trivial edits)."""
    counts = dict.fromkeys(("unchanged", "modified", "moved", "added", "removed"), 0)
    inserted = deleted = trivial = 0
    for clause in clauses:
        counts[clause.status] += 1
        trivial += clause.trivial
        if clause.trivial:
            # Renumbering, spacing, case and punctuation change no words.
            continue
        for op, text in clause.changes:
            if op == "insert":
                inserted += count_words(text)
            elif op == "delete":
                deleted += count_words(text)
    return Summary(**counts, words_inserted=inserted, words_deleted=deleted, trivial=trivial)
