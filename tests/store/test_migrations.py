"""Schema migrations: the migrations build exactly what the models describe, on SQLite and
PostgreSQL; a database from before migrations is adopted with its data; a second start-up is
harmless."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, text

from osai_procure.models.answers import Answer, AssessmentInfo, SystemInfo
from osai_procure.store import PolicyStamp, Repository, make_engine
from osai_procure.store.db import MIGRATIONS, Base

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


FIRST_RELEASE = ("assessments", "history", "attachments", "exports")


def test_a_database_from_before_migrations_keeps_its_data(tmp_path: Path) -> None:
    """Tables made by create_all (the first release) are stamped, not recreated."""
    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    old = create_engine(url)
    Base.metadata.create_all(old, tables=[Base.metadata.tables[name] for name in FIRST_RELEASE])
    old.dispose()
    first = Repository(make_engine(url))
    record = first.create(INFO, POLICY, "山田", {"freedom_use": Answer(value="yes")})
    first.engine.dispose()
    # As if the old version had written it: drop the migration stamp and start again.
    raw = create_engine(url)
    with raw.begin() as connection:
        connection.execute(text("DROP TABLE alembic_version"))
        for table in reversed(Base.metadata.sorted_tables):
            if table.name not in FIRST_RELEASE:
                connection.execute(text(f"DROP TABLE {table.name}"))
    raw.dispose()
    again = Repository(make_engine(url))
    assert again.get(record.id).answers["freedom_use"].value == "yes"
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
