"""Verdict summaries stored with each revision: made as it is saved, backfilled by a migration
for old rows, and read by the register instead of evaluating again."""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, delete, select, text

from osai_procure.models.answers import Answer, Evidence
from osai_procure.register.sync import build_entry, summarise, summariser, sync
from osai_procure.store import Repository, make_engine
from osai_procure.store.db import MIGRATIONS, AssessmentRow, RegisterFindingRow, RegisterRow
from osai_procure.store.register import RegisterStore
from tests.register.helpers import BUNDLES, Clock, approve, at, stored_cases


def _summaries(repo: Repository) -> dict[str, tuple[int | None, str | None, object]]:
    """Each revision's stored summary: the version it describes, its digest and its data."""
    a = AssessmentRow
    with repo.engine.connect() as connection:
        rows = connection.execute(select(a.id, a.verdicts_version, a.verdicts_digest, a.verdicts))
        return {row[0]: (row[1], row[2], row[3]) for row in rows}


def _expected(repo: Repository) -> dict[str, tuple[int | None, str | None, object]]:
    """What summarising each revision now gives."""
    out: dict[str, tuple[int | None, str | None, object]] = {}
    for summary in repo.list_assessments(limit=100):
        record = repo.get(summary.id)
        made = summarise(record, BUNDLES(record.policy.id))
        assert made is not None
        out[record.id] = (record.version, made[0], made[1])
    return out


def test_a_saved_revision_carries_its_summary_and_the_register_reads_it(
    database_url: str,
) -> None:
    """With the app's summariser, every save and sign-off stores the revision's summary; the
    register then fills its entries without evaluating anything."""
    repo = stored_cases(database_url, Clock(at("2026-03-01T09:00")), summarise=summariser(BUNDLES))
    first, second = (s.id for s in repo.list_assessments(limit=2))
    record = repo.get(second)
    cited = Answer(
        value="yes",
        evidence=(Evidence(url="https://example.org/licence"),),
        answered_at="2025-06-01",
    )
    repo.save_answers(second, {"release_licences_recorded": cited}, record.version, "担当")
    approve(repo, first)
    assert _summaries(repo) == _expected(repo)
    result = sync(repo, BUNDLES)
    assert (result.refreshed, result.evaluated) == (8, 0)
    entry = RegisterStore(repo.engine).entry(first)
    assert entry.status == "approved" and entry.approved_by == "承認 花子"
    # Entries made from the stored summaries equal those made by evaluating each revision.
    for summary in repo.list_assessments(limit=100):
        record = repo.get(summary.id)
        evaluated, _, _ = build_entry(record, BUNDLES(record.policy.id))
        assert RegisterStore(repo.engine).entry(record.id) == evaluated
    repo.engine.dispose()


def test_the_register_evaluates_a_revision_without_summary_once(database_url: str) -> None:
    """Rows saved without a summariser are evaluated by the first sync, which stores their
    summaries; after an edit only that revision is evaluated again."""
    repo = stored_cases(database_url, Clock(at("2026-03-01T09:00")))
    assert sync(repo, BUNDLES).evaluated == 8
    assert _summaries(repo) == _expected(repo)
    first = repo.list_assessments(limit=100)[0].id
    approve(repo, first)
    assert sync(repo, BUNDLES).evaluated == 1
    repo.engine.dispose()


def _alembic(url: str, action: str, target: str) -> None:
    """Run an alembic command on the database at `url`."""
    engine = create_engine(url)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        getattr(command, action)(config, target)
    engine.dispose()


def test_the_migration_backfills_old_rows(database_url: str) -> None:
    """A database from before summaries gets one for every revision on upgrade: copied from
    the register entry that describes its current version, else evaluated; the register then
    evaluates nothing."""
    repo = stored_cases(database_url, Clock(at("2026-03-01T09:00")))
    sync(repo, BUNDLES)
    ids = [s.id for s in repo.list_assessments(limit=100)]
    repo.engine.dispose()
    _alembic(database_url, "downgrade", "0003_history_chain")
    old = create_engine(database_url)
    with old.begin() as connection:
        # One entry describes an older version of its row; another row has no entry at all.
        connection.execute(
            text(
                "UPDATE register_entries SET source_version = source_version - 1 WHERE "
                "assessment_id = :i"
            ),
            {"i": ids[0]},
        )
        connection.execute(
            delete(RegisterFindingRow.__table__).where(
                RegisterFindingRow.__table__.c.assessment_id == ids[1]
            )
        )
        connection.execute(
            delete(RegisterRow.__table__).where(RegisterRow.__table__.c.assessment_id == ids[1])
        )
    old.dispose()
    upgraded = Repository(make_engine(database_url))
    assert _summaries(upgraded) == _expected(upgraded)
    assert sync(upgraded, BUNDLES).evaluated == 0
    upgraded.engine.dispose()
