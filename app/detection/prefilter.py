"""Which patterns can match a text, and where: the scanner's shortcut past most regexes.

Each pattern needs some words (the first words of its parts) and starts with one of a few words.
One factored regex finds, for each word of a clause that begins with a vocabulary word, the
longest such beginning; a table gives the bit mask of word sets it satisfies; a pattern runs
only when all its sets are satisfied, and only where one of its first words begins a word.
The results are exactly those of searching every sentence everywhere.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Candidate:
    """One pattern of one rule: the bits it needs and the words it can start with."""

    rule: int
    pattern: re.Pattern[str]
    starts: frozenset[str] | None
    needs: int


class Prefilter:
    """Finds the matches of many patterns in a text, trying each only where it can match."""

    def __init__(
        self,
        patterns: list[
            tuple[int, re.Pattern[str], frozenset[str] | None, tuple[frozenset[str], ...]]
        ],
        more_words: Sequence[tuple[frozenset[str], ...]] = (),
    ) -> None:
        """``more_words``: the word sets of other patterns whose need the caller will ask
        about (:meth:`needs`) against the mask :meth:`matches` returns."""
        word_sets = sorted(
            {ws for *_, required in patterns for ws in required}
            | {ws for required in more_words for ws in required},
            key=sorted,
        )
        self._bit_of = bit_of = {ws: 1 << i for i, ws in enumerate(word_sets)}
        self._bits: dict[str, int] = {}
        for ws, bit in bit_of.items():
            for word in ws:
                self._bits[word] = self._bits.get(word, 0) | bit
        # One regex finds, at each word that begins with a vocabulary word, the longest such
        # beginning; the shorter ones it contains come with it from this table.
        self._vocabulary = re.compile(rf"(?<!\w)({_trie(sorted(self._bits))})")
        self._closure: dict[str, tuple[int, frozenset[str]]] = {}
        for word in self._bits:
            within = frozenset(v for v in self._bits if word.startswith(v))
            mask = 0
            for prefix in within:
                mask |= self._bits[prefix]
            self._closure[word] = (mask, within)
        self.candidates = tuple(
            Candidate(
                rule,
                pattern,
                starts or None,
                sum(bit_of[ws] for ws in set(required)),
            )
            for rule, pattern, starts, required in patterns
        )

    def needs(self, required: tuple[frozenset[str], ...]) -> int:
        """The bits of word sets given to the constructor (a text lacking one cannot match)."""
        return sum(self._bit_of[ws] for ws in set(required))

    def matches(
        self, text: str, sentences: Callable[[], list[tuple[int, int]]] | None = None
    ) -> tuple[dict[int, list[re.Match[str]]], int]:
        """Matches of every pattern in ``text``, grouped by rule number.

        Every word a pattern needs lies inside each of its matches, so one pass over the
        whole text finds what a pass per sentence would (the caller cuts matches that run
        past a sentence back). Only patterns without known first words search sentence by
        sentence: ``sentences`` gives their spans, and is called only if one is needed.
        Also returns the bits of the word sets the text has (-1: count every set as present).
        """
        lowered = text.lower()
        found: dict[int, list[re.Match[str]]] = {}
        if len(lowered) != len(text):  # lower-casing changed offsets (rare): search everywhere
            for candidate in self.candidates:
                hits = list(candidate.pattern.finditer(text))
                if hits:
                    found.setdefault(candidate.rule, []).extend(hits)
            return found, -1  # every word set counts as present
        spans = sentences or (lambda: [(0, len(text))])
        return found, self._matches_in(text, lowered, found, spans)

    def _matches_in(
        self,
        text: str,
        lowered: str,
        found: dict[int, list[re.Match[str]]],
        sentences: Callable[[], list[tuple[int, int]]],
    ) -> int:
        """Fill ``found``; return the mask of word sets the text has."""
        start, end = 0, len(text)
        mask = 0
        present: set[str] = set()
        closure = self._closure
        for longest in set(self._vocabulary.findall(lowered, start, end)):
            bits, prefixes = closure[longest]
            mask |= bits
            present |= prefixes
        if not mask:
            return mask
        positions: dict[str, list[int]] = {}
        for candidate in self._viable(mask):
            if candidate.starts is None:
                search = candidate.pattern.finditer
                hits = [h for a, b in sentences() for h in search(text, a, b)]
            else:
                where: set[int] = set()
                for word in candidate.starts & present:
                    at = positions.get(word)
                    if at is None:
                        at = positions[word] = word_starts(lowered, word, start, end)
                    where.update(at)
                match = candidate.pattern.match
                hits = [hit for at in where if (hit := match(text, at)) is not None]
            if hits:
                found.setdefault(candidate.rule, []).extend(hits)
        return mask

    def _viable(self, mask: int) -> list[Candidate]:
        """Candidates whose every word set is present, in a stable order."""
        missing = ~mask
        return [c for c in self.candidates if not c.needs & missing]


def word_starts(lowered: str, word: str, start: int, end: int) -> list[int]:
    """Offsets in [start, end) where ``word`` begins a word of the text."""
    found = []
    at = lowered.find(word, start, end)
    while at >= 0:
        if at == 0 or not (lowered[at - 1].isalnum() or lowered[at - 1] == "_"):
            found.append(at)
        at = lowered.find(word, at + 1, end)
    return found


_Trie = dict[str, "_Trie"]


def _trie(words: list[str]) -> str:
    """A regex for text beginning with any of ``words``, factored by common beginnings.

    Python's regex engine tries alternatives one by one; a factored alternation rejects
    a word after looking at a letter or two.
    """
    if not words:
        return "(?!)"  # nothing to find
    root: _Trie = {}
    for word in words:
        node = root
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    return _trie_regex(root)


def _trie_regex(node: _Trie) -> str:
    children = sorted((char, child) for char, child in node.items() if char)
    branches = [re.escape(char) + _trie_regex(child) for char, child in children]
    if not branches:
        return ""
    alternatives = branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"
    if "" in node:  # a word ends here: a longer one is tried first (greedy), then this one
        return f"(?:{alternatives})?"
    return alternatives
