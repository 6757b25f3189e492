"""Saves that meet a dropped server connection: retried by the worker, never stored twice.

Clause editors and terms documents share this: a save whose connection dropped is tried again
after each of ``RETRY_DELAYS`` (the server rolled the transaction back, so nothing was
written). If the commit had reached the server before the drop, the retry finds the user's
edit already stored (``stored``) and takes that as the saved result instead of saving again.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import TypeVar

from app.domain.errors import ConnectionLostError

T = TypeVar("T")

# Pauses before the second and third attempt of a save whose server connection dropped.
RETRY_DELAYS = (1.0, 3.0)


def save_with_retries(
    save: Callable[[], T],
    *,
    stored: Callable[[], T | None],
    delays: Sequence[float] = RETRY_DELAYS,
    on_retry: Callable[[int], None] = lambda _attempt: None,
) -> T:
    """Run ``save`` (in the worker); on a dropped connection, retry after each delay.

    ``stored`` answers, before each retry, whether the edit already reached the server (its
    stored result, or None). ``on_retry(n)`` is told that attempt ``n`` follows. The last
    ConnectionLostError, and any other error, is raised to the caller.
    """
    for attempt, delay in enumerate((*delays, None), start=1):
        try:
            if attempt > 1 and (found := stored()) is not None:
                return found
            return save()
        except ConnectionLostError:
            if delay is None:
                raise
            on_retry(attempt + 1)
            time.sleep(delay)
    raise AssertionError("unreachable: the last attempt returns or raises")


def retrying_message(title: str, attempt: int, attempts: int) -> str:
    """The status bar's words while a save is retried."""
    return f"Connection lost while saving “{title}”, retrying… (attempt {attempt} of {attempts})"
