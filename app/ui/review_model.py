"""Table models of the review window: a review's deviating clauses, and the saved reviews."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from app.domain.comparison import ClauseChange
from app.domain.review import (
    DECISION_WORDS,
    Review,
    ReviewDecision,
    ReviewSummary,
    clause_name,
    status_text,
)
from app.ui.table_model import HeaderedTableModel
from app.ui.theme import LIGHT, Theme

RISK, STATUS, CLAUSE, CATEGORIES, SIMILARITY, DECISION = range(6)
HEADERS = ("Risk", "Status", "Clause", "Lost / gained", "Similarity", "Decision")
POSITION_ROLE = Qt.ItemDataRole.UserRole + 1

_Index = QModelIndex | QPersistentModelIndex


def risk_marker(change: ClauseChange) -> str:
    """The one-word risk of a deviating clause, worst first."""
    if change.categories_lost:
        return "LOST"
    if change.scopes_narrowed:
        return "WEAKENED"
    if change.categories_gained or change.scopes_widened:
        return "ADDED RISK"
    return ""


def categories_text(change: ClauseChange) -> str:
    parts = [f"− {c}" for c in change.categories_lost]
    parts += [f"− {s.category} ({s.from_scope} → {s.to_scope})" for s in change.scopes_narrowed]
    parts += [f"+ {c}" for c in change.categories_gained]
    parts += [f"+ {s.category} ({s.from_scope} → {s.to_scope})" for s in change.scopes_widened]
    return ", ".join(parts)


def decision_text(decision: ReviewDecision | None) -> str:
    if decision is None:
        return ""
    if decision.choice is None:
        return "undecided ✎"  # a note only
    words = DECISION_WORDS[decision.choice]
    if decision.choice == "fallback" and decision.position_key:
        words += f": {decision.position_key}"
    return words + (" ✎" if decision.comment else "")


class ReviewModel(HeaderedTableModel):
    """The deviating clauses of a review, most serious first (lost protections at the top).

    Rows are positions in ``Review.deviations()``; ``POSITION_ROLE`` gives the clause's
    position in the review (what a ReviewDecision names).
    """

    HEADERS = HEADERS

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._review: Review | None = None
        self._positions: list[int] = []
        self._decisions: dict[int, ReviewDecision] = {}
        self._theme = LIGHT

    def set_review(self, review: Review, decisions: Mapping[int, ReviewDecision]) -> None:
        self.beginResetModel()
        self._review = review
        self._positions = review.deviations()
        self._decisions = dict(decisions)
        self.endResetModel()

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme
        self._changed_column(RISK)

    def set_decision(self, position: int, decision: ReviewDecision | None) -> None:
        if decision is None:
            self._decisions.pop(position, None)
        else:
            self._decisions[position] = decision
        if position in self._positions:
            row = self._positions.index(position)
            self.dataChanged.emit(self.index(row, DECISION), self.index(row, DECISION))

    def position(self, row: int) -> int:
        return self._positions[row]

    def row_of(self, position: int) -> int | None:
        return self._positions.index(position) if position in self._positions else None

    def row_total(self) -> int:
        return len(self._positions)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if self._review is None or not index.isValid() or index.row() >= len(self._positions):
            return None
        position = self._positions[index.row()]
        change = self._review.clauses[position]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(change, position, column)
        if role == Qt.ItemDataRole.ToolTipRole and column in (STATUS, CLAUSE, CATEGORIES):
            return self._display(change, position, column)
        if role == POSITION_ROLE:
            return position
        if column == RISK and role == Qt.ItemDataRole.ForegroundRole:
            return self._risk_brush(change)
        if column == RISK and role == Qt.ItemDataRole.FontRole and risk_marker(change):
            font = QFont()
            font.setBold(True)
            return font
        if column == SIMILARITY and role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _display(self, change: ClauseChange, position: int, column: int) -> str:
        if column == RISK:
            return risk_marker(change)
        if column == STATUS:
            return status_text(change)
        if column == CLAUSE:
            return clause_name(change)
        if column == CATEGORIES:
            return categories_text(change)
        if column == SIMILARITY:
            both = change.old_index is not None and change.new_index is not None
            return f"{change.similarity:.0%}" if both else "—"
        return decision_text(self._decisions.get(position))

    def _risk_brush(self, change: ClauseChange) -> QBrush | None:
        marker = risk_marker(change)
        if not marker:
            return None
        colour = self._theme.high_fg if marker != "ADDED RISK" else self._theme.medium_fg
        return QBrush(QColor(colour))

    def _changed_column(self, column: int) -> None:
        if self._positions:
            last = len(self._positions) - 1
            self.dataChanged.emit(self.index(0, column), self.index(last, column))


CUSTOMER, CONTRACT, STANDARD, DATE, DEVIATIONS, LOST = range(6)
SAVED_HEADERS = ("Customer", "File", "Standard", "Reviewed (UTC)", "Deviations", "Lost protections")
REVIEW_ID_ROLE = Qt.ItemDataRole.UserRole + 2


class SavedReviewsModel(HeaderedTableModel):
    """The saved reviews, newest first, as ``Reviewing.reviews()`` lists them."""

    HEADERS = SAVED_HEADERS

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._reviews: list[ReviewSummary] = []

    def set_reviews(self, reviews: Sequence[ReviewSummary]) -> None:
        self.beginResetModel()
        self._reviews = list(reviews)
        self.endResetModel()

    def review_id(self, row: int) -> int:
        return self._reviews[row].id

    def row_total(self) -> int:
        return len(self._reviews)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or index.row() >= len(self._reviews):
            return None
        summary = self._reviews[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return _summary_cell(summary, index.column(), full=role == Qt.ItemDataRole.ToolTipRole)
        if role == REVIEW_ID_ROLE:
            return summary.id
        return None


def _summary_cell(summary: ReviewSummary, column: int, *, full: bool) -> str:
    if column == CUSTOMER:
        return summary.customer
    if column == CONTRACT:
        return summary.contract if full else summary.contract.replace("\\", "/").split("/")[-1]
    if column == STANDARD:
        return summary.standard
    if column == DATE:
        return f"{summary.created_at:%Y-%m-%d %H:%M}"
    if column == DEVIATIONS:
        return str(summary.deviations)
    return ", ".join(summary.lost)
