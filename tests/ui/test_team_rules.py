"""The team's playbook in the window: used for highlighting, published from the rules dialog."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.files.rule_files import UserRules, parse_rule_text
from app.resources import resource_path
from app.services.clause_library import ClauseLibrary
from app.services.paths import AppPaths
from app.services.scanning import Scanning
from app.services.shared_playbook import TeamPlaybook
from app.storage.database import Database
from app.ui.rules_dialog import ORIGIN, RulesDialog
from tests.conftest import make_meta
from tests.pg_server import BACKENDS, fresh_database_url
from tests.ui.conftest import make_window

KEY = "publicity"
PRESS = "Neither party shall issue a press release about this Agreement."
RULES = """
rules:
  - id: team.publicity
    category: non-compete
    severity: medium
    explanation: Our team reviews every publicity restriction.
    patterns: ['press release']
"""


def _rules() -> UserRules:
    return parse_rule_text(RULES, "user_rules.yaml")


@pytest.fixture(params=BACKENDS)
def team_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    yield from fresh_database_url(request.param, tmp_path)


@pytest.fixture
def alice(team_url: str) -> Iterator[ClauseLibrary]:
    library = ClauseLibrary(Database.open(team_url), user="alice")
    yield library
    library.database.dispose()


def test_the_window_highlights_with_the_rules_the_team_published(
    qtbot: QtBot,
    alice: ClauseLibrary,
    app_paths: AppPaths,
    settings_file: Path,
    answers: dict[str, object],
) -> None:
    alice.create(make_meta(title="Publicity"), PRESS, key=KEY)
    TeamPlaybook(alice.database, user="bob").save(_rules(), expected_lock=None)
    window = make_window(qtbot, alice, app_paths, settings_file)
    try:
        shown = window.statusBar().currentMessage()
        assert "Using the team playbook: 1 team rule, published by bob" in shown
        with qtbot.waitSignal(window.editor_opened, timeout=10_000):
            window.open_clause(KEY)
        window.runner.wait_until_idle()
        editor = window.workspace.current_editor()
        assert editor is not None
        assert "team.publicity" in {f.rule for f in editor.findings.findings()}
    finally:
        window.close()
        window.runner.shutdown()


def _dialog(qtbot: QtBot, folder: Path, team: TeamPlaybook, user: UserRules) -> RulesDialog:
    scanning = Scanning.from_folders(resource_path("rules"), folder).with_user_rules(user)
    dialog = RulesDialog(scanning, folder, team=team)
    qtbot.addWidget(dialog)
    return dialog


def test_publishing_makes_my_rules_the_teams_and_a_stale_publish_is_refused(
    qtbot: QtBot, alice: ClauseLibrary, tmp_path: Path
) -> None:
    dialog = _dialog(
        qtbot, tmp_path / "rules", TeamPlaybook(alice.database, user="alice"), _rules()
    )
    assert "No team playbook" in dialog.team_status.text()
    with qtbot.waitSignal(dialog.rules_saved) as saved:
        dialog.publish_to_team()
    bob = TeamPlaybook(alice.database, user="bob")
    published = bob.load()
    assert published is not None and [r.id for r in published.rules.rules] == ["team.publicity"]
    scanning: Scanning = saved.args[0]
    assert scanning.team is not None and "Team playbook in use" in dialog.team_status.text()
    row = dialog.model.row_of("team.publicity")
    assert dialog.model.index(row, ORIGIN).data() == "edited"  # mine, and the team's too

    bob.save(UserRules(), expected_lock=published.playbook.lock_version)  # bob publishes next
    with qtbot.waitSignal(dialog.publish_finished) as finished:
        dialog.publish_to_team()  # alice still holds the lock of her own publish

    assert finished.args[0] is False

    assert "Not published" in dialog.team_status.text() and "bob" in dialog.team_status.text()
    kept = bob.load()
    assert kept is not None and kept.rules.rules == ()


def test_team_rules_are_listed_with_their_origin(
    qtbot: QtBot, alice: ClauseLibrary, tmp_path: Path
) -> None:
    team = TeamPlaybook(alice.database, user="bob")
    team.save(_rules(), expected_lock=None)
    loaded = team.load()
    scanning = Scanning.from_folders(resource_path("rules"), tmp_path / "rules")
    dialog = RulesDialog(scanning.with_team_rules(loaded), tmp_path / "rules", team=team)
    qtbot.addWidget(dialog)
    row = dialog.model.row_of("team.publicity")
    assert row >= 0 and dialog.model.index(row, ORIGIN).data() == "team"
    assert "published by bob" in dialog.team_status.text()
    dialog.resize(1000, 700)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.grab().save("/tmp/rules-team.png")
