"""Drafting against a real SQLite library loaded from the shipped folder: assembling the sample,
versions, where a clause is used, import and export of documents, Word export."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from docx import Document

from app.domain.errors import ConflictError, InvalidInputError
from app.domain.terms import AssemblyError, Section
from app.resources import shipped_library_dir
from app.services.clause_library import SHIPPED_DOCUMENTS_SETTING, ClauseLibrary
from app.services.drafting import Drafting
from app.storage.database import set_setting
from tests.conftest import FixedClock

SAMPLE = "terms-of-service-ai-api"
COMPETITOR = "competitor-training-preferred"


@pytest.fixture
def loaded(library: ClauseLibrary) -> ClauseLibrary:
    library.import_folder(shipped_library_dir())
    return library


@pytest.fixture
def drafting(loaded: ClauseLibrary) -> Drafting:
    return Drafting(loaded.database, user="alice", clock=FixedClock())


def test_library_import_brings_the_sample_document(loaded: ClauseLibrary) -> None:
    again = loaded.import_folder(shipped_library_dir())
    assert again.documents.unchanged == [SAMPLE]
    assert not again.changed


def test_sample_assembles_with_defaults_into_a_real_document(drafting: Drafting) -> None:
    assembled = drafting.assemble(SAMPLE)
    assert assembled.word_count() >= 3000
    assert COMPETITOR in [c.clause_key for c in assembled.clauses]
    assert "{{" not in assembled.text
    assert [s.name for s in drafting.list_documents()] == [SAMPLE]


def test_condition_leaves_out_the_competitor_clause(drafting: Drafting) -> None:
    assembled = drafting.assemble(SAMPLE, {"offers_model_api": "no"})
    assert COMPETITOR not in [c.clause_key for c in assembled.clauses]


def test_saved_version_is_frozen_and_compared_with_the_draft(
    drafting: Drafting, loaded: ClauseLibrary
) -> None:
    saved = drafting.save_version(SAMPLE, "Sent to customer")
    assert (saved.number, saved.label, saved.author) == (1, "Sent to customer", "alice")
    clause = loaded.get("governing-law-preferred")
    loaded.revise(clause.key, clause.body + "\n\nA new sentence.", "Tighten")
    frozen = drafting.version(SAMPLE, 1).assembled
    assert "A new sentence." not in frozen.text
    assert "A new sentence." in drafting.assemble(SAMPLE).text
    comparison = drafting.compare(SAMPLE, 1, None)
    [changed] = [c for c in comparison.clauses if c.status != "unchanged"]
    assert (changed.status, changed.heading) == ("modified", "Governing Law")
    assert "A new sentence." in "".join(text for op, text in changed.changes if op == "insert")
    assert [s.versions for s in drafting.list_documents()] == [1]


def test_a_version_needs_a_label_and_a_problem_free_document(drafting: Drafting) -> None:
    with pytest.raises(InvalidInputError, match="label"):
        drafting.save_version(SAMPLE, " ")
    with pytest.raises(AssemblyError, match="renewal_notice_days"):
        drafting.save_version(SAMPLE, "Bad", {"renewal_notice_days": "soon"})
    assert drafting.versions(SAMPLE) == []


def test_where_used_says_which_documents_follow_a_clause(drafting: Drafting) -> None:
    [use] = drafting.where_used(COMPETITOR)
    assert (use.name, use.follows) == (SAMPLE, True)
    assert drafting.where_used("non-compete") == []
    document = drafting.get(SAMPLE)
    pinned = replace(document, outline=_pin(document.outline, COMPETITOR, 1))
    drafting.save(pinned, expected_lock=document.lock_version)
    assert drafting.where_used(COMPETITOR)[0].pinned_version == 1
    assert drafting.changed_by_revision(COMPETITOR) == []


def _pin(items: tuple[Section, ...], key: str, version: int) -> tuple[Section, ...]:
    return tuple(
        replace(
            i, version=version if i.clause == key else i.version, items=_pin(i.items, key, version)
        )
        for i in items
    )


def test_stale_save_is_refused(drafting: Drafting) -> None:
    opened = drafting.get(SAMPLE)
    drafting.save(replace(opened, title="Bob's title"), expected_lock=opened.lock_version)
    with pytest.raises(ConflictError):
        drafting.save(replace(opened, title="Alice's title"), expected_lock=opened.lock_version)
    assert drafting.get(SAMPLE).title == "Bob's title"


def test_save_refuses_unknown_clauses(drafting: Drafting) -> None:
    document = drafting.get(SAMPLE)
    broken = replace(document, outline=(*document.outline, Section(clause="no-such-clause")))
    with pytest.raises(InvalidInputError, match="no-such-clause"):
        drafting.save(broken)


def test_export_writes_a_word_file_and_refuses_while_problems_remain(
    drafting: Drafting, tmp_path: Path
) -> None:
    path = tmp_path / "terms.docx"
    drafting.export_docx(SAMPLE, path, label="Draft 1")
    assert Document(str(path)).paragraphs[0].text == "Terms of Service — AI API"
    with pytest.raises(AssemblyError):
        drafting.export_docx(SAMPLE, tmp_path / "bad.docx", {"effective_date": "soon"})
    assert not (tmp_path / "bad.docx").exists()


def test_export_folder_writes_documents_byte_identical_to_the_shipped_file(
    loaded: ClauseLibrary, tmp_path: Path
) -> None:
    loaded.export_folder(tmp_path / "out")
    written = tmp_path / "out" / "documents" / f"{SAMPLE}.yaml"
    shipped = shipped_library_dir() / "documents" / f"{SAMPLE}.yaml"
    assert written.read_bytes() == shipped.read_bytes()


def test_import_is_all_or_nothing_when_a_document_names_a_missing_clause(
    library: ClauseLibrary, tmp_path: Path
) -> None:
    folder = tmp_path / "lib"
    shutil.copytree(shipped_library_dir(), folder)
    (folder / "governing-law-preferred.md").unlink()
    with pytest.raises(InvalidInputError, match="governing-law-preferred"):
        library.import_folder(folder)
    assert library.count() == 0


def test_export_of_a_saved_version_uses_its_frozen_text_and_label(
    drafting: Drafting, loaded: ClauseLibrary, tmp_path: Path
) -> None:
    drafting.save_version(SAMPLE, "Signed 2026-03-01", {"company_name": "Nimbus Labs"})
    clause = loaded.get("severability")
    loaded.revise(clause.key, clause.body + " Later wording.", "Later")
    path = tmp_path / "signed.docx"
    drafting.export_docx(SAMPLE, path, version=1)
    word = Document(str(path))
    text = "\n".join(p.text for p in word.paragraphs)
    assert "Nimbus Labs" in text and "Later wording." not in text
    assert word.sections[0].header.paragraphs[0].text.endswith("Signed 2026-03-01")
    with pytest.raises(InvalidInputError, match="keeps the values"):
        drafting.export_docx(SAMPLE, path, {"company_name": "X"}, version=1)


def test_a_library_loaded_before_documents_existed_gets_the_sample_once(
    library: ClauseLibrary, tmp_path: Path
) -> None:
    clauses_only = tmp_path / "lib"
    shutil.copytree(shipped_library_dir(), clauses_only)
    shutil.rmtree(clauses_only / "documents")
    assert library.load_shipped_library(clauses_only) is not None
    drafting = Drafting(library.database)
    # as an older version of the application left it: no record of loading shipped documents
    with library.database.write() as session:
        set_setting(session, SHIPPED_DOCUMENTS_SETTING, "")
    assert drafting.list_documents() == []
    assert library.load_shipped_library(shipped_library_dir()) is None
    assert [d.name for d in drafting.list_documents()] == [SAMPLE]
