"""Comparing two documents: clause-aware diff, detection findings gained and lost, redlines."""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Protocol

from app.diffing.compare import Progress, compare_documents
from app.diffing.tokens import tokenize
from app.diffing.worddiff import DEFAULT_TIMEOUT, WordDiffer
from app.domain.comparison import (
    ClauseChange,
    CompareOptions,
    Comparison,
    Piece,
    RiskDelta,
    ScopeChange,
)
from app.domain.document import SourceClause, SplitDocument
from app.domain.errors import InvalidInputError
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
    """A clause's paragraphs, one per line of its text.

    Where both versions break lines at the same places, each line is one paragraph with its
    tracked edits. Where an edit adds or removes a line break, the lines between the nearest
    shared breaks are aligned line by line (a paragraph split, merged, inserted or deleted), so
    that accepting all gives the new paragraphs and rejecting all the old ones, exactly.
    """
    heading_first = bool(change.heading)
    result: list[RedlineParagraph] = []
    for region in _regions(pieces):
        for segments in _region_paragraphs(region):
            role: ParagraphRole = "heading" if heading_first and not result else "body"
            result.append(_paragraph(segments, role, change.level))
    return result


def _regions(pieces: Sequence[Piece]) -> list[list[Segment]]:
    """The pieces cut at every line break both versions share."""
    regions: list[list[Segment]] = [[]]
    for op, text in pieces:
        if op != "equal":
            regions[-1].append((op, text))
            continue
        first, *others = text.split("\n")
        regions[-1].append((op, first))
        regions.extend([(op, other)] for other in others)
    return regions


def _region_paragraphs(region: list[Segment]) -> list[list[Segment]]:
    if not any("\n" in text for _, text in region):
        segments = [s for s in region if s[1]]
        return [segments] if segments else []
    old_lines = "".join(t for op, t in region if op != "insert").split("\n")
    new_lines = "".join(t for op, t in region if op != "delete").split("\n")
    paragraphs: list[list[Segment]] = []
    matcher = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            paragraphs.extend([("equal", line)] for line in old_lines[i1:i2])
            continue
        pairs = min(i2 - i1, j2 - j1) if tag == "replace" else 0
        for k in range(pairs):
            paragraphs.append(_line_diff(old_lines[i1 + k], new_lines[j1 + k]))
        paragraphs.extend([("delete", line)] for line in old_lines[i1 + pairs : i2])
        paragraphs.extend([("insert", line)] for line in new_lines[j1 + pairs : j2])
    return [kept for p in paragraphs if (kept := [s for s in p if s[1]])]


def _line_diff(old: str, new: str) -> list[Segment]:
    """A word diff of one line against its counterpart."""
    return [(op, text) for op, text in WordDiffer().diff(tokenize(old), tokenize(new)).pieces]


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


def write_html_redline(comparison: Comparison, path: Path) -> None:
    """Write the comparison as one self-contained HTML page, atomically (the window's export)."""
    from app.atomic_write import write_bytes_atomic
    from app.diffing.html import render_html

    try:
        write_bytes_atomic(path, render_html(comparison).encode("utf-8"))
    except OSError as exc:
        raise InvalidInputError(f"cannot write {path}: {exc.strerror}") from exc
