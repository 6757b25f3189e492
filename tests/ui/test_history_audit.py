"""The audit trail in the inspector's history: who changed the wording or the details, and when."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from app.domain.audit import ClauseChange
from app.domain.clause import ClauseVersion, Status
from app.services.clause_library import ClauseLibrary
from app.services.paths import AppPaths
from app.storage.database import Database
from app.ui.history_model import DETAILS_MARK, VersionHistoryModel, when_text
from app.ui.main_window import MainWindow
from tests.conftest import make_meta
from tests.pg_server import BACKENDS, fresh_database_url
from tests.ui.conftest import make_window
from tests.ui.test_models import check_model

WHEN = dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.UTC)
KEY = "governing-law"
LAW = "These Terms are governed by the laws of England and Wales."


def test_versions_and_detail_changes_are_listed_newest_first_with_who_and_when(
    qtmodeltester: ModelTester,
) -> None:
    model = VersionHistoryModel()
    model.set_versions(
        [
            ClauseVersion(1, "old", "ann", "Created", WHEN),
            ClauseVersion(2, "new", "bob", "Narrowed", WHEN + dt.timedelta(hours=2)),
        ],
        [ClauseChange(WHEN + dt.timedelta(hours=1), "cy", "status: draft → approved")],
    )
    check_model(qtmodeltester, model)

    rows = [[model.index(r, c).data() for c in range(4)] for r in range(model.rowCount())]
    assert [r[0] for r in rows] == ["2", DETAILS_MARK, "1"]
    assert [r[2] for r in rows] == ["bob", "cy", "ann"]
    assert rows[1][3] == "status: draft → approved"
    assert rows[1][1] == when_text(WHEN + dt.timedelta(hours=1))
    assert model.version_at(1) is None and model.changes_at(1) is not None
    assert [v.number for v in model.versions()] == [2, 1]


def test_when_shows_the_time_of_day() -> None:
    local = WHEN.astimezone()
    assert when_text(WHEN) == f"{local.day} {local:%b %Y} {local:%H:%M}"


@pytest.fixture(params=BACKENDS)
def team(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[ClauseLibrary, str]]:
    for url in fresh_database_url(request.param, tmp_path):
        alice = ClauseLibrary(Database.open(url), user="alice")
        alice.create(make_meta(title="Governing Law", status=Status.DRAFT), LAW, key=KEY)
        yield alice, url
        alice.database.dispose()


def test_the_inspector_history_shows_the_audit_trail_of_a_team_library(
    qtbot: QtBot,
    team: tuple[ClauseLibrary, str],
    app_paths: AppPaths,
    settings_file: Path,
    answers: dict[str, object],
) -> None:
    alice, url = team
    bob = ClauseLibrary(Database.open(url), user="bob")
    try:
        bob.revise(KEY, LAW.replace("England and Wales", "Ireland"), "Moved to Dublin")
        bob.update_metadata(KEY, replace(bob.get(KEY).meta, status=Status.APPROVED))
    finally:
        bob.database.dispose()
    window = make_window(qtbot, alice, app_paths, settings_file)
    try:
        _show(qtbot, window)
        history = window.inspector.history
        authors = [history.index(r, 2).data() for r in range(history.rowCount())]
        kinds = [history.index(r, 0).data() for r in range(history.rowCount())]
        assert authors == ["bob", "bob", "alice"]
        assert kinds == [DETAILS_MARK, "2", "1"]
        assert "status: draft → approved" in history.index(0, 3).data()

        window.inspector.history_table.selectRow(0)
        assert "Details changed by bob" in window.inspector.compare_summary.text()
        assert "status: draft → approved" in window.inspector.redline.toPlainText()
        window.inspector.select_versions([2])
        assert "bob" in window.inspector.compare_summary.text()
        window.inspector.setCurrentIndex(1)
        window.inspector_dock.resize(520, 520)
        assert window.inspector_dock.grab().save("/tmp/inspector-history.png")
    finally:
        window.close()
        window.runner.shutdown()


def _show(qtbot: QtBot, window: MainWindow) -> None:
    with qtbot.waitSignal(window.clause_shown, timeout=10_000):
        window.library_panel.select_clause(KEY)
        window._show_in_inspector(KEY)
    window.runner.wait_until_idle()
