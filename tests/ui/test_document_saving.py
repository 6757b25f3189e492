"""Saving a terms document on a team server: dropped connections retried, the edit kept,
nothing stored twice, and someone else's newer save met with Overwrite / Discard / Cancel.

The drops are real: the PostgreSQL backend serving the save is terminated with
pg_terminate_backend while the document is being written.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import event

from app.domain.errors import ConflictError, ConnectionLostError
from app.domain.terms import DocumentVersion, Section, TermsDocument
from app.services.clause_library import ClauseLibrary
from app.services.drafting import Drafting
from app.services.paths import AppPaths
from app.storage.database import Database
from app.ui.conflict_dialog import ConflictChoice
from app.ui.dialogs import ConnectionLostDialog
from app.ui.document_saving import (
    DocumentConflictDialog,
    DocumentSave,
    run_document_save,
    run_version_save,
)
from app.ui.document_tab import DocumentTab, VersionLabelDialog
from app.ui.main_window import MainWindow
from tests.conftest import make_meta
from tests.pg_server import BACKENDS, fresh_database_url, postgres_server
from tests.ui.conftest import make_window

NAME = "standard-terms"
KEYS = ("governing-law", "liability-cap", "confidentiality")
NO_WAIT = (0.0, 0.0)


def _fill(library: ClauseLibrary) -> Drafting:
    for key in KEYS:
        title = key.replace("-", " ").title()
        library.create(make_meta(title=title), f"The {title} clause applies.", key=key)
    drafting = Drafting(library.database, user=library.user)
    outline = tuple(Section(clause=key) for key in KEYS)
    drafting.save(TermsDocument(name=NAME, title="Standard Terms", outline=outline))
    return drafting


@pytest.fixture
def pg_library(tmp_path: Path) -> Iterator[ClauseLibrary]:
    for url in fresh_database_url("postgresql", tmp_path):
        library = ClauseLibrary(Database.open(url), user="alice")
        _fill(library)
        yield library
        library.database.dispose()


@pytest.fixture
def pg_window(
    qtbot: QtBot,
    pg_library: ClauseLibrary,
    app_paths: AppPaths,
    settings_file: Path,
    answers: dict[str, object],
) -> Iterator[MainWindow]:
    window = make_window(qtbot, pg_library, app_paths, settings_file)
    yield window
    window.close()
    window.runner.shutdown()


class ServerDrops:
    """Terminates the connection of a statement starting with ``prefix``, ``times`` times."""

    def __init__(self, database: Database, prefix: str, times: int) -> None:
        self.prefix, self.times, self.dropped = prefix, times, 0
        self._engine = database.engine
        event.listen(self._engine, "before_cursor_execute", self._on_execute)

    def _on_execute(self, conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if statement.startswith(self.prefix) and self.dropped < self.times:
            self.dropped += 1
            pid = conn.connection.dbapi_connection.info.backend_pid
            postgres_server().admin(f"SELECT pg_terminate_backend({pid})")

    def stop(self) -> None:
        event.remove(self._engine, "before_cursor_execute", self._on_execute)


def _open(qtbot: QtBot, window: MainWindow) -> DocumentTab:
    with qtbot.waitSignal(window.document_opened, timeout=10_000) as opened:
        window.open_document(NAME)
    tab = opened.args[0]
    assert isinstance(tab, DocumentTab)
    tab.retry_delays = (0.05, 0.05)
    window.runner.wait_until_idle()
    return tab


def _remove_first(tab: DocumentTab) -> tuple[Section, ...]:
    """The user's edit: the first clause taken out. Returns the outline it leaves."""
    tab.model.remove(0)
    return tab.definition().outline


# -- the working draft ---------------------------------------------------------------------


@pytest.mark.postgres
def test_a_document_save_whose_connection_drops_is_retried_and_succeeds(
    qtbot: QtBot, pg_window: MainWindow, pg_library: ClauseLibrary, answers: dict[str, object]
) -> None:
    tab = _open(qtbot, pg_window)
    mine = _remove_first(tab)
    messages: list[str] = []
    pg_window.statusBar().messageChanged.connect(messages.append)
    drops = ServerDrops(pg_library.database, "UPDATE terms_document ", times=2)
    try:
        with qtbot.waitSignal(tab.document_saved, timeout=15_000):
            pg_window.commands.save.trigger()
        pg_window.runner.wait_until_idle()
    finally:
        drops.stop()

    assert drops.dropped == 2
    retrying = [m for m in messages if "retrying" in m]
    assert retrying[0] == (
        "Connection lost while saving “Standard Terms”, retrying… (attempt 2 of 3)"
    )
    assert "connection_lost" not in answers  # never asked: the third attempt went through
    stored = Drafting(pg_library.database).get(NAME)
    assert stored.outline == mine and stored.lock_version == 2  # saved once
    assert not tab.is_modified()


@pytest.mark.postgres
def test_when_the_server_stays_away_the_document_edit_is_kept_and_retry_saves_it(
    qtbot: QtBot,
    pg_window: MainWindow,
    pg_library: ClauseLibrary,
    answers: dict[str, object],
    tmp_path: Path,
) -> None:
    tab = _open(qtbot, pg_window)
    mine = _remove_first(tab)
    drops = ServerDrops(pg_library.database, "UPDATE terms_document ", times=3)
    pg_window.commands.save.trigger()
    pg_window.runner.wait_until_idle()
    drops.stop()

    lost = answers["connection_lost"]
    assert isinstance(lost, list) and len(lost) == 1 and "your edit is kept" in lost[0]
    assert tab.is_modified() and tab.definition().outline == mine
    assert len(Drafting(pg_library.database).get(NAME).outline) == len(KEYS)  # unchanged
    assert pg_window.statusBar().currentMessage() == (
        "“Standard Terms” not saved: the connection to the team library was lost"
    )
    pg_window.grab().save(str(tmp_path / "document-kept.png"))

    answers["retry"] = [True]  # three more drops, then the server is back: Retry saves
    drops = ServerDrops(pg_library.database, "UPDATE terms_document ", times=3)
    with qtbot.waitSignal(tab.document_saved, timeout=15_000):
        pg_window.commands.save.trigger()
    pg_window.runner.wait_until_idle()
    drops.stop()
    assert len(lost) == 2 and drops.dropped == 3
    assert Drafting(pg_library.database).get(NAME).outline == mine
    assert not tab.is_modified()


@pytest.mark.postgres
def test_a_version_save_whose_connection_drops_is_retried_and_stored_once(
    qtbot: QtBot,
    pg_window: MainWindow,
    pg_library: ClauseLibrary,
    answers: dict[str, object],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    tab = _open(qtbot, pg_window)
    monkeypatch.setattr(VersionLabelDialog, "ask", staticmethod(lambda _p: "Sent to customer"))
    messages: list[str] = []
    pg_window.statusBar().messageChanged.connect(messages.append)
    drops = ServerDrops(pg_library.database, "INSERT INTO terms_document_version", times=2)
    try:
        tab.version_action.trigger()
        pg_window.runner.wait_until_idle()
        pg_window.runner.wait_until_idle()  # the versions list reloads after the save
    finally:
        drops.stop()

    assert drops.dropped == 2 and "connection_lost" not in answers
    assert any("Standard Terms, version Sent to customer" in m for m in messages)
    versions = Drafting(pg_library.database).versions(NAME)
    assert [v.label for v in versions] == ["Sent to customer"]
    assert tab.versions_list.count() == 1


@pytest.mark.postgres
def test_when_the_server_stays_away_retry_saves_the_version_once(
    qtbot: QtBot,
    pg_window: MainWindow,
    pg_library: ClauseLibrary,
    answers: dict[str, object],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    tab = _open(qtbot, pg_window)
    monkeypatch.setattr(VersionLabelDialog, "ask", staticmethod(lambda _p: "Sent to customer"))
    answers["retry"] = [True]  # asked after three drops; the retry meets two more, then saves
    drops = ServerDrops(pg_library.database, "INSERT INTO terms_document_version", times=5)
    try:
        tab.version_action.trigger()
        for _round in range(3):  # the save, the retried save, the versions list
            pg_window.runner.wait_until_idle()
    finally:
        drops.stop()

    lost = answers["connection_lost"]
    assert isinstance(lost, list) and len(lost) == 1 and drops.dropped == 5
    versions = Drafting(pg_library.database).versions(NAME)
    assert [v.label for v in versions] == ["Sent to customer"]


# -- a commit that reached the server before the drop ----------------------------------------


class CommitThenDrop(Drafting):
    """Drafting whose next save reaches the database but whose answer is lost on the way."""

    drop_next = False

    def _dropped(self) -> None:
        if self.drop_next:
            self.drop_next = False
            raise ConnectionLostError("the connection was lost while saving")

    def save(self, document: TermsDocument, *, expected_lock: int | None = None) -> TermsDocument:
        saved = super().save(document, expected_lock=expected_lock)
        self._dropped()
        return saved

    def create(self, document: TermsDocument) -> TermsDocument:
        saved = super().create(document)
        self._dropped()
        return saved

    def save_version(
        self, name: str, label: str, values: Mapping[str, object] | None = None
    ) -> DocumentVersion:
        saved = super().save_version(name, label, values)
        self._dropped()
        return saved


@pytest.fixture(params=BACKENDS)
def committing(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[CommitThenDrop]:
    for url in fresh_database_url(request.param, tmp_path):
        library = ClauseLibrary(Database.open(url), user="alice")
        _fill(library)
        yield CommitThenDrop(library.database, user="alice")
        library.database.dispose()


def test_a_retried_document_save_that_had_reached_the_server_counts_as_saved(
    committing: CommitThenDrop,
) -> None:
    opened = committing.get(NAME)
    mine = replace(opened, outline=opened.outline[1:])
    committing.drop_next = True

    saved = run_document_save(
        committing, DocumentSave(mine, opened.lock_version, False, 0), delays=NO_WAIT
    )

    assert saved.outline == mine.outline
    assert committing.get(NAME).lock_version == opened.lock_version + 1  # written once


def test_a_retried_new_document_that_had_reached_the_server_is_no_conflict(
    committing: CommitThenDrop,
) -> None:
    new = TermsDocument(name="data-terms", title="Data Terms", outline=(Section(clause=KEYS[0]),))
    committing.drop_next = True

    saved = run_document_save(committing, DocumentSave(new, None, True, 0), delays=NO_WAIT)

    assert saved.name == "data-terms" and saved.lock_version == 1
    assert [d.name for d in committing.list_documents()].count("data-terms") == 1


def test_a_retried_version_save_that_had_reached_the_server_is_not_stored_twice(
    committing: CommitThenDrop,
) -> None:
    committing.save_version(NAME, "Draft for review")  # an earlier version
    committing.drop_next = True

    saved = run_version_save(committing, NAME, "Sent to customer", {}, delays=NO_WAIT)

    assert saved.number == 2 and saved.label == "Sent to customer"
    assert [v.label for v in committing.versions(NAME)] == ["Draft for review", "Sent to customer"]


def test_a_second_version_with_the_same_label_is_still_saved(
    committing: CommitThenDrop,
) -> None:
    run_version_save(committing, NAME, "Sent to customer", {}, delays=NO_WAIT)
    run_version_save(committing, NAME, "Sent to customer", {}, delays=NO_WAIT)
    assert [v.number for v in committing.versions(NAME)] == [1, 2]


def test_a_new_document_never_overwrites_one_of_the_same_name(
    committing: CommitThenDrop,
) -> None:
    clash = TermsDocument(name=NAME, title="My Terms", outline=(Section(clause=KEYS[2]),))
    with pytest.raises(ConflictError) as refused:
        run_document_save(committing, DocumentSave(clash, None, True, 0), delays=NO_WAIT)
    theirs = refused.value.theirs
    assert isinstance(theirs, TermsDocument) and theirs.title == "Standard Terms"
    assert committing.get(NAME).title == "Standard Terms"


# -- someone else saved first ------------------------------------------------------------------


@pytest.fixture
def sqlite_window(
    qtbot: QtBot,
    library: ClauseLibrary,
    app_paths: AppPaths,
    settings_file: Path,
    answers: dict[str, object],
) -> Iterator[MainWindow]:
    _fill(library)
    window = make_window(qtbot, library, app_paths, settings_file)
    yield window
    window.close()
    window.runner.shutdown()


def _their_save(library: ClauseLibrary) -> TermsDocument:
    """Bob saves the document with the last clause taken out, while Alice edits."""
    bob = Drafting(library.database, user="bob")
    opened = bob.get(NAME)
    return bob.save(replace(opened, outline=opened.outline[:-1]), expected_lock=opened.lock_version)


def _save_into_conflict(
    window: MainWindow, library: ClauseLibrary, answers: dict[str, object], choice: ConflictChoice
) -> TermsDocument:
    answers["document_conflict"] = choice
    theirs = _their_save(library)
    window.commands.save.trigger()
    window.runner.wait_until_idle()
    window.runner.wait_until_idle()  # an overwrite saves again
    asked = answers["document_conflicts"]
    assert isinstance(asked, list) and asked[0][0].outline == theirs.outline
    return theirs


def test_overwrite_saves_my_outline_over_theirs(
    qtbot: QtBot, sqlite_window: MainWindow, library: ClauseLibrary, answers: dict[str, object]
) -> None:
    tab = _open(qtbot, sqlite_window)
    mine = _remove_first(tab)
    theirs = _save_into_conflict(sqlite_window, library, answers, ConflictChoice.OVERWRITE)
    stored = Drafting(library.database).get(NAME)
    assert stored.outline == mine and stored.lock_version == theirs.lock_version + 1
    assert not tab.is_modified()


def test_discard_shows_theirs_and_undo_brings_my_outline_back(
    qtbot: QtBot, sqlite_window: MainWindow, library: ClauseLibrary, answers: dict[str, object]
) -> None:
    tab = _open(qtbot, sqlite_window)
    mine = _remove_first(tab)
    theirs = _save_into_conflict(sqlite_window, library, answers, ConflictChoice.DISCARD)
    assert tab.definition().outline == theirs.outline and not tab.is_modified()
    assert Drafting(library.database).get(NAME) == theirs  # nothing written by the discard
    sqlite_window.commands.undo.trigger()
    assert tab.definition().outline == mine and tab.is_modified()
    # Saving the edit brought back is checked against their version, the one now shown.
    answers["document_conflicts"] = []
    with qtbot.waitSignal(tab.document_saved, timeout=10_000):
        sqlite_window.commands.save.trigger()
    assert answers["document_conflicts"] == []
    assert Drafting(library.database).get(NAME).outline == mine


def test_cancel_keeps_my_edit_and_the_next_save_meets_the_conflict_again(
    qtbot: QtBot, sqlite_window: MainWindow, library: ClauseLibrary, answers: dict[str, object]
) -> None:
    tab = _open(qtbot, sqlite_window)
    mine = _remove_first(tab)
    theirs = _save_into_conflict(sqlite_window, library, answers, ConflictChoice.CANCEL)
    assert tab.definition().outline == mine and tab.is_modified()
    assert Drafting(library.database).get(NAME) == theirs
    sqlite_window.commands.save.trigger()
    sqlite_window.runner.wait_until_idle()
    conflicts = answers["document_conflicts"]
    assert isinstance(conflicts, list) and len(conflicts) == 2  # the lock was not refreshed


def test_someone_saving_exactly_my_outline_is_no_conflict(
    qtbot: QtBot, sqlite_window: MainWindow, library: ClauseLibrary, answers: dict[str, object]
) -> None:
    tab = _open(qtbot, sqlite_window)
    mine = _remove_first(tab)
    bob = Drafting(library.database, user="bob")
    opened = bob.get(NAME)
    bob.save(replace(opened, outline=mine), expected_lock=opened.lock_version)
    with qtbot.waitSignal(tab.document_saved, timeout=10_000):
        sqlite_window.commands.save.trigger()
    assert "document_conflicts" not in answers and not tab.is_modified()


# -- what the user sees ------------------------------------------------------------------------


def test_the_conflict_view_shows_both_outlines_and_a_redline(
    qtbot: QtBot, library: ClauseLibrary, tmp_path: Path
) -> None:
    drafting = _fill(library)
    opened = drafting.get(NAME)
    theirs = _their_save(library)
    mine = replace(opened, outline=opened.outline[1:])
    titles = {key: key.replace("-", " ").title() for key in KEYS}
    dialog = DocumentConflictDialog(None, theirs, mine, titles=titles)
    qtbot.addWidget(dialog)
    dialog.show()
    assert "was saved by someone else" in dialog.summary.text()
    assert "nothing was overwritten" in dialog.summary.text().lower()
    assert dialog.their_text.toPlainText() == "Governing Law\nLiability Cap"
    assert dialog.your_text.toPlainText() == "Liability Cap\nConfidentiality"
    assert "1 word inserted, 2 words deleted" in dialog.redline_caption.text()
    dialog.discard_button.click()
    assert dialog.choice is ConflictChoice.DISCARD
    dialog.grab().save(str(tmp_path / "document-conflict.png"))


def test_the_connection_lost_message_names_the_document_and_offers_retry(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[QMessageBox] = []

    def capture(box: QMessageBox) -> QMessageBox.StandardButton:
        shown.append(box)
        box.show()
        box.grab().save(str(tmp_path / "connection-lost.png"))
        return QMessageBox.StandardButton.Retry

    monkeypatch.setattr(QMessageBox, "exec", capture)
    assert ConnectionLostDialog.ask(None, "Standard Terms", "server gone")
    assert "“Standard Terms” could not be saved" in shown[0].text()
    assert "your edit is kept" in shown[0].informativeText().lower()


class ServerGone(Drafting):
    """Every save meets a dropped connection."""

    def save(self, document: TermsDocument, *, expected_lock: int | None = None) -> TermsDocument:
        raise ConnectionLostError("the connection was lost while saving")


def test_a_document_closed_while_its_save_is_retried_is_left_alone(
    qtbot: QtBot, sqlite_window: MainWindow, library: ClauseLibrary, answers: dict[str, object]
) -> None:
    tab = _open(qtbot, sqlite_window)
    _remove_first(tab)
    tab._drafting = ServerGone(library.database, user="alice")
    tab.retry_delays = (0.2, 0.2)
    sqlite_window.commands.save.trigger()
    assert sqlite_window.close_page(tab)  # Discard: the tab goes while the worker retries
    qtbot.waitUntil(lambda: tab not in sqlite_window.workspace.pages())
    qtbot.wait(50)  # the deferred delete happens

    assert sqlite_window.runner.wait_until_idle()
    assert "connection_lost" not in answers  # no message box for a tab that is gone
    assert len(Drafting(library.database).get(NAME).outline) == len(KEYS)
