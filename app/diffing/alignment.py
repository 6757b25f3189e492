"""Aligning the clauses of two documents by content, not by position.

Identical clauses are paired by their text; clauses with the same (unique) heading next; the
rest by similarity, first inside the stretches between clauses that kept their order (where an
edited clause normally sits), then across the whole document (a clause moved and edited). Pairs
outside the longest run that kept its order are the moved clauses.
"""

from __future__ import annotations

import itertools
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

# How alike two clauses must be (0..1) to be the same clause edited: next to each other in an
# unchanged stretch, anywhere in the document, or sharing a unique heading. A lone removed and
# a lone added clause in the same place need SLOT_THRESHOLD of their words in common. Texts
# shorter than SHORT characters need SHORT_CUTOFF: short texts share letters by chance.
GAP_THRESHOLD = 0.5
MOVED_THRESHOLD = 0.6
HEADING_THRESHOLD = 0.3
SLOT_THRESHOLD = 0.4
SHORT = 40
SHORT_CUTOFF = 0.8
# Beyond this many comparisons the search is limited (a band, or no moved-and-edited search).
_GAP_CELLS = 40_000
_GAP_BAND = 20
_GLOBAL_CELLS = 60_000
# Above this many characters squared, similarity counts shared words instead of aligning.
_LONG_CELLS = 25_000_000


@dataclass(frozen=True)
class AlignedClause:
    """What the aligner knows of a clause: the text it compares and its heading."""

    text: str
    heading: str | None = None


@dataclass(frozen=True)
class Alignment:
    """Pairs (old index, new index) in the new document's order; which pairs moved."""

    pairs: tuple[tuple[int, int], ...]
    moved: frozenset[tuple[int, int]]
    removed: tuple[int, ...]
    added: tuple[int, ...]
    limited: bool = False


def align(old: Sequence[AlignedClause], new: Sequence[AlignedClause]) -> Alignment:
    """Pair the clauses of two documents; unpaired old clauses were removed, new ones added."""
    matched: dict[int, int] = {}
    _pair_identical(old, new, matched)
    _pair_by_heading(old, new, matched)
    kept = _in_order(matched)
    limited = _pair_in_gaps(old, new, matched, kept)
    limited = _pair_anywhere(old, new, matched) or limited
    stable = _in_order(matched)
    pairs = tuple(sorted(matched.items(), key=lambda p: p[1]))
    used_new = set(matched.values())
    return Alignment(
        pairs=pairs,
        moved=frozenset(p for p in pairs if p not in stable),
        removed=tuple(i for i in range(len(old)) if i not in matched),
        added=tuple(j for j in range(len(new)) if j not in used_new),
        limited=limited,
    )


def similarity(a: str, b: str, cutoff: float = 0.0) -> float:
    """How alike two texts are, 0..1 (normalised Indel similarity); 0 below ``cutoff``.

    Short texts share letters by chance ("Usage Requirements", "Using Our Services"), so
    below ``SHORT`` characters the cutoff rises to ``SHORT_CUTOFF``.
    """
    if a == b:
        return 1.0
    if cutoff and min(len(a), len(b)) < SHORT:
        cutoff = max(cutoff, SHORT_CUTOFF)
    if len(a) * len(b) > _LONG_CELLS:
        shared = _shared_words(a, b)
        return shared if shared >= cutoff else 0.0
    return float(fuzz.ratio(a, b, score_cutoff=cutoff * 100)) / 100


def _shared_words(a: str, b: str) -> float:
    """The share of words two texts have in common, in any order (linear time)."""
    words_a, words_b = Counter(a.split()), Counter(b.split())
    total = sum(words_a.values()) + sum(words_b.values())
    return 2 * sum((words_a & words_b).values()) / total if total else 1.0


def _pair_identical(
    old: Sequence[AlignedClause], new: Sequence[AlignedClause], matched: dict[int, int]
) -> None:
    """Pair texts that occur once in each document; repeated ones are paired later, in order."""
    old_seen = _unique_positions(old)
    for text, j in _unique_positions(new).items():
        i = old_seen.get(text)
        if i is not None:
            matched[i] = j


def _unique_positions(clauses: Sequence[AlignedClause]) -> dict[str, int]:
    counts = Counter(c.text for c in clauses)
    return {c.text: k for k, c in enumerate(clauses) if counts[c.text] == 1}


def _pair_by_heading(
    old: Sequence[AlignedClause], new: Sequence[AlignedClause], matched: dict[int, int]
) -> None:
    used_new = set(matched.values())
    old_by_heading = _unique_headings(old, lambda i: i not in matched)
    new_by_heading = _unique_headings(new, lambda j: j not in used_new)
    for heading, i in old_by_heading.items():
        j = new_by_heading.get(heading)
        if j is not None and similarity(old[i].text, new[j].text, HEADING_THRESHOLD) > 0:
            matched[i] = j


def _unique_headings(
    clauses: Sequence[AlignedClause], free: Callable[[int], bool]
) -> dict[str, int]:
    seen: dict[str, int] = {}
    repeated: set[str] = set()
    for index, clause in enumerate(clauses):
        if not clause.heading or not free(index):
            continue
        heading = " ".join(clause.heading.casefold().split())
        if heading in seen:
            repeated.add(heading)
        seen[heading] = index
    return {h: i for h, i in seen.items() if h not in repeated}


def _in_order(matched: dict[int, int]) -> set[tuple[int, int]]:
    """The longest set of pairs whose new order follows the old order."""
    pairs = sorted(matched.items())
    return {pairs[k] for k in longest_increasing([j for _, j in pairs])}


def longest_increasing(values: Sequence[int]) -> list[int]:
    """Positions of a longest strictly increasing subsequence (patience sorting, n log n)."""
    tails: list[int] = []
    tail_positions: list[int] = []
    previous: list[int] = [-1] * len(values)
    for position, value in enumerate(values):
        k = bisect_left(tails, value)
        if k == len(tails):
            tails.append(value)
            tail_positions.append(position)
        else:
            tails[k] = value
            tail_positions[k] = position
        previous[position] = tail_positions[k - 1] if k else -1
    chain: list[int] = []
    position = tail_positions[-1] if tail_positions else -1
    while position != -1:
        chain.append(position)
        position = previous[position]
    return chain[::-1]


def _pair_in_gaps(
    old: Sequence[AlignedClause],
    new: Sequence[AlignedClause],
    matched: dict[int, int],
    kept: set[tuple[int, int]],
) -> bool:
    """Pair edited clauses that sit between the same two unchanged neighbours."""
    used_new = set(matched.values())
    limited = False
    bounds = [(-1, -1), *sorted(kept), (len(old), len(new))]
    for (o1, n1), (o2, n2) in itertools.pairwise(bounds):
        olds = [i for i in range(o1 + 1, o2) if i not in matched]
        news = [j for j in range(n1 + 1, n2) if j not in used_new]
        if len(olds) == len(news) == 1:
            # One clause out, one in, in the same place: the same clause rewritten, unless
            # the two have next to nothing in common.
            if _shared_words(old[olds[0]].text, new[news[0]].text) >= SLOT_THRESHOLD:
                matched[olds[0]] = news[0]
        elif olds and news:
            limited = _pair_in_order(old, new, olds, news, matched) or limited
    return limited


def _pair_in_order(
    old: Sequence[AlignedClause],
    new: Sequence[AlignedClause],
    olds: list[int],
    news: list[int],
    matched: dict[int, int],
) -> bool:
    """The order-keeping pairing with the greatest total similarity (dynamic programming)."""
    rows, cols = len(olds), len(news)
    if rows == cols and all(
        similarity(old[i].text, new[j].text, GAP_THRESHOLD) for i, j in zip(olds, news, strict=True)
    ):
        # The usual case: the same clauses, each edited, in the same order.
        matched.update(zip(olds, news, strict=True))
        return False
    if rows * cols > _GAP_CELLS:
        _pair_near_diagonal(old, new, olds, news, matched)
        return True
    score = [[0.0] * (cols + 1) for _ in range(rows + 1)]
    for r in range(1, rows + 1):
        text = old[olds[r - 1]].text
        for c in range(1, cols + 1):
            best = max(score[r - 1][c], score[r][c - 1])
            sim = similarity(text, new[news[c - 1]].text, GAP_THRESHOLD)
            if sim:
                best = max(best, score[r - 1][c - 1] + sim)
            score[r][c] = best
    r, c = rows, cols
    while r and c:
        if score[r][c] == score[r - 1][c]:
            r -= 1
        elif score[r][c] == score[r][c - 1]:
            c -= 1
        else:
            matched[olds[r - 1]] = news[c - 1]
            r, c = r - 1, c - 1
    return False


def _pair_near_diagonal(
    old: Sequence[AlignedClause],
    new: Sequence[AlignedClause],
    olds: list[int],
    news: list[int],
    matched: dict[int, int],
) -> None:
    """Too many clauses for the whole table: in order, pair each old clause with the most
    similar new one near its expected place, after the last pairing."""
    rows, cols = len(olds), len(news)
    start = 0
    for r, i in enumerate(olds):
        centre = r * cols // rows
        best, best_column = 0.0, -1
        for c in range(max(start, centre - _GAP_BAND), min(cols, centre + _GAP_BAND + 1)):
            sim = similarity(old[i].text, new[news[c]].text, max(GAP_THRESHOLD, best))
            if sim > best:
                best, best_column = sim, c
        if best_column >= 0:
            matched[i] = news[best_column]
            start = best_column + 1


def _pair_anywhere(
    old: Sequence[AlignedClause], new: Sequence[AlignedClause], matched: dict[int, int]
) -> bool:
    """Pair clauses that moved and changed: the most similar first, anywhere in the document."""
    used_new = set(matched.values())
    olds = [i for i in range(len(old)) if i not in matched]
    news = [j for j in range(len(new)) if j not in used_new]
    if not olds or not news:
        return False
    if len(olds) * len(news) > _GLOBAL_CELLS:
        return True
    candidates = []
    for i in olds:
        for j in news:
            sim = similarity(old[i].text, new[j].text, MOVED_THRESHOLD)
            if sim:
                candidates.append((-sim, i, j))
    candidates.sort()
    taken_new: set[int] = set()
    for _, i, j in candidates:
        if i not in matched and j not in taken_new:
            matched[i] = j
            taken_new.add(j)
    return False
