"""Clause files: parsing, validation errors with file and line, canonical rendering."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.clause import ClauseMetadata, ClauseRecord, ClauseVersion, Risk, Status, Tier
from app.domain.errors import ClauseFileError
from app.files.clause_files import (
    parse_clause_file,
    read_clause_folder,
    render_clause_file,
    write_clause_folder,
)

GOOD = """---
key: governing-law
title: Governing Law
type: governing-law
tier: preferred
tags: [boilerplate, uk]
risk: medium
status: approved
history:
- version: 1
  author: Legal
  date: 2026-01-15
  reason: First version
  body: |
    England.
- version: 2
  author: Legal
  date: 2026-02-01T10:30:00Z
  reason: Add Wales
---
England and Wales.
"""


def test_parse_reads_metadata_and_history_oldest_first() -> None:
    record = parse_clause_file(GOOD, "governing-law.md")
    assert record.key == "governing-law"
    assert record.meta.tier is Tier.PREFERRED
    assert record.meta.tags == ("boilerplate", "uk")
    assert [v.body for v in record.history] == ["England.", "England and Wales."]
    assert record.history[1].created_at == dt.datetime(2026, 2, 1, 10, 30, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        (GOOD.replace("title: Governing Law\n", ""), 1, "title is missing"),
        (GOOD.replace("risk: medium", "risk: huge"), 7, "risk must be one of"),
        (GOOD.replace("status: approved", "colour: blue"), 8, "unknown field 'colour'"),
        (GOOD.replace("tags: [boilerplate, uk]", "tags: [boilerplate"), 7, "invalid YAML"),
        (GOOD.replace("key: governing-law", "key: Governing Law"), 2, "kebab-case"),
        (GOOD.replace("---\nEngland and Wales.", "England and Wales."), 1, "not closed"),
    ],
)
def test_malformed_files_are_reported_with_file_and_line(
    text: str, line: int, message: str
) -> None:
    with pytest.raises(ClauseFileError) as caught:
        parse_clause_file(text, "bad.md")
    assert caught.value.path == "bad.md"
    assert caught.value.line == line
    assert message in str(caught.value)
    assert str(caught.value).startswith(f"bad.md:{line}: ")


def test_history_without_reason_or_with_empty_body_is_refused() -> None:
    with pytest.raises(ClauseFileError, match="needs a reason"):
        parse_clause_file(GOOD.replace("  reason: Add Wales\n", ""), "x.md")
    with pytest.raises(ClauseFileError, match="body is empty"):
        parse_clause_file(GOOD.replace("England and Wales.\n", "\n"), "x.md")


def test_duplicate_keys_in_a_folder_are_refused(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(GOOD, encoding="utf-8")
    (tmp_path / "b.md").write_text(GOOD, encoding="utf-8")
    with pytest.raises(ClauseFileError, match="duplicate key 'governing-law'"):
        read_clause_folder(tmp_path)


def test_invalid_utf8_is_reported(tmp_path: Path) -> None:
    (tmp_path / "bad.md").write_bytes(GOOD.encode() + b"\n\xff\xfe")
    with pytest.raises(ClauseFileError, match="not valid UTF-8"):
        read_clause_folder(tmp_path)


def test_render_then_parse_is_lossless_and_rendering_is_stable(tmp_path: Path) -> None:
    record = parse_clause_file(GOOD, "governing-law.md")
    text = render_clause_file(record)
    assert parse_clause_file(text, "again.md") == record
    assert render_clause_file(parse_clause_file(text, "again.md")) == text
    write_clause_folder(tmp_path, [record])
    assert (tmp_path / "governing-law.md").read_text(encoding="utf-8") == text


_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\r\x85"),
    min_size=1,
    max_size=80,
).filter(lambda s: s.strip() and s.strip("\n") == s and "\u2028" not in s and "\u2029" not in s)


@settings(max_examples=60, deadline=None)
@given(title=_text, bodies=st.lists(_text, min_size=1, max_size=3), notes=_text)
def test_any_unicode_clause_round_trips_through_its_file(
    title: str, bodies: list[str], notes: str
) -> None:
    history = tuple(
        ClauseVersion(
            i + 1, body, "Ana Müller", f"reason {i}", dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
        )
        for i, body in enumerate(bodies)
    )
    meta = ClauseMetadata(
        title=title.strip(),
        type="misc",
        risk=Risk.HIGH,
        status=Status.DRAFT,
        notes=notes.strip(),
    )
    record = ClauseRecord("misc-clause", meta, history)
    assert parse_clause_file(render_clause_file(record), "x.md") == record
