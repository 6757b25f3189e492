"""Reviewing a customer's contract against the standard terms: clause alignment, the risk
delta, the library's positions for each deviating clause, saved reviews and the reply."""

from __future__ import annotations

import datetime as dt
import re
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from app.diffing.alignment import similarity
from app.diffing.classify import trivial_reason
from app.diffing.compare import clause_text, compare_documents, summarise
from app.diffing.tokens import tokenize
from app.diffing.worddiff import WordDiffer
from app.domain.clause import TIER_ORDER, ClauseSummary, Status
from app.domain.comparison import (
    ClauseChange,
    Comparison,
    LibraryPosition,
    Piece,
    RiskDelta,
)
from app.domain.document import SourceClause, SplitDocument
from app.domain.errors import InvalidInputError
from app.domain.findings import CATEGORIES, Finding
from app.domain.review import (
    ReplyEdit,
    Review,
    ReviewDecision,
    ReviewSummary,
    SavedReview,
    clause_name,
    is_deviation,
)
from app.services.comparing import ClauseScanner, with_findings
from app.services.documents_io import load_document

if TYPE_CHECKING:
    from app.domain.terms import AssembledDocument
    from app.services.clause_library import ClauseLibrary
    from app.services.drafting import Drafting

Clock = Callable[[], dt.datetime]
LibraryOpener = Callable[[], "ClauseLibrary"]

DOC_PREFIX = "doc:"
# How alike a standard clause and a library clause must be to take the library clause's type.
TYPE_THRESHOLD = 0.6
# A form row's label (the first cell) is short: "Effective Date", "Governing Law".
_LABEL_MAX_WORDS = 8
_TEMPLATE_CODE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)
_SPACES = re.compile(r"\s+")


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


@dataclass(frozen=True)
class Standard:
    """The standard a contract is reviewed against, with each clause's library key if known."""

    document: SplitDocument
    label: str
    version: int | None = None
    clause_keys: tuple[str | None, ...] = ()
    warnings: tuple[str, ...] = ()
    values: tuple[tuple[str, str], ...] = ()
    references: tuple[tuple[str, str], ...] = ()


def parse_standard(spec: str) -> tuple[str, int | None] | None:
    """``doc:NAME[@VERSION]`` as (name, version); None for a file path."""
    if not spec.startswith(DOC_PREFIX):
        return None
    name, _, version = spec[len(DOC_PREFIX) :].partition("@")
    if not name:
        raise InvalidInputError(f"{spec}: name the document, e.g. doc:terms-of-service-ai-api")
    if not version:
        return name, None
    if not version.isdigit() or int(version) < 1:
        raise InvalidInputError(f"{spec}: the version after @ is a number (1, 2, ...)")
    return name, int(version)


class Reviewing:
    """Reviews contracts against a standard; the library is opened only when needed."""

    def __init__(
        self,
        scanner: ClauseScanner | None = None,
        *,
        library: LibraryOpener | None = None,
        clock: Clock = utc_now,
    ) -> None:
        self.scanner = scanner
        self._open_library = library
        self._clock = clock
        self._bodies: list[tuple[str, str]] | None = None

    # -- the library, lazily ---------------------------------------------------------------

    def library(self) -> ClauseLibrary:
        if self._open_library is None:
            raise InvalidInputError("this review needs the clause library, but none was given")
        return self._open_library()

    def drafting(self) -> Drafting:
        from app.services.drafting import Drafting

        library = self.library()
        return Drafting(library.database, user=library.user, clock=self._clock)

    # -- the standard ----------------------------------------------------------------------

    def standard(self, spec: str | Path | SplitDocument) -> Standard:
        """A file, an already split document, or ``doc:NAME[@VERSION]`` from the library."""
        if isinstance(spec, SplitDocument):
            return Standard(spec, spec.source)
        if isinstance(spec, str):
            parsed = parse_standard(spec)
            if parsed is not None:
                return self._document_standard(*parsed)
        path = Path(spec)
        return Standard(load_document(path), str(path))

    def _document_standard(self, name: str, number: int | None) -> Standard:
        drafting = self.drafting()
        warning: str
        if number is not None:
            version = drafting.version(name, number)
            assembled, values = version.assembled, version.values
            warning = f"standard: {name} version {number} \u201c{version.label}\u201d"
        else:
            versions = drafting.versions(name)
            if versions:
                latest = versions[-1]
                assembled, values, number = latest.assembled, latest.values, latest.number
                warning = (
                    f"standard: {name} version {number} \u201c{latest.label}\u201d "
                    "(the latest saved version)"
                )
            else:
                assembled = drafting.assemble(name)
                values = assembled.values
                warning = (
                    f"standard: {name} has no saved version; reviewed against the working draft "
                    "assembled with the default values"
                )
        label = f"{DOC_PREFIX}{name}" + (f"@{number}" if number is not None else "")
        split, keys = as_exported(assembled, label)
        references = tuple(
            (name, clause.reference_number or clause.number)
            for clause in assembled.clauses
            for name in dict.fromkeys(n for n in (clause.anchor, clause.clause_key) if n)
        )
        return Standard(split, label, number, keys, (warning,), tuple(values), references)

    # -- the review ------------------------------------------------------------------------

    def review(
        self,
        contract: Path | SplitDocument,
        standard: str | Path | SplitDocument | Standard,
        *,
        customer: str | None = None,
        positions: bool = True,
    ) -> Review:
        """The contract (new) against the standard (old); with ``positions``, the library's
        clauses of each deviating clause's type."""
        base = standard if isinstance(standard, Standard) else self.standard(standard)
        document = contract if isinstance(contract, SplitDocument) else load_document(contract)
        comparison = self.compare(base.document, document)
        if base.warnings:
            comparison = replace(comparison, warnings=(*base.warnings, *comparison.warnings))
        if positions:
            comparison = self._with_positions(comparison, base, document)
        return Review(
            comparison=comparison,
            standard=base.label,
            contract=document.source,
            standard_version=base.version,
            customer=customer,
            reviewed_at=self._clock(),
            standard_document=base.document,
            contract_document=document,
            values=base.values,
            references=base.references,
        )

    def compare(self, standard: SplitDocument, contract: SplitDocument) -> Comparison:
        """Clause alignment (form rows by their labels), then findings lost and gained."""
        comparison = pair_form_rows(compare_documents(standard, contract), standard, contract)
        if self.scanner is None:
            return comparison
        # Clauses the customer left as they were cannot gain or lose anything: only the
        # deviating ones are scanned (a contract just imported is mostly unchanged text).
        deviating = [c for c in comparison.clauses if is_deviation(c)]
        old_findings = self._scan(standard, {c.old_index for c in deviating})
        new_findings = self._scan(contract, {c.new_index for c in deviating})
        comparison = with_findings(comparison, old_findings, new_findings)
        return replace(comparison, risk=review_risk(comparison))

    def _scan(self, document: SplitDocument, wanted: set[int | None]) -> list[list[Finding]]:
        """Findings of the wanted clauses; none for the others."""
        assert self.scanner is not None
        indexes = sorted(k for k in wanted if k is not None)
        found = self.scanner.scan_clauses([_scanned(document.clauses[k]) for k in indexes])
        findings: list[list[Finding]] = [[] for _ in document.clauses]
        for k, clause_findings in zip(indexes, found, strict=True):
            findings[k] = clause_findings
        return findings

    # -- library positions -----------------------------------------------------------------

    def _with_positions(
        self, comparison: Comparison, standard: Standard, contract: SplitDocument
    ) -> Comparison:
        summaries = self.library().list_clauses()
        types = {c.key: c.type for c in summaries}
        positions = _positions_by_type(summaries)
        clauses = []
        for change in comparison.clauses:
            clause_type = None
            if is_deviation(change):
                clause_type = self._clause_type(change, standard, contract, types)
            if clause_type is None:
                clauses.append(change)
            else:
                found = positions.get(clause_type, ())
                clauses.append(replace(change, library_positions=found))
        return replace(comparison, clauses=tuple(clauses))

    def _clause_type(
        self,
        change: ClauseChange,
        standard: Standard,
        contract: SplitDocument,
        types: dict[str, str],
    ) -> str | None:
        """The library type of a deviating clause: the standard's own key, the most similar
        library clause, or a detection category that names a clause type."""
        if change.old_index is not None and change.old_index < len(standard.clause_keys):
            key = standard.clause_keys[change.old_index]
            if key is not None and key in types:
                return types[key]
        if change.old_index is not None:
            clause = standard.document.clauses[change.old_index]
        elif change.new_index is not None:
            clause = contract.clauses[change.new_index]
        else:
            return None
        key = self._most_similar(clause)
        if key is not None and key in types:
            return types[key]
        known = set(types.values())
        for category in self._categories(clause):
            if category in known:
                return category
        return None

    def _most_similar(self, clause: SourceClause) -> str | None:
        text = _plain(clause.text or clause.heading or "")
        if not text:
            return None
        best, best_key = TYPE_THRESHOLD, None
        for key, body in self._library_bodies():
            score = similarity(text, body, best)
            if score >= best:
                best, best_key = score, key
        return best_key

    def _library_bodies(self) -> list[tuple[str, str]]:
        if self._bodies is None:
            library = self.library()
            self._bodies = [
                (c.key, _plain(library.get(c.key).body))
                for c in library.list_clauses()
                if c.status.value == "approved"
            ]
        return self._bodies

    def _categories(self, clause: SourceClause) -> list[str]:
        if self.scanner is None:
            return []
        found = self.scanner.scan_clauses([_scanned(clause)])[0]
        return list(dict.fromkeys(f.category for f in found))

    # -- saved reviews ---------------------------------------------------------------------

    def save(
        self,
        review: Review,
        *,
        customer: str,
        notes: Sequence[ReviewDecision] = (),
    ) -> SavedReview:
        """Keep a review (customer, file, standard version, date, and per clause the lawyer's
        decision or note; a note on an undecided clause is kept as it is)."""
        from app.storage.review_repository import ReviewRepository

        customer = customer.strip()
        if not customer:
            raise InvalidInputError("name the customer whose contract this is")
        check_notes(review, notes)
        review = replace(review, customer=customer)
        with self.library().database.write() as session:
            return ReviewRepository(session).add(
                review,
                customer=customer,
                notes=tuple(notes),
                at=review.reviewed_at or self._clock(),
            )

    def reviews(self) -> list[ReviewSummary]:
        from app.storage.review_repository import ReviewRepository

        with self.library().database.read() as session:
            return ReviewRepository(session).summaries()

    def open(self, review_id: int) -> SavedReview:
        from app.storage.review_repository import ReviewRepository

        with self.library().database.read() as session:
            return ReviewRepository(session).get(review_id)

    def reopen(self, saved: SavedReview) -> Review:
        """A saved review run again from its files, for a reply: the same contract against the
        same standard version gives the same clauses, so the saved notes still apply (a
        working-draft standard may have changed since)."""
        contract = Path(saved.contract)
        if not contract.exists():
            raise InvalidInputError(f"{contract}: the customer's document is no longer there")
        return self.review(contract, saved.standard, customer=saved.customer)

    def update_notes(self, review_id: int, notes: Sequence[ReviewDecision]) -> SavedReview:
        """Replace a saved review's decisions and notes (one transaction)."""
        from app.storage.review_repository import ReviewRepository

        with self.library().database.write() as session:
            repo = ReviewRepository(session)
            check_notes(repo.get(review_id).review, notes)
            return repo.set_notes(review_id, tuple(notes))


def _positions_by_type(
    summaries: Sequence[ClauseSummary],
) -> dict[str, tuple[LibraryPosition, ...]]:
    """The approved clauses of each type, preferred, fallback, then walk-away (as
    ClauseLibrary.positions orders them), from one listing of the library."""
    by_type: dict[str, list[ClauseSummary]] = {}
    for summary in summaries:
        if summary.status is Status.APPROVED:
            by_type.setdefault(summary.type, []).append(summary)
    return {
        clause_type: tuple(
            LibraryPosition(c.key, c.title, c.tier.value if c.tier else "")
            for c in sorted(
                found, key=lambda c: (TIER_ORDER.get(c.tier, 3) if c.tier else 3, c.key)
            )
        )
        for clause_type, found in by_type.items()
    }


def review_risk(comparison: Comparison) -> RiskDelta:
    """The risk delta clause by clause: a protection the customer deleted from its clause is
    lost even when the same category still turns up in a clause they left alone (unless it
    moved into one they changed), and a scope narrowed inside a clause, or across the clauses
    they changed, counts as weakened. ``comparison.risk`` was computed over the deviating
    clauses only."""
    whole = comparison.risk
    lost = {c for change in comparison.clauses for c in change.categories_lost}
    gained = {c for change in comparison.clauses for c in change.categories_gained}
    narrowed = list(whole.narrowed)
    widened = list(whole.widened)
    for change in comparison.clauses:
        narrowed += [s for s in change.scopes_narrowed if s not in narrowed]
        widened += [s for s in change.scopes_widened if s not in widened]
    return RiskDelta(
        lost=_in_order({*whole.lost, *(lost - gained)}),
        gained=_in_order({*whole.gained, *(gained - lost)}),
        narrowed=tuple(narrowed),
        widened=tuple(widened),
    )


def _in_order(categories: set[str]) -> tuple[str, ...]:
    rank = {c: k for k, c in enumerate(CATEGORIES)}
    return tuple(sorted(categories, key=lambda c: (rank.get(c, len(rank)), c)))


def as_exported(
    assembled: AssembledDocument, label: str
) -> tuple[SplitDocument, tuple[str | None, ...]]:
    """The standard split as its Word export reads (so a customer's copy of the export lines
    up clause for clause, lettered items included), with each clause's library key."""
    from app.docx_io.export import export_docx
    from app.docx_io.reader import read_docx

    with tempfile.TemporaryDirectory(prefix="clausewright-review-") as folder:
        path = Path(folder) / "standard.docx"
        # Our own export is trusted: it is read here, not in the isolated import worker.
        path.write_bytes(export_docx(assembled))
        split = read_docx(path, source=label)
    split = replace(split, warnings=())
    return split, _clause_keys(split, assembled)


def _clause_keys(split: SplitDocument, assembled: AssembledDocument) -> tuple[str | None, ...]:
    """Each split clause's library key: a clause starts at its heading, its lettered items
    and untitled paragraphs belong to the clause above them."""
    headings = [_heading_key(c.heading) for c in assembled.clauses]
    keys: list[str | None] = []
    at: int | None = None
    for clause in split.clauses:
        wanted = _heading_key(clause.heading)
        if wanted:
            start = 0 if at is None else at + 1
            found = next((k for k in range(start, len(headings)) if headings[k] == wanted), None)
            if found is not None:
                at = found
        keys.append(assembled.clauses[at].clause_key if at is not None else None)
    return tuple(keys)


def _heading_key(heading: str | None) -> str:
    return " ".join((heading or "").split()).rstrip(".").casefold()


def check_notes(review: Review, notes: Sequence[ReviewDecision]) -> None:
    """Each note names a clause of the review, and no clause has two."""
    count = len(review.clauses)
    seen: set[int] = set()
    for note in notes:
        if not 0 <= note.clause < count:
            raise InvalidInputError(f"the review has no clause {note.clause}")
        if note.clause in seen:
            raise InvalidInputError(f"clause {note.clause} has two decisions or notes; keep one")
        seen.add(note.clause)


def _scanned(clause: SourceClause) -> str:
    """What the rules read, as Comparing does: the clause's text, or its heading if none."""
    return clause.text or clause.heading or ""


def _plain(text: str) -> str:
    """Text for type matching: template code out, white space collapsed, case folded."""
    return _SPACES.sub(" ", _TEMPLATE_CODE.sub(" ", text)).strip().casefold()


# -- form rows: a changed value is a modified row, not a removal and an addition -------------


def form_label(clause: SourceClause) -> str | None:
    """The label of a form row ("Effective Date" over its value), or None for other clauses."""
    if clause.heading:
        return None
    lines = [line for line in clause.text.split("\n") if line.strip()]
    if len(lines) < 2:
        return None
    first = lines[0].split(":", 1)[0] if ":" in lines[0] else lines[0]
    words = first.split()
    if not words or len(words) > _LABEL_MAX_WORDS:
        return None
    return " ".join(words).casefold().rstrip(":")


def pair_form_rows(
    comparison: Comparison, standard: SplitDocument, contract: SplitDocument
) -> Comparison:
    """Pair a removed and an added form row with the same (unique) label as one modified row."""
    removed = _by_label(comparison, "removed", standard, lambda c: c.old_index)
    added = _by_label(comparison, "added", contract, lambda c: c.new_index)
    pairs = {added[label]: removed[label] for label in added.keys() & removed.keys()}
    if not pairs:
        return comparison
    differ = WordDiffer()
    dropped = set(pairs.values())
    clauses: list[ClauseChange] = []
    shift: list[int] = []
    for position, change in enumerate(comparison.clauses):
        shift.append(len(clauses))
        if position in dropped:
            continue
        if position in pairs:
            old = comparison.clauses[pairs[position]]
            clauses.append(_row_change(differ, standard.clauses[old.old_index or 0], change))
        else:
            clauses.append(change)
    shift.append(len(clauses))
    moved_from = tuple((shift[place], shift[entry]) for place, entry in comparison.moved_from)
    return replace(
        comparison, clauses=tuple(clauses), summary=summarise(clauses), moved_from=moved_from
    )


def _by_label(
    comparison: Comparison,
    status: str,
    document: SplitDocument,
    index: Callable[[ClauseChange], int | None],
) -> dict[str, int]:
    """Positions of the rows with a given status, by label; labels used twice are left out."""
    found: dict[str, int] = {}
    twice: set[str] = set()
    for position, change in enumerate(comparison.clauses):
        at = index(change)
        if change.status != status or at is None:
            continue
        label = form_label(document.clauses[at])
        if label is None:
            continue
        if label in found:
            twice.add(label)
        found[label] = position
    return {label: p for label, p in found.items() if label not in twice}


def _row_change(differ: WordDiffer, old: SourceClause, added: ClauseChange) -> ClauseChange:
    before, after = clause_text(old), added.new_text
    pieces = differ.diff(tokenize(before), tokenize(after)).pieces
    reason = trivial_reason(pieces, old.number, added.number)
    return replace(
        added,
        status="modified",
        old_index=old.index,
        old_number=old.number,
        similarity=_shared(pieces),
        changes=pieces,
        trivial=reason is not None,
        trivial_reason=reason,
    )


def _shared(pieces: Sequence[Piece]) -> float:
    equal = sum(len(t) for op, t in pieces if op == "equal")
    total = sum(len(t) * (2 if op == "equal" else 1) for op, t in pieces)
    return 2 * equal / total if total else 1.0


# -- Word outputs ----------------------------------------------------------------------------


def write_review_report(review: Review, path: Path, notes: Sequence[ReviewDecision] = ()) -> None:
    """The Word review report (summary table, then each deviating clause with the lawyer's
    decision and note), atomically."""
    from app.docx_io.review_report import write_report

    check_notes(review, notes)
    try:
        write_report(path, review, notes=notes)
    except OSError as exc:
        raise InvalidInputError(f"cannot write {path}: {exc.strerror}") from exc


def write_review_redline(
    review: Review, path: Path, *, author: str, date: dt.datetime | None = None
) -> None:
    """The contract against the standard with every difference a tracked change: accepting
    all gives the customer's text, rejecting all the standard's."""
    from app.services.comparing import write_redline

    try:
        write_redline(review.comparison, path, author=author, date=date or review.reviewed_at)
    except OSError as exc:
        raise InvalidInputError(f"cannot write {path}: {exc.strerror}") from exc


# -- the reply to the customer: the counter-redline -------------------------------------------

_WORD_SUFFIXES = (".docx",)
_EXPRESSION = re.compile(r"\{\{\s*(.*?)\s*\}\}", re.S)
_REFERENCE = re.compile(r"""ref\(\s*['"]([^'"]+)['"]\s*\)""")
_TEMPLATE_TAG = re.compile(r"\{%.*?%\}\n?", re.S)


def write_reply(
    reviewing: Reviewing,
    review: Review,
    decisions: Sequence[ReviewDecision],
    path: Path,
    *,
    author: str,
    date: dt.datetime | None = None,
) -> None:
    """The customer's document with each decision applied as tracked changes and each
    explanation as a Word comment on its clause (a .md/.txt contract becomes a new .docx)."""
    from app.docx_io import reply

    contract = review.contract_document
    standard = review.standard_document
    if contract is None or standard is None:
        raise InvalidInputError("reopen the review from its files to write a reply")
    check_notes(review, decisions)
    source_path = Path(review.contract)
    if source_path.suffix.lower() in _WORD_SUFFIXES:
        if not source_path.exists():
            raise InvalidInputError(f"{source_path}: the customer's document is gone")
        source: Path | bytes = source_path
        texts = reply.paragraph_texts(source_path)
    else:
        texts = [line for c in contract.clauses for line in _clause_lines(c)]
        source = reply.plain_document(texts)
    places = locate_clauses(texts, contract.clauses)
    edits = []
    # A note on an undecided clause is the lawyer's own: the reply leaves that clause alone.
    decided = [d for d in decisions if d.decided]
    for decision in sorted(decided, key=lambda d: d.clause):
        change = review.clauses[decision.clause]
        target = _decided_text(reviewing, review, change, decision)
        edits.append(_edit(texts, places, review, change, target, comment=decision.comment))
    when = date or dt.datetime.now(dt.UTC).replace(microsecond=0)
    try:
        reply.write_reply(path, source, edits, author=author, date=when)
    except OSError as exc:
        raise InvalidInputError(f"cannot write {path}: {exc.strerror}") from exc


def _clause_lines(clause: SourceClause) -> list[str]:
    lead = " ".join(p for p in (clause.number, clause.heading) if p)
    return [line for line in [lead, *clause.text.split("\n")] if line.strip()]


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def locate_clauses(texts: Sequence[str], clauses: Sequence[SourceClause]) -> list[tuple[int, ...]]:
    """For each clause (in order), the paragraphs that hold its heading and text lines."""
    normalised = [_norm(t) for t in texts]
    places: list[tuple[int, ...]] = []
    cursor = 0
    for clause in clauses:
        lines = [_norm(line) for line in [clause.heading or "", *clause.text.split("\n")]]
        found = _find(normalised, [line for line in lines if line], cursor)
        places.append(found)
        if found:
            cursor = found[-1] + 1
    return places


def _find(paragraphs: Sequence[str], lines: Sequence[str], start: int) -> tuple[int, ...]:
    """The first run of paragraphs from ``start`` holding the lines in order; a line goes in
    the next paragraph if that holds it, else in the same one (a bold lead-in and its text)."""
    if not lines:
        return ()
    for first in range(start, len(paragraphs)):
        if lines[0] not in paragraphs[first]:
            continue
        taken = [first]
        for line in lines[1:]:
            following = next(
                (n for n in range(taken[-1] + 1, len(paragraphs)) if paragraphs[n]), None
            )
            if following is not None and line in paragraphs[following]:
                taken.append(following)
            elif line not in paragraphs[taken[-1]]:
                break
        else:
            return tuple(taken)
    return ()


def _decided_text(
    reviewing: Reviewing, review: Review, change: ClauseChange, decision: ReviewDecision
) -> SourceClause | str | None:
    """What the clause should read: None to keep the customer's wording, a standard clause to
    restore, or a library position's wording."""
    if decision.choice == "accept":
        return None
    if decision.choice == "restore":
        if change.old_index is None:
            return ""
        assert review.standard_document is not None
        return review.standard_document.clauses[change.old_index]
    key = decision.position_key or _fallback_key(change)
    if key is None:
        raise InvalidInputError(
            f"clause {decision.clause}: the library has no fallback position for it; "
            "name one with its key"
        )
    body = reviewing.library().get(key).body
    return fill_variables(body, dict(review.values), dict(review.references))


def _fallback_key(change: ClauseChange) -> str | None:
    positions = change.library_positions
    chosen = next((p for p in positions if p.tier == "fallback"), None)
    chosen = chosen or next((p for p in positions if p.tier not in ("", "preferred")), None)
    return chosen.key if chosen else None


def fill_variables(
    body: str, values: dict[str, str], references: dict[str, str] | None = None
) -> str:
    """A library wording with its variables filled and its cross-references numbered as in
    the standard (unknown ones shown as [name] and [section: name])."""
    text = _TEMPLATE_TAG.sub("", body)
    text = _EXPRESSION.sub(lambda m: _expression(m.group(1), values, references or {}), text)
    # Paragraphs of a library wording are separated by blank lines; a reply has one per line.
    return re.sub(r"\n\s*\n", "\n", text).strip()


def _expression(expression: str, values: dict[str, str], references: dict[str, str]) -> str:
    if expression in values:
        return values[expression]
    reference = _REFERENCE.fullmatch(expression)
    if reference:
        target = reference.group(1)
        return references.get(target, f"[section: {target}]")
    return f"[{expression}]"


def _edit(
    texts: Sequence[str],
    places: Sequence[tuple[int, ...]],
    review: Review,
    change: ClauseChange,
    target: SourceClause | str | None,
    *,
    comment: str,
) -> ReplyEdit:
    if change.new_index is None:
        # The customer deleted the clause: restore it after the clause before it.
        after = _previous_paragraph(places, review, change)
        lines = "" if target is None else _target_text(target)
        return ReplyEdit((), (("insert", lines),) if lines else (), comment, after)
    found = places[change.new_index]
    if not found:
        raise InvalidInputError(
            f"clause {clause_name(change)}: its paragraphs were not found in the customer's file"
        )
    old = "\n".join(texts[k] for k in found)
    if target is None:
        return ReplyEdit(found, (("equal", old),) if old else (), comment)
    assert review.contract_document is not None
    customer = review.contract_document.clauses[change.new_index]
    new = _replaced(old, customer, target)
    pieces = WordDiffer().diff(tokenize(old), tokenize(new)).pieces
    return ReplyEdit(found, tuple(pieces), comment)


def _previous_paragraph(
    places: Sequence[tuple[int, ...]], review: Review, change: ClauseChange
) -> int | None:
    position = review.clauses.index(change)
    for earlier in reversed(review.clauses[:position]):
        if earlier.new_index is not None and places[earlier.new_index]:
            return places[earlier.new_index][-1]
    return None


def _target_text(target: SourceClause | str) -> str:
    if isinstance(target, str):
        return target
    lead = " ".join(p for p in (target.number, target.heading) if p)
    return "\n".join(p for p in (lead, target.text) if p)


def _replaced(old: str, customer: SourceClause, target: SourceClause | str) -> str:
    """The customer's paragraphs with the clause's wording replaced, keeping their own number
    and heading where the wording sits under them."""
    if isinstance(target, str) and not target:
        return ""
    body = customer.text
    at = old.find(body) if body else -1
    if at < 0:
        return _target_text(target)
    prefix, suffix = old[:at], old[at + len(body) :]
    if isinstance(target, str):
        return prefix + target + suffix
    if customer.heading and target.heading and customer.heading != target.heading:
        prefix = prefix.replace(customer.heading, target.heading, 1)
    return prefix + target.text + suffix
