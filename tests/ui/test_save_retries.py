"""A dropped server connection during a save: retried in the background, the edit kept.

The drops are real: the PostgreSQL backend serving the save is terminated with
pg_terminate_backend while the new version is being inserted.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot
from sqlalchemy import event

from app.domain.clause import Clause, ClauseMetadata
from app.domain.errors import ConnectionLostError
from app.services.clause_library import ClauseLibrary
from app.services.paths import AppPaths
from app.storage.database import Database
from app.ui.clause_editor import ClauseEditor
from app.ui.editing import SaveRequest, run_save
from app.ui.main_window import MainWindow
from tests.conftest import make_meta
from tests.pg_server import BACKENDS, fresh_database_url, postgres_server
from tests.ui.conftest import make_window

KEY = "governing-law"
LAW = "These Terms are governed by the laws of England and Wales."
MINE = LAW.replace("England and Wales", "Ireland")


@pytest.fixture
def pg_library(tmp_path: Path) -> Iterator[ClauseLibrary]:
    for url in fresh_database_url("postgresql", tmp_path):
        library = ClauseLibrary(Database.open(url), user="alice")
        library.create(make_meta(title="Governing Law"), LAW, key=KEY)
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
    window.editing.retry_delays = (0.05, 0.05)
    yield window
    window.close()
    window.runner.shutdown()


class ServerDrops:
    """Terminates the save's connection while it inserts a version, ``times`` times."""

    def __init__(self, database: Database, times: int) -> None:
        self.times = times
        self.dropped = 0
        self._engine = database.engine
        event.listen(self._engine, "before_cursor_execute", self._on_execute)

    def _on_execute(self, conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if statement.startswith("INSERT INTO clause_version") and self.dropped < self.times:
            self.dropped += 1
            pid = conn.connection.dbapi_connection.info.backend_pid
            postgres_server().admin(f"SELECT pg_terminate_backend({pid})")

    def stop(self) -> None:
        event.remove(self._engine, "before_cursor_execute", self._on_execute)


def _edit(qtbot: QtBot, window: MainWindow) -> ClauseEditor:
    with qtbot.waitSignal(window.editor_opened, timeout=10_000):
        window.open_clause(KEY)
    window.runner.wait_until_idle()
    editor = window.workspace.current_editor()
    assert editor is not None
    editor.body_edit.selectAll()
    QTest.keyClicks(editor.body_edit, MINE)
    return editor


@pytest.mark.postgres
def test_a_save_whose_connection_drops_is_retried_and_succeeds(
    qtbot: QtBot, pg_window: MainWindow, pg_library: ClauseLibrary, answers: dict[str, object]
) -> None:
    editor = _edit(qtbot, pg_window)
    messages: list[str] = []
    pg_window.statusBar().messageChanged.connect(messages.append)
    drops = ServerDrops(pg_library.database, times=2)
    try:
        with qtbot.waitSignal(pg_window.clause_saved, timeout=15_000):
            pg_window.commands.save.trigger()
        pg_window.runner.wait_until_idle()
    finally:
        drops.stop()

    assert drops.dropped == 2
    retrying = [m for m in messages if "retrying" in m]
    assert retrying and "Connection lost" in retrying[0] and "attempt 2 of 3" in retrying[0]
    assert "connection_lost" not in answers  # never asked: the third attempt went through
    assert [v.body for v in pg_library.history(KEY)] == [LAW, MINE]
    assert not editor.is_modified()


@pytest.mark.postgres
def test_when_the_server_stays_away_the_edit_is_kept_and_retry_saves_it_later(
    qtbot: QtBot, pg_window: MainWindow, pg_library: ClauseLibrary, answers: dict[str, object]
) -> None:
    editor = _edit(qtbot, pg_window)
    drops = ServerDrops(pg_library.database, times=3)
    pg_window.commands.save.trigger()
    pg_window.runner.wait_until_idle()
    drops.stop()

    lost = answers["connection_lost"]
    assert isinstance(lost, list) and len(lost) == 1 and "your edit is kept" in lost[0]
    assert drops.dropped == 3
    assert editor.body() == MINE and editor.is_modified()
    assert [v.body for v in pg_library.history(KEY)] == [LAW]

    # Three more drops, then the server is back: Retry in the message box saves the edit.
    answers["retry"] = [True]
    drops = ServerDrops(pg_library.database, times=3)
    with qtbot.waitSignal(pg_window.clause_saved, timeout=15_000):
        pg_window.commands.save.trigger()
    pg_window.runner.wait_until_idle()
    drops.stop()
    assert len(lost) == 2 and drops.dropped == 3
    assert [v.body for v in pg_library.history(KEY)] == [LAW, MINE]
    assert not editor.is_modified()


class CommitThenDrop(ClauseLibrary):
    """A library whose first save reaches the database but whose answer is lost on the way."""

    dropped = False

    def revise(self, key: str, body: str, reason: str, **kwargs: Any) -> Clause:
        saved = super().revise(key, body, reason, **kwargs)
        if not self.dropped:
            self.dropped = True
            raise ConnectionLostError("the connection was lost while saving")
        return saved

    def create(self, meta: ClauseMetadata, body: str, **kwargs: Any) -> Clause:
        saved = super().create(meta, body, **kwargs)
        if not self.dropped:
            self.dropped = True
            raise ConnectionLostError("the connection was lost while saving")
        return saved


@pytest.fixture(params=BACKENDS)
def committing(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[CommitThenDrop]:
    for url in fresh_database_url(request.param, tmp_path):
        library = CommitThenDrop(Database.open(url), user="alice")
        library.dropped = True  # the setup's own save goes through
        library.create(make_meta(title="Governing Law"), LAW, key=KEY)
        library.dropped = False
        yield library
        library.database.dispose()


def test_a_retried_save_that_had_reached_the_server_counts_as_saved(
    committing: CommitThenDrop,
) -> None:
    opened = committing.get(KEY)
    request = SaveRequest(KEY, opened.lock_version, opened.meta, MINE, "Move", opened)

    outcome = run_save(committing, request, delays=(0.0, 0.0))

    assert isinstance(outcome, Clause) and outcome.body == MINE
    assert [v.body for v in committing.history(KEY)] == [LAW, MINE]


def test_a_retried_new_clause_that_had_reached_the_server_is_not_created_twice(
    committing: CommitThenDrop,
) -> None:
    meta = make_meta(title="Data Residency")
    request = SaveRequest(None, None, meta, "Data stays in the EU.", "Created", None)

    outcome = run_save(committing, request, delays=(0.0, 0.0))

    assert isinstance(outcome, Clause) and outcome.body == "Data stays in the EU."
    titles = [c.title for c in committing.list_clauses(include_retired=True)]
    assert titles.count("Data Residency") == 1
