"""Publishing the team playbook from the rules dialog runs on the window's background runner:
a server that takes its time (here: a colleague's transaction holding the playbook table
locked) never freezes the window, and the outcome arrives when the server answers."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from pytestqt.qtbot import QtBot
from sqlalchemy import Connection, create_engine, text

from app.files.rule_files import UserRules, parse_rule_text
from app.resources import resource_path
from app.services.clause_library import ClauseLibrary
from app.services.paths import AppPaths
from app.services.scanning import Scanning
from app.services.shared_playbook import TeamPlaybook
from app.storage.database import Database
from app.ui.main_window import MainWindow
from app.ui.rules_dialog import RulesDialog
from tests.pg_server import fresh_database_url
from tests.ui.conftest import make_window

pytestmark = pytest.mark.postgres

RULES = """
rules:
  - id: team.publicity
    category: non-compete
    severity: medium
    explanation: Our team reviews every publicity restriction.
    patterns: ['press release']
"""


@pytest.fixture
def team_url(tmp_path: Path) -> Iterator[str]:
    yield from fresh_database_url("postgresql", tmp_path)


@pytest.fixture
def pg_window(
    qtbot: QtBot,
    team_url: str,
    app_paths: AppPaths,
    settings_file: Path,
    answers: dict[str, object],
) -> Iterator[MainWindow]:
    library = ClauseLibrary(Database.open(team_url), user="alice")
    window = make_window(qtbot, library, app_paths, settings_file)
    yield window
    window.close()
    window.runner.shutdown()
    library.database.dispose()


@pytest.fixture
def table_held(team_url: str) -> Iterator[Connection]:
    """A colleague's open transaction holding the playbook table: every publish waits."""
    engine = create_engine(team_url)
    with engine.connect() as conn:
        conn.execute(text("LOCK TABLE playbook IN ACCESS EXCLUSIVE MODE"))
        yield conn
        conn.rollback()
    engine.dispose()


def _dialog(qtbot: QtBot, window: MainWindow, folder: Path) -> RulesDialog:
    user = parse_rule_text(RULES, "user_rules.yaml")
    scanning = Scanning.from_folders(resource_path("rules"), folder).with_user_rules(user)
    team = TeamPlaybook(window.library.database, user="alice")
    dialog = RulesDialog(scanning, folder, window, team=team)  # as the window creates it
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_a_slow_server_never_freezes_the_window_while_publishing(
    qtbot: QtBot, pg_window: MainWindow, table_held: Connection, tmp_path: Path
) -> None:
    dialog = _dialog(qtbot, pg_window, tmp_path / "rules")
    ticks: list[int] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(20)

    dialog.publish_button.click()

    assert dialog.team_status.text().startswith("Publishing your rules to the team…")
    assert not dialog.publish_button.isEnabled()
    assert pg_window.runner.is_busy()  # the window's runner does the work
    qtbot.wait(400)  # the server is still waiting for the lock...
    assert len(ticks) >= 5 and not dialog.publish_button.isEnabled()  # ...the GUI is not
    dialog.grab().save(str(tmp_path / "publishing.png"))

    with qtbot.waitSignal(dialog.publish_finished, timeout=10_000) as finished:
        table_held.rollback()  # the colleague's transaction ends
    timer.stop()
    assert finished.args[0] is True
    assert dialog.team_status.text().startswith("Published.")
    stored = TeamPlaybook(pg_window.library.database, user="bob").load()
    assert stored is not None and [r.id for r in stored.rules.rules] == ["team.publicity"]


def test_a_stale_publish_is_refused_with_the_conflict_message(
    qtbot: QtBot, pg_window: MainWindow, tmp_path: Path
) -> None:
    dialog = _dialog(qtbot, pg_window, tmp_path / "rules")
    TeamPlaybook(pg_window.library.database, user="bob").save(UserRules(), expected_lock=None)

    with qtbot.waitSignal(dialog.publish_finished, timeout=10_000) as finished:
        dialog.publish_button.click()

    assert finished.args[0] is False
    assert finished.args[1] == (
        "Not published: the team playbook was changed by bob since you opened it; nothing "
        "was overwritten. Close and reopen the rules to see theirs."
    )
    assert dialog.team_status.text().startswith(finished.args[1])
    assert dialog.publish_button.isEnabled()  # the user may try again after reopening
    kept = TeamPlaybook(pg_window.library.database, user="bob").load()
    assert kept is not None and kept.rules.rules == ()


def test_a_publish_that_ends_after_the_dialog_closed_is_told_in_the_status_bar(
    qtbot: QtBot, pg_window: MainWindow, table_held: Connection, tmp_path: Path
) -> None:
    dialog = _dialog(qtbot, pg_window, tmp_path / "rules")
    dialog.publish_button.click()
    dialog.reject()  # the user closes the dialog while the server waits

    with qtbot.waitSignal(dialog.publish_finished, timeout=10_000):
        table_held.rollback()

    message = pg_window.statusBar().currentMessage()
    assert message == "Published your rules as the team playbook."
