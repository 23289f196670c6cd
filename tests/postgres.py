"""A throwaway PostgreSQL server for the tests that check the shared-deployment database.

PostgreSQL is started from Debian's packages (`initdb`, `pg_ctl`) on a Unix socket in a
temporary directory, once per test session; each test gets a database of its own. Without
PostgreSQL (or psycopg) those tests skip with the reason, unless OSAI_REQUIRE_POSTGRES=1 (as in
CI) makes that a failure. The fixtures are registered in tests/conftest.py.
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

REQUIRE_ENV = "OSAI_REQUIRE_POSTGRES"


def _unavailable(reason: str) -> None:
    """Skip with the reason, unless the environment requires PostgreSQL (then fail)."""
    if os.environ.get(REQUIRE_ENV) == "1":
        pytest.fail(f"{reason}, and {REQUIRE_ENV}=1 requires the PostgreSQL tests to run")
    pytest.skip(reason)


def _program(name: str) -> Path | None:
    """A PostgreSQL server program: on PATH, else the newest Debian install."""
    found = shutil.which(name)
    if found:
        return Path(found)
    installed = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"))
    return installed[-1] if installed else None


def _free_port() -> int:
    """A free TCP port number (used only to name the server's socket)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """A throwaway PostgreSQL server; its URL with `{db}` where the database name goes."""
    initdb, pg_ctl = _program("initdb"), _program("pg_ctl")
    if initdb is None or pg_ctl is None:
        _unavailable("PostgreSQL (initdb, pg_ctl) is not installed")
    try:
        import psycopg  # noqa: F401 - only checking that the driver is there
    except ImportError:
        _unavailable("psycopg is not installed")
    assert initdb is not None and pg_ctl is not None
    base = Path(tempfile.mkdtemp(prefix="osai-pg-"))
    run_as: list[str] = []
    if os.geteuid() == 0:  # initdb refuses to run as root: use the packages' own user
        try:
            owner = pwd.getpwnam("postgres")
        except KeyError:
            _unavailable("running as root and there is no 'postgres' user for initdb")
        os.chown(base, owner.pw_uid, owner.pw_gid)
        run_as = ["runuser", "-u", "postgres", "--"]
    data, port = base / "data", _free_port()
    options = f"-k {base} -p {port} -c listen_addresses= -c fsync=off"
    try:
        subprocess.run(
            [*run_as, str(initdb), "-D", str(data), "-U", "osai", "--auth=trust", "-E", "UTF8"],
            check=True,
            capture_output=True,
        )
        start = ["-D", str(data), "-l", str(base / "log"), "-w", "-o", options, "start"]
        subprocess.run(
            [*run_as, str(pg_ctl), *start],
            check=True,
            capture_output=True,
        )
    except subprocess.CalledProcessError as exc:
        shutil.rmtree(base, ignore_errors=True)
        _unavailable(f"PostgreSQL did not start: {exc.stderr.decode(errors='replace')[-300:]}")
    try:
        yield f"postgresql+psycopg://osai@/{{db}}?host={base}&port={port}"
    finally:
        subprocess.run(
            [*run_as, str(pg_ctl), "-D", str(data), "-m", "immediate", "stop"],
            capture_output=True,
        )
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture
def postgres_url(postgres_server: str) -> Iterator[str]:
    """A fresh, empty PostgreSQL database for one test."""
    name = f"t_{uuid.uuid4().hex[:16]}"
    admin = create_engine(postgres_server.format(db="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    yield postgres_server.format(db=name)
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The URL of an empty database: a SQLite file, then a PostgreSQL database (for the test
    packages that run every test on both)."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'db' / 'test.sqlite3'}"
    url: str = request.getfixturevalue("postgres_url")
    return url
