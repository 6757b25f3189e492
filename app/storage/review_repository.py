"""Review repository: saved reviews of customers' contracts in a session, as domain values."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.errors import NotFoundError
from app.domain.review import (
    Review,
    ReviewDecision,
    ReviewSummary,
    SavedReview,
    review_from_json,
)
from app.storage.rows import ReviewRow


def _utc(value: dt.datetime) -> dt.datetime:
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


def _dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


def _notes(text: str) -> tuple[ReviewDecision, ...]:
    return tuple(ReviewDecision.from_data(n) for n in json.loads(text or "[]"))


class ReviewRepository:
    """Saved reviews in one session; never commits (the service owns the transaction)."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def add(
        self,
        review: Review,
        *,
        customer: str,
        notes: tuple[ReviewDecision, ...],
        at: dt.datetime,
    ) -> SavedReview:
        row = ReviewRow(
            customer=customer,
            contract=review.contract,
            standard=review.standard,
            standard_version=review.standard_version,
            created_at=at,
            deviations=len(review.deviations()),
            lost=_dumps(list(review.risk.lost)),
            result=_dumps(review.to_json()),
            notes=_dumps([n.to_data() for n in notes]),
        )
        self._session.add(row)
        self._session.flush()
        return self._saved(row)

    def _row(self, review_id: int) -> ReviewRow:
        row = self._session.get(ReviewRow, review_id)
        if row is None:
            raise NotFoundError(f"no saved review number {review_id}")
        return row

    def get(self, review_id: int) -> SavedReview:
        return self._saved(self._row(review_id))

    def set_notes(self, review_id: int, notes: tuple[ReviewDecision, ...]) -> SavedReview:
        row = self._row(review_id)
        row.notes = _dumps([n.to_data() for n in notes])
        self._session.flush()
        return self._saved(row)

    def summaries(self) -> list[ReviewSummary]:
        """Every saved review, newest first (without loading the results)."""
        rows = self._session.execute(
            select(
                ReviewRow.id,
                ReviewRow.customer,
                ReviewRow.contract,
                ReviewRow.standard,
                ReviewRow.standard_version,
                ReviewRow.created_at,
                ReviewRow.deviations,
                ReviewRow.lost,
            ).order_by(ReviewRow.created_at.desc(), ReviewRow.id.desc())
        )
        return [
            ReviewSummary(
                id=r.id,
                customer=r.customer,
                contract=r.contract,
                standard=r.standard,
                standard_version=r.standard_version,
                created_at=_utc(r.created_at),
                deviations=r.deviations,
                lost=tuple(json.loads(r.lost or "[]")),
            )
            for r in rows
        ]

    def _saved(self, row: ReviewRow) -> SavedReview:
        return SavedReview(
            id=row.id,
            customer=row.customer,
            contract=row.contract,
            standard=row.standard,
            standard_version=row.standard_version,
            created_at=_utc(row.created_at),
            review=review_from_json(json.loads(row.result)),
            notes=_notes(row.notes),
        )
