"""Tokens of a clause for the word diff: words, runs of white space, and single punctuation marks.

Joining the tokens gives the text back exactly. A word keeps its combining marks and inner
apostrophes; an emoji keeps its modifiers and zero-width-joined parts; each CJK character is a
word of its own (those scripts do not separate words with spaces).
"""

from __future__ import annotations

import re
from functools import cache

# Combining marks (Latin, Hebrew, Arabic; Indic blocks whole) and zero-width joiners that
# belong to the letters around them.
_MARKS = (
    "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
    "\u0591-\u05c7\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed"
    "\u0900-\u0963\u0966-\u0dff\u200c\u200d"
)
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_EMOJI_TAIL = "\ufe0e\ufe0f\U0001f3fb-\U0001f3ff\U000e0020-\U000e007f"
_LETTER = rf"(?:[^\W{_CJK}]|[{_MARKS}])"

_TOKEN = rf"""
      [{_CJK}][{_MARKS}]*
    | {_LETTER}+(?:['\u2019]{_LETTER}+)*
    | \s+
    | [^\w\s](?:\u200d[^\s]|[{_MARKS}{_EMOJI_TAIL}])*
    """
_WORD = rf"[{_CJK}]|{_LETTER}+(?:['\u2019]{_LETTER}+)*"
# Most legal text has no marks, CJK or emoji: plain patterns split it four times faster, and
# the full patterns (slow to compile) are built only when a text needs them.
_PLAIN_TOKEN = re.compile(r"\w+(?:['\u2019]\w+)*|\s+|[^\w\s]")
_PLAIN_WORD = re.compile(r"\w+(?:['\u2019]\w+)*")
_NEEDS_FULL = re.compile(rf"[{_MARKS}{_CJK}{_EMOJI_TAIL}]")


@cache
def _full(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.VERBOSE)


def tokenize(text: str) -> list[str]:
    """The tokens of ``text``; ``"".join(tokenize(text)) == text``."""
    pattern = _full(_TOKEN) if _NEEDS_FULL.search(text) else _PLAIN_TOKEN
    return pattern.findall(text)


def count_words(text: str) -> int:
    """How many words a text holds (each CJK character counts as one)."""
    pattern = _full(_WORD) if _NEEDS_FULL.search(text) else _PLAIN_WORD
    return len(pattern.findall(text))
