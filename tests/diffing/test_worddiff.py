"""The word diff: pieces rebuild both texts, changes fall on word boundaries, timeouts are told."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from app.diffing.tokens import tokenize
from app.diffing.worddiff import WordDiffer
from app.domain.comparison import CompareOptions, Piece

WORDS = [
    "the", "Customer", "shall", "not", "use", "Output", "to", "develop", "models", "that",
    "compete", "with", "OpenAI", "café\u0301", "😀", "👨\u200d👩\u200d👧", "禁止", "训练",
    "שלום", "مرحبا", "e\u0301", "4.2", "(a)", ",", ".", ";", "\n", "  ",
]  # fmt: skip


def _old(pieces: tuple[Piece, ...]) -> str:
    return "".join(t for op, t in pieces if op != "insert")


def _new(pieces: tuple[Piece, ...]) -> str:
    return "".join(t for op, t in pieces if op != "delete")


def _diff(old: str, new: str, options: CompareOptions | None = None) -> tuple[Piece, ...]:
    return WordDiffer(options).diff(tokenize(old), tokenize(new)).pieces


sentences = st.lists(st.sampled_from(WORDS), max_size=40).map(" ".join)


@settings(max_examples=150, deadline=None)
@given(sentences, sentences)
def test_pieces_rebuild_the_old_and_the_new_text(old: str, new: str) -> None:
    pieces = _diff(old, new)
    assert _old(pieces) == old
    assert _new(pieces) == new


@settings(max_examples=150, deadline=None)
@given(sentences, st.data())
def test_random_edits_never_split_a_word(old: str, data: st.DataObject) -> None:
    tokens = tokenize(old)
    edited = list(tokens)
    for _ in range(data.draw(st.integers(0, 5))):
        at = data.draw(st.integers(0, len(edited)))
        edited[at:at] = [data.draw(st.sampled_from(WORDS)), " "]
    new = "".join(edited)
    pieces = _diff(old, new)
    old_bounds = _boundaries(tokenize(old))
    new_bounds = _boundaries(tokenize(new))
    position_old = position_new = 0
    for op, text in pieces:
        if op != "insert":
            position_old += len(text)
            assert position_old in old_bounds
        if op != "delete":
            position_new += len(text)
            assert position_new in new_bounds


def _boundaries(tokens: list[str]) -> set[int]:
    bounds, position = {0}, 0
    for token in tokens:
        position += len(token)
        bounds.add(position)
    return bounds


def test_changed_words_are_reported_whole() -> None:
    pieces = _diff(
        "You may not use Output to develop competing models.",
        "You may not use Output to develop models.",
    )
    assert pieces == (
        ("equal", "You may not use Output to develop "),
        ("delete", "competing "),
        ("equal", "models."),
    )


def test_nearby_small_edits_merge_into_one_readable_change() -> None:
    pieces = _diff("the quick brown fox", "a slow brown fox")
    assert pieces[0] == ("delete", "the quick")
    assert pieces[1] == ("insert", "a slow")


def test_identical_and_empty_texts() -> None:
    assert _diff("same text", "same text") == (("equal", "same text"),)
    assert _diff("", "") == ()
    assert _diff("", "new") == (("insert", "new"),)
    assert _diff("old", "") == (("delete", "old"),)


def test_ignore_case_and_whitespace_hide_those_differences() -> None:
    options = CompareOptions(ignore_case=True, ignore_whitespace=True)
    pieces = _diff("The  Fees apply", "the fees\napply", options)
    assert pieces == (("equal", "the fees\napply"),)


def test_timeout_is_detected_and_redone_exactly() -> None:
    old = " ".join(f"w{i % 97} x{i % 89}" for i in range(4000))
    new = " ".join(f"w{(i * 7) % 97} x{i % 83}" for i in range(4000))
    result = WordDiffer(timeout=0.0001).diff(tokenize(old), tokenize(new))
    assert result.timed_out
    assert not result.approximate
    assert _old(result.pieces) == old
    assert _new(result.pieces) == new
    # An exact alignment keeps what the two texts share instead of replacing everything.
    assert any(op == "equal" for op, _ in result.pieces)


def test_huge_text_that_times_out_is_aligned_sentence_by_sentence() -> None:
    sentences = [f"Clause {k} binds party {k % 7} to duty {k % 11}." for k in range(2500)]
    edited = list(sentences)
    for k in range(0, 2500, 9):
        edited[k] = edited[k].replace("binds", "obliges")
    old, new = " ".join(sentences), " ".join(edited)
    result = WordDiffer(timeout=0.01).diff(tokenize(old), tokenize(new))
    assert result.timed_out
    assert not result.approximate
    assert _old(result.pieces) == old
    assert _new(result.pieces) == new
    changed = [(op, t) for op, t in result.pieces if op != "equal"]
    assert changed.count(("delete", "binds")) == len(range(0, 2500, 9))
