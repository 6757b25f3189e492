"""The Word redline: accepting all changes gives the new text, rejecting all the old one."""

from __future__ import annotations

import contextlib
import datetime as dt
import tempfile
import zipfile
from pathlib import Path

import docx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from app.docx_io.redline import redline_bytes, write_redline
from app.docx_io.revisions import W, read_revisions, revision_problems, safe_parser
from app.domain.redline import (
    ParagraphRole,
    RedlineOp,
    RedlineParagraph,
    Segment,
    accept_all,
    reject_all,
)

WHEN = dt.datetime(2026, 1, 15, 9, 30, tzinfo=dt.UTC)
NS = {"w": W}

SAMPLE = [
    RedlineParagraph.unchanged("1. Term", role="heading"),
    RedlineParagraph.changed(
        [("equal", "The "), ("delete", "old"), ("insert", "new"), ("equal", " term.")]
    ),
    RedlineParagraph.inserted("2. Added clause", role="heading"),
    RedlineParagraph.inserted("Customer may not train competing models."),
    RedlineParagraph.deleted("A removed sentence."),
    RedlineParagraph.unchanged("Last words."),
]


def elements(root: etree._Element, xpath: str) -> list[etree._Element]:
    found = root.xpath(xpath, namespaces=NS)
    assert isinstance(found, list)
    return [e for e in found if isinstance(e, etree._Element)]


def document_root(path: Path) -> etree._Element:
    with zipfile.ZipFile(path) as package:
        return etree.fromstring(package.read("word/document.xml"), safe_parser())


def test_accept_all_gives_new_text_and_reject_all_the_old(tmp_path: Path) -> None:
    path = tmp_path / "redline.docx"
    write_redline(path, SAMPLE, author="Policy Team", date=WHEN)
    accepted, rejected = read_revisions(path)
    assert accepted == accept_all(SAMPLE)
    assert rejected == reject_all(SAMPLE)


def test_changes_carry_author_date_and_unique_ids(tmp_path: Path) -> None:
    path = tmp_path / "redline.docx"
    write_redline(path, SAMPLE, author="Policy Team", date=WHEN)
    root = document_root(path)
    changes = elements(root, "//w:ins | //w:del")
    assert len(changes) == 8  # 2 in the changed paragraph, 2 per wholly changed paragraph x3
    assert {c.get(f"{{{W}}}author") for c in changes} == {"Policy Team"}
    assert {c.get(f"{{{W}}}date") for c in changes} == {"2026-01-15T09:30:00Z"}
    assert revision_problems(root) == []


def test_deleted_text_is_del_text_and_paragraph_marks_are_tracked(tmp_path: Path) -> None:
    path = tmp_path / "redline.docx"
    write_redline(path, SAMPLE, author="A", date=WHEN)
    root = document_root(path)
    assert elements(root, "//w:del//w:t") == []
    assert [t.text for t in elements(root, "//w:del//w:delText")] == [
        "old",
        "A removed sentence.",
    ]
    marks = elements(root, "//w:pPr/w:rPr/*")
    assert [etree.QName(m).localname for m in marks] == ["ins", "ins", "del"]


def test_headings_use_heading_styles_and_title_is_the_only_extra_line(tmp_path: Path) -> None:
    path = tmp_path / "redline.docx"
    write_redline(path, SAMPLE, author="A", date=WHEN, title="Redline of the terms")
    opened = docx.Document(str(path))
    styles = [p.style.name if p.style else None for p in opened.paragraphs]
    assert styles == ["Title", "Heading 1", "Normal", "Heading 1", "Normal", "Normal", "Normal"]
    accepted, _ = read_revisions(path)
    assert accepted == ["Redline of the terms", *accept_all(SAMPLE)]


def test_core_properties_hold_no_personal_metadata(tmp_path: Path) -> None:
    path = tmp_path / "redline.docx"
    write_redline(path, SAMPLE, author="Jane Lawyer", date=WHEN)
    properties = docx.Document(str(path)).core_properties
    assert properties.author == ""
    assert properties.last_modified_by == ""
    with zipfile.ZipFile(path) as package:
        app_xml = package.read("docProps/app.xml").decode()
        core_xml = package.read("docProps/core.xml").decode()
    assert "<Application>Clausewright</Application>" in app_xml
    assert "Jane Lawyer" not in core_xml + app_xml
    assert "python-docx" not in core_xml


def test_track_changes_stays_on_for_the_recipient(tmp_path: Path) -> None:
    path = tmp_path / "redline.docx"
    write_redline(path, SAMPLE, author="A", date=WHEN)
    with zipfile.ZipFile(path) as package:
        settings = etree.fromstring(package.read("word/settings.xml"), safe_parser())
    names = [etree.QName(child).localname for child in settings]
    assert names[names.index("trackRevisions") - 1] == "proofState"


def test_the_same_input_gives_the_same_bytes() -> None:
    first = redline_bytes(SAMPLE, author="A", date=WHEN)
    assert first == redline_bytes(SAMPLE, author="A", date=WHEN)


def test_characters_xml_cannot_hold_are_dropped_not_fatal(tmp_path: Path) -> None:
    path = tmp_path / "redline.docx"
    paragraphs = [RedlineParagraph.changed([("equal", "a\x00b"), ("insert", "\x0bc")])]
    write_redline(path, paragraphs, author="A", date=WHEN)
    assert read_revisions(path) == (["abc"], ["ab"])


def test_an_unwritable_target_leaves_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "out.docx"
    target.mkdir()  # a folder where the file should go: os.replace fails
    with contextlib.suppress(OSError):
        write_redline(target, SAMPLE, author="A", date=WHEN)
    assert [p.name for p in tmp_path.iterdir()] == ["out.docx"]


# Text a lawyer could type: letters of any script, spaces, punctuation, tabs and line breaks.
TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffe\uffff")
    | st.sampled_from(["\t", "\n", " "]),
    max_size=12,
)
OPS: tuple[RedlineOp, ...] = ("equal", "insert", "delete")
ROLES: tuple[ParagraphRole, ...] = ("heading", "body")


@st.composite
def redline_paragraphs(draw: st.DrawFn) -> RedlineParagraph:
    kind = draw(st.sampled_from(["normal", "inserted", "deleted"]))
    role = draw(st.sampled_from(ROLES))
    if kind == "inserted":
        return RedlineParagraph.inserted(draw(TEXT), role=role)
    if kind == "deleted":
        return RedlineParagraph.deleted(draw(TEXT), role=role)
    pieces: list[Segment] = [
        (draw(st.sampled_from(OPS)), draw(TEXT)) for _ in range(draw(st.integers(0, 6)))
    ]
    return RedlineParagraph.changed(pieces, role=role)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(redline_paragraphs(), max_size=8), st.booleans())
def test_random_edits_accept_to_new_and_reject_to_old(
    paragraphs: list[RedlineParagraph], titled: bool
) -> None:
    title = "Redline" if titled else None
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "r.docx"
        write_redline(path, paragraphs, author="Hypothesis", date=WHEN, title=title)
        accepted, rejected = read_revisions(path)
        root = document_root(path)
    lead = [title] if title else []
    assert accepted == lead + accept_all(paragraphs)
    assert rejected == lead + reject_all(paragraphs)
    assert revision_problems(root) == []
