"""The shared retry of saves: how many attempts, when a stored edit ends it, what is raised."""

from __future__ import annotations

import pytest

from app.domain.errors import ConflictError, ConnectionLostError
from app.ui.save_retries import retrying_message, save_with_retries


class FlakySave:
    """Fails with a dropped connection ``drops`` times, then saves; counts every call."""

    def __init__(self, drops: int, *, reaches_server: bool = False) -> None:
        self.drops = drops
        self.reaches_server = reaches_server
        self.calls = 0
        self.stored: str | None = None

    def save(self) -> str:
        self.calls += 1
        if self.calls <= self.drops:
            if self.reaches_server:
                self.stored = "saved"  # the commit got there; its answer did not
            raise ConnectionLostError("the connection was lost while saving")
        self.stored = "saved"
        return "saved"

    def lookup(self) -> str | None:
        return self.stored


def test_two_drops_are_retried_and_the_third_attempt_saves() -> None:
    flaky, told = FlakySave(drops=2), list[int]()
    result = save_with_retries(
        flaky.save, stored=lambda: None, delays=(0.0, 0.0), on_retry=told.append
    )
    assert result == "saved" and flaky.calls == 3 and told == [2, 3]


def test_after_the_last_attempt_the_dropped_connection_is_raised() -> None:
    flaky = FlakySave(drops=3)
    with pytest.raises(ConnectionLostError):
        save_with_retries(flaky.save, stored=lambda: None, delays=(0.0, 0.0))
    assert flaky.calls == 3


def test_a_save_that_reached_the_server_is_found_and_not_saved_again() -> None:
    flaky = FlakySave(drops=1, reaches_server=True)
    result = save_with_retries(flaky.save, stored=flaky.lookup, delays=(0.0, 0.0))
    assert result == "saved" and flaky.calls == 1


def test_other_errors_are_not_retried() -> None:
    calls: list[int] = []

    def refused() -> str:
        calls.append(1)
        raise ConflictError("someone saved first")

    with pytest.raises(ConflictError):
        save_with_retries(refused, stored=lambda: None, delays=(0.0, 0.0))
    assert calls == [1]


def test_the_status_message_names_the_item_and_the_attempt() -> None:
    assert retrying_message("Standard Terms", 2, 3) == (
        "Connection lost while saving “Standard Terms”, retrying… (attempt 2 of 3)"
    )
