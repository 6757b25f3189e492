"""Redlines of two wordings: the diff engine's and the simple fallback both rebuild both texts."""

from __future__ import annotations

import pytest

from app.services.comparing import Comparing
from app.ui.redline_view import Differ, comparing_differ, count_words, word_changes

OLD = "You may not use the Output to develop competing models.\n\nSurvives termination."
NEW = "You may not use any Output to develop or train models.\n\nSurvives termination."


@pytest.mark.parametrize(
    "differ", [word_changes, comparing_differ(Comparing())], ids=["difflib", "engine"]
)
def test_redline_pieces_rebuild_the_old_and_the_new_wording(differ: Differ) -> None:
    changes = differ(OLD, NEW)
    assert "".join(t for op, t in changes if op != "insert") == OLD
    assert "".join(t for op, t in changes if op != "delete") == NEW
    assert count_words(changes, "insert") >= 3
    assert count_words(changes, "delete") >= 2


def test_fallback_never_splits_a_word() -> None:
    changes = word_changes("liability is capped", "liabilities are capped")
    assert ("delete", "liability") in changes
    assert ("insert", "liabilities") in changes
