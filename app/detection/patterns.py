"""The rule pattern language: term lists, proximity and spacing expanded to plain regexes.

- ``{name}`` stands for the term list ``name``: any of its entries, as whole words;
- ``~N`` means "then, within N words" (``use ~8 {model}``; a hyphen separates words);
- a space matches any run of white space (legal text wraps lines anywhere);
- a pattern (or top-level alternative) that starts or ends with a letter matches whole
  words only: ``compet`` does not match "compete" (write ``compet\\w*``).

Everything else is Python regular-expression syntax, matched without regard to case.
"""

from __future__ import annotations

import re
import time
from collections.abc import Mapping

_TERM = re.compile(r"\{([A-Za-z_][A-Za-z0-9_-]*)\}")
_NEAR = re.compile(r"\s*~(\d+)\s*")
_META = set("\\.^$*+?{}[]()|")
_QUANTIFIERS = set("?*{+")


class PatternError(ValueError):
    """A pattern that cannot be used, with the reason in words."""


def _term_regex(name: str, terms: Mapping[str, tuple[str, ...]]) -> str:
    entries = terms.get(name)
    if entries is None:
        raise PatternError(f"unknown term list {{{name}}}")
    # Longest first, so "machine learning models" wins over "machine learning".
    alternatives = "|".join(_spaced(e) for e in sorted(entries, key=len, reverse=True))
    return rf"(?<!\w)(?:{alternatives})(?!\w)"


def _spaced(fragment: str) -> str:
    """Turn literal spaces (outside character classes) into ``\\s+``."""
    out: list[str] = []
    in_class = escaped = False
    for char in fragment:
        if escaped:
            out.append(char)
            escaped = False
        elif char == "\\":
            out.append(char)
            escaped = True
        elif char == "[":
            in_class = True
            out.append(char)
        elif char == "]":
            in_class = False
            out.append(char)
        elif char == " " and not in_class:
            if not out or out[-1] != r"\s+":
                out.append(r"\s+")
        else:
            out.append(char)
    return "".join(out)


def expand(pattern: str, terms: Mapping[str, tuple[str, ...]]) -> str:
    """The plain regular expression a rule pattern stands for."""
    near = _NEAR.sub(lambda m: rf" ~{m.group(1)}~ ", pattern)
    spaced = _spaced(near)
    proximity = re.sub(
        r"(?:\\s\+)?~(\d+)~(?:\\s\+)?",
        lambda m: rf"\W+(?:\w+\W+){{0,{m.group(1)}}}?",
        spaced,
    )
    return _TERM.sub(lambda m: _term_regex(m.group(1), terms), proximity)


def _whole_words(alternative: str, terms: Mapping[str, tuple[str, ...]]) -> str:
    """The regex of one top-level alternative; one that starts (ends) with a letter does not
    match inside a word."""
    regex = _possessive(expand(alternative, terms))
    if alternative.removeprefix("(?:")[:1].isalnum():
        regex = rf"(?<!\w)(?:{regex})"
    if alternative[-1:].isalnum():
        regex = rf"(?:{regex})(?!\w)"
    return regex


def compile_pattern(pattern: str, terms: Mapping[str, tuple[str, ...]]) -> re.Pattern[str]:
    """Compile a rule pattern; a :class:`PatternError` says what is wrong."""
    if not pattern.strip():
        raise PatternError("empty pattern")
    parts = [_whole_words(a, terms) for a in split_alternatives(pattern)]
    regex = parts[0] if len(parts) == 1 else "|".join(f"(?:{p})" for p in parts)
    try:
        compiled = re.compile(regex, re.IGNORECASE)
    except re.error as exc:
        raise PatternError(f"invalid pattern {pattern!r}: {exc}") from exc
    if compiled.search("") is not None:
        raise PatternError(f"pattern {pattern!r} matches empty text")
    return compiled


# A run of word characters followed by at least one non-word character: giving back letters of
# the word can never let the non-word part match, so the run need not keep backtracking
# positions (possessive). Not when the non-word part may be empty ("\w+\s?x" must match "abx").
_WORD_THEN_GAP = re.compile(r"(?<!\\)\\w([+*])(?=(?:\\W|\\s|\[\^\\w[^\]]*\])(?![?*]|\{0))")


def _possessive(regex: str) -> str:
    """The same regex, with word runs that end at a non-word part made possessive.

    Matches are the same; failing attempts (most of them) stop much sooner.
    """
    return _WORD_THEN_GAP.sub(lambda m: rf"\w{m.group(1)}+", regex)


def split_alternatives(fragment: str) -> list[str]:
    """The top-level alternatives of a regex fragment (``a|b(c|d)`` gives ``a``, ``b(c|d)``)."""
    return _split_top_level(fragment, "|")


def _split_top_level(fragment: str, separator: str) -> list[str]:
    """``fragment`` cut at each ``separator`` outside groups, classes and escapes."""
    parts: list[str] = []
    depth = 0
    current: list[str] = []
    escaped = in_class = False
    for char in fragment:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char in "()":
            depth += 1 if char == "(" else -1
        elif char == separator and depth == 0:
            parts.append("".join(current))
            current = []
            continue
        current.append(char)
    parts.append("".join(current))
    return parts


def _group_end(fragment: str) -> int:
    """The index just after the group that opens ``fragment`` (-1 when unbalanced)."""
    depth = 0
    escaped = in_class = False
    for index, char in enumerate(fragment):
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                return index + 1
    return -1


def _literal_prefix(fragment: str) -> str:
    """The literal word characters every match of ``fragment`` starts with (may be empty)."""
    out: list[str] = []
    for char in fragment:
        if char in _QUANTIFIERS:
            if out:
                out.pop()  # "models?": the quantified letter is optional
            break
        if not (char.isalnum() or char == "_"):
            break
        out.append(char)
    return "".join(out).lower()


def _starts(
    fragment: str, terms: Mapping[str, tuple[str, ...]], depth: int = 0, *, at_word: bool = False
) -> set[str] | None:
    """Word prefixes one of which every match of ``fragment`` starts with; None if unknown.

    ``at_word``: the fragment is known to start where a word may begin (after a non-letter),
    so any look-behind before its first letter is harmless.
    """
    if depth > 4:
        return None
    alternatives = split_alternatives(fragment)
    if len(alternatives) > 1:
        found: set[str] = set()
        for alternative in alternatives:
            starts = _starts(alternative, terms, depth + 1, at_word=at_word)
            if starts is None:
                return None
            found |= starts
        return found
    head = fragment.lstrip()
    # \b and look-behinds take no text; the match starts at a word only if one is \b or (?<!\w).
    assertions: list[str] = []
    while head.startswith(("\\b", "(?<")):
        end = 2 if head.startswith("\\b") else _group_end(head)
        if end < 0:
            return None
        assertions.append(head[:end])
        head = head[end:]
    if assertions and not at_word and not {"\\b", "(?<!\\w)"} & set(assertions):
        return None
    term = _TERM.match(head)
    if term:
        entries = terms.get(term.group(1), ())
        return _starts("|".join(entries), terms, depth + 1, at_word=at_word) if entries else None
    if head.startswith("(?:"):
        end = _group_end(head)
        if end < 0 or head[end : end + 1] in _QUANTIFIERS:
            return None  # an optional group: the match may start after it
        return _starts(head[3 : end - 1], terms, depth + 1, at_word=at_word)
    prefix = _literal_prefix(head)
    return {prefix} if prefix else None


def trigger_words(pattern: str, terms: Mapping[str, tuple[str, ...]]) -> frozenset[str] | None:
    """Lower-case word beginnings of which every match of ``pattern`` starts with one.

    None when they cannot be told from the pattern. The scanner tries a pattern only where
    one of them begins a word, which keeps scanning fast without changing a single result.
    """
    starts = _starts(pattern, terms)
    return frozenset(starts) if starts else None


def _pieces(pattern: str) -> list[str]:
    """The parts of a pattern that follow one another (split at top-level spaces and ~N)."""
    return [p for p in _split_top_level(_NEAR.sub(" ", pattern), " ") if p]


def required_words(
    pattern: str, terms: Mapping[str, tuple[str, ...]]
) -> tuple[frozenset[str], ...]:
    """Sets of word beginnings: every match of ``pattern`` contains one word of each set.

    Lets the scanner skip a pattern for any text that lacks one of them.
    """
    if len(split_alternatives(pattern)) > 1:
        first = trigger_words(pattern, terms)
        return (first,) if first else ()
    required = []
    for piece in _pieces(pattern):
        starts = _starts(piece, terms)
        if starts:
            required.append(frozenset(starts))
    for inner in _inner_words(pattern, terms):
        if inner not in required:
            required.append(inner)
    return tuple(required)


# Elements that match only characters that are not letters (or nothing), and their runs.
_NON_WORD = ("\\W", "\\s", " ", "~")
_OPTIONAL = re.compile(r"^(?:\?|\*|\{0?,\d*\})[?+]?$")


def _elements(fragment: str) -> list[tuple[str, str]]:
    """The top-level parts of a regex sequence with their quantifiers: ("(?:a|b)", "?")."""
    parts: list[tuple[str, str]] = []
    at = 0
    while at < len(fragment):
        char = fragment[at]
        if char == "(":
            end = _group_end(fragment[at:])
            if end < 0:
                return []
            element = fragment[at : at + end]
        elif char == "[":
            end = fragment.find("]", at + 2)
            if end < 0:
                return []
            element = fragment[at : end + 1]
        elif char == "\\":
            element = fragment[at : at + 2]
        elif char == "{" and (term := _TERM.match(fragment, at)):
            element = term.group()
        elif char == "~" and (near := _NEAR.match(fragment, at)):
            element = near.group()
        else:
            element = char
        at += len(element)
        quantifier = re.match(r"(?:[?*+]|\{\d*,?\d*\})[?+]?", fragment[at:])
        quantity = quantifier.group() if quantifier else ""
        at += len(quantity)
        parts.append((element, quantity))
    return parts


def _ends_apart(element: str) -> bool:
    """Whether every match of ``element`` ends with a character that is not a letter."""
    if element.startswith("(?:"):
        inner = element[3:-1]
        alternatives = [_elements(a) for a in split_alternatives(inner)]
        return all(a and _ends_apart(a[-1][0]) for a in alternatives)
    return (
        element.startswith(_NON_WORD)
        or element.startswith("[^\\w")
        or (len(element) == 1 and not (element.isalnum() or element in "_."))
    )


def _inner_words(
    pattern: str, terms: Mapping[str, tuple[str, ...]], *, apart: bool = False, depth: int = 0
) -> list[frozenset[str]]:
    """Word sets of the parts every match must contain that begin a word of the text.

    A part begins a word when what comes before it always ends with a non-letter (a space,
    ``\\W+``, a gap of whole words such as ``(?:\\w+\\W+){0,6}``); optional parts in between
    are skipped over only if they too end with a non-letter. ``apart``: whether the text
    before the pattern ends with a non-letter.
    """
    found: list[frozenset[str]] = []
    word: list[str] = []  # the literal letters a run of letters surely begins with
    run = stopped = False
    for element, quantity in [*_elements(pattern), ("", "")]:
        if len(element) == 1 and (element.isalnum() or element == "_"):
            if not stopped and (not quantity or quantity.startswith(("+", "{1"))):
                word.append(element)
            stopped = stopped or bool(quantity)  # after "s?" or "e+" the letters may differ
            run = True
            continue
        if run:
            if apart and word:
                found.append(frozenset({"".join(word).lower()}))
            apart, word, run, stopped = False, [], False, False
        if not element:
            break
        if element.startswith(("(?=", "(?!", "(?<=", "(?<!")) or element == "\\b":
            apart = apart or element in ("(?<!\\w)", "\\b")
            continue
        if quantity and _OPTIONAL.match(quantity):
            apart = apart and _ends_apart(element)
            continue
        if element.startswith(("(?:", "{")) and not element.startswith("(?:\\w"):
            found += [ws for ws in _group_words(element, terms, apart, depth) if ws not in found]
        apart = _ends_apart(element)
    return found


def _rarity(words: frozenset[str]) -> tuple[int, int]:
    """How rare a word set likely is: longer words first, then fewer of them."""
    return min(len(w) for w in words), -len(words)


def _group_words(
    element: str, terms: Mapping[str, tuple[str, ...]], apart: bool, depth: int
) -> list[frozenset[str]]:
    """Word sets every match of a group (or term list) contains.

    Its first words when it begins a word; and, from inside it, the rarest set of each
    alternative joined together ("be changed|make changes" needs changed or changes).
    """
    found: list[frozenset[str]] = []
    if apart and (starts := _starts(element, terms, at_word=True)):
        found.append(frozenset(starts))
    if not element.startswith("(?:") or depth >= 4:
        return found
    alternatives = split_alternatives(element[3:-1])
    inner = [_inner_words(a, terms, apart=apart, depth=depth + 1) for a in alternatives]
    if len(inner) == 1:
        return found + [ws for ws in inner[0] if ws not in found]
    if all(inner):
        joined = frozenset().union(*(max(sets, key=_rarity) for sets in inner))
        if joined not in found:
            found.append(joined)
    return found


# Probe sizes and limits for runaway backtracking: a nested repetition such as "(\w+\s?)+$"
# takes about 2**n steps on n repeated characters, so four more characters cost ~16 times
# as much; a sound pattern grows about linearly.
_PROBE_SIZES = (9, 13)
_PROBE_GROWTH = 5.0
_PROBE_FLOOR_SECONDS = 0.0002


def _probe_texts(pattern: str, size: int) -> list[str]:
    """Texts that make runaway patterns show: runs of the pattern's own letters and words."""
    letters = sorted({c for c in pattern.lower() if c.isalnum()} | {"a"})
    words = sorted(set(re.findall(r"[a-z]{2,}", pattern.lower())))[:20]
    texts = [run for c in letters for run in (c * size, (c + " ") * size, (c + "-") * size)]
    texts += [run for w in words for run in ((w + " ") * size, w * size)]
    return [t + "!" for t in texts]


def _probe_seconds(compiled: re.Pattern[str], size: int) -> float:
    texts = _probe_texts(compiled.pattern, size)
    started = time.perf_counter()
    for text in texts:
        compiled.search(text)
    return time.perf_counter() - started


def runs_away(compiled: re.Pattern[str]) -> bool:
    """Whether the pattern's time grows exponentially with the text (catastrophic backtracking).

    A quick probe on short texts, for patterns a user types: Python's regex engine cannot be
    interrupted, so such a pattern would freeze the application on a long sentence.
    """
    small, large = _PROBE_SIZES
    # The fastest of three runs: a busy machine only ever makes a run slower.
    before = min(_probe_seconds(compiled, small) for _ in range(3))
    after = min(_probe_seconds(compiled, large) for _ in range(3))
    return after > _PROBE_FLOOR_SECONDS and after > _PROBE_GROWTH * max(before, 1e-6)
