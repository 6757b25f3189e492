"""Redline paragraphs: accepting all gives the new text, rejecting all the old."""

from __future__ import annotations

import pytest

from app.domain.redline import RedlineParagraph, accept_all, merge_segments, reject_all


def test_accept_and_reject_give_new_and_old_paragraphs() -> None:
    paragraphs = [
        RedlineParagraph.unchanged("Term", role="heading"),
        RedlineParagraph.changed(
            [("equal", "The "), ("delete", "old"), ("insert", "new"), ("equal", " term.")]
        ),
        RedlineParagraph.inserted("Added clause."),
        RedlineParagraph.deleted("Removed clause."),
    ]
    assert accept_all(paragraphs) == ["Term", "The new term.", "Added clause."]
    assert reject_all(paragraphs) == ["Term", "The old term.", "Removed clause."]


def test_wholly_inserted_paragraph_refuses_deleted_pieces() -> None:
    with pytest.raises(ValueError, match="wholly inserted"):
        RedlineParagraph((("delete", "x"),), kind="inserted")


def test_unknown_operation_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown redline operation"):
        RedlineParagraph((("replace", "x"),))  # type: ignore[arg-type]


def test_merge_joins_neighbours_and_drops_empty_pieces() -> None:
    merged = merge_segments([("equal", "a"), ("equal", "b"), ("insert", ""), ("delete", "c")])
    assert merged == (("equal", "ab"), ("delete", "c"))


def test_has_changes_is_false_for_an_unchanged_paragraph() -> None:
    assert not RedlineParagraph.unchanged("Same.").has_changes
    assert RedlineParagraph.changed([("equal", "a"), ("insert", "b")]).has_changes
