"""Document definition files: the shipped sample, canonical rendering, clear errors with lines."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.domain.errors import ClauseFileError
from app.domain.terms import VariableType
from app.files.document_files import (
    parse_document_file,
    read_document_file,
    read_document_folder,
    render_document_file,
    write_document_folder,
)
from app.resources import shipped_library_dir

SAMPLE = shipped_library_dir() / "documents" / "terms-of-service-ai-api.yaml"

SMALL = """\
name: small
title: Small Terms
variables:
- name: company_name
  default: Acme
- name: offers_model_api
  type: yes-no
  default: true
outline:
- heading: General
  items:
  - clause: accounts
    version: 2
- clause: competitor-training-preferred
  when: offers_model_api
  heading: Competing Models
"""


def test_shipped_sample_declares_typed_variables_and_a_conditional_competitor_clause() -> None:
    document = read_document_file(SAMPLE)
    assert document.title == "Terms of Service — AI API"
    api = document.variable("offers_model_api")
    assert api is not None and api.type is VariableType.YES_NO and api.default is True
    conditional = [i for _d, i in document.walk() if i.clause == "competitor-training-preferred"]
    assert [i.when for i in conditional] == ["offers_model_api"]
    assert all(v.default is not None for v in document.variables)


def test_shipped_sample_is_in_canonical_form() -> None:
    assert render_document_file(read_document_file(SAMPLE)) == SAMPLE.read_text(encoding="utf-8")


def test_parse_reads_nesting_pins_conditions_and_heading_overrides() -> None:
    document = parse_document_file(SMALL, "small.yaml")
    [(_, general), (depth, accounts), (_, training)] = list(document.walk())
    assert general.heading == "General" and general.clause is None
    assert (depth, accounts.clause, accounts.version) == (2, "accounts", 2)
    assert (training.when, training.heading) == ("offers_model_api", "Competing Models")


def test_rendering_round_trips_and_is_stable() -> None:
    document = parse_document_file(SMALL, "small.yaml")
    text = render_document_file(document)
    assert parse_document_file(text, "again.yaml") == document
    assert render_document_file(parse_document_file(text, "again.yaml")) == text


@pytest.mark.parametrize(
    ("edit", "line", "message"),
    [
        (("  - clause: accounts\n", "  - clause: accounts\n    colour: red\n"), 13, "'colour'"),
        (("  type: yes-no\n", "  type: boolean\n"), 7, "type must be one of"),
        (("  default: true\n", "  default: perhaps\n"), 8, "the default must be yes or no"),
        (("    version: 2\n", "    version: two\n"), 13, "version must be a whole number"),
        (("title: Small Terms\n", "title: [Small\n"), 3, "invalid YAML"),
    ],
)
def test_errors_name_the_file_and_line(edit: tuple[str, str], line: int, message: str) -> None:
    with pytest.raises(ClauseFileError, match=message) as caught:
        parse_document_file(SMALL.replace(*edit), "small.yaml")
    assert caught.value.path == "small.yaml"
    assert caught.value.line == line


def test_file_name_must_match_the_document_name(tmp_path: Path) -> None:
    path = tmp_path / "other.yaml"
    path.write_text(SMALL, encoding="utf-8")
    with pytest.raises(ClauseFileError, match="must match the file name"):
        read_document_file(path)


def test_folder_write_then_read_gives_the_same_documents(tmp_path: Path) -> None:
    documents = [parse_document_file(SMALL, "small.yaml"), read_document_file(SAMPLE)]
    written = write_document_folder(tmp_path, documents)
    assert [p.name for p in written] == ["small.yaml", "terms-of-service-ai-api.yaml"]
    assert read_document_folder(tmp_path) == sorted(documents, key=lambda d: d.name)
    assert read_document_folder(tmp_path / "nowhere") == []
