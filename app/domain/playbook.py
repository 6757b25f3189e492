"""The team's shared playbook: the user-defined detection rules kept in the library database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class SharedPlaybook:
    """The rule file text the whole team uses, with who saved it last and when.

    ``lock_version`` is the optimistic-lock counter: keep it from the moment editing starts
    and hand it back when saving, so that a save over someone else's newer rules is refused.
    """

    rules_text: str
    updated_by: str
    updated_at: datetime
    lock_version: int
