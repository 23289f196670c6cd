"""A questionnaire edited under an unchanged policy file: the verdict summaries and register
entries made under the old questionnaire are not shown; they are evaluated again, once."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import select

from osai_procure.loading import ContentLibrary
from osai_procure.paths import shipped_content_root
from osai_procure.register.impact import impact
from osai_procure.register.sync import (
    BundleFor,
    build_entry,
    content_digest,
    library_bundles,
    summariser,
    sync,
)
from osai_procure.store import Repository
from osai_procure.store.db import AssessmentRow
from osai_procure.store.register import RegisterStore
from tests.register.helpers import BUNDLES, Clock, at, stored_cases

POLICY = "osg_jp_public_procurement"
# The OSAID questionnaire asks for a listing of third-party data only when some training data
# is obtainable from third parties; the edit asks it of every system.
CONDITION = (
    "        show_if:\n"
    "          answer_contains: {question: training_data_classes, value: obtainable}\n"
    "        text:\n"
    "          ja: 第三者から入手可能な全てのトレーニングデータ"
)


@pytest.fixture
def edited(tmp_path: Path) -> BundleFor:
    """The shipped content with `third_party_data_listed`'s condition removed."""
    root = tmp_path / "content"
    shutil.copytree(shipped_content_root(), root)
    path = root / "questionnaires" / "osaid-1.0.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count(CONDITION) == 1
    path.write_text(text.replace(CONDITION, CONDITION.split("\n", 2)[2]), encoding="utf-8")
    return library_bundles(ContentLibrary.from_root(root))


def _digests(repo: Repository) -> set[str | None]:
    """The content digests the stored summaries were made under."""
    with repo.engine.connect() as connection:
        return set(connection.execute(select(AssessmentRow.verdicts_digest)).scalars())


def _matches(repo: Repository, bundle_for: BundleFor) -> bool:
    """Whether every register entry equals evaluating its revision under `bundle_for`."""
    store = RegisterStore(repo.engine)
    return all(
        store.entry(s.id) == build_entry(repo.get(s.id), bundle_for(s.policy_id))[0]
        for s in repo.list_assessments(limit=100)
    )


def test_an_edited_question_makes_the_stored_summaries_stale(
    database_url: str, edited: BundleFor
) -> None:
    """The policy's digest stays the same, the content digest does not: the next sync
    evaluates every revision under the edited questionnaire (a verdict flips), stores the new
    summaries, and a later sync reads them; undoing the edit evaluates them once more."""
    old, new = BUNDLES(POLICY), edited(POLICY)
    assert old is not None and new is not None
    assert old.policy.digest == new.policy.digest
    assert content_digest(old) != content_digest(new)
    repo = stored_cases(database_url, Clock(at("2026-03-01T09:00")), summarise=summariser(BUNDLES))
    assert sync(repo, BUNDLES).evaluated == 0
    store = RegisterStore(repo.engine)
    before = {s.id: store.entry(s.id) for s in repo.list_assessments(limit=100)}
    result = sync(repo, edited)
    assert (result.refreshed, result.evaluated) == (8, 8)
    assert _matches(repo, edited)
    assert _digests(repo) == {content_digest(new)}
    flipped = [i for i, e in before.items() if store.entry(i).osaid_verdict != e.osaid_verdict]
    assert flipped
    assert {before[i].osaid_verdict for i in flipped} == {"open_source_ai"}
    assert {store.entry(i).osaid_verdict for i in flipped} == {"insufficient_evidence"}
    assert sync(repo, edited).evaluated == 0
    assert sync(repo, BUNDLES).evaluated == 8
    assert _matches(repo, BUNDLES)
    repo.engine.dispose()


def test_a_revision_saved_under_the_edit_is_read_not_evaluated(
    database_url: str, edited: BundleFor
) -> None:
    """Summaries made as revisions are saved under the edited questionnaire carry its digest:
    the register reads them without evaluating."""
    repo = stored_cases(database_url, Clock(at("2026-03-01T09:00")), summarise=summariser(edited))
    assert sync(repo, edited).evaluated == 0
    assert _matches(repo, edited)
    repo.engine.dispose()


def test_impact_keeps_no_status_made_under_another_questionnaire(
    database_url: str, edited: BundleFor
) -> None:
    """Entries made under the old questionnaire are evaluated afresh by impact (their statuses
    are not reused), so the flips are the same as with no reuse at all."""
    repo = stored_cases(database_url, Clock(at("2026-03-01T09:00")))
    sync(repo, BUNDLES)
    candidate = edited(POLICY)
    assert candidate is not None
    incremental = impact(repo, candidate, edited, policy_ids=(POLICY,))
    full = impact(repo, candidate, edited, policy_ids=(POLICY,), incremental=False)
    assert incremental.flips == full.flips
    assert incremental.flips
    changed = {c.criterion for flip in incremental.flips for c in flip.criteria}
    assert changed
    repo.engine.dispose()
