"""A review as one self-contained HTML page: the diff page with a review section on top (risks,
then the deviating clauses worst first, each with the lawyer's decision and note)."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from pathlib import Path

from app.diffing.html import render_html as render_comparison
from app.diffing.report import clause_label, status_label
from app.domain.errors import InvalidInputError
from app.domain.review import (
    Review,
    ReviewDecision,
    clause_name,
    clause_notes,
    decision_lines,
    decisions_summary,
    risk_lines,
)
from app.services.reviewing import check_notes


def review_html(review: Review, notes: Sequence[ReviewDecision] = ()) -> str:
    """The page; without notes it is the page `clausewright review --format html` has always
    written. Every piece of document and note text is escaped."""
    check_notes(review, notes)
    by_clause = {n.clause: n for n in notes}
    deviations = review.deviations()
    rows = [_deviation(review, k, by_clause.get(k)) for k in deviations]
    others = [_other_note(review, by_clause[k]) for k in sorted(by_clause.keys() - set(deviations))]
    risks = "".join(f"<li>{escape(line)}</li>" for line in risk_lines(review.risk))
    who = f"<p class=summary>Customer: {escape(review.customer)}</p>" if review.customer else ""
    if notes:
        who += f"<p class=summary>{escape(decisions_summary(review, notes))}</p>"
    section = (
        f"<h2>Review</h2>{who}"
        + (f'<ul class="risk">{risks}</ul>' if risks else "")
        + (f"<h2>Deviations</h2><ol>{''.join(rows)}</ol>" if rows else "")
        + (f"<h2>Other notes</h2><ul>{''.join(others)}</ul>" if others else "")
    )
    page = render_comparison(review.comparison)
    return page.replace("<h2>Redline</h2>", section + "\n<h2>Redline</h2>", 1)


def write_review_html(review: Review, path: Path, notes: Sequence[ReviewDecision] = ()) -> None:
    """Write the page atomically (the review tab's Export HTML…)."""
    from app.atomic_write import write_bytes_atomic

    try:
        write_bytes_atomic(path, review_html(review, notes).encode("utf-8"))
    except OSError as exc:
        raise InvalidInputError(f"cannot write {path}: {exc.strerror}") from exc


def _deviation(review: Review, position: int, note: ReviewDecision | None) -> str:
    change = review.clauses[position]
    lines = "".join(f"<br><small>{escape(n)}</small>" for n in clause_notes(change))
    if note is not None:
        lines += _decision(note)
    return (
        f'<li><a href="#c{position}">{escape(clause_label(change))}</a> \u2014 '
        f"{escape(status_label(change))}{lines}</li>"
    )


def _other_note(review: Review, note: ReviewDecision) -> str:
    """A note on a clause that does not deviate (the command line accepts any clause)."""
    name = clause_name(review.clauses[note.clause])
    return f'<li><a href="#c{note.clause}">{escape(name)}</a>{_decision(note)}</li>'


def _decision(note: ReviewDecision) -> str:
    return "".join(
        f'<br><small class="decision"><b>{escape(label)}:</b> {escape(text)}</small>'
        for label, text in decision_lines(note)
    )
