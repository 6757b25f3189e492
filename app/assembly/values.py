"""Variable values: raw text from a form or ``--set`` checked against each variable's type."""

from __future__ import annotations

from collections.abc import Mapping

from app.domain.terms import Problem, TermsDocument, Value

# Characters the assembler uses to mark cross-references inside rendered text.
REF_START = "\ue000"
REF_END = "\ue001"


def parse_assignments(pairs: list[str]) -> dict[str, str]:
    """``["name=value", ...]`` as a mapping; raises ValueError naming a malformed pair."""
    values: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise ValueError(f"{pair!r} is not NAME=VALUE")
        values[name.strip()] = value
    return values


def typed_values(
    document: TermsDocument,
    raw: Mapping[str, object],
    users: Mapping[str, list[str]],
    problems: list[Problem],
) -> tuple[dict[str, Value], set[str]]:
    """The typed value of every variable (given, else its default) and the names without one.

    Problems (a value of the wrong type, an unknown name) are appended, each pointing at the
    first clause that uses the variable.
    """
    values: dict[str, Value] = {}
    missing: set[str] = set()
    for name in raw:
        if document.variable(name) is None:
            known = ", ".join(v.name for v in document.variables) or "none"
            problems.append(
                Problem(f"the document has no such variable (its variables: {known})", None, name)
            )
    for variable in document.variables:
        given = raw.get(variable.name, variable.default)
        if given is None:
            missing.add(variable.name)
            continue
        try:
            value = variable.coerce(given)
        except ValueError as exc:
            first_user = next(iter(users.get(variable.name, ())), None)
            problems.append(Problem(str(exc), first_user, variable.name))
            continue
        if isinstance(value, str):
            value = value.replace(REF_START, "").replace(REF_END, "")
        values[variable.name] = value
    return values, missing
