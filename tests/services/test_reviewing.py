"""Reviewing: customer's contract against the standard (files and library documents)."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from app.docx_io.revisions import read_revisions
from app.domain.document import SourceClause, SplitDocument
from app.domain.errors import InvalidInputError
from app.domain.review import Review, ReviewDecision
from app.resources import resource_path, shipped_library_dir
from app.services.clause_library import ClauseLibrary
from app.services.drafting import Drafting
from app.services.reviewing import (
    Reviewing,
    fill_variables,
    form_label,
    parse_standard,
    write_reply,
)
from app.services.scanning import Scanning
from tests.conftest import CORPUS

SAMPLE = "terms-of-service-ai-api"
COMPETING = "Use of Output to Develop Competing Models"
BONTERMS = CORPUS / "docx" / "bonterms-mutual-nda-cover-page.docx"
COMMON_PAPER = CORPUS / "docx" / "common-paper-mutual-nda.docx"
# The cover pages' blanks and what the customer filled in.
FILLED = {
    BONTERMS: {
        "{purpose}": "Evaluating a supply of AI models",
        "{effective_date}": "1 March 2026",
        "{nda_term}": "2 years",
        "{governing_law}": "England and Wales",
    },
    COMMON_PAPER: {
        "{purpose}": "Evaluating a supply agreement",
        "{effective_date}": "1 March 2026",
        "{mnda_term}": "2 years",
        "{governing_law}": "Delaware",
        "{jurisdiction}": "Wilmington, Delaware",
    },
}


@pytest.fixture(scope="module")
def rules() -> Scanning:
    return Scanning.from_folders(resource_path() / "rules")


@pytest.fixture
def shipped(library: ClauseLibrary) -> ClauseLibrary:
    library.load_shipped_library(shipped_library_dir())
    return library


def _reviewing(rules: Scanning, library: ClauseLibrary | None = None) -> Reviewing:
    return Reviewing(rules, library=(lambda: library) if library is not None else None)


def _without_heading(source: Path, target: Path, heading: str) -> None:
    """Delete a clause from an exported document: its heading and the paragraphs under it."""
    word = docx.Document(str(source))
    paragraphs = word.paragraphs
    start = next(k for k, p in enumerate(paragraphs) if p.text == heading)
    end = start + 1
    while not str(getattr(paragraphs[end].style, "name", "")).startswith("Heading"):
        end += 1
    for paragraph in paragraphs[start:end]:
        element = paragraph._element
        parent = element.getparent()
        assert parent is not None
        parent.remove(element)
    word.save(str(target))


def _md(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


# -- the "done when" scenarios ----------------------------------------------------------------


@pytest.mark.parametrize("nda", [BONTERMS, COMMON_PAPER], ids=lambda p: p.stem)
def test_filled_in_nda_reports_exactly_the_filled_fields_as_modified(
    nda: Path, rules: Scanning, tmp_path: Path
) -> None:
    if not nda.exists():
        pytest.skip("the corpus is not on this machine")
    fills = FILLED[nda]
    word = docx.Document(str(nda))
    for table in word.tables:
        for row in table.rows:
            for cell in row.cells:
                for paragraph in cell.paragraphs:
                    for run in paragraph.runs:
                        for blank, value in fills.items():
                            run.text = run.text.replace(blank, value)
    filled = tmp_path / "filled.docx"
    word.save(str(filled))

    review = _reviewing(rules).review(filled, nda, positions=False)

    deviating = [review.clauses[k] for k in review.deviations()]
    assert all(c.status == "modified" for c in deviating)
    changed = sorted(
        (text for c in deviating for op, text in c.changes if op == "delete"),
    )
    assert changed == sorted(fills)
    inserted = sorted(text for c in deviating for op, text in c.changes if op == "insert")
    assert inserted == sorted(fills.values())
    assert len(deviating) == len(fills)
    assert review.comparison.summary.added == review.comparison.summary.removed == 0


def test_review_reports_dropped_competitor_training_clause_first(
    rules: Scanning, shipped: ClauseLibrary, tmp_path: Path
) -> None:
    exported = tmp_path / "terms.docx"
    Drafting(shipped.database).export_docx(SAMPLE, exported)
    customer = tmp_path / "customer.docx"
    _without_heading(exported, customer, "Use of Output to Develop Competing Models")

    review = _reviewing(rules, shipped).review(customer, f"doc:{SAMPLE}")

    assert "competitor-training" in review.risk.lost
    assert review.risk.lost[0] == "competitor-training"
    first = review.clauses[review.deviations()[0]]
    assert first.status == "removed"
    assert "competitor-training" in first.categories_lost
    assert [p.tier for p in first.library_positions] == ["preferred", "fallback", "walk-away"]
    assert {p.key for p in first.library_positions} >= {"competitor-training-fallback"}
    assert any("working draft" in w for w in review.comparison.warnings)


def test_own_export_reviewed_against_its_document_has_no_deviations(
    rules: Scanning, shipped: ClauseLibrary, tmp_path: Path
) -> None:
    exported = tmp_path / "terms.docx"
    Drafting(shipped.database).export_docx(SAMPLE, exported)
    review = _reviewing(rules, shipped).review(exported, f"doc:{SAMPLE}")
    assert review.deviations() == []
    assert review.risk.lost == review.risk.gained == ()


def test_doc_standard_takes_the_latest_saved_version_and_says_so(
    rules: Scanning, shipped: ClauseLibrary, tmp_path: Path
) -> None:
    drafting = Drafting(shipped.database)
    drafting.save_version(SAMPLE, "Sent to customers")
    exported = tmp_path / "terms.docx"
    drafting.export_docx(SAMPLE, exported, version=1)
    review = _reviewing(rules, shipped).review(exported, f"doc:{SAMPLE}")
    assert review.standard == f"doc:{SAMPLE}@1"
    assert review.standard_version == 1
    assert any("latest saved version" in w for w in review.comparison.warnings)
    with pytest.raises(Exception, match="version"):
        _reviewing(rules, shipped).review(exported, f"doc:{SAMPLE}@7")


# -- risk delta -------------------------------------------------------------------------------


def test_narrowed_competitor_training_scope_is_reported_as_weakened(
    rules: Scanning, tmp_path: Path
) -> None:
    standard = _md(
        tmp_path / "standard.md",
        "# Terms\n\n## 1. Use of Output\n\nYou will not use the Services or any Output to "
        "develop any artificial intelligence or machine learning model.\n\n## 2. Fees\n\n"
        "You will pay the fees within thirty days.\n",
    )
    contract = _md(
        tmp_path / "contract.md",
        "# Terms\n\n## 1. Use of Output\n\nYou will not use the Services or any Output to "
        "develop any artificial intelligence or machine learning model that competes with "
        "the Provider.\n\n## 2. Fees\n\nYou will pay the fees within thirty days.\n",
    )
    review = _reviewing(rules).review(contract, standard, positions=False)
    narrowed = [(s.category, s.from_scope, s.to_scope) for s in review.risk.narrowed]
    assert narrowed == [("competitor-training", "any-model", "competing-models")]
    assert review.clauses[review.deviations()[0]].heading == "Use of Output"


def test_risky_clause_added_by_the_customer_is_a_gained_risk(
    rules: Scanning, tmp_path: Path
) -> None:
    standard = _md(tmp_path / "s.md", "## 1. Fees\n\nYou will pay the fees within thirty days.\n")
    contract = _md(
        tmp_path / "c.md",
        "## 1. Fees\n\nYou will pay the fees within thirty days.\n\n## 2. Disputes\n\n"
        "Any dispute will be resolved by binding arbitration, and you waive any right to "
        "participate in a class action.\n",
    )
    review = _reviewing(rules).review(contract, standard, positions=False)
    assert "arbitration" in review.risk.gained
    assert review.risk.lost == ()
    added = review.clauses[review.deviations()[0]]
    assert added.status == "added" and "arbitration" in added.categories_gained


# -- library positions for plain-file standards -----------------------------------------------


def test_plain_file_standard_clause_finds_its_type_by_similar_library_wording(
    rules: Scanning, shipped: ClauseLibrary, tmp_path: Path
) -> None:
    body = shipped.get("limitation-of-liability-preferred").body.replace(
        "{{ company_name }}", "Acme"
    )
    standard = _md(tmp_path / "s.md", f"## 1. Liability\n\n{body}\n\n## 2. Other\n\nNothing.\n")
    contract = _md(
        tmp_path / "c.md",
        f"## 1. Liability\n\n{body.replace('TWELVE (12)', 'TWENTY-FOUR (24)')}\n\n"
        "## 2. Other\n\nNothing.\n",
    )
    review = _reviewing(rules, shipped).review(contract, standard)
    modified = review.clauses[review.deviations()[0]]
    assert modified.status == "modified"
    keys = [p.key for p in modified.library_positions]
    assert keys[0] == "limitation-of-liability-preferred"
    assert "limitation-of-liability-walk-away" in keys


def test_review_without_positions_needs_no_library(rules: Scanning, tmp_path: Path) -> None:
    standard = _md(tmp_path / "s.md", "## 1. Fees\n\nPay within thirty days.\n")
    contract = _md(tmp_path / "c.md", "## 1. Fees\n\nPay within sixty days.\n")
    review = _reviewing(rules).review(contract, standard, positions=False)
    assert review.clauses[0].library_positions == ()
    with pytest.raises(InvalidInputError, match="library"):
        _reviewing(rules).review(contract, standard)


# -- form rows --------------------------------------------------------------------------------


def _form(*rows: str) -> SplitDocument:
    clauses = [SourceClause(0, None, "Key Terms", "These terms apply.")]
    clauses += [SourceClause(k + 1, None, None, row) for k, row in enumerate(rows)]
    return SplitDocument("form", tuple(clauses))


def test_changed_form_values_are_modified_rows_not_removals_and_additions(
    rules: Scanning,
) -> None:
    blank = _form("Effective Date\n[date]", "Governing Law\n[law]", "Courts\n[courts]")
    filled = _form("Effective Date\n1 May 2026", "Governing Law\nIreland", "Courts\n[courts]")
    review = _reviewing(rules).review(filled, blank, positions=False)
    statuses = [c.status for c in review.clauses]
    assert statuses == ["unchanged", "modified", "modified", "unchanged"]
    assert review.clauses[1].changes == (
        ("equal", "Effective Date\n"),
        ("delete", "[date]"),
        ("insert", "1 May 2026"),
    )
    assert review.comparison.summary.modified == 2


def test_form_label_is_the_first_short_line_of_an_untitled_row() -> None:
    assert form_label(SourceClause(0, None, None, "Party Name: [name]\nSignature:")) == "party name"
    assert form_label(SourceClause(0, None, "Fees", "Amount\n100")) is None
    assert form_label(SourceClause(0, None, None, "A single line of text.")) is None


def test_library_wording_is_filled_with_values_and_section_numbers() -> None:
    body = "{{ company_name }} is liable under Section {{ ref('fees') }} and {{ ref('x') }}."
    filled = fill_variables(body, {"company_name": "Acme"}, {"fees": "5.1"})
    assert filled == "Acme is liable under Section 5.1 and [section: x]."
    assert fill_variables("{% if a %}A{% endif %}\n\nB {{ who }}", {}) == "A\nB [who]"


def test_standard_names_are_parsed_and_checked() -> None:
    assert parse_standard("doc:terms@3") == ("terms", 3)
    assert parse_standard("doc:terms") == ("terms", None)
    assert parse_standard("standard.docx") is None
    with pytest.raises(InvalidInputError):
        parse_standard("doc:terms@latest")
    with pytest.raises(InvalidInputError):
        parse_standard("doc:")


# -- the reply and saved reviews --------------------------------------------------------------


def _customer_copy(shipped: ClauseLibrary, folder: Path) -> Path:
    """The sample terms as a customer sent them back: payment term and cap changed, the
    competitor-training clause deleted."""
    exported = folder / "terms.docx"
    Drafting(shipped.database).export_docx(SAMPLE, exported)
    customer = folder / "customer.docx"
    _without_heading(exported, customer, "Use of Output to Develop Competing Models")
    word = docx.Document(str(customer))
    for paragraph in word.paragraphs:
        for run in paragraph.runs:
            run.text = run.text.replace("TWELVE (12) MONTHS", "TWENTY-FOUR (24) MONTHS")
            run.text = run.text.replace("You may state publicly", "Either party may state publicly")
    word.save(str(customer))
    return customer


def _position(review: Review, heading: str) -> int:
    return next(k for k in review.deviations() if review.clauses[k].heading == heading)


def test_reply_applies_each_decision_as_tracked_changes_with_comments(
    rules: Scanning, shipped: ClauseLibrary, tmp_path: Path
) -> None:
    reviewing = _reviewing(rules, shipped)
    customer = _customer_copy(shipped, tmp_path)
    review = reviewing.review(customer, f"doc:{SAMPLE}")
    decisions = [
        ReviewDecision(_position(review, COMPETING), "restore", "We need this protection."),
        ReviewDecision(_position(review, "Limitation of Liability"), "fallback", "Our fallback."),
        ReviewDecision(_position(review, "Publicity"), "accept", "Agreed."),
    ]
    out = tmp_path / "reply.docx"
    write_reply(reviewing, review, decisions, out, author="Counsel")

    accepted, rejected = read_revisions(out)
    assert rejected == read_revisions(customer)[0]
    text = "\n".join(accepted)
    assert "TWENTY-FOUR (24) MONTHS" not in text  # the fallback cap replaced theirs
    fallback = fill_variables(
        shipped.get("limitation-of-liability-fallback").body,
        dict(review.values),
        dict(review.references),
    )
    assert all(line in accepted for line in fallback.splitlines())
    assert "[" not in fallback  # variables and cross-references filled from the standard
    assert "Either party may state publicly" in text  # accepted as they wrote it
    standard = review.standard_document
    assert standard is not None
    restored = next(c for c in standard.clauses if c.heading == COMPETING)
    assert restored.text.split("\n")[0] in accepted
    assert sorted(_comment_texts(out)) == ["Agreed.", "Our fallback.", "We need this protection."]


def _comment_texts(path: Path) -> list[str]:
    word = docx.Document(str(path))
    return [c.text for c in word.comments]


def test_saved_review_is_listed_and_reopened_with_its_notes(
    rules: Scanning, shipped: ClauseLibrary, tmp_path: Path
) -> None:
    reviewing = _reviewing(rules, shipped)
    review = reviewing.review(_customer_copy(shipped, tmp_path), f"doc:{SAMPLE}")
    first = review.deviations()[0]
    saved = reviewing.save(
        review, customer="Acme Corp", notes=[ReviewDecision(first, "restore", "Must have.")]
    )
    listed = reviewing.reviews()
    assert [(r.id, r.customer) for r in listed] == [(saved.id, "Acme Corp")]
    assert listed[0].lost[0] == "competitor-training"
    reopened = reviewing.open(saved.id)
    assert reopened.review.to_json() == {**review.to_json(), "customer": "Acme Corp"}
    assert reopened.note(first) == ReviewDecision(first, "restore", "Must have.")
    again = reviewing.reopen(reopened)
    assert again.clauses == review.clauses
    out = tmp_path / "reply.docx"
    write_reply(reviewing, again, reopened.notes, out, author="Counsel")
    assert _comment_texts(out) == ["Must have."]
    with pytest.raises(InvalidInputError, match="no clause"):
        reviewing.update_notes(saved.id, [ReviewDecision(999, "accept")])
    with pytest.raises(InvalidInputError, match="customer"):
        reviewing.save(review, customer="  ")


def _lead_in_contract(path: Path, days: str) -> Path:
    """Clauses written "1.1 Fees. You will pay ..." with a bold lead-in, as many customers do."""
    word = docx.Document()
    word.add_paragraph("Supply Agreement", style="Title")
    for number, heading, body in [
        ("1.1", "Fees.", f"You will pay within {days} days of the invoice."),
        ("1.2", "Law.", "This Agreement is governed by the laws of Ireland."),
    ]:
        paragraph = word.add_paragraph()
        paragraph.add_run(f"{number} ")
        paragraph.add_run(heading).bold = True
        paragraph.add_run(f" {body}")
    word.save(str(path))
    return path


def test_reply_restores_the_wording_inside_a_lead_in_paragraph(
    rules: Scanning, tmp_path: Path
) -> None:
    standard = _lead_in_contract(tmp_path / "standard.docx", "thirty")
    customer = _lead_in_contract(tmp_path / "customer.docx", "ninety")
    reviewing = _reviewing(rules)
    review = reviewing.review(customer, standard, positions=False)
    fees = review.deviations()
    assert [review.clauses[k].heading for k in fees] == ["Fees"]
    out = tmp_path / "reply.docx"
    write_reply(reviewing, review, [ReviewDecision(fees[0], "restore")], out, author="Counsel")
    accepted, rejected = read_revisions(out)
    assert rejected == read_revisions(customer)[0]
    assert accepted[1] == "1.1 Fees. You will pay within thirty days of the invoice."
    bold = [r.text for r in docx.Document(str(out)).paragraphs[1].runs if r.bold]
    assert bold == ["Fees."]


def test_note_on_an_undecided_clause_is_saved_reopened_and_left_out_of_the_reply(
    rules: Scanning, shipped: ClauseLibrary, tmp_path: Path
) -> None:
    reviewing = _reviewing(rules, shipped)
    customer = _customer_copy(shipped, tmp_path)
    review = reviewing.review(customer, f"doc:{SAMPLE}")
    lost, cap = _position(review, COMPETING), _position(review, "Limitation of Liability")
    note = ReviewDecision.note_only(cap, "Ask the partner whether 24 months is acceptable.")
    restore = ReviewDecision(lost, "restore", "We need this protection.")
    saved = reviewing.save(review, customer="Acme Corp", notes=[note, restore])

    reopened = reviewing.open(saved.id)
    assert reopened.note(cap) == note
    assert reopened.note(lost) == restore
    updated = reviewing.update_notes(saved.id, [ReviewDecision.note_only(lost, "Still open.")])
    assert reviewing.open(saved.id).notes == updated.notes
    assert updated.notes == (ReviewDecision(lost, None, "Still open."),)

    out = tmp_path / "reply.docx"
    write_reply(reviewing, reviewing.reopen(reopened), reopened.notes, out, author="Counsel")
    accepted, rejected = read_revisions(out)
    assert "TWENTY-FOUR (24) MONTHS" in "\n".join(accepted)  # the undecided cap is untouched
    assert _comment_texts(out) == ["We need this protection."]  # the note stays in-house
    only_notes = tmp_path / "notes-only.docx"
    write_reply(reviewing, review, [note], only_notes, author="Counsel")
    assert read_revisions(only_notes) == (rejected, rejected) == read_revisions(customer)
    assert _comment_texts(only_notes) == []


def test_two_notes_on_one_clause_are_refused_and_nothing_is_saved(
    rules: Scanning, shipped: ClauseLibrary, tmp_path: Path
) -> None:
    reviewing = _reviewing(rules, shipped)
    review = reviewing.review(_customer_copy(shipped, tmp_path), f"doc:{SAMPLE}")
    first = review.deviations()[0]
    twice = [ReviewDecision.note_only(first, "One."), ReviewDecision(first, "accept")]
    with pytest.raises(InvalidInputError, match="two"):
        reviewing.save(review, customer="Acme Corp", notes=twice)
    assert reviewing.reviews() == []


def test_a_clause_without_a_decision_needs_a_note() -> None:
    with pytest.raises(ValueError, match="note"):
        ReviewDecision(0, None, "  ")
    assert ReviewDecision.from_data({"clause": 2, "comment": "Later."}) == ReviewDecision(
        2, None, "Later."
    )
