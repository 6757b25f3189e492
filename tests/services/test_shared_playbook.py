"""The team's detection rules in the library: published once, used by everyone."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from app.domain.errors import ConflictError, InvalidInputError
from app.files.rule_files import UserRules, parse_rule_text, rule_to_data
from app.services.library_transfer import copy_library
from app.services.shared_playbook import TeamPlaybook, rules_text
from app.storage.database import Database
from tests.conftest import FixedClock

RULES = """
terms:
  model: ['models?', 'AI']
disabled: [competitor-training.use-output]
rules:
  - id: team.no-benchmarks
    category: benchmarking
    severity: medium
    explanation: Our team flags every benchmarking restriction.
    patterns: ['benchmark']
"""


def _rules() -> UserRules:
    return parse_rule_text(RULES, "user_rules.yaml")


def _same(a: UserRules, b: UserRules) -> bool:
    data = [rule_to_data(r) for r in a.rules] == [rule_to_data(r) for r in b.rules]
    return data and a.disabled == b.disabled and a.terms == b.terms


def test_published_rules_read_back_exactly_for_another_user(database: Database) -> None:
    alice = TeamPlaybook(database, user="alice", clock=FixedClock())
    bob = TeamPlaybook(database, user="bob")
    assert bob.load() is None

    saved = alice.save(_rules(), expected_lock=None)

    found = bob.load()
    assert found is not None
    assert _same(found.rules, _rules())
    assert found.playbook == saved and saved.updated_by == "alice"


def test_a_stale_publish_is_refused_and_the_newer_rules_kept(database: Database) -> None:
    alice = TeamPlaybook(database, user="alice")
    bob = TeamPlaybook(database, user="bob")
    opened = alice.save(_rules(), expected_lock=None)
    bob_started = bob.load()
    assert bob_started is not None
    newer = UserRules(_rules().rules, frozenset(), _rules().terms)
    alice.save(newer, expected_lock=opened.lock_version)

    with pytest.raises(ConflictError, match="changed by alice"):
        bob.save(UserRules(), expected_lock=bob_started.playbook.lock_version)

    kept = bob.load()
    assert kept is not None and _same(kept.rules, newer)


def test_an_unreadable_stored_playbook_is_a_clear_error(database: Database) -> None:
    TeamPlaybook(database, user="alice").save(_rules(), expected_lock=None)
    with database.write() as session:
        session.execute(text("UPDATE playbook SET rules = 'rules: [{id: 1}]'"))
    with pytest.raises(InvalidInputError, match="team playbook cannot be used"):
        TeamPlaybook(database, user="bob").load()


def test_rules_text_is_a_valid_user_rule_file() -> None:
    assert _same(parse_rule_text(rules_text(_rules()), "again"), _rules())


@pytest.mark.postgres
def test_the_playbook_moves_with_the_library(tmp_path: Path, pg_url: str) -> None:
    local_url = f"sqlite:///{tmp_path / 'local.db'}"
    local = Database.open(local_url)
    TeamPlaybook(local, user="alice").save(_rules(), expected_lock=None)
    local.dispose()

    copy_library(local_url, pg_url)

    server = Database.open(pg_url)
    try:
        found = TeamPlaybook(server, user="bob").load()
    finally:
        server.dispose()
    assert found is not None and _same(found.rules, _rules())
