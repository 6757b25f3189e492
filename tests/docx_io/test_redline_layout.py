"""The spelling of tracked changes: same meaning, and no insertions touching across a kept mark."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from app.docx_io.redline_layout import layout
from app.domain.redline import RedlineOp, RedlineParagraph, Segment

OPS: tuple[RedlineOp, ...] = ("equal", "insert", "delete")
WORDS = st.sampled_from(["the ", "Customer ", "shall ", "not ", "train", " models", "  "])


@st.composite
def paragraphs(draw: st.DrawFn) -> RedlineParagraph:
    kind = draw(st.sampled_from(["normal", "normal", "inserted", "deleted"]))
    text = "".join(draw(st.lists(WORDS, min_size=1, max_size=4)))
    if kind == "inserted":
        return RedlineParagraph.inserted(text)
    if kind == "deleted":
        return RedlineParagraph.deleted(text)
    pieces: list[Segment] = [
        (draw(st.sampled_from(OPS)), draw(WORDS)) for _ in range(draw(st.integers(1, 5)))
    ]
    return RedlineParagraph.changed(pieces)


def fixable(paragraph: RedlineParagraph) -> bool:
    return paragraph.kind == "normal" and any(op != "insert" for op, _ in paragraph.segments)


@settings(max_examples=400, deadline=None)
@given(st.lists(paragraphs(), max_size=10))
def test_layout_keeps_each_paragraphs_old_and_new_text(items: list[RedlineParagraph]) -> None:
    spelled = layout(items)
    assert [p.old_text for p, _ in spelled] == [p.old_text for p in items]
    assert [p.new_text for p, _ in spelled] == [p.new_text for p in items]
    assert [p.kind for p, _ in spelled] == [p.kind for p in items]


@settings(max_examples=400, deadline=None)
@given(st.lists(paragraphs(), max_size=10))
def test_no_insertions_touch_across_a_kept_paragraph_mark(items: list[RedlineParagraph]) -> None:
    spelled = layout(items)
    for (before, mark), (after, _) in itertools.pairwise(spelled):
        touching = (
            mark is None
            and before.segments
            and after.segments
            and before.segments[-1][0] == "insert" == after.segments[0][0]
        )
        index = spelled.index((before, mark))
        if touching:
            # Only a next paragraph made wholly of insertions can leave them touching.
            assert not fixable(items[index + 1])


def test_new_paragraphs_after_an_insertion_are_marked_as_word_records_typing() -> None:
    items = [
        RedlineParagraph.changed([("equal", "Fees are due"), ("insert", " monthly.")]),
        RedlineParagraph.inserted("Late fees apply."),
        RedlineParagraph.inserted("Interest accrues."),
        RedlineParagraph.unchanged("Term."),
    ]
    assert [mark for _, mark in layout(items)] == ["inserted", "inserted", None, None]


def test_a_replacement_at_a_paragraph_start_is_written_deletion_first() -> None:
    items = [
        RedlineParagraph.changed([("equal", "Fees "), ("insert", "apply.")]),
        RedlineParagraph.changed([("insert", "Customer"), ("delete", "You"), ("equal", " pay.")]),
    ]
    second = layout(items)[1][0]
    assert second.segments == (("delete", "You"), ("insert", "Customer"), ("equal", " pay."))
