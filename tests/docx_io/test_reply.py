"""The counter-redline: tracked changes on the customer's own paragraphs, comments anchored."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from docx.shared import Pt
from lxml import etree

from app.docx_io.reply import paragraph_texts, plain_document, write_reply
from app.docx_io.revisions import W, read_document_xml, read_revisions, revision_problems
from app.domain.review import ReplyEdit
from tests.docx_io.test_redline_libreoffice import libreoffice_views, without_final_empty

WHEN = dt.datetime(2026, 3, 1, 12, 0, tzinfo=dt.UTC)
PARAGRAPHS = [
    "Customer Agreement",
    "1. Use of Output",
    "You may not use Output to develop models that compete with the Provider.",
    "2. Fees",
    "You will pay within sixty days.",
    "Late amounts bear interest.",
    "3. Law",
    "This Agreement is governed by the laws of Ireland.",
]


@pytest.fixture
def customer(tmp_path: Path) -> Path:
    word = docx.Document()
    for text in PARAGRAPHS:
        paragraph = word.add_paragraph()
        if text[0].isdigit():
            run = paragraph.add_run(text)
            run.bold = True
        else:
            paragraph.add_run(text).font.size = Pt(11)
    word.add_table(rows=1, cols=2).rows[0].cells[0].text = "Signed"
    path = tmp_path / "customer.docx"
    word.save(str(path))
    return path


def _comments(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as package:
        root = etree.fromstring(package.read("word/comments.xml"))
    return ["".join(str(t) for t in c.itertext()) for c in root.iter(f"{{{W}}}comment")]


def test_restored_wording_is_tracked_and_rejecting_all_gives_the_customers_text(
    customer: Path, tmp_path: Path
) -> None:
    texts = paragraph_texts(customer)
    fees = texts.index("You will pay within sixty days.")
    edit = ReplyEdit(
        (fees,),
        (("equal", "You will pay within "), ("delete", "sixty"), ("insert", "thirty"),
         ("equal", " days.")),
        comment="Our standard payment term is thirty days.",
    )  # fmt: skip
    out = tmp_path / "reply.docx"
    write_reply(out, customer, [edit], author="Counsel", date=WHEN)

    accepted, rejected = read_revisions(out)
    assert rejected == texts
    assert accepted[fees] == "You will pay within thirty days."
    assert [a for k, a in enumerate(accepted) if k != fees] == [
        t for k, t in enumerate(texts) if k != fees
    ]
    root = read_document_xml(out)
    assert revision_problems(root) == []
    insertion = next(root.iter(f"{{{W}}}ins"))
    assert insertion.get(f"{{{W}}}author") == "Counsel"
    assert _comments(out) == ["Our standard payment term is thirty days."]


def test_comment_is_anchored_on_the_clause_paragraphs(customer: Path, tmp_path: Path) -> None:
    texts = paragraph_texts(customer)
    first, last = texts.index("2. Fees"), texts.index("Late amounts bear interest.")
    edit = ReplyEdit(
        (first, first + 1, last), (("equal", "\n".join(texts[first : last + 1])),), "Accepted."
    )
    out = tmp_path / "reply.docx"
    write_reply(out, customer, [edit], author="Counsel", date=WHEN)
    paragraphs = list(read_document_xml(out).iter(f"{{{W}}}p"))
    starts = [
        k for k, p in enumerate(paragraphs) if p.find(f"{{{W}}}commentRangeStart") is not None
    ]
    ends = [k for k, p in enumerate(paragraphs) if p.find(f"{{{W}}}commentRangeEnd") is not None]
    assert starts == [first] and ends == [last]
    assert next(paragraphs[last].iter(f"{{{W}}}commentReference")) is not None
    accepted, rejected = read_revisions(out)
    assert accepted == rejected == texts


def test_deleting_a_clause_removes_its_paragraphs_when_accepted(
    customer: Path, tmp_path: Path
) -> None:
    texts = paragraph_texts(customer)
    first = texts.index("2. Fees")
    old = "\n".join(texts[first : first + 3])
    out = tmp_path / "reply.docx"
    write_reply(
        out, customer, [ReplyEdit((first, first + 1, first + 2), (("delete", old),))],
        author="Counsel", date=WHEN,
    )  # fmt: skip
    accepted, rejected = read_revisions(out)
    assert rejected == texts
    assert accepted == texts[:first] + texts[first + 3 :]


def test_inserted_paragraph_break_makes_a_new_paragraph(customer: Path, tmp_path: Path) -> None:
    texts = paragraph_texts(customer)
    law = texts.index("This Agreement is governed by the laws of Ireland.")
    edit = ReplyEdit(
        (law,),
        (("equal", "This Agreement is governed by the laws of "), ("delete", "Ireland."),
         ("insert", "England.\nThe courts of London decide disputes.")),
    )  # fmt: skip
    out = tmp_path / "reply.docx"
    write_reply(out, customer, [edit], author="Counsel", date=WHEN)
    accepted, rejected = read_revisions(out)
    assert rejected == texts
    assert accepted[law : law + 2] == [
        "This Agreement is governed by the laws of England.",
        "The courts of London decide disputes.",
    ]


def test_restoring_a_deleted_clause_inserts_tracked_paragraphs_after_the_one_before(
    customer: Path, tmp_path: Path
) -> None:
    texts = paragraph_texts(customer)
    after = texts.index("Late amounts bear interest.")
    edit = ReplyEdit((), (("insert", "2A. Audit\nWe may audit your use."),), "Restored.", after)
    out = tmp_path / "reply.docx"
    write_reply(out, customer, [edit], author="Counsel", date=WHEN)
    accepted, rejected = read_revisions(out)
    assert rejected == texts
    assert accepted == [
        *texts[: after + 1],
        "2A. Audit",
        "We may audit your use.",
        *texts[after + 1 :],
    ]
    assert _comments(out) == ["Restored."]


def test_kept_text_keeps_the_customers_formatting(customer: Path, tmp_path: Path) -> None:
    texts = paragraph_texts(customer)
    heading = texts.index("1. Use of Output")
    edit = ReplyEdit(
        (heading,), (("equal", "1. Use of "), ("delete", "Output"), ("insert", "Data"))
    )
    out = tmp_path / "reply.docx"
    write_reply(out, customer, [edit], author="Counsel", date=WHEN)
    paragraph = list(read_document_xml(out).iter(f"{{{W}}}p"))[heading]
    runs = list(paragraph.iter(f"{{{W}}}r"))
    assert runs and all(r.find(f"{{{W}}}rPr/{{{W}}}b") is not None for r in runs)


def test_plain_document_gives_one_paragraph_per_line(tmp_path: Path) -> None:
    path = tmp_path / "plain.docx"
    path.write_bytes(plain_document(["1. Fees", "Pay in thirty days."]))
    assert paragraph_texts(path) == ["1. Fees", "Pay in thirty days."]


def test_accepted_deletion_puts_its_comment_on_the_paragraph_before(
    customer: Path, tmp_path: Path
) -> None:
    texts = paragraph_texts(customer)
    after = texts.index("Late amounts bear interest.")
    out = tmp_path / "reply.docx"
    edit = ReplyEdit((), (), "We accept the deletion of the audit clause.", after)
    write_reply(out, customer, [edit], author="Counsel", date=WHEN)
    paragraphs = list(read_document_xml(out).iter(f"{{{W}}}p"))
    assert paragraphs[after].find(f"{{{W}}}commentRangeStart") is not None
    assert _comments(out) == ["We accept the deletion of the audit clause."]
    assert read_revisions(out) == (texts, texts)


def _edits(texts: list[str], comment: str) -> list[ReplyEdit]:
    fees = texts.index("2. Fees")
    law = texts.index("This Agreement is governed by the laws of Ireland.")
    return [
        ReplyEdit(
            (fees, fees + 1, fees + 2),
            (("equal", "2. Fees\nYou will pay within "), ("delete", "sixty"),
             ("insert", "thirty"), ("equal", " days."),
             ("delete", "\nLate amounts bear interest.")),
            comment,
        ),
        ReplyEdit(
            (law,),
            (("equal", "This Agreement is governed by the laws of "), ("delete", "Ireland."),
             ("insert", "England.\nThe courts of London decide disputes.")),
            comment,
        ),
    ]  # fmt: skip


def test_libreoffice_accepts_and_rejects_the_reply_like_our_reader(
    customer: Path, tmp_path: Path
) -> None:
    # Without comments: this LibreOffice's hidden (UNO) load aborts on any comment, even one
    # python-docx writes itself; the comments are checked by the conversion test below.
    texts = paragraph_texts(customer)
    out = tmp_path / "reply.docx"
    write_reply(out, customer, _edits(texts, ""), author="Counsel", date=WHEN)
    accepted, rejected = read_revisions(out)
    assert rejected == texts and texts[-2:] == ["Signed", ""]
    # The script lists the body's own paragraphs; the closing table's two cells are not among
    # them.
    (views,) = libreoffice_views([out])
    assert without_final_empty(views["accept"], accepted[:-2]) == accepted[:-2]
    assert without_final_empty(views["reject"], rejected[:-2]) == rejected[:-2]


def test_libreoffice_reads_the_comments_with_their_ranges(customer: Path, tmp_path: Path) -> None:
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    out = tmp_path / "reply.docx"
    edits = _edits(paragraph_texts(customer), "Our standard position.")
    write_reply(out, customer, edits, author="Counsel", date=WHEN)
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "odt", "--outdir", str(tmp_path), str(out)],
        capture_output=True,
        timeout=180,
        check=True,
    )
    with zipfile.ZipFile(tmp_path / "reply.odt") as package:
        content = package.read("content.xml").decode("utf-8")
    assert content.count("<office:annotation ") + content.count("<office:annotation>") == 2
    assert content.count("<office:annotation-end") == 2
    assert content.count("Our standard position.") == 2
    assert "<text:changed-region" in content
