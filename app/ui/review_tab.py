"""A review tab: the risk summary, the deviating clauses, and per clause its redline, the
library's positions and the lawyer's decision and note; save and export buttons."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from html import escape
from pathlib import Path

from PySide6.QtCore import QItemSelection, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.domain.comparison import ClauseChange, LibraryPosition
from app.domain.review import (
    CHOICES,
    DECISION_WORDS,
    Review,
    ReviewDecision,
    clause_name,
    risk_lines,
    status_text,
)
from app.ui.redline_view import RedlineView
from app.ui.review_model import CATEGORIES, CLAUSE, STATUS, ReviewModel
from app.ui.theme import LIGHT, Theme

UNDECIDED = ""
EXPORTS = ("report", "html", "redline", "reply")


@dataclass
class ReviewState:
    """One open review: the result, the lawyer's decisions and notes (by clause position; a
    note on an undecided clause is a ReviewDecision without a choice), and where it is saved."""

    review: Review
    customer: str
    decisions: dict[int, ReviewDecision] = field(default_factory=dict)
    saved_id: int | None = None
    wordings: Mapping[str, str] = field(default_factory=dict)
    warning: str = ""

    @property
    def can_reply(self) -> bool:
        return self.review.contract_document is not None

    def notes(self) -> list[ReviewDecision]:
        return [self.decisions[k] for k in sorted(self.decisions)]


class ReviewTab(QWidget):
    """Shows one review; the window does the saving and exporting.

    Signals:
        save_requested(): the user pressed Save Review.
        export_requested(str): "report", "html", "redline" or "reply".
        modified_changed(bool): decisions or notes changed since the last save.
    """

    save_requested = Signal()
    export_requested = Signal(str)
    modified_changed = Signal(bool)

    def __init__(self, state: ReviewState) -> None:
        super().__init__()
        self.setObjectName("reviewTab")
        self.state = state
        self._modified = False
        self._loading = False
        self._theme = LIGHT
        self._position: int | None = None
        self._laid_out = False
        # A review needs the width for the redline beside the positions: the docks yield.
        self.setMinimumWidth(760)
        self.model = ReviewModel(self)
        self.model.set_review(state.review, state.decisions)
        layout = QVBoxLayout(self)
        layout.addWidget(self._build_header())
        layout.addWidget(self._build_banner())
        # Table above the detail: the centre of the window is narrow between the docks, and
        # the redline and the positions need the width.
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(self._build_table())
        self.splitter.addWidget(self._build_detail())
        self.splitter.setSizes([190, 520])
        layout.addWidget(self.splitter, 1)
        self._show_risk()
        if self.model.rowCount():
            self.table.selectRow(0)
        else:
            self._show_clause(None)

    # -- building ---------------------------------------------------------------------------

    def _build_header(self) -> QWidget:
        review = self.state.review
        title = QLabel(f"{self.state.customer} — {Path(review.contract).name}")
        title.setProperty("role", "heading")
        when = f" · reviewed {review.reviewed_at:%Y-%m-%d %H:%M} UTC" if review.reviewed_at else ""
        summary = review.comparison.summary
        self.subtitle = QLabel(
            f"against {review.standard}{when} · {len(review.deviations())} deviating clauses "
            f"of {len(review.clauses)} ({summary.words_inserted} words added, "
            f"{summary.words_deleted} deleted)"
        )
        self.subtitle.setProperty("role", "muted")
        self.subtitle.setWordWrap(True)
        self.save_button = QPushButton("Save Review")
        self.save_button.setToolTip("Keep the review with its decisions and notes")
        self.save_button.clicked.connect(self.save_requested)
        self.export_buttons: dict[str, QPushButton] = {}
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.save_button)
        row.addStretch(1)
        labels = {
            "report": "Review Report…",
            "html": "Export HTML…",
            "redline": "Redline…",
            "reply": "Reply to Customer…",
        }
        tips = {
            "report": "A Word report: the risk summary, then each deviating clause with your "
            "decision and note",
            "html": "The review report as one web page: the risk summary, each deviating clause "
            "with your decision and note, then the redline",
            "redline": "The contract against the standard as Word tracked changes",
            "reply": "The customer's own document with your decisions as tracked changes "
            "and your comments as Word comments",
        }
        for kind in EXPORTS:
            button = QPushButton(labels[kind])
            button.setToolTip(tips[kind])
            button.clicked.connect(lambda _c=False, k=kind: self.export_requested.emit(k))
            self.export_buttons[kind] = button
            row.addWidget(button)
        self.export_buttons["reply"].setEnabled(self.state.can_reply)
        header = QWidget()
        layout = QVBoxLayout(header)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(title)
        layout.addWidget(self.subtitle)
        layout.addLayout(row)
        return header

    def _build_banner(self) -> QWidget:
        self.banner = QLabel()
        self.banner.setObjectName("riskBanner")
        self.banner.setAccessibleName("Risk summary")
        self.banner.setWordWrap(True)
        self.banner.setTextFormat(Qt.TextFormat.RichText)
        self.banner.setFrameShape(QFrame.Shape.StyledPanel)
        self.banner.setMargin(8)
        return self.banner

    def _build_table(self) -> QWidget:
        self.table = QTableView()
        self.table.setAccessibleName("Deviating clauses")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(CLAUSE, QHeaderView.ResizeMode.Stretch)
        for column, width in ((STATUS, 140), (CATEGORIES, 180)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, width)
        self.table.selectionModel().selectionChanged.connect(self._on_table_selection_changed)
        return self.table

    def _build_detail(self) -> QWidget:
        self.clause_label = QLabel()
        self.clause_label.setProperty("role", "heading")
        self.clause_label.setWordWrap(True)
        self.notes_label = QLabel()
        self.notes_label.setWordWrap(True)
        self.notes_label.setTextFormat(Qt.TextFormat.RichText)
        self.redline = RedlineView()
        self.redline.setAccessibleName("Redline of the clause: the standard against the contract")
        self.positions = QTextBrowser()
        self.positions.setAccessibleName("The library's positions for this clause")
        self.positions.setOpenLinks(False)
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(self._titled("Library positions", self.positions))
        right.addWidget(self._build_decision())
        right.setSizes([330, 170])
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self._titled("Redline (standard → customer)", self.redline))
        splitter.addWidget(right)
        self.detail_splitter = splitter
        detail = QWidget()
        layout = QVBoxLayout(detail)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.clause_label)
        layout.addWidget(self.notes_label)
        layout.addWidget(splitter, 1)
        return detail

    def _titled(self, title: str, widget: QWidget) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 4, 0, 0)
        label = QLabel(title)
        label.setProperty("role", "muted")
        label.setBuddy(widget)
        layout.addWidget(label)
        layout.addWidget(widget, 1)
        return box

    def _build_decision(self) -> QWidget:
        self.choice_combo = QComboBox()
        self.choice_combo.setAccessibleName("Decision on this clause")
        self.choice_combo.addItem("Undecided", UNDECIDED)
        for choice, words in DECISION_WORDS.items():
            self.choice_combo.addItem(words[0].upper() + words[1:], choice)
        self.position_combo = QComboBox()
        self.position_combo.setAccessibleName("The library position to offer")
        # Long clause titles must not widen the pane (and squeeze the redline beside it).
        self.position_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.position_combo.setMinimumContentsLength(16)
        self.comment_edit = QPlainTextEdit()
        self.comment_edit.setAccessibleName("Your note on this clause")
        self.comment_edit.setPlaceholderText(
            "Your note, saved with the review; once you decide, also the Word comment to the "
            "customer in the reply"
        )
        self.comment_edit.setTabChangesFocus(True)
        self.choice_combo.currentIndexChanged.connect(self._on_decision_edited)
        self.position_combo.currentIndexChanged.connect(self._on_decision_edited)
        self.comment_edit.textChanged.connect(self._on_decision_edited)
        box = QWidget()
        form = QFormLayout(box)
        form.setContentsMargins(0, 4, 0, 0)
        form.addRow("&Decision:", self.choice_combo)
        form.addRow("&Position:", self.position_combo)
        form.addRow("N&ote:", self.comment_edit)
        return box

    # -- showing ----------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._laid_out:
            # The redline and the positions share the width evenly at first (sizes set before
            # the tab is shown follow the panes' size hints instead).
            self._laid_out = True
            half = max(1, self.detail_splitter.width() // 2)
            self.detail_splitter.setSizes([half, half])

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme
        self.model.set_theme(theme)
        self.redline.set_theme(theme)
        self._show_risk()

    def _show_risk(self) -> None:
        lines = risk_lines(self.state.review.risk)
        theme = self._theme
        warnings = [*self.state.review.comparison.warnings]
        if self.state.warning:
            warnings.insert(0, self.state.warning)
        if lines:
            fg, bg, border = theme.delete_fg, theme.delete_bg, theme.high_fg
            body = "<br>".join(_risk_html(line) for line in lines)
        else:
            fg, bg, border = theme.insert_fg, theme.insert_bg, theme.low_fg
            body = "No protection of the standard is lost or weakened, and no risk is added."
        extra = "".join(f"<br><small>{escape(w)}</small>" for w in warnings)
        self.banner.setText(f"{body}{extra}")
        self.banner.setStyleSheet(
            f"QLabel#riskBanner {{ color: {fg}; background: {bg}; "
            f"border: 1px solid {border}; border-radius: 4px; }}"
        )

    def _on_table_selection_changed(self, selected: QItemSelection, _old: QItemSelection) -> None:
        rows = selected.indexes()
        self._show_clause(self.model.position(rows[0].row()) if rows else None)

    def current_position(self) -> int | None:
        return self._position

    def select_position(self, position: int) -> None:
        row = self.model.row_of(position)
        if row is not None:
            self.table.selectRow(row)

    def _show_clause(self, position: int | None) -> None:
        self._position = position
        self._loading = True
        try:
            enabled = position is not None
            for widget in (self.choice_combo, self.comment_edit):
                widget.setEnabled(enabled)
            if position is None:
                self.clause_label.setText("No clause deviates from the standard.")
                self.notes_label.clear()
                self.redline.show_message("")
                self.positions.clear()
                self.position_combo.clear()
                self.position_combo.setEnabled(False)
                return
            change = self.state.review.clauses[position]
            self.clause_label.setText(f"{clause_name(change)} — {status_text(change)}")
            self.notes_label.setText(_notes_html(change))
            self.redline.show_changes(change.changes)
            self.positions.setHtml(_positions_html(change.library_positions, self.state.wordings))
            self._fill_decision(change, self.state.decisions.get(position))
        finally:
            self._loading = False

    def _fill_decision(self, change: ClauseChange, decision: ReviewDecision | None) -> None:
        self.position_combo.clear()
        for pos in change.library_positions:
            self.position_combo.addItem(f"{pos.tier or 'untiered'}: {pos.title}", pos.key)
        choice = decision.choice if decision else UNDECIDED
        self.choice_combo.setCurrentIndex(max(0, self.choice_combo.findData(choice)))
        key = decision.position_key if decision else None
        default = next(
            (k for k, p in enumerate(change.library_positions) if p.tier == "fallback"), 0
        )
        at = self.position_combo.findData(key) if key else default
        self.position_combo.setCurrentIndex(max(0, at))
        self.position_combo.setEnabled(choice == "fallback" and bool(change.library_positions))
        self.comment_edit.setPlainText(decision.comment if decision else "")

    # -- deciding ---------------------------------------------------------------------------

    def _on_decision_edited(self) -> None:
        if self._loading or self._position is None:
            return
        choice = str(self.choice_combo.currentData() or UNDECIDED)
        has_positions = self.position_combo.count() > 0
        self.position_combo.setEnabled(choice == "fallback" and has_positions)
        comment = self.comment_edit.toPlainText().strip()
        decision = None
        if choice == UNDECIDED:
            # A note on an undecided clause is saved too; the reply leaves the clause alone.
            decision = ReviewDecision.note_only(self._position, comment) if comment else None
        else:
            key = self.position_combo.currentData() if choice == "fallback" else None
            decision = ReviewDecision(
                self._position,
                CHOICES[CHOICES.index(choice)],  # type: Choice, from the combo's data
                comment,
                str(key) if key else None,
            )
        self.decide(self._position, decision)

    def decide(self, position: int, decision: ReviewDecision | None) -> None:
        """Record (or clear) the decision on the clause at ``position``."""
        if decision is None:
            self.state.decisions.pop(position, None)
        else:
            self.state.decisions[position] = replace(decision, clause=position)
        self.model.set_decision(position, self.state.decisions.get(position))
        self.set_modified(True)

    def set_modified(self, modified: bool) -> None:
        if modified != self._modified:
            self._modified = modified
            self.modified_changed.emit(modified)

    def is_modified(self) -> bool:
        return self._modified

    def title(self) -> str:
        return f"Review: {self.state.customer}"


def _risk_html(line: str) -> str:
    head, _, rest = line.partition(":")
    return f"<b>{escape(head)}:</b>{escape(rest)}"


def _notes_html(change: ClauseChange) -> str:
    lines = [f"<b>Protection lost:</b> {escape(c)}" for c in change.categories_lost]
    lines += [
        f"<b>Weakened:</b> {escape(s.category)} narrowed from {escape(s.from_scope)} to "
        f"{escape(s.to_scope)}"
        for s in change.scopes_narrowed
    ]
    lines += [f"<b>Added by the customer:</b> {escape(c)}" for c in change.categories_gained]
    lines += [
        f"Widened: {escape(s.category)} from {escape(s.from_scope)} to {escape(s.to_scope)}"
        for s in change.scopes_widened
    ]
    return "<br>".join(lines)


def _positions_html(positions: Sequence[LibraryPosition], wordings: Mapping[str, str]) -> str:
    if not positions:
        return "<p><i>The library has no positions for this kind of clause.</i></p>"
    parts = []
    for pos in positions:
        wording = wordings.get(pos.key, "")
        paragraphs = "".join(f"<p>{escape(p)}</p>" for p in wording.split("\n") if p.strip())
        parts.append(
            f"<h4>{escape((pos.tier or 'untiered').capitalize())}: {escape(pos.title)} "
            f"<small>({escape(pos.key)})</small></h4>{paragraphs}"
        )
    return "".join(parts)
