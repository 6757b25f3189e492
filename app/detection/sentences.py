"""Splitting clause text into sentences and list items, aware of legal abbreviations."""

from __future__ import annotations

import re
from typing import NamedTuple

# Words that end with a full stop without ending the sentence ("Sec. 4", "Acme Inc. shall").
ABBREVIATIONS = frozenset(
    [
        "e.g",
        "i.e",
        "vs",
        "v",
        "cf",
        "viz",
        "al",
        "approx",
        "inc",
        "ltd",
        "llc",
        "llp",
        "plc",
        "co",
        "corp",
        "bros",
        "dept",
        "no",
        "nos",
        "sec",
        "secs",
        "art",
        "arts",
        "para",
        "paras",
        "cl",
        "ch",
        "p",
        "pp",
        "s",
        "ss",
        "reg",
        "regs",
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "st",
        "jr",
        "sr",
        "u.s",
        "u.k",
        "u.s.a",
        "e.u",
        "fig",
        "vol",
        "ed",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "ref",
        "resp",
    ]
)

# Candidate boundary: terminal punctuation with any closing quotes/brackets, then space.
_BOUNDARY = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s)|\n")
# A list item starts with a bullet or a marker such as (a), (iii), 1., 2.1, a), iv.
# (Matched where a sentence starts: no "^", which would only hold at the text's start.)
_LIST_MARKER = re.compile(
    r"\s*(?:[*\-•·▪◦]|\(?[a-z]{1,3}\)|\(?\d+(?:\.\d+)*[.)]?|[ivxlc]{1,6}[.)]|[a-z][.)])\s",
    re.IGNORECASE,
)


class Segment(NamedTuple):
    """A sentence or list item: ``start``/``end`` offsets, and the lead-in of its list if any."""

    start: int
    end: int
    lead_in: str | None = None


def _is_abbreviation(text: str, dot: int) -> bool:
    """Whether the full stop at ``dot`` belongs to an abbreviation or an initial."""
    begin, lowest = dot, max(0, dot - 20)
    while begin > lowest and (text[begin - 1].isalnum() or text[begin - 1] in "._"):
        begin -= 1  # back to the start of the word (letters and dots) before the full stop
    if begin == dot:
        return False
    word = text[begin:dot].lower().strip(".")
    if len(word) == 1 and word.isalpha():
        return True  # an initial ("J. Smith") or a list letter ("a.")
    line_start = text.rfind("\n", 0, begin) + 1
    if len(word) <= 5 and not text[line_start:begin].strip():
        return True  # a list marker opening a line: "1.", "2.1.", "iv."
    return word in ABBREVIATIONS


def _boundaries(text: str) -> list[int]:
    """Offsets where a new sentence starts."""
    cuts: list[int] = []
    for found in _BOUNDARY.finditer(text):
        end = found.end()
        first = text[found.start()]
        if first != "\n":
            if first == "." and _is_abbreviation(text, found.start()):
                continue
            following = text[end : end + 3].lstrip()
            if following[:1].islower():
                continue  # "approx. three", "e.g. models": the sentence goes on
        cuts.append(end)
    return cuts


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def split_segments(text: str, lead_in: str | None = None) -> list[Segment]:
    """Sentences and list items of ``text``, each with the lead-in of its list.

    A segment ending with a colon ("You may not:") is the lead-in of the list items after it;
    ``lead_in`` is the lead-in carried over from a previous clause.
    """
    segments: list[Segment] = []
    current_lead = lead_in
    follows_lead = lead_in is not None
    start = 0
    for cut in [*_boundaries(text), len(text)]:
        seg_start, seg_end = _trimmed(text, start, cut)
        start = cut
        if seg_start == seg_end:
            continue
        is_item = _LIST_MARKER.match(text, seg_start, seg_end) is not None
        lead = current_lead if (is_item or follows_lead) else None
        if lead is None:
            current_lead = None
        segments.append(Segment(seg_start, seg_end, lead))
        follows_lead = text[seg_end - 1] == ":"
        if follows_lead:
            current_lead = text[seg_start:seg_end]
    return segments


def last_lead_in(text: str) -> str | None:
    """The lead-in a clause hands to the next one: its last sentence, if it ends with a colon."""
    stripped = text.rstrip()
    if not stripped.endswith(":"):
        return None
    segments = split_segments(stripped)
    return stripped[segments[-1].start : segments[-1].end] if segments else None
