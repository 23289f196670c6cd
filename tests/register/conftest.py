"""Register fixtures: every test runs on SQLite and on PostgreSQL (tests/postgres.py)."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The URL of an empty database: a SQLite file, then a PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'db' / 'test.sqlite3'}"
    url: str = request.getfixturevalue("postgres_url")
    return url
