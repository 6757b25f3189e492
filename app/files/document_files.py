"""Document definition files: ``documents/<name>.yaml`` in a library folder.

A document file looks like this::

    name: terms-of-service-ai-api
    title: Terms of Service — AI API
    variables:
    - name: company_name
      type: text            # text, date, choice, number or yes-no
      label: Company name
      default: Example AI Ltd
    outline:
    - heading: Introduction
      items:
      - clause: acceptance-of-terms
    - clause: competitor-training-preferred
      heading: Use of Output to Develop Models      # overrides the clause's title
      when: offers_model_api                        # included only when this holds
      version: 2                                    # pinned; omit to follow the latest wording

Errors name the file and the line of the offending entry.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import yaml

from app.domain.errors import ClauseFileError
from app.domain.terms import (
    Section,
    TermsDocument,
    Variable,
    VariableType,
    check_document,
    document_to_data,
)
from app.files.clause_files import write_text_atomic
from app.files.yaml_io import dump_yaml, read_text_file

DOCUMENTS_FOLDER = "documents"
DOCUMENT_SUFFIX = ".yaml"
MAX_DOCUMENT_FILE_BYTES = 1_000_000
DOCUMENT_FIELDS = ("name", "title", "description", "variables", "outline")
VARIABLE_FIELDS = ("name", "type", "label", "default", "choices", "help")
ITEM_FIELDS = ("clause", "heading", "version", "when", "anchor", "items")


class _Mapping(dict[str, Any]):
    """A YAML mapping that remembers the line it starts on and the line of each field."""

    line: int = 0
    lines: dict[str, int]


class _LineLoader(yaml.SafeLoader):
    """Safe YAML whose mappings carry their line numbers, for error messages."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> _Mapping:
    mapping = _Mapping({str(k): v for k, v in loader.construct_mapping(node, deep=True).items()})
    mapping.line = node.start_mark.line + 1
    mapping.lines = {
        str(key.value): key.start_mark.line + 1
        for key, _value in node.value
        if isinstance(key, yaml.ScalarNode)
    }
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _fail(path: str, data: Any, problem: str, field: str | None = None) -> ClauseFileError:
    """An error at the field's line when known, else at the start of its mapping."""
    line = getattr(data, "lines", {}).get(field) or getattr(data, "line", None)
    return ClauseFileError(path, line, problem)


def _check_fields(path: str, data: Any, allowed: tuple[str, ...], what: str) -> None:
    if not isinstance(data, dict):
        raise _fail(path, data, f"each {what} must be a mapping of fields")
    unknown = [str(k) for k in data if k not in allowed]
    if unknown:
        raise _fail(
            path,
            data,
            f"unknown field {unknown[0]!r} in a {what} (known: {', '.join(allowed)})",
            unknown[0],
        )


def _text(path: str, data: Any, name: str, *, required: bool = False) -> str | None:
    value = data.get(name)
    if value is None:
        if required:
            raise _fail(path, data, f"{name} is missing")
        return None
    if isinstance(value, dict | list):
        raise _fail(path, data, f"{name} must be text", name)
    text = str(value).strip()
    if required and not text:
        raise _fail(path, data, f"{name} is empty")
    return text


def _variable(path: str, data: Any) -> Variable:
    _check_fields(path, data, VARIABLE_FIELDS, "variable")
    name = _text(path, data, "name", required=True) or ""
    kind = _text(path, data, "type") or "text"
    try:
        variable_type = VariableType(kind)
    except ValueError:
        allowed = ", ".join(t.value for t in VariableType)
        raise _fail(
            path, data, f"variable {name!r}: type must be one of {allowed}", "type"
        ) from None
    choices = data.get("choices") or []
    if not isinstance(choices, list):
        raise _fail(path, data, f"variable {name!r}: choices must be a list", "choices")
    variable = Variable(
        name=name,
        type=variable_type,
        label=_text(path, data, "label") or "",
        choices=tuple(str(c) for c in choices),
        help=_text(path, data, "help") or "",
    )
    default = data.get("default")
    if default is None:
        return variable
    try:
        typed = variable.coerce(default)
    except ValueError as exc:
        raise _fail(path, data, f"variable {name!r}: the default {exc}", "default") from None
    return replace(variable, default=typed)


def _item(path: str, data: Any) -> Section:
    _check_fields(path, data, ITEM_FIELDS, "outline item")
    version = data.get("version")
    if version is not None and (isinstance(version, bool) or not isinstance(version, int)):
        raise _fail(
            path, data, "version must be a whole number (the clause version to pin)", "version"
        )
    children = data.get("items") or []
    if not isinstance(children, list):
        raise _fail(path, data, "items must be a list of outline items", "items")
    item = Section(
        clause=_text(path, data, "clause"),
        heading=_text(path, data, "heading"),
        version=version,
        when=_text(path, data, "when"),
        anchor=_text(path, data, "anchor"),
        items=tuple(_item(path, child) for child in children),
    )
    if not item.clause and not item.heading:
        raise _fail(path, data, "an outline item needs a clause or a heading")
    return item


def parse_document_file(text: str, path: str) -> TermsDocument:
    """Parse and validate one document file; errors name the file and the line."""
    try:
        data = yaml.load(text, Loader=_LineLoader)  # a SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark is not None else None
        raise ClauseFileError(path, line, f"invalid YAML: {exc.problem}") from exc
    except yaml.YAMLError as exc:
        raise ClauseFileError(path, None, f"invalid YAML: {exc}") from exc
    except RecursionError:  # PyYAML recurses once per nesting level: "[[[[..." exhausts it
        raise ClauseFileError(path, None, "invalid YAML: nested too deeply") from None
    except ValueError as exc:  # a timestamp out of range, e.g. "date: 2025-13-45"
        raise ClauseFileError(path, None, f"invalid YAML: {exc}") from exc
    _check_fields(path, data, DOCUMENT_FIELDS, "document")
    for name in ("variables", "outline"):
        if not isinstance(data.get(name) or [], list):
            raise _fail(path, data, f"{name} must be a list")
    document = TermsDocument(
        name=_text(path, data, "name", required=True) or "",
        title=_text(path, data, "title", required=True) or "",
        description=_text(path, data, "description") or "",
        variables=tuple(_variable(path, v) for v in data.get("variables") or []),
        outline=tuple(_item(path, i) for i in data.get("outline") or []),
    )
    problems = check_document(document)
    if problems:
        raise ClauseFileError(path, None, problems[0])
    return document


def render_document_file(document: TermsDocument) -> str:
    """The canonical text of a document file: the same definition gives the same bytes."""
    return dump_yaml(document_to_data(document))


def document_file_name(name: str) -> str:
    return f"{name}{DOCUMENT_SUFFIX}"


def read_document_file(path: Path) -> TermsDocument:
    text = read_text_file(path, MAX_DOCUMENT_FILE_BYTES)
    document = parse_document_file(text, str(path))
    if document.name != path.stem:
        raise ClauseFileError(
            str(path), 1, f"name {document.name!r} must match the file name ({path.stem})"
        )
    return document


def read_document_folder(library_folder: Path) -> list[TermsDocument]:
    """Every ``documents/*.yaml`` of a library folder (none if it has no documents folder)."""
    folder = library_folder / DOCUMENTS_FOLDER
    if not folder.is_dir():
        return []
    return [read_document_file(path) for path in sorted(folder.glob(f"*{DOCUMENT_SUFFIX}"))]


def write_document_folder(library_folder: Path, documents: list[TermsDocument]) -> list[Path]:
    """Write one file per document under ``documents/``; unchanged files are not rewritten."""
    folder = library_folder / DOCUMENTS_FOLDER
    written = []
    for document in sorted(documents, key=lambda d: d.name):
        path = folder / document_file_name(document.name)
        text = render_document_file(document)
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            write_text_atomic(path, text)
        written.append(path)
    return written
