"""Migrations for a running service: processes started together on one PostgreSQL database
migrate it once, under an advisory lock, and every one of them starts."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, text

from osai_procure.store import make_engine
from osai_procure.store.db import MIGRATIONS

# Each child waits for the start file, so all of them reach `make_engine` at the same moment.
CHILD = """
import json, os, sys, time
from pathlib import Path
from osai_procure.store.db import migrate
from sqlalchemy import create_engine
go = Path(sys.argv[2])
while not go.exists():
    time.sleep(0.005)
engine = create_engine(sys.argv[1])
result = migrate(engine)
print(json.dumps({"before": result.before, "after": result.after}))
"""


def _head() -> str:
    """The newest migration's revision id."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    head = ScriptDirectory.from_config(config).get_current_head()
    assert head is not None
    return head


def _start_together(url: str, count: int, tmp_path: Path) -> list[dict[str, str | None]]:
    """Start `count` processes that migrate `url` at once; their results, all exits checked."""
    go = tmp_path / "go"
    children = [
        subprocess.Popen(
            [sys.executable, "-c", CHILD, url, str(go)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for _ in range(count)
    ]
    time.sleep(1.5)  # let every interpreter import and wait at the start line
    go.touch()
    results = []
    for child in children:
        out, err = child.communicate(timeout=120)
        assert child.returncode == 0, err.decode(errors="replace")
        results.append(json.loads(out.decode().strip().splitlines()[-1]))
    return results


def test_three_processes_on_a_fresh_database_migrate_it_once(
    postgres_url: str, tmp_path: Path
) -> None:
    """Exactly one of three processes started together runs the migrations; the other two
    wait for it and find the newest revision; the schema is recorded once."""
    results = _start_together(postgres_url, 3, tmp_path)
    head = _head()
    assert sorted(results, key=lambda r: str(r["before"])) == [
        {"before": head, "after": head},
        {"before": head, "after": head},
        {"before": None, "after": head},
    ]
    engine = create_engine(postgres_url)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT version_num FROM alembic_version")).all() == [
            (head,)
        ]
    engine.dispose()


def test_processes_started_on_a_migrated_database_change_nothing(
    postgres_url: str, tmp_path: Path
) -> None:
    """On a database already at the newest revision, processes started together all start
    and none migrates."""
    make_engine(postgres_url).dispose()
    head = _head()
    results = _start_together(postgres_url, 3, tmp_path)
    assert results == [{"before": head, "after": head}] * 3
