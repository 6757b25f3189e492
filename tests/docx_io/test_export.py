"""Word export, checked by re-opening the file with python-docx: real list numbering, bookmarks
and REF fields, every blank filled, header and footer, clean properties."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

from app.assembly.assembler import Assembler, Wordings
from app.docx_io.export import DocumentProperties, ExportOptions, app_version_field, export_docx
from app.docx_io.reader import read_docx
from app.domain.terms import (
    AssembledClause,
    AssembledDocument,
    AssembledParagraph,
    ClauseWording,
    CrossReference,
)
from app.files.clause_files import read_clause_folder
from app.files.document_files import read_document_file
from app.resources import shipped_library_dir

TYPED_NUMBER = re.compile(r"^\s*(\(?[0-9]+(\.[0-9]+)*[.)]?|\([a-z]{1,3}\))\s")
NS = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}
MOMENT = dt.datetime(2026, 3, 1, 9, 30, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def sample() -> AssembledDocument:
    """The shipped sample document assembled with its defaults."""
    folder = shipped_library_dir()
    wordings: Wordings = {
        (r.key, None): ClauseWording(r.key, len(r.history), r.meta.title, r.meta.type, r.body)
        for r in read_clause_folder(folder)
    }
    document = read_document_file(folder / "documents" / "terms-of-service-ai-api.yaml")
    return Assembler().assemble(document, wordings, version_label="Draft 3")


@pytest.fixture(scope="module")
def exported(sample: AssembledDocument, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("export") / "terms.docx"
    path.write_bytes(export_docx(sample, ExportOptions(created=MOMENT, app_version="0.1.0")))
    return path


def _style(paragraph: Paragraph) -> str:
    return paragraph.style.name if paragraph.style is not None else ""


def _num_pr(paragraph: Paragraph) -> tuple[str, int] | None:
    """The paragraph's own list numbering (numId, level), if any."""
    num_id = str(paragraph._p.xpath("string(./w:pPr/w:numPr/w:numId/@w:val)"))
    level = str(paragraph._p.xpath("string(./w:pPr/w:numPr/w:ilvl/@w:val)"))
    return (num_id, int(level)) if num_id else None


def test_headings_and_list_items_use_real_word_numbering(exported: Path) -> None:
    word = Document(str(exported))
    numbered = [(p, found) for p in word.paragraphs if (found := _num_pr(p)) is not None]
    assert len({num for _p, (num, _lvl) in numbered}) == 1
    levels: dict[str, set[int]] = {}
    for paragraph, (_num, level) in numbered:
        levels.setdefault(_style(paragraph), set()).add(level)
    assert levels == {"Heading 1": {0}, "Heading 2": {1}, "Clause List": {2}}
    for paragraph in word.paragraphs:
        assert not TYPED_NUMBER.match(paragraph.text), paragraph.text


def test_list_definition_is_1_then_1_1_then_a(exported: Path) -> None:
    word = Document(str(exported))
    [(num_id, _)] = {_num_pr(p) or ("", 0) for p in word.paragraphs if _style(p) == "Heading 1"}
    numbering = word.part.numbering_part.element
    abstract_id = str(
        numbering.xpath(f"string(./w:num[@w:numId='{num_id}']/w:abstractNumId/@w:val)")
    )
    levels = [
        (
            str(lvl.xpath("string(./w:numFmt/@w:val)", namespaces=NS)),
            str(lvl.xpath("string(./w:lvlText/@w:val)", namespaces=NS)),
        )
        for lvl in numbering.xpath(f"./w:abstractNum[@w:abstractNumId='{abstract_id}']/w:lvl")
    ]
    assert levels[:3] == [("decimal", "%1."), ("decimal", "%1.%2"), ("lowerLetter", "(%3)")]


def test_the_import_reader_sees_the_same_numbers_and_headings(
    exported: Path, sample: AssembledDocument
) -> None:
    split = read_docx(exported)
    found = {(c.number, c.heading) for c in split.clauses}
    for clause in sample.clauses:
        number = f"{clause.number}." if clause.level == 1 else clause.number
        assert (number, clause.heading) in found or (clause.number, clause.heading) in found


def test_every_variable_is_filled_in(exported: Path, sample: AssembledDocument) -> None:
    text = "\n".join(p.text for p in Document(str(exported)).paragraphs)
    assert "{{" not in text and "{%" not in text and "}}" not in text
    assert "Example AI Ltd" in text
    assert "1 March 2026" in text
    assert "Use of Output to Develop Competing Models" in text
    assert len(text.split()) >= 3000


def test_cross_references_are_ref_fields_to_existing_bookmarks(exported: Path) -> None:
    body = Document(str(exported)).element.body
    bookmarks = {b.get(qn("w:name")) for b in body.iter(qn("w:bookmarkStart"))}
    codes = [str(c.text).split() for c in body.iter(qn("w:instrText"))]
    refs = [c for c in codes if c[0] == "REF"]
    assert refs, "the sample refers to other sections"
    for code in refs:
        assert code[1] in bookmarks
        assert "\\h" in code
        assert ("\\w" in code) != ("\\n" in code)


def test_ref_field_shows_the_current_number(exported: Path, sample: AssembledDocument) -> None:
    numbers = {c.bookmark: c.reference_number for c in sample.clauses}
    for paragraph in Document(str(exported)).paragraphs:
        runs = list(paragraph._p.iter(qn("w:r")))
        for index, run in enumerate(runs):
            code = str(run.xpath("string(./w:instrText)")).split()
            if code and code[0] == "REF":
                shown = str(runs[index + 2].xpath("string(./w:t)"))
                assert shown == numbers[code[1]]


def test_title_block_header_and_footer(exported: Path) -> None:
    word = Document(str(exported))
    assert _style(word.paragraphs[0]) == "Title"
    assert word.paragraphs[0].text == "Terms of Service — AI API"
    assert word.paragraphs[1].text == "Effective date: 1 March 2026"
    assert word.paragraphs[2].text == "Version: Draft 3"
    section = word.sections[0]
    assert section.header.paragraphs[0].text == "Terms of Service — AI API · Draft 3"
    footer = section.footer.paragraphs[0]._p
    codes = [c.text.strip() for c in footer.iter(qn("w:instrText"))]
    assert codes == ["PAGE", "NUMPAGES"]


def test_properties_are_clean_by_default(exported: Path) -> None:
    core = Document(str(exported)).core_properties
    assert (core.author, core.last_modified_by, core.comments) == ("", "", "")
    assert core.revision == 1
    assert core.created == MOMENT
    with zipfile.ZipFile(exported) as package:
        app = package.read("docProps/app.xml").decode()
        names = package.namelist()
    assert "<Application>Clausewright</Application>" in app
    assert "<AppVersion>00.0100</AppVersion>" in app
    for empty in ("Template", "Company", "Manager"):
        assert f"<{empty}></{empty}>" in app
    assert "docProps/thumbnail.jpeg" not in names


def test_properties_the_user_sets_are_written(sample: AssembledDocument, tmp_path: Path) -> None:
    chosen = DocumentProperties(author="Ana Lawyer", company="Example AI Ltd", manager="GC")
    path = tmp_path / "signed.docx"
    path.write_bytes(export_docx(sample, ExportOptions(properties=chosen)))
    assert Document(str(path)).core_properties.author == "Ana Lawyer"
    with zipfile.ZipFile(path) as package:
        app = package.read("docProps/app.xml").decode()
    assert "<Company>Example AI Ltd</Company>" in app and "<Manager>GC</Manager>" in app


def test_table_of_contents_is_an_optional_field(sample: AssembledDocument, tmp_path: Path) -> None:
    path = tmp_path / "toc.docx"
    path.write_bytes(export_docx(sample, ExportOptions(table_of_contents=True)))
    word = Document(str(path))
    codes = [c.text.strip() for c in word.element.body.iter(qn("w:instrText"))]
    assert any(c.startswith("TOC ") for c in codes)
    entries = [p.text for p in word.paragraphs if _style(p) in ("toc 1", "toc 2")]
    assert entries[:2] == ["1.\tIntroduction", "1.1\tAcceptance of Terms"]
    assert len(entries) == sum(1 for c in sample.clauses if c.level <= 2)
    assert word.settings.element.find(qn("w:updateFields")) is not None
    plain = Document(io_bytes := __import__("io").BytesIO(export_docx(sample, ExportOptions())))
    assert io_bytes and plain.settings.element.find(qn("w:updateFields")) is None


def test_app_version_uses_offices_form() -> None:
    assert app_version_field("0.1.0") == "00.0100"
    assert app_version_field("12.3") == "12.0300"


def test_lettered_targets_are_referenced_in_full_context(tmp_path: Path) -> None:
    lettered = CrossReference("fees", "_Ref0003_fees", "1.1(a)")
    plain = CrossReference("scope", "_Ref0002_scope", "1.1")
    clauses = (
        AssembledClause("1", 1, "Scope", (), "_Ref0001_general", reference_number="1"),
        AssembledClause("1.1", 2, "Use", (), "_Ref0002_scope", reference_number="1.1"),
        AssembledClause(
            "(a)",
            3,
            "Fees",
            (AssembledParagraph(("See ", lettered, " and ", plain, ".")),),
            "_Ref0003_fees",
            reference_number="1.1(a)",
        ),
    )
    path = tmp_path / "refs.docx"
    path.write_bytes(export_docx(AssembledDocument("t", "T", clauses)))
    word = Document(str(path))
    codes = [str(c.text).split() for c in word.element.body.iter(qn("w:instrText"))]
    assert codes == [
        ["REF", "_Ref0003_fees", "\\w", "\\h"],
        ["REF", "_Ref0002_scope", "\\n", "\\h"],
    ]
    lead = word.paragraphs[-1]
    found = _num_pr(lead)
    assert found is not None and found[1] == 2
    assert lead.text == "Fees. See 1.1(a) and 1.1."
