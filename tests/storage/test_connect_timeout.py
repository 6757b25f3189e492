"""A PostgreSQL server that does not answer: every attempt ends within the connect timeout.

The "server" is a plain listening socket that accepts connections and never replies (as a
hung or firewalled server does), or a port nothing listens on. No PostgreSQL is needed.
"""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator

import pytest
from sqlalchemy import text

from app.__main__ import main
from app.domain.errors import StorageError
from app.services.team_connection import describe_server
from app.storage import team_server
from app.storage.credentials import ServerAddress
from app.storage.database import Database
from app.storage.engine import CONNECT_TIMEOUT_S, make_engine

pytest.importorskip("psycopg")

TIMEOUT_S = 2  # libpq's smallest: it counts anything under 2 seconds as 2
# Generous: the attempt must end near the timeout, not after the TCP timeout (minutes).
LIMIT_S = 8


@pytest.fixture
def silent_port() -> Iterator[int]:
    """A port that accepts connections and never says a word."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as server:
        server.bind(("127.0.0.1", 0))
        server.listen(8)
        yield int(server.getsockname()[1])


@pytest.fixture
def closed_port() -> int:
    """A port nothing listens on (bound once to find it, then released)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _url(port: int, query: str = "") -> str:
    return f"postgresql+psycopg://alice@127.0.0.1:{port}/library{query}"


def test_the_default_timeout_is_ten_seconds() -> None:
    assert CONNECT_TIMEOUT_S == 10


def test_an_engine_gives_up_on_a_silent_server_after_its_timeout(silent_port: int) -> None:
    engine = make_engine(_url(silent_port), connect_timeout=TIMEOUT_S)
    started = time.monotonic()
    with pytest.raises(Exception, match="timeout"), engine.connect() as conn:
        conn.execute(text("SELECT 1"))
    elapsed = time.monotonic() - started
    engine.dispose()
    assert TIMEOUT_S - 0.5 <= elapsed < LIMIT_S


def test_a_timeout_in_the_url_wins_over_the_default(silent_port: int) -> None:
    started = time.monotonic()
    with pytest.raises(StorageError) as refused:
        Database.open(_url(silent_port, f"?connect_timeout={TIMEOUT_S}"))
    assert time.monotonic() - started < LIMIT_S
    message = str(refused.value)
    assert message == "cannot open the library database: connection timeout expired"


def test_a_port_nothing_listens_on_is_one_clear_line(closed_port: int) -> None:
    with pytest.raises(StorageError) as refused:
        Database.open(_url(closed_port))
    message = str(refused.value)
    assert "\n" not in message
    assert "Connection refused. Is the server running" in message


@pytest.mark.parametrize("answers", [True, False], ids=["silent", "closed"])
def test_the_cli_says_in_one_line_that_the_server_did_not_answer(
    answers: bool,
    silent_port: int,
    closed_port: int,
    capsys: pytest.CaptureFixture[str],
) -> None:
    url = _url(silent_port if answers else closed_port, f"?connect_timeout={TIMEOUT_S}")
    started = time.monotonic()

    code = main(["--db", url, "documents"])

    assert code == 1 and time.monotonic() - started < LIMIT_S
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("clausewright: error: cannot open")
    assert ("timeout expired" if answers else "Connection refused") in lines[0]


def test_test_connection_on_a_silent_server_ends_within_its_timeout(
    silent_port: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(team_server, "CONNECT_TIMEOUT_S", TIMEOUT_S)
    address = ServerAddress("127.0.0.1", silent_port, "library", "alice")
    started = time.monotonic()
    with pytest.raises(StorageError) as refused:
        describe_server(address, "secret")
    assert time.monotonic() - started < LIMIT_S
    assert str(refused.value) == f"cannot connect to {address.account}: connection timeout expired"
