"""Three-way merge of clause wordings: separate edits combine, overlapping ones keep both."""

from __future__ import annotations

from app.diffing.merge import has_overlap_marks, merge_texts

BASE = (
    "The Customer may not use the Output to train a competing model. "
    "These Terms are governed by the laws of England."
)


def test_edits_of_different_passages_are_both_applied() -> None:
    mine = BASE.replace("may not", "shall not")
    theirs = BASE.replace("England", "Ireland")
    merged = merge_texts(BASE, mine, theirs)
    assert merged.clean
    assert merged.text == BASE.replace("may not", "shall not").replace("England", "Ireland")


def test_the_same_passage_changed_differently_keeps_both_wordings_marked() -> None:
    mine = BASE.replace("may not", "shall not")
    theirs = BASE.replace("may not", "must not")
    merged = merge_texts(BASE, mine, theirs)
    assert merged.overlaps == 1 and not merged.clean
    assert "Theirs: must" in merged.text and "Yours: shall" in merged.text
    assert has_overlap_marks(merged.text)
    assert merged.text.endswith("governed by the laws of England.")


def test_the_same_change_on_both_sides_is_made_once() -> None:
    mine = theirs = BASE.replace("England", "Wales")
    assert merge_texts(BASE, mine, theirs).text == mine
    both = BASE.replace("England", "Wales").replace("Customer", "Client")
    merged = merge_texts(BASE, both, BASE.replace("England", "Wales"))
    assert merged.clean and merged.text == both


def test_additions_at_both_ends_combine() -> None:
    merged = merge_texts(BASE, BASE + " Survives termination.", "Definitions apply. " + BASE)
    assert merged.text == "Definitions apply. " + BASE + " Survives termination."


def test_additions_at_the_same_place_are_an_overlap() -> None:
    merged = merge_texts(BASE, BASE + " Mine.", BASE + " Theirs.")
    assert merged.overlaps == 1
    assert "Mine." in merged.text and "Theirs." in merged.text


def test_only_one_side_changed_takes_that_side() -> None:
    changed = BASE.replace("England", "Scotland")
    assert merge_texts(BASE, BASE, changed).text == changed
    assert merge_texts(BASE, changed, BASE).text == changed
    assert not has_overlap_marks(changed)
