"""Fixtures of the detection tests: the shipped rules, compiled once."""

from __future__ import annotations

import pytest

from app.detection.scanner import Scanner
from app.files.rule_files import load_rule_folder
from app.resources import resource_path


@pytest.fixture(scope="session")
def shipped_scanner() -> Scanner:
    return Scanner(load_rule_folder(resource_path("rules")))
