"""Assembly: variables filled in, conditions applied, numbers and cross-references resolved, and
every problem reported pointing at the clause to fix."""

from __future__ import annotations

import pytest

from app.assembly.assembler import Assembler, Wordings
from app.domain.terms import (
    AssemblyError,
    ClauseWording,
    CrossReference,
    Section,
    TermsDocument,
    Variable,
    VariableType,
)

BODIES = {
    "intro": "{{ company_name }} offers {{ service_name }} from {{ effective_date }}.",
    "use": "You may not:\n\n(a) scrape the Services;\n\n(b) resell them.\n\n"
    "See Section {{ ref('cap') }}.",
    "training": "You may not use Output to develop models that compete with {{ company_name }}.",
    "liability": "Our liability is capped at {{ cap_amount }} {{ currency }}.",
    "law": "These Terms are governed by the laws of {{ law }}.",
}


def _wordings(**overrides: str) -> Wordings:
    bodies = {**BODIES, **overrides}
    return {
        (key, None): ClauseWording(key, 1, key.title(), f"type-{key}", body)
        for key, body in bodies.items()
    }


def _document(*outline: Section, variables: tuple[Variable, ...] | None = None) -> TermsDocument:
    return TermsDocument(
        name="tos",
        title="Terms",
        variables=variables
        or (
            Variable("company_name", default="Acme AI"),
            Variable("service_name", default="Acme API"),
            Variable("effective_date", VariableType.DATE, default="2026-03-01"),
            Variable("offers_model_api", VariableType.YES_NO, default=True),
            Variable("cap_amount", VariableType.NUMBER, default=100),
            Variable("currency", VariableType.CHOICE, default="EUR", choices=("EUR", "USD")),
            Variable("law", default="England and Wales"),
        ),
        outline=outline
        or (
            Section(heading="General", items=(Section(clause="intro"), Section(clause="use"))),
            Section(clause="training", when="offers_model_api"),
            Section(clause="liability", anchor="cap", heading="Limitation of Liability"),
            Section(clause="law"),
        ),
    )


def test_variables_are_filled_and_dates_read_as_in_contracts() -> None:
    assembled = Assembler().assemble(_document(), _wordings())
    intro = assembled.clauses[1]
    assert intro.paragraphs[0].text == "Acme AI offers Acme API from 1 March 2026."
    assert "{{" not in assembled.text
    assert assembled.effective_date == "1 March 2026"
    assert ("cap_amount", "100") in assembled.values


def test_numbering_is_1_then_1_1_and_typed_lists_become_list_items() -> None:
    assembled = Assembler().assemble(_document(), _wordings())
    numbers = [(c.number, c.heading) for c in assembled.clauses]
    assert numbers == [
        ("1", "General"),
        ("1.1", "Intro"),
        ("1.2", "Use"),
        ("2", "Training"),
        ("3", "Limitation of Liability"),
        ("4", "Law"),
    ]
    use = assembled.clauses[2]
    assert [p.number for p in use.paragraphs] == [None, "(a)", "(b)", None]
    assert use.paragraphs[1].text == "scrape the Services;"


def test_condition_false_leaves_the_clause_out_and_renumbers_references() -> None:
    assembled = Assembler().assemble(_document(), _wordings(), {"offers_model_api": "no"})
    assert [c.clause_key for c in assembled.clauses] == [None, "intro", "use", "liability", "law"]
    [ref] = assembled.clauses[2].paragraphs[-1].references
    assert ref == CrossReference("cap", assembled.clauses[3].bookmark, "2")
    assert assembled.clauses[2].paragraphs[-1].text == "See Section 2."


def test_reference_points_forward_to_the_current_number() -> None:
    assembled = Assembler().assemble(_document(), _wordings())
    assert assembled.clauses[2].paragraphs[-1].text == "See Section 3."


def test_third_level_items_are_lettered_and_referenced_in_full() -> None:
    document = _document(
        Section(
            clause="law",
            items=(Section(clause="intro", items=(Section(clause="training"),)),),
        ),
        Section(clause="use", heading="Use"),
        Section(clause="liability", anchor="cap"),
    )
    wordings = _wordings(use="See {{ ref('training') }}.")
    assembled = Assembler().assemble(document, wordings)
    assert [c.number for c in assembled.clauses] == ["1", "1.1", "(a)", "2", "3"]
    assert assembled.clauses[3].paragraphs[0].text == "See 1.1(a)."


def test_a_reference_to_a_clause_type_resolves_when_the_type_is_unique() -> None:
    wordings = _wordings(law="As in Section {{ ref('type-liability') }}.")
    assembled = Assembler().assemble(_document(), wordings)
    assert assembled.clauses[-1].paragraphs[0].text == "As in Section 3."


def _problems(document: TermsDocument, wordings: Wordings, values: dict[str, object]) -> str:
    with pytest.raises(AssemblyError) as caught:
        Assembler().assemble(document, wordings, values)
    return "\n".join(str(p) for p in caught.value.problems)


def test_template_syntax_error_names_the_clause_and_line() -> None:
    problems = _problems(_document(), _wordings(law="Line one.\n\nGoverned by {{ law "), {})
    assert "clause 'law' line 3: template syntax error" in problems


def test_wrong_type_names_the_variable_and_a_clause_using_it() -> None:
    problems = _problems(_document(), _wordings(), {"cap_amount": "lots", "currency": "GBP"})
    assert "clause 'liability', variable 'cap_amount': must be a number, not 'lots'" in problems
    assert "variable 'currency': must be one of 'EUR', 'USD', not 'GBP'" in problems


def test_missing_value_is_reported_not_rendered_blank() -> None:
    variables = (Variable("company_name"), Variable("law", default="Ireland"))
    document = _document(Section(clause="training"), Section(clause="law"), variables=variables)
    problems = _problems(document, _wordings(), {})
    assert "clause 'training', variable 'company_name': the variable has no value" in problems


def test_undeclared_variable_in_a_wording_is_reported() -> None:
    problems = _problems(_document(), _wordings(law="Governed by {{ jurisdiction }}."), {})
    assert (
        "clause 'law', variable 'jurisdiction': uses a variable the document does not declare"
        in (problems)
    )


def test_condition_on_an_unknown_variable_names_the_item() -> None:
    document = _document(Section(clause="training", when="sells_widgets"), Section(clause="law"))
    problems = _problems(document, _wordings(), {})
    assert "clause 'training', variable 'sells_widgets': the condition 'sells_widgets'" in problems


def test_unknown_and_left_out_references_are_reported() -> None:
    wordings = _wordings(law="See {{ ref('nowhere') }}.")
    assert "cross-reference to 'nowhere', which is not in the outline" in _problems(
        _document(), wordings, {}
    )
    wordings = _wordings(law="See {{ ref('training') }}.")
    problems = _problems(_document(), wordings, {"offers_model_api": "false"})
    assert (
        "clause 'law': cross-reference to 'training', but its condition leaves it out" in problems
    )


def test_headings_that_refer_to_each_other_in_a_loop_are_refused() -> None:
    document = _document(
        Section(clause="intro", heading="Subject to {{ ref('law') }}"),
        Section(clause="law", heading="Subject to {{ ref('intro') }}"),
    )
    problems = _problems(document, _wordings(), {})
    assert "cross-references in headings loop: intro → law → intro" in problems


def test_missing_clause_and_missing_pinned_version_are_reported() -> None:
    document = _document(Section(clause="intro", version=7), Section(clause="ghost"))
    problems = _problems(document, _wordings(), {})
    assert "clause 'intro': the clause has no version 7" in problems
    assert "clause 'ghost': the clause is not in the library" in problems


def test_sandbox_refuses_reaching_into_python() -> None:
    wordings = _wordings(law="{{ ''.__class__.__mro__[1].__subclasses__() }}")
    assert "clause 'law'" in _problems(_document(), wordings, {})


def test_unknown_value_name_is_reported() -> None:
    assert "variable 'colour': the document has no such variable" in _problems(
        _document(), _wordings(), {"colour": "blue"}
    )


def test_names_a_wording_sets_itself_are_not_taken_for_variables() -> None:
    wordings = _wordings(
        law="{% set place = law %}{% for n in [1] %}{{ place }} {{ n }}{% endfor %}"
    )
    assembled = Assembler().assemble(_document(), wordings)
    assert assembled.clauses[-1].paragraphs[0].text == "England and Wales 1"
