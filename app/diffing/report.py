"""A comparison as plain text: a summary, then changed clauses marked [-deleted-]{+inserted+}."""

from __future__ import annotations

from app.domain.comparison import ClauseChange, Comparison, ScopeChange


def render_text(comparison: Comparison) -> str:
    """The comparison for a terminal or a plain-text file."""
    lines = [f"Comparing {comparison.old} -> {comparison.new}", summary_line(comparison)]
    lines.extend(title_lines(comparison))
    lines.extend(risk_lines(comparison))
    lines.extend(f"Warning: {w}" for w in comparison.warnings)
    if all(c.status == "unchanged" for c in comparison.clauses) and not title_lines(comparison):
        lines.append("No differences.")
    for change in comparison.clauses:
        if change.status == "unchanged":
            continue
        lines.append("")
        lines.extend(_clause_lines(change))
    return "\n".join(lines) + "\n"


def summary_line(comparison: Comparison) -> str:
    s = comparison.summary
    trivial = f" ({s.trivial} trivial)" if s.trivial else ""
    return (
        f"Clauses: {s.unchanged} unchanged, {s.modified} modified{trivial}, {s.moved} moved, "
        f"{s.added} added, {s.removed} removed. "
        f"Words: {s.words_inserted} inserted, {s.words_deleted} deleted."
    )


def title_lines(comparison: Comparison) -> list[str]:
    """A changed document title (titles are not clauses, so no clause shows it)."""
    old, new = comparison.old_title, comparison.new_title
    if old == new:
        return []
    return [f"Title changed: {old or '(none)'} -> {new or '(none)'}"]


def risk_lines(comparison: Comparison) -> list[str]:
    risk = comparison.risk
    lines = []
    if risk.lost:
        lines.append(f"Protections and risks no longer found: {', '.join(risk.lost)}")
    if risk.gained:
        lines.append(f"Newly found: {', '.join(risk.gained)}")
    lines.extend(
        f"Scope narrowed: {s.category} {s.from_scope} -> {s.to_scope}" for s in risk.narrowed
    )
    lines.extend(
        f"Scope widened: {s.category} {s.from_scope} -> {s.to_scope}" for s in risk.widened
    )
    return lines


def clause_label(change: ClauseChange) -> str:
    """How a clause is named in a change list: number and heading, or its position."""
    number = change.number or change.old_number
    if change.old_number and change.number and change.old_number != change.number:
        number = f"{change.old_number} -> {change.number}"
    parts = [p for p in (number, change.heading) if p]
    if parts:
        return " ".join(parts)
    words = (change.new_text or change.old_text).split()
    if words:
        return "\u201c" + " ".join(words[:6]) + ("\u2026\u201d" if len(words) > 6 else "\u201d")
    index = change.new_index if change.new_index is not None else change.old_index
    return f"clause {(index or 0) + 1}"


def status_label(change: ClauseChange) -> str:
    status: str = change.status
    if status == "moved" and change.has_edits:
        status = "moved and changed"
    if change.trivial_reason:
        status = f"{status}, {change.trivial_reason} only"
    return status


def _clause_lines(change: ClauseChange) -> list[str]:
    head = f"[{status_label(change)}] {clause_label(change)}"
    if change.status == "moved" and change.old_index is not None and change.new_index is not None:
        head += f"  (position {change.old_index + 1} -> {change.new_index + 1})"
    if change.status == "modified" or (change.status == "moved" and change.has_edits):
        head += f"  (similarity {change.similarity:.2f})"
    notes = finding_notes(change)
    lines = [head, *(f"  {note}" for note in notes)]
    if change.trivial and not notes:
        return lines
    lines.extend("  " + line for line in marked_text(change).splitlines())
    return lines


def finding_notes(change: ClauseChange) -> list[str]:
    """What the detection rules found differently in this clause."""
    notes = []
    if change.categories_lost:
        notes.append(f"no longer found: {', '.join(change.categories_lost)}")
    if change.categories_gained:
        notes.append(f"newly found: {', '.join(change.categories_gained)}")
    notes.extend(_scope(s, "narrowed") for s in change.scopes_narrowed)
    notes.extend(_scope(s, "widened") for s in change.scopes_widened)
    return notes


def _scope(change: ScopeChange, how: str) -> str:
    return f"scope {how}: {change.category} {change.from_scope} -> {change.to_scope}"


def marked_text(change: ClauseChange) -> str:
    """The clause with [-deleted-] and {+inserted+} marks (wdiff's notation)."""
    if change.status == "moved" and not change.has_edits:
        return change.new_text
    marks = {"equal": "{}", "delete": "[-{}-]", "insert": "{{+{}+}}"}
    return "".join(marks[op].format(text) for op, text in change.changes)
