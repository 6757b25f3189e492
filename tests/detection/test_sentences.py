"""Sentence and list-item splitting of clause text."""

from __future__ import annotations

from app.detection.sentences import last_lead_in, split_segments


def _texts(text: str) -> list[str]:
    return [text[s.start : s.end] for s in split_segments(text)]


def test_legal_abbreviations_do_not_end_a_sentence() -> None:
    text = (
        "Claims go to the U.S. District Court, e.g. in New York, i.e. Manhattan. "
        "See Sec. 4 and Acme Inc. below. Then J. Smith signs."
    )
    assert _texts(text) == [
        "Claims go to the U.S. District Court, e.g. in New York, i.e. Manhattan.",
        "See Sec. 4 and Acme Inc. below.",
        "Then J. Smith signs.",
    ]


def test_list_items_carry_the_lead_in_of_their_list() -> None:
    text = "You may not:\n* scrape the Services;\n* resell them.\nFees are due monthly."
    segments = split_segments(text)
    leads = [s.lead_in for s in segments]
    assert leads == [None, "You may not:", "You may not:", None]


def test_lead_in_from_a_previous_clause_reaches_the_first_item() -> None:
    segments = split_segments("use Output to build models.", lead_in="You must not:")
    assert segments[0].lead_in == "You must not:"


def test_last_lead_in_is_the_closing_sentence_ending_with_a_colon() -> None:
    assert last_lead_in("Fees apply. For example, you may not:") == "For example, you may not:"
    assert last_lead_in("Fees apply.") is None


def test_numbered_line_markers_are_not_sentences() -> None:
    assert _texts("1. Definitions apply here.\n2.1. Scope is wide.") == [
        "1. Definitions apply here.",
        "2.1. Scope is wide.",
    ]
