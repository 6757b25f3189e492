"""Clause wordings and conditions as Jinja2 templates, compiled in a sandbox with strict blanks."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from jinja2 import StrictUndefined, TemplateSyntaxError, nodes
from jinja2.parser import Parser
from jinja2.sandbox import SandboxedEnvironment

REF_FUNCTION = "ref"
# Template syntax starts with one of these; wordings without any skip Jinja entirely.
_SYNTAX_MARKS = ("{{", "{%", "{#")


class WordingSyntaxError(Exception):
    """A template cannot be compiled: the message and the line inside the wording."""

    def __init__(self, message: str, line: int | None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


@dataclass(frozen=True)
class CompiledText:
    """A wording ready to render: the names it uses and the cross-references it makes."""

    source: str
    names: frozenset[str]
    ref_targets: tuple[str, ...]
    render: Callable[[Mapping[str, Any]], str] | None

    def __call__(self, context: Mapping[str, Any]) -> str:
        return self.source if self.render is None else self.render(context)


@dataclass(frozen=True)
class CompiledCondition:
    """A condition on variables, e.g. ``offers_model_api`` or ``plan == 'enterprise'``."""

    source: str
    names: frozenset[str]
    evaluate: Callable[..., Any]


def _sandbox() -> SandboxedEnvironment:
    # Autoescape off: the output is Word text, not HTML. StrictUndefined: a blank is an error.
    return SandboxedEnvironment(
        undefined=StrictUndefined, autoescape=False, keep_trailing_newline=True
    )


def _ref_targets(tree: nodes.Node) -> tuple[str, ...]:
    """The constant targets of ``ref('...')`` calls, so they can be checked before rendering."""
    found = []
    for call in tree.find_all(nodes.Call):
        if isinstance(call.node, nodes.Name) and call.node.name == REF_FUNCTION:
            for arg in call.args[:1]:
                if isinstance(arg, nodes.Const) and isinstance(arg.value, str):
                    found.append(arg.value)
    return tuple(found)


def _loaded_names(tree: nodes.Node) -> frozenset[str]:
    """The variables a wording reads, less those it sets itself (``{% for %}``, ``{% set %}``).

    A plain walk of the syntax tree: jinja2.meta.find_undeclared_variables runs the whole code
    generator and took a third of a 400-clause assembly. Scoping is approximated; a name this
    misses is still caught when rendering, by the strict undefined.
    """
    loaded: set[str] = set()
    stored = {"loop"}
    for name in tree.find_all(nodes.Name):
        (loaded if name.ctx == "load" else stored).add(name.name)
    return frozenset(loaded - stored)


class TemplateCompiler:
    """Compiles wordings and conditions once and keeps them (the same wording compiles once)."""

    def __init__(self) -> None:
        self._env = _sandbox()
        self._texts: dict[str, CompiledText] = {}
        self._conditions: dict[str, CompiledCondition] = {}

    def text(self, source: str) -> CompiledText:
        """Raises WordingSyntaxError for a syntax error (with the line inside the wording)."""
        cached = self._texts.get(source)
        if cached is None:
            cached = self._compile_text(source)
            self._texts[source] = cached
        return cached

    def _compile_text(self, source: str) -> CompiledText:
        if not any(mark in source for mark in _SYNTAX_MARKS):
            return CompiledText(source, frozenset(), (), None)
        try:
            tree = self._env.parse(source)
            template = self._env.from_string(tree)
        except TemplateSyntaxError as exc:
            raise WordingSyntaxError(f"template syntax error: {exc.message}", exc.lineno) from None
        names = _loaded_names(tree) - {REF_FUNCTION}
        return CompiledText(source, names, _ref_targets(tree), template.render)

    def condition(self, source: str) -> CompiledCondition:
        """Raises WordingSyntaxError when the condition is not a valid expression."""
        cached = self._conditions.get(source)
        if cached is None:
            cached = self._compile_condition(source)
            self._conditions[source] = cached
        return cached

    def _compile_condition(self, source: str) -> CompiledCondition:
        try:
            parser = Parser(self._env, source, state="variable")
            expression = parser.parse_expression()
            if parser.stream.current.type != "eof":
                raise TemplateSyntaxError(
                    f"unexpected {parser.stream.current.value!r}", parser.stream.current.lineno
                )
            evaluate = self._env.compile_expression(source, undefined_to_none=False)
        except TemplateSyntaxError as exc:
            raise WordingSyntaxError(
                f"condition {source!r} is not valid: {exc.message}", None
            ) from None
        # find_all skips the root, which is the whole condition when it is a bare name
        found = [expression, *expression.find_all(nodes.Name)]
        names = frozenset(n.name for n in found if isinstance(n, nodes.Name) and n.ctx == "load")
        names -= {REF_FUNCTION}
        return CompiledCondition(source, names, evaluate)
