"""`clausewright review`: formats, the library only when needed, Word outputs, saved reviews."""

from __future__ import annotations

import json
import re
from pathlib import Path

import docx
import pytest

from app.__main__ import main
from app.docx_io.revisions import read_revisions
from app.services.clause_library import ClauseLibrary
from app.services.drafting import Drafting
from app.storage.database import Database

STANDARD = """# Master Terms

## 1. Fees

The Customer shall pay all fees within thirty days of the invoice date.

## 2. Use of Output

You will not use the Services or any Output to develop any artificial intelligence or
machine learning model.

## 3. Law

This Agreement is governed by the laws of the State of New York.
"""

CONTRACT = """# Master Terms

## 1. Fees

The Customer shall pay all fees within ninety days of the invoice date.

## 3. Law

This Agreement is governed by the laws of the State of New York.
"""
SAMPLE = "terms-of-service-ai-api"
COMPETING = "Use of Output to Develop Competing Models"


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "user-data"
    monkeypatch.setenv("CLAUSEWRIGHT_DATA_DIR", str(folder))
    return folder


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    standard, contract = tmp_path / "standard.md", tmp_path / "contract.md"
    standard.write_text(STANDARD, encoding="utf-8")
    contract.write_text(CONTRACT, encoding="utf-8")
    return standard, contract


@pytest.fixture
def library_url(tmp_path: Path) -> str:
    """A library database named with --db, holding the shipped library (loaded by the CLI's
    first use of the default database, here loaded explicitly)."""
    from app.resources import shipped_library_dir

    url = f"sqlite:///{tmp_path / 'team.db'}"
    database = Database.open(url)
    ClauseLibrary(database).load_shipped_library(shipped_library_dir())
    database.dispose()
    return url


def _json(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, object]:
    assert main(["review", *args, "--format", "json"]) == 0
    data: dict[str, object] = json.loads(capsys.readouterr().out)
    return data


def test_json_has_the_diff_shape_with_standard_as_old_and_lost_protection(
    files: tuple[Path, Path], data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    standard, contract = files
    data = _json(capsys, str(contract), "--standard", str(standard), "--no-library")
    assert data["old"] == str(standard) and data["new"] == str(contract)
    assert set(data) >= {"warnings", "summary", "clauses", "risk"}
    risk = data["risk"]
    assert isinstance(risk, dict) and risk["lost"] == ["competitor-training"]
    clauses = data["clauses"]
    assert isinstance(clauses, list)
    removed = next(c for c in clauses if c["status"] == "removed")
    assert removed["heading"] == "Use of Output" and removed["library_positions"] == []
    assert not data_dir.exists()


def test_plain_file_review_without_a_library_creates_no_data_folder_and_says_so(
    files: tuple[Path, Path], data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    standard, contract = files
    data = _json(capsys, str(contract), "--standard", str(standard))
    warnings = data["warnings"]
    assert isinstance(warnings, list)
    assert any("library positions left out" in w for w in warnings)
    assert not data_dir.exists()


def test_plain_file_review_takes_positions_from_the_named_library(
    files: tuple[Path, Path], library_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    standard, contract = files
    assert main(["--db", library_url, "review", str(contract), "--standard", str(standard),
                 "--format", "json"]) == 0  # fmt: skip
    clauses = json.loads(capsys.readouterr().out)["clauses"]
    removed = next(c for c in clauses if c["status"] == "removed")
    tiers = [p["tier"] for p in removed["library_positions"]]
    assert tiers == ["preferred", "fallback", "walk-away"]
    assert all(p["key"].startswith("competitor-training") for p in removed["library_positions"])


def test_text_lists_the_lost_protection_before_the_clauses(
    files: tuple[Path, Path], data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    standard, contract = files
    assert main(["review", str(contract), "--standard", str(standard), "--no-library"]) == 0
    out = capsys.readouterr().out
    lost = out.index("LOST protections: competitor-training")
    first_clause = out.index("\n[")
    assert lost < first_clause
    assert out[first_clause:].startswith("\n[removed] 2. Use of Output")
    assert "[-thirty-]{+ninety+}" in out


def test_html_has_a_review_section_and_escapes_text(
    files: tuple[Path, Path], data_dir: Path, tmp_path: Path
) -> None:
    standard, contract = files
    out = tmp_path / "review.html"
    args = ["review", str(contract), "--standard", str(standard), "--no-library"]
    assert main([*args, "--format", "html", "-o", str(out), "--customer", "<Acme>"]) == 0
    page = out.read_text(encoding="utf-8")
    assert "<h2>Review</h2>" in page and "&lt;Acme&gt;" in page
    assert page.index("LOST protections") < page.index("<h2>Redline</h2>")


def test_usage_errors_exit_2(
    files: tuple[Path, Path], data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    standard, contract = files
    base = ["review", str(contract), "--standard", str(standard)]
    assert main([*base, "--format", "docx"]) == 2
    assert main([*base, "--save"]) == 2
    assert main(["review", str(contract), "--standard", "doc:x", "--no-library"]) == 2
    assert "--customer" in capsys.readouterr().err
    assert not data_dir.exists()


def test_missing_contract_is_one_error_line(
    files: tuple[Path, Path], data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["review", "nope.docx", "--standard", str(files[0])]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "nope.docx" in err


def test_doc_standard_review_writes_report_and_redline_and_lists_lost_protection_first(
    library_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database = Database.open(library_url)
    exported = tmp_path / "terms.docx"
    Drafting(database).export_docx(SAMPLE, exported)
    database.dispose()
    customer = tmp_path / "customer.docx"
    word = docx.Document(str(exported))
    paragraphs = word.paragraphs
    start = next(k for k, p in enumerate(paragraphs) if p.text == COMPETING)
    for paragraph in paragraphs[start : start + 4]:
        element = paragraph._element
        parent = element.getparent()
        assert parent is not None
        parent.remove(element)
    word.save(str(customer))

    report, redline = tmp_path / "report.docx", tmp_path / "redline.docx"
    args = ["--db", library_url, "review", str(customer), "--standard", f"doc:{SAMPLE}"]
    assert main([*args, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["risk"]["lost"][0] == "competitor-training"
    assert data["old"] == f"doc:{SAMPLE}"
    assert any("working draft" in w for w in data["warnings"])
    assert main(args) == 0
    text = capsys.readouterr().out
    assert text.splitlines()[2].startswith("LOST protections: competitor-training")
    assert text[text.index("\n[") :].startswith(f"\n[removed] 3.5 {COMPETING}")
    assert main([*args, "--format", "docx", "-o", str(report), "--redline", str(redline),
                 "--customer", "Acme", "--save"]) == 0  # fmt: skip

    table = docx.Document(str(report)).tables[0]
    first = [c.text for c in table.rows[1].cells]
    assert COMPETING in first[1] and "competitor-training" in first[4]
    accepted, rejected = read_revisions(redline)
    assert not any(COMPETING in line for line in accepted)
    assert any(COMPETING in line for line in rejected)

    database = Database.open(library_url)
    try:
        from app.services.reviewing import Reviewing

        saved = Reviewing(library=lambda: ClauseLibrary(database)).reviews()
    finally:
        database.dispose()
    assert [(r.customer, r.standard) for r in saved] == [("Acme", f"doc:{SAMPLE}")]


def test_reply_to_a_markdown_contract_is_a_new_word_file_with_the_decisions(
    files: tuple[Path, Path], data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    standard, contract = files
    base = ["review", str(contract), "--standard", str(standard), "--no-library"]
    clauses = _json(capsys, *base[1:])["clauses"]
    assert isinstance(clauses, list)
    fees = next(k for k, c in enumerate(clauses) if c["heading"] == "Fees")
    output = next(k for k, c in enumerate(clauses) if c["heading"] == "Use of Output")
    decisions = tmp_path / "decisions.json"
    decisions.write_text(json.dumps([
        {"clause": fees, "choice": "restore", "comment": "Thirty days is our term."},
        {"clause": output, "choice": "restore", "comment": "This protection stays."},
    ]), encoding="utf-8")  # fmt: skip
    reply = tmp_path / "reply.docx"
    assert main([*base, "--reply", str(reply), "--decisions", str(decisions)]) == 0

    accepted, rejected = read_revisions(reply)
    assert any("within thirty days" in line for line in accepted)
    assert not any("ninety" in line for line in accepted)
    assert any("ninety" in line for line in rejected)
    assert "2. Use of Output" in accepted
    assert "2. Use of Output" not in rejected
    comments = [c.text for c in docx.Document(str(reply)).comments]
    assert sorted(comments) == sorted(["This protection stays.", "Thirty days is our term."])
    assert not data_dir.exists()


def test_malformed_decisions_are_one_clear_error(
    files: tuple[Path, Path], data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    standard, contract = files
    decisions = tmp_path / "decisions.json"
    decisions.write_text('[{"clause": 0, "choice": "ignore"}]', encoding="utf-8")
    reply = tmp_path / "reply.docx"
    args = ["review", str(contract), "--standard", str(standard), "--no-library"]
    assert main([*args, "--reply", str(reply), "--decisions", str(decisions)]) == 1
    err = capsys.readouterr().err
    assert "choice" in err and err.count("\n") == 1
    assert not reply.exists()
    assert main([*args, "--reply", str(reply)]) == 2


def test_saved_review_with_decisions_is_listed_and_opened(
    files: tuple[Path, Path], library_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    standard, contract = files
    decisions = tmp_path / "decisions.json"
    decisions.write_text('[{"clause": 0, "choice": "accept", "comment": "Fine."}]', "utf-8")
    db = ["--db", library_url]
    assert main([*db, "review", str(contract), "--standard", str(standard), "--customer",
                 "Acme", "--save", "--decisions", str(decisions)]) == 0  # fmt: skip
    capsys.readouterr()
    assert main([*db, "reviews", "--format", "json"]) == 0
    listed = json.loads(capsys.readouterr().out)["reviews"]
    assert [(r["customer"], r["contract"], r["lost"]) for r in listed] == [
        ("Acme", str(contract), ["competitor-training"])
    ]
    assert main([*db, "reviews", "--open", str(listed[0]["id"]), "--format", "json"]) == 0
    opened = json.loads(capsys.readouterr().out)
    assert opened["notes"] == [
        {"clause": 0, "choice": "accept", "comment": "Fine.", "position_key": None}
    ]
    assert opened["review"]["risk"]["lost"] == ["competitor-training"]
    assert main([*db, "reviews", "--open", "99"]) == 1


def test_html_is_the_shared_review_page_with_the_review_section_before_the_redline(
    files: tuple[Path, Path], data_dir: Path, tmp_path: Path
) -> None:
    """The command line and the review tab write the same page (services.review_html)."""
    from app.resources import resource_path
    from app.services.review_html import review_html
    from app.services.reviewing import Reviewing
    from app.services.scanning import Scanning

    standard, contract = files
    out = tmp_path / "review.html"
    args = ["review", str(contract), "--standard", str(standard), "--no-library"]
    assert main([*args, "--format", "html", "-o", str(out), "--customer", "Acme"]) == 0
    page = out.read_text(encoding="utf-8")
    rules = Scanning.from_folders(resource_path() / "rules")
    review = Reviewing(rules).review(contract, str(standard), customer="Acme", positions=False)
    assert page == review_html(review)
    assert page.count("<h2>Review</h2>") == page.count("<h2>Redline</h2>") == 1
    assert page.index("<h2>Review</h2>") < page.index("<h2>Deviations</h2>")
    assert page.index("<h2>Deviations</h2>") < page.index("<h2>Redline</h2>")
    section = page[page.index("<h2>Review</h2>") : page.index("<h2>Redline</h2>")]
    links = re.findall(r'<a href="#(c\d+)">', section)
    assert links == [f"c{k}" for k in review.deviations()] and len(links) == 2
    assert all(f'id="{anchor}"' in page for anchor in links)
    assert "Decision" not in page and "Other notes" not in page


def test_decisions_and_notes_are_in_the_html_and_word_reports_and_notes_not_in_the_reply(
    files: tuple[Path, Path], data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    standard, contract = files
    base = ["review", str(contract), "--standard", str(standard), "--no-library"]
    clauses = _json(capsys, *base[1:])["clauses"]
    assert isinstance(clauses, list)
    fees = next(k for k, c in enumerate(clauses) if c["heading"] == "Fees")
    output = next(k for k, c in enumerate(clauses) if c["heading"] == "Use of Output")
    law = next(k for k, c in enumerate(clauses) if c["heading"] == "Law")
    decisions = tmp_path / "decisions.json"
    decisions.write_text(json.dumps([
        {"clause": fees, "comment": "Ask finance <today>."},
        {"clause": output, "choice": "restore", "comment": "This protection stays."},
        {"clause": law, "choice": None, "comment": "New York is fine."},
    ]), encoding="utf-8")  # fmt: skip
    given = [*base, "--decisions", str(decisions)]
    html, report, reply = tmp_path / "r.html", tmp_path / "r.docx", tmp_path / "reply.docx"
    assert main([*given, "--format", "html", "-o", str(html), "--reply", str(reply)]) == 0
    assert main([*given, "--format", "docx", "-o", str(report)]) == 0

    page = html.read_text(encoding="utf-8")
    section = page[page.index("<h2>Deviations</h2>") : page.index("<h2>Redline</h2>")]
    assert "<b>Decision:</b> restore standard" in section
    assert "<b>Note:</b> This protection stays." in section
    assert "<b>Note (no decision yet):</b> Ask finance &lt;today&gt;." in section
    assert section.index("Other notes") < section.index("New York is fine.")
    word = [p.text for p in docx.Document(str(report)).paragraphs]
    progress = "Decided: 1 of 2 deviating clause(s); 3 note(s)."
    assert progress in word and f"<p class=summary>{progress}</p>" in page
    for line in (
        "Decision: restore standard",
        "Note: This protection stays.",
        "Note (no decision yet): Ask finance <today>.",
        "Note (no decision yet): New York is fine.",
    ):
        assert line in word, line
    accepted, _rejected = read_revisions(reply)
    assert any("ninety days" in line for line in accepted)  # the undecided fees stay theirs
    assert "2. Use of Output" in accepted
    assert [c.text for c in docx.Document(str(reply)).comments] == ["This protection stays."]


def test_a_misspelt_decision_key_is_refused_not_taken_for_a_note(
    files: tuple[Path, Path], data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    standard, contract = files
    decisions = tmp_path / "decisions.json"
    decisions.write_text('[{"clause": 0, "choise": "restore", "comment": "x"}]', "utf-8")
    reply = tmp_path / "reply.docx"
    args = ["review", str(contract), "--standard", str(standard), "--no-library"]
    assert main([*args, "--reply", str(reply), "--decisions", str(decisions)]) == 1
    err = capsys.readouterr().err
    assert "'choise'" in err and err.count("\n") == 1
    assert not reply.exists()


def test_saved_note_without_a_decision_is_shown_when_the_review_is_opened(
    files: tuple[Path, Path], library_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    standard, contract = files
    decisions = tmp_path / "decisions.json"
    decisions.write_text('[{"clause": 0, "comment": "Ask finance."}]', "utf-8")
    db = ["--db", library_url]
    assert main([*db, "review", str(contract), "--standard", str(standard), "--customer",
                 "Acme", "--save", "--decisions", str(decisions)]) == 0  # fmt: skip
    capsys.readouterr()
    assert main([*db, "reviews", "--open", "1"]) == 0
    assert "Note on clause 0 (no decision yet): Ask finance." in capsys.readouterr().out
    assert main([*db, "reviews", "--open", "1", "--format", "json"]) == 0
    opened = json.loads(capsys.readouterr().out)
    assert opened["notes"] == [
        {"clause": 0, "choice": None, "comment": "Ask finance.", "position_key": None}
    ]
