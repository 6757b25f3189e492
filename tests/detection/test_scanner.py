"""The scanner: findings with offsets, lead-ins, exceptions, scope, party and carve-outs."""

from __future__ import annotations

from app.detection.scanner import Scanner
from app.domain.findings import Choice, RuleSet, RuleSpec, Severity

TERMS: dict[str, tuple[str, ...]] = {"model": ("models?", "AI")}


def _rule(**changes: object) -> RuleSpec:
    fields: dict[str, object] = {
        "id": "test.rule",
        "category": "competitor-training",
        "severity": Severity.HIGH,
        "explanation": "Test.",
        "patterns": ("develop ~3 {model}",),
    }
    fields.update(changes)
    return RuleSpec(**fields)  # type: ignore[arg-type]


def _scan(text: str, **changes: object) -> list[tuple[str, int, int]]:
    scanner = Scanner(RuleSet((_rule(**changes),), TERMS))
    return [(f.text, f.start, f.end) for f in scanner.scan_text(text)]


def test_finding_offsets_are_code_points_of_the_matched_span() -> None:
    text = "😀 You may not develop AI tools."
    [(span, start, end)] = _scan(text)
    assert (span, start) == ("develop AI", text.index("develop"))
    assert text[start:end] == "develop AI"


def test_unless_vetoes_the_sentence_and_requires_may_be_met_by_the_lead_in() -> None:
    assert _scan("We will not develop models.", unless=("^we",)) == []
    text = "You may not:\n* develop models."
    start = text.index("develop")
    assert _scan(text, requires=("may not",)) == [("develop models", start, start + 14)]
    assert _scan("* develop models.", requires=("may not",)) == []


def test_one_finding_per_category_and_sentence() -> None:
    found = _scan("develop models and develop AI. Then develop models.")
    assert [start for _, start, _ in found] == [0, 36]


def test_scope_party_and_carve_outs_come_from_their_patterns() -> None:
    rule = _rule(
        scope=(Choice("competing-models", r"compet\w*"),),
        default_scope="any-model",
        restricted_party=(Choice("both", "neither party"),),
        default_party="customer",
        carve_outs=(Choice("with-approval", "without ~3 consent"),),
    )
    scanner = Scanner(RuleSet((rule,), TERMS))
    [narrow] = scanner.scan_text("Neither party may develop models that compete.")
    assert (narrow.scope, narrow.restricted_party, narrow.carve_outs) == (
        "competing-models",
        "both",
        (),
    )
    [wide] = scanner.scan_text("You may not develop models without our prior consent.")
    assert (wide.scope, wide.restricted_party, wide.carve_outs) == (
        "any-model",
        "customer",
        ("with-approval",),
    )


def test_scan_clauses_numbers_findings_and_carries_the_lead_in() -> None:
    scanner = Scanner(RuleSet((_rule(requires=("must not",)),), TERMS))
    results = scanner.scan_clauses(["Fees apply.", "You must not:", "develop models;"])
    assert [len(r) for r in results] == [0, 0, 1]
    assert results[2][0].clause_index == 2


def test_disabled_rules_do_not_run() -> None:
    scanner = Scanner(RuleSet((_rule(enabled=False),), TERMS))
    assert scanner.scan_text("develop models") == []


def test_repeated_text_is_served_from_the_cache() -> None:
    scanner = Scanner(RuleSet((_rule(),), TERMS))
    first = scanner.scan_text("develop models")
    assert scanner.scan_text("develop models") == first
    assert scanner._cache  # the clause text is the key


def test_text_whose_lower_case_changes_length_is_still_scanned() -> None:
    text = "İİ develop models"  # "İ".lower() is two code points
    assert _scan(text) == [("develop models", 3, 17)]


def test_a_match_stays_inside_its_sentence() -> None:
    assert _scan("You may develop. Models are ours.", patterns=("develop ~3 {model}",)) == []
    text = "We develop. You develop our models and AI."
    assert _scan(text, patterns=("develop ~5 {model}",)) == [("develop our models", 16, 34)]


def test_a_pattern_without_known_first_words_is_searched_sentence_by_sentence() -> None:
    text = "Pay within 30 days. Then 5 days more."
    found = _scan(text, patterns=(r"\d+ days",))
    assert found == [("30 days", 11, 18), ("5 days", 25, 31)]


def test_an_exception_found_after_its_first_word_clears_the_finding() -> None:
    """Exceptions are tried where their first words begin a word, anywhere in the sentence."""
    text = "You may develop AI tools, unless approved in writing."
    assert _scan(text) == [("develop AI", 8, 18)]
    assert _scan(text, unless=("approved|consented",)) == []
    assert _scan("You may develop AI tools, unapproved.", unless=("approved",)) != []
    assert _scan(text, unless=(r"\bin writing",)) == []


def test_exceptions_tried_at_their_words_agree_with_a_search_of_the_whole_sentence() -> None:
    from app.detection.patterns import compile_pattern, trigger_words
    from app.detection.scanner import _excepted, _Exception
    from app.files.rule_files import load_rule_folder
    from app.resources import resource_path

    rules = load_rule_folder(resource_path("rules"))
    sentences = [
        "Your content will not be used to train our models.",
        "We are not responsible for the privacy practices of third parties.",
        "You may remove your content at any time; we may change these terms.",
        "If you are a parent or guardian, you accept these terms on behalf of your child.",
        "A limited liability company may not assign this agreement.",
        "Codes cannot be used twice, and surviving terms survive termination.",
    ]
    checked = 0
    for spec in rules.rules:
        for source in spec.unless:
            pattern = compile_pattern(source, rules.terms)
            exception = _Exception(pattern, 0, trigger_words(source, rules.terms))
            for sentence in sentences:
                assert _excepted(sentence, (exception,), 0) == bool(pattern.search(sentence)), (
                    spec.id,
                    source,
                    sentence,
                )
                checked += 1
    assert checked > 100


def test_a_list_item_under_a_granting_lead_in_is_not_a_restriction() -> None:
    scanner = Scanner(RuleSet((_rule(unless_lead_in=("restricts you from",)),), TERMS))
    item = "(a) develop AI tools for internal use;"
    assert [f.text for f in scanner.scan_text(item, "You may not:")] == ["develop AI"]
    assert scanner.scan_text(item, "Nothing in this Section restricts you from:") == []
    assert [f.text for f in scanner.scan_text(item)] == ["develop AI"]  # no lead-in at all
