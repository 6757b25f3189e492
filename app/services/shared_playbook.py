"""The shared playbook: the team's own detection rules, kept in the library database.

The rules have the form of the user rule file (``user_rules.yaml``: rules, term lists and the
ids of switched-off rules), so a user's file can be published to the team and the team's rules
read back exactly as the file would be.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from app.domain.errors import ClauseFileError, InvalidInputError
from app.domain.playbook import SharedPlaybook
from app.files.rule_files import UserRules, parse_rule_text, rule_to_data
from app.files.yaml_io import dump_yaml
from app.storage.database import Database
from app.storage.playbook_repository import PlaybookRepository

if TYPE_CHECKING:
    from app.services.scanning import Scanning

SOURCE = "team playbook"

Clock = Callable[[], dt.datetime]


@dataclass(frozen=True)
class TeamRules:
    """The team's rules as parsed, and the stored playbook they came from (for its lock)."""

    rules: UserRules
    playbook: SharedPlaybook


def rules_text(user: UserRules) -> str:
    """The rules as the text of a user rule file (the same layout save_user_rules writes)."""
    data: dict[str, Any] = {}
    if user.terms:
        data["terms"] = {name: list(entries) for name, entries in user.terms.items()}
    data["disabled"] = sorted(user.disabled)
    data["rules"] = [rule_to_data(r) for r in user.rules]
    return dump_yaml(data)


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


class TeamPlaybook:
    """Reading and saving the team's rules; each call is one transaction."""

    def __init__(self, database: Database, *, user: str, clock: Clock = _utc_now) -> None:
        self._db = database
        self.user = user
        self._clock = clock

    def load(self) -> TeamRules | None:
        """The team's rules, or None while nobody has published any."""
        stored = self._db.read_retrying(lambda session: PlaybookRepository(session).get())
        if stored is None:
            return None
        try:
            parsed = parse_rule_text(stored.rules_text, SOURCE)
        except ClauseFileError as exc:
            raise InvalidInputError(f"the team playbook cannot be used: {exc}") from exc
        return TeamRules(parsed, stored)

    def save(self, user: UserRules, *, expected_lock: int | None) -> SharedPlaybook:
        """Publish rules for the whole team.

        ``expected_lock`` is the lock_version of the playbook the user started editing (None
        when there was none): if someone saved since, ConflictError carries their playbook
        and nothing is written.
        """
        text = rules_text(user)
        parse_rule_text(text, SOURCE)  # never store rules that could not be read back
        with self._db.write() as session:
            return PlaybookRepository(session).save(
                text, author=self.user, at=self._clock(), expected_lock=expected_lock
            )


def with_team_playbook(scanning: Scanning, playbook: TeamPlaybook) -> Scanning:
    """The scanning service with the team's published rules over the shipped ones (the
    user's own rules still over both); unchanged rules when the team has none."""
    return scanning.with_team_rules(playbook.load())
