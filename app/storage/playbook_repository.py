"""The shared playbook in the library database, saved with an optimistic lock."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.errors import ConflictError
from app.domain.playbook import SharedPlaybook
from app.storage.rows import PlaybookRow

TEAM_PLAYBOOK = "team"


def _utc(value: dt.datetime) -> dt.datetime:
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


def _playbook(row: PlaybookRow) -> SharedPlaybook:
    return SharedPlaybook(row.rules, row.updated_by, _utc(row.updated_at), row.lock_version)


class PlaybookRepository:
    """The team playbook in one session; never commits (the service owns the transaction)."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def _row(self, *, for_update: bool = False) -> PlaybookRow | None:
        query = select(PlaybookRow).where(PlaybookRow.name == TEAM_PLAYBOOK)
        if for_update:
            # As for clauses: a concurrent save waits here, then sees the newer rules.
            query = query.with_for_update().execution_options(populate_existing=True)
        return self._session.scalars(query).one_or_none()

    def get(self) -> SharedPlaybook | None:
        row = self._row()
        return _playbook(row) if row is not None else None

    def save(
        self, rules_text: str, *, author: str, at: dt.datetime, expected_lock: int | None
    ) -> SharedPlaybook:
        """Store the rules; ``expected_lock`` is the version edited (None: there was none yet).

        Saving over a version other than the one the user started from raises ConflictError
        carrying the stored playbook, and nothing is written.
        """
        row = self._row(for_update=True)
        current = row.lock_version if row is not None else None
        if current != expected_lock:
            who = f" by {row.updated_by}" if row is not None else ""
            raise ConflictError(
                f"the team playbook was changed{who} since you opened it",
                theirs=_playbook(row) if row is not None else None,
            )
        if row is None:
            row = PlaybookRow(name=TEAM_PLAYBOOK, rules=rules_text, updated_by=author)
            row.updated_at = at
            self._session.add(row)
        else:
            row.rules = rules_text
            row.updated_by = author
            row.updated_at = at
        self._session.flush()
        return _playbook(row)
