"""Fuzzing the importers: each hostile input imports or ends as the project's own clear error.

Within 2 s and 500 MB: .docx in process and through the isolated worker, .md, .txt, clause files.
"""

from __future__ import annotations

import tempfile
import time
import zipfile
import zlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.docx_io.reader import read_docx
from app.docx_io.safety import DamagedDocumentError
from app.domain.errors import ClauseFileError, InvalidInputError
from app.files.clause_files import parse_clause_file
from app.files.document_files import parse_document_file
from app.files.rule_files import parse_rule_text
from app.services.documents_io import load_document
from tests.docx_io.builders import document_xml, paragraph_xml, raw_package
from tests.fuzz.inputs import (
    mutate_clause_file,
    mutate_docx,
    mutate_text_bytes,
    run_input,
)

FUZZ = settings(
    max_examples=60,
    deadline=2000,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


class DrawChooser:
    """A `Chooser` whose decisions hypothesis draws (and so can shrink)."""

    def __init__(self, data: st.DataObject) -> None:
        self._data = data

    def integer(self, low: int, high: int) -> int:
        return self._data.draw(st.integers(low, max(low, high)))

    def raw(self, max_size: int) -> bytes:
        return self._data.draw(st.binary(max_size=max_size))

    def text(self, max_size: int) -> str:
        return self._data.draw(st.text(max_size=max_size))


def _check(target: str, data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        failure = run_input(target, data, Path(folder))
    assert failure is None, f"{target}: {failure.problem}"


@FUZZ
@given(st.data())
def test_a_hostile_word_file_imports_or_is_refused_clearly(data: st.DataObject) -> None:
    _check("docx", mutate_docx(DrawChooser(data)))


@FUZZ
@given(st.data())
def test_hostile_markdown_imports_or_is_refused_clearly(data: st.DataObject) -> None:
    _check("md", mutate_text_bytes(DrawChooser(data)))


@FUZZ
@given(st.data())
def test_hostile_plain_text_imports_or_is_refused_clearly(data: st.DataObject) -> None:
    _check("txt", mutate_text_bytes(DrawChooser(data)))


@FUZZ
@given(st.data())
def test_a_broken_clause_file_loads_or_names_its_problem(data: st.DataObject) -> None:
    _check("clause-file", mutate_clause_file(DrawChooser(data)))


@settings(FUZZ, max_examples=8, deadline=None)
@given(st.data())
def test_a_hostile_word_file_through_the_isolated_worker_is_one_clear_error(
    data: st.DataObject,
) -> None:
    """The path the app takes: a worker process, every failure mapped to InvalidInputError."""
    payload = mutate_docx(DrawChooser(data))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "contract.docx"
        path.write_bytes(payload)
        try:
            load_document(path)
        except InvalidInputError as exc:
            message = str(exc)
            assert message.startswith("contract.docx") and "\n" not in message.strip()
            # A crash inside the worker would be reported this way; the worker must not crash.
            assert "could not be imported (" not in message, message


@pytest.mark.parametrize("target", ["md", "txt", "clause-file"])
def test_invalid_utf8_and_binary_bytes_are_refused_or_read(target: str, tmp_path: Path) -> None:
    for data in (b"\xff\xfe\xd8\x00", b"# T\n\xed\xa0\x80 x", b"a\x00b", b"\x80" * 100):
        failure = run_input(target, data, tmp_path)
        assert failure is None, failure.problem


# Found by the fuzzer: PyYAML's RecursionError and ValueError escaped the file readers.
_DEEP = "title: " + "[" * 5000 + "\n"
_BAD_DATE = "date: 2025-13-45\n"


@pytest.mark.parametrize("trick", [_DEEP, _BAD_DATE], ids=["deep-nesting", "bad-date"])
def test_front_matter_yaml_tricks_are_a_clause_file_error(trick: str) -> None:
    started = time.perf_counter()
    with pytest.raises(ClauseFileError, match=r"fuzz\.md: invalid YAML"):
        parse_clause_file(f"---\nkey: a\n{trick}---\nBody\n", "fuzz.md")
    # Refused before PyYAML recurses to Python's limit (about a second, over 2 s on a busy box).
    assert time.perf_counter() - started < 0.5


@pytest.mark.parametrize("trick", [_DEEP, _BAD_DATE], ids=["deep-nesting", "bad-date"])
def test_document_and_rule_file_yaml_tricks_are_a_clause_file_error(trick: str) -> None:
    with pytest.raises(ClauseFileError, match=r"doc\.yaml: invalid YAML"):
        parse_document_file(f"name: a\n{trick}", "doc.yaml")
    with pytest.raises(ClauseFileError, match=r"rules\.yaml: invalid YAML"):
        parse_rule_text(f"rules: []\n{trick}", "rules.yaml")


def test_a_part_whose_compressed_data_is_corrupt_is_a_damaged_document(tmp_path: Path) -> None:
    """Found by the long fuzz run: zlib.error escaped the reader (CRC checks come too late)."""
    path = raw_package(tmp_path / "corrupt.docx", document_xml(paragraph_xml("Fees. " * 400)))
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as package:
        info = package.getinfo("word/document.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    data[start + 2 : start + 40] = b"\xff" * 38
    path.write_bytes(bytes(data))
    with zipfile.ZipFile(path) as package, pytest.raises(zlib.error):
        package.read("word/document.xml")  # the fault this test is about
    with pytest.raises(DamagedDocumentError, match=r"corrupt\.docx: the file is damaged"):
        read_docx(path)
