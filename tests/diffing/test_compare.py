"""Clause-aware comparison: alignment by content, statuses, trivial edits, the summary."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.diffing.compare import clause_text, compare_documents
from app.domain.comparison import CompareOptions, Comparison
from app.domain.document import SourceClause, SplitDocument

BODIES = [
    "The Customer shall pay all fees within thirty days of the invoice date.",
    "You may not use Output to develop models that compete with the Provider.",
    "This Agreement is governed by the laws of the State of New York.",
    "Either party may terminate this Agreement on thirty days written notice.",
    "The Provider's total liability is limited to the fees paid in the last twelve months.",
    "The Customer owns all Input and, to the extent permitted by law, all Output.",
    "Notices must be in writing and sent to the addresses given in the Order Form.",
    "Neither party is liable for delays caused by events beyond its reasonable control.",
]


def _doc(*clauses: tuple[str | None, str | None, str], source: str = "doc.md") -> SplitDocument:
    return SplitDocument(
        source,
        tuple(
            SourceClause(index=k, number=n, heading=h, text=t)
            for k, (n, h, t) in enumerate(clauses)
        ),
    )


def _numbered(*bodies: str) -> SplitDocument:
    return _doc(*((f"{k + 1}.", None, b) for k, b in enumerate(bodies)))


def _statuses(comparison: Comparison) -> list[tuple[str, int | None, int | None]]:
    return [(c.status, c.old_index, c.new_index) for c in comparison.clauses]


def _check_pieces(comparison: Comparison, old: SplitDocument, new: SplitDocument) -> None:
    for change in comparison.clauses:
        expected_old = (
            clause_text(old.clauses[change.old_index]) if change.old_index is not None else ""
        )
        expected_new = (
            clause_text(new.clauses[change.new_index]) if change.new_index is not None else ""
        )
        assert change.old_text == expected_old
        assert change.new_text == expected_new


def test_identical_documents_are_all_unchanged() -> None:
    doc = _numbered(*BODIES)
    comparison = compare_documents(doc, doc)
    assert {c.status for c in comparison.clauses} == {"unchanged"}
    assert comparison.summary.unchanged == len(BODIES)
    assert comparison.summary.words_inserted == comparison.summary.words_deleted == 0


def test_empty_documents_compare_cleanly() -> None:
    empty = _doc()
    assert compare_documents(empty, empty).clauses == ()
    added = compare_documents(empty, _doc((None, None, "One clause.")))
    assert _statuses(added) == [("added", None, 0)]
    assert added.summary.words_inserted == 2
    removed = compare_documents(_doc((None, None, "One clause.")), empty)
    assert _statuses(removed) == [("removed", 0, None)]


def test_edited_clause_is_modified_with_word_changes() -> None:
    old = _numbered(*BODIES)
    edited = list(BODIES)
    edited[1] = edited[1].replace("models that compete with", "any models to rival")
    new = _numbered(*edited)
    comparison = compare_documents(old, new)
    change = comparison.clauses[1]
    assert change.status == "modified"
    assert not change.trivial
    assert 0 < change.similarity < 1
    assert any(op == "delete" and "compete" in text for op, text in change.changes)
    assert any(op == "insert" and "rival" in text for op, text in change.changes)
    _check_pieces(comparison, old, new)


def test_removed_and_added_clauses_are_told_apart_from_edits() -> None:
    old = _numbered(*BODIES[:6])
    new = _doc(
        *(("", None, b) for b in [BODIES[0], BODIES[1], BODIES[3], BODIES[4], BODIES[5], BODIES[7]])
    )
    comparison = compare_documents(old, new)
    statuses = [c.status for c in comparison.clauses]
    assert statuses.count("removed") == 1
    assert statuses.count("added") == 1
    removed = next(c for c in comparison.clauses if c.status == "removed")
    assert removed.old_index == 2
    # The removed clause stands where it was: after clause 2 of the new document.
    assert statuses.index("removed") == 2
    _check_pieces(comparison, old, new)


def test_moved_clause_is_moved_and_the_rest_keep_their_place() -> None:
    old = _doc(*((None, None, b) for b in BODIES))
    order = [0, 1, 2, 6, 3, 4, 5, 7]
    new = _doc(*((None, None, BODIES[k]) for k in order))
    comparison = compare_documents(old, new)
    moved = [c for c in comparison.clauses if c.status == "moved"]
    assert [(c.old_index, c.new_index) for c in moved] == [(6, 3)]
    assert not moved[0].has_edits
    assert comparison.summary.moved == 1
    assert comparison.summary.unchanged == 7
    position_of_moved = comparison.clauses.index(moved[0])
    assert comparison.moved_from == ((7, position_of_moved),)


def test_moved_and_changed_clause_carries_its_edits() -> None:
    old = _doc(*((None, None, b) for b in BODIES))
    changed = BODIES[6].replace("in writing", "by email")
    new = _doc(*((None, None, b) for b in [BODIES[6 - 6], changed, *BODIES[1:6], BODIES[7]]))
    comparison = compare_documents(old, new)
    moved = next(c for c in comparison.clauses if c.status == "moved")
    assert moved.has_edits
    assert ("insert", "by email") in moved.changes
    _check_pieces(comparison, old, new)


def test_renumbering_only_is_trivial() -> None:
    old = _doc(("4.", "Fees", BODIES[0]))
    new = _doc(("D.4.", "Fees", BODIES[0]))
    change = compare_documents(old, new).clauses[0]
    assert change.status == "modified"
    assert (change.trivial, change.trivial_reason) == (True, "renumbering")
    assert change.changes[:2] == (("delete", "4."), ("insert", "D.4."))


def test_ignore_numbering_makes_renumbered_clauses_unchanged() -> None:
    old = _doc(("4.", "Fees", BODIES[0]))
    new = _doc(("D.4.", "Fees", BODIES[0]))
    comparison = compare_documents(old, new, CompareOptions(ignore_numbering=True))
    assert comparison.clauses[0].status == "unchanged"
    assert comparison.clauses[0].new_text == "D.4. Fees\n" + BODIES[0]


def test_whitespace_case_and_punctuation_edits_are_trivial() -> None:
    cases = {
        "whitespace": BODIES[0].replace(" all ", "  all "),
        "case": BODIES[0].replace("Customer", "customer"),
        "punctuation": BODIES[0].replace("days of", "days, of"),
    }
    for reason, text in cases.items():
        change = compare_documents(_numbered(BODIES[0]), _numbered(text)).clauses[0]
        assert (change.trivial, change.trivial_reason) == (True, reason), reason


def test_dropped_word_is_not_trivial() -> None:
    old = _numbered("You may not use Output to develop competing models.")
    new = _numbered("You may use Output to develop competing models.")
    change = compare_documents(old, new).clauses[0]
    assert not change.trivial
    assert change.changes[1] == ("delete", "not ")


def test_ignore_case_and_whitespace_options() -> None:
    old = _numbered("The  Customer pays.")
    new = _numbered("the customer pays.")
    assert compare_documents(old, new).clauses[0].status == "modified"
    options = CompareOptions(ignore_case=True, ignore_whitespace=True)
    assert compare_documents(old, new, options).clauses[0].status == "unchanged"


def test_repeated_identical_clauses_pair_in_order() -> None:
    old = _doc(*((None, None, t) for t in ["Reserved.", BODIES[0], "Reserved.", BODIES[1]]))
    new = _doc(*((None, None, t) for t in ["Reserved.", BODIES[0], "Reserved.", BODIES[1]]))
    comparison = compare_documents(old, new)
    assert [c.status for c in comparison.clauses] == ["unchanged"] * 4


def test_one_huge_clause_diffs_exactly() -> None:
    words = [f"word{k % 50}" for k in range(20_000)]
    old_text = " ".join(words)
    words[10_000] = "changed"
    new_text = " ".join(words)
    comparison = compare_documents(_numbered(old_text), _numbered(new_text))
    change = comparison.clauses[0]
    assert change.status == "modified"
    assert [p for p in change.changes if p[0] != "equal"] == [
        ("delete", "word0"),
        ("insert", "changed"),
    ]


def test_non_latin_scripts_compare_without_splitting_characters() -> None:
    old = _numbered("禁止使用输出训练模型。😀 שלום עולם", "مرحبا بالعالم cafe\u0301")
    new = _numbered("禁止使用输出开发模型。😀 שלום לכולם", "مرحبا بالعالم café")
    comparison = compare_documents(old, new)
    _check_pieces(comparison, old, new)
    assert ("delete", "训练") in comparison.clauses[0].changes


texts = st.lists(
    st.sampled_from([*"abc XYZ.,\n", "😀", "é", "e\u0301", "禁", "ש", "ب", "👍🏽"]), max_size=40
).map("".join)


@settings(max_examples=80, deadline=None)
@given(st.lists(texts, max_size=6), st.lists(texts, max_size=6))
def test_pieces_always_rebuild_both_documents(old_texts: list[str], new_texts: list[str]) -> None:
    old = _doc(*((None, None, t) for t in old_texts))
    new = _doc(*((None, None, t) for t in new_texts))
    comparison = compare_documents(old, new)
    _check_pieces(comparison, old, new)
    seen_old = sorted(c.old_index for c in comparison.clauses if c.old_index is not None)
    seen_new = sorted(c.new_index for c in comparison.clauses if c.new_index is not None)
    assert seen_old == list(range(len(old_texts)))
    assert seen_new == list(range(len(new_texts)))
    assert [c.new_index for c in comparison.clauses if c.new_index is not None] == seen_new


def test_trivial_edits_insert_and_delete_no_words() -> None:
    old = _doc(("4.", "Fees", BODIES[0]), ("5.", None, BODIES[1]))
    new = _doc(("D.4.", "Fees", BODIES[0]), ("5.", None, BODIES[1].replace("not ", "")))
    summary = compare_documents(old, new).summary
    assert summary.trivial == 1
    assert (summary.words_inserted, summary.words_deleted) == (0, 1)


def test_unrelated_long_documents_compare_quickly_and_completely() -> None:
    import random
    import time

    vocabulary = " ".join(BODIES).split()
    chance = random.Random(5)

    def document(size: int) -> SplitDocument:
        texts = [" ".join(chance.choice(vocabulary) for _ in range(50)) for _ in range(size)]
        return _doc(*((None, None, text) for text in texts))

    old, new = document(600), document(600)
    start = time.perf_counter()
    comparison = compare_documents(old, new)
    assert time.perf_counter() - start < 10  # generous: about half a second on an idle machine
    _check_pieces(comparison, old, new)
    assert len([c for c in comparison.clauses if c.new_index is not None]) == 600


def test_progress_is_reported_and_raising_from_it_cancels() -> None:
    old = _numbered(*BODIES)
    calls: list[tuple[int, int]] = []
    compare_documents(old, old, progress=lambda done, total: calls.append((done, total)))
    assert calls == [(0, len(BODIES))]

    class CancelledError(Exception):
        pass

    def cancel(done: int, total: int) -> None:
        raise CancelledError

    with pytest.raises(CancelledError):
        compare_documents(old, old, progress=cancel)


def test_ignore_whitespace_also_ignores_spaces_added_after_punctuation() -> None:
    old = _numbered("Fees,taxes and  duties apply.")
    new = _numbered("Fees, taxes and duties\napply.")
    options = CompareOptions(ignore_whitespace=True)
    change = compare_documents(old, new, options).clauses[0]
    assert change.status == "unchanged"
    assert change.new_text == "1. Fees, taxes and duties\napply."
    joined = compare_documents(_numbered("Fees apply."), _numbered("Feesapply."), options)
    assert joined.clauses[0].status == "modified"


def test_ignore_whitespace_and_numbering_together() -> None:
    options = CompareOptions(ignore_whitespace=True, ignore_numbering=True)
    old = _doc(("4.", None, "Fees  apply."))
    new = _doc(("D.4.", None, "Fees apply."))
    assert compare_documents(old, new, options).clauses[0].status == "unchanged"


@settings(max_examples=60, deadline=None)
@given(
    st.lists(texts, max_size=5),
    st.lists(texts, max_size=5),
    st.builds(CompareOptions, st.booleans(), st.booleans(), st.booleans()),
)
def test_with_ignore_options_pieces_still_rebuild_the_new_document(
    old_texts: list[str], new_texts: list[str], options: CompareOptions
) -> None:
    old = _doc(*(("1.", None, t) for t in old_texts))
    new = _doc(*(("2.", None, t) for t in new_texts))
    comparison = compare_documents(old, new, options)
    for change in comparison.clauses:
        expected = (
            clause_text(new.clauses[change.new_index]) if change.new_index is not None else ""
        )
        assert change.new_text == expected
