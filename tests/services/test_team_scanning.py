"""The team's playbook in the highlighting rules: over the shipped rules, under the user's own."""

from __future__ import annotations

import pytest

from app.files.rule_files import UserRules, parse_rule_text
from app.resources import resource_path
from app.services.scanning import Scanning
from app.services.shared_playbook import TeamPlaybook, with_team_playbook
from app.storage.database import Database

PRESS = "Neither party shall issue a press release about this Agreement."
LAW = "This Agreement is governed by the laws of Texas."
LAW_RULE = "governing-law.choice-of-law"
TEAM_RULES = f"""
disabled: [{LAW_RULE}]
rules:
  - id: team.publicity
    category: non-compete
    severity: medium
    explanation: Our team reviews every publicity restriction.
    patterns: ['press release']
"""


@pytest.fixture
def shipped() -> Scanning:
    return Scanning.from_folders(resource_path("rules"))


def _rule_ids(scanning: Scanning, text: str) -> set[str]:
    return {f.rule for f in scanning.scan_text(text)}


def test_published_team_rules_are_used_by_everyone_who_opens_the_library(
    database: Database, shipped: Scanning
) -> None:
    TeamPlaybook(database, user="alice").save(
        parse_rule_text(TEAM_RULES, "team"), expected_lock=None
    )
    assert "team.publicity" not in _rule_ids(shipped, PRESS)
    assert LAW_RULE in _rule_ids(shipped, LAW)

    bobs = with_team_playbook(shipped, TeamPlaybook(database, user="bob"))

    assert bobs.team is not None and bobs.team.playbook.updated_by == "alice"
    assert "team.publicity" in _rule_ids(bobs, PRESS)
    assert LAW_RULE not in _rule_ids(bobs, LAW)  # the team switched it off
    assert bobs.team_rule_ids == {"team.publicity"}


def test_without_a_playbook_the_rules_are_unchanged(database: Database, shipped: Scanning) -> None:
    scanning = with_team_playbook(shipped, TeamPlaybook(database, user="bob"))
    assert scanning.team is None
    assert [r.id for r in scanning.rules.rules] == [r.id for r in shipped.rules.rules]


def test_the_users_own_rules_stay_over_the_teams_and_keep_them(
    database: Database, shipped: Scanning
) -> None:
    TeamPlaybook(database, user="alice").save(
        parse_rule_text(TEAM_RULES, "team"), expected_lock=None
    )
    team = with_team_playbook(shipped, TeamPlaybook(database, user="bob"))
    mine = parse_rule_text(
        "rules:\n  - id: team.publicity\n    category: non-compete\n    severity: low\n"
        "    explanation: Mine.\n    patterns: ['issue']\n",
        "user_rules.yaml",
    )
    scanning = team.with_user_rules(mine)
    [finding] = [f for f in scanning.scan_text(PRESS) if f.rule == "team.publicity"]
    assert finding.text == "issue"
    assert scanning.team is team.team
    assert scanning.with_team_rules(None).team is None
    assert UserRules() == shipped.user
