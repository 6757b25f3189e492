"""`clausewright copy-library` run as a user would: output, exit codes, the copied library."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.pg_server import fresh_database_url


@pytest.fixture
def pg_url(tmp_path: Path) -> Iterator[str]:
    yield from fresh_database_url("postgresql", tmp_path)


def run_cli(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {"CLAUSEWRIGHT_DATA_DIR": str(home), "PATH": "/usr/bin:/bin", "HOME": str(home)}
    return subprocess.run(
        [sys.executable, "-m", "app", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def _library_with_one_clause(tmp_path: Path) -> Path:
    from app.services.clause_library import ClauseLibrary
    from app.storage.database import Database
    from tests.conftest import make_meta

    database = Database.open(f"sqlite:///{tmp_path / 'local.db'}")
    ClauseLibrary(database, user="alice").create(make_meta(), "Governed by English law.")
    database.dispose()
    return tmp_path / "local.db"


@pytest.mark.postgres
def test_copy_library_to_a_server_then_again_changes_nothing(tmp_path: Path, pg_url: str) -> None:
    local = _library_with_one_clause(tmp_path)

    first = run_cli("copy-library", str(local), pg_url, home=tmp_path)
    assert first.returncode == 0, first.stderr
    assert "copied 1 clauses, 1 clause versions, 0 documents" in first.stdout
    again = run_cli("copy-library", str(local), pg_url, home=tmp_path)
    assert again.returncode == 0, again.stderr
    assert "already holds this library" in again.stdout

    found = run_cli("--db", pg_url, "library", "search", "English", home=tmp_path)
    assert found.returncode == 0 and "governing-law" in found.stdout


def test_copy_into_a_different_library_fails_with_one_line(tmp_path: Path) -> None:
    local = _library_with_one_clause(tmp_path)
    other = tmp_path / "other.db"
    from app.services.clause_library import ClauseLibrary
    from app.storage.database import Database
    from tests.conftest import make_meta

    database = Database.open(f"sqlite:///{other}")
    ClauseLibrary(database, user="bob").create(make_meta("Venue"), "Courts of Paris.")
    database.dispose()
    before = other.read_bytes()

    refused = run_cli("copy-library", str(local), str(other), home=tmp_path)

    assert refused.returncode == 1
    assert refused.stderr.count("\n") == 1 and "already holds other content" in refused.stderr
    assert other.read_bytes() == before
