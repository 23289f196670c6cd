"""Schema migrations: the migrations build exactly what the models describe, on SQLite and
PostgreSQL; a database from before migrations is adopted with its data; a second start-up is
harmless."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, text

from osai_procure.models.answers import AssessmentInfo, SystemInfo
from osai_procure.store import PolicyStamp, Repository, make_engine
from osai_procure.store.db import FIRST_REVISION, MIGRATIONS, Base

POLICY = PolicyStamp(id="osg_jp_public_procurement", version="1.0", digest="0" * 64)
INFO = AssessmentInfo(title="移行前の評価", system=SystemInfo(name="ExampleLM"))


def _head() -> str:
    """The newest migration's revision id."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    head = ScriptDirectory.from_config(config).get_current_head()
    assert head is not None
    return head


def test_migrations_build_what_the_models_describe(database_url: str) -> None:
    """No difference between the migrated schema and the models (a missing migration fails
    here), and the database records the newest revision."""
    engine = make_engine(database_url)
    with engine.connect() as connection:
        context = MigrationContext.configure(connection)
        assert compare_metadata(context, Base.metadata) == []
        assert context.get_current_revision() == _head()
    engine.dispose()


def test_a_database_from_before_migrations_keeps_its_data(tmp_path: Path) -> None:
    """Tables made by create_all (the first release) are stamped, not recreated, then upgraded."""
    from alembic import command
    from alembic.config import Config

    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    old = create_engine(url)
    # The first release's tables, as its create_all made them (the first migration's schema).
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with old.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, FIRST_REVISION)
        connection.execute(text("DROP TABLE alembic_version"))
        # A row the first release wrote.
        connection.execute(
            text(
                "INSERT INTO assessments VALUES ('a1', 'a1', NULL, 1, 't', '', 'p', '1', :d, "
                "'draft', 1, :info, :answers, 0, '[]', NULL, :at, 'x', :at, 'x')"
            ),
            {
                "d": "0" * 64,
                "info": INFO.model_dump_json(),
                "answers": '{"freedom_use": {"value": "yes"}}',
                "at": "2026-11-01 09:00:00.000000",
            },
        )
    old.dispose()
    again = Repository(make_engine(url))
    assert again.get("a1").answers["freedom_use"].value == "yes"
    with again.engine.connect() as connection:
        assert MigrationContext.configure(connection).get_current_revision() == _head()
    again.engine.dispose()


def test_starting_twice_changes_nothing(database_url: str) -> None:
    """A second engine on a migrated database neither fails nor touches the data."""
    first = Repository(make_engine(database_url))
    record = first.create(INFO, POLICY, "山田")
    second = Repository(make_engine(database_url))
    assert second.get(record.id).title == INFO.title
    first.engine.dispose()
    second.engine.dispose()
