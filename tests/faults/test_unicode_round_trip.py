"""Right-to-left, CJK, combining marks, emoji and other non-BMP text survive every trip:
library -> clause files -> library, Word export -> import, and the diff engine, with zero
changed characters."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from app.diffing.compare import compare_documents
from app.domain.document import SourceClause, SplitDocument
from app.domain.terms import Section, TermsDocument
from app.services.clause_library import ClauseLibrary
from app.services.documents_io import load_document
from app.services.drafting import Drafting
from app.storage.database import Database
from tests.conftest import FixedClock, make_meta

TEXTS = {
    "rtl": (
        "يحظر على العميل استخدام المخرجات لتطوير نماذج تنافسنا. "
        "\u200fהלקוח לא ישתמש בפלט כדי לפתח מודלים מתחרים\u200e (Section 4.2)."
    ),
    "cjk": (
        "客户不得使用输出开发与我们竞争的模型。利用者は出力を競合モデルの開発に使用してはならない。"
        "고객은 출력을 사용하여 경쟁 모델을 개발해서는 안 됩니다."
    ),
    "combining": (
        "Cafe\u0301 and re\u0301sume\u0301 stay decomposed; Tie\u0302\u0301ng Vie\u0323\u0302t; "
        "Z\u0351\u0362a\u0334l\u0315g\u0489o; q\u0307\u0323 and precomposed caf\u00e9."
    ),
    "emoji": (
        "The judge \U0001f469\u200d\u2696\ufe0f approves \U0001f44d\U0001f3fd; "
        "flags \U0001f1ea\U0001f1fa\U0001f1fa\U0001f1f8, keycap 1\ufe0f\u20e3, family "
        "\U0001f468\u200d\U0001f469\u200d\U0001f467\u200d\U0001f466."
    ),
    "astral": (
        "\U0001d401\U0001d428\U0001d425\U0001d41d mathematics \U0001d509\U0001d52f\U0001d51e, "
        "CJK extension B \U00020000\U00020001\U0002a6d6, hieroglyph \U00013000, card \U0001f0a1."
    ),
}


def _unicode_library(database: Database) -> ClauseLibrary:
    library = ClauseLibrary(
        database, user="صاحب 作者 \U0001f469\u200d\u2696\ufe0f", clock=FixedClock()
    )
    for kind, text in TEXTS.items():
        meta = make_meta(f"{kind}: {text[:12]}", notes=f"notes {text[-10:]}")
        library.create(meta, text, key=f"unicode-{kind}", reason=f"First {text[:5]}")
        library.revise(f"unicode-{kind}", f"{text}\n\n{text[::-1]}", f"Second {text[-5:]}")
    return library


def _folder_bytes(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*.md"))}


def test_clause_files_round_trip_byte_for_byte(tmp_path: Path) -> None:
    first_db = Database.open(f"sqlite:///{tmp_path / 'first.db'}")
    second_db = Database.open(f"sqlite:///{tmp_path / 'second.db'}")
    try:
        first = _unicode_library(first_db)
        first.export_folder(tmp_path / "one")
        second = ClauseLibrary(second_db, user="other", clock=FixedClock())
        second.import_folder(tmp_path / "one")
        second.export_folder(tmp_path / "two")
        assert _folder_bytes(tmp_path / "one") == _folder_bytes(tmp_path / "two")
        for kind, text in TEXTS.items():
            clause = second.get(f"unicode-{kind}")
            assert clause.body == f"{text}\n\n{text[::-1]}"
            assert [v.body for v in second.history(f"unicode-{kind}")] == [
                v.body for v in first.history(f"unicode-{kind}")
            ]
            assert clause.meta == first.get(f"unicode-{kind}").meta
    finally:
        first_db.dispose()
        second_db.dispose()


@pytest.fixture
def unicode_drafting(database: Database) -> Drafting:
    _unicode_library(database)
    drafting = Drafting(database, user="alice", clock=FixedClock())
    outline = tuple(Section(clause=f"unicode-{kind}") for kind in TEXTS)
    drafting.save(TermsDocument("unicode-terms", "Unicode Terms 条款 \U0001f4dc", outline=outline))
    return drafting


def test_word_export_and_import_keep_every_character(
    unicode_drafting: Drafting, tmp_path: Path
) -> None:
    path = tmp_path / "unicode.docx"
    unicode_drafting.export_docx("unicode-terms", path)
    imported = load_document(path)  # the app's path: the isolated worker
    texts = [clause.text for clause in imported.clauses]
    for kind, text in TEXTS.items():
        paragraphs = [text, text[::-1]]
        assert any(all(p in t for p in paragraphs) for t in texts), f"{kind} changed: {texts}"
    source = SplitDocument(
        "library",
        tuple(
            SourceClause(i, None, None, f"{text}\n\n{text[::-1]}")
            for i, text in enumerate(TEXTS.values())
        ),
    )
    bodies = SplitDocument(
        "word",
        tuple(
            SourceClause(i, None, None, t)
            for i, t in enumerate(t for t in texts if any(k in t for k in TEXTS.values()))
        ),
    )
    comparison = compare_documents(source, bodies)
    assert comparison.summary.words_inserted == comparison.summary.words_deleted == 0
    assert comparison.summary.added == comparison.summary.removed == 0
    for clause in comparison.clauses:  # Word keeps paragraphs apart its own way; nothing else
        assert all(op == "equal" or not text.strip() for op, text in clause.changes), clause


@pytest.mark.parametrize("kind", list(TEXTS))
def test_the_diff_marks_exactly_the_changed_characters(kind: str) -> None:
    text = TEXTS[kind]
    changed = text.replace(text[8], "\U0001f600", 1)
    old = SplitDocument("old", (SourceClause(0, None, None, text),))
    new = SplitDocument("new", (SourceClause(0, None, None, changed),))
    (clause,) = compare_documents(old, new).clauses
    pieces = clause.changes
    assert "".join(text for op, text in pieces if op != "insert") == text
    assert "".join(text for op, text in pieces if op != "delete") == changed
    same = compare_documents(old, old).clauses[0]
    assert same.status == "unchanged"
    assert "".join(text for _op, text in same.changes) == text


def test_normalisation_forms_are_not_silently_merged() -> None:
    """NFC and NFD spell the same word differently; the diff must not hide or invent changes."""
    nfd = TEXTS["combining"]
    nfc = unicodedata.normalize("NFC", nfd)
    assert nfc != nfd
    old = SplitDocument("old", (SourceClause(0, None, None, nfd),))
    new = SplitDocument("new", (SourceClause(0, None, None, nfc),))
    (clause,) = compare_documents(old, new).clauses
    assert "".join(text for op, text in clause.changes if op != "insert") == nfd
    assert "".join(text for op, text in clause.changes if op != "delete") == nfc
