"""The rule pattern language: term lists, proximity, spacing, whole words, triggers."""

from __future__ import annotations

import re

import pytest

from app.detection.patterns import (
    PatternError,
    compile_pattern,
    required_words,
    runs_away,
    trigger_words,
)

TERMS = {"model": ("models?", "machine[- ]learning"), "use": ("use", "using")}


def test_term_lists_match_any_entry_as_whole_words() -> None:
    pattern = compile_pattern("train {model}", TERMS)
    assert pattern.search("to train machine-learning tools")
    assert pattern.search("train models")
    assert not pattern.search("train modelling")


def test_proximity_allows_up_to_n_words_between() -> None:
    pattern = compile_pattern("{use} ~3 {model}", TERMS)
    assert pattern.search("use the shiny new models")
    assert not pattern.search("use one two three four models")


def test_a_space_matches_line_breaks_and_runs_of_spaces() -> None:
    assert compile_pattern("in no event", {}).search("IN  NO\nEVENT shall")


def test_patterns_starting_with_a_letter_do_not_match_inside_words() -> None:
    pattern = compile_pattern("ADR|mediation", {})
    assert not pattern.search("your address")
    assert pattern.search("binding ADR")


@pytest.mark.parametrize(
    ("pattern", "problem"),
    [("{nope} x", "unknown term list"), ("(unclosed", "invalid pattern"), ("a?", "empty")],
)
def test_bad_patterns_are_refused_with_the_reason(pattern: str, problem: str) -> None:
    with pytest.raises(PatternError, match=problem):
        compile_pattern(pattern, TERMS)


def test_triggers_are_the_words_a_match_can_start_with() -> None:
    assert trigger_words("{use} ~3 {model}", TERMS) == frozenset({"use", "using"})
    assert trigger_words("(?:limit|exclu)\\w* liab", TERMS) == frozenset({"limit", "exclu"})
    assert trigger_words("(?:the )?court", TERMS) is None


def test_triggers_look_past_look_behinds_only_when_the_match_starts_a_word() -> None:
    guarded = r"(?<!not\s)(?<!\w)(?:resolv|settl)\w* by"
    assert trigger_words(guarded, TERMS) == frozenset({"resolv", "settl"})
    assert trigger_words(r"(?<!not\s)settl\w*", TERMS) is None  # may start inside a word
    assert trigger_words(r"(?<=a)b", TERMS) is None


def test_required_words_name_every_piece_a_match_needs() -> None:
    assert required_words("{use} ~3 {model}", TERMS) == (
        frozenset({"use", "using"}),
        frozenset({"model", "machine"}),
    )


def test_proximity_windows_stay_fast_on_runs_of_dashes_and_hyphens() -> None:
    import time

    pattern = compile_pattern("{use} ~12 {model} ~12 compete", TERMS)
    text = "use " + "-" * 40 + " a-b-c-d-e-f-g-h-i-j-k-l-m-n-o-p-q-r " * 3 + "models here"
    started = time.perf_counter()
    assert pattern.search(text) is None
    assert time.perf_counter() - started < 1.0


def test_runaway_backtracking_is_told_apart_from_long_proximity_windows() -> None:
    assert runs_away(re.compile(r"(\w+\s?)+$"))
    assert runs_away(re.compile(r"(?:\w+\W*){0,40}zz"))  # an optional separator: ambiguous
    assert not runs_away(compile_pattern("{use} ~40 {model}", TERMS))
    assert not runs_away(re.compile(r"(?:\w+\W+){0,40}?zz"))


def test_word_runs_before_a_gap_become_possessive() -> None:
    regex = compile_pattern(r"may (?:\w+\W+){0,3}terminat\w* (?:\w+[^\w,;]+)", {}).pattern
    assert r"\w++\W+" in regex
    assert r"terminat\w*+\s+" in regex
    assert r"\w++[^\w,;]+" in regex


def test_a_word_run_before_an_optional_gap_keeps_backtracking() -> None:
    """The pattern \\w+\\s?x still matches "abx": the gap is empty, the run gives back the x."""
    assert compile_pattern(r"\w+\s?x", {}).fullmatch("abx")
    assert compile_pattern(r"\w+\W*x", {}).fullmatch("abx")


def test_escaped_backslashes_and_lazy_runs_stay_as_written() -> None:
    regex = compile_pattern(r"a\\w+\W b\w+?\W c", {}).pattern
    assert r"\\w+\W" in regex
    assert r"\w+?\W" in regex


def test_possessive_patterns_find_exactly_what_the_plain_ones_find(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Every shipped pattern, with and without possessive runs, on sentences that stress the
    gaps (punctuation, line breaks, hyphens, near misses)."""
    from app.detection import patterns
    from app.files.rule_files import load_rule_folder
    from app.resources import resource_path

    rules = load_rule_folder(resource_path("rules"))
    sample = (
        "we may at any time terminate suspend or modify your account, without notice; "
        "you shall not use the output of the services to develop models that compete "
        "with us. in no event will our liability exceed - the fees paid (if any) "
        "and these terms are governed by the laws of new york, submitted to arbitration"
    )
    words = sample.split(" ")
    texts = [" ".join(words[i : i + n]) for n in (6, 15, 40) for i in range(0, len(words), 3)]
    texts += [t.replace(" ", "\n") for t in texts[:10]] + [
        t.replace(" ", " -- ") for t in texts[:10]
    ]
    sources = [s for spec in rules.rules for s in (*spec.patterns, *spec.unless, *spec.requires)]
    possessive = [compile_pattern(source, rules.terms) for source in sources]
    monkeypatch.setattr(patterns, "_possessive", lambda regex: regex)
    plain = [compile_pattern(source, rules.terms) for source in sources]
    assert sum(a.pattern != b.pattern for a, b in zip(possessive, plain, strict=True)) > 50
    checked = 0
    for source, fast, slow in zip(sources, possessive, plain, strict=True):
        for text in texts:
            assert [m.span() for m in fast.finditer(text)] == [
                m.span() for m in slow.finditer(text)
            ], (source, text)
            checked += 1
    assert checked > 100


def test_required_words_reach_past_gaps_and_optional_words() -> None:
    pattern = (
        r"(?<!\w)(?:may|can)\W+(?:\w+\W+){0,10}?(?:terminat|(?<!the\s)end\b)\w* "
        r"(?:be )?(?:accounts?|access)\b"
    )
    assert required_words(pattern, TERMS) == (
        frozenset({"may", "can"}),
        frozenset({"terminat", "end"}),
        frozenset({"account", "access"}),
    )


def test_required_words_skip_parts_that_may_begin_inside_a_word() -> None:
    assert required_words(r"un(?:limited) liability", TERMS) == (
        frozenset({"un"}),
        frozenset({"liability"}),
    )
    # "ab+c": the text may hold "abbc", which does not begin with "abc"
    assert frozenset({"abc"}) not in required_words(r"x ab+c", TERMS)
    assert frozenset({"d"}) not in required_words(r"x\w*(?:d)", TERMS)
    assert frozenset({"ion"}) not in required_words(r"x terminat\w*(?:ion) y", TERMS)
    assert frozenset({"foo"}) not in required_words(r"x [a-z](?:foo) y", TERMS)
    assert frozenset({"foo"}) not in required_words(r"x (?:be|a)?(?:foo) y", TERMS)


def _word_begins_in(text: str, start: int, end: int, words: frozenset[str]) -> bool:
    lowered = text.lower()
    return any(
        (at == 0 or not (lowered[at - 1].isalnum() or lowered[at - 1] == "_"))
        and any(lowered.startswith(w, at) for w in words)
        for at in range(start, end)
    )


def test_every_match_of_a_shipped_pattern_holds_all_its_required_words() -> None:
    """What lets the scanner skip a pattern (or an exception) for a text must never skip a
    real match."""
    from app.detection.scanner import compile_rule
    from app.files.rule_files import load_rule_folder
    from app.resources import resource_path
    from tests.conftest import CORPUS

    rules = load_rule_folder(resource_path("rules"))
    texts = [
        "We may, at any time and for any reason, terminate or suspend your account.",
        "In no event shall our total liability exceed the fees you paid in the last month.",
        "You shall not use the Output to develop models that compete with OpenAI.",
        "By using the Services, you agree to be bound by these Terms.",
        "We are not responsible or liable for third-party content; see clause 4.",
    ]
    claudette = CORPUS / "claudette" / "sentences.jsonl"
    if claudette.is_file():
        import json

        lines = claudette.read_text(encoding="utf-8").splitlines()
        texts += [json.loads(line)["text"] for line in lines[::7] if line]
    checked = 0
    for spec in rules.rules:
        rule = compile_rule(spec, rules.terms)
        pairs = [
            *zip(rule.patterns, rule.required, strict=True),
            *zip(rule.unless, rule.unless_words, strict=True),
        ]
        for pattern, required in pairs:
            for text in texts:
                for match in pattern.finditer(text):
                    for words in required:
                        assert _word_begins_in(text, match.start(), match.end(), words), (
                            spec.id,
                            pattern.pattern,
                            match.group(),
                            sorted(words),
                        )
                    checked += 1
    assert checked >= 5


def test_each_alternative_of_a_group_gives_its_rarest_word() -> None:
    required = required_words(
        r"may (?:\w+\W+){0,3}(?:be changed|make (?:\w+\W+){0,2}changes)", TERMS
    )
    assert frozenset({"changed", "changes"}) in required
    assert frozenset({"be", "make"}) in required  # the group's first words, as before


def test_every_top_level_alternative_matches_whole_words() -> None:
    pattern = compile_pattern(r"\bnever used|not be used", {})
    assert pattern.search("it will not be used")
    assert not pattern.search("codes cannot be used twice")
