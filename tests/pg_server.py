"""A throwaway PostgreSQL 15 cluster for tests: started once per test run, removed at exit.

PostgreSQL refuses to run as root, so when the tests run as root (as CI does) the cluster
lives in a temporary folder owned by the ``postgres`` user and ``initdb``/``pg_ctl`` run
through ``runuser -u postgres``. Authentication is ``trust`` on the loopback interface and
the cluster's own socket, so no password is involved. Each test gets a fresh database.

Without the PostgreSQL binaries the PostgreSQL tests are skipped with a visible reason, except
in CI (``CI=true``), where a missing server is a failure: CI must really run them.
"""

from __future__ import annotations

import atexit
import itertools
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Generator, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

PG_VERSION = "15"
ROOT_PREFIX = "clausewright-pg-"
OWNER_FILE = "owner.pid"
SUPERUSER = "postgres"
# One role must log in with a password, so that keyring, session and .pgpass lookups are
# really exercised; everyone else is trusted.
PASSWORD_ROLE = "keeper"
SERVER_SETTINGS = (
    # Durability is of no use in a throwaway cluster; skipping fsync keeps tests quick.
    "fsync=off",
    "synchronous_commit=off",
    "full_page_writes=off",
    "max_connections=60",
    "shared_buffers=64MB",
)


def pg_bin_dir() -> Path | None:
    """Where initdb and pg_ctl live: $CLAUSEWRIGHT_PG_BIN, Debian's layout, or the PATH."""
    candidates = [
        os.environ.get("CLAUSEWRIGHT_PG_BIN", ""),
        f"/usr/lib/postgresql/{PG_VERSION}/bin",
    ]
    for candidate in candidates:
        if candidate and (Path(candidate) / "initdb").is_file():
            return Path(candidate)
    found = shutil.which("initdb")
    return Path(found).parent if found else None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class PostgresServer:
    """One running cluster; ``url(name)`` addresses a database on it."""

    bin_dir: Path
    root: Path
    port: int
    as_postgres: bool
    owner_pid: int = field(default_factory=os.getpid)
    _counter: Iterator[int] = field(default_factory=lambda: itertools.count(1))

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @property
    def socket_dir(self) -> Path:
        return self.root / "socket"

    def _run(self, *args: str) -> subprocess.CompletedProcess[str]:
        command = [str(self.bin_dir / args[0]), *args[1:]]
        if self.as_postgres:
            command = ["runuser", "-u", SUPERUSER, "--", *command]
        return subprocess.run(command, capture_output=True, text=True, check=False, timeout=120)

    def start(self) -> None:
        (self.root / OWNER_FILE).write_text(str(self.owner_pid))
        self.socket_dir.mkdir()
        if self.as_postgres:
            shutil.chown(self.root, SUPERUSER, SUPERUSER)
            shutil.chown(self.socket_dir, SUPERUSER, SUPERUSER)
        init = self._run(
            "initdb", "-D", str(self.data_dir), "-U", SUPERUSER, "-A", "trust",
            "-E", "UTF8", "--locale=C", "--no-sync",
        )  # fmt: skip
        if init.returncode != 0:
            raise RuntimeError(f"initdb failed: {init.stderr or init.stdout}")
        hba = self.data_dir / "pg_hba.conf"
        rule = f"host all {PASSWORD_ROLE} 127.0.0.1/32 scram-sha-256\n"
        hba.write_text(rule + hba.read_text())
        options = " ".join(
            [f"-p {self.port}", "-c listen_addresses=127.0.0.1", f"-k {self.socket_dir}"]
            + [f"-c {s}" for s in SERVER_SETTINGS]
        )
        started = self._run(
            "pg_ctl", "-D", str(self.data_dir), "-l", str(self.root / "server.log"),
            "-o", options, "-w", "-t", "60", "start",
        )  # fmt: skip
        if started.returncode != 0:
            log = (self.root / "server.log").read_text(errors="replace")[-2000:]
            raise RuntimeError(f"pg_ctl start failed: {started.stderr}\n{log}")

    def stop(self) -> None:
        """Stop the cluster and delete its folder; only the process that started it does."""
        if os.getpid() != self.owner_pid:
            return
        if self.data_dir.exists():
            self._run("pg_ctl", "-D", str(self.data_dir), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.root, ignore_errors=True)

    def url(self, database: str = SUPERUSER) -> str:
        return f"postgresql+psycopg://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def admin(self, sql: str) -> None:
        """Run one statement as the superuser outside a transaction (e.g. CREATE DATABASE)."""
        import psycopg

        dsn = f"host=127.0.0.1 port={self.port} user={SUPERUSER} dbname={SUPERUSER}"
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute(sql)

    def password_role(self, password: str) -> str:
        """(Re)create the role that must give a password; returns its user name."""
        self.admin(f"DROP ROLE IF EXISTS {PASSWORD_ROLE}")
        self.admin(f"CREATE ROLE {PASSWORD_ROLE} LOGIN SUPERUSER PASSWORD '{password}'")
        return PASSWORD_ROLE

    def create_database(self) -> str:
        """A new empty database; returns its SQLAlchemy URL."""
        name = f"test_{os.getpid()}_{next(self._counter)}"
        self.admin(f'CREATE DATABASE "{name}" TEMPLATE template0')
        return self.url(name)

    def drop_database(self, url: str) -> None:
        name = url.rsplit("/", 1)[1]
        self.admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _remove_abandoned_clusters(bin_dir: Path, as_postgres: bool) -> None:
    """Stop and delete clusters left by test runs that were killed before their clean-up."""
    for root in Path(tempfile.gettempdir()).glob(f"{ROOT_PREFIX}*"):
        try:
            owner = int((root / OWNER_FILE).read_text())
        except (OSError, ValueError):
            continue
        if not _alive(owner):
            PostgresServer(bin_dir, root, 0, as_postgres, owner_pid=os.getpid()).stop()


_server: PostgresServer | None = None
_failure: str | None = None


def _start_server() -> PostgresServer:
    bin_dir = pg_bin_dir()
    if bin_dir is None:
        raise FileNotFoundError(
            f"PostgreSQL {PG_VERSION} binaries not found (install postgresql-{PG_VERSION} "
            "or set CLAUSEWRIGHT_PG_BIN)"
        )
    as_postgres = os.geteuid() == 0
    _remove_abandoned_clusters(bin_dir, as_postgres)
    # Not pytest's tmp_path: its parents are private to root, and postgres must reach the folder.
    root = Path(tempfile.mkdtemp(prefix=ROOT_PREFIX))
    server = PostgresServer(bin_dir, root, _free_port(), as_postgres)
    try:
        server.start()
    except BaseException:
        server.stop()
        raise
    return server


def postgres_server() -> PostgresServer:
    """The test run's cluster, started on first use; skips (or fails in CI) without one."""
    global _server, _failure  # noqa: PLW0603 - one cluster per test process, by design
    if _server is None and _failure is None:
        try:
            _server = _start_server()
            atexit.register(_server.stop)
        except (OSError, RuntimeError, subprocess.SubprocessError) as exc:
            _failure = str(exc)
    if _server is None:
        reason = f"no PostgreSQL server for the tests: {_failure}"
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(reason + " (CI must run the PostgreSQL tests)", pytrace=False)
        pytest.skip(reason)
    return _server


BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


def fresh_database_url(backend: str, tmp_path: Path) -> Generator[str, None, None]:
    """Yield the URL of a new, empty database on a backend and drop it afterwards.

    The conftest files of the test folders turn this into their ``backend_url`` fixture
    (parametrized over BACKENDS) and ``pg_url`` fixture.
    """
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'library.db'}"
        return
    server = postgres_server()
    url = server.create_database()
    try:
        yield url
    finally:
        server.drop_database(url)
