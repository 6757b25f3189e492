"""What a user typed into a search box, as terms and phrases any search engine can render."""

from __future__ import annotations

import re
from dataclasses import dataclass

_TOKEN_RE = re.compile(r'"([^"]*)"|(\S+)')
_WORD_RE = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class SearchTerm:
    """A word (matched with its inflections) or a quoted phrase (words in order)."""

    words: tuple[str, ...]
    phrase: bool = False


def parse_query(text: str) -> list[SearchTerm]:
    """Split a query into terms: bare words and "quoted phrases"; punctuation is ignored.

    Operators and special characters of the underlying engine never reach it: each term is
    reduced to its word characters, so any input is a valid query.
    """
    terms: list[SearchTerm] = []
    for match in _TOKEN_RE.finditer(text):
        quoted, bare = match.group(1), match.group(2)
        words = tuple(w.lower() for w in _WORD_RE.findall(quoted if quoted is not None else bare))
        if not words:
            continue
        if quoted is not None and len(words) > 1:
            terms.append(SearchTerm(words, phrase=True))
        else:
            terms.extend(SearchTerm((w,)) for w in words)
    return terms


_SUFFIXES = (
    "ations",
    "ation",
    "ings",
    "ing",
    "ions",
    "ion",
    "ors",
    "or",
    "ers",
    "er",
    "ies",
    "ied",
    "es",
    "ed",
    "ive",
    "s",
    "e",
    "y",
)
_SNIPPET_CHARS = 180
_TEXT_TOKEN_RE = re.compile(r"\w+", re.UNICODE)


def rough_stem(word: str) -> str:
    """A small suffix stripper for highlighting (the search engine stems properly itself)."""
    word = word.lower()
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def _pattern(terms: list[SearchTerm]) -> re.Pattern[str]:
    """One regex for every query word: longer words match as prefixes, as in the search."""
    alternatives = []
    for term in terms:
        for word in term.words:
            stem = re.escape(rough_stem(word))
            tail = r"\w*" if len(word) >= 4 else r"(?:" + "|".join(_SUFFIXES) + r")?"
            alternatives.append(stem + tail)
    return re.compile(r"\b(?:" + "|".join(alternatives) + r")\b", re.IGNORECASE)


def make_snippet(text: str, terms: list[SearchTerm]) -> tuple[str, tuple[tuple[int, int], ...]]:
    """A short excerpt around the best cluster of matches, with the matches as spans."""
    pattern = _pattern(terms)
    hits = [m.start() for m, _ in zip(pattern.finditer(text), range(40), strict=False)]
    anchor = 0
    if hits:
        anchor = max(hits, key=lambda h: sum(1 for x in hits if h <= x < h + _SNIPPET_CHARS))
    start = _word_start(text, max(0, anchor - 30)) if anchor > 30 else 0
    end = _word_end(text, start + _SNIPPET_CHARS)
    excerpt = " ".join(text[start:end].split())
    snippet = ("…" if start > 0 else "") + excerpt + ("…" if end < len(text) else "")
    return snippet, tuple(m.span() for m in pattern.finditer(snippet))


def _word_start(text: str, pos: int) -> int:
    while pos > 0 and not text[pos - 1].isspace():
        pos -= 1
    return pos


def _word_end(text: str, pos: int) -> int:
    if pos >= len(text):
        return len(text)
    while pos < len(text) and not text[pos].isspace():
        pos += 1
    return pos
