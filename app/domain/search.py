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
