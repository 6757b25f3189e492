"""Service tests run on both backends: a SQLite file and a throwaway PostgreSQL server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.pg_server import BACKENDS, fresh_database_url


@pytest.fixture(params=BACKENDS)
def backend_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty library database: a SQLite file, then a PostgreSQL database."""
    yield from fresh_database_url(request.param, tmp_path)


@pytest.fixture
def pg_url(tmp_path: Path) -> Iterator[str]:
    """An empty PostgreSQL database."""
    yield from fresh_database_url("postgresql", tmp_path)


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """Overrides the SQLite-only fixture of tests/conftest.py: every service test that uses
    ``database`` or ``library`` runs on SQLite and on PostgreSQL."""
    yield from fresh_database_url(request.param, tmp_path)
