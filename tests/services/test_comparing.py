"""Comparing documents: findings lost and gained, the risk delta, and the Word redline."""

from __future__ import annotations

import datetime as dt
import itertools
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.diffing.compare import clause_text
from app.docx_io.revisions import read_revisions
from app.domain.document import SourceClause, SplitDocument
from app.domain.redline import accept_all, reject_all
from app.services.comparing import Comparing, redline_paragraphs, write_redline
from app.services.documents_io import load_document
from app.services.paths import AppPaths
from app.services.scanning import Scanning
from tests.conftest import CORPUS

PROHIBITION = "You may not use Output to develop models that compete with the Provider."
GOVERNING_LAW = "This Agreement is governed by the laws of the State of New York."
FEES = "The Customer shall pay all fees within thirty days of the invoice date."
NOTICES = "Notices must be in writing and sent to the addresses in the Order Form."
TERM = "Either party may terminate this Agreement on thirty days written notice."
FORCE = "Neither party is liable for delays caused by events beyond its reasonable control."


def _doc(*clauses: tuple[str | None, str | None, str], title: str | None = None) -> SplitDocument:
    return SplitDocument(
        "doc.md",
        tuple(
            SourceClause(index=k, number=n, heading=h, text=t)
            for k, (n, h, t) in enumerate(clauses)
        ),
        title=title,
    )


@pytest.fixture
def comparing(app_paths: AppPaths) -> Comparing:
    rules = Scanning.from_folders(app_paths.resources / "rules", app_paths.user_rules_dir)
    return Comparing(rules)


def test_dropped_competitor_training_prohibition_stands_out(comparing: Comparing) -> None:
    old = _doc(("1.", "Fees", FEES), ("2.", "Use of Output", PROHIBITION))
    new = _doc(("1.", "Fees", FEES), ("2.", "Use of Output", "You may use Output freely."))
    comparison = comparing.compare(old, new)
    change = comparison.clauses[1]
    assert change.status == "modified"
    assert change.categories_lost == ("competitor-training",)
    assert comparison.risk.lost == ("competitor-training",)
    assert comparison.clauses[0].categories_lost == ()


def test_narrowed_and_widened_scope_is_reported(comparing: Comparing) -> None:
    broad = _doc((None, None, "You may not use Output to develop models."))
    narrow = _doc((None, None, PROHIBITION))
    comparison = comparing.compare(broad, narrow)
    clause = comparison.clauses[0]
    assert [(s.from_scope, s.to_scope) for s in clause.scopes_narrowed] == [
        ("any-model", "competing-models")
    ]
    narrowed = comparison.risk
    assert [(s.category, s.from_scope, s.to_scope) for s in narrowed.narrowed] == [
        ("competitor-training", "any-model", "competing-models")
    ]
    assert narrowed.lost == narrowed.gained == ()
    widened = comparing.compare(narrow, broad).risk
    assert [(s.from_scope, s.to_scope) for s in widened.widened] == [
        ("competing-models", "any-model")
    ]


def test_added_and_removed_clauses_gain_and_lose_their_categories(comparing: Comparing) -> None:
    old = _doc((None, None, FEES), (None, None, GOVERNING_LAW))
    new = _doc((None, None, FEES), (None, None, PROHIBITION))
    comparison = comparing.compare(old, new)
    by_status = {c.status: c for c in comparison.clauses}
    assert by_status["removed"].categories_lost == ("governing-law",)
    assert by_status["added"].categories_gained == ("competitor-training",)
    assert comparison.risk.lost == ("governing-law",)
    assert comparison.risk.gained == ("competitor-training",)


def test_comparison_without_scanner_has_no_findings() -> None:
    old = _doc((None, None, PROHIBITION))
    new = _doc((None, None, FEES))
    comparison = Comparing().compare(old, new)
    assert all(not c.categories_lost for c in comparison.clauses)
    assert comparison.risk.lost == ()


def _revised_pair() -> tuple[SplitDocument, SplitDocument]:
    old = _doc(
        ("1.", "Fees", FEES),
        ("2.", "Use of Output", PROHIBITION),
        ("3.", None, NOTICES),
        ("4.", "Term", TERM),
        ("5.", None, FORCE),
        ("6.", "Law", GOVERNING_LAW),
        title="Master Terms",
    )
    new = _doc(
        ("1.", "Fees", FEES.replace("thirty", "forty-five")),
        ("2.", "Law", GOVERNING_LAW.replace("New York", "Delaware")),
        ("3.", "Use of Output", PROHIBITION),
        ("4.", "Term", TERM),
        ("5.", None, FORCE),
        ("6.", "Audit", "The Provider may audit the Customer's use once a year."),
        title="Master Terms of Service",
    )
    return old, new


def test_redline_accepts_to_the_new_and_rejects_to_the_old_document() -> None:
    old, new = _revised_pair()
    paragraphs = redline_paragraphs(Comparing().compare(old, new))
    assert accept_all(paragraphs) == _paragraphs(new)
    assert reject_all(paragraphs) == _paragraphs(old)


def test_redline_headings_are_their_own_paragraphs() -> None:
    old, new = _revised_pair()
    paragraphs = redline_paragraphs(Comparing().compare(old, new))
    headings = [p.new_text for p in paragraphs if p.role == "heading" and p.kind != "deleted"]
    assert headings == ["1. Fees", "2. Law", "3. Use of Output", "4. Term", "6. Audit"]


def _paragraphs(doc: SplitDocument) -> list[str]:
    """The document as a reader sees it: title, then each clause's lines."""
    return [str(doc.title), *(line for c in doc.clauses for line in clause_text(c).split("\n"))]


def test_word_redline_file_has_tracked_changes_both_ways(tmp_path: Path) -> None:
    old, new = _revised_pair()
    path = tmp_path / "redline.docx"
    when = dt.datetime(2026, 1, 2, 3, 4, tzinfo=dt.UTC)
    write_redline(Comparing().compare(old, new), path, author="Alice Counsel", date=when)
    accepted, rejected = read_revisions(path)
    assert accepted == _paragraphs(new)
    assert rejected == _paragraphs(old)
    with zipfile.ZipFile(path) as archive:
        xml = archive.read("word/document.xml").decode()
    assert 'w:author="Alice Counsel"' in xml
    assert "<w:ins " in xml
    assert "<w:del " in xml


clause_texts = st.tuples(
    st.lists(
        st.sampled_from([FEES, NOTICES, TERM, FORCE, "Short.", "x y z", "😀 禁止 שלום", "\u200f"]),
        max_size=3,
    ),
    st.sampled_from([" ", "\n"]),  # one paragraph, or several paragraphs in one clause
).map(lambda parts: parts[1].join(parts[0]))
documents = st.lists(
    st.tuples(
        st.sampled_from([None, "1.", "2.", "(a)"]), st.sampled_from([None, "Fees"]), clause_texts
    ),
    max_size=6,
)


@settings(max_examples=60, deadline=None)
@given(documents, documents)
def test_redline_accepts_and_rejects_exactly_for_any_documents(
    old_clauses: list[tuple[str | None, str | None, str]],
    new_clauses: list[tuple[str | None, str | None, str]],
) -> None:
    old, new = _doc(*old_clauses), _doc(*new_clauses)
    paragraphs = redline_paragraphs(Comparing().compare(old, new))
    assert accept_all(paragraphs) == _lines(new)
    assert reject_all(paragraphs) == _lines(old)


def _lines(doc: SplitDocument) -> list[str]:
    """The document's paragraphs (a clause's line breaks are paragraph breaks in Word)."""
    return [line for c in doc.clauses for line in clause_text(c).split("\n") if line]


@pytest.mark.skipif(not (CORPUS / "tos_versions").exists(), reason="corpus absent")
def test_successive_real_terms_versions_compare_and_redline_exactly(comparing: Comparing) -> None:
    for folder in sorted((CORPUS / "tos_versions").glob("*/terms-of-service")):
        versions = sorted(folder.glob("*.md"))
        for older, newer in itertools.pairwise(versions):
            old, new = load_document(older), load_document(newer)
            comparison = comparing.compare(old, new)
            paragraphs = redline_paragraphs(comparison)
            accepted = accept_all(paragraphs)[1 if new.title else 0 :]
            rejected = reject_all(paragraphs)[1 if old.title else 0 :]
            assert accepted == _lines(new), newer
            assert rejected == _lines(old), older
            assert not any(c.approximate for c in comparison.clauses)
