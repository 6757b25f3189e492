"""Word-level diff on diff-match-patch: tokens are mapped to characters, diffed, mapped back.

Every token becomes one character, so diff-match-patch (and its semantic clean-up) works on whole
words, spaces and punctuation marks and a change never splits a word. diff-match-patch gives up
silently when ``Diff_Timeout`` expires and returns "delete everything, insert everything"; the
differ notices, re-diffs with rapidfuzz's exact alignment when that is affordable, and otherwise
marks the result approximate so the caller can say so.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass

from diff_match_patch import diff_match_patch
from rapidfuzz.distance import Indel

from app.domain.comparison import CompareOptions, Piece, PieceOp
from app.domain.errors import InvalidInputError

DEFAULT_TIMEOUT = 2.0
NUMBER_KEY = "\x00number"
# rapidfuzz's alignment needs about len(a) * len(b) / 8 bytes: keep it under ~50 MB.
_EXACT_FALLBACK_CELLS = 400_000_000
_FIRST_CODE = 0x100
_SURROGATES = range(0xD800, 0xE000)
_LAST_CODE = 0x10FFFF

_DMP_OPS: dict[int, PieceOp] = {-1: "delete", 0: "equal", 1: "insert"}


@dataclass(frozen=True)
class WordDiff:
    """The pieces of a word diff; ``timed_out`` when diff-match-patch ran out of time, and
    ``approximate`` when no exact fallback could replace its coarse answer."""

    pieces: tuple[Piece, ...]
    timed_out: bool = False
    approximate: bool = False


class _WatchedDiff(diff_match_patch):  # type: ignore[misc]
    """diff-match-patch that records whether any bisection ran past its deadline."""

    def __init__(self) -> None:
        super().__init__()
        self.expired = False

    def diff_bisect(self, text1: str, text2: str, deadline: float) -> list[tuple[int, str]]:
        result: list[tuple[int, str]] = super().diff_bisect(text1, text2, deadline)
        if time.time() > deadline:
            self.expired = True
        return result


class WordDiffer:
    """Diffs token sequences; one instance shares its token-to-character table across clauses."""

    def __init__(self, options: CompareOptions | None = None, timeout: float = DEFAULT_TIMEOUT):
        self.options = options or CompareOptions()
        self.timeout = timeout
        self._codes: dict[str, str] = {}
        self._next_code = _FIRST_CODE

    def key(self, token: str) -> str:
        """What a token is compared as, under the ignore options."""
        if self.options.ignore_whitespace:
            # Tokens may carry the white space after them (see compare._glue_spaces).
            token = token.strip() or " "
        if self.options.ignore_case:
            return token.casefold()
        return token

    def keys(self, tokens: list[str]) -> list[str]:
        """The keys of many tokens (the tokens themselves when nothing is ignored)."""
        options = self.options
        if not (options.ignore_case or options.ignore_whitespace):
            return tokens
        return [self.key(t) for t in tokens]

    def diff(
        self,
        old: Sequence[str],
        new: Sequence[str],
        old_keys: Sequence[str] | None = None,
        new_keys: Sequence[str] | None = None,
    ) -> WordDiff:
        """Pieces whose equal + delete texts join to ``old`` and equal + insert texts to ``new``.

        Equal pieces carry the new text: under an ignore option they may differ from the old.
        """
        a = self._encode(old_keys if old_keys is not None else self.keys(list(old)))
        b = self._encode(new_keys if new_keys is not None else self.keys(list(new)))
        dmp = _WatchedDiff()
        dmp.Diff_Timeout = self.timeout
        diffs: list[tuple[int, str]] = dmp.diff_main(a, b, False)
        timed_out, approximate = dmp.expired, False
        if timed_out:
            if len(a) * len(b) <= _EXACT_FALLBACK_CELLS:
                diffs = _exact_diffs(a, b)
            else:
                diffs, approximate = _by_sentences(a, b, old, new)
        dmp.diff_cleanupSemantic(diffs)
        return WordDiff(_decode(diffs, old, new), timed_out, approximate)

    def _encode(self, keys: Sequence[str]) -> str:
        codes = self._codes
        # New keys get codes in order of appearance, so the same input always diffs the same.
        for key in dict.fromkeys(keys):
            if key not in codes:
                codes[key] = self._allocate()
        return "".join(map(codes.__getitem__, keys))

    def _allocate(self) -> str:
        code = self._next_code
        if code in _SURROGATES:
            code = _SURROGATES.stop
        if code > _LAST_CODE:
            raise InvalidInputError("the documents have too many distinct words to compare")
        self._next_code = code + 1
        return chr(code)


def _exact_diffs(a: str, b: str) -> list[tuple[int, str]]:
    """An exact (longest common subsequence) alignment, in diff-match-patch's form."""
    diffs: list[tuple[int, str]] = []
    for opcode in Indel.opcodes(a, b):
        i1, i2 = opcode.src_start, opcode.src_end
        j1, j2 = opcode.dest_start, opcode.dest_end
        if opcode.tag == "equal":
            diffs.append((0, a[i1:i2]))
        else:
            if i2 > i1:
                diffs.append((-1, a[i1:i2]))
            if j2 > j1:
                diffs.append((1, b[j1:j2]))
    return diffs


def _by_sentences(
    a: str, b: str, old: Sequence[str], new: Sequence[str]
) -> tuple[list[tuple[int, str]], bool]:
    """Two passes for texts too long to align word by word at once: align sentences, then the
    words of each run of changed sentences. Approximate only if such a run is itself too long."""
    old_units, new_units = _sentences(old), _sentences(new)
    codes: dict[str, str] = {}
    unit_a = "".join(_unit_code(a[s:e], codes) for s, e in old_units)
    unit_b = "".join(_unit_code(b[s:e], codes) for s, e in new_units)
    diffs: list[tuple[int, str]] = []
    approximate = False
    pending_a = pending_b = ""

    def flush() -> None:
        nonlocal pending_a, pending_b, approximate
        if len(pending_a) * len(pending_b) <= _EXACT_FALLBACK_CELLS:
            diffs.extend(_exact_diffs(pending_a, pending_b))
        else:
            diffs.extend(d for d in ((-1, pending_a), (1, pending_b)) if d[1])
            approximate = True
        pending_a = pending_b = ""

    for opcode in Indel.opcodes(unit_a, unit_b):
        chars_a = _span(a, old_units, opcode.src_start, opcode.src_end)
        chars_b = _span(b, new_units, opcode.dest_start, opcode.dest_end)
        if opcode.tag == "equal":
            flush()
            diffs.append((0, chars_a))
        else:
            pending_a += chars_a
            pending_b += chars_b
    flush()
    return [d for d in diffs if d[1]], approximate


def _sentences(tokens: Sequence[str]) -> list[tuple[int, int]]:
    """Token ranges of sentences: a unit ends at a line break or at the space after . ; ! ?"""
    units: list[tuple[int, int]] = []
    start = 0
    for k, token in enumerate(tokens):
        ends = "\n" in token or (
            token.isspace() and k > 0 and tokens[k - 1] in (".", ";", "!", "?", ":")
        )
        if ends:
            units.append((start, k + 1))
            start = k + 1
    if start < len(tokens):
        units.append((start, len(tokens)))
    return units


def _unit_code(chars: str, codes: dict[str, str]) -> str:
    code = codes.get(chars)
    if code is None:
        number = _FIRST_CODE + len(codes)
        if number >= _SURROGATES.start:
            number += len(_SURROGATES)
        code = codes[chars] = chr(number)
    return code


def _span(chars: str, units: list[tuple[int, int]], first: int, last: int) -> str:
    """The characters of units ``first`` up to ``last`` (exclusive)."""
    if last <= first:
        return ""
    return chars[units[first][0] : units[last - 1][1]]


def _decode(
    diffs: list[tuple[int, str]], old: Sequence[str], new: Sequence[str]
) -> tuple[Piece, ...]:
    """Character runs back to token runs: each character stands for one token."""
    pieces: list[Piece] = []
    i = j = 0
    for op, chars in diffs:
        size = len(chars)
        if op == 0:
            text = "".join(new[j : j + size])
            i, j = i + size, j + size
        elif op == -1:
            text = "".join(old[i : i + size])
            i += size
        else:
            text = "".join(new[j : j + size])
            j += size
        kind = _DMP_OPS[op]
        if pieces and pieces[-1][0] == kind:
            pieces[-1] = (kind, pieces[-1][1] + text)
        elif text:
            pieces.append((kind, text))
    return tuple(_deletions_first(pieces))


def _deletions_first(pieces: list[Piece]) -> list[Piece]:
    """Within a run of changes, the deleted text reads before the inserted text."""
    ordered: list[Piece] = []
    run: list[Piece] = []
    for piece in [*pieces, ("equal", "")]:
        if piece[0] == "equal":
            deleted = "".join(t for op, t in run if op == "delete")
            inserted = "".join(t for op, t in run if op == "insert")
            if deleted:
                ordered.append(("delete", deleted))
            if inserted:
                ordered.append(("insert", inserted))
            run = []
            if piece[1]:
                ordered.append(piece)
        else:
            run.append(piece)
    return ordered
