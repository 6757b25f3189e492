"""Terms documents as values: variables and their types, outline checks, frozen results."""

from __future__ import annotations

import datetime as dt

import pytest

from app.domain.terms import (
    AssembledClause,
    AssembledDocument,
    AssembledParagraph,
    CrossReference,
    LegalDate,
    Section,
    TermsDocument,
    Variable,
    VariableType,
    bookmark_name,
    check_document,
    document_from_data,
    document_to_data,
)


def test_date_variable_accepts_iso_and_prints_as_contracts_do() -> None:
    value = Variable("effective_date", VariableType.DATE).coerce("2026-03-01")
    assert value == dt.date(2026, 3, 1)
    assert str(value) == "1 March 2026"


@pytest.mark.parametrize(
    ("variable", "raw", "expected"),
    [
        (Variable("cap", VariableType.NUMBER), "abc", "must be a number"),
        (Variable("on", VariableType.DATE), "31/02/2026", "YYYY-MM-DD"),
        (Variable("plan", VariableType.CHOICE, choices=("free", "pro")), "gold", "'free', 'pro'"),
        (Variable("api", VariableType.YES_NO), "maybe", "yes or no"),
    ],
)
def test_wrong_type_is_refused_saying_what_was_expected(
    variable: Variable, raw: str, expected: str
) -> None:
    with pytest.raises(ValueError, match=expected):
        variable.coerce(raw)


def test_numbers_stay_whole_when_whole_and_yes_no_reads_words() -> None:
    assert Variable("cap", VariableType.NUMBER).coerce("1,000") == 1000
    assert Variable("cap", VariableType.NUMBER).coerce("12.5") == 12.5
    assert Variable("api", VariableType.YES_NO).coerce("No") is False


def _document() -> TermsDocument:
    return TermsDocument(
        name="tos",
        title="Terms",
        variables=(
            Variable("company_name", label="Company", default="Acme"),
            Variable("effective_date", VariableType.DATE, default=LegalDate(2026, 1, 2)),
            Variable("offers_model_api", VariableType.YES_NO, default=True),
        ),
        outline=(
            Section(heading="General", items=(Section(clause="accounts", version=2),)),
            Section(clause="liability", when="offers_model_api", anchor="cap"),
        ),
    )


def test_definition_round_trips_through_plain_data() -> None:
    document = _document()
    again = document_from_data(document_to_data(document))
    assert again == document
    assert document_to_data(document)["variables"][1]["default"] == "2026-01-02"


def test_follows_only_unpinned_uses() -> None:
    document = _document()
    assert document.follows("liability")
    assert not document.follows("accounts")
    assert document.uses("accounts")
    assert document.clause_keys() == ["accounts", "liability"]


def test_check_document_reports_bad_names_depth_and_defaults() -> None:
    deep = Section(
        clause="a",
        items=(Section(clause="b", items=(Section(clause="c", items=(Section(clause="d"),)),)),),
    )
    bad = TermsDocument(
        name="x",
        title="X",
        variables=(
            Variable("Bad Name"),
            Variable("cap", VariableType.NUMBER, default="lots"),
            Variable("plan", VariableType.CHOICE),
        ),
        outline=(deep, Section(clause="a")),
    )
    problems = "\n".join(check_document(bad))
    assert "'Bad Name'" in problems
    assert "the default must be a number" in problems
    assert "lists no choices" in problems
    assert "deeper than 3" in problems
    assert "appears twice" in problems
    assert check_document(_document()) == []


def test_assembled_document_round_trips_and_keeps_references() -> None:
    ref = CrossReference("cap", bookmark_name("cap", 2), "2")
    clause = AssembledClause(
        number="1",
        level=1,
        heading="General",
        paragraphs=(AssembledParagraph(("See Section ", ref, ".")),),
        bookmark=bookmark_name("general", 1),
        reference_number="1",
    )
    document = AssembledDocument("tos", "Terms", (clause,), values=(("company_name", "Acme"),))
    again = AssembledDocument.from_data(document.to_data())
    assert again == document
    assert "1. General\n\nSee Section 2." in again.text
    split = again.to_split_document()
    assert split.clauses[0].number == "1"
    assert split.clauses[0].text == "See Section 2."


def test_bookmark_names_are_word_safe_and_unique() -> None:
    names = {bookmark_name("limitation-of-liability-and-very-long-anchor-name", i) for i in (1, 2)}
    assert len(names) == 2
    for name in names:
        assert len(name) <= 40
        assert name.replace("_", "").isalnum()
