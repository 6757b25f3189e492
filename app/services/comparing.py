"""Comparing two documents: clause-aware diff, detection findings gained and lost, redlines."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Protocol

from app.diffing.compare import Progress, compare_documents
from app.diffing.worddiff import DEFAULT_TIMEOUT
from app.domain.comparison import (
    ClauseChange,
    CompareOptions,
    Comparison,
    Piece,
    RiskDelta,
    ScopeChange,
)
from app.domain.document import SourceClause, SplitDocument
from app.domain.findings import CATEGORIES, Finding, compare_scope
from app.domain.redline import ParagraphRole, RedlineParagraph, Segment
from app.services.documents_io import load_document


class ClauseScanner(Protocol):
    """What comparing needs of the detection scanner."""

    def scan_clauses(self, texts: Sequence[str]) -> list[list[Finding]]: ...


class Comparing:
    """Compares documents clause by clause; with a scanner, also what protections changed."""

    def __init__(
        self, scanner: ClauseScanner | None = None, *, timeout: float = DEFAULT_TIMEOUT
    ) -> None:
        self.scanner = scanner
        self.timeout = timeout

    def compare_files(
        self, old: Path, new: Path, options: CompareOptions | None = None
    ) -> Comparison:
        return self.compare(load_document(old), load_document(new), options)

    def compare(
        self,
        old: SplitDocument,
        new: SplitDocument,
        options: CompareOptions | None = None,
        progress: Progress | None = None,
    ) -> Comparison:
        """``progress(done, total)`` follows the word diffs; raise from it to cancel."""
        comparison = compare_documents(old, new, options, timeout=self.timeout, progress=progress)
        if self.scanner is None:
            return comparison
        old_findings = self.scanner.scan_clauses([_scanned(c) for c in old.clauses])
        new_findings = self.scanner.scan_clauses([_scanned(c) for c in new.clauses])
        return with_findings(comparison, old_findings, new_findings)


def _scanned(clause: SourceClause) -> str:
    """What the rules read: the clause's text (as `scan` does), or its heading if it has none."""
    return clause.text or clause.heading or ""


def with_findings(
    comparison: Comparison,
    old_findings: Sequence[Sequence[Finding]],
    new_findings: Sequence[Sequence[Finding]],
) -> Comparison:
    """The comparison with categories lost and gained per clause and the document's risk delta."""
    old_sets = [_categories(f) for f in old_findings]
    new_sets = [_categories(f) for f in new_findings]
    clauses = []
    for change in comparison.clauses:
        i, j = change.old_index, change.new_index
        before = old_sets[i] if i is not None else set()
        after = new_sets[j] if j is not None else set()
        scopes = RiskDelta()
        if i is not None and j is not None and change.has_edits:
            scopes = risk_delta(old_findings[i], new_findings[j])
        clauses.append(
            replace(
                change,
                categories_lost=_ordered(before - after),
                categories_gained=_ordered(after - before),
                scopes_narrowed=scopes.narrowed,
                scopes_widened=scopes.widened,
            )
        )
    return replace(
        comparison,
        clauses=tuple(clauses),
        risk=risk_delta(
            [f for found in old_findings for f in found],
            [f for found in new_findings for f in found],
        ),
    )


def risk_delta(old: Sequence[Finding], new: Sequence[Finding]) -> RiskDelta:
    """Categories the new document drops or adds, and scoped categories that narrowed or widened."""
    before, after = _categories(old), _categories(new)
    narrowed: list[ScopeChange] = []
    widened: list[ScopeChange] = []
    for category in _ordered(before & after):
        old_scope = _broadest(f.scope for f in old if f.category == category)
        new_scope = _broadest(f.scope for f in new if f.category == category)
        if old_scope is None or new_scope is None:
            continue
        relation = compare_scope(old_scope, new_scope)
        if relation == "narrowed":
            narrowed.append(ScopeChange(category, old_scope, new_scope))
        elif relation == "widened":
            widened.append(ScopeChange(category, old_scope, new_scope))
    return RiskDelta(
        lost=_ordered(before - after),
        gained=_ordered(after - before),
        narrowed=tuple(narrowed),
        widened=tuple(widened),
    )


def _categories(findings: Sequence[Finding]) -> set[str]:
    return {f.category for f in findings}


def _ordered(categories: set[str]) -> tuple[str, ...]:
    """Categories in the product's order (unknown ones after, by name)."""
    rank = {c: k for k, c in enumerate(CATEGORIES)}
    return tuple(sorted(categories, key=lambda c: (rank.get(c, len(rank)), c)))


def _broadest(scopes: Iterable[str | None]) -> str | None:
    best: str | None = None
    for scope in scopes:
        if scope is None:
            continue
        if best is None or compare_scope(best, scope) == "widened":
            best = scope
    return best


def redline_paragraphs(comparison: Comparison) -> list[RedlineParagraph]:
    """The redline in the new document's clause order: accepting all changes gives the new
    document's paragraphs, rejecting all the old one's. Removed clauses are deleted where they
    stood; a moved clause is deleted at its old place and inserted at its new one."""
    moved_at: dict[int, list[int]] = {}
    for position, moved in comparison.moved_from:
        moved_at.setdefault(position, []).append(moved)
    paragraphs: list[RedlineParagraph] = []
    title = _title_paragraph(comparison)
    if title is not None:
        paragraphs.append(title)
    for position in range(len(comparison.clauses) + 1):
        for moved in moved_at.get(position, []):
            change = comparison.clauses[moved]
            paragraphs.extend(_paragraphs(change, (("delete", change.old_text),)))
        if position < len(comparison.clauses):
            change = comparison.clauses[position]
            pieces = change.changes
            if change.status == "moved":
                pieces = (("insert", change.new_text),)
            paragraphs.extend(_paragraphs(change, pieces))
    return paragraphs


def _paragraphs(change: ClauseChange, pieces: Sequence[Piece]) -> list[RedlineParagraph]:
    """A clause's paragraphs. A line break both versions share ends a paragraph, as does every
    line break of a wholly inserted or deleted clause; a line break only one version of an
    edited clause has stays a tracked line break inside its paragraph."""
    whole = len({op for op, _ in pieces}) == 1
    lines: list[list[Segment]] = [[]]
    for op, text in pieces:
        if op != "equal" and not whole:
            lines[-1].append((op, text))
            continue
        first, *others = text.split("\n")
        lines[-1].append((op, first))
        lines.extend([(op, other)] for other in others)
    heading_first = bool(change.heading)
    result = []
    for k, line in enumerate(lines):
        segments = [s for s in line if s[1]]
        if segments:
            role: ParagraphRole = "heading" if heading_first and k == 0 else "body"
            result.append(_paragraph(segments, role, change.level))
    return result


def _paragraph(segments: list[Segment], role: ParagraphRole, level: int) -> RedlineParagraph:
    ops = {op for op, _ in segments}
    if ops == {"insert"}:
        return RedlineParagraph(tuple(segments), "inserted", role, level)
    if ops == {"delete"}:
        return RedlineParagraph(tuple(segments), "deleted", role, level)
    return RedlineParagraph.changed(segments, role=role, level=level)


def _title_paragraph(comparison: Comparison) -> RedlineParagraph | None:
    old, new = comparison.old_title, comparison.new_title
    if not old and not new:
        return None
    if old == new:
        return RedlineParagraph.unchanged(new or "", role="title")
    segments: list[Segment] = []
    if old:
        segments.append(("delete", old))
    if new:
        segments.append(("insert", new))
    if not old:
        return RedlineParagraph.inserted(new or "", role="title")
    if not new:
        return RedlineParagraph.deleted(old, role="title")
    return RedlineParagraph.changed(segments, role="title")


def write_redline(
    comparison: Comparison, path: Path, *, author: str, date: dt.datetime | None = None
) -> None:
    """Write the Word redline with real tracked changes, atomically."""
    from app.docx_io.redline import write_redline as write_docx

    when = date or dt.datetime.now(dt.UTC).replace(microsecond=0)
    write_docx(path, redline_paragraphs(comparison), author=author, date=when, title=None)
